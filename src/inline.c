/*
 * inline.c: the paragraph builder. Inline nodes -> one UTF-8 text with style
 * spans -> Pango items (fonts picked by fontconfig, language ja) -> shaped
 * glyph clusters (HarfBuzz) -> items for the line breaker: a box per
 * cluster, glue for word spaces and between Japanese characters, penalties
 * where a break is allowed or forbidden -> breaks (linebreak.c) -> Lines of
 * positioned glyph runs, drawn later with pango_cairo_show_glyph_item so the
 * PDF keeps the cluster-to-text mapping (copy and search give the source).
 *
 * Break opportunities: Pango's Unicode line breaking, overridden by JLREQ
 * (jp_rules.c) between Japanese characters and for its prohibitions. Pass 1
 * looks for a total fit; if a paragraph has none (a word wider than the
 * measure), pass 2 also allows breaks inside Latin words and URLs at a high
 * cost, and first fit with an overfull line is the last resort (warned).
 * Justified lines end on the measure: the slack goes to word spaces and,
 * in small steps, between Japanese characters.
 *
 * A paragraph longer than LIMIT_PARAGRAPH_BYTES (limits.h) goes through
 * these steps in windows (layout_windows): shaping, clusters, items and
 * breakpoints cost some 130 bytes a byte of text, so only one window's are
 * made at a time; its lines are kept but for the last few, which the next
 * window sets again, its first line following the last one kept.
 *
 * Steps: flatten, shape_runs, make_clusters, make_items, break_lines, make_lines.
 * Not done: JLREQ spacing (¼ em Japanese-Latin, half-width punctuation and
 * its compression, priorities of JLREQ §4), hanging punctuation, ruby (all
 * issue 3); right-to-left scripts (set left to right).
 */
#include "inline.h"

#include <glib.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "fonts.h"
#include "jp_rules.h"
#include "limits.h"
#include "linebreak.h"
#include "node.h"
#include "style.h"
#include "utf8.h"

/* Tolerances (largest adjustment ratio) of pass 1 and pass 2. */
#define TOLERANCE_1 2.0
#define TOLERANCE_2 20.0
/* Cost of an emergency break inside a Latin word or URL (pass 2). */
#define PENALTY_EMERGENCY 5000

/* --- flatten: inline nodes to text + spans --- */

typedef struct Span {
    int start, end;                        /* bytes */
    const Style *style;
    const char *href, *dest;
} Span;

typedef struct Text {
    char *buf;
    int len, cap;
    Span *spans;
    int n_spans, cap_spans;
    int *forced;                           /* byte offsets of hard line breaks */
    int n_forced, cap_forced;
    struct Ruby *rubies;                   /* ruby over byte ranges of the text */
    int n_rubies, cap_rubies;
    bool code;                             /* code: fixed spaces, break anywhere */
} Text;

/* A ruby annotation: readings over [start, end) of the text. */
typedef struct Ruby {
    int start, end;
    const char *text;                      /* the reading(s), '|' between mono readings */
    bool mono;
    const Style *base;                     /* style of the base text */
} Ruby;

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
        && !last->dest) {
        last->end = t->len;
        return;
    }
    if (t->n_spans == t->cap_spans) {
        t->cap_spans = t->cap_spans ? t->cap_spans * 2 : 16;
        t->spans = xrealloc(t->spans, (size_t)t->cap_spans * sizeof(Span));
    }
    t->spans[t->n_spans++] = (Span){start, t->len, style, href, dest};
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

/* Japanese-looking enough that a source line break next to it is no space. */
static bool
is_wide(uint32_t cp)
{
    return jp_is_wide(cp);
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
        case NODE_CODE:
            text_append(t, n->u.text.text, n->u.text.len, n->style, href_of(n, block), NULL);
            break;
        case NODE_SOFTBREAK: {
            /* a source line break: a space between Western words, nothing
             * next to Japanese text */
            uint32_t before = last_cp(t), after = 0;
            for (const Node *m = node_next(block, n); m; m = node_next(block, m))
                if ((m->type == NODE_TEXT || m->type == NODE_CODE) && m->u.text.len) {
                    utf8_decode((const unsigned char *)m->u.text.text, m->u.text.len, &after);
                    break;
                }
            if (before && after && !is_wide(before) && !is_wide(after))
                text_append(t, " ", 1, n->style, href_of(n, block), NULL);
            break;
        }
        case NODE_LINEBREAK:
            text_force_break(t);
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
        case NODE_RUBY: {
            const Node *base = n->first;
            if (!base || base->type != NODE_TEXT || base->u.text.len == 0)
                break;
            if (t->n_rubies == t->cap_rubies) {
                t->cap_rubies = t->cap_rubies ? t->cap_rubies * 2 : 8;
                t->rubies = xrealloc(t->rubies, (size_t)t->cap_rubies * sizeof(Ruby));
            }
            int start = t->len;
            text_append(t, base->u.text.text, base->u.text.len, base->style, href_of(n, block),
                        NULL);
            t->rubies[t->n_rubies++] = (Ruby){start, t->len, n->u.ruby.text, n->u.ruby.mono,
                                              base->style};
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

/* --- shape_runs: Pango items, split at span boundaries, shaped --- */

typedef struct Shaped {
    PangoItem *item;                       /* freed with the paragraph's layout */
    PangoFont *font;                       /* its font, kept by the Doc */
    PangoGlyphString *glyphs;
    int span;                              /* index of its span */
} Shaped;

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
    struct RubyBox *rb;                    /* ruby boxes over clusters */
    int n_rb;
    JpLevel level;                         /* --line-break */
    bool hanging;                          /* --hanging-punctuation */
    bool bracket_half;                     /* --line-start-bracket half */
    bool goes_on;                          /* a window after the first: its first line
                                            * follows `before` */
    LineBefore before;
} Para;

/* A run's font, with a reference the Doc keeps (the runs outlive their
 * Pango items, which go with the paragraph's layout). */
static PangoFont *
keep_font(Doc *doc, PangoFont *font)
{
    if (!doc->fonts_kept)
        doc->fonts_kept = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
                                                g_object_unref);
    if (font && !g_hash_table_contains(doc->fonts_kept, font))
        g_hash_table_insert(doc->fonts_kept, font, g_object_ref(font));
    return font;
}

/* Japanese text changes script every few characters (kanji, hiragana,
 * katakana), and Pango makes an item of each run: a 2,000-character
 * paragraph became about 900 items, each shaped by its own HarfBuzz call.
 * Items of those scripts that agree in everything else (font, bidi level,
 * gravity, language, attributes: the same "kern 0" span) are one item here,
 * shaped as Han: Noto CJK's features are the same for hani and kana. */
