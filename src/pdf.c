/*
 * pdf.c: draw the pages with cairo's PDF surface.
 * Reads doc->pages, doc->slices, doc->outline, doc->meta; writes the file.
 *
 * Each line is drawn run by run with cairo_show_text_glyphs and the run's
 * cluster mapping (what pango_cairo_show_glyph_item passes), in the subset
 * faces of embed.c: cairo embeds CID-keyed CFF subsets with a ToUnicode
 * map, so extraction gives the source text.
 * Links are cairo "Link" tags with explicit rectangles, internal ones as
 * explicit page positions found by a first pass over the pages; named
 * destinations mark headings, notes and slides for the outline. Slides
 * embedded in a page are drawn from their own document, scaled. Metadata
 * carries a fixed creation date (never the clock), so equal input gives
 * equal bytes. The file is written to a temporary file beside the target
 * and renamed into place only when cairo reports success; on any failure,
 * or on SIGINT/SIGTERM/SIGHUP, the temporary file is removed and the
 * target is untouched.
 * What cairo 1.16 cannot write (alt texts, page labels, link destinations,
 * metadata, PDF/A) is added by the post-pass, post.c.
 */
#include "pdf.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <hb.h>
#include <limits.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <math.h>
#include <pthread.h>
#include <pango/pangocairo.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "diag.h"
#include "files.h"
#include "fonts.h"
#include "subset.h"
#include "limits.h"
#include "node.h"
#include "parse.h"
#include "post.h"
#include "style.h"

#ifndef KUMIHAN_VERSION
#define KUMIHAN_VERSION "0.1"
#endif

/* Where a page is drawn: page = t + s * local (cairo's tag attributes are
 * not transformed by its matrix, so link rectangles and destinations are
 * mapped by hand). */
typedef struct Xform { double tx, ty, s; } Xform;

typedef struct Writer {
    FILE *fp;
    bool failed;
    int err;
    const char *dir;                       /* the output's folder, or NULL */
} Writer;

static cairo_status_t
write_cb(void *closure, const unsigned char *data, unsigned int length)
{
    Writer *w = closure;
    if (w->failed)
        return CAIRO_STATUS_WRITE_ERROR;
    if (fwrite(data, 1, length, w->fp) != length) {
        w->failed = true;
        w->err = errno;
        return CAIRO_STATUS_WRITE_ERROR;
    }
    return CAIRO_STATUS_SUCCESS;
}

static void
set_color(cairo_t *cr, uint32_t rgb)
{
    cairo_set_source_rgb(cr, ((rgb >> 16) & 0xFF) / 255.0, ((rgb >> 8) & 0xFF) / 255.0,
                         (rgb & 0xFF) / 255.0);
}

/* A cairo tag attribute string value: quotes and backslashes escaped. */
static char *
attr_string(Arena *a, const char *s)
{
    size_t n = 0;
    for (const char *p = s; *p; p++)
        n += (*p == '\'' || *p == '\\') ? 2 : 1;
    char *out = arena_alloc(a, n + 1), *o = out;
    for (const char *p = s; *p; p++) {
        if (*p == '\'' || *p == '\\')
            *o++ = '\\';
        *o++ = *p;
    }
    *o = '\0';
    return out;
}

/* A URI as cairo can write it: cairo 1.16 puts the /URI into a literal
 * string as it is, so an unbalanced parenthesis or a backslash damages the
 * file, and a PDF URI is 7-bit ASCII. Those bytes, spaces, controls and
 * every byte of a non-ASCII character are percent-encoded (RFC 3986, and
 * RFC 3987 for the characters), which names the same resource. */
static bool
uri_escaped(unsigned char c)
{
    return c <= ' ' || c >= 0x7f || c == '(' || c == ')' || c == '\\';
}

static char *
uri_for_pdf(Arena *a, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        n += uri_escaped(*p) ? 3 : 1;
    char *out = arena_alloc(a, n + 1), *o = out;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (uri_escaped(*p)) {
            *o++ = '%';
            *o++ = hex[*p >> 4];
            *o++ = hex[*p & 15];
        } else {
            *o++ = (char)*p;
        }
    }
    *o = '\0';
    return out;
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
             * whole points, come out the same at 1 (1 % of the report's
             * instructions) */
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

/* Glyphs and clusters of one run for cairo_show_text_glyphs: the same
 * mapping pango_cairo_show_glyph_item would pass, drawn with the subset
 * font (embed.c). */
typedef struct Scratch {
    cairo_glyph_t *glyphs;
    cairo_text_cluster_t *clusters;
    int *narrow;                           /* per cluster: the narrow variant or 0 */
    int *first;                            /* per cluster: its first glyph */
    int *cl;                               /* per glyph: its cluster (run_cluster) */
    int cap;
} Scratch;

/* Where a named destination is: page (1-based) and point on it. */
typedef struct DestPos { int page; double x, y; } DestPos;

/* The drawing context. A first pass with `collect` set draws nothing and
 * records where every named destination lands; the second pass draws and
 * writes internal links as explicit page positions (cairo 1.16 damages the
 * file when a link names a destination defined later in the document). */
/* An open structure element: the node (or a node and a role) it stands for. */
typedef struct Tag { const void *key; const char *type; } Tag;

#define MAX_TAGS (LIMIT_NEST_DEPTH * 3 + 16)

typedef struct Draw {
    cairo_t *cr;
    Subsets *em;
    Scratch sc;
    bool collect;
    GHashTable *dests;                     /* name -> DestPos */
    int page;                              /* 1-based, the page being drawn */
    Arena *arena;                          /* for attribute strings */
    Tag open[MAX_TAGS];                    /* the structure elements open now */
    int depth, base;                       /* open count; entries below base stay */
    GPtrArray *alts;                       /* alt texts of the figures, in order */
    bool no_narrow;                        /* PDF/A: no narrow metric copies */
    GArray *links;                         /* LinkFix: internal links for post.c */
    bool bare;                             /* a child element ended: the open element's
                                            * marked content is closed (cairo 1.16) */
    bool span;                             /* a Span is open for such content */
    bool furniture;                        /* drawing heads and folios: never tagged */
} Draw;

/* --- structure tags (tagged PDF) --- */

/* The structure type a node stands for, or NULL for none. */
static const char *
struct_type(const Node *n)
{
    static const char *const h[] = {"H1", "H2", "H3", "H4", "H5", "H6"};
    switch (n->type) {
    case NODE_HEADING: {
        int l = n->u.heading.level;
        return h[(l < 1 ? 1 : l > 6 ? 6 : l) - 1];
    }
    case NODE_PARAGRAPH: return "P";
    case NODE_LIST: return "L";
    case NODE_ITEM: return "LI";
    case NODE_QUOTE: return "BlockQuote";
    case NODE_CODE_BLOCK: return "Code";
    case NODE_TABLE: return "Table";
    case NODE_ROW: return "TR";
    case NODE_CELL: return n->parent && n->parent->u.row.header ? "TH" : "TD";
    case NODE_FIGURE: return "Figure";
    case NODE_FOOTNOTE_DEF: return "Note";
    case NODE_TITLE_LINE: return n->u.title.role == TITLE_TITLE ? "H1" : "P";
    case NODE_TOC: return "TOC";
    case NODE_APPENDIX: return "Sect";
    case NODE_SLIDE: return "Sect";
    default: return NULL;
    }
}

