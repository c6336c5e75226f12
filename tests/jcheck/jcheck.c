/*
 * jcheck.c: a JLREQ composition checker that reads any PDF through real readers.
 * Usage: jcheck [--source FILE.md] [--expect-clean] [--lines] [--flush-left] [--vertical]
 *               FILE.pdf
 *        jcheck [--lines] [--vertical] --stext FILE.xml   (mutool's XML, already extracted)
 *
 * Model. MuPDF (`mutool convert -F stext -O inhibit-spaces`, in chunks of pages, into a
 * private temporary folder) gives every glyph with its Unicode value, font size, origin
 * on the baseline and advance box (quad; from the font's widths, not the ink). The XML
 * is read as a stream, one page at a time. inhibit-spaces matters: without it MuPDF
 * invents a space wherever two glyphs are more than 0.15 em apart, which would hide
 * every Japanese-Latin gap. On each page we rebuild the visual lines ourselves: chars
 * grouped by baseline (within 0.5 pt), sorted by x, split into segments where two
 * advance boxes are more than 2 em apart (running head left/right, table cells). The
 * body size is the most common font size by char count, counted over the document so
 * far (the page's own if the page lacks that size: a last page with two lines under a
 * running head is still read right); only body-size segments ("body lines") are judged,
 * the others only separate paragraphs.
 *
 *
 * Vertical pages (tategaki: lines run top to bottom, successive lines right to left) are
 * turned into this model, so every check below is the same code for both (page_orient in
 * jcheck_read.c): a char's x runs down its column, its y is minus the column's centre
 * line, so the right-hand column is the first line, the measure is the most common bottom
 * edge and a column continues the one at the usual pitch to its left. MuPDF gives
 * vertical text three ways: wmode="1" lines (vertical fonts), dir="0 1" lines (glyphs
 * turned sideways: Latin in a column, or a page drawn in a turned frame), and upright
 * glyphs of horizontal fonts one below the other, each a <line> of its own (LuaTeX-ja,
 * Pango's vertical gravity). A page is vertical when most of its chars are in the first
 * two or are such stacked one-char lines, or always with --vertical. Columns gather chars
 * within COLUMN_TOL_EM of a centre line: an upright glyph's is the middle of its box
 * across, a sideways glyph's 0.38 em above its baseline (the CJK em box's middle); along
 * the column an upright glyph of a horizontal font is taken to fill its em from 0.88 em
 * above its baseline (MuPDF's quad there is the font's bounding box). Two or three chars
 * set across a column (tate-chu-yoko) are one unit, set as kanji (no Japanese-Latin gap);
 * longer horizontal lines on a vertical page (running heads) are left out. Vertical presentation forms
 * (U+FE41 for 「, U+FE12 for 。: LuaTeX-ja's ToUnicode) are read as their base chars.
 *
 * Checks (JLREQ strict, see /work/shared/JLREQ.md):
 *  1. line start: the first char (after a list marker ・◦▪▫◇○ "N." "(N)" "a." "*N") is
 *     one JLREQ strict forbids there: cl-02/03/04/05/06/07/08/09/11, ー, postfixed units,
 *     and their ASCII forms. A leading ・ between katakana right after a line that
 *     reaches the measure is read as text (ノート・パソコン broken before ・), not as a
 *     marker. A paragraph that itself begins with such a char is reported too (telling
 *     it from a bad break would need the very guesses this check must not trust).
 *  2. line end: the last char is a cl-01 opening bracket.
 *  3. unjustified lines. Measure = most common right edge of the page's single body lines
 *     (0.5 pt clusters, ties to the right; a line ending in full-width cl-02/06/07 votes
 *     for both its edges). Right edge = last advance box right, or origin + 0.5 em for a
 *     full-width cl-02/06/07 (its line-end glue dropped), whichever is nearer the measure.
 *     L is non-final when the next body line N (next baseline at the page's usual pitch,
 *     nothing of another size in between; or the first body line of the next page, page
 *     furniture repeated at the same place on the neighbouring page ignored) continues
 *     it: N has no list marker; N's left edge is at most 0.3 em right of L's continuation
 *     left (L's text start after any marker, + 0.5 em for a full-width opening bracket
 *     hung before the margin) and at most 1.6 em left of it (further out is a new block);
 *     and N's first unbreakable unit would not have fitted into L's free space less
 *     0.5 pt (else the break was forced: a paragraph end followed by an unindented
 *     paragraph, as in loose list items, where the pitch and the left edge say nothing).
 *     Reported: a non-final line off the measure by more than 0.5 pt, and any line past
 *     the measure by more than 0.5 pt ("overfull final line"; a last full-width cl-02/06/07
 *     counts by its half-em box, its blank half may pass the measure). --flush-left (text the
 *     theme sets unjustified: slides, handouts): only lines past the measure.
 *  4. Japanese-Latin gap between adjacent kana/kanji and ASCII letter/digit on body lines,
 *     in ems: median, min, max, count (JLREQ: 1/4 em).
 *  5. spurious spaces: U+0020/U+3000 between two Japanese chars in `pdftotext -enc UTF-8`
 *     output, unless the same J-space-J sequence is in the --source text; not on vertical
 *     pages (pdftotext reads upright glyphs set in columns as rows across the columns,
 *     with a space between every two: such J-space-J are counted apart).
 *  6. loose lines: on every line of every size (body, notes, table cells, slides), the
 *     largest gap between two Japanese chars (advance boxes, in ems); a line is loose at
 *     LOOSE_EM (0.100 em) or more: pdftotext reads such gaps as spaces (measured by
 *     gaps.c, run.sh checks it). Not counted: a J-space-J the --source has, and a gap of
 *     an em or more between gaps that are not loose (two table cells).
 *  Ragged lines (counted apart from check 3): a non-final line short of the measure, not
 *     loose, whose gaps could not have taken what it lacks (kana/kanji to JJ_ROOM_EM,
 *     word and Japanese-Latin spaces to half an em): set short rather than spread.
 * Examples name the page and the line: "p3 line 12" is the 12th body line of page 3.
 * Summary: "jcheck: start=N end=N unjustified=N gap_median=X.XXXem spurious=N loose=N
 * ragged=N". With --expect-clean exit 1 unless start, end, unjustified, spurious and
 * loose are 0 and 0.23 <= median <= 0.27 (or no gaps); ragged lines are allowed.
 * Exit 2 on usage errors or when mutool/pdftotext fails. --stext skips check 5 (no PDF
 * for pdftotext). --lines prints every rebuilt line with its classification (for
 * debugging the heuristics).
 * Without font sizes in the XML, a kana/kanji's size is taken from its advance and
 * other chars take the last such size in their mutool line (else their box height).
 *
 * Not done: on horizontal pages, vertical and rotated chars are skipped (and horizontal
 * lines longer than one em on vertical pages); a vertical page's check 5 reads pdftotext's
 * text as it comes; ruby is told from text only by its size (RUBY_MAX) and only between
 * two lines of one page; multi-column pages and vertical pages in tiers (one column or
 * tier assumed; table rows count as multi-segment lines and are only checked for line
 * starts/ends); mirrored margins across pages (the cross-page test compares left
 * edges of facing pages); ink is not measured (advance boxes only); hanging punctuation
 * (burasagari) is reported as unjustified; the middle dot that starts a line after a line
 * shorter than the measure is taken for a list marker, and so is an en dash (–) at any
 * line start (the slides' second-level marker).
 */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include "jcheck.h"

