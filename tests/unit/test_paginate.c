/*
 * test_paginate.c: cutting a made-up galley into pages (paginate.h).
 * Slices are built by hand with heights in body pitches; a page holds
 * LINES lines of PITCH. No fonts: paginate reads only heights and flags.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "arena.h"
#include "block.h"
#include "doc.h"
#include "node.h"
#include "paginate.h"

#define PITCH (15 * 1024)                  /* 15 pt */
#define LINES 10                           /* lines per page */

static const Settings no_options;

/* --- building the galley --- */

static int
push(Doc *doc, Slice s)
{
    if (doc->n_slices == doc->cap_slices) {
        doc->cap_slices = doc->cap_slices ? doc->cap_slices * 2 : 16;
        doc->slices = xrealloc(doc->slices, (size_t)doc->cap_slices * sizeof(Slice));
    }
    doc->slices[doc->n_slices] = s;
    return doc->n_slices++;
}

static int
line(Doc *doc)
{
    return push(doc, (Slice){.kind = SLICE_LINE, .height = PITCH, .on_grid = 1, .header = -1});
}

static int
lines(Doc *doc, int n)
{
    int first = doc->n_slices;
    for (int i = 0; i < n; i++)
        line(doc);
    return first;
}

/* A paragraph of n lines with block.c's keeps: the first line and the
 * second-to-last keep with the next. Returns its first slice. */
static int
paragraph(Doc *doc, int n)
{
    int first = doc->n_slices;
    for (int i = 0; i < n; i++) {
        int s = line(doc);
        doc->slices[s].keep_with_next = n >= 2 && (i == 0 || i == n - 2);
    }
    return first;
}

static int
gap(Doc *doc, Unit h, bool discardable, bool on_grid)
{
    return push(doc, (Slice){.kind = SLICE_GAP, .height = h, .gap_discardable = discardable,
                             .on_grid = on_grid, .header = -1});
}

static int
heading(Doc *doc, int level, int n_pitches)
{
    Node *h = node_make(doc, NODE_HEADING, (SrcPos){(uint32_t)doc->n_slices + 1, 1});
    h->u.heading.level = level;
    return push(doc, (Slice){.kind = SLICE_BLOCK, .height = n_pitches * PITCH, .on_grid = 1,
                             .keep_with_next = 1, .header = -1, .node = h, .heading = h});
}

static int
row(Doc *doc, int header)
{
    return push(doc, (Slice){.kind = SLICE_ROW, .height = PITCH, .on_grid = 1,
                             .keep_with_next = header < 0, .header = header});
}

/* --- reading the pages --- */

/* The page (0-based) holding slice s and its y; -1 if not placed. */
static int
page_of(const Doc *doc, int s, Unit *y)
{
    for (int p = 0; p < doc->n_pages; p++)
        for (int j = 0; j < doc->pages[p].n; j++)
            if (doc->pages[p].placed[j].slice == s) {
                if (y)
                    *y = doc->pages[p].placed[j].y;
                return p;
            }
    return -1;
}

/* Page p holds exactly the slices want[0..n) at y = ys[k] pitches. */
static void
check_page(const Doc *doc, int p, const int *want, const int *ys, int n)
{
    assert_true(p < doc->n_pages);
    const Page *pg = &doc->pages[p];
    if (pg->n != n)
        fail_msg("page %d has %d slices, want %d", p + 1, pg->n, n);
    for (int k = 0; k < n; k++) {
        if (pg->placed[k].slice != want[k])
            fail_msg("page %d, place %d: slice %d, want %d", p + 1, k, pg->placed[k].slice,
                     want[k]);
        if (ys && pg->placed[k].y != ys[k] * PITCH)
            fail_msg("page %d, slice %d: y = %d, want %d", p + 1, want[k], pg->placed[k].y,
                     ys[k] * PITCH);
    }
}

/* Slices [first, first + n) on page p at y = 0, 1, ... pitches from y0. */
static void
check_run(const Doc *doc, int p, int first, int n, int y0)
{
    int want[64], ys[64];
    for (int k = 0; k < n; k++) {
        want[k] = first + k;
        ys[k] = y0 + k;
    }
    check_page(doc, p, want, ys, n);
}

/* Nothing on a page ends with a keep_with_next slice, except the last page. */
static void
check_no_keep_at_foot(const Doc *doc)
{
    for (int p = 0; p + 1 < doc->n_pages; p++) {
        const Page *pg = &doc->pages[p];
        assert_true(pg->n > 0);
        const Slice *last = &doc->slices[pg->placed[pg->n - 1].slice];
        if (last->keep_with_next)
            fail_msg("page %d ends with keep_with_next slice %d", p + 1,
                     pg->placed[pg->n - 1].slice);
    }
}

