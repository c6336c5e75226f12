/*
 * layout.c: a document's layout state, made on first use and kept in
 * doc->layout until doc_free; the tables the report's passes share; the
 * report's runs of blocks and their end as the pages are drawn.
 *
 * Runs of blocks. The report's top-level blocks are laid out, in order,
 * into runs: consecutive blocks whose layout fills about RUN_BYTES. A run
 * has two arenas: its blocks' lines (kept from pass to pass, when a pass
 * takes them up again) and what a pass makes for them (slices' arrays,
 * decorations, lines made anew each pass: rewound by the next pass). Its
 * blocks' slices are one range of the galley. Whatever is laid out while a
 * block is current goes into its run, and a run is read only through its
 * own slices: so once the last page placing one of its slices is drawn, the
 * run goes as a whole (layout_runs_plan, layout_runs_page_done), with no
 * list of what a page reads. What outlives a run lives in the document's
 * arena or its pass arena (pages, running heads, the shared RunSpans,
 * destinations' names), and a table holding lines of a run lasts that run
 * (the list markers). A block laid out outside the report's passes (decks,
 * slides, the appendix) goes into the document's arena, as before.
 * What it earns: see the README (Memory); KUMIHAN_RUN_BYTES=1 makes each
 * block a run of its own, for the tests (tests/pdf, runs).
 */
#include "layout_impl.h"

#include <limits.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

/* A run is closed once its two arenas hold this much (measured: see the
 * README, Memory). */
#define RUN_BYTES (1024u * 1024u)

Layout *
layout_state(Doc *doc)
{
    if (!doc->layout) {
        doc->layout = g_new0(Layout, 1);
        doc->layout->cur = -1;
    }
    return doc->layout;
}

void
layout_free(Layout *lay)
{
    if (!lay)
        return;
    if (lay->line_cache)
        g_hash_table_destroy(lay->line_cache);
    if (lay->markers)
        g_hash_table_destroy(lay->markers);
    if (lay->plain_spans)
        g_hash_table_destroy(lay->plain_spans);
    if (lay->fonts_kept)
        g_hash_table_destroy(lay->fonts_kept);
    if (lay->item_dumps)
        g_hash_table_destroy(lay->item_dumps);
    for (int i = 0; i < lay->n_runs; i++) {
        arena_free(lay->runs[i].lines);
        arena_free(lay->runs[i].pass);
    }
    free(lay->runs);
    free(lay->order);
    if (lay->missing)
        g_hash_table_destroy(lay->missing);
    g_free(lay);
}

void
layout_passes_begin(Doc *doc, bool keep_lines)
{
    Layout *lay = layout_state(doc);
    if (keep_lines)
        lay->line_cache = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
    lay->markers = g_hash_table_new(g_str_hash, g_str_equal);
    lay->plain_spans = g_hash_table_new(g_direct_hash, g_direct_equal);
    lay->runs_on = true;
    lay->cur = -1;
}

void
layout_pass_next(Doc *doc)
{
    Layout *lay = layout_state(doc);
    g_hash_table_remove_all(lay->markers);
    for (int i = 0; i < lay->n_runs; i++) {
        arena_free(lay->runs[i].pass);
        lay->runs[i].pass = arena_new();
    }
    lay->runs_fixed = true;
    lay->cur = -1;
}

void
layout_passes_end(Doc *doc)
{
    Layout *lay = layout_state(doc);
    g_hash_table_destroy(lay->markers);
    lay->markers = NULL;
    g_hash_table_destroy(lay->plain_spans);
    lay->plain_spans = NULL;
    if (lay->line_cache) {
        g_hash_table_destroy(lay->line_cache);
        lay->line_cache = NULL;
    }
}

const char *
layout_items_text(const Doc *doc, const Node *block)
{
    const Layout *lay = doc->layout;
    return lay && lay->item_dumps ? g_hash_table_lookup(lay->item_dumps, block) : NULL;
}

/* --- runs of blocks --- */

static size_t
run_bytes(void)
{
    static gsize bytes;                    /* (read once, for every thread) */
    if (g_once_init_enter(&bytes)) {
        const char *e = getenv("KUMIHAN_RUN_BYTES");
        long v = e ? strtol(e, NULL, 10) : 0;
        g_once_init_leave(&bytes, v > 0 && v <= (long)RUN_BYTES ? (gsize)v : RUN_BYTES);
    }
    return bytes;
}

static void
run_start(Layout *lay, int i, int first_slice)
{
    lay->cur = i;
    lay->runs[i].first_slice = first_slice;
    if (lay->markers)
        g_hash_table_remove_all(lay->markers);  /* (their lines were the last run's) */
}

void
layout_run_enter(Doc *doc, const Node *block)
{
    Layout *lay = doc->layout;
    if (!lay || !lay->runs_on)
        return;
    if (lay->runs_fixed) {                 /* a later pass: the runs of the first */
        if (lay->cur + 1 < lay->n_runs && lay->runs[lay->cur + 1].first == block)
            run_start(lay, lay->cur + 1, doc->n_slices);
        return;
    }
    if (lay->cur >= 0) {
        const LayoutRun *r = &lay->runs[lay->cur];
        if (arena_used(r->lines) + arena_used(r->pass) < run_bytes())
            return;
    }
    if (lay->n_runs == lay->cap_runs) {
        lay->cap_runs = lay->cap_runs ? 2 * lay->cap_runs : 16;
        lay->runs = xrealloc(lay->runs, sizeof(LayoutRun) * (size_t)lay->cap_runs);
    }
    lay->runs[lay->n_runs] = (LayoutRun){block, arena_new(), arena_new(), 0, -1};
    run_start(lay, lay->n_runs++, doc->n_slices);
}

