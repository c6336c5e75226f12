# tests/cases.sh: what tests/bad and tests/attack share beyond tests/lib.sh,
# sourced by their run.sh with SUITE set to the suite's name (its inputs are
# in tests/$SUITE); sources tests/lib.sh (begin/end, fail, the expect_*
# checks of a run, summary). Sets K and FONTS, and defines run (BIN in the
# case's folder: $T/stdout, $T/stderr, $st), put_good/expect_untouched (an
# output path guarded by a good PDF, $GOOD, made by setup_good) and
# expect_no_temp (no temporary file of an output left behind).

# shellcheck disable=SC2034
# (K and FONTS are for the cases)
. tests/lib.sh

# BAD_SCALE=small (the sanitizer build: 10-50x slower, most of it in the
# libraries' many small allocations, each unwound for the leak suppressions)
# cuts the sizes of the big generated inputs by 50; the cases and their
# checks stay the same.
if [ "${BAD_SCALE:-full}" = small ]; then K=50; else K=1; fi
FONTS=$(pwd)/fonts

# run ARGS...: BIN with ARGS; stdout in $T/stdout, stderr in $T/stderr, status in $st
run() {
    run_bin "$T/stdout" "$T/stderr" "$@"
}

# The checks below take the case name from $CASE.

# put_good PATH: a good PDF at PATH, remembered to compare after the run
put_good() {
    cp "$GOOD" "$1" || fail "cannot copy the good PDF to $1"
    good_stat=$(stat -c '%i %s %Y' "$1")
}

# expect_untouched PATH: the good PDF at PATH is still there and unchanged,
# and no temporary file is left beside it
expect_untouched() {
    if [ ! -f "$1" ]; then
        fail "the good PDF at $1 was removed"
    elif ! cmp -s "$GOOD" "$1"; then
        fail "the good PDF at $1 was overwritten"
    elif [ "$(stat -c '%i %s %Y' "$1")" != "$good_stat" ]; then
        fail "the good PDF at $1 was replaced or touched (inode/size/mtime changed)"
    fi
    expect_no_temp "$(dirname "$1")" "$(basename "$1")"
}

# expect_no_temp DIR NAME: no temporary file of an output left in DIR: the
# program's own (.kumihan-XXXXXX, whatever the output's name) or one named
# after the output (.NAME.XXXXXX, as earlier versions made them)
expect_no_temp() {
    for f in "$1"/.kumihan-* "$1"/."$2".*; do
        [ -e "$f" ] && fail "temporary file left behind: $f"
    done
}

# setup_good MD: $GOOD, a good PDF of MD to guard output paths with
setup_good() {
    begin_setup setup
    GOOD=$TOP/good.pdf
    run "$1" -o "$GOOD"
    expect_status 0
    expect_sane
    expect_pdf "$GOOD"
    if ! end_setup; then
        # keep going with a stand-in so the other cases still say something
        printf '%%PDF-1.4\n%% stand-in for a good PDF\n' >"$GOOD"
    fi
}
