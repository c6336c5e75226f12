/*
 * test_filter.c: Marp's image filters (filter.h). The keywords read, with
 * Marp's defaults, units and percentages, refused arguments, other words
 * and a full list; and pictures made in memory (PNG bytes from cairo, a
 * JPEG and an SVG) seen through the filters, their pixels read by drawing
 * the result with image_draw: grayscale, sepia, brightness, invert, blur,
 * opacity alone (a copy sharing the JPEG's bytes, a group for an SVG) and
 * with others, the alpha kept, Exif orientation, the render sizes, the
 * cache and what is given back unchanged; a JPEG's opaque filtered pixels
 * written as a JPEG for the PDF (decoded back with libjpeg and compared),
 * a PNG's and transparent ones not.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <cmocka.h>
#include <glib.h>
#include <jpeglib.h>
#include <pango/pangocairo.h>

#include "arena.h"
#include "filter.h"
#include "image.h"
#include "image_impl.h"
#include "limits.h"
#include "pictures.h"
#include "unit_fonts.h"

#define NO_LIMIT (64u * 1024u * 1024u)

static Arena *arena;

static PangoFontMap *
fonts(void)
{
    return pango_context_get_font_map(fonts_context(unit_fonts));
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

/* --- the keywords --- */

/* The list from the words of `alt` (each must be a filter keyword). */
static FilterList
parsed(const char *alt)
{
    FilterList list = {0};
    gchar **words = g_strsplit(alt, " ", -1);
    for (gchar **w = words; *w; w++) {
        const char *why = NULL;
        int got = filter_parse(*w, &list, &why);
        if (got != 1)
            fail_msg("'%s': %d (%s)", *w, got, why ? why : "");
    }
    g_strfreev(words);
    return list;
}

static void
check_one(const char *word, FilterKind kind, double amount)
{
    FilterList list = {0};
    const char *why = NULL;
    int got = filter_parse(word, &list, &why);
    if (got != 1 || list.n != 1 || list.f[0].kind != kind || fabs(list.f[0].amount - amount) > 1e-9)
        fail_msg("'%s': %d, n %d, kind %d, amount %g; expected kind %d, amount %g", word, got,
                 list.n, list.n ? list.f[0].kind : -1, list.n ? list.f[0].amount : 0, kind,
                 amount);
}

static void
test_parse_defaults(void **state)
{
    (void)state;
    check_one("blur", FILTER_BLUR, 7.5);   /* 10px */
    check_one("brightness", FILTER_BRIGHTNESS, 1.5);
    check_one("contrast", FILTER_CONTRAST, 2);
    check_one("drop-shadow", FILTER_DROP_SHADOW, 0);
    check_one("grayscale", FILTER_GRAYSCALE, 1);
    check_one("hue-rotate", FILTER_HUE_ROTATE, 180);
    check_one("invert", FILTER_INVERT, 1);
    check_one("opacity", FILTER_OPACITY, 0.5);
    check_one("saturate", FILTER_SATURATE, 2);
    check_one("sepia", FILTER_SEPIA, 1);
}

static void
test_parse_arguments(void **state)
{
    (void)state;
    check_one("blur:4px", FILTER_BLUR, 3);
    check_one("blur:4", FILTER_BLUR, 3);   /* a bare number: px */
    check_one("blur:4pt", FILTER_BLUR, 4);
    check_one("blur:0", FILTER_BLUR, 0);
    check_one("brightness:120%", FILTER_BRIGHTNESS, 1.2);
    check_one("brightness:1.2", FILTER_BRIGHTNESS, 1.2);
    check_one("brightness:.5", FILTER_BRIGHTNESS, 0.5);
    check_one("contrast:150%", FILTER_CONTRAST, 1.5);
    check_one("drop-shadow:0,5px,10px,rgba(0,0,0,.4)", FILTER_DROP_SHADOW, 0);
    check_one("drop-shadow:2px,2px", FILTER_DROP_SHADOW, 0);
    check_one("grayscale:50%", FILTER_GRAYSCALE, 0.5);
    check_one("grayscale:2", FILTER_GRAYSCALE, 1);   /* over 1: 1, as CSS */
    check_one("hue-rotate:90deg", FILTER_HUE_ROTATE, 90);
    check_one("hue-rotate:-90deg", FILTER_HUE_ROTATE, -90);
    check_one("hue-rotate:.25turn", FILTER_HUE_ROTATE, 90);
    check_one("hue-rotate:100grad", FILTER_HUE_ROTATE, 90);
    check_one("hue-rotate:1rad", FILTER_HUE_ROTATE, 180 / G_PI);
    check_one("invert:.25", FILTER_INVERT, 0.25);
    check_one("opacity:.3", FILTER_OPACITY, 0.3);
    check_one("opacity:30%", FILTER_OPACITY, 0.3);
    check_one("opacity:150%", FILTER_OPACITY, 1);
    check_one("saturate:3", FILTER_SATURATE, 3);
    check_one("sepia:0.5", FILTER_SEPIA, 0.5);
    check_one("sepia:1e-1", FILTER_SEPIA, 0.1);
}

