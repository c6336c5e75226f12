/*
 * pipeline.c: the only place that knows the order of the stages.
 *   report: parse (+ the appendix deck) -> theme (+ its title block) -> number ->
 *           [dump tree] -> fonts -> style -> figures -> slides of the appendix ->
 *           marks -> block -> paginate -> furniture -> outline ->
 *           [dump items | pages] -> pdf
 *   deck:   deck -> theme -> number -> [dump tree] -> fonts -> figures ->
 *           slides (+ marks) -> outline -> [handout | notes] -> [dump items | pages]
 *           -> pdf
 * (--dump items: each paragraph's items as its last layout made them,
 * recorded by inline.c)
 * A content error anywhere stops before the output is written (exit 1);
 * warnings do not.
 */
#include "pipeline.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "block.h"
#include "book.h"
#include "deck.h"
#include "diag.h"
#include "i18n.h"
#include "dump.h"
#include "figure.h"
#include "files.h"
#include "fontlock.h"
#include "fonts.h"
#include "furniture.h"
#include "impose.h"
#include "inline.h"
#include "layout.h"
#include "marp.h"
#include "node.h"
#include "number.h"
#include "outline.h"
#include "paginate.h"
#include "parse.h"
#include "pdf.h"
#include "progress.h"
#include "report.h"
#include "slide.h"
#include "style.h"
#include "theme.h"

static bool
dumping(const Job *job, const char *what)
{
    return job->dump && strcmp(job->dump, what) == 0;
}

int
pipeline_errors(const Doc *doc)
{
    int n = doc->n_errors;
    for (const Node *a = doc->root ? doc->root->first : NULL; a; a = a->next)
        if (a->type == NODE_APPENDIX && a->u.appendix.deck)
            n += a->u.appendix.deck->n_errors;
    return n;
}

/* What is said once the theme is known, of the document and its appendix
 * decks: the front matter's keys kumihan does not know that no template of
 * the theme uses, and Marp's class words the slide theme does not have. */
static void
warn_after_theme(Doc *doc, const Themes *themes)
{
    parse_warn_extra_keys(doc, themes);
    if (themes)
        marp_check_classes(doc, &themes->slide);
    for (const Node *a = doc->root ? doc->root->first : NULL; a; a = a->next)
        if (a->type == NODE_APPENDIX && a->u.appendix.deck) {
            parse_warn_extra_keys(a->u.appendix.deck, themes);
            if (themes)
                marp_check_classes(a->u.appendix.deck, &themes->slide);
        }
}

static void
use_fonts(Doc *doc, Fonts *fonts)
{
    doc->fonts = fonts;
    doc->pango = fonts_context(fonts);
}

/* Where each destination landed: its page label (heap strings: they
 * outlive the arena rewinds between passes). */
static GHashTable *
collect_labels(const Doc *doc)
{
    GHashTable *h = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    for (int i = 0; i < doc->n_pages; i++) {
        const Page *p = &doc->pages[i];
        for (int k = 0; k < p->n + p->n_notes; k++) {     /* (notes: fn-N) */
            const Placed *pl = k < p->n ? &p->placed[k] : &p->notes[k - p->n];
            const char *dest = doc->slices[pl->slice].dest;
            if (dest && p->label && !g_hash_table_contains(h, dest))
                g_hash_table_insert(h, g_strdup(dest), g_strdup(p->label));
        }
    }
    return h;
}

static bool
same_labels(GHashTable *a, GHashTable *b)
{
    if (!a || !b || g_hash_table_size(a) != g_hash_table_size(b))
        return false;
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, a);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        const char *w = g_hash_table_lookup(b, k);
        if (!w || strcmp(w, v) != 0)
            return false;
    }
    return true;
}

/* Lay out the report: its appendix decks first, as slides. The contents
 * and {{page:}} references print page labels, which are known only after
 * pagination: lay out again with the labels of the last pass until they
 * stop changing (two passes, as a rule; at most four). */
