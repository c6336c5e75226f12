/*
 * test_table.c: tables in the galley (table_layout, block.h), with the real
 * fonts: one SLICE_ROW per row, whole body pitches tall; columns as wide as
 * their widest cell when the table fits (plus half an em of padding each
 * side), squeezed into the measure when it does not; each column's cells
 * set flush left, centred or flush right as the delimiter row says; the
 * header row keeps with the next and every body row names it for repeating
 * on a new page.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "block.h"
#include "doc.h"
#include "fonts.h"
#include "node.h"
#include "report.h"
#include "style.h"
#include "theme.h"
#include "unit_fonts.h"

static const Settings quiet = {.quiet = true};

static Doc *
laid_out_on(const char *paper, const char *md)
{
    Doc *doc = unit_doc(&quiet, "test.md");
    report_parse_buffer(doc, md, strlen(md));
    doc->theme = theme_report();
    doc->geom = style_geometry(doc->theme, paper);
    style_document(doc, doc->theme);
    block_document(doc);
    return doc;
}

static Doc *
laid_out(const char *md)
{
    return laid_out_on("A4", md);
}

/* The row slices, in order. */
static int
rows(const Doc *doc, const Slice **out, int max)
{
    int n = 0;
    for (int i = 0; i < doc->n_slices; i++)
        if (doc->slices[i].kind == SLICE_ROW && n < max)
            out[n++] = &doc->slices[i];
    return n;
}

/* The lines of column `col` in a row slice (first one), and its x. */
static const SliceLine *
cell_line(const Slice *row, int col)
{
    for (int k = 0; k < row->n_lines; k++)
        if (row->lines[k].node->u.cell.col == col)
            return &row->lines[k];
    return NULL;
}

/* Where column col's text starts and its width: from the lines' x (after
 * the padding) to the next column's, the last to the table's edge (its
 * rules). */
static void
column(const Slice *row, int col, int ncols, Unit pad, Unit *x, Unit *w)
{
    *x = cell_line(row, col)->x;
    Unit end = col + 1 < ncols ? cell_line(row, col + 1)->x - pad
                               : row->decos[0].x + row->decos[0].w;
    *w = end - pad - *x;
}

static void
test_widths_from_content(void **state)
{
    (void)state;
    Doc *doc = laid_out("| 短 | 中くらいの列 | とても長い内容を持つ列の見出し |\n"
                        "|---|---|---|\n| あ | いい | う |\n| 長めの一列目 | え | お |\n");
    const Slice *r[4];
    assert_int_equal(rows(doc, r, 4), 3);
    Unit pad = theme_report()->cell.size / 2;
    Unit x[3], w[3];
    for (int c = 0; c < 3; c++)
        column(r[0], c, 3, pad, &x[c], &w[c]);
    /* each column as wide as its widest cell (natural width, one line) */
    for (int c = 0; c < 3; c++) {
        Unit widest = 0;
        for (int k = 0; k < 3; k++) {
            const SliceLine *sl = cell_line(r[k], c);
            assert_non_null(sl);
            assert_int_equal(sl->x, x[c]);          /* the same column in every row */
            if (sl->line->natural > widest)
                widest = sl->line->natural;
        }
        assert_int_equal(w[c], widest);
    }
    assert_true(w[2] > w[1]);
    assert_int_equal(x[0], pad);
    /* one line each: rows one pitch */
    for (int k = 0; k < 3; k++)
        assert_int_equal(r[k]->height, doc->geom.pitch);
    doc_free(doc);
}

/* Too wide for the measure: the columns share it, long cells wrap, the
 * row grows by whole pitches. */
static void
test_squeezed_into_the_measure(void **state)
{
    (void)state;
    char md[4096] = "| 見出し | 説明 |\n|---|---|\n| 短い | ";
    for (int i = 0; i < 12; i++)
        strcat(md, "長い説明の文が続いていく。");
    strcat(md, " |\n");
    Doc *doc = laid_out(md);
    const Slice *r[2];
    assert_int_equal(rows(doc, r, 2), 2);
    const Deco *rule = &r[1]->decos[0];
    assert_true(rule->w <= doc->geom.measure);
    assert_true(r[1]->height > doc->geom.pitch);
    assert_int_equal(r[1]->height % doc->geom.pitch, 0);
    int lines_col1 = 0;
    for (int k = 0; k < r[1]->n_lines; k++)
        lines_col1 += r[1]->lines[k].node->u.cell.col == 1;
    assert_int_equal(r[1]->height, doc->geom.pitch * lines_col1);
    doc_free(doc);
}

