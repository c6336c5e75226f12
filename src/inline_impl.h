/*
 * inline_impl.h: what the files of the paragraph builder share, private to
 * them (inline.h is the stage's public header):
 *   inline.c       a paragraph's text from its inline nodes, its items
 *                  (box / glue / penalty), line breaking, ruby, windows for
 *                  huge paragraphs, the line cache, the entry points
 *   itemize.c      the text into Pango items, as pango_itemize would
 *   shape.c        HarfBuzz shaping through Pango, clusters and their class
 *   hyphen.c       breaks inside words: English hyphenation (libhyphen), code,
 *                  URLs and file names; the hyphen drawn at such a line end
 *   lines.c        a break set into Lines: glue set, glyphs packed into runs
 * One paragraph goes: flatten (inline.c) -> itemize_runs -> shape_items ->
 * shape_clusters -> (inline.c: ruby, items, breaks) -> lines_make ->
 * shape_release.
 */
#ifndef INLINE_IMPL_H
#define INLINE_IMPL_H

#include <pango/pango.h>

#include "doc.h"
#include "jp_rules.h"
#include "linebreak.h"

/* --- a paragraph's text: inline nodes flattened (inline.c) --- */

typedef struct Span {
    int start, end;                        /* bytes */
    const Style *style;
    const char *href, *dest;
    bool tcy;                              /* vertical text: set across (^12^) */
} Span;

/* A ruby annotation: readings over [start, end) of the text. */
typedef struct Ruby {
    int start, end;
    const char *text;                      /* the reading(s), '|' between mono readings */
    bool mono;
    bool dots;                             /* 傍点: `text` (a sesame dot) over each Japanese
                                            * character but punctuation */
    const Style *base;                     /* style of the base text */
} Ruby;

typedef struct Text {
    char *buf;
    int len, cap;
    Span *spans;
    int n_spans, cap_spans;
    int *forced;                           /* byte offsets of hard line breaks */
    int n_forced, cap_forced;
    Ruby *rubies;                          /* ruby over byte ranges of the text */
    int n_rubies, cap_rubies;
    bool code;                             /* code: fixed spaces, break anywhere */
    const char *anchor;                    /* the destination of an HTML anchor, for
                                            * the next text appended */
} Text;

/* --- its shaping (itemize.c, shape.c) --- */

typedef struct Shaped {
    PangoItem *item;                       /* freed with the paragraph's layout */
    PangoFont *font;                       /* its font, kept by the Doc */
    PangoGlyphString *glyphs;
    int span;                              /* index of its span */
    bool emoji;                            /* in a colour emoji font (fonts_is_emoji) */
    bool latin;                            /* in the Latin face of a 和欧混植 pair
                                            * (Theme.latin): spaced as Western text */
    Unit shift;                            /* its glyphs raised by this: the Latin
                                            * face's fonts.latin-shift */
    uint8_t orient;                        /* Orient (vertical.h): in vertical text */
} Shaped;

typedef struct RubyBox {
    int c0, c1;                            /* base clusters [c0, c1) */
    const Line *reading;                   /* the reading, set on one line */
    Unit pad_l, pad_r;                     /* space added beside the base */
    Unit shift;                            /* the reading moved this far along the line
                                            * from centred (傍点 in vertical text) */
} RubyBox;

typedef struct Hyphen {                    /* the hyphen of a run's font (hyphen.c) */
    uint32_t glyph;
    Unit width;
    bool made;
} Hyphen;

typedef struct Para {
    Doc *doc;
    Text *text;
    Shaped *runs;
    int n_runs;
    PangoLogAttr *attrs;                   /* per character, n_chars + 1 */
    int n_chars;
    const RunSpan *const *run_spans;       /* per span of text, for the runs (arena) */
    Arena *out;                            /* where the lines go: the arena, or the pass
                                            * arena for text laid out anew every pass */
    RubyBox *rb;                           /* ruby boxes over clusters */
    int n_rb;
    JpLevel level;                         /* --line-break */
    bool hanging;                          /* --hanging-punctuation */
    bool bracket_half;                     /* --line-start-bracket half */
    bool vertical;                         /* 縦組 (vertical.h): Japanese upright, digits
                                            * across, Latin sideways */
    int tcy_digits;                        /* the most digits set across (Theme) */
    bool goes_on;                          /* a window after the first: its first line
                                            * follows `before` */
    LineBefore before;
    uint8_t *word_breaks;                  /* per cluster: the WordBreak before it, once
                                            * looked for (hyphen_points), or NULL */
    int n_word_breaks;                     /* how many of them are not WB_NONE */
    Hyphen *hyphens;                       /* per run, once shaped, or NULL */
} Para;

typedef struct Cluster {
    int run;                               /* index in Para.runs */
    int g0, g1;                            /* glyphs [g0, g1) of that run */
    int b0, b1;                            /* bytes of the text */
    int c0;                                /* index of its first character */
    Unit width, em;
    uint32_t first, last;                  /* first and last code point */
    bool space;                            /* a word space: glue, not a box */
    uint8_t sp;                            /* SpClass: how it spaces (classify) */
    uint8_t jc;                            /* JpClass of its first character */
    Unit box;                              /* width as a box (half an em for punctuation) */
    Unit dx;                               /* glyph shift inside the box */
    int ruby;                              /* index in Para.rb of its ruby box, or -1 */
} Cluster;

/* p->runs, p->n_runs, p->n_chars from p->text: Pango items cut at the
 * spans, each with its font (glyphs not yet made). */
void itemize_runs(Para *p);

/* The runs' glyphs and the text's break attributes (*attrs, g_free). */
void shape_items(const Text *t, Shaped *runs, int n_runs, int n_chars, PangoLogAttr **attrs);
/* The glyph clusters of p's runs, classified for JLREQ spacing (free()). */
Cluster *shape_clusters(Para *p, int *count);
/* What cluster c's last glyph lacks of its own advance when a line ends
 * after it inside a word: the kerning with the glyph after it, which goes
 * to the next line (Ta|ble); 0 where there is none worth an em/200. */
Unit shape_kern_after(const Para *p, const Cluster *c);
/* Free p's glyphs, items, ruby boxes, break attributes, word breaks and
 * hyphens. */
void shape_release(Para *p);

/* --- breaks inside words (hyphen.c) --- */

typedef enum WordBreak {
    WB_NONE,
    WB_HYPHEN,                             /* an English word hyphenated: a hyphen drawn */
    WB_DASH,                               /* after a word's own hyphen (hardware-assisted) */
    WB_CODE,                               /* code, a URL, a file name: after / _ . - etc. */
} WordBreak;

/* kind[i] (room for n): the break that may come inside a word before
 * cluster i of p, WB_NONE where none may; English words hyphenated only if
 * `hyphenate`. `pos`: where a missing pattern file is reported (once).
 * Returns how many breaks it found. */
int hyphen_points(Para *p, const Cluster *cl, int n, bool hyphenate, uint8_t *kind,
                  SrcPos pos);
/* The hyphen drawn at a line end inside a word of run `run` (p->hyphens). */
void hyphen_glyph(Para *p, int run, uint32_t *glyph, Unit *width);

/* The first `count` lines of the break set (item indices `breaks` into
 * it), into lines[] (zeroed, room for count); their runs and glyphs in
 * p->out. */
void lines_make(Doc *doc, Para *p, const Cluster *cl, int n_cl, const Item *items, int n_items,
                const int *breaks, int count, Unit width, const Style *bstyle, Line *lines);

#endif
