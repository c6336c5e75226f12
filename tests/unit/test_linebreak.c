/*
 * test_linebreak.c: total-fit and first-fit line breaking and glue setting
 * (linebreak.h) on item lists built by hand. Widths are made up: a box of
 * EM = 10 pt stands for one full-width character.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "linebreak.h"

#define EM (1024 * 10)                     /* one 10 pt em, in Unit */

/* --- building item lists --- */

typedef struct List { Item *v; int n, cap; } List;

static int
add(List *l, Item it)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        l->v = realloc(l->v, (size_t)l->cap * sizeof(Item));
        assert_non_null(l->v);
    }
    l->v[l->n] = it;
    return l->n++;
}

static int
add_box(List *l, Unit w)
{
    return add(l, (Item){.type = ITEM_BOX, .width = w, .cluster = l->n});
}

static int
add_glue(List *l, Unit w, Unit stretch, Unit shrink)
{
    return add(l, (Item){.type = ITEM_GLUE, .width = w, .stretch = stretch, .shrink = shrink,
                         .cluster = -1});
}

static int
add_penalty(List *l, int p, Unit w, int flagged)
{
    return add(l, (Item){.type = ITEM_PENALTY, .penalty = (int16_t)p, .width = w,
                         .flagged = (uint8_t)flagged, .cluster = -1});
}

/* Glue with stretch priority `prio` that may take `cap`/1024 of its stretch. */
static int
add_glue_prio(List *l, Unit w, Unit stretch, Unit shrink, int prio, int cap)
{
    int g = add_glue(l, w, stretch, shrink);
    l->v[g].stretch_prio = (uint8_t)prio;
    l->v[g].shrink_prio = (uint8_t)prio;
    l->v[g].stretch_cap = (uint16_t)cap;
    return g;
}

/* The end of a paragraph, as inline.c makes it: a filler and a forced break. */
static int
add_end(List *l)
{
    add_penalty(l, PENALTY_INF, 0, false);
    add_glue(l, 0, STRETCH_FIL, 0);
    return add_penalty(l, PENALTY_FORCE, 0, false);
}

/* n equal boxes of one em with zero-width glue of `stretch` between them;
 * glue_after[k] gets the index of the glue after box k (or -1). */
static void
equal_boxes(List *l, int n, Unit stretch, int *glue_after)
{
    for (int k = 0; k < n; k++) {
        add_box(l, EM);
        int g = k + 1 < n ? add_glue(l, 0, stretch, 0) : -1;
        if (glue_after)
            glue_after[k] = g;
    }
    add_end(l);
}

static void
check_breaks(const int *got, int n_got, const int *want, int n_want)
{
    if (n_got != n_want)
        fail_msg("%d breaks, want %d", n_got, n_want);
    for (int i = 0; i < n_want; i++)
        if (got[i] != want[i])
            fail_msg("break %d at item %d, want %d", i, got[i], want[i]);
}

/* Boxes per line for a break set. */
static int
boxes_in(const List *l, int start, int brk)
{
    int n = 0;
    for (int i = start; i < brk; i++)
        n += l->v[i].type == ITEM_BOX;
    return n;
}

/* --- legality and line starts --- */

static void
test_is_legal(void **state)
{
    (void)state;
    List l = {0};
    int b0 = add_box(&l, EM);
    int g1 = add_glue(&l, 0, 100, 0);              /* after a box: legal */
    int g2 = add_glue(&l, 0, 100, 0);              /* after glue: not */
    int b3 = add_box(&l, EM);
    int p4 = add_penalty(&l, PENALTY_INF, 0, false);
    int g5 = add_glue(&l, 0, 100, 0);              /* after a penalty: not */
    int b6 = add_box(&l, EM);
    int p7 = add_penalty(&l, 0, 0, false);
    int p8 = add_penalty(&l, PENALTY_INF - 1, 0, false);
    int p9 = add_penalty(&l, -500, 0, false);
    int p10 = add_penalty(&l, PENALTY_FORCE, 0, false);
    assert_false(linebreak_is_legal(l.v, b0));
    assert_true(linebreak_is_legal(l.v, g1));
    assert_false(linebreak_is_legal(l.v, g2));
    assert_false(linebreak_is_legal(l.v, b3));
    assert_false(linebreak_is_legal(l.v, p4));
    assert_false(linebreak_is_legal(l.v, g5));
    assert_false(linebreak_is_legal(l.v, b6));
    assert_true(linebreak_is_legal(l.v, p7));
    assert_true(linebreak_is_legal(l.v, p8));
    assert_true(linebreak_is_legal(l.v, p9));
    assert_true(linebreak_is_legal(l.v, p10));
    /* a glue opening the list has no box before it */
    List m = {0};
    add_glue(&m, EM, 0, 0);
    add_box(&m, EM);
    assert_false(linebreak_is_legal(m.v, 0));
    free(m.v);
    free(l.v);
}

