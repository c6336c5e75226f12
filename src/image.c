/*
 * image.c: pictures from a file's bytes (see image.h), each format read by
 * the library that knows it; kumihan decodes nothing itself.
 *
 *   PNG   its header (IHDR) is checked against the pixel limit first;
 *         libpng reads the chunks before the pixels for the density (pHYs)
 *         and cairo decodes.
 *   JPEG  libjpeg-turbo reads the header (size, colour space, JFIF density,
 *         the Exif block of APP1 for the orientation and density) and
 *         decodes the pixels, which PNG and SVG output draw; the file's
 *         own bytes are attached to the surface (CAIRO_MIME_TYPE_JPEG) and
 *         cairo's PDF writes them as they are (DCT passthrough: one copy,
 *         not re-encoded). Not for CMYK or YCCK: cairo 1.16 writes those as
 *         /DeviceCMYK without the /Decode [1 0 ...] that the inverted CMYK
 *         of Adobe's files needs (measured: a red Adobe CMYK JPEG showed
 *         dark blue in poppler), so they are decoded and converted to RGB
 *         (naively: no colour profile) and embedded as pixels. Not for
 *         arithmetic coding either (left to the readers otherwise). A
 *         rotation from Exif is drawn by cairo's matrix: the XObject is the
 *         file, placed turned.
 *   WebP  libwebp decodes a still image (an animation is refused).
 *   SVG   librsvg parses it once; each use draws its vectors, text as text
 *         in the project's fonts. No base file is given to librsvg, so it
 *         loads nothing an SVG names outside itself (images, xi:include,
 *         CSS) and fetches no URL: only data: URLs inside the file work.
 *   PDF   poppler-glib opens it once; each use draws a page as vectors
 *         (poppler_page_render_for_printing: what a printer shows, no
 *         non-printing annotation).
 * Sizes: pixels at the file's density (pHYs, JFIF, Exif), 96 per inch when
 * it has none; an SVG's width and height (96 px per inch), else its
 * viewBox in px; a PDF page's crop box, turned by its /Rotate.
 * A picture also keeps what filter.c makes from it (image_impl.h): copies
 * sharing its data drawn with an opacity (in a group painted with that
 * alpha) and pixels seen through filters; they go with it.
 *
 * Filtered JPEGs. A JPEG seen through filters is pixels, which cairo's PDF
 * would write losslessly (Flate): several times the photograph's size.
 * When those pixels come from a JPEG (lossy already) and are all opaque,
 * image_from_pixels writes them as a JPEG again with libjpeg-turbo and
 * attaches it as it does a file's bytes (DCTDecode): baseline, quality
 * 90, Huffman tables made for the picture, one component when every pixel
 * is grey, else YCbCr 4:4:4; JFIF with no date or other varying field, so
 * the same pixels give the same bytes. Pixels with transparency stay
 * Flate (cairo writes no soft mask for a JPEG), as do those of PNG, WebP,
 * SVG and PDF sources (lossless in, lossless out). An unfiltered JPEG is
 * its own bytes, as above.
 * Measured: PDF bytes, Flate -> JPEG, a background over the whole slide
 * (960 x 540 pt) at the picture's own pixels.
 *   tests/marp/bg-deck.md: 144 714 -> 103 852 (slide 8: sepia 28.4 K ->
 *     21.0 K, grey and blurred 14.9 K -> 11.6 K in one component; slide 9:
 *     brightness:0.5 invert 45.9 K -> 16.6 K).
 *   A real photo, 720 x 477 (259 kB, progressive, 4:2:2): sepia 383 916 ->
 *     162 270, blur:10px 660 742 -> 53 274, sepia blur:10px 396 371 ->
 *     42 380, invert 893 703 -> 176 201, grayscale 288 322 -> 112 885.
 *   A landscape, 2000 x 1500 (391 kB: an SVG of gradients and fractal
 *     noise, rsvg-convert to PDF, pdftoppm -jpeg at quality 90): sepia
 *     1 769 031 -> 427 958, blur:10px 694 642 -> 131 618, sepia blur:10px
 *     635 684 -> 129 099, invert 2 323 030 -> 406 256, grayscale
 *     1 317 711 -> 351 627.
 * Time: the whole run (best of 7, one core of an AMD EPYC, -O2) got
 * faster, cairo's Flate of the pixels costing more than libjpeg: the
 * landscape 0.55 -> 0.17 s in sepia, 0.37 -> 0.30 s in sepia blur, 0.40 ->
 * 0.09 s inverted; the photo 0.09 -> 0.04 s in sepia. The encoding alone
 * takes 30 to 50 ms for the landscape in colour (15 ms grey), 6 to 8 ms
 * for the photo. Memory: Huffman tables made for the picture need its
 * coefficients kept (2 bytes a sample: 18 MB at 3 megapixels in colour,
 * after the filters' own copies are freed): the landscape's peak RSS rose
 * from 49 to 57 MB blurred, not at all in sepia (59 MB); they make the
 * file 6 to 23 % smaller, for three times the encoding time.
 * 4:4:4 against 4:2:0 (the colour at half the resolution both ways):
 * 4:2:0 is 8 to 31 % smaller (the photo inverted 134 829, in sepia
 * 132 153; the landscape blurred 106 687) but halves the colour again
 * where the filters left it sharp (sepia's colour follows the luminance,
 * invert's is the photo's own). Decoded and compared with the filtered
 * pixels, the photo inverted came within 33.8 dB PSNR at 4:2:0, 37.7 at
 * 4:4:4, 36 levels of 255 off at most against 21, 10 % of its channels off
 * by more than 8 against 2 %, along every coloured edge; in sepia 35.7
 * against 37.8 dB. Blurred, or the smooth landscape, they are alike
 * (within 1.7 dB, 4:2:0 ahead at times; 4 to 23 levels off at most).
 * Keeping the photo's own 4:2:2 gained little (36.0 dB inverted, 149 953
 * bytes). All keep the mean within 0.11 of a level.
 * Not done: GIF, TIFF, AVIF, HEIC; animated WebP; ICC colour profiles
 * (pixels are taken as sRGB); 16 bits per channel are drawn at 8.
 */
