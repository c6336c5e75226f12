#!/bin/sh
# tests/print/run.sh BIN: previews and page ranges (issue 8, the parts done).
#
#   png        --format png --dpi 50: one file per page, OUT-001.png ... with
#              the page count of the PDF; each PNG is a real PNG whose pixel
#              size is the page size at 50 dpi (A4: 414 x 585; the landscape
#              slide pages of --appendix-layout full: 585 x 414); a page of
#              text is not blank (its PNG is over 20 KB)
#   svg        --format svg: one SVG per page, width/height in points equal to
#              the PDF's page size, glyph outlines present
#   pages-pdf  --pages 2-3: a 2-page PDF whose text is pages 2 and 3 of the
#              whole (概要 on its first page), labels kept (1, 2), bookmarks
#              only for headings on those pages, qpdf --check clean
#   pages-img  --pages 3- --format png: files numbered from 003
#   paper      --paper A4 B5 A5 Letter for the report, --handout 3 and 6 and
#              --notes: every page is that sheet (portrait, or landscape for
#              the 6-up when it fits better), the report's text is all there
#              (the last slide's caption is found), no warning
#   crop       --crop-marks: every page's MediaBox is the page plus 16 mm all
#              round (3 mm bleed + 13 mm for the marks), TrimBox the page
#              (A4) 16 mm in, BleedBox 3 mm beyond it; marks drawn outside
#              the bleed (dark pixels in the top left corner outside the
#              BleedBox; none there without --crop-marks); the text of each
#              page unchanged; qpdf --check clean; internal links still land
#              on their heading's page
#              --bleed 5 alone: MediaBox = BleedBox = trim + 5 mm, no marks
#   booklet    --booklet --paper A5: ceil(N/4)*2 sheet sides of 2 x A5 (A4
#              landscape) for the N pages of the A5 report; the text of each
#              half side is that of page N'-2s / 2s+1 (front) and 2s+2 /
#              N'-1-2s (back) of the A5 report (N' = N padded to a multiple
#              of 4; padding halves are empty); bookmarks as many as the A5
#              report's; qpdf --check clean; --booklet with --slides refused
#   watch      --watch: the first render, then exactly one more after the
#              input changes (its new text is in the new PDF, which replaced
#              the old one whole), none after an unrelated file in the same
#              folder changes, one after a PNG the input shows changes;
#              Ctrl-C ends it and leaves no temporary file (bounded: 10 s
#              per wait)
#   bad        --format bmp, --dpi 5, --pages 0, --pages 5-3, --pages 40-:
#              exit 2 with the message, and no file written
#
# Run from the repository root: sh tests/print/run.sh build/kumihan
# Prints "FAIL: <case>: <why>" per failed check and a summary; exits 1 on any
# failure.

SUITE=print
. tests/lib.sh
LIMIT=60
REPORT=content/report.md

# png_size FILE: "W H" from the IHDR chunk
png_size() {
    od -An -tu1 -j 16 -N 8 "$1" | awk '{ print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4,
                                                $5 * 16777216 + $6 * 65536 + $7 * 256 + $8 }'
}
# pdf_size PDF N: "W H" of page N in points, rounded
pdf_size() {
    pdfinfo -f "$2" -l "$2" "$1" 2>/dev/null |
        sed -n "s/^Page *$2 size: *\([0-9.]*\) x \([0-9.]*\).*/\1 \2/p" | awk '{ printf "%.0f %.0f\n", $1, $2 }'
}

# the report and its --appendix-layout full, for the cases to compare with
begin_setup setup
render "$TOP/report.pdf" -q "$REPORT"
rendered=$?
render "$TOP/full.pdf" -q --appendix-layout full "$REPORT" || rendered=1
end_setup
[ "$rendered" = 0 ] || summary "(no PDF to check)"
NP=$(pdf_pages "$TOP/report.pdf")
NF=$(pdf_pages "$TOP/full.pdf")

begin png
mkdir "$T/png"
timeout 60 "$BIN" -q --format png --dpi 50 --appendix-layout full "$REPORT" -o "$T/png/r.pdf" ||
    fail "exit $?"
