#!/bin/sh
# tests/fonts/run.sh BIN: a theme's own fonts (src/fontlock.c) and the
# Latin face paired with the Japanese one (和欧混植, src/itemize.c), with
# IPAex明朝 and IPAexゴシック (Debian's fonts-ipaexfont-mincho and -gothic,
# copied into a font folder beside the theme) and Liberation Serif, Sans
# and Mono (fonts-liberation2, found installed on the system).
#
#   locked        a theme with fonts.dir: refused before `--lock-fonts`
#                 (exit 2, the command named), pinned by it (exit 0, each
#                 file printed and in fonts.lock), then rendered: pdffonts
#                 shows IPAex明朝 and IPAexゴシック and no Noto face, the
#                 text complete; twice the same bytes; the theme printed by
#                 --print-theme and read back gives the same bytes
#   lock-alone    --lock-fonts --theme FILE without a document; a lock with
#                 a line that is not one refused (its line named), rewritten
#   missing       a family nowhere (exit 2: the family, the key, the theme)
#   changed       a byte of a pinned font changed: exit 2, "changed since
#                 fonts.lock was written", the command; pinned again: runs
#   unpinned      another font file put in the folder: exit 2, not pinned
#   gone          the folder's copy of a font removed: exit 2 (the system's
#                 copy of the family is not pinned), never a substitute
#   latin         Liberation Serif paired with IPAex明朝: pdffonts shows it,
#                 the text intact; --dump items: a Latin letter's box 1.1
#                 times as wide at latin-scale 1.1, the kana the same; the
#                 quarter em between Japanese and Latin kept
#   shift         latin-shift 0.1em raises the Latin words' boxes by 1 pt
#                 at 10 pt (pdftotext -bbox), not the Japanese ones; the
#                 Latin keys printed by --print-theme read back to the same
#                 bytes
#   quotes        “ ” inside 「」 stay the Japanese font's (half-width box
#                 of a Japanese bracket), around English the Latin font's
#   slides        `slides: fonts:` pairs the deck's sans face (--slides)
#   front-matter  a built-in theme with pandoc's CJKmainfont and mainfont:
#                 the lock goes beside the document, system fonts absolute
#   outside-root  a theme named by a document whose fonts.dir leads out of
#                 the root, or a front matter setting such a fonts.dir:
#                 refused, nothing read; the same theme from --theme: used
#   default       no theme fonts: no fonts.lock needed, only Noto faces
#
# Run from the repository root: sh tests/fonts/run.sh build/kumihan

SUITE=fonts
. tests/lib.sh
LIMIT=60
require_tools pdffonts pdftotext cmp
export SOURCE_DATE_EPOCH=1767225600

MINCHO=/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf
GOTHIC=/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf
for f in "$MINCHO" "$GOTHIC" /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf; do
    [ -f "$f" ] || setup_failed "$f is missing: apt-get install fonts-ipaexfont-mincho \
fonts-ipaexfont-gothic fonts-liberation2 (make deps)"
done

# house DIR [YAML...]: a theme DIR/house.yaml with the IPAex fonts copied
# into DIR/fonts, and the lines YAML under its `fonts:`
house() {
    _dir=$1
    shift
    mkdir -p "$_dir/fonts"
    cp "$MINCHO" "$GOTHIC" "$_dir/fonts/"
    {
        echo "fonts:"
        echo "  dir: fonts"
        echo "  serif: IPAex明朝"
        echo "  sans: IPAexゴシック"
        for _l in "$@"; do echo "  $_l"; done
    } >"$_dir/house.yaml"
}

# box_w DUMP TEXT: the width of the first box of --dump items showing TEXT
box_w() {
    grep -m 1 "box .* \"$2\"\$" "$1" | sed 's/.*w=\([0-9.]*\).*/\1/'
}

# word_ymax PDF WORD: yMax of the first word WORD (pdftotext -bbox)
word_ymax() {
    pdftotext -bbox "$1" - 2>/dev/null |
        awk -v w="$2" 'index($0, ">" w "</word>") {
            v = $0; sub(/.*yMax="/, "", v); sub(/".*/, "", v); print v; exit }'
}