static bool
is_cjk_script(PangoScript s)
{
    return s == PANGO_SCRIPT_HAN || s == PANGO_SCRIPT_HIRAGANA || s == PANGO_SCRIPT_KATAKANA
           || s == PANGO_SCRIPT_COMMON || s == PANGO_SCRIPT_INHERITED;
}

static bool
same_attrs(GSList *a, GSList *b)
{
    for (; a && b; a = a->next, b = b->next)
        if (!pango_attribute_equal(a->data, b->data))
            return false;
    return !a && !b;
}

static bool
mergeable(const PangoItem *a, const PangoItem *b)
{
    const PangoAnalysis *x = &a->analysis, *y = &b->analysis;
    return a->offset + a->length == b->offset && x->font == y->font && x->level == y->level
           && x->gravity == y->gravity && x->flags == y->flags && x->language == y->language
           && is_cjk_script((PangoScript)x->script) && is_cjk_script((PangoScript)y->script)
           && (x->script != PANGO_SCRIPT_COMMON || y->script != PANGO_SCRIPT_COMMON)
           && same_attrs(x->extra_attrs, y->extra_attrs);
}

static GList *
merge_cjk_items(GList *items)
{
    for (GList *l = items; l && l->next;) {
        PangoItem *a = l->data, *b = l->next->data;
        if (!mergeable(a, b)) {
            l = l->next;
            continue;
        }
        a->length += b->length;
        a->num_chars += b->num_chars;
        if (b->analysis.script != PANGO_SCRIPT_COMMON)
            a->analysis.script = PANGO_SCRIPT_HAN;
        pango_item_free(b);
        items = g_list_delete_link(items, l->next);
    }
    return items;
}

/* --- itemizing without pango_itemize, for the usual text --- */

/* Characters for which Pango's itemizer does more than follow scripts and
 * our attributes: right-to-left text and bidi controls (levels), emoji
 * presentation and its sequences (the emoji iterator). */
static bool
needs_pango(uint32_t cp)
{
    return (cp >= 0x0590 && cp <= 0x08FF) || (cp >= 0xFB1D && cp <= 0xFDFF)
           || (cp >= 0xFE70 && cp <= 0xFEFF) || (cp >= 0x10800 && cp <= 0x10FFF)
           || (cp >= 0x1E800 && cp <= 0x1EFFF) || cp == 0x200E || cp == 0x200F
           || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)
           || cp == 0x200D || cp == 0x20E3 || cp == 0xFE0E || cp == 0xFE0F
           || (cp >= 0x2300 && cp <= 0x23FF) || (cp >= 0x25A0 && cp <= 0x27BF)
           || (cp >= 0x2B00 && cp <= 0x2BFF) || cp == 0x3030 || cp == 0x303D
           || cp == 0x3297 || cp == 0x3299 || cp >= 0x1F000;
}

typedef struct Range { int start, end; PangoAttribute *attr; } Range;
typedef struct ScriptRun { int end; PangoScript script; } ScriptRun;

static void
add_cut(GArray *cuts, int at)
{
    g_array_append_val(cuts, at);
}

static int
by_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* The items pango_itemize() makes of t with the span fonts and the "kern 0"
 * ranges: an item wherever a span, a kern range or a script run begins or
 * ends (Pango starts one at every such change), each in its span's first
 * font, level 0, the language Pango derives from ja and the script. NULL
 * when the text needs Pango's own itemizer (see needs_pango, a character
 * the span's font lacks, spans that do not cover the text). */
static GList *
itemize_plain(Doc *doc, const Text *t, PangoFont *const *span_font,
              const PangoFontDescription *const *span_desc, const Range *kern, int n_kern)
{
    if (t->len == 0 || t->n_spans == 0 || t->spans[0].start != 0
        || t->spans[t->n_spans - 1].end != t->len)
        return NULL;
    for (int i = 0; i + 1 < t->n_spans; i++)
        if (t->spans[i].end != t->spans[i + 1].start)
            return NULL;
    int span = 0;
    for (int i = 0; i < t->len;) {
        uint32_t cp;
        int k = utf8_decode((const unsigned char *)t->buf + i, (size_t)(t->len - i), &cp);
        while (t->spans[span].end <= i)
            span++;
        if (needs_pango(cp) || !span_font[span]
            || !fonts_primary_has(doc->fonts, span_desc[span], cp))
            return NULL;
        i += k;
    }
    GArray *cuts = g_array_new(FALSE, FALSE, sizeof(int));
    for (int i = 0; i < t->n_spans; i++)
        add_cut(cuts, t->spans[i].start);
    for (int i = 0; i < n_kern; i++) {
        add_cut(cuts, kern[i].start);
        add_cut(cuts, kern[i].end);
    }
    GArray *runs = g_array_new(FALSE, FALSE, sizeof(ScriptRun));
    PangoScriptIter *si = pango_script_iter_new(t->buf, t->len);
    do {
        const char *a, *b;
        ScriptRun r;
        pango_script_iter_get_range(si, &a, &b, &r.script);
        add_cut(cuts, (int)(a - t->buf));
        r.end = (int)(b - t->buf);
        g_array_append_val(runs, r);
    } while (pango_script_iter_next(si));
    pango_script_iter_free(si);
    add_cut(cuts, t->len);
    g_array_sort(cuts, by_int);
    PangoLanguage *lang = pango_context_get_language(doc->pango);
    GList *items = NULL;
    int kr = 0;
    guint run = 0;
    span = 0;
    for (guint c = 0; c + 1 < cuts->len; c++) {
        int a = g_array_index(cuts, int, c), b = g_array_index(cuts, int, c + 1);
        if (a == b)
            continue;
        while (t->spans[span].end <= a)
            span++;
        while (run + 1 < runs->len && g_array_index(runs, ScriptRun, run).end <= a)
            run++;
        PangoScript script = g_array_index(runs, ScriptRun, run).script;
        while (kr < n_kern && kern[kr].end <= a)
            kr++;
        PangoItem *it = pango_item_new();
        it->offset = a;
        it->length = b - a;
        it->num_chars = (int)utf8_count(t->buf + a, (size_t)(b - a));
        it->analysis.font = g_object_ref(span_font[span]);
        it->analysis.level = 0;
        it->analysis.gravity = PANGO_GRAVITY_SOUTH;
        it->analysis.flags = 0;
        it->analysis.script = (guint8)script;
        it->analysis.language =
            pango_language_includes_script(lang, script) ? lang
            : pango_script_get_sample_language(script) ? pango_script_get_sample_language(script)
                                                       : pango_language_from_string("xx");
        if (kr < n_kern && kern[kr].start <= a)
            it->analysis.extra_attrs = g_slist_prepend(NULL, pango_attribute_copy(kern[kr].attr));
        items = g_list_prepend(items, it);
    }
    g_array_free(runs, TRUE);
    g_array_free(cuts, TRUE);
    return g_list_reverse(items);
}

