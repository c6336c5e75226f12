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

/* Vertical copies of a subset (see subset.c), by variant: 0 advances an
 * em down the column, 1..8 advance 8/16 .. 15/16 em (a narrow glyph's),
 * each hanging from where its advance ends; UPRIGHT_TCY_END advances half
 * an em and hangs from the foot of its box (the last digit across). */
#define SUBSET_UPRIGHT 10
#define UPRIGHT_TCY_END 9

/* The sixteenths of an em variant v advances. */
static inline int
subset_upright_advance(int v)
{
    return v == 0 ? 16 : v == UPRIGHT_TCY_END ? 8 : v + 7;
}

/* The variant glyph `glyph` of upright run `run` of ln is drawn from (as
 * subset_narrow, whose result `narrow` is). */
int subset_upright_variant(const Line *ln, int run, int glyph, int narrow);

/* Do `font`'s vertical copies keep its glyphs' own widths (PDF/A, when
 * their outlines could not be made TrueType), not VERT_ACROSS? */
bool subset_upright_exact(Subsets *sub, struct _PangoFont *font);

/* The cairo scaled font to draw `font`'s upright glyphs with in vertical
 * text (borrowed): its glyphs turned a quarter anticlockwise, from the
 * subset's vertical copy `variant`; *map as above. */
struct _cairo_scaled_font *subset_upright_font(Subsets *sub, struct _PangoFont *font, int variant,
                                               const struct hb_map_t **map);

/* Draw the pictures of a colour emoji font's glyphs[0..n) (ids in
 * `font`, as Pango gave them; positions in cr's user space), whose text
 * subset_scaled_font's font carries but does not show (emoji.c); nothing
 * for any other font. */
/* Does `font` draw pictures (a colour emoji font's, subset_pictures)? */
bool subset_has_pictures(Subsets *sub, struct _PangoFont *font);
void subset_pictures(Subsets *sub, cairo_t *cr, struct _PangoFont *font,
                     const cairo_glyph_t *glyphs, int n);

/* Is glyph `glyph` of run `run` of `ln` (its cluster starting at byte
 * `cluster` of the run: run_cluster) a full-width glyph that the line sets
 * closer than an em to the next one? 0 if not, else the sixteenths of an em
 * (8..15) of the narrow copy to draw it from. */
int subset_narrow(const Line *ln, int run, int glyph, int cluster);

#endif
