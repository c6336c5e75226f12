/*
 * fontlock.c: the fonts a theme adds to the private set (see fontlock.h).
 *
 * Where a family comes from, in this order:
 *   1. kumihan's own fonts (fonts/, checked against SHA256SUMS by fonts.c);
 *   2. the theme's font folder, fonts.dir, relative to the theme's folder:
 *      every .otf .ttf .ttc file in it joins the set, in name order;
 *   3. the fonts installed on the system: the system's fontconfig
 *      (FcInitLoadConfigAndFonts, loaded only when a family is in neither
 *      1 nor 2) lists the faces whose family is the one asked; for each
 *      weight the themes use (400 and 700, and those of their styles) the
 *      face nearest it, upright and of normal width first, joins with its
 *      file.
 * After that every family named must be in the set: a family fontconfig
 * would answer with another (its substitution) stops the run, naming the
 * family, the key and the theme.
 *
 * The lock. Every file of 2 and 3 is pinned in fonts.lock in the theme's
 * folder (the document's folder for a built-in theme, whose added fonts
 * can only come from the front matter), one line a face of it in the set:
 *   FILE <tab> SHA-256 <tab> FACE INDEX <tab> FAMILY
 * FILE relative to the lock's folder when inside it, else absolute (a
 * system font). `kumihan --lock-fonts` writes it (keeping the lines of
 * files other themes of the folder may use, while they exist); every run
 * checks each file that joins against it, by the hash fonts.c remembers in
 * its cache of verified hashes (a file is read again only when its size,
 * mtime or inode changed). A changed, missing or unpinned file stops the
 * run (exit 2) with the command that pins it: never a silent substitute.
 *
 * Containment: a font folder named from a document (its front matter, or a
 * theme file it names) must be inside the root, like an image, and so must
 * each font file of it (a symbolic link leading out is refused); one a
 * theme given with --theme names may be anywhere. System fonts are the system's: a document may
 * name them, but they are used only once pinned, and only the user writes
 * the lock.
 * Not done: a face by its PostScript name or style ("Bold Condensed"),
 * variable fonts' axes (their named instances are faces as any other).
 */
#include "fontlock.h"

#include <errno.h>
#include <fontconfig/fontconfig.h>
#include <glib.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "diag.h"
#include "files.h"
#include "fonts.h"
#include "i18n.h"
#include "limits.h"
#include "style.h"
#include "theme.h"

/* A family the themes ask for. */
typedef struct Want {
    const char *family;
    const char *key;                       /* "fonts.serif", "slides: fonts.sans-latin" */
} Want;

/* A font file that joins the set. */
typedef struct Joined {
    char *path;                            /* resolved */
    char *name;                            /* as the lock names it */
    const char *why;                       /* what brought it: "fonts.dir" or a family */
    char *sha;                             /* its SHA-256, once read */
} Joined;

/* A line of fonts.lock. */
typedef struct Pin {
    char *name, *sha, *family;
    int face;
} Pin;

typedef struct Lock {
    Doc *doc;
    Fonts *fonts;
    const Themes *themes;
    const char *theme_arg;                 /* --theme, or NULL */
    char *base;                            /* the theme's folder, resolved */
    const char *base_shown;                /* as named */
    char *lock_path;                       /* base/fonts.lock */
    const char *lock_shown;
    const char *asker;                     /* "the theme T" ..., for messages */
    char *relock;                          /* the command that writes the lock */
    GPtrArray *joined;                     /* Joined *, in the order they join */
    GPtrArray *dirs;                       /* the font folders read, resolved (char *) */
    FcConfig *sys;                         /* the system's fontconfig, once needed */
    FcFontSet *sys_fonts;
    int weights[24];                       /* the weights the themes use, ascending */
    int n_weights;
} Lock;

static void
joined_free(gpointer p)
{
    Joined *j = p;
    g_free(j->path);
    g_free(j->name);
    g_free(j->sha);
    g_free(j);
}

static void
pin_free(gpointer p)
{
    Pin *pin = p;
    g_free(pin->name);
    g_free(pin->sha);
    g_free(pin->family);
    g_free(pin);
}

