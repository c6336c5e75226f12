/*
 * paginate.c: cut the galley into pages.
 * Reads doc->slices (height, keep flags, forced breaks, repeated table
 * headers, headings). Writes doc->pages: slice placements with their y
 * from the top of the text area, and the section heading in force.
 *
 * Greedy fill with back-off: fill until the next slice does not fit, then
 * step back over places where a page must not end (may_end_page): after a
 * keep_with_next slice (headings, a paragraph's first and second-to-last
 * lines, table header rows) or the gaps after one, so a run of headings
 * stays together; after the first line under a heading run when more text
 * follows (a run keeps with two lines of its text); before a last single
 * line of a section (a one-line list item or paragraph alone at a page
 * head before the next heading). If that would empty the page, break at
 * the overflow instead: a keep never leaves a page empty. Slices on the grid start at a whole number of pitches, so
 * body lines sit on the same lines on every page. Discardable gaps vanish
 * at a page top. A table row that starts a page gets its header row again.
 * Footnotes: a slice that references notes takes them to the foot of its
 * page (under a short rule), stacked up from the bottom of the body; the
 * slice is placed only if its notes fit too, or at least their first line,
 * the rest continuing at the foot of the next page.
 * Columns (段組, doc->geom.columns 2): a page is filled column by column,
 * each a frame of its own from the same top to the body's foot; all the
 * above works per frame: a page may end (and a column) only where
 * may_end_page allows within the column, a table's header row repeats at
 * a column's top, a note goes to the foot of the column that references
 * it (continuing at the next column's). Slices that span the columns (the
 * title block, the contents) are set first, across the block at the page
 * top; the columns start on the grid below them, and a spanning slice
 * after column text starts a new page. Where the text ends before the
 * page is full (the end, a forced break, a spanning slice), the page's
 * columns are balanced (balance).
 * Not done: floats; balancing a page a note runs on into (or from its
 * first column to its second) or one with a table's header repeated.
 */
#include "paginate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "limits.h"

typedef struct Build {
    Doc *doc;
    Placed *cur;
    int n, cap;
    Page *pages;
    int n_pages, cap_pages;
    const Node *section;                   /* the last section heading placed */
    const Node *chapter;                   /* the last chapter heading placed */
    int top;                               /* a chapter's level: the shallowest of the
                                            * galley's headings (## when there is no #,
                                            * as number.c counts them) */
    bool repeated;                         /* the page starts with a repeated header row */
    const char *prefix;                    /* page labels: "" or the appendix's "A-" */
    bool roman;                            /* page labels in roman numerals (front matter) */
    int label_base;                        /* pages before the current numbering began */
    Unit width, height;                    /* the next page's own size, or 0 */
    bool bare;                             /* the next page has no running head or folio */
    Unit body, used;                       /* body height; space the slices take */
    /* columns: a frame is the column being filled */
    int columns;                           /* 1 or 2 */
    int col;                               /* the column being filled */
    int fs;                                /* its first placement: cur[fs..n) */
    int cs;                                /* the first column's first placement */
    Unit ftop;                             /* its top, below the spanning slices */
    bool band;                             /* spanning slices being set at the page top */
    Placed *pnotes;                        /* the page's notes so far, all its columns */
    int n_pnotes, cap_pnotes;
    bool pnotes_continued;                 /* the first column's continue a note */
    bool spread;                           /* vertical 傍注 at the spread's left end
                                            * (footnote.place: spread): a right page
                                            * (even) holds none, they go on to the next */
    /* footnotes */
    int n_notes;                           /* highest note number */
    int *note_first, *note_end;            /* its lines: slices [first, end) */
    bool *note_done;                       /* set on an earlier page */
    int *carry;                            /* note lines continued from the last frame */
    int n_carry;
    Unit rule;                             /* space for the rule above the notes */
    int note_lines;                        /* all notes' lines */
    int *list, *all;                       /* finish_page's, room for n_carry + note_lines */
    unsigned *seen;                        /* per note: the page_notes call that took it */
    unsigned stamp;                        /* that call's number */
    long looked;                           /* note references and lines looked at
                                            * (-vv: linear in the notes, tests/attack) */
} Build;

