/*
 * test_image.c: pictures from bytes (image.h), made in memory by the
 * libraries that write each format (tests/images/pictures.c): the format
 * found from the bytes, the natural size at the file's density (PNG pHYs,
 * JFIF, Exif, 96 per inch without), the JPEG passthrough or its refusal
 * (CMYK), the Exif orientations drawn (where the red corner lands), WebP
 * with alpha, SVG sizes and text in the project's fonts, PDF pages, the
 * refusals with their reasons; and the box of a figure (figure_box) around
 * a real picture.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <cmocka.h>
#include <pango/pangocairo.h>

#include "arena.h"
#include "figure.h"
#include "image.h"
#include "pictures.h"
#include "unit_fonts.h"

#define PT(x) ((Unit)((x) * 1024))
#define NO_LIMIT (64u * 1024u * 1024u)

static Arena *arena;

static PangoFontMap *
fonts(void)
{
    return pango_context_get_font_map(fonts_context(unit_fonts));
}

static void
assert_near(double got, double want)
{
    if (!(got > want - 0.01 && got < want + 0.01))
        fail_msg("%.4f, expected %.4f", got, want);
}

/* Read a copy of s[0..n) (image_read takes its bytes). */
static Picture *
read_bytes(const char *s, size_t n, const char **why)
{
    char *copy = malloc(n ? n : 1);
    memcpy(copy, s, n);
    return image_read(copy, n, NO_LIMIT, arena, why);
}

/* Made by pictures.c and read (the bytes go to image_read). */
static Picture *
read_made(unsigned char *bytes, size_t n, uint64_t limit, const char **why)
{
    return image_read((char *)bytes, n, limit, arena, why);
}

#define MADE(call, limit) (made = (call), read_made(made, made_len, (limit), &why))
static unsigned char *made;
static size_t made_len;

static Picture *
read_str(const char *s, const char **why)
{
    return read_bytes(s, strlen(s), why);
}

/* Draw p into a white w x h image; the caller destroys it. */
static cairo_surface_t *
draw(const Picture *p, int w, int h)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    image_draw(cr, p, 0, 0, w, h, fonts(), true);
    cairo_destroy(cr);
    cairo_surface_flush(s);
    return s;
}

static unsigned
pixel(cairo_surface_t *s, int x, int y)
{
    const unsigned char *d = cairo_image_surface_get_data(s);
    return *(const uint32_t *)(const void *)(d + (size_t)y * cairo_image_surface_get_stride(s)
                                             + 4 * (size_t)x) & 0xFFFFFF;
}

static bool
near_colour(unsigned got, unsigned want, int tolerance)
{
    for (int k = 0; k < 24; k += 8) {
        int a = (int)(got >> k & 0xFF), b = (int)(want >> k & 0xFF);
        if (abs(a - b) > tolerance)
            return false;
    }
    return true;
}

static int
setup(void **state)
{
    arena = arena_new();
    return unit_fonts_setup(state);
}

static int
teardown(void **state)
{
    arena_free(arena);
    return unit_fonts_teardown(state);
}

/* --- PNG --- */

static void
test_png_density(void **state)
{
    (void)state;
    const char *why;
    /* pHYs holds whole pixels per metre: 127 per inch is 5000 exactly */
    Picture *p = MADE(pictures_png(254, 127, 127, &made_len), NO_LIMIT);
    assert_non_null(p);
    const ImageInfo *in = image_info(p);
    assert_string_equal(in->format, "PNG");
    assert_near(in->w_pt, 144);            /* 254 px at 127 per inch */
    assert_near(in->h_pt, 72);
    assert_int_equal(in->pixels, 254 * 127);
    assert_int_equal(in->dpi_x, 127);
    image_free(p);
    p = MADE(pictures_png(120, 90, 0, &made_len), NO_LIMIT);
    assert_near(image_info(p)->w_pt, 90);  /* no pHYs: 96 per inch */
    assert_near(image_info(p)->h_pt, 67.5);
    cairo_surface_t *s = draw(p, 120, 90);
    assert_true(near_colour(pixel(s, 5, 5), 0xE02020, 2));
    cairo_surface_destroy(s);
    image_free(p);
}

static void
test_png_refused(void **state)
{
    (void)state;
    size_t n;
    const char *why;
    unsigned char *png = pictures_png(300, 200, 0, &n);
    Picture *p = image_read((char *)png, n, 1000, arena, &why);   /* 60000 > 1000 pixels */
    assert_null(p);
    assert_non_null(strstr(why, "a PNG of 300 x 200 pixels: over the image limit"));
    png = pictures_png(30, 20, 0, &n);
    p = image_read((char *)png, n / 2, NO_LIMIT, arena, &why);
    assert_null(p);
    assert_non_null(strstr(why, "a damaged PNG"));
}

