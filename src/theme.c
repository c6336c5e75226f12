/*
 * theme.c: the built-in themes (DESIGN §4), as data: report, paper (its
 * report changed), gaia and uncover (its slides changed: Marp Core's).
 * The report's body: Noto Serif CJK JP 10 pt on a 17 pt pitch; headings,
 * running heads and folios in Noto Sans CJK JP; code in Noto Sans Mono CJK
 * JP. Emphasis is set in gothic (Sans), as Japanese books do: CJK fonts have
 * no italic, and a slanted Mincho is a synthetic distortion.
 */
#include "theme.h"

#include <glib.h>
#include <string.h>

#define PT(x) ((Unit)((x) * 1024))

/* The title block's lines as kumihan has always set them. */
static const char *const title_fields[] = {"title", "subtitle", "author", "affiliation", "date",
                                           "event", NULL};

/* Running heads and folios: the title on the left and the section on the
 * right of every page but the first, the page label centred below; the
 * even pages and the appendix as the odd ones (NULL). */
/* Numbers and captions (number.c): no heading numbered; 図1, 表1; notes
 * set in the text (footnote.place) under 注 */
#define NUMBERING(sep)                                                                      \
    .heading_number = {"", "", "", ""}, .heading_number_sep = sep, .figure_label = "図",    \
    .table_label = "表", .caption_sep = "\u3000", .number_by_chapter = false,              \
    .lof_title = "図目次", .lot_title = "表目次", .note_title = "注"

#define FURNITURE                                                                          \
    .head_text = {[PAGES_ODD] = {"{title}", "", "{section}"}, [PAGES_FIRST] = {"", "", ""}}, \
    .foot_text = {[PAGES_ODD] = {"", "{page}", ""}, [PAGES_FIRST] = {"", "", ""}},           \
    .head_rule = true, .head_logo_height = PT(16), .head_logo_slot = SLOT_LEFT,              \
    .mark_text = "", .mark_size = PT(9), .mark_color = 0xc00000,                             \
    .mark_corner = CORNER_TOP_RIGHT, .watermark_text = "", .watermark_color = 0xe0e0e0,      \
    .title_fields = title_fields

static const Theme report = {
    .family = {"Noto Serif CJK JP", "Noto Sans CJK JP", "Noto Sans Mono CJK JP"},
    .latin = {"", "", ""},
    .latin_scale = 1.0,
    .fonts_dir = "",
    .body = {.font = FONT_SERIF, .align = ALIGN_JUSTIFY, .weight = 400, .size = PT(10),
             .pitch = PT(17), .color = 0x000000},
    .heading = {
        {.font = FONT_SANS, .align = ALIGN_LEFT, .weight = 700, .size = PT(16), .pitch = PT(24),
         .color = 0x000000},
        {.font = FONT_SANS, .align = ALIGN_LEFT, .weight = 700, .size = PT(13), .pitch = PT(20),
         .color = 0x000000},
        {.font = FONT_SANS, .align = ALIGN_LEFT, .weight = 700, .size = PT(11), .pitch = PT(17),
         .color = 0x000000},
        {.font = FONT_SANS, .align = ALIGN_LEFT, .weight = 700, .size = PT(10), .pitch = PT(17),
         .color = 0x000000},
    },
    .code_block = {.font = FONT_MONO, .align = ALIGN_LEFT, .weight = 400, .size = PT(8.5),
                   .pitch = PT(12.75), .color = 0x000000},
    .cell = {.font = FONT_SERIF, .align = ALIGN_LEFT, .weight = 400, .size = PT(9),
             .pitch = PT(17), .color = 0x000000},
    .cell_head = {.font = FONT_SANS, .align = ALIGN_LEFT, .weight = 700, .size = PT(9),
                  .pitch = PT(17), .color = 0x000000},
    .note = {.font = FONT_SERIF, .align = ALIGN_JUSTIFY, .weight = 400, .size = PT(8.5),
             .pitch = PT(13), .color = 0x000000},
    .caption = {.font = FONT_SANS, .align = ALIGN_CENTER, .weight = 400, .size = PT(9),
                .pitch = PT(17), .color = 0x000000},
    .title = {
        [TITLE_TITLE] = {.font = FONT_SANS, .align = ALIGN_CENTER, .weight = 700,
                         .size = PT(20), .pitch = PT(34), .color = 0x000000},
        [TITLE_SUBTITLE] = {.font = FONT_SANS, .align = ALIGN_CENTER, .weight = 400,
                            .size = PT(13), .pitch = PT(25.5), .color = 0x000000},
        [TITLE_AUTHOR] = {.font = FONT_SERIF, .align = ALIGN_CENTER, .weight = 400,
                          .size = PT(11), .pitch = PT(17), .color = 0x000000},
        [TITLE_AFFILIATION] = {.font = FONT_SERIF, .align = ALIGN_CENTER, .weight = 400,
                               .size = PT(10), .pitch = PT(17), .color = 0x000000},
        [TITLE_DATE] = {.font = FONT_SERIF, .align = ALIGN_CENTER, .weight = 400,
                        .size = PT(10), .pitch = PT(17), .color = 0x000000},
        [TITLE_EVENT] = {.font = FONT_SERIF, .align = ALIGN_CENTER, .weight = 400,
                         .size = PT(10), .pitch = PT(17), .color = 0x000000},
        [TITLE_FIELD] = {.font = FONT_SERIF, .align = ALIGN_CENTER, .weight = 400,
                         .size = PT(10), .pitch = PT(17), .color = 0x000000},
    },
    .head = {.font = FONT_SANS, .align = ALIGN_LEFT, .weight = 400, .size = PT(8),
             .pitch = PT(12), .color = 0x333333},
    .folio = {.font = FONT_SANS, .align = ALIGN_CENTER, .weight = 400, .size = PT(9),
              .pitch = PT(12), .color = 0x000000},
    .link_color = 0x1a4480,
    .rule_color = 0x808080,
    .code_bg = 0xf0f0f0,
    .quote_bar = 0xa0a0a0,
    .table_rule = 0x000000,
    .head_fill = 0xe8e8e8,
    .paper = "A4",
    .margin_top = THEME_AUTO, .margin_bottom = THEME_AUTO,
    .margin_inner = THEME_AUTO, .margin_outer = THEME_AUTO,
    .columns = 1,
    .tcy_digits = 2,
    .column_gap = PT(20),
    .measure_ratio = 0.76,
    .height_ratio = 0.81,
    .heading_lines_before = {2, 1, 1, 1},
    .list_indent_em = 1,
    .bullets = {"・", "◦", "▪", "▫", "◇", "○"},
    .para_indent = true,
    .title_rule = true,
    NUMBERING("\u3000"),
    FURNITURE,
};

