#!/bin/sh
# tests/slides/run.sh BIN: the slide features, asserted on the PDFs with real
# readers (poppler's pdfinfo and pdftotext, qpdf), never by comparing bytes
# with a stored file.
#
# The real deck (content/slides.md) is rendered once in every layout:
# --slides, --handout 1 2 3 4 6 9, --notes, and as the appendix of
# content/report.md (2up and --appendix-layout full). The cases:
#   render:MODE     exit 0, a PDF, no sanitizer report; a deck layout says
#                   nothing on stderr (the real deck has no overflow); the
#                   report says nothing about the deck
#   pages:MODE      page count and every page's size (pdfinfo -f 1 -l N)
#   text:MODE       each slide's title and text (from --dump tree), in order,
#                   inside that slide's frame (pdftotext -x -y -W -H of the
#                   frame found in the page's content stream; the whole page
#                   where a slide is a page); notes: the speaker notes under
#                   their slide; report: the caption 「スライド n/13　title」
#   placement       each slide on its page: --slides K, --handout N
#                   ceil(K/N), the 2up appendix B + ceil(K/2) (the divider
#                   heading and two slides on its first page), full B + 1 + K;
#                   notes: each slide after the one before
#   handout-3:note-lines  ruled lines beside every slide of --handout 3
#   outline:MODE    bookmarks: one per slide, "N. Title", on the slide's page;
#                   the report: its headings, the appendix heading with the
#                   13 slides as its kids
#   labels:MODE     the /PageLabels: the labels --dump pages gives the body
#                   pages, then A-1... for the appendix (the real report, the
#                   links report, and untitled-report.md whose body starts on
#                   page 1); labels:report-folios: the printed folio of each
#                   2up appendix page reads A-k
#   links:MODE      tests/slides/links-deck.md in --slides, --handout 4 and 9,
#                   --notes and as the appendix of links-report.md (2up and
#                   full): the /URI link and the internal links (one forward,
#                   one back) are on the page of their slide, inside its
#                   frame; the /URI one scaled with it; each internal link
#                   has an explicit /Dest to the page and into the frame of
#                   its target slide; qpdf --check is clean
#   qpdf-check      qpdf --check is clean for every PDF of the real deck
#   overflow:*      tests/slides/overflow-deck.md: a 40-line slide warns at
#                   its source line and still gives its page; in --handout 4
#                   it does not spill over its caption or the next slide; a
#                   12-line slide fits by shrinking its type (all of it, as
#                   --dump pages shows), without a warning, with a -v note
#   bad:*           --handout 5, --handout 3 --notes, aspect 5:4, a deck of
#                   front matter only
#   determinism     two renders of --handout 6 are byte-identical
#
# Run from the repository root: sh tests/slides/run.sh build/kumihan
# Prints "FAIL: <case>: <why>" per failed check and a summary; exits 1 on any
# failure. Every run of BIN is under `timeout 60`.

SUITE=slides
. tests/lib.sh
LIMIT=60
require_tools pdfinfo pdftotext qpdf timeout awk sed cmp

DECK=content/slides.md
REPORT=content/report.md
LC_ALL=C
export LC_ALL

# run OUT ARGS...: BIN ARGS under `timeout $LIMIT`; stdout in OUT.stdout,
# stderr in OUT.stderr, status in $st; fails on a timeout, a crash or a
# sanitizer report
run() {
    _out=$1
    shift
    run_bin "$_out.stdout" "$_out.raw" "$@"
    # LeakSanitizer's list of the suppressions it used (without
    # print_suppressions=0) is not a message of kumihan's
    awk '/^-+$/ && !s { if ((getline n) <= 0) { print; next }
                        if (n ~ /^Suppressions used:/) { s = 1; next }
                        print; print n; next }
         s == 1 { if (/^-+$/) s = 2; next }
         s == 2 && /^$/ { s = 0; next }
         { s = 0; print }' "$_out.raw" >"$_out.stderr"
    expect_ended
    expect_sane
}

# --- readers --------------------------------------------------------------

# sizes PDF: "k W H" per page, W and H in points rounded to 0.01
sizes() {
    pdfinfo -f 1 -l "$(pdf_pages "$1")" "$1" 2>/dev/null |
        awk '/^Page +[0-9]+ size:/ { printf "%d %.2f %.2f\n", $2, $4, $6 }'
}

# page_objs PDF: "k OBJ" per page (object numbers as in the file)
page_objs() {
    qpdf --show-pages "$1" 2>/dev/null | sed -n 's/^page \([0-9]*\): \([0-9]*\) [0-9]* R$/\1 \2/p'
}

# frames PDF: "k x y w h" for each slide frame (a stroked rectangle of the
# deck's 4:3 shape at least 50 pt wide), in drawing order, with the top-left
# origin that cairo's content streams (and pdftotext -x -y) use
frames() {
    qpdf --show-pages "$1" 2>/dev/null | awk '
        /^page [0-9]+:/ { sub(":", "", $2); pg = $2; next }
        /^    [0-9]+ [0-9]+ R$/ { print pg, $1 }' |
    while read -r _pg _obj; do
        qpdf --show-object="$_obj" --filtered-stream-data "$1" 2>/dev/null |
            awk -v pg="$_pg" '
                / re S$/ {
                    n = split($0, a, " ")
                    x = a[n - 5]; y = a[n - 4]; w = a[n - 3]; h = a[n - 2]
                    d = w * 3 - h * 4; if (d < 0) d = -d
                    if (w + 0 >= 50 && d < w * 0.03) print pg, x, y, w, h
                }'
    done
}

# hlines PDF: "k x0 y x1" for each stroked horizontal line ("x y m x1 y l S")
hlines() {
    qpdf --show-pages "$1" 2>/dev/null | awk '
        /^page [0-9]+:/ { sub(":", "", $2); pg = $2; next }
        /^    [0-9]+ [0-9]+ R$/ { print pg, $1 }' |
    while read -r _pg _obj; do
        qpdf --show-object="$_obj" --filtered-stream-data "$1" 2>/dev/null |
            awk -v pg="$_pg" '$3 == "m" && $6 == "l" && $7 == "S" && $2 == $5 { print pg, $1, $2, $4 }'
    done
}

