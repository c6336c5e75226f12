#!/bin/sh
# tests/notation/run.sh BIN: the Japanese authoring conventions of issue 19
# (src/notation.c, the indent and the middle dot in block.c and inline.c),
# on Aozora-style prose (prose.md) at A4 and A5. Trees: tests/spec/aozora.txt
# and tests/spec/math.txt.
#
#   ruby      ｜東京駅《とうきょうえき》 and 吾輩《わがはい》 are ruby: the bases are in
#             the text, no 《 》 or ｜ is printed, the readings are drawn (the
#             page has more glyphs than the text without them)
#   indent    a paragraph that opens with U+3000 starts where an indented
#             paragraph does (one em in, not two); its second line at the
#             left edge
#   middot    a paragraph that opens with ・ starts where an indented one
#             does, its glyph on the grid (the quarter em kept, checked
#             against the base position of a normal paragraph); the same
#             for a line after a hard break
#   spaces    runs of ASCII spaces print as one ("a. But"), U+3000 kept
#   fences    zenn.md: :::message, :::message alert, :::note info as framed
#             blocks (block quotes), :::details 題 open with its title in bold,
#             ::::details around a nested :::message, an unknown :::foo set as a
#             message with one warning; no fence line printed
#   math      one warning for the document: 1 formula at prose.md:16:4
#             (the price "$5 と $10" is not math), the TeX in the code face
#
# Run from the repository root: sh tests/notation/run.sh build/kumihan

SUITE=notation
. tests/lib.sh
LIMIT=60
require_tools pdftotext pdffonts

# first_x PDF TEXT: xMin of the first line (textline) whose words start with TEXT
first_x() {
    pdftotext -bbox-layout "$1" - 2>/dev/null | awk -v w="$2" '
        /<line / { x = ""; t = "" ; inl = 1 }
        inl && /<word / { if (x == "") { v = $0; sub(/.*xMin="/, "", v); sub(/".*/, "", v); x = v }
                           v = $0; sub(/.*">/, "", v); sub(/<.*/, "", v); t = t v }
        /<\/line>/ { inl = 0; if (index(t, w) == 1) { print x; exit } }'
}

for paper in A4 A5; do
    begin "prose-$paper"
    if render "$T/p.pdf" --paper "$paper" "$D/prose.md"; then
        txt=$(pdftotext "$T/p.pdf" - | tr -d ' \n')
        for want in 吾輩は猫である 東京駅から出発した 人々は急いでいた; do
            case $txt in *"$want"*) ;; *) fail "$paper: the text lacks '$want'" ;; esac
        done
        case $txt in *《*|*》*|*｜*) fail "$paper: a ruby mark is printed: $txt" ;; esac
        normal=$(first_x "$T/p.pdf" ふつうの段落)
        wagahai=$(first_x "$T/p.pdf" 吾輩)
        dot=$(first_x "$T/p.pdf" ・中黒)
        [ -n "$normal" ] && [ -n "$wagahai" ] && [ -n "$dot" ] ||
            fail "$paper: no line boxes (normal '$normal', U+3000 '$wagahai', ・ '$dot')"
        # U+3000 then 吾輩: the space is the indent (pdftotext leaves it out):
        # 吾輩 starts where an indented paragraph's text does, not an em later
        awk -v a="$normal" -v b="$wagahai" 'BEGIN { d = a - b; exit !(d < 0.5 && d > -0.5) }' ||
            fail "$paper: the U+3000 paragraph starts at $wagahai, an indented one at $normal (two indents?)"
        awk -v a="$normal" -v b="$dot" 'BEGIN { d = a - b; exit !(d < 0.5 && d > -0.5) }' ||
            fail "$paper: the ・ paragraph starts at $dot, an indented one at $normal: off the grid"
        case $txt in *a.Butthis.*) ;; *) fail "$paper: 'a.  But' lost its space or kept two" ;; esac
        pdftotext "$T/p.pdf" - | grep -q 'a\. But this\.' || fail "$paper: 'a.  But' is not one space"
        n=$(grep -c 'warning' "$T/p.pdf.stderr")
        [ "$n" = 1 ] || fail "$paper: $n warnings, expected 1: $(cat "$T/p.pdf.stderr")"
        ERR=$T/p.pdf.stderr
        expect_msg "prose.md:16:4: warning: TeX math is not typeset: 1 formula set as its TeX source in the code face"
        pdffonts "$T/p.pdf" | grep -q 'Mono' || fail "$paper: no monospace face for the TeX"
    fi
    end
done

begin middot-break
printf -- '---\ntitle: x\ntoc: false\n---\n\nふつうの行  \n・改行のあと\n\nつぎの行\n' >"$T/d.md"
if render "$T/d.pdf" --paper A5 "$T/d.md"; then
    a=$(first_x "$T/d.pdf" ・改行のあと)
    b=$(first_x "$T/d.pdf" つぎの行)
    # the line after the break starts at the left edge: one em left of an
    # indented paragraph, the ・ glyph a quarter em in (its box from 0)
    awk -v a="$a" -v b="$b" 'BEGIN { d = b - a; exit !(d > 9.5 && d < 10.5) }' ||
        fail "the line opening with ・ after a break starts at $a, an indented paragraph at $b"
fi
end

begin fences
run_bin "$T/tree" "$T/stderr" --dump tree "$D/zenn.md"
if expect_status 0; then
    expect_msg "zenn.md:36:1: warning: ':::foo' is not a container kumihan knows (message, note, details): set as a message"
    n=$(grep -c warning "$T/stderr")
    [ "$n" = 1 ] || fail "$n warnings, expected 1"
    [ "$(grep -c '^  quote @' "$T/tree")" = 4 ] || fail "not 4 messages at the top: $(grep -c '^  quote @' "$T/tree")"
    grep -q '^    div summary @26:1' "$T/tree" || fail "no summary for ::::details 外側"
    grep -q '^    quote @27:1' "$T/tree" || fail "the nested message is not inside the outer details"
    ! grep -q 'text ":::' "$T/tree" || fail "a fence line is printed as text"
fi
if render "$T/z.pdf" "$D/zenn.md"; then
    flat=$(pdftotext "$T/z.pdf" - | tr -d ' \n')
    for want in この記事は2024年の情報です クリックで詳細を表示隠れていた本文です 外側入れ子のメッセージ。 本文の続き。; do
        case $flat in *"$want"*) ;; *) fail "the text lacks '$want'" ;; esac
    done
    case $flat in *:::*) fail "a fence is printed" ;; esac
fi
end

summary
