#!/bin/sh
# tests/vertical/run.sh BIN JCHECK: vertical writing (issue 24, src/vertical.h)
# through the real binary and the readers.
#
#   fonts       the prose story (content/vertical-story.md) as a PDF: its
#               upright glyphs in vertical fonts (named "-V<n>", TrueType
#               CIDFonts, Identity-V or a one-byte CMap of WMode 1 for cairo's
#               latin subsets), every other font horizontal; qpdf --check
#               clean; portrait A5; the catalog's pages turn right to left
#               (/Direction /R2L); MuPDF reads a column as a line
#   extract     tests/vertical/extract.md: pdftotext gives each paragraph's
#               text in reading order, whole (the columns joined, a space read
#               only beside a sideways Latin word, as in horizontal text):
#               kana, small kana, brackets, dashes, the ellipsis, full-width
#               digits, tate-chu-yoko (12, 3, !?, ^AB^), sideways numbers
#               (1986) and “ ” (drawn as 〝 〟, read as written); mutool gives
#               the same, without a space; with --pdfa, this and the story
#               read as without it
#   jcheck      the report (--vertical) and the story at A4, B5 and A5, read
#               by jcheck as vertical pages: no line start or end against
#               strict kinsoku, no loose or spurious gap; the report's columns
#               all flush to the measure but a paragraph's last, its
#               Japanese-Latin gaps a quarter em; the story's columns off the
#               measure only where a paragraph ends (its dialogue paragraphs
#               start unindented, which jcheck cannot tell from a
#               continuation), its Japanese-Latin gaps a quarter to half an em
#               (JLREQ widens them first when a line is spread), and
#               kumihan -v counting no loose or ragged line
#   same        --vertical, writing-mode: vertical in the front matter and
#               page.writing-mode in a theme give the same PDF; a horizontal
#               document has no vertical font and no /Direction
#   insets      tests/vertical/insets.md: a code block and a table set across
#               the paper, turned back upright in the flow: their words read
#               across (pdftotext -bbox: wider than tall, one baseline a
#               line) and whole, the text around them down the columns; a
#               table of 39 rows on A6 in several boxes, each after the first
#               opening with the header row again
#   bands       the story's page 2: its running head (the title) set across
#               the paper above every column (in 天), its folio "1" across
#               below them (in 地); the company theme's confidentiality mark
#               (tests/furniture) across in the paper's top right corner, and
#               in its bottom left by a theme over it
#   spread      footnote.place: spread on twelve notes (--dump pages): none on
#               a right (even) page; each on its reference's page, or after a
#               right page on the left page after it; none marked continued
#   mirror      a theme's ノド 25mm and 小口 12mm on the story: bound on the
#               right, an odd page's columns keep the wider margin at the
#               paper's right, an even page's at its left
#   deck        a Marp deck asking for vertical writing (writing-mode:
#               vertical in its front matter): landscape slides whose text
#               is in vertical fonts and read in order, a background picture
#               drawn across the slide (one image), the footer and page
#               number across its foot; its 3-up handout's sheet A4 portrait
#               with the slides (no vertical sheet); beside split pictures
#               (bg left, bg right:40%) the words and the foot on the text's
#               side, the heading a margin from its right edge; a row of
#               two pictures each upright, in its proportions, one below the
#               other; --vertical --slides on content/slides.md sets it
#               vertically, without it not
#   png         --format png: the page as printed, portrait, the size of the
#               paper (A6 at 150 dpi, 620.1 x 874.0 pixels rounded up)
#   booklet     --booklet of the story: sheets twice the page's width,
#               landscape, the first sheet's front with page 1 on the left
#               (bound on the right): the characters of its left half are
#               page 1's (pdftotext orders a cut-out of vertical text its own
#               way)
# Run from the repository root: sh tests/vertical/run.sh build/kumihan build/debug/jcheck

