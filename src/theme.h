/*
 * theme.h: house styles. A theme is the pair of Themes (style.h) a run sets
 * with: the report's and the slides'. It comes from a built-in theme by
 * name (`report`, today's look; `paper`, a plainer academic one; `gaia`
 * and `uncover`, the report's with slides after Marp Core's) or from a
 * YAML file (`--theme FILE`, the front matter's `theme:`), which names the
 * theme it starts from (`extends:`, default `report`) and sets any of the
 * keys of theme_keys.c; the front matter then overrides keys for its own
 * document. A theme is data read into the Theme structs: no stage knows
 * where a value came from.
 */
#ifndef THEME_H
#define THEME_H

#include <stdio.h>

#include "doc.h"
#include "style.h"

/* Where a key of the report's page setup (page.*, body.size, body.pitch)
 * was last set: the check of the text block (theme_resolve) warns there. */
typedef struct ThemePlace {
    size_t field;                          /* offsetof(Theme, ...) of the key's field */
    const char *file;                      /* the theme file, or NULL: the document */
    SrcPos pos;
} ThemePlace;
#define THEME_PLACES 24

typedef struct Themes {
    Theme report;                          /* reports, and their running heads */
    Theme slide;                           /* decks, the report's appendix, handouts */
    const char *name;                      /* the built-in theme or file named */
    const char *dir;                       /* the folder of the theme file ("." for a
                                            * built-in theme): its fonts folder is there */
    bool doc_fonts_dir;                    /* fonts.dir set by the front matter (it must
                                            * then be inside the root: fontlock.c) */
    ThemePlace places[THEME_PLACES];       /* the page setup's keys, as read */
    int n_places;
} Themes;

/* The built-in `report` theme: every Doc starts with it (doc_new), until
 * the run sets the one it resolved. */
const Themes *theme_defaults(void);
/* Its two halves (the unit tests' styles). */
const Theme *theme_report(void);
const Theme *theme_slide(void);

/* The built-in themes by name: NULL-terminated. */
extern const char *const theme_builtin_names[];

/* The built-in theme `name` into *out; false if there is none. */
bool theme_builtin(const char *name, Themes *out);

/* The theme the run sets with: `name` (a built-in name or a file; NULL:
 * `report`), then the front matter's overrides (doc->meta.front). From the
 * command line (`from_cli`) a file is read wherever it is; from the front
 * matter it must be inside the root, like an image. Problems are warnings
 * and errors at their place in the theme file (file:line:col) or the
 * front matter; a theme that cannot be read is ST_ENV. A text block that
 * does not fit the paper is a warning at the key to blame (it is cut to
 * what fits: style_geometry_check). The strings live in doc's arena. */
Status theme_resolve(Doc *doc, const char *name, bool from_cli, Themes *out);

/* Print `t` as a complete theme file: every key with its value, so that
 * reading it back gives the same Themes. */
void theme_print(FILE *f, const Themes *t);

/* The keys in Markdown, one table row each with its default in `report`
 * (the README's table is this text: tests/theme checks they agree). */
void theme_print_keys(FILE *f);

/* Is `name` a front matter key the theme reads (a theme section such as
 * `page` or `body`, or a pandoc-style key such as `fontsize`)? parse.c
 * does not warn about these. */
bool theme_front_key(const char *name);

/* A colour as a theme writes it (#rgb, #rrggbb, a few names: black white
 * gray red green blue navy) to 0xRRGGBB (marp.c reads Marp's colours so). */
bool theme_read_color(const char *s, uint32_t *out);

/* Does a template of `t` (running heads, folios, the marks, the title
 * block's lines) name the field `name`? (parse.c warns of the front
 * matter's unknown keys that none does.) */
bool theme_uses_field(const Themes *t, const char *name);

/* The nearest of `n` candidate names to `name` by edit distance, or NULL
 * when none is close (for "did you mean"). */
const char *theme_nearest(const char *name, const char *const *cands, size_t n);

#endif
