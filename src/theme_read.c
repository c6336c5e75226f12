/*
 * theme_read.c: reading a theme (theme.h) with the table of theme_keys.c:
 * a theme file's nested YAML mappings into the report's Theme and, under
 * `slides:`, the slides' (after the theme it `extends:`); the values read
 * from more than a scalar (lists, the title block's lines, a file named
 * beside the theme file); the fields of a template checked where it is
 * written; the front matter's overrides (the theme's sections and pandoc's
 * keys: paper, geometry, fontsize, mainfont ...); and the check that the
 * report's text block fits its paper. A problem is a diagnostic at its
 * file:line:col: a wrong value is an error, an unknown key a warning with
 * the nearest known one.
 */
#include "theme.h"

#include <glib.h>
#include <stdarg.h>
#include <string.h>
#include <yaml.h>

#include "arena.h"
#include "diag.h"
#include "files.h"
#include "i18n.h"
#include "limits.h"
#include "marp.h"
#include "parse.h"
#include "template.h"
#include "theme_impl.h"

#define F(field) THEME_OFFSET(field)

/* --- reading YAML --- */

typedef struct Reader {
    Doc *doc;
    const char *file;                      /* for messages: the theme file, or NULL: the
                                            * document's front matter */
    uint32_t first_line;                   /* of the YAML text in `file` */
    bool cli;                              /* the theme the command line names */
    Themes *out;
} Reader;

static SrcPos
pos_of(const Reader *r, yaml_mark_t m)
{
    return (SrcPos){(uint32_t)m.line + r->first_line, (uint32_t)m.column + 1};
}

