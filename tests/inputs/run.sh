#!/bin/sh
# tests/inputs/run.sh BIN: what a run reads (issue 23, "Inputs"): several
# Markdown files set as one report (src/book.c), a book file (book.yaml)
# naming them, and standard input.
#
#   chapters    book/ch1..ch3 on the command line (--root book): 3 pages,
#               one contents listing the six headings of the three files,
#               folios 1 and 2 on pages 2 and 3 (the title page has none),
#               the footnotes *1 *2 *3 numbered through the book, each
#               chapter's picture read from its own img/ (no placeholder),
#               the title of ch2 that differs warned of at ch2's line 2
#               (its other key, subject, taken: the PDF's Subject)
#   book-file   book/book.yaml gives the same PDF bytes as the chapters on
#               the command line, the warning naming ch2 again
#   book-appendix  an appendix: named in the second chapter's front matter is
#               read from that chapter's folder
#   embed       --embed-source on book.yaml attaches it and the three chapters
#   root        without --root the root is ch1's folder: ch2's and ch3's
#               pictures are outside it (warned of at their own file and
#               line, placeholders set), ch1's is read
#   positions   warnings made once every file is parsed (a link to no
#               heading, an id given twice: number.c), by the layout (a
#               table row with a cell too many) and after it (a character
#               in no font, shape.c) name their file and line, in the
#               message's text too (the first id's, the character's)
#   stdin       "-" reads standard input: its pictures from the current
#               folder, which is the root (../ refused)
#   usage       several inputs without -o, a deck from several files, "-"
#               among several, a chapter given twice, a book file with no
#               chapters, a chapter it names that is missing: each refused
#               with its message and status
#   batch       --batch -v -d OUT over the report, a document with a content
#               error, a copy of the report, book.yaml and a missing file, on
#               two workers: exit 2 (the worst), the three good PDFs the same
#               bytes as each rendered alone, one -v line for each, the
#               errors of the two others named, no PDF for them
#   batch-status  a content error and a good document: exit 1; good alone: 0
#   batch-threads  one worker and four give the same bytes
#   batch-beside   without -d the PDF goes beside its input
#   batch-usage    --batch with -o, two inputs of one output name, -d not a
#                  folder, -d without --batch, standard input: exit 2, no PDF
#   progress    a run of several seconds with standard error on a terminal
#               (script -qec gives it a pty): "kumihan: drawing page N of M"
#               rewritten with carriage returns and erased at the end (the
#               last bytes \r ESC [K); with -q, and for a short run, nothing;
#               standard error not a terminal: nothing; the same PDF
# Run from the repository root: sh tests/inputs/run.sh build/kumihan

SUITE=inputs
. tests/lib.sh
require_tools pdftotext pdfinfo
export SOURCE_DATE_EPOCH=1710460800
B=$(pwd)/$D/book

flat() {
    pdf_text "$1" | tr -d ' \n\f'
}

# chapters: run in book/, so the messages name ch2/ch2.md
begin chapters
st=$(cd "$B" && "$BIN" --root . ch1/ch1.md ch2/ch2.md ch3/ch3.md -o "$T/b.pdf" 2>"$T/stderr";
     echo $?)
