/*
 * post.c: the libqpdf post-pass (see post.h).
 * cairo 1.16 writes structure tags but no /Lang, no /Alt, no XMP metadata,
 * no output intent and no embedded files; its /ID is random-free only
 * because it has none. This pass reads cairo's PDF from memory with qpdf's
 * C API, adds those objects through qpdf's object handles (no PDF syntax is
 * written by hand) and writes the result with a deterministic /ID derived
 * from the content, object streams and compressed streams.
 *
 * PDF/A-2u (ISO 19005-2, level U) as checked against cairo's output:
 *  - XMP metadata (pdfaid part/conformance, dc:title, dc:creator,
 *    dc:description, dc:language, xmp:CreateDate/ModifyDate/CreatorTool,
 *    pdf:Producer/Keywords), consistent with the Info dictionary, which
 *    is rewritten from the same values;
 *  - an OutputIntent (GTS_PDFA1) with the sRGB ICC profile: cairo's pages
 *    are transparency groups in DeviceRGB;
 *  - every annotation printable (/F 4): cairo writes link annotations
 *    without flags; links need no appearance stream;
 *  - fonts: cairo embeds every font (CID-keyed CFF) with a ToUnicode map;
 *    the narrow metric copies of embed.c are not used (pdf.c), so glyph
 *    widths agree with the font programs;
 *  - no JavaScript, no Launch actions, no encryption: cairo writes none;
 *  - a trailer /ID; the header's binary comment (qpdf writes one).
 * With embedded sources the file claims PDF/A-3u (part 3 allows any
 * attachment, marked with /AF and /AFRelationship).
 * Not done: PDF/UA identification, artifacts for running heads (cairo 1.16
 * cannot mark them).
 */
#include "post.h"
#include "diag.h"

#include <glib.h>
#include <math.h>
#include <qpdf/qpdf-c.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

#ifndef KUMIHAN_VERSION
#define KUMIHAN_VERSION "0.1"
#endif

/* --- the structure tree: alt texts in document order --- */

typedef struct AltWalk { qpdf_data q; const char *const *alts; int n, next; } AltWalk;

/* Each handle is released once used (qpdf keeps every handle until then:
 * tens of thousands in a long document), and the walk ends at the last
 * figure. */
static void
set_alts(AltWalk *w, qpdf_oh node, int depth)
{
    qpdf_data q = w->q;
    if (depth > 256 || w->next >= w->n)
        return;
    if (qpdf_oh_is_array(q, node)) {
        int n = qpdf_oh_get_array_n_items(q, node);
        for (int i = 0; i < n && w->next < w->n; i++) {
            qpdf_oh item = qpdf_oh_get_array_item(q, node, i);
            set_alts(w, item, depth + 1);
            qpdf_oh_release(q, item);
        }
        return;
    }
    if (!qpdf_oh_is_dictionary(q, node))
        return;
    qpdf_oh s = qpdf_oh_get_key(q, node, "/S");
    if (qpdf_oh_is_name_and_equals(q, s, "/Figure")) {
        const char *alt = w->alts[w->next++];
        qpdf_oh text = qpdf_oh_new_unicode_string(q, alt ? alt : "");
        qpdf_oh_replace_key(q, node, "/Alt", text);
        qpdf_oh_release(q, text);
    }
    qpdf_oh_release(q, s);
    if (qpdf_oh_has_key(q, node, "/K")) {
        qpdf_oh k = qpdf_oh_get_key(q, node, "/K");
        set_alts(w, k, depth + 1);
        qpdf_oh_release(q, k);
    }
}

/* --- page labels (cairo 1.16 leaves out a first page labelled "1") --- */

typedef struct Label { int kind; const char *prefix; size_t prefix_len; long n; } Label;
enum { LABEL_TEXT, LABEL_ARABIC, LABEL_ROMAN };

