/*
 * block.c: vertical flow, from the styled Node tree to the galley of Slices.
 * Reads doc->root (styled) and doc->geom; writes doc->slices.
 * A vertical document's galley is the same, of its page turned (vertical.h),
 * but for what stands upright in it: pictures, and tables and code blocks
 * set across in boxes (stand_upright, layout_code_upright).
 *
 * One recursive walk over block nodes (depth bounded by parse.c's
 * LIMIT_NEST_DEPTH) with a context of left offset and width. Paragraph
 * lines become one SLICE_LINE each on the body pitch; headings and the title
 * block are single SLICE_BLOCKs whose height is a whole number of body
 * pitches, so the text after them stays on the line grid; list items
 * indent by whole ems (pure Japanese lines still fill the measure) and put
 * their marker beside the first line (beside its text, when it is centred,
 * as on a slide of class lead); code lines sit on their own smaller
 * pitch inside a shaded box padded to whole pitches. Widows and orphans are
 * kept off by keep_with_next on a paragraph's first line and on its
 * second-to-last; headings keep with what follows. The contents (目次)
 * never leaves a page with only one or two of its lines: it closes up to
 * a tighter pitch, else lists the appendix's slides as one entry, else
 * keeps its last three lines together (layout_toc). Footnote lines are set
 * here and placed at page feet by paginate.c, or set in the text at the end
 * of a chapter or of the document (footnote.place). In two columns (段組) the
 * body is set at the column's measure, the title block and the contents
 * across the text block (Slice.span).
 * Not done: floats.
 */
#include "block.h"

#include <glib.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "balance.h"
#include "diag.h"
#include "figure.h"
#include "i18n.h"
#include "inline.h"
#include "layout_impl.h"
#include "limits.h"
#include "node.h"
#include "progress.h"
#include "style.h"

struct Flow {
    Doc *doc;
    const Theme *theme;
    const char *restart_labels;            /* the next slice restarts the page labels */
    int note;                              /* the footnote being laid out, or 0 */
    bool off_grid;                         /* notes set in the text: lines on their own
                                            * pitch, off the body's grid */
    bool restart_roman;
    const Line *marker;                    /* a list marker waiting for its first line */
    const Node *marker_node;               /* its list item or note */
    Unit marker_x;
    const char *marker_dest;
    bool break_next;                       /* a page break before the next slice */
    int quote;                             /* quote depth of the current block */
    Unit quote_x[LIMIT_NEST_DEPTH + 1];    /* x of each quote bar */
    int quote_end;                         /* 1 + the galley's size when the last quote
                                            * ended (one right after gets a gap) */
};

typedef struct Ctx { Unit x, width; bool in_item; } Ctx;

#define PT(x) ((Unit)((x) * 1024))

int
block_push(Doc *doc, const Slice *s)
{
    if (doc->n_slices == doc->cap_slices) {
        doc->cap_slices = doc->cap_slices ? doc->cap_slices * 2 : 256;
        doc->slices = xrealloc(doc->slices, (size_t)doc->cap_slices * sizeof(Slice));
    }
    doc->slices[doc->n_slices] = *s;
    return doc->n_slices++;
}

SliceExtra *
block_extra(Doc *doc, Slice *s)
{
    if (!s->x)
        s->x = arena_zalloc(doc_pass_arena(doc), sizeof(SliceExtra));
    return s->x;
}

Unit
block_baseline(const Style *style, Unit pitch)
{
    return (pitch - style->size) / 2 + style->size * 88 / 100;
}

static Unit
round_up(Unit v, Unit step)
{
    return (v + step - 1) / step * step;
}

/* Quote bars for a slice of height h. */
static const Deco *
quote_decos(Flow *f, Unit h, int *n)
{
    *n = f->quote;
    if (!f->quote)
        return NULL;
    Deco *d = arena_zalloc(doc_pass_arena(f->doc), sizeof(Deco) * (size_t)f->quote);
    for (int i = 0; i < f->quote; i++)
        d[i] = (Deco){.kind = DECO_VLINE, .color = f->theme->quote_bar, .x = f->quote_x[i],
                      .y = 0, .w = 0, .h = h, .line_width = PT(1.5)};
    return d;
}

/* The footnotes referenced on the slice's lines (runs with a "fnref-N"
 * destination), so pagination can set them at the foot of its page. */
static void
find_refs(Doc *doc, Slice *s)
{
    int n = 0, cap = 0;
    int *refs = NULL;
    for (int i = 0; i < s->n_lines; i++) {
        const Line *ln = s->lines[i].line;
        for (int r = 0; r < ln->n_runs; r++) {
            const char *d = run_dest(&ln->runs[r]);
            const char *k = d ? strstr(d, "fnref-") : NULL;
            if (!k)
                continue;
            if (n == cap) {
                cap = cap ? cap * 2 : 4;
                int *nr = arena_alloc(doc_pass_arena(doc), sizeof(int) * (size_t)cap);
                if (n)
                    memcpy(nr, refs, sizeof(int) * (size_t)n);
                refs = nr;
            }
            refs[n++] = atoi(k + 6);
        }
    }
    s->refs = refs;
    s->n_refs = n;
}

/* Push a slice, applying a pending page break and list marker. */
static int
push(Flow *f, Slice *s)
{
    if (f->break_next) {
        s->break_before = 1;
        f->break_next = false;
    }
    if (f->restart_labels && !slice_x(s)->label_prefix && s->kind != SLICE_GAP) {
        SliceExtra *x = block_extra(f->doc, s);
        x->label_prefix = f->restart_labels;
        x->label_roman = f->restart_roman;
        f->restart_labels = NULL;
    }
    if (f->marker && s->n_lines > 0) {
        SliceLine *ls = arena_alloc(doc_pass_arena(f->doc),
                                    sizeof(SliceLine) * (size_t)(s->n_lines + 1));
        memcpy(ls, s->lines, sizeof(SliceLine) * (size_t)s->n_lines);
        /* a centred (or right-aligned) item: its marker moves with its first line */
        const Line *first = s->lines[0].line;
        Unit shift = s->node && s->node->style && first && first->n_runs > 0
                             && (s->node->style->align == ALIGN_CENTER
                                 || s->node->style->align == ALIGN_RIGHT)
                         ? first->runs[0].x : 0;
        ls[s->n_lines] = (SliceLine){.line = f->marker, .x = f->marker_x + shift,
                                     .y = s->lines[0].y, .node = f->marker_node,
                                     .marker = true};
        s->lines = ls;
        s->n_lines++;
        if (f->marker_dest && !s->dest)
            s->dest = f->marker_dest;
        f->marker = NULL;
        f->marker_dest = NULL;
    }
    if (f->quote && !s->decos)
        s->decos = quote_decos(f, s->height, &s->n_decos);
    s->note_of = f->note;
    find_refs(f->doc, s);
    return block_push(f->doc, s);
}

static void
push_gap(Flow *f, Unit h, bool discardable)
{
    if (h <= 0)
        return;
    Doc *doc = f->doc;
    if (doc->n_slices > 0 && !f->break_next) {
        /* space meets space (a table's, then a heading's): the larger one */
        Slice *last = &doc->slices[doc->n_slices - 1];
        if (last->kind == SLICE_GAP && last->gap_discardable && discardable) {
            if (h > last->height)
                last->height = h;
            return;
        }
    }
    Slice s = {.kind = SLICE_GAP, .height = h, .gap_discardable = discardable, .header = -1,
               .on_grid = 1};
    push(f, &s);
}

static SliceLine *
one_line(Doc *doc, const Line *ln, Unit x, Unit y)
{
    SliceLine *sl = arena_alloc(doc_pass_arena(doc), sizeof(SliceLine));
    *sl = (SliceLine){.line = ln, .x = x, .y = y};
    return sl;
}

