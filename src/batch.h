/*
 * batch.h: many documents in one process (kumihan --batch): each input to
 * its own PDF, the fonts set up once.
 */
#ifndef BATCH_H
#define BATCH_H

#include "pipeline.h"

/* The PDF path of `input` in a batch: dir/NAME.pdf for input
 * .../NAME.md (or NAME.yaml, NAME.yml: a book), or beside the input when
 * dir is NULL. Heap (free). */
char *batch_output_name(const char *input, const char *dir);

/* Render inputs[0..n) each to batch_output_name(input, dir), as `proto`
 * says for one (its input and output are ignored), on up to doc_threads()
 * threads, a document at a time on each; a failure in one does not stop
 * the others. Returns the worst status (by the exit status it maps to). */
Status batch_run(const Job *proto, const char *const *inputs, int n, const char *dir);

#endif
