#!/bin/sh
# tests/marp/run.sh BIN: Marp's conventions in decks (marp.c, slide.c),
# asserted on the PDFs with poppler's pdfinfo, pdftotext and pdftoppm (the
# grounds' colours), and on --dump pages goldens (NAME-deck.out of plan,
# divider, divider-list, divider-comment, gaia, uncover, bg; --regen writes them).
#   plan-deck.md     16:9 by default; front matter paginate and footer;
#                    _class lead and _paginate on slide 1; header from slide
#                    2 on; _class invert; backgroundColor, color, paginate
#                    false from slide 4 on; a fit heading; Marp's breaks; a
#                    note beside directive comments; an unknown directive (at
#                    its line in a comment whose first line is "<!--")
#   divider-deck.md  size 4:3; headingDivider 2 cuts at # and ##, not ###
#   bad-deck.md      an unknown size, directive and class: warnings at their
#                    lines, once per name; a comment of unknown keys only
#                    (_frobnicate: 1) is a speaker note, as in Marp
#   images-deck.md   Marp's image keywords never printed: w:200 h:100 gives a
#                    picture of 150 x 75 pt; bg right:40% and sepia done, no
#                    warning; the words that are no keyword stay the caption
#   divider-list-deck.md     headingDivider: [1, 3] cuts at # and ###, not
#                    at ## or ####: 3 slides, as Marp CLI cuts it
#   divider-comment-deck.md  a comment's block list (- 2, - 3): 5 slides;
#                    bad values (a level 7, a word, a mapping) warned at their
#                    lines and ignored; false in a comment turns it off
#   gaia-deck.md     theme: gaia, no warning: cream ground, slate text; lead
#                    centred in the middle; class gaia light blue, its link in
#                    the text's colour; invert slate; a plain slide's heading
#                    at the top left
#   uncover-deck.md  theme: uncover: every slide's text centred in its middle,
#                    a centred list's bullets beside their text; invert dark
#   class gaia       known with the gaia theme (front matter or --theme), a
#                    warning with report's slides and uncover
#   bg-deck.md       Marp's ![bg]: cover, a split right:40% and left vertical,
#                    three side by side (contain, 50%), auto, w:/h:, the
#                    backgroundImage directive (contain, top) and none, the
#                    filters (sepia, grayscale+blur, opacity, brightness+invert,
#                    hue-rotate warned once), a figure too tall shrunk to the
#                    room left; slides, 3-up, 6-up, notes; 16:9 and 4:3
#   compat-deck.md   where Marp CLI's output decided: the front matter's
#                    _class for slide 1 only; theme in a comment; a comment
#                    with one directive and an unknown key; paginate skip and
#                    hold (1, 2, -, 2, 3, 4, 5 of 5); the blank beside a removed bg;
#                    the split side from the last picture, its size from the
#                    one that gave it; <img alt="bg right"> stays a figure
#   rules-deck.md    every thematic break starts a slide, as in Marp: ***,
#                    ___, - - -, ----, and --- three spaces in: 6 slides
#   row-deck.md      a paragraph of pictures only: one row, side by side,
#                    bottoms aligned, within the measure, no warning
#   over-deck.md     a slide too full at the floors: cut at its foot, one
#                    warning at its line, its note whole on the notes page
# Run from the repository root: sh tests/marp/run.sh build/kumihan [--regen]

SUITE=marp
. tests/lib.sh
LIMIT=60
require_tools pdfinfo pdftotext pdftoppm od

