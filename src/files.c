/*
 * files.c: the files a run reads, each opened once (see files.h).
 *
 * Containment. A name from the document is joined to its folder and
 * resolved with realpath(); a name that does not resolve (missing, a loop,
 * a chain past PATH_MAX, a folder without search permission) is an error,
 * never passed on. The resolved path must lie inside the root (--root, or
 * the input's folder). It is then opened beneath the root's descriptor
 * with openat2(RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS) where the kernel
 * has it, and whatever was opened is checked again through
 * /proc/self/fd: a symbolic link swapped in between the check and the open
 * cannot bring a file from outside. The file must be regular (a FIFO, a
 * device or a folder is refused: opened without blocking, never read) and
 * it is read whole, from that descriptor only, up to a limit; every later
 * use reads the bytes in memory.
 *
 * The run's files live in one registry, shared by the report and its
 * appendix deck and owned by the Doc that made it: a file named twice (by
 * device and inode) is read once, and an image is decoded once however
 * many times it is placed and however many layout passes run (image.c
 * reads it; the picture stays with its file to the end of the run).
 */
#define _GNU_SOURCE
#include "files.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#ifdef SYS_openat2
#include <linux/openat2.h>
#endif

#include "arena.h"
#include "diag.h"
#include "i18n.h"
#include "image.h"
#include "limits.h"

typedef struct Files {
    char *root;                            /* the root folder, resolved (heap) */
    int root_fd;                           /* it, opened (O_PATH), or -1 */
    const char *root_error;                /* why it could not be resolved, or NULL */
    bool root_done;
    GPtrArray *read;                       /* SourceFile *, in the order read */
    uint64_t pixels;                       /* decoded so far, all images */
    const char *input;                     /* the run's input, for the root (files_start),
                                            * or NULL: the first document's path */
    void (*on_read)(void *ctx, const char *path);  /* told of each file read, or NULL */
    void *on_read_ctx;
} Files;

static void
source_free(void *p)
{
    SourceFile *f = p;
    free(f->data);
    image_free(f->picture);
    g_free((char *)f->image_error);
    g_free((char *)f->path);
    g_free(f);
}

static Files *
registry(Doc *doc)
{
    if (!doc->files) {
        Files *r = g_new0(Files, 1);
        r->root_fd = -1;
        r->read = g_ptr_array_new_with_free_func(source_free);
        doc->files = r;
        doc->owns_files = true;
    }
    return doc->files;
}

void
files_free(Files *r)
{
    if (!r)
        return;
    if (r->root_fd >= 0)
        close(r->root_fd);
    free(r->root);
    g_ptr_array_free(r->read, TRUE);
    g_free(r);
}

void
files_share(Doc *to, Doc *from)
{
    to->files = registry(from);
    to->owns_files = false;
}

void
files_start(Doc *doc, const char *input, void (*on_read)(void *ctx, const char *path),
            void *ctx)
{
    Files *r = registry(doc);
    r->input = input;
    r->on_read = on_read;
    r->on_read_ctx = ctx;
}

static void
note_read(const Doc *doc, const char *path)
{
    const Files *r = doc->files;
    if (r && r->on_read)
        r->on_read(r->on_read_ctx, path);
}

void
files_tell_read(Doc *doc, const char *path)
{
    note_read(doc, path);
}

/* Read all of fd, at most `limit` bytes: NULL with errno (EFBIG: over). */
static char *
read_all(int fd, size_t hint, size_t limit, size_t *len)
{
    size_t cap = hint < limit ? hint + 1 : limit + 1, n = 0;
    if (cap < 4096)
        cap = 4096;
    char *buf = xmalloc(cap);
    for (;;) {
        if (n == cap) {
            if (cap > limit) {
                free(buf);
                errno = EFBIG;
                return NULL;
            }
            cap = cap > limit / 2 ? limit + 1 : cap * 2;
            buf = xrealloc(buf, cap);
        }
        ssize_t got = read(fd, buf + n, cap - n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            int e = errno;
            free(buf);
            errno = e;
            return NULL;
        }
        if (got == 0)
            break;
        n += (size_t)got;
    }
    *len = n;
    return buf;
}

static SourceFile *
find(Files *r, const struct stat *st)
{
    for (guint i = 0; i < r->read->len; i++) {
        SourceFile *f = r->read->pdata[i];
        if (f->dev == st->st_dev && f->ino == st->st_ino && (f->dev || f->ino))
            return f;
    }
    return NULL;
}

