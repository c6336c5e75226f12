/*
 * style.c: computed Style for every node, from the theme and the node's
 * context (heading level, table header row, footnote, inline markup), and
 * the page geometry: the paper and the text block on it (版面).
 * Styles are interned in a small per-document table: a document has a few
 * dozen distinct styles, so a linear search is cheapest.
 * Not done: user themes or stylesheets.
 */
#include "style.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "i18n.h"
#include "node.h"

#define PT(x) ((Unit)((x) * 1024))

/* --- page setup (版面) --- */

typedef struct Paper { const char *name; double w_pt, h_pt; } Paper;

static const Paper papers[] = {
    {"A3", 841.890, 1190.551},             /* 297 x 420 mm */
    {"A4", 595.276, 841.890},              /* 210 x 297 mm */
    {"A5", 419.528, 595.276},              /* 148 x 210 mm */
    {"A6", 297.638, 419.528},              /* 105 x 148 mm */
    {"B4", 728.504, 1031.811},             /* JIS B4, 257 x 364 mm */
    {"B5", 515.906, 728.504},              /* JIS B5, 182 x 257 mm */
    {"B6", 362.835, 515.906},              /* JIS B6, 128 x 182 mm */
    {"Letter", 612.0, 792.0},              /* 8.5 x 11 in */
    {"Legal", 612.0, 1008.0},              /* 8.5 x 14 in */
};

bool
style_paper_size(const char *name, Unit *w, Unit *h)
{
    for (size_t i = 0; name && i < sizeof papers / sizeof papers[0]; i++)
        if (strcasecmp(papers[i].name, name) == 0) {
            *w = unit_from_pt(papers[i].w_pt);
            *h = unit_from_pt(papers[i].h_pt);
            return true;
        }
    return false;
}

/* A length for a message: points with at most two decimals, and with
 * `mm` millimetres too ("595.28pt = 210mm"). */
static const char *
len_text(char *buf, size_t size, Unit u, bool mm)
{
    char pt[32], m[32] = "";
    snprintf(pt, sizeof pt, "%.2f", pt_from_unit(u));
    char *e = pt + strlen(pt);
    while (e[-1] == '0')
        *--e = '\0';
    if (e[-1] == '.')
        e[-1] = '\0';
    if (mm) {
        snprintf(m, sizeof m, " = %.1f", pt_from_unit(u) * 25.4 / 72);
        e = m + strlen(m);
        if (e[-1] == '0' && e[-2] == '.')
            e[-2] = '\0';
        strcat(m, "mm");
    }
    snprintf(buf, size, "%spt%s", pt, m);
    return buf;
}

typedef struct Issues { GeomIssue *out; int n; } Issues;

