#!/usr/bin/env bash
# Output speed and memory on a generated log, every event of it, with the
# targets of issue 10, one verdict line each:
#   table:  no slower than hl formatting the same file (HL_BIN; skipped
#           with a note when unset)
#   csv:    at most 2x the JSON time
#   memory: peak RSS at most 32 MiB for every format
#
#   scripts/bench-output.sh                       # 1M events
#   EVENTS=200000 HL_BIN=/path/to/hl scripts/bench-output.sh
#
# hl: ../shared/bench/build-hl.sh HL_GIT_DIR builds hl 0.36.3 from a clone of
# pamburus/hl and prints the binary's path. Needs python3 (the generator),
# hyperfine and /usr/bin/time (Debian packages hyperfine, time). Exit 1 when
# a target is missed.
set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"
find_gen
work=${BENCH_DIR:-${TMPDIR:-/tmp}/ds01-bench-output}
mkdir -p "$work"
EVENTS=${EVENTS:-1000000}
RUNS=${RUNS:-5}

need_tools hyperfine python3 time

build_release

f="$work/events-$EVENTS.jsonl"
if [ ! -s "$f" ]; then
    echo "generating $EVENTS events ($f)" >&2
    python3 "$gen" --events "$EVENTS" --seed 1 --now 2026-12-01T10:00:00Z --out "$f" >/dev/null
fi

median() { # hyperfine JSON -> median seconds
    python3 -c 'import json,sys; print("%.3f" % json.load(open(sys.argv[1]))["results"][0]["median"])' "$1"
}
time_of() { # name, command...
    local name=$1; shift
    hyperfine --style none --warmup 1 --runs "$RUNS" --export-json "$work/$name.json" \
        -- "$* > /dev/null 2>/dev/null" >/dev/null 2>&1 \
        || { echo "bench-output: failed: $*" >&2; exit 2; }
    median "$work/$name.json"
}
rss_of() { # command... -> peak RSS in KiB
    /usr/bin/time -f %M -o "$work/rss.txt" "$@" >/dev/null 2>/dev/null || true
    tail -1 "$work/rss.txt"
}

fail=0
verdict() { # ok?, text
    if [ "$1" = 1 ]; then echo "ok    $2"; else echo "MISS  $2"; fail=1; fi
}
le() { python3 -c 'import sys; print(1 if float(sys.argv[1]) <= float(sys.argv[2]) else 0)' "$1" "$2"; }

echo "file: $f ($(wc -l <"$f") lines, $(du -mL "$f" | cut -f1) MB); $(nproc) cores"
table=$(time_of table "$bin" --file "$f" --all --color never)
csv=$(time_of csv "$bin" --file "$f" --all -o csv)
json=$(time_of json "$bin" --file "$f" --all --json)
echo "table (--all --color never > /dev/null): ${table} s"
echo "csv   (--all -o csv > /dev/null):        ${csv} s"
echo "json  (--all --json > /dev/null):        ${json} s"
if [ -n "${HL_BIN:-}" ]; then
    hl=$(time_of hl "$HL_BIN" -P --color never "$f")
    echo "hl    ($("$HL_BIN" --version | head -1) -P --color never): ${hl} s"
    verdict "$(le "$table" "$hl")" "table ${table} s <= hl ${hl} s"
else
    echo "note  HL_BIN unset: table not compared with hl"
fi
twice=$(python3 -c "import sys; print(2 * float(sys.argv[1]))" "$json")
verdict "$(le "$csv" "$twice")" "csv ${csv} s <= 2 x json ${json} s"
for fmt in "--color never" "-o csv" "--json" "-o raw"; do
    # shellcheck disable=SC2086
    kib=$(rss_of "$bin" --file "$f" --all $fmt)
    verdict "$([ "$kib" -le 32768 ] && echo 1 || echo 0)" "peak RSS $fmt: $((kib / 1024)) MiB <= 32 MiB"
done
exit $fail
