/*
 * style.h: computed styles, the built-in theme, and the page geometry.
 */
#ifndef STYLE_H
#define STYLE_H

#include "doc.h"

/* The built-in report theme (theme.c): fonts, sizes, colours, spacing. */
typedef struct Theme {
    const char *family[3];                 /* by FontRole */
    Style body, heading[4], code_block, cell, cell_head, note, caption;
    Style title[6];                        /* by TitleRole */
    Style head, folio;                     /* running head, page number */
    uint32_t link_color, rule_color, code_bg, quote_bar, table_rule, head_fill;
    double measure_ratio, height_ratio;    /* of the paper, for the text area */
    int heading_lines_before[4];           /* body pitches above h1..h4 */
    int list_indent_em;                    /* per level */
    const char *bullets[6];                /* list markers by depth */
    bool para_indent;                      /* paragraphs start one em in (字下げ) */
    bool title_rule;                       /* a rule under the title block */
    bool title_gap_event;                  /* a blank line before the event line */
    Style slide_title;                     /* the first heading of a slide */
    /* numbering and captions (number.c) */
    const char *heading_number[4];         /* h1..h4: a template (number.h), "": none */
    const char *heading_number_sep;        /* between a heading's number and its title */
    const char *figure_label, *table_label;   /* "図", "表" */
    const char *caption_sep;               /* between a caption's number and its text */
    bool number_by_chapter;                /* 図2.3 (chapter = the h1 counter), not 図3 */
    const char *lof_title, *lot_title;     /* "図目次", "表目次" */
} Theme;

const Theme *theme_report(void);
/* The slide theme (Noto Sans CJK JP, large type) at scale 1. */
const Theme *theme_slide(void);
/* A copy of `t` with every size and pitch times `scale` (for fitting). */
Theme theme_scaled(const Theme *t, double scale);

/* Paper size by name (A4 B5 A5 Letter, case-insensitive); false if unknown. */
bool style_paper_size(const char *name, Unit *w, Unit *h);

/* Page geometry of `paper` for the theme: text area, a measure of a whole
 * number of body ems, a whole number of body lines. */
PageGeom style_geometry(const Theme *theme, const char *paper);

/* The interned copy of `s`: equal styles share one pointer (doc arena). */
const Style *style_intern(Doc *doc, const Style *s);

/* Set node->style on every node of doc->root, from the theme and context. */
void style_document(Doc *doc, const Theme *theme);
/* The same for the subtree of `n` (its parent already styled). */
void style_subtree(Doc *doc, Node *n, const Theme *theme);

/* The inherited font-ish fields changed for an inline of type `t`. */
Style style_for_inline(const Theme *theme, const Style *parent, NodeType t);

#endif
