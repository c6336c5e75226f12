/*
 * inline.c: the paragraph builder. Inline nodes -> one UTF-8 text with style
 * spans (flatten) -> Pango items (itemize.c: fonts picked by
 * fontconfig, language ja) -> shaped glyph clusters (shape.c: HarfBuzz) ->
 * items for the line breaker (make_items): a box per cluster, glue for word
 * spaces and between Japanese characters, penalties where a break is
 * allowed or forbidden -> breaks (linebreak.c) -> Lines of positioned glyph
 * runs (lines.c), drawn later with pango_cairo_show_glyph_item so the PDF
 * keeps the cluster-to-text mapping (copy and search give the source).
 * inline_impl.h lists the files and what they share.
 *
 * JLREQ composition (JLREQ.md): brackets and punctuation set half-width
 * with half an em of glue, compressed where they meet; a quarter em between
 * Japanese and Latin text; glue with stretch and shrink by the priorities
 * of JLREQ §3.8 (shrink first); hanging punctuation (--hanging-punctuation,
 * a second way to break after 、。，．); line-start brackets flush or half
 * (--line-start-bracket). Ruby (JLREQ §3.3): readings at half size over
 * their base, group ruby, or mono ruby set as group ruby when a reading is
 * wider than its character; the reading may reach over adjacent kana.
 *
 * Break opportunities: Pango's Unicode line breaking, overridden by JLREQ
 * (jp_rules.c) between Japanese characters and for its prohibitions (never
 * after the / a path starts with). Justified text (break_lines): a total
 * fit within JLREQ's limits of the glue; if there is none, the same with
 * breaks inside words at a cost (hyphen.c: English words hyphenated, code,
 * URLs and file names at their punctuation); then with word spaces and the
 * Japanese-Western space past their limits; then with lines set short
 * (ragged) where no glue can fill them without a gap between Japanese
 * characters that reads as a space (jp_rules.h JP_STRETCH_LIMIT). Only a
 * word wider than the measure needs breaks anywhere inside words (an
 * emergency), and first fit with an overfull line is the last resort
 * (warned). Other text: first fit, with breaks in code, URLs and file
 * names where a line would be overfull without them.
 *
 * A paragraph longer than LIMIT_PARAGRAPH_BYTES (limits.h) goes through
 * these steps in windows (layout_windows): shaping, clusters, items and
 * breakpoints cost some 130 bytes a byte of text, so only one window's are
 * made at a time; its lines are kept but for the last few, which the next
 * window sets again, its first line following the last one kept.
 *
 * A layout run again for the page labels (the contents) takes the lines of
 * blocks it has set at the same width from the layout state's line_cache.
 *
 * Steps: flatten, itemize_runs, shape_items, shape_clusters,
 * prepare_ruby, make_items (hyphen_points), break_lines, lines_make.
 * Not done: right-to-left scripts (set left to right), vertical text,
 * jukugo ruby proper.
 */
#include "inline.h"

#include <glib.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "dump.h"
#include "inline_impl.h"
#include "layout_impl.h"
#include "limits.h"
#include "node.h"
#include "style.h"
#include "utf8.h"
#include "vertical.h"

/* Tolerances (largest adjustment ratio, linebreak.h) of the passes that
 * justify every line: within JLREQ's limits, then any line the glue can
 * fill (word spaces and Japanese-Western spaces past them). */
#define TOLERANCE_JLREQ 1.0
#define TOLERANCE_EXTRA 2.0
/* Costs of a break inside a word: an English word hyphenated or broken at
 * its own hyphen (TeX's \hyphenpenalty), code, a URL or a file name at its
 * punctuation (hyphen.c), anywhere as a last resort (an emergency). */
#define PENALTY_HYPHEN 50
#define PENALTY_CODE 100
#define PENALTY_EMERGENCY 5000

/* Which breaks make_items offers: JLREQ's and Unicode's; also inside words
 * of code, URLs and file names; also English hyphenation; also anywhere. */
typedef enum Breaks { BREAKS_PLAIN, BREAKS_CODE, BREAKS_WORDS, BREAKS_EMERGENCY } Breaks;

/* --- flatten: inline nodes to text + spans --- */

static void
text_free(Text *t)
{
    free(t->buf);
    free(t->spans);
    free(t->forced);
    free(t->rubies);
}

static void
text_append(Text *t, const char *s, size_t n, const Style *style, const char *href,
            const char *dest)
{
    if (n == 0)
        return;
    if (!dest && t->anchor) {              /* an HTML anchor before this text */
        dest = t->anchor;
        t->anchor = NULL;
    }
    if ((size_t)t->len + n + 1 > (size_t)t->cap) {
        while ((size_t)t->len + n + 1 > (size_t)t->cap)
            t->cap = t->cap ? t->cap * 2 : 256;
        t->buf = xrealloc(t->buf, (size_t)t->cap);
    }
    int start = t->len;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        /* tabs and stray control characters would draw as boxes */
        t->buf[t->len++] = (char)(c == '\t' || c == '\n' || (c < 0x20) || c == 0x7F ? ' ' : c);
    }
    t->buf[t->len] = '\0';
    Span *last = t->n_spans ? &t->spans[t->n_spans - 1] : NULL;
    if (last && last->end == start && last->style == style && last->href == href && !dest
        && !last->dest && !last->tcy) {
        last->end = t->len;
        return;
    }
    if (t->n_spans == t->cap_spans) {
        t->cap_spans = t->cap_spans ? t->cap_spans * 2 : 16;
        t->spans = xrealloc(t->spans, (size_t)t->cap_spans * sizeof(Span));
    }
    t->spans[t->n_spans++] = (Span){start, t->len, style, href, dest, false};
}

/* Text set across the line in vertical text, a span of its own. */
static void
text_append_across(Text *t, const char *s, size_t n, const Style *style, const char *href)
{
    int start = t->len, spans = t->n_spans;
    text_append(t, s, n, style, href, NULL);
    if (t->len == start)
        return;
    if (t->n_spans == spans) {             /* (run on into the span before: cut off) */
        t->spans[t->n_spans - 1].end = start;
        if (t->n_spans == t->cap_spans) {
            t->cap_spans *= 2;
            t->spans = xrealloc(t->spans, (size_t)t->cap_spans * sizeof(Span));
        }
        t->spans[t->n_spans++] = (Span){start, t->len, style, href, NULL, true};
        return;
    }
    t->spans[t->n_spans - 1].tcy = true;
}

