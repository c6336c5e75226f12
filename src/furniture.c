/*
 * furniture.c: running heads, folios and the marks on every page (see
 * furniture.h). Reads doc->pages (after pagination), doc->theme, the
 * front matter; writes each page's head and foot slots and its marks.
 *
 * A page belongs to a set: the title page (page 1 of a report with a
 * title), the appendix's pages (labelled A-1 ...), else the odd or even
 * pages. Each set has three templates for the head (left, centre, right)
 * and three for the foot (template.h); a set's template left unset (~) is
 * the odd pages' (the appendix's: the odd or even pages'). Fields: the
 * front matter's ({title}, {date} as the title block prints it, {docno},
 * any key), and the page's: {section} (the h1 or h2 in force, as the
 * running head has always shown), {chapter} (the chapter in force: a heading of the
 * document's top level, ## when it has no #), {page}
 * (its label) and {pages} (the label of the body's last page). A template
 * whose fields are all empty prints nothing.
 *
 * The sheets of a handout or of notes pages (furniture_sheets) have their
 * heads and folio from the slide theme's handout.* templates instead, in
 * the deck's fields (slide_template: {page} and {pages} count the sheets),
 * laid out the same way.
 *
 * Geometry, in the head's or foot's band across the text block (all its
 * columns: PageGeom.block_width; drawn from page_left, mirrored): the left
 * slot starts at the block's left edge and stops an em short of the
 * middle; the right slot starts at the middle and ends at the block's
 * right edge (with the built-in heads and no logo an em short of it, where
 * the section head has always ended: documents keep their bytes); a centre
 * slot is centred on the block (the folio: as folio.align sets it), and
 * the side slots then stop an em short of what it takes. The head's left
 * slot takes header.align, the foot's centre folio.align (the title and
 * the folio as they always were); the others are aligned to their side. A
 * text too long for its slot is cut with "…". The mark (a label in a
 * frame) sits flush with the block's edge in its corner of the head's or
 * the foot's band, the logo at the edge of its slot (after the mark, on
 * the mark's side); the side slot's text moves in, half an em from them.
 * The watermark is laid out once, drawn by draw.c diagonally behind the
 * text as outlines (no text to extract).
 * The marks join a deck's own (slide.c's ground and logo) when the deck's
 * slides carry the slide theme's mark and watermark.
 * Not done: a logo in the foot; heads that change within a page (a second
 * section starting on it names the first, as before).
 */
#include "furniture.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "figure.h"
#include "image.h"
#include "inline.h"
#include "node.h"
#include "parse.h"
#include "slide.h"
#include "style.h"
#include "template.h"
#include "theme.h"

/* --- fields --- */

typedef struct Fill {
    Doc *doc;
    const Page *page;                      /* NULL: the document's fields only */
    const char *pages;                     /* {pages} */
    const char *date;                      /* {date}, made once */
} Fill;

static const char *
field_value(void *ctx, const char *name, size_t len)
{
    const Fill *f = ctx;
    const Page *p = f->page;
#define IS(s) (len == sizeof(s) - 1 && memcmp(name, s, len) == 0)
    if (IS("section") || IS("chapter")) {
        const Node *h = !p ? NULL : IS("section") ? p->section : p->chapter;
        return h ? node_text(f->doc, h) : NULL;
    }
    if (IS("page"))
        return !p ? NULL : p->label ? p->label
                                    : arena_printf(doc_pass_arena(f->doc), "%d", p->number);
    if (IS("pages"))
        return p ? f->pages : NULL;
    if (IS("date"))
        return f->date;
#undef IS
    return parse_meta_field(f->doc, name, len);
}

/* The label of the body's last page: {pages}. */
static const char *
body_pages(Doc *doc)
{
    for (int i = doc->n_pages - 1; i >= 0; i--) {
        const Page *p = &doc->pages[i];
        if (!p->appendix)
            return p->label ? p->label : arena_printf(doc_pass_arena(doc), "%d", p->number);
    }
    return arena_printf(doc_pass_arena(doc), "%d", doc->n_pages);
}

/* --- one line in a slot --- */

/* Lines shared by the pages that show the same text in the same place (the
 * title on every page, a section's name on its pages): one layout each. */
typedef struct Heads {
    Doc *doc;
    GHashTable *lines;                     /* "style|width|text" -> Line */
} Heads;

