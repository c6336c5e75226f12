/*
 * linebreak.c: total-fit line breaking (Knuth & Plass, "Breaking paragraphs
 * into lines", 1981) over boxes, glue and penalties, and glue setting.
 *
 * Prefix sums of width, stretch, room and shrink give any line's totals
 * in O(1). Each legal breakpoint is tried against the active
 * breakpoints; a line whose adjustment ratio r is in [-1, tolerance] makes a
 * candidate with demerits (10 + badness)^2 +- penalty^2, badness =
 * 100 |r|^3, plus 3000 for two flagged (hyphen-like) endings in a row and
 * for lines whose fitness classes (tight, decent, loose, very loose) are not
 * adjacent, and LINEBREAK_VERY_LOOSE more for a very loose line. Stretching
 * counts LINEBREAK_STRETCH_COST times its ratio in badness and fitness. A
 * line needing more than its room (linebreak.h: the glue's limits, and word
 * spaces and Japanese-Western spaces past them) is ragged, feasible only at
 * the tolerance LINEBREAK_RAGGED and dearer than any other.
 * A breakpoint is kept per fitness class and per count of hyphenated lines
 * ending there in a row (0 to LINEBREAK_MAX_HYPHENS), so the limit on
 * hyphens in a row is exact; a line after a hyphenated one never ends at a
 * forced break. An active
 * breakpoint leaves the set when a line from it would be overfull (r < -1).
 * The set is capped at LIMIT_ACTIVE_BREAKS (the worst dropped), so cost is
 * linear in the paragraph length whatever its width. A paragraph may go on
 * from an earlier part set by itself (inline.c's windows of a huge
 * paragraph: linebreak_total_fit_after): its first line then counts the
 * fitness class and flag of that part's last line, as it would inside one
 * paragraph.
 * Not done: looseness (a paragraph one line longer or shorter on demand).
 */
#include "linebreak.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "limits.h"

bool
linebreak_is_legal(const Item *items, int i)
{
    if (items[i].type == ITEM_PENALTY)
        return items[i].penalty < PENALTY_INF;
    if (items[i].type == ITEM_GLUE)
        return i > 0 && items[i - 1].type == ITEM_BOX;
    return false;
}

int
linebreak_next_start(const Item *items, int n, int brk)
{
    int i = brk + 1;
    while (i < n && items[i].type != ITEM_BOX && !(items[i].type == ITEM_PENALTY
                                                   && items[i].penalty <= PENALTY_FORCE))
        i++;
    return i;
}

void
linebreak_measure(const Item *items, int start, int brk, Unit *natural, Unit *stretch,
                  Unit *shrink)
{
    int64_t w = 0, y = 0, z = 0;
    for (int i = start; i < brk; i++) {
        if (items[i].type == ITEM_PENALTY)
            continue;
        w += items[i].width;
        if (items[i].type == ITEM_GLUE) {
            y += items[i].stretch;
            z += items[i].shrink;
        }
    }
    if (items[brk].type == ITEM_PENALTY)
        w += items[brk].width;
    *natural = (Unit)w;
    *stretch = y > INT32_MAX ? INT32_MAX : (Unit)y;
    *shrink = (Unit)z;
}

/* Glue that stretches past its limit when every limit is reached. */
static bool
takes_extra(const Item *it)
{
    return it->type == ITEM_GLUE && it->stretch > 0 && it->stretch < STRETCH_FIL
           && it->stretch_prio >= 1 && it->stretch_prio <= STRETCH_EXTRA_PRIO;
}

Unit
linebreak_limit(const Item *it)
{
    if (it->type != ITEM_GLUE)
        return 0;
    if (it->stretch_cap == 0 || it->stretch >= STRETCH_FIL)
        return it->stretch;
    return (Unit)((int64_t)it->stretch * it->stretch_cap / 1024);
}

