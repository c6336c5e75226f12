/*
 * layout.h: the layout files' own state of a document (doc->layout), for
 * those outside them: its lifetime, the report's passes, what --dump items
 * reads. What it holds is private to the layout files (layout_impl.h).
 */
#ifndef LAYOUT_H
#define LAYOUT_H

#include <stdbool.h>

#include "doc.h"

/* Release a document's layout state and the font references it holds
 * (NULL: nothing). Called by doc_free. */
void layout_free(Layout *lay);

/* The report's layout passes (pipeline.c): between begin and end, a list
 * marker's line is made once a pass and the runs of text with no link or
 * destination share one RunSpan per style; with `keep_lines` (the layout
 * is run again for page labels) each block's lines are kept from pass to
 * pass. layout_pass_next starts a pass after the first: the markers go
 * with the pass arena, which the caller rewinds. */
void layout_passes_begin(Doc *doc, bool keep_lines);
void layout_pass_next(Doc *doc);
void layout_passes_end(Doc *doc);

/* The text of the items the last layout of `block` made (kept only with
 * Settings.keep_items: --dump items), or NULL. */
const char *layout_items_text(const Doc *doc, const Node *block);

#endif