static void
rd_warn(Reader *r, yaml_mark_t m, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void
rd_error(Reader *r, yaml_mark_t m, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* A message at mark m of the theme file: a warning or an error. */
static void
rd_say(Reader *r, yaml_mark_t m, bool error, const char *fmt, va_list ap)
{
    char *msg = g_strdup_vprintf(_(fmt), ap);
    if (error)
        diag_error_in(r->doc, r->file, pos_of(r, m), "%s", msg);
    else
        diag_warn_in(r->doc, r->file, pos_of(r, m), "%s", msg);
    g_free(msg);
}

static void
rd_warn(Reader *r, yaml_mark_t m, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    rd_say(r, m, false, fmt, ap);
    va_end(ap);
}

static void
rd_error(Reader *r, yaml_mark_t m, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    rd_say(r, m, true, fmt, ap);
    va_end(ap);
}

static void
unknown_key(Reader *r, yaml_mark_t m, const char *name, int in)
{
    const ThemeKey *other = theme_key_find(name, IN_BOTH);
    if (other || theme_key_section(name, IN_BOTH)) {
        if (in == IN_SLIDE)
            rd_warn(r, m, "'%s' is a key of the report's theme, not of `slides:`: ignored", name);
        else
            rd_warn(r, m, "'%s' is a key of `slides:`, not of the report's theme: ignored", name);
        return;
    }
    /* the keys and the sections ("page", "title-block.title") */
    GPtrArray *cands = g_ptr_array_new_with_free_func(g_free);
    for (size_t i = 0; i < theme_n_keys; i++) {
        if (!(theme_keys[i].in & in))
            continue;
        g_ptr_array_add(cands, g_strdup(theme_keys[i].name));
        for (const char *dot = strchr(theme_keys[i].name, '.'); dot; dot = strchr(dot + 1, '.'))
            g_ptr_array_add(cands, g_strndup(theme_keys[i].name, (size_t)(dot - theme_keys[i].name)));
    }
    const char *near = theme_nearest(name, (const char *const *)cands->pdata, cands->len);
    if (near)
        rd_warn(r, m, "unknown theme key '%s' is ignored; did you mean '%s'?", name, near);
    else if (diag_once(r->doc, "theme keys"))   /* (where the list is, once a run) */
        rd_warn(r, m, "unknown theme key '%s' is ignored (kumihan --list-theme-keys lists "
                "them)", name);
    else
        rd_warn(r, m, "unknown theme key '%s' is ignored", name);
    g_ptr_array_free(cands, TRUE);
}

static const char *
scalar(const yaml_node_t *n)
{
    return (const char *)n->data.scalar.value;
}

/* Remember where a field of the report's page setup was set (page.*,
 * body.size, body.pitch), for check_page. */
static void
note_place(Reader *r, size_t field, yaml_mark_t m)
{
    Themes *t = r->out;
    int i = 0;
    while (i < t->n_places && t->places[i].field != field)
        i++;
    if (i == THEME_PLACES)
        return;
    if (i == t->n_places)
        t->n_places++;
    t->places[i] = (ThemePlace){field, r->file, pos_of(r, m)};
}

static bool
is_page_key(const ThemeKey *k)
{
    return strncmp(k->name, "page.", 5) == 0 || k->offset == F(body.size)
           || k->offset == F(body.pitch);
}

static void
read_texts(Reader *r, yaml_document_t *yd, Theme *t, const ThemeKey *k, yaml_node_t *v)
{
    const char **dst = theme_key_slot(t, k);
    int i = 0;
    for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top;
         it++) {
        yaml_node_t *item = yaml_document_get_node(yd, *it);
        if (!item || item->type != YAML_SCALAR_NODE) {
            rd_error(r, v->start_mark, "'%s' must be %s", k->name, theme_key_wants(k));
            return;
        }
        if (i == k->count) {
            rd_warn(r, item->start_mark, "'%s' takes %d entries: the rest are ignored", k->name,
                    k->count);
            break;
        }
        dst[i++] = arena_strdup(r->doc->arena, scalar(item));
    }
    if (i == 0) {
        rd_error(r, v->start_mark, "'%s' must be %s", k->name, theme_key_wants(k));
        return;
    }
    for (; i < k->count; i++)              /* the last one goes on deeper */
        dst[i] = dst[i - 1];
}

/* A file named by the theme: found beside the theme file that names it (the
 * document's own folder for its front matter) wherever the theme is used
 * from, or where an absolute name says (a printed theme's); read anywhere
 * when the command line named the theme, else inside --root
 * (figure_theme_picture opens it). "" names none. */
static void
read_file(Reader *r, Theme *t, const ThemeKey *k, yaml_node_t *v)
{
    ThemeFile *f = theme_key_slot(t, k);
    const char *s = scalar(v);
    if (!*s) {
        *f = (ThemeFile){0};
        return;
    }
    Doc *doc = r->doc;
    gchar *dir = r->file ? g_path_get_dirname(r->file) : g_strdup(doc->dir ? doc->dir : ".");
    gchar *joined = g_path_is_absolute(s) ? g_strdup(s) : g_build_filename(dir, s, NULL);
    gchar *abs = g_canonicalize_filename(joined, NULL);
    *f = (ThemeFile){.name = arena_strdup(doc->arena, s), .path = arena_strdup(doc->arena, abs),
                     .anywhere = r->cli, .file = r->file ? r->file : doc->path,
                     .pos = pos_of(r, v->start_mark)};
    g_free(abs);
    g_free(joined);
    g_free(dir);
}

/* --- templates: their fields --- */

static const char *const page_fields[] = {"section", "chapter", "page", "pages"};
static const char *const title_roles[] = {"title", "subtitle", "author", "affiliation", "date",
                                          "event"};           /* by TitleRole */

static bool
is_one_of(const char *name, size_t len, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(names[i]) == len && memcmp(names[i], name, len) == 0)
            return true;
    return false;
}

/* A title block entry that is a plain word but no role ("docno"): it
 * stands for the front matter key of that name. */
static bool
is_key_word(const char *s)
{
    if (!*s)
        return false;
    for (const char *c = s; *c; c++)
        if (!(g_ascii_isalnum(*c) || *c == '_' || *c == '-'))
            return false;
    return true;
}

/* Warn at the value of key k of each field of template `s` that prints
 * nothing: no field kumihan knows and no key of the document's front
 * matter, or a page's field where there is no page. */
