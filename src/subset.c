/*
 * subset.c: font subsets for the PDF (see subset.h).
 *
 * Subsets. cairo 1.16 subsets a CFF font by first copying its whole CFF
 * table: for a Noto CJK face some 17 MB copied and parsed per face, which
 * cost more than the whole layout of the report (measured: see README,
 * Benchmark). So each face is cut down first with HarfBuzz's
 * subsetter to the glyphs the document draws (ids renumbered; the map goes
 * with the face), the faces on threads (doc_parallel), and loaded with
 * FreeType from memory; cairo then subsets the small font as usual
 * (CID-keyed CFF, ToUnicode from the clusters we pass).
 *
 * Narrow variants. JLREQ composition sets punctuation as a half-width glyph
 * plus glue; where the glue is removed or shrunk (、「 」。 a line end, a
 * squeezed line) the next glyph starts less than an em after a full-width
 * glyph. Text extraction (poppler) reads a glyph's extent from the font's
 * advance: the full-width advance would overlap the next glyph, and
 * pdftotext splits the line or the word there. So a full-width glyph drawn
 * closer than an em to the next one is drawn from a copy of the subset whose
 * horizontal metrics give it 8/16 ... 15/16 em, the largest not past the
 * next glyph: the glyph boxes then follow the composition to within a
 * sixteenth of an em, which poppler reads as no space even where the font
 * changes (a new word for it, spaced from the last when 0.1 em apart).
 * No thread loads glyphs into cairo's fonts ahead of the drawing: one did
 * until issue 18, and paired runs found no gain above the noise (README).
 *
 * Colour emoji (emoji.c). The subset of a colour bitmap face leaves its
 * bitmaps out and draws nothing (emoji_blank_font): it carries the text;
 * the pictures are drawn apart, at print resolution (subset_pictures).
 * Vertical text (vertical.h). The glyphs that stand upright are drawn
 * from copies of the subset with TrueType outlines (glyf.c: MuPDF reads a
 * CFF font without the vertical advance it joins a column's glyphs by)
 * that differ in their name, the PostScript
 * name with "-V16" (an em) or "-V8" ... "-V15" (sixteenths of an em, as
 * the narrow copies) after it, or "-V8E" (the last digit set across:
 * hanging from the foot of its box), and in their hhea's extent (that
 * advance: extent_hhea): the post-pass
 * finds them by that name and makes each a vertical font (Identity-V)
 * advancing that much down the column (post_vfont.c), so readers take a
 * column as one line of text. In
 * a vertical font a glyph hangs from its origin by half its width across
 * (PDF's position vector): the copies' glyphs are all VERT_ACROSS wide,
 * which puts every upright glyph's origin on the line's baseline, where
 * the sideways Latin between them has its own (PDF/A too, whose widths
 * must be the font programs': a TrueType program's are its hmtx, widened
 * as well; only a copy left CFF keeps the glyphs' own, its origin then
 * the column's centre: Face.upright_exact).
 * cairo draws them with the font matrix turned a quarter back against the
 * page's turn: upright on the paper.
 * Not done: streaming (the glyph set is collected from all pages first).
 */
#include "subset.h"

#include <cairo-ft.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <glib.h>
#include <hb-subset.h>
#include <hb.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-font.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "sfnt.h"
#include "emoji.h"
#include "fonts.h"
#include "glyf.h"
#include "jp_rules.h"
#include "utf8.h"
#include "vertical.h"

typedef struct Face {
    hb_face_t *hb;                         /* the collection face (Pango's) */
    hb_set_t *glyphs;                      /* ids in hb drawn by the document */
    hb_set_t *narrow[SUBSET_NARROW];        /* of those, drawn k/8 em wide somewhere */
    cairo_font_face_t *cairo;              /* the subset */
    cairo_font_face_t *cairo_narrow[SUBSET_NARROW];   /* its copies with k/8 em advances */
    bool upright[SUBSET_UPRIGHT];          /* its vertical copies drawn (subset_upright) */
    cairo_font_face_t *cairo_upright[SUBSET_UPRIGHT];
    bool upright_exact;                    /* the copies keep the glyphs' own widths
                                            * (PDF/A, outlines left CFF: upright_base) */
    hb_map_t *map;                         /* glyph id in the face -> in the subset */
    char *file;                            /* the font file and face index, or NULL */
    int index;
    bool colour;                           /* a colour bitmap font: its subset is blank */
    EmojiFace *pictures;                   /* then its pictures, once one is drawn */
} Face;

typedef struct Font {
    PangoFont *pango;
    Face *face;
    cairo_scaled_font_t *scaled, *scaled_narrow[SUBSET_NARROW];
    cairo_scaled_font_t *scaled_upright[SUBSET_UPRIGHT];
} Font;