void
layout_run_leave(Doc *doc)
{
    Layout *lay = doc->layout;
    if (!lay || !lay->runs_on)
        return;
    lay->end_slice = doc->n_slices;
    lay->cur = -1;
}

struct Arena *
doc_pass_arena(Doc *doc)
{
    const Layout *lay = doc->layout;
    if (lay && lay->cur >= 0)
        return lay->runs[lay->cur].pass;
    return doc->pass ? doc->pass : doc->arena;
}

struct Arena *
layout_lines_arena(Doc *doc, bool kept)
{
    const Layout *lay = doc->layout;
    if (lay && lay->cur >= 0)
        return kept ? lay->runs[lay->cur].lines : lay->runs[lay->cur].pass;
    return doc->arena;
}

/* The run whose slices hold slice k, or -1 (a slice of no run). */
static int
run_of_slice(const Layout *lay, int k)
{
    if (k >= lay->end_slice || lay->n_runs == 0 || k < lay->runs[0].first_slice)
        return -1;
    int lo = 0, hi = lay->n_runs - 1;      /* the last run starting at k or before */
    while (lo < hi) {
        int mid = lo + (hi - lo + 1) / 2;
        if (lay->runs[mid].first_slice <= k)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

static void
run_read(Layout *lay, int k, int page)
{
    int r = run_of_slice(lay, k);
    if (r >= 0 && lay->runs[r].last_page < page)
        lay->runs[r].last_page = page;
}

/* KUMIHAN_KEEP_LAYOUT=1 keeps every run until the last page is drawn (to
 * compare the output and the memory with and without their early end). */
static bool
keep_layout(void)
{
    const char *e = getenv("KUMIHAN_KEEP_LAYOUT");
    return e && *e && strcmp(e, "0") != 0;
}

static void
run_free(Layout *lay, LayoutRun *r)
{
    if (!r->lines)
        return;
    lay->freed_bytes += arena_used(r->lines) + arena_used(r->pass);
    arena_free(r->lines);
    arena_free(r->pass);
    r->lines = r->pass = NULL;
}

static int
by_last_page(const void *a, const void *b)
{
    const LayoutRun *x = *(const LayoutRun *const *)a, *y = *(const LayoutRun *const *)b;
    if (x->last_page != y->last_page)
        return x->last_page < y->last_page ? -1 : 1;
    return (x > y) - (x < y);
}

void
layout_runs_plan(Doc *doc)
{
    Layout *lay = doc->layout;
    if (!lay || lay->n_runs == 0)
        return;
    bool keep = keep_layout();
    for (int i = 0; i < lay->n_runs; i++)
        lay->runs[i].last_page = keep ? INT_MAX : -1;
    for (int j = 0; j < doc->n_pages && !keep; j++) {
        const Page *p = &doc->pages[j];
        for (int i = 0; i < p->n; i++) {
            run_read(lay, p->placed[i].slice, j);
            int h = doc->slices[p->placed[i].slice].header;
            if (h >= 0)
                run_read(lay, h, j);
        }
        for (int i = 0; i < p->n_notes; i++)
            run_read(lay, p->notes[i].slice, j);
    }
    lay->order = xmalloc(sizeof(LayoutRun *) * (size_t)lay->n_runs);
    for (int i = 0; i < lay->n_runs; i++)
        lay->order[i] = &lay->runs[i];
    qsort(lay->order, (size_t)lay->n_runs, sizeof(LayoutRun *), by_last_page);
    lay->next = 0;
    lay->trimmed = 0;
    layout_runs_page_done(doc, -1);        /* the runs no page reads */
}

void
layout_runs_page_done(Doc *doc, int page)
{
    Layout *lay = doc->layout;
    if (!lay || !lay->order)
        return;
    while (lay->next < lay->n_runs && lay->order[lay->next]->last_page <= page) {
        if (page < doc->n_pages - 1)
            lay->n_early++;
        run_free(lay, lay->order[lay->next++]);
    }
#ifdef __GLIBC__
    /* what cairo does not take up again goes back to the system, a few MB
     * at a time (glibc keeps freed pages otherwise) */
    if (lay->freed_bytes - lay->trimmed >= 4u << 20) {
        malloc_trim(0);
        lay->trimmed = lay->freed_bytes;
    }
#endif
}

void
layout_runs_free(Doc *doc, bool verbose)
{
    Layout *lay = doc->layout;
    if (!lay || lay->n_runs == 0)
        return;
    if (verbose && lay->order)
        fprintf(stderr, "kumihan: drawing freed %d of %d runs of the layout before its last "
                "page (%.1f MB by the end)\n", lay->n_early, lay->n_runs,
                (double)lay->freed_bytes / (1024.0 * 1024.0));
    for (int i = 0; i < lay->n_runs; i++) {
        arena_free(lay->runs[i].lines);
        arena_free(lay->runs[i].pass);
    }
    free(lay->runs);
    free(lay->order);
    lay->runs = NULL;
    lay->order = NULL;
    lay->n_runs = lay->cap_runs = 0;
    lay->runs_on = false;
}
