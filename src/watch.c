/*
 * watch.c: --watch. The folders of the files a run reads are watched with
 * inotify (the input's from the start, the others from the end of the run
 * that first read them, and for as long as the watch goes on); an event on
 * one of those files, or a file whose state (inode, size, times) differs
 * from when the run read it, starts the next run after a short quiet time
 * (an editor's save is several events). Watches are never taken down, so an
 * edit saved while a run is going is never lost.
 */
#include "watch.h"

#include <errno.h>
#include <glib.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/inotify.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"
#include "pipeline.h"

#define QUIET_MS 150                       /* events closer than this are one change */

static volatile sig_atomic_t stop;

static void
on_stop(int sig)
{
    (void)sig;
    stop = 1;
}

/* A file the run read (or tried to), and its state when it was read: the
 * run's result is stale when that state changes. */
typedef struct Dep {
    char *path;
    char *base;                            /* its name in its folder */
    int wd;                                /* the watch on its folder, or -1 */
    bool exists;
    struct stat sb;                        /* when it was read (if it existed) */
} Dep;

static void
dep_free(void *p)
{
    Dep *d = p;
    g_free(d->path);
    g_free(d->base);
    g_free(d);
}

static void
state_of(const char *path, bool *exists, struct stat *sb)
{
    *exists = stat(path, sb) == 0;
    if (!*exists)
        memset(sb, 0, sizeof *sb);
}

/* Job.on_read: called before the run opens the file, so the state
 * recorded is at most as new as the bytes read; any change after it shows
 * as a different state once the run is over. */
static void
note_read(void *ctx, const char *path)
{
    GPtrArray *deps = ctx;
    for (guint i = 0; i < deps->len; i++)
        if (strcmp(((Dep *)deps->pdata[i])->path, path) == 0)
            return;
    Dep *d = g_new0(Dep, 1);
    d->path = g_strdup(path);
    d->base = g_path_get_basename(path);
    d->wd = -1;
    state_of(path, &d->exists, &d->sb);
    g_ptr_array_add(deps, d);
}

static bool
same_state(const Dep *d)
{
    bool exists;
    struct stat sb;
    state_of(d->path, &exists, &sb);
    if (exists != d->exists)
        return false;
    return !exists
           || (sb.st_dev == d->sb.st_dev && sb.st_ino == d->sb.st_ino
               && sb.st_size == d->sb.st_size && sb.st_mtim.tv_sec == d->sb.st_mtim.tv_sec
               && sb.st_mtim.tv_nsec == d->sb.st_mtim.tv_nsec
               && sb.st_ctim.tv_sec == d->sb.st_ctim.tv_sec
               && sb.st_ctim.tv_nsec == d->sb.st_ctim.tv_nsec);
}

static double
now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

#define WATCH_MASK (IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_ATTRIB)

/* Watch the folder of `path` (inotify gives the same wd for a folder
 * watched twice): the wd, or -1. */
static int
watch_folder(int fd, const char *path)
{
    char *dir = g_path_get_dirname(path);
    int wd = inotify_add_watch(fd, dir, WATCH_MASK);
    g_free(dir);
    return wd;
}

/* Is the event about one of the files read? An overflowed queue may have
 * lost one that was: yes. */
static bool
concerns(const struct inotify_event *ev, GPtrArray *deps)
{
    if (ev->mask & IN_Q_OVERFLOW)
        return true;
    if (ev->len == 0)
        return false;
    for (guint i = 0; i < deps->len; i++) {
        const Dep *d = deps->pdata[i];
        if (d->wd == ev->wd && strcmp(d->base, ev->name) == 0)
            return true;
    }
    return false;
}

/* Read the events queued on fd (waiting up to timeout_ms for the first;
 * -1: without end): 1 when one concerns a file read, 0 when none does or
 * none came, -1 on a failure of read (errno). */
