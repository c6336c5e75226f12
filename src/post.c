/*
 * post.c: the post-pass over cairo's PDF (see post.h).
 * cairo 1.16 writes structure tags but no /Lang, no /Alt, no XMP metadata,
 * no output intent and no embedded files, no page label for a first page
 * labelled "1", and drops the destination of a link to a later page. This
 * pass reads cairo's PDF once, object by object, in cairo's numbering, and
 * writes it again with those additions: the non-stream objects packed into
 * compressed object streams, the streams copied as cairo compressed them
 * (their /Length made direct; the length objects go), a cross-reference
 * stream, and an /ID that is the MD5 of the bytes written (identical bytes
 * for identical input).
 *
 * Why not libqpdf, which did this until issue 6: reading the whole file into
 * qpdf's object model and writing it back was a third of the time of a
 * 150-page report and ~200 MB of memory at 900 pages. This reader knows
 * only what cairo writes (a classic xref table, objects of generation 0,
 * streams with a direct or indirect /Length); anything else is refused with
 * a message rather than guessed. The output is checked by `qpdf --check`
 * and read back through qpdf, poppler and mupdf in the tests.
 *
 * PDF/A-2u (ISO 19005-2, level U) as checked against cairo's output:
 *  - XMP metadata (pdfaid part/conformance, dc:title, dc:creator,
 *    dc:description, dc:language, xmp:CreateDate/ModifyDate/CreatorTool,
 *    pdf:Producer/Keywords), consistent with the Info dictionary, which
 *    is rewritten from the same values; the metadata stream is not
 *    compressed, so that it stays readable;
 *  - an OutputIntent (GTS_PDFA1) with the sRGB ICC profile: cairo's pages
 *    are transparency groups in DeviceRGB;
 *  - every annotation printable (/F 4): cairo writes link annotations
 *    without flags; links need no appearance stream;
 *  - fonts: cairo embeds every font (CID-keyed CFF) with a ToUnicode map;
 *    the narrow metric copies of embed.c are not used (pdf.c), so glyph
 *    widths agree with the font programs;
 *  - no JavaScript, no Launch actions, no encryption: cairo writes none;
 *  - a trailer /ID; the header's binary comment.
 * With embedded sources the file claims PDF/A-3u (part 3 allows any
 * attachment, marked with /AF and /AFRelationship).
 * Not done: PDF/UA identification, artifacts for running heads (cairo 1.16
 * cannot mark them).
 */
#include "post.h"
#include "diag.h"

#include <glib.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <libdeflate.h>
#include <zlib.h>

#include "arena.h"
#include "content.h"
#include "pdflex.h"

#ifndef KUMIHAN_VERSION
#define KUMIHAN_VERSION "0.1"
#endif

/* Objects per object stream: fewer streams, better compression; a reader
 * decompresses a whole stream to reach one object, so not unbounded. */
#define OBJSTM_MAX 1000
/* Compression levels (libdeflate's, 1..12). Streams at 6; object streams
 * at 7, which kept all but 0.4 % of what 9 gains over 6 (3 KB of 181 in
 * 150 pages of lists) at a third of 9's time. */
#define STREAM_LEVEL 6
#define OBJSTM_LEVEL 7
/* A content stream larger than this once inflated is copied as it is. */
#define CONTENT_MAX ((size_t)64 << 20)
/* Nesting of arrays and dictionaries in one object (cairo's deepest is 3). */
#define NEST_MAX 64

/* --- values --- */

/* A parsed value. Scalars (numbers, names, strings, booleans, null) keep
 * their source text, which is written back unchanged; V_RAW is also any
 * text this pass makes (an array or dictionary written out already). */
typedef enum { V_RAW, V_REF, V_ARRAY, V_DICT } VKind;
typedef struct Val {
    VKind k;
    int n;                                 /* items; a dictionary's are key, value, ... */
    int ref;                               /* V_REF: the object number */
    size_t len;                            /* V_RAW */
    const char *raw;
    struct Val *items;
} Val;

/* The object reader's place: the shared PDF lexer (pdflex.c), the arena
 * the values go to, and the nesting of the value being read. */
typedef struct Lex {
    PdfLex x;
    Arena *a;
    int depth;
} Lex;

/* The next token, comments skipped as white space. */
static PdfTokKind
next_tok(Lex *l, PdfTok *t)
{
    while (pdflex_next(&l->x, t) == PDFTOK_COMMENT)
        ;
    return t->kind;
}

/* Is the next token the word `w` (consumed if so)? */
static bool
next_is(Lex *l, const char *w)
{
    PdfLex save = l->x;
    PdfTok t;
    size_t k = strlen(w);
    if (next_tok(l, &t) == PDFTOK_WORD && t.len == k && memcmp(t.s, w, k) == 0)
        return true;
    l->x = save;
    return false;
}

