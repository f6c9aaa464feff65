#!/usr/bin/env python3
"""The PriceProp tick rule in vectorised numpy: the peer a Python user would write.

Reads a layered Cobb-Douglas scenario written by `priceprop generate layered`, runs the same tick as the Swift
engine (docs/architecture.md) and prints firm-ticks per second. With --check CSV it compares its prices,
supplies and demands after the last tick with the last row of `priceprop run FILE --ticks N --csv CSV`.

One tick, as in Sources/PriceProp/Simulation/Simulation+Tick.swift:
  1. decide: every input slot's plan x <- x * (1 + firmStep * clamp((v - p) / (|v| + p), -1, 1)),
     v = p_out * df/dx at last tick's bundle, p = the input's price;
  2. order: each good's demand is the sum of its slots' plans;
  3. clear and produce, level by level: slots receive plan * fill of their good, firms produce
     y = exp(sum a_i ln x_i) * A with df/dx_i = a_i * y / x_i; a good's supply is its endowment or the
     sum of its makers' outputs, its fill min(1, supply / demand) (1 for fixed-price goods);
  4. price: p <- p * (1 + priceStep * (D - S) / (D + S)) for goods without a fixed price.
Tick 0 shares each good's supply equally among its users, level by level, then orders and clears once.
"""
import argparse
import csv
import json
import re
import sys
import time

import numpy as np

FIRM_STEP = 0.5
PRICE_STEP = 0.5
TERM = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\^([A-Za-z_][A-Za-z0-9_]*)$")


class Network:
    """The scenario laid out flat: goods by index, firms in file order (a layered file lists them by layer)."""

    def __init__(self, path):
        with open(path, "rb") as f:
            scenario = json.load(f)
        goods = scenario["goods"]
        self.good_index = {g["name"]: i for i, g in enumerate(goods)}
        self.names = [g["name"] for g in goods]
        G = len(goods)
        self.endowment = np.array([g.get("endowment", 0.0) for g in goods])
        self.primary = np.array(["endowment" in g for g in goods])
        self.fixed = np.array(["price" in g for g in goods])
        self.prices = np.array([g.get("price", g.get("initialPrice", 1.0)) for g in goods], dtype=float)
        firms = scenario["firms"]
        F = len(firms)
        K = None
        inputs, exponents, A, out = [], [], np.empty(F), np.empty(F, dtype=np.int64)
        for f, firm in enumerate(firms):
            if firm.get("count", 1) != 1:
                sys.exit("numpy_reference: firm counts other than 1 are not supported")
            terms = [t.strip() for t in firm["production"].split("*")]
            params = firm["parameters"]
            if terms[0] != "A" or K not in (None, len(terms) - 1):
                sys.exit("numpy_reference: only 'A * x1^a1 * ... * xK^aK' with one K is supported")
            K = len(terms) - 1
            A[f] = params["A"]
            out[f] = self.good_index[firm["output"]]
            for t in terms[1:]:
                m = TERM.match(t)
                if not m:
                    sys.exit(f"numpy_reference: cannot read term '{t}'")
                inputs.append(self.good_index[m.group(1)])
                exponents.append(params[m.group(2)])
        self.F, self.G, self.K = F, G, K
        self.A, self.out = A, out
        self.slot_good = np.array(inputs, dtype=np.int64)
        self.a = np.array(exponents).reshape(F, K)
        # Levels: a good's level is one above its highest input's; firms sit at their output's level.
        level = np.zeros(G, dtype=np.int64)
        slot_good_2d = self.slot_good.reshape(F, K)
        for f in range(F):
            level[out[f]] = max(level[out[f]], level[slot_good_2d[f]].max() + 1)
        firm_level = level[out]
        if np.any(np.diff(firm_level) < 0):
            sys.exit("numpy_reference: firms must be listed by level, as generated layered files are")
        self.levels = int(level.max()) + 1
        self.level_firms = [np.flatnonzero(firm_level == l) for l in range(self.levels)]
        self.level_goods = [np.flatnonzero(level == l) for l in range(self.levels)]
        self.firm_range = [(int(fs[0]), int(fs[-1]) + 1) if len(fs) else (0, 0) for fs in self.level_firms]
        self.users = np.bincount(self.slot_good, minlength=G)
        self.priced = ~self.fixed
        self.slot_firm_out = np.repeat(out, K)

    # -- phases -------------------------------------------------------------------------------------------------

    def produce(self, f0, f1):
        """Level firms f0..<f1 receive plan * fill and produce; output and marginal products stored."""
        K = self.K
        s0, s1 = f0 * K, f1 * K
        x = self.plan[s0:s1] * self.fill[self.slot_good[s0:s1]]
        self.received[s0:s1] = x
        x = x.reshape(-1, K)
        a = self.a[f0:f1]
        logs = np.log(x)
        s = a[:, 0] * logs[:, 0]
        for i in range(1, K):
            s += a[:, i] * logs[:, i]
        y = np.exp(s) * self.A[f0:f1]
        self.output[f0:f1] = y
        self.marginal[s0:s1] = (a * y[:, None] / x).ravel()

    def clear(self, goods, f0, f1):
        """Supply and fill of `goods`, made by firms f0..<f1 (or primary)."""
        made = np.bincount(self.out[f0:f1], weights=self.output[f0:f1], minlength=self.G)[goods]
        supply = np.where(self.primary[goods], self.endowment[goods], made)
        d = self.demand[goods]
        fill = np.where(d > supply, np.where(supply > 0, supply / np.where(d > 0, d, 1), 0.0), 1.0)
        self.supply[goods] = supply
        self.fill[goods] = np.where(self.fixed[goods], 1.0, fill)

    def clear_and_produce(self):
        for l in range(self.levels):
            f0, f1 = self.firm_range[l]
            if f1 > f0:
                self.produce(f0, f1)
            self.clear(self.level_goods[l], f0, f1)

    def start(self):
        G, S = self.G, self.F * self.K
        self.plan, self.received, self.marginal = np.zeros(S), np.zeros(S), np.zeros(S)
        self.output = np.zeros(self.F)
        self.demand, self.supply, self.fill = np.zeros(G), np.zeros(G), np.ones(G)
        for l in range(self.levels):
            f0, f1 = self.firm_range[l]
            if f1 > f0:
                self.plan[f0 * self.K:f1 * self.K] = self.received[f0 * self.K:f1 * self.K]
                self.produce(f0, f1)
            goods = self.level_goods[l]
            self.demand[goods] = 0
            self.clear(goods, f0, f1)
            share = np.where((self.supply > 0) & (self.users > 0), self.supply / np.maximum(self.users, 1), 1.0)
            level_slots = np.isin(self.slot_good, goods)
            self.received[level_slots] = share[self.slot_good[level_slots]]
        self.demand = np.bincount(self.slot_good, weights=self.plan, minlength=G)
        self.clear_and_produce()

    def tick(self):
        value = self.prices[self.slot_firm_out] * self.marginal
        price = self.prices[self.slot_good]
        scale = np.abs(value) + price
        gap = np.clip((value - price) / scale, -1.0, 1.0)
        self.plan *= 1.0 + FIRM_STEP * gap
        self.demand = np.bincount(self.slot_good, weights=self.plan, minlength=self.G)
        self.clear_and_produce()
        d, s = np.maximum(self.demand, 0), np.maximum(self.supply, 0)
        total = d + s
        z = np.where(total > 0, (d - s) / np.where(total > 0, total, 1), 0.0)
        self.prices = np.where(self.priced, self.prices * (1.0 + PRICE_STEP * z), self.prices)


