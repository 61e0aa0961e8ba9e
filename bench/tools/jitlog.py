#!/usr/bin/env python3
"""What C2 compiled, and where compiled code trapped, during one ramp step.

Usage:
  GATEWAY_JAVA_OPTS='-XX:+UnlockDiagnosticVMOptions -XX:+LogCompilation -XX:LogFile=/tmp/jit.xml' \\
      SECTIONS=ramp SUB_RATES=10000 bench/run --no-kamailio
  bench/tools/jitlog.py /tmp/jit.xml $OUT/gw-ramp-subscribe-10000 [seconds] [rows]

The step starts when its sipp.out was created (the file's birth time) and lasts `seconds` (default 10). Prints the
C2 tasks that started in the step, longest first (wall time: the compiler shares the cores), then every uncommon
trap of compiled code in the step with the frames it was inlined through: a trap that says "reinterpret" throws the
compiled method away, and C2 compiles it again while the step runs (bench/FINDINGS.md, sessions 26, 27 and 37).
"""
import os
import re
import subprocess
import sys


def step_start(step_dir):
    out = subprocess.run(["stat", "-c", "%W", os.path.join(step_dir, "sipp.out")],
                         capture_output=True, text=True, check=True).stdout.strip()
    if out in ("0", "-", ""):
        sys.exit("jitlog: no birth time for %s/sipp.out on this file system" % step_dir)
    # %W is whole seconds; %w has the fraction
    full = subprocess.run(["stat", "-c", "%w", os.path.join(step_dir, "sipp.out")],
                          capture_output=True, text=True, check=True).stdout.strip()
    stamp = subprocess.run(["date", "-d", full, "+%s.%N"], capture_output=True, text=True, check=True).stdout
    return float(stamp)


def short(method):
    parts = method.split(" ")
    return "%s.%s" % (parts[0].split(".")[-1], parts[1] if len(parts) > 1 else "?")


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__.strip())
    log, step_dir = sys.argv[1], sys.argv[2]
    window = float(sys.argv[3]) if len(sys.argv) > 3 else 10.0
    rows = int(sys.argv[4]) if len(sys.argv) > 4 else 40
    text = open(log, errors="replace").read()
    m = re.search(r"<hotspot_log [^>]*time_ms='(\d+)'", text)
    if not m:
        sys.exit("jitlog: %s is not a -XX:+LogCompilation file" % log)
    start = step_start(step_dir) - int(m.group(1)) / 1000.0
    end = start + window
    print("step: JVM uptime %.2f-%.2f s" % (start, end))

    compiler = {cid: c for cid, c in re.findall(
        r"<nmethod compile_id='(\d+)'(?: compile_kind='\w+')? compiler='(\w+)'", text)}
    tasks = []
    for t in re.finditer(r"<task compile_id='(\d+)'(?: compile_kind='(\w+)')? method='([^']*)'([^>]*)>"
                         r"(?:(?!<task ).)*?<task_done[^>]*stamp='([\d.]+)'", text, re.S):
        cid, kind, method, attrs, done = t.groups()
        level = re.search(r"level='(\d)'", attrs)
        if (level and level.group(1) != "4") or compiler.get(cid, "c2") != "c2":
            continue
        began = float(re.search(r"stamp='([\d.]+)'", attrs).group(1))
        if start <= began < end:
            tasks.append((float(done) - began, began - start, kind or "", method))
    print("C2 tasks: %d, %.0f ms" % (len(tasks), 1000 * sum(t[0] for t in tasks)))
    for took, at, kind, method in sorted(tasks, reverse=True)[:rows]:
        print("  %6.2f s %6.0f ms %-3s %s" % (at, 1000 * took, kind, method.replace("&lt;", "<").replace("&gt;", ">")))

    print("traps:")
    for t in re.finditer(r"<uncommon_trap thread='\d+' reason='(\w+)' action='(\w+)'[^>]*?compile_id='(\d+)'"
                         r"[^>]*?stamp='([\d.]+)'>(.*?)</uncommon_trap>", text, re.S):
        reason, action, cid, stamp, body = t.groups()
        at = float(stamp)
        if start - 1 <= at < end:
            frames = " <- ".join("%s@%s" % (short(meth), bci)
                                 for bci, meth in re.findall(r"<jvms bci='(\d+)' method='([^']*)'", body)[:3])
            print("  %6.2f s %s/%s (compile %s) %s" % (at - start, reason, action, cid, frames))


if __name__ == "__main__":
    main()
