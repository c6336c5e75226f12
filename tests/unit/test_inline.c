/*
 * test_inline.c: the paragraph builder with the real fonts (fonts/ of the
 * repository, so `make check` runs it from the repository root).
 * Unbreakable sequences of JLREQ.md §2 are slid across the line end at every
 * offset and must never be split; kinsoku holds at every offset too; every
 * non-final justified line ends exactly on the measure or is ragged; code,
 * URLs and file names break only where a reader expects; English words are
 * hyphenated where TeX's patterns allow, within the limits. Runs keep their
 * glyphs compactly (doc.h): plain runs one glyph per character; others
 * offsets and clusters that cover their text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <glib.h>
#include <hyphen.h>
#include <pango/pango.h>

#include "arena.h"
#include "block.h"
#include "doc.h"
#include "fonts.h"
#include "inline.h"
#include "jp_rules.h"
#include "layout.h"
#include "node.h"
#include "report.h"
#include "style.h"
#include "theme.h"
#include "utf8.h"
#include "unit_fonts.h"


static Doc *
new_doc(void)
{
    static Settings opt;
    Doc *doc = unit_doc(&opt, "test.md");
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
 * and every non-final line is justified to the measure exactly, or, where
 * its glue could not fill it without a loose gap, set short (ragged) at its
 * natural width: a minority, and no line loose. */
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
        int ragged = 0;
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
            if (i + 1 < n && ln->width != width && !(ln->ragged && ln->width < width))
                fail_msg("width %d em, line %d is %d units, measure %d", width_em, i, ln->width,
                         width);
            if (ln->ragged && (ln->width != ln->natural || i + 1 == n))
                fail_msg("width %d em, line %d: ragged at %d units, natural %d", width_em, i,
                         ln->width, ln->natural);
            if (ln->loose)
                fail_msg("width %d em, line %d is loose", width_em, i);
            ragged += ln->ragged;
        }
        /* (this text is dense with marks that may not start or end a line:
         * from 9 to 11 em up to 23 % of its lines are ragged, at 17 em 8 %) */
        if (ragged * 4 > n)
            fail_msg("width %d em: %d of %d lines ragged", width_em, ragged, n);
        doc_free(doc);
    }
}

/* --- breaks inside words (hyphen.c) --- */

