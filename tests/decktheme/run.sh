#!/bin/sh
# tests/decktheme/run.sh BIN [--regen]: the deck's look from a theme (issue
# 21): the `slides:` keys slide.* (background colour and picture, logo, the
# foot's templates) and handout.* (the heads and folios of handouts and
# notes pages), on a Japanese deck of 7 slides (deck.md, 16:9) whose front
# matter names brand/company.yaml (a background picture, a logo at the top
# right, templated foot and handout heads); brand/dark.yaml extends it (a
# night-blue ground, light type, the white logo at the bottom right, the
# title slide numbered). The pictures are brand/*.png (brand/images.py).
#
#   render:MODE       company: --slides, --handout 3 and 6, --notes exit 0
#                     and say nothing
#   images:MODE       pdfimages: the background (1920x1080) and the logo
#                     (480x160, with its mask) on every slide, on each slide
#                     of the handouts and notes pages, drawn smaller there
#                     (more pixels per inch than on the slides)
#   text:slides       every slide's text (pdftotext, page by page), the foot
#                     「title　event」 and 「n／7」 on slides 2-7, no foot on the
#                     title slide
#   text:handout      the heads 「…（配布資料）」 and 「佐藤 美咲、高橋 健一　2025年4月17日」
#                     and the folio 「— n —」 on every sheet, every slide's
#                     title and the caption "n / 7"
#   dump:NAME         --dump pages against NAME.out (--regen rewrites them):
#                     slides (company), dark (slides), handout-3 (company)
#   dark:*            --theme brand/dark.yaml (a theme from the command
#                     line wins over the front matter's): the ground is
#                     #1a1a2e on every slide, the title slide numbered 「1／7」,
#                     only the white logo; in --handout 3 and --notes the
#                     sheet stays white around the slides, dark inside their
#                     frames; no contrast warning
#   fit:*             the 16:9 picture on a 4:3 deck: cover crops it (wider
#                     than the slide, centred), contain shows all of it
#                     (narrower), stretch is the slide; a logo at the bottom
#                     left moves the footer right of it (its slot's x)
#   defaults          a theme setting every new key to its default gives the
#                     same bytes as no theme (slides, handout 3, notes)
#   appendix          report.md (theme brand/dark.yaml) with deck.md as its
#                     appendix: the report's theme wins (the white logo, no
#                     background picture) and deck.md's own theme: is
#                     warned about at its line
#   roundtrip         --print-theme brand/dark.yaml, read back from beside
#                     it: the same PDF bytes; the logo printed by its full
#                     path
#   bad:*             a template with an unknown field or a lone brace: an
#                     error at its place in the theme, exit 1; a missing
#                     logo, a picture that is not one: warnings at the key,
#                     the PDF without them; a logo outside the root named by
#                     a document's theme is refused, the same theme from
#                     --theme draws it; a dark ground with the light theme's
#                     text colours: one warning per colour
#
# Run from the repository root: sh tests/decktheme/run.sh build/kumihan

SUITE=decktheme
. tests/lib.sh
LIMIT=60
REGEN=${2:-}
require_tools pdfinfo pdftotext pdfimages pdftoppm od awk cmp
export SOURCE_DATE_EPOCH=1744848000
LC_ALL=C
export LC_ALL

DECK=$D/deck.md
DARK=$D/brand/dark.yaml

# flat PDF FIRST [LAST]: the text of those pages without white space
flat() {
    pdf_text "$@" | tr -d ' \n\f' | sed 's/　//g'
}

# images PDF PAGE W H: how many images W x H (not masks) page PAGE draws
images() {
    pdfimages -list -f "$2" -l "$2" "$1" 2>/dev/null |
        awk -v w="$3" -v h="$4" '$3 == "image" && $4 == w && $5 == h { n++ } END { print n + 0 }'
}

# ppi PDF PAGE W: the smallest x-ppi of the W-wide images on the page
ppi() {
    pdfimages -list -f "$2" -l "$2" "$1" 2>/dev/null |
        awk -v w="$3" '$3 == "image" && $4 == w { if (m == "" || $13 < m) m = $13 } END { print m }'
}

