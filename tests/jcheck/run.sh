#!/bin/sh
# tests/jcheck/run.sh BIN JCHECK: JLREQ composition figures for the real documents,
# measured by jcheck on the PDF through mutool and pdftotext (see jcheck.c's header).
#
#   self-test     jcheck on tests/jcheck/odd.stext (hand-written MuPDF XML: a page with
#                 no text, no <font> sizes, entities, vertical and rotated lines on a
#                 horizontal page, a page of vertical-font columns) and on two PDFs drawn
#                 glyph by glyph with cairo by tests/jcheck/fixture.c (not by kumihan),
#                 one horizontal, one vertical (tategaki), whose faults are known: the
#                 summaries must match exactly.
#                 The fixture is skipped when cairo/freetype2 headers are missing.
#   gaps          tests/jcheck/gaps.c: where pdftotext starts reading a gap between two
#                 Japanese glyphs as a space (the loose threshold), checked.
#   documents     content/report.md, tests/jcheck/stress.md (the hard cases of JLREQ)
#                 and tests/jcheck/stress-tech.md (dense technical Japanese: long
#                 identifiers, paths, URLs, English sentences, version strings, lists
#                 four deep, a table with long text, notes) at A4, B5 and A5, and
#                 tests/jcheck/stress-deck.md as slides and as 3- and 6-up handouts;
#                 each rendered with BIN -v and checked with --source (slides with
#                 --flush-left: the theme sets them unjustified); one line each with
#                 jcheck's summary and kumihan's own counts of lines (loose, ragged,
#                 hyphenated), the whole report when a case fails.
#
# STRICT=1 (default) runs jcheck --expect-clean: no line starts or ends against JLREQ
# strict kinsoku, no unjustified or overfull lines (ragged ones, set short rather than
# spread, are allowed and counted), no spurious spaces, no loose lines (by jcheck and by
# kumihan -v), and a Japanese-Latin gap median within 0.23-0.27 em. JCHECK_STRICT=0 in
# the environment fails only on line starts and ends (start=0 end=0), for looking at
# other PDFs.
#
# Run from the repository root: sh tests/jcheck/run.sh build/kumihan build/debug/jcheck
# Prints "FAIL: <what>: <why>" per failure; exits 1 on any failure.

BIN=${1:?usage: sh tests/jcheck/run.sh BIN JCHECK}
JCHECK=${2:?usage: sh tests/jcheck/run.sh BIN JCHECK}
STRICT=${JCHECK_STRICT:-1}
DIR=tests/jcheck
FONT=fonts/NotoSerifCJK-Regular.ttc
DOCS="content/report.md $DIR/stress.md"
ROOT=$(pwd)
case $JCHECK in /*) ;; *) JCHECK=$ROOT/$JCHECK ;; esac
case $BIN in /*) ;; *) BIN=$ROOT/$BIN ;; esac

n_fail=0
T=$(mktemp -d "${TMPDIR:-/tmp}/kumihan-jcheck.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

fail() {                                 # fail WHAT WHY
    echo "FAIL: $1: $2"
    n_fail=$((n_fail + 1))
}

summary() {                              # summary FILE: jcheck's last line
    sed -n 's/^jcheck: \(start=.*\)$/\1/p' "$1"
}

field() {                                # field NAME SUMMARY: the value of NAME=
    printf '%s\n' "$2" | sed -n "s/.*$1=\\([^ ]*\\).*/\\1/p"
}

# --- self-test: odd inputs ---
"$JCHECK" --lines --stext "$DIR/odd.stext" >"$T/odd.txt" 2>&1
st=$?
got=$(summary "$T/odd.txt")
want="start=2 end=0 unjustified=0 gap_median=none spurious=0 loose=0 ragged=0"
if [ "$st" != 0 ]; then
    fail odd.stext "jcheck exited $st"
    cat "$T/odd.txt"
elif [ "$got" != "$want" ]; then
    fail odd.stext "got '$got', want '$want'"
    cat "$T/odd.txt"
elif ! grep -q "記号&<>\"'と" "$T/odd.txt"; then
    fail odd.stext "entities not decoded"
fi

# --- self-test: a PDF kumihan did not make ---
CC=${CC:-cc}
if pkg-config --exists cairo freetype2 2>/dev/null; then
    # shellcheck disable=SC2046
    if ! $CC -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Wpedantic -Wshadow \
            -Wstrict-prototypes -Wmissing-prototypes -Werror \
            "$DIR/fixture.c" -o "$T/fixture" $(pkg-config --cflags --libs cairo freetype2) \
            >"$T/cc.txt" 2>&1; then
        fail fixture "does not compile"
        cat "$T/cc.txt"
    elif ! "$T/fixture" "$FONT" "$T/fixture.pdf" "$T/fixture.txt" "$T/vertical.pdf"; then
        fail fixture "could not write the PDFs"
    else
        "$JCHECK" --source "$T/fixture.txt" --expect-clean "$T/fixture.pdf" >"$T/fx.txt" 2>&1
        st=$?
        got=$(summary "$T/fx.txt")
        want="start=2 end=1 unjustified=2 gap_median=0.250em spurious=1 loose=1 ragged=1"
        if [ "$st" != 1 ]; then
            fail fixture "jcheck --expect-clean exited $st on known faults, want 1"
            cat "$T/fx.txt"
        elif [ "$got" != "$want" ]; then
            fail fixture "got '$got', want '$want'"
            cat "$T/fx.txt"
        fi
        # the vertical page, found vertical without --vertical
        "$JCHECK" --source "$T/fixture.txt" --expect-clean "$T/vertical.pdf" >"$T/vfx.txt" 2>&1
        st=$?
        got=$(summary "$T/vfx.txt")
        want="start=1 end=1 unjustified=3 gap_median=0.250em spurious=0 loose=1 ragged=0"
        if [ "$st" != 1 ]; then
            fail "fixture (vertical)" "jcheck --expect-clean exited $st on known faults, want 1"
            cat "$T/vfx.txt"
        elif [ "$got" != "$want" ]; then
            fail "fixture (vertical)" "got '$got', want '$want'"
            cat "$T/vfx.txt"
        elif ! grep -q ": 2 pages (0 without body text, 2 vertical)$" "$T/vfx.txt"; then
            fail "fixture (vertical)" "its pages were not read as vertical"
            cat "$T/vfx.txt"
        fi
    fi
