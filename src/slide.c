/*
 * slide.c: slides, one page each (see slide.h).
 * For each slide: take an arena mark, style the slide's subtree with the
 * slide theme at a scale, lay its blocks out into the galley (block.c), and
 * stack the slices; if they are taller than the slide's body, rewind the
 * arena and the galley and try the next smaller scale. The type shrinks in
 * steps to SLIDE_FLOOR; a slide still too tall there is set at the floor,
 * overflowing visibly, with a warning at its first line: never clipped, never
 * silent. Slide 1 is the title slide: centred, no footer.
 * Not done: columns, backgrounds, Marp directives.
 */
#include "slide.h"

#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "block.h"
#include "diag.h"
#include "inline.h"
#include "node.h"
#include "style.h"
#include "theme.h"

#define PT(x) ((Unit)((x) * 1024))

static const double scales[] = {1.0, 0.93, 0.86, 0.8, 0.74, 0.68, SLIDE_FLOOR};

static PageGeom
slide_geom(const Doc *doc)
{
    PageGeom g = {.paper = "slide"};
    bool wide = doc->meta.aspect && strcmp(doc->meta.aspect, "16:9") == 0;
    g.width = PT(wide ? 960 : 720);
    g.height = PT(540);
    g.left = g.left_even = PT(48);
    g.measure = g.block_width = g.width - 2 * g.left;
    g.columns = 1;
    g.top = PT(36);
    g.pitch = doc->themes->slide.body.pitch;
    g.foot_baseline = g.height - PT(20);
    g.body_height = g.foot_baseline - PT(30) - g.top;
    g.lines = g.body_height / g.pitch;
    g.head_baseline = g.top - PT(12);
    return g;
}

/* Stack the slices [s0, s1) from y = 0, without gaps at the top or bottom;
 * returns the content height. */
static Unit
stack(const Doc *doc, int s0, int s1, Placed *out, int *n)
{
    Unit y = 0, content = 0;
    *n = 0;
    for (int i = s0; i < s1; i++) {
        const Slice *s = &doc->slices[i];
        if (*n == 0 && s->kind == SLICE_GAP)
            continue;
        if (out)
            out[*n] = (Placed){i, y, 0};
        (*n)++;
        y += s->height;
        if (s->kind != SLICE_GAP)
            content = y;
    }
    return content;
}

static const Line *
footer_line(Doc *doc, const char *text, const Style *style, Unit width)
{
    Line *ln;
    inline_layout_text(doc, text, strlen(text), style, width, false, NULL, (SrcPos){0, 0}, &ln);
    return ln;
}

void
slide_layout_deck(Doc *doc)
{
    const Theme *base = &doc->themes->slide;
    doc->theme = base;
    doc->geom = slide_geom(doc);
    const PageGeom *g = &doc->geom;
    int total = 0;
    for (const Node *s = doc->root->first; s; s = s->next)
        total += s->type == NODE_SLIDE;
    Style root = base->body;
    doc->root->style = style_intern(doc, &root);
    doc->pages = arena_zalloc(doc->arena, sizeof(Page) * (size_t)(total ? total : 1));
    doc->n_pages = 0;
    const char *prefix = doc->dest_prefix ? doc->dest_prefix : "";
    for (Node *slide = doc->root->first; slide; slide = slide->next) {
        if (slide->type != NODE_SLIDE)
            continue;
        int s0 = doc->n_slices, n = 0;
        Unit height = 0;
        double used = 1.0;
        for (size_t k = 0; k < sizeof scales / sizeof scales[0]; k++) {
            ArenaMark mark = arena_mark(doc->arena);
            struct Interned *styles = doc->styles;
            Theme t = theme_scaled(base, scales[k]);
            doc->theme = &t;
            style_subtree(doc, slide, &t);
            block_layout_children(doc, slide, 0, g->measure);
            doc->theme = base;
            height = stack(doc, s0, doc->n_slices, NULL, &n);
            used = scales[k];
            if (height <= g->body_height || k + 1 == sizeof scales / sizeof scales[0])
                break;
            arena_rewind(doc->arena, mark);
            doc->styles = styles;
            doc->n_slices = s0;
        }
        if (height > g->body_height)
            diag_warn(doc, slide->pos, "slide %d does not fit even at %d%% type: it overflows "
                      "by %.1f pt; shorten it or split it", slide->u.slide.number,
                      (int)(SLIDE_FLOOR * 100 + 0.5), pt_from_unit(height - g->body_height));
        else if (used < 1.0 && doc->opt && doc->opt->verbose)
            fprintf(stderr, "%s:%u:1: note: slide %d set at %d%% type to fit\n", doc->path,
                    slide->pos.line, slide->u.slide.number, (int)(used * 100 + 0.5));
        Placed *placed = arena_alloc(doc->arena, sizeof(Placed) * (size_t)(n ? n : 1));
        stack(doc, s0, doc->n_slices, placed, &n);
        bool title = slide->u.slide.number == 1;
        if (title && height < g->body_height) {
            Unit shift = (g->body_height - height) / 2;   /* the title slide is centred */
            for (int i = 0; i < n; i++)
                placed[i].y += shift;
        }
        Page *p = &doc->pages[doc->n_pages++];
        p->number = slide->u.slide.number;
        p->n = n;
        p->placed = placed;
        p->title_page = title;
        p->dest = arena_printf(doc->arena, "%sslide-%d", prefix, slide->u.slide.number);
        if (!title) {
            if (doc->meta.event)
                p->foot_left = footer_line(doc, doc->meta.event, &base->head, g->measure / 2);
            char *num = arena_printf(doc->arena, "%d / %d", slide->u.slide.number, total);
            p->folio = footer_line(doc, num, &base->folio, g->measure);
        }
    }
}