/* The elements from the top of n's document down to n (marker: its Lbl). */
static int
path_of(const Node *n, bool marker, Tag *out)
{
    Tag rev[MAX_TAGS];
    int k = 0;
    if (marker && n)
        rev[k++] = (Tag){(const char *)n + 1, "Lbl"};
    for (const Node *p = n; p && p->type != NODE_DOCUMENT && k + 2 < MAX_TAGS; p = p->parent) {
        const char *t = struct_type(p);
        if (!t)
            continue;
        /* an item's only paragraph is its LBody's content, not a P in it */
        bool sole = p->type == NODE_PARAGRAPH && p->parent && p->parent->type == NODE_ITEM
                    && p->parent->first == p && !p->next;
        if (!sole)
            rev[k++] = (Tag){p, t};
        if (p->parent && p->parent->type == NODE_ITEM)
            rev[k++] = (Tag){(const char *)p->parent + 2, "LBody"};
    }
    for (int i = 0; i < k; i++)
        out[i] = rev[k - 1 - i];
    return k;
}

/* cairo 1.16 marks an element's content from its tag_begin until a child
 * element begins; after the child ends, the parent's further content is
 * left unmarked (outside the structure tree). Such content goes into a Span
 * of the open element, opened when content comes and closed at the next
 * tag. */
static void
span_close(Draw *d)
{
    if (d->span) {
        d->span = false;
        cairo_tag_end(d->cr, "Span");
    }
}

static void
tag_begin(Draw *d, const char *type, const char *attrs)
{
    span_close(d);
    cairo_tag_begin(d->cr, type, attrs);
    d->bare = false;
}

static void
tag_end(Draw *d, const char *type)
{
    span_close(d);
    cairo_tag_end(d->cr, type);
    d->bare = true;
}

/* Before drawing text: mark it if the open element no longer does. */
static void
content(Draw *d)
{
    if (d->bare && !d->span && !d->furniture && !d->collect && d->depth > 0) {
        cairo_tag_begin(d->cr, "Span", NULL);
        d->span = true;
    }
}

static void
close_tags(Draw *d, int keep)
{
    while (d->depth > keep) {
        d->depth--;
        tag_end(d, d->open[d->depth].type);
    }
}

/* cairo 1.16 gives an element with child elements no marked content of its
 * own: its direct text must go into Spans from the start. */
static bool
has_child_elements(const Node *n)
{
    switch (n->type) {
    case NODE_TOC:
    case NODE_APPENDIX:
    case NODE_SLIDE:
        return true;
    case NODE_PARAGRAPH:
    case NODE_HEADING:
    case NODE_CELL:
    case NODE_TITLE_LINE:
        return node_has_link(n);
    default:
        return false;
    }
}

/* Make the open elements the path of node n (below the fixed base). */
static void
sync_tags(Draw *d, const Node *n, bool marker, const char *alt)
{
    if (d->collect)
        return;
    Tag path[MAX_TAGS];
    int k = path_of(n, marker, path);
    int same = 0;
    while (same < k && d->base + same < d->depth && d->open[d->base + same].key == path[same].key)
        same++;
    close_tags(d, d->base + same);
    for (int i = same; i < k && d->depth < MAX_TAGS; i++) {
        tag_begin(d, path[i].type, NULL);
        bool real = strcmp(path[i].type, "Lbl") != 0 && strcmp(path[i].type, "LBody") != 0;
        if (real && has_child_elements((const Node *)path[i].key))
            d->bare = true;
        if (strcmp(path[i].type, "Figure") == 0)
            g_ptr_array_add(d->alts, (gpointer)(alt ? alt : ""));
        d->open[d->depth++] = path[i];
    }
}

static void
emit_dest(Draw *d, const char *name, double x, double y)
{
    if (d->collect) {
        if (!g_hash_table_contains(d->dests, name)) {
            DestPos *p = arena_alloc(d->arena, sizeof(DestPos));
            *p = (DestPos){d->page, x, y};
            g_hash_table_insert(d->dests, (gpointer)name, p);
        }
        return;
    }
    char *attrs = arena_printf(d->arena, "name='%s' x=%.2f y=%.2f", attr_string(d->arena, name),
                               x, y);
    cairo_tag_begin(d->cr, CAIRO_TAG_DEST, attrs);
    cairo_tag_end(d->cr, CAIRO_TAG_DEST);
}

/* A link over the page rectangle (x, y, w, h): its tag is left open for the
 * run's text (the Link element holds its text); true when it was opened. */
static bool
link_begin(Draw *d, const char *href, double x, double y, double w, double h)
{
    if (d->collect)
        return false;
    char *attrs;
    if (href[0] == '#') {
        const DestPos *p = g_hash_table_lookup(d->dests, href + 1);
        if (!p)
            return false;                  /* parse.c warned of a link to nowhere */
        attrs = arena_printf(d->arena, "rect=[%.2f %.2f %.2f %.2f] page=%d pos=[%.2f %.2f]", x,
                             y, w, h, p->page, p->x, p->y);
        LinkFix f = {d->page, x, y, w, h, p->page, p->x, p->y};
        g_array_append_val(d->links, f);
    } else {
        attrs = arena_printf(d->arena, "rect=[%.2f %.2f %.2f %.2f] uri='%s'", x, y, w, h,
                             attr_string(d->arena, uri_for_pdf(d->arena, href)));
    }
    tag_begin(d, CAIRO_TAG_LINK, attrs);
    return true;
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
    cairo_glyph_path(cr, g, n);
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
        sc->cl[i] = c = run_cluster(r, ln->text, i, c);
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
            sc->narrow[nc] = d->no_narrow ? 0 : subset_narrow(ln, run, i, sc->cl[i]);
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
    /* one show per stretch of clusters drawn from the same font variant */
    const char *text = ln->text + r->offset;
    for (int c0 = 0; c0 < nc;) {
        int c1 = c0 + 1, bytes = sc->clusters[c0].num_bytes;
        while (c1 < nc && sc->narrow[c1] == sc->narrow[c0])
            bytes += sc->clusters[c1++].num_bytes;
        const hb_map_t *map;
        cairo_scaled_font_t *sf = subset_scaled_font(d->em, r->font,
                                                     sc->narrow[c0], &map);
        int g0 = sc->first[c0], g1 = c1 < nc ? sc->first[c1] : ng;
        if (sf && g1 > g0) {
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
            emit_dest(d, run_dest(r), xf->tx + xf->s * x, xf->ty + xf->s * (y - size));
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
            linked = link_begin(d, r->span->href, xf->tx + xf->s * left, xf->ty + xf->s * top,
                                xf->s * (right - left), xf->s * (bottom - top));
        }
        if (d->collect)
            continue;
        if (!linked)
            content(d);
        set_color(cr, st->color);
        show_run(d, ln, i, x, y);
        if (linked && i == link_last) {
            tag_end(d, CAIRO_TAG_LINK);
            linked = false;
        }
        if (st->strike || st->underline) {
            cairo_set_line_width(cr, size * 0.05);
            double ly = st->strike ? y - size * 0.33 : y + size * 0.1;
            cairo_move_to(cr, x, ly);
            cairo_line_to(cr, x + w, ly);
            cairo_stroke(cr);
        }
    }
}

static void draw_page(Draw *d, const Doc *doc, const Page *p, const Xform *xf, bool top_level);