struct Subsets {
    FT_Library ft;                         /* lib->ft, or NULL */
    struct Lib *lib;
    bool no_narrow;                        /* PDF/A: widths must match the fonts */
    cairo_font_options_t *options;         /* the layout's (fonts.c), for the subsets */
    Face *faces;
    int n_faces, cap_faces;
    Font *fonts;
    int n_fonts, cap_fonts;
};

/* The FreeType library outlives the Subsets: cairo keeps font faces (in its
 * cache of released fonts) after subset_free, and each face needs its
 * library until cairo drops it. So the library is counted: one for the
 * Subsets, one per face. */
typedef struct Lib { FT_Library ft; int refs; } Lib;

static void
lib_release(Lib *lib)
{
    if (lib && --lib->refs == 0) {
        FT_Done_FreeType(lib->ft);
        g_free(lib);
    }
}

typedef struct Keep { FT_Face face; hb_blob_t *blob; Lib *lib; } Keep;

static const cairo_user_data_key_t keep_key;

static void
keep_free(void *p)
{
    Keep *k = p;
    FT_Done_Face(k->face);
    hb_blob_destroy(k->blob);
    lib_release(k->lib);
    g_free(k);
}

static Font *
font_entry(Subsets *e, PangoFont *pf)
{
    for (int i = e->n_fonts - 1; i >= 0; i--)
        if (e->fonts[i].pango == pf)
            return &e->fonts[i];
    hb_font_t *hbf = pango_font_get_hb_font(pf);
    hb_face_t *hb = hbf ? hb_font_get_face(hbf) : NULL;
    Face *face = NULL;
    for (int i = 0; i < e->n_faces; i++)
        if (e->faces[i].hb == hb)
            face = &e->faces[i];
    if (!face) {
        if (e->n_faces == e->cap_faces) {
            e->cap_faces = e->cap_faces ? e->cap_faces * 2 : 8;
            /* fonts point at faces: move them with the array */
            Face *nf = xcalloc((size_t)e->cap_faces, sizeof(Face));
            if (e->n_faces)
                memcpy(nf, e->faces, sizeof(Face) * (size_t)e->n_faces);
            for (int i = 0; i < e->n_fonts; i++)
                e->fonts[i].face = nf + (e->fonts[i].face - e->faces);
            free(e->faces);
            e->faces = nf;
        }
        face = &e->faces[e->n_faces++];
        face->hb = hb;
        FcPattern *pat = PANGO_IS_FC_FONT(pf) ? pango_fc_font_get_pattern(PANGO_FC_FONT(pf))
                                              : NULL;
        FcChar8 *file;
        int index;
        if (pat && FcPatternGetString(pat, FC_FILE, 0, &file) == FcResultMatch
            && FcPatternGetInteger(pat, FC_INDEX, 0, &index) == FcResultMatch) {
            face->file = g_strdup((const char *)file);
            face->index = index & 0xffff;  /* (above: a named instance) */
        }
        face->colour = emoji_is_colour(hb);
        face->glyphs = hb_set_create();
        for (int k = 0; k < SUBSET_NARROW; k++)
            face->narrow[k] = hb_set_create();
        hb_set_add(face->glyphs, 0);       /* .notdef */
    }
    if (e->n_fonts == e->cap_fonts) {
        e->cap_fonts = e->cap_fonts ? e->cap_fonts * 2 : 16;
        e->fonts = xrealloc(e->fonts, sizeof(Font) * (size_t)e->cap_fonts);
    }
    Font *f = &e->fonts[e->n_fonts++];
    memset(f, 0, sizeof *f);
    f->pango = pf;
    f->face = face;
    return f;
}

int
subset_narrow(const Line *ln, int run, int glyph, int cluster)
{
    const Run *r = &ln->runs[run];
    uint32_t id = run_glyph(r, glyph);
    if (r->outline || (id & PANGO_GLYPH_UNKNOWN_FLAG) || id == PANGO_GLYPH_EMPTY)
        return 0;
    int off = r->offset + cluster;
    uint32_t cp;
    utf8_decode((const unsigned char *)run_text(ln, r) + off, (size_t)(r->length - cluster),
                &cp);
    if (!jp_is_wide(cp))
        return 0;                          /* not a full-width glyph */
    /* where the next glyph starts, from this glyph's origin; the last glyph
     * of a line overlaps nothing (a paragraph's final 。 stays in the font
     * of its line, one font change less per paragraph) */
    Unit next_dx = 0;
    if (glyph + 1 < r->n_glyphs)
        next_dx = run_dx(r, glyph + 1);
    else if (run + 1 < ln->n_runs && ln->runs[run + 1].n_glyphs > 0
             && ln->runs[run + 1].x == r->x + r->width && !ln->runs[run + 1].outline)
        next_dx = run_dx(&ln->runs[run + 1], 0);
    else {
        bool last = true;
        for (int k = run + 1; k < ln->n_runs && last; k++)
            last = ln->runs[k].n_glyphs == 0;
        if (last)
            return 0;
    }
    Unit advance = run_advance(r, glyph) + next_dx - run_dx(r, glyph);
    Unit em = r->span->style->size;
    if (advance >= em - em / 64)
        return 0;
    int k = (int)((int64_t)advance * 16 / em);
    return k < 8 ? 8 : k;                  /* 8..15: the variant of k/16 em */
}

