# common.awk: functions shared by labels.awk, annots.awk and struct.awk,
# loaded before them (awk -f common.awk -f NAME.awk).
# unq(S): a value of flat.awk's output without its quotes and the "u:" of a
# Unicode string.
function unq(s) {
    if (s ~ /^".*"$/)
        s = substr(s, 2, length(s) - 2)
    sub(/^u:/, "", s)
    return s
}