/* A page of another document, scaled into the slice's box: its content is
 * tagged by its own tree, inside the element of the slice (a Sect). */
static void
draw_embed(Draw *d, const Slice *s, double x, double y, const Xform *xf)
{
    const Doc *sub = s->x->embed;
    const Page *sp = &sub->pages[s->x->embed_page];
    double sw = pt_from_unit(sp->width ? sp->width : sub->geom.width);
    double k = slice_embed_scale(s);
    Xform inner = {xf->tx + xf->s * x, xf->ty + xf->s * y, xf->s * k};
    int base = d->base;
    d->base = d->depth;
    cairo_save(d->cr);
    cairo_translate(d->cr, x, y);
    cairo_scale(d->cr, k, k);
    /* a slide that overflows its frame (slide.c warned) stays inside it */
    double sh = pt_from_unit(sp->height ? sp->height : sub->geom.height);
    cairo_rectangle(d->cr, 0, 0, sw, sh);
    cairo_clip(d->cr);
    draw_page(d, sub, sp, &inner, false);
    cairo_restore(d->cr);
    if (!d->collect)
        close_tags(d, d->base);
    d->base = base;
}

static void
draw_page(Draw *d, const Doc *doc, const Page *p, const Xform *xf, bool top_level)
{
    cairo_t *cr = d->cr;
    const PageGeom *g = &doc->geom;
    double left = pt_from_unit(g->left), top = pt_from_unit(g->top);
    if (p->dest && top_level)
        emit_dest(d, p->dest, xf->tx, xf->ty);
    for (int i = 0; i < p->n; i++) {
        const Slice *s = &doc->slices[p->placed[i].slice];
        double y0 = top + pt_from_unit(p->placed[i].y);
        const Node *sn = s->node;
        bool has_marker = false;
        for (int k = 0; k < s->n_lines; k++)
            has_marker |= s->lines[k].marker;
        /* (a slice with a marker opens its elements line by line: label first) */
        if (sn && !has_marker
            && (s->n_lines > 0 || s->kind == SLICE_IMAGE || s->kind == SLICE_EMBED))
            sync_tags(d, sn, false, sn->type != NODE_FIGURE ? NULL
                                    : sn->u.link.alt ? sn->u.link.alt
                                                     : node_text((Doc *)doc, sn));
        bool toci = sn && sn->type == NODE_TOC && s->kind == SLICE_LINE && !d->collect;
        if (toci)
            tag_begin(d, "TOCI", NULL);
        if (s->dest)
            emit_dest(d, s->dest, xf->tx + xf->s * left, xf->ty + xf->s * y0);
        if (!d->collect)
            draw_decos(cr, s, left, y0);
        const SliceExtra *extra = slice_x(s);
        if (s->kind == SLICE_EMBED && extra->embed)
            draw_embed(d, s, left + pt_from_unit(extra->image_x),
                       y0 + pt_from_unit(extra->image_y), xf);
        if (extra->image && !d->collect) {
            cairo_save(cr);
            cairo_surface_t *img = extra->image;
            double w = pt_from_unit(extra->image_w), h = pt_from_unit(extra->image_h);
            double sx = w / cairo_image_surface_get_width(img);
            double sy = h / cairo_image_surface_get_height(img);
            cairo_translate(cr, left + pt_from_unit(extra->image_x),
                            y0 + pt_from_unit(extra->image_y));
            cairo_scale(cr, sx, sy);
            cairo_set_source_surface(cr, img, 0, 0);
            /* a rectangle, not cairo_paint: an unclipped opaque paint makes
             * cairo's recording surface drop what the page recorded before
             * it, the open structure tags included */
            cairo_rectangle(cr, 0, 0, cairo_image_surface_get_width(img),
                            cairo_image_surface_get_height(img));
            cairo_fill(cr);
            cairo_restore(cr);
        }
        /* markers first: a list item's label comes before its body */
        for (int pass = 0; pass < 2; pass++)
            for (int k = 0; k < s->n_lines; k++) {
                const SliceLine *sl = &s->lines[k];
                if (sl->marker != (pass == 0))
                    continue;
                if (sl->node || sl->marker)
                    sync_tags(d, sl->node ? sl->node : sn, sl->marker, NULL);
                else if (sn && s->n_lines > 1)
                    sync_tags(d, sn, false, NULL);
                draw_line(d, xf, sl->line, left + pt_from_unit(sl->x), y0 + pt_from_unit(sl->y));
            }
        if (toci)
            tag_end(d, "TOCI");
    }
    const Theme *t = doc->theme;
    if (p->n_notes > 0) {
        /* footnotes at the foot: a short rule, then the notes */
        double ny = top + pt_from_unit(p->notes[0].y);
        if (!d->collect) {
            set_color(cr, t->rule_color);
            cairo_set_line_width(cr, 0.5);
            double ry = ny - pt_from_unit(g->pitch) / 4;
            cairo_move_to(cr, left, ry);
            cairo_line_to(cr, left + pt_from_unit(g->measure) / 3, ry);
            cairo_stroke(cr);
        }
        if (p->note_mark)
            draw_line(d, xf, p->note_mark, left, ny - pt_from_unit(g->pitch) / 8);
        for (int i = 0; i < p->n_notes; i++) {
            const Slice *s = &doc->slices[p->notes[i].slice];
            double y0 = top + pt_from_unit(p->notes[i].y);
            if (s->dest)
                emit_dest(d, s->dest, xf->tx + xf->s * left, xf->ty + xf->s * y0);
            for (int pass = 0; pass < 2; pass++)
                for (int k = 0; k < s->n_lines; k++) {
                    const SliceLine *sl = &s->lines[k];
                    if (sl->marker != (pass == 0))
                        continue;
                    sync_tags(d, sl->node ? sl->node : s->node, sl->marker, NULL);
                    draw_line(d, xf, sl->line, left + pt_from_unit(sl->x),
                              y0 + pt_from_unit(sl->y));
                }
        }
    }
    /* running heads and folios are not part of the text: close the open
     * elements first (they reopen on the next page) */
    if (top_level && !d->collect)
        close_tags(d, d->base);
    d->furniture = top_level;
    if (p->head_left || p->head_right) {
        double hb = pt_from_unit(g->head_baseline);
        if (p->head_left)
            draw_line(d, xf, p->head_left, left, hb);
        if (p->head_right)
            draw_line(d, xf, p->head_right, left + pt_from_unit(g->measure / 2), hb);
        if (!d->collect) {
            set_color(cr, t->rule_color);
            cairo_set_line_width(cr, 0.3);
            double ry = hb + pt_from_unit(t->head.size) * 0.6;
            cairo_move_to(cr, left, ry);
            cairo_line_to(cr, left + pt_from_unit(g->measure), ry);
            cairo_stroke(cr);
        }
    }
    if (p->foot_left)
        draw_line(d, xf, p->foot_left, left, pt_from_unit(g->foot_baseline));
    if (p->folio)
        draw_line(d, xf, p->folio, left, pt_from_unit(g->foot_baseline));
    d->furniture = false;
}

/* --- print production: bleed and crop marks (トンボ) --- */

#define MM(x) ((x) * 72.0 / 25.4)

/* How far the trimmed page sits inside the sheet: the bleed, plus room for
 * the crop marks when they are drawn. */
