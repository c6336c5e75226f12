/*
 * html.c: the HTML that Markdown authors write, read with libxml2's HTML
 * parser (tags, attributes, entities: never a parser of our own).
 *
 * cmark hands over HTML as literals: an inline tag at a time ("<sup>",
 * then Markdown text, then "</sup>") or a block of them. Each literal is
 * parsed alone; its start tags, end tags and text become marks (NODE_HTML)
 * and text nodes where the literal stood. libxml2 adds what a browser would
 * (an implied <p>, the end of an element left open): only the tags written
 * in the literal count (tally), so "<div align=center>" alone leaves the div
 * open until a later "</div>" block, around the Markdown between them.
 * html_fold then walks the tree once, pairing each opening mark with the
 * next closing mark of its name among its siblings (an opening mark never
 * closed holds the rest of its parent), and makes the nodes the tags mean:
 *   <b> <strong> <i> <em> <s> <del> <code> <kbd> <sup> <sub> <small> <u>
 *   <ins> <mark> <a href> <a name|id> <br> <img> <ruby> (<rt>, <rp>) as
 *   inline nodes; <p>, <div>, <center> (align="center|right", or
 *   text-align in style) <details> (printed open) <summary> (bold) as
 *   NODE_DIV; <h1>-<h6>, <blockquote>, <ul> <ol> <li>, <pre>, <hr> as
 *   their Markdown nodes; <span> and the like keep their content silently.
 * A tag with no meaning here keeps its content, with one warning per tag
 * name; <style> and <script> go with their content (one warning each); a
 * style attribute with more than text-align (a deck's display: flex
 * columns) is not applied, one warning for the document.
 * Text left between blocks becomes paragraphs.
 */
#include "html.h"

#include <glib.h>
#include <libxml/HTMLparser.h>
#include <limits.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "i18n.h"
#include "figure.h"
#include "node.h"

typedef enum Kind {
    K_UNKNOWN,                             /* content kept, a warning */
    K_SILENT,                              /* content kept: <span>, <html>, <body>... */
    K_DROP,                                /* gone with its content: <style>, <script> */
    K_STRONG, K_EMPH, K_STRIKE, K_CODE, K_KBD, K_SUP, K_SUB, K_SMALL, K_UNDERLINE, K_MARK,
    K_LINK, K_RUBY, K_RT, K_RP,
    K_BR, K_IMG, K_HR,                     /* (void: no content, no end tag) */
    K_DIV, K_CENTER, K_DETAILS, K_SUMMARY, K_HEADING, K_QUOTE, K_PRE, K_UL, K_OL, K_LI,
    K_TABLE, K_TGROUP, K_TR, K_TD, K_TH,
} Kind;

static const struct { const char *name; Kind kind; } known[] = {
    {"b", K_STRONG}, {"strong", K_STRONG}, {"i", K_EMPH}, {"em", K_EMPH}, {"cite", K_EMPH},
    {"s", K_STRIKE}, {"del", K_STRIKE}, {"strike", K_STRIKE}, {"code", K_CODE},
    {"tt", K_CODE}, {"samp", K_CODE}, {"kbd", K_KBD}, {"sup", K_SUP}, {"sub", K_SUB},
    {"small", K_SMALL}, {"u", K_UNDERLINE}, {"ins", K_UNDERLINE}, {"mark", K_MARK},
    {"a", K_LINK}, {"ruby", K_RUBY}, {"rt", K_RT}, {"rp", K_RP}, {"rb", K_SILENT},
    {"br", K_BR}, {"img", K_IMG}, {"hr", K_HR}, {"p", K_DIV}, {"div", K_DIV},
    {"center", K_CENTER}, {"details", K_DETAILS}, {"summary", K_SUMMARY},
    {"figure", K_DIV}, {"figcaption", K_DIV}, {"section", K_DIV}, {"article", K_DIV},
    {"header", K_DIV}, {"footer", K_DIV}, {"main", K_DIV}, {"aside", K_DIV}, {"nav", K_DIV},
    {"picture", K_SILENT}, {"source", K_SILENT},
    {"h1", K_HEADING}, {"h2", K_HEADING}, {"h3", K_HEADING}, {"h4", K_HEADING},
    {"h5", K_HEADING}, {"h6", K_HEADING}, {"blockquote", K_QUOTE}, {"pre", K_PRE},
    {"ul", K_UL}, {"ol", K_OL}, {"li", K_LI}, {"table", K_TABLE}, {"tr", K_TR},
    {"td", K_TD}, {"th", K_TH}, {"thead", K_TGROUP}, {"tbody", K_TGROUP}, {"tfoot", K_TGROUP},
    {"span", K_SILENT}, {"abbr", K_SILENT},
    {"font", K_SILENT}, {"time", K_SILENT}, {"bdi", K_SILENT}, {"wbr", K_SILENT},
    {"html", K_SILENT}, {"body", K_SILENT}, {"style", K_DROP}, {"script", K_DROP},
    {"head", K_DROP}, {"title", K_DROP},
    /* the marks of notation.c's fenced containers (never an HTML name) */
    {":::message", K_QUOTE}, {":::details", K_DETAILS}, {":::summary", K_SUMMARY},
};

