#!/bin/sh
# Golden layout dumps: `kumihan --dump pages` of each tests/layout/*.md must
# equal the committed .out; content/report.md is checked against report.out.
# NAME.opts, when present, holds command-line options for NAME.md; one that
# names another dump (items.opts: --dump items, the paragraph builder's
# boxes, glue and penalties) takes the place of --dump pages.
# The dumps are text (no PDF bytes): review a changed dump like code.
# Every paginated dump must also keep the page-building rules of pages.awk
# (no heading or heading run at a page foot, no section ending with one line
# at a page head, no contents page of one or two lines), and every dump of
# pages the title rule of titles.awk (no title's last line of one or two
# letters).
# Each run also checks kumihan's itemizing against Pango's (see below).
# Usage: run.sh BIN [--regen]
set -u
# every paragraph's items from kumihan's own itemizer are compared with
# pango_itemize's: a difference aborts the run (itemize.c, check_items)
export KUMIHAN_CHECK_ITEMS=1
bin=$1
regen=${2:-}
dir=$(dirname "$0")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
n=0
check() {                                  # check SOURCE GOLDEN [OPTIONS]
    n=$((n + 1))
    name=$(basename "$2" .out)
    opts=${3:-}
    [ -f "${1%.md}.opts" ] && opts=$(cat "${1%.md}.opts")
    # shellcheck disable=SC2086
    case $opts in *--dump*) ;; *) opts="$opts --dump pages" ;; esac
    "$bin" $opts "$1" > "$tmp/$name.out" 2> "$tmp/$name.err"
    status=$?
    if [ $status -ge 128 ] || grep -q "Sanitizer\|runtime error" "$tmp/$name.err"; then
        echo "FAIL: layout $name: crashed or sanitizer report (status $status)"
        sed -n '1,20p' "$tmp/$name.err"
        fail=$((fail + 1))
        return
    fi
    # titles are balanced (titles.awk) in every dump of pages
    case $opts in
    *--dump\ items*) ;;
    *)
        LC_ALL=C awk -f "$dir/titles.awk" "$tmp/$name.out" > "$tmp/$name.titles"
        if [ -s "$tmp/$name.titles" ]; then
            echo "FAIL: layout $name: titles (tests/layout/titles.awk):"
            sed -n '1,10p' "$tmp/$name.titles"
            fail=$((fail + 1))
            return
        fi ;;
    esac
    # the page-building rules (pages.awk) hold on every paginated dump
    case $opts in
    *--slides*|*--dump\ items*) ;;
    *)
        awk -f "$dir/pages.awk" "$tmp/$name.out" > "$tmp/$name.rules"
        if [ -s "$tmp/$name.rules" ]; then
            echo "FAIL: layout $name: page rules (tests/layout/pages.awk):"
            sed -n '1,10p' "$tmp/$name.rules"
            fail=$((fail + 1))
            return
        fi ;;
    esac
    if [ "$regen" = "--regen" ]; then
        cp "$tmp/$name.out" "$2"
        return
    fi
    if ! cmp -s "$2" "$tmp/$name.out"; then
        echo "FAIL: layout $name: dump differs from $2 (expected -, got +):"
        diff -u "$2" "$tmp/$name.out" | sed -n '3,30p'
        fail=$((fail + 1))
    fi
}
for src in "$dir"/*.md; do
    check "$src" "${src%.md}.out"
done
# the page-building and title stress documents at the other paper sizes
# too, the deck of contents-overflow.md (long Japanese slide titles) as
# slides and as a handout
for paper in B5 A5; do
    low=$(echo $paper | tr 'A-Z' 'a-z')
    check "$dir/heading-runs.md" "$dir/heading-runs-$low.out" "--paper $paper"
    check "$dir/long-titles.md" "$dir/long-titles-$low.out" "--paper $paper"
    check "$dir/table-long.md" "$dir/table-long-$low.out" "--paper $paper"
done
check "$dir/decks/build-talk.md" "$dir/build-talk-slides.out" "--slides"
check "$dir/decks/build-talk.md" "$dir/build-talk-handout-6.out" "--handout 6"
check content/report.md "$dir/report.out"
check content/report.md "$dir/report-appendix-full.out" "--appendix-layout full"
check content/slides.md "$dir/slides.out" "--slides"
check content/slides.md "$dir/handout-3.out" "--handout 3"
check content/slides.md "$dir/handout-6.out" "--handout 6"
check content/slides.md "$dir/notes.out" "--notes"
if [ "$regen" = "--regen" ]; then
    echo "layout: rewrote $((n - fail)) of $n dumps; review the diff"
    [ $fail -eq 0 ]
    exit
fi
echo "layout: $((n - fail)) of $n passed"
[ $fail -eq 0 ]