SUITE=vertical
. tests/lib.sh
JCHECK=${2:?usage: sh tests/vertical/run.sh BIN JCHECK}
case $JCHECK in /*) ;; *) JCHECK=$(pwd)/$JCHECK ;; esac
require_tools pdftotext pdfinfo pdffonts qpdf mutool
export SOURCE_DATE_EPOCH=1710460800
PROSE=content/vertical-story.md

begin fonts
if render "$T/p.pdf" "$PROSE"; then
    pdffonts "$T/p.pdf" | tail -n +3 >"$T/fonts"
    grep -q 'Identity-V' "$T/fonts" || fail "no vertical font: $(cat "$T/fonts")"
    grep -q 'Custom' "$T/fonts" || fail "no vertical font of cairo's latin subsets: $(cat "$T/fonts")"
    grep -q 'Identity-H' "$T/fonts" || fail "no horizontal font (sideways Latin): $(cat "$T/fonts")"
    awk '$0 ~ /Identity-V|Custom/ && $1 !~ /-V[0-9]+E?$/ { print }' "$T/fonts" >"$T/odd"
    [ -s "$T/odd" ] && fail "a vertical font not named -V<n>: $(cat "$T/odd")"
    # TrueType outlines (src/glyf.c), composite, Identity-V or our one-byte CMap
    awk '$1 ~ /-V[0-9]+E?$/ && $0 !~ /CID TrueType +(Identity-V|Custom) / { print }' \
        "$T/fonts" >"$T/odd"
    [ -s "$T/odd" ] && fail "a -V<n> font not a vertical TrueType CIDFont: $(cat "$T/odd")"
    qpdf --check "$T/p.pdf" >"$T/qpdf" 2>&1 || fail "qpdf --check: $(tail -n 3 "$T/qpdf")"
    size=$(pdf_info "$T/p.pdf" 'Page size')
    case $size in "419.528 x 595.276 pts"*) ;; *) fail "page size $size, expected A5 portrait (its front matter)" ;; esac
    qpdf --qdf --object-streams=disable "$T/p.pdf" "$T/q.pdf"
    grep -aq '/Direction /R2L' "$T/q.pdf" || fail "the pages do not turn right to left"
    cmaps=$(grep -ac '/Type /CMap' "$T/q.pdf")
    [ "$cmaps" -gt 0 ] && [ "$(grep -ac '^ */WMode 1$' "$T/q.pdf")" -eq "$cmaps" ] ||
        fail "$cmaps CMaps, not all vertical"
    # MuPDF reads each column as one line (from a CFF font, one line a glyph:
    # 2,594 lines of one character); a line of one (3 bytes) is left
    # only where a paragraph ends after a sideways ……
    mutool draw -F txt -o "$T/mu" "$T/p.pdf" 2>/dev/null
    ones=$(LC_ALL=C awk 'length($0) == 3' "$T/mu" | wc -l)
    [ "$ones" -le 3 ] || fail "mutool: $ones lines of one character: $(head -c 300 "$T/mu")"
fi
end

begin extract
if render "$T/e.pdf" "$D/extract.md"; then
    # the body paragraphs of the source, and the PDF's text, each without
    # line breaks; spaces are read only beside a sideways (Latin) word
    pdftotext -q -enc UTF-8 "$T/e.pdf" - | tr -d '\n\f' >"$T/text"
    sed -n '/^---$/,/^---$/d; /^$/d; s/\^\([^^]*\)\^/\1/g; p' "$D/extract.md" >"$T/paras"
    while IFS= read -r para; do
        flat=$(sed 's/ \([A-Za-z0-9]\)/\1/g; s/\([A-Za-z0-9]\) /\1/g' "$T/text")
        case $flat in
        *"$para"*) ;;
        *) fail "the text lacks the paragraph '$para'; pdftotext: $(head -c 600 "$T/text")" ;;
        esac
    done <"$T/paras"
    grep -q 'あい London かき Smith さ12年' "$T/text" ||
        fail "sideways words not read in place: $(head -c 300 "$T/text")"
    # PDF/A (the fonts' widths are the programs': the vertical copies'
    # TrueType hmtx is widened too) reads the same
    if render "$T/ea.pdf" "$D/extract.md" --pdfa && render "$T/sa.pdf" "$PROSE" --pdfa &&
        render "$T/sn.pdf" "$PROSE"; then
        pdftotext -q -enc UTF-8 "$T/ea.pdf" - | tr -d '\n\f' | cmp -s - "$T/text" ||
            fail "--pdfa: pdftotext reads otherwise: $(pdftotext -q "$T/ea.pdf" - | head -c 300)"
        pdftotext -q -enc UTF-8 "$T/sa.pdf" "$T/sa.txt"
        pdftotext -q -enc UTF-8 "$T/sn.pdf" "$T/sn.txt"
        cmp -s "$T/sa.txt" "$T/sn.txt" ||
            fail "--pdfa: the story reads otherwise: $(diff "$T/sa.txt" "$T/sn.txt" | head -n 6)"
    fi
    # and MuPDF: each column a line, no space added
    mutool draw -F txt -o "$T/mu" "$T/e.pdf" 2>/dev/null
    tr -d '\n\f' <"$T/mu" >"$T/mutext"
    while IFS= read -r para; do
        grep -qF -- "$para" "$T/mutext" ||
            fail "mutool: the text lacks the paragraph '$para': $(head -c 600 "$T/mutext")"
    done <"$T/paras"