int
subset_upright_variant(const Line *ln, int run, int glyph, int narrow)
{
    const Run *r = &ln->runs[run];
    if (r->orient == ORIENT_TCY) {         /* the digits hang in turn from 8/16 em, */
        if (r->n_glyphs == 2)              /* (12/16 em) and the em's foot: a reader */
            return glyph == 0 ? 1 : UPRIGHT_TCY_END;   /* takes them in order */
        if (r->n_glyphs == 3)
            return glyph == 0 ? 1 : glyph == 1 ? 5 : UPRIGHT_TCY_END;
        return 0;
    }
    return narrow >= 8 ? narrow - 7 : 0;
}

static void
collect_line(Subsets *e, const Line *ln)
{
    for (int i = 0; i < ln->n_runs; i++) {
        const Run *r = &ln->runs[i];
        if (r->outline)
            continue;                      /* drawn as paths, not embedded */
        Font *f = font_entry(e, r->font);
        for (int g = 0, cl = 0; g < r->n_glyphs; g++) {
            cl = run_cluster(r, run_text(ln, r), g, cl);
            PangoGlyph gl = run_glyph(r, g);
            if ((gl & PANGO_GLYPH_UNKNOWN_FLAG) || gl == PANGO_GLYPH_EMPTY)
                continue;
            hb_set_add(f->face->glyphs, gl);
            /* (PDF/A: no narrow copies across; the vertical ones differ in
             * their DW2 only, not in the font program) */
            int k = (e->no_narrow && r->orient == ORIENT_SIDEWAYS) || r->orient == ORIENT_TCY
                        ? 0 : subset_narrow(ln, i, g, cl);
            if (r->orient != ORIENT_SIDEWAYS)
                f->face->upright[subset_upright_variant(ln, i, g, k)] = true;
            else if (k)
                hb_set_add(f->face->narrow[k - 8], gl);
        }
    }
}

/* --- narrow copies: the subset with new horizontal metrics --- */

/* The tables a narrow copy writes anew: hmtx and hhea. */
static bool
metrics_table(hb_tag_t tag, const void *ctx)
{
    (void)ctx;
    return tag == HB_TAG('h', 'm', 't', 'x') || tag == HB_TAG('h', 'h', 'e', 'a');
}

/* A copy of the sfnt `font` in which the glyphs of `gids` (subset ids;
 * NULL: all) advance num/den em: hmtx is rewritten with one
 * metric per glyph (the subsetter shares trailing advances) and hhea says
 * so. NULL if the font is not as expected. */
static hb_blob_t *
with_advances(hb_blob_t *font, const hb_set_t *gids, unsigned num, unsigned den)
{
    hb_face_t *face = hb_face_create(font, 0);
    hb_blob_t *hhea_b = hb_face_reference_table(face, HB_TAG('h', 'h', 'e', 'a'));
    hb_blob_t *hmtx_b = hb_face_reference_table(face, HB_TAG('h', 'm', 't', 'x'));
    hb_blob_t *maxp_b = hb_face_reference_table(face, HB_TAG('m', 'a', 'x', 'p'));
    hb_blob_t *head_b = hb_face_reference_table(face, HB_TAG('h', 'e', 'a', 'd'));
    unsigned hhea_len, hmtx_len, maxp_len, head_len;
    const unsigned char *hhea = (const unsigned char *)hb_blob_get_data(hhea_b, &hhea_len);
    const unsigned char *hmtx = (const unsigned char *)hb_blob_get_data(hmtx_b, &hmtx_len);
    const unsigned char *maxp = (const unsigned char *)hb_blob_get_data(maxp_b, &maxp_len);
    const unsigned char *head = (const unsigned char *)hb_blob_get_data(head_b, &head_len);
    hb_blob_t *out = NULL;
    unsigned glyphs = maxp_len >= 6 ? sfnt_be16(maxp + 4) : 0;
    unsigned metrics = hhea_len >= 36 ? sfnt_be16(hhea + 34) : 0;
    unsigned upem = head_len >= 20 ? sfnt_be16(head + 18) : 0;
    if (metrics > 0 && metrics <= glyphs && upem > 0
        && 4u * metrics + 2u * (glyphs - metrics) <= hmtx_len) {
        hb_face_t *builder = sfnt_copy_tables(face, metrics_table, NULL);
        /* hmtx: one (advance, lsb) per glyph; hhea says so */
        unsigned char *m = g_malloc(4 * (size_t)glyphs);
        unsigned last = sfnt_be16(hmtx + 4 * (metrics - 1));
        for (unsigned g = 0; g < glyphs; g++) {
            unsigned adv = g < metrics ? sfnt_be16(hmtx + 4 * g) : last;
            unsigned lsb = g < metrics ? sfnt_be16(hmtx + 4 * g + 2)
                                       : sfnt_be16(hmtx + 4 * metrics + 2 * (g - metrics));
            if (!gids || hb_set_has(gids, g))
                adv = upem * num / den;
            sfnt_put16(m + 4 * g, adv);
            sfnt_put16(m + 4 * g + 2, lsb);
        }
        hb_blob_t *b = hb_blob_create((const char *)m, 4 * glyphs, HB_MEMORY_MODE_WRITABLE, m,
                                      g_free);
        hb_face_builder_add_table(builder, HB_TAG('h', 'm', 't', 'x'), b);
        hb_blob_destroy(b);
        unsigned char *h = g_memdup2(hhea, hhea_len);
        sfnt_put16(h + 34, glyphs);
        b = hb_blob_create((const char *)h, hhea_len, HB_MEMORY_MODE_WRITABLE, h, g_free);
        hb_face_builder_add_table(builder, HB_TAG('h', 'h', 'e', 'a'), b);
        hb_blob_destroy(b);
        out = hb_face_reference_blob(builder);
        hb_face_destroy(builder);
    }
    hb_blob_destroy(hhea_b);
    hb_blob_destroy(hmtx_b);
    hb_blob_destroy(maxp_b);
    hb_blob_destroy(head_b);
    hb_face_destroy(face);
    return out;
}

