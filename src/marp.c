/*
 * marp.c: Marp's directives (see marp.h), the ones kumihan does.
 * Marpit's model: a directive is a YAML key in the front matter or in an
 * HTML comment of a slide. Global ones (size, headingDivider, theme) hold
 * for the whole deck wherever they are written (the last wins); local ones
 * (paginate, header, footer, class, backgroundColor, backgroundImage and
 * its size and position, color) hold from their slide on, and written
 * _name for their slide only. The front matter's local ones hold from
 * slide 1.
 * A comment is a directive comment when it is a YAML mapping one of whose
 * keys at least is a directive Marp knows (or _ and a local one), as in
 * Marpit: "メモ: ここで質問" stays a speaker note, "Note: ask" and
 * "_frobnicate: 1" too; <!-- paginate: true\nmy-note: 1 --> is directives
 * (my-note warned about as unknown), never a note.
 * The directives only collect here while parse.c walks the slides;
 * marp_resolve turns them into each slide's SlideLook once the deck is
 * read, which slide.c draws.
 * Marp's image keywords in an image's alt text (![bg right:40% w:300
 * sepia](x.png)) are read out of it, never printed (Marpit's rules: the
 * sizes, N% and the filters on any image, bg's own words when the alt
 * text has bg): w:/h: (width:, height:) size the picture; the filters
 * (filter.h) are drawn into it; a bg picture leaves the slide's flow
 * (and its paragraph, when nothing else is in it) for the slide's list
 * of grounds, with its size (cover, contain, fit, auto, N%, w:/h:), the
 * split (left, right:N%) and the direction (vertical) of the slide's
 * pictures. The backgroundImage directive is one picture (url(...)) over
 * the whole slide, under the bg pictures (Marpit: cover, centred, unless
 * backgroundSize and backgroundPosition say otherwise).
 * headingDivider is a level N (a slide at each heading of level N or
 * higher) or Marpit's list of levels ([1, 3]: at those only).
 * Classes: lead and invert are kumihan's, the other words the slide
 * theme's (slide.class: gaia's `gaia`), checked once the theme is known.
 * Not done (Marp has them): style (CSS), backgroundImage's gradients and
 * repeats (a warning), other classes (a warning per class name).
 */
#include "marp.h"

#include <ctype.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "arena.h"
#include "diag.h"
#include "figure.h"
#include "filter.h"
#include "i18n.h"
#include "node.h"
#include "theme.h"

enum { GLOBAL, LOCAL, SILENT, LATER };

static const struct { const char *name; int kind; } known[] = {
    {"size", GLOBAL}, {"headingDivider", GLOBAL}, {"theme", GLOBAL},
    {"paginate", LOCAL}, {"header", LOCAL}, {"footer", LOCAL}, {"class", LOCAL},
    {"backgroundColor", LOCAL}, {"color", LOCAL}, {"backgroundImage", LOCAL},
    {"backgroundSize", LOCAL}, {"backgroundPosition", LOCAL}, {"backgroundRepeat", LOCAL},
    /* Marp CLI's switch and metadata: nothing to do */
    {"marp", SILENT}, {"lang", SILENT}, {"title", SILENT}, {"description", SILENT},
    {"author", SILENT}, {"url", SILENT}, {"image", SILENT}, {"math", SILENT},
    /* Marp's, not done yet: a warning */
    {"style", LATER},
};

#define N_KNOWN (sizeof known / sizeof known[0])

static int
kind_of(const char *name)
{
    for (size_t i = 0; i < N_KNOWN; i++)
        if (strcmp(known[i].name, name) == 0)
            return known[i].kind;
    return -1;
}

bool
marp_front_key(const char *name)
{
    if (name[0] == '_')                    /* scoped: for slide 1 (Marpit) */
        return kind_of(name + 1) == LOCAL;
    int k = kind_of(name);
    return (k == LOCAL || k == LATER || strcmp(name, "headingDivider") == 0
            || strcmp(name, "marp") == 0 || strcmp(name, "style") == 0);
}

static void
append(Directive **list, Directive *d)
{
    while (*list)
        list = &(*list)->next;
    *list = d;
}

void
marp_front(Doc *doc, const char *name, const char *value, SrcPos pos)
{
    Directive *d = arena_zalloc(doc->arena, sizeof *d);
    bool scoped = name[0] == '_';
    *d = (Directive){name + scoped, value, pos, scoped, NULL};
    append(&doc->meta.directives, d);
}

