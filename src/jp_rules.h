/*
 * jp_rules.h: Japanese composition decisions as data and pure functions
 * (../shared/JLREQ.md). No Pango, no fonts: unit-tested on code points.
 */
#ifndef JP_RULES_H
#define JP_RULES_H

#include <stdbool.h>
#include <stdint.h>

/* Character classes, named after JLREQ Appendix A. */
typedef enum JpClass {
    JP_OTHER,                              /* not classified: symbols, other scripts */
    JP_OPEN,                               /* cl-01 opening brackets */
    JP_CLOSE,                              /* cl-02 closing brackets */
    JP_HYPHEN,                             /* cl-03 hyphens */
    JP_DIVIDING,                           /* cl-04 dividing punctuation ！？ */
    JP_MIDDLE,                             /* cl-05 middle dots ・：； */
    JP_FULLSTOP,                           /* cl-06 full stops 。． */
    JP_COMMA,                              /* cl-07 commas 、， */
    JP_INSEP,                              /* cl-08 inseparable —…‥ */
    JP_ITER,                               /* cl-09 iteration marks 々ゝ */
    JP_PROLONG,                            /* cl-10 prolonged sound mark ー */
    JP_SMALL,                              /* cl-11 small kana */
    JP_PREFIX,                             /* cl-12 prefixed abbreviations ¥＄ */
    JP_POSTFIX,                            /* cl-13 postfixed abbreviations ％℃ */
    JP_IDSPACE,                            /* cl-14 ideographic space */
    JP_HIRAGANA,                           /* cl-15 */
    JP_KATAKANA,                           /* cl-16 */
    JP_IDEO,                               /* cl-19 ideographs */
    JP_DIGIT,                              /* cl-24/25 European numerals */
    JP_LATIN,                              /* cl-27 Western characters */
    JP_SPACE,                              /* cl-26 word space */
    JP_CLASS_COUNT
} JpClass;

/* JLREQ's strictness levels for line-start rules (CSS line-break). */
typedef enum JpLevel { JP_STRICT, JP_NORMAL, JP_LOOSE } JpLevel;

/* What JLREQ says of a break between two characters. */
typedef enum JpBreak {
    JP_BREAK_NO,                           /* prohibited (kinsoku, unbreakable sequence) */
    JP_BREAK_YES,                          /* allowed between Japanese characters */
    JP_BREAK_DEFER,                        /* not Japanese: Unicode line breaking decides */
} JpBreak;

JpClass jp_class(uint32_t cp);
/* "cl-01" ... for dumps and messages. */
const char *jp_class_name(JpClass c);

/* The decision for a break between `prev` and `next` at `level`. */
JpBreak jp_break(uint32_t prev, uint32_t next, JpLevel level);

/* May `cp` start a line / end a line at `level`? (the one-sided rules) */
bool jp_may_start_line(uint32_t cp, JpLevel level);
bool jp_may_end_line(uint32_t cp, JpLevel level);

/* Japanese text proper: kana, kanji, and the full-width Japanese marks. */
bool jp_is_japanese(uint32_t cp);
/* Set on the em grid: Japanese text and the CJK blocks (symbols, compatibility
 * forms, full-width forms, CJK extensions), not U+FFFD or other symbols. */
bool jp_is_wide(uint32_t cp);

/* --- 和欧混植: the Japanese font and a Latin one paired with it --- */

/* Which face of the pair sets a character (jp_pair_face). */
typedef enum JpFace {
    JP_FACE_JAPANESE,                      /* kana, kanji, punctuation, JIS symbols */
    JP_FACE_LATIN,                         /* Latin letters, digits, ASCII punctuation */
    JP_FACE_BEFORE,                        /* as the character before it: spaces,
                                            * combining marks, ’ ” … — */
    JP_FACE_AFTER,                         /* as the character after it: ‘ “ */
} JpFace;

JpFace jp_pair_face(uint32_t cp);

/* latin[i]: is cp[i] of the n characters set in the Latin face? Those of
 * JP_FACE_BEFORE take the face of the character before them (or, first in
 * the text, after), those of JP_FACE_AFTER the face of the next character
 * that has one of its own (none: Japanese). */
void jp_pair_faces(const uint32_t *cp, int n, bool *latin);

/* --- spacing (JLREQ §3.1-3.2, ../shared/JLREQ.md §3-4) --- */

/* How a character takes part in spacing. Punctuation counts as such only
 * when its glyph is full width (a proportional ( or : is Western). */
typedef enum JpSpacing {
    JP_SP_JP,                              /* kana, kanji, other full-width text */
    JP_SP_OPEN,                            /* full-width cl-01: half-width + glue before */
    JP_SP_CLOSE,                           /* full-width cl-02/06/07: half-width + glue after */
    JP_SP_MIDDLE,                          /* full-width cl-05: half-width, 1/4 em each side */
    JP_SP_LATIN,                           /* Western letters, digits, symbols */
    JP_SP_LATIN_OPEN,                      /* ( [ { and proportional opening quotes */
    JP_SP_LATIN_CLOSE,                     /* ) ] } , . : ; ! ? */
    JP_SP_SPACE,                           /* U+0020 */
    JP_SP_OTHER,                           /* neither: no spacing around it */
} JpSpacing;

JpSpacing jp_spacing(uint32_t cp, bool full_width);

/* How a character set in the Latin face of a 和欧混植 pair spaces: as
 * Western text (— … ’ ” there are a Latin word's, not Japanese marks). */
JpSpacing jp_spacing_western(JpSpacing s);

/* Half-width box of a punctuation mark, in thousandths of an em, and where
 * its full-width glyph is drawn inside it (0 or negative). */
int jp_box_width(JpSpacing s, int natural);
int jp_box_shift(JpSpacing s);

/* Glue between two characters, in thousandths of an em, with the priority
 * of each adjustment (JLREQ §3.8 order; see linebreak.h): shrink 1 word
 * spaces, 3 around middle dots, 4 beside brackets and commas, 5 Japanese-
 * Western space; stretch 2 Japanese-Western space, 3 between kana and kanji,
 * 4 after punctuation. */
typedef struct JpGlue {
    int width, stretch, shrink;            /* 1/1000 em */
    int limit;                             /* the most it may stretch, 1/1000 em; 0: all
                                            * of its stretch */
    int shrink_prio, stretch_prio;         /* 0: none */
} JpGlue;

/* The glue between `a` (class ka) and `b` (class kb). */
JpGlue jp_glue_between(JpSpacing a, JpClass ka, JpSpacing b, JpClass kb);

/* Stretch between two Japanese characters, 1/1000 em: JP_STRETCH_MAX is
 * how elastic the glue is (how much a given stretch costs the line breaker),
 * JP_STRETCH_LIMIT the most it may take: under the gap at which pdftotext
 * reads a space, measured on our fonts at every size the themes use
 * (tests/jcheck/gaps.c: 0.099 em never, 0.100 em at some sizes), with room
 * for the PDF's rounding of positions (1/1000 em). A gap of JP_LOOSE_GAP or
 * more makes a loose line (Line.loose, counted by -v). */
#define JP_STRETCH_MAX 120
#define JP_STRETCH_LIMIT 95
#define JP_LOOSE_GAP 100

#endif
