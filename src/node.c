/*
 * node.c: node creation and linking, document-order walk, invariants.
 */
#include "node.h"

#include <assert.h>
#include <string.h>

#include "arena.h"

Node *
node_make(Doc *doc, NodeType type, SrcPos pos)
{
    Node *n = arena_zalloc(type >= NODE_TEXT && doc->inlines ? doc->inlines : doc->arena,
                           sizeof(Node));
    n->type = type;
    n->pos = pos;
    return n;
}

void
node_append(Node *parent, Node *child)
{
    child->parent = parent;
    child->next = NULL;
    if (parent->last)
        parent->last->next = child;
    else
        parent->first = child;
    parent->last = child;
}

void
node_unlink(Node *n)
{
    Node *parent = n->parent;
    if (!parent)
        return;
    Node *before = NULL;
    for (Node *c = parent->first; c && c != n; c = c->next)
        before = c;
    if (before)
        before->next = n->next;
    else
        parent->first = n->next;
    if (parent->last == n)
        parent->last = before;
    n->parent = n->next = NULL;
}

bool
node_is_block(NodeType type)
{
    return type < NODE_TEXT;
}

static const char *const names[NODE_TYPE_COUNT] = {
    [NODE_DOCUMENT] = "document",
    [NODE_HEADING] = "heading",
    [NODE_PARAGRAPH] = "paragraph",
    [NODE_LIST] = "list",
    [NODE_ITEM] = "item",
    [NODE_QUOTE] = "quote",
    [NODE_CODE_BLOCK] = "code_block",
    [NODE_TABLE] = "table",
    [NODE_ROW] = "row",
    [NODE_CELL] = "cell",
    [NODE_RULE] = "rule",
    [NODE_FIGURE] = "figure",
    [NODE_PAGEBREAK] = "pagebreak",
    [NODE_FOOTNOTES] = "footnotes",
    [NODE_FOOTNOTE_DEF] = "footnote_def",
    [NODE_TITLE_BLOCK] = "title_block",
    [NODE_TITLE_LINE] = "title_line",
    [NODE_SLIDE] = "slide",
    [NODE_APPENDIX] = "appendix",
    [NODE_TOC] = "toc",
    [NODE_CAPTION] = "caption",
    [NODE_TEXT] = "text",
    [NODE_SOFTBREAK] = "softbreak",
    [NODE_LINEBREAK] = "linebreak",
    [NODE_CODE] = "code",
    [NODE_EMPH] = "emph",
    [NODE_STRONG] = "strong",
    [NODE_STRIKE] = "strike",
    [NODE_LINK] = "link",
    [NODE_IMAGE] = "image",
    [NODE_FOOTNOTE_REF] = "footnote_ref",
    [NODE_RUBY] = "ruby",
    [NODE_PAGEREF] = "pageref",
    [NODE_REF] = "ref",
    [NODE_DIV] = "div",
    [NODE_SUP] = "sup",
    [NODE_SUB] = "sub",
    [NODE_SMALL] = "small",
    [NODE_UNDERLINE] = "underline",
    [NODE_MARK] = "mark",
    [NODE_KBD] = "kbd",
    [NODE_ANCHOR] = "anchor",
    [NODE_HTML] = "html",
};

const char *
node_name(NodeType type)
{
    return (unsigned)type < NODE_TYPE_COUNT && names[type] ? names[type] : "?";
}

const Node *
node_next(const Node *root, const Node *n)
{
    if (n->first)
        return n->first;
    while (n && n != root) {
        if (n->next)
            return n->next;
        n = n->parent;
    }
    return NULL;
}

const Node *
node_slide(const Node *root, int index)
{
    int k = 0;
    for (const Node *n = root->first; n; n = n->next)
        if (n->type == NODE_SLIDE && k++ == index)
            return n;
    return NULL;
}

void
node_check(const Node *root)
{
    for (const Node *n = root; n; n = node_next(root, n)) {
        const Node *prev = NULL;
        for (const Node *c = n->first; c; c = c->next) {
            assert(c->parent == n);
            /* inlines never hold blocks */
            assert(node_is_block(n->type) || !node_is_block(c->type));
            prev = c;
        }
        assert(prev == n->last);
        (void)prev;
    }
}

char *
node_text(Doc *doc, const Node *n)
{
    size_t len = 0;
    for (const Node *c = n; c; c = node_next(n, c))
        if (c->type == NODE_TEXT || c->type == NODE_CODE)
            len += c->u.text.len;
        else if (c->type == NODE_REF && c->u.ref.text)
            len += strlen(c->u.ref.text);
    char *s = arena_alloc(doc->arena, len + 1), *p = s;
    for (const Node *c = n; c; c = node_next(n, c))
        if (c->type == NODE_TEXT || c->type == NODE_CODE) {
            memcpy(p, c->u.text.text, c->u.text.len);
            p += c->u.text.len;
        } else if (c->type == NODE_REF && c->u.ref.text) {
            memcpy(p, c->u.ref.text, strlen(c->u.ref.text));
            p += strlen(c->u.ref.text);
        }
    *p = '\0';
    return s;
}

Arena *
node_text_arena(Doc *doc)
{
    return doc->inlines ? doc->inlines : doc->arena;
}

bool
node_has_link(const Node *n)
{
    if (n->links)
        return true;
    for (const Node *c = n->first; c; c = c->next) {
        if (c->type == NODE_LINK || c->type == NODE_FOOTNOTE_REF || c->type == NODE_PAGEREF
            || c->type == NODE_REF)
            return true;
        if (c->type >= NODE_TEXT && node_has_link(c))
            return true;
    }
    return false;
}

void
node_release_inlines(Doc *doc)
{
    if (!doc->inlines)
        return;
    if (doc->root) {
        for (Node *n = doc->root; n; n = (Node *)node_next(doc->root, n)) {
            if (!node_is_block(n->type))
                continue;
            n->links = node_has_link(n);
        }
        for (Node *n = doc->root; n; n = (Node *)node_next(doc->root, n)) {
            Node *keep = NULL, *last = NULL;
            for (Node *c = n->first; c; c = c->next)
                if (node_is_block(c->type)) {
                    if (last)
                        last->next = c;
                    else
                        keep = c;
                    last = c;
                }
            if (last)
                last->next = NULL;
            n->first = keep;
            n->last = last;
        }
    }
    arena_free(doc->inlines);
    doc->inlines = NULL;
}
