/*
 * theme_keys.c: the keys a theme file may set, read and printed from one
 * table (theme.h). A key is a dotted path ("body.size") into a nested YAML
 * mapping; its row names the Theme field it sets, its kind (how a value is
 * read and printed) and the themes it applies to (the report's, the
 * slides' or both). The same table reads theme files and the front
 * matter's overrides (theme_read.c), prints `--print-theme` and the
 * README's list of keys (`--list-theme-keys`), so none of them can drift
 * from the others. Here: the table, each kind's reading of a scalar and
 * its printing, the lookups, did-you-mean, and which fields the templates
 * of a theme name.
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

#include "arena.h"
#include "i18n.h"
#include "number.h"
#include "slide.h"
#include "template.h"
#include "theme_impl.h"
#include "vertical.h"

#define F(field) THEME_OFFSET(field)
#define STYLE(P, field, in, what)                                                          \
    {P ".font", K_FONT, in, 0, 0, 0, F(field.font), what ": face (serif, sans or mono)"},  \
    {P ".weight", K_WEIGHT, in, 0, 0, 0, F(field.weight), what ": weight (400 regular, "   \
     "700 bold)"},                                                                         \
    {P ".size", K_LENGTH, in, 0, 0, 0, F(field.size), what ": font size"},                 \
    {P ".pitch", K_LENGTH, in, 0, 0, 0, F(field.pitch), what ": line pitch (行送り)"},     \
    {P ".color", K_COLOR, in, 0, 0, 0, F(field.color), what ": colour"},                   \
    {P ".align", K_ALIGN, in, 0, 0, 0, F(field.align), what ": justify, left, center "     \
     "or right"}

/* A running head's or foot's templates: three slots of each page set. */
#define HEAD_SLOT(P, field, set, slot, name, what)                                          \
    {P "." name, K_HEAD, IN_REPORT, 0, 0, 0, F(field[set][slot]), what}
#define HEAD_SET(P, field, set, name, what)                                                 \
    HEAD_SLOT(P, field, set, SLOT_LEFT, name ".left", what ", left"),                       \
    HEAD_SLOT(P, field, set, SLOT_CENTER, name ".center", what ", centre"),                 \
    HEAD_SLOT(P, field, set, SLOT_RIGHT, name ".right", what ", right")
#define HEADS(P, field, what)                                                               \
    HEAD_SET(P, field, PAGES_ODD, "odd", "the " what " of odd pages (fields: {title} "      \
             "{section} {chapter} {page} {pages} {date} {author} {docno}, any front matter " \
             "key)"),                                                                       \
    HEAD_SET(P, field, PAGES_EVEN, "even", "even pages (~: as odd)"),                       \
    HEAD_SET(P, field, PAGES_FIRST, "first", "the title page (~: as odd)"),                 \
    HEAD_SET(P, field, PAGES_APPENDIX, "appendix", "the appendix's pages (~: as odd or even)")

/* A heading level's style and the lines of space around it. */
#define HEADING(P, i, what)                                                                 \
    STYLE(P, heading[i], IN_BOTH, what),                                                   \
    {P ".lines-before", K_INT, IN_BOTH, 0, 0, 10, F(heading_lines_before[i]),              \
     "body lines of space above"},                                                         \
    {P ".lines-after", K_INT, IN_BOTH, 0, 0, 10, F(heading_lines_after[i]),                \
     "body lines of space below (on the line grid)"}

