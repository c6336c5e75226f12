/*
 * layout.h: the layout files' own state of a document (doc->layout), for
 * those outside them: its lifetime, the report's passes and runs of
 * blocks, what --dump items reads. What it holds is private to the layout files (layout_impl.h).
 */
#ifndef LAYOUT_H
#define LAYOUT_H

#include <stdbool.h>

#include "doc.h"

/* Release a document's layout state and the font references it holds
 * (NULL: nothing). Called by doc_free. */
void layout_free(Layout *lay);

/* The report's layout passes (pipeline.c): between begin and end, the
 * top-level blocks are laid out into runs, a list marker's line is made
 * once a run and the runs of text with no link or destination share one
 * RunSpan per style; with `keep_lines` (the layout is run again for page
 * labels) each block's lines are kept from pass to pass. layout_pass_next
 * starts a pass after the first: the markers and what the runs made for
 * the last pass go (the caller rewinds doc->pass). */
void layout_passes_begin(Doc *doc, bool keep_lines);
void layout_pass_next(Doc *doc);
void layout_passes_end(Doc *doc);

/* The runs are freed as the pages are drawn (pdf.c): layout_runs_plan
 * learns from doc->pages the last page reading each run (and frees those no
 * page reads), layout_runs_page_done frees the runs no page after `page`
 * reads, layout_runs_free frees the rest (`verbose`: says what went early). */
void layout_runs_plan(Doc *doc);
void layout_runs_page_done(Doc *doc, int page);
void layout_runs_free(Doc *doc, bool verbose);

/* The text of the items the last layout of `block` made (kept only with
 * Settings.keep_items: --dump items), or NULL. */
const char *layout_items_text(const Doc *doc, const Node *block);

#endif
