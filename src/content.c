/*
 * content.c: page content streams written again, smaller (see content.h).
 *
 * Measured on the report body repeated 40 times (152 pages): cairo's page
 * content was 446 KB of the 754 KB file; a third of its bytes were text
 * object boundaries and absolute text matrices (one BT, Tm, Tf ... ET per
 * marked-content sequence, i.e. per line of a list, per link, per label),
 * and hexadecimal glyph strings.
 *
 * The stream is read into operations (operands + operator), rewritten in
 * four passes over that list (marks moved in, text objects joined,
 * matrices made relative, repeated state dropped), and written out. Only what ISO 32000-1 allows
 * is done:
 *  - text objects may hold general graphics state, colour, text state and
 *    marked-content operators (Figure 9 of 8.2); a marked-content sequence
 *    inside a text object must end in it (14.6), hence the move of a
 *    sequence that wraps exactly one text object into it before joining;
 *  - the text line matrix is the identity at BT and only Tm, Td, TD, T*,
 *    ' and " change it (9.4.2): where a BT is dropped, the next positioning
 *    is a Tm (cairo always writes one) or an identity Tm is written first;
 *  - the state operators dropped set a state that q/Q saved and restored
 *    with the rest of the graphics state (8.4.2); gs may set any of them
 *    but the colours (Table 58), so after it only the colours are known.
 * And one thing for a reader: MuPDF (1.21, Debian 12) hands a text
 * object's glyphs to its device only at ET or a colour or stroke change,
 * so glyphs shown before a mark inside a text object would reach it after
 * the mark; the fill colour in force is set again there (it draws
 * nothing), and where none is known the text objects are left as they were.
 */
#include "content.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "pdflex.h"

typedef enum {
    T_NUM, T_NAME, T_STR, T_HEX, T_OPEN, T_CLOSE, T_DICT_OPEN, T_DICT_CLOSE, T_WORD
} TokKind;

typedef struct Tok {
    uint8_t kind;
    uint32_t at, len;                      /* bytes of the input */
} Tok;

/* The operators this file acts on; C_OTHER for the rest. */
typedef enum {
    C_OTHER,
    C_BT, C_ET, C_BDC, C_BMC, C_EMC, C_Tm, C_Td, C_TD, C_TSTAR, C_Tj, C_TJ, C_QUOTE, C_DQUOTE,
    C_Tf, C_Tc, C_Tw, C_Tz, C_TL, C_Ts, C_Tr, C_q, C_Q, C_gs, C_cs, C_sc, C_scn, C_CS, C_SC,
    C_SCN, C_rg, C_g, C_k, C_RG, C_G, C_K, C_w, C_J, C_j, C_M, C_d, C_ri, C_i,
    C_m, C_l, C_c, C_v, C_y, C_h, C_re,
    C_COUNT
} Code;

static const char *const code_names[C_COUNT] = {
    "",
    "BT", "ET", "BDC", "BMC", "EMC", "Tm", "Td", "TD", "T*", "Tj", "TJ", "'", "\"", "Tf", "Tc",
    "Tw", "Tz", "TL", "Ts", "Tr", "q", "Q", "gs", "cs", "sc", "scn", "CS", "SC", "SCN", "rg",
    "g", "k", "RG", "G", "K", "w", "J", "j", "M", "d", "ri", "i",
    "m", "l", "c", "v", "y", "h", "re",
};

#define BIT(code) ((uint64_t)1 << (code))

enum {
    OP_DROP = 1,                           /* not written */
    OP_JOINED_BT = 2,                      /* a BT dropped by joining */
    OP_IDENTITY = 4,                       /* write "1 0 0 1 0 0 Tm" before it */
    OP_NEW = 8,                            /* operands replaced: see Op.text */
    OP_AGAIN = 16,                         /* the fill colour set again before it */
};

