/*
 * itemize.c: the text of a paragraph into Pango items, each cut at its
 * spans and given its font (itemize_runs). Japanese is set solid on the em
 * grid (no pair kerning: a "kern 0" attribute over its runs), and items of
 * the Japanese scripts that agree in everything else are merged into one
 * (one HarfBuzz call instead of one per script run).
 *
 * For the usual text kumihan makes the items itself, as pango_itemize
 * would (itemize_plain): one wherever a span, a kern range or a script run
 * begins or ends. Text with right-to-left scripts, bidi controls, emoji or
 * a character its span's font lacks goes through pango_itemize.
 * KUMIHAN_CHECK_ITEMS=1 compares the two on every paragraph (tests/layout);
 * KUMIHAN_PANGO_ITEMIZE=1 always uses Pango's.
 * measured: 4.9 ms of 17.6 ms of layout on the report (median of 41 paired
 * runs, 2026-12-07: `kumihan -vv` stage times, release build, alternating
 * with KUMIHAN_PANGO_ITEMIZE=1; slower without it in 29 of 41 pairs, and
 * by 4.2 ms and 3.5 ms in two more series of 31 and 41); 20 M of 929 M
 * instructions (callgrind, one thread). The report's wall time (about
 * 180 ms on the shared machine) varies more than that between runs; on (b)
 * it is 83 ms of 163 ms of layout (11 paired runs).
 */
#include "inline_impl.h"

#include <glib.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "fonts.h"
#include "layout_impl.h"
#include "style.h"
#include "utf8.h"
#include "vertical.h"

/* --- fonts, and Japanese items merged --- */

/* A run's font, with a reference the Doc keeps (the runs outlive their
 * Pango items, which go with the paragraph's layout). */
static PangoFont *
keep_font(Doc *doc, PangoFont *font)
{
    Layout *lay = layout_state(doc);
    if (!lay->fonts_kept)
        lay->fonts_kept = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
                                                g_object_unref);
    if (font && !g_hash_table_contains(lay->fonts_kept, font))
        g_hash_table_insert(lay->fonts_kept, font, g_object_ref(font));
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

/* A range of features ("kern 0": Japanese; in vertical text how it stands,
 * vertical.h), which an item never crosses. */
typedef struct Range { int start, end; PangoAttribute *attr; uint8_t orient; } Range;

/* A stretch of the text in one font description: a span, or the part of
 * a span set in the Latin face of a 和欧混植 pair or in its Japanese one. */
typedef struct FontRange {
    int start, end;                        /* bytes */
    const PangoFontDescription *desc;
    PangoFont *font;                       /* its primary font (fonts_primary) */
    bool latin;                            /* the Latin face of a pair */
    Unit shift;                            /* baseline raised: the Latin face's */
} FontRange;
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

/* The items pango_itemize() makes of t with the font ranges and the
 * "kern 0" ranges: an item wherever a font range, a kern range or a script
 * run begins or ends (Pango starts one at every such change), each in its
 * range's first font, level 0, the language Pango derives from ja and the
 * script. NULL when the text needs Pango's own itemizer (see needs_pango, a
 * character the range's font lacks, ranges that do not cover the text). */
