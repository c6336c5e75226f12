/*
 * balance.c: titles and headings that break, set in balanced lines (see
 * balance.h). Reads a styled block node (or plain text in one style);
 * returns its lines, as inline_layout_block does, set where they belong.
 *
 * A heading laid out at the full measure fills its first line and leaves
 * the rest to the next, often one or two characters (「…導入 / 評価」).
 * Like CSS text-wrap: balance, the block is laid out again with as many
 * lines at other widths and the best layout is kept; unlike it, "best"
 * also weighs where each line ends, by a small rule set over character
 * classes (balance_break_cost: no dictionary): after 、。」, at a space in
 * Japanese text or after , : ; in English, after a particle before a word
 * (の と を ... から まで) is a phrase boundary; a space between two
 * English words is nearly one; before a particle or an okurigana, inside
 * a katakana or Latin word is wrong. A layout leaving a line of one or two
 * letters loses to any other.
 * Two lines: every place the first line can end is tried, by laying the
 * block out at the full measure with a first-line indent (the first
 * line's room is the measure less the indent), from none up to where the
 * second line would no longer fit; the indent is then taken back by
 * moving the first line's runs. Three or more: for each end of the first
 * line, the rest at narrower measures, as long as the line count holds.
 * Plain text (the contents' entries) has no indent to lay out with: only
 * narrower measures are tried for it. The line breaker itself is
 * inline.c's, untouched: ragged (non-justified) blocks break first fit, so
 * each trial's breaks are the breaker's own, kinsoku and all.
 * Not done: running heads and slide captions (cut with …), table cells.
 */
#include "balance.h"

#include <string.h>

#include "arena.h"
#include "inline.h"
#include "layout_impl.h"
#include "node.h"
#include "utf8.h"

#define MAX_TRIES 64                       /* layouts per block, at most */

/* --- where a line may end --- */

typedef enum Cls {
    CLS_OTHER, CLS_SPACE, CLS_OPEN, CLS_CLOSE, CLS_HIRA, CLS_KATA, CLS_KANJI, CLS_LATIN
} Cls;

static Cls
cls_of(uint32_t c)
{
    if (c == ' ' || c == 0x3000 || c == '\t')
        return CLS_SPACE;
    switch (c) {
    case '(': case '[': case '{': case 0x2018: case 0x201C: case 0x3008: case 0x300A:
    case 0x300C: case 0x300E: case 0x3010: case 0x3014: case 0x3016: case 0xFF08:
    case 0xFF3B: case 0xFF5B:
        return CLS_OPEN;
    case ')': case ']': case '}': case 0x2019: case 0x201D: case 0x3009: case 0x300B:
    case 0x300D: case 0x300F: case 0x3011: case 0x3015: case 0x3017: case 0xFF09:
    case 0xFF3D: case 0xFF5D: case 0x3001: case 0x3002: case 0xFF0C: case 0xFF0E:
    case 0x30FB: case 0xFF1A: case 0xFF1B: case 0xFF01: case 0xFF1F: case ',': case '.':
    case ':': case ';': case '!': case '?':
        return CLS_CLOSE;
    default:
        break;
    }
    if (c >= 0x3041 && c <= 0x309F)
        return CLS_HIRA;
    if ((c >= 0x30A0 && c <= 0x30FF) || (c >= 0x31F0 && c <= 0x31FF)
        || (c >= 0xFF66 && c <= 0xFF9F))
        return CLS_KATA;
    if ((c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF)
        || (c >= 0xF900 && c <= 0xFAFF) || c == 0x3005 || c == 0x3006)
        return CLS_KANJI;
    if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
        || (c >= 0xC0 && c <= 0x24F) || (c >= 0xFF10 && c <= 0xFF5A))
        return CLS_LATIN;
    return CLS_OTHER;
}

/* A particle that ends a phrase: の と を に は が で へ も や, and the
 * two-kana から より まで など (a2 a). */