typedef struct Op {
    uint32_t first, n;                     /* operand tokens */
    uint32_t name;                         /* the operator's token */
    uint8_t code;                          /* Code */
    uint8_t flags;
    int32_t again;                         /* OP_AGAIN: the fill colour written before */
    char text[112];                        /* OP_NEW: what is written instead */
} Op;

typedef struct Cs {
    const unsigned char *p;
    size_t n;
    Tok *tok;
    size_t n_tok, cap_tok;
    Op *op;
    size_t n_op, cap_op;
    bool unknown_fill;                     /* a mark in text with no known fill colour */
} Cs;

static void
push_tok(Cs *c, TokKind k, size_t at, size_t len)
{
    if (c->n_tok == c->cap_tok) {
        c->cap_tok = c->cap_tok ? 2 * c->cap_tok : 1024;
        c->tok = xrealloc(c->tok, c->cap_tok * sizeof *c->tok);
    }
    c->tok[c->n_tok++] = (Tok){(uint8_t)k, (uint32_t)at, (uint32_t)len};
}

/* The tokens and operations of the stream; false on what is not known. */
static bool
lex(Cs *c)
{
    PdfLex l = {c->p, c->p + c->n};
    PdfTok t;
    size_t first = 0;
    int depth = 0;                         /* inside [ ] or << >> */
    for (;;) {
        size_t at = 0;
        switch (pdflex_next(&l, &t)) {
        case PDFTOK_END:
            return depth == 0 && first == c->n_tok;   /* no operands left over */
        case PDFTOK_STRING:
            push_tok(c, T_STR, (size_t)(t.s - c->p), t.len);
            continue;
        case PDFTOK_HEX:
            push_tok(c, T_HEX, (size_t)(t.s - c->p), t.len);
            continue;
        case PDFTOK_NAME:
            push_tok(c, T_NAME, (size_t)(t.s - c->p), t.len);
            continue;
        case PDFTOK_ARRAY_OPEN:
        case PDFTOK_DICT_OPEN:
            depth++;
            push_tok(c, t.kind == PDFTOK_ARRAY_OPEN ? T_OPEN : T_DICT_OPEN,
                     (size_t)(t.s - c->p), t.len);
            continue;
        case PDFTOK_ARRAY_CLOSE:
        case PDFTOK_DICT_CLOSE:
            if (--depth < 0)
                return false;
            push_tok(c, t.kind == PDFTOK_ARRAY_CLOSE ? T_CLOSE : T_DICT_CLOSE,
                     (size_t)(t.s - c->p), t.len);
            continue;
        case PDFTOK_WORD:
            at = (size_t)(t.s - c->p);
            break;
        case PDFTOK_COMMENT:
        case PDFTOK_ERROR:
            return false;                  /* a comment, a stray ) > { } */
        }
        const unsigned char *p = c->p;
        size_t len = t.len;
        unsigned char ch = p[at];
        double v;
        bool number = (ch >= '0' && ch <= '9') || ch == '-' || ch == '+' || ch == '.';
        number = number && pdflex_number(p + at, len, &v);
        bool operand = depth > 0 || number
                       || (len == 4 && (memcmp(p + at, "true", 4) == 0
                                        || memcmp(p + at, "null", 4) == 0))
                       || (len == 5 && memcmp(p + at, "false", 5) == 0);
        push_tok(c, number ? T_NUM : T_WORD, at, len);
        if (operand)
            continue;
        /* an operator: inline images and compatibility sections are not
         * read (their data is not tokens) */
        if ((len == 2 && (memcmp(p + at, "BI", 2) == 0 || memcmp(p + at, "ID", 2) == 0
                          || memcmp(p + at, "BX", 2) == 0))
            || len > 3)
            return false;
        if (c->n_op == c->cap_op) {
            c->cap_op = c->cap_op ? 2 * c->cap_op : 256;
            c->op = xrealloc(c->op, c->cap_op * sizeof *c->op);
        }
        uint8_t code = C_OTHER;
        for (int k = 1; k < C_COUNT && code == C_OTHER; k++)
            if (code_names[k][0] == p[at] && strlen(code_names[k]) == len
                && memcmp(code_names[k], p + at, len) == 0)
                code = (uint8_t)k;
        c->op[c->n_op++] = (Op){.first = (uint32_t)first,
                                .n = (uint32_t)(c->n_tok - 1 - first),
                                .name = (uint32_t)(c->n_tok - 1), .code = code};
        first = c->n_tok;
    }
}