static long
roman_value(const char *s)
{
    static const char *const digits = "ivxlcdm";
    static const int values[] = {1, 5, 10, 50, 100, 500, 1000};
    long total = 0;
    for (size_t i = 0; s[i]; i++) {
        const char *a = strchr(digits, s[i]), *b = s[i + 1] ? strchr(digits, s[i + 1]) : NULL;
        if (!a)
            return 0;
        int va = values[a - digits], vb = b ? values[b - digits] : 0;
        total += va < vb ? -va : va;
    }
    return total;
}

static Label
label_of(const char *s)
{
    Label l = {LABEL_TEXT, s, strlen(s), 0};
    size_t n = strlen(s), k = n;
    while (k > 0 && s[k - 1] >= '0' && s[k - 1] <= '9')
        k--;
    if (k < n && s[k] != '0') {
        l.kind = LABEL_ARABIC;
        l.prefix_len = k;
        l.n = atol(s + k);
    } else if (n > 0 && strspn(s, "ivxlcdm") == n && roman_value(s) > 0) {
        l.kind = LABEL_ROMAN;
        l.prefix_len = 0;
        l.n = roman_value(s);
    }
    return l;
}

/* A number tree of ranges: a new range where the numbering does not go on. */
static void
set_page_labels(qpdf_data q, qpdf_oh root, const PostInput *in)
{
    if (!in->labels || in->n_pages <= 0)
        return;
    qpdf_oh nums = qpdf_oh_new_array(q);
    Label prev = {LABEL_TEXT, "", 0, 0};
    for (int i = 0; i < in->n_pages; i++) {
        Label l = label_of(in->labels[i] ? in->labels[i] : "");
        bool goes_on = i > 0 && l.kind != LABEL_TEXT && l.kind == prev.kind
                       && l.prefix_len == prev.prefix_len
                       && memcmp(l.prefix, prev.prefix, l.prefix_len) == 0 && l.n == prev.n + 1;
        prev = l;
        if (goes_on)
            continue;
        qpdf_oh d = qpdf_oh_new_dictionary(q);
        if (l.kind != LABEL_TEXT) {
            qpdf_oh_replace_key(q, d, "/S", qpdf_oh_new_name(q, l.kind == LABEL_ROMAN ? "/r"
                                                                                      : "/D"));
            if (l.n != 1)
                qpdf_oh_replace_key(q, d, "/St", qpdf_oh_new_integer(q, l.n));
        }
        if (l.prefix_len > 0) {
            char *p = g_strndup(l.prefix, l.prefix_len);
            qpdf_oh_replace_key(q, d, "/P", qpdf_oh_new_unicode_string(q, p));
            g_free(p);
        }
        qpdf_oh_append_item(q, nums, qpdf_oh_new_integer(q, i));
        qpdf_oh_append_item(q, nums, d);
    }
    qpdf_oh tree = qpdf_oh_new_dictionary(q);
    qpdf_oh_replace_key(q, tree, "/Nums", nums);
    qpdf_oh_replace_key(q, root, "/PageLabels", tree);
}

/* --- print production: the trim and bleed boxes of every page --- */

static qpdf_oh
box(qpdf_data q, double x0, double y0, double x1, double y1)
{
    qpdf_oh a = qpdf_oh_new_array(q);
    qpdf_oh_append_item(q, a, qpdf_oh_new_real_from_double(q, x0, 3));
    qpdf_oh_append_item(q, a, qpdf_oh_new_real_from_double(q, y0, 3));
    qpdf_oh_append_item(q, a, qpdf_oh_new_real_from_double(q, x1, 3));
    qpdf_oh_append_item(q, a, qpdf_oh_new_real_from_double(q, y1, 3));
    return a;
}

