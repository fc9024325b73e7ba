#!/usr/bin/env bash
# Per-event latency and memory of `ds01-events log`, against /bin/true (the
# cost of any fork+exec) and the Python writer it replaces.
#
#   scripts/bench-log.sh            # N=500 runs per command
#   N=2000 scripts/bench-log.sh
#
# Uses hyperfine when installed (apt-get install hyperfine), else a plain bash
# loop. Peak RSS comes from /usr/bin/time -f %M (package `time`), else from
# wait4()'s ru_maxrss through a small Python wrapper. Installs nothing.
#
# Targets, one verdict line each:
#   latency: median of ds01-events log <= 2x median of /bin/true
#   python:  >= 20x faster than scripts/py_writer.py
#   memory:  peak RSS < 5 MiB
# Exit status 1 when any target is missed.
set -euo pipefail

N=${N:-500}
. "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"
cd "$root"

build_release

# The real interpreter, not a version-manager shim (pyenv's shim is a shell
# script that would add its own startup to every Python run).
py=$(python3 -c 'import sys; print(sys.executable)')

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export DS01_EVENTS_FILE="$tmp/events.jsonl"
export DS01_EVENTS_SYSLOG_SOCKET="$tmp/no-syslog"
export DS01_EVENTS_LOST_COUNTER="$tmp/lost"

args=(container.create user=alice container=x gpu=1)
cmd_true=(/bin/true)
cmd_ds01=("$bin" log "${args[@]}")
cmd_py=("$py" "$root/scripts/py_writer.py" "${args[@]}")

# Sanity: both writers append the same envelope.
"${cmd_ds01[@]}" --source bench
"${cmd_py[@]}" source=bench
if ! python3 - "$DS01_EVENTS_FILE" <<'EOF'; then
import json, sys
a, b = [json.loads(l) for l in open(sys.argv[1])]
for e in (a, b):
    del e["timestamp"]
sys.exit(0 if a == b and list(a) == list(b) else 1)
EOF
    echo "bench-log: the two writers disagree:" >&2
    cat "$DS01_EVENTS_FILE" >&2
    exit 1
fi

# Prints the median wall time of one run of "$@" in microseconds.
median_loop() {
    local i t0 t1 times=()
    for ((i = 0; i < 20; i++)); do "$@" >/dev/null; done # warm-up
    for ((i = 0; i < N; i++)); do
        if [[ -n ${EPOCHREALTIME:-} ]]; then
            t0=${EPOCHREALTIME/[.,]/}
            "$@" >/dev/null
            t1=${EPOCHREALTIME/[.,]/}
            times+=($((t1 - t0)))
        else
            t0=$(date +%s%N)
            "$@" >/dev/null
            t1=$(date +%s%N)
            times+=($(((t1 - t0) / 1000)))
        fi
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {
        if (NR % 2) print a[(NR+1)/2]; else printf "%.1f\n", (a[NR/2]+a[NR/2+1])/2 }'
}

if command -v hyperfine >/dev/null; then
    method="hyperfine $(hyperfine --version | awk '{print $2}'), $N runs each, --shell=none"
    hyperfine --shell=none --warmup 20 --runs "$N" --style basic \
        --export-json "$tmp/h.json" \
        -n true "$(printf '%q ' "${cmd_true[@]}")" \
        -n ds01 "$(printf '%q ' "${cmd_ds01[@]}")" \
        -n python "$(printf '%q ' "${cmd_py[@]}")" >&2
    read -r us_true us_ds01 us_py < <(python3 - "$tmp/h.json" <<'EOF'
import json, sys
r = {x["command"]: x["median"] for x in json.load(open(sys.argv[1]))["results"]}
print(" ".join("%.1f" % (r[k] * 1e6) for k in ("true", "ds01", "python")))
EOF
    )
else
    method="bash loop (hyperfine not installed), $N runs each"
    us_true=$(median_loop "${cmd_true[@]}")
    us_ds01=$(median_loop "${cmd_ds01[@]}")
    us_py=$(median_loop "${cmd_py[@]}")
fi

# Peak RSS of one `log` run, in KiB.
if [[ -x /usr/bin/time ]]; then
    rss_how="/usr/bin/time -f %M"
    /usr/bin/time -f %M -o "$tmp/rss" "${cmd_ds01[@]}"
    rss_kib=$(tail -n 1 "$tmp/rss")
else
    rss_how="wait4 ru_maxrss (python wrapper)"
    rss_kib=$(python3 -c '
import os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
_, status, ru = os.wait4(pid, 0)
print(ru.ru_maxrss)
' "${cmd_ds01[@]}")
fi

lines=$(wc -l <"$DS01_EVENTS_FILE")
if [[ -s $DS01_EVENTS_LOST_COUNTER ]]; then
    echo "bench-log: some events were not appended (lost: $(cat "$DS01_EVENTS_LOST_COUNTER"))" >&2
    exit 1
fi

r_true=$(awk -v a="$us_ds01" -v b="$us_true" 'BEGIN { printf "%.2f", a / b }')
r_py=$(awk -v a="$us_py" -v b="$us_ds01" 'BEGIN { printf "%.1f", a / b }')
rss_mib=$(awk -v k="$rss_kib" 'BEGIN { printf "%.2f", k / 1024 }')

verdict() { # name ok detail
    if [[ $2 == 1 ]]; then echo "PASS  $1: $3"; else
        echo "FAIL  $1: $3"
        failed=1
    fi
}
failed=0

echo
echo "ds01-events log benchmark ($method)"
echo "binary:  $bin"
echo "python:  $py ($("$py" -V 2>&1))"
echo "events appended during the run: $lines"
printf 'median  /bin/true           %10.1f us\n' "$us_true"
printf 'median  ds01-events log     %10.1f us\n' "$us_ds01"
printf 'median  python writer       %10.1f us\n' "$us_py"
echo "ratio   ds01 / true         $r_true"
echo "ratio   python / ds01       $r_py"
echo "peak RSS ds01-events log    $rss_kib KiB ($rss_mib MiB, $rss_how)"
echo
verdict "latency <= 2x /bin/true" \
    "$(awk -v r="$r_true" 'BEGIN { print (r <= 2) ? 1 : 0 }')" "ds01/true = $r_true"
verdict ">= 20x faster than python" \
    "$(awk -v r="$r_py" 'BEGIN { print (r >= 20) ? 1 : 0 }')" "python/ds01 = $r_py"
verdict "peak RSS < 5 MiB" \
    "$(awk -v k="$rss_kib" 'BEGIN { print (k < 5120) ? 1 : 0 }')" "$rss_kib KiB"
exit "$failed"
