/*
 * pictures.c: test pictures made in memory (see pictures.h).
 */
#include "pictures.h"

#include <cairo-pdf.h>
#include <math.h>
#include <png.h>
#include <stdint.h>
#include <stdio.h>                         /* (before jpeglib.h) */
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>
#include <webp/encode.h>

unsigned
pictures_scene(int x, int y, int w, int h)
{
    if (x < w / 4 && y < h / 4)
        return 0xE02020;                   /* the corner marker */
    double fx = (x + 0.5) / w, fy = (y + 0.5) / h;
    double hill = 0.72 + 0.07 * sin(fx * 9.4);
    if (fy > hill) {
        int g = 120 + (int)(60 * (1 - fy));
        return 0x2E0000u | (unsigned)g << 8 | 0x3A;
    }
    double dx = (fx - 0.66) * w, dy = (fy - 0.34) * h, r = 0.15 * (w < h ? w : h);
    if (dx * dx + dy * dy < r * r)
        return 0xFFCC00;
    double t = fy / hill;
    unsigned rr = (unsigned)(60 + 180 * t), gg = (unsigned)(110 + 60 * t),
             bb = (unsigned)(230 - 30 * t);
    return rr << 16 | gg << 8 | bb;
}

/* --- JPEG --- */

static size_t
put16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)(v & 0xFF);
    p[1] = (unsigned char)(v >> 8);
    return 2;
}

static size_t
put32(unsigned char *p, uint32_t v)
{
    put16(p, v & 0xFFFF);
    put16(p + 2, v >> 16);
    return 4;
}

/* An APP1 Exif block (little-endian TIFF): IFD0 with the orientation and,
 * when dpi > 0, the resolution per inch. */
static size_t
exif_block(unsigned char *b, int orientation, double dpi)
{
    size_t n = 0;
    memcpy(b, "Exif\0\0II", 8);
    n = 8;
    unsigned char *t = b + 6;              /* offsets count from the TIFF header */
    n += put16(b + n, 42);
    n += put32(b + n, 8);
    int entries = dpi > 0 ? 4 : 1;
    n += put16(b + n, (unsigned)entries);
    size_t data = 8 + 2 + 12 * (size_t)entries + 4;   /* the rationals, after the IFD */
    n += put16(b + n, 0x0112);
    n += put16(b + n, 3);
    n += put32(b + n, 1);
    n += put16(b + n, (unsigned)orientation);
    n += put16(b + n, 0);
    if (dpi > 0) {
        for (int k = 0; k < 2; k++) {
            n += put16(b + n, 0x011A + (unsigned)k);
            n += put16(b + n, 5);
            n += put32(b + n, 1);
            n += put32(b + n, (uint32_t)(data + 8 * (size_t)k));
        }
        n += put16(b + n, 0x0128);
        n += put16(b + n, 3);
        n += put32(b + n, 1);
        n += put16(b + n, 2);
        n += put16(b + n, 0);
    }
    n += put32(b + n, 0);                  /* no next IFD */
    if (dpi > 0)
        for (int k = 0; k < 2; k++) {
            put32(t + data + 8 * (size_t)k, (uint32_t)(dpi * 100));
            put32(t + data + 8 * (size_t)k + 4, 100);
        }
    return dpi > 0 ? 6 + data + 16 : n;
}

unsigned char *
pictures_jpeg(const JpegSpec *s, size_t *len)
{
    struct jpeg_compress_struct c;
    struct jpeg_error_mgr err;
    c.err = jpeg_std_error(&err);
    jpeg_create_compress(&c);
    unsigned char *out = NULL;
    unsigned long size = 0;
    jpeg_mem_dest(&c, &out, &size);
    c.image_width = (JDIMENSION)s->w;
    c.image_height = (JDIMENSION)s->h;
    c.input_components = s->gray ? 1 : s->cmyk ? 4 : 3;
    c.in_color_space = s->gray ? JCS_GRAYSCALE : s->cmyk ? JCS_CMYK : JCS_RGB;
    jpeg_set_defaults(&c);
    if (s->cmyk)
        jpeg_set_colorspace(&c, JCS_CMYK); /* (with Adobe's marker) */
    jpeg_set_quality(&c, 90, TRUE);
    if (s->progressive)
        jpeg_simple_progression(&c);
    if (s->density_unit) {
        c.density_unit = (UINT8)s->density_unit;
        c.X_density = (UINT16)s->x_density;
        c.Y_density = (UINT16)s->y_density;
    }
    jpeg_start_compress(&c, TRUE);
    if (s->orientation) {
        unsigned char exif[128];
        size_t n = exif_block(exif, s->orientation, s->exif_dpi);
        jpeg_write_marker(&c, JPEG_APP0 + 1, exif, (unsigned)n);
    }
    unsigned char *row = malloc((size_t)s->w * 4);
    while (c.next_scanline < c.image_height) {
        int y = (int)c.next_scanline;
        for (int x = 0; x < s->w; x++) {
            unsigned v = pictures_scene(x, y, s->w, s->h);
            unsigned r = v >> 16, g = v >> 8 & 0xFF, b = v & 0xFF;
            if (s->gray) {
                row[x] = (unsigned char)((r * 299 + g * 587 + b * 114) / 1000);
            } else if (s->cmyk) {
                /* Adobe's convention: 255 minus the ink, so that the reader's
                 * R = c * k / 255 gives r back (k: the brightest channel) */
                unsigned k = r > g ? (r > b ? r : b) : (g > b ? g : b);
                unsigned char *p = row + 4 * x;
                p[0] = (unsigned char)(k ? r * 255 / k : 0);
                p[1] = (unsigned char)(k ? g * 255 / k : 0);
                p[2] = (unsigned char)(k ? b * 255 / k : 0);
                p[3] = (unsigned char)k;
            } else {
                row[3 * x] = (unsigned char)r;
                row[3 * x + 1] = (unsigned char)g;
                row[3 * x + 2] = (unsigned char)b;
            }
        }
        JSAMPROW rp = row;
        jpeg_write_scanlines(&c, &rp, 1);
    }
    jpeg_finish_compress(&c);
    jpeg_destroy_compress(&c);
    free(row);
    *len = s->truncated ? size * 3 / 5 : size;
    return out;
}

