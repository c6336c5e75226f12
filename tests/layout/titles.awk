# titles.awk: balanced titles, checked on a `kumihan --dump pages` dump
# (tests/layout/run.sh runs it on every dump but the items one): a heading,
# title or slide title set on two lines or more never leaves one or two
# letters alone on its last line (brackets and punctuation not counted).
# Prints "page N: why" per block that does; nothing when all hold.
# Run with LC_ALL=C: letters are counted as UTF-8 lead bytes.
function letters(s) {
    gsub(/」|』|）|」|。|、|：|・|[][(){}.,:;!?"' ]/, "", s)
    gsub(/[\200-\277]/, "", s)
    return length(s)
}
function check() {
    if (n_lines >= 2 && letters(last) <= 2)
        print "page " page ": the last line of a title holds one or two letters: " last
    n_lines = 0
}
/^page / { check(); page = $2; in_block = 0; next }
/^  [a-z]/ { check(); in_block = ($1 == "block"); next }
/^        x=/ {
    if (!in_block)
        next
    last = $0
    sub(/^ *x=[-0-9.]* "/, "", last)
    sub(/"$/, "", last)
    n_lines++
}
END { check() }
