#!/bin/sh
# shellcheck disable=SC2015,SC2046,SC2086,SC2013,SC2143
# (A && B || fail is meant; word splitting of "x y" pairs is meant)
# tests/archive/run.sh BIN: the document apparatus (contents, page labels,
# running heads, footnotes at the page foot, {{page:#slug}}, bookmarks,
# tagged PDF) and the archive features (--pdfa, --embed-source,
# determinism), asserted on real output read back with poppler (pdftotext,
# pdfinfo, pdffonts), qpdf 11 (--json, --check, attachments) and mutool
# (trace, show); never by comparing bytes with a stored file.
#
# Inputs: tests/archive/apparatus.md (title, h2/h3 sections over five
# pages, three footnotes of which the last is long and referenced near a
# page foot, {{page:#slug}} forward and backward, #slug links, a list, a
# table, a quote, code, figure.png with alt text and caption),
# figure-top.md (a figure first on its page), contents-off.md (toc: false),
# one-heading.md (a single heading), and content/report.md (+ slides.md).
# Helpers (awk, mawk-compatible): flat.awk flattens qpdf --json; labels.awk
# (page labels), annots.awk (annotations and their target pages),
# struct.awk (the structure tree in document order), glyphs.awk and
# untagged.awk (glyph positions and unmarked text from mutool's trace),
# headings.awk (headings and footnotes of the Markdown source); common.awk
# holds what labels.awk, annots.awk and struct.awk share.
#
# Cases:
#   render            every render below exits 0, in 60 s, without a sanitizer
#                     report (the other cases check what came out)
#   contents          apparatus page 1: 目次 lists every h1-h3 heading in
#                     source order as "title  label" (no leader characters in
#                     the text: the leaders are vector dots, one dashed
#                     round-capped stroke per entry); each label equals the
#                     label of the page where pdftotext finds that heading as
#                     a line of the body; no "?" label; every entry is a link
#                     whose /Dest is the heading's page
#   contents-report   the same for content/report.md, plus the appendix
#                     heading and its slides: "スライド k" is labelled with the
#                     page that shows the caption "スライド k/N"
#   contents-off      toc: false, or a single heading: no 目次, the body
#                     starts on page 1, labelled 1
#   labels-report     report page labels are i 1 2 3 4 A-1 ... A-7; the folio at
#                     the foot of each page equals its label; page 1 has none
#   labels-apparatus  the same rule on apparatus.pdf (i, then 1, 2, ...)
#   running-heads     pages 2..N: the first line is the report title and the
#                     current section (level 1-2: the first one that starts on
#                     the page, else the last one of the pages before); page 1
#                     has none (apparatus and report)
#   footnotes         each note begins at the foot of the page of its
#                     reference "*N"; a note that runs over ends on a later
#                     page which says 「（前ページから続く）」, and a page that
#                     says so continues a note begun on the page before; the
#                     reference links to the note's page, the note's marker
#                     back to the reference's page; the notes are in smaller
#                     type than the text around the reference and sit under a
#                     short rule; at least one note of apparatus.md runs over
#   notes-in-text     footnote.place: chapter (a theme file): each note of
#                     apparatus.md is set in the text after its reference's
#                     h2 section (the document's top level) and before the
#                     next one, under 注; its reference links to the note's
#                     page; chapter and --vertical reads the same order;
#                     footnote.place: end with footnote.title 註: every note
#                     after the last section, under 註; no note at a page foot
#                     (no short rule) in either
#   footnote-fill     (--dump pages) a note continues on the next page only
#                     when no further note line fitted above the page foot
#   pageref           {{page:#slug}} prints the label of the heading's page
#                     and links to that page
#   links             [text](#slug) links point at the heading's page; no link
#                     annotation of apparatus or report lacks a destination
#   bookmarks         apparatus: the h2/h3 tree, each to its heading's page;
#                     report: the appendix holds one bookmark per slide, each
#                     to the page that shows it
#   structure         a StructTreeRoot; Document H1 H2 H3 P L LI Lbl LBody
#                     Table TR TH TD Figure Note TOC TOCI Link BlockQuote Code;
#                     LI in L, Lbl/LBody in LI, TR in Table, TH/TD in TR, TOCI
#                     in TOC; the Figure's /Alt is the image's alt text; the H2
#                     and H3 elements in tree order sit (/Pg) on the pages
#                     where their headings are, in source order; /Lang (ja);
#                     /MarkInfo /Marked true; pdfinfo "Tagged: yes"; report:
#                     Sect elements for the slides
#   tagged-text       no text of the body outside marked content (only the
#                     running head, the folio and 「（前ページから続く）」,
#                     which cairo 1.16 cannot mark as artifacts, may be)
#   figure-top        a figure that is the first thing on its page renders
#                     (exit 0), tagged, with its /Alt
#   pdfa              the PDF/A-2u checklist below, on apparatus and report
#   no-pdfa           without --pdfa: no pdfaid in the XMP, no OutputIntents
#   attachments       --embed-source: report.md and slides.md attached, their
#                     bytes identical to the sources, /AFRelationship /Source,
#                     listed in the catalog's /AF, MIME type text/markdown;
#                     PDF/A-3u (pdfaid:part 3) with --pdfa; the apparatus
#                     attaches only itself (no images, no appendix)
#   determinism       two renders with --pdfa --embed-source (to different
#                     paths) are byte-identical, as are two plain renders;
#                     --date 2010-01-01 gives other bytes, another /ID,
#                     CreationDate and xmp:CreateDate of 2010-01-01
#
# PDF/A checklist (ISO 19005-2, level U; part 3 for attachments), case pdfa:
#   header     6.1.2   %PDF-1.n with n <= 7, then a comment of >= 4 bytes > 127
#   trailer    6.1.3   /ID of two non-empty strings; no /Encrypt
#   syntax     6.1     qpdf --check: no errors, no warnings
#   metadata   6.6.2.1 catalog /Metadata: a stream /Type /Metadata /Subtype /XML
#   pdfaid     6.6.4   pdfaid:part 2 (3 with attachments), pdfaid:conformance U
#   info-xmp   6.6.3   Info and XMP agree: dc:title = /Title, dc:creator
#                      holds /Author, dc:description = /Subject, pdf:Keywords
#                      = /Keywords, pdf:Producer = /Producer, xmp:CreatorTool
#                      = /Creator, xmp:CreateDate = /CreationDate, xmp:ModifyDate
#                      = /ModDate (same instant)
#   language   (U/UA)  dc:language ja; catalog /Lang (ja)
#   intent     6.2.3   one /OutputIntents entry /S /GTS_PDFA1 whose
#                      DestOutputProfile is an ICC stream /N 3, its decoded bytes
#                      /usr/share/color/icc/sRGB.icc (DeviceRGB pages, 6.2.4.3)
#   annots     6.3.2   every annotation /F 4 (print, not hidden); 6.3.1 only
#                      /Link annotations
#   actions    6.6.1   no /JavaScript, /JS, /Launch (6.1.3: no /Encrypt)
#   fonts      6.2.11.4 every font embedded (pdffonts emb=yes) with a ToUnicode
#                      map (6.2.11.7.2, level U: pdffonts uni=yes); 6.2.11.5
#                      (widths agree with the font program): each face
#                      embedded once, i.e. no narrow metric copies
#   files      6.8     part 2: no /EmbeddedFiles
#
# Run from the repository root: sh tests/archive/run.sh build/kumihan
# (BIN may be a sanitizer build; ASAN_OPTIONS/LSAN_OPTIONS pass through).
# Prints "FAIL: <case>: <why>" per failed check and a summary; exits 1 on any
# failure (a missing tool too). ARCHIVE_KEEP=1 (or TESTS_KEEP=1) keeps the
# work folder.

SUITE=archive
TESTS_KEEP=${TESTS_KEEP:-${ARCHIVE_KEEP:-}}
. tests/lib.sh
LIMIT=60
require_tools qpdf pdftotext pdfinfo pdffonts mutool timeout cmp awk sed grep sort

DIR=$(cd "$(dirname "$0")" && pwd) || exit 2
ROOT=$(cd "$DIR/../.." && pwd) || exit 2
REPORT=$ROOT/content/report.md
DECK=$ROOT/content/slides.md
APP=$DIR/apparatus.md
SRGB=/usr/share/color/icc/sRGB.icc
LC_ALL=C
export LC_ALL

# have PDF: the PDF exists (else fail the case: its render failed).
have() {
    [ -s "$1" ] && return 0
    fail "no PDF to check ($(basename "$1") did not render; see case render)"
    return 1
}