static Kind
kind_of(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(known); i++)
        if (strcmp(known[i].name, name) == 0)
            return known[i].kind;
    return K_UNKNOWN;
}

static bool
is_void(Kind k)
{
    return k == K_BR || k == K_IMG || k == K_HR;
}

/* The attribute that marks a start tag of ours (unmatched_tag). */
#define OURS "data-kumihan-before"

/* Produces blocks (in running text, such a tag keeps its content only). */
static bool
is_block_kind(Kind k)
{
    return k >= K_DIV;
}

/* Parents whose children are blocks (text among them becomes paragraphs). */
static bool
holds_blocks(NodeType t)
{
    return t == NODE_DOCUMENT || t == NODE_QUOTE || t == NODE_ITEM || t == NODE_FOOTNOTE_DEF
           || t == NODE_SLIDE || t == NODE_DIV;
}

/* --- reading a literal --- */

/* How many start and end tags of each name the literal holds as written
 * (libxml2 adds the ones a browser would imply: those are not ours). */
typedef struct Tally { GHashTable *starts, *ends; } Tally;

static void
tally_add(GHashTable *h, const char *name)
{
    gpointer v = g_hash_table_lookup(h, name);
    g_hash_table_replace(h, g_strdup(name), GINT_TO_POINTER(GPOINTER_TO_INT(v) + 1));
}

static bool
tally_take(GHashTable *h, const char *name)
{
    int v = GPOINTER_TO_INT(g_hash_table_lookup(h, name));
    if (v <= 0)
        return false;
    g_hash_table_replace(h, g_strdup(name), GINT_TO_POINTER(v - 1));
    return true;
}

/* Calls fn(ctx, name, end) for each tag written in s, in order. */
static void
each_tag(const char *s, void (*fn)(void *ctx, const char *name, bool end), void *ctx)
{
    while ((s = strchr(s, '<'))) {
        if (strncmp(s, "<!--", 4) == 0) {  /* (a comment's text is no tag) */
            const char *e = strstr(s + 4, "-->");
            if (!e)
                return;
            s = e + 3;
            continue;
        }
        s++;
        bool end = *s == '/';
        if (end)
            s++;
        char name[16];
        size_t n = 0;
        while (g_ascii_isalnum(*s) && n + 1 < sizeof name)
            name[n++] = g_ascii_tolower(*s++);
        name[n] = '\0';
        if (n > 0 && g_ascii_isalpha(name[0]))
            fn(ctx, name, end);
    }
}

static void
tally_tag(void *ctx, const char *name, bool end)
{
    Tally *t = ctx;
    tally_add(end ? t->ends : t->starts, name);
}

/* The end tags of s that close an element opened before it (libxml2 drops
 * an end tag with no start: each gets a start of ours put before s, which
 * makes no mark, so that its end is reported in its place). */
typedef struct Unmatched { GHashTable *open; GString *starts; } Unmatched;

static void
unmatched_tag(void *ctx, const char *name, bool end)
{
    Unmatched *u = ctx;
    int v = GPOINTER_TO_INT(g_hash_table_lookup(u->open, name));
    if (!end) {
        if (!is_void(kind_of(name)))
            g_hash_table_replace(u->open, g_strdup(name), GINT_TO_POINTER(v + 1));
    } else if (v > 0) {
        g_hash_table_replace(u->open, g_strdup(name), GINT_TO_POINTER(v - 1));
    } else {
        char tag[64];
        snprintf(tag, sizeof tag, "<%s " OURS ">", name);
        g_string_prepend(u->starts, tag);  /* (the innermost last) */
    }
}

typedef struct Reader {
    Doc *doc;
    Node *parent;
    SrcPos pos;                            /* the literal's */
    bool block;
    Tally tally;
    GString *text;                         /* characters not yet made a node */
    int pre;                               /* inside <pre>: whitespace kept */
    htmlParserCtxtPtr ctxt;
} Reader;

static SrcPos
reader_pos(const Reader *r)
{
    int line = r->ctxt && r->ctxt->input ? r->ctxt->input->line : 1;
    if (line <= 1)
        return r->pos;
    return (SrcPos){r->pos.line + (uint32_t)(line - 1), 1};
}

