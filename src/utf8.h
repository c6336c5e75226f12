/*
 * utf8.h: UTF-8 decoding and validation.
 */
#ifndef UTF8_H
#define UTF8_H

#include <stdbool.h>
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

/* Unicode noncharacters: U+FDD0..U+FDEF and the last two code points of
 * every plane (U+FFFE, U+FFFF, U+1FFFE, ... U+10FFFF). Never meant for
 * interchange; cairo refuses them in text, and U+FFFE/U+FFFF are not XML. */
static inline bool
utf8_is_noncharacter(uint32_t cp)
{
    return (cp >= 0xFDD0 && cp <= 0xFDEF) || ((cp & 0xFFFE) == 0xFFFE && cp <= 0x10FFFF);
}

/* C0 and C1 controls and DEL: nothing to draw, no font has them, and XML
 * 1.0 forbids the C0 ones but tab, line feed and carriage return. */
static inline bool
utf8_is_control(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

/* Called for each problem utf8_sanitize() repairs: its line and byte column
 * (1-based) in the input and what was wrong. */
typedef void (*Utf8Problem)(void *ctx, uint32_t line, uint32_t col, const char *what);

/* Copy `in` to a new malloc'd buffer of valid UTF-8: invalid sequences,
 * NUL bytes and noncharacters become U+FFFD, other controls but tab and
 * line feed are removed, a leading BOM is dropped, CRLF and lone CR become
 * LF. *out_len gets the length (the buffer is also NUL-terminated). Each
 * repair is reported through `problem` (may be NULL). */
char *utf8_sanitize(const char *in, size_t len, size_t *out_len, Utf8Problem problem, void *ctx);

/* Repair text that escapes made after utf8_sanitize() (YAML's "\x01" or
 * "\uFFFF", Markdown's &#1; or &#xFFFE;) as utf8_sanitize() repairs the
 * source: noncharacters and bytes that are not UTF-8 become U+FFFD, controls
 * but tab and line feed are removed. The bytes 0xFE and 0xFF, never UTF-8,
 * count as U+FFFE and U+FFFF: cmark-gfm's entity decoder writes those two
 * noncharacters so. Returns NULL when s[0..len) needs no repair; else a new
 * malloc'd, NUL-terminated copy with its length in *out_len, the number of
 * code points changed in *n_fixed and the first of them in *first. */
char *utf8_repair(const char *s, size_t len, size_t *out_len, int *n_fixed, uint32_t *first);

/* Number of code points in s[0..n), counting each invalid byte as one. */
size_t utf8_count(const char *s, size_t n);

/* Where a character first appears: line and column, 1-based, the column
 * in characters (each invalid byte one). */
typedef struct Utf8Place { uint32_t cp, line, col; } Utf8Place;

/* The first place of each character outside ASCII in s[0..len) (a source
 * file as read: CRLF, lone CR and LF end lines, a leading BOM is not
 * counted, an invalid byte is U+FFFD), also as written by a numeric
 * character reference (&#x1F600; &#128512;, at its '&'), sorted by code
 * point, into *out (xmalloc; NULL when there is none). Returns how many. */
size_t utf8_first_places(const char *s, size_t len, Utf8Place **out);

/* The place of cp in places[0..n) (utf8_first_places), or NULL. */
const Utf8Place *utf8_place_of(const Utf8Place *places, size_t n, uint32_t cp);

#endif