# word_at PDF PAGE WORD: "x y" of the first word WORD below the sheet's head
# (y > 70 pt) on the page (pdftotext)
word_at() {
    pdftotext -q -f "$2" -l "$2" -bbox "$1" - 2>/dev/null |
        awk -v w="$3" 'index($0, ">" w "<") { v = $0; sub(/.*xMin="/, "", v); x = v + 0
                        v = $0; sub(/.*yMin="/, "", v); y = v + 0
                        if (y > 70) { print int(x), int(y); exit } }'
}

# band PDF PAGE TOP|FOOT: the text of the page's head (above 66 pt) or
# foot (the last 60 pt), without white space
band() {
    _h=$(pdfinfo -f "$2" -l "$2" "$1" 2>/dev/null | awk '/^Page.*size:/ { print int($6) }')
    if [ "$3" = TOP ]; then _y=0; _H=66; else _y=$((_h - 60)); _H=60; fi
    pdftotext -q -enc UTF-8 -f "$2" -l "$2" -x 0 -y "$_y" -W 2000 -H "$_H" "$1" - 2>/dev/null |
        tr -d ' \n\f' | sed 's/　//g'
}

# golden NAME FILE: FILE against $D/NAME.out (rewritten with --regen)
golden() {
    if [ "$REGEN" = --regen ]; then
        cp "$2" "$D/$1.out"
    elif ! cmp -s "$D/$1.out" "$2"; then
        fail "--dump pages differs from $D/$1.out (expected -, got +): $(diff -u "$D/$1.out" "$2" | sed -n '3,12p')"
    fi
}

TITLES="新型精密ポンプMP-7のご紹介 本日の内容 開発の背景 MP-7の特長 従来機との比較 導入事例：東和電子様 今後の予定"
FOOT=新型精密ポンプMP-7のご紹介2025年度販売店向け製品説明会

# --- the company theme, from the deck's front matter ----------------------

for mode in slides handout-3 handout-6 notes; do
    begin "render:$mode"
    case $mode in
    slides) args=--slides ;;
    handout-*) args="--handout ${mode#handout-}" ;;
    notes) args=--notes ;;
    esac
    # shellcheck disable=SC2086
    if render "$TOP/$mode.pdf" $args "$DECK"; then
        [ -s "$TOP/$mode.pdf.stderr" ] && fail "stderr: $(head -c 300 "$TOP/$mode.pdf.stderr")"
    fi
    end
done

begin images:slides
for p in 1 2 3 4 5 6 7; do
    [ "$(images "$TOP/slides.pdf" $p 1920 1080)" = 1 ] || fail "slide $p: no background picture"
    [ "$(images "$TOP/slides.pdf" $p 480 160)" = 1 ] || fail "slide $p: no logo"
done
end

for mode in handout-3 handout-6 notes; do
    begin "images:$mode"
    case $mode in
    handout-3) per=3 ;;
    handout-6) per=6 ;;
    notes) per=1 ;;
    esac
    sheets=$(pdf_pages "$TOP/$mode.pdf")
    want_sheets=$(((7 + per - 1) / per))
    [ "$sheets" = "$want_sheets" ] || fail "$sheets sheets, expected $want_sheets"
    left=7
    s=1
    while [ "$s" -le "$want_sheets" ]; do
        n=$per
        [ "$left" -lt "$per" ] && n=$left
        left=$((left - n))
        bg=$(images "$TOP/$mode.pdf" $s 1920 1080)
        logo=$(images "$TOP/$mode.pdf" $s 480 160)
        [ "$bg" = "$n" ] && [ "$logo" = "$n" ] ||
            fail "sheet $s: $bg backgrounds and $logo logos for $n slides"
        small=$(ppi "$TOP/$mode.pdf" $s 1920)
        [ -n "$small" ] && [ "$small" -gt 144 ] ||
            fail "sheet $s: the background at $small ppi, not smaller than on the slide (144)"
        s=$((s + 1))
    done
    end
done

begin text:slides
p=1
for title in $TITLES; do
    txt=$(flat "$TOP/slides.pdf" $p)
    case $txt in *"$title"*) ;; *) fail "slide $p lacks its title $title" ;; esac
    if [ $p = 1 ]; then
        case $txt in *"／7"*) fail "the title slide is numbered: $txt" ;; esac
        case $txt in *佐藤美咲*高橋健一*2025年4月17日*) ;; *) fail "title slide: $txt" ;; esac
    else
        case $txt in *"$FOOT"*) ;; *) fail "slide $p: no footer $FOOT: $txt" ;; esac
        case $txt in *"$p／7"*) ;; *) fail "slide $p: no page number $p／7: $txt" ;; esac
    fi
    p=$((p + 1))
