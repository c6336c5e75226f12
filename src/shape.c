/*
 * shape.c: a paragraph's items shaped (HarfBuzz through Pango:
 * pango_shape_with_flags) with Pango's break attributes, then cut into
 * glyph clusters, each classified for JLREQ spacing: its class
 * (jp_rules.c), its width as a box (half an em for brackets and
 * punctuation set half-width) and the shift of its glyphs in that box.
 *
 * A character no font has (Pango's unknown glyph) is drawn as its font's
 * .notdef box (draw.c), so it takes that glyph's advance, not the width of
 * the hex box Pango would draw (0.89 em in Noto CJK against a 1 em
 * .notdef: the box reached into the next glyph, and text extraction lost
 * the space after it). Each such character is remembered; once the
 * document is laid out, one warning lists them with the place of each in
 * the source (shape_warn_missing).
 */
#include "inline_impl.h"

#include <glib.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "i18n.h"
#include "inline.h"
#include "layout_impl.h"
#include "utf8.h"
#include "vertical.h"

/* --- shaping --- */

/* Vertical text (vertical.h): an upright run advances by its glyphs'
 * vertical metrics (vmtx: what the vertical alternates are drawn on); a
 * tate-chu-yoko run is one cluster an em long (draw.c sets its glyphs
 * across the line, centred, from their horizontal advances). */
static void
stand_up(const Text *t, const Shaped *run, PangoGlyphString *g, Unit em)
{
    hb_font_t *hbf = run->font ? pango_font_get_hb_font(run->font) : NULL;
    for (int k = 0; k < g->num_glyphs; k++) {
        PangoGlyphInfo *gi = &g->glyphs[k];
        uint32_t cp, as = 0;
        int at = run->item->offset + g->log_clusters[k];
        if (run->orient == ORIENT_UPRIGHT && (unsigned char)t->buf[at] == 0xE2
            && utf8_decode((const unsigned char *)t->buf + at, (size_t)(t->len - at), &cp) > 0)
            as = vert_quote(cp);
        if (as) {                          /* “ ” as 〝 〟, in their vertical form */
            char s[4];
            int n = g_unichar_to_utf8((gunichar)as, s);
            PangoGlyphString *q = pango_glyph_string_new();
            pango_shape_with_flags(s, n, s, n, &run->item->analysis, q, PANGO_SHAPE_NONE);
            if (q->num_glyphs == 1 && !(q->glyphs[0].glyph & PANGO_GLYPH_UNKNOWN_FLAG))
                gi->glyph = q->glyphs[0].glyph;
            pango_glyph_string_free(q);
        }
        if (run->orient == ORIENT_TCY) {
            g->log_clusters[k] = 0;
            gi->geometry.width = k == 0 ? em : 0;
            gi->geometry.x_offset = gi->geometry.y_offset = 0;
        } else if (hbf && !(gi->glyph & PANGO_GLYPH_UNKNOWN_FLAG)
                   && gi->glyph != PANGO_GLYPH_EMPTY) {
            gi->geometry.width = -hb_font_get_glyph_v_advance(hbf, gi->glyph);
        }
    }
}

void
shape_items(const Text *t, Shaped *runs, int n_runs, int n_chars, PangoLogAttr **attrs)
{
    for (int i = 0; i < n_runs; i++) {
        PangoItem *piece = runs[i].item;
        PangoGlyphString *g = pango_glyph_string_new();
        pango_shape_with_flags(t->buf + piece->offset, piece->length, t->buf, t->len,
                               &piece->analysis, g, PANGO_SHAPE_NONE);
        for (int k = 0; runs[i].shift && k < g->num_glyphs; k++)
            g->glyphs[k].geometry.y_offset -= runs[i].shift;   /* (y down) */
        if (runs[i].orient != ORIENT_SIDEWAYS)
            stand_up(t, &runs[i], g, t->spans[runs[i].span].style->size);
        runs[i].glyphs = g;
    }
    *attrs = g_new0(PangoLogAttr, n_chars + 1);
    pango_get_log_attrs(t->buf, t->len, -1, pango_language_from_string("ja"), *attrs,
                        n_chars + 1);
}

