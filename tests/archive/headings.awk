# headings.awk: the ATX headings of a Markdown file, in source order, with
# whitespace removed (as compared with pdftotext's lines):
#     LEVEL<TAB>TEXT
# Skips the YAML front matter and fenced code. Use -v max=N for levels <= N.
# Also handles: -v notes=1 prints the footnote definitions instead, as
#     NUMBER<TAB>LABEL<TAB>TEXT
# numbered by first reference in the text (as cmark-gfm numbers them).
function norm(s) {
    gsub(/[ \t]/, "", s)
    gsub(/　/, "", s)
    return s
}
BEGIN { if (max == "") max = 6 }
NR == 1 && /^---[ \t]*$/ { fm = 1; next }
fm == 1 { if (/^(---|\.\.\.)[ \t]*$/) fm = 2; next }
/^[ \t]*(```|~~~)/ { fence = !fence; next }
fence { next }
notes && /^\[\^[^]]+\]:/ {
    match($0, /^\[\^[^]]+\]:/)
    label = substr($0, 3, RLENGTH - 4)
    text = substr($0, RLENGTH + 1)
    sub(/^[ \t]+/, "", text)
    def[++ndef] = label
    deftext[label] = norm(text)
    next
}
notes {
    line = $0
    while (match(line, /\[\^[^]]+\]/)) {
        label = substr(line, RSTART + 2, RLENGTH - 3)
        if (!(label in num))
            num[label] = ++nref
        line = substr(line, RSTART + RLENGTH)
    }
    next
}
/^#+[ \t]/ {
    match($0, /^#+/)
    level = RLENGTH
    text = substr($0, RLENGTH + 1)
    sub(/[ \t]+#+[ \t]*$/, "", text)
    if (level <= max)
        print level "\t" norm(text)
}
END {
    if (notes)
        for (i = 1; i <= ndef; i++)
            if (def[i] in num)
                print num[def[i]] "\t" def[i] "\t" deftext[def[i]]
}