static const Line *
slot_line(Heads *h, const char *text, const Style *st, Unit width, SrcPos pos)
{
    if (!text || width <= 0)
        return NULL;
    char *key = g_strdup_printf("%p|%d|%s", (const void *)st, (int)width, text);
    const Line *ln = g_hash_table_lookup(h->lines, key);
    if (ln) {
        g_free(key);
        return ln;
    }
    h->doc->across++;                      /* (across the paper in vertical text too) */
    ln = inline_layout_cut(h->doc, text, st, width, pos);
    h->doc->across--;
    g_hash_table_insert(h->lines, key, (gpointer)ln);
    return ln;
}

/* The template of slot k for page set `set`: unset ones inherit. */
static const char *
slot_template(const char *const texts[PAGE_SETS][3], PageSet set, bool even, int k)
{
    const char *s = texts[set][k];
    if (!s && set == PAGES_APPENDIX)
        s = texts[even ? PAGES_EVEN : PAGES_ODD][k];
    if (!s)
        s = texts[PAGES_ODD][k];
    return s ? s : "";
}

/* Where the source of a template's text is: the heading it names, if any
 * (for the warnings of its layout). */
static SrcPos
template_pos(const char *tpl, const Page *p, SrcPos dflt)
{
    if (strstr(tpl, "{section}") && p->section)
        return p->section->pos;
    if (strstr(tpl, "{chapter}") && p->chapter)
        return p->chapter->pos;
    return dflt;
}

/* --- a band: the head's or the foot's three slots --- */

typedef struct Band {
    const Style *left, *center, *right;    /* the slots' styles: the band's, aligned
                                            * to their side but for its first slot's
                                            * (the head's left, the foot's centre: the
                                            * title and the folio as they always were) */
    Unit em;
    Unit start, end;                       /* the side slots' text: from start (left), up
                                            * to end (right), past the marks and logo */
    bool clear;                            /* no mark or logo in the band */
    const Style *flush;                    /* left-aligned: beside a centred logo */
    Unit logo_x, logo_w;                   /* a logo in the centre slot, else logo_w 0 */
    SrcPos pos;                            /* for a line that names no heading */
} Band;

/* Lay out the band's texts t[3] into out[3]. */
static void
lay_band(Heads *h, const Band *b, const Page *p, const char *const t[3],
         const char *const tpl[3], Slot out[3])
{
    const PageGeom *g = &h->doc->geom;
    Unit m = geom_band_width(g), half = m / 2;
    for (int k = 0; k < 3; k++)
        out[k] = (Slot){NULL, 0};
    /* the centre first: the sides stop short of it */
    Unit c0 = half, c1 = half;             /* what the centre takes */
    if (b->logo_w) {
        c0 = b->logo_x;
        c1 = b->logo_x + b->logo_w;
        if (t[SLOT_CENTER]) {
            Unit x = c1 + b->em / 2;
            out[SLOT_CENTER] = (Slot){slot_line(h, t[SLOT_CENTER], b->flush, b->end - x,
                                                template_pos(tpl[1], p, b->pos)), x};
            if (out[SLOT_CENTER].line)
                c1 = x + out[SLOT_CENTER].line->natural;
        }
    } else if (t[SLOT_CENTER]) {
        /* across the block, as the folio always was; narrower past a mark */
        Unit inset = b->start > m - b->end ? b->start : m - b->end;
        Unit x = b->clear ? 0 : inset;
        const Line *ln = slot_line(h, t[SLOT_CENTER], b->center, m - 2 * x,
                                   template_pos(tpl[1], p, b->pos));
        out[SLOT_CENTER] = (Slot){ln, x};
        if (ln) {
            /* where its text is: the folio's style may set it left or right */
            Unit w = m - 2 * x, room = w > ln->natural ? w - ln->natural : 0;
            c0 = x + (b->center->align == ALIGN_CENTER ? room / 2
                      : b->center->align == ALIGN_RIGHT ? room : 0);
            c1 = c0 + ln->natural;
        }
    }
    /* the sides stop an em short of what the centre takes */
    Unit left_end = half - b->em, right_start = half, right_end = b->end;
    if (c1 > c0 && c0 < half && c0 - b->em < left_end)
        left_end = c0 - b->em;
    if (c1 > c0 && c1 > half) {
        if (c0 <= half)
            right_start = c1 + b->em > half ? c1 + b->em : half;
        else if (c0 - b->em < right_end)
            right_end = c0 - b->em;
    }
    if (t[SLOT_LEFT])
        out[SLOT_LEFT] = (Slot){slot_line(h, t[SLOT_LEFT], b->left, left_end - b->start,
                                          template_pos(tpl[0], p, b->pos)), b->start};
    if (t[SLOT_RIGHT])
        out[SLOT_RIGHT] = (Slot){slot_line(h, t[SLOT_RIGHT], b->right, right_end - right_start,
                                           template_pos(tpl[2], p, b->pos)), right_start};
}