/* Slides: Noto Sans CJK JP throughout, large type, ragged right (bullets
 * read better unjustified), no first-line indent. 4:3 at 720 x 540 pt. */
static const Theme slide = {
    .family = {"Noto Sans CJK JP", "Noto Sans CJK JP", "Noto Sans Mono CJK JP"},
    .latin = {"", "", ""},
    .latin_scale = 1.0,
    .fonts_dir = "",
    .body = {.font = FONT_SANS, .align = ALIGN_LEFT, .weight = 400, .size = PT(22),
             .pitch = PT(33), .color = 0x1a1a1a},
    .heading = {
        {.font = FONT_SANS, .align = ALIGN_LEFT, .weight = 700, .size = PT(30), .pitch = PT(40),
         .color = 0x1a1a1a},
        {.font = FONT_SANS, .align = ALIGN_LEFT, .weight = 700, .size = PT(26), .pitch = PT(36),
         .color = 0x1a1a1a},
        {.font = FONT_SANS, .align = ALIGN_LEFT, .weight = 700, .size = PT(24), .pitch = PT(33),
         .color = 0x1a1a1a},
        {.font = FONT_SANS, .align = ALIGN_LEFT, .weight = 700, .size = PT(22), .pitch = PT(33),
         .color = 0x1a1a1a},
    },
    .slide_title = {.font = FONT_SANS, .align = ALIGN_LEFT, .weight = 700, .size = PT(28),
                    .pitch = PT(38), .color = 0x1a4480},
    .code_block = {.font = FONT_MONO, .align = ALIGN_LEFT, .weight = 400, .size = PT(16),
                   .pitch = PT(22), .color = 0x1a1a1a},
    .cell = {.font = FONT_SANS, .align = ALIGN_LEFT, .weight = 400, .size = PT(18),
             .pitch = PT(28), .color = 0x1a1a1a},
    .cell_head = {.font = FONT_SANS, .align = ALIGN_LEFT, .weight = 700, .size = PT(18),
                  .pitch = PT(28), .color = 0x1a1a1a},
    .note = {.font = FONT_SANS, .align = ALIGN_LEFT, .weight = 400, .size = PT(16),
             .pitch = PT(24), .color = 0x1a1a1a},
    .caption = {.font = FONT_SANS, .align = ALIGN_CENTER, .weight = 400, .size = PT(16),
                .pitch = PT(24), .color = 0x1a1a1a},
    .title = {
        [TITLE_TITLE] = {.font = FONT_SANS, .align = ALIGN_CENTER, .weight = 700,
                         .size = PT(36), .pitch = PT(48), .color = 0x1a4480},
        [TITLE_SUBTITLE] = {.font = FONT_SANS, .align = ALIGN_CENTER, .weight = 400,
                            .size = PT(24), .pitch = PT(34), .color = 0x1a1a1a},
        [TITLE_AUTHOR] = {.font = FONT_SANS, .align = ALIGN_CENTER, .weight = 400,
                          .size = PT(22), .pitch = PT(30), .color = 0x1a1a1a},
        [TITLE_AFFILIATION] = {.font = FONT_SANS, .align = ALIGN_CENTER, .weight = 400,
                               .size = PT(16), .pitch = PT(24), .color = 0x444444},
        [TITLE_DATE] = {.font = FONT_SANS, .align = ALIGN_CENTER, .weight = 400,
                        .size = PT(18), .pitch = PT(26), .color = 0x1a1a1a},
        [TITLE_EVENT] = {.font = FONT_SANS, .align = ALIGN_CENTER, .weight = 400,
                         .size = PT(18), .pitch = PT(26), .color = 0x1a1a1a},
        [TITLE_FIELD] = {.font = FONT_SANS, .align = ALIGN_CENTER, .weight = 400,
                         .size = PT(18), .pitch = PT(26), .color = 0x1a1a1a},
    },
    .head = {.font = FONT_SANS, .align = ALIGN_LEFT, .weight = 400, .size = PT(12),
             .pitch = PT(16), .color = 0x555555},
    .folio = {.font = FONT_SANS, .align = ALIGN_RIGHT, .weight = 400, .size = PT(12),
              .pitch = PT(16), .color = 0x555555},
    .link_color = 0x1a4480,
    .rule_color = 0x808080,
    .code_bg = 0xf0f0f0,
    .quote_bar = 0xa0a0a0,
    .table_rule = 0x1a1a1a,
    .head_fill = 0xe8e8e8,
    .paper = "A4",
    .margin_top = THEME_AUTO, .margin_bottom = THEME_AUTO,
    .margin_inner = THEME_AUTO, .margin_outer = THEME_AUTO,
    .columns = 1,
    .tcy_digits = 2,
    .column_gap = PT(20),
    .measure_ratio = 0.88,
    .height_ratio = 0.80,
    .heading_lines_before = {1, 1, 1, 1},
    .list_indent_em = 1,
    .bullets = {"•", "–", "◦", "▪", "•", "–"},
    .para_indent = false,
    .title_gap_event = true,
    .slide_background = 0xffffff,
    .slide_image_fit = FIT_COVER,
    .slide_logo_corner = CORNER_TOP_RIGHT,
    .slide_logo_height = PT(24),
    .slide_footer = "{event}",
    .slide_number = "{page} / {pages}",
    .slide_invert_background = 0x202228,   /* Marp's dark ground, white text */
    .slide_invert_color = 0xffffff,
    .slide_class = "",
    .slide_class_background = 0xffffff,
    .slide_class_color = 0x1a1a1a,
    .handout_header = "{title}",
    .handout_header_right = "",
    .handout_footer = "{page}",
    NUMBERING(" "),
    FURNITURE,
};