static void
check_fields(Reader *r, const ThemeKey *k, const char *s, yaml_mark_t m)
{
    const Settings *o = r->doc->opt;
    if (k->in == IN_REPORT && o && (o->slides || o->handout || o->notes))
        return;                            /* (a deck's pages have none of the report's
                                            * heads: its sheets take handout.*) */
    size_t at = 0, name, len;
    while (template_next_field(s, &at, &name, &len)) {
        const char *f = s + name;
        if (is_one_of(f, len, page_fields, 4)) {
            if (k->kind != K_HEAD)
                rd_warn(r, m, "'%s': {%.*s} is a field of running heads and folios: it prints "
                        "nothing here", k->name, (int)len, f);
        } else if (!parse_meta_known(f, len) && r->doc->root
                   && !parse_meta_field(r->doc, f, len)) {
            rd_warn(r, m, "'%s': {%.*s} is no field (title, subtitle, author, date, section, "
                    "chapter, page, pages, docno, classification, revision, distribution) and no "
                    "key of the front matter: it prints nothing", k->name, (int)len, f);
        }
    }
}

static void
check_list(Reader *r, const ThemeKey *k, const char *const *v, yaml_mark_t m)
{
    for (int i = 0; v[i]; i++) {
        if (is_one_of(v[i], strlen(v[i]), title_roles, 6))
            continue;
        if (is_key_word(v[i])) {
            char *t = g_strdup_printf("{%s}", v[i]);
            check_fields(r, k, t, m);
            g_free(t);
        } else {
            check_fields(r, k, v[i], m);
        }
    }
}

/* title-block.fields: a list of at most LIMIT entries. */
static void
read_list(Reader *r, yaml_document_t *yd, Theme *t, const ThemeKey *k, yaml_node_t *v)
{
    enum { MOST = 32 };
    if (v->type != YAML_SEQUENCE_NODE) {
        rd_error(r, v->start_mark, "'%s' must be %s", k->name, theme_key_wants(k));
        return;
    }
    const char *got[MOST + 1];
    int n = 0;
    for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top;
         it++) {
        yaml_node_t *item = yaml_document_get_node(yd, *it);
        if (!item || item->type != YAML_SCALAR_NODE) {
            rd_error(r, v->start_mark, "'%s' must be %s", k->name, theme_key_wants(k));
            return;
        }
        if (n == MOST) {
            rd_warn(r, item->start_mark, "'%s' takes %d entries: the rest are ignored", k->name,
                    MOST);
            break;
        }
        got[n++] = arena_strdup(r->doc->arena, scalar(item));
    }
    got[n] = NULL;
    const char **list = arena_alloc(r->doc->arena, sizeof(char *) * (size_t)(n + 1));
    memcpy(list, got, sizeof(char *) * (size_t)(n + 1));
    *(const char *const **)theme_key_slot(t, k) = list;
    check_list(r, k, list, v->start_mark);
}

/* One key's value into the themes of `in`. */
static void
read_leaf(Reader *r, yaml_document_t *yd, const ThemeKey *k, yaml_node_t *v, int in)
{
    Theme *ts[2] = {in & IN_REPORT ? &r->out->report : NULL,
                    in & IN_SLIDE ? &r->out->slide : NULL};
    for (int i = 0; i < 2; i++) {
        if (!ts[i] || !(k->in & (i ? IN_SLIDE : IN_REPORT)))
            continue;
        if (k->kind == K_TEXTS && v->type == YAML_SEQUENCE_NODE) {
            read_texts(r, yd, ts[i], k, v);
        } else if (k->kind == K_LIST) {
            read_list(r, yd, ts[i], k, v);
        } else if (k->kind == K_FILE && v->type == YAML_SCALAR_NODE) {
            read_file(r, ts[i], k, v);
        } else if (v->type != YAML_SCALAR_NODE || !theme_key_read(ts[i], k, scalar(v),
                                                               r->doc->arena)) {
            if (v->type == YAML_SCALAR_NODE)
                rd_error(r, v->start_mark, "'%s' must be %s, not \"%s\"", k->name, theme_key_wants(k),
                         scalar(v));
            else
                rd_error(r, v->start_mark, "'%s' must be %s", k->name, theme_key_wants(k));
            return;
        }
        if (i == 0 && is_page_key(k))
            note_place(r, k->offset, v->start_mark);
    }
    if ((k->kind == K_HEAD || k->kind == K_TEMPLATE) && v->type == YAML_SCALAR_NODE)
        check_fields(r, k, scalar(v), v->start_mark);
}

