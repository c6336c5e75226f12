/*
 * test_pdflex.c: the PDF lexer shared by the post-pass and the content
 * rewriter (pdflex.c):
 *   - every kind of token, with its bytes, over white space of every kind
 *     (NUL included), and what is left after it;
 *   - literal strings balanced through nesting and escapes (an escaped
 *     parenthesis, an escape as the last byte); hexadecimal strings with
 *     white space inside, and refused with another character;
 *   - what is refused (ERROR, the place kept): ) { } a lone >, an unended
 *     string of either kind;
 *   - a comment runs to the end of its line, CR or LF;
 *   - a copy of the lexer looks ahead without moving the original;
 *   - numbers: sign, point, digits; not two points, not a sign alone, not
 *     an exponent.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "pdflex.h"

static PdfLex
lexer(const char *s)
{
    return (PdfLex){(const unsigned char *)s, (const unsigned char *)s + strlen(s)};
}

/* The next token is of kind k with the text `text`. */
static void
expect(PdfLex *l, PdfTokKind k, const char *text)
{
    PdfTok t;
    assert_int_equal(pdflex_next(l, &t), k);
    assert_int_equal(t.kind, k);
    assert_int_equal(t.len, strlen(text));
    assert_memory_equal(t.s, text, t.len);
}

static void
test_kinds(void **state)
{
    (void)state;
    static const char src[] = "<</Type/Page/Kids[3 0 R]>>\t(a (b) \\) c)\r\n<0A b1>\f"
                              "-1.5 true/ BT%note\r12 obj";
    PdfLex l = {(const unsigned char *)src, (const unsigned char *)src + sizeof src - 1};
    expect(&l, PDFTOK_DICT_OPEN, "<<");
    expect(&l, PDFTOK_NAME, "/Type");
    expect(&l, PDFTOK_NAME, "/Page");
    expect(&l, PDFTOK_NAME, "/Kids");
    expect(&l, PDFTOK_ARRAY_OPEN, "[");
    expect(&l, PDFTOK_WORD, "3");
    expect(&l, PDFTOK_WORD, "0");
    expect(&l, PDFTOK_WORD, "R");
    expect(&l, PDFTOK_ARRAY_CLOSE, "]");
    expect(&l, PDFTOK_DICT_CLOSE, ">>");
    expect(&l, PDFTOK_STRING, "(a (b) \\) c)");
    expect(&l, PDFTOK_HEX, "<0A b1>");
    expect(&l, PDFTOK_WORD, "-1.5");
    expect(&l, PDFTOK_WORD, "true");
    expect(&l, PDFTOK_NAME, "/");
    expect(&l, PDFTOK_WORD, "BT");
    expect(&l, PDFTOK_COMMENT, "%note");
    expect(&l, PDFTOK_WORD, "12");
    expect(&l, PDFTOK_WORD, "obj");
    expect(&l, PDFTOK_END, "");
    expect(&l, PDFTOK_END, "");
    /* NUL is white space */
    static const char nul[] = "a\0b";
    l = (PdfLex){(const unsigned char *)nul, (const unsigned char *)nul + 3};
    expect(&l, PDFTOK_WORD, "a");
    expect(&l, PDFTOK_WORD, "b");
    /* the lexer stops right after a token: a stream's data follows "stream" */
    l = lexer("stream\nDATA");
    expect(&l, PDFTOK_WORD, "stream");
    assert_int_equal(*l.p, '\n');
}

static void
test_refused(void **state)
{
    (void)state;
    static const char *const bad[] = {")", "{", "}", "> a", "(open", "(a\\)", "(\\", "<0A",
                                      "<0G>", "<<0A"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        PdfLex l = lexer(bad[i]);
        PdfTok t;
        PdfTokKind k = pdflex_next(&l, &t);
        if (i == sizeof bad / sizeof bad[0] - 1) {   /* "<<" then "0A": no error */
            assert_int_equal(k, PDFTOK_DICT_OPEN);
            continue;
        }
        assert_int_equal(k, PDFTOK_ERROR);
        assert_ptr_equal(l.p, (const unsigned char *)bad[i]);   /* the place kept */
        assert_ptr_equal(t.s, (const unsigned char *)bad[i]);
    }
    PdfLex l = lexer("  ");
    PdfTok t;
    assert_int_equal(pdflex_next(&l, &t), PDFTOK_END);
    assert_ptr_equal(l.p, l.end);
}

static void
test_look_ahead(void **state)
{
    (void)state;
    PdfLex l = lexer("5 0 R 6");
    PdfLex ahead = l;
    expect(&ahead, PDFTOK_WORD, "5");
    expect(&ahead, PDFTOK_WORD, "0");
    expect(&l, PDFTOK_WORD, "5");          /* the original has not moved */
    /* a comment ends at CR as at LF */
    l = lexer("%a\rb%c\nd");
    expect(&l, PDFTOK_COMMENT, "%a");
    expect(&l, PDFTOK_WORD, "b");
    expect(&l, PDFTOK_COMMENT, "%c");
    expect(&l, PDFTOK_WORD, "d");
}

static void
test_numbers(void **state)
{
    (void)state;
    static const struct { const char *s; bool ok; double v; } cases[] = {
        {"0", true, 0},       {"-1.5", true, -1.5}, {"+.25", true, 0.25}, {"12.", true, 12},
        {"841.89", true, 841.89}, {"-", false, 0}, {".", false, 0},      {"1.2.3", false, 0},
        {"1e5", false, 0},    {"", false, 0},       {"R", false, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double v = -99;
        bool ok = pdflex_number((const unsigned char *)cases[i].s, strlen(cases[i].s), &v);
        assert_int_equal(ok, cases[i].ok);
        if (ok)
            assert_true(v > cases[i].v - 1e-9 && v < cases[i].v + 1e-9);
    }
    assert_true(pdflex_is_space(0) && pdflex_is_space('\f') && !pdflex_is_space('a'));
    assert_true(pdflex_is_regular('a') && !pdflex_is_regular('/') && !pdflex_is_regular(' '));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kinds),
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_look_ahead),
        cmocka_unit_test(test_numbers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