static void issue(Issues *is, size_t field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
issue(Issues *is, size_t field, const char *fmt, ...)
{
    if (!is->out || is->n >= GEOM_ISSUES)
        return;
    GeomIssue *g = &is->out[is->n++];
    g->field = field;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(g->text, sizeof g->text, fmt, ap);
    va_end(ap);
}

#define AT(field) offsetof(Theme, field)

/* What the messages of one axis of the block name: its direction on the
 * paper, its two margins' keys and fields, what they leave, its share of
 * the paper. A vertical page is laid out turned (vertical.h): its across is
 * the paper's down (天 and 地), its down the paper's across (ノド, 小口). */
typedef struct Axis {
    const char *dir, *key_a, *key_b, *leave, *share;
    size_t field_a, field_b, field_share;
} Axis;

static Axis
axis(bool paper_across)
{
    if (paper_across)
        return (Axis){_("across the paper"), "page.margin-inner", "page.margin-outer",
                      _("the margins leave (page.margin-inner, page.margin-outer)"),
                      _("%g%% of the paper's width (page.text-width)"), AT(margin_inner),
                      AT(margin_outer), AT(measure_ratio)};
    return (Axis){_("down the paper"), "page.margin-top", "page.margin-bottom",
                  _("the margins leave (page.margin-top, page.margin-bottom)"),
                  _("%g%% of the paper's height (page.text-height)"), AT(margin_top),
                  AT(margin_bottom), AT(height_ratio)};
}

/* The margins given on one axis, a and b (THEME_AUTO: not given), leave no
 * room for the smallest block (`least`) on a paper `size` long: both are
 * dropped (the block is centred), and said so. */
static void
margins_fit(Issues *is, Unit *a, Unit *b, Unit least, Unit size, const char *across,
            const char *key_a, const char *key_b, size_t field_a, size_t field_b)
{
    Unit ga = *a > 0 ? *a : 0, gb = *b > 0 ? *b : 0;
    if (ga + gb + least <= size || (*a < 0 && *b < 0))
        return;
    char x[48], y[48], z[48];
    if (*a >= 0 && *b >= 0)
        issue(is, field_a, _("%s %s and %s %s leave no room for the text %s (%s): both "
                                "ignored, the text block centred"), key_a, len_text(x, sizeof x, *a, true), key_b,
              len_text(y, sizeof y, *b, true), across, len_text(z, sizeof z, size, true));
    else
        issue(is, *a >= 0 ? field_a : field_b, _("%s %s leaves no room for the text %s (%s): "
                                                     "ignored, the text block centred"), *a >= 0 ? key_a : key_b,
              len_text(x, sizeof x, *a >= 0 ? *a : *b, true), across,
              len_text(z, sizeof z, size, true));
    *a = *b = THEME_AUTO;
}

static int
at_most(int a, int b)
{
    return a < b ? a : b;
}

/* The smallest custom paper: an inch a side (a smaller one has no room for
 * a line and its running head, and degenerate pages upset cairo's tags). */
#define PAPER_LEAST PT(72)

/* The paper: a custom size (both given), else the named one (else A4);
 * landscape puts the long side across. */
static void
paper_of(const Theme *t, PageGeom *g, Issues *is)
{
    char a[48], b[48];
    bool custom = t->paper_width > 0 && t->paper_height > 0;
    if (custom && (t->paper_width < PAPER_LEAST || t->paper_height < PAPER_LEAST)) {
        issue(is, AT(paper_width), _("page.width %s x page.height %s is smaller than the "
                                        "smallest paper kumihan sets (an inch, 72pt, a side): "
                                        "%s instead"),
              len_text(a, sizeof a, t->paper_width, true),
              len_text(b, sizeof b, t->paper_height, true), g->paper);
        custom = false;
    }
    if (custom) {
        g->width = t->paper_width;
        g->height = t->paper_height;
        g->paper = _("the custom paper (page.width, page.height)");
    } else if (!style_paper_size(g->paper, &g->width, &g->height)) {
        style_paper_size("A4", &g->width, &g->height);
    }
    if (t->landscape && g->width < g->height) {
        Unit w = g->width;
        g->width = g->height;
        g->height = w;
    }
}

/* Across: the measure, a whole number of body ems per column, and where the
 * block's left edge is on odd and even pages. */
static void
across(const Theme *t, PageGeom *g, Unit em, Issues *is)
{
    char a[48], b[48], c[48], d[48];
    int cols = g->columns;
    Unit gaps = (cols - 1) * g->column_gap;
    Axis ax = axis(!g->vertical);
    Unit in = t->margin_inner, out = t->margin_outer;
    margins_fit(is, &in, &out, em, g->width, ax.dir, ax.key_a, ax.key_b, ax.field_a,
                ax.field_b);
    Unit room = g->width - (in > 0 ? in : 0) - (out > 0 ? out : 0);
    if (cols > 1 && gaps + cols * em > room) {
        issue(is, AT(column_gap),
              in >= 0 || out >= 0 ? _("page.column-gap %s leaves no room for %d columns across "
                                      "the %s the margins leave: set in one column")
                                  : _("page.column-gap %s leaves no room for %d columns across "
                                      "the %s of the paper: set in one column"),
              len_text(a, sizeof a, gaps, true), cols, len_text(b, sizeof b, room, true));
        cols = g->columns = 1;
        g->column_gap = gaps = 0;
    }
    /* the share of the paper (the rule before page setup: keep it exact) */
    int by_ratio = cols == 1 ? (int)((double)g->width * t->measure_ratio / em)
                             : (int)(((double)g->width * t->measure_ratio - gaps) / cols / em);
    int ems;
    if (t->chars_per_line > 0)
        ems = t->chars_per_line;
    else if (in >= 0 && out >= 0)
        ems = (room - gaps) / cols / em;
    else
        ems = by_ratio;
    int64_t block = (int64_t)cols * ems * em + gaps;
    if (block > room && cols * em + gaps <= room) {   /* (else body.size is to blame) */
        int fit = at_most(by_ratio, (room - gaps) / cols / em);
        if (fit < 1)
            fit = 1;
        char what[320];
        if (t->chars_per_line > 0 && cols > 1)
            snprintf(what, sizeof what, _("%d columns of %d characters (page.chars-per-line) "
                                            "of %s (body.size) with the gap (page.column-gap, "
                                            "%s)"), cols, ems,
                     len_text(a, sizeof a, em, false), len_text(b, sizeof b, gaps, false));
        else if (t->chars_per_line > 0)
            snprintf(what, sizeof what, _("%d characters (page.chars-per-line) of %s (body.size)"),
                     ems, len_text(a, sizeof a, em, false));
        else
            snprintf(what, sizeof what, ax.share, t->measure_ratio * 100);
        issue(is, t->chars_per_line > 0 ? AT(chars_per_line)
                  : in >= 0            ? ax.field_a
                                       : ax.field_b,
              _("the text block does not fit: %s make %s, more than the %s %s on %s: set %d "
                "characters per line"), what, len_text(c, sizeof c, (Unit)block, true),
              len_text(d, sizeof d, room, true),
              in >= 0 || out >= 0 ? ax.leave : ax.dir,
              g->paper, fit);
        ems = fit;
    }
    if (cols * em + gaps > room)
        ems = 1;                           /* (the type alone is wider: said below) */
    g->measure = (ems > 0 ? ems : 1) * em;
    g->block_width = cols * g->measure + gaps;
    if (g->block_width > room)
        issue(is, AT(body.size), _("body.size %s is wider than the paper (%s): the text "
                                      "runs off it"), len_text(a, sizeof a, em, false),
              len_text(b, sizeof b, g->width, true));
    if (in >= 0) {
        g->left = in;
        g->left_even = g->width - in - g->block_width;
    } else if (out >= 0) {
        g->left = g->width - out - g->block_width;
        g->left_even = out;
    } else {
        g->left = g->left_even = (g->width - g->block_width) / 2;
    }
}

/* Down: the lines on the body pitch, and the block's top. The margins are
 * to the character faces (字面) of the first and last lines, half the
 * leading inside the block's top and bottom. */
static void
down(const Theme *t, PageGeom *g, Unit em, Issues *is)
{
    char a[48], b[48], c[48], d[48];
    Unit half = (g->pitch - em) / 2;
    Axis ax = axis(g->vertical);
    Unit top = t->margin_top, bottom = t->margin_bottom;
    margins_fit(is, &top, &bottom, em, g->height, ax.dir, ax.key_a, ax.key_b, ax.field_a,
                ax.field_b);
    Unit room = g->height - (top > 0 ? top : 0) - (bottom > 0 ? bottom : 0);
    int by_ratio = (int)((double)g->height * t->height_ratio / g->pitch);
    if (t->lines_per_page > 0)
        g->lines = t->lines_per_page;
    else if (top >= 0 && bottom >= 0)
        g->lines = (room - em) / g->pitch + 1;
    else
        g->lines = by_ratio;
    int64_t face = (int64_t)(g->lines - 1) * g->pitch + em;
    if (g->lines > 0 && face > room && em <= room) {   /* (else body.size is to blame) */
        int fit = at_most(by_ratio, (room - em) / g->pitch + 1);
        if (fit < 1)
            fit = 1;
        char what[320];
        if (t->lines_per_page > 0)
            snprintf(what, sizeof what, _("%d lines (page.lines) on a pitch of %s (body.pitch) "
                                            "of %s type (body.size)"), g->lines, len_text(a, sizeof a, g->pitch, false),
                     len_text(b, sizeof b, em, false));
        else
            snprintf(what, sizeof what, ax.share, t->height_ratio * 100);
        issue(is, t->lines_per_page > 0 ? AT(lines_per_page)
                  : top >= 0           ? ax.field_a
                                       : ax.field_b,
              _("the text block does not fit: %s make %s, more than the %s %s on %s: set %d "
                "lines"), what, len_text(c, sizeof c, (Unit)face, true),
              len_text(d, sizeof d, room, true),
              top >= 0 || bottom >= 0
                  ? ax.leave
                  : ax.dir,
              g->paper, fit);
        g->lines = fit;
    }
    if (g->lines < 1 || em > room)
        g->lines = 1;
    if (em > room)
        issue(is, AT(body.size), _("body.size %s is taller than the paper (%s): the text "
                                      "runs off it"), len_text(a, sizeof a, em, false),
              len_text(b, sizeof b, g->height, true));
    g->body_height = g->lines * g->pitch;
    if (top >= 0)
        g->top = top - half;
    else if (bottom >= 0)
        g->top = g->height - bottom - g->body_height + half;
    else
        g->top = (g->height - g->body_height) / 2;
    /* the running head above the block, the folio below it */
    g->head_baseline = g->top - PT(22);
    g->foot_baseline = g->top + g->body_height + PT(32);
    /* (the key that set the block's height or place, for the position) */
    size_t set = top >= 0 ? ax.field_a : bottom >= 0 ? ax.field_b
                 : t->lines_per_page > 0 ? AT(lines_per_page) : ax.field_share;
    const char *key = top >= 0 ? ax.key_a : bottom >= 0 ? ax.key_b
                      : t->lines_per_page > 0 ? "page.lines"
                      : g->vertical ? "page.text-width" : "page.text-height";
    if (g->vertical)
        return;                            /* (its heads and folio are across 天 and 地:
                                            * where the block's left leaves room) */
    if (g->head_baseline - t->head.size < 0)
        issue(is, set, _("the running head (22pt above the text block) is cut off at the "
                            "paper's top: the text block starts %s from it (%s)"),
              len_text(a, sizeof a, g->top + half, true), key);
    if (g->foot_baseline > g->height)
        issue(is, set, _("the folio (32pt below the text block) falls off the paper's foot: "
                            "the text block ends %s above it (%s)"),
              len_text(a, sizeof a, g->height - g->top - g->body_height + half, true), key);
}

static PageGeom
geometry(const Theme *t, const char *paper, Issues *is)
{
    PageGeom g = {.paper = paper ? paper : t->paper};
    paper_of(t, &g, is);
    Theme turned;
    if (t->vertical) {
        /* 縦組 is laid out on the page turned a quarter clockwise (vertical.h):
         * its width is the paper's height, the line runs from 天 (its left)
         * to 地 (its right), and the lines go from the paper's right edge
         * (its top) to the left; bound on the right, an odd page has its
         * spine (ノド) there, an even page its fore edge (小口: top_even); the
         * block's width and height shares swap */
        turned = *t;
        turned.margin_inner = t->margin_top;
        turned.margin_outer = t->margin_bottom;
        turned.margin_top = t->margin_inner;
        turned.margin_bottom = t->margin_outer;
        turned.measure_ratio = t->height_ratio;
        turned.height_ratio = t->measure_ratio;
        Unit w = g.width;
        g.width = g.height;
        g.height = w;
        g.vertical = true;
        g.notes_spread = t->note_place == NOTES_SPREAD;
        t = &turned;
    }
    Unit em = t->body.size > 0 ? t->body.size : 1;
    g.pitch = t->body.pitch > 0 ? t->body.pitch : em;
    g.columns = t->columns == 2 ? 2 : 1;
    g.column_gap = g.columns > 1 ? t->column_gap : 0;
    across(t, &g, em, is);
    down(t, &g, em, is);
    g.top_even = g.top;
    if (g.vertical) {                      /* 天 and 地 the same on every page; the */
        g.left_even = g.left;              /* spine's side mirrored */
        g.top_even = g.height - g.top - g.body_height;
    }
    return g;
}

PageGeom
style_geometry(const Theme *t, const char *paper)
{
    Issues none = {NULL, 0};
    return geometry(t, paper, &none);
}

int
style_geometry_check(const Theme *t, GeomIssue out[GEOM_ISSUES])
{
    Issues is = {out, 0};
    geometry(t, NULL, &is);
    return is.n;
}

/* --- interning --- */

struct Interned { struct Interned *next; Style s; };
typedef struct Interned Interned;

static bool
style_equal(const Style *a, const Style *b)
{
    return a->font == b->font && a->align == b->align && a->weight == b->weight
           && a->size == b->size && a->pitch == b->pitch && a->rise == b->rise
           && a->color == b->color && a->strike == b->strike && a->underline == b->underline
           && a->mark == b->mark;
}

const Style *
style_intern(Doc *doc, const Style *s)
{
    for (Interned *i = doc->styles; i; i = i->next)
        if (style_equal(&i->s, s))
            return &i->s;
    Interned *i = arena_zalloc(doc->arena, sizeof *i);
    i->s = *s;
    i->next = doc->styles;
    doc->styles = i;
    return &i->s;
}

/* --- computing --- */

Style
style_for_inline(const Theme *t, const Style *parent, NodeType type)
{
    Style s = *parent;
    switch (type) {
    case NODE_EMPH:                        /* (or the dots beside it: inline.c) */
        if (!theme_emphasis_dots(t))
            s.font = FONT_SANS;
        break;
    case NODE_STRONG:
        s.font = FONT_SANS;
        s.weight = 700;
        break;
    case NODE_CODE:
        s.font = FONT_MONO;
        s.size = parent->size * 9 / 10;
        break;
    case NODE_LINK:
        s.color = t->link_color;
        if (t->link_underline)
            s.underline = 1;
        break;
    case NODE_STRIKE:
        s.strike = 1;
        break;
    case NODE_SUP:                         /* (as a note reference, in the text colour) */
        s.size = parent->size * 6 / 10;
        s.rise = parent->size * 4 / 10;
        break;
    case NODE_SUB:
        s.size = parent->size * 6 / 10;
        s.rise = -parent->size * 1 / 10;
        break;
    case NODE_SMALL:
        s.size = parent->size * 85 / 100;
        break;
    case NODE_UNDERLINE:
        s.underline = 1;
        break;
    case NODE_MARK:
        s.mark = 1;
        break;
    case NODE_KBD:
        s.font = FONT_MONO;
        s.size = parent->size * 9 / 10;
        break;
    case NODE_FOOTNOTE_REF:
        s.size = parent->size * 6 / 10;
        s.rise = parent->size * 4 / 10;
        s.color = t->link_color;
        break;
    default:
        break;
    }
    return s;
}

static Style
block_style(const Theme *t, const Node *n)
{
    const Style *parent = n->parent && n->parent->style ? n->parent->style : &t->body;
    switch (n->type) {
    case NODE_DOCUMENT:
        return t->body;
    case NODE_HEADING: {
        const Node *slide = n->parent;
        if (slide && slide->type == NODE_SLIDE && slide->u.slide.title_node == n)
            return slide->u.slide.number == 1 ? t->title[TITLE_TITLE] : t->slide_title;
        int l = n->u.heading.level;
        Style s = t->heading[(l < 1 ? 1 : l > 4 ? 4 : l) - 1];
        if (slide && slide->type == NODE_DIV && slide->u.div.align != ALIGN_JUSTIFY)
            s.align = slide->u.div.align;  /* (HTML's <div align>, <h1 align>) */
        return s;
    }
    case NODE_CODE_BLOCK:
        return t->code_block;
    case NODE_CELL: {
        Style s = n->parent && n->parent->u.row.header ? t->cell_head : t->cell;
        const Node *table = n->parent ? n->parent->parent : NULL;
        if (table && table->type == NODE_TABLE && n->u.cell.col < table->u.table.ncols)
            s.align = table->u.table.align[n->u.cell.col];
        return s;
    }
    case NODE_FIGURE:
    case NODE_CAPTION:
        return t->caption;
    case NODE_FOOTNOTES:
    case NODE_FOOTNOTE_DEF:
        return t->note;
    case NODE_TITLE_BLOCK:
    case NODE_TOC:
    case NODE_SLIDE:                       /* a slide restarts from the (scaled) theme */
        return t->body;
    case NODE_TITLE_LINE:
        return t->title[n->u.title.role];
    case NODE_TABLE:
        return t->body;
    case NODE_DIV: {
        Style s = *parent;
        if (n->u.div.align != ALIGN_JUSTIFY)
            s.align = n->u.div.align;
        if (n->u.div.summary)
            s.weight = 700;
        return s;
    }
    default:
        return *parent;
    }
}

void
style_document(Doc *doc, const Theme *t)
{
    style_subtree(doc, doc->root, t);
}

void
style_subtree(Doc *doc, Node *root, const Theme *t)
{
    for (Node *n = root; n; n = (Node *)node_next(root, n)) {
        Style s;
        if (node_is_block(n->type))
            s = block_style(t, n);
        else  /* a link left without a target (refused, unknown #anchor) is text */
            s = style_for_inline(t, n->parent->style,
                                 n->type == NODE_LINK && !n->u.link.href ? NODE_TEXT : n->type);
        n->style = style_intern(doc, &s);
    }
}