/* --- PNG --- */

typedef struct Buf { unsigned char *p; size_t len, cap; } Buf;

static void
buf_add(Buf *b, const void *data, size_t n)
{
    if (b->len + n > b->cap) {
        b->cap = (b->len + n) * 2;
        b->p = realloc(b->p, b->cap);
    }
    memcpy(b->p + b->len, data, n);
    b->len += n;
}

static void
png_write_mem(png_structp png, png_bytep data, size_t n)
{
    buf_add(png_get_io_ptr(png), data, n);
}

static void
png_flush_mem(png_structp png)
{
    (void)png;
}

unsigned char *
pictures_png(int w, int h, double dpi, size_t *len)
{
    Buf b = {0};
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png_create_info_struct(png);
    png_set_write_fn(png, &b, png_write_mem, png_flush_mem);
    png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    if (dpi > 0) {
        png_uint_32 ppm = (png_uint_32)(dpi / 0.0254 + 0.5);
        png_set_pHYs(png, info, ppm, ppm, PNG_RESOLUTION_METER);
    }
    png_write_info(png, info);
    unsigned char *row = malloc((size_t)w * 3);
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            unsigned v = pictures_scene(x, y, w, h);
            row[3 * x] = (unsigned char)(v >> 16);
            row[3 * x + 1] = (unsigned char)(v >> 8);
            row[3 * x + 2] = (unsigned char)v;
        }
        png_write_row(png, row);
    }
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    free(row);
    *len = b.len;
    return b.p;
}

/* --- WebP --- */

unsigned char *
pictures_webp(int w, int h, bool alpha, size_t *len)
{
    unsigned char *rgba = malloc((size_t)w * h * 4);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            unsigned v = pictures_scene(x, y, w, h);
            unsigned char *p = rgba + 4 * ((size_t)y * w + x);
            p[0] = (unsigned char)(v >> 16);
            p[1] = (unsigned char)(v >> 8);
            p[2] = (unsigned char)v;
            p[3] = alpha && y >= h / 2 ? 128 : 255;
        }
    uint8_t *enc = NULL;
    size_t n = WebPEncodeLosslessRGBA(rgba, w, h, w * 4, &enc);
    free(rgba);
    unsigned char *out = malloc(n ? n : 1);
    memcpy(out, enc, n);
    WebPFree(enc);
    *len = n;
    return out;
}

unsigned char *
pictures_webp_animated(size_t *len)
{
    static const unsigned char head[] = {
        'R', 'I', 'F', 'F', 36, 0, 0, 0, 'W', 'E', 'B', 'P',
        'V', 'P', '8', 'X', 10, 0, 0, 0, 0x02, 0, 0, 0, 63, 0, 0, 47, 0, 0,
        'A', 'N', 'I', 'M', 6, 0, 0, 0, 255, 255, 255, 255, 0, 0,
    };
    unsigned char *out = malloc(sizeof head);
    memcpy(out, head, sizeof head);
    *len = sizeof head;
    return out;
}

/* --- PDF --- */

static cairo_status_t
pdf_write_mem(void *closure, const unsigned char *data, unsigned int n)
{
    buf_add(closure, data, n);
    return CAIRO_STATUS_SUCCESS;
}

unsigned char *
pictures_pdf(int pages, double w, double h, size_t *len)
{
    Buf b = {0};
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(pdf_write_mem, &b, w, h);
    cairo_t *cr = cairo_create(s);
    for (int p = 1; p <= pages; p++) {
        cairo_set_source_rgb(cr, 0.15, 0.15, 0.2);
        cairo_set_line_width(cr, 1);
        cairo_move_to(cr, 0.1 * w, 0.15 * h);
        cairo_line_to(cr, 0.1 * w, 0.9 * h);
        cairo_line_to(cr, 0.95 * w, 0.9 * h);
        cairo_stroke(cr);
        for (int i = 0; i < 5; i++) {
            double bh = 0.7 * h * (i + 1) * p / (5.0 * pages);
            cairo_set_source_rgb(cr, 0.2 + 0.15 * i, 0.45, 0.85 - 0.15 * i);
            cairo_rectangle(cr, 0.15 * w + i * 0.16 * w, 0.9 * h - bh, 0.11 * w, bh);
            cairo_fill(cr);
        }
        char title[32];
        snprintf(title, sizeof title, "Chart page %d", p);
        cairo_set_source_rgb(cr, 0, 0, 0);
        cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                               CAIRO_FONT_WEIGHT_NORMAL);
        cairo_set_font_size(cr, 0.07 * h);
        cairo_move_to(cr, 0.12 * w, 0.1 * h);
        cairo_show_text(cr, title);
        cairo_show_page(cr);
    }
    cairo_destroy(cr);
    cairo_surface_finish(s);
    cairo_surface_destroy(s);
    *len = b.len;
    return b.p;
}
