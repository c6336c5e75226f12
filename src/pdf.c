/*
 * pdf.c: the pages to a PDF: the drawing run over the document, then the
 * post-pass.
 * Reads doc->pages, doc->slices, doc->outline, doc->meta; writes the file.
 *
 * cairo's PDF surface draws every page twice: a first pass (collect) finds
 * where each named destination lands, the second draws (draw.c) with the
 * structure elements, links and destinations (tags.c) inside one Document
 * element; then the bookmarks. Metadata carries a fixed creation date
 * (never the clock), so equal input gives equal bytes. As the pages are
 * drawn the layout goes a run of blocks at a time (layout.c), and once the last
 * is drawn the rest of it goes, before cairo writes the structure tree and
 * the fonts. cairo writes into a scratch file (output.c); the post-pass
 * (post.c) reads it and writes the PDF, all or nothing (output.c).
 * What cairo 1.16 cannot write (alt texts, page labels, link destinations,
 * metadata, PDF/A) is added by the post-pass.
 * Pages as images (--format png|svg) are drawn one by one by the same
 * drawing, with no structure, into a set of files written all or nothing.
 */
#include "pdf.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <errno.h>
#include <glib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "diag.h"
#include "subset.h"
#include "files.h"
#include "i18n.h"
#include "layout.h"
#include "limits.h"
#include "output.h"
#include "pdf_impl.h"
#include "post.h"
#include "progress.h"

#ifndef KUMIHAN_VERSION
#define KUMIHAN_VERSION "0.1"
#endif

/* The document date for CreationDate: --date, else the front matter, else
 * SOURCE_DATE_EPOCH, else none (cairo then writes no date: never the clock). */
static char *
creation_date(Doc *doc)
{
    if (doc->meta.year)                    /* --date or the front matter (parse.c) */
        return arena_printf(doc->arena, "%04d-%02d-%02dT00:00:00Z", doc->meta.year,
                            doc->meta.month, doc->meta.day);
    if (doc->opt && doc->opt->has_epoch) {     /* main.c checked it: 0..year 9999 */
        time_t tt = (time_t)doc->opt->epoch;
        struct tm tm;
        if (gmtime_r(&tt, &tm))
            return arena_printf(doc->arena, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900,
                                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    }
    return NULL;
}

static void release_layout(Doc *doc, GStringChunk *kept, const char **labels, GPtrArray *alts,
                           char **date);

/* Draw the pages with cairo into w. Once the last page is drawn and the
 * bookmarks are given, the layout goes (release_layout: `labels`, the alt
 * texts and the date are copied into `kept` first), before cairo writes the
 * structure tree and the fonts. */
static Status
render_cairo(Doc *doc, Writer *w, GPtrArray **alts_out, char **date_out, GArray *links,
             GStringChunk *kept, const char **labels)
{
    const PageGeom *g = &doc->geom;
    double off = draw_sheet_offset(doc);   /* the sheet is the page plus this all round */
    double first_w, first_h;
    page_paper(g, doc->n_pages > 0 ? &doc->pages[0] : NULL, &first_w, &first_h);
    cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(
        output_write_cb, w, first_w + 2 * off, first_h + 2 * off);
    cairo_pdf_surface_restrict_to_version(surface, CAIRO_PDF_VERSION_1_5);
    const Meta *m = &doc->meta;
    if (m->title)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, m->title);
    if (m->author)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, m->author);
    if (m->subject)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT, m->subject);
    if (m->keywords)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_KEYWORDS, m->keywords);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR,
                                   "kumihan " KUMIHAN_VERSION);
    char *date = creation_date(doc);
    if (date) {
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, date);
    }
    cairo_t *cr = cairo_create(surface);
    Status st = ST_OK;
    *alts_out = NULL;
#ifdef __GLIBC__
    /* what the layout freed (Pango's items, glyph strings, buffers) goes back
     * to the system before the subsetter maps the fonts: the peak of a long
     * document is here (measured: see README, Memory) */
    malloc_trim(0);
