/*
 * figure.c: figures between the parser and the layout (see figure.h).
 *
 * Syntax. After an image, pandoc's attribute block sets its size:
 * ![alt](fig.png){width=60%}; cmark-gfm leaves the block as text after the
 * image, which parse.c hands here and drops. Its {#id} and {-} go to
 * number.c (which reads headings' and table captions' blocks here too). HTML's <img src width height
 * alt title> is read the same way (a bare number is HTML's pixel: 1/96 in).
 * A link ending in #page=N picks a page of a PDF.
 *
 * Resolution, once per run before the layout (the layout may run several
 * times): each figure's file is opened through files.c (inside --root,
 * read once) and read by image.c (decoded once, however often placed). A
 * figure that cannot be shown is a warning at its position and keeps no
 * picture; block.c then sets a framed placeholder with its alt text and
 * its name, so one bad image never stops the document (--strict makes
 * every warning an error). URLs are never fetched.
 *
 * The box: the picture's own size, or the size asked for (one side given,
 * the other in proportion), never wider than the measure nor taller than
 * the page allows, proportions kept.
 * Not done: figures that float, images inside running text (set as their
 * alt text), <img> inside other HTML, srcset.
 */
#include "figure.h"

#include <glib.h>
#include <math.h>
#include <pango/pango.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "arena.h"
#include "diag.h"
#include "files.h"
#include "filter.h"
#include "i18n.h"
#include "image.h"
#include "limits.h"
#include "node.h"
#include "style.h"

Figure *
figure_make(Doc *doc, const char *href)
{
    Figure *fig = arena_zalloc(doc->arena, sizeof *fig);
    fig->page = 1;
    fig->file = href;
    const char *hash = href ? strrchr(href, '#') : NULL;
    if (hash && strncmp(hash, "#page=", 6) == 0) {
        const char *d = hash + 6;
        size_t n = strspn(d, "0123456789");
        if (n > 0 && n <= 6 && d[n] == '\0' && atoi(d) >= 1) {
            fig->page = atoi(d);
            fig->file = arena_strndup(doc->arena, href, (size_t)(hash - href));
        }
    }
    return fig;
}

/* --- the attribute block and <img> --- */

/* "60%", "8cm", "200" (px), "1.5in": false when it is no positive length. */
static bool
parse_length(const char *s, size_t n, Length *out)
{
    char buf[32];
    if (n == 0 || n >= sizeof buf)
        return false;
    memcpy(buf, s, n);
    buf[n] = '\0';
    char *end;
    double v = g_ascii_strtod(buf, &end);
    if (end == buf || !(v > 0 && v < 1e6) || buf[0] == '+' || buf[0] == ' ')
        return false;
    static const struct { const char *name; LengthUnit unit; } units[] = {
        {"", LENGTH_PX}, {"px", LENGTH_PX}, {"pt", LENGTH_PT}, {"mm", LENGTH_MM},
        {"cm", LENGTH_CM}, {"in", LENGTH_IN}, {"%", LENGTH_PERCENT},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(units); i++)
        if (strcmp(end, units[i].name) == 0) {
            *out = (Length){v, units[i].unit};
            return true;
        }
    return false;
}

static void
add_problem(char *problem, size_t len, const char *fmt, const char *what, size_t n)
{
    size_t used = strlen(problem);
    if (used + 3 >= len)
        return;
    if (used)
        used += (size_t)snprintf(problem + used, len - used, "; ");
    if (used < len)
        snprintf(problem + used, len - used, fmt, (int)(n > 40 ? 40 : n), what);
}

static bool
is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool
is_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
           || c == '-' || c == '_' || c == ':' || c == '.';
}