/* Lines of a paragraph-like block, one slice each, with widow/orphan keeps. */
static void
push_lines(Flow *f, const Node *node, const Line *lines, int n, Unit x, Unit pitch,
           const Style *style, bool on_grid, const Deco *bg)
{
    Unit base = block_baseline(style, pitch);
    for (int i = 0; i < n; i++) {
        Slice s = {.kind = SLICE_LINE, .height = pitch, .header = -1, .node = node,
                   .on_grid = on_grid && !f->off_grid};
        s.lines = one_line(f->doc, &lines[i], x, base);
        s.n_lines = 1;
        /* no single line of a paragraph alone at a page foot or head */
        s.keep_with_next = n >= 2 && (i == 0 || i == n - 2);
        if (bg) {
            Deco *d = arena_memdup(doc_pass_arena(f->doc), bg, sizeof(Deco));
            d->h = pitch;
            s.decos = d;
            s.n_decos = 1;
        }
        push(f, &s);
    }
}

/* --- blocks --- */

static void layout_block(Flow *f, const Node *n, Ctx c);

static void
layout_children(Flow *f, const Node *n, Ctx c)
{
    for (const Node *ch = n->first; ch; ch = ch->next)
        layout_block(f, ch, c);
}

/* Japanese paragraphs start one em in (字下げ); in a list item or a note
 * the first paragraph follows the marker, later ones are indented. */
static bool
indents_first_line(const Node *para)
{
    const Node *p = para->parent;
    if (!p)
        return false;
    if (p->type == NODE_DOCUMENT || p->type == NODE_QUOTE)
        return true;
    if (p->type == NODE_DIV)               /* (HTML's: set as the text around it) */
        return p->u.div.align == ALIGN_JUSTIFY && !p->u.div.summary;
    return (p->type == NODE_ITEM || p->type == NODE_FOOTNOTE_DEF) && p->first != para;
}

/* Does the paragraph begin with U+3000, the author's own indent (字下げ)? */
static bool
own_indent(const Node *para)
{
    const Node *t = para->first;
    return t && t->type == NODE_TEXT && t->u.text.len >= 3
           && memcmp(t->u.text.text, "\xe3\x80\x80", 3) == 0;
}

static void
layout_paragraph(Flow *f, const Node *n, Ctx c)
{
    Line *lines;
    Unit indent = f->theme->para_indent && indents_first_line(n) && !own_indent(n)
                      ? n->style->size : 0;
    int count = inline_layout_block(f->doc, n, c.width, indent, &lines);
    push_lines(f, n, lines, count, c.x, n->style->pitch, n->style, true, NULL);
}

static void
layout_heading(Flow *f, const Node *n, Ctx c)
{
    const Theme *t = f->theme;
    Unit pitch = f->doc->geom.pitch;
    int level = n->u.heading.level < 1 ? 1 : n->u.heading.level > 4 ? 4 : n->u.heading.level;
    push_gap(f, pitch * t->heading_lines_before[level - 1], true);
    Line *lines;
    int count = balance_layout_block(f->doc, n, c.width, &lines);   /* balanced */
    Unit hp = n->style->pitch;
    /* whole pitches; a heading of two lines or more keeps a quarter pitch
     * of air above and below (a two-line h1 on 17 pt: 48 pt of lines in 51) */
    Unit h = round_up(hp * count + (count > 1 ? pitch / 2 : 0), pitch);
    Unit top = (h - hp * count) / 2;
    h += pitch * t->heading_lines_after[level - 1];   /* (kept with what follows) */
    SliceLine *ls = arena_alloc(doc_pass_arena(f->doc), sizeof(SliceLine) * (size_t)count);
    for (int i = 0; i < count; i++)
        ls[i] = (SliceLine){.line = &lines[i], .x = c.x,
                            .y = top + hp * i + block_baseline(n->style, hp)};
    Slice s = {.kind = SLICE_BLOCK, .height = h, .keep_with_next = 1, .header = -1, .node = n,
               .heading = n, .dest = n->u.heading.dest, .lines = ls, .n_lines = count,
               .on_grid = 1};
    if (n->next && n->next->type == NODE_APPENDIX) {
        s.break_before = 1;                /* the appendix starts a page, labelled A-1 */
        block_extra(f->doc, &s)->label_prefix = "A-";
    }
    push(f, &s);
    const Node *slide = n->parent;
    if (slide && slide->type == NODE_SLIDE && slide->u.slide.title_node == n
        && slide->u.slide.number > 1)
        push_gap(f, pitch / 2, false);     /* air under a slide's title */
}

/* The title block alone on a page of its own (title-block.page): a little
 * above the middle of the text block (two fifths of what is left above,
 * three below), on the line grid, with its rule; the contents or the body
 * start on the next page. */
static void
title_page(Flow *f, Slice *s, Ctx c)
{
    Unit pitch = f->doc->geom.pitch, body = f->doc->geom.lines * pitch;
    Unit rule = f->theme->title_rule ? pitch : 0;
    Unit off = s->height + rule < body ? (body - s->height - rule) * 2 / 5 / pitch * pitch : 0;
    SliceLine *ls = (SliceLine *)s->lines;
    for (int i = 0; i < s->n_lines; i++)
        ls[i].y += off;
    if (rule) {
        Deco *d = arena_zalloc(doc_pass_arena(f->doc), sizeof(Deco));
        *d = (Deco){.kind = DECO_HLINE, .color = f->theme->rule_color, .x = c.x,
                    .y = off + s->height + pitch / 2, .w = c.width, .line_width = PT(0.5)};
        s->decos = d;
        s->n_decos = 1;
    }
    s->height = off + s->height + rule > body ? off + s->height + rule : body;
    s->keep_with_next = 0;
    push(f, s);
    f->break_next = true;
    if (!s->node->next || s->node->next->type != NODE_TOC) {
        f->restart_labels = "";            /* the body from 1 */
        f->restart_roman = false;
    }
}

static void
layout_title(Flow *f, const Node *n, Ctx c)
{
    Unit pitch = f->doc->geom.pitch;
    int total = 0;
    for (const Node *l = n->first; l; l = l->next)
        total++;
    if (!total)
        return;
    /* lay out each title line; the block gets whole pitches */
    SliceLine *ls = NULL;
    int n_ls = 0, cap = 0;
    Unit y = 0;
    bool prev_field = false;
    for (const Node *l = n->first; l; l = l->next) {
        Line *lines;
        int count = balance_layout_block(f->doc, l, c.width, &lines);   /* balanced */
        Unit hp = l->style->pitch;
        bool field = l->u.title.role == TITLE_FIELD;
        if (l->u.title.role == TITLE_AUTHOR
            || (l->u.title.role == TITLE_EVENT && l != n->first && f->theme->title_gap_event))
            y += pitch;                    /* a blank line before the byline (and the event) */
        else if (l != n->first && field != prev_field)
            y += pitch;                    /* and between the theme's lines and the others */
        prev_field = field;
        for (int i = 0; i < count; i++) {
            if (n_ls == cap) {
                cap = cap ? cap * 2 : 8;
                SliceLine *nl = arena_alloc(doc_pass_arena(f->doc),
                                            sizeof(SliceLine) * (size_t)cap);
                if (n_ls)
                    memcpy(nl, ls, sizeof(SliceLine) * (size_t)n_ls);
                ls = nl;
            }
            ls[n_ls++] = (SliceLine){.line = &lines[i], .x = c.x,
                                     .y = y + block_baseline(l->style, hp), .node = l};
            y += hp;
        }
    }
    Unit h = round_up(y, pitch);
    Slice s = {.kind = SLICE_BLOCK, .height = h, .header = -1, .node = n, .lines = ls,
               .n_lines = n_ls, .on_grid = 1, .keep_with_next = 1};
    bool toc = n->next && n->next->type == NODE_TOC;
    if (toc || f->theme->title_page) {
        SliceExtra *x = block_extra(f->doc, &s);
        x->label_prefix = "";              /* title and contents pages: i, ii ... */
        x->label_roman = true;
    }
    if (f->theme->title_page) {
        title_page(f, &s, c);
        return;
    }
    push(f, &s);
    if (!f->theme->title_rule)
        return;
    /* a rule under the title block */
    Deco *d = arena_zalloc(doc_pass_arena(f->doc), sizeof(Deco));
    *d = (Deco){.kind = DECO_HLINE, .color = f->theme->rule_color, .x = c.x, .y = pitch / 2,
                .w = c.width, .line_width = PT(0.5)};
    Slice r = {.kind = SLICE_RULE, .height = pitch, .header = -1, .node = n, .decos = d,
               .n_decos = 1, .on_grid = 1};
    push(f, &r);
}

