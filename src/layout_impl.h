/*
 * layout_impl.h: a document's layout state (doc->layout), private to the
 * layout files that read it: inline.c, itemize.c, shape.c, hyphen.c, block.c,
 * table.c and layout.c (layout.h is what the others see). Made on first use by
 * layout_state, released by doc_free.
 */
#ifndef LAYOUT_IMPL_H
#define LAYOUT_IMPL_H

#include <glib.h>

#include "layout.h"

/* A run of top-level blocks of the report, laid out into arenas of its own
 * and freed as a whole once the last page showing any of it is drawn
 * (layout.c). What it holds is read only through its blocks' slices. */
typedef struct LayoutRun {
    const Node *first;                     /* its first top-level block */
    struct Arena *lines;                   /* its blocks' lines, kept from pass to pass */
    struct Arena *pass;                    /* what this pass made for its blocks: slices'
                                            * arrays, decorations, lines made anew each
                                            * pass (rewound between passes) */
    int first_slice;                       /* its first slice, in this pass */
    int last_page;                         /* drawing: the last page reading it, -1 none */
} LayoutRun;

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
    bool hyphen_warned;                    /* the hyphenation patterns are missing: said
                                            * once (hyphen.c) */
    LayoutRun *runs;                       /* the report's runs of blocks, in order; */
    int n_runs, cap_runs;
    int cur;                               /* the one being laid out, or -1 */
    int end_slice;                         /* the slice after the last run's */
    bool runs_on;                          /* the report's layout: blocks go into runs */
    bool runs_fixed;                       /* after the first pass: the same runs again */
    LayoutRun **order;                     /* drawing: the runs by their last page; */
    int next;                              /* order[next..]: not freed yet */
    int n_early;                           /* freed before the last page */
    size_t freed_bytes, trimmed;           /* freed so far; at the last malloc_trim */
    GHashTable *missing;                   /* the characters no font has: a set of code
                                            * points (shape.c) */
};

/* The report's runs of blocks: block.c enters each top-level block of the
 * report before laying it out and leaves after the last; what is laid out
 * in between goes into the block's run (doc_pass_arena, layout_lines_arena). */
void layout_run_enter(Doc *doc, const Node *block);
void layout_run_leave(Doc *doc);

/* Where the lines of the block being laid out go: its run's lines arena
 * (`kept`: taken up again by the next pass) or its run's pass arena; the
 * document's arena outside the report's runs. */
struct Arena *layout_lines_arena(Doc *doc, bool kept);

/* The document's layout state, made on its first use. */
Layout *layout_state(Doc *doc);

#endif
