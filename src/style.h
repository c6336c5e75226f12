/*
 * style.h: computed styles, the built-in theme, and the page geometry.
 */
#ifndef STYLE_H
#define STYLE_H

#include "doc.h"
#include "i18n.h"

/* A file a theme names (a slide's background picture, a logo). */
typedef struct ThemeFile {
    const char *name;                      /* as written, or NULL: none */
    const char *path;                      /* resolved when read: absolute, from the
                                            * folder of the theme file that named it (the
                                            * document's for its front matter) */
    bool anywhere;                         /* named by the command line's theme: read
                                            * wherever it is (printed back as `path`);
                                            * else inside --root, like an image */
    const char *file;                      /* where it was named, for messages: the theme
                                            * file or the document */
    SrcPos pos;
} ThemeFile;

/* The page sets that have their own running heads and folios. */
typedef enum PageSet { PAGES_ODD, PAGES_EVEN, PAGES_FIRST, PAGES_APPENDIX, PAGE_SETS } PageSet;

typedef enum ImageFit { FIT_COVER, FIT_CONTAIN, FIT_STRETCH } ImageFit;
/* A corner: of a slide (its logo), of the text block (the confidentiality
 * mark, in the head's band or the foot's). */
typedef enum Corner { CORNER_TOP_RIGHT, CORNER_TOP_LEFT, CORNER_BOTTOM_RIGHT,
                      CORNER_BOTTOM_LEFT } Corner;
/* A length given absolutely or as a share of the font size: len + em x size
 * (a theme's "0.5pt" or "0.05em"; signed). */
typedef struct EmLength {
    Unit len;
    double em;
} EmLength;