/* What glue item `it` adds to a line's room: its limit, and its extra. */
static int64_t
room_of(const Item *it)
{
    if (it->type != ITEM_GLUE)
        return 0;
    return (int64_t)linebreak_limit(it) + (takes_extra(it) ? it->stretch : 0);
}

static int64_t
extra_of(const Item *it)
{
    return takes_extra(it) ? it->stretch : 0;
}

Unit
linebreak_room(const Item *items, int start, int brk)
{
    int64_t x = 0;
    for (int i = start; i < brk; i++)
        x += room_of(&items[i]);
    return x > INT32_MAX ? INT32_MAX : (Unit)x;
}

/* --- total fit --- */

typedef struct BNode {                     /* a feasible breakpoint */
    int pos, line, fitness, prev;          /* prev: index in the node store */
    bool flagged;                          /* the line to it ended hyphen-like */
    int hyphens;                           /* hyphenated lines in a row ending here */
    int start;                             /* the next line's first item */
    int64_t w0, y0, x0, z0;                /* the prefix sums at start (x: room) */
    double demerits;
} BNode;

static int
fitness_of(double r)
{
    if (r < -0.5)
        return 0;                          /* tight */
    if (r <= 0.5)
        return 1;                          /* decent */
    if (r <= 1.0)
        return 2;                          /* loose */
    return 3;                              /* very loose */
}

/* The adjustment ratio of a line of natural width w, stretch y, room x,
 * shrink z set at `width`: +infinity when it needs more than its room. */
static double
ratio_of(int64_t w, int64_t y, int64_t x, int64_t z, Unit width)
{
    if (w < width)
        return width - w <= x && y > 0 ? (double)(width - w) / (double)y : INFINITY;
    if (w > width)
        return z > 0 ? (double)(width - w) / (double)z : -INFINITY;
    return 0;
}

LineBefore
linebreak_line_before(const Item *items, int start, int brk, Unit width)
{
    Unit w, y, z;
    linebreak_measure(items, start, brk, &w, &y, &z);
    double r = ratio_of(w, y, linebreak_room(items, start, brk), z, width);
    double rr = r > 0 ? r * LINEBREAK_STRETCH_COST : r;
    return (LineBefore){fitness_of(rr), items[brk].flagged != 0,
                        items[brk].flagged == FLAG_HYPHENATED};
}

int
linebreak_total_fit(const Item *items, int n, Unit width, double tolerance, int *breaks)
{
    return linebreak_total_fit_after(items, n, width, tolerance, (LineBefore){1, false, 0},
                                     breaks);
}