/* Load the comment `text` into yd when it is a directive comment (see the
 * header): true, and the caller deletes yd; false, nothing to delete. */
static bool
load_directive_comment(const char *text, yaml_document_t *yd)
{
    if (!strchr(text, ':'))
        return false;
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser))
        return false;
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, strlen(text));
    bool loaded = yaml_parser_load(&parser, yd);
    yaml_parser_delete(&parser);
    if (!loaded)
        return false;
    yaml_node_t *root = yaml_document_get_root_node(yd);
    bool any = false;
    for (yaml_node_pair_t *p = root && root->type == YAML_MAPPING_NODE
                                   ? root->data.mapping.pairs.start : NULL;
         p && p < root->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(yd, p->key);
        const char *name = k && k->type == YAML_SCALAR_NODE ? (const char *)k->data.scalar.value
                                                             : "";
        any |= name[0] == '_' ? kind_of(name + 1) == LOCAL : kind_of(name) >= 0;
    }
    if (!any)
        yaml_document_delete(yd);
    return any;
}

/* The text of v, the value of directive `name`: a scalar's, or for
 * headingDivider a list of scalars (flow or block) as "[1, 3]"; NULL for
 * anything else. (g_free it.) */
static char *
value_text(const char *name, yaml_document_t *yd, yaml_node_t *v)
{
    if (v && v->type == YAML_SCALAR_NODE)
        return g_strndup((const char *)v->data.scalar.value, v->data.scalar.length);
    if (!v || v->type != YAML_SEQUENCE_NODE || strcmp(name, "headingDivider") != 0)
        return NULL;
    GString *t = g_string_new("[");
    for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top;
         it++) {
        yaml_node_t *item = yaml_document_get_node(yd, *it);
        if (!item || item->type != YAML_SCALAR_NODE) {
            g_string_free(t, TRUE);
            return NULL;
        }
        g_string_append_printf(t, "%s%.*s", t->len > 1 ? ", " : "",
                               (int)item->data.scalar.length,
                               (const char *)item->data.scalar.value);
    }
    g_string_append_c(t, ']');
    return g_string_free(t, FALSE);
}

const char *
marp_front_value(Doc *doc, const char *name, yaml_document_t *yd, yaml_node_t *v)
{
    if (!v || v->type != YAML_SEQUENCE_NODE)
        return NULL;
    char *t = value_text(name, yd, v);
    const char *copy = t ? arena_strdup(doc->arena, t) : NULL;
    g_free(t);
    return copy;
}

bool
marp_comment(Doc *doc, Node *slide, const char *text, SrcPos pos)
{
    yaml_document_t yd;
    if (!load_directive_comment(text, &yd))
        return false;
    yaml_node_t *root = yaml_document_get_root_node(&yd);
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = yaml_document_get_node(&yd, p->key);
        yaml_node_t *v = yaml_document_get_node(&yd, p->value);
        if (!k || k->type != YAML_SCALAR_NODE)
            continue;
        const char *name = (const char *)k->data.scalar.value;
        SrcPos at = {pos.line + (uint32_t)k->start_mark.line, pos.col};
        if (k->start_mark.line)            /* (libyaml counts characters: made bytes) */
            at = diag_pos_bytes(doc, (SrcPos){at.line, (uint32_t)k->start_mark.column + 1});
        char *value = value_text(name, &yd, v);
        if (!value) {
            diag_warn(doc, at, "directive '%s' must have a plain value: ignored", name);
            continue;
        }
        Directive *d = arena_zalloc(doc->arena, sizeof *d);
        d->scoped = name[0] == '_';
        d->name = arena_strdup(doc->arena, name + d->scoped);
        d->value = arena_strdup(doc->arena, value);
        d->pos = at;
        g_free(value);
        append(&slide->u.slide.directives, d);
    }
    yaml_document_delete(&yd);
    return true;
}

/* The heading levels a headingDivider value cuts before, as bits 1 to 6:
 * N is every level to N, [a, b] exactly those (Marpit's list form), false
 * none; -1: no value Marp reads. */
