#!/usr/bin/env python3
"""Writes the two large-CSV workloads of README's "Data at scale" (not committed: 48 MB and 109 MB), with the
experiments that read them, byte for byte the same on every run (Python's own Mersenne Twister, standard library only):

  bench/data/large.csv         2,070,000 rows: a, b, c uniform in [0, 1) to 4 decimals, y = 1 when a + b > c, else 0
  bench/e2e-large-csv.json     a 3-4-1 network (tanh, sigmoid, mse), one epoch of SGD in batches of 32, 10% test
  bench/data/mnist-size.csv    60,000 rows of 784 pixels (0 with probability 0.8, else 0-255) and a label 0-9: MNIST's
                               shape, not its content
  bench/e2e-mnist-size.json    a 784-128-10 network (relu, softmax, ce) on standardized inputs, one epoch, batch 64

Usage: /usr/bin/python3 bench/data/make_large_csv.py      then: /usr/bin/time -v nf run bench/e2e-large-csv.json --quiet
"""
import json
import os
import random

here = os.path.dirname(os.path.abspath(__file__))
bench = os.path.dirname(here)

rng = random.Random(1)
with open(os.path.join(here, "large.csv"), "w", newline="\n") as f:
    f.write("a,b,c,y\n")
    for _ in range(2_070_000):
        a, b, c = rng.random(), rng.random(), rng.random()
        f.write(f"{a:.4f},{b:.4f},{c:.4f},{1 if a + b > c else 0}\n")

rng = random.Random(2)
with open(os.path.join(here, "mnist-size.csv"), "w", newline="\n") as f:
    f.write(",".join(f"p{i}" for i in range(784)) + ",label\n")
    for r in range(60_000):
        f.write(",".join(str(rng.randint(0, 255)) if rng.random() < 0.2 else "0" for _ in range(784)) + f",{r % 10}\n")

large = {
    "name": "e2e-large-csv",
    "description": "2.07 M rows of a generated CSV (bench/data/make_large_csv.py): what nf run costs in memory and time for a large data file.",
    "seed": 1,
    "data": {"csv": {"path": "data/large.csv", "features": ["a", "b", "c"], "targets": ["y"], "split": {"test": 0.1}}},
    "network": {"inputs": 3, "layers": [{"units": 4, "activation": "tanh"}, {"units": 1, "activation": "sigmoid"}]},
    "training": {"loss": "mse", "optimizer": {"kind": "sgd", "learningRate": 0.1}, "epochs": 1, "batchSize": 32},
}
mnist = {
    "name": "e2e-mnist-size",
    "description": "60,000 rows of 784 generated pixels (MNIST's shape; bench/data/make_large_csv.py) through a 784-128-10 network, one epoch.",
    "seed": 1,
    "data": {
        "csv": {"path": "data/mnist-size.csv", "features": [f"p{i}" for i in range(784)], "target": "label", "split": {"test": 0.1}},
        "transform": [{"kind": "standardize"}],
    },
    "network": {"inputs": 784, "layers": [{"units": 128, "activation": "relu"}, {"units": 10, "activation": "softmax"}]},
    "training": {"loss": "ce", "optimizer": {"kind": "sgd", "learningRate": 0.01}, "epochs": 1, "batchSize": 64},
}
for name, doc in (("e2e-large-csv.json", large), ("e2e-mnist-size.json", mnist)):
    with open(os.path.join(bench, name), "w", newline="\n") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")
