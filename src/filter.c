/*
 * filter.c: Marp's image filters (filter.h): the keywords of an image's alt
 * text read into a FilterList, and the picture seen through them, drawn
 * with cairo's operators on image surfaces (pixman's compositing). No
 * pixel is computed here by hand.
 *
 * Opacity alone makes no pixels: a copy of the picture sharing its data
 * (image_faded), which image_draw paints as a group with that alpha, so a
 * JPEG stays the file's bytes in the PDF. Any other applied filter draws
 * the picture (through image_draw's code: Exif orientation, an SVG's
 * fonts) into pixels for the box: a raster at its own pixels but at most
 * 3 a point of the box, vectors at 2 a point, at most LIMIT_FILTER_PIXELS
 * (scaled down beyond), and runs the filters over them in their order:
 *
 *   grayscale(a)  CAIRO_OPERATOR_HSL_SATURATION with black (no saturation)
 *                 painted at alpha a: the colour's grey kept at its
 *                 luminosity, a of the way. The luminosity is PDF's
 *                 (0.30 R + 0.59 G + 0.11 B), not CSS's (0.2126, 0.7152,
 *                 0.0722): a pure green turns a darker grey (150, not 182).
 *   sepia(a)      CSS's sepia matrix is, within 1 %, the grey of a
 *                 luminosity close to PDF's times the tone (1.351, 1.203,
 *                 0.937): the grey as above, MULTIPLY by the tone over
 *                 1.351, then brightness 1.351; painted over the colour
 *                 at alpha a. CSS clamps the mixed matrix's result, this
 *                 mixes the clamped sepia: they differ only where sepia(1)
 *                 would pass white.
 *   brightness(b) below 1: OVER black at alpha 1 - b; above 1: the pixels
 *                 ADDed to themselves (b - 1 of them, then doubled as
 *                 often as b needs), saturating at white.
 *   invert(a)     DIFFERENCE with white at alpha a: a(1 - c) + (1 - a)c.
 *   opacity(a)    every channel times a (cairo's premultiplied pixels).
 *   blur(r)       a Gaussian of standard deviation r (points of the box,
 *                 so r times the pixels a point), approximated per axis
 *                 by a pyramid of cairo redraws, edges padded: the pixels
 *                 scaled by g (1/2 < g <= 1, GOOD), then k times smoothed
 *                 ([1 2 1] / 4: drawn half a pixel off with BILINEAR, and
 *                 back) and halved (GOOD), smoothed at the bottom, k
 *                 times doubled (BILINEAR) and smoothed, and scaled back
 *                 by 1 / g. k and g come from the standard deviation of
 *                 the pyramid alone, measured on an edge: 0.81, 2.04,
 *                 4.25, 8.56, 17.1, 34.2, 68.6 px for k = 0 to 6 (each
 *                 level after doubles it); the scaling there and back adds
 *                 a variance of 0.33 px^2 (measured); below 2.04 px the
 *                 bottom (full size) is smoothed more often instead, each
 *                 time adding 1/2 px^2; below 0.81 px a part of one
 *                 smoothing is mixed in. pixman's bilinear and box
 *                 filters round down (measured: -0.4 of a level a pass; a
 *                 photo blurred by 10 px came out 8 levels darker), so
 *                 every pass is followed by an inversion of the pixels
 *                 (DIFFERENCE with white, exact) and the next pass, on the
 *                 inverse, rounds up. Inversion needs opaque pixels: a
 *                 picture with alpha is blurred as two planes, its
 *                 premultiplied colours over black (RGB24) and its alpha
 *                 (A8, inverted by XOR), put together after through the
 *                 colours divided by the blurred alpha (below).
 *                 Measured: on an edge (1024 pixels, 16 sub-pixel
 *                 positions) the standard deviation is within 2.3 % of the
 *                 one asked from 0.81 px to 100 px and varies by 0.4 px at
 *                 most with the edge's position, the profile within 0.05
 *                 of the Gaussian's from 4 px on (0.10 at 2 px, 0.25 at
 *                 0.81 px); against an exact Gaussian on a 400 x 300
 *                 picture of white shapes on black, 2.6 to 5.5 levels of
 *                 255 at most and 0.05 to 0.9 on average for 2 to 48 px;
 *                 a photo's mean kept within 0.6 of a level. Looked at: a
 *                 20 px square blurred by 24 px turns a round blob with
 *                 smooth edges. A browser blurs in transparency from
 *                 outside the picture, so its edges fade; here they keep
 *                 the picture's colours.
 *
 * Colours and alpha. cairo's pixels are premultiplied and its blend
 * operators change the alpha, so the colour filters run on opaque pixels:
 * a picture with transparency has its colours taken out of the alpha
 * first (the premultiplied colours over black, then COLOR_DODGE with a
 * grey of 1 - alpha: c a / a), and put back after (the colours through the
 * alpha as a mask). A run of colour filters in a row shares that. Blur and
 * opacity work on the premultiplied pixels, as CSS's do. An opaque picture
 * (a JPEG, a PNG without alpha) stays RGB24 until opacity makes it not.
 *
 * Each picture made is kept in a list of the picture it was made from and
 * freed with it (image_free); the same filters (kinds and amounts) for a
 * box within 0.01 pt give the picture already made (a faded copy: any
 * box), so a background used on many slides is one image in the PDF.
 * Same input, same pixels: nothing depends on a clock or a hash.
 *
 * Measured: a 2000 x 1500 JPEG (the scene of tests/images/pictures.c)
 * through "sepia blur" (10px) for a 960 x 720 pt box (its own 3 Mpx, a
 * standard deviation of 15.6 px) takes 0.35 to 0.39 s (sepia alone
 * 0.15 s, blur alone 0.22 to 0.24 s, the drawing into pixels included) on
 * one core of an AMD EPYC at -O2, and raises the peak RSS from 21 MB (the
 * decoded picture's 12 MB in it) to 56 MB: three working copies of 12 MB
 * at once. The pixels of a JPEG, when opaque, go into the PDF as a JPEG
 * again (image_from_pixels: quality 90; image.c's header has the
 * measures): a real 720 x 477 photo of 259 kB as JPEG took 113 kB in
 * grayscale, 162 kB in sepia, 53 kB blurred, 176 kB inverted, where
 * cairo's Flate of the pixels took 288, 384, 661 and 894 kB; opacity
 * alone keeps the 259 kB JPEG. Other pixels (from a PNG, an SVG, or with
 * transparency) go as cairo writes pixels (Flate).
 *
 * Not done (skipped: filter_applied is false, the caller warns): contrast,
 * saturate, hue-rotate, drop-shadow.
 */
