/*
 * draw.c: one page drawn with cairo.
 * Reads a Page and the slices it places (doc.h); draws into the Draw
 * context's cairo_t, in points, at a transform (a page of the output, or a
 * page of another document scaled into a slice: slides in a report).
 *
 * Each line is drawn run by run with cairo_show_text_glyphs and the run's
 * cluster mapping (what pango_cairo_show_glyph_item passes), in the subset
 * faces of subset.c: cairo embeds CID-keyed CFF subsets with a ToUnicode
 * map, so extraction gives the source text. Ruby is drawn as outlines.
 * A page's marks (PageMarks) come first, under everything: a slide's
 * background colour and picture, the logo, a house style's watermark as
 * outlines. Then decorations (rules, fills, frames, leaders), pictures
 * (image.c draws them: pixels, SVG and PDF pages as vectors), footnotes
 * under a short rule, running heads and folios and the confidentiality
 * mark in its frame (never tagged), and for print production the crop
 * marks. Structure elements, links and destinations are tags.c's.
 *
 * A vertical page (vertical.h) is drawn turned a quarter clockwise
 * (draw_page): its upright glyphs one by one standing up (place_upright),
 * tate-chu-yoko side by side, pictures, tables and code blocks turned back
 * upright; its ground, watermark, running heads and folio across the paper.
 */
#include "pdf_impl.h"

#include <hb.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "image.h"
#include "subset.h"
#include "node.h"
#include "style.h"
#include "vertical.h"

#define MARK_COLOR 0xFFF176u               /* <mark>'s highlight: a light yellow */

static void
set_color(cairo_t *cr, uint32_t rgb)
{
    cairo_set_source_rgb(cr, ((rgb >> 16) & 0xFF) / 255.0, ((rgb >> 8) & 0xFF) / 255.0,
                         (rgb & 0xFF) / 255.0);
}

static void
draw_decos(cairo_t *cr, const Slice *s, double x0, double y0)
{
    for (int i = 0; i < s->n_decos; i++) {
        const Deco *d = &s->decos[i];
        double x = x0 + pt_from_unit(d->x), y = y0 + pt_from_unit(d->y);
        double w = pt_from_unit(d->w), h = pt_from_unit(d->h);
        set_color(cr, d->color);
        switch (d->kind) {
        case DECO_FILL:
            cairo_rectangle(cr, x, y, w, h);
            cairo_fill(cr);
            break;
        case DECO_HLINE:
            cairo_set_line_width(cr, pt_from_unit(d->line_width));
            cairo_move_to(cr, x, y);
            cairo_line_to(cr, x + w, y);
            cairo_stroke(cr);
            break;
        case DECO_VLINE:
            cairo_set_line_width(cr, pt_from_unit(d->line_width));
            cairo_move_to(cr, x, y);
            cairo_line_to(cr, x, y + h);
            cairo_stroke(cr);
            break;
        case DECO_FRAME:
            cairo_set_line_width(cr, pt_from_unit(d->line_width));
            cairo_rectangle(cr, x, y, w, h);
            cairo_stroke(cr);
            break;
        case DECO_LEADER: {
            /* round dots every quarter em (line_width is an eighth) */
            double lw = pt_from_unit(d->line_width), step = lw * 3;
            double dash[2] = {0, step};
            cairo_save(cr);
            cairo_set_line_width(cr, lw);
            cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
            cairo_set_dash(cr, dash, 2, 0);
            /* cairo works out a stroke's extents (three times a page) by
             * tessellating it: every dot's two round caps at its 0.1
             * default tolerance. The PDF has no tolerance; the extents,
             * whole points, come out the same at 1 (measured: see README,
             * Benchmark) */
            cairo_set_tolerance(cr, 1);
            double start = ceil(x / step) * step;   /* dots line up from entry to entry */
            cairo_move_to(cr, start, y);
            cairo_line_to(cr, x + w, y);
            cairo_stroke(cr);
            cairo_restore(cr);
            break;
        }
        }
    }
}

/* --- vertical text: glyphs that stand upright (vertical.h) --- */

/* A glyph's horizontal advance in points (its em box across the column). */
static double
h_advance(const Run *r, uint32_t gid, double em)
{
    hb_font_t *hbf = r->font ? pango_font_get_hb_font(r->font) : NULL;
    if (!hbf || (gid & PANGO_GLYPH_UNKNOWN_FLAG) || gid == PANGO_GLYPH_EMPTY)
        return em;
    return pt_from_unit(hb_font_get_glyph_h_advance(hbf, gid));
}

/* Where each upright glyph of run r goes, its box starting at pen[i] on a
 * line with baseline y (on the page turned clockwise): the top of its em
 * box on the column's centre line (its vertical origin), a tate-chu-yoko
 * group's glyphs side by side across the column, centred. For the PDF
 * (`across_w` non-zero: the post-pass makes the font vertical) that is the
 * point the glyph hangs from (vertical.h): as far down its box as its font
 * variant[i] advances (subset.h), half its width across left of its box's
 * left edge on the paper: `across_w` thousandths of an em (VERT_ACROSS),
 * or -1: the glyph's own (PDF/A); else (0) the glyph's horizontal origin.
 * Returns the share of their width the glyphs are drawn at: a group across
 * wider than an em is squeezed into it (below 1), else 1. */
