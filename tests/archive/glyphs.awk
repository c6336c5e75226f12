# glyphs.awk: every glyph of a PDF with its position, from
# `mutool draw -F trace` output, one line each in drawing order:
#     PAGE<TAB>X<TAB>Y<TAB>TEXT<TAB>SIZE
# X, Y: the glyph origin in PDF units, y up from the foot of the page
# (mutool traces in device space, y down; the text object's transform is
# applied). TEXT: the glyph's Unicode text (XML entities decoded).
function attr(line, name,    s) {
    if (!match(line, " " name "=\"[^\"]*\""))
        return ""
    s = substr(line, RSTART + length(name) + 3, RLENGTH - length(name) - 4)
    return s
}
function unent(s) {
    gsub(/&lt;/, "<", s)
    gsub(/&gt;/, ">", s)
    gsub(/&quot;/, "\"", s)
    gsub(/&apos;/, "'", s)
    gsub(/&amp;/, "\\&", s)
    return s
}
/<page / {
    page++
    split(attr($0, "mediabox"), mb, " ")
    H = mb[4] + 0
    next
}
/<fill_text|<stroke_text|<clip_text|<ignore_text/ {
    n = split(attr($0, "transform"), m, " ")
    if (n != 6) { m[1] = 1; m[2] = 0; m[3] = 0; m[4] = 1; m[5] = 0; m[6] = 0 }
    next
}
/<span / {
    split(attr($0, "trm"), t, " ")
    size = sqrt(t[1] * t[1] + t[2] * t[2]) * sqrt(m[1] * m[1] + m[2] * m[2])
    next
}
/<g / {
    x = attr($0, "x") + 0
    y = attr($0, "y") + 0
    dx = m[1] * x + m[3] * y + m[5]
    dy = m[2] * x + m[4] * y + m[6]
    printf "%d\t%.3f\t%.3f\t%s\t%.2f\n", page, dx, H - dy, unent(attr($0, "unicode")), size
}
