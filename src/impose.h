/*
 * impose.h: pages made of other pages, after the layout: handouts and
 * speaker-note pages of a deck, booklets. A slide is drawn from the deck's
 * own page (vector text, its links kept), scaled into a framed box
 * (block_slide_slice, which the report's appendix in block.c uses too).
 */
#ifndef IMPOSE_H
#define IMPOSE_H

#include "doc.h"

/* A handout of the laid-out deck: `per_page` slides (1, 2, 3, 4, 6 or 9) per
 * A4 sheet, in reading order, portrait or landscape whichever gives larger
 * slides (3: slides on the left, ruled note lines on the right), framed,
 * "n / N" under each, the deck title above. A new document (doc_free it);
 * it shares the deck's fonts. */
Doc *impose_handout(Doc *deck, int per_page);

/* Speaker-note pages: each slide above its notes, on A4 portrait. */
Doc *impose_notes(Doc *deck);

/* The laid-out report as a saddle-stitched booklet: sheets twice a page
 * wide, two pages a side in folding order, padded to a multiple of four
 * pages with blanks; bookmarks kept. */
Doc *impose_booklet(Doc *doc);

#endif
