/*
 * test_block.c: the galley (block.h) of small parsed documents, with the
 * real fonts: a heading is one block of whole body pitches that keeps with
 * what follows, after its discardable space; a paragraph's first and
 * second-to-last lines keep with the next (no widow, no orphan); a code
 * block's lines sit on their own pitch inside padding that brings the block
 * to whole body pitches; a figure is drawn at 96 pixels to the inch, scaled
 * down to the measure, centred, in a box of whole pitches, kept with its
 * caption.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <cairo.h>

#include "block.h"
#include "figure.h"
#include "doc.h"
#include "fonts.h"
#include "node.h"
#include "number.h"
#include "paginate.h"
#include "report.h"
#include "style.h"
#include "theme.h"
#include "unit_fonts.h"

static const Settings no_options;

/* md parsed as `path`, styled and laid out on A4 in the report theme. */
static Doc *
laid_out(const char *path, const char *md)
{
    Doc *doc = unit_doc(&no_options, path);
    report_parse_buffer(doc, md, strlen(md));
    doc->theme = theme_report();
    doc->geom = style_geometry(doc->theme, "A4");
    number_document(doc, doc->theme, true);
    style_document(doc, doc->theme);
    figure_resolve(doc);                   /* (as pipeline.c: pictures before the layout) */
    block_document(doc);
    return doc;
}

/* The slices of node n: [*first, *first + count). */
static int
slices_of(const Doc *doc, const Node *n, int *first)
{
    int count = 0;
    *first = -1;
    for (int i = 0; i < doc->n_slices; i++)
        if (doc->slices[i].node == n) {
            if (*first < 0)
                *first = i;
            count++;
        }
    return count;
}

static void
test_heading_keeps_with_next(void **state)
{
    (void)state;
    Doc *doc = laid_out("test.md", "前の段落。\n\n## 二段の見出し\n\n後の段落。\n");
    const Node *h = unit_nth(doc, NODE_HEADING, 0);
    int i;
    assert_int_equal(slices_of(doc, h, &i), 1);
    const Slice *s = &doc->slices[i];
    Unit pitch = doc->geom.pitch;
    assert_int_equal(s->kind, SLICE_BLOCK);
    assert_true(s->keep_with_next);
    assert_ptr_equal(s->heading, h);
    assert_string_equal(s->dest, h->u.heading.dest);
    assert_int_equal(s->height % pitch, 0);
    assert_true(s->height >= h->style->pitch);
    assert_int_equal(s->n_lines, 1);
    /* the space above it: a gap dropped at a page top */
    const Slice *gap = &doc->slices[i - 1];
    assert_int_equal(gap->kind, SLICE_GAP);
    assert_true(gap->gap_discardable);
    assert_int_equal(gap->height, pitch * theme_report()->heading_lines_before[1]);
    /* the paragraph after it comes next */
    assert_ptr_equal(doc->slices[i + 1].node, unit_nth(doc, NODE_PARAGRAPH, 1));
    doc_free(doc);
}

/* Widows and orphans: in a paragraph of n lines the first and the
 * (n-1)-th keep with the next, no other; a one-line paragraph keeps with
 * nothing. */
static void
test_paragraph_keeps(void **state)
{
    (void)state;
    char md[4096] = "";
    for (int i = 0; i < 30; i++)
        strcat(md, "組版の段落を長く続ける。");
    strcat(md, "\n\n一行。\n");
    Doc *doc = laid_out("test.md", md);
    int first, n = slices_of(doc, unit_nth(doc, NODE_PARAGRAPH, 0), &first);
    assert_true(n >= 4);
    for (int k = 0; k < n; k++) {
        const Slice *s = &doc->slices[first + k];
        assert_int_equal(s->kind, SLICE_LINE);
        assert_int_equal(s->height, doc->geom.pitch);
        assert_true(s->on_grid);
        if (s->keep_with_next != (k == 0 || k == n - 2))
            fail_msg("line %d of %d: keep_with_next %d", k, n, s->keep_with_next);
    }
    int one;
    assert_int_equal(slices_of(doc, unit_nth(doc, NODE_PARAGRAPH, 1), &one), 1);
    assert_false(doc->slices[one].keep_with_next);
    doc_free(doc);
}