norm() {                                 # drop ASCII and ideographic spaces
    sed 's/[[:space:]]//g; s/　//g'
}

# prep PDF: derived files beside it (once):
#   .flat    qpdf --json, flattened        .labels  one page label a line
#   .annots  annots.awk                    .glyphs  glyphs.awk
#   .trace   mutool's trace                .n       page count
#   .lay.P   pdftotext -layout of page P
#   .head.P  first non-empty line of page P, normalized (running head)
#   .foot.P  last non-empty line of page P, normalized (folio)
#   .body.P  the other lines, normalized (page 1: all lines)
#   .join.P  the raw text of page P, normalized, on one line
prep_json() {                           # prep_json PDF: .flat .labels .annots only
    f=$1
    [ -f "$f.flat" ] && return 0
    qpdf --json "$f" 2>"$f.qpdf-err" | awk -f "$DIR/flat.awk" >"$f.flat"
    awk -f "$DIR/common.awk" -f "$DIR/labels.awk" "$f.flat" >"$f.labels"
    awk -f "$DIR/common.awk" -f "$DIR/annots.awk" "$f.flat" >"$f.annots"
}
prep() {
    f=$1
    [ -f "$f.n" ] && return 0
    prep_json "$f"
    mutool draw -F trace -o - "$f" 2>/dev/null >"$f.trace"
    awk -f "$DIR/glyphs.awk" "$f.trace" >"$f.glyphs"
    n=$(pdf_pages "$f")
    echo "${n:-0}" >"$f.n"
    p=1
    while [ "$p" -le "${n:-0}" ]; do
        pdftotext -layout -f "$p" -l "$p" "$f" "$f.lay.$p" 2>/dev/null
        grep -v '^[[:space:]]*$' "$f.lay.$p" | norm | grep -v '^$' >"$f.lines.$p"
        head -n 1 "$f.lines.$p" >"$f.head.$p"
        tail -n 1 "$f.lines.$p" >"$f.foot.$p"
        if [ "$p" = 1 ]; then
            cp "$f.lines.$p" "$f.body.$p"
        else
            sed '1d;$d' "$f.lines.$p" >"$f.body.$p"
        fi
        pdf_text "$f" "$p" | norm | tr -d '\n\f' >"$f.join.$p"
        p=$((p + 1))
    done
}

npages() { cat "$1.n"; }
label() { sed -n "${2}p" "$1.labels"; }  # label PDF PAGE
labels_line() { tr '\n' ' ' <"$1.labels" | sed 's/ $//'; }

# jget PDF KEY: the value at a flattened qpdf --json path, unquoted
# ("u:" text strings decoded by qpdf), or nothing.
jget() {
    awk -F'\t' -v k="$2" '$1 == k {
        v = $2
        if (v ~ /^".*"$/) v = substr(v, 2, length(v) - 2)
        sub(/^u:/, "", v)
        print v
        exit
    }' "$1.flat"
}
oget() { jget "$1" "qpdf|1|obj:$2|value|$3"; }          # oget PDF REF KEY
sget() { jget "$1" "qpdf|1|obj:$2|stream|dict|$3"; }    # a stream's dict
root_ref() { jget "$1" "qpdf|1|trailer|value|/Root"; }

# find_heading PDF TEXT: the first page from 2 on whose body has a line
# equal to TEXT (normalized); nothing if none.
find_heading() {
    n=$(npages "$1")
    p=2
    while [ "$p" -le "$n" ]; do
        if grep -Fxq -- "$2" "$1.body.$p"; then
            echo "$p"
            return
        fi
        p=$((p + 1))
    done
}

# find_prefix PDF TEXT: the first page from 2 on with a body line that
# starts with TEXT.
find_prefix() {
    n=$(npages "$1")
    p=2
    while [ "$p" -le "$n" ]; do
        if awk -v t="$2" 'index($0, t) == 1 { found = 1; exit } END { exit !found }' "$1.body.$p"; then
            echo "$p"
            return
        fi
        p=$((p + 1))
    done
}

# find_text PDF TEXT [FROM]: the first page (from FROM, default 1) whose
# joined text contains TEXT.
find_text() {
    n=$(npages "$1")
    p=${3:-1}
    while [ "$p" -le "$n" ]; do
        if grep -Fq -- "$2" "$1.join.$p"; then
            echo "$p"
            return
        fi
        p=$((p + 1))
    done
}

# glyph_at PDF PAGE NEEDLE [AFTER]: "X Y SIZE" of the first glyph of NEEDLE on
# PAGE (of the glyph just after it when AFTER is 1), glyphs in drawing
# order, spaces skipped.
glyph_at() {
    awk -F'\t' -v pg="$2" -v needle="$3" -v after="${4:-0}" '
        $1 == pg && $4 != " " && $4 != "" {
            off[n] = length(s); x[n] = $2; y[n] = $3; sz[n] = $5; n++
            s = s $4
        }
        END {
            i = index(s, needle)
            if (!i) exit
            want = i - 1 + (after ? length(needle) : 0)
            for (k = 0; k < n; k++)
                if (off[k] == want) { print x[k], y[k], sz[k]; exit }
        }' "$1.glyphs"
}

# link_at PDF PAGE X Y: the target of the annotation over the point just
# inside the glyph at X Y (see annots.awk): a page number, "nodest", "uri",
# "named:..."; "none" when no annotation covers it.
link_at() {
    awk -F'\t' -v pg="$2" -v x="$3" -v y="$4" '
        BEGIN { px = x + 0.8; py = y + 1.5; t = "none" }
        $1 == pg && px >= $2 && px <= $4 && py >= $3 && py <= $5 { t = $6; exit }
        END { print t }' "$1.annots"
}

# --- renders -------------------------------------------------------------

begin render
mkdir -p "$TOP/one" "$TOP/two" "$TOP/date"
A=$TOP/apparatus.pdf
R=$TOP/report.pdf
AP=$TOP/apparatus-pdfa.pdf
RP=$TOP/report-pdfa.pdf
RE=$TOP/report-embed.pdf
AE=$TOP/apparatus-embed.pdf
RPE=$TOP/one/report.pdf
RPE2=$TOP/two/other-name.pdf
RPED=$TOP/date/report.pdf
A2=$TOP/two/apparatus.pdf
render "$A" "$APP"
render "$R" "$REPORT"
render "$AP" --pdfa "$APP"
render "$RP" --pdfa "$REPORT"
render "$RE" --embed-source "$REPORT"
render "$AE" --embed-source "$APP"
render "$RPE" --pdfa --embed-source "$REPORT"
render "$RPE2" --pdfa --embed-source "$REPORT"
render "$RPED" --pdfa --embed-source --date 2010-01-01 "$REPORT"
render "$A2" "$APP"
DUMP=$TOP/apparatus.dump
run_bin "$DUMP" "$DUMP.stderr" --dump pages "$APP"
expect_status 0
expect_sane
for f in "$A" "$R"; do
    [ -s "$f" ] && prep "$f"
done
for f in "$AP" "$RP" "$RE" "$AE" "$RPE" "$RPE2" "$RPED" "$A2"; do
    [ -s "$f" ] && prep_json "$f"
done
end

APP_TITLE=$(sed -n 's/^title:[[:space:]]*//p' "$APP" | sed 's/[[:space:]]#.*$//' | head -n 1)
REP_TITLE=$(sed -n 's/^title:[[:space:]]*//p' "$REPORT" | sed 's/[[:space:]]#.*$//' | head -n 1)
DECK_TITLE=$(sed -n 's/^title:[[:space:]]*//p' "$DECK" | sed 's/[[:space:]]#.*$//' | head -n 1)
APPENDIX_HEADING=$(printf '付録A 発表資料『%s』' "$DECK_TITLE" | norm)

# toc_entries PDF: "TITLE<TAB>LABEL" for each line after 目次 on page 1
# (the label is the last word of the line; the title the rest, normalized).
toc_entries() {
    awk '
        function norm(s) { gsub(/[ \t]/, "", s); gsub(/　/, "", s); return s }
        { sub(/\f/, "") }
        started && NF > 0 {
            lab = $NF
            line = $0
            sub(/[ \t]+[^ \t]+[ \t]*$/, "", line)
            print norm(line) "\t" lab
            next
        }
        norm($0) == "目次" { started = 1 }' "$1.lay.1"
}

