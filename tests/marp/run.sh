#!/bin/sh
# tests/marp/run.sh BIN: Marp's conventions in decks (marp.c, slide.c),
# asserted on the PDFs with poppler's pdfinfo, pdftotext and pdftoppm (the
# grounds' colours), and on --dump pages goldens (NAME-deck.out of plan,
# divider, divider-list, divider-comment, gaia, uncover; --regen writes them).
#   plan-deck.md     16:9 by default; front matter paginate and footer;
#                    _class lead and _paginate on slide 1; header from slide
#                    2 on; _class invert; backgroundColor, color, paginate
#                    false from slide 4 on; a fit heading; Marp's breaks; a
#                    note beside directive comments; an unknown directive (at
#                    its line in a comment whose first line is "<!--")
#   divider-deck.md  size 4:3; headingDivider 2 cuts at # and ##, not ###
#   bad-deck.md      an unknown size, directive and class: warnings at their
#                    lines, once per name
#   images-deck.md   Marp's image keywords never printed: w:200 h:100 gives a
#                    picture of 150 x 75 pt; bg and a filter, one warning each;
#                    the words that are no keyword stay the caption
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

for g in plan divider divider-list divider-comment gaia uncover; do
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
expect_msg "bad-deck.md:5:1: warning: unknown Marp directive 'frobnicate'"
expect_msg "class 'gaia-special'"
[ "$(grep -c frobnicate "$T/bad.err")" = 1 ] || fail "'frobnicate' said more than once"
case $(pdf_info "$T/bad.pdf" "Page size") in "960 x 540 pts"*) ;; *) fail "not 16:9" ;; esac
end

begin "images"
if render "$T/img.pdf" --slides "$D/images-deck.md"; then
    all=$(pdf_text "$T/img.pdf")
    for w in 'bg' 'right:40%' 'w:200' 'h:100' 'w:120' 'sepia'; do
        case $all in *"$w"*) fail "image keyword '$w' printed" ;; esac
    done
    case $all in *ロゴ*) ;; *) fail "the caption ロゴ is lost" ;; esac
    expect_msg "images-deck.md:11:1: warning: Marp's background images (![bg]) are set as pictures"
    expect_msg "images-deck.md:22:1: warning: Marp's image filter 'sepia' is not applied"
    [ "$(grep -c warning "$ERR")" = 2 ] || fail "not 2 warnings: $(cat "$ERR")"
fi
run_bin "$T/dump" "$T/err" --slides --dump pages "$D/images-deck.md"
grep -q 'img_w=150.00 img_h=75.00' "$T/dump" || fail "w:200 h:100 is not 150 x 75 pt: $(grep image "$T/dump")"
end

summary
