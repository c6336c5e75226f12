/*
 * theme.c: the built-in report theme (DESIGN §4), as data.
 * Body: Noto Serif CJK JP 10 pt on a 17 pt pitch; headings, running heads and
 * folios in Noto Sans CJK JP; code in Noto Sans Mono CJK JP. Emphasis is set
 * in gothic (Sans), as Japanese books do: CJK fonts have no italic, and a
 * slanted Mincho is a synthetic distortion.
 */
#include "style.h"

#define PT(x) ((Unit)((x) * 1024))

static const Theme report = {
    .family = {"Noto Serif CJK JP", "Noto Sans CJK JP", "Noto Sans Mono CJK JP"},
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
    .note = {.font = FONT_SERIF, .align = ALIGN_JUSTIFY, .weight = 400, .size = PT(9),
             .pitch = PT(17), .color = 0x000000},
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
    .measure_ratio = 0.76,
    .height_ratio = 0.81,
    .heading_lines_before = {2, 1, 1, 1},
    .list_indent_em = 1,
};

const Theme *
theme_report(void)
{
    return &report;
}