/* Code: padding, lines on the code pitch, padding: whole body pitches. */
static void
test_code_on_the_grid(void **state)
{
    (void)state;
    static const char *const blocks[] = {
        "```\nint main(void)\n{\n    return 0;\n}\n```\n",
        "```\none line\n```\n",
        "```c\na\nb\nc\nd\ne\nf\ng\n```\n",
    };
    static const int lines[] = {4, 1, 7};
    for (int b = 0; b < 3; b++) {
        Doc *doc = laid_out("test.md", blocks[b]);
        const Node *code = unit_nth(doc, NODE_CODE_BLOCK, 0);
        const Style *st = code->style;
        int first, n = slices_of(doc, code, &first);
        assert_int_equal(n, lines[b] + 2);
        const Slice *top = &doc->slices[first], *bottom = &doc->slices[first + n - 1];
        assert_int_equal(top->kind, SLICE_GAP);
        assert_true(top->keep_with_next);
        assert_int_equal(bottom->kind, SLICE_GAP);
        Unit total = 0;
        for (int k = 0; k < n; k++) {
            const Slice *s = &doc->slices[first + k];
            total += s->height;
            assert_int_equal(s->n_decos, 1);    /* the shading, each slice its part */
            assert_int_equal(s->decos[0].h, s->height);
            if (k > 0 && k < n - 1) {
                assert_int_equal(s->kind, SLICE_LINE);
                assert_int_equal(s->height, st->pitch);
                assert_true(st->pitch < doc->geom.pitch);
            }
        }
        assert_int_equal(total % doc->geom.pitch, 0);
        /* at least half an em of padding above and below */
        assert_true(top->height >= st->size / 2 && bottom->height >= st->size / 2);
        assert_true(total - lines[b] * st->pitch < st->size + doc->geom.pitch);
        doc_free(doc);
    }
}

static void
write_png(const char *path, int w, int h)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 0.2, 0.4, 0.6);
    cairo_paint(cr);
    cairo_destroy(cr);
    assert_int_equal(cairo_surface_write_to_png(s, path), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
}

static void
test_figure_sizes(void **state)
{
    (void)state;
    char dir[] = "/tmp/kumihan-test-block.XXXXXX";
    assert_non_null(mkdtemp(dir));
    char small[128], wide[128], md_path[128];
    snprintf(small, sizeof small, "%s/small.png", dir);
    snprintf(wide, sizeof wide, "%s/wide.png", dir);
    snprintf(md_path, sizeof md_path, "%s/test.md", dir);
    write_png(small, 192, 96);             /* 144 x 72 pt at 96 dpi */
    write_png(wide, 4000, 200);            /* wider than the measure */
    Doc *doc = laid_out(md_path, "![](small.png)\n\n![横長](wide.png \"図の題\")\n\n後。\n");
    assert_int_equal(doc->n_errors, 0);
    const PageGeom *g = &doc->geom;
    const Slice *img[2];
    int k = 0, at[2];
    for (int i = 0; i < doc->n_slices; i++)
        if (doc->slices[i].kind == SLICE_IMAGE) {
            assert_true(k < 2);
            at[k] = i;
            img[k++] = &doc->slices[i];
        }
    assert_int_equal(k, 2);
    const SliceExtra *a = slice_x(img[0]), *b = slice_x(img[1]);
    assert_non_null(a->image);
    assert_int_equal(a->image_w, unit_from_pt(144));
    assert_int_equal(a->image_h, unit_from_pt(72));
    assert_int_equal(a->image_x, (g->measure - a->image_w) / 2);     /* centred */
    assert_int_equal(img[0]->height % g->pitch, 0);
    assert_true(img[0]->height >= a->image_h);
    assert_true(a->image_y >= 0 && a->image_y + a->image_h <= img[0]->height);
    assert_false(img[0]->keep_with_next);           /* no caption: no alt text, no title */
    /* scaled to the measure, its proportions kept */
    assert_true(abs(b->image_w - g->measure) <= 1);
    assert_true(abs(b->image_h - g->measure / 20) <= 2);
    assert_int_equal(img[1]->height % g->pitch, 0);
    /* kept with its caption, the next slice */
    assert_true(img[1]->keep_with_next);
    const Slice *cap = &doc->slices[at[1] + 1];
    assert_int_equal(cap->kind, SLICE_LINE);
    assert_ptr_equal(cap->node, img[1]->node);
    /* the title is the caption, numbered: the first figure had none */
    assert_string_equal(unit_line_text(cap->lines[0].line), "図1　図の題");
    doc_free(doc);
    unlink(small);
    unlink(wide);
    rmdir(dir);
}

/* A picture that cannot be shown: a warning and a placeholder of the
 * size asked for, framed, holding the alt text and the name, on whole
 * pitches; the text after it is laid out. */
