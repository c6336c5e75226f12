/*
 * fonts.c: the private font set (see fonts.h).
 * SHA256SUMS lists the font files; each is checked by SHA-256. Hashing the
 * four Noto CJK collections and Noto Color Emoji (100 MB) costs far more
 * than a render, so the verified hashes are remembered in
 * CACHE/fonts.verified keyed by file name, size, mtime and inode: a changed
 * file is hashed again.
 * The font folder, unless --fonts names one (fonts_default_dir), is the
 * first of these that holds a SHA256SUMS, each found from the binary's own
 * path (/proc/self/exe), so that an install works wherever it was put:
 *   1. ../share/kumihan/fonts: an installed binary, PREFIX/bin/kumihan
 *      (`make install`, the Debian package);
 *   2. ../fonts or ../../fonts: the project's fonts/ beside a binary of
 *      the build tree (build/kumihan, build/<type>/kumihan);
 *   3. KUMIHAN_DATADIR/fonts: the PREFIX compiled in (the Makefile's
 *      PREFIX/share/kumihan), for a binary copied away from its install.
 * When none holds one, the third is the folder named in the error.
 * fontconfig gets a configuration naming the folder, a <cachedir> (DESIGN
 * §8: without a cachedir it warns and rescans every run), and
 * FONTS/fonts.conf; nothing of the system's configuration is loaded. The
 * cache folder is cache/ beside a build tree binary, else
 * $XDG_CACHE_HOME/kumihan (~/.cache/kumihan): an installed binary never
 * writes beside itself.
 * When no cache folder can be written (a read-only install, a file in the
 * cache's place, no home), the run goes on without one, quietly: the fonts
 * are hashed on every run, and fontconfig's cache goes to a folder made for
 * the run in $TMPDIR and removed as soon as the fonts are scanned (a font
 * folder without a writable cache makes fontconfig print its own "No
 * writable cache directories" on the user's terminal). If even that folder
 * cannot be made, the configuration names no font folder but each of its
 * files (FcConfigAppFontAddFile, which writes no cache; fontconfig then
 * keeps the faces fonts.conf rejects: slower matching, the same glyphs).
 * A colour emoji font (Noto Color Emoji: bitmaps) is set at the size that
 * makes its emoji one em of the text wide (fonts_em_sized): its glyphs
 * advance 1.245 em, so at the text's size an emoji would push the kanji
 * after it off the em grid and stand a quarter em taller than them.
 * A theme's own fonts (its fonts.dir, system fonts its families name) join
 * the set between fonts_begin and fonts_finish (fontlock.c finds them and
 * checks them against fonts.lock, their hashes through the same cache,
 * keyed by absolute path: fonts_sha256).
 */
#include "fonts.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <fontconfig/fontconfig.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <hb-ot.h>
#include <limits.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "diag.h"
#include "i18n.h"
#include "limits.h"

#ifndef KUMIHAN_DATADIR
#define KUMIHAN_DATADIR "/usr/local/share/kumihan"
#endif

typedef struct Desc {
    char *family;
    int weight;
    Unit size;
    PangoFontDescription *desc;
    PangoFont *primary;                    /* loaded on first use */
    uint8_t *cover;                        /* its face's (Fonts.covers), once looked up */
} Desc;

/* What a face maps in the BMP: 0 not looked up, 1 missing, 2 mapped; one
 * table per face, whatever the size (a table per size was 64 KB of zeroed
 * memory and its own cmap lookups for each of some twenty sizes). */
typedef struct Cover {
    hb_face_t *face;
    uint8_t *map;
} Cover;