static void
test_parse_refused(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "blur:-1px", "blur:4em", "blur:", "blur:px", "blur:4px4", "brightness:abc",
        "brightness:-0.5", "brightness:50px", "opacity:", "opacity:.", "opacity:1.5.2",
        "sepia:-50%", "hue-rotate:90px", "hue-rotate:deg", "drop-shadow:foo",
        "drop-shadow:,5px", "drop-shadow:5px,", "invert:1e999", "grayscale:nan",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        FilterList list = {0};
        const char *why = NULL;
        int got = filter_parse(bad[i], &list, &why);
        if (got != -1 || list.n != 0 || !why || !*why)
            fail_msg("'%s': %d, n %d, why %s", bad[i], got, list.n, why ? why : "(none)");
    }
    const char *why = NULL;
    FilterList list = {0};
    filter_parse("blur:1em", &list, &why);
    assert_non_null(strstr(why, "px or pt"));
    static const char *const other[] = {
        "bg", "w:300", "left", "sepiax", "Sepia", "blurry:3", "hue", "photo", "", ":", "cover",
    };
    for (size_t i = 0; i < sizeof other / sizeof other[0]; i++) {
        int got = filter_parse(other[i], &list, &why);
        if (got != 0 || list.n != 0)
            fail_msg("'%s': %d, n %d", other[i], got, list.n);
    }
}

static void
test_parse_full(void **state)
{
    (void)state;
    FilterList list = {0};
    const char *why = NULL;
    for (int i = 0; i < FILTER_MAX; i++)
        assert_int_equal(filter_parse(i % 2 ? "sepia:.5" : "blur:2px", &list, &why), 1);
    assert_int_equal(list.n, FILTER_MAX);
    why = NULL;
    assert_int_equal(filter_parse("grayscale", &list, &why), -1);
    assert_non_null(strstr(why, "8 filters at most"));
    assert_int_equal(list.n, FILTER_MAX);
    assert_int_equal(filter_parse("photo", &list, &why), 0);   /* not a filter: no matter */
    /* the order kept */
    list = parsed("sepia blur:4px opacity:.3");
    assert_int_equal(list.n, 3);
    assert_int_equal(list.f[0].kind, FILTER_SEPIA);
    assert_int_equal(list.f[1].kind, FILTER_BLUR);
    assert_int_equal(list.f[2].kind, FILTER_OPACITY);
}

static void
test_names_and_applied(void **state)
{
    (void)state;
    static const char *const names[FILTER_KINDS] = {
        "blur", "brightness", "contrast", "drop-shadow", "grayscale", "hue-rotate", "invert",
        "opacity", "saturate", "sepia",
    };
    for (int k = 0; k < FILTER_KINDS; k++) {
        assert_string_equal(filter_name((FilterKind)k), names[k]);
        /* the name read back is the same kind */
        FilterList list = {0};
        const char *why;
        assert_int_equal(filter_parse(names[k], &list, &why), 1);
        assert_int_equal(list.f[0].kind, k);
    }
    assert_true(filter_applied(FILTER_BLUR));
    assert_true(filter_applied(FILTER_BRIGHTNESS));
    assert_true(filter_applied(FILTER_GRAYSCALE));
    assert_true(filter_applied(FILTER_SEPIA));
    assert_true(filter_applied(FILTER_INVERT));
    assert_true(filter_applied(FILTER_OPACITY));
    assert_false(filter_applied(FILTER_CONTRAST));
    assert_false(filter_applied(FILTER_SATURATE));
    assert_false(filter_applied(FILTER_HUE_ROTATE));
    assert_false(filter_applied(FILTER_DROP_SHADOW));
}

/* --- pictures --- */

static cairo_status_t
png_to_bytes(void *closure, const unsigned char *data, unsigned int length)
{
    g_byte_array_append(closure, data, length);
    return CAIRO_STATUS_SUCCESS;
}

/* The picture in a malloc'ed copy of s[0..n) (image_read takes it). */
static Picture *
read_copy(const void *s, size_t n)
{
    char *copy = malloc(n);
    memcpy(copy, s, n);
    const char *why = NULL;
    Picture *p = image_read(copy, n, NO_LIMIT, arena, &why);
    if (!p)
        fail_msg("a test picture unread: %s", why);
    return p;
}

/* The PNG of s read back as a picture (96 pixels an inch: 0.75 pt each). */
static Picture *
picture_of(cairo_surface_t *s)
{
    GByteArray *bytes = g_byte_array_new();
    cairo_surface_write_to_png_stream(s, png_to_bytes, bytes);
    cairo_surface_destroy(s);
    Picture *p = read_copy(bytes->data, bytes->len);
    g_byte_array_free(bytes, TRUE);
    return p;
}

static void
set_rgb(cairo_t *cr, unsigned rgb)
{
    cairo_set_source_rgb(cr, (rgb >> 16) / 255.0, (rgb >> 8 & 0xFF) / 255.0,
                         (rgb & 0xFF) / 255.0);
}

/* A w x h picture of one colour (opaque: an RGB PNG; else RGBA). */
static Picture *
solid(unsigned rgb, double alpha, int w, int h)
{
    cairo_surface_t *s = cairo_image_surface_create(
        alpha < 1 ? CAIRO_FORMAT_ARGB32 : CAIRO_FORMAT_RGB24, w, h);
    cairo_t *cr = cairo_create(s);
    cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE);
    cairo_set_source_rgba(cr, (rgb >> 16) / 255.0, (rgb >> 8 & 0xFF) / 255.0,
                          (rgb & 0xFF) / 255.0, alpha);
    cairo_paint(cr);
    cairo_destroy(cr);
    return picture_of(s);
}

