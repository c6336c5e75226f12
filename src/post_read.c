/*
 * post_read.c: the post-pass's object reader (see post_impl.h). Reads what
 * cairo 1.16 writes and nothing else: a classic cross-reference table and
 * trailer, objects of generation 0, streams with a direct or indirect
 * /Length; anything else is refused with a message (post_bad) rather than
 * guessed. Values (Val) keep their source text, so scalars are written back
 * byte for byte; tokens come from the lexer shared with content.c
 * (pdflex.c), comments skipped. Also here: values written back as PDF
 * (post_put_*), with the fewest spaces.
 * Not done: cross-reference streams, object streams, updates, encryption
 * (cairo writes none; the pass refuses its own output).
 */
#include "post_impl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "pdflex.h"

/* Nesting of arrays and dictionaries in one object (cairo's deepest is 3). */
#define NEST_MAX 64

/* --- values --- */

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
        /* a key given again: cairo 1.16 lists an image in a page's
         * resources each time it is painted (an emoji used twice); the last
         * value stands (as qpdf reads it), once */
        if (close == PDFTOK_DICT_CLOSE && n % 2 == 0)
            for (int k = 0; k + 2 < n; k += 2)
                if (items[k].len == items[n - 2].len
                    && memcmp(items[k].raw, items[n - 2].raw, items[k].len) == 0) {
                    items[k + 1] = items[n - 1];
                    n -= 2;
                    break;
                }
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

Val
post_raw_val(const char *text)
{
    Val v = {.k = V_RAW, .raw = text, .len = strlen(text)};
    return v;
}

bool
post_raw_is(const Val *v, const char *s)
{
    return v && v->k == V_RAW && v->len == strlen(s) && memcmp(v->raw, s, v->len) == 0;
}

Val *
post_dict_get(const Val *d, const char *key)
{
    if (!d || d->k != V_DICT)
        return NULL;
    for (int i = 0; i + 1 < d->n; i += 2)
        if (post_raw_is(&d->items[i], key))
            return &d->items[i + 1];
    return NULL;
}

void
post_dict_set(Arena *a, Val *d, const char *key, Val v)
{
    Val *old = post_dict_get(d, key);
    if (old) {
        *old = v;
        return;
    }
    Val *items = arena_alloc(a, sizeof(Val) * (size_t)(d->n + 2));
    if (d->n > 0)
        memcpy(items, d->items, sizeof(Val) * (size_t)d->n);
    items[d->n] = post_raw_val(arena_strdup(a, key));
    items[d->n + 1] = v;
    d->items = items;
    d->n += 2;
}

void
post_dict_del(Val *d, const char *key)
{
    for (int i = 0; i + 1 < d->n; i += 2)
        if (post_raw_is(&d->items[i], key)) {
            memmove(&d->items[i], &d->items[i + 2], sizeof(Val) * (size_t)(d->n - i - 2));
            d->n -= 2;
            return;
        }
}

bool
post_num_of(const Val *v, double *out)
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
int
post_nums_of(const Val *v, double *x, int max)
{
    if (!v || v->k != V_ARRAY || v->n > max)
        return -1;
    int k = 0;
    double d;
    while (k < v->n && post_num_of(&v->items[k], &d) && fabs(d) < 1e9) {
        if (x)
            x[k] = d;
        k++;
    }
    return k;
}

/* --- writing values --- */

/* Append a token, with a space only where two regular characters meet. */
void
post_put_tok(GString *g, const char *t, size_t n)
{
    if (n == 0)
        return;
    if (g->len > 0 && pdflex_is_regular((unsigned char)g->str[g->len - 1])
        && pdflex_is_regular((unsigned char)t[0]))
        g_string_append_c(g, ' ');
    g_string_append_len(g, t, (gssize)n);
}

void
post_put_val(GString *g, const Val *v)
{
    switch (v->k) {
    case V_RAW:
        post_put_tok(g, v->raw, v->len);
        break;
    case V_REF: {
        char b[32];
        int n = snprintf(b, sizeof b, "%d 0 R", v->ref);
        post_put_tok(g, b, (size_t)n);
        break;
    }
    case V_ARRAY:
    case V_DICT:
        post_put_tok(g, v->k == V_ARRAY ? "[" : "<<", v->k == V_ARRAY ? 1 : 2);
        for (int i = 0; i < v->n; i++)
            post_put_val(g, &v->items[i]);
        post_put_tok(g, v->k == V_ARRAY ? "]" : ">>", v->k == V_ARRAY ? 1 : 2);
        break;
    }
}

/* A number with up to `places` decimals, without trailing zeros. */
void
post_put_num(GString *g, double x, int places)
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
    post_put_tok(g, b, strlen(b));
}

/* A text string: literal when it is printable ASCII, else UTF-16BE with a
 * byte order mark, in hexadecimal. */
void
post_put_text(GString *g, const char *utf8)
{
    bool ascii = true;
    for (const char *s = utf8; *s; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f)
            ascii = false;
    if (ascii) {
        post_put_tok(g, "(", 1);
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
    post_put_tok(g, "<FEFF", 5);
    for (glong i = 0; u && i < n; i++)
        g_string_append_printf(g, "%04X", (unsigned)u[i]);
    g_string_append_c(g, '>');
    g_free(u);
}

/* --- objects --- */

Status
post_bad(Post *ps, const char *what, int num)
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
Status
post_read_xref(Post *ps)
{
    const char *kw = "startxref";
    size_t k = strlen(kw), from = ps->len > 1024 ? ps->len - 1024 : 0, at = 0;
    for (size_t i = from; i + k <= ps->len; i++)
        if (memcmp(ps->src + i, kw, k) == 0)
            at = i;
    if (!at)
        return post_bad(ps, "no startxref", 0);
    Lex l = {{ps->src + at + k, ps->src + ps->len}, ps->tmp, 0};
    long long xo, first, count, o, g;
    if (!uint_tok(&l, &xo) || (size_t)xo >= ps->len)
        return post_bad(ps, "no cross-reference offset", 0);
    l.x.p = ps->src + xo;
    ps->xref_at = (size_t)xo;
    if (!keyword(&l, "xref"))
        return post_bad(ps, "no cross-reference table", 0);
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
        return post_bad(ps, why, at_num);
    }
    ps->n_obj = (int)offs->len;
    ps->off = (size_t *)(void *)g_array_free(offs, FALSE);
    Val t;
    if (!keyword(&l, "trailer") || !parse_val(&l, &t) || t.k != V_DICT)
        return post_bad(ps, "no trailer", 0);
    Val *root = post_dict_get(&t, "/Root"), *info = post_dict_get(&t, "/Info");
    if (post_dict_get(&t, "/Prev") || post_dict_get(&t, "/Encrypt"))
        return post_bad(ps, "an updated or encrypted file", 0);
    if (!root || root->k != V_REF || root->ref <= 0 || root->ref >= ps->n_obj)
        return post_bad(ps, "no catalog", 0);
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
        if (!post_num_of(v, &d))
            return false;
    } else if (!post_num_of(v, &d)) {
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
    if (!stream_length(ps, post_dict_get(&o->v, "/Length"), &len) || len > l.x.end - l.x.p)
        return false;
    o->data = l.x.p;
    o->data_len = (size_t)len;
    l.x.p += len;
    return keyword(&l, "endstream");
}

bool
post_read_obj(Post *ps, int num, Obj *o)
{
    return read_obj_in(ps, num, o, true);
}

