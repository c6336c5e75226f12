/*
 * post_write.c: the post-pass's writer (see post_impl.h). First the streams:
 * every stream of cairo's is listed, and those compressed anew (the page
 * contents written again by content.c, unfiltered streams) are compressed
 * with libdeflate on as many threads as there are processors, largest
 * first (doc_parallel), before anything is written. Then the objects in
 * cairo's numbering: streams written directly (cairo's bytes copied, or
 * the new ones), every other object packed into compressed object streams
 * (/Type/ObjStm), then the new objects (XMP, ICC profile and output
 * intent, attachments), and a cross-reference stream whose /ID is the MD5
 * of every byte before it. When cairo's output is a mapped scratch file,
 * the pages read are given back to the system as the pass goes
 * (madvise), so that it holds what it makes rather than what it read.
 */
#include "post_impl.h"

#include <libdeflate.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>

#include "content.h"
#include "diag.h"
#include "pdflex.h"

/* Objects per object stream: fewer streams, better compression; a reader
 * decompresses a whole stream to reach one object, so not unbounded. */
#define OBJSTM_MAX 1000
/* Compression levels (libdeflate's, 1..12). Streams at 6; object streams
 * at 7, which kept all but 0.4 % of what 9 gains over 6 (3 KB of 181 in
 * 150 pages of lists) at a third of 9's time. */
#define STREAM_LEVEL 6
#define OBJSTM_LEVEL 7
/* A content stream larger than this once inflated is copied as it is. */
#define CONTENT_MAX ((size_t)64 << 20)

/* --- writing --- */

static void
put(Post *ps, const void *p, size_t n)
{
    if (n == 0)
        return;
    if (fwrite(p, 1, n, ps->fp) != n)
        ps->werr = true;
    if (ps->md5)
        g_checksum_update(ps->md5, p, (gssize)n);
    ps->pos += n;
}

static void
put_str(Post *ps, const char *s)
{
    put(ps, s, strlen(s));
}

static void
set_x(Post *ps, int num, uint8_t type, uint64_t f2, uint16_t f3)
{
    if (num >= ps->cap_x) {
        int cap = ps->cap_x ? ps->cap_x : 1024;
        while (cap <= num)
            cap *= 2;
        ps->x = xrealloc(ps->x, sizeof(XRef) * (size_t)cap);
        memset(ps->x + ps->cap_x, 0, sizeof(XRef) * (size_t)(cap - ps->cap_x));
        ps->cap_x = cap;
    }
    if (num >= ps->n_x)
        ps->n_x = num + 1;
    ps->x[num] = (XRef){f2, f3, type};
}

/* The bytes in zlib's format (FlateDecode) at `level`: libdeflate, which
 * compresses a whole buffer at once 2-3 times as fast as zlib and a little
 * smaller. */
static unsigned char *
deflate_buf(Squeezer *z, const void *p, size_t n, size_t *out_n, int level)
{
    struct libdeflate_compressor **c = &z->deflaters[level];
    if (!*c && !(*c = libdeflate_alloc_compressor(level)))
        abort();                           /* only for lack of memory */
    size_t cap = libdeflate_zlib_compress_bound(*c, n);
    unsigned char *b = xmalloc(cap);
    *out_n = libdeflate_zlib_compress(*c, p, n, b, cap);
    if (*out_n == 0)
        abort();                           /* cannot be: cap is the bound */
    return b;
}

/* One of cairo's stream objects: `dict` (its /Length set here) and the
 * bytes as they are; `flate`: compressed here (squeeze), which /Filter says. */
static void
write_stream(Post *ps, int num, Val *dict, const void *data, size_t n, bool flate)
{
    if (flate)
        post_dict_set(ps->tmp, dict, "/Filter", post_raw_val("/FlateDecode"));
    set_x(ps, num, 1, ps->pos, 0);
    post_dict_set(ps->tmp, dict, "/Length", post_raw_val(arena_printf(ps->tmp, "%zu", n)));
    GString *g = ps->scratch;
    g_string_printf(g, "%d 0 obj\n", num);
    post_put_val(g, dict);
    g_string_append(g, "\nstream\n");
    put(ps, g->str, g->len);
    put(ps, data, n);
    put_str(ps, "\nendstream\nendobj\n");
}

/* A stream object of ours: `entries` are its dictionary's keys and values
 * but /Filter and /Length, which are added here; compressed at `level`. */
