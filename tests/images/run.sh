#!/bin/sh
# tests/images/run.sh BIN FIXTURES: images (issue 19), asserted on the PDFs
# with real readers (pdfimages, pdftotext, pdffonts, pdftoppm, qpdf) and on
# --dump pages, never by comparing PDF bytes. FIXTURES is the program that
# writes the test pictures (tests/images/fixtures.c: made by libjpeg,
# libpng, libwebp and cairo at test time); the SVGs and the article are the
# text files beside this script.
#
#   formats        JPEG (JFIF, grey, progressive, Exif-turned), CMYK JPEG,
#                  PNG (pHYs, none), WebP (alpha): each XObject's size,
#                  colour and encoding (jpeg: the file passed through;
#                  image: decoded), each box from the file's density; an SVG
#                  and a PDF page add no image, their text stays text;
#                  qpdf --check clean
#   one-xobject    a JPEG placed seven times (Markdown, {width}, <img>) is
#                  one XObject
#   sizes          {width=60%} 8cm 50mm 2in 120pt 200px, {height=5cm}, both,
#                  300% (the measure), <img width height>: the boxes
#   orientation    Exif 6: the box turned, and the red corner of the stored
#                  picture drawn at the top right (pixels of the page)
#   svg-fonts      an SVG's text is text in the project's fonts only
#   svg-external   an SVG naming other files (a FIFO, a file:// URL,
#                  xi:include, CSS @import) and a URL reads none of them:
#                  the run ends, no image, no secret text
#   pdf-pages      chart.pdf, #page=3: the page's text; #page=9: a warning
#   placeholders   missing, GIF, damaged JPEG, animated WebP, https:, data:,
#                  outside the root, no name, a Markdown file: each warning
#                  at its FILE:LINE:COL, a framed placeholder with the alt
#                  text and the name, the rest of the document set; a
#                  placeholder with a size takes it
#   strict         the same document with --strict: exit 1, every warning
#                  an error, no file written
#   attributes     {width=abc .class}: a warning at the block; an image in
#                  running text: its block dropped, a warning at the image
#   html           <img> as a block and alone in a paragraph: figures with
#                  their size, alt text and caption
#   previews       --format png and svg of the formats document
#   content        the page content written again (content.c) draws the
#                  same as cairo's (KUMIHAN_CAIRO_CONTENT=1): pages at 40 dpi
#   papers         the article (tests/images/article.md: JPEG, SVG, PDF) on
#                  A4, B5 and A5: no warning, every figure within the measure
#   slides         a deck with a JPEG and an SVG: the picture and the text
#   loaded         the program links neither librsvg nor poppler-glib (opened
#                  when a figure needs them)
#   pdfa           --pdfa with every format: qpdf --check clean, no image
#                  with /Interpolate true (there are some without --pdfa)
#
# Run from the repository root: sh tests/images/run.sh BIN FIXTURES

