/*
 * giveback.c: the layout given back as the pages are drawn.
 * The layout lives in the document's arena from doc->layout_mark on, and
 * what its last pass made anew in doc->pass. Before the pages are drawn,
 * each chunk of both learns the last page that reads it (its lines, runs,
 * glyphs, slices' arrays); once that page is drawn (cairo keeps copies of
 * what it was given) the chunk goes, and cairo's growing output takes its
 * place. Whatever is read after the pages (the page array and labels, the
 * bookmarks, where the destinations are, the date) is kept to the end, as
 * are the chunks in use. What it earns on a long document: see the README
 * (Benchmark, Memory).
 * The walk below (used_slice, used_line, giveback_new) must name every
 * pointer the drawing (draw.c, tags.c) and pdf.c follow from a page: a
 * pointer left out frees memory before its page is drawn. tests/pdf
 * (giveback) draws every test document with 1 KB chunks under the sanitize
 * build and compares the bytes with the layout kept.
 */
#include "pdf_impl.h"

#include <limits.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

typedef struct Held {
    ArenaChunks *chunks;
    int *last;                             /* per chunk: last page index reading it, -1
                                            * none, INT_MAX: read after the pages */
    int *order;                            /* chunk indexes by `last` */
    int next;                              /* order[next..]: still held */
} Held;

struct Giveback {
    Held held[2];                          /* the arena's layout; doc->pass */
    int n_held;
    int n_chunks, n_freed;
    size_t bytes;                          /* given back so far */
    size_t trimmed;                        /* `bytes` at the last malloc_trim */
};

static void
used(Giveback *g, const void *p, int page)
{
    if (!p)
        return;
    for (int h = 0; h < g->n_held; h++) {
        Held *t = &g->held[h];
        int i = arena_chunks_find(t->chunks, p);
        if (i >= 0) {
            if (t->last[i] < page)
                t->last[i] = page;
            return;
        }
    }
}

static void
used_line(Giveback *g, const Line *ln, int page)
{
    if (!ln)
        return;
    used(g, ln, page);
    used(g, ln->text, page);
    used(g, ln->runs, page);
    for (int i = 0; i < ln->n_runs; i++) {
        const Run *r = &ln->runs[i];
        used(g, r->glyphs, page);          /* (offsets and clusters follow them) */
        used(g, r->span, page);
        used(g, r->span->style, page);
        used(g, r->span->href, page);
        used(g, r->span->dest, page);
        used(g, r->span->text, page);
    }
}

static void
used_slice(Giveback *g, const Doc *doc, int k, int page)
{
    const Slice *s = &doc->slices[k];
    used(g, s->lines, page);
    used(g, s->decos, page);
    used(g, s->dest, page);
    used(g, s->x, page);
    for (int i = 0; i < s->n_lines; i++)
        used_line(g, s->lines[i].line, page);
}

/* A chunk and the last page reading it, sorted by that page (then by
 * index: the same order on every run). */
typedef struct ByLast { int last, chunk; } ByLast;

static int
by_last(const void *a, const void *b)
{
    const ByLast *x = a, *y = b;
    if (x->last != y->last)
        return x->last < y->last ? -1 : 1;
    return (x->chunk > y->chunk) - (x->chunk < y->chunk);
}

/* KUMIHAN_KEEP_LAYOUT=1 keeps the whole layout until the last page is drawn
 * (to compare the output and the memory with and without giving back). */
static bool
getenv_keep_layout(void)
{
    static int keep = -1;
    if (keep < 0) {
        const char *e = getenv("KUMIHAN_KEEP_LAYOUT");
        keep = e && *e && strcmp(e, "0") != 0;
    }
    return keep;
}

