/*
 * test_content.c: the page content rewriter (content.c) on streams written
 * here the way cairo 1.16 writes them (one text object with its own Tm and
 * Tf per marked-content sequence, hexadecimal glyph strings), and on broken
 * ones:
 *   - cairo's marked-content sequences become one text object: the marks
 *     inside it, the second position a Td, the repeated font gone;
 *   - a sequence that also holds a path keeps its text object inside it,
 *     and no text object is joined across the path;
 *   - text matrices: relative (Td) along a joined object, from the position
 *     as written (3 decimals), absolute again where the scale changes or
 *     the matrix is skewed, cairo's own Td counted;
 *   - an identity Tm where a dropped BT reset the matrix and no Tm follows,
 *     and none where a Tm follows, even one too far to be rewritten;
 *   - repeated state operators go, through q/Q; not after a Q without q,
 *     cs/sc (fill) or CS/SC (stroke), nor after " (word and character
 *     spacing) or TD (leading), nor a line width after gs (which sets no
 *     colour); dash arrays compared by token;
 *   - inside a text object, the fill colour in force (a page starts in
 *     black) is set again before a mark that follows text, so that MuPDF,
 *     which holds glyphs until ET or a colour change, sees them in their
 *     marked content;
 *   - spacing: one operator a line (a path's construction and painting on
 *     one), a space only between regular characters, and after an empty
 *     name (/);
 *   - hexadecimal strings as literal strings: the escapes, an odd digit
 *     count, white space between the digits;
 *   - what is refused (NULL): inline images, comments, compatibility
 *     sections, unbalanced arrays and dictionaries, unclosed strings, bad
 *     hex digits, operands without an operator, long operator words; empty
 *     input is an empty stream;
 *   - with a text clip (Tr 4-7, or not a number) nothing is joined;
 *   - what is drawn is the same: an interpreter written here, sharing
 *     nothing with content.c, lists every string shown (font, size,
 *     colours, text line matrix, marked content, bytes, TJ numbers) and
 *     every other operator with the graphics state; the input and the
 *     output give the same list (positions within 0.001). The interpreter
 *     is tested first: it sees each kind of change;
 *   - every truncation of a page and 14 bytes put at every offset give NULL
 *     or a stream, never a crash or an overread (the sanitizer build runs
 *     this too), and the stream draws the same wherever the interpreter
 *     reads the broken input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "content.h"

/* content_compact on a copy of exactly n bytes (so the sanitizer build sees
 * a read past the end); the result NUL-terminated, or NULL. */
static char *
compact_n(const void *s, size_t n, size_t *out_n)
{
    unsigned char *in = malloc(n ? n : 1);
    memcpy(in, s, n);
    size_t len = 0;
    unsigned char *out = content_compact(in, n, &len);
    free(in);
    if (!out)
        return NULL;
    char *res = malloc(len + 1);
    memcpy(res, out, len);
    res[len] = '\0';
    free(out);
    if (out_n)
        *out_n = len;
    return res;
}

static char *
compact(const char *s)
{
    return compact_n(s, strlen(s), NULL);
}

/* `in` is written again as exactly `want`. */
static void
assert_compacts(const char *in, const char *want)
{
    char *out = compact(in);
    if (!out)
        fail_msg("refused: %s", in);
    assert_string_equal(out, want);
    free(out);
}

static void
assert_refused(const char *in)
{
    char *out = compact(in);
    if (out)
        fail_msg("not refused: \"%s\" gave \"%s\"", in, out);
}

/* Two marked-content sequences as cairo writes them: one text object, one
 * font and one absolute matrix each. */
static const char two_marks[] =
    "/P <</MCID 0>> BDC BT 10 0 0 -10 72 100 Tm /f-0-0 1 Tf <4142> Tj ET EMC "
    "/P <</MCID 1>> BDC 0 0 0 rg BT 10 0 0 -10 82 117 Tm /f-0-0 1 Tf <4344> Tj ET EMC";

/* A chain of positions: a first one with more decimals than kept, a line
 * below it, a larger size, the first size again with cairo's own Td after
 * the string, and a position relative to where that Td went. */
static const char matrices[] =
    "BT 10 0 0 -10 72.637695 100 Tm /f-0-0 1 Tf (a) Tj ET "
    "BT 10 0 0 -10 82.6376 110 Tm (b) Tj ET "
    "BT 12 0 0 -12 90 120 Tm (c) Tj ET "
    "BT 10 0 0 -10 100 130 Tm (d) Tj 2 0 Td (e) Tj ET "
    "BT 10 0 0 -10 130 130 Tm (f) Tj ET";

/* A page as cairo writes it (from content/report.md: a heading, list
 * items with Td lines, a label and its body, rules, links, a figure frame
 * inside q/Q), 1.7 KB. */
static const char page[] =
    "1 0 0 -1 0 841.889648 cm\n"
    "q\n"
    "1 1 1 rg /a0 gs\n"
    "0 0 595.277 841.891 re f\n"
    "/H1 << /MCID 0 >> BDC\n"
    "0 0 0 rg BT\n"
    "20 0 0 -20 126.986328 105.543945 Tm\n"
    "/f-0-0 1 Tf\n"
    "[<0001>16<00020003000400050006>-19<000b0008000c>\n"
    "]TJ\n"
    "ET\n"
    "EMC\n"
    "/P << /MCID 1 >> BDC\n"
    "BT\n"
    "10 0 0 -10 112.637695 93.244141 Tm\n"
    "/f-1-0 1 Tf\n"
    "[<0081007600af>-319<004f00120064>19<0014>]TJ\n"
    "-1 -1.7 Td\n"
    "<00770078010600280029005c>Tj\n"
    "0 -1.7 Td\n"
    "<00840047>Tj\n"
    "ET\n"
    "EMC\n"
    "/Lbl << /MCID 2 >> BDC\n"
    "BT\n"
    "10 0 0 -10 72.637695 161.244141 Tm\n"
    "/f-1-0 1 Tf\n"
    "<008a>Tj\n"
    "ET\n"
    "EMC\n"
    "/LBody << /MCID 3 >> BDC\n"
    "BT\n"
    "10 0 0 -10 82.637695 161.244141 Tm\n"
    "/f-1-0 1 Tf\n"
    "[<0024>33<00170013>-250<0003>]TJ\n"
    "ET\n"
    "0.501961 0.501961 0.501961 RG 0.5 w\n"
    "0 J\n"
    "0 j\n"
    "[] 0.0 d\n"
    "10 M 72.637 208.445 m 522.637 208.445 l S\n"
    "EMC\n"
    "0 0 0 RG 1.25 w\n"
    "1 J\n"
    "[ 0 3.75] 0 d\n"
    "101.25 260.742 m 512.93 260.742 l S\n"
    "/Link << /MCID 4 >> BDC\n"
    "0 0 0 rg BT\n"
    "10 0 0 -10 72.637695 263.244141 Tm\n"
    "/f-1-0 1 Tf\n"
    "<002e002f>Tj\n"
    "ET\n"
    "EMC\n"
    "/Link << /MCID 5 >> BDC\n"
    "BT\n"
    "10 0 0 -10 517.927734 263.244141 Tm\n"
    "/f-1-0 1 Tf\n"
    "<0020>Tj\n"
    "ET\n"
    "EMC\n"
    "0 0 0 RG [ 0 3.75] 0 d\n"
    "165 277.742 m 512.93 277.742 l S\n"
    "/Span << /MCID 6 >> BDC\n"
    "0.101961 0.266667 0.501961 rg BT\n"
    "19.8 0 0 -19.8 158.988281 198.518164 Tm\n"
    "/f-0-0 1 Tf\n"
    "[<002d002e>46<0031>12<0002>]TJ\n"
    "ET\n"
    "EMC\n"
    "q\n"
    "1 0 0 1 99.637 441.945 cm\n"
    "0.501961 0.501961 0.501961 RG 0 0 396 297 re S\n"
    "Q\n"
    "/P << /MCID 7 >> BDC\n"
    "0.101961 0.101961 0.101961 rg BT\n"
    "12.1 0 0 -12.1 253.648975 240.141992 Tm\n"
    "/f-4-0 1 Tf\n"
    "<0028005c0029000d>Tj\n"
    "ET\n"
    "EMC\n"
    "Q\n";

