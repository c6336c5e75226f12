/*
 * doc.c: a document's lifetime. The Doc owns its arena (nodes, lines,
 * slices' arrays, pages) and the galley array; the font set is shared and
 * owned by the caller.
 */
#include "doc.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"

Doc *
doc_new(const Options *opt, const char *path)
{
    Doc *doc = xcalloc(1, sizeof *doc);
    doc->arena = arena_new();
    doc->opt = opt;
    doc->path = path;
    const char *slash = strrchr(path, '/');
    doc->dir = slash ? arena_strndup(doc->arena, path, (size_t)(slash - path + (slash == path)))
                     : ".";
    return doc;
}

void
doc_free(Doc *doc)
{
    if (!doc)
        return;
    arena_free(doc->arena);
    free(doc->slices);
    free(doc);
}