static int
divider_levels(const char *v)
{
    if (strcmp(v, "false") == 0)
        return 0;
    if (v[0] >= '1' && v[0] <= '6' && v[1] == '\0')
        return (1 << (v[0] - '0' + 1)) - 2;
    size_t n = strlen(v);
    if (n < 2 || v[0] != '[' || v[n - 1] != ']')
        return -1;
    int bits = 0;
    gchar *inner = g_strndup(v + 1, n - 2);
    gchar **items = g_strsplit(inner, ",", -1);
    for (gchar **it = items; *it && bits >= 0; it++) {
        const char *w = g_strstrip(*it);
        if (w[0] >= '1' && w[0] <= '6' && w[1] == '\0')
            bits |= 1 << (w[0] - '0');
        else if (*w || it != items || it[1])
            bits = -1;                     /* (only "[]" has an empty item) */
    }
    g_strfreev(items);
    g_free(inner);
    return bits;
}

/* The first `needle` in [s, e), or NULL. */
static const char *
find(const char *s, const char *e, const char *needle)
{
    size_t n = strlen(needle);
    for (; s + n <= e; s++)
        if (memcmp(s, needle, n) == 0)
            return s;
    return NULL;
}

unsigned
marp_heading_divider(const Doc *doc, const char *s, const char *e)
{
    int levels = 0;
    for (const Directive *d = doc->meta.directives; d; d = d->next)
        if (strcmp(d->name, "headingDivider") == 0 && divider_levels(d->value) >= 0)
            levels = divider_levels(d->value);
    /* the comments', as marp_comment will read them (the last wins) */
    for (const char *p = s; p < e;) {
        const char *open = find(p, e, "<!--");
        if (!open)
            break;
        const char *close = find(open + 4, e, "-->");
        if (!close)
            close = e;
        gchar *text = g_strndup(open + 4, (gsize)(close - open - 4));
        yaml_document_t yd;
        if (strstr(text, "headingDivider") && load_directive_comment(g_strstrip(text), &yd)) {
            yaml_node_t *root = yaml_document_get_root_node(&yd);
            for (yaml_node_pair_t *q = root->data.mapping.pairs.start;
                 q < root->data.mapping.pairs.top; q++) {
                yaml_node_t *k = yaml_document_get_node(&yd, q->key);
                if (strcmp((const char *)k->data.scalar.value, "headingDivider") != 0)
                    continue;
                char *v = value_text("headingDivider", &yd, yaml_document_get_node(&yd, q->value));
                if (v && divider_levels(v) >= 0)
                    levels = divider_levels(v);
                g_free(v);
            }
            yaml_document_delete(&yd);
        }
        g_free(text);
        p = close + (close < e ? 3 : 0);
    }
    return (unsigned)levels;
}

/* --- the looks --- */

/* Marp's header and footer are Markdown: set here as its plain text (the
 * emphasis and code marks and a link's target dropped). */
static const char *
plain(Doc *doc, const char *md)
{
    size_t n = strlen(md);
    char *out = arena_alloc(doc->arena, n + 1), *o = out;
    for (const char *p = md; *p;) {
        if (*p == '*' || *p == '`' || (p[0] == '~' && p[1] == '~')
            || (p[0] == '_' && p[1] == '_')) {
            p += *p == '~' || *p == '_' ? 2 : 1;
            continue;
        }
        if (p[0] == ']' && p[1] == '(') {
            const char *close = strchr(p, ')');
            if (close) {
                p = close + 1;
                continue;
            }
        }
        if (*p == '[' && strstr(p, "](")) {
            p++;
            continue;
        }
        *o++ = *p++;
    }
    *o = '\0';
    return out;
}

typedef struct Seen {
    const char *name;
    struct Seen *next;
} Seen;

/* Has `name` been said already? (Remembered when not.) */
static bool
said(Doc *doc, Seen **seen, const char *name)
{
    for (const Seen *s = *seen; s; s = s->next)
        if (strcmp(s->name, name) == 0)
            return true;
    Seen *s = arena_zalloc(doc->arena, sizeof *s);
    *s = (Seen){name, *seen};
    *seen = s;
    return false;
}

static bool
read_flag(Doc *doc, const Directive *d, int8_t *out)
{
    if (strcmp(d->value, "true") == 0)
        *out = 1;
    else if (strcmp(d->value, "false") == 0)
        *out = 0;
    else {
        diag_warn(doc, d->pos, "directive '%s' must be true or false, not \"%s\": ignored",
                  d->name, d->value);
        return false;
    }
    return true;
}

