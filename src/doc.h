/*
 * doc.h: the shared data model. Every stage reads and writes these plain
 * structs; pipeline.c alone knows the order in which they are filled:
 *
 *   parse   -> doc->meta, doc->root (Node tree with source positions)
 *   style   -> node->style for every node
 *   block   -> doc->slices (the galley), using inline + linebreak for text
 *   paginate-> doc->pages (slice placements per page)
 *   pdf     -> the file
 *
 * Lengths are Unit (1/1024 pt, PANGO_SCALE) everywhere but in pdf.c.
 */
#ifndef DOC_H
#define DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "settings.h"
#include "utf8.h"

typedef int32_t Unit;                      /* 1/1024 pt, same scale as PANGO_SCALE */
#define UNIT_PER_PT 1024

static inline Unit
unit_from_pt(double pt)
{
    return (Unit)(pt * UNIT_PER_PT + (pt >= 0 ? 0.5 : -0.5));
}

static inline double
pt_from_unit(Unit u)
{
    return (double)u / UNIT_PER_PT;
}

typedef struct SrcPos { uint32_t line, col; } SrcPos;   /* 1-based, col in bytes (messages
                                                          * print characters: diag.h) */

/* What a run ends with; main() maps it to the exit status (DESIGN §2). */
typedef enum Status {
    ST_OK = 0,
    ST_CONTENT,                            /* errors in the content: exit 1 */
    ST_USAGE,                              /* bad command line: exit 2 */
    ST_ENV,                                /* missing file, font, library failure: exit 2 */
    ST_IO,                                 /* cannot write the output: exit 2 */
} Status;

/* --- the document tree --- */

typedef enum NodeType {
    /* blocks */
    NODE_DOCUMENT,
    NODE_HEADING,
    NODE_PARAGRAPH,
    NODE_LIST,
    NODE_ITEM,
    NODE_QUOTE,
    NODE_CODE_BLOCK,
    NODE_TABLE,
    NODE_ROW,
    NODE_CELL,
    NODE_RULE,                             /* thematic break */
    NODE_FIGURE,                           /* a paragraph holding only an image */
    NODE_PAGEBREAK,                        /* <!-- pagebreak --> */
    NODE_FOOTNOTES,                        /* the notes section, made by parse */
    NODE_FOOTNOTE_DEF,
    NODE_TITLE_BLOCK,                      /* made from the front matter */
    NODE_TITLE_LINE,                       /* one line of it; u.title.role */
    NODE_SLIDE,                            /* one slide of a deck (deck.c) */
    NODE_APPENDIX,                         /* a deck set as the report's appendix */
    NODE_TOC,                              /* the contents (目次), after the title block;
                                            * the lists of figures and tables after it:
                                            * u.toc */
    NODE_DIV,                              /* HTML's <div>, <p>, <center>, <details> and
                                            * <summary> around blocks: u.div (html.c) */
    NODE_CAPTION,                          /* a table's caption (`: text` after it), the
                                            * table's first child (number.c) */
    /* inlines */
    NODE_TEXT,
    NODE_SOFTBREAK,
    NODE_LINEBREAK,
    NODE_CODE,
    NODE_EMPH,
    NODE_STRONG,
    NODE_STRIKE,
    NODE_LINK,
    NODE_IMAGE,                            /* an image inside running text */
    NODE_FOOTNOTE_REF,
    NODE_RUBY,                             /* {base|ruby}: base text as the child */
    NODE_PAGEREF,                          /* {{page:#slug}}: u.link.href, then "#dest" */
    NODE_REF,                              /* {{ref:#id}}, {{title:#id}}: u.ref */
    NODE_SUP,                              /* HTML's <sup>, <sub>, <small>, <u>/<ins>, */
    NODE_SUB,
    NODE_SMALL,
    NODE_UNDERLINE,
    NODE_MARK,                             /* <mark> (a highlight behind the text) */
    NODE_KBD,                              /* and <kbd> (keys: the code face) */
    NODE_ANCHOR,                           /* <a name> or <a id>: u.anchor, no text */
    NODE_HTML,                             /* an HTML tag while the tree is built: u.html
                                            * (html.c folds them all away) */
    NODE_TYPE_COUNT
} NodeType;

typedef enum Align { ALIGN_JUSTIFY, ALIGN_LEFT, ALIGN_CENTER, ALIGN_RIGHT } Align;

typedef enum TitleRole {
    TITLE_TITLE, TITLE_SUBTITLE, TITLE_AUTHOR, TITLE_AFFILIATION, TITLE_DATE, TITLE_EVENT,
    TITLE_FIELD,                           /* a line of the theme's (title-block.fields):
                                            * "文書番号: {docno}" filled in */
    TITLE_ROLES
} TitleRole;

