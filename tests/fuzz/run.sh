#!/bin/sh
# tests/fuzz/run.sh: run the libFuzzer harnesses built into DIR (build/fuzz).
#
#   sh tests/fuzz/run.sh replay DIR
#       `make check-fuzz`: every file of tests/fuzz/corpus/NAME and every
#       file of tests/fuzz/regress/ once through DIR/fuzz_NAME, for every
#       harness (parse, render, post, content): no fuzzing, a few seconds.
#       Fails on a crash, a sanitizer report, a leak or an input taking over
#       10 s, and then shows the report.
#
#   sh tests/fuzz/run.sh fuzz DIR SECONDS [NAME...]
#       `make fuzz`: each harness (default: all four in turn) for SECONDS,
#       one process at nice 10. New inputs go to DIR/corpus/NAME (the seeds
#       in tests/fuzz/corpus/NAME are read, never written), reproducers to
#       DIR/findings/NAME-*, the log to DIR/NAME.log. Stops at the first
#       finding and names its reproducer.
#
# Settings: parse, post and content inputs up to 64 KB, render inputs up to
# 4 KB; 10 s and 2 GB per input. Leaks: GLib allocates with malloc
# (G_SLICE=always-malloc) so leaked GLib and Pango objects are seen; library
# leaks are suppressed by tests/lsan.supp and tests/fuzz/lsan.supp (why: see
# the latter). The render harness keeps one font map for all inputs, whose
# caches hold fontconfig patterns that LeakSanitizer cannot follow, so
# libFuzzer's leak check after each input is off there (-detect_leaks=0);
# its fonts are closed at exit, where LeakSanitizer then checks everything
# the run left behind.
# Run from the repository root.

usage="usage: sh tests/fuzz/run.sh replay DIR | fuzz DIR SECONDS [NAME...]"
mode=${1:?$usage}
DIR=${2:?$usage}
T=tests/fuzz

supp=$(mktemp "${TMPDIR:-/tmp}/kumihan-fuzz-lsan.XXXXXX") || exit 1
log=$(mktemp "${TMPDIR:-/tmp}/kumihan-fuzz-log.XXXXXX") || exit 1
trap 'rm -f "$supp" "$log"' EXIT
cat tests/lsan.supp "$T/lsan.supp" >"$supp" || exit 1

# a sanitizer report exits 86, as in the sanitize build
export ASAN_OPTIONS="detect_leaks=1:exitcode=86"
export LSAN_OPTIONS="suppressions=$supp:print_suppressions=0:exitcode=86"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:exitcode=86"
export G_SLICE=always-malloc

# libFuzzer options of harness $1
options() {
    case $1 in
    parse) echo "-max_len=65536 -detect_leaks=1" ;;
    render) echo "-max_len=4096 -detect_leaks=0" ;;
    post) echo "-max_len=65536 -detect_leaks=1" ;;
    content) echo "-max_len=65536 -detect_leaks=1" ;;
    esac
}

# -close_fd_mask=3 closes the harness's stdout and stderr (its diagnostics:
# the reproducer shows them); libFuzzer's and the sanitizers' reports stay.
common="-timeout=10 -rss_limit_mb=2048 -close_fd_mask=3"

case $mode in
replay)
    fail=0
    for name in parse render post content; do
        set --
        for f in "$T"/corpus/$name/* "$T"/regress/*; do
            [ -f "$f" ] && set -- "$@" "$f"
        done
        if [ $# = 0 ]; then
            echo "FAIL: fuzz replay $name: no inputs in $T/corpus/$name"
            fail=1
            continue
        fi
        # shellcheck disable=SC2046
        if "$DIR/fuzz_$name" $(options $name) $common "$@" >"$log" 2>&1; then
            echo "fuzz replay: $name: $# inputs, no finding"
        else
            echo "FAIL: fuzz replay $name (status $?); the input is the last 'Running:' line"
            grep -v '^Executed \|^\*\*\*' "$log" | grep -B1 -A60 -m1 \
                '^==[0-9]*==\|runtime error\|^ERROR: libFuzzer\|ALARM\|out-of-memory' | head -n 80
            grep '^Running: ' "$log" | tail -n 1
            fail=1
        fi
    done
    exit $fail
    ;;
fuzz)
    seconds=${3:?$usage}
    shift 3
    [ $# -gt 0 ] || set -- parse render post content
    for name in "$@"; do
        mkdir -p "$DIR/corpus/$name" "$DIR/findings" || exit 1
        echo "fuzz: $name for $seconds s (log: $DIR/$name.log)"
        # shellcheck disable=SC2046
        if nice -n 10 "$DIR/fuzz_$name" $(options $name) $common -max_total_time="$seconds" \
               -dict="$T/kumihan.dict" -artifact_prefix="$DIR/findings/$name-" \
               -print_final_stats=1 "$DIR/corpus/$name" "$T/corpus/$name" \
               </dev/null >"$DIR/$name.log" 2>&1; then
            grep '^#[0-9]*[[:space:]]*DONE\|^stat::number_of_executed_units' "$DIR/$name.log"
        else
            echo "FAIL: fuzz $name found something:"
            grep -B1 -A60 -m1 '^==[0-9]*==\|runtime error\|^ERROR: libFuzzer\|ALARM' \
                "$DIR/$name.log" | head -n 80
            grep 'Test unit written to' "$DIR/$name.log"
            echo "reproduce: $DIR/fuzz_$name FILE; minimise: $DIR/fuzz_$name" \
                 "-minimize_crash=1 -runs=2000 FILE; then add it to $T/regress/"
            exit 1
        fi
    done
    ;;
*)
    echo "$usage"
    exit 2
    ;;
esac
