#!/bin/sh
# tests/bench/run.sh BIN: the benchmark (never a timed test: the machines are
# shared and noisy; compare only figures taken in the same run).
#
# Cases, all generated at run time into a temporary folder (nothing here is
# committed, every PDF is deleted at the end):
#   (a) content/report.md with its slide appendix (content/slides.md is copied
#       beside it, so `appendix: slides.md` resolves)
#   (b) the report's body (everything after the front matter) repeated 40
#       times, about 150 pages
#   (c) the body repeated 250 times, about 900 pages
#       (b) and (c) keep the report's whole front matter, so they have the
#       contents (目次, a second layout pass) and the appendix once, as the
#       peers' `gen.py --repeat 40` inputs do.  Headings repeat unchanged:
#       kumihan neither warns nor fails on repeated slugs.
#   (d) 200 paragraphs, each one long Japanese paragraph of about 2,000
#       characters (one A4 page at 10 pt, Latin words being half width), made
#       of the sentences of the report's body without their Markdown markup
#   (e) a GFM table of 2,000 rows and 4 columns (Japanese text and numbers)
#   (f) one paragraph of 5 MB and one of 20 MB: the sentences of (d) one
#       after another with no blank line (a paragraph's memory must be
#       linear with a small constant: limits.h, LIMIT_PARAGRAPH_BYTES); with
#       a tiny document as the base, printed after the table: the bytes of
#       peak RSS per input byte above the base's, and the time of 20 MB over
#       that of 5 MB (linear: about 4)
#   (g) case (a) under the sample company theme content/themes/minato.yaml
#       (named in the front matter: B5, numbered headings, an SVG logo on
#       every page), run alternately with (a) itself: its time and memory
#       over (a)'s (issue 21 asks for within 10 %)
#   (v) case (a) set vertically (writing-mode: vertical in its front matter),
#       run alternately with (a) and (g) the same way: its time and memory
#       over (a)'s
#
#   (h) 200 copies of the report (BATCH_COPIES) as separate runs and as one
#       --batch on one worker and on a worker per processor: documents per
#       second and per CPU second (tests/bench/batch.sh, also run alone)
#
# Each case: one warm-up, then RUNS runs (default 5); the median wall time,
# the median of the runs' peak RSS (/usr/bin/time %M), the PDF's size, its
# page count (pdfinfo) and pages per second, printed as one table.  kumihan's
# timed runs are quiet (-q); what its warm-up printed is shown after the table,
# and a failing case's input is kept in build/bench/ with the command to rerun.
#
# Peers, for (a) and (b): WeasyPrint and Typst on the inputs that
# `python3 $PEERS/gen.py [--repeat 40] DIR` writes, run alternately with
# kumihan (k w t k w t ...), PEER_RUNS runs each (default 3, or RUNS if fewer)
# after a warm-up;
# their rows give time and memory as multiples of kumihan's.
#   PEERS       the peers folder (default ../shared/peers, from the repository
#               root); PEERS=none skips the peers
#   WeasyPrint  the Debian package weasyprint
#   Typst       the npm package @myriaddreamin/typst-ts-node-compiler@0.7.0 in
#               build/bench/typst (installed here when npm is there), run by
#               $PEERS/typst/compile.js with the fonts of fonts-noto-cjk
#
# PROFILE=1: instead of the benchmark, render (a) once under valgrind's
# callgrind and print the functions with the most inclusive instructions.
#
# Usage (from make bench): RUNS=5 PEER_RUNS=3 PEERS=../shared/peers sh tests/bench/run.sh BIN
set -u

bin=${1:?usage: run.sh BIN}
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 2

RUNS=${RUNS:-5}
PEER_RUNS=${PEER_RUNS:-}
PEERS=${PEERS:-../shared/peers}
PROFILE=${PROFILE:-0}
limit=300                              # seconds; a run that takes longer has failed
fontdir=/usr/share/fonts/opentype/noto
typst_pkg=@myriaddreamin/typst-ts-node-compiler@0.7.0
tydir=$root/build/bench/typst

