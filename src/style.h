/*
 * style.h: computed styles, the built-in theme, and the page geometry.
 */
#ifndef STYLE_H
#define STYLE_H

#include "doc.h"

/* A file a theme names (a logo), and where it is read from. */
typedef struct ThemeFile {
    const char *name;                      /* as written; NULL: none */
    const char *dir;                       /* the folder of the theme file that named it:
                                            * relative to the document's folder, or (when
                                            * `anywhere`) to the working folder; NULL: the
                                            * document's own (the front matter named it) */
    bool anywhere;                         /* from a theme given on the command line: read
                                            * wherever it is, like that theme; else inside
                                            * the root, like an image */
    const char *theme_file;                /* for messages: that theme file, or NULL (the
                                            * document's front matter) */
    SrcPos pos;                            /* of the value there */
} ThemeFile;

/* The page sets that have their own running heads and folios. */
typedef enum PageSet { PAGES_ODD, PAGES_EVEN, PAGES_FIRST, PAGES_APPENDIX, PAGE_SETS } PageSet;

/* Where the confidentiality mark goes: a corner of the text block, in the
 * head's band or the foot's. */
typedef enum Corner {
    CORNER_TOP_RIGHT, CORNER_TOP_LEFT, CORNER_BOTTOM_RIGHT, CORNER_BOTTOM_LEFT
} Corner;

/* The built-in report theme (theme.c): fonts, sizes, colours, spacing. */
typedef struct Theme {
    const char *family[3];                 /* by FontRole */
    Style body, heading[4], code_block, cell, cell_head, note, caption;
    Style title[TITLE_ROLES];              /* by TitleRole */
    Style head, folio;                     /* running head, page number */
    bool link_underline;                   /* links underlined as well as coloured */
    uint32_t link_color, rule_color, code_bg, quote_bar, table_rule, head_fill;
    /* page setup (版面, style_geometry): the text block is chars_per_line
     * body ems wide (else the measure that fits between the inner and
     * outer margins, else measure_ratio of the paper) and lines_per_page
     * body pitches tall (else what fits between top and bottom, else
     * height_ratio of the paper); placed by the margins given, else centred */
    const char *paper;                     /* A4 ...: --paper and the front matter win */
    bool landscape;
    Unit paper_width, paper_height;        /* a custom size (both set), else the paper's */
    int chars_per_line, lines_per_page;    /* 0: from the margins or the ratios */
    Unit margin_top, margin_bottom;        /* 天, 地; THEME_AUTO: not given */
    Unit margin_inner, margin_outer;       /* ノド, 小口 (mirrored on even pages) */
    int columns;                           /* 段組: the body in 1 or 2 columns */
    Unit column_gap;                       /* 段間 */
    double measure_ratio, height_ratio;    /* of the paper, for the text area */
    int heading_lines_before[4];           /* body pitches above h1..h4 */
    int list_indent_em;                    /* per level */
    const char *bullets[6];                /* list markers by depth */
    bool para_indent;                      /* paragraphs start one em in (字下げ) */
    bool title_rule;                       /* a rule under the title block */
    bool title_gap_event;                  /* a blank line before the event line */
    Style slide_title;                     /* the first heading of a slide */
    /* running heads and folios (柱とノンブル) and what every page carries
     * (furniture.c); the title block's lines and page (report.c, block.c) */
    const char *head_text[PAGE_SETS][3];   /* templates by PageSet and Slot (template.h);
                                            * NULL: as on the odd pages (odd: none) */
    const char *foot_text[PAGE_SETS][3];
    bool head_rule;                        /* a hairline under the running head */
    ThemeFile logo;                        /* in the head, on every page */
    Unit logo_height;
    uint8_t logo_slot;                     /* SLOT_LEFT, SLOT_CENTER or SLOT_RIGHT */
    const char *mark_text;                 /* the confidentiality mark (社外秘), a template
                                            * of the document's fields; NULL, "": none */
    Unit mark_size;
    uint32_t mark_color;
    uint8_t mark_corner;                   /* Corner */
    const char *watermark_text;            /* across every page (DRAFT), the same way */
    Unit watermark_size;                   /* 0: as large as the page's diagonal allows */
    uint32_t watermark_color;
    const char *const *title_fields;       /* the title block's lines, in order: role names
                                            * or templates; NULL-ended */
    bool title_page;                       /* the title block alone on page 1 */
} Theme;

#define THEME_AUTO (-1)                    /* a margin not given */

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
