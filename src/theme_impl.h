/*
 * theme_impl.h: what theme_keys.c (the table of a theme's keys and how a
 * value of each kind reads and prints) shares with theme_read.c (theme
 * files and the front matter read with that table). The other stages see
 * theme.h.
 */
#ifndef THEME_IMPL_H
#define THEME_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "style.h"

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
    K_WMODE,                               /* bool vertical: horizontal | vertical */
    K_FILE,                                /* ThemeFile: a file beside the theme */
    K_HEAD,                                /* const char *: a template of a running head
                                            * or folio, every field; NULL (~): inherited */
    K_TEMPLATE,                            /* const char *: a template of the document's
                                            * fields (the mark, the watermark) */
    K_DECK_TEMPLATE,                       /* const char *: a template of a deck's fields,
                                            * checked when read (slide.h) */
    K_LIST,                                /* const char *const *, NULL-ended: the title
                                            * block's lines */
    K_SIDE,                                /* uint8_t SLOT_LEFT | _CENTER | _RIGHT */
    K_EMPH,                                /* uint8_t Emphasis: auto | font | dots */
    K_NOTES,                               /* uint8_t NotePlace: page | spread | chapter |
                                            * end */
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

#define THEME_OFFSET(field) offsetof(Theme, field)

/* Every key, in the table's order (--list-theme-keys groups them by section). */
extern const ThemeKey theme_keys[];
extern const size_t theme_n_keys;

/* The key named `name` of the themes `in` (IN_REPORT, IN_SLIDE), or NULL. */
const ThemeKey *theme_key_find(const char *name, int in);

/* Is `prefix` the start of a key's path of the themes `in` ("body",
 * "title-block.title")? */
bool theme_key_section(const char *prefix, int in);

/* Where key k's value is in t. */
void *theme_key_slot(Theme *t, const ThemeKey *k);

/* What a value of k's kind looks like, for messages ("a length such as 10pt"). */
const char *theme_key_wants(const ThemeKey *k);

/* Set key k of t from the scalar s; false: s is no value of its kind (or
 * of a kind read from more than a scalar: K_TEXTS, K_LIST and K_FILE are
 * theme_read.c's). Strings are copied into `arena`. */
bool theme_key_read(Theme *t, const ThemeKey *k, const char *s, Arena *arena);

/* A length: 10pt 3.5mm 1cm 0.5in 13Q 13H; false when s is none. */
bool theme_read_length(const char *s, Unit *out);

#endif