#include "image_impl.h"

#include <cairo.h>
#include <glib.h>
#include <stdio.h>                         /* (before jpeglib.h, which needs FILE) */
#include <jerror.h>
#include <jpeglib.h>
#include <pango/pangocairo.h>
#include <png.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <webp/decode.h>

#include "i18n.h"
#include "loaded.h"

static Picture *
picture_new(PictureKind kind, const char *format)
{
    Picture *p = g_new0(Picture, 1);
    p->kind = kind;
    p->info.format = format;
    p->info.pages = 1;
    p->info.orientation = 1;
    p->alpha = 1;
    return p;
}

static uint32_t
be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* A raster picture of w x h pixels at (dpi_x, dpi_y): its size in points. */
static void
set_raster_size(Picture *p, unsigned w, unsigned h, double dpi_x, double dpi_y)
{
    if (!(dpi_x >= 1 && dpi_x <= 100000) || !(dpi_y >= 1 && dpi_y <= 100000))
        dpi_x = dpi_y = 96;                /* none, or nonsense: CSS's pixel */
    p->info.dpi_x = (int)(dpi_x + 0.5);
    p->info.dpi_y = (int)(dpi_y + 0.5);
    p->info.w_pt = w * 72.0 / dpi_x;
    p->info.h_pt = h * 72.0 / dpi_y;
    p->info.pixels = (uint64_t)w * h;
}

static const char *
too_many_pixels(unsigned w, unsigned h, uint64_t max_pixels, const char *format, Arena *arena)
{
    if ((uint64_t)w * h <= max_pixels)
        return NULL;
    return arena_printf(arena, _("a %s of %u x %u pixels: over the image limit (64 megapixels "
                                  "an image, 256 for all the images of a run)"), format, w, h);
}

/* --- PNG --- */

typedef struct Mem { const unsigned char *p; size_t left; } Mem;

static cairo_status_t
cairo_read_mem(void *closure, unsigned char *data, unsigned int length)
{
    Mem *m = closure;
    if (length > m->left)
        return CAIRO_STATUS_READ_ERROR;
    memcpy(data, m->p, length);
    m->p += length;
    m->left -= length;
    return CAIRO_STATUS_SUCCESS;
}

typedef struct PngRead { Mem mem; char msg[128]; } PngRead;

static void
png_read_mem(png_structp png, png_bytep out, size_t n)
{
    PngRead *r = png_get_io_ptr(png);
    if (n > r->mem.left)
        png_error(png, _("the file ends early"));
    memcpy(out, r->mem.p, n);
    r->mem.p += n;
    r->mem.left -= n;
}

static void
png_fail(png_structp png, png_const_charp msg)
{
    PngRead *r = png_get_error_ptr(png);
    snprintf(r->msg, sizeof r->msg, "%s", msg);
    png_longjmp(png, 1);
}

static void
png_quiet(png_structp png, png_const_charp msg)
{
    (void)png;
    (void)msg;                             /* libpng's warnings (a known sRGB profile...) */
}

/* The density of a PNG from its pHYs chunk (libpng reads the chunks before
 * the pixels): false when libpng refuses the file. */
static bool
png_density(const unsigned char *data, size_t len, double *dpi_x, double *dpi_y, char *msg,
            size_t msg_len)
{
    PngRead r = {{data, len}, ""};
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &r, png_fail, png_quiet);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    bool ok = false;
    if (!info) {
        snprintf(msg, msg_len, "%s", _("libpng cannot start"));
    } else if (setjmp(png_jmpbuf(png))) {
        snprintf(msg, msg_len, _("a damaged PNG (libpng: %s)"), r.msg);
    } else {
        png_set_read_fn(png, &r, png_read_mem);
        png_read_info(png, info);
        png_uint_32 x, y;
        int unit;
        if (png_get_pHYs(png, info, &x, &y, &unit) && unit == PNG_RESOLUTION_METER) {
            *dpi_x = x * 0.0254;
            *dpi_y = y * 0.0254;
        }
        ok = true;
    }
    png_destroy_read_struct(png ? &png : NULL, info ? &info : NULL, NULL);
    return ok;
}