# toc_check PDF EXPECTED: EXPECTED has "TITLE<TAB>PAGE" lines (PAGE: where
# the heading is, or empty if not found). Checks the entries of page 1
# against it: titles, labels, leaders and links.
toc_check() {
    pdf=$1
    exp=$2
    toc_entries "$pdf" >"$exp.got"
    if [ ! -s "$exp.got" ]; then
        fail "page 1 has no 目次 followed by entries"
        return
    fi
    ne=$(wc -l <"$exp")
    ng=$(wc -l <"$exp.got")
    [ "$ne" = "$ng" ] || fail "page 1 lists $ng entries, expected $ne: $(cut -f1 "$exp.got" | tr '\n' ' ')"
    if cut -f2 "$exp.got" | grep -q '?'; then
        fail "an entry still has the first pass's '?' label: $(awk -F'\t' '$2 ~ /[?]/ { print; exit }' "$exp.got")"
    fi
    i=1
    while [ "$i" -le "$ne" ]; do
        t=$(sed -n "${i}p" "$exp" | cut -f1)
        pg=$(sed -n "${i}p" "$exp" | cut -f2)
        gt=$(sed -n "${i}p" "$exp.got" | cut -f1)
        gl=$(sed -n "${i}p" "$exp.got" | cut -f2)
        if [ "$gt" != "$t" ]; then
            fail "entry $i is '$gt', expected '$t' (leader dots as text would show here)"
        elif [ -z "$pg" ]; then
            fail "'$t' is not found as a line on any page from 2 on"
        elif [ "$gl" != "$(label "$pdf" "$pg")" ]; then
            fail "entry '$t' says page $gl, but the heading is on page $pg labelled $(label "$pdf" "$pg")"
        fi
        i=$((i + 1))
    done
    # leaders: vector dots (a dashed, round-capped stroke per entry), no text
    nlead=$(awk '/<page /{p++} p == 1 && /<stroke_path/ && /linecap="1/ && / dash="/ {n++} END {print n+0}' "$pdf.trace")
    [ "$nlead" = "$ne" ] || fail "page 1 has $nlead dotted leader strokes, expected one per entry ($ne)"
    if grep -q '\.\.\.\|…\|・・・' "$pdf.lay.1"; then
        fail "page 1 has leader characters in its text: $(grep -m 1 '\.\.\.\|…' "$pdf.lay.1")"
    fi
    # links: page 1's annotations, grouped by line (top first) = the entries
    awk -F'\t' '$1 == 1 { printf "%d\t%s\n", int($3 + 0.5), $6 }' "$pdf.annots" |
        sort -t "$(printf '\t')" -k1,1nr -s >"$exp.links"
    cut -f1 "$exp.links" | uniq >"$exp.rows"
    nr=$(wc -l <"$exp.rows")
    if [ "$nr" != "$ne" ]; then
        fail "page 1 has links on $nr lines, expected one linked line per entry ($ne)"
        return
    fi
    i=1
    while [ "$i" -le "$ne" ]; do
        row=$(sed -n "${i}p" "$exp.rows")
        t=$(sed -n "${i}p" "$exp" | cut -f1)
        pg=$(sed -n "${i}p" "$exp" | cut -f2)
        bad=$(awk -F'\t' -v r="$row" -v pg="$pg" '$1 == r && $2 != pg { print $2; exit }' "$exp.links")
        if [ -n "$bad" ] && [ -n "$pg" ]; then
            if [ "$bad" = nodest ]; then
                fail "entry '$t': its link has no /Dest (expected page $pg)"
            else
                fail "entry '$t': its link goes to page $bad, expected page $pg"
            fi
        fi
        i=$((i + 1))
    done
}

# --- contents ------------------------------------------------------------

begin contents
if have "$A"; then
    awk -v max=3 -f "$DIR/headings.awk" "$APP" | cut -f2 >"$TOP/a-heads"
    : >"$TOP/a-toc"
    while IFS= read -r h; do
        printf '%s\t%s\n' "$h" "$(find_heading "$A" "$h")" >>"$TOP/a-toc"
    done <"$TOP/a-heads"
    grep -q "$(printf '\t')2\$" "$TOP/a-toc" && grep -q "$(printf '\t')5\$" "$TOP/a-toc" ||
        fail "apparatus.md no longer spreads its sections from page 2 to page 5: $(cut -f2 "$TOP/a-toc" | tr '\n' ' ')"
    toc_check "$A" "$TOP/a-toc"
fi
end

begin contents-report
if have "$R"; then
    awk -v max=3 -f "$DIR/headings.awk" "$REPORT" | cut -f2 >"$TOP/r-heads"
    echo "$APPENDIX_HEADING" >>"$TOP/r-heads"
    : >"$TOP/r-toc"
    while IFS= read -r h; do
        printf '%s\t%s\n' "$h" "$(find_heading "$R" "$h")" >>"$TOP/r-toc"
    done <"$TOP/r-heads"
    # the slides: entry "スライド k<title>", at the page showing "スライド k/N"
    toc_entries "$R" | cut -f1 | grep '^スライド[0-9]' >"$TOP/r-slides"
    ns=$(wc -l <"$TOP/r-slides")
    [ "$ns" -ge 1 ] || fail "page 1 lists no スライド entries for the appendix"
    k=1
    while [ "$k" -le "$ns" ]; do
        e=$(sed -n "${k}p" "$TOP/r-slides")
        case $e in
        "スライド$k"[!0-9]*) ;;
        *) fail "slide entry $k is '$e', expected スライド $k and its title" ;;
        esac
        printf '%s\t%s\n' "$e" "$(find_prefix "$R" "スライド$k/")" >>"$TOP/r-toc"
        k=$((k + 1))
    done
    toc_check "$R" "$TOP/r-toc"
fi
end

begin contents-off
for src in contents-off one-heading; do
    out=$TOP/$src.pdf
    render "$out" "$DIR/$src.md" || continue
    prep "$out"
    if grep -Fxq "目次" "$out.lines.1"; then
        fail "$src.md: page 1 has a 目次"
    fi
    first=$(awk -f "$DIR/headings.awk" "$DIR/$src.md" | head -n 1 | cut -f2)
    grep -Fxq -- "$first" "$out.lines.1" || fail "$src.md: the body does not start on page 1 (no '$first' there)"
    [ "$(label "$out" 1)" = 1 ] || fail "$src.md: page 1 is labelled '$(label "$out" 1)', expected 1"
done
end

# --- page labels -----------------------------------------------------------

# folio_check PDF: page 1 has no folio; every other page's last line is its label.
folio_check() {
    n=$(npages "$1")
    l1=$(label "$1" 1)
    if grep -Fxq -- "$l1" "$1.lines.1" || grep -Eq '^[0-9]+$' "$1.foot.1"; then
        fail "$(basename "$1"): page 1 shows a folio ($(cat "$1.foot.1"))"
    fi
    p=2
    while [ "$p" -le "$n" ]; do
        [ "$(cat "$1.foot.$p")" = "$(label "$1" "$p")" ] ||
            fail "$(basename "$1"): page $p is labelled '$(label "$1" "$p")' but its foot reads '$(cat "$1.foot.$p")'"
        p=$((p + 1))
    done
}

begin labels-report
if have "$R"; then
    got=$(labels_line "$R")
    [ "$got" = "i 1 2 3 4 A-1 A-2 A-3 A-4 A-5 A-6 A-7" ] ||
        fail "page labels are '$got', expected 'i 1 2 3 4 A-1 A-2 A-3 A-4 A-5 A-6 A-7'"
    folio_check "$R"
fi
end

begin labels-apparatus
if have "$A"; then
    n=$(npages "$A")
    want=i
    k=1
    while [ "$k" -lt "$n" ]; do
        want="$want $k"
        k=$((k + 1))
    done
    got=$(labels_line "$A")
    [ "$got" = "$want" ] || fail "page labels are '$got', expected '$want'"
    folio_check "$A"
fi
end

# --- running heads -----------------------------------------------------------

