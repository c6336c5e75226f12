/*
 * layout_impl.h: a document's layout state (doc->layout), private to the
 * layout files that read it: inline.c, itemize.c, block.c, table.c and
 * layout.c (layout.h is what the others see). Made on first use by
 * layout_state, released by doc_free.
 */
#ifndef LAYOUT_IMPL_H
#define LAYOUT_IMPL_H

#include <glib.h>

#include "layout.h"

struct Layout {
    int measuring;                         /* > 0: trial layouts, no overfull warnings
                                            * (table.c) */
    GHashTable *line_cache;                /* node -> its lines, kept from pass to pass of
                                            * a layout that needs labels (inline.c) */
    GHashTable *markers;                   /* list markers laid out in this pass: style
                                            * and text -> Line, in the pass arena (block.c;
                                            * the report only: NULL elsewhere) */
    GHashTable *plain_spans;               /* style -> the RunSpan of text in that style
                                            * with no link or destination, in the arena,
                                            * shared by the runs (inline.c; the report's
                                            * layout only: NULL elsewhere) */
    GHashTable *fonts_kept;                /* the fonts runs name, one reference each
                                            * (itemize.c) */
    GHashTable *item_dumps;                /* --dump items: block -> the text of its
                                            * last items (inline.c) */
};

/* The document's layout state, made on its first use. */
Layout *layout_state(Doc *doc);

#endif