#include "filter.h"

#include <cairo.h>
#include <glib.h>
#include <math.h>
#include <pango/pango.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "image_impl.h"
#include "limits.h"

/* --- the keywords --- */

typedef enum ArgKind {
    ARG_FACTOR,                            /* a number or a percentage, 0 or more */
    ARG_FRACTION,                          /* the same, over 1 taken as 1 (CSS) */
    ARG_LENGTH,                            /* px (CSS's, 0.75 pt), pt, or a bare number as px */
    ARG_ANGLE,                             /* deg, rad, grad, turn, or a bare number as deg */
    ARG_SHADOW                             /* x,y[,blur[,color]]: read by shape only */
} ArgKind;

static const struct {
    const char *name;
    ArgKind arg;
    double fallback;                       /* Marp's default, as the amount */
    bool applied;                          /* drawn by filter_picture */
    const char *bad;                       /* why an argument is refused */
} kinds[FILTER_KINDS] = {
    [FILTER_BLUR] = {"blur", ARG_LENGTH, 10 * 0.75, true,
                     N_("a blur takes a length of 0 or more in px or pt (blur:4px)")},
    [FILTER_BRIGHTNESS] = {"brightness", ARG_FACTOR, 1.5, true,
                           N_("brightness takes a number or a percentage of 0 or more "
                              "(brightness:1.2, brightness:120%)")},
    [FILTER_CONTRAST] = {"contrast", ARG_FACTOR, 2, false,
                         N_("contrast takes a number or a percentage of 0 or more "
                            "(contrast:1.5, contrast:150%)")},
    [FILTER_DROP_SHADOW] = {"drop-shadow", ARG_SHADOW, 0, false,
                            N_("drop-shadow takes x,y[,blur[,color]] "
                               "(drop-shadow:0,5px,10px,rgba(0,0,0,.4))")},
    [FILTER_GRAYSCALE] = {"grayscale", ARG_FRACTION, 1, true,
                          N_("grayscale takes a number or a percentage of 0 or more "
                             "(grayscale:.5, grayscale:50%)")},
    [FILTER_HUE_ROTATE] = {"hue-rotate", ARG_ANGLE, 180, false,
                           N_("hue-rotate takes an angle in deg, rad, grad or turn "
                              "(hue-rotate:90deg)")},
    [FILTER_INVERT] = {"invert", ARG_FRACTION, 1, true,
                       N_("invert takes a number or a percentage of 0 or more "
                          "(invert:.5, invert:50%)")},
    [FILTER_OPACITY] = {"opacity", ARG_FRACTION, 0.5, true,
                        N_("opacity takes a number or a percentage of 0 or more "
                           "(opacity:.3, opacity:30%)")},
    [FILTER_SATURATE] = {"saturate", ARG_FACTOR, 2, false,
                         N_("saturate takes a number or a percentage of 0 or more "
                            "(saturate:1.5, saturate:150%)")},
    [FILTER_SEPIA] = {"sepia", ARG_FRACTION, 1, true,
                      N_("sepia takes a number or a percentage of 0 or more "
                         "(sepia:.5, sepia:50%)")},
};

