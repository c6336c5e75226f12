/*
 * dump.h: stable text dumps of the stages, for tests and --dump.
 * Integers only go in (Units printed as points with two decimals), no
 * pointers, every line's text shown: a diff reads like a review.
 */
#ifndef DUMP_H
#define DUMP_H

#include <stdio.h>

#include "doc.h"

/* The front matter and the Node tree, one node per line, indented. */
void dump_tree(const Doc *doc, FILE *out);
/* The pages: size, running heads, each placed slice with y, height, source
 * position and the text of its lines. */
void dump_pages(const Doc *doc, FILE *out);

#endif
