/*
 * dump.c: the text dumps (see dump.h).
 */
#include "dump.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "figure.h"
#include "layout.h"
#include "node.h"

static void
put_quoted(FILE *out, const char *s, size_t n)
{
    fputc('"', out);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", out);
        else if (c < 0x20 || c == 0x7F)
            fprintf(out, "\\x%02x", c);
        else
            fputc(c, out);
    }
    fputc('"', out);
}

static void
put_pt(FILE *out, const char *key, Unit u)
{
    /* integer arithmetic only: the same text on every machine */
    long v = (long)u * 100;
    long q = (v >= 0 ? v + 512 : v - 512) / 1024;
    fprintf(out, "%s=%s%ld.%02ld", key, q < 0 ? "-" : "", labs(q) / 100, labs(q) % 100);
}

/* ` key="value"`, nothing when value is NULL. */
static void
put_field(FILE *out, const char *key, const char *value)
{
    if (!value)
        return;
    fprintf(out, " %s=", key);
    put_quoted(out, value, strlen(value));
}

/* A figure's or a table's id and number (number.c). */
static void
put_caption(FILE *out, const Caption *c)
{
    if (!c)
        return;
    put_field(out, "id", c->id);
    put_field(out, "number", c->number);
    if (c->unnumbered)
        fputs(" unnumbered", out);
}

static void
meta_line(FILE *out, const char *key, const char *value)
{
    if (!value)
        return;
    fprintf(out, "meta %s ", key);
    put_quoted(out, value, strlen(value));
    fputc('\n', out);
}

/* A figure's size as asked for ("60%", "8cm"), nothing when not given. */
static void
put_length(FILE *out, const char *key, Length l)
{
    static const char *const units[] = {
        [LENGTH_PT] = "pt", [LENGTH_PX] = "px", [LENGTH_MM] = "mm", [LENGTH_CM] = "cm",
        [LENGTH_IN] = "in", [LENGTH_PERCENT] = "%",
    };
    if (l.unit != LENGTH_NONE)
        fprintf(out, "%s%g%s", key, l.value, units[l.unit]);
}