static void
layout_report(Doc *doc, Fonts *fonts)
{
    const Theme *theme = &doc->themes->report;
    doc->theme = theme;
    doc->geom = style_geometry(theme, NULL);
    style_document(doc, theme);
    figure_resolve(doc);                   /* once: the layout may run several passes */
    for (Node *a = doc->root->first; a; a = a->next)
        if (a->type == NODE_APPENDIX && a->u.appendix.deck) {
            a->u.appendix.deck->themes = doc->themes;
            use_fonts(a->u.appendix.deck, fonts);
            figure_resolve(a->u.appendix.deck);
            slide_layout_deck(a->u.appendix.deck);
            shape_warn_missing(a->u.appendix.deck);
        }
    furniture_marks(doc);                  /* (once, kept by every pass) */
    /* Passes until the page labels are stable (contents, {{page:}}). The
     * arena is not rewound between them: the blocks' lines are kept and
     * reused (inline.c), so a pass costs little more than pagination; what
     * a pass leaves behind is its slices' small arrays and pages. */
    doc->layout_mark = arena_mark(doc->arena);
    doc->layout_marked = true;
    /* what each pass makes anew (slices' line arrays, pages) goes with the
     * next pass: 900 pages, 4 MB */
    doc->pass = arena_new();
    ArenaMark pass_start = arena_mark(doc->pass);
    layout_passes_begin(doc, doc->needs_labels);
    for (int pass = 0;; pass++) {
        if (pass > 0) {
            layout_pass_next(doc);
            arena_rewind(doc->pass, pass_start);
        }
        block_document(doc);
        diag_time(doc, "blocks");
        progress_note(N_("paginating"), 0, 0);
        paginate_document(doc, doc->geom.pitch, doc->geom.lines, doc->meta.title != NULL);
        furniture_pages(doc);
        diag_time(doc, "pages");
        progress_note(pass == 0 ? N_("set") : N_("set again"), doc->n_pages, 0);
        if (!doc->needs_labels)
            break;
        GHashTable *labels = collect_labels(doc);
        bool stable = same_labels(labels, doc->labels);
        if (stable || pass == 3) {
            g_hash_table_destroy(labels);
            break;
        }
        if (doc->labels)
            g_hash_table_destroy(doc->labels);
        doc->labels = labels;
        doc->n_slices = 0;
        doc->pages = NULL;
        doc->n_pages = 0;
    }
    layout_passes_end(doc);
    /* the galley grew by doubling: held while the pages are drawn, it gives
     * back what it does not use (900 pages: 2.7 MB) */
    if (doc->n_slices > 0 && doc->n_slices < doc->cap_slices) {
        doc->slices = xrealloc(doc->slices, sizeof(Slice) * (size_t)doc->n_slices);
        doc->cap_slices = doc->n_slices;
    }
    outline_build(doc);
    /* the lines hold the text now: the inline nodes and their text go
     * before the fonts are cut and the pages drawn (900 pages: 4.5 MB) */
    node_release_inlines(doc);
}

static Status
finish(Doc *doc, Doc *out, const Job *job)
{
    const Settings *opt = &job->settings;
    if (dumping(job, "pages")) {
        dump_pages(out, stdout);
        return ST_OK;
    }
    if (dumping(job, "items")) {
        dump_items(doc, stdout);
        return ST_OK;
    }
    int errors = pipeline_errors(doc);
    if (errors > 0) {
        diag_summary(doc, ngettext("%d error: no PDF written", "%d errors: no PDF written",
                                   (unsigned long)errors), errors);
        return ST_CONTENT;
    }
    int first_number = 1;
    if (opt->page_first || opt->page_last) {
        /* --pages: the others are left out (links to them become text,
         * their bookmarks go) */
        int a = opt->page_first ? opt->page_first : 1;
        int b = opt->page_last ? opt->page_last : out->n_pages;
        if (b > out->n_pages)
            b = out->n_pages;
        if (a > b) {
            diag_fail(doc, ST_USAGE,
                      ngettext("--pages starts at page %d: the document has %d page",
                               "--pages starts at page %d: the document has %d pages",
                               (unsigned long)out->n_pages),
                      a, out->n_pages);
            return ST_USAGE;
        }
        out->pages += a - 1;
        out->n_pages = b - a + 1;
        first_number = a;
    }
    const char *format = opt->format ? opt->format : "pdf";
    if (out != doc && !out->files)
        files_share(out, doc);             /* (the -o checks of the page files) */
    if (strcmp(format, "pdf") == 0 && strcmp(job->output, "-") != 0
        && (files_was_read(doc, job->output) || fonts_hold(doc->fonts, job->output)))
        return diag_fail(doc, ST_USAGE, "-o %s is a file this run reads: refusing to write "
                         "over it (name another output)", job->output);
    /* (counted before the drawing, which gives the lines back as it goes) */
    LineCounts lc = opt->verbose ? inline_count_lines(doc) : (LineCounts){0};
    Status st = strcmp(format, "pdf") == 0
                    ? pdf_write_file(out, job->output)
                    : pdf_write_images(out, job->output, format, opt->dpi ? opt->dpi : 150,
                                       first_number);
    int pages = out->n_pages > 0 ? out->n_pages : 1; /* cairo gives an empty PDF one page */
    diag_flush();                          /* (the messages before the summary) */
    progress_interrupt();
    if (st == ST_OK && opt->verbose) {
        /* (in three parts, each its own plural; one line whole: a batch's threads) */
        flockfile(stderr);
        fprintf(stderr, ngettext("%s: %d page", "%s: %d pages", (unsigned long)pages),
                job->output, pages);
        fprintf(stderr, ngettext(", %d warning", ", %d warnings", (unsigned long)doc->n_warnings),
                doc->n_warnings);
        fprintf(stderr, _("; %d lines: %d loose, %d ragged, %d hyphenated\n"), lc.lines,
                lc.loose, lc.ragged, lc.hyphenated);
        funlockfile(stderr);
    }
    return st;
}

