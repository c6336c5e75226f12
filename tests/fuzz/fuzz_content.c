/*
 * fuzz_content.c: libFuzzer harness for the page content rewriter
 * (content.c), which reads a content stream as cairo 1.16 writes it and
 * writes it again, smaller. Input: the bytes of a content stream, not
 * compressed (the seeds are pages of content/report.md as cairo wrote
 * them, taken before the post-pass with KUMIHAN_CAIRO_CONTENT=1). Any bytes
 * must give a new stream or NULL; the rewritten stream is read again, which
 * must give a stream (what the rewriter writes it can read).
 */
#include <stdint.h>
#include <stdlib.h>

#include "content.h"

/* The libFuzzer entry point (declared for -Wmissing-prototypes; fuzz_common.h,
 * which declares it for the others, brings the document model this harness
 * does not need). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t n;
    unsigned char *out = content_compact(data, size, &n);
    if (!out)
        return 0;
    size_t n2;
    unsigned char *again = content_compact(out, n, &n2);
    if (!again)
        abort();                           /* its own output refused */
    free(again);
    free(out);
    return 0;
}
