#!/bin/sh
# tests/number/run.sh BIN [--regen]: numbering and cross-references (issue
# 21, src/number.c) through the real program, on report.md, a short
# Japanese technical report (SVG figures whose labels stay text, tables with
# pandoc's captions, ids on headings, figures and tables, every reference
# form, lof and lot), and on small documents written here.
#
#   report      exits 0 without a warning; page i lists 目次, 図目次, 表目次 in
#               that order, each figure and table with its number, caption
#               and page label; the references print 図1, 表1, the titles,
#               the pages and the note's *1; no ??, {{ or {# printed
#   places      a table's caption above its header row, a figure's under
#               its picture (the SVG's own words), centred on the measure;
#               the figure with {-} has its caption and no number
#   links       references, links to #fig-… and #tbl-… and the lists'
#               entries go to the page of their target (pdftohtml -xml)
#   dump        --dump pages of report.md is report.out (review a change
#               like code; --regen rewrites it)
#   same        twice the same bytes
#   unknown     an unknown id in {{ref:}}, {{title:}}, {{page:}} and a link:
#               one warning each at its line and column, ?? printed for
#               the references, exit 0; --strict: exit 1, no PDF
#   ids         an id given twice (tables, headings): a warning at the
#               second, references go to the first; lof: true with no
#               figure: a warning at the key, no 図目次
#   forms       the three places of a table caption (the line under the
#               table, a paragraph after it, `Table:` before it) and one
#               that is not a caption (a paragraph of a colon and text away
#               from any table)
#   long        a caption of two lines: balanced, broken after 、
#   hand        captions numbered by hand as documents did before (「図1　題」)
#               print the same bytes as the same document numbered by
#               kumihan; a hand number that is not the count: a warning
#   deck        a deck (--slides) numbers nothing: its caption as written,
#               a reference gives the caption
#   appendix    a report's appendix deck: the report's figures numbered,
#               the deck's not
#
# Heading numbers and numbers per chapter (図2.3) are chosen by the theme,
# which a document cannot choose yet (both built-in themes number no
# heading): tests/unit/test_number.c tests them against number.c.
# Run from the repository root: sh tests/number/run.sh build/kumihan

SUITE=number
. tests/lib.sh
LIMIT=60
REGEN=${2:-}
require_tools pdftotext pdftohtml pdfinfo
export SOURCE_DATE_EPOCH=1710460800

# flat PDF: the text without spaces and line ends
flat() {
    pdf_text "$1" | tr -d ' \n\f'
}

# word_box PDF PAGE WORD: "xMin yMin xMax yMax" of the first word that is WORD
word_box() {
    pdftotext -q -enc UTF-8 -bbox -f "$2" -l "$2" "$1" - 2>/dev/null |
        awk -v w="$3" -F'"' '/<word / { t = $0; sub(/.*">/, "", t); sub(/<\/word>.*/, "", t)
                              if (t == w) { print $2, $4, $6, $8; exit } }'
}

# --- report.md ---

begin report
if render "$T/r.pdf" "$D/report.md"; then
    [ -s "$T/r.pdf.stderr" ] && fail "warnings: $(head -c 400 "$T/r.pdf.stderr")"
    [ "$(pdf_pages "$T/r.pdf")" = 3 ] || fail "$(pdf_pages "$T/r.pdf") pages, expected 3"
    first=$(pdf_text "$T/r.pdf" 1 | tr -d ' \n')
    case $first in
    *目次*図目次*表目次*) ;;
    *) fail "page i does not list 目次, 図目次 and 表目次 in order: $first" ;;
    esac
    # the entries: number, caption, page label (the leaders are drawn, not text)
    pdftotext -q -enc UTF-8 -layout -f 1 -l 1 "$T/r.pdf" - >"$T/p1"
    for entry in '図1 +試作機のキャッシュ階層 +1' '図2 +各階層のアクセス遅延（ナノ秒） +2' \
                 '表1 +測定条件 +1' '表2 +測定結果のまとめ +2'; do
        grep -Eq "^ *$entry\$" "$T/p1" || fail "page i has no entry '$entry': $(cat "$T/p1")"
    done
    grep -q '参考写真' "$T/p1" && fail "the figure with {-} is in the list of figures"
    txt=$(flat "$T/r.pdf")
    for want in 構成を図1に、測定条件を表1に示す。 評価の結果は「結果」（1ページ）で述べる \
                測定には表1の条件を用いた。「試作機のキャッシュ階層」（図1）の各段 \
                各階層の遅延を図2に、まとめを表2に示す。図2は2ページにある。注*1も参照のこと。 \
                詳しくは遅延の図と結果の表を見よ。 参考写真; do
        case $txt in *"$want"*) ;; *) fail "the text lacks '$want'" ;; esac
    done
    case $txt in *'??'*|*'{{'*|*'{#'*|*'Table:'*|*'図3'*) fail "printed: ?? {{ {# Table: or 図3: $txt" ;; esac
