/*
 * number.c: numbers and cross-references (see number.h).
 *
 * Three steps. number_attributes (parse_finish, once the Markdown is a
 * tree) reads pandoc's syntax: the attribute block at the end of a heading
 * ({#sec-intro}, {-}, {.unnumbered}) and the table caption, a paragraph
 * `: caption {#tbl-cost}` or `Table: caption` after the table (or before
 * it), or the same line right under the table, which GFM reads as one more
 * row. number_ids (parse_finish) gives headings their slugs and PDF
 * destinations and resolves every "#name": heading slugs and ids, HTML
 * anchors, figure and table ids, footnotes as fn-LABEL. number_document
 * (the pipeline, once the theme is known) counts in document order:
 * headings h1..h4 by the theme's templates (an unnumbered heading counts
 * for nothing), figures and tables from 1 or, number_by_chapter, from 1 in
 * each chapter (the h1 counter: 図2.3); then the references get their text
 * and the headings their numbers, as a text node before the title, so the
 * heading, its contents (目次) entry, its bookmark and the running head all
 * show it.
 *
 * A figure is numbered when it has a caption or an id, unless {-}: the
 * caption is its title ("title" in ![alt](x.png "title"), HTML's title=),
 * else the alt text of a Markdown image. A table is numbered when it has a
 * caption. A deck (and a report's appendix deck) numbers nothing: its
 * captions are set without numbers, a reference gives the title.
 * Not done: equations, code listings, references to list items; {{ref:}}
 * forms with a prefix of their own (「第2章」 is printed as the template
 * makes it; 「図3」 always with the theme's label).
 */
#include "number.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "figure.h"
#include "i18n.h"
#include "node.h"
#include "parse.h"
#include "style.h"

/* --- numerals and templates --- */

static void
put_kanji(GString *out, int n)
{
    static const char *const digit[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八",
                                        "九"};
    static const char *const unit[] = {"", "十", "百", "千"};
    if (n == 0) {
        g_string_append(out, digit[0]);
        return;
    }
    if (n >= 100000000) {                  /* 億 */
        put_kanji(out, n / 100000000);
        g_string_append(out, "億");
        n %= 100000000;
        if (n == 0)
            return;
    }
    if (n >= 10000) {                      /* 万 */
        put_kanji(out, n / 10000);
        g_string_append(out, "万");
        n %= 10000;
        if (n == 0)
            return;
    }
    for (int k = 3; k >= 0; k--) {
        int p = k == 3 ? 1000 : k == 2 ? 100 : k == 1 ? 10 : 1;
        int d = n / p % 10;
        if (d == 0)
            continue;
        if (d > 1 || k == 0)               /* 十, 百, 千: not 一十 */
            g_string_append(out, digit[d]);
        g_string_append(out, unit[k]);
    }
}

