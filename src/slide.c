/*
 * slide.c: slides, one page each (see slide.h).
 * For each slide: take an arena mark, style the slide's subtree with the
 * slide theme at a scale, lay its blocks out into the galley (block.c), and
 * stack the slices; if they are taller than the slide's body, rewind the
 * arena and the galley and try the next smaller scale. The type shrinks in
 * steps to SLIDE_FLOOR; a slide still too tall there is set at the floor,
 * overflowing visibly, with a warning at its first line: never clipped, never
 * silent. Slide 1 is the title slide: centred, no footer (unless the theme's
 * slide.paginate-title).
 *
 * A deck that asks for vertical writing (slide.writing-mode) is laid out on
 * its slide turned a quarter (slide_geom, vertical.h): its ground, pictures
 * and logo are placed on the slide as printed, its foot across it; split
 * backgrounds are drawn over the whole slide (warned once).
 *
 * The slide theme's look is each page's furniture: the background colour
 * and picture (cover, contain or stretch) and the logo (PageMarks, which
 * draw.c draws first; furniture_marks adds a theme's mark and watermark
 * to a deck's own slides), the foot's two slots from templates
 * (slide_template, template.h). A logo at the top that is taller than the top margin
 * pushes the body down; one at the bottom keeps the body above it and
 * moves the foot's line on its side out of its way.
 * A slide's Marp directives (its SlideLook, marp.c) change its copy of
 * the theme: class lead centres its blocks and sets them in the middle of
 * the body, like the title slide (slide.middle: every slide so); invert
 * and the theme's own class (gaia's gaia) set their ground and text colour
 * (slide.invert-*, slide.class-*);
 * color and backgroundColor set them; header fills the head's left slot,
 * footer the foot's, paginate shows or hides the page number (unset: the
 * theme's way). A heading marked <!--fit--> is set on one line: when it is
 * wider than the measure, at the size that fits, down to FIT_FLOOR of its
 * own (then it wraps); Marp also enlarges it, kumihan never does.
 * Not done: columns, per-slide pictures.
 */
#include "slide.h"

#include <math.h>
#include <pango/pango.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "block.h"
#include "deck.h"
#include "diag.h"
#include "figure.h"
#include "filter.h"
#include "image.h"
#include "inline.h"
#include "node.h"
#include "style.h"
#include "template.h"
#include "theme.h"

#define PT(x) ((Unit)((x) * 1024))

static const double scales[] = {1.0, 0.93, 0.86, 0.8, 0.74, 0.68, SLIDE_FLOOR};

#define LOGO_EDGE PT(12)                   /* a logo's distance from the slide's top or bottom */
#define LOGO_GAP PT(12)                    /* between a logo and the foot's text */
#define FIT_FLOOR 0.4                      /* the smallest a fit heading is shrunk to */

/* --- templates: the text of the feet and of the handouts' heads --- */

static const char *const fields[] = {"title", "subtitle", "author", "event", "place", "date",
                                     "page", "pages"};

bool
slide_template_check(const char *t)
{
    return template_check(t, fields, sizeof fields / sizeof fields[0]);
}

typedef struct DeckFill {
    Doc *doc;
    int page, pages;
} DeckFill;

static const char *
deck_value(void *ctx, const char *name, size_t len)
{
    const DeckFill *f = ctx;
    const Meta *m = &f->doc->meta;
#define IS(s) (len == sizeof(s) - 1 && memcmp(name, s, len) == 0)
    if (IS("title"))
        return m->title;
    if (IS("subtitle"))
        return m->subtitle;
    if (IS("author"))
        return deck_people(f->doc);
    if (IS("event"))
        return m->event;
    if (IS("place"))
        return m->place;
    if (IS("date"))
        return deck_date(f->doc);
    if (IS("page") || IS("pages"))
        return arena_printf(f->doc->arena, "%d", IS("page") ? f->page : f->pages);
#undef IS
    return NULL;
}

const char *
slide_template(Doc *doc, const char *t, int page, int pages)
{
    if (!t)
        return NULL;
    DeckFill f = {doc, page, pages};
    return template_expand(doc->arena, t, deck_value, &f, NULL);
}

/* --- the look: background, logo --- */

