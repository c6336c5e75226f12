/*
 * impose.c: slides on other pages (see impose.h).
 * Every placement is a SLICE_EMBED: a box on the page into which pdf.c draws
 * the deck's own page, scaled, so the slide keeps its vector text, its
 * fonts and its links (the link rectangles are mapped through the same
 * scaling). A thin frame goes around the box and a caption under it
 * (block_slide_slice: the report's appendix, in block.c, is made of the
 * same slices in the report's galley). Handouts: pages built here, slot by
 * slot. Notes: a galley of a slide and its note lines per page, paginated
 * (long notes continue). The heads and folios of handouts and notes pages
 * come from the slide theme's templates (handout.header, handout.footer),
 * set in the report theme's header and folio styles with its marks
 * (furniture_sheets): the sheets are paper, white whatever the slides'
 * background. Booklets: the report's pages two to a side.
 * Not done: a booklet keeps its structure tree in sheet order.
 */
#include "impose.h"

#include <string.h>

#include "arena.h"
#include "block.h"
#include "furniture.h"
#include "files.h"
#include "theme.h"
#include "inline.h"
#include "node.h"
#include "outline.h"
#include "paginate.h"
#include "style.h"

#define PT(x) ((Unit)((x) * 1024))

static Unit
round_up(Unit v, Unit step)
{
    return (v + step - 1) / step * step;
}

static const char *
title_of(const Doc *deck, int index)
{
    const Node *n = node_slide(deck->root, index);
    return n && n->u.slide.title[0] ? n->u.slide.title : NULL;
}

/* --- handouts --- */

static Doc *
new_print_doc(Doc *deck)
{
    Doc *h = doc_new(deck->opt, deck->path);
    files_share(h, deck);                  /* (the theme's logo) */
    h->fonts = deck->fonts;
    h->pango = deck->pango;
    h->themes = deck->themes;
    h->theme = &deck->themes->report;
    h->root = node_make(h, NODE_DOCUMENT, (SrcPos){1, 1});
    h->meta = deck->meta;
    if (!h->meta.author && deck->meta.n_presenters > 0) {
        char *names = arena_strdup(h->arena, deck->meta.presenters[0].name);
        for (int i = 1; i < deck->meta.n_presenters; i++)
            names = arena_printf(h->arena, "%s, %s", names, deck->meta.presenters[i].name);
        h->meta.author = names;
    }
    h->meta.appendix = NULL;
    Style root = h->theme->body;
    h->root->style = style_intern(h, &root);
    return h;
}

/* The sheet of a handout or notes: the report theme's paper (--paper, the
 * front matter, the theme; its orientation and custom size too), its text
 * block as one column, not mirrored (a handout is printed on one side). */
static PageGeom
sheet(const Theme *t)
{
    PageGeom g = style_geometry(t, NULL);
    g.measure = g.block_width;
    g.columns = 1;
    g.column_gap = 0;
    g.left_even = g.left;
    return g;
}

/* The sheet turned the other way, with A4's margins scaled to it. */
static PageGeom
turned(const Theme *t)
{
    PageGeom g = sheet(t);
    Unit w = g.height, hgt = g.width;
    g.width = w;
    g.height = hgt;
    /* A4's margins (48 and 62 pt), scaled with the sheet's short side */
    Unit side = w < hgt ? w : hgt;
    g.left = g.left_even = (Unit)((int64_t)PT(48) * side / PT(595.28));
    g.measure = g.block_width = w - 2 * g.left;
    g.top = (Unit)((int64_t)PT(62) * side / PT(595.28));
    g.lines = (hgt - 2 * g.top + PT(10)) / g.pitch;
    g.body_height = g.lines * g.pitch;
    g.head_baseline = g.top - PT(22);
    g.foot_baseline = g.top + g.body_height + PT(28);
    return g;
}

/* Slides `per` to a page in a grid of cols x rows, in reading order. */
static void
grid_of(int per, int *cols, int *rows, bool wide)
{
    switch (per) {
    case 1: *cols = 1; *rows = 1; break;
    case 2: *cols = 1; *rows = 2; break;
    case 3: *cols = 1; *rows = 3; break;
    case 4: *cols = 2; *rows = 2; break;
    case 6: *cols = wide ? 3 : 2; *rows = wide ? 2 : 3; break;
    default: *cols = 3; *rows = 3; break;
    }
}

/* Width of a slide in a grid slot on geometry g. */
static Unit
slot_width(const PageGeom *g, int per, int cols, int rows, Unit dw, Unit dh, Unit cap, Unit gap)
{
    Unit cell_w = (g->measure - (cols - 1) * gap) / cols;
    if (per == 3)
        cell_w = g->measure * 55 / 100;    /* the rest takes the note lines */
    Unit cell_h = (g->body_height - rows * cap - (rows - 1) * gap) / rows;
    Unit w = (Unit)((int64_t)cell_h * dw / dh);
    return w < cell_w ? w : cell_w;
}