/* Directive d into the look l (a local one) or the deck (a global one). */
static void
apply(Doc *doc, const Directive *d, SlideLook *l, Seen **seen)
{
    int kind = kind_of(d->name);
    if (kind < 0) {
        if (!said(doc, seen, d->name))
            diag_warn(doc, d->pos, "unknown Marp directive '%s' is ignored (kumihan reads size, "
                      "headingDivider, paginate, header, footer, class, backgroundColor, "
                      "backgroundImage, backgroundSize, backgroundPosition, color)", d->name);
        return;
    }
    if (kind == LATER) {
        if (!said(doc, seen, d->name))
            diag_warn(doc, d->pos, "Marp's directive '%s' is not done by kumihan yet: ignored",
                      d->name);
        return;
    }
    const char *n = d->name, *v = d->value;
    uint32_t rgb;
    if (strcmp(n, "paginate") == 0) {
        if (strcmp(v, "hold") == 0 || strcmp(v, "skip") == 0)
            l->paginate = v[0] == 'h' ? PAGINATE_HOLD : PAGINATE_SKIP;
        else
            read_flag(doc, d, &l->paginate);
    } else if (strcmp(n, "header") == 0) {
        l->header = *v ? plain(doc, v) : NULL;
    } else if (strcmp(n, "footer") == 0) {
        l->footer = plain(doc, v);
    } else if (strcmp(n, "class") == 0) {
        /* lead and invert are kumihan's; the other words the theme's, known
         * once it is (marp_check_classes) */
        l->lead = l->invert = false;
        GString *others = g_string_new(NULL);
        gchar **words = g_strsplit_set(v, " \t", -1);
        for (gchar **w = words; *w; w++) {
            if (strcmp(*w, "lead") == 0)
                l->lead = true;
            else if (strcmp(*w, "invert") == 0)
                l->invert = true;
            else if (**w)
                g_string_append_printf(others, "%s%s", others->len ? " " : "", *w);
        }
        l->classes = others->len ? arena_strdup(doc->arena, others->str) : NULL;
        l->class_pos = d->pos;
        g_strfreev(words);
        g_string_free(others, TRUE);
    } else if (strcmp(n, "backgroundColor") == 0 || strcmp(n, "color") == 0) {
        if (!theme_read_color(v, &rgb)) {
            diag_warn(doc, d->pos, "directive '%s': \"%s\" is not a colour kumihan reads "
                      "(#rgb, #rrggbb, black, white, gray, red, green, blue, navy): ignored", n, v);
        } else if (n[0] == 'b') {
            l->has_background = true;
            l->background = rgb;
        } else {
            l->has_color = true;
            l->color = rgb;
        }
    } else if (strcmp(n, "backgroundImage") == 0) {
        l->bg_image = *v ? v : NULL;
        l->bg_pos = d->pos;
    } else if (strcmp(n, "backgroundSize") == 0) {
        l->bg_size = *v ? v : NULL;
    } else if (strcmp(n, "backgroundPosition") == 0) {
        l->bg_position = *v ? v : NULL;
    } else if (strcmp(n, "backgroundRepeat") == 0) {
        if (strcmp(v, "no-repeat") != 0 && !said(doc, seen, "backgroundRepeat"))
            diag_warn(doc, d->pos, "backgroundRepeat '%s': kumihan draws the picture once "
                      "(no-repeat)", v);
    } else if (strcmp(n, "size") == 0) {
        if (d->scoped || (strcmp(v, "16:9") != 0 && strcmp(v, "4:3") != 0))
            diag_warn(doc, d->pos, "size '%s' is not one of Marp Core's sizes (16:9, 4:3): "
                      "ignored", v);
        else
            doc->meta.size = v;
    } else if (strcmp(n, "headingDivider") == 0) {
        if (divider_levels(v) < 0)
            diag_warn(doc, d->pos, "headingDivider must be a heading level 1 to 6 or a list "
                      "of them ([1, 3]), not \"%s\": ignored", v);
    } else if (strcmp(n, "theme") == 0) {
        doc->meta.theme = v;               /* (a global one: the last wins) */
        doc->meta.theme_pos = d->pos;
    }
}

/* --- image keywords --- */

bool
marp_background_alt(const char *alt)
{
    for (const char *p = alt; p && *p;) {
        p += strspn(p, " \t\n");
        size_t n = strcspn(p, " \t\n");
        if (n == 2 && strncmp(p, "bg", 2) == 0)
            return true;
        p += n;
    }
    return false;
}

/* "40%" (a number and '%') as 0.4; -1 when it is not one. */
static double
percent(const char *w)
{
    size_t d = strspn(w, "0123456789.");
    if (d == 0 || strcmp(w + d, "%") != 0)
        return -1;
    return g_ascii_strtod(w, NULL) / 100.0;
}

