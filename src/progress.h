/*
 * progress.h: what a long run is doing, on one line of the terminal.
 */
#ifndef PROGRESS_H
#define PROGRESS_H

#include "settings.h"

/* A run starts (pipeline.c): its progress may show from now on, when
 * standard error is a terminal and `opt` is not quiet, once about a second
 * has gone. Not called: nothing shows (a batch's documents). */
void progress_begin(const Settings *opt);

/* The stage now under way ("setting the text", marked N_() for the
 * catalog: it is translated here), and the pages done of `total` (0 and 0:
 * no count). Cheap when nothing is shown yet: a clock read. */
void progress_note(const char *stage, int done, int total);

/* A message is about to go to standard error (diag.c): the progress line,
 * if shown, is erased first (it comes back at the next note). */
void progress_interrupt(void);

/* The run is over: the line erased; nothing shows until the next begin. */
void progress_end(void);

#endif
