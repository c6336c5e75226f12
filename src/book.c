/*
 * book.c: a report set from several Markdown files, in order (see book.h):
 * `kumihan ch1.md ch2.md ch3.md -o book.pdf`, or `kumihan book.yaml` with
 *
 *     title: 報告書
 *     chapters: [ch1/ch1.md, ch2/ch2.md]
 *
 * Each file is parsed on its own (its own cmark parse, so a list or a
 * fence left open ends with its file) into the one document tree, after
 * the files before it: one contents, one page numbering. The lines of a
 * file are numbered on from those of the files before it; doc->chapters
 * maps a document line back to its file and line, so every diagnostic,
 * from the parse to the layout, names the right file (diag.c,
 * doc_file_at). Front matter: the book file's keys, then each chapter's
 * merged in (parse.c): the first value of a key stays, a different later
 * one is warned of at its key. Footnotes are numbered through the book,
 * one set, so each has its own destination. Each chapter's images are
 * read from its own folder (doc_dir_at: figure.c; an `appendix:` deck
 * from the folder of the chapter that names it: report.c), and all of them must
 * be inside the root: --root, else the folder of the first input (of the
 * book file).
 * Not done: a slide deck from several files; theme keys in a later
 * chapter (warned of, ignored).
 */
#include "book.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "arena.h"
#include "diag.h"
#include "i18n.h"
#include "files.h"
#include "limits.h"
#include "node.h"
#include "parse.h"
#include "report.h"

bool
book_is_file(const char *path)
{
    size_t n = strlen(path);
    return (n > 5 && strcmp(path + n - 5, ".yaml") == 0)
           || (n > 4 && strcmp(path + n - 4, ".yml") == 0);
}

/* Lines in text[0..len): line ends plus one. */
static uint32_t
count_lines(const char *text, size_t len)
{
    uint32_t n = 1;
    for (size_t i = 0; i < len; i++)
        n += text[i] == '\n';
    return n;
}

/* The folder of `path`, resolved (the images' base), else as written. */
static const char *
folder_of(Doc *doc, const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? arena_strndup(doc->arena, path, (size_t)(slash - path + (slash == path)))
                      : ".";
    char *real = realpath(dir, NULL);
    if (!real)
        return dir;
    const char *kept = arena_strdup(doc->arena, real);
    free(real);
    return kept;
}

typedef struct Book {
    Doc *doc;
    Chapter *chapters;                     /* doc->chapters, filled as they are read */
    const SourceFile **files;              /* each chapter's, to refuse one given twice */
    uint32_t line0;                        /* lines of the files read so far */
    int notes;                             /* footnotes so far */
    GString *whole;                        /* their texts, each ending in a line break
                                            * more: doc->src for parse_finish, whose
                                            * checks read the source at a line */
} Book;

/* Footnotes of the chapter just parsed (the top nodes from `first`)
 * numbered on from the chapters' before it. */
static void
number_notes(Book *b, Node *first)
{
    int most = 0;
    for (Node *t = first; t; t = t->next)
        for (Node *n = t; n; n = (Node *)node_next(t, n)) {
            if (n->type != NODE_FOOTNOTE_REF && n->type != NODE_FOOTNOTE_DEF)
                continue;
            if (n->u.note.number > most)
                most = n->u.note.number;
            n->u.note.number += b->notes;
            if (n->type == NODE_FOOTNOTE_REF)
                n->u.note.label = arena_printf(b->doc->arena, "%d", n->u.note.number);
        }
    b->notes += most;
}

/* A file read (data, its path for messages) as the next chapter. */
static void
add_chapter(Book *b, const SourceFile *f)
{
    Doc *doc = b->doc;
    Chapter *c = &b->chapters[doc->n_chapters];
    const char *shown = strncmp(f->path, "./", 2) == 0 ? f->path + 2 : f->path;
    *c = (Chapter){.path = arena_strdup(doc->arena, shown),
                   .dir = folder_of(doc, f->path), .line0 = b->line0};
    b->files[doc->n_chapters++] = f;
    Node *last = doc->root ? doc->root->last : NULL;
    uint32_t body_line;
    size_t body = parse_source_at(doc, f->data ? f->data : "", f->len, b->line0, &body_line);
    if (body < doc->src_len)
        parse_markdown_into(doc, doc->root, NULL, doc->src + body, doc->src_len - body,
                            body_line - 1);
    c->lines = count_lines(doc->src, doc->src_len);
    b->line0 += c->lines;
    g_string_append_len(b->whole, doc->src, (gssize)doc->src_len);
    g_string_append_c(b->whole, '\n');
    number_notes(b, last ? last->next : doc->root->first);
}

/* Was f read as a chapter already? */
static bool
given_before(const Book *b, const SourceFile *f)
{
    for (int i = 0; i < b->doc->n_chapters; i++)
        if (b->files[i] == f)
            return true;
    return false;
}