/* --- character classes (JLREQ Appendix A; ASCII forms of the full-width ones too) --- */

static bool
in_list(uint32_t cp, const uint32_t *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (list[i] == cp)
            return true;
    return false;
}

#define IN(cp, arr) in_list((cp), (arr), sizeof(arr) / sizeof((arr)[0]))

/* cl-01 opening brackets (+ halfwidth FF62) */
static const uint32_t OPENING[] = {
    0x2018, 0x201C, 0xFF08, 0x0028, 0x3014, 0xFF3B, 0x005B, 0xFF5B, 0x007B, 0x3008,
    0x300A, 0x300C, 0x300E, 0x3010, 0x2985, 0xFF5F, 0x3018, 0x3016, 0x00AB, 0x301D,
    0xFF62,
};
/* cl-02 closing brackets (+ halfwidth FF63) */
static const uint32_t CLOSING[] = {
    0x2019, 0x201D, 0xFF09, 0x0029, 0x3015, 0xFF3D, 0x005D, 0xFF5D, 0x007D, 0x3009,
    0x300B, 0x300D, 0x300F, 0x3011, 0x2986, 0xFF60, 0x3019, 0x3017, 0x00BB, 0x301F,
    0xFF63,
};
/* everything else JLREQ strict forbids at a line start */
static const uint32_t NO_START[] = {
    0x3002, 0xFF0E, 0x002E, 0xFF61,                         /* cl-06 full stops */
    0x3001, 0xFF0C, 0x002C, 0xFF64,                         /* cl-07 commas */
    0x3041, 0x3043, 0x3045, 0x3047, 0x3049, 0x30A1, 0x30A3, 0x30A5, 0x30A7, 0x30A9,
    0x3063, 0x3083, 0x3085, 0x3087, 0x308E, 0x3095, 0x3096, 0x30C3, 0x30E3, 0x30E5,
    0x30E7, 0x30EE, 0x30F5, 0x30F6,                         /* cl-11 small kana */
    0x30FC,                                                 /* cl-10 prolonged sound */
    0x3005, 0x303B, 0x309D, 0x309E, 0x30FD, 0x30FE,         /* cl-09 iteration marks */
    0x30FB, 0xFF1A, 0xFF1B, 0xFF65, 0x003A, 0x003B,         /* cl-05 middle dots */
    0xFF01, 0xFF1F, 0x203C, 0x2047, 0x2048, 0x2049, 0x0021, 0x003F, /* cl-04 */
    0x2010, 0x301C, 0x30A0, 0x2013,                         /* cl-03 hyphens */
    0x2026, 0x2025, 0x2024, 0x22EF, 0xFE19,                 /* cl-08 / UAX14 IN */
    0xFF05, 0x2103, 0x00B0, 0x2030, 0x2032, 0x2033, 0x2035, 0x2109, 0xFE6A, 0xFFE0,
    0x0025,                                                 /* postfixed units */
};
/* full-width closing punctuation whose line-end glue JLREQ lets us drop */
static const uint32_t HALT_END[] = {
    0x2019, 0x201D, 0xFF09, 0x3015, 0xFF3D, 0xFF5D, 0x3009, 0x300B, 0x300D, 0x300F,
    0x3011, 0x2986, 0xFF60, 0x3019, 0x3017, 0x301F, 0x3001, 0x3002, 0xFF0C, 0xFF0E,
};
static const uint32_t BULLETS[] = {
    0x30FB, 0x25E6, 0x25AA, 0x25AB, 0x25C7, 0x25CB, 0x2022, 0x25CF, 0x25A0, 0x25A1,
    0x25C6, 0x2023, 0x2043, 0x2013,     /* (– : the slides' second level) */
};

static bool
is_opening(uint32_t cp)
{
    return IN(cp, OPENING);
}

static bool
no_start(uint32_t cp)
{
    return IN(cp, CLOSING) || IN(cp, NO_START) || (cp >= 0x31F0 && cp <= 0x31FF)
           || (cp >= 0xFF67 && cp <= 0xFF70);
}

static bool
is_space(uint32_t cp)
{
    return cp == 0x20 || cp == 0xA0 || cp == 0x09;
}

/* kana/kanji for the Japanese-Latin gap; not ゠ and ・ (cl-03, cl-05: own spacing) */
static bool
is_kana_kanji(uint32_t cp)
{
    return (cp >= 0x3040 && cp <= 0x30FF && cp != 0x30A0 && cp != 0x30FB)
           || (cp >= 0x4E00 && cp <= 0x9FFF)
           || (cp >= 0x3400 && cp <= 0x4DBF) || cp == 0x3005;
}

static bool
is_latin_alnum(uint32_t cp)
{
    return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9');
}

static bool
is_digit(uint32_t cp)
{
    return cp >= '0' && cp <= '9';
}

static bool
is_katakana(uint32_t cp)
{
    return (cp >= 0x30A1 && cp <= 0x30FA) || cp == 0x30FC;
}

/* Japanese for the spurious-space check: kana, kanji, full-width punctuation */
bool
is_japanese(uint32_t cp)
{
    return is_kana_kanji(cp) || (cp > 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFFEF);
}


/* --- one page: lines, segments, body size --- */

static int
cmp_y(const void *a, const void *b)
{
    const Char *p = a, *q = b;
    return p->y < q->y ? -1 : p->y > q->y ? 1 : (p->x < q->x ? -1 : p->x > q->x);
}

static int
cmp_x(const void *a, const void *b)
{
    const Char *p = a, *q = b;
    return p->x < q->x ? -1 : p->x > q->x ? 1 : 0;
}