# crop_text PDF PAGE X Y W H: the text inside the rectangle, whitespace removed
crop_text() {
    _x=$(awk -v v="$3" 'BEGIN { v -= 1; if (v < 0) v = 0; printf "%d", v }')
    _y=$(awk -v v="$4" 'BEGIN { v -= 1; if (v < 0) v = 0; printf "%d", v }')
    _w=$(awk -v v="$5" 'BEGIN { printf "%d", v + 3 }')
    _h=$(awk -v v="$6" 'BEGIN { printf "%d", v + 3 }')
    pdftotext -q -f "$2" -l "$2" -x "$_x" -y "$_y" -W "$_w" -H "$_h" "$1" - 2>/dev/null | squeeze
}

# qcheck PDF: qpdf --check exits 0 and prints no WARNING; else false, the
# first lines of its complaint in $QCHECK
qcheck() {
    QCHECK=$(qpdf --check "$1" 2>&1)
    _q=$?
    if [ "$_q" != 0 ] || printf '%s\n' "$QCHECK" | grep -q 'WARNING'; then
        QCHECK="exit $_q: $(printf '%s\n' "$QCHECK" | grep -v '^checking \|^PDF Version\|^File is not' | head -n 2 | tr '\n' ' ')"
        return 1
    fi
    return 0
}

squeeze() {                              # remove blanks, newlines, form feeds, U+3000
    tr -d ' \t\r\n\f' | sed 's/\xe3\x80\x80//g'
}

# has_in_order TEXTFILE ITEMSFILE: prints the items (one a line, already
# squeezed) not found in order in the squeezed text; empty when all are
has_in_order() {
    awk 'NR == FNR { text = text $0; next }
         $0 == "" { next }
         { i = index(substr(text, pos), $0)
           if (i == 0) { print; next }
           pos += i + length($0) - 1 }
         BEGIN { pos = 1 }' "$1" "$2"
}