static void
test_next_start(void **state)
{
    (void)state;
    List l = {0};
    add_box(&l, EM);                               /* 0 */
    add_glue(&l, 0, 10, 0);                        /* 1: break here */
    add_penalty(&l, 0, 0, false);                  /* 2 */
    add_glue(&l, EM / 4, 10, 0);                   /* 3 */
    add_penalty(&l, PENALTY_INF, 0, false);        /* 4 */
    add_box(&l, EM);                               /* 5: next line starts here */
    add_penalty(&l, 50, 0, false);                 /* 6: break here */
    add_box(&l, EM);                               /* 7 */
    add_glue(&l, 0, 10, 0);                        /* 8: break here */
    add_glue(&l, 0, STRETCH_FIL, 0);               /* 9 */
    add_penalty(&l, PENALTY_FORCE, 0, false);      /* 10: a forced break is kept */
    assert_int_equal(linebreak_next_start(l.v, l.n, 1), 5);
    assert_int_equal(linebreak_next_start(l.v, l.n, 2), 5);
    assert_int_equal(linebreak_next_start(l.v, l.n, 6), 7);
    assert_int_equal(linebreak_next_start(l.v, l.n, 8), 10);
    assert_int_equal(linebreak_next_start(l.v, l.n, 10), 11);   /* the end */
    free(l.v);
}

static void
test_measure(void **state)
{
    (void)state;
    List l = {0};
    add_box(&l, 3 * EM);
    add_glue(&l, EM / 3, EM / 6, EM / 9);
    add_box(&l, 2 * EM);
    add_penalty(&l, 50, EM / 2, true);             /* a hyphen if broken here */
    add_box(&l, EM);
    add_glue(&l, EM / 3, EM / 6, EM / 9);
    add_box(&l, EM);
    Unit w, y, z;
    linebreak_measure(l.v, 0, 3, &w, &y, &z);      /* broken at the penalty */
    assert_int_equal(w, 5 * EM + EM / 3 + EM / 2);
    assert_int_equal(y, EM / 6);
    assert_int_equal(z, EM / 9);
    linebreak_measure(l.v, 0, 5, &w, &y, &z);      /* the penalty mid-line costs nothing */
    assert_int_equal(w, 6 * EM + EM / 3);
    linebreak_measure(l.v, 0, 6, &w, &y, &z);      /* up to the last box, not including it */
    assert_int_equal(w, 6 * EM + 2 * (EM / 3));
    assert_int_equal(y, 2 * (EM / 6));
    assert_int_equal(z, 2 * (EM / 9));
    free(l.v);
}

/* --- total fit --- */

static void
test_total_fit_equal_boxes(void **state)
{
    (void)state;
    List l = {0};
    int glue_after[45];
    equal_boxes(&l, 45, EM / 10, glue_after);
    int *breaks = malloc(sizeof(int) * (size_t)l.n);
    int n = linebreak_total_fit(l.v, l.n, 20 * EM, 2.0, breaks);
    const int want[] = {glue_after[19], glue_after[39], l.n - 1};
    check_breaks(breaks, n, want, 3);
    /* 20, 20, 5 boxes */
    int s = 0;
    const int per_line[] = {20, 20, 5};
    for (int k = 0; k < n; k++) {
        assert_int_equal(boxes_in(&l, s, breaks[k]), per_line[k]);
        s = linebreak_next_start(l.v, l.n, breaks[k]);
    }
    /* first fit agrees on this one */
    n = linebreak_first_fit(l.v, l.n, 20 * EM, breaks);
    check_breaks(breaks, n, want, 3);
    free(breaks);
    free(l.v);
}

/* A forbidden junction (PENALTY_INF before the glue, as inline.c writes a
 * kinsoku pair) after box 19: the first line can only take 19 boxes. */
static void
test_total_fit_forbidden_junction(void **state)
{
    (void)state;
    List l = {0};
    int glue_after[45];
    for (int k = 0; k < 45; k++) {
        add_box(&l, EM);
        if (k + 1 == 45) {
            glue_after[k] = -1;
            break;
        }
        if (k == 19)
            add_penalty(&l, PENALTY_INF, 0, false);
        glue_after[k] = add_glue(&l, 0, EM / 10, 0);
    }
    add_end(&l);
    assert_false(linebreak_is_legal(l.v, glue_after[19]));
    int *breaks = malloc(sizeof(int) * (size_t)l.n);
    int n = linebreak_total_fit(l.v, l.n, 20 * EM, 2.0, breaks);
    const int want[] = {glue_after[18], glue_after[38], l.n - 1};
    check_breaks(breaks, n, want, 3);
    n = linebreak_first_fit(l.v, l.n, 20 * EM, breaks);
    check_breaks(breaks, n, want, 3);
    free(breaks);
    free(l.v);
}

static void
test_total_fit_box_wider_than_measure(void **state)
{
    (void)state;
    List l = {0};
    add_box(&l, EM);
    int g1 = add_glue(&l, EM / 3, EM / 6, EM / 9);
    add_box(&l, EM);
    int g3 = add_glue(&l, EM / 3, EM / 6, EM / 9);
    int wide = add_box(&l, 25 * EM);
    int g5 = add_glue(&l, EM / 3, EM / 6, EM / 9);
    add_box(&l, EM);
    add_glue(&l, EM / 3, EM / 6, EM / 9);
    add_box(&l, EM);
    add_end(&l);
    (void)g1;
    int breaks[32];
    assert_int_equal(linebreak_total_fit(l.v, l.n, 20 * EM, 2.0, breaks), -1);
    assert_int_equal(linebreak_total_fit(l.v, l.n, 20 * EM, 1000.0, breaks), -1);
    /* a line that cannot shrink enough is not ragged: still no fit */
    assert_int_equal(linebreak_total_fit(l.v, l.n, 20 * EM, LINEBREAK_RAGGED, breaks), -1);
    /* first fit never fails: the wide box gets a line of its own */
    int n = linebreak_first_fit(l.v, l.n, 20 * EM, breaks);
    const int want[] = {g3, g5, l.n - 1};
    check_breaks(breaks, n, want, 3);
    assert_int_equal(linebreak_next_start(l.v, l.n, breaks[0]), wide);
    Unit w, y, z;
    linebreak_measure(l.v, wide, breaks[1], &w, &y, &z);
    assert_true(w > 20 * EM);                      /* overfull, alone */
    free(l.v);
}