# word_box PDF PAGE WORD: "xMin yMin xMax" (whole points) of WORD's first
# occurrence on the page (pdftotext -bbox)
word_box() {
    pdftotext -q -f "$2" -l "$2" -bbox "$1" - 2>/dev/null |
        awk -v w="$3" 'index($0, ">" w "<") { v = $0; sub(/.*xMin="/, "", v); x = v + 0
                        v = $0; sub(/.*yMin="/, "", v); y = v + 0
                        v = $0; sub(/.*xMax="/, "", v); print int(x), int(y), int(v + 0); exit }'
}

# has_colour PDF PAGE X Y W H RRGGBB: a pixel of that colour in the box
# (points, at 72 dpi)
has_colour() {
    pdftoppm -f "$2" -l "$2" -r 72 -x "$3" -y "$4" -W "$5" -H "$6" "$1" 2>/dev/null |
        tail -c $(($5 * $6 * 3)) | od -An -v -tx1 |
        tr -s ' \n' '\n\n' | grep . | paste -d '' - - - | grep -qx "$7"
}

REGEN=$2

begin "plan:slides"
if render "$T/plan.pdf" --slides "$D/plan-deck.md"; then
    [ "$(pdf_pages "$T/plan.pdf")" = 4 ] || fail "pages: $(pdf_pages "$T/plan.pdf"), not 4"
    case $(pdf_info "$T/plan.pdf" "Page size") in "960 x 540 pts"*) ;;
        *) fail "not 16:9: $(pdf_info "$T/plan.pdf" "Page size")" ;; esac
    all=$(pdf_text "$T/plan.pdf")
    for w in class paginate header footer backgroundColor transition fit '**'; do
        case $all in *"$w"*) fail "directive text '$w' printed" ;; esac
    done
    p1=$(pdf_text "$T/plan.pdf" 1); p2=$(pdf_text "$T/plan.pdf" 2)
    p3=$(pdf_text "$T/plan.pdf" 3); p4=$(pdf_text "$T/plan.pdf" 4)
    case $p1 in *"1 / 4"*|*"1/4"*) fail "slide 1 has a page number (_paginate: false)" ;; esac
    case $p1 in *第1部*) fail "slide 1 has the header of slide 2 on" ;; esac
    case $p1 in *"株式会社みなと 経営企画部"*) ;; *) fail "slide 1: no footer" ;; esac
    case $p2 in *第1部*) ;; *) fail "slide 2: no header" ;; esac
    case $p2 in *2/4*|*"2 / 4"*) ;; *) fail "slide 2: no page number" ;; esac
    case $p3 in *第1部*) ;; *) fail "slide 3: the header did not carry on" ;; esac
    case $p4 in *4/4*|*"4 / 4"*) fail "slide 4: a page number after paginate: false" ;; esac
    # breaks: the two source lines stay two lines
    echo "$p2" | grep -qx "売上は前年比 *12% *増。" || fail "slide 2: the line break is lost"
    expect_msg "plan-deck.md:28:1: warning: unknown Marp directive 'transition'"
fi
end

begin "plan:notes"
if render "$T/notes.pdf" --notes "$D/plan-deck.md"; then
    n=$(pdf_text "$T/notes.pdf")
    case $n in *質問を受ける*) ;; *) fail "the speaker note is lost" ;; esac
    for w in _class invert paginate header: backgroundColor; do
        case $n in *"$w"*) fail "a directive comment '$w' on the notes pages" ;; esac
    done
fi
end

begin "plan:handout-3"
render "$T/h3.pdf" --handout 3 "$D/plan-deck.md" &&
    [ "$(pdf_pages "$T/h3.pdf")" = 2 ] || fail "handout 3: not 2 pages"
end

begin "divider:slides"
if render "$T/div.pdf" --slides "$D/divider-deck.md"; then
    [ "$(pdf_pages "$T/div.pdf")" = 3 ] || fail "pages: $(pdf_pages "$T/div.pdf"), not 3"
    case $(pdf_info "$T/div.pdf" "Page size") in "720 x 540 pts"*) ;;
        *) fail "size 4:3 not kept: $(pdf_info "$T/div.pdf" "Page size")" ;; esac
    case $(pdf_text "$T/div.pdf" 3) in *会場*持ち物*) ;; *) fail "### cut a slide" ;; esac
fi
end

begin "divider:list"
if render "$T/dl.pdf" --slides "$D/divider-list-deck.md"; then
    [ -s "$T/dl.pdf.stderr" ] && fail "warnings: $(cat "$T/dl.pdf.stderr")"
    [ "$(pdf_pages "$T/dl.pdf")" = 3 ] || fail "pages: $(pdf_pages "$T/dl.pdf"), not 3"
    case $(pdf_text "$T/dl.pdf" 1) in *第1章*背景*) ;; *) fail "## cut a slide" ;; esac
    case $(pdf_text "$T/dl.pdf" 2) in 詳しい数字*) ;; *) fail "### did not cut a slide" ;; esac
    case $(pdf_text "$T/dl.pdf" 3) in *第2章*午前*補足*) ;; *) fail "# did not cut, or #### did" ;; esac
fi
end