/* ^12^ in vertical text: one to three ASCII letters, digits or signs set
 * across the line (VERT_TCY_MAX); in horizontal text a superscript. */
static bool
across_mark(const Doc *doc, const Node *n)
{
    if (!doc->theme || !doc->theme->vertical || doc->across || !n->parent
        || n->parent->type != NODE_SUP || !n->parent->parent || n->parent->first != n
        || n->next || n->u.text.len < 1 || n->u.text.len > VERT_TCY_MAX)
        return false;
    for (size_t i = 0; i < n->u.text.len; i++)
        if (n->u.text.text[i] <= ' ' || n->u.text.text[i] >= 0x7F)
            return false;
    return true;
}

static void
text_force_break(Text *t)
{
    if (t->n_forced == t->cap_forced) {
        t->cap_forced = t->cap_forced ? t->cap_forced * 2 : 8;
        t->forced = xrealloc(t->forced, (size_t)t->cap_forced * sizeof(int));
    }
    t->forced[t->n_forced++] = t->len;
}

static uint32_t
last_cp(const Text *t)
{
    if (t->len == 0)
        return 0;
    int i = t->len - 1;
    while (i > 0 && ((unsigned char)t->buf[i] & 0xC0) == 0x80)
        i--;
    uint32_t cp;
    utf8_decode((const unsigned char *)t->buf + i, (size_t)(t->len - i), &cp);
    return cp;
}

static const char *
href_of(const Node *n, const Node *block)
{
    for (const Node *p = n; p && p != block; p = p->parent)
        if (p->type == NODE_LINK)
            return p->u.link.href;
    return NULL;
}

static void
add_ruby(Text *t, Ruby r)
{
    if (t->n_rubies == t->cap_rubies) {
        t->cap_rubies = t->cap_rubies ? t->cap_rubies * 2 : 8;
        t->rubies = xrealloc(t->rubies, (size_t)t->cap_rubies * sizeof(Ruby));
    }
    t->rubies[t->n_rubies++] = r;
}

/* Is text node n set with 傍点: inside an emphasis the theme sets so
 * (theme_emphasis_dots), not inside a ruby's base? */
static bool
dotted(const Doc *doc, const Node *n, const Node *block)
{
    if (!doc->theme || !theme_emphasis_dots(doc->theme))
        return false;
    bool emph = false;
    for (const Node *p = n->parent; p && p != block; p = p->parent) {
        if (p->type == NODE_RUBY)
            return false;
        emph |= p->type == NODE_EMPH;
    }
    return emph;
}

static void
flatten(Doc *doc, const Node *block, Text *t)
{
    if (block->type == NODE_TITLE_LINE) {
        const char *s = block->u.title.text;
        text_append(t, s, strlen(s), block->style, NULL, NULL);
        return;
    }
    for (const Node *n = block->first; n; n = node_next(block, n)) {
        switch (n->type) {
        case NODE_TEXT:
        case NODE_CODE: {
            int start = t->len;
            if (n->type == NODE_TEXT && across_mark(doc, n)) {   /* (the superscript's parent's
                                                                  * style, not its own) */
                text_append_across(t, n->u.text.text, n->u.text.len, n->parent->parent->style,
                                   href_of(n, block));
                break;
            }
            text_append(t, n->u.text.text, n->u.text.len, n->style, href_of(n, block), NULL);
            if (n->type == NODE_TEXT && t->len > start && dotted(doc, n, block))
                add_ruby(t, (Ruby){start, t->len, "\xef\xb9\x85", false, true, n->style});
            break;
        }
        case NODE_SOFTBREAK: {
            /* a source line break: a space between Western words, nothing
             * next to Japanese text */
            uint32_t before = last_cp(t), after = 0;
            for (const Node *m = node_next(block, n); m; m = node_next(block, m))
                if ((m->type == NODE_TEXT || m->type == NODE_CODE) && m->u.text.len) {
                    utf8_decode((const unsigned char *)m->u.text.text, m->u.text.len, &after);
                    break;
                }
            if (before && after && !jp_is_wide(before) && !jp_is_wide(after))
                text_append(t, " ", 1, n->style, href_of(n, block), NULL);
            break;
        }
        case NODE_LINEBREAK:
            text_force_break(t);
            break;
        case NODE_ANCHOR:
            if (n->u.anchor.dest)
                t->anchor = n->u.anchor.dest;
            break;
        case NODE_PAGEREF: {
            /* the heading's page label from the last layout pass */
            const char *href = n->u.link.href;
            const char *label = href && doc->labels ? g_hash_table_lookup(doc->labels, href + 1)
                                                    : NULL;
            if (!label)
                label = "?";
            text_append(t, label, strlen(label), n->style, href, NULL);
            break;
        }
        case NODE_REF:                     /* a number or a title (number.c) */
            if (n->u.ref.text)
                text_append(t, n->u.ref.text, strlen(n->u.ref.text), n->style, n->u.ref.href,
                            NULL);
            break;
        case NODE_RUBY: {
            const Node *base = n->first;
            if (!base || base->type != NODE_TEXT || base->u.text.len == 0)
                break;
            int start = t->len;
            text_append(t, base->u.text.text, base->u.text.len, base->style, href_of(n, block),
                        NULL);
            add_ruby(t, (Ruby){start, t->len, n->u.ruby.text, n->u.ruby.mono, false,
                               base->style});
            n = base;                      /* the base is set: go on after it */
            break;
        }
        case NODE_FOOTNOTE_REF: {
            const char *label = arena_printf(doc->arena, "*%d", n->u.note.number);
            const char *pre = doc->dest_prefix ? doc->dest_prefix : "";
            text_append(t, label, strlen(label), n->style,
                        arena_printf(doc->arena, "#%sfn-%d", pre, n->u.note.number),
                        arena_printf(doc->arena, "%sfnref-%d", pre, n->u.note.number));
            break;
        }
        default:
            break;
        }
    }
}

/* --- ruby (JLREQ §3.3): readings at half size above their base --- */

static bool
is_kana(const Cluster *c)
{
    return c->jc == JP_HIRAGANA || c->jc == JP_KATAKANA || c->jc == JP_SMALL
           || c->jc == JP_PROLONG;
}