typedef enum FontRole { FONT_SERIF, FONT_SANS, FONT_MONO } FontRole;

/* What a NODE_TOC lists: the headings (目次), the numbered figures (図目次)
 * or tables (表目次). */
typedef enum TocKind { TOC_CONTENTS, TOC_FIGURES, TOC_TABLES } TocKind;

/* Computed style; interned by style.c, so equal styles share one pointer. */
typedef struct Style {
    uint8_t font;                          /* FontRole */
    uint8_t align;                         /* Align (blocks) */
    uint16_t weight;                       /* 400 regular, 700 bold */
    Unit size;                             /* font size */
    Unit pitch;                            /* line pitch for lines set in this style */
    Unit rise;                             /* baseline shift up (superscripts) */
    uint32_t color;                        /* 0xRRGGBB */
    uint8_t strike, underline;
    uint8_t mark;                          /* a highlight behind the text (<mark>) */
} Style;

/* What number.c gives a figure or a table: its id, number and caption. */
typedef struct Caption {
    const char *id;                        /* {#id} as written, or NULL */
    const char *dest;                      /* its PDF destination, or NULL: nothing links
                                            * to it */
    const char *number;                    /* as printed ("図3", "表2.1"), or NULL */
    const char *text;                      /* the caption without its number, or NULL */
    const char *line;                      /* what is set: number, separator, text; or
                                            * NULL: no caption */
    bool unnumbered;                       /* {-} or {.unnumbered} */
    bool hand;                             /* numbered by hand in its text: 「図1　題」 */
} Caption;

typedef struct Node Node;
struct Doc;
struct Node {
    NodeType type;
    SrcPos pos;                            /* start in the source, for diagnostics */
    bool links;                            /* an inline below draws a link (set when the
                                            * inlines are released: node_release_inlines) */
    Node *parent, *first, *last, *next;
    const Style *style;                    /* set by style.c */
    union {
        struct {
            int level;
            bool unnumbered;               /* {-} or {.unnumbered}, or the appendix's */
            const char *slug, *dest;       /* dest: PDF name */
            const char *number;            /* as printed ("第2章", "2.1"), or NULL */
            bool fit;                      /* a deck's # <!--fit-->: one line, shrunk to
                                            * the slide's width (slide.c) */
        } heading;
        struct { bool ordered, tight; int start, depth; } list;   /* depth 0 = outermost */
        struct { int number; } item;       /* ordinal in an ordered list */
        struct {
            int ncols;
            const uint8_t *align;          /* Align per column */
            Caption *caption;              /* or NULL: none (number.c) */
        } table;
        struct { bool header; } row;
        struct { int col; } cell;
        struct {
            const char *text;
            size_t len;
            bool math;                     /* CODE, CODE_BLOCK: TeX math set as code */
        } text;                                                   /* TEXT, CODE, CODE_BLOCK */
        struct {
            const char *href, *title;
            const char *alt;               /* FIGURE: its text (parse_finish), in the arena */
            struct Figure *figure;         /* FIGURE: its size and picture (figure.h) */
        } link;                                                   /* LINK, IMAGE, FIGURE */
        struct {
            int number;
            const char *label;             /* DEF: [^label] as written; REF: the number */
        } note;                                                   /* FOOTNOTE_REF, _DEF */
        struct {
            const char *href;              /* "#id", then "#dest"; NULL: no such id */
            const struct Node *target;     /* the heading, figure, table or note named */
            const char *text;              /* what is printed (number.c) */
            bool title;                    /* {{title:}}: the title, not the number */
        } ref;
        struct { TitleRole role; const char *text; } title;       /* TITLE_LINE */
        struct { const char *text; bool mono; } ruby;   /* mono: one reading per base char */
        struct {
            int number;                    /* 1-based */
            const char *title;             /* text of its first heading, or "" */
            const Node *title_node;        /* that heading, or NULL */
            const char *notes;             /* speaker notes (HTML comments), or NULL */
            struct Directive *directives;  /* its Marp directive comments (marp.c) */
            const struct SlideLook *look;  /* what they set; NULL: the theme's look */
            struct Ground *grounds;        /* its ![bg] pictures, in order, or NULL */
            int8_t split;                  /* ![bg left] -1, ![bg right] 1: the pictures
                                            * take that side, the content the other; 0 */
            bool vertical;                 /* the pictures stacked, not side by side */
            double split_size;             /* the pictures' share of the width; 0:
                                            * half */
        } slide;
        struct { struct Doc *deck; } appendix;
        struct { uint8_t kind; } toc;                             /* TocKind */
        struct { uint8_t align; bool summary; } div;              /* Align; <summary>: bold */
        struct { const char *name, *dest; } anchor;               /* dest: PDF name */
        struct {
            const char *name;              /* lower case */
            const char *const *attrs;      /* name, value, ..., NULL (entities decoded) */
            bool closing;
        } html;
    } u;
};