struct Fonts {
    FcConfig *config;
    PangoFontMap *map;
    PangoContext *context;
    Desc *descs;
    int n_descs, cap_descs;
    Cover *covers;
    int n_covers;
    int last;                              /* primary_entry's last answer */
    GArray *ids;                           /* FontId of each font file checked */
    GHashTable *em_sized;                  /* font -> the font to set it in (fonts_em_sized),
                                            * a reference to each */
    GHashTable *emoji;                     /* the emoji fonts it gave: a set (borrowed) */
    /* the verified hashes (CACHE/fonts.verified), until fonts_finish */
    char *stamp_path;                      /* NULL: no cache folder */
    char *stamps;                          /* its text when the run began, or NULL */
    GString *new_stamps;                   /* the lines of the files checked this run */
    bool stamps_changed;
};

/* A font file checked, by identity (fonts_hold). */
typedef struct FontId { dev_t dev; ino_t ino; } FontId;

static char exe_dir[PATH_MAX];

static const char *
binary_dir(void)
{
    if (!exe_dir[0]) {
        char buf[PATH_MAX];
        ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
        if (n > 0) {
            buf[n] = '\0';
            char *slash = strrchr(buf, '/');
            if (slash)
                *slash = '\0';
            snprintf(exe_dir, sizeof exe_dir, "%s", buf);
        } else {
            snprintf(exe_dir, sizeof exe_dir, ".");
        }
    }
    return exe_dir;
}

/* `rel` below the binary's folder holds a font folder (its SHA256SUMS)?
 * Then its real path is put in `dir`. */
static bool
font_folder_at(const char *rel, char *dir, size_t size)
{
    char probe[PATH_MAX + 64];
    snprintf(probe, sizeof probe, "%s%s/SHA256SUMS", binary_dir(), rel);
    if (access(probe, R_OK) != 0)
        return false;
    char real[PATH_MAX];
    snprintf(probe, sizeof probe, "%s%s", binary_dir(), rel);
    if (!realpath(probe, real))
        return false;
    snprintf(dir, size, "%s", real);
    return true;
}

/* The project's fonts/ beside a build tree binary: build/kumihan and
 * build/<type>/kumihan. */
static const char *const build_tree_fonts[] = {"/../fonts", "/../../fonts"};

/* Is the binary in a build tree (the project's fonts/ beside it)? */
static bool
in_build_tree(void)
{
    static int known;                      /* 0 not looked, 1 yes, 2 no */
    if (!known) {
        char dir[PATH_MAX];
        known = 2;
        for (size_t i = 0; i < G_N_ELEMENTS(build_tree_fonts); i++)
            if (font_folder_at(build_tree_fonts[i], dir, sizeof dir))
                known = 1;
    }
    return known == 1;
}

const char *
fonts_default_dir(void)
{
    static char dir[PATH_MAX];
    if (!dir[0]) {
        /* an installed binary: PREFIX/bin/kumihan beside PREFIX/share/kumihan,
         * wherever PREFIX was when it was built or where it has moved since */
        bool found = font_folder_at("/../share/kumihan/fonts", dir, sizeof dir);
        /* a binary in the build tree: the project's fonts/ */
        for (size_t i = 0; !found && i < G_N_ELEMENTS(build_tree_fonts); i++)
            found = font_folder_at(build_tree_fonts[i], dir, sizeof dir);
        /* a binary copied elsewhere: the PREFIX it was built for (also named
         * in the error when none of the three holds fonts) */
        if (!found)
            snprintf(dir, sizeof dir, "%s/fonts", KUMIHAN_DATADIR);
    }
    return dir;
}

static bool
writable_dir(const char *d)
{
    return g_mkdir_with_parents(d, 0755) == 0 && g_file_test(d, G_FILE_TEST_IS_DIR)
           && access(d, W_OK) == 0;
}

/* The cache folder: build/cache beside a build tree binary when writable,
 * else $XDG_CACHE_HOME/kumihan (~/.cache/kumihan) when writable, else
 * NULL. An installed binary never makes a folder beside itself (root's
 * run of /usr/bin/kumihan would leave /usr/bin/cache behind). */
