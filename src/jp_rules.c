/*
 * jp_rules.c: character classes and line-breaking rules of JLREQ.
 * Sources: JLREQ (W3C Note, §3.1 and Appendix A), CSS Text 3 §5.3 for the
 * strict/normal/loose split, Unicode LineBreak.txt for the extra forms. The
 * tables below are the code points of ../shared/JLREQ.md §1-2.
 *
 * Legend of the break decision (jp_break):
 *  - never after cl-01 (opening brackets), never before cl-02/06/07 (closing
 *    brackets, full stops, commas): every level;
 *  - never before small kana and ー (CJ), hyphens: strict only;
 *  - never before iteration marks, middle dots/！？, inseparables, postfixed
 *    abbreviations, nor between a prefixed abbreviation and a digit: strict
 *    and normal;
 *  - never inside a pair of inseparables (—— ……) nor after a hyphen-minus or
 *    underscore joining a Latin word (VT-x, pv_ops): every level;
 *  - otherwise allowed between two Japanese characters; anything involving
 *    Latin text is left to Unicode line breaking (Pango).
 *
 * Spacing (jp_glue_between): punctuation is a half-width glyph with half an
 * em of glue on its open side (a quarter each side for middle dots);
 * consecutive marks collapse (」。 solid, 」「 half an em, 」・ a quarter);
 * Japanese next to Western letters and digits gets a quarter em (not
 * inside ( ) and not next to punctuation, which has its own glue). The
 * priorities order the adjustments of justification as JLREQ §3.8 does.
 * Not done: vertical text (tategumi) classes.
 */
#include "jp_rules.h"

#include <stddef.h>

typedef struct Range { uint32_t lo, hi; uint8_t cls; } Range;

