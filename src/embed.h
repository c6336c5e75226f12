/*
 * embed.h: the fonts a PDF embeds, cut down before cairo sees them.
 */
#ifndef EMBED_H
#define EMBED_H

#include "doc.h"

typedef struct Embed Embed;
struct _PangoFont;
struct _cairo_scaled_font;
struct hb_map_t;

/* Collect the glyphs of every line on doc->pages (and the page furniture),
 * per font face, and cut each face down to them with hb-subset (glyph ids
 * kept). Never fails: a face that cannot be subset is used whole. */
Embed *embed_new(Doc *doc);
void embed_free(Embed *e);

/* Narrow copies of a subset: advances of 8/16 .. 15/16 em. */
#define EMBED_NARROW 8

/* The cairo scaled font to draw `font`'s glyphs with (borrowed): the subset,
 * or for `narrow` 8..15 its copy whose glyphs advance narrow/16 em; *map
 * gets the glyph id map into it (NULL: ids unchanged). */
struct _cairo_scaled_font *embed_scaled_font(Embed *e, struct _PangoFont *font, int narrow,
                                             const struct hb_map_t **map);

/* Is glyph `glyph` of run `run` of `ln` (its cluster starting at byte
 * `cluster` of the run: run_cluster) a full-width glyph that the line sets
 * closer than an em to the next one? 0 if not, else the sixteenths of an em
 * (8..15) of the narrow copy to draw it from. */
int embed_narrow(const Line *ln, int run, int glyph, int cluster);

/* Warming: while the pages are drawn, a second thread loads the glyphs
 * each page is about to draw into cairo's scaled fonts (FreeType reading
 * CFF outlines: a fifth of the report's time), at most WARM_AHEAD pages
 * ahead; the drawing then finds them in cairo's cache. The PDF is the same
 * bytes either way (cairo's caches hold what FreeType gives, whichever
 * thread asked). Off on one processor or with KUMIHAN_THREADS=1.
 * embed_warm_start resolves the fonts with the drawing context `cr` (its
 * surface's font options, before the first page); embed_warm_page says which
 * page is being drawn; embed_warm_stop (also embed_free) joins. */
struct _cairo;
void embed_warm_start(Embed *e, struct _cairo *cr);
void embed_warm_page(Embed *e, int page);
void embed_warm_stop(Embed *e);

#endif