static char *
cache_dir(void)
{
    char *d;
    if (in_build_tree()) {
        d = g_build_filename(binary_dir(), "cache", NULL);
        if (writable_dir(d))
            return d;
        g_free(d);
    }
    d = g_build_filename(g_get_user_cache_dir(), "kumihan", NULL);
    if (writable_dir(d))
        return d;
    g_free(d);
    return NULL;
}

/* --- verification --- */

/* The SHA-256 of a font file: a regular file of at most LIMIT_FONT_BYTES,
 * read to its size from one descriptor (never a FIFO, a device or a file
 * without end). NULL with *why set otherwise. */
static char *
file_sha256(const char *path, const char **why)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    *why = NULL;
    if (fd < 0) {
        *why = strerror(errno);
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        *why = _("not a regular file");
        close(fd);
        return NULL;
    }
    if ((uint64_t)st.st_size > LIMIT_FONT_BYTES) {
        *why = _("larger than any font kumihan takes");
        close(fd);
        return NULL;
    }
    GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);
    unsigned char *buf = xmalloc(1 << 20);
    off_t left = st.st_size;
    while (left > 0) {
        ssize_t n = read(fd, buf, left < (1 << 20) ? (size_t)left : (1 << 20));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            *why = n < 0 ? strerror(errno) : _("shorter than its size");
            break;
        }
        g_checksum_update(sum, buf, (gssize)n);
        left -= n;
    }
    close(fd);
    free(buf);
    char *hex = *why ? NULL : g_strdup(g_checksum_get_string(sum));
    g_checksum_free(sum);
    return hex;
}

/* A line of fonts.verified: "name size mtime_s mtime_ns ino sha256". */
static char *
stamp_line(const char *name, const struct stat *st, const char *sha)
{
    return g_strdup_printf("%s %lld %lld %ld %llu %s", name, (long long)st->st_size,
                           (long long)st->st_mtim.tv_sec, (long)st->st_mtim.tv_nsec,
                           (unsigned long long)st->st_ino, sha);
}

/* The Debian package `make fonts` copies a font file from, for messages. */
static const char *
package_of(const char *name)
{
    return g_str_has_prefix(name, "NotoColorEmoji") ? "fonts-noto-color-emoji" : "fonts-noto-cjk";
}

/* The SHA-256 remembered for the file `name` as it is now (st), or NULL. */
static char *
stamp_lookup(const Fonts *f, const char *name, const struct stat *st)
{
    if (!f->stamps)
        return NULL;
    char *probe = stamp_line(name, st, "");
    char *sha = NULL;
    for (char *p = strstr(f->stamps, probe); p; p = strstr(p + 1, probe))
        if ((p == f->stamps || p[-1] == '\n') && strlen(p + strlen(probe)) >= 64) {
            sha = g_strndup(p + strlen(probe), 64);
            break;
        }
    g_free(probe);
    return sha;
}

/* The SHA-256 of the file `path` (stat st), remembered as `name`: from the
 * cache when its stamp is there, else read. NULL with *why set. */
static char *
stamped_sha256(Fonts *f, const char *name, const char *path, const struct stat *st,
               const char **why)
{
    *why = NULL;
    char *sha = stamp_lookup(f, name, st);
    if (!sha) {
        sha = file_sha256(path, why);
        f->stamps_changed = true;
    }
    if (sha) {
        char *line = stamp_line(name, st, sha);
        g_string_append_printf(f->new_stamps, "%s\n", line);
        g_free(line);
    }
    return sha;
}

char *
fonts_sha256(Fonts *f, const char *path, const char **why)
{
    struct stat st;
    *why = NULL;
    if (strchr(path, '\n') || stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
        *why = strchr(path, '\n') ? _("a file name with a line break")
               : errno == ENOENT ? _("no such file") : _("not a regular file");
        return NULL;
    }
    return stamped_sha256(f, path, path, &st, why);
}

