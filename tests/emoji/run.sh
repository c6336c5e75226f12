#!/bin/sh
# tests/emoji/run.sh BIN: emoji and the characters no font has (issue 19).
#
#   font       a document with emoji embeds Noto Color Emoji as a subset
#              with a ToUnicode map (pdffonts: CID TrueType, emb, sub, uni)
#   ppi        every emoji picture (pdfimages -list) has 300 ppi or more,
#              at A4 and A5, in slides (the 36 pt title: enlarged past the
#              font's 136 px) and in a 6-up handout
#   once       one image per distinct emoji however often and at whatever
#              size it is drawn: sequences.md draws 6 distinct emoji 17
#              times over 3 pages (body, heading, running head, contents)
#   text       pdftotext gives the sequences back whole: a ZWJ family, a
#              skin tone, a flag, a keycap, ✍️ with the space after it, in
#              bold and in a link too
#   clean      qpdf --check finds nothing (cairo lists a repeated image in
#              a page's resources once per use: the post-pass keeps one);
#              --pdfa: no /Interpolate on any image, every font embedded
#   symbols    ★ ✓ © ↑ ☀ ♥ ‼ and the other symbols the CJK faces map stay
#              in them: no picture, no emoji font
#   same       documents without emoji are the same bytes with and without
#              the emoji font in the fonts folder (symbols.md, the report);
#              a document with emoji the same bytes on 1 and 4 threads
#   missing    characters no font has (U+E000, U+10900, each twice, one in
#              the front matter): exit 0, one warning naming both with the
#              file:line:col of each one's first place (columns in
#              characters), none with -q; the space after the box is kept;
#              a report and its appendix deck: a warning for each, a
#              character of the deck's title placed in the deck
#   png        --format png of the emoji pages works (cairo's image path)
#
# Run from the repository root: sh tests/emoji/run.sh build/kumihan
# Prints "FAIL: <case>: <why>" per failed check and a summary; exits 1 on any
# failure.
SUITE=emoji
. tests/lib.sh
LIMIT=60
require_tools pdffonts pdfimages pdftotext qpdf md5sum
export SOURCE_DATE_EPOCH=1700000000

# images PDF: "object width height x-ppi y-ppi" of each image (not its mask)
images() {
    pdfimages -list "$1" 2>/dev/null | awk 'NR > 2 && $3 == "image" { print $11, $4, $5, $13, $14 }'
}

# low_ppi PDF: the first images under 300 ppi, if any
low_ppi() {
    images "$1" | awk '$4 < 300 || $5 < 300' | head -n 3 | tr '\n' ';'
}

# the documents the cases read, rendered once
begin_setup setup
rendered=0
render "$TOP/article-A4.pdf" -q --paper A4 "$D/article.md" || rendered=1
render "$TOP/article-A5.pdf" -q --paper A5 "$D/article.md" || rendered=1
render "$TOP/seq.pdf" -q "$D/sequences.md" || rendered=1
end_setup
[ "$rendered" = 0 ] || summary "(no PDF to check)"

begin font
line=$(pdffonts "$TOP/article-A4.pdf" | grep 'NotoColorEmoji')
case $line in
    *"CID TrueType"*yes*yes*yes*) ;;
    *) fail "no embedded subset of Noto Color Emoji with ToUnicode: '$line'" ;;
esac
end

begin ppi
for f in article-A4 article-A5 seq; do
    [ -n "$(images "$TOP/$f.pdf")" ] || fail "$f: no emoji images"
    low=$(low_ppi "$TOP/$f.pdf")
    [ -z "$low" ] || fail "$f: images under 300 ppi: $low"
done
render "$T/slides.pdf" -q --slides "$D/deck.md"
low=$(low_ppi "$T/slides.pdf")
[ -z "$low" ] || fail "slides: images under 300 ppi: $low"
# the title slide's 36 pt emoji needs more pixels than the font's 136
images "$T/slides.pdf" | awk '$2 > 136 { found = 1 } END { exit !found }' ||
    fail "slides: no enlarged picture for the 36 pt title"