static bool
ends_phrase(uint32_t a2, uint32_t a)
{
    switch (a) {
    case 0x306E: case 0x3068: case 0x3092: case 0x306B: case 0x306F: case 0x304C:
    case 0x3067: case 0x3078: case 0x3082: case 0x3084:
        return true;
    case 0x3089:                           /* ら: から */
        return a2 == 0x304B;
    case 0x308A:                           /* り: より */
        return a2 == 0x3088;
    case 0x3069:                           /* ど: など */
        return a2 == 0x306A;
    default:
        return false;
    }
}

/* Kanji that follow a verb's or adjective's kana as a suffix, not a new
 * word: 向き合い方, 読み手, 使い物, 新し性... */
static bool
suffix_kanji(uint32_t b)
{
    return b == 0x65B9 || b == 0x624B || b == 0x7269 || b == 0x7684 || b == 0x6027
           || b == 0x5316 || b == 0x7528 || b == 0x6BCE;   /* 方 手 物 的 性 化 用 毎 */
}

int
balance_break_cost(uint32_t a2, uint32_t a, uint32_t b, bool space)
{
    Cls ca = cls_of(a), cb = cls_of(b);
    if (space || ca == CLS_SPACE || cb == CLS_SPACE)
        return ca == CLS_LATIN ? 1 : 0;    /* between words; after , : ; better */
    if (ca == CLS_CLOSE || cb == CLS_OPEN)
        return 0;
    bool word_b = cb == CLS_KANJI || cb == CLS_KATA || cb == CLS_LATIN;
    if (ca == CLS_HIRA && word_b && ends_phrase(a2, a))
        return 0;
    if (ca == CLS_HIRA && cb == CLS_KANJI && suffix_kanji(b))
        return 4;
    if (ca == CLS_HIRA && word_b)
        return 1;                          /* after okurigana, before a word: likely */
    if (cb == CLS_HIRA && (ca == CLS_KANJI || ca == CLS_KATA || ca == CLS_LATIN))
        return 4;                          /* before a particle or okurigana */
    if (ca == CLS_HIRA && cb == CLS_HIRA)
        return 3;
    if ((ca == CLS_KATA && cb == CLS_KATA) || (ca == CLS_LATIN && cb == CLS_LATIN))
        return 6;                          /* inside a word */
    if (ca == CLS_KANJI && cb == CLS_KANJI)
        return 2;                          /* inside a compound, or between two */
    if (ca != cb && ca != CLS_OTHER && cb != CLS_OTHER)
        return 1;                          /* a change of script: katakana | kanji ... */
    return 2;
}

/* --- scoring a layout --- */

/* The code point that ends before byte `end` of s (not before `start`). */
static uint32_t
cp_before(const char *s, int start, int end, int *at)
{
    int i = end - 1;
    while (i > start && ((unsigned char)s[i] & 0xC0) == 0x80)
        i--;
    uint32_t cp = 0;
    if (i >= start && end > start)
        utf8_decode((const unsigned char *)s + i, (size_t)(end - i), &cp);
    *at = i;
    return cp;
}

/* Letters of a line (spaces, brackets and punctuation not counted). */
static int
letters(const Line *ln)
{
    const unsigned char *s = (const unsigned char *)ln->text + ln->start;
    int n = 0;
    for (int i = 0; i < ln->len;) {
        uint32_t cp;
        i += utf8_decode(s + i, (size_t)(ln->len - i), &cp);
        Cls c = cls_of(cp);
        n += c != CLS_SPACE && c != CLS_OPEN && c != CLS_CLOSE;
    }
    return n;
}

/* Lower is better: ten thousand per point of break cost, up to a hundred
 * thousand for lines as uneven as the measure is wide (the square of the
 * spread over the measure), ten million for a line of one or two letters.
 * -1: not a candidate (a line wider than its room). */
