/*
 * unit_fonts.h: what the unit tests that lay out text share: the project's
 * fonts, opened once per group (cmocka's group setup and teardown), and a
 * document on them.
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

#endif
