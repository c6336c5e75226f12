/*
 * test_balance.c: titles and headings that break, balanced (balance.h),
 * with the real fonts. The break costs of the character-class rules (a
 * phrase boundary after a particle or a comma, wrong before a particle or
 * inside a katakana word); headings of issue 20 that used to leave one or
 * two characters on their last line (「…導入 / 評価」, 「…向き合い / 方」,
 * 「…ツールか / ら」) now break at a phrase boundary into lines of similar
 * length; lines keep their place (left, centred); a heading that fits one
 * line, or that the author broke, is set as before; a contents entry
 * (plain text) is balanced too.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "balance.h"
#include "doc.h"
#include "fonts.h"
#include "inline.h"
#include "node.h"
#include "report.h"
#include "style.h"
#include "theme.h"
#include "unit_fonts.h"

static const Settings no_options;

/* A report of `md`, styled in the report theme. */
static Doc *
styled(const char *md)
{
    Doc *doc = unit_doc(&no_options, "test.md");
    report_parse_buffer(doc, md, strlen(md));
    doc->theme = theme_report();
    doc->geom = style_geometry(doc->theme, "A4");
    style_document(doc, doc->theme);
    return doc;
}

/* Where a line's ink starts and ends, from its runs. */
static void
ink(const Line *ln, Unit *x0, Unit *x1)
{
    *x0 = ln->runs[0].x;
    *x1 = ln->runs[ln->n_runs - 1].x + ln->runs[ln->n_runs - 1].width;
}

static void
test_break_costs(void **state)
{
    (void)state;
    /* after a particle, before a word: a phrase boundary */
    assert_int_equal(balance_break_cost(0x30C9, 0x3068, 0x30EA, false), 0);   /* ドと|リ */
    assert_int_equal(balance_break_cost(0x5185, 0x306E, 0x5C0F, false), 0);   /* 内の|小 */
    assert_int_equal(balance_break_cost(0x6027, 0x3092, 0x652F, false), 0);   /* 験を|支 */
    assert_int_equal(balance_break_cost(0x304B, 0x3089, 0x59CB, false), 0);   /* から|始 */
    /* after punctuation, before a bracket, at a space between Japanese */
    assert_int_equal(balance_break_cost(0x65B0, 0xFF1A, 0x5206, false), 0);   /* 新：|分 */
    assert_int_equal(balance_break_cost(0x7406, 0x3001, 0x6B21, false), 0);   /* 理、|次 */
    assert_int_equal(balance_break_cost(0x6599, 0x6599, 0x300E, false), 0);   /* 料|『 */
    assert_int_equal(balance_break_cost(0x7530, 0x7530, 0x82B1, true), 0);    /* 山田 花 */
    /* English: after a comma 0, between words 1 */
    assert_int_equal(balance_break_cost('u', ',', 'N', true), 0);
    assert_int_equal(balance_break_cost('i', 'n', 'q', true), 1);
    /* wrong: before a particle, inside a katakana word, a kana suffix */
    assert_true(balance_break_cost(0x5165, 0x5165, 0x3068, false) >= 4);     /* 入|と */
    assert_true(balance_break_cost(0x30FC, 0x30EB, 0x304B, false) >= 4);     /* ル|か */
    assert_true(balance_break_cost(0x30EB, 0x304B, 0x3089, false) >= 3);     /* か|ら */
    assert_true(balance_break_cost(0x5408, 0x3044, 0x65B9, false) >= 4);     /* い|方 */
    assert_true(balance_break_cost(0x30E3, 0x30C3, 0x30B7, false) >= 6);     /* ッ|シ */
    assert_true(balance_break_cost('r', 'a', 'p', false) >= 6);
    /* a compound boundary is unknown: between the two */
    int kk = balance_break_cost(0x5165, 0x5165, 0x8A55, false);             /* 入|評 */
    assert_true(kk > 0 && kk < 4);
}

/* The first heading of md laid out balanced at `width` pt: its lines. */
static int
heading_lines(const char *md, double width, Doc **doc_out, Line **lines)
{
    Doc *doc = styled(md);
    *doc_out = doc;
    const Node *h = unit_nth(doc, NODE_HEADING, 0);
    assert_non_null(h);
    return balance_layout_block(doc, h, unit_from_pt(width), lines);
}

