/*
 * post_vfont.c: a vertical document's fonts of upright glyphs made vertical
 * (see post_impl.h). subset.c names them "...-V<n>" (an advance of n/16 em
 * down the column) or "...-V<n>E" (a tate-chu-yoko group's last digit,
 * vertical.h); cairo writes them as horizontal fonts.
 *
 * A composite font (Type0, Identity-H) takes /Identity-V and its CIDFont a
 * /DW2: the advance, and the point each glyph hangs from (vertical.h).
 *
 * A simple font. cairo 1.16 puts the glyphs of a TrueType font whose text is
 * one character of WinAnsiEncoding (digits set across, “ ” drawn as 〝 〟,
 * § ×) in a simple font of their own (its "latin subset"; never for a
 * CID-keyed CFF font), and a simple font cannot be vertical. So such a font
 * becomes a composite one here, its content unchanged: a Type0 font whose
 * encoding is a CMap of ours, one byte a code (as the simple font's), with
 * /WMode 1, mapping each code to the glyph id of the same glyph (the font
 * program's cmap, read with HarfBuzz, gives it for the code's character);
 * its CIDFont (CIDFontType2, CIDToGIDMap /Identity) has the same font
 * descriptor and program, the widths of the simple font by glyph id, and
 * the DW2 as above. The simple font's ToUnicode map reads the same codes
 * and is kept.
 */
#include "post_impl.h"

#include <hb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vertical.h"

/* n of a font named "...-V<n>" or "...-V<n>E", 1..16 (*foot: the latter);
 * 0 for any other. */
static int
vertical_advance(const Val *name, bool *foot)
{
    if (!name || name->k != V_RAW || name->len < 4)
        return 0;
    size_t len = name->len;
    *foot = name->raw[len - 1] == 'E';
    if (*foot)
        len--;
    size_t i = len;
    while (i > 0 && name->raw[i - 1] >= '0' && name->raw[i - 1] <= '9')
        i--;
    if (i < 2 || i == len || len - i > 2 || name->raw[i - 1] != 'V' || name->raw[i - 2] != '-')
        return 0;
    int n = atoi(name->raw + i);
    return n >= 1 && n <= 16 ? n : 0;
}

/* A dictionary entry that may be a reference, read. */
static Val *
direct(Post *ps, Val *v, Obj *o)
{
    if (v && v->k == V_REF)
        return post_read_obj(ps, v->ref, o) ? &o->v : NULL;
    return v;
}

/* The character of WinAnsiEncoding's code c (PDF 32000-1, D.2), 0 for none. */
static unsigned
winansi_char(unsigned c)
{
    static const unsigned short high[32] = {
        0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
        0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};
    if (c >= 0x80 && c < 0xA0)
        return high[c - 0x80];
    return c >= 0x20 && c != 0x7F && c < 0x100 ? c : 0;
}

/* A simple TrueType font: its codes' glyphs from its program (false when
 * it cannot be read or maps no code). */
static bool
read_simple(Post *ps, const Val *font, VSimple *s)
{
    Obj d, ff;
    double first = 0, widths[256];
    Val *fd = post_dict_get(font, "/FontDescriptor");
    int nw = post_nums_of(post_dict_get(font, "/Widths"), widths, 256);
    if (!post_num_of(post_dict_get(font, "/FirstChar"), &first) || first < 0 || first > 255
        || nw <= 0 || !fd || fd->k != V_REF || !post_read_obj(ps, fd->ref, &d)
        || d.v.k != V_DICT)
        return false;
    s->desc = fd->ref;
    Val *file = post_dict_get(&d.v, "/FontFile2");
    if (!file || file->k != V_REF || !post_read_obj(ps, file->ref, &ff) || !ff.data
        || !post_raw_is(post_dict_get(&ff.v, "/Filter"), "/FlateDecode"))
        return false;
    size_t n;
    if (!post_inflate(&ps->z, ff.data, ff.data_len, &n))
        return false;
    hb_blob_t *blob = hb_blob_create(ps->z.inflated->str, (unsigned)n, HB_MEMORY_MODE_READONLY,
                                     NULL, NULL);
    hb_face_t *face = hb_face_create(blob, 0);
    hb_font_t *hf = hb_font_create(face);
    s->n = 0;
    for (int i = 0; i < nw && first + i < 256; i++) {
        unsigned code = (unsigned)first + (unsigned)i, u = winansi_char(code);
        hb_codepoint_t g;
        if (u && hb_font_get_nominal_glyph(hf, u, &g) && g != 0 && g <= 0xFFFF) {
            s->code[s->n] = (uint8_t)code;
            s->gid[s->n] = (uint16_t)g;
            s->width[s->n] = (int)widths[i];
            s->n++;
        }
    }
    hb_font_destroy(hf);
    hb_face_destroy(face);
    hb_blob_destroy(blob);
    return s->n > 0;
}