static int
drain(int fd, GPtrArray *deps, int timeout_ms)
{
    char buf[16 * (sizeof(struct inotify_event) + NAME_MAX + 1)]
        __attribute__((aligned(__alignof__(struct inotify_event))));
    int found = 0;
    for (;;) {
        if (stop)
            return found;
        int r = poll(&(struct pollfd){fd, POLLIN, 0}, 1, timeout_ms);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return r < 0 ? -1 : found;
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (n <= 0)
            return -1;
        for (char *p = buf; p < buf + n;) {
            const struct inotify_event *ev = (const struct inotify_event *)(void *)p;
            if (concerns(ev, deps))
                found = 1;
            p += sizeof(struct inotify_event) + ev->len;
        }
        timeout_ms = 0;                    /* then whatever else is queued */
    }
}

/* Render, then wait for a change of a file the run read. Nothing is missed:
 * the folders are watched before a run starts reading (the input's before
 * the first, every folder of the last run's files before the next), so an
 * edit saved while a run is going queues an event; a file read from a
 * folder not yet watched is caught by its state, compared once its folder
 * is watched. The events queued before a run starts are dropped: that run
 * reads what they announced. */
int
watch_run(Job *job)
{
    GPtrArray *deps = g_ptr_array_new_with_free_func(dep_free);
    job->on_read = note_read;
    job->on_read_ctx = deps;
    if (job->settings.verbose < 1)
        job->settings.verbose = 1;                  /* say what each run wrote */
    /* Ctrl-C ends the watch, between runs (a run being written is finished
     * or removed by pdf.c's own handler); set even where the shell started
     * us with SIGINT ignored, as it does for background jobs */
    struct sigaction sa = {0};
    sa.sa_handler = on_stop;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    int rc = 0;
    int fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
    if (fd < 0 || watch_folder(fd, job->input) < 0) {
        int err = errno;
        fprintf(stderr, "kumihan: error: ");
        fprintf(stderr, _("cannot watch the input's folder: %s"), strerror(err));
        fputc('\n', stderr);
        rc = 2;
        goto done;
    }
    for (;;) {
        if (stop)
            break;
        if (drain(fd, deps, 0) < 0)
            break;
        g_ptr_array_set_size(deps, 0);
        double t0 = now_s();
        Status st = pipeline_run(job);
        fputs("kumihan: ", stderr);
        fprintf(stderr,
                st == ST_OK ? ngettext("rendered in %.2f s; watching %u file (Ctrl-C to stop)",
                                       "rendered in %.2f s; watching %u files (Ctrl-C to stop)",
                                       deps->len)
                            : ngettext("no PDF written in %.2f s; watching %u file (Ctrl-C to "
                                       "stop)",
                                       "no PDF written in %.2f s; watching %u files (Ctrl-C to "
                                       "stop)", deps->len),
                now_s() - t0, deps->len);
        fputc('\n', stderr);
        fflush(stderr);
        /* the folders first seen in this run, then each file's state: a
         * change before its folder was watched shows there */
        bool changed = false;
        for (guint i = 0; i < deps->len; i++) {
            Dep *d = deps->pdata[i];
            d->wd = watch_folder(fd, d->path);
            if (!same_state(d))
                changed = true;
        }
        /* events queued while the run went on */
        int r = drain(fd, deps, 0);
        if (r < 0)
            break;
        changed = changed || r > 0;
        /* wait for a change to a file read, then for quiet (an editor's save
         * is several events) */
        while (!changed && !stop) {
            r = drain(fd, deps, -1);
            if (r < 0)
                break;
            changed = r > 0;
        }
        while (changed && !stop && (r = drain(fd, deps, QUIET_MS)) > 0)
            ;
        if (stop)
            break;
        if (r < 0)
            break;
    }
    if (stop) {
        fprintf(stderr, "kumihan: %s\n", _("stopped watching"));
    } else if (rc == 0) {
        int err = errno;
        fprintf(stderr, "kumihan: error: ");
        fprintf(stderr, _("watching stopped: %s"), strerror(err));
        fputc('\n', stderr);
        rc = 2;
    }
done:
    if (fd >= 0)
        close(fd);
    g_ptr_array_free(deps, TRUE);
    return rc;
}
