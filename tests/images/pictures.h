/*
 * pictures.h: test pictures made in memory by the libraries that write
 * each format (libjpeg, libpng, libwebp, cairo), for tests/unit/test_image.c
 * and the fixtures of tests/images (fixtures.c). Every raster picture is
 * the same scene: a sky from blue to pink, a yellow sun and green hills,
 * with a red block in the stored top-left corner (where a rotation puts
 * it is what the orientation tests look at). Heap buffers; free() them.
 */
#ifndef PICTURES_H
#define PICTURES_H

#include <stdbool.h>
#include <stddef.h>

typedef struct JpegSpec {
    int w, h;                              /* pixels as stored */
    int density_unit, x_density, y_density;  /* JFIF: 0 none, 1 per inch, 2 per cm */
    int orientation;                       /* Exif orientation 1-8; 0: no Exif block */
    double exif_dpi;                       /* Exif X/YResolution per inch; 0: none */
    bool gray, cmyk, progressive, truncated;   /* cmyk: Adobe's inverted CMYK */
} JpegSpec;

unsigned char *pictures_jpeg(const JpegSpec *spec, size_t *len);

/* An RGB PNG; dpi > 0: with a pHYs chunk of that density (per metre, as
 * PNG stores it). */
unsigned char *pictures_png(int w, int h, double dpi, size_t *len);

/* A lossless WebP; alpha: the lower half half transparent. */
unsigned char *pictures_webp(int w, int h, bool alpha, size_t *len);

/* The header of an animated WebP (a VP8X chunk with the animation flag):
 * what libwebp reports as animated. */
unsigned char *pictures_webp_animated(size_t *len);

/* A PDF of `pages` pages of w x h points: a bar chart per page as vectors
 * with the title "Chart page N" as text, bars growing with N. */
unsigned char *pictures_pdf(int pages, double w, double h, size_t *len);

/* The scene's colour at stored pixel (x, y) of a w x h picture, 0xRRGGBB. */
unsigned pictures_scene(int x, int y, int w, int h);

#endif
