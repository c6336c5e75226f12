/*
 * output.c: the files a run writes, all or nothing.
 * The PDF goes to a temporary file beside the target (".kumihan-XXXXXX":
 * fixed and short, so it fits wherever the final name fits) and is renamed
 * into place only when complete and flushed to the disk; SIGINT, SIGTERM
 * and SIGHUP remove the temporary files while they exist, so a failed or
 * interrupted run leaves the target untouched. Standard output, devices and
 * FIFOs are written in place. Page images (--format png|svg) are a set
 * written the same way: every page to a temporary file first, then all
 * renamed with the signals held.
 * cairo's own output goes to a scratch file (unlinked at once, mapped for
 * the post-pass) or to memory: Scratchfile.
 */
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "diag.h"
#include "files.h"
#include "fonts.h"
#include "i18n.h"

cairo_status_t
output_write_cb(void *closure, const unsigned char *data, unsigned int length)
{
    Writer *w = closure;
    if (w->failed)
        return CAIRO_STATUS_WRITE_ERROR;
    if (fwrite(data, 1, length, w->fp) != length) {
        w->failed = true;
        w->err = errno;
        return CAIRO_STATUS_WRITE_ERROR;
    }
    return CAIRO_STATUS_SUCCESS;
}

/* --- all or nothing --- */

/* The temporary files of an output being written (each a template until
 * mkstemp fills it in; emptied once renamed into place), which on_signal
 * removes. Each is named ".kumihan-XXXXXX" in the output's folder: fixed and
 * short, so it fits wherever the final name fits (a name of NAME_MAX bytes
 * has no room for a prefix and a suffix). A batch writes several outputs
 * at once, one a thread (batch.c): each has its set, and every set under
 * way is on one list, for the handler; the first to begin installs it, the
 * last to end gives the signals back. */
typedef struct Temps {
    char **names;
    volatile sig_atomic_t n;
    struct Temps *_Atomic next;
} Temps;

static Temps *_Atomic all_temps;           /* every set under way (on_signal) */
static pthread_mutex_t temps_lock = PTHREAD_MUTEX_INITIALIZER;
static int writers;                        /* sets under way (temps_lock) */
static struct sigaction saved_int, saved_term, saved_hup;

static void
on_signal(int sig)
{
    for (Temps *t = atomic_load(&all_temps); t; t = atomic_load(&t->next))
        for (sig_atomic_t i = 0; i < t->n; i++)
            if (t->names[i][0])
                unlink(t->names[i]);
    signal(sig, SIG_DFL);
    raise(sig);
}

/* A set with room for `n` temporary files; SIGINT, SIGTERM and SIGHUP
 * remove them until temps_end(). */
static Temps *
temps_begin(int n)
{
    Temps *t = xcalloc(1, sizeof *t);
    t->names = xmalloc(sizeof(char *) * (size_t)(n > 0 ? n : 1));
    pthread_mutex_lock(&temps_lock);
    if (writers++ == 0) {
        struct sigaction sa = {0};
        sa.sa_handler = on_signal;
        sigaction(SIGINT, &sa, &saved_int);
        sigaction(SIGTERM, &sa, &saved_term);
        sigaction(SIGHUP, &sa, &saved_hup);
    }
    atomic_store(&t->next, atomic_load(&all_temps));
    atomic_store(&all_temps, t);
    pthread_mutex_unlock(&temps_lock);
    return t;
}

/* A new temporary file of set t in `dir`, open for writing, its name in
 * *name; NULL with errno on a failure. */
static FILE *
temp_open(Temps *t, const char *dir, const char **name)
{
    size_t len = strlen(dir) + sizeof "/.kumihan-XXXXXX";
    char *nm = xmalloc(len);
    snprintf(nm, len, "%s/.kumihan-XXXXXX", dir);
    t->names[t->n] = nm;
    atomic_signal_fence(memory_order_seq_cst);  /* the handler sees it whole */
    t->n = t->n + 1;
    int fd = mkstemp(nm);
    if (fd < 0) {
        nm[0] = '\0';
        return NULL;
    }
    *name = nm;
    fchmod(fd, 0644);
    FILE *fp = fdopen(fd, "wb");
    if (!fp) {
        int e = errno;
        close(fd);
        unlink(nm);
        nm[0] = '\0';
        errno = e;
    }
    return fp;
}