static double
sheet_offset(const Doc *doc)
{
    const Options *o = doc->opt;
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
static void
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

/* The document date for CreationDate: --date, else the front matter, else
 * SOURCE_DATE_EPOCH, else none (cairo then writes no date: never the clock). */
static char *
creation_date(Doc *doc)
{
    if (doc->meta.year)                    /* --date or the front matter (parse.c) */
        return arena_printf(doc->arena, "%04d-%02d-%02dT00:00:00Z", doc->meta.year,
                            doc->meta.month, doc->meta.day);
    if (doc->opt && doc->opt->has_epoch) {     /* main.c checked it: 0..year 9999 */
        time_t tt = (time_t)doc->opt->epoch;
        struct tm tm;
        if (gmtime_r(&tt, &tm))
            return arena_printf(doc->arena, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900,
                                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    }
    return NULL;
}

static void release_layout(Doc *doc, GStringChunk *kept, const char **labels, GPtrArray *alts,
                           char **date);

/* --- the layout given back as the pages are drawn ---
 * The layout lives in the document's arena from doc->layout_mark on, and
 * what its last pass made anew in doc->pass. Before the pages are drawn,
 * each chunk of both learns the last page that reads it (its lines, runs,
 * glyphs, slices' arrays); once that page is drawn (cairo keeps copies of
 * what it was given) the chunk goes, and cairo's growing output takes its
 * place. Whatever is read after the pages (the page array and labels, the
 * bookmarks, where the destinations are, the date) is kept to the end, as
 * are the chunks in use. */
typedef struct Held {
    ArenaChunks *chunks;
    int *last;                             /* per chunk: last page index reading it, -1
                                            * none, INT_MAX: read after the pages */
    int *order;                            /* chunk indexes by `last` */
    int next;                              /* order[next..]: still held */
} Held;

typedef struct Giveback {
    Held held[2];                          /* the arena's layout; doc->pass */
    int n_held;
    int n_chunks, n_freed;
    size_t bytes;                          /* given back so far */
    size_t trimmed;                        /* `bytes` at the last malloc_trim */
} Giveback;

static void
used(Giveback *g, const void *p, int page)
{
    if (!p)
        return;
    for (int h = 0; h < g->n_held; h++) {
        Held *t = &g->held[h];
        int i = arena_chunks_find(t->chunks, p);
        if (i >= 0) {
            if (t->last[i] < page)
                t->last[i] = page;
            return;
        }
    }
}

static void
used_line(Giveback *g, const Line *ln, int page)
{
    if (!ln)
        return;
    used(g, ln, page);
    used(g, ln->text, page);
    used(g, ln->runs, page);
    for (int i = 0; i < ln->n_runs; i++) {
        const Run *r = &ln->runs[i];
        used(g, r->glyphs, page);          /* (offsets and clusters follow them) */
        used(g, r->span, page);
        used(g, r->span->style, page);
        used(g, r->span->href, page);
        used(g, r->span->dest, page);
        used(g, r->span->text, page);
    }
}

static void
used_slice(Giveback *g, const Doc *doc, int k, int page)
{
    const Slice *s = &doc->slices[k];
    used(g, s->lines, page);
    used(g, s->decos, page);
    used(g, s->dest, page);
    used(g, s->x, page);
    if (s->node && s->node->type == NODE_FIGURE)
        used(g, s->node->u.link.alt, page);   /* (made after the layout: node_release_inlines) */
    for (int i = 0; i < s->n_lines; i++)
        used_line(g, s->lines[i].line, page);
}

static int *giveback_last;                 /* (for qsort) */

static int
by_last(const void *a, const void *b)
{
    int x = giveback_last[*(const int *)a], y = giveback_last[*(const int *)b];
    return x < y ? -1 : x > y;
}

/* KUMIHAN_KEEP_LAYOUT=1 keeps the whole layout until the last page is drawn
 * (to compare the output and the memory with and without giving back). */
static bool
getenv_keep_layout(void)
{
    static int keep = -1;
    if (keep < 0) {
        const char *e = getenv("KUMIHAN_KEEP_LAYOUT");
        keep = e && *e && strcmp(e, "0") != 0;
    }
    return keep;
}

static void
held_init(Held *t, Arena *a, ArenaMark m)
{
    t->chunks = arena_chunks(a, m);
    int n = arena_chunks_count(t->chunks);
    t->last = xmalloc(sizeof(int) * (size_t)(n ? n : 1));
    t->order = xmalloc(sizeof(int) * (size_t)(n ? n : 1));
    for (int i = 0; i < n; i++) {
        t->last[i] = -1;
        t->order[i] = i;
    }
    t->next = 0;
}

/* The tables for drawing doc's pages; `dests` and `date` are read after. */
static Giveback
giveback_new(Doc *doc, GHashTable *dests, const char *date)
{
    Giveback g = {0};
    held_init(&g.held[g.n_held++], doc->arena, doc->layout_mark);
    if (doc->pass)
        held_init(&g.held[g.n_held++], doc->pass, (ArenaMark){0});
    used(&g, doc->pages, INT_MAX);
    for (int j = 0; j < doc->n_pages; j++) {
        const Page *p = &doc->pages[j];
        used(&g, p->label, INT_MAX);
        used(&g, p->dest, j);
        used(&g, p->placed, j);
        used(&g, p->notes, j);
        for (int i = 0; i < p->n; i++)
            used_slice(&g, doc, p->placed[i].slice, j);
        for (int i = 0; i < p->n_notes; i++)
            used_slice(&g, doc, p->notes[i].slice, j);
        const Line *extra[PAGE_EXTRA_LINES];
        page_extra_lines(p, extra);
        for (int i = 0; i < PAGE_EXTRA_LINES; i++)
            used_line(&g, extra[i], j);
    }
    used(&g, doc->outline, INT_MAX);
    for (int i = 0; i < doc->n_outline; i++) {
        used(&g, doc->outline[i].title, INT_MAX);
        used(&g, doc->outline[i].dest, INT_MAX);
    }
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, dests);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        used(&g, k, INT_MAX);
        used(&g, v, INT_MAX);
    }
    used(&g, date, INT_MAX);
    for (int h = 0; h < g.n_held; h++) {
        Held *t = &g.held[h];
        int n = arena_chunks_count(t->chunks);
        g.n_chunks += n;
        giveback_last = t->last;
        qsort(t->order, (size_t)n, sizeof(int), by_last);
        giveback_last = NULL;
    }
    return g;
}

/* Page `page` (0-based; -1: none yet) is drawn: free what no later page reads. */
static void
giveback(Giveback *g, int page)
{
    for (int h = 0; h < g->n_held; h++) {
        Held *t = &g->held[h];
        int n = arena_chunks_count(t->chunks);
        while (t->next < n && t->last[t->order[t->next]] <= page) {
            g->bytes += arena_chunks_release(t->chunks, t->order[t->next]);
            g->n_freed++;
            t->next++;
        }
    }
#ifdef __GLIBC__
    /* what cairo does not take up again goes back to the system, a few MB
     * at a time (glibc keeps freed pages otherwise) */
    if (g->bytes - g->trimmed >= 4u << 20) {
        malloc_trim(0);
        g->trimmed = g->bytes;
    }
#endif
}

static void
giveback_free(Giveback *g)
{
    for (int h = 0; h < g->n_held; h++) {
        arena_chunks_free(g->held[h].chunks);
        free(g->held[h].last);
        free(g->held[h].order);
    }
}

