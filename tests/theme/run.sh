#!/bin/sh
# tests/theme/run.sh BIN: theme files and the front matter's overrides
# (src/theme_keys.c, src/theme_read.c, src/theme.c; issue 21). The layout
# under each built-in theme and under every-key.yaml is in the goldens
# tests/layout/themed*.out.
#
#   roundtrip  --print-theme NAME, read back with --theme FILE, gives the
#              same PDF bytes as --theme NAME, for report, paper, gaia and
#              uncover, as a report and as slides
#   every      every-key.yaml leaves no key at report's value, and sets
#              every key --list-theme-keys lists (report's and slides')
#   readme     the README's table of keys is --list-theme-keys' output
#   unknown    unknown keys and sections warn at their line:col with the
#              nearest known key; a key of the report's in `slides:` says so;
#              the PDF is still written
#   types      a value of the wrong type: an error at its position, exit 1,
#              no PDF; bad YAML: its position
#   missing    --theme of no built-in and no file: exit 2 naming the
#              built-in themes; from the front matter: an error at the key;
#              Marp's theme names (default, gaia, uncover): no warning,
#              default is kumihan's own slides (the same bytes as none)
#   root       a theme named by the front matter outside the root is
#              refused (exit 1, nothing read); inside, with `extends:` of a
#              file beside it, it is used
#   front      the front matter overrides the theme: fontsize (the pitch in
#              proportion), a body section, paper via papersize: a4paper
#              ... and --paper wins over both
#   same       the same themed input twice: the same bytes
#
# Run from the repository root: sh tests/theme/run.sh build/kumihan

SUITE=theme
. tests/lib.sh
require_tools pdfinfo cmp
export SOURCE_DATE_EPOCH=1700000000

doc=tests/layout/themed.md

begin roundtrip
for name in report paper gaia uncover; do
    run_bin "$T/$name.yaml" "$T/print.err" --print-theme "$name"
    expect_status 0 || continue
    render "$T/$name-builtin.pdf" --theme "$name" "$doc" &&
        render "$T/$name-file.pdf" --theme "$T/$name.yaml" "$doc" &&
        { cmp -s "$T/$name-builtin.pdf" "$T/$name-file.pdf" ||
              fail "$name: the printed theme gives other bytes than the built-in"; }
    render "$T/$name-slides-builtin.pdf" --slides --theme "$name" content/slides.md &&
        render "$T/$name-slides-file.pdf" --slides --theme "$T/$name.yaml" content/slides.md &&
        { cmp -s "$T/$name-slides-builtin.pdf" "$T/$name-slides-file.pdf" ||
              fail "$name: the printed theme gives other slides than the built-in"; }
done
# the default is report: no --theme gives the same bytes as --theme report
render "$T/default.pdf" "$doc" &&
    { cmp -s "$T/default.pdf" "$T/report-builtin.pdf" || fail "no --theme is not --theme report"; }
end

begin every
run_bin "$T/report.yaml" "$T/e1" --print-theme report
run_bin "$T/every.yaml" "$T/e2" --print-theme "$D/every-key.yaml"
if expect_status 0; then
    awk -f "$D/flatten.awk" "$T/report.yaml" > "$T/report.flat"
    awk -f "$D/flatten.awk" "$T/every.yaml" > "$T/every.flat"
    same=$(paste -d '|' "$T/report.flat" "$T/every.flat" | awk -F '|' '$1 == $2 { print $1 }')
    [ -z "$same" ] || fail "every-key.yaml leaves keys at report's value: $same"
    [ -s "$T/e2" ] && fail "every-key.yaml is not read cleanly: $(head -c 300 "$T/e2")"
    # as many keys printed as listed: report's column and slides'
    run_bin "$T/keys.md" "$T/e3" --list-theme-keys
    listed=$(awk -F '|' 'NR > 2 && $3 ~ /`/ { n++ } NR > 2 && $4 ~ /`/ { n++ } END { print n }' "$T/keys.md")
    printed=$(wc -l < "$T/every.flat" | tr -d ' ')
    [ "$listed" = "$printed" ] || fail "--list-theme-keys has $listed values, --print-theme $printed keys"
fi
end

