/*
 * test_impose.c: handouts (impose_handout, impose.h) of a laid-out deck of
 * seven slides, with the real fonts. For N = 1, 2, 3, 4, 6 and 9 slides a
 * sheet: ceil(7 / N) pages of A4 (portrait or landscape), each slide once,
 * in reading order, as a box that shows the deck's page at the slide's
 * proportions, inside the text area, overlapping no other box; with 3 a
 * column of slides with ruled note lines beside each; one bookmark per
 * slide.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <glib.h>

#include "deck.h"
#include "doc.h"
#include "fonts.h"
#include "impose.h"
#include "outline.h"
#include "slide.h"
#include "style.h"
#include "unit_fonts.h"

#define SLIDES 7

static Settings quiet = {.quiet = true};

static Doc *
deck_laid_out(void)
{
    GString *md = g_string_new("---\ntitle: 配布資料\naspect: 4:3\n---\n\n# 配布資料の題\n");
    for (int k = 2; k <= SLIDES; k++)
        g_string_append_printf(md, "\n---\n\n## スライド%d\n\n本文%d。\n", k, k);
    Doc *deck = unit_doc(&quiet, "deck.md");
    deck_parse_buffer(deck, md->str, md->len);
    g_string_free(md, TRUE);
    slide_layout_deck(deck);
    outline_build(deck);
    assert_int_equal(deck->n_pages, SLIDES);
    return deck;
}

typedef struct Box { Unit x, y, w, h; } Box;

static bool
overlap(Box a, Box b)
{
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

static void
test_handout_pages_and_boxes(void **state)
{
    (void)state;
    Doc *deck = deck_laid_out();
    static const int per[] = {1, 2, 3, 4, 6, 9};
    for (size_t t = 0; t < sizeof per / sizeof per[0]; t++) {
        int n = per[t];
        Doc *h = impose_handout(deck, n);
        const PageGeom *g = &h->geom;
        assert_int_equal(h->n_pages, (SLIDES + n - 1) / n);
        /* A4, either way round */
        assert_true((g->width < g->height) || n >= 4);
        int next = 0;
        for (int p = 0; p < h->n_pages; p++) {
            const Page *pg = &h->pages[p];
            int count = SLIDES - p * n < n ? SLIDES - p * n : n;
            Box boxes[9];
            int nb = 0;
            for (int k = 0; k < pg->n; k++) {
                const Slice *s = &h->slices[pg->placed[k].slice];
                if (s->kind != SLICE_EMBED)
                    continue;
                const SliceExtra *x = slice_x(s);
                assert_ptr_equal(x->embed, deck);
                /* each slide once, in reading order */
                assert_int_equal(x->embed_page, next);
                next++;
                /* the deck's proportions (4:3) */
                assert_true(abs(x->image_h * 4 - x->image_w * 3) <= 4);
                Box b = {x->image_x, pg->placed[k].y + x->image_y, x->image_w, x->image_h};
                assert_true(b.x >= 0 && b.x + b.w <= g->measure);
                assert_true(b.y >= 0 && b.y + b.h <= g->body_height);
                for (int i = 0; i < nb; i++)
                    assert_false(overlap(b, boxes[i]));
                boxes[nb++] = b;
                if (n == 3) {
                    /* one column; note lines to its right */
                    assert_int_equal(b.x, boxes[0].x);
                    int rules = 0;
                    for (int d = 0; d < s->n_decos; d++)
                        rules += s->decos[d].kind == DECO_HLINE && s->decos[d].x > b.x + b.w;
                    assert_true(rules >= 3);
                }
            }
            assert_int_equal(nb, count);
        }
        assert_int_equal(next, SLIDES);
        assert_int_equal(h->n_outline, SLIDES);
        doc_free(h);
    }
    doc_free(deck);
}

/* Box sizes shrink as more slides share a sheet. */
static void
test_more_slides_smaller_boxes(void **state)
{
    (void)state;
    Doc *deck = deck_laid_out();
    static const int per[] = {1, 2, 4, 9};
    Unit last = 0;
    for (size_t t = 0; t < sizeof per / sizeof per[0]; t++) {
        Doc *h = impose_handout(deck, per[t]);
        Unit area = 0;
        for (int i = 0; i < h->n_slices; i++)
            if (h->slices[i].kind == SLICE_EMBED) {
                const SliceExtra *x = slice_x(&h->slices[i]);
                area = (Unit)((int64_t)x->image_w * x->image_h / 1024 / 1024);
                break;
            }
        assert_true(area > 0);
        if (t > 0)
            assert_true(area < last);
        last = area;
        doc_free(h);
    }
    doc_free(deck);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_handout_pages_and_boxes),
        cmocka_unit_test(test_more_slides_smaller_boxes),
    };
    return cmocka_run_group_tests(tests, unit_fonts_setup, unit_fonts_teardown);
}