/* Are t's running heads the built-in ones? Then, with no logo among them,
 * the right one ends an em short of the block's edge, as it always has
 * (documents keep their bytes); a house style's heads are flush with both
 * edges. */
static bool
builtin_heads(const Theme *t)
{
    const Theme *r = theme_report();
    for (int set = 0; set < PAGE_SETS; set++)
        for (int k = 0; k < 3; k++) {
            const char *a = t->head_text[set][k], *b = r->head_text[set][k];
            if (a != b && (!a || !b || strcmp(a, b) != 0))
                return false;
        }
    return true;
}

/* A band's styles and the room its side slots leave for the mark and
 * logo in it (`top`: the head's band; `em_short`: its right slot ends an
 * em short of the block's edge, unless a logo is there). */
static Band
make_band(Doc *doc, const Style *base, bool top, bool em_short, SrcPos pos)
{
    const PageMarks *mk = doc->marks;
    const Theme *t = doc->theme;
    Unit m = geom_band_width(&doc->geom), half = m / 2, em = base->size;
    Band b = {.em = em, .start = 0, .end = m, .clear = true, .pos = pos};
    if (top && em_short && !(mk && mk->logo))
        b.end = 2 * half - em;             /* where the section head has always ended */
    Style l = *base, r = *base, c = *base;
    l.align = ALIGN_LEFT;
    r.align = ALIGN_RIGHT;
    c.align = ALIGN_CENTER;
    b.flush = style_intern(doc, &l);
    b.left = top ? base : b.flush;
    b.center = top ? style_intern(doc, &c) : base;
    b.right = style_intern(doc, &r);
    if (!mk)
        return b;
    Unit right_end = m;
    if (mk->mark && (t->mark_corner <= CORNER_TOP_LEFT) == top) {
        bool left = t->mark_corner == CORNER_TOP_LEFT || t->mark_corner == CORNER_BOTTOM_LEFT;
        if (left)
            b.start = mk->box_x + mk->box_w + em / 2;
        else
            right_end = mk->box_x - em / 2;
    }
    if (mk->logo && top) {
        if (t->head_logo_slot == SLOT_LEFT)
            b.start = mk->logo_x + mk->logo_w + em / 2;
        else if (t->head_logo_slot == SLOT_RIGHT)
            right_end = mk->logo_x - em / 2;
        else
            b.logo_x = mk->logo_x, b.logo_w = mk->logo_w;
    }
    if (right_end < m)
        b.end = right_end;
    b.clear = b.start == 0 && right_end == m && !b.logo_w;
    return b;
}

/* The mark of a note continued from the page before, on the pages whose
 * notes start with one. */
static void
note_marks(Doc *doc)
{
    const Line *ln = NULL;
    for (int i = 0; i < doc->n_pages; i++) {
        Page *p = &doc->pages[i];
        if (!p->notes_continued)
            continue;
        if (!ln) {
            Style mark = doc->theme->note;
            mark.align = ALIGN_RIGHT;
            const char *text = "（前ページから続く）";
            Line *l;
            inline_layout_text(doc, text, strlen(text), style_intern(doc, &mark),
                               doc->geom.measure, false, NULL, (SrcPos){0, 0}, &l);
            ln = l;
        }
        p->note_mark = ln;
    }
}

void
furniture_pages(Doc *doc)
{
    furniture_marks(doc);
    note_marks(doc);
    const Theme *t = doc->theme;
    Heads h = {doc, g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL)};
    Band head = make_band(doc, &t->head, true, builtin_heads(t), (SrcPos){1, 1});
    Band foot = make_band(doc, &t->folio, false, false, (SrcPos){0, 0});
    Fill fill = {doc, NULL, body_pages(doc), parse_meta_field(doc, "date", 4)};
    for (int i = 0; i < doc->n_pages; i++) {
        Page *p = &doc->pages[i];
        bool first = i == 0 && p->title_page && doc->meta.title;
        if (p->title_page && !first)
            continue;                      /* a page of its own size */
        bool even = p->number % 2 == 0;
        PageSet set = first ? PAGES_FIRST : p->appendix ? PAGES_APPENDIX
                      : even ? PAGES_EVEN : PAGES_ODD;
        fill.page = p;
        const char *tpl[3], *text[3];
        for (int k = 0; k < 3; k++) {
            tpl[k] = slot_template(t->head_text, set, even, k);
            text[k] = template_expand(doc_pass_arena(doc), tpl[k], field_value, &fill, NULL);
        }
        lay_band(&h, &head, p, text, tpl, p->head);
        for (int k = 0; k < 3; k++) {
            tpl[k] = slot_template(t->foot_text, set, even, k);
            text[k] = template_expand(doc_pass_arena(doc), tpl[k], field_value, &fill, NULL);
        }
        lay_band(&h, &foot, p, text, tpl, p->foot);
    }
    g_hash_table_destroy(h.lines);
}