/* A CSS number at the start of s (sign, digits, a fraction, an exponent),
 * read without the locale: the rest of s (its unit), or NULL when s does
 * not start with one. */
static const char *
read_number(const char *s, double *v)
{
    static const char digits[] = "0123456789";
    const char *p = s;
    if (*p == '+' || *p == '-')
        p++;
    size_t whole = strspn(p, digits);
    p += whole;
    size_t frac = *p == '.' ? strspn(p + 1, digits) : 0;
    if (frac)
        p += 1 + frac;
    if (!whole && !frac)
        return NULL;
    if (*p == 'e' || *p == 'E') {          /* (not "em": digits must follow) */
        const char *q = p + 1 + (p[1] == '+' || p[1] == '-');
        size_t e = strspn(q, digits);
        if (e)
            p = q + e;
    }
    char text[64];
    size_t n = (size_t)(p - s);
    if (n >= sizeof text)
        return NULL;
    memcpy(text, s, n);
    text[n] = '\0';
    *v = g_ascii_strtod(text, NULL);
    return isfinite(*v) ? p : NULL;
}

/* Marp's drop-shadow arguments: two parts or more between commas, the
 * first two not empty (x,y[,blur[,color]], the colour may hold commas). */
static bool
shadow_shaped(const char *arg)
{
    const char *comma = strchr(arg, ',');
    return comma && comma > arg && comma[1] && comma[1] != ',';
}

/* The amount of a filter of kind k from its argument; false when it
 * cannot be read. */
static bool
read_amount(FilterKind k, const char *arg, double *amount)
{
    if (kinds[k].arg == ARG_SHADOW) {
        *amount = 0;
        return shadow_shaped(arg);
    }
    double v;
    const char *unit = read_number(arg, &v);
    if (!unit)
        return false;
    switch (kinds[k].arg) {
    case ARG_FACTOR:
    case ARG_FRACTION:
        if (strcmp(unit, "%") == 0)
            v /= 100;
        else if (*unit)
            return false;
        if (v < 0)
            return false;
        if (kinds[k].arg == ARG_FRACTION && v > 1)
            v = 1;
        break;
    case ARG_LENGTH:
        if (!*unit || strcmp(unit, "px") == 0)
            v *= 0.75;
        else if (strcmp(unit, "pt") != 0)
            return false;
        if (v < 0)
            return false;
        break;
    case ARG_ANGLE:
        if (strcmp(unit, "rad") == 0)
            v *= 180 / G_PI;
        else if (strcmp(unit, "grad") == 0)
            v *= 0.9;
        else if (strcmp(unit, "turn") == 0)
            v *= 360;
        else if (*unit && strcmp(unit, "deg") != 0)
            return false;
        break;
    case ARG_SHADOW:
        break;
    }
    *amount = v;
    return true;
}