/* What reading one image's alt text found. */
typedef struct Keywords {
    bool bg;                               /* the word bg */
    Ground ground;                         /* bg's size keywords */
    bool fitted;                           /* cover or contain written: they win over
                                            * w:/h: (Marpit) */
    int8_t split;                          /* left -1, right 1, else 0 */
    double split_size;                     /* right:N%: N/100, else 0 */
    int8_t direction;                      /* vertical 1, horizontal -1, else 0 */
    FilterList filters;
} Keywords;

typedef struct Said {
    bool filter[FILTER_KINDS];             /* a filter kumihan does not apply: said */
    bool full;
} Said;

/* Is the word w one of Marp's keywords? Read into k (sizes into fig); a
 * filter Marp has and kumihan does not apply, or cannot read, warned of
 * at pos (once per filter for the deck). bg's own keywords count only
 * when the alt text has bg. */
static bool
image_keyword(Doc *doc, const char *w, Figure *fig, Keywords *k, SrcPos pos, Said *said)
{
    static const struct { const char *word; uint8_t size; } sizes[] = {
        {"cover", GROUND_COVER}, {"contain", GROUND_CONTAIN}, {"fit", GROUND_CONTAIN},
        {"auto", GROUND_AUTO},
    };
    if (strcmp(w, "bg") == 0)
        return true;
    const char *why;
    int f = filter_parse(w, &k->filters, &why);
    if (f < 0) {
        diag_warn(doc, pos, "image keyword '%s': %s: ignored", w, why);
        return true;
    }
    if (f > 0) {
        FilterKind kind = k->filters.f[k->filters.n - 1].kind;
        if (!filter_applied(kind) && !said->filter[kind]) {
            said->filter[kind] = true;
            diag_warn(doc, pos, "Marp's image filter '%s' is not applied by kumihan (it applies "
                      "blur, brightness, grayscale, sepia, invert and opacity)", filter_name(kind));
        }
        return true;
    }
    const char *colon = strchr(w, ':');
    size_t head = colon ? (size_t)(colon - w) : strlen(w);
    if (colon && ((head == 1 && (w[0] == 'w' || w[0] == 'h'))
                  || (head == 5 && strncmp(w, "width", 5) == 0)
                  || (head == 6 && strncmp(w, "height", 6) == 0))) {
        char v[32];
        snprintf(v, sizeof v, "%s", colon + 1);
        size_t n = strlen(v);
        if (n > 2 && strcmp(v + n - 2, "px") == 0)
            v[n - 2] = '\0';              /* (CSS's pixels, as <img width>) */
        if (strcmp(v, "auto") != 0) {
            if (w[0] == 'w')
                figure_html_size(fig, v, NULL);
            else
                figure_html_size(fig, NULL, v);
            if (!k->fitted)
                k->ground.size = GROUND_SIZE;
        }
        return true;
    }
    double pc = percent(w);
    if (pc > 0) {                          /* (Marp reads it on any image; it sizes a bg) */
        k->ground.size = GROUND_SCALE;
        k->ground.scale = pc;
        return true;
    }
    if (!k->bg)
        return false;
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
        if (strcmp(w, sizes[i].word) == 0) {
            k->ground.size = sizes[i].size;
            k->fitted |= sizes[i].size == GROUND_COVER || sizes[i].size == GROUND_CONTAIN;
            return true;
        }
    if (strcmp(w, "vertical") == 0 || strcmp(w, "horizontal") == 0) {
        k->direction = w[0] == 'v' ? 1 : -1;
        return true;
    }
    if ((head == 4 && strncmp(w, "left", 4) == 0) || (head == 5 && strncmp(w, "right", 5) == 0)) {
        double size = colon ? percent(colon + 1) : 0;
        if (colon && !(size > 0 && size < 1)) {
            diag_warn(doc, pos, "image keyword '%s': the split must be a percentage between 0%% "
                      "and 100%%: ignored", w);
            return true;
        }
        k->split = w[0] == 'l' ? -1 : 1;
        k->split_size = size;
        return true;
    }
    return false;
}

/* The slide n is on. */
static Node *
slide_of(Node *n)
{
    while (n && n->type != NODE_SLIDE)
        n = n->parent;
    return n;
}

/* n, an image in running text, goes: the blank after it goes too when it
 * is first or follows a blank ("本文 ![bg](x) 続き", "# ![bg](x) 見出し"),
 * the blank before it when it is last. */
