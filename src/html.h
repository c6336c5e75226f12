/*
 * html.h: the HTML that Markdown authors write (html.c).
 * While the tree is built, each HTML literal cmark hands over (one inline
 * tag, or a block of them) becomes tag marks (NODE_HTML) and text among the
 * nodes; once the tree is built, html_fold turns each opening mark and its
 * closing sibling, with what lies between, into the node the tag means.
 */
#ifndef HTML_H
#define HTML_H

#include <stdbool.h>

#include "doc.h"

/* Append to `parent` the marks and text of `html`, written at `pos`
 * (`block`: an HTML block, whose text is kept; an inline literal is one tag).
 * Comments are not marks: the caller handles them. */
void html_literal(Doc *doc, Node *parent, const char *html, SrcPos pos, bool block);

/* If `html` is one start tag named `name` and nothing else but white
 * space ("<img src=x alt='A &amp; B'>"), its attributes: name, value, ...,
 * NULL, entities decoded, in the arena; else NULL. */
const char *const *html_tag_attrs(Doc *doc, const char *html, const char *name);

/* Fold every mark of the tree away: pairs become nodes (<sup> NODE_SUP,
 * <div align> NODE_DIV, <ruby> NODE_RUBY...), a tag with no meaning here
 * keeps its content, and gives one warning per tag name (with the count and
 * the first position); text left between blocks becomes paragraphs. */
void html_fold(Doc *doc);

#endif