static cairo_font_face_t *
face_from_blob(Subsets *e, hb_blob_t *blob)
{
    unsigned len;
    const char *data = hb_blob_get_data(blob, &len);
    FT_Face ft;
    if (!len || FT_New_Memory_Face(e->ft, (const FT_Byte *)data, (FT_Long)len, 0, &ft) != 0) {
        hb_blob_destroy(blob);
        return NULL;
    }
    cairo_font_face_t *cf = cairo_ft_font_face_create_for_ft_face(ft, FT_LOAD_NO_HINTING);
    Keep *k = g_new(Keep, 1);
    *k = (Keep){ft, blob, e->lib};
    e->lib->refs++;
    if (cairo_font_face_set_user_data(cf, &keep_key, k, keep_free) != CAIRO_STATUS_SUCCESS) {
        cairo_font_face_destroy(cf);
        keep_free(k);
        return NULL;
    }
    return cf;
}

/* The tables the PDF does without. */
static const char *const dropped[] = {"GSUB", "GPOS", "GDEF", "BASE", "JSTF", "VORG", "vhea",
                                      "vmtx", "DSIG", "MATH", "kern", "morx", "STAT", "cmap"};

static bool
is_dropped(hb_tag_t tag)
{
    for (size_t i = 0; i < sizeof dropped / sizeof dropped[0]; i++)
        if (tag == hb_tag_from_string(dropped[i], 4))
            return true;
    return false;
}

/* The collection face as the subsetter sees it: the dropped tables absent.
 * Told only to drop them, HarfBuzz 6 still maps the face's whole cmap
 * (tens of thousands of code points) while planning: the larger part of
 * a plan. */
static hb_blob_t *
visible_table(hb_face_t *face, hb_tag_t tag, void *data)
{
    (void)face;
    return is_dropped(tag) ? hb_blob_get_empty() : hb_face_reference_table(data, tag);
}

/* The tables of a colour font's pictures (drawn apart: emoji.c), which the
 * subset leaves out: Noto Color Emoji's CBDT is 10 MB of PNGs. */
static bool
is_picture(hb_tag_t tag)
{
    return tag == HB_TAG('C', 'B', 'D', 'T') || tag == HB_TAG('C', 'B', 'L', 'C')
           || tag == HB_TAG('s', 'b', 'i', 'x');
}

static hb_blob_t *
visible_colour_table(hb_face_t *face, hb_tag_t tag, void *data)
{
    return is_picture(tag) ? hb_blob_get_empty() : visible_table(face, tag, data);
}

/* The thread-safe half of a face's subset (HarfBuzz only; FreeType faces
 * are made by the caller, one thread): the plan, the subset's blob and its
 * narrow copies. */
typedef struct Cut {
    Face *face;
    bool exact;                            /* PDF/A: no metrics changed */
    hb_blob_t *blob, *narrow[SUBSET_NARROW], *upright[SUBSET_UPRIGHT];
} Cut;

/* A copy of the hhea table `hhea` (len bytes, of a face of `upem` units)
 * whose ascender and descender are n/16 em apart, as far as a vertical
 * copy's glyphs advance down the column: FreeType makes a TrueType font's
 * vertical advance so when it has no vmtx (cairo's subset has none), and
 * MuPDF reads a column's glyphs by that advance (glyf.c). NULL if it is
 * too short. */