int
linebreak_total_fit_after(const Item *items, int n, Unit width, double tolerance,
                          LineBefore before, int *breaks)
{
    if (n <= 0)
        return 0;
    /* prefix sums over items [0, i); the room with the extra from a
     * tolerance of 2 on (linebreak.h) */
    bool extra = tolerance >= 2;
    int64_t *sw = xmalloc(sizeof(int64_t) * 4 * ((size_t)n + 1));
    int64_t *sy = sw + n + 1, *sx = sy + n + 1, *sz = sx + n + 1;
    sw[0] = sy[0] = sx[0] = sz[0] = 0;
    /* the most a break can take off a line (hanging punctuation): a line
     * overfull by less than that may still fit at a later break */
    int64_t hang = 0;
    for (int i = 0; i < n; i++) {
        if (items[i].type == ITEM_PENALTY && -(int64_t)items[i].width > hang)
            hang = -(int64_t)items[i].width;
        const Item *it = &items[i];
        bool counts = it->type != ITEM_PENALTY;
        sw[i + 1] = sw[i] + (counts ? it->width : 0);
        sy[i + 1] = sy[i] + (it->type == ITEM_GLUE ? it->stretch : 0);
        sx[i + 1] = sx[i] + room_of(it) - (extra ? 0 : extra_of(it));
        sz[i + 1] = sz[i] + (it->type == ITEM_GLUE ? it->shrink : 0);
    }
    size_t cap_nodes = 256, n_nodes = 0;
    BNode *nodes = xmalloc(cap_nodes * sizeof(BNode));
    int *active = xmalloc(sizeof(int) * (LIMIT_ACTIVE_BREAKS + 1));
    int n_active = 0;
    nodes[n_nodes++] = (BNode){.pos = -1, .line = 0, .fitness = before.fitness, .prev = -1,
                               .start = 0, .flagged = before.flagged,
                               .hyphens = before.hyphens, .demerits = 0};
    active[n_active++] = 0;
    int result = -1;

    for (int b = 0; b < n && n_active > 0; b++) {
        if (!linebreak_is_legal(items, b))
            continue;
        const Item *bi = &items[b];
        bool forced = bi->type == ITEM_PENALTY && bi->penalty <= PENALTY_FORCE;
        bool hyphenated = bi->type == ITEM_PENALTY && bi->flagged == FLAG_HYPHENATED;
        /* best candidate per fitness class and hyphens in a row */
        enum { SLOTS = 4 * (LINEBREAK_MAX_HYPHENS + 1) };
        double best_d[SLOTS];
        int best_prev[SLOTS];
        for (int k = 0; k < SLOTS; k++) {
            best_d[k] = INFINITY;
            best_prev[k] = -1;
        }
        int keep = 0;
        for (int k = 0; k < n_active; k++) {
            BNode *a = &nodes[active[k]];
            /* the line from a's start to b (empty when b comes first) */
            bool starts = a->start < b;
            int64_t w = (starts ? sw[b] - a->w0 : 0) + (bi->type == ITEM_PENALTY ? bi->width : 0);
            int64_t y = starts ? sy[b] - a->y0 : 0, z = starts ? sz[b] - a->z0 : 0;
            int64_t x = starts ? sx[b] - a->x0 : 0;
            double r = ratio_of(w, y, x, z, width);
            int64_t base = w - (bi->type == ITEM_PENALTY ? bi->width : 0) - hang;
            bool drop = forced
                        || (r < -1 && base > width && (z == 0 || (double)(width - base) / z < -1));
            int hy = hyphenated ? a->hyphens + 1 : 0;
            if (r >= -1 && r <= tolerance && hy <= LINEBREAK_MAX_HYPHENS
                && !(forced && a->hyphens > 0)) {
                double rr = r > 0 ? r * LINEBREAK_STRETCH_COST : r;
                double d;
                if (r == INFINITY) {
                    /* ragged: set short, after every other way */
                    double s = (double)(width - w) / (double)width;
                    d = LINEBREAK_RAGGED_COST * (1 + LINEBREAK_RAGGED_SHORT * s * s);
                } else {
                    double bad = 100.0 * fabs(rr) * fabs(rr) * fabs(rr);
                    if (bad > 10000)
                        bad = 10000;
                    d = (10 + bad) * (10 + bad);
                }
                if (bi->type == ITEM_PENALTY && bi->penalty > 0)
                    d += (double)bi->penalty * bi->penalty;
                else if (bi->type == ITEM_PENALTY && bi->penalty > PENALTY_FORCE)
                    d -= (double)bi->penalty * bi->penalty;
                if (bi->flagged && a->flagged)
                    d += 3000;
                int fc = fitness_of(rr);
                if (abs(fc - a->fitness) > 1)
                    d += 3000;
                if (fc == 3)
                    d += LINEBREAK_VERY_LOOSE;
                d += a->demerits;
                int slot = fc * (LINEBREAK_MAX_HYPHENS + 1) + hy;
                if (d < best_d[slot]) {
                    best_d[slot] = d;
                    best_prev[slot] = active[k];
                }
            }
            if (!drop)
                active[keep++] = active[k];
        }
        n_active = keep;
        for (int slot = 0; slot < SLOTS; slot++) {
            if (best_prev[slot] < 0)
                continue;
            if (n_nodes == cap_nodes) {
                cap_nodes *= 2;
                nodes = xrealloc(nodes, cap_nodes * sizeof(BNode));
            }
            int st = linebreak_next_start(items, n, b);
            int fc = slot / (LINEBREAK_MAX_HYPHENS + 1);
            nodes[n_nodes] = (BNode){.pos = b, .line = nodes[best_prev[slot]].line + 1,
                                     .fitness = fc, .prev = best_prev[slot], .start = st,
                                     .flagged = bi->flagged != 0,
                                     .hyphens = slot % (LINEBREAK_MAX_HYPHENS + 1),
                                     .w0 = sw[st], .y0 = sy[st], .x0 = sx[st], .z0 = sz[st],
                                     .demerits = best_d[slot]};
            if (n_active < LIMIT_ACTIVE_BREAKS) {
                active[n_active++] = (int)n_nodes;
            } else {
                /* replace the worst active node if this one is better */
                int worst = 0;
                for (int k = 1; k < n_active; k++)
                    if (nodes[active[k]].demerits > nodes[active[worst]].demerits)
                        worst = k;
                if (nodes[active[worst]].demerits > best_d[slot])
                    active[worst] = (int)n_nodes;
            }
            n_nodes++;
        }
        if (forced && b == n - 1) {
            /* the end: pick the best of the nodes just made */
            int best = -1;
            for (int k = 0; k < n_active; k++)
                if (nodes[active[k]].pos == b
                    && (best < 0 || nodes[active[k]].demerits < nodes[best].demerits))
                    best = active[k];
            if (best >= 0) {
                int count = nodes[best].line;
                for (int i = best, j = count - 1; i > 0 && j >= 0; i = nodes[i].prev, j--)
                    breaks[j] = nodes[i].pos;
                result = count;
            }
            break;
        }
    }
    free(active);
    free(nodes);
    free(sw);
    return result;
}