whole() { case $2 in ''|*[!0-9]*|0) echo "bench: $1 must be a whole number >= 1, not '$2'"; exit 2 ;; esac; }
whole RUNS "$RUNS"
if [ -z "$PEER_RUNS" ]; then                # unset: 3, or RUNS if that is fewer
    PEER_RUNS=3; [ "$RUNS" -lt 3 ] && PEER_RUNS=$RUNS
fi
whole PEER_RUNS "$PEER_RUNS"
[ -x "$bin" ] || { echo "bench: $bin is not an executable"; exit 2; }
[ -x /usr/bin/time ] || { echo "bench: needs /usr/bin/time (apt-get install time)"; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
in=$tmp/in; out=$tmp/out; res=$tmp/res
mkdir -p "$in" "$out" "$res"

echo "kumihan benchmark: $("$bin" --version) ($bin), nproc $(nproc)"

# --- PROFILE=1: instruction counts per function, case (a) ---------------------
if [ "$PROFILE" = 1 ]; then
    if ! command -v valgrind >/dev/null || ! command -v callgrind_annotate >/dev/null; then
        echo "profile: valgrind not installed (apt-get install valgrind)"; exit 2
    fi
    cp content/report.md content/slides.md "$in/"
    echo "profile: callgrind on (a) content/report.md (about 70 times slower than a normal run)"
    valgrind --tool=callgrind --callgrind-out-file="$tmp/callgrind.out" \
        "$bin" -q "$in/report.md" -o "$out/profile.pdf" > "$tmp/valgrind.log" 2>&1 ||
        { echo "profile: the run failed:"; tail -n 20 "$tmp/valgrind.log"; exit 1; }
    # the totals line, then the first 25 named functions by inclusive instructions
    callgrind_annotate --inclusive=yes "$tmp/callgrind.out" 2>/dev/null |
        awk '/PROGRAM TOTALS/ { print; print ""; next }
             /file:function/ { print; go = 1; next }
             go && NF && !/\?\?\?:0x[0-9a-f]+ / && n < 25 { sub(/ \[[^]]*\]$/, ""); print; n++ }'
    exit 0
fi

# --- inputs --------------------------------------------------------------------
front() { awk 'NR == 1 && $0 != "---" { exit } { print } NR > 1 && $0 == "---" { exit }' "$1"; }
body() { awk 'NR == 1 && $0 != "---" { b = 1 } b { print } NR > 1 && $0 == "---" { b = 1 }' "$1"; }

cp content/report.md content/slides.md "$in/"
# (g): the report naming the company theme, copied beside it
cp -r content/themes "$in/"
awk 'NR == 2 { print "theme: themes/minato.yaml" } { print }' content/report.md > "$in/report-themed.md"
# (v): the report set vertically
awk 'NR == 2 { print "writing-mode: vertical" } { print }' content/report.md > "$in/report-vertical.md"
body content/report.md > "$tmp/body.md"

repeat() {                                 # repeat N: front matter, body N times
    front content/report.md
    i=1
    while [ "$i" -le "$1" ]; do echo; cat "$tmp/body.md"; i=$((i + 1)); done
}
repeat 40 > "$in/x40.md"
repeat 250 > "$in/x250.md"

# (d): the body's sentences (ending in 。) without list markers, heading marks,
# link syntax, emphasis and code marks; paragraph p starts at sentence 11p and
# takes sentences until it has 2,000 characters (counted in bytes that do not
# continue a UTF-8 sequence, so any awk works)
sed -e 's/^[[:space:]]*//' -e 's/^#* *//' -e 's/^- //' \
    -e 's/\[\([^]]*\)\]([^)]*)/\1/g' -e 's/[*`]//g' "$tmp/body.md" |
LC_ALL=C awk '{ n = split($0, part, "。")
                for (i = 1; i < n; i++) { s = part[i] "。"; sub(/^ +/, "", s); if (length(s) > 9) print s } }' \
    > "$tmp/sentences"
{
    printf -- '---\ntitle: 長い段落 200\nlang: ja\ntoc: false\n---\n'
    LC_ALL=C awk -v paras=200 -v chars=2000 '
        { sen[ns++] = $0 }
        END { for (p = 0; p < paras; p++) {
                  k = (p * 11) % ns; para = ""; c = 0
                  while (c < chars) { s = sen[k]; t = s; c += length(s) - gsub(/[\200-\277]/, "", t)
                                      para = para s; k = (k + 1) % ns }
                  printf "\n%s\n", para } }' "$tmp/sentences"
} > "$in/para200.md"

