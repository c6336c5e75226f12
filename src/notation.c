/*
 * notation.c: what authors write inside running text that Markdown does not
 * know, made into nodes once the tree is built (see notation.h): TeX math,
 * {{page:#id}}, {{ref:#id}} and {{title:#id}}, ruby in kumihan's braces and
 * in Aozora Bunko's notation, pandoc's superscript ^text^ (in vertical text
 * the mark of tate-chu-yoko, inline.c), and runs of spaces. Each splits a text node where the notation stands:
 * the node keeps the text before it, the new node follows, then a text node
 * with the rest, which the walk of the tree reaches next.
 */
#include "notation.h"

#include <glib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "i18n.h"
#include "jp_rules.h"
#include "node.h"
#include "parse.h"
#include "utf8.h"

/* Replace bytes [i, end) of text node n by `mid` (NULL: by nothing): n keeps
 * the text before, a text node with the rest follows. */
static void
splice(Doc *doc, Node *n, size_t i, size_t end, Node *mid)
{
    const char *s = n->u.text.text;
    Node *rest = node_make(doc, NODE_TEXT, (SrcPos){n->pos.line, n->pos.col + (uint32_t)end});
    rest->u.text.text = s + end;
    rest->u.text.len = n->u.text.len - end;
    n->u.text.len = i;
    rest->parent = n->parent;
    rest->next = n->next;
    if (mid) {
        mid->parent = n->parent;
        mid->next = rest;
        n->next = mid;
    } else {
        n->next = rest;
    }
    if (n->parent->last == n)
        n->parent->last = rest;
}

static SrcPos
at(const Node *n, size_t i)
{
    return (SrcPos){n->pos.line, n->pos.col + (uint32_t)i};
}

/* Text nodes the notations apply to: not a ruby's base. */
static bool
running_text(const Node *n)
{
    return n->type == NODE_TEXT && n->parent && n->parent->type != NODE_RUBY;
}

/* --- math --- */

typedef struct Math {
    int count;
    SrcPos first;
    GArray *lines;                         /* offset of each source line, made on first
                                            * use (source_lines) */
} Math;

static void
math_seen(Math *m, SrcPos pos)
{
    if (m->count++ == 0 || pos.line < m->first.line
        || (pos.line == m->first.line && pos.col < m->first.col))
        m->first = pos;
}

/* Lines first..last (1-based) of the source as written, each ending in a
 * line break, appended to out; false when the source is gone or they are
 * not there. */
static bool
source_lines(const Doc *doc, Math *m, uint32_t first, uint32_t last, GString *out)
{
    if (!doc->src || first == 0 || last < first)
        return false;
    if (!m->lines)                         /* (once: a document of many formulas) */
        m->lines = parse_line_starts(doc->src, doc->src_len);
    if (last > m->lines->len)
        return false;
    size_t a = g_array_index(m->lines, size_t, first - 1);
    size_t b = last < m->lines->len ? g_array_index(m->lines, size_t, last)  /* (the next) */
                                    : doc->src_len;
    g_string_append_len(out, doc->src + a, (gssize)(b - a));
    if (out->len && out->str[out->len - 1] != '\n')
        g_string_append_c(out, '\n');
    return true;
}

/* A paragraph that is display math over several lines ($$, the TeX, $$):
 * a code block of its source. */
