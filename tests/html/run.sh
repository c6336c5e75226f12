#!/bin/sh
# tests/html/run.sh BIN: the HTML that Markdown authors write (issue 19,
# src/html.c), in a report, a README-like document and a deck.
#
#   tree       --dump tree of article.md: each tag made its node (sub, sup,
#              small, underline, strike, mark, kbd, ruby with its reading,
#              div align=center around a Markdown heading and paragraph,
#              details as a div holding a bold summary div, p align=right,
#              an HTML list with its items, an HTML table as a table, an
#              anchor moved into the heading
#              after it); no tag mark left (no "html" node)
#   text       pdftotext of article.md: the text of every element, in order
#              (H2O, m2, Ctrl+S, the ruby's bases, the summary, the
#              right-aligned lines, the table's cells), no tag and no CSS
#              printed
#   warnings   one warning per unknown tag name with its count and first
#              position (blink twice), one for <style>, none
#              for the tags html.c knows; the link to #install resolves (no
#              "link to '#install'")
#   align      pdftotext -bbox: the paragraph in <div align=center> centred on
#              the measure, the right-aligned signature ending at its right
#              edge, body text starting at its left edge
#   readme     readme.md: <p align=center><img> makes a centred figure,
#              <h1 align=center> a centred heading, <a href="#使い方"> a link
#              to the heading, <script> dropped with one warning at 25:1,
#              <figure> with its <img> and <figcaption> a figure and a line
#   zenn       zenn.md (a Zenn-style article: logo, emoji, :::message,
#              :::details, <kbd>, <mark>, <details>, a table with emoji and
#              ruby) at A4, B5 and A5: no warning, its text, no tag or mark
#              printed, the logo and the emoji as images
#   deck       --slides and --notes of a deck with <br>, <div style=
#              "text-align: center">, <sub>, <mark>: the text is on the
#              slides, the comment stays a speaker note
#
# Run from the repository root: sh tests/html/run.sh build/kumihan

SUITE=html
. tests/lib.sh
LIMIT=60
require_tools pdftotext

begin tree
run_bin "$T/tree" "$T/stderr" --dump tree "$D/article.md"
if expect_status 0; then
    for want in 'sub @13:20' 'sup @13:46' 'small @' 'underline @' 'strike @' 'mark @' \
        'kbd @14:10' 'ruby group "かんじ"' 'ruby group "きょう"' 'div align=center @5:1' \
        'div summary @19:1' 'div align=right @25:1' 'anchor name="install" @27:1' \
        'link href="#anchor-1"' 'list bullet depth=0 tight @40:1' 'text "項目一"' \
        'table cols=2 align=ll @36:1' 'text "セル2"'; do
        grep -qF -- "$want" "$T/tree" || fail "the tree lacks '$want'"
    done
    # the heading inside the centred div, the anchor inside the heading
    awk '/^  div align=center @5:1/ { d = 1; next } d && /^    heading level=1/ { ok = 1 }
         /^  [^ ]/ { d = 0 } END { exit !ok }' "$T/tree" ||
        fail "the Markdown heading is not inside the centred div"
    awk '/^  heading level=2 slug="インストール"/ { h = 1; next } h && /^    anchor/ { ok = 1 }
         /^  [^ ]/ { h = 0 } END { exit !ok }' "$T/tree" ||
        fail "the lone anchor did not move into the heading after it"
    ! grep -q '^ *html ' "$T/tree" || fail "a tag mark is left in the tree: $(grep -m1 '^ *html ' "$T/tree")"
fi
end

begin text
if render "$T/a.pdf" "$D/article.md"; then
    pdftotext "$T/a.pdf" "$T/a.txt"
    flat=$(tr -d ' \n' <"$T/a.txt")
    for want in 水の化学式はH2O、面積はm2です 小さな注記と下線と取り消しと強調表示 \
        保存はCtrl+Sで行います 改行のあとの文。 漢字と東京にルビ。 クリックで展開 \
        中身のMarkdownです 右寄せの署名 山田太郎 インストールへと赤い文字と点滅と二回目 \
        セル1セル2 センタリング 項目一 項目二; do
        case $flat in *"$want"*) ;; *) fail "the text lacks '$want'" ;; esac
    done
    for bad in '<' '>' 'color:' 'body{'; do
        case $flat in *"$bad"*) fail "the text shows '$bad': a tag or CSS printed" ;; esac
    done
fi
end

begin warnings
run_bin "$T/out" "$T/stderr" "$D/article.md" -o "$T/w.pdf"
if expect_status 0 && expect_sane; then
    expect_msg "article.md:32:1: warning: HTML <style> is not rendered: dropped with its content"
    expect_msg "article.md:30:57: warning: HTML <blink> is not supported: its text is kept (2 times; the first here)"
    expect_msg "article.md:30:21: warning: HTML style attributes are not applied (only text-align)"
    n=$(grep -c 'warning' "$T/stderr")
    [ "$n" = 3 ] || fail "$n warnings, expected 3 (one per unknown tag name, one for the styles): $(cat "$T/stderr")"
    expect_no_msg "link to '#install'"
fi
end