static Picture *
read_png(char *data, size_t len, uint64_t max_pixels, Arena *arena, const char **why)
{
    const unsigned char *p = (const unsigned char *)data;
    Picture *pic = NULL;
    /* the size from IHDR before any library reads on */
    if (len < 24 || memcmp(p + 12, "IHDR", 4) != 0) {
        *why = _("a damaged PNG (no IHDR)");
        goto done;
    }
    unsigned w = be32(p + 16), h = be32(p + 20);
    if (w == 0 || h == 0) {
        *why = _("a PNG with no pixels");
        goto done;
    }
    if ((*why = too_many_pixels(w, h, max_pixels, "PNG", arena)))
        goto done;
    double dpi_x = 0, dpi_y = 0;
    char msg[192];
    if (!png_density(p, len, &dpi_x, &dpi_y, msg, sizeof msg)) {
        *why = arena_strdup(arena, msg);
        goto done;
    }
    Mem m = {p, len};
    cairo_surface_t *s = cairo_image_surface_create_from_png_stream(cairo_read_mem, &m);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        *why = arena_printf(arena, _("a damaged PNG (cairo: %s)"),
                            cairo_status_to_string(cairo_surface_status(s)));
        cairo_surface_destroy(s);
        goto done;
    }
    pic = picture_new(PICTURE_RASTER, "PNG");
    pic->surface = s;
    set_raster_size(pic, w, h, dpi_x, dpi_y);
done:
    free(data);
    return pic;
}

/* --- JPEG --- */

typedef struct JpegErr {
    struct jpeg_error_mgr pub;
    jmp_buf jump;
    char msg[JMSG_LENGTH_MAX];
    bool truncated;                        /* libjpeg's "Premature end of JPEG file" */
} JpegErr;

static void
jpeg_fail(j_common_ptr c)
{
    JpegErr *e = (JpegErr *)c->err;
    c->err->format_message(c, e->msg);
    longjmp(e->jump, 1);
}

static void
jpeg_note(j_common_ptr c, int level)
{
    /* warnings are not printed; a file that ends early is refused after */
    JpegErr *e = (JpegErr *)c->err;
    if (level < 0 && c->err->msg_code == JWRN_JPEG_EOF)
        e->truncated = true;
}

static unsigned
exif16(const unsigned char *p, bool le)
{
    return le ? (unsigned)(p[0] | p[1] << 8) : (unsigned)(p[0] << 8 | p[1]);
}

static uint32_t
exif32(const unsigned char *p, bool le)
{
    return le ? (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24
              : be32(p);
}

typedef struct Exif { int orientation; double dpi_x, dpi_y; } Exif;

/* Orientation (0x0112), XResolution (0x011A), YResolution (0x011B) and
 * ResolutionUnit (0x0128) from IFD0 of an APP1 Exif block: TIFF layout,
 * offsets from the TIFF header, every read bounds-checked. */
static void
read_exif(const unsigned char *p, size_t n, Exif *out)
{
    if (n < 6 + 8 || memcmp(p, "Exif\0\0", 6) != 0)
        return;
    p += 6;
    n -= 6;
    bool le = p[0] == 'I' && p[1] == 'I';
    if (!le && !(p[0] == 'M' && p[1] == 'M'))
        return;
    if (exif16(p + 2, le) != 42)
        return;
    uint32_t ifd = exif32(p + 4, le);
    if (ifd < 8 || ifd > n - 2)
        return;
    unsigned count = exif16(p + ifd, le), unit = 2;
    double res[2] = {0, 0};
    for (unsigned i = 0; i < count; i++) {
        size_t e = ifd + 2 + (size_t)12 * i;
        if (e + 12 > n)
            break;
        unsigned tag = exif16(p + e, le), type = exif16(p + e + 2, le);
        if (tag == 0x0112 && type == 3) {
            unsigned v = exif16(p + e + 8, le);
            if (v >= 1 && v <= 8)
                out->orientation = (int)v;
        } else if (tag == 0x0128 && type == 3) {
            unit = exif16(p + e + 8, le);
        } else if ((tag == 0x011A || tag == 0x011B) && type == 5) {
            uint32_t off = exif32(p + e + 8, le);
            if (off >= 8 && off <= n - 8) {
                uint32_t num = exif32(p + off, le), den = exif32(p + off + 4, le);
                if (den)
                    res[tag - 0x011A] = (double)num / den;
            }
        }
    }
    if (unit == 2 || unit == 3) {          /* 2: per inch, 3: per centimetre */
        double k = unit == 3 ? 2.54 : 1;
        out->dpi_x = res[0] * k;
        out->dpi_y = res[1] * k;
    }
}

typedef struct JpegRead {
    struct jpeg_decompress_struct cinfo;
    JpegErr err;
    cairo_surface_t *surface;
    unsigned char *row;                    /* CMYK: one row as decoded */
} JpegRead;

/* Header and pixels of a JPEG into j->surface; false with j->err.msg set. */
static bool
jpeg_decode(JpegRead *j, const unsigned char *data, size_t len, uint64_t max_pixels,
            Exif *exif, bool *cmyk, Arena *arena, const char **why)
{
    struct jpeg_decompress_struct *c = &j->cinfo;
    c->err = jpeg_std_error(&j->err.pub);
    j->err.pub.error_exit = jpeg_fail;
    j->err.pub.emit_message = jpeg_note;
    if (setjmp(j->err.jump))
        return false;
    jpeg_create_decompress(c);
    jpeg_mem_src(c, data, (unsigned long)len);
    jpeg_save_markers(c, JPEG_APP0 + 1, 0xFFFF);
    jpeg_read_header(c, TRUE);
    for (jpeg_saved_marker_ptr m = c->marker_list; m; m = m->next)
        if (m->marker == JPEG_APP0 + 1)
            read_exif(m->data, m->data_length, exif);
    if ((*why = too_many_pixels(c->image_width, c->image_height, max_pixels, "JPEG", arena)))
        return false;
    *cmyk = c->jpeg_color_space == JCS_CMYK || c->jpeg_color_space == JCS_YCCK;
    if (*cmyk)
        c->out_color_space = JCS_CMYK;
    else                                   /* straight into cairo's xRGB words */
        c->out_color_space = G_BYTE_ORDER == G_LITTLE_ENDIAN ? JCS_EXT_BGRX : JCS_EXT_XRGB;
    jpeg_start_decompress(c);
    j->surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)c->output_width,
                                            (int)c->output_height);
    if (cairo_surface_status(j->surface) != CAIRO_STATUS_SUCCESS) {
        *why = _("a JPEG too large for cairo");
        return false;
    }
    unsigned char *px = cairo_image_surface_get_data(j->surface);
    int stride = cairo_image_surface_get_stride(j->surface);
    if (*cmyk)
        j->row = xmalloc((size_t)c->output_width * 4);
    /* Adobe's CMYK files store inverted values; others (rare) plain ones */
    bool inverted = c->saw_Adobe_marker;
    while (c->output_scanline < c->output_height) {
        unsigned char *dst = px + (size_t)stride * c->output_scanline;
        JSAMPROW row = *cmyk ? j->row : dst;
        jpeg_read_scanlines(c, &row, 1);
        if (!*cmyk)
            continue;
        uint32_t *out = (uint32_t *)(void *)dst;
        for (JDIMENSION x = 0; x < c->output_width; x++) {
            const unsigned char *k = j->row + 4 * x;
            unsigned cc = k[0], mm = k[1], yy = k[2], kk = k[3];
            if (!inverted) {
                cc = 255 - cc;
                mm = 255 - mm;
                yy = 255 - yy;
                kk = 255 - kk;
            }
            /* cc..kk now hold 255 minus the ink: R = (1 - C)(1 - K) */
            out[x] = 0xFF000000u | (cc * kk / 255) << 16 | (mm * kk / 255) << 8 | (yy * kk / 255);
        }
    }
    jpeg_finish_decompress(c);
    cairo_surface_mark_dirty(j->surface);
    return true;
}

