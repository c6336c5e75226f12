/*
 * marp.h: Marp's directives in a deck (https://marpit.marp.app/directives).
 */
#ifndef MARP_H
#define MARP_H

#include "doc.h"
#include "style.h"

struct yaml_document_s;
struct yaml_node_s;

/* Is `name` a directive the front matter may hold as a plain value (size
 * is parse.c's key; theme the theme's)? parse.c hands those to
 * marp_front, theme_read.c skips them. */
bool marp_front_key(const char *name);

/* Has an image's alt text the word bg (Marp's background image)? */
bool marp_background_alt(const char *alt);

/* The front matter's directive `name` with its text, at pos. */
void marp_front(Doc *doc, const char *name, const char *value, SrcPos pos);

/* The text of the front matter's value v of directive `name` when it is a
 * list of plain values that directive takes (headingDivider: [1, 3]), as
 * "[1, 3]" for marp_front; else NULL. In doc's arena. */
const char *marp_front_value(Doc *doc, const char *name, struct yaml_document_s *yd,
                             struct yaml_node_s *v);

/* Is the comment `text` (its inside, trimmed) at pos a directive comment:
 * a YAML mapping whose keys are all words and one at least a directive
 * Marp knows or a scoped _name? Then its pairs join the slide's
 * directives (a warning for a value that is not text) and it is no
 * speaker note. */
bool marp_comment(Doc *doc, Node *slide, const char *text, SrcPos pos);

/* The headingDivider in force for the deck body [s, e): the last of the
 * front matter's and the comments' (<!-- headingDivider: N -->) that reads,
 * as the heading levels a slide starts at: bit L for level L. N is levels 1
 * to N, a list [1, 3] (or a YAML block list) exactly those, false none;
 * 0: none. (Read before the deck is cut into slides; marp_resolve warns of
 * a bad value.) */
unsigned marp_heading_divider(const Doc *doc, const char *s, const char *e);

/* After the deck is parsed: the global directives (size, theme,
 * headingDivider), then each slide's look from the local directives in
 * force (from their slide on) and its scoped ones; a slide none of them
 * touches keeps look NULL. Warnings: an unknown directive (once per name),
 * a bad value, one of Marp's that kumihan does not do. */
void marp_resolve(Doc *doc);

/* Once the theme is known: a warning (once per name, at its directive) for
 * each class word of the deck's slides that is neither lead, invert nor
 * the slide theme's own class (slide.class). */
void marp_check_classes(Doc *doc, const Theme *slides);

#endif
