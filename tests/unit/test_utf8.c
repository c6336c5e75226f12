/*
 * test_utf8.c: strict UTF-8 decoding (RFC 3629), encoding, the repair
 * of input text by utf8_sanitize() with its problem reports, and the first
 * place of each character (utf8_first_places).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "utf8.h"

#define U(s) ((const unsigned char *)(s))

/* Decode the whole of s[0..n) (a literal, without its NUL) as one code point. */
static void
check_decode(const char *s, size_t n, uint32_t want_cp, int want_len)
{
    uint32_t cp = 0;
    int len = utf8_decode(U(s), n, &cp);
    assert_int_equal(cp, want_cp);
    assert_int_equal(len, want_len);
}

/* --- decoding --- */

static void
test_decode_valid(void **state)
{
    (void)state;
    check_decode("A", 1, 0x41, 1);
    check_decode("\x00", 1, 0, 1);
    check_decode("\x7F", 1, 0x7F, 1);
    check_decode("\xC2\x80", 2, 0x80, 2);              /* smallest 2-byte */
    check_decode("\xC3\xA9", 2, 0xE9, 2);              /* é */
    check_decode("\xDF\xBF", 2, 0x7FF, 2);
    check_decode("\xE0\xA0\x80", 3, 0x800, 3);         /* smallest 3-byte */
    check_decode("\xE3\x81\x82", 3, 0x3042, 3);        /* あ */
    check_decode("\xED\x9F\xBF", 3, 0xD7FF, 3);        /* just below the surrogates */
    check_decode("\xEE\x80\x80", 3, 0xE000, 3);        /* just above them */
    check_decode("\xEF\xBF\xBD", 3, 0xFFFD, 3);        /* U+FFFD itself is valid */
    check_decode("\xEF\xBF\xBF", 3, 0xFFFF, 3);
    check_decode("\xF0\x90\x80\x80", 4, 0x10000, 4);   /* smallest 4-byte */
    check_decode("\xF0\x9F\x98\x80", 4, 0x1F600, 4);
    check_decode("\xF0\xA0\xAE\xB7", 4, 0x20BB7, 4);   /* 𠮷 */
    check_decode("\xF4\x8F\xBF\xBF", 4, 0x10FFFF, 4);  /* the last code point */
    /* only the first code point of a longer buffer */
    check_decode("\xE3\x81\x82\xE3\x81\x84", 6, 0x3042, 3);
}

static void
test_decode_overlong(void **state)
{
    (void)state;
    check_decode("\xC0\x80", 2, 0xFFFD, 1);            /* NUL, 2 bytes */
    check_decode("\xC0\xAF", 2, 0xFFFD, 1);            /* '/', 2 bytes */
    check_decode("\xC1\xBF", 2, 0xFFFD, 1);
    check_decode("\xE0\x80\x80", 3, 0xFFFD, 1);        /* NUL, 3 bytes */
    check_decode("\xE0\x9F\xBF", 3, 0xFFFD, 1);        /* U+07FF, 3 bytes */
    check_decode("\xF0\x80\x80\x80", 4, 0xFFFD, 1);    /* NUL, 4 bytes */
    check_decode("\xF0\x8F\xBF\xBF", 4, 0xFFFD, 1);    /* U+FFFF, 4 bytes */
}

static void
test_decode_surrogates_and_range(void **state)
{
    (void)state;
    check_decode("\xED\xA0\x80", 3, 0xFFFD, 1);        /* U+D800 */
    check_decode("\xED\xAF\xBF", 3, 0xFFFD, 1);        /* U+DBFF */
    check_decode("\xED\xB0\x80", 3, 0xFFFD, 1);        /* U+DC00 */
    check_decode("\xED\xBF\xBF", 3, 0xFFFD, 1);        /* U+DFFF */
    check_decode("\xF4\x90\x80\x80", 4, 0xFFFD, 1);    /* U+110000 */
    check_decode("\xF5\x80\x80\x80", 4, 0xFFFD, 1);
    check_decode("\xF7\xBF\xBF\xBF", 4, 0xFFFD, 1);
    check_decode("\xF8\x88\x80\x80\x80", 5, 0xFFFD, 1);
    check_decode("\xFE", 1, 0xFFFD, 1);
    check_decode("\xFF", 1, 0xFFFD, 1);
}