/* Write the cache when a file was hashed: this run's lines, then the
 * remembered ones of other files outside the fonts folder (other themes'
 * fonts, by absolute path), up to LIMIT_FONT_STAMPS lines. */
static void
save_stamps(Fonts *f)
{
    if (!f->stamps_changed || !f->stamp_path)
        return;
    GString *out = g_string_new(f->new_stamps->str);
    int n = 0;
    char **old = f->stamps ? g_strsplit(f->stamps, "\n", -1) : NULL;
    for (char **l = old; l && *l && n < LIMIT_FONT_STAMPS; l++) {
        if ((*l)[0] != '/')
            continue;
        const char *sp = strchr(*l, ' ');
        if (!sp)
            continue;
        /* (a line of this run for the same file supersedes it) */
        char *key = g_strdup_printf("%.*s ", (int)(sp - *l), *l);
        bool seen = g_str_has_prefix(f->new_stamps->str, key);
        char *nl_key = g_strconcat("\n", key, NULL);
        seen = seen || strstr(f->new_stamps->str, nl_key);
        g_free(nl_key);
        g_free(key);
        if (!seen) {
            g_string_append_printf(out, "%s\n", *l);
            n++;
        }
    }
    g_strfreev(old);
    g_file_set_contents(f->stamp_path, out->str, (gssize)out->len, NULL);
    g_string_free(out, TRUE);
    f->stamps_changed = false;
}

static Status
verify_fonts(Fonts *f, const char *dir)
{
    char *sums_path = g_build_filename(dir, "SHA256SUMS", NULL);
    char *sums = NULL;
    if (!g_file_get_contents(sums_path, &sums, NULL, NULL)) {
        Status st = diag_fail(NULL, ST_ENV, "%s: cannot read the font list; is %s the kumihan "
                              "fonts folder? (use --fonts DIR, or run 'make fonts')",
                              sums_path, dir);
        g_free(sums_path);
        return st;
    }
    Status st = ST_OK;
    int n_fonts = 0;
    char **lines = g_strsplit(sums, "\n", -1);
    for (char **l = lines; *l && st == ST_OK; l++) {
        char hash[65], name[256];
        if (sscanf(*l, "%64s %255s", hash, name) != 2)
            continue;
        const char *base = name[0] == '*' ? name + 1 : name;
        char *path = g_build_filename(dir, base, NULL);
        struct stat sb;
        if (stat(path, &sb) != 0) {
            st = diag_fail(NULL, ST_ENV, "font %s is missing: run 'make fonts' (copies it from "
                           "Debian's %s) or pass --fonts DIR", path, package_of(base));
            g_free(path);
            break;
        }
        if (!S_ISREG(sb.st_mode)) {        /* a FIFO, /dev/zero: never opened */
            st = diag_fail(NULL, ST_ENV, "font %s is not a regular file (an altered fonts "
                           "folder): run 'make fonts' to copy it again from Debian's %s", path,
                           package_of(base));
            g_free(path);
            break;
        }
        FontId id = {sb.st_dev, sb.st_ino};
        g_array_append_val(f->ids, id);
        const char *why = NULL;
        char *sha = stamped_sha256(f, base, path, &sb, &why);
        if (why) {
            st = diag_fail(NULL, ST_ENV, "font %s cannot be checked: %s (an altered fonts "
                           "folder?): run 'make fonts' to copy it again from Debian's %s", path,
                           why, package_of(base));
        } else if (!sha || strcmp(sha, hash) != 0) {
            st = diag_fail(NULL, ST_ENV, "font %s does not match its SHA-256 in %s (altered or "
                           "another version): run 'make fonts' to copy it again from Debian's %s",
                           path, sums_path, package_of(base));
        } else {
            n_fonts++;
        }
        g_free(sha);
        g_free(path);
    }
    if (st == ST_OK && n_fonts == 0)
        st = diag_fail(NULL, ST_ENV, "%s lists no fonts", sums_path);
    g_strfreev(lines);
    g_free(sums);
    g_free(sums_path);
    return st;
}