/* Front matter (DESIGN §3). Strings are UTF-8 in the arena, or NULL. */
typedef struct Presenter { const char *name, *affiliation; } Presenter;

/* A front matter key kumihan does not know, kept for the theme's templates
 * ({customer}); text NULL when it is no text (a mapping). */
typedef struct MetaExtra { const char *name, *text; SrcPos pos; } MetaExtra;

/* A Marp directive as written (marp.c): in the front matter, or in a
 * slide's comment <!-- name: value --> (scoped: <!-- _name: value -->, for
 * its slide only). */
typedef struct Directive {
    const char *name, *value;              /* name without its '_' */
    SrcPos pos;
    bool scoped;
    struct Directive *next;
} Directive;

/* A picture behind a slide (marp.c reads it, slide.c places it): Marp's
 * ![bg](file) in its cell of the slide, or the backgroundImage directive
 * over the whole slide. */
typedef enum GroundSize {
    GROUND_COVER,                          /* the cell covered, the picture cropped */
    GROUND_CONTAIN,                        /* contain, fit: all of it inside the cell */
    GROUND_AUTO,                           /* its own size (CSS pixels: 0.75 pt) */
    GROUND_SCALE,                          /* N%: N% of the cell's width */
    GROUND_SIZE,                           /* w:/h: (the figure's width and height) */
} GroundSize;

typedef struct Ground {
    struct Figure *figure;                 /* the file and w:/h:; its picture once
                                            * figure_resolve opened it */
    const struct FilterList *filters;      /* sepia, blur...: or NULL */
    const char *alt;                       /* the alt text's other words, or NULL */
    SrcPos pos;
    uint8_t size;                          /* GroundSize */
    double scale;                          /* GROUND_SCALE: 0.5 for 50% */
    double ax, ay;                         /* where it sits in its cell: 0 left/top,
                                            * 0.5 centred, 1 right/bottom */
    struct Ground *next;
} Ground;

enum { PAGINATE_HOLD = 2, PAGINATE_SKIP = 3 };

/* A slide's look as the directives in force set it (marp.c, slide.c). */
typedef struct SlideLook {
    int8_t paginate;                       /* -1: the theme's; 0: no number; 1: a number;
                                            * PAGINATE_HOLD: a number, the next slide's
                                            * the same; PAGINATE_SKIP: none, the slide
                                            * not counted */
    const char *header, *footer;           /* plain text; NULL: none, the theme's footer */
    bool lead, invert;                     /* class: lead (centred), invert (dark ground) */
    const char *classes;                   /* its other words, the theme's to know
                                            * (slide.class: gaia's "gaia"); NULL: none */
    SrcPos class_pos;                      /* where that class was written */
    bool has_background, has_color;
    uint32_t background, color;            /* backgroundColor, color: 0xRRGGBB */
    const char *bg_image, *bg_size, *bg_position;   /* backgroundImage, backgroundSize,
                                            * backgroundPosition as written, or NULL */
    SrcPos bg_pos;                         /* where backgroundImage was written */
    Ground *ground;                        /* what they make (marp_resolve), or NULL */
} SlideLook;

typedef struct Meta {
    const char *title, *subtitle, *author, *affiliation, *event, *lang;
    const char *subject, *keywords, *appendix;
    const char *place, *aspect;            /* decks: where; "4:3" or "16:9" */
    const char *size;                      /* decks: Marp Core's "16:9" or "4:3" (aspect
                                            * wins); neither: 16:9 */
    Directive *directives;                 /* decks: the front matter's Marp directives */
    const char *toc;                       /* "false": no contents (目次) */
    const char *docno, *classification;    /* document number, 機密区分 (社外秘) */
    const char *revision, *distribution;   /* 版, 配布先: for the theme's templates */
    const char *theme;                     /* the theme named (theme.h), or NULL */
    SrcPos theme_pos;
    const char *front;                     /* the front matter's YAML text (arena), for
                                            * the theme's overrides, or NULL */
    size_t front_len;
    uint32_t front_line;                   /* the source line of its first line */
    const char *lof, *lot;                 /* "true": a list of figures (図目次), of
                                            * tables (表目次) */
    const Presenter *presenters;           /* decks: who, in order */
    int n_presenters;
    const MetaExtra *extra;                /* the other keys, in order (parse.c warns,
                                            * once the theme is known, of those no
                                            * template uses) */
    int n_extra;
    const char *date;                      /* as written, YYYY-MM-DD */
    int year, month, day;                  /* parsed date; year 0 = none */
    SrcPos appendix_pos, lof_pos, lot_pos, lang_pos;
} Meta;

