/*
 * pdf_impl.h: what the files of the PDF stage share, and no other file
 * reads: the drawing context (draw.c draws a page into it, tags.c opens its
 * structure elements, links and destinations, pdf.c runs it over the
 * document).
 * The stage's public header is pdf.h.
 */
#ifndef PDF_IMPL_H
#define PDF_IMPL_H

#include <cairo.h>
#include <glib.h>
#include <stdbool.h>

#include "doc.h"
#include "subset.h"
#include "limits.h"

/* Where a page is drawn: page = t + s * local (cairo's tag attributes are
 * not transformed by its matrix, so link rectangles and destinations are
 * mapped by hand). A vertical page is laid out turned a quarter clockwise
 * (vertical.h): with `turn` (the paper's width) local (x, y) is first
 * (turn - y, x) on the paper. */
typedef struct Xform { double tx, ty, s, turn; } Xform;

static inline void
xf_point(const Xform *xf, double x, double y, double *px, double *py)
{
    if (xf->turn > 0) {
        double t = x;
        x = xf->turn - y;
        y = t;
    }
    *px = xf->tx + xf->s * x;
    *py = xf->ty + xf->s * y;
}

/* The box (x, y, w, h) on the paper: out[] = x, y, w, h. */
static inline void
xf_box(const Xform *xf, double x, double y, double w, double h, double out[4])
{
    if (xf->turn > 0) {
        double t = x;
        x = xf->turn - (y + h);
        y = t;
        t = w;
        w = h;
        h = t;
    }
    out[0] = xf->tx + xf->s * x;
    out[1] = xf->ty + xf->s * y;
    out[2] = xf->s * w;
    out[3] = xf->s * h;
}

/* Glyphs and clusters of one run for cairo_show_text_glyphs: the same
 * mapping pango_cairo_show_glyph_item would pass, drawn with the subset
 * font (subset.c). */
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

/* An open structure element: the node (or a node and a role) it stands for. */
typedef struct Tag { const void *key; const char *type; } Tag;

#define MAX_TAGS (LIMIT_NEST_DEPTH * 3 + 16)

/* The drawing context. A first pass with `collect` set draws nothing and
 * records where every named destination lands; the second pass draws and
 * writes internal links as explicit page positions (cairo 1.16 damages the
 * file when a link names a destination defined later in the document). */
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
    bool vertical_fonts;                   /* the PDF: upright glyphs of vertical text are
                                            * placed by their vertical origin, as the
                                            * post-pass makes their fonts vertical (else
                                            * by their horizontal one: PNG, SVG) */
} Draw;

#define MM(x) ((x) * 72.0 / 25.4)

/* --- draw.c: a page --- */

/* Draw page p of doc into d->cr at xf (top_level: a page of the output, not
 * one drawn into another's slice): slices, notes, running heads, folios,
 * with their structure elements, links and destinations. With d->collect
 * set, nothing is drawn: the destinations are recorded. */
void draw_page(Draw *d, const Doc *doc, const Page *p, const Xform *xf, bool top_level);
/* Free d's glyph scratch arrays (d itself is the caller's). */
void draw_scratch_free(Draw *d);
/* How far the trimmed page sits inside the sheet: the bleed, plus room for
 * the crop marks when they are drawn (points). */
double draw_sheet_offset(const Doc *doc);
/* Japanese crop marks around the trim box (x, y, w, h) with bleed b. */
void draw_crop_marks(cairo_t *cr, double x, double y, double w, double h, double b);

/* --- tags.c: structure elements, links and destinations --- */

/* A cairo tag attribute string value (quotes and backslashes escaped), in a. */
char *tags_attr_string(Arena *a, const char *s);
/* Begin / end an element; tags_end leaves the open one's content unmarked. */
void tags_begin(Draw *d, const char *type, const char *attrs);
void tags_end(Draw *d, const char *type);
/* Before drawing text: mark it if the open element no longer does. */
void tags_content(Draw *d);
/* Close the open elements down to `keep`. */
void tags_close(Draw *d, int keep);
/* Make the open elements the path of node n (below the fixed base); a
 * Figure's alt text joins d->alts. */
void tags_sync(Draw *d, const Node *n, bool marker, const char *alt);
/* A named destination at (x, y) of the page (collect: recorded only). */
void tags_dest(Draw *d, const char *name, double x, double y);
/* A link over the page rectangle (x, y, w, h): its tag is left open for the
 * run's text; true when it was opened. */
bool tags_link_begin(Draw *d, const char *href, double x, double y, double w, double h);

#endif
