/*
 * hyphen.c: break points inside words, for the paragraphs that cannot be
 * set without them (inline.c's second pass: a line would otherwise be
 * spread past what its glue may take, or left short). Reads a paragraph's
 * clusters; writes, for each cluster, what break may come before it
 * (WordBreak), and shapes the hyphen drawn at such a line end.
 *
 * A word is a run of clusters that are neither spaces nor Japanese. Code
 * (a span in the code font), URLs (with "://" or "www.") and file names and
 * identifiers (a word with / _ = & ? or a dot between letters) break where
 * a reader expects: after / _ . - , ( ? & = and before (, never inside a
 * number (2.6.32, 1,980, 32-5) nor between two like marks (//), with three
 * characters at least on each side, and only in words of eight characters
 * or more (pv_ops and VT-x stay whole, as JLREQ keeps Latin words). Other
 * words of letters break at their own hyphens (hardware-assisted) and, when
 * `hyphenate` is set, where TeX's US English patterns allow (libhyphen with
 * Debian's hyphen-en-us, the patterns' own minimum of 2 letters before and
 * 3 after): only words of letters, lower case or capitalised (no acronyms,
 * no CamelCase), in no code span, and next to another word across a space
 * (English text: a word alone among Japanese characters is a name or an
 * identifier, libxenctrl). The patterns are loaded once per process, on
 * first use.
 * measured: loading the patterns takes 4.8 ms and 2.6 MiB (Debian's 106 KB
 * hyph_en_US.dic), a word 0.4 µs; the benchmark's documents are as fast
 * as without any of this (README, Benchmark).
 * Not done: other languages' patterns (a Latin word is taken for English),
 * words with letters past ASCII (left whole), a break inside a ligature.
 */
#include "inline_impl.h"

#include <hyphen.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "layout_impl.h"

#ifndef KUMIHAN_HYPHEN_DICT
#define KUMIHAN_HYPHEN_DICT "/usr/share/hyphen/hyph_en_US.dic"
#endif

#define MIN_BEFORE 2                       /* letters before a hyphen (TeX: lefthyphenmin) */
#define MIN_AFTER 3                        /* and after it (righthyphenmin) */
#define MIN_CODE_SIDE 3                    /* characters each side of a break in code */
#define MIN_CODE_WORD 8                    /* shorter code stays whole (pv_ops, VT-x) */
#define MAX_WORD 64                        /* longer words are not looked up */

/* --- the patterns --- */

static HyphenDict *patterns;
static pthread_once_t patterns_once = PTHREAD_ONCE_INIT;

static void
load_patterns(void)
{
    /* kept for the process (reachable, never freed): every document shares it */
    patterns = hnj_hyphen_load(KUMIHAN_HYPHEN_DICT);
}

static HyphenDict *
dict(Para *p, SrcPos pos)
{
    pthread_once(&patterns_once, load_patterns);
    Layout *lay = layout_state(p->doc);
    if (!patterns && !lay->hyphen_warned) {
        lay->hyphen_warned = true;
        diag_warn(p->doc, pos, "cannot read the hyphenation patterns %s (Debian: hyphen-en-us): "
                  "English words are not hyphenated", KUMIHAN_HYPHEN_DICT);
    }
    return patterns;
}

/* --- words --- */