static Node *
add_text(Reader *r, const char *s, size_t len)
{
    Node *n = node_make(r->doc, NODE_TEXT, reader_pos(r));
    n->u.text.text = arena_strndup(node_text_arena(r->doc), s, len);
    n->u.text.len = len;
    node_append(r->parent, n);
    return n;
}

/* The characters so far, as text: a run of white space holding a line
 * break is a soft break (nothing between Japanese characters), any other a
 * space, as HTML collapses them; inside <pre> as written. */
static void
flush_text(Reader *r)
{
    const char *s = r->text->str;
    size_t len = r->text->len;
    if (len == 0)
        return;
    if (r->pre) {
        add_text(r, s, len);
        g_string_truncate(r->text, 0);
        return;
    }
    size_t i = 0;
    while (i < len) {
        size_t j = i;
        bool space = g_ascii_isspace(s[i]);
        bool newline = false;
        while (j < len && g_ascii_isspace(s[j]) == space) {
            newline |= s[j] == '\n';
            j++;
        }
        if (!space)
            add_text(r, s + i, j - i);
        else if (newline)
            node_append(r->parent, node_make(r->doc, NODE_SOFTBREAK, reader_pos(r)));
        else
            add_text(r, " ", 1);
        i = j;
    }
    g_string_truncate(r->text, 0);
}

static void
on_start(void *ctx, const xmlChar *name, const xmlChar **atts)
{
    Reader *r = ((htmlParserCtxtPtr)ctx)->_private;
    if (atts && atts[0] && strcmp((const char *)atts[0], OURS) == 0)
        return;                            /* (unmatched_tag's) */
    if (!tally_take(r->tally.starts, (const char *)name))
        return;
    flush_text(r);
    int n = 0;
    while (atts && atts[n])                /* (pairs: a name, its value or NULL) */
        n += 2;
    const char **a = arena_alloc(r->doc->arena, sizeof(char *) * (size_t)(n + 1));
    for (int i = 0; i < n; i++)
        a[i] = arena_strdup(r->doc->arena, atts[i] ? (const char *)atts[i] : "");
    a[n] = NULL;
    Node *m = node_make(r->doc, NODE_HTML, reader_pos(r));
    m->u.html.name = arena_strdup(r->doc->arena, (const char *)name);
    m->u.html.attrs = a;
    node_append(r->parent, m);
    if (strcmp((const char *)name, "pre") == 0)
        r->pre++;
}

static void
on_end(void *ctx, const xmlChar *name)
{
    Reader *r = ((htmlParserCtxtPtr)ctx)->_private;
    if (!tally_take(r->tally.ends, (const char *)name))
        return;
    flush_text(r);
    Node *m = node_make(r->doc, NODE_HTML, reader_pos(r));
    m->u.html.name = arena_strdup(r->doc->arena, (const char *)name);
    m->u.html.closing = true;
    node_append(r->parent, m);
    if (strcmp((const char *)name, "pre") == 0 && r->pre > 0)
        r->pre--;
}

static void
on_text(void *ctx, const xmlChar *s, int len)
{
    Reader *r = ((htmlParserCtxtPtr)ctx)->_private;
    if (r->block)
        g_string_append_len(r->text, (const char *)s, len);
}

void
html_literal(Doc *doc, Node *parent, const char *html, SrcPos pos, bool block)
{
    size_t len = strlen(html);
    if (len == 0 || len > INT_MAX)
        return;
    Reader r = {.doc = doc, .parent = parent, .pos = pos, .block = block,
                .tally = {g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
                          g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL)},
                .text = g_string_new(NULL)};
    each_tag(html, tally_tag, &r.tally);
    Unmatched um = {g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
                    g_string_new(NULL)};
    each_tag(html, unmatched_tag, &um);
    g_string_append(um.starts, html);
    g_hash_table_destroy(um.open);
    html = um.starts->str;
    len = um.starts->len;
    htmlParserCtxtPtr ctxt = len <= INT_MAX ? htmlCreateMemoryParserCtxt(html, (int)len) : NULL;
    if (ctxt) {
        htmlSAXHandler sax = {0};
        sax.startElement = on_start;
        sax.endElement = on_end;
        sax.characters = on_text;
        sax.cdataBlock = on_text;          /* (<script> and <style> text) */
        *ctxt->sax = sax;                  /* no tree: only these */
        ctxt->_private = &r;
        r.ctxt = ctxt;
        xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8);
        htmlCtxtUseOptions(ctxt, HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET
                                     | HTML_PARSE_NOIMPLIED);
        htmlParseDocument(ctxt);
        r.ctxt = NULL;
        flush_text(&r);
        if (ctxt->myDoc)
            xmlFreeDoc(ctxt->myDoc);
        htmlFreeParserCtxt(ctxt);
    }
    g_string_free(um.starts, TRUE);
    g_string_free(r.text, TRUE);
    g_hash_table_destroy(r.tally.starts);
    g_hash_table_destroy(r.tally.ends);
}