static int
cmp_double(const void *a, const void *b)
{
    double p = *(const double *)a, q = *(const double *)b;
    return p < q ? -1 : p > q;
}

/* The most common value within `tol` (a window over the sorted values), its median;
 * ties go to the larger values. NAN if n == 0. Sorts v. */
static double
mode_cluster(double *v, int n, double tol)
{
    if (n == 0)
        return NAN;
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    int best = 0, best_i = 0, j = 0;
    for (int i = 0; i < n; i++) {
        if (j < i)
            j = i;
        while (j + 1 < n && v[j + 1] - v[i] <= tol)
            j++;
        if (j - i + 1 >= best) {
            best = j - i + 1;
            best_i = i;
        }
    }
    return v[best_i + best / 2];
}

/* Most common size among chars [a, b), weighted by count. */
static double
mode_size(const Char *c, int a, int b)
{
    double sizes[64];
    int counts[64], n = 0;
    for (int i = a; i < b; i++) {
        double s = round(c[i].size * 100) / 100;
        int k = 0;
        while (k < n && sizes[k] != s)
            k++;
        if (k == n) {
            if (n == 64)
                continue;
            sizes[n] = s;
            counts[n++] = 0;
        }
        counts[k]++;
    }
    int best = -1;
    for (int k = 0; k < n; k++)
        if (best < 0 || counts[k] > counts[best]
            || (counts[k] == counts[best] && sizes[k] > sizes[best]))
            best = k;
    return best < 0 ? 0 : sizes[best];
}

/* Chars without a font size: a kana/kanji's advance is its em; others take the last
 * such size in their mutool line, else their box height. */
static void
fix_unknown_sizes(Page *pg)
{
    double last = 0;
    int group = -1;
    for (int i = 0; i < pg->n; i++) {
        Char *c = &pg->c[i];
        if (c->group != group) {
            group = c->group;
            last = 0;
            for (int k = i; k < pg->n && pg->c[k].group == group; k++)
                if (pg->c[k].size <= 0 && is_kana_kanji(pg->c[k].cp)) {
                    last = pg->c[k].x1 - pg->c[k].x0;
                    break;
                }
        }
        if (c->size > 0)
            continue;
        if (is_kana_kanji(c->cp) && c->x1 - c->x0 > 0)
            last = c->x1 - c->x0;
        c->size = last > 0 ? last : c->h > 0 ? c->h : 10;
    }
}

static bool
is_bullet_seg(const Char *c, int first, int n)
{
    int k = 0;
    while (k < n && is_space(c[first + k].cp))
        k++;
    if (k >= n || !IN(c[first + k].cp, BULLETS))
        return false;
    for (k++; k < n; k++)
        if (!is_space(c[first + k].cp))
            return false;
    return true;
}

static void
add_seg(Page *pg, int first, int n, double y)
{
    if (pg->ns == pg->caps) {
        pg->caps = pg->caps ? pg->caps * 2 : 64;
        pg->s = xrealloc(pg->s, sizeof(Seg) * (size_t)pg->caps);
    }
    Seg *s = &pg->s[pg->ns++];
    memset(s, 0, sizeof *s);
    s->first = first;
    s->n = n;
    s->y = y;
}

static void
build_segments(Page *pg)
{
    pg->ns = 0;
    if (pg->n == 0)
        return;
    qsort(pg->c, (size_t)pg->n, sizeof(Char), cmp_y);
    for (int a = 0; a < pg->n;) {
        /* a line: chars on one baseline; a column: chars near one centre line (a sideways
         * glyph's is estimated), all then put on its first upright char's */
        double tol = pg->vertical ? COLUMN_TOL_EM * pg->c[a].size : BASELINE_TOL_PT;
        int b = a + 1;
        while (b < pg->n && pg->c[b].y - pg->c[a].y <= tol)
            b++;
        double y = pg->c[a].y;
        if (pg->vertical) {
            for (int i = b - 1; i >= a; i--)
                if (pg->c[i].upright)
                    y = pg->c[i].y;
            for (int i = a; i < b; i++)
                pg->c[i].y = y;
        }
        qsort(pg->c + a, (size_t)(b - a), sizeof(Char), cmp_x);
        int start = a;
        double right = pg->c[a].x1;
        for (int i = a + 1; i <= b; i++) {
            bool split = i == b;
            if (!split) {
                double em = fmax(pg->c[i].size, pg->c[i - 1].size);
                split = pg->c[i].x0 - right > SEGMENT_GAP_EM * em;
            }
            if (split) {
                /* a lone bullet set far from its text still belongs to it */
                if (i < b && is_bullet_seg(pg->c, start, i - start)) {
                    right = fmax(right, pg->c[i].x1);
                    continue;
                }
                add_seg(pg, start, i - start, y);
                start = i;
                if (i < b)
                    right = pg->c[i].x1;
            } else {
                right = fmax(right, pg->c[i].x1);
            }
        }
        a = b;
    }
}

/* --- body lines --- */

/* Length of a leading list marker at chars [a, b] (non-space range), 0 if none. */
static int
marker_len(const Char *c, int a, int b)
{
    int n = b - a + 1;
    if (n < 2)
        return 0;
    if (IN(c[a].cp, BULLETS))
        return 1;
    int k = 0;
    if (c[a].cp == '(' || c[a].cp == 0xFF08 || c[a].cp == '*')
        k = 1;
    int d = k;
    while (d < n && is_digit(c[a + d].cp))
        d++;
    if (d == k) {                           /* "a." */
        if (k == 0 && c[a].cp >= 'a' && c[a].cp <= 'z' && n > 2 && c[a + 1].cp == '.'
            && !is_latin_alnum(c[a + 2].cp))
            return 2;
        return 0;
    }
    if (c[a].cp == '*')
        return d < n && !is_digit(c[a + d].cp) ? d : 0;
    uint32_t close = c[a].cp == '(' ? ')' : c[a].cp == 0xFF08 ? 0xFF09 : 0;
    if (close)
        return d < n - 1 && c[a + d].cp == close ? d + 1 : 0;
    if (d < n - 1 && (c[a + d].cp == '.' || c[a + d].cp == ')')
        && !is_digit(c[a + d + 1].cp) && c[a + d + 1].cp != '.')
        return d + 1;
    return 0;
}

static bool
full_width(const Char *c, double em)
{
    return c->x1 - c->x0 >= 0.75 * em;
}

