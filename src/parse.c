/*
 * parse.c: Markdown with front matter to doc->meta and the Node tree, the
 * pieces a document is read with (report.c: a report, deck.c: a deck).
 * Reads bytes, repairs them to UTF-8 (utf8_sanitize, a warning per repair),
 * splits off a YAML front matter block ("---" on line 1 up to the next
 * "---" or "..." line) and reads it with libyaml's document loader (aliases
 * are references there, never expanded, so alias bombs cost nothing). The
 * rest goes through cmark-gfm with source positions, footnotes, tables,
 * strikethrough (double tilde only: a single ~ is a Japanese range mark, as
 * in 6~9ケ月) and autolinks; one iterative walk over its AST makes our Nodes.
 * Block nesting beyond LIMIT_NEST_DEPTH and inline nesting beyond
 * LIMIT_INLINE_DEPTH are flattened with one warning each.
 * Never fails on content: problems are diagnostics.
 * Ruby {漢字|かんじ} becomes a NODE_RUBY around its base text.
 * It knows neither decks nor reports: the title block, the contents and the
 * appendix are report.c's, the cutting into slides deck.c's.
 */
#include "parse.h"

#define CMARK_NO_SHORT_NAMES 1
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <errno.h>
#include <glib.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

#include "arena.h"
#include "diag.h"
#include "figure.h"
#include "i18n.h"
#include "files.h"
#include "html.h"
#include "notation.h"
#include "jp_rules.h"
#include "limits.h"
#include "marp.h"
#include "node.h"
#include "theme.h"
#include "number.h"
#include "utf8.h"

/* --- front matter --- */

typedef enum KeyKind {
    KEY_TEXT, KEY_TEXT_OR_LIST, KEY_DATE, KEY_PRESENTERS, KEY_ASPECT, KEY_BOOL, KEY_SIZE
} KeyKind;

typedef struct Key {
    const char *name;
    KeyKind kind;
    size_t offset;                         /* of the const char * in Meta */
} Key;

static const Key keys[] = {
    {"title", KEY_TEXT, offsetof(Meta, title)},
    {"subtitle", KEY_TEXT, offsetof(Meta, subtitle)},
    {"author", KEY_TEXT, offsetof(Meta, author)},
    {"affiliation", KEY_TEXT, offsetof(Meta, affiliation)},
    {"date", KEY_DATE, offsetof(Meta, date)},
    {"event", KEY_TEXT, offsetof(Meta, event)},
    {"lang", KEY_TEXT, offsetof(Meta, lang)},
    {"subject", KEY_TEXT, offsetof(Meta, subject)},
    {"keywords", KEY_TEXT_OR_LIST, offsetof(Meta, keywords)},
    {"appendix", KEY_TEXT, offsetof(Meta, appendix)},
    {"presenters", KEY_PRESENTERS, offsetof(Meta, presenters)},
    {"place", KEY_TEXT, offsetof(Meta, place)},
    {"aspect", KEY_ASPECT, offsetof(Meta, aspect)},
    {"size", KEY_SIZE, offsetof(Meta, size)},      /* Marp Core's name for the aspect */
    {"toc", KEY_BOOL, offsetof(Meta, toc)},
    {"theme", KEY_TEXT, offsetof(Meta, theme)},
    {"lof", KEY_BOOL, offsetof(Meta, lof)},
    {"lot", KEY_BOOL, offsetof(Meta, lot)},
    /* a document's particulars, for the theme's templates (template.h) */
    {"docno", KEY_TEXT, offsetof(Meta, docno)},
    {"classification", KEY_TEXT, offsetof(Meta, classification)},
    {"revision", KEY_TEXT, offsetof(Meta, revision)},
    {"distribution", KEY_TEXT_OR_LIST, offsetof(Meta, distribution)},
};

#define N_FRONT_KEYS (sizeof keys / sizeof keys[0])

/* A libyaml mark (column in characters) as a place in the document (column
 * in bytes, as cmark-gfm's). */
static SrcPos
yaml_pos(Doc *doc, yaml_mark_t mark, uint32_t first_line)
{
    return diag_pos_bytes(doc, (SrcPos){(uint32_t)mark.line + first_line,
                                        (uint32_t)mark.column + 1});
}

static bool
is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* YYYY-MM-DD, a real calendar date. */
static bool
parse_date(const char *s, int *y, int *m, int *d)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    *y = atoi(s);
    *m = atoi(s + 5);
    *d = atoi(s + 8);
    if (*y < 1 || *m < 1 || *m > 12 || *d < 1)
        return false;
    int max = mdays[*m - 1] + (*m == 2 && is_leap(*y));
    return *d <= max;
}

bool
parse_date_text(const char *s, int *y, int *m, int *d)
{
    return parse_date(s, y, m, d);
}

bool
parse_epoch_text(const char *s, long long *secs)
{
    long long v = 0;
    if (!*s)
        return false;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return false;
        v = v * 10 + (*s - '0');
        if (v > PARSE_EPOCH_MAX)           /* checked at each digit: never overflows */
            return false;
    }
    *secs = v;
    return true;
}

/* A copy of s[0..*len) in `arena`. Text that an escape made after
 * utf8_sanitize() saw the source (YAML's "\x01" or "\uFFFF", Markdown's
 * &#1; or &#xFFFE;) is repaired the same way (utf8_repair), with one
 * warning at pos: a noncharacter would stop cairo (a heading's bookmark,
 * the title's metadata) and a control would make the XMP packet ill-formed
 * XML. *len gets the copy's length. */
static char *
repaired_copy(Doc *doc, Arena *arena, const char *s, size_t *len, SrcPos pos)
{
    uint32_t first = 0;
    int n = 0;
    size_t fixed_len;
    char *fixed = utf8_repair(s, *len, &fixed_len, &n, &first);
    if (!fixed)
        return arena_strndup(arena, s, *len);
    char more[64] = "";
    if (n > 1)
        snprintf(more, sizeof more, _(" (%d characters repaired here)"), n);
    if (utf8_is_noncharacter(first))
        diag_warn(doc, pos, "noncharacter U+%04X replaced by U+FFFD%s", (unsigned)first, more);
    else if (utf8_is_control(first))
        diag_warn(doc, pos, "control character U+%04X removed%s", (unsigned)first, more);
    else
        diag_warn(doc, pos, "invalid UTF-8 replaced by U+FFFD%s", more);
    char *t = arena_strndup(arena, fixed, fixed_len);
    free(fixed);
    *len = fixed_len;
    return t;
}

static const char *
scalar_text(Doc *doc, const yaml_node_t *n, uint32_t first_line)
{
    size_t len = n->data.scalar.length;
    return repaired_copy(doc, doc->arena, (const char *)n->data.scalar.value, &len,
                         yaml_pos(doc, n->start_mark, first_line));
}