/* book.yaml's chapters: a list of file names, relative to it. */
static void
read_book_file(Book *b, const SourceFile *yf)
{
    Doc *doc = b->doc;
    parse_front_matter(doc, yf->data ? yf->data : "", yf->len);
    yaml_parser_t parser;
    yaml_document_t yd;
    if (!yaml_parser_initialize(&parser))
        return;
    yaml_parser_set_input_string(&parser, (const unsigned char *)(yf->data ? yf->data : ""),
                                 yf->len);
    if (!yaml_parser_load(&parser, &yd)) {  /* (parse_front_matter said why) */
        yaml_parser_delete(&parser);
        return;
    }
    yaml_node_t *root = yaml_document_get_root_node(&yd), *list = NULL;
    SrcPos at = {1, 1};
    for (yaml_node_pair_t *p = root && root->type == YAML_MAPPING_NODE
                                   ? root->data.mapping.pairs.start : NULL;
         p && p < root->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(&yd, p->key);
        if (k && k->type == YAML_SCALAR_NODE
            && strcmp((const char *)k->data.scalar.value, "chapters") == 0) {
            list = yaml_document_get_node(&yd, p->value);
            at = (SrcPos){(uint32_t)k->start_mark.line + 1, (uint32_t)k->start_mark.column + 1};
        }
    }
    if (!list || list->type != YAML_SEQUENCE_NODE
        || list->data.sequence.items.start == list->data.sequence.items.top) {
        diag_error(doc, at, "a book file lists its Markdown files under 'chapters:' (a list "
                   "of names relative to it)");
    } else {
        for (yaml_node_item_t *it = list->data.sequence.items.start;
             it < list->data.sequence.items.top && doc->n_chapters <= LIMIT_CHAPTERS; it++) {
            yaml_node_t *item = yaml_document_get_node(&yd, *it);
            SrcPos pos = {(uint32_t)item->start_mark.line + 1,
                          (uint32_t)item->start_mark.column + 1};
            if (doc->n_chapters == LIMIT_CHAPTERS) {
                diag_error(doc, pos, "more than %d chapters: the rest are left out",
                           LIMIT_CHAPTERS);
                break;
            }
            if (item->type != YAML_SCALAR_NODE || item->data.scalar.length == 0) {
                diag_error(doc, pos, "a chapter is the name of a Markdown file");
                continue;
            }
            const char *name = arena_strndup(doc->arena, (const char *)item->data.scalar.value,
                                             item->data.scalar.length);
            const char *why;
            bool refused;
            SourceFile *f = files_open(doc, name, LIMIT_INPUT_BYTES, &why, &refused);
            if (!f) {
                diag_error(doc, pos, refused ? N_("chapter '%s' is %s")
                                             : N_("cannot read chapter '%s': %s"), name, why);
                continue;
            }
            if (given_before(b, f)) {
                diag_error(doc, pos, "chapter '%s' is in the book already", name);
                continue;
            }
            f->source = true;
            add_chapter(b, f);
            files_release(doc, f);
        }
    }
    yaml_document_delete(&yd);
    yaml_parser_delete(&parser);
}

Status
book_parse_files(Doc *doc, const char *const *paths, int n)
{
    if (n > LIMIT_CHAPTERS)
        return diag_fail(doc, ST_USAGE, "more than %d input files: kumihan sets at most %d "
                         "chapters as one document", LIMIT_CHAPTERS, LIMIT_CHAPTERS);
    /* (the book file takes the first place in the table, for its keys) */
    Book b = {.doc = doc, .whole = g_string_new(NULL),
              .chapters = arena_zalloc(doc->arena, sizeof(Chapter) * (LIMIT_CHAPTERS + 1)),
              .files = arena_zalloc(doc->arena, sizeof(SourceFile *) * (LIMIT_CHAPTERS + 1))};
    doc->chapters = b.chapters;
    Status st = ST_OK;
    for (int i = 0; i < n && st == ST_OK; i++) {
        SourceFile *f;
        st = files_read_input(doc, paths[i], &f);
        if (st != ST_OK)
            break;
        if (given_before(&b, f)) {
            st = diag_fail(doc, ST_USAGE, "%s is given twice: each chapter once", paths[i]);
            break;
        }
        if (n == 1) {                      /* a book file */
            Chapter *c = &b.chapters[doc->n_chapters];
            *c = (Chapter){.path = doc->path, .dir = doc->dir,
                           .lines = count_lines(f->data ? f->data : "", f->len)};
            b.files[doc->n_chapters++] = f;
            b.line0 = c->lines;
            g_string_append_len(b.whole, f->data ? f->data : "", (gssize)f->len);
            g_string_append_c(b.whole, '\n');
            read_book_file(&b, f);
        } else {
            add_chapter(&b, f);
        }
        files_release(doc, f);
    }
    if (!doc->root)
        doc->root = node_make(doc, NODE_DOCUMENT, (SrcPos){1, 1});
    /* the whole book's text, its lines the document's */
    free(doc->src);
    doc->src = xmalloc(b.whole->len + 1);
    memcpy(doc->src, b.whole->str, b.whole->len + 1);
    doc->src_len = b.whole->len;
    g_string_free(b.whole, TRUE);
    if (st == ST_OK)
        report_complete(doc);
    parse_source_done(doc);
    return st;
}
