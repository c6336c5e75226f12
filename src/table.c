/*
 * table.c: GFM tables -> one SLICE_ROW per row.
 * Column widths from content, as in automatic table layout: each cell is
 * set once at an unlimited width (its widest natural line, maxw) and
 * measured for its widest unbreakable unit (minw: a Latin word, a number
 * with its unit as in "12 GB" or 「10 分」, in a header cell a katakana
 * word or a kanji compound of up to four, longer runs in pairs; between
 * other Japanese characters JLREQ's strict rules), from the glyph advances
 * of that natural layout. Columns get their natural widths when they fit;
 * else each its natural width up to a common cap, never under its minimum,
 * so the widest column wraps first (a column short of its natural width by
 * two ems or less takes them from the widest). When even the minimums do
 * not fit, the table's type goes to 90 % (the table's subtree styled again
 * from the theme scaled, as slides fit, and given back after); then it
 * runs into the margin by up to 5 % of the width, with a warning; beyond
 * that the columns stay at their minimums and it overflows, warned: never
 * a word broken. Cells are then set at their column's width; a row is as
 * tall as its tallest cell in whole body pitches, so the text after a
 * table stays on the line grid. Rows are never split; the header row is
 * repeated at the top of each page a table continues on (paginate.c, via
 * Slice.header). Rules: booktabs style. A caption (number.c: 「表1　…」)
 * goes above, as Japanese reports set a table's title, centred over the
 * table (over as much of the measure as it needs when it is wider), kept
 * with the header row.
 * Not done: spanning cells (GFM has none), rows taller than a page (set
 * overfull with a warning by paginate.c), breaks inside long paths and
 * URLs (the paragraph builder sets them whole), a centred table.
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "balance.h"
#include "block.h"
#include "diag.h"
#include "inline.h"
#include "layout_impl.h"
#include "jp_rules.h"
#include "limits.h"
#include "style.h"
#include "utf8.h"

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

/* --- the narrowest a cell may be: its longest unbreakable unit --- */

/* May a cell's line break before character i of cp[0..n)? Between
 * Japanese characters as JLREQ says (strict: no 」。、 ー small kana at a
 * line start); never inside a Latin word or number, nor between a number
 * and its unit (12 GB, 3.4GHz, 10 分, 50%); in a header cell, not inside a
 * katakana word nor inside a kanji compound (a run of up to four kanji,
 * longer runs in pairs: 「記号」 stays whole). Spaces part words. */
static bool
may_break(const uint32_t *cp, const JpClass *k, int n, int i, bool header, int run_at,
          int run_len)
{
    (void)n;
    JpClass a = k[i - 1], b = k[i];
    if (b == JP_SPACE || b == JP_IDSPACE) {
        /* "12 GB": the space inside a number and its unit */
        return !(a == JP_DIGIT && i + 1 < n
                 && (k[i + 1] == JP_LATIN || k[i + 1] == JP_IDEO || k[i + 1] == JP_POSTFIX));
    }
    if (a == JP_SPACE || a == JP_IDSPACE)
        return !(i >= 2 && k[i - 2] == JP_DIGIT
                 && (b == JP_LATIN || b == JP_IDEO || b == JP_POSTFIX));
    if (a == JP_DIGIT && (b == JP_IDEO || b == JP_POSTFIX || b == JP_LATIN))
        return false;
    if (header && a == JP_IDEO && b == JP_IDEO)
        return run_len > 4 && run_at % 2 == 0;
    if (header && (a == JP_KATAKANA || a == JP_PROLONG || a == JP_SMALL)
        && (b == JP_KATAKANA || b == JP_PROLONG || b == JP_SMALL))
        return false;
    return jp_break(cp[i - 1], cp[i], JP_STRICT) == JP_BREAK_YES;
}

/* The widest unit of the cell's natural lines: the advances of the glyphs
 * between two places where the line may break (may_break), glue included
 * (a little wide, never narrow). */
