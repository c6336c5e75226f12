/*
 * test_post.c: the post-pass (post.c) on small PDFs written here the way
 * cairo 1.16 writes them (a classic xref table, generation 0, a stream with
 * an indirect /Length, comments in dictionaries), and on broken ones:
 *   - the additions land: /Lang, /Alt on the Figure (and only there), the
 *     internal link's /Dest, page labels, TrimBox/BleedBox, Info, XMP;
 *     the length object goes; non-stream objects are in object streams;
 *     a cross-reference stream with an /ID;
 *   - the same input gives the same bytes;
 *   - every truncation of the input, and bytes changed at every offset,
 *     give ST_OK or ST_IO with a message, never a crash or a hang (the
 *     sanitizer build runs this too; its report then goes to the stderr
 *     run() captures, so the test just fails: rerun the case to see it);
 *   - loops (a page tree and a structure tree that contain themselves) and
 *     nesting deeper than the parser takes are refused or cut, not followed;
 *   - the pass refuses its own output (an xref stream, which cairo never
 *     writes) with a message instead of guessing;
 *   - a Flate stream is copied as it is, however it was compressed
 *     (stored, zlib's fastest, level 9); one without a filter is
 *     compressed; the bytes are the same on one thread and on four.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>

#include <cmocka.h>

#include "doc.h"
#include "post.h"

static const Settings no_options;

/* A PDF from object bodies (object i + 1 is objs[i], lens[i] bytes, or a
 * string when lens is NULL or lens[i] is 0) with a correct xref table; the
 * caller frees it. */
static char *
make_pdf(const char *const *objs, const size_t *lens, int n, int root, int info, size_t *len)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    long *off = calloc((size_t)n + 1, sizeof(long));
    fputs("%PDF-1.5\n%\xb5\xed\xae\xfb\n", f);
    for (int i = 0; i < n; i++) {
        off[i] = ftell(f);
        fprintf(f, "%d 0 obj\n", i + 1);
        fwrite(objs[i], 1, lens && lens[i] ? lens[i] : strlen(objs[i]), f);
        fputs("\nendobj\n", f);
    }
    long xref = ftell(f);
    fprintf(f, "xref\n0 %d\n0000000000 65535 f \n", n + 1);
    for (int i = 0; i < n; i++)
        fprintf(f, "%010ld 00000 n \n", off[i]);
    fprintf(f, "trailer\n<< /Size %d\n   /Root %d 0 R\n", n + 1, root);
    if (info)
        fprintf(f, "   /Info %d 0 R\n", info);
    fprintf(f, ">>\nstartxref\n%ld\n%%%%EOF\n", xref);
    fclose(f);
    free(off);
    *len = size;
    return buf;
}

static size_t content_len;                 /* the compressed content's length */
static size_t content_obj_len;             /* and the whole object's */

/* find `needle` in [hay, hay + n) */
static const char *
find(const char *hay, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(hay + i, needle, k) == 0)
            return hay + i;
    return NULL;
}

/* A page's content, compressed as cairo does, with its length in object 5. */
static char *
content_object(void)
{
    static const char text[] =
        "q 1 0 0 1 0 0 cm /P << /MCID 0 >> BDC BT 10 0 0 -10 72 100 Tm /f-0-0 1 Tf <4142> Tj "
        "ET EMC /P << /MCID 1 >> BDC BT 10 0 0 -10 82 117 Tm /f-0-0 1 Tf <4128> Tj ET EMC Q";
    unsigned char z[128];
    uLongf zn = sizeof z;
    assert_int_equal(compress(z, &zn, (const Bytef *)text, sizeof text - 1), Z_OK);
    content_len = zn;
    char *o = malloc(80 + zn);
    int h = sprintf(o, "<< /Length 5 0 R\n   /Filter /FlateDecode\n>>\nstream\n");
    memcpy(o + h, z, zn);
    memcpy(o + h + zn, "\nendstream", 11);
    content_obj_len = (size_t)h + zn + 10;
    return o;
}

/* The sample: 1 catalog, 2 pages, 3 page, 4 content, 5 its length, 6 link,
 * 7 structure tree root, 8 Document, 9 Figure, 10 P, 11 Info. */
