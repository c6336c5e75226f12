/*
 * test_page.c: the page setup (版面設計) of style_geometry (style.h), by
 * its arithmetic: every paper's size, portrait and landscape, a custom size
 * winning over the name; the measure from characters per line (per column
 * with two), from the inner and outer margins, or from the share of the
 * paper exactly as before page setup existed; the lines from page.lines,
 * from the top and bottom margins (to the lines' character faces), or
 * from the share; the block placed by the inner margin (mirrored on even
 * pages), by the outer one, by the top or the bottom, or centred; and a
 * block that does not fit the paper cut to what fits, with the key to
 * blame and the numbers in the message. No fonts, no documents.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "doc.h"
#include "style.h"
#include "theme.h"

#define PT(x) ((Unit)((x) * 1024))
#define MM(x) unit_from_pt((x) * 72 / 25.4)

/* A unit is 1/1024 pt: a length in mm matches within half a unit of
 * rounding. */
static void
assert_near(Unit a, Unit b)
{
    if (abs(a - b) > 1)
        fail_msg("%d and %d differ by more than one unit (%.3f pt and %.3f pt)", a, b,
                 pt_from_unit(a), pt_from_unit(b));
}

static Theme
plain(void)
{
    return *theme_report();
}

/* Every paper by its size in mm (JIS B: 257 x 364, 182 x 257, 128 x 182),
 * in any case; an unknown name is none. */
static void
test_papers(void **state)
{
    (void)state;
    static const struct { const char *name; double w_mm, h_mm; } p[] = {
        {"A3", 297, 420}, {"A4", 210, 297}, {"A5", 148, 210}, {"A6", 105, 148},
        {"B4", 257, 364}, {"B5", 182, 257}, {"B6", 128, 182},
        {"Letter", 215.9, 279.4}, {"Legal", 215.9, 355.6},
        {"a4", 210, 297}, {"b5", 182, 257}, {"LEGAL", 215.9, 355.6},
    };
    for (size_t i = 0; i < sizeof p / sizeof p[0]; i++) {
        Unit w, h;
        assert_true(style_paper_size(p[i].name, &w, &h));
        assert_near(w, MM(p[i].w_mm));
        assert_near(h, MM(p[i].h_mm));
    }
    Unit w, h;
    assert_false(style_paper_size("B7", &w, &h));
    assert_false(style_paper_size("A4paper", &w, &h));
    assert_false(style_paper_size(NULL, &w, &h));
}

/* Landscape puts the long side across; a custom size (both set) wins over
 * the name, and landscape turns it too; one of the two alone is ignored. */
static void
test_orientation_and_custom(void **state)
{
    (void)state;
    Theme t = plain();
    Unit w, h;
    style_paper_size("A5", &w, &h);
    t.paper = "A5";
    t.landscape = true;
    PageGeom g = style_geometry(&t, NULL);
    assert_int_equal(g.width, h);
    assert_int_equal(g.height, w);
    t.landscape = false;
    t.paper_width = MM(100);
    t.paper_height = MM(150);
    g = style_geometry(&t, NULL);
    assert_int_equal(g.width, MM(100));
    assert_int_equal(g.height, MM(150));
    t.landscape = true;
    g = style_geometry(&t, NULL);
    assert_int_equal(g.width, MM(150));
    assert_int_equal(g.height, MM(100));
    t.landscape = false;
    t.paper_height = 0;                    /* (a width alone: the named paper) */
    g = style_geometry(&t, NULL);
    assert_int_equal(g.width, w);
    /* the paper named to style_geometry wins over the theme's */
    g = style_geometry(&t, "B4");
    style_paper_size("B4", &w, &h);
    assert_int_equal(g.width, w);
}

/* With no page setup keys the geometry is the rule from before them,
 * exactly: whole ems of measure_ratio of the width, whole lines of
 * height_ratio of the height, centred. */
