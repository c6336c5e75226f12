#!/bin/sh
# tests/i18n/run.sh BIN POT: the messages in the user's language (issue 23,
# gettext; src/i18n.c). POT is build/kumihan.pot, the messages `make po`
# extracts from the Makefile's I18N_SRCS.
#
#   catalog     src/po/ja.po merged with POT (msgmerge) translates every
#               message: no untranslated and no fuzzy entry (msgfmt
#               --statistics), as many translated as POT has messages, and
#               msgfmt --check (the formats' conversions) passes on ja.po
#   ja          LANG=ja_JP.UTF-8: a missing picture's warning in Japanese
#               after the English "FILE:LINE:COL: warning:" prefix, its
#               reason (strerror, glibc's own catalog) in Japanese too, not
#               question marks; a usage error in Japanese, exit 2
#   c           LANG=C: the same warning and usage error in English
#   same-output the PDF and the --dump tree of a document with warnings are
#               the same bytes under both locales
# The ja_JP.UTF-8 locale: the system's when `locale -a` lists it, else one
# made for the run by localedef (package locales) and found through LOCPATH.
# Run from the repository root: sh tests/i18n/run.sh build/kumihan build/kumihan.pot

SUITE=i18n
. tests/lib.sh
POT=${2:?usage: sh tests/i18n/run.sh BIN POT}
require_tools msgmerge msgfmt
export SOURCE_DATE_EPOCH=1710460800

# the language of each run comes from LANG alone
unset LANGUAGE LC_ALL LC_MESSAGES
if ! locale -a 2>/dev/null | grep -qix 'ja_JP\.utf-\?8'; then
    localedef -i ja_JP -f UTF-8 "$TOP/ja_JP.UTF-8" >"$TOP/localedef.log" 2>&1 ||
        setup_failed "no ja_JP.UTF-8 locale, and localedef cannot make one: $(head -c 300 "$TOP/localedef.log")"
    export LOCPATH="$TOP"
fi

cat >"$TOP/in.md" <<'MD'
# 見出し

![図](missing.png)

| a | b |
|---|---|
| 1 | 2 | 3 |
MD

begin catalog
if msgmerge --quiet -o "$T/merged.po" src/po/ja.po "$POT" 2>"$T/err"; then
    msgfmt --statistics -o /dev/null "$T/merged.po" 2>"$T/stats"
    stats=$(cat "$T/stats")
    n_pot=$(grep -c '^msgid ' "$POT")
    n_pot=$((n_pot - 1))                  # (the header)
    case $stats in
        *untranslated* | *fuzzy*) fail "ja.po is not complete for $POT: $stats (run make po)" ;;
        "$n_pot translated message"*) ;;
        *) fail "ja.po: '$stats', expected $n_pot translated messages" ;;
    esac
    [ "$n_pot" -ge 100 ] || fail "$POT holds only $n_pot messages"
else
    fail "msgmerge failed: $(cat "$T/err")"
fi
msgfmt --check -o /dev/null src/po/ja.po 2>"$T/err" || fail "msgfmt --check: $(head -c 400 "$T/err")"
end

begin ja
(cd "$TOP" && LANG=ja_JP.UTF-8 timeout "$LIMIT" "$BIN" in.md -o "$T/ja.pdf") 2>"$T/stderr"
st=$?
CMD="LANG=ja_JP.UTF-8 $BIN in.md"
if expect_status 0; then
    expect_msg "in.md:3:1: warning: 画像 'missing.png' を使えません: "
    expect_msg "そのようなファイルやディレクトリはありません。代わりの枠を置きます"
    expect_no_msg "cannot use image"
    expect_no_msg "?"
fi
LANG=ja_JP.UTF-8 run_bin "$T/o" "$T/stderr2" --format gif "$TOP/in.md"
if expect_status 2; then
    expect_msg "kumihan: error: --format には pdf、png、svg のいずれかを指定します ('gif' は不可)"
fi
end

begin c
(cd "$TOP" && LANG=C timeout "$LIMIT" "$BIN" in.md -o "$T/c.pdf") 2>"$T/stderr"
st=$?
CMD="LANG=C $BIN in.md"
if expect_status 0; then
    expect_msg "in.md:3:1: warning: cannot use image 'missing.png': No such file or directory; a placeholder is set"
    expect_no_msg "画像"
fi
LANG=C run_bin "$T/o" "$T/stderr2" --format gif "$TOP/in.md"
if expect_status 2; then
    expect_msg "kumihan: error: --format takes pdf, png or svg, not 'gif'"
fi
end

begin same-output
for l in ja_JP.UTF-8 C; do
    (cd "$TOP" && LANG=$l timeout "$LIMIT" "$BIN" in.md -o "$T/$l.pdf" 2>/dev/null &&
     LANG=$l timeout "$LIMIT" "$BIN" --dump tree in.md >"$T/$l.tree" 2>/dev/null) ||
        fail "LANG=$l: the render or the dump failed"
done
[ -s "$T/C.pdf" ] && cmp -s "$T/ja_JP.UTF-8.pdf" "$T/C.pdf" || fail "the PDFs differ between ja_JP.UTF-8 and C"
[ -s "$T/C.tree" ] && cmp -s "$T/ja_JP.UTF-8.tree" "$T/C.tree" ||
    fail "the --dump tree differs between ja_JP.UTF-8 and C"
end

summary
