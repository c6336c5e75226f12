/*
 * fontlock.h: the fonts a theme adds to kumihan's own, found and pinned.
 * A theme's families (fonts.serif ... and the Latin faces paired with them)
 * may be any family of kumihan's fonts, of the theme's font folder
 * (fonts.dir) or installed on the system; every file of the last two is
 * pinned by its SHA-256 in fonts.lock, beside the theme file (beside the
 * document for a built-in theme), which `kumihan --lock-fonts` writes and
 * every run checks: the same document and theme give the same bytes on any
 * machine that has the same font files, and refuse to run on one that has
 * not.
 */
#ifndef FONTLOCK_H
#define FONTLOCK_H

#include "doc.h"

struct Fonts;

/* Join to `f` (between fonts_begin and fonts_finish) the fonts the run's
 * themes (doc->themes, both halves) name beyond f's: every font file of
 * their fonts.dir, and the system's files of each family f lacks (the
 * upright face nearest each weight the themes use). Then every family
 * named must be in the set, never substituted. `theme_arg` is --theme's
 * value (NULL: the theme came from the front matter or is built in), for
 * the containment of fonts.dir and the command the messages suggest.
 * With `write` false each joined file must be in fonts.lock with the hash
 * it has now; with `write` true fonts.lock is written (its lines of other
 * files kept while those exist) and what it pins printed on stdout.
 * Returns ST_OK, or ST_ENV with a message naming the family or the file
 * and the theme that asked for it. */
Status fontlock_join(Doc *doc, struct Fonts *f, const char *theme_arg, bool write);

/* Would fontlock_join add fonts to `f` for the document's themes (a font
 * folder, a family f lacks)? False: f, finished, sets the document as it
 * is (a batch's shared set: batch.c). */
bool fontlock_needed(const Doc *doc, struct Fonts *f);

#endif