fi
end

begin jcheck
# jc PDF SOURCE: jcheck's summary line of PDF read as vertical pages
jc() {
    jcout=$1.jc
    "$JCHECK" --vertical --source "$2" "$1" >"$jcout" 2>&1
    sum=$(grep '^jcheck:' "$jcout")
}
has() {                                  # has WANT...: each in the summary $sum
    for _w in "$@"; do
        case "$sum " in *" $_w "*) ;; *) fail "$paper: not $_w: $(head -c 900 "$jcout")" ;; esac
    done
}
# the source's paragraphs' ends, ruby as its base text
sed 's/{\([^|}]*\)|[^}]*}/\1/g' "$PROSE" >"$T/plain.md"
for paper in A4 B5 A5; do
    if render "$T/r$paper.pdf" content/report.md --vertical --paper $paper; then
        jc "$T/r$paper.pdf" content/report.md
        echo "  report $paper: $sum"
        has start=0 end=0 unjustified=0 spurious=0 loose=0 gap_median=0.250em
    fi
    render "$T/$paper.pdf" "$PROSE" --paper $paper -v || continue
    jc "$T/$paper.pdf" "$PROSE"
    echo "  story $paper: $sum"
    has start=0 end=0 spurious=0 loose=0
    grep -q ' 0 loose, 0 ragged' "$T/$paper.pdf.stderr" ||
        fail "$paper: kumihan -v: $(cat "$T/$paper.pdf.stderr")"
    sed -n 's/^  p[0-9]* line [0-9]*: right .*: "\(.*\)"$/\1/p' "$T/$paper.pdf.jc" >"$T/short"
    while IFS= read -r text; do
        grep -qF -- "$text" "$T/plain.md" && grep -F -- "$text" "$T/plain.md" | grep -q -- "$text\$" ||
            fail "$paper: a column off the measure inside a paragraph: '$text'"
    done <"$T/short"
    median=$(echo "$sum" | sed -n 's/.*gap_median=\([0-9.]*\)em.*/\1/p')
    awk -v m="$median" 'BEGIN { exit !(m >= 0.24 && m <= 0.51) }' ||
        fail "$paper: Japanese-Latin gaps' median $median em"
done
end

begin same
sed '/^writing-mode:/d' "$PROSE" >"$T/h.md"
printf 'page:\n  writing-mode: vertical\n' >"$T/theme.yaml"
if render "$T/a.pdf" "$PROSE" && render "$T/b.pdf" "$T/h.md" --vertical &&
   render "$T/c.pdf" "$T/h.md" --theme "$T/theme.yaml" && render "$T/h.pdf" "$T/h.md"; then
    cmp -s "$T/a.pdf" "$T/b.pdf" || fail "--vertical differs from writing-mode: vertical"
    cmp -s "$T/a.pdf" "$T/c.pdf" || fail "the theme's page.writing-mode differs from the front matter's"
    pdffonts "$T/h.pdf" | grep -Eq 'Identity-V|Custom' && fail "a horizontal document has a vertical font"
    qpdf --qdf --object-streams=disable "$T/h.pdf" "$T/hq.pdf"
    grep -aq '/Direction' "$T/hq.pdf" && fail "a horizontal document turns right to left"