const ThemeKey theme_keys[] = {
    {"page.paper", K_PAPER, IN_REPORT, 0, 0, 0, F(paper),
     "paper: A3 A4 A5 A6 B4 B5 B6 (JIS), Letter, Legal, in any case (--paper and the front "
     "matter's `paper:` win)"},
    {"page.orientation", K_ORIENT, IN_REPORT, 0, 0, 0, F(landscape),
     "portrait or landscape (the paper's long side across)"},
    {"page.writing-mode", K_WMODE, IN_REPORT, 0, 0, 0, F(vertical),
     "horizontal (横組) or vertical (縦組: lines top to bottom, right to left; "
     "--vertical wins)"},
    {"page.tate-chu-yoko", K_INT, IN_REPORT, 0, 0, VERT_TCY_MAX, F(tcy_digits),
     "縦中横: in vertical text, the most ASCII digits standing alone set across the line "
     "(0: none, 1 to 3)"},
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
    {"body.emphasis", K_EMPH, IN_REPORT, 0, 0, 0, F(emphasis),
     "*emphasis*: font (the sans face), dots (傍点: a sesame dot beside each Japanese "
     "character) or auto (dots in vertical text, the font across)"},
    {"body.indent", K_BOOL, IN_BOTH, 0, 0, 0, F(para_indent),
     "paragraphs start one character in (字下げ)"},
    HEADING("h1", 0, "level-1 headings"),
    HEADING("h2", 1, "level-2 headings"),
    HEADING("h3", 2, "level-3 headings"),
    HEADING("h4", 3, "level-4 to 6 headings"),
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
    {"footnote.place", K_NOTES, IN_REPORT, 0, 0, 0, F(note_place),
     "where notes go: page (at the foot of their reference's page; 傍注 at its left end in "
     "vertical text), spread (vertical text: at the left end of the spread, a right page's "
     "notes on the left page after it), chapter (後注: at the end of the chapter holding "
     "their reference) or end (after the last chapter)"},
    {"footnote.title", K_TEXT, IN_REPORT, 0, 0, 0, F(note_title),
     "the heading of notes set at a chapter's or the document's end"},
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
    {"slide.logo-position", K_CORNER, IN_SLIDE, 0, 0, 0, F(slide_logo_corner),
     "top-right, top-left, bottom-right or bottom-left"},
    {"slide.logo-height", K_LENGTH, IN_SLIDE, 0, 0, 0, F(slide_logo_height),
     "the logo's height (its width in proportion)"},
    {"slide.footer", K_DECK_TEMPLATE, IN_SLIDE, 0, 0, 0, F(slide_footer),
     "the foot's left: text with {title} {subtitle} {author} {event} {place} {date} {page} "
     "{pages} (\"\": none)"},
    {"slide.page-number", K_DECK_TEMPLATE, IN_SLIDE, 0, 0, 0, F(slide_number),
     "the foot's right, a template as slide.footer"},
    {"slide.paginate-title", K_BOOL, IN_SLIDE, 0, 0, 0, F(paginate_title),
     "the title slide has the foot (footer and page number) too"},
    {"slide.writing-mode", K_WMODE, IN_SLIDE, 0, 0, 0, F(vertical),
     "a deck set vertically: horizontal or vertical (as a deck's writing-mode: vertical, "
     "or --vertical with --slides)"},
    {"slide.middle", K_BOOL, IN_SLIDE, 0, 0, 0, F(slide_middle),
     "every slide's text set in the middle of the slide, as Marp's class lead does"},
    {"slide.invert-background", K_COLOR, IN_SLIDE, 0, 0, 0, F(slide_invert_background),
     "the ground of a slide of Marp's class invert"},
    {"slide.invert-color", K_COLOR, IN_SLIDE, 0, 0, 0, F(slide_invert_color),
     "the colour of all its text"},
    {"slide.class", K_TEXT, IN_SLIDE, 0, 0, 0, F(slide_class),
     "a Marp class of the theme's own (gaia's `gaia`; \"\": none): `class: NAME` sets "
     "the next two"},
    {"slide.class-background", K_COLOR, IN_SLIDE, 0, 0, 0, F(slide_class_background),
     "the ground of a slide of that class"},
    {"slide.class-color", K_COLOR, IN_SLIDE, 0, 0, 0, F(slide_class_color),
     "the colour of all its text"},
    {"handout.header", K_DECK_TEMPLATE, IN_SLIDE, 0, 0, 0, F(handout_header),
     "handouts' and notes pages' running head (left), a template; {page} is the sheet's"},
    {"handout.header-right", K_DECK_TEMPLATE, IN_SLIDE, 0, 0, 0, F(handout_header_right),
     "their running head's right part"},
    {"handout.footer", K_DECK_TEMPLATE, IN_SLIDE, 0, 0, 0, F(handout_footer),
     "their folio, a template"},

    /* --- running heads and folios (柱とノンブル), the marks on every page, the
     * title block's lines and page (furniture.c, report.c, block.c) --- */
    HEADS("header", head_text, "running head"),
    {"header.rule", K_BOOL, IN_REPORT, 0, 0, 0, F(head_rule), "a hairline under the running head"},
    {"header.logo", K_FILE, IN_REPORT, 0, 0, 0, F(head_logo),
     "an image in the head of every page (PNG, JPEG, WebP, SVG or PDF), named relative to "
     "the theme file; \"\": none"},
    {"header.logo-height", K_LENGTH, IN_REPORT, 0, 0, 0, F(head_logo_height), "the logo's height"},
    {"header.logo-slot", K_SIDE, IN_REPORT, 0, 0, 0, F(head_logo_slot),
     "the head's slot the logo opens (left, center) or closes (right)"},
    HEADS("footer", foot_text, "foot"),
    {"mark.text", K_TEMPLATE, IN_BOTH, 0, 0, 0, F(mark_text),
     "a confidentiality mark framed in a corner of every page (社外秘, Confidential, "
     "{classification}); \"\": none"},
    {"mark.size", K_LENGTH, IN_BOTH, 0, 0, 0, F(mark_size), "the mark's type size"},
    {"mark.color", K_COLOR, IN_BOTH, 0, 0, 0, F(mark_color), "the mark's colour and frame"},
    {"mark.position", K_CORNER, IN_BOTH, 0, 0, 0, F(mark_corner),
     "top-right, top-left (in the head's line), bottom-right or bottom-left (the foot's)"},
    {"watermark.text", K_TEMPLATE, IN_BOTH, 0, 0, 0, F(watermark_text),
     "across every page behind the text, as outlines (not extracted): DRAFT, 下書き; "
     "\"\": none"},
    {"watermark.size", K_LENGTH, IN_BOTH, 0, 0, 0, F(watermark_size),
     "its type size (0: as large as the page's diagonal allows)"},
    {"watermark.color", K_COLOR, IN_BOTH, 0, 0, 0, F(watermark_color), "its colour (light)"},
    STYLE("title-block.field", title[TITLE_FIELD], IN_REPORT,
          "title block lines from templates"),
    {"title-block.fields", K_LIST, IN_REPORT, 0, 0, 0, F(title_fields),
     "the title block's lines in order: title, subtitle, author, affiliation, date, event, "
     "a front matter key (docno) or a template (\"文書番号: {docno}\")"},
    {"title-block.page", K_BOOL, IN_REPORT, 0, 0, 0, F(title_page),
     "a title page: the title block alone on page 1, the rest from page 2"},
};