/* The classic case: first fit sets the first line exactly and leaves the
 * second very loose (r = 2); total fit takes a word less on the first line
 * (r = 1) and gets a perfect second line. Measure 10 em; word widths in em
 * 2 2 2 1 5 2 5; interword glue 1 em, stretch 1 em, shrink 1/3 em.
 *   first fit: [2 2 2 1] [5 2]     [5]   demerits 100 + 656100 + 3000 + 100
 *   total fit: [2 2 2]   [1 5 2]   [5]   demerits 12100 + 100 + 100 */
static void
test_total_fit_beats_first_fit(void **state)
{
    (void)state;
    static const int words[] = {2, 2, 2, 1, 5, 2, 5};
    List l = {0};
    int glue_after[7];
    for (int k = 0; k < 7; k++) {
        add_box(&l, words[k] * EM);
        glue_after[k] = k < 6 ? add_glue(&l, EM, EM, EM / 3) : -1;
    }
    add_end(&l);
    int breaks[32];
    int n = linebreak_first_fit(l.v, l.n, 10 * EM, breaks);
    const int want_ff[] = {glue_after[3], glue_after[5], l.n - 1};
    check_breaks(breaks, n, want_ff, 3);

    n = linebreak_total_fit(l.v, l.n, 10 * EM, 2.0, breaks);
    const int want_tf[] = {glue_after[2], glue_after[5], l.n - 1};
    check_breaks(breaks, n, want_tf, 3);

    /* and both non-final lines of the total fit are justified exactly */
    Unit glue[32];
    int s = 0;
    for (int k = 0; k < 2; k++) {
        Unit set = linebreak_set_glue(l.v, s, breaks[k], 10 * EM, true, glue);
        assert_int_equal(set, 10 * EM);
        s = linebreak_next_start(l.v, l.n, breaks[k]);
    }
    free(l.v);
}

/* The last line of a first fit holding one box alone is found, and takes
 * the unit before it from the line above; a forced break before it, or a
 * last line of two boxes, is left as it is. */
static void
test_last_alone_pulled(void **state)
{
    (void)state;
    List l = {0};
    int glue_after[6];
    for (int k = 0; k < 6; k++) {          /* six 2-em boxes in a 10-em measure */
        add_box(&l, 2 * EM);
        glue_after[k] = k < 5 ? add_glue(&l, 0, 0, 0) : -1;
    }
    add_end(&l);
    int breaks[32];
    int n = linebreak_first_fit(l.v, l.n, 10 * EM, breaks);
    assert_int_equal(n, 2);
    assert_int_equal(breaks[0], glue_after[4]);
    int alone = linebreak_last_alone(l.v, l.n, breaks, n);
    assert_int_equal(alone, glue_after[4] + 1);
    linebreak_pull_last(l.v, l.n, 10 * EM, breaks, n);
    assert_int_equal(breaks[0], glue_after[3]);
    assert_int_equal(linebreak_last_alone(l.v, l.n, breaks, n), -1);
    free(l.v);
}

/* A hyphenation-like penalty is taken when it balances the lines, and its
 * width counts on the line that ends there. */
static void
test_total_fit_penalty_break(void **state)
{
    (void)state;
    List l = {0};
    /* "aaaa bbbb cc-cc dddd" in em, measure 12 em, glue 1 em +-1/2 */
    add_box(&l, 4 * EM);
    add_glue(&l, EM, EM / 2, EM / 2);
    add_box(&l, 4 * EM);
    add_glue(&l, EM, EM / 2, EM / 2);
    add_box(&l, 2 * EM);
    int hy = add_penalty(&l, 50, EM, true);
    add_box(&l, 2 * EM);
    add_glue(&l, EM, EM / 2, EM / 2);
    add_box(&l, 4 * EM);
    add_end(&l);
    int breaks[32];
    int n = linebreak_total_fit(l.v, l.n, 12 * EM, 2.0, breaks);
    /* 4+1+4+1+2+1 = 13 em shrinks by 1 em on two glues: r = -1, the limit */
    assert_int_equal(n, 2);
    assert_int_equal(breaks[0], hy);
    Unit glue[32];
    Unit set = linebreak_set_glue(l.v, 0, hy, 12 * EM, true, glue);
    assert_int_equal(set, 12 * EM);
    assert_int_equal(glue[1], EM / 2);
    assert_int_equal(glue[3], EM / 2);
    free(l.v);
}

/* --- total fit against an exhaustive search --- */

static int
fitness_class(double r)
{
    return r < -0.5 ? 0 : r <= 0.5 ? 1 : r <= 1.0 ? 2 : 3;
}

/* The room of the line [s, b) at tolerance tol, summed here by hand: each
 * glue's limit (its stretch_cap of its stretch), and from a tolerance of 2
 * the stretch again of glue of priority 1 and 2. */
