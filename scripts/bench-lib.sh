# shellcheck shell=bash
# The preamble the bench scripts and rotation-loss.sh share; sourced, not
# run:
#
#   . "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"
#
# Sets `root` (the repository) and `bench` (the script's name, for
# messages), and offers:
#   need_tools TOOL...   exit 2 naming the first missing tool (`time` means
#                        /usr/bin/time, the package of that name)
#   find_gen             sets `gen`: ../shared/bench/gen-events.py, else
#                        $GEN_EVENTS
#   build_release        cargo build --release, then sets `bin` to the
#                        binary (under the target triple .cargo/config.toml
#                        sets, or plain release/; $CARGO_TARGET_DIR honoured)

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bench=$(basename "$0" .sh)

need_tools() {
    local tool
    for tool in "$@"; do
        if [ "$tool" = time ]; then
            [ -x /usr/bin/time ] && continue
            echo "$bench: /usr/bin/time is missing (apt-get install time)" >&2
            exit 2
        fi
        command -v "$tool" >/dev/null || {
            echo "$bench: $tool is missing (apt-get install $tool)" >&2
            exit 2
        }
    done
}

find_gen() {
    gen="$root/../shared/bench/gen-events.py"
    [ -f "$gen" ] || gen="${GEN_EVENTS:?set GEN_EVENTS to gen-events.py}"
}

build_release() {
    (cd "$root" && cargo build --release >&2)
    local target_dir=${CARGO_TARGET_DIR:-$root/target} cand
    bin=""
    for cand in "$target_dir/x86_64-unknown-linux-gnu/release/ds01-events" \
        "$target_dir/release/ds01-events"; do
        if [[ -x $cand ]]; then
            bin=$cand
            break
        fi
    done
    [[ -n $bin ]] || {
        echo "$bench: release binary not found under $target_dir" >&2
        exit 1
    }
}
