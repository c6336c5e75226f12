/*
 * fixtures.c: writes the pictures tests/images/run.sh renders into the
 * folder given (the SVG fixtures are text files beside this one). Made by
 * the libraries at test time (pictures.c), so no binary file is committed.
 *
 *   photo.jpg    640 x 427, JFIF 300 per inch (153.6 x 102.5 pt)
 *   gray.jpg     200 x 150, grey, JFIF 72 per centimetre
 *   prog.jpg     320 x 240, progressive, no density (96 per inch)
 *   cmyk.jpg     200 x 150, Adobe's inverted CMYK
 *   exif6.jpg    160 x 80 stored, Exif orientation 6 and 144 per inch:
 *                shown 80 x 160 (40 x 80 pt), the red corner top right
 *   broken.jpg   photo.jpg cut at three fifths
 *   phys.png     300 x 200, pHYs 150 per inch (144 x 96 pt)
 *   plain.png    120 x 90, no pHYs (90 x 67.5 pt)
 *   pic.webp     240 x 160 (180 x 120 pt); alpha.webp the same, half transparent
 *   anim.webp    an animated WebP's header
 *   chart.pdf    3 pages of 400 x 250 pt, "Chart page N" as text
 *   fake.gif     a GIF signature and nothing else
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pictures.h"

static int failed;

static void
save(const char *dir, const char *name, unsigned char *data, size_t len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
        fprintf(stderr, "fixtures: cannot write %s\n", path);
        failed = 1;
    }
    free(data);
}

int
main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: fixtures DIR\n");
        return 2;
    }
    const char *d = argv[1];
    size_t n;
    unsigned char *p;
    p = pictures_jpeg(&(JpegSpec){.w = 640, .h = 427, .density_unit = 1, .x_density = 300,
                                  .y_density = 300}, &n);
    save(d, "photo.jpg", p, n);
    p = pictures_jpeg(&(JpegSpec){.w = 640, .h = 427, .density_unit = 1, .x_density = 300,
                                  .y_density = 300, .truncated = true}, &n);
    save(d, "broken.jpg", p, n);
    p = pictures_jpeg(&(JpegSpec){.w = 200, .h = 150, .gray = true, .density_unit = 2,
                                  .x_density = 72, .y_density = 72}, &n);
    save(d, "gray.jpg", p, n);
    p = pictures_jpeg(&(JpegSpec){.w = 320, .h = 240, .progressive = true}, &n);
    save(d, "prog.jpg", p, n);
    p = pictures_jpeg(&(JpegSpec){.w = 200, .h = 150, .cmyk = true}, &n);
    save(d, "cmyk.jpg", p, n);
    p = pictures_jpeg(&(JpegSpec){.w = 160, .h = 80, .orientation = 6, .exif_dpi = 144}, &n);
    save(d, "exif6.jpg", p, n);
    p = pictures_png(300, 200, 150, &n);
    save(d, "phys.png", p, n);
    p = pictures_png(120, 90, 0, &n);
    save(d, "plain.png", p, n);
    p = pictures_webp(240, 160, false, &n);
    save(d, "pic.webp", p, n);
    p = pictures_webp(240, 160, true, &n);
    save(d, "alpha.webp", p, n);
    p = pictures_webp_animated(&n);
    save(d, "anim.webp", p, n);
    p = pictures_pdf(3, 400, 250, &n);
    save(d, "chart.pdf", p, n);
    p = malloc(6);
    memcpy(p, "GIF89a", 6);
    save(d, "fake.gif", p, 6);
    return failed;
}
