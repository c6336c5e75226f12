/*
 * utf8.c: strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing
 * above U+10FFFF. Repairs are reported, never silent.
 */
#include "utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "i18n.h"

int
utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    int len;
    uint32_t min, v;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2; min = 0x80; v = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3; min = 0x800; v = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4; min = 0x10000; v = c & 0x07;
    } else {
        *cp = 0xFFFD;
        return 1;
    }
    if ((size_t)len > n) {
        *cp = 0xFFFD;
        return 1;
    }
    for (int i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 1;
        }
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
        *cp = 0xFFFD;
        return 1;
    }
    *cp = v;
    return len;
}

int
utf8_encode(uint32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

char *
utf8_sanitize(const char *in, size_t len, size_t *out_len, Utf8Problem problem, void *ctx)
{
    const unsigned char *s = (const unsigned char *)in;
    /* Worst case: every byte becomes U+FFFD (3 bytes). */
    char *out = xmalloc(len * 3 + 1);
    size_t o = 0, i = 0, line_start = 0, bad_end = (size_t)-1;
    uint32_t line = 1;
    if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
        i = 3;
    while (i < len) {
        unsigned c = s[i];
        if (c >= 0x20 && c < 0x7F) {       /* the common case */
            out[o++] = (char)c;
            i++;
            continue;
        }
        if (c == '\r' || c == '\n') {
            out[o++] = '\n';
            i += (c == '\r' && i + 1 < len && s[i + 1] == '\n') ? 2 : 1;
            line++;
            line_start = i;
            continue;
        }
        if (c == 0) {
            if (problem)
                problem(ctx, line, (uint32_t)(i - line_start + 1),
                        _("NUL byte replaced by U+FFFD"));
            o += (size_t)utf8_encode(0xFFFD, out + o);
            i++;
            continue;
        }
        if (c == '\t') {
            out[o++] = (char)c;
            i++;
            continue;
        }
        uint32_t cp;
        int n = c < 0x80 ? 1 : utf8_decode(s + i, len - i, &cp);
        if (c < 0x80)
            cp = c;
        if (utf8_is_control(cp)) {
            /* C0 and C1 controls and DEL: nothing to draw, and no font has them */
            if (problem) {
                char msg[160];
                snprintf(msg, sizeof msg, _("control character U+%04X removed"), (unsigned)cp);
                problem(ctx, line, (uint32_t)(i - line_start + 1), msg);
            }
            i += (size_t)n;
            continue;
        }
        if (utf8_is_noncharacter(cp)) {
            /* valid UTF-8, but not text: U+FFFD, as for a bad byte */
            if (problem) {
                char msg[160];
                snprintf(msg, sizeof msg, _("noncharacter U+%04X replaced by U+FFFD"),
                         (unsigned)cp);
                problem(ctx, line, (uint32_t)(i - line_start + 1), msg);
            }
            o += (size_t)utf8_encode(0xFFFD, out + o);
            i += (size_t)n;
            continue;
        }
        if (cp == 0xFFFD && n == 1) {
            /* one warning for a run of bad bytes (an encoded surrogate is three) */
            if (problem && bad_end != i)
                problem(ctx, line, (uint32_t)(i - line_start + 1),
                        _("invalid UTF-8 replaced by U+FFFD"));
            o += (size_t)utf8_encode(0xFFFD, out + o);
            i++;
            bad_end = i;
            continue;
        }
        memcpy(out + o, s + i, (size_t)n);
        o += (size_t)n;
        i += (size_t)n;
    }
    out[o] = '\0';
    *out_len = o;
    return out;
}

/* The code point at s[0..n) as utf8_repair() reads it: *cp, and its length. */
static int
repair_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    int k = utf8_decode(s, n, cp);
    if (k == 1 && *cp == 0xFFFD && s[0] >= 0xFE)
        *cp = 0xFF00 | s[0];               /* cmark-gfm's U+FFFE, U+FFFF */
    return k;
}

/* Is the code point at s[0..n), of length k, one utf8_repair() changes? */
static bool
needs_repair(const unsigned char *s, uint32_t cp, int k)
{
    return (utf8_is_control(cp) && cp != '\t' && cp != '\n') || utf8_is_noncharacter(cp)
           || (cp == 0xFFFD && k == 1 && s[0] >= 0x80);
}