static int layout_text(Doc *doc, Arena *arena, const char *text, size_t len, const Style *style,
                       Unit width, bool code, const char *href, SrcPos pos, Line **out);

static void
add_ruby_box(Para *p, Cluster *cl, int n, int c0, int c1, const char *reading, size_t len,
             const Style *base)
{
    Doc *doc = p->doc;
    Style rs = *base;
    rs.size = base->size / 2;
    rs.rise = base->rise + base->size * 91 / 100 + rs.size * 12 / 100;
    rs.strike = rs.underline = 0;
    const Style *st = style_intern(doc, &rs);
    Line *ln;
    layout_text(doc, p->out, reading, len, st, 0, false, NULL, (SrcPos){0, 0}, &ln);
    Unit base_w = 0;
    for (int i = c0; i < c1; i++)
        base_w += cl[i].box;
    RubyBox *r = &p->rb[p->n_rb];
    *r = (RubyBox){c0, c1, ln, 0, 0, 0};
    Unit excess = ln->natural - base_w;
    if (excess > 0) {
        /* centred; the reading may reach over adjacent kana, or over the
         * blank half of adjacent punctuation, by half a ruby character */
        Unit side = excess / 2, allow = rs.size / 2;
        Unit allow_l = c0 > 0 && (is_kana(&cl[c0 - 1]) || cl[c0 - 1].sp == JP_SP_CLOSE) ? allow
                       : 0;
        Unit allow_r = c1 < n && (is_kana(&cl[c1]) || cl[c1].sp == JP_SP_OPEN) ? allow : 0;
        r->pad_l = side > allow_l ? side - allow_l : 0;
        r->pad_r = excess - side > allow_r ? excess - side - allow_r : 0;
    }
    for (int i = c0; i < c1; i++)
        cl[i].ruby = p->n_rb;
    p->n_rb++;
}

/* 傍点 in vertical text: the dot's ink centred on its character down the
 * column (the sesame dot sits low in its em box, for ruby across). */
static Unit
dot_shift(const Para *p, const Line *reading)
{
    if (!p->vertical || reading->n_runs == 0 || reading->runs[0].n_glyphs == 0)
        return 0;
    const Run *r = &reading->runs[0];
    hb_font_t *hbf = r->font ? pango_font_get_hb_font(r->font) : NULL;
    hb_glyph_extents_t e;
    if (!hbf || !hb_font_get_glyph_extents(hbf, run_glyph(r, 0), &e))
        return 0;
    Unit em = r->span->style->size;
    return e.y_bearing + e.height / 2 - (Unit)((int64_t)em * VERT_CENTRE / 1000);
}

static void
prepare_ruby(Para *p, Cluster *cl, int n)
{
    const Text *t = p->text;
    if (t->n_rubies == 0)
        return;
    p->rb = xmalloc(sizeof(RubyBox) * (size_t)(n + t->n_rubies));
    int i = 0;
    for (int k = 0; k < t->n_rubies; k++) {
        const Ruby *r = &t->rubies[k];
        while (i < n && cl[i].b0 < r->start)
            i++;
        int c0 = i;
        while (i < n && cl[i].b1 <= r->end)
            i++;
        int c1 = i;
        if (c1 <= c0)
            continue;
        if (r->dots) {                     /* one dot a character, none on punctuation */
            for (int c = c0; c < c1; c++)
                if (jp_is_wide(cl[c].first) && cl[c].sp == JP_SP_JP && cl[c].jc != JP_OTHER) {
                    add_ruby_box(p, cl, n, c, c + 1, r->text, strlen(r->text), r->base);
                    p->rb[p->n_rb - 1].shift = dot_shift(p, p->rb[p->n_rb - 1].reading);
                }
            continue;
        }
        if (!r->mono) {
            add_ruby_box(p, cl, n, c0, c1, r->text, strlen(r->text), r->base);
            continue;
        }
        /* mono ruby: one reading per base character, each its own box;
         * when a reading is wider than its character the word is set as
         * group ruby (JLREQ's jukugo ruby, simplified) so no gap opens
         * inside it */
        int mark = p->n_rb;
        const char *s = r->text;
        bool fits = true;
        for (int c = c0; c < c1; c++) {
            const char *bar = strchr(s, '|');
            size_t len = bar ? (size_t)(bar - s) : strlen(s);
            add_ruby_box(p, cl, n, c, c + 1, s, len, r->base);
            const RubyBox *rb = &p->rb[p->n_rb - 1];
            fits &= rb->reading->natural <= cl[c].box;
            s = bar ? bar + 1 : s + len;
        }
        if (!fits) {
            p->n_rb = mark;
            char *joined = arena_strdup(p->doc->arena, r->text), *o = joined;
            for (const char *q = r->text; *q; q++)
                if (*q != '|')
                    *o++ = *q;
            *o = '\0';
            add_ruby_box(p, cl, n, c0, c1, joined, strlen(joined), r->base);
        }
    }
}

/* --- make_items --- */

typedef struct Items { Item *v; int n, cap; } Items;

static void
push(Items *it, Item x)
{
    if (it->n == it->cap) {
        it->cap = it->cap ? it->cap * 2 : 256;
        it->v = xrealloc(it->v, (size_t)it->cap * sizeof(Item));
    }
    it->v[it->n++] = x;
}

static Item
box(Unit w, int cluster)
{
    return (Item){.type = ITEM_BOX, .width = w, .cluster = cluster};
}

static Item
glue(Unit w, Unit stretch, Unit shrink, int cluster)
{
    return (Item){.type = ITEM_GLUE, .width = w, .stretch = stretch, .shrink = shrink,
                  .cluster = cluster};
}

static Item
penalty(int p)
{
    return (Item){.type = ITEM_PENALTY, .penalty = (int16_t)p, .cluster = -1};
}

/* Is there a hard line break at `offset`? (t->forced is in text order: a
 * binary search, so a paragraph of many hard breaks stays linear) */
static bool
forced_at(const Text *t, int offset)
{
    int lo = 0, hi = t->n_forced;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (t->forced[mid] < offset)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < t->n_forced && t->forced[lo] == offset;
}

/* May the line break between clusters a and b? Returns the penalty: 0
 * allowed, PENALTY_INF forbidden; emergency: also inside words and URLs at
 * a high cost, but never against the one-sided kinsoku rules. */
