/*
 * unit_fonts.c: the fonts and documents the layout unit tests share (see
 * unit_fonts.h). Linked into every unit test binary.
 */
#include "unit_fonts.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dump.h"
#include "node.h"

Fonts *unit_fonts;

int
unit_fonts_setup(void **state)
{
    (void)state;
    return fonts_open("fonts", &unit_fonts) == ST_OK ? 0 : -1;
}

int
unit_fonts_teardown(void **state)
{
    (void)state;
    fonts_free(unit_fonts);
    unit_fonts = NULL;
    return 0;
}

Doc *
unit_doc(const Settings *settings, const char *path)
{
    Doc *doc = doc_new(settings, path);
    if (unit_fonts) {
        doc->fonts = unit_fonts;
        doc->pango = fonts_context(unit_fonts);
    }
    return doc;
}

const Node *
unit_nth(const Doc *doc, NodeType t, int n)
{
    for (const Node *x = doc->root; x; x = node_next(doc->root, x))
        if (x->type == t && n-- == 0)
            return x;
    return NULL;
}

char *
unit_tree_text(const Doc *doc)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    dump_tree(doc, f);
    fclose(f);
    return buf;
}

void
unit_check_tree(const Doc *doc, const char *want)
{
    char *got = unit_tree_text(doc);
    if (strcmp(got, want) != 0) {
        print_error("--- got:\n%s--- want:\n%s", got, want);
        free(got);
        fail();
    }
    free(got);
}

const char *
unit_line_text(const Line *ln)
{
    static char buf[512];
    int n = ln->len < 511 ? ln->len : 511;
    memcpy(buf, ln->text + ln->start, (size_t)n);
    buf[n] = 0;
    return buf;
}
