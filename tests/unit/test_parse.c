/*
 * test_parse.c: Markdown with YAML front matter to doc->meta and the Node
 * tree (parse.h, report.h), checked through dump_tree() (dump.h) and the diagnostic
 * counts. Inputs are in-memory strings; diagnostics go to stderr.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <glib.h>

#include "doc.h"
#include "unit_fonts.h"
#include "limits.h"
#include "node.h"
#include "parse.h"
#include "theme.h"
#include "report.h"

static const Settings no_options;

static Doc *
parse_text(const char *text, size_t len)
{
    Doc *doc = doc_new(&no_options, "test.md");
    report_parse_buffer(doc, text, len);
    assert_non_null(doc->root);
    node_check(doc->root);
    return doc;
}

#define PARSE(lit) parse_text(lit, sizeof(lit) - 1)

/* dump_tree() into a string; the caller frees it. */
static void
check_diags(const Doc *doc, int warnings, int errors)
{
    if (doc->n_warnings != warnings || doc->n_errors != errors)
        fail_msg("%d warnings and %d errors, want %d and %d", doc->n_warnings, doc->n_errors,
                 warnings, errors);
}

static int
count_type(const Doc *doc, NodeType t)
{
    int n = 0;
    for (const Node *x = doc->root; x; x = node_next(doc->root, x))
        n += x->type == t;
    return n;
}

/* --- front matter --- */

static void
test_front_matter_fields(void **state)
{
    (void)state;
    Doc *doc = PARSE("---\n"
                     "title: 吾輩は猫である\n"
                     "subtitle: 'Sub: title'\n"
                     "author: 夏目漱石\n"
                     "affiliation: 東京帝国大学\n"
                     "date: 2024-02-29\n"
                     "event: Event\n"
                     "lang: ja\n"
                     "subject: Subject\n"
                     "keywords: [猫, 名前]\n"
                     "place: 上海\n"
                     "---\n"
                     "本文。\n");
    check_diags(doc, 0, 0);
    const Meta *m = &doc->meta;
    assert_string_equal(m->title, "吾輩は猫である");
    assert_string_equal(m->subtitle, "Sub: title");
    assert_string_equal(m->author, "夏目漱石");
    assert_string_equal(m->affiliation, "東京帝国大学");
    assert_string_equal(m->date, "2024-02-29");
    assert_int_equal(m->year, 2024);
    assert_int_equal(m->month, 2);
    assert_int_equal(m->day, 29);
    assert_string_equal(m->event, "Event");
    assert_string_equal(m->lang, "ja");
    assert_string_equal(m->subject, "Subject");
    assert_string_equal(m->keywords, "猫, 名前");
    assert_string_equal(m->place, "上海");
    unit_check_tree(doc, "meta title \"吾輩は猫である\"\n"
                    "meta subtitle \"Sub: title\"\n"
                    "meta author \"夏目漱石\"\n"
                    "meta affiliation \"東京帝国大学\"\n"
                    "meta date \"2024-02-29\"\n"
                    "meta event \"Event\"\n"
                    "meta lang \"ja\"\n"
                    "meta subject \"Subject\"\n"
                    "meta keywords \"猫, 名前\"\n"
                    "meta place \"上海\"\n"
                    "document @1:1\n"
                    "  title_block @1:1\n"
                    "    title_line title \"吾輩は猫である\" @1:1\n"
                    "    title_line subtitle \"Sub: title\" @1:1\n"
                    "    title_line author \"夏目漱石\" @1:1\n"
                    "    title_line affiliation \"東京帝国大学\" @1:1\n"
                    "    title_line date \"2024年2月29日\" @1:1\n"
                    "    title_line event \"Event\" @1:1\n"
                    "  paragraph @13:1\n"
                    "    text \"本文。\" @13:1\n");
    doc_free(doc);

    /* "..." also closes the block; an empty key is no value */
    doc = PARSE("---\nkeywords: one\ntitle:\n...\nx\n");
    check_diags(doc, 0, 0);
    assert_string_equal(doc->meta.keywords, "one");
    assert_null(doc->meta.title);
    assert_int_equal(doc->meta.year, 0);
    unit_check_tree(doc, "meta keywords \"one\"\n"
                    "document @1:1\n"
                    "  paragraph @5:1\n"
                    "    text \"x\" @5:1\n");
    doc_free(doc);
}

