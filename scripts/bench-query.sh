#!/usr/bin/env bash
# Query speed and memory on generated logs, with the targets of the query
# engine, one verdict line each:
#   newest 50:      on 1M events at most 2x the same query on 10k events
#   --since 1h:     on 1M events at most 2x the same query on a file that
#                   holds only the last hour
#   full scans:     at least 20x faster than jq doing the same selection;
#                   throughput reported against grep -c (the floor)
#   memory:         peak RSS at most 32 MiB for every query
#
#   scripts/bench-query.sh                 # 10k and 1M events
#   SIZES="10k 1m 5m" scripts/bench-query.sh
#
#   month:          a --user scan over a month of daily rotation (30 .gz
#                   archives + the current file, 1M events) at most as slow
#                   as hl reading the same files (HL_BIN=path/to/hl; without
#                   it hl is left out; ../shared/bench/build-hl.sh builds it)
#   MONTH_ONLY=1 scripts/bench-query.sh    # only the month figure
#
# Needs python3 (the generator), hyperfine, jq and /usr/bin/time (Debian
# packages hyperfine, jq, time). Exit 1 when a target is missed.
set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"
find_gen
work=${BENCH_DIR:-${TMPDIR:-/tmp}/ds01-bench}
mkdir -p "$work"
SIZES=${SIZES:-"10k 1m"}
RUNS=${RUNS:-10}

need_tools hyperfine jq python3 time

build_release

count() { case $1 in *k) echo $(( ${1%k} * 1000 ));; *m) echo $(( ${1%m} * 1000000 ));; esac; }

median() { # hyperfine JSON -> median seconds
    python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["median"])' "$1"
}
time_of() { # name, command...  (output goes to a file: GNU grep stops
    # at the first match when its stdout is /dev/null)
    local name=$1; shift
    hyperfine --style none --warmup 2 --runs "$RUNS" --export-json "$work/$name.json" \
        -- "$* > $work/out.txt 2>/dev/null" >/dev/null 2>&1 \
        || { echo "bench-query: failed: $*" >&2; exit 2; }
    median "$work/$name.json"
}
rss_of() { /usr/bin/time -f %M sh -c "$* >/dev/null 2>&1" 2>&1 | tail -1; }

fail=0
verdict() { # ok?, text
    if [ "$1" = 1 ]; then echo "PASS  $2"; else echo "FAIL  $2"; fail=1; fi
}
ratio() { python3 -c "print(round($1 / $2, 2))"; }
le() { python3 -c "import sys; sys.exit(0 if $1 <= $2 else 1)" && echo 1 || echo 0; }