/* The pairs of mapping `m` below path `prefix` (NULL: the top). */
static void
read_mapping(Reader *r, yaml_document_t *yd, yaml_node_t *m, const char *prefix, int in)
{
    for (yaml_node_pair_t *pair = m->data.mapping.pairs.start; pair < m->data.mapping.pairs.top;
         pair++) {
        yaml_node_t *kn = yaml_document_get_node(yd, pair->key);
        yaml_node_t *v = yaml_document_get_node(yd, pair->value);
        if (!kn || !v)
            continue;
        if (kn->type != YAML_SCALAR_NODE) {
            rd_error(r, kn->start_mark, "theme keys must be plain words");
            continue;
        }
        const char *name = scalar(kn);
        char *path = prefix ? g_strdup_printf("%s.%s", prefix, name) : g_strdup(name);
        if (!prefix && in == IN_REPORT && strcmp(name, "slides") == 0) {
            if (v->type == YAML_MAPPING_NODE)
                read_mapping(r, yd, v, NULL, IN_SLIDE);
            else
                rd_error(r, v->start_mark, "'slides' must be a mapping of theme keys");
        } else if (!prefix && (strcmp(name, "extends") == 0 || strcmp(name, "name") == 0)) {
            /* (read before: theme_load) */
        } else if (v->type == YAML_MAPPING_NODE && !theme_key_find(path, in)) {
            if (theme_key_section(path, in))
                read_mapping(r, yd, v, path, in);
            else
                unknown_key(r, kn->start_mark, path, in);
        } else {
            const ThemeKey *k = theme_key_find(path, in);
            /* a key of the other theme's only: the report's page in `slides:` */
            if (!k || !(k->in & in))
                unknown_key(r, kn->start_mark, path, in);
            else if (!(v->type == YAML_SCALAR_NODE && v->data.scalar.length == 0
                       && v->data.scalar.style == YAML_PLAIN_SCALAR_STYLE))
                read_leaf(r, yd, k, v, in);
        }
        g_free(path);
    }
}

/* Parse `text` as YAML into *yd; false (with an error) if it is not. */
static bool
load_yaml(Reader *r, const char *text, size_t len, yaml_document_t *yd)
{
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser))
        return false;
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    bool ok = yaml_parser_load(&parser, yd);
    /* a quote left open: where it opened (libyaml's context), not the end */
    bool quote = !ok && parser.context && strstr(parser.context, "quoted scalar");
    if (!ok)
        diag_error_in(r->doc, r->file,
                      pos_of(r, quote ? parser.context_mark : parser.problem_mark),
                      "not valid YAML: %s%s", parser.problem ? parser.problem : _("parse error"),
                      quote ? _("; a quote opened here is not closed") : "");
    yaml_parser_delete(&parser);
    return ok;
}

/* --- themes --- */

static bool
is_builtin(const char *name)
{
    for (int i = 0; theme_builtin_names[i]; i++)
        if (strcmp(theme_builtin_names[i], name) == 0)
            return true;
    return false;
}

static Status load_theme(Doc *doc, const char *name, bool from_cli, int depth, Themes *out);

/* A theme file's bytes: from the command line wherever it is, from a
 * document inside the root (files.c). NULL with a message. */