#define N_KEYS (sizeof theme_keys / sizeof theme_keys[0])
const size_t theme_n_keys = N_KEYS;

/* --- values: read --- */

static const char *const font_names[] = {"serif", "sans", "mono"};
static const char *const align_names[] = {"justify", "left", "center", "right"};
static const char *const side_names[] = {"left", "center", "right"};     /* by SLOT_ */
static const char *const fit_names[] = {"cover", "contain", "stretch"};
static const char *const corner_names[] = {"top-right", "top-left", "bottom-right",
                                           "bottom-left"};
static const char *const emphasis_names[] = {"auto", "font", "dots"};   /* by Emphasis */
static const char *const note_names[] = {"page", "spread", "chapter", "end"};   /* NotePlace */

/* The names of an enumerated kind's values, in the order of their numbers. */
static const char *const *
enum_names(int kind, int *n)
{
    switch (kind) {
    case K_FONT: *n = 3; return font_names;
    case K_ALIGN: *n = 4; return align_names;
    case K_SIDE: *n = 3; return side_names;
    case K_FIT: *n = 3; return fit_names;
    case K_EMPH: *n = 3; return emphasis_names;
    case K_NOTES: *n = 4; return note_names;
    default: *n = 4; return corner_names;
    }
}              /* by Corner */

void *
theme_key_slot(Theme *t, const ThemeKey *k)
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
bool
theme_read_length(const char *s, Unit *out)
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

