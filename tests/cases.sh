# tests/cases.sh: what tests/bad and tests/attack share, sourced by their
# run.sh with SUITE set to the suite's name (its inputs are in tests/$SUITE).
# Sets BIN (absolute), D, LIMIT, K, FONTS and TOP (a temporary folder removed
# on exit), and defines begin/end (a case in a fresh folder $T), run (BIN
# under `timeout $LIMIT`: $T/stdout, $T/stderr, $st), fail and the expect_*
# checks, put_good/expect_untouched (an output path guarded by a good PDF,
# $GOOD, made by the suite's setup) and summary (the closing line and status).

BIN=${1:?usage: sh tests/$SUITE/run.sh BIN}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
if [ ! -x "$BIN" ]; then
    echo "FAIL: setup: $BIN is not an executable"
    echo "tests/$SUITE: 0 passed, 1 failed"
    exit 1
fi
D=tests/$SUITE                             # inputs, as given on the command line
LIMIT=20                                 # seconds per run: catches hangs, does not time
# BAD_SCALE=small (the sanitizer build: 10-50x slower, most of it in the
# libraries' many small allocations, each unwound for the leak suppressions)
# cuts the sizes of the big generated inputs by 50; the cases and their
# checks stay the same.
if [ "${BAD_SCALE:-full}" = small ]; then K=50; else K=1; fi
FONTS=$(pwd)/fonts

n_pass=0
n_fail=0
case_failed=0
TOP=$(mktemp -d "${TMPDIR:-/tmp}/kumihan-$SUITE.XXXXXX") || exit 1
cleanup() {
    # a case may have left a folder read-only
    chmod -R u+rwx "$TOP" 2>/dev/null
    rm -rf "$TOP"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

fail() {                                 # fail CASE WHY
    echo "FAIL: $1: $2"
    case_failed=1
}

# begin CASE: a fresh temporary folder T for the case
begin() {
    CASE=$1
    case_failed=0
    T=$(mktemp -d "$TOP/case.XXXXXX") || { fail "$CASE" "mktemp -d failed"; return 1; }
}

# end: count the case, remove its folder
end() {
    if [ "$case_failed" = 0 ]; then
        n_pass=$((n_pass + 1))
    else
        n_fail=$((n_fail + 1))
    fi
    chmod -R u+rwx "$T" 2>/dev/null
    rm -rf "$T"
}

# run ARGS...: BIN with ARGS; stdout in $T/stdout, stderr in $T/stderr, status in $st
run() {
    timeout "$LIMIT" "$BIN" "$@" >"$T/stdout" 2>"$T/stderr"
    st=$?
    CMD="$BIN $*"
}

# The checks below take the case name from $CASE.

expect_status() {                        # expect_status N
    if [ "$st" = 124 ]; then
        fail "$CASE" "timed out after $LIMIT s: $CMD"
    elif [ "$st" -ge 128 ]; then
        fail "$CASE" "killed by signal $((st - 128)) (status $st): $CMD"
    elif [ "$st" != "$1" ]; then
        fail "$CASE" "exit status $st, expected $1: $CMD; stderr: $(head -n 3 "$T/stderr" | head -c 400)"
    fi
}

expect_msg() {                           # expect_msg FRAGMENT (fixed string, on stderr)
    if ! grep -qF -- "$1" "$T/stderr"; then
        fail "$CASE" "stderr lacks \"$1\"; stderr: $(head -c 400 "$T/stderr")"
    fi
}

expect_no_msg() {                        # expect_no_msg FRAGMENT
    if grep -qF -- "$1" "$T/stderr"; then
        fail "$CASE" "stderr should not contain \"$1\""
    fi
}

expect_sane() {                          # no sanitizer report, no crash
    if grep -q 'Sanitizer\|runtime error' "$T/stderr"; then
        fail "$CASE" "sanitizer report: $(grep -m 3 'Sanitizer\|runtime error' "$T/stderr")"
    fi
}

# put_good PATH: a good PDF at PATH, remembered to compare after the run
put_good() {
    cp "$GOOD" "$1" || fail "$CASE" "cannot copy the good PDF to $1"
    good_stat=$(stat -c '%i %s %Y' "$1")
}

# expect_untouched PATH: the good PDF at PATH is still there and unchanged,
# and no temporary file is left beside it
expect_untouched() {
    if [ ! -f "$1" ]; then
        fail "$CASE" "the good PDF at $1 was removed"
    elif ! cmp -s "$GOOD" "$1"; then
        fail "$CASE" "the good PDF at $1 was overwritten"
    elif [ "$(stat -c '%i %s %Y' "$1")" != "$good_stat" ]; then
        fail "$CASE" "the good PDF at $1 was replaced or touched (inode/size/mtime changed)"
    fi
    expect_no_temp "$(dirname "$1")" "$(basename "$1")"
}

# expect_no_temp DIR NAME: no temporary file of an output left in DIR: the
# program's own (.kumihan-XXXXXX, whatever the output's name) or one named
# after the output (.NAME.XXXXXX, as earlier versions made them)
expect_no_temp() {
    for f in "$1"/.kumihan-* "$1"/."$2".*; do
        [ -e "$f" ] && fail "$CASE" "temporary file left behind: $f"
    done
}

expect_pdf() {                           # expect_pdf PATH: a PDF was written
    if [ ! -s "$1" ]; then
        fail "$CASE" "no PDF written at $1"
    elif [ "$(head -c 5 "$1")" != "%PDF-" ]; then
        fail "$CASE" "$1 does not start with %PDF-"
    elif ! pdfinfo "$1" >/dev/null 2>&1; then
        fail "$CASE" "pdfinfo cannot read $1"
    fi
}

summary() {                              # the closing line; exit 1 on any failure
    echo "tests/$SUITE: $n_pass passed, $n_fail failed"
    [ "$n_fail" = 0 ] && exit 0
    exit 1
}

# setup_good MD: $GOOD, a good PDF of MD to guard output paths with
setup_good() {
    CASE=setup
    case_failed=0
    T=$TOP
    GOOD=$TOP/good.pdf
    run "$1" -o "$GOOD"
    expect_status 0
    expect_sane
    expect_pdf "$GOOD"
    if [ "$case_failed" != 0 ]; then
        # keep going with a stand-in so the other cases still say something
        printf '%%PDF-1.4\n%% stand-in for a good PDF\n' >"$GOOD"
        n_fail=$((n_fail + 1))
    fi
}
