/*
 * test_arena.c: the per-document bump allocator (arena.h).
 * Alignment, zeroing, string copies, deferred cleanups at free and at
 * rewind, requests larger than a chunk (64 KB).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "arena.h"

/* --- a log of the cleanups that ran, in order --- */

static char trace[64];
static size_t n_trace;

static void
record(void *p)
{
    if (n_trace < sizeof trace - 1)
        trace[n_trace++] = *(const char *)p;
    trace[n_trace] = '\0';
}

static void
reset_trace(void)
{
    n_trace = 0;
    trace[0] = '\0';
}

static int
aligned8(const void *p)
{
    return (uintptr_t)p % 8 == 0;
}

/* --- allocation --- */

static void
test_alloc_alignment(void **state)
{
    (void)state;
    Arena *a = arena_new();
    for (size_t size = 0; size <= 100; size++) {
        unsigned char *p = arena_alloc(a, size);
        assert_non_null(p);
        assert_true(aligned8(p));
        memset(p, 0xA5, size);             /* writable for its whole size */
    }
    /* odd sizes in a row never break the alignment of the next block */
    char *p1 = arena_alloc(a, 1), *p2 = arena_alloc(a, 3), *p3 = arena_alloc(a, 17);
    assert_true(aligned8(p1) && aligned8(p2) && aligned8(p3));
    assert_true(p2 >= p1 + 1 && p3 >= p2 + 3);
    arena_free(a);
}

static void
test_zalloc_zeroed(void **state)
{
    (void)state;
    Arena *a = arena_new();
    ArenaMark m = arena_mark(a);
    /* dirty memory first, then give it back, so zalloc cannot rely on
     * fresh pages being zero */
    unsigned char *dirty = arena_alloc(a, 4000);
    memset(dirty, 0xFF, 4000);
    arena_rewind(a, m);
    unsigned char *z = arena_zalloc(a, 4000);
    assert_true(aligned8(z));
    for (size_t i = 0; i < 4000; i++)
        assert_int_equal(z[i], 0);
    /* a zeroed block bigger than a chunk */
    size_t big = 200 * 1024;
    unsigned char *zb = arena_zalloc(a, big);
    for (size_t i = 0; i < big; i++)
        assert_int_equal(zb[i], 0);
    arena_free(a);
}

static void
test_strndup_printf_memdup(void **state)
{
    (void)state;
    Arena *a = arena_new();
    const char *src = "hello world";
    char *s = arena_strndup(a, src, 5);
    assert_string_equal(s, "hello");
    assert_int_equal(s[5], '\0');
    assert_ptr_not_equal(s, src);
    char *empty = arena_strndup(a, src, 0);
    assert_string_equal(empty, "");
    /* bytes after a NUL are copied too: n is a length, not a limit */
    char *raw = arena_strndup(a, "ab\0cd", 5);
    assert_memory_equal(raw, "ab\0cd", 6);
    char *d = arena_strdup(a, "吾輩は猫である");
    assert_string_equal(d, "吾輩は猫である");
    assert_true(aligned8(d));

    char *p = arena_printf(a, "%d-%s-%c-%05.1f", 42, "x", 'y', 3.5);
    assert_string_equal(p, "42-x-y-003.5");
    char *pe = arena_printf(a, "%s", "");
    assert_string_equal(pe, "");
    /* a formatted string longer than a chunk */
    char *long_s = arena_printf(a, "%*s|", 100000, "end");
    assert_int_equal(strlen(long_s), 100001);
    assert_string_equal(long_s + 100001 - 4, "end|");

    int v[4] = {1, 2, 3, 4};
    int *m = arena_memdup(a, v, sizeof v);
    assert_memory_equal(m, v, sizeof v);
    assert_ptr_not_equal(m, v);
    assert_non_null(arena_memdup(a, v, 0));
    arena_free(a);
}

/* --- deferred cleanups --- */

static void
test_defer_runs_at_free_in_reverse(void **state)
{
    (void)state;
    reset_trace();
    Arena *a = arena_new();
    arena_defer(a, record, "A");
    (void)arena_alloc(a, 100);
    arena_defer(a, record, "B");
    arena_defer(a, record, "C");
    assert_int_equal(n_trace, 0);          /* nothing runs before free */
    arena_free(a);
    assert_string_equal(trace, "CBA");

    /* many cleanups: the stack grows past its first capacity */
    reset_trace();
    a = arena_new();
    static const char letters[] = "abcdefghijklmnopqrstuvwxyz";
    for (int i = 0; i < 26; i++)
        arena_defer(a, record, (void *)&letters[i]);
    arena_free(a);
    assert_string_equal(trace, "zyxwvutsrqponmlkjihgfedcba");

    arena_free(NULL);                      /* allowed */
}