static void
set_boxes(qpdf_data q, const PostInput *in)
{
    if (in->trim_offset <= 0 || !in->widths)
        return;
    int n = qpdf_get_num_pages(q);
    for (int i = 0; i < n && i < in->n_pages; i++) {
        qpdf_oh page = qpdf_get_page_n(q, (size_t)i);
        double w = in->widths[i], h = in->heights[i], o = in->trim_offset, b = in->bleed;
        qpdf_oh_replace_key(q, page, "/TrimBox", box(q, o, o, w - o, h - o));
        qpdf_oh_replace_key(q, page, "/BleedBox", box(q, o - b, o - b, w - o + b, h - o + b));
    }
    qpdf_oh_release_all(q);
}

/* --- internal links: the /Dest cairo could not write --- */

static double
num_of(qpdf_data q, qpdf_oh arr, int i)
{
    return qpdf_oh_get_numeric_value(q, qpdf_oh_get_array_item(q, arr, i));
}

/* Links sorted by their page, then in drawing order. */
static int
by_page(const void *a, const void *b)
{
    const LinkFix *x = *(const LinkFix *const *)a, *y = *(const LinkFix *const *)b;
    if (x->page != y->page)
        return x->page < y->page ? -1 : 1;
    return x < y ? -1 : x > y;
}

/* Each page's annotations are read once; an annotation takes the /Dest of
 * the link drawn at its rectangle. Handles are released page by page: the
 * C API keeps every handle until qpdf_cleanup otherwise. */
static void
fix_links(qpdf_data q, const PostInput *in)
{
    if (in->n_links <= 0)
        return;
    const LinkFix **order = g_new(const LinkFix *, (size_t)in->n_links);
    for (int k = 0; k < in->n_links; k++)
        order[k] = &in->links[k];
    qsort(order, (size_t)in->n_links, sizeof order[0], by_page);
    int n_pages = qpdf_get_num_pages(q);
    if (n_pages > in->n_pages)
        n_pages = in->n_pages;
    qpdf_oh *pages = g_new(qpdf_oh, (size_t)n_pages + 1);
    for (int i = 0; i < n_pages; i++)
        pages[i] = qpdf_get_page_n(q, (size_t)i);
    for (int k = 0; k < in->n_links;) {
        int page = order[k]->page, k1 = k;
        while (k1 < in->n_links && order[k1]->page == page)
            k1++;
        if (page < 1 || page > n_pages) {
            k = k1;
            continue;
        }
        qpdf_oh annots = qpdf_oh_get_key(q, pages[page - 1], "/Annots");
        int n = qpdf_oh_is_array(q, annots) ? qpdf_oh_get_array_n_items(q, annots) : 0;
        double h = in->heights[page - 1];
        for (int j = 0; j < n; j++) {
            qpdf_oh a = qpdf_oh_get_array_item(q, annots, j);
            qpdf_oh rect = qpdf_oh_get_key(q, a, "/Rect");
            if (!qpdf_oh_is_array(q, rect) || qpdf_oh_get_array_n_items(q, rect) != 4
                || qpdf_oh_has_key(q, a, "/A"))
                continue;
            double x1 = num_of(q, rect, 0), y2 = num_of(q, rect, 3);
            for (int m = k; m < k1; m++) {
                const LinkFix *f = order[m];
                if (f->to_page < 1 || f->to_page > n_pages || fabs(x1 - f->x) > 1.5
                    || fabs((h - y2) - f->y) > 1.5)
                    continue;
                qpdf_oh dest = qpdf_oh_new_array(q);
                qpdf_oh_append_item(q, dest, pages[f->to_page - 1]);
                qpdf_oh_append_item(q, dest, qpdf_oh_new_name(q, "/XYZ"));
                qpdf_oh_append_item(q, dest, qpdf_oh_new_real_from_double(q, f->to_x, 2));
                qpdf_oh_append_item(q, dest, qpdf_oh_new_real_from_double(
                                                 q, in->heights[f->to_page - 1] - f->to_y, 2));
                qpdf_oh_append_item(q, dest, qpdf_oh_new_null(q));
                qpdf_oh_replace_key(q, a, "/Dest", dest);
                break;
            }
        }
        k = k1;
    }
    g_free(pages);
    g_free(order);
    qpdf_oh_release_all(q);
}

