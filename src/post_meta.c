/*
 * post_meta.c: what the post-pass reads before writing and what it adds
 * (see post_impl.h). Read: the page tree, each page's annotations (the
 * internal links' /Dest from pdf.c's LinkFix), the Figure elements of the
 * structure tree (their /Alt). Added, from the document's metadata: page
 * labels, the Info dictionary and the XMP packet (the same values),
 * /Lang, trim and bleed boxes, the attachments' name tree, and with
 * --pdfa the PDF/A identification. post_edit changes one of cairo's
 * objects as it is written: a vertical document's catalog turns its pages
 * right to left, and the fonts of its upright glyphs become vertical
 * (post_vfont.c).
 *
 * PDF/A-2u (ISO 19005-2, level U) as checked against cairo's output:
 *  - XMP metadata (pdfaid part/conformance, dc:title, dc:creator,
 *    dc:description, dc:language, xmp:CreateDate/ModifyDate/CreatorTool,
 *    pdf:Producer/Keywords), consistent with the Info dictionary, which
 *    is rewritten from the same values; the metadata stream is not
 *    compressed, so that it stays readable;
 *  - an OutputIntent (GTS_PDFA1) with the sRGB ICC profile: cairo's pages
 *    are transparency groups in DeviceRGB (written by post_write.c);
 *  - every annotation printable (/F 4): cairo writes link annotations
 *    without flags; links need no appearance stream;
 *  - fonts: cairo embeds every font (CID-keyed CFF; TrueType for the
 *    upright glyphs of vertical text) with a ToUnicode map; the narrow
 *    metric copies of subset.c are not used (pdf.c), and the vertical
 *    copies' widths are their TrueType programs' (hmtx), so glyph widths
 *    agree with the font programs;
 *  - no JavaScript, no Launch actions, no encryption: cairo writes none;
 *  - a trailer /ID; the header's binary comment.
 * With embedded sources the file claims PDF/A-3u (part 3 allows any
 * attachment, marked with /AF and /AFRelationship).
 * Not done: PDF/UA identification, artifacts for running heads (cairo 1.16
 * cannot mark them).
 */
#include "post_impl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

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

/* --- metadata --- */

/* The values come from parse.c, which repaired them (no control but tab and
 * line feed, no noncharacter): escaped, they are XML 1.0 character data. */
static char *
xml_escape(const char *s)
{
    return g_markup_escape_text(s ? s : "", -1);
}

/* "2009-11-30T00:00:00Z" -> "D:20091130000000Z" */
char *
post_pdf_date(const char *iso)
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

char *
post_make_xmp(const Meta *m, const char *date, const char *producer, int part)
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
    char *lang = xml_escape(m->lang ? m->lang : "ja");
    g_string_append_printf(x, "   <dc:language><rdf:Bag><rdf:li>%s</rdf:li></rdf:Bag>"
                              "</dc:language>\n", lang);
    g_free(lang);
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

/* --- what is read before writing: pages, links, figures --- */

