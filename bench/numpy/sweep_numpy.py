#!/usr/bin/env python3
"""The numpy baseline of llmcost's sweep engine: the same grid, formulas and exact Pareto frontier, vectorised.

Usage:
    python3 bench/numpy/sweep_numpy.py bench/mid.yaml [--check FRONTIER_CSV] [--repeat N]
    python3 bench/numpy/sweep_numpy.py bench/mid.yaml --check FRONTIER_CSV --serve   (used by SweepBench.numpy)

It sweeps the spec N times (default 5) and prints the best time, grid points/s and valid points/s. --check compares
its frontier (grid indices, in output order) with the `index` column of a frontier.csv that `llmcost sweep` wrote
and exits 3 when they differ (4: numpy or PyYAML missing, 2: spec not supported). --serve checks, prints
"ready ...", then sweeps once per line read on stdin and answers each with the frontier size, so that JMH times
the sweep alone (no interpreter start-up or imports).

Scope: the dense LLaMA-style specs of the benchmarks (axes hidden, layers, head_dim|heads, kv_ratio|kv_heads,
ffn_mult|ffn, seq_len, vocab, budget_flops|tokens; the aspect-ratio constraint; laws epoch and hoffmann; two
objectives among loss, flops_forward_per_token, flops_training, params_total, params_active). Anything else is
rejected with a message. Needs numpy and PyYAML.

The formulas mirror engine/src/main/java/io/llmcost/formula (Params, Flops) and scaling/ChinchillaLaw operation for
operation, so that the doubles are the same and the frontier can be compared exactly. numpy broadcasting evaluates
each term over the axes it depends on only (the same hoisting as the kernel); the loss (two powers) is computed for
valid points only; the frontier of two objectives is one lexicographic sort and a running minimum.
"""
import argparse
import math
import sys
import time

try:
    import numpy as np
    import yaml
except ImportError as missing:
    print(f"sweep_numpy: needs numpy and PyYAML ({missing})", file=sys.stderr)
    sys.exit(4)

LAWS = {  # e, A, B, alpha, beta (scaling/ChinchillaLaw.java)
    "epoch": (1.8172, 482.01, 2085.43, 0.3478, 0.3658),
    "hoffmann": (1.69, 406.4, 410.7, 0.34, 0.28),
}
AXES = ["hidden", "layers", "head_dim", "heads", "kv_ratio", "kv_heads", "ffn_mult", "ffn", "seq_len", "vocab",
        "budget_flops", "tokens"]
DEFAULTS = {"head_dim": 128.0, "kv_ratio": 1.0, "ffn_mult": 8.0 / 3, "seq_len": 4096.0, "vocab": 32000.0}
OBJECTIVES = ["loss", "flops_forward_per_token", "flops_training", "params_total", "params_active"]


def fail(message):
    print("sweep_numpy: " + message, file=sys.stderr)
    sys.exit(2)


def axis_values(key, node):
    """An axis as SweepFile expands it: a list, a scalar, {from, to, step} or {from, to, factor}."""
    if isinstance(node, list):
        return [float(v) for v in node]
    if not isinstance(node, dict):
        return [float(node)]  # PyYAML reads 1e21 (no dot) as a string
    lo, hi = float(node["from"]), float(node["to"])
    if "step" in node:
        step = float(node["step"])
        count = int(math.floor((hi - lo) / step + 1e-9)) + 1
        return [lo + i * step for i in range(count)]
    factor, values, v = float(node["factor"]), [], lo
    while v <= hi * (1 + 1e-12):
        values.append(v)
        v *= factor
    return values


class Grid:
    """The spec's axes as arrays shaped to broadcast along their own position (mixed radix, last axis fastest)."""

    def __init__(self, path):
        with open(path) as f:
            spec = yaml.safe_load(f)
        for key in spec:
            if key not in ("name", "family", "tied_embeddings", "ffn_multiple_of", "axes", "constraints", "law",
                           "objectives"):
                fail(f"{path}: {key}: not supported by the numpy baseline")
        if spec.get("family", "llama") != "llama":
            fail(f"{path}: family: only llama")
        self.tied = bool(spec.get("tied_embeddings", False))
        self.multiple_of = int(spec.get("ffn_multiple_of", 256))
        axes = spec["axes"]
        for key in axes:
            if key not in AXES:
                fail(f"{path}: axes.{key}: not supported by the numpy baseline (dense LLaMA axes only)")
        self.shape = tuple(len(axis_values(k, v)) for k, v in axes.items())
        self.size = int(np.prod(self.shape, dtype=np.int64))
        self.given = set(axes)
        self.field = {}
        for pos, (key, node) in enumerate(axes.items()):
            view = [1] * len(self.shape)
            view[pos] = -1
            self.field[key] = np.array(axis_values(key, node), dtype=np.float64).reshape(view)
        for key, value in DEFAULTS.items():
            alternative = {"head_dim": "heads", "kv_ratio": "kv_heads", "ffn_mult": "ffn"}.get(key)
            if key not in self.given and alternative not in self.given:
                self.field[key] = np.float64(value)
        if ("budget_flops" in self.given) == ("tokens" in self.given):
            fail(f"{path}: axes: exactly one of budget_flops or tokens")
        aspect = (spec.get("constraints") or {}).get("aspect_ratio", {})
        for key in (spec.get("constraints") or {}):
            if key != "aspect_ratio":
                fail(f"{path}: constraints.{key}: not supported by the numpy baseline")
        self.aspect_min = float(aspect.get("min", 0.0))
        self.aspect_max = float(aspect.get("max", math.inf))
        law = spec.get("law", "epoch")
        if law == "auto":
            law = "epoch"
        if law not in LAWS:
            fail(f"{path}: law: {law} not supported by the numpy baseline (epoch, hoffmann)")
        self.law = LAWS[law]
        self.objectives = spec["objectives"]
        if len(self.objectives) != 2 or any(o not in OBJECTIVES for o in self.objectives):
            fail(f"{path}: objectives: the numpy baseline takes two of {', '.join(OBJECTIVES)}")

    def count(self, key):
        return self.field[key].astype(np.int64)