# heads_check PDF SRC TITLE [EXTRA-SECTION]: pages 2..N start with TITLE and
# the section in force.
heads_check() {
    pdf=$1
    tmp=$TOP/heads.$$
    awk -v max=2 -f "$DIR/headings.awk" "$2" | cut -f2 >"$tmp"
    [ -n "$4" ] && echo "$4" >>"$tmp"
    : >"$tmp.at"
    while IFS= read -r h; do
        pg=$(find_heading "$pdf" "$h")
        if [ -z "$pg" ]; then
            fail "section '$h' is not found as a line on any page"
            continue
        fi
        printf '%s\t%s\n' "$pg" "$h" >>"$tmp.at"
    done <"$tmp"
    title=$(printf '%s' "$3" | norm)
    n=$(npages "$pdf")
    carry=""
    p=2
    while [ "$p" -le "$n" ]; do
        first=$(awk -F'\t' -v p="$p" '$1 == p { print $2; exit }' "$tmp.at")
        last=$(awk -F'\t' -v p="$p" '$1 == p { l = $2 } END { print l }' "$tmp.at")
        want=${first:-$carry}
        [ -n "$last" ] && carry=$last
        got=$(cat "$pdf.head.$p")
        [ "$got" = "$title$want" ] ||
            fail "$(basename "$pdf") page $p: running head '$got', expected '$title' and '${want:-(none)}'"
        p=$((p + 1))
    done
    [ "$(grep -Fc -- "$title" "$pdf.lines.1")" = 1 ] ||
        fail "$(basename "$pdf") page 1: the title appears $(grep -Fc -- "$title" "$pdf.lines.1") times (a running head on page 1?)"
    rm -f "$tmp" "$tmp.at"
}

begin running-heads
have "$A" && heads_check "$A" "$APP" "$APP_TITLE"
have "$R" && heads_check "$R" "$REPORT" "$REP_TITLE" "$APPENDIX_HEADING"
end

# --- footnotes -------------------------------------------------------------

begin footnotes
if have "$A"; then
    awk -v notes=1 -f "$DIR/headings.awk" "$APP" >"$TOP/notes"
    [ -s "$TOP/notes" ] || fail "no footnotes found in $APP"
    # "*N" glyph pairs: the note marker sits at the left edge of the text,
    # the reference inside a line
    awk -F'\t' '
        $1 != pg { flush(); pg = $1 }
        { g[n] = $4; x[n] = $2; y[n] = $3; n++; if (!(pg in minx) || $2 < minx[pg]) minx[pg] = $2 }
        function flush(   i, j, num) {
            for (i = 0; i < n; i++) {
                if (g[i] != "*") continue
                num = ""
                for (j = i + 1; j < n && g[j] ~ /^[0-9]$/; j++) num = num g[j]
                if (num == "") continue
                print pg "\t" num "\t" (x[i] - minx[pg] < 0.5 ? "mark" : "ref") "\t" x[i] "\t" y[i]
            }
            n = 0
        }
        END { flush() }' "$A.glyphs" >"$TOP/stars"
    split_seen=0
    while IFS="$(printf '\t')" read -r num lab text; do
        pre=$(printf '%s' "$text" | LC_ALL=$U8 grep -o '^.\{1,14\}' | head -n 1)
        suf=$(printf '%s' "$text" | LC_ALL=$U8 grep -o '.\{1,10\}$' | tail -n 1)
        refpg=$(awk -F'\t' -v k="$num" '$2 == k && $3 == "ref" { print $1; exit }' "$TOP/stars")
        start=$(find_text "$A" "$pre")
        stop=$(find_text "$A" "$suf" "${start:-1}")
        if [ -z "$refpg" ]; then
            fail "note $num ($lab): no reference *$num in the body"
            continue
        fi
        if [ -z "$start" ] || [ -z "$stop" ]; then
            fail "note $num ($lab): its text ('$pre' ... '$suf') is not in the PDF"
            continue
        fi
        [ "$start" = "$refpg" ] ||
            fail "note $num ($lab): the reference *$num is on page $refpg (label $(label "$A" "$refpg")) but the note begins on page $start"
        # smaller type than the body (the text just before the reference)
        nsz=$(glyph_at "$A" "$start" "$pre" | cut -d' ' -f3)
        set -- $(awk -F'\t' -v k="$num" '$2 == k && $3 == "ref" { print $1, $4, $5; exit }' "$TOP/stars")
        bsz=$(awk -F'\t' -v p="$1" -v x="$2" -v y="$3" '
            $1 == p && $4 == "*" && $2 == x && $3 == y { print prev; exit }
            $1 == p { prev = $5 }' "$A.glyphs")
        awk -v a="$nsz" -v b="$bsz" 'BEGIN { exit !(a != "" && a + 0 < b + 0) }' ||
            fail "note $num ($lab) is set at ${nsz:-?} pt, the body at $bsz pt: not smaller"
        if [ "$stop" != "$start" ]; then
            split_seen=1
            p=$((start + 1))
            while [ "$p" -le "$stop" ]; do
                grep -Fq "（前ページから続く）" "$A.join.$p" ||
                    fail "note $num runs from page $start to $stop but page $p does not say （前ページから続く）"
                p=$((p + 1))
            done
        fi
        # reference -> note, marker -> reference
        set -- $(awk -F'\t' -v k="$num" '$2 == k && $3 == "ref" { print $1, $4, $5; exit }' "$TOP/stars")
        t=$(link_at "$A" "$1" "$2" "$3")
        case $t in
        "$start") ;;
        none) fail "note $num: the reference *$num on page $1 is not a link" ;;
        nodest) fail "note $num: the link of the reference *$num (page $1) has no /Dest (expected page $start)" ;;
        *) fail "note $num: the reference *$num links to page $t, expected page $start (the note)" ;;
        esac
        set -- $(awk -F'\t' -v k="$num" '$2 == k && $3 == "mark" { print $1, $4, $5; exit }' "$TOP/stars")
        if [ $# -lt 3 ]; then
            fail "note $num: no marker *$num at the start of the note"
        else
            t=$(link_at "$A" "$1" "$2" "$3")
            case $t in
            "$refpg") ;;
            none) fail "note $num: the note's marker *$num on page $1 is not a link" ;;
            nodest) fail "note $num: the link of the note's marker (page $1) has no /Dest (expected page $refpg)" ;;
            *) fail "note $num: the note's marker links to page $t, expected page $refpg (the reference)" ;;
            esac
        fi
    done <"$TOP/notes"
    [ "$split_seen" = 1 ] || fail "no note of apparatus.md is split over two pages (its long note 3 should be)"
    # a page that says 前ページから続く continues a note from the page before
    n=$(npages "$A")
    p=2
    while [ "$p" -le "$n" ]; do
        if grep -Fq "（前ページから続く）" "$A.join.$p"; then
            prev=$((p - 1))
            ok=0
            while IFS="$(printf '\t')" read -r num lab text; do
                pre=$(printf '%s' "$text" | LC_ALL=$U8 grep -o '^.\{1,14\}' | head -n 1)
                suf=$(printf '%s' "$text" | LC_ALL=$U8 grep -o '.\{1,10\}$' | tail -n 1)
                s=$(find_text "$A" "$pre")
                e=$(find_text "$A" "$suf" "${s:-1}")
                [ -n "$s" ] && [ -n "$e" ] && [ "$s" -le "$prev" ] && [ "$e" -ge "$p" ] && ok=1
            done <"$TOP/notes"
            [ "$ok" = 1 ] || fail "page $p says （前ページから続く） but no note continues there from page $prev"
        fi
        p=$((p + 1))
    done
    # the notes sit under a short rule: on each page with a note marker, a
    # horizontal stroke between a sixth and a half of the text width
    for p in $(awk -F'\t' '$3 == "mark" { print $1 }' "$TOP/stars" | sort -u); do
        awk -v pg="$p" '
            /<page /{ n++ }
            n == pg && /<stroke_path/ { s = 1; next }
            s && /<moveto/ { match($0, /x="[^"]*"/); x1 = substr($0, RSTART + 3, RLENGTH - 4); match($0, /y="[^"]*"/); y1 = substr($0, RSTART + 3, RLENGTH - 4); next }
            s && /<lineto/ { match($0, /x="[^"]*"/); x2 = substr($0, RSTART + 3, RLENGTH - 4); match($0, /y="[^"]*"/); y2 = substr($0, RSTART + 3, RLENGTH - 4)
                             if (y1 == y2 && x2 - x1 >= 450 / 6 && x2 - x1 <= 450 / 2) found = 1; s = 0 }
            END { exit !found }' "$A.trace" ||
            fail "page $p holds notes but no short rule above them"
    done
fi
end

begin notes-in-text
# (no running head holds a section's title: the text is searched for them)
printf 'footnote:\n  place: chapter\nheader:\n  odd:\n    right: ""\n' >"$TOP/notes-chapter.yaml"
printf 'footnote:\n  place: end\n  title: 註\nheader:\n  odd:\n    right: ""\n' \
    >"$TOP/notes-end.yaml"