int
filter_parse(const char *word, FilterList *list, const char **why)
{
    const char *colon = strchr(word, ':');
    size_t head = colon ? (size_t)(colon - word) : strlen(word);
    int k = 0;
    while (k < FILTER_KINDS
           && !(strlen(kinds[k].name) == head && strncmp(word, kinds[k].name, head) == 0))
        k++;
    if (k == FILTER_KINDS)
        return 0;
    double amount = kinds[k].fallback;
    if (colon && !read_amount((FilterKind)k, colon + 1, &amount)) {
        *why = _(kinds[k].bad);
        return -1;
    }
    if (list->n >= FILTER_MAX) {
        _Static_assert(FILTER_MAX == 8, "the message says 8");
        *why = _("a picture takes 8 filters at most: the others are dropped");
        return -1;
    }
    list->f[list->n++] = (Filter){(uint8_t)k, amount};
    return 1;
}

const char *
filter_name(FilterKind k)
{
    return k < FILTER_KINDS ? kinds[k].name : "?";
}

bool
filter_applied(FilterKind k)
{
    return k < FILTER_KINDS && kinds[k].applied;
}

/* --- cairo steps --- */

/* A new image surface; out of memory is fatal (cairo's sizes here are
 * bounded: LIMIT_FILTER_PIXELS). */
static cairo_surface_t *
surface_new(cairo_format_t format, int w, int h)
{
    cairo_surface_t *s = cairo_image_surface_create(format, w, h);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        fputs("kumihan: out of memory (an image of the filters)\n", stderr);
        abort();
    }
    return s;
}

static int
width_of(cairo_surface_t *s)
{
    return cairo_image_surface_get_width(s);
}

static int
height_of(cairo_surface_t *s)
{
    return cairo_image_surface_get_height(s);
}

/* Replace *s by next (the old one released). */
static void
replace(cairo_surface_t **s, cairo_surface_t *next)
{
    cairo_surface_destroy(*s);
    *s = next;
}

/* Paint onto s the colour (r, g, b) with operator op at alpha a. */
static void
paint_colour(cairo_surface_t *s, cairo_operator_t op, double r, double g, double b, double a)
{
    cairo_t *cr = cairo_create(s);
    cairo_set_operator(cr, op);
    cairo_set_source_rgb(cr, r, g, b);
    cairo_paint_with_alpha(cr, a);
    cairo_destroy(cr);
}

/* Paint src onto s with operator op at alpha a. */
static void
paint_surface(cairo_surface_t *s, cairo_operator_t op, cairo_surface_t *src, double a)
{
    cairo_t *cr = cairo_create(s);
    cairo_set_operator(cr, op);
    cairo_set_source_surface(cr, src, 0, 0);
    cairo_paint_with_alpha(cr, a);
    cairo_destroy(cr);
}

/* A copy of s. */
static cairo_surface_t *
copied(cairo_surface_t *s)
{
    cairo_surface_t *out = surface_new(cairo_image_surface_get_format(s), width_of(s),
                                       height_of(s));
    paint_surface(out, CAIRO_OPERATOR_SOURCE, s, 1);
    return out;
}

/* --- colour filters: on opaque pixels --- */

/* The premultiplied colours c (RGB24: over black) divided by the alpha of
 * `alpha` (a mask: ARGB32 or A8), in place: COLOR_DODGE with a grey of
 * 1 - alpha gives c a / a. Where the alpha is 0 the colour is black (and
 * will be masked out again). */
static void
divide_by_alpha(cairo_surface_t *c, cairo_surface_t *alpha)
{
    cairo_surface_t *rest = surface_new(CAIRO_FORMAT_RGB24, width_of(c), height_of(c));
    paint_colour(rest, CAIRO_OPERATOR_SOURCE, 1, 1, 1, 1);
    cairo_t *cr = cairo_create(rest);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_mask_surface(cr, alpha, 0, 0);
    cairo_destroy(cr);
    paint_surface(c, CAIRO_OPERATOR_COLOR_DODGE, rest, 1);
    cairo_surface_destroy(rest);
}

/* The colours of the premultiplied s without its alpha, as opaque RGB24. */
static cairo_surface_t *
unpremultiplied(cairo_surface_t *s)
{
    cairo_surface_t *c = surface_new(CAIRO_FORMAT_RGB24, width_of(s), height_of(s));
    paint_surface(c, CAIRO_OPERATOR_SOURCE, s, 1);
    divide_by_alpha(c, s);
    return c;
}

/* The opaque colours c through the alpha of s (ARGB32 or A8):
 * premultiplied again. */
