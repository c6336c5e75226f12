# flat.awk: flatten qpdf's pretty-printed JSON (qpdf --json, one token per
# line as qpdf 11 writes it) into one line per scalar:
#     PATH<TAB>VALUE
# PATH joins the keys and array indices from the top with "|", e.g.
#     qpdf|1|obj:7 0 R|value|/Dest|0	"54 0 R"
#     pages|0|object	"3 0 R"
# VALUE is the JSON text as qpdf wrote it (strings keep their quotes);
# empty objects and arrays are printed as {} and [].
# mawk-compatible (no gawk extensions).
function path(comp,    p, i) {
    p = ""
    for (i = 2; i <= sp; i++)
        p = p stack[i] "|"
    return p comp
}
{
    line = $0
    sub(/^[ \t]+/, "", line)
    sub(/[ \t\r]+$/, "", line)
    if (line == "")
        next
    if (line ~ /[^\\],$/ || line ~ /^[\]}],$/ || line == ",")
        sub(/,$/, "", line)
    comp = ""
    if (match(line, /^"([^"\\]|\\.)*": /)) {
        comp = substr(line, 2, RLENGTH - 4)
        rest = substr(line, RLENGTH + 1)
    } else {
        rest = line
        if (sp > 0 && type[sp] == "a")
            comp = idx[sp]++
    }
    if (rest == "{" || rest == "[") {
        stack[++sp] = comp
        type[sp] = rest == "{" ? "o" : "a"
        idx[sp] = 0
        next
    }
    if (rest == "}" || rest == "]") {
        sp--
        next
    }
    print path(comp) "\t" rest
}
