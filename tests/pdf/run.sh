#!/bin/sh
# tests/pdf/run.sh BIN: facts about the PDF, asserted with real readers
# (poppler's pdfinfo, pdffonts, pdftotext; qpdf), never by comparing bytes
# with a stored file (STYLE §10, DESIGN §7).
#
# content/report.md is rendered once to a temporary PDF; each case then
# checks one thing about it in its own temporary folder:
#   qpdf-check    qpdf --check finds no errors or warnings
#   fonts         every font embedded, subset, with a ToUnicode map; no Type 3
#   info          Title and Author from the front matter, >= 2 pages, A4
#   paper-b5      --paper B5 gives 515.91 x 728.50 pt pages
#   text-order    each line of report-sentences.txt is in the extracted text,
#                 in order (whitespace removed on both sides; page heads and
#                 page numbers removed first)
#   no-jp-spaces  no space between two Japanese characters in the extracted
#                 text unless the source has it there
#   line-starts   no line starts with a character JLREQ (strict) forbids there
#   outline       one bookmark per heading (and per appendix slide), the first is 概要,
#                 each resolves
#                 to a page
#   determinism   two renders are byte-identical; --date 2010-01-01 differs
#                 and its CreationDate says 2010
#   links         tests/pdf/links.md: a /URI link and an internal /Dest link
#                 that resolves; qpdf --check is clean with links; URIs with a
#                 lone parenthesis or Japanese characters come percent-encoded
#   links-merged  no two link annotations with one target touch on a line
#                 (tests/pdf/links-touch.awk): adjacent runs are one link
#   content-compact  the page content rewritten by the post-pass draws what
#                 cairo's did: the same words within 0.001 pt, the same pages
#                 at 50 dpi but for anti-aliasing; a third of the text objects
#   runs          the layout goes a run of blocks at a time as the pages are drawn
#                 (src/layout.c): with every top-level block a run of its own
#                 (KUMIHAN_RUN_BYTES=1) nine in ten runs of the report go before its
#                 last page, and the PDFs of the report (also with --pages and
#                 --crop-marks), links.md, every tests/layout and tests/archive
#                 document and the reports of tests/slides are byte-identical to those drawn with
#                 the layout kept (KUMIHAN_KEEP_LAYOUT=1); under the sanitize
#                 build a page reading a run freed fails here
#   scratch       cairo's output of a document of 64 pages or more (the report's
#                 body 20 times) goes through a scratch file in the output's
#                 folder, unlinked at once: the folder holds the PDF alone after
#                 a run, and the PDF is byte-identical to the one written to
#                 standard output (drawn in memory)
#   threads       the helper threads change nothing but the time: the PDFs
#                 of the runs case's documents (and --pdfa, --booklet) are
#                 byte-identical with KUMIHAN_THREADS=1 (no helper thread) and
#                 KUMIHAN_THREADS=4 (fonts subset and streams compressed on
#                 several threads); with 2 the same, and
#                 every stream is compressed (cairo's at zlib's default level,
#                 the post-pass's with libdeflate): no stream of the report
#                 starts with a stored deflate block
#   headers       page 2 has the title on top and its page label at its foot; page 1
#                 has no running head
#
# Run from the repository root: sh tests/pdf/run.sh build/kumihan
# Prints "FAIL: <case>: <why>" per failed check and a summary; exits 1 on any
# failure.

SUITE=pdf
. tests/lib.sh

REPORT=content/report.md
SENTENCES=tests/pdf/report-sentences.txt
LINKS=tests/pdf/links.md

# front matter value of KEY in FILE (plain scalars; a trailing # comment goes)
front() {
    sed -n '2,/^---[[:space:]]*$/p' "$2" | sed -n "s/^$1:[[:space:]]*//p" | head -n 1 |
        sed 's/[[:space:]][[:space:]]*#.*$//; s/[[:space:]]*$//; s/^"\(.*\)"$/\1/'
}

