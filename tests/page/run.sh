#!/bin/sh
# tests/page/run.sh BIN [--regen]: page setup (版面設計, issue 21): the
# papers, their orientation and custom sizes, the text block from characters
# per line x lines, its place by the margins (mirrored on even pages), two
# columns (段組), and the warnings of a block that does not fit. Asserted on
# the PDFs with poppler's readers and on `--dump pages`; goldens of the
# dumps of a B5 report set 40字 x 36行 and of an A4 paper in two columns.
#
#   paper:NAME     --paper NAME (every paper, one in lower case): pdfinfo's
#                  page size in points (A3 to B6 by their mm, Letter, Legal)
#   landscape:*    the theme's page.orientation, the front matter's
#                  papersize + orientation, pandoc's geometry "landscape":
#                  the paper turned; the same theme with --paper A5
#   custom         page.width x page.height (100 x 150 mm) wins over the
#                  name; turned by landscape
#   bad-paper      --paper B7 (exit 2, the papers named), page.paper C5 in a
#                  theme (exit 1 at its position)
#   measure:b5     B5 40字 x 36行 at 10.5 pt: every justified line of the dump
#                  is 420 pt (40 x 10.5) wide at x 0; in the PDF the widest
#                  line is 420 pt, centred on the paper
#   lines:b5       no page holds more than 36 body lines, the last at 35
#                  pitches; a full page holds 36
#   grid:NAME      in every dump below, each line, block, row and image of
#                  whole pitches sits at a whole number of pitches from the
#                  block's top, in every column
#   mirrored:a5    A5 with ノド 18 mm: the text's left edge is 18 mm on odd
#                  pages, the paper's width less 18 mm less 34 x 9 pt on even
#                  ones; the first line's character faces 22 mm from the top
#   columns:NAME   two columns (twocol: A4 24字 x 2, landscape: A4 landscape
#                  38字 x 2): the dump has col=1 slices, the title block
#                  "span"s; the PDF's lines start at the block's left or at
#                  left + measure + gap (no line between or across, but the
#                  spanning title); the last page's columns are balanced
#   rules:NAME     tests/layout's pages.awk and titles.awk hold on the
#                  one-column dumps (B5, A5)
#   keeps:NAME     no column ends with a slice kept with the next (a heading,
#                  a paragraph's first line), but the document's last
#   notes:twocol   each footnote at the foot of the column that references
#                  it (its rule and text at that column's left)
#   golden:NAME    the dumps equal tests/page/NAME.out (--regen rewrites)
#   too-big:*      a theme or front matter whose block does not fit: a
#                  warning at the key's file:line:col naming the key and
#                  the numbers, the PDF written, the text inside the paper
#   sheets:*       --handout 4, --notes, --booklet with the themes: a page
#                  size of the theme's paper (or turned), notes pages in one
#                  column, the booklet's sheet twice the page
#   theme-print    --print-theme of the landscape theme read back: the same
#                  PDF bytes
#
# Run from the repository root: sh tests/page/run.sh build/kumihan

SUITE=page
. tests/lib.sh
LIMIT=60
require_tools pdfinfo pdftotext awk
REGEN=${2:-}
export SOURCE_DATE_EPOCH=1700000000

# size_is PDF W H: pdfinfo's page size within 0.01 pt
size_is() {
    _size=$(pdfinfo "$1" 2>/dev/null | sed -n 's/^Page size: *\([0-9.]*\) x \([0-9.]*\) pts.*/\1 \2/p')
    echo "$_size" | awk -v w="$2" -v h="$3" '{ exit !($1 - w < 0.01 && w - $1 < 0.01 &&
                                                      $2 - h < 0.01 && h - $2 < 0.01) }' ||
        fail "$1: page size '$_size', want $2 x $3"
}

