#!/usr/bin/env python3
"""Whole-process timing of a command A against a yardstick B, run in turn (A B A B ...), after warm-up runs.

Usage: pairs.py --label TEXT [--runs N] [--warmup W] --a 'COMMAND A' [--b 'COMMAND B']
Each command is one string split as a shell splits words (shlex), started without a shell, its standard input
empty and its output thrown away. A run's wall time is perf_counter just before the start and just after the child
is reaped; its CPU time (user + system) and peak memory are the operating system's accounting of that child.
Prints min, median and max of each, and the median of the pairwise ratios A/B (pairing keeps the ratio meaningful
when the machine's speed drifts). Quote the medians; a wide min..max says the machine was noisy.
A run whose exit code is not 0 is reported and makes the script exit 1.
"""
import argparse
import os
import shlex
import statistics
import subprocess
import sys
import time


def run_once(argv):
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0, p.returncode


def spread(values, fmt="%.3f"):
    return (fmt + " [" + fmt + ".." + fmt + "]") % (statistics.median(values), min(values), max(values))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--label", required=True)
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--a", required=True)
    ap.add_argument("--b")
    args = ap.parse_args()
    cmds = {"A": shlex.split(args.a)}
    if args.b:
        cmds["B"] = shlex.split(args.b)
    for _ in range(args.warmup):
        for argv in cmds.values():
            run_once(argv)
    runs = {k: [] for k in cmds}
    failed = 0
    for _ in range(args.runs):
        for k, argv in cmds.items():
            r = run_once(argv)
            runs[k].append(r)
            if r[3] != 0:
                failed += 1
                print("  %s exited %d: %s" % (k, r[3], " ".join(argv)), file=sys.stderr)
    print("%s (%d runs each, medians [min..max])" % (args.label, args.runs))
    for k, argv in cmds.items():
        wall = [r[0] for r in runs[k]]
        cpu = [r[1] for r in runs[k]]
        peak = [r[2] for r in runs[k]]
        print("  %s wall s %s   cpu s %s   peak MB %s   %s" % (k, spread(wall), spread(cpu), spread(peak, "%.0f"),
                                                            " ".join(argv)))
    if "B" in runs:
        ratios = [a[0] / b[0] for a, b in zip(runs["A"], runs["B"])]
        print("  A/B wall ratio %s" % spread(ratios, "%.2f"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