/* --- metadata --- */

static char *
xml_escape(const char *s)
{
    GString *o = g_string_new(NULL);
    for (; s && *s; s++) {
        switch (*s) {
        case '&': g_string_append(o, "&amp;"); break;
        case '<': g_string_append(o, "&lt;"); break;
        case '>': g_string_append(o, "&gt;"); break;
        case '"': g_string_append(o, "&quot;"); break;
        default: g_string_append_c(o, *s);
        }
    }
    return g_string_free(o, FALSE);
}

/* "2009-11-30T00:00:00Z" -> "D:20091130000000Z" */
static char *
pdf_date(const char *iso)
{
    int y, mo, d, h = 0, mi = 0, s = 0;
    if (!iso || sscanf(iso, "%d-%d-%dT%d:%d:%d", &y, &mo, &d, &h, &mi, &s) < 3)
        return NULL;
    return g_strdup_printf("D:%04d%02d%02d%02d%02d%02dZ", y, mo, d, h, mi, s);
}

static void
xmp_text(GString *x, const char *tag, const char *value)
{
    if (!value)
        return;
    char *v = xml_escape(value);
    g_string_append_printf(x, "   <%s>%s</%s>\n", tag, v, tag);
    g_free(v);
}

static void
xmp_alt(GString *x, const char *tag, const char *value)
{
    if (!value)
        return;
    char *v = xml_escape(value);
    g_string_append_printf(x, "   <%s><rdf:Alt><rdf:li xml:lang=\"x-default\">%s</rdf:li>"
                              "</rdf:Alt></%s>\n", tag, v, tag);
    g_free(v);
}

static char *
make_xmp(const Meta *m, const char *date, const char *producer, int part)
{
    GString *x = g_string_new(NULL);
    g_string_append(x, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                       "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                       " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                       "  <rdf:Description rdf:about=\"\"\n"
                       "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
                       "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
                       "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n"
                       "    xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n");
    if (part)
        g_string_append_printf(x, "   <pdfaid:part>%d</pdfaid:part>\n"
                                  "   <pdfaid:conformance>U</pdfaid:conformance>\n", part);
    g_string_append(x, "   <dc:format>application/pdf</dc:format>\n");
    xmp_alt(x, "dc:title", m->title);
    xmp_alt(x, "dc:description", m->subject);
    if (m->author) {
        char *v = xml_escape(m->author);
        g_string_append_printf(x, "   <dc:creator><rdf:Seq><rdf:li>%s</rdf:li></rdf:Seq>"
                                  "</dc:creator>\n", v);
        g_free(v);
    }
    g_string_append_printf(x, "   <dc:language><rdf:Bag><rdf:li>%s</rdf:li></rdf:Bag>"
                              "</dc:language>\n", m->lang ? m->lang : "ja");
    xmp_text(x, "xmp:CreateDate", date);
    xmp_text(x, "xmp:ModifyDate", date);
    xmp_text(x, "xmp:CreatorTool", "kumihan " KUMIHAN_VERSION);
    xmp_text(x, "pdf:Producer", producer);
    xmp_text(x, "pdf:Keywords", m->keywords);
    g_string_append(x, "  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n"
                       "<?xpacket end=\"w\"?>\n");
    return g_string_free(x, FALSE);
}