static cairo_surface_t *
premultiplied(cairo_surface_t *c, cairo_surface_t *s)
{
    cairo_surface_t *out = surface_new(CAIRO_FORMAT_ARGB32, width_of(c), height_of(c));
    cairo_t *cr = cairo_create(out);
    cairo_set_source_surface(cr, c, 0, 0);
    cairo_mask_surface(cr, s, 0, 0);
    cairo_destroy(cr);
    return out;
}

/* Every colour of the opaque s times b > 1, saturating: s added to itself
 * b - 1 times (at most once, the rest by doublings). Over 255 every
 * channel above 0 is white already. */
static void
brighten(cairo_surface_t *s, double b)
{
    if (b > 255)
        b = 255;
    int doublings = 0;
    while (b >= 2) {
        b /= 2;
        doublings++;
    }
    if (b > 1) {
        cairo_surface_t *same = copied(s);
        paint_surface(s, CAIRO_OPERATOR_ADD, same, b - 1);
        cairo_surface_destroy(same);
    }
    for (int i = 0; i < doublings; i++) {
        cairo_surface_t *same = copied(s);
        paint_surface(s, CAIRO_OPERATOR_ADD, same, 1);
        cairo_surface_destroy(same);
    }
}

/* CSS's sepia(1) of white: the sums of its matrix's rows. */
static const double sepia_tone[3] = {1.351, 1.203, 0.937};

/* One colour filter on the opaque pixels of s. */
static void
colour_filter(cairo_surface_t *s, const Filter *f)
{
    double a = f->amount;
    switch ((FilterKind)f->kind) {
    case FILTER_GRAYSCALE:
        paint_colour(s, CAIRO_OPERATOR_HSL_SATURATION, 0, 0, 0, a);
        break;
    case FILTER_SEPIA: {
        cairo_surface_t *tone = copied(s);
        paint_colour(tone, CAIRO_OPERATOR_HSL_SATURATION, 0, 0, 0, 1);
        paint_colour(tone, CAIRO_OPERATOR_MULTIPLY, 1, sepia_tone[1] / sepia_tone[0],
                     sepia_tone[2] / sepia_tone[0], 1);
        brighten(tone, sepia_tone[0]);
        paint_surface(s, CAIRO_OPERATOR_OVER, tone, a);
        cairo_surface_destroy(tone);
        break;
    }
    case FILTER_BRIGHTNESS:
        if (a < 1)
            paint_colour(s, CAIRO_OPERATOR_OVER, 0, 0, 0, 1 - a);
        else if (a > 1)
            brighten(s, a);
        break;
    case FILTER_INVERT:
        paint_colour(s, CAIRO_OPERATOR_DIFFERENCE, 1, 1, 1, a);
        break;
    default:
        break;                             /* (not colour filters, or not applied) */
    }
}

static bool
is_colour_filter(FilterKind k)
{
    return k == FILTER_GRAYSCALE || k == FILTER_SEPIA || k == FILTER_BRIGHTNESS
           || k == FILTER_INVERT;
}

/* The n colour filters f on *s, in their order, with its alpha kept. */
static void
colour_filters(cairo_surface_t **s, const Filter *f, int n)
{
    bool opaque = cairo_image_surface_get_format(*s) == CAIRO_FORMAT_RGB24;
    cairo_surface_t *c = opaque ? *s : unpremultiplied(*s);
    for (int i = 0; i < n; i++)
        colour_filter(c, &f[i]);
    if (!opaque) {
        replace(s, premultiplied(c, *s));
        cairo_surface_destroy(c);
    }
}

/* --- opacity and blur: on premultiplied pixels --- */

/* Every channel of *s times a (ARGB32 from then on). */
static void
fade(cairo_surface_t **s, double a)
{
    cairo_surface_t *out = surface_new(CAIRO_FORMAT_ARGB32, width_of(*s), height_of(*s));
    paint_surface(out, CAIRO_OPERATOR_OVER, *s, a);
    replace(s, out);
}

/* A new surface like s (its format), w x h, holding s drawn with
 * `filter` at the scale (kx, ky), moved by (dx, dy) of its own pixels;
 * beyond its edges its edge pixels. */
