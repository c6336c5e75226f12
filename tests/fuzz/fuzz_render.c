/*
 * fuzz_render.c: libFuzzer harness for the whole engine after parsing:
 * style, Japanese line composition, blocks, tables, pagination, slides,
 * imposition, the page dump, and the PDF (cairo, subset fonts, the
 * post-pass) written to "-", which fuzz_setup() sends to /dev/null.
 *
 * Input: an optional option header (fuzz_common.h), then a document, set on
 * A5 (a small paper; the front matter may set another). Bits of the option byte:
 *   0-1  0 report, 1 --slides, 2 --handout N, 3 --notes
 *   2-4  --handout N: 1 2 3 4 6 9 by (bits >> 2) % 6
 *   2-3  --line-break: strict, normal, loose (3 = strict)
 *   4    --hanging-punctuation      5  --line-start-bracket half
 *   6    --appendix-layout full     7  --pdfa
 * The stages after parsing are pipeline_layout()'s, the command line's own;
 * as there, a document with content errors is laid out but no PDF is
 * written.
 *
 * The fonts are opened once, in LLVMFuzzerInitialize, and shared by every
 * input (pipeline_run() opens and frees them per run, which would cost more
 * than most inputs).
 */
#include <stdio.h>
#include <stdlib.h>

#include "deck.h"
#include "diag.h"
#include "dump.h"
#include "fonts.h"
#include "fuzz_common.h"
#include "pdf.h"
#include "pipeline.h"
#include "report.h"

static Fonts *fonts;
/* At exit, before LeakSanitizer looks: the caches of a live font map hold
 * fontconfig patterns, whose parts fontconfig links by offsets that the leak
 * checker cannot follow, so they would show as leaks. */
static void
close_fonts(void)
{
    fonts_free(fonts);
    fonts = NULL;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_setup();                          /* (stdout goes to /dev/null) */
    if (fonts_open(NULL, &fonts) != ST_OK)
        exit(1);                           /* fonts_open said why */
    atexit(close_fonts);
    return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int per_sheet[] = {1, 2, 3, 4, 6, 9};
    const char *text;
    size_t len;
    unsigned bits = fuzz_split(data, size, &text, &len);
    Settings opt = fuzz_options();
    unsigned mode = bits & 3;
    opt.slides = mode == 1;
    opt.handout = mode == 2 ? per_sheet[(bits >> 2) % 6] : 0;
    opt.notes = mode == 3;
    opt.line_break = (int)((bits >> 2) & 3) % 3;
    opt.hanging = bits & 0x10;
    opt.bracket_half = bits & 0x20;
    opt.appendix_full = bits & 0x40;
    opt.pdfa = bits & 0x80;
    bool deck = mode != 0;

    Doc *doc = doc_new(&opt, fuzz_doc_path());
    if (deck)
        deck_parse_buffer(doc, text, len);
    else
        report_parse_buffer(doc, text, len);
    Doc *out = pipeline_layout(doc, fonts);
    dump_pages(out, stdout);
    if (pipeline_errors(doc) == 0 && pdf_write_file(out, "-") != ST_OK) {
        /* writing to /dev/null cannot fail: cairo or the post-pass rejected the PDF */
        fprintf(stderr, "fuzz_render: the PDF could not be written\n");
        abort();
    }
    diag_finish(doc);
    if (out != doc)
        doc_free(out);
    doc_free(doc);
    return 0;
}