begin locked
house "$T/h"
run_bin "$T/out" "$T/stderr" --theme "$T/h/house.yaml" -o "$T/a.pdf" "$D/article.md"
if expect_status 2; then
    expect_msg "fonts.lock does not exist"
    expect_msg "kumihan --lock-fonts --theme $T/h/house.yaml"
    [ ! -e "$T/a.pdf" ] || fail "a PDF was written without the lock"
fi
run_bin "$T/lock.out" "$T/stderr" --lock-fonts --theme "$T/h/house.yaml" "$D/article.md"
if expect_status 0; then
    grep -q 'fonts/ipaexm.ttf  face 0  IPAexMincho' "$T/lock.out" ||
        fail "--lock-fonts did not print ipaexm.ttf: $(cat "$T/lock.out")"
    want=$(sha256sum "$MINCHO" | cut -d' ' -f1)
    grep -q "^fonts/ipaexm.ttf	$want	0	" "$T/h/fonts.lock" ||
        fail "fonts.lock lacks ipaexm.ttf with its hash: $(cat "$T/h/fonts.lock")"
    grep -q "^fonts/ipaexg.ttf	" "$T/h/fonts.lock" || fail "fonts.lock lacks ipaexg.ttf"
fi
if render "$T/a.pdf" --theme "$T/h/house.yaml" "$D/article.md"; then
    fonts=$(pdffonts "$T/a.pdf")
    echo "$fonts" | grep -q '+IPAexMincho ' || fail "no IPAexMincho in the PDF: $fonts"
    echo "$fonts" | grep -q '+IPAexGothic ' || fail "no IPAexGothic in the PDF: $fonts"
    ! echo "$fonts" | grep -q 'NotoSerif\|NotoSansCJKjp-\(Regular\|Bold\)' ||
        fail "a Noto face where the theme names IPAex: $fonts"
    echo "$fonts" | awk 'NR > 2 && ($(NF-4) != "yes" || $(NF-3) != "yes") { exit 1 }' ||
        fail "a font not embedded and subset: $fonts"
    flat=$(pdf_text "$T/a.pdf" | tr -d ' \n')
    for want in 当四半期の売上高は前年同期比12.5%増の3,480百万円となりました 'Salesforce' 'It'"'"'sagamechanger.'; do
        case $flat in *"$want"*) ;; *) fail "the text lacks '$want'" ;; esac
    done
    render "$T/b.pdf" --theme "$T/h/house.yaml" "$D/article.md" &&
        { cmp -s "$T/a.pdf" "$T/b.pdf" || fail "two runs with the same locked fonts differ"; }
    "$BIN" --print-theme "$T/h/house.yaml" >"$T/h/printed.yaml" 2>"$T/stderr" ||
        fail "--print-theme failed: $(cat "$T/stderr")"
    render "$T/c.pdf" --theme "$T/h/printed.yaml" "$D/article.md" &&
        { cmp -s "$T/a.pdf" "$T/c.pdf" || fail "the printed theme gives other bytes"; }
fi
end

begin lock-alone
house "$T/h"
run_bin "$T/out" "$T/stderr" --lock-fonts --theme "$T/h/house.yaml"
expect_status 0 && [ -s "$T/h/fonts.lock" ] || fail "no fonts.lock from --lock-fonts --theme alone"
run_bin "$T/out" "$T/stderr" --lock-fonts
expect_status 2 && expect_msg "name the theme"
# a lock that is not one: refused with its line, written anew by --lock-fonts
printf 'fonts/ipaexm.ttf not-a-hash 0\n' >>"$T/h/fonts.lock"
run_bin "$T/out" "$T/stderr" --theme "$T/h/house.yaml" -o "$T/q.pdf" "$D/quotes.md"
expect_status 2 && expect_msg "fonts.lock:6: not a line of a font lock"
run_bin "$T/out" "$T/stderr" --lock-fonts --theme "$T/h/house.yaml"
expect_status 0
render "$T/q.pdf" --theme "$T/h/house.yaml" "$D/quotes.md"
end

begin missing
mkdir -p "$T/m"
printf 'fonts:\n  serif: No Such Family 42\n' >"$T/m/theme.yaml"
run_bin "$T/out" "$T/stderr" --theme "$T/m/theme.yaml" -o "$T/m.pdf" "$D/article.md"
if expect_status 2; then
    expect_msg "'No Such Family 42'"
    expect_msg "fonts.serif"
    expect_msg "$T/m/theme.yaml"