static char *
read_theme_file(Doc *doc, const char *path, bool from_cli, size_t *len)
{
    if (from_cli) {
        files_tell_read(doc, path);
        if (!strchr(path, '/') && !g_file_test(path, G_FILE_TEST_EXISTS)) {
            GString *names = g_string_new(NULL);
            for (int i = 0; theme_builtin_names[i]; i++)
                g_string_append_printf(names, "%s%s", i ? ", " : "", theme_builtin_names[i]);
            diag_fail(doc, ST_ENV, "no theme '%s': neither a built-in theme (%s) nor a file",
                      path, names->str);
            g_string_free(names, TRUE);
            return NULL;
        }
        gchar *data = NULL;
        gsize n = 0;
        GError *err = NULL;
        if (!g_file_get_contents(path, &data, &n, &err)) {
            diag_fail(doc, ST_ENV, "cannot read the theme %s: %s", path, err->message);
            g_error_free(err);
            return NULL;
        }
        if (n > LIMIT_THEME_BYTES) {
            g_free(data);
            diag_fail(doc, ST_ENV, "the theme %s is over %d bytes", path, LIMIT_THEME_BYTES);
            return NULL;
        }
        char *copy = arena_strndup(doc->arena, data, n);
        g_free(data);
        *len = n;
        return copy;
    }
    const char *why = NULL;
    bool refused = false;
    SourceFile *f = files_open(doc, path, LIMIT_THEME_BYTES, &why, &refused);
    if (!f) {
        if (refused)
            diag_error(doc, doc->meta.theme_pos, "theme '%s' is outside the root folder: not read",
                       path);
        else if (why)
            diag_error(doc, doc->meta.theme_pos, "theme '%s' %s", path, why);
        else
            diag_error(doc, doc->meta.theme_pos, "theme '%s' cannot be read", path);
        return NULL;
    }
    char *copy = arena_strndup(doc->arena, f->data, f->len);
    *len = f->len;
    files_release(doc, f);
    return copy;
}

/* A file's folder, in the arena. */
static const char *
folder_of(Doc *doc, const char *path)
{
    gchar *d = g_path_get_dirname(path);
    const char *r = arena_strdup(doc->arena, d);
    g_free(d);
    return r;
}

static Status
load_theme(Doc *doc, const char *name, bool from_cli, int depth, Themes *out)
{
    if (is_builtin(name)) {
        theme_builtin(name, out);
        return ST_OK;
    }
    if (depth > 8)
        return diag_fail(doc, ST_CONTENT, "theme %s: `extends:` goes more than 8 themes deep",
                         name);
    size_t len = 0;
    char *text = read_theme_file(doc, name, from_cli, &len);
    if (!text)
        return from_cli ? ST_ENV : ST_CONTENT;
    /* (a theme named by a document is read relative to the document's
     * folder; its own `extends:` relative to it) */
    const char *shown = from_cli || !doc->dir || strcmp(doc->dir, ".") == 0
                            ? name : arena_printf(doc->arena, "%s/%s", doc->dir, name);
    Reader r = {.doc = doc, .file = shown, .first_line = 1, .cli = from_cli, .out = out};
    yaml_document_t yd;
    if (!load_yaml(&r, text, len, &yd))
        return ST_CONTENT;
    yaml_node_t *root = yaml_document_get_root_node(&yd);
    if (!root || root->type != YAML_MAPPING_NODE) {
        if (root && !(root->type == YAML_SCALAR_NODE && root->data.scalar.length == 0))
            rd_error(&r, root->start_mark, "a theme is a mapping of keys to values");
        theme_builtin("report", out);
    } else {
        const char *base = "report";
        yaml_mark_t base_mark = root->start_mark;
        for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top;
             p++) {
            yaml_node_t *k = yaml_document_get_node(&yd, p->key);
            yaml_node_t *v = yaml_document_get_node(&yd, p->value);
            if (k && v && k->type == YAML_SCALAR_NODE && strcmp(scalar(k), "extends") == 0) {
                if (v->type != YAML_SCALAR_NODE)
                    rd_error(&r, v->start_mark, "'extends' names a theme: report, paper, gaia, "
                             "uncover or a file");
                else
                    base = arena_strdup(doc->arena, scalar(v)), base_mark = v->start_mark;
            }
        }
        Status st = ST_OK;
        if (is_builtin(base)) {
            theme_builtin(base, out);
        } else {
            /* a theme file beside this one */
            gchar *d = g_path_get_dirname(name);
            const char *path = base[0] == '/' || strcmp(d, ".") == 0
                                   ? base : arena_printf(doc->arena, "%s/%s", d, base);
            g_free(d);
            (void)base_mark;
            st = load_theme(doc, path, from_cli, depth + 1, out);
        }
        if (st != ST_OK) {
            yaml_document_delete(&yd);
            return st;
        }
        read_mapping(&r, &yd, root, NULL, IN_REPORT);
    }
    yaml_document_delete(&yd);
    out->name = arena_strdup(doc->arena, name);
    out->dir = from_cli ? folder_of(doc, name)
                        : arena_printf(doc->arena, "%s/%s", doc->dir, folder_of(doc, name));
    return ST_OK;
}

