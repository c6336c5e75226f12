/*
 * glyf.c: TrueType outlines for a font with CFF ones (see glyf.h).
 *
 * Why. The upright glyphs of vertical text are drawn from vertical fonts
 * (Identity-V, subset.c and post_meta.c). MuPDF (1.21, Debian 12) reads an
 * embedded CFF font as its bare CFF table, even from an OpenType wrapper
 * (pdf_load_embedded_font), and FreeType gives a bare CFF a vertical advance
 * of 0 (it makes one up from an OS/2 table a bare CFF does not have). With
 * no advance MuPDF's text extraction ends a line after every upright glyph:
 * `mutool draw -F txt`, and copying from MuPDF's viewers, read a column one
 * character a line (measured; LuaLaTeX's vertical PDFs read so too). A
 * TrueType font is read whole, and FreeType gives its glyphs the vertical
 * advance its hhea makes: the same column then reads as one line (measured
 * with the copy made by hand, then with this file). So the vertical copies
 * are TrueType fonts.
 *
 * How. No library in Debian converts outlines in C (fontTools' cu2qu is
 * Python), and the conversion is short: each glyph as HarfBuzz draws it, in
 * font units; lines kept; each cubic cut into n equal pieces, each piece
 * replaced by the quadratic with its ends and the control point
 * (3(c1 + c2) - (p0 + p3)) / 4. That quadratic differs from the piece by
 * (d/2) t(1-t)(1-2t), d = p3 - 3 c2 + 3 c1 - p0, at most sqrt(3)/36 |d|; a
 * piece's d is the cubic's over n^3, so n is the least that keeps the
 * distance within GLYF_TOLERANCE. The points are rounded to font units; an
 * on-curve point between two off-curve ones is left out where their
 * midpoint (which TrueType then implies) is within half a unit of it. The
 * contours are reversed: TrueType's outer contours run clockwise, CFF's
 * the other way (both fill by the non-zero rule, so only the convention
 * changes). No hints: the PDF is drawn unhinted (DESIGN §8).
 * Measured (2026-12-07): MuPDF's text of the vertical story, from 2,594
 * lines of one character to 124 lines, a column each (tests/vertical); at 150 dpi
 * 14 of a page's million pixels differ from the CFF's, by at most 39 of
 * 255; the story's PDF 0.7 % larger (100,236 bytes against 99,553 at A4);
 * make bench (v), the report set vertically, 0.98 times the report across
 * where it took 1.23 times with CFF copies (cairo subsets TrueType faster
 * than CFF); a 182-page vertical document's subsets 36 ms against 25 ms.
 */
#include "glyf.h"

#include <glib.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "sfnt.h"

#define MAX_PIECES 16                      /* a cubic needing more is cut at 16 */

typedef struct Point {
    int32_t x, y;
    bool on;
} Point;

/* One glyph's contours as they are drawn. */
typedef struct Outline {
    GArray *pts;                           /* Point, every contour's */
    GArray *ends;                          /* guint16: each contour's last point */
    guint start;                           /* the open contour's first point */
    double x, y;                           /* the pen */
    double tol;                            /* GLYF_TOLERANCE in font units */
    bool open, bad;
} Outline;