/* The built-in report theme (theme.c): fonts, sizes, colours, spacing. */
typedef struct Theme {
    const char *family[3];                 /* by FontRole */
    /* 和欧混植: the Latin family set with each role's Japanese one ("": none,
     * the Japanese font's own Latin letters), at latin_scale of the text's
     * size, its baseline raised by latin_shift (itemize.c) */
    const char *latin[3];                  /* by FontRole */
    double latin_scale;
    EmLength latin_shift;
    const char *fonts_dir;                 /* a folder of font files, relative to the
                                            * theme's folder ("": none; fontlock.c) */
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
    bool vertical;                         /* 縦組: lines top to bottom, right to left
                                            * (vertical.h) */
    int tcy_digits;                        /* vertical: the most digits set across (0-3) */
    Unit paper_width, paper_height;        /* a custom size (both set), else the paper's */
    int chars_per_line, lines_per_page;    /* 0: from the margins or the ratios */
    Unit margin_top, margin_bottom;        /* 天, 地; THEME_AUTO: not given */
    Unit margin_inner, margin_outer;       /* ノド, 小口 (mirrored on even pages) */
    int columns;                           /* 段組: the body in 1 or 2 columns */
    Unit column_gap;                       /* 段間 */
    double measure_ratio, height_ratio;    /* of the paper, for the text area */
    int heading_lines_before[4];           /* body pitches above h1..h4 */
    int heading_lines_after[4];            /* and below them (0: the text follows) */
    int list_indent_em;                    /* per level */
    const char *bullets[6];                /* list markers by depth */
    bool para_indent;                      /* paragraphs start one em in (字下げ) */
    uint8_t emphasis;                      /* Emphasis: how *emphasis* is set */
    uint8_t note_place;                    /* NotePlace: where footnotes go */
    const char *note_title;                /* the heading of notes set in the text: "注" */
    bool title_rule;                       /* a rule under the title block */
    bool title_gap_event;                  /* a blank line before the event line */
    Style slide_title;                     /* the first heading of a slide */
    /* the deck's look (slide.c) and its printed pages (impose.c); the
     * templates' fields are {title} {subtitle} {author} {event} {place}
     * {date} {page} {pages} (slide_template) */
    uint32_t slide_background;             /* 0xRRGGBB; white: nothing drawn */
    ThemeFile slide_image, slide_logo;     /* the background picture, the logo */
    uint8_t slide_image_fit;               /* ImageFit */
    uint8_t slide_logo_corner;             /* Corner */
    Unit slide_logo_height;
    const char *slide_footer;              /* the foot's left: "{event}" */
    const char *slide_number;              /* the foot's right: "{page} / {pages}" */
    bool paginate_title;                   /* the title slide has the foot too */
    bool slide_middle;                     /* every slide's blocks in the middle of its
                                            * body, as Marp's class lead sets one */
    uint32_t slide_invert_background;      /* Marp's class invert: the ground... */
    uint32_t slide_invert_color;           /* ...and every text's colour */
    const char *slide_class;               /* the theme's own Marp class ("gaia"), "": none */
    uint32_t slide_class_background;       /* its ground... */
    uint32_t slide_class_color;            /* ...and its text */
    const char *handout_header;            /* handouts' and notes pages' head: "{title}" */
    const char *handout_header_right;      /* and at its right: "" */
    const char *handout_footer;            /* their folio: "{page}" */
    /* numbering and captions (number.c) */
    const char *heading_number[4];         /* h1..h4: a template (number.h), "": none */
    const char *heading_number_sep;        /* between a heading's number and its title */
    const char *figure_label, *table_label;   /* "図", "表" */
    const char *caption_sep;               /* between a caption's number and its text */
    bool number_by_chapter;                /* 図2.3 (chapter = the h1 counter), not 図3 */
    const char *lof_title, *lot_title;     /* "図目次", "表目次" */
    /* running heads and folios (柱とノンブル) and what every page carries
     * (furniture.c); the title block's lines and page (report.c, block.c) */
    const char *head_text[PAGE_SETS][3];   /* templates by PageSet and Slot (template.h);
                                            * NULL: as on the odd pages (odd: none) */
    const char *foot_text[PAGE_SETS][3];
    bool head_rule;                        /* a hairline under the running head */
    ThemeFile head_logo;                   /* in the head, on every page */
    Unit head_logo_height;
    uint8_t head_logo_slot;                /* SLOT_LEFT, SLOT_CENTER or SLOT_RIGHT */
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

/* How *emphasis* is set: in the sans face, or with 傍点 (a sesame dot
 * beside each Japanese character, as ruby: inline.c); auto: the dots in
 * vertical text, the face across. */
typedef enum Emphasis { EMPH_AUTO, EMPH_FONT, EMPH_DOTS } Emphasis;

static inline bool
theme_emphasis_dots(const Theme *t)
{
    return t->emphasis == EMPH_DOTS || (t->emphasis == EMPH_AUTO && t->vertical);
}

/* Where footnotes go: at the foot of the page holding their reference
 * (傍注 at the page's left end in vertical text); in vertical text at the
 * left end of the spread (a right page's notes on the left page after it:
 * paginate.c), across as at the page foot; or in the text, after the
 * chapter holding it (後注: a chapter runs from one heading of the
 * document's top level to the next) or after the last chapter. */
typedef enum NotePlace { NOTES_PAGE, NOTES_SPREAD, NOTES_CHAPTER, NOTES_END } NotePlace;

/* A copy of `t` with every size and pitch times `scale` (for fitting). */
Theme theme_scaled(const Theme *t, double scale);

/* The papers style_paper_size knows, for messages: marked for the catalog
 * (N_), looked up with _() where used. */
#define STYLE_PAPER_NAMES N_("A3, A4, A5, A6, B4, B5, B6 (JIS), Letter or Legal")

/* Paper size by name (STYLE_PAPER_NAMES, case-insensitive), portrait;
 * false if unknown. */
bool style_paper_size(const char *name, Unit *w, Unit *h);

/* Page geometry (版面) for the theme on `paper` (NULL: the theme's own,
 * which theme_resolve has set from the command line, the front matter or
 * the theme): the paper (a custom page.width x page.height wins over the
 * name; landscape puts the long side across); a column `measure` of
 * chars_per_line body ems, else the whole ems between the inner and outer
 * margins, else measure_ratio of the paper; `columns` of it with the gap
 * between; lines_per_page body pitches, else the lines whose faces fit
 * between the top and bottom margins, else height_ratio of the paper;
 * placed by the inner or outer margin (mirrored on even pages) and by the
 * top or bottom one (to the first and last lines' character faces, 字面),
 * else centred. A block that does not fit the paper is cut to what fits
 * (style_geometry_check says so). */
PageGeom style_geometry(const Theme *theme, const char *paper);

/* What style_geometry had to change for the block to fit the paper: the
 * Theme field to blame (offsetof) and a message naming the keys and the
 * numbers. */
typedef struct GeomIssue { size_t field; char text[800]; } GeomIssue;
#define GEOM_ISSUES 6

/* The issues of the theme's page setup (at most GEOM_ISSUES) into out;
 * returns their number, 0: the block fits as given. */
int style_geometry_check(const Theme *theme, GeomIssue out[GEOM_ISSUES]);

/* The interned copy of `s`: equal styles share one pointer (doc arena). */
const Style *style_intern(Doc *doc, const Style *s);

/* Set node->style on every node of doc->root, from the theme and context. */
void style_document(Doc *doc, const Theme *theme);
/* The same for the subtree of `n` (its parent already styled). */
void style_subtree(Doc *doc, Node *n, const Theme *theme);

/* The inherited font-ish fields changed for an inline of type `t`. */
Style style_for_inline(const Theme *theme, const Style *parent, NodeType t);

#endif