static bool
display_math(Doc *doc, Node *p, Math *m)
{
    const Node *a = p->first, *z = p->last;
    if (p->type != NODE_PARAGRAPH || !a || a == z || a->type != NODE_TEXT
        || z->type != NODE_TEXT || a->u.text.len < 2 || z->u.text.len < 2
        || memcmp(a->u.text.text, "$$", 2) != 0
        || memcmp(z->u.text.text + z->u.text.len - 2, "$$", 2) != 0)
        return false;
    GString *s = g_string_new(NULL);
    if (p->parent && p->parent->type == NODE_DOCUMENT      /* (no "> " in its lines) */
        && source_lines(doc, m, p->pos.line, z->pos.line, s))
        goto made;                         /* (as written: cmark took \, for an escape) */
    for (const Node *c = p->first; c; c = c->next) {
        if (c->type == NODE_TEXT)
            g_string_append_len(s, c->u.text.text, (gssize)c->u.text.len);
        else if (c->type == NODE_SOFTBREAK || c->type == NODE_LINEBREAK)
            g_string_append_c(s, '\n');
        else {
            g_string_free(s, TRUE);
            return false;                  /* (markup inside: not math) */
        }
    }
    g_string_append_c(s, '\n');
made:
    p->type = NODE_CODE_BLOCK;
    p->first = p->last = NULL;
    p->u.text.text = arena_strndup(doc->arena, s->str, s->len);
    p->u.text.len = s->len;
    p->u.text.math = true;
    g_string_free(s, TRUE);
    math_seen(m, p->pos);
    return true;
}

/* $…$ or $$…$$ at s[i], as pandoc reads them: the opening $ followed by a
 * non-space, the closing one preceded by a non-space and not followed by a
 * digit ("$5 and $10" is no math); single dollars hold no Japanese text
 * (U+3000 on: E3-EF lead bytes), which in Japanese prose is a price. */
static bool
math_at(const char *s, size_t n, size_t i, size_t *end)
{
    if (s[i] != '$' || (i > 0 && s[i - 1] == '$'))
        return false;
    size_t d = i + 1 < n && s[i + 1] == '$' ? 2 : 1;
    size_t j = i + d;
    if (j >= n || s[j] == ' ' || s[j] == '$')
        return false;
    for (size_t k = j; k + d <= n; k++) {
        if (d == 1 && (unsigned char)s[k] >= 0xE3 && (unsigned char)s[k] <= 0xEF)
            return false;                  /* Japanese between single dollars: prices */
        if (s[k] != '$' || k == j)
            continue;
        if (d == 2 && (k + 1 >= n || s[k + 1] != '$'))
            continue;
        if (d == 1 && ((k + 1 < n && s[k + 1] == '$') || s[k - 1] == '$'))
            return false;                  /* ($$ opens display math: not a close) */
        if (s[k - 1] == ' ' || (k + d < n && g_ascii_isdigit(s[k + d])))
            continue;
        *end = k + d;
        return true;
    }
    return false;
}

static void
make_math(Doc *doc, Math *m)
{
    for (Node *n = doc->root; n; n = (Node *)node_next(doc->root, n)) {
        if (n->type == NODE_CODE_BLOCK && n->u.text.math) {
            math_seen(m, n->pos);
            continue;
        }
        if (n->type == NODE_PARAGRAPH && display_math(doc, n, m))
            continue;
        if (!running_text(n))
            continue;
        const char *s = n->u.text.text;
        size_t len = n->u.text.len, end;
        for (size_t i = 0; i < len; i++)
            if (math_at(s, len, i, &end)) {
                Node *code = node_make(doc, NODE_CODE, at(n, i));
                code->u.text.text = s + i;
                code->u.text.len = end - i;
                code->u.text.math = true;
                math_seen(m, code->pos);
                splice(doc, n, i, end, code);
                break;                     /* (the walk goes on in the rest) */
            }
    }
}

/* --- {{page:#id}}, {{ref:#id}}, {{title:#id}} --- */

/* The references: the page of what the id names (its label, known after a
 * layout pass), its number or its title (number.c). */