static void
put_roman(GString *out, int n, bool upper)
{
    static const struct { int v; const char *s; } r[] = {
        {1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"}, {90, "xc"}, {50, "l"},
        {40, "xl"}, {10, "x"}, {9, "ix"}, {5, "v"}, {4, "iv"}, {1, "i"},
    };
    if (n < 1 || n > 3999) {
        g_string_append_printf(out, "%d", n);
        return;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(r); i++)
        while (n >= r[i].v) {
            for (const char *c = r[i].s; *c; c++)
                g_string_append_c(out, upper ? (char)(*c - 'a' + 'A') : *c);
            n -= r[i].v;
        }
}

/* a .. z, aa .. az, ba ..: bijective base 26, as spreadsheets name columns */
static void
put_alpha(GString *out, int n, bool upper)
{
    if (n < 1) {
        g_string_append_printf(out, "%d", n);
        return;
    }
    char buf[16];
    int k = (int)sizeof buf;
    buf[--k] = '\0';
    while (n > 0 && k > 0) {
        n--;
        buf[--k] = (char)((upper ? 'A' : 'a') + n % 26);
        n /= 26;
    }
    g_string_append(out, buf + k);
}

typedef enum Numeral { NUM_ARABIC, NUM_KANJI, NUM_ROMAN, NUM_ROMAN_UP, NUM_ALPHA, NUM_ALPHA_UP }
    Numeral;

/* The field at t ("{2}", "{1:kanji}"): its level (1-based), numeral and
 * length; 0 when t holds none, *why says why. */
static size_t
read_field(const char *t, int *level, Numeral *num, const char **why)
{
    static const struct { const char *name; Numeral num; } styles[] = {
        {"kanji", NUM_KANJI}, {"roman", NUM_ROMAN}, {"Roman", NUM_ROMAN_UP},
        {"alpha", NUM_ALPHA}, {"Alpha", NUM_ALPHA_UP},
    };
    const char *close = strchr(t, '}');
    if (!close) {
        *why = "a '{' is not closed by '}'";
        return 0;
    }
    if (t[1] < '1' || t[1] > '0' + NUMBER_LEVELS || (t[2] != '}' && t[2] != ':')) {
        *why = "a field names a heading level: {1} to {4}, or {1:kanji} and the like";
        return 0;
    }
    *level = t[1] - '0';
    *num = NUM_ARABIC;
    if (t[2] == ':') {
        size_t n = (size_t)(close - (t + 3));
        bool known = false;
        for (size_t i = 0; i < G_N_ELEMENTS(styles); i++)
            if (strlen(styles[i].name) == n && memcmp(styles[i].name, t + 3, n) == 0) {
                *num = styles[i].num;
                known = true;
            }
        if (!known) {
            *why = "unknown numeral after ':' (kanji, roman, Roman, alpha or Alpha)";
            return 0;
        }
    }
    return (size_t)(close - t) + 1;
}

bool
number_template_ok(const char *t, const char **why)
{
    const char *dummy;
    if (!why)
        why = &dummy;
    for (const char *p = t; *p; p++) {
        if (*p != '{')
            continue;
        int level;
        Numeral num;
        size_t n = read_field(p, &level, &num, why);
        if (n == 0)
            return false;
        p += n - 1;
    }
    return true;
}

const char *
number_format(Arena *arena, const char *t, const int c[NUMBER_LEVELS])
{
    GString *s = g_string_new(NULL);
    for (const char *p = t; *p; p++) {
        int level;
        Numeral num;
        const char *why;
        size_t n = *p == '{' ? read_field(p, &level, &num, &why) : 0;
        if (n == 0) {
            g_string_append_c(s, *p);
            continue;
        }
        int v = c[level - 1];
        switch (num) {
        case NUM_KANJI:
            if (v >= 0)
                put_kanji(s, v);
            else
                g_string_append_printf(s, "%d", v);
            break;
        case NUM_ROMAN:
        case NUM_ROMAN_UP:
            put_roman(s, v, num == NUM_ROMAN_UP);
            break;
        case NUM_ALPHA:
        case NUM_ALPHA_UP:
            put_alpha(s, v, num == NUM_ALPHA_UP);
            break;
        default:
            g_string_append_printf(s, "%d", v);
        }
        p += n - 1;
    }
    const char *out = arena_strndup(arena, s->str, s->len);
    g_string_free(s, TRUE);
    return out;
}

const char *
number_preset(const char *name, int level)
{
    static const char *const presets[][1 + NUMBER_LEVELS] = {
        {"1.", "{1}.", "{2}.", "{3}.", "{4}."},
        {"1.1", "{1}", "{1}.{2}", "{1}.{2}.{3}", "{1}.{2}.{3}.{4}"},
        {"第1章", "第{1}章", "第{2}章", "第{3}章", "第{4}章"},
        {"第1節", "第{1}節", "第{2}節", "第{3}節", "第{4}節"},
        {"第一章", "第{1:kanji}章", "第{2:kanji}章", "第{3:kanji}章", "第{4:kanji}章"},
        {"第一節", "第{1:kanji}節", "第{2:kanji}節", "第{3:kanji}節", "第{4:kanji}節"},
        {"(1)", "({1})", "({2})", "({3})", "({4})"},
        {"none", "", "", "", ""},
    };
    if (!name || level < 1 || level > NUMBER_LEVELS)
        return NULL;
    for (size_t i = 0; i < G_N_ELEMENTS(presets); i++)
        if (strcmp(presets[i][0], name) == 0)
            return presets[i][level];
    return NULL;
}

/* --- attribute blocks and table captions (number_attributes) --- */

/* The attribute block that ends text node t ("Title {#sec-x}", or as
 * pandoc reads it without the space, "はじめに{#sec-x}"): its bytes
 * [*start, len) with the blanks before it, its attributes in *a; false when
 * t does not end with one. */
static bool
trailing_attrs(const Node *t, size_t *start, Attrs *a, char *problem, size_t problem_len)
{
    if (!t || t->type != NODE_TEXT)
        return false;
    const char *s = t->u.text.text;
    size_t len = t->u.text.len;
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    if (len == 0 || s[len - 1] != '}')
        return false;
    for (size_t i = len; i-- > 0;) {
        if (s[i] != '{')
            continue;
        *a = (Attrs){0};
        if (figure_attrs(s + i, len - i, NULL, a, problem, problem_len) != len - i)
            return false;                  /* (the nearest '{' must open it) */
        while (i > 0 && (s[i - 1] == ' ' || s[i - 1] == '\t'))
            i--;
        *start = i;
        return true;
    }
    return false;
}

/* Take the attribute block off the end of `block`'s text: its id (in the
 * arena) and whether it asks for no number. */
static bool
take_attrs(Doc *doc, Node *block, const char **id, bool *unnumbered)
{
    Node *t = block->last;
    size_t start;
    Attrs a;
    char problem[512];
    if (!trailing_attrs(t, &start, &a, problem, sizeof problem))
        return false;
    if (*problem)
        diag_warn(doc, (SrcPos){t->pos.line, t->pos.col + (uint32_t)start},
                  "attributes: %s", problem);
    t->u.text.len = start;
    *id = a.id ? arena_strndup(doc->arena, a.id, a.id_len) : NULL;
    *unnumbered = a.unnumbered;
    return true;
}

/* The length of a caption's mark at the start of s (pandoc: ":" or
 * "Table:", then blanks), 0 when s has none. "::" is no mark. */
static size_t
caption_mark(const char *s, size_t len)
{
    size_t i;
    if (len >= 1 && s[0] == ':' && (len == 1 || s[1] != ':'))
        i = 1;
    else if (len >= 6 && (s[0] == 'T' || s[0] == 't') && memcmp(s + 1, "able:", 5) == 0)
        i = 6;
    else
        return 0;
    if (i < len && s[i] != ' ' && s[i] != '\t')
        return 0;
    while (i < len && (s[i] == ' ' || s[i] == '\t'))
        i++;
    return i;
}

static bool
is_caption_para(const Node *p)
{
    return p && p->type == NODE_PARAGRAPH && p->first && p->first->type == NODE_TEXT
           && caption_mark(p->first->u.text.text, p->first->u.text.len) > 0;
}

/* The source line `line` (1-based) holds a '|'. */
static bool
line_has_bar(const Doc *doc, uint32_t line)
{
    if (!doc->src)
        return true;
    const char *s = doc->src, *end = s + doc->src_len;
    for (uint32_t l = 1; l < line && s < end; l++) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        s = nl ? nl + 1 : end;
    }
    const char *nl = memchr(s, '\n', (size_t)(end - s));
    return memchr(s, '|', (size_t)((nl ? nl : end) - s)) != NULL;
}

