/*
 * diag.c: formatting, ordering and counting of diagnostics (see diag.h).
 *
 * A message is counted when it is said and printed at the end of the run
 * (diag_finish; diag_fail and doc_free print what waits first), so the
 * messages come in the order of their places, whichever stage found them
 * (the parse, the theme, the layout): by file (in the order the files were
 * first named), line and column, and in the order said at one place. A
 * message said twice at one place of one file (a layout pass run again, a
 * figure resolved for a deck and its appendix) is counted and printed once.
 *
 * Columns are printed in characters (code points, a tab one): what
 * editors show and jump to. The document's positions come in bytes
 * (cmark-gfm's columns): they are turned into characters from the text the
 * document was parsed from, which this file keeps for that. Positions
 * given to the _in functions are characters already (libyaml counts
 * them), whichever the file.
 *
 * A format is looked up in the catalog of the user's language (i18n.h)
 * before it is filled in; the "FILE:LINE:COL: warning:" and "error:"
 * prefixes and the JSON keys stay English, which editors and tools parse.
 */
#include "diag.h"

#include <json-glib/json-glib.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "i18n.h"
#include "limits.h"
#include "progress.h"

/* --- the text of the document, for columns in characters --- */

/* One source text: a report's, or a book's chapter (its lines numbered on
 * from line0, the lines of the files before it). */
typedef struct Segment {
    uint32_t line0;
    char *text;                            /* the parsed text (owned once kept) */
    size_t len;
    bool owned;
    uint32_t *starts;                      /* byte offset of each line (made when first
                                            * needed) */
    size_t n_lines;
} Segment;

struct DiagState {
    Segment *seg;                          /* in order of line0 */
    size_t n_seg;
    GHashTable *said;                      /* "line:col:file\ntext" of each message said */
    GHashTable *once;                      /* what diag_once was asked about */
};

static GMutex lock;                        /* (a stage may warn from its helper threads) */

static struct DiagState *
state_of(Doc *doc)
{
    if (!doc->diag)
        doc->diag = g_new0(struct DiagState, 1);
    return doc->diag;
}

void
diag_text_set(Doc *doc, char *text, size_t len, uint32_t line0)
{
    struct DiagState *d = state_of(doc);
    Segment *s = NULL;
    for (size_t i = 0; i < d->n_seg && !s; i++)
        if (d->seg[i].line0 == line0)
            s = &d->seg[i];
    if (!s) {
        d->seg = g_renew(Segment, d->seg, d->n_seg + 1);
        s = &d->seg[d->n_seg++];
        *s = (Segment){.line0 = line0};
    }
    if (s->owned)
        free(s->text);
    g_free(s->starts);
    *s = (Segment){line0, text, len, false, NULL, 0};
}

void
diag_text_keep(Doc *doc)
{
    for (size_t i = 0; doc->diag && doc->src && i < doc->diag->n_seg; i++)
        if (doc->diag->seg[i].text == doc->src) {
            doc->diag->seg[i].owned = true;
            doc->src = NULL;
            doc->src_len = 0;
            return;
        }
}

/* The text holding the book's line `*line`, which becomes its own line
 * there; NULL when none. */
static Segment *
segment_of(struct DiagState *d, uint32_t *line)
{
    Segment *best = NULL;
    for (size_t i = 0; d && i < d->n_seg; i++)
        if (d->seg[i].line0 < *line && (!best || d->seg[i].line0 > best->line0))
            best = &d->seg[i];
    if (best)
        *line -= best->line0;
    return best;
}

/* The start of line `line` (1-based, of the whole book) and the end of its
 * text in its segment (*seg), or false. */