static void
make_refs(Doc *doc)
{
    static const struct { const char *open; size_t len; NodeType type; bool title; } forms[] = {
        {"{{page:#", 8, NODE_PAGEREF, false},
        {"{{ref:#", 7, NODE_REF, false},
        {"{{title:#", 9, NODE_REF, true},
    };
    for (Node *n = doc->root; n; n = (Node *)node_next(doc->root, n)) {
        if (!running_text(n))
            continue;
        const char *s = n->u.text.text;
        size_t len = n->u.text.len;
        const char *open = NULL;
        size_t f = 0;
        for (size_t i = 0; i + 7 < len && !open; i++) {
            if (s[i] != '{' || s[i + 1] != '{')
                continue;
            for (f = 0; f < G_N_ELEMENTS(forms); f++)
                if (i + forms[f].len < len && memcmp(s + i, forms[f].open, forms[f].len) == 0) {
                    open = s + i;
                    break;
                }
        }
        if (!open)
            continue;
        const char *close = g_strstr_len(open, (gssize)(s + len - open), "}}");
        if (!close)
            continue;
        size_t i = (size_t)(open - s), end = (size_t)(close - s) + 2;
        size_t hash = forms[f].len - 1;    /* (the '#') */
        const char *href = arena_strndup(doc->arena, open + hash, (size_t)(close - open) - hash);
        Node *ref = node_make(doc, forms[f].type, at(n, i));
        if (forms[f].type == NODE_PAGEREF) {
            ref->u.link.href = href;
            doc->needs_labels = true;
        } else {
            ref->u.ref.href = href;
            ref->u.ref.title = forms[f].title;
        }
        splice(doc, n, i, end, ref);
    }
}

/* --- ruby --- */

/* {base|reading} (group ruby) or {漢字|かん|じ} (one reading per base
 * character: mono ruby). The base must hold Japanese text, so a {x|y} in
 * other prose stays as written. */
static bool
braces_at(const char *s, size_t n, size_t i, size_t *base_end, size_t *end, bool *mono)
{
    if (s[i] != '{')
        return false;
    size_t j = i + 1;
    bool japanese = false;
    while (j < n && s[j] != '|' && s[j] != '{' && s[j] != '}') {
        uint32_t cp;
        int k = utf8_decode((const unsigned char *)s + j, n - j, &cp);
        japanese |= jp_is_wide(cp);
        j += (size_t)k;
    }
    if (j >= n || s[j] != '|' || j == i + 1 || !japanese)
        return false;
    *base_end = j;
    size_t bars = 0, k = j + 1;
    while (k < n && s[k] != '}' && s[k] != '{')
        bars += s[k++] == '|';
    if (k >= n || s[k] != '}' || k == j + 1)
        return false;
    *end = k + 1;
    *mono = bars > 0;
    if (*mono && bars + 1 != utf8_count(s + i + 1, j - i - 1))
        *mono = false;                     /* readings do not match the characters: group */
    return true;
}

#define AOZORA_OPEN "\xe3\x80\x8a"         /* 《 U+300A */
#define AOZORA_CLOSE "\xe3\x80\x8b"        /* 》 U+300B */
#define AOZORA_BAR "\xef\xbd\x9c"          /* ｜ U+FF5C */

/* Kanji, as Aozora Bunko reads a base with no ｜ before it: the
 * ideographs, 々 〆 〇 and ヶ. */
static bool
is_kanji(uint32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF)
           || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3FFFF)
           || cp == 0x3005 || cp == 0x3006 || cp == 0x3007 || cp == 0x30F6;
}

/* Aozora Bunko's ruby with 《 at s[i]: ｜base《reading》, the base from the
 * nearest ｜ before (with no 《 or 》 between), or base《reading》, the base
 * the run of kanji just before. [*start, *end) is all of it. */