# outline PDF: the bookmarks in document order, "depth<TAB>page<TAB>title"
# (page "-" when qpdf cannot resolve the destination)
outline() {
    qpdf --json --json-key=outlines "$1" 2>/dev/null | awk '
        function unq(s) { sub(/^[^:]*: "/, "", s); sub(/",?$/, "", s)
                          gsub(/\\"/, "\"", s); gsub(/\\\//, "/", s); gsub(/\\\\/, "\\", s)
                          return s }
        /^ *\{$/ { ind = match($0, /[^ ]/) - 1
                   if (ind < 4) next
                   d = (ind - 4) / 4 + 1; cnt[d]++
                   for (e = d + 1; e <= 20; e++) cnt[e] = 0
                   page[d] = "-"; next }
        /^ *"destpageposfrom1": / { ind = match($0, /[^ ]/) - 1; d = (ind - 6) / 4 + 1
                                    v = $2; sub(",", "", v); page[d] = v; next }
        /^ *"title": / { ind = match($0, /[^ ]/) - 1; d = (ind - 6) / 4 + 1
                         path = ""
                         for (e = 1; e <= d; e++) path = path sprintf("%05d.", cnt[e])
                         printf "%s\t%d\t%s\t%s\n", path, d, page[d], unq($0) }' |
        sort | cut -f 2-
}

# labels PDF: the page label of every page, one a line, computed from the
# /PageLabels number tree as qpdf reads it (styles /D and /r; no /S: no number)
labels() {
    _n=$(pdf_pages "$1")
    _root=$(qpdf --show-object=trailer "$1" 2>/dev/null | sed -n 's/.*\/Root \([0-9]*\) [0-9]* R.*/\1/p')
    if ! qpdf --show-object="$_root" "$1" 2>/dev/null | grep -q '/PageLabels'; then
        awk -v n="$_n" 'BEGIN { for (p = 1; p <= n; p++) print p }'     # no labels: 1..n
        return
    fi
    qpdf --json --json-key=pagelabels "$1" 2>/dev/null | awk -v n="$_n" '
        function val(s) { sub(/^[^:]*: /, "", s); sub(/,$/, "", s); gsub(/"/, "", s)
                          sub(/^u:/, "", s); return s }
        function roman(v,   i, out) {
            split("1000 900 500 400 100 90 50 40 10 9 5 4 1", rv, " ")
            split("m cm d cd c xc l xl x ix v iv i", rs, " ")
            out = ""
            for (i = 1; i <= 13; i++) while (v >= rv[i] + 0) { out = out rs[i]; v -= rv[i] }
            return out }
        /"index":/ { k++; idx[k] = val($0) + 0; S[k] = ""; P[k] = ""; St[k] = 1; next }
        /"\/S":/ { S[k] = val($0); next }
        /"\/P":/ { P[k] = val($0); next }
        /"\/St":/ { St[k] = val($0) + 0; next }
        END { for (p = 0; p < n; p++) {
                  r = 0
                  for (j = 1; j <= k; j++) if (idx[j] <= p) r = j
                  if (r == 0) { print "(none)"; continue }
                  num = ""
                  if (S[r] == "/D") num = St[r] + p - idx[r]
                  else if (S[r] == "/r") num = roman(St[r] + p - idx[r])
                  else if (S[r] != "") num = "?" S[r]
                  l = P[r] num; print (l == "" ? "(empty)" : l)
              } }'
}

# annots PDF: one line per link annotation: "k X0 Y0 X1 Y1 KIND TARGET" with
# the rectangle in top-left coordinates (as frames gives them); KIND is uri
# (TARGET the URI), dest (TARGET "PAGE X Y", Y top-left; PAGE 0 when the
# destination is not a page of this file) or none (TARGET -)
annots() {
    sizes "$1" >"$T/annots.sizes"
    page_objs "$1" >"$T/annots.pages"
    while read -r _pg _obj; do
        _d=$(qpdf --show-object="$_obj" "$1" 2>/dev/null)
        case $_d in
        */Annots\ \[*) _list=$(printf '%s\n' "$_d" | sed 's/.*\/Annots \[\([^]]*\)\].*/\1/') ;;
        */Annots\ [0-9]*)
            _ref=$(printf '%s\n' "$_d" | sed 's/.*\/Annots \([0-9]*\) [0-9]* R.*/\1/')
            _list=$(qpdf --show-object="$_ref" "$1" 2>/dev/null | tr -d '[]') ;;
        *) continue ;;
        esac
        _h=$(awk -v p="$_pg" '$1 == p { print $3 }' "$T/annots.sizes")
        for _a in $(printf '%s\n' "$_list" | awk '{ for (i = 1; i + 2 <= NF; i += 3) print $i }'); do
            qpdf --show-object="$_a" "$1" 2>/dev/null | awk -v pg="$_pg" -v h="$_h" \
                -v pages="$T/annots.pages" -v sizes="$T/annots.sizes" '
                BEGIN { while ((getline l < pages) > 0) { split(l, f, " "); pageof[f[2]] = f[1] }
                        while ((getline l < sizes) > 0) { split(l, f, " "); height[f[1]] = f[3] } }
                !/\/Subtype \/Link/ { next }
                { s = $0
                  r = s; sub(/.*\/Rect \[ /, "", r); sub(/ \].*/, "", r); split(r, R, " ")
                  kind = "none"; target = "-"
                  if (s ~ /\/URI \(/) { kind = "uri"; t = s; sub(/.*\/URI \(/, "", t)
                                        sub(/\).*/, "", t); target = t }
                  else if (s ~ /\/Dest \[ [0-9]+ [0-9]+ R \/XYZ /) {
                      kind = "dest"; t = s; sub(/.*\/Dest \[ /, "", t); split(t, A, " ")
                      p = (A[1] in pageof) ? pageof[A[1]] : 0
                      target = p " " A[5] " " (p ? height[p] - A[6] : A[6]) }
                  else if (s ~ /\/Dest /) { kind = "dest"; target = "0 named" }
                  printf "%d %.2f %.2f %.2f %.2f %s %s\n", pg, R[1], h - R[4], R[3], h - R[2],
                         kind, target }'
        done
    done <"$T/annots.pages"
}

# --- the expected text, from the deck itself ------------------------------

# items DUMP K: slide K's title and text lines (squeezed), in order
items() {
    awk -v k="$2" '
        /^  slide [0-9]+ / { cur = $2 + 0; next }
        cur != k { next }
        / (text|title_line [a-z]+) "/ {
            s = $0; sub(/^ *(text|title_line [a-z]+) "/, "", s); sub(/" @[0-9]+:[0-9]+$/, "", s)
            gsub(/\\"/, "\"", s); gsub(/\\n/, "", s); gsub(/\\\\/, "\\", s)
            gsub(/[ \t]/, "", s); print s }' "$1" | sed 's/\xe3\x80\x80//g'
}

titles() {                               # titles DUMP: "K<TAB>title" per slide
    sed -n 's/^  slide \([0-9]*\) title="\(.*\)" notes=.*/\1	\2/p; t
              s/^  slide \([0-9]*\) title="\(.*\)" @[0-9]*:[0-9]*$/\1	\2/p' "$1" |
        sed 's/\\"/"/g; s/\\\\/\\/g'
}

notes_of() {                             # notes_of DUMP K: slide K's notes, squeezed
    sed -n "s/^  slide $2 title=\".*\" notes=\"\\(.*\\)\" @[0-9]*:[0-9]*\$/\\1/p" "$1" |
        sed 's/\\n/ /g; s/\\"/"/g; s/\\\\/\\/g' | squeeze
}

# slide_places PDF MODE: "K PAGE X Y W H" for each slide K, from the frames
# (MODE whole: every page of the slide size is one slide, whole page)
slide_places() {
    if [ "$2" = whole ]; then
        sizes "$1" | awk -v w="$SW" -v h="$SH" '$2 == w && $3 == h { k++; print k, $1, 0, 0, w, h }'
    else
        frames "$1" | awk '{ k++; print k, $0 }'
    fi
}

# --- render everything once -----------------------------------------------

O=$TOP/out
mkdir "$O" || exit 1

begin "setup:dump"
run "$O/tree" --slides --dump tree "$DECK"
[ "$st" = 0 ] || fail "--slides --dump tree $DECK: exit $st: $(head -n 2 "$O/tree.stderr")"
mv "$O/tree.stdout" "$O/tree.txt"
titles "$O/tree.txt" >"$O/titles.txt"
NS=$(wc -l <"$O/titles.txt")
[ "$NS" -ge 1 ] || fail "no '  slide N title=' lines in the dump tree of $DECK"
# the deck's slide size, from its own --slides layout
run "$O/dpages" --slides --dump pages "$DECK"
SW=$(sed -n '1s/^page 1 (w=\([0-9.]*\) h=\([0-9.]*\)).*/\1/p' "$O/dpages.stdout")
SH=$(sed -n '1s/^page 1 (w=\([0-9.]*\) h=\([0-9.]*\)).*/\2/p' "$O/dpages.stdout")
if [ -z "$SW" ] || [ -z "$SH" ]; then
    fail "no slide size in --slides --dump pages $DECK"
fi
# the report's body pages: those before the appendix (label A-1)
run "$O/rpages" --dump pages "$REPORT"
B=$(awk '/^page [0-9]+ .*label="A-1"/ { print $2 - 1; exit }' "$O/rpages.stdout")
[ -n "$B" ] || fail "no page labelled A-1 in --dump pages $REPORT"
end

# check_render NAME ARGS...: case render:NAME, $O/NAME.pdf
check_render() {
    _name=$1
    shift
    begin "render:$_name"
    run "$O/$_name" "$@" -o "$O/$_name.pdf"
    if [ "$st" != 0 ]; then
        fail "exit $st: kumihan $*: $(head -n 2 "$O/$_name.stderr" | tr '\n' ' ')"
    elif [ ! -s "$O/$_name.pdf" ]; then
        fail "no PDF written: kumihan $*"
    fi
    case $_name in
    report*)
        if grep -q -i -e 'slides\.md' -e 'slide' "$O/$_name.stderr"; then
            fail "messages about the deck: $(grep -m 2 -i 'slide' "$O/$_name.stderr" | tr '\n' ' ')"
        fi ;;
    *)
        if [ -s "$O/$_name.stderr" ]; then
            fail "stderr not empty: $(head -n 2 "$O/$_name.stderr" | tr '\n' ' ')"
        fi ;;
    esac
    end
}

check_render slides --slides "$DECK"
for n in 1 2 3 4 6 9; do
    check_render "handout-$n" --handout "$n" "$DECK"
done
check_render notes --notes "$DECK"
check_render report "$REPORT"
check_render report-full --appendix-layout full "$REPORT"

need() {                                 # need NAME: the PDF exists, else fail
    [ -s "$O/$1.pdf" ] && return 0
    fail "no PDF (render:$1 failed)"
    return 1
}

# --- 1. page counts and sizes ---------------------------------------------

A4P="595.28 841.89"
A4L="841.89 595.28"

# check_sizes NAME COUNT SPEC: COUNT pages (">=N": at least N); SPEC is the
# body of an awk function want(k) giving page k's expected "W H"
check_sizes() {
    begin "pages:$1"
    if need "$1"; then
        _got=$(pdf_pages "$O/$1.pdf")
        case $2 in
        ">="*) [ "${_got:-0}" -ge "${2#>=}" ] || fail "$_got pages, expected at least ${2#>=}" ;;
        *) [ "$_got" = "$2" ] || fail "$_got pages, expected $2" ;;
        esac
        sizes "$O/$1.pdf" >"$T/sizes"
        [ "$(wc -l <"$T/sizes")" = "$_got" ] || fail "pdfinfo -f 1 -l $_got printed $(wc -l <"$T/sizes") page sizes"
        awk "function want(k) { $3 } "'
            { w = want($1); if ($2 " " $3 != w) { bad++; if (bad <= 3) printf "page %d is %s x %s, expected %s\n", $1, $2, $3, w } }
            END { if (bad > 3) printf "(and %d more pages)\n", bad - 3 }' "$T/sizes" >"$T/bad"
        while read -r _l; do fail "$_l"; done <"$T/bad"
    fi
    end
}