void
dump_tree(const Doc *doc, FILE *out)
{
    const Meta *m = &doc->meta;
    meta_line(out, "title", m->title);
    meta_line(out, "subtitle", m->subtitle);
    meta_line(out, "author", m->author);
    meta_line(out, "affiliation", m->affiliation);
    meta_line(out, "date", m->date);
    meta_line(out, "event", m->event);
    meta_line(out, "lang", m->lang);
    meta_line(out, "subject", m->subject);
    meta_line(out, "keywords", m->keywords);
    meta_line(out, "appendix", m->appendix);
    meta_line(out, "place", m->place);
    meta_line(out, "aspect", m->aspect);
    for (int i = 0; i < m->n_presenters; i++) {
        meta_line(out, "presenter", m->presenters[i].name);
        meta_line(out, "  affiliation", m->presenters[i].affiliation);
    }
    for (const Node *n = doc->root; n; n = node_next(doc->root, n)) {
        int depth = 0;
        for (const Node *p = n->parent; p; p = p->parent)
            depth++;
        fprintf(out, "%*s%s", depth * 2, "", node_name(n->type));
        switch (n->type) {
        case NODE_HEADING:
            fprintf(out, " level=%d slug=", n->u.heading.level);
            put_quoted(out, n->u.heading.slug, strlen(n->u.heading.slug));
            put_field(out, "number", n->u.heading.number);
            if (n->u.heading.unnumbered)
                fputs(" unnumbered", out);
            break;
        case NODE_LIST:
            fprintf(out, " %s depth=%d", n->u.list.ordered ? "ordered" : "bullet",
                    n->u.list.depth);
            if (n->u.list.ordered)
                fprintf(out, " start=%d", n->u.list.start);
            fputs(n->u.list.tight ? " tight" : " loose", out);
            break;
        case NODE_ITEM:
            if (n->parent && n->parent->u.list.ordered)
                fprintf(out, " number=%d", n->u.item.number);
            break;
        case NODE_TABLE:
            fprintf(out, " cols=%d align=", n->u.table.ncols);
            for (int i = 0; i < n->u.table.ncols; i++)
                fputc("jlcr"[n->u.table.align[i] & 3], out);
            put_caption(out, n->u.table.caption);
            break;
        case NODE_ROW:
            if (n->u.row.header)
                fputs(" header", out);
            break;
        case NODE_DIV:
            if (n->u.div.align != ALIGN_JUSTIFY)
                fprintf(out, " align=%s", n->u.div.align == ALIGN_CENTER ? "center"
                                          : n->u.div.align == ALIGN_RIGHT ? "right" : "left");
            if (n->u.div.summary)
                fputs(" summary", out);
            break;
        case NODE_ANCHOR:
            fputs(" name=", out);
            put_quoted(out, n->u.anchor.name, strlen(n->u.anchor.name));
            break;
        case NODE_TEXT:
        case NODE_CODE:
        case NODE_CODE_BLOCK:
            fputc(' ', out);
            put_quoted(out, n->u.text.text, n->u.text.len);
            break;
        case NODE_LINK:
        case NODE_IMAGE:
        case NODE_FIGURE:
        case NODE_PAGEREF:
            fputs(" href=", out);
            put_quoted(out, n->u.link.href ? n->u.link.href : "",
                       n->u.link.href ? strlen(n->u.link.href) : 0);
            if (n->u.link.title) {
                fputs(" title=", out);
                put_quoted(out, n->u.link.title, strlen(n->u.link.title));
            }
            if (n->type == NODE_FIGURE && n->u.link.figure) {
                const Figure *fig = n->u.link.figure;
                put_length(out, " width=", fig->width);
                put_length(out, " height=", fig->height);
                if (fig->page != 1)
                    fprintf(out, " page=%d", fig->page);
                put_caption(out, &fig->caption);
                put_field(out, "caption", fig->caption.line);
            }
            break;
        case NODE_REF:
            fputs(n->u.ref.title ? " title" : " number", out);
            put_field(out, "href", n->u.ref.href);
            put_field(out, "text", n->u.ref.text);
            break;
        case NODE_TOC:
            if (n->u.toc.kind != TOC_CONTENTS)
                fputs(n->u.toc.kind == TOC_FIGURES ? " figures" : " tables", out);
            break;
        case NODE_SLIDE:
            fprintf(out, " %d title=", n->u.slide.number);
            put_quoted(out, n->u.slide.title, strlen(n->u.slide.title));
            if (n->u.slide.notes) {
                fputs(" notes=", out);
                put_quoted(out, n->u.slide.notes, strlen(n->u.slide.notes));
            }
            break;
        case NODE_APPENDIX:
            fputs(" deck=", out);
            put_quoted(out, n->u.appendix.deck->path, strlen(n->u.appendix.deck->path));
            break;
        case NODE_RUBY:
            fputs(n->u.ruby.mono ? " mono " : " group ", out);
            put_quoted(out, n->u.ruby.text, strlen(n->u.ruby.text));
            break;
        case NODE_FOOTNOTE_REF:
        case NODE_FOOTNOTE_DEF:
            fprintf(out, " number=%d", n->u.note.number);
            break;
        case NODE_TITLE_LINE: {
            static const char *const roles[] = {"title", "subtitle", "author", "affiliation",
                                                "date", "event", "field"};
            fprintf(out, " %s ", roles[n->u.title.role]);
            put_quoted(out, n->u.title.text, strlen(n->u.title.text));
            break;
        }
        default:
            break;
        }
        fprintf(out, " @%u:%u\n", n->pos.line, n->pos.col);
    }
}

static void
put_line(FILE *out, const Line *ln)
{
    put_quoted(out, ln->text + ln->start, (size_t)ln->len);
    if (ln->hyphenated)
        fputs(" hyphen", out);
    if (ln->ragged)
        fputs(" ragged", out);
    if (ln->loose)
        fputs(" loose", out);
    for (int i = 0; i < ln->n_runs; i++) {
        const Run *r = &ln->runs[i];
        if (!r->outline || !r->span->text)
            continue;
        fputs(" ruby=", out);
        put_quoted(out, r->span->text + r->offset, (size_t)r->length);
        fputc('@', out);
        put_pt(out, "x", r->x);
    }
}

/* --- items --- */

void
dump_item_list(FILE *out, Unit width, Unit indent, int from, int to, const Item *items, int n,
               const char *text, const int *cluster_bytes, const Line *const *ruby)
{
    fputs("  set ", out);
    put_pt(out, "width", width);
    put_pt(out, " indent", indent);
    if (from >= 0)
        fprintf(out, " bytes=%d-%d", from, to);
    fputc('\n', out);
    for (int i = 0; i < n; i++) {
        const Item *x = &items[i];
        switch (x->type) {
        case ITEM_BOX:
            fputs("    box     ", out);
            put_pt(out, "w", x->width);
            break;
        case ITEM_GLUE:
            fputs("    glue    ", out);
            put_pt(out, "w", x->width);
            if (x->stretch >= STRETCH_FIL)
                fputs(" stretch=fil", out);
            else
                put_pt(out, " stretch", x->stretch);
            if (x->stretch_cap)
                put_pt(out, " limit", linebreak_limit(x));
            put_pt(out, " shrink", x->shrink);
            if (x->stretch_prio)
                fprintf(out, " stretch-prio=%d", x->stretch_prio);
            if (x->shrink_prio)
                fprintf(out, " shrink-prio=%d", x->shrink_prio);
            break;
        default:
            fputs("    penalty ", out);
            if (x->penalty >= PENALTY_INF)
                fputs("inf", out);
            else if (x->penalty <= PENALTY_FORCE)
                fputs("force", out);
            else
                fprintf(out, "%d", x->penalty);
            if (x->flagged)
                fputs(x->flagged == FLAG_HYPHENATED ? " hyphenated" : " flagged", out);
            if (x->width)
                put_pt(out, " w", x->width);
            break;
        }
        if (x->type != ITEM_PENALTY && x->cluster >= 0) {
            int b0 = cluster_bytes[2 * x->cluster], b1 = cluster_bytes[2 * x->cluster + 1];
            fputc(' ', out);
            put_quoted(out, text + b0, (size_t)(b1 - b0));
            const Line *r = ruby ? ruby[x->cluster] : NULL;
            if (r) {
                fputs(" ruby=", out);
                put_quoted(out, r->text + r->start, (size_t)r->len);
            }
        }
        fputc('\n', out);
    }
}