static bool
is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* May code, a URL or a file name break between text[at - 1] and text[at]?
 * After / _ . - , ( ? & = or before (, not inside a number, not between
 * two like marks; or where Unicode breaks a line (after a / inside). */
static bool
code_break_ok(const char *text, size_t at)
{
    char p = text[at - 1], q = text[at], pp = at >= 2 ? text[at - 2] : 0;
    if (!(strchr("/_.-,(?&=", p) || q == '('))
        return false;
    if (p == q || (is_digit(p) && is_digit(q)) || (is_digit(pp) && is_digit(q)))
        return false;
    return !strchr(")]},.;:", q);
}

/* Long paths, URLs and identifiers slid across the line end at every
 * offset, at two measures: a line never starts inside one but where a
 * reader expects (code_break_ok), and they do break there. In the code
 * face, a word with none of / _ = & ? (a package name) breaks the same. */
static void
test_code_breaks(void **state)
{
    (void)state;
    static const struct { const char *text; bool mono; } samples[] = {
        {"/usr/share/hyphen/hyph_en_US.dic", false},
        {"https://xenbits.xen.org/gitweb/?p=qemu-xen-4.0-testing.git;a=summary", false},
        {"pciback_enable_msi_capability_for_passthrough_device()", false},
        {"qemu-kvm-0.12.5+dfsg-5+squeeze8-amd64-unstable", true},
        {"linux-image-2.6.32-5-xen-amd64-experimental", true},
    };
    int inside = 0;
    for (size_t k = 0; k < sizeof samples / sizeof samples[0]; k++)
        for (int width_em = 12; width_em <= 19; width_em += 7)
            for (int pre = 0; pre <= 12; pre++) {
                Doc *doc = new_doc();
                Style st = theme_report()->body;
                if (samples[k].mono)
                    st.font = FONT_MONO;
                const Style *style = style_intern(doc, &st);
                char text[512] = "";
                for (int i = 0; i < pre; i++)
                    strcat(text, "あ");
                size_t s0 = strlen(text);
                strcat(text, samples[k].text);
                size_t s1 = strlen(text);
                strcat(text, "を見る。");
                Line *lines;
                int n = inline_layout_text(doc, text, strlen(text), style, st.size * width_em,
                                           false, NULL, (SrcPos){1, 1}, &lines);
                for (int i = 1; i < n; i++) {
                    size_t at = (size_t)lines[i].start;
                    if (at <= s0 || at >= s1)
                        continue;
                    inside++;
                    if (!code_break_ok(text, at))
                        fail_msg("\"%s\" broken at \"%.*s|%.8s\" (%d em, prefix %d)",
                                 samples[k].text, (int)(at - s0), text + s0, text + at,
                                 width_em, pre);
                    if (lines[i - 1].hyphenated)
                        fail_msg("\"%s\": a hyphen drawn in code", samples[k].text);
                }
                doc_free(doc);
            }
    assert_true(inside > 50);
}

/* English words in Japanese text at measures from 9 to 20 em: a line that
 * ends inside a word ends with a hyphen drawn (a run of its own whose text
 * is "-"), where TeX's patterns put one (libhyphen, read here on its own),
 * with 2 letters or more before it and 3 after; no more than two such lines
 * in a row, and never the line before the last. A word alone among
 * Japanese characters (libxenctrl) and an acronym are not hyphenated. */
static void
test_hyphenation(void **state)
{
    (void)state;
    static const char text[] =
        "この英文はThe hypervisor exposes paravirtualized interfaces for disk and network "
        "devices, and the administrator is expected to understand the interoperability "
        "constraints before migrating anything.を引用したもので、ライブラリlibxenctrlと"
        "ANSIBLEPLAYBOOKとはまた別の話である。Internationalization and localization of the "
        "management tools were out of scope.";
    HyphenDict *dict = hnj_hyphen_load("/usr/share/hyphen/hyph_en_US.dic");
    assert_non_null(dict);
    const Style *body = &theme_report()->body;
    int hyphenated = 0;
    for (int width_em = 9; width_em <= 20; width_em++) {
        Doc *doc = new_doc();
        Line *lines;
        int n = inline_layout_text(doc, text, strlen(text), body, body->size * width_em, false,
                                   NULL, (SrcPos){1, 1}, &lines);
        int run = 0;
        for (int i = 0; i < n; i++) {
            const Line *ln = &lines[i];
            run = ln->hyphenated ? run + 1 : 0;
            if (run > 2)
                fail_msg("%d em: three hyphenated lines in a row at line %d", width_em, i);
            if (!ln->hyphenated)
                continue;
            hyphenated++;
            if (i + 2 >= n)
                fail_msg("%d em: line %d of %d hyphenated", width_em, i, n);
            const Run *h = &ln->runs[ln->n_runs - 1];
            assert_non_null(h->span->text);
            assert_string_equal(h->span->text, "-");
            assert_int_equal(h->n_glyphs, 1);
            assert_true(h->width > 0 && h->x + h->width <= ln->width);
            assert_true(ln->width == body->size * width_em || ln->ragged);
            /* the word around the break */
            int end = ln->start + ln->len, w0 = end, w1 = end;
            while (w0 > 0 && g_ascii_isalpha(text[w0 - 1]))
                w0--;
            while (text[w1] && g_ascii_isalpha(text[w1]))
                w1++;
            assert_int_equal(lines[i + 1].start, end);
            if (end - w0 < 2 || w1 - end < 3)
                fail_msg("%d em: \"%.*s|%.*s\"", width_em, end - w0, text + w0, w1 - end,
                         text + end);
            char word[64], marks[70];
            int len = w1 - w0;
            assert_true(len < 60);
            for (int c = 0; c < len; c++)
                word[c] = g_ascii_tolower(text[w0 + c]);
            word[len] = '\0';
            char **rep = NULL;
            int *pos = NULL, *cut = NULL;
            assert_int_equal(hnj_hyphen_hyphenate3(dict, word, len, marks, NULL, &rep, &pos,
                                                   &cut, 2, 3, 2, 3), 0);
            if (!(marks[end - w0 - 1] & 1))
                fail_msg("%d em: \"%s\" hyphenated after %d letters, not a TeX point",
                         width_em, word, end - w0);
            assert_false(strcmp(word, "libxenctrl") == 0 || strcmp(word, "ansibleplaybook") == 0);
        }
        doc_free(doc);
    }
    hnj_hyphen_free(dict);
    assert_true(hyphenated >= 5);          /* (it happens: 9 to 20 em) */
}

/* Each run's glyphs, as the PDF writer reads them (run_cluster, run_dx): the
 * clusters start at characters of the run, in order, the first at 0; the
 * widths add up to the run's; a plain run has one glyph per character. */
static void
test_runs_glyphs_and_clusters(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "漢字「かっこ」と、句読点。（括弧）が続く：行頭の『鍵括弧』も。",
        "か\xe3\x82\x99き\xe3\x82\x99 combining e\xcc\x81 and office ﬁle",
        "Xen 3.4 の PCI パススルー (VT-d) と SR-IOV、qemu-dm。",
        "unknown \xf3\xbf\xbf\xbd char and tab\tstop",
    };
    int more_runs = 0, dx_glyphs = 0, plain_runs = 0;
    for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
        Doc *doc = new_doc();
        const Style *body = &theme_report()->body;
        Line *lines;
        int n = inline_layout_text(doc, texts[t], strlen(texts[t]), body, body->size * 14, false,
                                   NULL, (SrcPos){1, 1}, &lines);
        /* the lines cover the text in order, from its first byte to its
         * last (a break may drop the space or tab it is at, nothing else) */
        assert_true(n >= 1 && n <= 4);
        assert_int_equal(lines[0].start, 0);
        assert_int_equal(lines[n - 1].start + lines[n - 1].len, (int)strlen(texts[t]));
        for (int l = 1; l < n; l++) {
            int gap = lines[l].start - (lines[l - 1].start + lines[l - 1].len);
            char at = texts[t][lines[l].start - 1];
            if (!(gap == 0 || (gap == 1 && (at == ' ' || at == '\t'))))
                fail_msg("text %zu line %d: starts at %d, the line before ends at %d", t, l,
                         lines[l].start, lines[l - 1].start + lines[l - 1].len);
        }
        for (int l = 0; l < n; l++) {
            const Line *ln = &lines[l];
            assert_true(ln->len > 0);
            for (int k = 0; k < ln->n_runs; k++) {
                const Run *r = &ln->runs[k];
                assert_true(r->offset >= ln->start && r->length > 0
                            && r->offset + r->length <= ln->start + ln->len);
                Unit w = 0;
                for (int i = 0, c = 0, last = -1; i < r->n_glyphs; i++) {
                    c = run_cluster(r, ln->text, i, c);
                    if (i == 0)
                        assert_int_equal(c, 0);
                    assert_true(c >= last && c < r->length);
                    unsigned char lead = (unsigned char)ln->text[r->offset + c];
                    assert_false(lead >= 0x80 && lead < 0xC0);   /* a character's start */
                    last = c;
                    w += run_advance(r, i);
                    dx_glyphs += run_dx(r, i) != 0;
                }
                assert_int_equal(w, r->width);
                if (!r->plain) {
                    more_runs++;
                } else {
                    plain_runs++;
                    assert_int_equal(r->n_glyphs,
                                     (int)utf8_count(ln->text + r->offset, (size_t)r->length));
                }
            }
        }
        doc_free(doc);
    }
    /* the brackets and commas are set closer (offsets: not plain); most runs are */
    assert_true(more_runs >= 1);
    assert_true(dx_glyphs >= 1);
    print_message("runs: %d plain, %d with offsets or clusters; %d glyphs moved\n", plain_runs, more_runs, dx_glyphs);
    assert_true(plain_runs > more_runs);
}