check_sizes slides "$NS" "return \"$SW $SH\""
check_sizes handout-1 "$(( (NS + 0) / 1 ))" "return \"$A4P\""
check_sizes handout-2 "$(( (NS + 1) / 2 ))" "return \"$A4P\""
check_sizes handout-3 "$(( (NS + 2) / 3 ))" "return \"$A4P\""
check_sizes handout-4 "$(( (NS + 3) / 4 ))" "return \"$A4L\""
check_sizes handout-6 "$(( (NS + 5) / 6 ))" "return \"$A4L\""
check_sizes handout-9 "$(( (NS + 8) / 9 ))" "return \"$A4L\""
check_sizes notes ">=$NS" "return \"$A4P\""
# the 2up appendix: the divider heading and two slides, then two a page
check_sizes report "$((B + (NS + 1) / 2))" "return \"$A4P\""
# full: the divider heading on an A4 page, then one page per slide
check_sizes report-full "$((B + 1 + NS))" "return k <= $((B + 1)) ? \"$A4P\" : \"$SW $SH\""

# --- 2. every slide's text, in its frame, in order ------------------------

# check_text NAME MODE: MODE whole (a slide is a page) or frames (a slide is
# the inside of its frame); saves the places in $O/NAME.places
check_text() {
    begin "text:$1"
    if need "$1"; then
        slide_places "$O/$1.pdf" "$2" >"$T/places"
        _nf=$(wc -l <"$T/places")
        [ "$_nf" = "$NS" ] || fail "$_nf slides found ($2), expected $NS"
        _k=1
        while [ "$_k" -le "$NS" ]; do
            _p=$(awk -v k="$_k" '$1 == k { print $2, $3, $4, $5, $6 }' "$T/places")
            if [ -z "$_p" ]; then
                _k=$((_k + 1))
                continue
            fi
            # shellcheck disable=SC2086
            crop_text "$O/$1.pdf" $_p >"$T/text"
            items "$O/tree.txt" "$_k" >"$T/items"
            [ -s "$T/items" ] || fail "slide $_k: no title or text in the dump tree"
            has_in_order "$T/text" "$T/items" >"$T/missing"
            if [ -s "$T/missing" ]; then
                fail "slide $_k (page ${_p%% *}): not found in order in its frame: $(head -n 3 "$T/missing" | tr '\n' '|')"
            fi
            _k=$((_k + 1))
        done
        cp "$T/places" "$O/$1.places"
    fi
    end
}

check_text slides whole
for n in 1 2 3 4 6 9; do
    check_text "handout-$n" frames
done
check_text notes frames
check_text report frames
check_text report-full whole

# every slide on the page the layout puts it: --slides page K, handouts
# ceil(K/N), the 2up appendix B + ceil(K/2), full B + 1 + K
begin "placement"
for spec in "slides 1 0" "handout-1 1 0" "handout-2 2 0" "handout-3 3 0" "handout-4 4 0" \
    "handout-6 6 0" "handout-9 9 0" "report 2 $B" "report-full 1 $((B + 1))"; do
    # shellcheck disable=SC2086
    set -- $spec
    [ -s "$O/$1.places" ] || continue
    awk -v per="$2" -v off="$3" -v name="$1" '
        { want = int(($1 + per - 1) / per) + off
          if ($2 != want) { bad++; if (bad <= 2) printf "%s: slide %d on page %d, expected %d\n", name, $1, $2, want } }' \
        "$O/$1.places" >"$T/bad"
    while read -r _l; do fail "$_l"; done <"$T/bad"
done
# notes: each slide starts a page, in order
if [ -s "$O/notes.places" ]; then
    awk 'prev && $2 <= prev { printf "slide %d on page %d, not after slide %d (page %d)\n", $1, $2, $1 - 1, prev }
         { prev = $2 }' "$O/notes.places" >"$T/bad"
    while read -r _l; do fail "notes: $_l"; done <"$T/bad"
fi
end

# handout 3: ruled lines for notes beside each slide, within its height
begin "handout-3:note-lines"
if [ -s "$O/handout-3.places" ]; then
    hlines "$O/handout-3.pdf" >"$T/lines"
    awk -v lines="$T/lines" '
        BEGIN { while ((getline l < lines) > 0) { n++; split(l, f, " "); lp[n] = f[1]; lx[n] = f[2]; ly[n] = f[3]; lx1[n] = f[4] } }
        { c = 0
          for (i = 1; i <= n; i++)
              if (lp[i] == $2 && lx[i] > $3 + $5 && ly[i] > $4 && ly[i] <= $4 + $6 + 1) c++
          if (c < 5) printf "slide %d (page %d): %d ruled lines beside it, expected at least 5\n", $1, $2, c }' \
        "$O/handout-3.places" >"$T/bad"
    while read -r _l; do fail "$_l"; done <"$T/bad"