static int64_t
score(const Line *lines, int n, Unit indent, Unit measure)
{
    Unit lo = INT32_MAX, hi = 0;
    int64_t cost = 0;
    for (int k = 0; k < n; k++) {
        const Line *ln = &lines[k];
        Unit w = ln->natural - (k == 0 ? indent : 0);
        if (w > measure - (k == 0 ? indent : 0))
            return -1;
        if (w < lo)
            lo = w;
        if (w > hi)
            hi = w;
        if (letters(ln) <= 2)
            cost += 10000000;
        if (k + 1 == n)
            break;
        /* the characters either side of the break, past spaces */
        const char *s = ln->text;
        int end = ln->start + ln->len, at;
        bool space = false;
        uint32_t a = cp_before(s, ln->start, end, &at);
        while (cls_of(a) == CLS_SPACE && at > ln->start) {
            space = true;
            a = cp_before(s, ln->start, at, &at);
        }
        uint32_t a2 = at > ln->start ? cp_before(s, ln->start, at, &at) : 0;
        const Line *nx = &lines[k + 1];
        space = space || nx->start > end;
        uint32_t b = 0;
        if (nx->len > 0)
            utf8_decode((const unsigned char *)nx->text + nx->start, (size_t)nx->len, &b);
        cost += 10000 * (int64_t)balance_break_cost(a2, a, b, space);
    }
    int64_t spread = hi - lo;
    cost += 100000 * spread * spread / ((int64_t)measure * measure);
    return cost;
}

/* --- trying layouts --- */

/* Where the lines end, as one number: a trial that breaks as the one
 * before gives the same. */
static int64_t
breaks_of(const Line *lines, int n)
{
    uint64_t sig = 0;                      /* (wraps: a long title overflows it) */
    for (int k = 0; k < n; k++)
        sig = sig * 7919 + (uint64_t)(lines[k].start + lines[k].len);
    return (int64_t)sig;
}

/* The chosen lines, moved: a copy in the pass arena (the line cache keeps
 * the laid-out ones) with each line's runs moved right by its dx, the
 * first line `cut` narrower (its indent taken back). */
static Line *
moved(Doc *doc, const Line *lines, int n, Unit dx0, Unit dx, Unit cut)
{
    Arena *a = doc_pass_arena(doc);
    Line *out = arena_memdup(a, lines, sizeof(Line) * (size_t)n);
    for (int k = 0; k < n; k++) {
        Unit d = k ? dx : dx0;
        if (d == 0 || out[k].n_runs == 0)
            continue;
        Run *runs = arena_memdup(a, out[k].runs, sizeof(Run) * (size_t)out[k].n_runs);
        for (int r = 0; r < out[k].n_runs; r++)
            runs[r].x += d;
        out[k].runs = runs;
    }
    out[0].width -= cut;
    out[0].natural -= cut;
    return out;
}

/* The widest of lines [from, n), less `indent` for line 0. */
static Unit
widest(const Line *lines, int from, int n, Unit indent)
{
    Unit w = 0;
    for (int k = from; k < n; k++) {
        Unit x = lines[k].natural - (k == 0 ? indent : 0);
        if (x > w)
            w = x;
    }
    return w;
}

typedef struct Search {
    Doc *doc;
    const Node *block;                     /* the block laid out, or NULL: */
    const char *text;                      /* plain text in `style` (no indent then) */
    size_t len;
    const Style *style;
    const char *href;
    SrcPos pos;
    int n0, tries;
    Unit width, step;
    int64_t best;
    Unit best_w, best_i;
} Search;

static int
lay(const Search *s, Unit w, Unit indent, Line **lines)
{
    if (s->block)
        return inline_layout_block(s->doc, s->block, w, indent, lines);
    return inline_layout_text(s->doc, s->text, s->len, s->style, w, false, s->href, s->pos,
                              lines);
}

/* Lay the text out with the first line's room `room1` and the others'
 * `w`; *lines: the result. False when out of tries or the line count
 * changes. */
static bool
try_layout(Search *s, Unit room1, Unit w, Line **lines)
{
    if (s->tries++ >= MAX_TRIES || room1 <= 0 || w < room1)
        return false;
    Unit indent = w - room1;
    if (lay(s, w, indent, lines) != s->n0)
        return false;
    int64_t cost = score(*lines, s->n0, indent, s->width);
    if (cost >= 0 && cost < s->best) {
        s->best = cost;
        s->best_w = w;
        s->best_i = indent;
    }
    return true;
}

/* Try the layouts from `lines` (the plain one): a block, every end of its
 * first line (its room a little under its content, until the rest no
 * longer fits); for each, with three lines or more (plain text: two or
 * more), the rest at narrower widths until they no longer hold it. */