static double
room_of(const Item *it, int s, int b, double tol)
{
    double room = 0;
    for (int i = s; i < b; i++) {
        const Item *x = &it[i];
        if (x->type != ITEM_GLUE)
            continue;
        if (x->stretch >= STRETCH_FIL) {
            room += x->stretch;            /* a last line's filler */
            continue;
        }
        room += x->stretch_cap ? (double)((int64_t)x->stretch * x->stretch_cap / 1024)
                               : x->stretch;
        if (tol >= 2 && x->stretch > 0 && x->stretch_prio >= 1 && x->stretch_prio <= 2)
            room += x->stretch;
    }
    return room;
}

/* Adjustment ratio of the line [s, b), as Knuth and Plass define it, and
 * +infinity when it needs more than its room (linebreak.h). */
static double
ratio_of(const Item *it, int s, int b, Unit width, double tol)
{
    Unit w, y, z;
    if (s > b)
        s = b;
    linebreak_measure(it, s, b, &w, &y, &z);
    if (w < width)
        return y > 0 && width - w <= room_of(it, s, b, tol) ? (double)(width - w) / y
                                                             : INFINITY;
    if (w > width)
        return z > 0 ? (double)(width - w) / z : -INFINITY;
    return 0;
}

static double
line_demerits(const Item *it, int s, int prev, int b, double r0, int fc_prev, Unit width)
{
    double r = r0 > 0 ? r0 * LINEBREAK_STRETCH_COST : r0;   /* stretching costs more */
    double bad = fmin(100.0 * fabs(r) * fabs(r) * fabs(r), 10000.0);
    double d = (10 + bad) * (10 + bad);
    if (r0 == INFINITY) {                  /* ragged: how short, over the measure */
        Unit w, y, z;
        linebreak_measure(it, s, b, &w, &y, &z);
        double sh = (double)(width - w) / width;
        d = LINEBREAK_RAGGED_COST * (1 + LINEBREAK_RAGGED_SHORT * sh * sh);
    }
    const Item *x = &it[b];
    if (x->type == ITEM_PENALTY && x->penalty > 0)
        d += (double)x->penalty * x->penalty;
    else if (x->type == ITEM_PENALTY && x->penalty > PENALTY_FORCE)
        d -= (double)x->penalty * x->penalty;
    if (x->flagged && prev >= 0 && it[prev].flagged)
        d += 3000;
    if (abs(fitness_class(r) - fc_prev) > 1)
        d += 3000;
    if (fitness_class(r) == 3)
        d += LINEBREAK_VERY_LOOSE;
    return d;
}

/* Is item b a hyphenated line end? A forced break? */
static bool
hyphenated_at(const Item *it, int b)
{
    return it[b].type == ITEM_PENALTY && it[b].flagged == FLAG_HYPHENATED;
}

static bool
forced_at(const Item *it, int b)
{
    return it[b].type == ITEM_PENALTY && it[b].penalty <= PENALTY_FORCE;
}

/* Demerits of a given break set; INFINITY if a line is not feasible (past
 * the tolerance or its room, a third hyphenated line in a row, a line after
 * a hyphenated one ending at a forced break). */
static double
demerits_of(const Item *it, int n, const int *breaks, int count, Unit width, double tol)
{
    double total = 0;
    int prev = -1, fc = 1, hy = 0;
    for (int k = 0; k < count; k++) {
        int s = prev < 0 ? 0 : linebreak_next_start(it, n, prev);
        double r = ratio_of(it, s, breaks[k], width, tol);
        if (r < -1 || r > tol)
            return INFINITY;
        if (forced_at(it, breaks[k]) && hy > 0)
            return INFINITY;
        hy = hyphenated_at(it, breaks[k]) ? hy + 1 : 0;
        if (hy > LINEBREAK_MAX_HYPHENS)
            return INFINITY;
        total += line_demerits(it, s, prev, breaks[k], r, fc, width);
        fc = fitness_class(r > 0 ? r * LINEBREAK_STRETCH_COST : r);
        prev = breaks[k];
    }
    return total;
}

/* Minimum demerits by dynamic programming over (breakpoint, fitness class,
 * hyphenated lines in a row), every breakpoint against every earlier one:
 * no active list, no cap. */
#define HY (LINEBREAK_MAX_HYPHENS + 1)
static double
best_demerits(const Item *it, int n, Unit width, double tol)
{
    double *best = malloc(sizeof(double) * 4 * HY * (size_t)(n + 1));
    for (int i = 0; i < 4 * HY * (n + 1); i++)
        best[i] = INFINITY;
    best[(0 * 4 + 1) * HY] = 0;            /* slot 0 = the paragraph start */
    for (int b = 0; b < n; b++) {
        if (!linebreak_is_legal(it, b))
            continue;
        for (int p = -1; p < b; p++) {
            if (p >= 0 && !linebreak_is_legal(it, p))
                continue;
            /* no line may run over a forced break */
            bool crosses = false;
            for (int q = p + 1; q < b; q++)
                if (it[q].type == ITEM_PENALTY && it[q].penalty <= PENALTY_FORCE)
                    crosses = true;
            if (crosses)
                continue;
            int s = p < 0 ? 0 : linebreak_next_start(it, n, p);
            double r = ratio_of(it, s, b, width, tol);
            if (r < -1 || r > tol)
                continue;
            for (int fc = 0; fc < 4; fc++)
                for (int h = 0; h < HY; h++) {
                    double d0 = best[((p + 1) * 4 + fc) * HY + h];
                    if (d0 == INFINITY || (forced_at(it, b) && h > 0))
                        continue;
                    int nh = hyphenated_at(it, b) ? h + 1 : 0;
                    if (nh >= HY)
                        continue;
                    double d = d0 + line_demerits(it, s, p, b, r, fc, width);
                    double rr = r > 0 ? r * LINEBREAK_STRETCH_COST : r;
                    double *slot = &best[((b + 1) * 4 + fitness_class(rr)) * HY + nh];
                    if (d < *slot)
                        *slot = d;
                }
        }
    }
    double m = INFINITY;
    for (int k = 0; k < 4 * HY; k++)
        m = fmin(m, best[n * 4 * HY + k]);
    free(best);
    return m;
}