static SourceFile *
add(Files *r, const char *path, const struct stat *st, char *data, size_t len)
{
    SourceFile *f = g_new0(SourceFile, 1);
    f->path = g_strdup(path);
    f->data = data;
    f->len = len;
    if (S_ISREG(st->st_mode)) {
        f->dev = st->st_dev;
        f->ino = st->st_ino;
    }
    g_ptr_array_add(r->read, f);
    return f;
}

Status
files_read_input(Doc *doc, const char *path, SourceFile **out)
{
    Files *r = registry(doc);
    *out = NULL;
    bool in = strcmp(path, "-") == 0;
    note_read(doc, path);
    int fd = in ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        return diag_fail(NULL, ST_ENV, "cannot read %s: %s", path, strerror(errno));
    struct stat st;
    Status s = ST_OK;
    if (fstat(fd, &st) != 0) {
        s = diag_fail(NULL, ST_ENV, "cannot read %s: %s", path, strerror(errno));
    } else if (S_ISDIR(st.st_mode)) {
        s = diag_fail(NULL, ST_ENV, "%s is a directory, not a Markdown file", path);
    } else if ((*out = find(r, &st))) {
        /* read already (an input that is its own appendix) */
    } else {
        size_t len;
        char *data = read_all(fd, S_ISREG(st.st_mode) ? (size_t)st.st_size : 65536,
                              LIMIT_INPUT_BYTES, &len);
        if (!data && errno == EFBIG)
            s = diag_fail(NULL, ST_ENV, "%s is larger than %u bytes, the input limit", path,
                          LIMIT_INPUT_BYTES);
        else if (!data)
            s = diag_fail(NULL, ST_ENV, "cannot read %s: %s", path, strerror(errno));
        else
            *out = add(r, path, &st, data, len);
    }
    if (!in)
        close(fd);
    if (*out)
        (*out)->source = true;
    return s;
}

