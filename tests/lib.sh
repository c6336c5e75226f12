# tests/lib.sh: what the shell suites share, sourced with SUITE set to the
# suite's name by tests/pdf, tests/print, tests/slides and tests/archive
# run.sh, and by tests/bad and tests/attack through tests/cases.sh. Run from
# the repository root with BIN, the program under test, as the suite's first
# argument (the Makefile passes $(BIN), the sanitizer build's too).
#
# Sets BIN (absolute), D (the suite's inputs, tests/$SUITE), LIMIT (seconds
# per run of BIN: 20 unless the suite sets another), U8 (a UTF-8 locale) and
# TOP (a temporary folder, removed on exit; kept when TESTS_KEEP is set), and
# defines:
#   counting  begin/end (a case in a fresh folder $T), fail, begin_setup/
#             end_setup (a step the cases need, counted only when it fails),
#             summary (the closing line and the exit status), setup_failed
#             and require_tools (the suite cannot run)
#   runs      run_bin (BIN under `timeout $LIMIT`: $st, $CMD, $ERR), the
#             checks of a run that ended (expect_ended, expect_status,
#             expect_sane, expect_msg, expect_no_msg) and render (a run that
#             must write a PDF)
#   PDFs      expect_pdf, pdf_pages, pdf_info, pdf_text

# shellcheck disable=SC2034,SC2119,SC2120
# (the variables are for the suites; summary's NOTE is optional)
BIN=${1:?usage: sh tests/$SUITE/run.sh BIN}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
D=tests/$SUITE                           # inputs, as given on the command line
LIMIT=20                                 # seconds per run: catches hangs, does not time
U8=C.UTF-8                               # for grep -P with \x{...}, grep -o '.' on characters

n_pass=0
n_fail=0
case_failed=0
CASE=setup

summary() {                              # summary [NOTE]: the closing line; exit 1 on any failure
    echo "tests/$SUITE: $n_pass passed, $n_fail failed${1:+ $1}"
    [ "$n_fail" = 0 ] && exit 0
    exit 1
}

setup_failed() {                         # setup_failed WHY: the suite cannot run
    echo "FAIL: setup: $1"
    n_fail=$((n_fail + 1))
    summary
}

require_tools() {                        # require_tools TOOL...: each one installed
    for _tool in "$@"; do
        command -v "$_tool" >/dev/null 2>&1 || setup_failed "$_tool is not installed"
    done
}

[ -x "$BIN" ] || setup_failed "$BIN is not an executable"

TOP=$(mktemp -d "${TMPDIR:-/tmp}/kumihan-$SUITE.XXXXXX") || exit 1
cleanup() {
    # a case may have left a folder read-only
    chmod -R u+rwx "$TOP" 2>/dev/null
    rm -rf "$TOP"
}
if [ -n "${TESTS_KEEP:-}" ]; then
    echo "tests/$SUITE: keeping $TOP"
else
    trap cleanup EXIT
fi
trap 'exit 130' INT
trap 'exit 143' TERM

# --- counting ---------------------------------------------------------------

fail() {                                 # fail WHY (for the current $CASE)
    echo "FAIL: $CASE: $1"
    case_failed=1
}

# begin CASE: a fresh temporary folder T for the case; the checks of a run
# read $T/stderr until run_bin names another file
begin() {
    CASE=$1
    case_failed=0
    ERR=
    T=$(mktemp -d "$TOP/case.XXXXXX") || { fail "mktemp -d failed"; return 1; }
    ERR=$T/stderr
}

# end: count the case, remove its folder
end() {
    if [ "$case_failed" = 0 ]; then
        n_pass=$((n_pass + 1))
    else
        n_fail=$((n_fail + 1))
    fi
    [ -n "${TESTS_KEEP:-}" ] && return 0
    chmod -R u+rwx "$T" 2>/dev/null
    rm -rf "$T"
}

# begin_setup NAME: a step the cases need (not a case), working in T=$TOP
begin_setup() {
    CASE=$1
    case_failed=0
    T=$TOP
    ERR=$T/stderr
}

# end_setup: count the step as a failure if it failed, and be false then
end_setup() {
    [ "$case_failed" = 0 ] && return 0
    n_fail=$((n_fail + 1))
    return 1
}