static void
search(Search *s, Line *lines)
{
    int n0 = s->n0;
    Unit width = s->width, room1 = width, content1 = lines[0].natural;
    int64_t last1 = lines[0].start + lines[0].len;
    bool first = true;
    while (s->tries < MAX_TRIES) {
        if (!first) {
            if (!s->block)
                break;                     /* (no indent for plain text) */
            room1 = (content1 < room1 ? content1 : room1) - 1;
            if (!try_layout(s, room1, width, &lines))
                break;
            int64_t end = lines[0].start + lines[0].len;
            content1 = lines[0].natural - (width - room1);
            if (end == last1) {
                content1 = room1 - s->step; /* the same break: step on */
                continue;
            }
            last1 = end;
        }
        first = false;
        Unit w = width, rest = widest(lines, s->block ? 1 : 0, n0, 0);
        int64_t sig = breaks_of(lines, n0);
        Line *more;
        while ((n0 > 2 || !s->block) && s->tries < MAX_TRIES) {
            w = (rest < w ? rest : w) - 1;
            if (!try_layout(s, room1 < w ? room1 : w, w, &more))
                break;
            rest = widest(more, s->block ? 1 : 0, n0, 0);
            int64_t sg = breaks_of(more, n0);
            if (sg == sig)
                rest = w - s->step;
            sig = sg;
        }
    }
}

/* Where the chosen lines go to stand as they would at the full width: the
 * first line's indent taken back (an indent moves a left-aligned line by
 * all of it, a centred one by half), a narrower block centred or set
 * right. */
static Line *
placed(const Search *s, const Line *lines, Align al)
{
    Unit dx0 = 0, dx = 0, w = s->best_w, i = s->best_i;
    if (al == ALIGN_CENTER) {
        dx0 = (s->width - w - i) / 2;
        dx = (s->width - w) / 2;
    } else if (al == ALIGN_RIGHT) {
        dx0 = dx = s->width - w;
    } else {
        dx0 = -i;
    }
    return moved(s->doc, lines, s->n0, dx0, dx, i);
}

int
balance_layout_block(Doc *doc, const Node *block, Unit width, Line **out)
{
    Line *lines;
    int n0 = inline_layout_block(doc, block, width, 0, &lines);
    *out = lines;
    if (n0 < 2 || width <= 0)
        return n0;
    for (const Node *c = block->first; c; c = node_next(block, c))
        if (c->type == NODE_LINEBREAK)
            return n0;                     /* the author broke it: as written */
    Search s = {.doc = doc, .block = block, .n0 = n0, .width = width,
                .step = block->style->size / 2, .best = score(lines, n0, 0, width),
                .best_w = width};
    if (s.best < 0)
        return n0;                         /* overfull already (warned): as it is */
    layout_state(doc)->measuring++;        /* trial layouts: no overfull warnings */
    search(&s, lines);
    /* the chosen layout, last, so the line cache holds it */
    inline_layout_block(doc, block, s.best_w, s.best_i, &lines);
    layout_state(doc)->measuring--;
    *out = placed(&s, lines, block->style->align);
    return n0;
}

int
balance_layout_text(Doc *doc, const char *text, size_t len, const Style *style, Unit width,
                    const char *href, SrcPos pos, Line **out)
{
    Line *lines;
    int n0 = inline_layout_text(doc, text, len, style, width, false, href, pos, &lines);
    *out = lines;
    if (n0 < 2 || width <= 0 || memchr(text, '\n', len))
        return n0;
    Search s = {.doc = doc, .text = text, .len = len, .style = style, .href = href,
                .pos = pos, .n0 = n0, .width = width, .step = style->size / 2,
                .best = score(lines, n0, 0, width), .best_w = width};
    if (s.best < 0)
        return n0;
    layout_state(doc)->measuring++;
    search(&s, lines);
    inline_layout_text(doc, text, len, style, s.best_w, false, href, pos, &lines);
    layout_state(doc)->measuring--;
    *out = placed(&s, lines, style->align);
    return n0;
}