static void
test_decode_truncated_and_broken(void **state)
{
    (void)state;
    check_decode("\xC3", 1, 0xFFFD, 1);
    check_decode("\xE3\x81", 2, 0xFFFD, 1);
    check_decode("\xE3", 1, 0xFFFD, 1);
    check_decode("\xF0\x9F\x98", 3, 0xFFFD, 1);
    check_decode("\xF0\x9F", 2, 0xFFFD, 1);
    /* n shorter than the sequence, even if the bytes after are there */
    check_decode("\xE3\x81\x82", 2, 0xFFFD, 1);
    check_decode("\xF0\x9F\x98\x80", 3, 0xFFFD, 1);
    /* a lone continuation byte */
    check_decode("\x80", 1, 0xFFFD, 1);
    check_decode("\xBF", 1, 0xFFFD, 1);
    /* a lead byte followed by a non-continuation */
    check_decode("\xC3\x41", 2, 0xFFFD, 1);
    check_decode("\xE3\x81\x41", 3, 0xFFFD, 1);
    check_decode("\xE3\xC3\xA9", 3, 0xFFFD, 1);
    check_decode("\xF0\x9F\x98\x41", 4, 0xFFFD, 1);
}

/* --- encoding --- */

static void
test_encode_known(void **state)
{
    (void)state;
    char out[4];
    assert_int_equal(utf8_encode(0x41, out), 1);
    assert_memory_equal(out, "A", 1);
    assert_int_equal(utf8_encode(0xE9, out), 2);
    assert_memory_equal(out, "\xC3\xA9", 2);
    assert_int_equal(utf8_encode(0x3042, out), 3);
    assert_memory_equal(out, "\xE3\x81\x82", 3);
    assert_int_equal(utf8_encode(0xFFFD, out), 3);
    assert_memory_equal(out, "\xEF\xBF\xBD", 3);
    assert_int_equal(utf8_encode(0x20BB7, out), 4);
    assert_memory_equal(out, "\xF0\xA0\xAE\xB7", 4);
}

static void
test_encode_decode_round_trip(void **state)
{
    (void)state;
    /* every scalar value, through encode and back */
    for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        char buf[4];
        int n = utf8_encode(cp, buf);
        int want = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
        if (n != want)
            fail_msg("U+%04X: encoded in %d bytes, want %d", (unsigned)cp, n, want);
        uint32_t back;
        int m = utf8_decode(U(buf), (size_t)n, &back);
        if (m != n || back != cp)
            fail_msg("U+%04X: decoded as U+%04X in %d bytes", (unsigned)cp, (unsigned)back, m);
    }
}

/* --- sanitize --- */

typedef struct Problem { uint32_t line, col; char what[80]; } Problem;
typedef struct Problems { Problem p[16]; int n; } Problems;

static void
on_problem(void *ctx, uint32_t line, uint32_t col, const char *what)
{
    Problems *ps = ctx;
    if (ps->n < 16) {
        Problem *p = &ps->p[ps->n];
        p->line = line;
        p->col = col;
        strncpy(p->what, what, sizeof p->what - 1);
        p->what[sizeof p->what - 1] = '\0';
    }
    ps->n++;
}

/* Sanitize the literal `in` (n bytes) and compare with `want` (m bytes). */
static void
check_sanitize(const char *in, size_t n, const char *want, size_t m, Problems *ps)
{
    size_t len = 12345;
    char *out = utf8_sanitize(in, n, &len, on_problem, ps);
    assert_non_null(out);
    assert_int_equal(len, m);
    assert_memory_equal(out, want, m);
    assert_int_equal(out[len], '\0');      /* NUL-terminated as well */
    free(out);
}