static double
place_upright(const Run *r, const uint32_t *gids, const int *variant, double *xs, double *ys,
              int n, double y, double across_w)
{
    double em = pt_from_unit(r->span->style->size);
    double centre = y - em * VERT_CENTRE / 1000, total = 0, across = 0, top = xs[0], k = 1;
    if (r->orient == ORIENT_TCY) {
        for (int i = 0; i < n; i++)
            total += h_advance(r, gids[i], em);
        if (total > em) {                  /* (three digits: the font may have no
                                            * third-width forms) */
            k = em / total;
            total = em;
        }
    }
    for (int i = 0; i < n; i++) {
        double h = h_advance(r, gids[i], em) * k;
        double off = 0;                    /* its centre right of the column's */
        if (r->orient == ORIENT_TCY) {
            off = -total / 2 + across + h / 2;
            across += h;
            xs[i] = top;                   /* (the group takes one box) */
        }
        ys[i] = centre - off + h / 2;      /* (its left edge on the paper) */
        if (across_w != 0) {
            int v = variant[i];
            xs[i] += v == UPRIGHT_TCY_END ? em : em * subset_upright_advance(v) / 16;
            ys[i] -= (across_w < 0 ? h : k * em * across_w / 1000) / 2;
        } else {
            xs[i] += em * VERT_ORIGIN / 1000;
        }
    }
    return k;
}

/* sf with its glyphs' width times k (a group across squeezed into its em;
 * cairo_scaled_font_destroy), or a reference to sf for k 1. */
static cairo_scaled_font_t *
squeezed(cairo_scaled_font_t *sf, double k)
{
    if (k >= 1)
        return cairo_scaled_font_reference(sf);
    cairo_matrix_t fm, ctm, s;
    cairo_scaled_font_get_font_matrix(sf, &fm);
    cairo_scaled_font_get_ctm(sf, &ctm);
    cairo_matrix_init_scale(&s, k, 1);
    cairo_matrix_multiply(&fm, &s, &fm);
    cairo_font_options_t *o = cairo_font_options_create();
    cairo_scaled_font_get_font_options(sf, o);
    cairo_scaled_font_t *out = cairo_scaled_font_create(cairo_scaled_font_get_font_face(sf), &fm,
                                                        &ctm, o);
    cairo_font_options_destroy(o);
    return out;
}

/* Glyphs as filled outlines (ruby): seen, never extracted as text. */
static void
outline_run(cairo_t *cr, const Run *r, double x, double y)
{
    cairo_scaled_font_t *sf = pango_cairo_font_get_scaled_font(
        PANGO_CAIRO_FONT(r->font));
    if (!sf)
        return;
    cairo_glyph_t *g = xmalloc(sizeof(cairo_glyph_t) * (size_t)r->n_glyphs);
    int n = 0;
    double pen = x;
    for (int i = 0; i < r->n_glyphs; i++) {
        uint32_t id = run_glyph(r, i);
        if (!(id & PANGO_GLYPH_UNKNOWN_FLAG) && id != PANGO_GLYPH_EMPTY)
            g[n++] = (cairo_glyph_t){id, pen + pt_from_unit(run_dx(r, i)),
                                     y + pt_from_unit(run_dy(r, i))};
        pen += pt_from_unit(run_advance(r, i));
    }
    cairo_set_scaled_font(cr, sf);
    cairo_new_path(cr);
    if (r->orient == ORIENT_SIDEWAYS) {
        cairo_glyph_path(cr, g, n);
    } else {                               /* each glyph standing up */
        uint32_t *ids = xmalloc(sizeof(uint32_t) * (size_t)(n + 1));
        double *xs = xmalloc(sizeof(double) * 2 * (size_t)(n + 1)), *ys = xs + n + 1;
        for (int i = 0; i < n; i++) {
            ids[i] = (uint32_t)g[i].index;
            xs[i] = g[i].x;
        }
        place_upright(r, ids, NULL, xs, ys, n, y, 0);
        for (int i = 0; i < n; i++) {
            cairo_save(cr);
            cairo_translate(cr, xs[i], ys[i]);
            cairo_rotate(cr, -M_PI / 2);
            cairo_glyph_t one = {g[i].index, 0, 0};
            cairo_glyph_path(cr, &one, 1);
            cairo_restore(cr);
        }
        free(ids);
        free(xs);
    }
    cairo_fill(cr);
    free(g);
}

