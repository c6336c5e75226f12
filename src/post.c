/*
 * post.c: the post-pass over cairo's PDF (see post.h): post_process runs it.
 * cairo 1.16 writes structure tags but no /Lang, no /Alt, no XMP metadata,
 * no output intent and no embedded files, no page label for a first page
 * labelled "1", and drops the destination of a link to a later page. This
 * pass reads cairo's PDF once, object by object, in cairo's numbering, and
 * writes it again with those additions: the non-stream objects packed into
 * compressed object streams, the streams copied as cairo compressed them
 * (their /Length made direct; the length objects go) but the page contents,
 * written again smaller (content.c), a cross-reference stream, and an /ID
 * that is the MD5 of the bytes written (identical bytes for identical
 * input).
 *
 * The files of the pass, which share post_impl.h:
 *   post.c        this: the steps in order, what the pass holds and frees
 *   post_read.c   the object reader (cross-reference table, objects,
 *                 values; the lexer is pdflex.c, shared with content.c),
 *                 and values written back
 *   post_meta.c   the pages, links and figures read; labels, Info, XMP,
 *                 PDF/A, attachments added; the edits of cairo's objects
 *   post_write.c  the streams compressed on all processors, the objects,
 *                 object streams and cross-reference stream written; the
 *                 scratch file's pages given back
 *
 * Why not libqpdf, which did this until issue 6: reading the whole file into
 * qpdf's object model and writing it back was a third of the time of a
 * 150-page report and ~200 MB of memory at 900 pages. The output is checked
 * by `qpdf --check` and read back through qpdf, poppler and mupdf in the
 * tests.
 */
#include "post.h"
#include "post_impl.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"

#ifndef KUMIHAN_VERSION
#define KUMIHAN_VERSION "0.1"
#endif

Status
post_process(Doc *doc, const PostInput *in, FILE *out)
{
    const Settings *o = doc->opt;
    Post ps = {.doc = doc, .in = in, .pdfa = o && o->pdfa, .src = in->pdf, .len = in->len,
               .fp = out, .cairo_content = getenv("KUMIHAN_CAIRO_CONTENT") != NULL};
    ps.keep = arena_new();
    ps.tmp = arena_new();
    ps.scratch = g_string_new(NULL);
    ps.stm_head = g_string_new(NULL);
    ps.stm_body = g_string_new(NULL);
    ps.z.inflated = g_string_new(NULL);
    ps.md5 = g_checksum_new(G_CHECKSUM_MD5);
    GArray *pages = g_array_new(FALSE, FALSE, sizeof(int));
    char *producer = g_strdup("kumihan " KUMIHAN_VERSION " (cairo 1.16)");
    ArenaMark start = arena_mark(ps.tmp);
    Status st = post_read_xref(&ps);
    if (st != ST_OK)
        goto done;
    ps.kind = xcalloc((size_t)ps.n_obj, 1);
    ps.seen = xcalloc((size_t)ps.n_obj, 1);
    ps.aux = xcalloc((size_t)ps.n_obj, sizeof(int));
    ps.dest = xcalloc((size_t)ps.n_obj, sizeof(char *));

    /* the catalog, the pages, their annotations, the figures */
    Obj cat;
    if (!post_read_obj(&ps, ps.root, &cat) || cat.v.k != V_DICT) {
        st = post_bad(&ps, "the catalog", ps.root);
        goto done;
    }
    Val *pv = post_dict_get(&cat.v, "/Pages"), *sv = post_dict_get(&cat.v, "/StructTreeRoot"),
        *nv = post_dict_get(&cat.v, "/Names");
    int pages_ref = pv && pv->k == V_REF ? pv->ref : 0;
    int struct_ref = sv && sv->k == V_REF ? sv->ref : 0;
    ps.kind[ps.root] = K_CATALOG;
    if (ps.info && ps.info != ps.root)
        ps.kind[ps.info] = K_INFO;
    if (nv && nv->k == V_REF && in->n_sources > 0 && nv->ref > 0 && nv->ref < ps.n_obj
        && ps.kind[nv->ref] == K_NONE) {
        ps.names = nv->ref;
        ps.kind[ps.names] = K_NAMES;
    }
    if (!post_walk_pages(&ps, pages_ref, 0, pages)) {
        st = post_bad(&ps, "the page tree", pages_ref);
        goto done;
    }
    arena_rewind(ps.tmp, start);
    ps.pages = (int *)(void *)pages->data;
    ps.n_pages = (int)pages->len;
    for (int i = 0; i < ps.n_pages; i++)
        if (ps.kind[ps.pages[i]] == K_NONE) {
            ps.kind[ps.pages[i]] = K_PAGE;
            ps.aux[ps.pages[i]] = i;
        }
    if ((st = post_read_annotations(&ps)) != ST_OK)
        goto done;
    if (doc->geom.vertical)
        post_find_vertical_fonts(&ps);
    Obj sr;
    if (struct_ref && in->n_alts > 0 && post_read_obj(&ps, struct_ref, &sr))
        post_walk_struct(&ps, post_dict_get(&sr.v, "/K"), 0);
    post_give_back(in->mapped, ps.src, ps.src + ps.len);
    diag_time(doc, "links");

    /* what is added */
    ps.labels = post_page_labels(&ps);
    ps.info_text = post_info_dict(&ps, producer);
    int part = ps.pdfa ? (in->n_sources > 0 ? 3 : 2) : 0;
    ps.xmp = post_make_xmp(&doc->meta, in->date, producer, part);
    if (ps.pdfa && !g_file_get_contents(POST_SRGB_PROFILE, &ps.icc, &ps.icc_len, NULL)) {
        st = diag_fail(doc, ST_ENV, "--pdfa needs the sRGB profile %s: apt-get install "
                       "icc-profiles-free", POST_SRGB_PROFILE);
        goto done;
    }
    if (in->n_sources > 8) {
        st = diag_fail(doc, ST_ENV, "at most 8 files can be attached");
        goto done;
    }
    ps.next = ps.n_obj;
    ps.meta_num = ps.next++;
    if (ps.pdfa) {
        ps.icc_num = ps.next++;
        ps.intent_num = ps.next++;
    }
    for (int i = 0; i < in->n_sources; i++) {
        ps.file_num[i] = ps.next++;
        ps.spec_num[i] = ps.next++;
    }
    post_number_vfonts(&ps);
    diag_time(doc, "metadata");
    if ((st = post_squeeze_all(&ps)) != ST_OK)
        goto done;
    post_give_back(in->mapped, ps.src, ps.src + ps.len);
    diag_time(doc, "compress");
    st = post_write_all(&ps);
done:
    g_free(ps.icc);
    g_free(ps.xmp);
    g_free(producer);
    g_array_free(pages, TRUE);
    free(ps.x);
    free(ps.kind);
    free(ps.seen);
    free(ps.aux);
    free(ps.dest);
    free(ps.vsimple);
    g_free(ps.off);
    if (ps.md5)
        g_checksum_free(ps.md5);
    g_string_free(ps.scratch, TRUE);
    g_string_free(ps.stm_head, TRUE);
    g_string_free(ps.stm_body, TRUE);
    post_squeezer_free(&ps.z);
    for (int i = 0; i < ps.n_jobs; i++)
        free(ps.jobs[i].out);
    free(ps.jobs);
    arena_free(ps.tmp);
    arena_free(ps.keep);
    return st;
}