#endif
    progress_note(N_("cutting the fonts"), 0, 0);
    Subsets *em = subset_new(doc);
    diag_time(doc, "subset");
    Draw d = {.cr = cr, .em = em, .collect = true, .arena = doc->arena,
              .dests = g_hash_table_new(g_str_hash, g_str_equal),
              .no_narrow = doc->opt && doc->opt->pdfa, .links = links,
              .vertical_fonts = doc->geom.vertical};
    for (int i = 0; i < doc->n_pages; i++) {
        progress_note(N_("looking over page"), i + 1, doc->n_pages);
        Xform xf = {off, off, 1, 0};
        d.page = i + 1;
        draw_page(&d, doc, &doc->pages[i], &xf, true);
    }
    d.collect = false;
    double cur_w = first_w, cur_h = first_h;
    /* cairo 1.16 writes link annotations that point at a structure tree:
     * without an enclosing structure element the file is damaged (qpdf:
     * "object not found"). One Document element holds every page. */
    cairo_tag_begin(cr, "Document", NULL);
    /* the layout goes as the pages are drawn, a run of blocks at a time */
    layout_runs_plan(doc);
    d.alts = g_ptr_array_new();
    d.open[0] = (Tag){doc, "Document"};
    d.depth = d.base = 1;
    for (int i = 0; i < doc->n_pages; i++) {
        progress_note(N_("drawing page"), i + 1, doc->n_pages);
        const Page *p = &doc->pages[i];
        double pw, ph;
        page_paper(g, p, &pw, &ph);
        if (pw != cur_w || ph != cur_h) {
            /* only on a change: cairo 1.16 loses the structure tree when the
             * size is set on a page that already has it */
            cairo_pdf_surface_set_size(surface, pw + 2 * off, ph + 2 * off);
            cur_w = pw;
            cur_h = ph;
        }
        Xform xf = {off, off, 1, 0};
        d.page = i + 1;
        /* The paper, painted first. cairo's PDF surface unions the extents of
         * every drawing operation into a region per page (pixman), at a cost
         * that grows with the region's rectangles: once the page rectangle is
         * in it, each union is a containment test (measured: see README,
         * Benchmark). */
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_rectangle(cr, 0, 0, pw + 2 * off, ph + 2 * off);
        cairo_fill(cr);                    /* (not cairo_paint: see the images) */
        cairo_save(cr);
        cairo_translate(cr, off, off);
        draw_page(&d, doc, p, &xf, true);
        cairo_restore(cr);
        if (doc->opt && doc->opt->crop_marks)
            draw_crop_marks(cr, off, off, pw, ph, MM(doc->opt->bleed_mm));
        cairo_show_page(cr);
        if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
            break;
        layout_runs_page_done(doc, i);
    }
    layout_runs_free(doc, doc->opt && doc->opt->verbose >= 2);
    tags_close(&d, 0);                     /* and the Document */
    /* bookmarks: top levels open, as deep as the headings go */
    int *ids = xmalloc(sizeof(int) * (size_t)(doc->n_outline + 1));
    for (int i = 0; i < doc->n_outline; i++) {
        const Outline *o = &doc->outline[i];
        /* a heading on a page left out (--pages) has no bookmark; its
         * children go under the nearest one kept */
        int up = o->parent;
        while (up >= 0 && ids[up] < 0)
            up = doc->outline[up].parent;
        if (!g_hash_table_contains(d.dests, o->dest)) {
            ids[i] = -1;
            continue;
        }
        int parent = up < 0 ? CAIRO_PDF_OUTLINE_ROOT : ids[up];
        char *attrs = arena_printf(doc->arena, "dest='%s'", tags_attr_string(doc->arena, o->dest));
        ids[i] = cairo_pdf_surface_add_outline(surface, parent, o->title, attrs,
                                               o->level <= 1 ? CAIRO_PDF_OUTLINE_FLAG_OPEN : 0);
    }
    free(ids);
    if (doc->layout_marked)
        release_layout(doc, kept, labels, d.alts, &date);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    cairo_status_t cs = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
#ifdef __GLIBC__
    malloc_trim(0);                        /* cairo's page and structure records */
#endif
    subset_free(d.em);
    g_hash_table_destroy(d.dests);
    *alts_out = d.alts;
    *date_out = date;
    draw_scratch_free(&d);
    if (cs != CAIRO_STATUS_SUCCESS || w->failed)
        st = diag_fail(doc, ST_IO, "cannot write the PDF: %s",
                       w->failed ? strerror(w->err) : cairo_status_to_string(cs));
    return st;
}