/* Latin words in Japanese text are items of their own for Pango, but one
 * run with the Japanese around them: same font, same span, text going on.
 * A link (another span) starts a run of its own. */
static void
test_runs_across_items(void **state)
{
    (void)state;
    Doc *doc = new_doc();
    const Style *body = &theme_report()->body;
    static const char text[] = "XenとqemuのPCI Express対応について。";
    Line *lines;
    int n = inline_layout_text(doc, text, strlen(text), body, body->size * 40, false, NULL,
                               (SrcPos){1, 1}, &lines);
    assert_int_equal(n, 1);
    assert_int_equal(lines[0].n_runs, 1);
    assert_int_equal(lines[0].runs[0].length, (int)strlen(text));
    doc_free(doc);
    doc = new_doc();
    n = inline_layout_text(doc, text, strlen(text), body, body->size * 40, false,
                           "https://example.org/", (SrcPos){1, 1}, &lines);
    assert_int_equal(n, 1);
    assert_int_equal(lines[0].n_runs, 1);
    assert_string_equal(lines[0].runs[0].span->href, "https://example.org/");
    doc_free(doc);
}

/* Each glyph of a run takes one word (id and advance) unless one of them
 * does not fit: 48 pt text has advances past 32 pt and takes two; body
 * text takes one. Read back either way, the advances add up to the run's
 * width and a zero-width space is Pango's empty glyph. */