static void
test_front_matter_unknown_key(void **state)
{
    (void)state;
    /* kept for the theme's templates; a warning once the theme is known,
     * unless a template names it */
    Doc *doc = PARSE("---\ntitle: T\nfoo: bar\ndocno: QA-1\nitems: [a, b]\n---\n");
    check_diags(doc, 0, 0);
    assert_string_equal(doc->meta.title, "T");
    assert_string_equal(doc->meta.docno, "QA-1");
    assert_int_equal(doc->meta.n_extra, 2);
    assert_string_equal(parse_meta_field(doc, "foo", 3), "bar");
    assert_string_equal(parse_meta_field(doc, "items", 5), "a, b");
    assert_null(parse_meta_field(doc, "nothing", 7));
    Themes themes = *theme_defaults();
    themes.report.head_text[PAGES_EVEN][SLOT_RIGHT] = "{foo} / {page}";
    parse_warn_extra_keys(doc, &themes);
    check_diags(doc, 1, 0);                /* items: no template names it */
    parse_warn_extra_keys(doc, NULL);      /* no theme (--dump tree): both, items */
    check_diags(doc, 3, 0);                /* again without the known keys (listed once) */
    doc_free(doc);

    /* past LIMIT_FRONT_EXTRA unknown keys, the rest are warned of at once */
    GString *many = g_string_new("---\n");
    for (int i = 0; i < LIMIT_FRONT_EXTRA + 10; i++)
        g_string_append_printf(many, "key%d: v\n", i);
    g_string_append(many, "---\n");
    doc = parse_text(many->str, many->len);
    g_string_free(many, TRUE);
    assert_int_equal(doc->meta.n_extra, LIMIT_FRONT_EXTRA);
    check_diags(doc, 10, 0);
    assert_string_equal(parse_meta_field(doc, "key255", 6), "v");
    assert_null(parse_meta_field(doc, "key256", 6));
    doc_free(doc);

    /* a key given twice: a warning, the last one wins */
    doc = PARSE("---\ntitle: A\ntitle: B\n---\n");
    check_diags(doc, 1, 0);
    assert_string_equal(doc->meta.title, "B");
    doc_free(doc);

    /* lang other than ja (or en, for the dates of decks): a warning */
    doc = PARSE("---\nlang: fr\n---\n");
    check_diags(doc, 1, 0);
    doc_free(doc);

    /* an appendix that cannot be read: an error at the key */
    doc = PARSE("---\nappendix: no-such-deck.md\n---\n");
    check_diags(doc, 0, 1);
    assert_string_equal(doc->meta.appendix, "no-such-deck.md");
    assert_int_equal(doc->meta.appendix_pos.line, 2);
    doc_free(doc);
}

static void
test_front_matter_bad_values(void **state)
{
    (void)state;
    Doc *doc = PARSE("---\ndate: [1,2]\n---\nx\n");
    check_diags(doc, 0, 1);
    assert_null(doc->meta.date);
    assert_int_equal(doc->meta.year, 0);
    doc_free(doc);

    doc = PARSE("---\ndate: 2009-02-30\n---\nx\n");
    check_diags(doc, 0, 1);
    assert_null(doc->meta.date);
    assert_int_equal(doc->meta.year, 0);
    doc_free(doc);

    doc = PARSE("---\ntitle: [a, b]\n---\n");      /* only keywords takes a list */
    check_diags(doc, 0, 1);
    assert_null(doc->meta.title);
    doc_free(doc);

    doc = PARSE("---\nkeywords: [a, [b]]\n---\n");
    check_diags(doc, 0, 1);
    doc_free(doc);

    doc = PARSE("---\ntitle: {a: 1}\n---\n");
    check_diags(doc, 0, 1);
    doc_free(doc);

    doc = PARSE("---\ntitle: a: b\n---\n");         /* not valid YAML */
    check_diags(doc, 0, 1);
    doc_free(doc);
}

