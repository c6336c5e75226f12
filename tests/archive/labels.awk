# labels.awk: the page label of every page, one per line in page order,
# from the output of flat.awk (qpdf --json flattened: "pagelabels" ranges
# with /S style, /P prefix, /St start). Pages before the first range, or a
# file without labels, get their page number.
BEGIN { FS = "\t" }
# unq(): common.awk
function roman(k, upper,    v, r, s, i) {
    split("1000 900 500 400 100 90 50 40 10 9 5 4 1", v, " ")
    split("m cm d cd c xc l xl x ix v iv i", r, " ")
    s = ""
    for (i = 1; i <= 13; i++)
        while (k >= v[i] + 0) {
            s = s r[i]
            k -= v[i]
        }
    return upper ? toupper(s) : s
}
function alpha(k, upper,    c, s, i) {
    c = substr("abcdefghijklmnopqrstuvwxyz", (k - 1) % 26 + 1, 1)
    s = ""
    for (i = 0; i <= int((k - 1) / 26); i++)
        s = s c
    return upper ? toupper(s) : s
}
{
    n = split($1, p, "|")
    if (p[1] == "pages" && p[3] == "object" && n == 3 && p[2] + 1 > np)
        np = p[2] + 1
    if (p[1] != "pagelabels")
        next
    r = p[2] + 0
    if (r + 1 > nr)
        nr = r + 1
    if (n == 3 && p[3] == "index")
        idx[r] = $2 + 0
    else if (n == 4 && p[3] == "label")
        L[r, p[4]] = unq($2)
}
END {
    for (i = 0; i < np; i++) {
        r = -1
        for (j = 0; j < nr; j++)
            if (idx[j] <= i && (r < 0 || idx[j] >= idx[r]))
                r = j
        if (r < 0) {
            print i + 1
            continue
        }
        k = (((r, "/St") in L) ? L[r, "/St"] : 1) + i - idx[r]
        s = L[r, "/S"]
        num = s == "/D" ? k : s == "/r" ? roman(k, 0) : s == "/R" ? roman(k, 1) \
              : s == "/a" ? alpha(k, 0) : s == "/A" ? alpha(k, 1) : ""
        print L[r, "/P"] num
    }
}