static cairo_surface_t *
drawn_as(cairo_surface_t *s, int w, int h, double kx, double ky, double dx, double dy,
         cairo_filter_t filter)
{
    cairo_surface_t *out = surface_new(cairo_image_surface_get_format(s), w, h);
    cairo_t *cr = cairo_create(out);
    cairo_scale(cr, kx, ky);
    cairo_set_source_surface(cr, s, dx, dy);
    cairo_pattern_set_extend(cairo_get_source(cr), CAIRO_EXTEND_PAD);
    cairo_pattern_set_filter(cairo_get_source(cr), filter);
    cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE);
    cairo_paint(cr);
    cairo_destroy(cr);
    return out;
}

/* Every channel of s (RGB24 or A8) turned into its inverse, exactly:
 * DIFFERENCE with white for colours, XOR with white for an alpha. */
static void
invert_channels(cairo_surface_t *s)
{
    bool alpha = cairo_image_surface_get_format(s) == CAIRO_FORMAT_A8;
    paint_colour(s, alpha ? CAIRO_OPERATOR_XOR : CAIRO_OPERATOR_DIFFERENCE, 1, 1, 1, 1);
}

/* A plane being blurred: pixman's bilinear filter and its box filter at
 * 2:1 round down, so each pass is followed by an inversion and the next
 * pass, on the inverse, rounds the other way. */
typedef struct Plane { cairo_surface_t *s; bool inverted; } Plane;

/* One pass done: next replaces the plane, inverted. */
static void
passed(Plane *p, cairo_surface_t *next)
{
    replace(&p->s, next);
    invert_channels(p->s);
    p->inverted = !p->inverted;
}

/* Smoothed by [1 2 1] / 4 along x (sx) and y (sy): drawn half a pixel
 * off into a pixel more (each pixel the mean of two or four, the edge
 * pixels repeated outwards), then back. */
static void
smooth(Plane *p, bool sx, bool sy)
{
    if (!sx && !sy)
        return;
    int w = width_of(p->s), h = height_of(p->s);
    double dx = sx ? 0.5 : 0, dy = sy ? 0.5 : 0;
    passed(p, drawn_as(p->s, w + sx, h + sy, 1, 1, dx, dy, CAIRO_FILTER_BILINEAR));
    passed(p, drawn_as(p->s, w, h, 1, 1, -dx, -dy, CAIRO_FILTER_BILINEAR));
}

/* Drawn at w x h (the whole picture scaled to it) with `filter`. */
static void
rescale(Plane *p, int w, int h, cairo_filter_t filter)
{
    if (w == width_of(p->s) && h == height_of(p->s))
        return;
    passed(p, drawn_as(p->s, w, h, (double)w / width_of(p->s), (double)h / height_of(p->s), 0,
                       0, filter));
}

#define PYRAMID_MAX 30                     /* halvings: past 2^30 pixels nothing is left */

/* The standard deviation (pixels) of the pyramid of k halvings at g = 1,
 * as measured (see the header); past the table each level doubles it. */
static double
pyramid_sigma(int k)
{
    static const double measured[] = {0.81, 2.04, 4.25, 8.56, 17.1, 34.2, 68.6};
    int n = (int)(sizeof measured / sizeof measured[0]);
    return k < n ? measured[k] : measured[n - 1] * ldexp(1, k - n + 1);
}

/* The variance (px^2, at the scaled size) that the scaling to g and back
 * adds when g < 1: two bilinear resamplings, measured. */
#define RESCALE_VARIANCE 0.33

/* How an axis is blurred for a standard deviation of sigma pixels (at
 * least pyramid_sigma(0)): scaled by g (about 1/2 to 1), k halvings and
 * `bottom` smoothings at the bottom. Below pyramid_sigma(1), where a
 * halving would double the blur, more smoothings at full size (each adds
 * a variance of 1/2 px^2) and g close to 1. */
typedef struct Plan { double g; int k, bottom; } Plan;

static Plan
plan_for(double sigma)
{
    Plan p = {1, 0, 1};
    while (p.k < PYRAMID_MAX && pyramid_sigma(p.k + 1) <= sigma)
        p.k++;
    double reach = pyramid_sigma(p.k);
    if (p.k == 0) {
        double s0 = pyramid_sigma(0), more = sigma * sigma - RESCALE_VARIANCE - s0 * s0;
        p.bottom = 1 + (more > 0 ? (int)(more / 0.5) : 0);
        reach = sqrt(s0 * s0 + (p.bottom - 1) * 0.5);
    }
    p.g = fmin(1, sqrt(reach * reach + RESCALE_VARIANCE) / sigma);
    return p;
}