else
    fail "no slides found in handout-3"
fi
end

begin "text:notes-speaker-notes"
if need notes && [ -s "$O/notes.places" ]; then
    _np=$(pdf_pages "$O/notes.pdf")
    _k=1
    while [ "$_k" -le "$NS" ]; do
        _p=$(awk -v k="$_k" '$1 == k { print $2 }' "$O/notes.places")
        _q=$(awk -v k="$_k" -v n="$_np" '$1 == k + 1 { print $2 - 1; f = 1 } END { if (!f) print n }' "$O/notes.places")
        notes_of "$O/tree.txt" "$_k" >"$T/notes"
        if [ -s "$T/notes" ] && [ -n "$_p" ]; then
            pdf_text "$O/notes.pdf" "$_p" "$_q" | squeeze >"$T/text"
            has_in_order "$T/text" "$T/notes" >"$T/missing"
            [ -s "$T/missing" ] && fail "slide $_k: its notes are not on pages $_p-$_q: $(cut -c 1-60 "$T/missing")"
        fi
        _k=$((_k + 1))
    done
fi
end

# the caption under each frame (the strip of three lines below it)
begin "text:report-captions"
if need report && [ -s "$O/report.places" ]; then
    while IFS='	' read -r _k _title; do
        _p=$(awk -v k="$_k" '$1 == k { print $2, $3, $4 + $6, $5, 36 }' "$O/report.places")
        [ -n "$_p" ] || continue
        # shellcheck disable=SC2086
        crop_text "$O/report.pdf" $_p >"$T/text"
        printf 'スライド%s/%s%s\n' "$_k" "$NS" "$_title" | squeeze >"$T/cap"
        echo >>"$T/cap"
        has_in_order "$T/text" "$T/cap" >"$T/missing"
        [ -s "$T/missing" ] && fail "no caption 「スライド $_k/$NS　$_title」 under slide $_k (page ${_p%% *}): $(head -c 80 "$T/text")"
    done <"$O/titles.txt"
fi
end

# --- 3. bookmarks -----------------------------------------------------------

# check_outline NAME PER OFF: 13 top-level entries "K. Title" on page
# ceil(K/PER) + OFF (PER 0: the page of the slide's frame)
check_outline() {
    begin "outline:$1"
    if need "$1"; then
        outline "$O/$1.pdf" >"$T/outline"
        awk -F '\t' '{ print $1 "\t" $3 }' "$T/outline" >"$T/got"
        awk -F '\t' '{ print "1\t" $1 ". " $2 }' "$O/titles.txt" >"$T/want"
        if ! cmp -s "$T/got" "$T/want"; then
            fail "bookmarks are not the $NS slides \"N. Title\" at the top level: got $(head -n 3 "$T/got" | tr '\t\n' ' |')..."
        fi
        awk -F '\t' '{ print NR "\t" $2 }' "$T/outline" >"$T/pages"
        if [ "$2" = 0 ]; then
            _ref="$O/$1.places"
        else
            _ref=""
        fi
        awk -F '\t' -v per="$2" -v off="$3" -v ref="$_ref" '
            BEGIN { if (ref != "") while ((getline l < ref) > 0) { split(l, f, " "); at[f[1]] = f[2] } }
            { want = per ? int(($1 + per - 1) / per) + off : at[$1]
              if ($2 != want) { bad++; if (bad <= 3) printf "bookmark %d goes to page %s, expected %s\n", $1, $2, want } }
            END { if (bad > 3) printf "(and %d more)\n", bad - 3 }' "$T/pages" >"$T/bad"
        while read -r _l; do fail "$_l"; done <"$T/bad"
    fi
    end
}

check_outline slides 1 0
for n in 1 2 3 4 6 9; do
    check_outline "handout-$n" "$n" 0
done
check_outline notes 0 0

# the report: its headings in order at their levels, then the appendix
# heading with the slides as its kids
report_headings() {                      # the report's headings, "title" per line
    awk '/^  heading level=/ { if (h != "") print h; h = ""; on = 1; ind = 2; next }
         on && /^    +text "/ { s = $0; sub(/^ *text "/, "", s); sub(/" @[0-9]+:[0-9]+$/, "", s)
                               h = h s; next }
         on && /^  [a-z]/ { if (h != "") print h; h = ""; on = 0 }
         END { if (h != "") print h }' "$1"
}

check_report_outline() {                 # NAME PER OFF
    begin "outline:$1"
    if need "$1"; then
        run "$T/rtree" --dump tree "$REPORT"
        report_headings "$T/rtree.stdout" >"$T/heads"
        outline "$O/$1.pdf" >"$T/outline"
        awk -F '\t' '$3 !~ /^[0-9]+\. / { print $3 }' "$T/outline" >"$T/got"
        if ! cmp -s "$T/got" "$T/heads"; then
            fail "the non-slide bookmarks are not the report's headings: got $(tr '\n' '|' <"$T/got") expected $(tr '\n' '|' <"$T/heads")"
        fi
        _app=$(awk -F '\t' '$3 ~ /^付録A/ { print NR; exit }' "$T/outline")
        if [ -z "$_app" ]; then
            fail "no bookmark for the appendix heading 付録A"
        else
            _ad=$(sed -n "${_app}p" "$T/outline" | cut -f 1)
            _ap=$(sed -n "${_app}p" "$T/outline" | cut -f 2)
            [ "$_ap" = "$((B + 1))" ] || fail "the appendix bookmark goes to page $_ap, expected $((B + 1))"
            sed -n "$((_app + 1)),\$p" "$T/outline" | awk -F '\t' -v d="$_ad" '$1 > d' >"$T/kids"
            awk -F '\t' '{ print $3 }' "$T/kids" >"$T/gotk"
            awk -F '\t' '{ print $1 ". " $2 }' "$O/titles.txt" >"$T/wantk"
            if ! cmp -s "$T/gotk" "$T/wantk"; then
                fail "the appendix bookmark's kids are not the $NS slides: got $(wc -l <"$T/gotk"): $(head -n 2 "$T/gotk" | tr '\n' '|')"
            fi
            awk -F '\t' -v per="$2" -v off="$3" '
                { want = int((NR + per - 1) / per) + off
                  if ($2 != want) { bad++; if (bad <= 3) printf "slide bookmark %d goes to page %s, expected %s\n", NR, $2, want } }
                END { if (bad > 3) printf "(and %d more)\n", bad - 3 }' "$T/kids" >"$T/bad"
            while read -r _l; do fail "$_l"; done <"$T/bad"
        fi
    fi
    end
}

