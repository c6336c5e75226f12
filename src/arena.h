/*
 * arena.h: the per-document bump allocator.
 * Everything a document owns (nodes, strings, styles, lines, slices, pages)
 * comes from one Arena and goes at arena_free(). Library objects that live as
 * long as the document are registered with arena_defer(); their cleanups run
 * in reverse order at arena_free() or when a rewind passes them.
 * Out of memory is fatal: nothing here returns NULL.
 */
#ifndef ARENA_H
#define ARENA_H

#include <stddef.h>

typedef struct Arena Arena;
typedef struct ArenaMark { void *chunk; size_t used; size_t n_defers; } ArenaMark;

/* A new, empty arena. Free it with arena_free(). */
Arena *arena_new(void);
/* Run deferred cleanups (newest first) and release all memory. NULL is fine. */
void arena_free(Arena *a);

/* `size` bytes aligned to 8 (enough for every type kept in an arena: no long
 * double, no vector types; 16 cost memory: see README, Memory),
 * uninitialised / zeroed. Never NULL. */
void *arena_alloc(Arena *a, size_t size);
void *arena_zalloc(Arena *a, size_t size);
/* Copies of memory and strings; arena_strndup NUL-terminates. */
void *arena_memdup(Arena *a, const void *p, size_t size);
char *arena_strdup(Arena *a, const char *s);
char *arena_strndup(Arena *a, const char *s, size_t n);
/* printf into the arena. */
char *arena_printf(Arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Call fn(p) at arena_free(), or at a rewind to a mark taken before now. */
void arena_defer(Arena *a, void (*fn)(void *), void *p);

/* Remember the current state; arena_rewind() frees everything allocated and
 * runs every cleanup deferred since the mark. */
ArenaMark arena_mark(const Arena *a);
void arena_rewind(Arena *a, ArenaMark m);

/* Bytes handed out so far (for statistics). */
size_t arena_used(const Arena *a);

/* malloc/realloc that abort on failure, for growable arrays outside arenas. */
void *xmalloc(size_t size);
void *xrealloc(void *p, size_t size);
void *xcalloc(size_t n, size_t size);

#endif