static void
write_new_stream(Post *ps, int num, const char *entries, const void *data, size_t n,
                 int level)
{
    unsigned char *c = level ? deflate_buf(&ps->z, data, n, &n, level) : NULL;
    set_x(ps, num, 1, ps->pos, 0);
    char head[32], tail[64];
    snprintf(head, sizeof head, "%d 0 obj\n<<", num);
    snprintf(tail, sizeof tail, "%s/Length %zu>>\nstream\n", c ? "/Filter/FlateDecode" : "", n);
    put_str(ps, head);
    put_str(ps, entries);
    put_str(ps, tail);
    put(ps, c ? c : data, n);
    put_str(ps, "\nendstream\nendobj\n");
    free(c);
}

static void
flush_objstm(Post *ps)
{
    if (ps->stm_n == 0)
        return;
    char entries[64];
    snprintf(entries, sizeof entries, "/Type/ObjStm/N %d/First %zu", ps->stm_n,
             ps->stm_head->len);
    g_string_append_len(ps->stm_head, ps->stm_body->str, (gssize)ps->stm_body->len);
    write_new_stream(ps, ps->stm_num, entries, ps->stm_head->str, ps->stm_head->len,
                     OBJSTM_LEVEL);
    g_string_truncate(ps->stm_head, 0);
    g_string_truncate(ps->stm_body, 0);
    ps->stm_n = 0;
}

/* A non-stream object, into the object stream being filled. */
static void
add_to_objstm(Post *ps, int num, const Val *v)
{
    if (ps->stm_n == 0)
        ps->stm_num = ps->next++;
    set_x(ps, num, 2, (uint64_t)ps->stm_num, (uint16_t)ps->stm_n);
    g_string_append_printf(ps->stm_head, "%d %zu ", num, ps->stm_body->len);
    post_put_val(ps->stm_body, v);
    g_string_append_c(ps->stm_body, '\n');
    if (++ps->stm_n == OBJSTM_MAX)
        flush_objstm(ps);
}

static int
bytes_for(uint64_t v)
{
    int n = 1;
    while (v >>= 8)
        n++;
    return n;
}

/* The cross-reference stream, which is also the trailer; the /ID is the
 * MD5 of every byte before it. */
static void
write_xref(Post *ps)
{
    int num = ps->next++;
    uint64_t at = ps->pos;
    set_x(ps, num, 1, at, 0);
    int last_free = 0;                     /* the free list, from object 0 */
    for (int i = ps->n_x - 1; i >= 0; i--)
        if (ps->x[i].type == 0) {
            ps->x[i].f2 = (uint64_t)last_free;
            ps->x[i].f3 = 0;
            last_free = i;
        }
    uint64_t m2 = 0, m3 = 0;
    for (int i = 0; i < ps->n_x; i++) {
        if (ps->x[i].f2 > m2)
            m2 = ps->x[i].f2;
        if (ps->x[i].f3 > m3)
            m3 = ps->x[i].f3;
    }
    int w2 = bytes_for(m2), w3 = bytes_for(m3), cols = 1 + w2 + w3;
    /* rows with the PNG "up" predictor: each byte minus the one above */
    size_t n = (size_t)ps->n_x * (size_t)(cols + 1);
    unsigned char *rows = xcalloc(n, 1), *prev = xcalloc((size_t)cols, 1), *row = xmalloc((size_t)cols);
    for (int i = 0; i < ps->n_x; i++) {
        row[0] = ps->x[i].type;
        for (int j = 0; j < w2; j++)
            row[1 + j] = (unsigned char)(ps->x[i].f2 >> (8 * (w2 - 1 - j)));
        for (int j = 0; j < w3; j++)
            row[1 + w2 + j] = (unsigned char)(ps->x[i].f3 >> (8 * (w3 - 1 - j)));
        unsigned char *r = rows + (size_t)i * (size_t)(cols + 1);
        r[0] = 2;
        for (int j = 0; j < cols; j++)
            r[1 + j] = (unsigned char)(row[j] - prev[j]);
        memcpy(prev, row, (size_t)cols);
    }
    char hex[33];
    g_strlcpy(hex, g_checksum_get_string(ps->md5), sizeof hex);
    g_checksum_free(ps->md5);              /* the bytes from here on are not hashed */
    ps->md5 = NULL;
    GString *g = ps->scratch;
    g_string_printf(g, "/Type/XRef/Size %d/W[1 %d %d]/Root %d 0 R", ps->n_x, w2, w3, ps->root);
    if (ps->info)
        g_string_append_printf(g, "/Info %d 0 R", ps->info);
    g_string_append_printf(g, "/ID[<%s><%s>]/DecodeParms<</Columns %d/Predictor 12>>", hex, hex,
                           cols);
    write_new_stream(ps, num, g->str, rows, n, STREAM_LEVEL);
    g_string_printf(g, "startxref\n%llu\n%%%%EOF\n", (unsigned long long)at);
    put(ps, g->str, g->len);
    free(rows);
    free(prev);
    free(row);
}

