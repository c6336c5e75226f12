/*
 * slide.h: a deck laid out as slides, one page each.
 */
#ifndef SLIDE_H
#define SLIDE_H

#include "doc.h"

/* Lay out every slide of the deck `doc` (deck.c) on a page of the slide's
 * size (16:9 960 x 540 pt, the default, or 4:3 720 x 540 pt:
 * the front matter's aspect, else its size) in the slide theme: slide 1
 * as the title slide, the others with their title on top and the foot of
 * the theme's templates (slide.footer, the event, at the left;
 * slide.page-number, "n / N", at the right); the theme's background and
 * logo on each (their pictures opened here: a warning at the theme's key
 * when one cannot be shown). A slide whose content does not fit is set
 * again at smaller type, down to SLIDE_FLOOR of the size; beyond that it
 * is set at the floor and a warning names its line. Fills doc->geom and
 * doc->pages. */
void slide_layout_deck(Doc *doc);

/* Is `t` a template of the deck's furniture (template.h): text with the
 * fields {title} {subtitle} {author} {event} {place} {date} {page}
 * {pages}, "{{" and "}}" for braces, no other brace? */
bool slide_template_check(const char *t);

/* Template `t` filled from doc's front matter ({author}: the presenters,
 * {date} as on the title slide: deck.h) and the numbers: page `page` of
 * `pages` (template_expand: trimmed; a field the front matter lacks is
 * empty). In the arena; NULL when it prints nothing. */
const char *slide_template(Doc *doc, const char *t, int page, int pages);

/* Smallest type scale a slide may shrink to. */
#define SLIDE_FLOOR 0.62

#endif