Doc *
impose_handout(Doc *deck, int per)
{
    Doc *h = new_print_doc(deck);
    const Theme *t = h->theme;
    Unit dw, dh;                           /* (a vertical deck's slides as printed) */
    geom_paper_units(&deck->geom, &dw, &dh);
    Unit gap = PT(14), cap = t->caption.size * 2;
    /* the sheet as the theme sets it, or turned when that gives larger
     * slides (4 or more to a sheet) */
    PageGeom as_set = sheet(t), other = turned(t);
    int cols, rows;
    grid_of(per, &cols, &rows, as_set.width > as_set.height);
    Unit wp = slot_width(&as_set, per, cols, rows, dw, dh, cap, gap);
    int cols_l, rows_l;
    grid_of(per, &cols_l, &rows_l, other.width > other.height);
    Unit wl = per >= 4 ? slot_width(&other, per, cols_l, rows_l, dw, dh, cap, gap) : 0;
    bool use_other = wl > wp;
    h->geom = use_other ? other : as_set;
    if (use_other) {
        cols = cols_l;
        rows = rows_l;
    }
    Unit w = use_other ? wl : wp, sh = (Unit)((int64_t)w * dh / dw);
    const PageGeom *g = &h->geom;
    Unit cell_w = per == 3 ? w : (g->measure - (cols - 1) * gap) / cols;
    Unit row_h = (g->body_height - (rows - 1) * gap) / rows;
    int total = deck->n_pages, n_pages = (total + per - 1) / per;
    h->pages = arena_zalloc(h->arena, sizeof(Page) * (size_t)(n_pages ? n_pages : 1));
    for (int p = 0; p < n_pages; p++) {
        int first = p * per, count = total - first < per ? total - first : per;
        Placed *placed = arena_alloc(h->arena, sizeof(Placed) * (size_t)count);
        for (int k = 0; k < count; k++) {
            int col = k % cols, row = k / cols, i = first + k;
            Unit x = col * (cell_w + gap) + (per == 3 ? 0 : (cell_w - w) / 2);
            char *caption = arena_printf(h->arena, "%d / %d", i + 1, total);
            Slice s = block_slide_slice(h, deck, i, x, 0, w, caption, &t->caption, true);
            s.height = row_h;
            if (per == 3) {
                /* ruled lines for notes beside the slide */
                int n_rules = (int)(sh / PT(18));
                Deco *d = arena_alloc(h->arena, sizeof(Deco) * (size_t)(n_rules + 1));
                d[0] = s.decos[0];
                Unit lx = w + gap * 2, lw = g->measure - lx;
                for (int r = 0; r < n_rules; r++)
                    d[r + 1] = (Deco){.kind = DECO_HLINE, .color = 0xb0b0b0, .x = lx,
                                      .y = PT(18) * (r + 1), .w = lw, .line_width = PT(0.4)};
                s.decos = d;
                s.n_decos = n_rules + 1;
            }
            placed[k] = (Placed){block_push(h, &s), row * (row_h + gap), 0};
        }
        Page *pg = &h->pages[p];
        pg->number = p + 1;
        pg->n = count;
        pg->placed = placed;
    }
    h->n_pages = n_pages;
    furniture_sheets(h, deck);
    outline_slides(h, deck);
    return h;
}

/* --- notes pages --- */

