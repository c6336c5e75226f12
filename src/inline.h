/*
 * inline.h: one paragraph from inline nodes to typeset Lines.
 */
#ifndef INLINE_H
#define INLINE_H

#include "doc.h"

/* Lay out the inline content of `block` (a paragraph, heading, table cell,
 * title line, figure caption...) at `width`, the first line indented by
 * `indent`. Lines, runs and glyphs live in the doc arena. Returns the number
 * of lines (>= 1; an empty block gives one empty line). Never fails: a line
 * that cannot fit is set overfull with a warning at the block's position. */
int inline_layout_block(Doc *doc, const Node *block, Unit width, Unit indent, Line **out);

/* Lay out plain text in one style: running heads, list markers, code lines.
 * `code`: spaces keep their width, no justification, a too-long line breaks
 * between any two characters. `pos` is used for warnings. width <= 0: one line. */
int inline_layout_text(Doc *doc, const char *text, size_t len, const Style *style, Unit width,
                       bool code, const char *href, SrcPos pos, Line **out);

/* One line of `text` in `style` of at most `width`: the text, or as much
 * of it as fits with "…" after it (a long section title in a running head
 * on a small page, a slide's caption). In the pass arena, as above. */
Line *inline_layout_cut(Doc *doc, const char *text, const Style *style, Unit width, SrcPos pos);

/* The lines a laid-out document draws (its pages' slices, footnotes,
 * running heads and folios, and the pages of other documents they show),
 * counted for -v: loose (a gap between two Japanese glyphs reaching
 * JP_LOOSE_GAP: none are made but by ruby wider than its base), ragged (set
 * short rather than spread), hyphenated. */
typedef struct LineCounts { int lines, loose, ragged, hyphenated; } LineCounts;
LineCounts inline_count_lines(const Doc *doc);

/* Once the document is laid out: one warning naming the characters that no
 * font has (each set as its font's empty box) with the place in the source
 * where each first appears (columns in characters); nothing when there is
 * none. (shape.c) */
void shape_warn_missing(Doc *doc);

#endif
