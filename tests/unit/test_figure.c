/*
 * test_figure.c: what the document says about a figure (figure.h): the
 * attribute block after an image ({width=60%}), HTML's <img>, #page=N, and
 * the box of a placeholder; through the parser, the tree of a figure with
 * its size (dump_tree) and the attribute block dropped from running text.
 * Pictures and their boxes: test_image.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "doc.h"
#include "unit_fonts.h"
#include "figure.h"
#include "node.h"
#include "report.h"

static const Settings no_options;

#define PT(x) ((Unit)((x) * 1024))

static void
check_length(Length l, double value, LengthUnit unit)
{
    assert_int_equal(l.unit, unit);
    assert_true(l.value > value - 1e-9 && l.value < value + 1e-9);
}

/* --- {width=...} --- */

static void
test_attrs_sizes(void **state)
{
    (void)state;
    char problem[256];
    static const struct { const char *text; double value; LengthUnit unit; } cases[] = {
        {"{width=60%}", 60, LENGTH_PERCENT}, {"{width=8cm}", 8, LENGTH_CM},
        {"{width=25mm}", 25, LENGTH_MM}, {"{width=1.5in}", 1.5, LENGTH_IN},
        {"{width=200pt}", 200, LENGTH_PT}, {"{width=300px}", 300, LENGTH_PX},
        {"{width=300}", 300, LENGTH_PX}, {"{ width=\"2.5cm\" }", 2.5, LENGTH_CM},
        {"{width='40%'}", 40, LENGTH_PERCENT},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        Figure fig = {0};
        size_t n = figure_attrs(cases[i].text, strlen(cases[i].text), &fig, NULL, problem,
                                sizeof problem);
        assert_int_equal(n, strlen(cases[i].text));
        check_length(fig.width, cases[i].value, cases[i].unit);
        assert_int_equal(fig.height.unit, LENGTH_NONE);
        assert_string_equal(problem, "");
    }
    Figure fig = {0};
    const char *both = "{width=8cm height=5cm} and text";
    assert_int_equal(figure_attrs(both, strlen(both), &fig, NULL, problem, sizeof problem), 22);
    check_length(fig.width, 8, LENGTH_CM);
    check_length(fig.height, 5, LENGTH_CM);
}

static void
test_attrs_problems(void **state)
{
    (void)state;
    char problem[256];
    Figure fig = {0};
    const char *s = "{#fig1 .wide width=abc height=3cm align=center}";
    assert_int_equal(figure_attrs(s, strlen(s), &fig, NULL, problem, sizeof problem), strlen(s));
    assert_int_equal(fig.width.unit, LENGTH_NONE);  /* not a size: not taken */
    check_length(fig.height, 3, LENGTH_CM);
    assert_string_equal(problem, "'#fig1' is not used; '.wide' is not used; 'width=abc' is not "
                                 "a size (a number with cm, mm, in, pt, px or %); "
                                 "'align=center' is not used");
    /* with an Attrs: the id and {-} are taken (number.c), a size without a
     * figure is not */
    Attrs a = {0};
    const char *t = "{#fig-cache - .wide width=3cm}";
    assert_int_equal(figure_attrs(t, strlen(t), NULL, &a, problem, sizeof problem), strlen(t));
    assert_int_equal(a.id_len, 9);
    assert_memory_equal(a.id, "fig-cache", 9);
    assert_true(a.unnumbered);
    assert_string_equal(problem, "'.wide' is not used; 'width=3cm' is not used");
    a = (Attrs){0};
    const char *u = "{.unnumbered #sec:a}";
    assert_int_equal(figure_attrs(u, strlen(u), NULL, &a, problem, sizeof problem), strlen(u));
    assert_true(a.unnumbered);
    assert_int_equal(a.id_len, 5);
    assert_memory_equal(a.id, "sec:a", 5);
    assert_string_equal(problem, "");
    /* no positive length */
    static const char *const bad[] = {"{width=0}", "{width=-3cm}", "{width=3em}", "{width=}",
                                      "{width=1e9px}", "{width=+3cm}"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        Figure f2 = {0};
        assert_true(figure_attrs(bad[i], strlen(bad[i]), &f2, NULL, problem, sizeof problem)
                    > 0);
        assert_int_equal(f2.width.unit, LENGTH_NONE);
        assert_non_null(strstr(problem, "is not a size"));
    }
}

static void
test_attrs_not_a_block(void **state)
{
    (void)state;
    char problem[64];
    static const char *const not_attrs[] = {
        "", "width=3cm", "{width=3cm", "{width 3cm}", "{=3cm}", "{width=\"3cm}", "{#}", " {x=1}",
        "{a b}",
    };
    for (size_t i = 0; i < sizeof not_attrs / sizeof not_attrs[0]; i++) {
        Figure fig = {0};
        assert_int_equal(figure_attrs(not_attrs[i], strlen(not_attrs[i]), &fig, NULL, problem,
                                      sizeof problem), 0);
        assert_int_equal(fig.width.unit, LENGTH_NONE);
    }
}

/* --- <img> and #page --- */