static int
junction_penalty(const Para *p, const Cluster *a, const Cluster *b, bool emergency)
{
    JpLevel level = p->level;
    if (p->text->code)
        return p->attrs[b->c0].is_line_break ? 0 : PENALTY_EMERGENCY;
    JpBreak jb = jp_break(a->last, b->first, level);
    bool pango_ok = p->attrs[b->c0].is_line_break;
    if (jb == JP_BREAK_YES || (jb == JP_BREAK_DEFER && pango_ok))
        return 0;
    if (emergency && jp_may_start_line(b->first, level) && jp_may_end_line(a->last, level))
        return PENALTY_EMERGENCY;
    return PENALTY_INF;
}

static bool
sets_japanese(const Cluster *c)
{
    return c->sp == JP_SP_JP || c->sp == JP_SP_OPEN || c->sp == JP_SP_CLOSE
           || c->sp == JP_SP_MIDDLE;
}

/* The glue between two clusters, in Units of the Japanese one's em (the
 * quarter em beside code set smaller is the Japanese text's, JLREQ §3.2),
 * else of the smaller em. */
static Item
junction_glue(const Cluster *a, const Cluster *b)
{
    Unit em = a->em < b->em ? a->em : b->em;
    if (sets_japanese(a) != sets_japanese(b))
        em = sets_japanese(a) ? a->em : b->em;
    JpGlue j = jp_glue_between((JpSpacing)a->sp, (JpClass)a->jc, (JpSpacing)b->sp,
                               (JpClass)b->jc);
    Item g = glue((Unit)((int64_t)em * j.width / 1000), (Unit)((int64_t)em * j.stretch / 1000),
                  (Unit)((int64_t)em * j.shrink / 1000), -1);
    g.shrink_prio = (uint8_t)j.shrink_prio;
    g.stretch_prio = (uint8_t)j.stretch_prio;
    if (j.limit > 0 && j.stretch > 0)
        g.stretch_cap = (uint16_t)(j.limit * 1024 / j.stretch);
    return g;
}

static bool
hangs(const Para *p, const Cluster *c)
{
    return p->hanging && c->sp == JP_SP_CLOSE && (c->jc == JP_FULLSTOP || c->jc == JP_COMMA);
}

/* Breaks after these end a line "hyphen-like" (flagged: two in a row cost). */
static bool
hyphen_like(uint32_t cp)
{
    return cp == '-' || cp == '/' || cp == 0x2010 || cp == 0x2013 || cp == 0x301C;
}

/* The penalty of a break inside a word before cluster b (after a), if
 * `breaks` offers one there and it costs less than `pen`: its cost, flag
 * and width (a hyphen drawn, and the kerning a's last glyph gives back:
 * shape_kern_after; its cluster then a's: lines.c widens that glyph). */
static Item
word_break(Para *p, const Cluster *a, int i, Breaks breaks, int pen)
{
    Item x = penalty(pen);
    if (breaks < BREAKS_CODE || !p->word_breaks)
        return x;
    int kind = p->word_breaks[i];
    if ((kind == WB_HYPHEN || kind == WB_DASH) && breaks >= BREAKS_WORDS
        && PENALTY_HYPHEN < pen) {
        x.penalty = PENALTY_HYPHEN;
        x.flagged = kind == WB_HYPHEN ? FLAG_HYPHENATED : FLAG_HYPHEN_LIKE;
        if (kind == WB_HYPHEN) {
            uint32_t glyph;
            hyphen_glyph(p, a->run, &glyph, &x.width);
            x.cluster = i - 1;             /* the hyphen goes after this cluster */
        }
    } else if (kind == WB_CODE && PENALTY_CODE < pen) {
        x.penalty = PENALTY_CODE;
        x.flagged = hyphen_like(a->last) ? FLAG_HYPHEN_LIKE : 0;
    } else {
        return x;
    }
    Unit kern = shape_kern_after(p, a);
    if (kern) {
        x.width += kern;
        x.cluster = i - 1;
    }
    return x;
}