static Picture *
read_jpeg(char *data, size_t len, uint64_t max_pixels, Arena *arena, const char **why)
{
    JpegRead *j = g_new0(JpegRead, 1);
    Exif exif = {1, 0, 0};
    bool cmyk = false;
    Picture *pic = NULL;
    *why = NULL;
    bool ok = jpeg_decode(j, (const unsigned char *)data, len, max_pixels, &exif, &cmyk, arena,
                          why);
    if (!ok && !*why)
        *why = arena_printf(arena, _("a damaged JPEG (libjpeg: %s)"), j->err.msg);
    else if (ok && j->err.truncated)
        *why = _("a damaged JPEG (libjpeg: the file ends early)");
    if (!*why) {
        struct jpeg_decompress_struct *c = &j->cinfo;
        pic = picture_new(PICTURE_RASTER, "JPEG");
        pic->surface = j->surface;
        j->surface = NULL;
        double dx = exif.dpi_x, dy = exif.dpi_y;
        if (c->saw_JFIF_marker && (c->density_unit == 1 || c->density_unit == 2)) {
            double k = c->density_unit == 2 ? 2.54 : 1;   /* 2: dots per centimetre */
            dx = c->X_density * k;
            dy = c->Y_density * k;
        }
        set_raster_size(pic, c->output_width, c->output_height, dx, dy);
        pic->info.orientation = exif.orientation;
        if (exif.orientation >= 5) {       /* turned a quarter: width and height swap */
            double t = pic->info.w_pt;
            pic->info.w_pt = pic->info.h_pt;
            pic->info.h_pt = t;
        }
        if (!cmyk && !c->arith_code) {
            /* the surface owns the file's bytes now: cairo frees them with it */
            cairo_surface_set_mime_data(pic->surface, CAIRO_MIME_TYPE_JPEG,
                                        (unsigned char *)data, len, free, data);
            pic->info.passthrough = 1;
            data = NULL;
        }
    }
    jpeg_destroy_decompress(&j->cinfo);
    if (j->surface)
        cairo_surface_destroy(j->surface);
    free(j->row);
    g_free(j);
    free(data);
    return pic;
}

/* --- WebP --- */

static Picture *
read_webp(char *data, size_t len, uint64_t max_pixels, Arena *arena, const char **why)
{
    const uint8_t *p = (const uint8_t *)data;
    Picture *pic = NULL;
    WebPBitstreamFeatures ft;
    if (WebPGetFeatures(p, len, &ft) != VP8_STATUS_OK || ft.width <= 0 || ft.height <= 0) {
        *why = _("a damaged WebP file");
        goto done;
    }
    if (ft.has_animation) {
        *why = _("an animated WebP: kumihan reads still images only");
        goto done;
    }
    if ((*why = too_many_pixels((unsigned)ft.width, (unsigned)ft.height, max_pixels, "WebP",
                                arena)))
        goto done;
    cairo_surface_t *s = cairo_image_surface_create(
        ft.has_alpha ? CAIRO_FORMAT_ARGB32 : CAIRO_FORMAT_RGB24, ft.width, ft.height);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        *why = _("a WebP too large for cairo");
        goto done;
    }
    unsigned char *px = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    size_t size = (size_t)stride * (size_t)ft.height;
    /* cairo's 32-bit words: B G R A in memory on a little-endian machine */
    uint8_t *got = G_BYTE_ORDER == G_LITTLE_ENDIAN
                       ? WebPDecodeBGRAInto(p, len, px, size, stride)
                       : WebPDecodeARGBInto(p, len, px, size, stride);
    if (!got) {
        cairo_surface_destroy(s);
        *why = _("a damaged WebP file (libwebp cannot decode it)");
        goto done;
    }
    if (ft.has_alpha)                      /* cairo wants premultiplied alpha */
        for (int y = 0; y < ft.height; y++) {
            uint32_t *row = (uint32_t *)(void *)(px + (size_t)stride * y);
            for (int x = 0; x < ft.width; x++) {
                uint32_t v = row[x], a = v >> 24;
                row[x] = a << 24 | ((v >> 16 & 0xFF) * a + 127) / 255 << 16
                         | ((v >> 8 & 0xFF) * a + 127) / 255 << 8 | ((v & 0xFF) * a + 127) / 255;
            }
        }
    cairo_surface_mark_dirty(s);
    pic = picture_new(PICTURE_RASTER, "WebP");
    pic->surface = s;
    set_raster_size(pic, (unsigned)ft.width, (unsigned)ft.height, 0, 0);