static char *
sample(size_t *len, const char *pages_kids, const char *doc_kids)
{
    char *content = content_object();
    char kids[128], dk[128], length[32];
    snprintf(kids, sizeof kids, "<< /Type /Pages\n   /Kids [ %s ]\n   /Count 1\n>>",
             pages_kids);
    snprintf(dk, sizeof dk,
             "<< /Type /StructElem\n   /S /Document\n   /P 7 0 R\n   /K [ %s ]\n>>", doc_kids);
    snprintf(length, sizeof length, "   %zu", content_len);
    const char *objs[] = {
        "<< /Type /Catalog\n   /Pages 2 0 R\n   /StructTreeRoot 7 0 R\n"
        "   /MarkInfo << /Marked true >>\n>>",
        kids,
        "<< /Type /Page % 1\n   /Parent 2 0 R\n   /MediaBox [ 0 0 595.276 841.89 ]\n"
        "   /Contents 4 0 R\n   /Annots [ 6 0 R ]\n>>",
        content,
        length,
        "<< /Type /Annot\n   /Subtype /Link\n   /Rect [ 72 741.89 93 752.89 ]\n"
        "   /BS << /W 0 >>>>",
        "<< /Type /StructTreeRoot\n   /K [ 8 0 R ]\n>>",
        dk,
        "<< /Type /StructElem\n   /S /Figure\n   /P 8 0 R\n>>",
        "<< /Type /StructElem\n   /S /P\n   /P 8 0 R\n   /T (a \\) paren (nested))\n>>",
        "<< /Producer (cairo 1.16.0 (https://cairographics.org))\n   /Title <FEFF0041>\n>>",
    };
    size_t lens[11] = {0};
    lens[3] = content_obj_len;
    char *pdf = make_pdf(objs, lens, 11, 1, 11, len);
    free(content);
    return pdf;
}

static const char *const alts[] = {"a figure's (alt) text"};
static const char *const labels[] = {"iv"};
static const double heights[] = {841.89}, widths[] = {595.276};
static const LinkFix links[] = {{1, 72, 841.89 - 752.89, 21, 11, 1, 100, 200}};

static PostInput
input(const char *pdf, size_t len)
{
    PostInput in = {.pdf = (const unsigned char *)pdf, .len = len, .alts = alts, .n_alts = 1,
                    .date = "2009-11-30T00:00:00Z", .labels = labels, .heights = heights,
                    .widths = widths, .trim_offset = 10, .bleed = 3, .n_pages = 1,
                    .links = links, .n_links = 1};
    return in;
}

/* post_process into memory; stderr (its messages) into *err if asked. */
static Status
run(const PostInput *in, char **out, size_t *out_len, char **err)
{
    Doc *doc = doc_new(&no_options, "test.md");
    doc->meta.title = "T";
    FILE *f = open_memstream(out, out_len);
    fflush(stderr);
    FILE *saved = fdopen(dup(fileno(stderr)), "w");
    FILE *e = tmpfile();
    dup2(fileno(e), fileno(stderr));
    Status st = post_process(doc, in, f);
    fflush(stderr);
    dup2(fileno(saved), fileno(stderr));
    fclose(saved);
    fclose(f);
    if (err) {
        long n = ftell(e);
        *err = calloc((size_t)n + 1, 1);
        rewind(e);
        if (fread(*err, 1, (size_t)n, e) != (size_t)n)
            (*err)[0] = '\0';
    }
    fclose(e);
    doc_free(doc);
    return st;
}

/* The pass refuses `in` (ST_IO) with a message that says `why`. */
static void
assert_refused(const PostInput *in, const char *why)
{
    char *out = NULL, *err = NULL;
    size_t out_len;
    assert_int_equal(run(in, &out, &out_len, &err), ST_IO);
    assert_non_null(strstr(err, "cannot read cairo's PDF"));
    assert_non_null(strstr(err, why));
    free(err);
    free(out);
}

/* The objects of an object stream and the rest, inflated, as one text. */
static char *
inflate_all(const char *pdf, size_t len)
{
    size_t cap = 1 << 16, n = 0;
    char *all = malloc(cap);
    for (const char *p = pdf; (p = find(p, len - (size_t)(p - pdf), "stream\n")); p += 7) {
        if (p > pdf && p[-1] == 'd')       /* "endstream\n" */
            continue;
        const char *d = p + 7;
        unsigned char buf[1 << 16];
        uLongf bn = sizeof buf;
        const char *end = find(d, len - (size_t)(d - pdf), "\nendstream");
        assert_non_null(end);
        if (uncompress(buf, &bn, (const Bytef *)d, (uLong)(end - d)) != Z_OK)
            bn = 0;                        /* not compressed (the XMP) */
        while (n + bn + 2 > cap)
            all = realloc(all, cap *= 2);
        memcpy(all + n, buf, bn);
        n += bn;
        all[n++] = '\n';
    }
    all[n] = '\0';
    return all;
}

