/*
 * utf8.h: UTF-8 decoding and validation.
 */
#ifndef UTF8_H
#define UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decode one code point at s[0..n). Returns its length (1-4) and stores the
 * code point in *cp; an invalid or truncated sequence, an encoded surrogate
 * or an overlong form returns 1 with *cp = 0xFFFD. n must be >= 1. */
int utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

/* The length of the sequence that valid UTF-8 starts with lead byte c. */
static inline int
utf8_lead_len(unsigned char c)
{
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* Encode cp into out (4 bytes room); returns the length. */
int utf8_encode(uint32_t cp, char *out);

/* Called for each problem utf8_sanitize() repairs: its line and byte column
 * (1-based) in the input and what was wrong. */
typedef void (*Utf8Problem)(void *ctx, uint32_t line, uint32_t col, const char *what);

/* Copy `in` to a new malloc'd buffer of valid UTF-8: invalid sequences and
 * NUL bytes become U+FFFD, a leading BOM is dropped, CRLF and lone CR become
 * LF. *out_len gets the length (the buffer is also NUL-terminated). Each
 * repair is reported through `problem` (may be NULL). */
char *utf8_sanitize(const char *in, size_t len, size_t *out_len, Utf8Problem problem, void *ctx);

/* Number of code points in s[0..n), counting each invalid byte as one. */
size_t utf8_count(const char *s, size_t n);

#endif
