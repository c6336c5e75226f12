/*
 * fixture.c: a PDF with known composition faults, drawn glyph by glyph with cairo, to
 * prove that jcheck reads a PDF the engine did not make and finds what it should.
 * Usage: fixture FONT.ttc OUT.pdf SOURCE.txt [VERTICAL.pdf]
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
 *
 * VERTICAL.pdf: two A5 pages of vertical text (tategaki), drawn in a frame turned 90°
 * clockwise so lines run down and follow each other leftward, 40 em columns (72 to
 * 472 pt down the page) at pitch 17 pt: Latin turned sideways as in the frame, kana,
 * kanji and punctuation upright, each its em box on the column's centre line (as Pango's
 * vertical gravity and LuaTeX-ja set them; not their vertical glyph forms). Known faults:
 *   start=1 (a column starting with 。), end=1 (the same column ends with 「),
 *   unjustified=3 (a non-final column 3 pt short; one 2 pt short whose next column has
 *   ruby on its right, between the two; the last column of page 1, 2 pt short, continued
 *   on page 2), loose=1 (a 0.7 em hole between two kanji), gap_median=0.250em (Smith,
 *   1986: sideways Latin a quarter em from kana and kanji), spurious=0 (not checked on
 *   vertical pages), ragged=0.
 * Also present and NOT faults: a running head set across the top and folios (upright,
 * not turned), ruby, 12 set across a column (tate-chu-yoko), a page of three chars.
 * Not done: other fonts, vertical glyph forms (vert), text turned counter-clockwise.
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
static bool vertical;           /* draw kana, kanji and punctuation upright in a column */
static double page_w;           /* pt: the vertical page's turned frame starts at its right */

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

/* In the turned frame of a vertical page (x down the column, y the baseline of
 * sideways Latin, columns right to left), a non-Latin char is drawn upright as Pango's
 * vertical gravity and LuaTeX-ja do: its em box centred on the column's centre line
 * (0.38 em above the sideways baseline) and its top at x. */