/* n bytes of digits, at most `max` (the bytes need not end in a NUL). */
static bool
is_uint(const unsigned char *s, size_t n, size_t max)
{
    if (n == 0 || n > max)
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

static long long
uint_value(const unsigned char *s, size_t n)
{
    long long x = 0;
    for (size_t i = 0; i < n; i++)
        x = x * 10 + (s[i] - '0');
    return x;
}

static bool parse_tok(Lex *l, const PdfTok *t, Val *v);

/* Items up to `close` (ARRAY_CLOSE or DICT_CLOSE). */
static bool
parse_items(Lex *l, Val *v, PdfTokKind close)
{
    if (++l->depth > NEST_MAX)
        return false;
    int cap = 8, n = 0;
    Val *items = arena_alloc(l->a, sizeof(Val) * (size_t)cap);
    for (;;) {
        PdfTok t;
        if (next_tok(l, &t) == close)
            break;
        if (n == cap) {
            Val *m = arena_alloc(l->a, sizeof(Val) * (size_t)cap * 2);
            memcpy(m, items, sizeof(Val) * (size_t)n);
            items = m;
            cap *= 2;
        }
        if (!parse_tok(l, &t, &items[n]))
            return false;
        if (close == PDFTOK_DICT_CLOSE && n % 2 == 0
            && (items[n].k != V_RAW || items[n].raw[0] != '/'))
            return false;                  /* a key that is not a name */
        n++;
    }
    if (close == PDFTOK_DICT_CLOSE && n % 2 != 0)
        return false;
    v->items = items;
    v->n = n;
    l->depth--;
    return true;
}

/* The value that starts with token t. */
static bool
parse_tok(Lex *l, const PdfTok *t, Val *v)
{
    memset(v, 0, sizeof *v);
    switch (t->kind) {
    case PDFTOK_ARRAY_OPEN:
        v->k = V_ARRAY;
        return parse_items(l, v, PDFTOK_ARRAY_CLOSE);
    case PDFTOK_DICT_OPEN:
        v->k = V_DICT;
        return parse_items(l, v, PDFTOK_DICT_CLOSE);
    case PDFTOK_STRING:
    case PDFTOK_HEX:
    case PDFTOK_NAME:
    case PDFTOK_WORD:
        break;
    default:
        return false;                      /* ) > ] { } out of place, the end */
    }
    v->k = V_RAW;
    v->raw = (const char *)t->s;
    v->len = t->len;
    if (t->kind == PDFTOK_WORD && is_uint(t->s, t->len, 9)) {     /* "n g R"? */
        PdfLex save = l->x;
        PdfTok g;
        if (next_tok(l, &g) == PDFTOK_WORD && is_uint(g.s, g.len, 9) && next_is(l, "R")) {
            v->k = V_REF;
            v->ref = (int)uint_value(t->s, t->len);
            return true;
        }
        l->x = save;
    }
    return true;
}

static bool
parse_val(Lex *l, Val *v)
{
    PdfTok t;
    next_tok(l, &t);
    return parse_tok(l, &t, v);
}

static Val
raw_val(const char *text)
{
    Val v = {.k = V_RAW, .raw = text, .len = strlen(text)};
    return v;
}

static bool
raw_is(const Val *v, const char *s)
{
    return v && v->k == V_RAW && v->len == strlen(s) && memcmp(v->raw, s, v->len) == 0;
}

static Val *
dict_get(const Val *d, const char *key)
{
    if (!d || d->k != V_DICT)
        return NULL;
    for (int i = 0; i + 1 < d->n; i += 2)
        if (raw_is(&d->items[i], key))
            return &d->items[i + 1];
    return NULL;
}

static void
dict_set(Arena *a, Val *d, const char *key, Val v)
{
    Val *old = dict_get(d, key);
    if (old) {
        *old = v;
        return;
    }
    Val *items = arena_alloc(a, sizeof(Val) * (size_t)(d->n + 2));
    if (d->n > 0)
        memcpy(items, d->items, sizeof(Val) * (size_t)d->n);
    items[d->n] = raw_val(arena_strdup(a, key));
    items[d->n + 1] = v;
    d->items = items;
    d->n += 2;
}

static void
dict_del(Val *d, const char *key)
{
    for (int i = 0; i + 1 < d->n; i += 2)
        if (raw_is(&d->items[i], key)) {
            memmove(&d->items[i], &d->items[i + 2], sizeof(Val) * (size_t)(d->n - i - 2));
            d->n -= 2;
            return;
        }
}

static bool
num_of(const Val *v, double *out)
{
    if (!v || v->k != V_RAW || v->len == 0 || v->len > 40)
        return false;
    char b[48];
    memcpy(b, v->raw, v->len);
    b[v->len] = '\0';
    char *e;
    *out = strtod(b, &e);
    return *e == '\0';
}

/* How many items of array `v`, up to `max`, are numbers under 1e9 in size
 * before one is not (into x[], if not NULL); -1 if v is not an array of at
 * most `max` items. */
static int
nums_of(const Val *v, double *x, int max)
{
    if (!v || v->k != V_ARRAY || v->n > max)
        return -1;
    int k = 0;
    double d;
    while (k < v->n && num_of(&v->items[k], &d) && fabs(d) < 1e9) {
        if (x)
            x[k] = d;
        k++;
    }
    return k;
}

/* --- writing values --- */

/* Append a token, with a space only where two regular characters meet. */
static void
put_tok(GString *g, const char *t, size_t n)
{
    if (n == 0)
        return;
    if (g->len > 0 && pdflex_is_regular((unsigned char)g->str[g->len - 1])
        && pdflex_is_regular((unsigned char)t[0]))
        g_string_append_c(g, ' ');
    g_string_append_len(g, t, (gssize)n);
}

static void
put_val(GString *g, const Val *v)
{
    switch (v->k) {
    case V_RAW:
        put_tok(g, v->raw, v->len);
        break;
    case V_REF: {
        char b[32];
        int n = snprintf(b, sizeof b, "%d 0 R", v->ref);
        put_tok(g, b, (size_t)n);
        break;
    }
    case V_ARRAY:
    case V_DICT:
        put_tok(g, v->k == V_ARRAY ? "[" : "<<", v->k == V_ARRAY ? 1 : 2);
        for (int i = 0; i < v->n; i++)
            put_val(g, &v->items[i]);
        put_tok(g, v->k == V_ARRAY ? "]" : ">>", v->k == V_ARRAY ? 1 : 2);
        break;
    }
}

/* A number with up to `places` decimals, without trailing zeros. */
static void
put_num(GString *g, double x, int places)
{
    char b[64];
    snprintf(b, sizeof b, "%.*f", places, x);
    char *dot = strchr(b, '.');
    if (dot) {
        char *e = b + strlen(b);
        while (e > dot + 1 && e[-1] == '0')
            *--e = '\0';
        if (e == dot + 1)
            *dot = '\0';
    }
    if (strcmp(b, "-0") == 0)
        strcpy(b, "0");
    put_tok(g, b, strlen(b));
}

/* A text string: literal when it is printable ASCII, else UTF-16BE with a
 * byte order mark, in hexadecimal. */
static void
put_text(GString *g, const char *utf8)
{
    bool ascii = true;
    for (const char *s = utf8; *s; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f)
            ascii = false;
    if (ascii) {
        put_tok(g, "(", 1);
        for (const char *s = utf8; *s; s++) {
            if (*s == '(' || *s == ')' || *s == '\\')
                g_string_append_c(g, '\\');
            g_string_append_c(g, *s);
        }
        g_string_append_c(g, ')');
        return;
    }
    glong n = 0;
    gunichar2 *u = g_utf8_to_utf16(utf8, -1, NULL, &n, NULL);
    put_tok(g, "<FEFF", 5);
    for (glong i = 0; u && i < n; i++)
        g_string_append_printf(g, "%04X", (unsigned)u[i]);
    g_string_append_c(g, '>');
    g_free(u);
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

/* --- metadata --- */

/* The values come from parse.c, which repaired them (no control but tab and
 * line feed, no noncharacter): escaped, they are XML 1.0 character data. */
static char *
xml_escape(const char *s)
{
    return g_markup_escape_text(s ? s : "", -1);
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

/* --- the pass --- */

/* What the pass changes in an object of cairo's. */
enum { K_NONE, K_CATALOG, K_INFO, K_NAMES, K_PAGE, K_ANNOT, K_FIGURE, K_LENGTH, K_CONTENT };

typedef struct XRef { uint64_t f2; uint16_t f3; uint8_t type; } XRef;

/* A thread's buffers for compressing: an inflated stream, libdeflate's
 * compressors by level (made when first used; not shared between threads). */
typedef struct Squeezer {
    GString *inflated;
    struct libdeflate_compressor *deflaters[13];
} Squeezer;

typedef struct Post {
    Doc *doc;
    const PostInput *in;
    bool pdfa;
    bool cairo_content;                    /* KUMIHAN_CAIRO_CONTENT: pages as cairo wrote them */
    const unsigned char *src;              /* cairo's PDF */
    size_t len;
    size_t *off;                           /* offsets of cairo's objects (0: none) */
    size_t xref_at;                        /* and of its cross-reference table */
    int n_obj;                             /* cairo's /Size */
    uint8_t *kind;                         /* K_*, by object number */
    uint8_t *seen;                         /* visited: 1 structure, 2 page tree */
    int *aux;                              /* K_PAGE: page index; K_FIGURE: alt index */
    const char **dest;                     /* K_ANNOT: the /Dest written, or NULL */
    int root, info, names;                 /* cairo's catalog, Info, /Names (0: none) */
    int *pages, n_pages;                   /* page objects in order */
    int next_alt;
    Arena *keep;                           /* lives through the pass */
    Arena *tmp;                            /* the values of the objects being read */
    /* what the pass adds */
    const char *labels, *info_text;
    char *xmp;
    gchar *icc;
    gsize icc_len;
    int meta_num, icc_num, intent_num, file_num[8], spec_num[8];
    /* output */
    FILE *fp;
    uint64_t pos;
    GChecksum *md5;
    bool werr;
    XRef *x;
    int n_x, cap_x;
    int next;                              /* the next free object number */
    int stm_num, stm_n;                    /* the object stream being filled */
    GString *stm_head, *stm_body, *scratch;
    Squeezer z;                            /* the writing thread's buffers */
    struct Squeeze *jobs;                  /* the streams, compressed before writing */
    int n_jobs;
} Post;

typedef struct Obj {
    Val v;
    const unsigned char *data;             /* a stream's bytes, or NULL */
    size_t data_len;
} Obj;

static Status
bad(Post *ps, const char *what, int num)
{
    return diag_fail(ps->doc, ST_IO, "cannot read cairo's PDF: %s (object %d)", what, num);
}

static bool
keyword(Lex *l, const char *kw)
{
    return next_is(l, kw);
}

static bool
uint_tok(Lex *l, long long *v)
{
    PdfLex save = l->x;
    PdfTok t;
    if (next_tok(l, &t) != PDFTOK_WORD || !is_uint(t.s, t.len, 18)) {
        l->x = save;
        return false;
    }
    *v = uint_value(t.s, t.len);
    return true;
}

/* The classic cross-reference table and trailer cairo writes. */
static Status
read_xref(Post *ps)
{
    const char *kw = "startxref";
    size_t k = strlen(kw), from = ps->len > 1024 ? ps->len - 1024 : 0, at = 0;
    for (size_t i = from; i + k <= ps->len; i++)
        if (memcmp(ps->src + i, kw, k) == 0)
            at = i;
    if (!at)
        return bad(ps, "no startxref", 0);
    Lex l = {{ps->src + at + k, ps->src + ps->len}, ps->tmp, 0};
    long long xo, first, count, o, g;
    if (!uint_tok(&l, &xo) || (size_t)xo >= ps->len)
        return bad(ps, "no cross-reference offset", 0);
    l.x.p = ps->src + xo;
    ps->xref_at = (size_t)xo;
    if (!keyword(&l, "xref"))
        return bad(ps, "no cross-reference table", 0);
    GArray *offs = g_array_new(FALSE, TRUE, sizeof(size_t));
    const char *why = NULL;
    int at_num = 0;
    while (!why && uint_tok(&l, &first) && uint_tok(&l, &count)) {
        if (first + count > 100000000) {
            why = "a cross-reference table too large";
            break;
        }
        if ((long long)offs->len < first + count)
            g_array_set_size(offs, (guint)(first + count));
        for (long long i = 0; i < count && !why; i++) {
            bool in_use = false;
            at_num = (int)(first + i);
            if (!uint_tok(&l, &o) || !uint_tok(&l, &g)
                || !((in_use = keyword(&l, "n")) || keyword(&l, "f")))
                why = "a broken cross-reference entry";
            else if (in_use && (g != 0 || o <= 0 || (size_t)o >= ps->len))
                why = "an entry that is not generation 0 or out of the file";
            else
                g_array_index(offs, size_t, (guint)at_num) = in_use ? (size_t)o : 0;
        }
    }
    if (why) {
        g_array_free(offs, TRUE);
        return bad(ps, why, at_num);
    }
    ps->n_obj = (int)offs->len;
    ps->off = (size_t *)(void *)g_array_free(offs, FALSE);
    Val t;
    if (!keyword(&l, "trailer") || !parse_val(&l, &t) || t.k != V_DICT)
        return bad(ps, "no trailer", 0);
    Val *root = dict_get(&t, "/Root"), *info = dict_get(&t, "/Info");
    if (dict_get(&t, "/Prev") || dict_get(&t, "/Encrypt"))
        return bad(ps, "an updated or encrypted file", 0);
    if (!root || root->k != V_REF || root->ref <= 0 || root->ref >= ps->n_obj)
        return bad(ps, "no catalog", 0);
    ps->root = root->ref;
    ps->info = info && info->k == V_REF && info->ref > 0 && info->ref < ps->n_obj ? info->ref
                                                                                  : 0;
    return ST_OK;
}

static bool read_obj_in(Post *ps, int num, Obj *o, bool streams);

/* A stream's /Length: direct, or an object holding the number. */
static bool
stream_length(Post *ps, const Val *v, long long *n)
{
    double d;
    if (v && v->k == V_REF) {
        Obj lo;
        if (v->ref <= 0 || v->ref >= ps->n_obj || !read_obj_in(ps, v->ref, &lo, false))
            return false;
        v = &lo.v;
        if (!num_of(v, &d))
            return false;
    } else if (!num_of(v, &d)) {
        return false;
    }
    if (d < 0 || d != floor(d))
        return false;
    *n = (long long)d;
    return true;
}

/* Object `num` of cairo's PDF, its values in ps->tmp; a stream only if
 * `streams` (a length is never one: no /Length is resolved twice). */
static bool
read_obj_in(Post *ps, int num, Obj *o, bool streams)
{
    memset(o, 0, sizeof *o);
    if (num <= 0 || num >= ps->n_obj || !ps->off[num])
        return false;
    Lex l = {{ps->src + ps->off[num], ps->src + ps->len}, ps->tmp, 0};
    long long n, g;
    if (!uint_tok(&l, &n) || n != num || !uint_tok(&l, &g) || g != 0 || !keyword(&l, "obj")
        || !parse_val(&l, &o->v))
        return false;
    if (keyword(&l, "endobj"))
        return true;
    if (!streams || o->v.k != V_DICT || !keyword(&l, "stream"))
        return false;
    if (l.x.p < l.x.end && *l.x.p == '\r')
        l.x.p++;
    if (l.x.p >= l.x.end || *l.x.p != '\n')
        return false;
    l.x.p++;
    long long len;
    if (!stream_length(ps, dict_get(&o->v, "/Length"), &len) || len > l.x.end - l.x.p)
        return false;
    o->data = l.x.p;
    o->data_len = (size_t)len;
    l.x.p += len;
    return keyword(&l, "endstream");
}

static bool
read_obj(Post *ps, int num, Obj *o)
{
    return read_obj_in(ps, num, o, true);
}

/* --- what is read before writing: pages, links, figures --- */

static bool
walk_pages(Post *ps, int num, int depth, GArray *pages)
{
    Obj o;
    if (depth > 32 || num <= 0 || num >= ps->n_obj || (ps->seen[num] & 2)
        || !read_obj(ps, num, &o) || o.v.k != V_DICT)
        return false;                      /* (a node seen twice: a loop) */
    ps->seen[num] |= 2;
    Val *type = dict_get(&o.v, "/Type"), *kids = dict_get(&o.v, "/Kids");
    if (raw_is(type, "/Page")) {
        g_array_append_val(pages, num);
        return true;
    }
    if (!raw_is(type, "/Pages") || !kids || kids->k != V_ARRAY)
        return false;
    for (int i = 0; i < kids->n; i++)
        if (kids->items[i].k != V_REF || !walk_pages(ps, kids->items[i].ref, depth + 1, pages))
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
static Status
read_annotations(Post *ps)
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
        if (!read_obj(ps, ps->pages[p], &page)) {
            st = bad(ps, "a page", ps->pages[p]);
            break;
        }
        /* one stream only (cairo's way): content.c takes the state at its
         * start to be a page's initial one, which a second stream's is not */
        Val *c = dict_get(&page.v, "/Contents");
        if (c && c->k == V_REF && c->ref > 0 && c->ref < ps->n_obj && ps->kind[c->ref] == K_NONE)
            ps->kind[c->ref] = K_CONTENT;
        Val *annots = dict_get(&page.v, "/Annots");
        Obj ao;
        if (annots && annots->k == V_REF && read_obj(ps, annots->ref, &ao))
            annots = &ao.v;
        for (int j = 0; annots && annots->k == V_ARRAY && j < annots->n; j++) {
            int a = annots->items[j].k == V_REF ? annots->items[j].ref : 0;
            Obj an;
            if (a <= 0 || a >= ps->n_obj || ps->kind[a] != K_NONE)
                continue;
            if (!read_obj(ps, a, &an) || an.v.k != V_DICT) {
                st = bad(ps, "an annotation", a);
                break;
            }
            ps->kind[a] = K_ANNOT;
            Val *rect = dict_get(&an.v, "/Rect");
            double x1, y2;
            if (p >= n_pages || !rect || rect->k != V_ARRAY || rect->n != 4
                || dict_get(&an.v, "/A") || !num_of(&rect->items[0], &x1)
                || !num_of(&rect->items[3], &y2))
                continue;
            double h = in->heights[p];
            for (int m = k; m < k1; m++) {
                const LinkFix *f = order[m];
                if (f->to_page < 1 || f->to_page > n_pages || fabs(x1 - f->x) > 1.5
                    || fabs((h - y2) - f->y) > 1.5)
                    continue;
                g_string_truncate(g, 0);
                g_string_append_printf(g, "[%d 0 R/XYZ", ps->pages[f->to_page - 1]);
                put_num(g, f->to_x, 2);
                put_num(g, in->heights[f->to_page - 1] - f->to_y, 2);
                put_tok(g, "null]", 5);
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
static void
walk_struct(Post *ps, const Val *k, int depth)
{
    if (ps->next_alt >= ps->in->n_alts || depth > 512 || !k)
        return;
    if (k->k == V_ARRAY) {
        for (int i = 0; i < k->n; i++)
            walk_struct(ps, &k->items[i], depth + 1);
        return;
    }
    if (k->k != V_REF || k->ref <= 0 || k->ref >= ps->n_obj || (ps->seen[k->ref] & 1))
        return;
    ps->seen[k->ref] |= 1;
    ArenaMark mark = arena_mark(ps->tmp);
    Obj o;
    if (read_obj(ps, k->ref, &o) && o.v.k == V_DICT) {
        if (raw_is(dict_get(&o.v, "/S"), "/Figure") && ps->kind[k->ref] == K_NONE) {
            ps->kind[k->ref] = K_FIGURE;
            ps->aux[k->ref] = ps->next_alt++;
        }
        walk_struct(ps, dict_get(&o.v, "/K"), depth + 1);
    }
    arena_rewind(ps->tmp, mark);
}

/* --- what is added --- */

/* A number tree of ranges: a new range where the numbering does not go on. */
static const char *
page_labels(Post *ps)
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
        put_num(g, i, 0);
        put_tok(g, "<<", 2);
        if (l.kind != LABEL_TEXT) {
            put_tok(g, l.kind == LABEL_ROMAN ? "/S/r" : "/S/D", 4);
            if (l.n != 1) {
                put_tok(g, "/St", 3);
                put_num(g, (double)l.n, 0);
            }
        }
        if (l.prefix_len > 0) {
            char *p = g_strndup(l.prefix, l.prefix_len);
            put_tok(g, "/P", 2);
            put_text(g, p);
            g_free(p);
        }
        put_tok(g, ">>", 2);
    }
    put_tok(g, "]>>", 3);
    return arena_strdup(ps->keep, g->str);
}

/* The Info dictionary, from the same values as the XMP packet. */
static const char *
info_dict(Post *ps, const char *producer)
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
            put_tok(g, kv[i].key, strlen(kv[i].key));
            put_text(g, kv[i].value);
        }
    char *d = pdf_date(ps->in->date);
    if (d) {
        put_tok(g, "/CreationDate", 13);
        put_text(g, d);
        put_tok(g, "/ModDate", 8);
        put_text(g, d);
        g_free(d);
    }
    put_tok(g, ">>", 2);
    return arena_strdup(ps->keep, g->str);
}

static const char *
base_name(const char *path)
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
        put_text(g, base_name(ps->in->sources[i].name));
        g_string_append_printf(g, "%d 0 R", ps->spec_num[i]);
    }
    g_string_append(g, "]>>");
    Val v = raw_val(arena_strdup(ps->tmp, g->str));
    g_string_free(g, TRUE);
    return v;
}

