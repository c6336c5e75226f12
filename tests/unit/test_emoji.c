/*
 * test_emoji.c: colour emoji with the real fonts (fonts/ of the repository).
 * The blank copy of Noto Color Emoji keeps every glyph's advance and draws
 * nothing; a picture lands where the font's bitmap metrics put it; an
 * emoji is set one em wide, alone or as a sequence; the emoji modifier
 * bases that are text by default stay in the text font when alone; a
 * character no font has is set at its .notdef's advance and warned about
 * once per document.
 */
#include <ft2build.h>
#include FT_FREETYPE_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <hb-ot.h>
#include <pango/pangocairo.h>

#include "doc.h"
#include "emoji.h"
#include "inline.h"
#include "style.h"
#include "theme.h"
#include "unit_fonts.h"

#define EMOJI_FONT "fonts/NotoColorEmoji.ttf"

/* --- the blank font --- */

static void
test_blank_font(void **state)
{
    (void)state;
    hb_blob_t *blob = hb_blob_create_from_file_or_fail(EMOJI_FONT);
    assert_non_null(blob);
    hb_face_t *face = hb_face_create(blob, 0);
    assert_true(emoji_is_colour(face));
    hb_blob_t *blank = emoji_blank_font(blob);
    assert_non_null(blank);
    hb_face_t *bface = hb_face_create(blank, 0);
    assert_false(emoji_is_colour(bface));
    assert_int_equal(hb_face_get_glyph_count(bface), hb_face_get_glyph_count(face));
    hb_font_t *font = hb_font_create(face), *bfont = hb_font_create(bface);
    hb_codepoint_t g, bg;
    assert_true(hb_font_get_nominal_glyph(font, 0x1F600, &g));
    assert_true(hb_font_get_nominal_glyph(bfont, 0x1F600, &bg));
    assert_int_equal(g, bg);
    assert_int_equal(hb_font_get_glyph_h_advance(bfont, g), hb_font_get_glyph_h_advance(font, g));

    /* FreeType reads it as an outline font without colour whose glyphs are empty */
    FT_Library ft;
    FT_Face ftf;
    assert_int_equal(FT_Init_FreeType(&ft), 0);
    unsigned len;
    const char *data = hb_blob_get_data(blank, &len);
    assert_int_equal(FT_New_Memory_Face(ft, (const FT_Byte *)data, (FT_Long)len, 0, &ftf), 0);
    assert_true(FT_IS_SCALABLE(ftf));
    assert_false(FT_HAS_COLOR(ftf));
    assert_int_equal(FT_Load_Glyph(ftf, g, FT_LOAD_NO_SCALE), 0);
    assert_int_equal(ftf->glyph->format, FT_GLYPH_FORMAT_OUTLINE);
    assert_int_equal(ftf->glyph->outline.n_points, 0);
    assert_int_equal(ftf->glyph->advance.x, hb_font_get_glyph_h_advance(font, g));
    FT_Done_Face(ftf);
    FT_Done_FreeType(ft);

    /* not an sfnt: refused */
    hb_blob_t *junk = hb_blob_create("not a font at all", 17, HB_MEMORY_MODE_READONLY, NULL, NULL);
    assert_null(emoji_blank_font(junk));
    hb_blob_destroy(junk);
    hb_font_destroy(font);
    hb_font_destroy(bfont);
    hb_face_destroy(bface);
    hb_face_destroy(face);
    hb_blob_destroy(blank);
    hb_blob_destroy(blob);
}

/* --- pictures --- */

static uint32_t
pixel(cairo_surface_t *img, int x, int y)
{
    const unsigned char *d = cairo_image_surface_get_data(img);
    size_t stride = (size_t)cairo_image_surface_get_stride(img);
    return *(const uint32_t *)(const void *)(d + (size_t)y * stride + 4 * (size_t)x);
}

/* 😀 at 109 px to the em (the strike's own size) with its origin at
 * (20, 150): Noto Color Emoji's bitmap is 136 x 128 px with its top 101 px
 * above the baseline, so it covers x 20..156, y 49..177; a yellow face. */
static void
test_picture_placed(void **state)
{
    (void)state;
    EmojiFace *ef = emoji_face_new(EMOJI_FONT, 0);
    assert_non_null(ef);
    hb_blob_t *blob = hb_blob_create_from_file_or_fail(EMOJI_FONT);
    hb_face_t *face = hb_face_create(blob, 0);
    hb_font_t *font = hb_font_create(face);
    hb_codepoint_t g;
    assert_true(hb_font_get_nominal_glyph(font, 0x1F600, &g));
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 200, 200);
    cairo_t *cr = cairo_create(img);
    cairo_glyph_t glyph = {g, 20, 150};
    emoji_draw(ef, cr, 109, &glyph, 1);
    cairo_destroy(cr);
    cairo_surface_flush(img);
    uint32_t mid = pixel(img, 88, 113);
    assert_int_equal(mid >> 24, 0xFF);                 /* opaque */
    assert_true(((mid >> 16) & 0xFF) > 200 && ((mid >> 8) & 0xFF) > 150 && (mid & 0xFF) < 120);
    assert_int_equal(pixel(img, 10, 113) >> 24, 0);    /* left of the box */
    assert_int_equal(pixel(img, 170, 113) >> 24, 0);   /* right of it */
    assert_int_equal(pixel(img, 88, 40) >> 24, 0);     /* above it */
    assert_int_equal(pixel(img, 88, 185) >> 24, 0);    /* below it */
    cairo_surface_destroy(img);
    /* a glyph without a picture (the space) draws nothing, and no failure */
    hb_codepoint_t space;
    assert_true(hb_font_get_nominal_glyph(font, ' ', &space));
    img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 50, 50);
    cr = cairo_create(img);
    glyph = (cairo_glyph_t){space, 10, 40};
    emoji_draw(ef, cr, 40, &glyph, 1);
    cairo_destroy(cr);
    cairo_surface_flush(img);
    for (int y = 0; y < 50; y++)
        for (int x = 0; x < 50; x++)
            assert_int_equal(pixel(img, x, y), 0);
    cairo_surface_destroy(img);
    hb_font_destroy(font);
    hb_face_destroy(face);
    hb_blob_destroy(blob);
    emoji_face_free(ef);
    assert_null(emoji_face_new("fonts/no-such-font.ttf", 0));
}