begin "divider:comment"
if render "$T/dc.pdf" --slides "$D/divider-comment-deck.md"; then
    [ -s "$T/dc.pdf.stderr" ] && fail "warnings: $(cat "$T/dc.pdf.stderr")"
    [ "$(pdf_pages "$T/dc.pdf")" = 5 ] || fail "pages: $(pdf_pages "$T/dc.pdf"), not 5"
    case $(pdf_text "$T/dc.pdf" 3) in 演習*注意*) ;; *) fail "### did not cut, or #### did" ;; esac
    case $(pdf_text "$T/dc.pdf" 4) in *連絡先*) fail "## after a --- slide did not cut" ;; esac
fi
# bad values: warned at their place, ignored (the front matter's 2 holds)
printf -- '---\nheadingDivider: 2\n---\n\n# 一\n\n<!-- headingDivider: [1, 7] -->\n\n本文\n\n## 二\n\n<!-- headingDivider: [2, x] -->\n\n## 三\n\n<!--\nheadingDivider: {a: 1}\n-->\n' > "$T/bad-div.md"
if render "$T/bd.pdf" --slides "$T/bad-div.md"; then
    expect_msg "bad-div.md:7:1: warning: headingDivider must be a heading level 1 to 6 or a list of them ([1, 3]), not \"[1, 7]\""
    expect_msg "bad-div.md:13:1: warning: headingDivider must be a heading level 1 to 6 or a list of them ([1, 3]), not \"[2, x]\""
    expect_msg "bad-div.md:18:1: warning: directive 'headingDivider' must have a plain value"
    [ "$(pdf_pages "$T/bd.pdf")" = 3 ] || fail "pages: $(pdf_pages "$T/bd.pdf"), not 3 (headingDivider 2)"
fi
# the last one wins: false turns the front matter's off
printf -- '---\nheadingDivider: [1, 2]\n---\n\n# 一\n\n## 二\n\n<!-- headingDivider: false -->\n' > "$T/off.md"
render "$T/off.pdf" --slides "$T/off.md" &&
    { [ "$(pdf_pages "$T/off.pdf")" = 1 ] || fail "headingDivider: false did not turn it off"; }
end

