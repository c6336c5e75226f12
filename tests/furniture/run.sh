#!/bin/sh
# shellcheck disable=SC2086
# tests/furniture/run.sh BIN [--regen]: running heads and folios from a
# theme's templates, the logo, the confidentiality mark, the watermark and
# the title page (src/furniture.c, src/template.c, title-block.* in
# src/report.c and src/block.c; issue 21). Inputs: report.md (a company's
# design document: docno, classification, revision, distribution and a key
# of its own, `project`; four chapters; an appendix deck.md) under
# company.yaml (a title page with the particulars, the logo logo.png,
# 社外秘 from {classification}, DRAFT, other heads on odd and even pages,
# "{page} / {pages}" at the foot and on handouts, the appendix's own heads).
#
#   render     A4, B5, A5: exit 0 and not one warning (project is used by a
#              template: no "unknown front matter key")
#   golden     --dump pages at A4 and A5 equal report.out and report-a5.out
#              (--regen writes them: review the diff)
#   title      page 1 is the title page: its lines in title-block.fields'
#              order, no running head, no folio, footer.first's docno; the
#              contents on page 2, the first chapter on page 3
#   heads      every page: 社外秘 in its head; odd body pages the title and
#              the section, even ones the chapter in force (the h1 placed
#              first on the page, else the last before: from the dump's
#              positions and the source) and the docno; the foot "docno
#              第2版", "label / total" with total the body's last label, the
#              project (odd) or the author (even); appendix pages 付録, the
#              appendix heading and the bare label
#   logo       pdfimages: the logo on every page, one image object for all
#   watermark  not in the text (pdftotext); on every page a light fill drawn
#              before any text (mutool trace): behind the text, as paths
#   handout    --handout 3: the sheets' head and folio from the slide
#              theme's handout.* templates ({title} the deck's, "1 / 1"), in
#              the report theme's bands with its logo
#   fields     a template naming no field and no front matter key warns
#              once at its key's line:col; a key of the front matter no
#              template names warns as unknown; wrong kinds are errors at
#              their place (exit 1): logo-slot, mark.position, fields
#   roundtrip  --print-theme company.yaml read back: the same PDF bytes
#   default    header.* and footer.* set to the built-in templates by hand:
#              the same bytes as no theme (the built-in heads' place kept)
#
# Run from the repository root: sh tests/furniture/run.sh build/kumihan

SUITE=furniture
. tests/lib.sh
LIMIT=60
require_tools pdftotext pdfimages mutool cmp
export SOURCE_DATE_EPOCH=1700000000
regen=${2:-}

# text of page N of PDF without blanks: a line per text line
page_text() { pdf_text "$1" "$2" | tr -d ' '; }

begin render
for paper in A4 B5 A5; do
    if render "$T/r.pdf" --paper "$paper" "$D/report.md"; then
        [ -s "$T/r.pdf.stderr" ] && fail "$paper: warnings: $(head -c 300 "$T/r.pdf.stderr")"
    fi
done
end

begin golden
for g in "report A4" "report-a5 A5"; do
    set -- $g
    run_bin "$T/$1.out" "$T/err" --dump pages --paper "$2" "$D/report.md"
    expect_status 0 || continue
    if [ "$regen" = --regen ]; then
        cp "$T/$1.out" "$D/$1.out"
    elif ! cmp -s "$T/$1.out" "$D/$1.out"; then
        fail "$1: --dump pages differs from $D/$1.out: $(diff "$D/$1.out" "$T/$1.out" | head -n 6)"
    fi
done
end

# the report at A4, its dump and trace, for the cases below
begin_setup setup
S=$T                                     # (the suite's folder: the cases' T are their own)
R=$S/report.pdf
render "$R" "$D/report.md"
run_bin "$S/dump" "$S/dump.err" --dump pages "$D/report.md"
end_setup || summary
pages=$(pdf_pages "$R")
# the body's last label: {pages}
total=$(sed -n 's/^page [0-9]* .* label="\([0-9][0-9]*\)".*/\1/p' "$S/dump" | tail -n 1)
label() { sed -n "s/^page $1 .* label=\"\\([^\"]*\\)\".*/\\1/p" "$S/dump"; }