size_t
figure_attrs(const char *s, size_t len, Figure *fig, Attrs *attrs, char *problem,
             size_t problem_len)
{
    if (problem_len)
        problem[0] = '\0';
    if (len == 0 || s[0] != '{')
        return 0;
    Length width = {0, LENGTH_NONE}, height = {0, LENGTH_NONE};
    size_t i = 1;
    for (;;) {
        while (i < len && is_space(s[i]))
            i++;
        if (i >= len)
            return 0;                      /* never closed: not an attribute block */
        if (s[i] == '}')
            break;
        size_t start = i;
        if (s[i] == '-' && i + 1 < len && (is_space(s[i + 1]) || s[i + 1] == '}')) {
            i++;                           /* {-}: pandoc's short .unnumbered */
            if (attrs)
                attrs->unnumbered = true;
            else
                add_problem(problem, problem_len, _("'%.*s' is not used"), s + start, 1);
            continue;
        }
        if (s[i] == '#' || s[i] == '.') {  /* an identifier or a class */
            i++;
            while (i < len && is_name_char(s[i]))
                i++;
            if (i == start + 1)
                return 0;
            if (attrs && s[start] == '#') {
                attrs->id = s + start + 1;
                attrs->id_len = i - start - 1;
            } else if (attrs && i - start == 11 && memcmp(s + start, ".unnumbered", 11) == 0) {
                attrs->unnumbered = true;
            } else {
                add_problem(problem, problem_len, _("'%.*s' is not used"), s + start, i - start);
            }
            continue;
        }
        while (i < len && is_name_char(s[i]))
            i++;
        size_t key_end = i;
        if (key_end == start || i >= len || s[i] != '=')
            return 0;
        i++;
        size_t v0, v1;
        if (i < len && (s[i] == '"' || s[i] == '\'')) {
            char q = s[i++];
            v0 = i;
            while (i < len && s[i] != q)
                i++;
            if (i >= len)
                return 0;
            v1 = i++;
        } else {
            v0 = i;
            while (i < len && !is_space(s[i]) && s[i] != '}' && s[i] != '"' && s[i] != '\'')
                i++;
            v1 = i;
        }
        size_t kn = key_end - start;
        bool is_w = kn == 5 && memcmp(s + start, "width", 5) == 0;
        bool is_h = kn == 6 && memcmp(s + start, "height", 6) == 0;
        if (!is_w && !is_h) {
            add_problem(problem, problem_len, _("'%.*s' is not used"), s + start, i - start);
            continue;
        }
        Length l;
        if (!fig) {
            add_problem(problem, problem_len, _("'%.*s' is not used"), s + start, i - start);
            continue;
        }
        if (!parse_length(s + v0, v1 - v0, &l)) {
            add_problem(problem, problem_len,
                        _("'%.*s' is not a size (a number with cm, mm, in, pt, px or %%)"),
                        s + start, i - start);
            continue;
        }
        *(is_w ? &width : &height) = l;
    }
    if (fig) {
        if (width.unit != LENGTH_NONE)
            fig->width = width;
        if (height.unit != LENGTH_NONE)
            fig->height = height;
    }
    return i + 1;
}

void
figure_html_size(Figure *fig, const char *width, const char *height)
{
    if (width)
        parse_length(width, strlen(width), &fig->width);
    if (height)
        parse_length(height, strlen(height), &fig->height);
}

bool
figure_img_tag(Doc *doc, const char *html, ImgTag *tag, Figure *fig)
{
    *tag = (ImgTag){0};
    const char *const *a = html_tag_attrs(doc, html, "img");   /* (libxml2 reads it) */
    if (!a)
        return false;
    Length width = {0, LENGTH_NONE}, height = {0, LENGTH_NONE};
    for (; a[0]; a += 2) {
        if (g_ascii_strcasecmp(a[0], "src") == 0)
            tag->src = a[1];
        else if (g_ascii_strcasecmp(a[0], "alt") == 0)
            tag->alt = a[1];
        else if (g_ascii_strcasecmp(a[0], "title") == 0)
            tag->title = a[1];
        else if (g_ascii_strcasecmp(a[0], "width") == 0)
            parse_length(a[1], strlen(a[1]), &width);
        else if (g_ascii_strcasecmp(a[0], "height") == 0)
            parse_length(a[1], strlen(a[1]), &height);
    }
    if (fig) {
        fig->width = width;
        fig->height = height;
    }
    return true;
}

/* --- resolution --- */

/* The name as a message shows it: at most 80 bytes (a data: URL can be
 * megabytes long), cut at a character. */
static const char *
shown_name(Doc *doc, const char *name)
{
    size_t n = strlen(name);
    if (n <= 80)
        return name;
    size_t k = 72;
    while (k > 0 && ((unsigned char)name[k] & 0xC0) == 0x80)
        k--;
    return arena_printf(doc->arena, "%.*s…", (int)k, name);
}

struct Picture *
figure_open(Doc *doc, const char *name, bool anywhere, int page, struct _PangoFontMap *fonts,
            const char **why, bool *refused)
{
    *refused = false;
    SourceFile *f = anywhere ? files_open_given(doc, name, LIMIT_IMAGE_BYTES, why)
                             : files_open(doc, name, LIMIT_IMAGE_BYTES, why, refused);
    if (!f)
        return NULL;
    if (f->source) {                       /* the input or the deck: its bytes are its own */
        *why = _("it is a Markdown source of this run");
        return NULL;
    }
    struct Picture *pic = files_picture(doc, f);
    if (!pic) {
        *why = f->image_error;
        return NULL;
    }
    return image_page(pic, page, fonts, doc->arena, why);
}

