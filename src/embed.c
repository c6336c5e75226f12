/*
 * embed.c: font subsets for the PDF.
 * cairo 1.16 subsets a CFF font by first copying its whole CFF table: for a
 * Noto CJK face that is ~17 MB copied and parsed per face, which cost more
 * than the whole layout of the report (measured: 35 ms and 40 MB per face).
 * So the engine cuts each face down first, with HarfBuzz's subsetter, to the
 * glyphs the document draws (glyph ids renumbered; the map goes with the
 * face), loads the small font with FreeType from memory, and gives cairo
 * that face. cairo then subsets the small font as usual (CID-keyed CFF with
 * ToUnicode from the clusters we pass).
 * Not done: streaming (the glyph set is collected from all pages first).
 */
#include "embed.h"

#include <cairo-ft.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <glib.h>
#include <hb-subset.h>
#include <hb.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "arena.h"

typedef struct Face {
    hb_face_t *hb;                         /* the collection face (Pango's) */
    hb_set_t *glyphs;
    cairo_font_face_t *cairo;              /* the subset, or NULL: use Pango's */
    hb_subset_plan_t *plan;                /* kept for its glyph id map */
    const hb_map_t *map;                   /* glyph id in the face -> in the subset */
} Face;

typedef struct Font {
    PangoFont *pango;
    Face *face;
    cairo_scaled_font_t *scaled;
} Font;

struct Embed {
    FT_Library ft;
    Face *faces;
    int n_faces, cap_faces;
    Font *fonts;
    int n_fonts, cap_fonts;
};

typedef struct Keep { FT_Face face; hb_blob_t *blob; FT_Library ft; } Keep;

static const cairo_user_data_key_t keep_key;

static void
keep_free(void *p)
{
    Keep *k = p;
    FT_Done_Face(k->face);
    hb_blob_destroy(k->blob);
    g_free(k);
}

static Font *
font_entry(Embed *e, PangoFont *pf)
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
            /* faces are referenced by pointer from fonts: never move them */
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
        face->glyphs = hb_set_create();
        hb_set_add(face->glyphs, 0);       /* .notdef */
    }
    if (e->n_fonts == e->cap_fonts) {
        e->cap_fonts = e->cap_fonts ? e->cap_fonts * 2 : 16;
        e->fonts = xrealloc(e->fonts, sizeof(Font) * (size_t)e->cap_fonts);
    }
    Font *f = &e->fonts[e->n_fonts++];
    *f = (Font){pf, face, NULL};
    return f;
}

static void
collect_line(Embed *e, const Line *ln)
{
    for (int i = 0; i < ln->n_runs; i++) {
        const Run *r = &ln->runs[i];
        Font *f = font_entry(e, r->item->analysis.font);
        for (int g = 0; g < r->n_glyphs; g++) {
            PangoGlyph gl = r->glyphs[g].glyph;
            if (!(gl & PANGO_GLYPH_UNKNOWN_FLAG) && gl != PANGO_GLYPH_EMPTY)
                hb_set_add(f->face->glyphs, gl);
        }
    }
}

