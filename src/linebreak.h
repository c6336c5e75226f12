/*
 * linebreak.h: choosing line breaks over an item list (boxes, glue,
 * penalties: the Knuth-Plass model) and setting each line's glue.
 * Pure: no Pango, no fonts; inline.c builds the items.
 */
#ifndef LINEBREAK_H
#define LINEBREAK_H

#include <math.h>
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

/* A glue's stretch says how elastic it is (the ratio r of a line is its
 * stretch over the total, as Knuth and Plass count it); its limit, the
 * most it may take (Item.stretch_cap: between Japanese characters less than
 * the stretch, so no gap reads as a space, jp_rules.h JP_STRETCH_LIMIT).
 * Past every glue's limit (JLREQ §3.8's last step, "evenly everywhere"),
 * only the glue of these stretch priorities (word spaces, the Japanese-
 * Western space) takes more, up to its stretch again. What a line can take
 * is its room: the limits and that extra. A line that needs more is not
 * spread: it is set short (ragged). */
#define STRETCH_EXTRA_PRIO 2               /* priorities 1..this take the extra */

/* A tolerance of LINEBREAK_RAGGED also accepts lines that no glue can fill:
 * each is set short at its natural width (ragged), costing
 * LINEBREAK_RAGGED_COST times 1 + LINEBREAK_RAGGED_SHORT (what it lacks /
 * the measure)^2: more than any line that can be justified, more the
 * shorter it is (it takes what fits), and two lines a little short before
 * one far short. */
#define LINEBREAK_RAGGED INFINITY
#define LINEBREAK_RAGGED_COST 1e9
#define LINEBREAK_RAGGED_SHORT 10.0

/* Penalty.flagged: a line that ends there ends hyphen-like (two in a row
 * cost more); FLAG_HYPHENATED: inside a word, with a hyphen drawn: no more
 * than LINEBREAK_MAX_HYPHENS such lines in a row, and never the line before
 * a forced break (a paragraph's last line does not start with the rest of
 * a word). */
#define FLAG_HYPHEN_LIKE 1
#define FLAG_HYPHENATED 2
#define LINEBREAK_MAX_HYPHENS 2

typedef struct Item {
    uint8_t type;                          /* ItemType */
    uint8_t flagged;                       /* penalty: 0, FLAG_HYPHEN_LIKE, FLAG_HYPHENATED */
    int16_t penalty;                       /* penalty: cost of breaking here */
    uint8_t shrink_prio, stretch_prio;     /* glue: 1..ADJUST_LEVELS, 0 none */
    uint16_t stretch_cap;                  /* glue: the part of its stretch it may take,
                                            * in 1/1024 (0: all of it; linebreak_limit) */
    Unit width, stretch, shrink;           /* box/glue width; penalty: width if broken */
    int32_t cluster;                       /* what it draws (inline.c's index), or -1 */
} Item;

/* Legal breakpoints: a penalty below PENALTY_INF, or a glue right after a box. */
bool linebreak_is_legal(const Item *items, int i);

/* The first item of the line that follows a break at `brk` (glue and
 * penalties after a break are discarded; a paragraph start keeps them). */
int linebreak_next_start(const Item *items, int n, int brk);

/* Total fit: the breaks minimising the paragraph's total demerits, with the
 * adjustment ratio of every line in [-1, tolerance] and no line needing
 * more stretch than its room: below 2, the glue's limits alone (JLREQ's);
 * from 2, the extra of word spaces and Japanese-Western spaces too (any
 * line the glue can fill); LINEBREAK_RAGGED: any line not overfull.
 * The list must end with a forced break. Active breakpoints are capped at LIMIT_ACTIVE_BREAKS, so
 * the cost is linear in n. Writes the break positions (item indices, the
 * last is n - 1) to breaks[] (room for n) and returns their count, or -1 if
 * no such set exists. */
int linebreak_total_fit(const Item *items, int n, Unit width, double tolerance, int *breaks);

/* What comes before a paragraph that goes on from an earlier part (a
 * window of a huge paragraph, inline.c): the fitness class of the line
 * before it (0 tight, 1 decent, 2 loose, 3 very loose), whether that line
 * ended hyphen-like and how many hyphenated lines end there in a row (the
 * part's last line only is looked at: 0 or 1). A paragraph's own start is
 * {1, false, 0}. */
typedef struct LineBefore { int fitness; bool flagged; int hyphens; } LineBefore;

/* linebreak_total_fit, its first line following `before`. */
int linebreak_total_fit_after(const Item *items, int n, Unit width, double tolerance,
                              LineBefore before, int *breaks);

/* What the line [start, brk) set at `width` leaves for the next: its
 * fitness class as the total fit counts it, and its flag. */
LineBefore linebreak_line_before(const Item *items, int start, int brk, Unit width);

/* First fit, never failing: each line takes as much as fits; an item wider
 * than the line gets a line of its own (overfull). Returns the count. */
int linebreak_first_fit(const Item *items, int n, Unit width, int *breaks);

/* The box alone on the last of `count` lines (breaks), the break before
 * it not forced; -1 when there is none. */
int linebreak_last_alone(const Item *items, int n, const int *breaks, int count);

/* The last of `count` lines (count >= 2) takes one more unit from the line
 * before, at that line's previous legal break, when that line keeps a box
 * and the last fits `width`. */
void linebreak_pull_last(const Item *items, int n, Unit width, int *breaks, int count);

/* Width of the line [start, brk) at natural glue, including the penalty
 * width if it breaks at a penalty; stretch and shrink totals too. */
void linebreak_measure(const Item *items, int start, int brk, Unit *natural, Unit *stretch,
                       Unit *shrink);

/* The most a glue may stretch (its stretch_cap of its stretch). */
Unit linebreak_limit(const Item *it);

/* The room of the line [start, brk): the most its glue may stretch, every
 * limit and the extra of its word spaces and Japanese-Western spaces. */
Unit linebreak_room(const Item *items, int start, int brk);

/* Set the glue of the line [start, brk): glue_out[i - start] gets the width
 * of item i (0 for non-glue). Justified lines end exactly at `width`: the
 * difference goes to the glue of priority 1 up to its limit, then 2, and so
 * on; stretch beyond every limit goes to the word spaces and Japanese-
 * Western spaces, in proportion, up to their stretch again; a line that
 * needs more is left at its natural width (ragged: the caller sees a set
 * width short of `width`); shrink never goes beyond its limit (an overfull
 * line stays overfull). Otherwise natural widths. Rounding is spread so the
 * widths sum exactly. Returns the set width. */
Unit linebreak_set_glue(const Item *items, int start, int brk, Unit width, bool justify,
                        Unit *glue_out);

#endif
