/*
 * shape_ahead.c: blocks shaped ahead on a second thread.
 * Shaping (HarfBuzz through Pango) and Pango's break attributes are half of
 * a paragraph's layout, and they need only the paragraph's text and items.
 * So, where there is a second processor, each block laid out sends the next
 * few blocks of the document (in document order) ahead: the layout's
 * thread flattens and itemizes them (font lookups stay there), a worker
 * shapes them, and their layout later takes the result. What comes out is
 * what shaping on the layout's thread would give (the same calls on the
 * same text: tests/pdf compares the PDFs made on one thread and on four).
 * Blocks whose text shows page labels are not sent ahead (they change from
 * pass to pass), nor a huge paragraph (shaped in windows as it is laid out).
 * KUMIHAN_NO_SHAPE_AHEAD=1 shapes every block on the layout's thread.
 */
#include "inline_impl.h"

#include <glib.h>
#include <pango/pangocairo.h>

#include "limits.h"

struct Prep {
    GThread *thread;
    GAsyncQueue *queue;                    /* Prepared to shape; the Prep itself: stop */
    GMutex lock;
    GCond shaped;
    GHashTable *ahead;                     /* block -> Prepared, sent, not yet taken */
    GHashTable *order;                     /* inline block -> its place in the document */
    GHashTable *laid;                      /* blocks laid out already */
    const Node *cursor;                    /* the last block sent ahead */
    int cursor_order;
    int n_sent, n_taken, n_here;           /* blocks sent ahead, taken, shaped here */
};

/* Blocks sent ahead at most; (the slack behind the layout is dropped) */
#define PREP_AHEAD 8

static bool
is_inline_block(const Node *n)
{
    return n->type == NODE_PARAGRAPH || n->type == NODE_HEADING || n->type == NODE_CELL
           || n->type == NODE_TITLE_LINE;
}

/* The next node in document order after n's subtree. */
static const Node *
after(const Node *n)
{
    for (; n; n = n->parent)
        if (n->next)
            return n->next;
    return NULL;
}

/* The next inline block after `n` in document order (n's own inline
 * content is not entered). */
static const Node *
next_inline_block(const Node *n)
{
    const Node *c = is_inline_block(n) ? after(n) : n->first ? n->first : after(n);
    while (c && !is_inline_block(c))
        c = c->first ? c->first : after(c);
    return c;
}

static gpointer
prep_thread(gpointer data)
{
    Prep *pp = data;
    for (;;) {
        Prepared *pr = g_async_queue_pop(pp->queue);
        if ((void *)pr == (void *)pp)
            return NULL;
        shape_items(&pr->t, pr->runs, pr->n_runs, pr->n_chars, &pr->attrs);
        g_mutex_lock(&pp->lock);
        pr->done = true;
        g_cond_broadcast(&pp->shaped);
        g_mutex_unlock(&pp->lock);
    }
}

static void
prepared_free(Prepared *pr)
{
    for (int r = 0; r < pr->n_runs; r++) {
        if (pr->runs[r].glyphs)
            pango_glyph_string_free(pr->runs[r].glyphs);
        pango_item_free(pr->runs[r].item);
    }
    free(pr->runs);
    g_free(pr->attrs);
    inline_text_free(&pr->t);
    g_free(pr);
}

/* The Prep's tables, queue and locks, and the Prep (its thread joined). */
static void
prep_release(Prep *pp)
{
    g_hash_table_destroy(pp->ahead);
    g_hash_table_destroy(pp->order);
    g_hash_table_destroy(pp->laid);
    g_async_queue_unref(pp->queue);
    g_mutex_clear(&pp->lock);
    g_cond_clear(&pp->shaped);
    g_free(pp);
}

static void
prep_stop(Doc *doc)
{
    Prep *pp = doc->prep;
    if (!pp)
        return;
    if (doc->opt && doc->opt->verbose >= 2)
        fprintf(stderr, "kumihan: shaping ahead: %d of %d blocks shaped on a second thread "
                "(%d sent ahead and not used)\n", pp->n_taken, pp->n_taken + pp->n_here,
                pp->n_sent - pp->n_taken);
    g_async_queue_push(pp->queue, pp);
    g_thread_join(pp->thread);
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, pp->ahead);
    while (g_hash_table_iter_next(&it, &k, &v))
        prepared_free(v);
    prep_release(pp);
    doc->prep = NULL;
    doc->prep_stop = NULL;
}