/* --- lines of text --- */

struct _PangoFont;

/* A run's glyphs (Run.glyphs) take one 32-bit word each: the glyph id in
 * the low 16 bits (0xFFFF: Pango's empty glyph) and the advance in the high
 * 16 (signed Unit: up to 32 pt), unless one of the run's glyphs does not
 * fit (an id past 0xFFFE, an unknown character, a wider advance): then the
 * run is `wide`, two words a glyph, the id and the advance. A 900-page book
 * sets some 1.2 million glyphs; a few hundred need the wide form. */
#define GLYPH_EMPTY 0x0FFFFFFFu            /* Pango's PANGO_GLYPH_EMPTY */
#define GLYPH_UNKNOWN_FLAG 0x10000000u     /* Pango's PANGO_GLYPH_UNKNOWN_FLAG */

/* What the runs of one span of text share: in the arena, one per span of a
 * paragraph (ruby readings get their own, with `text`). */
typedef struct RunSpan {
    const Style *style;                    /* colour, rise, decorations */
    const char *href;                      /* link target or NULL; "#name" is internal */
    const char *dest;                      /* a named destination at the span start, or NULL */
    const char *text;                      /* the text runs' offsets index when not the
                                            * line's: ruby readings (outline runs), the
                                            * hyphen at a line end (run_text) */
} RunSpan;

/* A positioned piece of one line: glyphs of one Pango item in one span,
 * ready for cairo_show_text_glyphs. Widths already hold the glue the line
 * breaker gave them. (48 bytes: a 900-page book has some 70,000.) */
typedef struct Run {
    struct _PangoFont *font;               /* its font (a reference kept by the Doc) */
    const uint32_t *glyphs;                /* in the arena, run_glyph and run_advance
                                            * read them; unless the run is plain,
                                            * n_glyphs each of dx (from the pen), dy
                                            * (down) and cluster (its first byte, from
                                            * offset) follow them: run_more */
    const RunSpan *span;                   /* style, link, destination */
    int offset, length;                    /* bytes of the paragraph text */
    int n_glyphs;
    Unit x, width;                         /* pen start and advance, from the line start */
    bool outline;                          /* drawn as outlines, not text (ruby) */
    bool starts_span;                      /* span->dest, if any, is at this run's start */
    bool plain;                            /* each glyph one character of the text, in
                                            * order, no offsets (all but 1 run in 50) */
    bool wide;                             /* two words a glyph (above) */
    uint8_t orient;                        /* vertical text: Orient (vertical.h) */
} Run;

/* Glyph i's id in the run's font: GLYPH_EMPTY, or GLYPH_UNKNOWN_FLAG | the
 * character, or an id. */
static inline uint32_t
run_glyph(const Run *r, int i)
{
    if (r->wide)
        return r->glyphs[2 * i];
    uint32_t id = r->glyphs[i] & 0xFFFFu;
    return id == 0xFFFFu ? GLYPH_EMPTY : id;
}

/* Glyph i's advance, the glue it carries included. */
static inline Unit
run_advance(const Run *r, int i)
{
    if (r->wide) {
        uint32_t w = r->glyphs[2 * i + 1];
        return w > INT32_MAX ? (Unit)((int64_t)w - 0x100000000) : (Unit)w;
    }
    int32_t w = (int32_t)(r->glyphs[i] >> 16);
    return w >= 0x8000 ? w - 0x10000 : w;
}

/* A run's offsets and clusters (after its glyphs), or NULL for a plain run. */
static inline const int32_t *
run_more(const Run *r)
{
    return r->plain ? NULL
                    : (const int32_t *)(const void *)(r->glyphs + (r->wide ? 2 : 1) * r->n_glyphs);
}

static inline Unit
run_dx(const Run *r, int i)
{
    return r->plain ? 0 : run_more(r)[i];
}

static inline Unit
run_dy(const Run *r, int i)
{
    return r->plain ? 0 : run_more(r)[r->n_glyphs + i];
}

/* Glyph i's cluster: its first byte, from the run's offset in `text` (the
 * line's); `prev` is glyph i - 1's (unused for glyph 0). */
static inline int
run_cluster(const Run *r, const char *text, int i, int prev)
{
    if (!r->plain)
        return run_more(r)[2 * r->n_glyphs + i];
    if (i == 0)
        return 0;
    return prev + utf8_lead_len((unsigned char)text[r->offset + prev]);
}

/* The destination at a run's start, or NULL. */
static inline const char *
run_dest(const Run *r)
{
    return r->starts_span ? r->span->dest : NULL;
}