static bool
line_span(struct DiagState *d, uint32_t line, size_t *start, size_t *end, Segment **seg)
{
    Segment *s = line ? segment_of(d, &line) : NULL;
    *seg = s;
    if (!s || !s->text || line == 0)
        return false;
    if (!s->starts) {
        size_t cap = 64;
        s->starts = g_new(uint32_t, cap);
        s->starts[s->n_lines++] = 0;
        for (size_t i = 0; i < s->len; i++)
            if (s->text[i] == '\n') {
                if (s->n_lines == cap)
                    s->starts = g_renew(uint32_t, s->starts, cap *= 2);
                s->starts[s->n_lines++] = (uint32_t)(i + 1);
            }
    }
    if (line > s->n_lines)
        return false;
    *start = s->starts[line - 1];
    *end = line < s->n_lines ? s->starts[line] - 1 : s->len;
    return true;
}

/* The column in characters of byte column `col` on `line`: each byte that
 * starts a UTF-8 sequence before it counts one; past the line's end, each
 * byte one. */
static uint32_t
chars_from_bytes(struct DiagState *d, uint32_t line, uint32_t col)
{
    size_t a, end;
    Segment *s;
    if (col <= 1 || !line_span(d, line, &a, &end, &s))
        return col;
    size_t b = a + col - 1;
    uint32_t chars = 1;
    for (size_t i = a; i < b && i < end; i++)
        chars += ((unsigned char)s->text[i] & 0xC0) != 0x80;
    if (b > end)
        chars += (uint32_t)(b - end);
    return chars;
}

SrcPos
diag_pos_bytes(Doc *doc, SrcPos pos)
{
    size_t a, end;
    Segment *s;
    if (pos.col <= 1 || !line_span(doc->diag, pos.line, &a, &end, &s))
        return pos;
    const char *t = s->text;
    size_t i = a;
    uint32_t k = 1;
    while (k < pos.col && i < end) {
        i++;
        while (i < end && ((unsigned char)t[i] & 0xC0) == 0x80)
            i++;
        k++;
    }
    return (SrcPos){pos.line, (uint32_t)(i - a) + 1 + (pos.col - k)};
}

void
diag_doc_free(Doc *doc)
{
    diag_flush();
    struct DiagState *d = doc->diag;
    if (!d)
        return;
    for (size_t i = 0; i < d->n_seg; i++) {
        if (d->seg[i].owned)
            free(d->seg[i].text);
        g_free(d->seg[i].starts);
    }
    g_free(d->seg);
    if (d->said)
        g_hash_table_destroy(d->said);
    if (d->once)
        g_hash_table_destroy(d->once);
    g_free(d);
    doc->diag = NULL;
}

bool
diag_once(Doc *doc, const char *what)
{
    g_mutex_lock(&lock);
    struct DiagState *d = state_of(doc);
    if (!d->once)
        d->once = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    bool first = !g_hash_table_contains(d->once, what);
    if (first)
        g_hash_table_add(d->once, g_strdup(what));
    g_mutex_unlock(&lock);
    return first;
}

/* --- what waits to be printed --- */

typedef struct Waiting {
    char *file;                            /* NULL: no file (the program's own) */
    uint32_t line, col;                    /* col in characters; line 0: no place */
    bool error, json;
    char *text;
    unsigned order;                        /* said in this order */
    unsigned file_order;                   /* its file first named in this order */
} Waiting;

static GArray *waiting;                    /* Waiting */
static GPtrArray *files_named;             /* file names in the order first named */
static unsigned n_said;

static int
by_place(const void *pa, const void *pb)
{
    const Waiting *a = pa, *b = pb;
    if (a->file_order != b->file_order)
        return a->file_order < b->file_order ? -1 : 1;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    if (a->col != b->col)
        return a->col < b->col ? -1 : 1;
    return (a->order > b->order) - (a->order < b->order);
}

/* The beginnings of the hints kumihan writes after "; " at a message's
 * end: --diagnostics json gives them apart. */
static const char *const hint_starts[] = {"did you mean", "a quote opened here"};

/* The object built in `b` as one line on stderr; `b` is released. */
static void
print_built(JsonBuilder *b)
{
    JsonGenerator *g = json_generator_new();
    JsonNode *root = json_builder_get_root(b);
    json_generator_set_root(g, root);
    char *line = json_generator_to_data(g, NULL);
    fprintf(stderr, "%s\n", line);
    g_free(line);
    json_node_unref(root);
    g_object_unref(g);
    g_object_unref(b);
}