static void
scale_style(Style *s, double k)
{
    s->size = (Unit)(s->size * k);
    s->pitch = (Unit)(s->pitch * k);
    s->rise = (Unit)(s->rise * k);
}

Theme
theme_scaled(const Theme *t, double k)
{
    Theme r = *t;
    Style *all[] = {&r.body, &r.heading[0], &r.heading[1], &r.heading[2], &r.heading[3],
                    &r.code_block, &r.cell, &r.cell_head, &r.note, &r.caption, &r.slide_title,
                    &r.title[0], &r.title[1], &r.title[2], &r.title[3], &r.title[4],
                    &r.title[5], &r.title[6]};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        scale_style(all[i], k);
    r.latin_shift.len = (Unit)(r.latin_shift.len * k);
    return r;
}

/* A plainer academic look: Mincho headings, no shading, black links and
 * rules, a narrower block with wider margins (as LaTeX's article class). */
static Theme
paper_theme(void)
{
    Theme t = report;
    for (int i = 0; i < 4; i++) {
        t.heading[i].font = FONT_SERIF;
        t.heading_lines_before[i] = 1;
    }
    t.heading[0].size = PT(13);
    t.heading[0].pitch = PT(20);
    t.heading[1].size = PT(11.5);
    t.heading[1].pitch = PT(17);
    t.heading[2].size = PT(10.5);
    t.heading[2].pitch = PT(17);
    for (int i = 0; i < TITLE_ROLES; i++)
        t.title[i].font = FONT_SERIF;
    t.title[TITLE_TITLE].size = PT(17);
    t.title[TITLE_TITLE].pitch = PT(30);
    t.title[TITLE_SUBTITLE].size = PT(12);
    t.title[TITLE_SUBTITLE].pitch = PT(22);
    t.title_rule = false;
    t.caption.font = FONT_SERIF;
    t.cell_head.font = FONT_SERIF;
    t.head.font = FONT_SERIF;
    t.head.color = 0x000000;
    t.folio.font = FONT_SERIF;
    t.link_color = 0x000000;
    t.code_bg = 0xffffff;
    t.head_fill = 0xffffff;
    t.quote_bar = 0x808080;
    t.rule_color = 0x000000;
    t.bullets[0] = "•";
    t.bullets[1] = "–";
    t.bullets[2] = "∗";
    t.heading_number[0] = "{1}.";          /* 1.  1.1  1.1.1, as papers number */
    t.heading_number[1] = "{1}.{2}";
    t.heading_number[2] = "{1}.{2}.{3}";
    t.heading_number_sep = " ";
    t.measure_ratio = 0.70;
    t.height_ratio = 0.76;
    return t;
}