/* --- what the rewriter does, output by output --- */

static void
test_join(void **state)
{
    (void)state;
    assert_compacts(two_marks, "BT\n"
                               "/P<</MCID 0>>BDC\n"
                               "10 0 0 -10 72 100 Tm\n"
                               "/f-0-0 1 Tf\n"
                               "(AB)Tj\n"
                               "0 g\n"         /* the fill set again, for MuPDF */
                               "EMC\n"
                               "0 0 0 rg\n"
                               "/P<</MCID 1>>BDC\n"
                               "1 -1.7 Td\n"
                               "(CD)Tj\n"
                               "0 0 0 rg\n"
                               "EMC\n"
                               "ET\n");
}

/* A marked-content sequence around a text object and a path stays around
 * both; the next sequence (text alone) goes into its text object, which is
 * not joined to the first across the path. Two text objects in one
 * sequence are joined inside it. */
static void
test_marks_with_path(void **state)
{
    (void)state;
    assert_compacts("/P <</MCID 0>> BDC BT 10 0 0 -10 72 100 Tm /f-0-0 1 Tf <4142> Tj ET "
                    "0 0 m 10 0 l S EMC "
                    "/P <</MCID 1>> BDC BT 10 0 0 -10 82 117 Tm /f-0-0 1 Tf <4344> Tj ET EMC",
                    "/P<</MCID 0>>BDC\n"
                    "BT\n"
                    "10 0 0 -10 72 100 Tm\n"
                    "/f-0-0 1 Tf\n"
                    "(AB)Tj\n"
                    "ET\n"
                    "0 0 m 10 0 l S\n"              /* a path on one line */
                    "EMC\n"
                    "BT\n"
                    "/P<</MCID 1>>BDC\n"
                    "10 0 0 -10 82 117 Tm\n"
                    "(CD)Tj\n"
                    "0 g\n"
                    "EMC\n"
                    "ET\n");
    assert_compacts("/P <</MCID 0>> BDC BT 10 0 0 -10 72 100 Tm (a) Tj ET "
                    "BT 10 0 0 -10 72 110 Tm (b) Tj ET EMC",
                    "/P<</MCID 0>>BDC\n"
                    "BT\n"
                    "10 0 0 -10 72 100 Tm\n"
                    "(a)Tj\n"
                    "0 -1 Td\n"
                    "(b)Tj\n"
                    "ET\n"
                    "EMC\n");
}

static void
test_matrices(void **state)
{
    (void)state;
    assert_compacts(matrices, "BT\n"
                              "10 0 0 -10 72.638 100 Tm\n"   /* 72.637695: 3 decimals */
                              "/f-0-0 1 Tf\n"
                              "(a)Tj\n"
                              "1 -1 Td\n"                    /* from 72.638: not .9999 */
                              "(b)Tj\n"
                              "12 0 0 -12 90 120 Tm\n"       /* another size */
                              "(c)Tj\n"
                              "10 0 0 -10 100 130 Tm\n"      /* and back */
                              "(d)Tj\n"
                              "2 0 Td\n"                     /* cairo's: now at 120 */
                              "(e)Tj\n"
                              "1 0 Td\n"
                              "(f)Tj\n"
                              "ET\n");
    /* a skewed or rotated matrix is never relative; 6 decimals of scale */
    assert_compacts("BT 10 0 0 -10 72 100 Tm (a) Tj ET BT 10 0 2 -10 82 100 Tm (b) Tj ET "
                    "BT 0 10 -10 0 82 100 Tm (c) Tj ET BT 0.12345678 0 0 -0.12345678 1 1 Tm "
                    "(d) Tj ET",
                    "BT\n"
                    "10 0 0 -10 72 100 Tm\n"
                    "(a)Tj\n"
                    "10 0 2 -10 82 100 Tm\n"
                    "(b)Tj\n"
                    "0 10 -10 0 82 100 Tm\n"
                    "(c)Tj\n"
                    ".123457 0 0 -.123457 1 1 Tm\n"
                    "(d)Tj\n"
                    "ET\n");
}

/* A dropped BT set the matrix to the identity: where no Tm follows, one is
 * written. */
static void
test_identity(void **state)
{
    (void)state;
    assert_compacts("BT 10 0 0 -10 5 5 Tm (a) Tj ET BT (b) Tj ET", "BT\n"
                                                                   "10 0 0 -10 5 5 Tm\n"
                                                                   "(a)Tj\n"
                                                                   "1 0 0 1 0 0 Tm\n"
                                                                   "(b)Tj\n"
                                                                   "ET\n");
    /* a Td there moves from the identity too; then relative to it again */
    assert_compacts("BT 10 0 0 -10 5 5 Tm (a) Tj ET BT 3 4 Td (b) Tj ET "
                    "BT 1 0 0 1 6 4 Tm (c) Tj ET",
                    "BT\n"
                    "10 0 0 -10 5 5 Tm\n"
                    "(a)Tj\n"
                    "1 0 0 1 0 0 Tm\n"
                    "3 4 Td\n"
                    "(b)Tj\n"
                    "3 0 Td\n"
                    "(c)Tj\n"
                    "ET\n");
    /* a Tm too far to be rewritten still takes the place of the identity */
    assert_compacts("BT (a) Tj ET BT 1 0 0 1 2000000 0 Tm (b) Tj ET", "BT\n"
                                                                       "(a)Tj\n"
                                                                       "1 0 0 1 2000000 0 Tm\n"
                                                                       "(b)Tj\n"
                                                                       "ET\n");
}