done:
    free(data);
    return pic;
}

/* --- SVG --- */

static Picture *
read_svg(char *data, size_t len, Arena *arena, const char **why)
{
    GError *err = NULL;
    const char *unloaded = NULL;
    const Rsvg *rsvg = loaded_rsvg(&unloaded);
    if (!rsvg) {
        free(data);
        *why = arena_printf(arena, _("an SVG, but librsvg cannot be loaded (%s)"), unloaded);
        return NULL;
    }
    /* no base file: librsvg then refuses every reference outside the file */
    RsvgHandle *h = rsvg->new_from_data((const guint8 *)data, len, &err);
    free(data);
    if (!h) {
        *why = arena_printf(arena, _("an SVG that librsvg cannot read (%s)"),
                            err ? err->message : _("no reason given"));
        g_clear_error(&err);
        return NULL;
    }
    rsvg->set_dpi(h, 96);
    double w = 0, hh = 0;
    if (!rsvg->get_intrinsic_size_in_pixels(h, &w, &hh)) {
        /* width and height in % (or none): the viewBox, in px */
        gboolean has_w, has_h, has_vb;
        RsvgLength lw, lh;
        RsvgRectangle vb;
        rsvg->get_intrinsic_dimensions(h, &has_w, &lw, &has_h, &lh, &has_vb, &vb);
        if (has_vb) {
            w = vb.width;
            hh = vb.height;
        }
    }
    if (!(w > 0 && hh > 0 && w < 1e7 && hh < 1e7)) {
        g_object_unref(h);
        *why = _("an SVG with no size: neither width and height nor a viewBox");
        return NULL;
    }
    Picture *pic = picture_new(PICTURE_SVG, "SVG");
    pic->svg = h;
    pic->info.w_pt = w * 72.0 / 96.0;
    pic->info.h_pt = hh * 72.0 / 96.0;
    return pic;
}

/* librsvg sets text with Pango's default font map of the calling thread:
 * ours while it draws, so an SVG's text takes the project's fonts (which
 * fonts.c also made fontconfig's current set) and no second font map is
 * made and kept for the thread. */
static bool
svg_render(const Picture *p, cairo_t *cr, double w, double h, PangoFontMap *fonts, GError **err)
{
    if (fonts)
        pango_cairo_font_map_set_default(PANGO_CAIRO_FONT_MAP(fonts));
    RsvgRectangle vp = {0, 0, w, h};
    const char *unloaded;
    bool ok = loaded_rsvg(&unloaded)->render_document(p->svg, cr, &vp, err);   /* (open:
                                                                              * p was read) */
    if (fonts)
        pango_cairo_font_map_set_default(NULL);
    return ok;
}

/* --- PDF --- */

static Picture *
read_pdf(char *data, size_t len, Arena *arena, const char **why)
{
    const char *unloaded = NULL;
    const Poppler *poppler = loaded_poppler(&unloaded);
    if (!poppler) {
        free(data);
        *why = arena_printf(arena, _("a PDF, but poppler-glib cannot be loaded (%s)"), unloaded);
        return NULL;
    }
    /* poppler keeps reading the bytes as it draws: they go with the GBytes */
    GBytes *bytes = g_bytes_new_with_free_func(data, len, free, data);
    GError *err = NULL;
    PopplerDocument *doc = poppler->document_new_from_bytes(bytes, NULL, &err);
    g_bytes_unref(bytes);
    if (!doc) {
        *why = arena_printf(arena, _("a PDF that poppler cannot open (%s)"),
                            err ? err->message : _("no reason given"));
        g_clear_error(&err);
        return NULL;
    }
    int n = poppler->document_get_n_pages(doc);
    if (n < 1) {
        g_object_unref(doc);
        *why = _("a PDF without pages");
        return NULL;
    }
    Picture *pic = picture_new(PICTURE_PDF, "PDF");
    pic->pdf = doc;
    pic->info.pages = n;
    PopplerPage *first = poppler->document_get_page(doc, 0);
    if (first) {
        poppler->page_get_size(first, &pic->info.w_pt, &pic->info.h_pt);
        g_object_unref(first);
    }
    return pic;
}

/* --- the formats --- */