static uint32_t rng = 2024;

static int
rand_int(int lo, int hi)
{
    rng = rng * 1664525u + 1013904223u;
    return lo + (int)((rng >> 8) % (uint32_t)(hi - lo + 1));
}

/* Random paragraphs against the exhaustive search: glue of every priority,
 * some allowed only part of its stretch, hyphen-like and hyphenated breaks
 * (no more than two hyphenated lines in a row, never before the last line),
 * tolerances within the limits, with the extra, and ragged. */
static void
test_total_fit_is_optimal(void **state)
{
    (void)state;
    int checked = 0, ragged = 0;
    static const double tols[] = {1.0, 2.0, 10.0, LINEBREAK_RAGGED};
    for (int round = 0; round < 1200; round++) {
        List l = {0};
        int words = rand_int(3, 11);
        for (int k = 0; k < words; k++) {
            add_box(&l, rand_int(EM / 2, 5 * EM));
            if (k + 1 < words) {
                if (rand_int(0, 3) == 0)   /* now and then a hyphenation point */
                    add_penalty(&l, 50, EM / 3, rand_int(1, 2));
                add_box(&l, rand_int(EM / 4, 2 * EM));
                add_glue_prio(&l, EM / 3, rand_int(0, EM / 2), rand_int(0, EM / 6),
                              rand_int(0, 4), rand_int(0, 1) ? 0 : rand_int(256, 1023));
            }
        }
        add_end(&l);
        Unit width = rand_int(6 * EM, 14 * EM);
        double tol = tols[rand_int(0, 3)];
        int *breaks = malloc(sizeof(int) * (size_t)l.n);
        int n = linebreak_total_fit(l.v, l.n, width, tol, breaks);
        double want = best_demerits(l.v, l.n, width, tol);
        if (want == INFINITY) {
            if (n != -1)
                fail_msg("round %d: %d lines, but no feasible break set exists", round, n);
        } else {
            if (n < 1)
                fail_msg("round %d: no result, best demerits %.1f", round, want);
            assert_int_equal(breaks[n - 1], l.n - 1);
            double got = demerits_of(l.v, l.n, breaks, n, width, tol);
            if (fabs(got - want) > 1e-6 * fmax(1.0, want))
                fail_msg("round %d: demerits %.3f, best %.3f", round, got, want);
            checked++;
            ragged += want >= LINEBREAK_RAGGED_COST;
        }
        free(breaks);
        free(l.v);
    }
    /* (1,200 rounds: some 400 with a solution, 290 of them with a ragged line) */
    assert_true(checked - ragged > 60);
    assert_true(ragged > 150);
}

/* Hyphenation limits. Words of 3.5 + 5.5 em with a hyphenation point
 * between the parts, 1 em spaces that neither stretch nor shrink, a 10 em
 * measure: the only lines that fill it are "5.5 _ 3.5-", each ending
 * hyphenated. With the limits: two hyphenated lines, then ragged lines (a
 * whole word, 9 em), and the last line never starts with the rest of a
 * word; the same items with hyphen-like flags (an explicit hyphen, no
 * limit) take a hyphen at every line end, so the limit is what stops them. */
static int
hyphen_run(const List *l, const int *breaks, int n, int *longest)
{
    int run = 0, used = 0;
    *longest = 0;
    for (int k = 0; k < n; k++) {
        bool hy = l->v[breaks[k]].type == ITEM_PENALTY && l->v[breaks[k]].penalty == 50;
        run = hy ? run + 1 : 0;
        used += hy;
        if (run > *longest)
            *longest = run;
    }
    return used;
}