/* presenters: a list of "Name" texts or of mappings {name, affiliation}. */
static void
read_presenters(Doc *doc, yaml_document_t *yd, yaml_node_t *val, uint32_t first_line)
{
    SrcPos pos = yaml_pos(doc, val->start_mark, first_line);
    if (val->type != YAML_SEQUENCE_NODE) {
        diag_error(doc, pos, "'presenters' must be a list (- name: ... affiliation: ...)");
        return;
    }
    size_t n = (size_t)(val->data.sequence.items.top - val->data.sequence.items.start);
    Presenter *ps = arena_zalloc(doc->arena, sizeof(Presenter) * (n ? n : 1));
    int k = 0;
    for (yaml_node_item_t *it = val->data.sequence.items.start; it < val->data.sequence.items.top;
         it++) {
        yaml_node_t *item = yaml_document_get_node(yd, *it);
        if (!item)
            continue;
        if (item->type == YAML_SCALAR_NODE) {
            ps[k++].name = scalar_text(doc, item, first_line);
            continue;
        }
        if (item->type != YAML_MAPPING_NODE) {
            diag_error(doc, pos, "each presenter is a name or a mapping with name and affiliation");
            continue;
        }
        Presenter p = {0};
        for (yaml_node_pair_t *pair = item->data.mapping.pairs.start;
             pair < item->data.mapping.pairs.top; pair++) {
            yaml_node_t *pk = yaml_document_get_node(yd, pair->key);
            yaml_node_t *pv = yaml_document_get_node(yd, pair->value);
            if (!pk || !pv || pk->type != YAML_SCALAR_NODE || pv->type != YAML_SCALAR_NODE) {
                diag_error(doc, pos, "a presenter's name and affiliation must be text");
                continue;
            }
            const char *name = scalar_text(doc, pk, first_line);
            if (strcmp(name, "name") == 0)
                p.name = scalar_text(doc, pv, first_line);
            else if (strcmp(name, "affiliation") == 0)
                p.affiliation = scalar_text(doc, pv, first_line);
            else
                diag_warn(doc, pos, "unknown presenter key '%s' is ignored (name, affiliation)",
                          name);
        }
        if (!p.name)
            diag_error(doc, pos, "a presenter has no name");
        else
            ps[k++] = p;
    }
    doc->meta.presenters = ps;
    doc->meta.n_presenters = k;
}

static void
read_key(Doc *doc, yaml_document_t *yd, const Key *key, yaml_node_t *val, uint32_t first_line)
{
    if (key->kind == KEY_PRESENTERS) {
        read_presenters(doc, yd, val, first_line);
        return;
    }
    const char **slot = (const char **)((char *)&doc->meta + key->offset);
    SrcPos pos = yaml_pos(doc, val->start_mark, first_line);
    const char *text = NULL;
    if (val->type == YAML_SCALAR_NODE) {
        text = scalar_text(doc, val, first_line);
    } else if (val->type == YAML_SEQUENCE_NODE && key->kind == KEY_TEXT_OR_LIST) {
        GString *s = g_string_new(NULL);
        for (yaml_node_item_t *it = val->data.sequence.items.start;
             it < val->data.sequence.items.top; it++) {
            yaml_node_t *item = yaml_document_get_node(yd, *it);
            if (!item || item->type != YAML_SCALAR_NODE) {
                diag_error(doc, pos, "'%s' must be text or a list of texts", key->name);
                g_string_free(s, TRUE);
                return;
            }
            if (s->len)
                g_string_append(s, ", ");
            g_string_append_len(s, (const char *)item->data.scalar.value,
                                (gssize)item->data.scalar.length);
        }
        size_t len = s->len;
        text = repaired_copy(doc, doc->arena, s->str, &len, pos);
        g_string_free(s, TRUE);
    } else {
        diag_error(doc, pos, "'%s' must be %s", key->name,
                   key->kind == KEY_DATE ? _("a date YYYY-MM-DD")
                   : key->kind == KEY_TEXT_OR_LIST ? _("text or a list of texts") : _("text"));
        return;
    }
    if (*slot)
        diag_warn(doc, pos, "'%s' is given twice; the last one is used", key->name);
    if (key->kind == KEY_DATE) {
        int y, m, d;
        if (!parse_date(text, &y, &m, &d)) {
            diag_error(doc, pos, "'date' must be a date YYYY-MM-DD, not \"%s\"", text);
            return;
        }
        doc->meta.year = y;
        doc->meta.month = m;
        doc->meta.day = d;
    }
    if (key->kind == KEY_BOOL) {
        if (strcmp(text, "true") == 0 || strcmp(text, "yes") == 0)
            text = "true";
        else if (strcmp(text, "false") == 0 || strcmp(text, "no") == 0)
            text = "false";
        else {
            diag_error(doc, pos, "'%s' must be true or false, not \"%s\"", key->name, text);
            return;
        }
    }
    if (key->kind == KEY_ASPECT && strcmp(text, "4:3") != 0 && strcmp(text, "16:9") != 0) {
        diag_error(doc, pos, "'aspect' must be 4:3 or 16:9, not \"%s\"", text);
        return;
    }
    if (key->kind == KEY_SIZE && strcmp(text, "4:3") != 0 && strcmp(text, "16:9") != 0) {
        diag_warn(doc, pos, "size '%s' is not one of Marp Core's sizes (16:9, 4:3): the deck "
                  "is set at 16:9", text);
        return;
    }
    if (key->offset == offsetof(Meta, appendix))
        doc->meta.appendix_pos = pos;
    if (key->offset == offsetof(Meta, theme))
        doc->meta.theme_pos = pos;
    if (key->offset == offsetof(Meta, lof))
        doc->meta.lof_pos = pos;
    if (key->offset == offsetof(Meta, lot))
        doc->meta.lot_pos = pos;
    if (key->offset == offsetof(Meta, lang))
        doc->meta.lang_pos = pos;
    if (key->offset == offsetof(Meta, lang) && strcmp(text, "ja") != 0
        && strcmp(text, "ja-JP") != 0 && strcmp(text, "en") != 0)
        diag_warn(doc, pos, "lang '%s': kumihan sets the document as Japanese (ja), with "
                  "English (en) dates for decks", text);
    *slot = text;
}

/* Front matter key `name`, which kumihan does not know: its text (a list's
 * items joined by ", "), for a template that may name it. */
static void
keep_extra(Doc *doc, yaml_document_t *yd, const char *name, yaml_node_t *v, SrcPos pos,
           uint32_t first_line)
{
    Meta *m = &doc->meta;
    if (m->n_extra == LIMIT_FRONT_EXTRA) {
        diag_warn(doc, pos, "unknown front matter key '%s' is ignored (more than %d unknown "
                  "keys: the rest are not kept for a theme's templates)", name,
                  LIMIT_FRONT_EXTRA);
        return;
    }
    const char *text = NULL;
    if (v->type == YAML_SCALAR_NODE) {
        text = scalar_text(doc, v, first_line);
    } else if (v->type == YAML_SEQUENCE_NODE) {
        GString *s = g_string_new(NULL);
        bool all = true;
        for (yaml_node_item_t *it = v->data.sequence.items.start;
             it < v->data.sequence.items.top && all; it++) {
            yaml_node_t *item = yaml_document_get_node(yd, *it);
            all = item && item->type == YAML_SCALAR_NODE;
            if (all)
                g_string_append_printf(s, "%s%s", s->len ? ", " : "",
                                       (const char *)item->data.scalar.value);
        }
        size_t n = s->len;
        if (all)
            text = repaired_copy(doc, doc->arena, s->str, &n, pos);
        g_string_free(s, TRUE);
    }
    MetaExtra *e = arena_alloc(doc->arena, sizeof(MetaExtra) * (size_t)(m->n_extra + 1));
    if (m->n_extra)
        memcpy(e, m->extra, sizeof(MetaExtra) * (size_t)m->n_extra);
    e[m->n_extra++] = (MetaExtra){name, text, pos};
    m->extra = e;
}

void
parse_warn_extra_keys(Doc *doc, const Themes *themes)
{
    const Meta *m = &doc->meta;
    for (int i = 0; i < m->n_extra; i++) {
        const char *name = m->extra[i].name;
        SrcPos pos = m->extra[i].pos;
        if (themes && theme_uses_field(themes, name))
            continue;
        const char *known[N_FRONT_KEYS];
        for (size_t k = 0; k < N_FRONT_KEYS; k++)
            known[k] = keys[k].name;
        const char *near = theme_nearest(name, known, N_FRONT_KEYS);
        if (near)
            diag_warn(doc, pos, "unknown front matter key '%s' is ignored; did you mean '%s'?",
                      name, near);
        else if (diag_once(doc, "front matter keys"))   /* (the list once a run) */
            diag_warn(doc, pos, "unknown front matter key '%s' is ignored (known: title, "
                      "subtitle, author, affiliation, date, event, lang, subject, keywords, "
                      "appendix, presenters, place, aspect, size, toc, lof, lot, theme, docno, "
                      "classification, revision, distribution, the theme's sections and keys, "
                      "and the keys a theme's template names)", name);
        else
            diag_warn(doc, pos, "unknown front matter key '%s' is ignored", name);
    }
}

