/*
 * test_style.c: computed styles (style.h). Interned styles are equal
 * exactly when their pointers are (style_intern and the styled tree);
 * headings take the theme's sizes, h1 largest, h5 and h6 set as h4; inline
 * markup changes only its own fields; the page geometry is a whole number
 * of body ems wide and of body lines tall, centred on the paper; list items
 * are indented by the theme's em per level (block.c, with the real fonts).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "block.h"
#include "doc.h"
#include "fonts.h"
#include "node.h"
#include "report.h"
#include "style.h"
#include "theme.h"
#include "unit_fonts.h"

static const Settings no_options;

static Doc *
styled(const char *md)
{
    Doc *doc = doc_new(&no_options, "test.md");
    report_parse_buffer(doc, md, strlen(md));
    doc->theme = theme_report();
    doc->geom = style_geometry(doc->theme, "A4");
    style_document(doc, doc->theme);
    return doc;
}

/* Equal styles share one pointer; a style differing in any one field gets
 * its own. */
static void
test_intern_by_pointer(void **state)
{
    (void)state;
    Doc *doc = doc_new(&no_options, "test.md");
    Style a = theme_report()->body, b = a;
    const Style *pa = style_intern(doc, &a), *pb = style_intern(doc, &b);
    assert_ptr_equal(pa, pb);
    assert_ptr_not_equal(pa, &a);          /* a copy, in the document */
    assert_memory_equal(pa, &a, sizeof a);
    Style v[9];
    for (int i = 0; i < 9; i++)
        v[i] = a;
    v[0].font = FONT_MONO;
    v[1].align = ALIGN_CENTER;
    v[2].weight = 700;
    v[3].size += 1;
    v[4].pitch += 1;
    v[5].rise = 100;
    v[6].color = 0x123456;
    v[7].strike = 1;
    v[8].underline = 1;
    const Style *pv[9];
    for (int i = 0; i < 9; i++) {
        pv[i] = style_intern(doc, &v[i]);
        if (pv[i] == pa)
            fail_msg("a style differing in field %d shares the body's pointer", i);
        for (int k = 0; k < i; k++)
            assert_ptr_not_equal(pv[i], pv[k]);
        assert_ptr_equal(style_intern(doc, &v[i]), pv[i]);
    }
    doc_free(doc);
}

/* In the styled tree: two paragraphs share a pointer, as do two emphases;
 * a paragraph and a heading do not. */
static void
test_tree_shares_styles(void **state)
{
    (void)state;
    Doc *doc = styled("# 見出し\n\n一つ目の*強調*。\n\n二つ目の*強調*。\n\n## 小見出し\n");
    const Node *p1 = unit_nth(doc, NODE_PARAGRAPH, 0), *p2 = unit_nth(doc, NODE_PARAGRAPH, 1);
    const Node *e1 = unit_nth(doc, NODE_EMPH, 0), *e2 = unit_nth(doc, NODE_EMPH, 1);
    const Node *h1 = unit_nth(doc, NODE_HEADING, 0), *h2 = unit_nth(doc, NODE_HEADING, 1);
    assert_non_null(p2);
    assert_non_null(e2);
    assert_non_null(h2);
    assert_ptr_equal(p1->style, p2->style);
    assert_ptr_equal(e1->style, e2->style);
    assert_ptr_not_equal(p1->style, e1->style);
    assert_ptr_not_equal(p1->style, h1->style);
    assert_ptr_not_equal(h1->style, h2->style);
    /* every node is styled */
    for (const Node *n = doc->root; n; n = node_next(doc->root, n))
        assert_non_null(n->style);
    doc_free(doc);
}

static void
test_heading_sizes(void **state)
{
    (void)state;
    const Theme *t = theme_report();
    Doc *doc = styled("# 一\n\n## 二\n\n### 三\n\n#### 四\n\n##### 五\n\n###### 六\n\n本文。\n");
    const Style *h[6];
    for (int i = 0; i < 6; i++) {
        const Node *n = unit_nth(doc, NODE_HEADING, i);
        assert_non_null(n);
        h[i] = n->style;
    }
    const Style *body = unit_nth(doc, NODE_PARAGRAPH, 0)->style;
    for (int i = 0; i < 4; i++) {
        assert_int_equal(h[i]->size, t->heading[i].size);
        assert_int_equal(h[i]->pitch, t->heading[i].pitch);
        assert_int_equal(h[i]->weight, 700);
        assert_true(h[i]->pitch >= h[i]->size);
    }
    /* each level smaller than the one above, the last no smaller than the text */
    assert_true(h[0]->size > h[1]->size);
    assert_true(h[1]->size > h[2]->size);
    assert_true(h[2]->size > h[3]->size);
    assert_true(h[3]->size >= body->size);
    /* h5 and h6 as h4 */
    assert_ptr_equal(h[4], h[3]);
    assert_ptr_equal(h[5], h[3]);
    assert_int_equal(body->size, t->body.size);
    doc_free(doc);
}