/* The table's last row, when it is a caption GFM read as a row: ": text"
 * in its first cell, the others empty, no '|' in its line. */
static Node *
caption_row(const Doc *doc, const Node *table)
{
    Node *r = table->last;
    if (!r || r->type != NODE_ROW || r->u.row.header || !r->first)
        return NULL;
    const Node *t = r->first->first;
    if (!t || t->type != NODE_TEXT || caption_mark(t->u.text.text, t->u.text.len) == 0)
        return NULL;
    for (const Node *c = r->first->next; c; c = c->next)
        if (c->first)
            return NULL;
    return line_has_bar(doc, r->pos.line) ? NULL : r;
}

/* Unlink child c from its parent. */
static void
unlink_child(Node *c)
{
    Node *p = c->parent, *prev = NULL;
    for (Node *k = p->first; k && k != c; k = k->next)
        prev = k;
    if (prev)
        prev->next = c->next;
    else
        p->first = c->next;
    if (p->last == c)
        p->last = prev;
    c->next = NULL;
    c->parent = NULL;
}

/* `from`'s inline children (a paragraph's, a cell's) become the caption of
 * `table`, its mark and attribute block taken off. */
static void
make_caption(Doc *doc, Node *table, Node *from)
{
    Node *cap = node_make(doc, NODE_CAPTION, from->pos);
    Node *first = from->first;
    size_t mark = caption_mark(first->u.text.text, first->u.text.len);
    first->u.text.text += mark;
    first->u.text.len -= mark;
    first->pos.col += (uint32_t)mark;
    for (Node *c = from->first, *next; c; c = next) {
        next = c->next;
        node_append(cap, c);
    }
    from->first = from->last = NULL;
    Caption *k = arena_zalloc(doc->arena, sizeof *k);
    take_attrs(doc, cap, &k->id, &k->unnumbered);
    /* the table's first child */
    cap->parent = table;
    cap->next = table->first;
    table->first = cap;
    if (!table->last)
        table->last = cap;
    table->u.table.caption = k;
}

