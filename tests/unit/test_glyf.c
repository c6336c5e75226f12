/*
 * test_glyf.c: TrueType outlines for CFF ones (src/glyf.c). A cubic's
 * quadratic pieces stay within the tolerance at every point, and are the
 * fewest that do; a subset of Noto Serif CJK (fonts/ of the repository)
 * converted has the same glyphs, boxes within a unit or two and bitmaps that
 * differ in a few edge pixels, its side bearings at the glyphs' left edges,
 * and FreeType gives it the vertical advance it gives no bare CFF font.
 */
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_ADVANCES_H
#include FT_OUTLINE_H
#include FT_BBOX_H
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <glib.h>
#include <hb-subset.h>
#include <hb.h>

#include "glyf.h"

/* The cubic at t. */
static void
cubic_at(const double x[4], const double y[4], double t, double *px, double *py)
{
    double u = 1 - t;
    *px = u * u * u * x[0] + 3 * u * u * t * x[1] + 3 * u * t * t * x[2] + t * t * t * x[3];
    *py = u * u * u * y[0] + 3 * u * u * t * y[1] + 3 * u * t * t * y[2] + t * t * t * y[3];
}

static void
test_cubic_pieces(void **state)
{
    (void)state;
    srand(24);
    for (int trial = 0; trial < 2000; trial++) {
        double x[4], y[4];
        for (int i = 0; i < 4; i++) {
            x[i] = rand() % 2001 - 1000;
            y[i] = rand() % 2001 - 1000;
        }
        double qx[16], qy[16], ex[16], ey[16], tol = 1.0;
        int n = glyf_cubic_to_quads(x, y, tol, 16, qx, qy, ex, ey);
        assert_true(n >= 1 && n <= 16);
        assert_true(ex[n - 1] == x[3] && ey[n - 1] == y[3]);
        double dx = x[3] - 3 * x[2] + 3 * x[1] - x[0], dy = y[3] - 3 * y[2] + 3 * y[1] - y[0];
        double bound = sqrt(3.0) / 36 * hypot(dx, dy);
        if (n > 1 && n < 16)               /* the fewest: one piece less is not within */
            assert_true(bound / pow(n - 1, 3) > tol);
        double sx = x[0], sy = y[0];       /* each piece from the last one's end */
        for (int k = 0; k < n; k++) {
            for (int i = 0; i <= 20; i++) {
                double s = i / 20.0, u = 1 - s;
                double px = u * u * sx + 2 * u * s * qx[k] + s * s * ex[k];
                double py = u * u * sy + 2 * u * s * qy[k] + s * s * ey[k];
                double cx, cy;
                cubic_at(x, y, (k + s) / n, &cx, &cy);
                if (n < 16)
                    assert_true(hypot(px - cx, py - cy) <= tol + 1e-6);
            }
            sx = ex[k];
            sy = ey[k];
        }
    }
    /* a damaged font's coordinates: huge, infinite or not numbers give a
     * count in range (UBSan checks the conversions) */
    {
        double hx[4] = {0, 1e30, -1e30, 0}, hy[4] = {0, INFINITY, NAN, 5};
        double qx[16], qy[16], ex[16], ey[16];
        int n = glyf_cubic_to_quads(hx, hx, 1.0, 16, qx, qy, ex, ey);
        assert_int_equal(n, 16);
        n = glyf_cubic_to_quads(hx, hy, 1.0, 16, qx, qy, ex, ey);
        assert_true(n >= 1 && n <= 16);
    }
    /* a straight cubic is one piece, its control point on the line */
    double x[4] = {0, 100, 200, 300}, y[4] = {0, 50, 100, 150};
    double qx[16], qy[16], ex[16], ey[16];
    assert_int_equal(glyf_cubic_to_quads(x, y, 1.0, 16, qx, qy, ex, ey), 1);
    assert_true(fabs(qx[0] - 150) < 1e-9 && fabs(qy[0] - 75) < 1e-9);
}