# check_size CASE-PDF W H: page size within 0.1 pt
check_size() {
    size=$(pdf_info "$1" 'Page size')
    echo "$size" | awk -v w="$2" -v h="$3" '
        { d1 = $1 - w; d2 = $3 - h; if (d1 < 0) d1 = -d1; if (d2 < 0) d2 = -d2
          exit !(d1 <= 0.1 && d2 <= 0.1) }' ||
        fail "page size is '$size', expected $2 x $3 pt"
}

# body_text PDF TITLE HEADINGS > TEXT: pdftotext (reading order) with the
# page furniture removed: on pages after the first, the running head (a line
# holding the title, then a line holding a heading from the file HEADINGS) and
# on every page the page number that ends it
body_text() {
    pdftotext -enc UTF-8 "$1" - 2>/dev/null | awk -v title="$2" -v hfile="$3" '
        # heads are compared without spaces: JLREQ spacing adds some
        function bare(s) { gsub(/[ \t]|　/, "", s); return s }
        BEGIN { while ((getline h < hfile) > 0) heading[bare(h)] = 1; title = bare(title) }
        function flush(   i, first, second, last) {
            first = 0; second = 0; last = 0
            for (i = 1; i <= n; i++) if (line[i] ~ /[^ \t]/) { if (!first) first = i
                else if (!second) second = i; last = i }
            if (page > 1 && first && bare(line[first]) == title) {
                line[first] = ""
                if (second && (bare(line[second]) in heading)) line[second] = ""
            }
            # folios: page labels (1, A-1, i)
            if (last && line[last] ~ /^[ \t]*(A-)?[0-9]+[ \t]*$|^[ \t]*[ivxlc]+[ \t]*$/)
                line[last] = ""
            for (i = 1; i <= n; i++) print line[i]
            n = 0
        }
        { while ((j = index($0, "\f")) > 0) { line[++n] = substr($0, 1, j - 1); page++; flush()
                                              $0 = substr($0, j + 1) }
          line[++n] = $0 }
        END { if (n) { page++; flush() } }'
}

# --- the report, rendered once ---
begin_setup render
PDF=$TOP/report.pdf
TITLE=$(front title "$REPORT")
AUTHOR=$(front author "$REPORT")
render "$PDF" "$REPORT"
rendered=$?
end_setup
[ "$rendered" = 0 ] || summary "(no PDF to check)"

begin qpdf-check
qpdf --check "$PDF" >"$T/check" 2>&1
qst=$?
[ "$qst" = 0 ] || fail "qpdf --check exit status $qst: $(grep -m 3 'WARNING\|ERROR\|error' "$T/check")"
grep -q 'No syntax or stream encoding errors found' "$T/check" ||
    fail "qpdf --check does not say 'No syntax or stream encoding errors found'"
if grep -qi 'warning\|error:' "$T/check"; then
    fail "qpdf --check: $(grep -i -m 3 'warning\|error:' "$T/check")"
fi
end

begin fonts
pdffonts "$PDF" >"$T/fonts" 2>&1 || fail "pdffonts failed: $(head -n 3 "$T/fonts")"
# rows after the ---- line: name type... emb sub uni object ID; the three
# flags are the 5th to 3rd fields from the end
awk 'seen && NF >= 6 { rows++
         emb = $(NF-4); sub_ = $(NF-3); uni = $(NF-2)
         if (emb != "yes" || sub_ != "yes" || uni != "yes")
             print "font " $1 ": emb=" emb " sub=" sub_ " uni=" uni
         if ($0 ~ /Type 3/) print "font " $1 " is Type 3" }
     /^----/ { seen = 1 }
     END { if (!rows) print "pdffonts lists no fonts" }' "$T/fonts" >"$T/bad"
while IFS= read -r l; do fail "$l"; done <"$T/bad"
end