#define SANITIZE(in, want, ps) check_sanitize(in, sizeof(in) - 1, want, sizeof(want) - 1, ps)

static void
test_sanitize_valid_unchanged(void **state)
{
    (void)state;
    static const char text[] = "吾輩は猫である。名前はまだ無い。\n"
                               "\tタブ, ASCII ~!@#$%^&*()_+\n"
                               "é 𠮷 \xF0\x9F\x98\x80 \xEF\xBF\xBD \xF4\x8F\xBF\xBD\n";
    /* (U+10FFFD: the last code point that is not a noncharacter) */
    Problems ps = {0};
    SANITIZE(text, text, &ps);
    assert_int_equal(ps.n, 0);

    ps.n = 0;
    check_sanitize("", 0, "", 0, &ps);
    assert_int_equal(ps.n, 0);

    /* a NULL callback is allowed */
    size_t len;
    char *out = utf8_sanitize("a\0b", 3, &len, NULL, NULL);
    assert_int_equal(len, 5);
    assert_memory_equal(out, "a\xEF\xBF\xBD" "b", 5);
    free(out);
}

static void
test_sanitize_bom_and_newlines(void **state)
{
    (void)state;
    Problems ps = {0};
    SANITIZE("\xEF\xBB\xBF" "abc\n", "abc\n", &ps);
    assert_int_equal(ps.n, 0);
    SANITIZE("\xEF\xBB\xBF", "", &ps);
    /* only a leading BOM goes; one inside the text is a character (ZWNBSP) */
    SANITIZE("a\xEF\xBB\xBF" "b", "a\xEF\xBB\xBF" "b", &ps);
    SANITIZE("a\r\nb\r\n", "a\nb\n", &ps);
    SANITIZE("a\rb\rc", "a\nb\nc", &ps);
    SANITIZE("a\r\r\nb\n\rc\r", "a\n\nb\n\nc\n", &ps);
    SANITIZE("\xEF\xBB\xBF" "x\r\ny", "x\ny", &ps);
    assert_int_equal(ps.n, 0);             /* normalisations, not problems */
}

static void
test_sanitize_nul(void **state)
{
    (void)state;
    Problems ps = {0};
    SANITIZE("ab\ncd\0e", "ab\ncd\xEF\xBF\xBD" "e", &ps);
    assert_int_equal(ps.n, 1);
    assert_int_equal(ps.p[0].line, 2);
    assert_int_equal(ps.p[0].col, 3);
    assert_non_null(strstr(ps.p[0].what, "NUL"));

    /* lines counted across CRLF and lone CR; columns restart after each */
    ps.n = 0;
    SANITIZE("\0x\r\ny\0\rzz\0", "\xEF\xBF\xBDx\ny\xEF\xBF\xBD\nzz\xEF\xBF\xBD", &ps);
    assert_int_equal(ps.n, 3);
    assert_int_equal(ps.p[0].line, 1);
    assert_int_equal(ps.p[0].col, 1);
    assert_int_equal(ps.p[1].line, 2);
    assert_int_equal(ps.p[1].col, 2);
    assert_int_equal(ps.p[2].line, 3);
    assert_int_equal(ps.p[2].col, 3);
}

static void
test_sanitize_controls(void **state)
{
    (void)state;
    Problems ps = {0};
    /* C0 controls (but tab and line ends), DEL and C1 controls are removed,
     * each with a warning at its column */
    SANITIZE("a\x01" "b\x7F\tc\xC2\x85" "d\x1B[0m\x0C", "ab\tcd[0m", &ps);
    assert_int_equal(ps.n, 5);
    assert_int_equal(ps.p[0].col, 2);
    assert_non_null(strstr(ps.p[0].what, "U+0001"));
    assert_int_equal(ps.p[1].col, 4);
    assert_non_null(strstr(ps.p[1].what, "U+007F"));
    assert_int_equal(ps.p[2].col, 7);
    assert_non_null(strstr(ps.p[2].what, "U+0085"));
    assert_non_null(strstr(ps.p[3].what, "U+001B"));
    assert_non_null(strstr(ps.p[4].what, "U+000C"));
}