/* The text's start and end inside its line (runs' x from the line start). */
static void
text_span(const Line *ln, Unit *start, Unit *end)
{
    *start = ln->runs[0].x;
    *end = ln->runs[ln->n_runs - 1].x + ln->runs[ln->n_runs - 1].width;
}

static void
test_alignment(void **state)
{
    (void)state;
    Doc *doc = laid_out("| 左寄せの見出し | 中央の見出し | 右寄せの見出し |\n"
                        "|:---|:---:|---:|\n| あ | い | う |\n");
    const Slice *r[2];
    assert_int_equal(rows(doc, r, 2), 2);
    Unit pad = theme_report()->cell.size / 2;
    for (int c = 0; c < 3; c++) {
        Unit x, w, s, e;
        column(r[1], c, 3, pad, &x, &w);
        text_span(cell_line(r[1], c)->line, &s, &e);
        assert_true(e - s < w / 2);        /* one character in a wide column */
        switch (c) {
        case 0:
            assert_int_equal(s, 0);
            break;
        case 1:
            assert_true(abs(s - (w - e)) <= 1);
            break;
        default:
            assert_true(abs(e - w) <= 1);
        }
    }
    doc_free(doc);
}

/* The header row keeps with the first body row; the body rows name it. */
static void
test_header_repeat(void **state)
{
    (void)state;
    Doc *doc = laid_out("前。\n\n| 列一 | 列二 |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n| 5 | 6 |\n\n"
                        "| 二つ目 |\n|---|\n| x |\n");
    const Slice *r[8];
    assert_int_equal(rows(doc, r, 8), 6);
    int head = (int)(r[0] - doc->slices);
    assert_true(r[0]->keep_with_next);
    assert_int_equal(r[0]->header, -1);
    for (int k = 1; k < 4; k++) {
        assert_int_equal(r[k]->header, head);
        assert_false(r[k]->keep_with_next);
    }
    /* the second table's rows name its own header */
    int head2 = (int)(r[4] - doc->slices);
    assert_int_equal(r[4]->header, -1);
    assert_int_equal(r[5]->header, head2);
    doc_free(doc);
}

/* --- narrow columns: never under their longest unbreakable unit --- */

/* The lines of column col in row r, and their count. */
static int
col_lines(const Slice *row, int col, const SliceLine **out, int max)
{
    int n = 0;
    for (int k = 0; k < row->n_lines; k++)
        if (row->lines[k].node->u.cell.col == col && n < max)
            out[n++] = &row->lines[k];
    return n;
}

/* The issue's table: a long last cell used to squeeze 「記号」 to 「記 / 号」
 * and "Graph" to "Grap / h". */
static const char *issue_table =
    "| 記号 | Graph | 意味 | 説明 |\n|---|---|---|---|\n"
    "| α | Graph | 重み付き有向グラフ | 頂点と辺からなる構造で、辺には重みが付く。最短経路問題や"
    "最大流問題の入力として広く使われる。実装では隣接リストで持つことが多く、疎なグラフでは隣接"
    "行列より省メモリである。 |\n"
    "| β | Tree | 根付き木 | 閉路を持たない連結グラフで、根を一つ決めたもの。 |\n";

static void
test_words_stay_whole(void **state)
{
    (void)state;
    const char *papers[] = {"A4", "B5", "A5"};
    for (int p = 0; p < 3; p++) {
        Doc *doc = laid_out_on(papers[p], issue_table);
        const Slice *r[3];
        assert_int_equal(rows(doc, r, 3), 3);
        const SliceLine *ls[16];
        /* the header's 記号 and Graph, the body's Graph and 重み付き有向グラフ:
         * one line each; only the widest column, 説明, wraps */
        assert_int_equal(col_lines(r[0], 0, ls, 16), 1);
        assert_string_equal(unit_line_text(ls[0]->line), "記号");
        assert_int_equal(col_lines(r[0], 1, ls, 16), 1);
        assert_string_equal(unit_line_text(ls[0]->line), "Graph");
        assert_int_equal(col_lines(r[1], 1, ls, 16), 1);
        assert_string_equal(unit_line_text(ls[0]->line), "Graph");
        assert_int_equal(col_lines(r[1], 2, ls, 16), 1);
        assert_true(col_lines(r[1], 3, ls, 16) >= 2);
        /* it fits the measure: no warning, type at the theme's size */
        assert_true(r[0]->decos[0].w <= doc->geom.measure);
        assert_int_equal(doc->n_warnings, 0);
        assert_int_equal(ls[0]->line->runs[0].span->style->size, theme_report()->cell.size);
        doc_free(doc);
    }
}