/* KUMIHAN_CHECK_ITEMS=1: compare itemize_plain with pango_itemize and say
 * where they differ (a test aid; tests/layout runs it). Flag bit 7 is
 * Pango's private "has a character offset", which shaping does not read. */
static void
check_items(const Text *t, GList *mine, GList *theirs)
{
    int k = 0;
    for (; mine && theirs; mine = mine->next, theirs = theirs->next, k++) {
        const PangoItem *a = mine->data, *b = theirs->data;
        const PangoAnalysis *x = &a->analysis, *y = &b->analysis;
        bool attrs_same = same_attrs(x->extra_attrs, y->extra_attrs);
        for (GSList *p = x->extra_attrs, *q = y->extra_attrs; attrs_same && p && q;
             p = p->next, q = q->next) {
            const PangoAttribute *u = p->data, *v = q->data;
            attrs_same = u->start_index == v->start_index && u->end_index == v->end_index;
        }
        if (a->offset != b->offset || a->length != b->length || a->num_chars != b->num_chars
            || x->font != y->font || x->script != y->script || x->language != y->language
            || x->level != y->level || x->gravity != y->gravity
            || (x->flags & 0x7f) != (y->flags & 0x7f)
            || !attrs_same) {
            fprintf(stderr,
                    "kumihan: items differ at item %d (offset %d/%d, length %d/%d, "
                    "script %d/%d, language %s/%s, font %s, level %d/%d, gravity %d/%d, "
                    "flags %d/%d, attrs %u/%u): %.*s\n",
                    k, a->offset, b->offset, a->length, b->length, x->script, y->script,
                    pango_language_to_string(x->language), pango_language_to_string(y->language),
                    x->font == y->font ? "same" : "differs", x->level, y->level, x->gravity,
                    y->gravity, x->flags, y->flags, g_slist_length(x->extra_attrs),
                    g_slist_length(y->extra_attrs), t->len > 200 ? 200 : t->len, t->buf);
            abort();
        }
    }
    if (mine || theirs) {
        fprintf(stderr, "kumihan: item counts differ after item %d: %.*s\n", k,
                t->len > 200 ? 200 : t->len, t->buf);
        abort();
    }
}

static void
free_items(GList *items)
{
    g_list_free_full(items, (GDestroyNotify)pango_item_free);
}

/* The text's items, cut at its spans (Shaped, glyphs not yet made): font
 * lookups, this thread only. */
static void
itemize_runs(Para *p)
{
    Doc *doc = p->doc;
    Text *t = p->text;
    const char *const *family = doc->theme->family;
    PangoAttrList *attrs = pango_attr_list_new();
    PangoFont **span_font = xmalloc(sizeof(PangoFont *) * (size_t)(t->n_spans + 1));
    const PangoFontDescription **span_desc =
        xmalloc(sizeof(PangoFontDescription *) * (size_t)(t->n_spans + 1));
    for (int i = 0; i < t->n_spans; i++) {
        const Style *s = t->spans[i].style;
        const PangoFontDescription *desc =
            fonts_describe(doc->fonts, family[s->font], s->weight, s->size);
        span_font[i] = fonts_primary(doc->fonts, desc);
        span_desc[i] = desc;
        PangoAttribute *a = pango_attr_font_desc_new(desc);
        a->start_index = (guint)t->spans[i].start;
        a->end_index = (guint)t->spans[i].end;
        pango_attr_list_insert(attrs, a);
    }
    Range *kern = NULL;
    int n_kern = 0, cap_kern = 0;
    /* Japanese is set solid on the em grid (JLREQ): no pair kerning for it
     * (Noto CJK's kern feature tightens kana pairs such as ミュ) */
    for (int i = 0; i < t->len;) {
        uint32_t cp;
        int k = utf8_decode((const unsigned char *)t->buf + i, (size_t)(t->len - i), &cp);
        if (!is_wide(cp)) {
            i += k;
            continue;
        }
        int start = i;
        while (i < t->len) {
            k = utf8_decode((const unsigned char *)t->buf + i, (size_t)(t->len - i), &cp);
            if (!is_wide(cp))
                break;
            i += k;
        }
        PangoAttribute *a = pango_attr_font_features_new("kern 0");
        a->start_index = (guint)start;
        a->end_index = (guint)i;
        pango_attr_list_insert(attrs, a);
        if (n_kern == cap_kern) {
            cap_kern = cap_kern ? cap_kern * 2 : 16;
            kern = xrealloc(kern, sizeof(Range) * (size_t)cap_kern);
        }
        kern[n_kern++] = (Range){start, i, a};
    }
    static int checking = -1, pango_only = -1;
    if (checking < 0)
        checking = getenv("KUMIHAN_CHECK_ITEMS") != NULL;
    if (pango_only < 0)
        pango_only = getenv("KUMIHAN_PANGO_ITEMIZE") != NULL;
    GList *items = pango_only ? NULL : itemize_plain(doc, t, span_font, span_desc, kern, n_kern);
    if (checking && items) {
        GList *theirs = pango_itemize(doc->pango, t->buf, 0, t->len, attrs, NULL);
        check_items(t, items, theirs);
        free_items(theirs);
    }
    if (!items)
        items = pango_itemize(doc->pango, t->buf, 0, t->len, attrs, NULL);
    items = merge_cjk_items(items);
    pango_attr_list_unref(attrs);
    free(span_font);
    free(span_desc);
    free(kern);
    int n = 0, cap = 16;
    p->runs = xmalloc((size_t)cap * sizeof(Shaped));
    int span = 0;
    for (GList *l = items; l; l = l->next) {
        PangoItem *item = l->data;
        while (item) {
            while (span + 1 < t->n_spans && t->spans[span].end <= item->offset)
                span++;
            PangoItem *piece = item;
            int end = t->spans[span].end;
            if (end < item->offset + item->length) {
                int chars = (int)utf8_count(t->buf + item->offset, (size_t)(end - item->offset));
                piece = pango_item_split(item, end - item->offset, chars);
            } else {
                item = NULL;
            }
            if (n == cap) {
                cap *= 2;
                p->runs = xrealloc(p->runs, (size_t)cap * sizeof(Shaped));
            }
            /* (its HarfBuzz font made here, on this thread: shaping may
             * happen on another, and Pango makes it on first use) */
            pango_font_get_hb_font(piece->analysis.font);
            p->runs[n++] = (Shaped){piece, keep_font(doc, piece->analysis.font), NULL, span};
        }
    }
    g_list_free(items);
    p->n_runs = n;
    p->n_chars = (int)utf8_count(t->buf, (size_t)t->len);
}