static void
drop_blank_beside(Node *n)
{
    Node *before = NULL;
    for (Node *c = n->parent ? n->parent->first : NULL; c && c != n; c = c->next)
        before = c;
    bool blank_before = !before || (before->type == NODE_TEXT && before->u.text.len
                                    && before->u.text.text[before->u.text.len - 1] == ' ');
    Node *after = n->next;
    if (after && after->type == NODE_TEXT && blank_before) {
        while (after->u.text.len && after->u.text.text[0] == ' ') {
            after->u.text.text++;
            after->u.text.len--;
        }
    } else if (!after && before && before->type == NODE_TEXT) {
        while (before->u.text.len && before->u.text.text[before->u.text.len - 1] == ' ')
            before->u.text.len--;
    }
}

/* Has paragraph p nothing left to print (blanks and line breaks only)? */
static bool
blank_paragraph(const Node *p)
{
    for (const Node *c = p->first; c; c = c->next) {
        if (c->type == NODE_LINEBREAK || c->type == NODE_SOFTBREAK)
            continue;
        if (c->type != NODE_TEXT || strspn(c->u.text.text, " \t") != c->u.text.len)
            return false;
    }
    return true;
}

/* The picture n (a figure, or an image in a paragraph) with Marp's
 * keywords read out of its alt text: a bg goes behind its slide (out of
 * the tree), a figure keeps its size and filters; the other words stay
 * its text. */
static void
read_image(Doc *doc, Node *n, Said *said)
{
    bool figure = n->type == NODE_FIGURE;
    Figure *fig = n->u.link.figure;
    if (!fig || (figure && !fig->alt_caption))
        return;                            /* an HTML <img>: no keywords (Marp's) */
    const char *alt = figure ? n->u.link.alt : node_text(doc, n);
    if (!alt || !*alt)
        return;
    Keywords k = {.bg = marp_background_alt(alt)};
    Node *slide = k.bg ? slide_of(n) : NULL;
    if (k.bg && !slide)
        k.bg = false;
    gchar **words = g_strsplit_set(alt, " \t\n", -1);
    GString *kept = g_string_new(NULL);
    bool any = false;
    for (gchar **w = words; *w; w++) {
        if (!**w)
            continue;
        if (image_keyword(doc, *w, fig, &k, n->pos, said))
            any = true;
        else
            g_string_append_printf(kept, "%s%s", kept->len ? " " : "", *w);
    }
    g_strfreev(words);
    const char *rest = kept->len ? arena_strdup(doc->arena, kept->str) : NULL;
    g_string_free(kept, TRUE);
    FilterList *filters = NULL;
    if (k.filters.n) {
        filters = arena_alloc(doc->arena, sizeof *filters);
        *filters = k.filters;
    }
    if (k.bg) {
        Ground *g = arena_zalloc(doc->arena, sizeof *g);
        *g = k.ground;
        g->figure = fig;
        g->filters = filters;
        g->alt = rest;
        g->pos = n->pos;
        g->ax = g->ay = 0.5;
        Ground **tail = &slide->u.slide.grounds;
        while (*tail)
            tail = &(*tail)->next;
        *tail = g;
        /* (the side from the last picture that names one, the size from
         * the last that gives one: Marpit's) */
        if (k.split)
            slide->u.slide.split = k.split;
        if (k.split_size > 0)
            slide->u.slide.split_size = k.split_size;
        if (k.direction)
            slide->u.slide.vertical = k.direction > 0;
        /* out of the tree, with a blank beside it where it stood between
         * words or at an end; then its paragraph, when nothing else is left */
        Node *parent = n->parent;
        drop_blank_beside(n);
        node_unlink(n);
        if (parent && parent->type == NODE_PARAGRAPH && blank_paragraph(parent))
            node_unlink(parent);
        return;
    }
    if (!any)
        return;
    if (figure) {
        n->u.link.alt = rest ? rest : "";
        fig->filters = filters;
        if (!rest)
            fig->alt_caption = false;      /* (only keywords: no caption) */
    } else {                               /* an image in running text: its text */
        n->first = n->last = NULL;
        if (rest) {
            Node *t = node_make(doc, NODE_TEXT, n->pos);
            t->u.text.text = arena_strdup(node_text_arena(doc), rest);
            t->u.text.len = strlen(rest);
            node_append(n, t);
        }
    }
}

/* Is paragraph p only pictures (Markdown's, in a deck) and blanks between
 * them? How many, in *count. */