/* --- the contents (目次) --- */

typedef struct TocEntry {
    const char *title, *dest;
    int indent;                            /* ems */
    SrcPos pos;
    const Node *toc;
    const char *label;                     /* "スライド 3" in a column of its own, or NULL */
    Unit label_w;                          /* that column's width (the widest label) */
    bool slide;                            /* an appendix slide's entry */
} TocEntry;

typedef struct TocLines { Slice *v; int n, cap; } TocLines;   /* lines before they are pushed */

/* One entry's lines at `pitch` (on the grid at the body pitch), appended
 * to out. */
static void
toc_entry(Flow *f, const TocEntry *e, Ctx c, Unit pitch, TocLines *out)
{
    Doc *doc = f->doc;
    const Style *body = doc->root->style;
    Unit em = body->size;
    const char *label = doc->labels ? g_hash_table_lookup(doc->labels, e->dest) : NULL;
    if (!label)
        label = "?";                       /* the first pass: pages not known yet */
    const char *href = arena_printf(doc->arena, "#%s", e->dest);
    Style left = *body, right = *body;
    left.align = ALIGN_LEFT;
    right.align = ALIGN_RIGHT;
    Line *num;
    inline_layout_text(doc, label, strlen(label), style_intern(doc, &right), c.width, false, href,
                       e->pos, &num);
    Unit x = c.x + e->indent * em;
    Line *tag = NULL;
    if (e->label) {
        /* the label column, then the title after a full-width space */
        inline_layout_text(doc, e->label, strlen(e->label), style_intern(doc, &left),
                           c.width, false, href, e->pos, &tag);
        x += e->label_w + em;
    }
    Unit room = c.x + c.width - x - num->natural - 2 * em;
    Line *title;                           /* (an entry that breaks is balanced) */
    int n = balance_layout_text(doc, e->title, strlen(e->title), style_intern(doc, &left), room,
                                href, e->pos, &title);
    Unit base = block_baseline(body, pitch);
    for (int i = 0; i < n; i++) {
        bool last = i == n - 1, first = i == 0 && tag;
        SliceLine *ls = arena_alloc(doc_pass_arena(doc), sizeof(SliceLine) * 3);
        int k = 0;
        if (first)
            ls[k++] = (SliceLine){.line = tag, .x = c.x + e->indent * em, .y = base};
        ls[k++] = (SliceLine){.line = &title[i], .x = x, .y = base};
        if (last)
            ls[k++] = (SliceLine){.line = num, .x = c.x, .y = base};
        Slice s = {.kind = SLICE_LINE, .height = pitch, .header = -1, .lines = ls,
                   .n_lines = k, .on_grid = pitch == body->pitch, .keep_with_next = !last,
                   .node = e->toc};
        if (last) {
            /* dot leaders from the title to the page number */
            Deco *d = arena_zalloc(doc_pass_arena(doc), sizeof(Deco));
            Unit from = x + title[i].width + em / 2, to = c.x + c.width - num->natural - em / 2;
            *d = (Deco){.kind = DECO_LEADER, .color = 0x000000, .x = from, .y = base - em / 4,
                        .w = to > from ? to - from : 0, .line_width = em / 8};
            s.decos = d;
            s.n_decos = 1;
        }
        if (out->n == out->cap) {
            out->cap = out->cap ? out->cap * 2 : 64;
            out->v = xrealloc(out->v, sizeof(Slice) * (size_t)out->cap);
        }
        out->v[out->n++] = s;
    }
}

/* All the entries' lines at `pitch`, the appendix's slides listed one by
 * one or, `collapsed`, as one entry 「スライド 1〜N」. */
static void
toc_lines(Flow *f, const TocEntry *es, int n, Ctx c, Unit pitch, bool collapsed, TocLines *out)
{
    out->n = 0;
    for (int i = 0; i < n; i++) {
        if (!es[i].slide || !collapsed) {
            toc_entry(f, &es[i], c, pitch, out);
            continue;
        }
        int j = i;
        while (j + 1 < n && es[j + 1].slide)
            j++;
        TocEntry all = es[i];
        all.label = NULL;
        all.title = j > i ? arena_printf(f->doc->arena, "%s〜%s", es[i].label,
                                         strchr(es[j].label, ' ') + 1)
                          : es[i].label;
        toc_entry(f, &all, c, pitch, out);
        i = j;
    }
}

/* The lines of the contents on its last page when n lines start with
 * `room` left on the first page at `pitch`, whole pages of `body` after;
 * 0 when they all fit on the first. */
static int
toc_last_page(int n, Unit pitch, Unit room, Unit body)
{
    int first = room / pitch, per = body / pitch;
    if (n <= first)
        return 0;
    if (per < 1)
        per = 1;
    int rest = (n - first) % per;
    return rest ? rest : per;
}

/* The pitch for n lines of contents: the body pitch, else the widest
 * tighter one, in quarter points down to 1.5 em (JLREQ: a line gap of half
 * the type size at least), that leaves no page with only one or two of
 * them; 0 if none does. */
static Unit
toc_pitch(int n, const Style *body, Unit room, Unit body_h)
{
    for (Unit p = body->pitch; p >= body->size * 3 / 2; p -= PT(0.25)) {
        int last = toc_last_page(n, p, room, body_h);
        if (last == 0 || last >= 3)
            return p;
    }
    return 0;
}

/* The entries of a list of figures or of tables: one per numbered figure
 * (table), its number in a column of its own, the caption after it. */
static TocEntry *
list_entries(Flow *f, const Node *toc, Ctx c, int *n_out)
{
    Doc *doc = f->doc;
    NodeType type = toc->u.toc.kind == TOC_FIGURES ? NODE_FIGURE : NODE_TABLE;
    TocEntry *es = NULL;
    int n = 0, cap = 0;
    Unit label_w = 0;                      /* the widest number */
    for (const Node *nd = doc->root; nd; nd = node_next(doc->root, nd)) {
        const Caption *k = nd->type != type ? NULL : type == NODE_TABLE ? nd->u.table.caption
                           : nd->u.link.figure ? &nd->u.link.figure->caption : NULL;
        if (!k || !k->number || !k->dest)
            continue;
        Line *ll;
        inline_layout_text(doc, k->number, strlen(k->number), doc->root->style, c.width, false,
                           NULL, nd->pos, &ll);
        if (ll->natural > label_w)
            label_w = ll->natural;
        if (n == cap)
            es = xrealloc(es, sizeof(TocEntry) * (size_t)(cap = cap ? cap * 2 : 32));
        es[n++] = (TocEntry){k->text ? k->text : "", k->dest, 0, nd->pos, toc, k->number, 0,
                             false};
    }
    for (int i = 0; i < n; i++)
        es[i].label_w = label_w;
    *n_out = n;
    return es;
}