void
number_attributes(Doc *doc)
{
    GPtrArray *tables = g_ptr_array_new();
    for (Node *n = doc->root; n; n = (Node *)node_next(doc->root, n)) {
        if (n->type == NODE_TABLE)
            g_ptr_array_add(tables, n);
        if (n->type != NODE_HEADING)
            continue;
        const char *id;
        bool unnumbered;
        if (take_attrs(doc, n, &id, &unnumbered)) {
            n->u.heading.unnumbered |= unnumbered;
            if (id)
                n->u.heading.slug = id;    /* (number_ids keeps it, made unique) */
        }
    }
    for (guint i = 0; i < tables->len; i++) {
        Node *t = g_ptr_array_index(tables, i);
        if (!t->parent)
            continue;
        /* the line right under it; else, as pandoc reads them in document
         * order, a caption before it, else one after it */
        Node *row = caption_row(doc, t), *prev = NULL;
        for (Node *k = t->parent->first; k && k != t; k = k->next)
            prev = k;
        Node *p = row ? NULL : is_caption_para(prev) ? prev : is_caption_para(t->next) ? t->next
                                                                                     : NULL;
        if (row || p) {
            unlink_child(row ? row : p);
            make_caption(doc, t, row ? row->first : p);
        }
    }
    g_ptr_array_free(tables, TRUE);
    /* an attribute block at a paragraph's end ("text {.note}"): only
     * headings, captions and figures take one; the rest is kept as text */
    for (Node *n = doc->root; n; n = (Node *)node_next(doc->root, n)) {
        size_t start;
        Attrs a;
        char problem[512];
        if (n->type == NODE_PARAGRAPH && trailing_attrs(n->last, &start, &a, problem,
                                                        sizeof problem)) {
            const Node *t = n->last;
            size_t at = start;
            while (at < t->u.text.len && (t->u.text.text[at] == ' ' || t->u.text.text[at] == '\t'))
                at++;
            diag_warn(doc, (SrcPos){t->pos.line, t->pos.col + (uint32_t)at},
                      "attribute block '%.*s' after a paragraph is not understood (headings, "
                      "captions and figures take one): it is set as text",
                      (int)(t->u.text.len - at), t->u.text.text + at);
        }
    }
}

/* --- ids (number_ids) --- */

static int
hex_value(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Percent-decoded copy of s (the fragment of a link may be written either way). */
static char *
url_decode(Doc *doc, const char *s)
{
    size_t n = strlen(s);
    char *out = arena_alloc(doc->arena, n + 1), *o = out;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '%' && i + 2 < n && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
            *o++ = (char)(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
            i += 2;
        } else {
            *o++ = s[i];
        }
    }
    *o = '\0';
    return out;
}

/* base, or base-1, base-2... the first not taken. `next` remembers the last
 * number given to each base: a heading repeated k times costs k tries, not
 * k * k / 2. */
static const char *
unique_slug(Doc *doc, GHashTable *slugs, GHashTable *next, const char *base)
{
    const char *slug = base;
    int i = GPOINTER_TO_INT(g_hash_table_lookup(next, base));
    while (g_hash_table_contains(slugs, slug))
        slug = arena_printf(doc->arena, "%s-%d", base, ++i);
    if (i > 0)
        g_hash_table_insert(next, (gpointer)base, GINT_TO_POINTER(i));
    g_hash_table_add(slugs, (gpointer)slug);
    return slug;
}

/* The Caption of a figure or table node, or NULL. */
static Caption *
caption_of(const Node *n)
{
    if (n->type == NODE_FIGURE && n->u.link.figure)
        return &n->u.link.figure->caption;
    if (n->type == NODE_TABLE)
        return n->u.table.caption;
    return NULL;
}

/* The PDF destination of what a name names. */
static const char *
dest_of(Doc *doc, const Node *n)
{
    const char *prefix = doc->dest_prefix ? doc->dest_prefix : "";
    switch (n->type) {
    case NODE_HEADING:
        return n->u.heading.dest;
    case NODE_ANCHOR:
        return n->u.anchor.dest;
    case NODE_FOOTNOTE_DEF:
        return arena_printf(doc->arena, "%sfn-%d", prefix, n->u.note.number);
    default: {
        const Caption *c = caption_of(n);
        return c ? c->dest : NULL;
    }
    }
}