NC=$TOP/notes-chapter.pdf
NE=$TOP/notes-end.pdf
NV=$TOP/notes-vertical.pdf
render "$NC" --theme "$TOP/notes-chapter.yaml" "$APP"
render "$NE" --theme "$TOP/notes-end.yaml" "$APP"
render "$NV" --theme "$TOP/notes-chapter.yaml" --vertical "$APP"
awk -v notes=1 -f "$DIR/headings.awk" "$APP" >"$TOP/notes"
# the h2 heading (normalized) whose section holds each note's first reference
awk '/^## / { h = $0; sub(/^## +/, "", h); gsub(/[ \t]|　/, "", h) }
     /^\[\^[^]]+\]:/ { next }
     { line = $0
       while (match(line, /\[\^[^]]+\]/)) {
           l = substr(line, RSTART + 2, RLENGTH - 3)
           if (!(l in seen)) { seen[l] = 1; print l "\t" h }
           line = substr(line, RSTART + RLENGTH) } }' "$APP" >"$TOP/note-sections"
awk -v max=2 -f "$DIR/headings.awk" "$APP" | awk -F'\t' '$1 == 2 { print $2 }' >"$TOP/h2s"
# at FILE TEXT: the byte offset of TEXT in FILE (one line), 0 if absent
at() { awk -v t="$2" '{ print index($0, t) }' "$1"; }
for f in "$NC" "$NE"; do
    have "$f" || continue
    pdftotext -q -f 2 "$f" - | norm | tr -d '\n\f' >"$f.all"     # (page 1: the contents)
done
# (vertical: MuPDF's text, in the drawing's order; pdftotext orders a vertical
# page's blocks of other sizes, headings and notes, by rules of its own)
have "$NV" && mutool draw -F txt -o - "$NV" 2-N 2>/dev/null | norm | tr -d '\n\f' >"$NV.all"
if have "$NC" && have "$NV"; then
    for f in "$NC" "$NV"; do
        while IFS="$(printf '\t')" read -r num lab text; do
            pre=$(printf '%s' "$text" | LC_ALL=$U8 grep -o '^.\{1,14\}' | head -n 1)
            sec=$(awk -F'\t' -v l="$lab" '$1 == l { print $2 }' "$TOP/note-sections")
            next_sec=$(awk -v h="$sec" 'found { print; exit } $0 == h { found = 1 }' "$TOP/h2s")
            n=$(at "$f.all" "$pre")
            h=$(at "$f.all" "$sec")
            t=$(awk -v h="$h" '{ s = substr($0, h + 1); i = index(s, "注"); print i ? h + i : 0 }' "$f.all")
            e=$(awk -v h="$h" -v t="$next_sec" '{ i = t == "" ? 0 : index(substr($0, h + 1), t)
                                                  print i ? h + i : 999999999 }' "$f.all")
            [ "$n" -gt 0 ] && [ "$h" -gt 0 ] && [ "$t" -gt "$h" ] && [ "$t" -lt "$n" ] &&
                [ "$n" -lt "$e" ] ||
                fail "$(basename "$f"): note $num ($lab) is not after its section '$sec' under 注 and before '$next_sec' (at $n; section $h, 注 $t, next $e)"
        done <"$TOP/notes"
    done
    prep "$NC"
    while IFS="$(printf '\t')" read -r num lab text; do
        pre=$(printf '%s' "$text" | LC_ALL=$U8 grep -o '^.\{1,14\}' | head -n 1)
        notepg=$(find_text "$NC" "$pre")
        set -- $(awk -F'\t' -v k="$num" '
            $4 == "*" { star = 1; pg = $1; x = $2; y = $3; n = ""; next }
            star && $4 ~ /^[0-9]$/ { n = n $4; next }
            star { if (n == k && x > 100) { print pg, x, y; exit } star = 0 }' "$NC.glyphs")
        [ $# -eq 3 ] && [ "$(link_at "$NC" "$1" "$2" "$3")" = "$notepg" ] ||
            fail "notes-chapter.pdf: the reference *$num does not link to the note's page $notepg"
    done <"$TOP/notes"
fi
if have "$NE"; then
    last=$(tail -n 1 "$TOP/h2s")
    l=$(at "$NE.all" "$last")
    t=$(awk -v h="$l" '{ s = substr($0, h + 1); i = index(s, "註"); print i ? h + i : 0 }' "$NE.all")
    [ "$t" -gt "$l" ] || fail "notes-end.pdf: no 註 after the last section '$last'"
    while IFS="$(printf '\t')" read -r num lab text; do
        pre=$(printf '%s' "$text" | LC_ALL=$U8 grep -o '^.\{1,14\}' | head -n 1)
        n=$(at "$NE.all" "$pre")
        [ "$n" -gt "$t" ] || fail "notes-end.pdf: note $num ($lab) is not after 註 ($n, 註 at $t)"
    done <"$TOP/notes"
fi
for f in "$NC" "$NE"; do
    have "$f" || continue
    grep -Fq "（前ページから続く）" "$f.all" && fail "$(basename "$f"): a note continued at a page foot"
done
for t in chapter end; do
    run_bin "$TOP/notes-$t.dump" "$TOP/notes-$t.dump.err" --dump pages --theme "$TOP/notes-$t.yaml" "$APP"
    grep -q ' n=[0-9]' "$TOP/notes-$t.dump" && fail "footnote.place: $t: a note line at a page foot (--dump pages)"
    grep -q '"保存の期間は' "$TOP/notes-$t.dump" || fail "footnote.place: $t: note 1 not set (--dump pages)"
done
end

begin footnote-fill
if [ -s "$DUMP" ]; then
    # body pitch: the tallest "line" slice; the rule takes half of it
    awk '
        /^page / { p++; next }
        $1 == "line" || $1 == "note" || $1 == "block" || $1 == "row" || $1 == "image" || $1 == "gap" || $1 == "rule" {
            y = h = ""
            for (i = 2; i <= NF; i++) {
                if ($i ~ /^y=/ && y == "") y = substr($i, 3) + 0
                if ($i ~ /^h=/ && h == "") h = substr($i, 3) + 0
            }
            if ($1 == "line" && h > pitch) pitch = h
            if ($1 == "note") {
                if (!(p in ntop)) ntop[p] = y
                nh = h
                if ($0 ~ / continued /) cont[p] = 1
            } else if (y + h > bottom[p])
                bottom[p] = y + h
        }
        END {
            for (q = 1; q < p; q++)
                if ((q + 1) in cont && (q in ntop)) {
                    free = ntop[q] - pitch / 2 - bottom[q]
                    if (free >= nh)
                        printf "page %d: a note continues on page %d though %.1f pt were free above the notes (a note line takes %.1f)\n", q, q + 1, free, nh
                } else if ((q + 1) in cont && !(q in ntop))
                    printf "page %d: no notes at its foot, yet page %d continues a note\n", q, q + 1
        }' "$DUMP" >"$TOP/fill"
    while IFS= read -r line; do
        fail "$line"
    done <"$TOP/fill"
    grep -q ' continued ' "$DUMP" || fail "--dump pages shows no continued note: the fixture no longer tests one"
else
    fail "no --dump pages output for $APP"
fi
end

# --- cross-references and links -----------------------------------------------

# link_check PDF PAGE NEEDLE AFTER TARGET WHAT: the glyph at NEEDLE links to TARGET.
link_check() {
    pos=$(glyph_at "$1" "$2" "$3" "$4")
    if [ -z "$pos" ]; then
        fail "$6: '$3' not found on page $2"
        return
    fi
    t=$(link_at "$1" "$2" $pos)
    case $t in
    "$5") ;;
    none) fail "$6 (page $2) is not a link" ;;
    nodest) fail "$6 (page $2): the link has no /Dest (expected page $5)" ;;
    *) fail "$6 (page $2) links to page $t, expected page $5" ;;
    esac
}