/* n vertical stripes of the colours rgb[], each 10 pixels wide, 10 high. */
static Picture *
stripes(const unsigned *rgb, int n)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 10 * n, 10);
    cairo_t *cr = cairo_create(s);
    for (int i = 0; i < n; i++) {
        set_rgb(cr, rgb[i]);
        cairo_rectangle(cr, 10 * i, 0, 10, 10);
        cairo_fill(cr);
    }
    cairo_destroy(cr);
    return picture_of(s);
}

/* A picture of w x h pixels, black left of x = w / 2, white right. */
static Picture *
edge(int w, int h)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_rectangle(cr, w / 2, 0, w - w / 2, h);
    cairo_fill(cr);
    cairo_destroy(cr);
    return picture_of(s);
}

/* q drawn with image_draw into a w x h ARGB32 image, on white or
 * transparent; the caller destroys it. */
static cairo_surface_t *
drawn(const Picture *q, int w, int h, bool on_white)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
    cairo_t *cr = cairo_create(s);
    if (on_white) {
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_paint(cr);
    }
    image_draw(cr, q, 0, 0, w, h, fonts(), true);
    cairo_destroy(cr);
    cairo_surface_flush(s);
    return s;
}

/* The pixel (x, y) of s, premultiplied 0xAARRGGBB. */
static uint32_t
pixel(cairo_surface_t *s, int x, int y)
{
    const unsigned char *d = cairo_image_surface_get_data(s);
    return *(const uint32_t *)(const void *)(d + (size_t)y * cairo_image_surface_get_stride(s)
                                             + 4 * (size_t)x);
}

static int
channel(uint32_t v, int shift)
{
    return (int)(v >> shift & 0xFF);
}

/* Is the pixel's colour (its alpha aside) within tol of rgb? */
static void
assert_colour(uint32_t got, unsigned rgb, int tol, const char *what)
{
    for (int k = 0; k < 24; k += 8)
        if (abs(channel(got, k) - (int)(rgb >> k & 0xFF)) > tol)
            fail_msg("%s: %06X, expected %06X within %d", what, got & 0xFFFFFF, rgb, tol);
}

/* p seen through `alt` in its natural box, drawn at its own pixels: the
 * pixel (x, y). */
static uint32_t
filtered_pixel(Picture *p, const char *alt, int x, int y, bool on_white)
{
    FilterList list = parsed(alt);
    const ImageInfo *in = image_info(p);
    Picture *q = filter_picture(p, &list, in->w_pt, in->h_pt, fonts());
    int w = (int)lround(in->w_pt / 0.75), h = (int)lround(in->h_pt / 0.75);
    cairo_surface_t *s = drawn(q, w, h, on_white);
    uint32_t v = pixel(s, x, y);
    cairo_surface_destroy(s);
    return v;
}

/* --- the colour filters --- */

static void
test_grayscale(void **state)
{
    (void)state;
    static const unsigned colours[] = {0xC8783C, 0x0AC81E, 0x2040E0, 0xFFCC00};
    Picture *p = stripes(colours, 4);
    for (int i = 0; i < 4; i++) {
        uint32_t v = filtered_pixel(p, "grayscale", 10 * i + 5, 5, false);
        int r = channel(v, 16), g = channel(v, 8), b = channel(v, 0);
        if (abs(r - g) > 2 || abs(g - b) > 2)
            fail_msg("grayscale of %06X: %06X is not grey", colours[i], v & 0xFFFFFF);
        /* its luminosity kept (PDF's weights) */
        unsigned c = colours[i];
        double lum = 0.30 * (c >> 16) + 0.59 * (c >> 8 & 0xFF) + 0.11 * (c & 0xFF);
        if (fabs(g - lum) > 3)
            fail_msg("grayscale of %06X: %d, luminosity %.1f", c, g, lum);
        assert_int_equal(channel(v, 24), 255);
    }
    /* half-way: the mean of the colour and its grey */
    uint32_t half = filtered_pixel(p, "grayscale:50%", 5, 5, false);
    double lum = 0.30 * 0xC8 + 0.59 * 0x78 + 0.11 * 0x3C;
    assert_colour(half, (unsigned)lround((0xC8 + lum) / 2) << 16
                  | (unsigned)lround((0x78 + lum) / 2) << 8 | (unsigned)lround((0x3C + lum) / 2),
                  2, "grayscale:50%");
    image_free(p);
}

static void
test_sepia(void **state)
{
    (void)state;
    Picture *p = solid(0x808080, 1, 20, 10);
    /* CSS's sepia(1) of mid grey: (0.675, 0.60, 0.47) */
    assert_colour(filtered_pixel(p, "sepia", 10, 5, false), 0xAC9978, 12, "sepia of grey");
    /* half-way: between grey and that */
    assert_colour(filtered_pixel(p, "sepia:.5", 10, 5, false), 0x968C7C, 12, "sepia:.5 of grey");
    image_free(p);
    /* black stays black, white stays nearly white (its blue lowered) */
    p = solid(0xFFFFFF, 1, 20, 10);
    assert_colour(filtered_pixel(p, "sepia", 10, 5, false), 0xFFFFEF, 12, "sepia of white");
    image_free(p);
    p = solid(0x000000, 1, 20, 10);
    assert_colour(filtered_pixel(p, "sepia", 10, 5, false), 0x000000, 1, "sepia of black");
    image_free(p);
}