/* The grey a colour prints as (sRGB relative luminance, WCAG). */
static double
luminance(uint32_t rgb)
{
    double c[3];
    for (int i = 0; i < 3; i++) {
        double v = ((rgb >> (16 - 8 * i)) & 0xff) / 255.0;
        c[i] = v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
    }
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
}

/* A coloured slide whose text colours were left at the light theme's: the
 * text that would vanish, said once per key (WCAG's 3:1 for large text). */
static void
check_contrast(Doc *doc, const Theme *t)
{
    const struct { const char *key; uint32_t color; } text[] = {
        {"body.color", t->body.color}, {"slide-title.color", t->slide_title.color},
        {"title-block.title.color", t->title[TITLE_TITLE].color},
        {"header.color", t->head.color}, {"folio.color", t->folio.color},
    };
    double lb = luminance(t->slide_background);
    for (size_t i = 0; i < sizeof text / sizeof text[0]; i++) {
        double lt = luminance(text[i].color);
        double c = lt > lb ? (lt + 0.05) / (lb + 0.05) : (lb + 0.05) / (lt + 0.05);
        if (c < 3.0)
            diag_warn(doc, (SrcPos){0, 0}, "theme %s: the slides' %s #%06x on their background "
                      "#%06x is hard to read (contrast %.1f:1, under 3:1): set it in the "
                      "theme's `slides:` section", doc->themes->name, text[i].key,
                      (unsigned)text[i].color, (unsigned)t->slide_background, c);
    }
}

/* The box of natural size iw x ih fitted to w x h, centred. */
static void
fit_box(int fit, double iw, double ih, Unit w, Unit h, Unit *bx, Unit *by, Unit *bw, Unit *bh)
{
    double sw = pt_from_unit(w), sh = pt_from_unit(h);
    double kx = sw / iw, ky = sh / ih;
    double k = fit == FIT_COVER ? (kx > ky ? kx : ky) : (kx < ky ? kx : ky);
    double dw = fit == FIT_STRETCH ? sw : iw * k, dh = fit == FIT_STRETCH ? sh : ih * k;
    *bw = unit_from_pt(dw);
    *bh = unit_from_pt(dh);
    *bx = (w - *bw) / 2;
    *by = (h - *bh) / 2;
}

/* The deck's ground and logo (NULL: a white slide, nothing drawn), and the
 * geometry made room for its logo. */
static const PageMarks *
make_art(Doc *doc, const Theme *t, PageGeom *g)
{
    void *image = figure_theme_picture(doc, &t->slide_image, "slide.background-image");
    void *logo = figure_theme_picture(doc, &t->slide_logo, "slide.logo");
    if (!image && !logo && t->slide_background == 0xffffff)
        return NULL;
    PageMarks *a = arena_zalloc(doc->arena, sizeof *a);
    a->background = t->slide_background;
    if (!image || t->slide_image_fit == FIT_CONTAIN)
        check_contrast(doc, t);            /* (a picture's colours are unknown) */
    const ImageInfo *ii = image ? image_info(image) : NULL;
    double pw, ph;                         /* (the paper's: a vertical deck's ground is */
    page_paper(g, NULL, &pw, &ph);         /* drawn across it, draw.c) */
    if (ii && ii->w_pt > 0 && ii->h_pt > 0) {
        a->image = image;
        fit_box(t->slide_image_fit, ii->w_pt, ii->h_pt, unit_from_pt(pw), unit_from_pt(ph),
                &a->image_x, &a->image_y, &a->image_w, &a->image_h);
    }
    const ImageInfo *li = logo ? image_info(logo) : NULL;
    if (!li || !(li->w_pt > 0 && li->h_pt > 0) || t->slide_logo_height <= 0)
        return a;
    /* at most a quarter of the slide high and a third of the measure wide */
    double h = pt_from_unit(t->slide_logo_height), hmax = ph / 4;
    if (h > hmax)
        h = hmax;
    double w = h * li->w_pt / li->h_pt,
           wmax = pt_from_unit(g->vertical ? geom_band_width(g) : g->measure) / 3;
    if (w > wmax) {
        w = wmax;
        h = w * li->h_pt / li->w_pt;
    }
    a->logo = logo;
    a->logo_w = unit_from_pt(w);
    a->logo_h = unit_from_pt(h);
    bool right = t->slide_logo_corner == CORNER_TOP_RIGHT || t->slide_logo_corner == CORNER_BOTTOM_RIGHT;
    bool top = t->slide_logo_corner == CORNER_TOP_RIGHT || t->slide_logo_corner == CORNER_TOP_LEFT;
    if (g->vertical) {                     /* (in the margins across the paper, x from
                                            * the block's left edge there: draw.c) */
        a->logo_x = right ? g->body_height - a->logo_w : 0;
        a->logo_y = top ? LOGO_EDGE : unit_from_pt(ph) - LOGO_EDGE - a->logo_h;
        return a;
    }
    a->logo_x = right ? g->measure - a->logo_w : 0;   /* (from the block's left) */
    a->logo_y = top ? LOGO_EDGE : g->height - LOGO_EDGE - a->logo_h;
    Unit bottom = g->top + g->body_height;
    if (top && a->logo_y + a->logo_h > g->top) {
        g->top = a->logo_y + a->logo_h;    /* the body starts below the logo */
        g->head_baseline = g->top - PT(12);
    } else if (!top && a->logo_y - PT(4) < bottom) {
        bottom = a->logo_y - PT(4);        /* and ends above it */
    }
    g->body_height = bottom - g->top;
    g->lines = g->body_height / g->pitch;
    return a;
}