static void
test_hyphenation_limits(void **state)
{
    (void)state;
    for (int flag = FLAG_HYPHEN_LIKE; flag <= FLAG_HYPHENATED; flag++) {
        List l = {0};
        add_box(&l, 11 * EM / 2);
        for (int k = 0; k < 12; k++) {
            add_glue(&l, EM, 0, 0);
            add_box(&l, 7 * EM / 2);
            add_penalty(&l, 50, 0, flag);
            add_box(&l, 11 * EM / 2);
        }
        add_end(&l);
        int *breaks = malloc(sizeof(int) * (size_t)l.n);
        int n = linebreak_total_fit(l.v, l.n, 10 * EM, LINEBREAK_RAGGED, breaks);
        assert_true(n > 4);
        int longest, used = hyphen_run(&l, breaks, n, &longest);
        if (flag == FLAG_HYPHENATED) {
            assert_true(used >= 2);
            assert_int_equal(longest, LINEBREAK_MAX_HYPHENS);
            assert_false(hyphenated_at(l.v, breaks[n - 2]));
            /* the lines between are set short, never spread */
            Unit glue[64];
            int ragged = 0;
            for (int k = 0, s = 0; k + 1 < n; k++) {
                Unit set = linebreak_set_glue(l.v, s, breaks[k], 10 * EM, true, glue);
                assert_true(set <= 10 * EM);
                ragged += set < 10 * EM;
                s = linebreak_next_start(l.v, l.n, breaks[k]);
            }
            assert_true(ragged >= 1);
            /* and without ragged lines there is no way at all */
            assert_int_equal(linebreak_total_fit(l.v, l.n, 10 * EM, 2.0, breaks), -1);
        } else {
            assert_int_equal(used, n - 1);
            assert_true(longest > LINEBREAK_MAX_HYPHENS);
        }
        free(breaks);
        free(l.v);
    }
}

/* --- first fit --- */

static void
test_first_fit_forced_breaks(void **state)
{
    (void)state;
    List l = {0};
    add_box(&l, EM);
    add_glue(&l, 0, EM / 10, 0);
    add_box(&l, EM);
    add_penalty(&l, PENALTY_INF, 0, false);        /* a hard line break mid-paragraph */
    add_glue(&l, 0, STRETCH_FIL, 0);
    int hard = add_penalty(&l, PENALTY_FORCE, 0, false);
    add_box(&l, EM);
    add_end(&l);
    int breaks[16];
    int n = linebreak_first_fit(l.v, l.n, 20 * EM, breaks);
    const int want[] = {hard, l.n - 1};
    check_breaks(breaks, n, want, 2);
    n = linebreak_total_fit(l.v, l.n, 20 * EM, 2.0, breaks);
    check_breaks(breaks, n, want, 2);
    free(l.v);
}

/* --- glue setting --- */

static Unit
sum_line(const List *l, int start, int brk, const Unit *glue)
{
    int64_t sum = 0;
    for (int i = start; i < brk; i++)
        sum += l->v[i].type == ITEM_BOX ? l->v[i].width : glue[i - start];
    if (l->v[brk].type == ITEM_PENALTY)
        sum += l->v[brk].width;
    return (Unit)sum;
}

static void
test_set_glue_stretch_exact(void **state)
{
    (void)state;
    List l = {0};
    /* stretches that do not divide the gap evenly */
    static const Unit stretch[] = {3, 7, 11, 1, 13, 5, 17, 2};
    for (int k = 0; k < 9; k++) {
        add_box(&l, EM + k);
        if (k < 8)
            add_glue(&l, EM / 4, stretch[k] * 97, EM / 8);
    }
    int brk = add_penalty(&l, 0, 0, false);
    add_end(&l);
    Unit glue[64];
    Unit natural, y, z;
    linebreak_measure(l.v, 0, brk, &natural, &y, &z);
    for (Unit width = natural + 1; width <= natural + y; width += 1237) {
        Unit set = linebreak_set_glue(l.v, 0, brk, width, true, glue);
        assert_int_equal(set, width);
        assert_int_equal(sum_line(&l, 0, brk, glue), width);
        for (int i = 0; i < brk; i++) {
            if (l.v[i].type != ITEM_GLUE) {
                assert_int_equal(glue[i], 0);
                continue;
            }
            /* each glue grows, by about its share */
            assert_true(glue[i] >= l.v[i].width);
            double share = (double)(width - natural) * l.v[i].stretch / y;
            assert_true(fabs(glue[i] - l.v[i].width - share) <= 1.0);
        }
    }
    /* not justified: natural widths */
    Unit set = linebreak_set_glue(l.v, 0, brk, natural + 5000, false, glue);
    assert_int_equal(set, natural);
    assert_int_equal(sum_line(&l, 0, brk, glue), natural);
    free(l.v);
}

static void
test_set_glue_shrink_limit(void **state)
{
    (void)state;
    List l = {0};
    for (int k = 0; k < 6; k++) {
        add_box(&l, EM);
        if (k < 5)
            add_glue(&l, EM / 3, EM / 6, (Unit)(EM / 9 + k));
    }
    int brk = add_penalty(&l, 0, EM / 3, true);    /* a hyphen at the end */
    add_end(&l);
    Unit glue[64];
    Unit natural, y, z;
    linebreak_measure(l.v, 0, brk, &natural, &y, &z);
    /* within the shrink: exact */
    for (Unit width = natural - z; width < natural; width += 333) {
        Unit set = linebreak_set_glue(l.v, 0, brk, width, true, glue);
        assert_int_equal(set, width);
        assert_int_equal(sum_line(&l, 0, brk, glue), width);
        for (int i = 0; i < brk; i++)
            if (l.v[i].type == ITEM_GLUE)
                assert_true(glue[i] <= l.v[i].width && glue[i] >= l.v[i].width - l.v[i].shrink);
    }
    /* beyond it: shrunk to the limit, not further */
    Unit set = linebreak_set_glue(l.v, 0, brk, natural - z - 5 * EM, true, glue);
    assert_int_equal(set, natural - z);
    assert_int_equal(sum_line(&l, 0, brk, glue), natural - z);
    for (int i = 0; i < brk; i++)
        if (l.v[i].type == ITEM_GLUE)
            assert_int_equal(glue[i], l.v[i].width - l.v[i].shrink);
    free(l.v);
}