/* Draw the pages with cairo into w. Once the last page is drawn and the
 * bookmarks are given, the layout goes (release_layout: `labels`, the alt
 * texts and the date are copied into `kept` first), before cairo writes the
 * structure tree and the fonts. */
static Status
render_cairo(Doc *doc, Writer *w, GPtrArray **alts_out, char **date_out, GArray *links,
             GStringChunk *kept, const char **labels)
{
    const PageGeom *g = &doc->geom;
    double off = sheet_offset(doc);        /* the sheet is the page plus this all round */
    double first_w = pt_from_unit(doc->n_pages > 0 && doc->pages[0].width ? doc->pages[0].width
                                                                          : g->width);
    double first_h = pt_from_unit(doc->n_pages > 0 && doc->pages[0].height
                                      ? doc->pages[0].height
                                      : g->height);
    cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(
        write_cb, w, first_w + 2 * off, first_h + 2 * off);
    cairo_pdf_surface_restrict_to_version(surface, CAIRO_PDF_VERSION_1_5);
    const Meta *m = &doc->meta;
    if (m->title)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, m->title);
    if (m->author)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, m->author);
    if (m->subject)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT, m->subject);
    if (m->keywords)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_KEYWORDS, m->keywords);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR,
                                   "kumihan " KUMIHAN_VERSION);
    char *date = creation_date(doc);
    if (date) {
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, date);
    }
    cairo_t *cr = cairo_create(surface);
    Status st = ST_OK;
    *alts_out = NULL;
#ifdef __GLIBC__
    /* what the layout freed (Pango's items, glyph strings, buffers) goes back
     * to the system before the subsetter maps the fonts: the peak of a long
     * document is here (2.7 MB less for 900 pages) */
    malloc_trim(0);
#endif
    Subsets *em = subset_new(doc);
    diag_time(doc, "subset");
    Draw d = {.cr = cr, .em = em, .collect = true, .arena = doc->arena,
              .dests = g_hash_table_new(g_str_hash, g_str_equal),
              .no_narrow = doc->opt && doc->opt->pdfa, .links = links};
    for (int i = 0; i < doc->n_pages; i++) {
        Xform xf = {off, off, 1};
        d.page = i + 1;
        draw_page(&d, doc, &doc->pages[i], &xf, true);
    }
    d.collect = false;
    Unit cur_w = unit_from_pt(first_w), cur_h = unit_from_pt(first_h);
    /* cairo 1.16 writes link annotations that point at a structure tree:
     * without an enclosing structure element the file is damaged (qpdf:
     * "object not found"). One Document element holds every page. */
    cairo_tag_begin(cr, "Document", NULL);
    /* the layout goes as the pages are drawn (not for a document drawn into
     * another's pages: it has no layout of its own here) */
    Giveback gb = {0};
    bool giving = doc->layout_marked && !getenv_keep_layout();
    if (giving) {
        gb = giveback_new(doc, d.dests, date);
        giveback(&gb, -1);
    }
    d.alts = g_ptr_array_new();
    d.open[0] = (Tag){doc, "Document"};
    d.depth = d.base = 1;
    for (int i = 0; i < doc->n_pages; i++) {
        const Page *p = &doc->pages[i];
        Unit pw = p->width ? p->width : g->width, ph = p->height ? p->height : g->height;
        if (pw != cur_w || ph != cur_h) {
            /* only on a change: cairo 1.16 loses the structure tree when the
             * size is set on a page that already has it */
            cairo_pdf_surface_set_size(surface, pt_from_unit(pw) + 2 * off,
                                       pt_from_unit(ph) + 2 * off);
            cur_w = pw;
            cur_h = ph;
        }
        Xform xf = {off, off, 1};
        d.page = i + 1;
        /* The paper, painted first. cairo's PDF surface unions the extents of
         * every drawing operation into a region per page (pixman), at a cost
         * that grows with the region's rectangles: once the page rectangle is
         * in it, each union is a containment test. (Profile: 8% of all
         * instructions for a 30-page report before this.) */
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_rectangle(cr, 0, 0, pt_from_unit(pw) + 2 * off, pt_from_unit(ph) + 2 * off);
        cairo_fill(cr);                    /* (not cairo_paint: see the images) */
        cairo_save(cr);
        cairo_translate(cr, off, off);
        draw_page(&d, doc, p, &xf, true);
        cairo_restore(cr);
        if (doc->opt && doc->opt->crop_marks)
            draw_crop_marks(cr, off, off, pt_from_unit(pw), pt_from_unit(ph),
                            MM(doc->opt->bleed_mm));
        cairo_show_page(cr);
        if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
            break;
        if (giving)
            giveback(&gb, i);
    }
    if (giving) {
        if (doc->opt && doc->opt->verbose >= 2)
            fprintf(stderr, "kumihan: drawing gave back %d of %d chunks of the layout "
                    "(%.1f MB) as the pages were done\n", gb.n_freed, gb.n_chunks,
                    (double)gb.bytes / (1024.0 * 1024.0));
        giveback_free(&gb);
    }
    close_tags(&d, 0);                     /* and the Document */
    /* bookmarks: top levels open, as deep as the headings go */
    int *ids = xmalloc(sizeof(int) * (size_t)(doc->n_outline + 1));
    for (int i = 0; i < doc->n_outline; i++) {
        const Outline *o = &doc->outline[i];
        /* a heading on a page left out (--pages) has no bookmark; its
         * children go under the nearest one kept */
        int up = o->parent;
        while (up >= 0 && ids[up] < 0)
            up = doc->outline[up].parent;
        if (!g_hash_table_contains(d.dests, o->dest)) {
            ids[i] = -1;
            continue;
        }
        int parent = up < 0 ? CAIRO_PDF_OUTLINE_ROOT : ids[up];
        char *attrs = arena_printf(doc->arena, "dest='%s'", attr_string(doc->arena, o->dest));
        ids[i] = cairo_pdf_surface_add_outline(surface, parent, o->title, attrs,
                                               o->level <= 1 ? CAIRO_PDF_OUTLINE_FLAG_OPEN : 0);
    }
    free(ids);
    if (doc->layout_marked)
        release_layout(doc, kept, labels, d.alts, &date);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    cairo_status_t cs = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
#ifdef __GLIBC__
    malloc_trim(0);                        /* cairo's page and structure records */
#endif
    subset_free(d.em);
    g_hash_table_destroy(d.dests);
    *alts_out = d.alts;
    *date_out = date;
    free(d.sc.glyphs);
    free(d.sc.clusters);
    free(d.sc.narrow);
    free(d.sc.first);
    free(d.sc.cl);
    if (cs != CAIRO_STATUS_SUCCESS || w->failed)
        st = diag_fail(doc, ST_IO, "cannot write the PDF: %s",
                       w->failed ? strerror(w->err) : cairo_status_to_string(cs));
    return st;
}

/* The sources to attach: the input and the appendix decks, by file name. */
static int
by_base(const void *a, const void *b)
{
    const char *x = ((const PostSource *)a)->name, *y = ((const PostSource *)b)->name;
    const char *bx = strrchr(x, '/'), *by = strrchr(y, '/');
    return strcmp(bx ? bx + 1 : x, by ? by + 1 : y);
}