static bool
aozora_at(const char *s, size_t n, size_t i, size_t *start, size_t *base_start,
          size_t *end)
{
    if (n - i < 3 || memcmp(s + i, AOZORA_OPEN, 3) != 0)
        return false;
    const char *close = g_strstr_len(s + i + 3, (gssize)(n - i - 3), AOZORA_CLOSE);
    if (!close || close == s + i + 3)
        return false;
    const char *reopen = g_strstr_len(s + i + 3, close - (s + i + 3), AOZORA_OPEN);
    if (reopen)
        return false;
    *end = (size_t)(close - s) + 3;
    /* a ｜ before, with nothing of another ruby between */
    for (size_t k = i; k >= 3; k--) {
        const char *p = s + k - 3;
        if (memcmp(p, AOZORA_CLOSE, 3) == 0 || memcmp(p, AOZORA_OPEN, 3) == 0)
            break;
        if (memcmp(p, AOZORA_BAR, 3) == 0) {
            if (k == i)
                return false;              /* ｜《: no base */
            *start = k - 3;
            *base_start = k;
            return true;
        }
    }
    /* else the kanji just before */
    size_t b = i;
    while (b > 0) {
        size_t k = b - 1;
        while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
            k--;
        uint32_t cp;
        utf8_decode((const unsigned char *)s + k, b - k, &cp);
        if (!is_kanji(cp))
            break;
        b = k;
    }
    if (b == i)
        return false;
    *start = *base_start = b;
    return true;
}

static void
make_ruby(Doc *doc)
{
    for (Node *n = doc->root; n; n = (Node *)node_next(doc->root, n)) {
        if (!running_text(n))
            continue;
        const char *s = n->u.text.text;
        size_t len = n->u.text.len;
        for (size_t i = 0; i < len; i++) {
            size_t start = i, base_start = i + 1, base_end, read_start, end;
            bool mono = false;
            if (braces_at(s, len, i, &base_end, &end, &mono)) {
                read_start = base_end + 1;
            } else if (aozora_at(s, len, i, &start, &base_start, &end)) {
                base_end = i;
                read_start = i + 3;
            } else {
                continue;
            }
            size_t read_end = end - (s[end - 1] == '}' ? 1 : 3);
            Node *ruby = node_make(doc, NODE_RUBY, at(n, start));
            char *reading = arena_strndup(doc->arena, s + read_start, read_end - read_start);
            if (!mono) {                   /* a group reading has no separators */
                char *o = reading;
                for (const char *q = reading; *q; q++)
                    if (*q != '|')
                        *o++ = *q;
                *o = '\0';
            }
            ruby->u.ruby.text = reading;
            ruby->u.ruby.mono = mono;
            Node *base = node_make(doc, NODE_TEXT, ruby->pos);
            base->u.text.text = s + base_start;
            base->u.text.len = base_end - base_start;
            node_append(ruby, base);
            splice(doc, n, start, end, ruby);
            break;                         /* (the walk goes on in the rest) */
        }
    }
}

/* --- superscript: ^text^ (pandoc) --- */

#define SUP_MAX 32                         /* bytes between the carets */

/* ^text^ in running text: no space inside, something between the carets;
 * a superscript node (in vertical text, tate-chu-yoko: inline.c). */
static void
make_sup(Doc *doc)
{
    for (Node *n = doc->root; n; n = (Node *)node_next(doc->root, n)) {
        if (!running_text(n))
            continue;
        const char *s = n->u.text.text;
        size_t len = n->u.text.len;
        for (size_t i = 0; i < len; i++) {
            if (s[i] != '^')
                continue;
            size_t j = i + 1;
            while (j < len && j - i <= SUP_MAX && s[j] != '^' && s[j] != ' ' && s[j] != '\t'
                   && s[j] != '\n')
                j++;
            if (j >= len || s[j] != '^' || j == i + 1)
                continue;
            Node *sup = node_make(doc, NODE_SUP, at(n, i));
            Node *t = node_make(doc, NODE_TEXT, at(n, i + 1));
            t->u.text.text = s + i + 1;
            t->u.text.len = j - i - 1;
            t->parent = sup;
            sup->first = sup->last = t;
            splice(doc, n, i, j + 1, sup);
            break;                         /* (the rest is the next text node) */
        }
    }
}

/* --- spaces --- */

/* Runs of ASCII spaces in running text are one space, as HTML and LaTeX
 * set them (U+3000, the full-width space, is text and stays). */