fi
end

begin places
if render "$T/r.pdf" "$D/report.md"; then
    # page 2 (folio 1): 表1 above its header cell 項目; L2キャッシュ (the SVG) above 図1
    cap=$(word_box "$T/r.pdf" 2 表1)
    head=$(word_box "$T/r.pdf" 2 項目)
    pic=$(word_box "$T/r.pdf" 2 L2キャッシュ)
    fig=$(word_box "$T/r.pdf" 2 図1)
    figtext=$(word_box "$T/r.pdf" 2 試作機のキャッシュ階層)
    [ -n "$cap" ] && [ -n "$head" ] && [ -n "$pic" ] && [ -n "$fig" ] && [ -n "$figtext" ] ||
        fail "words not found: 表1 '$cap' 項目 '$head' L2キャッシュ '$pic' 図1 '$fig' caption '$figtext'"
    echo "$cap $head" | awk '{ exit !($2 < $6) }' || fail "表1 ($cap) is not above 項目 ($head)"
    echo "$pic $fig" | awk '{ exit !($2 < $6) }' || fail "図1 ($fig) is not under its figure ($pic)"
    # the caption line 「図1　試作機のキャッシュ階層」 centred on the measure (A4: the page's middle)
    echo "$fig $figtext" | awk '{ m = ($1 + $7) / 2; d = m - 297.64; exit !(d < 1 && d > -1) }' ||
        fail "the caption of 図1 ($fig .. $figtext) is not centred on the page"
    # page 3: 参考写真, the {-} figure's caption, with no number before it
    pdftotext -q -enc UTF-8 -layout -f 3 -l 3 "$T/r.pdf" - | grep -Eq '^ +参考写真$' ||
        fail "the {-} figure's caption is not 参考写真 alone"
fi
end

begin links
if render "$T/r.pdf" "$D/report.md"; then
    pdftohtml -q -xml -i -stdout "$T/r.pdf" 2>/dev/null >"$T/x.xml"
    # the targets' pages: 図1, 表1 on page 2, 図2, 表2 on page 3
    for want in '#2">図 1 試作機のキャッシュ階層<' '#3">図 2 各階層のアクセス遅延（ナノ秒）<' \
                '#2">表 1 測定条件<' '#3">表 2 測定結果のまとめ<' '#3">遅延の図<' '#3">結果の表<' \
                '#2">図 1<'; do
        grep -qF "$want" "$T/x.xml" || fail "no link $want in $(grep -o '<a [^>]*>[^<]*' "$T/x.xml" | head -40)"
    done
fi
end

begin dump
run_bin "$T/out" "$T/stderr" --dump pages "$D/report.md"
if expect_status 0; then
    if [ "$REGEN" = --regen ]; then
        cp "$T/out" "$D/report.out"
    elif ! cmp -s "$T/out" "$D/report.out"; then
        fail "--dump pages differs from $D/report.out: $(diff -u "$D/report.out" "$T/out" | sed -n '3,30p')"
    fi
fi
end

begin same
if render "$T/a.pdf" "$D/report.md" && render "$T/b.pdf" "$D/report.md"; then
    cmp -s "$T/a.pdf" "$T/b.pdf" || fail "two runs differ"
fi
end

# --- unknown ids, ids twice, an empty list ---