/* --- layout: size, presentation, missing characters --- */

static Doc *
new_doc(void)
{
    static Settings opt;
    Doc *doc = unit_doc(&opt, "test.md");
    doc->theme = theme_report();
    return doc;
}

/* One line of `text` in the body style. */
static const Line *
one_line(Doc *doc, const char *text)
{
    Line *lines;
    int n = inline_layout_text(doc, text, strlen(text), &theme_report()->body, 0, false, NULL,
                               (SrcPos){1, 1}, &lines);
    assert_int_equal(n, 1);
    return &lines[0];
}

static bool
colour_font(const Run *r)
{
    hb_font_t *hbf = pango_font_get_hb_font(r->font);
    return hbf && emoji_is_colour(hb_font_get_face(hbf));
}

/* The run that holds byte `at` of the line's text. */
static const Run *
run_at(const Line *ln, int at)
{
    for (int i = 0; i < ln->n_runs; i++)
        if (ln->runs[i].offset <= at && at < ln->runs[i].offset + ln->runs[i].length)
            return &ln->runs[i];
    fail_msg("no run at byte %d", at);
    return NULL;
}

static void
test_one_em(void **state)
{
    (void)state;
    Unit em = theme_report()->body.size;
    static const char *const emoji[] = {
        "😀", "👨\u200d👩\u200d👧\u200d👦", "👍🏽", "🇯🇵", "1\ufe0f\u20e3", "✍\ufe0f", "☝🏽",
    };
    for (size_t i = 0; i < sizeof emoji / sizeof emoji[0]; i++) {
        Doc *doc = new_doc();
        char text[64];
        snprintf(text, sizeof text, "あ%sい", emoji[i]);
        const Line *ln = one_line(doc, text);
        const Run *r = run_at(ln, 3);
        if (!colour_font(r))
            fail_msg("%s: not in the colour font", emoji[i]);
        /* one glyph, one em (within 1/1000 em: the size is whole Pango units) */
        int drawn = 0;
        for (int g = 0; g < r->n_glyphs; g++)
            drawn += run_glyph(r, g) != GLYPH_EMPTY;
        if (drawn != 1)
            fail_msg("%s: %d glyphs", emoji[i], drawn);
        if (abs(r->width - em) > em / 1000)
            fail_msg("%s: %d units wide, the em is %d", emoji[i], r->width, em);
        if (abs(ln->natural - 3 * em) > em / 1000)
            fail_msg("%s: the line is %d units, not 3 em", emoji[i], ln->natural);
        doc_free(doc);
    }
}

/* ★ ✓ © and the text-default modifier base ☝ alone stay in the text font
 * (the CJK faces have them); ☝ with a skin tone or U+FE0F is an emoji. */
static void
test_text_presentation(void **state)
{
    (void)state;
    static const struct { const char *text; bool colour; } cases[] = {
        {"あ★い", false}, {"あ✓い", false}, {"あ©い", false}, {"あ☝い", false},
        {"あ☝🏽い", true}, {"あ☝\ufe0fい", true}, {"あ⭐い", true}, {"あ✅い", true},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        Doc *doc = new_doc();
        const Line *ln = one_line(doc, cases[i].text);
        if (colour_font(run_at(ln, 3)) != cases[i].colour)
            fail_msg("%s: %s the colour font", cases[i].text,
                     cases[i].colour ? "not in" : "in");
        doc_free(doc);
    }
}

static void
test_missing(void **state)
{
    (void)state;
    Unit em = theme_report()->body.size;
    Doc *doc = new_doc();
    one_line(doc, "あいう");
    shape_warn_missing(doc);
    assert_int_equal(doc->n_warnings, 0);
    /* U+E000 (private use) twice, U+10900 (Phoenician) once: one warning */
    const Line *ln = one_line(doc, "あ\ue000い\U00010900う\ue000");
    uint32_t unknown[4];
    int n = 0;
    for (int i = 0; i < ln->n_runs; i++)
        for (int g = 0; g < ln->runs[i].n_glyphs; g++) {
            uint32_t id = run_glyph(&ln->runs[i], g);
            if (id != GLYPH_EMPTY && (id & GLYPH_UNKNOWN_FLAG) && n < 4)
                unknown[n++] = id & ~GLYPH_UNKNOWN_FLAG;
        }
    assert_int_equal(n, 3);
    assert_int_equal(unknown[0], 0xE000);
    assert_int_equal(unknown[1], 0x10900);
    assert_int_equal(unknown[2], 0xE000);
    /* set at the .notdef's advance (1 em in Noto CJK), as draw.c draws it */
    assert_int_equal(ln->natural, 6 * em);
    shape_warn_missing(doc);
    assert_int_equal(doc->n_warnings, 1);
    doc_free(doc);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_blank_font),
        cmocka_unit_test(test_picture_placed),
        cmocka_unit_test(test_one_em),
        cmocka_unit_test(test_text_presentation),
        cmocka_unit_test(test_missing),
    };
    return cmocka_run_group_tests(tests, unit_fonts_setup, unit_fonts_teardown);
}