bool
post_inflate(Squeezer *sq, const unsigned char *data, size_t len, size_t *n)
{
    z_stream z = {0};
    if (inflateInit(&z) != Z_OK)
        return false;
    GString *g = sq->inflated;
    g_string_set_size(g, 4 * len + 4096);
    z.next_in = (unsigned char *)(uintptr_t)data;
    z.avail_in = (uInt)len;
    int r;
    size_t done = 0;
    do {
        if (done == g->len) {
            if (g->len > CONTENT_MAX)
                break;                     /* r is Z_OK: not inflated */
            g_string_set_size(g, 2 * g->len);
        }
        z.next_out = (unsigned char *)g->str + done;
        z.avail_out = (uInt)(g->len - done);
        r = inflate(&z, Z_NO_FLUSH);
        done = g->len - z.avail_out;
    } while (r == Z_OK);
    inflateEnd(&z);
    *n = done;
    return r == Z_STREAM_END;
}

/* --- the streams, compressed on as many threads as there are processors --- */

/* One stream, as Squeeze (post_impl.h) says. */
static void
squeeze(Squeezer *z, Squeeze *j)
{
    size_t n;
    if (j->content) {
        unsigned char *c = NULL;
        if (!j->flate)
            c = content_compact(j->data, j->len, &n);
        else if (post_inflate(z, j->data, j->len, &n))
            c = content_compact((const unsigned char *)z->inflated->str, n, &n);
        if (c) {
            j->out = deflate_buf(z, c, n, &j->out_len, STREAM_LEVEL);
            free(c);
            return;
        }
    }
    if (j->plain)
        j->out = deflate_buf(z, j->data, j->len, &j->out_len, STREAM_LEVEL);
}

/* The writing gives back what it has read every this many bytes. */
#define GIVE_BACK_EVERY ((size_t)2 << 20)

/* The whole pages of cairo's output in [from, to) given back to the system
 * when the output is a mapped file (PostInput.mapped): read again from the
 * file if they are needed again. The pass then holds what it makes, not
 * what it has read (900 pages: 13 MB). */
void
post_give_back(bool mapped, const unsigned char *from, const unsigned char *to)
{
    if (!mapped)
        return;
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    uintptr_t a = ((uintptr_t)from + page - 1) & ~(page - 1), b = (uintptr_t)to & ~(page - 1);
    if (b > a)
        madvise((void *)a, b - a, MADV_DONTNEED);
}

/* Job i of ps->jobs, with the thread's Squeezer z (doc_parallel). */
static void
squeeze_item(void *post, void *z, int i)
{
    const Post *ps = post;
    Squeeze *j = &ps->jobs[i];
    squeeze(z, j);
    if (j->out)                            /* compressed anew: cairo's bytes are done with */
        post_give_back(ps->in->mapped, j->data, j->data + j->len);
}

/* Largest first: the threads then finish together (the report's font
 * programs are each several times a page's content). */
static int
by_size(gconstpointer a, gconstpointer b, gpointer jobs)
{
    const Squeeze *j = jobs;
    size_t x = j[*(const int *)a].len, y = j[*(const int *)b].len;
    if (x != y)
        return x > y ? -1 : 1;
    return *(const int *)a - *(const int *)b;
}

void
post_squeezer_free(Squeezer *z)
{
    if (z->inflated)
        g_string_free(z->inflated, TRUE);
    for (size_t i = 0; i < G_N_ELEMENTS(z->deflaters); i++)
        if (z->deflaters[i])
            libdeflate_free_compressor(z->deflaters[i]);
}

/* A helper thread's Squeezer (doc_parallel). */
static void *
squeezer_new(void)
{
    Squeezer *z = g_new0(Squeezer, 1);
    z->inflated = g_string_new(NULL);
    return z;
}

static void
squeezer_end(void *z)
{
    post_squeezer_free(z);
    g_free(z);
}

/* Does the object of cairo's that takes [p, end) end as a stream does,
 * "endstream endobj"? (A value cannot: endobj follows it directly.) */
