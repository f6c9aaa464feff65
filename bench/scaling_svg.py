#!/usr/bin/env python3
"""Draws scripts/bench.sh's scaling CSV (firms, ticks, then one firm-ticks/s column per engine) as an SVG line
chart: firms on a logarithmic axis, firm-ticks per second on a linear one.

  scaling_svg.py scaling.csv -o scaling.svg [--columns A,B,...]

--columns picks the series to draw (default: every column after firms and ticks).
"""
import argparse
import csv
import math

COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"]
LABELS = {"priceprop_1": "PriceProp, 1 thread", "priceprop_2": "PriceProp, 2 threads",
          "c_reference": "C reference (-O2), 1 thread",
          "priceprop_1_cpu": "PriceProp, 1 thread, per processor second",
          "c_reference_cpu": "C reference, per processor second"}


def label(y):
    return f"{y / 1e6:g}M" if y >= 1e6 else f"{y / 1e3:g}k" if y >= 1e3 else f"{y:g}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv")
    parser.add_argument("-o", required=True)
    parser.add_argument("--columns")
    args = parser.parse_args()
    with open(args.csv, newline="") as f:
        rows = list(csv.DictReader(f))
    series = args.columns.split(",") if args.columns else [c for c in rows[0].keys() if c not in ("firms", "ticks")]
    firms = [float(r["firms"]) for r in rows]
    # A rate that is not positive (a wall-time difference swamped by other tenants' load) is left out.
    drawn = lambda r, c: bool(r.get(c)) and float(r[c]) > 0
    values = [float(r[c]) for r in rows for c in series if drawn(r, c)]
    width, height, left, right, top, bottom = 640, 400, 70, 20, 30, 50
    x0, x1 = math.log10(min(firms)), math.log10(max(firms))
    y1 = max(values) * 1.1
    step = 10 ** math.floor(math.log10(y1 / 4))
    step *= 2 if y1 / step > 8 else 1
    sx = lambda v: left + (math.log10(v) - x0) / (x1 - x0 or 1) * (width - left - right)
    sy = lambda v: height - bottom - v / y1 * (height - top - bottom)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{width / 2}" y="18" text-anchor="middle" font-size="14">Firm-ticks per second against network size (layered Cobb-Douglas)</text>']
    y = 0.0
    while y <= y1:
        out.append(f'<line x1="{left}" x2="{width - right}" y1="{sy(y):.1f}" y2="{sy(y):.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{left - 6}" y="{sy(y) + 4:.1f}" text-anchor="end">{label(y)}</text>')
        y += step
    for v in firms:
        out.append(f'<line x1="{sx(v):.1f}" x2="{sx(v):.1f}" y1="{top}" y2="{height - bottom}" stroke="#eee"/>')
        out.append(f'<text x="{sx(v):.1f}" y="{height - bottom + 16}" text-anchor="middle">{label(v)}</text>')
    out.append(f'<text x="{(left + width - right) / 2}" y="{height - 12}" text-anchor="middle">firms (logarithmic)</text>')
    for i, c in enumerate(series):
        points = [(sx(float(r["firms"])), sy(float(r[c]))) for r in rows if drawn(r, c)]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        out.append(f'<polyline fill="none" stroke="{COLORS[i % len(COLORS)]}" stroke-width="2" points="{path}"/>')
        out += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{COLORS[i % len(COLORS)]}"/>' for x, y in points]
        ly = top + 10 + 16 * i
        out.append(f'<line x1="{width - 290}" x2="{width - 270}" y1="{ly}" y2="{ly}" stroke="{COLORS[i % len(COLORS)]}" stroke-width="2"/>')
        out.append(f'<text x="{width - 264}" y="{ly + 4}">{LABELS.get(c, c)}</text>')
    out.append("</svg>")
    with open(args.o, "w") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
