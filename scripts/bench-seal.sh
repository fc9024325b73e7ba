#!/usr/bin/env bash
# Sealing and verification speed on 1M generated events (about 248 MB),
# with the targets of issue 12, one verdict line each:
#   seal:     sealing the whole file at most 2 s, and at most 3x `cat` of it
#   verify:   verify (chain, and with --key the MACs) at most 2x the seal time
#   size:     one checkpoint (a minute's seal) under 300 bytes
# `log` latency is unchanged by sealing (writers are untouched): see
# scripts/bench-log.sh.
#
#   scripts/bench-seal.sh            # 1M events
#   EVENTS=200000 scripts/bench-seal.sh
#
# Needs python3 (../shared/bench/gen-events.py) and hyperfine. Exit 1 when a
# target is missed.
set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"
find_gen
work=${BENCH_DIR:-${TMPDIR:-/tmp}/ds01-bench-seal}
EVENTS=${EVENTS:-1000000}
RUNS=${RUNS:-5}
need_tools hyperfine

build_release
rm -rf "$work" && mkdir -p "$work"
f="$work/events.jsonl"
echo "generating $EVENTS events ($f)" >&2
python3 "$gen" --events "$EVENTS" --seed 1 --out "$f" >/dev/null
size=$(stat -c %s "$f")
export DS01_EVENTS_FILE="$f" DS01_EVENTS_SEAL_DIR="$work/seal"
"$bin" seal --init > "$work/key" 2>/dev/null
key=$(cat "$work/key")

# Each seal run starts from fresh state sealing the whole file: --init
# --force, then time `seal` over all of it (the init's own seal is undone by
# truncating the checkpoints, so the timed run covers every byte).
hyperfine --warmup 1 --runs "$RUNS" --export-json "$work/h.json" \
    --prepare "cat '$f' > /dev/null" "cat '$f'" \
    --prepare ": > '$work/seal/seals.jsonl'; rm -f '$work/seal/seal.state'" "'$bin' seal" \
    --prepare ":" "'$bin' verify" \
    --prepare ":" "'$bin' verify --key '$key'" >&2
read -r t_cat t_seal t_verify t_verify_key < <(python3 - "$work/h.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
print(" ".join(f"{x['median']:.4f}" for x in r))
PY
)
"$bin" verify >/dev/null || { echo "bench-seal: verify failed after sealing" >&2; exit 1; }
peak_seal=$( { : > "$work/seal/seals.jsonl"; rm -f "$work/seal/seal.state"; /usr/bin/time -f %M "$bin" seal; } 2>&1 | tail -1)
peak_verify=$( { /usr/bin/time -f %M "$bin" verify --key "$key" >/dev/null; } 2>&1 | tail -1)
# One minute's checkpoint: append a few lines, seal, measure the new line.
before=$(stat -c %s "$work/seal/seals.jsonl")
for i in 1 2 3; do "$bin" log bench.seal n=$i 2>/dev/null; done
"$bin" seal
cp_bytes=$(( $(stat -c %s "$work/seal/seals.jsonl") - before ))

fail=0
verdict() { if python3 -c "import sys; sys.exit(0 if $2 else 1)"; then echo "PASS  $1"; else echo "FAIL  $1"; fail=1; fi; }
echo
printf 'file              %d events, %d bytes\n' "$EVENTS" "$size"
printf 'median cat        %.3f s\n' "$t_cat"
printf 'median seal       %.3f s (%.2fx cat, %.0f MB/s)\n' "$t_seal" "$(python3 -c "print($t_seal/$t_cat)")" "$(python3 -c "print($size/$t_seal/1e6)")"
printf 'median verify     %.3f s (%.2fx seal)\n' "$t_verify" "$(python3 -c "print($t_verify/$t_seal)")"
printf 'median verify key %.3f s (%.2fx seal)\n' "$t_verify_key" "$(python3 -c "print($t_verify_key/$t_seal)")"
printf 'one checkpoint    %d bytes\n' "$cp_bytes"
printf 'peak RSS          seal %d KiB, verify --key %d KiB\n' "$peak_seal" "$peak_verify"
echo
verdict "seal <= 2 s: $t_seal s" "$t_seal <= 2"
verdict "seal <= 3x cat: $(python3 -c "print(round($t_seal/$t_cat,2))")x" "$t_seal <= 3 * $t_cat"
verdict "verify --key <= 2x seal: $(python3 -c "print(round($t_verify_key/$t_seal,2))")x" "$t_verify_key <= 2 * $t_seal"
verdict "checkpoint < 300 bytes: $cp_bytes" "$cp_bytes < 300"
exit $fail
