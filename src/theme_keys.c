/*
 * theme_keys.c: the keys a theme file may set, read and printed from one
 * table (theme.h). A key is a dotted path ("body.size") into a nested YAML
 * mapping; its row names the Theme field it sets, its kind (how a value is
 * read and printed) and the themes it applies to (the report's, the
 * slides' or both). The same table reads theme files and the front
 * matter's overrides, prints `--print-theme` and the README's list of keys
 * (`--list-theme-keys`), so none of them can drift from the others.
 * A value prints exactly as it reads back (a length is a multiple of
 * 1/1024 pt, printed with every digit): printing a theme and reading the
 * file gives the same Themes, hence the same PDF bytes.
 */
#include "theme.h"

#include <ctype.h>
#include <glib.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "arena.h"
#include "diag.h"
#include "files.h"
#include "limits.h"
#include "number.h"
#include "slide.h"

typedef enum Kind {
    K_FONT,                                /* uint8_t FontRole: serif | sans | mono */
    K_ALIGN,                               /* uint8_t Align */
    K_WEIGHT,                              /* uint16_t, 100..900 */
    K_LENGTH,                              /* Unit: 10pt 3.5mm 1cm 0.5in 13Q 13H */
    K_MARGIN,                              /* Unit or THEME_AUTO ("auto") */
    K_COLOR,                               /* uint32_t 0xRRGGBB: "#rrggbb" */
    K_BOOL,
    K_INT,
    K_RATIO,                               /* double: 76% or 0.76 */
    K_TEXT,                                /* const char * */
    K_TEXTS,                               /* const char *[count] */
    K_PAPER,                               /* const char *: a paper name */
    K_ORIENT,                              /* bool landscape: portrait | landscape */
    K_FILE,                                /* ThemeFile: a file beside the theme */
    K_TEMPLATE,                            /* const char *: text with {fields} (slide.h) */
    K_FIT,                                 /* uint8_t ImageFit: cover | contain | stretch */
    K_CORNER,                              /* uint8_t Corner: top-right ... */
    K_SCALE,                               /* double: 1.05 or 105%, from 0.5 to 2 */
    K_NUMBER,                              /* const char *: a heading number's template or
                                            * a preset name (number.h; lo: the level) */
    K_EMLEN,                               /* EmLength: 0.5pt or 0.05em, signed; at
                                            * most 20 pt or 1 em */
} Kind;

enum { IN_REPORT = 1, IN_SLIDE = 2, IN_BOTH = 3 };

typedef struct ThemeKey {
    const char *name;
    uint8_t kind;                          /* Kind */
    uint8_t in;                            /* IN_REPORT | IN_SLIDE */
    uint8_t count;                         /* K_TEXTS: entries */
    int lo, hi;                            /* K_INT: the range */
    size_t offset;                         /* of the field in Theme */
    const char *help;
} ThemeKey;

#define F(field) offsetof(Theme, field)
#define STYLE(P, field, in, what)                                                          \
    {P ".font", K_FONT, in, 0, 0, 0, F(field.font), what ": face (serif, sans or mono)"},  \
    {P ".weight", K_WEIGHT, in, 0, 0, 0, F(field.weight), what ": weight (400 regular, "   \
     "700 bold)"},                                                                         \
    {P ".size", K_LENGTH, in, 0, 0, 0, F(field.size), what ": font size"},                 \
    {P ".pitch", K_LENGTH, in, 0, 0, 0, F(field.pitch), what ": line pitch (行送り)"},     \
    {P ".color", K_COLOR, in, 0, 0, 0, F(field.color), what ": colour"},                   \
    {P ".align", K_ALIGN, in, 0, 0, 0, F(field.align), what ": justify, left, center "     \
     "or right"}

