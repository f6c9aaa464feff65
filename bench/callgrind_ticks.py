#!/usr/bin/env python3
"""Where the ticks' instructions go: the difference, function by function, between two callgrind profiles
of the same program that differ only in the number of ticks, per firm-tick.

  callgrind_ticks.py SHORT.callgrind LONG.callgrind FIRM_TICKS [--top N]

FIRM_TICKS is firms times the difference in ticks. Loading, building and the final comparison cancel, so
what is left is the ticks alone. Uses callgrind_annotate (exclusive counts; functions inlined into another
are counted in it, split by the source file their instructions come from).
"""
import argparse
import re
import subprocess


def counts(path):
    out = subprocess.run(["callgrind_annotate", "--threshold=100", "--inclusive=no", "--auto=no", path],
                         capture_output=True, text=True, check=True).stdout
    result = {}
    for line in out.splitlines():
        m = re.match(r"\s*([\d,]+) \([^)]*\)\s+(.*)", line)
        if m and "PROGRAM TOTALS" not in line:
            key = re.sub(r" \[.*\]$", "", m.group(2))
            result[key] = result.get(key, 0) + int(m.group(1).replace(",", ""))
    return result


def readable(key):
    """file:function with the repository prefix dropped and Swift's mangled TickContext names shortened."""
    file, _, function = key.rpartition(":")
    file = re.sub(r".*/Sources/", "", file)
    m = re.match(r"\$s9PriceProp(\d+)(\w+?)V(\d+)(\w+)", function)
    if m:
        owner = m.group(2)[:int(m.group(1))]
        rest = m.group(4)
        name = rest[:int(m.group(3))] if m.group(3) else rest
        function = f"{owner}.{name}"
    return f"{file}: {function}"[:110]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("short")
    parser.add_argument("long")
    parser.add_argument("firm_ticks", type=float)
    parser.add_argument("--top", type=int, default=12)
    args = parser.parse_args()
    a, b = counts(args.short), counts(args.long)
    diff = {k: b.get(k, 0) - a.get(k, 0) for k in set(a) | set(b)}
    total = sum(diff.values())
    print(f"{total / args.firm_ticks:.0f} instructions per firm-tick")
    print("| per firm-tick | share | where (source file: function it is compiled into) |")
    print("|---|---|---|")
    for key, value in sorted(diff.items(), key=lambda item: -item[1])[:args.top]:
        print(f"| {value / args.firm_ticks:.0f} | {100 * value / total:.1f} % | {readable(key)} |")


if __name__ == "__main__":
    main()