/* Sorted by lo; ranges do not overlap. */
static const Range ranges[] = {
    {0x0021, 0x0021, JP_DIVIDING},         /* ! (Western form of cl-04) */
    {0x0023, 0x0024, JP_PREFIX},           /* # $ */
    {0x0025, 0x0025, JP_POSTFIX},          /* % */
    {0x0028, 0x0028, JP_OPEN},
    {0x0029, 0x0029, JP_CLOSE},
    {0x002C, 0x002C, JP_COMMA},
    {0x002E, 0x002E, JP_FULLSTOP},
    {0x0030, 0x0039, JP_DIGIT},
    {0x003A, 0x003B, JP_MIDDLE},           /* : ; */
    {0x003F, 0x003F, JP_DIVIDING},         /* ? */
    {0x0041, 0x005A, JP_LATIN},
    {0x005B, 0x005B, JP_OPEN},
    {0x005D, 0x005D, JP_CLOSE},
    {0x0061, 0x007A, JP_LATIN},
    {0x007B, 0x007B, JP_OPEN},
    {0x007D, 0x007D, JP_CLOSE},
    {0x00A2, 0x00A2, JP_POSTFIX},          /* ¢ */
    {0x00A3, 0x00A5, JP_PREFIX},           /* £ ¤ ¥ */
    {0x00AB, 0x00AB, JP_OPEN},
    {0x00B0, 0x00B0, JP_POSTFIX},          /* ° */
    {0x00B1, 0x00B1, JP_PREFIX},           /* ± */
    {0x00BB, 0x00BB, JP_CLOSE},
    {0x00C0, 0x024F, JP_LATIN},            /* Latin-1 letters, Latin Extended-A/B */
    {0x2010, 0x2010, JP_HYPHEN},
    {0x2013, 0x2013, JP_HYPHEN},
    {0x2014, 0x2014, JP_INSEP},
    {0x2018, 0x2018, JP_OPEN},
    {0x2019, 0x2019, JP_CLOSE},
    {0x201C, 0x201C, JP_OPEN},
    {0x201D, 0x201D, JP_CLOSE},
    {0x2024, 0x2026, JP_INSEP},            /* ․ ‥ … (UAX #14 IN) */
    {0x2030, 0x2030, JP_POSTFIX},          /* ‰ */
    {0x2032, 0x2033, JP_POSTFIX},          /* ′ ″ */
    {0x2035, 0x2035, JP_POSTFIX},          /* ‵ */
    {0x203C, 0x203C, JP_DIVIDING},
    {0x2047, 0x2049, JP_DIVIDING},
    {0x20AC, 0x20AC, JP_PREFIX},           /* € */
    {0x2103, 0x2103, JP_POSTFIX},          /* ℃ */
    {0x2109, 0x2109, JP_POSTFIX},          /* ℉ */
    {0x2113, 0x2113, JP_POSTFIX},          /* ℓ */
    {0x2116, 0x2116, JP_PREFIX},           /* № */
    {0x22EF, 0x22EF, JP_INSEP},            /* ⋯ */
    {0x2985, 0x2985, JP_OPEN},
    {0x2986, 0x2986, JP_CLOSE},
    {0x3000, 0x3000, JP_IDSPACE},
    {0x3001, 0x3001, JP_COMMA},
    {0x3002, 0x3002, JP_FULLSTOP},
    {0x3005, 0x3005, JP_ITER},             /* 々 */
    {0x3006, 0x3007, JP_IDEO},             /* 〆 〇 */
    {0x3008, 0x3008, JP_OPEN},
    {0x3009, 0x3009, JP_CLOSE},
    {0x300A, 0x300A, JP_OPEN},
    {0x300B, 0x300B, JP_CLOSE},
    {0x300C, 0x300C, JP_OPEN},
    {0x300D, 0x300D, JP_CLOSE},
    {0x300E, 0x300E, JP_OPEN},
    {0x300F, 0x300F, JP_CLOSE},
    {0x3010, 0x3010, JP_OPEN},
    {0x3011, 0x3011, JP_CLOSE},
    {0x3014, 0x3014, JP_OPEN},
    {0x3015, 0x3015, JP_CLOSE},
    {0x3016, 0x3016, JP_OPEN},
    {0x3017, 0x3017, JP_CLOSE},
    {0x3018, 0x3018, JP_OPEN},
    {0x3019, 0x3019, JP_CLOSE},
    {0x301C, 0x301C, JP_HYPHEN},           /* 〜 wave dash */
    {0x301D, 0x301D, JP_OPEN},
    {0x301F, 0x301F, JP_CLOSE},
    {0x3033, 0x3035, JP_INSEP},
    {0x303B, 0x303B, JP_ITER},             /* 〻 */
    {0x3041, 0x3041, JP_SMALL},
    {0x3042, 0x3042, JP_HIRAGANA},
    {0x3043, 0x3043, JP_SMALL},
    {0x3044, 0x3044, JP_HIRAGANA},
    {0x3045, 0x3045, JP_SMALL},
    {0x3046, 0x3046, JP_HIRAGANA},
    {0x3047, 0x3047, JP_SMALL},
    {0x3048, 0x3048, JP_HIRAGANA},
    {0x3049, 0x3049, JP_SMALL},
    {0x304A, 0x3062, JP_HIRAGANA},
    {0x3063, 0x3063, JP_SMALL},
    {0x3064, 0x3082, JP_HIRAGANA},
    {0x3083, 0x3083, JP_SMALL},
    {0x3084, 0x3084, JP_HIRAGANA},
    {0x3085, 0x3085, JP_SMALL},
    {0x3086, 0x3086, JP_HIRAGANA},
    {0x3087, 0x3087, JP_SMALL},
    {0x3088, 0x308D, JP_HIRAGANA},
    {0x308E, 0x308E, JP_SMALL},
    {0x308F, 0x3094, JP_HIRAGANA},
    {0x3095, 0x3096, JP_SMALL},
    {0x3099, 0x309C, JP_HIRAGANA},         /* combining and spacing voicing marks */
    {0x309D, 0x309E, JP_ITER},             /* ゝ ゞ */
    {0x309F, 0x309F, JP_HIRAGANA},
    {0x30A0, 0x30A0, JP_HYPHEN},           /* ゠ */
    {0x30A1, 0x30A1, JP_SMALL},
    {0x30A2, 0x30A2, JP_KATAKANA},
    {0x30A3, 0x30A3, JP_SMALL},
    {0x30A4, 0x30A4, JP_KATAKANA},
    {0x30A5, 0x30A5, JP_SMALL},
    {0x30A6, 0x30A6, JP_KATAKANA},
    {0x30A7, 0x30A7, JP_SMALL},
    {0x30A8, 0x30A8, JP_KATAKANA},
    {0x30A9, 0x30A9, JP_SMALL},
    {0x30AA, 0x30C2, JP_KATAKANA},
    {0x30C3, 0x30C3, JP_SMALL},
    {0x30C4, 0x30E2, JP_KATAKANA},
    {0x30E3, 0x30E3, JP_SMALL},
    {0x30E4, 0x30E4, JP_KATAKANA},
    {0x30E5, 0x30E5, JP_SMALL},
    {0x30E6, 0x30E6, JP_KATAKANA},
    {0x30E7, 0x30E7, JP_SMALL},
    {0x30E8, 0x30ED, JP_KATAKANA},
    {0x30EE, 0x30EE, JP_SMALL},
    {0x30EF, 0x30F4, JP_KATAKANA},
    {0x30F5, 0x30F6, JP_SMALL},
    {0x30F7, 0x30FA, JP_KATAKANA},
    {0x30FB, 0x30FB, JP_MIDDLE},           /* ・ */
    {0x30FC, 0x30FC, JP_PROLONG},          /* ー */
    {0x30FD, 0x30FE, JP_ITER},             /* ヽ ヾ */
    {0x30FF, 0x30FF, JP_KATAKANA},
    {0x31F0, 0x31FF, JP_SMALL},
    {0x3300, 0x33FF, JP_POSTFIX},          /* squared units ㌃ ㏄ (CJK Compatibility) */
    {0x3400, 0x4DBF, JP_IDEO},
    {0x4E00, 0x9FFF, JP_IDEO},
    {0xF900, 0xFAFF, JP_IDEO},
    {0xFE19, 0xFE19, JP_INSEP},
    {0xFE69, 0xFE69, JP_PREFIX},           /* ﹩ */
    {0xFE6A, 0xFE6A, JP_POSTFIX},          /* ﹪ */
    {0xFF01, 0xFF01, JP_DIVIDING},
    {0xFF03, 0xFF04, JP_PREFIX},           /* ＃ ＄ */
    {0xFF05, 0xFF05, JP_POSTFIX},          /* ％ */
    {0xFF08, 0xFF08, JP_OPEN},
    {0xFF09, 0xFF09, JP_CLOSE},
    {0xFF0C, 0xFF0C, JP_COMMA},
    {0xFF0E, 0xFF0E, JP_FULLSTOP},
    {0xFF10, 0xFF19, JP_IDEO},             /* full-width digits behave as Japanese */
    {0xFF1A, 0xFF1B, JP_MIDDLE},
    {0xFF1F, 0xFF1F, JP_DIVIDING},
    {0xFF21, 0xFF3A, JP_IDEO},             /* full-width Latin */
    {0xFF3B, 0xFF3B, JP_OPEN},
    {0xFF3D, 0xFF3D, JP_CLOSE},
    {0xFF41, 0xFF5A, JP_IDEO},
    {0xFF5B, 0xFF5B, JP_OPEN},
    {0xFF5D, 0xFF5D, JP_CLOSE},
    {0xFF5E, 0xFF5E, JP_HYPHEN},           /* ～ used as the wave dash */
    {0xFF5F, 0xFF5F, JP_OPEN},
    {0xFF60, 0xFF60, JP_CLOSE},
    {0xFF61, 0xFF61, JP_FULLSTOP},
    {0xFF62, 0xFF62, JP_OPEN},
    {0xFF63, 0xFF63, JP_CLOSE},
    {0xFF64, 0xFF64, JP_COMMA},
    {0xFF65, 0xFF65, JP_MIDDLE},
    {0xFF66, 0xFF66, JP_KATAKANA},
    {0xFF67, 0xFF70, JP_SMALL},            /* half-width small kana and ｰ */
    {0xFF71, 0xFF9F, JP_KATAKANA},
    {0xFFE0, 0xFFE0, JP_POSTFIX},          /* ￠ */
    {0xFFE1, 0xFFE1, JP_PREFIX},           /* ￡ */
    {0xFFE5, 0xFFE6, JP_PREFIX},           /* ￥ ￦ */
    {0x20000, 0x3FFFF, JP_IDEO},
};