static const ThemeKey keys[] = {
    {"page.paper", K_PAPER, IN_REPORT, 0, 0, 0, F(paper),
     "paper: A3 A4 A5 A6 B4 B5 B6 (JIS), Letter, Legal, in any case (--paper and the front "
     "matter's `paper:` win)"},
    {"page.orientation", K_ORIENT, IN_REPORT, 0, 0, 0, F(landscape),
     "portrait or landscape (the paper's long side across)"},
    {"page.width", K_LENGTH, IN_REPORT, 0, 0, 0, F(paper_width),
     "a custom paper width: with page.height (both non-zero) it wins over page.paper"},
    {"page.height", K_LENGTH, IN_REPORT, 0, 0, 0, F(paper_height), "a custom paper height"},
    {"page.chars-per-line", K_INT, IN_REPORT, 0, 0, 200, F(chars_per_line),
     "字詰め: body characters per line, of each column (0: from the margins or "
     "page.text-width)"},
    {"page.lines", K_INT, IN_REPORT, 0, 0, 300, F(lines_per_page),
     "行数: body lines per page (0: from the margins or page.text-height)"},
    {"page.margin-top", K_MARGIN, IN_REPORT, 0, 0, 0, F(margin_top),
     "天: from the paper's top to the first line's character faces (auto: centred)"},
    {"page.margin-bottom", K_MARGIN, IN_REPORT, 0, 0, 0, F(margin_bottom),
     "地: from the last line's character faces to the paper's foot"},
    {"page.margin-inner", K_MARGIN, IN_REPORT, 0, 0, 0, F(margin_inner),
     "ノド: the binding side (left on odd pages, right on even; auto: centred)"},
    {"page.margin-outer", K_MARGIN, IN_REPORT, 0, 0, 0, F(margin_outer),
     "小口: the fore edge (right on odd pages, left on even)"},
    {"page.columns", K_INT, IN_REPORT, 0, 1, 2, F(columns),
     "段組: the body in 1 or 2 columns (the title block and the contents across)"},
    {"page.column-gap", K_LENGTH, IN_REPORT, 0, 0, 0, F(column_gap), "段間: between the columns"},
    {"page.text-width", K_RATIO, IN_REPORT, 0, 0, 0, F(measure_ratio),
     "the text block's width as a share of the paper's (when not set otherwise)"},
    {"page.text-height", K_RATIO, IN_REPORT, 0, 0, 0, F(height_ratio),
     "the text block's height as a share of the paper's"},

    {"fonts.serif", K_TEXT, IN_BOTH, 0, 0, 0, F(family[FONT_SERIF]),
     "the family of the serif role (明朝: body text)"},
    {"fonts.sans", K_TEXT, IN_BOTH, 0, 0, 0, F(family[FONT_SANS]),
     "the family of the sans role (ゴシック: headings, emphasis)"},
    {"fonts.mono", K_TEXT, IN_BOTH, 0, 0, 0, F(family[FONT_MONO]),
     "the family of the mono role (code)"},
    /* --- theme fonts: a folder of them, and the Latin face paired with each
     * role (fontlock.c finds and pins the files, itemize.c sets the pairs) --- */
    {"fonts.dir", K_TEXT, IN_BOTH, 0, 0, 0, F(fonts_dir),
     "a folder of font files (.otf .ttf .ttc) beside the theme file: the families above "
     "may name theirs (\"\": none; pinned in fonts.lock by `kumihan --lock-fonts`)"},
    {"fonts.serif-latin", K_TEXT, IN_BOTH, 0, 0, 0, F(latin[FONT_SERIF]),
     "和欧混植: the Latin family set with the serif role's Japanese one (letters, digits; "
     "\"\": the Japanese font's own)"},
    {"fonts.sans-latin", K_TEXT, IN_BOTH, 0, 0, 0, F(latin[FONT_SANS]),
     "the Latin family set with the sans role's"},
    {"fonts.mono-latin", K_TEXT, IN_BOTH, 0, 0, 0, F(latin[FONT_MONO]),
     "the Latin family set with the mono role's"},
    {"fonts.latin-scale", K_SCALE, IN_BOTH, 0, 0, 0, F(latin_scale),
     "the Latin faces' size over the text's (1.05: 5 % larger, to match the kana's height)"},
    {"fonts.latin-shift", K_EMLEN, IN_BOTH, 0, 0, 0, F(latin_shift),
     "the Latin faces' baseline raised by a length or a share of the size (0.02em; "
     "negative: lowered)"},

    STYLE("body", body, IN_BOTH, "body text"),
    {"body.indent", K_BOOL, IN_BOTH, 0, 0, 0, F(para_indent),
     "paragraphs start one character in (字下げ)"},
    STYLE("h1", heading[0], IN_BOTH, "level-1 headings"),
    {"h1.lines-before", K_INT, IN_BOTH, 0, 0, 10, F(heading_lines_before[0]),
     "body lines of space above"},
    STYLE("h2", heading[1], IN_BOTH, "level-2 headings"),
    {"h2.lines-before", K_INT, IN_BOTH, 0, 0, 10, F(heading_lines_before[1]),
     "body lines of space above"},
    STYLE("h3", heading[2], IN_BOTH, "level-3 headings"),
    {"h3.lines-before", K_INT, IN_BOTH, 0, 0, 10, F(heading_lines_before[2]),
     "body lines of space above"},
    STYLE("h4", heading[3], IN_BOTH, "level-4 to 6 headings"),
    {"h4.lines-before", K_INT, IN_BOTH, 0, 0, 10, F(heading_lines_before[3]),
     "body lines of space above"},
    STYLE("code", code_block, IN_BOTH, "code blocks"),
    {"code.background", K_COLOR, IN_BOTH, 0, 0, 0, F(code_bg), "code blocks' background"},
    {"link.color", K_COLOR, IN_BOTH, 0, 0, 0, F(link_color), "links' colour"},
    {"link.underline", K_BOOL, IN_BOTH, 0, 0, 0, F(link_underline), "links underlined"},
    {"quote.bar-color", K_COLOR, IN_BOTH, 0, 0, 0, F(quote_bar), "the bar beside quotes"},
    {"rule.color", K_COLOR, IN_BOTH, 0, 0, 0, F(rule_color),
     "thematic breaks and the title block's rule"},
    {"list.indent", K_INT, IN_BOTH, 0, 0, 8, F(list_indent_em), "ems of indent per level"},
    {"list.bullets", K_TEXTS, IN_BOTH, 6, 0, 0, F(bullets),
     "markers of unordered lists by depth (6 of them)"},
    STYLE("table.cell", cell, IN_BOTH, "table cells"),
    STYLE("table.head", cell_head, IN_BOTH, "table header cells"),
    {"table.rule-color", K_COLOR, IN_BOTH, 0, 0, 0, F(table_rule), "tables' rules"},
    {"table.head-fill", K_COLOR, IN_BOTH, 0, 0, 0, F(head_fill), "header rows' shading"},
    STYLE("footnote", note, IN_BOTH, "footnotes"),
    STYLE("caption", caption, IN_BOTH, "captions"),
    STYLE("title-block.title", title[TITLE_TITLE], IN_BOTH, "the title"),
    STYLE("title-block.subtitle", title[TITLE_SUBTITLE], IN_BOTH, "the subtitle"),
    STYLE("title-block.author", title[TITLE_AUTHOR], IN_BOTH, "the author"),
    STYLE("title-block.affiliation", title[TITLE_AFFILIATION], IN_BOTH, "the affiliation"),
    STYLE("title-block.date", title[TITLE_DATE], IN_BOTH, "the date"),
    STYLE("title-block.event", title[TITLE_EVENT], IN_BOTH, "the event"),
    {"title-block.rule", K_BOOL, IN_BOTH, 0, 0, 0, F(title_rule), "a rule under the title block"},
    {"title-block.gap-before-event", K_BOOL, IN_BOTH, 0, 0, 0, F(title_gap_event),
     "a blank line before the event line"},
    STYLE("header", head, IN_BOTH, "running heads (柱)"),
    STYLE("folio", folio, IN_BOTH, "page numbers (ノンブル)"),
    STYLE("slide-title", slide_title, IN_SLIDE, "slide titles"),

    /* --- numbers and captions: number.c --- */
    {"numbering.h1", K_NUMBER, IN_REPORT, 0, 1, 0, F(heading_number[0]),
     "h1's number: 1. 1.1 第1章 第1節 第一章 (1) none, or a template ({1}..{4}: the "
     "counters; {1:kanji} {1:roman} {1:alpha})"},
    {"numbering.h2", K_NUMBER, IN_REPORT, 0, 2, 0, F(heading_number[1]), "h2's number"},
    {"numbering.h3", K_NUMBER, IN_REPORT, 0, 3, 0, F(heading_number[2]), "h3's number"},
    {"numbering.h4", K_NUMBER, IN_REPORT, 0, 4, 0, F(heading_number[3]), "h4's to h6's number"},
    {"numbering.separator", K_TEXT, IN_REPORT, 0, 0, 0, F(heading_number_sep),
     "between a heading's number and its title"},
    {"numbering.by-chapter", K_BOOL, IN_REPORT, 0, 0, 0, F(number_by_chapter),
     "figures and tables numbered per h1: 図2.3"},
    {"numbering.figure-label", K_TEXT, IN_REPORT, 0, 0, 0, F(figure_label),
     "before a figure's number"},
    {"numbering.table-label", K_TEXT, IN_REPORT, 0, 0, 0, F(table_label),
     "before a table's number"},
    {"numbering.caption-separator", K_TEXT, IN_REPORT, 0, 0, 0, F(caption_sep),
     "between a caption's number and its text"},
    {"numbering.lof-title", K_TEXT, IN_REPORT, 0, 0, 0, F(lof_title),
     "the list of figures' heading (front matter lof: true)"},
    {"numbering.lot-title", K_TEXT, IN_REPORT, 0, 0, 0, F(lot_title),
     "the list of tables' heading (lot: true)"},

    /* --- the deck's look: slide.c draws it, impose.c prints it --- */
    {"slide.background", K_COLOR, IN_SLIDE, 0, 0, 0, F(slide_background),
     "the slides' background colour (handout sheets stay white)"},
    {"slide.background-image", K_FILE, IN_SLIDE, 0, 0, 0, F(slide_image),
     "a picture behind every slide (PNG, JPEG, WebP, SVG, PDF), beside the theme file"},
    {"slide.background-fit", K_FIT, IN_SLIDE, 0, 0, 0, F(slide_image_fit),
     "cover (fills the slide, cropped), contain (all of it, centred) or stretch"},
    {"slide.logo", K_FILE, IN_SLIDE, 0, 0, 0, F(slide_logo),
     "a picture in a corner of every slide, beside the theme file"},
    {"slide.logo-position", K_CORNER, IN_SLIDE, 0, 0, 0, F(logo_corner),
     "top-right, top-left, bottom-right or bottom-left"},
    {"slide.logo-height", K_LENGTH, IN_SLIDE, 0, 0, 0, F(logo_height),
     "the logo's height (its width in proportion)"},
    {"slide.footer", K_TEMPLATE, IN_SLIDE, 0, 0, 0, F(slide_footer),
     "the foot's left: text with {title} {subtitle} {author} {event} {place} {date} {page} "
     "{pages} (\"\": none)"},
    {"slide.page-number", K_TEMPLATE, IN_SLIDE, 0, 0, 0, F(slide_number),
     "the foot's right, a template as slide.footer"},
    {"slide.paginate-title", K_BOOL, IN_SLIDE, 0, 0, 0, F(paginate_title),
     "the title slide has the foot (footer and page number) too"},
    {"handout.header", K_TEMPLATE, IN_SLIDE, 0, 0, 0, F(handout_header),
     "handouts' and notes pages' running head (left), a template; {page} is the sheet's"},
    {"handout.header-right", K_TEMPLATE, IN_SLIDE, 0, 0, 0, F(handout_header_right),
     "their running head's right part"},
    {"handout.footer", K_TEMPLATE, IN_SLIDE, 0, 0, 0, F(handout_footer),
     "their folio, a template"},
};