static void
test_additions(void **state)
{
    (void)state;
    size_t len, out_len;
    char *pdf = sample(&len, "3 0 R", "9 0 R 10 0 R"), *out = NULL;
    PostInput in = input(pdf, len);
    char *e0 = NULL;
    Status s0 = run(&in, &out, &out_len, &e0);
    if (s0 != ST_OK)
        print_error("%s", e0);
    assert_int_equal(s0, ST_OK);
    free(e0);
    assert_true(out_len > 100);
    assert_memory_equal(out, "%PDF-1.5\n", 9);
    char *all = inflate_all(out, out_len);
    assert_non_null(strstr(all, "/Lang(ja)"));
    assert_non_null(strstr(all, "/S/Figure/P 8 0 R/Alt(a figure's \\(alt\\) text)"));
    assert_null(strstr(strstr(all, "/S/P/"), "/Alt"));          /* only the Figure */
    assert_non_null(strstr(all, "/T(a \\) paren (nested))"));   /* strings kept as written */
    assert_non_null(strstr(all, "/Dest[3 0 R/XYZ 100 641.89 null]"));
    assert_non_null(strstr(all, "/PageLabels<</Nums[0<</S/r/St 4>>]>>"));
    assert_non_null(strstr(all, "/TrimBox[10 10 585.276 831.89]"));
    assert_non_null(strstr(all, "/BleedBox[7 7 588.276 834.89]"));
    assert_non_null(strstr(all, "/Producer(kumihan"));
    assert_non_null(strstr(all, "/CreationDate(D:20091130000000Z)"));
    assert_null(strstr(all, "cairographics"));                  /* Info rewritten */
    assert_null(strstr(all, "% 1"));                           /* comments go */
    assert_non_null(find(out, out_len, "/Type/ObjStm"));
    assert_non_null(find(out, out_len, "/Type/XRef"));
    assert_non_null(find(out, out_len, "/ID[<"));
    assert_non_null(find(out, out_len, "<x:xmpmeta"));          /* XMP, not compressed */
    /* the page's content written again (content.c): one text object, the
     * second position relative to the first, the repeated font gone, literal
     * strings */
    assert_non_null(find(out, out_len, "4 0 obj\n<</Length "));
    assert_non_null(strstr(all, "q\n1 0 0 1 0 0 cm\nBT\n/P<</MCID 0>>BDC\n10 0 0 -10 72 100 Tm\n"
                                "/f-0-0 1 Tf\n(AB)Tj\n0 g\nEMC\n/P<</MCID 1>>BDC\n1 -1.7 Td\n"
                                "(A\\()Tj\n0 g\nEMC\nET\nQ\n"));
    assert_null(find(out, out_len, "\n5 0 obj"));               /* the length object went */
    /* same input, same bytes */
    char *again = NULL;
    size_t again_len;
    assert_int_equal(run(&in, &again, &again_len, NULL), ST_OK);
    assert_int_equal(again_len, out_len);
    assert_memory_equal(again, out, out_len);
    /* its own output is refused, with a message */
    PostInput in2 = input(out, out_len);
    assert_refused(&in2, "cannot read cairo's PDF");
    free(again);
    free(all);
    free(out);
    free(pdf);
}

/* A page tree and a structure tree that contain themselves. */
static void
test_loops(void **state)
{
    (void)state;
    size_t len, out_len;
    char *out = NULL;
    char *pdf = sample(&len, "2 0 R", "9 0 R");
    PostInput in = input(pdf, len);
    assert_refused(&in, "the page tree");
    free(pdf);
    pdf = sample(&len, "3 0 R", "8 0 R 10 0 R 9 0 R");
    in = input(pdf, len);
    assert_int_equal(run(&in, &out, &out_len, NULL), ST_OK);
    char *all = inflate_all(out, out_len);
    assert_non_null(strstr(all, "/S/Figure/P 8 0 R/Alt("));
    free(all);
    free(out);
    free(pdf);
}