/* --- the front matter --- */

/* pandoc's keys, as its LaTeX and HTML templates read them. */
static const char *const pandoc_keys[] = {
    "paper", "papersize", "orientation", "fontsize", "mainfont", "CJKmainfont", "sansfont",
    "CJKsansfont", "monofont", "geometry", "columns", "linkcolor", "writing-mode",
};

bool
theme_front_key(const char *name)
{
    for (size_t i = 0; i < sizeof pandoc_keys / sizeof pandoc_keys[0]; i++)
        if (strcmp(name, pandoc_keys[i]) == 0)
            return true;
    return strcmp(name, "slides") == 0 || theme_key_section(name, IN_BOTH);
}

/* geometry: "margin=20mm", "top=25mm, left=20mm", or a list of them. */
static void
read_geometry_item(Reader *r, const yaml_node_t *v, const char *s)
{
    static const struct { const char *name; size_t offset[4]; int n; } sides[] = {
        {"margin", {F(margin_top), F(margin_bottom), F(margin_inner), F(margin_outer)}, 4},
        {"top", {F(margin_top)}, 1},
        {"bottom", {F(margin_bottom)}, 1},
        {"left", {F(margin_inner)}, 1},
        {"inner", {F(margin_inner)}, 1},
        {"right", {F(margin_outer)}, 1},
        {"outer", {F(margin_outer)}, 1},
        {"hmargin", {F(margin_inner), F(margin_outer)}, 2},
        {"vmargin", {F(margin_top), F(margin_bottom)}, 2},
    };
    gchar **parts = g_strsplit(s, ",", -1);
    for (gchar **p = parts; *p; p++) {
        gchar *item = g_strstrip(*p);
        if (!*item)
            continue;
        char *eq = strchr(item, '=');
        Unit len = 0;
        bool done = false;
        if (eq) {
            *eq = '\0';
            gchar *val = g_strstrip(eq + 1);
            for (size_t i = 0; i < sizeof sides / sizeof sides[0] && !done; i++)
                if (strcmp(g_strstrip(item), sides[i].name) == 0) {
                    if (!theme_read_length(val, &len)) {
                        rd_error(r, v->start_mark, "geometry: %s must be a length such as 20mm, "
                                 "not \"%s\"", item, val);
                        done = true;
                        break;
                    }
                    for (int j = 0; j < sides[i].n; j++) {
                        *(Unit *)((char *)&r->out->report + sides[i].offset[j]) = len;
                        note_place(r, sides[i].offset[j], v->start_mark);
                    }
                    done = true;
                }
            if (!done)
                rd_warn(r, v->start_mark, "geometry: '%s' is not understood (margin, top, "
                        "bottom, left, right, inner, outer)", item);
        } else if (strcmp(item, "landscape") == 0) {
            r->out->report.landscape = true;
        } else {
            rd_warn(r, v->start_mark, "geometry: '%s' is not understood", item);
        }
    }
    g_strfreev(parts);
}

