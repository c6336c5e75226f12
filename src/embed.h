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

/* The cairo scaled font to draw `font`'s glyphs with (borrowed): the subset,
 * or with `half` its half-width copy; *map gets the glyph id map into it
 * (NULL: ids unchanged). */
struct _cairo_scaled_font *embed_scaled_font(Embed *e, struct _PangoFont *font, bool half,
                                             const struct hb_map_t **map);

/* Is glyph `glyph` of run `run` of `ln` full-width punctuation that the
 * line sets half-width (the next glyph starts less than 3/4 em after it)?
 * Such glyphs are drawn from the half-width copy. */
bool embed_half(const Line *ln, int run, int glyph);

#endif
