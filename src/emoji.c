/*
 * emoji.c: colour emoji in the PDF (see emoji.h).
 *
 * cairo 1.16 draws a colour glyph as an image of the glyph at its size in
 * device units: a 10 pt emoji became a 12 x 12 px picture (72 ppi; DESIGN
 * §8), and the text of its cluster was dropped, so extraction lost it. So
 * the two halves are drawn apart:
 *  - the picture: the font's own bitmap (Noto Color Emoji: 136 x 128 px at
 *    109 px to the em, read with FreeType), as an image placed where the
 *    font puts it. At 10 pt that is some 980 ppi, at 28 pt 350; up to 32 pt
 *    it is 300 or more as it is. Above that, on a vector surface, the bitmap
 *    is interpolated (cairo's best filter) to 300 ppi: no more detail than
 *    the font's, but no visible pixels in print. One surface per glyph (and
 *    size, when enlarged) for the whole document: cairo's PDF surface
 *    embeds a surface once however often it is painted. No /Interpolate on
 *    the images (PDF/A forbids it; at 300 ppi and more nothing needs it).
 *  - the text: the glyphs, shown with their clusters like any text, in a
 *    copy of the font whose glyphs keep their advances and draw nothing
 *    (emoji_blank_font: the bitmap tables gone, an empty glyf). cairo
 *    embeds that as a TrueType subset with a ToUnicode map, so copying a
 *    ZWJ family, a flag or a keycap gives back all its characters.
 * Not done: COLR/CPAL and SVG colour fonts (vector emoji); emoji in ruby
 * (drawn as outlines there: a bitmap font has none).
 */
#include "emoji.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include <glib.h>
#include <hb-ot.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sfnt.h"

/* --- the text: a font that draws nothing --- */

bool
emoji_is_colour(hb_face_t *face)
{
    return face && hb_ot_color_has_png(face);
}

static bool
dropped(hb_tag_t tag)
{
    static const char *const tags[] = {"glyf", "loca", "CBDT", "CBLC", "sbix", "EBDT", "EBLC",
                                       "EBSC", "COLR", "CPAL", "SVG "};
    for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++)
        if (tag == hb_tag_from_string(tags[i], 4))
            return true;
    return false;
}

/* The glyf of the blank font: glyph 0 an empty simple glyph (no contours,
 * 12 bytes: FreeType takes a glyf table of length 0 for none, and the font
 * for one without outlines), every other glyph no bytes at all. */
#define BLANK_GLYPH 12

/* Add `len` bytes (taken: g_free) as table `tag` of the font being built. */
static void
add_owned(hb_face_t *builder, const char *tag, unsigned char *data, size_t len)
{
    hb_blob_t *b = hb_blob_create((const char *)data, (unsigned)len, HB_MEMORY_MODE_WRITABLE,
                                  data, g_free);
    hb_face_builder_add_table(builder, hb_tag_from_string(tag, 4), b);
    hb_blob_destroy(b);
}

/* The tables the blank font drops or writes anew: the bitmaps, head, and
 * maxp when it is the short version 0.5 (ctx: its length). */
static bool
rewritten(hb_tag_t tag, const void *ctx)
{
    unsigned maxp_len = *(const unsigned *)ctx;
    return dropped(tag) || tag == HB_TAG('h', 'e', 'a', 'd')
           || (tag == HB_TAG('m', 'a', 'x', 'p') && maxp_len < 32);
}