begin "gaia:slides"
if render "$T/gaia.pdf" --slides "$D/gaia-deck.md"; then
    [ -s "$T/gaia.pdf.stderr" ] && fail "warnings: $(cat "$T/gaia.pdf.stderr")"
    [ "$(pdf_pages "$T/gaia.pdf")" = 4 ] || fail "pages: $(pdf_pages "$T/gaia.pdf"), not 4"
    p=0
    for want in fff8e1 fff8e1 0288d1 455a64; do
        p=$((p + 1))
        c=$(pdf_pixel "$T/gaia.pdf" $p 5 5)
        [ "$c" = "$want" ] || fail "slide $p: ground #$c, not #$want"
    done
    # lead: centred across and in the middle; a plain slide: top left
    set -- $(word_box "$T/gaia.pdf" 1 新製品発表会)
    [ $# = 3 ] && [ $((($1 + $3) / 2)) -ge 477 ] && [ $((($1 + $3) / 2)) -le 483 ] &&
        [ "$2" -gt 150 ] || fail "slide 1 (lead): the title is not centred in the middle: $*"
    set -- $(word_box "$T/gaia.pdf" 2 今期の振り返り)
    [ $# = 3 ] && [ "$1" -le 50 ] && [ "$2" -le 60 ] ||
        fail "slide 2: the heading is not at the top left: $*"
    # the link: light blue on cream; in the text's cream on the gaia ground
    set -- $(word_box "$T/gaia.pdf" 2 詳しくは社内ポータルで。)
    [ $# = 3 ] && has_colour "$T/gaia.pdf" 2 "$1" "$2" $(($3 - $1)) 30 0277bd ||
        fail "slide 2: the link is not #0277bd: $*"
    set -- $(word_box "$T/gaia.pdf" 3 リンクも読める：製品ページ)
    if [ $# = 3 ]; then
        has_colour "$T/gaia.pdf" 3 "$1" "$2" $(($3 - $1)) 30 0277bd &&
            fail "slide 3 (class gaia): the link keeps its blue on the blue ground"
        has_colour "$T/gaia.pdf" 3 "$1" "$2" $(($3 - $1)) 30 fff8e1 ||
            fail "slide 3 (class gaia): no text in #fff8e1"
    else
        fail "slide 3: the link's line is not found"
    fi
fi
end

begin "uncover:slides"
if render "$T/unc.pdf" --slides "$D/uncover-deck.md"; then
    [ -s "$T/unc.pdf.stderr" ] && fail "warnings: $(cat "$T/unc.pdf.stderr")"
    [ "$(pdf_pages "$T/unc.pdf")" = 4 ] || fail "pages: $(pdf_pages "$T/unc.pdf"), not 4"
    p=0
    for want in fdfcff fdfcff 202228 fdfcff; do
        p=$((p + 1))
        c=$(pdf_pixel "$T/unc.pdf" $p 5 5)
        [ "$c" = "$want" ] || fail "slide $p: ground #$c, not #$want"
    done
    # no class: the heading centred, the text in the slide's middle
    set -- $(word_box "$T/unc.pdf" 2 三つの課題)
    [ $# = 3 ] && [ $((($1 + $3) / 2)) -ge 477 ] && [ $((($1 + $3) / 2)) -le 483 ] &&
        [ "$2" -gt 100 ] || fail "slide 2: the heading is not centred in the middle: $*"
    # the bullet just before its centred item
    b=$(word_box "$T/unc.pdf" 2 •); i=$(word_box "$T/unc.pdf" 2 運転手の不足)
    [ -n "$b" ] && [ -n "$i" ] && [ $((${i%% *} - ${b%% *})) -gt 0 ] &&
        [ $((${i%% *} - ${b%% *})) -lt 40 ] || fail "slide 2: the bullet ($b) is not beside its item ($i)"
fi
end

begin "class gaia"
printf -- '---\nmarp: true\n---\n\n# 題\n\n---\n\n<!-- _class: gaia -->\n\n## 二枚目\n' > "$T/cls.md"
if render "$T/cls.pdf" --slides "$T/cls.md"; then
    expect_msg "cls.md:9:1: warning: class 'gaia' is not one kumihan knows (lead, invert): ignored"
fi
if render "$T/cls-u.pdf" --slides --theme uncover "$T/cls.md"; then
    expect_msg "class 'gaia' is not one kumihan knows (lead, invert): ignored"
    c=$(pdf_pixel "$T/cls-u.pdf" 2 5 5)
    [ "$c" = fdfcff ] || fail "uncover: class gaia changed the ground to #$c"
fi
if render "$T/cls-g.pdf" --slides --theme gaia "$T/cls.md"; then
    [ -s "$T/cls-g.pdf.stderr" ] && fail "gaia: warnings: $(cat "$T/cls-g.pdf.stderr")"
    c=$(pdf_pixel "$T/cls-g.pdf" 2 5 5)
    [ "$c" = 0288d1 ] || fail "gaia: class gaia's ground is #$c, not #0288d1"
fi
end

for g in plan divider divider-list divider-comment gaia uncover bg compat; do
    begin "golden:$g"
    run_bin "$T/$g.out" "$T/$g.err" --slides "$D/$g-deck.md" --dump pages
    if [ "$REGEN" = --regen ]; then
        cp "$T/$g.out" "$D/$g-deck.out"
    elif ! cmp -s "$T/$g.out" "$D/$g-deck.out"; then
        fail "--dump pages differs from $D/$g-deck.out: $(diff "$D/$g-deck.out" "$T/$g.out" | head -n 4)"
    fi
    end
done

begin "bad"
run_bin "$T/bad.out" "$T/bad.err" --slides "$D/bad-deck.md" -o "$T/bad.pdf"
expect_status 0
expect_msg "bad-deck.md:2:7: warning: size '5:4'"
expect_msg "bad-deck.md:12:1: warning: unknown Marp directive 'frobnicate'"
expect_msg "class 'gaia-special'"
[ "$(grep -c frobnicate "$T/bad.err")" = 1 ] || fail "'frobnicate' said more than once"
case $(pdf_info "$T/bad.pdf" "Page size") in "960 x 540 pts"*) ;; *) fail "not 16:9" ;; esac
if render "$T/badn.pdf" --notes "$D/bad-deck.md"; then
    case $(pdf_text "$T/badn.pdf" 1) in *"_frobnicate: 1"*) ;;
        *) fail "slide 1: the comment of unknown keys is no note" ;; esac
fi
end

begin "images"
if render "$T/img.pdf" --slides "$D/images-deck.md"; then
    all=$(pdf_text "$T/img.pdf")
    for w in 'bg' 'right:40%' 'w:200' 'h:100' 'w:120' 'sepia'; do
        case $all in *"$w"*) fail "image keyword '$w' printed" ;; esac
    done
    case $all in *ロゴ*) ;; *) fail "the caption ロゴ is lost" ;; esac
    [ -s "$ERR" ] && fail "warnings: $(cat "$ERR")"