bool
parse_meta_known(const char *name, size_t len)
{
    for (size_t i = 0; i < N_FRONT_KEYS; i++)
        if (strlen(keys[i].name) == len && memcmp(keys[i].name, name, len) == 0)
            return keys[i].kind == KEY_TEXT || keys[i].kind == KEY_TEXT_OR_LIST
                   || keys[i].kind == KEY_DATE;
    return false;
}

const char *
parse_meta_field(Doc *doc, const char *name, size_t len)
{
    const Meta *m = &doc->meta;
    if (len == 4 && memcmp(name, "date", 4) == 0)
        return m->year ? arena_printf(doc->arena, "%d年%d月%d日", m->year, m->month, m->day)
                       : NULL;
    for (size_t i = 0; i < N_FRONT_KEYS; i++)
        if (strlen(keys[i].name) == len && memcmp(keys[i].name, name, len) == 0)
            return keys[i].kind == KEY_TEXT || keys[i].kind == KEY_TEXT_OR_LIST
                       ? *(const char *const *)((const char *)m + keys[i].offset) : NULL;
    for (int i = m->n_extra - 1; i >= 0; i--)   /* (a key given twice: the last) */
        if (strlen(m->extra[i].name) == len && memcmp(m->extra[i].name, name, len) == 0)
            return m->extra[i].text;
    return NULL;
}

/* A text key's value in meta m (NULL: none or not a text). */
static const char *
key_text(const Meta *m, const Key *key)
{
    if (key->kind == KEY_PRESENTERS)
        return m->presenters ? "(a list of presenters)" : NULL;
    return *(const char *const *)(const void *)((const char *)m + key->offset);
}

/* A later chapter's `key` was just read over `before`: a value the front
 * matter had already stays, with a warning when the new one differs. */
static void
merge_key(Doc *doc, const Meta *before, const Key *key, SrcPos pos)
{
    const char *old = key_text(before, key), *now = key_text(&doc->meta, key);
    if (!old)
        return;
    bool same = now && strcmp(old, now) == 0 && key->kind != KEY_PRESENTERS;
    doc->meta = *before;
    if (!same)
        diag_warn(doc, pos, "%s '%s' differs from the first file's '%s': the first is kept",
                  key->name, now ? now : "", old);
}

/* The same for the unknown key just kept (the last of doc->meta.extra). */
static void
merge_extra(Doc *doc)
{
    Meta *m = &doc->meta;
    const MetaExtra *e = &m->extra[m->n_extra - 1];
    for (int i = 0; i < m->n_extra - 1; i++) {
        const MetaExtra *o = &m->extra[i];
        if (strcmp(o->name, e->name) != 0)
            continue;
        if (!o->text || !e->text || strcmp(o->text, e->text) != 0)
            diag_warn(doc, e->pos, "%s '%s' differs from the first file's '%s': the first is "
                      "kept", e->name, e->text ? e->text : "", o->text ? o->text : "");
        m->n_extra--;
        return;
    }
}

static void
read_front_matter(Doc *doc, const char *text, size_t len, uint32_t first_line)
{
    yaml_parser_t parser;
    yaml_document_t yd;
    if (!yaml_parser_initialize(&parser)) {
        diag_error(doc, (SrcPos){first_line, 1}, "cannot start the YAML parser");
        return;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    if (!yaml_parser_load(&parser, &yd)) {
        /* a quote left open: where it opened (libyaml's context), not the end */
        bool quote = parser.context && strstr(parser.context, "quoted scalar");
        SrcPos pos = yaml_pos(doc, quote ? parser.context_mark : parser.problem_mark,
                              first_line);
        diag_error(doc, pos, "front matter is not valid YAML: %s%s",
                   parser.problem ? parser.problem : _("parse error"),
                   quote ? _("; a quote opened here is not closed") : "");
        yaml_parser_delete(&parser);
        return;
    }
    yaml_node_t *root = yaml_document_get_root_node(&yd);
    if (root && root->type == YAML_SCALAR_NODE && root->data.scalar.length == 0)
        root = NULL;                       /* an empty block */
    /* a later chapter's front matter is merged into what is read already:
     * the first value of a key stays, a different one is a warning */
    bool merging = doc->meta.front != NULL;
    if (!merging) {
        doc->meta.front = arena_strndup(doc->arena, text, len);   /* (theme_resolve reads
                                                                   * it) */
        doc->meta.front_len = len;
        doc->meta.front_line = first_line;
    }
    if (root && root->type != YAML_MAPPING_NODE) {
        diag_error(doc, yaml_pos(doc, root->start_mark, first_line),
                   "front matter must be a mapping of keys to values (key: value lines)");
        root = NULL;
    }
    if (root) {
        for (yaml_node_pair_t *pair = root->data.mapping.pairs.start;
             pair < root->data.mapping.pairs.top; pair++) {
            yaml_node_t *k = yaml_document_get_node(&yd, pair->key);
            yaml_node_t *v = yaml_document_get_node(&yd, pair->value);
            if (!k || !v)
                continue;
            SrcPos kpos = yaml_pos(doc, k->start_mark, first_line);
            if (k->type != YAML_SCALAR_NODE) {
                diag_error(doc, kpos, "front matter keys must be plain words");
                continue;
            }
            const char *name = scalar_text(doc, k, first_line);
            if (marp_front_key(name)) {      /* (a deck's: marp.c) */
                const char *value = v->type == YAML_SCALAR_NODE
                                        ? scalar_text(doc, v, first_line)
                                        : marp_front_value(doc, name, &yd, v);   /* [1, 3] */
                if (value) {
                    marp_front(doc, name, value, kpos);
                    continue;
                }
                if (!theme_front_key(name)) {   /* (header: a mapping is the theme's) */
                    diag_warn(doc, kpos, "directive '%s' must have a plain value: ignored", name);
                    continue;
                }
            }
            const Key *key = NULL;
            for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
                if (strcmp(keys[i].name, name) == 0)
                    key = &keys[i];
            if (!key && doc->chapters && strcmp(name, "chapters") == 0)
                continue;                  /* (book.yaml's list: book.c) */
            if (!key && theme_front_key(name)) {
                if (merging)               /* (the theme's: theme_resolve) */
                    diag_warn(doc, kpos, "'%s' sets the theme: only the first file's front "
                              "matter does; ignored here", name);
                continue;
            }
            if (!key) {
                /* kept for the theme's templates; a warning once the theme
                 * is known, if none uses it (parse_warn_extra_keys) */
                int had = doc->meta.n_extra;
                keep_extra(doc, &yd, name, v, kpos, first_line);
                if (merging && doc->meta.n_extra > had)
                    merge_extra(doc);
                continue;
            }
            if (v->type == YAML_SCALAR_NODE && v->data.scalar.length == 0
                && v->data.scalar.style == YAML_PLAIN_SCALAR_STYLE)
                continue;                  /* "key:" with no value */
            Meta before = doc->meta;
            if (merging)                   /* (the earlier file's value: merge_key) */
                *(const void **)(void *)((char *)&doc->meta + key->offset) = NULL;
            read_key(doc, &yd, key, v, first_line);
            if (merging)
                merge_key(doc, &before, key, kpos);
        }
    }
    yaml_document_delete(&yd);
    yaml_parser_delete(&parser);
}

/* Is the line at s (up to '\n' or end) exactly `mark`, give or take trailing blanks? */
static bool
line_is(const char *s, const char *end, const char *mark)
{
    size_t n = strlen(mark);
    if ((size_t)(end - s) < n || memcmp(s, mark, n) != 0)
        return false;
    for (s += n; s < end && *s != '\n'; s++)
        if (*s != ' ' && *s != '\t')
            return false;
    return true;
}

/* Split off the front matter; returns the byte offset of the Markdown body
 * and its first line number in *body_line. */
static size_t
split_front_matter(Doc *doc, uint32_t line0, uint32_t *body_line)
{
    const char *s = doc->src, *end = s + doc->src_len;
    *body_line = line0 + 1;
    if (!line_is(s, end, "---"))
        return 0;
    const char *yaml = memchr(s, '\n', (size_t)(end - s));
    if (!yaml) {
        diag_error(doc, (SrcPos){line0 + 1, 1}, "front matter opened here is never closed: "
                   "add a line '---' after it");
        return doc->src_len;
    }
    yaml++;
    uint32_t line = 2;
    for (const char *p = yaml; p < end; line++) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        if (line_is(p, eol, "---") || line_is(p, eol, "...")) {
            read_front_matter(doc, yaml, (size_t)(p - yaml), line0 + 2);
            *body_line = line0 + line + 1;
            return eol < end ? (size_t)(eol + 1 - s) : doc->src_len;
        }
        p = eol + 1;
    }
    diag_error(doc, (SrcPos){line0 + 1, 1}, "front matter opened here is never closed: add a "
               "line '---' after it");
    return doc->src_len;
}

