#!/usr/bin/env bash
# `ds01-events report` on a year of events, rotated daily and compressed,
# against the target: at most 3 s, one streaming pass, bounded memory.
#
#   scripts/bench-report.sh                   # 4,000,000 events over 365 days
#   EVENTS=1000000 DAYS=90 scripts/bench-report.sh
#   OLD_BIN=/usr/bin/ds01-events scripts/bench-report.sh   # an earlier build beside it
#
# The log is generated once by ../shared/bench/gen-events.py (or $GEN_EVENTS)
# into $BENCH_DIR (default /tmp/ds01-bench-report), split by UTC day into
# events.jsonl-YYYYMMDD.gz (the day after, as logrotate's dateext names a
# file rotated at midnight) and the last day left in events.jsonl.
# Needs python3, gzip, hyperfine and /usr/bin/time. Exit 1 when 3 s is missed.
set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"
find_gen
EVENTS=${EVENTS:-4000000}
DAYS=${DAYS:-365}
RUNS=${RUNS:-5}
TARGET=${TARGET:-3.0}
work=${BENCH_DIR:-${TMPDIR:-/tmp}/ds01-bench-report}/$EVENTS-$DAYS
need_tools hyperfine python3 gzip time

build_release

logs="$work/log"
if [ ! -f "$work/done" ]; then
    rm -rf "$work"
    mkdir -p "$logs"
    echo "generating $EVENTS events over $DAYS days" >&2
    python3 "$gen" --events "$EVENTS" --span-days "$DAYS" --seed 1 \
        --now 2026-11-30T23:59:00Z --out "$work/all.jsonl" >/dev/null
    echo "splitting by day" >&2
    python3 - "$work/all.jsonl" "$logs" <<'PY'
import os, re, sys
from datetime import date, timedelta
src, out = sys.argv[1], sys.argv[2]
stamp = re.compile(rb'"(?:timestamp|ts)": ?"(\d{4})-(\d\d)-(\d\d)')
# Lines go to the file of their day, in file order; a line written late
# (jitter) past midnight stays in the newer file, as with real rotation.
cur, o, name = None, None, None
with open(src, "rb") as f:
    for line in f:
        m = stamp.search(line[:80])
        if m:
            d = date(int(m[1]), int(m[2]), int(m[3]))
            if cur is None or d > cur:
                if o:
                    o.close()
                cur = d
                name = f"{out}/events.jsonl-" + (d + timedelta(days=1)).strftime("%Y%m%d")
                o = open(name, "ab")
        if o is None:
            cur = date(1970, 1, 1)
            name = f"{out}/events.jsonl-19700102"
            o = open(name, "ab")
        o.write(line)
o.close()
os.rename(name, f"{out}/events.jsonl")
PY
    rm "$work/all.jsonl"
    echo "compressing" >&2
    find "$logs" -name 'events.jsonl-*' -print0 | xargs -0 -n 16 -P 2 gzip -6
    touch "$work/done"
fi
files=$(ls "$logs" | wc -l)
bytes=$(du -sb "$logs" | cut -f1)
echo "log: $EVENTS events over $DAYS days, $files files, $((bytes / 1048576)) MiB compressed" >&2

f="$logs/events.jsonl"
json="$work/hyperfine.json"
# The peer: inflating the archives alone with gzip (the floor of any tool
# that reads them with it), and OLD_BIN (an earlier build) when given.
cmds=(-n "report, whole year" "$bin report -f $f --json"
    -n "report --month 2026-06" "$bin report -f $f --month 2026-06 --json")
if [ -n "${OLD_BIN:-}" ]; then
    cmds+=(-n "OLD_BIN report, whole year" "$OLD_BIN report -f $f --json")
fi
cmds+=(-n "gzip -dc of the archives (inflate only)" "cat $logs/*.gz | gzip -dc >/dev/null")
hyperfine --warmup 1 --runs "$RUNS" --export-json "$json" "${cmds[@]}" >&2
rss=$(/usr/bin/time -f %M "$bin" report -f "$f" --json 2>&1 >/dev/null | tail -1)
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
python3 - "$json" "$TARGET" "$rss" <<'PY'
import json, sys
runs = json.load(open(sys.argv[1]))["results"]
target, rss = float(sys.argv[2]), int(sys.argv[3])
ok = True
for r in runs:
    med = r["median"]
    if not r["command"].startswith("report"):
        print(f"{r['command']}: median {med:.2f} s ({r['user'] + r['system']:.2f} s CPU)")
        continue
    verdict = "met" if med <= target else "NOT met"
    ok &= med <= target
    cpu = r["user"] + r["system"]
    print(f"{r['command']}: median {med:.2f} s (min {r['min']:.2f}, max {r['max']:.2f}, "
          f"{cpu:.2f} s CPU); target {target} s: {verdict}")
print(f"peak RSS, whole year: {rss / 1024:.1f} MiB")
sys.exit(0 if ok else 1)
PY
