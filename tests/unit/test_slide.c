/*
 * test_slide.c: decks laid out as slides (slide.h), with the real fonts.
 * One page per slide, with its destination and, but on the title slide, a
 * folio "n / N"; a slide that fits is set at the theme's size; one that
 * does not is set again at smaller type until it fits, without a warning;
 * one that does not fit even at SLIDE_FLOOR is set at the floor,
 * overflowing, with one warning.
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

#include "deck.h"
#include "doc.h"
#include "fonts.h"
#include "node.h"
#include "slide.h"
#include "style.h"
#include "theme.h"
#include "unit_fonts.h"

static Settings quiet = {.quiet = true};

/* A deck: the title slide, then one slide of `items` list items (k-th
 * slide) for each k. */
static Doc *
deck_of(const int *items, int n)
{
    GString *md = g_string_new("---\ntitle: 試験\nevent: 勉強会\n---\n\n# 試験の発表\n");
    for (int k = 0; k < n; k++) {
        g_string_append_printf(md, "\n---\n\n## スライド%d\n\n", k + 2);
        for (int i = 0; i < items[k]; i++)
            g_string_append_printf(md, "- 項目%dの本文\n", i + 1);
    }
    Doc *doc = unit_doc(&quiet, "deck.md");
    deck_parse_buffer(doc, md->str, md->len);
    g_string_free(md, TRUE);
    slide_layout_deck(doc);
    return doc;
}

/* The size of the first list paragraph on slide `number`. */
static Unit
item_size(const Doc *doc, int number)
{
    for (const Node *s = doc->root->first; s; s = s->next)
        if (s->type == NODE_SLIDE && s->u.slide.number == number)
            for (const Node *n = s; n; n = node_next(s, n))
                if (n->type == NODE_PARAGRAPH && n->parent->type == NODE_ITEM)
                    return n->style->size;
    return 0;
}

/* The bottom of the lowest slice placed on page p. */
static Unit
content_bottom(const Doc *doc, const Page *p)
{
    Unit b = 0;
    for (int k = 0; k < p->n; k++) {
        const Slice *s = &doc->slices[p->placed[k].slice];
        if (s->kind != SLICE_GAP && p->placed[k].y + s->height > b)
            b = p->placed[k].y + s->height;
    }
    return b;
}

static void
test_pages_and_folios(void **state)
{
    (void)state;
    const int items[] = {2, 3};
    Doc *doc = deck_of(items, 2);
    assert_int_equal(doc->n_pages, 3);
    assert_int_equal(doc->n_warnings, 0);
    for (int i = 0; i < 3; i++) {
        const Page *p = &doc->pages[i];
        char dest[16];
        snprintf(dest, sizeof dest, "slide-%d", i + 1);
        assert_string_equal(p->dest, dest);
        assert_int_equal(p->number, i + 1);
        assert_true(p->n >= 1);
        assert_int_equal(p->title_page, i == 0);
        if (i == 0) {
            assert_null(p->foot[SLOT_CENTER].line);
        } else {
            char folio[16];
            snprintf(folio, sizeof folio, "%d / 3", i + 1);
            const Line *fl = p->foot[SLOT_CENTER].line;
            assert_non_null(fl);
            assert_int_equal(fl->len, (int)strlen(folio));
            assert_memory_equal(fl->text + fl->start, folio, strlen(folio));
            assert_non_null(p->foot[SLOT_LEFT].line);      /* the event */
        }
    }
    /* 4:3 by default */
    assert_int_equal(doc->geom.width, 720 * 1024);
    assert_int_equal(doc->geom.height, 540 * 1024);
    doc_free(doc);
}

/* Three items fit at full size; twelve fit only smaller; forty never. */
static void
test_fit_shrinks_type(void **state)
{
    (void)state;
    const Unit full = theme_slide()->body.size;
    const int items[] = {3, 12, 40};
    Doc *doc = deck_of(items, 3);
    assert_int_equal(doc->n_pages, 4);
    Unit s3 = item_size(doc, 2), s12 = item_size(doc, 3), s40 = item_size(doc, 4);
    assert_int_equal(s3, full);
    assert_true(s12 < full);
    assert_true(s12 > (Unit)(full * SLIDE_FLOOR) + 1);
    assert_true(abs(s40 - (Unit)(full * SLIDE_FLOOR)) <= 1);
    /* the fitted ones inside the body, the last one past it */
    assert_true(content_bottom(doc, &doc->pages[1]) <= doc->geom.body_height);
    assert_true(content_bottom(doc, &doc->pages[2]) <= doc->geom.body_height);
    assert_true(content_bottom(doc, &doc->pages[3]) > doc->geom.body_height);
    /* one warning: the slide that overflows */
    assert_int_equal(doc->n_warnings, 1);
    assert_int_equal(doc->n_errors, 0);
    doc_free(doc);
}

/* The slide that shrinks alone warns nothing. */
static void
test_fit_without_warning(void **state)
{
    (void)state;
    const int items[] = {12};
    Doc *doc = deck_of(items, 1);
    assert_int_equal(doc->n_warnings, 0);
    assert_true(item_size(doc, 2) < theme_slide()->body.size);
    doc_free(doc);
}

/* The title slide's event line of a deck with this front matter. */
static const char *
event_line(const char *front)
{
    char md[512];
    snprintf(md, sizeof md, "---\n%s---\n\n# 題\n", front);
    Doc *doc = unit_doc(&quiet, "deck.md");
    deck_parse_buffer(doc, md, strlen(md));
    const char *text = NULL;
    for (const Node *n = doc->root; n; n = node_next(doc->root, n))
        if (n->type == NODE_TITLE_LINE && n->u.title.role == TITLE_EVENT)
            text = g_strdup(n->u.title.text);
    doc_free(doc);
    return text;
}

static void
test_title_slide_joins_in_its_language(void **state)
{
    (void)state;
    /* event and place: 「、」 in Japanese, ", " in English; without lang,
     * as the text is written */
    const char *cases[][2] = {
        {"event: 社内技術発表会 2024 年 6 月\nplace: 本社 12 階\nlang: ja\n",
         "社内技術発表会 2024 年 6 月、本社 12 階"},
        {"event: Xen Summit Asia 2009\nplace: Shanghai, China\nlang: en\n",
         "Xen Summit Asia 2009, Shanghai, China"},
        {"event: 勉強会\nplace: Tokyo\n", "勉強会、Tokyo"},
        {"event: Meetup\nplace: Berlin\n", "Meetup, Berlin"},
        {"event: 勉強会\n", "勉強会"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = event_line(cases[i][0]);
        assert_non_null(got);
        assert_string_equal(got, cases[i][1]);
        g_free((char *)got);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pages_and_folios),
        cmocka_unit_test(test_fit_shrinks_type),
        cmocka_unit_test(test_fit_without_warning),
        cmocka_unit_test(test_title_slide_joins_in_its_language),
    };
    return cmocka_run_group_tests(tests, unit_fonts_setup, unit_fonts_teardown);
}