static void
show_run(Draw *d, const Line *ln, int run, double x, double y)
{
    cairo_t *cr = d->cr;
    Scratch *sc = &d->sc;
    const Run *r = &ln->runs[run];
    if (r->n_glyphs == 0)
        return;
    if (r->outline) {
        outline_run(cr, r, x, y);
        return;
    }
    if (r->n_glyphs > sc->cap) {
        sc->cap = r->n_glyphs * 2;
        sc->glyphs = xrealloc(sc->glyphs, sizeof(cairo_glyph_t) * (size_t)sc->cap);
        sc->clusters = xrealloc(sc->clusters, sizeof(cairo_text_cluster_t) * (size_t)sc->cap);
        sc->narrow = xrealloc(sc->narrow, sizeof(int) * (size_t)sc->cap);
        sc->first = xrealloc(sc->first, sizeof(int) * (size_t)sc->cap);
        sc->cl = xrealloc(sc->cl, sizeof(int) * (size_t)sc->cap);
    }
    for (int i = 0, c = 0; i < r->n_glyphs; i++)
        sc->cl[i] = c = run_cluster(r, run_text(ln, r), i, c);
    /* glyphs and clusters, as pango_cairo_show_glyph_item would pass them */
    int ng = 0, nc = 0;
    double pen = x;
    for (int i = 0; i < r->n_glyphs; i++) {
        uint32_t gid = run_glyph(r, i);
        bool starts = i == 0 || sc->cl[i] != sc->cl[i - 1];
        if (starts) {
            int end = r->length;
            for (int j = i + 1; j < r->n_glyphs; j++)
                if (sc->cl[j] != sc->cl[i]) {
                    end = sc->cl[j];
                    break;
                }
            sc->clusters[nc] = (cairo_text_cluster_t){end - sc->cl[i], 0};
            sc->narrow[nc] = (d->no_narrow && r->orient == ORIENT_SIDEWAYS)
                                     || r->orient == ORIENT_TCY
                                 ? 0 : subset_narrow(ln, run, i, sc->cl[i]);
            sc->first[nc] = ng;
            nc++;
        }
        if (gid != PANGO_GLYPH_EMPTY) {
            unsigned long id = (gid & PANGO_GLYPH_UNKNOWN_FLAG) ? 0 : gid;
            sc->glyphs[ng++] = (cairo_glyph_t){id, pen + pt_from_unit(run_dx(r, i)),
                                               y + pt_from_unit(run_dy(r, i))};
            sc->clusters[nc - 1].num_glyphs++;
        }
        pen += pt_from_unit(run_advance(r, i));
    }
    bool up = r->orient != ORIENT_SIDEWAYS;
    if (up) {
        uint32_t *ids = xmalloc(sizeof(uint32_t) * (size_t)(ng + 1));
        int *var = xmalloc(sizeof(int) * (size_t)(ng + 1));
        double *xs = xmalloc(sizeof(double) * 2 * (size_t)(ng + 1)), *ys = xs + ng + 1;
        for (int c = 0; c < nc; c++)
            for (int i = sc->first[c]; i < (c + 1 < nc ? sc->first[c + 1] : ng); i++)
                var[i] = subset_upright_variant(ln, run, i, sc->narrow[c]);
        for (int i = 0; i < ng; i++) {
            ids[i] = (uint32_t)sc->glyphs[i].index;
            xs[i] = sc->glyphs[i].x;
        }
        if (subset_has_pictures(d->em, r->font)) {
            /* emoji: each picture standing up at its glyph's own origin */
            place_upright(r, ids, var, xs, ys, ng, y, 0);
            for (int i = 0; i < ng; i++) {
                cairo_glyph_t g = {sc->glyphs[i].index, 0, 0};
                cairo_save(cr);
                cairo_translate(cr, xs[i], ys[i]);
                cairo_rotate(cr, -M_PI / 2);
                subset_pictures(d->em, cr, r->font, &g, 1);
                cairo_restore(cr);
                xs[i] = sc->glyphs[i].x;
            }
        }
        double k = place_upright(r, ids, var, xs, ys, ng, y,
                                 !d->vertical_fonts                      ? 0
                                 : subset_upright_exact(d->em, r->font) ? -1
                                                                         : VERT_ACROSS);
        for (int i = 0; i < ng; i++) {
            sc->glyphs[i].x = xs[i];
            sc->glyphs[i].y = ys[i];
        }
        if (r->orient == ORIENT_TCY) {     /* one show a digit: each its own font */
            const char *digits = run_text(ln, r) + r->offset;
            for (int i = 0; i < ng && i < r->length; i++) {
                const hb_map_t *map;
                cairo_scaled_font_t *sf = subset_upright_font(d->em, r->font, var[i], &map);
                if (!sf)
                    continue;
                cairo_glyph_t g = sc->glyphs[i];
                if (map)
                    g.index = hb_map_get(map, (hb_codepoint_t)g.index);
                cairo_text_cluster_t one = {1, 1};
                cairo_scaled_font_t *narrow = squeezed(sf, k);
                cairo_set_scaled_font(cr, narrow);
                cairo_show_text_glyphs(cr, digits + i, 1, &g, 1, &one, 1, 0);
                cairo_scaled_font_destroy(narrow);
            }
            nc = 0;                        /* (drawn) */
        } else {                           /* the variant of each cluster, for below */
            for (int c = 0; c < nc; c++)
                sc->narrow[c] = var[sc->first[c]];
        }
        free(var);
        free(ids);
        free(xs);
    }
    /* one show per stretch of clusters drawn from the same font variant */
    const char *text = run_text(ln, r) + r->offset;
    for (int c0 = 0; c0 < nc;) {
        int c1 = c0 + 1, bytes = sc->clusters[c0].num_bytes;
        while (c1 < nc && sc->narrow[c1] == sc->narrow[c0])
            bytes += sc->clusters[c1++].num_bytes;
        const hb_map_t *map;
        cairo_scaled_font_t *sf = up ? subset_upright_font(d->em, r->font, sc->narrow[c0], &map)
                                     : subset_scaled_font(d->em, r->font, sc->narrow[c0], &map);
        int g0 = sc->first[c0], g1 = c1 < nc ? sc->first[c1] : ng;
        if (sf && g1 > g0) {
            if (!up)                       /* (emoji: upright ones above) */
                subset_pictures(d->em, cr, r->font, sc->glyphs + g0, g1 - g0);
            if (map)
                for (int g = g0; g < g1; g++)
                    sc->glyphs[g].index = hb_map_get(map, (hb_codepoint_t)sc->glyphs[g].index);
            cairo_set_scaled_font(cr, sf);
            cairo_show_text_glyphs(cr, text, bytes, sc->glyphs + g0, g1 - g0, sc->clusters + c0,
                                   c1 - c0, 0);
        }
        text += bytes;
        c0 = c1;
    }
}

