#!/bin/sh
# tests/install/run.sh BIN BUILD: the install (Makefile install, uninstall;
# src/fonts.c finding the fonts from the binary's own path), the manual
# page and the bash and zsh completions.
#   options      the long options of `BIN --help`, of main.c's getopt table,
#                of the manual page (src/kumihan.1) and of the completions
#                (src/kumihan.bash, src/_kumihan) are one list
#   man-page     it renders with no warning (man -l or nroff, mandoc -T lint
#                where installed), has its sections and the version of
#                kumihan --version
#   completion   _kumihan completes options, the values of --paper, --format,
#                --handout, --dump, --theme (built-ins and .yaml files) and
#                .md inputs (bash's compgen only)
#   zsh-completion  the same from src/_kumihan, in an interactive zsh on a
#                pseudo-terminal (complete.zsh)
#   install      `make install PREFIX=$T/p` installs the binary built (no
#                object rebuilt for that PREFIX), the fonts and OFL.txt, the
#                manual page, the completions and the Japanese messages
#                (share/locale/ja/LC_MESSAGES/kumihan.mo); run from another
#                folder it renders content/report.md (12 pages), its font cache in
#                $XDG_CACHE_HOME/kumihan and nothing beside the binary; as
#                user nobody (when run as root) too, its cache in ~/.cache;
#                `make uninstall PREFIX=$T/p` leaves no file and no folder
#   relocated    an install moved to another folder still finds its own
#                fonts there: a font removed is named at the new place
# BUILD is the Makefile's build (debug, sanitize...), for the nested make.
# Run from the repository root: sh tests/install/run.sh build/kumihan debug

SUITE=install
. tests/lib.sh
LIMIT=60
BUILD=${2:-debug}
MAKE=${MAKE:-make}
REPO=$(pwd)
REPORT=$REPO/content/report.md
require_tools pdfinfo bash nroff

# long_options: the --options in standard input, one a line, sorted, once
long_options() {
    grep -o -- '--[a-z][a-z-]*[a-z]' | sort -u
}

# make_install TARGET PREFIX: the nested make, its output in $T/make.log
make_install() {
    $MAKE --no-print-directory build="$BUILD" "$1" PREFIX="$2" >"$T/make.log" 2>&1 ||
        { fail "make $1 PREFIX=$2 failed: $(tail -5 "$T/make.log")"; return 1; }
}

# --- one list of options ---

begin options
"$BIN" --help | long_options >"$T/help"
sed -n 's/^ *{"\([a-z-]*\)", *[a-z_]*_argument,.*/--\1/p' src/main.c | sort -u >"$T/getopt"
sed 's/\\-/-/g' src/kumihan.1 | long_options >"$T/man"
long_options <src/kumihan.bash >"$T/bash"
long_options <src/_kumihan >"$T/zsh"
[ "$(wc -l <"$T/help")" -ge 30 ] || fail "--help lists $(wc -l <"$T/help") long options"
for list in getopt man bash zsh; do
    diff "$T/help" "$T/$list" >"$T/diff" ||
        fail "--help (<) and $list (>) differ: $(grep '^[<>]' "$T/diff" | tr '\n' ' ')"
done
end

# --- the manual page ---

begin man-page
# (grotty's bold and underline are overstrikes: backspaces taken out)
LC_ALL=$U8 nroff -man -Tutf8 -ww src/kumihan.1 2>"$T/warn" | sed 's/.\x08//g' >"$T/page"
[ -s "$T/warn" ] && fail "nroff warns: $(head -3 "$T/warn")"
for section in NAME SYNOPSIS DESCRIPTION OPTIONS 'CONTENT FORMAT' 'EXIT STATUS' ENVIRONMENT \
               FILES EXAMPLES; do
    grep -q "^$section\$" "$T/page" || fail "no section $section in the rendered page"
done
grep -q 'kumihan - typeset Markdown as a Japanese PDF' "$T/page" || fail "no NAME line"
version=$("$BIN" --version)
grep -q "^\.TH KUMIHAN 1 [0-9-]* \"$version\" " src/kumihan.1 ||
    fail "the page's .TH line does not name \"$version\" (kumihan --version)"
if command -v man >/dev/null 2>&1; then
    LC_ALL=$U8 MANWIDTH=80 man -l src/kumihan.1 2>"$T/warn" | grep -q -- '--line-start-bracket' ||
        fail "man -l src/kumihan.1 does not show --line-start-bracket: $(head -3 "$T/warn")"
fi
if command -v mandoc >/dev/null 2>&1; then
    mandoc -T lint -W warning src/kumihan.1 >"$T/lint" 2>&1 ||
        fail "mandoc -T lint: $(head -3 "$T/lint")"
