/*
 * outline.c: the bookmark tree from the headings (see outline.h).
 * A stack of open entries by level; each heading pops the entries at its
 * level or deeper and hangs under what remains.
 * Not done: slide entries under the appendix (issue 4).
 */
#include "outline.h"

#include <stdlib.h>

#include "arena.h"
#include "node.h"

void
outline_build(Doc *doc)
{
    int count = 0;
    for (const Node *n = doc->root; n; n = node_next(doc->root, n))
        if (n->type == NODE_HEADING)
            count++;
    doc->outline = arena_zalloc(doc->arena, sizeof(Outline) * (size_t)(count ? count : 1));
    doc->n_outline = 0;
    int *stack = xmalloc(sizeof(int) * (size_t)(count + 1));
    int depth = 0;
    for (const Node *n = doc->root; n; n = node_next(doc->root, n)) {
        if (n->type != NODE_HEADING)
            continue;
        int level = n->u.heading.level;
        while (depth > 0 && doc->outline[stack[depth - 1]].level >= level)
            depth--;
        Outline *o = &doc->outline[doc->n_outline];
        o->title = node_text(doc, n);
        o->dest = n->u.heading.dest;
        o->level = level;
        o->parent = depth > 0 ? stack[depth - 1] : -1;
        stack[depth++] = doc->n_outline++;
    }
    free(stack);
}