static void
test_sanitize_invalid_bytes(void **state)
{
    (void)state;
    Problems ps = {0};
    /* the column counts bytes of the original line: あ is 3 bytes */
    SANITIZE("x\n\xE3\x81\x82\xFFz", "x\n\xE3\x81\x82\xEF\xBF\xBDz", &ps);
    assert_int_equal(ps.n, 1);
    assert_int_equal(ps.p[0].line, 2);
    assert_int_equal(ps.p[0].col, 4);
    assert_non_null(strstr(ps.p[0].what, "invalid UTF-8"));

    /* an encoded surrogate: each of its bytes is invalid on its own (three
     * U+FFFD), one warning for the run, at its first byte */
    ps.n = 0;
    SANITIZE("a\r\n\r\nb\xED\xA0\x80", "a\n\nb\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD", &ps);
    assert_int_equal(ps.n, 1);
    assert_int_equal(ps.p[0].line, 3);
    assert_int_equal(ps.p[0].col, 2);
    /* two runs apart: two warnings */
    ps.n = 0;
    SANITIZE("\xFF\xFEx\xFF", "\xEF\xBF\xBD\xEF\xBF\xBDx\xEF\xBF\xBD", &ps);
    assert_int_equal(ps.n, 2);
    assert_int_equal(ps.p[1].col, 4);

    /* an overlong NUL is not a way to smuggle in a NUL byte */
    ps.n = 0;
    size_t len;
    char *out = utf8_sanitize("\xC0\x80", 2, &len, on_problem, &ps);
    assert_null(memchr(out, '\0', len));
    assert_int_equal(len, 6);              /* two U+FFFD, one warning */
    assert_int_equal(ps.n, 1);
    assert_int_equal(ps.p[0].col, 1);
    free(out);

    /* a sequence cut off by the end of the input */
    ps.n = 0;
    out = utf8_sanitize("ok\xE3\x81", 4, &len, on_problem, &ps);
    assert_true(ps.n >= 1);
    assert_int_equal(ps.p[0].line, 1);
    assert_int_equal(ps.p[0].col, 3);
    assert_memory_equal(out, "ok\xEF\xBF\xBD", 5);
    free(out);
}

/* Whatever goes in, what comes out is valid UTF-8 without NULs or CRs. */
static void
test_sanitize_output_always_valid(void **state)
{
    (void)state;
    uint32_t seed = 12345;
    for (int round = 0; round < 2000; round++) {
        unsigned char in[64];
        size_t n = (size_t)(round % 64);
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            in[i] = (unsigned char)(seed >> 16);
        }
        size_t len;
        Problems ps = {0};
        char *out = utf8_sanitize((const char *)in, n, &len, on_problem, &ps);
        for (size_t i = 0; i < len;) {
            uint32_t cp;
            int k = utf8_decode(U(out + i), len - i, &cp);
            if (cp == 0xFFFD && k == 1)
                fail_msg("round %d: invalid byte at %zu of the output", round, i);
            if (cp == 0 || cp == '\r')
                fail_msg("round %d: U+%04X left at %zu", round, (unsigned)cp, i);
            i += (size_t)k;
        }
        free(out);
    }
}

static void
test_count(void **state)
{
    (void)state;
    assert_int_equal(utf8_count("", 0), 0);
    assert_int_equal(utf8_count("abc", 3), 3);
    assert_int_equal(utf8_count("吾輩は猫", strlen("吾輩は猫")), 4);
    assert_int_equal(utf8_count("a\xF0\x9F\x98\x80z", 6), 3);
}

/* --- noncharacters, controls, and the repair of decoded text --- */

