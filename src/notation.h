/*
 * notation.h: what authors write inside running text that Markdown does not
 * know (notation.c), made into nodes once the tree is built.
 */
#ifndef NOTATION_H
#define NOTATION_H

#include "doc.h"

/* In the text nodes of the whole tree, in this order: TeX math ($…$,
 * $$…$$; set as code, with one warning a document, which ```math blocks
 * share), page references ({{page:#slug}}), ruby ({漢字|かんじ},
 * {東京|とう|きょう}, and Aozora Bunko's ｜漢字《かんじ》 and 漢字《かんじ》),
 * and runs of ASCII spaces made one space. */
void notation_apply(Doc *doc);

#endif