int
glyf_cubic_to_quads(const double x[4], const double y[4], double tol, int max, double *qx,
                    double *qy, double *ex, double *ey)
{
    double dx = x[3] - 3 * x[2] + 3 * x[1] - x[0], dy = y[3] - 3 * y[2] + 3 * y[1] - y[0];
    double r = sqrt(3.0) / 36 * hypot(dx, dy) / tol;     /* (NaN, inf: held below) */
    int n = !(r > 1) ? 1 : r >= (double)max * max * max ? max : (int)ceil(cbrt(r) - 1e-9);
    if (n < 1)
        n = 1;
    /* C(t) = a t^3 + b t^2 + c t + p0 */
    double ax = -x[0] + 3 * x[1] - 3 * x[2] + x[3], ay = -y[0] + 3 * y[1] - 3 * y[2] + y[3];
    double bx = 3 * x[0] - 6 * x[1] + 3 * x[2], by = 3 * y[0] - 6 * y[1] + 3 * y[2];
    double cx = 3 * (x[1] - x[0]), cy = 3 * (y[1] - y[0]);
    double h = 1.0 / n;
    for (int k = 0; k < n; k++) {
        double t0 = k * h, t1 = (k + 1) * h;
        double x0 = ((ax * t0 + bx) * t0 + cx) * t0 + x[0];
        double y0 = ((ay * t0 + by) * t0 + cy) * t0 + y[0];
        double x1 = k + 1 == n ? x[3] : ((ax * t1 + bx) * t1 + cx) * t1 + x[0];
        double y1 = k + 1 == n ? y[3] : ((ay * t1 + by) * t1 + cy) * t1 + y[0];
        double d0x = (3 * ax * t0 + 2 * bx) * t0 + cx, d0y = (3 * ay * t0 + 2 * by) * t0 + cy;
        double d1x = (3 * ax * t1 + 2 * bx) * t1 + cx, d1y = (3 * ay * t1 + 2 * by) * t1 + cy;
        /* the piece's controls: p0 + h C'(t0)/3 and p3 - h C'(t1)/3 */
        qx[k] = (2 * (x0 + x1) + h * (d0x - d1x)) / 4;
        qy[k] = (2 * (y0 + y1) + h * (d0y - d1y)) / 4;
        ex[k] = x1;
        ey[k] = y1;
    }
    return n;
}

/* (a coordinate far outside TrueType's 16 bits, from a damaged or hostile
 * font, is held at +-2^20: write_glyph refuses the glyph, and the sums of
 * coordinates here cannot overflow) */
#define FAR 1048576.0

static void
add_point(Outline *o, double x, double y, bool on)
{
    x = isfinite(x) ? fmin(fmax(x, -FAR), FAR) : FAR;
    y = isfinite(y) ? fmin(fmax(y, -FAR), FAR) : FAR;
    Point p = {(int32_t)lround(x), (int32_t)lround(y), on};
    g_array_append_val(o->pts, p);
}

/* Ends the open contour: its closing point (the first again) dropped,
 * reversed after its first point, implied on-curve points left out. */
static void
end_contour(Outline *o)
{
    if (!o->open)
        return;
    o->open = false;
    Point *p = &g_array_index(o->pts, Point, o->start);
    guint n = o->pts->len - o->start;
    if (n > 1 && p[n - 1].on && p[n - 1].x == p[0].x && p[n - 1].y == p[0].y)
        n--;
    if (n < 3) {                           /* no area */
        g_array_set_size(o->pts, o->start);
        return;
    }
    for (guint i = 1, j = n - 1; i < j; i++, j--) {
        Point t = p[i];
        p[i] = p[j];
        p[j] = t;
    }
    guint w = 1;
    for (guint i = 1; i < n; i++) {
        const Point *prev = &p[w - 1], *next = i + 1 < n ? &p[i + 1] : NULL;
        if (p[i].on && !prev->on && next && !next->on && abs(2 * p[i].x - prev->x - next->x) <= 1
            && abs(2 * p[i].y - prev->y - next->y) <= 1)
            continue;
        p[w++] = p[i];
    }
    g_array_set_size(o->pts, o->start + w);
    if (o->pts->len > 65535) {
        o->bad = true;
        return;
    }
    guint16 end = (guint16)(o->pts->len - 1);
    g_array_append_val(o->ends, end);
}

static void
move_to(hb_draw_funcs_t *f, void *data, hb_draw_state_t *st, float x, float y, void *user)
{
    (void)f, (void)st, (void)user;
    Outline *o = data;
    end_contour(o);
    o->open = true;
    o->start = o->pts->len;
    add_point(o, x, y, true);
    o->x = x;
    o->y = y;
}

static void
line_to(hb_draw_funcs_t *f, void *data, hb_draw_state_t *st, float x, float y, void *user)
{
    (void)f, (void)st, (void)user;
    Outline *o = data;
    add_point(o, x, y, true);
    o->x = x;
    o->y = y;
}