/* Known by its first bytes, read by none of the libraries here. */
static const char *
unsupported(const unsigned char *p, size_t len)
{
    if (len >= 6 && (memcmp(p, "GIF87a", 6) == 0 || memcmp(p, "GIF89a", 6) == 0))
        return N_("a GIF image");
    if (len >= 4 && (memcmp(p, "II*\0", 4) == 0 || memcmp(p, "MM\0*", 4) == 0))
        return N_("a TIFF image");
    if (len >= 2 && p[0] == 'B' && p[1] == 'M')
        return N_("a BMP image");
    if (len >= 12 && memcmp(p + 4, "ftyp", 4) == 0)
        return N_("an AVIF or HEIF image");
    return NULL;
}

/* An SVG: XML text (after a byte order mark and white space) or gzip
 * (SVGZ, which librsvg reads). */
static bool
looks_svg(const unsigned char *p, size_t len)
{
    if (len >= 2 && p[0] == 0x1F && p[1] == 0x8B)
        return true;
    size_t i = 0;
    if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
        i = 3;
    while (i < len && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
        i++;
    return i < len && p[i] == '<';
}

Picture *
image_read(char *data, size_t len, uint64_t max_pixels, Arena *arena, const char **why)
{
    static const unsigned char png_sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    const unsigned char *p = (const unsigned char *)data;
    *why = NULL;
    if (len >= 8 && memcmp(p, png_sig, 8) == 0)
        return read_png(data, len, max_pixels, arena, why);
    if (len >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF)
        return read_jpeg(data, len, max_pixels, arena, why);
    if (len >= 12 && memcmp(p, "RIFF", 4) == 0 && memcmp(p + 8, "WEBP", 4) == 0)
        return read_webp(data, len, max_pixels, arena, why);
    if (len >= 5 && memcmp(p, "%PDF-", 5) == 0)
        return read_pdf(data, len, arena, why);
    if (looks_svg(p, len))
        return read_svg(data, len, arena, why);
    const char *kind = unsupported(p, len);
    *why = kind ? arena_printf(arena, _("%s, a format kumihan does not read (PNG, JPEG, WebP, "
                                        "SVG and PDF it does)"), _(kind))
                : _("not an image kumihan reads (PNG, JPEG, WebP, SVG or PDF)");
    free(data);
    return NULL;
}

Picture *
image_page(Picture *p, int page, PangoFontMap *fonts, Arena *arena, const char **why)
{
    *why = NULL;
    if (p->kind != PICTURE_PDF) {
        if (page != 1) {
            *why = arena_printf(arena, strcmp(p->info.format, "SVG") == 0
                                           ? _("'#page=%d' picks a page of a PDF, and this is an %s")
                                           : _("'#page=%d' picks a page of a PDF, and this is a %s"),
                                page, p->info.format);
            return NULL;
        }
        if (p->kind == PICTURE_SVG && !p->checked) {
            cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
            cairo_t *cr = cairo_create(s);
            GError *err = NULL;
            bool ok = svg_render(p, cr, 1, 1, fonts, &err);
            cairo_destroy(cr);
            cairo_surface_destroy(s);
            if (!ok) {
                *why = arena_printf(arena, _("an SVG that librsvg cannot draw (%s)"),
                                    err ? err->message : _("no reason given"));
                g_clear_error(&err);
                return NULL;
            }
            p->checked = true;
        }
        return p;
    }
    if (page < 1 || page > p->info.pages) {
        *why = arena_printf(arena, ngettext("asks for page %d of a PDF of %d page",
                                            "asks for page %d of a PDF of %d pages",
                                            (unsigned long)p->info.pages),
                            page, p->info.pages);
        return NULL;
    }
    if (!p->pages)
        p->pages = g_new0(Picture *, (size_t)p->info.pages);
    Picture *pg = p->pages[page - 1];
    if (pg)
        return pg;
    const char *unloaded;
    const Poppler *poppler = loaded_poppler(&unloaded);    /* (open: p was read) */
    PopplerPage *pp = poppler->document_get_page(p->pdf, page - 1);
    if (!pp) {
        *why = arena_printf(arena, _("page %d of the PDF cannot be read"), page);
        return NULL;
    }
    pg = picture_new(PICTURE_PDF_PAGE, "PDF");
    pg->page = pp;
    poppler->page_get_size(pp, &pg->info.w_pt, &pg->info.h_pt);
    if (!(pg->info.w_pt > 0 && pg->info.h_pt > 0)) {
        image_free(pg);
        *why = arena_printf(arena, _("page %d of the PDF has no size"), page);
        return NULL;
    }
    pg->info.pages = p->info.pages;
    p->pages[page - 1] = pg;
    return pg;
}

const ImageInfo *
image_info(const Picture *p)
{
    return &p->info;
}

/* The pixels turned by Exif orientation o (1-8) into the box (0, 0, w, h):
 * the matrix that takes the stored image (sw x sh) there. */
static void
orient(cairo_t *cr, int o, double w, double h, double sw, double sh)
{
    /* in the turned frame the stored width runs along w (o < 5) or h */
    double ew = o >= 5 ? h : w, eh = o >= 5 ? w : h;
    switch (o) {
    case 2: cairo_translate(cr, w, 0); cairo_scale(cr, -1, 1); break;
    case 3: cairo_translate(cr, w, h); cairo_rotate(cr, G_PI); break;
    case 4: cairo_translate(cr, 0, h); cairo_scale(cr, 1, -1); break;
    case 5: cairo_rotate(cr, G_PI / 2); cairo_scale(cr, 1, -1); break;
    case 6: cairo_translate(cr, w, 0); cairo_rotate(cr, G_PI / 2); break;
    case 7: cairo_translate(cr, w, h); cairo_rotate(cr, G_PI / 2); cairo_scale(cr, -1, 1); break;
    case 8: cairo_translate(cr, 0, h); cairo_rotate(cr, -G_PI / 2); break;
    default: break;
    }
    cairo_scale(cr, ew / sw, eh / sh);
}

/* p drawn into the box (x, y, w, h) of cr as image_draw says, its
 * opacity aside. pad: a raster's edge pixels repeated outwards (filter.c's
 * pixels, whose edges must not fade where the smoothing reads past them). */
static void
draw_picture(cairo_t *cr, const Picture *p, double x, double y, double w, double h,
             PangoFontMap *fonts, bool smooth, bool pad)
{
    cairo_save(cr);
    cairo_translate(cr, x, y);
    if (p->kind == PICTURE_RASTER) {
        double sw = cairo_image_surface_get_width(p->surface);
        double sh = cairo_image_surface_get_height(p->surface);
        orient(cr, p->info.orientation, w, h, sw, sh);
        cairo_set_source_surface(cr, p->surface, 0, 0);
        if (!smooth)                       /* (cairo writes /Interpolate for the others) */
            cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_FAST);
        if (pad)
            cairo_pattern_set_extend(cairo_get_source(cr), CAIRO_EXTEND_PAD);
        /* a rectangle filled, not cairo_paint: an unclipped opaque paint
         * makes cairo's recording surface drop what the page recorded
         * before it, the open structure tags included */
        cairo_rectangle(cr, 0, 0, sw, sh);
        cairo_fill(cr);
        cairo_restore(cr);
        return;
    }
    /* librsvg and poppler may paint: clipped to the box (see above) */
    cairo_rectangle(cr, 0, 0, w, h);
    cairo_clip(cr);
    switch (p->kind) {
    case PICTURE_RASTER:
        break;
    case PICTURE_SVG:
        svg_render(p, cr, w, h, fonts, NULL);   /* (image_page has drawn it once) */
        break;
    case PICTURE_PDF_PAGE:
        cairo_scale(cr, w / p->info.w_pt, h / p->info.h_pt);
        loaded_poppler(&(const char *){NULL})->page_render_for_printing(p->page, cr);
        break;
    case PICTURE_PDF:
        break;                             /* (drawn by its pages) */
    }
    cairo_restore(cr);
}