/* Width of the first unit of chars [a, b] that cannot be split by a line break. */
static double
first_unit_width(const Char *c, int a, int b)
{
    int k = a;
    while (k < b) {
        uint32_t p = c[k].cp, q = c[k + 1].cp;
        if (is_space(q))
            break;
        bool word = p > 0x20 && p < 0x7F && q > 0x20 && q < 0x7F;
        bool price = is_digit(q) && (p == 0xA5 || p == 0xFFE5 || p == 0xFF04 || p == 0xFFE1
                                     || p == 0x20AC || p == '$' || p == 0xA3);
        bool pair = p == q && (p == 0x2014 || p == 0x2026 || p == 0x2025);
        if (no_start(q) || is_opening(p) || word || price || pair)
            k++;
        else
            break;
    }
    return c[k].x1 - c[a].x0;
}

static char *
seg_text(const Page *pg, const Seg *s)
{
    char *t = xrealloc(NULL, (size_t)s->n * 4 + 1);
    size_t len = 0;
    for (int i = 0; i < s->n; i++)
        len += utf8_put(t + len, pg->c[s->first + i].cp);
    t[len] = '\0';
    return t;
}

/* What the gaps of chars [a, b] could still take, in pt, within JJ_ROOM_EM between kana
 * and kanji and SPACE_MAX_EM at word spaces and Japanese-Latin spaces: a line shorter
 * than the measure by more than this could not have been justified without a loose gap
 * or a space wider than JLREQ allows. Other gaps (punctuation, inside words) count as
 * taking nothing: the room is never overstated. */
static double
line_room(const Char *c, int a, int b)
{
    double room = 0;
    for (int i = a + 1; i <= b; i++) {
        const Char *p = &c[i - 1], *q = &c[i];
        double em = fmax(p->size, q->size), gap = q->x0 - p->x1, most = 0;
        if (is_space(q->cp) && i + 1 <= b && !is_space(c[i + 1].cp)) {
            /* a word space drawn as a char: from the char before it to the one after */
            q = &c[++i];
            em = fmax(p->size, q->size);
            gap = q->x0 - p->x1;
            room += fmax(0, SPACE_MAX_EM * em - fmax(0, gap));
            continue;
        }
        if (is_kana_kanji(p->cp) && is_kana_kanji(q->cp))
            most = JJ_ROOM_EM * em;
        else if ((is_kana_kanji(p->cp) && is_latin_alnum(q->cp))
                 || (is_latin_alnum(p->cp) && is_kana_kanji(q->cp))
                 || (!is_japanese(p->cp) && !is_japanese(q->cp) && gap >= WORD_SPACE_EM * em))
            most = SPACE_MAX_EM * em;
        room += fmax(0, most - fmax(0, gap));
    }
    return room;
}

static void
line_info(const Page *pg, const Seg *s, double em, LineInfo *li)
{
    memset(li, 0, sizeof *li);
    li->page = pg->number;
    li->lineno = s->lineno;
    li->y = s->y;
    li->em = em;
    li->right_halt = NAN;
    li->text = seg_text(pg, s);
    const Char *c = pg->c;
    int a = s->first, b = s->first + s->n - 1;
    while (a <= b && is_space(c[a].cp))
        a++;
    while (b >= a && is_space(c[b].cp))
        b--;
    if (a > b) {
        li->empty = true;
        return;
    }
    int m = marker_len(c, a, b);
    int t = a + m;
    while (m && t <= b && is_space(c[t].cp))
        t++;
    if (t > b) {
        m = 0;
        t = a;
    }
    li->marker = m > 0;
    li->left = c[a].x;
    li->cont_left = c[t].x;
    if (is_opening(c[t].cp) && full_width(&c[t], em))
        li->cont_left += 0.5 * em;
    li->right_quad = c[b].x1;
    if (IN(c[b].cp, HALT_END) && full_width(&c[b], em))
        li->right_halt = c[b].x + 0.5 * em;
    li->first_cp = c[t].cp;
    li->last_cp = c[b].cp;
    li->unit_w = first_unit_width(c, t, b);
    li->room = line_room(c, t, b);
    li->jgap_max = -1;
    for (int i = a + 1; i <= b; i++)
        if (is_japanese(c[i - 1].cp) && is_japanese(c[i].cp))
            li->jgap_max = fmax(li->jgap_max, (c[i].x0 - c[i - 1].x1) / em);
}

static double
right_edge(const LineInfo *li, double measure)
{
    if (!isnan(li->right_halt) && fabs(li->right_halt - measure) < fabs(li->right_quad - measure))
        return li->right_halt;
    return li->right_quad;
}

/* Does N continue L's paragraph (so L must be justified)? */
static bool
continues(const LineInfo *l, const LineInfo *n, double measure)
{
    if (l->empty || n->empty || n->marker)
        return false;
    if (n->left > l->cont_left + INDENT_TOL_EM * l->em)
        return false;           /* indented: a new paragraph */
    if (n->left < l->cont_left - DEDENT_MAX_EM * l->em)
        return false;           /* further out than a paragraph indent: a new block */
    /* a break before a unit that would have fitted was forced: a paragraph end */
    double free_pt = measure - right_edge(l, measure);
    double join = 0;
    bool l_ascii = l->last_cp > 0x20 && l->last_cp < 0x7F;
    bool n_ascii = n->first_cp > 0x20 && n->first_cp < 0x7F;
    if (l_ascii && n_ascii)
        join = 0.25 * l->em;
    else if ((is_kana_kanji(l->last_cp) && is_latin_alnum(n->first_cp))
             || (is_latin_alnum(l->last_cp) && is_kana_kanji(n->first_cp)))
        join = 0.125 * l->em;
    if (n->unit_w + join <= free_pt - EDGE_TOL_PT)
        return false;
    return true;
}

/* A non-final line must end on the measure; no line may run past it. */
static void
judge_line(Report *r, const LineInfo *l, double measure, bool continued)
{
    if (r->flush_left)
        continued = false;      /* set flush left: only a line past the measure is wrong */
    double right = right_edge(l, measure);
    if (!continued && !isnan(l->right_halt))
        right = fmin(right, l->right_halt);   /* a final 。's blank half may pass it */
    if (continued ? fabs(right - measure) <= EDGE_TOL_PT : right - measure <= EDGE_TOL_PT)
        return;
    if (continued && l->jgap_max < LOOSE_EM && measure - right > l->room + EDGE_TOL_PT) {
        finding_add(&r->ragged, "p%d line %d: %.2f pt short, room %.2f pt: \"%s\"", l->page,
                    l->lineno, measure - right, l->room, l->text);
        return;
    }
    finding_add(&r->unjust, "p%d line %d: right %.2f, measure %.2f (%+.2f pt)%s: \"%s\"",
                l->page, l->lineno, right, measure, right - measure,
                continued ? "" : ", overfull final line", l->text);
}

