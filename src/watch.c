/*
 * watch.c: --watch. After each run, the folders of the files it read are
 * watched with inotify; an event on one of those files starts the next run
 * after a short quiet time (an editor's save is several events).
 */
#include "watch.h"

#include <errno.h>
#include <glib.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/inotify.h>
#include <time.h>
#include <unistd.h>

#include "pipeline.h"

#define QUIET_MS 150                       /* events closer than this are one change */

static volatile sig_atomic_t stop;

static void
on_stop(int sig)
{
    (void)sig;
    stop = 1;
}

static void
note_read(void *ctx, const char *path)
{
    GPtrArray *deps = ctx;
    for (guint i = 0; i < deps->len; i++)
        if (strcmp(deps->pdata[i], path) == 0)
            return;
    g_ptr_array_add(deps, g_strdup(path));
}

static double
now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Is the event about one of the files read (by name: the folders watched
 * are theirs)? */
static bool
concerns(const struct inotify_event *ev, GPtrArray *deps)
{
    if (ev->len == 0)
        return false;
    for (guint i = 0; i < deps->len; i++) {
        char *base = g_path_get_basename(deps->pdata[i]);
        bool same = strcmp(base, ev->name) == 0;
        g_free(base);
        if (same)
            return true;
    }
    return false;
}

int
watch_run(Options *opt)
{
    GPtrArray *deps = g_ptr_array_new_with_free_func(g_free);
    opt->on_read = note_read;
    opt->on_read_ctx = deps;
    if (opt->verbose < 1)
        opt->verbose = 1;                  /* say what each run wrote */
    /* Ctrl-C ends the watch, between runs (a run being written is finished
     * or removed by pdf.c's own handler); set even where the shell started
     * us with SIGINT ignored, as it does for background jobs */
    struct sigaction sa = {0};
    sa.sa_handler = on_stop;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    for (;;) {
        if (stop)
            break;
        g_ptr_array_set_size(deps, 0);
        double t0 = now_s();
        Status st = pipeline_run(opt);
        fprintf(stderr, "kumihan: %s in %.2f s; watching %u file%s (Ctrl-C to stop)\n",
                st == ST_OK ? "rendered" : "no PDF written", now_s() - t0, deps->len,
                deps->len == 1 ? "" : "s");
        fflush(stderr);
        int fd = inotify_init1(IN_CLOEXEC);
        if (fd < 0) {
            fprintf(stderr, "kumihan: error: cannot watch files: %s\n", strerror(errno));
            g_ptr_array_free(deps, TRUE);
            return 2;
        }
        GPtrArray *wds = g_ptr_array_new();
        for (guint i = 0; i < deps->len; i++) {
            char *dir = g_path_get_dirname(deps->pdata[i]);
            int wd = inotify_add_watch(fd, dir, IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE
                                                    | IN_DELETE | IN_ATTRIB);
            if (wd >= 0)
                g_ptr_array_add(wds, GINT_TO_POINTER(wd));
            g_free(dir);
        }
        if (wds->len == 0) {
            fprintf(stderr, "kumihan: error: cannot watch the input's folder\n");
            close(fd);
            g_ptr_array_free(wds, TRUE);
            g_ptr_array_free(deps, TRUE);
            return 2;
        }
        /* wait for a change to a file read, then for quiet */
        char buf[16 * (sizeof(struct inotify_event) + NAME_MAX + 1)]
            __attribute__((aligned(__alignof__(struct inotify_event))));
        bool changed = false;
        while (!changed || poll(&(struct pollfd){fd, POLLIN, 0}, 1, QUIET_MS) > 0) {
            ssize_t n = stop ? -1 : read(fd, buf, sizeof buf);
            if (stop)
                break;
            if (n <= 0) {
                if (n < 0 && errno == EINTR)
                    continue;
                break;
            }
            for (char *p = buf; p < buf + n;) {
                const struct inotify_event *ev = (const struct inotify_event *)(void *)p;
                if (concerns(ev, deps))
                    changed = true;
                p += sizeof(struct inotify_event) + ev->len;
            }
        }
        close(fd);
        g_ptr_array_free(wds, TRUE);
        if (stop) {
            fprintf(stderr, "kumihan: stopped watching\n");
            g_ptr_array_free(deps, TRUE);
            return 0;
        }
        if (!changed) {
            fprintf(stderr, "kumihan: error: watching stopped: %s\n", strerror(errno));
            g_ptr_array_free(deps, TRUE);
            return 2;
        }
    }
    g_ptr_array_free(deps, TRUE);
    return 0;
}