char *
utf8_repair(const char *s, size_t len, size_t *out_len, int *n_fixed, uint32_t *first)
{
    const unsigned char *in = (const unsigned char *)s;
    size_t i = 0;
    uint32_t cp = 0;
    int k = 0;
    for (; i < len; i += (size_t)k) {
        k = repair_decode(in + i, len - i, &cp);
        if (needs_repair(in + i, cp, k))
            break;
    }
    if (i == len)
        return NULL;                       /* the common case: nothing to copy */
    char *out = xmalloc(len * 3 + 1);      /* each bad byte may become U+FFFD */
    memcpy(out, s, i);
    size_t o = i;
    int fixed = 0;
    for (; i < len; i += (size_t)k) {
        k = repair_decode(in + i, len - i, &cp);
        if (!needs_repair(in + i, cp, k)) {
            memcpy(out + o, in + i, (size_t)k);
            o += (size_t)k;
            continue;
        }
        if (!fixed++)
            *first = cp;
        if (!utf8_is_control(cp))          /* a noncharacter or a bad byte */
            o += (size_t)utf8_encode(0xFFFD, out + o);
    }
    out[o] = '\0';
    *out_len = o;
    *n_fixed = fixed;
    return out;
}

size_t
utf8_count(const char *s, size_t n)
{
    size_t count = 0;
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n; i++)
        if ((p[i] & 0xC0) != 0x80)
            count++;
    return count;
}

/* A numeric character reference at s[0..n) ("&#x1F600;", "&#128512;"):
 * the code point it names, or 0. */
static uint32_t
char_ref(const unsigned char *s, size_t n)
{
    if (n < 4 || s[0] != '&' || s[1] != '#')
        return 0;
    bool hex = s[2] == 'x' || s[2] == 'X';
    uint32_t v = 0;
    size_t i = hex ? 3 : 2, start = i;
    for (; i < n && i < start + 8; i++) {
        unsigned c = s[i], d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f')
            d = (c | 0x20) - 'a' + 10;
        else
            break;
        v = v * (hex ? 16 : 10) + d;
    }
    return i > start && i < n && s[i] == ';' && v >= 0x80 && v <= 0x10FFFF ? v : 0;
}

static int
by_cp(const void *a, const void *b)
{
    uint32_t x = ((const Utf8Place *)a)->cp, y = ((const Utf8Place *)b)->cp;
    return (x > y) - (x < y);
}

size_t
utf8_first_places(const char *in, size_t len, Utf8Place **out)
{
    const unsigned char *s = (const unsigned char *)in;
    uint8_t *seen = NULL;                  /* a bit per code point, made at the first */
    Utf8Place *places = NULL;
    size_t n = 0, cap = 0, i = 0;
    uint32_t line = 1, col = 1;
    if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
        i = 3;
    while (i < len) {
        unsigned c = s[i];
        if (c == '\r' || c == '\n') {
            i += (c == '\r' && i + 1 < len && s[i + 1] == '\n') ? 2 : 1;
            line++;
            col = 1;
            continue;
        }
        uint32_t cp = c;
        int k = 1;
        if (c >= 0x80)
            k = utf8_decode(s + i, len - i, &cp);
        else if (c == '&')
            cp = char_ref(s + i, len - i);
        if (cp >= 0x80) {
            if (!seen)
                seen = xcalloc(0x110000 / 8, 1);
            if (!(seen[cp >> 3] & (1u << (cp & 7)))) {
                seen[cp >> 3] |= (uint8_t)(1u << (cp & 7));
                if (n == cap) {
                    cap = cap ? cap * 2 : 64;
                    places = xrealloc(places, cap * sizeof *places);
                }
                places[n++] = (Utf8Place){cp, line, col};
            }
        }
        i += (size_t)k;
        col++;
    }
    free(seen);
    if (n)
        qsort(places, n, sizeof *places, by_cp);
    *out = places;
    return n;
}

const Utf8Place *
utf8_place_of(const Utf8Place *places, size_t n, uint32_t cp)
{
    Utf8Place key = {cp, 0, 0};
    return n ? bsearch(&key, places, n, sizeof *places, by_cp) : NULL;
}