begin pageref
if have "$A"; then
    for spec in "点検の手順|その節は|ページから始まる" "構造の記述|構造の記述は|ページにある"; do
        slug=${spec%%|*}
        rest=${spec#*|}
        before=${rest%%|*}
        after=${rest#*|}
        pg=$(find_heading "$A" "$slug")
        if [ -z "$pg" ]; then
            fail "heading '$slug' not found"
            continue
        fi
        lab=$(label "$A" "$pg")
        where=$(find_text "$A" "$before$lab$after")
        if [ -z "$where" ]; then
            got=$(cat "$A".join.* | LC_ALL=$U8 grep -o "$before.\{0,6\}$after" | head -n 1)
            fail "{{page:#$slug}}: expected '$before$lab$after' (heading on page $pg, label $lab), the PDF has '${got:-nothing}'"
            continue
        fi
        link_check "$A" "$where" "$before" 1 "$pg" "{{page:#$slug}}"
    done
fi
end

begin links
if have "$A"; then
    p=$(find_text "$A" "具体的な確認の方法は点検の手順の節")
    [ -n "$p" ] && link_check "$A" "$p" "具体的な確認の方法は" 1 "$(find_heading "$A" 点検の手順)" "[点検の手順](#点検の手順)"
    p=$(find_text "$A" "形式の選び方の節と構造の記述の節も")
    if [ -n "$p" ]; then
        link_check "$A" "$p" "形式の選び方の節と" 0 "$(find_heading "$A" 形式の選び方)" "[形式の選び方](#形式の選び方)"
        link_check "$A" "$p" "の節と" 1 "$(find_heading "$A" 構造の記述)" "[構造の記述](#構造の記述)"
    else
        fail "the paragraph with [形式の選び方](#...) is not in the PDF"
    fi
    # no internal link anywhere without a destination
    nd=$(awk -F'\t' '$6 == "nodest"' "$A.annots" | wc -l)
    [ "$nd" = 0 ] || fail "$nd of $(wc -l <"$A.annots") link annotations in apparatus.pdf have no /Dest (pages: $(awk -F'\t' '$6 == "nodest" { print $1 }' "$A.annots" | uniq | tr '\n' ' '))"
fi
if have "$R"; then
    nd=$(awk -F'\t' '$6 == "nodest"' "$R.annots" | wc -l)
    [ "$nd" = 0 ] || fail "$nd of $(wc -l <"$R.annots") link annotations in report.pdf have no /Dest (pages: $(awk -F'\t' '$6 == "nodest" { print $1 }' "$R.annots" | uniq | tr '\n' ' '))"
fi
end

# --- bookmarks -------------------------------------------------------------

# outline PDF: "DEPTH<TAB>PAGE<TAB>TITLE" in tree order
outline() {
    awk -F'\t' '
        $1 ~ /^outlines\|/ {
            n = split($1, p, "|")
            leaf = p[n]
            if (leaf != "title" && leaf != "destpageposfrom1") next
            key = ""; d = 0
            for (i = 2; i < n; i += 2) { key = key sprintf("%05d.", p[i]); d++ }
            v = $2; if (v ~ /^".*"$/) v = substr(v, 2, length(v) - 2); sub(/^u:/, "", v)
            if (leaf == "title") T[key] = v; else P[key] = v
            D[key] = d
        }
        END { for (k in D) print k "\t" D[k] "\t" P[k] "\t" T[k] }' "$1.flat" |
        sort | cut -f2-
}

begin bookmarks
if have "$A"; then
    outline "$A" | awk -F'\t' '{ t = $3; gsub(/[ \t]/, "", t); print $1 "\t" $2 "\t" t }' >"$TOP/a-outline"
    awk -v max=3 -f "$DIR/headings.awk" "$APP" | awk -F'\t' '{ print ($1 - 1) "\t" $2 }' >"$TOP/a-want"
    : >"$TOP/a-want2"
    while IFS="$(printf '\t')" read -r d h; do
        printf '%s\t%s\t%s\n' "$d" "$(find_heading "$A" "$h")" "$h" >>"$TOP/a-want2"
    done <"$TOP/a-want"
    cmp -s "$TOP/a-outline" "$TOP/a-want2" ||
        fail "apparatus bookmarks (depth page title) are [$(tr '\t\n' ' ;' <"$TOP/a-outline")], expected [$(tr '\t\n' ' ;' <"$TOP/a-want2")]"
fi
if have "$R"; then
    outline "$R" >"$TOP/r-outline"
    awk -F'\t' '$1 == 1 { t = $3; gsub(/[ \t]/, "", t); print $2 "\t" t }' "$TOP/r-outline" >"$TOP/r-top"
    grep -Fq "$APPENDIX_HEADING" "$TOP/r-top" || fail "report: no bookmark '$APPENDIX_HEADING'"
    ns=$(awk -F'\t' '$1 == 2' "$TOP/r-outline" | wc -l)
    nc=$(cat "$R".body.* | grep -c '^スライド[0-9]*/')
    [ "$ns" -ge 1 ] && [ "$ns" = "$nc" ] || fail "report: $ns slide bookmarks under the appendix, $nc slides shown"
    k=1
    awk -F'\t' '$1 == 2 { print $2 }' "$TOP/r-outline" | while IFS= read -r pg; do
        want=$(find_prefix "$R" "スライド$k/")
        [ "$pg" = "$want" ] || echo "slide bookmark $k goes to page $pg, the slide is shown on page $want"
        k=$((k + 1))
    done >"$TOP/r-ol-bad"
    while IFS= read -r line; do fail "report: $line"; done <"$TOP/r-ol-bad"
fi
end

# --- tagged PDF ------------------------------------------------------------

begin structure
if have "$A"; then
    awk -f "$DIR/common.awk" -f "$DIR/struct.awk" "$A.flat" >"$TOP/tree"
    mutool show "$A" trailer/Root/StructTreeRoot 2>/dev/null | grep -q '/StructTreeRoot' ||
        fail "mutool finds no trailer/Root/StructTreeRoot"
    if grep -q '^ERROR' "$TOP/tree"; then
        fail "$(cut -f2 "$TOP/tree")"
    else
        for t in Document H1 H2 H3 P L LI Lbl LBody Table TR TH TD Figure Note TOC TOCI Link BlockQuote Code; do
            awk -F'\t' -v t="$t" '$2 == t { f = 1 } END { exit !f }' "$TOP/tree" || fail "no /$t structure element"
        done
        # nesting
        awk -F'\t' '
            { st[$1] = $2; par = ($1 > 1) ? st[$1 - 1] : "(root)" }
            $2 == "LI" && par != "L" { bad["LI inside " par]++ }
            $2 == "LBody" && par != "LI" { bad["LBody inside " par]++ }
            $2 == "Lbl" && par != "LI" && par != "Note" { bad["Lbl inside " par]++ }
            $2 == "TR" && par != "Table" && par != "THead" && par != "TBody" && par != "TFoot" { bad["TR inside " par]++ }
            ($2 == "TH" || $2 == "TD") && par != "TR" { bad[$2 " inside " par]++ }
            $2 == "TOCI" && par != "TOC" { bad["TOCI inside " par]++ }
            $1 == 1 && $2 != "Document" { bad["at the top of the tree, outside a Document"]++ }
            END { for (m in bad) print bad[m] " " m }' "$TOP/tree" | sort >"$TOP/nest"
        [ -s "$TOP/nest" ] && fail "misplaced elements: $(tr '\n' ';' <"$TOP/nest")"
        # the figure's alt text
        alt=$(sed -n 's/^!\[\([^]]*\)\].*/\1/p' "$APP" | head -n 1)
        nf=$(awk -F'\t' '$2 == "Figure"' "$TOP/tree" | wc -l)
        [ "$nf" = 1 ] || fail "$nf Figure elements, expected 1"
        awk -F'\t' -v a="$alt" '$2 == "Figure" && $5 != a { print "Figure /Alt is \"" $5 "\", expected \"" a "\"" }' "$TOP/tree" >"$TOP/alt"
        while IFS= read -r line; do fail "$line"; done <"$TOP/alt"
        # headings: in tree order, on the pages of the headings in source order
        for lv in 2 3; do
            awk -F'\t' -v t="H$lv" '$2 == t { print $4 }' "$TOP/tree" | tr '\n' ' ' >"$TOP/hpages"
            want=""
            for h in $(awk -v max=$lv -f "$DIR/headings.awk" "$APP" | awk -F'\t' -v l=$lv '$1 == l { print $2 }'); do
                want="$want$(find_heading "$A" "$h") "
            done
            [ "$(cat "$TOP/hpages")" = "$want" ] ||
                fail "H$lv elements in tree order are on pages [$(cat "$TOP/hpages")], the h$lv headings in source order on [$want]"
        done
        nn=$(awk -F'\t' '$2 == "Note"' "$TOP/tree" | wc -l)
        nd=$(awk -v notes=1 -f "$DIR/headings.awk" "$APP" | wc -l)
        [ "$nn" -ge "$nd" ] || fail "$nn Note elements for $nd footnotes"
    fi
    r=$(root_ref "$A")
    [ "$(oget "$A" "$r" /Lang)" = ja ] || fail "catalog /Lang is '$(oget "$A" "$r" /Lang)', expected (ja)"
    [ "$(oget "$A" "$r" "/MarkInfo|/Marked")" = true ] || fail "catalog /MarkInfo /Marked is not true"
    pdfinfo "$A" 2>/dev/null | grep -q '^Tagged: *yes' || fail "pdfinfo does not say Tagged: yes"
fi
if have "$R"; then
    awk -f "$DIR/common.awk" -f "$DIR/struct.awk" "$R.flat" >"$TOP/rtree"
    awk -F'\t' '$2 == "Sect"' "$TOP/rtree" | grep -q . || fail "report: no Sect element for the appendix slides"
    pdfinfo "$R" 2>/dev/null | grep -q '^Tagged: *yes' || fail "report: pdfinfo does not say Tagged: yes"
fi
end

begin tagged-text
for f in "$A" "$R"; do
    have "$f" || continue
    awk -f "$DIR/untagged.awk" "$f.trace" >"$f.untagged"
    : >"$f.untagged.bad"
    if [ "$f" = "$A" ]; then title=$(printf '%s' "$APP_TITLE" | norm); else title=$(printf '%s' "$REP_TITLE" | norm); fi
    while IFS="$(printf '\t')" read -r p text; do
        t=$(printf '%s' "$text" | norm)
        [ -z "$t" ] && continue
        head=$(cat "$f.head.$p")
        lab=$(label "$f" "$p")
        # the running head (title and section, one text object or two) and the folio
        if [ "$p" -gt 1 ]; then
            [ "$t" = "$head" ] || [ "$t" = "$title" ] || [ "$title$t" = "$head" ] || [ "$t" = "$lab" ] && continue
        fi
        [ "$t" = "（前ページから続く）" ] && continue
        printf 'page %s: %s\n' "$p" "$t" >>"$f.untagged.bad"
    done <"$f.untagged"
    LC_ALL=$U8 sed -i 's/^\(page [0-9]*: .\{40\}\).*/\1…/' "$f.untagged.bad"
    nb=$(wc -l <"$f.untagged.bad")
    # per page: how many runs, and the longest
    [ "$nb" = 0 ] ||
        fail "$(basename "$f"): $nb runs of text are outside marked content (untagged): $(awk '
            { p = $2; sub(/:$/, "", p); t = $0; sub(/^page [0-9]+: /, "", t); n[p]++
              if (length(t) > length(m[p])) m[p] = t; if (!(p in seen)) { seen[p] = 1; o[++k] = p } }
            END { for (i = 1; i <= k; i++) printf "page %s %d (\"%s\"); ", o[i], n[o[i]], m[o[i]] }' "$f.untagged.bad")"
done
end

begin figure-top
out=$TOP/figure-top.pdf
if render "$out" "$DIR/figure-top.md"; then
    prep "$out"
    awk -f "$DIR/common.awk" -f "$DIR/struct.awk" "$out.flat" >"$out.tree"
    alt=$(sed -n 's/^!\[\([^]]*\)\].*/\1/p' "$DIR/figure-top.md" | head -n 1)
    awk -F'\t' -v a="$alt" '$2 == "Figure" && $5 == a { f = 1 } END { exit !f }' "$out.tree" ||
        fail "no Figure element with /Alt '$alt'"
    grep -Fq "図1紙面の先頭の図" "$out.join.2" || fail "the caption is not on page 2"
    pdfinfo "$out" 2>/dev/null | grep -q '^Tagged: *yes' || fail "pdfinfo does not say Tagged: yes"
fi
end

# --- PDF/A ---------------------------------------------------------------

# xmp PDF: the XMP packet of the catalog's /Metadata (decoded)
xmp() {
    m=$(oget "$1" "$(root_ref "$1")" /Metadata)
    [ -n "$m" ] && qpdf --show-object="${m%% *}" --filtered-stream-data "$1" 2>/dev/null
}
# xmp_val FILE TAG: the text of <TAG>...</TAG> (the first rdf:li inside,
# if any), XML entities decoded.
xmp_val() {
    tr '\n' ' ' <"$1" | sed -n "s|.*<$2>\(.*\)</$2>.*|\1|p" |
        sed 's|.*<rdf:li[^>]*>\([^<]*\)</rdf:li>.*|\1|' |
        sed 's/&lt;/</g; s/&gt;/>/g; s/&quot;/"/g; s/&amp;/\&/g'
}
# date_digits TEXT: the first 14 digits of a PDF or XMP date, zero-padded
date_digits() {
    printf '%s' "$1" | tr -cd '0-9' | cut -c1-14 | sed -e :a -e 's/^.\{1,13\}$/&0/;ta'
}

pdfa_check() {                           # pdfa_check PDF PART NAME
    f=$1
    part=$2
    w=$3
    # header (6.1.2)
    head -n 1 "$f" | grep -q '^%PDF-1\.[0-7]' || fail "$w: header '$(head -c 9 "$f")' is not %PDF-1.0..1.7"
    sed -n 2p "$f" | od -An -tu1 | awk '{ for (i = 1; i <= NF; i++) b[++n] = $i } END { exit !(b[1] == 37 && b[2] > 127 && b[3] > 127 && b[4] > 127 && b[5] > 127) }' ||
        fail "$w: no binary comment (% and 4 bytes > 127) on the second line"
    # trailer (6.1.3)
    id0=$(jget "$f" "qpdf|1|trailer|value|/ID|0")
    id1=$(jget "$f" "qpdf|1|trailer|value|/ID|1")
    { [ -n "$id0" ] && [ "$id0" != "b:" ] && [ -n "$id1" ] && [ "$id1" != "b:" ]; } || fail "$w: the trailer has no /ID of two strings"
    [ -z "$(jget "$f" "qpdf|1|trailer|value|/Encrypt")" ] || fail "$w: the trailer has /Encrypt"
    # syntax (6.1)
    qpdf --check "$f" >"$f.check" 2>&1
    st=$?
    grep -v "No syntax or stream encoding errors found\|errors that qpdf cannot detect" "$f.check" >"$f.check.bad"
    [ "$st" = 0 ] && ! grep -qi 'warning\|error' "$f.check.bad" ||
        fail "$w: qpdf --check (status $st): $(grep -i -m 2 'warning\|error' "$f.check.bad" | head -c 300)"
    # metadata (6.6.2.1)
    r=$(root_ref "$f")
    m=$(oget "$f" "$r" /Metadata)
    if [ -z "$m" ]; then
        fail "$w: the catalog has no /Metadata"
        return
    fi
    [ "$(sget "$f" "$m" /Type)" = /Metadata ] && [ "$(sget "$f" "$m" /Subtype)" = /XML ] ||
        fail "$w: the metadata stream is not /Type /Metadata /Subtype /XML"
    xmp "$f" >"$f.xmp"
    # pdfaid (6.6.4)
    [ "$(xmp_val "$f.xmp" pdfaid:part)" = "$part" ] || fail "$w: pdfaid:part is '$(xmp_val "$f.xmp" pdfaid:part)', expected $part"
    [ "$(xmp_val "$f.xmp" pdfaid:conformance)" = U ] || fail "$w: pdfaid:conformance is '$(xmp_val "$f.xmp" pdfaid:conformance)', expected U"
    # info-xmp (6.6.3)
    info=$(jget "$f" "qpdf|1|trailer|value|/Info")
    for pair in "/Title dc:title =" "/Author dc:creator ~" "/Subject dc:description =" \
        "/Keywords pdf:Keywords =" "/Producer pdf:Producer =" "/Creator xmp:CreatorTool ="; do
        set -- $pair
        iv=$(oget "$f" "$info" "$1")
        xv=$(xmp_val "$f.xmp" "$2")
        if [ -z "$iv" ] && [ -z "$xv" ]; then continue; fi
        case $3 in
        =) [ "$iv" = "$xv" ] || fail "$w: Info $1 '$iv' but XMP $2 '$xv'" ;;
        ~) case $xv in *"$iv"*) ;; *) fail "$w: Info $1 '$iv' not in XMP $2 '$xv'" ;; esac ;;
        esac
    done
    [ -n "$(oget "$f" "$info" /Title)" ] || fail "$w: Info has no /Title"
    for pair in "/CreationDate xmp:CreateDate" "/ModDate xmp:ModifyDate"; do
        set -- $pair
        iv=$(oget "$f" "$info" "$1")
        xv=$(xmp_val "$f.xmp" "$2")
        [ -n "$iv" ] && [ -n "$xv" ] && [ "$(date_digits "$iv")" = "$(date_digits "$xv")" ] ||
            fail "$w: Info $1 '$iv' and XMP $2 '$xv' differ"
    done
    # language
    [ "$(xmp_val "$f.xmp" dc:language)" = ja ] || fail "$w: dc:language is '$(xmp_val "$f.xmp" dc:language)', expected ja"
    [ "$(oget "$f" "$r" /Lang)" = ja ] || fail "$w: catalog /Lang is not (ja)"
    # intent (6.2.3)
    oi=$(oget "$f" "$r" "/OutputIntents|0")
    if [ -z "$oi" ]; then
        fail "$w: no /OutputIntents"
    else
        [ -z "$(oget "$f" "$r" "/OutputIntents|1")" ] || fail "$w: more than one output intent"
        [ "$(oget "$f" "$oi" /S)" = /GTS_PDFA1 ] || fail "$w: output intent /S is '$(oget "$f" "$oi" /S)', expected /GTS_PDFA1"
        prof=$(oget "$f" "$oi" /DestOutputProfile)
        if [ -z "$prof" ]; then
            fail "$w: the output intent has no DestOutputProfile"
        else
            [ "$(sget "$f" "$prof" /N)" = 3 ] || fail "$w: DestOutputProfile /N is '$(sget "$f" "$prof" /N)', expected 3"
            qpdf --show-object="${prof%% *}" --filtered-stream-data "$f" >"$f.icc" 2>/dev/null
            cmp -s "$f.icc" "$SRGB" || fail "$w: DestOutputProfile's bytes differ from $SRGB"
        fi
    fi
    # annots (6.3)
    na=$(wc -l <"$f.annots")
    nb=$(awk -F'\t' '$7 != 4' "$f.annots" | wc -l)
    [ "$nb" = 0 ] || fail "$w: $nb of $na annotations lack /F 4 (e.g. $(awk -F'\t' '$7 != 4 { print $9 " /F " ($7 == "" ? "absent" : $7); exit }' "$f.annots"))"
    nl=$(awk -F'\t' '$8 != "/Link"' "$f.annots" | wc -l)
    [ "$nl" = 0 ] || fail "$w: $nl annotations are not /Link"
    # actions (6.6.1)
    for k in /JavaScript /JS /Launch /Encrypt; do
        # as a key of any object, or as a name value (/S /Launch)
        ! grep -q "|$k	\||$k|\|	\"$k\"\$" "$f.flat" || fail "$w: has $k ($(grep -m 1 "|$k	\||$k|\|	\"$k\"\$" "$f.flat" | cut -c1-100))"
    done
    # fonts (6.2.11)
    pdffonts "$f" 2>/dev/null | tail -n +3 >"$f.fonts"
    [ -s "$f.fonts" ] || fail "$w: pdffonts lists no fonts"
    awk '$(NF - 4) != "yes" { print }' "$f.fonts" | grep -q . && fail "$w: a font is not embedded: $(awk '$(NF - 4) != "yes" { print $1; exit }' "$f.fonts")"
    awk '$(NF - 2) != "yes" { print }' "$f.fonts" | grep -q . && fail "$w: a font has no ToUnicode: $(awk '$(NF - 2) != "yes" { print $1; exit }' "$f.fonts")"
    dup=$(awk '{ n = $1; sub(/^[A-Z][A-Z][A-Z][A-Z][A-Z][A-Z]\+/, "", n); print n }' "$f.fonts" | sort | uniq -d | head -n 1)
    [ -z "$dup" ] || fail "$w: $dup is embedded more than once (narrow metric copies, whose widths disagree with the font program)"
    # files (6.8)
    if [ "$part" = 2 ]; then
        grep -q '^attachments|' "$f.flat" && fail "$w: PDF/A-2 with embedded files"
    fi
    return 0
}

