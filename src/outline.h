/*
 * outline.h: headings -> the PDF outline (bookmarks) tree.
 */
#ifndef OUTLINE_H
#define OUTLINE_H

#include "doc.h"

/* Fill doc->outline with one entry per heading, in document order, each
 * with its level, title text, destination (the heading's slug) and the
 * index of its parent entry (-1 at the top). A level that skips (h2 then
 * h4) nests under the nearest shallower heading. */
void outline_build(Doc *doc);

/* Fill doc->outline with one entry per slide of `deck` ("3. Title"), each
 * pointing at the destination "<prefix>slide-3" of the page or box that
 * shows it (doc may be the deck itself, a handout or a notes document). */
void outline_slides(Doc *doc, const Doc *deck);

#endif
