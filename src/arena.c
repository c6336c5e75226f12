/*
 * arena.c: bump allocation in a chain of chunks, plus a stack of deferred
 * cleanups. A chunk is at least 64 KB; a larger request gets a chunk of its
 * own. Rewinding frees the chunks allocated after the mark and pops the
 * cleanups pushed after it; chunks filled since a mark can also be freed one
 * by one before the rewind (arena_chunks: the layout of pages drawn).
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

/* The least chunk size: CHUNK_MIN, or KUMIHAN_ARENA_CHUNK bytes (1024 or
 * more) for the tests: small chunks make memory given back early (giveback.c)
 * reach a sanitizer's eye on small documents too. */
static size_t
chunk_min(void)
{
    static size_t min;
    if (min == 0) {
        const char *e = getenv("KUMIHAN_ARENA_CHUNK");
        long v = e ? strtol(e, NULL, 10) : 0;
        min = v >= 1024 && v <= (long)CHUNK_MIN ? (size_t)v : CHUNK_MIN;
    }
    return min;
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
        size_t min = chunk_min();
        size_t want = size > min ? size : min;
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

/* --- giving chunks back early --- */

typedef struct Entry {
    Chunk *chunk;
    uintptr_t lo, hi;              /* its data, [lo, hi) */
    int newer;                     /* index of the next newer entry, or -1: after */
} Entry;

struct ArenaChunks {
    Arena *arena;
    Chunk *after;                  /* the chunk in use when the table was made */
    Entry *by_age;                 /* oldest first; chunk NULL once freed */
    int n;
    int *by_addr;                  /* entry indexes in address order, for find */
};

/* An entry and where its data starts, for sorting by address. */
typedef struct ByAddr { uintptr_t lo; int entry; } ByAddr;

static int
by_address(const void *a, const void *b)
{
    uintptr_t x = ((const ByAddr *)a)->lo, y = ((const ByAddr *)b)->lo;
    return x < y ? -1 : x > y;
}

ArenaChunks *
arena_chunks(Arena *a, ArenaMark m)
{
    ArenaChunks *t = xcalloc(1, sizeof *t);
    t->arena = a;
    t->after = a->top;
    int n = 0;
    Chunk *first = a->top && (void *)a->top != m.chunk ? a->top->prev : NULL;
    for (Chunk *c = first; c && (void *)c != m.chunk; c = c->prev)
        n++;
    t->by_age = xmalloc(sizeof(Entry) * (size_t)(n ? n : 1));
    t->by_addr = xmalloc(sizeof(int) * (size_t)(n ? n : 1));
    t->n = n;
    int i = n;
    for (Chunk *c = first; i > 0; c = c->prev) {
        i--;
        t->by_age[i] = (Entry){c, (uintptr_t)c->data, (uintptr_t)c->data + c->size,
                               i + 1 < n ? i + 1 : -1};
    }
    /* (chunks do not overlap: no two start at one address) */
    ByAddr *sorted = xmalloc(sizeof(ByAddr) * (size_t)(n ? n : 1));
    for (int k = 0; k < n; k++)
        sorted[k] = (ByAddr){t->by_age[k].lo, k};
    qsort(sorted, (size_t)n, sizeof(ByAddr), by_address);
    for (int k = 0; k < n; k++)
        t->by_addr[k] = sorted[k].entry;
    free(sorted);
    return t;
}

int
arena_chunks_count(const ArenaChunks *t)
{
    return t->n;
}

int
arena_chunks_find(const ArenaChunks *t, const void *p)
{
    uintptr_t x = (uintptr_t)p;
    int lo = 0, hi = t->n;                 /* the last entry starting at or below x */
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (t->by_age[t->by_addr[mid]].lo <= x)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return -1;
    int i = t->by_addr[lo - 1];
    return t->by_age[i].chunk && x < t->by_age[i].hi ? i : -1;
}

size_t
arena_chunks_release(ArenaChunks *t, int i)
{
    if (i < 0 || i >= t->n || !t->by_age[i].chunk)
        return 0;
    Chunk *c = t->by_age[i].chunk;
    /* the chunk after it (newer) points past it now; freed entries on the
     * way are pointed straight at that chunk for the next walk */
    int k = t->by_age[i].newer;
    while (k >= 0 && !t->by_age[k].chunk)
        k = t->by_age[k].newer;
    for (int j = t->by_age[i].newer; j >= 0 && j != k;) {
        int next = t->by_age[j].newer;
        t->by_age[j].newer = k;
        j = next;
    }
    t->by_age[i].newer = k;
    Chunk *newer = k >= 0 ? t->by_age[k].chunk : t->after;
    newer->prev = c->prev;
    size_t size = c->size;
    t->arena->total -= c->used;
    t->by_age[i].chunk = NULL;
    free(c);
    return size;
}

void
arena_chunks_free(ArenaChunks *t)
{
    if (!t)
        return;
    free(t->by_age);
    free(t->by_addr);
    free(t);
}

size_t
arena_used(const Arena *a)
{
    return a->total;
}