const char *const *
html_tag_attrs(Doc *doc, const char *html, const char *name)
{
    const char *p = html;
    while (g_ascii_isspace(*p))
        p++;
    size_t n = strlen(name), len = strlen(p);
    while (len > 0 && g_ascii_isspace(p[len - 1]))
        len--;
    if (*p != '<' || g_ascii_strncasecmp(p + 1, name, n) != 0 || len < n + 2
        || p[len - 1] != '>' || memchr(p + 1, '<', len - 1))
        return NULL;                       /* (not one tag of that name alone) */
    char quote = 0;                        /* a quoted value left open: not a tag */
    for (size_t i = 0; i < len; i++)
        if (quote ? p[i] == quote : (p[i] == '"' || p[i] == '\''))
            quote = quote ? 0 : p[i];
    if (quote)
        return NULL;
    Node holder = {.type = NODE_PARAGRAPH};
    html_literal(doc, &holder, html, (SrcPos){1, 1}, false);
    const Node *m = holder.first;
    if (!m || m->next || m->type != NODE_HTML || m->u.html.closing
        || strcmp(m->u.html.name, name) != 0)
        return NULL;
    return m->u.html.attrs;
}

/* --- folding --- */

typedef struct Unknown { int count; SrcPos first; } Unknown;

typedef struct Fold {
    Doc *doc;
    GHashTable *unknown;                   /* tag name -> Unknown (warned at the end) */
    GHashTable *dropped;                   /* the same for <style>, <script> */
    int styled;                            /* elements with a style kumihan does not apply */
    SrcPos first_styled;
} Fold;

static const char *
attr(const Node *m, const char *name)
{
    for (const char *const *a = m->u.html.attrs; a && a[0]; a += 2)
        if (g_ascii_strcasecmp(a[0], name) == 0)
            return a[1];
    return NULL;
}

static void
note_tag(GHashTable *h, const Node *m)
{
    Unknown *u = g_hash_table_lookup(h, m->u.html.name);
    if (!u) {
        u = g_new0(Unknown, 1);
        u->first = m->pos;
        g_hash_table_insert(h, (gpointer)m->u.html.name, u);
    }
    u->count++;
}

/* Move every child of `from` to the end of `to`. */
static void
move_children(Node *from, Node *to)
{
    for (Node *c = from->first, *next; c; c = next) {
        next = c->next;
        node_append(to, c);
    }
    from->first = from->last = NULL;
}

/* The text of the inline nodes under n, appended to s. */
static void
plain_text(const Node *n, GString *s)
{
    for (const Node *c = n->first; c; c = c->next) {
        if (c->type == NODE_TEXT || c->type == NODE_CODE)
            g_string_append_len(s, c->u.text.text, c->u.text.len);
        else if (c->type == NODE_SOFTBREAK || c->type == NODE_LINEBREAK)
            g_string_append_c(s, '\n');
        else
            plain_text(c, s);
    }
}

static Node *
text_of(Doc *doc, NodeType type, SrcPos pos, const Node *holder, bool block)
{
    GString *s = g_string_new(NULL);
    plain_text(holder, s);
    Node *n = node_make(doc, type, pos);
    n->u.text.text = arena_strndup(block ? doc->arena : node_text_arena(doc), s->str, s->len);
    n->u.text.len = s->len;
    g_string_free(s, TRUE);
    return n;
}

static Align
align_of(const Node *m, Kind k)
{
    if (k == K_CENTER)
        return ALIGN_CENTER;
    const char *a = attr(m, "align");
    const char *style = attr(m, "style");
    if (!a && style && (a = strstr(style, "text-align"))) {
        a += strlen("text-align");
        while (*a == ' ' || *a == ':')
            a++;
    }
    if (a && g_ascii_strncasecmp(a, "center", 6) == 0)
        return ALIGN_CENTER;
    if (a && g_ascii_strncasecmp(a, "right", 5) == 0)
        return ALIGN_RIGHT;
    if (a && g_ascii_strncasecmp(a, "left", 4) == 0)
        return ALIGN_LEFT;
    return ALIGN_JUSTIFY;
}