/* Where node n's id is written: a table's on its caption. */
static SrcPos
id_pos(const Node *n)
{
    return n->type == NODE_TABLE && n->first && n->first->type == NODE_CAPTION ? n->first->pos
                                                                                 : n->pos;
}

/* Name `name` for node n, unless it names something already: then a
 * warning when the name was written as an id. */
static void
add_name(Doc *doc, GHashTable *names, const char *name, const Node *n, bool warn)
{
    const Node *old = g_hash_table_lookup(names, name);
    if (!old) {
        g_hash_table_insert(names, (gpointer)name, (gpointer)n);
        return;
    }
    SrcPos first = id_pos(old);
    const char *file = doc_file_at(doc, &first);   /* (a book: another chapter's) */
    if (warn)
        diag_warn(doc, id_pos(n), "id '#%s' is given twice (first at %s%sline %u); references "
                  "go to the first", name, file ? file : "", file ? " " : "", first.line);
}

/* Headings get a GitHub-style slug (what "#slug" links name; an id written
 * {#id} is the slug) and an ASCII destination name for the PDF ("h1",
 * "h2"...: cairo 1.16 writes non-ASCII names differently in the name tree
 * and in the links, so they would never match). Figures and tables with
 * an id get "fig-N", "tbl-N" (N: the figure's or table's place among all
 * of them), notes are "fn-N" already. Internal links, {{page:}} and
 * {{ref:}} are rewritten to the destination name; a link to nothing is a
 * warning and stays plain text. */
void
number_ids(Doc *doc)
{
    GHashTable *names = g_hash_table_new(g_str_hash, g_str_equal);
    GHashTable *slugs = g_hash_table_new(g_str_hash, g_str_equal);
    GHashTable *next = g_hash_table_new(g_str_hash, g_str_equal);
    int k = 0, figs = 0, tbls = 0;
    const char *prefix = doc->dest_prefix ? doc->dest_prefix : "";
    for (Node *n = doc->root; n; n = (Node *)node_next(doc->root, n))
        if (n->type == NODE_HEADING) {
            const char *id = n->u.heading.slug;   /* {#id}, or the appendix's */
            const char *base = id ? id : parse_slug(doc, node_text(doc, n));
            n->u.heading.slug = unique_slug(doc, slugs, next, *base ? base : "section");
            if (id && strcmp(id, n->u.heading.slug) != 0)
                diag_warn(doc, n->pos, "id '#%s' is given twice: this heading's is '#%s'", id,
                          n->u.heading.slug);
            n->u.heading.dest = arena_printf(doc->arena, "%sh%d", prefix, ++k);
            g_hash_table_insert(names, (gpointer)n->u.heading.slug, n);
        }
    g_hash_table_destroy(slugs);
    g_hash_table_destroy(next);
    /* HTML anchors (<a name|id>): their names as written; a heading's slug
     * of the same name wins */
    int a = 0;
    for (Node *n = doc->root; n; n = (Node *)node_next(doc->root, n))
        if (n->type == NODE_ANCHOR && !g_hash_table_contains(names, n->u.anchor.name)) {
            n->u.anchor.dest = arena_printf(doc->arena, "%sanchor-%d", prefix, ++a);
            g_hash_table_insert(names, (gpointer)n->u.anchor.name, n);
        }
    for (Node *n = doc->root; n; n = (Node *)node_next(doc->root, n)) {
        Caption *c = NULL;
        if (n->type == NODE_FIGURE) {
            figs++;
            c = caption_of(n);
            if (c && c->id)
                c->dest = arena_printf(doc->arena, "%sfig-%d", prefix, figs);
        } else if (n->type == NODE_TABLE) {
            tbls++;
            c = caption_of(n);
            if (c && c->id)
                c->dest = arena_printf(doc->arena, "%stbl-%d", prefix, tbls);
        } else if (n->type == NODE_FOOTNOTE_DEF && n->u.note.label) {
            add_name(doc, names, arena_printf(doc->arena, "fn-%s", n->u.note.label), n, false);
        }
        if (c && c->id)
            add_name(doc, names, c->id, n, true);
    }
    for (Node *n = doc->root; n; n = (Node *)node_next(doc->root, n)) {
        bool ref = n->type == NODE_REF;
        const char **href = ref ? &n->u.ref.href
                            : n->type == NODE_LINK || n->type == NODE_PAGEREF ? &n->u.link.href
                            : NULL;
        if (!href || !*href || (*href)[0] != '#')
            continue;
        const char *name = *href;
        const Node *target = g_hash_table_lookup(names, url_decode(doc, name + 1));
        const char *dest = target ? dest_of(doc, target) : NULL;
        if (ref)
            n->u.ref.target = target;
        *href = dest ? arena_printf(doc->arena, "#%s", dest) : NULL;
        if (target)
            continue;
        diag_warn(doc, n->pos,
                  n->type == NODE_LINK ? N_("link to '%s': no heading, figure, table, note or "
                                            "anchor has that id; set as plain text")
                  : ref ? N_("reference to '%s': no heading, figure, table, note or anchor has "
                             "that id; set as ??")
                        : N_("page reference to '%s': no heading, figure, table, note or anchor "
                             "has that id"), name);
    }
    g_hash_table_destroy(names);
}