static hb_blob_t *
extent_hhea(const char *hhea, unsigned len, unsigned upem, int n)
{
    if (len < 36)
        return NULL;
    unsigned char *h = g_memdup2(hhea, len);
    int adv = (int)upem * n / 16, asc = adv * VERT_ORIGIN / 1000;
    sfnt_put16(h + 4, (unsigned)(uint16_t)(int16_t)asc);
    sfnt_put16(h + 6, (unsigned)(uint16_t)(int16_t)(asc - adv));
    return hb_blob_create((const char *)h, len, HB_MEMORY_MODE_WRITABLE, h, g_free);
}

static bool
has_cff(hb_blob_t *font)
{
    hb_face_t *f = hb_face_create(font, 0);
    hb_blob_t *cff = hb_face_reference_table(f, HB_TAG('C', 'F', 'F', ' '));
    bool yes = hb_blob_get_length(cff) > 0;
    hb_blob_destroy(cff);
    hb_face_destroy(f);
    return yes;
}

/* The outlines and widths the vertical copies share: the subset with every
 * glyph VERT_ACROSS wide and TrueType outlines (glyf.c). (PDF/A: the
 * widths in the PDF must be the font program's, which for TrueType
 * outlines are hmtx's, widened too; a CFF program keeps its own, in its
 * charstrings: then the subset as it is, Face.upright_exact.) */
static hb_blob_t *
upright_base(Cut *c)
{
    hb_blob_t *across = with_advances(c->blob, NULL, VERT_ACROSS, 1000);
    hb_blob_t *base = across ? glyf_from_cff(across) : NULL;
    if (base) {
        hb_blob_destroy(across);
        return base;
    }
    if (across && !(c->exact && has_cff(c->blob)))
        return across;
    hb_blob_destroy(across);
    c->face->upright_exact = true;
    return hb_blob_reference(c->blob);
}

/* The vertical copies of a subset: the shared base, each renamed and its
 * extent set (see the top). */
static void
cut_upright(Cut *c)
{
    hb_face_t *sub = hb_face_create(c->blob, 0);
    char name[64];
    unsigned len = 40;
    if (hb_ot_name_get_utf8(sub, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID, &len,
                            name) == 0)
        snprintf(name, sizeof name, "kumihan");
    hb_face_destroy(sub);
    hb_blob_t *base = NULL, *hhea_b = NULL;
    unsigned upem = 0;
    for (int v = 0; v < SUBSET_UPRIGHT; v++) {
        if (!c->face->upright[v])
            continue;
        if (!base) {
            base = upright_base(c);
            hb_face_t *bf = hb_face_create(base, 0);
            hhea_b = hb_face_reference_table(bf, HB_TAG('h', 'h', 'e', 'a'));
            upem = hb_face_get_upem(bf);
            hb_face_destroy(bf);
        }
        char vname[80];
        snprintf(vname, sizeof vname, "%.56s-V%d%s", name, subset_upright_advance(v),
                 v == UPRIGHT_TCY_END ? "E" : "");
        unsigned hlen;
        const char *hhea = hb_blob_get_data(hhea_b, &hlen);
        static const hb_tag_t tags[2] = {HB_TAG('n', 'a', 'm', 'e'), HB_TAG('h', 'h', 'e', 'a')};
        hb_blob_t *tables[2] = {sfnt_name_table(vname),
                                extent_hhea(hhea, hlen, upem, subset_upright_advance(v))};
        c->upright[v] = tables[0] && tables[1] ? sfnt_with_tables(base, 2, tags, tables) : NULL;
        hb_blob_destroy(tables[0]);
        hb_blob_destroy(tables[1]);
    }
    hb_blob_destroy(hhea_b);
    hb_blob_destroy(base);
}

