/*
 * fuzz_parse.c: libFuzzer harness for the parse stage.
 * Input: an optional option header (fuzz_common.h), then a document. Bit 0
 * of the option byte reads it as a slide deck (deck.c) instead of a report.
 * The bytes go through report_parse_buffer / deck_parse_buffer (UTF-8 repair,
 * front matter, cmark-gfm, our tree; the appendix deck when the front
 * matter names the sandbox's deck.md), node_check() again, and the tree
 * dump into /dev/null; then doc_free(). Warnings are off (-q); errors
 * still print, so run the fuzzer with -close_fd_mask=2 to keep stderr quiet
 * (sanitizer reports are still shown).
 */
#include <stdio.h>
#include <stdlib.h>

#include "deck.h"
#include "diag.h"
#include "dump.h"
#include "fuzz_common.h"
#include "node.h"
#include "report.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_setup();                          /* (stdout goes to /dev/null) */
    return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text;
    size_t len;
    unsigned bits = fuzz_split(data, size, &text, &len);
    Settings opt = fuzz_options();
    opt.slides = bits & 1;
    Doc *doc = doc_new(&opt, fuzz_doc_path());
    if (opt.slides)
        deck_parse_buffer(doc, text, len);
    else
        report_parse_buffer(doc, text, len);
    node_check(doc->root);
    dump_tree(doc, stdout);
    diag_finish(doc);
    doc_free(doc);
    return 0;
}