static bool
picture_paragraph(const Node *p, int *count)
{
    *count = 0;
    for (const Node *c = p->first; c; c = c->next) {
        if (c->type == NODE_IMAGE && c->u.link.figure)
            ++*count;
        else if (!(c->type == NODE_LINEBREAK || c->type == NODE_SOFTBREAK
                   || (c->type == NODE_TEXT
                       && strspn(c->u.text.text, " \t") == c->u.text.len)))
            return false;
    }
    return *count > 0;
}

/* A paragraph of pictures becomes one figure whose pictures are set side
 * by side (Marp's line of images: block.c's row), with no caption; their
 * alt texts are its text. */
static void
picture_rows(Doc *doc)
{
    for (Node *p = doc->root; p; p = (Node *)node_next(doc->root, p)) {
        int count;
        if (p->type != NODE_PARAGRAPH || !picture_paragraph(p, &count))
            continue;
        Figure *first = NULL;
        GString *alt = g_string_new(NULL);
        Figure **row = count > 1 ? arena_alloc(doc->arena, sizeof *row * (size_t)(count - 1))
                                 : NULL;
        int n = 0;
        const char *href = NULL, *title = NULL;
        for (const Node *c = p->first; c; c = c->next) {
            if (c->type != NODE_IMAGE)
                continue;
            char *t = node_text(doc, c);
            if (t && *t)
                g_string_append_printf(alt, "%s%s", alt->len ? " " : "", t);
            if (!first) {
                first = c->u.link.figure;
                href = c->u.link.href;
                title = c->u.link.title;
            } else {
                row[n++] = c->u.link.figure;
            }
        }
        first->row = row;
        first->n_row = n;
        first->alt_caption = false;        /* (Marp prints no caption) */
        p->type = NODE_FIGURE;
        p->first = p->last = NULL;
        p->u.link.href = href;
        p->u.link.title = title;
        p->u.link.figure = first;
        p->u.link.alt = arena_strdup(doc->arena, alt->str);
        g_string_free(alt, TRUE);
    }
}

/* The keywords of each picture's alt text read out (see the header). */
static void
image_keywords(Doc *doc)
{
    Said said = {0};
    GPtrArray *images = g_ptr_array_new();
    for (const Node *n = doc->root; n; n = node_next(doc->root, n))
        if (n->type == NODE_FIGURE || n->type == NODE_IMAGE)
            g_ptr_array_add(images, (Node *)n);
    for (guint i = 0; i < images->len; i++)   /* (a bg leaves the tree as it is read) */
        read_image(doc, images->pdata[i], &said);
    g_ptr_array_free(images, TRUE);
    picture_rows(doc);
}

/* The picture of the backgroundImage directive in look l (with its size
 * and position), over the whole slide. NULL, with a warning once, when
 * it is no url(...). */