/* The pages are drawn: what the post-pass needs of the layout (labels, alt
 * texts, the date) is copied, and the layout goes (lines, slices, pages,
 * Pango items) before cairo writes the structure tree and the fonts and the
 * post-pass reads the PDF: their memory does not add to the layout's. */
static void
release_layout(Doc *doc, GStringChunk *kept, const char **labels, GPtrArray *alts, char **date)
{
    for (int i = 0; i < doc->n_pages; i++)
        if (labels[i])
            labels[i] = g_string_chunk_insert(kept, labels[i]);
    for (guint i = 0; alts && i < alts->len; i++)
        alts->pdata[i] = g_string_chunk_insert(kept, alts->pdata[i]);
    if (*date)
        *date = g_string_chunk_insert(kept, *date);
    arena_rewind(doc->arena, doc->layout_mark);
    arena_free(doc->pass);
    doc->pass = NULL;
    doc->layout_marked = false;
    doc->pages = NULL;                     /* (n_pages stays: it is reported) */
    free(doc->slices);
    doc->slices = NULL;
    doc->n_slices = doc->cap_slices = 0;
#ifdef __GLIBC__
    /* the freed layout is mostly small blocks inside glibc's heap, which
     * keeps their pages: given back, cairo's structure tree and fonts start
     * from a smaller footprint (900 pages: peak RSS 169 -> 150 MB) */
    malloc_trim(0);
#endif
}

/* Where cairo writes: a scratch file in the output's folder, unlinked at
 * once (the post-pass maps it: cairo's output, 13 MB for 900 pages, is not
 * held in memory while the pages are drawn); in memory for documents under
 * SCRATCH_PAGES pages, when there is no folder (standard output) or when no
 * file can be made there. */
#define SCRATCH_PAGES 64
typedef struct Scratchfile {
    FILE *fp;
    bool in_memory;                        /* fp is an open_memstream */
    char *mem;                             /* its buffer */
    size_t mem_len;
    const unsigned char *map;              /* the file, mapped for the post-pass */
    size_t map_len;
    unsigned char *copy;                   /* or read, where it cannot be mapped */
} Scratchfile;

static bool
scratch_open(Scratchfile *s, const char *dir)
{
    *s = (Scratchfile){0};
    char path[4096];
    int n = dir ? snprintf(path, sizeof path, "%s/.kumihan-cairo.XXXXXX", dir) : -1;
    int fd = n > 0 && (size_t)n < sizeof path ? mkstemp(path) : -1;
    if (fd >= 0) {
        unlink(path);
        s->fp = fdopen(fd, "w+b");
        if (s->fp) {
            setvbuf(s->fp, NULL, _IOFBF, 1 << 16);
            return true;
        }
        close(fd);
    }
    s->fp = open_memstream(&s->mem, &s->mem_len);
    s->in_memory = true;
    return s->fp != NULL;
}

/* Done writing: the bytes cairo wrote (NULL on a failure: errno). */
static const unsigned char *
scratch_data(Scratchfile *s, size_t *len)
{
    if (s->in_memory) {                    /* fclose sets mem and mem_len */
        int bad = s->fp ? fclose(s->fp) : -1;
        s->fp = NULL;
        if (bad != 0)
            return NULL;
        *len = s->mem_len;
        return (const unsigned char *)s->mem;
    }
    if (fflush(s->fp) != 0)
        return NULL;
    struct stat sb;
    if (fstat(fileno(s->fp), &sb) != 0)
        return NULL;
    *len = (size_t)sb.st_size;
    if (*len == 0)
        return (const unsigned char *)"";
    void *p = mmap(NULL, *len, PROT_READ, MAP_PRIVATE, fileno(s->fp), 0);
    if (p != MAP_FAILED) {
        s->map = p;
        s->map_len = *len;
        return s->map;
    }
    /* a file system that cannot map it: read it */
    s->copy = xmalloc(*len);
    for (size_t got = 0; got < *len;) {
        ssize_t k = pread(fileno(s->fp), s->copy + got, *len - got, (off_t)got);
        if (k <= 0) {
            if (k < 0 && errno == EINTR)
                continue;
            if (k == 0)
                errno = EIO;
            return NULL;
        }
        got += (size_t)k;
    }
    return s->copy;
}

static void
scratch_close(Scratchfile *s)
{
    if (s->map)
        munmap((void *)s->map, s->map_len);
    if (s->fp)
        fclose(s->fp);
    free(s->mem);
    free(s->copy);
    *s = (Scratchfile){0};
}

/* cairo draws into a scratch file; the post-pass (post.c) writes the PDF. */
static Status
render(Doc *doc, Writer *w)
{
    Scratchfile scratch;
    /* (a short document's output is small: memory is quicker than a file) */
    if (!scratch_open(&scratch, doc->n_pages >= SCRATCH_PAGES ? w->dir : NULL))
        return diag_fail(doc, ST_IO, "cannot write the PDF: %s", strerror(errno));
    Writer mw = {.fp = scratch.fp};
    GPtrArray *alts = NULL;
    char *date = NULL;
    GStringChunk *kept = g_string_chunk_new(256);
    GArray *links = g_array_new(FALSE, FALSE, sizeof(LinkFix));
    const char **labels = xmalloc(sizeof(char *) * (size_t)(doc->n_pages + 1));
    double *heights = xmalloc(sizeof(double) * (size_t)(doc->n_pages + 1));
    double *widths = xmalloc(sizeof(double) * (size_t)(doc->n_pages + 1));
    for (int i = 0; i < doc->n_pages; i++) {
        const Page *p = &doc->pages[i];
        labels[i] = p->label;
        heights[i] = pt_from_unit(p->height ? p->height : doc->geom.height)
                     + 2 * sheet_offset(doc);
        widths[i] = pt_from_unit(p->width ? p->width : doc->geom.width) + 2 * sheet_offset(doc);
    }
    Status st = render_cairo(doc, &mw, &alts, &date, links, kept, labels);
    size_t len = 0;
    const unsigned char *buf = scratch_data(&scratch, &len);
    if (!buf && st == ST_OK)
        st = diag_fail(doc, ST_IO, "cannot write the PDF: %s", strerror(errno));
    /* the sources attached are the bytes read and rendered, never read again */
    PostSource sources[8];
    int n_sources = 0;
    if (doc->opt && doc->opt->embed_source) {
        const SourceFile *read[8];
        n_sources = files_sources(doc, read, 8);
        for (int i = 0; i < n_sources; i++)
            sources[i] = (PostSource){strcmp(read[i]->path, "-") == 0 ? "stdin.md" : read[i]->path,
                                      read[i]->data, read[i]->len};
        qsort(sources, (size_t)n_sources, sizeof sources[0], by_base);
    }
    diag_time(doc, "draw");
    if (st == ST_OK) {
        PostInput in = {.pdf = buf, .len = len, .mapped = scratch.map != NULL,
                        .alts = (const char *const *)alts->pdata, .n_alts = (int)alts->len,
                        .date = date, .sources = sources, .n_sources = n_sources,
                        .labels = labels, .heights = heights, .widths = widths,
                        .trim_offset = sheet_offset(doc),
                        .bleed = doc->opt ? MM(doc->opt->bleed_mm) : 0,
                        .n_pages = doc->n_pages,
                        .links = (const LinkFix *)(void *)links->data,
                        .n_links = (int)links->len};
        st = post_process(doc, &in, w->fp);
        diag_time(doc, "post");
    }
    free(labels);
    free(heights);
    free(widths);
    g_array_free(links, TRUE);
    if (alts)
        g_ptr_array_free(alts, TRUE);
    g_string_chunk_free(kept);
    scratch_close(&scratch);
    return st;
}