/* A named destination at (x, y) of the page being drawn. */
static void
dest_at(Draw *d, const Xform *xf, const char *name, double x, double y)
{
    double px, py;
    xf_point(xf, x, y, &px, &py);
    tags_dest(d, name, px, py);
}

static void
draw_line(Draw *d, const Xform *xf, const Line *ln, double x0, double baseline)
{
    cairo_t *cr = d->cr;
    bool linked = false;                   /* a link is open up to run link_last */
    int link_last = -1;
    for (int i = 0; i < ln->n_runs; i++) {
        const Run *r = &ln->runs[i];
        const Style *st = r->span->style;
        double x = x0 + pt_from_unit(r->x);
        double y = baseline - pt_from_unit(st->rise);
        double w = pt_from_unit(r->width), size = pt_from_unit(st->size);
        if (run_dest(r))
            dest_at(d, xf, run_dest(r), x, (y - size));
        if (r->span->href && i > link_last) {
            /* one link over the runs that follow with the same target (a
             * contents line is several runs: number, title, leader, page) */
            int j = i;
            while (j + 1 < ln->n_runs && ln->runs[j + 1].span->href
                   && strcmp(ln->runs[j + 1].span->href, r->span->href) == 0)
                j++;
            double left = 1e300, right = -1e300, top = 1e300, bottom = -1e300;
            for (int k = i; k <= j; k++) {
                const Run *rk = &ln->runs[k];
                double sk = pt_from_unit(rk->span->style->size);
                double tk = baseline - sk * 0.88 - pt_from_unit(rk->span->style->rise);
                double xk = x0 + pt_from_unit(rk->x);
                left = fmin(left, xk);
                right = fmax(right, xk + pt_from_unit(rk->width));
                top = fmin(top, tk);
                bottom = fmax(bottom, tk + sk);
            }
            link_last = j;
            double box[4];
            xf_box(xf, left, top, right - left, bottom - top, box);
            linked = tags_link_begin(d, r->span->href, box[0], box[1], box[2], box[3]);
        }
        if (d->collect)
            continue;
        if (!linked)
            tags_content(d);
        if (st->mark) {                    /* <mark>: the em box behind the run */
            set_color(cr, MARK_COLOR);
            cairo_rectangle(cr, x, y - size * 0.88, w, size);
            cairo_fill(cr);
        }
        set_color(cr, st->color);
        show_run(d, ln, i, x, y);
        if (linked && i == link_last) {
            tags_end(d, CAIRO_TAG_LINK);
            linked = false;
        }
        if (st->strike || st->underline) {
            cairo_set_line_width(cr, size * 0.05);
            /* (an underline in vertical text is a sideline on the right of
             * the line, above its em box on the turned page) */
            double ly = st->strike ? y - size * 0.33
                        : xf->turn > 0 ? y - size * 0.95
                        : y + size * 0.1;
            cairo_move_to(cr, x, ly);
            cairo_line_to(cr, x + w, ly);
            cairo_stroke(cr);
        }
    }
}

/* A page of another document, scaled into the slice's box: its content is
 * tagged by its own tree, inside the element of the slice (a Sect). */