/* <ruby>: each <rt> reads the base text before it (since the last one). */
static void
make_ruby(Fold *f, Node *holder, Node *target)
{
    Node *base = node_make(f->doc, NODE_TEXT, holder->pos);    /* (a holder) */
    for (Node *c = holder->first, *next; c; c = next) {
        next = c->next;
        if (c->type == NODE_HTML && c->u.html.name[0] == 'r') {  /* a finished <rt> */
            GString *b = g_string_new(NULL), *t = g_string_new(NULL);
            plain_text(base, b);
            plain_text(c, t);
            if (b->len > 0) {
                Node *ruby = node_make(f->doc, NODE_RUBY, c->pos);
                ruby->u.ruby.text = arena_strndup(f->doc->arena, t->str, t->len);
                Node *bt = node_make(f->doc, NODE_TEXT, base->first ? base->first->pos : c->pos);
                bt->u.text.text = arena_strndup(node_text_arena(f->doc), b->str, b->len);
                bt->u.text.len = b->len;
                node_append(ruby, bt);
                node_append(target, ruby);
            }
            base->first = base->last = NULL;
            g_string_free(b, TRUE);
            g_string_free(t, TRUE);
        } else {
            node_append(base, c);
        }
    }
    move_children(base, target);           /* base text with no reading after it */
}

/* --- HTML tables: as GFM's (cells of running text) --- */

/* A cell: its content as running text (paragraphs joined by line breaks);
 * a <th> is marked col -1 until its row counts its cells. */
static void
make_cell(Doc *doc, const Node *m, Node *holder, Node *target, bool head)
{
    Node *cell = node_make(doc, NODE_CELL, m->pos);
    cell->u.cell.col = head ? -1 : 0;
    for (Node *c = holder->first, *next; c; c = next) {
        next = c->next;
        if (!node_is_block(c->type)) {
            node_append(cell, c);
        } else if (c->type == NODE_PARAGRAPH || c->type == NODE_HEADING) {
            if (cell->first)
                node_append(cell, node_make(doc, NODE_LINEBREAK, c->pos));
            move_children(c, cell);
        } else {                           /* (a list or quote in a cell: its text) */
            if (cell->first)
                node_append(cell, node_make(doc, NODE_LINEBREAK, c->pos));
            node_append(cell, text_of(doc, NODE_TEXT, c->pos, c, false));
        }
    }
    holder->first = holder->last = NULL;
    node_append(target, cell);
}

/* A row of the cells made: a header row when all of them are <th>. */
static void
make_row(Doc *doc, const Node *m, Node *holder, Node *target)
{
    Node *row = node_make(doc, NODE_ROW, m->pos);
    int col = 0;
    bool head = true;
    for (Node *c = holder->first, *next; c; c = next) {
        next = c->next;
        if (c->type != NODE_CELL)
            continue;                      /* (white space between cells) */
        head &= c->u.cell.col == -1;
        c->u.cell.col = col++;
        node_append(row, c);
    }
    holder->first = holder->last = NULL;
    row->u.row.header = head && col > 0;
    if (col > 0)
        node_append(target, row);
}

static void
make_table(Doc *doc, const Node *m, Node *holder, Node *target)
{
    Node *table = node_make(doc, NODE_TABLE, m->pos);
    int ncols = 0;
    for (Node *c = holder->first, *next; c; c = next) {
        next = c->next;
        if (c->type != NODE_ROW)
            continue;
        int n = 0;
        for (const Node *cell = c->first; cell; cell = cell->next)
            n++;
        ncols = n > ncols ? n : ncols;
        node_append(table, c);
    }
    holder->first = holder->last = NULL;
    if (ncols == 0)
        return;
    uint8_t *align = arena_zalloc(doc->arena, (size_t)ncols + 1);
    for (int i = 0; i < ncols; i++)
        align[i] = ALIGN_LEFT;
    table->u.table.ncols = ncols;
    table->u.table.align = align;
    node_append(target, table);
}

/* Does the style attribute `style` say nothing but text-align (which
 * align_of reads)? "display: flex" (Marp decks' columns), colours and
 * sizes are not applied. */
static bool
styled_align_only(const char *style)
{
    gchar **decls = g_strsplit(style, ";", -1);
    bool only = true;
    for (gchar **d = decls; *d && only; d++) {
        const char *p = *d + strspn(*d, " \t\n");
        only = !*p || g_ascii_strncasecmp(p, "text-align", 10) == 0;
    }
    g_strfreev(decls);
    return only;
}

/* The node an element with its content (holder's children) becomes,
 * appended to target; inline: target holds running text. */
