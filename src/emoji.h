/*
 * emoji.h: colour emoji in the PDF. A colour bitmap font (Noto Color Emoji:
 * a PNG per glyph in its CBDT table) is drawn as two things: its pictures,
 * as images at print resolution, each embedded once; and under them its
 * text, in a copy of the font whose glyphs draw nothing (subset.c embeds it
 * like any font), so that extraction gives the characters back.
 */
#ifndef EMOJI_H
#define EMOJI_H

#include <cairo.h>
#include <hb.h>
#include <stdbool.h>

/* Pixels per inch an emoji picture has at least on the page, wherever the
 * font's own bitmaps allow it without enlarging (Noto Color Emoji: up to a
 * size of 32 pt); above, the bitmap is interpolated up to it. */
#define EMOJI_MIN_PPI 300

typedef struct EmojiFace EmojiFace;

/* Is `face` a colour bitmap font (PNG glyphs: CBDT or sbix)? */
bool emoji_is_colour(hb_face_t *face);

/* A copy of the sfnt `font` (a subset of a colour font, its bitmap tables
 * left out) in which every glyph keeps its advance and draws nothing: an
 * empty glyf table and its loca, maxp of version 1.0. NULL if `font` is
 * not an sfnt as expected. */
hb_blob_t *emoji_blank_font(hb_blob_t *font);

/* The pictures of face `index` of the colour font `file`, from its largest
 * bitmap strike, read with FreeType; NULL if FreeType cannot read them. */
EmojiFace *emoji_face_new(const char *file, int index);
void emoji_face_free(EmojiFace *ef);

/* Draw the pictures of glyphs[0..n) (ids in the face; x, y: each glyph's
 * origin on the baseline, in cr's user space) for a font of `size` user
 * units to the em, each where the font's bitmap puts it. One image surface
 * per glyph and resolution, kept in ef: the PDF embeds each picture once.
 * On a vector surface (PDF, SVG) an image has EMOJI_MIN_PPI or more at cr's
 * scale; on an image surface cairo resamples the font's bitmap. */
void emoji_draw(EmojiFace *ef, cairo_t *cr, double size, const cairo_glyph_t *glyphs, int n);

#endif