/* --- Markdown --- */

typedef struct Walk {
    Doc *doc;
    Node *parent;                          /* where the blocks go */
    Node *slide;                           /* the slide whose notes comments are, or NULL */
    uint32_t line0;                        /* lines before the body */
    const char *text;                      /* the Markdown fed to cmark */
    size_t len;
    GArray *lines;                         /* offset of each line of text, made on first
                                            * use (note_label) */
    Node *notes;                           /* NODE_FOOTNOTES, made on first use */
    int n_notes;
    int block_depth, inline_depth;
    int list_depth;                        /* lists around the current node */
    bool warned_block, warned_inline;
} Walk;

/* cmark gives no position to some inlines (soft breaks, autolinks): those
 * take their previous sibling's, or their parent's. */
static SrcPos
cm_pos(const Walk *w, cmark_node *n, const Node *parent)
{
    int line = cmark_node_get_start_line(n), col = cmark_node_get_start_column(n);
    if (line <= 0 && parent)
        return parent->last ? parent->last->pos : parent->pos;
    return (SrcPos){line > 0 ? (uint32_t)line + w->line0 : w->line0 + 1,
                    col > 0 ? (uint32_t)col : 1};
}

static bool
ext_is(cmark_node *n, const char *name)
{
    const char *t = cmark_node_get_type_string(n);
    return t && strcmp(t, name) == 0;
}

static const char *
dup_or_null(Doc *doc, const char *s)
{
    return s && *s ? arena_strdup(doc->arena, s) : NULL;
}

/* A link's or image's title (set as the figure's caption): repaired text. */
static const char *
title_or_null(Doc *doc, const char *s, SrcPos pos)
{
    size_t len = s ? strlen(s) : 0;
    return len ? repaired_copy(doc, doc->arena, s, &len, pos) : NULL;
}

char *
parse_slug(Doc *doc, const char *text)
{
    size_t n = strlen(text);
    char *out = arena_alloc(doc->arena, n + 1), *o = out;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        unsigned c = *p;
        if (c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c == '-' || c == '_')
            *o++ = (char)c;
        else if (c >= 'A' && c <= 'Z')
            *o++ = (char)(c - 'A' + 'a');
        else if (c == ' ')
            *o++ = '-';
    }
    *o = '\0';
    return out;
}

static bool
is_comment(const char *html)
{
    while (*html == ' ' || *html == '\t' || *html == '\n')
        html++;
    return strncmp(html, "<!--", 4) == 0;
}

static bool
is_pagebreak(const char *html)
{
    const char *p = html;
    while (*p == ' ' || *p == '\t')
        p++;
    if (strncmp(p, "<!--", 4) != 0)
        return false;
    p += 4;
    while (*p == ' ')
        p++;
    if (strncmp(p, "pagebreak", 9) != 0)
        return false;
    p += 9;
    while (*p == ' ')
        p++;
    if (strncmp(p, "-->", 3) != 0)
        return false;
    for (p += 3; *p; p++)
        if (*p != ' ' && *p != '\t' && *p != '\n')
            return false;
    return true;
}

/* The text of an HTML comment, trimmed, or NULL if html is not one; *pos
 * (the comment's) moves to the text's first line when blank lines come
 * before it ("<!--" on a line of its own). */
static char *
comment_text(Doc *doc, const char *html, SrcPos *pos)
{
    while (*html == ' ' || *html == '\t' || *html == '\n')
        html++;
    if (strncmp(html, "<!--", 4) != 0)
        return NULL;
    const char *s = html + 4, *e = strstr(s, "-->");
    if (!e)
        e = s + strlen(s);
    const char *line = NULL;               /* the text's line, when not the comment's */
    for (; s < e && (*s == ' ' || *s == '\t' || *s == '\n'); s++)
        if (*s == '\n') {
            pos->line++;
            line = s + 1;
        }
    if (line)
        pos->col = (uint32_t)(s - line) + 1;
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n'))
        e--;
    return arena_strndup(doc->arena, s, (size_t)(e - s));
}

/* A comment on a slide is a speaker note (the Marp convention), unless it
 * holds Marp directives (marp.c) or is a heading's <!--fit-->. */
static void
add_note(Walk *w, const char *html, Node *parent, SrcPos pos)
{
    char *text = comment_text(w->doc, html, &pos);
    if (!w->slide || !text || !*text)
        return;
    if (parent && parent->type == NODE_HEADING && strcmp(text, "fit") == 0) {
        parent->u.heading.fit = true;
        return;
    }
    if (marp_comment(w->doc, w->slide, text, pos))
        return;
    const char *old = w->slide->u.slide.notes;
    w->slide->u.slide.notes = old ? arena_printf(w->doc->arena, "%s\n\n%s", old, text) : text;
}

static bool
is_br(const char *html)
{
    return g_ascii_strncasecmp(html, "<br", 3) == 0
           && (html[3] == '>' || html[3] == '/' || html[3] == ' ');
}

static Node *
text_node(Doc *doc, NodeType type, SrcPos pos, const char *s)
{
    Node *n = node_make(doc, type, pos);
    size_t len = s ? strlen(s) : 0;
    n->u.text.text = repaired_copy(doc, type >= NODE_TEXT ? node_text_arena(doc) : doc->arena,
                                   s ? s : "", &len, pos);
    n->u.text.len = len;
    return n;
}

/* --- figures: an image alone in its paragraph, or an HTML <img> --- */

/* A figure for the HTML `html` if it is one <img> tag (its alt text as the
 * child), else NULL. */
static Node *
html_figure(Walk *w, const char *html, SrcPos pos)
{
    Doc *doc = w->doc;
    ImgTag tag;
    Figure size = {0};
    if (!figure_img_tag(doc, html, &tag, &size))
        return NULL;
    Node *n = node_make(doc, NODE_FIGURE, pos);
    n->u.link.href = tag.src && *tag.src ? tag.src : NULL;
    n->u.link.title = title_or_null(doc, tag.title, pos);
    n->u.link.figure = figure_make(doc, n->u.link.href);
    n->u.link.figure->width = size.width;
    n->u.link.figure->height = size.height;
    if (tag.alt && *tag.alt)
        node_append(n, text_node(doc, NODE_TEXT, pos, tag.alt));
    return n;
}

/* Is the image c one of Marp's backgrounds (bg in its alt text)? */
static bool
background_image(cmark_node *c)
{
    GString *alt = g_string_new(NULL);
    for (cmark_node *t = cmark_node_first_child(c); t; t = cmark_node_next(t)) {
        const char *lit = cmark_node_get_literal(t);
        g_string_append(alt, lit ? lit : " ");
    }
    bool bg = marp_background_alt(alt->str);
    g_string_free(alt, TRUE);
    return bg;
}

