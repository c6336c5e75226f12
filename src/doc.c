/*
 * doc.c: a document's lifetime. The Doc owns its arena (nodes, lines,
 * slices' arrays, pages), the galley array and a reference to each font its
 * runs name; the font set is shared and owned by the caller.
 */
#include "doc.h"

#include <glib.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "files.h"
#include "layout.h"
#include "theme.h"

Doc *
doc_new(const Settings *opt, const char *path)
{
    Doc *doc = xcalloc(1, sizeof *doc);
    doc->arena = arena_new();
    doc->inlines = arena_new();
    doc->opt = opt;
    doc->path = path;
    doc->themes = theme_defaults();        /* (until the run resolves its own) */
    const char *slash = strrchr(path, '/');
    doc->dir = slash ? arena_strndup(doc->arena, path, (size_t)(slash - path + (slash == path)))
                     : ".";
    return doc;
}

static const Chapter *
chapter_at(const Doc *doc, uint32_t line)
{
    for (int i = doc->n_chapters - 1; i >= 0; i--)
        if (line > doc->chapters[i].line0)
            return &doc->chapters[i];
    return NULL;
}

const char *
doc_file_at(const Doc *doc, SrcPos *pos)
{
    const Chapter *c = doc && pos->line ? chapter_at(doc, pos->line) : NULL;
    if (!c)
        return NULL;
    pos->line -= c->line0;
    return c->path;
}

const char *
doc_dir_at(const Doc *doc, SrcPos pos)
{
    const Chapter *c = chapter_at(doc, pos.line);
    return c ? c->dir : doc->dir;
}

void
doc_free(Doc *doc)
{
    if (!doc)
        return;
    arena_free(doc->arena);
    arena_free(doc->inlines);
    free(doc->src);                        /* (set only while parsing) */
    diag_doc_free(doc);
    arena_free(doc->pass);
    layout_free(doc->layout);              /* (the fonts the runs name) */
    if (doc->labels)
        g_hash_table_destroy(doc->labels);
    free(doc->slices);
    if (doc->owns_files)
        files_free(doc->files);            /* (after the arena: its slices drew them) */
    free(doc);
}

/* This thread's number of threads for a document's stages, or 0: the
 * processors' or KUMIHAN_THREADS (a batch's workers set 1: batch.c). */
static _Thread_local int threads_here;

void
doc_set_threads(int n)
{
    threads_here = n;
}

int
doc_threads(void)
{
    if (threads_here > 0)
        return threads_here;
    const char *v = getenv("KUMIHAN_THREADS");
    if (v && *v) {
        char *end;
        long n = strtol(v, &end, 10);
        if (*end == '\0' && n >= 1 && n <= 64)
            return (int)n;
    }
    int n = (int)g_get_num_processors();
    return n < 1 ? 1 : n > 64 ? 64 : n;
}

typedef struct Parallel {
    const int *order;
    int n;
    int next;                              /* the next in `order` to take (atomic) */
    void (*work)(void *ctx, void *state, int item);
    void *ctx;
    void *(*state_new)(void);
    void (*state_free)(void *);
} Parallel;

static void
parallel_take(Parallel *p, void *state)
{
    for (int i; (i = g_atomic_int_add(&p->next, 1)) < p->n;)
        p->work(p->ctx, state, p->order[i]);
}

static gpointer
parallel_thread(gpointer data)
{
    Parallel *p = data;
    void *state = p->state_new ? p->state_new() : NULL;
    parallel_take(p, state);
    if (p->state_free)
        p->state_free(state);
    return NULL;
}

void
doc_parallel(const int *order, int n, void (*work)(void *ctx, void *state, int item),
             void *ctx, void *own, void *(*state_new)(void), void (*state_free)(void *))
{
    Parallel p = {order, n, 0, work, ctx, state_new, state_free};
    GThread *threads[16];
    int started = 0;
    for (int t = 1; t < doc_threads() && t < n && started < 16; t++)
        if ((threads[started] = g_thread_try_new("kumihan-work", parallel_thread, &p, NULL)))
            started++;
    parallel_take(&p, own);
    for (int t = 0; t < started; t++)
        g_thread_join(threads[t]);
}