/* --- all or nothing --- */

/* The temporary files of the output being written (each a template until
 * mkstemp fills it in; emptied once renamed into place), which on_signal
 * removes. Each is named ".kumihan-XXXXXX" in the output's folder: fixed and
 * short, so it fits wherever the final name fits (a name of NAME_MAX bytes
 * has no room for a prefix and a suffix). */
static char **temps;
static volatile sig_atomic_t n_temps;
static struct sigaction saved_int, saved_term, saved_hup;

static void
on_signal(int sig)
{
    for (sig_atomic_t i = 0; i < n_temps; i++)
        if (temps[i][0])
            unlink(temps[i]);
    signal(sig, SIG_DFL);
    raise(sig);
}

/* Room for `n` temporary files; SIGINT, SIGTERM and SIGHUP remove them
 * until temps_end(). */
static void
temps_begin(int n)
{
    temps = xmalloc(sizeof(char *) * (size_t)(n > 0 ? n : 1));
    n_temps = 0;
    struct sigaction sa = {0};
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, &saved_int);
    sigaction(SIGTERM, &sa, &saved_term);
    sigaction(SIGHUP, &sa, &saved_hup);
}

/* A new temporary file in `dir`, open for writing, its name in *name; NULL
 * with errno on a failure. */
static FILE *
temp_open(const char *dir, const char **name)
{
    size_t len = strlen(dir) + sizeof "/.kumihan-XXXXXX";
    char *t = xmalloc(len);
    snprintf(t, len, "%s/.kumihan-XXXXXX", dir);
    temps[n_temps] = t;
    atomic_signal_fence(memory_order_seq_cst);  /* the handler sees it whole */
    n_temps = n_temps + 1;
    int fd = mkstemp(t);
    if (fd < 0) {
        t[0] = '\0';
        return NULL;
    }
    *name = t;
    fchmod(fd, 0644);
    FILE *fp = fdopen(fd, "wb");
    if (!fp) {
        int e = errno;
        close(fd);
        unlink(t);
        t[0] = '\0';
        errno = e;
    }
    return fp;
}

/* Flush a temporary file to the disk and close it: 0, or -1 with errno
 * (a full disk shows here, if not before). */
static int
temp_close(FILE *fp)
{
    int bad = fflush(fp) != 0 || fsync(fileno(fp)) != 0;
    int e = errno;
    if (fclose(fp) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    errno = e;
    return bad ? -1 : 0;
}

/* Rename temporary file i to `path`: 0, or -1 with errno. */
static int
temp_rename(int i, const char *path)
{
    if (rename(temps[i], path) != 0)
        return -1;
    temps[i][0] = '\0';
    return 0;
}

/* Remove the temporary files not renamed, and give the signals back. */
static void
temps_end(void)
{
    for (sig_atomic_t i = 0; i < n_temps; i++)
        if (temps[i][0])
            unlink(temps[i]);
    sigaction(SIGINT, &saved_int, NULL);
    sigaction(SIGTERM, &saved_term, NULL);
    sigaction(SIGHUP, &saved_hup, NULL);
    int n = n_temps;
    n_temps = 0;
    atomic_signal_fence(memory_order_seq_cst);
    for (int i = 0; i < n; i++)
        free(temps[i]);
    free(temps);
    temps = NULL;
}

/* The folder of `path` ("." for a bare name), in the arena. */
static char *
folder_of(Doc *doc, const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? arena_strndup(doc->arena, path, (size_t)(slash - path + (slash == path)))
                 : arena_strdup(doc->arena, ".");
}

typedef Status (*RenderFn)(Doc *doc, Writer *w, void *arg);

/* Write `path` ("-": standard output) with fn: to a temporary file beside it,
 * renamed into place only when complete. */
static Status
write_file(Doc *doc, const char *path, RenderFn fn, void *arg)
{
    if (strcmp(path, "-") == 0) {
        Writer w = {.fp = stdout};
        Status st = fn(doc, &w, arg);
        if (fflush(stdout) != 0 && st == ST_OK)
            st = diag_fail(doc, ST_IO, "cannot write the PDF to standard output");
        return st;
    }
    struct stat sb;
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
        return diag_fail(doc, ST_IO, "cannot write %s: it is a folder", path);
    if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
        /* a device or a pipe (/dev/null, a FIFO): written in place, never
         * replaced by a file */
        FILE *fp = fopen(path, "wb");
        if (!fp)
            return diag_fail(doc, ST_IO, "cannot write %s: %s", path, strerror(errno));
        Writer w = {.fp = fp};
        Status st = fn(doc, &w, arg);
        if (fclose(fp) != 0 && st == ST_OK)
            st = diag_fail(doc, ST_IO, "cannot write %s: %s", path, strerror(errno));
        return st;
    }
    char *dir = folder_of(doc, path);
    Status st = ST_OK;
    temps_begin(1);
    const char *temp = NULL;
    FILE *fp = temp_open(dir, &temp);
    if (!fp) {
        st = diag_fail(doc, ST_IO, "cannot write %s: %s (does the folder %s exist and is it "
                       "writable?)", path, strerror(errno), dir);
        goto done;
    }
    Writer w = {.fp = fp, .dir = dir};
    st = fn(doc, &w, arg);
    if (temp_close(fp) != 0 && st == ST_OK)
        st = diag_fail(doc, ST_IO, "cannot write %s: %s", path, strerror(errno));
    if (st == ST_OK && temp_rename(0, path) != 0)
        st = diag_fail(doc, ST_IO, "cannot write %s: %s", path, strerror(errno));
done:
    temps_end();
    return st;
}

static Status
render_pdf(Doc *doc, Writer *w, void *arg)
{
    (void)arg;
    return render(doc, w);
}

Status
pdf_write_file(Doc *doc, const char *path)
{
    return write_file(doc, path, render_pdf, NULL);
}

/* --- pages as images (--format png|svg) --- */

typedef struct ImageJob { int page; const char *format; int dpi; Draw *d; } ImageJob;

static Status
render_image(Doc *doc, Writer *w, void *arg)
{
    ImageJob *job = arg;
    const Page *p = &doc->pages[job->page];
    double wpt = pt_from_unit(p->width ? p->width : doc->geom.width);
    double hpt = pt_from_unit(p->height ? p->height : doc->geom.height);
    double k = strcmp(job->format, "svg") == 0 ? 1.0 : job->dpi / 72.0;
    cairo_surface_t *surface;
    if (strcmp(job->format, "svg") == 0) {
        surface = cairo_svg_surface_create_for_stream(write_cb, w, wpt, hpt);
        cairo_svg_surface_restrict_to_version(surface, CAIRO_SVG_VERSION_1_1);
    } else {
        surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)ceil(wpt * k),
                                             (int)ceil(hpt * k));
    }
    cairo_t *cr = cairo_create(surface);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, k, k);
    Draw *d = job->d;
    d->cr = cr;
    d->page = job->page + 1;
    Xform xf = {0, 0, 1};
    draw_page(d, doc, p, &xf, true);
    close_tags(d, 0);
    cairo_destroy(cr);
    d->cr = NULL;
    cairo_status_t cs;
    if (strcmp(job->format, "png") == 0) {
        cairo_surface_flush(surface);
        cs = cairo_surface_write_to_png_stream(surface, write_cb, w);
    } else {
        cairo_surface_finish(surface);
        cs = cairo_surface_status(surface);
    }
    cairo_surface_destroy(surface);
    if (cs != CAIRO_STATUS_SUCCESS || w->failed)
        return diag_fail(doc, ST_IO, "cannot write the %s page: %s", job->format,
                         w->failed ? strerror(w->err) : cairo_status_to_string(cs));
    return ST_OK;
}