/* Is the image c in a paragraph of images and blanks only? */
static bool
pictures_only(cmark_node *c)
{
    for (cmark_node *t = cmark_node_first_child(cmark_node_parent(c)); t;
         t = cmark_node_next(t)) {
        cmark_node_type k = cmark_node_get_type(t);
        const char *lit = k == CMARK_NODE_TEXT ? cmark_node_get_literal(t) : NULL;
        if (!(k == CMARK_NODE_IMAGE || k == CMARK_NODE_SOFTBREAK || k == CMARK_NODE_LINEBREAK
              || (lit && strspn(lit, " \t") == strlen(lit))))
            return false;
    }
    return true;
}

/* A paragraph that is a figure: an image alone, or followed only by its
 * attribute block ({width=60%}: cmark leaves it as text, dropped here), or
 * an <img> alone. NULL for any other paragraph. */
static Node *
figure_paragraph(Walk *w, cmark_node *para, SrcPos pos)
{
    Doc *doc = w->doc;
    cmark_node *img = cmark_node_first_child(para);
    if (!img)
        return NULL;
    if (cmark_node_get_type(img) == CMARK_NODE_HTML_INLINE && !cmark_node_next(img)) {
        const char *html = cmark_node_get_literal(img);
        return html_figure(w, html ? html : "", pos);
    }
    if (cmark_node_get_type(img) != CMARK_NODE_IMAGE)
        return NULL;
    GString *attrs = NULL;
    cmark_node *first = cmark_node_next(img);
    for (cmark_node *t = first; t; t = cmark_node_next(t)) {
        const char *lit = cmark_node_get_literal(t);
        if (cmark_node_get_type(t) != CMARK_NODE_TEXT || !lit) {
            if (attrs)
                g_string_free(attrs, TRUE);
            return NULL;
        }
        if (!attrs)
            attrs = g_string_new(NULL);
        g_string_append(attrs, lit);
    }
    const char *href = dup_or_null(doc, cmark_node_get_url(img));
    Figure *fig = figure_make(doc, href);
    if (attrs) {
        char problem[512];
        Attrs a = {0};
        size_t used = figure_attrs(attrs->str, attrs->len, fig, &a, problem, sizeof problem);
        bool whole = used > 0 && strspn(attrs->str + used, " \t") == attrs->len - used;
        if (whole && a.id)
            fig->caption.id = arena_strndup(doc->arena, a.id, a.id_len);
        fig->caption.unnumbered = a.unnumbered;
        g_string_free(attrs, TRUE);
        if (!whole)
            return NULL;                   /* text after the image: a paragraph */
        if (*problem)
            diag_warn(doc, cm_pos(w, first, NULL), "image attributes: %s", problem);
    }
    fig->alt_caption = true;
    Node *n = node_make(doc, NODE_FIGURE, pos);
    n->u.link.href = href;
    n->u.link.title = title_or_null(doc, cmark_node_get_title(img), pos);
    n->u.link.figure = fig;
    return n;
}

struct _GArray *
parse_line_starts(const char *text, size_t len)
{
    GArray *lines = g_array_new(FALSE, FALSE, sizeof(size_t));
    size_t zero = 0;
    g_array_append_val(lines, zero);
    for (size_t i = 0; i < len; i++)
        if (text[i] == '\n') {
            size_t next = i + 1;
            g_array_append_val(lines, next);
        }
    return lines;
}

/* A footnote definition's label as written ("cache" of [^cache]: ...):
 * cmark-gfm keeps it to itself and gives the position of the text after
 * it, so it is read back from the source; NULL if it is not there. */
static const char *
note_label(Walk *w, cmark_node *def)
{
    int line = cmark_node_get_start_line(def), col = cmark_node_get_start_column(def);
    if (!w->text || line < 1 || col < 1)
        return NULL;
    if (!w->lines)
        w->lines = parse_line_starts(w->text, w->len);
    if ((guint)line > w->lines->len)
        return NULL;
    size_t at = g_array_index(w->lines, size_t, line - 1) + (size_t)col - 1;
    if (at > w->len)
        return NULL;
    while (at > 0 && (w->text[at - 1] == ' ' || w->text[at - 1] == '\t'))
        at--;
    if (at < 2 || w->text[at - 1] != ':' || w->text[at - 2] != ']')
        return NULL;
    size_t end = at - 2, open = end;
    while (open > 0 && w->text[open - 1] != '\n' && w->text[open - 1] != '^')
        open--;
    if (open < 2 || w->text[open - 1] != '^' || w->text[open - 2] != '[' || open == end)
        return NULL;
    size_t n = end - open;
    return repaired_copy(w->doc, w->doc->arena, w->text + open, &n, cm_pos(w, def, NULL));
}

/* Is `c` a fenced code block that no fence closes, run to the end of the
 * text? cmark-gfm does that without a word. A closed one ends on its
 * closing fence's line: at least as many of the fence's characters at the
 * line's end, after any container's marks. One that is not closed but
 * ends before the text does ended with its container (a list item, a
 * quote). */
static bool
fence_left_open(Walk *w, cmark_node *c)
{
    int length = 0, offset = 0;
    char ch = 0;
    int line = cmark_node_get_end_line(c);
    if (!cmark_node_get_fenced(c, &length, &offset, &ch) || !w->text || line < 1)
        return false;
    if (!w->lines)
        w->lines = parse_line_starts(w->text, w->len);
    if ((guint)line > w->lines->len)
        return false;
    size_t a = g_array_index(w->lines, size_t, line - 1), eol = a;
    while (eol < w->len && w->text[eol] != '\n')
        eol++;
    size_t e = eol, run = 0;
    while (e > a && (w->text[e - 1] == ' ' || w->text[e - 1] == '\t'))
        e--;
    for (; e > a && w->text[e - 1] == ch; e--)
        run++;
    if (line > cmark_node_get_start_line(c) && run >= (size_t)length)
        return false;
    for (size_t i = eol; i < w->len; i++)
        if (w->text[i] != ' ' && w->text[i] != '\t' && w->text[i] != '\n')
            return false;
    return true;
}

/* Make our node for cmark node `c` (entered), or NULL to pass its children
 * to the current parent. *skip is set to skip its subtree entirely. */