static void
draw_embed(Draw *d, const Slice *s, double x, double y, const Xform *xf)
{
    const Doc *sub = s->x->embed;
    const Page *sp = &sub->pages[s->x->embed_page];
    double sw, sh;
    page_paper(&sub->geom, sp, &sw, &sh);
    double k = slice_embed_scale(s);
    Xform inner = {xf->tx + xf->s * x, xf->ty + xf->s * y, xf->s * k, 0};
    int base = d->base;
    d->base = d->depth;
    cairo_save(d->cr);
    cairo_translate(d->cr, x, y);
    cairo_scale(d->cr, k, k);
    /* a slide that overflows its frame (slide.c warned) stays inside it */
    cairo_rectangle(d->cr, 0, 0, sw, sh);
    cairo_clip(d->cr);
    draw_page(d, sub, sp, &inner, false);
    cairo_restore(d->cr);
    if (!d->collect)
        tags_close(d, d->base);
    d->base = base;
}

/* --- what every page carries: ground, logo, watermark, mark --- */

/* The ground and the logo (PageMarks), under everything else: the colour
 * over the page, then the picture (its box may be larger than the page:
 * cropped), then the logo. Not tagged: decoration. */
static void
draw_ground(Draw *d, const Doc *doc, const Page *p, double left)
{
    const PageMarks *mk = p->marks;
    cairo_t *cr = d->cr;
    double w, h;
    page_paper(&doc->geom, p, &w, &h);
    PangoFontMap *fonts = doc->pango ? pango_context_get_font_map(doc->pango) : NULL;
    bool smooth = !(doc->opt && doc->opt->pdfa);
    cairo_save(cr);
    cairo_rectangle(cr, 0, 0, w, h);
    cairo_clip(cr);
    if (mk->background != 0xffffff) {
        set_color(cr, mk->background);
        cairo_rectangle(cr, 0, 0, w, h);
        cairo_fill(cr);
    }
    if (mk->image)
        image_draw(cr, mk->image, pt_from_unit(mk->image_x), pt_from_unit(mk->image_y),
                   pt_from_unit(mk->image_w), pt_from_unit(mk->image_h), fonts, smooth);
    for (int i = 0; i < mk->n_grounds; i++) {   /* a slide's own, each in its cell */
        const GroundBox *b = &mk->grounds[i];
        cairo_save(cr);
        cairo_rectangle(cr, pt_from_unit(b->cell_x), pt_from_unit(b->cell_y),
                        pt_from_unit(b->cell_w), pt_from_unit(b->cell_h));
        cairo_clip(cr);
        image_draw(cr, b->image, pt_from_unit(b->x), pt_from_unit(b->y), pt_from_unit(b->w),
                   pt_from_unit(b->h), fonts, smooth);
        cairo_restore(cr);
    }
    if (mk->logo)
        image_draw(cr, mk->logo, left + pt_from_unit(mk->logo_x), pt_from_unit(mk->logo_y),
                   pt_from_unit(mk->logo_w), pt_from_unit(mk->logo_h), fonts, smooth);
    cairo_restore(cr);
}

/* The watermark: its glyphs as light outlines along the page's diagonal,
 * from the lower left up to the upper right, centred, before anything
 * but the ground (behind the text). No text: extraction and the structure
 * never see it. */
static void
draw_watermark(Draw *d, const Doc *doc, const Page *p)
{
    const PageMarks *mk = p->marks;
    const Line *ln = mk->watermark;
    if (d->collect || !ln->n_runs)
        return;
    cairo_t *cr = d->cr;
    double w, h;                           /* (the paper's: a vertical page's is drawn */
    page_paper(&doc->geom, p, &w, &h);     /* before it is turned: draw_page) */
    double natural = pt_from_unit(ln->natural);
    double k = mk->watermark_fit && natural > 0 ? pt_from_unit(mk->watermark_fit) / natural : 1;
    const Style *st = ln->runs[0].span->style;
    cairo_save(cr);
    cairo_translate(cr, w / 2, h / 2);
    cairo_rotate(cr, -atan2(h, w));
    cairo_scale(cr, k, k);
    set_color(cr, st->color);
    /* the em box's middle on the diagonal */
    double x0 = -natural / 2, base = pt_from_unit(st->size) * (0.88 - 0.5);
    for (int i = 0; i < ln->n_runs; i++)
        outline_run(cr, &ln->runs[i], x0 + pt_from_unit(ln->runs[i].x), base);
    cairo_restore(cr);
}

/* The mark in its frame (furniture, never tagged). */
static void
draw_mark(Draw *d, const Page *p, const Xform *xf, double left, double base)
{
    const PageMarks *mk = p->marks;
    cairo_t *cr = d->cr;
    draw_line(d, xf, mk->mark, left + pt_from_unit(mk->mark_x),
              base + pt_from_unit(mk->mark_baseline));
    if (!d->collect) {
        set_color(cr, mk->mark_color);
        double lw = 0.8;
        cairo_set_line_width(cr, lw);
        cairo_rectangle(cr, left + pt_from_unit(mk->box_x) + lw / 2,
                        base + pt_from_unit(mk->box_y) + lw / 2, pt_from_unit(mk->box_w) - lw,
                        pt_from_unit(mk->box_h) - lw);
        cairo_stroke(cr);
    }
}

