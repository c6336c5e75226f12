#!/bin/sh
# tests/bad/run.sh BIN: bad input, bad options and a bad environment (DESIGN §2).
#
# Every case runs BIN once (under `timeout 20`) in its own temporary folder and
# asserts:
#   - the exit status: 0 success (warnings allowed), 1 content errors, 2 usage
#     or environment errors;
#   - a fragment of the message on stderr, with its FILE:LINE:COL when the
#     message has a position;
#   - no crash: status < 128, no timeout, no "Sanitizer"/"runtime error" on
#     stderr (the same script runs against build/sanitize/kumihan);
#   - on failure, the output is untouched: a good PDF put at the output path
#     first is byte-identical afterwards (same inode, same mtime) and no
#     temporary file (.kumihan-XXXXXX, or .NAME.XXXXXX as earlier versions
#     named them) is left in its folder.
# Inputs are the files beside this script; the ones with bytes that do not
# belong in a text file (invalid UTF-8, NUL) are written by the cases below.
#
# Run from the repository root: sh tests/bad/run.sh build/kumihan
# Prints "FAIL: <case>: <why>" per failed check and a summary; exits 1 on any
# failure.

SUITE=bad
. tests/cases.sh

setup_good "$D/good.md"

# --- input files ---

begin missing-input
put_good "$T/out.pdf"
run -o "$T/out.pdf" "$T/nope.md"
expect_status 2
expect_msg "kumihan: error: cannot read $T/nope.md"
expect_sane
expect_untouched "$T/out.pdf"
run "$T/nope.md"                         # default output path: nope.pdf
expect_status 2
[ -e "$T/nope.pdf" ] && fail "$T/nope.pdf was created for a missing input"
expect_no_temp "$T" nope.pdf
end

begin directory-input
mkdir "$T/dir.md"
put_good "$T/out.pdf"
run -o "$T/out.pdf" "$T/dir.md"
expect_status 2
expect_msg "kumihan: error: $T/dir.md is a directory"
expect_sane
expect_untouched "$T/out.pdf"
end

begin invalid-utf8
printf -- '---\ntitle: 不正なUTF-8\n---\n\nabc\377def\n' >"$T/in.md"
run -o "$T/out.pdf" "$T/in.md"
expect_status 0
expect_msg "$T/in.md:5:4: warning: invalid UTF-8"
expect_sane
expect_pdf "$T/out.pdf"
if [ -s "$T/out.pdf" ]; then
    pdftotext -enc UTF-8 "$T/out.pdf" "$T/out.txt" 2>/dev/null
    grep -qF 'abc�def' "$T/out.txt" ||
        fail "pdftotext does not show abc�def (U+FFFD in place of the bad byte)"
fi
end

begin nul-byte
printf -- '---\ntitle: NULバイト\n---\n\nabc\000def\n' >"$T/in.md"
run -o "$T/out.pdf" "$T/in.md"
expect_status 0
expect_msg "$T/in.md:5:4: warning: NUL byte"
expect_sane
expect_pdf "$T/out.pdf"
if [ -s "$T/out.pdf" ]; then
    pdftotext -enc UTF-8 "$T/out.pdf" "$T/out.txt" 2>/dev/null
    grep -qF 'abc�def' "$T/out.txt" ||
        fail "pdftotext does not show abc�def (U+FFFD in place of the NUL)"
fi
end

begin empty-file
run -o "$T/out.pdf" "$D/empty.md"
expect_status 0
expect_sane
expect_pdf "$T/out.pdf"
if [ -s "$T/out.pdf" ]; then
    pages=$(pdf_pages "$T/out.pdf")
    [ "$pages" = 1 ] || fail "the PDF has '$pages' pages, expected 1"
fi
end

# --- front matter ---

begin deck-as-report
printf -- '---\ntitle: A deck\naspect: "16:9"\n---\n\n# One\n\n---\n\n# Two\n' >"$T/deck.md"
run -o "$T/out.pdf" "$T/deck.md"
expect_status 0
expect_sane
expect_msg "$T/deck.md:1:1: warning: the front matter names 'aspect', a key of slide decks"
expect_msg "--slides"
expect_pdf "$T/out.pdf"
end

begin unterminated-front-matter
put_good "$T/out.pdf"
run -o "$T/out.pdf" "$D/unterminated-front-matter.md"
expect_status 1
expect_msg "$D/unterminated-front-matter.md:1:1: error: front matter"
expect_sane
expect_untouched "$T/out.pdf"
end

