/*
 * pdf.h: the pages to a PDF file.
 */
#ifndef PDF_H
#define PDF_H

#include "doc.h"

/* Draw doc->pages into `path` ("-" = standard output): written to a
 * temporary file beside it and renamed into place only when complete.
 * Returns ST_IO (with a message) when the file cannot be written; the
 * target is then untouched. */
Status pdf_write_file(Doc *doc, const char *path);

/* Each page as an image: PATH without its extension, "-NNN.png" or ".svg"
 * (NNN = first_number + the page's index: the page's number in the whole
 * document); PNG at `dpi` pixels per inch, SVG in points. All or nothing:
 * the pages go to temporary files in the folder and are renamed to their
 * names only when all are written; on a failure or SIGINT/SIGTERM/SIGHUP no
 * page file is left and the files already at those names are untouched.
 * Files of an earlier, longer run beyond the last page are left as they are.
 * Returns ST_USAGE when output_check_page_names (output.h) refuses, ST_IO
 * when a file cannot be written. */
Status pdf_write_images(Doc *doc, const char *path, const char *format, int dpi,
                        int first_number);

#endif