/* The running heads on baseline hb and the foot (the folio) on fb, their
 * band `width` wide from x = left; the head's rule. */
static void
draw_bands(Draw *d, const Doc *doc, const Page *p, const Xform *xf, double left, double hb,
           double fb, double width)
{
    cairo_t *cr = d->cr;
    const Theme *t = doc->theme;
    bool head = false;
    for (int k = 0; k < 3; k++)
        if (p->head[k].line) {
            draw_line(d, xf, p->head[k].line, left + pt_from_unit(p->head[k].x), hb);
            head = true;
        }
    if (head && t->head_rule && !d->collect) {
        set_color(cr, t->rule_color);
        cairo_set_line_width(cr, 0.3);
        double ry = hb + pt_from_unit(t->head.size) * 0.6;
        cairo_move_to(cr, left, ry);
        cairo_line_to(cr, left + width, ry);
        cairo_stroke(cr);
    }
    for (int k = 0; k < 3; k++)
        if (p->foot[k].line)
            draw_line(d, xf, p->foot[k].line, left + pt_from_unit(p->foot[k].x), fb);
}

/* A picture in the box (x, y, w, h); `up`: on a vertical page, standing
 * upright (block.c: w is its height on the paper, h its width). */
static void
draw_picture(cairo_t *cr, const Picture *image, double x, double y, double w, double h, bool up,
             PangoFontMap *fonts, bool smooth)
{
    if (!up) {
        image_draw(cr, image, x, y, w, h, fonts, smooth);
        return;
    }
    cairo_save(cr);
    cairo_translate(cr, x, y + h);
    cairo_rotate(cr, -M_PI / 2);
    image_draw(cr, image, 0, 0, h, w, fonts, smooth);
    cairo_restore(cr);
}

/* A slice set across the paper on a vertical page (SliceExtra.upright):
 * its box starts at x along the line, at y; turned back, its decorations
 * and lines are drawn from the box's top left on the paper. */
static void
draw_upright(Draw *d, const Slice *s, const Xform *xf, double x, double y)
{
    cairo_t *cr = d->cr;
    double h = pt_from_unit(s->height);
    Xform across = {0, 0, xf->s, 0};
    xf_point(xf, x, y + h, &across.tx, &across.ty);
    cairo_save(cr);
    cairo_translate(cr, x, y + h);
    cairo_rotate(cr, -M_PI / 2);
    if (!d->collect)
        draw_decos(cr, s, 0, 0);
    for (int k = 0; k < s->n_lines; k++) {
        if (s->lines[k].node)              /* (a table's cells) */
            tags_sync(d, s->lines[k].node, false, NULL);
        draw_line(d, &across, s->lines[k].line, pt_from_unit(s->lines[k].x),
                  pt_from_unit(s->lines[k].y));
    }
    cairo_restore(cr);
}

