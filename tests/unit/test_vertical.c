/*
 * test_vertical.c: vertical writing (src/vertical.h) on made-up items with
 * the real fonts (fonts/ of the repository, so `make check` runs it from the
 * repository root): which characters stand upright, which digits are set
 * across the line (tate-chu-yoko), and what the paragraph builder makes of a
 * vertical line: upright runs with the fonts' vertical alternates and
 * vertical advances, a tate-chu-yoko pair as one em-wide box spaced as a
 * kanji, sideways Latin spaced a quarter em from the Japanese, and the same
 * line breaks, kinsoku and punctuation compression as horizontal text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <glib.h>

#include "doc.h"
#include "inline.h"
#include "jp_rules.h"
#include "style.h"
#include "theme.h"
#include "unit_fonts.h"
#include "utf8.h"
#include "vertical.h"

static Theme vertical_theme;

static Doc *
new_doc(bool vertical)
{
    static Settings opt;
    Doc *doc = unit_doc(&opt, "test.md");
    vertical_theme = *theme_report();
    vertical_theme.vertical = vertical;
    doc->theme = &vertical_theme;
    return doc;
}

/* The lines of `text` at `ems` body ems. */
static int
lay(Doc *doc, const char *text, int ems, Line **lines)
{
    const Style *body = &theme_report()->body;
    return inline_layout_text(doc, text, strlen(text), body, body->size * ems, false, NULL,
                              (SrcPos){1, 1}, lines);
}

/* The run of ln holding byte `at` of its text. */
static const Run *
run_at(const Line *ln, int at)
{
    for (int i = 0; i < ln->n_runs; i++)
        if (at >= ln->runs[i].offset && at < ln->runs[i].offset + ln->runs[i].length
            && !ln->runs[i].span->text)
            return &ln->runs[i];
    return NULL;
}

static int
byte_of(const char *text, const char *needle)
{
    const char *p = strstr(text, needle);
    assert_non_null(p);
    return (int)(p - text);
}

static void
test_orientation(void **state)
{
    (void)state;
    /* upright: kanji, kana, Japanese punctuation and brackets, the long
     * vowel mark, the wave dash, full-width forms, circled digits, × */
    const uint32_t up[] = {0x6F22, 0x3042, 0x30A2, 0x3001, 0x3002, 0x300C, 0x300D, 0x30FC,
                           0x301C, 0xFF01, 0xFF21, 0x2460, 0x00D7, 0x3005, 0x30C3, 0x20BB7};
    for (size_t i = 0; i < sizeof up / sizeof up[0]; i++)
        assert_true(vert_upright(up[i]));
    /* sideways: Latin, digits, ASCII punctuation, dashes, the ellipsis, arrows */
    const uint32_t side[] = {'A', 'z', '0', '9', '.', ',', '(', 0x2014, 0x2026, 0x2192, 0x00E9,
                             0x03B1, 0x2500};
    for (size_t i = 0; i < sizeof side / sizeof side[0]; i++)
        assert_false(vert_upright(side[i]));
}

static void
test_tcy_rules(void **state)
{
    (void)state;
    const char *t = "12月3時1986年v12と3.5と12aと2,000とA-5と(3)";
    assert_true(vert_tcy(t, (int)strlen(t), 0, 2, 2));        /* 12月 */
    int at = byte_of(t, "3時");
    assert_true(vert_tcy(t, (int)strlen(t), at, at + 1, 2));    /* 3時 */
    at = byte_of(t, "1986");
    assert_false(vert_tcy(t, (int)strlen(t), at, at + 4, 2));   /* four digits: sideways */
    at = byte_of(t, "v12") + 1;
    assert_false(vert_tcy(t, (int)strlen(t), at, at + 2, 2));   /* part of a word */
    at = byte_of(t, "3.5");
    assert_false(vert_tcy(t, (int)strlen(t), at, at + 1, 2));   /* a decimal */
    at = byte_of(t, "12a");
    assert_false(vert_tcy(t, (int)strlen(t), at, at + 2, 2));
    at = byte_of(t, "2,000");
    assert_false(vert_tcy(t, (int)strlen(t), at, at + 1, 2));   /* a grouped number */
    at = byte_of(t, "A-5") + 2;
    assert_false(vert_tcy(t, (int)strlen(t), at, at + 1, 2));   /* a label */
    at = byte_of(t, "(3)") + 1;
    assert_false(vert_tcy(t, (int)strlen(t), at, at + 1, 2));
    const char *u = "本当!?それは!ねHello!と1!";
    at = byte_of(u, "!?");
    assert_true(vert_tcy(u, (int)strlen(u), at, at + 2, 2));    /* !? across */
    at = byte_of(u, "!ね");
    assert_true(vert_tcy(u, (int)strlen(u), at, at + 1, 2));
    at = byte_of(u, "o!") + 1;
    assert_false(vert_tcy(u, (int)strlen(u), at, at + 1, 2));   /* a Latin word's */
    at = byte_of(u, "1!");
    assert_false(vert_tcy(u, (int)strlen(u), at, at + 2, 2));   /* digits and signs unmixed */
    /* three digits: only where the theme asks (page.tate-chu-yoko: 3); none at 0 */
    const char *w = "第100回と2026年";
    at = byte_of(w, "100");
    assert_false(vert_tcy(w, (int)strlen(w), at, at + 3, 2));
    assert_true(vert_tcy(w, (int)strlen(w), at, at + 3, 3));
    at = byte_of(w, "2026");
    assert_false(vert_tcy(w, (int)strlen(w), at, at + 4, 3));
    at = byte_of(w, "100");
    assert_false(vert_tcy(w, (int)strlen(w), at, at + 1, 0));
}