/* The sources to attach: the input and the appendix decks, by file name. */
static int
by_base(const void *a, const void *b)
{
    const char *x = ((const PostSource *)a)->name, *y = ((const PostSource *)b)->name;
    const char *bx = strrchr(x, '/'), *by = strrchr(y, '/');
    return strcmp(bx ? bx + 1 : x, by ? by + 1 : y);
}

/* The pages are drawn: what the post-pass needs of the layout (labels, alt
 * texts, the date) is copied, and the layout goes (lines, slices, pages,
 * Pango items) before cairo writes the structure tree and the fonts and the
 * post-pass reads the PDF: their memory does not add to the layout's. */
static void
release_layout(Doc *doc, GStringChunk *kept, const char **labels, GPtrArray *alts, char **date)
{
    for (int i = 0; i < doc->n_pages; i++)
        if (labels[i])
            labels[i] = g_string_chunk_insert(kept, labels[i]);
    for (guint i = 0; alts && i < alts->len; i++)
        alts->pdata[i] = g_string_chunk_insert(kept, alts->pdata[i]);
    if (*date)
        *date = g_string_chunk_insert(kept, *date);
    layout_runs_free(doc, false);          /* (ended by the drawing, unless kept) */
    arena_rewind(doc->arena, doc->layout_mark);
    arena_free(doc->pass);
    doc->pass = NULL;
    doc->layout_marked = false;
    doc->pages = NULL;                     /* (n_pages stays: it is reported) */
    free(doc->slices);
    doc->slices = NULL;
    doc->n_slices = doc->cap_slices = 0;
#ifdef __GLIBC__
    /* the freed layout is mostly small blocks inside glibc's heap, which
     * keeps their pages: given back, cairo's structure tree and fonts start
     * from a smaller footprint (measured: see README, Memory) */
    malloc_trim(0);
#endif
}

/* Where cairo writes: a scratch file in the output's folder, unlinked at
 * once (the post-pass maps it: cairo's output is not held in memory while
 * the pages are drawn; its size: see README, Memory); in memory for
 * documents under SCRATCH_PAGES pages, when there is no folder (standard
 * output) or when no file can be made there. */
#define SCRATCH_PAGES 64

/* cairo draws into a scratch file; the post-pass (post.c) writes the PDF. */
static Status
render(Doc *doc, Writer *w)
{
    Scratchfile scratch;
    /* (a short document's output is small: memory is quicker than a file) */
    if (!output_scratch_open(&scratch, doc->n_pages >= SCRATCH_PAGES ? w->dir : NULL))
        return diag_fail(doc, ST_IO, "cannot write the PDF: %s", strerror(errno));
    Writer mw = {.fp = scratch.fp};
    GPtrArray *alts = NULL;
    char *date = NULL;
    GStringChunk *kept = g_string_chunk_new(256);
    GArray *links = g_array_new(FALSE, FALSE, sizeof(LinkFix));
    const char **labels = xmalloc(sizeof(char *) * (size_t)(doc->n_pages + 1));
    double *heights = xmalloc(sizeof(double) * (size_t)(doc->n_pages + 1));
    double *widths = xmalloc(sizeof(double) * (size_t)(doc->n_pages + 1));
    for (int i = 0; i < doc->n_pages; i++) {
        const Page *p = &doc->pages[i];
        labels[i] = p->label;
        page_paper(&doc->geom, p, &widths[i], &heights[i]);
        heights[i] += 2 * draw_sheet_offset(doc);
        widths[i] += 2 * draw_sheet_offset(doc);
    }
    Status st = render_cairo(doc, &mw, &alts, &date, links, kept, labels);
    size_t len = 0;
    const unsigned char *buf = output_scratch_data(&scratch, &len);
    if (!buf && st == ST_OK)
        st = diag_fail(doc, ST_IO, "cannot write the PDF: %s", strerror(errno));
    /* the sources attached are the bytes read and rendered, never read again */
    /* (a book's chapters and its book file, the appendix decks) */
    enum { MAX_SOURCES = LIMIT_CHAPTERS + 8 };
    PostSource *sources = xmalloc(sizeof(PostSource) * MAX_SOURCES);
    int n_sources = 0;
    if (doc->opt && doc->opt->embed_source) {
        const SourceFile **read = xmalloc(sizeof(SourceFile *) * MAX_SOURCES);
        n_sources = files_sources(doc, read, MAX_SOURCES);
        for (int i = 0; i < n_sources; i++)
            sources[i] = (PostSource){strcmp(read[i]->path, "-") == 0 ? "stdin.md" : read[i]->path,
                                      read[i]->data, read[i]->len};
        qsort(sources, (size_t)n_sources, sizeof sources[0], by_base);
        free(read);
    }
    diag_time(doc, "draw");
    progress_note(N_("writing the PDF"), 0, 0);
    if (st == ST_OK) {
        PostInput in = {.pdf = buf, .len = len, .mapped = scratch.map != NULL,
                        .alts = (const char *const *)alts->pdata, .n_alts = (int)alts->len,
                        .date = date, .sources = sources, .n_sources = n_sources,
                        .labels = labels, .heights = heights, .widths = widths,
                        .trim_offset = draw_sheet_offset(doc),
                        .bleed = doc->opt ? MM(doc->opt->bleed_mm) : 0,
                        .n_pages = doc->n_pages,
                        .links = (const LinkFix *)(void *)links->data,
                        .n_links = (int)links->len};
        st = post_process(doc, &in, w->fp);
        diag_time(doc, "post");
    }
    free(labels);
    free(heights);
    free(widths);
    free(sources);
    g_array_free(links, TRUE);
    if (alts)
        g_ptr_array_free(alts, TRUE);
    g_string_chunk_free(kept);
    output_scratch_close(&scratch);
    return st;
}

