/*
 * test_theme.c: reading themes (theme.h, theme_keys.c). The built-in
 * themes are the C tables; a theme file extends one and sets what it
 * names, in any unit; the front matter's sections and pandoc's keys
 * override the theme; a wrong value is an error and leaves the field as it
 * was, an unknown key a warning; did-you-mean picks the nearest key.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "doc.h"
#include "report.h"
#include "style.h"
#include "theme.h"

static const Settings no_options;

/* A theme file with `text` in a fresh temporary folder: its path (heap). */
static char *
theme_file(const char *text)
{
    char dir[] = "/tmp/kumihan-test-theme.XXXXXX";
    assert_non_null(mkdtemp(dir));
    size_t n = strlen(dir) + 16;
    char *path = malloc(n);
    snprintf(path, n, "%s/t.yaml", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static void
remove_file(char *path)
{
    unlink(path);
    *strrchr(path, '/') = '\0';
    rmdir(path);
    free(path);
}

/* The themes of `yaml` as --theme FILE, with the document `md` (NULL: none). */
static Doc *
resolve(const char *yaml, const char *md, Themes *out)
{
    Doc *doc = doc_new(&no_options, "test.md");
    if (md)
        report_parse_buffer(doc, md, strlen(md));
    char *path = yaml ? theme_file(yaml) : NULL;
    assert_int_equal(theme_resolve(doc, path, true, out), ST_OK);
    if (path)
        remove_file(path);
    return doc;
}

static void
test_builtins(void **state)
{
    (void)state;
    Themes r, p;
    assert_true(theme_builtin("report", &r));
    assert_true(theme_builtin("paper", &p));
    assert_false(theme_builtin("nosuch", &p));
    /* report is the C table every document starts with */
    assert_memory_equal(&r.report, theme_report(), sizeof r.report);
    assert_memory_equal(&r.slide, theme_slide(), sizeof r.slide);
    assert_memory_equal(&theme_defaults()->report, theme_report(), sizeof r.report);
    /* paper: Mincho headings, black links, the same body */
    assert_int_equal(p.report.heading[0].font, FONT_SERIF);
    assert_int_equal(r.report.heading[0].font, FONT_SANS);
    assert_int_equal(p.report.link_color, 0x000000);
    assert_int_equal(p.report.body.size, r.report.body.size);
}

static void
test_units_and_kinds(void **state)
{
    (void)state;
    Themes t;
    Doc *doc = resolve("body:\n  size: 3.5mm\n  pitch: 24Q\n  color: \"#abc\"\n"
                       "  weight: bold\n  align: centre\n  font: sans\n  indent: no\n"
                       "h1:\n  size: 0.25in\n  lines-before: 3\n"
                       "code: {size: 12px}\n"
                       "page:\n  text-width: 70%\n  margin-top: 20mm\n  margin-bottom: auto\n"
                       "  orientation: landscape\n  paper: b5\n"
                       "list:\n  bullets: [\"■\", \"□\"]\n",
                       NULL, &t);
    assert_int_equal(doc->n_errors, 0);
    assert_int_equal(doc->n_warnings, 0);
    const Theme *r = &t.report;
    assert_int_equal(r->body.size, unit_from_pt(3.5 * 72 / 25.4));
    assert_int_equal(r->body.pitch, unit_from_pt(24 * 18 / 25.4));
    assert_int_equal(r->body.color, 0xaabbcc);
    assert_int_equal(r->body.weight, 700);
    assert_int_equal(r->body.align, ALIGN_CENTER);
    assert_int_equal(r->body.font, FONT_SANS);
    assert_false(r->para_indent);
    assert_int_equal(r->heading[0].size, unit_from_pt(18));
    assert_int_equal(r->heading_lines_before[0], 3);
    assert_int_equal(r->code_block.size, unit_from_pt(9));
    assert_true(r->measure_ratio == 0.70);
    assert_int_equal(r->margin_top, unit_from_pt(20 * 72 / 25.4));
    assert_int_equal(r->margin_bottom, THEME_AUTO);
    assert_true(r->landscape);
    assert_string_equal(r->paper, "b5");
    /* a short list: the last marker goes on deeper */
    assert_string_equal(r->bullets[0], "■");
    assert_string_equal(r->bullets[1], "□");
    assert_string_equal(r->bullets[5], "□");
    /* the slides' half keeps its own values: only `slides:` sets them */
    assert_memory_equal(&t.slide, theme_slide(), sizeof t.slide);
    doc_free(doc);
}

static void
test_extends_and_slides(void **state)
{
    (void)state;
    Themes t;
    Doc *doc = resolve("extends: paper\nh2: {color: \"#7a1f1f\"}\n"
                       "slides:\n  body: {size: 20pt}\n  slide-title: {color: \"#123456\"}\n",
                       NULL, &t);
    assert_int_equal(doc->n_errors + doc->n_warnings, 0);
    Themes p;
    theme_builtin("paper", &p);
    assert_int_equal(t.report.heading[0].font, FONT_SERIF);      /* paper's */
    assert_int_equal(t.report.heading[1].color, 0x7a1f1f);
    assert_int_equal(t.report.heading[1].size, p.report.heading[1].size);
    assert_int_equal(t.slide.body.size, unit_from_pt(20));
    assert_int_equal(t.slide.slide_title.color, 0x123456);
    assert_int_equal(t.report.body.size, p.report.body.size);    /* not the slides' */
    doc_free(doc);
}

static void
test_errors_keep_the_value(void **state)
{
    (void)state;
    Themes t;
    Doc *doc = resolve("body:\n  size: big\n  sise: 11pt\n  color: \"#12\"\n"
                       "h2: {weight: 1000, align: middle}\npage:\n  columns: 3\n"
                       "slide-title: {color: \"#000000\"}\n",
                       NULL, &t);
    assert_int_equal(doc->n_errors, 5);    /* size, colour, weight, align, columns */
    assert_int_equal(doc->n_warnings, 2);  /* sise; slide-title outside `slides:` */
    assert_int_equal(t.report.body.size, theme_report()->body.size);
    assert_int_equal(t.report.body.color, theme_report()->body.color);
    assert_int_equal(t.report.heading[1].weight, theme_report()->heading[1].weight);
    assert_int_equal(t.report.columns, 1);
    doc_free(doc);
}

static void
test_front_matter_overrides(void **state)
{
    (void)state;
    Themes t;
    Doc *doc = resolve("body: {color: \"#111111\"}\n",
                       "---\ntitle: t\nfontsize: 12pt\npapersize: a5paper\n"
                       "geometry: \"top=20mm, left=25mm\"\nmainfont: Noto Serif CJK JP\n"
                       "body:\n  color: \"#222222\"\ncolumns: 2\n---\n\n本文。\n",
                       &t);
    assert_int_equal(doc->n_errors + doc->n_warnings, 0);
    const Theme *r = &t.report;
    assert_int_equal(r->body.size, unit_from_pt(12));
    assert_int_equal(r->body.pitch, theme_report()->body.pitch * 12 / 10);
    assert_string_equal(r->paper, "a5");
    assert_int_equal(r->margin_top, unit_from_pt(20 * 72 / 25.4));
    assert_int_equal(r->margin_inner, unit_from_pt(25 * 72 / 25.4));
    assert_int_equal(r->margin_bottom, THEME_AUTO);
    assert_int_equal(r->body.color, 0x222222);   /* the document's, over the theme's */
    assert_int_equal(r->columns, 2);
    doc_free(doc);
}

static void
test_command_line_paper_wins(void **state)
{
    (void)state;
    Settings opt = {.paper = "B5"};
    Doc *doc = doc_new(&opt, "test.md");
    const char *md = "---\ntitle: t\npaper: A5\n---\n\n本文。\n";
    report_parse_buffer(doc, md, strlen(md));
    Themes t;
    assert_int_equal(theme_resolve(doc, "paper", true, &t), ST_OK);
    assert_string_equal(t.report.paper, "B5");
    doc_free(doc);
}

static void
test_nearest(void **state)
{
    (void)state;
    const char *const keys[] = {"body.size", "body.pitch", "h1.color", "page"};
    assert_string_equal(theme_nearest("body.sise", keys, 4), "body.size");
    assert_string_equal(theme_nearest("pagee", keys, 4), "page");
    assert_string_equal(theme_nearest("h1.colour", keys, 4), "h1.color");
    assert_null(theme_nearest("watermark", keys, 4));
    assert_true(theme_front_key("fontsize"));
    assert_true(theme_front_key("body"));
    assert_true(theme_front_key("title-block"));
    assert_false(theme_front_key("title"));
    assert_false(theme_front_key("author"));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_builtins),
        cmocka_unit_test(test_units_and_kinds),
        cmocka_unit_test(test_extends_and_slides),
        cmocka_unit_test(test_errors_keep_the_value),
        cmocka_unit_test(test_front_matter_overrides),
        cmocka_unit_test(test_command_line_paper_wins),
        cmocka_unit_test(test_nearest),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
