/*
 * pipeline.h: the stages in order.
 */
#ifndef PIPELINE_H
#define PIPELINE_H

#include "doc.h"

/* Render opt->input to opt->output (or the --dump text to stdout).
 * Returns ST_OK, ST_CONTENT when the content had errors (no output is
 * written then), or an environment / I/O status. */
Status pipeline_run(const Options *opt);

#endif
