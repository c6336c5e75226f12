/*
 * jcheck.h: what the two files of the JLREQ checker share. jcheck.c holds the model
 * (see its header), the page and line checks, the report and main; jcheck_read.c runs
 * mutool and pdftotext, streams MuPDF's XML into pages, turns vertical pages into the
 * horizontal model and counts pdftotext's spurious spaces.
 */
#ifndef JCHECK_H
#define JCHECK_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#define BASELINE_TOL_PT 0.5     /* chars within this of a baseline share it */
#define SEGMENT_GAP_EM 2.0      /* a wider gap splits a visual line into segments */
#define EDGE_TOL_PT 0.5         /* right edge vs measure, pitch, measure clusters */
#define INDENT_TOL_EM 0.3       /* more indent than this starts a new paragraph */
#define DEDENT_MAX_EM 1.6       /* a continuation is at most a (1.5 em) indent further out */
#define MAX_EXAMPLES 20
#define MAX_SIZES 256
#define SETTLED_CHARS 500       /* the document body size is settled after this many chars */
#define CHUNK_PAGES 32          /* pages per mutool run: bounds the temporary file */
#define GAP_LOW_EM 0.12         /* JLREQ: shrink 1/4 em to 1/8 em at most ... */
#define GAP_HIGH_EM 0.51        /* ... and stretch it to 1/2 em at most */
#define GAP_MIN_OK 0.23
#define GAP_MAX_OK 0.27
/* A gap between two Japanese characters this wide (in ems of the text) or wider makes a
 * loose line: measured by tests/jcheck/gaps.c, pdftotext never reads 0.099 em as a
 * space in our fonts at the themes' sizes, and reads 0.100 em as one at some of them
 * (where the position rounds up), in a line with a font change. */
#define LOOSE_EM 0.100
/* A short non-final line is ragged (let run short rather than spread, allowed) when the
 * space it lacks is more than its gaps could take within these limits, in ems: kana and
 * kanji up to JJ_ROOM_EM apart (kumihan's most: jp_rules.h JP_STRETCH_MAX), word
 * spaces and Japanese-Latin spaces up to half an em (JLREQ §3.8). */
#define JJ_ROOM_EM 0.095
#define SPACE_MAX_EM 0.5
#define COLUMN_GAP_EM 1.0       /* see check_loose */
#define WORD_SPACE_EM 0.15      /* a gap this wide between Latin characters is a space */
/* Vertical text (see jcheck_read.c, page_orient). An upright glyph drawn by a horizontal
 * font has its ideographic em box from 0.88 em above its baseline to 0.12 em below in
 * the CJK fonts (Noto CJK, Source Han, Harano Aji); a sideways (rotated) glyph's column
 * centre is that box's middle, 0.38 em above its baseline. Chars of one column are
 * within COLUMN_TOL_EM of its centre line (a ruby column is 0.75 em away). */
#define UPRIGHT_ASCENT_EM 0.88
#define SIDEWAYS_CENTRE_EM 0.38
#define COLUMN_TOL_EM 0.35
/* A segment this small (in body sizes) between two body lines at the pitch is ruby (or
 * a raised note reference): it does not part them. */
#define RUBY_MAX 0.6


/* How MuPDF set a char: its <line>'s writing mode and direction. */
typedef enum {
    CHAR_HORIZONTAL,            /* wmode 0, dir 1 0: upright, advancing rightward */
    CHAR_SIDEWAYS,              /* wmode 0, dir 0 1: turned 90° clockwise, advancing down */
    CHAR_VERTICAL,              /* wmode 1: a vertical font, advancing down */
} CharKind;

/* One glyph in the horizontal model: on a vertical page (page_orient) the axes are
 * turned, x along the column downward and y = minus the column's centre line, so that
 * columns read right to left become lines read top to bottom. */
typedef struct {
    uint32_t cp;
    double x, y;                /* origin on the baseline, pt from the top-left */
    double x0, x1;              /* advance box left and right, pt */
    double h;                   /* advance box height, pt */
    double size;                /* font size, pt; <= 0 while unknown */
    int group;                  /* mutool <line> element, for the unknown-size fix-up */
    CharKind kind;
    bool upright;               /* on a vertical page: not a sideways glyph */
    double ox, oy;              /* as read: MuPDF's origin, pt */
    double bx0, by0, bx1, by1;  /* as read: the quad's bounding box, pt */
} Char;

typedef struct {
    int first, n;               /* chars [first, first + n) of the page, sorted by x */
    double y, size;
    bool body;                  /* size is the page's body size */
    bool multi;                 /* another body segment shares the baseline */
    int lineno;                 /* 1-based among the page's body lines */
} Seg;