static void
finish(Fold *f, Node *m, Node *holder, Node *target)
{
    Doc *doc = f->doc;
    Kind k = kind_of(m->u.html.name);
    bool inl = !holds_blocks(target->type);
    if (is_block_kind(k) && inl && k != K_PRE) {
        move_children(holder, target);     /* a block tag in running text: its content */
        return;
    }
    static const NodeType inline_type[] = {
        [K_STRONG] = NODE_STRONG, [K_EMPH] = NODE_EMPH, [K_STRIKE] = NODE_STRIKE,
        [K_KBD] = NODE_KBD, [K_SUP] = NODE_SUP, [K_SUB] = NODE_SUB, [K_SMALL] = NODE_SMALL,
        [K_UNDERLINE] = NODE_UNDERLINE, [K_MARK] = NODE_MARK,
    };
    const char *style = attr(m, "style");
    if (style && !styled_align_only(style) && !f->styled++)
        f->first_styled = m->pos;
    Node *n = NULL;
    switch (k) {
    case K_UNKNOWN:
        note_tag(f->unknown, m);
        move_children(holder, target);
        return;
    case K_SILENT:
        move_children(holder, target);
        return;
    case K_DROP:
        note_tag(f->dropped, m);
        return;
    case K_RP:
        return;
    case K_RT:                             /* kept whole for its <ruby> */
        if (target->type == NODE_HTML && strcmp(target->u.html.name, "ruby") == 0) {
            n = node_make(doc, NODE_HTML, m->pos);
            n->u.html = m->u.html;
            break;
        }
        move_children(holder, target);
        return;
    case K_RUBY:
        make_ruby(f, holder, target);
        return;
    case K_CODE:
        node_append(target, text_of(doc, NODE_CODE, m->pos, holder, false));
        return;
    case K_PRE:
        if (inl) {
            node_append(target, text_of(doc, NODE_CODE, m->pos, holder, false));
        } else {
            Node *cb = text_of(doc, NODE_CODE_BLOCK, m->pos, holder, true);
            if (cb->u.text.len && cb->u.text.text[cb->u.text.len - 1] != '\n')
                cb->u.text.text = arena_printf(doc->arena, "%s\n", cb->u.text.text);
            cb->u.text.len = strlen(cb->u.text.text);
            node_append(target, cb);
        }
        return;
    case K_LINK: {
        const char *href = attr(m, "href"), *name = attr(m, "name");
        if (!name)
            name = attr(m, "id");
        if (name && *name) {
            Node *a = node_make(doc, NODE_ANCHOR, m->pos);
            a->u.anchor.name = arena_strdup(doc->arena, name);
            node_append(target, a);
        }
        if (!href) {
            move_children(holder, target);
            return;
        }
        n = node_make(doc, NODE_LINK, m->pos);
        n->u.link.href = arena_strdup(doc->arena, href);
        const char *title = attr(m, "title");
        n->u.link.title = title && *title ? arena_strdup(doc->arena, title) : NULL;
        break;
    }
    case K_DIV: case K_CENTER: case K_DETAILS: case K_SUMMARY:
        n = node_make(doc, NODE_DIV, m->pos);
        n->u.div.align = (uint8_t)align_of(m, k);
        n->u.div.summary = k == K_SUMMARY;
        break;
    case K_HEADING:
        n = node_make(doc, NODE_HEADING, m->pos);
        n->u.heading.level = m->u.html.name[1] - '0';
        if (align_of(m, k) != ALIGN_JUSTIFY) { /* <h1 align="center">: in a div */
            Node *div = node_make(doc, NODE_DIV, m->pos);
            div->u.div.align = (uint8_t)align_of(m, k);
            node_append(target, div);
            target = div;
        }
        break;
    case K_QUOTE:
        n = node_make(doc, NODE_QUOTE, m->pos);
        break;
    case K_UL: case K_OL: {
        n = node_make(doc, NODE_LIST, m->pos);
        n->u.list.ordered = k == K_OL;
        const char *start = attr(m, "start");
        n->u.list.start = start ? (int)g_ascii_strtoll(start, NULL, 10) : 1;
        n->u.list.tight = true;
        break;
    }
    case K_LI:
        n = node_make(doc, NODE_ITEM, m->pos);
        break;
    case K_TD: case K_TH:
        make_cell(doc, m, holder, target, k == K_TH);
        return;
    case K_TR:
        make_row(doc, m, holder, target);
        return;
    case K_TABLE:
        make_table(doc, m, holder, target);
        return;
    case K_TGROUP:                         /* <thead>, <tbody>: their rows */
        move_children(holder, target);
        return;
    default:
        n = node_make(doc, inline_type[k], m->pos);
        break;
    }
    if (n->type == NODE_LIST) {            /* what is not an item goes into one */
        Node *item = NULL;
        for (Node *c = holder->first, *next; c; c = next) {
            next = c->next;
            if (c->type == NODE_ITEM) {
                item = NULL;
                node_append(n, c);
                continue;
            }
            if (!item) {
                item = node_make(doc, NODE_ITEM, c->pos);
                node_append(n, item);
            }
            node_append(item, c);
        }
        holder->first = holder->last = NULL;
    }
    move_children(holder, n);
    node_append(target, n);
}