# lines PDF FIRST LAST: one line per text line: page xMin yMin xMax yMax text
lines() {
    pdftotext -q -bbox-layout -f "$2" -l "$3" "$1" - 2>/dev/null | awk '
        /<page / { p++ }
        /<line / { split($0, a, "\""); x0 = a[2]; y0 = a[4]; x1 = a[6]; y1 = a[8]; t = "" }
        /<word / { v = $0; sub(/.*">/, "", v); sub(/<.*/, "", v); t = t v }
        /<\/line>/ { print p, x0, y0, x1, y1, t }' | awk -v f="$2" '{ $1 = $1 + f - 1; print }'
}

# --- papers ---------------------------------------------------------------

for spec in "A3 841.89 1190.551" "A4 595.276 841.89" "A5 419.528 595.276" \
            "A6 297.638 419.528" "B4 728.504 1031.81" "B5 515.906 728.504" \
            "B6 362.835 515.906" "Letter 612 792" "Legal 612 1008" "b5 515.906 728.504"; do
    # shellcheck disable=SC2086
    set -- $spec
    begin "paper:$1"
    render "$T/p.pdf" --paper "$1" "$D/short.md" && size_is "$T/p.pdf" "$2" "$3"
    end
done

begin "landscape:theme"
render "$T/p.pdf" --theme "$D/landscape.yaml" "$D/short.md" && size_is "$T/p.pdf" 841.89 595.276
render "$T/q.pdf" --paper A5 --theme "$D/landscape.yaml" "$D/short.md" &&
    size_is "$T/q.pdf" 595.276 419.528
end

begin "landscape:front-matter"
render "$T/p.pdf" "$D/front-landscape.md" && size_is "$T/p.pdf" 595.276 419.528
render "$T/q.pdf" "$D/front-geometry.md" && size_is "$T/q.pdf" 841.89 595.276
end

begin "custom"
render "$T/p.pdf" --theme "$D/custom.yaml" "$D/short.md" && size_is "$T/p.pdf" 283.465 425.197
printf 'extends: %s\npage:\n  orientation: landscape\n  paper: A3\n' "$(pwd)/$D/custom.yaml" \
    >"$T/turned.yaml"
render "$T/q.pdf" --theme "$T/turned.yaml" "$D/short.md" && size_is "$T/q.pdf" 425.197 283.465
end

begin "bad-paper"
run_bin "$T/out" "$T/err" --paper B7 "$D/short.md" -o "$T/p.pdf"
expect_status 2 && expect_msg "unknown paper size 'B7'" && expect_msg "B4, B5, B6 (JIS), Letter or Legal"
run_bin "$T/out" "$T/err" --theme "$D/bad-paper.yaml" "$D/short.md" -o "$T/p.pdf"
expect_status 1 && expect_msg "bad-paper.yaml:2:10: error: 'page.paper' must be A3, A4"
end

# --- the text block --------------------------------------------------------

# dumps of the themed documents, for the cases below and the goldens
begin_setup "dumps"
for spec in "b5 report" "a5 report" "twocol article" "twocol report" "landscape report" \
            "landscape article"; do
    # shellcheck disable=SC2086
    set -- $spec
    run_bin "$TOP/$1-$2.out" "$TOP/$1-$2.err" --theme "$D/$1.yaml" --dump pages "$D/$2.md"
    expect_status 0
    render "$TOP/$1-$2.pdf" --theme "$D/$1.yaml" "$D/$2.md"
done
end_setup || summary "(no dumps: the rest cannot run)"

begin "measure:b5"
awk '/^  line / && / j / {
        x = $0; sub(/.* x=/, "", x); sub(/ .*/, "", x)
        w = $0; sub(/.* w=/, "", w); sub(/ .*/, "", w)
        n++
        if (x == "0.00" && w != "420.00") { print "a justified line at x 0 is " w " wide"; exit 1 }
        if (x + w != 420) { print "a justified line ends at " x + w; exit 1 }
     }
     END { if (n < 30) { print "only " n " justified lines"; exit 1 } }' "$TOP/b5-report.out" >"$T/why" ||
    fail "dump: $(cat "$T/why")"
# in the PDF: the lines from the left edge are 420 pt wide (poppler's box
# takes a line-end 、。 at its full em, so up to half an em more)
lines "$TOP/b5-report.pdf" 2 4 | awk -v left=47.953 '
    $2 - left < 0.05 && left - $2 < 0.05 { w = $4 - $2; if (w > 419.9 && w < 420.1) n++
                                           if (w > 425.35) { print "a line " w " wide"; exit 1 } }
    $2 < left - 0.05 { print "a line from x " $2; exit 1 }
    END { if (n < 20) { print "only " n " lines of 420 pt"; exit 1 } }' \
    >"$T/why" || fail "pdf: $(cat "$T/why") (want 420 pt from x 47.953)"
end

begin "lines:b5"
# 36 lines of 17 pt: nothing ends below 612 pt; some page has a line at
# 595 (the 36th)
awk '/^  (line|block|row|image|rule|gap) / { y = $2; sub(/y=/, "", y); h = $3; sub(/h=/, "", h)
                                            if (y + h > 612.005) bad = $0
                                            if ($1 == "line" && y + 0 == 595) full++ }
     END { if (bad) { print "past the block: " bad; exit 1 }
           if (!full) { print "no page has a 36th line"; exit 1 } }' \
    "$TOP/b5-report.out" >"$T/why" || fail "$(cat "$T/why")"
end

