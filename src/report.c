/*
 * report.c: a report document (see report.h): its Markdown and front matter
 * (parse.c), then what a report adds around them: the title block from the
 * front matter, the appendix deck (deck.c) under its divider heading, the
 * contents (目次) after the title block and the lists of figures and tables
 * after it; then parse_finish over it all.
 * It sits above parse.c and deck.c, so neither calls the other's reader:
 * deck.c uses parse.c's pieces, parse.c knows no deck.
 */
#include "report.h"

#include <string.h>

#include "arena.h"
#include "deck.h"
#include "diag.h"
#include "files.h"
#include "limits.h"
#include "node.h"
#include "parse.h"
#include "style.h"
#include "template.h"
#include "theme.h"

static void
add_title_line(Doc *doc, Node *block, TitleRole role, const char *text)
{
    if (!text || !*text)
        return;
    Node *n = node_make(doc, NODE_TITLE_LINE, (SrcPos){1, 1});
    n->u.title.role = role;
    n->u.title.text = text;
    node_append(block, n);
}

static const char *
meta_value(void *ctx, const char *name, size_t len)
{
    return parse_meta_field(ctx, name, len);
}

/* The title block's lines, in the order of `fields` (title-block.fields):
 * a role's name is its line from the front matter; a plain word is the
 * front matter key of that name; anything else a template, filled in.
 * What the document does not give is left out. */
static void
fill_title_block(Doc *doc, Node *block, const char *const *fields)
{
    static const char *const roles[] = {"title", "subtitle", "author", "affiliation", "date",
                                        "event"};            /* by TitleRole */
    for (int i = 0; fields && fields[i]; i++) {
        const char *f = fields[i];
        int role = -1;
        for (int r = 0; r < TITLE_FIELD; r++)
            if (strcmp(f, roles[r]) == 0)
                role = r;
        if (role >= 0) {
            add_title_line(doc, block, (TitleRole)role, parse_meta_field(doc, f, strlen(f)));
            continue;
        }
        bool word = true;
        for (const char *c = f; *c && word; c++)
            word = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z')
                   || (*c >= '0' && *c <= '9') || *c == '_' || *c == '-';
        const char *tpl = word && *f ? arena_printf(doc->arena, "{%s}", f) : f;
        bool cut;
        add_title_line(doc, block, TITLE_FIELD,
                       template_expand(doc->arena, tpl, meta_value, doc, &cut));
        if (cut)
            diag_warn(doc, (SrcPos){1, 1}, "title-block.fields: line %d of the title block is "
                      "longer than %d bytes: cut", i + 1, LIMIT_TEMPLATE_BYTES);
    }
}

void
report_apply_theme(Doc *doc)
{
    const char *const *fields = doc->themes->report.title_fields;
    const char *const *builtin = theme_report()->title_fields;
    bool same = true;
    for (int i = 0; same && (fields[i] || builtin[i]); i++)
        same = fields[i] && builtin[i] && strcmp(fields[i], builtin[i]) == 0;
    Node *block = doc->root->first;
    if (same || !block || block->type != NODE_TITLE_BLOCK)
        return;
    block->first = block->last = NULL;
    fill_title_block(doc, block, fields);
}

static void
make_title_block(Doc *doc)
{
    Meta *m = &doc->meta;
    int y, mo, d;
    if (doc->opt && doc->opt->date && parse_date_text(doc->opt->date, &y, &mo, &d)) {
        m->date = doc->opt->date;          /* --date is the document date */
        m->year = y;
        m->month = mo;
        m->day = d;
    }
    if (!m->title)
        return;
    Node *block = node_make(doc, NODE_TITLE_BLOCK, (SrcPos){1, 1});
    /* as kumihan has always set it; the theme may change it (report_apply_theme) */
    fill_title_block(doc, block, theme_report()->title_fields);
    /* first child of the document */
    block->parent = doc->root;
    block->next = doc->root->first;
    doc->root->first = block;
    if (!doc->root->last)
        doc->root->last = block;
}

static void
free_deck(void *p)
{
    doc_free(p);
}

