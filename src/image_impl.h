/*
 * image_impl.h: a picture's insides (struct Picture), shared by image.c,
 * which reads and draws pictures, and filter.c, which makes the pictures
 * seen through Marp's filters and keeps them with the picture they come
 * from. image.h is what the other files see.
 */
#ifndef IMAGE_IMPL_H
#define IMAGE_IMPL_H

#include <cairo.h>
#include <librsvg/rsvg.h>                  /* (types: the functions through loaded.h) */
#include <poppler.h>
#include <stdbool.h>

#include "filter.h"
#include "image.h"

typedef enum PictureKind { PICTURE_RASTER, PICTURE_SVG, PICTURE_PDF, PICTURE_PDF_PAGE } PictureKind;

struct Picture {
    PictureKind kind;
    ImageInfo info;
    cairo_surface_t *surface;              /* RASTER: the pixels (a JPEG's bytes attached) */
    RsvgHandle *svg;                       /* SVG */
    bool checked;                          /* SVG: drawn once, small (image_page) */
    PopplerDocument *pdf;                  /* PDF */
    Picture **pages;                       /* PDF: its pages as asked for, or NULL */
    PopplerPage *page;                     /* PDF_PAGE */
    double alpha;                          /* drawn with this opacity: below 1 for
                                            * filter.c's faded copies, 1 for the others */
    /* filter.c: the pictures made from this one, a list freed with it; and,
     * in a picture so made, what it was made with (the cache's key) */
    Picture *derived;                      /* the first made from this one, or NULL */
    Picture *next_derived;                 /* the next made from the same picture */
    FilterList filters;                    /* the filters applied */
    double box_w_pt, box_h_pt;             /* the box its pixels were made for (0 when
                                            * it has none of its own: a faded copy) */
};

/* A copy of p sharing its data (the same surface, SVG handle or PDF page,
 * referenced) drawn with opacity `alpha` times p's: a JPEG stays the
 * file's bytes in the PDF. p: not a whole PDF (its pages are pictures). */
Picture *image_faded(const Picture *p, double alpha);

/* Does p draw only opaque pixels into its whole box (a JPEG, a PNG
 * without alpha), opacity 1? */
bool image_opaque(const Picture *p);

/* p drawn (as image_draw, Exif orientation and opacity included) into a
 * new image surface of w x h pixels, the caller's: RGB24 when
 * image_opaque(p), else ARGB32. A raster's edge pixels are repeated
 * outwards, so the edges are not faded where the smoothing reads past
 * them. A surface in an error state when cairo cannot make one that big. */
cairo_surface_t *image_pixels(const Picture *p, int w, int h, struct _PangoFontMap *fonts);

/* A picture of the pixels `surface` (taken, flushed and not drawn into
 * after), of natural size w_pt x h_pt: drawn as a PNG's pixels would be.
 * lossy: the pixels come from a lossy file (a JPEG); when they are all
 * opaque they are also written as a JPEG (quality 90), attached to the
 * surface for cairo's PDF to embed as it is (DCTDecode), and the format
 * is "JPEG". Else, and for a lossless source, cairo writes the pixels
 * (Flate), the format "PNG". */
Picture *image_from_pixels(cairo_surface_t *surface, double w_pt, double h_pt, bool lossy);

#endif
