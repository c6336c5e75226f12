# struct.awk: walk the structure tree of a PDF, in document order, from the
# output of flat.awk (qpdf --json flattened). One line per structure element:
#     DEPTH<TAB>TYPE<TAB>OBJECT<TAB>PAGE<TAB>ALT<TAB>KIDS
# DEPTH 1 is a child of the StructTreeRoot; TYPE is /S without its slash;
# PAGE is the 1-based number of the element's /Pg page (empty if none);
# ALT is /Alt as qpdf decodes it (empty if none); KIDS counts the element's
# /K entries (marked-content ids, object references and structure elements).
# Prints "ERROR<TAB>why" when there is no tree to walk.
BEGIN { FS = "\t" }
# unq(): common.awk
{
    n = split($1, p, "|")
    if (p[1] == "pages" && p[3] == "object" && n == 3) {
        pageno[unq($2)] = p[2] + 1
        next
    }
    if (p[1] != "qpdf" || p[2] != "1")
        next
    if (p[3] == "trailer") {
        if (p[5] == "/Root" && n == 5)
            root = unq($2)
        next
    }
    if (p[3] !~ /^obj:/ || p[4] != "value")
        next
    id = substr(p[3], 5)
    key = p[5]
    v = unq($2)
    if (n == 5) {
        if (key == "/S") S[id] = substr(v, 2)
        else if (key == "/Pg") Pg[id] = v
        else if (key == "/Alt") Alt[id] = v
        else if (key == "/StructTreeRoot") tree[id] = v
        else if (key == "/K") { nk[id] = 1; K[id, 1] = v }
        next
    }
    if (key != "/K")
        next
    if (p[6] ~ /^[0-9]+$/) {                 # an array of kids
        i = p[6] + 1
        if (i > nk[id])
            nk[id] = i
        if (n == 6)
            K[id, i] = v
        else if (!((id, i) in K) || K[id, i] == "")
            K[id, i] = "{}"                  # a marked-content or object reference
    } else {                                 # a single dictionary kid
        nk[id] = 1
        K[id, 1] = "{}"
    }
}
function walk(id, d,    i, c) {
    if (d > 200 || (id in seen))
        return
    seen[id] = 1
    if (id in S)
        print d "\t" S[id] "\t" id "\t" ((id in Pg) ? pageno[Pg[id]] : "") "\t" Alt[id] "\t" nk[id] + 0
    for (i = 1; i <= nk[id]; i++) {
        c = K[id, i]
        if (c ~ /^[0-9]+ [0-9]+ R$/)
            walk(c, d + 1)
    }
}
END {
    if (root == "" || !(root in tree)) {
        print "ERROR\tno /StructTreeRoot in the catalog"
        exit
    }
    t = tree[root]
    for (i = 1; i <= nk[t]; i++)
        if (K[t, i] ~ /^[0-9]+ [0-9]+ R$/)
            walk(K[t, i], 1)
}