/* --- fontconfig and Pango --- */

static int
compare_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Without a cache: each file of the folder, in name order as fontconfig's
 * folder scan adds them (it skips what is not a font, and so do we). */
static bool
add_font_files(FcConfig *cfg, const char *dir)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    if (!d)
        return false;
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    for (const char *name; (name = g_dir_read_name(d));)
        g_ptr_array_add(names, g_strdup(name));
    g_dir_close(d);
    g_ptr_array_sort(names, compare_names);
    for (guint i = 0; i < names->len; i++) {
        char *path = g_build_filename(dir, (const char *)names->pdata[i], NULL);
        if (g_file_test(path, G_FILE_TEST_IS_REGULAR))
            FcConfigAppFontAddFile(cfg, (const FcChar8 *)path);
        g_free(path);
    }
    g_ptr_array_free(names, TRUE);
    return true;
}

/* The run's own cache folder and the cache files in it. */
static void
remove_scratch(const char *path)
{
    GDir *d = g_dir_open(path, 0, NULL);
    if (d) {
        for (const char *name; (name = g_dir_read_name(d));) {
            char *p = g_build_filename(path, name, NULL);
            g_remove(p);
            g_free(p);
        }
        g_dir_close(d);
    }
    g_rmdir(path);
}

/* fonts.conf under a folder (and a cache folder), or its files (cache NULL). */
static FcConfig *
make_config(const char *dir, const char *cache)
{
    char *edir = g_markup_escape_text(dir, -1);
    char *conf = g_build_filename(dir, "fonts.conf", NULL);
    char *econf = g_markup_escape_text(conf, -1);
    char *where;
    if (cache) {
        char *ecache = g_markup_escape_text(cache, -1);
        where = g_strdup_printf("<dir>%s</dir>\n<cachedir>%s</cachedir>\n", edir, ecache);
        g_free(ecache);
    } else {
        where = g_strdup("");
    }
    char *xml = g_strdup_printf(
        "<?xml version=\"1.0\"?>\n<fontconfig>\n%s"
        "<include ignore_missing=\"yes\">%s</include>\n</fontconfig>\n", where, econf);
    FcConfig *cfg = FcConfigCreate();
    bool ok = FcConfigParseAndLoadFromMemory(cfg, (const FcChar8 *)xml, FcTrue)
              && FcConfigBuildFonts(cfg) && (cache || add_font_files(cfg, dir));
    g_free(xml);
    g_free(where);
    g_free(econf);
    g_free(conf);
    g_free(edir);
    if (!ok) {
        FcConfigDestroy(cfg);
        return NULL;
    }
    return cfg;
}

Status
fonts_begin(const char *dir, Fonts **out)
{
    *out = NULL;
    if (!dir)
        dir = fonts_default_dir();
    char real[PATH_MAX];
    if (realpath(dir, real))
        dir = real;                        /* fontconfig wants absolute folders */
    char *cache = cache_dir();
    Fonts *f = xcalloc(1, sizeof *f);
    f->ids = g_array_new(FALSE, FALSE, sizeof(FontId));
    f->new_stamps = g_string_new(NULL);
    if (cache) {
        f->stamp_path = g_build_filename(cache, "fonts.verified", NULL);
        g_file_get_contents(f->stamp_path, &f->stamps, NULL, NULL);
    }
    Status st = verify_fonts(f, dir);
    if (st != ST_OK) {
        g_free(cache);
        fonts_free(f);
        return st;
    }
    char *scratch = cache ? NULL : g_dir_make_tmp("kumihan-fonts-XXXXXX", NULL);
    FcConfig *cfg = make_config(dir, cache ? cache : scratch);
    g_free(cache);
    if (scratch) {                         /* fontconfig has read what it wrote there */
        remove_scratch(scratch);
        g_free(scratch);
    }
    if (!cfg) {
        fonts_free(f);
        return diag_fail(NULL, ST_ENV, "cannot build the font configuration for %s", dir);
    }
    f->config = cfg;
    FcFontSet *sys = FcConfigGetFonts(cfg, FcSetSystem);
    FcFontSet *app = FcConfigGetFonts(cfg, FcSetApplication);
    if ((sys ? sys->nfont : 0) + (app ? app->nfont : 0) == 0) {
        fonts_free(f);
        return diag_fail(NULL, ST_ENV, "no usable fonts in %s: run 'make fonts'", dir);
    }
    *out = f;
    return ST_OK;
}

