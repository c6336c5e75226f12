#!/bin/sh
# tests/marp/run.sh BIN: Marp's conventions in decks (marp.c, slide.c),
# asserted on the PDFs with poppler's pdfinfo and pdftotext, and on
# --dump pages goldens (plan-deck.out, divider-deck.out; --regen writes them).
#   plan-deck.md     16:9 by default; front matter paginate and footer;
#                    _class lead and _paginate on slide 1; header from slide
#                    2 on; _class invert; backgroundColor, color, paginate
#                    false from slide 4 on; a fit heading; Marp's breaks; a
#                    note beside directive comments; an unknown directive
#   divider-deck.md  size 4:3; headingDivider 2 cuts at # and ##, not ###
#   bad-deck.md      an unknown size, directive and class: warnings at their
#                    lines, once per name
#   images-deck.md   Marp's image keywords never printed: w:200 h:100 gives a
#                    picture of 150 x 75 pt; bg and a filter, one warning each;
#                    the words that are no keyword stay the caption
# Run from the repository root: sh tests/marp/run.sh build/kumihan [--regen]

SUITE=marp
. tests/lib.sh
LIMIT=60
require_tools pdfinfo pdftotext

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
    expect_msg "plan-deck.md:27:1: warning: unknown Marp directive 'transition'"
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

for g in plan divider; do
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