/* --- tests --- */

static void
test_plain_lines(void **state)
{
    (void)state;
    Doc *doc = doc_new(&no_options, "test.md");
    lines(doc, 25);
    paginate_document(doc, PITCH, LINES, false);
    assert_int_equal(doc->n_pages, 3);
    check_run(doc, 0, 0, 10, 0);
    check_run(doc, 1, 10, 10, 0);
    check_run(doc, 2, 20, 5, 0);
    for (int p = 0; p < 3; p++) {
        assert_int_equal(doc->pages[p].number, p + 1);
        assert_false(doc->pages[p].title_page);
        assert_null(doc->pages[p].section);
    }
    assert_int_equal(doc->n_warnings, 0);
    doc_free(doc);
}

static void
test_exact_fill_and_empty(void **state)
{
    (void)state;
    Doc *doc = doc_new(&no_options, "test.md");
    lines(doc, 20);                        /* exactly two pages, no third */
    paginate_document(doc, PITCH, LINES, false);
    assert_int_equal(doc->n_pages, 2);
    check_run(doc, 1, 10, 10, 0);
    doc_free(doc);

    doc = doc_new(&no_options, "test.md");
    paginate_document(doc, PITCH, LINES, true);   /* an empty galley: one empty page */
    assert_int_equal(doc->n_pages, 1);
    assert_int_equal(doc->pages[0].n, 0);
    assert_true(doc->pages[0].title_page);
    doc_free(doc);
}

static void
test_heading_never_ends_page(void **state)
{
    (void)state;
    Doc *doc = doc_new(&no_options, "test.md");
    lines(doc, 8);                         /* 0-7 */
    int h = heading(doc, 2, 2);            /* fits at 8-10, its text would not */
    int body = paragraph(doc, 3);
    paginate_document(doc, PITCH, LINES, false);
    assert_int_equal(doc->n_pages, 2);
    check_run(doc, 0, 0, 8, 0);
    const int want[] = {h, body, body + 1, body + 2};
    const int ys[] = {0, 2, 3, 4};
    check_page(doc, 1, want, ys, 4);
    check_no_keep_at_foot(doc);
    doc_free(doc);

    /* block.c's shape: a discardable gap above the heading stays behind */
    doc = doc_new(&no_options, "test.md");
    lines(doc, 7);                         /* 0-6 */
    int g = gap(doc, PITCH, true, true);   /* 7 */
    h = heading(doc, 3, 2);                /* 8, at 8-10 */
    body = paragraph(doc, 2);
    paginate_document(doc, PITCH, LINES, false);
    assert_int_equal(doc->n_pages, 2);
    Unit y;
    assert_int_equal(page_of(doc, g, &y), 0);
    assert_int_equal(y, 7 * PITCH);
    assert_int_equal(page_of(doc, h, &y), 1);
    assert_int_equal(y, 0);
    check_no_keep_at_foot(doc);
    doc_free(doc);
}

static void
test_heading_chain_keeps(void **state)
{
    (void)state;
    /* h1 + h2 + first line, all keep: the three move together */
    Doc *doc = doc_new(&no_options, "test.md");
    lines(doc, 6);                         /* 0-5 */
    int h1 = heading(doc, 1, 1);           /* 6 */
    int h2 = heading(doc, 2, 2);           /* 7-8 */
    int body = paragraph(doc, 4);          /* first at 9, second would be at 10 */
    paginate_document(doc, PITCH, LINES, false);
    assert_int_equal(doc->n_pages, 2);
    check_run(doc, 0, 0, 6, 0);
    const int want[] = {h1, h2, body, body + 1, body + 2, body + 3};
    const int ys[] = {0, 1, 3, 4, 5, 6};
    check_page(doc, 1, want, ys, 6);
    check_no_keep_at_foot(doc);
    doc_free(doc);
}