static Unit
widest_unit(const Line *lines, int n_lines, bool header)
{
    if (n_lines == 0 || !lines[0].text)
        return 0;
    const char *text = lines[0].text;
    int len = (int)strlen(text);
    if (len == 0)
        return 0;
    /* each character's advance, by its first byte */
    Unit *adv = xcalloc((size_t)len + 1, sizeof(Unit));
    for (int l = 0; l < n_lines; l++)
        for (int r = 0; r < lines[l].n_runs; r++) {
            const Run *run = &lines[l].runs[r];
            if (run->outline)
                continue;                  /* (ruby: text of its own) */
            int prev = 0;
            for (int g = 0; g < run->n_glyphs; g++) {
                int at = run_cluster(run, text, g, prev);
                prev = at;
                if (run->offset + at >= 0 && run->offset + at < len)
                    adv[run->offset + at] += run_advance(run, g);
            }
        }
    /* the characters, their classes and runs of kanji */
    uint32_t *cp = xmalloc(sizeof(uint32_t) * (size_t)len);
    JpClass *k = xmalloc(sizeof(JpClass) * (size_t)len);
    int *at = xmalloc(sizeof(int) * ((size_t)len + 1));
    int n = 0;
    for (int i = 0; i < len;) {
        at[n] = i;
        i += utf8_decode((const unsigned char *)text + i, (size_t)(len - i), &cp[n]);
        k[n] = jp_class(cp[n]);
        n++;
    }
    at[n] = len;
    /* each kanji's place in its run, and the run's length */
    int *run_at = xmalloc(sizeof(int) * ((size_t)n + 1)), *run_len = xmalloc(sizeof(int) * ((size_t)n + 1));
    for (int i = 0; i < n; i++)
        run_at[i] = k[i] == JP_IDEO && i > 0 && k[i - 1] == JP_IDEO ? run_at[i - 1] + 1 : 0;
    for (int i = n - 1; i >= 0; i--)
        run_len[i] = k[i] == JP_IDEO && i + 1 < n && k[i + 1] == JP_IDEO ? run_len[i + 1]
                                                                         : run_at[i] + 1;
    Unit widest = 0, cur = 0;
    for (int i = 0; i < n; i++) {
        bool brk = i > 0 && may_break(cp, k, n, i, header, run_at[i], run_len[i]);
        if (brk)
            cur = 0;
        if ((k[i] == JP_SPACE || k[i] == JP_IDSPACE) && (i == 0 || brk))
            continue;                      /* a space parts units (but in "12 GB") */
        for (int b = at[i]; b < at[i + 1]; b++)
            cur += adv[b];
        if (cur > widest)
            widest = cur;
    }
    free(run_at);
    free(run_len);
    free(cp);
    free(k);
    free(at);
    free(adv);
    return widest;
}

/* --- column widths --- */

/* Measure every cell at its current style: maxw, a column's widest
 * natural line; minw, its widest unbreakable unit. */
static void
measure(Doc *doc, const Node **cells, int nrows, int ncols, Unit *minw, Unit *maxw)
{
    memset(minw, 0, sizeof(Unit) * (size_t)ncols);
    memset(maxw, 0, sizeof(Unit) * (size_t)ncols);
    layout_state(doc)->measuring++;        /* trial layouts: overfull on purpose */
    for (int i = 0; i < nrows * ncols; i++) {
        if (!cells[i])
            continue;
        Line *lines;
        int n = inline_layout_block(doc, cells[i], 0, 0, &lines);
        Unit mx = widest_line(lines, n);
        Unit mn = widest_unit(lines, n, cells[i]->parent && cells[i]->parent->u.row.header);
        int col = i % ncols;
        if (mx > maxw[col])
            maxw[col] = mx;
        if (mn > minw[col])
            minw[col] = mn;
    }
    layout_state(doc)->measuring--;
}