hb_blob_t *
emoji_blank_font(hb_blob_t *font)
{
    hb_face_t *face = hb_face_create(font, 0);
    hb_blob_t *head = hb_face_reference_table(face, HB_TAG('h', 'e', 'a', 'd'));
    hb_blob_t *maxp = hb_face_reference_table(face, HB_TAG('m', 'a', 'x', 'p'));
    unsigned head_len, maxp_len;
    const unsigned char *hd = (const unsigned char *)hb_blob_get_data(head, &head_len);
    const unsigned char *mp = (const unsigned char *)hb_blob_get_data(maxp, &maxp_len);
    hb_blob_t *out = NULL;
    if (head_len >= 54 && maxp_len >= 6) {
        hb_face_t *builder = sfnt_copy_tables(face, rewritten, &maxp_len);
        unsigned char *h = g_memdup2(hd, head_len);
        sfnt_put32(h + 8, 0);                   /* checkSumAdjustment: not checked by readers */
        sfnt_put16(h + 50, 0);                  /* indexToLocFormat: short offsets */
        sfnt_put16(h + 52, 0);                  /* glyphDataFormat */
        add_owned(builder, "head", h, head_len);
        unsigned glyphs = sfnt_be16(mp + 4);
        if (maxp_len < 32) {
            unsigned char *m = g_malloc0(32);  /* version 1.0, as a glyf font needs */
            sfnt_put32(m, 0x00010000);
            sfnt_put16(m + 4, glyphs);
            sfnt_put16(m + 14, 1);              /* maxZones: no twilight zone */
            add_owned(builder, "maxp", m, 32);
        }
        add_owned(builder, "glyf", g_malloc0(BLANK_GLYPH), BLANK_GLYPH);
        unsigned char *loca = g_malloc0(2 * ((size_t)glyphs + 1));
        for (unsigned g = 1; g <= glyphs; g++)
            sfnt_put16(loca + 2 * g, BLANK_GLYPH / 2);   /* glyph 0 is bytes [0, 12) */
        add_owned(builder, "loca", loca, 2 * ((size_t)glyphs + 1));
        out = hb_face_reference_blob(builder);
        hb_face_destroy(builder);
    }
    hb_blob_destroy(head);
    hb_blob_destroy(maxp);
    hb_face_destroy(face);
    return out;
}

/* --- the pictures --- */

/* A glyph's bitmap as the font has it, and where it goes: left and top of
 * its box from the glyph origin, in bitmap pixels (top: up). */
typedef struct Picture {
    cairo_surface_t *img;                  /* ARGB32, w x h */
    int w, h, left, top;
} Picture;

struct EmojiFace {
    FT_Library ft;
    FT_Face face;
    double ppem;                           /* pixels per em of the strike */
    GHashTable *pictures;                  /* glyph id -> Picture (NULL: none) */
    GHashTable *enlarged;                  /* (id << 16 | width) -> cairo_surface_t */
};

static void
picture_free(void *p)
{
    Picture *pic = p;
    if (pic)
        cairo_surface_destroy(pic->img);
    g_free(pic);
}

EmojiFace *
emoji_face_new(const char *file, int index)
{
    FT_Library ft;
    if (FT_Init_FreeType(&ft) != 0)
        return NULL;
    FT_Face face;
    if (FT_New_Face(ft, file, index, &face) != 0) {
        FT_Done_FreeType(ft);
        return NULL;
    }
    int best = -1;
    for (int i = 0; i < face->num_fixed_sizes; i++)
        if (best < 0 || face->available_sizes[i].y_ppem > face->available_sizes[best].y_ppem)
            best = i;
    if (best < 0 || !FT_HAS_COLOR(face) || FT_Select_Size(face, best) != 0) {
        FT_Done_Face(face);
        FT_Done_FreeType(ft);
        return NULL;
    }
    EmojiFace *ef = g_new0(EmojiFace, 1);
    ef->ft = ft;
    ef->face = face;
    ef->ppem = face->available_sizes[best].y_ppem / 64.0;
    ef->pictures = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, picture_free);
    ef->enlarged = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
                                         (GDestroyNotify)cairo_surface_destroy);
    return ef;
}

void
emoji_face_free(EmojiFace *ef)
{
    if (!ef)
        return;
    g_hash_table_destroy(ef->pictures);
    g_hash_table_destroy(ef->enlarged);
    FT_Done_Face(ef->face);
    FT_Done_FreeType(ef->ft);
    g_free(ef);
}

/* Glyph `gid`'s picture, read on first use; NULL for a glyph without one
 * (a space, a joiner). */
