/*
 * test_outline.c: the bookmark tree (outline.h) from parsed documents. One
 * entry per heading in document order, with its level, its text, the
 * heading's destination and the entry it hangs under (a skipped level nests
 * under the nearest shallower heading); a deck: one entry per slide,
 * "N. Title", pointing at "<prefix>slide-N". No fonts: the outline reads
 * only the tree.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "deck.h"
#include "doc.h"
#include "node.h"
#include "outline.h"
#include "report.h"

static const Settings no_options;

static Doc *
parsed(const char *md)
{
    Doc *doc = doc_new(&no_options, "test.md");
    report_parse_buffer(doc, md, strlen(md));
    return doc;
}

/* The headings of doc, in document order. */
static int
headings(Doc *doc, const Node **out, int max)
{
    int n = 0;
    for (const Node *h = doc->root; h; h = node_next(doc->root, h))
        if (h->type == NODE_HEADING && n < max)
            out[n++] = h;
    return n;
}

static void
test_levels_and_parents(void **state)
{
    (void)state;
    static const char md[] = "# 第一章\n\n本文。\n\n## 一節\n\n#### 深い見出し\n\n"
                             "### 二項\n\n## 二節\n\n# 第二章\n\n### 飛んだ\n";
    static const struct { const char *title; int level, parent; } want[] = {
        {"第一章", 1, -1}, {"一節", 2, 0}, {"深い見出し", 4, 1}, {"二項", 3, 1},
        {"二節", 2, 0},    {"第二章", 1, -1}, {"飛んだ", 3, 5},
    };
    Doc *doc = parsed(md);
    outline_build(doc);
    int n = (int)(sizeof want / sizeof want[0]);
    assert_int_equal(doc->n_outline, n);
    const Node *h[16];
    assert_int_equal(headings(doc, h, 16), n);
    for (int i = 0; i < n; i++) {
        const Outline *o = &doc->outline[i];
        assert_string_equal(o->title, want[i].title);
        assert_int_equal(o->level, want[i].level);
        assert_int_equal(o->parent, want[i].parent);
        /* the destination is the heading's own, and distinct */
        assert_non_null(o->dest);
        assert_string_equal(o->dest, h[i]->u.heading.dest);
        for (int k = 0; k < i; k++)
            assert_string_not_equal(o->dest, doc->outline[k].dest);
        /* a parent comes before its child, at a shallower level */
        if (o->parent >= 0) {
            assert_true(o->parent < i);
            assert_true(doc->outline[o->parent].level < o->level);
        }
    }
    doc_free(doc);
}

/* Inline markup is dropped from the titles; a document without headings
 * has no entries. */
static void
test_titles_and_empty(void **state)
{
    (void)state;
    Doc *doc = parsed("## *強調*と`code`の[見出し](https://example.org/)\n");
    outline_build(doc);
    assert_int_equal(doc->n_outline, 1);
    assert_string_equal(doc->outline[0].title, "強調とcodeの見出し");
    assert_int_equal(doc->outline[0].level, 2);
    assert_int_equal(doc->outline[0].parent, -1);
    doc_free(doc);
    doc = parsed("本文だけ。\n\n- 項目\n");
    outline_build(doc);
    assert_int_equal(doc->n_outline, 0);
    doc_free(doc);
}

/* A deck: one top-level entry per slide, numbered, to the slide's page. */
static void
test_deck_slides(void **state)
{
    (void)state;
    static const char md[] = "---\ntitle: 発表\n---\n\n# 発表の題\n\n---\n\n## 背景\n\n本文。\n\n"
                             "---\n\n本文だけのスライド。\n\n---\n\n## まとめ\n";
    for (int appendix = 0; appendix < 2; appendix++) {
        Doc *deck = doc_new(&no_options, "deck.md");
        deck->dest_prefix = appendix ? "a" : "";
        deck_parse_buffer(deck, md, strlen(md));
        outline_build(deck);
        assert_int_equal(deck->n_outline, 4);
        static const char *const titles[] = {"1. 発表の題", "2. 背景", "3", "4. まとめ"};
        for (int i = 0; i < 4; i++) {
            const Outline *o = &deck->outline[i];
            assert_string_equal(o->title, titles[i]);
            assert_int_equal(o->level, 1);
            assert_int_equal(o->parent, -1);
            char dest[32];
            snprintf(dest, sizeof dest, "%sslide-%d", appendix ? "a" : "", i + 1);
            assert_string_equal(o->dest, dest);
        }
        doc_free(deck);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_levels_and_parents),
        cmocka_unit_test(test_titles_and_empty),
        cmocka_unit_test(test_deck_slides),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