static void
draw_laid_out(Draw *d, const Doc *doc, const Page *p, const Xform *xf, bool top_level)
{
    cairo_t *cr = d->cr;
    const PageGeom *g = &doc->geom;
    /* the block's left edge (mirrored on even pages); a slice's x from the
     * edge of its column */
    double left = pt_from_unit(page_left(g, p)), top = pt_from_unit(page_top(g, p));
    if (p->dest && top_level)
        dest_at(d, xf, p->dest, 0, 0);
    if (page_marks_ground(p->marks) && !d->collect && xf->turn == 0)
        draw_ground(d, doc, p, left);
    if (p->marks && p->marks->watermark && xf->turn == 0)
        draw_watermark(d, doc, p);
    /* (a slide beside its split pictures; a vertical one's columns down the turn) */
    double shift = pt_from_unit(p->shift);
    if (xf->turn == 0)
        left += shift;
    else
        top += shift;
    if (p->clip) {                         /* (a slide too full: cut at its foot) */
        cairo_save(cr);
        cairo_rectangle(cr, 0, 0, pt_from_unit(p->width ? p->width : g->width),
                        top + pt_from_unit(p->clip));
        cairo_clip(cr);
    }
    for (int i = 0; i < p->n; i++) {
        const Slice *s = &doc->slices[p->placed[i].slice];
        double y0 = top + pt_from_unit(p->placed[i].y);
        double x0 = left + pt_from_unit(geom_column_x(g, p->placed[i].col));
        const Node *sn = s->node;
        bool has_marker = false;
        for (int k = 0; k < s->n_lines; k++)
            has_marker |= s->lines[k].marker;
        /* (a slice with a marker opens its elements line by line: label first) */
        if (sn && !has_marker
            && (s->n_lines > 0 || s->kind == SLICE_IMAGE || s->kind == SLICE_EMBED))
            tags_sync(d, sn, false, sn->type == NODE_FIGURE ? sn->u.link.alt : NULL);
        bool toci = sn && sn->type == NODE_TOC && s->kind == SLICE_LINE && !d->collect;
        if (toci)
            tags_begin(d, "TOCI", NULL);
        if (s->dest)
            dest_at(d, xf, s->dest, x0, y0);
        const SliceExtra *extra = slice_x(s);
        if (extra->upright && xf->turn > 0) {
            draw_upright(d, s, xf, x0 + pt_from_unit(extra->image_x), y0);
            continue;
        }
        if (!d->collect)
            draw_decos(cr, s, x0, y0);
        if (s->kind == SLICE_EMBED && extra->embed)
            draw_embed(d, s, x0 + pt_from_unit(extra->image_x),
                       y0 + pt_from_unit(extra->image_y), xf);
        PangoFontMap *fonts = doc->pango ? pango_context_get_font_map(doc->pango) : NULL;
        bool smooth = !(doc->opt && doc->opt->pdfa);
        if (extra->image && !d->collect)
            draw_picture(cr, extra->image, x0 + pt_from_unit(extra->image_x),
                         y0 + pt_from_unit(extra->image_y), pt_from_unit(extra->image_w),
                         pt_from_unit(extra->image_h), xf->turn > 0, fonts, smooth);
        for (int k = 0; k < extra->n_row && !d->collect; k++) {   /* (a deck's row) */
            const RowImage *r = &extra->row[k];
            draw_picture(cr, r->image, x0 + pt_from_unit(r->x), y0 + pt_from_unit(r->y),
                         pt_from_unit(r->w), pt_from_unit(r->h), xf->turn > 0, fonts, smooth);
        }
        /* markers first: a list item's label comes before its body */
        for (int pass = 0; pass < 2; pass++)
            for (int k = 0; k < s->n_lines; k++) {
                const SliceLine *sl = &s->lines[k];
                if (sl->marker != (pass == 0))
                    continue;
                if (sl->node || sl->marker)
                    tags_sync(d, sl->node ? sl->node : sn, sl->marker, NULL);
                else if (sn && s->n_lines > 1)
                    tags_sync(d, sn, false, NULL);
                draw_line(d, xf, sl->line, x0 + pt_from_unit(sl->x), y0 + pt_from_unit(sl->y));
            }
        if (toci)
            tags_end(d, "TOCI");
    }
    const Theme *t = doc->theme;
    if (p->n_notes > 0) {
        /* footnotes at the foot (of each column holding some): a short
         * rule, then the notes */
        for (int i = 0; i < p->n_notes; i++) {
            double nx = left + pt_from_unit(geom_column_x(g, p->notes[i].col));
            double ny = top + pt_from_unit(p->notes[i].y);
            if (i == 0 || p->notes[i].col != p->notes[i - 1].col) {
                if (!d->collect) {
                    set_color(cr, t->rule_color);
                    cairo_set_line_width(cr, 0.5);
                    double ry = ny - pt_from_unit(g->pitch) / 4;
                    cairo_move_to(cr, nx, ry);
                    cairo_line_to(cr, nx + pt_from_unit(g->measure) / 3, ry);
                    cairo_stroke(cr);
                }
                if (i == 0 && p->note_mark)
                    draw_line(d, xf, p->note_mark, nx, ny - pt_from_unit(g->pitch) / 8);
            }
            const Slice *s = &doc->slices[p->notes[i].slice];
            double y0 = ny;
            if (s->dest)
                dest_at(d, xf, s->dest, nx, y0);
            for (int pass = 0; pass < 2; pass++)
                for (int k = 0; k < s->n_lines; k++) {
                    const SliceLine *sl = &s->lines[k];
                    if (sl->marker != (pass == 0))
                        continue;
                    tags_sync(d, sl->node ? sl->node : s->node, sl->marker, NULL);
                    draw_line(d, xf, sl->line, nx + pt_from_unit(sl->x),
                              y0 + pt_from_unit(sl->y));
                }
        }
    }
    if (p->clip)
        cairo_restore(cr);
    /* running heads and folios are not part of the text: close the open
     * elements first (they reopen on the next page) */
    if (top_level && !d->collect)
        tags_close(d, d->base);
    d->furniture = top_level;
    if (xf->turn == 0)                     /* (a vertical page's: draw_page, across) */
        draw_bands(d, doc, p, xf, left, pt_from_unit(g->head_baseline),
                   pt_from_unit(g->foot_baseline),
                   pt_from_unit(p->narrow ? p->narrow : g->block_width));
    if (p->marks && p->marks->mark && xf->turn == 0)   /* (a vertical page's: draw_page) */
        draw_mark(d, p, xf, left - shift, 0);
    d->furniture = false;
}

/* A vertical page (vertical.h) is drawn turned a quarter clockwise: its
 * lines then run down the paper, one after another to the left; a page of
 * its own size (a slide of the appendix) is set across. */