static void
print_json(const Waiting *w)
{
    const char *hint = NULL;
    for (size_t i = 0; i < sizeof hint_starts / sizeof hint_starts[0] && !hint; i++) {
        char *key = g_strconcat("; ", hint_starts[i], NULL);
        const char *at = strstr(w->text, key);
        g_free(key);
        if (at)
            hint = at;
    }
    char *message = hint ? g_strndup(w->text, (size_t)(hint - w->text)) : g_strdup(w->text);
    JsonBuilder *b = json_builder_new();
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "file");
    if (w->file)
        json_builder_add_string_value(b, w->file);
    else
        json_builder_add_null_value(b);
    json_builder_set_member_name(b, "line");
    if (w->line)
        json_builder_add_int_value(b, w->line);
    else
        json_builder_add_null_value(b);
    json_builder_set_member_name(b, "column");
    if (w->line)
        json_builder_add_int_value(b, w->col);
    else
        json_builder_add_null_value(b);
    json_builder_set_member_name(b, "severity");
    json_builder_add_string_value(b, w->error ? "error" : "warning");
    json_builder_set_member_name(b, "message");
    json_builder_add_string_value(b, message);
    json_builder_set_member_name(b, "hint");
    if (hint)
        json_builder_add_string_value(b, hint + 2);
    else
        json_builder_add_null_value(b);
    json_builder_end_object(b);
    print_built(b);
    g_free(message);
}

static void
print_one(const Waiting *w)
{
    if (w->json)
        print_json(w);
    else if (w->line)
        fprintf(stderr, "%s:%u:%u: %s: %s\n", w->file ? w->file : "kumihan", w->line,
                w->col ? w->col : 1, w->error ? "error" : "warning", w->text);
    else
        fprintf(stderr, "%s: %s: %s\n", w->file ? w->file : "kumihan",
                w->error ? "error" : "warning", w->text);
}

void
diag_flush(void)
{
    g_mutex_lock(&lock);
    if (waiting && waiting->len) {
        qsort(waiting->data, waiting->len, sizeof(Waiting), by_place);
        flockfile(stderr);                 /* (lines whole: a batch's threads) */
        progress_interrupt();              /* (the progress line erased first) */
        for (guint i = 0; i < waiting->len; i++) {
            Waiting *w = &g_array_index(waiting, Waiting, i);
            print_one(w);
            g_free(w->file);
            g_free(w->text);
        }
        g_array_set_size(waiting, 0);
        fflush(stderr);
        funlockfile(stderr);
    }
    g_mutex_unlock(&lock);
}

static unsigned
file_order(const char *file)
{
    if (!files_named)
        files_named = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; i < files_named->len; i++)
        if (strcmp(files_named->pdata[i], file) == 0)
            return i;
    g_ptr_array_add(files_named, g_strdup(file));
    return files_named->len - 1;
}

/* Count a message and set it to wait for the run's end. `chars`: pos.col
 * counts characters already; else bytes of the document's text. */
static void
say(Doc *doc, const char *file, SrcPos pos, bool error, bool chars, const char *fmt, va_list ap)
{
    char *text = g_strdup_vprintf(_(fmt), ap);
    g_mutex_lock(&lock);
    struct DiagState *d = state_of(doc);
    uint32_t col = pos.line == 0 ? 0 : chars ? pos.col : chars_from_bytes(d, pos.line, pos.col);
    if (!file)                             /* (a book: the chapter's file and line) */
        file = doc_file_at(doc, &pos);
    const char *path = file ? file : doc->path && doc->path[0] ? doc->path : NULL;
    if (!d->said)
        d->said = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    char *key = g_strdup_printf("%u:%u:%s\n%s", pos.line, col, path ? path : "", text);
    if (g_hash_table_contains(d->said, key)) {
        g_mutex_unlock(&lock);
        g_free(key);
        g_free(text);
        return;
    }
    g_hash_table_add(d->said, key);
    const Settings *opt = doc->opt;
    bool shown = true;
    if (!error && opt && opt->strict)      /* --strict: an error, never silenced */
        error = true;
    if (error)
        doc->n_errors++;
    else
        shown = ++doc->n_warnings <= LIMIT_WARNINGS && !(opt && opt->quiet);
    if (shown) {
        if (!waiting)
            waiting = g_array_new(FALSE, FALSE, sizeof(Waiting));
        Waiting w = {path ? g_strdup(path) : NULL, pos.line, col, error,
                     opt && opt->diag_json, text, n_said++, path ? file_order(path) : 0};
        g_array_append_val(waiting, w);
        text = NULL;
    }
    g_mutex_unlock(&lock);
    g_free(text);
}

