/*
 * filter.h: the image filters of Marp's image syntax (CSS's filter
 * functions: ![bg sepia blur:4px](x.jpg)): reading the keywords, and the
 * picture seen through them, drawn with cairo.
 */
#ifndef FILTER_H
#define FILTER_H

#include <stdbool.h>
#include <stdint.h>

struct Picture;
struct _PangoFontMap;

typedef enum FilterKind {
    FILTER_BLUR, FILTER_BRIGHTNESS, FILTER_CONTRAST, FILTER_DROP_SHADOW, FILTER_GRAYSCALE,
    FILTER_HUE_ROTATE, FILTER_INVERT, FILTER_OPACITY, FILTER_SATURATE, FILTER_SEPIA,
    FILTER_KINDS
} FilterKind;

#define FILTER_MAX 8                       /* filters kept per picture (more: a warning) */

/* One filter: blur's amount is the radius (CSS's standard deviation) in
 * points, hue-rotate's in degrees, drop-shadow's unused (Marp's default
 * shadow); the others' a factor (brightness:150% and brightness:1.5 are
 * both 1.5; grayscale, sepia, invert and opacity from 0 to 1). */
typedef struct Filter { uint8_t kind; double amount; } Filter;

typedef struct FilterList { int n; Filter f[FILTER_MAX]; } FilterList;

/* Marp's keyword `word` (the alt text's word: "sepia", "blur:4px",
 * "brightness:120%", "opacity:.3", "hue-rotate:90deg") appended to
 * `list`, with Marp's default when it has no argument (blur 10px,
 * brightness 1.5, contrast 2, grayscale 1, hue-rotate 180deg, invert 1,
 * opacity .5, saturate 2, sepia 1). Lengths: px (CSS's, 0.75 pt), pt, or
 * a bare number as px. Returns 1 when read; 0 when `word` is no filter
 * keyword (the list unchanged); -1 when it names a filter whose argument
 * cannot be read, or the list is full: *why says so (static text). */
int filter_parse(const char *word, FilterList *list, const char **why);

/* The filter's name as Marp writes it ("hue-rotate"). */
const char *filter_name(FilterKind k);

/* Does filter_picture apply filters of kind k? (blur, brightness,
 * grayscale, sepia, invert, opacity: yes; the others are skipped.) */
bool filter_applied(FilterKind k);

/* The picture p (image.h) seen through `list`, for a box of w_pt x h_pt
 * points: its filters that filter_applied, in their order, drawn with
 * cairo. Opacity alone shares p's data and is drawn with that alpha (a
 * JPEG stays the file's bytes); any other filter draws p into pixels
 * (a raster at its own pixels, at most 3 per point of the box; vectors at
 * 2 per point of the box) and filters those. Owned by p: freed with it
 * (image_free), and the same list and box asked again give the same
 * picture. p itself when the list applies nothing. `fonts`: an SVG's. */
struct Picture *filter_picture(struct Picture *p, const FilterList *list, double w_pt,
                               double h_pt, struct _PangoFontMap *fonts);

#endif