/* Flush a temporary file to the disk and close it: 0, or -1 with errno
 * (a full disk shows here, if not before). */
static int
temp_close(FILE *fp)
{
    int bad = fflush(fp) != 0 || fsync(fileno(fp)) != 0;
    int e = errno;
    if (fclose(fp) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    errno = e;
    return bad ? -1 : 0;
}

/* Rename temporary file i of t to `path`: 0, or -1 with errno. */
static int
temp_rename(Temps *t, int i, const char *path)
{
    if (rename(t->names[i], path) != 0)
        return -1;
    t->names[i][0] = '\0';
    return 0;
}

/* Remove the temporary files of t not renamed, and end the set (the last
 * set gives the signals back). */
static void
temps_end(Temps *t)
{
    for (sig_atomic_t i = 0; i < t->n; i++)
        if (t->names[i][0])
            unlink(t->names[i]);
    pthread_mutex_lock(&temps_lock);
    Temps *_Atomic *at = &all_temps;
    while (atomic_load(at) != t)
        at = &atomic_load(at)->next;
    atomic_store(at, atomic_load(&t->next));
    if (--writers == 0) {
        sigaction(SIGINT, &saved_int, NULL);
        sigaction(SIGTERM, &saved_term, NULL);
        sigaction(SIGHUP, &saved_hup, NULL);
    }
    pthread_mutex_unlock(&temps_lock);
    for (int i = 0; i < t->n; i++)
        free(t->names[i]);
    free(t->names);
    free(t);
}

/* The folder of `path` ("." for a bare name), in the arena. */
static char *
folder_of(Doc *doc, const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? arena_strndup(doc->arena, path, (size_t)(slash - path + (slash == path)))
                 : arena_strdup(doc->arena, ".");
}

Status
output_write_file(Doc *doc, const char *path, Status (*fn)(Doc *doc, Writer *w, void *arg),
                  void *arg)
{
    if (strcmp(path, "-") == 0) {
        Writer w = {.fp = stdout};
        Status st = fn(doc, &w, arg);
        if (fflush(stdout) != 0 && st == ST_OK)
            st = diag_fail(doc, ST_IO, "cannot write the PDF to standard output");
        return st;
    }
    struct stat sb;
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
        return diag_fail(doc, ST_IO, "cannot write %s: it is a folder", path);
    if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
        /* a device or a pipe (/dev/null, a FIFO): written in place, never
         * replaced by a file */
        FILE *fp = fopen(path, "wb");
        if (!fp)
            return diag_fail(doc, ST_IO, "cannot write %s: %s", path, strerror(errno));
        Writer w = {.fp = fp};
        Status st = fn(doc, &w, arg);
        if (fclose(fp) != 0 && st == ST_OK)
            st = diag_fail(doc, ST_IO, "cannot write %s: %s", path, strerror(errno));
        return st;
    }
    char *dir = folder_of(doc, path);
    Status st = ST_OK;
    Temps *t = temps_begin(1);
    const char *temp = NULL;
    FILE *fp = temp_open(t, dir, &temp);
    if (!fp) {
        st = diag_fail(doc, ST_IO, "cannot write %s: %s (does the folder %s exist and is it "
                       "writable?)", path, strerror(errno), dir);
        goto done;
    }
    Writer w = {.fp = fp, .dir = dir};
    st = fn(doc, &w, arg);
    if (temp_close(fp) != 0 && st == ST_OK)
        st = diag_fail(doc, ST_IO, "cannot write %s: %s", path, strerror(errno));
    if (st == ST_OK && temp_rename(t, 0, path) != 0)
        st = diag_fail(doc, ST_IO, "cannot write %s: %s", path, strerror(errno));
done:
    temps_end(t);
    return st;
}

/* Where the page files of `path` go: its length without the extension
 * (out/report.pdf -> out/report, then -001.png ...). */
static size_t
stem_len(const char *path)
{
    size_t n = strlen(path);
    const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
    if (dot && (!slash || dot > slash) && dot != path && (slash ? dot > slash + 1 : true))
        n = (size_t)(dot - path);
    return n;
}