static void
test_share_rule_exact(void **state)
{
    (void)state;
    static const char *const papers[] = {"A3", "A4", "A5", "A6", "B4", "B5", "B6", "Letter",
                                         "Legal"};
    Theme t = plain();
    for (size_t i = 0; i < sizeof papers / sizeof papers[0]; i++) {
        PageGeom g = style_geometry(&t, papers[i]);
        Unit em = t.body.size;
        int ems = (int)((double)g.width * t.measure_ratio / em);
        int lines = (int)((double)g.height * t.height_ratio / t.body.pitch);
        assert_int_equal(g.measure, ems * em);
        assert_int_equal(g.block_width, g.measure);
        assert_int_equal(g.columns, 1);
        assert_int_equal(g.lines, lines);
        assert_int_equal(g.body_height, lines * t.body.pitch);
        assert_int_equal(g.left, (g.width - g.measure) / 2);
        assert_int_equal(g.left_even, g.left);
        assert_int_equal(g.top, (g.height - g.body_height) / 2);
        assert_int_equal(g.head_baseline, g.top - PT(22));
        assert_int_equal(g.foot_baseline, g.top + g.body_height + PT(32));
        GeomIssue is[GEOM_ISSUES];
        t.paper = papers[i];
        assert_int_equal(style_geometry_check(&t, is), 0);
    }
}

/* B5, 40字 x 36行, 10.5 pt on a 17 pt pitch: the block is 420 pt (40 x
 * 10.5) by 36 pitches, centred both ways. */
static void
test_chars_and_lines(void **state)
{
    (void)state;
    Theme t = plain();
    t.paper = "B5";
    t.chars_per_line = 40;
    t.lines_per_page = 36;
    t.body.size = PT(10.5);
    t.body.pitch = PT(17);
    PageGeom g = style_geometry(&t, NULL);
    assert_int_equal(g.measure, PT(420));
    assert_int_equal(g.block_width, PT(420));
    assert_int_equal(g.lines, 36);
    assert_int_equal(g.body_height, 36 * PT(17));
    assert_int_equal(g.left, (g.width - PT(420)) / 2);
    assert_int_equal(g.left_even, g.left);
    assert_int_equal(g.top, (g.height - 36 * PT(17)) / 2);
    GeomIssue is[GEOM_ISSUES];
    assert_int_equal(style_geometry_check(&t, is), 0);
    /* A5, 34字 x 30行 at 9 pt on 15 pt */
    t.paper = "A5";
    t.chars_per_line = 34;
    t.lines_per_page = 30;
    t.body.size = PT(9);
    t.body.pitch = PT(15);
    g = style_geometry(&t, NULL);
    assert_int_equal(g.measure, 34 * PT(9));
    assert_int_equal(g.body_height, 30 * PT(15));
}

/* Margins: the inner one places the block's left edge on odd pages and its
 * right edge on even ones (ノド mirrored); the outer one the other way;
 * given both (no characters per line), the measure is the whole ems
 * between them. Top and bottom are to the character faces: half the
 * leading ((pitch - size) / 2) inside the block. */
static void
test_margins(void **state)
{
    (void)state;
    Theme t = plain();
    t.paper = "A4";
    t.margin_inner = MM(25);
    t.margin_outer = MM(15);
    PageGeom g = style_geometry(&t, NULL);
    Unit em = t.body.size, room = g.width - MM(25) - MM(15);
    assert_int_equal(g.measure, room / em * em);
    assert_int_equal(g.left, MM(25));
    assert_int_equal(g.left_even, g.width - MM(25) - g.block_width);
    assert_true(g.left_even >= MM(15));    /* the outer margin at least what was asked */
    /* characters per line and the outer margin only */
    t.margin_inner = THEME_AUTO;
    t.chars_per_line = 40;
    g = style_geometry(&t, NULL);
    assert_int_equal(g.measure, 40 * em);
    assert_int_equal(g.left, g.width - MM(15) - 40 * em);
    assert_int_equal(g.left_even, MM(15));
    /* top: the first line's faces MM(20) from the paper's top */
    Unit half = (t.body.pitch - em) / 2;
    t.margin_top = MM(20);
    g = style_geometry(&t, NULL);
    assert_int_equal(g.top + half, MM(20));
    /* bottom only: the last line's faces MM(18) from the foot */
    t.margin_top = THEME_AUTO;
    t.margin_bottom = MM(18);
    g = style_geometry(&t, NULL);
    assert_int_equal(g.height - (g.top + g.body_height - half), MM(18));
    /* both, no page.lines: as many lines as have their faces between */
    t.margin_top = MM(20);
    g = style_geometry(&t, NULL);
    Unit room_h = g.height - MM(20) - MM(18);
    Unit face = (g.lines - 1) * g.pitch + em;
    assert_true(face <= room_h && face + g.pitch > room_h);
    assert_int_equal(g.top + half, MM(20));
    GeomIssue is[GEOM_ISSUES];
    assert_int_equal(style_geometry_check(&t, is), 0);
}