JpClass
jp_class(uint32_t cp)
{
    size_t lo = 0, hi = sizeof ranges / sizeof ranges[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cp < ranges[mid].lo)
            hi = mid;
        else if (cp > ranges[mid].hi)
            lo = mid + 1;
        else
            return (JpClass)ranges[mid].cls;
    }
    if (cp == ' ')
        return JP_SPACE;
    return JP_OTHER;
}

const char *
jp_class_name(JpClass c)
{
    static const char *const names[JP_CLASS_COUNT] = {
        "other", "cl-01", "cl-02", "cl-03", "cl-04", "cl-05", "cl-06", "cl-07", "cl-08",
        "cl-09", "cl-10", "cl-11", "cl-12", "cl-13", "cl-14", "cl-15", "cl-16", "cl-19",
        "cl-24", "cl-27", "cl-26",
    };
    return (unsigned)c < JP_CLASS_COUNT ? names[c] : "?";
}

bool
jp_is_japanese(uint32_t cp)
{
    if (cp < 0x2000)
        return false;
    JpClass c = jp_class(cp);
    return c != JP_OTHER && c != JP_LATIN && c != JP_DIGIT && c != JP_SPACE;
}

bool
jp_is_wide(uint32_t cp)
{
    return jp_is_japanese(cp) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xF900 && cp <= 0xFAFF)
           || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFFEF)
           || (cp >= 0x20000 && cp <= 0x3FFFF);
}

