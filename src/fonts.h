/*
 * fonts.h: the private font set. Only the fonts listed in FONTS/SHA256SUMS
 * are ever seen: a fontconfig configuration of that folder alone (its cache
 * in build/cache or $XDG_CACHE_HOME/kumihan), a Pango font map on it, and a
 * Pango context with language ja, unhinted metrics and unrounded glyph
 * positions (DESIGN §8).
 */
#ifndef FONTS_H
#define FONTS_H

#include "doc.h"

typedef struct Fonts Fonts;
struct _PangoContext;
struct _PangoFontDescription;

/* Check every font of dir/SHA256SUMS (present, same SHA-256; hashes are
 * remembered by size and mtime so a run does not re-read 100 MB), then build
 * the font map: fonts_begin, then fonts_finish. dir NULL = the default
 * folder (fonts_default_dir()). On failure prints an error naming the file
 * and the fix, returns ST_ENV. */
Status fonts_open(const char *dir, Fonts **out);
void fonts_free(Fonts *f);

/* The set in two steps, for the fonts a theme adds (fontlock.c): the
 * folder checked and its configuration made (no Pango yet); files joined;
 * then the Pango font map and context made (fonts_finish, once: the
 * cache of verified hashes is written then). */
Status fonts_begin(const char *dir, Fonts **out);
/* The font file at `path` (absolute) joins the set, every face of it;
 * false when fontconfig finds no font in it. Before fonts_finish. */
bool fonts_join(Fonts *f, const char *path);
void fonts_finish(Fonts *f);

/* Are a and b one family name as fontconfig compares them (ASCII case and
 * blanks ignored)? */
bool fonts_same_family(const char *a, const char *b);

/* Has a face of the set the family `family` (any of its names, as
 * fontconfig compares them: case and blanks ignored)? The generic names of
 * fonts.conf (serif, sans-serif, monospace) count as present. */
bool fonts_has_family(const Fonts *f, const char *family);

/* The faces of the joined file `path` in the set (fonts.conf may leave
 * some out): up to `max` face indices and their first family names
 * (borrowed, until the next join). Returns how many. */
int fonts_faces_of(const Fonts *f, const char *path, int *index, const char **family, int max);

/* The SHA-256 of the file at `path` (g_free), through the cache of
 * verified hashes (keyed by path, size, mtime and inode): read only when
 * the file is new or changed. NULL with *why set when it cannot be read. */
char *fonts_sha256(Fonts *f, const char *path, const char **why);

/* Is the file at `path` one of the font files checked (by device and
 * inode)? For the -o check: an output never replaces a font. */
bool fonts_hold(const Fonts *f, const char *path);

/* The Pango context every layout uses (language ja, 72 dpi: 1 unit = 1 pt). */
struct _PangoContext *fonts_context(Fonts *f);

/* A font description for a style (borrowed from a cache in f). */
const struct _PangoFontDescription *fonts_describe(Fonts *f, const char *family, int weight,
                                                    Unit size);

/* The font Pango chooses first for desc (borrowed; cached in f), or NULL. */
struct _PangoFont *fonts_primary(Fonts *f, const struct _PangoFontDescription *desc);

/* Does the primary font of desc map cp (HarfBuzz's cmap lookup, remembered
 * per character of the Basic Multilingual Plane)? */
bool fonts_primary_has(Fonts *f, const struct _PangoFontDescription *desc, uint32_t cp);

/* The font to set the glyphs of `font` in: `font` itself, or for a colour
 * emoji font (Noto Color Emoji) the same face at the size that makes its
 * emoji one em of `font`'s size wide, on the em grid of Japanese text.
 * Borrowed (cached in f). */
struct _PangoFont *fonts_em_sized(Fonts *f, struct _PangoFont *font);

/* Is `font` one fonts_em_sized gave for a colour emoji font? */
bool fonts_is_emoji(const Fonts *f, struct _PangoFont *font);

/* The font the fontset of desc gives cp in text presentation: the first of
 * its fonts that maps cp, if that is not a colour emoji font; else NULL.
 * A new reference. */
struct _PangoFont *fonts_text_font(Fonts *f, const struct _PangoFontDescription *desc,
                                   uint32_t cp);

/* The font folder when --fonts names none: the installed one beside the
 * binary (../share/kumihan/fonts), else the project's fonts/ beside a
 * build tree binary, else the compiled-in PREFIX's (fonts.c says why).
 * Static storage. */
const char *fonts_default_dir(void);

#endif