# (f): one paragraph of BYTES bytes of those sentences, in order, round
# and round; the base: a document of one short sentence
para() {
    printf -- '---\ntitle: 一つの段落\nlang: ja\ntoc: false\n---\n\n'
    LC_ALL=C awk -v bytes="$1" '{ sen[ns++] = $0 }
        END { while (c < bytes) { printf "%s", sen[k]; c += length(sen[k]); k = (k + 1) % ns }
              printf "\n" }' "$tmp/sentences"
}
para 5000000 > "$in/para5m.md"
para 20000000 > "$in/para20m.md"
printf -- '---\ntitle: 一つの段落\nlang: ja\ntoc: false\n---\n\n吾輩は猫である。\n' > "$in/tiny.md"

# (e): 2,000 rows: number, a Japanese item name, a category, a measured value
{
    printf -- '---\ntitle: 表 2000 行\nlang: ja\ntoc: false\n---\n\n'
    awk -v rows=2000 'BEGIN {
        nw = split("仮想マシン ドメイン 割り込み ページ共有 ネットワーク ディスク メモリ管理 スケジューラ デバイス ハイパーコール 移行 監視", w, " ")
        nc = split("準仮想化 完全仮想化 入出力 管理 性能", c, " ")
        print "| 番号 | 項目 | 分類 | 計測値 (ms) |"
        print "|--:|:--|:-:|--:|"
        for (i = 1; i <= rows; i++) {
            item = w[(i * 7) % nw + 1]
            if (i % 3) item = item "の" w[(i * 5) % nw + 1]
            if (i % 4 == 0) item = item "（第" (i % 17 + 1) "版）"
            v = (i * 7919) % 1000000
            printf "| %d | %s | %s | %d.%02d |\n", i, item, c[i % nc + 1], int(v / 100), v % 100
        } }'
} > "$in/table2000.md"

