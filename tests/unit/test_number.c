/*
 * test_number.c: numbers and cross-references (number.h). The template
 * language (arabic, kanji, roman and alphabetic numerals, literal text,
 * what is not a template and why), the presets, then parsed documents
 * numbered by a theme with templates (the built-in themes number no
 * heading: a document cannot choose its theme yet, so the heading styles
 * and per-chapter numbers are tested here): heading numbers in the text,
 * the outline and the references; unnumbered headings; figures and tables
 * by document and by chapter; table captions in pandoc's three places;
 * references to every kind of target, unknown ids; decks unnumbered;
 * captions numbered by hand. No fonts: numbering reads only the tree.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "arena.h"
#include "deck.h"
#include "doc.h"
#include "figure.h"
#include "node.h"
#include "number.h"
#include "outline.h"
#include "report.h"
#include "style.h"
#include "theme.h"
#include "unit_fonts.h"

static const Settings no_options;

/* --- templates --- */

static const char *
fmt(Arena *a, const char *t, int c1, int c2, int c3, int c4)
{
    const int c[NUMBER_LEVELS] = {c1, c2, c3, c4};
    return number_format(a, t, c);
}

static void
test_format(void **state)
{
    (void)state;
    Arena *a = arena_new();
    assert_string_equal(fmt(a, "{1}", 3, 0, 0, 0), "3");
    assert_string_equal(fmt(a, "{1}.{2}.{3}", 2, 1, 12, 0), "2.1.12");
    assert_string_equal(fmt(a, "第{1}章", 2, 0, 0, 0), "第2章");
    assert_string_equal(fmt(a, "({4})", 0, 0, 0, 7), "(7)");
    assert_string_equal(fmt(a, "{2}.", 1, 0, 0, 0), "0.");     /* before its first heading */
    assert_string_equal(fmt(a, "", 1, 2, 3, 4), "");
    assert_string_equal(fmt(a, "付録}", 1, 0, 0, 0), "付録}");  /* '}' alone is text */
    /* kanji numerals: 十, 百, 千 without 一; 〇 for zero; 万 and 億 */
    static const struct { int n; const char *k; } kanji[] = {
        {0, "〇"}, {1, "一"}, {9, "九"}, {10, "十"}, {11, "十一"}, {12, "十二"}, {20, "二十"},
        {21, "二十一"}, {100, "百"}, {105, "百五"}, {110, "百十"}, {250, "二百五十"},
        {1000, "千"}, {1234, "千二百三十四"}, {2005, "二千五"}, {10000, "一万"},
        {20305, "二万三百五"}, {110000, "十一万"}, {100000000, "一億"},
        {123456789, "一億二千三百四十五万六千七百八十九"},
    };
    for (size_t i = 0; i < sizeof kanji / sizeof kanji[0]; i++)
        assert_string_equal(fmt(a, "{1:kanji}", kanji[i].n, 0, 0, 0), kanji[i].k);
    assert_string_equal(fmt(a, "第{2:kanji}節", 1, 3, 0, 0), "第三節");
    /* roman: 1-3999, else arabic */
    static const struct { int n; const char *r; } roman[] = {
        {1, "i"}, {4, "iv"}, {9, "ix"}, {14, "xiv"}, {40, "xl"}, {90, "xc"}, {400, "cd"},
        {1994, "mcmxciv"}, {3999, "mmmcmxcix"}, {0, "0"}, {4000, "4000"},
    };
    for (size_t i = 0; i < sizeof roman / sizeof roman[0]; i++)
        assert_string_equal(fmt(a, "{1:roman}", roman[i].n, 0, 0, 0), roman[i].r);
    assert_string_equal(fmt(a, "{3:Roman}", 0, 0, 12, 0), "XII");
    /* alphabetic: a..z, aa.. (bijective base 26), 0 in digits */
    static const struct { int n; const char *s; } alpha[] = {
        {1, "a"}, {2, "b"}, {26, "z"}, {27, "aa"}, {28, "ab"}, {52, "az"}, {53, "ba"},
        {702, "zz"}, {703, "aaa"}, {0, "0"},
    };
    for (size_t i = 0; i < sizeof alpha / sizeof alpha[0]; i++)
        assert_string_equal(fmt(a, "{1:alpha}", alpha[i].n, 0, 0, 0), alpha[i].s);
    assert_string_equal(fmt(a, "付録{1:Alpha}", 3, 0, 0, 0), "付録C");
    /* what is not a field is copied as written */
    assert_string_equal(fmt(a, "{5}{1:greek}{x", 1, 0, 0, 0), "{5}{1:greek}{x");
    arena_free(a);
}

