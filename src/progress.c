/*
 * progress.c: what a long run is doing, on one line of standard error (see
 * progress.h): "kumihan: drawing page 412 of 900" rewritten in place with a
 * carriage return and erased when the run ends, so the terminal is left as
 * a short run leaves it.
 * Only on a terminal (isatty: never in a pipe, a file or a CI log), never
 * with -q, and only once the run has taken about a second (a short run
 * shows nothing). Rewritten at most ten times a second. A diagnostic
 * erases the line before it prints (diag.c), so messages stay whole lines.
 * The state is the process's: one run at a time shows progress (a batch's
 * documents, on several threads, show none).
 */
#include "progress.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"

#define PROGRESS_AFTER_MS 1000            /* a shorter run shows nothing */
#define PROGRESS_EVERY_MS 100             /* the line rewritten at most this often */

static struct {
    bool on;                               /* a run that may show progress */
    bool shown;                            /* the line is on the terminal now */
    long long start_ms, last_ms;
} P;

static long long
now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

void
progress_begin(const Settings *opt)
{
    P.on = !(opt && opt->quiet) && isatty(STDERR_FILENO);
    P.shown = false;
    P.start_ms = P.last_ms = now_ms();
}

void
progress_note(const char *stage, int done, int total)
{
    if (!P.on)
        return;
    long long t = now_ms();
    if (t - P.start_ms < PROGRESS_AFTER_MS || (P.shown && t - P.last_ms < PROGRESS_EVERY_MS))
        return;
    P.last_ms = t;
    flockfile(stderr);
    /* \033[K: the rest of the line cleared (a shorter text over a longer) */
    fputs("\rkumihan: ", stderr);
    if (total > 0)
        fprintf(stderr, _("%s %d of %d"), _(stage), done, total);
    else if (done > 0)
        fprintf(stderr, ngettext("%s, %d page", "%s, %d pages", (unsigned long)done), _(stage),
                done);
    else
        fputs(_(stage), stderr);
    fputs("\033[K", stderr);
    fflush(stderr);
    funlockfile(stderr);
    P.shown = true;
}

void
progress_interrupt(void)
{
    if (!P.shown)
        return;
    fputs("\r\033[K", stderr);
    P.shown = false;
}

void
progress_end(void)
{
    flockfile(stderr);
    progress_interrupt();
    funlockfile(stderr);
    P.on = false;
}