static bool
op_is(const Op *o, Code code)
{
    return o->code == code;
}

static bool
op_in(const Op *o, uint64_t codes)
{
    return (BIT(o->code) & codes) != 0;
}

static bool
operand_num(const Cs *c, const Op *o, uint32_t k, double *v)
{
    if (k >= o->n)
        return false;
    const Tok *t = &c->tok[o->first + k];
    return t->kind == T_NUM && pdflex_number(c->p + t->at, t->len, v);
}

/* Operators that may stand between two text objects joined into one. */
static const uint64_t in_text =
    BIT(C_w) | BIT(C_J) | BIT(C_j) | BIT(C_M) | BIT(C_d) | BIT(C_ri) | BIT(C_i) | BIT(C_CS)
    | BIT(C_cs) | BIT(C_SC) | BIT(C_SCN) | BIT(C_sc) | BIT(C_scn) | BIT(C_G) | BIT(C_g)
    | BIT(C_RG) | BIT(C_rg) | BIT(C_K) | BIT(C_k) | BIT(C_Tc) | BIT(C_Tw) | BIT(C_Tz)
    | BIT(C_TL) | BIT(C_Tf) | BIT(C_Tr) | BIT(C_Ts);
static const uint64_t marks = BIT(C_BDC) | BIT(C_BMC);

/* BDC [state] BT ... ET EMC -> [state] BT BDC ... EMC ET, where the text
 * object holds no marked content of its own. */
static void
move_marks_in(Cs *c)
{
    Op *o = c->op;
    for (size_t i = 0; i + 1 < c->n_op; i++) {
        if (!op_in(&o[i], marks))
            continue;
        size_t k = i + 1;                  /* the BT */
        while (k < c->n_op && op_in(&o[k], in_text))
            k++;
        if (k >= c->n_op || !op_is(&o[k], C_BT))
            continue;
        size_t j = k + 1;                  /* its ET */
        while (j < c->n_op && !op_is(&o[j], C_ET) && !op_is(&o[j], C_BT)
               && !op_in(&o[j], marks) && !op_is(&o[j], C_EMC))
            j++;
        if (j + 1 >= c->n_op || !op_is(&o[j], C_ET) || !op_is(&o[j + 1], C_EMC))
            continue;
        Op t = o[i];
        memmove(&o[i], &o[i + 1], (k - i) * sizeof *o);
        o[k] = t;
        t = o[j];
        o[j] = o[j + 1];
        o[j + 1] = t;
        i = j + 1;
    }
}

/* ET, operators allowed in a text object, BT: one text object. */
static void
join_text(Cs *c)
{
    Op *o = c->op;
    for (size_t i = 0; i < c->n_op; i++) {
        if (!op_is(&o[i], C_ET))
            continue;
        size_t k = i + 1;
        while (k < c->n_op && op_in(&o[k], in_text))
            k++;
        if (k < c->n_op && op_is(&o[k], C_BT)) {
            o[i].flags |= OP_DROP;
            o[k].flags |= OP_DROP | OP_JOINED_BT;
        }
    }
}

/* A number, up to `places` (<= 6) decimals, no trailing zeros, no leading
 * zero; |x| < 1e6 (the callers make sure). Returns its length. */
