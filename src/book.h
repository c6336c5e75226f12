/*
 * book.h: a report set from several Markdown files, in order (chapters):
 * named on the command line, or listed in a book file (book.yaml).
 */
#ifndef BOOK_H
#define BOOK_H

#include <stdbool.h>

#include "doc.h"

/* Is `path` a book file: a name ending in .yaml or .yml? */
bool book_is_file(const char *path);

/* Read the report from `paths[0..n)` into doc (doc->path is paths[0]):
 * each a chapter, in order; or, with one path that is a book file, the
 * chapters its `chapters:` list names (relative to it, inside the root)
 * under its other keys as the front matter. As report_parse_file does for
 * one file, with doc->chapters naming each position's file. Returns ST_OK,
 * or ST_ENV when a file named on the command line cannot be read (a
 * chapter the book file names that cannot be read is a content error at
 * its line). */
Status book_parse_files(Doc *doc, const char *const *paths, int n);

#endif
