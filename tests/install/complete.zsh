# tests/install/complete.zsh DIR OUT LINE: what zsh's completion offers for
# the command line LINE (the word before the cursor at its end), with the
# completion functions of DIR (src: its _kumihan) first in $fpath, in the
# current folder. An interactive zsh on a pseudo-terminal (zpty) gets LINE
# and a TAB; compadd is wrapped to print each match as "HIT:match" and the
# end of the completion as "DONE" to OUT. Run as `zsh -f complete.zsh ...`.
# Exit status 1 when the completion did not end within 20 seconds.

zmodload zsh/zpty || exit 1
dir=$1 out=$2 line=$3
: >$out
zpty kz zsh -f -i
zpty -w kz "PS1= RPROMPT=; fpath=(${(q)dir} \$fpath); autoload -U compinit; compinit -u -D"
zpty -w kz "exec 2>>${(q)out}"
zpty -w kz '_kz_done() { print -r -- DONE >&2 }'
# (-O, -A, -D only ask what would match: passed on untouched)
zpty -w kz 'compadd() {
    if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return; fi
    comppostfuncs=(_kz_done)
    local -a kz_hits
    builtin compadd -A kz_hits "$@"
    (( $#kz_hits )) && print -rl -- ${kz_hits/#/HIT:} >&2
    builtin compadd "$@"
}'
zpty -w kz "bindkey '^I' complete-word"
zpty -wn kz "$line"$'\t'
integer i
for (( i = 0; i < 100; i++ )); do
    grep -q '^DONE$' $out && break
    sleep 0.2
done
zpty -d kz
grep -q '^DONE$' $out
