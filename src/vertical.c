/*
 * vertical.c: which characters stand upright in vertical text and which
 * digits are set across the line (see vertical.h).
 *
 * The orientation follows UAX #50 (Unicode Vertical_Orientation) in its
 * blocks: a character is upright (U, Tu, Tr) in the CJK, kana, Hangul and
 * full-width blocks and in the symbol blocks that UAX #50 marks U as a whole
 * (enclosed alphanumerics, geometric shapes, miscellaneous symbols,
 * dingbats, the emoji planes), plus the few Latin-1 and punctuation
 * characters it marks U (§ © ® ± × ÷ † ‡ ‰ ※ ‼), and “ ” which vertical
 * books set as 〝 〟 (vert_quote). Everything else (Latin,
 * Greek, Cyrillic, arrows, box drawing, dashes, the ellipsis) is R:
 * sideways. A full-width dash or ellipsis turned with the page reads as the
 * vertical form, which is how UAX #50 means R for them.
 */
#include "vertical.h"

#include <stddef.h>

typedef struct Block { uint32_t first, last; } Block;

/* Upright ranges, sorted. */
static const Block upright[] = {
    {0x00A7, 0x00A7}, {0x00A9, 0x00A9}, {0x00AE, 0x00AE}, {0x00B1, 0x00B1}, {0x00BC, 0x00BE},
    {0x00D7, 0x00D7}, {0x00F7, 0x00F7},
    {0x02EA, 0x02EB},                      /* bopomofo tone marks */
    {0x1100, 0x11FF},                      /* Hangul Jamo */
    {0x1AB0, 0x1AFF}, {0x1CD0, 0x1CFF},    /* (combining marks with their base) */
    {0x2016, 0x2016}, {0x201C, 0x201D},   /* (“ ” drawn as 〝 〟: vert_quote) */
    {0x2020, 0x2021}, {0x2030, 0x2031}, {0x203B, 0x203C},
    {0x2042, 0x2042}, {0x2047, 0x2049}, {0x2051, 0x2051}, {0x2065, 0x2065},
    {0x20DD, 0x20E0}, {0x20E2, 0x20E4},
    {0x2100, 0x2101}, {0x2103, 0x2109}, {0x210F, 0x210F}, {0x2113, 0x2114}, {0x2116, 0x2117},
    {0x211E, 0x2123}, {0x2125, 0x2125}, {0x2127, 0x2127}, {0x2129, 0x2129}, {0x212E, 0x212E},
    {0x2135, 0x213F}, {0x2145, 0x214A}, {0x214C, 0x214D}, {0x214F, 0x2189},
    {0x218C, 0x218F},
    {0x221E, 0x221E}, {0x2234, 0x2235},
    {0x2300, 0x2307}, {0x230C, 0x231F}, {0x2324, 0x2328}, {0x232B, 0x232B},
    {0x237D, 0x239A}, {0x23BE, 0x23CD}, {0x23CF, 0x23CF}, {0x23D1, 0x23DB},
    {0x23E2, 0x2422}, {0x2424, 0x24FF},    /* ... enclosed alphanumerics (①) */
    {0x25A0, 0x2619}, {0x2620, 0x2767},    /* geometric shapes, symbols, dingbats */
    {0x2776, 0x2793},
    {0x2B12, 0x2B2F}, {0x2B50, 0x2B59}, {0x2BB8, 0x2BD1}, {0x2BD3, 0x2BEB}, {0x2BF0, 0x2BFF},
    {0x2E50, 0x2E51}, {0x2E80, 0x3247},    /* radicals, CJK punctuation, kana, bopomofo... */
    {0x3250, 0xA4CF},                      /* ... CJK, Yi */
    {0xA960, 0xA97F}, {0xAC00, 0xD7FF},    /* Hangul */
    {0xE000, 0xFAFF},                      /* private use, compatibility ideographs */
    {0xFE10, 0xFE1F}, {0xFE30, 0xFE48}, {0xFE50, 0xFE57}, {0xFE5F, 0xFE62}, {0xFE67, 0xFE6F},
    {0xFF01, 0xFF0C}, {0xFF0E, 0xFF1B}, {0xFF1F, 0xFF60}, {0xFFE0, 0xFFE7},
    {0xFFF0, 0xFFF8}, {0xFFFC, 0xFFFD},
    {0x16FE0, 0x18AFF}, {0x1B000, 0x1B2FF}, /* kana supplements, Tangut */
    {0x1D300, 0x1D37F}, {0x1F000, 0x1F7FF}, /* mahjong, cards, enclosed, emoji */
    {0x1F900, 0x1FAFF},
    {0x20000, 0x3FFFD},                    /* CJK extensions */
    {0xF0000, 0x10FFFD},                   /* private use planes */
};

bool
vert_upright(uint32_t cp)
{
    size_t lo = 0, hi = sizeof upright / sizeof upright[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cp < upright[mid].first)
            hi = mid;
        else if (cp > upright[mid].last)
            lo = mid + 1;
        else
            return true;
    }
    return false;
}

/* An ASCII letter, digit or sign: a digit beside one is part of a Western
 * word, number or label (v12, 3.5, 2,000, A-5, (3)), set sideways with it. */
static bool
is_ascii_graphic(char c)
{
    return c > ' ' && c < 0x7F;
}

bool
vert_tcy_char(char c)
{
    return (c >= '0' && c <= '9') || c == '!' || c == '?';
}

bool
vert_tcy(const char *text, int len, int start, int end, int max_digits)
{
    bool digits = text[start] >= '0' && text[start] <= '9';
    if (end - start < 1 || end - start > (digits ? max_digits : 2))
        return false;
    for (int i = start; i < end; i++)   /* digits, or ! and ? (!? !! ?), not mixed */
        if (!vert_tcy_char(text[i]) || (text[i] >= '0' && text[i] <= '9') != digits)
            return false;
    return (start == 0 || !is_ascii_graphic(text[start - 1]))
           && (end == len || !is_ascii_graphic(text[end]));
}

uint32_t
vert_quote(uint32_t cp)
{
    return cp == 0x201C ? 0x301D : cp == 0x201D ? 0x301F : 0;
}
