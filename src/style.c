/*
 * style.c: computed Style for every node, from the theme and the node's
 * context (heading level, table header row, footnote, inline markup), and
 * the page geometry for a paper size.
 * Styles are interned in a small per-document table: a document has a few
 * dozen distinct styles, so a linear search is cheapest.
 * Not done: user themes or stylesheets.
 */
#include "style.h"

#include <string.h>
#include <strings.h>

#include "arena.h"
#include "node.h"

#define PT(x) ((Unit)((x) * 1024))

typedef struct Paper { const char *name; double w_pt, h_pt; } Paper;

static const Paper papers[] = {
    {"A4", 595.276, 841.890},              /* 210 x 297 mm */
    {"B5", 515.906, 728.504},              /* JIS B5, 182 x 257 mm */
    {"A5", 419.528, 595.276},              /* 148 x 210 mm */
    {"Letter", 612.0, 792.0},              /* 8.5 x 11 in */
};

bool
style_paper_size(const char *name, Unit *w, Unit *h)
{
    for (size_t i = 0; i < sizeof papers / sizeof papers[0]; i++)
        if (strcasecmp(papers[i].name, name) == 0) {
            *w = unit_from_pt(papers[i].w_pt);
            *h = unit_from_pt(papers[i].h_pt);
            return true;
        }
    return false;
}

PageGeom
style_geometry(const Theme *t, const char *paper)
{
    PageGeom g = {.paper = paper};
    if (!style_paper_size(paper, &g.width, &g.height))
        style_paper_size("A4", &g.width, &g.height);
    Unit em = t->body.size;
    int ems = (int)((double)g.width * t->measure_ratio / em);
    g.measure = ems * em;
    g.pitch = t->body.pitch;
    g.lines = (int)((double)g.height * t->height_ratio / g.pitch);
    g.body_height = g.lines * g.pitch;
    g.left = (g.width - g.measure) / 2;
    g.top = (g.height - g.body_height) / 2;
    g.head_baseline = g.top - PT(22);
    g.foot_baseline = g.top + g.body_height + PT(32);
    return g;
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
    case NODE_EMPH:
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