/* The contents after the title block: the heading 目次, then an entry per
 * heading down to h3 and per slide of the appendix, with dot leaders to
 * the page labels. No page may hold only one or two of its lines: when
 * the body pitch would leave such a page, the entries close up (toc_pitch);
 * if that is not enough, the appendix's slides become one entry; if even
 * that is not, the last three lines keep together. The lists of figures
 * and tables (図目次, 表目次) follow it in the same shape, the numbers in a
 * column of their own; the body starts on a new page after the last. */
static void
layout_toc(Flow *f, const Node *toc, Ctx c)
{
    Doc *doc = f->doc;
    const Theme *t = f->theme;
    Unit pitch = doc->geom.pitch;
    TocKind kind = (TocKind)toc->u.toc.kind;
    const char *heading = kind == TOC_FIGURES ? t->lof_title : kind == TOC_TABLES ? t->lot_title
                                                                                  : "目次";
    if (toc == doc->root->first) {         /* (no title page before: its pages i, ii ...) */
        f->restart_labels = "";
        f->restart_roman = true;
    } else if (kind != TOC_CONTENTS && doc->n_slices > 0) {
        push_gap(f, pitch * t->heading_lines_before[1], true);
    }
    /* the heading: not a section, so no bookmark of its own */
    Line *lines;
    inline_layout_text(doc, heading, strlen(heading), &t->heading[1], c.width, false, NULL,
                       toc->pos, &lines);
    Unit h = round_up(t->heading[1].pitch, pitch);
    SliceLine *ls = arena_alloc(doc_pass_arena(doc), sizeof(SliceLine));
    *ls = (SliceLine){.line = lines, .x = c.x, .y = (h - t->heading[1].pitch) / 2
                                   + block_baseline(&t->heading[1], t->heading[1].pitch)};
    Slice s = {.kind = SLICE_BLOCK, .height = h, .keep_with_next = 1, .header = -1, .node = toc,
               .lines = ls, .n_lines = 1, .on_grid = 1};
    push(f, &s);
    /* the room left under it on its page */
    Unit body_h = doc->geom.lines * pitch, used = 0;
    for (int i = doc->n_slices - 1; i >= 0; i--) {
        used += doc->slices[i].height;
        if (doc->slices[i].break_before)
            break;
    }
    Unit room = body_h - used % body_h;
    TocEntry *es = NULL;
    int n = 0, cap = 0, slides = 0;
    if (kind != TOC_CONTENTS)
        es = list_entries(f, toc, c, &n);
    for (const Node *nd = kind == TOC_CONTENTS ? doc->root : NULL; nd;
         nd = node_next(doc->root, nd)) {
        const Doc *deck = nd->type == NODE_APPENDIX ? nd->u.appendix.deck : NULL;
        if (nd->type == NODE_HEADING && nd->u.heading.level <= 3) {
            if (n == cap)
                es = xrealloc(es, sizeof(TocEntry) * (size_t)(cap = cap ? cap * 2 : 32));
            es[n++] = (TocEntry){node_text(doc, nd), nd->u.heading.dest,
                                 nd->u.heading.level >= 3 ? 1 : 0, nd->pos, toc, NULL, 0, false};
        } else if (deck) {
            const char *pre = deck->dest_prefix ? deck->dest_prefix : "";
            Unit label_w = 0;              /* the widest "スライド N" */
            for (const Node *sl = deck->root->first; sl; sl = sl->next) {
                if (sl->type != NODE_SLIDE)
                    continue;
                const char *l = arena_printf(doc->arena, "スライド %d", sl->u.slide.number);
                Line *ll;
                inline_layout_text(doc, l, strlen(l), doc->root->style, c.width, false, NULL,
                                   nd->pos, &ll);
                if (ll->natural > label_w)
                    label_w = ll->natural;
            }
            for (const Node *sl = deck->root->first; sl; sl = sl->next) {
                if (sl->type != NODE_SLIDE)
                    continue;
                int k = sl->u.slide.number;
                if (n == cap)
                    es = xrealloc(es, sizeof(TocEntry) * (size_t)(cap = cap ? cap * 2 : 32));
                es[n++] = (TocEntry){sl->u.slide.title,
                                     arena_printf(doc->arena, "%sslide-%d", pre, k), 1, nd->pos,
                                     toc, arena_printf(doc->arena, "スライド %d", k), label_w,
                                     true};
                slides++;
            }
        }
    }
    const Style *body = doc->root->style;
    TocLines out = {0};
    toc_lines(f, es, n, c, body->pitch, false, &out);
    Unit p = toc_pitch(out.n, body, room, body_h);
    bool collapsed = false;
    if (!p && slides > 1) {
        collapsed = true;
        toc_lines(f, es, n, c, body->pitch, true, &out);
        p = toc_pitch(out.n, body, room, body_h);
    }
    bool keep_last = !p;
    if (p && p != body->pitch)
        toc_lines(f, es, n, c, p, collapsed, &out);
    if (keep_last && out.n >= 3)
        out.v[out.n - 3].keep_with_next = out.v[out.n - 2].keep_with_next = 1;
    for (int i = 0; i < out.n; i++)
        push(f, &out.v[i]);
    free(out.v);
    free(es);
    if (toc->next && toc->next->type == NODE_TOC)
        return;                            /* (a list follows on) */
    /* the body starts on a new page, numbered from 1 */
    f->break_next = true;
    f->restart_labels = "";
    f->restart_roman = false;
}

/* Marker text for an item of a list at `depth` (DESIGN §4: a distinct
 * marker per level). */
static const char *
marker_text(Doc *doc, const Node *list, const Node *item, char buf[32])
{
    const char *const *bullets = doc->theme->bullets;
    int depth = list->u.list.depth;
    if (!list->u.list.ordered)
        return bullets[depth % 6];
    int k = item->u.item.number;
    int ordinal = 0;                       /* ordered lists around this one */
    for (const Node *p = list->parent; p; p = p->parent)
        if (p->type == NODE_LIST && p->u.list.ordered)
            ordinal++;
    switch (ordinal % 3) {
    case 0:
        snprintf(buf, 32, "%d.", k);
        break;
    case 1:
        snprintf(buf, 32, "(%d)", k);
        break;
    default:
        if (k >= 1 && k <= 26)
            snprintf(buf, 32, "%c.", 'a' + k - 1);
        else
            snprintf(buf, 32, "%d.", k);
    }
    return buf;
}

/* A list marker's line: one per style and text in a pass, shared by the
 * items (a long document has thousands of items, a few distinct markers:
 * README, Memory). */
static const Line *
marker_line(Doc *doc, const char *text, const Style *st, SrcPos pos)
{
    char key[96];
    int n = snprintf(key, sizeof key, "%p %s", (const void *)st, text);
    GHashTable *markers = layout_state(doc)->markers;
    bool cached = markers && n > 0 && (size_t)n < sizeof key;
    Line *ml = cached ? g_hash_table_lookup(markers, key) : NULL;
    if (ml)
        return ml;
    Style left = *st;                      /* (a marker is set in its own box: a centred
                                            * list's would break before its text) */
    left.align = ALIGN_LEFT;
    inline_layout_text(doc, text, strlen(text), style_intern(doc, &left), 0, true, NULL, pos,
                       &ml);
    if (cached)
        g_hash_table_insert(markers, arena_strdup(doc_pass_arena(doc), key), ml);
    return ml;
}

