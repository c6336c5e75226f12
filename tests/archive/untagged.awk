# untagged.awk: from `mutool draw -F trace` output, the text drawn outside
# any marked-content sequence (mutool shows BDC ... EMC as <layer name=..>
# ... <end_layer/>). One line per text object outside marked content:
#     PAGE<TAB>TEXT
# Text inside marked content belongs to the structure tree; text outside it
# is neither tagged nor an artifact.
/<page / { page++; depth = 0; next }
/<layer / { depth++; next }
/<end_layer/ { if (depth > 0) depth--; next }
/<fill_text|<stroke_text|<clip_text|<ignore_text/ { text = ""; intext = 1; next }
/<\/fill_text|<\/stroke_text|<\/clip_text|<\/ignore_text/ {
    if (depth == 0 && text != "")
        print page "\t" text
    intext = 0
    next
}
intext && /<g / {
    if (match($0, /unicode="[^"]*"/))
        text = text substr($0, RSTART + 9, RLENGTH - 10)
}
