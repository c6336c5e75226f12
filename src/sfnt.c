/*
 * sfnt.c: a face builder holding another face's tables (see sfnt.h).
 */
#include "sfnt.h"

#include <glib.h>
#include <string.h>

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

/* (sfnt_copy_tables' skip: the tags being replaced) */
typedef struct Tags { int n; const hb_tag_t *tags; } Tags;

static bool
replaced(hb_tag_t tag, const void *ctx)
{
    const Tags *t = ctx;
    for (int i = 0; i < t->n; i++)
        if (tag == t->tags[i])
            return true;
    return false;
}

hb_blob_t *
sfnt_with_tables(hb_blob_t *font, int n, const hb_tag_t *tags, hb_blob_t *const *tables)
{
    hb_face_t *face = hb_face_create(font, 0);
    Tags t = {n, tags};
    hb_face_t *builder = sfnt_copy_tables(face, replaced, &t);
    for (int i = 0; i < n; i++)
        hb_face_builder_add_table(builder, tags[i], tables[i]);
    hb_blob_t *out = hb_face_reference_blob(builder);
    hb_face_destroy(builder);
    hb_face_destroy(face);
    if (hb_blob_get_length(out) == 0) {
        hb_blob_destroy(out);
        return NULL;
    }
    return out;
}

hb_blob_t *
sfnt_name_table(const char *ps_name)
{
    size_t len = strlen(ps_name);
    if (len == 0 || len > 63)
        return NULL;
    /* format 0: header, three records, then the string (UTF-16BE, ASCII) */
    static const unsigned ids[3] = {1, 4, 6};
    unsigned strings = 6 + 12 * 3, size = strings + 2 * (unsigned)len;
    unsigned char *t = g_malloc0(size);
    sfnt_put16(t + 2, 3);
    sfnt_put16(t + 4, strings);
    for (int i = 0; i < 3; i++) {
        unsigned char *r = t + 6 + 12 * i;
        sfnt_put16(r, 3);                  /* Windows */
        sfnt_put16(r + 2, 1);              /* Unicode BMP */
        sfnt_put16(r + 4, 0x409);          /* en-US */
        sfnt_put16(r + 6, ids[i]);
        sfnt_put16(r + 8, 2 * (unsigned)len);
        sfnt_put16(r + 10, 0);             /* (all three share the string) */
    }
    for (size_t i = 0; i < len; i++)
        sfnt_put16(t + strings + 2 * i, (unsigned char)ps_name[i]);
    return hb_blob_create((const char *)t, size, HB_MEMORY_MODE_WRITABLE, t, g_free);
}
