/*
 * report.h: a report: its Markdown and front matter as doc->meta and
 * doc->root, with the title block, the contents and the appendix deck.
 */
#ifndef REPORT_H
#define REPORT_H

#include "doc.h"

/* Read doc->path, repair it to valid UTF-8 (warning at each repair), parse
 * the YAML front matter into doc->meta and the Markdown (cmark-gfm with
 * tables, strikethrough, autolinks, footnotes) into doc->root, with source
 * positions; add the title block, the contents and the appendix deck the
 * front matter names. Content problems are diagnostics (errors counted on
 * doc); only an unreadable file returns a non-OK Status. */
Status report_parse_file(Doc *doc);

/* The same from a buffer already in memory (tests, fuzzing). */
void report_parse_buffer(Doc *doc, const char *data, size_t len);

/* What a report adds once its Markdown is in doc->root (report_parse_buffer,
 * or each chapter of a book: book.c): the title block, the appendix deck,
 * the contents and lists; then parse_finish and parse_source_done. */
void report_complete(Doc *doc);

/* Once the theme is known (doc->themes): the title block's lines in the
 * order and with the templates of its title-block.fields. */
void report_apply_theme(Doc *doc);

#endif
