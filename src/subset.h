/*
 * subset.h: font subsetting: the fonts a PDF embeds, cut down to the
 * glyphs the document draws before cairo sees them, and their narrow
 * copies.
 */
#ifndef SUBSET_H
#define SUBSET_H

#include <cairo.h>

#include "doc.h"

typedef struct Subsets Subsets;
struct _PangoFont;
struct _cairo_scaled_font;
struct hb_map_t;

/* Collect the glyphs of every line on doc->pages (and the page furniture),
 * per font face, and cut each face down to them with hb-subset (glyph ids
 * kept). Never fails: a face that cannot be subset is used whole. */
Subsets *subset_new(Doc *doc);
void subset_free(Subsets *sub);

/* Narrow copies of a subset: advances of 8/16 .. 15/16 em. */
#define SUBSET_NARROW 8

/* The cairo scaled font to draw `font`'s glyphs with (borrowed): the subset,
 * or for `narrow` 8..15 its copy whose glyphs advance narrow/16 em; *map
 * gets the glyph id map into it (NULL: ids unchanged). */
struct _cairo_scaled_font *subset_scaled_font(Subsets *sub, struct _PangoFont *font, int narrow,
                                              const struct hb_map_t **map);

/* Draw the pictures of a colour emoji font's glyphs[0..n) (ids in
 * `font`, as Pango gave them; positions in cr's user space), whose text
 * subset_scaled_font's font carries but does not show (emoji.c); nothing
 * for any other font. */
void subset_pictures(Subsets *sub, cairo_t *cr, struct _PangoFont *font,
                     const cairo_glyph_t *glyphs, int n);

/* Is glyph `glyph` of run `run` of `ln` (its cluster starting at byte
 * `cluster` of the run: run_cluster) a full-width glyph that the line sets
 * closer than an em to the next one? 0 if not, else the sixteenths of an em
 * (8..15) of the narrow copy to draw it from. */
int subset_narrow(const Line *ln, int run, int glyph, int cluster);

#endif
