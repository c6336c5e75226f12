#!/bin/sh
# Spec tests: each tests/spec/*.txt is a Markdown source, a line holding only
# ".", then the expected `kumihan --dump tree` of that source. They document
# the content format. Usage: run.sh BIN [--regen]
set -u
bin=$1
regen=${2:-}
dir=$(dirname "$0")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
n=0
for spec in "$dir"/*.txt; do
    n=$((n + 1))
    name=$(basename "$spec" .txt)
    awk -v src="$tmp/$name.md" -v want="$tmp/$name.exp" '
        !done && $0 == "." { done = 1; next }
        !done { print > src; next }
        { print > want }
    ' "$spec"
    [ -f "$tmp/$name.md" ] || : > "$tmp/$name.md"
    [ -f "$tmp/$name.exp" ] || : > "$tmp/$name.exp"
    (cd "$tmp" && "$OLDPWD/$bin" --dump tree "$name.md" > "$name.out" 2> "$name.err")
    status=$?
    if [ $status -ge 128 ]; then
        echo "FAIL: spec $name: crashed (status $status)"; fail=$((fail + 1)); continue
    fi
    if [ "$regen" = "--regen" ]; then
        { cat "$tmp/$name.md"; echo "."; cat "$tmp/$name.out"; } > "$spec"
        continue
    fi
    if ! cmp -s "$tmp/$name.exp" "$tmp/$name.out"; then
        echo "FAIL: spec $name: tree differs (expected -, got +):"
        diff -u "$tmp/$name.exp" "$tmp/$name.out" | sed -n '3,40p'
        fail=$((fail + 1))
    fi
done
if [ "$regen" = "--regen" ]; then
    echo "spec: rewrote $n files; review the diff"
    exit 0
fi
echo "spec: $((n - fail)) of $n passed"
[ $fail -eq 0 ]