static void
free_line(LineInfo *li)
{
    free(li->text);
    li->text = NULL;
}

static bool
furniture_match(const Furniture *f, int nf, double y, double size)
{
    for (int i = 0; i < nf; i++)
        if (fabs(f[i].y - y) <= BASELINE_TOL_PT && fabs(f[i].size - size) < 0.01)
            return true;
    return false;
}

static void
record_gap(Report *r, double g, const LineInfo *li)
{
    if (r->ngaps == r->capgaps) {
        r->capgaps = r->capgaps ? r->capgaps * 2 : 256;
        r->gaps = xrealloc(r->gaps, sizeof(double) * (size_t)r->capgaps);
    }
    r->gaps[r->ngaps++] = g;
    char buf[64];
    snprintf(buf, sizeof buf, "p%d line %d", li->page, li->lineno);
    if (r->ngaps == 1 || g < r->gap_min) {
        r->gap_min = g;
        free(r->gap_min_ex);
        r->gap_min_ex = xstrdup(buf);
    }
    if (r->ngaps == 1 || g > r->gap_max) {
        r->gap_max = g;
        free(r->gap_max_ex);
        r->gap_max_ex = xstrdup(buf);
    }
}

static void
measure_gaps(Report *r, const Page *pg, const Seg *s, const LineInfo *li)
{
    for (int i = s->first + 1; i < s->first + s->n; i++) {
        const Char *p = &pg->c[i - 1], *q = &pg->c[i];
        if (!((is_kana_kanji(p->cp) && is_latin_alnum(q->cp))
              || (is_latin_alnum(p->cp) && is_kana_kanji(q->cp))))
            continue;
        if (pg->vertical && p->upright && q->upright)
            continue;           /* upright Latin in a column (12 across it) is set as kanji */
        double em = fmax(p->size, q->size);
        double g = (q->x - (p->x + (p->x1 - p->x0))) / em;
        record_gap(r, g, li);
        if (g < GAP_LOW_EM || g > GAP_HIGH_EM) {
            char ctx[64];
            size_t k = 0;
            for (int m = i - 4 < s->first ? s->first : i - 4; m < i; m++)
                k += utf8_put(ctx + k, pg->c[m].cp);
            ctx[k++] = '|';
            for (int m = i; m < i + 4 && m < s->first + s->n; m++)
                k += utf8_put(ctx + k, pg->c[m].cp);
            ctx[k] = '\0';
            finding_add(&r->gap_odd, "p%d line %d: %.3fem \"%s\"", li->page, li->lineno, g,
                        ctx);
        }
    }
}

/* Line start and end, after the list marker; the middle-dot ambiguity needs the line
 * before (prev, NULL if none at pitch). */
static void
check_edges(Report *r, const Page *pg, const Seg *s, LineInfo *li, const LineInfo *prev,
            double measure)
{
    if (li->empty)
        return;
    const Char *c = pg->c;
    int a = s->first, b = s->first + s->n - 1;
    while (is_space(c[a].cp))
        a++;
    while (is_space(c[b].cp))
        b--;
    int t = a;
    if (li->marker) {
        t = a + marker_len(c, a, b);
        while (t <= b && is_space(c[t].cp))
            t++;
        /* ノート\n・パソコン: a middle dot after a full line, between katakana */
        if (c[a].cp == 0x30FB && t == a + 1 && is_katakana(c[t].cp) && prev
            && !prev->empty && is_katakana(prev->last_cp)
            && fabs(right_edge(prev, measure) - measure) <= EDGE_TOL_PT) {
            li->marker = false;
            li->cont_left = c[a].x;
            li->first_cp = c[a].cp;
            li->unit_w = first_unit_width(c, a, b);
            t = a;
        }
    }
    if (no_start(c[t].cp)) {
        char ch[8];
        ch[utf8_put(ch, c[t].cp)] = '\0';
        finding_add(&r->start, "p%d line %d: starts with %s: \"%s\"", pg->number, s->lineno,
                    ch, li->text);
    }
    if (is_opening(c[b].cp))
        finding_add(&r->end, "p%d line %d: ends with an opening bracket: \"%s\"", pg->number,
                    s->lineno, li->text);
}

/* Is there a char of the page between x0 and x1 within an em above or below
 * baseline y, other than on it (a note reference raised above the line)? */
static bool
occupied(const Page *pg, double x0, double x1, double y, double em)
{
    for (int i = 0; i < pg->n; i++) {
        const Char *c = &pg->c[i];
        if (c->x0 < x1 - 0.01 && c->x1 > x0 + 0.01 && fabs(c->y - y) > BASELINE_TOL_PT
            && fabs(c->y - y) < em)
            return true;
    }
    return false;
}

/* The gap before char i of segment s in ems when it and the char before it are
 * Japanese, else -1. */
static double
jgap(const Page *pg, const Seg *s, int i)
{
    if (i <= s->first || i >= s->first + s->n)
        return -1;
    const Char *p = &pg->c[i - 1], *q = &pg->c[i];
    if (!is_japanese(p->cp) || !is_japanese(q->cp))
        return -1;
    return (q->x0 - p->x1) / fmax(p->size, q->size);
}

/* The largest gap between two Japanese chars of a segment (any size: body text, table
 * cells, notes, slide text), in ems; a loose line at LOOSE_EM or more. A gap of
 * COLUMN_GAP_EM or more whose neighbouring gaps are not loose is taken for the space
 * between two table cells (a cell's padding is half an em each side), not a line's;
 * a gap that holds a raised char (a note reference: its own baseline) is no gap. */