SUITE=images
. tests/cases.sh
FIXTURES=${2:?usage: sh tests/images/run.sh BIN FIXTURES}
case $FIXTURES in /*) ;; *) FIXTURES=$(pwd)/$FIXTURES ;; esac
export SOURCE_DATE_EPOCH=1259539200
setup_good tests/bad/good.md

# pictures FOLDER: the fixtures and the SVG and article files in FOLDER
pictures() {
    "$FIXTURES" "$1" || fail "the fixtures program failed"
    cp "$D"/*.svg "$D"/article.md "$1/"
}

# images PDF: one line per image XObject drawn: "page width height color enc id"
images() {
    pdfimages -list "$1" 2>/dev/null | awk 'NR > 2 && $3 == "image" { print $1, $4, $5, $6, $9, $11 }'
}

# figures: the image lines of --dump pages ($T/stdout): "img_w img_h [placeholder]"
figures() {
    sed -n 's/^  image .* img_w=\([0-9.]*\) img_h=\([0-9.]*\)\(.*\)$/\1 \2\3/p' "$T/stdout"
}

# text PDF: the PDF's text with white space removed
text() {
    pdftotext -enc UTF-8 "$1" - 2>/dev/null | tr -d ' \n\f'
}

# in_order TEXT WORD...: each word found in TEXT after the one before it
in_order() {
    rest=$1
    shift
    for w in "$@"; do
        case $rest in
            *"$w"*) rest=${rest#*"$w"} ;;
            *) echo "$w"; return 1 ;;
        esac
    done
}

begin formats
pictures "$T"
cat >"$T/in.md" <<'EOF'
# 形式

![写真](photo.jpg)

![灰色](gray.jpg)

![順次](prog.jpg)

![CMYK](cmyk.jpg)

![回転](exif6.jpg)

![密度](phys.png)

![無指定](plain.png)

![WebP](pic.webp)

![透明](alpha.webp)

![図](diagram.svg)

![グラフ](chart.pdf#page=2)
EOF
export KUMIHAN_RUN_BYTES=1                # (as in placeholders, below)
run -o "$T/out.pdf" "$T/in.md"
unset KUMIHAN_RUN_BYTES
expect_status 0
expect_sane
[ -s "$T/stderr" ] && fail "warnings: $(head -c 300 "$T/stderr")"
expect_pdf "$T/out.pdf"
images "$T/out.pdf" | awk '{ print $2, $3, $4, $5 }' >"$T/got"
cat >"$T/want" <<'EOF'
640 427 rgb jpeg
200 150 gray jpeg
320 240 rgb jpeg
200 150 rgb image
160 80 rgb jpeg
300 200 rgb image
120 90 rgb image
240 160 rgb image
240 160 rgb image
EOF
cmp -s "$T/got" "$T/want" || fail "images (w h colour encoding) differ: $(diff "$T/want" "$T/got" | tr '\n' ' ')"
n=$(pdfimages -list "$T/out.pdf" 2>/dev/null | awk 'NR > 2 && $3 == "smask"' | wc -l)
[ "$n" = 1 ] || fail "$n soft masks, expected 1 (alpha.webp)"
run --dump pages "$T/in.md"
figures >"$T/got"
# 640 px at 300/in; 200 at 72/cm; 320 at 96/in; 200 at 96; 160 x 80 at
# 144/in turned; 300 at 150/in (pHYs, whole px/m); 120 at 96; 240 at 96
# twice; the SVG's 480 x 200 px; the PDF page's 400 x 250 pt
cat >"$T/want" <<'EOF'
153.60 102.48
78.74 59.05
240.00 180.00
150.00 112.50
40.00 80.00
143.99 95.99
90.00 67.50
180.00 120.00
180.00 120.00
360.00 150.00
400.00 250.00
EOF
cmp -s "$T/got" "$T/want" || fail "boxes differ: $(diff "$T/want" "$T/got" | tr '\n' ' ')"
text "$T/out.pdf" | grep -q '処理の流れ' || fail "the SVG's text is not text in the PDF"
text "$T/out.pdf" | grep -q 'Chartpage2' || fail "the PDF page's text is not text in the PDF"
qpdf --check "$T/out.pdf" >/dev/null 2>&1 || fail "qpdf --check: $(qpdf --check "$T/out.pdf" 2>&1 | tail -n 2)"
end

begin one-xobject
pictures "$T"
{
    printf '# 一つ\n\n'
    for i in 1 2 3 4 5; do printf '![写真%d](photo.jpg)\n\n' "$i"; done
    printf '![小](photo.jpg){width=3cm}\n\n<img src="photo.jpg" width="100" alt="HTML">\n'
} >"$T/in.md"
run -o "$T/out.pdf" "$T/in.md"
expect_status 0
expect_sane
n=$(images "$T/out.pdf" | wc -l)
[ "$n" = 7 ] || fail "$n images drawn, expected 7"
ids=$(images "$T/out.pdf" | awk '{ print $6 }' | sort -u | wc -l)
[ "$ids" = 1 ] || fail "the JPEG is stored $ids times, expected once"
images "$T/out.pdf" | awk '$5 != "jpeg" { bad = 1 } END { exit bad }' ||
    fail "not every use is the JPEG passed through"
end

begin sizes
pictures "$T"
cat >"$T/in.md" <<'EOF'
![a](photo.jpg){width=60%}

![b](photo.jpg){width=8cm}

![c](photo.jpg){width=50mm}

![d](photo.jpg){width=2in}

![e](photo.jpg){width=120pt}

![f](photo.jpg){width=200px}

![g](photo.jpg){height=5cm}

![h](photo.jpg){width=3cm height=2cm}

![i](photo.jpg){width=300%}

<img src="plain.png" width="200" height="100" alt="j">

![k](photo.jpg){ width="40%" }
EOF
run --dump pages "$T/in.md"
expect_status 0
expect_sane
[ -s "$T/stderr" ] && fail "warnings: $(head -c 300 "$T/stderr")"
figures >"$T/got"
# A4's measure is 450 pt; photo.jpg is 640 x 427
cat >"$T/want" <<'EOF'
270.00 180.14
226.77 151.30
141.73 94.56
144.00 96.08
120.00 80.06
150.00 100.08
212.43 141.73
85.04 56.69
450.00 300.23
150.00 75.00
180.00 120.09
EOF
cmp -s "$T/got" "$T/want" || fail "boxes differ: $(diff "$T/want" "$T/got" | tr '\n' ' ')"
end

begin orientation
pictures "$T"
printf '![回転](exif6.jpg){width=4cm}\n' >"$T/in.md"
run --dump pages "$T/in.md"
expect_status 0
figures | grep -qx '113.39 226.77' || fail "the turned box is not 4 cm x 8 cm: $(figures)"
run -o "$T/out.pdf" "$T/in.md"
expect_status 0
pdftoppm -r 36 "$T/out.pdf" "$T/page" 2>/dev/null
# the coloured pixels are the picture; the red ones its stored top-left
# corner, which orientation 6 shows at the top right
python3 - "$T"/page-1.ppm >"$T/where" <<'EOF' || fail "cannot read the page: $(cat "$T/where")"
import sys
data = open(sys.argv[1], 'rb').read()
parts = data.split(b'\n', 3)
w, h = map(int, parts[1].split())
px = parts[3]
pic, red = [], []
for y in range(h):
    for x in range(w):
        r, g, b = px[3 * (y * w + x):3 * (y * w + x) + 3]
        if max(r, g, b) - min(r, g, b) > 60:
            pic.append((x, y))
            if r > 170 and g < 90 and b < 90:
                red.append((x, y))
def box(p):
    return min(a for a, _ in p), min(b for _, b in p), max(a for a, _ in p), max(b for _, b in p)
px0, py0, px1, py1 = box(pic)
rx0, ry0, rx1, ry1 = box(red)
cx, cy = (rx0 + rx1) / 2, (ry0 + ry1) / 2
print('top-right' if cx > (px0 + px1) / 2 and cy < (py0 + py1) / 2 else 'elsewhere',
      px1 - px0 + 1, py1 - py0 + 1)
EOF
read -r where pw ph <"$T/where"
[ "$where" = top-right ] || fail "the red corner is drawn $where, expected top-right"
[ "${ph:-0}" -gt "${pw:-0}" ] || fail "the picture is drawn ${pw}x$ph, expected taller than wide"
end

begin svg-fonts
pictures "$T"
printf '# 図\n\n![図](diagram.svg "図1")\n' >"$T/in.md"
run -o "$T/out.pdf" "$T/in.md"
expect_status 0
expect_sane
n=$(images "$T/out.pdf" | wc -l)
[ "$n" = 0 ] || fail "$n images: the SVG was drawn as pixels"
for w in 処理の流れ 原稿 組版 SVGの文字は文字のまま; do
    text "$T/out.pdf" | grep -q "$w" || fail "the SVG's text '$w' is not text in the PDF"
done
pdffonts "$T/out.pdf" 2>/dev/null | awk 'NR > 2 && $1 !~ /\+Noto(Sans|Serif)CJKjp-/ { bad = $1 } END { if (bad) { print bad; exit 1 } }' \
    >"$T/font" || fail "a font that is not the project's: $(cat "$T/font")"
end

begin svg-external
pictures "$T"
mkdir "$T/doc"
printf 'SECRET-TEXT-OUTSIDE\n' >"$T/secret.txt"
printf '.x { fill: red }\n/* SECRET-CSS */\n' >"$T/doc/secret.css"
cp "$T/plain.png" "$T/secret.png"
cp "$T/plain.png" "$T/doc/near.png"
mkfifo "$T/doc/pipe.png" "$T/doc/pipe.txt"
cat >"$T/doc/ext.svg" <<EOF
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     xmlns:xi="http://www.w3.org/2001/XInclude" width="400" height="200">
  <style>@import url(secret.css);</style>
  <rect width="400" height="200" fill="#ddeeff"/>
  <image x="0" y="0" width="50" height="50" href="pipe.png"/>
  <image x="50" y="0" width="50" height="50" xlink:href="near.png"/>
  <image x="100" y="0" width="50" height="50" href="file://$T/secret.png"/>
  <image x="150" y="0" width="50" height="50" href="http://127.0.0.1:9/x.png"/>
  <text x="10" y="100">見える文字<xi:include href="file://$T/secret.txt" parse="text"/></text>
  <text x="10" y="140"><xi:include href="pipe.txt" parse="text"/></text>
  <text x="10" y="180"><xi:include href="../secret.txt" parse="text"/></text>