begin readme
run_bin "$T/keys.md" "$T/err" --list-theme-keys
if expect_status 0; then
    sed -n '/^<!-- theme-keys -->$/,/^<!-- \/theme-keys -->$/p' README.md | sed '1d;$d' > "$T/readme.md"
    [ -s "$T/readme.md" ] || fail "README.md has no block between <!-- theme-keys --> and <!-- /theme-keys -->"
    cmp -s "$T/keys.md" "$T/readme.md" ||
        fail "README.md's table of theme keys is not --list-theme-keys' output (make readme-keys): $(diff "$T/keys.md" "$T/readme.md" | head -n 4)"
fi
end

begin unknown
cat > "$T/t.yaml" <<'EOF'
extends: paper
body:
  sise: 11pt
h1: {colr: "#aa0000"}
pagee:
  paper: B5
slides:
  page: {paper: A4}
EOF
cp "$doc" "$T/d.md"
if render "$T/d.pdf" --theme "$T/t.yaml" "$T/d.md"; then
    expect_msg "t.yaml:3:3: warning: unknown theme key 'body.sise' is ignored; did you mean 'body.size'?"
    expect_msg "t.yaml:4:6: warning: unknown theme key 'h1.colr' is ignored; did you mean 'h1.color'?"
    expect_msg "t.yaml:5:1: warning: unknown theme key 'pagee' is ignored; did you mean 'page'?"
    expect_msg "t.yaml:8:3: warning: 'page' is a key of the report's theme, not of \`slides:\`: ignored"
    [ "$(grep -c warning "$ERR")" = 4 ] || fail "not 4 warnings: $(cat "$ERR")"
fi
end

begin types
printf 'body:\n  size: big\nh2:\n  color: "#12345"\n  weight: 1000\nlist:\n  bullets: {a: b}\n' > "$T/bad.yaml"
run_bin "$T/out" "$T/err" --theme "$T/bad.yaml" "$doc" -o "$T/bad.pdf"
if expect_status 1; then
    expect_msg "bad.yaml:2:9: error: 'body.size' must be a length such as 10pt, 3.5mm, 1cm, 0.5in or 13Q, not \"big\""
    expect_msg "bad.yaml:4:10: error: 'h2.color' must be a colour such as \"#1a4480\", not \"#12345\""
    expect_msg "bad.yaml:5:11: error: 'h2.weight' must be a weight from 100 to 900"
    expect_msg "bad.yaml:7:12: error: 'list.bullets' must be a list of texts"
    [ -e "$T/bad.pdf" ] && fail "a PDF was written despite the errors"
fi
printf 'body:\n  size: "10pt\nh1: x\n' > "$T/yaml.yaml"
run_bin "$T/out" "$T/err" --theme "$T/yaml.yaml" "$doc" -o "$T/y.pdf"
expect_status 1 && expect_msg "yaml.yaml:"
end

begin missing
run_bin "$T/out" "$T/err" --theme nosuch "$doc" -o "$T/m.pdf"
expect_status 2 && expect_msg "no theme 'nosuch': neither a built-in theme (report, paper, gaia, uncover) nor a file"
run_bin "$T/out" "$T/err" --print-theme nosuch
expect_status 2
printf -- '---\ntitle: t\ntheme: nosuch.yaml\n---\n\n本文。\n' > "$T/fm.md"
run_bin "$T/out" "$T/err" "$T/fm.md" -o "$T/fm.pdf"
expect_status 1 && expect_msg "fm.md:3:8: error: theme 'nosuch.yaml'"
# a deck written for Marp names Marp's themes: gaia and uncover are
# built in, default is kumihan's own look; none is warned about
printf -- '---\ntheme: gaia\n---\n\n# 題\n\n---\n\n## 二枚目\n' > "$T/marp.md"
if render "$T/marp.pdf" --slides "$T/marp.md"; then
    [ -s "$T/marp.pdf.stderr" ] && fail "theme: gaia is warned about: $(cat "$T/marp.pdf.stderr")"
    render "$T/marp-cli.pdf" --slides --theme gaia "$T/marp.md" &&
        { cmp -s "$T/marp.pdf" "$T/marp-cli.pdf" || fail "theme: gaia is not --theme gaia"; }
fi
printf -- '---\ntheme: default\n---\n\n# 題\n\n---\n\n## 二枚目\n' > "$T/marp-default.md"
printf -- '---\n---\n\n# 題\n\n---\n\n## 二枚目\n' > "$T/marp-none.md"
if render "$T/marp-default.pdf" --slides "$T/marp-default.md"; then
    [ -s "$T/marp-default.pdf.stderr" ] && fail "theme: default is warned about: $(cat "$T/marp-default.pdf.stderr")"
    render "$T/marp-none.pdf" --slides "$T/marp-none.md" &&
        { cmp -s "$T/marp-default.pdf" "$T/marp-none.pdf" ||
              fail "theme: default is not kumihan's own slide look"; }