static void
test_dates(void **state)
{
    (void)state;
    int y, m, d;
    assert_true(parse_date_text("2024-02-29", &y, &m, &d));
    assert_int_equal(y, 2024);
    assert_int_equal(m, 2);
    assert_int_equal(d, 29);
    assert_true(parse_date_text("2000-02-29", &y, &m, &d));
    assert_true(parse_date_text("1999-12-31", &y, &m, &d));
    assert_false(parse_date_text("2009-02-30", &y, &m, &d));
    assert_false(parse_date_text("2023-02-29", &y, &m, &d));
    assert_false(parse_date_text("1900-02-29", &y, &m, &d));
    assert_false(parse_date_text("2024-04-31", &y, &m, &d));
    assert_false(parse_date_text("2024-13-01", &y, &m, &d));
    assert_false(parse_date_text("2024-00-10", &y, &m, &d));
    assert_false(parse_date_text("2024-01-00", &y, &m, &d));
    assert_false(parse_date_text("0000-01-01", &y, &m, &d));
    assert_false(parse_date_text("2024-2-3", &y, &m, &d));
    assert_false(parse_date_text("2024/02/03", &y, &m, &d));
    assert_false(parse_date_text("2024-02-03x", &y, &m, &d));
    assert_false(parse_date_text("", &y, &m, &d));
}

static void
test_front_matter_structure(void **state)
{
    (void)state;
    Doc *doc = PARSE("--- \n- a\n---\nx\n");   /* a sequence, not a mapping */
    check_diags(doc, 0, 1);
    doc_free(doc);

    doc = PARSE("---\njust text\n---\n");
    check_diags(doc, 0, 1);
    doc_free(doc);

    doc = PARSE("---\ntitle: x\n\nbody\n");    /* never closed */
    check_diags(doc, 0, 1);
    doc_free(doc);

    doc = PARSE("---");
    check_diags(doc, 0, 1);
    doc_free(doc);

    /* an empty block is fine */
    doc = PARSE("---\n---\n# H\n");
    check_diags(doc, 0, 0);
    unit_check_tree(doc, "document @1:1\n"
                    "  heading level=1 slug=\"h\" @3:1\n"
                    "    text \"H\" @3:3\n");
    doc_free(doc);
}

static void
test_empty_input(void **state)
{
    (void)state;
    Doc *doc = parse_text("", 0);
    check_diags(doc, 0, 0);
    unit_check_tree(doc, "document @1:1\n");
    assert_null(doc->root->first);
    doc_free(doc);

    doc = PARSE("\n\n   \n");
    unit_check_tree(doc, "document @1:1\n");
    doc_free(doc);
}

/* --- Markdown --- */

static void
test_heading_slugs(void **state)
{
    (void)state;
    Doc *doc = PARSE("# Intro\n"
                     "## Intro\n"
                     "## Intro\n"
                     "## Hello World!\n"
                     "## はじめに\n"
                     "## Intro-1\n");
    check_diags(doc, 0, 0);
    unit_check_tree(doc, "document @1:1\n"
                    "  heading level=1 slug=\"intro\" @1:1\n"
                    "    text \"Intro\" @1:3\n"
                    "  heading level=2 slug=\"intro-1\" @2:1\n"
                    "    text \"Intro\" @2:4\n"
                    "  heading level=2 slug=\"intro-2\" @3:1\n"
                    "    text \"Intro\" @3:4\n"
                    "  heading level=2 slug=\"hello-world\" @4:1\n"
                    "    text \"Hello World!\" @4:4\n"
                    "  heading level=2 slug=\"はじめに\" @5:1\n"
                    "    text \"はじめに\" @5:4\n"
                    "  heading level=2 slug=\"intro-1-1\" @6:1\n"
                    "    text \"Intro-1\" @6:4\n");
    doc_free(doc);
}

/* A heading repeated thousands of times (a report's body repeated) gets
 * same, same-1, same-3... (same-2 is taken), all distinct, at a cost linear
 * in the repetitions: the arena holds well under what trying every number
 * again for each copy would leave (3,000 copies: 4.5 million strings). */