static void
make_items(Para *p, const Cluster *cl, int n, Unit indent, Breaks breaks, Items *out)
{
    bool emergency = breaks == BREAKS_EMERGENCY;
    out->n = 0;
    if (indent > 0)
        push(out, box(indent, -1));
    for (int i = 0; i < n; i++) {
        const Cluster *c = &cl[i];
        if (c->space) {
            Unit w = c->width;
            Item g = glue(w, c->em / 2 > w ? c->em / 2 - w : 0, w > c->em / 4 ? w - c->em / 4 : 0,
                          i);
            g.shrink_prio = 1;
            g.stretch_prio = 1;
            bool ok = i + 1 >= n || p->attrs[cl[i + 1].c0].is_line_break;
            if (!ok)
                push(out, penalty(PENALTY_INF));
            push(out, g);
            continue;
        }
        if (i == 0 && c->sp == JP_SP_MIDDLE && !p->text->code) {
            /* a paragraph that opens with ・ keeps the quarter em before
             * it: its em cell sits on the grid of the lines around it */
            push(out, box(0, -1));
            push(out, glue(c->em / 4, 0, 0, -1));
        }
        if (i == 0 && c->sp == JP_SP_OPEN && p->bracket_half) {
            /* a line-start bracket after half an em; a paragraph that
             * opens with one gets one em and a half with the indent */
            Item g = glue(c->em / 2, 0, c->em / 2, -1);
            g.shrink_prio = 4;
            push(out, box(0, -1));
            push(out, g);
        }
        if (i > 0 && c->ruby >= 0 && c->ruby == cl[i - 1].ruby) {
            /* inside a group ruby: no break, no space */
        } else if (i > 0 && !cl[i - 1].space) {
            const Cluster *a = &cl[i - 1];
            if (forced_at(p->text, c->b0)) {
                push(out, penalty(PENALTY_INF));
                push(out, glue(0, STRETCH_FIL, 0, -1));
                push(out, penalty(PENALTY_FORCE));
                if (c->sp == JP_SP_MIDDLE && !p->text->code) {
                    push(out, box(0, -1));     /* (a line that opens with ・: as above) */
                    push(out, glue(c->em / 4, 0, 0, -1));
                }
            } else {
                int pen = junction_penalty(p, a, c, emergency);
                if (pen == 0 && a->last == '/' && !p->text->code
                    && (i < 2 || cl[i - 2].space || jp_is_wide(cl[i - 2].last)))
                    pen = PENALTY_INF;     /* not after the / a path starts with */
                Item g = p->text->code ? glue(0, 0, 0, -1) : junction_glue(a, c);
                bool has_glue = g.width || g.stretch || g.shrink;
                if (pen < PENALTY_INF && hangs(p, a)) {
                    /* hanging punctuation: a second way to break here, with
                     * the mark outside the measure (JLREQ §3.8) */
                    push(out, penalty(pen));
                    Item h = penalty(pen);
                    h.width = -a->box;
                    push(out, h);
                    if (has_glue)
                        push(out, g);
                } else if (pen < PENALTY_INF
                           && ((p->bracket_half && c->sp == JP_SP_OPEN)
                               || (c->sp == JP_SP_MIDDLE && has_glue))) {
                    /* the break comes before the bracket's half em (or the
                     * middle dot's quarter), which stays at the start of the
                     * next line */
                    push(out, pen ? penalty(pen) : glue(0, 0, 0, -1));
                    push(out, box(0, -1));
                    push(out, g);
                } else if (has_glue) {
                    if (pen != 0)
                        push(out, penalty(pen));
                    push(out, g);
                } else {
                    Item x = penalty(pen);
                    x.flagged = hyphen_like(a->last) ? FLAG_HYPHEN_LIKE : 0;
                    if (pen != 0)
                        x = word_break(p, a, i, breaks, pen);
                    if (x.penalty < PENALTY_INF)
                        push(out, x);
                }
            }
        } else if (i > 0 && forced_at(p->text, c->b0)) {
            push(out, penalty(PENALTY_INF));
            push(out, glue(0, STRETCH_FIL, 0, -1));
            push(out, penalty(PENALTY_FORCE));
        }
        const RubyBox *rb = c->ruby >= 0 ? &p->rb[c->ruby] : NULL;
        if (rb && rb->c0 == i && rb->pad_l > 0)
            push(out, box(rb->pad_l, -1));
        push(out, box(c->box, i));
        if (rb && rb->c1 == i + 1 && rb->pad_r > 0)
            push(out, box(rb->pad_r, -1));
    }
    /* the end of the paragraph: a filler and a forced break */
    push(out, penalty(PENALTY_INF));
    push(out, glue(0, STRETCH_FIL, 0, -1));
    push(out, penalty(PENALTY_FORCE));
}

/* --- break_lines --- */

/* The widest line of a break set, for overfull checks. */
static Unit
widest(const Items *it, const int *breaks, int n_lines)
{
    Unit max = 0;
    for (int k = 0, s = 0; k < n_lines; k++) {
        Unit w, y, z;
        linebreak_measure(it->v, s, breaks[k], &w, &y, &z);
        w -= z;                            /* as far as it can shrink */
        if (w > max)
            max = w;
        s = linebreak_next_start(it->v, it->n, breaks[k]);
    }
    return max;
}

/* Items with `breaks`, and room for the breaks. Returns false, and leaves
 * the items as they are, when breaks inside words are asked for and the
 * paragraph has none (most: they would be the plain items again). */
static bool
remake_items(Para *p, const Cluster *cl, int n, Unit indent, Breaks breaks, SrcPos pos,
             Items *it, int **brk)
{
    if (breaks >= BREAKS_CODE && !p->word_breaks) {
        p->word_breaks = xmalloc((size_t)n + 1);
        p->n_word_breaks = hyphen_points(p, cl, n, breaks >= BREAKS_WORDS, p->word_breaks,
                                         pos);
    }
    if (breaks >= BREAKS_CODE && breaks < BREAKS_EMERGENCY && p->n_word_breaks == 0)
        return false;
    make_items(p, cl, n, indent, breaks, it);
    *brk = xrealloc(*brk, sizeof(int) * (size_t)(it->n + 1));
    return true;
}

/* The breaks of the paragraph (item indices, the last at the end); sets
 * *emergency when words had to be broken. warn: say so where a line is
 * still wider than the measure (else the caller checks the lines it keeps).
 * Justified text: total fit with JLREQ's and Unicode's breaks; where that
 * cannot fill every line, also breaks inside words (English hyphenation,
 * code, URLs, file names); where even that cannot, lines set short
 * (ragged) rather than spread. Other text: first fit, breaking inside code,
 * URLs and file names only where a line would be wider than the measure,
 * and never leaving a Japanese character alone on the last line. */
static int
break_lines(Doc *doc, Para *p, const Cluster *cl, int n, Unit width, Unit indent, bool justify,
            SrcPos pos, bool warn, Items *it, int **breaks_out, bool *emergency)
{
    *emergency = false;
    LineBefore before = p->goes_on ? p->before : (LineBefore){1, false, 0};
    int *breaks = NULL;
    remake_items(p, cl, n, indent, BREAKS_PLAIN, pos, it, &breaks);
    int count = -1;
    if (justify) {
        count = linebreak_total_fit_after(it->v, it->n, width, TOLERANCE_JLREQ, before, breaks);
        if (count < 0 && remake_items(p, cl, n, indent, BREAKS_WORDS, pos, it, &breaks))
            count = linebreak_total_fit_after(it->v, it->n, width, TOLERANCE_JLREQ, before,
                                              breaks);
        if (count < 0)
            count = linebreak_total_fit_after(it->v, it->n, width, TOLERANCE_EXTRA, before,
                                              breaks);
        if (count < 0)
            count = linebreak_total_fit_after(it->v, it->n, width, LINEBREAK_RAGGED, before,
                                              breaks);
    } else {
        count = linebreak_first_fit(it->v, it->n, width, breaks);
        if (widest(it, breaks, count) > width) {
            count = -1;
            if (remake_items(p, cl, n, indent, BREAKS_CODE, pos, it, &breaks)) {
                count = linebreak_first_fit(it->v, it->n, width, breaks);
                if (widest(it, breaks, count) > width)
                    count = -1;
            }
        }
    }
    if (count < 0) {
        /* emergency: also break anywhere inside words and URLs */
        *emergency = true;
        remake_items(p, cl, n, indent, BREAKS_EMERGENCY, pos, it, &breaks);
        count = justify ? linebreak_total_fit_after(it->v, it->n, width, LINEBREAK_RAGGED,
                                                    before, breaks)
                        : -1;
        if (count < 0)
            count = linebreak_first_fit(it->v, it->n, width, breaks);
        Unit over = widest(it, breaks, count) - width;
        if (over > 0 && warn && !layout_state(doc)->measuring)
            diag_warn(doc, pos, "a line is wider than the measure by %.1f pt",
                      pt_from_unit(over));
    }
    /* ragged text never ends on a Japanese character alone (「…に組/む」) */
    int alone = justify || count < 2 ? -1 : linebreak_last_alone(it->v, it->n, breaks, count);
    if (alone >= 0 && it->v[alone].cluster >= 0 && cl[it->v[alone].cluster].first >= 0x3000
        && cl[it->v[alone].cluster].first == cl[it->v[alone].cluster].last)
        linebreak_pull_last(it->v, it->n, width, breaks, count);
    *breaks_out = breaks;
    return count;
}