fi
end

# --- bash completion ---

# complete_line LINE: COMPREPLY of _kumihan for the command line LINE,
# completing its last word (empty when LINE ends in a space), in the
# folder $T/files; sorted, one a line, in $T/reply
complete_line() {
    (cd "$T/files" && bash -c '. "$1"
        read -ra COMP_WORDS <<<"$2"
        [[ $2 == *" " ]] && COMP_WORDS+=("")
        COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
        _kumihan
        printf "%s\n" "${COMPREPLY[@]}"' complete "$REPO/src/kumihan.bash" "$1") |
        grep -v '^$' | sort >"$T/reply"
}

# expect_reply LINE EXPECTED...: the completion of LINE is EXPECTED
expect_reply() {
    _line=$1
    shift
    complete_line "$_line"
    printf '%s\n' "$@" | grep -v '^$' | sort >"$T/want"
    cmp -s "$T/reply" "$T/want" ||
        fail "'$_line<TAB>' gives $(tr '\n' ' ' <"$T/reply")(want $*)"
}

begin completion
mkdir -p "$T/files/sub"
: >"$T/files/report.md"
: >"$T/files/notes.txt"
: >"$T/files/house.yaml"
: >"$T/files/old.yml"
expect_reply 'kumihan --pap' --paper
expect_reply 'kumihan --paper ' A4 A3 A5 A6 B4 B5 B6 Letter Legal
expect_reply 'kumihan --paper B' B4 B5 B6
expect_reply 'kumihan --paper = ' A4 A3 A5 A6 B4 B5 B6 Letter Legal
expect_reply 'kumihan --format ' pdf png svg
expect_reply 'kumihan --handout ' 1 2 3 4 6 9
expect_reply 'kumihan --dump ' tree items pages
expect_reply 'kumihan --line-break n' normal
expect_reply 'kumihan --theme ' report paper gaia uncover house.yaml sub
expect_reply 'kumihan --theme u' uncover
expect_reply 'kumihan --slides ' report.md sub
expect_reply 'kumihan -o out.pdf r' report.md
expect_reply 'kumihan --line-start' --line-start-bracket
expect_reply 'kumihan --dpi '
complete_line 'kumihan -'
"$BIN" --help | long_options >"$T/help"
grep -- '^--' "$T/reply" | cmp -s - "$T/help" || fail "kumihan -<TAB> is not every long option"
grep -qx -- -o "$T/reply" || fail "kumihan -<TAB> lacks -o"
end

# zsh_reply LINE EXPECTED...: what zsh offers for LINE (tests/install/
# complete.zsh, in $T/files) is EXPECTED
zsh_reply() {
    _line=$1
    shift
    (cd "$T/files" &&
        zsh -f "$REPO/tests/install/complete.zsh" "$REPO/src" "$T/zout" "$_line") ||
        { fail "zsh: '$_line<TAB>' did not complete"; return; }
    sed -n 's/^HIT://p' "$T/zout" | sort >"$T/reply"
    printf '%s\n' "$@" | sort >"$T/want"
    cmp -s "$T/reply" "$T/want" ||
        fail "zsh: '$_line<TAB>' gives $(tr '\n' ' ' <"$T/reply")(want $*)"
}

begin zsh-completion
if command -v zsh >/dev/null 2>&1; then
    mkdir -p "$T/files/sub"
    : >"$T/files/report.md"
    : >"$T/files/notes.txt"
    : >"$T/files/house.yaml"
    zsh_reply 'kumihan --pap' --paper
    zsh_reply 'kumihan --paper B' B4 B5 B6
    zsh_reply 'kumihan --paper=' A4 A3 A5 A6 B4 B5 B6 Letter Legal
    zsh_reply 'kumihan --format ' pdf png svg
    zsh_reply 'kumihan --handout ' 1 2 3 4 6 9
    zsh_reply 'kumihan --dump ' tree items pages
    zsh_reply 'kumihan --theme ' report paper gaia uncover house.yaml sub
    zsh_reply 'kumihan --slides ' report.md sub
    zsh_reply 'kumihan --line-start' --line-start-bracket
    (cd "$T/files" && zsh -f "$REPO/tests/install/complete.zsh" "$REPO/src" "$T/zout" \
        'kumihan -') || fail "zsh: 'kumihan -<TAB>' did not complete"
    sed -n 's/^HIT:--/--/p' "$T/zout" | sort -u >"$T/reply"
    "$BIN" --help | long_options | cmp -s - "$T/reply" ||
        fail "zsh: kumihan -<TAB> is not every long option"
else
    fail "zsh is not installed (make deps installs it)"
fi
end

# --- install, run, uninstall ---

begin install
mkdir "$T/elsewhere" "$T/xdg"
if make_install install "$T/p"; then
    grep -q -- ' -c src/' "$T/make.log" &&
        fail "make install compiled objects: $(grep -- ' -c src/' "$T/make.log" | head -1)"
    cmp -s "$BIN" "$T/p/bin/kumihan" || fail "bin/kumihan is not $BIN"
    for f in share/man/man1/kumihan.1 share/bash-completion/completions/kumihan \
             share/zsh/site-functions/_kumihan \
             share/kumihan/fonts/SHA256SUMS share/kumihan/fonts/OFL.txt \
             share/kumihan/fonts/fonts.conf share/kumihan/install.list \
             share/locale/ja/LC_MESSAGES/kumihan.mo; do
        [ -f "$T/p/$f" ] || fail "no $f installed"
    done
    for f in $(awk '{ print $2 }' fonts/SHA256SUMS); do
        cmp -s "fonts/$f" "$T/p/share/kumihan/fonts/$f" || fail "font $f not installed"
    done
    cmp -s src/kumihan.1 "$T/p/share/man/man1/kumihan.1" || fail "the manual page differs"
    (cd "$T/elsewhere" && timeout "$LIMIT" env XDG_CACHE_HOME="$T/xdg" "$T/p/bin/kumihan" \
        "$REPORT" -o r.pdf) >"$T/stdout" 2>"$T/stderr"
    st=$?
    CMD="(cd $T/elsewhere; $T/p/bin/kumihan $REPORT -o r.pdf)"
    expect_status 0
    expect_sane
    [ "$(pdf_pages "$T/elsewhere/r.pdf")" = 12 ] ||
        fail "the installed binary made $(pdf_pages "$T/elsewhere/r.pdf") pages, not 12"
    [ -f "$T/xdg/kumihan/fonts.verified" ] || fail "no font cache in \$XDG_CACHE_HOME/kumihan"
    [ -e "$T/p/bin/cache" ] && fail "a cache folder was made beside the installed binary"
    if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1; then
        # a user who can write neither the install nor the cache of root
        mkdir "$T/home"
        cp -R content "$T/home/content"
        chown -R nobody "$T/home"
        chmod 755 "$TOP" "$T"
        (cd "$T/home" && timeout "$LIMIT" env -u XDG_CACHE_HOME HOME="$T/home" \
            setpriv --reuid=nobody --regid=nogroup --clear-groups \
            "$T/p/bin/kumihan" content/report.md -o r.pdf) >"$T/stdout" 2>"$T/stderr"
        st=$?
        CMD="(as nobody) $T/p/bin/kumihan content/report.md"
        expect_status 0
        expect_sane
        [ "$(pdf_pages "$T/home/r.pdf")" = 12 ] || fail "as nobody: no 12-page PDF"
        [ "$(stat -c %U "$T/home/r.pdf" 2>/dev/null)" = nobody ] || fail "the PDF is not nobody's"
        [ -f "$T/home/.cache/kumihan/fonts.verified" ] ||
            fail "as nobody: no cache in ~/.cache/kumihan"
        chmod 700 "$TOP"
    fi
    if make_install uninstall "$T/p"; then
        n=$(find "$T/p" -type f 2>/dev/null | wc -l)
        [ "$n" = 0 ] || fail "make uninstall left $n files: $(find "$T/p" -type f | head -3)"
        [ -e "$T/p" ] && fail "make uninstall left the folders it made: $(find "$T/p" | head -3)"
    fi
fi
end

begin relocated
if make_install install "$T/a"; then
    mv "$T/a" "$T/b"
    mkdir "$T/elsewhere"
    (cd "$T/elsewhere" && timeout "$LIMIT" env XDG_CACHE_HOME="$T/xdg" "$T/b/bin/kumihan" \
        --dump tree "$REPORT") >"$T/stdout" 2>"$T/stderr"
    st=$?
    CMD="$T/b/bin/kumihan --dump tree"
    expect_status 0
    rm "$T/b/share/kumihan/fonts/NotoColorEmoji.ttf"
    (cd "$T/elsewhere" && timeout "$LIMIT" env XDG_CACHE_HOME="$T/xdg" "$T/b/bin/kumihan" \
        "$REPORT" -o r.pdf) >"$T/stdout" 2>"$T/stderr"
    st=$?
    expect_status 2
    expect_msg "$T/b/share/kumihan/fonts/NotoColorEmoji.ttf"
fi
end

summary