static void
test_heading_slugs_repeated(void **state)
{
    (void)state;
    enum { COPIES = 3000 };
    GString *src = g_string_new("## Same-2\n\n");
    for (int i = 0; i < COPIES; i++)
        g_string_append(src, "## Same\n\n");
    Doc *doc = parse_text(src->str, src->len);
    g_string_free(src, TRUE);
    check_diags(doc, 0, 0);
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
    int k = 0;
    for (const Node *n = doc->root->first; n; n = n->next, k++) {
        assert_int_equal(n->type, NODE_HEADING);
        const char *slug = n->u.heading.slug;
        assert_false(g_hash_table_contains(seen, slug));
        g_hash_table_add(seen, (gpointer)slug);
        char want[32];
        if (k == 0)
            snprintf(want, sizeof want, "same-2");
        else if (k == 1)
            snprintf(want, sizeof want, "same");
        else
            snprintf(want, sizeof want, "same-%d", k == 2 ? 1 : k);
        assert_string_equal(slug, want);
    }
    assert_int_equal(k, COPIES + 1);
    assert_true(arena_used(doc->arena) < 4u * 1024 * 1024);
    g_hash_table_destroy(seen);
    doc_free(doc);
}

static void
test_lists(void **state)
{
    (void)state;
    Doc *doc = PARSE("- a\n"
                     "  - b\n"
                     "    1. c\n"
                     "\n"
                     "para\n"
                     "\n"
                     "7. x\n"
                     "8. y\n");
    check_diags(doc, 0, 0);
    unit_check_tree(doc, "document @1:1\n"
                    "  list bullet depth=0 tight @1:1\n"
                    "    item @1:1\n"
                    "      paragraph @1:3\n"
                    "        text \"a\" @1:3\n"
                    "      list bullet depth=1 tight @2:3\n"
                    "        item @2:3\n"
                    "          paragraph @2:5\n"
                    "            text \"b\" @2:5\n"
                    "          list ordered depth=2 start=1 tight @3:5\n"
                    "            item number=1 @3:5\n"
                    "              paragraph @3:8\n"
                    "                text \"c\" @3:8\n"
                    "  paragraph @5:1\n"
                    "    text \"para\" @5:1\n"
                    "  list ordered depth=0 start=7 tight @7:1\n"
                    "    item number=7 @7:1\n"
                    "      paragraph @7:4\n"
                    "        text \"x\" @7:4\n"
                    "    item number=8 @8:1\n"
                    "      paragraph @8:4\n"
                    "        text \"y\" @8:4\n");
    doc_free(doc);

    /* a loose list starting at 3 */
    doc = PARSE("3. a\n\n4. b\n");
    unit_check_tree(doc, "document @1:1\n"
                    "  list ordered depth=0 start=3 loose @1:1\n"
                    "    item number=3 @1:1\n"
                    "      paragraph @1:4\n"
                    "        text \"a\" @1:4\n"
                    "    item number=4 @3:1\n"
                    "      paragraph @3:4\n"
                    "        text \"b\" @3:4\n");
    doc_free(doc);

    /* a list inside a quote is still an outermost list (depth 0) */
    doc = PARSE("> - q\n");
    unit_check_tree(doc, "document @1:1\n"
                    "  quote @1:1\n"
                    "    list bullet depth=0 tight @1:3\n"
                    "      item @1:3\n"
                    "        paragraph @1:5\n"
                    "          text \"q\" @1:5\n");
    doc_free(doc);
}

static void
test_table(void **state)
{
    (void)state;
    Doc *doc = PARSE("| a | b | c | d |\n"
                     "|:--|:-:|--:|---|\n"
                     "| 1 | 2 | 3 | 4 |\n");
    check_diags(doc, 0, 0);
    unit_check_tree(doc, "document @1:1\n"
                    "  table cols=4 align=lcrl @1:1\n"
                    "    row header @1:1\n"
                    "      cell @1:2\n"
                    "        text \"a\" @1:3\n"
                    "      cell @1:6\n"
                    "        text \"b\" @1:7\n"
                    "      cell @1:10\n"
                    "        text \"c\" @1:11\n"
                    "      cell @1:14\n"
                    "        text \"d\" @1:15\n"
                    "    row @3:1\n"
                    "      cell @3:2\n"
                    "        text \"1\" @3:3\n"
                    "      cell @3:6\n"
                    "        text \"2\" @3:7\n"
                    "      cell @3:10\n"
                    "        text \"3\" @3:11\n"
                    "      cell @3:14\n"
                    "        text \"4\" @3:15\n");
    const Node *t = doc->root->first;
    assert_int_equal(t->type, NODE_TABLE);
    assert_int_equal(t->u.table.ncols, 4);
    assert_int_equal(t->u.table.align[0], ALIGN_LEFT);
    assert_int_equal(t->u.table.align[1], ALIGN_CENTER);
    assert_int_equal(t->u.table.align[2], ALIGN_RIGHT);
    assert_int_equal(t->u.table.align[3], ALIGN_LEFT);
    int col = 0;
    for (const Node *c = t->last->first; c; c = c->next)
        assert_int_equal(c->u.cell.col, col++);
    assert_int_equal(col, 4);
    doc_free(doc);
}