static void
test_numbers_with_units(void **state)
{
    (void)state;
    /* a number and its unit are one unit, also across a space */
    char md[2048] = "| 容量 | 時間 | 説明 |\n|---|---|---|\n| 512 MB | 10 分 | ";
    for (int i = 0; i < 8; i++)
        strcat(md, "長い説明の文が続いていく。");
    strcat(md, " |\n");
    Doc *doc = laid_out_on("A5", md);
    const Slice *r[2];
    assert_int_equal(rows(doc, r, 2), 2);
    const SliceLine *ls[32];
    assert_int_equal(col_lines(r[1], 0, ls, 32), 1);
    assert_string_equal(unit_line_text(ls[0]->line), "512 MB");
    assert_int_equal(col_lines(r[1], 1, ls, 32), 1);
    assert_string_equal(unit_line_text(ls[0]->line), "10 分");
    doc_free(doc);
}

/* Columns of long English words: wrapped, then at 90 % type, then into
 * the margin by up to 5 % with a warning, then beyond with another; never
 * a word cut. */
static void
test_shrink_then_margin(void **state)
{
    (void)state;
    const char *five = "| Component | Interface | Throughput | Reference | Notes |\n"
                       "|---|---|---|---|---|\n"
                       "| Controller | Configuration | Interoperability | Specification | "
                       "Initialization sequence documented separately |\n";
    const char *six = "| Component | Interface | Throughput | Reference | Notes | # |\n"
                      "|---|---|---|---|---|---|\n"
                      "| Controller | Configuration | Interoperability | Specification | "
                      "Initialization sequence documented separately | 1 |\n";
    enum { FITS, SMALLER, MARGIN };
    static const struct { const char *paper; int md, how; } cases[] = {
        {"A4", 5, FITS}, {"A4", 6, FITS}, {"A5", 5, SMALLER}, {"A5", 6, MARGIN},
    };
    const char *words[] = {"Component", "Interface", "Throughput", "Reference", "Notes", "#",
                           "Controller", "Configuration", "Interoperability", "Specification",
                           "Initialization", "sequence", "documented", "separately", "1"};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        Doc *doc = laid_out_on(cases[i].paper, cases[i].md == 5 ? five : six);
        const Slice *r[2];
        assert_int_equal(rows(doc, r, 2), 2);
        assert_int_equal(doc->n_warnings, cases[i].how == MARGIN);
        Unit w = r[0]->decos[0].w, measure = doc->geom.measure;
        const Style *cell = unit_nth(doc, NODE_CELL, 0)->style;
        assert_int_equal(cell->size, theme_report()->cell_head.size);   /* styles given back */
        Unit size = r[1]->lines[0].line->runs[0].span->style->size;
        assert_int_equal(size, cases[i].how == FITS ? theme_report()->cell.size
                                                    : theme_report()->cell.size * 9 / 10);
        if (cases[i].how == MARGIN)
            assert_true(w > measure && w <= measure + measure / 20 + 1);
        else
            assert_true(w <= measure);
        /* every line holds whole words */
        for (int k = 0; k < 2; k++)
            for (int j = 0; j < r[k]->n_lines; j++) {
                char buf[512];
                strcpy(buf, unit_line_text(r[k]->lines[j].line));
                for (char *tok = strtok(buf, " "); tok; tok = strtok(NULL, " ")) {
                    bool whole = false;
                    for (size_t q = 0; q < sizeof words / sizeof words[0]; q++)
                        whole = whole || strcmp(tok, words[q]) == 0;
                    if (!whole)
                        fail_msg("%s: a cut word \"%s\"", cases[i].paper, tok);
                }
            }
        doc_free(doc);
    }
    /* more than 5 % over: the columns at their longest words, a warning */
    char wide[1024] = "|";
    for (int c = 0; c < 8; c++)
        strcat(wide, " Interoperability |");
    strcat(wide, "\n|");
    for (int c = 0; c < 8; c++)
        strcat(wide, "---|");
    strcat(wide, "\n");
    Doc *doc = laid_out_on("A5", wide);
    assert_int_equal(doc->n_warnings, 1);
    const Slice *r[1] = {NULL};
    assert_int_equal(rows(doc, r, 1), 1);
    assert_int_equal(r[0]->n_lines, 8);    /* one line a cell: no word cut */
    assert_true(r[0]->decos[0].w > doc->geom.measure + doc->geom.measure / 20);
    doc_free(doc);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_widths_from_content),
        cmocka_unit_test(test_squeezed_into_the_measure),
        cmocka_unit_test(test_alignment),
        cmocka_unit_test(test_header_repeat),
        cmocka_unit_test(test_words_stay_whole),
        cmocka_unit_test(test_numbers_with_units),
        cmocka_unit_test(test_shrink_then_margin),
    };
    return cmocka_run_group_tests(tests, unit_fonts_setup, unit_fonts_teardown);
}
