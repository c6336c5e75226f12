/*
 * pdflex.c: PDF tokens (see pdflex.h). One token at a time, with no
 * allocation: the token points into the input. Literal strings are
 * balanced with their escapes (7.3.4.2) and hexadecimal strings checked
 * (7.3.4.3), but neither is decoded; numbers and keywords are one kind,
 * WORD, told apart by the caller (an operator in content, "obj" or "R" in
 * a file). Comments are a kind of their own: the post-pass skips them as
 * white space, the content rewriter refuses a stream that has one.
 * Not done: the bytes of inline images and of streams, which are not
 * tokens (callers step over them).
 */
#include "pdflex.h"

const uint8_t pdflex_class[256] = {
    [0] = 1, ['\t'] = 1, ['\n'] = 1, ['\f'] = 1, ['\r'] = 1, [' '] = 1,
    ['('] = 2, [')'] = 2, ['<'] = 2, ['>'] = 2, ['['] = 2, [']'] = 2, ['{'] = 2, ['}'] = 2,
    ['/'] = 2, ['%'] = 2,
};

static bool
is_hex(unsigned char h)
{
    return (h >= '0' && h <= '9') || (h >= 'a' && h <= 'f') || (h >= 'A' && h <= 'F');
}

static PdfTokKind
token(PdfLex *l, PdfTok *t, PdfTokKind kind, const unsigned char *end)
{
    t->kind = kind;
    t->len = (size_t)(end - t->s);
    l->p = end;
    return kind;
}

PdfTokKind
pdflex_next(PdfLex *l, PdfTok *t)
{
    const unsigned char *p = l->p, *end = l->end;
    while (p < end && pdflex_is_space(*p))
        p++;
    l->p = p;
    t->s = p;
    t->len = 0;
    if (p >= end)
        return t->kind = PDFTOK_END;
    unsigned char c = *p;
    const unsigned char *q = p + 1;
    switch (c) {
    case '(': {                            /* balanced, with escapes */
        int open = 1;
        for (; q < end; q++) {
            if (*q == '\\') {
                if (++q >= end)
                    break;
            } else if (*q == '(')
                open++;
            else if (*q == ')' && --open == 0)
                break;
        }
        if (q >= end)
            return t->kind = PDFTOK_ERROR;
        return token(l, t, PDFTOK_STRING, q + 1);
    }
    case '<':
        if (q < end && *q == '<')
            return token(l, t, PDFTOK_DICT_OPEN, q + 1);
        for (; q < end && *q != '>'; q++)
            if (!pdflex_is_space(*q) && !is_hex(*q))
                return t->kind = PDFTOK_ERROR;
        if (q >= end)
            return t->kind = PDFTOK_ERROR;
        return token(l, t, PDFTOK_HEX, q + 1);
    case '>':
        if (q < end && *q == '>')
            return token(l, t, PDFTOK_DICT_CLOSE, q + 1);
        return t->kind = PDFTOK_ERROR;
    case '[':
        return token(l, t, PDFTOK_ARRAY_OPEN, q);
    case ']':
        return token(l, t, PDFTOK_ARRAY_CLOSE, q);
    case '/':
        while (q < end && pdflex_is_regular(*q))
            q++;
        return token(l, t, PDFTOK_NAME, q);
    case '%':
        while (q < end && *q != '\n' && *q != '\r')
            q++;
        return token(l, t, PDFTOK_COMMENT, q);
    default:
        if (!pdflex_is_regular(c))
            return t->kind = PDFTOK_ERROR;  /* ) { } */
        while (q < end && pdflex_is_regular(*q))
            q++;
        return token(l, t, PDFTOK_WORD, q);
    }
}

bool
pdflex_number(const unsigned char *s, size_t n, double *out)
{
    size_t i = 0;
    bool neg = false, dot = false, digit = false;
    if (i < n && (s[i] == '-' || s[i] == '+'))
        neg = s[i++] == '-';
    double v = 0, scale = 1;
    for (; i < n; i++) {
        if (s[i] == '.' && !dot)
            dot = true;
        else if (s[i] >= '0' && s[i] <= '9') {
            digit = true;
            if (dot) {
                scale /= 10;
                v += (s[i] - '0') * scale;
            } else
                v = v * 10 + (s[i] - '0');
        } else
            return false;
    }
    if (!digit)
        return false;
    *out = neg ? -v : v;
    return true;
}
