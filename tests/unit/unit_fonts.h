/*
 * unit_fonts.h: what the unit tests that lay out text share: the project's
 * fonts, opened once per group (cmocka's group setup and teardown), a
 * document on them, and the check of a document's tree.
 */
#ifndef UNIT_FONTS_H
#define UNIT_FONTS_H

#include "doc.h"
#include "fonts.h"

/* The project's fonts/ (tests run from the repository root). */
extern Fonts *unit_fonts;

/* cmocka group setup and teardown: open and free unit_fonts. */
int unit_fonts_setup(void **state);
int unit_fonts_teardown(void **state);

/* A new document named `path` with `settings`, on unit_fonts. */
Doc *unit_doc(const Settings *settings, const char *path);

/* The n-th node (0-based) of type t in document order, or NULL. */
const Node *unit_nth(const Doc *doc, NodeType t, int n);

/* A line's text, NUL-ended, at most 511 bytes (a static buffer: the next
 * call reuses it). */
const char *unit_line_text(const Line *ln);

/* `--dump tree` of doc (heap: free it). */
char *unit_tree_text(const Doc *doc);

/* Fail the test (cmocka) unless `--dump tree` of doc is `want`; both are
 * printed when they differ. */
void unit_check_tree(const Doc *doc, const char *want);

#endif
