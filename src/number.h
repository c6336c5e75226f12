/*
 * number.h: numbers and cross-references. Headings, figures, tables and
 * footnotes get their numbers here; ids ({#fig-cache}, heading slugs,
 * [^label] notes) are resolved to what they name; {{ref:#id}} and
 * {{title:#id}} get their text.
 *
 * Heading number templates (Theme.heading_number, one per level h1..h4):
 *   {1} .. {4}        the counter of that level in arabic digits
 *   {1:kanji}         in kanji numerals: 一, 十二, 二百五, 〇
 *   {1:roman}         i, ii, iv (up to 3999; beyond, arabic digits)
 *   {1:Roman}         I, II, IV
 *   {1:alpha}         a .. z, aa .. (0: arabic); {1:Alpha} A .. Z, AA ..
 * anything else is literal; a "{" must open one of these fields, "}" alone
 * is literal. "" is no number. Example: "第{1}章", "{1}.{2}", "({3})".
 */
#ifndef NUMBER_H
#define NUMBER_H

#include <stdbool.h>

#include "doc.h"

#define NUMBER_LEVELS 4                    /* numbered heading levels: h1..h4 */

struct Theme;

/* The template of a preset for heading `level` (1..4), a static string:
 * "1." -> "{L}.", "1.1" -> "{1}.{2}" through the level, "第1章" -> "第{L}章",
 * "第1節" -> "第{L}節", "第一章" and "第一節" with kanji numerals, "(1)" ->
 * "({L})", "none" -> "" (L: the level). NULL for another name. */
const char *number_preset(const char *name, int level);

/* Is `t` a template (above)? If not, *why (when why is not NULL) says what
 * is wrong, a static string. */
bool number_template_ok(const char *t, const char **why);

/* Template `t` filled with counters c[0..3] (h1..h4), in `arena`. A field
 * that is not one is copied as written (number_template_ok tells). */
const char *number_format(Arena *arena, const char *t, const int c[NUMBER_LEVELS]);

/* After the Markdown is read (parse_finish), before the links are resolved:
 * pandoc's attribute blocks at the end of headings ({#id}, {-},
 * {.unnumbered}) are taken off their text, the id becoming the heading's
 * slug; a paragraph `: caption {#tbl-id}` (or `Table: caption`) after or
 * before a table, or the row `: caption` right under it, becomes the table's
 * caption (a NODE_CAPTION, its first child). Problems are warnings. */
void number_attributes(Doc *doc);

/* Slugs and destinations of the headings (GitHub-style, unique), then every
 * "#name" of links, {{page:}}, {{ref:}} and {{title:}} resolved: heading
 * slugs and ids, HTML anchors, figure and table ids, footnotes as
 * "fn-LABEL". A name that names nothing is a warning at its position. */
void number_ids(Doc *doc);

/* Number the document with `theme`'s templates and labels (`numbered`
 * false: a deck, nothing numbered): headings get their number (u.heading.
 * number, and its text before the title), figures and tables their Caption,
 * references their text; a report's appendix decks get theirs, unnumbered.
 * Before style_document (it adds text nodes). Once per document. */
void number_document(Doc *doc, const struct Theme *theme, bool numbered);

#endif