void
draw_page(Draw *d, const Doc *doc, const Page *p, const Xform *xf, bool top_level)
{
    if (!doc->geom.vertical || p->width) {
        draw_laid_out(d, doc, p, xf, top_level);
        return;
    }
    double pw, ph;
    page_paper(&doc->geom, p, &pw, &ph);
    Xform turned = *xf;
    turned.turn = pw;
    /* the ground and logo across the paper, x from the block's left edge on it */
    const PageGeom *g = &doc->geom;
    double x0 = pw - pt_from_unit(page_top(g, p) + g->body_height);
    if (page_marks_ground(p->marks) && !d->collect)
        draw_ground(d, doc, p, x0);
    if (p->marks && p->marks->watermark)   /* (across the paper, under the text) */
        draw_watermark(d, doc, p);
    cairo_save(d->cr);
    cairo_translate(d->cr, pw, 0);
    cairo_rotate(d->cr, M_PI / 2);
    draw_laid_out(d, doc, p, &turned, top_level);
    cairo_restore(d->cr);
    /* the running heads across 天 and the folio across 地, over the block
     * as it stands on the paper (its lines' width, from its left edge), as
     * far from it as across */
    double top = pt_from_unit(page_left(g, p));
    double hb = top - pt_from_unit(g->top - g->head_baseline);
    double fb = top + pt_from_unit(g->block_width + g->foot_baseline - g->top - g->body_height);
    d->furniture = top_level;
    double bw = pt_from_unit(p->narrow ? p->narrow : g->body_height);   /* (a split slide's) */
    double band = pw - pt_from_unit(page_top(g, p) + p->shift) - bw;
    draw_bands(d, doc, p, xf, band, hb, fb, bw);
    if (p->marks && p->marks->mark)        /* (in its corner of the bands) */
        draw_mark(d, p, xf, band, doc->theme->mark_corner <= CORNER_TOP_LEFT ? hb : fb);
    d->furniture = false;
}

/* --- print production: bleed and crop marks (トンボ) --- */

/* How far the trimmed page sits inside the sheet: the bleed, plus room for
 * the crop marks when they are drawn. */
double
draw_sheet_offset(const Doc *doc)
{
    const Settings *o = doc->opt;
    if (!o)
        return 0;
    double bleed = o->bleed_mm > 0 ? MM(o->bleed_mm) : 0;
    return o->crop_marks ? bleed + MM(13) : bleed;
}

static void
line(cairo_t *cr, double x0, double y0, double x1, double y1)
{
    cairo_move_to(cr, x0, y0);
    cairo_line_to(cr, x1, y1);
}

/* Japanese crop marks around the trim box (x, y, w, h): at each corner a
 * double mark, one line on the trim edge and one on the bleed edge, both
 * from the bleed outwards; at the middle of each side a centre mark, a line
 * on the axis with a cross bar. Hairlines in black, outside the bleed. */
void
draw_crop_marks(cairo_t *cr, double x, double y, double w, double h, double b)
{
    double len = MM(10), gap = MM(1);
    cairo_save(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 0.25);
    double xs[2] = {x, x + w}, ys[2] = {y, y + h};
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++) {
            double cx = xs[i], cy = ys[j];
            double sx = i ? 1 : -1, sy = j ? 1 : -1;   /* outwards */
            /* horizontal lines: on the trim edge and the bleed edge */
            line(cr, cx + sx * (b + gap), cy, cx + sx * (b + gap + len), cy);
            line(cr, cx + sx * b, cy + sy * b, cx + sx * (b + gap + len), cy + sy * b);
            /* vertical lines, the same */
            line(cr, cx, cy + sy * (b + gap), cx, cy + sy * (b + gap + len));
            line(cr, cx + sx * b, cy + sy * b, cx + sx * b, cy + sy * (b + gap + len));
        }
    /* centre marks */
    double mx = x + w / 2, my = y + h / 2, bar = MM(8);
    for (int j = 0; j < 2; j++) {
        double sy = j ? 1 : -1, ey = j ? y + h : y;
        line(cr, mx, ey + sy * (b + gap), mx, ey + sy * (b + gap + len));
        line(cr, mx - bar / 2, ey + sy * (b + gap + len / 2), mx + bar / 2,
             ey + sy * (b + gap + len / 2));
    }
    for (int i = 0; i < 2; i++) {
        double sx = i ? 1 : -1, ex = i ? x + w : x;
        line(cr, ex + sx * (b + gap), my, ex + sx * (b + gap + len), my);
        line(cr, ex + sx * (b + gap + len / 2), my - bar / 2, ex + sx * (b + gap + len / 2),
             my + bar / 2);
    }
    cairo_stroke(cr);
    cairo_restore(cr);
}

void
draw_scratch_free(Draw *d)
{
    free(d->sc.glyphs);
    free(d->sc.clusters);
    free(d->sc.narrow);
    free(d->sc.first);
    free(d->sc.cl);
    d->sc = (Scratch){0};
}
