/*
 * notation.h: what authors write inside running text that Markdown does not
 * know (notation.c), made into nodes once the tree is built.
 */
#ifndef NOTATION_H
#define NOTATION_H

#include "doc.h"

/* In the text nodes of the whole tree, in this order: TeX math ($…$,
 * $$…$$; set as code, with one warning a document, which ```math blocks
 * share), references ({{page:#id}}, and {{ref:#id}} and {{title:#id}}
 * whose text number.c gives), ruby ({漢字|かんじ},
 * {東京|とう|きょう}, and Aozora Bunko's ｜漢字《かんじ》 and 漢字《かんじ》),
 * and runs of ASCII spaces made one space. */
void notation_apply(Doc *doc);

/* Before html_fold: the fenced containers of Zenn and Qiita (a line
 * ":::message", ":::message alert", ":::note info|warn|alert", or
 * ":::details title", up to a line ":::"; more colons for the outer of
 * nested ones) become marks that html_fold makes a framed block (a message
 * or note, set as a block quote) or an open <details> (the title in bold).
 * An unknown kind is set as a message, with a warning. */
void notation_fences(Doc *doc);

#endif