/* --- Marp Core's themes, approximated ---
 * The facts are Marp Core's CSS (a slide of 1280 x 720 px is ours of 960 x
 * 540 pt: a px is 0.75 pt): its type sizes and line heights, its colours,
 * headings in the text's colour, where the text is aligned. Marp's Latin
 * faces (Lato, the system's) are not kumihan's: Noto Sans CJK JP sets
 * all. Colours of secondary text and links are a shade darker than Marp's,
 * so that they keep 4.5:1 on the ground (tests/unit/test_contrast.c). */

/* A style of the sans role at `size` pt on `pitch` pt. */
static Style
sans(int weight, double size, double pitch, uint32_t color, Align align)
{
    return (Style){.font = FONT_SANS, .align = align, .weight = weight, .size = PT(size),
                   .pitch = PT(pitch), .color = color};
}

/* Gaia: 35 px type on 1.35 lines, headings 1.8, 1.5, 1.3 and 1.1 em, left;
 * slate text (#455a64) on cream (#fff8e1); class invert swaps them, class
 * gaia sets the cream text on light blue (#0288d1). Code and table heads on
 * slate, as Marp sets them, would fail the contrast test's ground: code is
 * set on a darker cream. */
static Theme
gaia_slides(void)
{
    Theme t = slide;
    const uint32_t fg = 0x455a64, bg = 0xfff8e1, dimmed = 0x64747a;
    t.body = sans(400, 26.25, 35.5, fg, ALIGN_LEFT);
    t.heading[0] = sans(700, 47.25, 64, fg, ALIGN_LEFT);
    t.heading[1] = sans(700, 39.375, 53, fg, ALIGN_LEFT);
    t.heading[2] = sans(700, 34.125, 46, fg, ALIGN_LEFT);
    t.heading[3] = sans(700, 28.875, 39, fg, ALIGN_LEFT);
    t.slide_title = t.heading[1];          /* (a content slide's ##; # on the title slide) */
    t.code_block = (Style){.font = FONT_MONO, .align = ALIGN_LEFT, .weight = 400,
                           .size = PT(18.375), .pitch = PT(25), .color = fg};
    t.cell = sans(400, 21.5, 29, fg, ALIGN_LEFT);
    t.cell_head = sans(700, 21.5, 29, bg, ALIGN_LEFT);
    t.note = sans(400, 19, 26, fg, ALIGN_LEFT);
    t.caption = sans(400, 19, 26, fg, ALIGN_CENTER);
    t.title[TITLE_TITLE] = sans(700, 47.25, 64, fg, ALIGN_CENTER);
    t.title[TITLE_SUBTITLE] = sans(400, 28.875, 39, fg, ALIGN_CENTER);
    t.title[TITLE_AUTHOR] = sans(400, 26.25, 35.5, fg, ALIGN_CENTER);
    t.title[TITLE_AFFILIATION] = sans(400, 19, 26, fg, ALIGN_CENTER);
    t.title[TITLE_DATE] = sans(400, 21.5, 29, fg, ALIGN_CENTER);
    t.title[TITLE_EVENT] = sans(400, 21.5, 29, fg, ALIGN_CENTER);
    t.title[TITLE_FIELD] = sans(400, 21.5, 29, fg, ALIGN_CENTER);
    t.head = sans(400, 17.25, 23, dimmed, ALIGN_LEFT);     /* header, footer: 66 % */
    t.folio = sans(400, 21, 28, dimmed, ALIGN_RIGHT);      /* the page number: 80 % */
    t.link_color = 0x0277bd;
    t.rule_color = dimmed;
    t.quote_bar = dimmed;
    t.code_bg = 0xf3e9c9;
    t.table_rule = fg;
    t.head_fill = fg;
    t.slide_background = bg;
    t.slide_invert_background = fg;
    t.slide_invert_color = bg;
    t.slide_class = "gaia";
    t.slide_class_background = 0x0288d1;
    t.slide_class_color = bg;
    return t;
}