fi
end

begin insets
if render "$T/i.pdf" "$D/insets.md"; then
    pdftotext -q -bbox "$T/i.pdf" - |
        sed -n 's/.*xMin="\([0-9.]*\)" yMin="\([0-9.]*\)" xMax="\([0-9.]*\)" yMax="\([0-9.]*\)">\(.*\)<\/word>/\1 \2 \3 \4 \5/p' >"$T/words"
    for w in make deploy TARGET=production 1,200 105% 1,350 112% 生産量 前年比; do
        awk -v w="$w" '$5 == w { n++; if ($3 - $1 <= $4 - $2) bad = 1 }
                       END { exit !(n == 1 && !bad) }' "$T/words" ||
            fail "'$w' is not one word set across: $(grep -F -- " $w" "$T/words")"
    done
    txt=$(pdftotext -q -enc UTF-8 "$T/i.pdf" -)
    case $txt in *'$ make deploy TARGET=production'*) ;; *) fail "the code line is not whole: $txt" ;; esac
    case $(echo "$txt" | tr -d ' \n') in
    *実行するコマンドは次のとおり。*月ごとの生産量は次の表のとおりである。*) ;;
    *) fail "the text around the insets is not read down its columns: $txt" ;;
    esac
fi
{ printf -- '---\nwriting-mode: vertical\npaper: A6\n---\n\n表を示す。\n\n'
  printf '| 月 | 生産量 | 前年比 |\n|---|---|---|\n'
  i=1; while [ $i -le 39 ]; do printf '| %d月 | %d | %d%% |\n' $i $((1000 + i)) $((100 + i)); i=$((i + 1)); done
  printf '\n以上。\n'; } >"$T/long.md"
if render "$T/long.pdf" "$T/long.md"; then
    heads=$(pdftotext -q -enc UTF-8 "$T/long.pdf" - | grep -c '生産量')
    pages=$(pdf_pages "$T/long.pdf")
    [ "$heads" -ge 2 ] && [ "$heads" -le "$pages" ] ||
        fail "the long table's header row set $heads times over $pages pages"
    pdftotext -q -enc UTF-8 "$T/long.pdf" - | grep -q '39 *月' || fail "the long table's last row is lost"
fi
end

begin bands
if render "$T/s.pdf" "$PROSE"; then
    pdftotext -q -f 2 -l 2 -bbox "$T/s.pdf" - |
        sed -n 's/.*xMin="\([0-9.]*\)" yMin="\([0-9.]*\)" xMax="\([0-9.]*\)" yMax="\([0-9.]*\)">\(.*\)<\/word>/\1 \2 \3 \4 \5/p' >"$T/words"
    awk '$5 == "銀の懐中時計" { head = 1; if ($3 - $1 <= $4 - $2) print "the head is not across: " $0
             top = $4 }
         $5 != "銀の懐中時計" && $5 != "1" && $5 !~ /坂の時計屋|^一$/ && (lo == "" || $2 < lo) { lo = $2 }
         $5 == "1" && ($2 > folio) { folio = $2; fy = $4 }
         $5 != "1" && $4 > hi { hi = $4 }
         END { if (!head) print "no running head"
               else if (top >= lo) print "the head (to " top ") is not above the columns (from " lo ")"
               if (folio <= hi) print "the folio (from " folio ") is not below the columns (to " hi ")" }' \
        "$T/words" >"$T/bad"
    [ -s "$T/bad" ] && fail "$(cat "$T/bad")"
fi
# a confidentiality mark in its corner of the paper, across: top-right (the
# company theme's), and bottom-left by a theme over it
printf 'extends: %s/tests/furniture/company.yaml\nmark:\n  position: bottom-left\n' "$(pwd)" \
    >"$T/bl.yaml"
