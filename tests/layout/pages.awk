# pages.awk: page-building rules checked on a `kumihan --dump pages` dump
# (tests/layout/run.sh runs it on every dump it makes). Prints one line per
# broken rule, "page N: why"; prints nothing when all hold.
#  - a page (but the last, and but one before a page of another size: the
#    appendix's divider page before landscape slides) never ends with a
#    slice flagged keep, gaps aside: not with a heading, a run of headings
#    (h2, gap, h3...), a paragraph's first line or second-to-last, a
#    table's header row;
#  - a page never ends with a heading and one line of its text when the
#    text goes on at the next page's head (a heading keeps two lines);
#  - a page never opens with a single line followed by a heading: a section
#    does not end with one line of a list item or paragraph at a page head;
#  - a contents page after the first (label ii, iii...) never holds only
#    one or two lines.
function flush_page(next_size) {
    if (page == "")
        return
    if (last_keep && !final && next_size == size)
        print "page " page ": ends with a slice kept with the next (" last_kind ")"
    if (prev_tail && first_kind == "line")
        print "page " prev_page ": ends with a heading and one line of its text"
    prev_tail = (last_kind == "line" && before_last_kind == "block" && before_last_keep)
    prev_page = page
    if (first_kind == "line" && second_kind == "block" && second_keep)
        print "page " page ": opens with a single line before a heading"
    if (label ~ /^(ii|iii|iv|v|vi|vii|viii|ix|x)$/ && n_slices <= 2)
        print "page " page ": contents page " label " holds only " n_slices " line(s)"
}
/^page / {
    flush_page($3 " " $4)
    page = $2
    size = $3 " " $4
    label = ""
    if (match($0, /label="[^"]*"/))
        label = substr($0, RSTART + 7, RLENGTH - 8)
    last_keep = 0; last_kind = ""; first_kind = ""; second_kind = ""; second_keep = 0
    before_last_kind = ""; before_last_keep = 0
    n_slices = 0
    next
}
/^  [a-z]/ {
    kind = $1
    if (kind == "note")
        next
    n_slices++
    if (kind == "gap")
        next
    keep = ($0 ~ / keep( |$)/)
    if (first_kind == "")
        first_kind = kind
    else if (second_kind == "") {
        second_kind = kind
        second_keep = keep
    }
    before_last_kind = last_kind
    before_last_keep = last_keep
    last_keep = keep
    last_kind = kind
}
END { final = 1; flush_page() }