CMD="$BIN --root . ch1/ch1.md ch2/ch2.md ch3/ch3.md"
if expect_status 0 && expect_pdf "$T/b.pdf"; then
    expect_msg "ch2/ch2.md:2:1: warning: title '違う題名' differs from the first file's '三章の本'"
    [ "$(grep -c warning "$T/stderr")" = 1 ] || fail "warnings besides the title's: $(cat "$T/stderr")"
    [ "$(pdf_pages "$T/b.pdf")" = 3 ] || fail "$(pdf_pages "$T/b.pdf") pages, expected 3"
    [ "$(pdf_info "$T/b.pdf" Title)" = 三章の本 ] || fail "title $(pdf_info "$T/b.pdf" Title)"
    [ "$(pdf_info "$T/b.pdf" Subject)" = 章ごとの主題 ] ||
        fail "ch2's subject not merged: $(pdf_info "$T/b.pdf" Subject)"
    pdftotext -q -enc UTF-8 -layout -f 1 -l 1 "$T/b.pdf" - >"$T/p1"
    for entry in '第一章 はじめに +1' '一章の節 +1' '第二章 本論 +1' '二章の節 +2' \
                 '第三章 まとめ +2' '三章の節 +2'; do
        grep -Eq "^ *$entry\$" "$T/p1" || fail "the contents lack '$entry': $(cat "$T/p1")"
    done
    [ "$(grep -c '目次' "$T/p1")" = 1 ] || fail "not one contents: $(cat "$T/p1")"
    for p in 2 3; do
        folio=$(pdftotext -q -enc UTF-8 -layout -f $p -l $p "$T/b.pdf" - | grep -v '^[[:space:]]*$' |
                tail -n 1 | tr -d ' \f')
        [ "$folio" = $((p - 1)) ] || fail "page $p's folio is '$folio', expected $((p - 1))"
    done
    txt=$(flat "$T/b.pdf")
    for want in 脚注がある*1。 脚注がある*2。 最後の脚注*3。 '*1第一章の脚注。' '*2第二章の脚注。' \
                '*3第三章の脚注。' 図1第一章の図 図2第二章の図 図3第三章の図; do
        case $txt in *"$want"*) ;; *) fail "the text lacks '$want'" ;; esac
    done
    case $txt in *img/fig*) fail "a placeholder is set: $txt" ;; esac
fi
end

begin book-file
st=$(cd "$B" && "$BIN" --root . ch1/ch1.md ch2/ch2.md ch3/ch3.md -o "$T/a.pdf" 2>/dev/null; echo $?)
[ "$st" = 0 ] || fail "the chapters: exit $st"
st=$(cd "$B" && "$BIN" book.yaml -o "$T/b.pdf" 2>"$T/stderr"; echo $?)
CMD="$BIN book.yaml"
if expect_status 0 && expect_pdf "$T/b.pdf"; then
    cmp -s "$T/a.pdf" "$T/b.pdf" || fail "book.yaml's PDF differs from the chapters'"
    grep -q "^ch2/ch2.md:2:1: warning: title '違う題名'" "$T/stderr" ||
        fail "the title's warning does not name ch2/ch2.md:2:1: $(cat "$T/stderr")"
fi
end

begin book-appendix
# a later chapter's front matter naming a deck beside it: read from its folder
cp -r "$B" "$T/book"
sed -i 's/^subject: 章ごとの主題$/subject: 章ごとの主題\nappendix: talk.md/' "$T/book/ch2/ch2.md"
printf -- '---\ntitle: 二章の発表\n---\n\n# 発表\n\n- 要点\n' >"$T/book/ch2/talk.md"
st=$(cd "$T/book" && "$BIN" --root . ch1/ch1.md ch2/ch2.md ch3/ch3.md -o "$T/b.pdf" 2>"$T/stderr"; echo $?)
CMD="$BIN --root . ch1/ch1.md ch2/ch2.md ch3/ch3.md (ch2 naming appendix: talk.md)"
if expect_status 0 && expect_pdf "$T/b.pdf"; then
    pdf_text "$T/b.pdf" | grep -q '二章の発表' || fail "the appendix beside ch2 is not set"
    expect_no_msg "appendix"
fi
end

begin embed
st=$(cd "$B" && "$BIN" -q --embed-source book.yaml -o "$T/b.pdf" 2>"$T/stderr"; echo $?)
CMD="$BIN --embed-source book.yaml"
if expect_status 0 && expect_pdf "$T/b.pdf"; then
    n=$(pdfdetach -list "$T/b.pdf" 2>/dev/null | grep -c '^[0-9]*: ')
    [ "$n" = 4 ] || fail "$n files attached, expected book.yaml and the 3 chapters: $(pdfdetach -list "$T/b.pdf")"
fi
end