static void
test_strikethrough(void **state)
{
    (void)state;
    Doc *doc = PARSE("~~x~~ and 6~9ケ月 and ~y~\n");
    check_diags(doc, 0, 0);
    unit_check_tree(doc, "document @1:1\n"
                    "  paragraph @1:1\n"
                    "    strike @1:1\n"
                    "      text \"x\" @1:3\n"
                    "    text \" and 6~9ケ月 and ~y~\" @1:6\n");
    doc_free(doc);
}

static void
test_footnotes(void **state)
{
    (void)state;
    /* numbered in the order of first reference, not of definition */
    Doc *doc = PARSE("Alpha[^x] beta[^y] again[^x].\n"
                     "\n"
                     "[^y]: Why.\n"
                     "[^x]: Ex.\n");
    check_diags(doc, 0, 0);
    const Node *para = doc->root->first;
    int refs[3], n = 0;
    for (const Node *c = para->first; c; c = c->next)
        if (c->type == NODE_FOOTNOTE_REF && n < 3)
            refs[n++] = c->u.note.number;
    assert_int_equal(n, 3);
    assert_int_equal(refs[0], 1);
    assert_int_equal(refs[1], 2);
    assert_int_equal(refs[2], 1);
    const Node *notes = doc->root->last;
    assert_int_equal(notes->type, NODE_FOOTNOTES);
    const Node *d1 = notes->first, *d2 = d1->next;
    assert_int_equal(d1->u.note.number, 1);
    assert_string_equal(node_text(doc, d1), "Ex.");
    assert_int_equal(d1->pos.line, 4);
    assert_int_equal(d2->u.note.number, 2);
    assert_string_equal(node_text(doc, d2), "Why.");
    assert_int_equal(d2->pos.line, 3);
    assert_null(d2->next);
    doc_free(doc);
}

static void
test_pagebreak_and_comments(void **state)
{
    (void)state;
    Doc *doc = PARSE("a\n\n<!-- pagebreak -->\n\n<!--pagebreak-->\n\n<!-- note -->\n\nb\n");
    check_diags(doc, 0, 0);
    unit_check_tree(doc, "document @1:1\n"
                    "  paragraph @1:1\n"
                    "    text \"a\" @1:1\n"
                    "  pagebreak @3:1\n"
                    "  pagebreak @5:1\n"
                    "  paragraph @9:1\n"
                    "    text \"b\" @9:1\n");
    doc_free(doc);

    /* other HTML is read (html.c): a div holds a paragraph; a tag with no
     * meaning here keeps its text, with a warning */
    doc = PARSE("<div>x</div>\n\n<blink>y</blink>\n");
    check_diags(doc, 1, 0);
    unit_check_tree(doc, "document @1:1\n"
                    "  div @1:1\n"
                    "    paragraph @1:1\n"
                    "      text \"x\" @1:1\n"
                    "  paragraph @3:1\n"
                    "    text \"y\" @3:8\n");
    doc_free(doc);
}