static void
quadratic_to(hb_draw_funcs_t *f, void *data, hb_draw_state_t *st, float cx, float cy, float x,
             float y, void *user)
{
    (void)f, (void)st, (void)user;
    Outline *o = data;
    add_point(o, cx, cy, false);
    add_point(o, x, y, true);
    o->x = x;
    o->y = y;
}

static void
cubic_to(hb_draw_funcs_t *f, void *data, hb_draw_state_t *st, float c1x, float c1y, float c2x,
         float c2y, float x, float y, void *user)
{
    (void)f, (void)st, (void)user;
    Outline *o = data;
    double px[4] = {o->x, c1x, c2x, x}, py[4] = {o->y, c1y, c2y, y};
    double qx[MAX_PIECES], qy[MAX_PIECES], ex[MAX_PIECES], ey[MAX_PIECES];
    int n = glyf_cubic_to_quads(px, py, o->tol, MAX_PIECES, qx, qy, ex, ey);
    for (int k = 0; k < n; k++) {
        add_point(o, qx[k], qy[k], false);
        add_point(o, ex[k], ey[k], true);
    }
    o->x = x;
    o->y = y;
}

static void
close_path(hb_draw_funcs_t *f, void *data, hb_draw_state_t *st, void *user)
{
    (void)f, (void)st, (void)user;
    end_contour(data);
}

static void
put_be16(GByteArray *b, unsigned v)
{
    guint8 t[2] = {(guint8)(v >> 8), (guint8)v};
    g_byte_array_append(b, t, 2);
}

/* One coordinate's delta: its flag bits (short, same-or-positive) and bytes. */
static guint8
delta_flags(int d, guint8 short_bit, guint8 same_bit)
{
    if (d == 0)
        return same_bit;
    if (d >= -255 && d <= 255)
        return (guint8)(short_bit | (d > 0 ? same_bit : 0));
    return 0;
}

static void
put_delta(GByteArray *b, int d)
{
    if (d == 0)
        return;
    if (d >= -255 && d <= 255) {
        guint8 v = (guint8)abs(d);
        g_byte_array_append(b, &v, 1);
    } else {
        put_be16(b, (unsigned)(uint16_t)(int16_t)d);
    }
}

/* A simple glyph's record (empty for a glyph with no contour); false if a
 * coordinate does not fit. *xmin is its left side bearing. */
static bool
write_glyph(GByteArray *out, const Outline *o, int *xmin)
{
    *xmin = 0;
    guint n = o->pts->len;
    if (o->ends->len == 0)
        return true;
    const Point *p = (const Point *)(const void *)o->pts->data;
    int32_t x0 = p[0].x, y0 = p[0].y, x1 = x0, y1 = y0;
    for (guint i = 1; i < n; i++) {
        x0 = MIN(x0, p[i].x);
        y0 = MIN(y0, p[i].y);
        x1 = MAX(x1, p[i].x);
        y1 = MAX(y1, p[i].y);
    }
    if (x0 < INT16_MIN || y0 < INT16_MIN || x1 > INT16_MAX || y1 > INT16_MAX)
        return false;
    *xmin = x0;
    put_be16(out, o->ends->len);
    put_be16(out, (unsigned)(uint16_t)(int16_t)x0);
    put_be16(out, (unsigned)(uint16_t)(int16_t)y0);
    put_be16(out, (unsigned)(uint16_t)(int16_t)x1);
    put_be16(out, (unsigned)(uint16_t)(int16_t)y1);
    for (guint i = 0; i < o->ends->len; i++)
        put_be16(out, g_array_index(o->ends, guint16, i));
    put_be16(out, 0);                      /* no instructions */
    GByteArray *xs = g_byte_array_new(), *ys = g_byte_array_new();
    guint8 last = 0;
    guint run = 0;
    for (guint i = 0; i <= n; i++) {
        guint8 fl = 0;
        if (i < n) {
            int dx = p[i].x - (i ? p[i - 1].x : 0), dy = p[i].y - (i ? p[i - 1].y : 0);
            fl = (guint8)((p[i].on ? 0x01 : 0) | delta_flags(dx, 0x02, 0x10)
                          | delta_flags(dy, 0x04, 0x20));
            put_delta(xs, dx);
            put_delta(ys, dy);
            if (run > 0 && fl == last && run < 256) {
                run++;
                continue;
            }
        }
        /* flush the run of `last`: once, then repeated run-1 times */
        if (run == 1) {
            g_byte_array_append(out, &last, 1);
        } else if (run == 2) {
            g_byte_array_append(out, &last, 1);
            g_byte_array_append(out, &last, 1);
        } else if (run > 2) {
            guint8 t[2] = {(guint8)(last | 0x08), (guint8)(run - 1)};
            g_byte_array_append(out, t, 2);
        }
        last = fl;
        run = 1;
    }
    g_byte_array_append(out, xs->data, xs->len);
    g_byte_array_append(out, ys->data, ys->len);
    g_byte_array_free(xs, TRUE);
    g_byte_array_free(ys, TRUE);
    while (out->len % 4)
        g_byte_array_append(out, (const guint8 *)"", 1);
    return true;
}