static Node *
convert(Walk *w, cmark_node *c, Node *parent, bool *skip)
{
    Doc *doc = w->doc;
    SrcPos pos = cm_pos(w, c, parent);
    *skip = false;
    switch (cmark_node_get_type(c)) {
    case CMARK_NODE_DOCUMENT:
        return NULL;
    case CMARK_NODE_BLOCK_QUOTE:
        return node_make(doc, NODE_QUOTE, pos);
    case CMARK_NODE_LIST: {
        Node *n = node_make(doc, NODE_LIST, pos);
        n->u.list.ordered = cmark_node_get_list_type(c) == CMARK_ORDERED_LIST;
        n->u.list.start = cmark_node_get_list_start(c);
        n->u.list.tight = cmark_node_get_list_tight(c);
        return n;
    }
    case CMARK_NODE_ITEM:
        return node_make(doc, NODE_ITEM, pos);
    case CMARK_NODE_CODE_BLOCK: {
        if (fence_left_open(w, c))
            diag_warn(doc, pos, "code block opened here runs to the end of the file: its "
                      "closing fence is missing");
        Node *n = text_node(doc, NODE_CODE_BLOCK, pos, cmark_node_get_literal(c));
        const char *info = cmark_node_get_fence_info(c);
        n->u.text.math = info && strncmp(info, "math", 4) == 0
                         && (info[4] == '\0' || info[4] == ' ');  /* (notation.c warns) */
        return n;
    }
    case CMARK_NODE_HTML_BLOCK: {
        const char *html = cmark_node_get_literal(c);
        html = html ? html : "";
        if (is_pagebreak(html))
            return node_make(doc, NODE_PAGEBREAK, pos);
        Node *fig = html_figure(w, html, pos);
        if (fig)
            return fig;
        if (is_comment(html))
            add_note(w, html, NULL, pos);
        else
            html_literal(doc, parent, html, pos, true);   /* (html_fold makes it nodes) */
        *skip = true;
        return NULL;
    }
    case CMARK_NODE_PARAGRAPH: {
        Node *fig = figure_paragraph(w, c, pos);
        return fig ? fig : node_make(doc, NODE_PARAGRAPH, pos);
    }
    case CMARK_NODE_HEADING: {
        Node *n = node_make(doc, NODE_HEADING, pos);
        n->u.heading.level = cmark_node_get_heading_level(c);
        return n;
    }
    case CMARK_NODE_THEMATIC_BREAK:
        return node_make(doc, NODE_RULE, pos);
    case CMARK_NODE_FOOTNOTE_DEFINITION: {
        if (!w->notes) {
            w->notes = node_make(doc, NODE_FOOTNOTES, pos);
            node_append(w->parent, w->notes);
        }
        Node *n = node_make(doc, NODE_FOOTNOTE_DEF, pos);
        n->u.note.number = ++w->n_notes;
        n->u.note.label = note_label(w, c);
        node_append(w->notes, n);
        return n;
    }
    case CMARK_NODE_TEXT:
        if (parent->type == NODE_FIGURE
            && cmark_node_get_type(cmark_node_parent(c)) == CMARK_NODE_PARAGRAPH) {
            *skip = true;                  /* the figure's attribute block */
            return NULL;
        }
        return text_node(doc, NODE_TEXT, pos, cmark_node_get_literal(c));
    case CMARK_NODE_SOFTBREAK:
        return node_make(doc, NODE_SOFTBREAK, pos);
    case CMARK_NODE_LINEBREAK:
        return node_make(doc, NODE_LINEBREAK, pos);
    case CMARK_NODE_CODE:
        return text_node(doc, NODE_CODE, pos, cmark_node_get_literal(c));
    case CMARK_NODE_HTML_INLINE: {
        const char *html = cmark_node_get_literal(c);
        html = html ? html : "";
        if (is_br(html))
            return node_make(doc, NODE_LINEBREAK, pos);
        if (parent->type == NODE_FIGURE) {
            *skip = true;                  /* the figure's own <img> */
            return NULL;
        }
        ImgTag tag;
        if (figure_img_tag(doc, html, &tag, NULL)) {
            diag_warn(doc, pos, "an image inside running text is set as its alt text; put it "
                      "in a paragraph of its own to show the picture");
            if (!tag.alt || !*tag.alt) {
                *skip = true;
                return NULL;
            }
            return text_node(doc, NODE_TEXT, pos, tag.alt);
        }
        if (is_comment(html))
            add_note(w, html, parent, pos);
        else
            html_literal(doc, parent, html, pos, false);
        *skip = true;
        return NULL;
    }
    case CMARK_NODE_EMPH:
        return node_make(doc, NODE_EMPH, pos);
    case CMARK_NODE_STRONG:
        return node_make(doc, NODE_STRONG, pos);
    case CMARK_NODE_LINK: {
        Node *n = node_make(doc, NODE_LINK, pos);
        n->u.link.href = dup_or_null(doc, cmark_node_get_url(c));
        n->u.link.title = title_or_null(doc, cmark_node_get_title(c), pos);
        return n;
    }
    case CMARK_NODE_IMAGE:
        if (parent->type == NODE_FIGURE)
            return NULL;                   /* its alt text goes into the figure */
        {
            Node *n = node_make(doc, NODE_IMAGE, pos);
            n->u.link.href = dup_or_null(doc, cmark_node_get_url(c));
            n->u.link.title = title_or_null(doc, cmark_node_get_title(c), pos);
            if (w->slide)                  /* (Markdown's, not an <img>: marp.c reads
                                            * its keywords) */
                n->u.link.figure = figure_make(doc, n->u.link.href);
            if (!(w->slide && (background_image(c) || pictures_only(c))))
                                           /* (marp.c takes a slide's bg out, and sets a
                                            * paragraph of pictures as a row) */
                diag_warn(doc, pos, "an image inside running text is set as its alt text; put "
                          "it in a paragraph of its own to show the picture");
            return n;
        }
    case CMARK_NODE_FOOTNOTE_REFERENCE: {
        Node *n = node_make(doc, NODE_FOOTNOTE_REF, pos);
        const char *lit = cmark_node_get_literal(c);
        n->u.note.number = lit ? atoi(lit) : 0;
        n->u.note.label = arena_printf(doc->arena, "%d", n->u.note.number);
        return n;
    }
    default:
        break;
    }
    if (ext_is(c, "table")) {
        Node *n = node_make(doc, NODE_TABLE, pos);
        int ncols = cmark_gfm_extensions_get_table_columns(c);
        uint8_t *al = cmark_gfm_extensions_get_table_alignments(c);
        uint8_t *align = arena_zalloc(doc->arena, (size_t)ncols + 1);
        for (int i = 0; i < ncols; i++)
            align[i] = !al ? ALIGN_LEFT : al[i] == 'c' ? ALIGN_CENTER
                       : al[i] == 'r' ? ALIGN_RIGHT : ALIGN_LEFT;
        n->u.table.ncols = ncols;
        n->u.table.align = align;
        return n;
    }
    if (ext_is(c, "table_header") || ext_is(c, "table_row")) {
        Node *n = node_make(doc, NODE_ROW, pos);
        n->u.row.header = ext_is(c, "table_header");
        return n;
    }
    if (ext_is(c, "table_cell")) {
        Node *n = node_make(doc, NODE_CELL, pos);
        int col = 0;
        for (cmark_node *p = cmark_node_previous(c); p; p = cmark_node_previous(p))
            col++;
        n->u.cell.col = col;
        return n;
    }
    if (ext_is(c, "strikethrough"))
        return node_make(doc, NODE_STRIKE, pos);
    diag_warn(doc, pos, "unsupported Markdown element '%s' is skipped",
              cmark_node_get_type_string(c));
    *skip = true;
    return NULL;
}

static bool
counts_block_depth(NodeType t)
{
    return t == NODE_LIST || t == NODE_QUOTE;
}

/* One frame per entered cmark container: the Node it made (or NULL). */
typedef struct Frame { Node *made; bool depth_block, depth_inline, list; } Frame;

/* The node types cmark's iterator enters without a matching exit. */
static bool
cm_is_leaf(cmark_node *c)
{
    switch (cmark_node_get_type(c)) {
    case CMARK_NODE_HTML_BLOCK: case CMARK_NODE_THEMATIC_BREAK: case CMARK_NODE_CODE_BLOCK:
    case CMARK_NODE_TEXT: case CMARK_NODE_SOFTBREAK: case CMARK_NODE_LINEBREAK:
    case CMARK_NODE_CODE: case CMARK_NODE_HTML_INLINE:
        return true;
    default:
        return false;
    }
}

static bool
is_inline_container(NodeType t)
{
    return t == NODE_EMPH || t == NODE_STRONG || t == NODE_STRIKE || t == NODE_LINK
           || t == NODE_IMAGE;
}

