#!/bin/sh
# tests/tsan/run.sh BIN UNIT...: the threaded paths under ThreadSanitizer
# (BIN and the UNIT tests built with `build=tsan`; `make check-tsan`).
#
# What runs threads, and the cases that drive each:
#   subset.c  font subsets cut on threads (doc_parallel)
#   post.c    streams compressed again on threads (doc_parallel)
#   doc.c     doc_parallel itself
#   batch.c   documents rendered at once, one a worker thread (--batch)
# Cases (each run under `timeout`):
#   report:T     content/report.md (its slide appendix too), KUMIHAN_THREADS=T,
#                T = 2 and 4
#   x40:T        the report's body 40 times after its front matter (152 pages,
#                as tests/bench/run.sh makes its case (b)), T = 2 and 4
#   slides, handout-3   content/slides.md, --slides and --handout 3, T = 4
#   batch:T      --batch over four copies of the report on T = 2 and 4 workers
#                (batch.c: a font set a worker, the documents at once)
#   unit:NAME    each UNIT test (those that start threads), as they set it
# Each must exit 0, and write its PDF, with no ThreadSanitizer report on
# stderr. Library false positives are suppressed, narrowly and each with its
# reason, in tests/tsan.supp; GLib's mutexes, conditions and async queues are
# made visible to TSan by tests/tsan/glib_sync.c, linked into the build.
#
# Run from the repository root. Prints "FAIL: <case>: <why>" per failed case
# (with the first report) and a summary; exits 1 on any failure.

BIN=${1:?usage: sh tests/tsan/run.sh BIN [UNIT...]}
shift
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
LIMIT=300
TSAN_OPTIONS="suppressions=$(pwd)/tests/tsan.supp exitcode=66 halt_on_error=0 second_deadlock_stack=1"
export TSAN_OPTIONS
# GLib 2.74's slice allocator hands freed blocks between threads through its
# own depot, under locks inside libglib that TSan cannot see (a batch's
# threads each build Pango's item lists from it): GLib's documented switch
# for debugging tools makes it plain malloc, which TSan follows (GLib 2.76
# dropped the slice allocator for malloc anyway)
G_SLICE=always-malloc
export G_SLICE

n_pass=0
n_fail=0
TOP=$(mktemp -d "${TMPDIR:-/tmp}/kumihan-tsan.XXXXXX") || exit 1
trap 'rm -rf "$TOP"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# check CASE STATUS LOG [PDF]: the case passed if STATUS is 0, LOG holds no
# ThreadSanitizer report and PDF (when named) was written
check() {
    why=""
    if grep -q 'ThreadSanitizer' "$3"; then
        why="ThreadSanitizer reported $(grep -c '^WARNING: ThreadSanitizer' "$3") warning(s)"
    elif [ "$2" = 124 ]; then
        why="timed out after $LIMIT s"
    elif [ "$2" != 0 ]; then
        why="exit status $2"
    elif [ -n "${4:-}" ] && [ ! -s "$4" ]; then
        why="no PDF written"
    fi
    if [ -z "$why" ]; then
        n_pass=$((n_pass + 1))
        return
    fi
    n_fail=$((n_fail + 1))
    echo "FAIL: $1: $why"
    # the first report whole, else the end of the log
    if grep -q '^WARNING: ThreadSanitizer' "$3"; then
        awk '/^WARNING: ThreadSanitizer/ { on = 1 } on { print } on && /^SUMMARY/ { exit }' "$3"
    else
        tail -n 20 "$3"
    fi
}

# render CASE THREADS ARGS...: BIN ARGS -o $TOP/CASE.pdf with KUMIHAN_THREADS
render() {
    c=$1 t=$2
    shift 2
    KUMIHAN_THREADS=$t timeout "$LIMIT" "$BIN" -q "$@" -o "$TOP/$c.pdf" >"$TOP/$c.log" 2>&1
    check "$c" $? "$TOP/$c.log" "$TOP/$c.pdf"
}

# (b) of tests/bench/run.sh: the front matter, then the body 40 times; the
# deck beside it for the appendix
front() { awk 'NR == 1 && $0 != "---" { exit } { print } NR > 1 && $0 == "---" { exit }' "$1"; }
body() { awk 'NR == 1 && $0 != "---" { b = 1 } b { print } NR > 1 && $0 == "---" { b = 1 }' "$1"; }
cp content/slides.md "$TOP/"
body content/report.md > "$TOP/body.md"
{
    front content/report.md
    i=1
    while [ "$i" -le 40 ]; do echo; cat "$TOP/body.md"; i=$((i + 1)); done
} > "$TOP/x40.md"

for t in 2 4; do
    render "report:$t" "$t" content/report.md
    render "x40:$t" "$t" "$TOP/x40.md"
done
if [ "$n_fail" = 0 ] && command -v pdfinfo >/dev/null 2>&1 &&
   ! pdfinfo "$TOP/x40:4.pdf" | grep -q '^Pages: *152$'; then
    echo "FAIL: x40:4: not 152 pages: $(pdfinfo "$TOP/x40:4.pdf" | grep '^Pages')"
    n_fail=$((n_fail + 1))
fi
render slides 4 --slides content/slides.md
render handout-3 4 --handout 3 content/slides.md

# batch:T: --batch over four documents at once on T workers (batch.c): the
# report and three copies (each with its appendix deck and contents); the
# last PDF written
mkdir "$TOP/batch" "$TOP/batch-out"
cp content/report.md content/slides.md "$TOP/batch/"
for c in a b c; do cp content/report.md "$TOP/batch/$c.md"; done
# (cairo's pools of freed objects are handed between the workers inside
# the uninstrumented libcairo: tests/tsan/cairo.supp, for these cases only)
cat tests/tsan.supp tests/tsan/cairo.supp > "$TOP/batch.supp"
for t in 2 4; do
    rm -f "$TOP/batch-out/"*.pdf
    TSAN_OPTIONS="suppressions=$TOP/batch.supp exitcode=66 halt_on_error=0 second_deadlock_stack=1" \
    KUMIHAN_THREADS=$t timeout "$LIMIT" "$BIN" -q --batch -d "$TOP/batch-out" \
        "$TOP/batch/report.md" "$TOP/batch/a.md" "$TOP/batch/b.md" "$TOP/batch/c.md" \
        >"$TOP/batch-$t.log" 2>&1
    check "batch:$t" $? "$TOP/batch-$t.log" "$TOP/batch-out/c.pdf"
done

for u in "$@"; do
    name=$(basename "$u")
    timeout "$LIMIT" "$u" >"$TOP/$name.log" 2>&1
    check "unit:$name" $? "$TOP/$name.log"
done

echo "tests/tsan: $n_pass passed, $n_fail failed"
[ "$n_fail" = 0 ]