static void
test_state(void **state)
{
    (void)state;
    assert_compacts("0 0 0 rg 0 0 0 rg", "0 0 0 rg\n");
    assert_compacts("1 0 0 rg q 1 0 0 rg Q", "1 0 0 rg\nq\nQ\n");
    assert_compacts("q 1 0 0 rg Q 1 0 0 rg", "q\n1 0 0 rg\nQ\n1 0 0 rg\n");
    assert_compacts("1 0 0 rg Q 1 0 0 rg", "1 0 0 rg\nQ\n1 0 0 rg\n");      /* Q without q */
    assert_compacts("1 0 0 rg /a0 gs 1 0 0 rg", "1 0 0 rg\n/a0 gs\n");    /* no colour in gs */
    assert_compacts("1 w /a0 gs 1 w", "1 w\n/a0 gs\n1 w\n");
    /* a mark after text inside a text object with no fill known (Q without
     * q): nothing to set again, nothing joined (fuzz_content found the
     * writer reading before its array here) */
    assert_compacts("Q BT (a) Tj /P BMC (b) Tj EMC ET", "Q\nBT\n(a)Tj\n/P BMC\n(b)Tj\nEMC\nET\n");
    assert_compacts("0 g 0 G 0 g 0 0 0 rg 0 g", "0 g\n0 G\n0 0 0 rg\n0 g\n");
    assert_compacts("[3 2] 0 d [ 3 2 ] 0 d [3 2] 1 d [3 2] 1 d [3] 1 d",
                    "[3 2]0 d\n[3 2]1 d\n[3]1 d\n");
    /* cs/sc make the fill unknown, not the stroke; CS/SCN the stroke */
    assert_compacts("0 0 0 rg /Cs1 cs 0 0 0 rg", "0 0 0 rg\n/Cs1 cs\n0 0 0 rg\n");
    assert_compacts("0 0 0 rg 1 sc 0 0 0 rg 1 scn 0 0 0 rg",
                    "0 0 0 rg\n1 sc\n0 0 0 rg\n1 scn\n0 0 0 rg\n");
    assert_compacts("0 0 0 RG /Cs1 cs 1 sc 0 0 0 RG", "0 0 0 RG\n/Cs1 cs\n1 sc\n");
    assert_compacts("0 0 0 RG /Cs1 CS 0 0 0 RG 1 SCN 0 0 0 RG 0 0 0 rg 0 0 0 rg",
                    "0 0 0 RG\n/Cs1 CS\n0 0 0 RG\n1 SCN\n0 0 0 RG\n0 0 0 rg\n");
    /* each component apart: widths, caps, fonts, text state */
    assert_compacts("1 w 1 J 1 w 2 w 1 J 0 j 0 j 10 M 10 M",
                    "1 w\n1 J\n2 w\n0 j\n10 M\n");
    assert_compacts("/f-0-0 1 Tf /f-0-0 1 Tf /f-0-1 1 Tf /f-0-0 2 Tf 1 Tc 1 Tc 2 Tw 2 Tw "
                    "90 Tz 90 Tz 12 TL 12 TL 3 Ts 3 Ts 1 Tr 1 Tr",
                    "/f-0-0 1 Tf\n/f-0-1 1 Tf\n/f-0-0 2 Tf\n1 Tc\n2 Tw\n90 Tz\n12 TL\n3 Ts\n"
                    "1 Tr\n");
    /* the same value written otherwise is not known to be the same */
    assert_compacts("1 w 1.0 w", "1 w\n1.0 w\n");
    /* " sets the word and character spacing, TD the leading */
    assert_compacts("1 Tc 2 Tw BT 0 0 (x) \" 1 Tc 2 Tw (y) Tj ET",
                    "1 Tc\n2 Tw\nBT\n0 0(x)\"\n1 Tc\n2 Tw\n(y)Tj\nET\n");
    assert_compacts("BT 12 TL 0 -10 TD 12 TL T* (x) Tj ET",
                    "BT\n12 TL\n0 -10 TD\n12 TL\nT*\n(x)Tj\nET\n");
}

/* One operator a line, a space only between two regular characters: an
 * empty name (/) keeps its space before a regular one. */
static void
test_spacing(void **state)
{
    (void)state;
    assert_compacts("  /a0   gs\r\n[ 1  2 ]  0 d\n/P  << /MCID  0 >>  BDC EMC",
                    "/a0 gs\n[1 2]0 d\n/P<</MCID 0>>BDC\nEMC\n");
    static const char nul[] = "1\t0\f0\0001 .5 -.5 cm";          /* NUL is white space */
    size_t n;
    char *out = compact_n(nul, sizeof nul - 1, &n);
    assert_non_null(out);
    assert_string_equal(out, "1 0 0 1 .5 -.5 cm\n");
    free(out);
    assert_compacts("/ 1 Tf (a) / Tj", "/ 1 Tf\n(a)/ Tj\n");
    assert_compacts("/ /A 1 BDC EMC", "//A 1 BDC\nEMC\n");
}

static void
test_hex(void **state)
{
    (void)state;
    static const char in[] = "<28295C0D00FF0A> Tj [<0041>-250<0042>] TJ";
    static const char want[] = "(\\(\\)\\\\\\r\0\xff\n)Tj\n[(\0A)-250(\0B)]TJ\n";
    size_t n;
    char *out = compact_n(in, sizeof in - 1, &n);
    assert_non_null(out);
    assert_int_equal(n, sizeof want - 1);
    assert_memory_equal(out, want, n);
    free(out);
    assert_compacts("<414> Tj", "(A@)Tj\n");                        /* a final 0 */
    assert_compacts("<41 42\n43\t44\r45\f46> Tj", "(ABCDEF)Tj\n");
    assert_compacts("<4a4A> Tj <> Tj", "(JJ)Tj\n()Tj\n");
    /* literal strings stay as they are */
    assert_compacts("(a\\)b\\\\) Tj (x(y)z) Tj", "(a\\)b\\\\)Tj\n(x(y)z)Tj\n");
}

static void
test_refused(void **state)
{
    (void)state;
    assert_refused("q BI /W 1 /H 1 /BPC 1 /CS /G ID x EI Q");
    assert_refused("q % a comment\nQ");
    assert_refused("[ 1 2");
    assert_refused("1 2 ] d");
    assert_refused("<< /A 1 BDC");
    assert_refused("/A 1 >> BDC");
    assert_refused("(unclosed Tj");
    assert_refused("(a\\");
    assert_refused("<zz> Tj");
    assert_refused("<41 Tj");
    assert_refused("(a) Tj 1 2");                                  /* operands, no operator */
    assert_refused("BX /Foo 1 EX");
    assert_refused("1 2 abcd");                                    /* 4 letters */
    assert_refused("(a) ) Tj");
    assert_refused("{ 1 } d");
    assert_refused("a>b");
    size_t n = 1;
    char *out = compact_n("", 0, &n);
    assert_non_null(out);
    assert_int_equal(n, 0);
    free(out);
    out = compact_n(" \n\r\t\f", 5, &n);
    assert_non_null(out);
    assert_int_equal(n, 0);
    free(out);
}