begin info
[ -n "$TITLE" ] || fail "no title in the front matter of $REPORT"
got=$(pdf_info "$PDF" Title)
[ "$got" = "$TITLE" ] || fail "Title is '$got', expected '$TITLE'"
got=$(pdf_info "$PDF" Author)
[ "$got" = "$AUTHOR" ] || fail "Author is '$got', expected '$AUTHOR'"
pages=$(pdf_pages "$PDF")
[ "${pages:-0}" -ge 2 ] 2>/dev/null || fail "Pages is '$pages', expected at least 2"
check_size "$PDF" 595.28 841.89
end

begin paper-b5
if render "$T/b5.pdf" --paper B5 "$REPORT"; then
    check_size "$T/b5.pdf" 515.91 728.50
    pages=$(pdf_pages "$T/b5.pdf")
    [ "${pages:-0}" -ge 2 ] 2>/dev/null || fail "Pages is '$pages', expected at least 2"
fi
end

begin text-order
# the headings as the source writes them (ATX headings: the report's style)
sed -n 's/^#\{1,6\}[[:space:]]\{1,\}//p' "$REPORT" | sed 's/[[:space:]]\{1,\}#\{1,\}[[:space:]]*$//; s/[[:space:]]*$//' >"$T/headings"
body_text "$PDF" "$TITLE" "$T/headings" >"$T/body.txt"
# whole text and each sentence without any whitespace (U+3000 too); find each sentence
# after the end of the one before (byte-wise: fine for UTF-8)
awk -v S="$SENTENCES" '
    { gsub(/[ \t\r\f\v]|　/, ""); text = text $0 }
    END {
        pos = 1
        while ((getline s < S) > 0) {
            k++
            gsub(/[ \t\r\f\v]|　/, "", s)
            if (s == "") continue
            i = index(substr(text, pos), s)
            if (i == 0) {
                if (index(text, s)) print "sentence " k " out of order: " s
                else print "sentence " k " missing: " s
            } else pos += i - 1 + length(s)
        }
        if (k == 0) print "no sentences in " S
    }' "$T/body.txt" >"$T/bad"
while IFS= read -r l; do fail "$l"; done <"$T/bad"
end

begin no-jp-spaces
if ! printf 'あ い\n' | LC_ALL=$U8 grep -qP '\x{3042} \x{3044}' 2>/dev/null; then
    fail "grep -P with LC_ALL=$U8 does not work here"
else
    # kana, CJK ideographs, CJK punctuation, full-width forms
    J='[\x{3000}-\x{303F}\x{3040}-\x{30FF}\x{4E00}-\x{9FFF}\x{FF00}-\x{FFEF}]'
    pdftotext -enc UTF-8 -raw "$PDF" - 2>/dev/null |
        # running heads: "TITLE SECTION" is two texts, not a spurious space
        awk -v t="$TITLE " 'index($0, t) != 1' >"$T/raw.txt"
    LC_ALL=$U8 grep -oP "$J +$J" "$T/raw.txt" | sort -u >"$T/pairs"
    while IFS= read -r p; do
        # a space the source has (富士通研究所 岩松氏) is not spurious
        grep -qF -- "$p" "$REPORT" && continue
        fail "space between Japanese characters: '$p' in: $(grep -m 1 -F -- "$p" "$T/raw.txt")"
    done <"$T/pairs"
fi
end

begin line-starts
pdftotext -enc UTF-8 -layout "$PDF" "$T/layout.txt" 2>/dev/null
# strip leading blanks and list markers, then look at the first character
LC_ALL=$U8 sed 's/^[[:space:]]*//; s/^[・◦▪▫◇○][[:space:]]*//' "$T/layout.txt" |
    LC_ALL=$U8 grep -n '^[、。，．」』）〕］｝〉》】〙〗〟’”ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶー々ゝゞヽヾ・：；！？‐〜゠–…‥％℃°]' \
    >"$T/bad"
while IFS= read -r l; do fail "line starts with a character JLREQ forbids there: $l"; done <"$T/bad"
end

begin outline
timeout 20 "$BIN" --dump tree "$REPORT" >"$T/tree" 2>"$T/tree.err" ||
    fail "--dump tree failed: $(head -c 300 "$T/tree.err")"
