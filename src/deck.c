/*
 * deck.c: a slide deck to slide nodes.
 * The Markdown body is cut at lines holding only "---" (trailing blanks
 * allowed), except inside fenced code, before any Markdown is parsed, so a
 * "---" never becomes a thematic break or a setext heading in a deck. Each
 * piece is parsed by cmark-gfm (parse.c) into its own NODE_SLIDE with the
 * file's line numbers; its first heading is the title, its HTML comments
 * the speaker notes. A piece holding only blanks makes no slide (a warning
 * when it sits between two others). The title slide gets the front
 * matter's presenters, event and place (joined in the deck's language)
 * and date.
 * Marp's ways (marp.c): a comment of directives is no note; with a
 * headingDivider N a slide also starts at each ATX heading of level N or
 * higher that has text above it in its slide, with a list [1, 3] at each
 * of those levels only; a newline inside a paragraph is a line break
 * (Marp's `breaks`), in decks only.
 */
#include "deck.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "files.h"
#include "marp.h"
#include "node.h"
#include "parse.h"
#include "utf8.h"

/* Is the line [s, e) a slide separator: a thematic break as CommonMark
 * writes one (three or more of one of - * _, blanks between them, up to
 * three spaces in: "---", "***", "___", "- - -", "----"), as Marp reads
 * every one? */
static bool
is_separator(const char *s, const char *e)
{
    int in = 0;
    while (s < e && *s == ' ' && in < 4)
        s++, in++;
    if (in > 3 || s == e || (*s != '-' && *s != '*' && *s != '_'))
        return false;
    char mark = *s;
    int count = 0;
    for (; s < e; s++) {
        if (*s == mark)
            count++;
        else if (*s != ' ' && *s != '\t')
            return false;
    }
    return count >= 3;
}

/* A fence opener or closer: ``` or ~~~ (three or more), up to 3 spaces in. */
static char
fence_of(const char *s, const char *e)
{
    int sp = 0;
    while (s < e && *s == ' ' && sp < 4) {
        s++;
        sp++;
    }
    if (sp > 3 || e - s < 3)
        return 0;
    if ((s[0] == '`' || s[0] == '~') && s[1] == s[0] && s[2] == s[0])
        return s[0];
    return 0;
}

/* The level of the ATX heading on the line [s, e), or 0. */
static int
heading_level(const char *s, const char *e)
{
    int sp = 0, n = 0;
    while (s < e && *s == ' ' && sp < 4) {
        s++;
        sp++;
    }
    if (sp > 3)
        return 0;
    while (s < e && *s == '#')
        s++, n++;
    return n >= 1 && n <= 6 && (s == e || *s == ' ' || *s == '\t') ? n : 0;
}

static bool
blank(const char *s, const char *e)
{
    for (; s < e; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n')
            return false;
    return true;
}

static void
add_slide(Doc *doc, const char *s, const char *e, uint32_t line, int *count, bool last)
{
    if (blank(s, e)) {
        if (*count > 0 && !last)
            diag_warn(doc, (SrcPos){line, 1}, "an empty slide is skipped");
        return;
    }
    /* the slide's position: its first line that is not blank */
    for (;;) {
        const char *nl = memchr(s, '\n', (size_t)(e - s));
        if (!nl || !blank(s, nl))
            break;
        s = nl + 1;
        line++;
    }
    Node *slide = node_make(doc, NODE_SLIDE, (SrcPos){line, 1});
    slide->u.slide.number = ++*count;
    slide->u.slide.title = "";
    node_append(doc->root, slide);
    parse_markdown_into(doc, slide, slide, s, (size_t)(e - s), line - 1);
}

static void
title_line(Doc *doc, Node *block, TitleRole role, const char *text)
{
    if (!text || !*text)
        return;
    Node *n = node_make(doc, NODE_TITLE_LINE, block->pos);
    n->u.title.role = role;
    n->u.title.text = text;
    node_append(block, n);
}

/* Does the text hold a Japanese character (kana, kanji, CJK punctuation,
 * full-width forms)? */
static bool
has_japanese(const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        int k = utf8_decode((const unsigned char *)s + i, n - i, &cp);
        i += k > 0 ? (size_t)k : 1;
        if ((cp >= 0x3000 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x9FFF)
            || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFF00 && cp <= 0xFFEF))
            return true;
    }
    return false;
}

/* Text the program joins itself follows the deck's language: Japanese
 * (lang: ja) or English (lang: en); with no lang, Japanese when one of the
 * texts holds a Japanese character. */
static bool
in_japanese(const Doc *doc, const char *const *texts, int n)
{
    const char *lang = doc->meta.lang;
    if (lang)
        return strncmp(lang, "en", 2) != 0;
    for (int i = 0; i < n; i++)
        if (texts[i] && has_japanese(texts[i]))
            return true;
    return false;
}

/* Event and place as 「event、place」 in Japanese, "event, place" in English. */
static const char *
join_event_place(Doc *doc, const char *event, const char *place)
{
    const char *both[2] = {event, place};
    return arena_printf(doc->arena, in_japanese(doc, both, 2) ? "%s、%s" : "%s, %s", event,
                        place);
}