static cairo_font_face_t *
subset_face(Embed *e, Face *face)
{
    if (!face->hb)
        return NULL;
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    if (!in)
        return NULL;
    hb_set_union(hb_subset_input_glyph_set(in), face->glyphs);
    hb_set_clear(hb_subset_input_unicode_set(in));
    hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING | HB_SUBSET_FLAGS_NOTDEF_OUTLINE);
    /* The PDF needs outlines, widths and names only: the layout tables
     * (and their glyph closure, the costly part) are dropped. */
    static const char *const drop[] = {"GSUB", "GPOS", "GDEF", "BASE", "JSTF", "VORG", "vhea",
                                       "vmtx", "DSIG", "MATH", "kern", "morx", "STAT", "cmap"};
    hb_set_t *tags = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
    for (size_t i = 0; i < sizeof drop / sizeof drop[0]; i++)
        hb_set_add(tags, hb_tag_from_string(drop[i], 4));
    hb_subset_plan_t *plan = hb_subset_plan_create_or_fail(face->hb, in);
    hb_subset_input_destroy(in);
    if (!plan)
        return NULL;
    hb_face_t *sub = hb_subset_plan_execute_or_fail(plan);
    if (!sub) {
        hb_subset_plan_destroy(plan);
        return NULL;
    }
    face->plan = plan;
    face->map = hb_subset_plan_old_to_new_glyph_mapping(plan);
    hb_blob_t *blob = hb_face_reference_blob(sub);
    hb_face_destroy(sub);
    unsigned len;
    const char *data = hb_blob_get_data(blob, &len);
    FT_Face ft;
    if (!len || FT_New_Memory_Face(e->ft, (const FT_Byte *)data, (FT_Long)len, 0, &ft) != 0) {
        hb_blob_destroy(blob);
        return NULL;
    }
    cairo_font_face_t *cf = cairo_ft_font_face_create_for_ft_face(ft, FT_LOAD_NO_HINTING);
    Keep *k = g_new(Keep, 1);
    *k = (Keep){ft, blob, e->ft};
    if (cairo_font_face_set_user_data(cf, &keep_key, k, keep_free) != CAIRO_STATUS_SUCCESS) {
        cairo_font_face_destroy(cf);
        keep_free(k);
        return NULL;
    }
    return cf;
}

Embed *
embed_new(Doc *doc)
{
    Embed *e = xcalloc(1, sizeof *e);
    if (FT_Init_FreeType(&e->ft) != 0)
        e->ft = NULL;
    for (int p = 0; p < doc->n_pages; p++) {
        const Page *pg = &doc->pages[p];
        for (int i = 0; i < pg->n; i++) {
            const Slice *s = &doc->slices[pg->placed[i].slice];
            for (int k = 0; k < s->n_lines; k++)
                collect_line(e, s->lines[k].line);
        }
        const Line *extra[] = {pg->head_left, pg->head_right, pg->folio};
        for (int k = 0; k < 3; k++)
            if (extra[k])
                collect_line(e, extra[k]);
    }
    for (int i = 0; i < e->n_faces && e->ft; i++)
        e->faces[i].cairo = subset_face(e, &e->faces[i]);
    return e;
}

void
embed_free(Embed *e)
{
    if (!e)
        return;
    for (int i = 0; i < e->n_fonts; i++)
        if (e->fonts[i].scaled)
            cairo_scaled_font_destroy(e->fonts[i].scaled);
    for (int i = 0; i < e->n_faces; i++) {
        if (e->faces[i].cairo)
            cairo_font_face_destroy(e->faces[i].cairo);
        if (e->faces[i].plan)
            hb_subset_plan_destroy(e->faces[i].plan);
        hb_set_destroy(e->faces[i].glyphs);
    }
    free(e->faces);
    free(e->fonts);
    if (e->ft)
        FT_Done_FreeType(e->ft);
    free(e);
}

cairo_scaled_font_t *
embed_scaled_font(Embed *e, PangoFont *pf, const hb_map_t **map)
{
    Font *f = font_entry(e, pf);
    *map = f->face->cairo ? f->face->map : NULL;
    if (f->scaled)
        return f->scaled;
    cairo_scaled_font_t *orig = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(pf));
    if (!f->face->cairo || !orig)
        return f->scaled = orig ? cairo_scaled_font_reference(orig) : NULL;
    cairo_matrix_t fm, ctm;
    cairo_scaled_font_get_font_matrix(orig, &fm);
    cairo_scaled_font_get_ctm(orig, &ctm);
    cairo_font_options_t *opt = cairo_font_options_create();
    cairo_scaled_font_get_font_options(orig, opt);
    f->scaled = cairo_scaled_font_create(f->face->cairo, &fm, &ctm, opt);
    cairo_font_options_destroy(opt);
    return f->scaled;
}