/* --- JPEG --- */

static void
test_jpeg_density_and_passthrough(void **state)
{
    (void)state;
    const char *why;
    Picture *p = MADE(pictures_jpeg(&(JpegSpec){.w = 640, .h = 427,
        .density_unit = 1, .x_density = 300, .y_density = 300}, &made_len), NO_LIMIT);
    assert_non_null(p);
    const ImageInfo *in = image_info(p);
    assert_string_equal(in->format, "JPEG");
    assert_near(in->w_pt, 640 * 72.0 / 300);
    assert_near(in->h_pt, 427 * 72.0 / 300);
    assert_int_equal(in->passthrough, 1);
    assert_int_equal(in->orientation, 1);
    image_free(p);
    /* per centimetre (72 / cm = 182.88 / in), grey */
    p = MADE(pictures_jpeg(&(JpegSpec){.w = 200, .h = 150, .gray = true,
        .density_unit = 2, .x_density = 72, .y_density = 72}, &made_len), NO_LIMIT);
    assert_near(image_info(p)->w_pt, 200 * 72.0 / 182.88);
    assert_int_equal(image_info(p)->passthrough, 1);
    cairo_surface_t *s = draw(p, 200, 150);
    unsigned grey = pixel(s, 100, 140);    /* the hills, as grey */
    assert_int_equal(grey >> 16, grey & 0xFF);
    cairo_surface_destroy(s);
    image_free(p);
    /* progressive, no density: 96 per inch; Exif density alone */
    p = MADE(pictures_jpeg(&(JpegSpec){.w = 320, .h = 240, .progressive = true}, &made_len),
             NO_LIMIT);
    assert_near(image_info(p)->w_pt, 240);
    assert_int_equal(image_info(p)->passthrough, 1);
    image_free(p);
    p = MADE(pictures_jpeg(&(JpegSpec){.w = 288, .h = 144, .orientation = 1,
        .exif_dpi = 288}, &made_len), NO_LIMIT);
    assert_near(image_info(p)->w_pt, 72);
    assert_near(image_info(p)->h_pt, 36);
    image_free(p);
}

static void
test_jpeg_cmyk_decoded(void **state)
{
    (void)state;
    const char *why;
    Picture *p = MADE(pictures_jpeg(&(JpegSpec){.w = 200, .h = 160, .cmyk = true}, &made_len),
                      NO_LIMIT);
    assert_non_null(p);
    assert_int_equal(image_info(p)->passthrough, 0);   /* cairo 1.16 would invert it */
    cairo_surface_t *s = draw(p, 200, 160);
    /* Adobe's inverted CMYK read the right way round: red stays red */
    assert_true(near_colour(pixel(s, 10, 10), pictures_scene(10, 10, 200, 160), 12));
    assert_true(near_colour(pixel(s, 132, 54), pictures_scene(132, 54, 200, 160), 12));
    cairo_surface_destroy(s);
    image_free(p);
}

/* Where the stored top-left corner (red) is shown, for each orientation. */
static void
test_jpeg_orientations(void **state)
{
    (void)state;
    /* 0: top left, 1: top right, 2: bottom right, 3: bottom left */
    static const int corner[9] = {0, 0, 1, 2, 3, 0, 1, 2, 3};
    for (int o = 1; o <= 8; o++) {
        const char *why;
        Picture *p = MADE(pictures_jpeg(&(JpegSpec){.w = 160, .h = 80,
            .orientation = o, .exif_dpi = 144}, &made_len), NO_LIMIT);
        assert_non_null(p);
        const ImageInfo *in = image_info(p);
        assert_int_equal(in->orientation, o);
        assert_int_equal(in->passthrough, 1);   /* turned by cairo, not decoded */
        int w = o >= 5 ? 80 : 160, h = o >= 5 ? 160 : 80;
        assert_near(in->w_pt, w / 2.0);    /* 144 per inch */
        assert_near(in->h_pt, h / 2.0);
        cairo_surface_t *s = draw(p, w, h);
        int xs[4] = {3, w - 4, w - 4, 3}, ys[4] = {3, 3, h - 4, h - 4};
        for (int k = 0; k < 4; k++) {
            bool red = near_colour(pixel(s, xs[k], ys[k]), 0xE02020, 40);
            if (red != (k == corner[o]))
                fail_msg("orientation %d: corner %d is %sred", o, k, red ? "" : "not ");
        }
        cairo_surface_destroy(s);
        image_free(p);
    }
}