begin root
st=$(cd "$B" && "$BIN" ch1/ch1.md ch2/ch2.md ch3/ch3.md -o "$T/b.pdf" 2>"$T/stderr"; echo $?)
CMD="$BIN ch1/ch1.md ch2/ch2.md ch3/ch3.md"
if expect_status 0 && expect_pdf "$T/b.pdf"; then
    expect_msg "ch2/ch2.md:10:1: warning: image 'img/fig.png' is outside the root folder"
    expect_msg "ch3/ch3.md:5:1: warning: image 'img/fig.svg' is outside the root folder"
    expect_no_msg "ch1/ch1.md:10"
    txt=$(flat "$T/b.pdf")
    case $txt in *第一章の図img/fig.png*) fail "ch1's picture is a placeholder" ;; esac
    case $txt in *第二章の図img/fig.png*) ;; *) fail "ch2's placeholder is not set" ;; esac
fi
end

begin positions
mkdir "$T/p"
printf '# 一\n\n本文。\n' >"$T/p/a.md"
printf -- '---\nauthor: 著者\n---\n\n# 二\n\n本文\356\200\200。\n\n表は{{ref:#tbl-x}}。\n' >"$T/p/b.md"
printf '# 三\n\n前の行。\n\n[どこへも](#nowhere)\n\n| 甲 | 乙 |\n|---|---|\n| 1 | 2 | 3 |\n%b\n' \
    '\n| 丙 | 丁 |\n|---|---|\n| 4 | 5 |\n\n: 表 {#tbl-x}\n\n| 戊 | 己 |\n|---|---|\n| 6 | 7 |\n\n: 表 {#tbl-x}' \
    >"$T/p/c.md"
st=$(cd "$T/p" && "$BIN" a.md b.md c.md -o "$T/b.pdf" 2>"$T/stderr"; echo $?)
CMD="$BIN a.md b.md c.md"
if expect_status 0; then
    expect_msg "c.md:5:1: warning: link to '#nowhere'"
    grep -q '^c\.md:9:[0-9]*: warning: row has 3 cells' "$T/stderr" ||
        fail "the table row's warning does not name c.md:9: $(cat "$T/stderr")"
    expect_msg "c.md:21:1: warning: id '#tbl-x' is given twice (first at c.md line 15)"
    expect_msg "b.md:7:3: warning: 1 character is in none of the fonts"
    expect_msg "at b.md:7:3"
    grep -q '^a\.md' "$T/stderr" && fail "a warning names a.md: $(cat "$T/stderr")"
fi
end

begin stdin
mkdir "$T/s" "$T/s/pics"
cp "$B/ch1/img/fig.png" "$T/s/pics/p.png"
cp "$B/ch1/img/fig.png" "$T/up.png"
printf '# 標準入力\n\n![読めた図](pics/p.png)\n\n![外の図](../up.png)\n' >"$T/s/in.md"
st=$(cd "$T/s" && "$BIN" - -o "$T/s.pdf" <in.md 2>"$T/stderr"; echo $?)
CMD="$BIN - <in.md"
if expect_status 0 && expect_pdf "$T/s.pdf"; then
    expect_msg "-:5:1: warning: image '../up.png' is outside the root folder"
    expect_no_msg "pics/p.png"
    txt=$(flat "$T/s.pdf")
    case $txt in *pics/p.png*) fail "the picture beside the input is a placeholder" ;; esac
fi
end

begin usage
run_bin "$T/o" "$T/e1" "$B/ch1/ch1.md" "$B/ch2/ch2.md"
expect_status 2 && expect_msg "several inputs are set as one report: name its PDF with -o"
run_bin "$T/o" "$T/e2" --slides "$B/ch1/ch1.md" "$B/ch2/ch2.md" -o "$T/x.pdf"
expect_status 2 && expect_msg "a slide deck is one file"
run_bin "$T/o" "$T/e3" "$B/ch1/ch1.md" - -o "$T/x.pdf"
expect_status 2 && expect_msg "'-' cannot be a chapter"
run_bin "$T/o" "$T/e4" "$B/ch1/ch1.md" "$B/ch1/ch1.md" -o "$T/x.pdf"
expect_status 2 && expect_msg "is given twice: each chapter once"
printf 'title: 空\n' >"$T/empty.yaml"
run_bin "$T/o" "$T/e5" "$T/empty.yaml" -o "$T/x.pdf"
expect_status 1 && expect_msg "empty.yaml:1:1: error: a book file lists its Markdown files"
printf 'title: 欠\nchapters:\n  - nothere.md\n' >"$T/missing.yml"
run_bin "$T/o" "$T/e6" "$T/missing.yml" -o "$T/x.pdf"
expect_status 1 && expect_msg "missing.yml:3:5: error: cannot read chapter 'nothere.md'"
[ -e "$T/x.pdf" ] && fail "a PDF was written"
end