static GList *
itemize_plain(Doc *doc, const Text *t, const FontRange *fr, int n_fr, const Range *kern,
              int n_kern)
{
    if (t->len == 0 || n_fr == 0 || fr[0].start != 0 || fr[n_fr - 1].end != t->len)
        return NULL;
    for (int i = 0; i + 1 < n_fr; i++)
        if (fr[i].end != fr[i + 1].start)
            return NULL;
    int span = 0;
    for (int i = 0; i < t->len;) {
        uint32_t cp;
        int k = utf8_decode((const unsigned char *)t->buf + i, (size_t)(t->len - i), &cp);
        while (fr[span].end <= i)
            span++;
        if (needs_pango(cp) || !fr[span].font
            || !fonts_primary_has(doc->fonts, fr[span].desc, cp))
            return NULL;
        i += k;
    }
    GArray *cuts = g_array_new(FALSE, FALSE, sizeof(int));
    for (int i = 0; i < n_fr; i++)
        add_cut(cuts, fr[i].start);
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
        while (fr[span].end <= a)
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
        it->analysis.font = g_object_ref(fr[span].font);
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

/* --- emoji presentation --- */

/* The emoji modifier bases that are text by default (Unicode 15 emoji-data:
 * Emoji_Modifier_Base, not Emoji_Presentation): ☝ ⛹ ✌ ✍ 🏋 🏌 🕴 🕵 🖐. */
static bool
text_default_base(uint32_t cp)
{
    return cp == 0x261D || cp == 0x26F9 || cp == 0x270C || cp == 0x270D || cp == 0x1F3CB
           || cp == 0x1F3CC || cp == 0x1F574 || cp == 0x1F575 || cp == 0x1F590;
}

/* Pango's emoji iterator sets those bases in emoji presentation even alone
 * (☝ from the CJK face before the emoji font came, in colour after). UTS
 * #51, and everything else here, sets them as text unless U+FE0F, a skin
 * tone modifier or a joiner follows: such a character alone in an item of
 * the emoji font goes back to the font its span's fonts give it in text, if
 * one has it (fonts_text_font). */
static GList *
text_presentation(Doc *doc, const Text *t, const FontRange *fr, int n_fr, GList *items)
{
    GList *out = NULL;
    int span = 0;
    for (GList *l = items; l; l = l->next) {
        PangoItem *item = l->data;
        while (span + 1 < n_fr && fr[span].end <= item->offset)
            span++;
        PangoFont *font = item->analysis.font;
        if (!font || fonts_em_sized(doc->fonts, font) == font) {
            out = g_list_prepend(out, item);
            continue;
        }
        for (int i = item->offset; item && i < item->offset + item->length;) {
            uint32_t cp, next = 0;
            int k = utf8_decode((const unsigned char *)t->buf + i, (size_t)(t->len - i), &cp);
            if (i + k < t->len)
                utf8_decode((const unsigned char *)t->buf + i + k, (size_t)(t->len - i - k), &next);
            PangoFont *text = text_default_base(cp) && next != 0xFE0F && next != 0x200D
                              && !(next >= 0x1F3FB && next <= 0x1F3FF)
                              ? fonts_text_font(doc->fonts, fr[span].desc, cp) : NULL;
            if (!text) {
                i += k;
                continue;
            }
            if (i > item->offset) {
                int before = (int)utf8_count(t->buf + item->offset, (size_t)(i - item->offset));
                out = g_list_prepend(out, pango_item_split(item, i - item->offset, before));
            }
            PangoItem *alone = item->length > k ? pango_item_split(item, k, 1) : item;
            if (alone == item)
                item = NULL;
            g_object_unref(alone->analysis.font);
            alone->analysis.font = text;
            out = g_list_prepend(out, alone);
            i += k;
        }
        if (item)
            out = g_list_prepend(out, item);
    }
    g_list_free(items);
    return g_list_reverse(out);
}

static void
free_items(GList *items)
{
    g_list_free_full(items, (GDestroyNotify)pango_item_free);
}

/* --- the items of a paragraph --- */

/* The font ranges of t: its spans, each cut where a role paired with a
 * Latin family (Theme.latin) goes from Japanese to Latin text and back
 * (jp_pair_faces). A Latin range asks for "Latin, Japanese" (a character
 * the Latin font lacks falls back to the Japanese one) at the theme's
 * latin_scale of the size, raised by its latin_shift. (free()) */
static FontRange *
font_ranges(Doc *doc, const Text *t, int *count)
{
    const Theme *th = doc->theme;
    bool paired = false;
    for (int i = 0; i < t->n_spans && !paired; i++) {
        const char *lat = th->latin[t->spans[i].style->font];
        paired = lat && *lat;
    }
    uint32_t *cps = NULL;
    bool *latin = NULL;
    int *char_at = NULL;                   /* byte -> character index */
    if (paired) {
        cps = xmalloc(sizeof(uint32_t) * (size_t)(t->len + 1));
        char_at = xmalloc(sizeof(int) * (size_t)(t->len + 1));
        int n = 0;
        for (int i = 0; i < t->len;) {
            int k = utf8_decode((const unsigned char *)t->buf + i, (size_t)(t->len - i), &cps[n]);
            for (int b = 0; b < k; b++)
                char_at[i + b] = n;
            n++;
            i += k;
        }
        latin = xmalloc(sizeof(bool) * (size_t)(n + 1));
        jp_pair_faces(cps, n, latin);
    }
    int cap = t->n_spans + 1, n_fr = 0;
    FontRange *fr = xmalloc(sizeof(FontRange) * (size_t)cap);
    for (int i = 0; i < t->n_spans; i++) {
        const Style *s = t->spans[i].style;
        const char *lat = th->latin[s->font] ? th->latin[s->font] : "";
        const PangoFontDescription *jdesc =
            fonts_describe(doc->fonts, th->family[s->font], s->weight, s->size);
        for (int a = t->spans[i].start; a < t->spans[i].end || a == t->spans[i].start;) {
            int b = t->spans[i].end;
            bool in_latin = false;
            if (*lat && a < b) {
                in_latin = latin[char_at[a]];
                int e = a;
                while (e < b && latin[char_at[e]] == in_latin)
                    e++;
                b = e;
            }
            if (n_fr == cap) {
                cap *= 2;
                fr = xrealloc(fr, sizeof(FontRange) * (size_t)cap);
            }
            FontRange *r = &fr[n_fr++];
            *r = (FontRange){a, b, jdesc, NULL, in_latin, 0};
            if (in_latin) {
                char *family = g_strdup_printf("%s,%s", lat, th->family[s->font]);
                r->desc = fonts_describe(doc->fonts, family, s->weight,
                                         (Unit)(s->size * th->latin_scale + 0.5));
                g_free(family);
                r->shift = th->latin_shift.len + (Unit)(th->latin_shift.em * s->size);
            }
            r->font = fonts_primary(doc->fonts, r->desc);
            if (b == a)
                break;                     /* (an empty span: one range, as before) */
            a = b;
        }
    }
    free(cps);
    free(latin);
    free(char_at);
    *count = n_fr;
    return fr;
}

/* Does a span set across by its markup (^12^: Span.tcy) start at byte i?
 * (*sp: the span to look from, moved on; i only grows) */
static bool
across_at(const Text *t, int *sp, int i)
{
    while (*sp + 1 < t->n_spans && t->spans[*sp].end <= i)
        (*sp)++;
    return t->n_spans && t->spans[*sp].tcy && t->spans[*sp].start == i;
}

void
itemize_runs(Para *p)
{
    Doc *doc = p->doc;
    Text *t = p->text;
    PangoAttrList *attrs = pango_attr_list_new();
    int n_fr = 0;
    FontRange *fr = font_ranges(doc, t, &n_fr);
    for (int i = 0; i < n_fr; i++) {
        PangoAttribute *a = pango_attr_font_desc_new(fr[i].desc);
        a->start_index = (guint)fr[i].start;
        a->end_index = (guint)fr[i].end;
        pango_attr_list_insert(attrs, a);
    }
    Range *kern = NULL;
    int n_kern = 0, cap_kern = 0;
    /* Japanese is set solid on the em grid (JLREQ): no pair kerning for it
     * (Noto CJK's kern feature tightens kana pairs such as ミュ). In
     * vertical text the same ranges are what stands upright, with the
     * fonts' vertical alternates, and tate-chu-yoko digits are ranges of
     * their own, in half- or third-width forms (vertical.h) */
    bool (*wide)(uint32_t) = p->vertical ? vert_upright : jp_is_wide;
    int sp = 0;
    for (int i = 0; i < t->len;) {
        uint32_t cp;
        int k = utf8_decode((const unsigned char *)t->buf + i, (size_t)(t->len - i), &cp);
        int start = i;
        const char *features = "kern 0";
        uint8_t orient = ORIENT_TCY;
        if (p->vertical && across_at(t, &sp, i)) {
            i = t->spans[sp].end;          /* (^12^: across, whatever it holds) */
            features = i - start <= 2 ? "kern 0, hwid 1" : "kern 0, twid 1";
        } else if (p->vertical && cp < 0x80 && vert_tcy_char((char)cp)) {
            bool digit = cp >= '0' && cp <= '9';
            int at = sp;                   /* (a run of digits ends where ^..^ starts) */
            do
                i++;
            while (i < t->len && vert_tcy_char(t->buf[i])
                   && (t->buf[i] >= '0' && t->buf[i] <= '9') == digit && !across_at(t, &at, i));
            if (!vert_tcy(t->buf, t->len, start, i, p->tcy_digits))
                continue;
            /* (half-width forms for two, third-width for three) */
            features = i - start <= 2 ? "kern 0, hwid 1" : "kern 0, twid 1";
        } else if (!wide(cp)) {
            i += k;
            continue;
        } else {
            while (i < t->len) {
                k = utf8_decode((const unsigned char *)t->buf + i, (size_t)(t->len - i), &cp);
                if (!wide(cp))
                    break;
                i += k;
            }
            if (p->vertical)
                features = "kern 0, vert 1";
            orient = p->vertical ? ORIENT_UPRIGHT : ORIENT_SIDEWAYS;
        }
        PangoAttribute *a = pango_attr_font_features_new(features);
        a->start_index = (guint)start;
        a->end_index = (guint)i;
        pango_attr_list_insert(attrs, a);
        if (n_kern == cap_kern) {
            cap_kern = cap_kern ? cap_kern * 2 : 16;
            kern = xrealloc(kern, sizeof(Range) * (size_t)cap_kern);
        }
        kern[n_kern++] = (Range){start, i, a, orient};
    }
    static gsize read_env;                 /* (once, for every thread) */
    static bool checking, pango_only;
    if (g_once_init_enter(&read_env)) {
        checking = getenv("KUMIHAN_CHECK_ITEMS") != NULL;
        pango_only = getenv("KUMIHAN_PANGO_ITEMIZE") != NULL;
        g_once_init_leave(&read_env, 1);
    }
    GList *items = pango_only ? NULL : itemize_plain(doc, t, fr, n_fr, kern, n_kern);
    if (checking && items) {
        GList *theirs = pango_itemize(doc->pango, t->buf, 0, t->len, attrs, NULL);
        check_items(t, items, theirs);
        free_items(theirs);
    }
    if (!items)
        items = text_presentation(doc, t, fr, n_fr,
                                  pango_itemize(doc->pango, t->buf, 0, t->len, attrs, NULL));
    items = merge_cjk_items(items);
    /* emoji one em wide, on the grid of the Japanese text (fonts.c) */
    for (GList *l = items; l; l = l->next) {
        PangoItem *item = l->data;
        PangoFont *font = item->analysis.font;
        PangoFont *sized = font ? fonts_em_sized(doc->fonts, font) : NULL;
        if (sized != font) {
            g_object_unref(font);
            item->analysis.font = g_object_ref(sized);
        }
    }
    pango_attr_list_unref(attrs);
    int n = 0, cap = 16;
    p->runs = xmalloc((size_t)cap * sizeof(Shaped));
    int span = 0, range = 0, kr = 0;
    for (GList *l = items; l; l = l->next) {
        PangoItem *item = l->data;
        while (item) {
            while (span + 1 < t->n_spans && t->spans[span].end <= item->offset)
                span++;
            while (range + 1 < n_fr && fr[range].end <= item->offset)
                range++;
            while (kr < n_kern && kern[kr].end <= item->offset)
                kr++;
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
            p->runs[n++] = (Shaped){piece, keep_font(doc, piece->analysis.font), NULL, span,
                                    fonts_is_emoji(doc->fonts, piece->analysis.font),
                                    fr[range].latin, fr[range].shift,
                                    p->vertical && kr < n_kern && kern[kr].start <= piece->offset
                                        ? kern[kr].orient : ORIENT_SIDEWAYS};
        }
    }
    g_list_free(items);
    free(kern);
    free(fr);
    p->n_runs = n;
    p->n_chars = (int)utf8_count(t->buf, (size_t)t->len);
}