/* A void tag: <br>, <img>, <hr>. */
static void
finish_void(Fold *f, Node *m, Node *target)
{
    Doc *doc = f->doc;
    Kind k = kind_of(m->u.html.name);
    bool inl = !holds_blocks(target->type);
    if (k == K_BR) {                       /* (among blocks: in the text wrap_inlines makes
                                            * a paragraph of, or gone with white space) */
        node_append(target, node_make(doc, NODE_LINEBREAK, m->pos));
    } else if (k == K_HR) {
        if (!inl)
            node_append(target, node_make(doc, NODE_RULE, m->pos));
    } else if (k == K_IMG) {
        const char *src = attr(m, "src"), *alt = attr(m, "alt");
        Node *n = node_make(doc, inl ? NODE_IMAGE : NODE_FIGURE, m->pos);
        n->u.link.href = src && *src ? arena_strdup(doc->arena, src) : NULL;
        if (!inl) {                        /* its size, as a lone <img> gives it */
            n->u.link.figure = figure_make(doc, n->u.link.href);
            const char *w = attr(m, "width"), *h = attr(m, "height");
            figure_html_size(n->u.link.figure, w, h);
        }
        const char *title = attr(m, "title");
        n->u.link.title = title && *title ? arena_strdup(doc->arena, title) : NULL;
        if (alt && *alt) {
            Node *t = node_make(doc, NODE_TEXT, m->pos);
            t->u.text.text = arena_strdup(node_text_arena(doc), alt);
            t->u.text.len = strlen(alt);
            node_append(n, t);
        }
        if (inl)
            diag_warn(doc, m->pos, "an image inside running text is set as its alt text; put "
                      "it in a paragraph of its own to show the picture");
        node_append(target, n);
    }
}

static bool
is_blank_inline(const Node *n)
{
    if (n->type == NODE_SOFTBREAK || n->type == NODE_LINEBREAK)
        return true;
    if (n->type != NODE_TEXT)
        return false;
    for (size_t i = 0; i < n->u.text.len; i++)
        if (!g_ascii_isspace(n->u.text.text[i]))
            return false;
    return true;
}

/* In a parent of blocks, each run of inline nodes becomes a paragraph (or
 * goes, when it is only white space); a paragraph holding nothing but
 * anchors gives them to the paragraph or heading after it. */
static void
wrap_inlines(Doc *doc, Node *p)
{
    Node *old = p->first;
    p->first = p->last = NULL;
    Node *para = NULL;
    for (Node *c = old, *next; c; c = next) {
        next = c->next;
        if (node_is_block(c->type)) {
            para = NULL;
            node_append(p, c);
            continue;
        }
        if (!para) {
            if (is_blank_inline(c))
                continue;                  /* (leading white space) */
            para = node_make(doc, NODE_PARAGRAPH, c->pos);
            node_append(p, para);
        }
        node_append(para, c);
    }
    /* trailing white space of each made paragraph; anchors alone move on */
    for (Node *c = p->first; c; c = c->next) {
        if (c->type != NODE_PARAGRAPH)
            continue;
        Node *keep = NULL;
        bool only_anchors = true;
        for (Node *i = c->first; i; i = i->next) {
            if (!is_blank_inline(i))
                keep = i;
            only_anchors &= i->type == NODE_ANCHOR || is_blank_inline(i);
        }
        if (keep) {
            keep->next = NULL;
            c->last = keep;
        }
        Node *to = c->next;
        if (only_anchors && to && (to->type == NODE_PARAGRAPH || to->type == NODE_HEADING)) {
            Node *rest = to->first;
            to->first = to->last = NULL;
            for (Node *i = c->first, *n2; i; i = n2) {
                n2 = i->next;
                if (i->type == NODE_ANCHOR)
                    node_append(to, i);
            }
            for (Node *i = rest, *n2; i; i = n2) {
                n2 = i->next;
                node_append(to, i);
            }
            c->type = NODE_HTML;           /* (removed below: no mark is left here) */
            c->first = c->last = NULL;
        }
    }
    Node *old2 = p->first;
    p->first = p->last = NULL;
    for (Node *c = old2, *next; c; c = next) {
        next = c->next;
        if (c->type != NODE_HTML)
            node_append(p, c);
    }
}

static bool has_marks(const Node *n);

/* One open element while the children of a parent are folded. */
typedef struct Open { Node *mark, *holder; } Open;

static void fold_children(Fold *f, Node *p);

/* The nearest open element of that name, or -1. */
static int
find_open(const Open *stack, int depth, const char *name)
{
    for (int i = depth - 1; i >= 0; i--)
        if (strcmp(stack[i].mark->u.html.name, name) == 0)
            return i;
    return -1;
}

static void
close_to(Fold *f, Open *stack, int *depth, int to, Node *p)
{
    while (*depth > to) {
        Open o = stack[--*depth];
        Node *target = *depth > 0 ? stack[*depth - 1].holder : p;
        if (holds_blocks(o.holder->type))
            wrap_inlines(f->doc, o.holder);
        finish(f, o.mark, o.holder, target);
    }
}