/* The Info dictionary, from the same values as the XMP packet. */
static void
set_info(qpdf_data q, const Meta *m, const char *date, const char *producer)
{
    qpdf_oh trailer = qpdf_get_trailer(q);
    qpdf_oh info = qpdf_oh_get_key(q, trailer, "/Info");
    if (!qpdf_oh_is_dictionary(q, info)) {
        info = qpdf_make_indirect_object(q, qpdf_oh_new_dictionary(q));
        qpdf_oh_replace_key(q, trailer, "/Info", info);
    }
    struct { const char *key, *value; } kv[] = {
        {"/Title", m->title}, {"/Author", m->author}, {"/Subject", m->subject},
        {"/Keywords", m->keywords}, {"/Creator", "kumihan " KUMIHAN_VERSION},
        {"/Producer", producer},
    };
    for (size_t i = 0; i < sizeof kv / sizeof kv[0]; i++)
        if (kv[i].value)
            qpdf_oh_replace_key(q, info, kv[i].key, qpdf_oh_new_unicode_string(q, kv[i].value));
    char *d = pdf_date(date);
    if (d) {
        qpdf_oh_replace_key(q, info, "/CreationDate", qpdf_oh_new_unicode_string(q, d));
        qpdf_oh_replace_key(q, info, "/ModDate", qpdf_oh_new_unicode_string(q, d));
        g_free(d);
    } else {
        qpdf_oh_remove_key(q, info, "/CreationDate");
        qpdf_oh_remove_key(q, info, "/ModDate");
    }
}

static qpdf_oh
new_stream(qpdf_data q, const void *data, size_t len)
{
    qpdf_oh s = qpdf_oh_new_stream(q);
    qpdf_oh_replace_stream_data(q, s, data, len, qpdf_oh_new_null(q), qpdf_oh_new_null(q));
    return s;
}

/* --- PDF/A --- */

static Status
add_output_intent(Doc *doc, qpdf_data q, qpdf_oh root)
{
    gchar *icc = NULL;
    gsize icc_len = 0;
    if (!g_file_get_contents(POST_SRGB_PROFILE, &icc, &icc_len, NULL))
        return diag_fail(doc, ST_ENV, "--pdfa needs the sRGB profile %s: apt-get install "
                         "icc-profiles-free", POST_SRGB_PROFILE);
    qpdf_oh profile = new_stream(q, icc, icc_len);
    g_free(icc);
    qpdf_oh_replace_key(q, qpdf_oh_get_dict(q, profile), "/N", qpdf_oh_new_integer(q, 3));
    qpdf_oh intent = qpdf_oh_new_dictionary(q);
    qpdf_oh_replace_key(q, intent, "/Type", qpdf_oh_new_name(q, "/OutputIntent"));
    qpdf_oh_replace_key(q, intent, "/S", qpdf_oh_new_name(q, "/GTS_PDFA1"));
    qpdf_oh_replace_key(q, intent, "/OutputConditionIdentifier",
                        qpdf_oh_new_unicode_string(q, "sRGB IEC61966-2.1"));
    qpdf_oh_replace_key(q, intent, "/RegistryName",
                        qpdf_oh_new_unicode_string(q, "http://www.color.org"));
    qpdf_oh_replace_key(q, intent, "/Info", qpdf_oh_new_unicode_string(q, "sRGB IEC61966-2.1"));
    qpdf_oh_replace_key(q, intent, "/DestOutputProfile", profile);
    qpdf_oh intents = qpdf_oh_new_array(q);
    qpdf_oh_append_item(q, intents, qpdf_make_indirect_object(q, intent));
    qpdf_oh_replace_key(q, root, "/OutputIntents", intents);
    return ST_OK;
}

/* Annotations must print (flag 4), and nothing may hide them. */
static void
annotations_printable(qpdf_data q)
{
    int n = qpdf_get_num_pages(q);
    for (int i = 0; i < n; i++) {
        qpdf_oh page = qpdf_get_page_n(q, (size_t)i);
        qpdf_oh annots = qpdf_oh_get_key(q, page, "/Annots");
        if (!qpdf_oh_is_array(q, annots))
            continue;
        int k = qpdf_oh_get_array_n_items(q, annots);
        for (int j = 0; j < k; j++) {
            qpdf_oh a = qpdf_oh_get_array_item(q, annots, j);
            if (qpdf_oh_is_dictionary(q, a))
                qpdf_oh_replace_key(q, a, "/F", qpdf_oh_new_integer(q, 4));
        }
    }
}