static void
resolve(Doc *doc, SrcPos pos, const char *href, Figure *fig, PangoFontMap *fonts)
{
    /* (--strict: an error, and no PDF to hold a placeholder) */
    const char *ph = doc->opt && doc->opt->strict ? "" : _("; a placeholder is set");
    const char *name = fig->file;
    if (!name || !*name) {
        diag_warn(doc, pos, "image without a file name%s", ph);
        return;
    }
    const char *shown = shown_name(doc, href ? href : name);
    const char *dir = doc_dir_at(doc, pos);  /* (a book: its chapter's folder) */
    if (dir != doc->dir && name[0] != '/' && !strstr(name, "://")
        && g_ascii_strncasecmp(name, "data:", 5) != 0)
        name = arena_printf(doc->arena, "%s/%s", dir, name);
    const char *why;
    bool refused;
    struct Picture *page = figure_open(doc, name, false, fig->page, fonts, &why, &refused);
    if (!page) {
        diag_warn(doc, pos, refused ? N_("image '%s' is %s%s") : N_("cannot use image '%s': %s%s"),
                  shown, why, ph);
        return;
    }
    fig->picture = page;
    if (fig->filters) {                    /* (a deck's: drawn for the largest box a
                                            * slide gives it) */
        const ImageInfo *ii = image_info(page);
        double k = fmin(960 / ii->w_pt, 540 / ii->h_pt);
        fig->picture = filter_picture(page, fig->filters, ii->w_pt * k, ii->h_pt * k, fonts);
    }
}

struct Picture *
figure_theme_picture(Doc *doc, const ThemeFile *f, const char *key)
{
    if (!f->path)
        return NULL;
    const char *why;
    bool refused;                          /* (why says so) */
    PangoFontMap *fonts = doc->pango ? pango_context_get_font_map(doc->pango) : NULL;
    struct Picture *p = figure_open(doc, f->path, f->anywhere, 1, fonts, &why, &refused);
    if (!p)
        diag_warn_in(doc, f->file, f->pos, "%s '%s' is not drawn: %s", key, f->name, why);
    return p;
}

void
figure_resolve(Doc *doc)
{
    PangoFontMap *fonts = doc->pango ? pango_context_get_font_map(doc->pango) : NULL;
    for (const Node *n = doc->root; n; n = node_next(doc->root, n))
        if (n->type == NODE_FIGURE && n->u.link.figure) {
            const Figure *fig = n->u.link.figure;
            resolve(doc, n->pos, n->u.link.href, n->u.link.figure, fonts);
            for (int i = 0; i < fig->n_row; i++)   /* (a deck's row of pictures) */
                resolve(doc, n->pos, fig->row[i]->file, fig->row[i], fonts);
        }
    /* a deck's pictures behind its slides (marp.c): a directive's may serve
     * many slides, opened once */
    const Ground *done = NULL;
    for (const Node *s = doc->root->first; s; s = s->next) {
        if (s->type != NODE_SLIDE)
            continue;
        for (const Ground *g = s->u.slide.grounds; g; g = g->next)
            resolve(doc, g->pos, g->figure->file, g->figure, fonts);
        const Ground *lg = s->u.slide.look ? s->u.slide.look->ground : NULL;
        if (lg && lg != done)
            resolve(doc, lg->pos, lg->figure->file, lg->figure, fonts);
        done = lg ? lg : done;
    }
}

/* --- the box --- */

double
figure_length_pt(Length l, Unit of)
{
    switch (l.unit) {
    case LENGTH_PT: return l.value;
    case LENGTH_PX: return l.value * 72.0 / 96.0;
    case LENGTH_MM: return l.value * 72.0 / 25.4;
    case LENGTH_CM: return l.value * 72.0 / 2.54;
    case LENGTH_IN: return l.value * 72.0;
    case LENGTH_PERCENT: return l.value / 100.0 * pt_from_unit(of);
    case LENGTH_NONE: break;
    }
    return 0;
}

void
figure_box(const Figure *fig, Unit width, Unit max_h, Unit text_h, Unit placeholder_h, Unit *w,
           Unit *h)
{
    double nw = 0, nh = 0;                 /* its own size, points */
    if (fig && fig->picture) {
        nw = image_info(fig->picture)->w_pt;
        nh = image_info(fig->picture)->h_pt;
    }
    double aw = fig ? figure_length_pt(fig->width, width) : 0;
    double ah = fig ? figure_length_pt(fig->height, text_h) : 0;
    double bw, bh;
    if (aw > 0 && ah > 0) {
        bw = aw;
        bh = ah;
    } else if (aw > 0) {
        bw = aw;
        bh = nw > 0 ? aw * nh / nw : pt_from_unit(placeholder_h);
    } else if (ah > 0) {
        bh = ah;
        bw = nh > 0 ? ah * nw / nh : pt_from_unit(width);
    } else if (nw > 0 && nh > 0) {
        bw = nw;
        bh = nh;
    } else {
        bw = pt_from_unit(width);
        bh = pt_from_unit(placeholder_h);
    }
    /* scaled down to the measure and the page, proportions kept */
    double maxw = pt_from_unit(width), maxh = pt_from_unit(max_h);
    double scale = 1.0;
    if (bw * scale > maxw)
        scale = maxw / bw;
    if (bh * scale > maxh)
        scale = maxh / bh;
    *w = unit_from_pt(bw * scale);
    *h = unit_from_pt(bh * scale);
    if (*w < 1)
        *w = 1;
    if (*h < 1)
        *h = 1;
}