/* Is `path` (resolved) inside `dir` (resolved)? */
static bool
inside(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    if (n == 1 && dir[0] == '/')
        return path[0] == '/';
    return strncmp(path, dir, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

/* The root folder, resolved once per run. */
static const char *
root_of(Doc *doc, Files *r)
{
    if (r->root_done)
        return r->root;
    r->root_done = true;
    const char *name = doc->opt && doc->opt->root ? doc->opt->root : NULL;
    char *folder = NULL;
    if (!name) {                           /* the input's folder */
        const char *in = r->input ? r->input : doc->path;
        const char *slash = strrchr(in, '/');
        folder = slash ? g_strndup(in, (size_t)(slash - in + (slash == in))) : g_strdup(".");
        name = folder;
    }
    r->root = realpath(name, NULL);
    if (!r->root)
        r->root_error = g_intern_string(strerror(errno));
    else
        r->root_fd = open(r->root, O_PATH | O_DIRECTORY | O_CLOEXEC);
    g_free(folder);
    return r->root;
}

bool
files_inside_root(Doc *doc, const char *real)
{
    const char *root = root_of(doc, registry(doc));
    return root && inside(real, root);
}

/* Open `real` (resolved, inside the root) for reading beneath the root:
 * never blocks (a FIFO), never follows a link that leaves the root. */
static int
open_beneath(Files *r, const char *real)
{
    int flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
#ifdef SYS_openat2
    if (r->root_fd >= 0) {
        size_t n = strlen(r->root);
        const char *rel = real + (n == 1 ? 1 : n);
        while (*rel == '/')
            rel++;
        struct open_how how = {.flags = (uint64_t)flags,
                               .resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS};
        int fd = (int)syscall(SYS_openat2, r->root_fd, *rel ? rel : ".", &how, sizeof how);
        if (fd >= 0 || (errno != ENOSYS && errno != EPERM))
            return fd;                     /* (EPERM: a seccomp filter; fall back) */
    }
#endif
    return open(real, flags);
}

/* Where the descriptor really leads (/proc/self/fd): inside the root? True
 * also when /proc is not there (openat2 or the realpath check stands). */
static bool
opened_inside(int fd, const char *root)
{
    char link[64], at[PATH_MAX];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, at, sizeof at);
    if (n < 0)
        return errno == ENOENT;
    if ((size_t)n >= sizeof at)
        return false;
    at[n] = '\0';
    return inside(at, root);
}

/* The file open at fd, read whole (at most `limit` bytes) and kept, or the
 * one read already under another name; NULL with *why. */
static SourceFile *
read_opened(Doc *doc, Files *r, int fd, const char *path, size_t limit, const char **why)
{
    struct stat st;
    if (fstat(fd, &st) != 0) {
        *why = arena_strdup(doc->arena, strerror(errno));
        return NULL;
    }
    if (!S_ISREG(st.st_mode)) {
        *why = S_ISDIR(st.st_mode) ? _("a folder, not a file") : _("not a regular file");
        return NULL;
    }
    SourceFile *f = find(r, &st);
    if (f)
        return f;
    if ((uint64_t)st.st_size > limit) {
        *why = arena_printf(doc->arena, _("larger than %zu MB, the limit"), limit >> 20);
        return NULL;
    }
    size_t len;
    char *data = read_all(fd, (size_t)st.st_size, limit, &len);
    if (!data) {
        *why = errno == EFBIG ? arena_printf(doc->arena, _("larger than %zu MB, the limit"),
                                             limit >> 20)
                              : arena_strdup(doc->arena, strerror(errno));
        return NULL;
    }
    return add(r, path, &st, data, len);
}

SourceFile *
files_open(Doc *doc, const char *name, size_t limit, const char **why, bool *refused)
{
    Files *r = registry(doc);
    *why = NULL;
    *refused = false;
    if (strstr(name, "://")) {
        *why = _("a URL, never fetched: kumihan reads local files only");
        *refused = true;
        return NULL;
    }
    if (g_ascii_strncasecmp(name, "data:", 5) == 0) {
        *why = _("a data: URL, which kumihan does not read: put the image in a file");
        *refused = true;
        return NULL;
    }
    const char *root = root_of(doc, r);
    if (!root) {
        *why = arena_printf(doc->arena, _("outside any root folder (the root cannot be resolved: "
                                              "%s)"), r->root_error);
        *refused = true;
        return NULL;
    }
    char *path = name[0] == '/' ? g_strdup(name) : g_strdup_printf("%s/%s", doc->dir, name);
    note_read(doc, path);
    SourceFile *f = NULL;
    int fd = -1;
    char *real = realpath(path, NULL);
    if (!real) {
        *why = arena_strdup(doc->arena, strerror(errno));
        goto done;
    }
    if (!inside(real, root)) {
        *why = _("outside the root folder (see --root)");
        *refused = true;
        goto done;
    }
    fd = open_beneath(r, real);
    if (fd < 0) {
        *why = errno == EXDEV || errno == ELOOP
                   ? _("outside the root folder (see --root)")
                   : arena_strdup(doc->arena, strerror(errno));
        *refused = errno == EXDEV || errno == ELOOP;
        goto done;
    }
    if (!opened_inside(fd, root)) {
        *why = _("outside the root folder (see --root)");
        *refused = true;
        goto done;
    }
    f = read_opened(doc, r, fd, path, limit, why);
done:
    if (fd >= 0)
        close(fd);
    free(real);
    g_free(path);
    return f;
}

SourceFile *
files_open_given(Doc *doc, const char *path, size_t limit, const char **why)
{
    Files *r = registry(doc);
    *why = NULL;
    note_read(doc, path);
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        *why = arena_strdup(doc->arena, strerror(errno));
        return NULL;
    }
    SourceFile *f = read_opened(doc, r, fd, path, limit, why);
    close(fd);
    return f;
}

/* --- images --- */

Picture *
files_picture(Doc *doc, SourceFile *f)
{
    Files *r = registry(doc);
    if (f->picture || f->image_error)
        return f->picture;
    uint64_t left = LIMIT_RUN_IMAGE_PIXELS - r->pixels;
    if (left > LIMIT_IMAGE_PIXELS)
        left = LIMIT_IMAGE_PIXELS;
    const char *why;
    /* the bytes go to the picture: freed, or kept while it needs them */
    f->picture = image_read(f->data, f->len, left, doc->arena, &why);
    f->data = NULL;
    f->len = 0;
    if (f->picture)
        r->pixels += image_info(f->picture)->pixels;
    else                                   /* (a copy: the registry outlives this doc) */
        f->image_error = g_strdup(why);
    return f->picture;
}

void
files_release(Doc *doc, SourceFile *f)
{
    if (doc->opt && doc->opt->embed_source && f->source)
        return;                            /* attached at the end: the bytes stay */
    free(f->data);
    f->data = NULL;
    f->len = 0;
}

bool
files_was_read(const Doc *doc, const char *path)
{
    struct stat st;
    if (!doc->files || stat(path, &st) != 0)
        return false;
    return find(doc->files, &st) != NULL;
}

int
files_sources(const Doc *doc, const SourceFile **out, int max)
{
    int n = 0;
    for (guint i = 0; doc->files && i < doc->files->read->len && n < max; i++) {
        const SourceFile *f = doc->files->read->pdata[i];
        if (f->source)
            out[n++] = f;
    }
    return n;
}