static void
test_positions_after_front_matter(void **state)
{
    (void)state;
    Doc *doc = PARSE("---\n"
                     "title: T\n"
                     "author: A\n"
                     "---\n"
                     "\n"
                     "# 見出し\n"
                     "\n"
                     "段落の*強調*です。\n");
    check_diags(doc, 0, 0);
    unit_check_tree(doc, "meta title \"T\"\n"
                    "meta author \"A\"\n"
                    "document @1:1\n"
                    "  title_block @1:1\n"
                    "    title_line title \"T\" @1:1\n"
                    "    title_line author \"A\" @1:1\n"
                    "  heading level=1 slug=\"見出し\" @6:1\n"
                    "    text \"見出し\" @6:3\n"
                    "  paragraph @8:1\n"
                    "    text \"段落の\" @8:1\n"
                    "    emph @8:10\n"
                    "      text \"強調\" @8:11\n"
                    "    text \"です。\" @8:18\n");
    doc_free(doc);

    /* CRLF and a BOM do not shift lines */
    doc = PARSE("\xEF\xBB\xBF---\r\ntitle: a\r\n---\r\n\r\n# H\r\ntext\r\n");
    check_diags(doc, 0, 0);
    unit_check_tree(doc, "meta title \"a\"\n"
                    "document @1:1\n"
                    "  title_block @1:1\n"
                    "    title_line title \"a\" @1:1\n"
                    "  heading level=1 slug=\"h\" @5:1\n"
                    "    text \"H\" @5:3\n"
                    "  paragraph @6:1\n"
                    "    text \"text\" @6:1\n");
    doc_free(doc);
}

static void
test_invalid_utf8_warned(void **state)
{
    (void)state;
    Doc *doc = PARSE("ok\n\xff\x00z\n");
    check_diags(doc, 2, 0);
    assert_string_equal(node_text(doc, doc->root), "ok\xEF\xBF\xBD\xEF\xBF\xBDz");
    doc_free(doc);
}

/* Lists nested 200 deep: flattened at LIMIT_NEST_DEPTH, one warning, no
 * text lost. */
static void
test_deep_nesting(void **state)
{
    (void)state;
    enum { DEPTH = 200 };
    size_t cap = (size_t)DEPTH * (2 * DEPTH + 16), len = 0;
    char *src = malloc(cap);
    for (int k = 0; k < DEPTH; k++)
        len += (size_t)snprintf(src + len, cap - len, "%*s- i%d\n", 2 * k, "", k);
    Doc *doc = parse_text(src, len);
    check_diags(doc, 1, 0);
    assert_int_equal(count_type(doc, NODE_LIST), LIMIT_NEST_DEPTH);
    assert_int_equal(count_type(doc, NODE_PARAGRAPH), DEPTH);
    int max_depth = -1;
    for (const Node *x = doc->root; x; x = node_next(doc->root, x))
        if (x->type == NODE_LIST && x->u.list.depth > max_depth)
            max_depth = x->u.list.depth;
    assert_int_equal(max_depth, LIMIT_NEST_DEPTH - 1);
    /* the last item's text is still there, at its own line */
    const Node *last = NULL;
    for (const Node *x = doc->root; x; x = node_next(doc->root, x))
        if (x->type == NODE_TEXT)
            last = x;
    assert_non_null(last);
    assert_int_equal(last->u.text.len, 4);
    assert_memory_equal(last->u.text.text, "i199", 4);
    assert_int_equal(last->pos.line, DEPTH);
    char *d = unit_tree_text(doc);                   /* dumps without trouble */
    free(d);
    doc_free(doc);

    /* the same on one line ("- - - ... x") and with quotes */
    len = 0;
    for (int k = 0; k < DEPTH; k++)
        len += (size_t)snprintf(src + len, cap - len, "- ");
    len += (size_t)snprintf(src + len, cap - len, "x\n");
    doc = parse_text(src, len);
    check_diags(doc, 1, 0);
    assert_int_equal(count_type(doc, NODE_LIST), LIMIT_NEST_DEPTH);
    doc_free(doc);

    len = 0;
    for (int k = 0; k < DEPTH; k++)
        src[len++] = '>';
    len += (size_t)snprintf(src + len, cap - len, " x\n");
    doc = parse_text(src, len);
    check_diags(doc, 1, 0);
    assert_int_equal(count_type(doc, NODE_QUOTE), LIMIT_NEST_DEPTH);
    assert_string_equal(node_text(doc, doc->root), "x");
    doc_free(doc);
    free(src);
}

/* --- SOURCE_DATE_EPOCH, link schemes, text made by escapes --- */

