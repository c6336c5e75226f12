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
#   ja-parts    LANG=ja_JP.UTF-8: the parts messages fill in are Japanese
#               too: the warnings of two damaged pictures (garbage bytes
#               named x.png; a PNG signature and then garbage) hold no
#               English word once the "FILE:LINE:COL: warning:" prefix, the
#               quoted file names and the formats' names (PNG, JPEG, WebP,
#               SVG, PDF, IHDR, kumihan) are taken out; a theme value's
#               expected form; the closing summary line ("N errors: no PDF
#               written") and -v's statistics line
#   ja-help     LANG=ja_JP.UTF-8: --help describes the options in Japanese
#               and lists the same long options as under LANG=C (which
#               tests/install compares with main.c, the man page and the
#               completions)
#   c-parts     LANG=C: the same messages, --help and summary in English
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

# The pictures and the theme of ja-parts and c-parts
printf 'garbage, not a picture\001\002\003' >"$TOP/x.png"
printf '\211PNG\r\n\032\ngarbage' >"$TOP/y.png"
printf 'body:\n  size: big\n' >"$TOP/bad.yaml"
cat >"$TOP/pics.md" <<'MD'
# 画像

![壊れた](x.png)

![壊れた PNG](y.png)
MD

# english_words FILE: the words of two letters or more left in the
# messages' bodies of FILE, a word a line (none: all Japanese)
english_words() {
    sed -e 's/^[^ ]*: \(warning: \|error: \)\{0,1\}//' -e "s/'[^']*'//g" "$1" |
        grep -o '[A-Za-z][A-Za-z]\+' | grep -vx 'kumihan\|PNG\|JPEG\|WebP\|SVG\|PDF\|IHDR'
}

begin ja-parts
(cd "$TOP" && LANG=ja_JP.UTF-8 timeout "$LIMIT" "$BIN" pics.md -o "$T/pics.pdf") 2>"$T/stderr"
st=$?
CMD="LANG=ja_JP.UTF-8 $BIN pics.md"
ERR=$T/stderr
if expect_status 0; then
    expect_msg "pics.md:3:1: warning: 画像 'x.png' を使えません: kumihan が読む画像"
    expect_msg "pics.md:5:1: warning: 画像 'y.png' を使えません: 壊れた PNG です"
    [ "$(grep -c 'warning: ' "$ERR")" = 2 ] || fail "not 2 warnings: $(cat "$ERR")"
    words=$(english_words "$ERR" | tr '\n' ' ')
    [ -z "$words" ] || fail "English words in the messages' bodies: $words; stderr: $(cat "$ERR")"
fi
LANG=ja_JP.UTF-8 run_bin "$T/o" "$T/stderr2" -v "$TOP/pics.md" -o "$T/pics.pdf"
if expect_status 0; then
    expect_msg "pics.pdf: 1 ページ、警告 2 件。"
    expect_no_msg "warnings;"
fi
LANG=ja_JP.UTF-8 run_bin "$T/o" "$T/stderr3" --strict "$TOP/pics.md" -o "$T/strict.pdf"
if expect_status 1; then
    expect_msg "pics.md: エラー 2 件: PDF は書いていません"
    expect_no_msg "no PDF written"
    words=$(english_words "$ERR" | tr '\n' ' ')
    [ -z "$words" ] || fail "English words in the messages' bodies: $words; stderr: $(cat "$ERR")"
fi
LANG=ja_JP.UTF-8 run_bin "$T/o" "$T/stderr4" --theme "$TOP/bad.yaml" "$TOP/in.md" -o "$T/bad.pdf"
if expect_status 1; then
    expect_msg "bad.yaml:2:9: error: 'body.size' は 10pt、3.5mm、1cm、0.5in、13Q のような長さでなければなりません"
    expect_msg "in.md: エラー 1 件: PDF は書いていません"
fi
end

begin ja-help
LANG=ja_JP.UTF-8 run_bin "$T/help-ja" "$T/stderr" --help
if expect_status 0; then
    grep -qF -- "  -o, --output FILE     出力先" "$T/help-ja" ||
        fail "--help lacks the Japanese description of -o: $(head -c 300 "$T/help-ja")"
    grep -qF -- "  -h, --help            この説明" "$T/help-ja" ||
        fail "--help lacks the Japanese description of -h"
    ! grep -qF -- "output path" "$T/help-ja" || fail "--help is still English under ja_JP.UTF-8"
    LANG=C run_bin "$T/help-c" "$T/stderr" --help
    grep -o -- '--[a-z][a-z-]*[a-z]' "$T/help-ja" | sort -u >"$T/opts-ja"
    grep -o -- '--[a-z][a-z-]*[a-z]' "$T/help-c" | sort -u >"$T/opts-c"
    [ "$(wc -l <"$T/opts-c")" -ge 30 ] || fail "LANG=C --help lists $(wc -l <"$T/opts-c") long options"
    cmp -s "$T/opts-ja" "$T/opts-c" ||
        fail "the long options of --help differ between ja_JP.UTF-8 and C: $(diff "$T/opts-c" "$T/opts-ja" | grep '^[<>]' | tr '\n' ' ')"
fi
end

begin c-parts
(cd "$TOP" && LANG=C timeout "$LIMIT" "$BIN" --strict pics.md -o "$T/strict.pdf") 2>"$T/stderr"
st=$?
CMD="LANG=C $BIN --strict pics.md"
ERR=$T/stderr
if expect_status 1; then
    expect_msg "pics.md:3:1: error: cannot use image 'x.png': not an image kumihan reads (PNG, JPEG, WebP, SVG or PDF)"
    expect_msg "pics.md:5:1: error: cannot use image 'y.png': a damaged PNG (no IHDR)"
    expect_msg "pics.md: 2 errors: no PDF written"
    expect_no_msg "エラー"
fi
LANG=C run_bin "$T/o" "$T/stderr2" -v "$TOP/pics.md" -o "$T/pics.pdf"
if expect_status 0; then
    expect_msg "pics.pdf: 1 page, 2 warnings; "
fi
LANG=C run_bin "$T/o" "$T/stderr3" --theme "$TOP/bad.yaml" "$TOP/in.md" -o "$T/bad.pdf"
if expect_status 1; then
    expect_msg "bad.yaml:2:9: error: 'body.size' must be a length such as 10pt, 3.5mm, 1cm, 0.5in or 13Q, not \"big\""
    expect_msg "in.md: 1 error: no PDF written"
fi
LANG=C run_bin "$T/help-c" "$T/stderr4" --help
if expect_status 0; then
    grep -qF -- "  -o, --output FILE     output path (default" "$T/help-c" ||
        fail "LANG=C --help lacks the English description of -o"
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