static bool
is_builtin_theme(const Themes *t)
{
    for (int i = 0; theme_builtin_names[i]; i++)
        if (t->name && strcmp(t->name, theme_builtin_names[i]) == 0)
            return true;
    return false;
}

/* Is `path` (resolved) `dir` (resolved) or inside it? */
static bool
beneath(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    if (n == 1 && dir[0] == '/')
        return true;
    return strncmp(path, dir, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

/* May the run read fonts at `real`: anywhere for a theme given on the
 * command line (unless the front matter set its fonts.dir), else inside
 * the root. */
static bool
allowed(Lock *L, const char *real)
{
    return (L->theme_arg && !L->themes->doc_fonts_dir) || files_inside_root(L->doc, real);
}

/* --- what the themes ask for --- */

static bool
has_dir(const Theme *t)
{
    return t->fonts_dir && *t->fonts_dir;
}

static void
add_weight(Lock *L, int w)
{
    for (int i = 0; i < L->n_weights; i++)
        if (L->weights[i] == w)
            return;
    if (L->n_weights == (int)(sizeof L->weights / sizeof L->weights[0]))
        return;
    int i = L->n_weights++;
    while (i > 0 && L->weights[i - 1] > w) {
        L->weights[i] = L->weights[i - 1];
        i--;
    }
    L->weights[i] = w;
}

static void
theme_weights(Lock *L, const Theme *t)
{
    const Style *all[] = {&t->body, &t->heading[0], &t->heading[1], &t->heading[2],
                          &t->heading[3], &t->code_block, &t->cell, &t->cell_head, &t->note,
                          &t->caption, &t->title[0], &t->title[1], &t->title[2], &t->title[3],
                          &t->title[4], &t->title[5], &t->title[TITLE_FIELD], &t->head, &t->folio,
                          &t->slide_title};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (all[i]->size > 0)
            add_weight(L, all[i]->weight);
}

/* The families of both halves, each once: the report's keys, then the
 * slides' where they name another family. */
static int
wanted(const Themes *t, Want *out)
{
    static const char *const keys[2][2][3] = {
        {{"fonts.serif", "fonts.sans", "fonts.mono"},
         {"fonts.serif-latin", "fonts.sans-latin", "fonts.mono-latin"}},
        {{"slides: fonts.serif", "slides: fonts.sans", "slides: fonts.mono"},
         {"slides: fonts.serif-latin", "slides: fonts.sans-latin", "slides: fonts.mono-latin"}},
    };
    int n = 0;
    for (int half = 0; half < 2; half++) {
        const Theme *th = half ? &t->slide : &t->report;
        for (int latin = 0; latin < 2; latin++)
            for (int r = 0; r < 3; r++) {
                const char *fam = latin ? th->latin[r] : th->family[r];
                if (!fam || !*fam)
                    continue;
                bool seen = false;
                for (int i = 0; i < n && !seen; i++)
                    seen = fonts_same_family(out[i].family, fam);
                if (!seen)
                    out[n++] = (Want){fam, keys[half][latin][r]};
            }
    }
    return n;
}

/* --- joining files --- */

/* The lock's name for a resolved path: relative to the lock's folder when
 * inside it; a font folder's file beside it (`near`: they share a folder
 * below the top, as a repository's fonts/ and themes/ do) by a relative
 * path through "..", so the lock stays right when the tree moves or is
 * cloned elsewhere; else (a system font) absolute. */
static char *
lock_name(const Lock *L, const char *real, bool near)
{
    size_t n = strlen(L->base);
    if (beneath(real, L->base) && real[n] == '/')
        return g_strdup(real + n + 1);
    if (!near)
        return g_strdup(real);
    gchar **b = g_strsplit(L->base + 1, "/", -1), **r = g_strsplit(real + 1, "/", -1);
    guint nb = g_strv_length(b), nr = g_strv_length(r), c = 0;
    while (c < nb && c + 1 < nr && strcmp(b[c], r[c]) == 0)
        c++;
    char *name;
    if (c == 0) {
        name = g_strdup(real);
    } else {
        GString *s = g_string_new(NULL);
        for (guint i = c; i < nb; i++)
            g_string_append(s, "../");
        for (guint i = c; i < nr; i++)
            g_string_append_printf(s, "%s%s", r[i], i + 1 < nr ? "/" : "");
        name = g_string_free(s, FALSE);
    }
    g_strfreev(b);
    g_strfreev(r);
    return name;
}

static Joined *
find_joined(const Lock *L, const char *real)
{
    for (guint i = 0; i < L->joined->len; i++) {
        Joined *j = L->joined->pdata[i];
        if (strcmp(j->path, real) == 0)
            return j;
    }
    return NULL;
}

/* `real` (its folder resolved) joins the set (once); false with a message
 * when it holds no font or there are too many. */
static bool
join(Lock *L, const char *real, const char *why, Status *st)
{
    if (find_joined(L, real))
        return true;
    if (L->joined->len >= LIMIT_THEME_FONTS) {
        *st = diag_fail(L->doc, ST_ENV, "%s adds more than %d font files: not read past %s",
                        L->asker, LIMIT_THEME_FONTS, real);
        return false;
    }
    if (strchr(real, '\t') || strchr(real, '\n')) {
        *st = diag_fail(L->doc, ST_ENV, "font file %s: a name with a tab or a line break cannot "
                        "be pinned in fonts.lock (%s): rename it", real, L->asker);
        return false;
    }
    if (!fonts_join(L->fonts, real)) {
        *st = diag_fail(L->doc, ST_ENV, "%s (%s of %s) is not a font fontconfig can read",
                        real, why, L->asker);
        return false;
    }
    Joined *j = g_new0(Joined, 1);
    j->path = g_strdup(real);
    j->name = lock_name(L, real, strcmp(why, "fonts.dir") == 0);
    j->why = why;
    g_ptr_array_add(L->joined, j);
    return true;
}

static int
compare_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool
font_file_name(const char *name)
{
    const char *dot = strrchr(name, '.');
    return dot && (g_ascii_strcasecmp(dot, ".otf") == 0 || g_ascii_strcasecmp(dot, ".ttf") == 0
                   || g_ascii_strcasecmp(dot, ".ttc") == 0 || g_ascii_strcasecmp(dot, ".otc") == 0);
}

/* Every font file of the folder `dir` (a theme's fonts.dir; `key` for
 * messages) joins, in name order. */
static Status
join_folder(Lock *L, const char *dir, const char *key)
{
    char *path = g_path_is_absolute(dir) ? g_strdup(dir) : g_build_filename(L->base, dir, NULL);
    char *real = realpath(path, NULL);
    Status st = ST_OK;
    if (!real || !g_file_test(real, G_FILE_TEST_IS_DIR)) {
        st = diag_fail(L->doc, ST_ENV, "%s '%s' of %s: %s", key, dir, L->asker,
                       real ? _("not a folder") : strerror(errno));
        goto done;
    }
    if (!allowed(L, real)) {
        st = diag_fail(L->doc, ST_ENV, "%s '%s' of %s is outside the root folder (see --root): "
                       "not read", key, dir, L->asker);
        goto done;
    }
    for (guint i = 0; i < L->dirs->len; i++)
        if (strcmp(L->dirs->pdata[i], real) == 0)
            goto done;                     /* (the slides' folder is the report's) */
    g_ptr_array_add(L->dirs, g_strdup(real));
    GDir *d = g_dir_open(real, 0, NULL);
    if (!d) {
        st = diag_fail(L->doc, ST_ENV, "%s '%s' of %s cannot be read", key, dir, L->asker);
        goto done;
    }
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    for (const char *name; (name = g_dir_read_name(d));)
        if (font_file_name(name))
            g_ptr_array_add(names, g_strdup(name));
    g_dir_close(d);
    g_ptr_array_sort(names, compare_names);
    for (guint i = 0; i < names->len && st == ST_OK; i++) {
        char *file = g_build_filename(real, (const char *)names->pdata[i], NULL);
        char *file_real = realpath(file, NULL);
        if (!file_real || !g_file_test(file_real, G_FILE_TEST_IS_REGULAR))
            st = diag_fail(L->doc, ST_ENV, "font %s (%s of %s) is %s", file, key, L->asker,
                           file_real ? "not a regular file" : strerror(errno));
        else if (!allowed(L, file_real))
            st = diag_fail(L->doc, ST_ENV, "font %s (%s of %s) leads outside the root folder "
                           "(see --root): not read", file, key, L->asker);
        else
            join(L, file, "fonts.dir", &st);   /* (named in its folder: a link keeps
                                                 * its name in the lock) */
        free(file_real);
        g_free(file);
    }
    if (st == ST_OK && names->len == 0)
        st = diag_fail(L->doc, ST_ENV, "%s '%s' of %s holds no font file (.otf, .ttf, .ttc)", key,
                       dir, L->asker);
    g_ptr_array_free(names, TRUE);
done:
    free(real);
    g_free(path);
    return st;
}

/* --- the system's fonts --- */

static FcFontSet *
system_fonts(Lock *L)
{
    if (!L->sys) {
        L->sys = FcInitLoadConfigAndFonts();
        FcPattern *all = FcPatternCreate();
        FcObjectSet *os = FcObjectSetBuild(FC_FAMILY, FC_FILE, FC_INDEX, FC_WEIGHT, FC_SLANT,
                                           FC_WIDTH, FC_OUTLINE, NULL);
        L->sys_fonts = L->sys ? FcFontList(L->sys, all, os) : NULL;
        FcObjectSetDestroy(os);
        FcPatternDestroy(all);
    }
    return L->sys_fonts;
}

static bool
has_family(FcPattern *p, const char *family)
{
    FcChar8 *name;
    for (int k = 0; FcPatternGetString(p, FC_FAMILY, k, &name) == FcResultMatch; k++)
        if (fonts_same_family((const char *)name, family))
            return true;
    return false;
}

/* How far a face is from what is asked (smaller: nearer): an upright face
 * of normal width first, then the weight nearest (CSS: at 400 and above,
 * the heavier of two equally near). */
static long
distance(FcPattern *p, int weight)
{
    int slant = 0, width = 100;
    double w = 80;
    FcPatternGetInteger(p, FC_SLANT, 0, &slant);
    FcPatternGetInteger(p, FC_WIDTH, 0, &width);
    FcPatternGetDouble(p, FC_WEIGHT, 0, &w);
    long ot = (long)(FcWeightToOpenTypeDouble(w) + 0.5);
    long d = labs(ot - weight) * 2 + ((ot < weight) == (weight >= 400) ? 1 : 0);
    return (slant != FC_SLANT_ROMAN) * 100000000L + labs(width - 100) * 100000L + d;
}

/* The system's files of `family` at the weights the themes use join.
 * False when the system has no such family. */
static bool
join_system(Lock *L, const Want *want, Status *st)
{
    FcFontSet *set = system_fonts(L);
    bool found = false;
    for (int k = 0; k < L->n_weights && *st == ST_OK; k++) {
        FcPattern *best = NULL;
        long best_d = 0;
        const char *best_file = NULL;
        int best_index = 0;
        for (int i = 0; set && i < set->nfont; i++) {
            FcPattern *p = set->fonts[i];
            FcBool outline = FcTrue;
            FcChar8 *file;
            int index = 0;
            FcPatternGetBool(p, FC_OUTLINE, 0, &outline);
            if (!outline || !has_family(p, want->family)
                || FcPatternGetString(p, FC_FILE, 0, &file) != FcResultMatch)
                continue;
            FcPatternGetInteger(p, FC_INDEX, 0, &index);
            long d = distance(p, L->weights[k]);
            /* (ties by file and face: the same choice whatever the list's order) */
            int c = best ? strcmp((const char *)file, best_file) : 0;
            if (!best || d < best_d || (d == best_d && (c < 0 || (c == 0 && index < best_index)))) {
                best = p;
                best_d = d;
                best_file = (const char *)file;
                best_index = index;
            }
        }
        if (!best)
            return false;
        found = true;
        char *real = realpath(best_file, NULL);
        if (!real) {
            *st = diag_fail(L->doc, ST_ENV, "font %s of the family '%s' (%s of %s) cannot be "
                            "read: %s", best_file, want->family, want->key, L->asker,
                            strerror(errno));
            return true;
        }
        join(L, real, want->family, st);
        free(real);
    }
    return found;
}

/* --- fonts.lock --- */

static bool
is_sha256(const char *s)
{
    if (strlen(s) != 64)
        return false;
    for (int i = 0; i < 64; i++)
        if (!g_ascii_isxdigit(s[i]) || g_ascii_isupper(s[i]))
            return false;
    return true;
}

/* The pins of L->lock_path into `pins` (Pin *); *exists false when there
 * is no lock. ST_ENV with a message when it cannot be read or is not a
 * lock; `rewriting` (--lock-fonts): a line that is no pin is dropped. */
static Status
read_lock(Lock *L, GPtrArray *pins, bool *exists, bool rewriting)
{
    struct stat sb;
    *exists = stat(L->lock_path, &sb) == 0;
    if (!*exists)
        return ST_OK;
    if (!S_ISREG(sb.st_mode) || sb.st_size > LIMIT_LOCK_BYTES)
        return diag_fail(L->doc, ST_ENV, "%s is %s: not a font lock", L->lock_shown,
                         S_ISREG(sb.st_mode) ? _("too large") : _("not a regular file"));
    char *text = NULL;
    GError *err = NULL;
    if (!g_file_get_contents(L->lock_path, &text, NULL, &err)) {
        Status st = diag_fail(L->doc, ST_ENV, "cannot read %s: %s", L->lock_shown, err->message);
        g_error_free(err);
        return st;
    }
    Status st = ST_OK;
    char **lines = g_strsplit(text, "\n", -1);
    for (int n = 0; lines[n] && st == ST_OK; n++) {
        char *l = lines[n];
        if (!*l || *l == '#')
            continue;
        char **f = g_strsplit(l, "\t", 4);
        char *end = NULL;
        long face = f[0] && f[1] && f[2] ? strtol(f[2], &end, 10) : -1;
        bool bad = !f[0] || !*f[0] || !f[1] || !is_sha256(f[1]) || !f[2] || !end || *end
                   || face < 0 || face > INT_MAX;
        if (bad && rewriting)
            printf(_("  (dropped) %s:%d, not a pin: %s\n"), L->lock_shown, n + 1, l);
        else if (bad)
            st = diag_fail(L->doc, ST_ENV, "%s:%d: not a line of a font lock (file, SHA-256, "
                           "face, each after a tab): run %s to write it again", L->lock_shown,
                           n + 1, L->relock);
        else {
            Pin *pin = g_new0(Pin, 1);
            pin->name = g_strdup(f[0]);
            pin->sha = g_strdup(f[1]);
            pin->face = (int)face;
            pin->family = g_strdup(f[3] ? f[3] : "");
            g_ptr_array_add(pins, pin);
        }
        g_strfreev(f);
    }
    g_strfreev(lines);
    g_free(text);
    return st;
}

static const Pin *
find_pin(GPtrArray *pins, const char *name)
{
    for (guint i = 0; i < pins->len; i++) {
        const Pin *p = pins->pdata[i];
        if (strcmp(p->name, name) == 0)
            return p;
    }
    return NULL;
}

/* Each joined file against the lock. */
static Status
check_lock(Lock *L)
{
    GPtrArray *pins = g_ptr_array_new_with_free_func(pin_free);
    bool exists = false;
    Status st = read_lock(L, pins, &exists, false);
    for (guint i = 0; i < L->joined->len && st == ST_OK; i++) {
        Joined *j = L->joined->pdata[i];
        const Pin *pin = find_pin(pins, j->name);
        if (!exists)
            st = diag_fail(L->doc, ST_ENV, "%s uses fonts beyond kumihan's own (%s, for %s) and "
                           "%s does not exist: run %s to pin them", L->asker, j->name, j->why,
                           L->lock_shown, L->relock);
        else if (!pin)
            st = diag_fail(L->doc, ST_ENV, "font %s (for %s, asked for by %s) is not pinned in "
                           "%s: run %s to pin it", j->name, j->why, L->asker, L->lock_shown,
                           L->relock);
        else if (strcmp(pin->sha, j->sha) != 0)
            st = diag_fail(L->doc, ST_ENV, "font %s changed since %s was written (sha256 %s, "
                           "pinned %s; %s): run %s if the change is intended", j->path,
                           L->lock_shown, j->sha, pin->sha, L->asker, L->relock);
    }
    g_ptr_array_free(pins, TRUE);
    return st;
}

/* Write fonts.lock: the joined files' faces, then the old lines of other
 * files that still exist; print what it pins. */
static Status
write_lock(Lock *L)
{
    GPtrArray *pins = g_ptr_array_new_with_free_func(pin_free);
    bool exists = false;
    printf(ngettext("%s: %u font file of %s\n", "%s: %u font files of %s\n", L->joined->len),
           L->lock_shown, L->joined->len, L->asker);
    Status st = read_lock(L, pins, &exists, true);
    if (st != ST_OK) {
        g_ptr_array_free(pins, TRUE);
        return st;
    }
    GString *out = g_string_new("# fonts.lock: the font files of the kumihan theme(s) in this "
                                "folder beyond kumihan's own,\n"
                                "# pinned by SHA-256: a run stops when one changes. Written by "
                                "`kumihan --lock-fonts`.\n"
                                "# file (relative to this folder, or absolute)\tsha256\tface"
                                "\tfamily\n");
    for (guint i = 0; i < L->joined->len; i++) {
        Joined *j = L->joined->pdata[i];
        int index[64];
        const char *family[64];
        int n = fonts_faces_of(L->fonts, j->path, index, family, 64);
        for (int k = 0; k < n; k++) {
            g_string_append_printf(out, "%s\t%s\t%d\t%s\n", j->name, j->sha, index[k],
                                   family[k]);
            printf(_("  %s  face %d  %s  sha256 %s\n"), j->name, index[k], family[k], j->sha);
        }
    }
    for (guint i = 0; i < pins->len; i++) {
        const Pin *p = pins->pdata[i];
        bool ours = false;
        for (guint k = 0; k < L->joined->len && !ours; k++)
            ours = strcmp(((Joined *)L->joined->pdata[k])->name, p->name) == 0;
        char *path = g_path_is_absolute(p->name) ? g_strdup(p->name)
                                                 : g_build_filename(L->base, p->name, NULL);
        if (!ours && g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
            g_string_append_printf(out, "%s\t%s\t%d\t%s\n", p->name, p->sha, p->face, p->family);
            printf(_("  (kept) %s  face %d  %s\n"), p->name, p->face, p->family);
        }
        g_free(path);
    }
    GError *err = NULL;
    if (!g_file_set_contents(L->lock_path, out->str, (gssize)out->len, &err)) {
        st = diag_fail(L->doc, ST_IO, "cannot write %s: %s", L->lock_shown, err->message);
        g_error_free(err);
    }
    g_string_free(out, TRUE);
    g_ptr_array_free(pins, TRUE);
    return st;
}

/* --- the run's fonts --- */

static Status
resolve(Lock *L, bool write)
{
    const Themes *t = L->themes;
    Status st = ST_OK;
    /* 2: the themes' font folders */
    if (has_dir(&t->report))
        st = join_folder(L, t->report.fonts_dir, "fonts.dir");
    if (st == ST_OK && has_dir(&t->slide))
        st = join_folder(L, t->slide.fonts_dir, "slides: fonts.dir");
    if (st != ST_OK)
        return st;
    /* 3: the families neither has, from the system; then each must be in
     * the set */
    Want want[12];
    int n = wanted(t, want);
    for (int i = 0; i < n && st == ST_OK; i++) {
        const Want *w = &want[i];
        if (strchr(w->family, ','))
            return diag_fail(L->doc, ST_ENV, "%s '%s' of %s: one family, without commas", w->key,
                             w->family, L->asker);
        if (fonts_has_family(L->fonts, w->family))
            continue;
        bool found = join_system(L, w, &st);
        if (st != ST_OK)
            return st;
        if (!found)
            return L->dirs->len
                       ? diag_fail(L->doc, ST_ENV, "no font family '%s' (%s of %s): it is in "
                                   "none of kumihan's fonts, the theme's fonts.dir (%s) nor "
                                   "installed on this system (fc-list : family lists those)",
                                   w->family, w->key, L->asker, (const char *)L->dirs->pdata[0])
                       : diag_fail(L->doc, ST_ENV, "no font family '%s' (%s of %s): it is in "
                                   "none of kumihan's fonts nor installed on this system "
                                   "(fc-list : family lists those)", w->family, w->key,
                                   L->asker);
        if (!fonts_has_family(L->fonts, w->family))
            return diag_fail(L->doc, ST_ENV, "the font family '%s' (%s of %s) is installed, but "
                             "kumihan's font configuration leaves its faces out (fonts.conf: "
                             "only the Japanese faces of the Noto CJK collections)", w->family,
                             w->key, L->asker);
    }
    if (L->joined->len == 0) {
        if (write)
            printf(_("%s uses only kumihan's own fonts: nothing to pin\n"), L->asker);
        return ST_OK;
    }
    for (guint i = 0; i < L->joined->len; i++) {
        Joined *j = L->joined->pdata[i];
        const char *why = NULL;
        j->sha = fonts_sha256(L->fonts, j->path, &why);
        if (!j->sha)
            return diag_fail(L->doc, ST_ENV, "font %s (for %s, asked for by %s) cannot be read: "
                             "%s", j->path, j->why, L->asker, why);
    }
    return write ? write_lock(L) : check_lock(L);
}

/* Does the run need more than kumihan's own fonts? (The usual run: no
 * font folder, every family in the set.) */
static bool
needs_more(const Themes *t, Fonts *f)
{
    if (has_dir(&t->report) || has_dir(&t->slide))
        return true;
    for (int half = 0; half < 2; half++) {
        const Theme *th = half ? &t->slide : &t->report;
        for (int r = 0; r < 3; r++)
            if ((th->family[r] && !fonts_has_family(f, th->family[r]))
                || (th->latin[r] && *th->latin[r] && !fonts_has_family(f, th->latin[r])))
                return true;
    }
    return false;
}

bool
fontlock_needed(const Doc *doc, Fonts *f)
{
    return needs_more(doc->themes, f);
}

Status
fontlock_join(Doc *doc, Fonts *f, const char *theme_arg, bool write)
{
    const Themes *t = doc->themes;
    if (!write && !needs_more(t, f))
        return ST_OK;
    bool builtin = is_builtin_theme(t);
    Lock L = {.doc = doc, .fonts = f, .themes = t, .theme_arg = builtin ? NULL : theme_arg};
    L.base_shown = builtin ? doc->dir : t->dir;
    L.base = realpath(L.base_shown, NULL);
    bool has_input = doc->path && *doc->path && strcmp(doc->path, "-") != 0;
    L.asker = builtin ? arena_printf(doc->arena, _("the front matter of %s (theme %s)"),
                                     has_input ? doc->path : _("the input"), t->name)
              : theme_arg ? arena_printf(doc->arena, _("the theme %s"), t->name)
                          : arena_printf(doc->arena, _("the theme %s (named by %s)"), t->name,
                                         doc->path);
    if (!L.base)
        return diag_fail(doc, ST_ENV, "the folder %s of %s cannot be resolved: %s",
                         L.base_shown, L.asker, strerror(errno));
    L.lock_path = g_build_filename(L.base, "fonts.lock", NULL);
    L.lock_shown = strcmp(L.base_shown, ".") == 0
                       ? "fonts.lock" : arena_printf(doc->arena, "%s/fonts.lock", L.base_shown);
    L.relock = g_strdup_printf("'kumihan --lock-fonts%s%s%s%s'", theme_arg ? " --theme " : "",
                               theme_arg ? theme_arg : "", has_input ? " " : "",
                               has_input ? doc->path : "");
    L.joined = g_ptr_array_new_with_free_func(joined_free);
    L.dirs = g_ptr_array_new_with_free_func(g_free);
    add_weight(&L, 400);
    add_weight(&L, 700);
    theme_weights(&L, &t->report);
    theme_weights(&L, &t->slide);
    Status st = resolve(&L, write);
    if (L.sys_fonts)
        FcFontSetDestroy(L.sys_fonts);
    if (L.sys)
        FcConfigDestroy(L.sys);
    g_ptr_array_free(L.joined, TRUE);
    g_ptr_array_free(L.dirs, TRUE);
    g_free(L.relock);
    g_free(L.lock_path);
    free(L.base);
    return st;
}