static bool
replaced(hb_tag_t tag, const void *ctx)
{
    (void)ctx;
    static const char *const tags[] = {"CFF ", "CFF2", "VORG", "glyf", "loca",
                                       "head", "maxp", "post", "hhea", "hmtx"};
    for (size_t i = 0; i < G_N_ELEMENTS(tags); i++)
        if (tag == hb_tag_from_string(tags[i], 4))
            return true;
    return false;
}

static void
add_table(hb_face_t *builder, const char *tag, guint8 *data, unsigned len)
{
    hb_blob_t *b = hb_blob_create((const char *)data, len, HB_MEMORY_MODE_WRITABLE, data, g_free);
    hb_face_builder_add_table(builder, hb_tag_from_string(tag, 4), b);
    hb_blob_destroy(b);
}

/* A table of `face` copied to new memory, at least `min` bytes (zeros
 * after its own); NULL if it is missing and `min` is 0. */
static guint8 *
table_copy(hb_face_t *face, const char *tag, unsigned min, unsigned *len)
{
    hb_blob_t *b = hb_face_reference_table(face, hb_tag_from_string(tag, 4));
    unsigned n;
    const char *d = hb_blob_get_data(b, &n);
    *len = MAX(n, min);
    guint8 *t = *len ? g_malloc0(*len) : NULL;
    if (n)
        memcpy(t, d, n);
    hb_blob_destroy(b);
    return t;
}