static void
collapse_spaces(Doc *doc)
{
    for (Node *n = doc->root; n; n = (Node *)node_next(doc->root, n)) {
        if (!running_text(n) || !g_strstr_len(n->u.text.text, (gssize)n->u.text.len, "  "))
            continue;
        char *t = arena_alloc(node_text_arena(doc), n->u.text.len + 1), *o = t;
        for (size_t i = 0; i < n->u.text.len; i++)
            if (n->u.text.text[i] != ' ' || o == t || o[-1] != ' ')
                *o++ = n->u.text.text[i];
        *o = '\0';
        n->u.text.text = t;
        n->u.text.len = (size_t)(o - t);
    }
}

/* --- fenced containers (Zenn's :::message, :::details, Qiita's :::note) --- */

/* The text of the line [a, b) of inline nodes if it is all text, else NULL
 * (g_free it). */
static char *
line_text(const Node *a, const Node *b)
{
    GString *s = g_string_new(NULL);
    for (const Node *c = a; c != b; c = c->next) {
        if (c->type != NODE_TEXT) {
            g_string_free(s, TRUE);
            return NULL;
        }
        g_string_append_len(s, c->u.text.text, (gssize)c->u.text.len);
    }
    return g_string_free(s, FALSE);
}

typedef struct FenceLine {
    int colons;                            /* three or more */
    const char *kind;                      /* NULL: a closing line */
    size_t kind_len;
    const char *rest;                      /* after the kind: a details' title */
} FenceLine;

static bool
fence_line(const char *t, FenceLine *f)
{
    int n = 0;
    while (t[n] == ':')
        n++;
    if (n < 3)
        return false;
    const char *k = t + n;
    while (*k == ' ')
        k++;
    size_t kl = 0;
    while (g_ascii_isalpha(k[kl]))
        kl++;
    const char *r = k + kl;
    while (*r == ' ')
        r++;
    if (kl == 0 && *r)
        return false;                      /* ":::" and then not a word */
    *f = (FenceLine){n, kl ? k : NULL, kl, r};
    return true;
}

static Node *
fence_mark(Doc *doc, SrcPos pos, const char *name, bool closing)
{
    Node *m = node_make(doc, NODE_HTML, pos);
    m->u.html.name = name;
    m->u.html.closing = closing;
    return m;
}

typedef struct Fences {
    Doc *doc;
    const char *open[16];                  /* the mark names of the open containers */
    int depth;
    Node *out_first, *out_last;            /* what replaces the paragraph */
    Node *para;                            /* the paragraph being made, or NULL */
} Fences;

static void
fence_emit(Fences *f, Node *n)
{
    n->next = NULL;
    if (f->out_last)
        f->out_last->next = n;
    else
        f->out_first = n;
    f->out_last = n;
}

/* A fence line at pos: its marks, or false when it is text after all (a
 * closing line with nothing open, or nesting too deep). */
static bool
fence_marks(Fences *f, const FenceLine *l, SrcPos pos)
{
    Doc *doc = f->doc;
    if (!l->kind) {
        if (f->depth == 0)
            return false;
        fence_emit(f, fence_mark(doc, pos, f->open[--f->depth], true));
        return true;
    }
    if (f->depth == (int)G_N_ELEMENTS(f->open))
        return false;
    bool details = l->kind_len == 7 && g_ascii_strncasecmp(l->kind, "details", 7) == 0;
    bool known = details || (l->kind_len == 7 && g_ascii_strncasecmp(l->kind, "message", 7) == 0)
                 || (l->kind_len == 4 && g_ascii_strncasecmp(l->kind, "note", 4) == 0);
    if (!known)
        diag_warn(doc, pos, "':::%.*s' is not a container kumihan knows (message, note, "
                  "details): set as a message", (int)l->kind_len, l->kind);
    const char *name = details ? ":::details" : ":::message";
    fence_emit(f, fence_mark(doc, pos, name, false));
    if (details && *l->rest) {
        fence_emit(f, fence_mark(doc, pos, ":::summary", false));
        Node *t = node_make(doc, NODE_TEXT, pos);
        t->u.text.text = arena_strdup(node_text_arena(doc), l->rest);
        t->u.text.len = strlen(l->rest);
        fence_emit(f, t);
        fence_emit(f, fence_mark(doc, pos, ":::summary", true));
    }
    f->open[f->depth++] = name;
    return true;
}

