/*
 * tags.c: what the PDF says about the drawing: structure elements (a tagged
 * PDF), links and named destinations, as cairo tags.
 * The drawing (draw.c) calls tags_sync before each line with the node it
 * belongs to; the open elements become the path from the document down to
 * that node (an item's label, Lbl, and body, LBody, included), closing
 * those that differ. cairo 1.16 leaves an element's content unmarked after
 * a child element ends: such content goes into a Span (tags_content).
 * Links are "Link" tags with explicit rectangles; internal ones name the
 * page position of their destination, found by the drawing's first pass
 * (collect), and are also handed to the post-pass (LinkFix). URIs are
 * percent-encoded where cairo would write them damaged.
 * What cairo 1.16 cannot write here, the Figures' alt texts and the
 * internal links' destinations, the post-pass adds (post.c) from d->alts
 * and d->links.
 */
#include "pdf_impl.h"

#include <cairo-pdf.h>
#include <string.h>

#include "arena.h"
#include "node.h"
#include "post.h"

/* A cairo tag attribute string value: quotes and backslashes escaped. */
char *
tags_attr_string(Arena *a, const char *s)
{
    size_t n = 0;
    for (const char *p = s; *p; p++)
        n += (*p == '\'' || *p == '\\') ? 2 : 1;
    char *out = arena_alloc(a, n + 1), *o = out;
    for (const char *p = s; *p; p++) {
        if (*p == '\'' || *p == '\\')
            *o++ = '\\';
        *o++ = *p;
    }
    *o = '\0';
    return out;
}

/* A URI as cairo can write it: cairo 1.16 puts the /URI into a literal
 * string as it is, so an unbalanced parenthesis or a backslash damages the
 * file, and a PDF URI is 7-bit ASCII. Those bytes, spaces, controls and
 * every byte of a non-ASCII character are percent-encoded (RFC 3986, and
 * RFC 3987 for the characters), which names the same resource. */
static bool
uri_escaped(unsigned char c)
{
    return c <= ' ' || c >= 0x7f || c == '(' || c == ')' || c == '\\';
}

static char *
uri_for_pdf(Arena *a, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        n += uri_escaped(*p) ? 3 : 1;
    char *out = arena_alloc(a, n + 1), *o = out;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (uri_escaped(*p)) {
            *o++ = '%';
            *o++ = hex[*p >> 4];
            *o++ = hex[*p & 15];
        } else {
            *o++ = (char)*p;
        }
    }
    *o = '\0';
    return out;
}

/* --- structure tags (tagged PDF) --- */

/* The structure type a node stands for, or NULL for none. */
static const char *
struct_type(const Node *n)
{
    static const char *const h[] = {"H1", "H2", "H3", "H4", "H5", "H6"};
    switch (n->type) {
    case NODE_HEADING: {
        int l = n->u.heading.level;
        return h[(l < 1 ? 1 : l > 6 ? 6 : l) - 1];
    }
    case NODE_PARAGRAPH: return "P";
    case NODE_LIST: return "L";
    case NODE_ITEM: return "LI";
    case NODE_QUOTE: return "BlockQuote";
    case NODE_CODE_BLOCK: return "Code";
    case NODE_TABLE: return "Table";
    case NODE_ROW: return "TR";
    case NODE_CELL: return n->parent && n->parent->u.row.header ? "TH" : "TD";
    case NODE_FIGURE: return "Figure";
    case NODE_CAPTION: return "Caption";
    case NODE_FOOTNOTE_DEF: return "Note";
    case NODE_TITLE_LINE: return n->u.title.role == TITLE_TITLE ? "H1" : "P";
    case NODE_TOC: return "TOC";
    case NODE_APPENDIX: return "Sect";
    case NODE_SLIDE: return "Sect";
    case NODE_DIV: return "Div";
    default: return NULL;
    }
}

/* The elements from the top of n's document down to n (marker: its Lbl). */
static int
path_of(const Node *n, bool marker, Tag *out)
{
    Tag rev[MAX_TAGS];
    int k = 0;
    if (marker && n)
        rev[k++] = (Tag){(const char *)n + 1, "Lbl"};
    for (const Node *p = n; p && p->type != NODE_DOCUMENT && k + 2 < MAX_TAGS; p = p->parent) {
        const char *t = struct_type(p);
        if (!t)
            continue;
        /* an item's only paragraph is its LBody's content, not a P in it */
        bool sole = p->type == NODE_PARAGRAPH && p->parent && p->parent->type == NODE_ITEM
                    && p->parent->first == p && !p->next;
        if (!sole)
            rev[k++] = (Tag){p, t};
        if (p->parent && p->parent->type == NODE_ITEM)
            rev[k++] = (Tag){(const char *)p->parent + 2, "LBody"};
    }
    for (int i = 0; i < k; i++)
        out[i] = rev[k - 1 - i];
    return k;
}