n=$(ls "$T/png" | grep -c '^r-[0-9][0-9][0-9]\.png$')
[ "$n" = "$NF" ] || fail "$n PNG files for $NF pages"
[ -e "$T/png/r.pdf" ] && fail "a PDF was written as well"
k=1
while [ "$k" -le "$NF" ]; do
    f=$T/png/r-$(printf %03d "$k").png
    if [ "$(head -c 8 "$f" | od -An -c | tr -d ' ')" != '211PNG\r\n032\n' ]; then
        fail "$f is not a PNG"
    else
        set -- $(pdf_size "$TOP/full.pdf" "$k")
        want="$(awk -v w="$1" -v h="$2" 'BEGIN { printf "%d %d", int(w * 50 / 72 + 0.999), int(h * 50 / 72 + 0.999) }')"
        got=$(png_size "$f")
        [ "$got" = "$want" ] || fail "page $k: $got pixels, expected $want (page $1 x $2 pt at 50 dpi)"
    fi
    k=$((k + 1))
done
# the landscape slide pages are landscape
set -- $(png_size "$T/png/r-$(printf %03d "$NF").png")
[ "$1" -gt "$2" ] || fail "the last page (a slide) is not landscape: $1 x $2"
# a page of text is not blank: its PNG is far larger than a blank page's
s2=$(wc -c <"$T/png/r-002.png")
[ "$s2" -gt 20000 ] || fail "page 2's PNG is $s2 bytes: blank?"
end

begin svg
mkdir "$T/svg"
timeout 60 "$BIN" -q --format svg "$REPORT" -o "$T/svg/r.svg" || fail "exit $?"
n=$(ls "$T/svg" | grep -c '^r-[0-9][0-9][0-9]\.svg$')
[ "$n" = "$NP" ] || fail "$n SVG files for $NP pages"
f=$T/svg/r-002.svg
set -- $(pdf_size "$TOP/report.pdf" 2)
w=$(sed -n 's/.*<svg[^>]* width="\([0-9.]*\)pt".*/\1/p' "$f" | head -n 1 | awk '{ printf "%.0f", $1 }')
h=$(sed -n 's/.*<svg[^>]* height="\([0-9.]*\)pt".*/\1/p' "$f" | head -n 1 | awk '{ printf "%.0f", $1 }')
[ "$w $h" = "$1 $2" ] || fail "SVG page 2 is $w x $h pt, the PDF's $1 x $2"
g=$(grep -c '<use xlink:href="#glyph' "$f")
[ "$g" -gt 500 ] || fail "SVG page 2 draws $g glyphs"
end

begin pages-pdf
timeout 60 "$BIN" -q --pages 2-3 "$REPORT" -o "$T/p23.pdf" || fail "exit $?"
n=$(pdf_pages "$T/p23.pdf")
[ "$n" = 2 ] || fail "$n pages, expected 2"
pdftotext -f 1 -l 1 "$T/p23.pdf" - | grep -q '^概要$' || fail "page 1 is not the body's first page"
a=$(pdftotext -f 2 -l 2 "$TOP/report.pdf" - | md5sum)
b=$(pdftotext -f 1 -l 1 "$T/p23.pdf" - | md5sum)
[ "$a" = "$b" ] || fail "page 1 differs from page 2 of the whole"
qpdf --check "$T/p23.pdf" >/dev/null 2>&1 || fail "qpdf --check: $(qpdf --check "$T/p23.pdf" 2>&1 | head -n 2)"
labels=$(qpdf --json --json-key=pagelabels "$T/p23.pdf" | tr -d ' \n')
echo "$labels" | grep -q '"/S":"/D"' || fail "no decimal page labels: $labels"
echo "$labels" | grep -q '"/St":[02-9]' && fail "the labels do not start at 1: $labels"
tops=$(qpdf --json --json-key=outlines "$T/p23.pdf" | grep -c '"title"')
all=$(qpdf --json --json-key=outlines "$TOP/report.pdf" | grep -c '"title"')
[ "$tops" -ge 1 ] && [ "$tops" -lt "$all" ] || fail "$tops bookmarks (of $all in the whole)"
qpdf --json --json-key=outlines "$T/p23.pdf" | grep -q 'スライド' && fail "bookmarks of left-out slides remain"
end

