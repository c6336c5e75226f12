/*
 * figure.h: a figure (an image in a paragraph of its own, or an HTML
 * <img>): the size the document asks for, the picture the run found for it
 * or the placeholder that stands in, and the box it takes on the page.
 * parse.c reads the syntax with the first two calls, pipeline.c resolves
 * the figures before the layout, block.c asks for the box.
 */
#ifndef FIGURE_H
#define FIGURE_H

#include <stdbool.h>
#include <stddef.h>

#include "doc.h"

struct _PangoFontMap;

typedef enum LengthUnit {
    LENGTH_NONE,                           /* not given */
    LENGTH_PT, LENGTH_PX, LENGTH_MM, LENGTH_CM, LENGTH_IN,
    LENGTH_PERCENT,                        /* width: of the measure; height: of the
                                            * page's text area */
} LengthUnit;

typedef struct Length { double value; LengthUnit unit; } Length;

typedef struct Figure {
    const char *file;                      /* the name to open: the link without its
                                            * "#page=N" */
    int page;                              /* "#page=N": a PDF's page, 1-based (else 1) */
    Length width, height;                  /* asked for: {width=60%}, <img width=200> */
    struct Picture *picture;               /* figure_resolve: what is drawn, or NULL: a
                                            * placeholder with the alt text and the name */
    const struct FilterList *filters;      /* a deck's Marp filters (filter.h), or NULL:
                                            * figure_resolve draws the picture through them */
    struct Figure **row;                   /* a deck's paragraph of pictures: the ones
                                            * set beside this one, left to right */
    int n_row;
    bool alt_caption;                      /* Markdown's ![alt](...): the alt text is the
                                            * caption when there is no title */
    Caption caption;                       /* id from {#id}; number and caption: number.c */
} Figure;

/* A figure for the link `href` (NULL: none) in the arena: "chart.pdf#page=3"
 * names page 3 of chart.pdf. */
Figure *figure_make(Doc *doc, const char *href);

/* What an attribute block says besides sizes: its #id (within the block's
 * text, not NUL-ended), and whether it asks for no number ({-} or
 * {.unnumbered}, pandoc's). */
typedef struct Attrs {
    const char *id;
    size_t id_len;
    bool unnumbered;
} Attrs;

/* The attribute block at the start of s[0..len) (pandoc's syntax, right
 * after an image: {width=60%}, {width=8cm height=5cm}, units cm mm in pt px
 * and %, a bare number in px; {#fig-cache}, {-}): the bytes it takes (0: s
 * does not start with a whole block), the sizes into `fig`, the id and
 * {-} into `attrs` (either may be NULL: then that part is not used). What
 * it does not use (a size without `fig`, an id without `attrs`, another
 * .class or key, a size that is no length) is described in `problem`
 * (empty when none). */
size_t figure_attrs(const char *s, size_t len, Figure *fig, Attrs *attrs, char *problem,
                    size_t problem_len);

/* An HTML <img> tag, alone in `html` but for white space: its src, alt and
 * title (entities decoded; NULL when absent) in the arena, width and height
 * (HTML's pixels, or a %) into `fig`. False when html is something else. */
typedef struct ImgTag { const char *src, *alt, *title; } ImgTag;
bool figure_img_tag(Doc *doc, const char *html, ImgTag *tag, Figure *fig);

/* The sizes of an HTML <img>'s width and height attributes (HTML's
 * pixels, or a %; NULL: not given) into fig. */
void figure_html_size(Figure *fig, const char *width, const char *height);

/* The picture of page `page` (1-based) of the file `name` (relative to
 * doc's folder): opened inside the root (files_open), or wherever it is
 * when `anywhere` (a file the command line names: files_open_given), read
 * once per run. NULL with *why (and *refused: outside the root, a URL)
 * when it cannot be shown. `fonts`: for an SVG's text. */
struct Picture *figure_open(Doc *doc, const char *name, bool anywhere, int page,
                            struct _PangoFontMap *fonts, const char **why, bool *refused);

/* Before the layout: open and read the picture of each figure of doc's
 * tree, once. What cannot be shown (no name, a URL, outside the root,
 * missing, unreadable, not an image kumihan reads, a PDF page past the
 * end) is a warning at the figure; its picture stays NULL and the layout
 * sets a placeholder. Needs doc's fonts (an SVG is tried once). */
void figure_resolve(Doc *doc);

/* The picture (page 1) of a file a theme names (a slide's background, a
 * logo): f->path, read inside the root like an image, or wherever it is
 * when f->anywhere (a theme from the command line). NULL, f->name NULL:
 * none named; NULL with a warning at f->pos in f->file naming the key
 * `key`: none that can be drawn. Needs doc's fonts (an SVG is tried once). */
struct ThemeFile;
struct Picture *figure_theme_picture(Doc *doc, const struct ThemeFile *f, const char *key);

/* Length l in points; a percentage of `of`. 0 when not given. */
double figure_length_pt(Length l, Unit of);

/* The box of a figure in a measure `width`: its own size (or what it asks
 * for; one side given: the other kept in proportion), scaled down to the
 * measure and `max_h`, proportions kept. A placeholder of unknown size is
 * the measure wide and `placeholder_h` high. `text_h` (a percentage of
 * height): the page's text area. */
void figure_box(const Figure *fig, Unit width, Unit max_h, Unit text_h, Unit placeholder_h,
                Unit *w, Unit *h);

#endif
