/*
 * sfnt.h: what emoji.c and subset.c need to build an OpenType font of their
 * own from another: big-endian fields, and a HarfBuzz face builder that
 * holds a face's tables but those the caller rewrites (the builder writes
 * the table directory and checksums).
 */
#ifndef SFNT_H
#define SFNT_H

#include <hb.h>
#include <stdbool.h>
#include <stdint.h>

static inline unsigned
sfnt_be16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

static inline void
sfnt_put16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)(v >> 8);
    p[1] = (unsigned char)v;
}

static inline void
sfnt_put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

/* A face builder (hb_face_builder_create) holding every table of `face`
 * for which skip(tag, ctx) is false; the caller adds the others. */
hb_face_t *sfnt_copy_tables(hb_face_t *face, bool (*skip)(hb_tag_t tag, const void *ctx),
                            const void *ctx);

/* A copy of the sfnt `font` with tables[i] as its table tags[i] (added or
 * replacing its own), i < n; NULL if it cannot be built. */
hb_blob_t *sfnt_with_tables(hb_blob_t *font, int n, const hb_tag_t *tags,
                            hb_blob_t *const *tables);

/* A name table holding one name, `ps_name`, as the family, full and
 * PostScript name (Windows Unicode, en-US): what cairo names the PDF font
 * by. NULL if the name is empty or longer than 63 bytes. */
hb_blob_t *sfnt_name_table(const char *ps_name);

#endif