/* --- attachments --- */

static Status
attach_sources(Doc *doc, qpdf_data q, qpdf_oh root, const PostInput *in)
{
    qpdf_oh names = qpdf_oh_new_array(q), af = qpdf_oh_new_array(q);
    for (int i = 0; i < in->n_sources; i++) {
        gchar *data = NULL;
        gsize len = 0;
        if (!g_file_get_contents(in->sources[i], &data, &len, NULL))
            return diag_fail(doc, ST_ENV, "cannot read %s to attach it", in->sources[i]);
        const char *base = strrchr(in->sources[i], '/');
        base = base ? base + 1 : in->sources[i];
        qpdf_oh file = new_stream(q, data, len);
        g_free(data);
        qpdf_oh fd = qpdf_oh_get_dict(q, file);
        qpdf_oh_replace_key(q, fd, "/Type", qpdf_oh_new_name(q, "/EmbeddedFile"));
        qpdf_oh_replace_key(q, fd, "/Subtype", qpdf_oh_new_name(q, "/text#2Fmarkdown"));
        qpdf_oh params = qpdf_oh_new_dictionary(q);
        qpdf_oh_replace_key(q, params, "/Size", qpdf_oh_new_integer(q, (long long)len));
        char *d = pdf_date(in->date);
        if (d) {
            qpdf_oh_replace_key(q, params, "/ModDate", qpdf_oh_new_unicode_string(q, d));
            g_free(d);
        }
        qpdf_oh_replace_key(q, fd, "/Params", params);
        qpdf_oh ef = qpdf_oh_new_dictionary(q);
        qpdf_oh_replace_key(q, ef, "/F", file);
        qpdf_oh_replace_key(q, ef, "/UF", file);
        qpdf_oh spec = qpdf_oh_new_dictionary(q);
        qpdf_oh_replace_key(q, spec, "/Type", qpdf_oh_new_name(q, "/Filespec"));
        qpdf_oh_replace_key(q, spec, "/F", qpdf_oh_new_unicode_string(q, base));
        qpdf_oh_replace_key(q, spec, "/UF", qpdf_oh_new_unicode_string(q, base));
        qpdf_oh_replace_key(q, spec, "/Desc",
                            qpdf_oh_new_unicode_string(q, "Markdown source of this document"));
        qpdf_oh_replace_key(q, spec, "/AFRelationship", qpdf_oh_new_name(q, "/Source"));
        qpdf_oh_replace_key(q, spec, "/EF", ef);
        spec = qpdf_make_indirect_object(q, spec);
        /* the name tree: names sorted (the sources come sorted from the caller) */
        qpdf_oh_append_item(q, names, qpdf_oh_new_unicode_string(q, base));
        qpdf_oh_append_item(q, names, spec);
        qpdf_oh_append_item(q, af, spec);
    }
    qpdf_oh tree = qpdf_oh_new_dictionary(q);
    qpdf_oh_replace_key(q, tree, "/Names", names);
    qpdf_oh nd = qpdf_oh_get_key(q, root, "/Names");
    if (!qpdf_oh_is_dictionary(q, nd)) {
        nd = qpdf_oh_new_dictionary(q);
        qpdf_oh_replace_key(q, root, "/Names", nd);
    }
    qpdf_oh_replace_key(q, nd, "/EmbeddedFiles", tree);
    qpdf_oh_replace_key(q, root, "/AF", af);
    return ST_OK;
}

