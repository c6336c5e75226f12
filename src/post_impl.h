/*
 * post_impl.h: what the files of the post-pass share (private: post.h is
 * the one public entry point). post.c runs the pass; post_read.c reads
 * cairo's objects into values (Val) and writes values back; post_meta.c
 * finds the pages, links and figures and makes what is added (labels,
 * Info, XMP, PDF/A, attachments, the edits of cairo's objects);
 * post_write.c compresses the streams on all processors and writes the
 * objects, object streams and the cross-reference stream.
 */
#ifndef POST_IMPL_H
#define POST_IMPL_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "post.h"

struct libdeflate_compressor;

/* A parsed value. Scalars (numbers, names, strings, booleans, null) keep
 * their source text, which is written back unchanged; V_RAW is also any
 * text this pass makes (an array or dictionary written out already). */
typedef enum { V_RAW, V_REF, V_ARRAY, V_DICT } VKind;
typedef struct Val {
    VKind k;
    int n;                                 /* items; a dictionary's are key, value, ... */
    int ref;                               /* V_REF: the object number */
    size_t len;                            /* V_RAW */
    const char *raw;
    struct Val *items;
} Val;

/* What the pass changes in an object of cairo's. */
enum { K_NONE, K_CATALOG, K_INFO, K_NAMES, K_PAGE, K_ANNOT, K_FIGURE, K_LENGTH, K_CONTENT,
       K_VFONT, K_VCIDFONT, K_VSIMPLE };

typedef struct XRef { uint64_t f2; uint16_t f3; uint8_t type; } XRef;

/* A thread's buffers for compressing: an inflated stream, libdeflate's
 * compressors by level (made when first used; not shared between threads). */
typedef struct Squeezer {
    GString *inflated;
    struct libdeflate_compressor *deflaters[13];
} Squeezer;

/* A simple font of upright glyphs, made composite and vertical
 * (post_vfont.c): its codes, each code's glyph id and width. */
typedef struct VSimple {
    int num;                               /* the font dictionary */
    const char *name;                      /* its /BaseFont, as written (ps->keep) */
    int desc;                              /* its font descriptor */
    int cid, cmap;                         /* the CIDFont and CMap added */
    int dw2;                               /* as aux[] of a K_VCIDFONT */
    int n;
    uint8_t code[256];
    uint16_t gid[256];
    int width[256];
} VSimple;

typedef struct Post {
    Doc *doc;
    const PostInput *in;
    bool pdfa;
    bool cairo_content;                    /* KUMIHAN_CAIRO_CONTENT: pages as cairo wrote them */
    const unsigned char *src;              /* cairo's PDF */
    size_t len;
    size_t *off;                           /* offsets of cairo's objects (0: none) */
    size_t xref_at;                        /* and of its cross-reference table */
    int n_obj;                             /* cairo's /Size */
    uint8_t *kind;                         /* K_*, by object number */
    uint8_t *seen;                         /* visited: 1 structure, 2 page tree, 4 a
                                            * font looked at (post_find_vertical_fonts) */
    int *aux;                              /* K_PAGE: page index; K_FIGURE: alt index;
                                            * K_VFONT, K_VCIDFONT: the vertical advance
                                            * in sixteenths of an em; K_VSIMPLE: its
                                            * index in vsimple */
    VSimple *vsimple;
    int n_vsimple;
    const char **dest;                     /* K_ANNOT: the /Dest written, or NULL */
    int root, info, names;                 /* cairo's catalog, Info, /Names (0: none) */
    int *pages, n_pages;                   /* page objects in order */
    int next_alt;
    Arena *keep;                           /* lives through the pass */
    Arena *tmp;                            /* the values of the objects being read */
    /* what the pass adds */
    const char *labels, *info_text;
    char *xmp;
    gchar *icc;
    gsize icc_len;
    int meta_num, icc_num, intent_num, file_num[8], spec_num[8];
    /* output */
    FILE *fp;
    uint64_t pos;
    GChecksum *md5;
    bool werr;
    XRef *x;
    int n_x, cap_x;
    int next;                              /* the next free object number */
    int stm_num, stm_n;                    /* the object stream being filled */
    GString *stm_head, *stm_body, *scratch;
    Squeezer z;                            /* the writing thread's buffers */
    struct Squeeze *jobs;                  /* the streams, compressed before writing */
    int n_jobs;
} Post;

typedef struct Obj {
    Val v;
    const unsigned char *data;             /* a stream's bytes, or NULL */
    size_t data_len;
} Obj;

/* What is done to a stream of cairo's:
 *  - a page's content stream is written again (content.c) and compressed,
 *    unless cairo's is kept: a filter other than Flate alone, or what
 *    content_compact does not read;
 *  - a stream without a filter (but the XMP metadata) is compressed;
 *  - anything else is copied as cairo compressed it, at zlib's default
 *    level (compressing the font programs and ToUnicode maps again with
 *    libdeflate gains a few hundred bytes for the time: README, Size).
 * The results do not depend on the thread that made them: the bytes are
 * the same on one thread or many. */
typedef struct Squeeze {
    const unsigned char *data;             /* cairo's bytes */
    size_t len;
    unsigned char *out;                    /* compressed (Flate), or NULL: copied */
    size_t out_len;
    int num;
    bool content, flate, plain;
} Squeeze;