# grid PITCH DUMP: whole-pitch slices at whole pitches (but spanning ones:
# the contents may close up)
for spec in "b5-report 17" "a5-report 15" "twocol-article 15" "twocol-report 15" \
            "landscape-report 15"; do
    # shellcheck disable=SC2086
    set -- $spec
    begin "grid:$1"
    awk -v p="$2" '
        /^  (line|block|row|image) / && !/ span / {
            y = $2; sub(/y=/, "", y); h = $3; sub(/h=/, "", h)
            y = int(y * 100 + 0.5); h = int(h * 100 + 0.5); q = int(p * 100 + 0.5)
            if (h % q == 0 && y % q != 0) { print "page " page ": " $0; bad++ }
        }
        /^page / { page = $2 }
        END { exit bad > 0 }' "$TOP/$1.out" >"$T/why" ||
        fail "off the grid: $(head -n 3 "$T/why")"
    end
done

begin "mirrored:a5"
# odd pages: ノド (18 mm = 51.024 pt) on the left; even: on the right
lines "$TOP/a5-report.pdf" 2 5 | awk '
    $3 > 50 && $3 < 560 { if (!($1 in min) || $2 < min[$1]) min[$1] = $2 }
    END { for (p in min) {
              want = p % 2 ? 51.024 : 419.528 - 51.024 - 306
              d = min[p] - want
              if (d > 0.05 || d < -0.05) { print "page " p ": text from x " min[p] ", want " want; bad = 1 }
          }
          exit bad }' >"$T/why" || fail "$(cat "$T/why")"
# 天 22 mm (62.362 pt) to the first line's faces: Noto's em box top is
# 0.28 em below the line box poppler gives (ascent 1.16 em, 0.88 above
# the baseline)
lines "$TOP/a5-report.pdf" 3 3 | awk '$3 > 50 { print $3; exit }' | awk '{
    t = $1 + 0.28 * 9; if (t - 62.362 > 0.15 || 62.362 - t > 0.15) { print t; exit 1 } }' \
    >"$T/why" || fail "the first line's faces at $(cat "$T/why"), want 62.36 (22 mm)"
end

# columns NAME LEFT MEASURE GAP PAGE TOP BOTTOM: the lines between the
# block's top and bottom start at its left or at the second column's
columns() {
    begin "columns:$1"
    grep -q ' col=1 ' "$TOP/$1.out" || fail "the dump has no slice in the second column"
    grep -q '^  block .* span ' "$TOP/$1.out" || fail "the dump has no spanning title block"
    lines "$TOP/$1.pdf" "$5" "$5" | awk -v l="$2" -v m="$3" -v g="$4" -v top="$6" -v bot="$7" '
        $3 > top && $3 < bot {
            c2 = l + m + g
            if ($2 < l - 0.05 || ($2 > l + m && $2 < c2 - 0.05)) { print "a line at x " $2 ": " $6; bad = 1 }
            # (a line-end 、。 counts its full em in the box poppler gives)
            if ($2 < c2 - 0.05 && $4 > l + m + 4.6) { print "a line across the gap: " $6; bad = 1 }
            if ($2 >= c2 - 0.05) n2++
        }
        END { if (!n2) { print "no line in the second column"; bad = 1 }; exit bad }' >"$T/why" ||
        fail "$(head -n 3 "$T/why")"
    end
}
columns twocol-article 72.638 216 18 2 90.945 750.945
columns twocol-report 72.638 216 18 3 90.945 750.945
columns landscape-report 69.945 342 18 2 72.638 522.638

begin "balanced:twocol-article"
# the last page: its two columns end within a line of each other
awk '/^page / { delete last; next }
     /^  [a-z]/ && !/ span / { col = / col=1( |$)/ ? 1 : 0; y = $2; sub(/y=/, "", y)
                               h = $3; sub(/h=/, "", h); last[col] = y + h }
     END { d = last[0] - last[1]; if (d < 0) d = -d
           if (d > 15) { print last[0] " and " last[1]; exit 1 } }' "$TOP/twocol-article.out" \
    >"$T/why" || fail "the last page's columns end at $(cat "$T/why")"
end

# the page-building and title rules of tests/layout on the one-column dumps
for name in b5-report a5-report; do
    begin "rules:$name"
    awk -f tests/layout/pages.awk "$TOP/$name.out" >"$T/why"
    LC_ALL=C awk -f tests/layout/titles.awk "$TOP/$name.out" >>"$T/why"
    [ -s "$T/why" ] && fail "$(head -n 3 "$T/why")"
    end
done