/* --- numbering (number_document) --- */

typedef struct Count {
    Doc *doc;
    const Theme *theme;
    bool numbered;
    int h[NUMBER_LEVELS];                  /* heading counters, from the top level */
    int top;                               /* the shallowest level of the document's
                                            * headings: its "h1" (a document whose
                                            * title is in the front matter and whose
                                            * sections are ## numbers them 1, 2, not
                                            * 0.1, 0.2) */
    int figs, tbls;                        /* in the document, or in the chapter */
    int all_figs, all_tbls;                /* in the document (destinations) */
    bool lof, lot;                         /* the lists want every number's destination */
    int figs_numbered, tbls_numbered;      /* in all */
    bool warned_hand;                      /* (hand_number) */
} Count;

/* "図3" or, by chapter, "図2.3". */
static const char *
label_number(Count *c, const char *label, int k)
{
    if (c->theme->number_by_chapter)
        return arena_printf(c->doc->arena, "%s%d.%d", label, c->h[0], k);
    return arena_printf(c->doc->arena, "%s%d", label, k);
}

static bool
in_slide(const Node *n)
{
    for (const Node *p = n->parent; p; p = p->parent)
        if (p->type == NODE_SLIDE || p->type == NODE_APPENDIX)
            return true;
    return false;
}

static void
count_heading(Count *c, Node *n)
{
    int l = n->u.heading.level - c->top + 1;
    if (!c->numbered || n->u.heading.unnumbered || l < 1 || l > NUMBER_LEVELS || in_slide(n))
        return;
    c->h[l - 1]++;
    for (int i = l; i < NUMBER_LEVELS; i++)
        c->h[i] = 0;
    if (l == 1 && c->theme->number_by_chapter)
        c->figs = c->tbls = 0;
    const char *t = c->theme->heading_number[l - 1];
    if (t && *t)
        n->u.heading.number = number_format(c->doc->arena, t, c->h);
}

/* The bytes of the digit at s: 1 (ASCII), 3 (full-width ０-９), 0: none. */
static size_t
digit_len(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] >= '0' && u[0] <= '9')
        return 1;
    return u[0] == 0xEF && u[1] == 0xBC && u[2] >= 0x90 && u[2] <= 0x99 ? 3 : 0;
}

/* The number a caption's text starts with, written by hand as documents
 * did before numbering (「図1　題」, 「表 2: 題」, 「図3.1 題」): the label, a
 * number (ASCII or full-width digits, "." or "-" between), then a space,
 * U+3000, a colon or the end. Its length in *num_len (「図1」), the length
 * with the separator returned; 0: none. */
static size_t
hand_number(const char *s, const char *label, size_t *num_len)
{
    size_t l = strlen(label), i = l;
    if (!l || strncmp(s, label, l) != 0)
        return 0;
    if (s[i] == ' ')
        i++;
    size_t digits = 0;
    for (;;) {
        size_t d = digit_len(s + i);
        if (d) {
            i += d;
            digits++;
        } else if (digits && (s[i] == '.' || s[i] == '-') && digit_len(s + i + 1)) {
            i++;
        } else {
            break;
        }
    }
    if (!digits)
        return 0;
    *num_len = i;
    if (s[i] == '\0')
        return i;
    if (s[i] == ' ' || s[i] == ':')
        return i + 1 + strspn(s + i + 1, " ");
    if (strncmp(s + i, "\u3000", 3) == 0 || strncmp(s + i, "：", 3) == 0)
        return i + 3;
    return 0;
}