Status
post_process(Doc *doc, const PostInput *in, FILE *out)
{
    const Options *o = doc->opt;
    bool pdfa = o && o->pdfa;
    qpdf_data q = qpdf_init();
    qpdf_silence_errors(q);
    qpdf_set_suppress_warnings(q, QPDF_TRUE);
    Status st = ST_OK;
    if (qpdf_read_memory(q, "kumihan.pdf", (const char *)in->pdf, (unsigned long long)in->len,
                         NULL) & QPDF_ERRORS) {
        st = diag_fail(doc, ST_IO, "qpdf cannot read cairo's PDF: %s",
                       qpdf_get_error_full_text(q, qpdf_get_error(q)));
        goto done;
    }
    qpdf_oh root = qpdf_get_root(q);
    const Meta *m = &doc->meta;
    qpdf_oh_replace_key(q, root, "/Lang",
                        qpdf_oh_new_unicode_string(q, m->lang ? m->lang : "ja"));
    set_page_labels(q, root, in);
    fix_links(q, in);
    set_boxes(q, in);
    root = qpdf_get_root(q);               /* (fix_links released every handle) */
    diag_time(doc, "links");
    qpdf_oh tree = qpdf_oh_get_key(q, root, "/StructTreeRoot");
    if (qpdf_oh_is_dictionary(q, tree) && in->n_alts > 0) {
        AltWalk w = {q, in->alts, in->n_alts, 0};
        set_alts(&w, qpdf_oh_get_key(q, tree, "/K"), 0);
    }
    /* a title shown in the viewer's title bar, as archives and PDF/UA want */
    qpdf_oh prefs = qpdf_oh_new_dictionary(q);
    qpdf_oh_replace_key(q, prefs, "/DisplayDocTitle", qpdf_oh_new_bool(q, QPDF_TRUE));
    qpdf_oh_replace_key(q, root, "/ViewerPreferences", prefs);
    char *producer = g_strdup("kumihan " KUMIHAN_VERSION " (cairo 1.16, qpdf)");
    set_info(q, m, in->date, producer);
    if (in->n_sources > 0 && (st = attach_sources(doc, q, root, in)) != ST_OK) {
        g_free(producer);
        goto done;
    }
    int part = pdfa ? (in->n_sources > 0 ? 3 : 2) : 0;
    char *xmp = make_xmp(m, in->date, producer, part);
    qpdf_oh meta = new_stream(q, xmp, strlen(xmp));
    qpdf_oh md = qpdf_oh_get_dict(q, meta);
    qpdf_oh_replace_key(q, md, "/Type", qpdf_oh_new_name(q, "/Metadata"));
    qpdf_oh_replace_key(q, md, "/Subtype", qpdf_oh_new_name(q, "/XML"));
    qpdf_oh_replace_key(q, root, "/Metadata", meta);
    g_free(xmp);
    g_free(producer);
    if (pdfa) {
        if ((st = add_output_intent(doc, q, root)) != ST_OK)
            goto done;
        annotations_printable(q);
    }
    diag_time(doc, "metadata");
    if (qpdf_init_write_memory(q) & QPDF_ERRORS) {
        st = diag_fail(doc, ST_IO, "qpdf cannot write: %s",
                       qpdf_get_error_full_text(q, qpdf_get_error(q)));
        goto done;
    }
    qpdf_set_deterministic_ID(q, QPDF_TRUE);
    qpdf_set_object_stream_mode(q, qpdf_o_generate);
    qpdf_set_compress_streams(q, QPDF_TRUE);
    qpdf_set_decode_level(q, qpdf_dl_none);  /* cairo compressed them: copy, do not recode */
    if (pdfa)
        qpdf_set_minimum_pdf_version(q, "1.7");
    if (qpdf_write(q) & QPDF_ERRORS) {
        st = diag_fail(doc, ST_IO, "qpdf cannot write: %s",
                       qpdf_get_error_full_text(q, qpdf_get_error(q)));
        goto done;
    }
    size_t n = qpdf_get_buffer_length(q);
    if (fwrite(qpdf_get_buffer(q), 1, n, out) != n)
        st = diag_fail(doc, ST_IO, "cannot write the PDF");
done:
    qpdf_cleanup(&q);
    return st;
}