/* A subset of the serif face: a few glyphs of every kind of shape. */
static hb_blob_t *
serif_subset(void)
{
    hb_blob_t *file = hb_blob_create_from_file_or_fail("fonts/NotoSerifCJK-Regular.ttc");
    assert_non_null(file);
    hb_face_t *face = hb_face_create(file, 0);    /* (the collection's Japanese face) */
    hb_blob_destroy(file);
    hb_font_t *font = hb_font_create(face);
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    const char *text = "永あ「。」鬱ゃ〜Ag@";
    for (const char *p = text; *p;) {
        gunichar c = g_utf8_get_char(p);
        hb_codepoint_t g;
        assert_true(hb_font_get_nominal_glyph(font, c, &g));
        hb_set_add(hb_subset_input_glyph_set(in), g);
        p = g_utf8_next_char(p);
    }
    hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING | HB_SUBSET_FLAGS_DESUBROUTINIZE);
    hb_face_t *sub = hb_subset_or_fail(face, in);
    assert_non_null(sub);
    hb_blob_t *out = hb_face_reference_blob(sub);
    hb_face_destroy(sub);
    hb_subset_input_destroy(in);
    hb_font_destroy(font);
    hb_face_destroy(face);
    return out;
}

static FT_Face
ft_face(FT_Library ft, hb_blob_t *blob)
{
    unsigned len;
    const char *data = hb_blob_get_data(blob, &len);
    FT_Face f;
    assert_int_equal(FT_New_Memory_Face(ft, (const FT_Byte *)data, len, 0, &f), 0);
    return f;
}

/* Glyph g of f rendered at 256 px (8-bit coverage) into a 320 x 320 grid. */
static void
render(FT_Face f, unsigned g, unsigned char *grid)
{
    memset(grid, 0, 320 * 320);
    assert_int_equal(FT_Set_Pixel_Sizes(f, 0, 256), 0);
    assert_int_equal(FT_Load_Glyph(f, g, FT_LOAD_NO_HINTING | FT_LOAD_RENDER), 0);
    const FT_Bitmap *b = &f->glyph->bitmap;
    for (unsigned r = 0; r < b->rows; r++)
        for (unsigned c = 0; c < b->width; c++) {
            int y = 288 - f->glyph->bitmap_top + (int)r, x = 16 + f->glyph->bitmap_left + (int)c;
            if (x >= 0 && x < 320 && y >= 0 && y < 320)
                grid[y * 320 + x] = b->buffer[r * (unsigned)b->pitch + c];
        }
}

static int
be16(const char *p)
{
    return (int16_t)((unsigned char)p[0] << 8 | (unsigned char)p[1]);
}

/* Glyph g's left side bearing in hmtx (as many metrics as glyphs). */
static int
lsb_of(hb_face_t *face, unsigned g)
{
    hb_blob_t *b = hb_face_reference_table(face, HB_TAG('h', 'm', 't', 'x'));
    unsigned len;
    const char *d = hb_blob_get_data(b, &len);
    assert_true(4 * g + 4 <= len);
    int v = be16(d + 4 * g + 2);
    hb_blob_destroy(b);
    return v;
}

/* Glyph g's xMin in its glyf record (long loca). */
static int
xmin_of(hb_face_t *face, unsigned g)
{
    hb_blob_t *lb = hb_face_reference_table(face, HB_TAG('l', 'o', 'c', 'a'));
    hb_blob_t *gb = hb_face_reference_table(face, HB_TAG('g', 'l', 'y', 'f'));
    unsigned llen, glen;
    const unsigned char *l = (const unsigned char *)hb_blob_get_data(lb, &llen);
    const char *gd = hb_blob_get_data(gb, &glen);
    assert_true(4 * g + 8 <= llen);
    uint32_t at = (uint32_t)l[4 * g] << 24 | (uint32_t)l[4 * g + 1] << 16
                  | (uint32_t)l[4 * g + 2] << 8 | l[4 * g + 3];
    assert_true(at + 10 <= glen);
    int v = be16(gd + at + 2);
    hb_blob_destroy(lb);
    hb_blob_destroy(gb);
    return v;
}