static void
test_img_tag(void **state)
{
    (void)state;
    Doc *doc = doc_new(&no_options, "x.md");
    ImgTag tag;
    Figure fig = {0};
    assert_true(figure_img_tag(doc, "<img src=\"a.png\" width=\"200\" height=\"100\" "
                               "alt=\"A &amp; B &#x65E5;&#26412;\" title='図1'>\n", &tag, &fig));
    assert_string_equal(tag.src, "a.png");
    assert_string_equal(tag.alt, "A & B 日本");
    assert_string_equal(tag.title, "図1");
    check_length(fig.width, 200, LENGTH_PX);
    check_length(fig.height, 100, LENGTH_PX);
    /* case, self-closing, unquoted, attributes without a value, a % */
    Figure f2 = {0};
    assert_true(figure_img_tag(doc, "  <IMG SRC=b.jpg loading=lazy hidden Width=50% />",
                               &tag, &f2));
    assert_string_equal(tag.src, "b.jpg");
    assert_null(tag.alt);
    check_length(f2.width, 50, LENGTH_PERCENT);
    assert_int_equal(f2.height.unit, LENGTH_NONE);
    /* not one <img> alone */
    static const char *const no[] = {
        "<img src=a.png> text", "<image src=a.png>", "<img src=\"a.png>", "<p><img src=a></p>",
        "<!-- <img src=a.png> -->", "<img src=a.png",
    };
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        assert_false(figure_img_tag(doc, no[i], &tag, NULL));
    doc_free(doc);
}

static void
test_page_fragment(void **state)
{
    (void)state;
    Doc *doc = doc_new(&no_options, "x.md");
    Figure *f = figure_make(doc, "chart.pdf#page=3");
    assert_string_equal(f->file, "chart.pdf");
    assert_int_equal(f->page, 3);
    f = figure_make(doc, "chart.pdf");
    assert_string_equal(f->file, "chart.pdf");
    assert_int_equal(f->page, 1);
    /* anything else after '#' stays part of the name */
    static const char *const kept[] = {"a#page=0", "a#page=x", "a#pages=2", "a#page=", "a#b"};
    for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++) {
        f = figure_make(doc, kept[i]);
        assert_string_equal(f->file, kept[i]);
        assert_int_equal(f->page, 1);
    }
    assert_null(figure_make(doc, NULL)->file);
    doc_free(doc);
}

/* --- the parser --- */

static void
check_tree(const char *text, const char *want)
{
    Doc *doc = doc_new(&no_options, "test.md");
    report_parse_buffer(doc, text, strlen(text));
    node_check(doc->root);
    unit_check_tree(doc, want);
    doc_free(doc);
}

static void
test_parse_figures(void **state)
{
    (void)state;
    check_tree("![写真](photo.jpg \"図1\"){width=60% height=5cm}\n",
               "document @1:1\n"
               "  figure href=\"photo.jpg\" title=\"図1\" width=60% height=5cm @1:1\n"
               "    text \"写真\" @1:3\n");
    check_tree("![グラフ](chart.pdf#page=2)\n",
               "document @1:1\n"
               "  figure href=\"chart.pdf#page=2\" page=2 @1:1\n"
               "    text \"グラフ\" @1:3\n");
    /* an HTML block, and an <img> alone in its paragraph */
    check_tree("<img src=\"a.png\" width=\"200\" alt=\"代替\" title=\"題\">\n\n"
               "前の段落\n\n<img src=b.svg height=100>\n",
               "document @1:1\n"
               "  figure href=\"a.png\" title=\"題\" width=200px @1:1\n"
               "    text \"代替\" @1:1\n"
               "  paragraph @3:1\n"
               "    text \"前の段落\" @3:1\n"
               "  figure href=\"b.svg\" height=100px @5:1\n");
    /* text after the block: not a figure; the block goes from the text */
    check_tree("![小](a.png){width=1cm}は文中。\n",
               "document @1:1\n"
               "  paragraph @1:1\n"
               "    image href=\"a.png\" @1:1\n"
               "      text \"小\" @1:3\n"
               "    text \"は文中。\" @1:25\n");
    /* an <img> inside running text is its alt text */
    check_tree("本文の<img src=a.png alt=\"代\">画像。\n",
               "document @1:1\n"
               "  paragraph @1:1\n"
               "    text \"本文の代画像。\" @1:1\n");
}

/* --- the box of a placeholder (no picture) --- */

static void
test_placeholder_box(void **state)
{
    (void)state;
    Unit w, h;
    Figure none = {.page = 1};
    figure_box(&none, PT(450), PT(600), PT(680), PT(102), &w, &h);
    assert_int_equal(w, PT(450));          /* the measure x the default height */
    assert_int_equal(h, PT(102));
    Figure sized = {.page = 1, .width = {4, LENGTH_CM}, .height = {2, LENGTH_CM}};
    figure_box(&sized, PT(450), PT(600), PT(680), PT(102), &w, &h);
    assert_int_equal(w, unit_from_pt(4 * 72 / 2.54));
    assert_int_equal(h, unit_from_pt(2 * 72 / 2.54));
    Figure half = {.page = 1, .width = {50, LENGTH_PERCENT}};
    figure_box(&half, PT(450), PT(600), PT(680), PT(102), &w, &h);
    assert_int_equal(w, PT(225));
    assert_int_equal(h, PT(102));
    Figure tall = {.page = 1, .height = {50, LENGTH_PERCENT}};
    figure_box(&tall, PT(450), PT(600), PT(680), PT(102), &w, &h);
    assert_int_equal(w, PT(450));
    assert_int_equal(h, PT(340));          /* half the text area */
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_attrs_sizes),
        cmocka_unit_test(test_attrs_problems),
        cmocka_unit_test(test_attrs_not_a_block),
        cmocka_unit_test(test_img_tag),
        cmocka_unit_test(test_page_fragment),
        cmocka_unit_test(test_parse_figures),
        cmocka_unit_test(test_placeholder_box),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