begin pdfa
have "$AP" && pdfa_check "$AP" 2 "apparatus --pdfa"
have "$RP" && pdfa_check "$RP" 2 "report --pdfa"
have "$RPE" && pdfa_check "$RPE" 3 "report --pdfa --embed-source"
end

begin no-pdfa
for f in "$A" "$R" "$RE"; do
    have "$f" || continue
    xmp "$f" >"$f.xmp"
    if grep -q '<pdfaid:' "$f.xmp"; then
        fail "$(basename "$f") (no --pdfa): the XMP claims PDF/A ($(grep -o '<pdfaid:part>[^<]*' "$f.xmp"))"
    fi
    [ -z "$(oget "$f" "$(root_ref "$f")" "/OutputIntents|0")" ] || fail "$(basename "$f") (no --pdfa) has /OutputIntents"
done
end

# --- attachments -----------------------------------------------------------

attach_check() {                         # attach_check PDF SOURCES...
    f=$1
    shift
    w=$(basename "$f")
    qpdf --list-attachments "$f" 2>&1 | sed 's/ -> .*//' | sort >"$f.att"
    want=""
    for s in "$@"; do want="$want$(basename "$s") "; done
    got=$(tr '\n' ' ' <"$f.att")
    [ "$got" = "$want" ] || fail "$w: attachments are [$got], expected [$want]"
    r=$(root_ref "$f")
    for s in "$@"; do
        b=$(basename "$s")
        qpdf --show-attachment="$b" "$f" >"$f.$b" 2>/dev/null
        cmp -s "$f.$b" "$s" || fail "$w: the attachment $b differs from $s"
        spec=$(jget "$f" "attachments|$b|filespec")
        if [ -z "$spec" ]; then
            fail "$w: no file specification for $b"
            continue
        fi
        [ "$(oget "$f" "$spec" /AFRelationship)" = /Source ] || fail "$w: $b has /AFRelationship '$(oget "$f" "$spec" /AFRelationship)', expected /Source"
        [ "$(oget "$f" "$spec" /F)" = "$b" ] && [ "$(oget "$f" "$spec" /UF)" = "$b" ] || fail "$w: $b's file specification lacks /F and /UF ($b)"
        grep -q "^qpdf|1|obj:$r|value|/AF|[0-9]*	\"$spec\"" "$f.flat" || fail "$w: the catalog's /AF does not list $b ($spec)"
        ef=$(oget "$f" "$spec" "/EF|/F")
        [ "$(sget "$f" "$ef" /Subtype)" = /text/markdown ] || fail "$w: $b's MIME type (/Subtype) is '$(sget "$f" "$ef" /Subtype)', expected text/markdown"
    done
}