/* The full-width and Japanese forms only: ASCII ( ) . , ! ? : ; % are
 * Western punctuation, whose breaks Unicode line breaking handles. */
static bool
wide(uint32_t cp)
{
    return cp >= 0x2000;
}

bool
jp_may_start_line(uint32_t cp, JpLevel level)
{
    switch (jp_class(cp)) {
    case JP_CLOSE:
    case JP_FULLSTOP:
    case JP_COMMA:
        return false;
    case JP_SMALL:
    case JP_PROLONG:
        return level != JP_STRICT;
    case JP_HYPHEN:
        return level != JP_STRICT || !wide(cp);
    case JP_ITER:
    case JP_INSEP:
        return level == JP_LOOSE;
    case JP_MIDDLE:
    case JP_DIVIDING:
    case JP_POSTFIX:
        return level == JP_LOOSE;
    default:
        return true;
    }
}

bool
jp_may_end_line(uint32_t cp, JpLevel level)
{
    (void)level;
    return jp_class(cp) != JP_OPEN;
}

static bool
is_alnum(uint32_t cp)
{
    JpClass c = jp_class(cp);
    return c == JP_LATIN || c == JP_DIGIT;
}

JpBreak
jp_break(uint32_t prev, uint32_t next, JpLevel level)
{
    JpClass a = jp_class(prev), b = jp_class(next);
    if (a == JP_OPEN && (wide(prev) || jp_is_japanese(next)))
        return JP_BREAK_NO;
    if ((b == JP_CLOSE || b == JP_FULLSTOP || b == JP_COMMA) && wide(next))
        return JP_BREAK_NO;
    if (a == JP_INSEP && b == JP_INSEP)
        return JP_BREAK_NO;                /* —— …… ‥‥ */
    if ((prev == '-' || prev == '_' || prev == 0x2010) && is_alnum(next))
        return JP_BREAK_NO;                /* VT-x, pv_ops: one Latin word */
    if (a == JP_PREFIX && b == JP_DIGIT && level != JP_LOOSE)
        return JP_BREAK_NO;                /* ¥1,980 */
    if (!jp_may_start_line(next, level))
        return JP_BREAK_NO;
    if (b == JP_POSTFIX && (a == JP_DIGIT || jp_is_japanese(prev)) && level != JP_LOOSE)
        return JP_BREAK_NO;                /* 50% 3.4GHz-like units stay with the number */
    if (jp_is_japanese(prev) && jp_is_japanese(next))
        return JP_BREAK_YES;
    return JP_BREAK_DEFER;
}