Doc *
impose_notes(Doc *deck)
{
    Doc *h = new_print_doc(deck);
    const Theme *t = h->theme;
    h->geom = sheet(t);
    const PageGeom *g = &h->geom;
    Unit dw, dh;                           /* (a vertical deck's slides as printed) */
    geom_paper_units(&deck->geom, &dw, &dh);
    /* the slide across the block, or on a wide sheet as wide as leaves a
     * third of the block's height for its notes, centred */
    Unit w = g->measure, sh = (Unit)((int64_t)w * dh / dw);
    if (sh > g->body_height * 2 / 3) {
        w = (Unit)((int64_t)(g->body_height * 2 / 3) * dw / dh);
        sh = (Unit)((int64_t)w * dh / dw);
    }
    Unit sx = (g->measure - w) / 2;
    Style note = t->body;
    note.font = FONT_SANS;
    note.align = ALIGN_LEFT;
    const Style *ns = style_intern(h, &note);
    int total = deck->n_pages;
    for (int i = 0; i < total; i++) {
        const Node *sn = node_slide(deck->root, i);
        const char *title = title_of(deck, i);
        char *caption = title ? arena_printf(h->arena, "%d / %d　%s", i + 1, total, title)
                              : arena_printf(h->arena, "%d / %d", i + 1, total);
        Slice s = block_slide_slice(h, deck, i, sx, 0, w, caption, &t->caption, false);
        s.height = round_up(sh + t->caption.size * 3, g->pitch);
        s.break_before = 1;
        s.on_grid = 1;
        block_push(h, &s);
        const char *notes = sn ? sn->u.slide.notes : NULL;
        if (!notes)
            continue;
        /* one paragraph per blank-line-separated block of the notes */
        for (const char *p = notes; *p;) {
            const char *e = strstr(p, "\n\n");
            size_t len = e ? (size_t)(e - p) : strlen(p);
            Line *lines;
            int n = inline_layout_text(h, p, len, ns, w, false, NULL, sn->pos, &lines);
            for (int k = 0; k < n; k++) {
                SliceLine *sl = arena_alloc(h->arena, sizeof(SliceLine));
                *sl = (SliceLine){.line = &lines[k], .x = 0,
                                  .y = block_baseline(ns, ns->pitch)};
                Slice ls = {.kind = SLICE_LINE, .height = ns->pitch, .header = -1, .node = sn,
                            .lines = sl, .n_lines = 1, .on_grid = 1};
                block_push(h, &ls);
            }
            Slice gap = {.kind = SLICE_GAP, .height = g->pitch / 2, .header = -1,
                         .gap_discardable = 1};
            block_push(h, &gap);
            p += len;
            while (*p == '\n')
                p++;
        }
    }
    paginate_document(h, g->pitch, g->lines, false);
    furniture_sheets(h, deck);
    outline_slides(h, deck);
    return h;
}

/* --- booklets (--booklet) --- */

/* Saddle-stitch imposition: the pages, padded with blanks to a multiple of
 * four, two per side of a sheet twice their width, in the order that reads
 * 1, 2, ... when the folded sheets are nested: sheet s has pages N-2s and
 * 2s+1 on its front, 2s+2 and N-1-2s on its back (N the padded count). A
 * vertical document is bound on the right, its pages turning right to
 * left: each side's two pages change places. */
Doc *
impose_booklet(Doc *doc)
{
    Doc *h = new_print_doc(doc);
    h->theme = doc->theme;
    double wpt, hpt;
    page_paper(&doc->geom, NULL, &wpt, &hpt);
    Unit pw = unit_from_pt(wpt), ph = unit_from_pt(hpt);
    bool r2l = doc->geom.vertical;
    h->geom = doc->geom;
    h->geom.vertical = false;              /* (the sheet is set across; its pages turn themselves) */
    h->geom.height = ph;
    h->geom.width = 2 * pw;
    h->geom.left = h->geom.left_even = h->geom.top = 0;
    h->geom.measure = h->geom.block_width = 2 * pw;
    h->geom.columns = 1;
    h->geom.column_gap = 0;
    int n = doc->n_pages, padded = (n + 3) / 4 * 4, sheets = padded / 4;
    h->pages = arena_zalloc(h->arena, sizeof(Page) * (size_t)(2 * sheets + 1));
    for (int s = 0; s < sheets; s++)
        for (int side = 0; side < 2; side++) {
            int left = side == 0 ? padded - 2 * s : 2 * s + 2;
            int right = side == 0 ? 2 * s + 1 : padded - 1 - 2 * s;
            int pages[2] = {r2l ? right : left, r2l ? left : right};
            Placed *placed = arena_alloc(h->arena, sizeof(Placed) * 2);
            int count = 0;
            for (int k = 0; k < 2; k++) {
                if (pages[k] > n)
                    continue;              /* a blank page of the padding */
                const Page *sp = &doc->pages[pages[k] - 1];
                Unit sw = sp->width ? sp->width : pw;
                Slice sl = {.kind = SLICE_EMBED, .header = -1, .height = ph};
                *block_extra(h, &sl) = (SliceExtra){.embed = doc, .embed_page = pages[k] - 1,
                                                    .image_x = k * pw, .image_y = 0,
                                                    .image_w = sw < pw ? sw : pw, .image_h = ph};
                placed[count++] = (Placed){block_push(h, &sl), 0, 0};
            }
            Page *pg = &h->pages[2 * s + side];
            pg->number = 2 * s + side + 1;
            pg->label = arena_printf(h->arena, "%d", pg->number);
            pg->n = count;
            pg->placed = placed;
        }
    h->n_pages = 2 * sheets;
    h->outline = doc->outline;             /* the headings' destinations are drawn */
    h->n_outline = doc->n_outline;
    return h;
}
