/*
 * test_template.c: a theme's text templates (template.h): fields found in
 * order, braces doubled for text, a brace that opens no field kept as
 * text, a template whose fields are all empty printing nothing, white
 * space (and the ideographic space) trimmed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <glib.h>

#include "arena.h"
#include "limits.h"
#include "template.h"

/* title, docno, page: as a document might have them; none: empty */
static const char *
value(void *ctx, const char *name, size_t len)
{
    (void)ctx;
    static const struct { const char *name, *value; } fields[] = {
        {"title", "販売管理システム更改"}, {"docno", "IS-2026-014"}, {"page", "3"},
        {"pages", "12"}, {"none", ""}, {"文書番号", "A-1"},
    };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (strlen(fields[i].name) == len && memcmp(fields[i].name, name, len) == 0)
            return fields[i].value;
    return NULL;
}

static const char *
expand(Arena *a, const char *s)
{
    return template_expand(a, s, value, NULL, NULL);
}

static void
test_expand(void **state)
{
    (void)state;
    Arena *a = arena_new();
    assert_string_equal(expand(a, "{title}"), "販売管理システム更改");
    assert_string_equal(expand(a, "{page} / {pages}"), "3 / 12");
    assert_string_equal(expand(a, "文書番号：{docno}"), "文書番号：IS-2026-014");
    assert_string_equal(expand(a, "{文書番号}"), "A-1");      /* any key's name */
    assert_string_equal(expand(a, "社外秘"), "社外秘");        /* no field: text */
    /* every field empty: nothing; one of two: the rest, trimmed */
    assert_null(expand(a, "文書番号：{none}"));
    assert_null(expand(a, "{missing}"));
    assert_null(expand(a, "{none} {missing}"));
    assert_string_equal(expand(a, "{title} {missing}"), "販売管理システム更改");
    assert_string_equal(expand(a, "\xe3\x80\x80{page}\xe3\x80\x80"), "3");
    assert_null(expand(a, ""));
    assert_null(expand(a, "   "));
    /* braces: doubled, or opening no field */
    assert_string_equal(expand(a, "{{title}}"), "{title}");
    assert_string_equal(expand(a, "{ title }"), "{ title }");
    assert_string_equal(expand(a, "{a b} {page}"), "{a b} 3");
    assert_string_equal(expand(a, "{"), "{");
    assert_string_equal(expand(a, "}{page}{"), "}3{");
    assert_string_equal(expand(a, "{}"), "{}");
    /* "{title}" repeated past the limit: cut at a character, and said */
    GString *many = g_string_new(NULL);
    while (many->len < 8 * 1024)
        g_string_append(many, "{title}");
    bool cut = false;
    const char *r = template_expand(a, many->str, value, NULL, &cut);
    assert_true(cut);
    assert_true(strlen(r) <= LIMIT_TEMPLATE_BYTES && strlen(r) > LIMIT_TEMPLATE_BYTES - 32);
    assert_true(g_utf8_validate(r, -1, NULL));              /* (3 bytes a character) */
    assert_int_equal(strlen(r) % 3, 0);
    assert_false((template_expand(a, "{title}", value, NULL, &cut), cut));
    g_string_free(many, TRUE);
    arena_free(a);
}

static void
test_fields(void **state)
{
    (void)state;
    const char *s = "{{x}} {title}: {page}/{pages} { no } {文書番号}";
    const char *want[] = {"title", "page", "pages", "文書番号"};
    size_t at = 0, name, len;
    int n = 0;
    while (template_next_field(s, &at, &name, &len)) {
        assert_true(n < 4);
        assert_int_equal(len, strlen(want[n]));
        assert_memory_equal(s + name, want[n], len);
        n++;
    }
    assert_int_equal(n, 4);
    at = 0;
    assert_false(template_next_field("社外秘 {{docno}}", &at, &name, &len));
}

/* A template of fixed fields (a deck's): every field known, every lone
 * brace refused. */
static void
test_check(void **state)
{
    (void)state;
    const char *const names[] = {"title", "page", "pages"};
    const char *good[] = {"", "{page} / {pages}", "{{page}}", "a}}b{{", "— {page} —{title}"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        assert_true(template_check(good[i], names, 3));
    const char *bad[] = {"{docno}", "{page", "page}", "{ page }", "{}", "{title}}", "{"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(template_check(bad[i], names, 3));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_expand),
        cmocka_unit_test(test_fields),
        cmocka_unit_test(test_check),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