static int
fmt_num(char *b, size_t size, double x, int places)
{
    static const double scale[] = {1, 10, 100, 1e3, 1e4, 1e5, 1e6};
    bool neg = x < 0;
    double r = (neg ? -x : x) * scale[places] + 0.5;
    uint64_t v = (uint64_t)r, unit = (uint64_t)scale[places];
    uint64_t whole = v / unit, frac = v % unit;
    char t[40];
    int n = 0;
    if (neg && v != 0)
        t[n++] = '-';
    char digits[24];
    int nd = 0;
    do
        digits[nd++] = (char)('0' + whole % 10);
    while ((whole /= 10) != 0);
    if (!(nd == 1 && digits[0] == '0' && frac != 0))   /* .5, not 0.5 */
        while (nd > 0)
            t[n++] = digits[--nd];
    if (frac != 0) {
        t[n++] = '.';
        int k = places;
        while (frac % 10 == 0) {
            frac /= 10;
            k--;
        }
        for (int i = k - 1; i >= 0; i--) {
            uint64_t d = frac;
            for (int j = 0; j < i; j++)
                d /= 10;
            t[n++] = (char)('0' + d % 10);
        }
    }
    if (n == 0)
        t[n++] = '0';
    t[n] = '\0';
    return snprintf(b, size, "%s", t);
}

/* Text matrices: relative where the scale stays, fewer decimals. */
static void
relative_matrices(Cs *c)
{
    double m[6] = {1, 0, 0, 1, 0, 0};      /* the text line matrix */
    bool known = false, reset_due = false;
    const uint64_t shows = BIT(C_Tj) | BIT(C_TJ) | BIT(C_QUOTE) | BIT(C_DQUOTE) | BIT(C_Td)
                           | BIT(C_TD) | BIT(C_TSTAR);
    for (size_t i = 0; i < c->n_op; i++) {
        Op *o = &c->op[i];
        if (op_is(o, C_BT)) {
            if (o->flags & OP_JOINED_BT)
                reset_due = true;
            else {
                memcpy(m, (double[6]){1, 0, 0, 1, 0, 0}, sizeof m);
                known = true;
                reset_due = false;
            }
            continue;
        }
        if (o->flags & OP_DROP)
            continue;
        double v[6];
        if (op_is(o, C_Tm) && o->n == 6) {
            bool nums = true;              /* and not so large that %f is long */
            for (uint32_t k = 0; k < 6; k++)
                nums = nums && operand_num(c, o, k, &v[k]) && v[k] > -1e6 && v[k] < 1e6;
            for (int k = 0; k < 4 && nums; k++)   /* 6 decimals would make it 0 */
                nums = v[k] == 0 || v[k] >= 1e-3 || v[k] <= -1e-3;
            if (!nums) {                   /* kept as written: it sets the matrix */
                known = false;
                reset_due = false;
                continue;
            }
            char x[16], y[16];
            double rx = 0, ry = 0;
            bool moves = known && v[0] == m[0] && v[1] == 0 && m[1] == 0 && v[2] == 0
                         && m[2] == 0 && v[3] == m[3] && v[0] != 0 && v[3] != 0;
            if (moves) {
                rx = (v[4] - m[4]) / v[0];
                ry = (v[5] - m[5]) / v[3];
                moves = rx > -1e6 && rx < 1e6 && ry > -1e6 && ry < 1e6;
            }
            if (moves) {
                /* text space units: as many decimals as keep 0.0005 pt */
                double tx, ty, ax = v[0] < 0 ? -v[0] : v[0], ay = v[3] < 0 ? -v[3] : v[3];
                fmt_num(x, sizeof x, rx, ax <= 10 ? 4 : ax <= 100 ? 5 : 6);
                fmt_num(y, sizeof y, ry, ay <= 10 ? 4 : ay <= 100 ? 5 : 6);
                pdflex_number((const unsigned char *)x, strlen(x), &tx);
                pdflex_number((const unsigned char *)y, strlen(y), &ty);
                snprintf(o->text, sizeof o->text, "%s %s Td", x, y);
                m[4] += tx * m[0];
                m[5] += ty * m[3];
            } else {
                char a[16], b[16], cc[16], d[16];
                fmt_num(a, sizeof a, v[0], 6);
                fmt_num(b, sizeof b, v[1], 6);
                fmt_num(cc, sizeof cc, v[2], 6);
                fmt_num(d, sizeof d, v[3], 6);
                fmt_num(x, sizeof x, v[4], 3);
                fmt_num(y, sizeof y, v[5], 3);
                snprintf(o->text, sizeof o->text, "%s %s %s %s %s %s Tm", a, b, cc, d, x, y);
                const char *const f[6] = {a, b, cc, d, x, y};
                for (int k = 0; k < 6; k++)   /* the matrix as it is read back */
                    pdflex_number((const unsigned char *)f[k], strlen(f[k]), &m[k]);
                known = true;
            }
            o->flags |= OP_NEW;
            reset_due = false;
            continue;
        }
        if (op_in(o, shows) && reset_due) {
            o->flags |= OP_IDENTITY;       /* what the dropped BT did */
            memcpy(m, (double[6]){1, 0, 0, 1, 0, 0}, sizeof m);
            known = true;
            reset_due = false;
        }
        if (op_is(o, C_Td) && o->n == 2 && operand_num(c, o, 0, &v[0])
            && operand_num(c, o, 1, &v[1])) {
            m[4] += v[0] * m[0] + v[1] * m[2];
            m[5] += v[0] * m[1] + v[1] * m[3];
        } else if (op_in(o, BIT(C_Td) | BIT(C_TD) | BIT(C_TSTAR) | BIT(C_QUOTE) | BIT(C_DQUOTE)))
            known = false;
    }
}