/* appendix: a deck after the report, under the heading 付録A 発表資料『title』. */
static void
add_appendix(Doc *doc)
{
    const char *file = doc->meta.appendix;
    SrcPos pos = doc->meta.appendix_pos;
    const char *why;
    bool refused;
    /* (a book's: from the folder of the chapter that names it) */
    const char *dir = doc_dir_at(doc, pos), *name = file;
    if (dir != doc->dir && file[0] != '/' && !strstr(file, "://"))
        name = arena_printf(doc->arena, "%s/%s", dir, file);
    SourceFile *src = files_open(doc, name, LIMIT_INPUT_BYTES, &why, &refused);
    if (!src) {
        if (refused)
            diag_error(doc, pos, "appendix '%s' is %s", file, why);
        else
            diag_error(doc, pos, "cannot read the appendix '%s': %s", file, why);
        return;
    }
    src->source = true;
    Doc *deck = doc_new(doc->opt, arena_strdup(doc->arena, src->path));
    deck->dest_prefix = "a";
    arena_defer(doc->arena, free_deck, deck);
    files_share(deck, doc);
    deck->source = src;
    deck_parse_file(deck);                 /* (from memory: it cannot fail) */
    /* the report's house style sets its appendix: one look in one book */
    if (deck->meta.theme)
        diag_warn(deck, deck->meta.theme_pos, "theme '%s' is not used in the appendix of %s: "
                  "the report's theme sets its slides (its `slides:` section)", deck->meta.theme,
                  doc->path);
    const char *title = deck->meta.title;
    if (!title && deck->root->first && deck->root->first->type == NODE_SLIDE)
        title = deck->root->first->u.slide.title;
    Node *h = node_make(doc, NODE_HEADING, pos);
    h->u.heading.level = 1;
    h->u.heading.slug = "appendix";        /* [...](#appendix) links to it */
    h->u.heading.unnumbered = true;        /* (付録A is its number) */
    Node *t = node_make(doc, NODE_TEXT, pos);
    t->u.text.text = arena_printf(doc->arena, "付録A 発表資料『%s』", title ? title : file);
    t->u.text.len = strlen(t->u.text.text);
    node_append(h, t);
    Node *a = node_make(doc, NODE_APPENDIX, pos);
    a->u.appendix.deck = deck;
    node_append(doc->root, h);
    node_append(doc->root, a);
}

/* The contents (目次) after the title block, when the report has a title,
 * sections to list and the front matter does not say toc: false. */
static void
add_toc(Doc *doc)
{
    if (!doc->meta.title || (doc->meta.toc && strcmp(doc->meta.toc, "false") == 0))
        return;
    int headings = 0;
    for (const Node *n = doc->root; n; n = node_next(doc->root, n))
        headings += n->type == NODE_HEADING && n->u.heading.level <= 3;
    if (headings < 2)
        return;
    Node *toc = node_make(doc, NODE_TOC, (SrcPos){1, 1});
    Node *block = doc->root->first;        /* the title block */
    toc->parent = doc->root;
    toc->next = block->next;
    block->next = toc;
    if (doc->root->last == block)
        doc->root->last = toc;
    doc->needs_labels = true;
}

/* The lists of figures (図目次) and of tables (表目次) the front matter asks
 * for (lof: true, lot: true, pandoc's keys), after the contents, else after
 * the title block, else at the top. number.c fills them (and takes out a
 * list with nothing to list, with a warning). */
static void
add_lists(Doc *doc)
{
    const char *asked[2] = {doc->meta.lof, doc->meta.lot};
    Node *after = NULL;                    /* the list goes after this one, or first */
    for (Node *n = doc->root->first; n; n = n->next)
        if (n->type == NODE_TITLE_BLOCK || n->type == NODE_TOC)
            after = n;
    for (int k = 0; k < 2; k++) {
        if (!asked[k] || strcmp(asked[k], "true") != 0)
            continue;
        Node *list = node_make(doc, NODE_TOC, k == 0 ? doc->meta.lof_pos : doc->meta.lot_pos);
        list->u.toc.kind = k == 0 ? TOC_FIGURES : TOC_TABLES;
        list->parent = doc->root;
        list->next = after ? after->next : doc->root->first;
        if (after)
            after->next = list;
        else
            doc->root->first = list;
        if (doc->root->last == after)
            doc->root->last = list;
        after = list;
        doc->needs_labels = true;
    }
}

void
report_parse_buffer(Doc *doc, const char *data, size_t len)
{
    uint32_t body_line;
    size_t body = parse_source(doc, data, len, &body_line);
    if (body < doc->src_len)
        parse_markdown_into(doc, doc->root, NULL, doc->src + body, doc->src_len - body,
                            body_line - 1);
    report_complete(doc);
}

void
report_complete(Doc *doc)
{
    make_title_block(doc);
    if (doc->meta.appendix)
        add_appendix(doc);
    add_toc(doc);
    add_lists(doc);
    parse_finish(doc);
    parse_source_done(doc);
}

Status
report_parse_file(Doc *doc)
{
    const char *buf;
    size_t len;
    Status st = parse_read(doc, &buf, &len);
    if (st != ST_OK)
        return st;
    report_parse_buffer(doc, buf, len);
    files_release(doc, doc->source);
    return ST_OK;
}