void
furniture_sheets(Doc *h, Doc *deck)
{
    furniture_marks(h);
    note_marks(h);
    const Theme *t = h->theme, *look = &deck->themes->slide;
    Heads heads = {h, g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL)};
    /* (the right head an em short of the edge, as handouts' always was) */
    Band head = make_band(h, &t->head, true, true, (SrcPos){1, 1});
    Band foot = make_band(h, &t->folio, false, false, (SrcPos){0, 0});
    const char *const none[3] = {"", "", ""};
    for (int i = 0; i < h->n_pages; i++) {
        Page *p = &h->pages[i];
        int n = h->n_pages;
        const char *text[3] = {slide_template(h, look->handout_header, p->number, n), NULL,
                               slide_template(h, look->handout_header_right, p->number, n)};
        lay_band(&heads, &head, p, text, none, p->head);
        const char *folio[3] = {NULL, slide_template(h, look->handout_footer, p->number, n),
                                NULL};
        lay_band(&heads, &foot, p, folio, none, p->foot);
    }
    g_hash_table_destroy(heads.lines);
}

/* --- the marks on every page --- */

static Style
mark_style(const Theme *t, Unit size, uint32_t color)
{
    Style s = t->head;
    s.font = FONT_SANS;
    s.weight = 700;
    s.size = size;
    s.pitch = size * 3 / 2;
    s.color = color;
    s.align = ALIGN_LEFT;
    return s;
}

/* The mark's line and frame (mark.text filled in, `text`). */
static void
make_mark(Doc *doc, const char *text, PageMarks *mk)
{
    const Theme *t = doc->theme;
    const PageGeom *g = &doc->geom;
    Style st = mark_style(t, t->mark_size, t->mark_color);
    Unit size = st.size, pad_x = size / 2, pad_y = size * 3 / 10, m = geom_band_width(g);
    doc->across++;                         /* (across the paper in vertical text too) */
    mk->mark = inline_layout_cut(doc, text, style_intern(doc, &st), m / 2 - 2 * pad_x,
                                 (SrcPos){1, 1});
    doc->across--;
    mk->box_w = mk->mark->natural + 2 * pad_x;
    mk->box_h = size + 2 * pad_y;
    bool left = t->mark_corner == CORNER_TOP_LEFT || t->mark_corner == CORNER_BOTTOM_LEFT;
    mk->box_x = left ? 0 : m - mk->box_w;
    mk->mark_x = mk->box_x + pad_x;
    /* (a vertical page's from the baselines of its bands across 天 and 地,
     * which draw.c places: PageMarks) */
    Unit hb = g->vertical ? 0 : g->head_baseline, fb = g->vertical ? 0 : g->foot_baseline;
    if (t->mark_corner <= CORNER_TOP_LEFT) {
        /* its foot just above the head's rule */
        Unit bottom = hb + t->head.size * 6 / 10 - unit_from_pt(1);
        mk->box_y = bottom - mk->box_h;
        mk->mark_baseline = mk->box_y + pad_y + size * 88 / 100;
    } else {
        mk->mark_baseline = fb;
        mk->box_y = mk->mark_baseline - size * 88 / 100 - pad_y;
    }
    mk->mark_color = t->mark_color;
}