begin title
t1=$(page_text "$R" 1)
prev=0
for want in 文書番号：IS-2026-014 改訂：第2版 販売管理システム更改基本設計書 第1部全体方針 \
            情報システム部高橋一郎 株式会社みなと商事 2026年7月15日 \
            配布先：経営企画部,営業本部,情報システム部; do
    at=$(printf '%s\n' "$t1" | grep -nxF -- "$want" | head -n 1 | cut -d: -f1)
    if [ -z "$at" ]; then
        fail "page 1 lacks the title block line '$want': $(printf '%s' "$t1" | head -c 300)"
    elif [ "$at" -le "$prev" ]; then
        fail "page 1: '$want' is not in title-block.fields' order"
    else
        prev=$at
    fi
done
printf '%s\n' "$t1" | grep -qxF IS-2026-014 || fail "page 1: no docno at its foot (footer.first)"
printf '%s\n' "$t1" | grep -q '/' && fail "page 1 has a folio: $(printf '%s' "$t1" | grep /)"
printf '%s\n' "$t1" | grep -qxF 概要 && fail "page 1 holds body text: the title page is the title block alone"
[ "$(page_text "$R" 2 | grep -v '^$' | sed -n 3p)" = 目次 ] ||
    fail "page 2 does not open with the contents: $(page_text "$R" 2 | head -n 4 | tr '\n' '|')"
page_text "$R" 3 | grep -qxF 概要 || fail "page 3 does not hold the first chapter"
end

begin heads
# h1 lines of the source, and the page each one is placed on (dump)
grep -n '^# ' "$D/report.md" | sed 's/:# /\t/' >"$T/h1"
awk -F'\t' 'NR == FNR { h[$1] = $2; next }
    /^page / { split($0, a, " "); p = a[2] }
    /^  block / { if (match($0, / p=[0-9]+:/)) { l = substr($0, RSTART + 3, RLENGTH - 4)
                  if (l in h) print p "\t" h[l] } }' "$T/h1" "$S/dump" >"$T/chapters"
chapter=""
n=1
while [ "$n" -le "$pages" ]; do
    # the head's band and the foot's, each one line of pdftotext -layout
    bands=$(pdftotext -q -layout -f "$n" -l "$n" "$R" - | tr -d ' \f' | grep -v '^$' | sed -n '1p;$p')
    head=$(printf '%s\n' "$bands" | sed -n 1p)
    foot=$(printf '%s\n' "$bands" | sed -n 2p)
    lab=$(label "$n")
    first=$(awk -F'\t' -v p="$n" '$1 == p { print $2; exit }' "$T/chapters" | tr -d ' ')
    last=$(awk -F'\t' -v p="$n" '$1 == p { c = $2 } END { print c }' "$T/chapters" | tr -d ' ')
    case $head in *社外秘) ;; *) fail "page $n: no 社外秘 at the end of the head: '$head'" ;; esac
    if [ $((n % 2)) = 1 ]; then right=基幹更改プロジェクト; else right=情報システム部高橋一郎; fi
    case $lab in
    i) ;;                                  # the title page: see title
    A-*)
        [ "$head" = "付録付録A発表資料『更改方針の説明』社外秘" ] || fail "appendix page $n: head '$head'"
        [ "$foot" = "IS-2026-014第2版$lab$right" ] ||
            fail "appendix page $n: foot '$foot', want 'IS-2026-014第2版$lab$right'"
        ;;
    *)
        if [ $((n % 2)) = 1 ]; then
            case $head in 販売管理システム更改基本設計書?*社外秘) ;;
                *) fail "odd page $n: head '$head' (title, section, mark)" ;; esac
        else
            want=${first:-$chapter}
            [ "$head" = "${want}IS-2026-014社外秘" ] ||
                fail "even page $n: head '$head', want the chapter '$want', the docno and the mark"
        fi
        [ "$foot" = "IS-2026-014第2版$lab/$total$right" ] ||
            fail "page $n: foot '$foot', want 'IS-2026-014第2版$lab/$total$right'"
        ;;
    esac
    [ -n "$last" ] && chapter=$last
    n=$((n + 1))
done
end

begin logo
pdfimages -list "$R" 2>/dev/null | awk 'NR > 2 && $3 == "image" { print $1, $11 }' >"$T/images"
n=1
while [ "$n" -le "$pages" ]; do
    grep -q "^$n " "$T/images" || fail "page $n has no logo"
    n=$((n + 1))
done
objs=$(awk '{ print $2 }' "$T/images" | sort -u | wc -l)
[ "$objs" = 1 ] || fail "the logo is $objs image objects, not one"
end