#define N_KEYS (sizeof keys / sizeof keys[0])

/* --- values: read --- */

static const char *const font_names[] = {"serif", "sans", "mono"};
static const char *const align_names[] = {"justify", "left", "center", "right"};
static const char *const fit_names[] = {"cover", "contain", "stretch"};
static const char *const corner_names[] = {"top-right", "top-left", "bottom-right",
                                           "bottom-left"};

static void *
slot(Theme *t, const ThemeKey *k)
{
    return (char *)t + k->offset;
}

static const void *
cslot(const Theme *t, const ThemeKey *k)
{
    return (const char *)t + k->offset;
}

static int
name_index(const char *s, const char *const *names, int n)
{
    for (int i = 0; i < n; i++)
        if (strcasecmp(s, names[i]) == 0)
            return i;
    return -1;
}

/* A number with nothing after it but white space. */
static bool
read_number(const char *s, double *v, const char **rest)
{
    char *end;
    errno = 0;
    *v = strtod(s, &end);
    if (end == s || errno || !isfinite(*v))
        return false;
    while (*end == ' ')
        end++;
    *rest = end;
    return true;
}

/* A length: a number and a unit (pt mm cm in Q H px; a bare number is in
 * points), from 0 to 2000 pt. */
static bool
read_length(const char *s, Unit *out)
{
    double v;
    const char *u;
    if (!read_number(s, &v, &u) || v < 0)
        return false;
    double pt;
    if (!*u || strcmp(u, "pt") == 0)
        pt = v;
    else if (strcmp(u, "mm") == 0)
        pt = v * 72 / 25.4;
    else if (strcmp(u, "cm") == 0)
        pt = v * 720 / 25.4;
    else if (strcmp(u, "in") == 0)
        pt = v * 72;
    else if (strcmp(u, "Q") == 0 || strcmp(u, "H") == 0)   /* 級, 歯: a quarter mm */
        pt = v * 18 / 25.4;
    else if (strcmp(u, "px") == 0)
        pt = v * 0.75;
    else
        return false;
    if (pt > 2000)
        return false;
    *out = unit_from_pt(pt);
    return true;
}

static bool
read_color(const char *s, uint32_t *out)
{
    static const struct { const char *name; uint32_t rgb; } named[] = {
        {"black", 0x000000}, {"white", 0xffffff}, {"gray", 0x808080}, {"grey", 0x808080},
        {"red", 0xff0000}, {"green", 0x008000}, {"blue", 0x0000ff}, {"navy", 0x000080},
    };
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
        if (strcasecmp(s, named[i].name) == 0) {
            *out = named[i].rgb;
            return true;
        }
    if (s[0] != '#')
        return false;
    size_t n = strlen(s + 1);
    for (size_t i = 1; i <= n; i++)
        if (!isxdigit((unsigned char)s[i]))
            return false;
    unsigned long v = strtoul(s + 1, NULL, 16);
    if (n == 6)
        *out = (uint32_t)v;
    else if (n == 3)
        *out = (uint32_t)(((v >> 8 & 0xf) * 0x110000) | ((v >> 4 & 0xf) * 0x1100)
                          | ((v & 0xf) * 0x11));
    else
        return false;
    return true;
}

static bool
read_bool(const char *s, bool *out)
{
    if (strcmp(s, "true") == 0 || strcmp(s, "yes") == 0 || strcmp(s, "on") == 0)
        *out = true;
    else if (strcmp(s, "false") == 0 || strcmp(s, "no") == 0 || strcmp(s, "off") == 0)
        *out = false;
    else
        return false;
    return true;
}

static const char *
kind_wants(const ThemeKey *k)
{
    switch ((Kind)k->kind) {
    case K_FONT: return "serif, sans or mono";
    case K_ALIGN: return "justify, left, center or right";
    case K_WEIGHT: return "a weight from 100 to 900 (400 regular, 700 bold)";
    case K_LENGTH: return "a length such as 10pt, 3.5mm, 1cm, 0.5in or 13Q";
    case K_MARGIN: return "a length such as 20mm, or auto";
    case K_COLOR: return "a colour such as \"#1a4480\"";
    case K_BOOL: return "true or false";
    case K_INT: return "a whole number";
    case K_RATIO: return "a share such as 76% or 0.76";
    case K_TEXT: return "text";
    case K_NUMBER: return "a numbering: 1. 1.1 第1章 第1節 第一章 (1) none, or a template "
                          "such as \"{1}-{2}\" or \"第{1:kanji}章\"";
    case K_TEXTS: return "a list of texts";
    case K_PAPER: return STYLE_PAPER_NAMES;
    case K_ORIENT: return "portrait or landscape";
    case K_FILE: return "a file name (\"\": none)";
    case K_TEMPLATE: return "text whose fields are {title}, {subtitle}, {author}, {event}, "
                            "{place}, {date}, {page} and {pages} ({{ and }} for braces)";
    case K_FIT: return "cover, contain or stretch";
    case K_CORNER: return "top-right, top-left, bottom-right or bottom-left";
    case K_SCALE: return "a scale such as 1.05 or 105% (0.5 to 2)";
    case K_EMLEN: return "a length such as 0.3pt or a share of the size such as 0.02em";
    }
    return "a value";
}

/* Set key k of t from the scalar s; false: s is no value of its kind. The
 * strings are copied into `arena`. */