static void
walk(Walk *w, cmark_node *croot)
{
    Doc *doc = w->doc;
    cmark_iter *it = cmark_iter_new(croot);
    Frame *stack = NULL;
    size_t depth = 0, cap = 0;
    Node *cur = w->parent;
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *c = cmark_iter_get_node(it);
        if (ev == CMARK_EVENT_EXIT) {
            Frame f = stack[--depth];
            if (f.depth_block)
                w->block_depth--;
            if (f.depth_inline)
                w->inline_depth--;
            if (f.list)
                w->list_depth--;
            if (f.made)
                cur = f.made->parent;
            continue;
        }
        bool skip;
        Node *n = convert(w, c, cur, &skip);
        bool leaf = cm_is_leaf(c);
        if (skip) {
            if (!leaf)
                cmark_iter_reset(it, c, CMARK_EVENT_EXIT);   /* no EXIT event follows */
            continue;
        }
        bool depth_block = false, depth_inline = false;
        if (n && counts_block_depth(n->type)) {
            if (w->block_depth >= LIMIT_NEST_DEPTH) {
                if (!w->warned_block)
                    diag_warn(doc, n->pos, "lists and quotes nested deeper than %d levels are "
                              "set at level %d", LIMIT_NEST_DEPTH, LIMIT_NEST_DEPTH);
                w->warned_block = true;
                n = NULL;                  /* flatten: children join the current parent */
            } else {
                depth_block = true;
                w->block_depth++;
            }
        } else if (n && is_inline_container(n->type)) {
            if (w->inline_depth >= LIMIT_INLINE_DEPTH) {
                if (!w->warned_inline)
                    diag_warn(doc, n->pos, "inline markup nested deeper than %d levels keeps "
                              "the outer style", LIMIT_INLINE_DEPTH);
                w->warned_inline = true;
                n = NULL;
            } else {
                depth_inline = true;
                w->inline_depth++;
            }
        }
        bool is_list = n && n->type == NODE_LIST;
        if (is_list)
            n->u.list.depth = w->list_depth++;
        if (n && n->type == NODE_ITEM && cur->type == NODE_LIST)
            n->u.item.number = cur->last ? cur->last->u.item.number + 1 : cur->u.list.start;
        else if (n && n->type == NODE_ITEM)
            n = NULL;                      /* its list was flattened away */
        if (n && n->type != NODE_FOOTNOTE_DEF)
            node_append(cur, n);
        if (leaf)
            continue;
        if (depth == cap) {
            cap = cap ? cap * 2 : 64;
            stack = xrealloc(stack, cap * sizeof(Frame));
        }
        stack[depth++] = (Frame){n, depth_block, depth_inline, is_list};
        if (n)
            cur = n;
    }
    free(stack);
    cmark_iter_free(it);
}

/* Join runs of sibling TEXT nodes into one (cmark splits text at every
 * special character). Linear: each run is copied once. */
static void
merge_text(Doc *doc)
{
    for (Node *n = doc->root; n; n = (Node *)node_next(doc->root, n)) {
        for (Node *c = n->first; c; c = c->next) {
            if (c->type != NODE_TEXT || !c->next || c->next->type != NODE_TEXT)
                continue;
            size_t len = 0;
            Node *e = c;
            for (; e && e->type == NODE_TEXT; e = e->next)
                len += e->u.text.len;
            char *s = arena_alloc(node_text_arena(doc), len + 1), *p = s;
            Node *last = c;
            for (Node *t = c; t != e; t = t->next) {
                memcpy(p, t->u.text.text, t->u.text.len);
                p += t->u.text.len;
                last = t;
            }
            *p = '\0';
            c->u.text.text = s;
            c->u.text.len = len;
            c->next = e;
            if (n->last == last)
                n->last = c;
        }
    }
}

/* An image inside running text is set as its alt text: the attribute
 * block right after it ({width=60%}, which cmark leaves as text) goes. */
static void
strip_image_attrs(Doc *doc)
{
    for (Node *n = doc->root; n; n = (Node *)node_next(doc->root, n)) {
        Node *t = n->type == NODE_IMAGE ? n->next : NULL;
        if (!t || t->type != NODE_TEXT)
            continue;
        char problem[8];
        size_t used = figure_attrs(t->u.text.text, t->u.text.len, NULL, NULL, problem,
                                   sizeof problem);
        t->u.text.text += used;
        t->u.text.len -= used;
        t->pos.col += (uint32_t)used;      /* (the block is on the image's line) */
    }
}

/* An autolink runs on into Japanese text that follows a URL without a
 * space ("www.example.com。" or "https://example.com/で"): end it at the
 * first Japanese character and give the rest back to the text. */
static void
trim_autolinks(Doc *doc)
{
    for (Node *n = doc->root; n; n = (Node *)node_next(doc->root, n)) {
        if (n->type != NODE_LINK || !n->first || n->first != n->last
            || n->first->type != NODE_TEXT || !n->u.link.href)
            continue;
        Node *t = n->first;
        const char *href = n->u.link.href;
        size_t hl = strlen(href), tl = t->u.text.len;
        if (hl < tl || memcmp(href + hl - tl, t->u.text.text, tl) != 0)
            continue;                      /* not an autolink: its text is not its URL */
        size_t cut = tl;
        for (size_t i = 0; i < tl;) {
            uint32_t cp;
            int k = utf8_decode((const unsigned char *)t->u.text.text + i, tl - i, &cp);
            if (jp_is_japanese(cp)) {
                cut = i;
                break;
            }
            i += (size_t)k;
        }
        if (cut == tl || cut == 0)
            continue;
        Node *rest = node_make(doc, NODE_TEXT, t->pos);
        rest->u.text.text = t->u.text.text + cut;
        rest->u.text.len = tl - cut;
        t->u.text.len = cut;
        n->u.link.href = arena_strndup(doc->arena, href, hl - (tl - cut));
        rest->parent = n->parent;
        rest->next = n->next;
        n->next = rest;
        if (n->parent->last == n)
            n->parent->last = rest;
    }
}

bool
parse_link_kept(const char *href)
{
    static const char *const schemes[] = {"http", "https", "mailto", "ftp"};
    if (href[0] == '#')
        return true;                       /* number_ids() resolves it, or warns */
    /* RFC 3986: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":" */
    size_t n = 0;
    while (g_ascii_isalnum(href[n]) || href[n] == '+' || href[n] == '-' || href[n] == '.')
        n++;
    if (n == 0 || href[n] != ':' || !g_ascii_isalpha(href[0]))
        return false;                      /* a relative path: no file is linked */
    for (size_t i = 0; i < sizeof schemes / sizeof schemes[0]; i++)
        if (strlen(schemes[i]) == n && g_ascii_strncasecmp(href, schemes[i], n) == 0)
            return true;
    return false;
}

/* A PDF link is followed by a click, so only what is safe to follow is
 * kept (parse_link_kept): the rest keeps its text, not its target. Decided
 * here, once, where each link still has its source position; the layout
 * and pdf.c draw whatever href is left. */
static void
check_links(Doc *doc)
{
    for (Node *n = doc->root; n; n = (Node *)node_next(doc->root, n)) {
        if (n->type != NODE_LINK || !n->u.link.href || parse_link_kept(n->u.link.href))
            continue;
        /* quoted without its controls (&#27; makes an escape character),
         * and not at any length */
        const char *href = n->u.link.href;
        size_t len = strlen(href);
        int n_fixed;
        uint32_t first;
        char *fixed = utf8_repair(href, len, &len, &n_fixed, &first);
        const char *shown = fixed ? fixed : href;
        int cut = len > 120 ? (int)(g_utf8_find_prev_char(shown, shown + 118) - shown) : (int)len;
        diag_warn(doc, n->pos, "link '%.*s%s' is not followed: only http, https, mailto and ftp "
                  "links and #anchors are kept", cut, shown, cut < (int)len ? "..." : "");
        free(fixed);
        n->u.link.href = NULL;
    }
}

/* cmark-gfm drops the cells of a row beyond the header's count and pads a
 * row short of it without a word; count them in the source (GFM splits a
 * row at each unescaped '|') and warn. */