done
txt=$(flat "$TOP/slides.pdf")
for want in 需要が3年で1.8倍に増加 工具不要で5分 MP-LINK ±0.5% 本体質量14kg11kg \
    夜間の保守要員を一人減らせました ──製造部課長 詳細は担当営業までお問い合わせください; do
    case $txt in *"$want"*) ;; *) fail "the slides lack '$want'" ;; esac
done
end

begin text:handout
for mode in handout-3 handout-6 notes; do
    n=$(pdf_pages "$TOP/$mode.pdf")
    s=1
    while [ "$s" -le "$n" ]; do
        head=$(band "$TOP/$mode.pdf" $s TOP)
        foot=$(band "$TOP/$mode.pdf" $s FOOT)
        [ "$head" = 新型精密ポンプMP-7のご紹介（配布資料）佐藤美咲、高橋健一2025年4月17日 ] ||
            fail "$mode sheet $s: the head reads '$head'"
        [ "$foot" = "—${s}—" ] || fail "$mode sheet $s: the foot reads '$foot', not —${s}—"
        s=$((s + 1))
    done
    txt=$(flat "$TOP/$mode.pdf")
    for title in $TITLES; do
        case $txt in *"$title"*) ;; *) fail "$mode lacks the slide $title" ;; esac
    done
done
for k in 1 2 3 4 5 6 7; do
    case $(flat "$TOP/handout-3.pdf") in *"$k/7"*) ;; *) fail "handout-3: no caption $k / 7" ;; esac
done
end

for mode in slides handout-3; do
    begin "dump:$mode"
    case $mode in slides) args=--slides ;; *) args="--handout 3" ;; esac
    # shellcheck disable=SC2086
    run_bin "$T/dump" "$T/err" --dump pages $args "$DECK"
    expect_status 0 && golden "$mode" "$T/dump"
    end
done

# --- the dark variant, from the command line ------------------------------

for mode in slides handout-3 notes; do
    begin "dark:$mode"
    case $mode in slides) args=--slides ;; handout-3) args="--handout 3" ;; notes) args=--notes ;; esac
    # shellcheck disable=SC2086
    if render "$TOP/dark-$mode.pdf" $args --theme "$DARK" "$DECK"; then
        [ -s "$TOP/dark-$mode.pdf.stderr" ] && fail "stderr: $(head -c 300 "$TOP/dark-$mode.pdf.stderr")"
        pdfimages -list "$TOP/dark-$mode.pdf" | grep -q ' 1920 ' && fail "a background picture"
        [ "$(images "$TOP/dark-$mode.pdf" 1 480 160)" -ge 1 ] || fail "no white logo on page 1"
        if [ $mode = slides ]; then
            for p in 1 2 3 4 5 6 7; do
                c=$(pdf_pixel "$TOP/dark-slides.pdf" $p 5 5)
                [ "$c" = 1a1a2e ] || fail "slide $p: the ground is #$c, not #1a1a2e"
            done
            case $(flat "$TOP/dark-slides.pdf" 1) in *"1／7"*) ;; *) fail "the title slide is not numbered" ;; esac
        else
            for p in 1 2; do
                c=$(pdf_pixel "$TOP/dark-$mode.pdf" $p 5 5)
                [ "$c" = ffffff ] || fail "sheet $p: the paper is #$c, not white"
                case $mode$p in *1) w=新型精密ポンプ ;; handout-32) w=MP-7 ;; *) w=本日の内容 ;; esac
                xy=$(word_at "$TOP/dark-$mode.pdf" $p $w)
                if [ -z "$xy" ]; then
                    fail "sheet $p: no slide title found"
                else
                    # shellcheck disable=SC2086
                    set -- $xy
                    c=$(pdf_pixel "$TOP/dark-$mode.pdf" $p $(($1 - 4)) $(($2 - 3)))
                    [ "$c" = 1a1a2e ] || fail "sheet $p: inside the slide #$c, not #1a1a2e"
                fi
            done
        fi
    fi
    end
done

begin dump:dark
run_bin "$T/dump" "$T/err" --dump pages --slides --theme "$DARK" "$DECK"
expect_status 0 && golden dark "$T/dump"
end