static void
test_jpeg_refused(void **state)
{
    (void)state;
    size_t n;
    const char *why;
    unsigned char *j = pictures_jpeg(&(JpegSpec){.w = 64, .h = 48, .truncated = true}, &n);
    assert_null(image_read((char *)j, n, NO_LIMIT, arena, &why));
    assert_string_equal(why, "a damaged JPEG (libjpeg: the file ends early)");
    j = pictures_jpeg(&(JpegSpec){.w = 64, .h = 48}, &n);
    assert_null(image_read((char *)j, n, 100, arena, &why));
    assert_non_null(strstr(why, "a JPEG of 64 x 48 pixels: over the image limit"));
    assert_null(read_str("\xFF\xD8\xFF\xE0 not really", &why));
    assert_non_null(strstr(why, "a damaged JPEG (libjpeg: "));
}

/* --- WebP --- */

static void
test_webp(void **state)
{
    (void)state;
    const char *why;
    Picture *p = MADE(pictures_webp(240, 160, true, &made_len), NO_LIMIT);
    assert_non_null(p);
    assert_string_equal(image_info(p)->format, "WebP");
    assert_near(image_info(p)->w_pt, 180);
    assert_near(image_info(p)->h_pt, 120);
    cairo_surface_t *s = draw(p, 240, 160);
    assert_true(near_colour(pixel(s, 5, 5), 0xE02020, 2));
    /* the lower half half transparent over white: halfway to white */
    unsigned want = pictures_scene(120, 150, 240, 160), got = pixel(s, 120, 150);
    for (int k = 0; k < 24; k += 8) {
        int c = (int)(want >> k & 0xFF), mixed = (c * 128 + 255 * 127) / 255;
        assert_true(abs((int)(got >> k & 0xFF) - mixed) <= 3);
    }
    cairo_surface_destroy(s);
    image_free(p);
    p = MADE(pictures_webp_animated(&made_len), NO_LIMIT);
    assert_null(p);
    assert_string_equal(why, "an animated WebP: kumihan reads still images only");
}

/* --- SVG --- */

static void
test_svg(void **state)
{
    (void)state;
    const char *why;
    Picture *p = read_str("<svg xmlns='http://www.w3.org/2000/svg' width='300' height='150'>"
                          "<rect width='300' height='150' fill='#0000ff'/>"
                          "<text x='10' y='100' font-size='80' fill='#ff0000'>図A</text></svg>",
                          &why);
    assert_non_null(p);
    assert_string_equal(image_info(p)->format, "SVG");
    assert_near(image_info(p)->w_pt, 225);  /* 96 px per inch */
    assert_near(image_info(p)->h_pt, 112.5);
    assert_int_equal(image_info(p)->pixels, 0);
    assert_ptr_equal(image_page(p, 1, fonts(), arena, &why), p);
    cairo_surface_t *s = draw(p, 300, 150);
    assert_int_equal(pixel(s, 290, 5), 0x0000FF);
    int red = 0;                           /* the text is drawn (in the project's fonts) */
    for (int x = 10; x < 200; x++)
        red += pixel(s, x, 80) == 0xFF0000;
    assert_true(red > 10);
    cairo_surface_destroy(s);
    assert_null(image_page(p, 2, fonts(), arena, &why));
    assert_string_equal(why, "'#page=2' picks a page of a PDF, and this is an SVG");
    image_free(p);
    /* width and height in %: the viewBox; in mm */
    p = read_str("<?xml version='1.0'?>\n<svg xmlns='http://www.w3.org/2000/svg' width='100%' "
                 "viewBox='0 0 400 200'/>", &why);
    assert_non_null(p);
    assert_near(image_info(p)->w_pt, 300);
    image_free(p);
    p = read_str("<svg xmlns='http://www.w3.org/2000/svg' width='50mm' height='20mm'/>", &why);
    assert_near(image_info(p)->w_pt, 50 * 72 / 25.4);
    image_free(p);
    assert_null(read_str("<svg xmlns='http://www.w3.org/2000/svg'/>", &why));
    assert_string_equal(why, "an SVG with no size: neither width and height nor a viewBox");
    assert_null(read_str("<svg xmlns='http://www.w3.org/2000/svg' width='3'", &why));
    assert_non_null(strstr(why, "an SVG that librsvg cannot read ("));
    assert_null(read_str("<html><body>not svg</body></html>", &why));
    assert_non_null(strstr(why, "an SVG that librsvg cannot read ("));
}

/* --- PDF --- */