static Status
render_pdf(Doc *doc, Writer *w, void *arg)
{
    (void)arg;
    return render(doc, w);
}

Status
pdf_write_file(Doc *doc, const char *path)
{
    return output_write_file(doc, path, render_pdf, NULL);
}

/* --- pages as images (--format png|svg) --- */

typedef struct ImageJob { const char *format; int dpi; Draw d; } ImageJob;

static Status
render_image(Doc *doc, Writer *w, int page, void *arg)
{
    ImageJob *job = arg;
    const Page *p = &doc->pages[page];
    double wpt, hpt;
    page_paper(&doc->geom, p, &wpt, &hpt);
    double k = strcmp(job->format, "svg") == 0 ? 1.0 : job->dpi / 72.0;
    cairo_surface_t *surface;
    if (strcmp(job->format, "svg") == 0) {
        surface = cairo_svg_surface_create_for_stream(output_write_cb, w, wpt, hpt);
        cairo_svg_surface_restrict_to_version(surface, CAIRO_SVG_VERSION_1_1);
    } else {
        surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)ceil(wpt * k),
                                             (int)ceil(hpt * k));
    }
    cairo_t *cr = cairo_create(surface);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, k, k);
    Draw *d = &job->d;
    if (!d->em)
        d->em = subset_new(doc);            /* (once the page names are checked) */
    d->cr = cr;
    d->page = page + 1;
    Xform xf = {0, 0, 1, 0};
    draw_page(d, doc, p, &xf, true);
    tags_close(d, 0);
    cairo_destroy(cr);
    d->cr = NULL;
    cairo_status_t cs;
    if (strcmp(job->format, "png") == 0) {
        cairo_surface_flush(surface);
        cs = cairo_surface_write_to_png_stream(surface, output_write_cb, w);
    } else {
        cairo_surface_finish(surface);
        cs = cairo_surface_status(surface);
    }
    cairo_surface_destroy(surface);
    if (cs != CAIRO_STATUS_SUCCESS || w->failed)
        return diag_fail(doc, ST_IO, "cannot write the %s page: %s", job->format,
                         w->failed ? strerror(w->err) : cairo_status_to_string(cs));
    return ST_OK;
}

Status
pdf_write_images(Doc *doc, const char *path, const char *format, int dpi, int first_number)
{
    ImageJob job = {format, dpi,
                    {.collect = false, .arena = doc->arena,
                     .dests = g_hash_table_new(g_str_hash, g_str_equal),
                     .links = g_array_new(FALSE, FALSE, sizeof(LinkFix))}};
    Status st = output_write_pages(doc, path, format, doc->n_pages, first_number, render_image,
                                   &job);
    subset_free(job.d.em);
    g_hash_table_destroy(job.d.dests);
    g_array_free(job.d.links, TRUE);
    draw_scratch_free(&job.d);
    return st;
}
