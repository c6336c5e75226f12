/*
 * node.h: making and linking Nodes (doc.h), and the tree's invariants.
 */
#ifndef NODE_H
#define NODE_H

#include "doc.h"

/* A new node of `type` at `pos`, zeroed, in the document arena (an inline
 * type: in doc->inlines while there is one). */
Node *node_make(Doc *doc, NodeType type, SrcPos pos);
/* Where the text of TEXT and CODE nodes goes: doc->inlines, or the arena
 * once they are released. */
Arena *node_text_arena(Doc *doc);
/* Does an inline below n draw a link (an element of its own in the PDF)?
 * Once the inlines are released, n->links says. */
bool node_has_link(const Node *n);
/* The report is laid out: its inline nodes and their text go (the lines
 * hold the text now). What the drawing reads of them is kept first: on each
 * block node whether an inline below it draws a link (`links`); a figure's
 * text (u.link.alt) was made with the tree. Block nodes lose their inline
 * children. */
void node_release_inlines(Doc *doc);
/* Append `child` as the last child of `parent`. */
void node_append(Node *parent, Node *child);
/* Take `n` (and what is below it) out of its parent's children. */
void node_unlink(Node *n);
/* True for block node types (containers and leaves), false for inlines. */
bool node_is_block(NodeType type);
/* A short stable name ("paragraph", "list", ...), for dumps and messages. */
const char *node_name(NodeType type);
/* Assert the tree's invariants (parent/child links, inline/block nesting).
 * Iterative: safe on very deep trees. */
void node_check(const Node *root);
/* Depth-first walk without recursion: the next node after `n` in document
 * order below `root`, or NULL. */
const Node *node_next(const Node *root, const Node *n);
/* The slide `index` (from 0) of a deck's root, or NULL. */
const Node *node_slide(const Node *root, int index);
/* Concatenate the text of all TEXT and CODE nodes below `n` and the text of
 * its references ({{ref:}}, once number.c gave it) into the arena. */
char *node_text(Doc *doc, const Node *n);

#endif
