/*
 * test_doc.c: the work queue (doc_parallel, doc.h). On 1, 2 and 4 threads
 * (KUMIHAN_THREADS) every item of the order is worked exactly once, each
 * thread with its own state (the caller's `own` on this thread, one
 * state_new each on the helpers, each state_free'd), each thread taking
 * items in the order given; on one thread the items go exactly in that order
 * (the callers pass the largest first). Run under ThreadSanitizer too
 * (make check-tsan).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <glib.h>

#include "doc.h"

#define N_ITEMS 2000

/* A thread's state: which thread it belongs to and the last position of
 * `order` it took (items must come in order on each thread). */
typedef struct State {
    int magic;
    int last_pos;
    int taken;
} State;

#define MAGIC 0x5eed

typedef struct Job {
    int order[N_ITEMS];
    int pos_of[N_ITEMS];                   /* item -> its position in order */
    int done[N_ITEMS];                     /* times worked (atomic) */
    int seq[N_ITEMS];                      /* one thread: items in the order worked */
    int n_seq;
    int wrong;                             /* bad state, item or order seen (atomic) */
    State *own;
} Job;

static int n_new, n_free;                  /* states made and ended (atomic) */

static void *
state_new(void)
{
    g_atomic_int_inc(&n_new);
    State *s = calloc(1, sizeof *s);
    s->magic = MAGIC;
    s->last_pos = -1;
    return s;
}

static int n_bad_free;

static void
state_free(void *p)
{
    State *s = p;
    if (s->magic != MAGIC)
        g_atomic_int_inc(&n_bad_free);
    g_atomic_int_inc(&n_free);
    free(s);
}

/* (cmocka's assertions are for the main thread: the helpers count what is
 * wrong in `wrong`, checked after) */
static void
work(void *ctx, void *state, int item)
{
    Job *r = ctx;
    State *s = state;
    if (!s || s->magic != MAGIC || item < 0 || item >= N_ITEMS) {
        g_atomic_int_inc(&r->wrong);
        return;
    }
    int pos = r->pos_of[item];
    /* a thread takes the next item of the order each time */
    if (pos <= s->last_pos)
        g_atomic_int_inc(&r->wrong);
    s->last_pos = pos;
    s->taken++;
    g_atomic_int_inc(&r->done[item]);
    if (s == r->own) {
        int k = r->n_seq++;
        r->seq[k] = item;
    }
}

/* The items 0..N-1 ordered by a made-up size, largest first (as subset.c and
 * post.c order their fonts and streams), ties by number. */
static int sizes[N_ITEMS];

static int
by_size(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    if (sizes[x] != sizes[y])
        return sizes[x] > sizes[y] ? -1 : 1;
    return x - y;
}

static Job *
new_run(void)
{
    Job *r = calloc(1, sizeof *r);
    for (int i = 0; i < N_ITEMS; i++) {
        sizes[i] = (int)((unsigned)i * 2654435761u % 10007u);
        r->order[i] = i;
    }
    qsort(r->order, N_ITEMS, sizeof(int), by_size);
    for (int i = 0; i < N_ITEMS; i++)
        r->pos_of[r->order[i]] = i;
    return r;
}

static void
check_threads(const char *threads)
{
    setenv("KUMIHAN_THREADS", threads, 1);
    assert_int_equal(doc_threads(), atoi(threads));
    Job *r = new_run();
    State own = {MAGIC, -1, 0};
    r->own = &own;
    n_new = n_free = n_bad_free = 0;
    doc_parallel(r->order, N_ITEMS, work, r, &own, state_new, state_free);
    assert_int_equal(r->wrong, 0);
    assert_int_equal(n_bad_free, 0);
    for (int i = 0; i < N_ITEMS; i++)
        if (r->done[i] != 1)
            fail_msg("%s threads: item %d worked %d times", threads, i, r->done[i]);
    /* one state per helper thread, each ended; none on one thread */
    assert_int_equal(n_new, n_free);
    assert_true(n_new <= atoi(threads) - 1);
    if (atoi(threads) == 1) {
        assert_int_equal(n_new, 0);
        /* one thread: exactly the order given, largest first */
        assert_int_equal(r->n_seq, N_ITEMS);
        assert_memory_equal(r->seq, r->order, sizeof r->order);
        for (int i = 1; i < N_ITEMS; i++)
            assert_true(sizes[r->seq[i - 1]] >= sizes[r->seq[i]]);
    }
    free(r);
    unsetenv("KUMIHAN_THREADS");
}

static void
test_each_item_once_1(void **state)
{
    (void)state;
    check_threads("1");
}

static void
test_each_item_once_2(void **state)
{
    (void)state;
    check_threads("2");
}

static void
test_each_item_once_4(void **state)
{
    (void)state;
    check_threads("4");
}

/* No state functions: work gets `own` here and NULL on the helpers; no
 * items: work is never called. */
static int calls;

static int wrong_state;

static void
work_count(void *ctx, void *state, int item)
{
    (void)item;
    if (state != ctx && state != NULL)
        g_atomic_int_inc(&wrong_state);
    g_atomic_int_inc(&calls);
}

static void
test_no_state_and_no_items(void **state)
{
    (void)state;
    setenv("KUMIHAN_THREADS", "4", 1);
    int order[64], own;
    for (int i = 0; i < 64; i++)
        order[i] = i;
    calls = wrong_state = 0;
    doc_parallel(order, 64, work_count, &own, &own, NULL, NULL);
    assert_int_equal(calls, 64);
    assert_int_equal(wrong_state, 0);
    calls = 0;
    doc_parallel(order, 0, work_count, &own, &own, NULL, NULL);
    assert_int_equal(calls, 0);
    unsetenv("KUMIHAN_THREADS");
}

/* KUMIHAN_THREADS out of range or not a number: the processors instead. */
static void
test_threads_setting(void **state)
{
    (void)state;
    unsetenv("KUMIHAN_THREADS");
    int procs = doc_threads();
    assert_true(procs >= 1 && procs <= 64);
    static const char *const bad[] = {"0", "65", "-1", "2x", " 2", ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        setenv("KUMIHAN_THREADS", bad[i], 1);
        assert_int_equal(doc_threads(), procs);
    }
    setenv("KUMIHAN_THREADS", "64", 1);
    assert_int_equal(doc_threads(), 64);
    unsetenv("KUMIHAN_THREADS");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_each_item_once_1),
        cmocka_unit_test(test_each_item_once_2),
        cmocka_unit_test(test_each_item_once_4),
        cmocka_unit_test(test_no_state_and_no_items),
        cmocka_unit_test(test_threads_setting),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