/* draw_picture at p's opacity: below 1, drawn into a group (so that what
 * overlaps in an SVG is not seen through itself) and the group painted
 * with that alpha, inside the box's clip. */
static void
draw_with_alpha(cairo_t *cr, const Picture *p, double x, double y, double w, double h,
                PangoFontMap *fonts, bool smooth, bool pad)
{
    if (!(w > 0 && h > 0))
        return;
    if (p->alpha >= 1) {
        draw_picture(cr, p, x, y, w, h, fonts, smooth, pad);
        return;
    }
    cairo_save(cr);
    cairo_rectangle(cr, x, y, w, h);
    cairo_clip(cr);
    cairo_push_group(cr);
    draw_picture(cr, p, x, y, w, h, fonts, smooth, pad);
    cairo_pop_group_to_source(cr);
    cairo_paint_with_alpha(cr, p->alpha);
    cairo_restore(cr);
}

void
image_draw(cairo_t *cr, const Picture *p, double x, double y, double w, double h,
           PangoFontMap *fonts, bool smooth)
{
    draw_with_alpha(cr, p, x, y, w, h, fonts, smooth, false);
}

/* --- what filter.c makes (image_impl.h) --- */

Picture *
image_faded(const Picture *p, double alpha)
{
    g_assert(p->kind != PICTURE_PDF);
    Picture *f = picture_new(p->kind, p->info.format);
    f->info = p->info;
    f->alpha = p->alpha * alpha;
    if (p->surface)
        f->surface = cairo_surface_reference(p->surface);
    if (p->svg)
        f->svg = g_object_ref(p->svg);
    f->checked = p->checked;
    if (p->page)
        f->page = g_object_ref(p->page);
    return f;
}

bool
image_opaque(const Picture *p)
{
    return p->kind == PICTURE_RASTER && p->alpha >= 1
           && cairo_image_surface_get_format(p->surface) == CAIRO_FORMAT_RGB24;
}

cairo_surface_t *
image_pixels(const Picture *p, int w, int h, PangoFontMap *fonts)
{
    cairo_surface_t *s = cairo_image_surface_create(
        image_opaque(p) ? CAIRO_FORMAT_RGB24 : CAIRO_FORMAT_ARGB32, w, h);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
        return s;
    cairo_t *cr = cairo_create(s);
    draw_with_alpha(cr, p, 0, 0, w, h, fonts, true, true);
    cairo_destroy(cr);
    cairo_surface_flush(s);
    return s;
}

/* Filtered pixels of a JPEG written as a JPEG again: the quality, on
 * libjpeg's scale of 1 to 100. */
#define JPEG_QUALITY 90

/* What the pixels of an image surface hold. */
typedef enum Shades { SHADES_TRANSPARENT, SHADES_GREY, SHADES_COLOUR } Shades;

/* Some pixel of s (RGB24 or ARGB32) not opaque; else all grey (red, green
 * and blue equal) or not. */