static void
test_glyph_words(void **state)
{
    (void)state;
    static const char text[] = "漢字と、かな。\xe2\x80\x8bXen と qemu。";
    Style big = theme_report()->body;
    big.size = unit_from_pt(48);
    big.pitch = unit_from_pt(72);
    const Style *styles[] = {&theme_report()->body, &big};
    for (int k = 0; k < 2; k++) {
        Doc *doc = new_doc();
        Line *lines;
        int n = inline_layout_text(doc, text, strlen(text), styles[k], styles[k]->size * 40,
                                   false, NULL, (SrcPos){1, 1}, &lines);
        assert_int_equal(n, 1);
        int wide = 0, compact = 0, empty = 0, glyphs = 0;
        for (int r = 0; r < lines[0].n_runs; r++) {
            const Run *run = &lines[0].runs[r];
            Unit w = 0;
            for (int i = 0; i < run->n_glyphs; i++) {
                uint32_t id = run_glyph(run, i);
                Unit a = run_advance(run, i);
                w += a;
                empty += id == GLYPH_EMPTY;
                glyphs++;
                assert_true(a >= 0 && a <= styles[k]->size * 2);
                if (!run->wide)
                    assert_true(id < 0xFFFF || id == GLYPH_EMPTY);
                if (id != GLYPH_EMPTY && !(id & GLYPH_UNKNOWN_FLAG))
                    assert_true(id > 0);   /* every character has its glyph */
            }
            assert_int_equal(w, run->width);
            if (run->wide)
                wide++;
            else
                compact++;
        }
        assert_int_equal(empty, 1);
        assert_true(glyphs >= 15);
        if (k == 0) {
            assert_int_equal(wide, 0);
            assert_true(compact >= 1);
        } else {
            assert_true(wide >= 1);        /* 48 pt: 49,152 units an em */
        }
        doc_free(doc);
    }
}

/* Once the report is laid out its inline nodes go: the blocks keep whether
 * a link is drawn inside them and a figure its text, and nothing else of
 * the tree changes. */