static void
test_brightness(void **state)
{
    (void)state;
    Picture *p = solid(0xC86428, 1, 20, 10);   /* (200, 100, 40) */
    assert_colour(filtered_pixel(p, "brightness:.5", 10, 5, false), 0x643214, 2, "halved");
    assert_colour(filtered_pixel(p, "brightness:0", 10, 5, false), 0x000000, 0, "black");
    /* 1.5: 300 saturates at 255 */
    assert_colour(filtered_pixel(p, "brightness", 10, 5, false), 0xFF963C, 2, "times 1.5");
    image_free(p);
    p = solid(0x3C2814, 1, 20, 10);            /* (60, 40, 20) */
    assert_colour(filtered_pixel(p, "brightness:3", 10, 5, false), 0xB4783C, 3, "times 3");
    assert_colour(filtered_pixel(p, "brightness:1000%", 10, 5, false), 0xFFFFC8, 3, "times 10");
    image_free(p);
    /* half transparent: the alpha kept, the colour halved */
    p = solid(0xC86428, 0.5, 20, 10);
    uint32_t v = filtered_pixel(p, "brightness:.5", 10, 5, false);
    assert_true(abs(channel(v, 24) - 128) <= 2);
    /* premultiplied: half of (100, 50, 20) */
    assert_colour(v, 0x32190A, 2, "halved, half transparent");
    v = filtered_pixel(p, "brightness:1.5", 10, 5, false);
    assert_true(abs(channel(v, 24) - 128) <= 2);
    assert_colour(v, 0x804B1E, 3, "times 1.5, half transparent");
    image_free(p);
    /* transparent stays transparent */
    p = solid(0xC86428, 0, 20, 10);
    assert_int_equal(filtered_pixel(p, "brightness:2", 10, 5, false), 0);
    image_free(p);
}

static void
test_invert(void **state)
{
    (void)state;
    Picture *p = solid(0x0AC81E, 1, 20, 10);   /* (10, 200, 30) */
    assert_colour(filtered_pixel(p, "invert", 10, 5, false), 0xF537E1, 2, "inverted");
    assert_colour(filtered_pixel(p, "invert:.5", 10, 5, false), 0x808080, 2, "half inverted");
    assert_colour(filtered_pixel(p, "invert:0", 10, 5, false), 0x0AC81E, 1, "not inverted");
    image_free(p);
    /* a quarter opaque: the colour inverted, the alpha kept */
    p = solid(0x0AC81E, 0.25, 20, 10);
    uint32_t v = filtered_pixel(p, "invert", 10, 5, false);
    assert_true(abs(channel(v, 24) - 64) <= 2);
    assert_colour(v, 0x3D0E38, 3, "inverted, a quarter opaque");   /* (245, 55, 225) / 4 */
    image_free(p);
}

/* Filters in a row run in their order: invert then brightness is not
 * brightness then invert. */
static void
test_order(void **state)
{
    (void)state;
    Picture *p = solid(0x404040, 1, 20, 10);
    assert_colour(filtered_pixel(p, "invert brightness:.5", 10, 5, false), 0x606060, 2,
                  "invert, then halved");
    assert_colour(filtered_pixel(p, "brightness:.5 invert", 10, 5, false), 0xDFDFDF, 2,
                  "halved, then invert");
    /* opacity among the colour filters: in the alpha */
    uint32_t v = filtered_pixel(p, "invert opacity:.5", 10, 5, false);
    assert_true(abs(channel(v, 24) - 128) <= 2);
    assert_colour(v, 0x606060, 2, "inverted, half opaque");   /* (191 / 2) in each */
    image_free(p);
}

/* --- blur --- */

/* The standard deviation of the edge's profile along row y of s (green):
 * from the moments of its steps. */
static double
edge_sigma(cairo_surface_t *s, int y)
{
    int w = cairo_image_surface_get_width(s);
    double m0 = 0, m1 = 0, m2 = 0;
    for (int x = 1; x < w; x++) {
        double d = channel(pixel(s, x, y), 8) - channel(pixel(s, x - 1, y), 8);
        m0 += d;
        m1 += d * x;
        m2 += d * x * x;
    }
    double mu = m1 / m0;
    return sqrt(m2 / m0 - mu * mu);
}