begin watermark
pdf_text "$R" | grep -q DRAFT && fail "the watermark is extracted as text"
mutool trace "$R" 2>/dev/null | awk '
    /<page / { if (p) check(); p++; wm = 0; txt = 0; line = 0 }
    { line++ }
    /<fill_path/ && /color=".878431 .878431 .878431"/ && !wm { wm = line }
    /<fill_text/ && !txt { txt = line }
    function check() { if (!wm) print "page " p ": no watermark"
                       else if (txt && txt < wm) print "page " p ": text drawn before the watermark" }
    END { check() }' >"$T/wm"
[ -s "$T/wm" ] && fail "$(tr '\n' ';' <"$T/wm")"
end

begin handout
if render "$T/h.pdf" --handout 3 --theme "$D/company.yaml" "$D/deck.md"; then
    txt=$(page_text "$T/h.pdf" 1)
    printf '%s\n' "$txt" | grep -qxF 更改方針の説明 || fail "the sheet's head lacks the deck's title"
    printf '%s\n' "$txt" | grep -qxF 1/1 || fail "the sheet's foot lacks '1 / 1'"
    pdfimages -list "$T/h.pdf" 2>/dev/null | awk 'NR > 2 && $1 == 1' | grep -q image ||
        fail "the sheet has no logo"
fi
end

begin fields
cp "$D/logo.png" "$D/deck.md" "$T/"
sed 's/left: "{title}"/left: "{title} {nosuch}"/' "$D/company.yaml" >"$T/company.yaml"
line=$(grep -n 'nosuch' "$T/company.yaml" | cut -d: -f1)
cp "$D/report.md" "$T/report.md"
if render "$T/f.pdf" "$T/report.md"; then
    expect_msg "company.yaml:$line:11: warning: 'header.odd.left': {nosuch} is no field"
    [ "$(grep -c nosuch "$T/f.pdf.stderr")" = 1 ] || fail "{nosuch} is warned of more than once"
fi
# a key no template names: unknown
sed 's/^project:/customer: 港湾物流\nproject:/' "$D/report.md" >"$T/report.md"
if render "$T/f.pdf" "$T/report.md"; then
    expect_msg "report.md:11:1: warning: unknown front matter key 'customer'"
    expect_no_msg "'project'"
fi
for bad in "logo-slot: middle|'header.logo-slot' must be left, center or right" \
           "position: up|'mark.position' must be top-right, top-left, bottom-right or bottom-left" \
           "fields: title|'title-block.fields' must be a list"; do
    key=${bad%%|*}
    msg=${bad#*|}
    case $key in
    logo-slot*) printf 'header:\n  %s\n' "$key" >"$T/bad.yaml" ;;
    position*) printf 'mark:\n  %s\n' "$key" >"$T/bad.yaml" ;;
    *) printf 'title-block:\n  %s\n' "$key" >"$T/bad.yaml" ;;
    esac
    run_bin "$T/out" "$T/err" --theme "$T/bad.yaml" -o "$T/bad.pdf" "$D/report.md"
    expect_status 1 && expect_msg "bad.yaml:2:" && expect_msg "$msg"
    [ -e "$T/bad.pdf" ] && fail "$key: a PDF was written"
done
end

begin roundtrip
run_bin "$T/printed.yaml" "$T/err" --print-theme "$D/company.yaml"
if expect_status 0; then
    grep -q "logo: \"/.*/logo.png\"" "$T/printed.yaml" || fail "the printed logo is not a full path"
    sed '/^title:/,/^---$/{/^theme:/d}' "$D/report.md" >"$T/notheme.md"
    cp "$D/deck.md" "$T/"
    render "$T/a.pdf" --theme "$D/company.yaml" "$T/notheme.md" &&
        render "$T/b.pdf" --theme "$T/printed.yaml" "$T/notheme.md" &&
        { cmp -s "$T/a.pdf" "$T/b.pdf" || fail "the printed theme gives other bytes"; }
fi
end

begin default
cat >"$T/builtin.yaml" <<'EOF'
header:
  odd: {left: "{title}", center: "", right: "{section}"}
  first: {left: "", center: "", right: ""}
footer:
  odd: {left: "", center: "{page}", right: ""}
  first: {left: "", center: "", right: ""}
EOF
render "$T/a.pdf" content/report.md &&
    render "$T/b.pdf" --theme "$T/builtin.yaml" content/report.md &&
    { cmp -s "$T/a.pdf" "$T/b.pdf" || fail "the built-in templates set by hand give other bytes"; }
end

summary