/* --- characters no font has --- */

/* An unknown glyph: its character remembered, its width the .notdef's. */
static void
set_missing(Doc *doc, PangoFont *font, PangoGlyphInfo *gi)
{
    Layout *lay = layout_state(doc);
    if (!lay->missing)
        lay->missing = g_hash_table_new(g_direct_hash, g_direct_equal);
    g_hash_table_add(lay->missing, GUINT_TO_POINTER(gi->glyph & ~PANGO_GLYPH_UNKNOWN_FLAG));
    hb_font_t *hbf = font ? pango_font_get_hb_font(font) : NULL;
    if (hbf)
        gi->geometry.width = hb_font_get_glyph_h_advance(hbf, 0);
}

/* A missing character and its first place: in the document's own source
 * (rank 0), in an appendix deck's (rank 1: the divider heading sets its
 * title in the report), or nowhere (rank 2: text kumihan made). */
typedef struct Missing {
    uint32_t cp, line, col;
    int rank;
    const char *path;
} Missing;

static int
by_place(const void *a, const void *b)
{
    const Missing *x = a, *y = b;
    if (x->rank != y->rank)
        return x->rank < y->rank ? -1 : 1;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    if (x->col != y->col)
        return x->col < y->col ? -1 : 1;
    return (x->cp > y->cp) - (x->cp < y->cp);
}

static Missing
place_of(const Doc *doc, uint32_t cp)
{
    const Utf8Place *at = utf8_place_of(doc->places, doc->n_places, cp);
    if (at)
        return (Missing){cp, at->line, at->col, 0, doc->path};
    for (const Node *n = doc->root ? doc->root->first : NULL; n; n = n->next) {
        const Doc *deck = n->type == NODE_APPENDIX ? n->u.appendix.deck : NULL;
        if (deck && (at = utf8_place_of(deck->places, deck->n_places, cp)))
            return (Missing){cp, at->line, at->col, 1, deck->path};
    }
    return (Missing){cp, 0, 0, 2, NULL};
}

/* How many of them one warning names; the rest are counted. */
#define MISSING_LISTED 20

void
shape_warn_missing(Doc *doc)
{
    const Layout *lay = doc->layout;
    guint n = lay && lay->missing ? g_hash_table_size(lay->missing) : 0;
    if (n == 0)
        return;
    Missing *m = xmalloc(sizeof(Missing) * n);
    GHashTableIter it;
    gpointer key;
    guint k = 0;
    g_hash_table_iter_init(&it, lay->missing);
    while (g_hash_table_iter_next(&it, &key, NULL))
        m[k++] = place_of(doc, GPOINTER_TO_UINT(key));
    qsort(m, n, sizeof *m, by_place);      /* in the order of the source */
    GString *list = g_string_new(NULL);
    for (guint i = 0; i < n && i < MISSING_LISTED; i++) {
        char ch[8] = {0};
        utf8_encode(m[i].cp, ch);
        g_string_append_printf(list, "%sU+%04X \"%s\"", i ? ", " : "", (unsigned)m[i].cp, ch);
        SrcPos p = {m[i].line, m[i].col};
        const char *file = m[i].rank == 0 ? doc_file_at(doc, &p) : NULL;   /* (a book's) */
        if (m[i].path)
            g_string_append_printf(list, " at %s:%u:%u", file ? file : m[i].path, p.line, p.col);
        else
            g_string_append(list, " (not in the source as written)");
    }
    if (n > MISSING_LISTED)
        g_string_append_printf(list, " and %u more", n - MISSING_LISTED);
    SrcPos at = m[0].rank == 0 ? (SrcPos){m[0].line, m[0].col} : (SrcPos){0, 0};
    /* (the places count characters) */
    diag_warn_in(doc, NULL, at,
                 ngettext("%u character is in none of the fonts, set as empty boxes: %s",
                          "%u characters are in none of the fonts, set as empty boxes: %s", n),
                 n, list->str);
    g_string_free(list, TRUE);
    free(m);
}