static void
read_pandoc_key(Reader *r, yaml_document_t *yd, const char *name, yaml_node_t *v)
{
    Theme *t = &r->out->report;
    if (strcmp(name, "geometry") == 0) {
        if (v->type == YAML_SCALAR_NODE) {
            read_geometry_item(r, v, scalar(v));
        } else if (v->type == YAML_SEQUENCE_NODE) {
            for (yaml_node_item_t *it = v->data.sequence.items.start;
                 it < v->data.sequence.items.top; it++) {
                yaml_node_t *item = yaml_document_get_node(yd, *it);
                if (item && item->type == YAML_SCALAR_NODE)
                    read_geometry_item(r, item, scalar(item));
            }
        } else {
            rd_error(r, v->start_mark, "'geometry' must be text such as \"margin=20mm\"");
        }
        return;
    }
    if (v->type != YAML_SCALAR_NODE) {
        rd_error(r, v->start_mark, "'%s' must be a single value", name);
        return;
    }
    const char *s = scalar(v);
    const char *as = strcmp(name, "paper") == 0 || strcmp(name, "papersize") == 0 ? "page.paper"
                     : strcmp(name, "orientation") == 0                           ? "page.orientation"
                     /* (pandoc's LaTeX: mainfont the Western face, CJKmainfont the
                      * Japanese one: a 和欧混植 pair) */
                     : strcmp(name, "mainfont") == 0 ? "fonts.serif-latin"
                     : strcmp(name, "CJKmainfont") == 0 ? "fonts.serif"
                     : strcmp(name, "sansfont") == 0 ? "fonts.sans-latin"
                     : strcmp(name, "CJKsansfont") == 0 ? "fonts.sans"
                     : strcmp(name, "monofont") == 0 ? "fonts.mono-latin"
                     : strcmp(name, "columns") == 0   ? "page.columns"
                     : strcmp(name, "writing-mode") == 0 ? "page.writing-mode"
                     : strcmp(name, "linkcolor") == 0 ? "link.color"
                                                      : NULL;
    char lower[16];
    if (as && strcmp(as, "page.paper") == 0) {
        /* pandoc writes a4 or a4paper */
        snprintf(lower, sizeof lower, "%s", s);
        char *paper = strstr(lower, "paper");
        if (paper && paper != lower)
            *paper = '\0';
        s = lower;
    }
    if (as) {
        const ThemeKey *k = theme_key_find(as, IN_REPORT);
        if (!theme_key_read(t, k, s, r->doc->arena))
            rd_error(r, v->start_mark, "'%s' must be %s, not \"%s\"", name, theme_key_wants(k),
                     scalar(v));
        else if (is_page_key(k))
            note_place(r, k->offset, v->start_mark);
        if (k->offset == F(family[FONT_SERIF]) || k->offset == F(family[FONT_SANS])
            || k->offset == F(latin[FONT_SERIF]) || k->offset == F(latin[FONT_SANS]))
            theme_key_read(&r->out->slide, k, s, r->doc->arena);   /* (one family for both) */
        const Settings *o = r->doc->opt;
        if (k->offset == F(vertical) && o && (o->slides || o->handout || o->notes)) {
            theme_key_read(&r->out->slide, k, s, r->doc->arena);   /* (a deck asks: its */
            t->vertical = false;           /* handouts' sheets stay across) */
        }
        return;
    }
    /* fontsize: the body's size, its pitch in the same proportion */
    Unit size;
    if (!theme_read_length(s, &size) || size < unit_from_pt(4) || size > unit_from_pt(72)) {
        rd_error(r, v->start_mark, "'fontsize' must be a size such as 10.5pt, not \"%s\"", s);
        return;
    }
    t->body.pitch = (Unit)((int64_t)t->body.pitch * size / t->body.size);
    t->body.size = size;
    note_place(r, F(body.size), v->start_mark);
}