begin unknown
cat >"$T/u.md" <<'EOF'
# 見出し

図は{{ref:#fig-none}}、表は{{title:#tbl-none}}、頁は{{page:#sec-none}}。
[どこにもない](#nowhere)へのリンク。
EOF
run_bin "$T/out" "$T/stderr" -o "$T/u.pdf" "$T/u.md"
if expect_status 0; then
    # (columns in characters: 図は is 2)
    expect_msg "$T/u.md:3:3: warning: reference to '#fig-none': no heading, figure, table, note or anchor has that id; set as ??"
    expect_msg "$T/u.md:3:23: warning: reference to '#tbl-none': no heading, figure, table, note or anchor has that id; set as ??"
    expect_msg "$T/u.md:3:45: warning: page reference to '#sec-none': no heading, figure, table, note or anchor has that id"
    expect_msg "$T/u.md:4:1: warning: link to '#nowhere': no heading, figure, table, note or anchor has that id; set as plain text"
    n=$(grep -c warning "$T/stderr")
    [ "$n" = 4 ] || fail "$n warnings, expected 4: $(cat "$T/stderr")"
    case $(flat "$T/u.pdf") in
    *図は??、表は??、頁は?。どこにもないへのリンク。*) ;;
    *) fail "the unknown references are not printed ?? (the page ?): $(flat "$T/u.pdf")" ;;
    esac
fi
run_bin "$T/out" "$T/stderr" --strict -o "$T/s.pdf" "$T/u.md"
expect_status 1
expect_msg "$T/u.md:3:3: error: reference to '#fig-none'"
[ -e "$T/s.pdf" ] && fail "--strict wrote a PDF"
end

begin ids
cat >"$T/i.md" <<'EOF'
---
title: 同じ id
lof: true
lot: true
---

# 一 {#sec-a}

| a |
|---|
| 1 |
: 最初の表 {#tbl-x}

| b |
|---|
| 2 |
: 二つめの表 {#tbl-x}

# 二 {#sec-a}

{{ref:#tbl-x}}は最初の表。
EOF
run_bin "$T/out" "$T/stderr" -o "$T/i.pdf" "$T/i.md"
if expect_status 0; then
    expect_msg "$T/i.md:17:1: warning: id '#tbl-x' is given twice (first at line 12); references go to the first"
    expect_msg "$T/i.md:19:1: warning: id '#sec-a' is given twice: this heading's is '#sec-a-1'"
    expect_msg "$T/i.md:3:6: warning: 'lof: true', but no figure is numbered: no list of figures is set"
    n=$(grep -c warning "$T/stderr")
    [ "$n" = 3 ] || fail "$n warnings, expected 3: $(cat "$T/stderr")"
    txt=$(flat "$T/i.pdf")
    case $txt in *図目次*) fail "a list of figures without figures" ;; esac
    case $txt in *表目次表1最初の表1表2二つめの表1*表1は最初の表。*) ;;
    *) fail "the list of tables or the reference: $txt" ;; esac
fi
end

# --- the places of a table caption ---

begin forms
cat >"$T/f.md" <<'EOF'
| 左 | 右 |
|----|----|
| あ | い |
: 直後の行の題

| 上 |
|----|
| う |

: 空行のあとの題

Table: 前に置いた題

| 前 |
|----|
| え |

| 無 |
|----|
| お |

本文の段落。

: どの表にも付かない段落
EOF
if render "$T/f.pdf" "$T/f.md"; then
    [ -s "$T/f.pdf.stderr" ] && fail "warnings: $(cat "$T/f.pdf.stderr")"
    txt=$(flat "$T/f.pdf")
    case $txt in
    *表1直後の行の題左右あい表2空行のあとの題上う表3前に置いた題前え無お本文の段落。:どの表にも付かない段落*) ;;
    *) fail "captions not above their tables, in order: $txt" ;;
    esac
fi
end

