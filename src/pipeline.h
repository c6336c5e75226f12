/*
 * pipeline.h: the stages in order.
 */
#ifndef PIPELINE_H
#define PIPELINE_H

#include "doc.h"

struct Fonts;

/* One job: a run as the command line asks for it: the settings the stages see,
 * and what only main.c, pipeline.c and watch.c use. */
typedef struct Job {
    Settings settings;
    const char *input, *output;
    const char *const *inputs;             /* a book's files, inputs[0] == input: chapters
                                            * (book.c), or NULL: one input */
    int n_inputs;
    const char *dump;                      /* "tree" | "items" | "pages" | NULL */
    const char *theme;                     /* --theme NAME|FILE, or NULL */
    bool lock_fonts;                       /* --lock-fonts: write the theme's fonts.lock,
                                            * nothing else (input may be NULL) */
    bool watch;                            /* --watch: render again on changes */
    void (*on_read)(void *ctx, const char *path);  /* each file the run reads (or */
    void *on_read_ctx;                     /* tries to): the input, deck, images */
    bool exiting;                          /* the process ends after this run: its memory
                                            * is left to the system (release builds) */
} Job;

/* Lay out a parsed document with `fonts`, as its options say: a report
 * (style, its appendix decks as slides, blocks, pages laid out again until
 * their labels are stable, outline; --booklet imposed), or a deck (slides,
 * outline; --handout or --notes imposed). Returns the document to draw:
 * `doc` itself or a new imposed one, which the caller frees before `doc`. */
Doc *pipeline_layout(Doc *doc, struct Fonts *fonts);

/* Content errors of the document and of the decks it holds: no output is
 * written when there are any. */
int pipeline_errors(const Doc *doc);

/* Render job->input to job->output (or the --dump text to stdout; or
 * with --lock-fonts write the theme's fonts.lock).
 * Returns ST_OK, ST_CONTENT when the content had errors (no output is
 * written then), or an environment / I/O status. */
Status pipeline_run(const Job *job);

/* The same with `shared`, a finished font set (fonts_begin, fonts_finish)
 * the caller keeps, used for the document unless its theme adds fonts of
 * its own (then the run makes and frees its own set, as pipeline_run
 * does). NULL: pipeline_run. */
Status pipeline_run_with(const Job *job, struct Fonts *shared);

#endif