static void
check_loose(Report *r, const Page *pg, const Seg *s)
{
    double worst = -1;
    int at = -1;
    for (int i = s->first + 1; i < s->first + s->n; i++) {
        double g = jgap(pg, s, i);
        if (g >= LOOSE_EM && in_source(r->src, pg->c[i - 1].cp, pg->c[i].cp))
            continue;           /* a space the source has (as the spurious-space check) */
        if (g >= LOOSE_EM
            && occupied(pg, pg->c[i - 1].x1, pg->c[i].x0, s->y, fmax(pg->c[i].size, 1)))
            continue;           /* the gap holds a raised note reference */
        /* a table's columns: a gap of an em or more between loose-free neighbours */
        if (g >= COLUMN_GAP_EM && jgap(pg, s, i - 1) < LOOSE_EM && jgap(pg, s, i + 1) < LOOSE_EM)
            continue;
        if (g > worst) {
            worst = g;
            at = i;
        }
    }
    if (at < 0)
        return;
    r->n_lines++;
    static const double edges[] = {0.05, 0.08, JJ_ROOM_EM, LOOSE_EM};
    int k = 0;
    while (k < 4 && worst >= edges[k] - 1e-9)
        k++;
    r->loose_hist[k]++;
    char where[160];
    size_t n = (size_t)snprintf(where, sizeof where, "p%d %s=%.1f: %.3fem \"", pg->number,
                                pg->vertical ? "x" : "y", pg->vertical ? -s->y : s->y, worst);
    for (int m = at - 6 < s->first ? s->first : at - 6; m < at + 6 && m < s->first + s->n; m++) {
        if (m == at)
            where[n++] = '|';
        n += utf8_put(where + n, pg->c[m].cp);
    }
    where[n++] = '"';
    where[n] = '\0';
    if (r->n_lines == 1 || worst > r->jgap_max) {
        r->jgap_max = worst;
        free(r->jgap_max_ex);
        r->jgap_max_ex = xstrdup(where);
    }
    if (worst >= LOOSE_EM - 1e-9) {
        char *t = seg_text(pg, s);
        finding_add(&r->loose, "%s in \"%s\"", where, t);
        free(t);
    }
}

static void
print_line(const Page *pg, const Seg *s, const char *what)
{
    char *t = seg_text(pg, s);
    printf("  p%d %s=%.2f %s=%.2f-%.2f size=%.2f %s: \"%s\"\n", pg->number,
           pg->vertical ? "x" : "y", pg->vertical ? -s->y : s->y, pg->vertical ? "y" : "x",
           pg->c[s->first].x0, pg->c[s->first + s->n - 1].x1, s->size, what, t);
    free(t);
}

/* The body size: the most common size so far in the document (chars counted), if the
 * page has it, else the page's own when the document has no settled size yet. A page
 * with two body lines under a running head still finds its body text; a page without
 * the document's body size (an appendix of scaled slides: captions and slide text at
 * their own sizes) has no body text to judge, and returns 0. */
static double
body_size(Report *r, const Page *pg)
{
    for (int i = 0; i < pg->n; i++) {
        double s = round(pg->c[i].size * 100) / 100;
        int k = 0;
        while (k < r->nsizes && r->sizes[k] != s)
            k++;
        if (k == r->nsizes) {
            if (r->nsizes == MAX_SIZES)
                continue;
            r->sizes[k] = s;
            r->size_counts[r->nsizes++] = 0;
        }
        r->size_counts[k]++;
    }
    int best = -1;
    for (int k = 0; k < r->nsizes; k++)
        if (best < 0 || r->size_counts[k] > r->size_counts[best])
            best = k;
    for (int i = 0; best >= 0 && i < pg->n; i++)
        if (fabs(pg->c[i].size - r->sizes[best]) < 0.01)
            return r->sizes[best];
    if (best >= 0 && r->size_counts[best] >= SETTLED_CHARS)
        return 0;
    return mode_size(pg->c, 0, pg->n);
}