void
diag_warn_in(Doc *doc, const char *file, SrcPos pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    say(doc, file, pos, false, true, fmt, ap);
    va_end(ap);
}

void
diag_error_in(Doc *doc, const char *file, SrcPos pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    say(doc, file, pos, true, true, fmt, ap);
    va_end(ap);
}

void
diag_warn(Doc *doc, SrcPos pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    say(doc, NULL, pos, false, false, fmt, ap);
    va_end(ap);
}

void
diag_error(Doc *doc, SrcPos pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    say(doc, NULL, pos, true, false, fmt, ap);
    va_end(ap);
}

Status
diag_fail(Doc *doc, Status st, const char *fmt, ...)
{
    diag_flush();                          /* (what came before it first) */
    va_list ap;
    va_start(ap, fmt);
    if (doc) {
        doc->n_errors++;
        if (doc->opt && doc->opt->diag_json) {
            char *text = g_strdup_vprintf(_(fmt), ap);
            print_json(&(Waiting){.error = true, .json = true, .text = text});
            g_free(text);
            va_end(ap);
            return st;
        }
    }
    flockfile(stderr);
    progress_interrupt();
    fputs("kumihan: error: ", stderr);
    vfprintf(stderr, _(fmt), ap);
    fputc('\n', stderr);
    funlockfile(stderr);
    va_end(ap);
    return st;
}

void
diag_summary(Doc *doc, const char *fmt, ...)
{
    diag_flush();
    va_list ap;
    va_start(ap, fmt);
    char *text = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    if (doc->opt && doc->opt->diag_json) {
        JsonBuilder *b = json_builder_new();
        json_builder_begin_object(b);
        json_builder_set_member_name(b, "file");
        json_builder_add_string_value(b, doc->path);
        json_builder_set_member_name(b, "severity");
        json_builder_add_string_value(b, "note");
        json_builder_set_member_name(b, "message");
        json_builder_add_string_value(b, text);
        json_builder_end_object(b);
        print_built(b);
    } else {
        fprintf(stderr, "%s: %s\n", doc->path, text);
    }
    g_free(text);
}

/* The warnings over LIMIT_WARNINGS, counted at the end. */
static const char *
more_not_shown(int n)
{
    return ngettext("%d more warning not shown", "%d more warnings not shown", (unsigned long)n);
}

void
diag_finish(Doc *doc)
{
    diag_flush();
    if (doc->n_warnings > LIMIT_WARNINGS && !(doc->opt && doc->opt->quiet)) {
        if (doc->opt && doc->opt->diag_json) {
            char *text = g_strdup_printf(more_not_shown(doc->n_warnings - LIMIT_WARNINGS),
                                         doc->n_warnings - LIMIT_WARNINGS);
            print_json(&(Waiting){.file = (char *)doc->path, .json = true, .text = text});
            g_free(text);
        } else {
            fprintf(stderr, "%s: warning: ", doc->path);
            fprintf(stderr, more_not_shown(doc->n_warnings - LIMIT_WARNINGS),
                    doc->n_warnings - LIMIT_WARNINGS);
            fputc('\n', stderr);
        }
    }
    g_mutex_lock(&lock);
    if (files_named)
        g_ptr_array_set_size(files_named, 0);
    g_mutex_unlock(&lock);
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