static void
place(Build *b, int slice, Unit y)
{
    if (b->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 64;
        b->cur = xrealloc(b->cur, (size_t)b->cap * sizeof(Placed));
    }
    b->cur[b->n++] = (Placed){slice, y, b->col};
}

static bool
is_section(const Node *h)
{
    return h && h->type == NODE_HEADING && h->u.heading.level <= 2;
}

/* Lower-case roman numerals for the front pages (i, ii, iii, iv...). */
static const char *
roman(Doc *doc, int n)
{
    static const struct { int v; const char *s; } t[] = {
        {1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"}, {90, "xc"},
        {50, "l"}, {40, "xl"}, {10, "x"}, {9, "ix"}, {5, "v"}, {4, "iv"}, {1, "i"},
    };
    char buf[64] = "";
    for (size_t i = 0; i < sizeof t / sizeof t[0] && n > 0; i++)
        while (n >= t[i].v && strlen(buf) + 3 < sizeof buf) {
            strcat(buf, t[i].s);
            n -= t[i].v;
        }
    return arena_strdup(doc->arena, buf);
}

/* --- footnotes at the page foot --- */

/* Does the page being filled hold notes? Not a right page of a vertical
 * spread when notes go to its left end (Build.spread). */
static bool
holds_notes(const Build *b)
{
    return !b->spread || (b->n_pages + 1) % 2 == 1;
}

/* The note lines the frame holds (the page, or one of its columns): the
 * carried-over lines, then every line of each note first referenced by a
 * slice in it (the first column's: with the spanning ones), in order; *split set
 * when the last ones must be cut at `room`. Returns their height (with the
 * rule), writing the slice indices to out (room for all) when given. */
static Unit
page_notes(Build *b, Unit room, int *out, int *n_out, bool *cut)
{
    const Slice *s = b->doc->slices;
    Unit h = 0;
    int n = 0;
    bool any = b->n_carry > 0;
    *cut = false;
    if (!out && !holds_notes(b)) {         /* (measuring: they take no room here) */
        *n_out = 0;
        return 0;
    }
    /* a note referenced twice on the page is taken once: marked with this
     * call's number (comparing each reference with those before it made a
     * page of many references quadratic, and this is called per slice) */
    if (++b->stamp == 0) {
        memset(b->seen, 0, sizeof(unsigned) * ((size_t)b->n_notes + 1));
        b->stamp = 1;
    }
    b->looked += b->n_carry;
    for (int i = 0; i < b->n_carry; i++) {
        if (out)
            out[n] = b->carry[i];
        n++;
        h += s[b->carry[i]].height;
    }
    for (int p = b->col > 0 ? b->fs : 0; p < b->n; p++) {
        const Slice *sl = &s[b->cur[p].slice];
        b->looked += sl->n_refs;
        for (int r = 0; r < sl->n_refs; r++) {
            int k = sl->refs[r];
            if (k < 1 || k > b->n_notes || b->note_done[k] || b->note_end[k] == 0)
                continue;
            if (b->seen[k] == b->stamp)
                continue;
            b->seen[k] = b->stamp;
            any = true;
            for (int i = b->note_first[k]; i < b->note_end[k]; i++) {
                if (room >= 0 && h + s[i].height + b->rule > room) {
                    *cut = true;
                    break;
                }
                if (out)
                    out[n] = i;
                n++;
                h += s[i].height;
                b->looked++;
            }
        }
    }
    *n_out = n;
    return any ? h + b->rule : 0;
}

/* The notes of the frame just filled, at its foot (stacked up from the
 * foot of the body); what does not fit is carried to the next frame. */
static void
finish_frame(Build *b)
{
    if (b->n_notes == 0)
        return;
    const Slice *s = b->doc->slices;
    /* (the lists have room for every note line, made once: counting
     * the notes' lines on each page was pages x notes) */
    int *list = b->list, *all = b->all, n = 0;
    bool cut;
    Unit body = b->body;
    if (holds_notes(b))
        page_notes(b, body - b->used, list, &n, &cut);
    int n_all;
    page_notes(b, -1, all, &n_all, &cut);
    if (n > 0) {
        if (b->n_pnotes + n > b->cap_pnotes) {
            b->cap_pnotes = b->n_pnotes + n + 16;
            b->pnotes = xrealloc(b->pnotes, sizeof(Placed) * (size_t)b->cap_pnotes);
        }
        Unit h = 0;
        for (int i = 0; i < n; i++)
            h += s[list[i]].height;
        Unit y = body - h;
        for (int i = 0; i < n; i++) {
            b->pnotes[b->n_pnotes++] = (Placed){list[i], y, b->col};
            y += s[list[i]].height;
        }
        /* (on a spread's left page, the right page's notes come first:
         * continued only if they start inside a note) */
        if (b->col == 0)
            b->pnotes_continued = b->n_carry > 0
                                  && (!b->spread
                                      || b->carry[0] != b->note_first[s[b->carry[0]].note_of]);
    }
    /* what did not fit continues in the next frame */
    for (int i = 0; i < n_all; i++)
        if (s[all[i]].note_of > 0)
            b->note_done[s[all[i]].note_of] = true;
    b->n_carry = 0;
    for (int i = n; i < n_all; i++)
        b->carry[b->n_carry++] = all[i];
}

static void
finish_page(Build *b)
{
    if (b->n_pages == b->cap_pages) {
        b->cap_pages = b->cap_pages ? b->cap_pages * 2 : 16;
        b->pages = xrealloc(b->pages, (size_t)b->cap_pages * sizeof(Page));
    }
    Page *p = &b->pages[b->n_pages];
    memset(p, 0, sizeof *p);
    p->number = b->n_pages + 1;
    for (int i = 0; i < b->n; i++) {
        const Slice *s = &b->doc->slices[b->cur[i].slice];
        if (slice_x(s)->label_prefix) {
            b->prefix = s->x->label_prefix;
            b->roman = s->x->label_roman;
            b->label_base = b->n_pages;
        }
    }
    p->appendix = b->prefix[0] != '\0';
    int k = b->n_pages + 1 - b->label_base;
    p->label = b->roman ? roman(b->doc, k)
                        : arena_printf(b->doc->arena, "%s%d", b->prefix, k);
    /* the notes of the last column (of the page, in one column) */
    finish_frame(b);
    if (b->n_pnotes > 0) {
        p->notes = arena_memdup(doc_pass_arena(b->doc), b->pnotes,
                                sizeof(Placed) * (size_t)b->n_pnotes);
        p->n_notes = b->n_pnotes;
        p->notes_continued = b->pnotes_continued;
    }
    b->n_pnotes = 0;
    b->pnotes_continued = false;
    p->width = b->width;
    p->height = b->height;
    p->title_page = b->bare;
    b->width = b->height = 0;
    b->bare = false;
    p->n = b->n;
    p->placed = b->n ? arena_memdup(doc_pass_arena(b->doc), b->cur,
                                    sizeof(Placed) * (size_t)b->n)
                     : NULL;
    /* the running head: the first section heading on the page, else the
     * one carried over from earlier pages */
    const Node *first = NULL, *last = b->section, *first_ch = NULL, *last_ch = b->chapter;
    for (int i = 0; i < b->n; i++) {
        const Node *h = b->doc->slices[b->cur[i].slice].heading;
        if (is_section(h)) {
            if (!first)
                first = h;
            last = h;
        }
        if (is_section(h) && h->u.heading.level == b->top) {   /* the same for chapters */
            if (!first_ch)
                first_ch = h;
            last_ch = h;
        }
    }
    p->section = first ? first : b->section;
    b->section = last;
    p->chapter = first_ch ? first_ch : b->chapter;
    b->chapter = last_ch;
    b->n_pages++;
    b->n = 0;
    b->repeated = false;
    b->col = b->fs = b->cs = 0;
    b->ftop = 0;
    b->band = false;
}

/* --- keeps --- */

/* A heading, the title block or the contents' heading: a block that keeps
 * with what follows it. */
static bool
heads_text(const Slice *s)
{
    return s->kind == SLICE_BLOCK && s->keep_with_next;
}

/* The slice after galley slice j in the flow, past gaps and footnote lines
 * (set at page feet), or -1 at the end. */
static int
flow_after(const Doc *doc, int j)
{
    for (j++; j < doc->n_slices; j++)
        if (doc->slices[j].kind != SLICE_GAP && doc->slices[j].note_of == 0)
            return j;
    return -1;
}

/* May the page end after its first k placed slices, the next page starting
 * with galley slice `next`? Not after a slice that keeps with the next
 * (headings, a paragraph's first and second-to-last lines, a table's
 * header row), nor after the gaps that follow one (an h2's run into the
 * space above an h3 is still the run: headings in a run stay together).
 * Not after the first line of text under a heading when the text goes on:
 * a run of headings keeps with the first two lines that follow it (one-line
 * paragraphs and list items have no keep of their own). And not when the
 * next page would hold a single line before the next heading, a forced
 * break or the end: a section never ends with one line (of a list item or
 * a paragraph) alone at a page head. */
static bool
may_end_page(const Build *b, int k, int next)
{
    const Slice *s = b->doc->slices;
    int j = k - 1;
    while (j > b->fs && s[b->cur[j].slice].kind == SLICE_GAP)
        j--;
    const Slice *last = &s[b->cur[j].slice];
    if (last->keep_with_next)
        return false;
    const Slice *nx = &s[next];
    if (last->kind == SLICE_LINE && nx->kind == SLICE_LINE && j == k - 1 && j > b->fs) {
        int h = j - 1;
        while (h > b->fs && s[b->cur[h].slice].kind == SLICE_GAP)
            h--;
        if (heads_text(&s[b->cur[h].slice]))
            return false;
    }
    if (nx->kind == SLICE_LINE && !nx->break_before) {
        int after = flow_after(b->doc, next);
        if (after < 0 || s[after].heading || s[after].break_before
            || slice_x(&s[after])->page_width)
            return false;
    }
    return true;
}

static Unit
snap(Unit y, Unit pitch)
{
    return (y + pitch - 1) / pitch * pitch;
}

/* --- balancing the columns of a page the text leaves early --- */

/* Stack the column slices cur[from..to) from y = top, as the fill does
 * (on the grid, no discardable gap first); the bottom, or -1 past `limit`. */
static Unit
stack(Build *b, int from, int to, Unit top, Unit limit, Unit pitch)
{
    const Slice *s = b->doc->slices;
    Unit y = top;
    for (int k = from; k < to; k++) {
        const Slice *sl = &s[b->cur[k].slice];
        if (k == from && sl->kind == SLICE_GAP && sl->gap_discardable) {
            b->cur[k].y = y;               /* (dropped below) */
            continue;
        }
        Unit t = sl->on_grid ? snap(y, pitch) : y;
        if (t + sl->height > limit)
            return -1;
        b->cur[k].y = t;
        y = t + sl->height;
    }
    return y;
}

/* The text ends (or a forced break, or a spanning slice) before the page's
 * columns are full: share their slices between the columns, the first
 * taking as few lines as leave the second no longer, where a column may
 * end (may_end_page) and not inside a table, both from the same top, as a
 * journal's last page; each column's notes at its foot again. Not when
 * note lines run on into the page or from its first column to its second
 * (left as they are). */
static void
balance(Build *b, Unit pitch)
{
    if (b->columns < 2 || b->band || b->n - b->cs < 2 || b->n_carry > 0 || b->pnotes_continued)
        return;
    const Slice *s = b->doc->slices;
    for (int k = b->cs + 1; k < b->n; k++)
        if (b->cur[k].slice <= b->cur[k - 1].slice)
            return;                        /* a header row repeated */
    int n = b->n, m = n - b->cs;
    Placed *keep = xmalloc(sizeof(Placed) * (size_t)m);
    memcpy(keep, b->cur + b->cs, sizeof(Placed) * (size_t)m);
    /* the first column's notes are placed again below */
    int n_notes = b->n_pnotes;
    Placed *notes = xmalloc(sizeof(Placed) * (size_t)(n_notes + 1));
    if (n_notes > 0)
        memcpy(notes, b->pnotes, sizeof(Placed) * (size_t)n_notes);
    for (int i = 0; i < n_notes; i++)
        b->note_done[s[notes[i].slice].note_of] = false;
    b->n_pnotes = 0;
    /* the height of all of them in one column: the second starts at half */
    Unit all = stack(b, b->cs, n, b->ftop, INT32_MAX, pitch) - b->ftop;
    bool done = false;
    for (Unit limit = b->ftop + snap((all + 1) / 2, pitch); limit <= b->body && !done;
         limit += pitch) {
        /* the first column: as many as fit above the limit, then back to
         * where a column may end */
        int k = b->cs;
        Unit y = b->ftop;
        while (k < n) {
            const Slice *sl = &s[b->cur[k].slice];
            Unit t = sl->on_grid ? snap(y, pitch) : y;
            if (t + sl->height > limit)
                break;
            y = t + sl->height;
            k++;
        }
        b->fs = b->cs;
        while (k > b->cs && k < n
               && (!may_end_page(b, k, b->cur[k].slice)
                   || (s[b->cur[k].slice].kind == SLICE_ROW && s[b->cur[k].slice].header >= 0)))
            k--;
        if (k == b->cs || k == n)
            continue;
        /* the second: the rest, no longer than the first */
        int from = k;
        if (s[b->cur[from].slice].kind == SLICE_GAP && s[b->cur[from].slice].gap_discardable)
            from++;
        Unit bottom1 = stack(b, from, n, b->ftop, limit, pitch);
        if (bottom1 < 0)
            continue;
        Unit bottom0 = stack(b, b->cs, k, b->ftop, limit, pitch);
        /* each column's notes fit under it */
        int dummy;
        bool cut;
        b->col = 0;
        b->n = k;
        Unit h0 = page_notes(b, -1, NULL, &dummy, &cut);
        b->col = 1;
        b->fs = from;
        b->n = n;
        Unit h1 = page_notes(b, -1, NULL, &dummy, &cut);
        if (bottom0 + h0 > b->body || bottom1 + h1 > b->body)
            continue;
        for (int j = b->cs; j < n; j++)
            b->cur[j].col = j < k ? 0 : 1;
        if (from > k) {                    /* the gap at the second's top goes */
            memmove(b->cur + k, b->cur + from, sizeof(Placed) * (size_t)(n - from));
            n -= from - k;
        }
        /* the first column's notes now; the second's when the page ends */
        b->col = 0;
        b->n = k;
        b->used = bottom0;
        finish_frame(b);
        b->col = 1;
        b->fs = k;
        b->n = n;
        b->used = bottom1;
        b->repeated = false;
        done = true;
    }
    if (!done) {
        memcpy(b->cur + b->cs, keep, sizeof(Placed) * (size_t)m);
        b->n = b->cs + m;
        b->col = b->cur[b->n - 1].col;
        b->fs = b->cs;
        while (b->col > 0 && b->fs < b->n && b->cur[b->fs].col == 0)
            b->fs++;
        if (n_notes > 0)
            memcpy(b->pnotes, notes, sizeof(Placed) * (size_t)n_notes);
        b->n_pnotes = n_notes;
        for (int i = 0; i < n_notes; i++)
            b->note_done[s[notes[i].slice].note_of] = true;
    }
    free(keep);
    free(notes);
}

void
paginate_document(Doc *doc, Unit pitch, int lines, bool title_page)
{
    Build b = {.doc = doc, .prefix = "", .columns = doc->geom.columns > 1 ? doc->geom.columns : 1,
               .spread = doc->geom.vertical && doc->geom.notes_spread};
    Unit body = pitch * lines;
    b.body = body;
    b.top = 1;
    for (int k = 0, least = 7; k < doc->n_slices; k++) {
        const Node *h = doc->slices[k].heading;
        bool appendix = h && h->next && h->next->type == NODE_APPENDIX;   /* (report.c's) */
        if (h && h->type == NODE_HEADING && !appendix && h->u.heading.level < least)
            least = b.top = h->u.heading.level;
    }
    Unit y = 0;
    int i = 0;
    const Slice *s = doc->slices;
    /* footnote lines are set apart: where each note's lines are */
    for (int k = 0; k < doc->n_slices; k++)
        if (s[k].note_of > b.n_notes)
            b.n_notes = s[k].note_of;
    if (b.n_notes > 0) {
        b.note_first = xcalloc((size_t)b.n_notes + 1, sizeof(int));
        b.note_end = xcalloc((size_t)b.n_notes + 1, sizeof(int));
        b.note_done = xcalloc((size_t)b.n_notes + 1, sizeof(bool));
        b.carry = xcalloc((size_t)doc->n_slices + 1, sizeof(int));
        b.rule = pitch / 2;
        for (int k = 0; k < doc->n_slices; k++) {
            int n = s[k].note_of;
            if (n > 0) {
                if (b.note_end[n] == 0)
                    b.note_first[n] = k;
                b.note_end[n] = k + 1;
            }
        }
        for (int nk = 1; nk <= b.n_notes; nk++)
            b.note_lines += b.note_end[nk] - b.note_first[nk];
        /* carried lines and a page's own notes are at most all note lines:
         * (a note's lines are carried once, and taken on one page) */
        b.list = xmalloc(sizeof(int) * (2 * (size_t)b.note_lines + 1));
        b.all = xmalloc(sizeof(int) * (2 * (size_t)b.note_lines + 1));
        b.seen = xcalloc((size_t)b.n_notes + 1, sizeof(unsigned));
    }
    while (i < doc->n_slices) {
        const Slice *sl = &s[i];
        if (sl->note_of > 0) {
            i++;                           /* placed at the foot of its reference's page */
            continue;
        }
        if (b.n_pages >= LIMIT_PAGES) {
            diag_warn(doc, sl->node ? sl->node->pos : (SrcPos){0, 0},
                      "the document reaches %d pages; the rest is not set", LIMIT_PAGES);
            break;
        }
        if (b.n > 0 && (sl->break_before || slice_x(sl)->page_width)) {
            balance(&b, pitch);
            finish_page(&b);
            y = 0;
            continue;
        }
        if (slice_x(sl)->page_width) {
            /* a slice with a page of its own (a landscape slide) */
            place(&b, i, 0);
            b.width = sl->x->page_width;
            b.height = sl->x->page_height;
            b.bare = true;
            finish_page(&b);
            y = 0;
            i++;
            continue;
        }
        if (b.columns > 1) {
            /* spanning slices at the page top, above the columns: one after
             * column text starts a new page */
            if (sl->span && b.n > 0 && !b.band) {
                balance(&b, pitch);
                finish_page(&b);
                y = 0;
                b.used = 0;
                continue;
            }
            if (sl->span && b.n == 0)
                b.band = true;
            if (!sl->span && b.band) {
                /* the band ends: the columns start below it, on the grid */
                b.band = false;
                b.ftop = y = snap(y, pitch);
                b.fs = b.cs = b.n;
                b.used = y;
            }
        }
        if (b.n == b.fs && sl->kind == SLICE_GAP && sl->gap_discardable) {
            i++;                           /* no space at a page (column) top */
            continue;
        }
        if (b.n == b.fs && sl->kind == SLICE_ROW && sl->header >= 0) {
            /* a table continues here: repeat its header row */
            place(&b, sl->header, y);
            b.repeated = true;
            y += s[sl->header].height;
        }
        Unit top = sl->on_grid ? snap(y, pitch) : y;
        /* room left above the notes, counting this slice's own notes: all
         * of them, or at least their first line (the rest continues) */
        Unit notes = 0;
        if (b.n_notes > 0) {
            int n;
            bool cut;
            Unit used = b.used;            /* (the trial placement is undone) */
            place(&b, i, top);
            b.used = top + sl->height;
            Unit full = page_notes(&b, -1, NULL, &n, &cut);
            Unit part = page_notes(&b, body - b.used, NULL, &n, &cut);
            b.n--;
            b.used = used;
            notes = full;
            if (top + sl->height + full > body && sl->n_refs > 0 && part > b.rule)
                notes = part;              /* the note is split over two pages */
        }
        /* (a slice alone in a full-height frame is placed even if it does
         * not fit: it could fit nowhere else) */
        bool alone = b.n == b.fs + (b.repeated ? 1 : 0) && b.ftop == 0;
        if (top + sl->height + notes <= body || alone) {
            if (top + sl->height > body)
                diag_warn(doc, sl->node ? sl->node->pos : (SrcPos){0, 0},
                          "this block is taller than the space on a page and overflows it");
            place(&b, i, top);
            y = top + sl->height;
            b.used = y;
            i++;
            continue;
        }
        /* does not fit: back off to a place where the column may end */
        int k = b.n, next = i;
        while (k > b.fs && !may_end_page(&b, k, next))
            next = b.cur[--k].slice;
        /* a repeated header alone is no content */
        if (k > b.fs + (b.repeated ? 1 : 0) && k < b.n) {
            i = b.cur[k].slice;
            b.n = k;
            b.used = b.cur[k - 1].y + s[b.cur[k - 1].slice].height;
        }
        if (!b.band && b.col + 1 < b.columns && b.n > b.fs) {
            /* the next column of the page, from the same top */
            finish_frame(&b);
            b.col++;
            b.fs = b.n;
            b.repeated = false;
            y = b.used = b.ftop;
            continue;
        }
        finish_page(&b);
        y = 0;
        b.used = 0;
    }
    if (b.n > 0 || b.n_pages == 0) {
        balance(&b, pitch);
        finish_page(&b);
    }
    while (b.n_carry > 0 && b.n_pages < LIMIT_PAGES)
        finish_page(&b);                   /* a note that runs on past the last page */
    if (title_page && b.n_pages > 0)
        b.pages[0].title_page = true;
    if (b.n_notes > 0 && doc->opt && doc->opt->verbose >= 2)
        fprintf(stderr, "kumihan: footnotes: %d notes on %d pages; pagination looked at %ld "
                "note references and lines\n", b.n_notes, b.n_pages, b.looked);
    doc->pages = arena_memdup(doc_pass_arena(doc), b.pages,
                              sizeof(Page) * (size_t)b.n_pages);
    doc->n_pages = b.n_pages;
    free(b.pages);
    free(b.cur);
    free(b.note_first);
    free(b.note_end);
    free(b.note_done);
    free(b.carry);
    free(b.list);
    free(b.pnotes);
    free(b.all);
    free(b.seen);
}
