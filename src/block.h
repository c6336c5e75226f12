/*
 * block.h: vertical flow. The styled tree becomes one flat galley of
 * Slices (doc->slices): lines, heading blocks, table rows, rules, gaps,
 * images, each with its height and keep flags, for paginate.c.
 */
#ifndef BLOCK_H
#define BLOCK_H

#include "doc.h"

/* Lay out every block of doc->root at the page geometry doc->geom.
 * Content problems (a missing image...) are diagnostics; never fails. */
void block_document(Doc *doc);

/* Lay out the children of `n` at x within width, appending to the galley
 * (slides: one slide at a time, retried at smaller type to fit). */
void block_layout_children(Doc *doc, const Node *n, Unit x, Unit width);

/* --- shared with table.c and impose.c --- */

typedef struct Flow Flow;

/* Append a slice to the galley; returns its index. */
int block_push(Doc *doc, const Slice *s);
/* s's extra fields (Slice.x), zeroed in the pass arena the first time. */
SliceExtra *block_extra(Doc *doc, Slice *s);

/* Baseline of a line of `style` set in a box of height `pitch`: the em box
 * centred in the pitch (ideographic em box: 0.88 above, 0.12 below). */
Unit block_baseline(const Style *style, Unit pitch);

/* A slide of the laid-out `deck` (its page `index`) as a SLICE_EMBED box at
 * (x, y) of width w (the height in the deck's proportions), framed, with
 * `caption` (or none) on one line below in cap_style; a destination
 * "slide-N" (prefixed by deck->dest_prefix). Its height is the caller's. */
Slice block_slide_slice(Doc *doc, const Doc *deck, int index, Unit x, Unit y, Unit w,
                        const char *caption, const Style *cap_style, bool caption_centred);

/* The report's appendix (a NODE_APPENDIX, appendix.c): the laid-out deck's
 * slides two to a page in the measure at x, each framed with the caption
 * 「スライド n/N　title」, or with `full` one slide-sized landscape page each. */
void block_appendix(Doc *doc, const Doc *deck, Unit x, Unit width, bool full);

/* Lay out a table node at x within width; pushes its row slices. */
void table_layout(Doc *doc, const Node *table, Unit x, Unit width);

#endif