static void
layout_list(Flow *f, const Node *list, Ctx c)
{
    Doc *doc = f->doc;
    const Style *st = list->style;
    Unit em = st->size;
    /* the widest marker decides the indent, in whole ems */
    Unit widest = 0;
    int n_items = 0;
    for (const Node *it = list->first; it; it = it->next)
        n_items++;
    const Line **markers = arena_alloc(doc_pass_arena(doc),
                                       sizeof(Line *) * (size_t)(n_items ? n_items : 1));
    int k = 0;
    for (const Node *it = list->first; it; it = it->next, k++) {
        char buf[32];
        const Line *ml = marker_line(doc, marker_text(doc, list, it, buf), st, it->pos);
        markers[k] = ml;
        if (ml->width > widest)
            widest = ml->width;
    }
    Unit indent = list->u.list.ordered ? round_up(widest + em / 2, em)
                                       : em * f->theme->list_indent_em;
    if (widest > indent)
        indent = round_up(widest, em);
    if (c.width - indent < em * LIMIT_MIN_MEASURE_EM)
        indent = 0;                        /* too deep: stop indenting */
    k = 0;
    for (const Node *it = list->first; it; it = it->next, k++) {
        const Line *ml = markers[k];
        f->marker = ml;
        f->marker_node = it;
        /* bullets centred in their box, numbers set flush right against the text */
        f->marker_x = list->u.list.ordered ? c.x + indent - em / 4 - ml->width
                                           : c.x + (indent - ml->width) / 2;
        if (indent == 0)
            f->marker_x = c.x - ml->width - em / 4;
        Ctx ic = {c.x + indent, c.width - indent, true};
        if (it->first)
            layout_children(f, it, ic);
        if (f->marker) {
            /* an empty item: its marker on a line of its own */
            Line *empty;
            inline_layout_text(doc, "", 0, st, ic.width, false, NULL, it->pos, &empty);
            push_lines(f, it, empty, 1, ic.x, st->pitch, st, true, NULL);
        }
    }
}

static void
layout_quote(Flow *f, const Node *n, Ctx c)
{
    Unit em = n->style->size;
    Unit indent = c.width - 2 * em >= em * LIMIT_MIN_MEASURE_EM ? 2 * em : 0;
    if (f->quote_end == f->doc->n_slices + 1 && f->quote == 0)
        push_gap(f, f->doc->geom.pitch, true);   /* right after another: not one bar */
    if (f->quote < LIMIT_NEST_DEPTH)
        f->quote_x[f->quote++] = c.x + em / 2;
    Ctx qc = {c.x + indent, c.width - indent, c.in_item};
    layout_children(f, n, qc);
    f->quote--;
    f->quote_end = f->doc->n_slices + 1;
}

/* A code block in vertical text: set across the paper, as it is written,
 * turned back upright in the flow (draw.c): its lines as wide as the
 * page's lines are long across it, as many as the measure holds a box,
 * each box a block of whole pitches that the text goes on beside. */
static void
layout_code_upright(Flow *f, const Node *n, Ctx c, Line **parts, const int *counts, int n_src,
                    int n_lines)
{
    Doc *doc = f->doc;
    const Style *st = n->style;
    Unit pitch = doc->geom.pitch, cp = st->pitch, pad = st->size / 2;
    int per_box = (int)((c.width - 2 * pad) / cp);
    if (per_box < 1)
        per_box = 1;
    const Line **all = xmalloc(sizeof(Line *) * (size_t)(n_lines + 1));
    int k = 0;
    for (int i = 0; i < n_src; i++)
        for (int j = 0; j < counts[i]; j++)
            all[k++] = &parts[i][j];
    for (int first = 0; first < n_lines; first += per_box) {
        int count = n_lines - first < per_box ? n_lines - first : per_box;
        Unit wide = 0;
        for (int i = 0; i < count; i++)
            if (all[first + i]->natural > wide)
                wide = all[first + i]->natural;
        Unit across = round_up(wide + 2 * pad, pitch);
        if (across > doc->geom.body_height)
            across = doc->geom.body_height;
        Slice s = {.kind = SLICE_BLOCK, .height = across, .header = -1, .node = n,
                   .on_grid = 1, .keep_with_next = first + count < n_lines};
        SliceLine *sl = arena_alloc(doc_pass_arena(doc), sizeof(SliceLine) * (size_t)count);
        for (int i = 0; i < count; i++)
            sl[i] = (SliceLine){.line = all[first + i], .x = pad,
                                .y = pad + i * cp + block_baseline(st, cp)};
        s.lines = sl;
        s.n_lines = count;
        Deco *bg = arena_zalloc(doc_pass_arena(doc), sizeof(Deco));
        *bg = (Deco){.kind = DECO_FILL, .color = f->theme->code_bg, .x = 0, .y = 0, .w = across,
                     .h = count * cp + 2 * pad};
        s.decos = bg;
        s.n_decos = 1;
        SliceExtra *x = block_extra(doc, &s);
        x->upright = true;
        x->image_x = c.x;                  /* (where the box starts along the line) */
        x->image_w = count * cp + 2 * pad;
        push(f, &s);
    }
    free(all);
    push_gap(f, pitch, true);
}

/* The slices from `first` on (a table's caption and rows, set across the
 * paper) made boxes standing upright in vertical text (draw.c): as many
 * of them one under another as the measure holds, each box a block of
 * whole pitches as wide as they are; a table's header row repeated at the
 * head of each box after the first. */
static void
stand_upright(Flow *f, const Node *n, int first, Ctx c)
{
    Doc *doc = f->doc;
    int end = doc->n_slices;
    Slice *rows = xmalloc(sizeof(Slice) * (size_t)(end - first + 1));
    memcpy(rows, doc->slices + first, sizeof(Slice) * (size_t)(end - first));
    doc->n_slices = first;
    Arena *a = doc_pass_arena(doc);
    for (int i = 0; i < end - first;) {
        int head = rows[i].kind == SLICE_ROW && rows[i].header >= first
                   && rows[i].header < first + i ? rows[i].header - first : -1;
        int j = i, n_lines = 0, n_decos = 0;
        Unit along = 0, wide = 0;
        if (head >= 0) {
            along = rows[head].height;
            n_lines = rows[head].n_lines;
            n_decos = rows[head].n_decos;
        }
        while (j < end - first && (j == i || along + rows[j].height <= c.width)) {
            along += rows[j].height;
            n_lines += rows[j].n_lines;
            n_decos += rows[j].n_decos;
            j++;
        }
        SliceLine *sl = arena_alloc(a, sizeof(SliceLine) * (size_t)(n_lines + 1));
        Deco *dc = arena_alloc(a, sizeof(Deco) * (size_t)(n_decos + 1));
        int nl = 0, nd = 0;
        Unit y = 0;
        for (int q = head >= 0 ? -1 : 0; q < j - i; q++) {
            int k = q < 0 ? head : i + q;
            for (int m = 0; m < rows[k].n_lines; m++) {
                sl[nl] = rows[k].lines[m];
                sl[nl].y += y;
                if (sl[nl].x + sl[nl].line->width > wide)
                    wide = sl[nl].x + sl[nl].line->width;
                nl++;
            }
            for (int m = 0; m < rows[k].n_decos; m++) {
                dc[nd] = rows[k].decos[m];
                dc[nd].y += y;
                if (dc[nd].x + dc[nd].w > wide)
                    wide = dc[nd].x + dc[nd].w;
                nd++;
            }
            y += rows[k].height;
        }
        Unit across = round_up(wide, doc->geom.pitch);
        if (across > doc->geom.body_height)
            across = doc->geom.body_height;
        Slice s = {.kind = SLICE_BLOCK, .height = across, .header = -1, .node = n,
                   .lines = sl, .n_lines = nl, .decos = dc, .n_decos = nd, .on_grid = 1,
                   .dest = rows[i].dest};
        SliceExtra *x = block_extra(doc, &s);
        x->upright = true;
        x->image_x = c.x;
        x->image_w = along;
        push(f, &s);
        i = j;
    }
    free(rows);
}