/* The watermark's line (watermark.text filled in), its runs outlines. */
static void
make_watermark(Doc *doc, const char *text, PageMarks *mk)
{
    const Theme *t = doc->theme;
    const PageGeom *g = &doc->geom;
    Style st = mark_style(t, t->watermark_size ? t->watermark_size : unit_from_pt(72),
                          t->watermark_color);
    Line *ln;
    doc->across++;                         /* (across the paper in vertical text too) */
    inline_layout_text(doc, text, strlen(text), style_intern(doc, &st), 0, false, NULL,
                       (SrcPos){1, 1}, &ln);
    doc->across--;
    /* outlines: seen, never extracted (draw.c) */
    Line *copy = arena_memdup(doc->arena, ln, sizeof *ln);
    Run *runs = arena_alloc(doc->arena, sizeof(Run) * (size_t)(ln->n_runs + 1));
    memcpy(runs, ln->runs, sizeof(Run) * (size_t)ln->n_runs);
    for (int i = 0; i < ln->n_runs; i++)
        runs[i].outline = true;
    copy->runs = runs;
    mk->watermark = copy;
    if (!t->watermark_size) {
        double w, h;
        page_paper(g, NULL, &w, &h);
        mk->watermark_fit = unit_from_pt(sqrt(w * w + h * h) * 0.6);
    }
}

/* The logo's box: header.logo-height high (a third of the text block wide
 * at most), on the head's baseline, at the edge of its slot (past a mark
 * on that side). */
static void
place_logo(Doc *doc, PageMarks *mk)
{
    const Theme *t = doc->theme;
    const PageGeom *g = &doc->geom;
    const ImageInfo *info = image_info(mk->logo);
    Unit em = t->head.size, m = geom_band_width(g);
    mk->logo_h = t->head_logo_height;
    mk->logo_w = info->h_pt > 0 ? (Unit)(mk->logo_h * (info->w_pt / info->h_pt)) : mk->logo_h;
    if (mk->logo_w > m / 3) {
        mk->logo_h = (Unit)((double)mk->logo_h * (m / 3) / mk->logo_w);
        mk->logo_w = m / 3;
    }
    /* a little below the baseline, as descenders go (a vertical page's head
     * is across 天, above its block's left edge as laid out: draw.c) */
    Unit hb = g->vertical ? g->left - (g->top - g->head_baseline) : g->head_baseline;
    mk->logo_y = hb + em * 2 / 10 - mk->logo_h;
    bool mark_left = mk->mark && t->mark_corner == CORNER_TOP_LEFT;
    bool mark_right = mk->mark && t->mark_corner == CORNER_TOP_RIGHT;
    if (t->head_logo_slot == SLOT_LEFT)
        mk->logo_x = mark_left ? mk->box_x + mk->box_w + em / 2 : 0;
    else if (t->head_logo_slot == SLOT_RIGHT)
        mk->logo_x = (mark_right ? mk->box_x - em / 2 : m) - mk->logo_w;
    else
        mk->logo_x = (m - mk->logo_w) / 2;
}

void
furniture_marks(Doc *doc)
{
    const PageMarks *before = doc->marks;
    if (!doc->marks_made) {
        doc->marks_made = true;
        const Theme *t = doc->theme;
        Fill fill = {doc, NULL, NULL, parse_meta_field(doc, "date", 4)};
        /* a deck's ground and logo (slide.c), if any, and the theme's own */
        PageMarks mk = doc->marks ? *doc->marks : (PageMarks){.background = 0xffffff};
        const char *text = t->mark_text ? template_expand(doc->arena, t->mark_text, field_value,
                                                          &fill, NULL)
                                        : NULL;
        if (text)
            make_mark(doc, text, &mk);
        text = t->watermark_text ? template_expand(doc->arena, t->watermark_text, field_value,
                                                   &fill, NULL)
                                 : NULL;
        if (text)
            make_watermark(doc, text, &mk);
        if (!mk.logo && (mk.logo = figure_theme_picture(doc, &t->head_logo, "header.logo")))
            place_logo(doc, &mk);
        if (mk.mark || mk.watermark || page_marks_ground(&mk))
            doc->marks = arena_memdup(doc->arena, &mk, sizeof mk);
    }
    for (int i = 0; i < doc->n_pages; i++) {
        Page *p = &doc->pages[i];
        const PageMarks *own = p->marks;
        p->marks = p->width || p->height ? NULL : doc->marks;
        if (p->marks != own && own && own != before && !p->width && !p->height) {
            /* a slide's own ground and pictures (its Marp directives and
             * ![bg]: slide.c) under the deck's marks */
            PageMarks *mk = arena_zalloc(doc->arena, sizeof *mk);
            *mk = doc->marks ? *doc->marks : *own;
            mk->background = own->background;
            mk->grounds = own->grounds;
            mk->n_grounds = own->n_grounds;
            p->marks = mk;
        }
    }
}