begin unknown-front-matter-key
run -o "$T/out.pdf" "$D/unknown-key.md"
expect_status 0
expect_msg "$D/unknown-key.md:3:1: warning: unknown front matter key 'colour'"
expect_sane
expect_pdf "$T/out.pdf"
end

# --strict: every warning of the run is an error (exit 1, nothing written),
# also with -q, which silences warnings but never errors
begin strict
put_good "$T/out.pdf"
run --strict -q -o "$T/out.pdf" "$D/unknown-key.md"
expect_status 1
expect_msg "$D/unknown-key.md:3:1: error: unknown front matter key 'colour'"
expect_msg "1 error: no PDF written"
expect_sane
expect_untouched "$T/out.pdf"
run --strict -o "$T/good.pdf" "$D/good.md"
expect_status 0
expect_pdf "$T/good.pdf"
end

begin date-wrong-type
put_good "$T/out.pdf"
run -o "$T/out.pdf" "$D/date-list.md"
expect_status 1
expect_msg "$D/date-list.md:3:7: error: 'date' must be a date"
expect_sane
expect_untouched "$T/out.pdf"
end

begin date-invalid
put_good "$T/out.pdf"
run -o "$T/out.pdf" "$D/date-invalid.md"
expect_status 1
expect_msg "$D/date-invalid.md:3:7: error:"
expect_msg "2009-02-30"
expect_sane
expect_untouched "$T/out.pdf"
end

begin front-matter-not-mapping
put_good "$T/out.pdf"
run -o "$T/out.pdf" "$D/front-matter-list.md"
expect_status 1
expect_msg "$D/front-matter-list.md:2:1: error: front matter must be a mapping"
expect_sane
expect_untouched "$T/out.pdf"
end

# --- output path ---

begin output-under-a-file
# a regular file used as a folder: fails for root too
: >"$T/afile"
run -o "$T/afile/out.pdf" "$D/good.md"
expect_status 2
expect_msg "kumihan: error: cannot write $T/afile/out.pdf"
expect_sane
[ -f "$T/afile" ] && [ ! -s "$T/afile" ] || fail "$T/afile was changed"
for f in "$T"/.afile* "$T"/out.pdf "$T"/.out.pdf.* "$T"/.kumihan-*; do
    [ -e "$f" ] && fail "stray file left behind: $f"
done
end

begin output-dir-read-only
mkdir "$T/ro"
put_good "$T/ro/out.pdf"
chmod 555 "$T/ro"
if [ "$(id -u)" = 0 ]; then
    # root writes into a 555 folder anyway: only check nothing breaks
    # (output-under-a-file covers an unwritable folder for root)
    run -o "$T/ro/out.pdf" "$D/good.md"
    expect_status 0
    expect_sane
    expect_pdf "$T/ro/out.pdf"
else
    run -o "$T/ro/out.pdf" "$D/good.md"
    expect_status 2
    expect_msg "kumihan: error: cannot write $T/ro/out.pdf"
    expect_sane
    expect_untouched "$T/ro/out.pdf"
fi
chmod 755 "$T/ro"
end

begin output-dir-missing
run -o "$T/nodir/out.pdf" "$D/good.md"
expect_status 2
expect_msg "kumihan: error: cannot write $T/nodir/out.pdf"
expect_msg "$T/nodir"
expect_sane
[ -e "$T/nodir" ] && fail "$T/nodir was created"
end

begin output-stdout
run -o - "$D/good.md"
expect_status 0
expect_sane
if [ "$(head -c 5 "$T/stdout")" != "%PDF-" ]; then
    fail "stdout does not start with %PDF-"
elif ! pdfinfo "$T/stdout" >/dev/null 2>&1; then
    fail "pdfinfo cannot read what was written to stdout"
fi
[ -e ./- ] && fail "a file named '-' was created"
end

# --- images ---

# An image that cannot be shown is a warning at its position and a
# placeholder (its alt text and name, framed); the rest of the document is
# set. --strict makes it an error: exit 1, the output untouched.
begin image-missing
run -o "$T/out.pdf" "$D/missing-image.md"
expect_status 0
expect_msg "$D/missing-image.md:5:1: warning: cannot use image 'nope.png': No such file or directory; a placeholder is set"
expect_sane
expect_pdf "$T/out.pdf"
# (its caption 「図1　x」 under it: poppler reads its x last, after 本文。)
pdftotext "$T/out.pdf" - 2>/dev/null | tr -d ' \n' | grep -q 'xnope.png図1本文。' ||
    fail "the placeholder (alt text x, nope.png), its caption and the text after it are not in the PDF"