def checksums(prices, supply, demand):
    return {"price": float(np.sum(prices)), "supply": float(np.sum(supply)), "demand": float(np.sum(demand))}


def csv_checksums(path, names):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    header, last = rows[0], rows[-1]
    column = {name: i for i, name in enumerate(header)}
    pick = lambda field: np.array([float(last[column[f"{n}.{field}"]]) for n in names])
    return int(float(last[0])), checksums(pick("price"), pick("supply"), pick("demand"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario")
    parser.add_argument("--ticks", type=int, default=200)
    parser.add_argument("--check", metavar="CSV", help="compare with the last row of priceprop's CSV")
    args = parser.parse_args()
    t0 = time.perf_counter()
    net = Network(args.scenario)
    t1 = time.perf_counter()
    net.start()
    t2, c2 = time.perf_counter(), time.process_time()
    for _ in range(args.ticks):
        net.tick()
    t3, c3 = time.perf_counter(), time.process_time()
    print(f"firms {net.F}, goods {net.G}, ticks {args.ticks}")
    print(f"load {t1 - t0:.2f} s, start {t2 - t1:.3f} s, ticks {t3 - t2:.3f} s, cpu {c3 - c2:.3f} s")
    if args.ticks:
        print(f"firm-ticks/s {net.F * args.ticks / (t3 - t2):.3g}")
    mine = checksums(net.prices, net.supply, net.demand)
    print("checksums " + ", ".join(f"{k} {v:.12g}" for k, v in mine.items()))
    if args.check:
        tick, theirs = csv_checksums(args.check, net.names)
        if tick != args.ticks:
            sys.exit(f"{args.check}: last row is tick {tick}, not {args.ticks}")
        agree = all(f"{mine[k]:.9e}" == f"{theirs[k]:.9e}" for k in mine)
        print("priceprop " + ", ".join(f"{k} {v:.12g}" for k, v in theirs.items()))
        print("checksums agree to 10 significant digits" if agree else "CHECKSUMS DIFFER")
        sys.exit(0 if agree else 1)


if __name__ == "__main__":
    main()
