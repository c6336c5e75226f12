/*
 * layout.c: a document's layout state, made on first use and kept in
 * doc->layout until doc_free; the tables the report's passes share.
 */
#include "layout_impl.h"

Layout *
layout_state(Doc *doc)
{
    if (!doc->layout)
        doc->layout = g_new0(Layout, 1);
    return doc->layout;
}

void
layout_free(Layout *lay)
{
    if (!lay)
        return;
    if (lay->line_cache)
        g_hash_table_destroy(lay->line_cache);
    if (lay->markers)
        g_hash_table_destroy(lay->markers);
    if (lay->plain_spans)
        g_hash_table_destroy(lay->plain_spans);
    if (lay->fonts_kept)
        g_hash_table_destroy(lay->fonts_kept);
    if (lay->item_dumps)
        g_hash_table_destroy(lay->item_dumps);
    g_free(lay);
}

void
layout_passes_begin(Doc *doc, bool keep_lines)
{
    Layout *lay = layout_state(doc);
    if (keep_lines)
        lay->line_cache = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
    lay->markers = g_hash_table_new(g_str_hash, g_str_equal);
    lay->plain_spans = g_hash_table_new(g_direct_hash, g_direct_equal);
}

void
layout_pass_next(Doc *doc)
{
    g_hash_table_remove_all(layout_state(doc)->markers);
}

void
layout_passes_end(Doc *doc)
{
    Layout *lay = layout_state(doc);
    g_hash_table_destroy(lay->markers);
    lay->markers = NULL;
    g_hash_table_destroy(lay->plain_spans);
    lay->plain_spans = NULL;
    if (lay->line_cache) {
        g_hash_table_destroy(lay->line_cache);
        lay->line_cache = NULL;
    }
}

const char *
layout_items_text(const Doc *doc, const Node *block)
{
    const Layout *lay = doc->layout;
    return lay && lay->item_dumps ? g_hash_table_lookup(lay->item_dumps, block) : NULL;
}
