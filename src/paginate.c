/*
 * paginate.c: cut the galley into pages.
 * Reads doc->slices (height, keep flags, forced breaks, repeated table
 * headers, headings). Writes doc->pages: slice placements with their y
 * from the top of the text area, and the section heading in force.
 *
 * Greedy fill with back-off: fill until the next slice does not fit, then
 * step back over slices that must not end a page (keep_with_next: headings,
 * a paragraph's first and second-to-last lines, table header rows). If that
 * would empty the page, break at the overflow instead: a keep never leaves
 * a page empty. Slices on the grid start at a whole number of pitches, so
 * body lines sit on the same lines on every page. Discardable gaps vanish
 * at a page top. A table row that starts a page gets its header row again.
 * Not done: footnotes at the page foot, floats, balancing, facing pages.
 */
#include "paginate.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "limits.h"

typedef struct Build {
    Doc *doc;
    Placed *cur;
    int n, cap;
    Page *pages;
    int n_pages, cap_pages;
    const Node *section;                   /* the last section heading placed */
    bool repeated;                         /* the page starts with a repeated header row */
    const char *prefix;                    /* page labels: "" or the appendix's "A-" */
    int label_base;                        /* pages before the current numbering began */
    Unit width, height;                    /* the next page's own size, or 0 */
    bool bare;                             /* the next page has no running head or folio */
} Build;

static void
place(Build *b, int slice, Unit y)
{
    if (b->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 64;
        b->cur = xrealloc(b->cur, (size_t)b->cap * sizeof(Placed));
    }
    b->cur[b->n++] = (Placed){slice, y};
}

static bool
is_section(const Node *h)
{
    return h && h->type == NODE_HEADING && h->u.heading.level <= 2;
}

static void
finish_page(Build *b)
{
    if (b->n_pages == b->cap_pages) {
        b->cap_pages = b->cap_pages ? b->cap_pages * 2 : 16;
        b->pages = xrealloc(b->pages, (size_t)b->cap_pages * sizeof(Page));
    }
    Page *p = &b->pages[b->n_pages];
    memset(p, 0, sizeof *p);
    p->number = b->n_pages + 1;
    for (int i = 0; i < b->n; i++) {
        const char *pre = b->doc->slices[b->cur[i].slice].label_prefix;
        if (pre) {
            b->prefix = pre;
            b->label_base = b->n_pages;
        }
    }
    p->label = arena_printf(b->doc->arena, "%s%d", b->prefix, b->n_pages + 1 - b->label_base);
    p->width = b->width;
    p->height = b->height;
    p->title_page = b->bare;
    b->width = b->height = 0;
    b->bare = false;
    p->n = b->n;
    p->placed = b->n ? arena_memdup(b->doc->arena, b->cur, sizeof(Placed) * (size_t)b->n) : NULL;
    /* the running head: the first section heading on the page, else the
     * one carried over from earlier pages */
    const Node *first = NULL, *last = b->section;
    for (int i = 0; i < b->n; i++) {
        const Node *h = b->doc->slices[b->cur[i].slice].heading;
        if (is_section(h)) {
            if (!first)
                first = h;
            last = h;
        }
    }
    p->section = first ? first : b->section;
    b->section = last;
    b->n_pages++;
    b->n = 0;
    b->repeated = false;
}

static Unit
snap(Unit y, Unit pitch)
{
    return (y + pitch - 1) / pitch * pitch;
}

void
paginate_document(Doc *doc, Unit pitch, int lines, bool title_page)
{
    Build b = {.doc = doc, .prefix = ""};
    Unit body = pitch * lines;
    Unit y = 0;
    int i = 0;
    const Slice *s = doc->slices;
    while (i < doc->n_slices) {
        const Slice *sl = &s[i];
        if (b.n_pages >= LIMIT_PAGES) {
            diag_warn(doc, sl->node ? sl->node->pos : (SrcPos){0, 0},
                      "the document reaches %d pages; the rest is not set", LIMIT_PAGES);
            break;
        }
        if (b.n > 0 && (sl->break_before || sl->page_width)) {
            finish_page(&b);
            y = 0;
            continue;
        }
        if (sl->page_width) {
            /* a slice with a page of its own (a landscape slide) */
            place(&b, i, 0);
            b.width = sl->page_width;
            b.height = sl->page_height;
            b.bare = true;
            finish_page(&b);
            y = 0;
            i++;
            continue;
        }
        if (b.n == 0 && sl->kind == SLICE_GAP && sl->gap_discardable) {
            i++;                           /* no space at a page top */
            continue;
        }
        if (b.n == 0 && sl->kind == SLICE_ROW && sl->header >= 0) {
            /* a table continues here: repeat its header row */
            place(&b, sl->header, 0);
            b.repeated = true;
            y = s[sl->header].height;
        }
        Unit top = sl->on_grid ? snap(y, pitch) : y;
        if (top + sl->height <= body || b.n == (b.repeated ? 1 : 0)) {
            if (top + sl->height > body)
                diag_warn(doc, sl->node ? sl->node->pos : (SrcPos){0, 0},
                          "this block is taller than the space on a page and overflows it");
            place(&b, i, top);
            y = top + sl->height;
            i++;
            continue;
        }
        /* does not fit: back off over keep-with-next slices */
        int k = b.n;
        while (k > 0 && s[b.cur[k - 1].slice].keep_with_next)
            k--;
        /* a repeated header alone is no content */
        if (k > (b.repeated ? 1 : 0) && k < b.n) {
            i = b.cur[k].slice;
            b.n = k;
        }
        finish_page(&b);
        y = 0;
    }
    if (b.n > 0 || b.n_pages == 0)
        finish_page(&b);
    if (title_page && b.n_pages > 0)
        b.pages[0].title_page = true;
    doc->pages = arena_memdup(doc->arena, b.pages, sizeof(Page) * (size_t)b.n_pages);
    doc->n_pages = b.n_pages;
    free(b.pages);
    free(b.cur);
}