for c in top-right bottom-left; do
    theme=tests/furniture/company.yaml
    [ $c = bottom-left ] && theme=$T/bl.yaml
    render "$T/mark-$c.pdf" tests/furniture/report.md --theme "$theme" --vertical --paper A5 ||
        continue
    pdftotext -q -f 2 -l 2 -bbox "$T/mark-$c.pdf" - |
        sed -n 's/.*xMin="\([0-9.]*\)" yMin="\([0-9.]*\)" xMax="\([0-9.]*\)" yMax="\([0-9.]*\)">社外秘<.*/\1 \2 \3 \4/p' |
        awk -v c=$c '{ found = 1
            if ($3 - $1 <= $4 - $2) print "not across: " $0
            if (c == "top-right" && !($1 > 419.5 / 2 && $4 < 60)) print "not at the top right: " $0
            if (c == "bottom-left" && !($3 < 419.5 / 2 && $2 > 595 - 60)) print "not at the bottom left: " $0 }
            END { if (!found) print "no mark" }' >"$T/bad"
    [ -s "$T/bad" ] && fail "mark $c: $(cat "$T/bad")"
done
end

begin mirror
printf 'page:\n  margin-inner: 25mm\n  margin-outer: 12mm\n' >"$T/m.yaml"
if render "$T/m.pdf" "$PROSE" --theme "$T/m.yaml"; then
    for p in 2 3; do
        pdftotext -q -f $p -l $p -bbox "$T/m.pdf" - |
            sed -n 's/.*xMin="\([0-9.]*\)" yMin="[0-9.]*" xMax="\([0-9.]*\)".*/\1 \2/p' |
            awk -v p=$p 'NR == 1 { lo = $1; hi = $2 } $1 < lo { lo = $1 } $2 > hi { hi = $2 }
                 END { left = lo; right = 419.53 - hi
                       if (p % 2 == 1 && right <= left + 5) print "odd page " p ": spine margin " right " not right of " left
                       if (p % 2 == 0 && left <= right + 5) print "even page " p ": spine margin " left " not left of " right }'
    done >"$T/bad"
    [ -s "$T/bad" ] && fail "$(cat "$T/bad")"
fi
end

begin deck
cp content/images/minato-factory.jpg "$T/"
printf -- '---\nmarp: true\nwriting-mode: vertical\npaginate: true\nfooter: 港町工場\n---\n\n# 縦書きの発表\n\n---\n\n## 今年の歩み\n\n- 4月に新ラインを着工\n- 9月に試運転を開始\n\n---\n\n![bg](minato-factory.jpg)\n\n## 工場の外観\n' >"$T/d.md"
if render "$T/d.pdf" --slides "$T/d.md"; then
    size=$(pdf_info "$T/d.pdf" 'Page size')
    case $size in "960 x 540 pts"*) ;; *) fail "slide size $size" ;; esac
    pdffonts "$T/d.pdf" | grep -Eq 'Identity-V|Custom' || fail "the deck has no vertical font"
    txt=$(pdftotext -q -enc UTF-8 "$T/d.pdf" - | tr -d ' \n\f')
    case $txt in *今年の歩み*4月に新ラインを着工*9月に試運転を開始*) ;;
    *) fail "the slide's text is not read in order: $txt" ;; esac
    [ "$(pdfimages -list "$T/d.pdf" 2>/dev/null | tail -n +3 | wc -l)" = 1 ] ||
        fail "not one background picture: $(pdfimages -list "$T/d.pdf")"
    pdftotext -q -f 2 -l 2 -bbox "$T/d.pdf" - |
        sed -n 's/.*xMin="\([0-9.]*\)" yMin="\([0-9.]*\)" xMax="\([0-9.]*\)" yMax="\([0-9.]*\)">港町工場<.*/\1 \2 \3 \4/p' |
        awk '{ if ($3 - $1 > $4 - $2 && $2 > 480) ok = 1 } END { exit !ok }' ||
        fail "the footer is not across the slide's foot"