# --- --batch (src/batch.c) ---

# the inputs of the batch cases: the report with its deck, a copy, the
# book file, a document with a content error, a missing file
begin_setup batch-inputs
W=$TOP/w
mkdir -p "$W/in" "$W/one"
cp content/report.md content/slides.md "$W/in/"
cp content/report.md "$W/in/copy.md"
printf -- '---\ndate: 2009-02-30\n---\n\n# 壊れた日付\n' >"$W/in/bad.md"
for f in report copy; do
    "$BIN" -q "$W/in/$f.md" -o "$W/one/$f.pdf" 2>>"$T/stderr" || fail "$f.md alone does not render"
done
(cd "$B" && "$BIN" -q book.yaml -o "$W/one/book.pdf") 2>>"$T/stderr" || fail "book.yaml alone"
end_setup

begin batch
mkdir "$T/out"
KUMIHAN_THREADS=2 run_bin "$T/o" "$T/stderr" --batch -v -d "$T/out" "$W/in/report.md" \
    "$W/in/bad.md" "$W/in/copy.md" "$B/book.yaml" "$W/in/gone.md"
if expect_status 2; then
    for f in report copy book; do
        cmp -s "$T/out/$f.pdf" "$W/one/$f.pdf" || fail "$f.pdf differs from its run alone"
        grep -q "^$T/out/$f.pdf: [0-9]* pages" "$T/stderr" || fail "-v says nothing of $f.pdf"
    done
    [ -e "$T/out/bad.pdf" ] && fail "bad.pdf was written"
    [ -e "$T/out/gone.pdf" ] && fail "gone.pdf was written"
    expect_msg "bad.md:2:7: error: 'date' must be a date YYYY-MM-DD"
    expect_msg "cannot read $W/in/gone.md"
    [ "$(grep -c '' "$T/stderr")" -le 8 ] || fail "more lines than expected: $(cat "$T/stderr")"
fi
end

begin batch-status
mkdir "$T/out"
run_bin "$T/o" "$T/stderr" --batch -q -d "$T/out" "$W/in/bad.md" "$W/in/copy.md"
expect_status 1 && cmp -s "$T/out/copy.pdf" "$W/one/copy.pdf" || fail "copy.pdf not written"
run_bin "$T/o" "$T/e2" --batch -q -d "$T/out" "$W/in/copy.md"
expect_status 0
end

begin batch-threads
mkdir "$T/one" "$T/four"
KUMIHAN_THREADS=1 run_bin "$T/o" "$T/e1" --batch -q -d "$T/one" "$W/in/report.md" "$W/in/copy.md" \
    "$B/book.yaml"
expect_status 0
KUMIHAN_THREADS=4 run_bin "$T/o" "$T/e4" --batch -q -d "$T/four" "$W/in/report.md" "$W/in/copy.md" \
    "$B/book.yaml"
expect_status 0
for f in report copy book; do
    cmp -s "$T/one/$f.pdf" "$T/four/$f.pdf" || fail "$f.pdf differs between 1 and 4 workers"
done
end

begin batch-beside
mkdir "$T/in"
cp "$W/in/copy.md" "$W/in/slides.md" "$T/in/"
run_bin "$T/o" "$T/stderr" --batch -q "$T/in/copy.md"
expect_status 0 && cmp -s "$T/in/copy.pdf" "$W/one/copy.pdf" || fail "no copy.pdf beside copy.md"
end