static bool
read_value(Theme *t, const ThemeKey *k, const char *s, Arena *arena)
{
    void *p = slot(t, k);
    double v;
    const char *rest;
    switch ((Kind)k->kind) {
    case K_FONT: {
        int i = name_index(s, font_names, 3);
        if (i < 0)
            return false;
        *(uint8_t *)p = (uint8_t)i;
        return true;
    }
    case K_ALIGN: {
        int i = name_index(s, align_names, 4);
        if (i < 0 && strcasecmp(s, "centre") == 0)
            i = ALIGN_CENTER;
        if (i < 0)
            return false;
        *(uint8_t *)p = (uint8_t)i;
        return true;
    }
    case K_WEIGHT:
        if (strcasecmp(s, "regular") == 0 || strcasecmp(s, "normal") == 0)
            v = 400, rest = "";
        else if (strcasecmp(s, "bold") == 0)
            v = 700, rest = "";
        else if (!read_number(s, &v, &rest))
            return false;
        if (*rest || v < 100 || v > 900 || v != floor(v))
            return false;
        *(uint16_t *)p = (uint16_t)v;
        return true;
    case K_MARGIN:
        if (strcmp(s, "auto") == 0) {
            *(Unit *)p = THEME_AUTO;
            return true;
        }
        return read_length(s, (Unit *)p);
    case K_LENGTH:
        return read_length(s, (Unit *)p);
    case K_COLOR:
        return read_color(s, (uint32_t *)p);
    case K_BOOL:
        return read_bool(s, (bool *)p);
    case K_INT:
        if (!read_number(s, &v, &rest) || *rest || v != floor(v) || v < k->lo || v > k->hi)
            return false;
        *(int *)p = (int)v;
        return true;
    case K_RATIO:
        if (!read_number(s, &v, &rest))
            return false;
        if (strcmp(rest, "%") == 0)
            v /= 100;
        else if (*rest)
            return false;
        if (v <= 0 || v > 1)
            return false;
        *(double *)p = v;
        return true;
    case K_TEXT:
        *(const char **)p = arena_strdup(arena, s);
        return true;
    case K_NUMBER: {
        const char *preset = number_preset(s, k->lo);
        if (!preset && !number_template_ok(s, NULL))
            return false;
        *(const char **)p = preset ? preset : arena_strdup(arena, s);
        return true;
    }
    case K_PAPER: {
        Unit w, h;
        if (!style_paper_size(s, &w, &h))
            return false;
        *(const char **)p = arena_strdup(arena, s);
        return true;
    }
    case K_SCALE:
        if (!read_number(s, &v, &rest))
            return false;
        if (strcmp(rest, "%") == 0)
            v /= 100;
        else if (*rest)
            return false;
        if (v < 0.5 || v > 2)
            return false;
        *(double *)p = v;
        return true;
    case K_EMLEN: {
        bool minus = *s == '-';
        EmLength e = {0, 0};
        if (read_number(s + minus, &v, &rest) && strcmp(rest, "em") == 0) {
            if (v > 1)
                return false;
            e.em = minus ? -v : v;
        } else if (read_length(s + minus, &e.len)) {
            if (e.len > unit_from_pt(20))
                return false;
            e.len = minus ? -e.len : e.len;
        } else {
            return false;
        }
        *(EmLength *)p = e;
        return true;
    }
    case K_ORIENT:
        if (strcmp(s, "portrait") == 0)
            *(bool *)p = false;
        else if (strcmp(s, "landscape") == 0)
            *(bool *)p = true;
        else
            return false;
        return true;
    case K_TEMPLATE:
        if (!slide_template_check(s))
            return false;
        *(const char **)p = arena_strdup(arena, s);
        return true;
    case K_FIT:
    case K_CORNER: {
        int i = k->kind == K_FIT ? name_index(s, fit_names, 3) : name_index(s, corner_names, 4);
        if (i < 0)
            return false;
        *(uint8_t *)p = (uint8_t)i;
        return true;
    }
    case K_TEXTS:
        return false;                      /* (a sequence: read_texts) */
    case K_FILE:
        return false;                      /* (where it is named matters: read_file) */
    }
    return false;
}

/* --- values: print --- */

/* The shortest decimal that reads back as v. */
static void
print_double(GString *out, double v)
{
    char buf[40];
    for (int prec = 6; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    g_string_append(out, buf);
}

/* s as a YAML double-quoted scalar. */
static void
print_quoted(GString *out, const char *s)
{
    g_string_append_c(out, '"');
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        if (*c == '"' || *c == '\\')
            g_string_append_printf(out, "\\%c", *c);
        else if (*c < 0x20 || *c == 0x7f)
            g_string_append_printf(out, "\\x%02x", *c);
        else
            g_string_append_c(out, (char)*c);
    }
    g_string_append_c(out, '"');
}

static void
print_value(GString *out, const Theme *t, const ThemeKey *k)
{
    const void *p = cslot(t, k);
    switch ((Kind)k->kind) {
    case K_FONT:
        g_string_append(out, font_names[*(const uint8_t *)p % 3]);
        break;
    case K_ALIGN:
        g_string_append(out, align_names[*(const uint8_t *)p % 4]);
        break;
    case K_WEIGHT:
        g_string_append_printf(out, "%u", (unsigned)*(const uint16_t *)p);
        break;
    case K_MARGIN:
        if (*(const Unit *)p == THEME_AUTO) {
            g_string_append(out, "auto");
            break;
        }
        /* fall through */
    case K_LENGTH:
        print_double(out, pt_from_unit(*(const Unit *)p));
        g_string_append(out, "pt");
        break;
    case K_COLOR:
        g_string_append_printf(out, "\"#%06x\"", (unsigned)(*(const uint32_t *)p & 0xffffff));
        break;
    case K_BOOL:
        g_string_append(out, *(const bool *)p ? "true" : "false");
        break;
    case K_INT:
        g_string_append_printf(out, "%d", *(const int *)p);
        break;
    case K_RATIO:
        print_double(out, *(const double *)p);
        break;
    case K_TEXT:
    case K_TEMPLATE:
    case K_NUMBER:
    case K_PAPER: {
        const char *s = *(const char *const *)p;
        print_quoted(out, s ? s : "");
        break;
    }
    case K_ORIENT:
        g_string_append(out, *(const bool *)p ? "landscape" : "portrait");
        break;
    case K_FILE: {
        const ThemeFile *f = p;
        print_quoted(out, f->name ? f->name : "");
        break;
    }
    case K_FIT:
        g_string_append(out, fit_names[*(const uint8_t *)p % 3]);
        break;
    case K_CORNER:
        g_string_append(out, corner_names[*(const uint8_t *)p % 4]);
        break;
    case K_SCALE:
        print_double(out, *(const double *)p);
        break;
    case K_EMLEN: {
        const EmLength *e = p;
        if (e->em != 0) {
            print_double(out, e->em);
            g_string_append(out, "em");
        } else {
            print_double(out, pt_from_unit(e->len));
            g_string_append(out, "pt");
        }
        break;
    }
    case K_TEXTS: {
        const char *const *v = p;
        g_string_append_c(out, '[');
        for (int i = 0; i < k->count; i++) {
            if (i)
                g_string_append(out, ", ");
            print_quoted(out, v[i] ? v[i] : "");
        }
        g_string_append_c(out, ']');
        break;
    }
    }
}

