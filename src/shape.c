/*
 * shape.c: a paragraph's items shaped (HarfBuzz through Pango:
 * pango_shape_with_flags) with Pango's break attributes, then cut into
 * glyph clusters, each classified for JLREQ spacing: its class
 * (jp_rules.c), its width as a box (half an em for brackets and
 * punctuation set half-width) and the shift of its glyphs in that box.
 */
#include "inline_impl.h"

#include <glib.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "utf8.h"

/* --- shaping --- */

void
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

/* --- clusters, and how each takes part in JLREQ spacing --- */

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
