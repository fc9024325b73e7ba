# ds01-events: log_event for Bash scripts.
#
# Load it with:   source <(ds01-events shell-init bash)
# (or save the output once and source that file).
#
# Both legacy call forms work:
#   log_event TYPE [USER] [SOURCE] [key=value ...]   positional user/source
#   log_event TYPE [key=value ...]                   user=... source=...
# USER and SOURCE are taken as positional while they contain no '=' and do not
# start with '--'; an empty string means "none". SOURCE defaults to the file
# name of the calling script. key=value is typed as JSON when it reads back
# exactly (priority=50 is a number), key:=JSON stores raw JSON.
#
# log_event always returns 0, prints nothing on stdout, never reads stdin, and
# is silent when the binary is missing, so it is safe under set -euo pipefail.
# Binary: $DS01_EVENTS_BIN if set, else ds01-events on PATH (looked up at each
# call). Events file: $DS01_EVENTS_FILE, else /var/log/ds01/events.jsonl.
# Warnings of the binary (for example "sent to syslog") go to stderr.

log_event() {
    local __ds01_type="${1-}" __ds01_user="" __ds01_source="" __ds01_bin=""
    local -a __ds01_opts=()
    [[ -n "$__ds01_type" ]] || return 0
    shift

    # Legacy positional USER, then SOURCE.
    if [[ $# -gt 0 && "$1" != *=* && "$1" != --* ]]; then
        __ds01_user="$1"
        shift
        if [[ $# -gt 0 && "$1" != *=* && "$1" != --* ]]; then
            __ds01_source="$1"
            shift
        fi
    fi
    if [[ -z "$__ds01_source" ]]; then
        __ds01_source="${BASH_SOURCE[1]:-$0}"
        __ds01_source="${__ds01_source##*/}"
        __ds01_source="${__ds01_source#-}" # a login shell's $0 is -bash
    fi

    # Resolve the binary now, not when this file was sourced.
    if [[ -n "${DS01_EVENTS_BIN:-}" ]]; then
        if [[ "$DS01_EVENTS_BIN" == */* ]]; then
            __ds01_bin="$DS01_EVENTS_BIN"
        else
            __ds01_bin="$(type -P -- "$DS01_EVENTS_BIN" 2>/dev/null)" || __ds01_bin=""
        fi
    else
        __ds01_bin="$(type -P ds01-events 2>/dev/null)" || __ds01_bin=""
    fi
    [[ -n "$__ds01_bin" && -x "$__ds01_bin" && ! -d "$__ds01_bin" ]] || return 0

    [[ -z "$__ds01_user" ]] || __ds01_opts+=("--user=$__ds01_user")
    [[ -z "$__ds01_source" ]] || __ds01_opts+=("--source=$__ds01_source")

    # user=/source= among the key=value words override the options above.
    "$__ds01_bin" log ${__ds01_opts[@]+"${__ds01_opts[@]}"} -- "$__ds01_type" "$@" \
        </dev/null >/dev/null || true
    return 0
}