/* Paragraph p, its lines split at the fence lines among them: what replaces
 * it (f->out_first..), or false when it has none. */
static bool
fence_paragraph(Fences *f, Node *p)
{
    bool any = false;
    for (const Node *a = p->first; a && !any;) {
        const Node *b = a;
        while (b && b->type != NODE_SOFTBREAK)
            b = b->next;
        char *t = line_text(a, b);
        FenceLine l;
        any = t && fence_line(t, &l);
        g_free(t);
        a = b ? b->next : NULL;
    }
    if (!any)
        return false;
    f->out_first = f->out_last = NULL;
    f->para = NULL;
    for (Node *a = p->first, *next; a; a = next) {
        Node *b = a;
        while (b && b->type != NODE_SOFTBREAK)
            b = b->next;
        next = b ? b->next : NULL;
        char *t = line_text(a, b);
        FenceLine l;
        bool fence = t && fence_line(t, &l) && fence_marks(f, &l, a->pos);
        g_free(t);
        if (fence) {
            f->para = NULL;
            continue;
        }
        if (!f->para) {
            f->para = node_make(f->doc, NODE_PARAGRAPH, a->pos);
            fence_emit(f, f->para);
        } else {
            node_append(f->para, node_make(f->doc, NODE_SOFTBREAK, a->pos));
        }
        for (Node *c = a, *cn; c != b; c = cn) {
            cn = c->next;
            node_append(f->para, c);
        }
    }
    return true;
}

void
notation_fences(Doc *doc)
{
    if (!doc->root)
        return;
    Fences f = {.doc = doc};
    for (Node *n = doc->root; n; n = (Node *)node_next(doc->root, n)) {
        Node *prev = NULL;
        for (Node *c = n->first, *next; c; prev = c, c = next) {
            next = c->next;
            if (c->type != NODE_PARAGRAPH || !fence_paragraph(&f, c))
                continue;
            /* f.out_first..f.out_last take c's place */
            for (Node *o = f.out_first; o; o = o->next)
                o->parent = n;
            if (prev)
                prev->next = f.out_first;
            else
                n->first = f.out_first;
            f.out_last->next = next;
            if (n->last == c)
                n->last = f.out_last;
            c = f.out_last;                /* (prev for the next child) */
        }
    }
}

/* The empty text nodes the splitting left. */
static void
drop_empty_text(Doc *doc)
{
    for (Node *n = doc->root; n; n = (Node *)node_next(doc->root, n)) {
        Node *prev = NULL;
        for (Node *ch = n->first; ch; ch = ch->next) {
            if (ch->type == NODE_TEXT && ch->u.text.len == 0 && n->type != NODE_RUBY) {
                if (prev)
                    prev->next = ch->next;
                else
                    n->first = ch->next;
                if (n->last == ch)
                    n->last = prev;
                continue;
            }
            prev = ch;
        }
    }
}

void
notation_apply(Doc *doc)
{
    Math m = {0};
    make_math(doc, &m);
    make_refs(doc);
    make_ruby(doc);
    make_sup(doc);
    collapse_spaces(doc);
    drop_empty_text(doc);
    if (m.lines)
        g_array_free(m.lines, TRUE);
    if (m.count > 0)
        diag_warn(doc, m.first,
                  ngettext("TeX math is not typeset: %d formula set as its TeX source in the "
                           "code face (the first here)",
                           "TeX math is not typeset: %d formulas set as their TeX source in "
                           "the code face (the first here)", (unsigned long)m.count),
                  m.count);
}
