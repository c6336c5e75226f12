/*
 * dump.h: stable text dumps of the stages, for tests and --dump.
 * Integers only go in (Units printed as points with two decimals), no
 * pointers, every line's text shown: a diff reads like a review.
 */
#ifndef DUMP_H
#define DUMP_H

#include <stdio.h>

#include "doc.h"
#include "linebreak.h"

/* The front matter and the Node tree, one node per line, indented. */
void dump_tree(const Doc *doc, FILE *out);
/* One paragraph's items as the line breaker gets them, into out (inline.c
 * records them for --dump items): a line "set" with the measure and the
 * first line's indent (and the bytes [from, to) of the paragraph's text
 * when the items are of a window of a huge paragraph: from >= 0), then one
 * item a line: a box with its width and the text it draws, glue with its
 * width, stretch, the limit of that stretch where it has one, and shrink
 * (and their JLREQ priorities, linebreak.h), a penalty with its value,
 * "flagged" or "hyphenated", and its width if broken.
 * cluster_bytes[2c], [2c + 1]: the bytes of `text` that cluster c draws;
 * ruby[c]: the reading set over the base that starts at cluster c, or NULL
 * (ruby itself NULL when there is none). */
void dump_item_list(FILE *out, Unit width, Unit indent, int from, int to, const Item *items,
                    int n, const char *text, const int *cluster_bytes, const Line *const *ruby);
/* The items of each paragraph (every inline block: paragraphs, headings,
 * table cells, title lines) in document order, as its last layout made
 * them; then those of the appendix decks. */
void dump_items(const Doc *doc, FILE *out);
/* The pages: size, running heads, each placed slice with y, height, its
 * column when not the first ("col=1") and "span" across the columns,
 * source position and the text of its lines, each marked "hyphen" when it ends
 * with a hyphen drawn, "ragged" when set short rather than spread, "loose"
 * when a gap between two Japanese glyphs reaches JP_LOOSE_GAP. */
void dump_pages(const Doc *doc, FILE *out);

#endif