static void
test_set_glue_no_glue(void **state)
{
    (void)state;
    List l = {0};
    add_box(&l, 3 * EM);
    add_glue(&l, 0, 0, 0);                         /* rigid */
    add_box(&l, 3 * EM);
    int brk = add_penalty(&l, 0, 0, false);
    add_end(&l);
    Unit glue[8];
    assert_int_equal(linebreak_set_glue(l.v, 0, brk, 20 * EM, true, glue), 6 * EM);
    assert_int_equal(linebreak_set_glue(l.v, 0, brk, 2 * EM, true, glue), 6 * EM);
    assert_int_equal(glue[1], 0);
    free(l.v);
}

/* --- a long paragraph --- */

static void
test_long_paragraph(void **state)
{
    (void)state;
    enum { N_BOXES = 200000 };
    List l = {0};
    equal_boxes(&l, N_BOXES, EM / 10, NULL);
    int *breaks = malloc(sizeof(int) * (size_t)l.n);
    int n = linebreak_total_fit(l.v, l.n, 20 * EM, 2.0, breaks);
    assert_int_equal(n, N_BOXES / 20);
    int s = 0;
    for (int k = 0; k < n; k++) {
        if (boxes_in(&l, s, breaks[k]) != 20)
            fail_msg("line %d has %d boxes", k, boxes_in(&l, s, breaks[k]));
        s = linebreak_next_start(l.v, l.n, breaks[k]);
    }
    n = linebreak_first_fit(l.v, l.n, 20 * EM, breaks);
    assert_int_equal(n, N_BOXES / 20);
    free(breaks);
    free(l.v);
}

/* A paragraph set in two parts (inline.c's windows of a huge paragraph):
 * the part after any break of the whole paragraph's total fit, its first
 * line following that break's line (linebreak_line_before), breaks where
 * the whole paragraph's fit does. Words of 1 to 3 ems on a 12 em measure,
 * some ending in a flagged (hyphen-like) penalty: from a fresh start
 * ({1, false, 0}) the parts after several breaks would break elsewhere. */
static void
test_total_fit_after(void **state)
{
    (void)state;
    List l = {0};
    unsigned seed = 4;
    for (int k = 0; k < 300; k++) {
        seed = seed * 1103515245u + 12345u;
        add_box(&l, (Unit)(1 + (seed >> 16) % 3) * EM);
        if ((seed >> 8) % 5 == 0)
            add_penalty(&l, 50, 0, true);
        add_glue_prio(&l, EM / 2, EM / 2, EM / 6, 1, 0);   /* word spaces: the extra too */
    }
    l.n--;                                 /* (no glue at the end) */
    add_end(&l);
    Unit width = 12 * EM;
    int *whole = malloc(sizeof(int) * (size_t)l.n), *part = malloc(sizeof(int) * (size_t)l.n);
    int n = linebreak_total_fit(l.v, l.n, width, 2.0, whole);
    assert_true(n > 10);
    for (int k = 0; k + 1 < n; k++) {
        int line_start = k ? linebreak_next_start(l.v, l.n, whole[k - 1]) : 0;
        LineBefore before = linebreak_line_before(l.v, line_start, whole[k], width);
        int s = linebreak_next_start(l.v, l.n, whole[k]);
        int m = linebreak_total_fit_after(l.v + s, l.n - s, width, 2.0, before, part);
        if (m != n - k - 1)
            fail_msg("after break %d: %d lines, want %d", k, m, n - k - 1);
        for (int j = 0; j < m; j++)
            if (part[j] + s != whole[k + 1 + j])
                fail_msg("after break %d: break %d at %d, want %d", k, j, part[j] + s,
                         whole[k + 1 + j]);
    }
    /* from a paragraph start: the same as linebreak_total_fit */
    n = linebreak_total_fit_after(l.v, l.n, width, 2.0, (LineBefore){1, false, 0}, part);
    for (int j = 0; j < n; j++)
        assert_int_equal(part[j], whole[j]);
    free(whole);
    free(part);
    free(l.v);
}

/* JLREQ §3.8 order: the slack goes to priority 1 up to its limit, then 2... */
static void
test_set_glue_priorities(void **state)
{
    (void)state;
    List l = {0};
    add_box(&l, 10 * EM);
    int a = add_glue(&l, 0, 100, 100);     /* priority 1 */
    l.v[a].stretch_prio = l.v[a].shrink_prio = 1;
    add_box(&l, 10 * EM);
    int b = add_glue(&l, 0, 100, 100);     /* priority 2 */
    l.v[b].stretch_prio = l.v[b].shrink_prio = 2;
    add_box(&l, 10 * EM);
    int c = add_glue(&l, 0, 100, 100);     /* priority 2 as well */
    l.v[c].stretch_prio = l.v[c].shrink_prio = 2;
    add_box(&l, 10 * EM);
    int end = add_penalty(&l, PENALTY_FORCE, 0, false);
    Unit glue[16];
    /* +150: priority 1 full (100), the rest shared by the two of priority 2 */
    Unit set = linebreak_set_glue(l.v, 0, end, 40 * EM + 150, true, glue);
    assert_int_equal(set, 40 * EM + 150);
    assert_int_equal(glue[a], 100);
    assert_int_equal(glue[b] + glue[c], 50);
    assert_true(glue[b] >= 24 && glue[b] <= 26);
    /* -120: the same order for shrinking */
    set = linebreak_set_glue(l.v, 0, end, 40 * EM - 120, true, glue);
    assert_int_equal(set, 40 * EM - 120);
    assert_int_equal(glue[a], -100);
    assert_int_equal(glue[b] + glue[c], -20);
    /* +600: every limit (300) reached, the rest spread over all stretchable glue */
    set = linebreak_set_glue(l.v, 0, end, 40 * EM + 600, true, glue);
    assert_int_equal(set, 40 * EM + 600);
    assert_int_equal(glue[a] + glue[b] + glue[c], 600);
    assert_int_equal(glue[a], 200);
    /* -400: shrink stops at the limits (overfull) */
    set = linebreak_set_glue(l.v, 0, end, 40 * EM - 400, true, glue);
    assert_int_equal(set, 40 * EM - 300);
    free(l.v);
}