# --- fits and corners on a 4:3 deck ---------------------------------------

# art DUMP WHAT FIELD: a field (x y w h) of the image or logo on page 2's art line
art() {
    awk -v what="$2" -v f="$3" '/^  art / && ++n == 2 {
        for (i = 1; i <= NF; i++) if ($i == what) {
            for (j = i + 1; j <= i + 4; j++) { split($j, kv, "="); if (kv[1] == f) { print kv[2]; exit } } } }' "$1"
}

for fit in cover contain stretch; do
    begin "fit:$fit"
    sed 's/^aspect: 16:9/aspect: 4:3/; /^theme:/d' "$DECK" >"$T/d.md"
    printf 'extends: %s/brand/company.yaml\nslides:\n  slide:\n    background-fit: %s\n' \
        "$(pwd)/$D" "$fit" >"$T/t.yaml"
    run_bin "$T/dump" "$T/err" --dump pages --slides --theme "$T/t.yaml" "$T/d.md"
    if expect_status 0; then
        w=$(art "$T/dump" image w)
        x=$(art "$T/dump" image x)
        h=$(art "$T/dump" image h)
        case $fit in
        cover) [ "$w" = 960.00 ] && [ "$h" = 540.00 ] && [ "$x" = -120.00 ] ||
            fail "cover: $w x $h at x=$x, expected 960 x 540 at -120" ;;
        contain) [ "$w" = 720.00 ] && [ "$h" = 405.00 ] && [ "$x" = 0.00 ] ||
            fail "contain: $w x $h at x=$x, expected 720 x 405 at 0" ;;
        stretch) [ "$w" = 720.00 ] && [ "$h" = 540.00 ] ||
            fail "stretch: $w x $h, expected 720 x 540" ;;
        esac
    fi
    end
done

begin fit:logo-bottom-left
sed '/^theme:/d' "$DECK" >"$T/d.md"
printf 'extends: %s/brand/company.yaml\nslides:\n  slide:\n    logo-position: bottom-left\n    logo-height: 30pt\n' \
    "$(pwd)/$D" >"$T/t.yaml"
run_bin "$T/dump" "$T/err" --dump pages --slides --theme "$T/t.yaml" "$T/d.md"
if expect_status 0; then
    grep -q '^  art .* logo x=48.00 y=498.00 w=90.00 h=30.00$' "$T/dump" ||
        fail "the logo is not at the bottom left: $(grep -m 1 '^  art' "$T/dump")"
    grep -q '^page 2 .* foot="[^"]*" foot.x=102.00 ' "$T/dump" ||
        fail "the foot does not start beside the logo: $(grep -m 1 '^page 2' "$T/dump")"
fi
if render "$T/d.pdf" --slides --theme "$T/t.yaml" "$T/d.md"; then
    xy=$(word_at "$T/d.pdf" 2 新型精密ポンプ)
    case $xy in 15[0-9]\ *) ;; *) fail "the footer starts at $xy, not right of the logo (150 pt)" ;; esac
fi
end

# --- defaults: today's slides ---------------------------------------------

begin defaults
sed '/^theme:/d' "$DECK" >"$T/d.md"
cat >"$T/t.yaml" <<'EOF'
slides:
  slide:
    background: "#ffffff"
    background-image: ""
    background-fit: cover
    logo: ""
    logo-position: top-right
    logo-height: 24pt
    footer: "{event}"
    page-number: "{page} / {pages}"
    paginate-title: false
  handout:
    header: "{title}"
    header-right: ""
    footer: "{page}"
EOF
for args in --slides "--handout 3" --notes; do
    # shellcheck disable=SC2086
    render "$T/a.pdf" $args "$T/d.md" && render "$T/b.pdf" $args --theme "$T/t.yaml" "$T/d.md" &&
        { cmp -s "$T/a.pdf" "$T/b.pdf" || fail "$args: the default keys change the PDF"; }
done
end

# --- the report's appendix: the report's theme ----------------------------