render "$T/handout.pdf" -q --handout 6 "$D/deck.md"
low=$(low_ppi "$T/handout.pdf")
[ -z "$low" ] || fail "handout: images under 300 ppi: $low"
[ -n "$(images "$T/handout.pdf")" ] || fail "handout: no emoji images"
end

begin once
uses=$(images "$TOP/seq.pdf" | wc -l)
distinct=$(images "$TOP/seq.pdf" | awk '{ print $1 }' | sort -u | wc -l)
[ "$distinct" = 6 ] || fail "$distinct image objects for the 6 distinct emoji"
[ "$uses" -ge 17 ] || fail "the emoji are drawn $uses times, expected 17 or more"
# the article: 30 distinct emoji (🦀 👋 📝 😊 🙏 ✅ 🎨 ❌ 🎉 📦 ⭐ 🤔 😇 🔥 😭 📚 💡 👍
# ⚠️ ⏳ 2️⃣ 🚀 🌏 🙌 👨‍👩‍👧‍👦 👍🏽 🇯🇵 🌍 1️⃣ ✍️), 30 image objects, and no two of them
# with the same pixels (pdfimages -png writes one file per use: NUM -> object)
mkdir "$T/img"
pdfimages -png "$TOP/article-A4.pdf" "$T/img/i"
pdfimages -list "$TOP/article-A4.pdf" | awk 'NR > 2 && $3 == "image" { print $2, $11 }' |
    while read -r num obj; do
        echo "$(md5sum <"$T/img/i-$(printf '%03d' "$num").png" | cut -c1-32) $obj"
    done | sort -u >"$T/img/pairs"
objects=$(awk '{ print $2 }' "$T/img/pairs" | sort -u | wc -l)
[ "$objects" = 30 ] || fail "the article has $objects image objects for its 30 emoji"
same=$(awk '{ print $1 }' "$T/img/pairs" | uniq -d)
[ -z "$same" ] ||
    fail "the article embeds the same picture twice: $(grep -F "$same" "$T/img/pairs")"
end

begin text
pdf_text "$TOP/seq.pdf" >"$T/seq.txt"
for s in "家族 👨‍👩‍👧‍👦 です" "肌の色 👍🏽 です" "旗 🇯🇵 です" "キーキャップ 1️⃣ です" \
         "書く ✍️ そして" "同じ絵文字 🎉 をもう一度 🎉" "太字の 🇯🇵 と リンクの ✍️"; do
    grep -qF "$s" "$T/seq.txt" || fail "pdftotext lacks \"$s\""
done
pdf_text "$TOP/article-A4.pdf" | grep -qF "感想は ✍️ コメント欄" ||
    fail "the article's ✍️ lost the space after it"
end

begin clean
for f in "$TOP/article-A4.pdf" "$TOP/seq.pdf"; do
    qpdf --check "$f" >"$T/qpdf" 2>&1 ||
        fail "$(basename "$f"): qpdf --check failed: $(head -c 300 "$T/qpdf")"
    grep -q 'WARNING' "$T/qpdf" &&
        fail "$(basename "$f"): qpdf warns: $(grep -m 2 WARNING "$T/qpdf")"
done
render "$T/pdfa.pdf" -q --pdfa "$D/sequences.md"
if ! qpdf --check "$T/pdfa.pdf" >"$T/qpdf" 2>&1 || grep -q WARNING "$T/qpdf"; then
    fail "--pdfa: qpdf --check: $(head -c 300 "$T/qpdf")"
fi
qpdf --qdf --object-streams=disable "$T/pdfa.pdf" "$T/pdfa-qdf.pdf" 2>/dev/null
grep -a -q '/Interpolate true' "$T/pdfa-qdf.pdf" && fail "--pdfa: an image has /Interpolate"
pdffonts "$T/pdfa.pdf" | awk 'NR > 2 && $(NF-4) != "yes" { bad = 1 } END { exit bad }' ||
    fail "--pdfa: a font is not embedded"
pdf_text "$T/pdfa.pdf" | grep -qF "家族 👨‍👩‍👧‍👦 です" || fail "--pdfa: the family is lost"
end

