/*
 * gaps.c: the loose-line threshold, measured. Which positional gap between two Japanese
 * characters does pdftotext extract as a space, at each size and in each font kumihan
 * sets Japanese in?
 * Usage: gaps OUT.pdf SERIF.ttc SANS.ttc > TABLE   (then: pdftotext OUT.pdf - | gaps --read)
 *
 * Model: one page per case, one line a page, drawn glyph by glyph with cairo (a cluster
 * each, so the PDF has a ToUnicode map) at the case's size. A case is a font, a size and
 * a gap g between the characters か and き, in one of three contexts:
 *   touching  あいう in the other weight's font, then えおか|きくけこ, the font change with
 *             no gap (what a line of kumihan's has wherever punctuation is drawn from a
 *             narrowed copy of its font, or a run changes font): poppler then starts a
 *             new word with no space before it, and sets its space threshold low;
 *   uniform   さしすせそたちつてと with every gap g (a line spread evenly);
 *   single    あいうえおか|きくけこ, one gap g, one font.
 * g runs from 0.080 to 0.130 em in steps of 0.001 em. The sizes are those of the themes
 * (report: 8 8.5 9 10 11 13 16 20 pt; slides: 12 16 18 22 24 26 28 30 36 pt) and
 * 6.6 pt, a 22 pt slide scaled into a handout. `gaps --read` takes pdftotext's text of
 * OUT.pdf on stdin (pages in the order written) and prints, for each font, size and
 * context, the largest gap read without a space and the smallest read with one:
 *   threshold serif 10.0pt touching: none<=0.100em space>=0.101em
 * and last "threshold: none<=X space>=Y": X the largest gap read without a space in
 * every case (what a composer must stay within), Y the largest gap at which a space
 * first appears in the touching and single contexts (the uniform one needs more at
 * some sizes). Poppler (TextOutputDev) starts a new word where two glyphs are more than
 * 0.1 of the font size apart, and a word gap becomes a space unless the line's other
 * word gaps are all wider: the table shows where that lands in our PDFs.
 * Not done: other PDF readers (mutool keeps lines whole: it is told not to invent
 * spaces in jcheck).
 */
#include <cairo-ft.h>
#include <cairo-pdf.h>
#include <cairo.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define G_FIRST 80              /* gaps in 1/1000 em */
#define G_LAST 130
#define G_STEP 1

static const double sizes[] = {6.6, 8, 8.5, 9, 10, 11, 12, 13, 16, 18, 20, 22, 24, 26, 28, 30,
                               36};
#define N_SIZES (sizeof sizes / sizeof sizes[0])
static const char *const fonts[] = {"serif", "sans"};
static const char *const contexts[] = {"touching", "uniform", "single"};
#define N_GAPS ((G_LAST - G_FIRST) / G_STEP + 1)

static uint32_t
next_cp(const char **s, int *len)
{
    const unsigned char *p = (const unsigned char *)*s;
    int n = p[0] < 0x80 ? 1 : p[0] < 0xE0 ? 2 : p[0] < 0xF0 ? 3 : 4;
    uint32_t cp = n == 1 ? p[0] : p[0] & (0x7F >> n);
    for (int i = 1; i < n; i++)
        cp = (cp << 6) | (p[i] & 0x3F);
    *len = n;
    *s += n;
    return cp;
}

/* Draw `text` from x in `ff` at `size`, `gap` pt after each char (after the char at
 * index `only` alone if only >= 0); returns the pen after it. */
static double
draw(cairo_t *cr, cairo_font_face_t *ff, FT_Face face, const char *text, double x, double y,
     double size, double gap, int only)
{
    cairo_set_font_face(cr, ff);
    cairo_set_font_size(cr, size);
    int k = 0;
    for (const char *s = text; *s; k++) {
        const char *start = s;
        int len;
        uint32_t cp = next_cp(&s, &len);
        cairo_glyph_t g = {FT_Get_Char_Index(face, cp), x, y};
        cairo_text_cluster_t cl = {len, 1};
        cairo_show_text_glyphs(cr, start, len, &g, 1, &cl, 1, 0);
        cairo_text_extents_t e;
        cairo_glyph_extents(cr, &g, 1, &e);
        x += e.x_advance + (only < 0 || only == k ? gap : 0);
    }
    return x;
}

