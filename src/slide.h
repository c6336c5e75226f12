/*
 * slide.h: a deck laid out as slides, one page each.
 */
#ifndef SLIDE_H
#define SLIDE_H

#include "doc.h"

/* Lay out every slide of the deck `doc` (deck.c) on a page of the slide's
 * size (4:3 720 x 540 pt, or 16:9 960 x 540 pt) in the slide theme: slide 1
 * as the title slide, the others with their title on top and the event and
 * "n / N" in the footer. A slide whose content does not fit is set again at
 * smaller type, down to SLIDE_FLOOR of the size; beyond that it is set at
 * the floor and a warning names its line. Fills doc->geom and doc->pages. */
void slide_layout_deck(Doc *doc);

/* Smallest type scale a slide may shrink to. */
#define SLIDE_FLOOR 0.62

#endif