static bool
is_letter(uint32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
is_digit(uint32_t c)
{
    return c >= '0' && c <= '9';
}

static bool
in_word(const Cluster *c)
{
    return !c->space && !jp_is_wide(c->first) && c->first > ' ' && c->ruby < 0;
}

static bool
code_font(const Para *p, const Cluster *c)
{
    const Span *sp = &p->text->spans[p->runs[c->run].span];
    return sp->style->font == FONT_MONO;
}

/* Code, a URL or a file name: breaks at its punctuation. */
static bool
code_like(const Para *p, const Cluster *cl, int w0, int w1)
{
    const char *t = p->text->buf;
    int b0 = cl[w0].b0, b1 = cl[w1 - 1].b1;
    for (int i = w0; i < w1; i++)
        if (code_font(p, &cl[i]))
            return true;
    for (int b = b0; b < b1; b++) {
        char c = t[b];
        if (c == '/' || c == '_' || c == '=' || c == '&' || c == '?')
            return true;
        if (c == ':' && b + 2 < b1 && t[b + 1] == '/' && t[b + 2] == '/')
            return true;
        if (c == '.' && b > b0 && b + 1 < b1 && is_letter((unsigned char)t[b - 1])
            && is_letter((unsigned char)t[b + 1]))
            return true;
    }
    return b1 - b0 > 4 && strncmp(t + b0, "www.", 4) == 0;
}

/* The characters of cluster i and its neighbours inside [w0, w1) (0 outside). */
static uint32_t
before_at(const Cluster *cl, int w0, int i)
{
    return i - 1 >= w0 ? cl[i - 1].last : 0;
}

static void
code_points(const Cluster *cl, int w0, int w1, uint8_t *kind)
{
    for (int i = w0 + MIN_CODE_SIDE; i <= w1 - MIN_CODE_SIDE; i++) {
        uint32_t a = cl[i - 1].last, b = cl[i].first;
        uint32_t a0 = before_at(cl, w0, i - 1);
        bool after = a == '/' || a == '_' || a == '.' || a == '-' || a == ',' || a == '('
                     || a == '?' || a == '&' || a == '=';
        if (!after && b != '(')
            continue;
        if (a == b || (is_digit(a0) && is_digit(b)) || (is_digit(a) && is_digit(b)))
            continue;                      /* // and numbers: 2.6.32, 1,980, 32-5 */
        if (b == ')' || b == ']' || b == '}' || b == ',' || b == '.' || b == ';' || b == ':')
            continue;                      /* closing marks stay with what they close */
        kind[i] = WB_CODE;
    }
}

/* Letters [l0, l1) of a word (clusters, one letter each): English hyphenation. */
static void
hyphenate_letters(Para *p, const Cluster *cl, int l0, int l1, uint8_t *kind, SrcPos pos)
{
    int len = l1 - l0;
    if (len < MIN_BEFORE + MIN_AFTER || len > MAX_WORD)
        return;
    char word[MAX_WORD + 1], marks[MAX_WORD + 5];
    for (int i = 0; i < len; i++) {
        uint32_t c = cl[l0 + i].first;
        if (i > 0 && c >= 'A' && c <= 'Z')
            return;                        /* an acronym or CamelCase: an identifier */
        word[i] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    word[len] = '\0';
    HyphenDict *d = dict(p, pos);
    if (!d)
        return;
    char **rep = NULL;
    int *rpos = NULL, *cut = NULL;
    if (hnj_hyphen_hyphenate3(d, word, len, marks, NULL, &rep, &rpos, &cut, MIN_BEFORE,
                              MIN_AFTER, MIN_BEFORE, MIN_AFTER) == 0) {
        /* an odd mark after letter k: a hyphen may follow it */
        for (int k = MIN_BEFORE - 1; k < len - MIN_AFTER; k++)
            if ((marks[k] & 1) && !(rep && rep[k]))
                kind[l0 + k + 1] = WB_HYPHEN;
    }
    if (rep) {
        for (int i = 0; i < len; i++)
            free(rep[i]);
        free(rep);
    }
    free(rpos);
    free(cut);
}

/* A word of letters and hyphens: breaks after its hyphens, and in its
 * words of letters (if hyphenate). */
static void
word_points(Para *p, const Cluster *cl, int w0, int w1, bool hyphenate, uint8_t *kind,
            SrcPos pos)
{
    for (int i = w0; i < w1; i++) {
        uint32_t c = cl[i].first;
        bool one = cl[i].b1 - cl[i].b0 == 1;   /* (a ligature: more than one letter) */
        if (!(one && (is_letter(c) || c == '-')))
            return;                        /* digits, marks, letters past ASCII: whole */
    }
    int run = w0;                          /* the letters since the last hyphen */
    for (int i = w0; i <= w1; i++) {
        if (i < w1 && cl[i].first != '-')
            continue;
        if (hyphenate && i - run >= MIN_BEFORE + MIN_AFTER)
            hyphenate_letters(p, cl, run, i, kind, pos);
        /* after the word's own hyphen: letters enough on both sides */
        int next = i + 1;
        while (next < w1 && cl[next].first != '-')
            next++;
        if (i < w1 && i - run >= MIN_BEFORE && next - (i + 1) >= MIN_AFTER)
            kind[i + 1] = WB_DASH;
        run = i + 1;
    }
}

int
hyphen_points(Para *p, const Cluster *cl, int n, bool hyphenate, uint8_t *kind, SrcPos pos)
{
    memset(kind, 0, (size_t)n);
    if (p->text->code)
        return 0;
    for (int i = 0; i < n;) {
        if (!in_word(&cl[i])) {
            i++;
            continue;
        }
        int w0 = i;
        while (i < n && in_word(&cl[i]))
            i++;
        /* leading and trailing marks ("(", ")", "." after a word) are not part of it */
        int a = w0, b = i;
        while (a < b && !is_letter(cl[a].first) && !is_digit(cl[a].first) && cl[a].first != '/'
               && cl[a].first != '.' && cl[a].first != '_')
            a++;
        while (b > a && !is_letter(cl[b - 1].last) && !is_digit(cl[b - 1].last)
               && cl[b - 1].last != '/' && cl[b - 1].last != '_')
            b--;
        if (b - a < 2)
            continue;
        /* English: a word next to another across a space; one alone among
         * Japanese characters is a name or an identifier (libxenctrl) */
        bool phrase = (w0 >= 2 && cl[w0 - 1].space && in_word(&cl[w0 - 2]))
                      || (i + 1 < n && cl[i].space && in_word(&cl[i + 1]));
        if (code_like(p, cl, a, b)) {
            if (b - a >= MIN_CODE_WORD)
                code_points(cl, a, b, kind);
        }
        else
            word_points(p, cl, a, b, hyphenate && phrase, kind, pos);
    }
    int found = 0;
    for (int i = 0; i < n; i++)
        found += kind[i] != WB_NONE;
    return found;
}

/* --- the hyphen drawn --- */

void
hyphen_glyph(Para *p, int run, uint32_t *glyph, Unit *width)
{
    if (!p->hyphens)
        p->hyphens = calloc((size_t)p->n_runs, sizeof *p->hyphens);
    if (!p->hyphens)
        abort();                           /* (out of memory) */
    Hyphen *h = &p->hyphens[run];
    if (!h->made) {
        /* the run's font and analysis: the hyphen it would draw for "-" */
        PangoGlyphString *g = pango_glyph_string_new();
        pango_shape_with_flags("-", 1, "-", 1, &p->runs[run].item->analysis, g,
                               PANGO_SHAPE_NONE);
        h->glyph = g->num_glyphs > 0 ? g->glyphs[0].glyph : PANGO_GLYPH_EMPTY;
        h->width = g->num_glyphs > 0 ? g->glyphs[0].geometry.width : 0;
        h->made = true;
        pango_glyph_string_free(g);
    }
    *glyph = h->glyph;
    *width = h->width;
}