/* The keys of `in` as nested YAML at `indent` spaces. */
static void
print_keys(GString *out, const Theme *t, int in, int indent)
{
    const char *prev = "";
    for (size_t i = 0; i < N_KEYS; i++) {
        const ThemeKey *k = &keys[i];
        if (!(k->in & in))
            continue;
        /* the components shared with the previous key are open mappings */
        gchar **a = g_strsplit(prev, ".", -1), **b = g_strsplit(k->name, ".", -1);
        int na = (int)g_strv_length(a), nb = (int)g_strv_length(b), c = 0;
        while (c < na - 1 && c < nb - 1 && strcmp(a[c], b[c]) == 0)
            c++;
        for (int j = c; j < nb - 1; j++)
            g_string_append_printf(out, "%*s%s:\n", indent + 2 * j, "", b[j]);
        g_string_append_printf(out, "%*s%s: ", indent + 2 * (nb - 1), "", b[nb - 1]);
        print_value(out, t, k);
        g_string_append_c(out, '\n');
        g_strfreev(a);
        g_strfreev(b);
        prev = k->name;
    }
}

void
theme_print(FILE *f, const Themes *t)
{
    GString *out = g_string_new(NULL);
    g_string_append_printf(out, "# kumihan theme: every key with its value (built from '%s').\n"
                           "# Edit, then use with --theme FILE or the front matter's "
                           "`theme: FILE`.\n"
                           "# Lengths: pt mm cm in Q; colours: \"#rrggbb\". "
                           "`kumihan --list-theme-keys` explains each key.\n",
                           t->name ? t->name : "report");
    print_keys(out, &t->report, IN_REPORT, 0);
    g_string_append(out, "# the slides: decks, the report's appendix, handouts\nslides:\n");
    print_keys(out, &t->slide, IN_SLIDE, 2);
    fwrite(out->str, 1, out->len, f);
    g_string_free(out, TRUE);
}

void
theme_print_keys(FILE *f)
{
    Themes t;
    theme_builtin("report", &t);
    GString *out = g_string_new(NULL);
    g_string_append(out, "| key | `report` | `slides:` | what it sets |\n|---|---|---|---|\n");
    for (size_t i = 0; i < N_KEYS; i++) {
        const ThemeKey *k = &keys[i];
        g_string_append_printf(out, "| `%s` | ", k->name);
        if (k->in & IN_REPORT) {
            g_string_append_c(out, '`');
            print_value(out, &t.report, k);
            g_string_append_c(out, '`');
        }
        g_string_append(out, " | ");
        if (k->in & IN_SLIDE) {
            g_string_append_c(out, '`');
            print_value(out, &t.slide, k);
            g_string_append_c(out, '`');
        }
        g_string_append_printf(out, " | %s |\n", k->help);
    }
    /* (a | in a value would end its cell) */
    fwrite(out->str, 1, out->len, f);
    g_string_free(out, TRUE);
}

/* --- did you mean --- */

static size_t
edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    size_t *row = g_new(size_t, lb + 1);
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    size_t d = row[lb];
    g_free(row);
    return d;
}

const char *
theme_nearest(const char *name, const char *const *cands, size_t n)
{
    const char *best = NULL;
    size_t best_d = SIZE_MAX, len = strlen(name);
    for (size_t i = 0; i < n; i++) {
        size_t d = edit_distance(name, cands[i]);
        if (d < best_d) {
            best_d = d;
            best = cands[i];
        }
    }
    size_t most = len < 6 ? 2 : len / 3;
    return best && best_d <= most ? best : NULL;
}

/* --- reading YAML --- */

typedef struct Reader {
    Doc *doc;
    const char *file;                      /* for messages: the theme file, or NULL: the
                                            * document's front matter */
    uint32_t first_line;                   /* of the YAML text in `file` */
    bool cli;                              /* the theme the command line names */
    Themes *out;
} Reader;

static SrcPos
pos_of(const Reader *r, yaml_mark_t m)
{
    return (SrcPos){(uint32_t)m.line + r->first_line, (uint32_t)m.column + 1};
}

