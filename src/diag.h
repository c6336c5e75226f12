/*
 * diag.h: diagnostics. Every message goes to stderr as
 *   FILE:LINE:COL: warning|error: text
 * (or "kumihan: error: text" when there is no position) and is counted on
 * the Doc. Warnings are silenced by -q; errors never are (--strict makes
 * every warning an error). After
 * LIMIT_WARNINGS warnings the rest are counted and summarised once.
 */
#ifndef DIAG_H
#define DIAG_H

#include "doc.h"

/* A content warning at `pos` in the document's input; with --strict
 * (Settings.strict) an error, counted and printed as one. */
void diag_warn(Doc *doc, SrcPos pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* A content error at `pos`: the run will exit 1 and write no output. */
void diag_error(Doc *doc, SrcPos pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The same at `pos` in another file than the document's (a theme file);
 * `file` NULL: the document. */
void diag_warn_in(Doc *doc, const char *file, SrcPos pos, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void diag_error_in(Doc *doc, const char *file, SrcPos pos, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* An environment or I/O failure with no source position. Returns `st`, so
 * callers can write `return diag_fail(doc, ST_IO, ...)`. `doc` may be NULL. */
Status diag_fail(Doc *doc, Status st, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* With -vv: the time since the last mark (or the start), on stderr as
 * "kumihan: time: STAGE N.N ms". Where the time goes, stage by stage. */
void diag_time(const Doc *doc, const char *stage);
/* Print the "N more warnings" summary if some were suppressed. */
void diag_finish(Doc *doc);

#endif