check_report_outline report 2 "$B"
check_report_outline report-full 1 "$((B + 1))"

# --- 4. page labels -------------------------------------------------------

# check_labels CASE PDF N_APPENDIX_PAGES DUMP-ARGS...: the /PageLabels of PDF
# are the labels --dump pages gives the body pages (none empty), then A-1 to
# A-N for the appendix pages
check_labels() {
    begin "labels:$1"
    _lpdf=$2
    _lna=$3
    shift 3
    if [ -s "$_lpdf" ]; then
        run "$T/lp" --dump pages "$@"
        awk '/^page [0-9]+ / { l = ""; if (match($0, /label="[^"]*"/)) l = substr($0, RSTART + 7, RLENGTH - 8)
                               if (l == "A-1") exit
                               print (l == "" ? "(empty)" : l) }' "$T/lp.stdout" >"$T/want"
        grep -q -x '(empty)' "$T/want" && fail "--dump pages $*: a body page without a label"
        awk -v a="$_lna" 'BEGIN { for (i = 1; i <= a; i++) print "A-" i }' >>"$T/want"
        labels "$_lpdf" >"$T/got"
        if ! cmp -s "$T/got" "$T/want"; then
            fail "/PageLabels give $(tr '\n' ' ' <"$T/got")- expected $(tr '\n' ' ' <"$T/want")"
        fi
    else
        fail "no PDF $_lpdf"
    fi
    end
}

check_labels report "$O/report.pdf" "$(((NS + 1) / 2))" "$REPORT"
check_labels report-full "$O/report-full.pdf" "$((NS + 1))" --appendix-layout full "$REPORT"

begin "labels:report-folios"
if need report; then
    _a=1
    _np=$(pdf_pages "$O/report.pdf")
    _p=$((B + 1))
    while [ "$_p" -le "$_np" ]; do
        if ! pdftotext -q -f "$_p" -l "$_p" "$O/report.pdf" - | grep -q -x "A-$_a"; then
            fail "page $_p does not print its folio A-$_a"
        fi
        _p=$((_p + 1))
        _a=$((_a + 1))
    done
fi
end

# --- 5. links inside slides, in every layout ------------------------------

LDECK=$D/links-deck.md
LREPORT=$D/links-report.md
# the link slide and the target slides of links-deck.md
begin "links:setup"
run "$O/ltree" --slides --dump tree "$LDECK"
[ "$st" = 0 ] || fail "--slides --dump tree $LDECK: exit $st"
L_FROM=$(awk '/^  slide [0-9]+ / { k = $2 } /link href="https:\/\/www.qemu.org\/"/ { print k; exit }' "$O/ltree.stdout")
L_TO=$(awk '/^  slide [0-9]+ / { k = $2 } /heading .*slug="summary"/ { print k; exit }' "$O/ltree.stdout")
L_BACK=$(awk '/^  slide [0-9]+ / { k = $2 } /heading .*slug="links"/ { print k; exit }' "$O/ltree.stdout")
L_NS=$(grep -c '^  slide [0-9]' "$O/ltree.stdout")
if [ -z "$L_FROM" ] || [ -z "$L_TO" ] || [ -z "$L_BACK" ]; then
    fail "links-deck.md: no slide with the qemu link, # Summary or # Links"
fi
end

lrender() {                              # lrender NAME ARGS...: $O/NAME.pdf
    _ln=$1
    shift
    run "$O/$_ln" "$@" -o "$O/$_ln.pdf"
    if [ "$st" != 0 ] || [ ! -s "$O/$_ln.pdf" ]; then
        fail "exit $st, no PDF: kumihan $*: $(head -n 2 "$O/$_ln.stderr" | tr '\n' ' ')"
        return 1
    fi
    if [ -s "$O/$_ln.stderr" ]; then
        fail "stderr not empty: kumihan $*: $(head -n 2 "$O/$_ln.stderr" | tr '\n' ' ')"
    fi
}

