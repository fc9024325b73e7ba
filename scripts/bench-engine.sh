#!/usr/bin/env bash
# Counting passes run through the same engine as a query (issue 11): on 1M
# generated events, `summary --user U` at most 1.3x the time of the same
# selection printed as JSON (`--user U --all --json`), side by side with
# jq and grep doing the same selection, and OLD_BIN (an earlier build) if
# given. One verdict line; exit 1 when the target is missed.
#
#   scripts/bench-engine.sh
#   OLD_BIN=/usr/bin/ds01-events EVENTS=200000 scripts/bench-engine.sh
#
# Needs python3 (../shared/bench/gen-events.py), hyperfine and jq.
set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"
find_gen
work=${BENCH_DIR:-${TMPDIR:-/tmp}/ds01-bench-engine}
EVENTS=${EVENTS:-1000000}
RUNS=${RUNS:-5}
need_tools hyperfine jq

build_release
mkdir -p "$work"
f="$work/events.jsonl"
if [ ! -s "$f" ] || [ "$(wc -l < "$f")" -ne "$EVENTS" ]; then
    echo "generating $EVENTS events ($f)" >&2
    python3 "$gen" --events "$EVENTS" --seed 1 --out "$f" >/dev/null
fi
# The most frequent user of the file's first lines: a selective filter.
user=$(head -5000 "$f" | grep -ao '"user": *"[^"]*"' | sort | uniq -c | sort -rn | head -1 \
    | sed 's/.*"\([^"]*\)"$/\1/')
echo "file: $f ($EVENTS events), user: $user" >&2

cmds=("'$bin' --file '$f' --user '$user' --all --json"
      "'$bin' --file '$f' summary --user '$user'"
      "jq -cR 'fromjson? | select(.user == \"$user\")' '$f'"
      "grep -acF '\"$user\"' '$f'")
if [ -n "${OLD_BIN:-}" ]; then
    cmds+=("'$OLD_BIN' --file '$f' summary --user '$user'")
fi
hyperfine --warmup 1 --runs "$RUNS" --ignore-failure --export-json "$work/h.json" \
    --output=null "${cmds[@]}" >&2
read -r t_json t_sum rest < <(python3 - "$work/h.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
for x in r:
    print(f"{x['median']:8.3f} s  {x['command']}", file=sys.stderr)
print(" ".join(f"{x['median']:.4f}" for x in r))
PY
)
ratio=$(python3 -c "print(f'{$t_sum / $t_json:.2f}')")
printf 'summary --user U  %.3f s\n--user U --json   %.3f s\nratio             %sx\n' "$t_sum" "$t_json" "$ratio"
if python3 -c "import sys; sys.exit(0 if $t_sum <= 1.3 * $t_json else 1)"; then
    echo "PASS  summary --user U at most 1.3x --user U --all --json ($ratio x)"
else
    echo "FAIL  summary --user U at most 1.3x --user U --all --json ($ratio x)"
    exit 1
fi