bool
fonts_join(Fonts *f, const char *path)
{
    assert(!f->map);
    struct stat sb;
    if (stat(path, &sb) != 0)
        return false;
    FcFontSet *app = FcConfigGetFonts(f->config, FcSetApplication);
    int before = app ? app->nfont : 0;
    if (!FcConfigAppFontAddFile(f->config, (const FcChar8 *)path))
        return false;
    FontId id = {sb.st_dev, sb.st_ino};
    g_array_append_val(f->ids, id);
    app = FcConfigGetFonts(f->config, FcSetApplication);
    return app && app->nfont > before;
}

bool
fonts_same_family(const char *a, const char *b)
{
    for (;;) {
        while (*a == ' ')
            a++;
        while (*b == ' ')
            b++;
        if (!*a || !*b)
            return !*a && !*b;
        if (g_ascii_tolower(*a) != g_ascii_tolower(*b))
            return false;
        a++;
        b++;
    }
}

/* The generic names fonts.conf maps to the collections' faces. */
static bool
generic_family(const char *family)
{
    return strcmp(family, "serif") == 0 || strcmp(family, "sans-serif") == 0
           || strcmp(family, "monospace") == 0;
}

bool
fonts_has_family(const Fonts *f, const char *family)
{
    if (generic_family(family))
        return true;
    FcSetName which[] = {FcSetSystem, FcSetApplication};
    for (int s = 0; s < 2; s++) {
        FcFontSet *set = FcConfigGetFonts(f->config, which[s]);
        for (int i = 0; set && i < set->nfont; i++) {
            FcChar8 *name;
            for (int k = 0; FcPatternGetString(set->fonts[i], FC_FAMILY, k, &name) == FcResultMatch;
                 k++)
                if (fonts_same_family((const char *)name, family))
                    return true;
        }
    }
    return false;
}

int
fonts_faces_of(const Fonts *f, const char *path, int *index, const char **family, int max)
{
    FcFontSet *set = FcConfigGetFonts(f->config, FcSetApplication);
    int n = 0;
    for (int i = 0; set && i < set->nfont && n < max; i++) {
        FcChar8 *file, *name;
        int idx;
        if (FcPatternGetString(set->fonts[i], FC_FILE, 0, &file) != FcResultMatch
            || strcmp((const char *)file, path) != 0
            || FcPatternGetInteger(set->fonts[i], FC_INDEX, 0, &idx) != FcResultMatch)
            continue;
        index[n] = idx;
        family[n] = FcPatternGetString(set->fonts[i], FC_FAMILY, 0, &name) == FcResultMatch
                        ? (const char *)name : "";
        n++;
    }
    return n;
}

void
fonts_finish(Fonts *f)
{
    assert(!f->map);
    save_stamps(f);
    /* Pango waits for fontconfig's default configuration (FcInit, in a
     * thread) before it lists fonts, even with a configuration of its own:
     * loading the system's would cost more than our whole font setup. Made
     * the default first, ours is what FcInit finds. */
    FcConfigSetCurrent(f->config);
    f->map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
    pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(f->map), f->config);
    pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(f->map), 72.0);
    f->context = pango_font_map_create_context(f->map);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
    pango_cairo_context_set_font_options(f->context, fo);
    cairo_font_options_destroy(fo);
    pango_context_set_round_glyph_positions(f->context, FALSE);
    pango_context_set_language(f->context, pango_language_from_string("ja"));
}