/* The changes to one of cairo's objects, as it is written. */
static void
edit(Post *ps, int num, Val *v)
{
    Arena *a = ps->tmp;
    const PostInput *in = ps->in;
    GString *g = ps->scratch;
    if (v->k != V_DICT)
        return;
    switch (ps->kind[num]) {
    case K_CATALOG: {
        g_string_truncate(g, 0);
        put_text(g, ps->doc->meta.lang ? ps->doc->meta.lang : "ja");
        dict_set(a, v, "/Lang", raw_val(arena_strdup(a, g->str)));
        if (ps->labels)
            dict_set(a, v, "/PageLabels", raw_val(ps->labels));
        dict_set(a, v, "/ViewerPreferences", raw_val("<</DisplayDocTitle true>>"));
        dict_set(a, v, "/Metadata", raw_val(arena_printf(a, "%d 0 R", ps->meta_num)));
        if (ps->pdfa)
            dict_set(a, v, "/OutputIntents", raw_val(arena_printf(a, "[%d 0 R]",
                                                                    ps->intent_num)));
        if (in->n_sources > 0) {
            g_string_assign(g, "[");
            for (int i = 0; i < in->n_sources; i++)
                g_string_append_printf(g, "%s%d 0 R", i ? " " : "", ps->spec_num[i]);
            g_string_append_c(g, ']');
            dict_set(a, v, "/AF", raw_val(arena_strdup(a, g->str)));
            Val *nd = dict_get(v, "/Names");
            if (nd && nd->k == V_DICT) {
                dict_set(a, nd, "/EmbeddedFiles", embedded_files(ps));
            } else if (!ps->names) {
                Val d = {.k = V_DICT};
                dict_set(a, &d, "/EmbeddedFiles", embedded_files(ps));
                dict_set(a, v, "/Names", d);
            }
        }
        break;
    }
    case K_NAMES:
        dict_set(a, v, "/EmbeddedFiles", embedded_files(ps));
        break;
    case K_INFO:
        *v = raw_val(ps->info_text);
        break;
    case K_PAGE: {
        int i = ps->aux[num];
        if (in->trim_offset > 0 && i < in->n_pages) {
            double w = in->widths[i], h = in->heights[i], o = in->trim_offset, b = in->bleed;
            double box[2][4] = {{o, o, w - o, h - o}, {o - b, o - b, w - o + b, h - o + b}};
            for (int k = 0; k < 2; k++) {
                g_string_assign(g, "[");
                for (int j = 0; j < 4; j++)
                    put_num(g, box[k][j], 3);
                g_string_append_c(g, ']');
                dict_set(a, v, k ? "/BleedBox" : "/TrimBox", raw_val(arena_strdup(a, g->str)));
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
        bool one = nums_of(dict_get(v, "/QuadPoints"), q, 8) == 8 && q[1] == q[3]
                   && q[5] == q[7] && q[0] == q[6] && q[2] == q[4];
        if (one) {
            box[0] = fmin(q[0], q[2]);
            box[1] = fmin(q[1], q[5]);
            box[2] = fmax(q[0], q[2]);
            box[3] = fmax(q[1], q[5]);
            dict_del(v, "/QuadPoints");
        }
        if (one || nums_of(dict_get(v, "/Rect"), box, 4) == 4) {
            g_string_assign(g, "[");
            for (int j = 0; j < 4; j++)
                put_num(g, j < 2 ? floor(box[j] * 100) / 100 : ceil(box[j] * 100) / 100, 2);
            g_string_append_c(g, ']');
            dict_set(a, v, "/Rect", raw_val(arena_strdup(a, g->str)));
        }
        Val *qp = dict_get(v, "/QuadPoints");   /* several quadrilaterals */
        if (qp && qp->k == V_ARRAY && nums_of(qp, NULL, qp->n) == qp->n) {
            g_string_assign(g, "[");
            for (int j = 0; j < qp->n; j++) {
                double x;
                num_of(&qp->items[j], &x);
                put_num(g, x, 2);
            }
            g_string_append_c(g, ']');
            dict_set(a, v, "/QuadPoints", raw_val(arena_strdup(a, g->str)));
        }
        if (ps->dest[num])
            dict_set(a, v, "/Dest", raw_val(ps->dest[num]));
        if (ps->pdfa)
            dict_set(a, v, "/F", raw_val("4"));
        break;
    }
    case K_FIGURE: {
        const char *alt = in->alts[ps->aux[num]];
        g_string_truncate(g, 0);
        put_text(g, alt ? alt : "");
        dict_set(a, v, "/Alt", raw_val(arena_strdup(a, g->str)));
        break;
    }
    default:
        break;
    }
}

/* --- writing --- */

static void
put(Post *ps, const void *p, size_t n)
{
    if (n == 0)
        return;
    if (fwrite(p, 1, n, ps->fp) != n)
        ps->werr = true;
    if (ps->md5)
        g_checksum_update(ps->md5, p, (gssize)n);
    ps->pos += n;
}

static void
put_str(Post *ps, const char *s)
{
    put(ps, s, strlen(s));
}

static void
set_x(Post *ps, int num, uint8_t type, uint64_t f2, uint16_t f3)
{
    if (num >= ps->cap_x) {
        int cap = ps->cap_x ? ps->cap_x : 1024;
        while (cap <= num)
            cap *= 2;
        ps->x = xrealloc(ps->x, sizeof(XRef) * (size_t)cap);
        memset(ps->x + ps->cap_x, 0, sizeof(XRef) * (size_t)(cap - ps->cap_x));
        ps->cap_x = cap;
    }
    if (num >= ps->n_x)
        ps->n_x = num + 1;
    ps->x[num] = (XRef){f2, f3, type};
}

/* The bytes in zlib's format (FlateDecode) at `level`: libdeflate, which
 * compresses a whole buffer at once 2-3 times as fast as zlib and a little
 * smaller. */
static unsigned char *
deflate_buf(Squeezer *z, const void *p, size_t n, size_t *out_n, int level)
{
    struct libdeflate_compressor **c = &z->deflaters[level];
    if (!*c && !(*c = libdeflate_alloc_compressor(level)))
        abort();                           /* only for lack of memory */
    size_t cap = libdeflate_zlib_compress_bound(*c, n);
    unsigned char *b = xmalloc(cap);
    *out_n = libdeflate_zlib_compress(*c, p, n, b, cap);
    if (*out_n == 0)
        abort();                           /* cannot be: cap is the bound */
    return b;
}

/* One of cairo's stream objects: `dict` (its /Length set here) and the
 * bytes as they are; `flate`: compressed here (squeeze), which /Filter says. */
static void
write_stream(Post *ps, int num, Val *dict, const void *data, size_t n, bool flate)
{
    if (flate)
        dict_set(ps->tmp, dict, "/Filter", raw_val("/FlateDecode"));
    set_x(ps, num, 1, ps->pos, 0);
    dict_set(ps->tmp, dict, "/Length", raw_val(arena_printf(ps->tmp, "%zu", n)));
    GString *g = ps->scratch;
    g_string_printf(g, "%d 0 obj\n", num);
    put_val(g, dict);
    g_string_append(g, "\nstream\n");
    put(ps, g->str, g->len);
    put(ps, data, n);
    put_str(ps, "\nendstream\nendobj\n");
}

/* A stream object of ours: `entries` are its dictionary's keys and values
 * but /Filter and /Length, which are added here; compressed at `level`. */
static void
write_new_stream(Post *ps, int num, const char *entries, const void *data, size_t n,
                 int level)
{
    unsigned char *c = level ? deflate_buf(&ps->z, data, n, &n, level) : NULL;
    set_x(ps, num, 1, ps->pos, 0);
    char head[32], tail[64];
    snprintf(head, sizeof head, "%d 0 obj\n<<", num);
    snprintf(tail, sizeof tail, "%s/Length %zu>>\nstream\n", c ? "/Filter/FlateDecode" : "", n);
    put_str(ps, head);
    put_str(ps, entries);
    put_str(ps, tail);
    put(ps, c ? c : data, n);
    put_str(ps, "\nendstream\nendobj\n");
    free(c);
}

static void
flush_objstm(Post *ps)
{
    if (ps->stm_n == 0)
        return;
    char entries[64];
    snprintf(entries, sizeof entries, "/Type/ObjStm/N %d/First %zu", ps->stm_n,
             ps->stm_head->len);
    g_string_append_len(ps->stm_head, ps->stm_body->str, (gssize)ps->stm_body->len);
    write_new_stream(ps, ps->stm_num, entries, ps->stm_head->str, ps->stm_head->len,
                     OBJSTM_LEVEL);
    g_string_truncate(ps->stm_head, 0);
    g_string_truncate(ps->stm_body, 0);
    ps->stm_n = 0;
}

/* A non-stream object, into the object stream being filled. */
static void
add_to_objstm(Post *ps, int num, const Val *v)
{
    if (ps->stm_n == 0)
        ps->stm_num = ps->next++;
    set_x(ps, num, 2, (uint64_t)ps->stm_num, (uint16_t)ps->stm_n);
    g_string_append_printf(ps->stm_head, "%d %zu ", num, ps->stm_body->len);
    put_val(ps->stm_body, v);
    g_string_append_c(ps->stm_body, '\n');
    if (++ps->stm_n == OBJSTM_MAX)
        flush_objstm(ps);
}

static int
bytes_for(uint64_t v)
{
    int n = 1;
    while (v >>= 8)
        n++;
    return n;
}

/* The cross-reference stream, which is also the trailer; the /ID is the
 * MD5 of every byte before it. */
static void
write_xref(Post *ps)
{
    int num = ps->next++;
    uint64_t at = ps->pos;
    set_x(ps, num, 1, at, 0);
    int last_free = 0;                     /* the free list, from object 0 */
    for (int i = ps->n_x - 1; i >= 0; i--)
        if (ps->x[i].type == 0) {
            ps->x[i].f2 = (uint64_t)last_free;
            ps->x[i].f3 = 0;
            last_free = i;
        }
    uint64_t m2 = 0, m3 = 0;
    for (int i = 0; i < ps->n_x; i++) {
        if (ps->x[i].f2 > m2)
            m2 = ps->x[i].f2;
        if (ps->x[i].f3 > m3)
            m3 = ps->x[i].f3;
    }
    int w2 = bytes_for(m2), w3 = bytes_for(m3), cols = 1 + w2 + w3;
    /* rows with the PNG "up" predictor: each byte minus the one above */
    size_t n = (size_t)ps->n_x * (size_t)(cols + 1);
    unsigned char *rows = xcalloc(n, 1), *prev = xcalloc((size_t)cols, 1), *row = xmalloc((size_t)cols);
    for (int i = 0; i < ps->n_x; i++) {
        row[0] = ps->x[i].type;
        for (int j = 0; j < w2; j++)
            row[1 + j] = (unsigned char)(ps->x[i].f2 >> (8 * (w2 - 1 - j)));
        for (int j = 0; j < w3; j++)
            row[1 + w2 + j] = (unsigned char)(ps->x[i].f3 >> (8 * (w3 - 1 - j)));
        unsigned char *r = rows + (size_t)i * (size_t)(cols + 1);
        r[0] = 2;
        for (int j = 0; j < cols; j++)
            r[1 + j] = (unsigned char)(row[j] - prev[j]);
        memcpy(prev, row, (size_t)cols);
    }
    char hex[33];
    g_strlcpy(hex, g_checksum_get_string(ps->md5), sizeof hex);
    g_checksum_free(ps->md5);              /* the bytes from here on are not hashed */
    ps->md5 = NULL;
    GString *g = ps->scratch;
    g_string_printf(g, "/Type/XRef/Size %d/W[1 %d %d]/Root %d 0 R", ps->n_x, w2, w3, ps->root);
    if (ps->info)
        g_string_append_printf(g, "/Info %d 0 R", ps->info);
    g_string_append_printf(g, "/ID[<%s><%s>]/DecodeParms<</Columns %d/Predictor 12>>", hex, hex,
                           cols);
    write_new_stream(ps, num, g->str, rows, n, STREAM_LEVEL);
    g_string_printf(g, "startxref\n%llu\n%%%%EOF\n", (unsigned long long)at);
    put(ps, g->str, g->len);
    free(rows);
    free(prev);
    free(row);
}

/* A Flate stream's bytes inflated into z->inflated (*n of them); false
 * where they do not inflate, or to more than CONTENT_MAX. */
static bool
inflate_stream(Squeezer *sq, const unsigned char *data, size_t len, size_t *n)
{
    z_stream z = {0};
    if (inflateInit(&z) != Z_OK)
        return false;
    GString *g = sq->inflated;
    g_string_set_size(g, 4 * len + 4096);
    z.next_in = (unsigned char *)(uintptr_t)data;
    z.avail_in = (uInt)len;
    int r;
    size_t done = 0;
    do {
        if (done == g->len) {
            if (g->len > CONTENT_MAX)
                break;                     /* r is Z_OK: not inflated */
            g_string_set_size(g, 2 * g->len);
        }
        z.next_out = (unsigned char *)g->str + done;
        z.avail_out = (uInt)(g->len - done);
        r = inflate(&z, Z_NO_FLUSH);
        done = g->len - z.avail_out;
    } while (r == Z_OK);
    inflateEnd(&z);
    *n = done;
    return r == Z_STREAM_END;
}

/* --- the streams, compressed on as many threads as there are processors --- */

/* What is done to a stream of cairo's:
 *  - a page's content stream is written again (content.c) and compressed,
 *    unless cairo's is kept: a filter other than Flate alone, or what
 *    content_compact does not read;
 *  - a stream without a filter (but the XMP metadata) is compressed;
 *  - anything else is copied as cairo compressed it, at zlib's default
 *    level (compressing the font programs and ToUnicode maps again with
 *    libdeflate gains a few hundred bytes for the time: README, Size).
 * The results do not depend on the thread that made them: the bytes are
 * the same on one thread or many. */
typedef struct Squeeze {
    const unsigned char *data;             /* cairo's bytes */
    size_t len;
    unsigned char *out;                    /* compressed (Flate), or NULL: copied */
    size_t out_len;
    int num;
    bool content, flate, plain;
} Squeeze;

static void
squeeze(Squeezer *z, Squeeze *j)
{
    size_t n;
    if (j->content) {
        unsigned char *c = NULL;
        if (!j->flate)
            c = content_compact(j->data, j->len, &n);
        else if (inflate_stream(z, j->data, j->len, &n))
            c = content_compact((const unsigned char *)z->inflated->str, n, &n);
        if (c) {
            j->out = deflate_buf(z, c, n, &j->out_len, STREAM_LEVEL);
            free(c);
            return;
        }
    }
    if (j->plain)
        j->out = deflate_buf(z, j->data, j->len, &j->out_len, STREAM_LEVEL);
}


/* The writing gives back what it has read every this many bytes. */
#define GIVE_BACK_EVERY ((size_t)2 << 20)

/* The whole pages of cairo's output in [from, to) given back to the system
 * when the output is a mapped file (PostInput.mapped): read again from the
 * file if they are needed again. The pass then holds what it makes, not
 * what it has read (900 pages: 13 MB). */
static void
give_back(bool mapped, const unsigned char *from, const unsigned char *to)
{
    if (!mapped)
        return;
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    uintptr_t a = ((uintptr_t)from + page - 1) & ~(page - 1), b = (uintptr_t)to & ~(page - 1);
    if (b > a)
        madvise((void *)a, b - a, MADV_DONTNEED);
}

/* Job i of ps->jobs, with the thread's Squeezer z (doc_parallel). */
static void
squeeze_item(void *post, void *z, int i)
{
    const Post *ps = post;
    Squeeze *j = &ps->jobs[i];
    squeeze(z, j);
    if (j->out)                            /* compressed anew: cairo's bytes are done with */
        give_back(ps->in->mapped, j->data, j->data + j->len);
}

/* Largest first: the threads then finish together (the report's font
 * programs are each several times a page's content). */
static int
by_size(gconstpointer a, gconstpointer b, gpointer jobs)
{
    const Squeeze *j = jobs;
    size_t x = j[*(const int *)a].len, y = j[*(const int *)b].len;
    if (x != y)
        return x > y ? -1 : 1;
    return *(const int *)a - *(const int *)b;
}

static void
squeezer_free(Squeezer *z)
{
    if (z->inflated)
        g_string_free(z->inflated, TRUE);
    for (size_t i = 0; i < G_N_ELEMENTS(z->deflaters); i++)
        if (z->deflaters[i])
            libdeflate_free_compressor(z->deflaters[i]);
}

/* A helper thread's Squeezer (doc_parallel). */
static void *
squeezer_new(void)
{
    Squeezer *z = g_new0(Squeezer, 1);
    z->inflated = g_string_new(NULL);
    return z;
}

static void
squeezer_end(void *z)
{
    squeezer_free(z);
    g_free(z);
}

/* Does the object of cairo's that takes [p, end) end as a stream does,
 * "endstream endobj"? (A value cannot: endobj follows it directly.) */
static bool
ends_as_stream(const unsigned char *p, const unsigned char *end)
{
    while (end > p && pdflex_is_space(end[-1]))
        end--;
    if (end - p < 6 || memcmp(end - 6, "endobj", 6) != 0)
        return false;
    end -= 6;
    while (end > p && pdflex_is_space(end[-1]))
        end--;
    return end - p >= 9 && memcmp(end - 9, "endstream", 9) == 0;
}

static int
by_offset(gconstpointer a, gconstpointer b, gpointer off)
{
    size_t x = ((const size_t *)off)[*(const int *)a], y = ((const size_t *)off)[*(const int *)b];
    return x < y ? -1 : x > y;
}

/* Where each object of cairo's ends: where the next in the file begins, the
 * last where the cross-reference table does (0 for no object). */
static size_t *
object_ends(const Post *ps)
{
    int *nums = xmalloc(sizeof(int) * (size_t)(ps->n_obj ? ps->n_obj : 1));
    int n = 0;
    for (int num = 1; num < ps->n_obj; num++)
        if (ps->off[num])
            nums[n++] = num;
    g_qsort_with_data(nums, n, sizeof *nums, by_offset, ps->off);
    size_t *end = xcalloc((size_t)(ps->n_obj ? ps->n_obj : 1), sizeof *end);
    for (int i = 0; i < n; i++) {
        size_t next = i + 1 < n ? ps->off[nums[i + 1]] : ps->xref_at;
        end[nums[i]] = next > ps->off[nums[i]] && next <= ps->len ? next : ps->len;
    }
    free(nums);
    return end;
}

/* Every stream of cairo's PDF listed and compressed, before the writing.
 * Only the objects that end as streams are read here (reading them all,
 * as the writing does, was 67 ms of 900 pages); one that is not listed is
 * written as cairo wrote it. */
static Status
squeeze_all(Post *ps)
{
    GArray *jobs = g_array_new(FALSE, FALSE, sizeof(Squeeze));
    size_t *end = object_ends(ps);
    for (int num = 1; num < ps->n_obj; num++) {
        if (!ps->off[num] || !ends_as_stream(ps->src + ps->off[num], ps->src + end[num]))
            continue;
        ArenaMark mark = arena_mark(ps->tmp);
        Obj o;
        if (!read_obj(ps, num, &o)) {
            g_array_free(jobs, TRUE);
            free(end);
            return bad(ps, "an object", num);
        }
        if (o.data) {
            const Val *f = dict_get(&o.v, "/Filter");
            Squeeze j = {.data = o.data, .len = o.data_len, .num = num,
                         .flate = raw_is(f, "/FlateDecode"),
                         .plain = !f && !raw_is(dict_get(&o.v, "/Type"), "/Metadata")};
            j.content = ps->kind[num] == K_CONTENT && !ps->cairo_content
                        && !dict_get(&o.v, "/DecodeParms") && (!f || j.flate);
            g_array_append_val(jobs, j);
        }
        arena_rewind(ps->tmp, mark);
    }
    free(end);
    ps->n_jobs = (int)jobs->len;
    ps->jobs = (Squeeze *)(void *)g_array_free(jobs, FALSE);
    int *order = xmalloc(sizeof(int) * (size_t)(ps->n_jobs ? ps->n_jobs : 1));
    for (int i = 0; i < ps->n_jobs; i++)
        order[i] = i;
    g_qsort_with_data(order, ps->n_jobs, sizeof *order, by_size, ps->jobs);
    doc_parallel(order, ps->n_jobs, squeeze_item, ps, &ps->z, squeezer_new, squeezer_end);
    free(order);
    return ST_OK;
}

/* Every object of cairo's, in its numbering, then the new ones. */
static Status
write_all(Post *ps)
{
    const PostInput *in = ps->in;
    char version[4] = "1.5";
    if (ps->len > 8 && memcmp(ps->src, "%PDF-1.", 7) == 0 && ps->src[7] >= '0'
        && ps->src[7] <= '9')
        version[2] = (char)ps->src[7];
    if (version[2] < '5')
        version[2] = '5';                  /* object streams */
    if (ps->pdfa && version[2] < '7')
        version[2] = '7';
    g_string_printf(ps->scratch, "%%PDF-%s\n%%\xbf\xf7\xa2\xfe\n", version);
    put(ps, ps->scratch->str, ps->scratch->len);
    set_x(ps, 0, 0, 0, 0);
    int job = 0;
    size_t read = 0;                       /* about, since the last give_back */
    for (int num = 1; num < ps->n_obj; num++) {
        if (read > GIVE_BACK_EVERY) {
            give_back(in->mapped, ps->src, ps->src + ps->len);
            read = 0;
        }
        if (!ps->off[num] || ps->kind[num] == K_LENGTH) {
            set_x(ps, num, 0, 0, 0);
            continue;
        }
        ArenaMark mark = arena_mark(ps->tmp);
        Obj o;
        if (!read_obj(ps, num, &o))
            return bad(ps, "an object", num);
        edit(ps, num, &o.v);
        read += 64 + o.data_len;
        if (o.data) {
            Val *len = dict_get(&o.v, "/Length");
            if (len && len->k == V_REF && len->ref > num && len->ref < ps->n_obj
                && ps->kind[len->ref] == K_NONE)
                ps->kind[len->ref] = K_LENGTH;     /* made direct: the object goes */
            while (job < ps->n_jobs && ps->jobs[job].num < num)
                job++;
            Squeeze *j = job < ps->n_jobs && ps->jobs[job].num == num ? &ps->jobs[job] : NULL;
            if (j && j->out) {
                write_stream(ps, num, &o.v, j->out, j->out_len, true);
                free(j->out);
                j->out = NULL;
            } else
                write_stream(ps, num, &o.v, o.data, o.data_len, false);
        } else {
            /* /Type is optional in a structure element: 13,000 of them in
             * 150 pages of lists */
            if (raw_is(dict_get(&o.v, "/Type"), "/StructElem"))
                dict_del(&o.v, "/Type");
            add_to_objstm(ps, num, &o.v);
        }
        arena_rewind(ps->tmp, mark);
    }
    /* the new objects */
    GString *g = ps->scratch;
    if (!ps->info) {
        ps->info = ps->next++;
        Val v = raw_val(ps->info_text);
        add_to_objstm(ps, ps->info, &v);
    }
    write_new_stream(ps, ps->meta_num, "/Type/Metadata/Subtype/XML", ps->xmp,
                     strlen(ps->xmp), 0);
    if (ps->pdfa) {
        write_new_stream(ps, ps->icc_num, "/N 3", ps->icc, ps->icc_len, STREAM_LEVEL);
        g_string_printf(g, "<</Type/OutputIntent/S/GTS_PDFA1/OutputConditionIdentifier"
                           "(sRGB IEC61966-2.1)/RegistryName(http://www.color.org)"
                           "/Info(sRGB IEC61966-2.1)/DestOutputProfile %d 0 R>>",
                        ps->icc_num);
        Val v = raw_val(arena_strdup(ps->keep, g->str));
        add_to_objstm(ps, ps->intent_num, &v);
    }
    for (int i = 0; i < in->n_sources; i++) {
        char *d = pdf_date(in->date);
        g_string_printf(g, "/Type/EmbeddedFile/Subtype/text#2Fmarkdown/Params<</Size %zu",
                        in->sources[i].len);
        if (d) {
            put_tok(g, "/ModDate", 8);
            put_text(g, d);
            g_free(d);
        }
        g_string_append(g, ">>");
        write_new_stream(ps, ps->file_num[i], g->str, in->sources[i].data, in->sources[i].len,
                         STREAM_LEVEL);
        g_string_assign(g, "<</Type/Filespec/F");
        put_text(g, base_name(in->sources[i].name));
        put_tok(g, "/UF", 3);
        put_text(g, base_name(in->sources[i].name));
        put_tok(g, "/Desc", 5);
        put_text(g, "Markdown source of this document");
        g_string_append_printf(g, "/AFRelationship/Source/EF<</F %d 0 R/UF %d 0 R>>>>",
                               ps->file_num[i], ps->file_num[i]);
        Val v = raw_val(arena_strdup(ps->keep, g->str));
        add_to_objstm(ps, ps->spec_num[i], &v);
    }
    flush_objstm(ps);
    write_xref(ps);
    return ps->werr ? diag_fail(ps->doc, ST_IO, "cannot write the PDF") : ST_OK;
}

Status
post_process(Doc *doc, const PostInput *in, FILE *out)
{
    const Options *o = doc->opt;
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
    Status st = read_xref(&ps);
    if (st != ST_OK)
        goto done;
    ps.kind = xcalloc((size_t)ps.n_obj, 1);
    ps.seen = xcalloc((size_t)ps.n_obj, 1);
    ps.aux = xcalloc((size_t)ps.n_obj, sizeof(int));
    ps.dest = xcalloc((size_t)ps.n_obj, sizeof(char *));

    /* the catalog, the pages, their annotations, the figures */
    Obj cat;
    if (!read_obj(&ps, ps.root, &cat) || cat.v.k != V_DICT) {
        st = bad(&ps, "the catalog", ps.root);
        goto done;
    }
    Val *pv = dict_get(&cat.v, "/Pages"), *sv = dict_get(&cat.v, "/StructTreeRoot"),
        *nv = dict_get(&cat.v, "/Names");
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
    if (!walk_pages(&ps, pages_ref, 0, pages)) {
        st = bad(&ps, "the page tree", pages_ref);
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
    if ((st = read_annotations(&ps)) != ST_OK)
        goto done;
    Obj sr;
    if (struct_ref && in->n_alts > 0 && read_obj(&ps, struct_ref, &sr))
        walk_struct(&ps, dict_get(&sr.v, "/K"), 0);
    give_back(in->mapped, ps.src, ps.src + ps.len);
    diag_time(doc, "links");

    /* what is added */
    ps.labels = page_labels(&ps);
    ps.info_text = info_dict(&ps, producer);
    int part = ps.pdfa ? (in->n_sources > 0 ? 3 : 2) : 0;
    ps.xmp = make_xmp(&doc->meta, in->date, producer, part);
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
    diag_time(doc, "metadata");
    if ((st = squeeze_all(&ps)) != ST_OK)
        goto done;
    give_back(in->mapped, ps.src, ps.src + ps.len);
    diag_time(doc, "compress");
    st = write_all(&ps);
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
    g_free(ps.off);
    if (ps.md5)
        g_checksum_free(ps.md5);
    g_string_free(ps.scratch, TRUE);
    g_string_free(ps.stm_head, TRUE);
    g_string_free(ps.stm_body, TRUE);
    squeezer_free(&ps.z);
    for (int i = 0; i < ps.n_jobs; i++)
        free(ps.jobs[i].out);
    free(ps.jobs);
    arena_free(ps.tmp);
    arena_free(ps.keep);
    return st;
}