begin pages-img
mkdir "$T/pi"
timeout 60 "$BIN" -q --pages 11- --format png --dpi 20 "$REPORT" -o "$T/pi/r.pdf" || fail "exit $?"
got=$(ls "$T/pi" | tr '\n' ' ')
want=""
k=11
while [ "$k" -le "$NP" ]; do want="${want}r-$(printf %03d "$k").png "; k=$((k + 1)); done
[ "$got" = "$want" ] || fail "files '$got', expected '$want'"
end

begin paper
for spec in "A4 595 842" "B5 516 729" "A5 420 595" "Letter 612 792"; do
    set -- $spec
    paper=$1 pw=$2 ph=$3
    for mode in report "--handout 3" "--handout 6" --notes; do
        if [ "$mode" = report ]; then in=$REPORT; args=""; else in=content/slides.md; args=$mode; fi
        # shellcheck disable=SC2086
        timeout 60 "$BIN" --paper "$paper" $args "$in" -o "$T/paper.pdf" 2>"$T/err" ||
            { fail "$paper $mode: exit $?"; continue; }
        [ -s "$T/err" ] && fail "$paper $mode: warnings: $(head -c 200 "$T/err")"
        n=$(pdf_pages "$T/paper.pdf")
        k=1
        while [ "$k" -le "$n" ]; do
            sz=$(pdf_size "$T/paper.pdf" "$k")
            [ "$sz" = "$pw $ph" ] || [ "$sz" = "$ph $pw" ] ||
                fail "$paper $mode: page $k is $sz pt, not $pw x $ph"
            k=$((k + 1))
        done
        if [ "$mode" = report ]; then
            pdftotext "$T/paper.pdf" - | grep -q 'スライド 13/13' ||
                fail "$paper report: the last slide's caption is missing"
        fi
    done
done
end

# box PDF PAGE NAME: "x0 y0 x1 y1" rounded to 0.1 pt
box() {
    pdfinfo -box -f "$2" -l "$2" "$1" 2>/dev/null |
        sed -n "s/^Page *$2 $3: *//p" | awk '{ printf "%.1f %.1f %.1f %.1f\n", $1, $2, $3, $4 }'
}
# dark PDF PAGE: dark pixels in the sheet's top left 44 x 44 pt at 72 dpi (outside the
# trim, which starts 45.4 pt in)
dark() {
    pdftoppm -gray -r 72 -x 0 -y 0 -W 44 -H 44 -f "$2" -l "$2" "$1" "$T/corner" 2>/dev/null
    f=$(ls "$T"/corner*.pgm 2>/dev/null | head -n 1)
    [ -n "$f" ] || { echo 0; return; }
    # skip the PGM header (3 lines), count bytes below 128
    tail -n +4 "$f" | od -An -v -tu1 | tr -s ' ' '\n' | awk '$1 != "" && $1 < 128 { n++ } END { print n + 0 }'
    rm -f "$T"/corner*.pgm
}

begin crop
timeout 60 "$BIN" -q --crop-marks "$REPORT" -o "$T/crop.pdf" || fail "exit $?"
mm16=$(awk 'BEGIN { printf "%.1f", 16 * 72 / 25.4 }')
mm13=$(awk 'BEGIN { printf "%.1f", 13 * 72 / 25.4 }')
n=$(pdf_pages "$T/crop.pdf")
[ "$n" = "$NP" ] || fail "$n pages, expected $NP"
k=1
while [ "$k" -le "$n" ]; do
    set -- $(box "$T/crop.pdf" "$k" MediaBox)
    mw=$3 mh=$4
    set -- $(pdf_size "$TOP/report.pdf" "$k")
    pw=$1 ph=$2
    want_media=$(awk -v w="$pw" -v h="$ph" -v o="$mm16" 'BEGIN { printf "%.0f %.0f", w + 2 * o, h + 2 * o }')
    got_media=$(awk -v w="$mw" -v h="$mh" 'BEGIN { printf "%.0f %.0f", w, h }')
    [ "$got_media" = "$want_media" ] || fail "page $k: MediaBox $got_media, expected $want_media"
    set -- $(box "$T/crop.pdf" "$k" TrimBox)
    [ "$1" = "$mm16" ] && [ "$2" = "$mm16" ] || fail "page $k: TrimBox starts at $1 $2, not $mm16"
    tw=$(awk -v a="$1" -v b="$3" 'BEGIN { printf "%.0f", b - a }')
    [ "$tw" = "$pw" ] || fail "page $k: TrimBox width $tw, the page's $pw"
    set -- $(box "$T/crop.pdf" "$k" BleedBox)
    [ "$1" = "$mm13" ] || fail "page $k: BleedBox starts at $1, not $mm13 (3 mm beyond the trim)"
    k=$((k + 1))