static void
test_blur(void **state)
{
    (void)state;
    Picture *p = edge(128, 16);            /* 96 x 12 pt: 4/3 pixels a point */
    FilterList list = parsed("blur:8px");  /* 6 pt: 8 pixels */
    Picture *q = filter_picture(p, &list, 96, 12, fonts());
    assert_ptr_not_equal(q, p);
    cairo_surface_t *s = drawn(q, 128, 16, false);
    /* next to the edge: grey on both sides */
    int left = channel(pixel(s, 63, 8), 8), right = channel(pixel(s, 64, 8), 8);
    assert_true(left > 40 && left < 215);
    assert_true(right > 40 && right < 215);
    /* far from it: as it was (the edges padded, not faded) */
    assert_colour(pixel(s, 1, 8), 0x000000, 2, "far left");
    assert_colour(pixel(s, 126, 8), 0xFFFFFF, 2, "far right");
    assert_int_equal(channel(pixel(s, 0, 0), 24), 255);
    /* rising all the way (a rounding aside), and as wide as asked (within a
     * fifth) */
    for (int x = 1; x < 128; x++)
        assert_true(channel(pixel(s, x, 8), 8) >= channel(pixel(s, x - 1, 8), 8) - 1);
    double sigma = edge_sigma(s, 8);
    if (fabs(sigma - 8) > 1.6)
        fail_msg("blur:8px in 8 pixels: a standard deviation of %.2f", sigma);
    cairo_surface_destroy(s);
    /* a small blur (below one smoothing): still softened next to the edge */
    list = parsed("blur:0.5px");           /* half a pixel */
    s = drawn(filter_picture(p, &list, 96, 12, fonts()), 128, 16, false);
    left = channel(pixel(s, 63, 8), 8);
    assert_true(left > 5 && left < 128);
    assert_colour(pixel(s, 60, 8), 0x000000, 1, "a small blur, away from the edge");
    cairo_surface_destroy(s);
    /* blurring does not darken (no rounding down): the mean is kept, and
     * the profile is symmetric about the edge */
    list = parsed("blur:20px");
    s = drawn(filter_picture(p, &list, 96, 12, fonts()), 128, 16, false);
    double sum = 0;
    for (int x = 0; x < 128; x++)
        sum += channel(pixel(s, x, 8), 8);
    assert_true(fabs(sum / 128 - 127.5) < 1.5);
    assert_true(abs(channel(pixel(s, 63, 8), 8) + channel(pixel(s, 64, 8), 8) - 255) <= 4);
    cairo_surface_destroy(s);
    /* far wider than the picture: one grey everywhere, between the two */
    list = parsed("blur:100000px");
    s = drawn(filter_picture(p, &list, 96, 12, fonts()), 128, 16, false);
    uint32_t grey = pixel(s, 0, 0);
    assert_true(channel(grey, 8) > 64 && channel(grey, 8) < 192);
    for (int x = 0; x < 128; x += 9)
        assert_colour(pixel(s, x, x % 16), grey & 0xFFFFFF, 1, "blurred away");
    cairo_surface_destroy(s);
    image_free(p);
    /* a uniform picture stays uniform, a big blur too */
    p = solid(0x0AC81E, 1, 60, 40);
    list = parsed("blur:30px");
    s = drawn(filter_picture(p, &list, 45, 30, fonts()), 60, 40, false);
    for (int y = 0; y < 40; y += 3)
        for (int x = 0; x < 60; x += 3)
            assert_colour(pixel(s, x, y), 0x0AC81E, 1, "uniform, blurred");
    cairo_surface_destroy(s);
    image_free(p);
    /* with transparency: blurred in premultiplied colours, no dark fringe */
    p = solid(0xFF0000, 0.5, 40, 20);
    list = parsed("blur:4px");
    s = drawn(filter_picture(p, &list, 30, 15, fonts()), 40, 20, false);
    uint32_t v = pixel(s, 20, 10);
    assert_true(abs(channel(v, 24) - 128) <= 2);
    assert_colour(v, 0x800000, 2, "red, half transparent, blurred");
    cairo_surface_destroy(s);
    image_free(p);
}

/* --- opacity --- */

/* Does the PDF of q drawn on a page hold a JPEG as it is (DCTDecode)? */
static cairo_status_t
pdf_to_bytes(void *closure, const unsigned char *data, unsigned int length)
{
    g_byte_array_append(closure, data, length);
    return CAIRO_STATUS_SUCCESS;
}

static bool
pdf_holds_jpeg(const Picture *q)
{
    GByteArray *bytes = g_byte_array_new();
    cairo_surface_t *pdf = cairo_pdf_surface_create_for_stream(pdf_to_bytes, bytes, 200, 200);
    cairo_t *cr = cairo_create(pdf);
    image_draw(cr, q, 10, 10, 120, 80, fonts(), true);
    cairo_destroy(cr);
    cairo_surface_finish(pdf);
    cairo_surface_destroy(pdf);
    static const char key[] = "/DCTDecode";   /* (binary: no strstr) */
    bool found = false;
    for (size_t i = 0; !found && i + sizeof key - 1 <= bytes->len; i++)
        found = memcmp(bytes->data + i, key, sizeof key - 1) == 0;
    g_byte_array_free(bytes, TRUE);
    return found;
}

static void
test_opacity_alone(void **state)
{
    (void)state;
    size_t n;
    unsigned char *jpeg = pictures_jpeg(&(JpegSpec){.w = 120, .h = 80}, &n);
    const char *why;
    Picture *p = image_read((char *)jpeg, n, NO_LIMIT, arena, &why);
    assert_non_null(p);
    FilterList list = parsed("opacity:.3");
    Picture *q = filter_picture(p, &list, 90, 60, fonts());
    assert_ptr_not_equal(q, p);
    assert_int_equal(image_info(q)->passthrough, 1);
    assert_true(pdf_holds_jpeg(q));        /* the file's bytes, not pixels */
    /* any box: the same copy (it has no pixels of its own) */
    assert_ptr_equal(filter_picture(p, &list, 45, 30, fonts()), q);
    /* on white: 0.3 of the picture, 0.7 of white */
    cairo_surface_t *plain = drawn(p, 120, 80, true), *faded = drawn(q, 120, 80, true);
    static const int xs[] = {10, 60, 100}, ys[] = {10, 70, 30};
    for (int i = 0; i < 3; i++) {
        uint32_t c = pixel(plain, xs[i], ys[i]);
        unsigned want = 0;
        for (int k = 0; k < 24; k += 8)
            want |= (unsigned)lround(0.3 * channel(c, k) + 0.7 * 255) << k;
        assert_colour(pixel(faded, xs[i], ys[i]), want, 2, "opacity:.3 on white");
    }
    cairo_surface_destroy(plain);
    cairo_surface_destroy(faded);
    /* a faded copy filtered again: its opacity in the new pixels */
    FilterList again = parsed("invert:0");
    faded = drawn(filter_picture(q, &again, 90, 60, fonts()), 120, 80, false);
    assert_true(abs(channel(pixel(faded, 60, 40), 24) - 77) <= 1);
    cairo_surface_destroy(faded);
    /* two opacities multiply */
    list = parsed("opacity:.5 opacity:.5");
    q = filter_picture(p, &list, 90, 60, fonts());
    faded = drawn(q, 120, 80, false);
    assert_true(abs(channel(pixel(faded, 60, 40), 24) - 64) <= 1);
    cairo_surface_destroy(faded);
    /* opacity with another filter: in the pixels, no longer the JPEG */
    list = parsed("opacity:.3 invert:0");
    q = filter_picture(p, &list, 90, 60, fonts());
    assert_int_equal(image_info(q)->passthrough, 0);
    assert_false(pdf_holds_jpeg(q));
    faded = drawn(q, 120, 80, false);
    assert_true(abs(channel(pixel(faded, 60, 40), 24) - 77) <= 1);
    cairo_surface_destroy(faded);
    image_free(p);
}