fi
run_bin "$T/dump" "$T/err" --slides --dump pages "$D/images-deck.md"
grep -q 'img_w=150.00 img_h=75.00' "$T/dump" || fail "w:200 h:100 is not 150 x 75 pt: $(grep image "$T/dump")"
end

begin "compat"
if render "$T/compat.pdf" --slides "$D/compat-deck.md"; then
    expect_msg "compat-deck.md:15:1: warning: unknown Marp directive 'my-note'"
    [ "$(grep -c warning "$ERR")" = 1 ] || fail "not 1 warning: $(cat "$ERR")"
    c=$(pdf_pixel "$T/compat.pdf" 1 5 5); [ "$c" = 455a64 ] || fail "slide 1: ground #$c, not gaia's invert"
    c=$(pdf_pixel "$T/compat.pdf" 2 5 5); [ "$c" = fff8e1 ] || fail "slide 2: ground #$c, not gaia's"
    case $(pdf_text "$T/compat.pdf" 2) in *第1部*) ;; *) fail "slide 2: the header is lost" ;; esac
    case $(pdf_text "$T/compat.pdf") in *"本文 に続く文"*) ;; *) fail "the blank beside the bg kept" ;; esac
fi
run_bin "$T/cdump" "$T/cerr" --slides --dump pages "$D/compat-deck.md"
for want in "1 1 / 5" "2 2 / 5" "3 -" "4 2 / 5" "5 3 / 5" "6 4 / 5" "7 5 / 5"; do
    p=${want%% *}; n=${want#* }
    line=$(grep "^page $p " "$T/cdump")
    case $n in
        -) case $line in *folio=*) fail "slide $p (skip) has a number: $line" ;; esac ;;
        *) case $line in *"folio=\"$n\""*) ;; *) fail "slide $p: not \"$n\": $line" ;; esac ;;
    esac
done
grep -A3 '^page 6 ' "$T/cdump" | grep -q 'cell_x=672.00 cell_y=0.00 cell_w=144.00' ||
    fail "slide 6: not at the right 30 %: $(grep -A2 '^page 6 ' "$T/cdump")"
grep -A2 '^page 7 ' "$T/cdump" | grep -q '  bg ' && fail "slide 7: <img alt=\"bg right\"> became a background"
grep -A4 '^page 7 ' "$T/cdump" | grep -q '^  image' || fail "slide 7: the <img> is no figure"
end

begin "rules"
if render "$T/rules.pdf" --slides "$D/rules-deck.md"; then
    [ "$(pdf_pages "$T/rules.pdf")" = 6 ] || fail "$(pdf_pages "$T/rules.pdf") slides, not 6"
fi
end

begin "row"
if render "$T/row.pdf" --slides "$D/row-deck.md"; then
    [ -s "$ERR" ] && fail "warnings: $(cat "$ERR")"
    n=$(pdfimages -list "$T/row.pdf" 2>/dev/null | awk 'NR > 2 && $1 == 3' | wc -l)
    [ "$n" = 3 ] || fail "slide 3: $n pictures, not 3"
fi
run_bin "$T/rowdump" "$T/rowerr" --slides --dump pages "$D/row-deck.md"
grep '^  image' "$T/rowdump" | sed -n 2p | grep -q 'and img_w=.* and img_w=' ||
    fail "slide 3: not one row of three: $(grep '^  image' "$T/rowdump")"
awk '/^  image/ {for (i = 1; i <= NF; i++) if ($i ~ /^img_w=/) {sub("img_w=", "", $i); w += $i}
     if (w > 864.01) bad = 1; w = 0} END {exit bad}' "$T/rowdump" ||
    fail "a row wider than the measure"
end

# --- pictures behind the slides ----------------------------------------------