begin attachments
have "$RE" && attach_check "$RE" "$REPORT" "$DECK"
if have "$RPE"; then
    attach_check "$RPE" "$REPORT" "$DECK"
    xmp "$RPE" >"$RPE.xmp"
    [ "$(xmp_val "$RPE.xmp" pdfaid:part)" = 3 ] || fail "--pdfa --embed-source: pdfaid:part is '$(xmp_val "$RPE.xmp" pdfaid:part)', expected 3"
fi
have "$AE" && attach_check "$AE" "$APP"
for f in "$R" "$RP"; do
    have "$f" || continue
    [ -z "$(qpdf --list-attachments "$f" 2>/dev/null | grep -v 'has no embedded files$')" ] || fail "$(basename "$f"): attachments without --embed-source"
done
end

# --- determinism -------------------------------------------------------------

begin determinism
if have "$RPE" && have "$RPE2"; then
    cmp -s "$RPE" "$RPE2" || fail "two renders with --pdfa --embed-source differ: $(cmp "$RPE" "$RPE2" 2>&1 | head -c 200)"
fi
if have "$A" && have "$A2"; then
    cmp -s "$A" "$A2" || fail "two plain renders of apparatus.md differ: $(cmp "$A" "$A2" 2>&1 | head -c 200)"
fi
if have "$RPE" && have "$RPED"; then
    cmp -s "$RPE" "$RPED" && fail "--date 2010-01-01 gives the same bytes"
    i1=$(jget "$RPE" "qpdf|1|trailer|value|/ID|0")
    i2=$(jget "$RPED" "qpdf|1|trailer|value|/ID|0")
    [ -n "$i1" ] && [ "$i1" != "$i2" ] || fail "--date 2010-01-01 keeps the trailer /ID ($i1)"
    cd=$(oget "$RPED" "$(jget "$RPED" "qpdf|1|trailer|value|/Info")" /CreationDate)
    case $cd in D:20100101*) ;; *) fail "--date 2010-01-01: CreationDate is '$cd'" ;; esac
    xmp "$RPED" >"$RPED.xmp"
    case $(xmp_val "$RPED.xmp" xmp:CreateDate) in 2010-01-01*) ;; *) fail "--date 2010-01-01: xmp:CreateDate is '$(xmp_val "$RPED.xmp" xmp:CreateDate)'" ;; esac
fi
end

summary