static void
cut_face(Cut *c)
{
    Face *face = c->face;
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    if (!in)
        return;
    hb_set_union(hb_subset_input_glyph_set(in), face->glyphs);
    hb_set_clear(hb_subset_input_unicode_set(in));
    /* Subroutines inlined: HarfBuzz then skips the subroutine closure (the
     * costly part of a CFF subset), and cairo's own CFF subset of the result
     * no longer carries whole subroutine sets: a smaller PDF (README). */
    hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING | HB_SUBSET_FLAGS_NOTDEF_OUTLINE
                                      | HB_SUBSET_FLAGS_DESUBROUTINIZE);
    /* The PDF needs outlines, widths and names only: the layout tables
     * (and their glyph closure, the costly part) are dropped. */
    hb_set_t *tags = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
    for (size_t i = 0; i < sizeof dropped / sizeof dropped[0]; i++)
        hb_set_add(tags, hb_tag_from_string(dropped[i], 4));
    if (face->colour) {
        hb_set_add(tags, HB_TAG('C', 'B', 'D', 'T'));
        hb_set_add(tags, HB_TAG('C', 'B', 'L', 'C'));
        hb_set_add(tags, HB_TAG('s', 'b', 'i', 'x'));
    }
    /* The font file mapped again for the subsetter, and unmapped when it is
     * done: the pages it reads (outlines scattered over the CFF table, each
     * fault mapping the 64 KB around it) then leave the process, where in
     * Pango's mapping they stayed to the end. */
    hb_face_t *own = NULL;
    if (face->file) {
        hb_blob_t *b = hb_blob_create_from_file_or_fail(face->file);
        if (b) {
            own = hb_face_create(b, (unsigned)face->index);
            hb_blob_destroy(b);
            if (hb_face_get_glyph_count(own) != hb_face_get_glyph_count(face->hb)
                || hb_face_get_upem(own) != hb_face_get_upem(face->hb)) {
                hb_face_destroy(own);      /* not the face Pango shaped with */
                own = NULL;
            }
        }
    }
    hb_face_t *whole = own ? own : face->hb;
    hb_face_t *src = hb_face_create_for_tables(face->colour ? visible_colour_table
                                                            : visible_table,
                                               hb_face_reference(whole),
                                               (hb_destroy_func_t)hb_face_destroy);
    hb_face_set_upem(src, hb_face_get_upem(whole));
    hb_face_set_glyph_count(src, hb_face_get_glyph_count(whole));
    hb_subset_plan_t *plan = hb_subset_plan_create_or_fail(src, in);
    hb_subset_input_destroy(in);
    hb_face_t *sub = plan ? hb_subset_plan_execute_or_fail(plan) : NULL;
    hb_face_destroy(src);
    if (sub) {
        c->blob = hb_face_reference_blob(sub);
        hb_face_destroy(sub);
        if (face->colour) {                /* the text only: no outlines, no pictures */
            hb_blob_t *blank = emoji_blank_font(c->blob);
            hb_blob_destroy(c->blob);
            c->blob = blank;
        }
        face->map = c->blob ? hb_map_copy(hb_subset_plan_old_to_new_glyph_mapping(plan)) : NULL;
    }
    if (plan)
        hb_subset_plan_destroy(plan);      /* (it holds the source face) */
    if (own)
        hb_face_destroy(own);
    if (!c->blob)
        return;
    for (int k = 0; k < SUBSET_NARROW; k++) {
        if (hb_set_is_empty(face->narrow[k]))
            continue;
        hb_set_t *gids = hb_set_create();
        for (hb_codepoint_t g = HB_SET_VALUE_INVALID; hb_set_next(face->narrow[k], &g);)
            hb_set_add(gids, hb_map_get(face->map, g));
        c->narrow[k] = with_advances(c->blob, gids, (unsigned)k + 8, 16);
        hb_set_destroy(gids);
    }
    cut_upright(c);
}

static void
cut_item(void *cuts, void *state, int i)
{
    (void)state;
    cut_face(&((Cut *)cuts)[i]);
}

static int
by_glyphs(gconstpointer a, gconstpointer b, gpointer faces)
{
    const Face *f = faces;
    unsigned x = hb_set_get_population(f[*(const int *)a].glyphs);
    unsigned y = hb_set_get_population(f[*(const int *)b].glyphs);
    if (x != y)
        return x > y ? -1 : 1;
    return *(const int *)a - *(const int *)b;
}

/* Subsets every face: the HarfBuzz work on up to as many threads as there
 * are processors, the faces with most glyphs first (the serif face of a
 * report is most of the work: it goes first, the rest share the other
 * threads); the faces are independent, so the bytes do not depend on the
 * order. Then the FreeType and cairo faces, here. */
static void
cut_faces(Subsets *e)
{
    int n = e->n_faces;
    Cut *cuts = xcalloc((size_t)(n ? n : 1), sizeof *cuts);
    int *order = xcalloc((size_t)(n ? n : 1), sizeof *order);
    int k = 0;
    for (int i = 0; i < n; i++) {
        cuts[i].face = &e->faces[i];
        cuts[i].exact = e->no_narrow;
        if (e->faces[i].hb)
            order[k++] = i;
    }
    g_qsort_with_data(order, k, sizeof *order, by_glyphs, e->faces);
    doc_parallel(order, k, cut_item, cuts, NULL, NULL, NULL);
    for (int i = 0; i < n; i++) {
        Face *face = &e->faces[i];
        for (int v = 0; v < SUBSET_NARROW; v++)
            if (cuts[i].narrow[v])
                face->cairo_narrow[v] = face_from_blob(e, cuts[i].narrow[v]);
        for (int v = 0; v < SUBSET_UPRIGHT; v++)
            if (cuts[i].upright[v])
                face->cairo_upright[v] = face_from_blob(e, cuts[i].upright[v]);
        if (cuts[i].blob)
            face->cairo = face_from_blob(e, cuts[i].blob);
    }
    free(order);
    free(cuts);
}