begin "bg:slides"
if render "$T/bg.pdf" --slides "$D/bg-deck.md"; then
    [ "$(pdf_pages "$T/bg.pdf")" = 11 ] || fail "pages: $(pdf_pages "$T/bg.pdf"), not 11"
    all=$(pdf_text "$T/bg.pdf")
    for w in bg 'right:40%' right:30% vertical contain 50% auto w:300 h:200 w:400 sepia \
             grayscale blur opacity brightness invert hue-rotate backgroundImage \
             backgroundSize backgroundPosition url; do
        case $all in *"$w"*) fail "keyword or directive '$w' printed" ;; esac
    done
    for t in 背景画像の見本 写真は右の四割 本文は右半分 三枚を横に並べる 原寸のまま 上に寄せる \
             大きさを指定 セピア 最後の一行も残る 構成図; do
        case $all in *"$t"*) ;; *) fail "text '$t' lost" ;; esac
    done
    # slide 1: the photo over the whole slide, no white left at a corner
    c=$(pdf_pixel "$T/bg.pdf" 1 5 5)
    [ "$c" != ffffff ] || fail "slide 1: no picture behind it (#$c at the top left)"
    # slide 2: the photo at the right 40 % (x >= 576), the left white
    c=$(pdf_pixel "$T/bg.pdf" 2 900 270); [ "$c" != ffffff ] || fail "slide 2: no photo at the right"
    c=$(pdf_pixel "$T/bg.pdf" 2 560 400); [ "$c" = ffffff ] || fail "slide 2: #$c left of the split"
    c=$(pdf_pixel "$T/bg.pdf" 3 100 400); [ "$c" != ffffff ] || fail "slide 3: no picture at the left"
    c=$(pdf_pixel "$T/bg.pdf" 3 900 400); [ "$c" = ffffff ] || fail "slide 3: #$c right of the split"
    expect_msg "bg-deck.md:91:1: warning: Marp's image filter 'hue-rotate' is not applied"
    [ "$(grep -c warning "$ERR")" = 1 ] || fail "not 1 warning: $(cat "$ERR")"
    # the pictures: one JPEG and one PNG drawn several times, each one object
    # when unfiltered; a JPEG unfiltered is its own bytes
    pdfimages -list "$T/bg.pdf" > "$T/bg.images" 2>/dev/null
    n=$(awk 'NR > 2 && $1 == 1' "$T/bg.images" | wc -l)
    [ "$n" = 1 ] || fail "slide 1: $n pictures, not 1"
    awk 'NR > 2 && $1 == 1 {print $9}' "$T/bg.images" | grep -qx jpeg ||
        fail "slide 1: the JPEG is not passed through: $(awk 'NR > 2 && $1 == 1' "$T/bg.images")"
    n=$(awk 'NR > 2 && $1 == 4' "$T/bg.images" | wc -l)
    [ "$n" = 3 ] || fail "slide 4: $n pictures, not 3 side by side"
    # slide 8: the photo in sepia, and grey and blurred, is written as a
    # JPEG again (lossy in, lossy out), the grey one in one component
    s8=$(awk 'NR > 2 && $1 == 8 {print $6 "/" $9}' "$T/bg.images" | sort | tr '\n' ' ')
    [ "$s8" = "gray/jpeg rgb/jpeg " ] || fail "slide 8: the filtered photos are not JPEGs: $s8"
fi
run_bin "$T/bgdump" "$T/bgerr" --slides --dump pages "$D/bg-deck.md"
# the split slides: the text in the other part, with the slide's margins
grep -q '^page 2 (w=960.00 h=540.00)' "$T/bgdump" || fail "slide 2: no page"
grep '^page 3 ' "$T/bgdump" | grep -q 'shift=480.00' || fail "slide 3 (bg left): text not moved right"
awk '/^page 2 /{on=1; next} /^page /{on=0} on && /^  line/' "$T/bgdump" | sed 's/.* w=\([0-9.]*\).*/\1/' |
    awk '$1 > 480 {bad=1} END {exit bad}' || fail "slide 2: a line wider than its 60 %"
grep -A3 '^page 4 ' "$T/bgdump" | grep -q 'cell_x=320.00 cell_y=0.00 cell_w=320.00' ||
    fail "slide 4: the pictures are not in three equal parts"
grep -A2 '^page 5 ' "$T/bgdump" | grep -q 'bg *x=367.50 y=45.00 w=225.00 h=450.00' ||
    fail "slide 5: auto is not the picture's own size: $(grep -A2 '^page 5 ' "$T/bgdump" | tail -1)"