static void
layout_code(Flow *f, const Node *n, Ctx c)
{
    Doc *doc = f->doc;
    const Style *st = n->style;
    Unit em = st->size;
    Unit pitch = doc->geom.pitch, cp = st->pitch;
    Unit pad = em / 2;
    Deco bg = {.kind = DECO_FILL, .color = f->theme->code_bg, .x = c.x, .y = 0, .w = c.width};
    /* split the literal into source lines; the last newline ends the block */
    const char *s = n->u.text.text, *end = s + n->u.text.len;
    if (end > s && end[-1] == '\n')
        end--;
    int n_lines = 0, cap = 16;
    Line *all = NULL;
    Line **parts = xmalloc(sizeof(Line *) * (size_t)cap);
    int *counts = xmalloc(sizeof(int) * (size_t)cap);
    int n_src = 0;
    for (const char *p = s; p <= end; n_src++) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        if (n_src == cap) {
            cap *= 2;
            parts = xrealloc(parts, sizeof(Line *) * (size_t)cap);
            counts = xrealloc(counts, sizeof(int) * (size_t)cap);
        }
        SrcPos pos = {n->pos.line + 1 + (uint32_t)n_src, 1};
        /* (vertical text: as wide as the page's lines are long across it) */
        Unit w = doc->geom.vertical ? doc->geom.body_height : c.width;
        counts[n_src] = inline_layout_text(doc, p, (size_t)(eol - p), st, w - 2 * pad,
                                           true, NULL, pos, &parts[n_src]);
        n_lines += counts[n_src];
        p = eol + 1;
        if (eol == end)
            break;
    }
    n_src++;
    (void)all;
    if (doc->geom.vertical) {
        layout_code_upright(f, n, c, parts, counts, n_src, n_lines);
        free(parts);
        free(counts);
        return;
    }
    /* padding so the whole block is whole pitches tall */
    Unit body = cp * n_lines;
    Unit total = round_up(body + 2 * pad, pitch);
    Unit top = (total - body) / 2, bottom = total - body - top;
    Slice gt = {.kind = SLICE_GAP, .height = top, .header = -1, .node = n, .on_grid = 1,
                .keep_with_next = 1};
    Deco *d = arena_memdup(doc_pass_arena(doc), &bg, sizeof bg);
    d->h = top;
    gt.decos = d;
    gt.n_decos = 1;
    push(f, &gt);
    int done = 0;
    for (int i = 0; i < n_src; i++)
        for (int j = 0; j < counts[i]; j++, done++) {
            Slice s2 = {.kind = SLICE_LINE, .height = cp, .header = -1, .node = n};
            s2.lines = one_line(doc, &parts[i][j], c.x + pad, block_baseline(st, cp));
            s2.n_lines = 1;
            s2.keep_with_next = n_lines >= 2 && (done == 0 || done == n_lines - 2);
            Deco *dd = arena_memdup(doc_pass_arena(doc), &bg, sizeof bg);
            dd->h = cp;
            s2.decos = dd;
            s2.n_decos = 1;
            push(f, &s2);
        }
    Slice gb = {.kind = SLICE_GAP, .height = bottom, .header = -1, .node = n};
    Deco *db = arena_memdup(doc_pass_arena(doc), &bg, sizeof bg);
    db->h = bottom;
    gb.decos = db;
    gb.n_decos = 1;
    push(f, &gb);
    push_gap(f, pitch, true);
    free(parts);
    free(counts);
}

static void
layout_rule(Flow *f, const Node *n, Ctx c)
{
    Unit pitch = f->doc->geom.pitch;
    Deco *d = arena_zalloc(doc_pass_arena(f->doc), sizeof(Deco));
    *d = (Deco){.kind = DECO_HLINE, .color = f->theme->rule_color, .x = c.x + c.width / 4,
                .y = pitch / 2, .w = c.width / 2, .line_width = PT(0.5)};
    Slice s = {.kind = SLICE_RULE, .height = pitch, .header = -1, .node = n, .decos = d,
               .n_decos = 1, .on_grid = 1};
    push(f, &s);
}

/* What stands in for a picture that cannot be shown (figure.c warned): a
 * framed grey box of its size with its alt text and its name, so the rest
 * of the document is set as it will be. The box grows to hold its text. */
static void
placeholder(Flow *f, const Node *n, Slice *s, SliceExtra *x, Unit pitch)
{
    Doc *doc = f->doc;
    Style st = *n->style;
    st.color = 0x595959;
    st.align = ALIGN_CENTER;
    const Style *ps = style_intern(doc, &st);
    Unit pad = st.size / 2;
    const char *texts[2] = {n->u.link.alt && *n->u.link.alt ? n->u.link.alt : NULL,
                            n->u.link.href && *n->u.link.href ? n->u.link.href : NULL};
    Line *lines[2] = {NULL, NULL};
    int counts[2] = {0, 0}, total = 0;
    for (int k = 0; k < 2; k++)
        if (texts[k]) {
            counts[k] = inline_layout_text(doc, texts[k], strlen(texts[k]), ps,
                                           x->image_w - 2 * pad, true, NULL, n->pos, &lines[k]);
            total += counts[k];
        }
    Unit text_h = total * st.pitch;
    if (x->image_h < text_h + 2 * pad) {   /* room for the text */
        x->image_h = text_h + 2 * pad;
        s->height = round_up(x->image_h + pitch / 2, pitch);
        x->image_y = (s->height - x->image_h) / 2;
    }
    SliceLine *sl = arena_alloc(doc_pass_arena(doc), sizeof(SliceLine) * (size_t)(total ? total
                                                                                       : 1));
    Unit y = x->image_y + (x->image_h - text_h) / 2 + block_baseline(ps, st.pitch);
    int m = 0;
    for (int k = 0; k < 2; k++)
        for (int i = 0; i < counts[k]; i++, y += st.pitch)
            sl[m++] = (SliceLine){.line = &lines[k][i], .x = x->image_x + pad, .y = y};
    s->lines = sl;
    s->n_lines = total;
    int bars;                              /* (in a quote: its bars too, which push()
                                            * adds only to a slice without decorations) */
    const Deco *qd = quote_decos(f, s->height, &bars);
    Deco *d = arena_alloc(doc_pass_arena(doc), sizeof(Deco) * (size_t)(2 + bars));
    d[0] = (Deco){.kind = DECO_FILL, .color = 0xF2F2F2, .x = x->image_x, .y = x->image_y,
                  .w = x->image_w, .h = x->image_h};
    d[1] = (Deco){.kind = DECO_FRAME, .color = 0x808080, .x = x->image_x, .y = x->image_y,
                  .w = x->image_w, .h = x->image_h, .line_width = PT(0.5)};
    if (bars)
        memcpy(d + 2, qd, sizeof(Deco) * (size_t)bars);
    s->decos = d;
    s->n_decos = 2 + bars;
}

/* A deck's paragraph of pictures (marp.c: Marp sets them side by side on
 * a line): each at the size it asks for, an em apart, bottoms aligned,
 * the row scaled down to the measure and the page as one, centred like
 * a figure; no caption (in vertical text each stands upright, as a figure,
 * one below the other down the column, centred across it). Pictures that
 * could not be opened (warned) are left out. */