static void
test_epoch_text(void **state)
{
    (void)state;
    long long v = -1;
    assert_true(parse_epoch_text("0", &v));
    assert_int_equal(v, 0);
    assert_true(parse_epoch_text("1258848000", &v));
    assert_int_equal(v, 1258848000);
    assert_true(parse_epoch_text("253402300799", &v));        /* 9999-12-31T23:59:59Z */
    assert_int_equal(v, PARSE_EPOCH_MAX);
    assert_true(parse_epoch_text("000042", &v));
    assert_int_equal(v, 42);
    v = 7;
    static const char *const bad[] = {
        "", "-1", "+1", " 1", "1 ", "1x", "x1", "1.5", "1e9", "0x10", "253402300800",
        "99999999999999999", "9223372036854775807", "9223372036854775808",
        "99999999999999999999999999999999999999",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (parse_epoch_text(bad[i], &v))
            fail_msg("'%s' taken as an epoch", bad[i]);
    assert_int_equal(v, 7);                                  /* untouched */
}

static void
test_link_kept(void **state)
{
    (void)state;
    static const char *const kept[] = {
        "http://example.com", "https://example.com/a?b#c", "HTTP://EXAMPLE.COM",
        "HtTpS://x", "mailto:a@example.com", "MAILTO:a@b", "ftp://example.com/f", "#sec", "#",
        "http:relative-but-http",
    };
    static const char *const refused[] = {
        "javascript:alert(1)", "JavaScript:x", "file:///etc/passwd", "data:text/html,x",
        "vbscript:msgbox", "other.md", "../x", "./y", "/abs/path", "//host/path", "?q=1",
        "", ":nothing", "1http://x", "java script:x", "java\tscript:x", "httpx://x",
        "http", "https", "ftps://x", "mailto", "news:x", "https\x01://x",
    };
    for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++)
        if (!parse_link_kept(kept[i]))
            fail_msg("'%s' refused", kept[i]);
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
        if (parse_link_kept(refused[i]))
            fail_msg("'%s' kept", refused[i]);
}

static void
test_links_refused_in_tree(void **state)
{
    (void)state;
    Doc *doc = PARSE("[a](javascript:alert(1)) [b](HTTPS://x.example) [c](other.md)\n"
                     "www.example.com\n");
    check_diags(doc, 2, 0);
    int links = 0, with_href = 0;
    for (const Node *n = doc->root; n; n = node_next(doc->root, n))
        if (n->type == NODE_LINK) {
            links++;
            if (n->u.link.href) {
                with_href++;
                assert_true(parse_link_kept(n->u.link.href));
            }
        }
    assert_int_equal(links, 4);
    assert_int_equal(with_href, 2);                          /* https and the autolink */
    assert_string_equal(node_text(doc, doc->root), "a b cwww.example.com");   /* texts kept */
    doc_free(doc);
}

static void
test_escaped_controls_repaired(void **state)
{
    (void)state;
    Doc *doc = PARSE("---\ntitle: \"a\\x01b\\uFFFEc\"\nauthor: \"\\x85x\"\n"
                     "keywords: [\"k\\x02\", \"\\U0001FFFF\"]\n---\n\n"
                     "## h&#xFFFF;&#1;\n\nt&#xFDD0;\n");
    check_diags(doc, 5, 0);
    assert_string_equal(doc->meta.title, "ab\xEF\xBF\xBD" "c");
    assert_string_equal(doc->meta.author, "x");
    assert_string_equal(doc->meta.keywords, "k, \xEF\xBF\xBD");
    char *d = unit_tree_text(doc);
    assert_non_null(strstr(d, "h\xEF\xBF\xBD"));
    assert_non_null(strstr(d, "t\xEF\xBF\xBD"));
    assert_null(strstr(d, "\x01"));
    free(d);
    doc_free(doc);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_front_matter_fields),
        cmocka_unit_test(test_front_matter_unknown_key),
        cmocka_unit_test(test_front_matter_bad_values),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_front_matter_structure),
        cmocka_unit_test(test_empty_input),
        cmocka_unit_test(test_heading_slugs),
        cmocka_unit_test(test_heading_slugs_repeated),
        cmocka_unit_test(test_lists),
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_strikethrough),
        cmocka_unit_test(test_footnotes),
        cmocka_unit_test(test_pagebreak_and_comments),
        cmocka_unit_test(test_positions_after_front_matter),
        cmocka_unit_test(test_invalid_utf8_warned),
        cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_epoch_text),
        cmocka_unit_test(test_link_kept),
        cmocka_unit_test(test_links_refused_in_tree),
        cmocka_unit_test(test_escaped_controls_repaired),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
