#!/usr/bin/env bash
# How many events each logrotate mode loses, measured with the real logrotate
# and the release binary (the figures in README; tests/integration/rotation.rs runs the
# same experiment and asserts on it).
#
#   sudo scripts/rotation-loss.sh
#   EVENTS=6000 ROTATIONS=30 sudo scripts/rotation-loss.sh
#
# WRITERS bash loops (default 4) each run `ds01-events log test.rotation
# writer=W seq=N --file PATH` EVENTS/WRITERS times (default 20,000 events in
# all) while `logrotate -f -s STATE CONFIG` runs ROTATIONS times (default 50),
# rotation k once k/(ROTATIONS+1) of the events are written. Then the distinct
# (writer, seq) pairs are counted across the current and every rotated file,
# .gz included. Once with copytruncate, once with rename + create (what
# `ds01-events setup` installs). Prints one line per mode on stdout:
#
#   copytruncate: lost N of 20000
#   rename+create: lost 0 of 20000
#
# Details (files, torn lines, races) go to stderr. Needs root (the log
# directory is root:GROUP 2775 and the config uses `su root GROUP`) and
# logrotate (apt-get install logrotate). Installs nothing.
#
# The test config uses numbered rotation (events.jsonl.1, .2.gz, ...) because
# 50 forced rotations within a minute would collide on one dateext name. A
# writer that logs between logrotate's rename and its `create` creates the
# file itself; logrotate then renames that file to
# events.jsonl-YYYYMMDDHH.backup, and a second such race in the same hour
# would rename over it. Daily rotation never has two rotations in an hour, so
# the script moves each backup aside after each rotation and counts it.
set -euo pipefail
shopt -s nullglob

WRITERS=${WRITERS:-4}
EVENTS=${EVENTS:-20000}
ROTATIONS=${ROTATIONS:-50}

. "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"
cd "$root"

say() { printf 'rotation-loss: %s\n' "$*" >&2; }
die() {
    say "$*"
    exit 1
}

[[ $(id -u) == 0 ]] || die "needs root (chown of the log directory, su in the logrotate config); run: sudo $0"
logrotate=$(PATH=/usr/sbin:/sbin:$PATH command -v logrotate) ||
    die "logrotate not found; apt-get install logrotate"
((EVENTS % WRITERS == 0)) || die "EVENTS ($EVENTS) must be a multiple of WRITERS ($WRITERS)"
per_writer=$((EVENTS / WRITERS))

build_release

# A non-root group for the directory when there is one, so the setgid
# inheritance is real; logrotate needs a name, not a number.
group=root
for g in adm daemon users staff nogroup; do
    if getent group "$g" >/dev/null; then
        group=$g
        break
    fi
done

work=$(mktemp -d /tmp/ds01-rotation-loss.XXXXXX)
writer_pids=()
cleanup() {
    local p
    for p in "${writer_pids[@]}"; do
        kill "$p" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap cleanup EXIT

# One writer: per_writer events, its progress in $2 after each.
writer() {
    local w=$1 progress=$2 file=$3 seq
    for ((seq = 0; seq < per_writer; seq++)); do
        "$bin" log test.rotation "writer=$w" "seq=$seq" --file "$file" 2>/dev/null ||
            echo "$w $seq" >>"$progress.failed"
        printf '%d\n' "$((seq + 1))" >"$progress"
    done
}

written() {
    local total=0 w n
    for ((w = 0; w < WRITERS; w++)); do
        n=$(<"$1/progress.$w") || n=0
        total=$((total + ${n:-0}))
    done
    echo "$total"
}

writers_alive() {
    local p
    for p in "${writer_pids[@]}"; do
        if kill -0 "$p" 2>/dev/null; then
            return 0
        fi
    done
    return 1
}

# experiment MODE: prints "MODE: lost N of EVENTS".
experiment() {
    local mode=$1 dir=$work/$1 how
    local log=$dir/log aside=$dir/races
    mkdir -p "$log" "$aside"
    chown "root:$group" "$log"
    chmod 2775 "$log"
    : >"$log/events.jsonl"
    chmod 0664 "$log/events.jsonl"
    chown "root:$group" "$log/events.jsonl"
    case $mode in
        copytruncate) how="copytruncate" ;;
        rename+create) how="create 0664 root $group" ;;
    esac
    cat >"$dir/logrotate.conf" <<EOF
$log/events.jsonl {
    rotate $((ROTATIONS * 2))
    missingok
    compress
    delaycompress
    $how
    su root $group
}
EOF
    chmod 0644 "$dir/logrotate.conf"

    export DS01_EVENTS_SYSLOG_SOCKET=$dir/no-syslog.sock
    export DS01_EVENTS_LOST_COUNTER=$dir/lost
    local w k target started=$SECONDS races=0 complaints=0 out b
    writer_pids=()
    for ((w = 0; w < WRITERS; w++)); do
        echo 0 >"$dir/progress.$w"
        writer "$w" "$dir/progress.$w" "$log/events.jsonl" &
        writer_pids+=("$!")
    done
    for ((k = 1; k <= ROTATIONS; k++)); do
        target=$((k * EVENTS / (ROTATIONS + 1)))
        while (($(written "$dir") < target)) && writers_alive; do
            sleep 0.005
        done
        out=$("$logrotate" -f -s "$dir/logrotate.state" "$dir/logrotate.conf" 2>&1) ||
            complaints=$((complaints + 1))
        if [[ -n $out ]] && grep -qv 'already exists, renaming to' <<<"$out"; then
            say "$mode: rotation $k: $out"
            complaints=$((complaints + 1))
        fi
        for b in "$log"/*.backup; do
            mv "$b" "$aside/$(basename "$b").$k"
            races=$((races + 1))
        done
    done
    wait "${writer_pids[@]}"
    writer_pids=()

    local files=("$log"/events.jsonl* "$aside"/*) f distinct torn=0 lines gz=0 n failed=0
    for f in "${files[@]}"; do
        if [[ $f == *.gz ]]; then
            gz=$((gz + 1))
        fi
        # A torn line: anything but one whole event.
        n=$(zcat -f -- "$f" | grep -cv '^{"timestamp":.*"details":{"writer":[0-9]*,"seq":[0-9]*}}$') || true
        torn=$((torn + n))
    done
    distinct=$(zcat -f -- "${files[@]}" | grep -o '"writer":[0-9]*,"seq":[0-9]*' | sort -u | wc -l)
    lines=$(zcat -f -- "${files[@]}" | wc -l)
    for f in "$dir"/progress.*.failed; do
        failed=$((failed + $(wc -l <"$f")))
    done
    say "$mode: ${#files[@]} files ($gz .gz), $lines lines, $distinct distinct events, $torn torn lines, $races rename/create races, $failed failed log calls, $complaints logrotate complaints, $((SECONDS - started)) s"
    echo "$mode: lost $((EVENTS - distinct)) of $EVENTS"
}

say "$WRITERS writers x $per_writer events, $ROTATIONS forced rotations, group $group, $("$logrotate" --version 2>&1 | head -n1), $bin"
experiment copytruncate
experiment rename+create
