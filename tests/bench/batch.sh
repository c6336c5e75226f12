#!/bin/sh
# tests/bench/batch.sh BIN [COPIES]: case (h) of the benchmark (run.sh runs
# it last; alone: sh tests/bench/batch.sh build/release/kumihan): COPIES
# (default 200) copies of content/report.md, each with its slide appendix,
# rendered
#   separate   one process per document, one after another (as a shell loop
#              or make -j1 would)
#   batch 1    kumihan --batch with one worker (KUMIHAN_THREADS=1)
#   batch N    kumihan --batch with a worker per processor (N = nproc)
# Each once, after a warm-up of one document; wall and CPU time (user + sys,
# /usr/bin/time), documents per second, and documents per CPU second: the
# rate per core busy, the figure that says what a machine of more cores
# would do. Every PDF of a batch is checked to be the bytes of the separate
# run of the same document. Never a timed test: compare only figures from
# one run of this script.
set -u

bin=${1:?usage: batch.sh BIN [COPIES]}
n=${2:-200}
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 2
[ -x /usr/bin/time ] || { echo "bench: needs /usr/bin/time (apt-get install time)"; exit 2; }
cores=$(nproc)
export SOURCE_DATE_EPOCH=1710460800

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
mkdir "$tmp/in" "$tmp/sep" "$tmp/b1" "$tmp/bn"
cp content/slides.md "$tmp/in/"
i=1
while [ "$i" -le "$n" ]; do cp content/report.md "$tmp/in/r$i.md"; i=$((i + 1)); done
"$bin" -q "$tmp/in/r1.md" -o "$tmp/warm.pdf" || { echo "(h) the warm-up failed"; exit 1; }

# timed LABEL CMD...: CMD under /usr/bin/time; prints a row
fmt='%-32s %8s %8s %8s %12s\n'
timed() {
    label=$1
    shift
    /usr/bin/time -f '%e %U %S' -o "$tmp/t" "$@" >"$tmp/log" 2>&1 ||
        { echo "(h) $label failed: $(tail -n 3 "$tmp/log")"; return 1; }
    awk -v n="$n" -v fmt="$fmt" -v label="$label" '{ cpu = $2 + $3
        printf fmt, label, sprintf("%.2f", $1), sprintf("%.2f", cpu), sprintf("%.1f", n / $1),
               sprintf("%.1f", n / cpu) }' "$tmp/t"
}

echo
echo "(h) $n copies of content/report.md (with its appendix), nproc $cores"
# shellcheck disable=SC2059
printf "$fmt" "" "wall s" "CPU s" "docs/s" "docs/CPU s"
# (a loop in sh, as a script or make -j1 would run them)
# shellcheck disable=SC2016
timed "separate runs, one at a time" sh -c \
    'b=$1; d=$2; shift 2; for f; do g=${f##*/}; "$b" -q "$f" -o "$d/${g%.md}.pdf" || exit 1; done' \
    sh "$bin" "$tmp/sep" "$tmp"/in/r*.md
timed "--batch, 1 worker" env KUMIHAN_THREADS=1 "$bin" -q --batch -d "$tmp/b1" "$tmp"/in/r*.md
timed "--batch, $cores workers" env KUMIHAN_THREADS=$cores "$bin" -q --batch -d "$tmp/bn" "$tmp"/in/r*.md
for d in b1 bn; do
    for f in "$tmp"/sep/*.pdf; do
        cmp -s "$f" "$tmp/$d/${f##*/}" || { echo "(h) $d/${f##*/} differs from the separate run's"; exit 1; }
    done
done
echo "every batch PDF is the bytes of its separate run; one run each, after a warm-up"