static void
rd_warn(Reader *r, yaml_mark_t m, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void
rd_error(Reader *r, yaml_mark_t m, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
rd_warn(Reader *r, yaml_mark_t m, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    diag_warn_in(r->doc, r->file, pos_of(r, m), "%s", msg);
    g_free(msg);
}

static void
rd_error(Reader *r, yaml_mark_t m, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    diag_error_in(r->doc, r->file, pos_of(r, m), "%s", msg);
    g_free(msg);
}

static const ThemeKey *
find_key(const char *name, int in)
{
    for (size_t i = 0; i < N_KEYS; i++)
        if ((keys[i].in & in) && strcmp(keys[i].name, name) == 0)
            return &keys[i];
    return NULL;
}

/* Is `prefix` the start of a key's path ("body", "title-block.title")? */
static bool
is_section(const char *prefix, int in)
{
    size_t n = strlen(prefix);
    for (size_t i = 0; i < N_KEYS; i++)
        if ((keys[i].in & in) && strncmp(keys[i].name, prefix, n) == 0 && keys[i].name[n] == '.')
            return true;
    return false;
}

static void
unknown_key(Reader *r, yaml_mark_t m, const char *name, int in)
{
    const ThemeKey *other = find_key(name, IN_BOTH);
    if (other || is_section(name, IN_BOTH)) {
        if (in == IN_SLIDE)
            rd_warn(r, m, "'%s' is a key of the report's theme, not of `slides:`: ignored", name);
        else
            rd_warn(r, m, "'%s' is a key of `slides:`, not of the report's theme: ignored", name);
        return;
    }
    /* the keys and the sections ("page", "title-block.title") */
    GPtrArray *cands = g_ptr_array_new_with_free_func(g_free);
    for (size_t i = 0; i < N_KEYS; i++) {
        if (!(keys[i].in & in))
            continue;
        g_ptr_array_add(cands, g_strdup(keys[i].name));
        for (const char *dot = strchr(keys[i].name, '.'); dot; dot = strchr(dot + 1, '.'))
            g_ptr_array_add(cands, g_strndup(keys[i].name, (size_t)(dot - keys[i].name)));
    }
    const char *near = theme_nearest(name, (const char *const *)cands->pdata, cands->len);
    if (near)
        rd_warn(r, m, "unknown theme key '%s' is ignored; did you mean '%s'?", name, near);
    else
        rd_warn(r, m, "unknown theme key '%s' is ignored (kumihan --list-theme-keys lists "
                "them)", name);
    g_ptr_array_free(cands, TRUE);
}

static const char *
scalar(const yaml_node_t *n)
{
    return (const char *)n->data.scalar.value;
}

/* Remember where a field of the report's page setup was set (page.*,
 * body.size, body.pitch), for check_page. */
static void
note_place(Reader *r, size_t field, yaml_mark_t m)
{
    Themes *t = r->out;
    int i = 0;
    while (i < t->n_places && t->places[i].field != field)
        i++;
    if (i == THEME_PLACES)
        return;
    if (i == t->n_places)
        t->n_places++;
    t->places[i] = (ThemePlace){field, r->file, pos_of(r, m)};
}

static bool
is_page_key(const ThemeKey *k)
{
    return strncmp(k->name, "page.", 5) == 0 || k->offset == F(body.size)
           || k->offset == F(body.pitch);
}

static void
read_texts(Reader *r, yaml_document_t *yd, Theme *t, const ThemeKey *k, yaml_node_t *v)
{
    const char **dst = slot(t, k);
    int i = 0;
    for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top;
         it++) {
        yaml_node_t *item = yaml_document_get_node(yd, *it);
        if (!item || item->type != YAML_SCALAR_NODE) {
            rd_error(r, v->start_mark, "'%s' must be %s", k->name, kind_wants(k));
            return;
        }
        if (i == k->count) {
            rd_warn(r, item->start_mark, "'%s' takes %d entries: the rest are ignored", k->name,
                    k->count);
            break;
        }
        dst[i++] = arena_strdup(r->doc->arena, scalar(item));
    }
    if (i == 0) {
        rd_error(r, v->start_mark, "'%s' must be %s", k->name, kind_wants(k));
        return;
    }
    for (; i < k->count; i++)              /* the last one goes on deeper */
        dst[i] = dst[i - 1];
}

/* A file named by the theme: found beside the theme file that names it (the
 * document's own folder for its front matter) wherever the theme is used
 * from; read anywhere when the command line named the theme, else inside
 * --root (slide.c opens it). "" names none. */
static void
read_file(Reader *r, Theme *t, const ThemeKey *k, yaml_node_t *v)
{
    ThemeFile *f = slot(t, k);
    const char *s = scalar(v);
    if (!*s) {
        *f = (ThemeFile){0};
        return;
    }
    Doc *doc = r->doc;
    gchar *dir = r->file ? g_path_get_dirname(r->file) : g_strdup(doc->dir ? doc->dir : ".");
    gchar *joined = g_build_filename(dir, s, NULL);
    gchar *abs = g_canonicalize_filename(joined, NULL);
    *f = (ThemeFile){.name = arena_strdup(doc->arena, s), .path = arena_strdup(doc->arena, abs),
                     .anywhere = r->cli, .file = r->file ? r->file : doc->path,
                     .pos = pos_of(r, v->start_mark)};
    g_free(abs);
    g_free(joined);
    g_free(dir);
}

/* One key's value into the themes of `in`. */
static void
read_leaf(Reader *r, yaml_document_t *yd, const ThemeKey *k, yaml_node_t *v, int in)
{
    Theme *ts[2] = {in & IN_REPORT ? &r->out->report : NULL,
                    in & IN_SLIDE ? &r->out->slide : NULL};
    for (int i = 0; i < 2; i++) {
        if (!ts[i] || !(k->in & (i ? IN_SLIDE : IN_REPORT)))
            continue;
        if (k->kind == K_TEXTS && v->type == YAML_SEQUENCE_NODE) {
            read_texts(r, yd, ts[i], k, v);
        } else if (k->kind == K_FILE && v->type == YAML_SCALAR_NODE) {
            read_file(r, ts[i], k, v);
        } else if (v->type != YAML_SCALAR_NODE || !read_value(ts[i], k, scalar(v),
                                                               r->doc->arena)) {
            if (v->type == YAML_SCALAR_NODE)
                rd_error(r, v->start_mark, "'%s' must be %s, not \"%s\"", k->name, kind_wants(k),
                         scalar(v));
            else
                rd_error(r, v->start_mark, "'%s' must be %s", k->name, kind_wants(k));
            return;
        }
        if (i == 0 && is_page_key(k))
            note_place(r, k->offset, v->start_mark);
    }
}

/* The pairs of mapping `m` below path `prefix` (NULL: the top). */
static void
read_mapping(Reader *r, yaml_document_t *yd, yaml_node_t *m, const char *prefix, int in)
{
    for (yaml_node_pair_t *pair = m->data.mapping.pairs.start; pair < m->data.mapping.pairs.top;
         pair++) {
        yaml_node_t *kn = yaml_document_get_node(yd, pair->key);
        yaml_node_t *v = yaml_document_get_node(yd, pair->value);
        if (!kn || !v)
            continue;
        if (kn->type != YAML_SCALAR_NODE) {
            rd_error(r, kn->start_mark, "theme keys must be plain words");
            continue;
        }
        const char *name = scalar(kn);
        char *path = prefix ? g_strdup_printf("%s.%s", prefix, name) : g_strdup(name);
        if (!prefix && in == IN_REPORT && strcmp(name, "slides") == 0) {
            if (v->type == YAML_MAPPING_NODE)
                read_mapping(r, yd, v, NULL, IN_SLIDE);
            else
                rd_error(r, v->start_mark, "'slides' must be a mapping of theme keys");
        } else if (!prefix && (strcmp(name, "extends") == 0 || strcmp(name, "name") == 0)) {
            /* (read before: theme_load) */
        } else if (v->type == YAML_MAPPING_NODE && !find_key(path, in)) {
            if (is_section(path, in))
                read_mapping(r, yd, v, path, in);
            else
                unknown_key(r, kn->start_mark, path, in);
        } else {
            const ThemeKey *k = find_key(path, in);
            /* a key of the other theme's only: the report's page in `slides:` */
            if (!k || !(k->in & in))
                unknown_key(r, kn->start_mark, path, in);
            else if (!(v->type == YAML_SCALAR_NODE && v->data.scalar.length == 0
                       && v->data.scalar.style == YAML_PLAIN_SCALAR_STYLE))
                read_leaf(r, yd, k, v, in);
        }
        g_free(path);
    }
}

/* Parse `text` as YAML into *yd; false (with an error) if it is not. */
static bool
load_yaml(Reader *r, const char *text, size_t len, yaml_document_t *yd)
{
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser))
        return false;
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    bool ok = yaml_parser_load(&parser, yd);
    if (!ok)
        diag_error_in(r->doc, r->file, pos_of(r, parser.problem_mark), "not valid YAML: %s",
                      parser.problem ? parser.problem : "parse error");
    yaml_parser_delete(&parser);
    return ok;
}

/* --- themes --- */

static bool
is_builtin(const char *name)
{
    for (int i = 0; theme_builtin_names[i]; i++)
        if (strcmp(theme_builtin_names[i], name) == 0)
            return true;
    return false;
}

static Status load_theme(Doc *doc, const char *name, bool from_cli, int depth, Themes *out);

/* A theme file's bytes: from the command line wherever it is, from a
 * document inside the root (files.c). NULL with a message. */