put_good "$T/out.pdf"
run --strict -o "$T/out.pdf" "$D/missing-image.md"
expect_status 1
expect_msg "$D/missing-image.md:5:1: error: cannot use image 'nope.png': No such file or directory"
expect_no_msg "placeholder"
expect_sane
expect_untouched "$T/out.pdf"
end

begin image-not-png
run -o "$T/out.pdf" "$D/not-png.md"
expect_status 0
expect_msg "$D/not-png.md:5:1: warning: cannot use image 'not-a-png.png': not an image kumihan reads"
expect_sane
expect_pdf "$T/out.pdf"
put_good "$T/out.pdf"
run --strict -o "$T/out.pdf" "$D/not-png.md"
expect_status 1
expect_msg "$D/not-png.md:5:1: error:"
expect_sane
expect_untouched "$T/out.pdf"
end

begin image-outside-root
mkdir -p "$T/doc" "$T/other"
png=$(ls content/preview/*.png | head -n 1)   # any real PNG of the repository
cp "$png" "$T/other/fig.png" || fail "no PNG to copy"
ln -s /etc/hostname "$T/doc/link.png"
printf '# Images\n\n![a](../other/fig.png)\n\n![b](link.png)\n\n![c](https://example.com/c.png)\n' >"$T/doc/in.md"
run -o "$T/out.pdf" "$T/doc/in.md"
expect_status 0
expect_msg "$T/doc/in.md:3:1: warning: image '../other/fig.png' is outside the root folder"
expect_msg "$T/doc/in.md:5:1: warning: image 'link.png' is outside the root folder"
expect_msg "$T/doc/in.md:7:1: warning: image 'https://example.com/c.png' is a URL, never fetched"
expect_sane
expect_pdf "$T/out.pdf"
# refused, not read: no picture in the PDF, three placeholders
n=$(pdfimages -list "$T/out.pdf" 2>/dev/null | awk 'NR > 2' | wc -l)
[ "$n" = 0 ] || fail "$n images in the PDF: a file outside the root was drawn"
pdftotext "$T/out.pdf" - 2>/dev/null | tr -d ' \n' |
    grep -q 'a../other/fig.png.*blink.png.*chttps://example.com/c.png' ||
    fail "the three placeholders are not in the PDF: $(pdftotext "$T/out.pdf" - | head -c 300)"
put_good "$T/out.pdf"
run --strict -o "$T/out.pdf" "$T/doc/in.md"
expect_status 1
expect_msg "$T/doc/in.md:3:1: error: image '../other/fig.png' is outside the root folder"
expect_sane
expect_untouched "$T/out.pdf"
# --root widens it to the folder above: the relative image is then read
printf '# Images\n\n![a](../other/fig.png)\n' >"$T/doc/ok.md"
run --root "$T" -o "$T/ok.pdf" "$T/doc/ok.md"
expect_status 0
expect_no_msg "warning"
expect_pdf "$T/ok.pdf"
n=$(pdfimages -list "$T/ok.pdf" 2>/dev/null | awk 'NR > 2' | wc -l)
[ "$n" = 1 ] || fail "--root: $n images in the PDF, expected 1"
end

begin output-is-a-device
# a character device at the output path is written to, not replaced
mkfifo "$T/fifo" || fail "mkfifo failed"
( cat "$T/fifo" >"$T/from-fifo" ) &
reader=$!
run -o "$T/fifo" "$D/good.md"
wait "$reader"
expect_status 0
expect_sane
[ -p "$T/fifo" ] || fail "the FIFO was replaced by a file"
head -c 5 "$T/from-fifo" | grep -q '%PDF-' || fail "no PDF came through the FIFO"
end

begin output-is-a-folder
mkdir "$T/dir.pdf"
run -o "$T/dir.pdf" "$D/good.md"
expect_status 2
expect_msg "cannot write $T/dir.pdf: it is a folder"
expect_sane
end

# --- options ---

begin unknown-option
put_good "$T/out.pdf"
run --bogus -o "$T/out.pdf" "$D/good.md"
expect_status 2
expect_msg "kumihan: error: unknown option '--bogus'"
expect_sane
expect_untouched "$T/out.pdf"
end

begin paper-unknown
put_good "$T/out.pdf"
run --paper B7 -o "$T/out.pdf" "$D/good.md"
expect_status 2
expect_msg "kumihan: error: unknown paper size 'B7'"
expect_msg "A3, A4, A5, A6, B4, B5, B6 (JIS), Letter or Legal"
expect_sane
expect_untouched "$T/out.pdf"
end

begin date-option-invalid
put_good "$T/out.pdf"
run --date 2009-13-01 -o "$T/out.pdf" "$D/good.md"
expect_status 2
expect_msg "kumihan: error:"
expect_msg "2009-13-01"
expect_sane
expect_untouched "$T/out.pdf"
end

begin dump-bogus
put_good "$T/out.pdf"
run --dump bogus -o "$T/out.pdf" "$D/good.md"
expect_status 2
expect_msg "kumihan: error:"
expect_msg "bogus"
expect_sane
expect_untouched "$T/out.pdf"
end

# --- fonts ---

# fonts_copy DIR: DIR holds SHA256SUMS, fonts.conf and symlinks to the fonts
fonts_copy() {
    mkdir "$1" &&
    cp "$FONTS/SHA256SUMS" "$FONTS/fonts.conf" "$1/" &&
    for f in "$FONTS"/*.ttc "$FONTS"/*.ttf; do ln -s "$f" "$1/$(basename "$f")" || return 1; done
}

begin fonts-copy-ok
# the control for the two cases below: the copied folder itself works
fonts_copy "$T/fonts" || fail "cannot copy $FONTS"
run --fonts "$T/fonts" -o "$T/out.pdf" "$D/good.md"
expect_status 0
expect_sane
expect_pdf "$T/out.pdf"
end

begin font-missing
fonts_copy "$T/fonts" || fail "cannot copy $FONTS"
gone=$(ls "$T/fonts"/*.ttc | tail -n 1)
rm -f "$gone"
put_good "$T/out.pdf"
run --fonts "$T/fonts" -o "$T/out.pdf" "$D/good.md"
expect_status 2
expect_msg "kumihan: error:"
expect_msg "$(basename "$gone")"
expect_msg "make fonts"
expect_sane
expect_untouched "$T/out.pdf"
end

begin font-altered
fonts_copy "$T/fonts" || fail "cannot copy $FONTS"
victim=$(ls "$T/fonts"/*.ttc | head -n 1)
name=$(basename "$victim")
rm -f "$victim"
cp "$FONTS/$name" "$victim"
# change one byte in the middle of the file
off=$(( $(stat -c %s "$victim") / 2 ))
old=$(od -An -tu1 -j "$off" -N 1 "$victim" | tr -d ' ')
if [ "$old" = 0 ]; then new='\001'; else new='\000'; fi
printf "$new" | dd of="$victim" bs=1 seek="$off" conv=notrunc 2>/dev/null
cmp -s "$FONTS/$name" "$victim" && fail "could not alter $victim"
put_good "$T/out.pdf"
run --fonts "$T/fonts" -o "$T/out.pdf" "$D/good.md"
expect_status 2
expect_msg "kumihan: error:"
expect_msg "$name"
expect_msg "make fonts"
expect_sane
expect_untouched "$T/out.pdf"
end

# --- any bytes in (issue 7): every case ends in a PDF or a clear error ---

begin bom
printf '\357\273\277# 見出し\n\n本文。\n' >"$T/in.md"
run -o "$T/out.pdf" "$T/in.md"
expect_status 0
expect_sane
expect_pdf "$T/out.pdf"
[ -s "$T/stderr" ] && fail "a BOM is not a problem, yet: $(head -c 200 "$T/stderr")"
first=$(pdftotext "$T/out.pdf" - 2>/dev/null | head -n 1)
[ "$first" = "見出し" ] || fail "first line '$first', expected '見出し' (no U+FEFF)"
end

begin crlf-and-lone-cr
printf '# 見出し\n\n本文の一行目。\n二行目。\n\n- 項目\n' >"$T/lf.md"
printf '# 見出し\r\n\r\n本文の一行目。\r\n二行目。\r\n\r\n- 項目\r\n' >"$T/crlf.md"
printf '# 見出し\r\r本文の一行目。\r二行目。\r\r- 項目\r' >"$T/cr.md"
for v in lf crlf cr; do
    run --dump tree "$T/$v.md"
    expect_status 0
    expect_sane
    sed "s/$v\.md/X.md/g" "$T/stdout" >"$T/$v.tree"
done
cmp -s "$T/lf.tree" "$T/crlf.tree" || fail "CRLF gives another tree than LF"
cmp -s "$T/lf.tree" "$T/cr.tree" || fail "lone CR gives another tree than LF"
grep -q 'text "本文の一行目。"' "$T/cr.tree" || fail "no paragraph text in the tree"
end

begin control-characters
printf '# 見出し\n\n本文\001\002赤\033[0m。\177終わり\302\205。\n' >"$T/in.md"
run -o "$T/out.pdf" "$T/in.md"
expect_status 0
expect_sane
expect_msg "$T/in.md:3:7: warning: control character U+0001 removed"
expect_msg "$T/in.md:3:8: warning: control character U+0002 removed"
expect_msg "$T/in.md:3:12: warning: control character U+001B removed"
expect_msg "warning: control character U+007F removed"
expect_msg "warning: control character U+0085 removed"
expect_pdf "$T/out.pdf"
pdftotext "$T/out.pdf" - 2>/dev/null | grep -q '本文赤 *\[0m。終わり。' ||
    fail "the text around the controls is not kept: $(pdftotext "$T/out.pdf" - | head -c 200)"
end

begin encoded-surrogates
printf '# x\n\n\355\240\200\355\260\200 and \355\240\201 alone.\n' >"$T/in.md"
run -o "$T/out.pdf" "$T/in.md"
expect_status 0
expect_sane
expect_msg "$T/in.md:3:1: warning: invalid UTF-8 replaced by U+FFFD"
expect_msg "$T/in.md:3:12: warning: invalid UTF-8 replaced by U+FFFD"
n=$(grep -c 'invalid UTF-8' "$T/stderr")
[ "$n" = 2 ] || fail "$n warnings, expected one per run of bad bytes (2)"
expect_pdf "$T/out.pdf"
end

begin one-megabyte-line
awk -v n=$((1000000 / K)) 'BEGIN { printf "# x\n\n"; s = "日本語の文章と English words 123、。"
    while (len < n) { printf "%s", s; len += length(s) * 2 } printf "\n" }' >"$T/in.md"
LIMIT=120
run -q -o "$T/out.pdf" "$T/in.md"
expect_status 0
LIMIT=20
expect_sane
expect_pdf "$T/out.pdf"
pages=$(pdf_pages "$T/out.pdf")
[ "${pages:-0}" -ge $((60 / K)) ] || fail "$pages pages for a 1 MB paragraph"
end

begin nested-10000-deep
awk 'BEGIN { for (i = 0; i < 10000; i++) printf "- "; printf "深い\n\n";
             for (i = 0; i < 10000; i++) printf ">"; printf " 引用\n" }' >"$T/in.md"
run -o "$T/out.pdf" "$T/in.md"
expect_status 0
expect_sane
expect_msg "$T/in.md:1:129: warning: lists and quotes nested deeper than 64 levels are set at level 64"
expect_pdf "$T/out.pdf"
pdftotext "$T/out.pdf" - | grep -q '深い' || fail "the deep item's text is lost"
pdftotext "$T/out.pdf" - | grep -q '引用' || fail "the deep quote's text is lost"
end

begin emphasis-thousands-deep
awk 'BEGIN { for (i = 0; i < 5000; i++) printf "*"; printf "x";
             for (i = 0; i < 5000; i++) printf "*"; printf "\n\n";
             for (i = 0; i < 3000; i++) printf "**_"; printf "y";
             for (i = 0; i < 3000; i++) printf "_**"; printf "\n\n";
             for (i = 0; i < 5000; i++) printf "["; printf "z";
             for (i = 0; i < 5000; i++) printf "]"; printf "\n" }' >"$T/in.md"
run -o "$T/out.pdf" "$T/in.md"
expect_status 0
expect_sane
expect_msg "warning: inline markup nested deeper than 128 levels keeps the outer style"
expect_pdf "$T/out.pdf"
end

begin headings-100000
awk -v n=$((100000 / K)) 'BEGIN { for (i = 1; i <= n; i++) printf "# 見出し %d\n\n", i }' >"$T/in.md"
LIMIT=180
run -q -o "$T/out.pdf" "$T/in.md"
expect_status 0
LIMIT=20
expect_sane
expect_pdf "$T/out.pdf"
pdftotext -f 1 -l 1 "$T/out.pdf" - | grep -q '見出し 1' || fail "page 1 lacks the first heading"
end

begin interrupted-run
# SIGINT and SIGTERM in the middle of a long run: the target is untouched and
# the temporary file is gone
awk 'BEGIN { for (i = 1; i <= 20000; i++) printf "## 節 %d\n\n本文です。\n\n", i }' >"$T/in.md"
for sig in INT TERM; do
    put_good "$T/out.pdf"
    timeout 60 "$BIN" -q -o "$T/out.pdf" "$T/in.md" 2>"$T/stderr" &
    pid=$!
    # wait until the run has its temporary file (drawing has begun) or ended
    i=0
    while [ $i -lt 200 ] && kill -0 "$pid" 2>/dev/null; do
        ls -A "$T" | grep -q '^\.kumihan-\|^\.out\.pdf\.' && break
        sleep 0.05
        i=$((i + 1))
    done
    # `timeout` passes the signal on to kumihan
    pkill -"$sig" -P "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    st=$?
    [ "$st" = 0 ] && fail "SIG$sig: the run finished before the signal; make the input longer"
    expect_sane
    expect_untouched "$T/out.pdf"
done
end

begin disk-full
# /dev/full: every write fails with ENOSPC
run -o /dev/full "$D/good.md"
expect_status 2
expect_msg "cannot write"
expect_sane
[ -c /dev/full ] || fail "/dev/full is no longer a device"
end

# --- tables ---

begin table-1000-columns
awk 'BEGIN { for (r = 0; r < 3; r++) { for (c = 0; c < 1000; c++)
                 printf "| %s ", r == 1 ? "---" : (r ? "値" c : "c" c); printf "|\n" } }' >"$T/in.md"
run -o "$T/out.pdf" "$T/in.md"
expect_status 0
expect_sane
expect_msg "$T/in.md:1:1: warning: table has 1000 columns; only the first 64 are set"
expect_pdf "$T/out.pdf"
end

begin table-2000-rows
awk 'BEGIN { print "| 番号 | 名前 | 値 |"; print "|---|---|---:|";
             for (i = 0; i < 2000; i++) printf "| %d | 項目%d | %d |\n", i, i, i * 7 }' >"$T/in.md"
LIMIT=60
run -o "$T/out.pdf" "$T/in.md"
expect_status 0
LIMIT=20
expect_sane
expect_pdf "$T/out.pdf"
pdftotext "$T/out.pdf" - | grep -q '項目 *1999' || fail "the last row is missing"
pages=$(pdf_pages "$T/out.pdf")
[ "${pages:-0}" -ge 20 ] || fail "$pages pages for 2,000 rows"
end

# --- links ---

begin link-reference-flood
awk -v n=$((50000 / K)) -v m=$((20000 / K)) 'BEGIN { for (i = 0; i < n; i++)
        printf "[r%d]: https://example.com/%d\n", i, i; printf "\n";
        for (i = 0; i < m; i++) printf "[r%d] ", i % 7; printf "\n" }' >"$T/in.md"
LIMIT=90
run -q -o "$T/out.pdf" "$T/in.md"
expect_status 0
LIMIT=20
expect_sane
expect_pdf "$T/out.pdf"
end

begin word-wider-than-the-page
awk 'BEGIN { printf "# x\n\n"; for (i = 0; i < 3000; i++) printf "A"; printf "\n\nhttps://example.com/";
             for (i = 0; i < 2000; i++) printf "a"; printf "\n\n";
             for (i = 0; i < 3000; i++) printf "漢"; printf "\n" }' >"$T/in.md"
run -o "$T/out.pdf" "$T/in.md"
expect_status 0
expect_sane
expect_pdf "$T/out.pdf"
# nothing drawn past the right edge of the text block (A4, 20 mm margins)
pdftotext -bbox "$T/out.pdf" "$T/bbox.html" 2>/dev/null
over=$(sed -n 's/.*xMax="\([0-9.]*\)".*/\1/p' "$T/bbox.html" | awk '$1 > 530 { n++ } END { print n + 0 }')
[ "$over" = 0 ] || fail "$over words end past x=530 pt"
end

# --- images ---

begin png-truncated
printf '# x\n\n![t](t.png)\n' >"$T/in.md"
head -c 60 content/preview/report-001.png >"$T/t.png"
[ "$(wc -c <"$T/t.png")" = 60 ] || fail "no 60 bytes of a real PNG to truncate"
run -o "$T/out.pdf" "$T/in.md"
expect_status 0
expect_msg "$T/in.md:3:1: warning: cannot use image 't.png': a damaged PNG"
expect_sane
expect_pdf "$T/out.pdf"
put_good "$T/out.pdf"
run --strict -o "$T/out.pdf" "$T/in.md"
expect_status 1
expect_msg "$T/in.md:3:1: error:"
expect_msg "t.png"
expect_sane
expect_untouched "$T/out.pdf"
end

begin png-huge-header
# a valid signature and IHDR claiming 100000 x 100000 pixels, then nothing:
# refused from its header, before anything is decoded
printf '# x\n\n![h](h.png)\n' >"$T/in.md"
printf '\211PNG\r\n\032\n\000\000\000\015IHDR\000\001\206\240\000\001\206\240\010\002\000\000\000\000\000\000\000' >"$T/h.png"
run -o "$T/out.pdf" "$T/in.md"
expect_status 0
expect_msg "$T/in.md:3:1: warning: cannot use image 'h.png'"
expect_msg "image limit"
expect_sane
expect_pdf "$T/out.pdf"
end

# --- front matter ---

begin front-matter-only
printf -- '---\ntitle: 表題だけ\n---\n' >"$T/in.md"
run -o "$T/out.pdf" "$T/in.md"
expect_status 0
expect_sane
expect_pdf "$T/out.pdf"
pdftotext "$T/out.pdf" - | grep -q '表題だけ' || fail "the title is not set"
end

begin yaml-alias-bomb
{
    printf -- '---\na: &a ["x","x","x","x","x","x","x","x","x"]\n'
    prev=a
    for k in b c d e f g h i; do
        printf '%s: &%s [*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s]\n' $k $k $prev $prev $prev $prev $prev $prev $prev $prev $prev
        prev=$k
    done
    printf 'keywords: *i\ntitle: *i\n---\n\n本文。\n'
} >"$T/in.md"
put_good "$T/out.pdf"
run -q -o "$T/out.pdf" "$T/in.md"
expect_status 1
expect_msg "error: 'keywords' must be text or a list of texts"
expect_msg "error: 'title' must be text"
expect_sane
expect_untouched "$T/out.pdf"
end

# --- messages an editor can use ---

# Columns count characters (code points; a tab is one), not bytes: the
# image after 39 Japanese characters (117 bytes) is at column 40
begin columns-in-characters
{
    printf -- '---\ntitle: 桁\n---\n\n'
    i=0
    while [ $i -lt 39 ]; do printf 'あ'; i=$((i + 1)); done
    printf '![x](nope.png)\n\nい\t![y](nope.png)\n'
} >"$T/in.md"
run -o "$T/out.pdf" "$T/in.md"
expect_status 0
expect_msg "$T/in.md:5:40: warning: an image inside running text"
expect_msg "$T/in.md:7:3: warning: an image inside running text"
expect_no_msg "$T/in.md:5:118:"
expect_sane
end

# A stage's messages come in the order of their places, each once: the
# character no font has (line 5) is found after the missing image (line 7)
# was said, and is printed first
begin messages-in-source-order
printf -- '---\ntitle: 順\n---\n\nあ\356\200\200い\n\n![x](nope.png)\n' >"$T/in.md"
run -o "$T/out.pdf" "$T/in.md"
expect_status 0
expect_msg "$T/in.md:5:2: warning: 1 character is in none of the fonts"
expect_msg "$T/in.md:7:1: warning: cannot use image 'nope.png'"
[ "$(grep -c "warning:" "$ERR")" = 2 ] || fail "not two warnings: $(cat "$ERR")"
[ "$(grep -n "in none of the fonts" "$ERR" | cut -d: -f1)" = 1 ] ||
    fail "the line 5 warning is not printed first: $(cat "$ERR")"
expect_sane
end

# --diagnostics json: one JSON object a line; the did-you-mean apart as the hint
begin diagnostics-json
printf -- '---\ntitle: "JSON \\"引用\\" \\t"\ntitel: x\n---\n\nあ\t![x](nope.png)\n' >"$T/in.md"
run --diagnostics json -o "$T/out.pdf" "$T/in.md"
expect_status 0
[ "$(wc -l <"$ERR")" = 2 ] || fail "not two lines: $(cat "$ERR")"
while IFS= read -r line; do
    printf '%s\n' "$line" | python3 -m json.tool >/dev/null 2>&1 || fail "not JSON: $line"
done <"$ERR"
python3 - "$ERR" "$T/in.md" <<'PY' || fail "the JSON fields are wrong: $(cat "$ERR")"
import json, sys
d = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert d[0] == {"file": sys.argv[2], "line": 3, "column": 1, "severity": "warning",
                "message": "unknown front matter key 'titel' is ignored",
                "hint": "did you mean 'title'?"}, d[0]
assert d[1]["line"] == 6 and d[1]["column"] == 3 and d[1]["hint"] is None, d[1]
PY
run --strict --diagnostics json -o "$T/out.pdf" "$T/in.md"
expect_status 1
expect_msg '"severity":"error"'
expect_msg '"severity":"note","message":"2 errors: no PDF written"'
while IFS= read -r line; do
    printf '%s\n' "$line" | python3 -m json.tool >/dev/null 2>&1 || fail "not JSON: $line"
done <"$ERR"
expect_sane
run --diagnostics xml -o "$T/out.pdf" "$T/in.md"
expect_status 2
expect_msg "--diagnostics takes 'text' or 'json', not 'xml'"
end

# an unknown long option: the nearest one offered
begin option-did-you-mean
put_good "$T/out.pdf"
run --papr A5 -o "$T/out.pdf" "$D/good.md"
expect_status 2
expect_msg "kumihan: error: unknown option '--papr'; did you mean --paper?"
run --strictt -o "$T/out.pdf" "$D/good.md"
expect_status 2
expect_msg "did you mean --strict?"
run --zzzzzzzz -o "$T/out.pdf" "$D/good.md"
expect_status 2
expect_no_msg "did you mean"
expect_sane
expect_untouched "$T/out.pdf"
end

# YAML: a quote left open is reported where it opens, with a hint
begin yaml-unclosed-quote
printf -- '---\ntitle: "開いたまま\nauthor: 著者\n---\n\n本文。\n' >"$T/in.md"
run -o "$T/out.pdf" "$T/in.md"
expect_status 1
expect_msg "$T/in.md:2:8: error: front matter is not valid YAML"
expect_msg "; a quote opened here is not closed"
expect_sane
printf 'page:\n  paper: "A5\n' >"$T/theme.yaml"
run --theme "$T/theme.yaml" -o "$T/out.pdf" "$D/good.md"
expect_status 1
expect_msg "$T/theme.yaml:2:10: error: not valid YAML"
expect_msg "; a quote opened here is not closed"
expect_sane
end

# the known front matter keys are listed once a run, not after every key
begin known-keys-once
printf -- '---\ntitle: 鍵\nzzqqxx: 1\nyyvvww: 2\n---\n\n本文。\n' >"$T/in.md"
run -o "$T/out.pdf" "$T/in.md"
expect_status 0
expect_msg "$T/in.md:3:1: warning: unknown front matter key 'zzqqxx' is ignored (known: title,"
expect_msg "$T/in.md:4:1: warning: unknown front matter key 'yyvvww' is ignored"
[ "$(grep -c "known:" "$ERR")" = 1 ] || fail "the known keys are not listed once: $(cat "$ERR")"
printf 'page:\n  zzqqxx: 1\n  yyvvww: 2\n' >"$T/theme.yaml"
run --theme "$T/theme.yaml" -o "$T/out.pdf" "$D/good.md"
expect_status 0
[ "$(grep -c "list-theme-keys" "$ERR")" = 1 ] ||
    fail "--list-theme-keys is not named once: $(cat "$ERR")"
expect_sane
end

# What GFM passes over without a word is warned at its place: a code fence
# never closed, a row with too few cells, a footnote with no definition,
# an attribute block after a paragraph, a lang kumihan does not set
begin silent-cases-warned
{
    printf -- '---\ntitle: 黙\nlang: fr\n---\n\n'
    printf '| 甲 | 乙 | 丙 |\n|---|---|---|\n| 1 | 2 |\n\n'
    printf '本文[^nope]。\n\n段落 {.note}\n\n'
    printf '```c\nint x;\n\n# 見出しではない\n'
} >"$T/in.md"
run -o "$T/out.pdf" "$T/in.md"
expect_status 0
expect_msg "$T/in.md:3:7: warning: lang 'fr': kumihan sets the document as Japanese (ja)"
expect_msg "$T/in.md:8:1: warning: row has 2 cells, expected 3; the missing cells are left empty"
expect_msg "$T/in.md:10:3: warning: footnote [^nope] has no definition"
expect_msg "$T/in.md:12:4: warning: attribute block '{.note}' after a paragraph is not understood"
expect_msg "$T/in.md:14:1: warning: code block opened here runs to the end of the file"
expect_sane
# lang: en in a report: its date is still Japanese, and it says so
printf -- '---\ntitle: 英\nlang: en\ndate: 2025-01-02\n---\n\n本文。\n' >"$T/en.md"
run -o "$T/en.pdf" "$T/en.md"
expect_status 0
expect_msg "$T/en.md:3:7: warning: lang 'en': a report is set as Japanese (ja), its date too"
# and none of them when all is well
printf -- '---\ntitle: 良\nlang: ja-JP\n---\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n本文[^a]。\n\n[^a]: 注。\n\n> ```\n> x\n\n```\ny\n```\n' >"$T/ok.md"
run -o "$T/out.pdf" "$T/ok.md"
expect_status 0
expect_no_msg "warning"
expect_sane
end

summary