static PageGeom
slide_geom(const Doc *doc)
{
    PageGeom g = {.paper = "slide"};
    /* aspect (kumihan's), else size (Marp Core's), else Marp Core's 16:9 */
    const char *ratio = doc->meta.aspect ? doc->meta.aspect : doc->meta.size;
    bool wide = !ratio || strcmp(ratio, "4:3") != 0;
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
    if (doc->themes->slide.vertical) {
        /* a vertical deck (vertical.h): the slide turned a quarter, its
         * lines down the slide from the top margin to above the foot, the
         * first at the right margin; its foot across the slide as across */
        PageGeom v = g;
        v.width = g.height;
        v.height = g.width;
        v.left = v.left_even = g.top;
        v.measure = v.block_width = g.foot_baseline - PT(30) - g.top;
        v.top = v.top_even = g.left;
        v.body_height = g.width - 2 * g.left;
        v.lines = v.body_height / v.pitch;
        v.head_baseline = v.top - PT(12);
        v.foot_baseline = v.top + v.body_height + (g.height - PT(20) - g.top - v.measure);
        v.vertical = true;
        return v;
    }
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

/* The foot of page p: the footer at the left, the page number at the right
 * (the folio's slot: across the block, as its style aligns it), both out of
 * the way of a logo at the bottom: beside it (their slots start past it) or
 * before it. */
static void
make_foot(Doc *doc, const Theme *t, const PageMarks *art, Page *p, int shown, int total,
          const char *footer, bool number, Unit measure)
{
    const PageGeom *g = &doc->geom;
    Unit left_in = 0, right_in = 0;
    if (art && art->logo && !g->vertical && art->logo_y > g->height / 2) {
        if (art->logo_x == 0)
            left_in = art->logo_w + LOGO_GAP;
        else
            right_in = art->logo_w + LOGO_GAP;
    }
    if (footer && !*footer)
        footer = NULL;
    const char *num = number ? slide_template(doc, t->slide_number, shown, total) : NULL;
    const Line *nl = num ? inline_layout_cut(doc, num, &t->folio, measure - left_in - right_in,
                                             (SrcPos){0, 0})
                         : NULL;
    p->foot[SLOT_CENTER] = (Slot){nl, left_in};
    /* the footer up to the number when it is at the right (a split slide's
     * narrow side too), else to the middle */
    Unit room = t->folio.align == ALIGN_RIGHT
                    ? measure - left_in - right_in - (nl ? nl->natural + t->folio.size : 0)
                    : measure / 2 - left_in;
    p->foot[SLOT_LEFT] = (Slot){footer ? inline_layout_cut(doc, footer, &t->head, room,
                                                           (SrcPos){0, 0})
                                       : NULL, left_in};
}

/* Is `word` one of the blank-separated words of `words`? */
static bool
has_word(const char *words, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = words; n && (p = strstr(p, word)); p += n)
        if ((p == words || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
            return true;
    return false;
}

/* The contrast of two colours (WCAG: 1 to 21). */
static double
contrast(uint32_t a, uint32_t b)
{
    double la = luminance(a), lb = luminance(b);
    return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

/* The theme of a slide with look l: base with its directives applied.
 * Class invert and the theme's own class (slide.class) set their ground
 * and all text in their colour (the class wins, as in Marp's CSS);
 * backgroundColor and color win over both. On a ground of its own, what
 * would not read gives way (test_contrast's bars): a link colour under 3:1
 * takes the text's colour, a table head's fill its text is under 3:1 on
 * is dropped, rules and the quote bar under 2:1 take the text's colour.
 * Class lead centres the blocks and sets them in the middle of the body. */
static Theme
look_theme(const Theme *base, const SlideLook *l)
{
    Theme t = *base;
    bool own = l->classes && base->slide_class && *base->slide_class
               && has_word(l->classes, base->slide_class);
    bool recolour = l->invert || own || l->has_color;
    uint32_t c = own ? base->slide_class_color : base->slide_invert_color;
    t.slide_background = own ? base->slide_class_background
                         : l->invert ? base->slide_invert_background : base->slide_background;
    if (l->has_background)
        t.slide_background = l->background;
    if (recolour) {
        c = l->has_color ? l->color : c;
        Style *text[] = {&t.body, &t.heading[0], &t.heading[1], &t.heading[2], &t.heading[3],
                         &t.slide_title, &t.head, &t.folio, &t.note, &t.caption, &t.cell,
                         &t.cell_head};
        for (size_t i = 0; i < sizeof text / sizeof text[0]; i++)
            text[i]->color = c;
        for (int i = 0; i < TITLE_ROLES; i++)
            t.title[i].color = c;
    }
    if (t.slide_background != base->slide_background) {
        if (contrast(t.link_color, t.slide_background) < 3.0)
            t.link_color = t.body.color;
        if (contrast(t.cell_head.color, t.head_fill) < 3.0)
            t.head_fill = t.slide_background;
        uint32_t *lines[] = {&t.table_rule, &t.rule_color, &t.quote_bar};
        for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
            if (contrast(*lines[i], t.slide_background) < 2.0)
                *lines[i] = t.body.color;
    }
    if (l->lead) {
        Style *blocks[] = {&t.body, &t.heading[0], &t.heading[1], &t.heading[2],
                           &t.heading[3], &t.slide_title};
        for (size_t i = 0; i < sizeof blocks / sizeof blocks[0]; i++)
            blocks[i]->align = ALIGN_CENTER;
        for (int i = 0; i < TITLE_ROLES; i++)
            t.title[i].align = ALIGN_CENTER;
        t.slide_middle = true;
    }
    return t;
}

/* Each <!--fit--> heading of the slide, styled with t, on one line of
 * `measure` if it can: its type shrunk to fit, to FIT_FLOOR at the least. */
static void
fit_headings(Doc *doc, Node *slide, const Theme *t, Unit measure)
{
    for (Node *n = slide->first; n; n = n->next) {
        if (n->type != NODE_HEADING || !n->u.heading.fit)
            continue;
        Line *lines;
        int k = inline_layout_block(doc, n, PT(20000), 0, &lines);
        Unit wide = 0;
        for (int i = 0; i < k; i++)
            if (lines[i].natural > wide)
                wide = lines[i].natural;
        if (wide <= measure)
            continue;
        double f = (double)measure / (double)wide * 0.995;   /* (rounding) */
        Theme tf = theme_scaled(t, f < FIT_FLOOR ? FIT_FLOOR : f);
        /* only the headings' type: the rest of the slide keeps its size */
        Theme keep = *t;
        for (int i = 0; i < 4; i++)
            keep.heading[i] = tf.heading[i];
        keep.slide_title = tf.slide_title;
        style_subtree(doc, n, &keep);
    }
}

/* --- the pictures behind a slide (Marp's ![bg], backgroundImage) --- */

/* The share of a split slide's width its pictures take (Marp: half). */
static double
split_share(const Node *slide)
{
    return slide->u.slide.split_size > 0 ? slide->u.slide.split_size : 0.5;
}

/* The box of ground g's picture (natural size nw x nh pt) in the cell
 * (cx, cy, cw, ch), by its size and position. */
static void
ground_box(const Ground *g, double nw, double nh, double cx, double cy, double cw, double ch,
           GroundBox *b)
{
    double w = nw, h = nh;
    switch (g->size) {
    case GROUND_COVER:
    case GROUND_CONTAIN: {
        double kx = cw / nw, ky = ch / nh;
        double k = g->size == GROUND_COVER ? fmax(kx, ky) : fmin(kx, ky);
        w = nw * k;
        h = nh * k;
        break;
    }
    case GROUND_AUTO:
        break;
    case GROUND_SCALE:
        w = cw * g->scale;
        h = w * nh / nw;
        break;
    case GROUND_SIZE: {                    /* (one side asked: the other in proportion;
                                            * a percentage of the cell's side) */
        double aw = figure_length_pt(g->figure->width, unit_from_pt(cw));
        double ah = figure_length_pt(g->figure->height, unit_from_pt(ch));
        w = aw > 0 ? aw : ah > 0 ? ah * nw / nh : nw;
        h = ah > 0 ? ah : aw > 0 ? aw * nh / nw : nh;
        break;
    }
    }
    b->x = unit_from_pt(cx + (cw - w) * g->ax);
    b->y = unit_from_pt(cy + (ch - h) * g->ay);
    b->w = unit_from_pt(w);
    b->h = unit_from_pt(h);
    b->cell_x = unit_from_pt(cx);
    b->cell_y = unit_from_pt(cy);
    b->cell_w = unit_from_pt(cw);
    b->cell_h = unit_from_pt(ch);
}

/* Ground g placed in its cell into *b; false when it has no picture (a
 * warning said why). Its filters are drawn into the picture for its box. */
static bool
place_ground(Doc *doc, const Ground *g, double cx, double cy, double cw, double ch, GroundBox *b)
{
    struct Picture *pic = g->figure->picture;
    const ImageInfo *ii = pic ? image_info(pic) : NULL;
    if (!ii || !(ii->w_pt > 0 && ii->h_pt > 0))
        return false;
    ground_box(g, ii->w_pt, ii->h_pt, cx, cy, cw, ch, b);
    b->image = pic;
    if (g->filters) {
        PangoFontMap *fonts = doc->pango ? pango_context_get_font_map(doc->pango) : NULL;
        b->image = filter_picture(pic, g->filters, pt_from_unit(b->w), pt_from_unit(b->h), fonts);
    }
    return true;
}

/* The pictures behind `slide` (its look's over the whole slide, then its
 * own in their cells: side by side, or stacked when vertical, across the
 * slide or, split, across its side strip) into a copy of the marks m0;
 * m0 itself when there are none. */
static const PageMarks *
ground_marks(Doc *doc, const Node *slide, const PageMarks *m0)
{
    const Ground *lg = slide->u.slide.look ? slide->u.slide.look->ground : NULL;
    int n = lg != NULL;
    for (const Ground *g = slide->u.slide.grounds; g; g = g->next)
        n++;
    if (!n)
        return m0;
    const PageGeom *geom = &doc->geom;
    double sw, sh;                         /* (the paper's: drawn across it) */
    page_paper(geom, NULL, &sw, &sh);
    GroundBox *boxes = arena_zalloc(doc->arena, sizeof *boxes * (size_t)n);
    int k = 0;
    if (lg && place_ground(doc, lg, 0, 0, sw, sh, &boxes[k]))
        k++;
    int cells = n - (lg != NULL);
    double x0 = 0, w = sw;
    if (slide->u.slide.split) {
        w = sw * split_share(slide);
        x0 = slide->u.slide.split < 0 ? 0 : sw - w;
    }
    bool vertical = slide->u.slide.vertical;
    int i = 0;
    for (const Ground *g = slide->u.slide.grounds; g; g = g->next, i++) {
        double cw = vertical ? w : w / cells, ch = vertical ? sh / cells : sh;
        double cx = x0 + (vertical ? 0 : cw * i), cy = vertical ? ch * i : 0;
        if (place_ground(doc, g, cx, cy, cw, ch, &boxes[k]))
            k++;
    }
    PageMarks *m = arena_zalloc(doc->arena, sizeof *m);
    if (m0)
        *m = *m0;
    else
        m->background = 0xffffff;
    m->grounds = boxes;
    m->n_grounds = k;
    return m;
}

/* --- the slide's content, fitted --- */

#define IMAGE_FLOOR 0.5                    /* pictures shrink to this share before the type */
#define IMAGE_LAST 0.15                    /* ...and to this one at the type's floor */

/* Lay out `slide`'s blocks in the galley from slice s0, in theme lb at
 * type scale `scale` and pictures at `pictures` of their size, in a
 * measure; returns the content's height and (*images) the pictures'. */
static Unit
set_content(Doc *doc, Node *slide, const Theme *lb, double scale, double pictures,
            Unit measure, int s0, Unit *images)
{
    Theme t = theme_scaled(lb, scale);
    const Theme *base = doc->theme;
    doc->theme = &t;
    doc->figure_scale = pictures;
    style_subtree(doc, slide, &t);
    fit_headings(doc, slide, &t, measure);
    block_layout_children(doc, slide, 0, measure);
    doc->theme = base;
    doc->figure_scale = 0;
    *images = 0;
    for (int i = s0; i < doc->n_slices; i++)
        if (doc->slices[i].kind == SLICE_IMAGE)
            *images += doc->slices[i].height;
    int n;
    return stack(doc, s0, doc->n_slices, NULL, &n);
}

/* The galley back to where it was before slice s0 (arena mark, styles). */
static void
rewind_content(Doc *doc, ArenaMark mark, struct Interned *styles, int s0)
{
    arena_rewind(doc->arena, mark);
    doc->styles = styles;
    doc->n_slices = s0;
}

/* Lay out `slide` so that it fits the body (see slide.h): at each type
 * scale from the largest, its pictures shrunk to the room the text leaves
 * them (the largest share that fits, by halving, down to IMAGE_FLOOR of
 * their size; IMAGE_LAST at the type's floor). Returns the height set
 * (over the body: it does not fit at the floors), the type scale in
 * *used. */
static Unit
fit_slide(Doc *doc, Node *slide, const Theme *lb, Unit measure, Unit body, int s0, double *used)
{
    size_t last = sizeof scales / sizeof scales[0] - 1;
    Unit height = 0;
    for (size_t k = 0; k <= last; k++) {
        ArenaMark mark = arena_mark(doc->arena);
        struct Interned *styles = doc->styles;
        Unit images;
        *used = scales[k];
        height = set_content(doc, slide, lb, scales[k], 1.0, measure, s0, &images);
        if (height <= body)
            return height;
        double lo = k == last ? IMAGE_LAST : IMAGE_FLOOR;
        if (images > 0) {
            /* the share leaving the text its room is the most it can be */
            double hi = (double)(body - (height - images)) / images;
            Unit im;
            rewind_content(doc, mark, styles, s0);
            height = set_content(doc, slide, lb, scales[k], lo, measure, s0, &im);
            if (height <= body && hi > lo) {
                for (int i = 0; i < 7; i++) {   /* (to within 1 % of the share) */
                    double mid = (lo + hi) / 2;
                    rewind_content(doc, mark, styles, s0);
                    if (set_content(doc, slide, lb, scales[k], mid, measure, s0, &im) <= body)
                        lo = mid;
                    else
                        hi = mid;
                }
                rewind_content(doc, mark, styles, s0);
                height = set_content(doc, slide, lb, scales[k], lo, measure, s0, &im);
            }
            if (height <= body || k == last)
                return height;
        }
        if (k == last)
            return height;
        rewind_content(doc, mark, styles, s0);
    }
    return height;
}

void
slide_layout_deck(Doc *doc)
{
    const Theme *base = &doc->themes->slide;
    doc->theme = base;
    doc->geom = slide_geom(doc);
    const PageMarks *art = make_art(doc, base, &doc->geom);
    doc->marks = art;                      /* (furniture_marks adds to them) */
    const PageGeom *g = &doc->geom;
    int total = 0;
    for (const Node *s = doc->root->first; s; s = s->next)
        total += s->type == NODE_SLIDE;
    Style root = base->body;
    doc->root->style = style_intern(doc, &root);
    doc->pages = arena_zalloc(doc->arena, sizeof(Page) * (size_t)(total ? total : 1));
    doc->n_pages = 0;
    const char *prefix = doc->dest_prefix ? doc->dest_prefix : "";
    /* the numbers shown: Marp's paginate hold and skip count no slide */
    int shown = 0, counted = 0;
    for (const Node *s = doc->root->first; s; s = s->next)
        if (s->type == NODE_SLIDE)
            counted += !(s->u.slide.look && s->u.slide.look->paginate >= PAGINATE_HOLD);
    for (Node *slide = doc->root->first; slide; slide = slide->next) {
        if (slide->type != NODE_SLIDE)
            continue;
        const int8_t pg = slide->u.slide.look ? slide->u.slide.look->paginate : -1;
        shown += pg < PAGINATE_HOLD || shown == 0;
        int s0 = doc->n_slices, n = 0;
        const SlideLook *look = slide->u.slide.look;
        const Theme *lb = base;
        if (look) {                        /* (in the arena: the feet's lines keep
                                            * pointers to its styles) */
            Theme *lt = arena_alloc(doc->arena, sizeof *lt);
            *lt = look_theme(base, look);
            lb = lt;
        }
        /* split pictures: the content in the rest of the slide, with the
         * slide's margins on its sides; in a vertical deck fewer columns,
         * from the right edge or after the pictures' strip there */
        Unit measure = g->measure, shift = 0, body = g->body_height;
        if (slide->u.slide.split && !g->vertical) {
            Unit side = (Unit)(g->width * split_share(slide));
            measure = g->width - side - 2 * g->left;
            shift = slide->u.slide.split < 0 ? side : 0;
        } else if (slide->u.slide.split) {
            Unit side = (Unit)(g->height * split_share(slide));
            body = g->body_height - side;
            shift = slide->u.slide.split < 0 ? 0 : side;
        }
        double used = 1.0;
        Unit height = fit_slide(doc, slide, lb, measure, body, s0, &used);
        bool clipped = height > body;
        if (clipped)
            diag_warn(doc, slide->pos, "slide %d does not fit even at %d%% type and its pictures "
                      "at %d%%: %.1f pt of it are cut off at the foot; shorten it or split it",
                      slide->u.slide.number,
                      (int)(SLIDE_FLOOR * 100 + 0.5), (int)(IMAGE_LAST * 100 + 0.5),
                      pt_from_unit(height - body));
        else if (used < 1.0 && doc->opt && doc->opt->verbose)
            fprintf(stderr, "%s:%u:1: note: slide %d set at %d%% type to fit\n", doc->path,
                    slide->pos.line, slide->u.slide.number, (int)(used * 100 + 0.5));
        stack(doc, s0, doc->n_slices, NULL, &n);
        Placed *placed = arena_alloc(doc->arena, sizeof(Placed) * (size_t)(n ? n : 1));
        stack(doc, s0, doc->n_slices, placed, &n);
        bool title = slide->u.slide.number == 1;
        if ((title || lb->slide_middle) && height < body) {
            Unit lift = (body - height) / 2;   /* the title slide is centred */
            for (int i = 0; i < n; i++)
                placed[i].y += lift;
        }
        Page *p = &doc->pages[doc->n_pages++];
        p->number = slide->u.slide.number;
        p->n = n;
        p->placed = placed;
        p->title_page = title;
        p->shift = shift;
        p->narrow = measure != g->measure ? measure : body != g->body_height ? body : 0;
        p->clip = clipped ? body : 0;
        p->marks = art;
        if (lb->slide_background != base->slide_background) {
            PageMarks *m = arena_zalloc(doc->arena, sizeof *m);
            if (art)
                *m = *art;
            m->background = lb->slide_background;
            p->marks = m;
        }
        p->marks = ground_marks(doc, slide, p->marks);
        p->dest = arena_printf(doc->arena, "%sslide-%d", prefix, slide->u.slide.number);
        bool foot = !title || base->paginate_title;   /* the theme's way */
        const char *footer = look && look->footer ? look->footer
                             : foot ? slide_template(doc, base->slide_footer, shown, counted)
                                    : NULL;
        bool number = pg >= 0 ? pg == 1 || pg == PAGINATE_HOLD : foot;
        /* (a vertical deck's head and foot across the slide: draw.c) */
        Unit band = g->vertical ? body : measure;
        doc->across++;
        if (footer || number)
            make_foot(doc, lb, p->marks, p, shown, counted, footer, number, band);
        if (look && look->header)
            p->head[SLOT_LEFT] = (Slot){inline_layout_cut(doc, look->header, &lb->head, band,
                                                          slide->pos), 0};
        doc->across--;
    }
}