fi
if render "$T/h.pdf" --handout 3 "$T/d.md"; then
    size=$(pdf_info "$T/h.pdf" 'Page size')
    case $size in "595.276 x 841.89 pts"*) ;; *) fail "handout sheet $size, expected A4 portrait" ;; esac
    pdftotext -q -enc UTF-8 "$T/h.pdf" - | tr -d ' \n\f' | grep -q '今年の歩み' ||
        fail "the handout lacks the slides' text"
fi
# split pictures: the text (and the foot) on the other side, its columns
# from that side's right edge
printf -- '---\nmarp: true\nwriting-mode: vertical\npaginate: true\nfooter: 港町工場\n---\n\n# 表題\n\n---\n\n![bg left](minato-factory.jpg)\n\n## 左に写真\n\n本文の列は右の半分に並ぶ。\n\n---\n\n![bg right:40%%](minato-factory.jpg)\n\n## 右に写真\n\n本文の列は写真の左に並ぶ。\n' >"$T/split.md"
if render "$T/split.pdf" --slides "$T/split.md"; then
    grep -q 'split' "$T/split.pdf.stderr" && fail "split pictures warned of: $(cat "$T/split.pdf.stderr")"
    # xmin xmax of every word on page P, as "x0 x1 word"
    words() { pdftotext -q -f "$1" -l "$1" -bbox "$T/split.pdf" - |
        sed -n 's/.*xMin="\([0-9.]*\)" yMin="[0-9.]*" xMax="\([0-9.]*\)".*>\(.*\)<\/word>/\1 \2 \3/p'; }
    words 2 | awk '{ if ($1 < 480) bad = bad " " $3 } END { if (bad) { print bad; exit 1 } }' \
        >"$T/bad" || fail "bg left: text or foot on the picture's half: $(cat "$T/bad")"
    words 2 | grep -q '左に写真' || fail "bg left: the heading is not read"
    words 3 | awk '{ if ($2 > 576) bad = bad " " $3 } END { if (bad) { print bad; exit 1 } }' \
        >"$T/bad" || fail "bg right:40%: text or foot on the picture's 40 %: $(cat "$T/bad")"
    words 3 | awk '$3 == "3/3" || $3 == "3" { found = 1 } END { exit !found }' ||
        fail "bg right:40%: no page number on the text's side"
    # each side's first column (its heading) a margin from its right edge
    words 2 | awk '$3 ~ /左に写真/ { exit !($2 > 960 - 48 - 40) }' ||
        fail "bg left: the heading is not at the slide's right margin"
    words 3 | awk '$3 ~ /右に写真/ { exit !($2 > 576 - 48 - 40 && $2 < 576) }' ||
        fail "bg right:40%: the heading is not a margin left of the picture"
fi
# a row of pictures (one paragraph): each standing upright (its transform
# unturned, as wide as the picture is), one below the other
printf -- '---\nmarp: true\nwriting-mode: vertical\n---\n\n# 表題\n\n---\n\n## 二枚\n\n![a](minato-factory.jpg) ![b](minato-factory.jpg)\n' >"$T/row.md"
if render "$T/row.pdf" --slides "$T/row.md"; then
    mutool draw -F trace -o - "$T/row.pdf" 2 2>/dev/null |
        sed -n 's/.*<fill_image.*transform="\([^"]*\)" width="\([0-9]*\)" height="\([0-9]*\)".*/\1 \2 \3/p' |
        awk '{ n++
               if ($2 != 0 || $3 != 0 || $1 <= 0 || $4 <= 0) print "turned: " $0
               else if (($1 / $4 - $7 / $8) ^ 2 > 0.01) print "not in its proportions: " $0
               if (n > 1 && $6 <= y) print "not below the one before: " $0
               y = $6 }
             END { if (n != 2) print n " pictures" }' >"$T/bad"
    [ -s "$T/bad" ] && fail "a row in a vertical deck: $(cat "$T/bad")"