/* --- first fit --- */

int
linebreak_first_fit(const Item *items, int n, Unit width, int *breaks)
{
    int count = 0, start = 0;
    int64_t w = 0;                         /* natural width of [start, i) */
    int last_legal = -1;
    for (int i = 0; i < n; i++) {
        const Item *it = &items[i];
        bool legal = linebreak_is_legal(items, i);
        if (legal) {
            int64_t with_pen = w + (it->type == ITEM_PENALTY ? it->width : 0);
            bool forced = it->type == ITEM_PENALTY && it->penalty <= PENALTY_FORCE;
            if (with_pen > width && last_legal >= 0) {
                /* break at the previous opportunity and rescan from there */
                breaks[count++] = last_legal;
                start = linebreak_next_start(items, n, last_legal);
                i = start - 1;
                w = 0;
                last_legal = -1;
                continue;
            }
            if (forced) {
                breaks[count++] = i;
                start = linebreak_next_start(items, n, i);
                i = start - 1;
                w = 0;
                last_legal = -1;
                continue;
            }
            last_legal = i;
        }
        if (it->type != ITEM_PENALTY && i >= start)
            w += it->width;
        if (w > width && last_legal >= 0 && it->type == ITEM_BOX) {
            breaks[count++] = last_legal;
            start = linebreak_next_start(items, n, last_legal);
            i = start - 1;
            w = 0;
            last_legal = -1;
        }
    }
    if (count == 0 || breaks[count - 1] != n - 1)
        breaks[count++] = n - 1;
    return count;
}

/* Boxes in [from, to). */
static int
boxes(const Item *items, int from, int to)
{
    int k = 0;
    for (int i = from; i < to; i++)
        k += items[i].type == ITEM_BOX;
    return k;
}

int
linebreak_last_alone(const Item *items, int n, const int *breaks, int count)
{
    if (count < 2)
        return -1;
    int prev = breaks[count - 2];
    if (items[prev].type == ITEM_PENALTY && items[prev].penalty <= PENALTY_FORCE)
        return -1;
    int start = linebreak_next_start(items, n, prev);
    for (int i = start; i < n; i++)
        if (items[i].type == ITEM_BOX)
            return boxes(items, i + 1, n) == 0 ? i : -1;
    return -1;
}

