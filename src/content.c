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
 * four passes over that list, and written out. Only what ISO 32000-1 allows
 * is done:
 *  - text objects may hold general graphics state, colour, text state and
 *    marked-content operators (Figure 9 of 8.2); a marked-content sequence
 *    inside a text object must end in it (14.6), hence the move of a
 *    sequence that wraps exactly one text object into it before joining;
 *  - the text line matrix is the identity at BT and only Tm, Td, TD, T*,
 *    ' and " change it (9.4.2): where a BT is dropped, the next positioning
 *    is a Tm (cairo always writes one) or an identity Tm is written first;
 *  - the state operators dropped set a state that q/Q saved and restored
 *    with the rest of the graphics state (8.4.2); gs may set any of them,
 *    so after it nothing is known.
 */
#include "content.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

typedef enum {
    T_NUM, T_NAME, T_STR, T_HEX, T_OPEN, T_CLOSE, T_DICT_OPEN, T_DICT_CLOSE, T_WORD
} TokKind;

typedef struct Tok {
    uint8_t kind;
    uint32_t at, len;                      /* bytes of the input */
} Tok;

enum {
    OP_DROP = 1,                           /* not written */
    OP_JOINED_BT = 2,                      /* a BT dropped by joining */
    OP_IDENTITY = 4,                       /* write "1 0 0 1 0 0 Tm" before it */
    OP_NEW = 8,                            /* operands replaced: see Op.text */
};

typedef struct Op {
    uint32_t first, n;                     /* operand tokens */
    uint32_t name;                         /* the operator's token */
    uint8_t flags;
    char text[112];                        /* OP_NEW: what is written instead */
} Op;

typedef struct Cs {
    const unsigned char *p;
    size_t n;
    Tok *tok;
    size_t n_tok, cap_tok;
    Op *op;
    size_t n_op, cap_op;
} Cs;

