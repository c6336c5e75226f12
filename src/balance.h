/*
 * balance.h: titles and headings that break, set in balanced lines.
 */
#ifndef BALANCE_H
#define BALANCE_H

#include <stdbool.h>
#include <stdint.h>

#include "doc.h"

/* Lay out `block` (a heading, a title line) like inline_layout_block at
 * `width`, no indent; when it takes more than one line, choose among the
 * layouts with as many lines the one whose lines are most even and break
 * at phrase boundaries, never leaving one or two letters alone on a line
 * when another way exists. The lines are set as a plain layout's would be
 * (left, centred or right in `width`). Returns the number of lines (>= 1). */
int balance_layout_block(Doc *doc, const Node *block, Unit width, Line **out);

/* The same for plain text in one style (inline_layout_text, not code):
 * the contents' entries. Only narrower measures are tried (no indent). */
int balance_layout_text(Doc *doc, const char *text, size_t len, const Style *style, Unit width,
                        const char *href, SrcPos pos, Line **out);

/* What a line break between the characters a and b costs a title, 0 (a
 * phrase boundary: after 、。」, after , : ; and a space, at a space after
 * Japanese, after a particle such as の と を before a word) to 6 (inside a
 * katakana or Latin word); a space after a Latin word costs 1. `space`: a
 * space stood between them (dropped at the break); a2 is the character
 * before a (0 at the start), for two-kana particles (から, より, まで). */
int balance_break_cost(uint32_t a2, uint32_t a, uint32_t b, bool space);

#endif
