/*
 * linebreak.h: choosing line breaks over an item list (boxes, glue,
 * penalties: the Knuth-Plass model) and setting each line's glue.
 * Pure: no Pango, no fonts; inline.c builds the items.
 */
#ifndef LINEBREAK_H
#define LINEBREAK_H

#include <stdbool.h>

#include "doc.h"

typedef enum ItemType { ITEM_BOX, ITEM_GLUE, ITEM_PENALTY } ItemType;

#define PENALTY_INF 10000                  /* never break here */
#define PENALTY_FORCE (-10000)             /* always break here */
#define STRETCH_FIL (1 << 28)              /* the last line's filler: infinite in effect */

/* A stretched line counts as this many times looser than its glue says:
 * Japanese composition pulls a character in (shrinking) before it spreads a
 * line out (JLREQ §3.8), and stretched spaces are what a reader sees. */
#define LINEBREAK_STRETCH_COST 2.5
/* Extra demerits for a very loose line (stretch ratio beyond 1 after the cost). */
#define LINEBREAK_VERY_LOOSE 5000

/* Glue adjusts in priority order (JLREQ §3.8, ../shared/JLREQ.md §4):
 * shrink 1 word spaces, 2 (line-end punctuation: discarded here), 3 around
 * middle dots, 4 beside brackets and commas, 5 Japanese-Western space;
 * stretch 1 word spaces, 2 Japanese-Western space, 3 between Japanese
 * characters, 4 after punctuation. 0 = none. */
#define ADJUST_LEVELS 5

typedef struct Item {
    uint8_t type;                          /* ItemType */
    uint8_t flagged;                       /* penalty: a hyphen-like line end */
    int16_t penalty;                       /* penalty: cost of breaking here */
    uint8_t shrink_prio, stretch_prio;     /* glue: 1..ADJUST_LEVELS, 0 none */
    Unit width, stretch, shrink;           /* box/glue width; penalty: width if broken */
    int32_t cluster;                       /* what it draws (inline.c's index), or -1 */
} Item;

/* Legal breakpoints: a penalty below PENALTY_INF, or a glue right after a box. */
bool linebreak_is_legal(const Item *items, int i);

/* The first item of the line that follows a break at `brk` (glue and
 * penalties after a break are discarded; a paragraph start keeps them). */
int linebreak_next_start(const Item *items, int n, int brk);

/* Total fit: the breaks minimising the paragraph's total demerits, with the
 * adjustment ratio of every line in [-1, tolerance]. The list must end with
 * a forced break. Active breakpoints are capped at LIMIT_ACTIVE_BREAKS, so
 * the cost is linear in n. Writes the break positions (item indices, the
 * last is n - 1) to breaks[] (room for n) and returns their count, or -1 if
 * no such set exists. */
int linebreak_total_fit(const Item *items, int n, Unit width, double tolerance, int *breaks);

/* What comes before a paragraph that goes on from an earlier part (a
 * window of a huge paragraph, inline.c): the fitness class of the line
 * before it (0 tight, 1 decent, 2 loose, 3 very loose) and whether that
 * line ended hyphen-like. A paragraph's own start is {1, false}. */
typedef struct LineBefore { int fitness; bool flagged; } LineBefore;

/* linebreak_total_fit, its first line following `before`. */
int linebreak_total_fit_after(const Item *items, int n, Unit width, double tolerance,
                              LineBefore before, int *breaks);

/* What the line [start, brk) set at `width` leaves for the next: its
 * fitness class as the total fit counts it, and its flag. */
LineBefore linebreak_line_before(const Item *items, int start, int brk, Unit width);

/* First fit, never failing: each line takes as much as fits; an item wider
 * than the line gets a line of its own (overfull). Returns the count. */
int linebreak_first_fit(const Item *items, int n, Unit width, int *breaks);

/* Width of the line [start, brk) at natural glue, including the penalty
 * width if it breaks at a penalty; stretch and shrink totals too. */
void linebreak_measure(const Item *items, int start, int brk, Unit *natural, Unit *stretch,
                       Unit *shrink);

/* Set the glue of the line [start, brk): glue_out[i - start] gets the width
 * of item i (0 for non-glue). Justified lines end exactly at `width`: the
 * difference goes to the glue of priority 1 up to its limit, then 2, and so
 * on; stretch beyond every limit is spread over all stretchable glue; shrink
 * never goes beyond its limit (an overfull line stays overfull). Otherwise
 * natural widths. Rounding is spread so the widths sum exactly. Returns the
 * set width. */
Unit linebreak_set_glue(const Item *items, int start, int brk, Unit width, bool justify,
                        Unit *glue_out);

#endif
