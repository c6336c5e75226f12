/*
 * parse.h: Markdown with front matter -> doc->meta and Node trees: the
 * pieces report.c (a report) and deck.c (a slide deck) read their
 * documents with, and the text formats they share (slugs, dates, links).
 */
#ifndef PARSE_H
#define PARSE_H

#include "doc.h"

/* A GitHub-style anchor for heading text: lower-case ASCII, spaces to '-',
 * punctuation dropped, other characters kept. In the arena. */
char *parse_slug(Doc *doc, const char *text);

/* --- reading a document: report.c and deck.c --- */

/* The bytes of the document's source: doc->source when it was opened
 * already (an appendix deck), else doc->path read whole ("-": standard
 * input; the input size limit holds) through files.c. Borrowed. */
Status parse_read(Doc *doc, const char **out, size_t *len);
/* Repair the bytes to UTF-8 into doc->src, make doc->root, read the front
 * matter; returns the byte offset of the Markdown body, its line in *line. */
size_t parse_source(Doc *doc, const char *data, size_t len, uint32_t *line);
/* The same for a later file of a book (book.c): its lines are the
 * document's from line0 + 1 (the line of the body in *line is the
 * document's too), its front matter merged into doc->meta (a key given
 * already keeps its value, a different one is warned of), the tree
 * doc->root kept (made if NULL). */
size_t parse_source_at(Doc *doc, const char *data, size_t len, uint32_t line0,
                       uint32_t *line);
/* A whole YAML file read as front matter (book.yaml: its `chapters` key
 * is book.c's), its lines the document's first. */
void parse_front_matter(Doc *doc, const char *text, size_t len);
/* The tree is made: doc->src goes (nothing keeps a pointer into it). */
void parse_source_done(Doc *doc);
/* Markdown text whose first line is line0 + 1 of the file, appended to
 * `parent`; HTML comments become speaker notes of `slide` (or are dropped). */
void parse_markdown_into(Doc *doc, Node *parent, Node *slide, const char *text, size_t len,
                         uint32_t line0);
/* After all Markdown is in: autolinks, text runs, attribute blocks and table
 * captions (number.c), ruby, table rows, heading anchors and internal links
 * (number.c); then the tree's invariants are checked. */
void parse_finish(Doc *doc);

/* A calendar date YYYY-MM-DD (the front matter and --date format). */
bool parse_date_text(const char *s, int *y, int *m, int *d);

/* The text of front matter key `name` (len bytes) for a template: a key
 * kumihan knows (date as the title block prints it, 2009年11月30日) or
 * one it keeps for the theme (MetaExtra); NULL when the document has none.
 * In the arena. */
const char *parse_meta_field(Doc *doc, const char *name, size_t len);
/* Is `name` (len bytes) a front matter key kumihan knows, with text? */
bool parse_meta_known(const char *name, size_t len);
/* Once the theme is known (`themes`; NULL: none will be, --dump tree):
 * warn of each front matter key kumihan does not know and no template of
 * the theme uses, at its place, as unknown. */
struct Themes;
void parse_warn_extra_keys(Doc *doc, const struct Themes *themes);

/* Is href a link target the PDF may follow: an http, https, mailto or ftp
 * URL (the scheme in any case) or one of the document's own #anchors?
 * Other schemes (javascript:, file:, data:, ...) and relative paths are
 * not: parse_finish() sets those links as plain text, with a warning. */
bool parse_link_kept(const char *href);

/* The last second a PDF date (four-digit year) can hold: 9999-12-31T23:59:59Z. */
#define PARSE_EPOCH_MAX 253402300799LL

/* SOURCE_DATE_EPOCH's format (reproducible-builds.org): seconds since
 * 1970-01-01T00:00:00Z as decimal digits only, no sign, no blanks, at most
 * PARSE_EPOCH_MAX. False for anything else, overflow included. */
bool parse_epoch_text(const char *s, long long *secs);

/* Where each line of text[0..len) starts: a GArray of size_t, [0] = 0
 * (the caller frees it), for reading the source back at a line. */
struct _GArray *parse_line_starts(const char *text, size_t len);

#endif