static bool
is_space(int c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

static bool
is_delim(int c)
{
    return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{'
           || c == '}' || c == '/' || c == '%';
}

static bool
is_regular(int c)
{
    return !is_space(c) && !is_delim(c);
}

static void
push_tok(Cs *c, TokKind k, size_t at, size_t len)
{
    if (c->n_tok == c->cap_tok) {
        c->cap_tok = c->cap_tok ? 2 * c->cap_tok : 1024;
        c->tok = xrealloc(c->tok, c->cap_tok * sizeof *c->tok);
    }
    c->tok[c->n_tok++] = (Tok){(uint8_t)k, (uint32_t)at, (uint32_t)len};
}

/* A PDF number: sign, digits, at most one point; false for anything else. */
static bool
num_value(const unsigned char *s, size_t n, double *out)
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

/* The tokens and operations of the stream; false on what is not known. */
static bool
lex(Cs *c)
{
    const unsigned char *p = c->p;
    size_t i = 0, n = c->n, first = 0;
    int depth = 0;                         /* inside [ ] or << >> */
    while (i < n) {
        unsigned char ch = p[i];
        if (is_space(ch)) {
            i++;
            continue;
        }
        size_t at = i;
        if (ch == '(') {
            int nest = 0;
            for (; i < n; i++) {
                if (p[i] == '\\')
                    i++;
                else if (p[i] == '(')
                    nest++;
                else if (p[i] == ')' && --nest == 0)
                    break;
            }
            if (i >= n)
                return false;
            push_tok(c, T_STR, at, ++i - at);
        } else if (ch == '<' && i + 1 < n && p[i + 1] == '<') {
            push_tok(c, T_DICT_OPEN, at, 2);
            i += 2;
            depth++;
        } else if (ch == '>' && i + 1 < n && p[i + 1] == '>') {
            if (--depth < 0)
                return false;
            push_tok(c, T_DICT_CLOSE, at, 2);
            i += 2;
        } else if (ch == '<') {
            while (i < n && p[i] != '>') {
                unsigned char h = p[i];
                if (i > at && !is_space(h) && !((h >= '0' && h <= '9') || (h >= 'a' && h <= 'f')
                                                || (h >= 'A' && h <= 'F')))
                    return false;
                i++;
            }
            if (i >= n)
                return false;
            push_tok(c, T_HEX, at, ++i - at);
        } else if (ch == '[' || ch == ']') {
            if (ch == ']' && --depth < 0)
                return false;
            if (ch == '[')
                depth++;
            push_tok(c, ch == '[' ? T_OPEN : T_CLOSE, at, 1);
            i++;
        } else if (ch == '/') {
            i++;
            while (i < n && is_regular(p[i]))
                i++;
            push_tok(c, T_NAME, at, i - at);
        } else if (is_regular(ch)) {
            while (i < n && is_regular(p[i]))
                i++;
            double v;
            size_t len = i - at;
            bool number = num_value(p + at, len, &v);
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
            c->op[c->n_op++] = (Op){.first = (uint32_t)first,
                                    .n = (uint32_t)(c->n_tok - 1 - first),
                                    .name = (uint32_t)(c->n_tok - 1)};
            first = c->n_tok;
        } else
            return false;                  /* a comment, a stray ) > { } */
    }
    return depth == 0 && first == c->n_tok;   /* no operands left over */
}

static bool
op_is(const Cs *c, const Op *o, const char *name)
{
    const Tok *t = &c->tok[o->name];
    size_t n = strlen(name);
    return t->len == n && memcmp(c->p + t->at, name, n) == 0;
}

static bool
op_in(const Cs *c, const Op *o, const char *const *names)
{
    for (; *names; names++)
        if (op_is(c, o, *names))
            return true;
    return false;
}

static bool
operand_num(const Cs *c, const Op *o, uint32_t k, double *v)
{
    if (k >= o->n)
        return false;
    const Tok *t = &c->tok[o->first + k];
    return t->kind == T_NUM && num_value(c->p + t->at, t->len, v);
}

/* Operators that may stand between two text objects joined into one. */
static const char *const in_text[] = {
    "w", "J", "j", "M", "d", "ri", "i", "CS", "cs", "SC", "SCN", "sc", "scn", "G", "g",
    "RG", "rg", "K", "k", "Tc", "Tw", "Tz", "TL", "Tf", "Tr", "Ts", NULL
};
static const char *const marks[] = {"BDC", "BMC", NULL};

/* BDC [state] BT ... ET EMC -> [state] BT BDC ... EMC ET, where the text
 * object holds no marked content of its own. */
static void
move_marks_in(Cs *c)
{
    Op *o = c->op;
    for (size_t i = 0; i + 1 < c->n_op; i++) {
        if (!op_in(c, &o[i], marks))
            continue;
        size_t k = i + 1;                  /* the BT */
        while (k < c->n_op && op_in(c, &o[k], in_text))
            k++;
        if (k >= c->n_op || !op_is(c, &o[k], "BT"))
            continue;
        size_t j = k + 1;                  /* its ET */
        while (j < c->n_op && !op_is(c, &o[j], "ET") && !op_is(c, &o[j], "BT")
               && !op_in(c, &o[j], marks) && !op_is(c, &o[j], "EMC"))
            j++;
        if (j + 1 >= c->n_op || !op_is(c, &o[j], "ET") || !op_is(c, &o[j + 1], "EMC"))
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
        if (!op_is(c, &o[i], "ET"))
            continue;
        size_t k = i + 1;
        while (k < c->n_op && op_in(c, &o[k], in_text))
            k++;
        if (k < c->n_op && op_is(c, &o[k], "BT")) {
            o[i].flags |= OP_DROP;
            o[k].flags |= OP_DROP | OP_JOINED_BT;
        }
    }
}

/* A number, up to `places` decimals, no trailing zeros, no leading zero. */
static int
fmt_num(char *b, size_t size, double x, int places)
{
    char t[64];
    snprintf(t, sizeof t, "%.*f", places, x);
    char *dot = strchr(t, '.');
    if (dot) {
        char *e = t + strlen(t);
        while (e > dot + 1 && e[-1] == '0')
            *--e = '\0';
        if (e == dot + 1)
            *dot = '\0';
    }
    const char *s = t;
    if (strcmp(t, "-0") == 0)
        s = "0";
    else if (t[0] == '0' && t[1] == '.')
        s = t + 1;
    else if (t[0] == '-' && t[1] == '0' && t[2] == '.') {
        t[1] = '-';
        s = t + 1;
    }
    return snprintf(b, size, "%s", s);
}

/* Text matrices: relative where the scale stays, fewer decimals. */
static void
relative_matrices(Cs *c)
{
    double m[6] = {1, 0, 0, 1, 0, 0};      /* the text line matrix */
    bool known = false, reset_due = false;
    static const char *const shows[] = {"Tj", "TJ", "'", "\"", "Td", "TD", "T*", NULL};
    for (size_t i = 0; i < c->n_op; i++) {
        Op *o = &c->op[i];
        if (op_is(c, o, "BT")) {
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
        if (op_is(c, o, "Tm") && o->n == 6) {
            bool nums = true;              /* and not so large that %f is long */
            for (uint32_t k = 0; k < 6; k++)
                nums = nums && operand_num(c, o, k, &v[k]) && v[k] > -1e6 && v[k] < 1e6;
            if (!nums) {
                known = false;
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
                double tx, ty;
                fmt_num(x, sizeof x, rx, 4);
                fmt_num(y, sizeof y, ry, 4);
                num_value((const unsigned char *)x, strlen(x), &tx);
                num_value((const unsigned char *)y, strlen(y), &ty);
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
                    num_value((const unsigned char *)f[k], strlen(f[k]), &m[k]);
                known = true;
            }
            o->flags |= OP_NEW;
            reset_due = false;
            continue;
        }
        if (op_in(c, o, shows) && reset_due) {
            o->flags |= OP_IDENTITY;       /* what the dropped BT did */
            memcpy(m, (double[6]){1, 0, 0, 1, 0, 0}, sizeof m);
            known = true;
            reset_due = false;
        }
        if (op_is(c, o, "Td") && o->n == 2 && operand_num(c, o, 0, &v[0])
            && operand_num(c, o, 1, &v[1])) {
            m[4] += v[0] * m[0] + v[1] * m[2];
            m[5] += v[0] * m[1] + v[1] * m[3];
        } else if (op_in(c, o, (const char *const[]){"Td", "TD", "T*", "'", "\"", NULL}))
            known = false;
    }
}

/* The state operators tracked, each one component of the graphics state. */
enum { S_FILL, S_STROKE, S_W, S_J, S_JOIN, S_M, S_D, S_TF, S_TC, S_TW, S_TZ, S_TL, S_TS,
       S_TR, S_N };

static int
state_slot(const Cs *c, const Op *o, bool *sets)
{
    static const struct { const char *op; int slot; bool sets; } tab[] = {
        {"rg", S_FILL, true}, {"g", S_FILL, true}, {"k", S_FILL, true},
        {"cs", S_FILL, false}, {"sc", S_FILL, false}, {"scn", S_FILL, false},
        {"RG", S_STROKE, true}, {"G", S_STROKE, true}, {"K", S_STROKE, true},
        {"CS", S_STROKE, false}, {"SC", S_STROKE, false}, {"SCN", S_STROKE, false},
        {"w", S_W, true}, {"J", S_J, true}, {"j", S_JOIN, true}, {"M", S_M, true},
        {"d", S_D, true}, {"Tf", S_TF, true}, {"Tc", S_TC, true}, {"Tw", S_TW, true},
        {"Tz", S_TZ, true}, {"TL", S_TL, true}, {"Ts", S_TS, true}, {"Tr", S_TR, true},
    };
    for (size_t k = 0; k < sizeof tab / sizeof tab[0]; k++)
        if (op_is(c, o, tab[k].op)) {
            *sets = tab[k].sets;
            return tab[k].slot;
        }
    return -1;
}

/* The same operator with the same operands. */
static bool
same_op(const Cs *c, const Op *a, const Op *b)
{
    if (a->n != b->n || c->tok[a->name].len != c->tok[b->name].len
        || memcmp(c->p + c->tok[a->name].at, c->p + c->tok[b->name].at, c->tok[a->name].len))
        return false;
    for (uint32_t k = 0; k < a->n; k++) {
        const Tok *x = &c->tok[a->first + k], *y = &c->tok[b->first + k];
        if (x->kind != y->kind || x->len != y->len || memcmp(c->p + x->at, c->p + y->at, x->len))
            return false;
    }
    return true;
}

/* State operators that set what is set already go. */
static void
drop_repeated_state(Cs *c)
{
    int32_t *stack = NULL;                 /* saved states: S_N op indexes each */
    size_t depth = 0, cap = 0;
    int32_t cur[S_N];
    for (int s = 0; s < S_N; s++)
        cur[s] = -1;
    for (size_t i = 0; i < c->n_op; i++) {
        Op *o = &c->op[i];
        if (o->flags & OP_DROP)
            continue;
        if (op_is(c, o, "q")) {
            if (depth == cap) {
                cap = cap ? 2 * cap : 16;
                stack = xrealloc(stack, cap * S_N * sizeof *stack);
            }
            memcpy(stack + depth++ * S_N, cur, sizeof cur);
        } else if (op_is(c, o, "Q")) {
            if (depth > 0)
                memcpy(cur, stack + --depth * S_N, sizeof cur);
            else
                for (int s = 0; s < S_N; s++)
                    cur[s] = -1;
        } else if (op_is(c, o, "gs")) {
            for (int s = 0; s < S_N; s++)
                cur[s] = -1;
        } else {
            bool sets;
            int s = state_slot(c, o, &sets);
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

static void
out_put(Out *w, const void *p, size_t n)
{
    if (w->n + n + 1 > w->cap) {
        while (w->n + n + 1 > w->cap)
            w->cap = w->cap ? 2 * w->cap : 4096;
        w->b = xrealloc(w->b, w->cap);
    }
    memcpy(w->b + w->n, p, n);
    w->n += n;
}

/* A token, with a space only where two regular characters would meet. */
static void
out_tok(Out *w, const unsigned char *t, size_t n)
{
    if (n > 0 && w->n > 0 && is_regular(w->b[w->n - 1]) && is_regular(t[0]))
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
    out_put(w, "(", 1);
    int hi = -1;
    for (size_t i = 1; i + 1 < n; i++) {
        if (is_space(t[i]))
            continue;
        if (hi < 0) {
            hi = hex_digit(t[i]);
            continue;
        }
        unsigned char b = (unsigned char)(hi << 4 | hex_digit(t[i]));
        hi = -1;
        if (b == '(' || b == ')' || b == '\\')
            out_put(w, "\\", 1);
        if (b == '\r')
            out_put(w, "\\r", 2);
        else
            out_put(w, &b, 1);
    }
    if (hi >= 0) {                         /* an odd digit count: a final 0 */
        unsigned char b = (unsigned char)(hi << 4);
        if (b == '(' || b == ')' || b == '\\')
            out_put(w, "\\", 1);
        out_put(w, &b, 1);
    }
    out_put(w, ")", 1);
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
        if (op_is(&c, &c.op[i], "Tr") && (!operand_num(&c, &c.op[i], 0, &mode) || mode >= 4))
            clips = true;
    }
    if (!clips) {
        move_marks_in(&c);
        join_text(&c);
    }
    relative_matrices(&c);
    drop_repeated_state(&c);
    Out w = {0};
    write_ops(&c, &w);
    res = w.b ? w.b : xmalloc(1);
    *out_n = w.n;
done:
    free(c.tok);
    free(c.op);
    return res;
}