static const char *
kind_of(mode_t mode)
{
    return S_ISDIR(mode) ? _("a folder") : S_ISCHR(mode) || S_ISBLK(mode) ? _("a device")
           : S_ISFIFO(mode) ? _("a FIFO") : S_ISSOCK(mode) ? _("a socket")
           : _("not a regular file");
}

bool
output_check_page_names(const char *path, const char *format, int last_number, char *why,
                        size_t why_size)
{
    if (strcmp(path, "-") == 0) {
        snprintf(why, why_size, _("--format %s writes one file per page, named after -o: "
                                  "standard output (-o -) cannot hold them; give a file name "
                                  "(-o out/report.pdf gives out/report-001.%s, ...)"),
                 format, format);
        return false;
    }
    struct stat sb;
    if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
        snprintf(why, why_size, _("--format %s writes one file per page, named after -o: "
                                  "%s is %s, not a file name to name them after "
                                  "(-o out/report.pdf gives out/report-001.%s, ...)"),
                 format, path,
                 kind_of(sb.st_mode), format);
        return false;
    }
    /* the longest page name: the last page's number, three digits at least */
    char digits[16];
    int n_digits = snprintf(digits, sizeof digits, "%03d", last_number > 0 ? last_number : 1);
    size_t stem = stem_len(path);
    const char *slash = strrchr(path, '/');
    size_t base = stem - (slash ? (size_t)(slash + 1 - path) : 0);
    size_t name_len = base + 1 + (size_t)n_digits + 1 + strlen(format);
    char *dir = slash ? strndup(path, (size_t)(slash - path + (slash == path))) : strdup(".");
    long name_max = dir ? pathconf(dir, _PC_NAME_MAX) : -1;
    free(dir);
    if (name_max <= 0)
        name_max = NAME_MAX;
    if (name_len > (size_t)name_max) {
        snprintf(why, why_size, _("the page files of -o %.*s%s would be named %.*s...-%s.%s, "
                                  "%zu bytes, longer than the %ld the file system allows: give "
                                  "a shorter -o"),
                 (int)(base > 40 ? 40 : base), slash ? slash + 1 : path, base > 40 ? "..." : "",
                 (int)(base > 40 ? 40 : base), slash ? slash + 1 : path, digits, format,
                 name_len, name_max);
        return false;
    }
    if (stem + 1 + (size_t)n_digits + 1 + strlen(format) >= PATH_MAX) {
        snprintf(why, why_size, _("the page files of -o would have paths longer than the "
                                  "%d bytes the system allows: give a shorter -o"),
                 PATH_MAX - 1);
        return false;
    }
    return true;
}

/* --- the page set --- */