/* --- post_read.c: values and objects --- */

/* A V_RAW value of `text` (not copied). */
Val post_raw_val(const char *text);

/* Is v the scalar `s` (a name with its slash, a keyword, a number)? */
bool post_raw_is(const Val *v, const char *s);

/* Dictionary entries: the value of `key` or NULL; set (the key copied into
 * arena `a`), deleted. */
Val *post_dict_get(const Val *d, const char *key);

void post_dict_set(Arena *a, Val *d, const char *key, Val v);

void post_dict_del(Val *d, const char *key);

/* A scalar as a number (strtod); false if it is not one. */
bool post_num_of(const Val *v, double *out);

/* How many items of array `v`, up to `max`, are numbers under 1e9 in size
 * before one is not (into x[], if not NULL); -1 if v is not an array of at
 * most `max` items. */
int post_nums_of(const Val *v, double *x, int max);

/* Append a token, with a space only where two regular characters meet. */
void post_put_tok(GString *g, const char *t, size_t n);

/* A value written as PDF, with the fewest spaces. */
void post_put_val(GString *g, const Val *v);

/* A number with up to `places` decimals, without trailing zeros. */
void post_put_num(GString *g, double x, int places);

/* A text string: literal when it is printable ASCII, else UTF-16BE with a
 * byte order mark, in hexadecimal. */
void post_put_text(GString *g, const char *utf8);

/* "cannot read cairo's PDF: WHAT (object NUM)": ST_IO, with the message. */
Status post_bad(Post *ps, const char *what, int num);

/* The classic cross-reference table and trailer cairo writes. */
Status post_read_xref(Post *ps);

/* Object `num` of cairo's PDF, its values in ps->tmp, a stream's bytes in
 * place (its /Length read, direct or indirect); false if it cannot be read. */
bool post_read_obj(Post *ps, int num, Obj *o);

/* --- post_meta.c: what is read before writing, what is added --- */

/* "2009-11-30T00:00:00Z" -> "D:20091130000000Z" */
char *post_pdf_date(const char *iso);

/* The XMP packet (g_free): the document's metadata; PDF/A identification
 * when `part` is 2 or 3. */
char *post_make_xmp(const Meta *m, const char *date, const char *producer, int part);

/* The page objects of the page tree at `num`, in order, into `pages`;
 * false on a loop or what is not a page tree. */
bool post_walk_pages(Post *ps, int num, int depth, GArray *pages);

/* Every page's annotations are marked (PDF/A makes them printable); an
 * annotation without an action takes the /Dest of the internal link drawn
 * at its rectangle. */
Status post_read_annotations(Post *ps);


/* The structure tree in document order: the Figure elements take the alt
 * texts in turn; the walk ends at the last. */
void post_walk_struct(Post *ps, const Val *k, int depth);

/* A number tree of ranges: a new range where the numbering does not go on. */
const char *post_page_labels(Post *ps);

/* The Info dictionary, from the same values as the XMP packet. */
const char *post_info_dict(Post *ps, const char *producer);

/* The last component of a path (an attachment's name). */
const char *post_base_name(const char *path);

/* The changes to one of cairo's objects, as it is written. */
void post_edit(Post *ps, int num, Val *v);

/* --- post_vfont.c: the fonts of upright glyphs made vertical --- */

/* A vertical document's fonts of upright glyphs, which subset.c names
 * "...-V<n>" (an advance of n/16 em down the column), are marked to be
 * made vertical as they are written: Identity-V, and the advance and the
 * vertical origin (vertical.h) as their CIDFont's DW2; a simple font (cairo's
 * "latin subset") is read, to be made a composite font. */
void post_find_vertical_fonts(Post *ps);

/* Object numbers for what the simple fonts need added (after ps->next). */
void post_number_vfonts(Post *ps);

/* The change to a font marked by post_find_vertical_fonts. */
void post_edit_vfont(Post *ps, int num, Val *v);

/* What simple font i needs added, in ps->tmp: its CIDFont dictionary; its
 * CMap's bytes and its stream dictionary's entries. */
const char *post_vsimple_cidfont(Post *ps, int i);
const char *post_vsimple_cmap(Post *ps, int i, size_t *len);
const char *post_vsimple_cmap_dict(Post *ps, int i);

/* --- post_write.c: compressing and writing --- */

/* A Flate stream's bytes inflated into z->inflated (*n of them); false
 * where they do not inflate, or to more than CONTENT_MAX. */
bool post_inflate(Squeezer *sq, const unsigned char *data, size_t len, size_t *n);


/* The whole pages of cairo's output in [from, to) given back to the system
 * when the output is a mapped file (PostInput.mapped): read again from the
 * file if they are needed again. The pass then holds what it makes, not
 * what it has read (900 pages: 13 MB). */
void post_give_back(bool mapped, const unsigned char *from, const unsigned char *to);

/* The writing thread's Squeezer's buffers freed (the struct is not). */
void post_squeezer_free(Squeezer *z);

/* Every stream of cairo's PDF listed and compressed, before the writing.
 * Only the objects that end as streams are read here (reading them all,
 * as the writing does, was 67 ms of 900 pages); one that is not listed is
 * written as cairo wrote it. */
Status post_squeeze_all(Post *ps);

/* Every object of cairo's, in its numbering, then the new ones. */
Status post_write_all(Post *ps);

#endif
