# annots.awk: every annotation of a PDF, from the output of flat.awk
# (qpdf --json flattened), one line each in page order:
#     PAGE<TAB>X1<TAB>Y1<TAB>X2<TAB>Y2<TAB>TARGET<TAB>F<TAB>SUBTYPE<TAB>OBJECT
# X1..Y2: /Rect normalized (X1 <= X2, Y1 <= Y2), in PDF units (y up).
# TARGET: the 1-based page number an explicit /Dest (or /A /GoTo /D) points
# at; "named:NAME" for a named destination; "uri" for a /URI action;
# "nodest" when the annotation has neither (a link that goes nowhere).
# F: the /F flags as written ("" when absent).
BEGIN { FS = "\t" }
# unq(): common.awk
{
    n = split($1, p, "|")
    if (p[1] == "pages" && p[3] == "object" && n == 3) {
        pg[unq($2)] = p[2] + 1
        order[p[2] + 1] = unq($2)
        if (p[2] + 1 > np)
            np = p[2] + 1
        next
    }
    if (p[1] != "qpdf" || p[2] != "1" || p[3] !~ /^obj:/ || p[4] != "value")
        next
    id = substr(p[3], 5)
    if (p[5] == "/Annots" && n == 6) { na[id]++; A[id, na[id]] = unq($2) }
    else if (p[5] == "/Rect" && n == 6) R[id, p[6]] = $2 + 0
    else if (p[5] == "/Dest" && n == 6 && p[6] == "0") D[id] = unq($2)
    else if (p[5] == "/Dest" && n == 5) D[id] = "named:" unq($2)
    else if (p[5] == "/A" && n == 7 && p[6] == "/D" && p[7] == "0") D[id] = unq($2)
    else if (p[5] == "/A" && n == 6 && p[6] == "/D") D[id] = "named:" unq($2)
    else if (p[5] == "/A" && n == 6 && p[6] == "/URI") U[id] = unq($2)
    else if (p[5] == "/F" && n == 5) F[id] = $2
    else if (p[5] == "/Subtype" && n == 5) ST[id] = unq($2)
}
END {
    for (i = 1; i <= np; i++) {
        o = order[i]
        for (j = 1; j <= na[o]; j++) {
            a = A[o, j]
            if (a in D)
                t = (D[a] in pg) ? pg[D[a]] : D[a]
            else
                t = (a in U) ? "uri" : "nodest"
            x1 = R[a, 0]; y1 = R[a, 1]; x2 = R[a, 2]; y2 = R[a, 3]
            if (x1 > x2) { s = x1; x1 = x2; x2 = s }
            if (y1 > y2) { s = y1; y1 = y2; y2 = s }
            print i "\t" x1 "\t" y1 "\t" x2 "\t" y2 "\t" t "\t" ((a in F) ? F[a] : "") "\t" ST[a] "\t" a
        }
    }
}
