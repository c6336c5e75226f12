/*
 * table.c: GFM tables -> one SLICE_ROW per row.
 * Column widths from content, as in automatic table layout: each cell is
 * set once at an unlimited width (its widest natural line) and once at the
 * narrowest width (its widest unbreakable piece); columns get their natural
 * widths when they fit, else their minimum plus a share of the remaining
 * space in proportion to what they would still like. Cells are then set at
 * their column's width; a row is as tall as its tallest cell in whole body
 * pitches, so the text after a table stays on the line grid. Rows are
 * never split; the header row is repeated at the top of each page a table
 * continues on (paginate.c, via Slice.header). Rules: booktabs style.
 * Not done: spanning cells (GFM has none), rows taller than a page (set
 * overfull with a warning by paginate.c).
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "block.h"
#include "diag.h"
#include "inline.h"
#include "layout_impl.h"
#include "limits.h"
#include "style.h"

#define PT(x) ((Unit)((x) * 1024))

static Unit
widest_line(const Line *lines, int n)
{
    Unit w = 0;
    for (int i = 0; i < n; i++)
        if (lines[i].natural > w)
            w = lines[i].natural;
    return w;
}

void
table_layout(Doc *doc, const Node *table, Unit x, Unit width)
{
    const Theme *t = doc->theme;
    int ncols = table->u.table.ncols;
    if (ncols > LIMIT_TABLE_COLS) {
        diag_warn(doc, table->pos, "table has %d columns; only the first %d are set", ncols,
                  LIMIT_TABLE_COLS);
        ncols = LIMIT_TABLE_COLS;
    }
    if (ncols <= 0)
        return;
    int nrows = 0;
    for (const Node *r = table->first; r; r = r->next)
        nrows++;
    const Node **cells = xcalloc((size_t)nrows * (size_t)ncols, sizeof(Node *));
    int ri = 0;
    for (const Node *r = table->first; r; r = r->next, ri++) {
        int ci = 0;
        for (const Node *c = r->first; c; c = c->next, ci++)
            if (ci < ncols)
                cells[ri * ncols + ci] = c;
        if (ci > table->u.table.ncols)
            diag_warn(doc, r->pos, "row has %d cells, expected %d; the extra cells are dropped",
                      ci, table->u.table.ncols);
    }
    Unit em = t->cell.size, pad = em / 2;
    Unit *minw = xcalloc((size_t)ncols, sizeof(Unit)), *maxw = xcalloc((size_t)ncols, sizeof(Unit));
    layout_state(doc)->measuring++;        /* trial layouts: overfull on purpose */
    for (int i = 0; i < nrows * ncols; i++) {
        if (!cells[i])
            continue;
        Line *lines;
        int n = inline_layout_block(doc, cells[i], 0, 0, &lines);
        Unit mx = widest_line(lines, n);
        n = inline_layout_block(doc, cells[i], 1, 0, &lines);
        Unit mn = widest_line(lines, n);
        int col = i % ncols;
        if (mx > maxw[col])
            maxw[col] = mx;
        if (mn > minw[col])
            minw[col] = mn;
    }
    layout_state(doc)->measuring--;
    Unit avail = width - 2 * pad * ncols;
    int64_t sum_min = 0, sum_max = 0;
    for (int c = 0; c < ncols; c++) {
        if (maxw[c] < em)
            maxw[c] = em;
        if (minw[c] > maxw[c])
            minw[c] = maxw[c];
        sum_min += minw[c];
        sum_max += maxw[c];
    }
    Unit *colw = xcalloc((size_t)ncols, sizeof(Unit));
    for (int c = 0; c < ncols; c++) {
        if (sum_max <= avail)
            colw[c] = maxw[c];
        else if (sum_min >= avail)
            colw[c] = (Unit)((int64_t)avail * minw[c] / (sum_min ? sum_min : 1));
        else
            colw[c] = minw[c] + (Unit)((int64_t)(avail - sum_min) * (maxw[c] - minw[c])
                                       / (sum_max - sum_min));
        if (colw[c] < em)
            colw[c] = em;
    }
    Unit *colx = xcalloc((size_t)ncols + 1, sizeof(Unit));
    colx[0] = x;
    for (int c = 0; c < ncols; c++)
        colx[c + 1] = colx[c] + colw[c] + 2 * pad;
    Unit table_w = colx[ncols] - x;
    Unit pitch = doc->geom.pitch;
    int header = -1;
    ri = 0;
    for (const Node *r = table->first; r; r = r->next, ri++) {
        bool is_head = r->u.row.header;
        SliceLine *ls = NULL;
        int n_ls = 0, max_lines = 1;
        Line **cl = xcalloc((size_t)ncols, sizeof(Line *));
        int *cn = xcalloc((size_t)ncols, sizeof(int));
        for (int c = 0; c < ncols; c++) {
            const Node *cell = cells[ri * ncols + c];
            if (!cell)
                continue;
            cn[c] = inline_layout_block(doc, cell, colw[c], 0, &cl[c]);
            n_ls += cn[c];
            if (cn[c] > max_lines)
                max_lines = cn[c];
        }
        ls = arena_alloc(doc->arena, sizeof(SliceLine) * (size_t)(n_ls ? n_ls : 1));
        int k = 0;
        for (int c = 0; c < ncols; c++) {
            const Node *cell = cells[ri * ncols + c];
            for (int i = 0; i < cn[c]; i++)
                ls[k++] = (SliceLine){.line = &cl[c][i], .x = colx[c] + pad,
                                      .y = pitch * i + block_baseline(cell->style, pitch),
                                      .node = cell};
        }
        Unit h = pitch * max_lines;
        Deco *d = arena_zalloc(doc->arena, sizeof(Deco) * 3);
        int nd = 0;
        if (is_head) {
            d[nd++] = (Deco){.kind = DECO_FILL, .color = t->head_fill, .x = x, .y = 0,
                             .w = table_w, .h = h};
            d[nd++] = (Deco){.kind = DECO_HLINE, .color = t->table_rule, .x = x, .y = 0,
                             .w = table_w, .line_width = PT(0.8)};
            d[nd++] = (Deco){.kind = DECO_HLINE, .color = t->table_rule, .x = x, .y = h,
                             .w = table_w, .line_width = PT(0.4)};
        } else if (r->next) {
            d[nd++] = (Deco){.kind = DECO_HLINE, .color = 0xb0b0b0, .x = x, .y = h,
                             .w = table_w, .line_width = PT(0.25)};
        } else {
            d[nd++] = (Deco){.kind = DECO_HLINE, .color = t->table_rule, .x = x, .y = h,
                             .w = table_w, .line_width = PT(0.8)};
        }
        Slice s = {.kind = SLICE_ROW, .height = h, .header = is_head ? -1 : header, .node = r,
                   .lines = ls, .n_lines = n_ls, .decos = d, .n_decos = nd, .on_grid = 1,
                   .keep_with_next = is_head};
        int idx = block_push(doc, &s);
        if (is_head)
            header = idx;
        free(cl);
        free(cn);
    }
    free(colx);
    free(colw);
    free(minw);
    free(maxw);
    free(cells);
}
