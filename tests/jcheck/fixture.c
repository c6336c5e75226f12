/*
 * fixture.c: a PDF with known composition faults, drawn glyph by glyph with cairo, to
 * prove that jcheck reads a PDF the engine did not make and finds what it should.
 * Usage: fixture FONT.ttc OUT.pdf SOURCE.txt
 *
 * Model: no shaping and no line breaking; every line below is set where we say, with
 * one cairo_show_text_glyphs() call per char (so the PDF has a ToUnicode map), at 10 pt
 * on a 40 em measure (72 to 472 pt), pitch 17 pt. JUSTIFY lines spread their extra
 * space evenly between non-Latin neighbours, so every kana/kanji-Latin gap stays exactly
 * 1/4 em. Known faults (run.sh expects exactly these counts):
 *   start=2 (a line starting with 」; one with ・ after a full line ending in ノート),
 *   end=1 (a line ending with 「),
 *   unjustified=2 (a non-final line 3 pt short; the last line of page 3, 2 pt short,
 *   continued on page 4), spurious=1 and loose=1 (a 0.7 em hole between two kanji),
 *   ragged=1 (a line 15 em short of the measure, set solid, before a Latin word too long
 *   for that room: it could not have been justified without a loose gap),
 *   gap_median=0.250em.
 * Also present and NOT faults: a running head split left/right, a heading, list
 * markers (・ 1. (2)), a table row (several segments on one baseline), a line ending
 * in 。 with its glue dropped, a line-start bracket hung half an em (tentsuki), a
 * 0.3 em hole that pdftotext reads as the space SOURCE.txt has there (not loose either),
 * an empty page,
 * folios.
 * Not done: other fonts, vertical text.
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

#define LEFT 72.0
#define RIGHT 472.0
#define BODY 10.0
#define PITCH 17.0

typedef enum { FINAL, JUSTIFY, HALT_END } Mode;

static cairo_t *cr;
static FT_Face face;

static uint32_t
next_cp(const char **s, int *len)
{
    const unsigned char *p = (const unsigned char *)*s;
    uint32_t cp;
    int n = p[0] < 0x80 ? 1 : p[0] < 0xE0 ? 2 : p[0] < 0xF0 ? 3 : 4;
    cp = n == 1 ? p[0] : p[0] & (0x7F >> n);
    for (int i = 1; i < n; i++)
        cp = (cp << 6) | (p[i] & 0x3F);
    *len = n;
    *s += n;
    return cp;
}

static bool
is_latin(uint32_t cp)
{
    return cp > 0x20 && cp < 0x7F;
}

static double
advance(uint32_t cp, double size)
{
    cairo_set_font_size(cr, size);
    cairo_glyph_t g = {FT_Get_Char_Index(face, cp), 0, 0};
    cairo_text_extents_t e;
    cairo_glyph_extents(cr, &g, 1, &e);
    return e.x_advance;
}

static void
put_char(const char *utf8, int len, uint32_t cp, double x, double y, double size)
{
    cairo_set_font_size(cr, size);
    cairo_glyph_t g = {FT_Get_Char_Index(face, cp), x, y};
    cairo_text_cluster_t cl = {len, 1};
    cairo_show_text_glyphs(cr, utf8, len, &g, 1, &cl, 1, 0);
}

/* Set `text` on baseline y from x = left; JUSTIFY/HALT_END end on `right`. An extra
 * hole of `hole` pt goes after the char index `hole_at`. */
static void
line_at(const char *text, double left, double right, double y, double size, Mode mode,
        int hole_at, double hole)
{
    uint32_t cps[256];
    const char *starts[256];
    int lens[256], n = 0;
    for (const char *s = text; *s && n < 256;) {
        starts[n] = s;
        cps[n] = next_cp(&s, &lens[n]);
        n++;
    }
    double natural = 0;
    int slots = 0;
    for (int i = 0; i < n; i++) {
        double w = advance(cps[i], size);
        if (i == n - 1 && mode == HALT_END)
            w = size / 2;
        natural += w;
        if (i == hole_at)
            natural += hole;
        if (i + 1 < n) {
            bool a = is_latin(cps[i]), b = is_latin(cps[i + 1]);
            if (a != b && cps[i] != ' ' && cps[i + 1] != ' ')
                natural += size / 4;
            else if (!a && !b && cps[i] != ' ' && cps[i + 1] != ' ')
                slots++;
        }
    }
    double extra = mode == FINAL || slots == 0 ? 0 : (right - left - natural) / slots;
    /* pdftotext reads more than 0.1 em between glyphs as a space: keep lines tight */
    if (natural > right - left + 0.01 || extra < 0 || extra > 0.05 * size) {
        fprintf(stderr, "fixture: line %.2f pt too long (%.2f pt per slot): %s\n",
                natural - (right - left), extra, text);
        exit(1);
    }
    double x = left;
    for (int i = 0; i < n; i++) {
        put_char(starts[i], lens[i], cps[i], x, y, size);
        x += advance(cps[i], size);
        if (i == hole_at)
            x += hole;
        if (i + 1 < n) {
            bool a = is_latin(cps[i]), b = is_latin(cps[i + 1]);
            if (a != b && cps[i] != ' ' && cps[i + 1] != ' ')
                x += size / 4;
            else if (!a && !b && cps[i] != ' ' && cps[i + 1] != ' ')
                x += extra;
        }
    }
}

static void
body(const char *text, double indent_em, Mode mode, double short_pt, double *y)
{
    line_at(text, LEFT + indent_em * BODY, RIGHT - short_pt, *y, BODY, mode, -1, 0);
    *y += PITCH;
}