# a long caption: balanced lines, the break after 、 (not 「合わせ/て」)
begin long
cp "$D/cache.svg" "$T/"
printf '![構成](cache.svg "試作機の二次キャッシュ階層と主記憶の接続を示す構成図で、各段の間の帯域と遅延の測定点を合わせて示したもの")\n' >"$T/l.md"
run_bin "$T/l.out" "$T/stderr" --dump pages "$T/l.md"
if expect_status 0; then
    grep -o '"図1[^"]*"\|"各段[^"]*"' "$T/l.out" | tr '\n' ' ' |
        grep -qx '"図1　試作機の二次キャッシュ階層と主記憶の接続を示す構成図で、" "各段の間の帯域と遅延の測定点を合わせて示したもの" ' ||
        fail "the caption's lines: $(grep -A3 image "$T/l.out")"
fi
end

# --- numbers written by hand ---

begin hand
mkdir "$T/a" "$T/b"
cp "$D/cache.svg" "$T/a/"
cp "$D/cache.svg" "$T/b/"
printf '# 図\n\n![構成](cache.svg "図1　構成")\n\n| a |\n|---|\n| 1 |\n\n: 表1　費用\n' >"$T/a/x.md"
printf '# 図\n\n![構成](cache.svg "構成")\n\n| a |\n|---|\n| 1 |\n\n: 費用\n' >"$T/b/x.md"
if render "$T/a.pdf" "$T/a/x.md" && render "$T/b.pdf" "$T/b/x.md"; then
    [ -s "$T/a.pdf.stderr" ] && fail "warnings: $(cat "$T/a.pdf.stderr")"
    cmp -s "$T/a.pdf" "$T/b.pdf" || fail "numbers by hand and by kumihan print different PDFs"
fi
printf '![a](cache.svg "図1　一")\n\n![b](cache.svg "二")\n\n![c](cache.svg "図2　三")\n' >"$T/a/m.md"
run_bin "$T/m.out" "$T/stderr" --dump pages "$T/a/m.md"
if expect_status 0; then
    expect_msg "$T/a/m.md:5:1: warning: caption numbered by hand as 図2 where kumihan counts 図3"
    grep -o '"図[^"]*"' "$T/m.out" | tr '\n' ' ' | grep -qx '"図1　一" "図2　二" "図2　三" ' ||
        fail "captions: $(grep -o '"図[^"]*"' "$T/m.out")"
fi
end

# --- decks ---

begin deck
cp "$D/cache.svg" "$T/"
cat >"$T/d.md" <<'EOF'
---
title: 発表
---

# 発表

---

# 構成

![構成図](cache.svg "キャッシュの構成"){#fig-a width=50%}

{{ref:#fig-a}}を見よ。
EOF
if render "$T/d.pdf" --slides "$T/d.md"; then
    [ -s "$T/d.pdf.stderr" ] && fail "warnings: $(cat "$T/d.pdf.stderr")"
    txt=$(flat "$T/d.pdf")
    case $txt in *図1*) fail "a deck numbers its figures: $txt" ;; esac
    case $txt in *キャッシュの構成*キャッシュの構成を見よ。*) ;;
    *) fail "the caption or the reference: $txt" ;; esac
fi
end

begin appendix
cp "$D/cache.svg" "$T/"
cat >"$T/deck.md" <<'EOF'
# 付録の発表

---

# 図のある頁

![付録の図](cache.svg "付録の構成")
EOF
cat >"$T/r.md" <<'EOF'
---
title: 付録つき
appendix: deck.md
lof: true
---

# 本文

![本文の図](cache.svg "本文の構成")

# まとめ

おわり。
EOF
if render "$T/r.pdf" "$T/r.md"; then
    [ -s "$T/r.pdf.stderr" ] && fail "warnings: $(cat "$T/r.pdf.stderr")"
    txt=$(flat "$T/r.pdf")
    case $txt in *図1本文の構成*付録の構成*) ;; *) fail "captions: $txt" ;; esac
    case $txt in *図2*) fail "the appendix deck's figure is numbered: $txt" ;; esac
    case $(pdf_text "$T/r.pdf" 1 | tr -d ' \n') in
    *図目次図1本文の構成*) ;;
    *) fail "the list of figures: $(pdf_text "$T/r.pdf" 1)" ;;
    esac
fi
end

summary
