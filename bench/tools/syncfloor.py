#!/usr/bin/env python3
"""The durable store's floor: how long this disk takes to make one small append durable.

Usage: bench/tools/syncfloor.py DIR [syncs] [interval_ms]

Appends 4 KiB to a scratch file in DIR and calls fdatasync, `syncs` times (default 3000), one every `interval_ms`
(default 1: the group commit at 1000 changes/s syncs about once a millisecond), and prints the sync's latency
percentiles in ms. With `store: embedded` (SQLite, synchronous=FULL) every 2xx waits for such a sync, so no answer's
p99 can be below this one's on the same disk (bench/FINDINGS.md, "Issue 14", the p99 item). The scratch file is
removed at the end.
"""
import os
import sys
import time


def main():
    if len(sys.argv) < 2 or not os.path.isdir(sys.argv[1]):
        sys.exit(__doc__.strip())
    syncs = int(sys.argv[2]) if len(sys.argv) > 2 else 3000
    interval = (float(sys.argv[3]) if len(sys.argv) > 3 else 1.0) / 1000.0
    path = os.path.join(sys.argv[1], "syncfloor.%d.tmp" % os.getpid())
    block = b"\0" * 4096
    took = []
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        due = time.monotonic()
        for _ in range(syncs):
            now = time.monotonic()
            if now < due:
                time.sleep(due - now)
            due += interval
            t0 = time.perf_counter()
            os.write(fd, block)
            os.fdatasync(fd)
            took.append((time.perf_counter() - t0) * 1000.0)
    finally:
        os.close(fd)
        os.unlink(path)
    took.sort()

    def pct(p):
        return took[min(len(took) - 1, int(round(p / 100.0 * (len(took) - 1))))]

    print("fdatasync of a 4 KiB append, every %.1f ms: n %d p50 %.2f p90 %.2f p99 %.2f max %.2f ms"
          % (interval * 1000, len(took), pct(50), pct(90), pct(99), took[-1]))


if __name__ == "__main__":
    main()
