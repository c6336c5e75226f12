# links-touch.awk: over `qpdf --qdf --object-streams=disable` output, print
# each pair of link annotations on one page that lead to the same place and
# touch on one line (their rectangles share the vertical extent and meet or
# overlap horizontally, within 1 pt): such runs should be one link.
# Output: "page P: links A and B (target T) touch", nothing when none do.
/^[0-9]+ 0 obj$/ { obj = $1; inrect = 0; indest = 0; inannots = 0; next }
/^endobj$/ { obj = ""; next }
obj == "" { next }
/^  \/Type \/Page$/ { ispage[obj] = 1 }
/^  \/Annots \[$/ { inannots = 1; next }
inannots && /^  \]$/ { inannots = 0; next }
inannots && /^    [0-9]+ 0 R$/ { annots[obj] = annots[obj] " " $1; next }
/^  \/Subtype \/Link$/ { islink[obj] = 1 }
/^  \/Rect \[$/ { inrect = 1; nr = 0; next }
inrect && /^  \]$/ { inrect = 0; next }
inrect { rect[obj, nr++] = $1 + 0; next }
/^  \/Dest \[$/ { indest = 1; dest[obj] = ""; next }
indest && /^  \]$/ { indest = 0; next }
indest { sub(/^ +/, ""); dest[obj] = dest[obj] " " $0; next }
/^  \/Dest / { d = $0; sub(/^  \/Dest /, "", d); dest[obj] = d }
/^    \/URI / { u = $0; sub(/^    \/URI /, "", u); dest[obj] = "uri " u }
END {
    for (p in ispage) {
        n = split(annots[p], a, " ")
        for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) {
            x = a[i]; y = a[j]
            if (!islink[x] || !islink[y] || dest[x] == "" || dest[x] != dest[y]) continue
            if (rect[x, 1] - rect[y, 1] > 0.5 || rect[y, 1] - rect[x, 1] > 0.5) continue
            if (rect[x, 3] - rect[y, 3] > 0.5 || rect[y, 3] - rect[x, 3] > 0.5) continue
            if (rect[x, 2] + 1 < rect[y, 0] || rect[y, 2] + 1 < rect[x, 0]) continue
            print "page object " p ": links " x " and " y " (target" dest[x] ") touch"
        }
    }
}