static void
test_issue_headings(void **state)
{
    (void)state;
    static const struct {
        const char *md;
        double width;                      /* pt */
        const char *first, *second;        /* the lines wanted */
    } cases[] = {
        /* h2 (13 pt) on B5's measure: was 「…キャッシュ導 / 入評価」 */
        {"## 大規模モノレポにおける分散ビルドとリモートビルドキャッシュ導入評価\n", 390,
         "大規模モノレポにおける分散ビルドと", "リモートビルドキャッシュ導入評価"},
        /* on A5's: was 「…リモートビル / ドキャッシュ導入評価」 */
        {"## 大規模モノレポにおける分散ビルドとリモートビルドキャッシュ導入評価\n", 310,
         "大規模モノレポにおける分散ビルドと", "リモートビルドキャッシュ導入評価"},
        /* h1 (16 pt), 23 characters on 22 ems: was 「…との向き合い / 方」 */
        {"# 長年のレガシーなビルドスクリプトとの向き合い方\n", 352,
         "長年のレガシーな", "ビルドスクリプトとの向き合い方"},
        /* was 「…便利ツールか / ら」 */
        {"# 開発者の体験を支える社内の小さな便利ツールから\n", 352,
         "開発者の体験を支える社内の", "小さな便利ツールから"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        Doc *doc;
        Line *lines, *plain;
        int n = heading_lines(cases[i].md, cases[i].width, &doc, &lines);
        assert_int_equal(n, 2);
        assert_string_equal(unit_line_text(&lines[0]), cases[i].first);
        assert_string_equal(unit_line_text(&lines[1]), cases[i].second);
        /* the plain layout had as many lines: balancing never adds one */
        const Node *h = unit_nth(doc, NODE_HEADING, 0);
        assert_int_equal(inline_layout_block(doc, h, unit_from_pt(cases[i].width), 0, &plain),
                         2);
        /* left-aligned: both lines start at the left edge, within the width */
        for (int k = 0; k < 2; k++) {
            Unit x0, x1;
            ink(&lines[k], &x0, &x1);
            assert_true(x0 >= 0 && x0 < unit_from_pt(1));
            assert_true(x1 <= unit_from_pt(cases[i].width));
            assert_true(lines[k].natural <= unit_from_pt(cases[i].width));
        }
        doc_free(doc);
    }
}

static void
test_centred_title(void **state)
{
    (void)state;
    /* the report's title line is centred: balanced lines stay centred */
    Doc *doc = styled("---\ntitle: 社内ビルド基盤の刷新：分散ビルドとリモートキャッシュを"
                      "一年運用して分かったこと\n---\n\n本文。\n");
    const Node *t = unit_nth(doc, NODE_TITLE_LINE, 0);
    assert_non_null(t);
    Unit width = unit_from_pt(340);        /* 17 ems of 20 pt */
    Line *lines, *plain;
    int n = balance_layout_block(doc, t, width, &lines);
    assert_int_equal(n, 3);                /* as the plain layout: */
    assert_int_equal(inline_layout_block(doc, t, width, 0, &plain), 3);
    assert_string_equal(unit_line_text(&plain[2]), "かったこと");   /* (「分 / かった」) */
    /* (three lines try more than one measure: the first line's end, and
     * the rest at narrower widths) */
    assert_string_equal(unit_line_text(&lines[0]), "社内ビルド基盤の刷新：");
    assert_string_equal(unit_line_text(&lines[1]), "分散ビルドとリモートキャッシュを");
    assert_string_equal(unit_line_text(&lines[2]), "一年運用して分かったこと");
    for (int k = 0; k < n; k++) {
        Unit x0, x1;
        ink(&lines[k], &x0, &x1);
        Unit left = x0, right = width - x1;
        assert_true(abs(left - right) <= unit_from_pt(1.5));   /* (½ em of glue at most) */
        assert_true(left >= 0);
    }
    doc_free(doc);
}

static void
test_left_alone(void **state)
{
    (void)state;
    /* one line: the plain layout itself */
    Doc *doc;
    Line *lines;
    int n = heading_lines("## 概要\n", 300, &doc, &lines);
    assert_int_equal(n, 1);
    assert_string_equal(unit_line_text(&lines[0]), "概要");
    assert_int_equal(lines[0].runs[0].x, 0);
    doc_free(doc);
    /* a line break the author wrote: as written */
    n = heading_lines("<h2>大規模モノレポにおける分散ビルドとリモートビル<br>"
                      "ドキャッシュ導入評価</h2>\n", 390, &doc, &lines);
    assert_int_equal(n, 2);
    assert_string_equal(unit_line_text(&lines[1]), "ドキャッシュ導入評価");
    doc_free(doc);
}

static void
test_contents_entry(void **state)
{
    (void)state;
    /* plain text (a contents entry): narrower measures only; the break
     * lands on a phrase boundary, not in 「分 / かった」 */
    Doc *doc = styled("本文。\n");
    Style left = theme_report()->body;
    left.align = ALIGN_LEFT;
    const Style *st = style_intern(doc, &left);
    const char *t = "社内ビルド基盤の刷新：分散ビルドとリモートキャッシュを一年運用して分かったこと";
    Unit width = unit_from_pt(340);
    Line *plain, *lines;
    int n0 = inline_layout_text(doc, t, strlen(t), st, width, false, NULL, (SrcPos){1, 1},
                                &plain);
    assert_int_equal(n0, 2);
    assert_string_equal(unit_line_text(&plain[1]), "かったこと");
    int n = balance_layout_text(doc, t, strlen(t), st, width, NULL, (SrcPos){1, 1}, &lines);
    assert_int_equal(n, 2);
    assert_string_equal(unit_line_text(&lines[0]), "社内ビルド基盤の刷新：分散ビルドとリモートキャッシュを");
    assert_string_equal(unit_line_text(&lines[1]), "一年運用して分かったこと");
    assert_true(lines[0].natural <= width);
    doc_free(doc);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_break_costs),
        cmocka_unit_test(test_issue_headings),
        cmocka_unit_test(test_centred_title),
        cmocka_unit_test(test_left_alone),
        cmocka_unit_test(test_contents_entry),
    };
    return cmocka_run_group_tests(tests, unit_fonts_setup, unit_fonts_teardown);
}