static void
test_heading_run_keeps(void **state)
{
    (void)state;
    /* block.c's shape of an h2 followed by an h3: the h3's space above it
     * sits between them; the run and its text move together */
    Doc *doc = doc_new(&no_options, "test.md");
    lines(doc, 6);                         /* 0-5 */
    int h2 = heading(doc, 2, 2);           /* 6-7 */
    int g = gap(doc, PITCH, true, true);   /* 8 */
    int h3 = heading(doc, 3, 1);           /* 9 */
    int body = paragraph(doc, 3);          /* would start at 10: no room */
    paginate_document(doc, PITCH, LINES, false);
    assert_int_equal(doc->n_pages, 2);
    check_run(doc, 0, 0, 6, 0);
    const int want[] = {h2, g, h3, body, body + 1, body + 2};
    const int ys[] = {0, 2, 3, 4, 5, 6};
    check_page(doc, 1, want, ys, 6);
    check_no_keep_at_foot(doc);
    doc_free(doc);

    /* h2 h3 h4 with gaps between: the whole run moves */
    doc = doc_new(&no_options, "test.md");
    lines(doc, 4);                         /* 0-3 */
    h2 = heading(doc, 2, 2);               /* 4-5 */
    gap(doc, PITCH, true, true);           /* 6 */
    h3 = heading(doc, 3, 1);               /* 7 */
    gap(doc, PITCH, true, true);           /* 8 */
    int h4 = heading(doc, 4, 1);           /* 9 */
    body = paragraph(doc, 2);
    paginate_document(doc, PITCH, LINES, false);
    assert_int_equal(doc->n_pages, 2);
    check_run(doc, 0, 0, 4, 0);
    assert_int_equal(page_of(doc, h2, NULL), 1);
    assert_int_equal(page_of(doc, h3, NULL), 1);
    assert_int_equal(page_of(doc, h4, NULL), 1);
    assert_int_equal(page_of(doc, body + 1, NULL), 1);
    doc_free(doc);
}

static void
test_heading_run_two_lines(void **state)
{
    (void)state;
    /* one-line paragraphs (or list items) have no keeps of their own: the
     * heading still takes two lines of its text along */
    Doc *doc = doc_new(&no_options, "test.md");
    lines(doc, 8);                         /* 0-7 */
    int h = heading(doc, 2, 1);            /* 8 */
    int a = line(doc);                     /* 9 */
    int b = line(doc);                     /* would be at 10 */
    lines(doc, 2);
    paginate_document(doc, PITCH, LINES, false);
    assert_int_equal(doc->n_pages, 2);
    check_run(doc, 0, 0, 8, 0);
    const int want[] = {h, a, b, b + 1, b + 2};
    const int ys[] = {0, 1, 2, 3, 4};
    check_page(doc, 1, want, ys, 5);
    doc_free(doc);

    /* a text of one line, then the next heading: the page may end after it */
    doc = doc_new(&no_options, "test.md");
    lines(doc, 7);                         /* 0-6 */
    h = heading(doc, 2, 2);                /* 7-8 */
    a = line(doc);                         /* 9 */
    int h2 = heading(doc, 2, 2);           /* would be at 10-11 */
    lines(doc, 3);
    paginate_document(doc, PITCH, LINES, false);
    assert_int_equal(doc->n_pages, 2);
    Unit y;
    assert_int_equal(page_of(doc, h, NULL), 0);
    assert_int_equal(page_of(doc, a, &y), 0);
    assert_int_equal(y, 9 * PITCH);
    assert_int_equal(page_of(doc, h2, &y), 1);
    assert_int_equal(y, 0);
    doc_free(doc);
}

static void
test_section_end_not_one_line(void **state)
{
    (void)state;
    /* the last one-line item of a section would open the next page alone
     * before the next heading: the line before it goes along */
    Doc *doc = doc_new(&no_options, "test.md");
    lines(doc, 11);                        /* 0-10: 10 fills page 1 */
    int h = heading(doc, 2, 1);
    int body = lines(doc, 2);
    paginate_document(doc, PITCH, LINES, false);
    assert_int_equal(doc->n_pages, 2);
    check_run(doc, 0, 0, 9, 0);
    const int want[] = {9, 10, h, body, body + 1};
    const int ys[] = {0, 1, 2, 3, 4};
    check_page(doc, 1, want, ys, 5);
    doc_free(doc);

    /* also before a forced break and at the end of the document */
    doc = doc_new(&no_options, "test.md");
    lines(doc, 11);
    int forced = line(doc);
    doc->slices[forced].break_before = 1;
    paginate_document(doc, PITCH, LINES, false);
    assert_int_equal(doc->n_pages, 3);
    check_run(doc, 0, 0, 9, 0);
    check_run(doc, 1, 9, 2, 0);
    doc_free(doc);

    doc = doc_new(&no_options, "test.md");
    lines(doc, 11);
    paginate_document(doc, PITCH, LINES, false);
    assert_int_equal(doc->n_pages, 2);
    check_run(doc, 1, 9, 2, 0);
    doc_free(doc);

    /* two lines ending the section on the next page are fine */
    doc = doc_new(&no_options, "test.md");
    lines(doc, 12);
    heading(doc, 2, 1);
    paginate_document(doc, PITCH, LINES, false);
    check_run(doc, 0, 0, 10, 0);
    doc_free(doc);
}