# A month of daily rotation: 1M events over 30 days, split by day as
# logrotate's dateext leaves them (day D's events in events.jsonl-D+1.gz),
# the last day as the current file. Kept between runs.
month_bench() {
    local month="$work/month" mnow
    if [ ! -f "$month/.done" ]; then
        rm -rf "$month"; mkdir -p "$month"
        mnow=$(date -u +%Y-%m-%dT00:00:00Z)
        echo "generating a month of 1M events ($month)" >&2
        python3 "$gen" --events 1000000 --seed 2 --span-days 30 --now "$mnow" \
            --out "$month/all.jsonl" >/dev/null
        python3 - "$month" <<'PY'
import gzip, json, os, sys
from datetime import datetime, timedelta, timezone
d = sys.argv[1]
days = {}
last = None
with open(os.path.join(d, "all.jsonl"), "rb") as f:
    for raw in f:
        try:
            e = json.loads(raw)
            day = (e.get("timestamp") or e.get("ts"))[:10]
        except Exception:
            day = last  # a malformed line stays with its neighbours
        if day is None:
            continue
        last = day
        days.setdefault(day, []).append(raw)
order = sorted(days)
for day in order[:-1]:
    rotated = (datetime.strptime(day, "%Y-%m-%d") + timedelta(days=1)).strftime("%Y%m%d")
    name = os.path.join(d, f"events.jsonl-{rotated}.gz")
    with gzip.open(name, "wb", compresslevel=6) as out:
        out.writelines(days[day])
    # Rotated at midnight, as logrotate leaves it (no write after).
    at = (datetime.strptime(day, "%Y-%m-%d") + timedelta(days=1)).replace(tzinfo=timezone.utc).timestamp()
    os.utime(name, (at, at))
with open(os.path.join(d, "events.jsonl"), "wb") as out:
    out.writelines(days[order[-1]])
os.remove(os.path.join(d, "all.jsonl"))
PY
        touch "$month/.done"
    fi
    local files=("$month"/events.jsonl-*.gz "$month/events.jsonl")
    local muser
    muser=$(zcat "${files[0]}" | python3 -c '
import json, sys, collections
c = collections.Counter()
for raw in sys.stdin.buffer:
    try: c[json.loads(raw).get("user")] += 1
    except Exception: pass
c.pop(None, None)
print(c.most_common(5)[-1][0])')
    local t_m n_m
    local t_s
    t_s=$(time_of month-since "$bin --file $month/events.jsonl --since '1 hour ago'")
    printf 'month --since 1h %.4f s (reads the current file only: archives chosen by name and mtime)\n' "$t_s"
    t_m=$(time_of month-user "$bin --file $month/events.jsonl --user '$muser' --all --json")
    n_m=$(wc -l <"$work/out.txt")
    printf 'month --user     %d .gz + current, %s matches  ds01 %.3f s\n' "$(( ${#files[@]} - 1 ))" "$n_m" "$t_m"
    echo "  command: $bin --file $month/events.jsonl --user '$muser' --all --json"
    if [ -n "${HL_BIN:-}" ] && [ -x "$HL_BIN" ]; then
        local t_hl n_hl
        t_hl=$(time_of month-hl "$HL_BIN -P --raw -f 'user=$muser' ${files[*]}")
        n_hl=$(wc -l <"$work/out.txt")
        printf 'month --user     hl %.3f s (%s lines)  hl/ds01 %s\n' "$t_hl" "$n_hl" "$(ratio "$t_hl" "$t_m")"
        echo "  command: $HL_BIN -P --raw -f 'user=$muser' $month/events.jsonl-*.gz $month/events.jsonl"
        verdict "$(le "$t_m" "$t_hl")" "month --user scan over 30 .gz files no slower than hl"
    else
        echo "month --user     hl left out (set HL_BIN; ../shared/bench/build-hl.sh builds it)"
    fi
    local kib
    kib=$(rss_of "$bin --file $month/events.jsonl --user '$muser' --all --json")
    printf 'peak RSS %6s KiB  month --user --all --json\n' "$kib"
    kib=$(rss_of "$bin --file $month/events.jsonl --all -r")
    printf 'peak RSS %6s KiB  month --all -r\n' "$kib"
    verdict "$(le "$kib" 32768)" "month --all -r peak RSS <= 32 MiB"
}
if [ "${MONTH_ONLY:-0}" = 1 ]; then
    month_bench
    exit $fail
fi

now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
for size in $SIZES; do
    f="$work/events-$size.jsonl"
    echo "generating $size events ($f)" >&2
    python3 "$gen" --events "$(count "$size")" --seed 1 --now "$now" --out "$f" >/dev/null
done
big="$work/events-1m.jsonl"
small="$work/events-10k.jsonl"
# The last hour of the big file, cut independently of ds01-events.
hour="$work/events-last-hour.jsonl"
python3 - "$big" "$hour" "$now" <<'PY'
import json, sys
from datetime import datetime, timedelta, timezone
src, dst, now = sys.argv[1], sys.argv[2], datetime.fromisoformat(sys.argv[3].replace("Z", "+00:00"))
cut = now - timedelta(hours=1, minutes=15)
with open(src, "rb") as f, open(dst, "wb") as out:
    for raw in f:
        try:
            e = json.loads(raw)
            ts = e.get("timestamp") or e.get("ts")
            t = datetime.fromisoformat(ts.replace("Z", "+00:00"))
        except Exception:
            continue
        if t >= cut:
            out.write(raw)
PY
user=$(python3 -c '
import json, sys, collections
c = collections.Counter()
for raw in open(sys.argv[1], "rb"):
    try: c[json.loads(raw).get("user")] += 1
    except Exception: pass
c.pop(None, None)
print(c.most_common(5)[-1][0])' "$big")

echo "ds01-events query benchmark ($(nproc) cores, $(hyperfine --version), $RUNS runs each)"
echo "files: $(wc -l <"$small") / $(wc -l <"$big") / $(wc -l <"$hour") (last hour) lines; user: $user"

t_small=$(time_of newest-10k "$bin --file $small")
t_big=$(time_of newest-1m "$bin --file $big")
printf 'newest 50        10k %.4f s   1M %.4f s   ratio %s\n' "$t_small" "$t_big" "$(ratio "$t_big" "$t_small")"
verdict "$(le "$t_big" "2 * $t_small")" "newest 50 on 1M <= 2x on 10k"

t_hour=$(time_of since-hour "$bin --file $hour --since '1 hour ago'")
t_bigh=$(time_of since-1m "$bin --file $big --since '1 hour ago'")
printf 'since 1 hour     hour-file %.4f s   1M %.4f s   ratio %s\n' "$t_hour" "$t_bigh" "$(ratio "$t_bigh" "$t_hour")"
verdict "$(le "$t_bigh" "2 * $t_hour")" "--since '1 hour ago' on 1M <= 2x on the last-hour file"

t_grep=$(time_of grep "grep -c '$user' $big")
mb=$(python3 -c "import os; print(os.path.getsize('$big') / 1e6)")
printf 'grep -c (floor)  %.3f s  (%.0f MB/s)\n' "$t_grep" "$(python3 -c "print($mb / $t_grep)")"
for spec in \
    "user|--user '$user' --all --json|select(.user==\"$user\")" \
    "type|--type gpu --all --json|select((.event_type // .event // \"\") | startswith(\"gpu\"))" \
    "where|--where priority=50 --all --json|select(((.details.priority // .priority) | tostring) == \"50\")"; do
    IFS='|' read -r name args filter <<<"$spec"
    t_ours=$(time_of "scan-$name" "$bin --file $big $args")
    # jq stops at the first malformed line (legacy defect 2); -R with
    # fromjson? makes it read the whole file, as a correct query must.
    t_jq=$(RUNS=3 time_of "jq-$name" "jq -c -R 'fromjson? | $filter' $big")
    r=$(ratio "$t_jq" "$t_ours")
    printf 'full scan %-6s ds01 %.3f s (%.0f MB/s)  jq %.2f s  jq/ds01 %s\n' "$name" "$t_ours" \
        "$(python3 -c "print($mb / $t_ours)")" "$t_jq" "$r"
    verdict "$(le 20 "$r")" "full scan $name >= 20x faster than jq"
done

t_sum=$(time_of summary "$bin --file $big summary")
printf 'summary          %.3f s\n' "$t_sum"

max=0
for args in "" "--since '1 hour ago'" "--user '$user' --all --json" "--all --json" "--all -o csv" "--all" "summary --by gpu" "--all -r" "--file $big --all --json"; do
    kib=$(rss_of "$bin --file $big $args")
    printf 'peak RSS %6s KiB  %s\n' "$kib" "${args:-(default)}"
    [ "$kib" -gt "$max" ] && max=$kib
done
verdict "$(le "$max" 32768)" "peak RSS <= 32 MiB (max $max KiB)"

if [ -f "$work/events-5m.jsonl" ] && [[ " $SIZES " == *" 5m "* ]]; then
    f5="$work/events-5m.jsonl"
    t5=$(time_of newest-5m "$bin --file $f5")
    printf 'newest 50 on 5M  %.4f s\n' "$t5"
    t5s=$(time_of user-5m "$bin --file $f5 --user '$user' --all --json")
    printf 'full scan user on 5M  %.3f s\n' "$t5s"
    kib=$(rss_of "$bin --file $f5 --all --json")
    printf 'peak RSS on 5M --all --json  %s KiB\n' "$kib"
fi
month_bench
exit $fail