/* The items' glyphs and the text's break attributes: Pango and HarfBuzz
 * only, on the text and items alone (no Doc, no font map), so any thread
 * may do it (see Prep). */
static void
shape_items(const Text *t, Shaped *runs, int n_runs, int n_chars, PangoLogAttr **attrs)
{
    for (int i = 0; i < n_runs; i++) {
        PangoItem *piece = runs[i].item;
        PangoGlyphString *g = pango_glyph_string_new();
        pango_shape_with_flags(t->buf + piece->offset, piece->length, t->buf, t->len,
                               &piece->analysis, g, PANGO_SHAPE_NONE);
        runs[i].glyphs = g;
    }
    *attrs = g_new0(PangoLogAttr, n_chars + 1);
    pango_get_log_attrs(t->buf, t->len, -1, pango_language_from_string("ja"), *attrs,
                        n_chars + 1);
}

/* --- make_clusters --- */

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

/* --- classify: how a cluster takes part in JLREQ spacing --- */

static void
classify(Cluster *c, bool code)
{
    /* full width: the glyph is one em wide in this font */
    bool full = c->width > c->em * 19 / 20 && c->width < c->em * 21 / 20;
    c->jc = (uint8_t)jp_class(c->first);
    JpSpacing sp = c->space ? JP_SP_SPACE : code ? JP_SP_OTHER : jp_spacing(c->first, full);
    c->sp = (uint8_t)sp;
    c->box = sp == JP_SP_OPEN || sp == JP_SP_CLOSE || sp == JP_SP_MIDDLE
             ? (Unit)((int64_t)c->em * jp_box_width(sp, 1000) / 1000) : c->width;
    c->dx = (Unit)((int64_t)c->em * jp_box_shift(sp) / 1000);
}

static Cluster *
make_clusters(Para *p, int *count)
{
    int cap = 64, n = 0, chars = 0;
    Cluster *cl = xmalloc((size_t)cap * sizeof(Cluster));
    const char *buf = p->text->buf;
    for (int r = 0; r < p->n_runs; r++) {
        PangoGlyphItem gi = {.item = p->runs[r].item, .glyphs = p->runs[r].glyphs};
        PangoGlyphItemIter it;
        Unit em = p->text->spans[p->runs[r].span].style->size;
        for (gboolean ok = pango_glyph_item_iter_init_start(&it, &gi, buf); ok;
             ok = pango_glyph_item_iter_next_cluster(&it)) {
            if (n == cap) {
                cap *= 2;
                cl = xrealloc(cl, (size_t)cap * sizeof(Cluster));
            }
            Cluster *c = &cl[n++];
            int g0 = it.start_glyph < it.end_glyph ? it.start_glyph : it.end_glyph + 1;
            int g1 = it.start_glyph < it.end_glyph ? it.end_glyph : it.start_glyph + 1;
            Unit w = 0;
            for (int g = g0; g < g1; g++)
                w += p->runs[r].glyphs->glyphs[g].geometry.width;
            c->run = r;
            c->g0 = g0;
            c->g1 = g1;
            c->b0 = it.start_index;
            c->b1 = it.end_index;
            c->c0 = chars;
            chars += it.end_char - it.start_char;
            c->width = w;
            c->em = em;
            utf8_decode((const unsigned char *)buf + c->b0, (size_t)(c->b1 - c->b0), &c->first);
            int k = c->b1 - 1;
            while (k > c->b0 && ((unsigned char)buf[k] & 0xC0) == 0x80)
                k--;
            utf8_decode((const unsigned char *)buf + k, (size_t)(c->b1 - k), &c->last);
            c->space = !p->text->code && c->b1 - c->b0 == 1 && buf[c->b0] == ' ';
            c->ruby = -1;
            /* superscripts (note references) sit close: no spacing rules */
            classify(c, p->text->code || p->text->spans[p->runs[r].span].style->rise > 0);
        }
    }
    *count = n;
    return cl;
}

/* --- ruby (JLREQ §3.3): readings at half size above their base --- */

typedef struct RubyBox {
    int c0, c1;                            /* base clusters [c0, c1) */
    const Line *reading;                   /* the reading, set on one line */
    Unit pad_l, pad_r;                     /* space added beside the base */
} RubyBox;

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
    *r = (RubyBox){c0, c1, ln, 0, 0};
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

