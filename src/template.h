/*
 * template.h: the text templates of a theme: running heads and folios
 * (`header.odd.left: "{title}"`), the confidentiality mark, the watermark
 * and the title block's extra lines ("文書番号: {docno}"). A template is
 * text with fields in braces: `{name}` is replaced by the field's text,
 * `{{` and `}}` stand for a brace; a brace that opens no field (`{ x }`,
 * a lone `{`) is text. Pure: no document, no fonts; the callers say what
 * a field holds (furniture.c for pages, report.c for the title block,
 * slide.c for a deck's feet and its handouts' heads).
 */
#ifndef TEMPLATE_H
#define TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

/* The next field of template `s` at or after byte `*at`: true with its
 * name at s + *name (len bytes) and *at moved past it; false when there
 * is none. A name is any run of characters but braces and white space. */
bool template_next_field(const char *s, size_t *at, size_t *name, size_t *len);

/* Is every field of `s` one of the n `names`, and every brace that opens
 * or closes none doubled ("{{", "}}")? (A template whose fields are fixed,
 * a deck's: a lone brace or an unknown field is an error there.) */
bool template_check(const char *s, const char *const *names, size_t n);

/* What field `name` (len bytes, not NUL-ended) holds, or NULL/"" for none. */
typedef const char *(*TemplateValue)(void *ctx, const char *name, size_t len);

/* Template `s` with its fields replaced, white space (ASCII and U+3000)
 * trimmed at both ends, in `arena`; NULL when the result is empty or when
 * the template names fields and all of them are empty ("文書番号: {docno}"
 * with no docno prints nothing). At most LIMIT_TEMPLATE_BYTES, cut at a
 * character; *cut (may be NULL) says whether it was. */
const char *template_expand(Arena *arena, const char *s, TemplateValue value, void *ctx,
                            bool *cut);

#endif