headings=$(grep -c '^ *heading ' "$T/tree")
[ "$headings" -ge 1 ] || fail "--dump tree shows no headings in $REPORT"
# a slide appendix adds one bookmark per slide under its heading
deck=$(sed -n 's/^ *appendix deck="\(.*\)" @.*/\1/p' "$T/tree" | head -n 1)
if [ -n "$deck" ]; then
    slides=$(timeout 20 "$BIN" --slides --dump tree "$deck" 2>/dev/null | grep -c '^  slide ')
    [ "$slides" -ge 1 ] || fail "appendix deck $deck shows no slides"
    headings=$((headings + slides))
fi
qpdf --json --json-key=outlines "$PDF" >"$T/outlines.json" 2>"$T/qpdf.err" ||
    fail "qpdf --json --json-key=outlines failed: $(head -c 300 "$T/qpdf.err")"
# every entry, nested or not, has one "title"; top-level ones are indented 6
entries=$(grep -c '"title":' "$T/outlines.json")
[ "$entries" = "$headings" ] ||
    fail "$entries outline entries, $headings headings in --dump tree"
first=$(sed -n 's/^      "title": "\(.*\)",\{0,1\}$/\1/p' "$T/outlines.json" | head -n 1)
[ "$first" = "概要" ] || fail "first outline entry is '$first', expected 概要"
# each entry must lead somewhere: qpdf resolves its destination to a page
unresolved=$(grep -c '"destpageposfrom1": null' "$T/outlines.json")
[ "$unresolved" = 0 ] ||
    fail "$unresolved of $entries outline entries do not resolve to a page (qpdf: destpageposfrom1 null)"
end

begin determinism
if render "$T/a.pdf" "$REPORT" && render "$T/b.pdf" "$REPORT"; then
    cmp -s "$T/a.pdf" "$T/b.pdf" || fail "two renders differ: $(cmp "$T/a.pdf" "$T/b.pdf" 2>&1)"
    cmp -s "$T/a.pdf" "$PDF" || fail "a render to another path differs from the first"
fi
if render "$T/d.pdf" --date 2010-01-01 "$REPORT"; then
    cmp -s "$T/d.pdf" "$PDF" && fail "--date 2010-01-01 gives the same bytes as the default"
    cd=$(pdf_info "$T/d.pdf" CreationDate)
    case $cd in *2010*) ;; *) fail "CreationDate is '$cd' with --date 2010-01-01" ;; esac
fi
end