/* Arrays nested far deeper than any cairo writes. */
static void
test_deep(void **state)
{
    (void)state;
    enum { DEPTH = 100000 };
    char *deep = malloc(2 * DEPTH + 64);
    size_t k = (size_t)sprintf(deep, "<< /Type /Catalog /Pages 2 0 R /X ");
    for (int i = 0; i < DEPTH; i++)
        deep[k++] = '[';
    for (int i = 0; i < DEPTH; i++)
        deep[k++] = ']';
    strcpy(deep + k, " >>");
    const char *objs[] = {deep, "<< /Type /Pages /Kids [ ] /Count 0 >>"};
    size_t len;
    char *pdf = make_pdf(objs, NULL, 2, 1, 0, &len);
    PostInput in = input(pdf, len);
    in.n_pages = 0;
    assert_refused(&in, "the catalog");
    free(pdf);
    free(deep);
}

/* Every truncation and a changed byte at every offset: ST_OK or ST_IO. */
static void
test_broken(void **state)
{
    (void)state;
    size_t len, out_len;
    char *pdf = sample(&len, "3 0 R", "9 0 R 10 0 R");
    char *copy = malloc(len);
    int ok = 0, refused = 0;
    for (size_t cut = 0; cut < len; cut++) {
        char *out = NULL;
        char *part = malloc(cut ? cut : 1); /* exactly: the sanitizer build sees overreads */
        memcpy(part, pdf, cut);
        PostInput in = input(part, cut);
        Status st = run(&in, &out, &out_len, NULL);
        assert_true(st == ST_OK || st == ST_IO);
        st == ST_OK ? ok++ : refused++;
        free(out);
        free(part);
    }
    static const char bytes[] = {'0', '9', '(', ')', '<', '>', '[', ']', '/', ' ', '\0', 'R'};
    for (size_t at = 0; at < len; at++) {
        char *out = NULL;
        memcpy(copy, pdf, len);
        copy[at] = bytes[at % sizeof bytes];
        PostInput in = input(copy, len);
        Status st = run(&in, &out, &out_len, NULL);
        assert_true(st == ST_OK || st == ST_IO);
        st == ST_OK ? ok++ : refused++;
        free(out);
    }
    assert_true(refused > 0);
    assert_true(ok > 0);
    free(copy);
    free(pdf);
}

/* A stream object of `data` as it stands (already in zlib's format
 * when `filter`); the caller frees it. */
static char *
stream_object(const unsigned char *data, size_t n, bool filter, size_t *len)
{
    char *o = malloc(n + 128);
    int h = sprintf(o, "<< /Length %zu%s\n>>\nstream\n", n, filter ? "\n   /Filter /FlateDecode" : "");
    memcpy(o + h, data, n);
    memcpy(o + h + n, "\nendstream", 11);
    *len = (size_t)h + n + 10;
    return o;
}

/* The bytes of object `num`'s stream in the pass's output. */
static const char *
stream_of(const char *out, size_t out_len, int num, size_t *n)
{
    char head[32];
    snprintf(head, sizeof head, "\n%d 0 obj\n", num);
    const char *o = find(out, out_len, head);
    assert_non_null(o);
    const char *d = find(o, out_len - (size_t)(o - out), "stream\n");
    assert_non_null(d);
    d += 7;
    const char *end = find(d, out_len - (size_t)(d - out), "\nendstream");
    assert_non_null(end);
    *n = (size_t)(end - d);
    return d;
}