begin appendix
if render "$T/r.pdf" "$D/report.md"; then
    expect_msg "deck.md:12:8: warning: theme 'brand/company.yaml' is not used in the appendix"
    pdfimages -list "$T/r.pdf" | grep -q ' 1920 ' && fail "the deck's own background picture"
    n=$(pdf_pages "$T/r.pdf")
    logos=0
    p=1
    while [ $p -le "$n" ]; do
        logos=$((logos + $(images "$T/r.pdf" $p 480 160)))
        p=$((p + 1))
    done
    [ $logos = 7 ] || fail "$logos logos in the appendix, expected 7"
    case $(flat "$T/r.pdf") in *スライド7/7*) ;; *) fail "no caption スライド 7/7" ;; esac
fi
end

# --- print and read back ---------------------------------------------------

begin roundtrip
run_bin "$D/brand/.printed.yaml" "$T/err" --print-theme "$DARK"
if expect_status 0; then
    render "$T/a.pdf" --slides --theme "$DARK" "$DECK" &&
        render "$T/b.pdf" --slides --theme "$D/brand/.printed.yaml" "$DECK" &&
        { cmp -s "$T/a.pdf" "$T/b.pdf" || fail "the printed theme gives other bytes"; }
    # (by its full path: the printed theme finds it from anywhere)
    grep -q '^    logo: "/.*/brand/logo-white.png"$' "$D/brand/.printed.yaml" ||
        fail "no logo in the print, by its full path"
fi
rm -f "$D/brand/.printed.yaml"
end

# --- bad themes -------------------------------------------------------------

begin bad:template
sed '/^theme:/d' "$DECK" >"$T/d.md"
printf 'slides:\n  slide:\n    footer: "{title} {evnt}"\n  handout:\n    footer: "{page"\n' >"$T/t.yaml"
run_bin "$T/o" "$T/err" --slides --theme "$T/t.yaml" "$T/d.md" -o "$T/o.pdf"
expect_status 1
expect_msg "t.yaml:3:13: error: 'slide.footer' must be text whose fields are {title}"
expect_msg "t.yaml:5:13: error: 'handout.footer' must be"
[ -e "$T/o.pdf" ] && fail "a PDF was written"
end

begin bad:missing
sed '/^theme:/d' "$DECK" >"$T/d.md"
printf 'slides:\n  slide:\n    logo: nologo.png\n    background-image: t.yaml\n' >"$T/t.yaml"
run_bin "$T/o" "$T/err" --slides --theme "$T/t.yaml" "$T/d.md" -o "$T/o.pdf"
expect_status 0
expect_msg "t.yaml:3:11: warning: slide.logo 'nologo.png' is not drawn: No such file or directory"
expect_msg "t.yaml:4:23: warning: slide.background-image 't.yaml' is not drawn: not an image"
expect_pdf "$T/o.pdf" && [ -n "$(pdfimages -list "$T/o.pdf" | sed -n 3p)" ] && fail "images drawn"
end

begin bad:outside-root
mkdir -p "$T/doc/th" "$T/elsewhere"
cp "$D/brand/logo.png" "$T/elsewhere/"
printf 'slides:\n  slide:\n    logo: ../../elsewhere/logo.png\n' >"$T/doc/th/t.yaml"
sed 's|^theme:.*|theme: th/t.yaml|' "$DECK" >"$T/doc/d.md"
run_bin "$T/o" "$T/err" --slides "$T/doc/d.md" -o "$T/o.pdf"
expect_status 0
expect_msg "th/t.yaml:3:11: warning: slide.logo '../../elsewhere/logo.png' is not drawn: outside the root folder"
expect_pdf "$T/o.pdf" && [ -n "$(pdfimages -list "$T/o.pdf" | sed -n 3p)" ] && fail "the logo is drawn"
render "$T/c.pdf" --slides --theme "$T/doc/th/t.yaml" "$T/doc/d.md" &&
    { [ "$(images "$T/c.pdf" 2 480 160)" = 1 ] || fail "--theme: the logo is not drawn"; }
end

begin bad:contrast
sed '/^theme:/d' "$DECK" >"$T/d.md"
printf 'slides:\n  slide:\n    background: "#1a1a2e"\n  body:\n    color: "#f0f0f0"\n' >"$T/t.yaml"
if render "$T/o.pdf" --slides --theme "$T/t.yaml" "$T/d.md"; then
    expect_msg "the slides' slide-title.color #1a4480 on their background #1a1a2e is hard to read"
    expect_no_msg "body.color"
    [ "$(grep -c 'hard to read' "$ERR")" = 4 ] || fail "not one warning per dark colour: $(cat "$ERR")"
fi
end

summary