static void
test_orphans_and_widows(void **state)
{
    (void)state;
    /* a paragraph's first line is not left alone at the foot */
    Doc *doc = doc_new(&no_options, "test.md");
    paragraph(doc, 9);                     /* 0-8 */
    int b = paragraph(doc, 4);             /* 9-12: first line would sit at 9 */
    paginate_document(doc, PITCH, LINES, false);
    assert_int_equal(doc->n_pages, 2);
    check_run(doc, 0, 0, 9, 0);
    check_run(doc, 1, b, 4, 0);
    check_no_keep_at_foot(doc);
    doc_free(doc);

    /* nor its last line alone at the head of the next page */
    doc = doc_new(&no_options, "test.md");
    paragraph(doc, 7);                     /* 0-6 */
    b = paragraph(doc, 4);                 /* 7-10 */
    paginate_document(doc, PITCH, LINES, false);
    assert_int_equal(doc->n_pages, 2);
    check_run(doc, 0, 0, 9, 0);            /* 7 lines + 2 of the second paragraph */
    check_run(doc, 1, b + 2, 2, 0);
    check_no_keep_at_foot(doc);
    doc_free(doc);
}

static void
test_keeps_never_empty_a_page(void **state)
{
    (void)state;
    /* every slice keeps with the next: the page is filled anyway */
    Doc *doc = doc_new(&no_options, "test.md");
    for (int i = 0; i < 15; i++) {
        int s = line(doc);                 /* may move doc->slices */
        doc->slices[s].keep_with_next = 1;
    }
    paginate_document(doc, PITCH, LINES, false);
    assert_int_equal(doc->n_pages, 2);
    check_run(doc, 0, 0, 10, 0);
    check_run(doc, 1, 10, 5, 0);
    doc_free(doc);
}

static void
test_gaps(void **state)
{
    (void)state;
    /* a discardable gap at a page top is dropped */
    Doc *doc = doc_new(&no_options, "test.md");
    lines(doc, 10);
    int g = gap(doc, PITCH / 2, true, false);
    int after = lines(doc, 2);
    paginate_document(doc, PITCH, LINES, false);
    assert_int_equal(doc->n_pages, 2);
    check_run(doc, 0, 0, 10, 0);
    check_run(doc, 1, after, 2, 0);
    assert_int_equal(page_of(doc, g, NULL), -1);
    doc_free(doc);

    /* also after a forced break */
    doc = doc_new(&no_options, "test.md");
    lines(doc, 2);
    g = gap(doc, PITCH, true, true);
    doc->slices[g].break_before = 1;
    after = line(doc);
    paginate_document(doc, PITCH, LINES, false);
    assert_int_equal(doc->n_pages, 2);
    assert_int_equal(page_of(doc, g, NULL), -1);
    check_run(doc, 1, after, 1, 0);
    doc_free(doc);

    /* a gap that is not discardable stays at the top */
    doc = doc_new(&no_options, "test.md");
    lines(doc, 10);
    g = gap(doc, PITCH, false, true);
    after = line(doc);
    paginate_document(doc, PITCH, LINES, false);
    assert_int_equal(doc->n_pages, 2);
    const int want[] = {g, after};
    const int ys[] = {0, 1};
    check_page(doc, 1, want, ys, 2);
    doc_free(doc);

    /* mid-page, an off-grid gap pushes the next line to the next pitch */
    doc = doc_new(&no_options, "test.md");
    lines(doc, 3);
    g = gap(doc, PITCH / 3, true, false);
    after = line(doc);
    paginate_document(doc, PITCH, LINES, false);
    Unit y;
    assert_int_equal(page_of(doc, g, &y), 0);
    assert_int_equal(y, 3 * PITCH);
    assert_int_equal(page_of(doc, after, &y), 0);
    assert_int_equal(y, 4 * PITCH);
    doc_free(doc);
}

static void
test_break_before(void **state)
{
    (void)state;
    Doc *doc = doc_new(&no_options, "test.md");
    int first = line(doc);
    doc->slices[first].break_before = 1;   /* on the first slice: no empty page */
    lines(doc, 2);
    int forced = line(doc);
    doc->slices[forced].break_before = 1;
    lines(doc, 2);
    paginate_document(doc, PITCH, LINES, false);
    assert_int_equal(doc->n_pages, 2);
    check_run(doc, 0, 0, 3, 0);
    check_run(doc, 1, forced, 3, 0);
    doc_free(doc);
}