else
    echo "skip: fixture (no cairo/freetype2 headers)"
fi

# --- the loose threshold, measured (gaps.c): no gap up to 0.099 em reads as a space in
# any font, size or context, 0.100 em does at some sizes, and a space appears by 0.101 em
# in every case with a font change or with one gap: the threshold jcheck counts loose lines at (LOOSE_EM, 0.100 em) is where
# pdftotext starts reading spaces, and kumihan's most between Japanese characters
# (JP_STRETCH_MAX, 0.095 em) stays under it ---
if pkg-config --exists cairo freetype2 2>/dev/null; then
    # shellcheck disable=SC2046
    if ! $CC -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Wpedantic -Wshadow \
            -Wstrict-prototypes -Wmissing-prototypes -Werror \
            "$DIR/gaps.c" -o "$T/gaps" $(pkg-config --cflags --libs cairo freetype2) \
            >"$T/cc.txt" 2>&1; then
        fail gaps "does not compile"
        cat "$T/cc.txt"
    elif ! "$T/gaps" "$T/gaps.pdf" fonts/NotoSerifCJK-Regular.ttc fonts/NotoSansCJK-Regular.ttc \
         || ! pdftotext -enc UTF-8 "$T/gaps.pdf" - | "$T/gaps" --read >"$T/gaps.txt"; then
        fail gaps "could not measure"
    else
        got=$(tail -n 1 "$T/gaps.txt")
        want="threshold: none<=0.099em space>=0.101em"
        case $got in
            "threshold: none<=0.09"[89]"em space>=0.10"[012]em) echo "gaps: $got" ;;
            *) fail gaps "got '$got', want '$want' (±0.001)"; cat "$T/gaps.txt" ;;
        esac
    fi
fi

# --- the documents: the report, the stress texts at A4, B5 and A5, the stress deck as
# slides and as handouts (text set flush left: --flush-left) ---
CASES="report:content/report.md:--paper=A4
report-b5:content/report.md:--paper=B5
report-a5:content/report.md:--paper=A5
stress:$DIR/stress.md:--paper=A4
stress-b5:$DIR/stress.md:--paper=B5
stress-a5:$DIR/stress.md:--paper=A5
tech:$DIR/stress-tech.md:--paper=A4
tech-b5:$DIR/stress-tech.md:--paper=B5
tech-a5:$DIR/stress-tech.md:--paper=A5
deck:$DIR/stress-deck.md:--slides
deck-h3:$DIR/stress-deck.md:--handout=3
deck-h6:$DIR/stress-deck.md:--handout=6"
for c in $CASES; do
    name=${c%%:*}
    rest=${c#*:}
    doc=${rest%%:*}
    opt=$(printf '%s' "${rest#*:}" | tr = ' ')
    flush=
    case $opt in --slides*|--handout*) flush=--flush-left ;; esac
    pdf=$T/$name.pdf
    # shellcheck disable=SC2086
    if ! "$BIN" -v $opt "$doc" -o "$pdf" >"$T/$name.err" 2>&1; then
        fail "$name" "$BIN could not render $doc"
        cat "$T/$name.err"
        continue
    fi
    clean=
    [ "$STRICT" = 1 ] && clean=--expect-clean
    # from inside $T, so the report names the PDF without the random folder
    (cd "$T" && "$JCHECK" --source "$ROOT/$doc" $clean $flush "$name.pdf") >"$T/$name.txt" 2>&1
    st=$?
    s=$(summary "$T/$name.txt")
    v=$(sed -n 's/.*warnings*; //p' "$T/$name.err")
    echo "$name ($doc $opt): $s; kumihan -v: $v"
    if [ "$st" = 2 ] || [ -z "$s" ]; then
        fail "$name" "jcheck could not read the PDF (exit $st)"
        cat "$T/$name.txt"
        continue
    fi
    n=$(field start "$s")
    [ "$n" = 0 ] || fail "$name" "$n lines start with a char JLREQ forbids there"
    n=$(field end "$s")
    [ "$n" = 0 ] || fail "$name" "$n lines end with an opening bracket"
    if [ "$STRICT" = 1 ] && [ "$st" != 0 ]; then
        fail "$name" "not clean under JCHECK_STRICT=1: $s"
        cat "$T/$name.txt"
    fi
    # the engine's own count agrees: no line it set has a loose gap
    case $v in
        *" 0 loose,"*) ;;
        *) [ "$STRICT" = 1 ] && fail "$name" "kumihan -v counts loose lines: $v" ;;
    esac
done

if [ "$n_fail" -gt 0 ]; then
    echo "check-jlreq: $n_fail failed (STRICT=$STRICT)"
    exit 1
fi
echo "check-jlreq: passed (STRICT=$STRICT)"