fi
# the same from the slides' half, and from the front matter of a document
printf 'slides:\n  fonts:\n    sans-latin: Nowhere Sans\n' >"$T/m/slides.yaml"
run_bin "$T/out" "$T/stderr" --theme "$T/m/slides.yaml" -o "$T/m.pdf" "$D/article.md"
expect_status 2 && expect_msg "'Nowhere Sans' (slides: fonts.sans-latin of the theme"
printf -- '---\nmainfont: Nowhere Serif\n---\n本文\n' >"$T/m/doc.md"
run_bin "$T/out" "$T/stderr" -o "$T/m.pdf" "$T/m/doc.md"
expect_status 2 &&
    expect_msg "'Nowhere Serif' (fonts.serif-latin of the front matter of $T/m/doc.md"
end

begin changed
house "$T/h"
run_bin "$T/out" "$T/stderr" --lock-fonts --theme "$T/h/house.yaml"
expect_status 0
render "$T/a.pdf" --theme "$T/h/house.yaml" "$D/quotes.md"
printf 'X' | dd of="$T/h/fonts/ipaexm.ttf" bs=1 seek=4000 conv=notrunc 2>/dev/null
run_bin "$T/out" "$T/stderr" --theme "$T/h/house.yaml" -o "$T/b.pdf" "$D/quotes.md"
if expect_status 2; then
    expect_msg "font $T/h/fonts/ipaexm.ttf changed since $T/h/fonts.lock was written (sha256 "
    expect_msg "run 'kumihan --lock-fonts --theme $T/h/house.yaml"
    expect_msg "if the change is intended"
    [ ! -e "$T/b.pdf" ] || fail "a PDF was written with a changed font"
fi
cp "$MINCHO" "$T/h/fonts/ipaexm.ttf"
render "$T/c.pdf" --theme "$T/h/house.yaml" "$D/quotes.md" &&
    { cmp -s "$T/a.pdf" "$T/c.pdf" || fail "the font restored gives other bytes"; }
end

begin unpinned
house "$T/h"
run_bin "$T/out" "$T/stderr" --lock-fonts --theme "$T/h/house.yaml"
expect_status 0
cp /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf "$T/h/fonts/extra.ttf"
run_bin "$T/out" "$T/stderr" --theme "$T/h/house.yaml" -o "$T/b.pdf" "$D/quotes.md"
if expect_status 2; then
    expect_msg "font fonts/extra.ttf (for fonts.dir"
    expect_msg "is not pinned in $T/h/fonts.lock: run 'kumihan --lock-fonts"
fi
end

begin gone
house "$T/h"
run_bin "$T/out" "$T/stderr" --lock-fonts --theme "$T/h/house.yaml"
expect_status 0
rm "$T/h/fonts/ipaexm.ttf"
run_bin "$T/out" "$T/stderr" --theme "$T/h/house.yaml" -o "$T/b.pdf" "$D/quotes.md"
expect_status 2 && expect_msg "is not pinned in $T/h/fonts.lock"
rm "$T/h/fonts/ipaexg.ttf"
run_bin "$T/out" "$T/stderr" --theme "$T/h/house.yaml" -o "$T/b.pdf" "$D/quotes.md"
expect_status 2 && expect_msg "holds no font file"
end

begin latin
house "$T/h" "serif-latin: Liberation Serif" "latin-scale: 1.1"
house "$T/one" "serif-latin: Liberation Serif"
for d in h one; do
    run_bin "$T/out" "$T/stderr" --lock-fonts --theme "$T/$d/house.yaml"
    expect_status 0
done
if render "$T/a.pdf" --theme "$T/h/house.yaml" "$D/article.md"; then
    pdffonts "$T/a.pdf" | grep -q '+LiberationSerif ' ||
        fail "no Liberation Serif in the PDF: $(pdffonts "$T/a.pdf")"
    flat=$(pdf_text "$T/a.pdf" | tr -d ' \n')
    for want in 主力製品「KumihanPro2.0」の出荷が好調で 'Smith氏は“We'"'"'llsee…maybe—nextyear.”と述べ'; do
        case $flat in *"$want"*) ;; *) fail "the text lacks '$want': $flat" ;; esac
    done
    render "$T/b.pdf" --theme "$T/h/house.yaml" "$D/article.md" &&
        { cmp -s "$T/a.pdf" "$T/b.pdf" || fail "two runs differ"; }
