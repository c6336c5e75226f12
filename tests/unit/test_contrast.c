/*
 * test_contrast.c: the built-in themes stay readable printed in black and
 * white (issue 8). Each colour is taken to the grey a monochrome printer or
 * a grayscale conversion gives it (its relative luminance, sRGB), and:
 *   - every text style, on its ground (white paper; the slides'
 *     slide.background) and on the fill it is set on (code on the code
 *     background, header cells on the header fill), has a contrast of at
 *     least 4.5:1 (the WCAG level for body text);
 *   - rules, frames and bars that carry structure (table rules, the
 *     footnote and running-head rules, the quote bar) stay visible: at
 *     least 2:1 against the ground;
 *   - fills stay light enough to read on: text on them keeps 4.5:1 (above),
 *     and they are still visible at all, or the ground's colour: no fill
 *     (paper's);
 *   - the slides' other grounds (class invert, a theme's own class such as
 *     gaia's) keep 3:1 for their one text colour.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "style.h"
#include "theme.h"

static double
channel(unsigned v)
{
    double c = v / 255.0;
    return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

/* relative luminance of 0xRRGGBB: the grey it prints as */
static double
luminance(uint32_t rgb)
{
    return 0.2126 * channel((rgb >> 16) & 0xff) + 0.7152 * channel((rgb >> 8) & 0xff)
           + 0.0722 * channel(rgb & 0xff);
}

static double
contrast(uint32_t a, uint32_t b)
{
    double la = luminance(a), lb = luminance(b);
    return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

static void
check_text(const char *theme, const char *what, const Style *s, uint32_t ground)
{
    double c = contrast(s->color, ground);
    if (c < 4.5) {
        fprintf(stderr, "%s: %s #%06x on #%06x: contrast %.2f < 4.5\n", theme, what,
                (unsigned)s->color, (unsigned)ground, c);
        fail();
    }
}

static void
check_theme(const char *name, const Theme *t, uint32_t ground)
{
    check_text(name, "body", &t->body, ground);
    for (int i = 0; i < 4; i++)
        check_text(name, "heading", &t->heading[i], ground);
    check_text(name, "code block", &t->code_block, ground);
    check_text(name, "code block on its fill", &t->code_block, t->code_bg);
    check_text(name, "cell", &t->cell, ground);
    check_text(name, "header cell on its fill", &t->cell_head, t->head_fill);
    check_text(name, "note", &t->note, ground);
    check_text(name, "caption", &t->caption, ground);
    for (int i = 0; i < TITLE_ROLES; i++)
        if (t->title[i].size > 0)
            check_text(name, "title block line", &t->title[i], ground);
    check_text(name, "running head", &t->head, ground);
    Style mark = t->head;                  /* the confidentiality mark */
    mark.color = t->mark_color;
    check_text(name, "mark", &mark, ground);
    check_text(name, "folio", &t->folio, ground);
    if (t->slide_title.size > 0)
        check_text(name, "slide title", &t->slide_title, ground);
    Style link = t->body;
    link.color = t->link_color;
    check_text(name, "link", &link, ground);
    /* structure lines */
    const uint32_t lines[] = {t->rule_color, t->table_rule, t->quote_bar};
    const char *const names[] = {"rule", "table rule", "quote bar"};
    for (int i = 0; i < 3; i++) {
        double c = contrast(lines[i], ground);
        if (c < 2.0) {
            fprintf(stderr, "%s: %s #%06x: contrast %.2f < 2\n", name, names[i],
                    (unsigned)lines[i], c);
            fail();
        }
    }
    /* fills: visible, or none at all (the ground's colour) */
    assert_true(t->code_bg == ground || contrast(t->code_bg, ground) > 1.05);
    assert_true(t->head_fill == ground || contrast(t->head_fill, ground) > 1.05);
}

static void
test_report_theme(void **state)
{
    (void)state;
    check_theme("report", theme_report(), 0xffffff);
}

static void
test_paper_theme(void **state)
{
    (void)state;
    Themes t;
    assert_true(theme_builtin("paper", &t));
    check_theme("paper", &t.report, 0xffffff);
}

static void
test_slide_theme(void **state)
{
    (void)state;
    check_theme("slides", theme_slide(), theme_slide()->slide_background);
}

/* A slide theme's other grounds, Marp's class invert and the theme's own
 * class: all text is set in one colour there (slide.c), large type on
 * slides, so 3:1 (WCAG's level for large text, slide.c's warning). */
static void
check_grounds(const char *name, const Theme *t)
{
    uint32_t pairs[][2] = {{t->slide_invert_color, t->slide_invert_background},
                           {t->slide_class_color, t->slide_class_background}};
    for (int i = 0; i < (*t->slide_class ? 2 : 1); i++) {
        double c = contrast(pairs[i][0], pairs[i][1]);
        if (c < 3.0) {
            fprintf(stderr, "%s: %s #%06x on #%06x: contrast %.2f < 3\n", name,
                    i ? "class" : "invert", (unsigned)pairs[i][0], (unsigned)pairs[i][1], c);
            fail();
        }
    }
}

/* Marp Core's gaia and uncover, approximated: the slides on their grounds */
static void
test_marp_themes(void **state)
{
    (void)state;
    const char *const names[] = {"gaia", "uncover"};
    for (int i = 0; i < 2; i++) {
        Themes t;
        assert_true(theme_builtin(names[i], &t));
        check_theme(names[i], &t.slide, t.slide.slide_background);
        check_grounds(names[i], &t.slide);
    }
    check_grounds("slides", theme_slide());
}

/* the check itself: black on white is 21:1, a light grey fails */
static void
test_contrast_function(void **state)
{
    (void)state;
    assert_true(fabs(contrast(0x000000, 0xffffff) - 21.0) < 1e-9);
    assert_true(contrast(0x777777, 0xffffff) > 4.4 && contrast(0x777777, 0xffffff) < 4.5);
    assert_true(contrast(0x1a4480, 0xffffff) > 4.5);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_contrast_function),
        cmocka_unit_test(test_report_theme),
        cmocka_unit_test(test_paper_theme),
        cmocka_unit_test(test_slide_theme),
        cmocka_unit_test(test_marp_themes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
