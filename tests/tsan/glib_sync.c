/*
 * glib_sync.c: linked into the ThreadSanitizer build only (build=tsan).
 * GLib 2.74 on Linux implements GMutex and GCond on futexes with its own
 * atomics, inside libglib, which is not instrumented: TSan sees no lock at
 * all and would report every access a GMutex guards as a race: Pango's own
 * font-matching thread hands its fontconfig patterns over with them (seen:
 * without these, strcmp in libpangoft2 under itemize_plain reported against
 * that thread). Our threads (doc_parallel) use atomics and joins. These
 * definitions take the place of GLib's for the whole process (the
 * executable's symbols come first), call GLib's own, and tell TSan what
 * they do: a lock acquires the mutex, an unlock releases it, a wait
 * releases and acquires it again.
 * Nothing is suppressed: a real race across a GMutex is still reported.
 * GAsyncQueue locks its own mutex inside GLib, out of reach of these: a
 * push releases the queue and a pop acquires it, so what was written
 * before a push is seen written after the pop that gets it.
 * g_once_init_enter and g_once_init_leave likewise: the leave releases
 * the location, an enter that finds the value made acquires it.
 * Thread start and join go through pthread_create/pthread_join, which TSan
 * intercepts itself; GRecMutex and GRWLock are pthread's too.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <glib.h>
#include <sanitizer/tsan_interface.h>
#include <stdio.h>
#include <stdlib.h>

typedef void LockFn(GMutex *);
typedef gboolean TryFn(GMutex *);
typedef void WaitFn(GCond *, GMutex *);
typedef gboolean WaitUntilFn(GCond *, GMutex *, gint64);
typedef void PushFn(GAsyncQueue *, gpointer);
typedef gpointer PopFn(GAsyncQueue *);
typedef gboolean OnceEnterFn(volatile void *);
typedef void OnceLeaveFn(volatile void *, gsize);

/* GLib's own function `name`, found on first use (GLib locks a mutex
 * before any constructor of ours runs); atomics, as two threads may look
 * it up at once (both find the same). */
static void *
real(void **slot, const char *name)
{
    void *f = __atomic_load_n(slot, __ATOMIC_ACQUIRE);
    if (!f) {
        f = dlsym(RTLD_NEXT, name);
        if (!f) {
            fprintf(stderr, "glib_sync: no %s in GLib\n", name);
            abort();
        }
        __atomic_store_n(slot, f, __ATOMIC_RELEASE);
    }
    return f;
}

static void *lock_fn, *unlock_fn, *trylock_fn, *wait_fn, *wait_until_fn, *push_fn, *pop_fn,
    *try_pop_fn, *once_enter_fn, *once_leave_fn;
#define REAL(T, slot, name) ((T *)real(&slot, name))

void
g_mutex_lock(GMutex *m)
{
    REAL(LockFn, lock_fn, "g_mutex_lock")(m);
    __tsan_acquire(m);
}

void
g_mutex_unlock(GMutex *m)
{
    __tsan_release(m);
    REAL(LockFn, unlock_fn, "g_mutex_unlock")(m);
}

gboolean
g_mutex_trylock(GMutex *m)
{
    gboolean ok = REAL(TryFn, trylock_fn, "g_mutex_trylock")(m);
    if (ok)
        __tsan_acquire(m);
    return ok;
}

void
g_cond_wait(GCond *c, GMutex *m)
{
    __tsan_release(m);
    REAL(WaitFn, wait_fn, "g_cond_wait")(c, m);
    __tsan_acquire(m);
}

gboolean
g_cond_wait_until(GCond *c, GMutex *m, gint64 end_time)
{
    __tsan_release(m);
    gboolean ok = REAL(WaitUntilFn, wait_until_fn, "g_cond_wait_until")(c, m, end_time);
    __tsan_acquire(m);
    return ok;
}

void
g_async_queue_push(GAsyncQueue *q, gpointer data)
{
    __tsan_release(q);
    REAL(PushFn, push_fn, "g_async_queue_push")(q, data);
}

gpointer
g_async_queue_pop(GAsyncQueue *q)
{
    gpointer data = REAL(PopFn, pop_fn, "g_async_queue_pop")(q);
    __tsan_acquire(q);
    return data;
}

gpointer
g_async_queue_try_pop(GAsyncQueue *q)
{
    gpointer data = REAL(PopFn, try_pop_fn, "g_async_queue_try_pop")(q);
    if (data)
        __tsan_acquire(q);
    return data;
}

/* g_once_init_enter and g_once_init_leave (a value made once, whichever
 * thread comes first: theme.c, loaded.c, itemize.c, layout.c): the leave
 * stores the value with GLib's atomics, out of TSan's sight, and releases
 * the location; an enter that finds it made (here, or the macro's inline
 * atomic load, which TSan sees) acquires it. */
gboolean
(g_once_init_enter)(volatile void *location)
{
    gboolean first = REAL(OnceEnterFn, once_enter_fn, "g_once_init_enter")(location);
    if (!first)
        __tsan_acquire((void *)location);
    return first;
}

void
(g_once_init_leave)(volatile void *location, gsize result)
{
    __tsan_release((void *)location);
    REAL(OnceLeaveFn, once_leave_fn, "g_once_init_leave")(location, result);
}