/* --- --dump items --- */

/* Keep the text of the items for dump_items: a block's last layout
 * replaces what an earlier one made; a window's follow the ones before it
 * (window: its first byte, -1 for a whole paragraph). */
static void
record_items(Doc *doc, const Node *block, const Para *p, const Cluster *cl, int n,
             const Items *it, Unit width, Unit indent, int window)
{
    const Text *t = p->text;
    if (!block || !doc->opt || !doc->opt->keep_items)
        return;
    Layout *lay = layout_state(doc);
    if (!lay->item_dumps)
        lay->item_dumps = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, free);
    int *bytes = xmalloc(sizeof(int) * (size_t)(2 * n + 1));
    for (int i = 0; i < n; i++) {
        bytes[2 * i] = cl[i].b0;
        bytes[2 * i + 1] = cl[i].b1;
    }
    const Line **ruby = p->n_rb ? g_new0(const Line *, n) : NULL;
    for (int k = 0; k < p->n_rb; k++)
        ruby[p->rb[k].c0] = p->rb[k].reading;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        abort();                           /* (out of memory) */
    const char *before = window > 0 ? g_hash_table_lookup(lay->item_dumps, block) : NULL;
    if (before)
        fputs(before, f);
    dump_item_list(f, width, indent, window, window < 0 ? -1 : window + t->len, it->v, it->n,
                   t->buf, bytes, ruby);
    fclose(f);
    free(bytes);
    g_free(ruby);
    g_hash_table_insert(lay->item_dumps, (gpointer)block, buf);
}

/* --- a huge paragraph, in windows (limits.h: LIMIT_PARAGRAPH_BYTES) --- */

/* A window [w0, w1) of the paragraph text, and where its spans, rubies and
 * hard breaks begin in the paragraph's: the windows go forward, so do these. */
typedef struct Window {
    int w0, w1;                            /* bytes of the paragraph text */
    int span, ruby, forced;                /* the first not wholly before w0 */
} Window;

/* The window's own Text: its bytes, and the spans, rubies and hard breaks
 * in it, cut at its ends and counted from its start; span_of[i]: the
 * paragraph's span that window span i comes from. */
static void
window_text(const Text *t, Window *w, Text *wt, int **span_of)
{
    int w0 = w->w0, w1 = w->w1, len = w1 - w0;
    *wt = (Text){.code = t->code, .len = len, .cap = len + 1};
    wt->buf = xmalloc((size_t)len + 1);
    memcpy(wt->buf, t->buf + w0, (size_t)len);
    wt->buf[len] = '\0';
    while (w->span < t->n_spans && t->spans[w->span].end <= w0)
        w->span++;
    int n = 0;
    while (w->span + n < t->n_spans && t->spans[w->span + n].start < w1)
        n++;
    wt->spans = xmalloc(sizeof(Span) * (size_t)(n + 1));
    *span_of = xmalloc(sizeof(int) * (size_t)(n + 1));
    for (int k = 0; k < n; k++) {
        Span sp = t->spans[w->span + k];
        sp.start = (sp.start > w0 ? sp.start : w0) - w0;
        sp.end = (sp.end < w1 ? sp.end : w1) - w0;
        wt->spans[k] = sp;
        (*span_of)[k] = w->span + k;
    }
    wt->n_spans = wt->cap_spans = n;
    while (w->forced < t->n_forced && t->forced[w->forced] <= w0)
        w->forced++;
    n = 0;
    while (w->forced + n < t->n_forced && t->forced[w->forced + n] < w1)
        n++;
    wt->forced = xmalloc(sizeof(int) * (size_t)(n + 1));
    for (int k = 0; k < n; k++)
        wt->forced[k] = t->forced[w->forced + k] - w0;
    wt->n_forced = wt->cap_forced = n;
    while (w->ruby < t->n_rubies && t->rubies[w->ruby].end <= w0)
        w->ruby++;
    n = 0;
    while (w->ruby + n < t->n_rubies && t->rubies[w->ruby + n].start < w1)
        n++;
    wt->rubies = xmalloc(sizeof(Ruby) * (size_t)(n + 1));
    for (int k = 0; k < n; k++) {
        Ruby r = t->rubies[w->ruby + k];
        r.start = (r.start > w0 ? r.start : w0) - w0;
        r.end = (r.end < w1 ? r.end : w1) - w0;
        wt->rubies[k] = r;
    }
    wt->n_rubies = wt->cap_rubies = n;
}

/* Lay out a paragraph longer than LIMIT_PARAGRAPH_BYTES window by window:
 * each window is itemized, shaped and broken by itself as if the paragraph
 * ended there; its lines are kept up to the last one that starts at most
 * LIMIT_PARAGRAPH_OVERLAP bytes before its end (a line that starts on a
 * cluster of its own: not in a ruby, not a line-start bracket set half),
 * and the next window starts with the first line not kept. Only the window
 * and the lines made so far are in memory. Returns the count of lines,
 * *out in whole->out. */
