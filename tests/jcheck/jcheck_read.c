/*
 * jcheck_read.c: the checker's reading (jcheck.h): the programs it runs (mutool for the
 * glyphs, pdftotext for the text), MuPDF's structured-text XML streamed tag by tag into
 * pages, and the spurious-space count over pdftotext's text.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "jcheck.h"

/* --- small utilities --- */

void *
xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        fprintf(stderr, "jcheck: out of memory\n");
        exit(2);
    }
    return q;
}

char *
xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = xrealloc(NULL, n);
    memcpy(d, s, n);
    return d;
}

void
finding_add(Finding *f, const char *fmt, ...)
{
    if (f->count < MAX_EXAMPLES) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(NULL, 0, fmt, ap);
        va_end(ap);
        char *s = xrealloc(NULL, (size_t)n + 1);
        va_start(ap, fmt);
        vsnprintf(s, (size_t)n + 1, fmt, ap);
        va_end(ap);
        f->ex[f->count] = s;
    }
    f->count++;
}

size_t
utf8_put(char *out, uint32_t cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Decode one UTF-8 sequence at s (n bytes left); U+FFFD and 1 byte for bad input. */
uint32_t
utf8_get(const unsigned char *s, size_t n, size_t *used)
{
    *used = 1;
    if (s[0] < 0x80)
        return s[0];
    int len = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC0 ? 2 : 0;
    if (len == 0 || (size_t)len > n)
        return 0xFFFD;
    uint32_t cp = s[0] & (0x3F >> (len - 1));
    for (int i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0xFFFD;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    *used = (size_t)len;
    return cp;
}


/* --- running programs --- */

char tmp_dir[4096];
char tmp_xml[4200];
char tmp_err[4200];

void
cleanup(void)
{
    if (tmp_xml[0])
        unlink(tmp_xml);
    if (tmp_err[0])
        unlink(tmp_err);
    if (tmp_dir[0])
        rmdir(tmp_dir);
}

void
on_signal(int sig)
{
    cleanup();                  /* unlink and rmdir are async-signal-safe */
    _exit(128 + sig);
}

/* Start argv[0] with stdout on out_fd (or a new pipe when out_fd < 0, returned in *rd)
 * and stderr on err_fd. Returns the pid, -1 if it could not start. */
static pid_t
spawn(char *const argv[], int out_fd, int err_fd, FILE **rd)
{
    int pfd[2] = {-1, -1};
    if (out_fd < 0) {
        if (pipe(pfd) != 0)
            return -1;
        out_fd = pfd[1];
    }
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        if (pfd[0] >= 0)
            close(pfd[0]);
        dup2(out_fd, 1);
        if (err_fd >= 0)
            dup2(err_fd, 2);
        execvp(argv[0], argv);
        fprintf(stderr, "jcheck: cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    if (pfd[1] >= 0)
        close(pfd[1]);
    if (pid < 0) {
        if (pfd[0] >= 0)
            close(pfd[0]);
        return -1;
    }
    if (rd)
        *rd = pfd[0] >= 0 ? fdopen(pfd[0], "r") : NULL;
    return pid;
}

static int
finish(pid_t pid)
{
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void
print_file(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    char buf[512];
    while (fgets(buf, sizeof buf, f))
        fputs(buf, stderr);
    fclose(f);
}

/* Number of pages, from `mutool pages` (one "<page pagenum=..." per page); -1 if
 * mutool cannot tell. */
int
pdf_page_count(const char *pdf)
{
    char *argv[] = {"mutool", "pages", (char *)pdf, NULL};
    int devnull = open("/dev/null", O_WRONLY);
    FILE *rd = NULL;
    pid_t pid = spawn(argv, -1, devnull, &rd);
    if (devnull >= 0)
        close(devnull);
    if (pid < 0)
        return -1;
    int n = 0;
    if (rd) {
        char buf[256];
        while (fgets(buf, sizeof buf, rd))
            if (strncmp(buf, "<page ", 6) == 0)
                n++;
        fclose(rd);
    }
    if (finish(pid) != 0)
        return -1;
    return n;
}

/* Pages [first, last] (0 = all) of pdf as MuPDF structured text, in tmp_xml. */
bool
extract_stext(const char *pdf, int first, int last)
{
    char range[64] = "";
    if (first > 0)
        snprintf(range, sizeof range, "%d-%d", first, last);
    char *argv[] = {"mutool", "convert", "-F", "stext", "-O", "inhibit-spaces",
                    "-o", tmp_xml, (char *)pdf, range[0] ? range : NULL, NULL};
    int err = open(tmp_err, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    pid_t pid = spawn(argv, err, err, NULL);
    if (err >= 0)
        close(err);
    int st = pid < 0 ? -1 : finish(pid);
    if (st != 0) {
        fprintf(stderr, "jcheck: mutool convert failed on %s (status %d)\n", pdf, st);
        print_file(tmp_err);
        return false;
    }
    return true;
}

/* --- MuPDF structured-text XML, streamed tag by tag --- */

typedef struct {
    FILE *f;
    char *tag;                  /* text between < and >, NUL-ended */
    size_t len, cap;
} Xml;

static void
xml_push(Xml *x, int ch)
{
    if (x->len + 1 >= x->cap) {
        x->cap = x->cap ? x->cap * 2 : 256;
        x->tag = xrealloc(x->tag, x->cap);
    }
    x->tag[x->len++] = (char)ch;
}

static bool
xml_next(Xml *x)
{
    int ch;
    while ((ch = getc_unlocked(x->f)) != EOF && ch != '<') {
    }
    if (ch == EOF)
        return false;
    x->len = 0;
    int quote = 0;
    while ((ch = getc_unlocked(x->f)) != EOF) {
        if (quote) {
            if (ch == quote)
                quote = 0;
        } else if (ch == '"' || ch == '\'') {
            quote = ch;
        } else if (ch == '>') {
            break;
        }
        xml_push(x, ch);
    }
    xml_push(x, '\0');
    return true;
}

static bool
tag_is(const char *tag, const char *name)
{
    size_t n = strlen(name);
    return strncmp(tag, name, n) == 0
           && (tag[n] == '\0' || tag[n] == ' ' || tag[n] == '/' || tag[n] == '\t'
               || tag[n] == '\n');
}

/* The value of attribute `name`, up to its closing quote (not NUL-ended); NULL if absent. */
static const char *
xml_attr(const char *tag, const char *name, size_t *len)
{
    size_t n = strlen(name);
    for (const char *p = tag; (p = strstr(p, name)) != NULL; p += n) {
        if (p == tag || (p[-1] != ' ' && p[-1] != '\t' && p[-1] != '\n'))
            continue;
        if (p[n] != '=' || (p[n + 1] != '"' && p[n + 1] != '\''))
            continue;
        const char *v = p + n + 2;
        const char *e = strchr(v, p[n + 1]);
        if (!e)
            return NULL;
        *len = (size_t)(e - v);
        return v;
    }
    return NULL;
}

static bool
attr_num(const char *tag, const char *name, double *out)
{
    size_t len;
    const char *v = xml_attr(tag, name, &len);
    if (!v)
        return false;
    char *end;
    *out = strtod(v, &end);
    return end != v;
}

/* First code point of an attribute value: entities &#x..; &#..; &amp; &lt; &gt; &quot;
 * &apos; or UTF-8. Returns 0 for an empty value. */
static uint32_t
decode_char(const char *v, size_t len)
{
    if (len == 0)
        return 0;
    if (v[0] != '&') {
        size_t used;
        return utf8_get((const unsigned char *)v, len, &used);
    }
    static const struct {
        const char *name;
        uint32_t cp;
    } named[] = {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'},
                 {"&apos;", '\''}};
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
        size_t n = strlen(named[i].name);
        if (len >= n && strncmp(v, named[i].name, n) == 0)
            return named[i].cp;
    }
    if (len > 2 && v[1] == '#') {
        bool hex = v[2] == 'x' || v[2] == 'X';
        unsigned long cp = strtoul(v + (hex ? 3 : 2), NULL, hex ? 16 : 10);
        return cp > 0x10FFFF ? 0xFFFD : (uint32_t)cp;
    }
    return '&';
}


/* The base char of a vertical presentation form (U+FE10-FE19, FE30-FE48): LuaTeX-ja's
 * vertical glyphs map to these, so 「 reads as U+FE41. The full-width forms are taken
 * where the vertical glyph is full width (the compatibility mapping names ASCII). */
static uint32_t
fold_vertical_form(uint32_t cp)
{
    static const uint32_t fe10[] = {0xFF0C, 0x3001, 0x3002, 0xFF1A, 0xFF1B, 0xFF01, 0xFF1F,
                                    0x3016, 0x3017, 0x2026};
    static const uint32_t fe30[] = {0x2025, 0x2014, 0x2013, 0xFF3F, 0xFF3F, 0xFF08, 0xFF09,
                                    0xFF5B, 0xFF5D, 0x3014, 0x3015, 0x3010, 0x3011, 0x300A,
                                    0x300B, 0x3008, 0x3009, 0x300C, 0x300D, 0x300E, 0x300F,
                                    0xFE45, 0xFE46, 0xFF3B, 0xFF3D};
    if (cp >= 0xFE10 && cp <= 0xFE19)
        return fe10[cp - 0xFE10];
    if (cp >= 0xFE30 && cp <= 0xFE48)
        return fe30[cp - 0xFE30];
    return cp;
}

/* Read one MuPDF stext XML stream; process each page as it ends. */
void
read_stext(Report *r, FILE *f, Page *pg)
{
    Xml x = {f, NULL, 0, 0};
    double size = 0;
    bool line_ok = true, in_page = false;
    int group = 0;
    CharKind kind = CHAR_HORIZONTAL;
    while (xml_next(&x)) {
        const char *t = x.tag;
        if (tag_is(t, "page")) {
            if (in_page)
                process_page(r, pg);    /* a page left open */
            in_page = true;
            pg->n = 0;
            pg->number++;
            size = 0;
        } else if (tag_is(t, "/page")) {
            if (in_page)
                process_page(r, pg);
            in_page = false;
        } else if (tag_is(t, "line")) {
            group++;
            double wmode = 0, dx = 1, dy = 0;
            attr_num(t, "wmode", &wmode);
            size_t len;
            const char *d = xml_attr(t, "dir", &len);
            if (d && sscanf(d, "%lf %lf", &dx, &dy) != 2)
                dx = 1, dy = 0;
            line_ok = true;
            if (wmode == 1 && fabs(dx) < 0.01 && dy > 0.99)
                kind = CHAR_VERTICAL;
            else if (wmode == 0 && fabs(dx) < 0.01 && dy > 0.99)
                kind = CHAR_SIDEWAYS;
            else if (wmode == 0 && dx > 0.99 && fabs(dy) < 0.01)
                kind = CHAR_HORIZONTAL;
            else
                line_ok = false;        /* upside down, running upward, slanted */
        } else if (tag_is(t, "font")) {
            if (!attr_num(t, "size", &size))
                size = 0;
        } else if (tag_is(t, "/font")) {
            size = 0;
        } else if (tag_is(t, "char")) {
            size_t len;
            const char *q = xml_attr(t, "quad", &len);
            const char *cv = xml_attr(t, "c", &len);
            double qd[8], cx, cy;
            if (!line_ok || !q || !cv || !attr_num(t, "x", &cx) || !attr_num(t, "y", &cy))
                continue;
            if (sscanf(q, "%lf %lf %lf %lf %lf %lf %lf %lf", &qd[0], &qd[1], &qd[2], &qd[3],
                       &qd[4], &qd[5], &qd[6], &qd[7]) != 8)
                continue;
            if (kind == CHAR_HORIZONTAL && fabs(qd[1] - qd[3]) > 0.01 * fmax(1, qd[2] - qd[0]))
                continue;       /* not upright horizontal */
            uint32_t cp = fold_vertical_form(decode_char(cv, len));
            if (cp == 0)
                continue;
            if (pg->n == pg->cap) {
                pg->cap = pg->cap ? pg->cap * 2 : 4096;
                pg->c = xrealloc(pg->c, sizeof(Char) * (size_t)pg->cap);
            }
            Char *c = &pg->c[pg->n++];
            *c = (Char){cp, cx, cy, qd[0], qd[2], qd[5] - qd[1], size, group, kind, true, cx, cy,
                        qd[0], qd[1], qd[0], qd[1]};
            for (int k = 2; k < 8; k += 2) {
                c->bx0 = fmin(c->bx0, qd[k]);
                c->bx1 = fmax(c->bx1, qd[k]);
                c->by0 = fmin(c->by0, qd[k + 1]);
                c->by1 = fmax(c->by1, qd[k + 1]);
            }
        }
    }
    if (in_page)
        process_page(r, pg);            /* a truncated stream */
    free(x.tag);
}


/* --- vertical pages: columns turned into lines --- */

/* The em of a char before fix_unknown_sizes: its font size, else its box across. */
static double
char_em(const Char *c)
{
    return c->size > 0 ? c->size : fmax(c->bx1 - c->bx0, 1);
}

/* Is char i alone in its mutool line, and set upright? MuPDF cannot join upright glyphs
 * one below the other (horizontal fonts set in a column, as cairo, LuaTeX-ja and Pango's
 * vertical gravity draw them) into a line: each is a line of its own. */
static bool
lone_upright(const Page *pg, int i)
{
    const Char *c = &pg->c[i];
    return c->kind == CHAR_HORIZONTAL && (i == 0 || pg->c[i - 1].group != c->group)
           && (i + 1 == pg->n || pg->c[i + 1].group != c->group);
}

/* The size to count chars of: the document's most common so far, else the page's. */
static double
likely_body_size(const Report *r, const Page *pg)
{
    int best = -1;
    for (int k = 0; k < r->nsizes; k++)
        if (best < 0 || r->size_counts[k] > r->size_counts[best])
            best = k;
    if (best >= 0)
        return r->sizes[best];
    double size = 0;
    int most = 0;
    for (int i = 0; i < pg->n; i++) {
        int count = 0;
        for (int k = 0; k < pg->n; k++)
            count += fabs(pg->c[k].size - pg->c[i].size) < 0.01;
        if (count > most) {
            most = count;
            size = pg->c[i].size;
        }
    }
    return size;
}

/* Does the page read in columns? It does when most of its body-size chars (all chars
 * when sizes are unknown) are in vertical or sideways lines, or are upright chars each
 * alone in its line and stacked on the next one (its centre line within COLUMN_TOL_EM,
 * its baseline below by less than 1.5 em). A running head across the top of a page with
 * a column or two is not counted. */
static bool
looks_vertical(const Report *r, const Page *pg)
{
    int cols = 0, rows = 0;
    bool stacked_prev = false;
    double body = likely_body_size(r, pg);
    for (int i = 0; i < pg->n; i++) {
        const Char *c = &pg->c[i];
        bool stacked = false;
        if (body > 0 && c->size > 0 && fabs(round(c->size * 100) / 100 - body) >= 0.01) {
            stacked_prev = false;
            continue;
        }
        if (c->kind != CHAR_HORIZONTAL) {
            cols++;
        } else {
            if (lone_upright(pg, i) && i + 1 < pg->n && lone_upright(pg, i + 1)) {
                const Char *d = &pg->c[i + 1];
                double em = char_em(c), dy = d->oy - c->oy;
                stacked = fabs((d->bx0 + d->bx1) / 2 - (c->bx0 + c->bx1) / 2) < COLUMN_TOL_EM * em
                          && dy > 0 && dy < 1.5 * em;
            }
            if (stacked || stacked_prev)
                cols++;
            else
                rows++;
        }
        stacked_prev = stacked;
    }
    return cols > rows;
}

/* Where the baseline of an upright glyph crosses the column: MuPDF's quad of a
 * vertical font's glyph runs from the point it hangs from (the char's origin in the
 * stext) to its horizontal origin, on the baseline; a horizontal font's origin is on it. */
static double
baseline(const Char *c)
{
    return c->kind == CHAR_VERTICAL ? c->by1 : c->oy;
}

/* A char of a vertical page in the horizontal model: x along the column (its advance box
 * from top to bottom), y = -(column centre line), so right-to-left columns become
 * top-to-bottom lines. Sideways glyphs keep their advance and origin; an upright glyph
 * of a horizontal font takes its ideographic em box below its baseline's top; a vertical
 * font's glyph its quad. `top`, `bottom` (pt, NAN: none) override the box along, for the
 * chars of one upright unit. */
static void
turn_char(Char *c, double top, double bottom)
{
    double em = char_em(c), centre;
    switch (c->kind) {
    case CHAR_SIDEWAYS:
        c->x0 = c->by0;
        c->x1 = c->by1;
        c->x = c->oy;
        centre = c->ox + SIDEWAYS_CENTRE_EM * em;
        c->upright = false;
        c->h = em;
        break;
    case CHAR_VERTICAL: {
        /* a vertical font's glyph: its box starts its ascent above its baseline, and is
         * as long as its quad along the column (the glyph's vertical advance), or an em
         * where the quad is flat (a CFF font, to which FreeType gives no vertical
         * advance: a glyph set narrower, such as a bracket at half an em, is then read
         * as a whole em, an overlap, which no check counts) */
        double along = c->by1 - c->by0;
        c->x0 = c->x = baseline(c) - UPRIGHT_ASCENT_EM * em;
        c->x1 = c->x0 + (along < 0.01 * em ? em : along);
        centre = (c->bx0 + c->bx1) / 2;
        c->h = c->bx1 - c->bx0;
        break;
    }
    default:
        c->x0 = c->x = c->oy - UPRIGHT_ASCENT_EM * em;
        c->x1 = c->x0 + em;
        centre = (c->bx0 + c->bx1) / 2;
        c->h = c->bx1 - c->bx0;
        break;
    }
    if (!isnan(top)) {
        c->x0 = c->x = top;
        c->x1 = bottom;
    }
    c->y = -centre;
}

void
page_orient(const Report *r, Page *pg)
{
    pg->vertical = r->force_vertical || looks_vertical(r, pg);
    int n = 0;
    for (int i = 0; i < pg->n;) {
        int j = i + 1;
        while (j < pg->n && pg->c[j].group == pg->c[i].group)
            j++;
        if (!pg->vertical) {
            for (int k = i; k < j; k++)
                if (pg->c[k].kind == CHAR_HORIZONTAL)
                    pg->c[n++] = pg->c[k];
            i = j;
            continue;
        }
        bool across = pg->c[i].kind == CHAR_HORIZONTAL;
        for (int k = i + 1; k < j && pg->c[i].kind == CHAR_VERTICAL; k++)
            across = fabs(pg->c[k].oy - pg->c[i].oy) < 0.01 && pg->c[k].ox > pg->c[k - 1].ox;
        if (across && j - i > 1) {
            /* a horizontal line on a vertical page, or a vertical font's chars side by
             * side: two or three chars set across the column (tate-chu-yoko: 12 in one
             * em) are one upright unit sharing an em; longer lines (a running head set
             * across the page) are not columns */
            double x0 = pg->c[i].bx0, x1 = pg->c[i].bx1, em = char_em(&pg->c[i]);
            for (int k = i + 1; k < j; k++) {
                x0 = fmin(x0, pg->c[k].bx0);
                x1 = fmax(x1, pg->c[k].bx1);
                em = fmax(em, char_em(&pg->c[k]));
            }
            if (j - i <= 3) {
                /* (the origin of a vertical font's glyph as MuPDF gives it is its
                 * horizontal one, on its baseline: the unit's em box starts above) */
                double top = baseline(&pg->c[i]) - UPRIGHT_ASCENT_EM * em;
                for (int k = i; k < j; k++) {
                    Char c = pg->c[k];
                    c.bx0 = x0;
                    c.bx1 = x1;
                    turn_char(&c, top + em * (k - i) / (j - i), top + em * (k - i + 1) / (j - i));
                    pg->c[n++] = c;
                }
            }
            i = j;
            continue;
        }
        for (int k = i; k < j;) {
            /* two or three chars of a column side by side on one baseline: a unit set
             * across (tate-chu-yoko), sharing an em from its baseline's top */
            int e = k + 1;
            while (pg->c[k].kind == CHAR_VERTICAL && e < j && e - k < 3
                   && fabs(baseline(&pg->c[e]) - baseline(&pg->c[k])) < 0.01
                   && pg->c[e].ox > pg->c[e - 1].ox)
                e++;
            double em = char_em(&pg->c[k]), top = baseline(&pg->c[k]) - UPRIGHT_ASCENT_EM * em;
            double x0 = pg->c[k].bx0, x1 = pg->c[k].bx1;
            for (int m = k + 1; m < e; m++) {
                x0 = fmin(x0, pg->c[m].bx0);
                x1 = fmax(x1, pg->c[m].bx1);
            }
            for (int m = k; m < e; m++) {
                Char c = pg->c[m];
                if (e - k > 1) {
                    c.bx0 = x0;
                    c.bx1 = x1;
                    turn_char(&c, top + em * (m - k) / (e - k), top + em * (m - k + 1) / (e - k));
                } else {
                    turn_char(&c, NAN, NAN);
                }
                pg->c[n++] = c;
            }
            k = e;
        }
        i = j;
    }
    pg->n = n;
}

/* --- spurious spaces in pdftotext's text --- */

bool
in_source(const char *src, uint32_t a, uint32_t b)
{
    if (!src)
        return false;
    static const uint32_t spaces[] = {0x20, 0x3000};
    for (int k = 0; k < 2; k++) {
        char pat[16];
        size_t n = utf8_put(pat, a);
        n += utf8_put(pat + n, spaces[k]);
        n += utf8_put(pat + n, b);
        pat[n] = '\0';
        if (strstr(src, pat))
            return true;
    }
    return false;
}

bool
check_spaces(Report *r, const char *pdf, const char *src)
{
    char *argv[] = {"pdftotext", "-enc", "UTF-8", (char *)pdf, "-", NULL};
    int err = open(tmp_err, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    FILE *rd = NULL;
    pid_t pid = spawn(argv, -1, err, &rd);
    if (err >= 0)
        close(err);
    if (pid < 0 || !rd) {
        fprintf(stderr, "jcheck: cannot run pdftotext\n");
        return false;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int page = 1;
    uint32_t *cps = NULL;
    size_t ncap = 0;
    while ((len = getline(&line, &cap, rd)) >= 0) {
        if ((size_t)len + 1 > ncap) {
            ncap = (size_t)len + 1;
            cps = xrealloc(cps, sizeof(uint32_t) * ncap);
        }
        size_t n = 0;
        for (size_t i = 0; i < (size_t)len;) {
            size_t used;
            uint32_t cp = utf8_get((const unsigned char *)line + i, (size_t)len - i, &used);
            i += used;
            if (cp == '\f')
                page++;
            else if (cp != '\n')
                cps[n++] = cp;
        }
        for (size_t i = 1; i < n; i++) {
            if (cps[i] != 0x20 && cps[i] != 0x3000)
                continue;
            size_t j = i;
            while (j < n && (cps[j] == 0x20 || cps[j] == 0x3000))
                j++;
            if (j < n && is_japanese(cps[i - 1]) && is_japanese(cps[j])) {
                if (page < r->cap_vertical_pages && r->vertical_pages[page]) {
                    r->n_skipped_vertical++;
                } else if (in_source(src, cps[i - 1], cps[j])) {
                    r->n_in_source++;
                } else {
                    char ctx[200];
                    size_t k = 0;
                    size_t from = i > 12 ? i - 12 : 0, to = j + 12 < n ? j + 12 : n;
                    for (size_t m = from; m < to; m++)
                        k += utf8_put(ctx + k, cps[m]);
                    ctx[k] = '\0';
                    finding_add(&r->spurious, "p%d: \"%s\"", page, ctx);
                }
            }
            i = j;
        }
    }
    free(line);
    free(cps);
    fclose(rd);
    int st = finish(pid);
    if (st != 0) {
        fprintf(stderr, "jcheck: pdftotext failed on %s (status %d)\n", pdf, st);
        print_file(tmp_err);
        return false;
    }
    return true;
}

char *
read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, len = 0;
    char *buf = xrealloc(NULL, cap);
    size_t n;
    while ((n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (len + 1 >= cap) {
            cap *= 2;
            buf = xrealloc(buf, cap);
        }
    }
    fclose(f);
    buf[len] = '\0';
    return buf;
}