/* The glue between two clusters, in Units of the smaller em. */
static Item
junction_glue(const Cluster *a, const Cluster *b)
{
    Unit em = a->em < b->em ? a->em : b->em;
    JpGlue j = jp_glue_between((JpSpacing)a->sp, (JpClass)a->jc, (JpSpacing)b->sp,
                               (JpClass)b->jc);
    Item g = glue((Unit)((int64_t)em * j.width / 1000), (Unit)((int64_t)em * j.stretch / 1000),
                  (Unit)((int64_t)em * j.shrink / 1000), -1);
    g.shrink_prio = (uint8_t)j.shrink_prio;
    g.stretch_prio = (uint8_t)j.stretch_prio;
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

static void
make_items(const Para *p, const Cluster *cl, int n, Unit indent, bool emergency, Items *out)
{
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
            } else {
                int pen = junction_penalty(p, a, c, emergency);
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
                } else if (pen < PENALTY_INF && p->bracket_half && c->sp == JP_SP_OPEN) {
                    /* the break comes before the bracket's half em, which
                     * stays at the start of the next line */
                    push(out, pen ? penalty(pen) : glue(0, 0, 0, -1));
                    push(out, box(0, -1));
                    push(out, g);
                } else if (has_glue) {
                    if (pen != 0)
                        push(out, penalty(pen));
                    push(out, g);
                } else if (pen < PENALTY_INF) {
                    Item x = penalty(pen);
                    x.flagged = hyphen_like(a->last);
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

/* The breaks of the paragraph (item indices, the last at the end); sets
 * *emergency when words had to be broken. warn: say so where a line is
 * still wider than the measure (else the caller checks the lines it keeps). */
static int
break_lines(Doc *doc, Para *p, const Cluster *cl, int n, Unit width, Unit indent, bool justify,
            SrcPos pos, bool warn, Items *it, int **breaks_out, bool *emergency)
{
    *emergency = false;
    LineBefore before = p->goes_on ? p->before : (LineBefore){1, false};
    make_items(p, cl, n, indent, false, it);
    int *breaks = xmalloc(sizeof(int) * (size_t)(it->n + 1));
    int count = -1;
    if (justify) {
        /* a good fit; else a looser one, before any word is broken */
        count = linebreak_total_fit_after(it->v, it->n, width, TOLERANCE_1, before, breaks);
        if (count < 0)
            count = linebreak_total_fit_after(it->v, it->n, width, TOLERANCE_2, before, breaks);
    } else {
        count = linebreak_first_fit(it->v, it->n, width, breaks);
        if (widest(it, breaks, count) > width)
            count = -1;
    }
    if (count < 0) {
        /* emergency: also break inside words and URLs */
        *emergency = true;
        make_items(p, cl, n, indent, true, it);
        breaks = xrealloc(breaks, sizeof(int) * (size_t)(it->n + 1));
        count = justify ? linebreak_total_fit_after(it->v, it->n, width, TOLERANCE_2, before,
                                                    breaks)
                        : -1;
        if (count < 0)
            count = linebreak_first_fit(it->v, it->n, width, breaks);
        Unit over = widest(it, breaks, count) - width;
        if (over > 0 && warn && !doc->measuring)
            diag_warn(doc, pos, "a line is wider than the measure by %.1f pt",
                      pt_from_unit(over));
    }
    *breaks_out = breaks;
    return count;
}

/* --- make_lines --- */

typedef struct Builder {
    Doc *doc;
    Para *para;
    const Cluster *cl;
    Run *runs;
    int n_runs, cap_runs;
    PangoGlyphInfo *glyphs;                /* glyphs of the current line */
    int *logs;
    int n_glyphs, cap_glyphs;
    int run_start;                         /* first glyph of the current run */
    int cur_run, cur_span;                 /* Para run / span of the current Run, -1 none */
    Unit x;                                /* pen position */
} Builder;

_Static_assert(GLYPH_EMPTY == PANGO_GLYPH_EMPTY && GLYPH_UNKNOWN_FLAG == PANGO_GLYPH_UNKNOWN_FLAG,
               "doc.h's glyph constants are Pango's");

static void
close_run(Builder *b)
{
    if (b->cur_run < 0)
        return;
    Run *r = &b->runs[b->n_runs - 1];
    int n = b->n_glyphs - b->run_start;
    r->n_glyphs = n;
    /* the glyphs; offsets and clusters after them unless the run is plain
     * (no offsets, one glyph per character, in order) */
    const PangoGlyphInfo *in = b->glyphs + b->run_start;
    const int *logs = b->logs + b->run_start;
    const unsigned char *text = (const unsigned char *)b->para->text->buf;
    bool plain = true;
    int next = r->offset;                  /* where the next plain cluster starts */
    for (int i = 0; i < n && plain; i++) {
        plain = in[i].geometry.x_offset == 0 && in[i].geometry.y_offset == 0 && logs[i] == next;
        next += utf8_lead_len(text[next]);
    }
    plain = plain && next == r->offset + r->length;
    /* one word a glyph if every id and advance fits (doc.h) */
    bool wide = false;
    for (int i = 0; i < n && !wide; i++)
        wide = (in[i].glyph >= 0xFFFF && in[i].glyph != PANGO_GLYPH_EMPTY)
               || in[i].geometry.width < INT16_MIN || in[i].geometry.width > INT16_MAX;
    int words = wide ? 2 : 1;
    uint32_t *g = arena_alloc(b->para->out,
                              (size_t)(words + (plain ? 0 : 3)) * sizeof(uint32_t) * (size_t)n);
    int32_t *more = plain ? NULL : (int32_t *)(void *)(g + words * n);
    Unit w = 0;
    for (int i = 0; i < n; i++) {
        uint32_t id = in[i].glyph;
        int32_t adv = in[i].geometry.width;
        if (wide) {
            g[2 * i] = id;
            g[2 * i + 1] = (uint32_t)adv;
        } else {
            g[i] = (id == PANGO_GLYPH_EMPTY ? 0xFFFFu : id) | (uint32_t)(uint16_t)adv << 16;
        }
        if (more) {
            more[i] = in[i].geometry.x_offset;
            more[n + i] = in[i].geometry.y_offset;
            more[2 * n + i] = logs[i] - r->offset;
        }
        w += in[i].geometry.width;
    }
    r->glyphs = g;
    r->wide = wide;
    r->plain = plain;
    r->width = w;
    b->cur_run = -1;
}

static void
add_cluster(Builder *b, const Cluster *c, Unit advance)
{
    const Shaped *s = &b->para->runs[c->run];
    /* a run goes on across Pango items (a Latin word in Japanese text) while
     * the font, the span and the text go on, left to right: half as many
     * runs, each one show for cairo */
    const Run *open = b->cur_run >= 0 ? &b->runs[b->n_runs - 1] : NULL;
    bool goes_on = open && b->cur_span == s->span && open->font == s->font
                   && c->b0 == open->offset + open->length
                   && (b->cur_run == c->run
                       || (b->para->runs[b->cur_run].item->analysis.level % 2 == 0
                           && s->item->analysis.level % 2 == 0));
    if (!goes_on) {
        close_run(b);
        if (b->n_runs == b->cap_runs) {
            b->cap_runs = b->cap_runs ? b->cap_runs * 2 : 8;
            b->runs = xrealloc(b->runs, (size_t)b->cap_runs * sizeof(Run));
        }
        const Span *sp = &b->para->text->spans[s->span];
        b->runs[b->n_runs++] = (Run){
            .font = s->font, .span = b->para->run_spans[s->span], .offset = c->b0,
            .length = 0, .x = b->x, .starts_span = sp->start == c->b0};
        b->cur_run = c->run;
        b->cur_span = s->span;
        b->run_start = b->n_glyphs;
    }
    Run *r = &b->runs[b->n_runs - 1];
    r->length = c->b1 - r->offset;
    int ng = c->g1 - c->g0;
    if (b->n_glyphs + ng > b->cap_glyphs) {
        while (b->n_glyphs + ng > b->cap_glyphs)
            b->cap_glyphs = b->cap_glyphs ? b->cap_glyphs * 2 : 128;
        b->glyphs = xrealloc(b->glyphs, (size_t)b->cap_glyphs * sizeof(PangoGlyphInfo));
        b->logs = xrealloc(b->logs, (size_t)b->cap_glyphs * sizeof(int));
    }
    const PangoGlyphString *g = s->glyphs;
    for (int i = c->g0; i < c->g1; i++) {
        b->glyphs[b->n_glyphs] = g->glyphs[i];
        b->glyphs[b->n_glyphs].geometry.x_offset += c->dx;
        b->logs[b->n_glyphs] = g->log_clusters[i] + s->item->offset;
        b->n_glyphs++;
    }
    /* the cluster's advance goes on its last glyph */
    b->glyphs[b->n_glyphs - 1].geometry.width += advance - c->width;
    b->x += advance;
}

static void
add_space(Builder *b, Unit w)
{
    if (b->cur_run >= 0 && b->n_glyphs > b->run_start)
        b->glyphs[b->n_glyphs - 1].geometry.width += w;
    b->x += w;
}

/* Append the readings of the ruby boxes whose base starts on this line,
 * centred over their base; drawn as outlines, so text extraction gives the
 * base alone. xs[c]: x of cluster c's box on this line. */
static void
add_ruby_runs(Builder *b, const Cluster *cl, const Unit *xs, int first, int last)
{
    const Para *p = b->para;
    for (int k = 0; k < p->n_rb; k++) {
        const RubyBox *r = &p->rb[k];
        if (r->c0 < first || r->c0 > last || r->c1 - 1 > last)
            continue;
        Unit left = xs[r->c0], right = xs[r->c1 - 1] + cl[r->c1 - 1].box;
        Unit x = (left + right) / 2 - r->reading->natural / 2;
        for (int i = 0; i < r->reading->n_runs; i++) {
            if (b->n_runs == b->cap_runs) {
                b->cap_runs = b->cap_runs ? b->cap_runs * 2 : 8;
                b->runs = xrealloc(b->runs, (size_t)b->cap_runs * sizeof(Run));
            }
            Run run = r->reading->runs[i];
            RunSpan *rs = arena_memdup(b->para->out, run.span, sizeof(RunSpan));
            rs->href = NULL;
            rs->text = r->reading->text;
            run.span = rs;
            run.x += x;
            run.outline = true;
            b->runs[b->n_runs++] = run;
        }
    }
}

/* The first `count` lines of the break set, into lines[] (zeroed, room for
 * count); their runs and glyphs in p->out. */
static void
make_lines(Doc *doc, Para *p, const Cluster *cl, int n_cl, const Items *it, const int *breaks,
           int count, Unit width, const Style *bstyle, Line *lines)
{
    Unit *glue_w = xmalloc(sizeof(Unit) * (size_t)(it->n + 1));
    Unit *xs = p->n_rb ? xmalloc(sizeof(Unit) * (size_t)n_cl) : NULL;
    Builder b = {.doc = doc, .para = p, .cl = cl};
    for (int k = 0, s = 0; k < count; k++) {
        int brk = breaks[k];
        bool has_fil = false;
        for (int i = s; i < brk; i++)
            if (it->v[i].type == ITEM_GLUE && it->v[i].stretch >= STRETCH_FIL)
                has_fil = true;
        Unit natural, y, z;
        linebreak_measure(it->v, s, brk, &natural, &y, &z);
        /* a last line is set at its natural width unless that is too wide:
         * the breaker chose it counting on its shrink */
        bool justify = !p->text->code && ((bstyle->align == ALIGN_JUSTIFY && !has_fil)
                                          || natural > width);
        Unit set = linebreak_set_glue(it->v, s, brk, width, justify, glue_w);
        Line *ln = &lines[k];
        b.n_runs = 0;
        b.cap_runs = 0;
        b.runs = NULL;
        b.n_glyphs = 0;
        b.cur_run = b.cur_span = -1;
        b.x = 0;
        /* content width without fillers */
        Unit content = 0;
        for (int i = s; i < brk; i++)
            if (!(it->v[i].type == ITEM_GLUE && it->v[i].stretch >= STRETCH_FIL))
                content += it->v[i].type == ITEM_GLUE ? glue_w[i - s]
                           : it->v[i].type == ITEM_BOX ? it->v[i].width : 0;
        if (justify)
            content = set;
        if (bstyle->align == ALIGN_CENTER && content < width)
            b.x = (width - content) / 2;
        else if (bstyle->align == ALIGN_RIGHT && content < width)
            b.x = width - content;
        int first_b = -1, last_b = -1, first_c = -1, last_c = -1;
        for (int i = s; i < brk; i++) {
            const Item *x = &it->v[i];
            if (x->type == ITEM_PENALTY)
                continue;
            if (x->type == ITEM_GLUE && x->stretch >= STRETCH_FIL)
                continue;
            if (x->cluster < 0) {
                add_space(&b, x->type == ITEM_GLUE ? glue_w[i - s] : x->width);
                continue;
            }
            const Cluster *c = &cl[x->cluster];
            if (xs)
                xs[x->cluster] = b.x;
            add_cluster(&b, c, x->type == ITEM_GLUE ? glue_w[i - s] : x->width);
            if (first_b < 0) {
                first_b = c->b0;
                first_c = x->cluster;
            }
            last_b = c->b1;
            last_c = x->cluster;
        }
        close_run(&b);
        if (xs && first_c >= 0)
            add_ruby_runs(&b, cl, xs, first_c, last_c);
        Unit asc = 0, desc = 0;
        for (int r = 0; r < b.n_runs; r++) {
            Unit a = b.runs[r].span->style->size * 88 / 100 + b.runs[r].span->style->rise;
            Unit d = b.runs[r].span->style->size * 12 / 100;
            asc = a > asc ? a : asc;
            desc = d > desc ? d : desc;
        }
        if (b.n_runs == 0) {
            asc = bstyle->size * 88 / 100;
            desc = bstyle->size * 12 / 100;
        }
        ln->text = "";                     /* (set by the caller) */
        ln->start = first_b < 0 ? 0 : first_b;
        ln->len = first_b < 0 ? 0 : last_b - first_b;
        ln->width = content;
        ln->natural = natural;
        ln->ascent = asc;
        ln->descent = desc;
        ln->runs = b.n_runs ? arena_memdup(p->out, b.runs, sizeof(Run) * (size_t)b.n_runs)
                            : NULL;
        ln->n_runs = b.n_runs;
        ln->justified = justify && set == width;
        free(b.runs);
        s = linebreak_next_start(it->v, it->n, brk);
    }
    free(b.glyphs);
    free(b.logs);
    free(glue_w);
    free(xs);
}

/* The shaping of a paragraph (or window): glyphs, items, ruby boxes and
 * break attributes. */
static void
para_release(Para *p)
{
    for (int r = 0; r < p->n_runs; r++) {
        pango_glyph_string_free(p->runs[r].glyphs);
        pango_item_free(p->runs[r].item);
    }
    free(p->runs);
    free(p->rb);
    g_free(p->attrs);
    p->runs = NULL;
    p->n_runs = 0;
    p->rb = NULL;
    p->n_rb = 0;
    p->attrs = NULL;
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
layout_windows(Para *whole, Unit width, Unit indent, bool justify, const Style *bstyle,
               SrcPos pos, Line **out)
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
        Cluster *cl = make_clusters(&p, &n);
        prepare_ruby(&p, cl, n);
        Items it = {0};
        int *breaks;
        bool emergency;
        int count = break_lines(doc, &p, cl, n, width, w.w0 == 0 ? indent : 0, justify, pos,
                                false, &it, &breaks, &emergency);
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
        make_lines(doc, &p, cl, n, &it, breaks, keep, width, bstyle, lines);
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
        para_release(&p);
        free(rspans);
        free(span_of);
        text_free(&wt);
        w.w0 = next;
    }
    if (over > 0 && !doc->measuring)
        diag_warn(doc, pos, "a line is wider than the measure by %.1f pt", pt_from_unit(over));
    *out = arena_memdup(whole->out, all, sizeof(Line) * (size_t)n_all);
    free(all);
    return n_all;
}

/* --- entry points --- */

static bool depends_on_labels(const Node *n);

/* --- shaping ahead, on a second thread --- */

/* Shaping (HarfBuzz through Pango) and Pango's break attributes are half of
 * a paragraph's layout, and they need only the paragraph's text and items.
 * So, where there is a second processor, each block laid out sends the next
 * few blocks of the document (in document order) ahead: this thread
 * flattens and itemizes them (font lookups stay here), a worker shapes
 * them, and their layout later takes the result. What comes out is what
 * shaping here would give (the same calls on the same text: tests/pdf
 * compares the PDFs made on one thread and on four). Blocks whose text
 * shows page labels are not sent ahead (they change from pass to pass). */
typedef struct Prepared {
    Text t;
    Shaped *runs;
    int n_runs, n_chars;
    PangoLogAttr *attrs;
    int order;                             /* the block's place in the document */
    bool done;                             /* shaped (under Prep.lock) */
} Prepared;

typedef struct Prep Prep;

struct Prep {
    GThread *thread;
    GAsyncQueue *queue;                    /* Prepared to shape; the Prep itself: stop */
    GMutex lock;
    GCond shaped;
    GHashTable *ahead;                     /* block -> Prepared, sent, not yet taken */
    GHashTable *order;                     /* inline block -> its place in the document */
    GHashTable *laid;                      /* blocks laid out already */
    const Node *cursor;                    /* the last block sent ahead */
    int cursor_order;
    int n_sent, n_taken, n_here;           /* blocks sent ahead, taken, shaped here */
};

/* Blocks sent ahead at most; (the slack behind the layout is dropped) */
#define PREP_AHEAD 8

static bool
is_inline_block(const Node *n)
{
    return n->type == NODE_PARAGRAPH || n->type == NODE_HEADING || n->type == NODE_CELL
           || n->type == NODE_TITLE_LINE;
}

/* The next node in document order after n's subtree. */
static const Node *
after(const Node *n)
{
    for (; n; n = n->parent)
        if (n->next)
            return n->next;
    return NULL;
}

/* The next inline block after `n` in document order (n's own inline
 * content is not entered). */
static const Node *
next_inline_block(const Node *n)
{
    const Node *c = is_inline_block(n) ? after(n) : n->first ? n->first : after(n);
    while (c && !is_inline_block(c))
        c = c->first ? c->first : after(c);
    return c;
}

static gpointer
prep_thread(gpointer data)
{
    Prep *pp = data;
    for (;;) {
        Prepared *pr = g_async_queue_pop(pp->queue);
        if ((void *)pr == (void *)pp)
            return NULL;
        shape_items(&pr->t, pr->runs, pr->n_runs, pr->n_chars, &pr->attrs);
        g_mutex_lock(&pp->lock);
        pr->done = true;
        g_cond_broadcast(&pp->shaped);
        g_mutex_unlock(&pp->lock);
    }
}

static void
prepared_free(Prepared *pr)
{
    for (int r = 0; r < pr->n_runs; r++) {
        if (pr->runs[r].glyphs)
            pango_glyph_string_free(pr->runs[r].glyphs);
        pango_item_free(pr->runs[r].item);
    }
    free(pr->runs);
    g_free(pr->attrs);
    text_free(&pr->t);
    g_free(pr);
}

/* The Prep's tables, queue and locks, and the Prep (its thread joined). */
static void
prep_release(Prep *pp)
{
    g_hash_table_destroy(pp->ahead);
    g_hash_table_destroy(pp->order);
    g_hash_table_destroy(pp->laid);
    g_async_queue_unref(pp->queue);
    g_mutex_clear(&pp->lock);
    g_cond_clear(&pp->shaped);
    g_free(pp);
}

static void
prep_stop(Doc *doc)
{
    Prep *pp = doc->prep;
    if (!pp)
        return;
    if (doc->opt && doc->opt->verbose >= 2)
        fprintf(stderr, "kumihan: shaping ahead: %d of %d blocks shaped on a second thread "
                "(%d sent ahead and not used)\n", pp->n_taken, pp->n_taken + pp->n_here,
                pp->n_sent - pp->n_taken);
    g_async_queue_push(pp->queue, pp);
    g_thread_join(pp->thread);
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, pp->ahead);
    while (g_hash_table_iter_next(&it, &k, &v))
        prepared_free(v);
    prep_release(pp);
    doc->prep = NULL;
    doc->prep_stop = NULL;
}