typedef struct Line {
    const char *text;                      /* the paragraph text (UTF-8) */
    int start, len;                        /* byte range of this line in text */
    Unit width;                            /* set width (the measure when justified) */
    Unit natural;                          /* width before justification */
    Unit ascent, descent;                  /* of the tallest run */
    const Run *runs;
    int n_runs;
    uint8_t justified;                     /* ended on the measure by the breaker */
    uint8_t ragged;                        /* to be justified, but set short: no glue
                                            * could fill it without a loose gap */
    uint8_t loose;                         /* a gap between two Japanese glyphs of
                                            * JP_LOOSE_GAP or more (jp_rules.h) */
    uint8_t hyphenated;                    /* ends inside a word, with a hyphen drawn */
} Line;

/* The text a run's offsets index: its own (a ruby reading, the hyphen drawn
 * at a line end) or the line's. */
static inline const char *
run_text(const Line *ln, const Run *r)
{
    return r->span->text ? r->span->text : ln->text;
}

/* --- the galley --- */

typedef enum SliceKind {
    SLICE_LINE,                            /* one line of a paragraph, list item, code... */
    SLICE_BLOCK,                           /* unsplittable group: heading, title, caption */
    SLICE_ROW,                             /* one table row */
    SLICE_RULE,
    SLICE_GAP,                             /* vertical space, dropped at a page top */
    SLICE_IMAGE,
    SLICE_EMBED,                           /* a page of another document (a slide), scaled */
} SliceKind;

/* A line placed in a slice; y: its baseline from the slice top. node: the
 * node it belongs to when not the slice's (a table cell, a title line, a
 * list item or note for a marker), for the PDF's structure tags. */
typedef struct SliceLine {
    const Line *line;
    Unit x, y;
    const struct Node *node;
    bool marker;                           /* a list or note marker (Lbl) */
} SliceLine;

typedef enum DecoKind { DECO_FILL, DECO_HLINE, DECO_VLINE, DECO_FRAME, DECO_LEADER } DecoKind;
typedef struct Deco {
    uint8_t kind;                          /* DecoKind */
    uint32_t color;
    Unit x, y, w, h;                       /* relative to the slice's top-left */
    Unit line_width;
} Deco;

/* What few slices have: a picture or a page of another document, a page
 * of its own, the page labels restarting. */
typedef struct SliceExtra {
    void *image;                           /* IMAGE: the Picture drawn (image.h; the run's
                                            * files keep it), NULL: a placeholder */
    const struct Doc *embed;               /* EMBED: the document whose page is drawn */
    const char *label_prefix;              /* restart the page labels here ("A-") */
    Unit image_x, image_y, image_w, image_h;   /* IMAGE and EMBED: the box */
    int embed_page;                        /* EMBED: its index in embed->pages */
    Unit page_width, page_height;          /* non-zero: alone on a page of this size */
    bool label_roman;                      /* those labels in roman numerals (i, ii) */
    int n_row;                             /* IMAGE: pictures beside it (a deck's row) */
    const struct RowImage *row;
    bool upright;                          /* on a vertical page, its lines and decorations
                                            * are set across the paper, turned back: x and
                                            * y in them from the box's top left there
                                            * (a code block: block.c) */
} SliceExtra;

/* A picture of a row after the first (the first is the slice's image). */
typedef struct RowImage { void *image; Unit x, y, w, h; } RowImage;

/* (Fields ordered to leave no padding: 88 bytes, one per line of text; 900
 * pages have 34,000.) */
typedef struct Slice {
    const Node *node;                      /* for positions and dumps */
    const Node *heading;                   /* a heading starts here (running heads, outline) */
    const char *dest;                      /* named destination at the slice top, or NULL */
    const SliceLine *lines;
    const Deco *decos;                     /* drawn below the lines */
    const int *refs;                       /* footnotes referenced from this slice */
    SliceExtra *x;                         /* or NULL: all of it zero (slice_x) */
    Unit height;                           /* whole box, space above included */
    int header;                            /* ROW: slice to repeat on a new page, or -1 */
    int n_lines, n_decos, n_refs;
    int note_of;                           /* a line of footnote k (set at a page foot), or 0 */
    uint8_t kind;                          /* SliceKind */
    unsigned keep_with_next : 1;           /* never end a page after this slice */
    unsigned break_before : 1;             /* start a new page before this slice */
    unsigned gap_discardable : 1;          /* GAP: dropped at the top of a page */
    unsigned on_grid : 1;                  /* placed at a whole number of body pitches */
    unsigned span : 1;                     /* across the columns of a page set in two
                                            * (the title block, the contents): set at
                                            * the page top, above the columns */
} Slice;

