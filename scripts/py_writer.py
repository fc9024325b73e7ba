#!/usr/bin/env python3
"""The Python way of appending one event, for scripts/bench-log.sh.

A faithful minimal copy of the writer ds01-events replaces: the same v1
envelope (compact separators, key order timestamp, event_type,
schema_version, user, source, details; UTC microsecond timestamp with Z;
values through json.loads when that succeeds), appended with one os.write
to an O_APPEND descriptor.

    python3 scripts/py_writer.py TYPE [key=value ...]

The file is DS01_EVENTS_FILE, else /var/log/ds01/events.jsonl.
"""

import datetime
import json
import os
import sys

MAX_LINE = 4000


def typed(value):
    try:
        return json.loads(value)
    except ValueError:
        return value


def main(argv):
    if len(argv) < 2:
        sys.stderr.write("usage: py_writer.py TYPE [key=value ...]\n")
        return 64
    event_type = argv[1]
    user = source = None
    details = {}
    for word in argv[2:]:
        key, sep, value = word.partition("=")
        if not sep:
            sys.stderr.write("warning: '%s' is not key=value; ignored\n" % word)
            continue
        if key == "user":
            user = value
        elif key == "source":
            source = value
        else:
            details[key] = typed(value)

    now = datetime.datetime.now(datetime.timezone.utc)
    event = {
        "timestamp": now.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "event_type": event_type,
        "schema_version": "1",
    }
    if user:
        event["user"] = user
    if source:
        event["source"] = source
    if details:
        event["details"] = details
    line = json.dumps(event, separators=(",", ":")) + "\n"
    if len(line) > MAX_LINE:
        event["details"] = {"truncated": True, "original_size": len(line)}
        line = json.dumps(event, separators=(",", ":")) + "\n"
        if len(line) > MAX_LINE:
            sys.stderr.write("warning: event too large; dropped\n")
            return 1

    path = os.environ.get("DS01_EVENTS_FILE") or "/var/log/ds01/events.jsonl"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o664)
        try:
            os.write(fd, line.encode("ascii"))
        finally:
            os.close(fd)
    except OSError as e:
        sys.stderr.write("warning: cannot write %s: %s\n" % (path, e))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
