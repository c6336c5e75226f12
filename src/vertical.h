/*
 * vertical.h: what 縦組 (vertical writing) needs beyond the horizontal
 * engine. A vertical report is laid out as a horizontal one on the page
 * turned a quarter clockwise: the measure runs down the physical page,
 * successive lines go right to left, and everything from line breaking to
 * pagination works as it does across. What is vertical is the glyphs:
 *   upright     Japanese, full-width forms and symbols (UAX #50's U, Tu,
 *               Tr): shaped with the fonts' vertical alternates (`vert`),
 *               advanced by their vertical metrics, each drawn standing up
 *               in its em box (draw.c);
 *   tate-chu-yoko (縦中横): one to two (a theme's page.tate-chu-yoko: up
 *               to three) ASCII digits standing alone
 *               (12月, 3時) set across the line as one em-wide upright box;
 *   sideways    Latin letters, longer numbers and the rest: shaped as in
 *               horizontal text and turned with the page (a quarter turn
 *               clockwise), as JLREQ and every Japanese book sets them.
 * In the PDF the upright glyphs come from their own copies of the font
 * subsets (subset.c), which the post-pass turns into vertical fonts
 * (Identity-V, post_meta.c), so readers extract each column as one line.
 */
#ifndef VERTICAL_H
#define VERTICAL_H

#include <stdbool.h>
#include <stdint.h>

typedef enum Orient {
    ORIENT_SIDEWAYS,                       /* turned with the page (and all horizontal text) */
    ORIENT_UPRIGHT,
    ORIENT_TCY,                            /* tate-chu-yoko */
} Orient;

/* The longest run of ASCII digits a theme may set as tate-chu-yoko
 * (page.tate-chu-yoko; 2 by default: three digits across take a third of
 * an em each, which only some texts want). */
#define VERT_TCY_MAX 3

/* Where an upright glyph's em box sits on the line, in thousandths of an
 * em: its top above the baseline, and its middle (the line's centre in a
 * column) above the baseline: the ideographic em box of the CJK fonts, 880
 * over and 120 under the baseline. */
#define VERT_ORIGIN 880
#define VERT_CENTRE 380
/* In the PDF's vertical fonts a glyph hangs from the point its advance
 * down the column ends at (the position vector's y, DW2, post_meta.c, is
 * VERT_ORIGIN minus the advance): poppler's text extraction takes the
 * advance before that point as the glyph's place. From the usual top (880)
 * every Japanese glyph read an em early, and a sideways Latin word beside
 * them came out of its place in the line. VERT_FOOT: hanging from the foot
 * of the em box whatever the advance (a tate-chu-yoko pair's second digit,
 * which takes the second half of the pair's em). */
#define VERT_FOOT (VERT_ORIGIN - 1000)
/* The width across of every glyph in the PDF's vertical fonts (subset.c):
 * twice the em box's depth under the baseline, so the origin a reader sees
 * for an upright glyph (the top of its box, half its width across from its
 * left edge) lies on the baseline, as a sideways Latin letter's does. */
#define VERT_ACROSS 240

/* Is cp set upright in vertical text (UAX #50 U, Tu or Tr)? */
bool vert_upright(uint32_t cp);

/* Is text[start, end) set as tate-chu-yoko: at most `digits` ASCII digits
 * (1..VERT_TCY_MAX; 0: none), or one or two of ! and ?, with no other
 * ASCII letter, digit or sign beside them (12月, 第3章, 本当!?; not v12,
 * 3.5, A-5, Hello!)? */
bool vert_tcy(const char *text, int len, int start, int end, int digits);
/* The character whose vertical glyph the quotation mark cp is drawn with
 * (“ 〝, ” 〟: JIS X 4051's 〝〟 for vertical text), or 0. */
uint32_t vert_quote(uint32_t cp);

/* Can c be part of tate-chu-yoko (an ASCII digit, ! or ?)? */
bool vert_tcy_char(char c);

#endif
