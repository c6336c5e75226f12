/*
 * diag.h: diagnostics. Every message goes to stderr as
 *   FILE:LINE:COL: warning|error: text
 * (or "kumihan: error: text" when there is no position), or with
 * --diagnostics json as one JSON object a line ({"file", "line", "column",
 * "severity", "message", "hint"}), and is counted on the Doc. COL counts
 * characters (code points; a tab is one). The messages are printed at
 * the run's end in the order of their places; one said twice at one place is
 * counted and printed once. Warnings are silenced by -q; errors never are
 * (--strict makes every warning an error). After LIMIT_WARNINGS warnings
 * the rest are counted and summarised once.
 */
#ifndef DIAG_H
#define DIAG_H

#include "doc.h"

/* A content warning at `pos` in the document's input (col in bytes of the
 * text given to diag_text_set); with --strict
 * (Settings.strict) an error, counted and printed as one. */
void diag_warn(Doc *doc, SrcPos pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* A content error at `pos`: the run will exit 1 and write no output. */
void diag_error(Doc *doc, SrcPos pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The same at `pos` in another file than the document's (a theme file);
 * `file` NULL: the document. Here pos.col counts characters (libyaml's
 * marks), whichever the file. */
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
/* The run's outcome in a line ("1 error: no PDF written") after the
 * messages: "PATH: text", or with --diagnostics json an object of
 * severity "note". */
void diag_summary(Doc *doc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The end of the run: what waits is printed, then the "N more warnings"
 * summary if some were suppressed. */
void diag_finish(Doc *doc);
/* Print the messages waiting, in the order of their places. diag_fail,
 * diag_finish and doc_free do it. */
void diag_flush(void);

/* The document's text as parsed (`text`, borrowed: doc->src), in which the
 * byte columns of diag_warn and diag_error are counted: a book's chapter
 * whose lines are numbered on from line0 (0: a single file). */
void diag_text_set(Doc *doc, char *text, size_t len, uint32_t line0);
/* The parse is done: take doc->src over (kept until doc_free, for the
 * columns of later messages) and set it NULL. */
void diag_text_keep(Doc *doc);
/* `pos` with its column in characters (libyaml's) turned into bytes of the
 * document's text: for positions kept with the byte columns of the rest. */
SrcPos diag_pos_bytes(Doc *doc, SrcPos pos);
/* True the first time it is asked about `what` for this document: for
 * what a message tells once a run (the list of the known keys). */
bool diag_once(Doc *doc, const char *what);
/* Print what waits and release what diag.c keeps for `doc` (doc_free). */
void diag_doc_free(Doc *doc);

#endif
