/*
 * i18n.c: the messages' language and catalog (see i18n.h).
 * Only the LC_MESSAGES category follows the environment: LC_NUMERIC would
 * turn the decimal point of strtod and printf into a comma under some
 * locales (theme numbers, PDF operators), and LC_CTYPE would change what
 * isalpha says of bytes above 0x7f. The catalogs are read as UTF-8
 * whatever the LC_CTYPE (bind_textdomain_codeset), as are the file names
 * and the document text the messages quote; so are glibc's own (strerror's
 * texts, the "libc" domain), which the C locale's ASCII would turn into
 * question marks.
 * The catalog folder (DIR/ja/LC_MESSAGES/kumihan.mo), like the fonts
 * (fonts.c), is the first of these that exists, found from the binary's
 * own path (/proc/self/exe):
 *   1. locale beside the binary: the build tree (build/locale for
 *      build/kumihan, build/<type>/locale for build/<type>/kumihan), where
 *      the Makefile compiles src/po/LANG.po with msgfmt;
 *   2. ../share/locale: an installed binary, PREFIX/bin/kumihan;
 *   3. KUMIHAN_LOCALEDIR: the PREFIX/share/locale compiled in, for a
 *      binary copied away from its install.
 * Done: the infrastructure; every literal format of diag_warn, diag_error,
 * diag_warn_in, diag_error_in, diag_fail and of theme_read.c's rd_warn and
 * rd_error; the parts the messages fill in with %s (image.c's and files.c's
 * reasons, theme_keys.c's expected forms, style.c's page geometry issues,
 * output.c's page-name checks, figure.c's attribute notes, utf8.c's
 * repairs, filter.c's arguments, fonts.c's and fontlock.c's reasons),
 * marked with _() or N_() where they are made, or split into whole
 * sentences where the word order needs it (number.c); main.c's usage
 * errors and --help (the option names and values as they are); the
 * closing summary line, -v's statistics line, --lock-fonts' lines,
 * progress.c's stages and watch.c's lines; the plurals by ngettext. All of
 * the files of the Makefile's I18N_SRCS, translated in src/po/ja.po, which
 * check-i18n keeps complete.
 * Left (English under every locale so far):
 *   - what the libraries write into a message: libyaml's problem, libpng's,
 *     libjpeg's, librsvg's and poppler's reasons, cairo_status_to_string;
 *   - -vv's timings (diag_time), -v's notes of slide.c (a slide fitted)
 *     and paginate.c (footnotes), the internal errors (out of memory,
 *     post_read.c's "cannot read cairo's PDF");
 *   - --diagnostics json finds the hint (diag.c's hint_starts) only in the
 *     English texts: a translated message keeps its hint in "message";
 *   - the catalog of an installed binary (../share/locale) was tried by
 *     hand (make install PREFIX=...); check-install checks only that the
 *     file is installed, check-i18n runs the build tree's binary.
 */
#include "i18n.h"

#include <limits.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef KUMIHAN_LOCALEDIR
#define KUMIHAN_LOCALEDIR "/usr/local/share/locale"
#endif

/* `rel` below the binary's folder `exe` is a folder? Then its path is put
 * in `dir`. */
static bool
folder_at(const char *exe, const char *rel, char *dir, size_t size)
{
    char probe[PATH_MAX + 64];
    struct stat st;
    snprintf(probe, sizeof probe, "%s%s", exe, rel);
    if (stat(probe, &st) != 0 || !S_ISDIR(st.st_mode))
        return false;
    snprintf(dir, size, "%s", probe);
    return true;
}

void
i18n_init(void)
{
    setlocale(LC_MESSAGES, "");
    static char dir[PATH_MAX + 64];
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    bool found = false;
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash)
            *slash = '\0';
        found = folder_at(exe, "/locale", dir, sizeof dir)
                || folder_at(exe, "/../share/locale", dir, sizeof dir);
    }
    if (!found)
        snprintf(dir, sizeof dir, "%s", KUMIHAN_LOCALEDIR);
    bindtextdomain("kumihan", dir);
    bind_textdomain_codeset("kumihan", "UTF-8");
    bind_textdomain_codeset("libc", "UTF-8");    /* (strerror's texts) */
    textdomain("kumihan");
}