fi
printf -- '---\ntitle: x\ntoc: false\n---\n\nかなのAとかな。\n' >"$T/s.md"
run_bin "$T/scaled" "$T/stderr" --theme "$T/h/house.yaml" --dump items "$T/s.md"
expect_status 0
run_bin "$T/plain" "$T/stderr" --theme "$T/one/house.yaml" --dump items "$T/s.md"
expect_status 0
a1=$(box_w "$T/plain" A)
a2=$(box_w "$T/scaled" A)
k1=$(box_w "$T/plain" な)
k2=$(box_w "$T/scaled" な)
awk -v a="$a1" -v b="$a2" 'BEGIN { r = b / a; exit !(a > 5 && r > 1.095 && r < 1.105) }' ||
    fail "A is $a1 pt at scale 1, $a2 pt at 1.1"
[ "$k1" = 10.00 ] && [ "$k2" = 10.00 ] || fail "な is $k1 and $k2 pt, not 10 (one em)"
grep -q 'glue    w=2.50 stretch=2.50 shrink=1.25' "$T/scaled" ||
    fail "no quarter em between kana and the Latin letter: $(cat "$T/scaled")"
end

begin shift
house "$T/a" "serif-latin: Liberation Serif"
house "$T/b" "serif-latin: Liberation Serif" "latin-shift: 0.1em"
printf -- '---\ntitle: x\ntoc: false\n---\n\nかなのWordとかな。\n' >"$T/s.md"
for d in a b; do
    run_bin "$T/out" "$T/stderr" --lock-fonts --theme "$T/$d/house.yaml"
    expect_status 0
    render "$T/$d.pdf" --theme "$T/$d/house.yaml" "$T/s.md"
done
w0=$(word_ymax "$T/a.pdf" Word)
w1=$(word_ymax "$T/b.pdf" Word)
j0=$(word_ymax "$T/a.pdf" かなの)
j1=$(word_ymax "$T/b.pdf" かなの)
awk -v a="$w0" -v b="$w1" 'BEGIN { d = a - b; exit !(d > 0.95 && d < 1.05) }' ||
    fail "Word's top went from $w0 to $w1, not 1 pt up"
[ -n "$j0" ] && [ "$j0" = "$j1" ] || fail "the kana moved: $j0 to $j1"
# the keys printed by --print-theme read back the same (a share of the em,
# a negative length, a scale)
house "$T/c" "serif-latin: Liberation Serif" "latin-shift: -0.4pt" "latin-scale: 104%"
run_bin "$T/out" "$T/stderr" --lock-fonts --theme "$T/c/house.yaml"
expect_status 0
for d in b c; do
    "$BIN" --print-theme "$T/$d/house.yaml" >"$T/$d/printed.yaml" 2>"$T/stderr" ||
        fail "--print-theme failed: $(cat "$T/stderr")"
    render "$T/$d-1.pdf" --theme "$T/$d/house.yaml" "$D/article.md"
    render "$T/$d-2.pdf" --theme "$T/$d/printed.yaml" "$D/article.md"
    cmp -s "$T/$d-1.pdf" "$T/$d-2.pdf" || fail "$d: the printed theme gives other bytes"
done
grep -q 'latin-shift: -0.4' "$T/c/printed.yaml" && grep -q 'latin-scale: 1.04' "$T/c/printed.yaml" ||
    fail "printed: $(grep latin "$T/c/printed.yaml")"
end

begin quotes
house "$T/h" "serif-latin: Liberation Serif"
run_bin "$T/out" "$T/stderr" --lock-fonts --theme "$T/h/house.yaml"
expect_status 0
run_bin "$T/items" "$T/stderr" --theme "$T/h/house.yaml" --dump items "$D/quotes.md"
if expect_status 0; then
    # 「“速さ”」: the Japanese font's marks, half-width boxes as brackets
    q=$(grep -A1 'box .* "「"$' "$T/items" | sed -n 's/.*box *w=\([0-9.]*\) "“"$/\1/p')
    [ "$q" = 5.00 ] || fail "“ after 「 is $q pt wide, not a half-width Japanese bracket"
    # “Hi, there”: Liberation Serif's, 0.444 em
    h=$(grep -B1 'box .* "H"$' "$T/items" | sed -n 's/.*box *w=\([0-9.]*\) "“"$/\1/p')
    awk -v w="$h" 'BEGIN { exit !(w > 4.3 && w < 4.6) }' || fail "“ before Hi is $h pt wide"
