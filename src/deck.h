/*
 * deck.h: a slide deck (the Marp convention) as slide nodes.
 */
#ifndef DECK_H
#define DECK_H

#include "doc.h"

/* Read doc->path as a deck: YAML front matter (title, presenters with
 * affiliations, event, place, date, aspect or Marp's size), slides separated by lines
 * holding only "---" (outside code fences), the first heading of a slide is
 * its title, HTML comments are its speaker notes. doc->root gets one
 * NODE_SLIDE per slide, numbered from 1. Content problems are diagnostics;
 * only an unreadable file is a non-OK Status. */
Status deck_parse_file(Doc *doc);
void deck_parse_buffer(Doc *doc, const char *data, size_t len);

/* The deck's date as its title slide shows it (2009年11月20日, or November
 * 20, 2009 with lang: en), in the arena; NULL when the front matter has
 * none. */
const char *deck_date(Doc *doc);

/* The presenters' names joined in the deck's language (「A、B」, "A, B"),
 * else the front matter's author, else NULL. */
const char *deck_people(Doc *doc);

#endif