/* The state operators tracked, each one component of the graphics state. */
enum { S_FILL, S_STROKE, S_W, S_J, S_JOIN, S_M, S_D, S_TF, S_TC, S_TW, S_TZ, S_TL, S_TS,
       S_TR, S_N };

/* The component an operator sets (*sets) or makes unknown, or -1. */
static int
state_slot(const Op *o, bool *sets)
{
    *sets = true;
    switch (o->code) {
    case C_rg: case C_g: case C_k: return S_FILL;
    case C_RG: case C_G: case C_K: return S_STROKE;
    case C_w: return S_W;
    case C_J: return S_J;
    case C_j: return S_JOIN;
    case C_M: return S_M;
    case C_d: return S_D;
    case C_Tf: return S_TF;
    case C_Tc: return S_TC;
    case C_Tw: return S_TW;
    case C_Tz: return S_TZ;
    case C_TL: return S_TL;
    case C_Ts: return S_TS;
    case C_Tr: return S_TR;
    default: break;
    }
    *sets = false;
    if (op_in(o, BIT(C_cs) | BIT(C_sc) | BIT(C_scn)))
        return S_FILL;
    if (op_in(o, BIT(C_CS) | BIT(C_SC) | BIT(C_SCN)))
        return S_STROKE;
    return -1;
}

/* The same operator with the same operands. */
static bool
same_op(const Cs *c, const Op *a, const Op *b)
{
    if (a->n != b->n || a->code != b->code)
        return false;
    for (uint32_t k = 0; k < a->n; k++) {
        const Tok *x = &c->tok[a->first + k], *y = &c->tok[b->first + k];
        if (x->kind != y->kind || x->len != y->len || memcmp(c->p + x->at, c->p + y->at, x->len))
            return false;
    }
    return true;
}

/* cur[S_FILL] before any fill operator: the initial DeviceGray black. */
#define FILL_INITIAL (-2)

/* State operators that set what is set already go; where a mark stands
 * inside a text object after text, the fill colour in force is noted to be
 * set again before it (see below). */