static int
layout_windows(Para *whole, const Node *block, Unit width, Unit indent, bool justify,
               const Style *bstyle, SrcPos pos, Line **out)
{
    Doc *doc = whole->doc;
    const Text *t = whole->text;
    Line *all = NULL;
    int n_all = 0, cap_all = 0;
    Unit over = 0;                         /* the most a line is wider than the measure */
    Window w = {0};
    while (w.w0 < t->len) {
        bool last = t->len - w.w0 <= LIMIT_PARAGRAPH_BYTES;
        w.w1 = t->len;
        if (!last) {
            w.w1 = w.w0 + LIMIT_PARAGRAPH_BYTES;
            while (((unsigned char)t->buf[w.w1] & 0xC0) == 0x80)
                w.w1--;                    /* (at a character) */
        }
        Text wt;
        int *span_of;
        window_text(t, &w, &wt, &span_of);
        const RunSpan **rspans = xmalloc(sizeof(RunSpan *) * (size_t)(wt.n_spans + 1));
        for (int i = 0; i < wt.n_spans; i++)
            rspans[i] = whole->run_spans[span_of[i]];
        /* a span cut at the window start starts before it: its
         * destination is not at this window's first run */
        bool cut_span = wt.n_spans > 0 && t->spans[span_of[0]].start < w.w0;
        Para p = *whole;
        p.text = &wt;
        p.run_spans = rspans;
        itemize_runs(&p);
        shape_items(&wt, p.runs, p.n_runs, p.n_chars, &p.attrs);
        int n;
        Cluster *cl = shape_clusters(&p, &n);
        prepare_ruby(&p, cl, n);
        Items it = {0};
        int *breaks;
        bool emergency;
        int count = break_lines(doc, &p, cl, n, width, w.w0 == 0 ? indent : 0, justify, pos,
                                false, &it, &breaks, &emergency);
        record_items(doc, block, &p, cl, n, &it, width, w.w0 == 0 ? indent : 0, w.w0);
        int keep = count, next = t->len;
        if (!last) {
            int limit = w.w1 - w.w0 - LIMIT_PARAGRAPH_OVERLAP;
            keep = 0;
            next = w.w1;
            for (int k = 0; k + 1 < count; k++) {
                int s = linebreak_next_start(it.v, it.n, breaks[k]);
                if (s >= it.n || it.v[s].type != ITEM_BOX || it.v[s].cluster < 0)
                    continue;
                const Cluster *c = &cl[it.v[s].cluster];
                if (keep > 0 && c->b0 > limit)
                    break;
                if (c->b0 == 0 || c->ruby >= 0 || (p.bracket_half && c->sp == JP_SP_OPEN))
                    continue;
                keep = k + 1;
                next = w.w0 + c->b0;
            }
            if (keep == 0)
                keep = count;              /* no line to start again at: cut at w1 */
        }
        if (emergency) {
            Unit o = widest(&it, breaks, keep) - width;
            over = o > over ? o : over;
        }
        /* the next window's first line follows the last line kept */
        int ls = keep >= 2 ? linebreak_next_start(it.v, it.n, breaks[keep - 2]) : 0;
        whole->goes_on = true;
        whole->before = linebreak_line_before(it.v, ls, breaks[keep - 1], width);
        if (n_all + keep > cap_all) {
            while (n_all + keep > cap_all)
                cap_all = cap_all ? cap_all * 2 : 256;
            all = xrealloc(all, sizeof(Line) * (size_t)cap_all);
        }
        Line *lines = all + n_all;
        memset(lines, 0, sizeof(Line) * (size_t)keep);
        lines_make(doc, &p, cl, n, it.v, it.n, breaks, keep, width, bstyle, lines);
        /* from the window's bytes to the paragraph's */
        for (int k = 0; k < keep; k++) {
            lines[k].start += w.w0;
            Run *runs = (Run *)lines[k].runs;
            for (int r = 0; r < lines[k].n_runs; r++) {
                if (runs[r].outline)
                    continue;              /* (ruby: offsets in its reading) */
                if (cut_span && runs[r].offset == 0)
                    runs[r].starts_span = false;
                runs[r].offset += w.w0;
            }
        }
        n_all += keep;
        free(breaks);
        free(it.v);
        free(cl);
        shape_release(&p);
        free(rspans);
        free(span_of);
        text_free(&wt);
        w.w0 = next;
    }
    if (over > 0 && !layout_state(doc)->measuring)
        diag_warn(doc, pos, "a line is wider than the measure by %.1f pt", pt_from_unit(over));
    *out = arena_memdup(whole->out, all, sizeof(Line) * (size_t)n_all);
    free(all);
    return n_all;
}

/* --- entry points --- */

/* Lay out the text t (of `block`, or NULL: text in one style) into out. */
static int
layout(Doc *doc, Arena *out, const Node *block, Text *t, Unit width, Unit indent,
       const Style *bstyle, SrcPos pos, Line **lines_out)
{
    if (width <= 0)
        width = (Unit)(INT32_MAX / 4);
    if (t->len == 0) {
        Line *ln = arena_zalloc(out, sizeof(Line));
        ln->text = "";
        ln->ascent = bstyle->size * 88 / 100;
        ln->descent = bstyle->size * 12 / 100;
        *lines_out = ln;
        return 1;
    }
    /* the text outlives this call: runs point into it */
    char *text = arena_memdup(out, t->buf, (size_t)t->len + 1);
    free(t->buf);
    t->buf = text;
    t->cap = 0;
    const Settings *o = doc->opt;
    /* a span with no link and no destination shares the report's one RunSpan
     * of its style (900 pages: 41,000 spans, a few dozen styles) */
    GHashTable *plain = layout_state(doc)->plain_spans;
    const RunSpan **rspans = xmalloc(sizeof(RunSpan *) * (size_t)t->n_spans);
    for (int i = 0; i < t->n_spans; i++) {
        RunSpan s = {t->spans[i].style, t->spans[i].href, t->spans[i].dest, NULL};
        RunSpan *shared = NULL;
        if (plain && !s.href && !s.dest) {
            shared = g_hash_table_lookup(plain, s.style);
            if (!shared) {
                shared = arena_memdup(doc->arena, &s, sizeof s);
                g_hash_table_insert(plain, (gpointer)s.style, shared);
            }
        }
        rspans[i] = shared ? shared : arena_memdup(out, &s, sizeof s);
    }
    Para p = {.doc = doc, .text = t, .run_spans = rspans, .out = out,
              .level = o ? (JpLevel)o->line_break : JP_STRICT,
              .hanging = o && o->hanging, .bracket_half = o && o->bracket_half,
              .vertical = doc->theme && doc->theme->vertical && !t->code && !doc->across,
              .tcy_digits = doc->theme ? doc->theme->tcy_digits : 2};
    bool justify = bstyle->align == ALIGN_JUSTIFY && !t->code;
    int count;
    Line *lines;
    if (t->len > LIMIT_PARAGRAPH_BYTES) {
        count = layout_windows(&p, block, width, indent, justify, bstyle, pos, &lines);
    } else {
        itemize_runs(&p);
        shape_items(t, p.runs, p.n_runs, p.n_chars, &p.attrs);
        int n;
        Cluster *cl = shape_clusters(&p, &n);
        prepare_ruby(&p, cl, n);
        Items it = {0};
        int *breaks;
        bool emergency;
        count = break_lines(doc, &p, cl, n, width, indent, justify, pos, true, &it, &breaks,
                            &emergency);
        record_items(doc, block, &p, cl, n, &it, width, indent, -1);
        lines = arena_zalloc(out, sizeof(Line) * (size_t)count);
        lines_make(doc, &p, cl, n, it.v, it.n, breaks, count, width, bstyle, lines);
        free(breaks);
        free(it.v);
        free(cl);
        shape_release(&p);
    }
    for (int i = 0; i < count; i++)
        lines[i].text = text;
    free(rspans);
    t->buf = NULL;
    *lines_out = lines;
    return count;
}

