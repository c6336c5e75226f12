# flatten.awk: a printed theme (kumihan --print-theme) as "path value" lines,
# one per key: "slides.body.size 22pt". Comments are skipped.
/^[ ]*#/ || /^[ ]*$/ { next }
{
    match($0, /^ */)
    depth = RLENGTH / 2
    line = substr($0, RLENGTH + 1)
    key = line
    sub(/:.*/, "", key)
    val = line
    if (index(val, ": ") == 0) {           # a mapping opens
        path[depth] = key
        next
    }
    sub(/^[^:]*: /, "", val)
    p = ""
    for (i = 0; i < depth; i++)
        p = p path[i] "."
    print p key, val
}
