/*
 * paginate.h: the galley cut into pages.
 */
#ifndef PAGINATE_H
#define PAGINATE_H

#include "doc.h"

/* Fill doc->pages from doc->slices for a body of `lines` lines of `pitch`.
 * Pure: reads only heights, flags and headings, so tests feed it made-up
 * slices. A slice taller than a page is placed alone and overflows (warned).
 * title_page: page 1 carries no running head or folio. */
void paginate_document(Doc *doc, Unit pitch, int lines, bool title_page);

#endif