static void
mark_vertical(Post *ps, int num)
{
    Obj f;
    if (num <= 0 || num >= ps->n_obj || (ps->seen[num] & 4))
        return;                            /* (a font of many pages: read once) */
    ps->seen[num] |= 4;
    if (ps->kind[num] != K_NONE || !post_read_obj(ps, num, &f) || f.v.k != V_DICT)
        return;
    bool foot = false;
    int n = vertical_advance(post_dict_get(&f.v, "/BaseFont"), &foot);
    if (!n)
        return;
    if (post_raw_is(post_dict_get(&f.v, "/Subtype"), "/TrueType")) {
        const Val *bf = post_dict_get(&f.v, "/BaseFont");
        VSimple s = {.num = num, .name = arena_strndup(ps->keep, bf->raw, bf->len)};
        if (!read_simple(ps, &f.v, &s))
            return;
        if (ps->n_vsimple % 8 == 0)
            ps->vsimple = xrealloc(ps->vsimple, sizeof(VSimple) * (size_t)(ps->n_vsimple + 8));
        ps->kind[num] = K_VSIMPLE;
        ps->aux[num] = ps->n_vsimple;
        s.dw2 = foot ? -n : n;
        ps->vsimple[ps->n_vsimple++] = s;
        return;
    }
    Val *kids = post_dict_get(&f.v, "/DescendantFonts");
    if (!post_raw_is(post_dict_get(&f.v, "/Subtype"), "/Type0") || !kids || kids->k != V_ARRAY
        || kids->n != 1 || kids->items[0].k != V_REF)
        return;
    int cid = kids->items[0].ref;
    if (cid <= 0 || cid >= ps->n_obj || ps->kind[cid] != K_NONE)
        return;
    ps->kind[num] = K_VFONT;
    ps->kind[cid] = K_VCIDFONT;
    ps->aux[num] = n;
    ps->aux[cid] = foot ? -n : n;
}

void
post_find_vertical_fonts(Post *ps)
{
    for (int i = 0; i < ps->n_pages; i++) {
        ArenaMark m = arena_mark(ps->tmp);
        Obj pg, res, fonts;
        Val *r = post_read_obj(ps, ps->pages[i], &pg) && pg.v.k == V_DICT
                 ? direct(ps, post_dict_get(&pg.v, "/Resources"), &res) : NULL;
        Val *f = r && r->k == V_DICT ? direct(ps, post_dict_get(r, "/Font"), &fonts) : NULL;
        for (int k = 1; f && f->k == V_DICT && k < f->n; k += 2)
            if (f->items[k].k == V_REF)
                mark_vertical(ps, f->items[k].ref);
        arena_rewind(ps->tmp, m);
    }
}

void
post_number_vfonts(Post *ps)
{
    for (int i = 0; i < ps->n_vsimple; i++) {
        ps->vsimple[i].cid = ps->next++;
        ps->vsimple[i].cmap = ps->next++;
    }
}

/* The DW2 of a vertical CIDFont: the point a glyph hangs from is the foot
 * of its box for poppler (vertical.h), as far down as it advances from its
 * top; for a tate-chu-yoko group's last digit (dw2 < 0) the em's foot. */
static const char *
dw2(Arena *a, int aux)
{
    int n = abs(aux), adv = 1000 * n / 16;
    return arena_printf(a, "[%d -%d]", aux < 0 ? VERT_FOOT : VERT_ORIGIN - adv, adv);
}

void
post_edit_vfont(Post *ps, int num, Val *v)
{
    Arena *a = ps->tmp;
    switch (ps->kind[num]) {
    case K_VFONT:
        post_dict_set(a, v, "/Encoding", post_raw_val("/Identity-V"));
        break;
    case K_VCIDFONT:
        post_dict_set(a, v, "/DW2", post_raw_val(dw2(a, ps->aux[num])));
        break;
    case K_VSIMPLE: {
        const VSimple *s = &ps->vsimple[ps->aux[num]];
        post_dict_set(a, v, "/Subtype", post_raw_val("/Type0"));
        post_dict_set(a, v, "/Encoding", post_raw_val(arena_printf(a, "%d 0 R", s->cmap)));
        post_dict_set(a, v, "/DescendantFonts",
                      post_raw_val(arena_printf(a, "[%d 0 R]", s->cid)));
        post_dict_del(v, "/FirstChar");
        post_dict_del(v, "/LastChar");
        post_dict_del(v, "/Widths");
        post_dict_del(v, "/FontDescriptor");
        break;
    }
    default:
        break;
    }
}

static const char SYSTEM_INFO[] = "<</Registry(Adobe)/Ordering(Identity)/Supplement 0>>";

const char *
post_vsimple_cidfont(Post *ps, int i)
{
    const VSimple *s = &ps->vsimple[i];
    GString *g = ps->scratch;
    g_string_printf(g, "<</Type/Font/Subtype/CIDFontType2/BaseFont%s", s->name);
    g_string_append_printf(g, "/CIDSystemInfo%s/FontDescriptor %d 0 R/CIDToGIDMap/Identity"
                              "/DW2%s/W[", SYSTEM_INFO, s->desc, dw2(ps->tmp, s->dw2));
    for (int k = 0; k < s->n; k++)
        g_string_append_printf(g, "%s%u[%d]", k ? " " : "", s->gid[k], s->width[k]);
    g_string_append(g, "]>>");
    return arena_strdup(ps->tmp, g->str);
}

const char *
post_vsimple_cmap(Post *ps, int i, size_t *len)
{
    const VSimple *s = &ps->vsimple[i];
    GString *g = ps->scratch;
    g_string_printf(g, "/CIDInit/ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                       "/CIDSystemInfo%s def\n/CMapName/Kumihan-V%d def\n/CMapType 1 def\n"
                       "/WMode 1 def\n1 begincodespacerange\n<00><FF>\nendcodespacerange\n"
                       "%d begincidchar\n", SYSTEM_INFO, i, s->n);
    for (int k = 0; k < s->n; k++)
        g_string_append_printf(g, "<%02X> %u\n", s->code[k], s->gid[k]);
    g_string_append(g, "endcidchar\nendcmap\nCMapName currentdict /CMap defineresource pop\n"
                       "end\nend\n");
    *len = g->len;
    return arena_memdup(ps->tmp, g->str, g->len);
}

const char *
post_vsimple_cmap_dict(Post *ps, int i)
{
    return arena_printf(ps->tmp, "/Type/CMap/CMapName/Kumihan-V%d/CIDSystemInfo%s/WMode 1", i,
                        SYSTEM_INFO);
}