# --- peers ---------------------------------------------------------------------
peer_notes=""
note() { peer_notes="$peer_notes$1
"; }
have_wp=0; have_ty=0
if [ "$PEERS" = none ]; then
    note "peers: skipped (PEERS=none)"
else
    case $PEERS in /*) ;; *) PEERS=$root/$PEERS ;; esac
    if [ ! -f "$PEERS/gen.py" ]; then
        note "peers: peers folder not found ($PEERS)"
    elif ! command -v python3 >/dev/null; then
        note "peers: python3 not found, cannot run $PEERS/gen.py (apt-get install python3)"
    elif ! python3 "$PEERS/gen.py" "$tmp/peers1" > "$tmp/gen.log" 2>&1 ||
         ! python3 "$PEERS/gen.py" --repeat 40 "$tmp/peers40" >> "$tmp/gen.log" 2>&1; then
        note "peers: $PEERS/gen.py failed: $(tail -n 1 "$tmp/gen.log")"
    else
        if command -v weasyprint >/dev/null; then
            have_wp=1
            note "WeasyPrint: $(weasyprint --version 2>&1 | head -n 1)"
        else
            note "WeasyPrint: not installed (apt-get install weasyprint)"
        fi
        if ! command -v node >/dev/null; then
            note "Typst: node not installed (apt-get install nodejs npm)"
        elif [ ! -f "$PEERS/typst/compile.js" ]; then
            note "Typst: $PEERS/typst/compile.js not found"
        elif [ ! -f "$fontdir/NotoSerifCJK-Regular.ttc" ]; then
            note "Typst: no fonts in $fontdir (apt-get install fonts-noto-cjk)"
        else
            if [ ! -d "$tydir/node_modules/@myriaddreamin/typst-ts-node-compiler" ] &&
               command -v npm >/dev/null; then
                echo "Typst: npm install --prefix build/bench/typst $typst_pkg"
                mkdir -p "$tydir"
                npm install --prefix "$tydir" --no-audit --no-fund "$typst_pkg" > "$tmp/npm.log" 2>&1 ||
                    note "Typst: npm install failed: $(tail -n 1 "$tmp/npm.log")"
            fi
            if [ -d "$tydir/node_modules/@myriaddreamin/typst-ts-node-compiler" ]; then
                have_ty=1
                note "Typst: $typst_pkg (build/bench/typst), node $(node --version)"
            else
                note "Typst: npm package not installed (apt-get install nodejs npm; npm install --prefix build/bench/typst $typst_pkg)"
            fi
        fi
    fi
fi
printf '%s' "$peer_notes"

# --- runs ----------------------------------------------------------------------
# run1 KEY DIR CMD...: one run of CMD in DIR, which writes $out/KEY.pdf; appends
# the wall time (µs) to $res/KEY.wall and the peak RSS (KiB) to $res/KEY.rss.
# On failure writes $res/KEY.fail (why), KEY.cmd and KEY.log (its output).
run1() {
    key=$1; dir=$2; shift 2
    rm -f "$out/$key.pdf"
    cd "$dir" || exit 2
    t0=$(date +%s%N)
    /usr/bin/time -f %M -o "$tmp/rss1" timeout -k 10 "$limit" "$@" > "$tmp/log1" 2>&1
    rc=$?
    t1=$(date +%s%N)
    cd "$root" || exit 2
    why=""
    if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then why="timed out after $limit s"
    elif [ "$rc" != 0 ]; then why="exit status $rc"
    elif [ ! -s "$out/$key.pdf" ]; then why="no PDF written"
    fi
    if [ -n "$why" ]; then
        echo "$why" > "$res/$key.fail"
        echo "(cd $dir && $*)" > "$res/$key.cmd"
        cp "$tmp/log1" "$res/$key.log"
        return 1
    fi
    cp "$tmp/log1" "$res/$key.msg"
    echo $(((t1 - t0) / 1000)) >> "$res/$key.wall"
    tail -n 1 "$tmp/rss1" >> "$res/$key.rss"
}

# prog P CASE INPUT PEER_REPEAT: run program P (k, w or t) once on the case,
# printing P, or P:FAILED; nothing after a failure
prog() {
    key=$2.$1
    [ -f "$res/$key.fail" ] && return
    case $1 in
    k)  if [ -f "$res/$key.warm" ]; then run1 "$key" "$root" "$bin" -q "$3" -o "$out/$key.pdf"
        else run1 "$key" "$root" "$bin" "$3" -o "$out/$key.pdf"; fi ;;
    w)  run1 "$key" "$root" weasyprint "$tmp/peers$4/weasyprint/report.html" "$out/$key.pdf" ;;
    t)  run1 "$key" "$tydir" node "$PEERS/typst/compile.js" "$tmp/peers$4/typst/report.typ" \
            "$out/$key.pdf" "$fontdir" ;;
    esac && printf ' %s' "$1" || printf ' %s:FAILED' "$1"
}

# bench CASE INPUT [PEER_REPEAT]: warm-up, then the runs, programs alternating
bench() {
    c=$1; progs=k
    echo "$2" > "$res/$c.input"
    if [ $# -ge 3 ]; then
        [ "$have_wp" = 1 ] && progs="$progs w"
        [ "$have_ty" = 1 ] && progs="$progs t"
    fi
    printf '(%s) warm-up' "$c"
    for p in $progs; do
        prog "$p" "$c" "$2" "${3:-}"
        touch "$res/$c.$p.warm"; rm -f "$res/$c.$p.wall" "$res/$c.$p.rss"
        [ "$p" = k ] && [ -f "$res/$c.k.msg" ] && cp "$res/$c.k.msg" "$res/$c.k.warmmsg"
    done
    last=$RUNS; [ "$progs" != k ] && [ "$PEER_RUNS" -gt "$last" ] && last=$PEER_RUNS
    printf ', runs'
    i=1
    while [ "$i" -le "$last" ]; do
        for p in $progs; do
            n=$PEER_RUNS; [ "$p" = k ] && n=$RUNS
            [ "$i" -le "$n" ] || continue
            prog "$p" "$c" "$2" "${3:-}"
        done
        i=$((i + 1))
    done
    echo
}

bench a "$in/report.md" 1
bench b "$in/x40.md" 40
bench c "$in/x250.md"
bench d "$in/para200.md"
bench e "$in/table2000.md"
bench base "$in/tiny.md"
bench f5 "$in/para5m.md"
bench f20 "$in/para20m.md"

# (g), (v): (a) again (ga), (a) under the company theme (g) and set
# vertically (v), alternating run by run, so that the medians see the same
# noise
printf '(g, v) warm-up'
for c in ga g v; do
    f=$in/report.md; [ "$c" = g ] && f=$in/report-themed.md
    [ "$c" = v ] && f=$in/report-vertical.md
    prog k "$c" "$f"
    touch "$res/$c.k.warm"; rm -f "$res/$c.k.wall" "$res/$c.k.rss"
done
printf ', runs'
i=1
while [ "$i" -le "$RUNS" ]; do
    prog k ga "$in/report.md"
    prog k g "$in/report-themed.md"
    prog k v "$in/report-vertical.md"
    i=$((i + 1))
done
echo

# --- the table -----------------------------------------------------------------
median() { sort -n "$1" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

fmt='%-24s %-10s %5s %6s %9s %8s %9s %8s %7s %7s\n'
row() {                                    # row CASE PROG LABEL NAME
    key=$1.$2
    if [ -f "$res/$key.fail" ]; then
        printf '%-24s %-10s FAILED: %s\n' "$3" "$4" "$(cat "$res/$key.fail")"
        return
    fi
    [ -f "$res/$key.wall" ] || return
    n=$(wc -l < "$res/$key.wall")
    mark=""; [ "$n" -lt "$RUNS" ] && mark="*" && fewer=1
    wall=$(median "$res/$key.wall"); rss=$(median "$res/$key.rss")
    pages=$(pdfinfo "$out/$key.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
    size=$(wc -c < "$out/$key.pdf")
    kwall=""; krss=""
    if [ "$2" != k ] && [ -f "$res/$1.k.wall" ] && [ ! -f "$res/$1.k.fail" ]; then
        kwall=$(median "$res/$1.k.wall"); krss=$(median "$res/$1.k.rss")
    fi
    awk -v fmt="$fmt" -v label="$3" -v name="$4" -v runs="$n$mark" -v pages="${pages:-?}" \
        -v wall="$wall" -v rss="$rss" -v size="$size" -v kwall="$kwall" -v krss="$krss" 'BEGIN {
        s = wall / 1e6
        pps = (pages ~ /^[0-9]+$/ && s > 0) ? sprintf("%.1f", pages / s) : "?"
        tk = kwall != "" ? sprintf("%.1fx", wall / kwall) : ""
        mk = krss != "" ? sprintf("%.1fx", rss / krss) : ""
        printf fmt, label, name, runs, pages, sprintf("%.3f", s), pps,
               sprintf("%.1f", rss / 1024), sprintf("%.0f", size / 1000), tk, mk }'
}

fewer=0
echo
# shellcheck disable=SC2059  # one format for the header and the rows
printf "$fmt" case program runs pages "median s" pages/s "RSS MiB" "PDF kB" "time/k" "mem/k"
for c in a g v b c d e f5 f20; do
    case $c in
    a) label="(a) report + appendix" ;;
    g) label="(g) (a), company theme" ;;
    v) label="(v) (a), set vertically" ;;
    b) label="(b) report body x40" ;;
    c) label="(c) report body x250" ;;
    d) label="(d) 200 long paragraphs" ;;
    e) label="(e) table, 2000 rows" ;;
    f5) label="(f) one paragraph, 5 MB" ;;
    f20) label="(f) one paragraph, 20 MB" ;;
    esac
    row "$c" k "$label" kumihan
    row "$c" w "" WeasyPrint
    row "$c" t "" Typst
done
echo
echo "median of the runs after one warm-up; RSS MiB: median of the runs' peak RSS;"
echo "time/k, mem/k: the peer's median over kumihan's, same case, runs alternating."
[ "$fewer" = 1 ] && echo "*: fewer runs than RUNS=$RUNS (peers: PEER_RUNS=$PEER_RUNS)."

# (f): peak RSS per input byte above the base (medians), and 20 MB over 5 MB
if [ -f "$res/base.k.rss" ] && [ -f "$res/f5.k.rss" ] && [ -f "$res/f20.k.rss" ]; then
    base=$(median "$res/base.k.rss")
    f5=$(median "$res/f5.k.rss"); f20=$(median "$res/f20.k.rss")
    t5=$(median "$res/f5.k.wall"); t20=$(median "$res/f20.k.wall")
    awk -v base="$base" -v f5="$f5" -v f20="$f20" -v t5="$t5" -v t20="$t20" \
        -v b5="$(wc -c < "$in/para5m.md")" -v b20="$(wc -c < "$in/para20m.md")" 'BEGIN {
        printf "(f) peak RSS above the base (a tiny document, %.1f MiB) per input byte: " \
               "5 MB %.1f, 20 MB %.1f bytes; time 20 MB / 5 MB: %.2f\n",
               base / 1024, (f5 - base) * 1024 / b5, (f20 - base) * 1024 / b20, t20 / t5 }'
fi

# (g): the theme's cost, medians over those of (a)'s runs alternating with them
if [ -f "$res/ga.k.wall" ] && [ -f "$res/g.k.wall" ]; then
    awk -v a="$(median "$res/ga.k.wall")" -v g="$(median "$res/g.k.wall")" \
        -v ra="$(median "$res/ga.k.rss")" -v rg="$(median "$res/g.k.rss")" 'BEGIN {
        printf "(g) the company theme over the default, runs alternating: time %.3f s / %.3f s = %.3f, " \
               "peak RSS %.1f / %.1f MiB = %.3f\n", g / 1e6, a / 1e6, g / a, rg / 1024, ra / 1024, rg / ra }'
fi
if [ -f "$res/ga.k.wall" ] && [ -f "$res/v.k.wall" ]; then
    awk -v a="$(median "$res/ga.k.wall")" -v g="$(median "$res/v.k.wall")" \
        -v ra="$(median "$res/ga.k.rss")" -v rg="$(median "$res/v.k.rss")" 'BEGIN {
        printf "(v) set vertically over across, runs alternating: time %.3f s / %.3f s = %.3f, " \
               "peak RSS %.1f / %.1f MiB = %.3f\n", g / 1e6, a / 1e6, g / a, rg / 1024, ra / 1024, rg / ra }'
fi

# --- (h) many documents: --batch against a process each (tests/bench/batch.sh) ---
status=0
BATCH_COPIES=${BATCH_COPIES:-200}
sh "$root/tests/bench/batch.sh" "$bin" "$BATCH_COPIES" || status=1

# --- what kumihan said, and what failed ------------------------------------------
for c in a g v b c d e f5 f20; do
    f=$res/$c.k.warmmsg
    if [ -s "$f" ]; then
        echo
        echo "kumihan on ($c) said on standard error (warm-up, $(wc -l < "$f") lines; first 5):"
        head -n 5 "$f" | sed "s|$in/||g"
    fi
done
for f in "$res"/*.fail; do
    [ -f "$f" ] || continue
    key=$(basename "$f" .fail)
    echo
    echo "failed: ($key) $(cat "$f"); output (first 20 lines):"
    head -n 20 "$res/$key.log" | sed "s|$in/||g"
    case $key in
    *.k)                                   # kumihan: keep its input to reproduce
        status=1
        input=$(cat "$res/${key%.k}.input")
        mkdir -p build/bench && cp "$input" content/slides.md build/bench/
        echo "to reproduce: $bin build/bench/$(basename "$input") -o /tmp/out.pdf" ;;
    *)  echo "command: $(cat "$res/$key.cmd")" ;;
    esac
done
exit $status