/* The body lines of one page: all checks, and the cross-page link to the previous one. */
void
process_page(Report *r, Page *pg)
{
    r->pages++;
    page_orient(r, pg);
    if (pg->vertical) {
        r->pages_vertical++;
        if (pg->number >= r->cap_vertical_pages) {
            int cap = pg->number * 2 + 16;
            r->vertical_pages = xrealloc(r->vertical_pages, sizeof(bool) * (size_t)cap);
            memset(r->vertical_pages + r->cap_vertical_pages, 0,
                   sizeof(bool) * (size_t)(cap - r->cap_vertical_pages));
            r->cap_vertical_pages = cap;
        }
        r->vertical_pages[pg->number] = true;
    }
    fix_unknown_sizes(pg);
    build_segments(pg);
    double body = body_size(r, pg);
    int nbody = 0;
    for (int i = 0; i < pg->ns; i++) {
        Seg *s = &pg->s[i];
        s->size = mode_size(pg->c, s->first, s->first + s->n);
        s->body = fabs(s->size - body) < 0.01;
        if (s->body)
            s->lineno = ++nbody;
    }
    for (int i = 0; i < pg->ns; i++) {
        Seg *s = &pg->s[i];
        s->multi = s->body && ((i > 0 && pg->s[i - 1].body && pg->s[i - 1].y == s->y)
                               || (i + 1 < pg->ns && pg->s[i + 1].body && pg->s[i + 1].y == s->y));
    }
    for (int i = 0; i < pg->ns; i++)
        check_loose(r, pg, &pg->s[i]);
    if (nbody == 0) {
        r->pages_no_body++;
        if (r->pend.valid) {
            judge_line(r, &r->pend.li, r->pend.measure, false);
            free_line(&r->pend.li);
            free(r->pend.furn);
            r->pend.valid = false;
        }
        if (r->lines) {
            printf("page %d: no body text%s\n", pg->number, pg->vertical ? " (vertical)" : "");
            for (int i = 0; i < pg->ns; i++)
                print_line(pg, &pg->s[i], "other");
        }
        return;
    }
    LineInfo *li = xrealloc(NULL, sizeof(LineInfo) * (size_t)pg->ns);
    Furniture *furn = xrealloc(NULL, sizeof(Furniture) * (size_t)pg->ns);
    int nfurn = 0;
    double *v = xrealloc(NULL, sizeof(double) * 2 * (size_t)pg->ns);
    for (int i = 0; i < pg->ns; i++) {
        if (pg->s[i].body)
            line_info(pg, &pg->s[i], body, &li[i]);
        else
            furn[nfurn++] = (Furniture){pg->s[i].y, pg->s[i].size};
    }
    /* the measure: right edges of single body lines; a line ending in droppable glue
     * votes for both of its candidate edges (they are 0.5 em apart, so never twice) */
    int nv = 0;
    for (int i = 0; i < pg->ns; i++)
        if (pg->s[i].body && !pg->s[i].multi && !li[i].empty) {
            v[nv++] = li[i].right_quad;
            if (!isnan(li[i].right_halt))
                v[nv++] = li[i].right_halt;
        }
    double measure = mode_cluster(v, nv, EDGE_TOL_PT);
    if (isnan(measure))
        measure = 0;
    /* the pitch: most common distance between consecutive body baselines */
    nv = 0;
    double prev_y = NAN;
    for (int i = 0; i < pg->ns; i++)
        if (pg->s[i].body && pg->s[i].y != prev_y) {
            if (!isnan(prev_y))
                v[nv++] = pg->s[i].y - prev_y;
            prev_y = pg->s[i].y;
        }
    double pitch = mode_cluster(v, nv, EDGE_TOL_PT);
    if (isnan(pitch))
        pitch = r->last_pitch;
    else
        r->last_pitch = pitch;
    free(v);
    if (r->lines)
        printf("page %d: body %.2f pt, measure %.2f, pitch %.2f%s\n", pg->number, body, measure,
               pitch, pg->vertical ? " (vertical: measure is a bottom edge)" : "");

    /* line starts and ends; gaps */
    int prev = -1;              /* previous single body line, if at pitch */
    for (int i = 0; i < pg->ns; i++) {
        Seg *s = &pg->s[i];
        if (!s->body)
            continue;
        const LineInfo *pl = NULL;
        if (prev >= 0 && !s->multi && fabs(s->y - pg->s[prev].y - pitch) <= EDGE_TOL_PT)
            pl = &li[prev];
        check_edges(r, pg, s, &li[i], pl, measure);
        measure_gaps(r, pg, s, &li[i]);
        prev = s->multi ? -1 : i;
    }

    /* the first body line continues the last one of the previous page? */
    int first_body = -1, last_body = -1;
    for (int i = 0; i < pg->ns; i++)
        if (pg->s[i].body) {
            if (first_body < 0)
                first_body = i;
            last_body = i;
        }
    if (r->pend.valid) {
        Pending *p = &r->pend;
        bool sep = pg->s[first_body].multi || p->vertical != pg->vertical;
        for (int k = 0; k < p->nfurn && !sep; k++)
            sep = p->furn[k].y > p->li.y && !furniture_match(furn, nfurn, p->furn[k].y,
                                                             p->furn[k].size);
        for (int i = 0; i < first_body && !sep; i++)
            sep = !furniture_match(p->furn, p->nfurn, pg->s[i].y, pg->s[i].size);
        judge_line(r, &p->li, p->measure,
                   !sep && continues(&p->li, &li[first_body], p->measure));
        free_line(&p->li);
        free(p->furn);
        p->valid = false;
    }

    /* consecutive body lines on this page */
    for (int i = 0; i < pg->ns; i++) {
        Seg *s = &pg->s[i];
        if (!s->body) {
            if (r->lines)
                print_line(pg, s, "other");
            continue;
        }
        const char *what = s->multi ? "body (row)" : "body, final";
        int j = i + 1;
        /* other-size segments on the same baseline, and ruby between this line and the
         * next (beside the next column, on a vertical page) */
        while (j < pg->ns && !pg->s[j].body
               && (pg->s[j].y - s->y <= BASELINE_TOL_PT
                   || (pg->s[j].size <= RUBY_MAX * body
                       && pg->s[j].y - s->y < pitch - EDGE_TOL_PT)))
            j++;
        if (s->multi || li[i].empty) {
            /* table rows: checked for starts and ends only */
        } else if (i == last_body) {
            if (r->lines)
                what = "body, last on page";
        } else {
            bool cont = j < pg->ns && pg->s[j].body && !pg->s[j].multi
                        && fabs(pg->s[j].y - s->y - pitch) <= EDGE_TOL_PT
                        && continues(&li[i], &li[j], measure);
            if (cont)
                what = "body, continued";
            judge_line(r, &li[i], measure, cont);
        }
        if (r->lines) {
            char buf[96];
            snprintf(buf, sizeof buf, "%s%s", what, li[i].marker ? ", marker" : "");
            print_line(pg, s, buf);
        }
    }
    if (!pg->s[last_body].multi && !li[last_body].empty) {
        r->pend.valid = true;
        r->pend.li = li[last_body];
        li[last_body].text = NULL;
        r->pend.measure = measure;
        r->pend.vertical = pg->vertical;
        r->pend.furn = furn;
        r->pend.nfurn = nfurn;
        furn = NULL;
    }
    for (int i = 0; i < pg->ns; i++)
        if (pg->s[i].body)
            free_line(&li[i]);
    free(li);
    free(furn);
}


/* --- report --- */

static void
print_finding(const char *title, const Finding *f)
{
    printf("%s: %d\n", title, f->count);
    for (int i = 0; i < f->count && i < MAX_EXAMPLES; i++)
        printf("  %s\n", f->ex[i]);
    if (f->count > MAX_EXAMPLES)
        printf("  ... and %d more\n", f->count - MAX_EXAMPLES);
}

static void
usage(void)
{
    fprintf(stderr,
            "usage: jcheck [--source FILE.md] [--expect-clean] [--lines] [--flush-left] "
            "[--vertical] FILE.pdf\n"
            "       jcheck [--lines] [--vertical] --stext FILE.xml\n");
    exit(2);
}

