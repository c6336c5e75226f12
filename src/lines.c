/*
 * lines.c: a paragraph's break set into Lines. For each line: its glue set
 * (linebreak_set_glue: justified lines end on the measure), the line
 * aligned, its clusters packed into runs of glyphs (a run goes on across
 * Pango items while the font, the span and the text go on; a glyph is one
 * 32-bit word, its id and advance, or two when one does not fit; offsets
 * and clusters only for runs that need them: doc.h), each cluster's
 * advance on its last glyph, a hyphen where the line ends inside a word
 * (a run of its own whose text is "-", so extraction reads a hyphen at the
 * line end, which pdftotext takes out when it joins the lines), and the
 * ruby readings of the line centred over their base, drawn as outlines.
 * Each line says whether it was set short rather than spread (ragged),
 * whether a gap between two Japanese characters reaches JP_LOOSE_GAP (loose)
 * and whether it ends hyphenated.
 */
#include "inline_impl.h"

#include <glib.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "arena.h"
#include "utf8.h"

/* --- glyph packing --- */

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
                   && open->orient == s->orient && c->b0 == open->offset + open->length
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
            .length = 0, .x = b->x, .starts_span = sp->start == c->b0, .orient = s->orient};
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

/* The hyphen at the end of a line broken inside a word of cluster c's run. */
static void
add_hyphen(Builder *b, const Cluster *c)
{
    uint32_t glyph;
    Unit w;
    hyphen_glyph(b->para, c->run, &glyph, &w);
    close_run(b);
    if (b->n_runs == b->cap_runs) {
        b->cap_runs = b->cap_runs ? b->cap_runs * 2 : 8;
        b->runs = xrealloc(b->runs, (size_t)b->cap_runs * sizeof(Run));
    }
    const Shaped *s = &b->para->runs[c->run];
    RunSpan *rs = arena_memdup(b->para->out, b->para->run_spans[s->span], sizeof(RunSpan));
    rs->text = "-";
    bool wide = (glyph >= 0xFFFF && glyph != PANGO_GLYPH_EMPTY) || w > INT16_MAX;
    /* (raised with its word: the Latin face of a pair, itemize.c) */
    bool plain = s->shift == 0;
    int words = wide ? 2 : 1;
    uint32_t *g = arena_alloc(b->para->out, sizeof(uint32_t) * (size_t)(words + (plain ? 0 : 3)));
    if (wide) {
        g[0] = glyph;
        g[1] = (uint32_t)w;
    } else {
        g[0] = (glyph == PANGO_GLYPH_EMPTY ? 0xFFFFu : glyph) | (uint32_t)(uint16_t)w << 16;
    }
    if (!plain) {
        int32_t *more = (int32_t *)(void *)(g + words);
        more[0] = 0;                       /* dx, dy, cluster */
        more[1] = -s->shift;
        more[2] = 0;
    }
    b->runs[b->n_runs++] = (Run){.font = s->font, .glyphs = g, .span = rs, .offset = 0,
                                 .length = 1, .n_glyphs = 1, .x = b->x, .width = w,
                                 .plain = plain, .wide = wide};
    b->x += w;
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
        Unit x = (left + right) / 2 - r->reading->natural / 2 + r->shift;
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

/* --- lines --- */

void
lines_make(Doc *doc, Para *p, const Cluster *cl, int n_cl, const Item *items, int n_items,
           const int *breaks, int count, Unit width, const Style *bstyle, Line *lines)
{
    Unit *glue_w = xmalloc(sizeof(Unit) * (size_t)(n_items + 1));
    Unit *xs = p->n_rb ? xmalloc(sizeof(Unit) * (size_t)n_cl) : NULL;
    Builder b = {.doc = doc, .para = p, .cl = cl};
    for (int k = 0, s = 0; k < count; k++) {
        int brk = breaks[k];
        bool has_fil = false;
        for (int i = s; i < brk; i++)
            if (items[i].type == ITEM_GLUE && items[i].stretch >= STRETCH_FIL)
                has_fil = true;
        Unit natural, y, z;
        linebreak_measure(items, s, brk, &natural, &y, &z);
        /* a last line is set at its natural width unless that is too wide:
         * the breaker chose it counting on its shrink */
        bool justify = !p->text->code && ((bstyle->align == ALIGN_JUSTIFY && !has_fil)
                                          || natural > width);
        Unit set = linebreak_set_glue(items, s, brk, width, justify, glue_w);
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
            if (!(items[i].type == ITEM_GLUE && items[i].stretch >= STRETCH_FIL))
                content += items[i].type == ITEM_GLUE ? glue_w[i - s]
                           : items[i].type == ITEM_BOX ? items[i].width : 0;
        if (justify)
            content = set;
        if (bstyle->align == ALIGN_CENTER && content < width)
            b.x = (width - content) / 2;
        else if (bstyle->align == ALIGN_RIGHT && content < width)
            b.x = width - content;
        int first_b = -1, last_b = -1, first_c = -1, last_c = -1;
        /* the widest gap between two Japanese glyphs, as a PDF reader measures
         * it: from the right of one glyph's advance to the next glyph */
        const Cluster *jp_prev = NULL;     /* the cluster before, if Japanese */
        Unit jp_right = 0;                 /* where its glyph ends */
        bool loose = false;
        for (int i = s; i < brk; i++) {
            const Item *x = &items[i];
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
            bool jp = c->sp == JP_SP_JP || c->sp == JP_SP_OPEN || c->sp == JP_SP_CLOSE
                      || c->sp == JP_SP_MIDDLE;
            if (jp && jp_prev) {
                Unit em = c->em < jp_prev->em ? c->em : jp_prev->em;
                Unit gap = b.x + c->dx - jp_right;
                loose |= (int64_t)gap * 1000 >= (int64_t)em * JP_LOOSE_GAP;
            }
            jp_prev = jp ? c : NULL;
            jp_right = b.x + c->dx + c->width;
            add_cluster(&b, c, x->type == ITEM_GLUE ? glue_w[i - s] : x->width);
            if (first_b < 0) {
                first_b = c->b0;
                first_c = x->cluster;
            }
            last_b = c->b1;
            last_c = x->cluster;
        }
        bool hyphenated = items[brk].type == ITEM_PENALTY
                          && items[brk].flagged == FLAG_HYPHENATED && items[brk].cluster >= 0;
        if (items[brk].type == ITEM_PENALTY && items[brk].cluster >= 0 && b.n_glyphs > 0) {
            /* a line ending inside a word: its last glyph takes back the
             * kerning with the next, on the next line (shape_kern_after) */
            Unit kern = shape_kern_after(p, &cl[items[brk].cluster]);
            b.glyphs[b.n_glyphs - 1].geometry.width += kern;
            b.x += kern;
        }
        if (hyphenated)
            add_hyphen(&b, &cl[items[brk].cluster]);
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
        ln->ragged = justify && set < width && natural < width;
        ln->loose = loose;
        ln->hyphenated = hyphenated;
        free(b.runs);
        s = linebreak_next_start(items, n_items, brk);
    }
    free(b.glyphs);
    free(b.logs);
    free(glue_w);
    free(xs);
}
