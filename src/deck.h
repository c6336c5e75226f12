/*
 * deck.h: a slide deck (the Marp convention) as slide nodes.
 */
#ifndef DECK_H
#define DECK_H

#include "doc.h"

/* Read doc->path as a deck: YAML front matter (title, presenters with
 * affiliations, event, place, date, aspect), slides separated by lines
 * holding only "---" (outside code fences), the first heading of a slide is
 * its title, HTML comments are its speaker notes. doc->root gets one
 * NODE_SLIDE per slide, numbered from 1. Content problems are diagnostics;
 * only an unreadable file is a non-OK Status. */
Status deck_parse_file(Doc *doc);
void deck_parse_buffer(Doc *doc, const char *data, size_t len);

#endif