static void
collect_page(Subsets *e, const Doc *doc, const Page *pg)
{
    for (int i = 0; i < pg->n; i++) {
        const Slice *s = &doc->slices[pg->placed[i].slice];
        for (int k = 0; k < s->n_lines; k++)
            collect_line(e, s->lines[k].line);
        if (s->kind == SLICE_EMBED && slice_x(s)->embed)
            collect_page(e, s->x->embed, &s->x->embed->pages[s->x->embed_page]);
    }
    for (int i = 0; i < pg->n_notes; i++) {
        const Slice *s = &doc->slices[pg->notes[i].slice];
        for (int k = 0; k < s->n_lines; k++)
            collect_line(e, s->lines[k].line);
    }
    const Line *extra[PAGE_EXTRA_LINES];
    page_extra_lines(pg, extra);
    for (int k = 0; k < PAGE_EXTRA_LINES; k++)
        if (extra[k])
            collect_line(e, extra[k]);
}

Subsets *
subset_new(Doc *doc)
{
    Subsets *e = xcalloc(1, sizeof *e);
    e->no_narrow = doc->opt && doc->opt->pdfa;
    /* what Pango merges into its fonts' options: the context's over the
     * defaults (no surface options are set) */
    e->options = cairo_font_options_create();
    if (doc->fonts)
        cairo_font_options_merge(e->options,
                                 pango_cairo_context_get_font_options(fonts_context(doc->fonts)));
    e->lib = g_new0(Lib, 1);
    if (FT_Init_FreeType(&e->lib->ft) == 0) {
        e->ft = e->lib->ft;
        e->lib->refs = 1;
    } else {
        g_free(e->lib);
        e->lib = NULL;
    }
    for (int p = 0; p < doc->n_pages; p++)
        collect_page(e, doc, &doc->pages[p]);
    if (e->ft)
        cut_faces(e);
    return e;
}

void
subset_free(Subsets *e)
{
    if (!e)
        return;
    for (int i = 0; i < e->n_fonts; i++) {
        if (e->fonts[i].scaled)
            cairo_scaled_font_destroy(e->fonts[i].scaled);
        for (int k = 0; k < SUBSET_NARROW; k++)
            if (e->fonts[i].scaled_narrow[k])
                cairo_scaled_font_destroy(e->fonts[i].scaled_narrow[k]);
        for (int k = 0; k < SUBSET_UPRIGHT; k++)
            if (e->fonts[i].scaled_upright[k])
                cairo_scaled_font_destroy(e->fonts[i].scaled_upright[k]);
    }
    for (int i = 0; i < e->n_faces; i++) {
        if (e->faces[i].cairo)
            cairo_font_face_destroy(e->faces[i].cairo);
        for (int k = 0; k < SUBSET_NARROW; k++) {
            if (e->faces[i].cairo_narrow[k])
                cairo_font_face_destroy(e->faces[i].cairo_narrow[k]);
            hb_set_destroy(e->faces[i].narrow[k]);
        }
        for (int k = 0; k < SUBSET_UPRIGHT; k++)
            if (e->faces[i].cairo_upright[k])
                cairo_font_face_destroy(e->faces[i].cairo_upright[k]);
        hb_map_destroy(e->faces[i].map);
        emoji_face_free(e->faces[i].pictures);
        g_free(e->faces[i].file);
        hb_set_destroy(e->faces[i].glyphs);
    }
    free(e->faces);
    free(e->fonts);
    cairo_font_options_destroy(e->options);
    lib_release(e->lib);                   /* (the faces cairo still holds keep it) */
    free(e);
}

/* The size cairo draws `pf` at, from its fontconfig pattern: what Pango's
 * own cairo font would be scaled by (its pixel size; 72 dpi, no context
 * matrix). Asking Pango for that scaled font instead makes cairo open the
 * whole collection file with FreeType (README) for nothing but these
 * numbers. false for anything else (a synthetic slant: FC_MATRIX), which
 * then goes through Pango. */
static bool
font_matrix(PangoFont *pf, cairo_matrix_t *fm)
{
    if (!PANGO_IS_FC_FONT(pf))
        return false;
    FcPattern *pat = pango_fc_font_get_pattern(PANGO_FC_FONT(pf));
    double px;
    FcMatrix *m;
    if (!pat || FcPatternGetDouble(pat, FC_PIXEL_SIZE, 0, &px) != FcResultMatch
        || FcPatternGetMatrix(pat, FC_MATRIX, 0, &m) == FcResultMatch || !(px > 0))
        return false;
    cairo_matrix_init_scale(fm, px, px);
    return true;
}

/* A scaled font of `face` at pf's size; `turned`: its glyphs turned a
 * quarter anticlockwise (upright on a page drawn turned clockwise). */