/* Glyphs as a clip are applied at ET: no moving, no joining. */
static void
test_text_clip(void **state)
{
    (void)state;
    static const char in[] = "/P <</MCID 0>> BDC BT 10 0 0 -10 5 5 Tm (a) Tj ET EMC "
                             "BT 10 0 0 -10 5 15 Tm (b) Tj ET";
    char both[256];
    snprintf(both, sizeof both, "7 Tr %s", in);
    assert_compacts(both, "7 Tr\n"
                          "/P<</MCID 0>>BDC\n"
                          "BT\n"
                          "10 0 0 -10 5 5 Tm\n"
                          "(a)Tj\n"
                          "ET\n"
                          "EMC\n"
                          "BT\n"
                          "10 0 0 -10 5 15 Tm\n"
                          "(b)Tj\n"
                          "ET\n");
    snprintf(both, sizeof both, "/x Tr %s", in);                  /* not a number */
    char *out = compact(both);
    assert_non_null(out);
    assert_non_null(strstr(out, "ET\nEMC\nBT\n"));
    free(out);
    snprintf(both, sizeof both, "3 Tr %s", in);                   /* invisible, no clip */
    assert_compacts(both, "3 Tr\n"
                          "BT\n"
                          "/P<</MCID 0>>BDC\n"
                          "10 0 0 -10 5 5 Tm\n"
                          "(a)Tj\n"
                          "0 g\n"
                          "EMC\n"
                          "0 -1 Td\n"
                          "(b)Tj\n"
                          "ET\n");
}

/* --- an interpreter of its own, for "what is drawn is the same" --- */

/* It reads ISO 32000-1 syntax (7.2, 7.3) and follows what decides where
 * and how text is drawn (9.3, 9.4): the text line matrix (identity at BT,
 * Tm, Td, TD, T*), the graphics state saved by q and restored by Q, each
 * state operator's operands as written, cm. Every string shown and every
 * other operator that draws (or that it does not know) is an event, with a
 * copy of that state. gs may set anything, so it makes every component
 * unknown. It refuses what ISO 32000-1 forbids (8.2, Figure 9; 14.6): text
 * operators outside a text object, paths and q/Q/cm inside one, marked
 * content crossing a text object's ends, unbalanced q/Q. */

enum { OPERANDS_MAX = 256, POOL_MAX = 4096, SHOWN_MAX = 1024, SAVED_MAX = 16, MARKS_MAX = 8 };

typedef enum { K_NUM, K_NAME, K_STR, K_OPEN, K_CLOSE, K_DICT, K_END_DICT, K_WORD } Kind;

typedef struct Operand {
    Kind kind;
    double num;                            /* K_NUM */
    size_t at, len;                        /* K_NAME, K_STR (decoded), K_WORD: pool bytes */
} Operand;

/* The components of the graphics state kept as their operands' text. */
typedef enum {
    G_FILL_SPACE, G_FILL, G_STROKE_SPACE, G_STROKE, G_W, G_J, G_JOIN, G_M, G_D, G_RI, G_I, G_TF,
    G_TC, G_TW, G_TZ, G_TL, G_TS, G_TR, G_N
} Slot;

typedef struct Gstate {
    double ctm[6];
    double tl;                             /* the leading, for T* */
    char slot[G_N][64];                    /* "?" when unknown (after gs) */
} Gstate;

typedef struct Event {
    char op[8];
    Gstate gs;
    double tlm[6];                         /* text line matrix (strings shown) */
    int since;                             /* strings shown since it was set */
    char marks[MARKS_MAX * 64 + 1];        /* marked content around it, innermost last */
    size_t len;
    unsigned char what[SHOWN_MAX];         /* strings and numbers shown, or the operands */
} Event;

typedef struct Reader {
    const unsigned char *p;
    size_t n, i;
    unsigned char pool[POOL_MAX];
    size_t pool_n;
    Operand opd[OPERANDS_MAX];
    int n_opd, nest;                       /* nest: [ and << open */
    Gstate gs, saved[SAVED_MAX];
    int depth;
    bool in_text;
    double tlm[6];
    int since;
    char mark[MARKS_MAX][64];
    int n_marks, marks_at_bt;
    Event *ev;
    size_t n_ev, cap_ev;
} Reader;

static const double identity[6] = {1, 0, 0, 1, 0, 0};