void
dump_items(const Doc *doc, FILE *out)
{
    for (const Node *n = doc->root; n; n = node_next(doc->root, n)) {
        const char *text = layout_items_text(doc, n);
        if (text) {
            fprintf(out, "%s %u:%u\n", node_name(n->type), n->pos.line, n->pos.col);
            fputs(text, out);
        }
        if (n->type == NODE_APPENDIX && n->u.appendix.deck)
            dump_items(n->u.appendix.deck, out);
    }
}

static const char *
kind_name(SliceKind k)
{
    switch (k) {
    case SLICE_LINE: return "line";
    case SLICE_BLOCK: return "block";
    case SLICE_ROW: return "row";
    case SLICE_RULE: return "rule";
    case SLICE_GAP: return "gap";
    case SLICE_IMAGE: return "image";
    case SLICE_EMBED: return "embed";
    }
    return "?";
}

static void dump_page(const Doc *doc, const Page *p, const PageGeom *g, FILE *out);

void
dump_pages(const Doc *doc, FILE *out)
{
    for (int i = 0; i < doc->n_pages; i++)
        dump_page(doc, &doc->pages[i], &doc->geom, out);
}

/* A page's ground and logo (PageMarks): one line, with the boxes from the
 * paper's top left. */
static void
dump_ground(const Page *p, const PageGeom *g, FILE *out)
{
    const PageMarks *a = p->marks;
    fprintf(out, "  art   background=#%06x", (unsigned)a->background);
    const Unit box[2][4] = {{a->image_x, a->image_y, a->image_w, a->image_h},
                            {page_left(g, p) + a->logo_x, a->logo_y, a->logo_w, a->logo_h}};
    const char *names[2] = {"image", "logo"};
    for (int i = 0; i < 2; i++) {
        if (!(i ? a->logo : a->image))
            continue;
        fprintf(out, " %s ", names[i]);
        put_pt(out, "x", box[i][0]);
        fputc(' ', out);
        put_pt(out, "y", box[i][1]);
        fputc(' ', out);
        put_pt(out, "w", box[i][2]);
        fputc(' ', out);
        put_pt(out, "h", box[i][3]);
    }
    fputc('\n', out);
    for (int i = 0; i < a->n_grounds; i++) {   /* a slide's ![bg] pictures */
        const GroundBox *b = &a->grounds[i];
        const Unit v[8] = {b->x, b->y, b->w, b->h, b->cell_x, b->cell_y, b->cell_w, b->cell_h};
        static const char *const k[8] = {"x", "y", "w", "h", "cell_x", "cell_y", "cell_w",
                                         "cell_h"};
        fputs("  bg   ", out);
        for (int j = 0; j < 8; j++) {
            fputc(' ', out);
            put_pt(out, k[j], v[j]);
        }
        fputc('\n', out);
    }
}

/* The lines of a band's slots, ` name="text"`, and where a slot is not at
 * its usual place (the left and centre at the block's left edge, the
 * right at its middle) ` name.x=` from the block's left edge. */
static void
put_slots(FILE *out, const Slot slots[3], const char *const names[3], const PageGeom *g)
{
    for (int k = 0; k < 3; k++) {
        if (!slots[k].line)
            continue;
        fprintf(out, " %s=", names[k]);
        put_line(out, slots[k].line);
        if (slots[k].x != (k == SLOT_RIGHT ? geom_band_width(g) / 2 : 0)) {
            char key[32];
            snprintf(key, sizeof key, "%s.x", names[k]);
            fputc(' ', out);
            put_pt(out, key, slots[k].x);
        }
    }
}