/* A slice's extra fields, all zero where it has none. */
static inline const SliceExtra *
slice_x(const Slice *s)
{
    static const SliceExtra none;
    return s->x ? s->x : &none;
}

/* --- pages --- */

/* A slice placed on a page: y of its top from the body top, in column `col`
 * (0 but in a page set in columns: geom_column_x). */
typedef struct Placed { int slice; Unit y; int col; } Placed;

/* A line of a page's head or foot, drawn at x from the text block's left
 * edge on the head's or the foot's baseline. */
typedef struct Slot { const Line *line; Unit x; } Slot;

enum { SLOT_LEFT, SLOT_CENTER, SLOT_RIGHT };

/* What every page of a document carries besides its text and heads, the
 * same on each: under everything its ground (a slide's colour and
 * picture: slide.c) and a logo (a slide's in its corner: slide.c; a
 * report's in its head: furniture.c), drawn first; a watermark across the
 * page, behind the text; a confidentiality mark in a frame (furniture.c). */
typedef struct PageMarks {
    uint32_t background;                   /* 0xRRGGBB over the whole page; white: none */
    void *image;                           /* the ground's Picture (image.h), or NULL */
    Unit image_x, image_y, image_w, image_h;   /* from the paper's top left; the box may
                                            * reach past the page (cover), which clips it */
    void *logo;                            /* the logo's Picture, or NULL */
    Unit logo_x, logo_y, logo_w, logo_h;   /* x from the block's left, y from the top */
    const Line *mark;                      /* the mark's text (社外秘), or NULL */
    Unit mark_x, mark_baseline;            /* its line: x from the block's left, the
                                            * baseline from the paper's top (a vertical
                                            * page's: across, from the left of the band
                                            * of its heads and from their baseline or
                                            * the folio's) */
    Unit box_x, box_y, box_w, box_h;       /* its frame, the same way */
    uint32_t mark_color;                   /* of the frame */
    const Line *watermark;                 /* drawn as outlines, light, or NULL */
    Unit watermark_fit;                    /* 0: at its size; else the width it is
                                            * scaled to along the page's diagonal */
    const struct GroundBox *grounds;       /* a slide's own pictures behind it, drawn
                                            * in order over the ground, or NULL */
    int n_grounds;
} PageMarks;

/* One of them: the picture's box and the cell it is clipped to, from the
 * paper's top left. */
typedef struct GroundBox {
    void *image;                           /* the Picture (filtered: filter.h) */
    Unit x, y, w, h;
    Unit cell_x, cell_y, cell_w, cell_h;
} GroundBox;

/* Does a page with marks mk draw a ground or a logo first? */
static inline bool
page_marks_ground(const PageMarks *mk)
{
    return mk && (mk->background != 0xffffff || mk->image || mk->logo || mk->n_grounds);
}

typedef struct Page {
    int number;                            /* 1-based folio */
    int n;
    const Placed *placed;
    const Node *section;                   /* heading in force for the running head */
    const Node *chapter;                   /* the level-1 heading in force ({chapter}) */
    Slot head[3];                          /* running heads: left, centre, right (the
                                            * section); NULL lines where there are none */
    Slot foot[3];                          /* the foot: left (slides: the footer), centre
                                            * (the folio, across the block as its style
                                            * aligns it: a slide's page number at the
                                            * right) and right */
    const PageMarks *marks;                /* ground, logo, mark, watermark, or NULL */
    bool title_page;                       /* page 1 of a titled report, or a page of
                                            * its own size: no running head */
    bool appendix;                         /* labelled with a prefix: the appendix */
    const Placed *notes;                   /* footnote lines at the foot, y from the body top */
    int n_notes;
    bool notes_continued;                  /* the first of them continues a note */
    const Line *note_mark;                 /* then a marker saying so */
    Unit width, height;                    /* this page's size; 0: the document's */
    Unit shift;                            /* a slide beside split pictures: its text,
                                            * head and foot this far right of the block
                                            * (a vertical deck's: its columns this far
                                            * down the turned block, left on the paper) */
    Unit narrow;                           /* non-zero: the block's width on this page
                                            * (that slide's side; a vertical deck's: its
                                            * height, the columns' extent) */
    Unit clip;                             /* non-zero: the slices are clipped this far
                                            * below the body's top (a slide too full) */
    const char *dest;                      /* a named destination at the page top */
    const char *label;                     /* the PDF page label, or NULL */
} Page;

/* The lines a page draws besides its slices' (the head's and the foot's
 * slots: running heads, folios, a slide's footer and page number; the mark
 * of a continued note, the confidentiality mark, the watermark), NULL where
 * there is none: for whatever must see every line drawn (fonts, memory). */
