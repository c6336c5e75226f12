/*
 * diag.c: formatting and counting of diagnostics (see diag.h).
 * Messages are printed as they happen, so a long run shows problems early.
 */
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "limits.h"
#include "progress.h"

static void
vreport_in(Doc *doc, const char *file, SrcPos pos, const char *kind, const char *fmt, va_list ap)
{
    if (!file)                             /* (a book: the chapter's file) */
        file = doc_file_at(doc, &pos);
    const char *path = file ? file : doc && doc->path ? doc->path : "kumihan";
    flockfile(stderr);                     /* (a line whole: a batch's threads) */
    progress_interrupt();                  /* (the progress line erased first) */
    if (pos.line)
        fprintf(stderr, "%s:%u:%u: %s: ", path, pos.line, pos.col ? pos.col : 1, kind);
    else
        fprintf(stderr, "%s: %s: ", path, kind);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    funlockfile(stderr);
}

static void
vreport(Doc *doc, SrcPos pos, const char *kind, const char *fmt, va_list ap)
{
    vreport_in(doc, NULL, pos, kind, fmt, ap);
}

void
diag_warn_in(Doc *doc, const char *file, SrcPos pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (doc->opt && doc->opt->strict) {
        doc->n_errors++;
        vreport_in(doc, file, pos, "error", fmt, ap);
    } else if (++doc->n_warnings <= LIMIT_WARNINGS && !(doc->opt && doc->opt->quiet)) {
        vreport_in(doc, file, pos, "warning", fmt, ap);
    }
    va_end(ap);
}

void
diag_error_in(Doc *doc, const char *file, SrcPos pos, const char *fmt, ...)
{
    doc->n_errors++;
    va_list ap;
    va_start(ap, fmt);
    vreport_in(doc, file, pos, "error", fmt, ap);
    va_end(ap);
}

void
diag_warn(Doc *doc, SrcPos pos, const char *fmt, ...)
{
    if (doc->opt && doc->opt->strict) {    /* --strict: an error, never silenced */
        doc->n_errors++;
        va_list ap;
        va_start(ap, fmt);
        vreport(doc, pos, "error", fmt, ap);
        va_end(ap);
        return;
    }
    doc->n_warnings++;
    if ((doc->opt && doc->opt->quiet) || doc->n_warnings > LIMIT_WARNINGS)
        return;
    va_list ap;
    va_start(ap, fmt);
    vreport(doc, pos, "warning", fmt, ap);
    va_end(ap);
}

void
diag_error(Doc *doc, SrcPos pos, const char *fmt, ...)
{
    doc->n_errors++;
    va_list ap;
    va_start(ap, fmt);
    vreport(doc, pos, "error", fmt, ap);
    va_end(ap);
}

Status
diag_fail(Doc *doc, Status st, const char *fmt, ...)
{
    if (doc)
        doc->n_errors++;
    va_list ap;
    va_start(ap, fmt);
    flockfile(stderr);
    progress_interrupt();
    fputs("kumihan: error: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    funlockfile(stderr);
    va_end(ap);
    return st;
}

void
diag_finish(Doc *doc)
{
    if (doc->n_warnings > LIMIT_WARNINGS && !(doc->opt && doc->opt->quiet))
        fprintf(stderr, "%s: warning: %d more warnings not shown\n", doc->path,
                doc->n_warnings - LIMIT_WARNINGS);
}

void
diag_time(const Doc *doc, const char *stage)
{
    static _Thread_local struct timespec last;   /* (a batch: each thread's) */
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (last.tv_sec == 0 && last.tv_nsec == 0)
        last = now;
    if (doc && doc->opt && doc->opt->verbose >= 2) {
        progress_interrupt();
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        fprintf(stderr, "kumihan: time: %-10s %8.1f ms  (peak RSS so far %.1f MB)\n", stage,
                (double)(now.tv_sec - last.tv_sec) * 1e3
                    + (double)(now.tv_nsec - last.tv_nsec) / 1e6,
                (double)ru.ru_maxrss / 1024.0);
        /* -vvv: what is resident now, heap and mappings apart (Linux) */
        FILE *f = doc->opt->verbose >= 3 ? fopen("/proc/self/status", "r") : NULL;
        if (f) {
            char line[128];
            double anon = -1, file = -1;
            while (fgets(line, sizeof line, f)) {
                if (strncmp(line, "RssAnon:", 8) == 0)
                    anon = atof(line + 8) / 1024.0;
                else if (strncmp(line, "RssFile:", 8) == 0)
                    file = atof(line + 8) / 1024.0;
            }
            fclose(f);
            if (anon >= 0 && file >= 0)
                fprintf(stderr, "kumihan:       resident now %.1f MB: %.1f anonymous, %.1f "
                        "file-backed\n", anon + file, anon, file);
        }
    }
    last = now;
}