static Ground *
directive_ground(Doc *doc, const SlideLook *l, Seen **seen)
{
    const char *v = l->bg_image;
    if (strcmp(v, "none") == 0)
        return NULL;
    const char *open = strncmp(v, "url(", 4) == 0 ? v + 4 : NULL;
    const char *close = open ? strchr(open, ')') : NULL;
    if (!close) {
        if (!said(doc, seen, "backgroundImage"))
            diag_warn(doc, l->bg_pos, "backgroundImage: only url(...) is drawn, not \"%s\"", v);
        return NULL;
    }
    if (close > open && (*open == '\'' || *open == '"') && close[-1] == *open) {
        open++;
        close--;
    }
    if (strchr(close, ',') && !said(doc, seen, "backgroundImage,"))
        diag_warn(doc, l->bg_pos, "backgroundImage: the first picture is drawn, not the "
                  "others after it");
    Ground *g = arena_zalloc(doc->arena, sizeof *g);
    g->figure = figure_make(doc, arena_strndup(doc->arena, open, (size_t)(close - open)));
    g->pos = l->bg_pos;
    g->ax = g->ay = 0.5;
    g->size = GROUND_COVER;                /* (Marpit's default for the directive) */
    const char *z = l->bg_size;
    if (z) {
        double pc = percent(z);
        if (strcmp(z, "cover") == 0)
            g->size = GROUND_COVER;
        else if (strcmp(z, "contain") == 0)
            g->size = GROUND_CONTAIN;
        else if (strcmp(z, "auto") == 0 || strcmp(z, "auto auto") == 0)
            g->size = GROUND_AUTO;
        else if (pc > 0) {
            g->size = GROUND_SCALE;
            g->scale = pc;
        } else {
            char w[32] = "", h[32] = "";
            if (sscanf(z, "%31s %31s", w, h) >= 1 && !strchr(w, '%') && !strchr(h, '%')) {
                for (char *x = w; x; x = x == w ? h : NULL) {
                    size_t n = strlen(x);
                    if (n > 2 && strcmp(x + n - 2, "px") == 0)
                        x[n - 2] = '\0';
                }
                figure_html_size(g->figure, strcmp(w, "auto") ? w : NULL,
                                 *h && strcmp(h, "auto") ? h : NULL);
            }
            if (g->figure->width.unit || g->figure->height.unit)
                g->size = GROUND_SIZE;
            else if (!said(doc, seen, "backgroundSize"))
                diag_warn(doc, l->bg_pos, "backgroundSize \"%s\" is not read (cover, contain, "
                          "auto, N%%, or a width and height): cover", z);
        }
    }
    const char *p = l->bg_position;
    if (p) {
        char a[32] = "", b[32] = "";
        int n = sscanf(p, "%31s %31s", a, b);
        bool ok = n >= 1;
        for (int i = 0; i < n && ok; i++) {
            const char *w = i ? b : a;
            double pc = percent(w);
            bool vert = strcmp(w, "top") == 0 || strcmp(w, "bottom") == 0;
            double at = strcmp(w, "left") == 0 || strcmp(w, "top") == 0 ? 0
                        : strcmp(w, "right") == 0 || strcmp(w, "bottom") == 0 ? 1
                        : strcmp(w, "center") == 0 ? 0.5 : pc;
            if (at < 0 || at > 1)
                ok = false;
            else if (vert || (i == 1 && !(strcmp(w, "left") == 0 || strcmp(w, "right") == 0)))
                g->ay = at;
            else
                g->ax = at;
        }
        if (!ok && !said(doc, seen, "backgroundPosition"))
            diag_warn(doc, l->bg_pos, "backgroundPosition \"%s\" is not read (left, center, "
                      "right, top, bottom, N%%): centred", p);
    }
    return g;
}

void
marp_resolve(Doc *doc)
{
    image_keywords(doc);
    Seen *seen = NULL;
    SlideLook cur = {.paginate = -1};
    const SlideLook *last = NULL;          /* the last slide's, with its ground */
    bool set = doc->meta.directives != NULL;   /* a look is in force */
    for (const Directive *d = doc->meta.directives; d; d = d->next)
        if (!d->scoped)
            apply(doc, d, &cur, &seen);
    bool first = true;                     /* (the front matter's _name: slide 1's) */
    for (Node *s = doc->root->first; s; s = s->next) {
        if (s->type != NODE_SLIDE)
            continue;
        const Directive *ds = s->u.slide.directives;
        for (const Directive *d = ds; d; d = d->next)
            if (!d->scoped) {
                apply(doc, d, &cur, &seen);
                set = true;
            }
        SlideLook l = cur;
        for (const Directive *d = first ? doc->meta.directives : NULL; d; d = d->next)
            if (d->scoped)
                apply(doc, d, &l, &seen);
        first = false;
        for (const Directive *d = ds; d; d = d->next)
            if (d->scoped)
                apply(doc, d, &l, &seen);
        if (l.bg_image && (!last || last->bg_image != l.bg_image
                           || last->bg_size != l.bg_size || last->bg_position != l.bg_position))
            l.ground = directive_ground(doc, &l, &seen);
        else if (l.bg_image)
            l.ground = last->ground;       /* (the same picture: made once) */
        else
            l.ground = NULL;
        if (set || ds) {
            SlideLook *copy = arena_zalloc(doc->arena, sizeof *copy);
            *copy = l;
            last = copy;
            s->u.slide.look = copy;
        }
    }
}

void
marp_check_classes(Doc *doc, const Theme *slides)
{
    const char *own = slides->slide_class ? slides->slide_class : "";
    Seen *seen = NULL;
    for (const Node *s = doc->root ? doc->root->first : NULL; s; s = s->next) {
        const SlideLook *l = s->type == NODE_SLIDE ? s->u.slide.look : NULL;
        if (!l || !l->classes)
            continue;
        gchar **words = g_strsplit(l->classes, " ", -1);
        for (gchar **w = words; *w; w++)
            if (strcmp(*w, own) != 0 && !said(doc, &seen, arena_strdup(doc->arena, *w)))
                diag_warn(doc, l->class_pos, "class '%s' is not one kumihan knows (lead, invert"
                          "%s%s): ignored", *w, *own ? _("; the theme's: ") : "", own);
        g_strfreev(words);
    }
}
