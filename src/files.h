/*
 * files.h: the files a run reads besides the fonts — the input, the
 * appendix deck, the images. Each is opened once: a file the document
 * names is resolved (any failure is an error), checked to be inside the
 * root folder, opened beneath it, verified as opened (a regular file,
 * still inside the root) and read whole into memory. Every later use
 * (parsing, decoding, the attachment of --embed-source, the -o check, the
 * watch list) takes these bytes or this identity, never the path again.
 * A file named twice is read once; an image is decoded once per run.
 */
#ifndef FILES_H
#define FILES_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "doc.h"

typedef struct SourceFile {
    const char *path;                      /* as opened (the document's name for it
                                            * joined to its folder), for messages */
    char *data;                            /* the bytes read (heap; NULL once an image
                                            * is decoded or a parsed source let go) */
    size_t len;
    dev_t dev;                             /* identity of what was read */
    ino_t ino;                             /* (0, 0: a pipe or a terminal) */
    struct Picture *picture;               /* the image read from it (files_picture), or
                                            * NULL */
    const char *image_error;               /* why it is no image kumihan reads, or NULL */
    bool source;                           /* a Markdown source (input, deck) */
} SourceFile;

/* Before the run reads anything: `input` (kept) is the run's input, whose
 * folder is the root when the settings name none (else: the path of the
 * document that reads first); `on_read(ctx, path)`, if not NULL, is told
 * of each file the run reads or tries to, before it is opened (--watch). */
void files_start(Doc *doc, const char *input, void (*on_read)(void *ctx, const char *path),
                 void *ctx);

/* Read the run's input: `path`, or standard input for "-". Not checked
 * against the root (the root is the input's folder by default). Returns
 * ST_OK with *out set, or ST_ENV with a message (missing, a folder,
 * unreadable, over LIMIT_INPUT_BYTES). */
Status files_read_input(Doc *doc, const char *path, SourceFile **out);

/* Open what the document names at `name` (relative to its folder) and read
 * it whole, at most `limit` bytes. Returns the file, or NULL with *why set
 * and *refused true when the name is a URL or leads outside the root,
 * false when it cannot be resolved, opened or read (why: the reason). */
SourceFile *files_open(Doc *doc, const char *name, size_t limit, const char **why,
                       bool *refused);

/* Open and read the file at `path` (from the current folder) wherever it
 * is, at most `limit` bytes: a file the command line names (a picture of
 * the theme given by --theme): not checked against the root, as the
 * input is not; only a regular file is read. Returns the file, or NULL
 * with *why. */
SourceFile *files_open_given(Doc *doc, const char *path, size_t limit, const char **why);
/* Is `real` (a resolved path) inside the root folder? (A theme's font
 * folder named by a document: fontlock.c.) */
bool files_inside_root(Doc *doc, const char *real);

/* The picture in a file opened with files_open (image.h: PNG, JPEG, WebP,
 * SVG, PDF): read on the first call, which hands the file's bytes to it
 * (decoded pixels count against LIMIT_RUN_IMAGE_PIXELS), the same picture
 * after. NULL with f->image_error set when it is not a usable image. */
struct Picture *files_picture(Doc *doc, SourceFile *f);

/* A file the run reads by itself, not through files_open (the theme
 * given on the command line): --watch is told of it. */
void files_tell_read(Doc *doc, const char *path);

/* The bytes of a source are no longer needed (parsed, not to be attached). */
void files_release(Doc *doc, SourceFile *f);

/* Is the file at `path` (if it exists) one this run has read? By device
 * and inode, following symbolic links. */
bool files_was_read(const Doc *doc, const char *path);

/* The Markdown sources read (the input, the appendix deck), in the order
 * read, at most `max` of them into `out`: for --embed-source. */
int files_sources(const Doc *doc, const SourceFile **out, int max);

/* `to` (an appendix deck) reads through the files of `from` (its report). */
void files_share(Doc *to, Doc *from);

/* The run's files end (doc_free of the Doc that owns them). */
void files_free(struct Files *files);

#endif