static void
dump_page(const Doc *doc, const Page *p, const PageGeom *g, FILE *out)
{
    {
        fprintf(out, "page %d (", p->number);
        put_pt(out, "w", p->width ? p->width : g->width);
        fputc(' ', out);
        put_pt(out, "h", p->height ? p->height : g->height);
        fputs(")", out);
        if (p->label)
            fprintf(out, " label=\"%s\"", p->label);
        if (p->shift) {
            fputc(' ', out);
            put_pt(out, "shift", p->shift);
        }
        if (p->clip) {
            fputc(' ', out);
            put_pt(out, "clip", p->clip);
        }
        /* (the names of the slots the first dumps had: head, section, foot, folio) */
        static const char *const heads[3] = {"head", "head-center", "section"};
        static const char *const foots[3] = {"foot", "folio", "foot-right"};
        put_slots(out, p->head, heads, g);
        put_slots(out, p->foot, foots, g);
        const PageMarks *mk = p->marks;
        if (mk && mk->mark) {
            fputs(" mark=", out);
            put_line(out, mk->mark);
        }
        if (mk && mk->watermark) {
            fputs(" watermark=", out);
            put_line(out, mk->watermark);
        }
        fputc('\n', out);
        if (page_marks_ground(p->marks))
            dump_ground(p, g, out);
        for (int j = 0; j < p->n; j++) {
            const Slice *s = &doc->slices[p->placed[j].slice];
            fprintf(out, "  %-5s ", kind_name(s->kind));
            put_pt(out, "y", p->placed[j].y);
            fputc(' ', out);
            put_pt(out, "h", s->height);
            if (p->placed[j].col > 0)
                fprintf(out, " col=%d", p->placed[j].col);
            if (s->span)
                fputs(" span", out);
            if (s->node)
                fprintf(out, " p=%u:%u", s->node->pos.line, s->node->pos.col);
            if (s->keep_with_next)
                fputs(" keep", out);
            if (s->kind == SLICE_ROW && s->header < 0)
                fputs(" header", out);
            if (s->kind == SLICE_LINE && s->n_lines >= 1) {
                const Line *ln = s->lines[0].line;
                fputc(' ', out);
                put_pt(out, "x", s->lines[0].x);
                fputc(' ', out);
                put_pt(out, "w", ln->width);
                fputs(ln->justified ? " j " : "   ", out);
                put_line(out, ln);
                if (s->n_lines > 1) {
                    fputs(s->lines[1].marker ? " marker=" : " and=", out);
                    put_line(out, s->lines[1].line);
                }
                fputc('\n', out);
                continue;
            }
            if (s->kind == SLICE_EMBED && slice_x(s)->embed) {
                const Node *sn = NULL;
                int k = 0;
                for (const Node *x = slice_x(s)->embed->root->first; x; x = x->next)
                    if (x->type == NODE_SLIDE && k++ == slice_x(s)->embed_page)
                        sn = x;
                fprintf(out, " page=%d", slice_x(s)->embed_page + 1);
                fputc(' ', out);
                put_pt(out, "w", slice_x(s)->image_w);
                fputc(' ', out);
                put_pt(out, "h", slice_x(s)->image_h);
                if (sn) {
                    fputs(" title=", out);
                    put_quoted(out, sn->u.slide.title, strlen(sn->u.slide.title));
                }
            }
            if (s->kind == SLICE_IMAGE) {
                fputc(' ', out);
                put_pt(out, "img_w", slice_x(s)->image_w);
                fputc(' ', out);
                put_pt(out, "img_h", slice_x(s)->image_h);
                if (!slice_x(s)->image)
                    fputs(" placeholder", out);
                for (int k = 0; k < slice_x(s)->n_row; k++) {   /* a deck's row */
                    fputs(" and", out);
                    fputc(' ', out);
                    put_pt(out, "img_w", slice_x(s)->row[k].w);
                    fputc(' ', out);
                    put_pt(out, "img_h", slice_x(s)->row[k].h);
                }
            }
            fputc('\n', out);
            for (int k = 0; k < s->n_lines; k++) {
                fputs("        ", out);
                put_pt(out, "x", s->lines[k].x);
                fputc(' ', out);
                put_line(out, s->lines[k].line);
                fputc('\n', out);
            }
        }
        for (int j = 0; j < p->n_notes; j++) {
            const Slice *s = &doc->slices[p->notes[j].slice];
            fputs("  note  ", out);
            put_pt(out, "y", p->notes[j].y);
            fputc(' ', out);
            put_pt(out, "h", s->height);
            if (p->notes[j].col > 0)
                fprintf(out, " col=%d", p->notes[j].col);
            fprintf(out, " n=%d%s", s->note_of, j == 0 && p->notes_continued ? " continued" : "");
            for (int k = 0; k < s->n_lines; k++) {
                fputc(' ', out);
                put_line(out, s->lines[k].line);
            }
            fputc('\n', out);
        }
    }
}