static void
layout_row(Flow *f, const Node *n, Ctx c)
{
    Doc *doc = f->doc;
    const Figure *fig = n->u.link.figure;
    Unit pitch = doc->geom.pitch, gap = n->style->size;
    Unit max_h = doc->geom.body_height - 3 * pitch;
    int k = 0;
    const Figure **pics = arena_alloc(doc_pass_arena(doc), sizeof *pics * (size_t)(fig->n_row + 1));
    if (fig->picture)
        pics[k++] = fig;
    for (int i = 0; i < fig->n_row; i++)
        if (fig->row[i]->picture)
            pics[k++] = fig->row[i];
    Unit *w = arena_alloc(doc_pass_arena(doc), sizeof *w * (size_t)(k ? k : 1));
    Unit *h = arena_alloc(doc_pass_arena(doc), sizeof *h * (size_t)(k ? k : 1));
    int64_t total = k > 1 ? (int64_t)gap * (k - 1) : 0;
    Unit tallest = 0;
    bool up = doc->geom.vertical;          /* (standing upright down the column, as a
                                            * figure: w along the line, h across) */
    for (int i = 0; i < k; i++) {
        if (up)
            figure_box(pics[i], doc->geom.body_height * 3 / 5, c.width, c.width, 6 * pitch,
                       &h[i], &w[i]);
        else
            figure_box(pics[i], c.width, max_h, doc->geom.body_height, 6 * pitch, &w[i], &h[i]);
        total += w[i];
    }
    int64_t gaps = k > 1 ? (int64_t)gap * (k - 1) : 0;
    double scale = total > c.width ? (double)(c.width - gaps) / (double)(total - gaps) : 1.0;
    if (doc->figure_scale > 0 && doc->figure_scale < 1)   /* a slide making room */
        scale *= doc->figure_scale;
    for (int i = 0; i < k; i++) {
        w[i] = (Unit)(w[i] * scale);
        h[i] = (Unit)(h[i] * scale);
        tallest = h[i] > tallest ? h[i] : tallest;
    }
    total = gaps;
    for (int i = 0; i < k; i++)
        total += w[i];
    Unit box = round_up(tallest + pitch / 2, pitch);
    Slice s = {.kind = SLICE_IMAGE, .height = box, .header = -1, .node = n, .on_grid = 1};
    SliceExtra *x = block_extra(doc, &s);
    Unit left = c.x + (Unit)((c.width - total) / 2), bottom = (box - tallest) / 2 + tallest;
    RowImage *row = arena_alloc(doc_pass_arena(doc), sizeof *row * (size_t)(k ? k : 1));
    for (int i = 0; i < k; i++) {         /* (upright: centred across) */
        row[i] = (RowImage){pics[i]->picture, left, up ? (box - h[i]) / 2 : bottom - h[i], w[i],
                            h[i]};
        left += w[i] + gap;
    }
    *x = (SliceExtra){.image = k ? row[0].image : NULL, .image_x = k ? row[0].x : c.x,
                      .image_y = k ? row[0].y : 0, .image_w = k ? row[0].w : c.width,
                      .image_h = k ? row[0].h : box, .n_row = k > 1 ? k - 1 : 0,
                      .row = k > 1 ? row + 1 : NULL};
    if (!k)
        placeholder(f, n, &s, x, pitch);
    push(f, &s);
    push_gap(f, pitch, true);
}

/* A figure: its picture (figure.c found it before the layout) or a
 * placeholder, centred, on whole pitches; its caption below (number.c made
 * it: 「図1　title」), centred. */
static void
layout_figure(Flow *f, const Node *n, Ctx c)
{
    Doc *doc = f->doc;
    const Figure *fig = n->u.link.figure;
    Unit pitch = doc->geom.pitch;
    if (fig && fig->n_row) {
        layout_row(f, n, c);
        return;
    }
    Unit iw, ih;
    if (doc->geom.vertical) {
        /* a picture stands upright in vertical text (draw.c turns it back):
         * its height along the line, its width across the lines, at most
         * three fifths of the page's (the text goes on beside it, as in a
         * vertical book) */
        figure_box(fig, doc->geom.body_height * 3 / 5, c.width, c.width, 6 * pitch, &ih, &iw);
    } else {
        figure_box(fig, c.width, doc->geom.body_height - 3 * pitch, doc->geom.body_height,
                   6 * pitch, &iw, &ih);
    }
    if (doc->figure_scale > 0 && doc->figure_scale < 1) {   /* a slide making room */
        iw = (Unit)(iw * doc->figure_scale);
        ih = (Unit)(ih * doc->figure_scale);
    }
    Unit box = round_up(ih + pitch / 2, pitch);
    Slice s = {.kind = SLICE_IMAGE, .height = box, .header = -1, .node = n, .on_grid = 1};
    SliceExtra *x = block_extra(doc, &s);
    *x = (SliceExtra){.image = fig ? fig->picture : NULL, .image_x = c.x + (c.width - iw) / 2,
                      .image_y = (box - ih) / 2, .image_w = iw, .image_h = ih};
    if (!x->image)
        placeholder(f, n, &s, x, pitch);
    const char *caption = fig ? fig->caption.line : NULL;
    s.keep_with_next = caption != NULL;
    s.dest = fig ? fig->caption.dest : NULL;
    push(f, &s);
    if (caption) {
        Line *lines;
        int count = inline_layout_text(doc, caption, strlen(caption), n->style, c.width, false,
                                       NULL, n->pos, &lines);
        if (count > 1)                     /* a long caption: lines of even length */
            count = balance_layout_text(doc, caption, strlen(caption), n->style, c.width, NULL,
                                        n->pos, &lines);
        push_lines(f, n, lines, count, c.x, n->style->pitch, n->style, true, NULL);
    }
    push_gap(f, pitch / 2 > 0 ? pitch : 0, true);
}

/* One note: its label hanging 3 em out, its blocks beside it; its lines
 * placed by paginate.c at the foot of its reference's page (f->note set), or
 * in the text. */
static void
layout_note(Flow *f, const Node *def, Ctx c)
{
    Doc *doc = f->doc;
    Unit indent = 3 * def->style->size;
    int k = def->u.note.number;
    const char *label = arena_printf(doc->arena, "*%d", k);
    const char *pre = doc->dest_prefix ? doc->dest_prefix : "";
    Line *ml;
    inline_layout_text(doc, label, strlen(label), def->style, 0, false,
                       arena_printf(doc->arena, "#%sfnref-%d", pre, k), def->pos, &ml);
    f->marker = ml;
    f->marker_node = def;
    f->marker_x = c.x;
    f->marker_dest = arena_printf(doc->arena, "%sfn-%d", pre, k);
    layout_children(f, def, (Ctx){c.x + indent, c.width - indent, true});
    f->marker = NULL;
    f->marker_dest = NULL;
}

static void
layout_footnotes(Flow *f, const Node *n, Ctx c)
{
    /* each note's lines are set here and placed by paginate.c at the foot
     * of the page that holds its reference */
    for (const Node *def = n->first; def; def = def->next) {
        f->note = def->u.note.number;
        layout_note(f, def, c);
        f->note = 0;
    }
}

/* --- notes set in the text (footnote.place: chapter or end) --- */

/* The document's notes by number, and the chapter of each one's first
 * reference: a chapter starts at each top-level heading of the highest
 * level among them (the text before the first is chapter 0); a note no
 * text refers to is in none (-1). */
typedef struct InText {
    const Node **def;                      /* [1..n] */
    int *chapter;
    int n, level;
} InText;

static void
first_refs(InText *t, const Node *n, int chapter)
{
    if (n->type == NODE_FOOTNOTE_REF) {
        int k = n->u.note.number;
        if (k >= 1 && k <= t->n && t->chapter[k] < 0)
            t->chapter[k] = chapter;
        return;
    }
    if (n->type == NODE_FOOTNOTES)
        return;
    for (const Node *ch = n->first; ch; ch = ch->next)
        first_refs(t, ch, chapter);
}

