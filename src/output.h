/*
 * output.h: the files a run writes, all or nothing, and cairo's scratch file.
 */
#ifndef OUTPUT_H
#define OUTPUT_H

#include <cairo.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "doc.h"

/* Where a renderer writes, and whether a write failed. */
typedef struct Writer {
    FILE *fp;
    bool failed;
    int err;                               /* errno of the failed write */
    const char *dir;                       /* the output's folder, or NULL */
} Writer;

/* A cairo write function (closure: a Writer): writes to w->fp; after a
 * failure every later write fails too. */
cairo_status_t output_write_cb(void *closure, const unsigned char *data, unsigned int length);

/* Write `path` ("-": standard output) with render(doc, w, arg): to a
 * temporary file beside it, renamed into place only when render returns
 * ST_OK and the file is flushed to the disk; a device or a FIFO is written
 * in place, a folder refused. On a failure or SIGINT/SIGTERM/SIGHUP the
 * temporary file is removed and the target untouched. Returns render's
 * status, or ST_IO with a message. */
Status output_write_file(Doc *doc, const char *path,
                         Status (*render)(Doc *doc, Writer *w, void *arg), void *arg);

/* The n page files of `path`: PATH without its extension, "-NNN.FORMAT"
 * (NNN = first_number + the page's index), each written by
 * render(doc, w, index, arg). All or nothing as output_write_file, for the
 * whole set: every file is written and flushed before any is renamed; the
 * renames run with the signals held. Files at those names are untouched on
 * a failure. Refuses (ST_USAGE) a set output_check_page_names refuses or
 * one that would write over a file the run reads; -v lists the files. */
Status output_write_pages(Doc *doc, const char *path, const char *format, int n,
                          int first_number,
                          Status (*render)(Doc *doc, Writer *w, int page, void *arg),
                          void *arg);

/* Can the pages of `path` be written as --format `format` (png or svg), up
 * to page number `last_number`? Not to standard output ("-"), nor named
 * after a device, FIFO or folder at `path`, nor when a page's file name
 * would pass the file system's length limit. False with the reason, a
 * sentence for the user, in `why`. */
bool output_check_page_names(const char *path, const char *format, int last_number, char *why,
                             size_t why_size);

/* Where cairo writes before the post-pass: a file in `dir` unlinked at once
 * (dir NULL, or no file can be made there: in memory). */
typedef struct Scratchfile {
    FILE *fp;                              /* cairo writes here */
    bool in_memory;                        /* fp is an open_memstream */
    char *mem;                             /* its buffer */
    size_t mem_len;
    const unsigned char *map;              /* the file, mapped for the post-pass */
    size_t map_len;
    unsigned char *copy;                   /* or read, where it cannot be mapped */
} Scratchfile;

/* Open s; false with errno when not even memory can take it. */
bool output_scratch_open(Scratchfile *s, const char *dir);
/* Done writing: the bytes written (mapped when s->map is set; NULL on a
 * failure, with errno). Valid until output_scratch_close. */
const unsigned char *output_scratch_data(Scratchfile *s, size_t *len);
void output_scratch_close(Scratchfile *s);

#endif