grep -A3 '^page 6 ' "$T/bgdump" | grep -q 'bg *x=0.00 y=0.00 w=960.00' ||
    fail "slide 6: backgroundImage (contain, top) misplaced: $(grep -A3 '^page 6 ' "$T/bgdump")"
grep -A2 '^page 7 ' "$T/bgdump" | grep -q 'bg *x=367.50 y=195.00 w=225.00 h=150.00' ||
    fail "slide 7: w:300 h:200 is not 225 x 150 pt centred: $(grep -A2 '^page 7 ' "$T/bgdump")"
grep -A3 '^page 7 ' "$T/bgdump" | grep -c '  bg ' | grep -qx 1 || fail "slide 7: backgroundImage: none kept the picture"
grep '^  image' "$T/bgdump" | grep -q 'img_h' || fail "slide 11: no figure"
tail_h=$(awk '/^page 11 /{on=1} on && /^  /{y=$2; h=$3} END {print y, h}' "$T/bgdump" |
         sed 's/y=//; s/h=//' | awk '{print $1 + $2}')
awk -v b="$tail_h" 'BEGIN {exit !(b <= 454)}' || fail "slide 11 runs past its body: $tail_h pt"
end

begin "bg:4:3"
cp "$D/photo.jpg" "$D/tall.png" "$T/"
sed 's/^title: 背景画像の見本$/title: 背景画像の見本\nsize: 4:3/' "$D/bg-deck.md" > "$T/bg43.md"
if render "$T/bg43.pdf" --slides "$T/bg43.md"; then
    case $(pdf_info "$T/bg43.pdf" "Page size") in "720 x 540 pts"*) ;;
        *) fail "not 4:3: $(pdf_info "$T/bg43.pdf" "Page size")" ;; esac
    c=$(pdf_pixel "$T/bg43.pdf" 2 700 270); [ "$c" != ffffff ] || fail "slide 2: no photo at the right"
    c=$(pdf_pixel "$T/bg43.pdf" 2 420 400); [ "$c" = ffffff ] || fail "slide 2: #$c left of the split (432)"
fi
end

begin "bg:handouts"
for n in 3 6; do
    render "$T/bgh$n.pdf" --handout $n "$D/bg-deck.md" || continue
    want=$(( (11 + n - 1) / n ))
    [ "$(pdf_pages "$T/bgh$n.pdf")" = $want ] || fail "$n-up: $(pdf_pages "$T/bgh$n.pdf") sheets, not $want"
    case $(pdf_text "$T/bgh$n.pdf") in *写真は右の四割*) ;; *) fail "$n-up: slide 2's text lost" ;; esac
    imgs=$(pdfimages -list "$T/bgh$n.pdf" 2>/dev/null | awk 'NR > 2' | wc -l)
    [ "$imgs" -ge 11 ] || fail "$n-up: $imgs pictures drawn"
done
if render "$T/bgn.pdf" --notes "$D/bg-deck.md"; then
    [ "$(pdf_pages "$T/bgn.pdf")" = 11 ] || fail "notes: $(pdf_pages "$T/bgn.pdf") pages"
    n=$(pdf_text "$T/bgn.pdf" 2)
    case $n in *分割レイアウト*) ;; *) fail "notes: slide 2's note lost" ;; esac
    case $(pdf_text "$T/bgn.pdf") in *backgroundImage*|*_color*) fail "notes: a directive printed" ;; esac
fi
end

begin "bg:too-full"
if render "$T/over.pdf" --slides "$D/over-deck.md"; then
    expect_msg "over-deck.md:10:1: warning: slide 2 does not fit even at 62% type and its pictures at 15%"
    [ "$(grep -c 'does not fit' "$ERR")" = 1 ] || fail "not one warning: $(cat "$ERR")"
    case $(pdf_text "$T/over.pdf" 2) in *"2 / 2"*|*2/2*) ;; *) fail "the page number is lost" ;; esac
fi
run_bin "$T/overdump" "$T/overerr" --slides --dump pages "$D/over-deck.md"
grep '^page 2 ' "$T/overdump" | grep -q 'clip=454.00' || fail "slide 2 is not cut at its foot"
if render "$T/overn.pdf" --notes "$D/over-deck.md"; then
    case $(pdf_text "$T/overn.pdf" 2) in *このスライドは分けること*) ;; *) fail "notes: the note is lost" ;; esac
fi
end

summary