# check_links NAME MODE ARGS...: render, find each slide's place, then the
# links of slide L_FROM (uri + forward dest to L_TO) and L_TO (back to L_BACK);
# in a deck layout every link must be in a slide, in a report the links
# outside the frames (its contents, its text) are not looked at
URI_W=""
check_links() {
    _name=$1
    _mode=$2
    shift 2
    begin "links:$_name"
    if lrender "l-$_name" "$@"; then
        _pdf=$O/l-$_name.pdf
        slide_places "$_pdf" "$_mode" >"$T/places"
        _nf=$(wc -l <"$T/places")
        [ "$_nf" = "$L_NS" ] || fail "$_nf slides found ($_mode), expected $L_NS"
        annots "$_pdf" >"$T/annots"
        # each annotation: the slide whose frame holds its rectangle
        case $_name in report*) _strict=0 ;; *) _strict=1 ;; esac
        awk -v places="$T/places" -v from="$L_FROM" -v to="$L_TO" -v back="$L_BACK" \
            -v sw="$SW" -v uriw="$URI_W" -v strict="$_strict" '
            BEGIN { while ((getline l < places) > 0) {
                        split(l, f, " "); k = f[1]
                        pg[k] = f[2]; x[k] = f[3]; y[k] = f[4]; w[k] = f[5]; h[k] = f[6] } }
            function slide_at(p, x0, y0, x1, y1,   k) {
                for (k in pg)
                    if (pg[k] == p && x0 >= x[k] - 1.5 && y0 >= y[k] - 1.5 &&
                        x1 <= x[k] + w[k] + 1.5 && y1 <= y[k] + h[k] + 1.5) return k
                return 0 }
            function point_in(k, p, px, py) {
                return pg[k] == p && px >= x[k] - 1.5 && px <= x[k] + w[k] + 1.5 &&
                       py >= y[k] - 1.5 && py <= y[k] + h[k] + 1.5 }
            { k = slide_at($1, $2, $3, $4, $5) }
            $6 == "uri" && $7 == "https://www.qemu.org/" {
                n_uri++
                if (k != from) printf "the qemu /URI link on page %d [%s %s %s %s] is not inside the frame of slide %d (page %d)\n", $1, $2, $3, $4, $5, from, pg[from]
                else { width = $4 - $2
                       print "URIW " width
                       if (uriw != "") { want = uriw * w[k] / sw
                         if (width > want * 1.2 + 2.5 || width < want * 0.8 - 2.5)
                             printf "the qemu link is %.1f pt wide, expected about %.1f (%.1f in --slides scaled by %.3f)\n", width, want, uriw, w[k] / sw } } }
            $6 == "dest" || $6 == "none" {
                if (k == from) { n_fwd++; want = to } else if (k == to) { n_back++; want = back }
                else { if (strict) printf "an internal link on page %d [%s %s %s %s] is inside no link slide\n", $1, $2, $3, $4, $5; next }
                if ($6 == "none") printf "the internal link of slide %d (page %d) has no /Dest (it should go to slide %d, page %d)\n", k, $1, want, pg[want]
                else if ($7 == 0) printf "the internal link of slide %d has a /Dest that is not a page of this file: %s %s\n", k, $7, $8
                else if (!point_in(want, $7, $8, $9)) printf "the internal link of slide %d goes to page %d (%s, %s), not into slide %d (page %d)\n", k, $7, $8, $9, want, pg[want] }
            END { if (n_uri != 1) printf "%d /URI links to https://www.qemu.org/, expected 1\n", n_uri
                  if (n_fwd != 1) printf "%d internal links in slide %d, expected 1\n", n_fwd, from
                  if (n_back != 1) printf "%d internal links in slide %d, expected 1\n", n_back, to }' \
            "$T/annots" >"$T/out"
        grep -v '^URIW ' "$T/out" >"$T/bad"
        while read -r _l; do fail "$_l"; done <"$T/bad"
        if [ "$_name" = slides ]; then
            URI_W=$(sed -n 's/^URIW //p' "$T/out" | head -n 1)
        fi
        qcheck "$_pdf" || fail "qpdf --check: $QCHECK"
    fi
    end
}

check_links slides whole --slides "$LDECK"
check_links handout-4 frames --handout 4 "$LDECK"
check_links handout-9 frames --handout 9 "$LDECK"
check_links notes frames --notes "$LDECK"
check_links report frames "$LREPORT"
check_links report-full whole --appendix-layout full "$LREPORT"
# reports with and without a title page (untitled-report.md: the body
# starts on page 1, so the label tree must have its own entry for index 0)
check_labels links-report "$O/l-report.pdf" "$(((L_NS + 1) / 2))" "$LREPORT"
begin "render:untitled-report"
lrender untitled-report "$D/untitled-report.md"
end
check_labels untitled-report "$O/untitled-report.pdf" "$(((L_NS + 1) / 2))" "$D/untitled-report.md"

# every PDF of the real deck passes qpdf --check
begin "qpdf-check"
for f in slides handout-1 handout-2 handout-3 handout-4 handout-6 handout-9 notes report report-full; do
    [ -s "$O/$f.pdf" ] || continue
    qcheck "$O/$f.pdf" || fail "$f: qpdf --check: $QCHECK"
done
end

# --- 6. the real deck fits: render:slides asserts an empty stderr ----------

# --- 7. overflow --------------------------------------------------------------

ODECK=$D/overflow-deck.md
# the slides of overflow-deck.md: the long one (40 lines), the moderate one
# (12 lines) and the reference slide (one of the moderate lines at full size)
O_LONG_H=$(grep -n '^# Far too long' "$ODECK" | cut -d: -f 1)
O_LONG_S=$(awk -v h="$O_LONG_H" 'NR < h && /^---[ \t]*$/ { s = NR } END { print s }' "$ODECK")
O_NS=$(grep -c "^# " "$ODECK")                # one heading a slide

begin "overflow:warning"
run "$T/o" -v --slides "$ODECK" -o "$T/o.pdf"
[ "$st" = 0 ] || fail "exit $st, expected 0 (warnings allowed): $(head -n 2 "$T/o.stderr" | tr '\n' ' ')"
_w=$(grep 'warning: slide 2 does not fit' "$T/o.stderr")
if [ -z "$_w" ]; then
    fail "no 'warning: slide 2 does not fit' on stderr: $(head -n 2 "$T/o.stderr" | tr '\n' ' ')"
else
    _line=$(printf '%s\n' "$_w" | sed -n 's/^[^:]*overflow-deck\.md:\([0-9]*\):1: warning: .*/\1/p')
    if [ -z "$_line" ]; then
        fail "the warning names no overflow-deck.md:LINE:1: $_w"
    elif [ "$_line" -le "$O_LONG_S" ] || [ "$_line" -gt "$O_LONG_H" ]; then
        fail "the warning names line $_line, expected the slide's first line ($((O_LONG_S + 1))..$O_LONG_H): $_w"
    fi
fi
[ "$(grep -c 'does not fit' "$T/o.stderr")" = 1 ] ||
    fail "$(grep -c 'does not fit' "$T/o.stderr") 'does not fit' warnings, expected 1 (slide 2)"
_np=$(pdf_pages "$T/o.pdf")
[ "$_np" = "$O_NS" ] || fail "$_np pages, expected $O_NS (one per slide, the long one too)"
sizes "$T/o.pdf" | awk -v w="$SW" -v h="$SH" '$2 " " $3 != w " " h { print "page " $1 " is " $2 " x " $3 }' >"$T/bad"
while read -r _l; do fail "$_l"; done <"$T/bad"
end