</svg>
EOF
printf '# 外\n\n![外部参照](ext.svg)\n' >"$T/doc/in.md"
run -o "$T/doc/out.pdf" "$T/doc/in.md"
expect_status 0
expect_sane
expect_pdf "$T/doc/out.pdf"
n=$(images "$T/doc/out.pdf" | wc -l)
[ "$n" = 0 ] || fail "$n images: the SVG loaded a picture from outside itself"
text "$T/doc/out.pdf" | grep -q '見える文字' || fail "the SVG was not drawn"
text "$T/doc/out.pdf" | grep -q 'SECRET' && fail "a file named by the SVG was read"
end

begin pdf-pages
pictures "$T"
printf '# グラフ\n\n![一](chart.pdf)\n\n![三](chart.pdf#page=3)\n\n![九](chart.pdf#page=9)\n' >"$T/in.md"
run -o "$T/out.pdf" "$T/in.md"
expect_status 0
expect_sane
expect_msg "$T/in.md:7:1: warning: cannot use image 'chart.pdf#page=9': asks for page 9 of a PDF of 3 pages; a placeholder is set"
n=$(grep -c warning "$T/stderr")
[ "$n" = 1 ] || fail "$n warnings, expected 1"
text "$T/out.pdf" | grep -q 'Chartpage1.*Chartpage3.*九chart.pdf#page=9' ||
    fail "pages 1 and 3 and the placeholder are not there in order: $(text "$T/out.pdf" | head -c 300)"