/* The number as compared: no space, ASCII digits. */
static void
plain_number(const char *s, size_t n, GString *out)
{
    g_string_truncate(out, 0);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == ' ')
            continue;
        if (digit_len(s + i) == 3) {
            g_string_append_c(out, (char)('0' + (unsigned char)s[i + 2] - 0x90));
            i += 2;
            continue;
        }
        g_string_append_c(out, s[i]);
    }
}

/* Number a caption: its number when it is numbered, the line it sets. A
 * caption numbered by hand (hand_number) keeps that number as written and
 * counts as one; a hand number that is not the count is a warning (once a
 * document): numbers by hand and by kumihan are mixed. */
static void
count_caption(Count *c, Caption *k, SrcPos pos, const char *text, const char *label,
              int *counter, int *numbered_all, const char *dest_kind, int ordinal, bool list)
{
    Doc *doc = c->doc;
    k->text = text && *text ? text : NULL;
    bool numbered = c->numbered && !k->unnumbered && (k->text || k->id);
    size_t num_len, hand = numbered && k->text ? hand_number(k->text, label, &num_len) : 0;
    if (numbered) {
        k->number = label_number(c, label, ++*counter);
        ++*numbered_all;
    }
    if (hand) {
        GString *a = g_string_new(NULL), *b = g_string_new(NULL);
        plain_number(k->text, num_len, a);
        plain_number(k->number, strlen(k->number), b);
        if (strcmp(a->str, b->str) != 0 && !c->warned_hand) {
            diag_warn(doc, pos, "caption numbered by hand as %s where kumihan counts %s: take "
                      "the number out of the caption (kumihan numbers figures and tables)",
                      a->str, b->str);
            c->warned_hand = true;
        }
        g_string_free(a, TRUE);
        g_string_free(b, TRUE);
        k->number = arena_strndup(doc->arena, k->text, num_len);
        k->line = k->text;
        k->text = k->text[hand] ? k->text + hand : NULL;
        k->hand = true;
    }
    if (numbered && list && !k->dest)      /* (the list of figures or tables links to it) */
        k->dest = arena_printf(doc->arena, "%s%s-%d", doc->dest_prefix ? doc->dest_prefix : "",
                               dest_kind, ordinal);
    if (hand)
        return;
    if (k->number && k->text)
        k->line = arena_printf(doc->arena, "%s%s%s", k->number, c->theme->caption_sep, k->text);
    else
        k->line = k->number ? k->number : k->text;
}

/* A figure's caption: its title, else a Markdown image's alt text. */
static const char *
figure_text(const Node *n)
{
    const Figure *fig = n->u.link.figure;
    if (n->u.link.title && *n->u.link.title)
        return n->u.link.title;
    return fig && fig->alt_caption ? n->u.link.alt : NULL;
}

/* Text with its blanks at both ends gone (a caption's). */
static const char *
trimmed(Doc *doc, const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return arena_strndup(doc->arena, s, n);
}

/* What {{ref:#id}} or {{title:#id}} prints. */
static const char *
ref_text(Count *c, const Node *ref)
{
    Doc *doc = c->doc;
    const Node *t = ref->u.ref.target;
    if (!t)
        return "??";
    const char *number = NULL, *title = NULL;
    switch (t->type) {
    case NODE_HEADING:
        number = t->u.heading.number;
        title = node_text(doc, t);         /* (before the number goes in) */
        break;
    case NODE_FOOTNOTE_DEF:
        number = arena_printf(doc->arena, "*%d", t->u.note.number);
        break;
    case NODE_FIGURE:
    case NODE_TABLE: {
        const Caption *k = caption_of(t);
        number = k ? k->number : NULL;
        title = k ? k->text : NULL;
        break;
    }
    default:
        break;
    }
    const char *first = ref->u.ref.title ? title : number;
    const char *other = ref->u.ref.title ? number : title;
    if (first && *first)
        return first;
    if (other && *other)
        return other;
    /* [target][asked for a title] */
    static const char *const unnamed[3][2] = {
        {N_("reference to an HTML anchor with no number or title: set as ??"),
         N_("reference to an HTML anchor with no title: set as ??")},
        {N_("reference to a figure with no number or title: set as ??"),
         N_("reference to a figure with no title: set as ??")},
        {N_("reference to a table with no number or title: set as ??"),
         N_("reference to a table with no title: set as ??")},
    };
    diag_warn(doc, ref->pos, "%s", _(unnamed[t->type == NODE_ANCHOR ? 0 : t->type == NODE_FIGURE
                                                                          ? 1 : 2]
                                            [ref->u.ref.title ? 1 : 0]));
    return "??";
}