/* Inline markup: only its own fields change. */
static void
test_inline_styles(void **state)
{
    (void)state;
    const Theme *t = theme_report();
    const Style *p = &t->body;
    Style s = style_for_inline(t, p, NODE_STRONG);
    assert_int_equal(s.weight, 700);
    assert_int_equal(s.size, p->size);
    assert_int_equal(s.color, p->color);
    s = style_for_inline(t, p, NODE_CODE);
    assert_int_equal(s.font, FONT_MONO);
    assert_true(s.size < p->size);
    assert_int_equal(s.pitch, p->pitch);
    s = style_for_inline(t, p, NODE_LINK);
    assert_int_equal(s.color, t->link_color);
    assert_int_equal(s.size, p->size);
    s = style_for_inline(t, p, NODE_FOOTNOTE_REF);
    assert_true(s.size < p->size && s.rise > 0);
    s = style_for_inline(t, p, NODE_TEXT);
    assert_memory_equal(&s, p, sizeof s);
}

/* A link kept is in the link colour; one left without its target (a
 * refused scheme, an unknown #anchor) is set as the text around it. */
static void
test_links_without_target_are_text(void **state)
{
    (void)state;
    Doc *doc = styled("[残る](https://example.com)と[外す](javascript:alert(1))と[無い](#どこにもない)。\n");
    const Node *para = unit_nth(doc, NODE_PARAGRAPH, 0);
    const Node *kept = unit_nth(doc, NODE_LINK, 0), *refused = unit_nth(doc, NODE_LINK, 1),
               *unknown = unit_nth(doc, NODE_LINK, 2);
    assert_non_null(kept->u.link.href);
    assert_int_equal(kept->style->color, theme_report()->link_color);
    assert_null(refused->u.link.href);
    assert_ptr_equal(refused->style, para->style);
    assert_null(unknown->u.link.href);
    assert_ptr_equal(unknown->style, para->style);
    doc_free(doc);
}

/* Every paper: a whole number of body ems wide, of body pitches tall,
 * centred; an unknown paper is A4. */
static void
test_geometry(void **state)
{
    (void)state;
    const Theme *t = theme_report();
    static const char *const papers[] = {"A4", "B5", "A5", "Letter", "a4"};
    for (size_t i = 0; i < sizeof papers / sizeof papers[0]; i++) {
        PageGeom g = style_geometry(t, papers[i]);
        Unit w, h;
        assert_true(style_paper_size(papers[i], &w, &h));
        assert_int_equal(g.width, w);
        assert_int_equal(g.height, h);
        assert_int_equal(g.measure % t->body.size, 0);
        assert_true(g.measure > 20 * t->body.size && g.measure < g.width);
        assert_int_equal(g.pitch, t->body.pitch);
        assert_int_equal(g.body_height, g.lines * g.pitch);
        assert_true(g.body_height < g.height);
        assert_true(g.left * 2 + g.measure - g.width <= 1 && g.width - g.left * 2 - g.measure <= 1);
        assert_true(g.top * 2 + g.body_height - g.height <= 1
                    && g.height - g.top * 2 - g.body_height <= 1);
    }
    Unit w, h;
    assert_false(style_paper_size("Tabloid", &w, &h));
    PageGeom a4 = style_geometry(t, "A4"), unknown = style_geometry(t, "Tabloid");
    assert_int_equal(unknown.width, a4.width);
    assert_int_equal(unknown.measure, a4.measure);
}

/* The x of the first line of each paragraph, in document order. */
static int
paragraph_x(const Doc *doc, Unit *x, int max)
{
    int n = 0;
    const Node *last = NULL;
    for (int i = 0; i < doc->n_slices; i++) {
        const Slice *s = &doc->slices[i];
        if (s->node && s->node->type == NODE_PARAGRAPH && s->node != last && n < max) {
            for (int k = 0; k < s->n_lines; k++)
                if (!s->lines[k].marker) {
                    x[n++] = s->lines[k].x;
                    break;
                }
            last = s->node;
        }
    }
    return n;
}

/* Bullet list items: the theme's indent, in ems of the list's type, per
 * level; the text after the list back at the margin. */
static void
test_list_indents(void **state)
{
    (void)state;
    Doc *doc = styled("前の段落。\n\n- 一段目\n  - 二段目\n    - 三段目\n- 一段目に戻る\n\n後の段落。\n");
    doc->fonts = unit_fonts;
    doc->pango = fonts_context(unit_fonts);
    block_document(doc);
    Unit x[8];
    assert_int_equal(paragraph_x(doc, x, 8), 6);
    Unit em = unit_nth(doc, NODE_LIST, 0)->style->size * theme_report()->list_indent_em;
    assert_true(em > 0);
    assert_int_equal(x[0], 0);
    assert_int_equal(x[1], em);
    assert_int_equal(x[2], 2 * em);
    assert_int_equal(x[3], 3 * em);
    assert_int_equal(x[4], em);
    assert_int_equal(x[5], 0);
    doc_free(doc);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_intern_by_pointer),
        cmocka_unit_test(test_tree_shares_styles),
        cmocka_unit_test(test_heading_sizes),
        cmocka_unit_test(test_inline_styles),
        cmocka_unit_test(test_links_without_target_are_text),
        cmocka_unit_test(test_geometry),
        cmocka_unit_test(test_list_indents),
    };
    return cmocka_run_group_tests(tests, unit_fonts_setup, unit_fonts_teardown);
}