static bool
ends_as_stream(const unsigned char *p, const unsigned char *end)
{
    while (end > p && pdflex_is_space(end[-1]))
        end--;
    if (end - p < 6 || memcmp(end - 6, "endobj", 6) != 0)
        return false;
    end -= 6;
    while (end > p && pdflex_is_space(end[-1]))
        end--;
    return end - p >= 9 && memcmp(end - 9, "endstream", 9) == 0;
}

static int
by_offset(gconstpointer a, gconstpointer b, gpointer off)
{
    size_t x = ((const size_t *)off)[*(const int *)a], y = ((const size_t *)off)[*(const int *)b];
    return x < y ? -1 : x > y;
}

/* Where each object of cairo's ends: where the next in the file begins, the
 * last where the cross-reference table does (0 for no object). */
static size_t *
object_ends(const Post *ps)
{
    int *nums = xmalloc(sizeof(int) * (size_t)(ps->n_obj ? ps->n_obj : 1));
    int n = 0;
    for (int num = 1; num < ps->n_obj; num++)
        if (ps->off[num])
            nums[n++] = num;
    g_qsort_with_data(nums, n, sizeof *nums, by_offset, ps->off);
    size_t *end = xcalloc((size_t)(ps->n_obj ? ps->n_obj : 1), sizeof *end);
    for (int i = 0; i < n; i++) {
        size_t next = i + 1 < n ? ps->off[nums[i + 1]] : ps->xref_at;
        end[nums[i]] = next > ps->off[nums[i]] && next <= ps->len ? next : ps->len;
    }
    free(nums);
    return end;
}

/* Every stream of cairo's PDF listed and compressed, before the writing.
 * Only the objects that end as streams are read here (reading them all,
 * as the writing does, was 67 ms of 900 pages); one that is not listed is
 * written as cairo wrote it. */
Status
post_squeeze_all(Post *ps)
{
    GArray *jobs = g_array_new(FALSE, FALSE, sizeof(Squeeze));
    size_t *end = object_ends(ps);
    for (int num = 1; num < ps->n_obj; num++) {
        if (!ps->off[num] || !ends_as_stream(ps->src + ps->off[num], ps->src + end[num]))
            continue;
        ArenaMark mark = arena_mark(ps->tmp);
        Obj o;
        if (!post_read_obj(ps, num, &o)) {
            g_array_free(jobs, TRUE);
            free(end);
            return post_bad(ps, "an object", num);
        }
        if (o.data) {
            const Val *f = post_dict_get(&o.v, "/Filter");
            Squeeze j = {.data = o.data, .len = o.data_len, .num = num,
                         .flate = post_raw_is(f, "/FlateDecode"),
                         .plain = !f && !post_raw_is(post_dict_get(&o.v, "/Type"), "/Metadata")};
            j.content = ps->kind[num] == K_CONTENT && !ps->cairo_content
                        && !post_dict_get(&o.v, "/DecodeParms") && (!f || j.flate);
            g_array_append_val(jobs, j);
        }
        arena_rewind(ps->tmp, mark);
    }
    free(end);
    ps->n_jobs = (int)jobs->len;
    ps->jobs = (Squeeze *)(void *)g_array_free(jobs, FALSE);
    int *order = xmalloc(sizeof(int) * (size_t)(ps->n_jobs ? ps->n_jobs : 1));
    for (int i = 0; i < ps->n_jobs; i++)
        order[i] = i;
    g_qsort_with_data(order, ps->n_jobs, sizeof *order, by_size, ps->jobs);
    doc_parallel(order, ps->n_jobs, squeeze_item, ps, &ps->z, squeezer_new, squeezer_end);
    free(order);
    return ST_OK;
}