/* Where the page files of `path` go: its length without the extension
 * (out/report.pdf -> out/report, then -001.png ...). */
static size_t
stem_len(const char *path)
{
    size_t n = strlen(path);
    const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
    if (dot && (!slash || dot > slash) && dot != path && (slash ? dot > slash + 1 : true))
        n = (size_t)(dot - path);
    return n;
}

static const char *
kind_of(mode_t mode)
{
    return S_ISDIR(mode) ? "a folder" : S_ISCHR(mode) || S_ISBLK(mode) ? "a device"
           : S_ISFIFO(mode) ? "a FIFO" : S_ISSOCK(mode) ? "a socket" : "not a regular file";
}

bool
pdf_check_image_names(const char *path, const char *format, int last_number, char *why,
                      size_t why_size)
{
    if (strcmp(path, "-") == 0) {
        snprintf(why, why_size, "--format %s writes one file per page, named after -o: "
                 "standard output (-o -) cannot hold them; give a file name "
                 "(-o out/report.pdf gives out/report-001.%s, ...)", format, format);
        return false;
    }
    struct stat sb;
    if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
        snprintf(why, why_size, "--format %s writes one file per page, named after -o: "
                 "%s is %s, not a file name to name them after "
                 "(-o out/report.pdf gives out/report-001.%s, ...)", format, path,
                 kind_of(sb.st_mode), format);
        return false;
    }
    /* the longest page name: the last page's number, three digits at least */
    char digits[16];
    int n_digits = snprintf(digits, sizeof digits, "%03d", last_number > 0 ? last_number : 1);
    size_t stem = stem_len(path);
    const char *slash = strrchr(path, '/');
    size_t base = stem - (slash ? (size_t)(slash + 1 - path) : 0);
    size_t name_len = base + 1 + (size_t)n_digits + 1 + strlen(format);
    char *dir = slash ? strndup(path, (size_t)(slash - path + (slash == path))) : strdup(".");
    long name_max = dir ? pathconf(dir, _PC_NAME_MAX) : -1;
    free(dir);
    if (name_max <= 0)
        name_max = NAME_MAX;
    if (name_len > (size_t)name_max) {
        snprintf(why, why_size, "the page files of -o %.*s%s would be named %.*s...-%s.%s, "
                 "%zu bytes, longer than the %ld the file system allows: give a shorter -o",
                 (int)(base > 40 ? 40 : base), slash ? slash + 1 : path, base > 40 ? "..." : "",
                 (int)(base > 40 ? 40 : base), slash ? slash + 1 : path, digits, format,
                 name_len, name_max);
        return false;
    }
    if (stem + 1 + (size_t)n_digits + 1 + strlen(format) >= PATH_MAX) {
        snprintf(why, why_size, "the page files of -o would have paths longer than the "
                 "%d bytes the system allows: give a shorter -o", PATH_MAX - 1);
        return false;
    }
    return true;
}

Status
pdf_write_images(Doc *doc, const char *path, const char *format, int dpi, int first_number)
{
    char why[512];
    if (!pdf_check_image_names(path, format, first_number + doc->n_pages - 1, why, sizeof why))
        return diag_fail(doc, ST_USAGE, "%s", why);
    /* out/report.pdf -> out/report-001.png ... (the page's number in the
     * whole document, so a --pages range keeps its names) */
    int n = (int)stem_len(path);
    char *dir = folder_of(doc, path);
    char **names = arena_alloc(doc->arena, sizeof(char *) * (size_t)(doc->n_pages + 1));
    for (int i = 0; i < doc->n_pages; i++) {
        names[i] = arena_printf(doc->arena, "%.*s-%03d.%s", n, path, first_number + i, format);
        struct stat sb;
        if (stat(names[i], &sb) == 0 && !S_ISREG(sb.st_mode))
            return diag_fail(doc, ST_IO, "cannot write %s: it is %s; no page written", names[i],
                             kind_of(sb.st_mode));
        if (files_was_read(doc, names[i]) || fonts_hold(doc->fonts, names[i]))
            return diag_fail(doc, ST_USAGE, "%s is a file this run reads: refusing to write "
                             "over it (name another output); no page written", names[i]);
    }
    Draw d = {.em = subset_new(doc), .collect = false, .arena = doc->arena,
              .dests = g_hash_table_new(g_str_hash, g_str_equal), .links = NULL};
    GArray *links = g_array_new(FALSE, FALSE, sizeof(LinkFix));
    d.links = links;
    /* All or nothing, as the PDF: every page goes to a temporary file in the
     * folder, flushed to the disk; only then are they renamed to their
     * names, with the signals held so an interrupt cannot stop the renames
     * halfway. A failure or an interrupt before leaves the files already at
     * those names (an earlier run's) untouched. */
    Status st = ST_OK;
    temps_begin(doc->n_pages);
    for (int i = 0; i < doc->n_pages && st == ST_OK; i++) {
        const char *temp = NULL;
        FILE *fp = temp_open(dir, &temp);
        if (!fp) {
            st = diag_fail(doc, ST_IO, "cannot write %s: %s (does the folder %s exist and is "
                           "it writable?); no page written", names[i], strerror(errno), dir);
            break;
        }
        Writer w = {.fp = fp, .dir = dir};
        ImageJob job = {i, format, dpi, &d};
        st = render_image(doc, &w, &job);
        if (temp_close(fp) != 0 && st == ST_OK)
            st = diag_fail(doc, ST_IO, "cannot write %s: %s; no page written", names[i],
                           strerror(errno));
    }
    if (st == ST_OK) {
        sigset_t hold, old;
        sigemptyset(&hold);
        sigaddset(&hold, SIGINT);
        sigaddset(&hold, SIGTERM);
        sigaddset(&hold, SIGHUP);
        pthread_sigmask(SIG_BLOCK, &hold, &old);
        for (int i = 0; i < doc->n_pages && st == ST_OK; i++)
            if (temp_rename(i, names[i]) != 0)
                st = diag_fail(doc, ST_IO, "cannot write %s: %s (%d of the %d pages had been "
                               "renamed into place)", names[i], strerror(errno), i,
                               doc->n_pages);
        pthread_sigmask(SIG_SETMASK, &old, NULL);
    }
    temps_end();
    if (st == ST_OK && doc->opt && doc->opt->verbose)
        for (int i = 0; i < doc->n_pages; i++)
            fprintf(stderr, "%s\n", names[i]);
    subset_free(d.em);
    g_hash_table_destroy(d.dests);
    g_array_free(links, TRUE);
    free(d.sc.glyphs);
    free(d.sc.clusters);
    free(d.sc.narrow);
    free(d.sc.first);
    free(d.sc.cl);
    return st;
}