Status
fonts_open(const char *dir, Fonts **out)
{
    Status st = fonts_begin(dir, out);
    if (st == ST_OK)
        fonts_finish(*out);
    return st;
}

void
fonts_free(Fonts *f)
{
    if (!f)
        return;
    for (int i = 0; i < f->n_descs; i++) {
        if (f->descs[i].primary)
            g_object_unref(f->descs[i].primary);
        pango_font_description_free(f->descs[i].desc);
        g_free(f->descs[i].family);
    }
    free(f->descs);
    for (int i = 0; i < f->n_covers; i++)
        free(f->covers[i].map);
    free(f->covers);
    if (f->em_sized)
        g_hash_table_destroy(f->em_sized);
    if (f->emoji)
        g_hash_table_destroy(f->emoji);
    if (f->map) {
        g_object_unref(f->context);
        pango_fc_font_map_shutdown(PANGO_FC_FONT_MAP(f->map));
        g_object_unref(f->map);
    }
    if (f->config)
        FcConfigDestroy(f->config);
    g_array_free(f->ids, TRUE);
    g_free(f->stamp_path);
    g_free(f->stamps);
    g_string_free(f->new_stamps, TRUE);
    free(f);
}

bool
fonts_hold(const Fonts *f, const char *path)
{
    struct stat st;
    if (!f || stat(path, &st) != 0)
        return false;
    for (guint i = 0; i < f->ids->len; i++) {
        const FontId *id = &g_array_index(f->ids, FontId, i);
        if (id->dev == st.st_dev && id->ino == st.st_ino)
            return true;
    }
    return false;
}

PangoContext *
fonts_context(Fonts *f)
{
    return f->context;
}

const PangoFontDescription *
fonts_describe(Fonts *f, const char *family, int weight, Unit size)
{
    for (int i = 0; i < f->n_descs; i++) {
        Desc *d = &f->descs[i];
        if (d->weight == weight && d->size == size && strcmp(d->family, family) == 0)
            return d->desc;
    }
    if (f->n_descs == f->cap_descs) {
        f->cap_descs = f->cap_descs ? f->cap_descs * 2 : 16;
        f->descs = xrealloc(f->descs, (size_t)f->cap_descs * sizeof(Desc));
    }
    PangoFontDescription *desc = pango_font_description_new();
    pango_font_description_set_family(desc, family);
    pango_font_description_set_weight(desc, (PangoWeight)weight);
    pango_font_description_set_size(desc, size);
    f->descs[f->n_descs++] = (Desc){g_strdup(family), weight, size, desc, NULL, NULL};
    return desc;
}

/* desc's entry with its primary font loaded (NULL: not from fonts_describe).
 * Asked per character by the itemizer: the last entry is tried first. */
static Desc *
primary_entry(Fonts *f, const PangoFontDescription *desc)
{
    Desc *d = f->last < f->n_descs && f->descs[f->last].desc == desc ? &f->descs[f->last] : NULL;
    for (int i = 0; !d && i < f->n_descs; i++)
        if (f->descs[i].desc == desc) {
            d = &f->descs[i];
            f->last = i;
        }
    if (d && !d->primary)
        d->primary = pango_font_map_load_font(f->map, f->context, desc);
    return d;
}