static void
test_noncharacter_predicate(void **state)
{
    (void)state;
    assert_true(utf8_is_noncharacter(0xFFFE));
    assert_true(utf8_is_noncharacter(0xFFFF));
    assert_true(utf8_is_noncharacter(0xFDD0));
    assert_true(utf8_is_noncharacter(0xFDEF));
    for (uint32_t plane = 1; plane <= 0x10; plane++) {
        assert_true(utf8_is_noncharacter((plane << 16) | 0xFFFE));
        assert_true(utf8_is_noncharacter((plane << 16) | 0xFFFF));
        assert_false(utf8_is_noncharacter((plane << 16) | 0xFFFD));
        assert_false(utf8_is_noncharacter((plane << 16) | 0xFDD0));   /* only in the BMP */
    }
    assert_false(utf8_is_noncharacter(0xFDCF));
    assert_false(utf8_is_noncharacter(0xFDF0));
    assert_false(utf8_is_noncharacter(0xFFFD));
    assert_false(utf8_is_noncharacter(0xFFFC));
    assert_false(utf8_is_noncharacter(0x3042));
    assert_false(utf8_is_noncharacter(0x110000 | 0xFFFE));           /* beyond Unicode */
    int n = 0;
    for (uint32_t cp = 0; cp <= 0x10FFFF; cp++)
        n += utf8_is_noncharacter(cp);
    assert_int_equal(n, 66);                       /* Unicode's count */
}

static void
test_control_predicate(void **state)
{
    (void)state;
    for (uint32_t cp = 0; cp < 0x20; cp++)
        assert_true(utf8_is_control(cp));
    for (uint32_t cp = 0x7F; cp <= 0x9F; cp++)
        assert_true(utf8_is_control(cp));
    assert_false(utf8_is_control(' '));
    assert_false(utf8_is_control('~'));
    assert_false(utf8_is_control(0xA0));
    assert_false(utf8_is_control(0x3000));
}

static void
test_sanitize_noncharacters(void **state)
{
    (void)state;
    Problems ps = {0};
    static const char in[] = "a\xEF\xBF\xBE" "b\xEF\xB7\x90" "c\xF4\x8F\xBF\xBF" "d";
    static const char want[] = "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c\xEF\xBF\xBD" "d";
    check_sanitize(in, sizeof in - 1, want, sizeof want - 1, &ps);
    assert_int_equal(ps.n, 3);
    assert_int_equal(ps.p[0].col, 2);
    assert_int_equal(ps.p[1].col, 6);
    assert_int_equal(ps.p[2].col, 10);
    assert_non_null(strstr(ps.p[0].what, "noncharacter U+FFFE"));
    assert_non_null(strstr(ps.p[1].what, "noncharacter U+FDD0"));
    assert_non_null(strstr(ps.p[2].what, "noncharacter U+10FFFF"));
}

/* utf8_repair of a literal: the result ("" for NULL: nothing to repair). */
static void
check_repair(const char *in, const char *want, int want_fixed, uint32_t want_first)
{
    size_t n = 99;
    int fixed = -1;
    uint32_t first = 0;
    char *out = utf8_repair(in, strlen(in), &n, &fixed, &first);
    if (!want) {
        assert_null(out);
        assert_int_equal(n, 99);                   /* untouched */
        return;
    }
    assert_non_null(out);
    assert_string_equal(out, want);
    assert_int_equal(n, strlen(want));
    assert_int_equal(fixed, want_fixed);
    assert_int_equal(first, want_first);
    free(out);
}