static void
held_init(Held *t, Arena *a, ArenaMark m)
{
    t->chunks = arena_chunks(a, m);
    int n = arena_chunks_count(t->chunks);
    t->last = xmalloc(sizeof(int) * (size_t)(n ? n : 1));
    t->order = xmalloc(sizeof(int) * (size_t)(n ? n : 1));
    for (int i = 0; i < n; i++) {
        t->last[i] = -1;
        t->order[i] = i;
    }
    t->next = 0;
}

Giveback *
giveback_new(Doc *doc, GHashTable *dests, const char *date)
{
    /* (not for a document drawn into another's pages: it has no layout of
     * its own here) */
    if (!doc->layout_marked || getenv_keep_layout())
        return NULL;
    Giveback g = {0};
    held_init(&g.held[g.n_held++], doc->arena, doc->layout_mark);
    if (doc->pass)
        held_init(&g.held[g.n_held++], doc->pass, (ArenaMark){0});
    used(&g, doc->pages, INT_MAX);
    for (int j = 0; j < doc->n_pages; j++) {
        const Page *p = &doc->pages[j];
        used(&g, p->label, INT_MAX);
        used(&g, p->dest, j);
        used(&g, p->placed, j);
        used(&g, p->notes, j);
        for (int i = 0; i < p->n; i++)
            used_slice(&g, doc, p->placed[i].slice, j);
        for (int i = 0; i < p->n_notes; i++)
            used_slice(&g, doc, p->notes[i].slice, j);
        const Line *extra[PAGE_EXTRA_LINES];
        page_extra_lines(p, extra);
        for (int i = 0; i < PAGE_EXTRA_LINES; i++)
            used_line(&g, extra[i], j);
    }
    used(&g, doc->outline, INT_MAX);
    for (int i = 0; i < doc->n_outline; i++) {
        used(&g, doc->outline[i].title, INT_MAX);
        used(&g, doc->outline[i].dest, INT_MAX);
    }
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, dests);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        used(&g, k, INT_MAX);
        used(&g, v, INT_MAX);
    }
    used(&g, date, INT_MAX);
    for (int h = 0; h < g.n_held; h++) {
        Held *t = &g.held[h];
        int n = arena_chunks_count(t->chunks);
        g.n_chunks += n;
        ByLast *pairs = xmalloc(sizeof(ByLast) * (size_t)(n ? n : 1));
        for (int i = 0; i < n; i++)
            pairs[i] = (ByLast){t->last[i], i};
        qsort(pairs, (size_t)n, sizeof(ByLast), by_last);
        for (int i = 0; i < n; i++)
            t->order[i] = pairs[i].chunk;
        free(pairs);
    }
    Giveback *out = xmalloc(sizeof *out);
    *out = g;
    giveback_page(out, -1);                /* what no page reads */
    return out;
}

/* (page -1: before the first) */
void
giveback_page(Giveback *g, int page)
{
    for (int h = 0; h < g->n_held; h++) {
        Held *t = &g->held[h];
        int n = arena_chunks_count(t->chunks);
        while (t->next < n && t->last[t->order[t->next]] <= page) {
            g->bytes += arena_chunks_release(t->chunks, t->order[t->next]);
            g->n_freed++;
            t->next++;
        }
    }
#ifdef __GLIBC__
    /* what cairo does not take up again goes back to the system, a few MB
     * at a time (glibc keeps freed pages otherwise) */
    if (g->bytes - g->trimmed >= 4u << 20) {
        malloc_trim(0);
        g->trimmed = g->bytes;
    }
#endif
}

void
giveback_free(Giveback *g, bool verbose)
{
    if (!g)
        return;
    if (verbose)
        fprintf(stderr, "kumihan: drawing gave back %d of %d chunks of the layout "
                "(%.1f MB) as the pages were done\n", g->n_freed, g->n_chunks,
                (double)g->bytes / (1024.0 * 1024.0));
    for (int h = 0; h < g->n_held; h++) {
        arena_chunks_free(g->held[h].chunks);
        free(g->held[h].last);
        free(g->held[h].order);
    }
    free(g);
}