int
main(int argc, char **argv)
{
    const char *source = NULL, *pdf = NULL, *stext = NULL;
    bool expect_clean = false;
    Report r;
    memset(&r, 0, sizeof r);
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--source") == 0 && i + 1 < argc)
            source = argv[++i];
        else if (strcmp(argv[i], "--stext") == 0 && i + 1 < argc)
            stext = argv[++i];
        else if (strcmp(argv[i], "--expect-clean") == 0)
            expect_clean = true;
        else if (strcmp(argv[i], "--flush-left") == 0)
            r.flush_left = true;
        else if (strcmp(argv[i], "--lines") == 0)
            r.lines = true;
        else if (strcmp(argv[i], "--vertical") == 0)
            r.force_vertical = true;
        else if (argv[i][0] == '-' && argv[i][1] != '\0')
            usage();
        else if (!pdf)
            pdf = argv[i];
        else
            usage();
    }
    if (!pdf == !stext)
        usage();
    char *src = NULL;
    if (source && !(src = read_file(source))) {
        fprintf(stderr, "jcheck: cannot read %s: %s\n", source, strerror(errno));
        return 2;
    }
    r.src = src;
    Page pg;
    memset(&pg, 0, sizeof pg);
    const char *name = pdf ? pdf : stext;
    if (stext) {
        FILE *f = fopen(stext, "r");
        if (!f) {
            fprintf(stderr, "jcheck: cannot read %s: %s\n", stext, strerror(errno));
            return 2;
        }
        read_stext(&r, f, &pg);
        fclose(f);
    } else {
        if (access(pdf, R_OK) != 0) {
            fprintf(stderr, "jcheck: cannot read %s: %s\n", pdf, strerror(errno));
            return 2;
        }
        const char *base = getenv("TMPDIR");
        snprintf(tmp_dir, sizeof tmp_dir, "%s/jcheck.XXXXXX", base && *base ? base : "/tmp");
        if (!mkdtemp(tmp_dir)) {
            fprintf(stderr, "jcheck: mkdtemp: %s\n", strerror(errno));
            tmp_dir[0] = '\0';
            return 2;
        }
        snprintf(tmp_xml, sizeof tmp_xml, "%s/page.stext", tmp_dir);
        snprintf(tmp_err, sizeof tmp_err, "%s/stderr.txt", tmp_dir);
        atexit(cleanup);
        signal(SIGINT, on_signal);
        signal(SIGTERM, on_signal);
        signal(SIGHUP, on_signal);
        /* a leading '-' would read as an option to mutool and pdftotext */
        char *path = xrealloc(NULL, strlen(pdf) + 3);
        sprintf(path, "%s%s", pdf[0] == '-' ? "./" : "", pdf);
        int npages = pdf_page_count(path);
        for (int first = 1; first == 1 || first <= npages; first += CHUNK_PAGES) {
            int last = first + CHUNK_PAGES - 1 < npages ? first + CHUNK_PAGES - 1 : npages;
            if (!extract_stext(path, npages > 0 ? first : 0, last))
                return 2;
            FILE *f = fopen(tmp_xml, "r");
            if (!f) {
                fprintf(stderr, "jcheck: cannot read mutool's output: %s\n", strerror(errno));
                return 2;
            }
            read_stext(&r, f, &pg);
            fclose(f);
            if (npages <= 0)
                break;
        }
        if (!check_spaces(&r, path, src))
            return 2;
        free(path);
    }
    if (r.pend.valid) {
        judge_line(&r, &r.pend.li, r.pend.measure, false);
        free_line(&r.pend.li);
        free(r.pend.furn);
    }

    printf("jcheck: %s: %d pages (%d without body text", name, r.pages, r.pages_no_body);
    if (r.pages_vertical)
        printf(", %d vertical", r.pages_vertical);
    printf(")\n");
    print_finding("line-start violations", &r.start);
    print_finding("line-end violations", &r.end);
    print_finding("unjustified lines (non-final off the measure, or past it)", &r.unjust);
    print_finding("ragged lines (non-final, short of the measure by more than their gaps "
                  "could take)", &r.ragged);
    printf("japanese gaps: %d lines, largest gap per line <0.05:%d 0.05-0.08:%d "
           "0.08-%.3f:%d %.3f-%.3f:%d >=%.3f:%d (em)\n", r.n_lines, r.loose_hist[0],
           r.loose_hist[1], JJ_ROOM_EM, r.loose_hist[2], JJ_ROOM_EM, LOOSE_EM, r.loose_hist[3],
           LOOSE_EM, r.loose_hist[4]);
    if (r.n_lines)
        printf("  largest: %s\n", r.jgap_max_ex);
    print_finding("loose lines (a Japanese gap of 0.100 em or more)", &r.loose);
    char median[32] = "none";
    if (r.ngaps > 0) {
        qsort(r.gaps, (size_t)r.ngaps, sizeof(double), cmp_double);
        double med = r.ngaps % 2 ? r.gaps[r.ngaps / 2]
                                 : (r.gaps[r.ngaps / 2 - 1] + r.gaps[r.ngaps / 2]) / 2;
        snprintf(median, sizeof median, "%.3fem", med);
        printf("japanese-latin gaps: %d, median %s, min %.3fem (%s), max %.3fem (%s)\n",
               r.ngaps, median, r.gap_min, r.gap_min_ex, r.gap_max, r.gap_max_ex);
        int buckets[6] = {0};
        static const char *const labels[] = {"<0.06", "0.06-0.19", "0.19-0.23", "0.23-0.27",
                                             "0.27-0.52", ">=0.52"};
        for (int i = 0; i < r.ngaps; i++) {
            double g = r.gaps[i];
            int k = g < 0.06 ? 0 : g < 0.19 ? 1 : g < 0.23 ? 2 : g <= 0.27 ? 3 : g < 0.52 ? 4 : 5;
            buckets[k]++;
        }
        printf(" ");
        for (int k = 0; k < 6; k++)
            printf(" %s:%d", labels[k], buckets[k]);
        printf("\n");
        print_finding("  gaps outside [1/8, 1/2] em", &r.gap_odd);
    } else {
        printf("japanese-latin gaps: 0\n");
    }
    if (pdf) {
        print_finding("spurious spaces", &r.spurious);
        if (r.n_in_source)
            printf("  (%d more J-space-J found in the source text, not counted)\n",
                   r.n_in_source);
        if (r.n_skipped_vertical)
            printf("  (%d more J-space-J on vertical pages, not counted: pdftotext reads "
                   "upright glyphs in columns across the page)\n", r.n_skipped_vertical);
    }
    printf("jcheck: start=%d end=%d unjustified=%d gap_median=%s spurious=%d loose=%d "
           "ragged=%d\n", r.start.count, r.end.count, r.unjust.count, median, r.spurious.count,
           r.loose.count, r.ragged.count);
    bool clean = r.start.count == 0 && r.end.count == 0 && r.unjust.count == 0
                 && r.spurious.count == 0 && r.loose.count == 0;
    if (r.ngaps > 0) {
        double med = r.ngaps % 2 ? r.gaps[r.ngaps / 2]
                                 : (r.gaps[r.ngaps / 2 - 1] + r.gaps[r.ngaps / 2]) / 2;
        clean = clean && med >= GAP_MIN_OK - 1e-9 && med <= GAP_MAX_OK + 1e-9;
    }
    for (int i = 0; i < MAX_EXAMPLES; i++) {
        free(r.start.ex[i]);
        free(r.end.ex[i]);
        free(r.unjust.ex[i]);
        free(r.spurious.ex[i]);
        free(r.gap_odd.ex[i]);
        free(r.loose.ex[i]);
        free(r.ragged.ex[i]);
    }
    free(r.gaps);
    free(r.vertical_pages);
    free(r.gap_min_ex);
    free(r.gap_max_ex);
    free(r.jgap_max_ex);
    free(pg.c);
    free(pg.s);
    free(src);
    return expect_clean && !clean ? 1 : 0;
}