static void
drop_repeated_state(Cs *c)
{
    int32_t *stack = NULL;                 /* saved states: S_N op indexes each */
    size_t depth = 0, cap = 0;
    int32_t cur[S_N];
    for (int s = 0; s < S_N; s++)
        cur[s] = -1;
    cur[S_FILL] = FILL_INITIAL;            /* a page starts filling in black */
    bool in_bt = false, shown = false;
    for (size_t i = 0; i < c->n_op; i++) {
        Op *o = &c->op[i];
        if (o->flags & OP_DROP)
            continue;
        if (op_is(o, C_BT) || op_is(o, C_ET)) {
            in_bt = op_is(o, C_BT);
            shown = false;                 /* (MuPDF hands text over at ET) */
        }
        else if (op_in(o, BIT(C_Tj) | BIT(C_TJ) | BIT(C_QUOTE) | BIT(C_DQUOTE)))
            shown = true;
        else if (in_bt && shown && op_in(o, marks | BIT(C_EMC))) {
            /* MuPDF (1.21) keeps a text object's glyphs until ET or a
             * colour or stroke change, so glyphs shown before a mark inside
             * it would be seen after the mark: the fill colour set again
             * (no change to what is drawn) hands them over in place */
            if (cur[S_FILL] == -1)
                c->unknown_fill = true;
            else {
                o->again = cur[S_FILL];
                o->flags |= OP_AGAIN;
            }
            shown = false;
        }
        if (op_is(o, C_q)) {
            if (depth == cap) {
                cap = cap ? 2 * cap : 16;
                stack = xrealloc(stack, cap * S_N * sizeof *stack);
            }
            memcpy(stack + depth++ * S_N, cur, sizeof cur);
        } else if (op_is(o, C_Q)) {
            if (depth > 0)
                memcpy(cur, stack + --depth * S_N, sizeof cur);
            else
                for (int s = 0; s < S_N; s++)
                    cur[s] = -1;
        } else if (op_is(o, C_DQUOTE)) {   /* aw ac string ": sets Tw and Tc */
            cur[S_TC] = cur[S_TW] = -1;
        } else if (op_is(o, C_TD)) {       /* tx ty TD: sets TL */
            cur[S_TL] = -1;
        } else if (op_is(o, C_gs)) {       /* an ExtGState sets no colour */
            cur[S_W] = cur[S_J] = cur[S_JOIN] = cur[S_M] = cur[S_D] = cur[S_TF] = -1;
        } else {
            bool sets;
            int s = state_slot(o, &sets);
            if (s < 0)
                continue;
            if (!sets)
                cur[s] = -1;
            else if (cur[s] >= 0 && same_op(c, &c->op[cur[s]], o))
                o->flags |= OP_DROP;
            else
                cur[s] = (int32_t)i;
        }
    }
    free(stack);
}

typedef struct Out { unsigned char *b; size_t n, cap; } Out;

/* Room for n more bytes. */
static unsigned char *
out_room(Out *w, size_t n)
{
    if (w->n + n > w->cap) {
        while (w->n + n > w->cap)
            w->cap = w->cap ? 2 * w->cap : 4096;
        w->b = xrealloc(w->b, w->cap);
    }
    return w->b + w->n;
}

static void
out_put(Out *w, const void *p, size_t n)
{
    memcpy(out_room(w, n), p, n);
    w->n += n;
}

/* A token, with a space only where two regular characters would meet. */
static void
out_tok(Out *w, const unsigned char *t, size_t n)
{
    /* (an empty name, "/", ends in a delimiter but takes what follows) */
    if (n > 0 && w->n > 0 && (pdflex_is_regular(w->b[w->n - 1]) || w->b[w->n - 1] == '/')
        && pdflex_is_regular(t[0]))
        out_put(w, " ", 1);
    out_put(w, t, n);
}

static int
hex_digit(unsigned char h)
{
    return h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10;
}

/* <0041...> as (..): the same bytes, escaped where a literal string needs
 * it (a CR in a literal string would be read as a LF). */