static const Picture *
picture(EmojiFace *ef, unsigned gid)
{
    gpointer key = GUINT_TO_POINTER(gid), found;
    if (g_hash_table_lookup_extended(ef->pictures, key, NULL, &found))
        return found;
    Picture *pic = NULL;
    FT_Face f = ef->face;
    if (FT_Load_Glyph(f, gid, FT_LOAD_COLOR) == 0
        && f->glyph->bitmap.pixel_mode == FT_PIXEL_MODE_BGRA && f->glyph->bitmap.width > 0
        && f->glyph->bitmap.rows > 0) {
        const FT_Bitmap *bm = &f->glyph->bitmap;
        cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)bm->width,
                                                          (int)bm->rows);
        cairo_surface_flush(img);
        unsigned char *dst = cairo_image_surface_get_data(img);
        int stride = cairo_image_surface_get_stride(img);
        for (unsigned y = 0; y < bm->rows; y++) {
            const unsigned char *src = bm->buffer + (ptrdiff_t)y * bm->pitch;
            uint32_t *row = (uint32_t *)(void *)(dst + (size_t)y * (size_t)stride);
            for (unsigned x = 0; x < bm->width; x++, src += 4)   /* premultiplied BGRA */
                row[x] = (uint32_t)src[3] << 24 | (uint32_t)src[2] << 16
                         | (uint32_t)src[1] << 8 | src[0];
        }
        cairo_surface_mark_dirty(img);
        pic = g_new(Picture, 1);
        *pic = (Picture){img, (int)bm->width, (int)bm->rows, f->glyph->bitmap_left,
                         f->glyph->bitmap_top};
    }
    g_hash_table_insert(ef->pictures, key, pic);
    return pic;
}

/* The picture of `gid` interpolated to `w` pixels wide (its height in
 * proportion), made once. */
static cairo_surface_t *
enlarged(EmojiFace *ef, unsigned gid, const Picture *pic, int w)
{
    gpointer key = GUINT_TO_POINTER(gid << 16 | (unsigned)w);
    cairo_surface_t *img = g_hash_table_lookup(ef->enlarged, key);
    if (img)
        return img;
    int h = (int)lround((double)pic->h * w / pic->w);
    img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h > 0 ? h : 1);
    cairo_t *cr = cairo_create(img);
    cairo_scale(cr, (double)w / pic->w, (double)h / pic->h);
    cairo_set_source_surface(cr, pic->img, 0, 0);
    cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_BEST);
    cairo_pattern_set_extend(cairo_get_source(cr), CAIRO_EXTEND_PAD);
    cairo_paint(cr);
    cairo_destroy(cr);
    g_hash_table_insert(ef->enlarged, key, img);
    return img;
}

void
emoji_draw(EmojiFace *ef, cairo_t *cr, double size, const cairo_glyph_t *glyphs, int n)
{
    if (!ef || n <= 0 || !(size > 0))
        return;
    double px = size / ef->ppem;           /* user units per bitmap pixel */
    double dx = px, dy = 0;
    cairo_user_to_device_distance(cr, &dx, &dy);
    double ppi = 72.0 / hypot(dx, dy);     /* bitmap pixels per inch on the page */
    bool raster = cairo_surface_get_type(cairo_get_target(cr)) == CAIRO_SURFACE_TYPE_IMAGE;
    for (int i = 0; i < n; i++) {
        if (glyphs[i].index > 0xFFFF)
            continue;
        const Picture *pic = picture(ef, (unsigned)glyphs[i].index);
        if (!pic)
            continue;
        cairo_surface_t *img = pic->img;
        int w = pic->w, h = pic->h;
        if (!raster && ppi < EMOJI_MIN_PPI && ppi > 0) {
            int want = (int)ceil(pic->w * EMOJI_MIN_PPI / ppi);
            if (want <= 0xFFFF) {
                img = enlarged(ef, (unsigned)glyphs[i].index, pic, want);
                w = cairo_image_surface_get_width(img);
                h = cairo_image_surface_get_height(img);
            }
        }
        cairo_save(cr);
        cairo_translate(cr, glyphs[i].x + pic->left * px, glyphs[i].y - pic->top * px);
        cairo_scale(cr, pic->w * px / w, pic->h * px / h);
        cairo_set_source_surface(cr, img, 0, 0);
        /* an image surface is drawn resampled; a PDF's image at its pixels */
        cairo_pattern_set_filter(cairo_get_source(cr), raster ? CAIRO_FILTER_GOOD
                                                              : CAIRO_FILTER_FAST);
        /* a rectangle, not cairo_paint (see draw.c: the recording surface) */
        cairo_rectangle(cr, 0, 0, w, h);
        cairo_fill(cr);
        cairo_restore(cr);
    }
}