static void
fold_children(Fold *f, Node *p)
{
    for (Node *c = p->first; c; c = c->next)
        if (c->type != NODE_HTML && has_marks(c))
            fold_children(f, c);
    bool marks = false;
    for (Node *c = p->first; c && !marks; c = c->next)
        marks = c->type == NODE_HTML;
    if (!marks)
        return;
    Node *old = p->first;
    p->first = p->last = NULL;
    Open *stack = NULL;
    int depth = 0, cap = 0;
    for (Node *c = old, *next; c; c = next) {
        next = c->next;
        Node *target = depth > 0 ? stack[depth - 1].holder : p;
        if (c->type != NODE_HTML) {
            /* a block ends the inline elements left open around it ("<b>"
             * alone, then a heading): inlines never hold blocks */
            int keep = depth;
            while (node_is_block(c->type) && keep > 0 && !holds_blocks(stack[keep - 1].holder->type))
                keep--;
            if (keep < depth) {
                close_to(f, stack, &depth, keep, p);
                target = depth > 0 ? stack[depth - 1].holder : p;
            }
            node_append(target, c);
            continue;
        }
        Kind k = kind_of(c->u.html.name);
        if (c->u.html.closing) {
            int i = find_open(stack, depth, c->u.html.name);
            if (i >= 0)
                close_to(f, stack, &depth, i, p);
            continue;                      /* (an end tag with no start: nothing) */
        }
        if (is_void(k)) {
            finish_void(f, c, target);
            continue;
        }
        if (depth == cap) {
            cap = cap ? 2 * cap : 8;
            stack = xrealloc(stack, sizeof(Open) * (size_t)cap);
        }
        /* what the element will hold: a block container when it makes
         * blocks in a parent of blocks (its text becomes paragraphs) */
        bool blocks = is_block_kind(k) && k != K_PRE && k != K_HEADING && holds_blocks(target->type);
        Node *holder = node_make(f->doc, blocks ? NODE_DIV : NODE_HTML, c->pos);
        if (!blocks)
            holder->u.html = c->u.html;
        stack[depth++] = (Open){c, holder};
    }
    close_to(f, stack, &depth, 0, p);      /* (never closed: to the end of p) */
    free(stack);
}

static bool
has_marks(const Node *n)
{
    for (const Node *c = n->first; c; c = c->next)
        if (c->type == NODE_HTML || has_marks(c))
            return true;
    return false;
}

/* List depths and item numbers of the lists HTML made. */
static void
number_lists(Node *n, int depth)
{
    for (Node *c = n->first; c; c = c->next) {
        if (c->type == NODE_LIST) {
            c->u.list.depth = depth;
            int k = c->u.list.start;
            for (Node *it = c->first; it; it = it->next)
                if (it->type == NODE_ITEM)
                    it->u.item.number = k++;
            number_lists(c, depth + 1);
        } else {
            number_lists(c, depth);
        }
    }
}

static void
warn_tags(Doc *doc, GHashTable *h, bool dropped)
{
    GList *names = g_list_sort(g_hash_table_get_keys(h), (GCompareFunc)strcmp);
    for (GList *l = names; l; l = l->next) {
        const Unknown *u = g_hash_table_lookup(h, l->data);
        char times[128] = "";
        if (u->count > 1)
            snprintf(times, sizeof times, _(" (%d times; the first here)"), u->count);
        if (dropped)
            diag_warn(doc, u->first, "HTML <%s> is not rendered: dropped with its content%s",
                      (const char *)l->data, times);
        else
            diag_warn(doc, u->first, "HTML <%s> is not supported: its text is kept%s",
                      (const char *)l->data, times);
    }
    g_list_free(names);
}

void
html_fold(Doc *doc)
{
    if (!doc->root || !has_marks(doc->root))
        return;
    Fold f = {doc, g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free),
              g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free), 0, {0, 0}};
    fold_children(&f, doc->root);
    for (Node *n = doc->root; n; n = (Node *)node_next(doc->root, n))
        if (holds_blocks(n->type) && n->type != NODE_DOCUMENT)
            wrap_inlines(doc, n);
    wrap_inlines(doc, doc->root);
    number_lists(doc->root, 0);
    warn_tags(doc, f.dropped, true);
    warn_tags(doc, f.unknown, false);
    if (f.styled)
        diag_warn(doc, f.first_styled,
                  ngettext("HTML style attributes are not applied (only text-align): the "
                           "content is set as plain blocks and text (%d element; the first "
                           "here)",
                           "HTML style attributes are not applied (only text-align): the "
                           "content is set as plain blocks and text (%d elements; the first "
                           "here)", (unsigned long)f.styled),
                  f.styled);
    g_hash_table_destroy(f.unknown);
    g_hash_table_destroy(f.dropped);
}