/* --- 和欧混植 --- */

/* The Latin face sets Latin text: ASCII letters, digits and punctuation,
 * the Latin-1 and Latin Extended letters, IPA, the en dash and the
 * currency signs. The Japanese face keeps what Japanese text has from JIS
 * X 0208: kana, kanji, full-width forms, its punctuation and symbols,
 * among them the Latin-1 ones § ¨ ° ± ´ ¶ × ÷, Greek and Cyrillic. The
 * quotation marks ‘ ’ “ ” and … — are in both: JLREQ sets them from the
 * Japanese font in Japanese text, so they follow the text around them (an
 * opening mark the text after it, a closing one and … — the text before):
 * 「“引用”」 keeps the Japanese marks, “Hello,” she said, and don’t take the
 * Latin ones. */
JpFace
jp_pair_face(uint32_t cp)
{
    if (cp == ' ' || cp == 0xA0 || (cp >= 0x0300 && cp <= 0x036F) || cp == 0x2019
        || cp == 0x201D || cp == 0x2026 || cp == 0x2014)
        return JP_FACE_BEFORE;
    if (cp == 0x2018 || cp == 0x201C)
        return JP_FACE_AFTER;
    if (cp >= 0x21 && cp <= 0x7E)
        return JP_FACE_LATIN;
    if (cp >= 0xA1 && cp <= 0xFF)
        return cp == 0xA7 || cp == 0xA8 || cp == 0xB0 || cp == 0xB1 || cp == 0xB4
                       || cp == 0xB6 || cp == 0xD7 || cp == 0xF7
                   ? JP_FACE_JAPANESE : JP_FACE_LATIN;
    if ((cp >= 0x0100 && cp <= 0x02AF) || (cp >= 0x1E00 && cp <= 0x1EFF) || cp == 0x2013
        || (cp >= 0x20A0 && cp <= 0x20CF))
        return JP_FACE_LATIN;
    return JP_FACE_JAPANESE;
}

void
jp_pair_faces(const uint32_t *cp, int n, bool *latin)
{
    /* the face of the next character that has its own, right to left */
    bool next = false;
    for (int i = n - 1; i >= 0; i--) {
        JpFace f = jp_pair_face(cp[i]);
        if (f == JP_FACE_LATIN || f == JP_FACE_JAPANESE)
            next = f == JP_FACE_LATIN;
        latin[i] = next;
    }
    for (int i = 0; i < n; i++) {
        JpFace f = jp_pair_face(cp[i]);
        if (f == JP_FACE_LATIN || f == JP_FACE_JAPANESE)
            latin[i] = f == JP_FACE_LATIN;
        else if (f == JP_FACE_BEFORE && i > 0)
            latin[i] = latin[i - 1];
        /* (else: after it, as set above) */
    }
}

/* --- spacing --- */

JpSpacing
jp_spacing(uint32_t cp, bool full)
{
    JpClass k = jp_class(cp);
    bool wide_full = full && cp >= 0x2000;
    if (cp == ' ')
        return JP_SP_SPACE;
    if (k == JP_OPEN)
        return wide_full ? JP_SP_OPEN : JP_SP_LATIN_OPEN;
    if (k == JP_CLOSE || k == JP_FULLSTOP || k == JP_COMMA)
        return wide_full ? JP_SP_CLOSE : JP_SP_LATIN_CLOSE;
    if (k == JP_MIDDLE)
        return wide_full ? JP_SP_MIDDLE : JP_SP_LATIN_CLOSE;
    if (k == JP_DIVIDING)
        return cp >= 0x2000 ? JP_SP_JP : JP_SP_LATIN_CLOSE;
    if (k == JP_LATIN || k == JP_DIGIT)
        return JP_SP_LATIN;
    if (k == JP_PREFIX || k == JP_POSTFIX)
        return cp >= 0x2000 ? JP_SP_JP : JP_SP_LATIN;
    if (jp_is_wide(cp))
        return JP_SP_JP;
    if (cp < 0x2000)
        return JP_SP_LATIN;
    return JP_SP_OTHER;
}