static void
out_hex_as_literal(Out *w, const unsigned char *t, size_t n)
{
    unsigned char *o = out_room(w, n + 2), *start = o;  /* 2 digits -> at most 2 bytes */
    *o++ = '(';
    int hi = -1;
    for (size_t i = 1; i + 1 < n || (i + 1 == n && hi >= 0); i++) {
        int b;
        if (i + 1 == n)                    /* an odd digit count: a final 0 */
            b = hi << 4;
        else if (pdflex_is_space(t[i]))
            continue;
        else if (hi < 0) {
            hi = hex_digit(t[i]);
            continue;
        } else
            b = hi << 4 | hex_digit(t[i]);
        hi = -1;
        if (b == '(' || b == ')' || b == '\\')
            *o++ = '\\';
        if (b == '\r') {
            *o++ = '\\';
            b = 'r';
        }
        *o++ = (unsigned char)b;
    }
    *o++ = ')';
    w->n += (size_t)(o - start);
}

static void
write_ops(const Cs *c, Out *w)
{
    for (size_t i = 0; i < c->n_op; i++) {
        const Op *o = &c->op[i];
        if (o->flags & OP_DROP)
            continue;
        if (o->flags & OP_IDENTITY)
            out_tok(w, (const unsigned char *)"1 0 0 1 0 0 Tm\n", 15);
        if ((o->flags & OP_AGAIN) && o->again == FILL_INITIAL)
            out_tok(w, (const unsigned char *)"0 g\n", 4);
        else if (o->flags & OP_AGAIN) {
            const Op *f = &c->op[o->again];
            for (uint32_t k = 0; k <= f->n; k++) {
                const Tok *t = &c->tok[k < f->n ? f->first + k : f->name];
                out_tok(w, c->p + t->at, t->len);
            }
            out_put(w, "\n", 1);
        }
        if (o->flags & OP_NEW) {
            out_tok(w, (const unsigned char *)o->text, strlen(o->text));
        } else {
            for (uint32_t k = 0; k <= o->n; k++) {
                const Tok *t = &c->tok[k < o->n ? o->first + k : o->name];
                if (t->kind == T_HEX)
                    out_hex_as_literal(w, c->p + t->at, t->len);
                else
                    out_tok(w, c->p + t->at, t->len);
            }
        }
        /* a path's construction and its painting on one line, as cairo
         * writes them ("x y w h re S"); other operators one a line */
        if (!op_in(o, BIT(C_m) | BIT(C_l) | BIT(C_c) | BIT(C_v) | BIT(C_y) | BIT(C_h)
                          | BIT(C_re)))
            out_put(w, "\n", 1);
    }
}

unsigned char *
content_compact(const unsigned char *p, size_t n, size_t *out_n)
{
    Cs c = {.p = p, .n = n};
    unsigned char *res = NULL;
    if (n >= UINT32_MAX || !lex(&c))
        goto done;
    bool clips = false;                    /* text as a clip: it is applied at ET */
    for (size_t i = 0; i < c.n_op; i++) {
        double mode;
        if (op_is(&c.op[i], C_Tr) && (!operand_num(&c, &c.op[i], 0, &mode) || mode >= 4))
            clips = true;
    }
    if (!clips) {
        move_marks_in(&c);
        join_text(&c);
    }
    relative_matrices(&c);
    drop_repeated_state(&c);
    if (c.unknown_fill) {                  /* no colour to set again: text objects */
        c.n_tok = c.n_op = 0;              /* stay as they were */
        c.unknown_fill = false;
        if (!lex(&c))
            goto done;
        relative_matrices(&c);
        drop_repeated_state(&c);
    }
    Out w = {0};
    write_ops(&c, &w);
    res = w.b ? w.b : xmalloc(1);
    *out_n = w.n;
done:
    free(c.tok);
    free(c.op);
    return res;
}
