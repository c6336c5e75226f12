/*
 * parse.h: input file -> doc->src, doc->meta, doc->root.
 */
#ifndef PARSE_H
#define PARSE_H

#include "doc.h"

/* Read doc->path, repair it to valid UTF-8 (warning at each repair), parse
 * the YAML front matter into doc->meta and the Markdown (cmark-gfm with
 * tables, strikethrough, autolinks, footnotes) into doc->root, with source
 * positions. Content problems are diagnostics (errors counted on doc);
 * only an unreadable file returns a non-OK Status. */
Status parse_file(Doc *doc);

/* The same from a buffer already in memory (tests, fuzzing). */
void parse_buffer(Doc *doc, const char *data, size_t len);

/* A GitHub-style anchor for heading text: lower-case ASCII, spaces to '-',
 * punctuation dropped, other characters kept. In the arena. */
char *parse_slug(Doc *doc, const char *text);

/* A calendar date YYYY-MM-DD (the front matter and --date format). */
bool parse_date_text(const char *s, int *y, int *m, int *d);

#endif