# a fonts folder like fonts/ without the emoji font
mkdir "$TOP/fonts-cjk"
grep -v NotoColorEmoji fonts/SHA256SUMS >"$TOP/fonts-cjk/SHA256SUMS"
cp fonts/fonts.conf "$TOP/fonts-cjk/"
for f in fonts/*.ttc; do ln -s "$(pwd)/$f" "$TOP/fonts-cjk/"; done

begin symbols
render "$T/sym.pdf" "$D/symbols.md"
[ -z "$(images "$T/sym.pdf")" ] || fail "symbols the CJK faces have were drawn as pictures"
pdffonts "$T/sym.pdf" | grep -q NotoColorEmoji && fail "symbols came from the emoji font"
expect_no_msg "warning"
end

begin same
render "$T/sym.pdf" -q "$D/symbols.md"
render "$T/sym-cjk.pdf" -q --fonts "$TOP/fonts-cjk" "$D/symbols.md"
cmp -s "$T/sym.pdf" "$T/sym-cjk.pdf" || fail "symbols.md differs without the emoji font"
render "$T/report.pdf" -q content/report.md
render "$T/report-cjk.pdf" -q --fonts "$TOP/fonts-cjk" content/report.md
cmp -s "$T/report.pdf" "$T/report-cjk.pdf" || fail "the report differs without the emoji font"
# and the emoji's own output is the same bytes on one thread and on four
KUMIHAN_THREADS=1 render "$T/seq-1.pdf" -q "$D/sequences.md"
KUMIHAN_THREADS=4 render "$T/seq-4.pdf" -q "$D/sequences.md"
if ! cmp -s "$T/seq-1.pdf" "$T/seq-4.pdf" || ! cmp -s "$T/seq-1.pdf" "$TOP/seq.pdf"; then
    fail "sequences.md: not the same bytes on 1 and 4 threads and again"
fi
end

begin missing
render "$T/missing.pdf" "$D/missing.md"
[ "$(grep -c 'none of the fonts' "$ERR")" = 1 ] ||
    fail "expected one warning, got: $(head -c 400 "$ERR")"
w="$D/missing.md:2:14: warning: 2 characters are in none of the fonts, set as empty boxes:"
w="$w U+E000 \"$(printf '\356\200\200')\" at $D/missing.md:2:14,"
w="$w U+10900 \"𐤀\" at $D/missing.md:5:23"
grep -qxF "$w" "$ERR" || fail "the warning is not \"$w\": $(head -c 400 "$ERR")"
render "$T/missing-q.pdf" -q "$D/missing.md"
[ -s "$ERR" ] && fail "-q still warns: $(head -c 200 "$ERR")"
pdf_text "$T/missing.pdf" | grep -qF "𐤀 があります" || fail "the space after 𐤀's box is lost"
# a report with an appendix deck: one warning for each file, the deck's
# title (set in the report's divider heading too) placed in the deck
render "$T/missing-report.pdf" "$D/missing-report.md"
[ "$(grep -c 'none of the fonts' "$ERR")" = 2 ] ||
    fail "appendix: expected two warnings, got: $(head -c 400 "$ERR")"
E1=$(printf '\356\200\201')
E2=$(printf '\356\200\202')
w="$D/missing-deck.md:2:11: warning: 2 characters are in none of the fonts, set as empty boxes:"
w="$w U+E002 \"$E2\" at $D/missing-deck.md:2:11, U+10900 \"𐤀\" at $D/missing-deck.md:11:7"
grep -qxF "$w" "$ERR" || fail "appendix: no \"$w\": $(head -c 400 "$ERR")"
w="$D/missing-report.md:8:5: warning: 2 characters are in none of the fonts, set as empty boxes:"
w="$w U+E001 \"$E1\" at $D/missing-report.md:8:5, U+E002 \"$E2\" at $D/missing-deck.md:2:11"
grep -qxF "$w" "$ERR" || fail "appendix: no \"$w\": $(head -c 400 "$ERR")"
end

begin png
mkdir "$T/png"
run_bin "$T/stdout" "$T/stderr" -q --format png --dpi 100 "$D/sequences.md" -o "$T/png/seq.pdf"
expect_status 0
expect_sane
for k in 1 2 3; do
    [ -s "$T/png/seq-00$k.png" ] || fail "no PNG page $k: $(ls "$T/png")"
done
end

summary