const char *
deck_date(Doc *doc)
{
    const Meta *m = &doc->meta;
    if (!m->year)
        return NULL;
    static const char *const months[] = {"January", "February", "March", "April", "May",
                                         "June", "July", "August", "September", "October",
                                         "November", "December"};
    bool english = m->lang && strncmp(m->lang, "en", 2) == 0;
    return english ? arena_printf(doc->arena, "%s %d, %d", months[m->month - 1], m->day,
                                  m->year)
                   : arena_printf(doc->arena, "%d年%d月%d日", m->year, m->month, m->day);
}

const char *
deck_people(Doc *doc)
{
    const Meta *m = &doc->meta;
    if (m->n_presenters == 0)
        return m->author;
    const char **names = arena_alloc(doc->arena, sizeof(char *) * (size_t)m->n_presenters);
    for (int i = 0; i < m->n_presenters; i++)
        names[i] = m->presenters[i].name;
    const char *sep = in_japanese(doc, names, m->n_presenters) ? "、" : ", ";
    const char *all = NULL;
    for (int i = 0; i < m->n_presenters; i++)
        if (names[i] && *names[i])
            all = all ? arena_printf(doc->arena, "%s%s%s", all, sep, names[i]) : names[i];
    return all;
}

/* The title slide: a slide 1 holding only its heading gets the presenters,
 * the event, the place and the date of the front matter below it. */
static void
add_title_lines(Doc *doc, Node *slide)
{
    if (!slide->first || slide->first != slide->last || slide->first->type != NODE_HEADING)
        return;
    const Meta *m = &doc->meta;
    Node *block = node_make(doc, NODE_TITLE_BLOCK, slide->first->pos);
    for (int i = 0; i < m->n_presenters; i++) {
        title_line(doc, block, TITLE_AUTHOR, m->presenters[i].name);
        title_line(doc, block, TITLE_AFFILIATION, m->presenters[i].affiliation);
    }
    const char *where = m->event && m->place ? join_event_place(doc, m->event, m->place)
                        : m->event ? m->event : m->place;
    title_line(doc, block, TITLE_EVENT, where);
    title_line(doc, block, TITLE_DATE, deck_date(doc));
    if (block->first)
        node_append(slide, block);
}

void
deck_parse_buffer(Doc *doc, const char *data, size_t len)
{
    uint32_t line;
    size_t body = parse_source(doc, data, len, &line);
    const char *p = doc->src + body, *end = doc->src + doc->src_len;
    const char *start = p;
    uint32_t start_line = line;
    char fence = 0;
    int count = 0;
    unsigned divider = marp_heading_divider(doc, p, end);   /* (bit L: level L) */
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        const char *next = eol ? eol + 1 : end;
        if (!eol)
            eol = end;
        char f = fence_of(p, eol);
        if (fence && f == fence)
            fence = 0;
        else if (!fence && f)
            fence = f;
        else if (!fence && is_separator(p, eol)) {
            add_slide(doc, start, p, start_line, &count, false);
            start = next;
            start_line = line + 1;
        } else if (!fence && divider && !blank(start, p)) {
            int h = heading_level(p, eol);
            if (h && (divider & 1u << h)) {
                add_slide(doc, start, p, start_line, &count, false);
                start = p;
                start_line = line;
            }
        }
        p = next;
        line++;
    }
    add_slide(doc, start, end, start_line, &count, true);
    parse_finish(doc);
    marp_resolve(doc);
    /* Marp's breaks: a newline in a paragraph breaks the line on a slide */
    for (Node *n = doc->root; n; n = (Node *)node_next(doc->root, n)) {
        if (n->type == NODE_SOFTBREAK)
            n->type = NODE_LINEBREAK;
        /* "# <!--fit--> Title": the blank after the comment is no text */
        Node *t = n->type == NODE_HEADING && n->u.heading.fit ? n->first : NULL;
        while (t && t->type == NODE_TEXT && t->u.text.len && t->u.text.text[0] == ' ') {
            t->u.text.text++;
            t->u.text.len--;
        }
    }
    /* titles: the first heading of each slide, after parse_finish merged text */
    for (Node *s = doc->root->first; s; s = s->next) {
        for (const Node *n = s->first; n; n = node_next(s, n))
            if (n->type == NODE_HEADING) {
                s->u.slide.title_node = n;
                s->u.slide.title = node_text(doc, n);
                break;
            }
    }
    if (count == 0)
        diag_warn(doc, (SrcPos){1, 1}, "the deck has no slides");
    else
        add_title_lines(doc, doc->root->first);
    parse_source_done(doc);
}

Status
deck_parse_file(Doc *doc)
{
    const char *buf;
    size_t len;
    Status st = parse_read(doc, &buf, &len);
    if (st != ST_OK)
        return st;
    deck_parse_buffer(doc, buf, len);
    files_release(doc, doc->source);
    return ST_OK;
}