JpSpacing
jp_spacing_western(JpSpacing s)
{
    switch (s) {
    case JP_SP_JP:
        return JP_SP_LATIN;
    case JP_SP_OPEN:
        return JP_SP_LATIN_OPEN;
    case JP_SP_CLOSE:
    case JP_SP_MIDDLE:
        return JP_SP_LATIN_CLOSE;
    default:
        return s;
    }
}

int
jp_box_width(JpSpacing s, int natural)
{
    return s == JP_SP_OPEN || s == JP_SP_CLOSE || s == JP_SP_MIDDLE ? 500 : natural;
}

int
jp_box_shift(JpSpacing s)
{
    return s == JP_SP_OPEN ? -500 : s == JP_SP_MIDDLE ? -250 : 0;
}

static bool
kana_kanji(JpSpacing s, JpClass k)
{
    return s == JP_SP_JP && (k == JP_HIRAGANA || k == JP_KATAKANA || k == JP_IDEO
                             || k == JP_SMALL || k == JP_PROLONG || k == JP_ITER);
}

JpGlue
jp_glue_between(JpSpacing x, JpClass ka, JpSpacing y, JpClass kb)
{
    JpGlue j = {0};
    bool x_close = x == JP_SP_CLOSE, y_close = y == JP_SP_CLOSE;
    if (x_close && y_close)
        return j;                          /* 」。 ）」 closing marks set solid */
    if (x == JP_SP_OPEN && y != JP_SP_MIDDLE)
        return j;                          /* 「『 and nothing after an opening bracket */
    if ((x_close && y == JP_SP_MIDDLE) || (x == JP_SP_MIDDLE && (y == JP_SP_OPEN || y_close))
        || (x == JP_SP_OPEN && y == JP_SP_MIDDLE)) {
        j.width = j.shrink = 250;          /* 」・ ・「: the middle dot's quarter em */
        j.shrink_prio = 3;
        return j;
    }
    if (x == JP_SP_MIDDLE || y == JP_SP_MIDDLE) {
        j.width = j.shrink = (x == JP_SP_MIDDLE ? 250 : 0) + (y == JP_SP_MIDDLE ? 250 : 0);
        j.shrink_prio = 3;
        return j;
    }
    if (x_close || y == JP_SP_OPEN) {
        /* after 」、。 or before 「 half an em; 」「 、「 collapse to one half */
        j.width = 500;
        bool stop = x_close && ka == JP_FULLSTOP && y != JP_SP_OPEN;
        j.shrink = stop ? 0 : 500;         /* a full stop keeps its space mid-line */
        j.shrink_prio = stop ? 0 : 4;
        j.stretch = JP_STRETCH_MAX;
        j.limit = JP_STRETCH_LIMIT;
        j.stretch_prio = 4;
        return j;
    }
    /* Japanese and Western text: a quarter em, from 1/8 to 1/2 */
    if ((x == JP_SP_JP && (y == JP_SP_LATIN || y == JP_SP_LATIN_OPEN))
        || ((x == JP_SP_LATIN || x == JP_SP_LATIN_CLOSE) && y == JP_SP_JP)) {
        j.width = 250;
        j.shrink = 125;
        j.shrink_prio = 5;
        j.stretch = 250;
        j.stretch_prio = 2;
        return j;
    }
    /* between Japanese characters: stretch only, and little of it */
    if (kana_kanji(x, ka) && kana_kanji(y, kb)) {
        j.stretch = JP_STRETCH_MAX;
        j.limit = JP_STRETCH_LIMIT;
        j.stretch_prio = 3;
    } else if (x == JP_SP_JP && y == JP_SP_JP && !(ka == JP_INSEP && kb == JP_INSEP)
               && ka != JP_HYPHEN && kb != JP_HYPHEN && ka != JP_DIVIDING && kb != JP_DIVIDING) {
        j.stretch = JP_STRETCH_MAX;
        j.limit = JP_STRETCH_LIMIT;
        j.stretch_prio = 4;
    }
    return j;
}