/* The cells' lines laid out at another style are forgotten (the line cache
 * of a layout in passes knows cells by node and width only). */
static void
forget(Doc *doc, const Node **cells, int n)
{
    GHashTable *cache = layout_state(doc)->line_cache;
    for (int i = 0; cache && i < n; i++)
        if (cells[i])
            g_hash_table_remove(cache, cells[i]);
}

static int64_t
sum(const Unit *v, int n)
{
    int64_t s = 0;
    for (int i = 0; i < n; i++)
        s += v[i];
    return s;
}

/* Column widths in `avail` (at least the minimum widths' sum): each column
 * its natural width up to a cap T, never under its minimum; T the largest
 * that fits, so the widest columns wrap first and only they. A column
 * within `give` of its natural width gets it from the widest. */
static void
fill_columns(const Unit *minw, const Unit *maxw, int ncols, Unit avail, Unit give, Unit *colw)
{
    Unit lo = 0, hi = 0;
    for (int c = 0; c < ncols; c++)
        if (maxw[c] > hi)
            hi = maxw[c];
    while (lo < hi) {                      /* the largest cap that fits */
        Unit mid = lo + (hi - lo + 1) / 2;
        int64_t w = 0;
        for (int c = 0; c < ncols; c++)
            w += mid < minw[c] ? minw[c] : mid > maxw[c] ? maxw[c] : mid;
        if (w <= avail)
            lo = mid;
        else
            hi = mid - 1;
    }
    int widest = 0;
    for (int c = 0; c < ncols; c++) {
        colw[c] = lo < minw[c] ? minw[c] : lo > maxw[c] ? maxw[c] : lo;
        if (maxw[c] - colw[c] > maxw[widest] - colw[widest])
            widest = c;
    }
    int64_t left = avail - sum(colw, ncols);
    if (left > 0 && colw[widest] < maxw[widest])
        colw[widest] += (Unit)(left < maxw[widest] - colw[widest] ? left
                                                                   : maxw[widest] - colw[widest]);
    /* a column the cap would wrap for want of a little room (up to `give`)
     * takes it from the widest, as long as that keeps its minimum */
    for (int c = 0; c < ncols; c++) {
        Unit d = maxw[c] - colw[c];
        if (c != widest && d > 0 && d <= give && colw[widest] - d >= minw[widest]) {
            colw[c] += d;
            colw[widest] -= d;
        }
    }
}

/* The first row of a table: after its caption, if it has one. */
static const Node *
first_row(const Node *table)
{
    const Node *r = table->first;
    return r && r->type == NODE_CAPTION ? r->next : r;
}

/* The caption `cap` of a table `table_w` wide at x, in a measure `width`:
 * one unsplittable slice of balanced lines on whole body pitches, kept
 * with the table, centred over it or, wider, over as much of the measure
 * as it takes from the table's left edge. */