/* Numbers, captions and references (number.c): a report by the report
 * theme, a deck unnumbered. */
static void
number(Doc *doc)
{
    const Settings *opt = doc->opt;
    bool deck = opt->slides || opt->handout || opt->notes;
    number_document(doc, deck ? &doc->themes->slide : &doc->themes->report, !deck);
}

Doc *
pipeline_layout(Doc *doc, Fonts *fonts)
{
    const Settings *opt = doc->opt;
    use_fonts(doc, fonts);
    number(doc);
    if (opt->slides || opt->handout || opt->notes) {
        figure_resolve(doc);
        slide_layout_deck(doc);
        shape_warn_missing(doc);
        if (opt->slides)
            furniture_marks(doc);
        outline_build(doc);
        return opt->handout ? impose_handout(doc, opt->handout)
               : opt->notes ? impose_notes(doc) : doc;
    }
    layout_report(doc, fonts);
    shape_warn_missing(doc);
    return opt->booklet ? impose_booklet(doc) : doc;
}

Status
pipeline_run(const Job *job)
{
    return pipeline_run_with(job, NULL);
}

Status
pipeline_run_with(const Job *job, Fonts *shared)
{
    const Settings *opt = &job->settings;
    bool deck = opt->slides || opt->handout || opt->notes;
    /* (--lock-fonts with a theme alone: no document, no front matter) */
    Doc *doc = doc_new(opt, job->input ? job->input : "");
    files_start(doc, job->input ? job->input : "", job->on_read, job->on_read_ctx);
    Doc *out = NULL;
    Fonts *fonts = NULL;
    if (!shared)                           /* (a batch's documents show none) */
        progress_begin(opt);
    diag_time(doc, "start");
    bool book = job->input && (job->n_inputs > 1 || book_is_file(job->input));
    Status st = !job->input ? ST_OK
                : deck      ? deck_parse_file(doc)
                : book      ? book_parse_files(doc, job->inputs ? job->inputs : &job->input,
                                               job->inputs ? job->n_inputs : 1)
                            : report_parse_file(doc);
    diag_time(doc, "parse");
    if (st != ST_OK)
        goto done;
    /* (a deck says so itself) */
    if (job->input && !deck && !doc->root->first && doc->n_errors == 0)
        diag_warn(doc, (SrcPos){1, 1}, "the document is empty: the PDF has one blank page");
    if (job->input && !deck && (doc->meta.presenters || doc->meta.aspect))
        diag_warn(doc, (SrcPos){1, 1},
                  "the front matter names %s, a key of slide decks: this is set as a report; "
                  "for slides use --slides, --handout N or --notes",
                  doc->meta.presenters ? "'presenters'" : "'aspect'");
    if (job->input && !deck && doc->meta.lang && strcmp(doc->meta.lang, "en") == 0)
        diag_warn(doc, doc->meta.lang_pos, "lang 'en': a report is set as Japanese (ja), its "
                  "date too; English (en) dates are for slide decks");
    if (job->input && !deck && doc->meta.directives)
        diag_warn(doc, doc->meta.directives->pos, "'%s' is a Marp directive, for slide decks: "
                  "a report ignores it", doc->meta.directives->name);
    Themes *themes = arena_zalloc(doc->arena, sizeof *themes);
    st = theme_resolve(doc, job->theme, true, themes);
    warn_after_theme(doc, st == ST_OK ? themes : NULL);
    if (st != ST_OK)
        goto done;
    doc->themes = themes;
    if (!deck && job->input)
        report_apply_theme(doc);
    if (dumping(job, "tree")) {
        number(doc);                       /* (else pipeline_layout's) */
        dump_tree(doc, stdout);
        goto done;
    }
    if (job->lock_fonts && pipeline_errors(doc) > 0)
        goto done;                         /* (a theme with errors is not pinned) */
    if (shared && !job->lock_fonts && !fontlock_needed(doc, shared)) {
        fonts = shared;                    /* (a batch's: the caller frees it) */
    } else {
        /* kumihan's fonts, then the theme's own (fonts.lock), then Pango */
        st = fonts_begin(opt->fonts_dir, &fonts);
        if (st == ST_OK)
            st = fontlock_join(doc, fonts, job->theme, job->lock_fonts);
        if (st != ST_OK || job->lock_fonts)
            goto done;
        fonts_finish(fonts);
    }
    diag_time(doc, "fonts");
    out = pipeline_layout(doc, fonts);
    diag_time(doc, "layout");
    st = finish(doc, out, job);
done:
    if (!shared)
        progress_end();
    if (st == ST_OK && pipeline_errors(doc) > 0)
        st = ST_CONTENT;
    diag_finish(doc);
    if (job->exiting)
        return st;
    if (out && out != doc)
        doc_free(out);
    bool timing = opt->verbose >= 2;
    doc_free(doc);
    if (fonts != shared)
        fonts_free(fonts);
    if (timing) {
        Doc tmp = {.opt = opt};
        diag_time(&tmp, "cleanup");
    }
    return st;
}