static Shades
shades_of(cairo_surface_t *s)
{
    const unsigned char *px = cairo_image_surface_get_data(s);
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    int stride = cairo_image_surface_get_stride(s);
    bool alpha = cairo_image_surface_get_format(s) == CAIRO_FORMAT_ARGB32, grey = true;
    for (int y = 0; y < h; y++) {
        const uint32_t *row = (const uint32_t *)(const void *)(px + (size_t)stride * y);
        for (int x = 0; x < w; x++) {
            uint32_t v = row[x];
            if (alpha && v >> 24 != 0xFF)
                return SHADES_TRANSPARENT;
            grey = grey && (v >> 16 & 0xFF) == (v >> 8 & 0xFF) && (v >> 8 & 0xFF) == (v & 0xFF);
        }
    }
    return grey ? SHADES_GREY : SHADES_COLOUR;
}

typedef struct JpegWrite {
    struct jpeg_compress_struct cinfo;
    JpegErr err;
    unsigned char *bytes;                  /* libjpeg's buffer (malloc), or NULL */
    unsigned long len;
} JpegWrite;

/* The opaque pixels of s as a baseline JPEG into j->bytes: one component
 * (Y) when grey, else YCbCr. false when libjpeg fails (out of memory);
 * j->bytes may hold a buffer either way. libjpeg reads cairo's 32-bit
 * words as they are and makes the grey itself: its Y of equal red, green
 * and blue is that value exactly (the weights sum to 1 in its fixed
 * point). */
static bool
jpeg_encode(JpegWrite *j, cairo_surface_t *s, bool grey)
{
    struct jpeg_compress_struct *c = &j->cinfo;
    c->err = jpeg_std_error(&j->err.pub);
    j->err.pub.error_exit = jpeg_fail;
    j->err.pub.emit_message = jpeg_note;
    if (setjmp(j->err.jump))
        return false;
    jpeg_create_compress(c);
    jpeg_mem_dest(c, &j->bytes, &j->len);
    c->image_width = (JDIMENSION)cairo_image_surface_get_width(s);
    c->image_height = (JDIMENSION)cairo_image_surface_get_height(s);
    c->input_components = 4;
    c->in_color_space = G_BYTE_ORDER == G_LITTLE_ENDIAN ? JCS_EXT_BGRX : JCS_EXT_XRGB;
    jpeg_set_defaults(c);                  /* JFIF, no density, no date: nothing varies */
    if (grey)
        jpeg_set_colorspace(c, JCS_GRAYSCALE);
    else                                   /* 4:4:4: see the file's header */
        c->comp_info[0].h_samp_factor = c->comp_info[0].v_samp_factor = 1;
    jpeg_set_quality(c, JPEG_QUALITY, TRUE);
    c->optimize_coding = TRUE;             /* Huffman tables for these pixels: still baseline */
    jpeg_start_compress(c, TRUE);
    unsigned char *px = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    while (c->next_scanline < c->image_height) {
        JSAMPROW row = px + (size_t)stride * c->next_scanline;
        jpeg_write_scanlines(c, &row, 1);
    }
    jpeg_finish_compress(c);
    return true;
}

/* The opaque pixels of s written as a JPEG and attached to it for cairo's
 * PDF (DCTDecode), the bytes owned by the surface (freed with it); false,
 * nothing attached, when some pixel is not opaque or libjpeg fails (out
 * of its memory: the pixels are then written as pixels). */
static bool
attach_jpeg(cairo_surface_t *s)
{
    Shades shades = shades_of(s);
    if (shades == SHADES_TRANSPARENT)
        return false;
    JpegWrite *j = g_new0(JpegWrite, 1);
    bool ok = jpeg_encode(j, s, shades == SHADES_GREY);
    jpeg_destroy_compress(&j->cinfo);
    unsigned char *bytes = j->bytes;
    unsigned long len = j->len;
    g_free(j);
    if (!ok) {
        free(bytes);
        return false;
    }
    /* (cairo fails here only out of memory, and then marks the surface
     * failed for good: fatal, as out of memory is everywhere) */
    if (cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_JPEG, bytes, len, free, bytes)
        != CAIRO_STATUS_SUCCESS) {
        fputs("kumihan: out of memory (a JPEG of the filters)\n", stderr);
        abort();
    }
    return true;
}

Picture *
image_from_pixels(cairo_surface_t *surface, double w_pt, double h_pt, bool lossy)
{
    bool jpeg = lossy && attach_jpeg(surface);
    Picture *p = picture_new(PICTURE_RASTER, jpeg ? "JPEG" : "PNG");
    p->surface = surface;
    int w = cairo_image_surface_get_width(surface), h = cairo_image_surface_get_height(surface);
    p->info.w_pt = w_pt;
    p->info.h_pt = h_pt;
    p->info.pixels = (uint64_t)w * (uint64_t)h;
    p->info.dpi_x = (int)(w * 72.0 / w_pt + 0.5);
    p->info.dpi_y = (int)(h * 72.0 / h_pt + 0.5);
    return p;
}

void
image_free(Picture *p)
{
    if (!p)
        return;
    for (Picture *d = p->derived, *next; d; d = next) {
        next = d->next_derived;
        image_free(d);
    }
    if (p->surface)
        cairo_surface_destroy(p->surface);
    if (p->svg)
        g_object_unref(p->svg);
    if (p->pages) {
        for (int i = 0; i < p->info.pages; i++)
            image_free(p->pages[i]);
        g_free(p->pages);
    }
    if (p->page)
        g_object_unref(p->page);
    if (p->pdf)
        g_object_unref(p->pdf);
    g_free(p);
}