/* An SVG faded as a group: where its shapes overlap is no darker. */
static void
test_opacity_svg(void **state)
{
    (void)state;
    static const char svg[] = "<svg xmlns='http://www.w3.org/2000/svg' width='80' height='40'>"
                              "<rect width='50' height='40' fill='#000000'/>"
                              "<rect x='30' width='50' height='40' fill='#000000'/></svg>";
    const char *why;
    Picture *p = read_copy(svg, strlen(svg));
    assert_ptr_equal(image_page(p, 1, fonts(), arena, &why), p);
    FilterList list = parsed("opacity:.5");
    Picture *q = filter_picture(p, &list, 60, 30, fonts());
    cairo_surface_t *s = drawn(q, 80, 40, true);
    assert_colour(pixel(s, 10, 20), 0x808080, 2, "one rectangle");
    assert_colour(pixel(s, 40, 20), 0x808080, 2, "the two overlapping");
    cairo_surface_destroy(s);
    /* vectors: 2 pixels a point of the box */
    list = parsed("invert");
    q = filter_picture(p, &list, 60, 30, fonts());
    assert_int_equal(image_info(q)->pixels, 120 * 60);
    s = drawn(q, 80, 40, false);
    assert_colour(pixel(s, 40, 20), 0xFFFFFF, 2, "inverted black");
    assert_int_equal(channel(pixel(s, 40, 20), 24), 255);
    cairo_surface_destroy(s);
    image_free(p);
}

/* --- a JPEG's pixels written as a JPEG --- */

/* The JPEG attached to the pixels of q for the PDF, or NULL. */
static const unsigned char *
jpeg_of(const Picture *q, unsigned long *len)
{
    const unsigned char *data = NULL;
    *len = 0;
    cairo_surface_get_mime_data(q->surface, CAIRO_MIME_TYPE_JPEG, &data, len);
    return data;
}

typedef struct Decoded {
    struct jpeg_decompress_struct cinfo;
    struct jpeg_error_mgr err;
} Decoded;

/* (cmocka's failure leaves the test: nothing returns to libjpeg) */
static void
decode_fail(j_common_ptr c)
{
    char msg[JMSG_LENGTH_MAX];
    c->err->format_message(c, msg);
    fail_msg("the attached JPEG does not decode: %s", msg);
}

/* The JPEG data[0..len) decoded by libjpeg into an RGB24 surface; its
 * number of components in *components. */
static cairo_surface_t *
decoded(const unsigned char *data, unsigned long len, int *components)
{
    Decoded *d = g_new0(Decoded, 1);
    struct jpeg_decompress_struct *c = &d->cinfo;
    c->err = jpeg_std_error(&d->err);
    d->err.error_exit = decode_fail;
    jpeg_create_decompress(c);
    jpeg_mem_src(c, data, len);
    jpeg_read_header(c, TRUE);
    *components = c->num_components;
    c->out_color_space = G_BYTE_ORDER == G_LITTLE_ENDIAN ? JCS_EXT_BGRX : JCS_EXT_XRGB;
    jpeg_start_decompress(c);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)c->output_width,
                                                    (int)c->output_height);
    unsigned char *px = cairo_image_surface_get_data(s);
    while (c->output_scanline < c->output_height) {
        JSAMPROW row = px + (size_t)cairo_image_surface_get_stride(s) * c->output_scanline;
        jpeg_read_scanlines(c, &row, 1);
    }
    jpeg_finish_decompress(c);
    jpeg_destroy_decompress(c);
    g_free(d);
    cairo_surface_mark_dirty(s);
    return s;
}

/* The JPEG attached to q decodes to q's pixels, each channel within
 * max_err and within mean_err on average; its components: *components. */
static void
assert_jpeg_close(const Picture *q, int max_err, double mean_err, int *components)
{
    unsigned long len;
    const unsigned char *data = jpeg_of(q, &len);
    assert_non_null(data);
    cairo_surface_t *got = decoded(data, len, components);
    int w = cairo_image_surface_get_width(q->surface);
    int h = cairo_image_surface_get_height(q->surface);
    assert_int_equal(cairo_image_surface_get_width(got), w);
    assert_int_equal(cairo_image_surface_get_height(got), h);
    int worst = 0;
    double sum = 0;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            for (int k = 0; k < 24; k += 8) {
                int e = abs(channel(pixel(got, x, y), k) - channel(pixel(q->surface, x, y), k));
                worst = e > worst ? e : worst;
                sum += e;
            }
    double mean = sum / (3.0 * w * h);
    if (worst > max_err || mean > mean_err)
        fail_msg("the JPEG decodes %d levels off at most, %.2f on average (allowed: %d, %.2f)",
                 worst, mean, max_err, mean_err);
    cairo_surface_destroy(got);
}