n=$(images "$T/out.pdf" | wc -l)
[ "$n" = 0 ] || fail "$n images: a PDF page was drawn as pixels"
end

# placeholders.md: every way an image cannot be shown (the expected lines:
# "LINE message")
placeholder_doc() {
    pictures "$T"
    mkdir "$T/doc" "$T/outside"
    cp "$T/plain.png" "$T/outside/x.png"
    for f in fake.gif broken.jpg anim.webp; do cp "$T/$f" "$T/doc/"; done
    cat >"$T/doc/in.md" <<'EOF'
# 代わりの枠

![ない画像](missing.png)

![GIF画像](fake.gif)

![壊れた写真](broken.jpg)

![動く画像](anim.webp)

![遠くの画像](https://example.com/photo.jpg)

![埋め込み](data:image/png;base64,iVBORw0KGgo=)

![外の画像](../outside/x.png)

![名前なし]()

![原稿](in.md)

![寸法つき](missing.png){width=4cm height=2cm}

最後の段落。
EOF
}

begin placeholders
placeholder_doc
# every top-level block a run of its own, freed once its last page is drawn: a
# placeholder's lines and frame freed too early would fail the sanitize build
export KUMIHAN_RUN_BYTES=1
run -o "$T/out.pdf" "$T/doc/in.md"
unset KUMIHAN_RUN_BYTES
expect_status 0
expect_sane
P="$T/doc/in.md"
expect_msg "$P:3:1: warning: cannot use image 'missing.png': No such file or directory; a placeholder is set"
expect_msg "$P:5:1: warning: cannot use image 'fake.gif': a GIF image, a format kumihan does not read (PNG, JPEG, WebP, SVG and PDF it does); a placeholder is set"
expect_msg "$P:7:1: warning: cannot use image 'broken.jpg': a damaged JPEG (libjpeg: the file ends early); a placeholder is set"
expect_msg "$P:9:1: warning: cannot use image 'anim.webp': an animated WebP: kumihan reads still images only; a placeholder is set"
expect_msg "$P:11:1: warning: image 'https://example.com/photo.jpg' is a URL, never fetched: kumihan reads local files only; a placeholder is set"
expect_msg "$P:13:1: warning: image 'data:image/png;base64,iVBORw0KGgo=' is a data: URL, which kumihan does not read: put the image in a file; a placeholder is set"
expect_msg "$P:15:1: warning: image '../outside/x.png' is outside the root folder (see --root); a placeholder is set"
expect_msg "$P:17:1: warning: image without a file name; a placeholder is set"
expect_msg "$P:19:1: warning: cannot use image 'in.md': it is a Markdown source of this run; a placeholder is set"
expect_msg "$P:21:1: warning: cannot use image 'missing.png': No such file or directory; a placeholder is set"
n=$(grep -c warning "$T/stderr")
[ "$n" = 10 ] || fail "$n warnings, expected 10"
expect_pdf "$T/out.pdf"
n=$(images "$T/out.pdf" | wc -l)
[ "$n" = 0 ] || fail "$n images: something refused was drawn"
# each placeholder's alt text and name, its caption under it (the alt text,
# numbered: src/number.c), in order, then the text after them
in_order "$(text "$T/out.pdf")" ない画像missing.png 図1 GIF画像fake.gif 図2 壊れた写真broken.jpg \
    図3 動く画像anim.webp 図4 遠くの画像https://example.com/photo.jpg 図5 \
    '埋め込みdata:image/png;base64,iVBORw0KGgo=' 図6 外の画像../outside/x.png 図7 名前なし 図8 \
    原稿in.md 図9 寸法つきmissing.png 図10 最後の段落。 >"$T/missing" ||
    fail "'$(cat "$T/missing")' is not in the PDF after the placeholders before it"
run -q --dump pages "$T/doc/in.md"
n=$(figures | grep -c ' placeholder$')
[ "$n" = 10 ] || fail "$n placeholders in the layout, expected 10"
figures | tail -n 1 | grep -qx '113.39 56.69 placeholder' ||
    fail "the placeholder with a size is $(figures | tail -n 1), expected 4 cm x 2 cm"
figures | head -n 1 | grep -qx '450.00 102.00 placeholder' ||
    fail "a placeholder of unknown size is $(figures | head -n 1), expected the measure x 6 lines"
end

begin strict
placeholder_doc
run --strict -o "$T/out.pdf" "$T/doc/in.md"
expect_status 1
expect_sane
expect_msg "$T/doc/in.md:3:1: error: cannot use image 'missing.png': No such file or directory"
expect_msg "$T/doc/in.md:11:1: error: image 'https://example.com/photo.jpg' is a URL, never fetched"
expect_msg "10 errors: no PDF written"
expect_no_msg "warning"
expect_no_msg "placeholder"
[ -e "$T/out.pdf" ] && fail "a PDF was written"
expect_no_temp "$T" out.pdf
end

begin attributes
pictures "$T"
cat >"$T/in.md" <<'EOF'
# 属性

![写真](photo.jpg){width=abc .wide height=3cm}

文中の![小](photo.jpg){width=1cm}画像。
EOF
run -o "$T/out.pdf" "$T/in.md"
expect_status 0
expect_sane
expect_msg "$T/in.md:3:17: warning: image attributes: 'width=abc' is not a size (a number with cm, mm, in, pt, px or %); '.wide' is not used"
expect_msg "$T/in.md:5:4: warning: an image inside running text is set as its alt text"
n=$(grep -c warning "$T/stderr")
[ "$n" = 2 ] || fail "$n warnings, expected 2"
text "$T/out.pdf" | grep -q '文中の小画像。' || fail "the running text is not '文中の小画像。': $(text "$T/out.pdf")"
text "$T/out.pdf" | grep -q '{' && fail "an attribute block was set as text"
run -q --dump pages "$T/in.md"
figures | grep -qx '127.46 85.04' || fail "height=3cm was not taken: $(figures)"
end

begin html
pictures "$T"
cat >"$T/in.md" <<'EOF'
# HTML

<img src="photo.jpg" width="320" alt="HTMLの写真" title="図1　HTMLの図">

<img src="diagram.svg" height="75">
EOF
run -o "$T/out.pdf" "$T/in.md"
expect_status 0
expect_sane
[ -s "$T/stderr" ] && fail "warnings: $(head -c 300 "$T/stderr")"
text "$T/out.pdf" | grep -q '図1HTMLの図' || fail "the title is not the caption"
text "$T/out.pdf" | grep -q '処理の流れ' || fail "the SVG of the second <img> is not drawn"
run --dump pages "$T/in.md"
figures | tr '\n' ' ' | grep -qx '240.00 160.13 135.00 56.25 ' ||
    fail "boxes $(figures | tr '\n' ' '), expected 320 px wide and 75 px high"
end

begin previews
pictures "$T"
printf '# 図\n\n![写真](photo.jpg)\n\n![図](diagram.svg)\n\n![グラフ](chart.pdf)\n\n![CMYK](cmyk.jpg)\n' >"$T/in.md"
mkdir "$T/png" "$T/svg"
run --format png --dpi 40 -o "$T/png/p.pdf" "$T/in.md"
expect_status 0
expect_sane
expect_no_msg "CRITICAL"                 # (a figure's tag with no structure to hold it)
[ -s "$T/png/p-001.png" ] || fail "no PNG page"
# (a blank A4 page at 40 dpi is some 1 KB)
[ "$(wc -c <"$T/png/p-001.png")" -gt 10000 ] || fail "the PNG page looks blank"
run --format svg -o "$T/svg/p.pdf" "$T/in.md"
expect_status 0
expect_sane
expect_no_msg "CRITICAL"
grep -q 'data:image/jpeg;base64' "$T/svg/p-001.svg" ||
    fail "the SVG page does not carry the JPEG as it is"
end

begin content
pictures "$T"
cp "$T/article.md" "$T/in.md"
printf '\n![CMYK](cmyk.jpg)\n\n![WebP](alpha.webp)\n\n![回転](exif6.jpg)\n' >>"$T/in.md"
run -o "$T/a.pdf" "$T/in.md"
expect_status 0
KUMIHAN_CAIRO_CONTENT=1 "$BIN" -q -o "$T/b.pdf" "$T/in.md" 2>"$T/stderr"
st=$?
expect_status 0
pdftoppm -r 40 "$T/a.pdf" "$T/a" 2>/dev/null
pdftoppm -r 40 "$T/b.pdf" "$T/b" 2>/dev/null
n=0
for f in "$T"/a-*.ppm; do
    n=$((n + 1))
    cmp -s "$f" "$T/b-${f##*/a-}" || fail "page ${f##*/a-} differs from cairo's own content"
done
[ "$n" -ge 2 ] || fail "$n pages compared"
end

begin papers
pictures "$T"
for paper in A4 B5 A5; do
    run --paper "$paper" -o "$T/$paper.pdf" "$T/article.md"
    expect_status 0
    expect_sane
    [ -s "$T/stderr" ] && fail "$paper: warnings: $(head -c 300 "$T/stderr")"
    n=$(images "$T/$paper.pdf" | awk '$5 == "jpeg"' | wc -l)
    [ "$n" = 1 ] || fail "$paper: $n JPEGs, expected the photo"
    for w in 処理の流れ Chartpage2 図3四半期ごとの推移; do
        text "$T/$paper.pdf" | grep -q "$w" || fail "$paper: '$w' missing"
    done
    run --paper "$paper" --dump pages "$T/article.md"
    measure=$(sed -n 's/.* w=\([0-9.]*\) j .*/\1/p' "$T/stdout" | sort -n | tail -n 1)
    figures | awk -v m="$measure" '$1 > m + 0.01 { bad = 1 } END { exit bad }' ||
        fail "$paper: a figure wider than the measure $measure: $(figures | tr '\n' ' ')"
    [ "$(figures | wc -l)" = 3 ] || fail "$paper: $(figures | wc -l) figures, expected 3"
done
end

begin slides
pictures "$T"
printf -- '---\ntitle: 図のスライド\n---\n\n# 写真\n\n![写真](photo.jpg)\n\n---\n\n# 図\n\n![図](diagram.svg)\n' >"$T/deck.md"
run --slides -o "$T/out.pdf" "$T/deck.md"
expect_status 0
expect_sane
[ -s "$T/stderr" ] && fail "warnings: $(head -c 300 "$T/stderr")"
n=$(images "$T/out.pdf" | awk '$1 == 1 && $5 == "jpeg"' | wc -l)
[ "$n" = 1 ] || fail "$n JPEGs on slide 1"
pdftotext -f 2 -l 2 "$T/out.pdf" - 2>/dev/null | tr -d ' \n' | grep -q '処理の流れ' ||
    fail "the SVG's text is not on slide 2"
end

begin loaded
# librsvg and poppler-glib are opened when a figure needs them (loaded.c):
# the program does not link them (the formats case draws SVGs and PDFs)
if ldd "$BIN" | grep -q 'librsvg\|libpoppler'; then
    fail "the program links librsvg or poppler: $(ldd "$BIN" | grep 'librsvg\|libpoppler' | tr '\n' ' ')"
fi
end

begin pdfa
pictures "$T"
cp "$T/article.md" "$T/in.md"
printf '\n![CMYK](cmyk.jpg)\n\n![WebP](alpha.webp)\n\n![PNG](phys.png)\n' >>"$T/in.md"
run --pdfa -o "$T/out.pdf" "$T/in.md"
expect_status 0
expect_sane
qpdf --check "$T/out.pdf" >/dev/null 2>&1 || fail "qpdf --check: $(qpdf --check "$T/out.pdf" 2>&1 | tail -n 2)"
# PDF/A-2 (6.2.8): an image's /Interpolate, if any, is false
n=$(qpdf --qdf --object-streams=disable "$T/out.pdf" - 2>/dev/null | grep -ac '/Interpolate true')
[ "$n" = 0 ] || fail "$n images with /Interpolate true under --pdfa"
run -o "$T/plain.pdf" "$T/in.md"
n=$(qpdf --qdf --object-streams=disable "$T/plain.pdf" - 2>/dev/null | grep -ac '/Interpolate true')
[ "$n" -gt 0 ] || fail "no image smoothed without --pdfa (the check above proves nothing)"
end

summary