Status
output_write_pages(Doc *doc, const char *path, const char *format, int n_pages,
                   int first_number, Status (*fn)(Doc *doc, Writer *w, int page, void *arg),
                   void *arg)
{
    char why[512];
    if (!output_check_page_names(path, format, first_number + n_pages - 1, why, sizeof why))
        return diag_fail(doc, ST_USAGE, "%s", why);
    /* out/report.pdf -> out/report-001.png ... (the page's number in the
     * whole document, so a --pages range keeps its names) */
    int n = (int)stem_len(path);
    char *dir = folder_of(doc, path);
    char **names = arena_alloc(doc->arena, sizeof(char *) * (size_t)(n_pages + 1));
    for (int i = 0; i < n_pages; i++) {
        names[i] = arena_printf(doc->arena, "%.*s-%03d.%s", n, path, first_number + i, format);
        struct stat sb;
        if (stat(names[i], &sb) == 0 && !S_ISREG(sb.st_mode))
            return diag_fail(doc, ST_IO, "cannot write %s: it is %s; no page written", names[i],
                             kind_of(sb.st_mode));
        if (files_was_read(doc, names[i]) || fonts_hold(doc->fonts, names[i]))
            return diag_fail(doc, ST_USAGE, "%s is a file this run reads: refusing to write "
                             "over it (name another output); no page written", names[i]);
    }
    /* All or nothing, as the PDF: every page goes to a temporary file in the
     * folder, flushed to the disk; only then are they renamed to their
     * names, with the signals held so an interrupt cannot stop the renames
     * halfway. A failure or an interrupt before leaves the files already at
     * those names (an earlier run's) untouched. */
    Status st = ST_OK;
    Temps *t = temps_begin(n_pages);
    for (int i = 0; i < n_pages && st == ST_OK; i++) {
        const char *temp = NULL;
        FILE *fp = temp_open(t, dir, &temp);
        if (!fp) {
            st = diag_fail(doc, ST_IO, "cannot write %s: %s (does the folder %s exist and is "
                           "it writable?); no page written", names[i], strerror(errno), dir);
            break;
        }
        Writer w = {.fp = fp, .dir = dir};
        st = fn(doc, &w, i, arg);
        if (temp_close(fp) != 0 && st == ST_OK)
            st = diag_fail(doc, ST_IO, "cannot write %s: %s; no page written", names[i],
                           strerror(errno));
    }
    if (st == ST_OK) {
        sigset_t hold, old;
        sigemptyset(&hold);
        sigaddset(&hold, SIGINT);
        sigaddset(&hold, SIGTERM);
        sigaddset(&hold, SIGHUP);
        pthread_sigmask(SIG_BLOCK, &hold, &old);
        for (int i = 0; i < n_pages && st == ST_OK; i++)
            if (temp_rename(t, i, names[i]) != 0)
                st = diag_fail(doc, ST_IO, "cannot write %s: %s (%d of the %d pages had been "
                               "renamed into place)", names[i], strerror(errno), i, n_pages);
        pthread_sigmask(SIG_SETMASK, &old, NULL);
    }
    temps_end(t);
    if (st == ST_OK && doc->opt && doc->opt->verbose)
        for (int i = 0; i < n_pages; i++)
            fprintf(stderr, "%s\n", names[i]);
    return st;
}

/* --- cairo's scratch file --- */

bool
output_scratch_open(Scratchfile *s, const char *dir)
{
    *s = (Scratchfile){0};
    char path[4096];
    int n = dir ? snprintf(path, sizeof path, "%s/.kumihan-cairo.XXXXXX", dir) : -1;
    int fd = n > 0 && (size_t)n < sizeof path ? mkstemp(path) : -1;
    if (fd >= 0) {
        unlink(path);
        s->fp = fdopen(fd, "w+b");
        if (s->fp) {
            setvbuf(s->fp, NULL, _IOFBF, 1 << 16);
            return true;
        }
        close(fd);
    }
    s->fp = open_memstream(&s->mem, &s->mem_len);
    s->in_memory = true;
    return s->fp != NULL;
}

/* Done writing: the bytes cairo wrote (NULL on a failure: errno). */
const unsigned char *
output_scratch_data(Scratchfile *s, size_t *len)
{
    if (s->in_memory) {                    /* fclose sets mem and mem_len */
        int bad = s->fp ? fclose(s->fp) : -1;
        s->fp = NULL;
        if (bad != 0)
            return NULL;
        *len = s->mem_len;
        return (const unsigned char *)s->mem;
    }
    if (fflush(s->fp) != 0)
        return NULL;
    struct stat sb;
    if (fstat(fileno(s->fp), &sb) != 0)
        return NULL;
    *len = (size_t)sb.st_size;
    if (*len == 0)
        return (const unsigned char *)"";
    void *p = mmap(NULL, *len, PROT_READ, MAP_PRIVATE, fileno(s->fp), 0);
    if (p != MAP_FAILED) {
        s->map = p;
        s->map_len = *len;
        return s->map;
    }
    /* a file system that cannot map it: read it */
    s->copy = xmalloc(*len);
    for (size_t got = 0; got < *len;) {
        ssize_t k = pread(fileno(s->fp), s->copy + got, *len - got, (off_t)got);
        if (k <= 0) {
            if (k < 0 && errno == EINTR)
                continue;
            if (k == 0)
                errno = EIO;
            return NULL;
        }
        got += (size_t)k;
    }
    return s->copy;
}

void
output_scratch_close(Scratchfile *s)
{
    if (s->map)
        munmap((void *)s->map, s->map_len);
    if (s->fp)
        fclose(s->fp);
    free(s->mem);
    free(s->copy);
    *s = (Scratchfile){0};
}
