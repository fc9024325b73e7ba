#!/usr/bin/env python3
"""A FUSE file system that answers INIT and then never answers again.

Usage: hung_fuse.py MOUNTPOINT. Prints "mounted" once the mount is up; any
request after that is read and left unanswered, so the process that made it
waits in the kernel, uninterruptibly, as on a dead hard NFS mount. Ending
this process closes /dev/fuse, which aborts the connection and frees them.
Needs root and /dev/fuse. Used by tests/security.rs (ignored tier).
"""
import ctypes
import os
import struct
import sys

mnt = sys.argv[1]
fd = os.open("/dev/fuse", os.O_RDWR)
libc = ctypes.CDLL(None, use_errno=True)
opts = f"fd={fd},rootmode=40000,user_id=0,group_id=0,allow_other".encode()
if libc.mount(b"hungfs", mnt.encode(), b"fuse.hungfs", 0, opts) != 0:
    err = ctypes.get_errno()
    sys.exit(f"mount failed: {os.strerror(err)}")

FUSE_INIT = 26
buf = os.read(fd, 1 << 20)
_length, opcode, unique = struct.unpack_from("<IIQ", buf, 0)
assert opcode == FUSE_INIT, opcode
major, minor, max_readahead, _flags = struct.unpack_from("<IIII", buf, 40)
init_out = struct.pack(
    "<IIIIHHIIHHI7I",
    7, min(minor, 31), max_readahead, 0, 16, 12, 131072, 1, 32, 0, 0, *([0] * 7),
)
os.write(fd, struct.pack("<IiQ", 16 + len(init_out), 0, unique) + init_out)
print("mounted", flush=True)
while True:
    try:
        os.read(fd, 1 << 20)  # read and never answer
    except OSError:
        break
