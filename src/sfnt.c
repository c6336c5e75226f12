/*
 * sfnt.c: a face builder holding another face's tables (see sfnt.h).
 */
#include "sfnt.h"

#include <glib.h>

hb_face_t *
sfnt_copy_tables(hb_face_t *face, bool (*skip)(hb_tag_t tag, const void *ctx), const void *ctx)
{
    hb_face_t *builder = hb_face_builder_create();
    hb_tag_t tags[32];
    unsigned n, at = 0;
    do {
        n = G_N_ELEMENTS(tags);
        hb_face_get_table_tags(face, at, &n, tags);
        for (unsigned i = 0; i < n; i++) {
            if (skip(tags[i], ctx))
                continue;
            hb_blob_t *b = hb_face_reference_table(face, tags[i]);
            hb_face_builder_add_table(builder, tags[i], b);
            hb_blob_destroy(b);
        }
        at += n;
    } while (n == G_N_ELEMENTS(tags));
    return builder;
}