static void
warn_extra_cells(Doc *doc)
{
    uint32_t *starts = NULL;               /* byte offset of each line, made on demand */
    uint32_t n_lines = 0;
    for (const Node *t = doc->root; t; t = node_next(doc->root, t)) {
        if (t->type != NODE_TABLE)
            continue;
        if (!starts) {
            n_lines = 1;
            for (size_t i = 0; i < doc->src_len; i++)
                n_lines += doc->src[i] == '\n';
            starts = xmalloc(sizeof(uint32_t) * (n_lines + 1));
            uint32_t k = 0;
            starts[k++] = 0;
            for (size_t i = 0; i < doc->src_len; i++)
                if (doc->src[i] == '\n')
                    starts[k++] = (uint32_t)(i + 1);
            starts[k] = (uint32_t)doc->src_len;
        }
        bool gfm = true;                   /* (not an HTML <table>: its header has a '|') */
        for (const Node *r = t->first; r; r = r->next)
            if (r->type == NODE_ROW && r->pos.line >= 1 && r->pos.line <= n_lines) {
                const char *a = doc->src + starts[r->pos.line - 1];
                gfm = memchr(a, '|', doc->src + starts[r->pos.line] - a) != NULL;
                break;
            }
        for (const Node *r = t->first; r && gfm; r = r->next) {
            if (r->type != NODE_ROW || r->pos.line < 1 || r->pos.line > n_lines)
                continue;                  /* (its caption: number.c) */
            const char *s = doc->src + starts[r->pos.line - 1] + (r->pos.col - 1);
            const char *e = doc->src + (r->pos.line < n_lines ? starts[r->pos.line] - 1
                                                              : doc->src_len);
            while (s < e && (*s == ' ' || *s == '\t'))
                s++;
            while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
                e--;
            if (s < e && *s == '|')
                s++;
            if (e > s && e[-1] == '|' && (e - 1 == s || e[-2] != '\\'))
                e--;
            int cells = 1;
            for (const char *p = s; p < e; p++) {
                if (*p == '\\' && p + 1 < e)
                    p++;
                else if (*p == '|')
                    cells++;
            }
            if (cells > t->u.table.ncols)
                diag_warn(doc, r->pos, "row has %d cells, expected %d; the extra cells are "
                          "dropped", cells, t->u.table.ncols);
            else if (cells < t->u.table.ncols)
                diag_warn(doc, r->pos,
                          ngettext("row has %d cell, expected %d; the missing cells are left "
                                   "empty",
                                   "row has %d cells, expected %d; the missing cells are left "
                                   "empty", (unsigned long)cells),
                          cells, t->u.table.ncols);
        }
    }
    free(starts);
}

void
parse_markdown_into(Doc *doc, Node *parent, Node *slide, const char *text, size_t len,
                    uint32_t line0)
{
    static const char *const exts[] = {"table", "strikethrough", "autolink"};
    /* (cmark-gfm's registry is global and its registration unlocked: once,
     * whichever thread parses first: a batch's, batch.c) */
    static pthread_once_t registered = PTHREAD_ONCE_INIT;
    pthread_once(&registered, cmark_gfm_core_extensions_ensure_registered);
    cmark_parser *parser = cmark_parser_new(CMARK_OPT_SOURCEPOS | CMARK_OPT_FOOTNOTES
                                            | CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE);
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
        cmark_syntax_extension *e = cmark_find_syntax_extension(exts[i]);
        if (e)
            cmark_parser_attach_syntax_extension(parser, e);
    }
    cmark_parser_feed(parser, text, len);
    cmark_node *croot = cmark_parser_finish(parser);
    Walk w = {.doc = doc, .parent = parent, .slide = slide, .line0 = line0, .text = text,
              .len = len};
    walk(&w, croot);
    if (w.lines)
        g_array_free(w.lines, TRUE);
    cmark_node_free(croot);
    cmark_parser_free(parser);
}

/* A footnote reference with no definition: cmark-gfm leaves "[^label]"
 * as text without a word; warn at each such text. */
static void
warn_unknown_notes(Doc *doc)
{
    for (const Node *n = doc->root; n; n = node_next(doc->root, n)) {
        if (n->type != NODE_TEXT)
            continue;
        const char *s = n->u.text.text;
        size_t len = n->u.text.len;
        for (size_t i = 0; i + 3 < len; i++) {
            if (s[i] != '[' || s[i + 1] != '^')
                continue;
            size_t e = i + 2;
            while (e < len && s[e] != ']' && s[e] != '[' && s[e] != ' ' && s[e] != '\t')
                e++;
            if (e < len && s[e] == ']' && e > i + 2)
                diag_warn(doc, (SrcPos){n->pos.line, n->pos.col + (uint32_t)i},
                          "footnote [^%.*s] has no definition ([^%.*s]: text): it is set as "
                          "text", (int)(e - i - 2), s + i + 2, (int)(e - i - 2), s + i + 2);
        }
    }
}

void
parse_finish(Doc *doc)
{
    notation_fences(doc);                  /* (marks html_fold folds) */
    html_fold(doc);
    trim_autolinks(doc);
    merge_text(doc);
    warn_unknown_notes(doc);
    number_attributes(doc);                /* (ids before the slugs, captions before the
                                            * notations apply to their text) */
    strip_image_attrs(doc);
    notation_apply(doc);
    warn_extra_cells(doc);
    check_links(doc);
    number_ids(doc);
    /* a figure's text (its Alt in the PDF) made once, with the tree: it
     * lives as long as the document, whatever the layout frees */
    for (Node *n = doc->root; n; n = (Node *)node_next(doc->root, n))
        if (n->type == NODE_FIGURE)
            n->u.link.alt = node_text(doc, n);
    node_check(doc->root);
}

typedef struct Problems { Doc *doc; uint32_t line0; } Problems;

static void
on_utf8_problem(void *ctx, uint32_t line, uint32_t col, const char *what)
{
    Problems *p = ctx;
    diag_warn(p->doc, (SrcPos){p->line0 + line, col}, "%s", what);
}

static int
place_by_cp(const void *a, const void *b)
{
    uint32_t x = ((const Utf8Place *)a)->cp, y = ((const Utf8Place *)b)->cp;
    return (x > y) - (x < y);
}

/* The places of a chapter's characters (lines from line0) joined to the
 * document's: a character's first place is kept, the table sorted. */
static void
add_places(Doc *doc, const char *data, size_t len, uint32_t line0)
{
    Utf8Place *places;
    size_t n = utf8_first_places(data, len, &places), k = doc->n_places;
    Utf8Place *all = arena_alloc(doc->arena, (k + n + 1) * sizeof *all);
    if (k)
        memcpy(all, doc->places, k * sizeof *all);
    for (size_t i = 0; i < n; i++)
        if (!utf8_place_of(doc->places, doc->n_places, places[i].cp)) {
            all[k] = places[i];
            all[k++].line += line0;
        }
    free(places);
    qsort(all, k, sizeof *all, place_by_cp);
    doc->places = k ? all : NULL;
    doc->n_places = k;
}

size_t
parse_source_at(Doc *doc, const char *data, size_t len, uint32_t line0, uint32_t *body_line)
{
    add_places(doc, data, len, line0);
    size_t n;
    Problems p = {doc, line0};
    char *clean = utf8_sanitize(data, len, &n, on_utf8_problem, &p);
    diag_text_keep(doc);                   /* (a book: the chapter before kept for the
                                            * columns of later messages) */
    free(doc->src);
    doc->src = clean;                      /* (heap: it goes once the tree is made) */
    doc->src_len = n;
    diag_text_set(doc, clean, n, line0);   /* (the columns of messages are counted in it) */
    if (!doc->root)
        doc->root = node_make(doc, NODE_DOCUMENT, (SrcPos){1, 1});
    return split_front_matter(doc, line0, body_line);
}

size_t
parse_source(Doc *doc, const char *data, size_t len, uint32_t *body_line)
{
    doc->root = NULL;
    doc->places = NULL;
    doc->n_places = 0;
    return parse_source_at(doc, data, len, 0, body_line);
}

void
parse_front_matter(Doc *doc, const char *text, size_t len)
{
    read_front_matter(doc, text, len, 1);
}

void
parse_source_done(Doc *doc)
{
    diag_text_keep(doc);                   /* (kept for the columns of later messages) */
    free(doc->src);
    doc->src = NULL;
    doc->src_len = 0;
}

Status
parse_read(Doc *doc, const char **out, size_t *out_len)
{
    if (!doc->source) {
        Status st = files_read_input(doc, doc->path, &doc->source);
        if (st != ST_OK)
            return st;
    }
    *out = doc->source->data;
    *out_len = doc->source->len;
    return ST_OK;
}
