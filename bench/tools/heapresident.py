#!/usr/bin/env python3
"""What a JVM's resident memory becomes once its whole Java heap has been touched.

Usage: bench/tools/heapresident.py PID HEAP_INFO

HEAP_INFO is the output of `jcmd PID GC.heap_info`. Its address ranges ("[0x..., 0x..., 0x...)") give the heap's
reserved range; /proc/PID/smaps gives, for the mappings inside it, their size and what of it is resident. Prints
three numbers in MiB: the process's RSS now, the part of the heap not touched yet, and their sum.

Why: a fixed heap (-Xms = -Xmx) is reserved and committed at start but becomes resident page by page as objects
are first written there. The serial collector promotes into the old generation upwards and compacts it back down
in a full collection without giving the pages back, so once a gateway's old generation has filled once (promoted
garbage does that within minutes to hours of service), the whole heap is resident: the RSS an operator plans for
is the sum, not the RSS of a fresh process (bench/FINDINGS.md, "Session 42").
"""
import re
import sys


def heap_range(text):
    """The lowest and highest address of every '[0x..., ...)' range in GC.heap_info's output."""
    lo = hi = None
    for m in re.finditer(r"\[(0x[0-9a-fA-F]+)((?:,\s*0x[0-9a-fA-F]+)+)\)", text):
        addrs = [int(m.group(1), 16)] + [int(a, 16) for a in re.findall(r"0x[0-9a-fA-F]+", m.group(2))]
        lo = min(addrs) if lo is None else min(lo, *addrs)
        hi = max(addrs) if hi is None else max(hi, *addrs)
    return lo, hi


def untouched_kib(pid, lo, hi):
    """Size minus Rss, in KiB, summed over the mappings that lie inside [lo, hi)."""
    total = 0
    inside = False
    size = rss = 0
    with open(f"/proc/{pid}/smaps") as f:
        for line in f:
            head = re.match(r"^([0-9a-f]+)-([0-9a-f]+) ", line)
            if head:
                if inside:
                    total += size - rss
                start, end = int(head.group(1), 16), int(head.group(2), 16)
                inside = lo <= start and end <= hi
                size = rss = 0
            elif inside and line.startswith("Size:"):
                size = int(line.split()[1])
            elif inside and line.startswith("Rss:"):
                rss = int(line.split()[1])
    if inside:
        total += size - rss
    return total


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip())
    pid = sys.argv[1]
    with open(sys.argv[2]) as f:
        lo, hi = heap_range(f.read())
    if lo is None or hi <= lo:
        sys.exit(f"heapresident: no heap address range in {sys.argv[2]}")
    with open(f"/proc/{pid}/smaps_rollup") as f:
        rss = next(int(line.split()[1]) for line in f if line.startswith("Rss:"))
    cold = untouched_kib(pid, lo, hi)
    print(rss // 1024, cold // 1024, (rss + cold) // 1024)


if __name__ == "__main__":
    main()