bool
fonts_primary_has(Fonts *f, const PangoFontDescription *desc, uint32_t cp)
{
    Desc *d = primary_entry(f, desc);
    if (!d || !d->primary)
        return false;
    if (cp < 0x10000 && d->cover && d->cover[cp])
        return d->cover[cp] == 2;
    hb_font_t *hbf = pango_font_get_hb_font(d->primary);
    hb_codepoint_t glyph;
    bool has = hbf && hb_font_get_nominal_glyph(hbf, cp, &glyph);
    if (cp < 0x10000 && hbf) {
        if (!d->cover) {
            hb_face_t *face = hb_font_get_face(hbf);
            for (int i = 0; i < f->n_covers && !d->cover; i++)
                if (f->covers[i].face == face)
                    d->cover = f->covers[i].map;
            if (!d->cover) {
                f->covers = xrealloc(f->covers, sizeof(Cover) * (size_t)(f->n_covers + 1));
                f->covers[f->n_covers++] = (Cover){face, d->cover = xcalloc(0x10000, 1)};
            }
        }
        d->cover[cp] = has ? 2 : 1;
    }
    return has;
}

PangoFont *
fonts_primary(Fonts *f, const PangoFontDescription *desc)
{
    Desc *d = primary_entry(f, desc);
    return d ? d->primary : NULL;
}

/* The advance of a colour font's emoji over its em (Noto Color Emoji: 2550
 * of 2048), from its glyph for U+1F600; 0 for a font that is not a colour
 * bitmap font (CBDT or sbix) or has no such glyph. */
static double
emoji_advance(PangoFont *font)
{
    hb_font_t *hbf = pango_font_get_hb_font(font);
    hb_face_t *face = hbf ? hb_font_get_face(hbf) : NULL;
    if (!face || !hb_ot_color_has_png(face))
        return 0;
    hb_font_t *plain = hb_font_create(face);          /* (scaled to its em: font units) */
    hb_codepoint_t g;
    double adv = 0;
    if (hb_font_get_nominal_glyph(plain, 0x1F600, &g) && hb_face_get_upem(face) > 0)
        adv = (double)hb_font_get_glyph_h_advance(plain, g) / hb_face_get_upem(face);
    hb_font_destroy(plain);
    return adv;
}

PangoFont *
fonts_em_sized(Fonts *f, PangoFont *font)
{
    if (!f->em_sized)
        f->em_sized = g_hash_table_new_full(g_direct_hash, g_direct_equal, g_object_unref,
                                            g_object_unref);
    PangoFont *sized = g_hash_table_lookup(f->em_sized, font);
    if (sized)
        return sized;
    double adv = emoji_advance(font);
    if (adv > 0) {
        PangoFontDescription *desc = pango_font_describe(font);
        double size = pango_font_description_get_size(desc) / adv;
        pango_font_description_set_size(desc, (gint)(size + 0.5));
        sized = pango_font_map_load_font(f->map, f->context, desc);
        pango_font_description_free(desc);
    }
    if (!sized)
        sized = g_object_ref(font);
    g_hash_table_insert(f->em_sized, g_object_ref(font), sized);   /* (owns both) */
    if (sized != font && !g_hash_table_contains(f->em_sized, sized)) {
        g_hash_table_insert(f->em_sized, g_object_ref(sized), g_object_ref(sized));
        if (!f->emoji)
            f->emoji = g_hash_table_new(g_direct_hash, g_direct_equal);
        g_hash_table_add(f->emoji, sized);
    }
    return sized;
}

bool
fonts_is_emoji(const Fonts *f, PangoFont *font)
{
    return f->emoji && g_hash_table_contains(f->emoji, font);
}

PangoFont *
fonts_text_font(Fonts *f, const PangoFontDescription *desc, uint32_t cp)
{
    PangoFontset *set = pango_font_map_load_fontset(f->map, f->context, desc,
                                                    pango_context_get_language(f->context));
    PangoFont *font = set ? pango_fontset_get_font(set, cp) : NULL;
    if (set)
        g_object_unref(set);
    hb_codepoint_t g;
    hb_font_t *hbf = font ? pango_font_get_hb_font(font) : NULL;
    if (font && (!hbf || emoji_advance(font) > 0 || !hb_font_get_nominal_glyph(hbf, cp, &g))) {
        g_object_unref(font);              /* only the emoji font has it, or none */
        font = NULL;
    }
    return font;
}
