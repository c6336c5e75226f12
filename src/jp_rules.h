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

#endif
