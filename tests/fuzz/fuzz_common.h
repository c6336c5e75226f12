/*
 * fuzz_common.h: what the libFuzzer harnesses share.
 *
 * An input is a document (front matter + Markdown), optionally preceded by
 * an option header: the byte 0xFF, which never occurs in UTF-8 (so no real
 * document starts with it), then one byte of option bits. The seeds are
 * plain documents; the fuzzer finds the header by itself.
 *
 * Each process gets a sandbox folder under $TMPDIR (or /tmp), removed at
 * exit, that holds the document's neighbours: a small deck (deck.md, for
 * `appendix: deck.md`), a PNG (fig.png) and a file that is not one
 * (bad.png). The document is named SANDBOX/in.md and the sandbox is its
 * root folder, so relative names find those files and nothing else.
 */
#ifndef FUZZ_COMMON_H
#define FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "doc.h"

/* The libFuzzer entry points (declared here for -Wmissing-prototypes). */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The first byte of an option header. */
#define FUZZ_HEADER 0xFF

/* Make the sandbox, send standard output to /dev/null (the PDF written to
 * "-" goes there) and make GLib criticals fatal: a critical is a caller's
 * contract violation (a NULL or out-of-range argument), so it is a finding.
 * Exits with a message when the sandbox cannot be made. */
void fuzz_setup(void);

/* The document's path in the sandbox (static storage). */
const char *fuzz_doc_path(void);

/* Split an input into its option byte (0 when there is no header) and the
 * document bytes. */
unsigned fuzz_split(const uint8_t *data, size_t size, const char **doc, size_t *len);

/* Settings of a quiet run on the sandbox document: no warnings (the
 * document's folder is the root: no files_start). */
Settings fuzz_options(void);

#endif
