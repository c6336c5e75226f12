/*
 * fuzz_common.c: the harnesses' sandbox, option header and options (see
 * fuzz_common.h).
 */
#include "fuzz_common.h"

#include <cairo.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char sandbox[4096];
static char doc_path[4200];

/* The appendix a fuzzed report may name: a title, two presenters, notes, a
 * link into the report, code, a table; three slides. */
static const char deck_md[] =
    "---\n"
    "title: 付録のデッキ\n"
    "presenters:\n"
    "  - name: 山田\n"
    "    affiliation: Example K.K.\n"
    "  - name: Jane Doe\n"
    "event: Fuzz Summit\n"
    "date: 2009-11-20\n"
    "aspect: 4:3\n"
    "---\n"
    "\n"
    "# 付録のデッキ\n"
    "\n"
    "---\n"
    "\n"
    "# 概要\n"
    "\n"
    "- 項目 [本文へ](#appendix)\n"
    "  - 入れ子\n"
    "\n"
    "<!-- 発表者ノート -->\n"
    "\n"
    "---\n"
    "\n"
    "# 表とコード\n"
    "\n"
    "| a | b |\n"
    "|:--|--:|\n"
    "| 1 | 2 |\n"
    "\n"
    "```\n"
    "int main(void);\n"
    "```\n";

static void
put_file(const char *name, const void *data, size_t len)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", sandbox, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
        fprintf(stderr, "fuzz: cannot write %s\n", path);
        exit(1);
    }
}

/* A 24 x 12 px PNG with a diagonal, drawn by cairo (so nothing binary is
 * committed). */
static void
put_png(const char *name)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", sandbox, name);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 24, 12);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 0.2, 0.3, 0.8);
    cairo_move_to(cr, 0, 0);
    cairo_line_to(cr, 24, 12);
    cairo_stroke(cr);
    cairo_destroy(cr);
    cairo_status_t st = cairo_surface_write_to_png(s, path);
    cairo_surface_destroy(s);
    if (st != CAIRO_STATUS_SUCCESS) {
        fprintf(stderr, "fuzz: cannot write %s: %s\n", path, cairo_status_to_string(st));
        exit(1);
    }
}

static void
remove_sandbox(void)
{
    static const char *const names[] = {"deck.md", "fig.png", "bad.png"};
    char path[4200];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", sandbox, names[i]);
        unlink(path);
    }
    rmdir(sandbox);
}

void
fuzz_setup(void)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(sandbox, sizeof sandbox, "%s/kumihan-fuzz.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(sandbox)) {
        perror("fuzz: cannot make the sandbox folder");
        exit(1);
    }
    atexit(remove_sandbox);
    snprintf(doc_path, sizeof doc_path, "%s/in.md", sandbox);
    put_file("deck.md", deck_md, sizeof deck_md - 1);
    put_png("fig.png");
    put_file("bad.png", "not a PNG\n", 10);
    if (!freopen("/dev/null", "w", stdout)) {
        perror("fuzz: cannot send standard output to /dev/null");
        exit(1);
    }
    g_log_set_always_fatal(G_LOG_LEVEL_CRITICAL);
}

const char *
fuzz_doc_path(void)
{
    return doc_path;
}

unsigned
fuzz_split(const uint8_t *data, size_t size, const char **doc, size_t *len)
{
    if (size >= 2 && data[0] == FUZZ_HEADER) {
        *doc = (const char *)data + 2;
        *len = size - 2;
        return data[1];
    }
    *doc = (const char *)data;
    *len = size;
    return 0;
}

Settings
fuzz_options(void)
{
    return (Settings){.paper = "A5", .quiet = true};
}