fi
if render "$T/s.pdf" --slides --vertical content/slides.md && render "$T/s0.pdf" --slides content/slides.md; then
    pdffonts "$T/s.pdf" | grep -Eq 'Identity-V|Custom' || fail "--vertical --slides set no vertical font"
    pdffonts "$T/s0.pdf" | grep -Eq 'Identity-V|Custom' && fail "a deck set vertically without asking"
fi
end

begin png
run_bin "$T/out" "$T/err" --format png --dpi 150 "$D/extract.md" -o "$T/e.png"
if expect_status 0; then
    f=$(ls "$T"/e*.png 2>/dev/null | head -n 1)
    [ -n "$f" ] || fail "no PNG written: $(ls "$T")"
    [ -n "$f" ] && { dims=$(file "$f" | sed -n 's/.*PNG image data, \([0-9]*\) x \([0-9]*\).*/\1x\2/p')
        [ "$dims" = 621x875 ] || fail "PNG $dims, expected 621x875 (A6 portrait at 150 dpi)"; }
fi
end

begin spread
# footnote.place: spread: no note on a right (even) page, each note on the
# page of its reference or, from a right page, on the left page after it
{
    printf -- '---\ntitle: 見開き\nwriting-mode: vertical\npaper: A6\n---\n\n'
    for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
        printf '港町の時計屋は、明治の終わりに開かれた[^n%d]。初代の店主は横浜で修業を積み、船の時計を直すことから商いを始めたという。店は坂の途中の小さな間口から、通りに面した二間の店へと移った。\n\n' $i
    done
    for i in 1 2 3 4 5 6 7 8 9 10 11 12; do printf '[^n%d]: 注の本文その%d。\n' $i $i; done
} >"$T/sp.md"
printf 'footnote:\n  place: spread\n' >"$T/sp.yaml"
run_bin "$T/sp.dump" "$T/sp.err" --dump pages --theme "$T/sp.yaml" "$T/sp.md"
if expect_status 0; then
    # page of each note's line and of each reference (a line holding *N)
    awk '/^page / { p = $2 }
         $1 == "note" { for (i = 1; i <= NF; i++) if ($i ~ /^n=/) print "note", substr($i, 3), p }
         $1 == "line" { t = $0; while (match(t, /\*[0-9]+/)) { print "ref", substr(t, RSTART + 1, RLENGTH - 1), p; t = substr(t, RSTART + RLENGTH) } }' \
        "$T/sp.dump" >"$T/sp.where"
    awk '$1 == "ref" && !($2 in r) { r[$2] = $3 }
         $1 == "note" { n[$2] = $3; if ($3 % 2 == 0) print "note " $2 " on the right page " $3 }
         END { for (k in r) { want = r[k] % 2 ? r[k] : r[k] + 1
                              if (n[k] != want) print "note " k " (referred to on page " r[k] ") on page " n[k] ", not " want }
               if (length(r) < 12) print length(r) " references found" }' "$T/sp.where" >"$T/bad"
    [ -s "$T/bad" ] && fail "$(cat "$T/bad")"
    grep -q ' continued' "$T/sp.dump" && fail "a note marked as continued"
fi
end

begin booklet
if render "$T/bk.pdf" "$PROSE" --paper A5 --booklet && render "$T/one.pdf" "$PROSE" --paper A5; then
    size=$(pdf_info "$T/bk.pdf" 'Page size')
    case $size in "839.05"*" x 595.27"*) ;; *) fail "sheet size $size, expected two A5 pages across" ;; esac
    # page 1 (the title and the contents) is the left half of the first side
    chars() { LC_ALL=$U8 grep -o . | LC_ALL=C sort | tr -d '\n'; }
    left=$(pdftotext -q -enc UTF-8 -f 1 -l 1 -x 0 -y 0 -W 419 -H 595 "$T/bk.pdf" - |
           tr -d ' \n\f' | chars)
    first=$(pdftotext -q -enc UTF-8 -f 1 -l 1 "$T/one.pdf" - | tr -d ' \n\f' | chars)
    [ -n "$first" ] && [ "$left" = "$first" ] ||
        fail "the first sheet's left half is not page 1: '$left' vs '$first'"
fi
end

summary