done
d=$(dark "$T/crop.pdf" 2)
[ "$d" -gt 20 ] || fail "no crop marks in the top left corner ($d dark pixels)"
d0=$(dark "$TOP/report.pdf" 2)
[ "$d0" = 0 ] || fail "the plain PDF has $d0 dark pixels in its corner"
a=$(pdftotext -f 2 -l 2 "$TOP/report.pdf" - | md5sum)
b=$(pdftotext -f 2 -l 2 "$T/crop.pdf" - | md5sum)
[ "$a" = "$b" ] || fail "page 2's text changed with crop marks"
qpdf --check "$T/crop.pdf" >/dev/null 2>&1 || fail "qpdf --check"
# every link annotation still has its destination (the post-pass finds the
# links drawn by cairo by their rectangles, moved by the offset)
qpdf --qdf --object-streams=disable "$T/crop.pdf" "$T/crop-qdf.pdf" 2>/dev/null
nodest=$(awk '/^[0-9]+ 0 obj/ { o = "" } { o = o $0 "\n" }
              /^endobj/ { if (o ~ /\/Subtype \/Link/ && o !~ /\/Dest/ && o !~ /\/A /) n++ }
              END { print n + 0 }' "$T/crop-qdf.pdf")
links=$(grep -c '/Subtype /Link' "$T/crop-qdf.pdf")
[ "$links" -gt 10 ] || fail "only $links link annotations"
[ "$nodest" = 0 ] || fail "$nodest of $links links lost their destination"
timeout 60 "$BIN" -q --bleed 5 "$REPORT" -o "$T/bleed.pdf" || fail "--bleed 5: exit $?"
mm5=$(awk 'BEGIN { printf "%.1f", 5 * 72 / 25.4 }')
set -- $(box "$T/bleed.pdf" 2 BleedBox)
[ "$1" = 0.0 ] || fail "--bleed 5: BleedBox starts at $1, not 0 (the sheet)"
set -- $(box "$T/bleed.pdf" 2 TrimBox)
[ "$1" = "$mm5" ] || fail "--bleed 5: TrimBox starts at $1, not $mm5"
d=$(dark "$T/bleed.pdf" 2)
[ "$d" = 0 ] || fail "--bleed 5 alone draws marks ($d dark pixels)"
end

# half PDF PAGE SIDE W H: the text of the left (0) or right (1) half of a
# page W pt wide (the sheet: 2W), without white space
half() {
    pdftotext -f "$2" -l "$2" -x $(( $3 * $4 )) -y 0 -W "$4" -H "$5" -r 72 "$1" - 2>/dev/null |
        tr -d ' \n\f'
}
page_text() { pdf_text "$1" "$2" | tr -d ' \n\f'; }

begin booklet
timeout 60 "$BIN" -q --paper A5 "$REPORT" -o "$T/a5.pdf" || fail "A5: exit $?"
timeout 60 "$BIN" -q --paper A5 --booklet "$REPORT" -o "$T/book.pdf" || fail "exit $?"
n=$(pdf_pages "$T/a5.pdf")
padded=$(( (n + 3) / 4 * 4 ))
sides=$(pdf_pages "$T/book.pdf")
[ "$sides" = $((padded / 2)) ] || fail "$sides sides for $n pages (expected $((padded / 2)))"
[ "$(pdf_size "$T/book.pdf" 1)" = "839 595" ] || fail "sheet $(pdf_size "$T/book.pdf" 1), not 839 x 595"
s=0
while [ $((2 * s + 2)) -le "$sides" ]; do
    for side in 0 1; do
        if [ "$side" = 0 ]; then l=$((padded - 2 * s)); r=$((2 * s + 1)); else l=$((2 * s + 2)); r=$((padded - 1 - 2 * s)); fi
        pg=$((2 * s + side + 1))
        k=0
        for want in $l $r; do
            got=$(half "$T/book.pdf" "$pg" "$k" 420 595)
            if [ "$want" -le "$n" ]; then exp=$(page_text "$T/a5.pdf" "$want"); else exp=""; fi
            [ "$got" = "$exp" ] ||
                fail "side $pg, $( [ $k = 0 ] && echo left || echo right) half: not page $want ($(printf %s "$got" | head -c 60) / $(printf %s "$exp" | head -c 60))"
            k=1
        done
    done
    s=$((s + 1))
done
b1=$(qpdf --json --json-key=outlines "$T/a5.pdf" | grep -c '"title"')
b2=$(qpdf --json --json-key=outlines "$T/book.pdf" | grep -c '"title"')
[ "$b1" = "$b2" ] || fail "$b2 bookmarks, the A5 report has $b1"
qpdf --check "$T/book.pdf" >/dev/null 2>&1 || fail "qpdf --check"
timeout 60 "$BIN" -q --booklet --slides content/slides.md -o "$T/x.pdf" 2>"$T/err"
[ $? = 2 ] || fail "--booklet --slides is not refused"
end

# wait_for COUNT FILE: until FILE has COUNT lines saying "rendered" (10 s)
wait_for() {
    i=0
    while [ "$(grep -c 'kumihan: rendered' "$2" 2>/dev/null)" -lt "$1" ] && [ $i -lt 100 ]; do
        sleep 0.1
        i=$((i + 1))
    done
    [ "$(grep -c 'kumihan: rendered' "$2" 2>/dev/null)" -ge "$1" ]
}

begin watch
W=$T/watch
mkdir "$W"
cp content/preview/handout-001.png "$W/fig.png"
printf '# 見出し\n\n最初の本文。\n\n![図](fig.png)\n' >"$W/in.md"
"$BIN" --watch "$W/in.md" -o "$W/out.pdf" 2>"$W/err" &
pid=$!
wait_for 1 "$W/err" || fail "no first render in 10 s: $(head -c 300 "$W/err")"
ino1=$(stat -c %i "$W/out.pdf" 2>/dev/null)
printf '\n追加した段落。\n' >>"$W/in.md"
wait_for 2 "$W/err" || fail "no render after the input changed"
pdftotext "$W/out.pdf" - 2>/dev/null | grep -q '追加した段落。' || fail "the new text is not in the PDF"
ino2=$(stat -c %i "$W/out.pdf" 2>/dev/null)
[ "$ino1" != "$ino2" ] || fail "the PDF was rewritten in place, not replaced whole"
echo unrelated >"$W/notes.txt"
sleep 1
n=$(grep -c 'kumihan: rendered' "$W/err")
[ "$n" = 2 ] || fail "$n renders after an unrelated file changed (expected 2)"
cp content/preview/report-001.png "$W/fig.png"
wait_for 3 "$W/err" || fail "no render after the image changed"
kill -INT "$pid" 2>/dev/null
i=0
while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
if kill -0 "$pid" 2>/dev/null; then
    fail "still running 5 s after Ctrl-C"
    kill -KILL "$pid"
fi
wait "$pid" 2>/dev/null
st=$?
[ "$st" = 0 ] || fail "exit status $st after Ctrl-C, expected 0"
grep -q 'kumihan: stopped watching' "$W/err" || fail "no 'stopped watching' message"
ls -a "$W" | grep -q '^\.out\.pdf\.\|^\.kumihan-' && fail "a temporary file is left"
end

begin bad
for args in "--format bmp" "--dpi 5" "--pages 0" "--pages 5-3" "--pages 40-" "--pages x" \
            "--bleed 30" "--bleed x"; do
    rm -f "$T"/bad*
    # shellcheck disable=SC2086
    timeout 60 "$BIN" -q $args "$REPORT" -o "$T/bad.pdf" 2>"$T/err"
    st=$?
    [ "$st" = 2 ] || fail "$args: exit $st, expected 2"
    grep -q 'kumihan: error:' "$T/err" || fail "$args: no error message: $(head -c 200 "$T/err")"
    ls "$T"/bad* >/dev/null 2>&1 && fail "$args: a file was written"
done
timeout 60 "$BIN" -q --pages 40- "$REPORT" -o "$T/bad.pdf" 2>"$T/err"
grep -q "kumihan: error: --pages starts at page 40: the document has $NP pages" "$T/err" ||
    fail "--pages 40-: $(head -c 200 "$T/err")"
end

summary
