#!/usr/bin/env python3
"""Benchmark networks for the C reference: write them, flatten them for it, and check its checksums.

  networks.py write cd|ces|stages [--layers 4 --goods 250 --firms-per-good 100 --inputs 3 --seed 1]
                  [--initial-price P] -o FILE
      A layered network shaped like `priceprop generate layered` (layer 0 primary, the last layer final at
      price 1, each firm's first input spread round-robin, the others drawn distinct), with general
      technologies instead of Cobb-Douglas (or with Cobb-Douglas, cd, from this script's own random draws).
      --initial-price starts every market price there instead of at 1, so that the first ticks take the
      price rule's largest steps.
        cd      A * x1^a1 * ... * xK^aK,   returns in [0.3, 0.6)
        ces     A * (w1 * x1^r + ... + wK * xK^r)^(s / r),   r in [0.1, 0.5), s in [0.3, 0.6)
        stages  layer by layer in turn, with u = w1 * sqrt(x1) + ... + wK * sqrt(xK):
                A * sqrt(u);   A * log(1 + u);   A * u / (1 + c * u), c in [0.5, 1.5)
  networks.py dump SCENARIO.json -o DUMP
      The scenario as the text dump bench/c_reference.c reads (its header describes the format). Reads
      generated files only: every firm entry with count 1, technologies of the shapes above or the
      generator's Cobb-Douglas `A * x1^a1 * ... * xK^aK`, parameters given per firm.
  networks.py check C_OUTPUT CSV
      Compares the checksums c_reference printed (sums over goods of price, supply and demand, and V) with
      the last row of `priceprop run SCENARIO --ticks N --every 1000000 --csv CSV`, to 10 significant digits.
"""
import argparse
import csv
import json
import random
import re
import sys

NAME = r"[A-Za-z_][A-Za-z0-9_]*"


def layered(kind, layers, goods_per_layer, firms_per_good, inputs, seed, initial_price=None):
    rng = random.Random(seed)
    g, k = goods_per_layer, inputs
    goods = []
    for layer in range(layers + 1):
        for j in range(g):
            good = {"name": f"g{layer}_{j}"}
            if layer == 0:
                good["endowment"] = rng.uniform(0.5, 1.5) * firms_per_good * k
            elif layer == layers:
                good["price"] = 1
            if initial_price is not None and layer < layers:
                good["initialPrice"] = initial_price
            goods.append(good)
    firms = []
    for layer in range(1, layers + 1):
        for j in range(g):
            for n in range(firms_per_good):
                chosen = [(j * firms_per_good + n) % g]
                while len(chosen) < k:
                    c = rng.randrange(g)
                    if c not in chosen:
                        chosen.append(c)
                names = [f"g{layer - 1}_{c}" for c in chosen]
                production, parameters = technology(kind, layer, names, rng)
                firms.append({"name": f"f{layer}_{j}_{n}", "output": f"g{layer}_{j}",
                              "production": production, "parameters": parameters})
    return {"version": 1, "name": f"layered-{kind}-{layers}x{g}x{firms_per_good}x{k}",
            "description": f"Layered benchmark network with {kind} technologies, seed {seed}.",
            "goods": goods, "firms": firms}


def technology(kind, layer, names, rng):
    weights = [rng.uniform(0.5, 1.5) for _ in names]
    total = sum(weights)
    w = {f"w{i + 1}": weights[i] / total for i in range(len(names))}
    if kind == "cd":
        returns = rng.uniform(0.3, 0.6)
        production = " * ".join(["A"] + [f"{x}^a{i + 1}" for i, x in enumerate(names)])
        return production, {"A": rng.uniform(0.5, 1.5),
                            **{f"a{i + 1}": returns * weights[i] / total for i in range(len(names))}}
    if kind == "ces":
        terms = " + ".join(f"w{i + 1} * {x}^r" for i, x in enumerate(names))
        parameters = {"A": rng.uniform(0.5, 1.5), "r": rng.uniform(0.1, 0.5), "s": rng.uniform(0.3, 0.6)}
        return f"A * ({terms})^(s / r)", {**parameters, **w}
    u = " + ".join(f"w{i + 1} * sqrt({x})" for i, x in enumerate(names))
    stage = ("sqrt", "log", "rat")[(layer - 1) % 3]
    if stage == "sqrt":
        return f"A * sqrt({u})", {"A": rng.uniform(0.5, 1.5), **w}
    if stage == "log":
        return f"A * log(1 + {u})", {"A": rng.uniform(0.5, 1.5), **w}
    return f"A * ({u}) / (1 + c * ({u}))", {"A": rng.uniform(0.5, 1.5), "c": rng.uniform(0.5, 1.5), **w}


def write_json(scenario, path):
    with open(path, "w") as f:
        f.write('{"version": 1, "name": %s, "description": %s,\n "goods": [\n' %
                (json.dumps(scenario["name"]), json.dumps(scenario["description"])))
        f.write(",\n".join("  " + json.dumps(g) for g in scenario["goods"]))
        f.write("],\n \"firms\": [\n")
        f.write(",\n".join("  " + json.dumps(firm) for firm in scenario["firms"]))
        f.write("]}\n")


# -- dump ---------------------------------------------------------------------------------------------------