/* --- clusters, and how each takes part in JLREQ spacing --- */

static void
classify(Cluster *c, bool code, bool emoji, bool latin)
{
    if (emoji) {
        /* a picture, whatever its first character (the digit of a keycap,
         * the ‼ or 〽 of an emoji sequence): no JLREQ class, no spacing */
        c->jc = JP_OTHER;
        c->sp = JP_SP_OTHER;
        c->box = c->width;
        c->dx = 0;
        return;
    }
    /* full width: the glyph is one em wide in this font */
    bool full = c->width > c->em * 19 / 20 && c->width < c->em * 21 / 20;
    c->jc = (uint8_t)jp_class(c->first);
    JpSpacing sp = c->space ? JP_SP_SPACE : code ? JP_SP_OTHER : jp_spacing(c->first, full);
    if (latin)
        sp = jp_spacing_western(sp);
    c->sp = (uint8_t)sp;
    c->box = sp == JP_SP_OPEN || sp == JP_SP_CLOSE || sp == JP_SP_MIDDLE
             ? (Unit)((int64_t)c->em * jp_box_width(sp, 1000) / 1000) : c->width;
    c->dx = (Unit)((int64_t)c->em * jp_box_shift(sp) / 1000);
}

Cluster *
shape_clusters(Para *p, int *count)
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
            for (int g = g0; g < g1; g++) {
                PangoGlyphInfo *info = &p->runs[r].glyphs->glyphs[g];
                if (info->glyph & PANGO_GLYPH_UNKNOWN_FLAG)
                    set_missing(p->doc, p->runs[r].font, info);
                w += info->geometry.width;
            }
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
            classify(c, p->text->code || p->text->spans[p->runs[r].span].style->rise > 0,
                     p->runs[r].emoji, p->runs[r].latin);
            if (p->runs[r].orient == ORIENT_UPRIGHT && vert_quote(c->first)) {
                /* 〝 〟 keep their place in a full em (their ink is not
                 * where a bracket's is for the half-em box) */
                c->sp = (uint8_t)JP_SP_JP;
                c->box = c->width;
                c->dx = 0;
            }
            if (p->runs[r].orient == ORIENT_TCY) {
                /* set across the line, it spaces as a kanji does */
                c->jc = (uint8_t)jp_class(0x4E00);
                c->sp = (uint8_t)jp_spacing(0x4E00, true);
                c->box = c->width;
                c->dx = 0;
            }
        }
    }
    *count = n;
    return cl;
}

Unit
shape_kern_after(const Para *p, const Cluster *c)
{
    const Shaped *s = &p->runs[c->run];
    if (c->g1 <= c->g0 || s->orient != ORIENT_SIDEWAYS)
        return 0;
    const PangoGlyphInfo *gi = &s->glyphs->glyphs[c->g1 - 1];
    if ((gi->glyph & PANGO_GLYPH_UNKNOWN_FLAG) || gi->glyph == PANGO_GLYPH_EMPTY)
        return 0;
    hb_font_t *hbf = s->font ? pango_font_get_hb_font(s->font) : NULL;
    if (!hbf)
        return 0;
    Unit k = hb_font_get_glyph_h_advance(hbf, gi->glyph) - gi->geometry.width;
    return k > c->em / 200 || k < -c->em / 200 ? k : 0;
}

/* --- release --- */

/* The shaping of a paragraph (or window): glyphs, items, ruby boxes, break
 * attributes, breaks inside words and hyphens. */
void
shape_release(Para *p)
{
    for (int r = 0; r < p->n_runs; r++) {
        pango_glyph_string_free(p->runs[r].glyphs);
        pango_item_free(p->runs[r].item);
    }
    free(p->runs);
    free(p->rb);
    g_free(p->attrs);
    free(p->word_breaks);
    free(p->hyphens);
    p->runs = NULL;
    p->n_runs = 0;
    p->rb = NULL;
    p->n_rb = 0;
    p->attrs = NULL;
    p->word_breaks = NULL;
    p->n_word_breaks = 0;
    p->hyphens = NULL;
}