/* A JPEG's filtered pixels, opaque, go into the PDF as a JPEG (baseline,
 * one component when grey) close to them; with transparency, or from a
 * PNG, as pixels. */
static void
test_jpeg_written(void **state)
{
    (void)state;
    size_t n;
    const char *why;
    unsigned char *jpeg = pictures_jpeg(&(JpegSpec){.w = 160, .h = 120}, &n);
    Picture *p = image_read((char *)jpeg, n, NO_LIMIT, arena, &why);
    assert_non_null(p);
    int components;
    /* sepia: in colour, the scene's sharp edges (the red corner, the sun)
     * included (measured: 16 levels off at most, 0.78 on average) */
    FilterList list = parsed("sepia");
    Picture *q = filter_picture(p, &list, 120, 90, fonts());
    assert_string_equal(image_info(q)->format, "JPEG");
    assert_int_equal(image_info(q)->passthrough, 0);   /* (not the file's bytes) */
    assert_true(pdf_holds_jpeg(q));
    assert_jpeg_close(q, 24, 1.5, &components);
    assert_int_equal(components, 3);
    /* blurred: smooth, closer */
    list = parsed("blur:4px");
    q = filter_picture(p, &list, 120, 90, fonts());
    assert_jpeg_close(q, 10, 1.0, &components);   /* (measured: 7, 0.68) */
    assert_int_equal(components, 3);
    /* grey: one component, Y the grey itself */
    list = parsed("grayscale blur:2px");
    q = filter_picture(p, &list, 120, 90, fonts());
    assert_jpeg_close(q, 6, 0.5, &components);    /* (measured: 3, 0.17) */
    assert_int_equal(components, 1);
    /* opaque pixels in an ARGB32 surface (opacity 1 made them so) */
    list = parsed("invert opacity:1");
    q = filter_picture(p, &list, 120, 90, fonts());
    assert_int_equal(cairo_image_surface_get_format(q->surface), CAIRO_FORMAT_ARGB32);
    assert_jpeg_close(q, 30, 1.5, &components);   /* (measured: 21, 0.75) */
    /* transparent: pixels (cairo writes no soft mask for a JPEG) */
    list = parsed("invert opacity:.9");
    q = filter_picture(p, &list, 120, 90, fonts());
    unsigned long len;
    assert_null(jpeg_of(q, &len));
    assert_string_equal(image_info(q)->format, "PNG");
    assert_false(pdf_holds_jpeg(q));
    /* unfiltered, or faded alone: the file's own bytes still */
    list = parsed("opacity:.5");
    q = filter_picture(p, &list, 120, 90, fonts());
    assert_int_equal(image_info(q)->passthrough, 1);
    image_free(p);
    /* a PNG (lossless) stays lossless: pixels, no JPEG */
    static const unsigned colours[] = {0xC8783C, 0x0AC81E, 0x2040E0};
    p = stripes(colours, 3);
    list = parsed("sepia");
    q = filter_picture(p, &list, 22.5, 7.5, fonts());
    assert_null(jpeg_of(q, &len));
    assert_string_equal(image_info(q)->format, "PNG");
    assert_false(pdf_holds_jpeg(q));
    image_free(p);
}

/* --- sizes, orientation, the cache --- */

static void
test_sizes(void **state)
{
    (void)state;
    Picture *p = solid(0x336699, 1, 40, 30);   /* 30 x 22.5 pt */
    FilterList list = parsed("grayscale");
    /* its own pixels in a bigger box */
    Picture *q = filter_picture(p, &list, 60, 45, fonts());
    const ImageInfo *in = image_info(q);
    assert_int_equal(in->pixels, 40 * 30);
    assert_true(fabs(in->w_pt - 30) < 0.01 && fabs(in->h_pt - 22.5) < 0.01);   /* its own */
    assert_string_equal(in->format, "PNG");
    assert_int_equal(in->passthrough, 0);
    /* at most 3 a point of a smaller box */
    q = filter_picture(p, &list, 10, 5, fonts());
    assert_int_equal(image_info(q)->pixels, 30 * 15);
    image_free(p);
    /* a vector picture in a huge box: 16 megapixels at most, proportions kept */
    static const char svg[] = "<svg xmlns='http://www.w3.org/2000/svg' width='50' height='10'>"
                              "<rect width='50' height='10' fill='#336699'/></svg>";
    p = read_copy(svg, strlen(svg));
    list = parsed("blur:0");
    q = filter_picture(p, &list, 5000, 1000, fonts());
    uint64_t px = image_info(q)->pixels;
    assert_true(px <= LIMIT_FILTER_PIXELS && px > LIMIT_FILTER_PIXELS * 0.99);
    assert_true(fabs(image_info(q)->dpi_x / (double)image_info(q)->dpi_y - 1) < 0.01);
    image_free(p);
}

/* A JPEG turned by Exif is filtered as shown: its red corner lands where
 * the turned picture has it. */