static void
test_table_header_repeated(void **state)
{
    (void)state;
    Doc *doc = doc_new(&no_options, "test.md");
    lines(doc, 7);                         /* 0-6 */
    int hdr = row(doc, -1);                /* 7 */
    int r0 = doc->n_slices;
    for (int i = 0; i < 20; i++)
        row(doc, hdr);                     /* 8-27 */
    paginate_document(doc, PITCH, LINES, false);
    /* page 1: header + 2 rows; pages 2 and 3: header again + 9 rows */
    assert_int_equal(doc->n_pages, 3);
    Unit y;
    assert_int_equal(page_of(doc, hdr, &y), 0);
    assert_int_equal(y, 7 * PITCH);
    for (int p = 1; p < 3; p++) {
        int from = r0 + 2 + (p - 1) * 9;   /* rows from..from+8 under the header */
        int want[10] = {hdr}, ys[10] = {0};
        for (int k = 1; k < 10; k++) {
            want[k] = from + k - 1;
            ys[k] = k;
        }
        check_page(doc, p, want, ys, 10);
    }
    /* every row is placed exactly once */
    for (int s = r0; s < doc->n_slices; s++)
        assert_int_not_equal(page_of(doc, s, NULL), -1);
    doc_free(doc);
}

static void
test_table_header_at_foot_moves(void **state)
{
    (void)state;
    /* the header row fits at the foot, its first row does not: both move,
     * and the header is not placed twice on the new page */
    Doc *doc = doc_new(&no_options, "test.md");
    lines(doc, 9);                         /* 0-8 */
    int hdr = row(doc, -1);                /* 9 */
    int r = row(doc, hdr);                 /* 10 */
    row(doc, hdr);                         /* 11 */
    paginate_document(doc, PITCH, LINES, false);
    assert_int_equal(doc->n_pages, 2);
    check_run(doc, 0, 0, 9, 0);
    const int want[] = {hdr, r, r + 1};
    const int ys[] = {0, 1, 2};
    check_page(doc, 1, want, ys, 3);
    doc_free(doc);
}

static void
test_taller_than_page(void **state)
{
    (void)state;
    Doc *doc = doc_new(&no_options, "test.md");
    lines(doc, 3);
    int tall = push(doc, (Slice){.kind = SLICE_BLOCK, .height = (LINES + 2) * PITCH,
                                 .on_grid = 1, .header = -1});
    int after = lines(doc, 2);
    paginate_document(doc, PITCH, LINES, false);
    assert_int_equal(doc->n_pages, 3);
    check_run(doc, 0, 0, 3, 0);
    const int want[] = {tall};
    const int ys[] = {0};
    check_page(doc, 1, want, ys, 1);
    check_run(doc, 2, after, 2, 0);
    assert_int_equal(doc->n_warnings, 1);
    assert_int_equal(doc->n_errors, 0);
    doc_free(doc);

    /* exactly a page tall is no overflow */
    doc = doc_new(&no_options, "test.md");
    push(doc, (Slice){.kind = SLICE_BLOCK, .height = LINES * PITCH, .on_grid = 1, .header = -1});
    line(doc);
    paginate_document(doc, PITCH, LINES, false);
    assert_int_equal(doc->n_pages, 2);
    assert_int_equal(doc->n_warnings, 0);
    doc_free(doc);
}

static void
test_sections(void **state)
{
    (void)state;
    Doc *doc = doc_new(&no_options, "test.md");
    lines(doc, 2);                         /* page 1: no heading before it */
    lines(doc, 8);
    int a = heading(doc, 2, 1);            /* page 2 */
    lines(doc, 2);
    int b = heading(doc, 1, 1);            /* page 2, second */
    lines(doc, 5);
    lines(doc, 10);                        /* page 3: none */
    int c = heading(doc, 3, 1);            /* page 4: level 3 only */
    lines(doc, 9);
    lines(doc, 3);                         /* page 5 */
    int d = heading(doc, 2, 1);
    lines(doc, 1);
    paginate_document(doc, PITCH, LINES, true);
    assert_int_equal(doc->n_pages, 5);
    assert_int_equal(page_of(doc, a, NULL), 1);
    assert_int_equal(page_of(doc, b, NULL), 1);
    assert_int_equal(page_of(doc, c, NULL), 3);
    assert_int_equal(page_of(doc, d, NULL), 4);
    const Page *pg = doc->pages;
    assert_null(pg[0].section);
    assert_ptr_equal(pg[1].section, doc->slices[a].heading);   /* the first on the page */
    assert_ptr_equal(pg[2].section, doc->slices[b].heading);   /* carried over: the last */
    assert_ptr_equal(pg[3].section, doc->slices[b].heading);   /* level 3 is no section */
    assert_ptr_equal(pg[4].section, doc->slices[d].heading);
    /* the chapter ({chapter}): the first h1 on the page, else the last before */
    assert_null(pg[0].chapter);
    assert_ptr_equal(pg[1].chapter, doc->slices[b].heading);
    for (int p = 2; p < 5; p++)
        assert_ptr_equal(pg[p].chapter, doc->slices[b].heading);
    /* title_page flags page 1 only */
    assert_true(pg[0].title_page);
    for (int p = 1; p < 5; p++)
        assert_false(pg[p].title_page);
    doc_free(doc);
}