/* The front matter's overrides of the theme (doc->meta.front). */
static void
read_front(Doc *doc, Themes *out)
{
    const Meta *m = &doc->meta;
    if (!m->front)
        return;
    Reader r = {.doc = doc, .file = NULL, .first_line = m->front_line, .out = out};
    yaml_document_t yd;
    if (!load_yaml(&r, m->front, m->front_len, &yd))
        return;                            /* (parse.c said so already) */
    yaml_node_t *root = yaml_document_get_root_node(&yd);
    if (root && root->type == YAML_MAPPING_NODE) {
        for (yaml_node_pair_t *p = root->data.mapping.pairs.start;
             p < root->data.mapping.pairs.top; p++) {
            yaml_node_t *k = yaml_document_get_node(&yd, p->key);
            yaml_node_t *v = yaml_document_get_node(&yd, p->value);
            if (!k || !v || k->type != YAML_SCALAR_NODE || !theme_front_key(scalar(k)))
                continue;
            if (v->type == YAML_SCALAR_NODE && v->data.scalar.length == 0
                && v->data.scalar.style == YAML_PLAIN_SCALAR_STYLE)
                continue;
            const char *name = scalar(k);
            if (v->type == YAML_SCALAR_NODE && marp_front_key(name))
                continue;                  /* Marp's header: text (marp.c) */
            bool pandoc = false;
            for (size_t i = 0; i < sizeof pandoc_keys / sizeof pandoc_keys[0]; i++)
                pandoc |= strcmp(name, pandoc_keys[i]) == 0;
            if (pandoc) {
                read_pandoc_key(&r, &yd, name, v);
            } else {
                /* one section: read as if it were the whole mapping's */
                yaml_node_pair_t one = *p;
                yaml_node_t wrap = *root;
                wrap.data.mapping.pairs.start = &one;
                wrap.data.mapping.pairs.top = &one + 1;
                wrap.data.mapping.pairs.end = &one + 1;
                read_mapping(&r, &yd, &wrap, NULL, IN_REPORT);
            }
        }
    }
    yaml_document_delete(&yd);
}

/* The report's text block must fit its paper: what does not is cut to fit
 * (style_geometry) and said at the key to blame, where it was set. */
static void
check_page(Doc *doc, const Themes *t)
{
    GeomIssue is[GEOM_ISSUES];
    int n = style_geometry_check(&t->report, is);
    for (int i = 0; i < n; i++) {
        const ThemePlace *at = NULL;
        for (int k = 0; k < t->n_places && !at; k++)
            if (t->places[k].field == is[i].field)
                at = &t->places[k];
        if (at)
            diag_warn_in(doc, at->file, at->pos, "%s", is[i].text);
        else
            diag_warn(doc, (SrcPos){0, 0}, "%s", is[i].text);
    }
}

Status
theme_resolve(Doc *doc, const char *name, bool from_cli, Themes *out)
{
    const char *named = name ? name : doc->meta.theme;
    bool cli = name != NULL && from_cli;
    /* Marp's default theme, named by decks written for Marp, is kumihan's
     * own look: dark text on white (gaia and uncover are built-in themes) */
    if (!name && named && strcmp(named, "default") == 0)
        named = NULL;
    Status st = load_theme(doc, named ? named : "report", cli, 0, out);
    if (st != ST_OK)
        return st;
    const char *dirs[2] = {out->report.fonts_dir, out->slide.fonts_dir};
    read_front(doc, out);
    out->doc_fonts_dir = out->report.fonts_dir != dirs[0] || out->slide.fonts_dir != dirs[1];
    /* the command line's paper wins over the document's and the theme's */
    if (doc->opt->paper)
        out->report.paper = doc->opt->paper;
    if (doc->opt->vertical) {              /* (a deck's own run: its slides, not its
                                            * handouts' sheets; a report: not its appendix) */
        if (doc->opt->slides || doc->opt->handout || doc->opt->notes)
            out->slide.vertical = true;
        else
            out->report.vertical = true;
    }
    if (!out->dir)
        out->dir = ".";
    check_page(doc, out);
    return ST_OK;
}