static void
test_pdf_pages(void **state)
{
    (void)state;
    const char *why;
    Picture *p = MADE(pictures_pdf(3, 400, 250, &made_len), NO_LIMIT);
    assert_non_null(p);
    assert_string_equal(image_info(p)->format, "PDF");
    assert_int_equal(image_info(p)->pages, 3);
    assert_near(image_info(p)->w_pt, 400);
    Picture *p2 = image_page(p, 2, fonts(), arena, &why);
    assert_non_null(p2);
    assert_ptr_equal(image_page(p, 2, fonts(), arena, &why), p2);   /* made once */
    assert_near(image_info(p2)->h_pt, 250);
    cairo_surface_t *s = draw(p2, 400, 250);
    /* the first bar (blue-ish) of page 2 */
    unsigned bar = pixel(s, 80, 215);
    assert_true((bar & 0xFF) > 150 && (bar >> 16) < 100);
    cairo_surface_destroy(s);
    assert_null(image_page(p, 4, fonts(), arena, &why));
    assert_string_equal(why, "asks for page 4 of a PDF of 3 pages");
    image_free(p);
    assert_null(read_str("%PDF-1.4\nnothing else", &why));
    assert_non_null(strstr(why, "a PDF that poppler cannot open ("));
}

/* --- other bytes --- */

static void
test_unsupported(void **state)
{
    (void)state;
    const char *why;
    assert_null(read_str("GIF89a....", &why));
    assert_string_equal(why, "a GIF image, a format kumihan does not read (PNG, JPEG, WebP, SVG "
                             "and PDF it does)");
    assert_null(read_bytes("MM\0*\0\0\0\x08", 8, &why));
    assert_non_null(strstr(why, "a TIFF image"));
    assert_null(read_str("plain text", &why));
    assert_string_equal(why, "not an image kumihan reads (PNG, JPEG, WebP, SVG or PDF)");
    assert_null(read_str("BM6\x01", &why));
    assert_non_null(strstr(why, "a BMP image"));
    assert_null(read_str("", &why));
    assert_string_equal(why, "not an image kumihan reads (PNG, JPEG, WebP, SVG or PDF)");
}

/* --- the box of a figure around a picture --- */

static void
test_figure_box(void **state)
{
    (void)state;
    const char *why;
    /* 254 x 127 px at 127 per inch: 144 x 72 pt */
    Picture *p = MADE(pictures_png(254, 127, 127, &made_len), NO_LIMIT);
    static const struct {
        Length w, h;
        double want_w, want_h;
    } cases[] = {
        {{0, LENGTH_NONE}, {0, LENGTH_NONE}, 144, 72},         /* its own size */
        {{50, LENGTH_PERCENT}, {0, LENGTH_NONE}, 225, 112.5},  /* of the 450 pt measure */
        {{0, LENGTH_NONE}, {5, LENGTH_CM}, 5 * 72 / 2.54 * 2, 5 * 72 / 2.54},
        {{200, LENGTH_PX}, {100, LENGTH_PX}, 150, 75},         /* both: as asked */
        {{2, LENGTH_IN}, {0, LENGTH_NONE}, 144, 72},
        {{200, LENGTH_PERCENT}, {0, LENGTH_NONE}, 450, 225},   /* never wider than the measure */
        {{0, LENGTH_NONE}, {100, LENGTH_PERCENT}, 450, 225},   /* 680 pt asked: scaled down */
        {{100, LENGTH_MM}, {0, LENGTH_NONE}, 100 * 72 / 25.4, 100 * 72 / 25.4 / 2},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        Figure fig = {.page = 1, .width = cases[i].w, .height = cases[i].h, .picture = p};
        Unit w, h;
        figure_box(&fig, PT(450), PT(600), PT(680), PT(102), &w, &h);
        assert_near(pt_from_unit(w), cases[i].want_w);
        assert_near(pt_from_unit(h), cases[i].want_h);
    }
    /* taller than the page allows: scaled to max_h, proportions kept */
    Figure fig = {.page = 1, .height = {900, LENGTH_PT}, .picture = p};
    Unit w, h;
    figure_box(&fig, PT(450), PT(200), PT(680), PT(102), &w, &h);
    assert_near(pt_from_unit(h), 200);
    assert_near(pt_from_unit(w), 400);
    image_free(p);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_png_density),
        cmocka_unit_test(test_png_refused),
        cmocka_unit_test(test_jpeg_density_and_passthrough),
        cmocka_unit_test(test_jpeg_cmyk_decoded),
        cmocka_unit_test(test_jpeg_orientations),
        cmocka_unit_test(test_jpeg_refused),
        cmocka_unit_test(test_webp),
        cmocka_unit_test(test_svg),
        cmocka_unit_test(test_pdf_pages),
        cmocka_unit_test(test_unsupported),
        cmocka_unit_test(test_figure_box),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