def sweep(g):
    """The frontier's grid indices in output order (first objective, then index) and the number of valid points."""
    h = g.count("hidden")
    layers = g.count("layers")
    if "heads" in g.given:
        heads = g.count("heads")
        valid = h % heads == 0
        head_dim = h // heads
    else:
        head_dim = g.count("head_dim")
        valid = h % head_dim == 0
        heads = h // head_dim
    if "kv_heads" in g.given:
        kv_heads = g.count("kv_heads")
        valid = valid & (heads % kv_heads == 0)
    else:
        ratio = g.count("kv_ratio")
        valid = valid & (heads % ratio == 0)
        kv_heads = heads // ratio
    valid = valid & (h >= g.aspect_min * layers) & (h <= g.aspect_max * layers)
    valid = np.broadcast_to(valid, g.shape)

    # Params.gqaAttention, Params.mlp (gated, no bias), Params.llamaDecoder (dense: every layer has the MLP).
    attention = h * (heads * head_dim) + 2 * (h * (kv_heads * head_dim)) + (heads * head_dim) * h
    if "ffn" in g.given:
        ffn = g.count("ffn")
    else:
        m = g.multiple_of
        ffn = m * np.ceil(g.field["ffn_mult"] * h / m).astype(np.int64)
    mlp = 2 * (h * ffn) + ffn * h
    vocab = g.count("vocab")
    params = layers * (attention + 2 * h) + layers * mlp + (1 if g.tied else 2) * (vocab * h) + h
    matmul_weights = layers * attention + layers * mlp
    # Flops.linear + Flops.lmHead + layers x Flops.attentionScores at causal positions seq_len / 2.
    positions = g.field["seq_len"] / 2
    head_dim_f = head_dim.astype(np.float64)
    forward = (2.0 * matmul_weights + 2.0 * h * g.field["vocab"]
               + layers * (2.0 * positions * heads * (head_dim_f + head_dim_f)))

    index = np.flatnonzero(valid)
    params_v = np.broadcast_to(params, g.shape).reshape(-1)[index]
    forward_v = np.broadcast_to(forward, g.shape).reshape(-1)[index]
    if "budget_flops" in g.given:
        training = np.broadcast_to(g.field["budget_flops"], g.shape).reshape(-1)[index]
        tokens = training / (3.0 * forward_v)
    else:
        tokens = np.broadcast_to(g.field["tokens"], g.shape).reshape(-1)[index]
        training = 3.0 * forward_v * tokens
    columns = {"flops_forward_per_token": forward_v, "flops_training": training,
               "params_total": params_v.astype(np.float64), "params_active": params_v.astype(np.float64)}
    if "loss" in g.objectives:
        e, a, b, alpha, beta = g.law
        columns["loss"] = e + a / np.power(params_v.astype(np.float64), alpha) + b / np.power(tokens, beta)
    first, second = (columns[o] for o in g.objectives)

    # Exact Pareto of two objectives: in (first, second, index) order a point is kept when its second objective is
    # below every earlier point's; of equal vectors the lowest index comes first and is the one kept.
    order = np.lexsort((second, first))  # stable: index order within ties
    s = second[order]
    best_before = np.empty_like(s)
    best_before[0] = np.inf
    np.minimum.accumulate(s[:-1], out=best_before[1:])
    return index[order[s < best_before]], index.size


def read_frontier_indices(path):
    with open(path) as f:
        header = f.readline().strip().split(",")
        if header[0] != "index":
            fail(f"{path}: expected a frontier.csv whose first column is index")
        return np.array([int(line.split(",", 1)[0]) for line in f if line.strip()], dtype=np.int64)


def check(g, frontier, path):
    expected = read_frontier_indices(path)
    if not np.array_equal(frontier, expected):
        missing = np.setdiff1d(expected, frontier)[:5]
        extra = np.setdiff1d(frontier, expected)[:5]
        print(f"sweep_numpy: frontier differs from {path}: {frontier.size} points vs {expected.size}; "
              f"missing (first 5) {missing.tolist()}, extra (first 5) {extra.tolist()}", file=sys.stderr)
        sys.exit(3)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("spec")
    parser.add_argument("--check", metavar="FRONTIER_CSV")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--serve", action="store_true")
    args = parser.parse_args()
    g = Grid(args.spec)
    frontier, valid = sweep(g)
    if args.check:
        check(g, frontier, args.check)
    if args.serve:
        print(f"ready points_total={g.size} points_valid={valid} frontier_size={frontier.size} "
              f"numpy={np.__version__}", flush=True)
        for _ in sys.stdin:
            frontier, _ = sweep(g)
            print(frontier.size, flush=True)
        return
    best = math.inf
    for _ in range(args.repeat):
        start = time.perf_counter()
        frontier, valid = sweep(g)
        best = min(best, time.perf_counter() - start)
    print(f"numpy {np.__version__}: {g.size} grid points, {valid} valid, frontier {frontier.size}"
          f"{' (equal to ' + args.check + ')' if args.check else ''}")
    print(f"best of {args.repeat}: {best:.4f} s, {g.size / best:,.0f} grid points/s, {valid / best:,.0f} valid points/s")


if __name__ == "__main__":
    main()
