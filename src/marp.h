/*
 * marp.h: Marp's directives in a deck (https://marpit.marp.app/directives).
 */
#ifndef MARP_H
#define MARP_H

#include "doc.h"

/* Is `name` a directive the front matter may hold as a plain value (size
 * is parse.c's key; theme the theme's)? parse.c hands those to
 * marp_front, theme_read.c skips them. */
bool marp_front_key(const char *name);

/* Has an image's alt text the word bg (Marp's background image)? */
bool marp_background_alt(const char *alt);

/* The front matter's directive `name` with its text, at pos. */
void marp_front(Doc *doc, const char *name, const char *value, SrcPos pos);

/* Is the comment `text` (its inside, trimmed) at pos a directive comment:
 * a YAML mapping whose keys are all words and one at least a directive
 * Marp knows or a scoped _name? Then its pairs join the slide's
 * directives (a warning for a value that is not text) and it is no
 * speaker note. */
bool marp_comment(Doc *doc, Node *slide, const char *text, SrcPos pos);

/* The headingDivider in force for the deck body [s, e): the front
 * matter's, else the last <!-- headingDivider: N --> comment's; 0: none.
 * (Read before the deck is cut into slides; marp_resolve warns of a bad
 * value.) */
int marp_heading_divider(const Doc *doc, const char *s, const char *e);

/* After the deck is parsed: the global directives (size, theme,
 * headingDivider), then each slide's look from the local directives in
 * force (from their slide on) and its scoped ones; a slide none of them
 * touches keeps look NULL. Warnings: an unknown directive (once per name),
 * a bad value, one of Marp's that kumihan does not do. */
void marp_resolve(Doc *doc);

#endif