static bool
pdf_space(int c)
{
    return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

static bool
pdf_delim(int c)
{
    return c != 0 && strchr("()<>[]{}/%", c) != NULL;
}

static bool
pool_put(Reader *r, int b)
{
    if (r->pool_n == POOL_MAX)
        return false;
    r->pool[r->pool_n++] = (unsigned char)b;
    return true;
}

static bool
push_operand(Reader *r, Kind kind, double num, size_t at)
{
    if (r->n_opd == OPERANDS_MAX)
        return false;
    r->opd[r->n_opd++] = (Operand){kind, num, at, r->pool_n - at};
    return true;
}

static int
hex_value(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* A literal string from p[i] = '(' (7.3.4.2): escapes, octal codes, a
 * backslash before an end of line, an end of line read as LF. */
static bool
read_literal(Reader *r)
{
    const unsigned char *p = r->p;
    size_t at = r->pool_n;
    int open = 1;
    r->i++;
    while (r->i < r->n) {
        int c = p[r->i++];
        if (c == '\\') {
            if (r->i >= r->n)
                return false;
            int e = p[r->i++];
            const char *from = "nrtbf", *to = "\n\r\t\b\f";
            if (e >= '0' && e <= '7') {
                int v = e - '0';
                for (int k = 0; k < 2 && r->i < r->n && p[r->i] >= '0' && p[r->i] <= '7'; k++)
                    v = 8 * v + (p[r->i++] - '0');
                c = v & 0xff;
            } else if (e == '\r' || e == '\n') {
                if (e == '\r' && r->i < r->n && p[r->i] == '\n')
                    r->i++;
                continue;
            } else if (e != 0 && strchr(from, e))
                c = to[strchr(from, e) - from];
            else
                c = e;                     /* \( \) \\ and unknown escapes */
        } else if (c == '(')
            open++;
        else if (c == ')' && --open == 0)
            return push_operand(r, K_STR, 0, at);
        else if (c == '\r') {
            c = '\n';
            if (r->i < r->n && p[r->i] == '\n')
                r->i++;
        }
        if (!pool_put(r, c))
            return false;
    }
    return false;
}

/* A hexadecimal string from p[i] = '<' (7.3.4.3). */
static bool
read_hex(Reader *r)
{
    size_t at = r->pool_n;
    int hi = -1;
    for (r->i++; r->i < r->n && r->p[r->i] != '>'; r->i++) {
        int c = r->p[r->i];
        if (pdf_space(c))
            continue;
        int v = hex_value(c);
        if (v < 0)
            return false;
        if (hi < 0)
            hi = v;
        else {
            if (!pool_put(r, hi << 4 | v))
                return false;
            hi = -1;
        }
    }
    if (r->i >= r->n || (hi >= 0 && !pool_put(r, hi << 4)))
        return false;
    r->i++;
    return push_operand(r, K_STR, 0, at);
}

/* A number (7.3.3): a sign, digits and at most one point, a digit at least. */
static bool
pdf_number(const unsigned char *s, size_t n, double *v)
{
    size_t k = (n > 0 && (s[0] == '+' || s[0] == '-')) ? 1 : 0;
    int digits = 0, points = 0;
    char buf[64];
    if (n >= sizeof buf)
        return false;
    for (size_t j = k; j < n; j++) {
        if (s[j] >= '0' && s[j] <= '9')
            digits++;
        else if (s[j] == '.')
            points++;
        else
            return false;
    }
    if (digits == 0 || points > 1)
        return false;
    memcpy(buf, s, n);
    buf[n] = '\0';
    *v = strtod(buf, NULL);
    return true;
}

/* --- the interpreter's state and events --- */

static void
mul(double out[6], const double a[6], const double b[6])   /* a x b */
{
    double m[6] = {a[0] * b[0] + a[1] * b[2],        a[0] * b[1] + a[1] * b[3],
                   a[2] * b[0] + a[3] * b[2],        a[2] * b[1] + a[3] * b[3],
                   a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]};
    memcpy(out, m, sizeof m);
}

static bool
put(char *b, size_t size, size_t *n, const void *s, size_t len)
{
    if (*n + len >= size)
        return false;
    memcpy(b + *n, s, len);
    *n += len;
    b[*n] = '\0';
    return true;
}

/* Operands [from, n_opd) as text: numbers with %.10g, strings in hex. */
static bool
operands_text(const Reader *r, int from, char *b, size_t size)
{
    size_t n = 0;
    b[0] = '\0';
    for (int k = from; k < r->n_opd; k++) {
        const Operand *o = &r->opd[k];
        char t[64];
        bool ok = true;
        switch (o->kind) {
        case K_NUM:
            snprintf(t, sizeof t, " %.10g", o->num);
            ok = put(b, size, &n, t, strlen(t));
            break;
        case K_OPEN: ok = put(b, size, &n, " [", 2); break;
        case K_CLOSE: ok = put(b, size, &n, " ]", 2); break;
        case K_DICT: ok = put(b, size, &n, " <<", 3); break;
        case K_END_DICT: ok = put(b, size, &n, " >>", 3); break;
        case K_NAME:
        case K_WORD:
            ok = put(b, size, &n, " ", 1) && put(b, size, &n, r->pool + o->at, o->len);
            break;
        case K_STR:
            ok = put(b, size, &n, " <", 2);
            for (size_t j = 0; j < o->len && ok; j++) {
                snprintf(t, sizeof t, "%02x", r->pool[o->at + j]);
                ok = put(b, size, &n, t, 2);
            }
            ok = ok && put(b, size, &n, ">", 1);
            break;
        }
        if (!ok)
            return false;
    }
    return true;
}

static Event *
new_event(Reader *r, const char *op)
{
    if (r->n_ev == r->cap_ev) {
        r->cap_ev = r->cap_ev ? 2 * r->cap_ev : 64;
        r->ev = realloc(r->ev, r->cap_ev * sizeof *r->ev);
    }
    Event *e = &r->ev[r->n_ev++];
    memset(e, 0, sizeof *e);
    snprintf(e->op, sizeof e->op, "%s", op);
    e->gs = r->gs;
    memcpy(e->tlm, r->tlm, sizeof e->tlm);
    e->since = r->since;
    size_t n = 0;
    for (int k = 0; k < r->n_marks; k++)
        put(e->marks, sizeof e->marks, &n, r->mark[k], strlen(r->mark[k]));
    return e;
}

/* Operand k is a number. */
static bool
num_at(const Reader *r, int k, double *v)
{
    if (k >= r->n_opd || r->opd[k].kind != K_NUM)
        return false;
    *v = r->opd[k].num;
    return true;
}

static bool
nums(const Reader *r, int count, double *v)
{
    if (r->n_opd != count)
        return false;
    for (int k = 0; k < count; k++)
        if (!num_at(r, k, &v[k]))
            return false;
    return true;
}

/* Td: the line matrix moved in its own space; the text matrix with it. */
static void
move_line(Reader *r, double tx, double ty)
{
    double t[6] = {1, 0, 0, 1, tx, ty};
    mul(r->tlm, t, r->tlm);
    r->since = 0;
}

/* A string shown (Tj ' "): the last operand; a TJ array: all of them. */
static bool
show(Reader *r, const char *op, bool array)
{
    Event *e = new_event(r, op);
    size_t n = 0;
    int from = array ? 0 : r->n_opd - 1;
    if (from < 0 || (array && (r->n_opd < 2 || r->opd[0].kind != K_OPEN
                               || r->opd[r->n_opd - 1].kind != K_CLOSE)))
        return false;
    for (int k = from; k < r->n_opd; k++) {
        const Operand *o = &r->opd[k];
        char t[64];
        if (array && (k == 0 || k == r->n_opd - 1))
            continue;
        if (o->kind == K_STR) {
            snprintf(t, sizeof t, "(%zu)", o->len);
            if (!put((char *)e->what, sizeof e->what, &n, t, strlen(t))
                || !put((char *)e->what, sizeof e->what, &n, r->pool + o->at, o->len))
                return false;
        } else if (o->kind == K_NUM && array) {
            snprintf(t, sizeof t, "[%.10g]", o->num);
            if (!put((char *)e->what, sizeof e->what, &n, t, strlen(t)))
                return false;
        } else
            return false;
    }
    e->len = n;
    r->since++;
    return true;
}

/* An operator that is not text, with its operands. */
static bool
other_event(Reader *r, const char *op)
{
    Event *e = new_event(r, op);
    if (!operands_text(r, 0, (char *)e->what, sizeof e->what))
        return false;
    e->len = strlen((char *)e->what);
    return true;
}

static bool
set_slot(Reader *r, Slot s, int from)
{
    return operands_text(r, from, r->gs.slot[s], sizeof r->gs.slot[s]);
}

/* One operator with the operands read before it. */
static bool
run_op(Reader *r, const char *op)
{
    static const char *const text_ops[] = {"Tm", "Td", "TD", "T*", "Tj", "TJ", "'", "\"", NULL};
    static const char *const not_in_text[] = {
        "q", "Q", "cm", "m", "l", "c", "v", "y", "h", "re", "S", "s", "f", "F", "f*", "B",
        "B*", "b", "b*", "n", "W", "W*", "sh", "Do", NULL
    };
    /* (a colour's space is the slot before the colour's) */
    static const struct { const char *op; Slot slot; const char *space; } states[] = {
        {"rg", G_FILL, "/DeviceRGB"}, {"g", G_FILL, "/DeviceGray"}, {"k", G_FILL, "/DeviceCMYK"},
        {"RG", G_STROKE, "/DeviceRGB"}, {"G", G_STROKE, "/DeviceGray"},
        {"K", G_STROKE, "/DeviceCMYK"}, {"sc", G_FILL, NULL}, {"scn", G_FILL, NULL},
        {"SC", G_STROKE, NULL}, {"SCN", G_STROKE, NULL}, {"w", G_W, NULL}, {"J", G_J, NULL},
        {"j", G_JOIN, NULL}, {"M", G_M, NULL}, {"d", G_D, NULL}, {"ri", G_RI, NULL},
        {"i", G_I, NULL}, {"Tf", G_TF, NULL}, {"Tc", G_TC, NULL}, {"Tw", G_TW, NULL},
        {"Tz", G_TZ, NULL}, {"Ts", G_TS, NULL}, {"Tr", G_TR, NULL},
    };
    double v[6];
    for (int k = 0; text_ops[k]; k++)
        if (strcmp(op, text_ops[k]) == 0 && !r->in_text)
            return false;
    for (int k = 0; not_in_text[k]; k++)
        if (strcmp(op, not_in_text[k]) == 0 && r->in_text)
            return false;
    for (size_t k = 0; k < sizeof states / sizeof states[0]; k++)
        if (strcmp(op, states[k].op) == 0) {
            if (states[k].space)
                snprintf(r->gs.slot[states[k].slot - 1], sizeof r->gs.slot[0], "%s",
                         states[k].space);
            return set_slot(r, states[k].slot, 0);
        }
    if (strcmp(op, "BT") == 0) {
        if (r->in_text)
            return false;
        r->in_text = true;
        memcpy(r->tlm, identity, sizeof r->tlm);
        r->since = 0;
        r->marks_at_bt = r->n_marks;
    } else if (strcmp(op, "ET") == 0) {
        if (!r->in_text || r->n_marks != r->marks_at_bt)
            return false;
        r->in_text = false;
    } else if (strcmp(op, "BDC") == 0 || strcmp(op, "BMC") == 0) {
        if (r->n_marks == MARKS_MAX)
            return false;
        char *m = r->mark[r->n_marks++];
        size_t n = 0;
        put(m, sizeof r->mark[0], &n, "|", 1);
        if (!operands_text(r, 0, m + 1, sizeof r->mark[0] - 1))
            return false;
    } else if (strcmp(op, "EMC") == 0) {
        if (r->n_marks == 0 || (r->in_text && r->n_marks == r->marks_at_bt))
            return false;
        r->n_marks--;
    } else if (strcmp(op, "q") == 0) {
        if (r->depth == SAVED_MAX)
            return false;
        r->saved[r->depth++] = r->gs;
    } else if (strcmp(op, "Q") == 0) {
        if (r->depth == 0)
            return false;
        r->gs = r->saved[--r->depth];
    } else if (strcmp(op, "cm") == 0) {
        if (!nums(r, 6, v))
            return false;
        mul(r->gs.ctm, v, r->gs.ctm);
    } else if (strcmp(op, "gs") == 0) {
        /* an ExtGState may set anything but the colours (Table 58) */
        for (int s = G_W; s < G_N; s++)
            strcpy(r->gs.slot[s], "?");
        return other_event(r, op);
    } else if (strcmp(op, "cs") == 0 || strcmp(op, "CS") == 0) {
        Slot s = op[0] == 'c' ? G_FILL_SPACE : G_STROKE_SPACE;
        strcpy(r->gs.slot[s + 1], "initial");
        return set_slot(r, s, 0);
    } else if (strcmp(op, "TL") == 0) {
        if (!nums(r, 1, v))
            return false;
        r->gs.tl = v[0];
        return set_slot(r, G_TL, 0);
    } else if (strcmp(op, "Tm") == 0) {
        if (!nums(r, 6, v))
            return false;
        memcpy(r->tlm, v, sizeof r->tlm);
        r->since = 0;
    } else if (strcmp(op, "Td") == 0 || strcmp(op, "TD") == 0) {
        if (!nums(r, 2, v))
            return false;
        if (op[1] == 'D') {
            r->gs.tl = -v[1];
            snprintf(r->gs.slot[G_TL], sizeof r->gs.slot[0], " %.10g", -v[1]);
        }
        move_line(r, v[0], v[1]);
    } else if (strcmp(op, "T*") == 0) {
        if (r->n_opd != 0)
            return false;
        move_line(r, 0, -r->gs.tl);
    } else if (strcmp(op, "Tj") == 0 || strcmp(op, "'") == 0) {
        if (r->n_opd != 1 || r->opd[0].kind != K_STR)
            return false;
        if (op[0] == '\'')
            move_line(r, 0, -r->gs.tl);
        return show(r, op, false);
    } else if (strcmp(op, "\"") == 0) {
        if (r->n_opd != 3 || !num_at(r, 0, &v[0]) || !num_at(r, 1, &v[1])
            || r->opd[2].kind != K_STR)
            return false;
        snprintf(r->gs.slot[G_TW], sizeof r->gs.slot[0], " %.10g", v[0]);
        snprintf(r->gs.slot[G_TC], sizeof r->gs.slot[0], " %.10g", v[1]);
        move_line(r, 0, -r->gs.tl);
        return show(r, op, false);
    } else if (strcmp(op, "TJ") == 0) {
        return show(r, op, true);
    } else if (strcmp(op, "BI") == 0 || strcmp(op, "ID") == 0) {
        return false;                      /* image data is not tokens */
    } else {                               /* paths, painting, anything else */
        return other_event(r, op);
    }
    return true;
}

/* The events of stream p (n bytes) into r; false where it is not a stream
 * this reader takes (see above). r->ev is to be freed either way. */
static bool
interpret(Reader *r, const unsigned char *p, size_t n)
{
    memset(r, 0, sizeof *r);
    r->p = p;
    r->n = n;
    memcpy(r->gs.ctm, identity, sizeof r->gs.ctm);
    /* a page starts in DeviceGray black, fill and stroke (ISO 32000-1, 8.4) */
    strcpy(r->gs.slot[G_FILL_SPACE], "/DeviceGray");
    strcpy(r->gs.slot[G_FILL], " 0");
    strcpy(r->gs.slot[G_STROKE_SPACE], "/DeviceGray");
    strcpy(r->gs.slot[G_STROKE], " 0");
    while (r->i < n) {
        int c = p[r->i];
        size_t at = r->pool_n;
        if (pdf_space(c)) {
            r->i++;
        } else if (c == '%') {
            while (r->i < n && p[r->i] != '\r' && p[r->i] != '\n')
                r->i++;
        } else if (c == '(') {
            if (!read_literal(r))
                return false;
        } else if (c == '<' && r->i + 1 < n && p[r->i + 1] == '<') {
            r->i += 2;
            r->nest++;
            if (!push_operand(r, K_DICT, 0, at))
                return false;
        } else if (c == '>') {
            if (r->i + 1 >= n || p[r->i + 1] != '>' || --r->nest < 0)
                return false;
            r->i += 2;
            if (!push_operand(r, K_END_DICT, 0, at))
                return false;
        } else if (c == '<') {
            if (!read_hex(r))
                return false;
        } else if (c == '[' || c == ']') {
            r->i++;
            r->nest += c == '[' ? 1 : -1;
            if (r->nest < 0 || !push_operand(r, c == '[' ? K_OPEN : K_CLOSE, 0, at))
                return false;
        } else if (c == '/') {
            for (r->i++; r->i < n && !pdf_space(p[r->i]) && !pdf_delim(p[r->i]); r->i++)
                if (!pool_put(r, p[r->i]))
                    return false;
            if (!push_operand(r, K_NAME, 0, at))
                return false;
        } else if (c == ')' || c == '{' || c == '}') {
            return false;
        } else {
            size_t from = r->i;
            while (r->i < n && !pdf_space(p[r->i]) && !pdf_delim(p[r->i]))
                r->i++;
            size_t len = r->i - from;
            double v;
            char word[16];
            if (pdf_number(p + from, len, &v)) {
                if (!push_operand(r, K_NUM, v, at))
                    return false;
                continue;
            }
            if (len >= sizeof word)
                return false;
            memcpy(word, p + from, len);
            word[len] = '\0';
            bool object = strcmp(word, "true") == 0 || strcmp(word, "false") == 0
                          || strcmp(word, "null") == 0;
            if (r->nest > 0 || object) {
                for (size_t k = 0; k < len; k++)
                    if (!pool_put(r, word[k]))
                        return false;
                if (!push_operand(r, K_WORD, 0, at))
                    return false;
                continue;
            }
            if (!run_op(r, word))
                return false;
            r->n_opd = 0;
            r->pool_n = 0;
        }
    }
    return r->n_opd == 0 && r->nest == 0 && !r->in_text && r->n_marks == 0 && r->depth == 0;
}

/* A string shown, not another operator. */
static bool
shows(const Event *e)
{
    return strcmp(e->op, "Tj") == 0 || strcmp(e->op, "TJ") == 0 || strcmp(e->op, "'") == 0
           || strcmp(e->op, "\"") == 0;
}

static bool
near(const double *a, const double *b, int n)
{
    for (int k = 0; k < n; k++)
        if (!(a[k] - b[k] < 0.001 && b[k] - a[k] < 0.001))
            return false;
    return true;
}

/* Where two event lists differ (a message), or NULL. */
static const char *
difference(const Reader *a, const Reader *b, size_t *at)
{
    for (*at = 0; *at < a->n_ev && *at < b->n_ev; ++*at) {
        const Event *x = &a->ev[*at], *y = &b->ev[*at];
        if (strcmp(x->op, y->op) != 0)
            return "operator";
        if (x->len != y->len || memcmp(x->what, y->what, x->len) != 0)
            return "what it shows or its operands";
        if (strcmp(x->marks, y->marks) != 0)
            return "marked content";
        if (!near(x->gs.ctm, y->gs.ctm, 6))
            return "CTM";
        for (int s = 0; s < G_N; s++)
            if (strcmp(x->gs.slot[s], y->gs.slot[s]) != 0)
                return "graphics state";
        if (shows(x) && (!near(x->tlm, y->tlm, 6) || x->since != y->since))
            return "text position";
    }
    return a->n_ev == b->n_ev ? NULL : "number of events";
}

typedef enum { SAME, NOT_READ, REFUSED, DIFFERENT } Verdict;

/* content_compact on p (n bytes), and the interpreter on both. REFUSED:
 * content_compact returns NULL; NOT_READ: the interpreter does not take
 * the input; DIFFERENT: it does not take the output, or the two draw
 * otherwise (*why says what, *at_event where). *n_shown: strings shown. */
static Verdict
compare(const unsigned char *p, size_t n, const char **why, size_t *at_event, size_t *n_shown)
{
    size_t out_n;
    char *out = compact_n(p, n, &out_n);
    *why = NULL;
    *at_event = *n_shown = 0;
    if (!out)
        return REFUSED;
    Reader *a = calloc(1, sizeof *a), *b = calloc(1, sizeof *b);
    Verdict v = SAME;
    if (!interpret(a, p, n))
        v = NOT_READ;
    else if (!interpret(b, (const unsigned char *)out, out_n)) {
        *why = "the output is not read";
        v = DIFFERENT;
    } else if ((*why = difference(a, b, at_event)) != NULL)
        v = DIFFERENT;
    for (size_t k = 0; k < a->n_ev; k++)
        *n_shown += shows(&a->ev[k]);
    free(out);
    free(a->ev);
    free(b->ev);
    free(a);
    free(b);
    return v;
}

/* s draws the same before and after, and shows `shown` strings. */
static void
assert_draws_same(const char *s, size_t shown)
{
    const char *why = NULL;
    size_t at = 0, n_shown = 0;
    Verdict v = compare((const unsigned char *)s, strlen(s), &why, &at, &n_shown);
    static const char *const verdicts[] = {"same", "not read", "refused", "different"};
    if (v != SAME)
        fail_msg("%s (%s at event %zu): %s", verdicts[v], why ? why : "", at, s);
    assert_int_equal(n_shown, shown);
}

/* --- the interpreter itself, then the rewriter through it --- */

/* The interpreter sees what it must: a moved string, another colour, a
 * lost Td, a changed TJ number, another text object, another font size,
 * other bytes, other marked content, another CTM, another path, the
 * leading TD sets, the spacing " sets, a lost Q. */
static void
test_interpreter(void **state)
{
    (void)state;
    static const char *const pairs[][2] = {
        {"BT 1 0 0 1 5 5 Tm (a) Tj ET", "BT 1 0 0 1 5 5.01 Tm (a) Tj ET"},
        {"BT 1 g (a) Tj ET", "BT 1 G (a) Tj ET"},
        {"BT 1 2 Td 3 4 Td (a) Tj ET", "BT 1 2 Td (a) Tj ET"},
        {"BT [(a) -250 (b)] TJ ET", "BT [(a) -251 (b)] TJ ET"},
        {"BT (a) Tj (b) Tj ET", "BT (a) Tj ET BT (b) Tj ET"},
        {"BT /f 1 Tf (a) Tj ET", "BT /f 2 Tf (a) Tj ET"},
        {"BT <4129> Tj ET", "BT (A\\() Tj ET"},
        {"/P <</MCID 0>> BDC BT (a) Tj ET EMC", "/P <</MCID 1>> BDC BT (a) Tj ET EMC"},
        {"1 0 0 1 0 1 cm BT (a) Tj ET", "1 0 0 1 0 2 cm BT (a) Tj ET"},
        {"0 0 m 1 1 l S", "0 0 m 1 2 l S"},
        {"BT 0 -10 Td T* (a) Tj ET", "BT 0 -10 TD T* (a) Tj ET"},
        {"BT 0 0 (a) \" ET", "BT 0 1 (a) \" ET"},
        {"/P BMC BT (a) Tj ET EMC BT (b) Tj ET", "BT (a) Tj ET /P BMC BT (b) Tj ET EMC"},
        {"BT 2 TL (a) ' ET", "BT 3 TL (a) ' ET"},
        {"1 w /a gs BT (a) Tj ET", "1 w /a gs 1 w BT (a) Tj ET"},
        {"q 2 0 0 2 0 0 cm Q BT (a) Tj ET", "q 2 0 0 2 0 0 cm BT (a) Tj ET Q"},
    };
    for (size_t k = 0; k < sizeof pairs / sizeof pairs[0]; k++) {
        Reader *a = malloc(sizeof *a), *b = malloc(sizeof *b);
        const char *x = pairs[k][0], *y = pairs[k][1];
        size_t at;
        /* y is read and equals itself; x differs from it (or is not read) */
        assert_true(interpret(a, (const unsigned char *)y, strlen(y)));
        assert_true(interpret(b, (const unsigned char *)y, strlen(y)));
        assert_null(difference(a, b, &at));
        free(a->ev);
        if (interpret(a, (const unsigned char *)x, strlen(x)) && !difference(a, b, &at))
            fail_msg("pair %zu: %s / %s", k, x, y);
        free(a->ev);
        free(b->ev);
        free(a);
        free(b);
    }
    /* a hexadecimal and a literal string of the same bytes are the same */
    assert_draws_same("BT <4128> Tj ET", 1);
    /* and what ISO 32000-1 forbids is not read */
    static const char *const bad[] = {
        "ET", "BT BT ET ET", "(a) Tj", "BT 0 0 m ET", "BT q ET Q", "/P BMC BT EMC ET",
        "BT /P BMC ET EMC", "Q", "q", "BT", "/P BMC", "EMC", "BT 1 Tm ET", "BT [(a) TJ ET",
        "BT (a ET", "BI ID EI",
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        Reader *r = malloc(sizeof *r);
        if (interpret(r, (const unsigned char *)bad[k], strlen(bad[k])))
            fail_msg("read: %s", bad[k]);
        free(r->ev);
        free(r);
    }
}

/* The streams of the tests above and the page draw the same once written
 * again. */
static void
test_draws_same(void **state)
{
    (void)state;
    assert_draws_same(two_marks, 2);
    assert_draws_same(matrices, 6);
    assert_draws_same("BT 10 0 0 -10 5 5 Tm (a) Tj ET BT (b) Tj ET", 2);
    assert_draws_same("BT 10 0 0 -10 5 5 Tm (a) Tj ET BT 3 4 Td (b) Tj ET "
                      "BT 1 0 0 1 6 4 Tm (c) Tj ET", 3);
    assert_draws_same("/P <</MCID 0>> BDC BT 10 0 0 -10 72 100 Tm /f-0-0 1 Tf <4142> Tj ET "
                      "0 0 m 10 0 l S EMC "
                      "/P <</MCID 1>> BDC BT 10 0 0 -10 82 117 Tm /f-0-0 1 Tf <4344> Tj ET EMC",
                      2);
    assert_draws_same("1 0 0 rg q 1 0 0 rg BT (a) Tj ET Q 1 0 0 rg BT (b) Tj ET q /a0 gs "
                      "1 0 0 rg BT (c) Tj ET Q BT 0 0 0 rg (d) Tj ET", 4);
    assert_draws_same("1 0 0 rg q 0 0 1 rg Q 0 0 1 rg BT (a) Tj ET", 1);
    assert_draws_same("/P <</MCID 0>> BDC 12 TL BT 10 0 0 -10 5 5 Tm (a) Tj T* (b) ' ET EMC "
                      "/P <</MCID 1>> BDC BT 10 0 0 -10 5 50 Tm 1 2 (c) \" ET EMC", 3);
    assert_draws_same("1 Tc 2 Tw BT 0 0 (x) \" 1 Tc 2 Tw (y) Tj ET", 2);
    assert_draws_same("BT 12 TL 0 -10 TD 12 TL T* (x) Tj ET", 1);
    assert_draws_same("BT (a) Tj ET BT 1 0 0 1 2000000 0 Tm (b) Tj ET", 2);
    assert_draws_same("/a0 gs / 1 Tf BT (a) Tj ET", 1);
    assert_draws_same(page, 10);
}

/* One broken input: NULL or a stream; and where the interpreter reads the
 * input, the stream draws the same. counts[verdict]++. */
static void
check_broken(const unsigned char *in, size_t len, const char *which, int *counts)
{
    const char *why;
    size_t at, shown;
    Verdict v = compare(in, len, &why, &at, &shown);
    if (v == DIFFERENT)
        fail_msg("%s: %s at event %zu; the input: %.*s", which, why, at, (int)len, in);
    counts[v]++;
}

/* Every truncation of the page, and each of 14 bytes put at every offset. */
static void
test_broken(void **state)
{
    (void)state;
    static const unsigned char bytes[] = {0, '(', ')', '<', '>', '[', ']', '/', '%', ' ', 'B',
                                          'T', '0', '\\'};
    size_t n = sizeof page - 1;
    int counts[DIFFERENT + 1] = {0};
    char which[64];
    for (size_t len = 0; len <= n; len++) {
        snprintf(which, sizeof which, "the first %zu bytes", len);
        check_broken((const unsigned char *)page, len, which, counts);
    }
    unsigned char *copy = malloc(n);
    for (size_t at = 0; at < n; at++)
        for (size_t k = 0; k < sizeof bytes; k++) {
            memcpy(copy, page, n);
            copy[at] = bytes[k];
            snprintf(which, sizeof which, "byte %zu made 0x%02x", at, bytes[k]);
            check_broken(copy, n, which, counts);
        }
    free(copy);
    assert_true(counts[REFUSED] > 0);                  /* all three kinds occur */
    assert_true(counts[NOT_READ] > 0);
    assert_true(counts[SAME] > 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_join),
        cmocka_unit_test(test_marks_with_path),
        cmocka_unit_test(test_matrices),
        cmocka_unit_test(test_identity),
        cmocka_unit_test(test_state),
        cmocka_unit_test(test_spacing),
        cmocka_unit_test(test_hex),
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_text_clip),
        cmocka_unit_test(test_interpreter),
        cmocka_unit_test(test_draws_same),
        cmocka_unit_test(test_broken),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