static void
push_caption(Doc *doc, const Node *table, const Node *cap, Unit x, Unit table_w, Unit width)
{
    Line *lines;
    int n = balance_layout_block(doc, cap, width, &lines);
    Unit box = width;
    if (n == 1 && lines[0].natural <= table_w)
        box = table_w;
    else if (n == 1)
        box = lines[0].natural;
    if (box != width)
        n = balance_layout_block(doc, cap, box, &lines);
    Unit pitch = doc->geom.pitch, cp = cap->style->pitch;
    Unit h = (cp * n + pitch - 1) / pitch * pitch;
    SliceLine *ls = arena_alloc(doc_pass_arena(doc), sizeof(SliceLine) * (size_t)n);
    for (int i = 0; i < n; i++)
        ls[i] = (SliceLine){.line = &lines[i], .x = x, .y = cp * i + block_baseline(cap->style,
                                                                                      cp)};
    const Caption *k = table->u.table.caption;
    Slice s = {.kind = SLICE_BLOCK, .height = h, .keep_with_next = 1, .header = -1,
               .node = cap, .dest = k ? k->dest : NULL, .lines = ls, .n_lines = n,
               .on_grid = 1};
    block_push(doc, &s);
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
    for (const Node *r = first_row(table); r; r = r->next)
        nrows++;
    const Node **cells = xcalloc((size_t)nrows * (size_t)ncols, sizeof(Node *));
    int ri = 0;
    for (const Node *r = first_row(table); r; r = r->next, ri++) {
        int ci = 0;
        for (const Node *c = r->first; c; c = c->next, ci++)
            if (ci < ncols)
                cells[ri * ncols + ci] = c;
        if (ci > table->u.table.ncols)
            diag_warn(doc, r->pos, "row has %d cells, expected %d; the extra cells are dropped",
                      ci, table->u.table.ncols);
    }
    Unit *minw = xcalloc((size_t)ncols, sizeof(Unit)), *maxw = xcalloc((size_t)ncols, sizeof(Unit));
    Unit *colw = xcalloc((size_t)ncols, sizeof(Unit));
    measure(doc, cells, nrows, ncols, minw, maxw);
    Unit em = t->cell.size, pad = em / 2;
    Unit avail = width - 2 * pad * ncols;
    /* the columns' minimum widths do not fit: the table's type at 90 %
     * (the subtree styled again from the theme scaled, as slides fit; the
     * theme's styles come back once the rows are set), then into the
     * margin by up to 5 % of the width, with a warning */
    bool shrunk = false;
    Theme small;
    if (sum(minw, ncols) > avail) {
        small = theme_scaled(t, 0.9);
        style_subtree(doc, (Node *)table, &small);   /* (taken back below) */
        forget(doc, cells, nrows * ncols);
        shrunk = true;
        measure(doc, cells, nrows, ncols, minw, maxw);
        em = small.cell.size;
        pad = em / 2;
        avail = width - 2 * pad * ncols;
        int64_t need = sum(minw, ncols);
        if (need > avail + width / 20) {
            diag_warn(doc, table->pos, "table is %.1f pt wider than the measure even at 90%% "
                      "type; it runs into the margin (shorten its longest words)",
                      pt_from_unit((Unit)(need - avail)));
            avail = (Unit)need;
        } else if (need > avail) {
            avail += width / 20;
            diag_warn(doc, table->pos, "table does not fit the measure even at 90%% type; it "
                      "runs up to %.1f pt into the margin", pt_from_unit(width / 20));
        }
    }
    for (int c = 0; c < ncols; c++) {
        if (maxw[c] < em)
            maxw[c] = em;
        if (minw[c] > maxw[c])
            minw[c] = maxw[c];
    }
    if (sum(maxw, ncols) <= avail)
        memcpy(colw, maxw, sizeof(Unit) * (size_t)ncols);
    else
        fill_columns(minw, maxw, ncols, avail, 2 * em, colw);
    Unit *colx = xcalloc((size_t)ncols + 1, sizeof(Unit));
    colx[0] = x;
    for (int c = 0; c < ncols; c++)
        colx[c + 1] = colx[c] + colw[c] + 2 * pad;
    Unit table_w = colx[ncols] - x;
    Unit pitch = doc->geom.pitch;
    const Node *cap = table->first && table->first->type == NODE_CAPTION ? table->first : NULL;
    if (cap) {
        if (shrunk)                        /* (its type stays the theme's) */
            style_subtree(doc, (Node *)cap, t);
        push_caption(doc, table, cap, x, table_w, width);
    }
    int header = -1;
    ri = 0;
    for (const Node *r = first_row(table); r; r = r->next, ri++) {
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
    if (shrunk) {
        style_subtree(doc, (Node *)table, t);
        forget(doc, cells, nrows * ncols);
    }
    free(colx);
    free(colw);
    free(minw);
    free(maxw);
    free(cells);
}