bool
post_walk_pages(Post *ps, int num, int depth, GArray *pages)
{
    Obj o;
    if (depth > 32 || num <= 0 || num >= ps->n_obj || (ps->seen[num] & 2)
        || !post_read_obj(ps, num, &o) || o.v.k != V_DICT)
        return false;                      /* (a node seen twice: a loop) */
    ps->seen[num] |= 2;
    Val *type = post_dict_get(&o.v, "/Type"), *kids = post_dict_get(&o.v, "/Kids");
    if (post_raw_is(type, "/Page")) {
        g_array_append_val(pages, num);
        return true;
    }
    if (!post_raw_is(type, "/Pages") || !kids || kids->k != V_ARRAY)
        return false;
    for (int i = 0; i < kids->n; i++)
        if (kids->items[i].k != V_REF || !post_walk_pages(ps, kids->items[i].ref, depth + 1, pages))
            return false;
    return true;
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

/* Every page's annotations are marked (PDF/A makes them printable); an
 * annotation without an action takes the /Dest of the internal link drawn
 * at its rectangle. */
Status
post_read_annotations(Post *ps)
{
    const PostInput *in = ps->in;
    const LinkFix **order = g_new(const LinkFix *, (size_t)in->n_links + 1);
    for (int k = 0; k < in->n_links; k++)
        order[k] = &in->links[k];
    qsort(order, (size_t)in->n_links, sizeof order[0], by_page);
    int n_pages = ps->n_pages < in->n_pages ? ps->n_pages : in->n_pages;
    GString *g = ps->scratch;
    Status st = ST_OK;
    for (int p = 0, k = 0; p < ps->n_pages && st == ST_OK; p++) {
        while (k < in->n_links && order[k]->page < p + 1)
            k++;
        int k1 = k;
        while (k1 < in->n_links && order[k1]->page == p + 1)
            k1++;
        ArenaMark mark = arena_mark(ps->tmp);
        Obj page;
        if (!post_read_obj(ps, ps->pages[p], &page)) {
            st = post_bad(ps, "a page", ps->pages[p]);
            break;
        }
        /* one stream only (cairo's way): content.c takes the state at its
         * start to be a page's initial one, which a second stream's is not */
        Val *c = post_dict_get(&page.v, "/Contents");
        if (c && c->k == V_REF && c->ref > 0 && c->ref < ps->n_obj && ps->kind[c->ref] == K_NONE)
            ps->kind[c->ref] = K_CONTENT;
        Val *annots = post_dict_get(&page.v, "/Annots");
        Obj ao;
        if (annots && annots->k == V_REF && post_read_obj(ps, annots->ref, &ao))
            annots = &ao.v;
        for (int j = 0; annots && annots->k == V_ARRAY && j < annots->n; j++) {
            int a = annots->items[j].k == V_REF ? annots->items[j].ref : 0;
            Obj an;
            if (a <= 0 || a >= ps->n_obj || ps->kind[a] != K_NONE)
                continue;
            if (!post_read_obj(ps, a, &an) || an.v.k != V_DICT) {
                st = post_bad(ps, "an annotation", a);
                break;
            }
            ps->kind[a] = K_ANNOT;
            Val *rect = post_dict_get(&an.v, "/Rect");
            double x1, y2;
            if (p >= n_pages || !rect || rect->k != V_ARRAY || rect->n != 4
                || post_dict_get(&an.v, "/A") || !post_num_of(&rect->items[0], &x1)
                || !post_num_of(&rect->items[3], &y2))
                continue;
            double h = in->heights[p];
            for (int m = k; m < k1; m++) {
                const LinkFix *f = order[m];
                if (f->to_page < 1 || f->to_page > n_pages || fabs(x1 - f->x) > 1.5
                    || fabs((h - y2) - f->y) > 1.5)
                    continue;
                g_string_truncate(g, 0);
                g_string_append_printf(g, "[%d 0 R/XYZ", ps->pages[f->to_page - 1]);
                post_put_num(g, f->to_x, 2);
                post_put_num(g, in->heights[f->to_page - 1] - f->to_y, 2);
                post_put_tok(g, "null]", 5);
                ps->dest[a] = arena_strdup(ps->keep, g->str);
                break;
            }
        }
        arena_rewind(ps->tmp, mark);
        k = k1;
    }
    g_free(order);
    return st;
}

/* The structure tree in document order: the Figure elements take the alt
 * texts in turn; the walk ends at the last. */
void
post_walk_struct(Post *ps, const Val *k, int depth)
{
    if (ps->next_alt >= ps->in->n_alts || depth > 512 || !k)
        return;
    if (k->k == V_ARRAY) {
        for (int i = 0; i < k->n; i++)
            post_walk_struct(ps, &k->items[i], depth + 1);
        return;
    }
    if (k->k != V_REF || k->ref <= 0 || k->ref >= ps->n_obj || (ps->seen[k->ref] & 1))
        return;
    ps->seen[k->ref] |= 1;
    ArenaMark mark = arena_mark(ps->tmp);
    Obj o;
    if (post_read_obj(ps, k->ref, &o) && o.v.k == V_DICT) {
        if (post_raw_is(post_dict_get(&o.v, "/S"), "/Figure") && ps->kind[k->ref] == K_NONE) {
            ps->kind[k->ref] = K_FIGURE;
            ps->aux[k->ref] = ps->next_alt++;
        }
        post_walk_struct(ps, post_dict_get(&o.v, "/K"), depth + 1);
    }
    arena_rewind(ps->tmp, mark);
}

/* --- what is added --- */

/* A number tree of ranges: a new range where the numbering does not go on. */
const char *
post_page_labels(Post *ps)
{
    const PostInput *in = ps->in;
    if (!in->labels || in->n_pages <= 0)
        return NULL;
    GString *g = ps->scratch;
    g_string_assign(g, "<</Nums[");
    Label prev = {LABEL_TEXT, "", 0, 0};
    for (int i = 0; i < in->n_pages; i++) {
        Label l = label_of(in->labels[i] ? in->labels[i] : "");
        bool goes_on = i > 0 && l.kind != LABEL_TEXT && l.kind == prev.kind
                       && l.prefix_len == prev.prefix_len
                       && memcmp(l.prefix, prev.prefix, l.prefix_len) == 0 && l.n == prev.n + 1;
        prev = l;
        if (goes_on)
            continue;
        post_put_num(g, i, 0);
        post_put_tok(g, "<<", 2);
        if (l.kind != LABEL_TEXT) {
            post_put_tok(g, l.kind == LABEL_ROMAN ? "/S/r" : "/S/D", 4);
            if (l.n != 1) {
                post_put_tok(g, "/St", 3);
                post_put_num(g, (double)l.n, 0);
            }
        }
        if (l.prefix_len > 0) {
            char *p = g_strndup(l.prefix, l.prefix_len);
            post_put_tok(g, "/P", 2);
            post_put_text(g, p);
            g_free(p);
        }
        post_put_tok(g, ">>", 2);
    }
    post_put_tok(g, "]>>", 3);
    return arena_strdup(ps->keep, g->str);
}

/* The Info dictionary, from the same values as the XMP packet. */
const char *
post_info_dict(Post *ps, const char *producer)
{
    const Meta *m = &ps->doc->meta;
    GString *g = ps->scratch;
    g_string_assign(g, "<<");
    struct { const char *key, *value; } kv[] = {
        {"/Title", m->title}, {"/Author", m->author}, {"/Subject", m->subject},
        {"/Keywords", m->keywords}, {"/Creator", "kumihan " KUMIHAN_VERSION},
        {"/Producer", producer},
    };
    for (size_t i = 0; i < sizeof kv / sizeof kv[0]; i++)
        if (kv[i].value) {
            post_put_tok(g, kv[i].key, strlen(kv[i].key));
            post_put_text(g, kv[i].value);
        }
    char *d = post_pdf_date(ps->in->date);
    if (d) {
        post_put_tok(g, "/CreationDate", 13);
        post_put_text(g, d);
        post_put_tok(g, "/ModDate", 8);
        post_put_text(g, d);
        g_free(d);
    }
    post_put_tok(g, ">>", 2);
    return arena_strdup(ps->keep, g->str);
}

const char *
post_base_name(const char *path)
{
    const char *b = strrchr(path, '/');
    return b ? b + 1 : path;
}

/* The name tree of the attached sources (sorted by the caller), in ps->tmp. */
static Val
embedded_files(Post *ps)
{
    GString *g = g_string_new("<</Names[");
    for (int i = 0; i < ps->in->n_sources; i++) {
        post_put_text(g, post_base_name(ps->in->sources[i].name));
        g_string_append_printf(g, "%d 0 R", ps->spec_num[i]);
    }
    g_string_append(g, "]>>");
    Val v = post_raw_val(arena_strdup(ps->tmp, g->str));
    g_string_free(g, TRUE);
    return v;
}

/* The changes to one of cairo's objects, as it is written. */
void
post_edit(Post *ps, int num, Val *v)
{
    Arena *a = ps->tmp;
    const PostInput *in = ps->in;
    GString *g = ps->scratch;
    if (v->k != V_DICT)
        return;
    switch (ps->kind[num]) {
    case K_CATALOG: {
        g_string_truncate(g, 0);
        post_put_text(g, ps->doc->meta.lang ? ps->doc->meta.lang : "ja");
        post_dict_set(a, v, "/Lang", post_raw_val(arena_strdup(a, g->str)));
        if (ps->labels)
            post_dict_set(a, v, "/PageLabels", post_raw_val(ps->labels));
        /* (a vertical document's pages turn right to left) */
        post_dict_set(a, v, "/ViewerPreferences",
                      post_raw_val(ps->doc->geom.vertical ? "<</DisplayDocTitle true/Direction/R2L>>"
                                                          : "<</DisplayDocTitle true>>"));
        post_dict_set(a, v, "/Metadata", post_raw_val(arena_printf(a, "%d 0 R", ps->meta_num)));
        if (ps->pdfa)
            post_dict_set(a, v, "/OutputIntents", post_raw_val(arena_printf(a, "[%d 0 R]",
                                                                    ps->intent_num)));
        if (in->n_sources > 0) {
            g_string_assign(g, "[");
            for (int i = 0; i < in->n_sources; i++)
                g_string_append_printf(g, "%s%d 0 R", i ? " " : "", ps->spec_num[i]);
            g_string_append_c(g, ']');
            post_dict_set(a, v, "/AF", post_raw_val(arena_strdup(a, g->str)));
            Val *nd = post_dict_get(v, "/Names");
            if (nd && nd->k == V_DICT) {
                post_dict_set(a, nd, "/EmbeddedFiles", embedded_files(ps));
            } else if (!ps->names) {
                Val d = {.k = V_DICT};
                post_dict_set(a, &d, "/EmbeddedFiles", embedded_files(ps));
                post_dict_set(a, v, "/Names", d);
            }
        }
        break;
    }
    case K_NAMES:
        post_dict_set(a, v, "/EmbeddedFiles", embedded_files(ps));
        break;
    case K_INFO:
        *v = post_raw_val(ps->info_text);
        break;
    case K_PAGE: {
        int i = ps->aux[num];
        if (in->trim_offset > 0 && i < in->n_pages) {
            double w = in->widths[i], h = in->heights[i], o = in->trim_offset, b = in->bleed;
            double box[2][4] = {{o, o, w - o, h - o}, {o - b, o - b, w - o + b, h - o + b}};
            for (int k = 0; k < 2; k++) {
                g_string_assign(g, "[");
                for (int j = 0; j < 4; j++)
                    post_put_num(g, box[k][j], 3);
                g_string_append_c(g, ']');
                post_dict_set(a, v, k ? "/BleedBox" : "/TrimBox", post_raw_val(arena_strdup(a, g->str)));
            }
        }
        break;
    }
    case K_ANNOT: {
        /* cairo writes a link's place twice, as /Rect (rounded outwards to
         * whole points, about) and as /QuadPoints, with 6 decimals. A link
         * on one upright rectangle keeps one /Rect at the quadrilateral's
         * bounds; 0.01 pt is ample for where a link is (the rectangle
         * rounded outwards), and the digits are most of an annotation's
         * compressed size */
        double box[4], q[8];
        bool one = post_nums_of(post_dict_get(v, "/QuadPoints"), q, 8) == 8 && q[1] == q[3]
                   && q[5] == q[7] && q[0] == q[6] && q[2] == q[4];
        if (one) {
            box[0] = fmin(q[0], q[2]);
            box[1] = fmin(q[1], q[5]);
            box[2] = fmax(q[0], q[2]);
            box[3] = fmax(q[1], q[5]);
            post_dict_del(v, "/QuadPoints");
        }
        if (one || post_nums_of(post_dict_get(v, "/Rect"), box, 4) == 4) {
            g_string_assign(g, "[");
            for (int j = 0; j < 4; j++)
                post_put_num(g, j < 2 ? floor(box[j] * 100) / 100 : ceil(box[j] * 100) / 100, 2);
            g_string_append_c(g, ']');
            post_dict_set(a, v, "/Rect", post_raw_val(arena_strdup(a, g->str)));
        }
        Val *qp = post_dict_get(v, "/QuadPoints");   /* several quadrilaterals */
        if (qp && qp->k == V_ARRAY && post_nums_of(qp, NULL, qp->n) == qp->n) {
            g_string_assign(g, "[");
            for (int j = 0; j < qp->n; j++) {
                double x;
                post_num_of(&qp->items[j], &x);
                post_put_num(g, x, 2);
            }
            g_string_append_c(g, ']');
            post_dict_set(a, v, "/QuadPoints", post_raw_val(arena_strdup(a, g->str)));
        }
        if (ps->dest[num])
            post_dict_set(a, v, "/Dest", post_raw_val(ps->dest[num]));
        if (ps->pdfa)
            post_dict_set(a, v, "/F", post_raw_val("4"));
        break;
    }
    case K_VFONT:
    case K_VCIDFONT:
    case K_VSIMPLE:
        post_edit_vfont(ps, num, v);
        break;
    case K_FIGURE: {
        const char *alt = in->alts[ps->aux[num]];
        g_string_truncate(g, 0);
        post_put_text(g, alt ? alt : "");
        post_dict_set(a, v, "/Alt", post_raw_val(arena_strdup(a, g->str)));
        break;
    }
    default:
        break;
    }
}

