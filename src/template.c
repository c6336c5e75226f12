/*
 * template.c: a theme's text templates (see template.h): finding their
 * fields and filling them in. One left-to-right scan; a field's name ends
 * at the first closing brace and holds no brace or white space, so
 * "{ 社外秘 }" and "{a b}" are text, and "{{title}}" prints "{title}".
 */
#include "template.h"

#include <glib.h>
#include <string.h>

#include "limits.h"

static bool
name_char(unsigned char c)
{
    return c != '{' && c != '}' && c != ' ' && c != '\t' && c != '\n' && c != '\r';
}

/* A field at s + i ('{' there, not "{{"): its name's length, or 0. */
static size_t
field_at(const char *s, size_t i)
{
    size_t j = i + 1;
    while (s[j] && name_char((unsigned char)s[j]))
        j++;
    return s[j] == '}' && j > i + 1 ? j - i - 1 : 0;
}

bool
template_next_field(const char *s, size_t *at, size_t *name, size_t *len)
{
    for (size_t i = *at; s[i]; i++) {
        if (s[i] == '{' && s[i + 1] == '{') {
            i++;
            continue;
        }
        size_t n = s[i] == '{' ? field_at(s, i) : 0;
        if (n) {
            *name = i + 1;
            *len = n;
            *at = i + n + 2;
            return true;
        }
    }
    return false;
}

bool
template_check(const char *s, const char *const *names, size_t n)
{
    for (size_t i = 0; s[i]; i++) {
        if ((s[i] == '{' && s[i + 1] == '{') || (s[i] == '}' && s[i + 1] == '}')) {
            i++;
            continue;
        }
        if (s[i] == '}')
            return false;
        if (s[i] != '{')
            continue;
        size_t len = field_at(s, i);
        bool known = false;
        for (size_t k = 0; len && k < n && !known; k++)
            known = strlen(names[k]) == len && memcmp(names[k], s + i + 1, len) == 0;
        if (!known)
            return false;
        i += len + 1;                      /* (at its "}") */
    }
    return true;
}

/* Trim ASCII white space and the ideographic space U+3000 (E3 80 80). */
static void
trim(GString *g)
{
    size_t a = 0, b = g->len;
    for (;;) {
        if (a < b && (g->str[a] == ' ' || g->str[a] == '\t'))
            a++;
        else if (b - a >= 3 && memcmp(g->str + a, "\xe3\x80\x80", 3) == 0)
            a += 3;
        else
            break;
    }
    for (;;) {
        if (b > a && (g->str[b - 1] == ' ' || g->str[b - 1] == '\t'))
            b--;
        else if (b - a >= 3 && memcmp(g->str + b - 3, "\xe3\x80\x80", 3) == 0)
            b -= 3;
        else
            break;
    }
    g_string_truncate(g, b);
    g_string_erase(g, 0, (gssize)a);
}

const char *
template_expand(Arena *arena, const char *s, TemplateValue value, void *ctx, bool *cut)
{
    GString *out = g_string_new(NULL);
    int fields = 0, filled = 0;
    bool over = false;
    for (size_t i = 0; s[i] && !(over = out->len > LIMIT_TEMPLATE_BYTES);) {
        if ((s[i] == '{' && s[i + 1] == '{') || (s[i] == '}' && s[i + 1] == '}')) {
            g_string_append_c(out, s[i]);
            i += 2;
            continue;
        }
        size_t n = s[i] == '{' ? field_at(s, i) : 0;
        if (!n) {
            g_string_append_c(out, s[i++]);
            continue;
        }
        fields++;
        const char *v = value(ctx, s + i + 1, n);
        if (v && *v) {
            filled++;
            g_string_append(out, v);
        }
        i += n + 2;
    }
    if (over) {                            /* back to a character's start */
        size_t n = LIMIT_TEMPLATE_BYTES;
        while (n > 0 && ((unsigned char)out->str[n] & 0xC0) == 0x80)
            n--;
        g_string_truncate(out, n);
    }
    if (cut)
        *cut = over;
    trim(out);
    const char *r = out->len == 0 || (fields > 0 && filled == 0)
                        ? NULL : arena_strndup(arena, out->str, out->len);
    g_string_free(out, TRUE);
    return r;
}