static void
test_template_ok(void **state)
{
    (void)state;
    static const char *const good[] = {
        "", "{1}", "{1}.{2}.{3}.{4}", "第{1}章", "第{2:kanji}節", "({3})", "{1:roman}",
        "{1:Roman}", "{4:alpha}", "{2:Alpha}", "付録}", "Chapter {1}",
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        const char *why = "unset";
        assert_true(number_template_ok(good[i], &why));
        assert_string_equal(why, "unset");        /* untouched when it is one */
    }
    static const struct { const char *t, *why; } bad[] = {
        {"{1", "a '{' is not closed by '}'"},
        {"第{1章", "a '{' is not closed by '}'"},
        {"{0}", "a field names a heading level: {1} to {4}, or {1:kanji} and the like"},
        {"{5}", "a field names a heading level: {1} to {4}, or {1:kanji} and the like"},
        {"{}", "a field names a heading level: {1} to {4}, or {1:kanji} and the like"},
        {"{12}", "a field names a heading level: {1} to {4}, or {1:kanji} and the like"},
        {"{L}.", "a field names a heading level: {1} to {4}, or {1:kanji} and the like"},
        {"{1:greek}", "unknown numeral after ':' (kanji, roman, Roman, alpha or Alpha)"},
        {"{1:}", "unknown numeral after ':' (kanji, roman, Roman, alpha or Alpha)"},
        {"{1:KANJI}", "unknown numeral after ':' (kanji, roman, Roman, alpha or Alpha)"},
        {"{1}.{2", "a '{' is not closed by '}'"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *why = NULL;
        assert_false(number_template_ok(bad[i].t, &why));
        assert_string_equal(why, bad[i].why);
        assert_false(number_template_ok(bad[i].t, NULL));   /* (why may be NULL) */
    }
}

static void
test_presets(void **state)
{
    (void)state;
    static const struct { const char *name; const char *t[NUMBER_LEVELS]; } presets[] = {
        {"1.", {"{1}.", "{2}.", "{3}.", "{4}."}},
        {"1.1", {"{1}", "{1}.{2}", "{1}.{2}.{3}", "{1}.{2}.{3}.{4}"}},
        {"第1章", {"第{1}章", "第{2}章", "第{3}章", "第{4}章"}},
        {"第1節", {"第{1}節", "第{2}節", "第{3}節", "第{4}節"}},
        {"第一章", {"第{1:kanji}章", "第{2:kanji}章", "第{3:kanji}章", "第{4:kanji}章"}},
        {"第一節", {"第{1:kanji}節", "第{2:kanji}節", "第{3:kanji}節", "第{4:kanji}節"}},
        {"(1)", {"({1})", "({2})", "({3})", "({4})"}},
        {"none", {"", "", "", ""}},
    };
    for (size_t i = 0; i < sizeof presets / sizeof presets[0]; i++)
        for (int l = 1; l <= NUMBER_LEVELS; l++) {
            const char *t = number_preset(presets[i].name, l);
            assert_non_null(t);
            assert_string_equal(t, presets[i].t[l - 1]);
            assert_true(number_template_ok(t, NULL));
        }
    assert_null(number_preset("1)", 1));
    assert_null(number_preset("", 1));
    assert_null(number_preset(NULL, 1));
    assert_null(number_preset("1.", 0));
    assert_null(number_preset("1.", 5));
    /* "1.1" at h3: 2.1.3 */
    Arena *a = arena_new();
    assert_string_equal(fmt(a, number_preset("1.1", 3), 2, 1, 3, 0), "2.1.3");
    arena_free(a);
}

/* --- documents --- */

static Doc *
parsed(const char *md)
{
    Doc *doc = doc_new(&no_options, "test.md");
    report_parse_buffer(doc, md, strlen(md));
    return doc;
}

/* The report theme with heading templates, numbers by chapter or not. */
static Theme
theme_with(const char *h1, const char *h2, const char *h3, bool by_chapter)
{
    Theme t = *theme_report();
    t.heading_number[0] = h1;
    t.heading_number[1] = h2;
    t.heading_number[2] = h3;
    t.heading_number[3] = "";
    t.number_by_chapter = by_chapter;
    return t;
}

/* The text of the n-th node of type t (its children's text). */
static const char *
text_of(Doc *doc, NodeType t, int n)
{
    int k = 0;
    for (const Node *x = doc->root; x; x = node_next(doc->root, x))
        if (x->type == t && k++ == n)
            return node_text(doc, x);
    fail_msg("no node %d of type %s", n, node_name(t));
    return NULL;
}

static const Node *
nth(const Doc *doc, NodeType t, int n)
{
    int k = 0;
    for (const Node *x = doc->root; x; x = node_next(doc->root, x))
        if (x->type == t && k++ == n)
            return x;
    fail_msg("no node %d of type %s", n, node_name(t));
    return NULL;
}

static const char *
ref_text(const Doc *doc, int n)
{
    return nth(doc, NODE_REF, n)->u.ref.text;
}

static void
test_heading_numbers(void **state)
{
    (void)state;
    Doc *doc = parsed("# はじめに {#sec-intro}\n\n"
                      "## 背景{#sec-bg}\n\n"
                      "## 目的 {#sec-goal}\n\n"
                      "### 詳細\n\n"
                      "# 謝辞 {.unnumbered}\n\n"
                      "# 方法\n\n"
                      "## 手順 {-}\n\n"
                      "## 測定\n\n"
                      "{{ref:#sec-goal}}と{{title:#sec-goal}}、{{ref:#sec-intro}}。"
                      "{{ref:#謝辞}}は番号なし。{{page:#sec-goal}}\n");
    Theme t = theme_with("第{1}章", "{1}.{2}", "{1}.{2}.{3}", false);
    number_document(doc, &t, true);
    assert_int_equal(doc->n_warnings, 0);
    static const char *const want[] = {
        "第1章　はじめに", "1.1　背景", "1.2　目的", "1.2.1　詳細", "謝辞", "第2章　方法",
        "手順", "2.1　測定",
    };
    for (int i = 0; i < 8; i++)
        assert_string_equal(text_of(doc, NODE_HEADING, i), want[i]);
    /* the id is the slug, the attribute block gone from the text */
    assert_string_equal(nth(doc, NODE_HEADING, 0)->u.heading.slug, "sec-intro");
    assert_string_equal(nth(doc, NODE_HEADING, 1)->u.heading.slug, "sec-bg");   /* (no space) */
    assert_string_equal(nth(doc, NODE_HEADING, 2)->u.heading.number, "1.2");
    assert_true(nth(doc, NODE_HEADING, 4)->u.heading.unnumbered);
    assert_null(nth(doc, NODE_HEADING, 4)->u.heading.number);
    /* references: the number as printed, the title without it */
    assert_string_equal(ref_text(doc, 0), "1.2");
    assert_string_equal(ref_text(doc, 1), "目的");
    assert_string_equal(ref_text(doc, 2), "第1章");
    assert_string_equal(ref_text(doc, 3), "謝辞");   /* no number: the title */
    assert_string_equal(nth(doc, NODE_REF, 0)->u.ref.href, "#h3");
    assert_string_equal(nth(doc, NODE_PAGEREF, 0)->u.link.href, "#h3");
    /* the bookmarks show the numbers */
    outline_build(doc);
    assert_int_equal(doc->n_outline, 8);
    assert_string_equal(doc->outline[0].title, "第1章　はじめに");
    assert_string_equal(doc->outline[3].title, "1.2.1　詳細");
    assert_string_equal(doc->outline[7].title, "2.1　測定");
    doc_free(doc);
    /* the separator and kanji numerals from the theme; no template: none */
    doc = parsed("# 序\n\n## 節\n\n### 項\n");
    t = theme_with("第{1:kanji}章", "第{2:kanji}節", "", false);
    t.heading_number_sep = " ";
    number_document(doc, &t, true);
    assert_string_equal(text_of(doc, NODE_HEADING, 0), "第一章 序");
    assert_string_equal(text_of(doc, NODE_HEADING, 1), "第一節 節");
    assert_string_equal(text_of(doc, NODE_HEADING, 2), "項");
    doc_free(doc);
    /* the built-in themes number no heading: today's documents write
     * their numbers in the text */
    for (int k = 0; k < 2; k++) {
        const Theme *bt = k ? theme_slide() : theme_report();
        for (int l = 0; l < 4; l++)
            assert_string_equal(bt->heading_number[l], "");
        assert_string_equal(bt->figure_label, "図");
        assert_string_equal(bt->table_label, "表");
        assert_string_equal(bt->caption_sep, "\u3000");
        assert_false(bt->number_by_chapter);
        assert_string_equal(bt->lof_title, "図目次");
        assert_string_equal(bt->lot_title, "表目次");
    }
    assert_string_equal(theme_report()->heading_number_sep, "\u3000");
    doc = parsed("# 1. はじめに\n\n## 1.1 背景\n");
    number_document(doc, theme_report(), true);
    assert_string_equal(text_of(doc, NODE_HEADING, 0), "1. はじめに");
    assert_string_equal(text_of(doc, NODE_HEADING, 1), "1.1 背景");
    doc_free(doc);
}

static void
test_figures_and_tables(void **state)
{
    (void)state;
    static const char *md =
        "![前置きの図](a.png)\n\n"
        "# 一章\n\n"
        "![構成](a.png \"キャッシュの構成\"){#fig-cache}\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n: 費用 {#tbl-cost}\n\n"
        "![](a.png)\n\n"
        "![番号なし](a.png){-}\n\n"
        "![](a.png){#fig-bare}\n\n"
        "# 二章\n\n"
        "![二章の図](a.png)\n\n"
        "| c |\n|---|\n| 3 |\n\n: 二章の表\n\n"
        "{{ref:#fig-cache}} {{ref:#tbl-cost}} {{title:#fig-cache}} {{title:#tbl-cost}} "
        "{{ref:#fig-bare}} {{title:#fig-bare}}\n";
    for (int by = 0; by < 2; by++) {
        Doc *doc = parsed(md);
        Theme t = theme_with("", "", "", by);
        number_document(doc, &t, true);
        const char *figs[] = {"図1", "図2", NULL, NULL, "図3", "図4"};
        const char *figs_ch[] = {"図0.1", "図1.1", NULL, NULL, "図1.2", "図2.1"};
        const char *lines[] = {"図1　前置きの図", "図2　キャッシュの構成", NULL, "番号なし", "図3",
                               "図4　二章の図"};
        const char *lines_ch[] = {"図0.1　前置きの図", "図1.1　キャッシュの構成", NULL,
                                  "番号なし", "図1.2", "図2.1　二章の図"};
        for (int i = 0; i < 6; i++) {
            const Caption *k = &nth(doc, NODE_FIGURE, i)->u.link.figure->caption;
            const char *want = by ? figs_ch[i] : figs[i];
            const char *line = by ? lines_ch[i] : lines[i];
            if (want)
                assert_string_equal(k->number, want);
            else
                assert_null(k->number);
            if (line)
                assert_string_equal(k->line, line);
            else
                assert_null(k->line);
        }
        assert_string_equal(text_of(doc, NODE_CAPTION, 0), by ? "表1.1　費用" : "表1　費用");
        assert_string_equal(text_of(doc, NODE_CAPTION, 1), by ? "表2.1　二章の表"
                                                              : "表2　二章の表");
        assert_string_equal(ref_text(doc, 0), by ? "図1.1" : "図2");
        assert_string_equal(ref_text(doc, 1), by ? "表1.1" : "表1");
        assert_string_equal(ref_text(doc, 2), "キャッシュの構成");
        assert_string_equal(ref_text(doc, 3), "費用");
        assert_string_equal(ref_text(doc, 4), by ? "図1.2" : "図3");
        assert_string_equal(ref_text(doc, 5), by ? "図1.2" : "図3");   /* no title: its number */
        /* an id gives a destination; without lof, a figure without one has none */
        assert_string_equal(nth(doc, NODE_FIGURE, 1)->u.link.figure->caption.dest, "fig-2");
        assert_null(nth(doc, NODE_FIGURE, 0)->u.link.figure->caption.dest);
        assert_string_equal(nth(doc, NODE_TABLE, 0)->u.table.caption->dest, "tbl-1");
        assert_string_equal(nth(doc, NODE_REF, 0)->u.ref.href, "#fig-2");
        assert_int_equal(doc->n_warnings, 0);
        doc_free(doc);
    }
}

/* pandoc's table captions: after the table (a paragraph, or the line right
 * under it that GFM reads as a row), or `Table:` before it. */
static void
test_table_captions(void **state)
{
    (void)state;
    Doc *doc = parsed("| a | b |\n|---|---|\n| 1 | 2 |\n: すぐ下の行 {#tbl-a}\n\n"
                      "| a |\n|---|\n| 1 |\n\nTable: 空行のあと\n\n"
                      "Table: 表の前\n\n| a |\n|---|\n| 1 |\n\n"
                      "table: 前{-}\n| a |\n|---|\n| 1 |\n\n"
                      "| a | b |\n|---|---|\n| : x | |\n\n"
                      ":: 二つのコロンは題ではない\n\n"
                      "| a |\n|---|\n| 1 |\n\n"
                      ":題だけ\n\n"
                      "本文: ではない。\n\n: 表のない題\n");
    number_document(doc, theme_report(), true);
    /* not captions: a row with its '|', "::", ":" without a space, a
     * colon inside a sentence, a caption with no table next to it */
    unit_check_tree(doc,
        "document @1:1\n"
        "  table cols=2 align=ll id=\"tbl-a\" number=\"表1\" @1:1\n"
        "    caption @4:1\n"
        "      text \"表1　\" @4:1\n"
        "      text \"すぐ下の行\" @4:3\n"
        "    row header @1:1\n"
        "      cell @1:2\n"
        "        text \"a\" @1:3\n"
        "      cell @1:6\n"
        "        text \"b\" @1:7\n"
        "    row @3:1\n"
        "      cell @3:2\n"
        "        text \"1\" @3:3\n"
        "      cell @3:6\n"
        "        text \"2\" @3:7\n"
        "  table cols=1 align=l number=\"表2\" @6:1\n"
        "    caption @10:1\n"
        "      text \"表2　\" @10:1\n"
        "      text \"空行のあと\" @10:8\n"
        "    row header @6:1\n"
        "      cell @6:2\n"
        "        text \"a\" @6:3\n"
        "    row @8:1\n"
        "      cell @8:2\n"
        "        text \"1\" @8:3\n"
        "  table cols=1 align=l number=\"表3\" @14:1\n"
        "    caption @12:1\n"
        "      text \"表3　\" @12:1\n"
        "      text \"表の前\" @12:8\n"
        "    row header @14:1\n"
        "      cell @14:2\n"
        "        text \"a\" @14:3\n"
        "    row @16:1\n"
        "      cell @16:2\n"
        "        text \"1\" @16:3\n"
        "  table cols=1 align=l unnumbered @18:1\n"
        "    caption @14:1\n"
        "      text \"前\" @14:8\n"
        "    row header @18:1\n"
        "      cell @18:16\n"
        "        text \"a\" @18:17\n"
        "    row @21:1\n"
        "      cell @21:2\n"
        "        text \"1\" @21:3\n"
        "  table cols=2 align=ll @23:1\n"
        "    row header @23:1\n"
        "      cell @23:2\n"
        "        text \"a\" @23:3\n"
        "      cell @23:6\n"
        "        text \"b\" @23:7\n"
        "    row @25:1\n"
        "      cell @25:2\n"
        "        text \": x\" @25:3\n"
        "      cell @25:8\n"
        "  paragraph @27:1\n"
        "    text \":: 二つのコロンは題ではない\" @27:1\n"
        "  table cols=1 align=l @29:1\n"
        "    row header @29:1\n"
        "      cell @29:2\n"
        "        text \"a\" @29:3\n"
        "    row @31:1\n"
        "      cell @31:2\n"
        "        text \"1\" @31:3\n"
        "  paragraph @33:1\n"
        "    text \":題だけ\" @33:1\n"
        "  paragraph @35:1\n"
        "    text \"本文: ではない。\" @35:1\n"
        "  paragraph @37:1\n"
        "    text \": 表のない題\" @37:1\n");
    doc_free(doc);
}

static void
test_refs_and_warnings(void **state)
{
    (void)state;
    Doc *doc = parsed("# 見出し\n\n本文[^note]と[^b]。\n\n"
                      "{{ref:#fn-note}} {{ref:#fn-b}} {{ref:#nope}} {{title:#fn-note}}\n\n"
                      "[リンク](#fig-x) {{page:#nope}}\n\n"
                      "![図](a.png){#fig-x}\n\n![図](a.png){#fig-x}\n\n"
                      "[^b]: 二つめ。\n[^note]: 一つめ。\n");
    number_document(doc, theme_report(), true);
    assert_string_equal(ref_text(doc, 0), "*1");
    assert_string_equal(ref_text(doc, 1), "*2");
    assert_string_equal(ref_text(doc, 2), "??");
    assert_null(nth(doc, NODE_REF, 2)->u.ref.href);
    assert_string_equal(ref_text(doc, 3), "*1");      /* a note has no title: its number */
    assert_string_equal(nth(doc, NODE_REF, 0)->u.ref.href, "#fn-1");
    assert_string_equal(nth(doc, NODE_LINK, 0)->u.link.href, "#fig-1");
    assert_null(nth(doc, NODE_PAGEREF, 0)->u.link.href);
    /* the unknown ref, the unknown page, the id given twice */
    assert_int_equal(doc->n_warnings, 3);
    assert_string_equal(nth(doc, NODE_FOOTNOTE_DEF, 0)->u.note.label, "note");
    assert_string_equal(nth(doc, NODE_FOOTNOTE_DEF, 1)->u.note.label, "b");
    doc_free(doc);
}

/* A reference inside a heading is part of its text (contents, bookmark);
 * one to an HTML anchor has nothing to print: ?? and a warning. */
static void
test_ref_in_heading(void **state)
{
    (void)state;
    Doc *doc = parsed("# {{ref:#fig-a}}の説明\n\n![構成](a.png){#fig-a}\n\n<a name=\"anc\"></a>\n\n"
                      "{{ref:#anc}}\n");
    number_document(doc, theme_report(), true);
    outline_build(doc);
    assert_string_equal(doc->outline[0].title, "図1の説明");
    assert_string_equal(ref_text(doc, 1), "??");
    assert_int_equal(doc->n_warnings, 1);
    doc_free(doc);
}

/* A deck numbers nothing: captions as written, references give titles. */
static void
test_deck_unnumbered(void **state)
{
    (void)state;
    static const char *md = "# 題\n\n---\n\n# 図の頁 {#s-fig}\n\n![構成](a.png){#fig-a}\n\n"
                            "{{ref:#fig-a}} {{ref:#s-fig}}\n";
    Doc *deck = doc_new(&no_options, "deck.md");
    deck_parse_buffer(deck, md, strlen(md));
    Theme t = theme_with("{1}", "{1}.{2}", "", false);
    number_document(deck, &t, false);
    const Caption *k = &nth(deck, NODE_FIGURE, 0)->u.link.figure->caption;
    assert_null(k->number);
    assert_string_equal(k->line, "構成");
    assert_string_equal(ref_text(deck, 0), "構成");
    assert_string_equal(ref_text(deck, 1), "図の頁");
    assert_string_equal(text_of(deck, NODE_HEADING, 1), "図の頁");
    doc_free(deck);
}

/* Captions numbered by hand (documents written before numbering) keep their
 * text and count; a hand number that is not the count is one warning. */
static void
test_hand_numbers(void **state)
{
    (void)state;
    Doc *doc = parsed("![a](a.png \"図1　手で\")\n\n![b](a.png \"図 2: 空白とコロン\")\n\n"
                      "![c](a.png \"図３　全角\")\n\n![d](a.png \"図書館\")\n\n"
                      "![e](a.png \"図6　ずれ\")\n\n![f](a.png \"図9\")\n");
    number_document(doc, theme_report(), true);
    static const char *const lines[] = {"図1　手で", "図 2: 空白とコロン", "図３　全角",
                                        "図4　図書館", "図6　ずれ", "図9"};
    static const char *const numbers[] = {"図1", "図 2", "図３", "図4", "図6", "図9"};
    for (int i = 0; i < 6; i++) {
        const Caption *k = &nth(doc, NODE_FIGURE, i)->u.link.figure->caption;
        assert_string_equal(k->line, lines[i]);
        assert_string_equal(k->number, numbers[i]);
    }
    assert_string_equal(nth(doc, NODE_FIGURE, 1)->u.link.figure->caption.text, "空白とコロン");
    assert_null(nth(doc, NODE_FIGURE, 5)->u.link.figure->caption.text);
    assert_int_equal(doc->n_warnings, 1);              /* 図6 where the count is 図5 */
    doc_free(doc);
}

/* lof/lot: a list node after the contents; none, with a warning, when
 * nothing is numbered. */
static void
test_lists(void **state)
{
    (void)state;
    Doc *doc = parsed("---\ntitle: 題\nlof: true\nlot: true\n---\n\n# 一\n\n# 二\n\n"
                      "![図](a.png)\n");
    number_document(doc, theme_report(), true);
    const Node *c = doc->root->first;
    assert_int_equal(c->type, NODE_TITLE_BLOCK);
    assert_int_equal(c->next->type, NODE_TOC);
    assert_int_equal(c->next->u.toc.kind, TOC_CONTENTS);
    assert_int_equal(c->next->next->type, NODE_TOC);
    assert_int_equal(c->next->next->u.toc.kind, TOC_FIGURES);
    assert_int_equal(c->next->next->next->type, NODE_HEADING);   /* no list of tables */
    assert_int_equal(doc->n_warnings, 1);
    /* with lof, every numbered figure gets a destination for its entry */
    assert_string_equal(nth(doc, NODE_FIGURE, 0)->u.link.figure->caption.dest, "fig-1");
    assert_true(doc->needs_labels);
    doc_free(doc);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_template_ok),
        cmocka_unit_test(test_presets),
        cmocka_unit_test(test_heading_numbers),
        cmocka_unit_test(test_figures_and_tables),
        cmocka_unit_test(test_table_captions),
        cmocka_unit_test(test_refs_and_warnings),
        cmocka_unit_test(test_ref_in_heading),
        cmocka_unit_test(test_deck_unnumbered),
        cmocka_unit_test(test_hand_numbers),
        cmocka_unit_test(test_lists),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
