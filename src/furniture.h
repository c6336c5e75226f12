/*
 * furniture.h: what a page carries around its text, after pagination:
 * running heads and folios (柱とノンブル) from the theme's templates, and
 * on every page the logo, the confidentiality mark and the watermark.
 */
#ifndef FURNITURE_H
#define FURNITURE_H

#include "doc.h"

/* The running heads and folios of doc->pages from doc->theme's templates
 * (header.*, footer.*: odd and even pages, the title page, the appendix),
 * and the marks of furniture_marks. A page of its own size (a slide of
 * the appendix set alone) gets none. Run after each pagination. */
void furniture_pages(Doc *doc);

/* The logo, the confidentiality mark and the watermark of doc->theme on
 * every page of doc (but those of their own size): made once a document
 * (the logo read, the lines laid out in the arena; a logo that cannot be
 * used is a warning at the theme's key) and given to the pages. */
void furniture_marks(Doc *doc);

#endif