#define PAGE_EXTRA_LINES 9
static inline void
page_extra_lines(const Page *p, const Line *out[PAGE_EXTRA_LINES])
{
    for (int i = 0; i < 3; i++) {
        out[i] = p->head[i].line;
        out[3 + i] = p->foot[i].line;
    }
    out[6] = p->note_mark;
    out[7] = p->marks ? p->marks->mark : NULL;
    out[8] = p->marks ? p->marks->watermark : NULL;
}

/* Page geometry from the paper and the theme (style_geometry): the text
 * block (版面) and where it sits on the paper. */
typedef struct PageGeom {
    const char *paper;
    Unit width, height;                    /* paper size */
    Unit left, top;                        /* text block origin (odd pages: page_left) */
    Unit left_even;                        /* its left edge on even pages: mirrored about
                                            * the spine when the inner and outer margins
                                            * differ (ノド, 小口) */
    Unit measure;                          /* a column's width: a whole number of body ems */
    int columns;                           /* 段組: 1, or 2 columns of the measure */
    Unit column_gap;                       /* 段間, between the columns */
    Unit block_width;                      /* the text block: columns * measure + gaps
                                            * (running heads, folios, the title block) */
    Unit pitch;                            /* body line pitch */
    int lines;                             /* body lines per page */
    Unit body_height;                      /* lines * pitch */
    Unit head_baseline, foot_baseline;     /* from the paper top */
    Unit top_even;                         /* vertical: the block's top on even pages
                                            * (page_top) */
    bool vertical;                         /* 縦組: all of the above is of the page
                                            * turned a quarter clockwise (vertical.h):
                                            * width is the paper's height */
    bool notes_spread;                     /* vertical: notes at the left end of the
                                            * spread, a right (even) page's on the left
                                            * page after it (footnote.place: spread) */
} PageGeom;

/* The width of the bands of running heads and folios: the text block's,
 * as printed (a vertical document sets them across the paper, in 天 and
 * 地: the block's width on the paper is its lines). */
static inline Unit
geom_band_width(const PageGeom *g)
{
    return g->vertical ? g->body_height : g->block_width;
}

/* The paper of g as printed, in units (turned back for a vertical
 * document). */
static inline void
geom_paper_units(const PageGeom *g, Unit *w, Unit *h)
{
    *w = g->vertical ? g->height : g->width;
    *h = g->vertical ? g->width : g->height;
}

/* Page p's paper as printed, in points: its own size, else the document's
 * (turned back for a vertical document). */
static inline void
page_paper(const PageGeom *g, const Page *p, double *w, double *h)
{
    Unit pw, ph;
    geom_paper_units(g, &pw, &ph);
    *w = pt_from_unit(p && p->width ? p->width : pw);
    *h = pt_from_unit(p && p->height ? p->height : ph);
}

/* The text block's left edge on page p: page 1 is odd (recto), its block
 * at g->left; even pages (verso) at g->left_even. A page of its own size
 * (a landscape slide of the appendix) is drawn from the paper's corner,
 * its slice placed against g->left. */
static inline Unit
page_left(const PageGeom *g, const Page *p)
{
    return p->number % 2 == 0 && !p->width ? g->left_even : g->left;
}

/* The text block's top on page p: a vertical document's even pages (bound
 * on the right: the spine at the paper's left, which is the turned page's
 * foot) mirror the odd ones; a page of its own size is drawn from the
 * paper's corner. */
static inline Unit
page_top(const PageGeom *g, const Page *p)
{
    return g->vertical && p->number % 2 == 0 && !p->width ? g->top_even : g->top;
}

/* The x of column `col` from the text block's left edge. */
static inline Unit
geom_column_x(const PageGeom *g, int col)
{
    return col * (g->measure + g->column_gap);
}

typedef struct Outline { const char *title, *dest; int level, parent; } Outline;

struct Fonts;
struct Interned;
struct Theme;
struct _PangoContext;
struct Arena;
typedef struct Layout Layout;              /* opaque: layout.h, layout_impl.h */

/* One file of a report set from several (chapters: book.c). Its lines are
 * the document's lines line0 + 1 to line0 + lines: a SrcPos in the
 * document names its file through doc_file_at. */
typedef struct Chapter {
    const char *path;                      /* as given or joined to book.yaml's folder */
    const char *dir;                       /* its folder, resolved: its images' base */
    uint32_t line0, lines;
} Chapter;