# keeps: no column but the document's last ends with a keep
for name in twocol-article twocol-report landscape-report landscape-article; do
    begin "keeps:$name"
    awk 'function flush() { for (c = 0; c < 2; c++) if (kind[c] != "") {
                                if (keep[c]) { print "page " page " column " c ": ends with a " kind[c] " kept with the next" } }
                            delete kind; delete keep }
         /^page / { flush(); page = $2; next }
         /^  (line|block|row|image|rule|embed) / { col = / col=1( |$)/ ? 1 : 0; kind[col] = $1; keep[col] = / keep( |$)/ }
         END { delete kind; delete keep }' "$TOP/$name.out" >"$T/why"
    # (the last page's columns are flushed by nothing: the document's end)
    [ -s "$T/why" ] && fail "$(head -n 3 "$T/why")"
    end
done

begin "notes:twocol"
# each note at the foot of its column: note lines with col=1 exist, and
# each note's text starts at that column's left in the PDF
grep -q '^  note .* col=1 ' "$TOP/twocol-article.out" ||
    fail "no footnote in the second column (the article's second note is referenced there)"
lines "$TOP/twocol-article.pdf" 1 1 | awk '$6 ~ /^\*2/ { if ($2 < 306) { print $2; exit 1 } ; f = 1 }
                                         END { if (!f) { print "none"; exit 1 } }' >"$T/why" ||
    fail "note *2 at x $(cat "$T/why"), want in the second column"
end

for name in b5-report twocol-article; do
    begin "golden:$name"
    if [ "$REGEN" = "--regen" ]; then
        cp "$TOP/$name.out" "$D/$name.out"
    elif ! cmp -s "$D/$name.out" "$TOP/$name.out"; then
        fail "the dump differs from $D/$name.out: $(diff -u "$D/$name.out" "$TOP/$name.out" | sed -n '3,12p')"
    fi
    end
done

# --- what does not fit -----------------------------------------------------

begin "too-big:chars"
render "$T/p.pdf" --theme "$D/bad-wide.yaml" "$D/report.md" || true
expect_msg "bad-wide.yaml:4:19: warning: the text block does not fit: 50 characters (page.chars-per-line) of 10.5pt (body.size) make 525pt"
expect_msg "419.53pt = 148mm across the paper on A5"
lines "$T/p.pdf" 2 3 | awk '$2 < 0 || $4 > 419.528 { print; exit 1 }' >"$T/why" ||
    fail "text outside the paper: $(cat "$T/why")"
end

begin "too-big:margins"
render "$T/p.pdf" --theme "$D/bad-margins.yaml" "$D/short.md" || true
expect_msg "bad-margins.yaml:4:17: warning: page.margin-inner 340.16pt = 120mm and page.margin-outer 226.77pt = 80mm leave no room"
expect_msg "bad-margins.yaml:6:15: warning: page.margin-top 425.2pt = 150mm and page.margin-bottom 340.16pt = 120mm leave no room"
end

begin "too-big:front-matter"
render "$T/p.pdf" "$D/front-bad.md" || true
expect_msg "front-bad.md:6:19: warning: the text block does not fit: 80 characters (page.chars-per-line)"
expect_msg "front-bad.md:7:10: warning: the text block does not fit: 70 lines (page.lines)"
run_bin "$T/out" "$T/err" --strict "$D/front-bad.md" -o "$T/q.pdf"
expect_status 1
end

# --- handouts, notes, booklets on the themes' papers ------------------------

begin "sheets:handout"
render "$T/h.pdf" --theme "$D/a5.yaml" --handout 4 content/slides.md && size_is "$T/h.pdf" 595.276 419.528
render "$T/i.pdf" --theme "$D/landscape.yaml" --handout 2 content/slides.md && size_is "$T/i.pdf" 841.89 595.276
end

begin "sheets:notes"
render "$T/n.pdf" --theme "$D/twocol.yaml" --notes content/slides.md && size_is "$T/n.pdf" 595.276 841.89
run_bin "$T/n.out" "$T/n.err" --theme "$D/twocol.yaml" --notes --dump pages content/slides.md
expect_status 0
grep -q ' col=1 ' "$T/n.out" && fail "notes pages in two columns"
render "$T/m.pdf" --theme "$D/landscape.yaml" --notes content/slides.md && expect_no_msg "overflows"
[ "$(pdf_pages "$T/m.pdf")" = 13 ] || fail "landscape notes: $(pdf_pages "$T/m.pdf") pages, want 13"
end

begin "sheets:booklet"
render "$T/b.pdf" --theme "$D/a5.yaml" --booklet "$D/report.md" && size_is "$T/b.pdf" 839.057 595.276
end

begin "theme-print"
run_bin "$T/theme.yaml" "$T/err" --print-theme "$D/landscape.yaml"
expect_status 0
render "$T/a.pdf" --theme "$D/landscape.yaml" "$D/article.md"
render "$T/b.pdf" --theme "$T/theme.yaml" "$D/article.md"
cmp -s "$T/a.pdf" "$T/b.pdf" || fail "the printed theme renders other bytes"
end

summary