static void
test_runs(void **state)
{
    (void)state;
    Doc *doc = new_doc(true);
    const char *t = "あ、「Smith」は12月に来た。";
    Line *lines;
    assert_int_equal(lay(doc, t, 40, &lines), 1);
    const Line *ln = &lines[0];
    Unit em = theme_report()->body.size;
    const Run *r = run_at(ln, byte_of(t, "あ"));
    assert_non_null(r);
    assert_int_equal(r->orient, ORIENT_UPRIGHT);
    r = run_at(ln, byte_of(t, "Smith"));
    assert_int_equal(r->orient, ORIENT_SIDEWAYS);
    const Run *tcy = run_at(ln, byte_of(t, "12"));
    assert_int_equal(tcy->orient, ORIENT_TCY);
    assert_int_equal(tcy->length, 2);
    assert_int_equal(tcy->width, em);      /* one em-wide box, no space either side */
    const Run *next = run_at(ln, byte_of(t, "月"));
    assert_int_equal(next->x, tcy->x + em);
    /* the sideways word: a quarter em from the Japanese (the bracket
     * before it is set half an em wide, as in horizontal text) */
    const Run *open = run_at(ln, byte_of(t, "「"));
    const Run *word = run_at(ln, byte_of(t, "Smith"));
    assert_true(word->x > open->x);
    doc_free(doc);
}

/* The glyph of the first character of `text` set alone. */
static uint32_t
glyph_of(bool vertical, const char *text)
{
    Doc *doc = new_doc(vertical);
    Line *lines;
    assert_int_equal(lay(doc, text, 10, &lines), 1);
    uint32_t g = run_glyph(&lines[0].runs[0], 0);
    doc_free(doc);
    return g;
}

static void
test_vertical_alternates(void **state)
{
    (void)state;
    /* punctuation, brackets, the long vowel mark, small kana and the wave
     * dash take the fonts' vertical forms; kanji stay (Noto CJK has
     * vertical forms of the kana as well) */
    const char *changed[] = {"、あ", "。あ", "「あ", "」あ", "ーあ", "っあ", "ゃあ", "〜あ", "（あ"};
    for (size_t i = 0; i < sizeof changed / sizeof changed[0]; i++)
        assert_int_not_equal(glyph_of(true, changed[i]), glyph_of(false, changed[i]));
    const char *same[] = {"漢あ", "字あ", "東あ"};
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++)
        assert_int_equal(glyph_of(true, same[i]), glyph_of(false, same[i]));
    /* “ ” are drawn as the vertical 〝 〟 (their text stays) */
    assert_int_equal(glyph_of(true, "“あ"), glyph_of(true, "〝あ"));
    assert_int_equal(glyph_of(true, "”あ"), glyph_of(true, "〟あ"));
    assert_int_not_equal(glyph_of(false, "“あ"), glyph_of(true, "“あ"));
}

/* Where each line of `text` starts (bytes), horizontally or vertically. */
static void
starts(bool vertical, const char *text, int ems, int *out, int *count)
{
    Doc *doc = new_doc(vertical);
    Line *lines;
    *count = lay(doc, text, ems, &lines);
    for (int i = 0; i < *count; i++)
        out[i] = lines[i].start;
    doc_free(doc);
}

static void
test_same_breaks(void **state)
{
    (void)state;
    /* Japanese alone: the vertical advances are the horizontal ones, so the
     * breaks, kinsoku and compression are the same as across */
    const char *t = "「ねえ、あなたはどう思う？」問いかけに答えはなかった。ちいさなカップに"
                    "コーヒーを注ぐ。ゆっくりと湯気が立ちのぼり、部屋の空気がすこしだけ和ら"
                    "いだ。わたしは黙ってうなずき、時計を見た。";
    for (int ems = 7; ems <= 16; ems++) {
        int h[64], v[64], nh, nv;
        starts(false, t, ems, h, &nh);
        starts(true, t, ems, v, &nv);
        assert_int_equal(nh, nv);
        for (int i = 0; i < nh; i++) {
            assert_int_equal(h[i], v[i]);
            uint32_t cp;
            utf8_decode((const unsigned char *)t + v[i], strlen(t) - (size_t)v[i], &cp);
            assert_true(i == 0 || jp_may_start_line(cp, JP_STRICT));
        }
    }
}

static void
test_justified(void **state)
{
    (void)state;
    /* every line but the last fills the measure, with Latin and a
     * tate-chu-yoko pair among the Japanese */
    Doc *doc = new_doc(true);
    const char *t = "London から届いた手紙には、Smith 氏の署名があった。1986年の春、二人は初め"
                    "て会ったのだという。あれから12年が経ち、手紙のやり取りは今も続いている。";
    Line *lines;
    Unit em = theme_report()->body.size;
    int n = lay(doc, t, 13, &lines);
    assert_true(n > 3);
    for (int i = 0; i + 1 < n; i++)
        if (!lines[i].ragged)
            assert_int_equal(lines[i].width, 13 * em);
    doc_free(doc);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_orientation),
        cmocka_unit_test(test_tcy_rules),
        cmocka_unit_test(test_runs),
        cmocka_unit_test(test_vertical_alternates),
        cmocka_unit_test(test_same_breaks),
        cmocka_unit_test(test_justified),
    };
    return cmocka_run_group_tests(tests, unit_fonts_setup, unit_fonts_teardown);
}