typedef struct Doc {
    struct Arena *arena;
    struct Arena *inlines;                 /* inline nodes and their text (TEXT, CODE):
                                            * the layout's input only, freed once the
                                            * report is laid out (node_release_inlines);
                                            * NULL then */
    const Settings *opt;                   /* what the command line set (settings.h) */
    const char *path;                      /* input path as given, for messages */
    const char *dir;                       /* its folder, for images */
    const Chapter *chapters;               /* a book's files in order (book.c), or NULL:
                                            * one file, doc->path */
    int n_chapters;
    struct Files *files;                   /* the files the run reads (files.c): made by
                                            * the first read, shared with the appendix */
    bool owns_files;                       /* doc_free frees them */
    struct SourceFile *source;             /* this document's own source, once read */
    int n_warnings, n_errors;
    struct DiagState *diag;                /* the text columns are counted in, the
                                            * messages said (diag.c) */
    char *src;                             /* the input as valid UTF-8, while it is
                                            * parsed (heap: parse_source_done) */
    size_t src_len;
    const Utf8Place *places;               /* where each character outside ASCII first
                                            * appears in the input (parse_source), for
                                            * messages about characters (arena) */
    size_t n_places;
    Meta meta;
    Node *root;
    struct Interned *styles;               /* style.c's intern table */
    struct Fonts *fonts;
    struct _PangoContext *pango;
    const struct Theme *theme;             /* the report or the slide theme (style.h) */
    const struct Themes *themes;           /* the run's house style: both (theme.h) */
    const char *dest_prefix;               /* PDF destination names: "" or "a" (appendix) */
    struct _GHashTable *labels;            /* destination -> page label, from the last pass */
    bool needs_labels;                     /* contents or {{page:}}: lay out until stable */
    bool layout_marked;                    /* layout_mark is set: */
    ArenaMark layout_mark;                 /* the arena before the report's layout, which
                                            * the PDF writer rewinds to once the pages are
                                            * drawn (the post-pass needs none of it) */
    struct Arena *pass;                    /* what a layout pass makes anew and no later pass
                                            * reads (slices' line arrays, decorations,
                                            * pages): rewound between passes; NULL: the
                                            * arena (doc_pass_arena) */
    Layout *layout;                        /* the layout files' own state: caches, fonts
                                            * kept, items for --dump (layout_impl.h) */
    PageGeom geom;
    int across;                            /* non-zero: the text laid out now is set
                                            * across in a vertical document (its running
                                            * heads and folios: furniture.c) */
    double figure_scale;                   /* slides: figures set at this share of their
                                            * size, to fit (slide.c); 0: 1 */
    const PageMarks *marks;                /* logo, mark, watermark (furniture.c), or NULL */
    bool marks_made;                       /* marks is what the theme asks for */
    Slice *slices;                         /* the galley (heap, freed by doc_free) */
    int n_slices, cap_slices;
    Page *pages;
    int n_pages;
    Outline *outline;
    int n_outline;
} Doc;

/* The scale an EMBED slice draws its page at (its box over the page's
 * width), for the drawing (pdf.c). */
static inline double
slice_embed_scale(const Slice *s)
{
    const SliceExtra *x = slice_x(s);
    double w, h;
    page_paper(&x->embed->geom, &x->embed->pages[x->embed_page], &w, &h);
    return pt_from_unit(x->image_w) / w;
}

/* Where a layout pass allocates what it makes anew each pass: the pass
 * arena of the run of blocks being laid out, else doc->pass, else the
 * arena (layout.c). */
struct Arena *doc_pass_arena(Doc *doc);

/* The file a position in the document is in, and *pos made its line
 * there: a chapter's path for a book (doc->chapters), else NULL (the
 * document's own path). */
const char *doc_file_at(const Doc *doc, SrcPos *pos);
/* The folder a relative image name at `pos` is read from: its chapter's,
 * else doc->dir. */
const char *doc_dir_at(const Doc *doc, SrcPos pos);

/* A new document for `path` (kept, not copied) with settings `opt`. */
Doc *doc_new(const Settings *opt, const char *path);
/* Release the document, its arena and everything deferred to it. */
void doc_free(Doc *doc);


/* How many threads a stage may work on: the processors, or
 * KUMIHAN_THREADS (1: the helper threads are off; the PDF is the same
 * bytes whatever the number). */
int doc_threads(void);
/* From now on, on this thread, doc_threads() is n (0: as above again). */
void doc_set_threads(int n);

/* Items order[0..n) worked through on up to doc_threads() threads, this one
 * included, each thread taking the next item as it is done with one:
 * work(ctx, state, item). `state` is this thread's `own` here, and on a
 * helper thread what state_new made (state_free ends it; both NULL: no
 * state). Returns once every item is done. */
void doc_parallel(const int *order, int n, void (*work)(void *ctx, void *state, int item),
                  void *ctx, void *own, void *(*state_new)(void), void (*state_free)(void *));

#endif
