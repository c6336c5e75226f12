/*
 * outline.c: the bookmark tree (see outline.h).
 * Headings: a stack of open entries by level; each heading pops the entries
 * at its level or deeper and hangs under what remains. A deck: one entry per
 * slide. The report's appendix: one entry per slide under its heading.
 */
#include "outline.h"

#include <stdlib.h>

#include "arena.h"
#include "node.h"

static int
count_slides(const Doc *deck)
{
    int n = 0;
    for (const Node *s = deck->root ? deck->root->first : NULL; s; s = s->next)
        n += s->type == NODE_SLIDE;
    return n;
}

static void
add_slides(Doc *doc, const Doc *deck, int level, int parent)
{
    const char *pre = deck->dest_prefix ? deck->dest_prefix : "";
    for (const Node *s = deck->root->first; s; s = s->next) {
        if (s->type != NODE_SLIDE)
            continue;
        Outline *o = &doc->outline[doc->n_outline++];
        int k = s->u.slide.number;
        o->title = s->u.slide.title[0] ? arena_printf(doc->arena, "%d. %s", k, s->u.slide.title)
                                      : arena_printf(doc->arena, "%d", k);
        o->dest = arena_printf(doc->arena, "%sslide-%d", pre, k);
        o->level = level;
        o->parent = parent;
    }
}

void
outline_slides(Doc *doc, const Doc *deck)
{
    doc->outline = arena_zalloc(doc->arena, sizeof(Outline) * (size_t)(count_slides(deck) + 1));
    doc->n_outline = 0;
    add_slides(doc, deck, 1, -1);
}

void
outline_build(Doc *doc)
{
    if (doc->root->first && doc->root->first->type == NODE_SLIDE) {
        outline_slides(doc, doc);
        return;
    }
    int count = 0;
    for (const Node *n = doc->root; n; n = node_next(doc->root, n)) {
        if (n->type == NODE_HEADING)
            count++;
        else if (n->type == NODE_APPENDIX)
            count += count_slides(n->u.appendix.deck);
    }
    doc->outline = arena_zalloc(doc->arena, sizeof(Outline) * (size_t)(count ? count : 1));
    doc->n_outline = 0;
    int *stack = xmalloc(sizeof(int) * (size_t)(count + 1));
    int depth = 0;
    for (const Node *n = doc->root; n; n = node_next(doc->root, n)) {
        if (n->type == NODE_APPENDIX) {
            /* the slides go under the appendix heading (the last one open) */
            int parent = depth > 0 ? stack[depth - 1] : -1;
            add_slides(doc, n->u.appendix.deck,
                       parent >= 0 ? doc->outline[parent].level + 1 : 1, parent);
            continue;
        }
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
