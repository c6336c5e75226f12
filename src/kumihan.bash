# kumihan.bash: bash completion for kumihan, installed as
# share/bash-completion/completions/kumihan (bash-completion loads it on
# first use; without that package, source it from ~/.bashrc). Uses bash's
# own compgen only. The options are those of `kumihan --help`: the suite
# tests/install checks this list against it.

_kumihan()
{
    local cur=${COMP_WORDS[COMP_CWORD]}
    local prev=
    ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
    # --paper=B5: bash splits the word at "=" (COMP_WORDBREAKS)
    if [[ $cur == = ]]; then
        cur=
    elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then
        prev=${COMP_WORDS[COMP_CWORD - 2]}
    fi
    local opts='-o --output --paper --theme --print-theme --list-theme-keys --lock-fonts
        --date --fonts --root --dump --format --dpi --pages --crop-marks --watch --booklet
        --bleed --slides --handout --notes --appendix-layout --pdfa --embed-source
        --line-break --hanging-punctuation --vertical --line-start-bracket --strict -q --quiet
        --diagnostics --batch -d --output-dir
        -v --verbose --version -h --help'
    local IFS=$'\n'
    COMPREPLY=()
    case $prev in
    --paper)
        # in any case; offered as --help writes them
        COMPREPLY=($(compgen -W $'A4\nA3\nA5\nA6\nB4\nB5\nB6\nLetter\nLegal' -- "$cur"))
        return ;;
    --format)
        COMPREPLY=($(compgen -W $'pdf\npng\nsvg' -- "$cur"))
        return ;;
    --handout)
        COMPREPLY=($(compgen -W $'1\n2\n3\n4\n6\n9' -- "$cur"))
        return ;;
    --dump)
        COMPREPLY=($(compgen -W $'tree\nitems\npages' -- "$cur"))
        return ;;
    --line-break)
        COMPREPLY=($(compgen -W $'strict\nnormal\nloose' -- "$cur"))
        return ;;
    --line-start-bracket)
        COMPREPLY=($(compgen -W $'flush\nhalf' -- "$cur"))
        return ;;
    --diagnostics)
        COMPREPLY=($(compgen -W $'text\njson' -- "$cur"))
        return ;;
    -d | --output-dir)
        COMPREPLY=($(compgen -d -- "$cur"))
        return ;;
    --appendix-layout)
        COMPREPLY=($(compgen -W $'2up\nfull' -- "$cur"))
        return ;;
    --theme | --print-theme)
        # the built-in themes, then theme files and folders on the way to them
        COMPREPLY=($(compgen -W $'report\npaper\ngaia\nuncover' -- "$cur")
                   $(compgen -f -X '!*.yaml' -- "$cur") $(compgen -d -- "$cur"))
        compopt -o filenames 2>/dev/null
        return ;;
    --fonts | --root)
        COMPREPLY=($(compgen -d -- "$cur"))
        compopt -o filenames 2>/dev/null
        return ;;
    -o | --output)
        COMPREPLY=($(compgen -f -- "$cur"))
        compopt -o filenames 2>/dev/null
        return ;;
    --date | --dpi | --pages | --bleed)
        return ;;                          # a value to type: nothing to offer
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "${opts//[[:space:]]/$'\n'}" -- "$cur"))
        return
    fi
    # the input: Markdown files, and folders on the way to them
    COMPREPLY=($(compgen -f -X '!*.md' -- "$cur") $(compgen -d -- "$cur"))
    compopt -o filenames 2>/dev/null
}

complete -F _kumihan kumihan
