/*
 * pipeline.c: the only place that knows the order of the stages.
 *   parse -> [dump tree] -> fonts -> style -> block -> paginate ->
 *   furniture -> outline -> [dump pages] -> pdf
 * A content error anywhere stops before the output is written (exit 1);
 * warnings do not.
 */
#include "pipeline.h"

#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "block.h"
#include "diag.h"
#include "dump.h"
#include "fonts.h"
#include "outline.h"
#include "paginate.h"
#include "parse.h"
#include "pdf.h"
#include "style.h"

Status
pipeline_run(const Options *opt)
{
    Doc *doc = doc_new(opt, opt->input);
    Fonts *fonts = NULL;
    Status st = parse_file(doc);
    if (st != ST_OK)
        goto done;
    if (!doc->root->first && doc->n_errors == 0)
        diag_warn(doc, (SrcPos){1, 1}, "the document is empty: the PDF has one blank page");
    if (opt->dump && strcmp(opt->dump, "tree") == 0) {
        dump_tree(doc, stdout);
        goto done;
    }
    st = fonts_open(opt->fonts_dir, &fonts);
    if (st != ST_OK)
        goto done;
    doc->fonts = fonts;
    doc->pango = fonts_context(fonts);
    const Theme *theme = theme_report();
    doc->geom = style_geometry(theme, opt->paper ? opt->paper : "A4");
    style_document(doc, theme);
    block_document(doc);
    paginate_document(doc, doc->geom.pitch, doc->geom.lines, doc->meta.title != NULL);
    block_page_furniture(doc);
    outline_build(doc);
    if (opt->dump && strcmp(opt->dump, "pages") == 0) {
        dump_pages(doc, stdout);
        goto done;
    }
    if (doc->n_errors > 0) {
        fprintf(stderr, "%s: %d error%s: no PDF written\n", doc->path, doc->n_errors,
                doc->n_errors == 1 ? "" : "s");
        st = ST_CONTENT;
        goto done;
    }
    st = pdf_write_file(doc, opt->output);
    if (st == ST_OK && opt->verbose)
        fprintf(stderr, "%s: %d pages, %d warnings\n", opt->output, doc->n_pages,
                doc->n_warnings);
done:
    if (st == ST_OK && doc->n_errors > 0)
        st = ST_CONTENT;
    diag_finish(doc);
    doc_free(doc);
    fonts_free(fonts);
    return st;
}