/* What the paragraph logic needs of one body line; outlives its page when pending. */
typedef struct {
    int page, lineno;
    double y, em;
    double left;                /* origin of the first char, marker included */
    double cont_left;           /* where a continuation line may start, at most */
    double right_quad;          /* last advance box right */
    double right_halt;          /* origin + 0.5 em for full-width cl-02/06/07, else NAN */
    double unit_w;              /* width of the first unbreakable unit */
    double room;                /* pt its gaps could still take (JJ_ROOM_EM, SPACE_MAX_EM) */
    double jgap_max;            /* its largest Japanese gap, em (-1: none) */
    uint32_t first_cp, last_cp;
    bool marker;
    bool empty;
    char *text;                 /* UTF-8, owned */
} LineInfo;

typedef struct {
    double y, size;
} Furniture;                    /* a non-body segment: heading, head, folio, code */

typedef struct {
    int count;
    char *ex[MAX_EXAMPLES];
} Finding;

typedef struct {
    Char *c;
    int n, cap;
    Seg *s;
    int ns, caps;
    int number;
    bool vertical;              /* the page was turned into the horizontal model */
} Page;

typedef struct {
    bool valid;
    LineInfo li;
    double measure;
    bool vertical;              /* L's page was vertical: no link to a horizontal page */
    Furniture *furn;            /* non-body segments of L's page */
    int nfurn;
} Pending;

typedef struct {
    Finding start, end, unjust, spurious;
    Finding loose;              /* lines with a Japanese gap of LOOSE_EM or more */
    Finding ragged;             /* short non-final lines that lacked the room to justify */
    int n_lines;                /* lines (segments of two chars or more) measured for gaps */
    int loose_hist[5];          /* lines by their largest Japanese gap (LOOSE_BUCKETS) */
    double jgap_max;            /* the largest Japanese gap, em */
    char *jgap_max_ex;
    Finding gap_odd;            /* gaps outside JLREQ's range [1/8, 1/2] em */
    double *gaps;
    int ngaps, capgaps;
    char *gap_min_ex, *gap_max_ex;
    double gap_min, gap_max;
    int n_in_source;
    bool *vertical_pages;       /* by page number: check 5 skips pages read as vertical */
    int cap_vertical_pages;
    int n_skipped_vertical;     /* J-space-J on vertical pages, not counted */
    int pages, pages_no_body;
    double last_pitch;
    double sizes[MAX_SIZES];    /* font sizes seen so far, pt, and their char counts */
    long size_counts[MAX_SIZES];
    int nsizes;
    Pending pend;
    bool lines;                 /* --lines */
    const char *src;            /* --source text, or NULL */
    bool flush_left;            /* --flush-left: lines short of the measure are no fault */
    bool force_vertical;        /* --vertical: every page is vertical text */
    int pages_vertical;
} Report;

/* --- jcheck_read.c --- */

void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
void finding_add(Finding *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
size_t utf8_put(char *out, uint32_t cp);
/* Decode one UTF-8 sequence at s (n bytes left); U+FFFD and 1 byte for bad input. */
uint32_t utf8_get(const unsigned char *s, size_t n, size_t *used);

/* The private temporary folder, mutool's XML and the programs' stderr in it. */
extern char tmp_dir[4096], tmp_xml[4200], tmp_err[4200];
void cleanup(void);
void on_signal(int sig);
/* Number of pages, from `mutool pages`; -1 if mutool cannot tell. */
int pdf_page_count(const char *pdf);
/* Pages [first, last] (0 = all) of pdf as MuPDF structured text, in tmp_xml. */
bool extract_stext(const char *pdf, int first, int last);
/* Read one MuPDF stext XML stream; process_page each page as it ends. */
void read_stext(Report *r, FILE *f, Page *pg);
/* Decide whether the page is vertical text (forced, or most of its chars set in columns)
 * and put its chars into the horizontal model: a vertical page turned, a horizontal page
 * without its sideways and vertical chars. Sets pg->vertical. */
void page_orient(const Report *r, Page *pg);
/* Spurious spaces: J-space-J in pdftotext's text not in the source. false: it failed. */
bool check_spaces(Report *r, const char *pdf, const char *src);
/* Does the source have a and b with a space (U+0020 or U+3000) between them? */
bool in_source(const char *src, uint32_t a, uint32_t b);
/* A whole file, NUL-ended (heap), or NULL. */
char *read_file(const char *path);

/* --- jcheck.c --- */

/* Japanese for the spurious-space check: kana, kanji, full-width punctuation. */
bool is_japanese(uint32_t cp);
/* All checks of one page, and the link to the one before. */
void process_page(Report *r, Page *pg);

#endif
