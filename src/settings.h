/*
 * settings.h: what the command line sets for the stages (paper, dates,
 * composition, slides, archive, print). Built by main.c; read through
 * doc->opt. What only runs the stages (input and output paths, --dump,
 * --watch) is pipeline.h's Run, which no stage sees.
 */
#ifndef SETTINGS_H
#define SETTINGS_H

#include <stdbool.h>

typedef struct Settings {
    const char *paper;                     /* --paper: A4 B5 ... (style.c's papers) */
    const char *date;                      /* --date, or NULL */
    bool has_epoch;                        /* SOURCE_DATE_EPOCH was set (checked by main) */
    long long epoch;                       /* its seconds, 0..PARSE_EPOCH_MAX */
    const char *fonts_dir;                 /* --fonts, or NULL = the project's */
    int verbose;
    bool quiet;
    bool strict;                           /* --strict: every warning is an error */
    bool diag_json;                        /* --diagnostics json: a JSON object a line */
    bool keep_items;                       /* --dump items: inline.c keeps each block's
                                            * items for dump_items */
    int line_break;                        /* JpLevel: 0 strict, 1 normal, 2 loose */
    bool hanging;                          /* hang 、。，． at line ends */
    bool vertical;                         /* --vertical: 縦組 */
    bool bracket_half;                     /* keep half an em before a line-start bracket */
    bool slides;                           /* --slides: the input is a deck */
    int handout;                           /* --handout N: 0 or slides per sheet */
    bool notes;                            /* --notes: slides above their notes */
    bool appendix_full;                    /* --appendix-layout full */
    bool pdfa;                             /* --pdfa: PDF/A-2u (3u with attachments) */
    bool embed_source;                     /* --embed-source: attach the Markdown */
    const char *root;                      /* --root: files read stay inside (NULL: the
                                            * input's folder) */
    const char *format;                    /* --format pdf|png|svg (NULL: pdf) */
    int dpi;                               /* --dpi for png (0: 150) */
    int page_first, page_last;             /* --pages A-B, 1-based (0: open end) */
    bool crop_marks;                       /* --crop-marks: トンボ outside the bleed */
    bool booklet;                          /* --booklet: saddle-stitch imposition */
    double bleed_mm;                       /* --bleed MM (3 with --crop-marks alone) */
} Settings;

#endif