/* Limits and room: glue between Japanese characters (priority 3) may take
 * half its stretch here; past every limit only the word space (priority 1)
 * takes more, up to its stretch again; a line needing more than that room
 * is left at its natural width (ragged), never spread between the others. */
static void
test_set_glue_room(void **state)
{
    (void)state;
    List l = {0};
    add_box(&l, 10 * EM);
    int ws = add_glue_prio(&l, 0, 100, 0, 1, 0);          /* a word space */
    add_box(&l, 10 * EM);
    int jj = add_glue_prio(&l, 0, 200, 0, 3, 512);        /* may take 100 of 200 */
    add_box(&l, 10 * EM);
    int jj2 = add_glue_prio(&l, 0, 200, 0, 3, 512);
    add_box(&l, 10 * EM);
    int end = add_penalty(&l, PENALTY_FORCE, 0, false);
    assert_int_equal(linebreak_limit(&l.v[jj]), 100);
    assert_int_equal(linebreak_room(l.v, 0, end), 100 + 100 + 100 + 100);
    Unit glue[16];
    /* +250: the word space full (100), then 75 each between Japanese */
    Unit set = linebreak_set_glue(l.v, 0, end, 40 * EM + 250, true, glue);
    assert_int_equal(set, 40 * EM + 250);
    assert_int_equal(glue[ws], 100);
    assert_int_equal(glue[jj] + glue[jj2], 150);
    /* +380: every limit (300), then 80 more on the word space alone */
    set = linebreak_set_glue(l.v, 0, end, 40 * EM + 380, true, glue);
    assert_int_equal(set, 40 * EM + 380);
    assert_int_equal(glue[jj], 100);
    assert_int_equal(glue[jj2], 100);
    assert_int_equal(glue[ws], 180);
    /* +401: more than the room: ragged, at the natural width */
    set = linebreak_set_glue(l.v, 0, end, 40 * EM + 401, true, glue);
    assert_int_equal(set, 40 * EM);
    assert_int_equal(glue[ws] + glue[jj] + glue[jj2], 0);
    /* the breaker sees the same: feasible up to the room with the extra
     * (tolerance 2), to the limits below 2, and ragged past the room */
    int breaks[4];
    l.v[end].penalty = 0;                  /* a break, then a line too wide to join */
    add_box(&l, 40 * EM);
    add_end(&l);
    assert_int_equal(linebreak_total_fit(l.v, l.n, 40 * EM + 400, 2.0, breaks), 2);
    assert_int_equal(breaks[0], end);
    assert_int_equal(linebreak_total_fit(l.v, l.n, 40 * EM + 380, 2.0, breaks), 2);
    assert_int_equal(linebreak_total_fit(l.v, l.n, 40 * EM + 380, 1.0, breaks), -1);
    assert_int_equal(linebreak_total_fit(l.v, l.n, 40 * EM + 300, 1.0, breaks), 2);
    assert_int_equal(linebreak_total_fit(l.v, l.n, 40 * EM + 401, 2.0, breaks), -1);
    assert_int_equal(linebreak_total_fit(l.v, l.n, 40 * EM + 401, LINEBREAK_RAGGED, breaks),
                     2);
    free(l.v);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_is_legal),
        cmocka_unit_test(test_next_start),
        cmocka_unit_test(test_measure),
        cmocka_unit_test(test_total_fit_equal_boxes),
        cmocka_unit_test(test_total_fit_forbidden_junction),
        cmocka_unit_test(test_total_fit_box_wider_than_measure),
        cmocka_unit_test(test_total_fit_beats_first_fit),
        cmocka_unit_test(test_total_fit_penalty_break),
        cmocka_unit_test(test_last_alone_pulled),
        cmocka_unit_test(test_total_fit_is_optimal),
        cmocka_unit_test(test_hyphenation_limits),
        cmocka_unit_test(test_first_fit_forced_breaks),
        cmocka_unit_test(test_set_glue_stretch_exact),
        cmocka_unit_test(test_set_glue_shrink_limit),
        cmocka_unit_test(test_set_glue_no_glue),
        cmocka_unit_test(test_long_paragraph),
        cmocka_unit_test(test_total_fit_after),
        cmocka_unit_test(test_set_glue_priorities),
        cmocka_unit_test(test_set_glue_room),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