/* Two columns: each of chars_per_line ems (字詰め per column), the block
 * both and the gap; from the margins, each column the whole ems of half
 * the room less the gap; from the share, the same of the share. */
static void
test_columns(void **state)
{
    (void)state;
    Theme t = plain();
    t.paper = "A4";
    t.landscape = true;
    t.columns = 2;
    t.column_gap = PT(20);
    t.chars_per_line = 24;
    PageGeom g = style_geometry(&t, NULL);
    Unit em = t.body.size;
    assert_int_equal(g.columns, 2);
    assert_int_equal(g.measure, 24 * em);
    assert_int_equal(g.column_gap, PT(20));
    assert_int_equal(g.block_width, 2 * 24 * em + PT(20));
    assert_int_equal(geom_column_x(&g, 1), 24 * em + PT(20));
    assert_int_equal(g.left, (g.width - g.block_width) / 2);
    t.chars_per_line = 0;
    g = style_geometry(&t, NULL);
    int ems = (int)(((double)g.width * t.measure_ratio - PT(20)) / 2 / em);
    assert_int_equal(g.measure, ems * em);
    t.margin_inner = t.margin_outer = MM(20);
    g = style_geometry(&t, NULL);
    assert_int_equal(g.measure, (g.width - MM(40) - PT(20)) / 2 / em * em);
    assert_true(g.block_width <= g.width - MM(40));
    /* one column: the gap counts for nothing */
    t.columns = 1;
    g = style_geometry(&t, NULL);
    assert_int_equal(g.column_gap, 0);
    assert_int_equal(g.block_width, g.measure);
}

/* What does not fit is cut to what fits, and said: too many characters
 * (the key page.chars-per-line, the numbers), too many lines, margins
 * wider than the paper (dropped: the block centred). */