/* Every object of cairo's, in its numbering, then the new ones. */
Status
post_write_all(Post *ps)
{
    const PostInput *in = ps->in;
    char version[4] = "1.5";
    if (ps->len > 8 && memcmp(ps->src, "%PDF-1.", 7) == 0 && ps->src[7] >= '0'
        && ps->src[7] <= '9')
        version[2] = (char)ps->src[7];
    if (version[2] < '5')
        version[2] = '5';                  /* object streams */
    if (ps->pdfa && version[2] < '7')
        version[2] = '7';
    g_string_printf(ps->scratch, "%%PDF-%s\n%%\xbf\xf7\xa2\xfe\n", version);
    put(ps, ps->scratch->str, ps->scratch->len);
    set_x(ps, 0, 0, 0, 0);
    int job = 0;
    size_t read = 0;                       /* about, since the last give_back */
    for (int num = 1; num < ps->n_obj; num++) {
        if (read > GIVE_BACK_EVERY) {
            post_give_back(in->mapped, ps->src, ps->src + ps->len);
            read = 0;
        }
        if (!ps->off[num] || ps->kind[num] == K_LENGTH) {
            set_x(ps, num, 0, 0, 0);
            continue;
        }
        ArenaMark mark = arena_mark(ps->tmp);
        Obj o;
        if (!post_read_obj(ps, num, &o))
            return post_bad(ps, "an object", num);
        post_edit(ps, num, &o.v);
        read += 64 + o.data_len;
        if (o.data) {
            Val *len = post_dict_get(&o.v, "/Length");
            if (len && len->k == V_REF && len->ref > num && len->ref < ps->n_obj
                && ps->kind[len->ref] == K_NONE)
                ps->kind[len->ref] = K_LENGTH;     /* made direct: the object goes */
            while (job < ps->n_jobs && ps->jobs[job].num < num)
                job++;
            Squeeze *j = job < ps->n_jobs && ps->jobs[job].num == num ? &ps->jobs[job] : NULL;
            if (j && j->out) {
                write_stream(ps, num, &o.v, j->out, j->out_len, true);
                free(j->out);
                j->out = NULL;
            } else
                write_stream(ps, num, &o.v, o.data, o.data_len, false);
        } else {
            /* /Type is optional in a structure element: 13,000 of them in
             * 150 pages of lists */
            if (post_raw_is(post_dict_get(&o.v, "/Type"), "/StructElem"))
                post_dict_del(&o.v, "/Type");
            add_to_objstm(ps, num, &o.v);
        }
        arena_rewind(ps->tmp, mark);
    }
    /* the new objects */
    GString *g = ps->scratch;
    if (!ps->info) {
        ps->info = ps->next++;
        Val v = post_raw_val(ps->info_text);
        add_to_objstm(ps, ps->info, &v);
    }
    write_new_stream(ps, ps->meta_num, "/Type/Metadata/Subtype/XML", ps->xmp,
                     strlen(ps->xmp), 0);
    if (ps->pdfa) {
        write_new_stream(ps, ps->icc_num, "/N 3", ps->icc, ps->icc_len, STREAM_LEVEL);
        g_string_printf(g, "<</Type/OutputIntent/S/GTS_PDFA1/OutputConditionIdentifier"
                           "(sRGB IEC61966-2.1)/RegistryName(http://www.color.org)"
                           "/Info(sRGB IEC61966-2.1)/DestOutputProfile %d 0 R>>",
                        ps->icc_num);
        Val v = post_raw_val(arena_strdup(ps->keep, g->str));
        add_to_objstm(ps, ps->intent_num, &v);
    }
    for (int i = 0; i < in->n_sources; i++) {
        char *d = post_pdf_date(in->date);
        g_string_printf(g, "/Type/EmbeddedFile/Subtype/text#2Fmarkdown/Params<</Size %zu",
                        in->sources[i].len);
        if (d) {
            post_put_tok(g, "/ModDate", 8);
            post_put_text(g, d);
            g_free(d);
        }
        g_string_append(g, ">>");
        write_new_stream(ps, ps->file_num[i], g->str, in->sources[i].data, in->sources[i].len,
                         STREAM_LEVEL);
        g_string_assign(g, "<</Type/Filespec/F");
        post_put_text(g, post_base_name(in->sources[i].name));
        post_put_tok(g, "/UF", 3);
        post_put_text(g, post_base_name(in->sources[i].name));
        post_put_tok(g, "/Desc", 5);
        post_put_text(g, "Markdown source of this document");
        g_string_append_printf(g, "/AFRelationship/Source/EF<</F %d 0 R/UF %d 0 R>>>>",
                               ps->file_num[i], ps->file_num[i]);
        Val v = post_raw_val(arena_strdup(ps->keep, g->str));
        add_to_objstm(ps, ps->spec_num[i], &v);
    }
    for (int i = 0; i < ps->n_vsimple; i++) {
        Val v = post_raw_val(post_vsimple_cidfont(ps, i));
        add_to_objstm(ps, ps->vsimple[i].cid, &v);
        size_t n;
        const char *cmap = post_vsimple_cmap(ps, i, &n);
        write_new_stream(ps, ps->vsimple[i].cmap, post_vsimple_cmap_dict(ps, i), cmap, n,
                         STREAM_LEVEL);
    }
    flush_objstm(ps);
    write_xref(ps);
    return ps->werr ? diag_fail(ps->doc, ST_IO, "cannot write the PDF") : ST_OK;
}

