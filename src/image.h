/*
 * image.h: pictures read from a file's bytes by the library that knows the
 * format (PNG, JPEG, WebP, SVG, a page of a PDF), their natural size, and
 * drawing them with cairo. Knows nothing of documents: files.c reads the
 * bytes and keeps each picture for the run, figure.c says where it goes.
 */
#ifndef IMAGE_H
#define IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"

typedef struct Picture Picture;
struct _cairo;
struct _PangoFontMap;

typedef struct ImageInfo {
    const char *format;                    /* "PNG", "JPEG", "WebP", "SVG", "PDF" */
    double w_pt, h_pt;                     /* natural size, points, as drawn (after an
                                            * Exif rotation); a PDF: its first page's */
    uint64_t pixels;                       /* decoded pixels kept (0: vectors) */
    int pages;                             /* a PDF's page count; 1 for the others */
    int orientation;                       /* JPEG: the Exif orientation, 1-8 (1: as
                                            * stored); 1 for the others */
    int dpi_x, dpi_y;                      /* pixels per inch used for the size (0:
                                            * vectors) */
    char passthrough;                      /* a JPEG whose own bytes go into the PDF */
} ImageInfo;

/* Read the picture in `data` (`len` bytes, heap): its format from its
 * first bytes, whatever the file's name. `data` is taken in every case:
 * freed, or kept while the picture needs it (a JPEG's bytes go into the PDF
 * as they are; poppler reads a PDF's as it draws). Raster images over
 * `max_pixels` are refused before they are decoded. Returns the picture, or
 * NULL with *why (a message, in `arena`). Never prints. */
Picture *image_read(char *data, size_t len, uint64_t max_pixels, Arena *arena,
                    const char **why);

/* The drawable picture for page `page` (1-based) of `p`: a PDF's page,
 * made once and kept by `p`; `p` itself for page 1 of any other format. An
 * SVG is drawn once, small, on its first request, so that what librsvg
 * refuses to draw (its limits on references and nesting) is found before
 * the layout and not in the middle of the PDF. NULL with *why (in `arena`)
 * when there is no such page or the SVG cannot be drawn. `fonts`: the
 * document's Pango font map, for an SVG's text. */
Picture *image_page(Picture *p, int page, struct _PangoFontMap *fonts, Arena *arena,
                    const char **why);

/* What is known of `p` (a page's size for a PDF page). */
const ImageInfo *image_info(const Picture *p);

/* Draw `p` (from image_page) into the box (x, y, w, h) of `cr`, in user
 * units, clipped to it: pixels scaled (a JPEG turned by its Exif
 * orientation), SVG and PDF pages as vectors with their text as text.
 * `fonts`: the document's font map (an SVG's text takes the project's
 * fonts, never the system's). `smooth`: a viewer may interpolate the
 * pixels (/Interpolate true); false for PDF/A, which forbids it. Leaves
 * cr's state as it was. */
void image_draw(struct _cairo *cr, const Picture *p, double x, double y, double w, double h,
                struct _PangoFontMap *fonts, bool smooth);

/* Release a picture from image_read and the pages made from it, and the
 * pictures filter_picture (filter.h) made from them. NULL is fine. */
void image_free(Picture *p);

#endif
