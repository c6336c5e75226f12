/*
 * fuzz_post.c: libFuzzer harness for the post-pass (post.c), which reads
 * the PDF cairo wrote and writes it again with what cairo cannot write.
 * Input: a PDF as cairo 1.16 writes it (the seeds are cairo's own output
 * for three small documents, taken before the post-pass), optionally
 * preceded by the option header of fuzz_common.h: bit 0 asks for PDF/A
 * (output intent, printable annotations), bit 1 attaches the sandbox deck
 * as a source. The pass gets two pages' worth of labels, sizes, alt texts
 * and internal links whatever the input holds, so that the edits run on
 * what it finds; it must return ST_OK or ST_IO, and write to /dev/null.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "fuzz_common.h"
#include "post.h"

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
    const char *pdf;
    size_t len;
    unsigned bits = fuzz_split(data, size, &pdf, &len);
    Settings opt = fuzz_options();
    opt.pdfa = bits & 1;
    Doc *doc = doc_new(&opt, fuzz_doc_path());
    doc->meta.title = "題";
    static const char *const alts[] = {"図", "(a) figure"};
    static const char *const labels[] = {"i", "2"};
    static const double heights[] = {841.89, 595.28}, widths[] = {595.28, 841.89};
    static const LinkFix links[] = {{1, 72, 89, 21, 11, 2, 100, 200},
                                    {2, 72, 89, 21, 11, 1, 10, 20}};
    char deck[4096];
    snprintf(deck, sizeof deck, "%s", fuzz_doc_path());
    char *slash = strrchr(deck, '/');
    if (slash)
        snprintf(slash + 1, sizeof deck - (size_t)(slash + 1 - deck), "deck.md");
    static const char md[] = "---\ntitle: 題\n---\n\n# スライド\n";
    const PostSource sources[] = {{deck, md, sizeof md - 1}};
    PostInput in = {.pdf = (const unsigned char *)pdf, .len = len, .alts = alts, .n_alts = 2,
                    .date = "2009-11-30T00:00:00Z", .sources = sources,
                    .n_sources = (bits & 2) ? 1 : 0, .labels = labels, .heights = heights,
                    .widths = widths, .trim_offset = 8.5, .bleed = 3, .n_pages = 2,
                    .links = links, .n_links = 2};
    Status st = post_process(doc, &in, stdout);
    if (st != ST_OK && st != ST_IO)
        abort();                           /* only those two, for any input */
    doc_free(doc);
    return 0;
}