Prep *
shape_ahead_of(Doc *doc)
{
    static int off = -1;
    if (off < 0)
        off = getenv("KUMIHAN_NO_SHAPE_AHEAD") != NULL;
    if (doc->prep || off || !doc->shape_ahead || doc_threads() < 2 || !doc->root)
        return doc->prep;
    Prep *pp = g_new0(Prep, 1);
    pp->queue = g_async_queue_new();
    g_mutex_init(&pp->lock);
    g_cond_init(&pp->shaped);
    pp->ahead = g_hash_table_new(g_direct_hash, g_direct_equal);
    pp->order = g_hash_table_new(g_direct_hash, g_direct_equal);
    pp->laid = g_hash_table_new(g_direct_hash, g_direct_equal);
    int k = 0;
    for (const Node *n = next_inline_block(doc->root); n; n = next_inline_block(n))
        g_hash_table_insert(pp->order, (gpointer)n, GINT_TO_POINTER(++k));
    pp->thread = g_thread_try_new("kumihan-shape", prep_thread, pp, NULL);
    if (!pp->thread) {
        prep_release(pp);
        return NULL;
    }
    doc->prep = pp;
    doc->prep_stop = prep_stop;
    return pp;
}

Prepared *
shape_ahead_take(Prep *pp, const Node *block)
{
    g_hash_table_add(pp->laid, (gpointer)block);
    Prepared *pr = g_hash_table_lookup(pp->ahead, block);
    if (!pr) {
        pp->n_here++;
        return NULL;
    }
    pp->n_taken++;
    g_hash_table_remove(pp->ahead, block);
    g_mutex_lock(&pp->lock);
    while (!pr->done)
        g_cond_wait(&pp->shaped, &pp->lock);
    g_mutex_unlock(&pp->lock);
    return pr;
}

/* (up to PREP_AHEAD of them) */
void
shape_ahead_send(Doc *doc, Prep *pp, const Node *block)
{
    int at = GPOINTER_TO_INT(g_hash_table_lookup(pp->order, block));
    if (!at)
        return;                            /* (not an inline block of this document) */
    /* what was sent for blocks the layout has passed by is dropped */
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, pp->ahead);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        Prepared *old = v;
        if (old->order < at) {
            g_mutex_lock(&pp->lock);
            while (!old->done)
                g_cond_wait(&pp->shaped, &pp->lock);
            g_mutex_unlock(&pp->lock);
            g_hash_table_iter_remove(&it);
            prepared_free(old);
        }
    }
    if (at > pp->cursor_order) {
        pp->cursor = block;
        pp->cursor_order = at;
    }
    while (g_hash_table_size(pp->ahead) < PREP_AHEAD) {
        const Node *n = next_inline_block(pp->cursor);
        if (!n)
            return;
        pp->cursor = n;
        pp->cursor_order = GPOINTER_TO_INT(g_hash_table_lookup(pp->order, n));
        if (g_hash_table_contains(pp->laid, n) || inline_depends_on_labels(n)
            || (doc->line_cache && g_hash_table_contains(doc->line_cache, n)))
            continue;
        Prepared *pr = g_new0(Prepared, 1);
        pr->order = pp->cursor_order;
        inline_flatten(doc, n, &pr->t);
        if (pr->t.len == 0 || pr->t.len > LIMIT_PARAGRAPH_BYTES) {
            /* (a huge paragraph is shaped in windows as it is laid out) */
            inline_text_free(&pr->t);
            g_free(pr);
            continue;
        }
        Para tmp = {.doc = doc, .text = &pr->t};
        itemize_runs(&tmp);
        pr->runs = tmp.runs;
        pr->n_runs = tmp.n_runs;
        pr->n_chars = tmp.n_chars;
        g_hash_table_insert(pp->ahead, (gpointer)n, pr);
        pp->n_sent++;
        g_async_queue_push(pp->queue, pr);
    }
}