/* Uncover: 40 px type on 1.4 lines, headings 2, 1.7, 1.4 and 1.2 em, every
 * block centred and every slide's text in its middle; near-black text
 * (#202228) on near-white (#fdfcff), invert white on #202228; no class of
 * its own. Header and footer: 45 % (Marp's 40 % grey, darker here); the
 * page number 60 % in the text's colour. */
static Theme
uncover_slides(void)
{
    Theme t = slide;
    const uint32_t fg = 0x202228, bg = 0xfdfcff;
    t.body = sans(400, 30, 42, fg, ALIGN_CENTER);
    t.heading[0] = sans(700, 60, 84, fg, ALIGN_CENTER);
    t.heading[1] = sans(700, 51, 71.5, fg, ALIGN_CENTER);
    t.heading[2] = sans(700, 42, 59, fg, ALIGN_CENTER);
    t.heading[3] = sans(700, 36, 50.5, fg, ALIGN_CENTER);
    t.slide_title = t.heading[1];
    t.code_block = (Style){.font = FONT_MONO, .align = ALIGN_LEFT, .weight = 400,
                           .size = PT(21), .pitch = PT(24.25), .color = fg};
    t.cell = sans(400, 24, 33.5, fg, ALIGN_LEFT);
    t.cell_head = sans(700, 24, 33.5, fg, ALIGN_LEFT);
    t.note = sans(400, 21, 29.5, fg, ALIGN_CENTER);
    t.caption = sans(400, 21, 29.5, fg, ALIGN_CENTER);
    t.title[TITLE_TITLE] = sans(700, 60, 84, fg, ALIGN_CENTER);
    t.title[TITLE_SUBTITLE] = sans(400, 36, 50.5, fg, ALIGN_CENTER);
    t.title[TITLE_AUTHOR] = sans(400, 30, 42, fg, ALIGN_CENTER);
    t.title[TITLE_AFFILIATION] = sans(400, 21, 29.5, fg, ALIGN_CENTER);
    t.title[TITLE_DATE] = sans(400, 24, 33.5, fg, ALIGN_CENTER);
    t.title[TITLE_EVENT] = sans(400, 24, 33.5, fg, ALIGN_CENTER);
    t.title[TITLE_FIELD] = sans(400, 24, 33.5, fg, ALIGN_CENTER);
    t.head = sans(400, 13.5, 18, 0x707173, ALIGN_LEFT);
    t.folio = sans(400, 18, 24, fg, ALIGN_RIGHT);
    t.link_color = 0x007cb0;
    t.code_bg = 0xf2f1f4;
    t.table_rule = fg;
    t.head_fill = bg;                      /* (none: a heavier rule under the head) */
    t.slide_background = bg;
    t.slide_middle = true;
    return t;
}

const Theme *
theme_report(void)
{
    return &report;
}

const Theme *
theme_slide(void)
{
    return &slide;
}

const Themes *
theme_defaults(void)
{
    static Themes defaults;
    static gsize made;                     /* (a copy of the tables, made once) */
    if (g_once_init_enter(&made)) {
        theme_builtin("report", &defaults);
        g_once_init_leave(&made, 1);
    }
    return &defaults;
}

const char *const theme_builtin_names[] = {"report", "paper", "gaia", "uncover", NULL};

bool
theme_builtin(const char *name, Themes *out)
{
    bool paper = strcmp(name, "paper") == 0, gaia = strcmp(name, "gaia") == 0,
         uncover = strcmp(name, "uncover") == 0;
    if (!paper && !gaia && !uncover && strcmp(name, "report") != 0)
        return false;
    out->report = paper ? paper_theme() : report;
    out->slide = gaia ? gaia_slides() : uncover ? uncover_slides() : slide;
    out->name = name;
    out->dir = ".";
    out->n_places = 0;
    return true;
}