/* A slice restarting the labels with a prefix (the appendix's heading,
 * block.c): its pages and the ones after are the appendix's ({pages} and
 * the header.appendix templates, furniture.c). */
static void
test_appendix_pages(void **state)
{
    (void)state;
    Doc *doc = doc_new(&no_options, "test.md");
    lines(doc, 12);                        /* pages 1-2 */
    int a = heading(doc, 1, 1);
    doc->slices[a].break_before = 1;
    block_extra(doc, &doc->slices[a])->label_prefix = "A-";
    lines(doc, 12);                        /* pages 3-4 */
    paginate_document(doc, PITCH, LINES, false);
    assert_int_equal(doc->n_pages, 4);
    const char *labels[] = {"1", "2", "A-1", "A-2"};
    for (int p = 0; p < 4; p++) {
        assert_int_equal(doc->pages[p].appendix, p >= 2);
        assert_string_equal(doc->pages[p].label, labels[p]);
    }
    assert_ptr_equal(doc->pages[3].chapter, doc->slices[a].heading);
    doc_free(doc);
}

static void
test_section_of_moved_heading(void **state)
{
    (void)state;
    /* a heading moved by its keep counts for the page it lands on */
    Doc *doc = doc_new(&no_options, "test.md");
    int a = heading(doc, 2, 1);
    lines(doc, 8);
    int b = heading(doc, 2, 1);            /* at 9, moves to page 2 */
    lines(doc, 2);
    paginate_document(doc, PITCH, LINES, false);
    assert_int_equal(doc->n_pages, 2);
    assert_int_equal(page_of(doc, b, NULL), 1);
    assert_ptr_equal(doc->pages[0].section, doc->slices[a].heading);
    assert_ptr_equal(doc->pages[1].section, doc->slices[b].heading);
    assert_false(doc->pages[0].title_page);
    doc_free(doc);
}

/* --- columns (段組) --- */

/* A galley paginated in `cols` columns (doc->geom.columns). */
static void
paginate_cols(Doc *doc, int cols)
{
    doc->geom.columns = cols;
    paginate_document(doc, PITCH, LINES, false);
}

/* Slice s is on page p in column col at y pitches. */
static void
check_at(const Doc *doc, int s, int p, int col, int y)
{
    for (int q = 0; q < doc->n_pages; q++)
        for (int j = 0; j < doc->pages[q].n; j++) {
            const Placed *pl = &doc->pages[q].placed[j];
            if (pl->slice != s)
                continue;
            if (q != p || pl->col != col || pl->y != y * PITCH)
                fail_msg("slice %d is on page %d, column %d, y %d pitches; want page %d, "
                         "column %d, y %d", s, q + 1, pl->col, pl->y / PITCH, p + 1, col, y);
            return;
        }
    fail_msg("slice %d is not placed", s);
}

/* Lines fill the first column, then the second from the same top, then
 * the next page; the last page's columns are balanced (the first as
 * short as leaves the second no longer). */
static void
test_columns_fill(void **state)
{
    (void)state;
    Doc *doc = doc_new(&no_options, "test.md");
    lines(doc, 25);
    paginate_cols(doc, 2);
    assert_int_equal(doc->n_pages, 2);
    for (int i = 0; i < 10; i++) {
        check_at(doc, i, 0, 0, i);
        check_at(doc, 10 + i, 0, 1, i);
    }
    for (int i = 20; i < 23; i++)
        check_at(doc, i, 1, 0, i - 20);
    check_at(doc, 23, 1, 1, 0);
    check_at(doc, 24, 1, 1, 1);
    doc_free(doc);

    /* a forced break balances the page before it; a paragraph is split
     * only where a column may end (not before its last line alone) */
    doc = doc_new(&no_options, "test.md");
    int par = paragraph(doc, 5);
    int next = line(doc);
    doc->slices[next].break_before = 1;
    paginate_cols(doc, 2);
    assert_int_equal(doc->n_pages, 2);
    check_at(doc, par, 0, 0, 0);
    check_at(doc, par + 2, 0, 0, 2);
    check_at(doc, par + 3, 0, 1, 0);
    check_at(doc, par + 4, 0, 1, 1);
    check_at(doc, next, 1, 0, 0);
    doc_free(doc);
}

/* A heading never ends a column: it goes to the next column's top with
 * its text; a paragraph's last line is not left alone at a column's head. */
