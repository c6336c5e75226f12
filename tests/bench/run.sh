#!/bin/sh
# Benchmark (never a timed test): render content/report.md RUNS times after a
# warm-up and print the median wall time and peak RSS, with the output size.
# Usage: run.sh BIN [RUNS]
set -eu
bin=$1
runs=${2:-11}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
command -v /usr/bin/time >/dev/null || { echo "bench: needs /usr/bin/time (apt-get install time)"; exit 1; }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
bench() {                                  # bench NAME INPUT
    "$bin" -q "$2" -o "$tmp/warm.pdf"      # warm-up: font hashes and fontconfig cache
    : > "$tmp/wall"; : > "$tmp/rss"
    i=0
    while [ $i -lt "$runs" ]; do
        t0=$(date +%s%N)
        /usr/bin/time -f "%M" -o "$tmp/one" "$bin" -q "$2" -o "$tmp/out.pdf"
        t1=$(date +%s%N)
        echo $(( (t1 - t0) / 1000 )) >> "$tmp/wall"
        cat "$tmp/one" >> "$tmp/rss"
        i=$((i + 1))
    done
    wall=$(median < "$tmp/wall")
    rss=$(median < "$tmp/rss")
    pages=$(pdfinfo "$tmp/out.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
    size=$(wc -c < "$tmp/out.pdf")
    printf "%-22s %4s pages  median %7.3f s  peak RSS %6.1f MB  %8d bytes  (%d runs)\n" \
        "$1" "${pages:-?}" "$(echo "$wall" | awk '{ print $1 / 1e6 }')" \
        "$(echo "$rss" | awk '{ print $1 / 1024 }')" "$size" "$runs"
}
echo "kumihan benchmark: $(nproc) cores, $("$bin" --version)"
bench "report" content/report.md