fi
end

begin slides
mkdir -p "$T/d/fonts"
cp "$GOTHIC" "$T/d/fonts/"
printf 'fonts:\n  dir: fonts\nslides:\n  fonts:\n    sans: IPAexGothic\n%s\n%s\n' \
    '    sans-latin: Liberation Sans' '    latin-scale: 1.05' >"$T/d/deck.yaml"
run_bin "$T/out" "$T/stderr" --lock-fonts --theme "$T/d/deck.yaml" "$D/deck.md"
expect_status 0
if render "$T/s.pdf" --slides --theme "$T/d/deck.yaml" "$D/deck.md"; then
    fonts=$(pdffonts "$T/s.pdf")
    echo "$fonts" | grep -q '+IPAexGothic ' || fail "no IPAexGothic in the deck: $fonts"
    echo "$fonts" | grep -q '+LiberationSans' || fail "no Liberation Sans in the deck: $fonts"
    flat=$(pdf_text "$T/s.pdf" | tr -d ' \n')
    case $flat in *2026年4月に発売、価格は¥49,800（税込）*) ;; *) fail "the deck's text: $flat" ;; esac
fi
end

begin front-matter
printf -- '---\ntitle: 前付け\ntoc: false\n%s\n%s\n---\n%s\n' 'CJKmainfont: IPAexMincho' \
    'mainfont: Liberation Serif' '本文はIPAex明朝、欧文はLiberation Serif。' >"$T/doc.md"
run_bin "$T/out" "$T/stderr" -o "$T/a.pdf" "$T/doc.md"
expect_status 2 && expect_msg "the front matter of $T/doc.md (theme report)" &&
    expect_msg "run 'kumihan --lock-fonts $T/doc.md'"
run_bin "$T/out" "$T/stderr" --lock-fonts "$T/doc.md"
if expect_status 0; then
    grep -q "^$MINCHO	" "$T/fonts.lock" || fail "the lock beside the document lacks $MINCHO"
    grep -q "^/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf	" "$T/fonts.lock" ||
        fail "the lock lacks Liberation Serif: $(cat "$T/fonts.lock")"
fi
if render "$T/a.pdf" "$T/doc.md"; then
    fonts=$(pdffonts "$T/a.pdf")
    echo "$fonts" | grep -q '+IPAexMincho ' || fail "no IPAexMincho: $fonts"
    echo "$fonts" | grep -q '+LiberationSerif ' || fail "no Liberation Serif: $fonts"
fi
end

begin outside-root
house "$T/h"
mkdir -p "$T/doc"
printf 'fonts:\n  dir: ../h/fonts\n  serif: IPAex明朝\n' >"$T/doc/theme.yaml"
printf -- '---\ntheme: theme.yaml\n---\n本文\n' >"$T/doc/d.md"
run_bin "$T/out" "$T/stderr" -o "$T/d.pdf" "$T/doc/d.md"
expect_status 2 && expect_msg "is outside the root folder (see --root): not read"
# given on the command line, the same theme may name it
run_bin "$T/out" "$T/stderr" --lock-fonts --theme "$T/doc/theme.yaml" "$D/quotes.md"
expect_status 0
render "$T/q.pdf" --theme "$T/doc/theme.yaml" "$D/quotes.md"
# but not when the document's front matter sets the folder
printf -- '---
fonts:
  dir: ../h/fonts
---
本文
' >"$T/doc/e.md"
run_bin "$T/out" "$T/stderr" --theme "$T/h/house.yaml" -o "$T/e.pdf" "$T/doc/e.md"
expect_status 2 && expect_msg "is outside the root folder (see --root): not read"
end

begin default
mkdir -p "$T/d"
printf -- '---\ntitle: x\n---\n本文とEnglish。\n' >"$T/d/d.md"
if render "$T/d/d.pdf" "$T/d/d.md"; then
    [ ! -e "$T/d/fonts.lock" ] || fail "a fonts.lock was written"
    ! pdffonts "$T/d/d.pdf" | sed 1,2d | grep -vq 'Noto' || fail "a face that is not Noto"
fi
end

summary