static bool
starts_chapter(const InText *t, const Node *n)
{
    return n->type == NODE_HEADING && n->u.heading.level <= t->level;
}

static void
in_text_init(Doc *doc, InText *t)
{
    t->level = 7;
    for (const Node *ch = doc->root->first; ch; ch = ch->next) {
        if (ch->type == NODE_HEADING && ch->u.heading.level < t->level)
            t->level = ch->u.heading.level;
        for (const Node *d = ch->type == NODE_FOOTNOTES ? ch->first : NULL; d; d = d->next)
            t->n = MAX(t->n, d->u.note.number);
    }
    t->def = arena_zalloc(doc_pass_arena(doc), ((size_t)t->n + 1) * sizeof *t->def);
    t->chapter = arena_zalloc(doc_pass_arena(doc), ((size_t)t->n + 1) * sizeof *t->chapter);
    for (int k = 0; k <= t->n; k++)
        t->chapter[k] = -1;
    int chapter = 0;
    for (const Node *ch = doc->root->first; ch; ch = ch->next) {
        for (const Node *d = ch->type == NODE_FOOTNOTES ? ch->first : NULL; d; d = d->next)
            if (d->u.note.number >= 1)
                t->def[d->u.note.number] = d;
        chapter += starts_chapter(t, ch);
        first_refs(t, ch, chapter);
    }
}

/* The notes of chapter `chapter` (-1: every one not yet set, for the end)
 * in the text: a blank line, the title (footnote.title, bold sans in the
 * note size, kept with the first note), each note as at a page foot. */
static void
layout_in_text(Flow *f, InText *t, int chapter, Ctx c)
{
    Doc *doc = f->doc;
    bool any = false;
    for (int k = 1; k <= t->n; k++) {
        const Node *def = t->def[k];
        if (!def || (chapter >= 0 && t->chapter[k] != chapter))
            continue;
        if (!any) {
            any = true;
            push_gap(f, doc->geom.pitch, true);
            const char *title = f->theme->note_title ? f->theme->note_title : "";
            if (*title) {
                Style ts = *def->style;
                ts.font = FONT_SANS;
                ts.weight = 700;
                ts.align = ALIGN_LEFT;
                const Style *st = style_intern(doc, &ts);
                Line *lines;
                int count = inline_layout_text(doc, title, strlen(title), st, c.width, false, NULL,
                                               def->pos, &lines);
                int first = doc->n_slices;
                push_lines(f, NULL, lines, count, c.x, st->pitch, st, false, NULL);
                if (doc->n_slices > first)
                    doc->slices[doc->n_slices - 1].keep_with_next = 1;
            }
        }
        f->off_grid = true;
        layout_note(f, def, c);
        f->off_grid = false;
        t->def[k] = NULL;                  /* (set) */
    }
}

static void
layout_block(Flow *f, const Node *n, Ctx c)
{
    switch (n->type) {
    case NODE_TITLE_BLOCK:
        layout_title(f, n, c);
        break;
    case NODE_TOC:
        layout_toc(f, n, c);
        break;
    case NODE_HEADING:
        layout_heading(f, n, c);
        break;
    case NODE_PARAGRAPH:
        layout_paragraph(f, n, c);
        break;
    case NODE_LIST:
        layout_list(f, n, c);
        break;
    case NODE_QUOTE:
        layout_quote(f, n, c);
        break;
    case NODE_CODE_BLOCK:
        layout_code(f, n, c);
        break;
    case NODE_TABLE: {
        /* a blank line before, as after; none under a heading */
        if (!f->marker && f->doc->n_slices > 0
            && !f->doc->slices[f->doc->n_slices - 1].keep_with_next)
            push_gap(f, f->doc->geom.pitch, true);
        int first = f->doc->n_slices;
        f->marker = NULL;                  /* a table beside a list marker: no marker */
        if (f->doc->geom.vertical) {       /* set across, turned back upright */
            f->doc->across++;
            table_layout(f->doc, n, 0, f->doc->geom.body_height);
            f->doc->across--;
            stand_upright(f, n, first, c);
        } else {
            table_layout(f->doc, n, c.x, c.width);
        }
        if (f->break_next && first < f->doc->n_slices) {
            f->doc->slices[first].break_before = 1;
            f->break_next = false;
        }
        push_gap(f, f->doc->geom.pitch, true);
        break;
    }
    case NODE_RULE:
        layout_rule(f, n, c);
        break;
    case NODE_FIGURE:
        layout_figure(f, n, c);
        break;
    case NODE_PAGEBREAK:
        f->break_next = true;
        break;
    case NODE_FOOTNOTES:
        layout_footnotes(f, n, c);
        break;
    case NODE_APPENDIX:
        if (n->u.appendix.deck && n->u.appendix.deck->n_pages > 0) {
            int first = f->doc->n_slices;
            /* (a vertical report's slides: a page of their own each, set
             * across, not turned with the report's pages) */
            block_appendix(f->doc, n->u.appendix.deck, c.x, c.width,
                            (f->doc->opt && f->doc->opt->appendix_full) || f->doc->geom.vertical);
            if (first < f->doc->n_slices && f->break_next) {
                f->doc->slices[first].break_before = 1;
                f->break_next = false;
            }
        }
        break;
    case NODE_ITEM:
    case NODE_FOOTNOTE_DEF:
    case NODE_DOCUMENT:
    case NODE_SLIDE:
    case NODE_DIV:
        layout_children(f, n, c);
        break;
    default:
        break;
    }
}

void
block_document(Doc *doc)
{
    Flow f = {.doc = doc, .theme = doc->theme};
    Ctx c = {0, doc->geom.measure, false};
    /* in two columns the title block and the contents span the text
     * block, as LaTeX's twocolumn title (paginate.c sets them above the
     * columns) */
    Ctx across = {0, doc->geom.block_width, false};
    bool cols = doc->geom.columns > 1;
    NotePlace place = (NotePlace)doc->theme->note_place;
    bool in_text = place == NOTES_CHAPTER || place == NOTES_END;
    InText notes = {0};
    if (in_text)
        in_text_init(doc, &notes);
    int chapter = 0;
    bool ended = false;                    /* the notes left set, before an appendix */
    for (const Node *ch = doc->root->first; ch; ch = ch->next) {
        progress_note(N_("setting the text"), 0, 0);
        layout_run_enter(doc, ch);         /* (its layout goes into its run) */
        if (in_text && !ended) {
            if (ch->type == NODE_APPENDIX) {
                layout_in_text(&f, &notes, -1, c);
                ended = true;
            } else if (starts_chapter(&notes, ch)) {
                if (place == NOTES_CHAPTER)
                    layout_in_text(&f, &notes, chapter, c);
                chapter++;
            }
        }
        if (ch->type == NODE_FOOTNOTES && in_text)
            continue;                      /* (set in the text) */
        bool span = cols && (ch->type == NODE_TITLE_BLOCK || ch->type == NODE_TOC);
        int first = doc->n_slices;
        layout_block(&f, ch, span ? across : c);
        for (int i = first; span && i < doc->n_slices; i++)
            doc->slices[i].span = 1;
    }
    if (in_text && !ended)
        layout_in_text(&f, &notes, -1, c);
    layout_run_leave(doc);
}

void
block_layout_children(Doc *doc, const Node *n, Unit x, Unit width)
{
    Flow f = {.doc = doc, .theme = doc->theme};
    Ctx c = {x, width, false};
    layout_children(&f, n, c);
}