/* The document's Prep, made on first use: NULL on one processor. */
static Prep *
prep_of(Doc *doc)
{
    static int off = -1;
    if (off < 0)
        off = getenv("KUMIHAN_NO_SHAPE_AHEAD") != NULL;
    if (doc->prep || off || !doc->shape_ahead || doc_threads() < 2 || !doc->root)
        return doc->prep;
    Prep *pp = g_new0(Prep, 1);
    pp->queue = g_async_queue_new();
    g_mutex_init(&pp->lock);
    g_cond_init(&pp->shaped);
    pp->ahead = g_hash_table_new(g_direct_hash, g_direct_equal);
    pp->order = g_hash_table_new(g_direct_hash, g_direct_equal);
    pp->laid = g_hash_table_new(g_direct_hash, g_direct_equal);
    int k = 0;
    for (const Node *n = next_inline_block(doc->root); n; n = next_inline_block(n))
        g_hash_table_insert(pp->order, (gpointer)n, GINT_TO_POINTER(++k));
    pp->thread = g_thread_try_new("kumihan-shape", prep_thread, pp, NULL);
    if (!pp->thread) {
        prep_release(pp);
        return NULL;
    }
    doc->prep = pp;
    doc->prep_stop = prep_stop;
    return pp;
}

/* The block's shaping if it was sent ahead (waiting for the worker),
 * else NULL. The caller owns what it gets. */