void
linebreak_pull_last(const Item *items, int n, Unit width, int *breaks, int count)
{
    int prev = breaks[count - 2];
    int line0 = count >= 3 ? linebreak_next_start(items, n, breaks[count - 3]) : 0;
    for (int j = prev - 1; j > line0; j--) {
        if (!linebreak_is_legal(items, j))
            continue;
        if (boxes(items, line0, j) == 0)
            return;
        int64_t w = 0;
        for (int i = linebreak_next_start(items, n, j); i < n; i++)
            if (items[i].type != ITEM_PENALTY)
                w += items[i].width;
        if (w <= width)
            breaks[count - 2] = j;
        return;
    }
}

/* --- glue setting --- */

/* Give `delta` (>= 0) to the glue of [start, brk) of priority `level`
 * (stretch or shrink priority; LEVEL_NONE: glue without a priority;
 * LEVEL_EXTRA: the glue that stretches past its limit, by as much again), in
 * proportion to its limit and at most that limit. Returns what was given.
 * Cumulative rounding keeps the sum exact. */
#define LEVEL_NONE 0
#define LEVEL_EXTRA (-1)

static bool
takes_part(const Item *it, int level, bool stretch)
{
    if (level == LEVEL_EXTRA)
        return stretch && takes_extra(it);
    int prio = stretch ? it->stretch_prio : it->shrink_prio;
    Unit amount = stretch ? it->stretch : it->shrink;
    return it->type == ITEM_GLUE && amount > 0 && amount < STRETCH_FIL && prio == level;
}

/* What glue item `it` may take at `level`. */
static int64_t
amount_of(const Item *it, int level, bool stretch)
{
    if (!stretch)
        return it->shrink;
    return level == LEVEL_EXTRA ? it->stretch : linebreak_limit(it);
}

static int64_t
spread(const Item *items, int start, int brk, int level, bool stretch, int64_t delta, int sign,
       Unit *glue_out)
{
    int64_t total = 0;
    for (int i = start; i < brk; i++)
        if (takes_part(&items[i], level, stretch))
            total += amount_of(&items[i], level, stretch);
    if (total <= 0 || delta <= 0)
        return 0;
    int64_t give = delta > total ? total : delta;
    int64_t acc = 0, given = 0;
    for (int i = start; i < brk; i++) {
        const Item *it = &items[i];
        if (!takes_part(it, level, stretch))
            continue;
        acc += amount_of(it, level, stretch);
        int64_t target = give * acc / total;
        glue_out[i - start] += (Unit)(sign * (target - given));
        given = target;
    }
    return given;
}

Unit
linebreak_set_glue(const Item *items, int start, int brk, Unit width, bool justify,
                   Unit *glue_out)
{
    Unit natural, stretch, shrink;
    linebreak_measure(items, start, brk, &natural, &stretch, &shrink);
    for (int i = start; i < brk; i++)
        glue_out[i - start] = items[i].type == ITEM_GLUE ? items[i].width : 0;
    int64_t delta = (int64_t)width - natural;
    if (!justify || delta == 0)
        return natural;
    if (delta > 0 && delta > linebreak_room(items, start, brk))
        return natural;                    /* ragged: not spread thin */
    int64_t left = delta > 0 ? delta : -delta;
    bool grow = delta > 0;
    int sign = grow ? 1 : -1;
    for (int level = 1; level <= ADJUST_LEVELS && left > 0; level++)
        left -= spread(items, start, brk, level, grow, left, sign, glue_out);
    if (left > 0)                          /* glue without a priority comes last */
        left -= spread(items, start, brk, LEVEL_NONE, grow, left, sign, glue_out);
    if (left > 0 && grow)                  /* past every limit: the spaces, again */
        left -= spread(items, start, brk, LEVEL_EXTRA, true, left, sign, glue_out);
    return (Unit)(natural + sign * ((delta > 0 ? delta : -delta) - left));
}