/* The plane *s (RGB24 or A8) blurred by a Gaussian of standard deviation
 * sx, sy pixels: the pyramid of the header, each axis its own depth. */
static void
blur_plane(cairo_surface_t **s, double sx, double sy)
{
    Plane p = {*s, false};
    double s0 = pyramid_sigma(0);
    if (fmax(sx, sy) < s0) {
        /* below one smoothing: a mix of the smoothed and the unsmoothed
         * (the variances add: t of the smoothing's) */
        p.s = copied(*s);
        smooth(&p, true, true);
        if (p.inverted)
            invert_channels(p.s);
        cairo_t *cr = cairo_create(*s);
        cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE);   /* (with alpha: a mix) */
        cairo_set_source_surface(cr, p.s, 0, 0);
        cairo_paint_with_alpha(cr, sx * sy / (s0 * s0));
        cairo_destroy(cr);
        cairo_surface_destroy(p.s);
        return;
    }
    Plan px = plan_for(fmax(sx, s0)), py = plan_for(fmax(sy, s0));
    int k = px.k > py.k ? px.k : py.k, w = width_of(p.s), h = height_of(p.s);
    int ws[PYRAMID_MAX + 1], hs[PYRAMID_MAX + 1];
    ws[0] = (int)fmax(1, round(w * px.g));
    hs[0] = (int)fmax(1, round(h * py.g));
    rescale(&p, ws[0], hs[0], CAIRO_FILTER_GOOD);
    /* down: smoothed and halved; an axis at its depth smoothed at its
     * bottom and then left as it is */
    for (int n = 0; n <= k; n++) {
        int times_x = n < px.k ? 1 : n == px.k ? px.bottom : 0;
        int times_y = n < py.k ? 1 : n == py.k ? py.bottom : 0;
        for (int i = 0; i < times_x || i < times_y; i++)
            smooth(&p, i < times_x, i < times_y);
        if (n == k)
            break;
        ws[n + 1] = n < px.k ? (ws[n] + 1) / 2 : ws[n];
        hs[n + 1] = n < py.k ? (hs[n] + 1) / 2 : hs[n];
        rescale(&p, ws[n + 1], hs[n + 1], CAIRO_FILTER_GOOD);
    }
    /* up: doubled (bilinear) and smoothed */
    for (int n = k - 1; n >= 0; n--) {
        rescale(&p, ws[n], hs[n], CAIRO_FILTER_BILINEAR);
        smooth(&p, n < px.k, n < py.k);
    }
    rescale(&p, w, h, CAIRO_FILTER_BILINEAR);
    if (p.inverted)
        invert_channels(p.s);
    *s = p.s;
}

/* *s blurred by a Gaussian of standard deviation sx, sy pixels, in its
 * premultiplied colours: an opaque picture as one plane; else its colours
 * over black and its alpha as two planes, put together again after
 * (through the colours divided by the blurred alpha). */
static void
blur(cairo_surface_t **s, double sx, double sy)
{
    if (!(fmax(sx, sy) > 0))
        return;
    if (cairo_image_surface_get_format(*s) == CAIRO_FORMAT_RGB24) {
        blur_plane(s, sx, sy);
        return;
    }
    int w = width_of(*s), h = height_of(*s);
    cairo_surface_t *colours = surface_new(CAIRO_FORMAT_RGB24, w, h);
    paint_surface(colours, CAIRO_OPERATOR_SOURCE, *s, 1);
    cairo_surface_t *alpha = surface_new(CAIRO_FORMAT_A8, w, h);
    paint_surface(alpha, CAIRO_OPERATOR_SOURCE, *s, 1);
    blur_plane(&colours, sx, sy);
    blur_plane(&alpha, sx, sy);
    divide_by_alpha(colours, alpha);
    replace(s, premultiplied(colours, alpha));
    cairo_surface_destroy(colours);
    cairo_surface_destroy(alpha);
}

/* --- the picture seen through the filters --- */

