/*
 * watch.h: --watch, render again whenever a file the document reads changes.
 */
#ifndef WATCH_H
#define WATCH_H

#include "pipeline.h"

/* Render `job` now and after every change of the input, its appendix deck
 * or its images (inotify on their folders: editors that save by renaming
 * are seen too), printing the time taken and the diagnostics of each run.
 * The watches are in place before a run reads a file (the input's folder
 * from the start), so an edit saved during a run starts another.
 * Each PDF is written as always (whole or not at all), so a viewer never
 * sees half a file. Returns only on a failure to watch (exit status 2);
 * Ctrl-C ends it. */
int watch_run(Job *job);

#endif