hb_blob_t *
glyf_from_cff(hb_blob_t *font)
{
    hb_face_t *face = hb_face_create(font, 0);
    unsigned upem = hb_face_get_upem(face), glyphs = hb_face_get_glyph_count(face);
    hb_blob_t *cff = hb_face_reference_table(face, HB_TAG('C', 'F', 'F', ' '));
    bool has_cff = hb_blob_get_length(cff) > 0;
    hb_blob_destroy(cff);
    unsigned head_len, hhea_len, hmtx_len, post_len;
    guint8 *head = table_copy(face, "head", 0, &head_len);
    guint8 *hhea = table_copy(face, "hhea", 0, &hhea_len);
    guint8 *hmtx = table_copy(face, "hmtx", 0, &hmtx_len);
    unsigned metrics = hhea_len >= 36 ? sfnt_be16(hhea + 34) : 0;
    if (!has_cff || glyphs == 0 || glyphs > 65535 || head_len < 54 || metrics == 0
        || metrics > glyphs || hmtx_len < 4u * metrics + 2u * (glyphs - metrics)) {
        g_free(head), g_free(hhea), g_free(hmtx);
        hb_face_destroy(face);
        return NULL;
    }
    hb_font_t *hf = hb_font_create(face);
    hb_font_set_scale(hf, (int)upem, (int)upem);
    hb_draw_funcs_t *df = hb_draw_funcs_create();
    hb_draw_funcs_set_move_to_func(df, move_to, NULL, NULL);
    hb_draw_funcs_set_line_to_func(df, line_to, NULL, NULL);
    hb_draw_funcs_set_quadratic_to_func(df, quadratic_to, NULL, NULL);
    hb_draw_funcs_set_cubic_to_func(df, cubic_to, NULL, NULL);
    hb_draw_funcs_set_close_path_func(df, close_path, NULL, NULL);
    hb_draw_funcs_make_immutable(df);

    GByteArray *glyf = g_byte_array_new();
    guint8 *loca = g_malloc(4 * ((size_t)glyphs + 1));
    guint8 *mtx = g_malloc(4 * (size_t)glyphs);
    Outline o = {g_array_new(FALSE, FALSE, sizeof(Point)), g_array_new(FALSE, FALSE,
                                                                       sizeof(guint16)),
                 0, 0, 0, GLYF_TOLERANCE * upem / 1000.0, false, false};
    unsigned max_points = 0, max_contours = 0;
    bool ok = true;
    unsigned last_adv = sfnt_be16(hmtx + 4 * (metrics - 1));
    for (unsigned g = 0; g < glyphs && ok; g++) {
        g_array_set_size(o.pts, 0);
        g_array_set_size(o.ends, 0);
        o.open = o.bad = false;
        hb_font_get_glyph_shape(hf, g, df, &o);
        end_contour(&o);
        sfnt_put32(loca + 4 * g, glyf->len);
        int xmin = 0;
        ok = !o.bad && o.ends->len <= 32767 && write_glyph(glyf, &o, &xmin);
        max_points = MAX(max_points, o.pts->len);
        max_contours = MAX(max_contours, o.ends->len);
        sfnt_put16(mtx + 4 * g, g < metrics ? sfnt_be16(hmtx + 4 * g) : last_adv);
        sfnt_put16(mtx + 4 * g + 2, (unsigned)(uint16_t)(int16_t)xmin);
    }
    sfnt_put32(loca + 4 * (size_t)glyphs, glyf->len);
    g_array_free(o.pts, TRUE);
    g_array_free(o.ends, TRUE);
    hb_draw_funcs_destroy(df);
    hb_font_destroy(hf);
    g_free(hmtx);

    hb_blob_t *out = NULL;
    if (ok) {
        hb_face_t *builder = sfnt_copy_tables(face, replaced, NULL);
        sfnt_put16(head + 50, 1);          /* indexToLocFormat: long offsets */
        sfnt_put16(head + 52, 0);
        add_table(builder, "head", head, head_len);
        head = NULL;
        sfnt_put16(hhea + 34, glyphs);     /* numberOfHMetrics: every glyph */
        add_table(builder, "hhea", hhea, hhea_len);
        hhea = NULL;
        add_table(builder, "hmtx", mtx, 4 * glyphs);
        mtx = NULL;
        guint8 *maxp = g_malloc0(32);      /* version 1.0; no hints, no composites */
        sfnt_put32(maxp, 0x00010000);
        sfnt_put16(maxp + 4, glyphs);
        sfnt_put16(maxp + 6, max_points);
        sfnt_put16(maxp + 8, max_contours);
        sfnt_put16(maxp + 14, 2);          /* maxZones */
        add_table(builder, "maxp", maxp, 32);
        guint8 *post = table_copy(face, "post", 32, &post_len);
        sfnt_put32(post, 0x00030000);      /* format 3: no glyph names */
        add_table(builder, "post", post, 32);
        add_table(builder, "loca", loca, 4 * (glyphs + 1));
        loca = NULL;
        unsigned glyf_len = glyf->len;
        add_table(builder, "glyf", g_byte_array_free(glyf, FALSE), glyf_len);
        glyf = NULL;
        out = hb_face_reference_blob(builder);
        hb_face_destroy(builder);
        if (hb_blob_get_length(out) == 0) {
            hb_blob_destroy(out);
            out = NULL;
        }
    }
    if (glyf)
        g_byte_array_free(glyf, TRUE);
    g_free(loca), g_free(mtx), g_free(head), g_free(hhea);
    hb_face_destroy(face);
    return out;
}