static void
test_figure_placeholder(void **state)
{
    (void)state;
    Doc *doc = laid_out("test.md", "![ない図](missing.png){width=4cm height=1cm}\n\n後。\n");
    assert_int_equal(doc->n_errors, 0);
    assert_int_equal(doc->n_warnings, 1);
    const Node *fig = unit_nth(doc, NODE_FIGURE, 0);
    int first;
    assert_int_equal(slices_of(doc, fig, &first), 2);   /* its stand-in, then 「図1　ない図」 */
    const Slice *s = &doc->slices[first];
    const SliceExtra *x = slice_x(s);
    assert_int_equal(s->kind, SLICE_IMAGE);
    assert_null(x->image);
    assert_int_equal(x->image_w, unit_from_pt(4 * 72 / 2.54));
    /* 1 cm cannot hold two lines of 9 pt type: the box grows to hold them */
    assert_true(x->image_h > unit_from_pt(72 / 2.54));
    assert_int_equal(s->height % doc->geom.pitch, 0);
    assert_true(x->image_y >= 0 && x->image_y + x->image_h <= s->height);
    assert_int_equal(s->n_decos, 2);
    assert_int_equal(s->decos[0].kind, DECO_FILL);
    assert_int_equal(s->decos[1].kind, DECO_FRAME);
    assert_int_equal(s->decos[1].w, x->image_w);
    assert_int_equal(s->n_lines, 2);
    for (int k = 0; k < 2; k++) {          /* inside the frame */
        assert_true(s->lines[k].y > x->image_y && s->lines[k].y < x->image_y + x->image_h);
        assert_true(s->lines[k].x >= x->image_x);
    }
    assert_int_equal(s->lines[0].line->len, (int)strlen("ない図"));
    assert_int_equal(s->lines[1].line->len, (int)strlen("missing.png"));
    assert_int_equal(doc->slices[doc->n_slices - 1].kind, SLICE_LINE);   /* 後。 */
    doc_free(doc);
    /* in a quote: the quote's bar runs past it, as past every slice */
    doc = laid_out("test.md", "> 前。\n>\n> ![ない図](missing.png)\n");
    fig = unit_nth(doc, NODE_FIGURE, 0);
    assert_int_equal(slices_of(doc, fig, &first), 2);
    s = &doc->slices[first];
    assert_int_equal(s->n_decos, 3);
    assert_int_equal(s->decos[2].kind, DECO_VLINE);
    assert_int_equal(s->decos[2].h, s->height);
    doc_free(doc);
}

/* --- the contents --- */

/* A report (`md`, front matter and all) parsed as `path`, laid out on A4
 * pages cut to `lines` body lines (0: A4's own) and paginated. */
static Doc *
paginated(const char *path, const char *md, int lines)
{
    Doc *doc = unit_doc(&no_options, path);
    report_parse_buffer(doc, md, strlen(md));
    doc->theme = theme_report();
    doc->geom = style_geometry(doc->theme, "A4");
    if (lines) {
        doc->geom.lines = lines;
        doc->geom.body_height = lines * doc->geom.pitch;
    }
    style_document(doc, doc->theme);
    block_document(doc);
    paginate_document(doc, doc->geom.pitch, doc->geom.lines, true);
    return doc;
}

/* The contents' lines (its slices but the heading 目次) on each page:
 * per_page[p], and their height; returns the number of lines. */
static int
contents_lines(const Doc *doc, int *per_page, int max, Unit *height)
{
    const Node *toc = unit_nth(doc, NODE_TOC, 0);
    assert_non_null(toc);
    memset(per_page, 0, sizeof(int) * (size_t)max);
    int n = 0;
    for (int p = 0; p < doc->n_pages && p < max; p++)
        for (int j = 0; j < doc->pages[p].n; j++) {
            const Slice *s = &doc->slices[doc->pages[p].placed[j].slice];
            if (s->node != toc || s->kind != SLICE_LINE)
                continue;
            per_page[p]++;
            n++;
            *height = s->height;
        }
    return n;
}

/* "---\ntitle: ...\n---\n" and n headings, each with a line of text. */
static char *
report_md(int n, const char *front)
{
    char *md = malloc(128 + strlen(front) + (size_t)n * 64);
    sprintf(md, "---\ntitle: 報告書\n%s---\n\n", front);
    for (int i = 0; i < n; i++)
        sprintf(md + strlen(md), "## 見出しの%d\n\n本文。\n\n", i + 1);
    return md;
}

