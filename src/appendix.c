/*
 * appendix.c: slides placed in a galley (see block.h): the report's slide
 * appendix, two framed slides a page or one slide-sized page each, and the
 * framed slide box impose.c's pages use too.
 */
#include "block.h"

#include "arena.h"
#include "inline.h"
#include "node.h"
#include "style.h"

#define PT(x) ((Unit)((x) * 1024))

static Unit
round_up(Unit v, Unit step)
{
    return (v + step - 1) / step * step;
}

static Unit
round_down(Unit v, Unit step)
{
    return v / step * step;
}

Slice
block_slide_slice(Doc *doc, const Doc *deck, int index, Unit x, Unit y, Unit w,
                  const char *caption, const Style *cap_style, bool caption_centred)
{
    Unit dw, dh;                           /* (a vertical deck's slides as printed) */
    geom_paper_units(&deck->geom, &dw, &dh);
    Unit h = (Unit)((int64_t)w * dh / dw);
    Slice s = {.kind = SLICE_EMBED, .header = -1};
    *block_extra(doc, &s) = (SliceExtra){.embed = deck, .embed_page = index, .image_x = x,
                                         .image_y = y, .image_w = w, .image_h = h};
    s.node = node_slide(deck->root, index);
    const char *pre = deck->dest_prefix ? deck->dest_prefix : "";
    s.dest = arena_printf(doc->arena, "%sslide-%d", pre, index + 1);
    Deco *d = arena_zalloc(doc->arena, sizeof(Deco));
    *d = (Deco){.kind = DECO_FRAME, .color = 0x808080, .x = x, .y = y, .w = w, .h = h,
                .line_width = PT(0.5)};
    s.decos = d;
    s.n_decos = 1;
    if (caption) {
        Style st = *cap_style;
        st.align = caption_centred ? ALIGN_CENTER : ALIGN_LEFT;
        /* one line under the frame: a long title is cut with … (the slide
         * shows it whole) */
        Line *ln = inline_layout_cut(doc, caption, style_intern(doc, &st), w,
                             s.node ? s.node->pos : (SrcPos){0, 0});
        SliceLine *sl = arena_alloc(doc->arena, sizeof(SliceLine));
        *sl = (SliceLine){.line = ln, .x = x, .y = y + h + st.size * 3 / 2};
        s.lines = sl;
        s.n_lines = 1;
    }
    return s;
}

/* The report's appendix (a NODE_APPENDIX): the laid-out deck's slides two
 * to a page in the measure at x, each framed with the caption
 * 「スライド n/N　title」, or with `full` one slide-sized landscape page each.
 * Sized so that the divider heading before it and two slides fit on the
 * first page and two on each after; paginate.c does the rest (the heading
 * restarts the labels at A-1). */
void
block_appendix(Doc *doc, const Doc *deck, Unit x, Unit width, bool full)
{
    const Theme *t = doc->theme;
    Unit pitch = doc->geom.pitch;
    Unit dw, dh;                           /* (a vertical deck's slides as printed) */
    geom_paper_units(&deck->geom, &dw, &dh);
    int total = deck->n_pages;
    /* the first page holds the divider heading (two pitches) and two slides */
    Unit heading = round_up(t->heading[0].pitch, pitch);
    Unit slot = round_down((doc->geom.body_height - heading) / 2, pitch);
    Unit cap = t->caption.size * 2;
    Unit w = (Unit)((int64_t)(slot - cap - PT(8)) * dw / dh);
    if (w > width)
        w = width;
    for (int i = 0; i < total; i++) {
        const Node *sn = node_slide(deck->root, i);
        const char *title = sn && sn->u.slide.title[0] ? sn->u.slide.title : NULL;
        char *caption = title ? arena_printf(doc->arena, "スライド %d/%d　%s", i + 1, total, title)
                              : arena_printf(doc->arena, "スライド %d/%d", i + 1, total);
        Slice s;
        if (full) {
            /* one landscape page of the slide's own size each */
            s = block_slide_slice(doc, deck, i, -doc->geom.left, -doc->geom.top, dw, NULL, NULL,
                                  false);
            s.n_decos = 0;
            s.x->page_width = dw;
            s.x->page_height = dh;
            s.height = pitch;
        } else {
            s = block_slide_slice(doc, deck, i, x + (width - w) / 2, PT(4), w, caption,
                                  &t->caption, false);
            s.height = slot;
            s.on_grid = 1;
        }
        block_push(doc, &s);
    }
}