static Prepared *
prep_take(Prep *pp, const Node *block)
{
    g_hash_table_add(pp->laid, (gpointer)block);
    Prepared *pr = g_hash_table_lookup(pp->ahead, block);
    if (!pr) {
        pp->n_here++;
        return NULL;
    }
    pp->n_taken++;
    g_hash_table_remove(pp->ahead, block);
    g_mutex_lock(&pp->lock);
    while (!pr->done)
        g_cond_wait(&pp->shaped, &pp->lock);
    g_mutex_unlock(&pp->lock);
    return pr;
}

/* Send the blocks after `block` ahead, up to PREP_AHEAD of them. */
static void
prep_ahead(Doc *doc, Prep *pp, const Node *block)
{
    int at = GPOINTER_TO_INT(g_hash_table_lookup(pp->order, block));
    if (!at)
        return;                            /* (not an inline block of this document) */
    /* what was sent for blocks the layout has passed by is dropped */
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, pp->ahead);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        Prepared *old = v;
        if (old->order < at) {
            g_mutex_lock(&pp->lock);
            while (!old->done)
                g_cond_wait(&pp->shaped, &pp->lock);
            g_mutex_unlock(&pp->lock);
            g_hash_table_iter_remove(&it);
            prepared_free(old);
        }
    }
    if (at > pp->cursor_order) {
        pp->cursor = block;
        pp->cursor_order = at;
    }
    while (g_hash_table_size(pp->ahead) < PREP_AHEAD) {
        const Node *n = next_inline_block(pp->cursor);
        if (!n)
            return;
        pp->cursor = n;
        pp->cursor_order = GPOINTER_TO_INT(g_hash_table_lookup(pp->order, n));
        if (g_hash_table_contains(pp->laid, n) || depends_on_labels(n)
            || (doc->line_cache && g_hash_table_contains(doc->line_cache, n)))
            continue;
        Prepared *pr = g_new0(Prepared, 1);
        pr->order = pp->cursor_order;
        flatten(doc, n, &pr->t);
        if (pr->t.len == 0 || pr->t.len > LIMIT_PARAGRAPH_BYTES) {
            /* (a huge paragraph is shaped in windows as it is laid out) */
            text_free(&pr->t);
            g_free(pr);
            continue;
        }
        Para tmp = {.doc = doc, .text = &pr->t};
        itemize_runs(&tmp);
        pr->runs = tmp.runs;
        pr->n_runs = tmp.n_runs;
        pr->n_chars = tmp.n_chars;
        g_hash_table_insert(pp->ahead, (gpointer)n, pr);
        pp->n_sent++;
        g_async_queue_push(pp->queue, pr);
    }
}