static void
test_streams(void **state)
{
    (void)state;
    /* a font program's worth of text that compresses well */
    enum { N = 40000 };
    unsigned char *text = malloc(N);
    for (int i = 0; i < N; i++)
        text[i] = (unsigned char)("kumihan typesets Japanese "[i % 26] + (i / 997) % 3);
    uLongf sn = compressBound(N), cn = compressBound(N), fn = compressBound(N);
    unsigned char *stored = malloc(sn), *packed = malloc(cn), *fast = malloc(fn);
    assert_int_equal(compress2(stored, &sn, text, N, Z_NO_COMPRESSION), Z_OK);
    assert_int_equal(compress2(packed, &cn, text, N, 9), Z_OK);
    assert_int_equal(compress2(fast, &fn, text, N, Z_BEST_SPEED), Z_OK);
    assert_true(sn > N && cn < N / 10);
    size_t l12, l13, l14, l15;
    char *o12 = stream_object(stored, sn, true, &l12);
    char *o13 = stream_object(packed, cn, true, &l13);
    char *o14 = stream_object(text, N, false, &l14);
    char *o15 = stream_object(fast, fn, true, &l15);
    size_t len;
    /* a page, its content, and the three streams */
    char *content = content_object();
    char length[32];
    snprintf(length, sizeof length, "   %zu", content_len);
    const char *objs[] = {
        "<< /Type /Catalog\n   /Pages 2 0 R\n>>",
        "<< /Type /Pages\n   /Kids [ 3 0 R ]\n   /Count 1\n>>",
        "<< /Type /Page\n   /Parent 2 0 R\n   /MediaBox [ 0 0 595.276 841.89 ]\n"
        "   /Contents 4 0 R\n>>",
        content, length, o12, o13, o14, o15};
    size_t lens[9] = {0, 0, 0, content_obj_len, 0, l12, l13, l14, l15};
    char *pdf = make_pdf(objs, lens, 9, 1, 0, &len);
    PostInput in = input(pdf, len);
    in.n_alts = 0;
    in.n_links = 0;
    char *out1 = NULL, *out4 = NULL, *err = NULL;
    size_t out1_len, out4_len;
    setenv("KUMIHAN_THREADS", "1", 1);
    Status st = run(&in, &out1, &out1_len, &err);
    if (st != ST_OK)
        print_error("%s", err);
    assert_int_equal(st, ST_OK);
    setenv("KUMIHAN_THREADS", "4", 1);
    assert_int_equal(run(&in, &out4, &out4_len, NULL), ST_OK);
    assert_int_equal(out1_len, out4_len);
    assert_memory_equal(out1, out4, out1_len);
    /* cairo's output as a mapped file, its pages given back as they are
     * done with (PostInput.mapped): the same file, the input intact */
    FILE *tf = tmpfile();
    assert_non_null(tf);
    assert_int_equal(fwrite(pdf, 1, len, tf), len);
    assert_int_equal(fflush(tf), 0);
    void *map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fileno(tf), 0);
    assert_true(map != MAP_FAILED);
    PostInput mapped = in;
    mapped.pdf = map;
    mapped.mapped = true;
    char *outm = NULL;
    size_t outm_len;
    assert_int_equal(run(&mapped, &outm, &outm_len, NULL), ST_OK);
    unsetenv("KUMIHAN_THREADS");
    assert_int_equal(outm_len, out1_len);
    assert_memory_equal(outm, out1, out1_len);
    assert_memory_equal(map, pdf, len);
    munmap(map, len);
    fclose(tf);
    free(outm);
    /* the Flate ones copied, the plain one compressed, all to the same text */
    for (int num = 6; num <= 9; num++) {
        size_t n;
        const char *d = stream_of(out1, out1_len, num, &n);
        unsigned char *back = malloc(N);
        uLongf bn = N;
        assert_int_equal(uncompress(back, &bn, (const Bytef *)d, (uLong)n), Z_OK);
        assert_int_equal(bn, N);
        assert_memory_equal(back, text, N);
        free(back);
        const unsigned char *cairo = num == 6 ? stored : num == 7 ? packed : fast;
        size_t cairo_n = num == 6 ? sn : num == 7 ? cn : fn;
        if (num != 8) {                    /* cairo's compression: copied */
            assert_int_equal(n, cairo_n);
            assert_memory_equal(d, cairo, cairo_n);
        } else {
            assert_true(n < N / 10);
            assert_true(((unsigned char)d[2] >> 1 & 3) != 0);  /* not a stored block */
            assert_true((unsigned char)d[1] >> 6 != 0);         /* nor zlib's fastest */
        }
    }
    free(err);
    free(out1);
    free(out4);
    free(pdf);
    free(content);
    free(o12);
    free(o13);
    free(o14);
    free(o15);
    free(text);
    free(stored);
    free(packed);
    free(fast);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_additions),
        cmocka_unit_test(test_loops),
        cmocka_unit_test(test_deep),
        cmocka_unit_test(test_broken),
        cmocka_unit_test(test_streams),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