static void
put_char(const char *utf8, int len, uint32_t cp, double x, double y, double size)
{
    cairo_set_font_size(cr, size);
    cairo_glyph_t g = {FT_Get_Char_Index(face, cp), x, y};
    cairo_text_cluster_t cl = {len, 1};
    if (vertical && !is_latin(cp)) {
        cairo_save(cr);
        cairo_identity_matrix(cr);
        g.x = page_w - y - 0.12 * size;
        g.y = x + 0.88 * size;
        cairo_show_text_glyphs(cr, utf8, len, &g, 1, &cl, 1, 0);
        cairo_restore(cr);
        return;
    }
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

/* --- the vertical page: A5, drawn in a frame turned 90° clockwise --- */

#define V_W 419.53
#define V_H 595.28
#define V_TOP 72.0              /* the columns run from here down 40 em */
#define V_BOTTOM 472.0
#define V_FIRST 40.0            /* the first column's sideways baseline, from the right */
#define QUARTER_TURN 1.5707963267948966   /* radians: the frame turned clockwise */

/* Column `*col` (counted from the right) on the current vertical page. */
static void
column(const char *text, double indent_em, Mode mode, double short_pt, int hole_at, int *col)
{
    line_at(text, V_TOP + indent_em * BODY, V_BOTTOM - short_pt, V_FIRST + PITCH * *col, BODY,
            mode, hole_at, 0.7 * BODY);
    (*col)++;
}

/* Running head across the top and folio below the columns, upright, not turned. */
static void
vertical_furniture(int folio)
{
    vertical = false;
    cairo_save(cr);
    cairo_identity_matrix(cr);
    line_at("縦組の試験", 40, V_W, 40, 8, FINAL, -1, 0);
    char num[16];
    snprintf(num, sizeof num, "%d", folio);
    line_at(num, V_W / 2, V_W, 540, 9, FINAL, -1, 0);
    cairo_restore(cr);
    vertical = true;
}

static bool
vertical_document(const char *path)
{
    cairo_surface_t *surface = cairo_pdf_surface_create(path, V_W, V_H);
    cairo_t *page_cr = cairo_create(surface);
    cairo_t *saved = cr;
    cr = page_cr;
    cairo_set_font_face(cr, cairo_get_font_face(saved));
    page_w = V_W;
    vertical_furniture(1);
    cairo_translate(cr, V_W, 0);
    cairo_rotate(cr, QUARTER_TURN);
    vertical = true;
    int col = 0;
    column("縦組の本文では行が上から下へ進み、次の行はその左に置かれる。向きも変わり、行頭", 1, JUSTIFY, 0, -1,
           &col);
    column("と行末の禁則は横組と変わらない。Smith氏の手紙も欧文はすべて横に寝かせて組む。", 0, JUSTIFY, 0,
           -1, &col);
    column("これが段落の終わりである。", 0, FINAL, 0, -1, &col);
    column("次の段落は行末がそろっていない例である。この行の下端は版面よりも三ポイント短", 1, JUSTIFY, 3, -1,
           &col);
    column("。で始まるこの行は禁則に反し、しかも行末が始め括弧で終わっている悪い見本である「", 0, JUSTIFY, 0, -1,
           &col);
    column("ここで段落が終わる。", 0, FINAL, 0, -1, &col);
    column("ルビの行が間にあっても、この行は次へ続いていると読まなければならない。つまり", 1, JUSTIFY, 2, -1,
           &col);
    /* ruby beside the next column, on its right: its centre 0.75 em from the column's */
    double ruby_at = V_FIRST + PITCH * col - 0.75 * BODY - 0.38 * BODY + 0.38 * 5;
    line_at("ロンドン", V_TOP + BODY * 0.5 - 5, V_BOTTOM, ruby_at, 5, FINAL, -1, 0);
    column("倫敦へ向かう汽車の行もそろえる。", 0, FINAL, 0, -1, &col);
    column("この行には字と字の間に大きな空きがある。全角の半分を超える空きは、テキストで", 1, JUSTIFY, 0,
           5, &col);
    column("抜き出すと空白になる。", 0, FINAL, 0, -1, &col);
    /* 12 set across the column (tate-chu-yoko), then 1986 turned sideways */
    line_at("昭和の終わりの", V_TOP + BODY, V_BOTTOM, V_FIRST + PITCH * col, BODY, FINAL, -1, 0);
    vertical = false;
    cairo_save(cr);
    cairo_identity_matrix(cr);
    double centre = V_W - (V_FIRST + PITCH * col) + 0.38 * BODY;
    line_at("12", centre - width_of("12", BODY) / 2, V_W, V_TOP + 8 * BODY + 0.88 * BODY, BODY,
            FINAL, -1, 0);
    cairo_restore(cr);
    vertical = true;
    column("月に1986年の記録を読んだ。", 9, FINAL, 0, -1, &col);
    column("ページをまたぐ段落の最後の行も、次のページにまで続くならば版面の下端にそろえな", 1, JUSTIFY, 0,
           -1, &col);
    column("ければならない。この行は下端が二ポイント足りないまま次のページへそのまま続いて", 0, JUSTIFY, 2, -1,
           &col);
    cairo_show_page(cr);
    cairo_identity_matrix(cr);
    vertical_furniture(2);
    cairo_translate(cr, V_W, 0);
    cairo_rotate(cr, QUARTER_TURN);
    col = 0;
    column("いる。", 0, FINAL, 0, -1, &col);
    cairo_show_page(cr);
    vertical = false;
    cr = saved;
    cairo_destroy(page_cr);
    cairo_surface_finish(surface);
    bool ok = cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS;
    cairo_surface_destroy(surface);
    return ok;
}

int
main(int argc, char **argv)
{
    if (argc != 4 && argc != 5) {
        fprintf(stderr, "usage: fixture FONT.ttc OUT.pdf SOURCE.txt [VERTICAL.pdf]\n");
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

    if (argc == 5 && !vertical_document(argv[4])) {
        fprintf(stderr, "fixture: cannot write %s\n", argv[4]);
        return 1;
    }
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