static void
test_serif_subset(void **state)
{
    (void)state;
    hb_blob_t *cff = serif_subset();
    hb_blob_t *tt = glyf_from_cff(cff);
    assert_non_null(tt);
    assert_null(glyf_from_cff(tt));       /* no CFF table: nothing to do */
    hb_face_t *hc = hb_face_create(cff, 0), *ht = hb_face_create(tt, 0);
    hb_blob_t *t = hb_face_reference_table(ht, HB_TAG('C', 'F', 'F', ' '));
    assert_int_equal(hb_blob_get_length(t), 0);
    hb_blob_destroy(t);
    t = hb_face_reference_table(ht, HB_TAG('g', 'l', 'y', 'f'));
    assert_true(hb_blob_get_length(t) > 0);
    hb_blob_destroy(t);
    unsigned n = hb_face_get_glyph_count(hc);
    assert_int_equal(hb_face_get_glyph_count(ht), n);
    assert_true(n >= 12);

    FT_Library ft;
    assert_int_equal(FT_Init_FreeType(&ft), 0);
    FT_Face fc = ft_face(ft, cff), ftt = ft_face(ft, tt);
    assert_true(FT_IS_SFNT(ftt) && !FT_HAS_GLYPH_NAMES(ftt));
    unsigned char *a = malloc(320 * 320), *b = malloc(320 * 320);
    for (unsigned g = 1; g < n; g++) {
        /* the outlines' boxes, in font units */
        assert_int_equal(FT_Load_Glyph(fc, g, FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING), 0);
        FT_BBox bc, bt;
        FT_Outline_Get_BBox(&fc->glyph->outline, &bc);
        FT_Pos adv = fc->glyph->metrics.horiAdvance;
        int contours = fc->glyph->outline.n_contours;
        assert_int_equal(FT_Load_Glyph(ftt, g, FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING), 0);
        FT_Outline_Get_BBox(&ftt->glyph->outline, &bt);
        assert_int_equal(ftt->glyph->outline.n_contours, contours);
        assert_int_equal(ftt->glyph->metrics.horiAdvance, adv);
        /* (the outlines' exact boxes) */
        assert_true(labs(bt.xMin - bc.xMin) <= 2 && labs(bt.xMax - bc.xMax) <= 2);
        assert_true(labs(bt.yMin - bc.yMin) <= 2 && labs(bt.yMax - bc.yMax) <= 2);
        /* hmtx's left side bearing is the glyph's xMin (else FreeType and the PDF
         * readers shift the outline by the difference) */
        assert_int_equal(lsb_of(ht, g), xmin_of(ht, g));
        /* at 256 px an em, edge pixels only */
        render(fc, g, a);
        render(ftt, g, b);
        int ink = 0, off = 0;
        for (int i = 0; i < 320 * 320; i++) {
            ink += a[i] > 128;
            off += abs(a[i] - b[i]) > 128;
        }
        assert_true(ink > 0);
        assert_true(off * 100 <= ink);    /* under 1 % of the ink */
    }
    /* FreeType's vertical advance: none for the bare CFF table, the font's for this */
    FT_Fixed vadv = 0;
    assert_int_equal(FT_Get_Advance(ftt, 1, FT_LOAD_NO_SCALE | FT_LOAD_VERTICAL_LAYOUT, &vadv),
                     0);
    assert_true(vadv > 0);
    free(a);
    free(b);
    FT_Done_Face(fc);
    FT_Done_Face(ftt);
    FT_Done_FreeType(ft);
    hb_face_destroy(hc);
    hb_face_destroy(ht);
    hb_blob_destroy(tt);
    hb_blob_destroy(cff);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cubic_pieces),
        cmocka_unit_test(test_serif_subset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