/* The heading's number and separator as a text node before its title. */
static void
insert_number(Doc *doc, Node *h, const char *sep)
{
    Node *t = node_make(doc, NODE_TEXT, h->pos);
    char *s = arena_printf(node_text_arena(doc), "%s%s", h->u.heading.number, sep);
    t->u.text.text = s;
    t->u.text.len = strlen(s);
    t->parent = h;
    t->next = h->first;
    h->first = t;
    if (!h->last)
        h->last = t;
}

void
number_document(Doc *doc, const Theme *theme, bool numbered)
{
    if (!doc->root)
        return;
    Count c = {.doc = doc, .theme = theme, .numbered = numbered, .top = NUMBER_LEVELS + 2};
    for (Node *n = doc->root; n; n = (Node *)node_next(doc->root, n))
        if (n->type == NODE_HEADING && !n->u.heading.unnumbered && !in_slide(n)
            && n->u.heading.level < c.top)
            c.top = n->u.heading.level;
    c.lof = numbered && doc->meta.lof && strcmp(doc->meta.lof, "true") == 0;
    c.lot = numbered && doc->meta.lot && strcmp(doc->meta.lot, "true") == 0;
    for (Node *n = doc->root; n; n = (Node *)node_next(doc->root, n)) {
        switch (n->type) {
        case NODE_HEADING:
            count_heading(&c, n);
            break;
        case NODE_FIGURE:
            c.all_figs++;
            if (n->u.link.figure)
                count_caption(&c, &n->u.link.figure->caption, n->pos,
                              figure_text(n) ? trimmed(doc, figure_text(n)) : NULL,
                              theme->figure_label, &c.figs, &c.figs_numbered, "fig",
                              c.all_figs, c.lof);
            break;
        case NODE_TABLE:
            c.all_tbls++;
            if (n->u.table.caption) {
                const Node *cap = n->first;
                const char *text = cap && cap->type == NODE_CAPTION
                                       ? trimmed(doc, node_text(doc, cap)) : NULL;
                count_caption(&c, n->u.table.caption, n->first->pos, text, theme->table_label,
                              &c.tbls, &c.tbls_numbered, "tbl", c.all_tbls, c.lot);
            }
            break;
        case NODE_APPENDIX:
            if (n->u.appendix.deck)
                number_document(n->u.appendix.deck, theme, false);
            break;
        default:
            break;
        }
    }
    /* a list of figures or tables with nothing to list goes */
    for (Node *n = doc->root->first, *next; n; n = next) {
        next = n->next;
        if (n->type != NODE_TOC || n->u.toc.kind == TOC_CONTENTS)
            continue;
        bool figs = n->u.toc.kind == TOC_FIGURES;
        if ((figs ? c.figs_numbered : c.tbls_numbered) > 0)
            continue;
        diag_warn(doc, n->pos,
                  figs ? N_("'lof: true', but no figure is numbered: no list of figures is set")
                       : N_("'lot: true', but no table is numbered: no list of tables is set"));
        unlink_child(n);
    }
    for (Node *n = doc->root; n; n = (Node *)node_next(doc->root, n))
        if (n->type == NODE_REF)
            n->u.ref.text = ref_text(&c, n);
    for (Node *n = doc->root; n; n = (Node *)node_next(doc->root, n)) {
        if (n->type == NODE_HEADING && n->u.heading.number)
            insert_number(doc, n, theme->heading_number_sep);
        else if (n->type == NODE_TABLE && n->u.table.caption && n->u.table.caption->number
                 && !n->u.table.caption->hand && n->first->type == NODE_CAPTION) {
            const Caption *k = n->u.table.caption;
            Node *cap = n->first;
            Node *t = node_make(doc, NODE_TEXT, cap->pos);
            char *s = arena_printf(node_text_arena(doc), "%s%s", k->number,
                                   k->text ? theme->caption_sep : "");
            t->u.text.text = s;
            t->u.text.len = strlen(s);
            t->parent = cap;
            t->next = cap->first;
            cap->first = t;
            if (!cap->last)
                cap->last = t;
        }
    }
}