/* cairo 1.16 marks an element's content from its tag_begin until a child
 * element begins; after the child ends, the parent's further content is
 * left unmarked (outside the structure tree). Such content goes into a Span
 * of the open element, opened when content comes and closed at the next
 * tag. */
static void
span_close(Draw *d)
{
    if (d->span) {
        d->span = false;
        cairo_tag_end(d->cr, "Span");
    }
}

void
tags_begin(Draw *d, const char *type, const char *attrs)
{
    span_close(d);
    cairo_tag_begin(d->cr, type, attrs);
    d->bare = false;
}

void
tags_end(Draw *d, const char *type)
{
    span_close(d);
    cairo_tag_end(d->cr, type);
    d->bare = true;
}

/* Before drawing text: mark it if the open element no longer does. */
void
tags_content(Draw *d)
{
    if (d->bare && !d->span && !d->furniture && !d->collect && d->depth > 0) {
        cairo_tag_begin(d->cr, "Span", NULL);
        d->span = true;
    }
}

void
tags_close(Draw *d, int keep)
{
    while (d->depth > keep) {
        d->depth--;
        tags_end(d, d->open[d->depth].type);
    }
}

/* cairo 1.16 gives an element with child elements no marked content of its
 * own: its direct text must go into Spans from the start. */
static bool
has_child_elements(const Node *n)
{
    switch (n->type) {
    case NODE_TOC:
    case NODE_APPENDIX:
    case NODE_SLIDE:
        return true;
    case NODE_PARAGRAPH:
    case NODE_HEADING:
    case NODE_CELL:
    case NODE_TITLE_LINE:
    case NODE_CAPTION:
        return node_has_link(n);
    default:
        return false;
    }
}

/* Make the open elements the path of node n (below the fixed base). */
void
tags_sync(Draw *d, const Node *n, bool marker, const char *alt)
{
    if (d->collect)
        return;
    Tag path[MAX_TAGS];
    int k = path_of(n, marker, path);
    int same = 0;
    while (same < k && d->base + same < d->depth && d->open[d->base + same].key == path[same].key)
        same++;
    tags_close(d, d->base + same);
    for (int i = same; i < k && d->depth < MAX_TAGS; i++) {
        tags_begin(d, path[i].type, NULL);
        bool real = strcmp(path[i].type, "Lbl") != 0 && strcmp(path[i].type, "LBody") != 0;
        if (real && has_child_elements((const Node *)path[i].key))
            d->bare = true;
        if (strcmp(path[i].type, "Figure") == 0 && d->alts)   /* (none: PNG, SVG) */
            g_ptr_array_add(d->alts, (gpointer)(alt ? alt : ""));
        d->open[d->depth++] = path[i];
    }
}

void
tags_dest(Draw *d, const char *name, double x, double y)
{
    if (d->collect) {
        if (!g_hash_table_contains(d->dests, name)) {
            DestPos *p = arena_alloc(d->arena, sizeof(DestPos));
            *p = (DestPos){d->page, x, y};
            /* (the name copied: the layout it comes from may go before the
             * bookmarks are given) */
            g_hash_table_insert(d->dests, arena_strdup(d->arena, name), p);
        }
        return;
    }
    char *attrs = arena_printf(d->arena, "name='%s' x=%.2f y=%.2f",
                               tags_attr_string(d->arena, name), x, y);
    cairo_tag_begin(d->cr, CAIRO_TAG_DEST, attrs);
    cairo_tag_end(d->cr, CAIRO_TAG_DEST);
}

/* A link over the page rectangle (x, y, w, h): its tag is left open for the
 * run's text (the Link element holds its text); true when it was opened. */
bool
tags_link_begin(Draw *d, const char *href, double x, double y, double w, double h)
{
    if (d->collect)
        return false;
    char *attrs;
    if (href[0] == '#') {
        const DestPos *p = g_hash_table_lookup(d->dests, href + 1);
        if (!p)
            return false;                  /* parse.c warned of a link to nowhere */
        attrs = arena_printf(d->arena, "rect=[%.2f %.2f %.2f %.2f] page=%d pos=[%.2f %.2f]", x,
                             y, w, h, p->page, p->x, p->y);
        LinkFix f = {d->page, x, y, w, h, p->page, p->x, p->y};
        g_array_append_val(d->links, f);
    } else {
        attrs = arena_printf(d->arena, "rect=[%.2f %.2f %.2f %.2f] uri='%s'", x, y, w, h,
                             tags_attr_string(d->arena, uri_for_pdf(d->arena, href)));
    }
    tags_begin(d, CAIRO_TAG_LINK, attrs);
    return true;
}
