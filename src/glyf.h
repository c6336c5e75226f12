/*
 * glyf.h: TrueType outlines for a font with CFF ones (the vertical copies of
 * subset.c; why, in glyf.c).
 */
#ifndef GLYF_H
#define GLYF_H

#include <hb.h>

/* The largest distance, in thousandths of an em, between a CFF curve and the
 * quadratic splines that replace it (before the points are rounded to font
 * units, at most 0.71 unit more). */
#define GLYF_TOLERANCE 1.0

/* A copy of the sfnt `font` whose CFF outlines are TrueType ones: 'glyf'
 * and 'loca' for 'CFF ' (and 'VORG'), with 'head', 'maxp', 'post', 'hhea'
 * and 'hmtx' to match (each glyph's left side bearing its new xMin, the
 * advances kept). NULL when `font` has no CFF table or a glyph cannot be
 * written. HarfBuzz only: safe on any thread. */
hb_blob_t *glyf_from_cff(hb_blob_t *font);

/* Cuts the cubic (x[0],y[0]) .. (x[3],y[3]) into the fewest equal pieces each
 * within `tol` of one quadratic; returns their number, at most `max`, and
 * the quadratics' control points in qx/qy and ends in ex/ey (the last end is
 * the cubic's). Exposed for the unit test. */
int glyf_cubic_to_quads(const double x[4], const double y[4], double tol, int max, double *qx,
                        double *qy, double *ex, double *ey);

#endif