static void
test_columns_keeps(void **state)
{
    (void)state;
    Doc *doc = doc_new(&no_options, "test.md");
    lines(doc, 8);                         /* 0-7 */
    int h = heading(doc, 2, 2);            /* would take 8-9, its text not */
    int body = paragraph(doc, 3);
    lines(doc, 10);                        /* (the page full: no balancing) */
    paginate_cols(doc, 2);
    assert_int_equal(doc->n_pages, 2);
    check_at(doc, 7, 0, 0, 7);
    check_at(doc, h, 0, 1, 0);
    check_at(doc, body, 0, 1, 2);
    doc_free(doc);

    doc = doc_new(&no_options, "test.md");
    lines(doc, 7);                         /* 0-6 */
    int par = paragraph(doc, 4);           /* 7-9 in column 0 would leave its last alone */
    lines(doc, 12);
    paginate_cols(doc, 2);
    check_at(doc, par, 0, 0, 7);
    check_at(doc, par + 1, 0, 0, 8);
    check_at(doc, par + 2, 0, 1, 0);       /* two lines go over together */
    check_at(doc, par + 3, 0, 1, 1);
    doc_free(doc);
}

/* A table running into the second column gets its header row there too. */
static void
test_columns_table_header(void **state)
{
    (void)state;
    Doc *doc = doc_new(&no_options, "test.md");
    lines(doc, 4);
    int hdr = row(doc, -1);
    int first = doc->n_slices;
    for (int i = 0; i < 10; i++)
        row(doc, hdr);
    paginate_cols(doc, 2);
    check_at(doc, hdr, 0, 0, 4);
    check_at(doc, first + 4, 0, 0, 9);
    const Page *pg = &doc->pages[0];
    int in_second = 0;
    for (int j = 0; j < pg->n; j++)
        if (pg->placed[j].col == 1) {
            if (in_second++ == 0) {
                assert_int_equal(pg->placed[j].slice, hdr);   /* repeated at the top */
                assert_int_equal(pg->placed[j].y, 0);
            }
        }
    check_at(doc, first + 5, 0, 1, 1);
    doc_free(doc);

    /* balancing the last page never splits a table (its header would
     * not be repeated): the table goes whole to the second column */
    doc = doc_new(&no_options, "test.md");
    lines(doc, 2);
    hdr = row(doc, -1);
    first = doc->n_slices;
    for (int i = 0; i < 4; i++)
        row(doc, hdr);
    paginate_cols(doc, 2);
    check_at(doc, 1, 0, 0, 1);
    check_at(doc, hdr, 0, 1, 0);
    check_at(doc, first + 3, 0, 1, 4);
    doc_free(doc);
}

/* Spanning slices go across at the page top; the columns start on the grid
 * below them; a spanning slice after column text starts a new page. */
static void
test_columns_span(void **state)
{
    (void)state;
    Doc *doc = doc_new(&no_options, "test.md");
    int title = heading(doc, 1, 3);
    doc->slices[title].span = 1;
    doc->slices[title].keep_with_next = 1;
    int toc = lines(doc, 2);
    doc->slices[toc].span = doc->slices[toc + 1].span = 1;
    int body = lines(doc, 12);             /* columns of 5 lines under the band */
    int late = line(doc);
    doc->slices[late].span = 1;
    paginate_cols(doc, 2);
    check_at(doc, title, 0, 0, 0);
    check_at(doc, toc + 1, 0, 0, 4);
    check_at(doc, body, 0, 0, 5);
    check_at(doc, body + 4, 0, 0, 9);
    check_at(doc, body + 5, 0, 1, 5);      /* the second column from the same top */
    check_at(doc, body + 9, 0, 1, 9);
    check_at(doc, body + 10, 1, 0, 0);     /* next page: no band, full columns */
    check_at(doc, late, 2, 0, 0);          /* after column text: a page of its own */
    doc_free(doc);
}

/* A note goes to the foot of the column that references it, also after
 * the last page's columns are balanced. */
static void
test_columns_notes(void **state)
{
    (void)state;
    static const int one[] = {1};
    /* a full page: the reference in the second column */
    Doc *doc = doc_new(&no_options, "test.md");
    lines(doc, 12);
    int ref = line(doc);
    doc->slices[ref].refs = one;
    doc->slices[ref].n_refs = 1;
    lines(doc, 10);
    int note = push(doc, (Slice){.kind = SLICE_LINE, .height = PITCH, .header = -1,
                                 .note_of = 1});
    paginate_cols(doc, 2);
    check_at(doc, ref, 0, 1, 2);
    const Page *pg = &doc->pages[0];
    assert_int_equal(pg->n_notes, 1);
    assert_int_equal(pg->notes[0].slice, note);
    assert_int_equal(pg->notes[0].col, 1);
    assert_int_equal(pg->notes[0].y, (LINES - 1) * PITCH);
    check_at(doc, 9, 0, 0, 9);             /* the first column full: no note there */
    doc_free(doc);

    /* the last page balanced, 8 and 8: the reference lands in the first
     * column, and its note with it */
    doc = doc_new(&no_options, "test.md");
    lines(doc, 5);
    ref = line(doc);
    doc->slices[ref].refs = one;
    doc->slices[ref].n_refs = 1;
    lines(doc, 10);
    note = push(doc, (Slice){.kind = SLICE_LINE, .height = PITCH, .header = -1, .note_of = 1});
    paginate_cols(doc, 2);
    assert_int_equal(doc->n_pages, 1);
    check_at(doc, ref, 0, 0, 5);
    check_at(doc, 7, 0, 0, 7);
    check_at(doc, 8, 0, 1, 0);
    check_at(doc, 15, 0, 1, 7);
    pg = &doc->pages[0];
    assert_int_equal(pg->n_notes, 1);
    assert_int_equal(pg->notes[0].col, 0);
    assert_int_equal(pg->notes[0].y, (LINES - 1) * PITCH);
    doc_free(doc);
}