static cairo_scaled_font_t *
scaled_for(Subsets *e, cairo_font_face_t *face, PangoFont *pf, bool turned)
{
    cairo_matrix_t fm, ctm;
    cairo_matrix_init_identity(&ctm);
    bool own = font_matrix(pf, &fm);
    if (turned) {
        cairo_scaled_font_t *orig = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(pf));
        if (!own && orig) {
            cairo_scaled_font_get_font_matrix(orig, &fm);
            cairo_scaled_font_get_ctm(orig, &ctm);
        } else if (!own) {
            return NULL;
        }
        cairo_matrix_t turn;
        cairo_matrix_init(&turn, 0, -1, 1, 0, 0, 0);
        cairo_matrix_multiply(&fm, &turn, &fm);
        return cairo_scaled_font_create(face, &fm, &ctm, e->options);
    }
    cairo_scaled_font_t *orig = NULL;
#ifndef NDEBUG
    /* debug builds check the shortcut against Pango's scaled font */
    orig = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(pf));
    if (own && orig) {
        cairo_matrix_t ofm, octm;
        cairo_scaled_font_get_font_matrix(orig, &ofm);
        cairo_scaled_font_get_ctm(orig, &octm);
        cairo_font_options_t *oo = cairo_font_options_create();
        cairo_scaled_font_get_font_options(orig, oo);
        if (memcmp(&ofm, &fm, sizeof fm) != 0 || memcmp(&octm, &ctm, sizeof ctm) != 0
            || !cairo_font_options_equal(oo, e->options)) {
            fprintf(stderr, "kumihan: internal error: a font's scale differs from Pango's "
                            "(%g %g %g %g vs %g %g %g %g)\n",
                    fm.xx, fm.yx, fm.xy, fm.yy, ofm.xx, ofm.yx, ofm.xy, ofm.yy);
            abort();
        }
        cairo_font_options_destroy(oo);
    }
#endif
    if (own)
        return cairo_scaled_font_create(face, &fm, &ctm, e->options);
    if (!orig)
        orig = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(pf));
    if (!orig)
        return NULL;
    cairo_scaled_font_get_font_matrix(orig, &fm);
    cairo_scaled_font_get_ctm(orig, &ctm);
    cairo_font_options_t *opt = cairo_font_options_create();
    cairo_scaled_font_get_font_options(orig, opt);
    cairo_scaled_font_t *sf = cairo_scaled_font_create(face, &fm, &ctm, opt);
    cairo_font_options_destroy(opt);
    return sf;
}

cairo_scaled_font_t *
subset_scaled_font(Subsets *e, PangoFont *pf, int narrow, const hb_map_t **map)
{
    Font *f = font_entry(e, pf);
    if (e->no_narrow)
        narrow = 0;
    Face *face = f->face;
    *map = face->cairo ? face->map : NULL;
    if (!face->cairo) {                    /* not subset: Pango's own */
        cairo_scaled_font_t *orig = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(pf));
        if (!f->scaled && orig)
            f->scaled = cairo_scaled_font_reference(orig);
        return f->scaled;
    }
    if (narrow >= 8 && face->cairo_narrow[narrow - 8]) {
        if (!f->scaled_narrow[narrow - 8])
            f->scaled_narrow[narrow - 8] = scaled_for(e, face->cairo_narrow[narrow - 8], pf, false);
        return f->scaled_narrow[narrow - 8];
    }
    if (!f->scaled)
        f->scaled = scaled_for(e, face->cairo, pf, false);
    return f->scaled;
}

bool
subset_upright_exact(Subsets *e, PangoFont *pf)
{
    return font_entry(e, pf)->face->upright_exact;
}

cairo_scaled_font_t *
subset_upright_font(Subsets *e, PangoFont *pf, int v, const hb_map_t **map)
{
    Font *f = font_entry(e, pf);
    Face *face = f->face;
    cairo_font_face_t *cf = face->cairo_upright[v];
    *map = cf ? face->map : NULL;
    if (!cf) {                             /* not subset: Pango's own, turned */
        cairo_scaled_font_t *orig = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(pf));
        cf = orig ? cairo_scaled_font_get_font_face(orig) : NULL;
        if (!cf)
            return NULL;
    }
    if (!f->scaled_upright[v])
        f->scaled_upright[v] = scaled_for(e, cf, pf, true);
    return f->scaled_upright[v];
}

bool
subset_has_pictures(Subsets *e, PangoFont *pf)
{
    const Face *face = font_entry(e, pf)->face;
    return face->colour && face->cairo && face->file;
}

void
subset_pictures(Subsets *e, cairo_t *cr, PangoFont *pf, const cairo_glyph_t *glyphs, int n)
{
    Font *f = font_entry(e, pf);
    Face *face = f->face;
    if (!face->colour || !face->cairo || !face->file)
        return;                            /* (not subset: cairo draws its own) */
    if (!face->pictures)
        face->pictures = emoji_face_new(face->file, face->index);
    cairo_matrix_t fm;
    if (!font_matrix(pf, &fm)) {
        cairo_scaled_font_t *sf = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(pf));
        if (!sf)
            return;
        cairo_scaled_font_get_font_matrix(sf, &fm);
    }
    emoji_draw(face->pictures, cr, fm.yy, glyphs, n);
}