static void
test_contents_closes_up(void **state)
{
    (void)state;
    /* A4: the title (two lines), its rule and 目次 (two) leave room for
     * `room` lines of contents on page i */
    PageGeom a4 = style_geometry(theme_report(), "A4");
    int room = a4.lines - 5, per_page[4];
    Unit h = 0;
    char *md = report_md(room, "");
    Doc *doc = paginated("test.md", md, 0);
    Unit pitch = doc->geom.pitch;
    assert_int_equal(contents_lines(doc, per_page, 4, &h), room);
    assert_int_equal(per_page[0], room);   /* they fit: the body pitch */
    assert_int_equal(h, pitch);
    doc_free(doc);
    free(md);
    /* one and two lines more would leave page ii with one or two: they
     * close up to fit on page i, no tighter than 1.5 em */
    for (int extra = 1; extra <= 2; extra++) {
        md = report_md(room + extra, "");
        doc = paginated("test.md", md, 0);
        assert_int_equal(contents_lines(doc, per_page, 4, &h), room + extra);
        assert_int_equal(per_page[0], room + extra);
        assert_true(h < pitch);
        assert_true(h >= doc->root->style->size * 3 / 2);
        for (int i = 0; i < doc->n_slices; i++)
            if (doc->slices[i].node == unit_nth(doc, NODE_TOC, 0)
                && doc->slices[i].kind == SLICE_LINE)
                assert_false(doc->slices[i].on_grid);
        doc_free(doc);
        free(md);
    }
    /* three more: page ii holds three at the body pitch */
    md = report_md(room + 3, "");
    doc = paginated("test.md", md, 0);
    assert_int_equal(contents_lines(doc, per_page, 4, &h), room + 3);
    assert_int_equal(per_page[1], 3);
    assert_int_equal(h, pitch);
    doc_free(doc);
    free(md);
}

static void
test_contents_slides_collapse(void **state)
{
    (void)state;
    /* pages of 10 lines, 5 of them on page i under the title and 目次;
     * 6 headings, the appendix and 10 slides: 17 lines leave 2 on page
     * iii at any pitch down to 1.5 em; the slides as one entry do not */
    char dir[] = "/tmp/kumihan-test-block.XXXXXX";
    assert_non_null(mkdtemp(dir));
    char deck[128], path[128];
    snprintf(deck, sizeof deck, "%s/deck.md", dir);
    snprintf(path, sizeof path, "%s/test.md", dir);
    FILE *f = fopen(deck, "w");
    assert_non_null(f);
    fputs("---\ntitle: 発表\n---\n\n", f);
    for (int i = 0; i < 10; i++)
        fprintf(f, "%s# スライド題%d\n\n- 項目\n\n", i ? "---\n\n" : "", i + 1);
    fclose(f);
    char *md = report_md(6, "appendix: deck.md\n");
    Doc *doc = paginated(path, md, 10);
    assert_int_equal(doc->n_errors, 0);
    int per_page[4];
    Unit h = 0;
    assert_int_equal(contents_lines(doc, per_page, 4, &h), 8);
    assert_int_equal(per_page[0], 5);
    assert_int_equal(per_page[1], 3);
    /* the last line: 「スライド 1〜10」 */
    const Node *toc = unit_nth(doc, NODE_TOC, 0);
    const Slice *last = NULL;
    for (int i = 0; i < doc->n_slices; i++)
        if (doc->slices[i].node == toc)
            last = &doc->slices[i];
    const Line *ln = last->lines[0].line;
    assert_int_equal(ln->len, (int)strlen("スライド 1〜10"));
    assert_memory_equal(ln->text + ln->start, "スライド 1〜10", (size_t)ln->len);
    doc_free(doc);
    free(md);
    unlink(deck);
    rmdir(dir);
}

static void
test_contents_last_lines_keep(void **state)
{
    (void)state;
    /* pages of 8 lines, 3 of them on page i: 13 lines leave one or two on
     * the last page at every pitch down to 1.5 em, and there is no
     * appendix to collapse: the last three lines go together */
    char *md = report_md(13, "");
    Doc *doc = paginated("test.md", md, 8);
    int per_page[4];
    Unit h = 0;
    assert_int_equal(contents_lines(doc, per_page, 4, &h), 13);
    assert_int_equal(h, doc->geom.pitch);
    assert_int_equal(per_page[0], 3);
    assert_int_equal(per_page[1], 7);
    assert_int_equal(per_page[2], 3);
    doc_free(doc);
    free(md);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_heading_keeps_with_next),
        cmocka_unit_test(test_paragraph_keeps),
        cmocka_unit_test(test_code_on_the_grid),
        cmocka_unit_test(test_figure_sizes),
        cmocka_unit_test(test_figure_placeholder),
        cmocka_unit_test(test_contents_closes_up),
        cmocka_unit_test(test_contents_slides_collapse),
        cmocka_unit_test(test_contents_last_lines_keep),
    };
    return cmocka_run_group_tests(tests, unit_fonts_setup, unit_fonts_teardown);
}