static int
write_pdf(const char *out, const char *serif, const char *sans)
{
    FT_Library lib;
    FT_Face face[2][2];                 /* [font][0 regular, 1 the other weight's stand-in] */
    const char *files[2] = {serif, sans};
    if (FT_Init_FreeType(&lib))
        return 1;
    cairo_font_face_t *ff[2][2];
    for (int f = 0; f < 2; f++)
        for (int w = 0; w < 2; w++) {
            /* face 0 of the collection is JP; another face index of the same file is a
             * different font for the PDF (a new Tf), which is all the context needs */
            if (FT_New_Face(lib, files[f], w, &face[f][w])) {
                fprintf(stderr, "gaps: cannot open %s\n", files[f]);
                return 1;
            }
            ff[f][w] = cairo_ft_font_face_create_for_ft_face(face[f][w], 0);
        }
    cairo_surface_t *surface = cairo_pdf_surface_create(out, 200, 100);
    cairo_t *cr = cairo_create(surface);
    for (int f = 0; f < 2; f++)
        for (size_t si = 0; si < N_SIZES; si++)
            for (int c = 0; c < 3; c++)
                for (int gi = 0; gi < N_GAPS; gi++) {
                    double size = sizes[si], gap = (G_FIRST + gi * G_STEP) / 1000.0 * size;
                    cairo_pdf_surface_set_size(surface, 16 * size + 40, 3 * size);
                    double x = 20, y = 2 * size;
                    if (c == 0) {
                        x = draw(cr, ff[f][1], face[f][1], "あいう", x, y, size, 0, -1);
                        draw(cr, ff[f][0], face[f][0], "えおかきくけこ", x, y, size, gap, 2);
                    } else if (c == 1) {
                        draw(cr, ff[f][0], face[f][0], "さしすせそたちつてと", x, y, size, gap,
                             -1);
                    } else {
                        draw(cr, ff[f][0], face[f][0], "あいうえおかきくけこ", x, y, size, gap,
                             5);
                    }
                    cairo_show_page(cr);
                }
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    int st = cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS;
    cairo_surface_destroy(surface);
    for (int f = 0; f < 2; f++)
        for (int w = 0; w < 2; w++) {
            cairo_font_face_destroy(ff[f][w]);
            FT_Done_Face(face[f][w]);
        }
    FT_Done_FreeType(lib);
    return st;
}

/* pdftotext's pages on stdin, in the order write_pdf drew them. */
static int
read_text(void)
{
    static bool spaced[2][N_SIZES][3][N_GAPS];
    size_t cap = 0;
    char *line = NULL;
    ssize_t len;
    int page = 0, total = 2 * (int)N_SIZES * 3 * N_GAPS;
    bool text_seen = false;
    while ((len = getline(&line, &cap, stdin)) >= 0) {
        for (ssize_t i = 0; i < len && page < total; i++) {
            if (line[i] == '\f') {
                if (!text_seen) {
                    fprintf(stderr, "gaps: page %d has no text\n", page + 1);
                    return 1;
                }
                page++;
                text_seen = false;
                continue;
            }
            if ((unsigned char)line[i] >= 0x80)
                text_seen = true;
            /* a space between two Japanese chars (3-byte UTF-8 on both sides) */
            if (line[i] == ' ' && i >= 3 && i + 1 < len && (unsigned char)line[i - 3] >= 0xE0
                && (unsigned char)line[i + 1] >= 0xE0) {
                int gi = page % N_GAPS, c = page / N_GAPS % 3;
                int si = page / (N_GAPS * 3) % (int)N_SIZES, f = page / (N_GAPS * 3 * N_SIZES);
                spaced[f][si][c][gi] = true;
            }
        }
    }
    free(line);
    if (page != total) {
        fprintf(stderr, "gaps: %d pages of text, want %d\n", page, total);
        return 1;
    }
    int overall = G_LAST + G_STEP;     /* the largest gap without a space in every case */
    int first_space = -1;              /* the largest first spaced gap, touching and single */
    for (int f = 0; f < 2; f++)
        for (size_t si = 0; si < N_SIZES; si++)
            for (int c = 0; c < 3; c++) {
                int none = -1, space = -1;
                for (int gi = 0; gi < N_GAPS; gi++) {
                    if (!spaced[f][si][c][gi] && space < 0)
                        none = G_FIRST + gi * G_STEP;
                    if (spaced[f][si][c][gi] && space < 0)
                        space = G_FIRST + gi * G_STEP;
                }
                printf("threshold %s %.1fpt %s: ", fonts[f], sizes[si], contexts[c]);
                if (none < 0)
                    printf("none<%.3fem", G_FIRST / 1000.0);
                else
                    printf("none<=%.3fem", none / 1000.0);
                if (space < 0)
                    printf(" space>%.3fem\n", G_LAST / 1000.0);
                else
                    printf(" space>=%.3fem\n", space / 1000.0);
                if (c != 1 && (space < 0 ? G_LAST + G_STEP : space) > first_space)
                    first_space = space < 0 ? G_LAST + G_STEP : space;
                int ok = space < 0 ? G_LAST : space - G_STEP;
                if (none >= 0 && ok > none)
                    ok = none;
                if (ok < overall)
                    overall = ok;
            }
    printf("threshold: none<=%.3fem space>=%.3fem\n", overall / 1000.0, first_space / 1000.0);
    return 0;
}

int
main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--read") == 0)
        return read_text();
    if (argc != 4) {
        fprintf(stderr, "usage: gaps OUT.pdf SERIF.ttc SANS.ttc | gaps --read\n");
        return 2;
    }
    return write_pdf(argv[1], argv[2], argv[3]);
}