begin links
if render "$T/links.pdf" "$LINKS"; then
    qpdf --check "$T/links.pdf" >"$T/check" 2>&1
    qst=$?
    [ "$qst" = 0 ] && ! grep -qi 'warning' "$T/check" ||
        fail "qpdf --check exit status $qst on a PDF with links: $(grep -i -m 2 'warning' "$T/check" | tr '\n' ' ')"
    # qdf: one object per "N 0 obj ... endobj", one key per line, strings
    # written the same way wherever they occur
    qpdf --qdf --object-streams=disable "$T/links.pdf" "$T/q.pdf" >/dev/null 2>&1
    [ -s "$T/q.pdf" ] || fail "qpdf --qdf wrote nothing"
    awk '
        /^[0-9]+ 0 obj$/ { inobj = 1; link = 0; uri = ""; dest = ""; innames = 0; next }
        inobj && /^endobj$/ {
            if (link && uri != "") print "uri " uri
            if (link && dest != "") print "dest " dest
            inobj = 0; next
        }
        !inobj { next }
        /^  \/Subtype \/Link$/ { link = 1 }
        /^    \/URI / { uri = substr($0, 10) }
        /^  \/Dest / { dest = substr($0, 9) }
        /^  \/Names \[$/ { innames = 1; next }
        innames && /^  \]$/ { innames = 0 }
        innames && /^    [<(]/ { print "name " substr($0, 5) }
    ' "$T/q.pdf" >"$T/facts"
    grep -qxF 'uri (https://example.com/kumihan)' "$T/facts" ||
        fail "no /Link annotation with /URI (https://example.com/kumihan)"
    grep -q '^dest ' "$T/facts" || fail "no /Link annotation with a /Dest"
    # cairo writes a URI into a literal string as it is: a lone parenthesis
    # must come percent-encoded (or the file is damaged), and a PDF URI is
    # ASCII: a Japanese path comes as its UTF-8 bytes, percent-encoded
    grep -qxF 'uri (https://example.com/a%29b)' "$T/facts" ||
        fail "no /URI (https://example.com/a%29b): $(grep '^uri' "$T/facts" | tr '\n' ' ')"
    grep -qxF 'uri (https://example.com/%E6%97%A5%E6%9C%AC)' "$T/facts" ||
        fail "no /URI (https://example.com/%E6%97%A5%E6%9C%AC): $(grep '^uri' "$T/facts" | tr '\n' ' ')"
    # a named destination must be in the /Dests name tree
    sed -n 's/^dest //p' "$T/facts" | sort -u | while IFS= read -r d; do
        case $d in \[*) continue ;; esac      # an explicit [page /XYZ ...]
        grep -qxF "name $d" "$T/facts" ||
            echo "internal link /Dest $d is not a name in the /Dests tree ($(sed -n 's/^name //p' "$T/facts" | tr '\n' ' '))"
    done >"$T/bad"
    while IFS= read -r l; do fail "$l"; done <"$T/bad"
fi
end

begin links-merged
# a contents line is several runs (number, title, ...): runs that follow one
# another with one target are one link, not one annotation per run
qpdf --qdf --object-streams=disable "$PDF" "$T/q.pdf" >/dev/null 2>&1
[ -s "$T/q.pdf" ] || fail "qpdf --qdf wrote nothing"
n=$(grep -c '^  /Subtype /Link$' "$T/q.pdf")
[ "$n" -ge 10 ] || fail "only $n link annotations in the report (its contents are links)"
awk -f tests/pdf/links-touch.awk "$T/q.pdf" >"$T/touch"
[ -s "$T/touch" ] && fail "$(wc -l <"$T/touch") pairs of touching links with one target: $(head -n 2 "$T/touch" | tr '\n' ' ')"
end

begin content-compact
# the post-pass writes cairo's page content again (src/content.c); with
# KUMIHAN_CAIRO_CONTENT set it keeps cairo's. Both must draw the same: the
# same words at the same places (within 0.001 pt: positions keep 3 decimals),
# the same pages to within anti-aliasing at 50 dpi (a glyph moved by under
# 0.0005 pt can land on the other side of a rasteriser's sub-pixel step)
if KUMIHAN_CAIRO_CONTENT=1 render "$T/cairo.pdf" "$REPORT"; then
    pdftotext -bbox "$T/cairo.pdf" "$T/a.html" 2>/dev/null
    pdftotext -bbox "$PDF" "$T/b.html" 2>/dev/null
    words() { sed -n 's/^ *<word xMin="\([^"]*\)" yMin="\([^"]*\)" xMax="\([^"]*\)" yMax="\([^"]*\)">\(.*\)<\/word>$/\1 \2 \3 \4 \5/p' "$1"; }
    words "$T/a.html" >"$T/a.words"
    words "$T/b.html" >"$T/b.words"
    n=$(wc -l <"$T/a.words")
    [ "$n" -ge 1000 ] || fail "only $n words in the report's text"
    paste -d '\n' "$T/a.words" "$T/b.words" | awk '
        function d(x, y) { return x > y ? x - y : y - x }
        function text(s) { sub(/^[^ ]+ [^ ]+ [^ ]+ [^ ]+ /, "", s); return s }
        NR % 2 == 1 { split($0, a, " "); ta = text($0); next }
        { split($0, b, " "); tb = text($0)
          if (ta != tb) { print "word " NR / 2 ": \"" ta "\" became \"" tb "\""; bad++ }
          else for (i = 1; i <= 4; i++) if (d(a[i], b[i]) > 0.001) {
              print "word " NR / 2 " (" ta ") moved by " d(a[i], b[i]) " pt"; bad++; break } }
        bad >= 3 { exit }' >"$T/bad"
    [ "$(wc -l <"$T/b.words")" = "$n" ] || fail "$n words from cairo's content, $(wc -l <"$T/b.words") from the rewritten one"
    while IFS= read -r l; do fail "$l"; done <"$T/bad"
    pdftoppm -r 50 -gray "$T/cairo.pdf" "$T/a" && pdftoppm -r 50 -gray "$PDF" "$T/b" ||
        fail "pdftoppm failed"
    for a in "$T"/a-*.pgm; do
        b=$T/b-${a##*/a-}
        [ -f "$b" ] || { fail "page ${a##*/} has no counterpart"; continue; }
        # differing bytes, and those that differ by more than a quarter
        cmp -l "$a" "$b" | awk -v size="$(wc -c <"$a")" -v page="${a##*/}" '
            { n++; x = 0; y = 0
              for (i = 1; i <= length($2); i++) x = x * 8 + substr($2, i, 1)
              for (i = 1; i <= length($3); i++) y = y * 8 + substr($3, i, 1)
              if (x - y > 64 || y - x > 64) big++ }
            END { if (n > size / 1000 || big > size / 5000)
                      print page ": " n " pixels differ, " big " by more than 64 of 255" }' >"$T/bad"
        while IFS= read -r l; do fail "$l"; done <"$T/bad"
    done
    # and it is what makes the file smaller: fewer text objects
    qpdf --qdf --object-streams=disable "$T/cairo.pdf" "$T/qa.pdf" >/dev/null 2>&1
    qpdf --qdf --object-streams=disable "$PDF" "$T/qb.pdf" >/dev/null 2>&1
    bta=$(grep -ac '^BT$' "$T/qa.pdf")
    btb=$(grep -ac '^BT$' "$T/qb.pdf")
    [ "$btb" -gt 0 ] && [ $((btb * 3)) -lt "$bta" ] ||
        fail "$btb text objects after the rewrite, $bta in cairo's content: expected under a third"
    sa=$(wc -c <"$T/cairo.pdf")
    sb=$(wc -c <"$PDF")
    [ "$sb" -lt "$sa" ] || fail "the rewritten PDF ($sb bytes) is not smaller than cairo's ($sa)"
fi
end

begin runs
n=0
for spec in "$REPORT" "$REPORT --pages 3-5" "$REPORT --crop-marks" "$LINKS" \
    tests/layout/*.md tests/archive/*.md tests/slides/*-report.md; do
    n=$((n + 1))
    # shellcheck disable=SC2086
    KUMIHAN_RUN_BYTES=1 render "$T/runs$n.pdf" -vv $spec || continue
    # shellcheck disable=SC2086
    KUMIHAN_RUN_BYTES=1 KUMIHAN_KEEP_LAYOUT=1 render "$T/keep$n.pdf" $spec || continue
    cmp -s "$T/runs$n.pdf" "$T/keep$n.pdf" ||
        fail "$spec: the PDF drawn freeing the layout's runs differs from the one drawn keeping them"
    if [ "$spec" = "$REPORT" ]; then
        line=$(grep 'drawing freed' "$T/runs$n.pdf.stderr")
        set -- $(echo "$line" | sed -n 's/.*freed \([0-9]*\) of \([0-9]*\) runs.*/\1 \2/p')
        if [ $# != 2 ]; then
            fail "-vv does not say what drawing freed: '$line'"
        elif [ "$2" -lt 12 ] || [ $(($1 * 10)) -lt $(($2 * 9)) ]; then
            fail "drawing the report freed $1 of $2 runs before its last page: expected at least 12 runs (one per top-level block), nine in ten"
        fi
    fi
done
end

begin scratch
mkdir "$T/out"
# the report's front matter, then its body 20 times (no appendix)
awk 'NR == 1 { print; next } /^---$/ && !done { print; done = 1; exit }
     !/^appendix:/ { print }' "$REPORT" >"$T/big.md"
body=$(awk 'b { print } /^---$/ && NR > 1 { b = 1 }' "$REPORT")
i=0
while [ $i -lt 20 ]; do printf '\n%s\n' "$body" >>"$T/big.md"; i=$((i + 1)); done
if render "$T/out/big.pdf" "$T/big.md"; then
    pages=$(pdf_pages "$T/out/big.pdf")
    [ "${pages:-0}" -ge 64 ] || fail "the test document has ${pages:-no} pages, not 64 or more"
    left=$(ls -A "$T/out" | grep -v '^big\.pdf$' | grep -v '^big\.pdf\.std' | head -n 3)
    [ -z "$left" ] || fail "files left beside the PDF: $left"
    timeout 60 "$BIN" "$T/big.md" -o - >"$T/stdout.pdf" 2>"$T/stdout.err" ||
        fail "-o - failed: $(head -c 300 "$T/stdout.err")"
    cmp -s "$T/out/big.pdf" "$T/stdout.pdf" ||
        fail "the PDF written to standard output differs from the one written to a file"
fi
end

begin threads
n=0
for spec in "$REPORT" "$REPORT --pdfa" "$REPORT --booklet" "$LINKS" \
    tests/layout/*.md tests/archive/*.md tests/slides/*-report.md; do
    n=$((n + 1))
    # shellcheck disable=SC2086
    KUMIHAN_THREADS=1 render "$T/one$n.pdf" $spec || continue
    # shellcheck disable=SC2086
    KUMIHAN_THREADS=4 render "$T/four$n.pdf" $spec || continue
    cmp -s "$T/one$n.pdf" "$T/four$n.pdf" ||
        fail "$spec: the PDF made on four threads differs from the one made on one"
done
if KUMIHAN_THREADS=2 render "$T/two.pdf" -vv "$REPORT"; then
    # every stream as written: a Flate stream starting with a stored block
    # (first byte after the zlib header: BTYPE 00) is one written without
    # compressing it (by cairo, or by the post-pass)
    qpdf --qdf --object-streams=disable --decode-level=none --compress-streams=n \
        "$T/two.pdf" "$T/raw.pdf" >/dev/null 2>&1
    stored=$(LC_ALL=C awk 'BEGIN { RS = "stream\n"; n = 0 }
        NR > 1 && prev ~ /FlateDecode/ {
            # the third byte of the stream: its block header
            b = substr($0, 3, 1); for (i = 0; i < 256; i++) if (sprintf("%c", i) == b) break
            if (int(i / 2) % 4 == 0) n++ }
        { prev = substr($0, length($0) - 300) } END { print n }' "$T/raw.pdf")
    [ "$stored" = 0 ] || fail "$stored Flate streams of the report start with a stored block"
fi
end

begin headers
p1=$(pdf_text "$PDF" 1)
p2=$(pdf_text "$PDF" 2 | grep -v '^[[:space:]]*$')
top=$(printf '%s\n' "$p2" | head -n 3)
case $top in
*"$TITLE"*) ;;
*) fail "page 2 does not start with the title; its first lines: $(echo "$top" | tr '\n' '|')" ;;
esac
# its folio is its page label: after a contents page (i), the body starts at 1
label=$(timeout 20 "$BIN" --dump pages "$REPORT" 2>/dev/null |
    sed -n 's/^page 2 .* label="\([^"]*\)".*/\1/p')
foot=$(printf '%s\n' "$p2" | tail -n 1 | tr -d '[:space:]')
[ -n "$label" ] && [ "$foot" = "$label" ] ||
    fail "page 2 does not end with its label '$label'; its last line: '$foot'"
# page 1: the title once, in the title block; a running head would repeat it
n=$(printf '%s\n' "$p1" | grep -cF -- "$TITLE")
[ "$n" = 1 ] || fail "the title occurs $n times on page 1 (a running head on the title page?)"
end

summary