/* Vertical 傍注 at the spread's left end (PageGeom.notes_spread): a right
 * (even) page keeps its room and holds no note; its notes come first on
 * the left page after it, not marked as continued; a left page's own stay
 * on it; without the flag, each page holds its own. */
static void
test_spread_notes(void **state)
{
    (void)state;
    static const int one[] = {1}, two[] = {2}, three[] = {3};
    for (int spread = 0; spread < 2; spread++) {
        Doc *doc = doc_new(&no_options, "test.md");
        doc->geom.vertical = true;
        doc->geom.notes_spread = spread;
        lines(doc, 12);                    /* page 1 full, page 2 from its 3rd line */
        int r1 = line(doc);                /* page 2 (right) */
        doc->slices[r1].refs = one;
        doc->slices[r1].n_refs = 1;
        lines(doc, 6);
        int r2 = line(doc);                /* page 2's last line, with spread */
        doc->slices[r2].refs = two;
        doc->slices[r2].n_refs = 1;
        lines(doc, 2);
        int r3 = line(doc);                /* page 3 (left) */
        doc->slices[r3].refs = three;
        doc->slices[r3].n_refs = 1;
        line(doc);
        int n1 = push(doc, (Slice){.kind = SLICE_LINE, .height = PITCH, .header = -1,
                                   .note_of = 1});
        int n2 = push(doc, (Slice){.kind = SLICE_LINE, .height = PITCH, .header = -1,
                                   .note_of = 2});
        int n3 = push(doc, (Slice){.kind = SLICE_LINE, .height = PITCH, .header = -1,
                                   .note_of = 3});
        paginate_document(doc, PITCH, LINES, false);
        assert_int_equal(page_of(doc, r1, NULL), 1);
        const Page *p2 = &doc->pages[1], *p3 = &doc->pages[2];
        if (spread) {
            assert_int_equal(page_of(doc, r2, NULL), 1);
            assert_int_equal(p2->n_notes, 0);
            assert_int_equal(p2->n, LINES);        /* its room all the text's */
            assert_int_equal(page_of(doc, r3, NULL), 2);
            assert_int_equal(p3->n_notes, 3);
            assert_int_equal(p3->notes[0].slice, n1);
            assert_int_equal(p3->notes[1].slice, n2);
            assert_int_equal(p3->notes[2].slice, n3);
            assert_false(p3->notes_continued);
        } else {                           /* (r2 goes on: the notes take room) */
            assert_int_equal(page_of(doc, r2, NULL), 2);
            assert_int_equal(p2->n_notes, 1);
            assert_int_equal(p2->notes[0].slice, n1);
            assert_true(p2->n < LINES);
            assert_int_equal(p3->notes[0].slice, n2);
        }
        doc_free(doc);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_lines),
        cmocka_unit_test(test_exact_fill_and_empty),
        cmocka_unit_test(test_heading_never_ends_page),
        cmocka_unit_test(test_heading_chain_keeps),
        cmocka_unit_test(test_heading_run_keeps),
        cmocka_unit_test(test_heading_run_two_lines),
        cmocka_unit_test(test_section_end_not_one_line),
        cmocka_unit_test(test_orphans_and_widows),
        cmocka_unit_test(test_keeps_never_empty_a_page),
        cmocka_unit_test(test_gaps),
        cmocka_unit_test(test_break_before),
        cmocka_unit_test(test_table_header_repeated),
        cmocka_unit_test(test_table_header_at_foot_moves),
        cmocka_unit_test(test_taller_than_page),
        cmocka_unit_test(test_sections),
        cmocka_unit_test(test_section_of_moved_heading),
        cmocka_unit_test(test_appendix_pages),
        cmocka_unit_test(test_columns_fill),
        cmocka_unit_test(test_columns_keeps),
        cmocka_unit_test(test_columns_table_header),
        cmocka_unit_test(test_columns_span),
        cmocka_unit_test(test_columns_notes),
        cmocka_unit_test(test_spread_notes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