static void
test_release_inlines(void **state)
{
    (void)state;
    static const char md[] =
        "# 見出し\n\n本文と[リンク](https://example.org/)。\n\n"
        "本文だけ、*強調*と`code`。\n\n![図の説明](none.png)\n\n"
        "| 列 | 列2 |\n|---|---|\n| [セル](https://example.org/a) | 文字 |\n\n- 項目[^1]\n\n[^1]: 注。\n";
    Doc *doc = new_doc();
    report_parse_buffer(doc, md, strlen(md));
    int blocks = 0;
    for (const Node *n = doc->root; n; n = node_next(doc->root, n))
        blocks += node_is_block(n->type);
    node_release_inlines(doc);
    assert_null(doc->inlines);
    node_check(doc->root);
    int after = 0, linked = 0;
    bool figure = false;
    for (const Node *n = doc->root; n; n = node_next(doc->root, n)) {
        assert_true(node_is_block(n->type));
        after++;
        linked += n->links;
        if (n->type == NODE_FIGURE) {
            figure = true;
            assert_non_null(n->u.link.alt);
            assert_string_equal(n->u.link.alt, "図の説明");
        }
        if (n->type == NODE_HEADING)
            assert_false(n->links);
    }
    assert_int_equal(after, blocks);
    assert_true(figure);
    /* the paragraph with a link, the cell with one, the item's paragraph
     * with its note reference */
    assert_int_equal(linked, 3);
    node_release_inlines(doc);             /* twice: nothing more */
    doc_free(doc);
}

/* The list markers of one laid-out document: their lines, in order. */
static int
marker_lines(const Doc *doc, const SliceLine **out, int max)
{
    int n = 0;
    for (int i = 0; i < doc->n_slices; i++)
        for (int k = 0; k < doc->slices[i].n_lines; k++)
            if (doc->slices[i].lines[k].marker) {
                assert_true(n < max);
                out[n++] = &doc->slices[i].lines[k];
            }
    return n;
}

/* Two lines drawn the same: text, widths, and glyph for glyph the same
 * ids, advances and fonts. */
static void
assert_same_drawing(const Line *a, const Line *b)
{
    assert_int_equal(a->len, b->len);
    assert_memory_equal(a->text + a->start, b->text + b->start, (size_t)a->len);
    assert_int_equal(a->width, b->width);
    assert_int_equal(a->ascent, b->ascent);
    assert_int_equal(a->descent, b->descent);
    assert_int_equal(a->n_runs, b->n_runs);
    for (int r = 0; r < a->n_runs; r++) {
        const Run *x = &a->runs[r], *y = &b->runs[r];
        assert_ptr_equal(x->font, y->font);
        assert_int_equal(x->x, y->x);
        assert_int_equal(x->width, y->width);
        assert_int_equal(x->n_glyphs, y->n_glyphs);
        assert_memory_equal(x->span->style, y->span->style, sizeof(Style));
        for (int g = 0; g < x->n_glyphs; g++) {
            assert_int_equal(run_glyph(x, g), run_glyph(y, g));
            assert_int_equal(run_advance(x, g), run_advance(y, g));
            assert_int_equal(run_dx(x, g), run_dx(y, g));
            assert_int_equal(run_dy(x, g), run_dy(y, g));
        }
    }
}

/* The report's passes keep one line per list marker text (layout_passes_begin);
 * a deck's lay each out anew. Either way the galley is the same and every
 * marker is drawn the same, at the same place: the items of a bullet list
 * alike, numbers each their own text. */