static char *
read_theme_file(Doc *doc, const char *path, bool from_cli, size_t *len)
{
    if (from_cli) {
        files_tell_read(doc, path);
        if (!strchr(path, '/') && !g_file_test(path, G_FILE_TEST_EXISTS)) {
            GString *names = g_string_new(NULL);
            for (int i = 0; theme_builtin_names[i]; i++)
                g_string_append_printf(names, "%s%s", i ? ", " : "", theme_builtin_names[i]);
            diag_fail(doc, ST_ENV, "no theme '%s': neither a built-in theme (%s) nor a file",
                      path, names->str);
            g_string_free(names, TRUE);
            return NULL;
        }
        gchar *data = NULL;
        gsize n = 0;
        GError *err = NULL;
        if (!g_file_get_contents(path, &data, &n, &err)) {
            diag_fail(doc, ST_ENV, "cannot read the theme %s: %s", path, err->message);
            g_error_free(err);
            return NULL;
        }
        if (n > LIMIT_THEME_BYTES) {
            g_free(data);
            diag_fail(doc, ST_ENV, "the theme %s is over %d bytes", path, LIMIT_THEME_BYTES);
            return NULL;
        }
        char *copy = arena_strndup(doc->arena, data, n);
        g_free(data);
        *len = n;
        return copy;
    }
    const char *why = NULL;
    bool refused = false;
    SourceFile *f = files_open(doc, path, LIMIT_THEME_BYTES, &why, &refused);
    if (!f) {
        diag_error(doc, doc->meta.theme_pos, "theme '%s' %s", path,
                   refused ? "is outside the root folder: not read" : why ? why : "cannot be read");
        return NULL;
    }
    char *copy = arena_strndup(doc->arena, f->data, f->len);
    *len = f->len;
    files_release(doc, f);
    return copy;
}

/* A file's folder, in the arena. */
static const char *
folder_of(Doc *doc, const char *path)
{
    gchar *d = g_path_get_dirname(path);
    const char *r = arena_strdup(doc->arena, d);
    g_free(d);
    return r;
}

static Status
load_theme(Doc *doc, const char *name, bool from_cli, int depth, Themes *out)
{
    if (is_builtin(name)) {
        theme_builtin(name, out);
        return ST_OK;
    }
    if (depth > 8)
        return diag_fail(doc, ST_CONTENT, "theme %s: `extends:` goes more than 8 themes deep",
                         name);
    size_t len = 0;
    char *text = read_theme_file(doc, name, from_cli, &len);
    if (!text)
        return from_cli ? ST_ENV : ST_CONTENT;
    /* (a theme named by a document is read relative to the document's
     * folder; its own `extends:` relative to it) */
    const char *shown = from_cli || !doc->dir || strcmp(doc->dir, ".") == 0
                            ? name : arena_printf(doc->arena, "%s/%s", doc->dir, name);
    Reader r = {.doc = doc, .file = shown, .first_line = 1, .cli = from_cli, .out = out};
    yaml_document_t yd;
    if (!load_yaml(&r, text, len, &yd))
        return ST_CONTENT;
    yaml_node_t *root = yaml_document_get_root_node(&yd);
    if (!root || root->type != YAML_MAPPING_NODE) {
        if (root && !(root->type == YAML_SCALAR_NODE && root->data.scalar.length == 0))
            rd_error(&r, root->start_mark, "a theme is a mapping of keys to values");
        theme_builtin("report", out);
    } else {
        const char *base = "report";
        yaml_mark_t base_mark = root->start_mark;
        for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top;
             p++) {
            yaml_node_t *k = yaml_document_get_node(&yd, p->key);
            yaml_node_t *v = yaml_document_get_node(&yd, p->value);
            if (k && v && k->type == YAML_SCALAR_NODE && strcmp(scalar(k), "extends") == 0) {
                if (v->type != YAML_SCALAR_NODE)
                    rd_error(&r, v->start_mark, "'extends' names a theme: report, paper or a file");
                else
                    base = arena_strdup(doc->arena, scalar(v)), base_mark = v->start_mark;
            }
        }
        Status st = ST_OK;
        if (is_builtin(base)) {
            theme_builtin(base, out);
        } else {
            /* a theme file beside this one */
            gchar *d = g_path_get_dirname(name);
            const char *path = base[0] == '/' || strcmp(d, ".") == 0
                                   ? base : arena_printf(doc->arena, "%s/%s", d, base);
            g_free(d);
            (void)base_mark;
            st = load_theme(doc, path, from_cli, depth + 1, out);
        }
        if (st != ST_OK) {
            yaml_document_delete(&yd);
            return st;
        }
        read_mapping(&r, &yd, root, NULL, IN_REPORT);
    }
    yaml_document_delete(&yd);
    out->name = arena_strdup(doc->arena, name);
    out->dir = from_cli ? folder_of(doc, name)
                        : arena_printf(doc->arena, "%s/%s", doc->dir, folder_of(doc, name));
    return ST_OK;
}

/* --- the front matter --- */

/* pandoc's keys, as its LaTeX and HTML templates read them. */
static const char *const pandoc_keys[] = {
    "paper", "papersize", "orientation", "fontsize", "mainfont", "CJKmainfont", "sansfont",
    "CJKsansfont", "monofont", "geometry", "columns", "linkcolor",
};

bool
theme_front_key(const char *name)
{
    for (size_t i = 0; i < sizeof pandoc_keys / sizeof pandoc_keys[0]; i++)
        if (strcmp(name, pandoc_keys[i]) == 0)
            return true;
    return strcmp(name, "slides") == 0 || is_section(name, IN_BOTH);
}

/* geometry: "margin=20mm", "top=25mm, left=20mm", or a list of them. */
static void
read_geometry_item(Reader *r, const yaml_node_t *v, const char *s)
{
    static const struct { const char *name; size_t offset[4]; int n; } sides[] = {
        {"margin", {F(margin_top), F(margin_bottom), F(margin_inner), F(margin_outer)}, 4},
        {"top", {F(margin_top)}, 1},
        {"bottom", {F(margin_bottom)}, 1},
        {"left", {F(margin_inner)}, 1},
        {"inner", {F(margin_inner)}, 1},
        {"right", {F(margin_outer)}, 1},
        {"outer", {F(margin_outer)}, 1},
        {"hmargin", {F(margin_inner), F(margin_outer)}, 2},
        {"vmargin", {F(margin_top), F(margin_bottom)}, 2},
    };
    gchar **parts = g_strsplit(s, ",", -1);
    for (gchar **p = parts; *p; p++) {
        gchar *item = g_strstrip(*p);
        if (!*item)
            continue;
        char *eq = strchr(item, '=');
        Unit len = 0;
        bool done = false;
        if (eq) {
            *eq = '\0';
            gchar *val = g_strstrip(eq + 1);
            for (size_t i = 0; i < sizeof sides / sizeof sides[0] && !done; i++)
                if (strcmp(g_strstrip(item), sides[i].name) == 0) {
                    if (!read_length(val, &len)) {
                        rd_error(r, v->start_mark, "geometry: %s must be a length such as 20mm, "
                                 "not \"%s\"", item, val);
                        done = true;
                        break;
                    }
                    for (int j = 0; j < sides[i].n; j++) {
                        *(Unit *)((char *)&r->out->report + sides[i].offset[j]) = len;
                        note_place(r, sides[i].offset[j], v->start_mark);
                    }
                    done = true;
                }
            if (!done)
                rd_warn(r, v->start_mark, "geometry: '%s' is not understood (margin, top, "
                        "bottom, left, right, inner, outer)", item);
        } else if (strcmp(item, "landscape") == 0) {
            r->out->report.landscape = true;
        } else {
            rd_warn(r, v->start_mark, "geometry: '%s' is not understood", item);
        }
    }
    g_strfreev(parts);
}

