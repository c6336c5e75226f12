/*
 * arena.c: bump allocation in a chain of chunks, plus a stack of deferred
 * cleanups. A chunk is at least 64 KB; a larger request gets a chunk of its
 * own. Rewinding frees the chunks allocated after the mark and pops the
 * cleanups pushed after it.
 * Not done: reuse of freed chunks (a rewind returns them to malloc).
 */
#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK_MIN (64u * 1024u)
#define ALIGN 8u                           /* (arena.h) */

typedef struct Chunk {
    struct Chunk *prev;
    size_t size, used;             /* bytes of data[] */
    _Alignas(16) unsigned char data[];
} Chunk;

typedef struct Defer { void (*fn)(void *); void *p; } Defer;

struct Arena {
    Chunk *top;
    size_t total;                  /* bytes handed out */
    Defer *defers;
    size_t n_defers, cap_defers;
};

static void
oom(void)
{
    fputs("kumihan: out of memory\n", stderr);
    abort();
}

void *
xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        oom();
    return p;
}

void *
xrealloc(void *p, size_t size)
{
    void *q = realloc(p, size ? size : 1);
    if (!q)
        oom();
    return q;
}

void *
xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        oom();
    return p;
}

Arena *
arena_new(void)
{
    return xcalloc(1, sizeof(Arena));
}

static void
run_defers(Arena *a, size_t keep)
{
    while (a->n_defers > keep) {
        Defer d = a->defers[--a->n_defers];
        d.fn(d.p);
    }
}

void
arena_free(Arena *a)
{
    if (!a)
        return;
    run_defers(a, 0);
    free(a->defers);
    for (Chunk *c = a->top, *prev; c; c = prev) {
        prev = c->prev;
        free(c);
    }
    free(a);
}

void *
arena_alloc(Arena *a, size_t size)
{
    if (size > SIZE_MAX - ALIGN - sizeof(Chunk))
        oom();
    size = (size + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    if (size == 0)
        size = ALIGN;
    Chunk *c = a->top;
    if (!c || c->size - c->used < size) {
        size_t want = size > CHUNK_MIN ? size : CHUNK_MIN;
        if (want > SIZE_MAX - sizeof(Chunk))
            oom();
        Chunk *n = xmalloc(sizeof(Chunk) + want);
        n->prev = c;
        n->size = want;
        n->used = 0;
        a->top = c = n;
    }
    void *p = c->data + c->used;
    c->used += size;
    a->total += size;
    return p;
}

void *
arena_zalloc(Arena *a, size_t size)
{
    void *p = arena_alloc(a, size);
    memset(p, 0, size);
    return p;
}

void *
arena_memdup(Arena *a, const void *p, size_t size)
{
    void *q = arena_alloc(a, size);
    if (size)
        memcpy(q, p, size);
    return q;
}

char *
arena_strndup(Arena *a, const char *s, size_t n)
{
    if (n == SIZE_MAX)
        oom();
    char *q = arena_alloc(a, n + 1);
    if (n)
        memcpy(q, s, n);
    q[n] = '\0';
    return q;
}

char *
arena_strdup(Arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

char *
arena_printf(Arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0;
    char *s = arena_alloc(a, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

void
arena_defer(Arena *a, void (*fn)(void *), void *p)
{
    if (a->n_defers == a->cap_defers) {
        a->cap_defers = a->cap_defers ? a->cap_defers * 2 : 64;
        a->defers = xrealloc(a->defers, a->cap_defers * sizeof(Defer));
    }
    a->defers[a->n_defers++] = (Defer){fn, p};
}

ArenaMark
arena_mark(const Arena *a)
{
    return (ArenaMark){a->top, a->top ? a->top->used : 0, a->n_defers};
}

void
arena_rewind(Arena *a, ArenaMark m)
{
    run_defers(a, m.n_defers);
    while (a->top && (void *)a->top != m.chunk) {
        Chunk *c = a->top;
        a->top = c->prev;
        a->total -= c->used;
        free(c);
    }
    if (a->top) {
        a->total -= a->top->used - m.used;
        a->top->used = m.used;
    }
}

size_t
arena_used(const Arena *a)
{
    return a->total;
}