static void
test_list_markers_cached_or_not(void **state)
{
    (void)state;
    static const char md[] = "- 一\n- 二\n- 三\n\n1. 一\n2. 二\n3. 三\n\n- 外\n  - 内\n";
    Doc *docs[2];
    const SliceLine *m[2][8];
    for (int cached = 0; cached < 2; cached++) {
        Doc *doc = docs[cached] = new_doc();
        report_parse_buffer(doc, md, strlen(md));
        doc->geom = style_geometry(doc->theme, "A4");
        style_document(doc, doc->theme);
        if (cached)
            layout_passes_begin(doc, false);
        block_document(doc);
        assert_int_equal(marker_lines(doc, m[cached], 8), 8);
    }
    /* the same galley */
    assert_int_equal(docs[0]->n_slices, docs[1]->n_slices);
    for (int i = 0; i < docs[0]->n_slices; i++) {
        const Slice *a = &docs[0]->slices[i], *b = &docs[1]->slices[i];
        assert_int_equal(a->kind, b->kind);
        assert_int_equal(a->height, b->height);
        assert_int_equal(a->n_lines, b->n_lines);
        assert_int_equal(a->keep_with_next, b->keep_with_next);
    }
    for (int i = 0; i < 8; i++) {
        /* each marker the same, at the same place, with or without the cache */
        assert_int_equal(m[0][i]->x, m[1][i]->x);
        assert_int_equal(m[0][i]->y, m[1][i]->y);
        assert_same_drawing(m[0][i]->line, m[1][i]->line);
        assert_true(m[0][i]->line->n_runs >= 1 && m[0][i]->line->width > 0);
    }
    for (int c = 0; c < 2; c++) {
        /* bullets alike; 1. 2. 3. each their own; the inner list another bullet */
        assert_same_drawing(m[c][0]->line, m[c][1]->line);
        assert_same_drawing(m[c][1]->line, m[c][2]->line);
        assert_same_drawing(m[c][0]->line, m[c][6]->line);
        for (int i = 3; i < 6; i++) {
            const Line *ln = m[c][i]->line;
            char want[8];
            snprintf(want, sizeof want, "%d.", i - 2);
            assert_int_equal(ln->len, (int)strlen(want));
            assert_memory_equal(ln->text + ln->start, want, strlen(want));
        }
        const Line *outer = m[c][6]->line, *inner = m[c][7]->line;
        assert_false(outer->len == inner->len
                     && memcmp(outer->text + outer->start, inner->text + inner->start,
                               (size_t)outer->len) == 0);
    }
    layout_passes_end(docs[1]);
    doc_free(docs[0]);
    doc_free(docs[1]);
}

/* A line that ends inside a word (a URL broken after "_", before "G")
 * gives its last glyph its own advance back: the kerning with the glyph
 * after it goes with that glyph to the next line, so the glyph's box in
 * the PDF (the font's width) does not pass the measure. */
static void
test_kern_at_word_break(void **state)
{
    (void)state;
    const char *t = "設定の書式については https://wiki.xenproject.org/wiki/"
                    "Xen_Project_Beginners_Guide#Creating_a_Debian_PV_Guest を参照した。";
    const Style *body = &theme_report()->body;
    int inside = 0;
    for (int ems = 8; ems <= 40; ems++) {
        Doc *doc = new_doc();
        Line *lines;
        int n = inline_layout_text(doc, t, strlen(t), body, body->size * ems, false, NULL,
                                   (SrcPos){1, 1}, &lines);
        for (int i = 0; i + 1 < n; i++) {
            const Line *ln = &lines[i];
            int end = ln->start + ln->len;
            if (ln->hyphenated || ln->n_runs == 0 || t[end - 1] == ' ' || t[end] == ' '
                || (unsigned char)t[end - 1] >= 0x80)
                continue;                  /* (a line ending between words or in Japanese) */
            const Run *r = &ln->runs[ln->n_runs - 1];
            uint32_t g = run_glyph(r, r->n_glyphs - 1);
            hb_font_t *hbf = pango_font_get_hb_font(r->font);
            /* the last glyph's own box (its font's width, as a PDF reader
             * takes it) ends on or before the measure */
            Unit pen = r->x + r->width - run_advance(r, r->n_glyphs - 1);
            Unit right = pen + hb_font_get_glyph_h_advance(hbf, g);
            assert_true(right <= ln->width + body->size / 200);
            inside++;
        }
        doc_free(doc);
    }
    assert_true(inside > 0);               /* (the measures did break inside the URL) */
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unbreakable_sequences),
        cmocka_unit_test(test_kinsoku_and_measure),
        cmocka_unit_test(test_code_breaks),
        cmocka_unit_test(test_hyphenation),
        cmocka_unit_test(test_runs_glyphs_and_clusters),
        cmocka_unit_test(test_runs_across_items),
        cmocka_unit_test(test_glyph_words),
        cmocka_unit_test(test_release_inlines),
        cmocka_unit_test(test_list_markers_cached_or_not),
        cmocka_unit_test(test_kern_at_word_break),
    };
    return cmocka_run_group_tests(tests, unit_fonts_setup, unit_fonts_teardown);
}