static void
read_pandoc_key(Reader *r, yaml_document_t *yd, const char *name, yaml_node_t *v)
{
    Theme *t = &r->out->report;
    if (strcmp(name, "geometry") == 0) {
        if (v->type == YAML_SCALAR_NODE) {
            read_geometry_item(r, v, scalar(v));
        } else if (v->type == YAML_SEQUENCE_NODE) {
            for (yaml_node_item_t *it = v->data.sequence.items.start;
                 it < v->data.sequence.items.top; it++) {
                yaml_node_t *item = yaml_document_get_node(yd, *it);
                if (item && item->type == YAML_SCALAR_NODE)
                    read_geometry_item(r, item, scalar(item));
            }
        } else {
            rd_error(r, v->start_mark, "'geometry' must be text such as \"margin=20mm\"");
        }
        return;
    }
    if (v->type != YAML_SCALAR_NODE) {
        rd_error(r, v->start_mark, "'%s' must be a single value", name);
        return;
    }
    const char *s = scalar(v);
    const char *as = strcmp(name, "paper") == 0 || strcmp(name, "papersize") == 0 ? "page.paper"
                     : strcmp(name, "orientation") == 0                           ? "page.orientation"
                     /* (pandoc's LaTeX: mainfont the Western face, CJKmainfont the
                      * Japanese one: a 和欧混植 pair) */
                     : strcmp(name, "mainfont") == 0 ? "fonts.serif-latin"
                     : strcmp(name, "CJKmainfont") == 0 ? "fonts.serif"
                     : strcmp(name, "sansfont") == 0 ? "fonts.sans-latin"
                     : strcmp(name, "CJKsansfont") == 0 ? "fonts.sans"
                     : strcmp(name, "monofont") == 0 ? "fonts.mono-latin"
                     : strcmp(name, "columns") == 0   ? "page.columns"
                     : strcmp(name, "linkcolor") == 0 ? "link.color"
                                                      : NULL;
    char lower[16];
    if (as && strcmp(as, "page.paper") == 0) {
        /* pandoc writes a4 or a4paper */
        snprintf(lower, sizeof lower, "%s", s);
        char *paper = strstr(lower, "paper");
        if (paper && paper != lower)
            *paper = '\0';
        s = lower;
    }
    if (as) {
        const ThemeKey *k = find_key(as, IN_REPORT);
        if (!read_value(t, k, s, r->doc->arena))
            rd_error(r, v->start_mark, "'%s' must be %s, not \"%s\"", name, kind_wants(k),
                     scalar(v));
        else if (is_page_key(k))
            note_place(r, k->offset, v->start_mark);
        if (k->offset == F(family[FONT_SERIF]) || k->offset == F(family[FONT_SANS])
            || k->offset == F(latin[FONT_SERIF]) || k->offset == F(latin[FONT_SANS]))
            read_value(&r->out->slide, k, s, r->doc->arena);   /* (one family for both) */
        return;
    }
    /* fontsize: the body's size, its pitch in the same proportion */
    Unit size;
    if (!read_length(s, &size) || size < unit_from_pt(4) || size > unit_from_pt(72)) {
        rd_error(r, v->start_mark, "'fontsize' must be a size such as 10.5pt, not \"%s\"", s);
        return;
    }
    t->body.pitch = (Unit)((int64_t)t->body.pitch * size / t->body.size);
    t->body.size = size;
    note_place(r, F(body.size), v->start_mark);
}

/* The front matter's overrides of the theme (doc->meta.front). */
static void
read_front(Doc *doc, Themes *out)
{
    const Meta *m = &doc->meta;
    if (!m->front)
        return;
    Reader r = {.doc = doc, .file = NULL, .first_line = m->front_line, .out = out};
    yaml_document_t yd;
    if (!load_yaml(&r, m->front, m->front_len, &yd))
        return;                            /* (parse.c said so already) */
    yaml_node_t *root = yaml_document_get_root_node(&yd);
    if (root && root->type == YAML_MAPPING_NODE) {
        for (yaml_node_pair_t *p = root->data.mapping.pairs.start;
             p < root->data.mapping.pairs.top; p++) {
            yaml_node_t *k = yaml_document_get_node(&yd, p->key);
            yaml_node_t *v = yaml_document_get_node(&yd, p->value);
            if (!k || !v || k->type != YAML_SCALAR_NODE || !theme_front_key(scalar(k)))
                continue;
            if (v->type == YAML_SCALAR_NODE && v->data.scalar.length == 0
                && v->data.scalar.style == YAML_PLAIN_SCALAR_STYLE)
                continue;
            const char *name = scalar(k);
            bool pandoc = false;
            for (size_t i = 0; i < sizeof pandoc_keys / sizeof pandoc_keys[0]; i++)
                pandoc |= strcmp(name, pandoc_keys[i]) == 0;
            if (pandoc) {
                read_pandoc_key(&r, &yd, name, v);
            } else {
                /* one section: read as if it were the whole mapping's */
                yaml_node_pair_t one = *p;
                yaml_node_t wrap = *root;
                wrap.data.mapping.pairs.start = &one;
                wrap.data.mapping.pairs.top = &one + 1;
                wrap.data.mapping.pairs.end = &one + 1;
                read_mapping(&r, &yd, &wrap, NULL, IN_REPORT);
            }
        }
    }
    yaml_document_delete(&yd);
}

/* The report's text block must fit its paper: what does not is cut to fit
 * (style_geometry) and said at the key to blame, where it was set. */
static void
check_page(Doc *doc, const Themes *t)
{
    GeomIssue is[GEOM_ISSUES];
    int n = style_geometry_check(&t->report, is);
    for (int i = 0; i < n; i++) {
        const ThemePlace *at = NULL;
        for (int k = 0; k < t->n_places && !at; k++)
            if (t->places[k].field == is[i].field)
                at = &t->places[k];
        if (at)
            diag_warn_in(doc, at->file, at->pos, "%s", is[i].text);
        else
            diag_warn(doc, (SrcPos){0, 0}, "%s", is[i].text);
    }
}

Status
theme_resolve(Doc *doc, const char *name, bool from_cli, Themes *out)
{
    const char *named = name ? name : doc->meta.theme;
    bool cli = name != NULL && from_cli;
    /* Marp's built-in themes, named by decks written for Marp: kumihan's
     * own slide theme stands in for them (not an error: the deck renders) */
    static const char *const marp[] = {"default", "gaia", "uncover"};
    for (size_t i = 0; !name && named && i < sizeof marp / sizeof marp[0]; i++)
        if (strcmp(named, marp[i]) == 0) {
            diag_warn(doc, doc->meta.theme_pos, "theme '%s' is one of Marp's: kumihan sets the "
                      "deck in its own theme (report's slides: section)", named);
            named = NULL;
        }
    Status st = load_theme(doc, named ? named : "report", cli, 0, out);
    if (st != ST_OK)
        return st;
    const char *dirs[2] = {out->report.fonts_dir, out->slide.fonts_dir};
    read_front(doc, out);
    out->doc_fonts_dir = out->report.fonts_dir != dirs[0] || out->slide.fonts_dir != dirs[1];
    /* the command line's paper wins over the document's and the theme's */
    if (doc->opt->paper)
        out->report.paper = doc->opt->paper;
    if (!out->dir)
        out->dir = ".";
    check_page(doc, out);
    return ST_OK;
}