bool
theme_read_color(const char *s, uint32_t *out)
{
    return read_color(s, out);
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

const char *
theme_key_wants(const ThemeKey *k)
{
    switch ((Kind)k->kind) {
    case K_FONT: return _("serif, sans or mono");
    case K_ALIGN: return _("justify, left, center or right");
    case K_WEIGHT: return _("a weight from 100 to 900 (400 regular, 700 bold)");
    case K_LENGTH: return _("a length such as 10pt, 3.5mm, 1cm, 0.5in or 13Q");
    case K_MARGIN: return _("a length such as 20mm, or auto");
    case K_COLOR: return _("a colour such as \"#1a4480\"");
    case K_BOOL: return _("true or false");
    case K_INT: return _("a whole number");
    /* xgettext:no-c-format */
    case K_RATIO: return _("a share such as 76% or 0.76");
    case K_TEXT: return _("text");
    case K_NUMBER: return _("a numbering: 1. 1.1 第1章 第1節 第一章 (1) none, or a template "
                             "such as \"{1}-{2}\" or \"第{1:kanji}章\"");
    case K_TEXTS: return _("a list of texts");
    case K_PAPER: return _(STYLE_PAPER_NAMES);
    case K_ORIENT: return _("portrait or landscape");
    case K_WMODE: return _("horizontal or vertical");
    case K_FILE: return _("a file name (\"\": none)");
    case K_HEAD: return _("a template such as \"{title}\" (\"\": nothing there, ~: as on the "
                           "odd pages)");
    case K_TEMPLATE: return _("text, with fields such as {classification}");
    case K_DECK_TEMPLATE: return _("text whose fields are {title}, {subtitle}, {author}, {event}, "
                                    "{place}, {date}, {page} and {pages} ({{ and }} for braces)");
    case K_LIST: return _("a list of title block lines (title, subtitle, author, affiliation, "
                           "date, event, a front matter key or a template)");
    case K_SIDE: return _("left, center or right");
    case K_EMPH: return _("auto, font or dots");
    case K_NOTES: return _("page, spread, chapter or end");
    case K_FIT: return _("cover, contain or stretch");
    case K_CORNER: return _("top-right, top-left, bottom-right or bottom-left");
    case K_SCALE: return _("a scale such as 1.05 or 105% (0.5 to 2)");
    case K_EMLEN: return _("a length such as 0.3pt or a share of the size such as 0.02em");
    }
    return _("a value");
}

/* Set key k of t from the scalar s; false: s is no value of its kind. The
 * strings are copied into `arena`. */
bool
theme_key_read(Theme *t, const ThemeKey *k, const char *s, Arena *arena)
{
    void *p = theme_key_slot(t, k);
    double v;
    const char *rest;
    switch ((Kind)k->kind) {
    case K_FONT:
    case K_ALIGN:
    case K_SIDE:
    case K_FIT:
    case K_EMPH:
    case K_NOTES:
    case K_CORNER: {
        int n;
        const char *const *names = enum_names(k->kind, &n);
        int i = name_index(s, names, n);
        if (i < 0 && strcasecmp(s, "centre") == 0 && (k->kind == K_ALIGN || k->kind == K_SIDE))
            i = k->kind == K_ALIGN ? ALIGN_CENTER : SLOT_CENTER;
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
        return theme_read_length(s, (Unit *)p);
    case K_LENGTH:
        return theme_read_length(s, (Unit *)p);
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
        } else if (theme_read_length(s + minus, &e.len)) {
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
    case K_WMODE:                          /* (and CSS's names) */
        if (strcmp(s, "horizontal") == 0 || strcmp(s, "horizontal-tb") == 0)
            *(bool *)p = false;
        else if (strcmp(s, "vertical") == 0 || strcmp(s, "vertical-rl") == 0)
            *(bool *)p = true;
        else
            return false;
        return true;
    case K_HEAD:
    case K_TEMPLATE:
        /* YAML's null: inherited (K_HEAD), none (K_TEMPLATE) */
        *(const char **)p = strcmp(s, "~") == 0 || strcmp(s, "null") == 0
                                ? NULL : arena_strdup(arena, s);
        return true;
    case K_DECK_TEMPLATE:
        if (!slide_template_check(s))
            return false;
        *(const char **)p = arena_strdup(arena, s);
        return true;
    case K_TEXTS:
    case K_LIST:
        return false;                      /* (a sequence: read_texts, read_list) */
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
    case K_ALIGN:
    case K_SIDE:
    case K_FIT:
    case K_EMPH:
    case K_NOTES:
    case K_CORNER: {
        int n;
        const char *const *names = enum_names(k->kind, &n);
        g_string_append(out, names[*(const uint8_t *)p % n]);
        break;
    }
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
    case K_DECK_TEMPLATE:
    case K_NUMBER:
    case K_PAPER: {
        const char *s = *(const char *const *)p;
        print_quoted(out, s ? s : "");
        break;
    }
    case K_ORIENT:
        g_string_append(out, *(const bool *)p ? "landscape" : "portrait");
        break;
    case K_WMODE:
        g_string_append(out, *(const bool *)p ? "vertical" : "horizontal");
        break;
    case K_HEAD:
    case K_TEMPLATE: {
        const char *s = *(const char *const *)p;
        if (s)
            print_quoted(out, s);
        else
            g_string_append_c(out, '~');
        break;
    }
    case K_LIST: {
        const char *const *v = *(const char *const *const *)p;
        g_string_append_c(out, '[');
        for (int i = 0; v && v[i]; i++) {
            if (i)
                g_string_append(out, ", ");
            print_quoted(out, v[i]);
        }
        g_string_append_c(out, ']');
        break;
    }
    case K_FILE: {
        /* from the command line's theme: where it is (its full path), so
         * that the printed theme finds it from anywhere; else as written */
        const ThemeFile *f = p;
        print_quoted(out, f->anywhere && f->path ? f->path : f->name ? f->name : "");
        break;
    }
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

/* The first key at or under the first n bytes of `name` (a section or the
 * key itself). */
static size_t
first_under(const char *name, size_t n)
{
    for (size_t i = 0; i < N_KEYS; i++)
        if (strncmp(theme_keys[i].name, name, n) == 0
            && (theme_keys[i].name[n] == '.' || theme_keys[i].name[n] == '\0'))
            return i;
    return N_KEYS;
}

/* Keys in the table's order, but each section's keys together, where the
 * section first appears (a block of rows added at the table's end may add
 * to `header`): nested YAML opens each mapping once. */
static int
by_section(const void *pa, const void *pb)
{
    const char *a = theme_keys[*(const size_t *)pa].name, *b = theme_keys[*(const size_t *)pb].name;
    for (size_t n = 0;;) {
        const char *da = strchr(a + n, '.'), *db = strchr(b + n, '.');
        size_t la = da ? (size_t)(da - a) : strlen(a), lb = db ? (size_t)(db - b) : strlen(b);
        size_t ra = first_under(a, la), rb = first_under(b, lb);
        if (ra != rb)
            return ra < rb ? -1 : 1;
        if (!da || !db)
            return strcmp(a, b);
        n = la + 1;
    }
}

static void
key_order(size_t order[N_KEYS])
{
    for (size_t i = 0; i < N_KEYS; i++)
        order[i] = i;
    qsort(order, N_KEYS, sizeof order[0], by_section);
}

/* The keys of `in` as nested YAML at `indent` spaces. */
static void
print_keys(GString *out, const Theme *t, int in, int indent)
{
    const char *prev = "";
    size_t order[N_KEYS];
    key_order(order);
    for (size_t i = 0; i < N_KEYS; i++) {
        const ThemeKey *k = &theme_keys[order[i]];
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
    size_t order[N_KEYS];
    key_order(order);
    for (size_t i = 0; i < N_KEYS; i++) {
        const ThemeKey *k = &theme_keys[order[i]];
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

/* --- lookups --- */

const ThemeKey *
theme_key_find(const char *name, int in)
{
    for (size_t i = 0; i < N_KEYS; i++)
        if ((theme_keys[i].in & in) && strcmp(theme_keys[i].name, name) == 0)
            return &theme_keys[i];
    return NULL;
}

bool
theme_key_section(const char *prefix, int in)
{
    size_t n = strlen(prefix);
    for (size_t i = 0; i < N_KEYS; i++)
        if ((theme_keys[i].in & in) && strncmp(theme_keys[i].name, prefix, n) == 0 && theme_keys[i].name[n] == '.')
            return true;
    return false;
}

/* --- the templates' fields (parse.c) --- */

bool
theme_uses_field(const Themes *themes, const char *name)
{
    size_t n = strlen(name);
    const Theme *ts[2] = {&themes->report, &themes->slide};
    for (int i = 0; i < 2; i++)
        for (size_t j = 0; j < N_KEYS; j++) {
            const ThemeKey *k = &theme_keys[j];
            const void *p = cslot(ts[i], k);
            const char *const *list = NULL, *one[2] = {NULL, NULL};
            if (k->kind == K_HEAD || k->kind == K_TEMPLATE) {
                one[0] = *(const char *const *)p;
                list = one;
            } else if (k->kind == K_LIST) {
                list = *(const char *const *const *)p;
            }
            for (int e = 0; list && list[e]; e++) {
                if (k->kind == K_LIST && strcmp(list[e], name) == 0)
                    return true;
                size_t at = 0, f, len;
                while (template_next_field(list[e], &at, &f, &len))
                    if (len == n && memcmp(list[e] + f, name, n) == 0)
                        return true;
            }
        }
    return false;
}
