/*
 * batch.c: many documents in one process (kumihan --batch -d OUTDIR a.md
 * b.md ...), each input to its own PDF (see batch.h).
 *
 * What a small run spends besides its document — starting the process,
 * checking the fonts and building the font map, Pango loading the faces
 * it first sets — is spent here once per worker, not once per document.
 * The workers are threads (doc_threads(): KUMIHAN_THREADS, else the
 * processors), each with a font set of its own, made on this thread before
 * any starts: a Pango font map and its caches serve one thread, and
 * fontconfig's sets and the font files are read only. A worker takes the
 * next input as it finishes one (inputs in order, results in any), and
 * runs the whole pipeline on it (pipeline_run_with): its own Doc, arena,
 * files and output, the document's own threads off while several workers
 * run (the machine is busy already). A document whose theme adds fonts
 * of its own gets a set of its own for its run (pipeline.c). What the
 * documents share besides is made safe where it is kept: the optional
 * libraries opened once (loaded.c), the settings read from the
 * environment once (itemize.c, layout.c), cmark-gfm's extensions
 * registered once (parse.c), the temporary files of every output under
 * way (output.c), whole lines on stderr (diag.c); and what libraries make
 * on first use for the whole process (fontconfig's names of Pango's keys,
 * HarfBuzz's languages, the time zone) is made before the threads start:
 * the first document is rendered alone (tests/tsan/run.sh runs a batch
 * under ThreadSanitizer).
 * A failure (an unreadable input, content errors, an unwritable PDF) ends
 * its document only; the status is the worst of them.
 */
#include "batch.h"

#include <glib.h>
#include <hb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "diag.h"
#include "fonts.h"

char *
batch_output_name(const char *input, const char *dir)
{
    const char *slash = strrchr(input, '/');
    const char *base = slash ? slash + 1 : input;
    size_t n = strlen(base);
    static const char *const exts[] = {".md", ".yaml", ".yml"};
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
        size_t e = strlen(exts[i]);
        if (n > e && strcmp(base + n - e, exts[i]) == 0) {
            n -= e;
            break;
        }
    }
    if (dir)
        return g_strdup_printf("%s/%.*s.pdf", dir, (int)n, base);
    return g_strdup_printf("%.*s%.*s.pdf", (int)(base - input), input, (int)n, base);
}

typedef struct Batch {
    const Job *proto;
    const char *const *inputs;
    int n;
    const char *dir;
    int next;                              /* the next input to take (atomic) */
    Status *status;                        /* each input's */
    bool alone;                            /* one worker: the documents' own threads on */
} Batch;

typedef struct Worker {
    Batch *b;
    Fonts *fonts;
    GThread *thread;
} Worker;

static void
render_one(Batch *b, Fonts *fonts, int i)
{
    Job job = *b->proto;
    job.input = b->inputs[i];
    char *out = batch_output_name(job.input, b->dir);
    job.output = out;
    job.inputs = NULL;
    job.n_inputs = 0;
    job.exiting = false;
    b->status[i] = pipeline_run_with(&job, fonts);
    g_free(out);
}

static gpointer
work(gpointer p)
{
    Worker *w = p;
    Batch *b = w->b;
    if (!b->alone)
        doc_set_threads(1);
    for (int i; (i = g_atomic_int_add(&b->next, 1)) < b->n;)
        render_one(b, w->fonts, i);
    return NULL;
}

/* How bad a status is: the exit status it maps to (main.c). */
static int
severity(Status st)
{
    return st == ST_OK ? 0 : st == ST_CONTENT ? 1 : 2;
}

Status
batch_run(const Job *proto, const char *const *inputs, int n, const char *dir)
{
    int workers = doc_threads();
    if (workers > n)
        workers = n;
    if (workers < 1)
        workers = 1;
    Batch b = {.proto = proto, .inputs = inputs, .n = n, .dir = dir,
               .status = xcalloc((size_t)n, sizeof(Status)), .alone = workers == 1};
    Worker *w = xcalloc((size_t)workers, sizeof *w);
    Status worst = ST_OK;
    /* (what the first document may not make: the time zone, read by
     * cairo's PDF dates through localtime; HarfBuzz's languages) */
    tzset();
    hb_language_from_string("ja", -1);
    hb_language_from_string("en", -1);
    /* the font sets, one a worker, made here one after another (their
     * checks share the cache of verified hashes) */
    for (int k = 0; k < workers; k++) {
        w[k].b = &b;
        Status st = fonts_begin(proto->settings.fonts_dir, &w[k].fonts);
        if (st != ST_OK) {
            worst = st;
            workers = k;
            break;
        }
        fonts_finish(w[k].fonts);
        /* a font chosen here, before the threads: what fontconfig and Pango
         * make on the first choice of any set (fontconfig's names of
         * Pango's pattern keys, a lock GLib makes on first use) is made
         * once, and every thread starts after it */
        fonts_primary(w[k].fonts, fonts_describe(w[k].fonts, "serif", 400, unit_from_pt(10)));
    }
    if (workers > 0) {
        /* the first document alone, before the threads: what the libraries
         * make on first use and keep for the process (fontconfig's names
         * of Pango's pattern keys, HarfBuzz's languages, cairo's PDF
         * surface) is made once, by this thread, and every worker starts
         * after it */
        b.next = 1;
        render_one(&b, w[0].fonts, 0);
        for (int k = 1; k < workers; k++)
            w[k].thread = g_thread_new("kumihan-batch", work, &w[k]);
        work(&w[0]);
        for (int k = 1; k < workers; k++)
            g_thread_join(w[k].thread);
        for (int i = 0; i < n; i++)
            if (severity(b.status[i]) > severity(worst))
                worst = b.status[i];
    }
    for (int k = 0; k < workers; k++)
        fonts_free(w[k].fonts);
    doc_set_threads(0);
    free(w);
    free(b.status);
    return worst;
}