# a slide that overflows its own page must not spill over its neighbours
# when it is set on another page: in --handout 4, nothing of slide 2 under
# its frame (over its caption) or inside the frame of slide 4 below it
begin "overflow:handout-stays-in-frame"
run "$T/h" --handout 4 "$ODECK" -o "$T/h.pdf"
if [ "$st" = 0 ] && [ -s "$T/h.pdf" ]; then
    slide_places "$T/h.pdf" frames >"$T/places"
    _p2=$(awk '$1 == 2 { print $2, $3, $4 + $6 + 1, $5, 16 }' "$T/places")
    _p4=$(awk '$1 == 4 { print $2, $3, $4, $5, $6 }' "$T/places")
    if [ -z "$_p2" ] || [ -z "$_p4" ]; then
        fail "no frames for slides 2 and 4 in --handout 4"
    else
        # shellcheck disable=SC2086
        crop_text "$T/h.pdf" $_p2 >"$T/under2"
        # shellcheck disable=SC2086
        crop_text "$T/h.pdf" $_p4 >"$T/in4"
        grep -q 'Bulletlinenumber' "$T/under2" &&
            fail "slide 2's overflow is drawn under its frame, over its caption: $(head -c 70 "$T/under2")"
        grep -q 'Bulletlinenumber' "$T/in4" &&
            fail "slide 2's overflow is drawn inside the frame of slide 4"
    fi
else
    fail "exit $st, no PDF: --handout 4 $ODECK"
fi
end

begin "overflow:moderate-fits"
run "$T/m" -v --slides "$ODECK" -o "$T/m.pdf"
if grep -q 'slide 3 does not fit\|warning: slide 3' "$T/m.stderr"; then
    fail "the 12-line slide 3 warns: $(grep -m 1 'slide 3' "$T/m.stderr")"
fi
grep -q 'note: slide 3 set at [0-9]*% type to fit' "$T/m.stderr" ||
    fail "-v says nothing like 'note: slide 3 set at N% type to fit': $(grep -v 'slide 2' "$T/m.stderr" | head -n 2 | tr '\n' ' ')"
end

# the shrinking applies to the whole slide: slide 3's bullets are set at the
# percentage the note gives (their width against the same line at full size
# on the last slide, in --dump pages)
begin "overflow:shrink-scales-text"
run "$T/d" -v --slides --dump pages "$ODECK"
_pct=$(sed -n 's/.*note: slide 3 set at \([0-9]*\)% type to fit.*/\1/p' "$T/d.stderr" | head -n 1)
_w3=$(awk '/^page 3 / { on = 1; next } /^page / { on = 0 } on && /"Moderate bullet 1"/ { sub(/.* w=/, ""); print $1 + 0; exit }' "$T/d.stdout")
_w4=$(awk '/^page 4 / { on = 1; next } /^page / { on = 0 } on && /"Moderate bullet 1"/ { sub(/.* w=/, ""); print $1 + 0; exit }' "$T/d.stdout")
if [ -z "$_pct" ] || [ -z "$_w3" ] || [ -z "$_w4" ]; then
    fail "cannot read the scale (note: '${_pct}%') or the widths of 'Moderate bullet 1' (page 3: '$_w3', page 4: '$_w4') from -v --dump pages"
else
    _ok=$(awk -v a="$_w3" -v b="$_w4" -v p="$_pct" 'BEGIN { r = a / b * 100; d = r - p; if (d < 0) d = -d; print (d <= 3) ? "yes" : sprintf("%.1f", r) }')
    [ "$_ok" = yes ] || fail "slide 3 is 'set at ${_pct}% type' but its bullet 'Moderate bullet 1' is $_w3 pt wide against $_w4 pt at full size (${_ok}%): only the title shrank"
fi
end

# --- 8. bad deck input --------------------------------------------------------

begin "bad:handout-5"
run "$T/r" --handout 5 "$DECK" -o "$T/x.pdf"
[ "$st" = 2 ] || fail "exit $st, expected 2"
if ! grep -q -e "--handout.*'5'" -e '--handout.* 5' "$T/r.stderr"; then
    fail "no message naming --handout and 5: $(head -n 1 "$T/r.stderr")"
fi
[ -e "$T/x.pdf" ] && fail "a PDF was written"
end

begin "bad:handout-3-notes"
run "$T/r" --handout 3 --notes "$DECK" -o "$T/x.pdf"
[ "$st" = 2 ] || fail "exit $st, expected 2"
grep -q -e '--notes' "$T/r.stderr" || fail "the message does not name --notes: $(head -n 1 "$T/r.stderr")"
[ -e "$T/x.pdf" ] && fail "a PDF was written"
end

begin "bad:aspect-5-4"
_al=$(grep -n '^aspect:' "$D/bad-aspect-deck.md" | cut -d: -f 1)
run "$T/r" --slides "$D/bad-aspect-deck.md" -o "$T/x.pdf"
[ "$st" = 1 ] || fail "exit $st, expected 1"
grep -q "bad-aspect-deck\.md:$_al:[0-9][0-9]*: error: .*5:4" "$T/r.stderr" ||
    fail "no 'bad-aspect-deck.md:$_al:COL: error: ... 5:4': $(head -n 1 "$T/r.stderr")"
[ -e "$T/x.pdf" ] && fail "a PDF was written"
end

begin "bad:empty-deck"
for mode in --slides "--handout 4" --notes; do
    # shellcheck disable=SC2086
    run "$T/r" $mode "$D/empty-deck.md" -o "$T/x.pdf"
    [ "$st" = 0 ] || fail "$mode: exit $st, expected 0"
    grep -q 'empty-deck\.md:[0-9]*:[0-9]*: warning: the deck has no slides' "$T/r.stderr" ||
        fail "$mode: no 'empty-deck.md:LINE:COL: warning: the deck has no slides': $(head -n 1 "$T/r.stderr")"
    if [ -s "$T/x.pdf" ]; then
        _np=$(pdf_pages "$T/x.pdf")
        [ "$_np" = 1 ] || fail "$mode: $_np pages, expected 1"
    else
        fail "$mode: no PDF written"
    fi
    rm -f "$T/x.pdf"
done
end

# --- 9. determinism -------------------------------------------------------------

begin "determinism"
run "$T/a" --handout 6 "$DECK" -o "$T/a.pdf"
run "$T/b" --handout 6 "$DECK" -o "$T/b.pdf"
if [ ! -s "$T/a.pdf" ] || [ ! -s "$T/b.pdf" ]; then
    fail "--handout 6 wrote no PDF"
elif ! cmp -s "$T/a.pdf" "$T/b.pdf"; then
    fail "two renders of --handout 6 differ: $(cmp "$T/a.pdf" "$T/b.pdf" 2>&1 | head -n 1)"
fi
end

summary