static void
test_orientation(void **state)
{
    (void)state;
    size_t n;
    const char *why;
    unsigned char *jpeg = pictures_jpeg(&(JpegSpec){.w = 80, .h = 40, .orientation = 6}, &n);
    Picture *p = image_read((char *)jpeg, n, NO_LIMIT, arena, &why);
    assert_non_null(p);
    const ImageInfo *in = image_info(p);
    assert_true(in->h_pt > in->w_pt);      /* turned a quarter: 40 x 80 shown */
    FilterList list = parsed("invert");
    Picture *q = filter_picture(p, &list, in->w_pt, in->h_pt, fonts());
    assert_int_equal(image_info(q)->pixels, 40 * 80);
    cairo_surface_t *s = drawn(q, 40, 80, false);
    /* orientation 6: the stored top left shows at the top right; red inverted */
    assert_colour(pixel(s, 36, 3), 0x1FDFDF, 40, "the corner, inverted");
    uint32_t sky = pixel(s, 3, 3);          /* the stored bottom left: no corner */
    assert_true(abs(channel(sky, 16) - 0x1F) > 40 || abs(channel(sky, 8) - 0xDF) > 40);
    cairo_surface_destroy(s);
    image_free(p);
}

static void
test_cache_and_unchanged(void **state)
{
    (void)state;
    Picture *p = solid(0x808080, 1, 40, 30);
    FilterList list = parsed("sepia blur:2px");
    Picture *q = filter_picture(p, &list, 30, 22.5, fonts());
    assert_ptr_not_equal(q, p);
    assert_ptr_equal(filter_picture(p, &list, 30, 22.5, fonts()), q);
    assert_ptr_equal(filter_picture(p, &list, 30.004, 22.496, fonts()), q);   /* within 0.01 */
    FilterList same = parsed("sepia contrast blur:2px");   /* contrast is skipped */
    assert_ptr_equal(filter_picture(p, &same, 30, 22.5, fonts()), q);
    assert_ptr_not_equal(filter_picture(p, &list, 31, 22.5, fonts()), q);   /* another box */
    FilterList other = parsed("blur:2px sepia");          /* another order */
    assert_ptr_not_equal(filter_picture(p, &other, 30, 22.5, fonts()), q);
    other = parsed("sepia:.9 blur:2px");                  /* another amount */
    assert_ptr_not_equal(filter_picture(p, &other, 30, 22.5, fonts()), q);
    /* nothing applied: p itself */
    FilterList skipped = parsed("contrast saturate:3 hue-rotate drop-shadow");
    assert_ptr_equal(filter_picture(p, &skipped, 30, 22.5, fonts()), p);
    FilterList none = {0};
    assert_ptr_equal(filter_picture(p, &none, 30, 22.5, fonts()), p);
    FilterList opaque = parsed("opacity:1");
    assert_ptr_equal(filter_picture(p, &opaque, 30, 22.5, fonts()), p);
    /* no box: no pixels to make */
    assert_ptr_equal(filter_picture(p, &list, 0, 22.5, fonts()), p);
    /* filters of a filtered picture: kept by it, freed with p */
    FilterList inv = parsed("invert");
    Picture *r = filter_picture(q, &inv, 30, 22.5, fonts());
    assert_ptr_not_equal(r, q);
    assert_ptr_equal(filter_picture(q, &inv, 30, 22.5, fonts()), r);
    image_free(p);                         /* (the sanitizer build checks the rest go) */
}

/* Same picture and filters: the same pixels, and the same JPEG written
 * for them. */
static void
test_deterministic(void **state)
{
    (void)state;
    cairo_surface_t *got[2];
    GBytes *written[2];
    for (int i = 0; i < 2; i++) {
        size_t n;
        const char *why;
        unsigned char *jpeg = pictures_jpeg(&(JpegSpec){.w = 160, .h = 120}, &n);
        Picture *p = image_read((char *)jpeg, n, NO_LIMIT, arena, &why);
        FilterList list = parsed("sepia blur:3px brightness:1.2 invert:.2 opacity:.8");
        got[i] = drawn(filter_picture(p, &list, 120, 90, fonts()), 160, 120, false);
        list = parsed("sepia blur:3px brightness:1.2 invert:.2");
        unsigned long len;
        const unsigned char *data = jpeg_of(filter_picture(p, &list, 120, 90, fonts()), &len);
        assert_non_null(data);
        written[i] = g_bytes_new(data, len);
        image_free(p);
    }
    size_t bytes = (size_t)cairo_image_surface_get_stride(got[0]) * 120;
    assert_memory_equal(cairo_image_surface_get_data(got[0]),
                        cairo_image_surface_get_data(got[1]), bytes);
    assert_true(g_bytes_equal(written[0], written[1]));
    cairo_surface_destroy(got[0]);
    cairo_surface_destroy(got[1]);
    g_bytes_unref(written[0]);
    g_bytes_unref(written[1]);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_defaults),
        cmocka_unit_test(test_parse_arguments),
        cmocka_unit_test(test_parse_refused),
        cmocka_unit_test(test_parse_full),
        cmocka_unit_test(test_names_and_applied),
        cmocka_unit_test(test_grayscale),
        cmocka_unit_test(test_sepia),
        cmocka_unit_test(test_brightness),
        cmocka_unit_test(test_invert),
        cmocka_unit_test(test_order),
        cmocka_unit_test(test_blur),
        cmocka_unit_test(test_opacity_alone),
        cmocka_unit_test(test_opacity_svg),
        cmocka_unit_test(test_jpeg_written),
        cmocka_unit_test(test_sizes),
        cmocka_unit_test(test_orientation),
        cmocka_unit_test(test_cache_and_unchanged),
        cmocka_unit_test(test_deterministic),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