static int
layout(Doc *doc, Arena *out, Text *t, const Prepared *pr, Unit width, Unit indent,
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
    const Options *o = doc->opt;
    /* a span with no link and no destination shares the report's one RunSpan
     * of its style (900 pages: 41,000 spans, a few dozen styles) */
    const RunSpan **rspans = xmalloc(sizeof(RunSpan *) * (size_t)t->n_spans);
    for (int i = 0; i < t->n_spans; i++) {
        RunSpan s = {t->spans[i].style, t->spans[i].href, t->spans[i].dest, NULL};
        RunSpan *shared = NULL;
        if (doc->plain_spans && !s.href && !s.dest) {
            shared = g_hash_table_lookup(doc->plain_spans, s.style);
            if (!shared) {
                shared = arena_memdup(doc->arena, &s, sizeof s);
                g_hash_table_insert(doc->plain_spans, (gpointer)s.style, shared);
            }
        }
        rspans[i] = shared ? shared : arena_memdup(out, &s, sizeof s);
    }
    Para p = {.doc = doc, .text = t, .run_spans = rspans, .out = out,
              .level = o ? (JpLevel)o->line_break : JP_STRICT,
              .hanging = o && o->hanging, .bracket_half = o && o->bracket_half};
    bool justify = bstyle->align == ALIGN_JUSTIFY && !t->code;
    int count;
    Line *lines;
    if (!pr && t->len > LIMIT_PARAGRAPH_BYTES) {
        count = layout_windows(&p, width, indent, justify, bstyle, pos, &lines);
    } else {
        if (pr) {                          /* shaped ahead (Prep) */
            p.runs = pr->runs;
            p.n_runs = pr->n_runs;
            p.n_chars = pr->n_chars;
            p.attrs = pr->attrs;
        } else {
            itemize_runs(&p);
            shape_items(t, p.runs, p.n_runs, p.n_chars, &p.attrs);
        }
        int n;
        Cluster *cl = make_clusters(&p, &n);
        prepare_ruby(&p, cl, n);
        Items it = {0};
        int *breaks;
        bool emergency;
        count = break_lines(doc, &p, cl, n, width, indent, justify, pos, true, &it, &breaks,
                            &emergency);
        lines = arena_zalloc(out, sizeof(Line) * (size_t)count);
        make_lines(doc, &p, cl, n, &it, breaks, count, width, bstyle, lines);
        free(breaks);
        free(it.v);
        free(cl);
        para_release(&p);
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
    bool cacheable = doc->line_cache && !depends_on_labels(block);
    if (cacheable) {
        c = g_hash_table_lookup(doc->line_cache, block);
        if (c && c->width == width && c->indent == indent) {
            *out = c->lines;
            return c->n;
        }
    }
    Prep *pp = prep_of(doc);
    Prepared *pr = pp ? prep_take(pp, block) : NULL;
    Text t = {0};
    if (pr)
        t = pr->t;
    else
        flatten(doc, block, &t);
    int n = layout(doc, doc->arena, &t, pr, width, indent, block->style, block->pos, out);
    text_free(&t);
    g_free(pr);
    if (pp)
        prep_ahead(doc, pp, block);
    if (cacheable) {
        if (!c) {
            c = g_new(Cached, 1);          /* (the cache owns it: gone after the layout) */
            g_hash_table_insert(doc->line_cache, (gpointer)block, c);
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
    int n = layout(doc, arena, &t, NULL, width, 0, style, pos, out);
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