static void
test_repair(void **state)
{
    (void)state;
    check_repair("", NULL, 0, 0);
    check_repair("plain \xE3\x81\x82 text\twith\nlines \xEF\xBF\xBD", NULL, 0, 0);
    check_repair("a\x01" "b", "ab", 1, 0x01);
    check_repair("a\x1B[31mb\x7F", "a[31mb", 2, 0x1B);
    check_repair("a\r\nb", "a\nb", 1, '\r');                /* only tab and LF stay */
    check_repair("x\xC2\x85y", "xy", 1, 0x85);               /* C1 NEL */
    check_repair("x\xEF\xBF\xBEy", "x\xEF\xBF\xBDy", 1, 0xFFFE);
    check_repair("\xF0\x9F\xBF\xBF", "\xEF\xBF\xBD", 1, 0x1FFFF);   /* 4 bytes to 3 */
    check_repair("\xEF\xB7\xAF\x02", "\xEF\xBF\xBD", 2, 0xFDEF);
    /* cmark-gfm writes &#xFFFE; and &#xFFFF; as the bytes FE and FF */
    check_repair("a\xFE" "b\xFF", "a\xEF\xBF\xBD" "b\xEF\xBF\xBD", 2, 0xFFFE);
    /* any other bad byte: U+FFFD, the text grows */
    check_repair("\x80\x80", "\xEF\xBF\xBD\xEF\xBF\xBD", 2, 0xFFFD);
}

/* --- first places --- */

/* The place utf8_first_places gives cp in s, as "line:col", or "none". */
static const char *
place(const char *s, uint32_t cp)
{
    static char buf[32];
    Utf8Place *p;
    size_t n = utf8_first_places(s, strlen(s), &p);
    for (size_t i = 1; i < n; i++)
        assert_true(p[i - 1].cp < p[i].cp);            /* sorted, each once */
    const Utf8Place *at = utf8_place_of(p, n, cp);
    if (at)
        snprintf(buf, sizeof buf, "%u:%u", (unsigned)at->line, (unsigned)at->col);
    else
        snprintf(buf, sizeof buf, "none");
    free(p);
    return buf;
}

static void
test_first_places(void **state)
{
    (void)state;
    /* columns count characters, not bytes: 日本語 is 9 bytes, 3 columns */
    assert_string_equal(place("日本語\xEE\x80\x80", 0xE000), "1:4");
    /* the first of two, on a later line; ASCII is never listed */
    assert_string_equal(place("ab\ncd 😀 x 😀", 0x1F600), "2:4");
    assert_string_equal(place("abc", 'b'), "none");
    /* CRLF and a lone CR end lines as LF does; a BOM is not a column */
    assert_string_equal(place("\xEF\xBB\xBFx\r\ny\rz\xC3\xA9", 0xE9), "3:2");
    /* an invalid byte is one column (U+FFFD) */
    assert_string_equal(place("\xFF\xFE" "a\xE2\x98\x85", 0x2605), "1:4");
    assert_string_equal(place("\xFF", 0xFFFD), "1:1");
    /* a numeric character reference counts at its '&' */
    assert_string_equal(place("ab &#xE001; &#57346;", 0xE001), "1:4");
    assert_string_equal(place("ab &#xE001; &#57346;", 0xE002), "1:13");
    assert_string_equal(place("&#x41; &#xZZ; &#x110000; &#1", 0x41), "none");
    /* a character given both ways: the earlier place */
    assert_string_equal(place("&#x2605; ★", 0x2605), "1:1");
    Utf8Place *p = (Utf8Place *)1;
    assert_int_equal(utf8_first_places("plain", 5, &p), 0);
    assert_null(p);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decode_valid),
        cmocka_unit_test(test_decode_overlong),
        cmocka_unit_test(test_decode_surrogates_and_range),
        cmocka_unit_test(test_decode_truncated_and_broken),
        cmocka_unit_test(test_encode_known),
        cmocka_unit_test(test_encode_decode_round_trip),
        cmocka_unit_test(test_sanitize_valid_unchanged),
        cmocka_unit_test(test_sanitize_controls),
        cmocka_unit_test(test_sanitize_bom_and_newlines),
        cmocka_unit_test(test_sanitize_nul),
        cmocka_unit_test(test_sanitize_invalid_bytes),
        cmocka_unit_test(test_sanitize_output_always_valid),
        cmocka_unit_test(test_count),
        cmocka_unit_test(test_noncharacter_predicate),
        cmocka_unit_test(test_control_predicate),
        cmocka_unit_test(test_sanitize_noncharacters),
        cmocka_unit_test(test_repair),
        cmocka_unit_test(test_first_places),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