# x_of PDF WORD: "xMin xMax" of the first word WORD on the page it is on
x_of() {
    pdftotext -bbox "$1" - 2>/dev/null | awk -v w="$2" '
        /<page / { for (i = 1; i <= NF; i++) if ($i ~ /^width=/) { gsub(/[^0-9.]/, "", $i); pw = $i } }
        index($0, ">" w "<") { for (i = 1; i <= NF; i++) {
            if ($i ~ /^xMin=/) { v = $i; gsub(/[^0-9.]/, "", v); x0 = v }
            if ($i ~ /^xMax=/) { v = $i; gsub(/[^0-9.]/, "", v); x1 = v } }
            print x0, x1, pw; exit }'
}

begin align
if render "$T/a.pdf" "$D/article.md"; then
    # the measure: body text starts at its left edge (the first line of a
    # paragraph after a line break starts there too)
    set -- $(x_of "$T/a.pdf" 改行のあとの文。)
    left=${1:-0}
    set -- $(x_of "$T/a.pdf" ロゴの下の説明文です。)
    if [ $# = 3 ]; then
        awk -v a="$1" -v b="$2" -v l="$left" -v pw="$3" \
            'BEGIN { c = (a + b) / 2; m = pw / 2; exit !(c > m - 3 && c < m + 3 && a > l + 20) }' ||
            fail "the centred paragraph spans $1-$2 on a page $3 wide"
    else
        fail "no box for the centred paragraph"
    fi
    set -- $(x_of "$T/a.pdf" 右寄せの署名)
    r1=${2:-0}
    set -- $(x_of "$T/a.pdf" 山田太郎)
    awk -v a="$r1" -v b="${2:-0}" -v l="$left" -v pw="${3:-0}" \
        'BEGIN { exit !(a - b < 1 && b - a < 1 && b > pw - l - 3 && b < pw - l + 3) }' ||
        fail "the right-aligned lines end at $r1 and ${2:-?}, not at the measure's right edge"
fi
end

begin readme
run_bin "$T/tree" "$T/stderr" --dump tree "$D/readme.md"
if expect_status 0; then
    for want in 'div align=center @6:1' 'figure href="logo.png"' 'heading level=1 slug="kumihan"' \
        'link href="https://example.com/"' 'link href="#h2"' 'div summary @21:1' 'code "--help"' \
        'figure href="logo.png" @32:1' 'text "図 1　ロゴ"'; do
        grep -qF -- "$want" "$T/tree" || fail "the tree lacks '$want'"
    done
    awk '/^  div align=center/ { d = 1; next } d && /^    heading level=1/ { ok = 1 }
         /^  [^ ]/ { d = 0 } END { exit !ok }' "$T/tree" || fail "<h1 align=center> is not centred"
fi
if render "$T/r.pdf" "$D/readme.md"; then
    expect_msg "readme.md:25:1: warning: HTML <script> is not rendered: dropped with its content"
    n=$(grep -c 'warning' "$T/r.pdf.stderr")
    [ "$n" = 1 ] || fail "$n warnings, expected 1: $(cat "$T/r.pdf.stderr")"
    flat=$(pdftotext "$T/r.pdf" - | tr -d ' \n')
    case $flat in *alert*|*コメント*) fail "the script or the comment is printed" ;; esac
    case $flat in *日本語の組版エンジン公式サイト・使い方*) ;; *) fail "the centred lines are not there: $flat" ;; esac
fi
end

for paper in A4 B5 A5; do
    begin "zenn-$paper"
    # a Zenn-style article: a centred logo, emoji, :::message, :::details,
    # <kbd>, <mark>, <details>, a table with emoji and ruby, an <a href>
    if render "$T/z.pdf" --paper "$paper" "$D/zenn.md"; then
        [ ! -s "$T/z.pdf.stderr" ] || fail "warnings: $(head -c 300 "$T/z.pdf.stderr")"
        flat=$(pdftotext "$T/z.pdf" - | tr -d ' \n')
        for want in Ctrl+Alt+T この記事は2026年12月時点の情報です うまくいかないとき \
            ベンチマークの詳細 H2O 名前はまだ無い 質問はIssuesへどうぞ; do
            case $flat in *"$want"*) ;; *) fail "$paper: the text lacks '$want'" ;; esac
        done
        case $flat in *'<'*|*:::*|*《*) fail "$paper: a tag, a fence or a ruby mark is printed" ;; esac
        imgs=$(pdfimages -list "$T/z.pdf" 2>/dev/null | awk 'NR > 2' | wc -l)
        [ "$imgs" -ge 10 ] || fail "$paper: $imgs images (the logo and the emoji)"
    fi
    end
done

begin deck
cat >"$T/deck.md" <<'EOD'
---
title: デッキ
---

# 表紙

発表者<br>所属

---

## 二枚目

<div style="text-align: center">

中央の**テキスト**

</div>

H<sub>2</sub>O と <mark>重要</mark>

<!-- 話すこと -->
EOD
if render "$T/s.pdf" --slides "$T/deck.md"; then
    flat=$(pdftotext "$T/s.pdf" - | tr -d ' \n')
    for want in 表紙発表者所属 中央のテキスト H2Oと重要; do
        case $flat in *"$want"*) ;; *) fail "the slides lack '$want': $flat" ;; esac
    done
    case $flat in *話すこと*|*'<'*) fail "a note or a tag is on the slides" ;; esac
    [ ! -s "$T/s.pdf.stderr" ] || fail "warnings: $(cat "$T/s.pdf.stderr")"
fi
if render "$T/n.pdf" --notes "$T/deck.md"; then
    pdftotext "$T/n.pdf" - | grep -q 話すこと || fail "the comment is not a speaker note"
fi
end

summary