static double
width_of(const char *text, double size)
{
    double w = 0;
    int len;
    for (const char *s = text; *s;)
        w += advance(next_cp(&s, &len), size);
    return w;
}

static void
furniture(int folio)
{
    line_at("組版の試験", LEFT, RIGHT, 50, 8, FINAL, -1, 0);
    line_at("第一章", RIGHT - width_of("第一章", 8), RIGHT, 50, 8, FINAL, -1, 0);
    char num[16];
    snprintf(num, sizeof num, "%d", folio);
    line_at(num, (LEFT + RIGHT) / 2 - width_of(num, 9) / 2, RIGHT, 800, 9, FINAL, -1, 0);
}

int
main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: fixture FONT.ttc OUT.pdf SOURCE.txt\n");
        return 2;
    }
    FT_Library lib;
    if (FT_Init_FreeType(&lib) || FT_New_Face(lib, argv[1], 0, &face)) {
        fprintf(stderr, "fixture: cannot load %s\n", argv[1]);
        return 2;
    }
    cairo_font_face_t *ff = cairo_ft_font_face_create_for_ft_face(face, 0);
    cairo_surface_t *surface = cairo_pdf_surface_create(argv[2], 595.28, 841.89);
    cr = cairo_create(surface);
    cairo_set_font_face(cr, ff);

    /* page 1 */
    furniture(1);
    line_at("見出しの行", LEFT, RIGHT, 90, 14, FINAL, -1, 0);
    double y = 120;
    body("日本語の組版ではXenやLinuxのような欧文が和文の中に混ざることがとても多い。", 1, JUSTIFY, 0,
         &y);
    body("その場合は和文と欧文の間に四分アキを入れるのが基本だが、行頭と行末では入れない。", 0,
         JUSTIFY, 0, &y);
    body("これが基本である。", 0, FINAL, 0, &y);
    body("次の段落は行末がそろっていない例である。この行の右端は版面より三ポイント短い", 1,
         JUSTIFY, 3, &y);
    body("」。で始まるこの行は禁則に反し、しかも行末が始め括弧で終わっている悪い例である「", 0,
         JUSTIFY, 0, &y);
    body("ここで段落が終わる。", 0, FINAL, 0, &y);
    body("句点で終わる行は、句点の後ろの二分アキを取って版面にそろえてもよいとされる。", 1,
         HALT_END, 0, &y);
    body("これは正しい。", 0, FINAL, 0, &y);
    line_at("「行頭の始め括弧は半角分を版面の外に出して天付きにする」という組み方もときどき見",
            LEFT - BODY / 2, RIGHT, y, BODY, JUSTIFY, -1, 0);
    y += PITCH;
    body("かける。", 0, FINAL, 0, &y);
    body("中黒の前で改行してはならない。ところがこの例では一行目の最後に来た語がノート", 1,
         JUSTIFY, 0, &y);
    body("・パソコンで、次の行が中黒で始まっている。", 0, FINAL, 0, &y);
    line_at("・", LEFT, RIGHT, y, BODY, FINAL, -1, 0);
    body("箇条書きの項目は行頭記号で始まり、長い項目の二行目以降は行頭記号の後ろの位置に", 1,
         JUSTIFY, 0, &y);
    body("そろえる。", 1, FINAL, 0, &y);
    body("1.番号付きの項目", 0, FINAL, 0, &y);
    body("(2)括弧付きの番号", 0, FINAL, 0, &y);
    line_at("項目", LEFT, RIGHT, y, BODY, FINAL, -1, 0);
    line_at("説明の列", LEFT + 100, RIGHT, y, BODY, FINAL, -1, 0);
    line_at("値", LEFT + 300, RIGHT, y, BODY, FINAL, -1, 0);
    y += PITCH;
    line_at("この行には字と字の間に大きな空きがある。全角の半分を超える空きは、テキストで", LEFT,
            RIGHT, y, BODY, JUSTIFY, 5, 7);
    y += PITCH;
    body("抜き出すと空白になる。", 0, FINAL, 0, &y);
    line_at("富士通研究所岩松氏のように原稿にも空白があれば数えない。", LEFT + BODY, RIGHT, y,
            BODY, FINAL, 5, 3);
    y += PITCH;
    body("次の行の長い欧文の語は、この行の残りに入らない。", 1, FINAL, 0, &y);
    body("Supercalifragilisticexpialidocious_configuration_identifierは長い。", 0, FINAL, 0,
         &y);
    cairo_show_page(cr);

    /* page 2: a figure, no text */
    cairo_rectangle(cr, LEFT, 100, 400, 300);
    cairo_stroke(cr);
    cairo_show_page(cr);

    /* pages 3 and 4: a paragraph across the page break */
    furniture(3);
    y = 100;
    body("ページをまたぐ段落の最後の行も、次のページに続くなら版面の右端にそろえなけれ", 1,
         JUSTIFY, 0, &y);
    body("ばならない。この行は右端が二ポイント足りないまま、次のページへとそのまま続いて", 0,
         JUSTIFY, 2, &y);
    cairo_show_page(cr);
    furniture(4);
    y = 100;
    body("いる。", 0, FINAL, 0, &y);
    cairo_show_page(cr);

    cairo_destroy(cr);
    cairo_surface_finish(surface);
    int st = cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS;
    cairo_surface_destroy(surface);
    cairo_font_face_destroy(ff);
    FT_Done_Face(face);
    FT_Done_FreeType(lib);
    FILE *f = fopen(argv[3], "w");
    if (!f || fputs("富士通研究所 岩松氏\n", f) < 0 || fclose(f) != 0)
        st = 1;
    return st;
}