def parse(production, params):
    """(shape, input names, parameter values in the C reference's order) of one generated technology."""
    p = lambda name: float(params[name])
    m = re.fullmatch(rf"A((?: \* {NAME}\^{NAME})+)", production)
    if m:
        terms = re.findall(rf"({NAME})\^({NAME})", m.group(1))
        return "cd", [x for x, _ in terms], [p("A")] + [p(a) for _, a in terms]
    m = re.fullmatch(rf"A \* \(((?:w\d+ \* {NAME}\^r(?: \+ )?)+)\)\^\(s / r\)", production)
    if m:
        terms = re.findall(rf"(w\d+) \* ({NAME})\^r", m.group(1))
        return "ces", [x for _, x in terms], [p("A"), p("r"), p("s")] + [p(w) for w, _ in terms]
    u = rf"((?:w\d+ \* sqrt\({NAME}\)(?: \+ )?)+)"
    for shape, pattern in (("sqrt", rf"A \* sqrt\({u}\)"), ("log", rf"A \* log\(1 \+ {u}\)"),
                           ("rat", rf"A \* \({u}\) / \(1 \+ c \* \({u}\)\)")):
        m = re.fullmatch(pattern, production)
        if m and (shape != "rat" or m.group(1) == m.group(2)):
            terms = re.findall(rf"(w\d+) \* sqrt\(({NAME})\)", m.group(1))
            head = [p("A"), p("c")] if shape == "rat" else [p("A")]
            return shape, [x for _, x in terms], head + [p(w) for w, _ in terms]
    raise ValueError(f"not a technology the C reference knows: {production}")


def dump(scenario_path, out_path):
    with open(scenario_path, "rb") as f:
        scenario = json.load(f)
    goods = scenario["goods"]
    index = {g["name"]: i for i, g in enumerate(goods)}
    lines = ["priceprop-dump 1", f"goods {len(goods)}"]
    for g in goods:
        initial = float(g.get("initialPrice", 1.0))
        if "endowment" in g:
            lines.append(f"p {float(g['endowment'])!r} {initial!r}")
        elif "price" in g:
            lines.append(f"f {float(g['price'])!r} {float(g['price'])!r}")
        else:
            lines.append(f"i 0 {initial!r}")
    firms = scenario["firms"]
    lines.append(f"firms {len(firms)}")
    for firm in firms:
        if firm.get("count", 1) != 1:
            sys.exit(f"{scenario_path}: firm {firm['name']}: counts other than 1 are not supported")
        try:
            shape, names, values = parse(firm["production"], firm.get("parameters", {}))
        except (ValueError, KeyError) as error:
            sys.exit(f"{scenario_path}: firm {firm['name']}: {error}")
        lines.append(" ".join([shape, str(index[firm["output"]]), str(len(names))] + [str(index[x]) for x in names]
                              + [str(len(values))] + [repr(v) for v in values]))
    with open(out_path, "w") as f:
        f.write("\n".join(lines) + "\n")


# -- check --------------------------------------------------------------------------------------------------

def c_checksums(path):
    with open(path) as f:
        text = f.read()
    m = re.search(r"ticks (\d+)\n", text)
    c = re.search(r"checksums price (\S+), supply (\S+), demand (\S+), V (\S+)", text)
    if not (m and c):
        sys.exit(f"{path}: no checksums")
    return int(m.group(1)), dict(zip(("price", "supply", "demand", "V"), map(float, c.groups())))


def csv_checksums(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    header, last = rows[0], rows[-1]
    sums = {"price": 0.0, "supply": 0.0, "demand": 0.0}
    for name, value in zip(header, last):
        field = name.rsplit(".", 1)[-1]
        if "." in name and field in sums:
            sums[field] += float(value)
    sums["V"] = float(last[header.index("value")])
    return int(float(last[0])), sums


def check(c_path, csv_path):
    ticks, mine = c_checksums(c_path)
    tick, theirs = csv_checksums(csv_path)
    print("c_reference " + ", ".join(f"{k} {v:.12g}" for k, v in mine.items()))
    print("priceprop   " + ", ".join(f"{k} {v:.12g}" for k, v in theirs.items()))
    if tick != ticks:
        sys.exit(f"{csv_path}: last row is tick {tick}, not {ticks}")
    agree = all(f"{mine[k]:.9e}" == f"{theirs[k]:.9e}" for k in mine)
    print(f"checksums after {ticks} ticks " + ("agree to 10 significant digits" if agree else "DIFFER"))
    return agree


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    w = sub.add_parser("write")
    w.add_argument("kind", choices=["cd", "ces", "stages"])
    for name, default in (("layers", 4), ("goods", 250), ("firms-per-good", 100), ("inputs", 3), ("seed", 1)):
        w.add_argument(f"--{name}", type=int, default=default)
    w.add_argument("--initial-price", type=float)
    w.add_argument("-o", required=True)
    d = sub.add_parser("dump")
    d.add_argument("scenario")
    d.add_argument("-o", required=True)
    c = sub.add_parser("check")
    c.add_argument("c_output")
    c.add_argument("csv")
    args = parser.parse_args()
    if args.command == "write":
        write_json(layered(args.kind, args.layers, args.goods, args.firms_per_good, args.inputs, args.seed,
                           args.initial_price), args.o)
    elif args.command == "dump":
        dump(args.scenario, args.o)
    else:
        sys.exit(0 if check(args.c_output, args.csv) else 1)


if __name__ == "__main__":
    main()