/* Does the text of n change with the page labels ({{page:#slug}})? */
static bool
depends_on_labels(const Node *n)
{
    for (const Node *c = n->first; c; c = c->next)
        if (c->type == NODE_PAGEREF || depends_on_labels(c))
            return true;
    return false;
}

typedef struct Cached { Unit width, indent; int n; Line *lines; } Cached;

int
inline_layout_block(Doc *doc, const Node *block, Unit width, Unit indent, Line **out)
{
    /* A layout run again for the page labels sets the same blocks at the
     * same widths: their lines (in the arena, kept from pass to pass) are
     * taken as they are, but for text that shows a label. */
    Cached *c = NULL;
    GHashTable *cache = layout_state(doc)->line_cache;
    bool cacheable = cache && !depends_on_labels(block);
    if (cacheable) {
        c = g_hash_table_lookup(cache, block);
        if (c && c->width == width && c->indent == indent) {
            *out = c->lines;
            return c->n;
        }
    }
    Text t = {0};
    flatten(doc, block, &t);
    int n = layout(doc, layout_lines_arena(doc, cacheable), block, &t, width, indent,
                   block->style, block->pos, out);
    text_free(&t);
    if (cacheable) {
        if (!c) {
            c = g_new(Cached, 1);          /* (the cache owns it: gone after the layout) */
            g_hash_table_insert(cache, (gpointer)block, c);
        }
        *c = (Cached){width, indent, n, *out};
    }
    return n;
}

static int
layout_text(Doc *doc, Arena *arena, const char *text, size_t len, const Style *style,
            Unit width, bool code, const char *href, SrcPos pos, Line **out)
{
    Text t = {.code = code};
    text_append(&t, text, len, style, href, NULL);
    int n = layout(doc, arena, NULL, &t, width, 0, style, pos, out);
    text_free(&t);
    return n;
}

/* (Laid out anew by every pass: contents entries, markers, running heads;
 * into the pass arena, rewound between passes.) */
int
inline_layout_text(Doc *doc, const char *text, size_t len, const Style *style, Unit width,
                   bool code, const char *href, SrcPos pos, Line **out)
{
    return layout_text(doc, doc_pass_arena(doc), text, len, style, width, code, href, pos, out);
}

Line *
inline_layout_cut(Doc *doc, const char *text, const Style *st, Unit width, SrcPos pos)
{
    Line *ln;
    int n = inline_layout_text(doc, text, strlen(text), st, width, false, NULL, pos, &ln);
    if (n <= 1 && ln->natural <= width)
        return ln;
    size_t len = strlen(text);
    size_t lo = 0, hi = len;               /* the longest prefix that fits with "…" */
    while (lo < hi) {
        size_t mid = (lo + hi + 1) / 2;
        while (mid > 0 && ((unsigned char)text[mid] & 0xC0) == 0x80)
            mid--;                         /* a character boundary */
        if (mid <= lo) {
            break;
        }
        char *cut = arena_printf(doc->arena, "%.*s…", (int)mid, text);
        Line *t;
        int k = inline_layout_text(doc, cut, strlen(cut), st, width * 4, false, NULL, pos, &t);
        if (k == 1 && t->natural <= width)
            lo = mid;
        else
            hi = mid - 1;
    }
    while (lo > 0 && ((unsigned char)text[lo] & 0xC0) == 0x80)
        lo--;
    char *cut = arena_printf(doc->arena, "%.*s…", (int)lo, text);
    inline_layout_text(doc, cut, strlen(cut), st, width, false, NULL, pos, &ln);
    return ln;
}

/* --- counts for -v --- */

static void
count_line(const Line *ln, LineCounts *c)
{
    if (!ln)
        return;
    c->lines++;
    c->loose += ln->loose;
    c->ragged += ln->ragged;
    c->hyphenated += ln->hyphenated;
}

/* A slice's lines; those of the page it shows from another document (a
 * slide in the report's appendix) too, but not a third's. */
static void
count_slice(const Slice *s, LineCounts *c, bool embed)
{
    for (int k = 0; k < s->n_lines; k++)
        count_line(s->lines[k].line, c);
    const SliceExtra *x = slice_x(s);
    if (s->kind == SLICE_EMBED && x->embed && embed) {
        const Page *pg = &x->embed->pages[x->embed_page];
        for (int k = 0; k < pg->n; k++)
            count_slice(&x->embed->slices[pg->placed[k].slice], c, false);
    }
}

LineCounts
inline_count_lines(const Doc *doc)
{
    LineCounts c = {0};
    for (int i = 0; i < doc->n_pages; i++) {
        const Page *pg = &doc->pages[i];
        for (int k = 0; k < pg->n; k++)
            count_slice(&doc->slices[pg->placed[k].slice], &c, true);
        for (int k = 0; k < pg->n_notes; k++)
            count_slice(&doc->slices[pg->notes[k].slice], &c, true);
        const Line *extra[PAGE_EXTRA_LINES];
        page_extra_lines(pg, extra);
        for (int k = 0; k < PAGE_EXTRA_LINES; k++)
            count_line(extra[k], &c);
    }
    return c;
}
