/*
 * post.h: the post-pass over cairo's PDF (post.c): what cairo cannot write.
 */
#ifndef POST_H
#define POST_H

#include <stdio.h>

#include "doc.h"

/* An internal link as drawn: its rectangle on page `page` and the point it
 * leads to (cairo's coordinates: points from the top left; pages from 1).
 * cairo 1.16 drops the destination of a link to a later page: the post-pass
 * writes every internal link's /Dest from these. */
typedef struct LinkFix { int page; double x, y, w, h; int to_page; double to_x, to_y; } LinkFix;

/* A file to attach: its name in the PDF and the bytes that were rendered. */
typedef struct PostSource { const char *name; const char *data; size_t len; } PostSource;

typedef struct PostInput {
    const unsigned char *pdf;              /* cairo's output */
    size_t len;
    bool mapped;                           /* pdf maps a file: pages read may be given
                                            * back to the system (read again if needed) */
    const char *const *alts;               /* alt texts of the Figure elements, in order */
    int n_alts;
    const char *date;                      /* the document date, ISO 8601, or NULL */
    const PostSource *sources;             /* files to attach (--embed-source), or NULL */
    int n_sources;
    const char *const *labels;             /* page labels, one per page (NULL: none) */
    const double *heights;                 /* page heights in points, one per page */
    const double *widths;                  /* and widths (the sheet's, with the offset) */
    double trim_offset;                    /* > 0: the trimmed page sits this far inside
                                            * the sheet: /TrimBox and /BleedBox are set */
    double bleed;                          /* the bleed beyond the trim, points */
    int n_pages;
    const LinkFix *links;
    int n_links;
} PostInput;

/* Rewrite `in` to `out`: the document language (ja) and the figures' alt
 * texts on the structure tree, the page labels, the internal links' /Dest, Info dictionary and metadata, a trailer ID
 * derived from the content (identical bytes for identical input); with
 * --pdfa the PDF/A-2u requirements (XMP metadata, sRGB output intent,
 * printable annotations), PDF/A-3u when sources are attached; the sources
 * as embedded files with AFRelationship Source. Returns ST_IO or ST_ENV
 * (with a message) when cairo's PDF cannot be read or written or the ICC
 * profile is missing. */
Status post_process(Doc *doc, const PostInput *in, FILE *out);

/* The sRGB profile used for PDF/A's output intent (icc-profiles-free). */
#define POST_SRGB_PROFILE "/usr/share/color/icc/sRGB.icc"

#endif