/* The pixels for p in a box of w_pt x h_pt: a raster's own (as turned by
 * Exif) but at most 3 a point, vectors 2 a point; at most
 * LIMIT_FILTER_PIXELS and cairo's 32767 a side, scaled down to fit. */
static void
pixels_for_box(const Picture *p, double w_pt, double h_pt, int *w, int *h)
{
    double pw = 2 * w_pt, ph = 2 * h_pt;
    if (p->kind == PICTURE_RASTER) {
        double sw = cairo_image_surface_get_width(p->surface);
        double sh = cairo_image_surface_get_height(p->surface);
        if (p->info.orientation >= 5) {    /* turned a quarter */
            double t = sw;
            sw = sh;
            sh = t;
        }
        pw = fmin(sw, 3 * w_pt);
        ph = fmin(sh, 3 * h_pt);
    }
    pw = fmin(fmax(pw, 1), 1e9);
    ph = fmin(fmax(ph, 1), 1e9);
    double k = fmin(1, sqrt(LIMIT_FILTER_PIXELS / (pw * ph)));
    k = fmin(k, fmin(32767 / pw, 32767 / ph));
    /* rounded to the nearest, or down when scaled to fit */
    *w = (int)fmax(1, k < 1 ? floor(pw * k) : round(pw));
    *h = (int)fmax(1, k < 1 ? floor(ph * k) : round(ph));
}

/* p drawn into pixels for the box and seen through `todo` (applied
 * filters only, opacity not alone). */
static Picture *
filtered(const Picture *p, const FilterList *todo, double w_pt, double h_pt,
         PangoFontMap *fonts)
{
    int w, h;
    pixels_for_box(p, w_pt, h_pt, &w, &h);
    cairo_surface_t *s = image_pixels(p, w, h, fonts);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        fputs("kumihan: out of memory (an image of the filters)\n", stderr);
        abort();
    }
    for (int i = 0; i < todo->n;) {
        const Filter *f = &todo->f[i];
        if (f->kind == FILTER_BLUR) {
            blur(&s, f->amount * w / w_pt, f->amount * h / h_pt);
            i++;
        } else if (f->kind == FILTER_OPACITY) {
            fade(&s, f->amount);
            i++;
        } else {
            int j = i;
            while (j < todo->n && is_colour_filter((FilterKind)todo->f[j].kind))
                j++;
            colour_filters(&s, f, j - i);
            i = j;
        }
    }
    cairo_surface_flush(s);
    return image_from_pixels(s, p->info.w_pt, p->info.h_pt, strcmp(p->info.format, "JPEG") == 0);
}

static bool
same_filters(const FilterList *a, const FilterList *b)
{
    if (a->n != b->n)
        return false;
    for (int i = 0; i < a->n; i++)
        if (a->f[i].kind != b->f[i].kind || a->f[i].amount != b->f[i].amount)
            return false;
    return true;
}

Picture *
filter_picture(Picture *p, const FilterList *list, double w_pt, double h_pt,
               PangoFontMap *fonts)
{
    FilterList todo = {0};
    double alpha = 1;
    bool fade_only = true;
    for (int i = 0; i < list->n; i++) {
        const Filter *f = &list->f[i];
        if (!filter_applied((FilterKind)f->kind))
            continue;
        todo.f[todo.n++] = *f;
        if (f->kind == FILTER_OPACITY)
            alpha *= f->amount;
        else
            fade_only = false;
    }
    /* a whole PDF draws nothing (its pages do); no box, no pixels */
    if (todo.n == 0 || p->kind == PICTURE_PDF || (fade_only && alpha >= 1))
        return p;
    if (!fade_only && !(w_pt > 0 && h_pt > 0 && isfinite(w_pt) && isfinite(h_pt)))
        return p;
    for (Picture *d = p->derived; d; d = d->next_derived)
        if (same_filters(&d->filters, &todo)
            && (fade_only || (fabs(d->box_w_pt - w_pt) < 0.01 && fabs(d->box_h_pt - h_pt) < 0.01)))
            return d;
    Picture *d = fade_only ? image_faded(p, alpha) : filtered(p, &todo, w_pt, h_pt, fonts);
    d->filters = todo;
    if (!fade_only) {
        d->box_w_pt = w_pt;
        d->box_h_pt = h_pt;
    }
    d->next_derived = p->derived;
    p->derived = d;
    return d;
}