static void
test_mark_rewind(void **state)
{
    (void)state;
    reset_trace();
    Arena *a = arena_new();
    (void)arena_alloc(a, 1000);
    arena_defer(a, record, "A");
    size_t used0 = arena_used(a);
    ArenaMark m = arena_mark(a);

    arena_defer(a, record, "B");
    (void)arena_alloc(a, 5000);
    arena_defer(a, record, "C");
    (void)arena_alloc(a, 300 * 1024);      /* a chunk of its own */
    for (int i = 0; i < 100; i++)
        (void)arena_alloc(a, 2000);        /* and more ordinary chunks */
    arena_defer(a, record, "D");
    assert_true(arena_used(a) >= used0 + 5000 + 300 * 1024 + 100 * 2000);

    arena_rewind(a, m);
    assert_string_equal(trace, "DCB");     /* only those after the mark, newest first */
    assert_int_equal(arena_used(a), used0);

    /* the arena keeps working after a rewind; the mark can be reused */
    char *s = arena_strdup(a, "again");
    assert_string_equal(s, "again");
    arena_defer(a, record, "E");
    arena_rewind(a, m);
    assert_string_equal(trace, "DCBE");
    assert_int_equal(arena_used(a), used0);

    /* a rewind to the current state changes nothing */
    arena_rewind(a, arena_mark(a));
    assert_string_equal(trace, "DCBE");
    assert_int_equal(arena_used(a), used0);

    arena_free(a);
    assert_string_equal(trace, "DCBEA");   /* A, before the mark, ran only now */
}

static void
test_rewind_nested_marks(void **state)
{
    (void)state;
    reset_trace();
    Arena *a = arena_new();
    ArenaMark m0 = arena_mark(a);          /* an empty arena */
    arena_defer(a, record, "1");
    (void)arena_alloc(a, 70000);
    size_t used1 = arena_used(a);
    ArenaMark m1 = arena_mark(a);
    arena_defer(a, record, "2");
    (void)arena_alloc(a, 10);
    arena_rewind(a, m1);
    assert_string_equal(trace, "2");
    assert_int_equal(arena_used(a), used1);
    arena_rewind(a, m0);
    assert_string_equal(trace, "21");
    assert_int_equal(arena_used(a), 0);
    /* usable from scratch again */
    unsigned char *p = arena_zalloc(a, 64);
    assert_true(aligned8(p));
    assert_int_equal(p[63], 0);
    arena_free(a);
    assert_string_equal(trace, "21");
}

/* --- large requests --- */

static void
test_large_allocations(void **state)
{
    (void)state;
    Arena *a = arena_new();
    size_t sizes[] = {64 * 1024 - 1, 64 * 1024, 64 * 1024 + 1, 100000, 1 << 20, 5 << 20};
    unsigned char *blocks[6];
    size_t before = arena_used(a);
    for (int i = 0; i < 6; i++) {
        unsigned char *small = arena_alloc(a, 24);
        memset(small, 0x11, 24);
        blocks[i] = arena_alloc(a, sizes[i]);
        assert_true(aligned8(blocks[i]));
        memset(blocks[i], i + 1, sizes[i]);   /* whole block writable */
        assert_true(arena_used(a) >= before + sizes[i] + 24);
        before = arena_used(a);
    }
    /* no block overwrote another */
    for (int i = 0; i < 6; i++) {
        assert_int_equal(blocks[i][0], i + 1);
        assert_int_equal(blocks[i][sizes[i] - 1], i + 1);
    }
    /* small allocations go on after the big ones */
    for (int i = 0; i < 1000; i++) {
        int *q = arena_alloc(a, sizeof *q);
        *q = i;
        assert_true(aligned8(q));
    }
    arena_free(a);
}

static void
test_xalloc(void **state)
{
    (void)state;
    int *p = xcalloc(10, sizeof *p);
    for (int i = 0; i < 10; i++)
        assert_int_equal(p[i], 0);
    p = xrealloc(p, 1000 * sizeof *p);
    p[999] = 7;
    assert_int_equal(p[0], 0);
    free(p);
    void *z = xmalloc(0);                  /* never NULL, even for 0 */
    assert_non_null(z);
    free(z);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alloc_alignment),
        cmocka_unit_test(test_zalloc_zeroed),
        cmocka_unit_test(test_strndup_printf_memdup),
        cmocka_unit_test(test_defer_runs_at_free_in_reverse),
        cmocka_unit_test(test_mark_rewind),
        cmocka_unit_test(test_rewind_nested_marks),
        cmocka_unit_test(test_large_allocations),
        cmocka_unit_test(test_xalloc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