begin batch-usage
run_bin "$T/o" "$T/e1" --batch -o "$T/x.pdf" "$W/in/copy.md"
expect_status 2 && expect_msg "give their folder with -d, not -o"
run_bin "$T/o" "$T/e2" --batch -d "$T" "$W/in/copy.md" "$B/ch1/../../book/ch1/ch1.md" "$W/in/copy.md"
expect_status 2 && expect_msg "two inputs would both write $T/copy.pdf"
run_bin "$T/o" "$T/e3" --batch -d "$T/nothere" "$W/in/copy.md"
expect_status 2 && expect_msg "-d $T/nothere is not a folder"
run_bin "$T/o" "$T/e4" -d "$T" "$W/in/copy.md"
expect_status 2 && expect_msg "use it with --batch"
run_bin "$T/o" "$T/e5" --batch -d "$T" - <"$W/in/copy.md"
expect_status 2 && expect_msg "not standard input"
[ -e "$T/copy.pdf" ] && fail "a PDF was written"
end

# --- progress on a terminal (src/progress.c) ---

# long.md: the report's front matter and its body 300 times (about 1,100
# pages, several seconds): a run long enough to show its progress
begin_setup progress-input
front() { awk 'NR == 1 && $0 != "---" { exit } { print } NR > 1 && $0 == "---" { exit }' "$1"; }
body() { awk 'NR == 1 && $0 != "---" { b = 1 } b { print } NR > 1 && $0 == "---" { b = 1 }' "$1"; }
P=$TOP/p
mkdir -p "$P"
cp content/slides.md "$P/"
body content/report.md >"$P/body.md"
{ front content/report.md; i=1; while [ $i -le 300 ]; do echo; cat "$P/body.md"; i=$((i + 1)); done; } \
    >"$P/long.md"
end_setup

LIMIT=300
# on_tty OUT ARGS...: BIN ARGS with its standard error on a terminal (script
# gives it a pty), what the terminal got in OUT; sets st
on_tty() {
    _out=$1
    shift
    timeout "$LIMIT" script -qec "$BIN $*" /dev/null >"$_out" 2>&1 </dev/null
    st=$?
    CMD="script -qec '$BIN $*'"
}

begin progress
if command -v script >/dev/null 2>&1; then
    t0=$(date +%s%N)
    on_tty "$T/tty" "$P/long.md" -o "$T/a.pdf"
    t1=$(date +%s%N)
    ERR=$T/tty
    if expect_status 0 && expect_pdf "$T/a.pdf"; then
        # the run took more than a second: its stage and pages were shown,
        # rewritten in place, and erased at the end
        grep -q "$(printf '\r')kumihan: drawing page [0-9]* of [0-9]*" "$T/tty" ||
            fail "no progress line after $(( (t1 - t0) / 1000000 )) ms: $(od -c "$T/tty" | head -5)"
        [ "$(tail -c 4 "$T/tty" | od -An -c | tr -d ' ')" = '\r033[K' ] ||
            fail "the line is not erased at the end: $(tail -c 40 "$T/tty" | od -c)"
        [ "$(tr '\r' '\n' <"$T/tty" | grep -c .)" -ge 2 ] || fail "the line is written once only"
    fi
    # -q: nothing; a short run: nothing
    on_tty "$T/q" -q "$P/long.md" -o "$T/b.pdf"
    [ -s "$T/q" ] && fail "-q on a terminal printed: $(od -c "$T/q" | head -3)"
    on_tty "$T/short" "$W/in/copy.md" -o "$T/c.pdf"
    [ -s "$T/short" ] && fail "a short run printed: $(od -c "$T/short" | head -3)"
else
    fail "script (util-linux) is not installed"
fi
# not a terminal: nothing on standard error
run_bin "$T/o" "$T/stderr" "$P/long.md" -o "$T/d.pdf"
expect_status 0 && [ -s "$T/stderr" ] && fail "stderr, not a terminal, got: $(head -c 200 "$T/stderr" | od -c | head -3)"
cmp -s "$T/a.pdf" "$T/d.pdf" || fail "the PDF differs with a terminal"
end

summary
