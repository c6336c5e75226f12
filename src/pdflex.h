/*
 * pdflex.h: PDF tokens (ISO 32000-1 7.2), the one lexer of the post-pass's
 * object reader (post_read.c) and of the page content rewriter (content.c).
 */
#ifndef PDFLEX_H
#define PDFLEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    PDFTOK_END,                            /* no more input */
    PDFTOK_ERROR,                          /* ) > { } out of place, an unended string, a
                                            * hexadecimal string with other characters */
    PDFTOK_WORD,                           /* regular characters: a number, true, R, obj,
                                            * an operator */
    PDFTOK_NAME,                           /* a name, with its slash */
    PDFTOK_STRING,                         /* a literal string, with its parentheses */
    PDFTOK_HEX,                            /* a hexadecimal string, with its < > */
    PDFTOK_ARRAY_OPEN,
    PDFTOK_ARRAY_CLOSE,
    PDFTOK_DICT_OPEN,
    PDFTOK_DICT_CLOSE,
    PDFTOK_COMMENT,                        /* % to the end of the line (not included) */
} PdfTokKind;

typedef struct PdfTok {
    PdfTokKind kind;
    const unsigned char *s;                /* its first byte (ERROR: the byte refused) */
    size_t len;
} PdfTok;

/* The bytes not read yet: [p, end). Callers may move p (past a stream's
 * data) and copy the struct to look ahead. */
typedef struct PdfLex {
    const unsigned char *p, *end;
} PdfLex;

/* Character classes of ISO 32000-1 7.2.2: 1 white space, 2 delimiter,
 * 0 regular. */
extern const uint8_t pdflex_class[256];

static inline bool
pdflex_is_space(unsigned char c)
{
    return pdflex_class[c] == 1;
}

static inline bool
pdflex_is_regular(unsigned char c)
{
    return pdflex_class[c] == 0;
}

/* The next token after white space, into *t; returns its kind. At END and
 * ERROR, l->p is not moved past the white space and the byte refused. */
PdfTokKind pdflex_next(PdfLex *l, PdfTok *t);

/* The n bytes at s as a PDF number (sign, digits, at most one point, at
 * least one digit) into *out; false for anything else. */
bool pdflex_number(const unsigned char *s, size_t n, double *out);

#endif