fi
end

begin root
mkdir -p "$T/docs/themes" "$T/outside"
printf 'body:\n  color: "#ff0000"\n' > "$T/outside/evil.yaml"
printf -- '---\ntitle: t\ntheme: ../outside/evil.yaml\n---\n\n本文。\n' > "$T/docs/a.md"
run_bin "$T/out" "$T/err" "$T/docs/a.md" -o "$T/a.pdf"
expect_status 1 && expect_msg "is outside the root folder: not read"
[ -e "$T/a.pdf" ] && fail "a PDF was written with a theme outside the root"
# inside: company.yaml extends base.yaml beside it, which extends paper
printf 'extends: paper\nh2:\n  size: 15pt\n  pitch: 25pt\n' > "$T/docs/themes/base.yaml"
printf 'extends: base.yaml\nh2:\n  color: "#7a1f1f"\n' > "$T/docs/themes/company.yaml"
printf -- '---\ntitle: t\ntheme: themes/company.yaml\n---\n\n## 見出し\n\n本文。\n' > "$T/docs/b.md"
if render "$T/b.pdf" "$T/docs/b.md"; then
    [ -s "$T/b.pdf.stderr" ] && fail "warnings: $(cat "$T/b.pdf.stderr")"
    run_bin "$T/dump" "$T/err" --dump pages "$T/docs/b.md"
    # base.yaml's 25 pt pitch takes two body lines (paper's 17 pt, one)
    grep -q 'block y=[0-9.]* h=34.00 p=6:1' "$T/dump" ||
        fail "the h2 is not set on base.yaml's pitch: $(grep p=6:1 "$T/dump")"
fi
# a chain that loops is stopped
printf 'extends: loop2.yaml\n' > "$T/docs/themes/loop1.yaml"
printf 'extends: loop1.yaml\n' > "$T/docs/themes/loop2.yaml"
run_bin "$T/out" "$T/err" --theme "$T/docs/themes/loop1.yaml" "$T/docs/b.md" -o "$T/l.pdf"
expect_ended && [ "$st" != 0 ] || fail "a looping extends: chain exited $st"
expect_msg "goes more than 8 themes deep"
end

begin front
printf -- '---\ntitle: 前付けで変える\nfontsize: 12pt\npapersize: b5paper\nbody:\n  color: "#333333"\n---\n\n本文の段落です。\n' > "$T/f.md"
run_bin "$T/dump" "$T/err" --dump pages "$T/f.md"
if expect_status 0; then
    grep -q '^page 1 (w=515.91 h=728.50)' "$T/dump" || fail "papersize: b5paper is not B5: $(head -n 1 "$T/dump")"
    # 12 pt on 17 * 12 / 10 = 20.4 pt
    grep -q 'line  y=[0-9.]* h=20.40' "$T/dump" || fail "fontsize 12pt does not give a 20.4 pt pitch: $(grep line "$T/dump" | head -n 2)"
    [ -s "$T/err" ] && fail "warnings: $(cat "$T/err")"
fi
run_bin "$T/dump" "$T/err" --dump pages --paper A5 "$T/f.md"
expect_status 0 && { grep -q '^page 1 (w=419.53 h=595.28)' "$T/dump" || fail "--paper A5 does not win over papersize"; }
printf -- '---\ntitle: t\nfontsize: huge\ngeometry: margin=20mm, foo=1\n---\n\n本文。\n' > "$T/g.md"
run_bin "$T/out" "$T/err" "$T/g.md" -o "$T/g.pdf"
expect_status 1
expect_msg "g.md:3:11: error: 'fontsize' must be a size such as 10.5pt, not \"huge\""
expect_msg "g.md:4:11: warning: geometry: 'foo' is not understood"
end

begin same
render "$T/1.pdf" --theme "$D/every-key.yaml" "$doc" &&
    render "$T/2.pdf" --theme "$D/every-key.yaml" "$doc" &&
    { cmp -s "$T/1.pdf" "$T/2.pdf" || fail "two runs with every-key.yaml differ"; }
end

summary