static void
test_too_big(void **state)
{
    (void)state;
    GeomIssue is[GEOM_ISSUES];
    Theme t = plain();
    t.paper = "A5";
    t.chars_per_line = 60;
    t.lines_per_page = 50;
    int n = style_geometry_check(&t, is);
    assert_int_equal(n, 2);
    assert_int_equal(is[0].field, offsetof(Theme, chars_per_line));
    assert_non_null(strstr(is[0].text, "60 characters (page.chars-per-line)"));
    assert_non_null(strstr(is[0].text, "600pt"));
    assert_non_null(strstr(is[0].text, "A5"));
    assert_int_equal(is[1].field, offsetof(Theme, lines_per_page));
    assert_non_null(strstr(is[1].text, "50 lines (page.lines)"));
    PageGeom g = style_geometry(&t, NULL);
    assert_true(g.block_width <= g.width);
    assert_true(g.top >= 0 && g.top + g.body_height <= g.height);
    /* cut to the share of the paper, not to its edges */
    Theme share = plain();
    share.paper = "A5";
    PageGeom s = style_geometry(&share, NULL);
    assert_int_equal(g.measure, s.measure);
    assert_int_equal(g.lines, s.lines);
    /* margins larger than the paper */
    t = plain();
    t.margin_inner = MM(150);
    t.margin_outer = MM(70);
    n = style_geometry_check(&t, is);
    assert_int_equal(n, 1);
    assert_int_equal(is[0].field, offsetof(Theme, margin_inner));
    assert_non_null(strstr(is[0].text, "page.margin-inner"));
    assert_non_null(strstr(is[0].text, "150mm"));
    g = style_geometry(&t, NULL);
    assert_int_equal(g.left, (g.width - g.block_width) / 2);
    /* characters that fit the paper but not beside the inner margin */
    t = plain();
    t.chars_per_line = 50;
    t.margin_inner = MM(60);
    n = style_geometry_check(&t, is);
    assert_int_equal(n, 1);
    assert_int_equal(is[0].field, offsetof(Theme, chars_per_line));
    g = style_geometry(&t, NULL);
    assert_true(g.left + g.block_width <= g.width);
    assert_true(g.left_even >= 0);
    /* a top margin with no room for the running head */
    t = plain();
    t.margin_top = MM(5);
    n = style_geometry_check(&t, is);
    assert_int_equal(n, 1);
    assert_int_equal(is[0].field, offsetof(Theme, margin_top));
    assert_non_null(strstr(is[0].text, "running head"));
    /* two columns whose characters do not fit */
    t = plain();
    t.columns = 2;
    t.chars_per_line = 30;
    n = style_geometry_check(&t, is);
    assert_int_equal(n, 1);
    assert_non_null(strstr(is[0].text, "2 columns of 30 characters"));
    g = style_geometry(&t, NULL);
    assert_true(g.block_width <= g.width);
    /* a gap wider than the paper: one column */
    t = plain();
    t.columns = 2;
    t.column_gap = MM(250);
    n = style_geometry_check(&t, is);
    assert_int_equal(n, 1);
    assert_int_equal(is[0].field, offsetof(Theme, column_gap));
    assert_non_null(strstr(is[0].text, "page.column-gap"));
    g = style_geometry(&t, NULL);
    assert_int_equal(g.columns, 1);
    assert_int_equal(g.column_gap, 0);
    assert_true(g.block_width <= g.width);
    /* a custom paper under an inch a side: the named paper, said */
    t = plain();
    t.paper_width = PT(10);
    t.paper_height = PT(10);
    n = style_geometry_check(&t, is);
    assert_int_equal(n, 1);
    assert_int_equal(is[0].field, offsetof(Theme, paper_width));
    g = style_geometry(&t, NULL);
    Unit a4w, a4h;
    style_paper_size("A4", &a4w, &a4h);
    assert_int_equal(g.width, a4w);
    assert_int_equal(g.height, a4h);
    /* type larger than the paper: said once each way, never a negative
     * count of characters or lines */
    t = plain();
    t.paper = "A6";
    t.body.size = PT(700);
    t.chars_per_line = 3;
    t.lines_per_page = 3;
    n = style_geometry_check(&t, is);
    assert_int_equal(n, 2);
    assert_int_equal(is[0].field, offsetof(Theme, body.size));
    assert_int_equal(is[1].field, offsetof(Theme, body.size));
    assert_null(strstr(is[0].text, "-"));
    g = style_geometry(&t, NULL);
    assert_int_equal(g.lines, 1);
    assert_int_equal(g.measure, PT(700));
    /* no body size or pitch (0): still a block inside the paper */
    t = plain();
    t.body.size = 0;
    t.body.pitch = 0;
    g = style_geometry(&t, NULL);
    assert_true(g.measure > 0 && g.block_width <= g.width);
    assert_true(g.lines >= 1 && g.body_height <= g.height);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_papers),
        cmocka_unit_test(test_orientation_and_custom),
        cmocka_unit_test(test_share_rule_exact),
        cmocka_unit_test(test_chars_and_lines),
        cmocka_unit_test(test_margins),
        cmocka_unit_test(test_columns),
        cmocka_unit_test(test_too_big),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
