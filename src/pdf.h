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

#endif
