/*
 * furniture.h: what a page carries around its text, after pagination:
 * running heads and folios (柱とノンブル) from the theme's templates, and
 * on every page the logo, the confidentiality mark and the watermark.
 * Report pages and the sheets of handouts; a slide's own foot, ground and
 * logo are slide.c's.
 */
#ifndef FURNITURE_H
#define FURNITURE_H

#include "doc.h"

/* The running heads and folios of doc->pages from doc->theme's templates
 * (header.*, footer.*: odd and even pages, the title page, the appendix),
 * and the marks of furniture_marks. A page of its own size (a slide of
 * the appendix set alone) gets none. Run after each pagination. */
void furniture_pages(Doc *doc);

/* The heads and folios of the sheets of a handout or of notes pages `h`
 * (impose.c) from the slide theme's handout.header, handout.header-right
 * and handout.footer in the fields of `deck` ({page}, {pages}: the
 * sheets), in h->theme's (the report theme's) styles, with its marks. */
void furniture_sheets(Doc *h, Doc *deck);

/* The logo, the confidentiality mark and the watermark of doc->theme on
 * every page of doc (but those of their own size), joined to the ground
 * and logo a deck has already (slide.c: doc->marks): made once a document
 * (the logo read, the lines laid out in the arena; a logo that cannot be
 * used is a warning at the theme's key) and given to the pages. */
void furniture_marks(Doc *doc);

#endif