# --- runs of BIN -------------------------------------------------------------

# run_bin STDOUT STDERR ARGS...: BIN with ARGS under `timeout $LIMIT`, its
# output in the files STDOUT and STDERR; sets st (its status), CMD (the
# command, for messages) and ERR (STDERR, which the checks below read)
run_bin() {
    _run_bin_out=$1
    ERR=$2
    shift 2
    timeout "$LIMIT" "$BIN" "$@" >"$_run_bin_out" 2>"$ERR"
    st=$?
    CMD="$BIN $*"
}

# The checks below are of the last run ($st, $CMD, $ERR), for the current
# $CASE; each is false when it failed.

expect_ended() {                         # neither timed out nor killed by a signal
    if [ "$st" = 124 ]; then
        fail "timed out after $LIMIT s: $CMD"
    elif [ "$st" -ge 128 ]; then
        fail "killed by signal $((st - 128)) (status $st): $CMD"
    else
        return 0
    fi
    return 1
}

expect_status() {                        # expect_status N: ended with status N
    expect_ended || return 1
    [ "$st" = "$1" ] && return 0
    fail "exit status $st, expected $1: $CMD; stderr: $(head -n 3 "$ERR" | head -c 400)"
    return 1
}

expect_sane() {                          # no sanitizer report on stderr
    if [ ! -f "$ERR" ]; then
        fail "no stderr to look at ($ERR): $CMD"
    elif grep -q 'Sanitizer\|runtime error' "$ERR"; then
        fail "sanitizer report: $(grep -m 3 'Sanitizer\|runtime error' "$ERR")"
    else
        return 0
    fi
    return 1
}

expect_msg() {                           # expect_msg FRAGMENT (fixed string, on stderr)
    grep -qF -- "$1" "$ERR" && return 0
    fail "stderr lacks \"$1\"; stderr: $(head -c 400 "$ERR")"
    return 1
}

expect_no_msg() {                        # expect_no_msg FRAGMENT
    grep -qF -- "$1" "$ERR" || return 0
    fail "stderr should not contain \"$1\""
    return 1
}

# render OUT ARGS...: BIN ARGS -o OUT, its output in OUT.stdout and
# OUT.stderr, exits 0 without a sanitizer report and writes a PDF at OUT;
# false when it did not exit 0 or wrote no PDF
render() {
    _render_out=$1
    shift
    run_bin "$_render_out.stdout" "$_render_out.stderr" "$@" -o "$_render_out"
    expect_status 0
    _render_st=$?
    expect_sane
    expect_pdf "$_render_out" && [ "$_render_st" = 0 ]
}

# --- PDFs --------------------------------------------------------------------

expect_pdf() {                           # expect_pdf PATH: a PDF was written
    if [ ! -s "$1" ]; then
        fail "no PDF written at $1"
    elif [ "$(head -c 5 "$1")" != "%PDF-" ]; then
        fail "$1 does not start with %PDF-"
    elif ! pdfinfo "$1" >/dev/null 2>&1; then
        fail "pdfinfo cannot read $1"
    else
        return 0
    fi
    return 1
}

pdf_info() {                             # pdf_info PDF FIELD: the value pdfinfo gives
    pdfinfo "$1" 2>/dev/null | sed -n "s/^$2:[[:space:]]*//p"
}

pdf_pages() {                            # pdf_pages PDF: the page count
    pdf_info "$1" Pages
}

# pdf_pixel PDF PAGE X Y: the colour at (X, Y) pt of the page, rrggbb
# (pdftoppm at 72 dpi: one pixel a point)
pdf_pixel() {
    pdftoppm -f "$2" -l "$2" -r 72 -x "$3" -y "$4" -W 1 -H 1 "$1" 2>/dev/null |
        tail -c 3 | od -An -tx1 | tr -d ' \n'
}

# pdf_text PDF [FIRST [LAST]]: pdftotext's text of PDF (of pages FIRST to
# LAST, LAST defaulting to FIRST) on stdout, in reading order
pdf_text() {
    if [ $# -ge 2 ]; then
        pdftotext -q -enc UTF-8 -f "$2" -l "${3:-$2}" "$1" - 2>/dev/null
    else
        pdftotext -q -enc UTF-8 "$1" - 2>/dev/null
    fi
}
