#!/usr/bin/env python3
"""Peer for the end-to-end benchmark: numpy doing the whole job of `nf run bench/e2e-digits-{sgd,adam}.json`.

The same job, the same way, in one process:
  1. read data/digits.csv (header p0..p63,digit; 1797 rows), ids row-1..row-1797;
  2. a seeded stratified 80/20 split with nf's rule and sizes: for each class in name order, round(0.2 x count)
     (halves up) of its rows go to the test set (1438 train, 359 test); both keep CSV order. The permutation comes
     from numpy's own generator (not nf's), so the rows chosen differ, the sizes do not;
  3. standardize on the training rows (population standard deviation; a constant feature keeps scale 1);
  4. train 64-256-256-10 in float64: tanh hidden layers, softmax output, cross-entropy (mean over the mini-batch),
     Xavier-uniform weights (U[-l, l), l = sqrt(6 / (fan_in + fan_out))), zero biases; mini-batches of 16, the rows
     shuffled every epoch, 10 epochs; SGD lr 0.1, or with --optimizer adam: Adam lr 0.001, beta1 0.9, beta2 0.999,
     eps 1e-8; the loss over all training rows after every epoch (and before the first), as nf's record.every 1;
  5. predict every row (train and test);
  6. write a JSON document like nf's output document: the transform, the initial and final parameters, the trace,
     every row's id, x, y and output, and train/test metrics (loss, accuracy, confusion, per-class precision, recall,
     f1, support, macro averages).

Usage: /usr/bin/python3 bench/peers/digits_e2e.py --optimizer sgd|adam --out /tmp/x.json [--data data/digits.csv]
Prints one JSON line to standard output: the final losses and accuracies, and "seconds" (perf_counter from the start
of main to the written file; start-up and `import numpy` not included - time the whole process from outside).
Benchmark it with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset for that command only (bench/peers/compare.sh does).
"""
import argparse
import json
import os
import time

import numpy as np

LAYERS = [64, 256, 256, 10]
EPOCHS = 10
BATCH = 16
TEST = 0.2
SEED = 7


def read_csv(path):
    with open(path, encoding="utf-8") as f:
        header = f.readline().strip().split(",")
        raw = np.loadtxt(f, delimiter=",", dtype=np.float64, ndmin=2)
    features = [header.index("p%d" % k) for k in range(64)]
    target = header.index("digit")
    X = np.ascontiguousarray(raw[:, features])
    names = [("%.17g" % v) for v in raw[:, target]]
    classes = sorted(set(names))                      # ordinal order of the class names, as nf
    index = {c: i for i, c in enumerate(classes)}
    labels = np.array([index[n] for n in names], dtype=np.int64)
    ids = ["row-%d" % (i + 1) for i in range(len(names))]
    return ids, X, labels, classes


def stratified_split(labels, n_classes, rng):
    in_test = np.zeros(len(labels), dtype=bool)
    for c in range(n_classes):
        members = np.flatnonzero(labels == c)
        take = int(np.floor(TEST * len(members) + 0.5))
        in_test[members[rng.permutation(len(members))[:take]]] = True
    return np.flatnonzero(~in_test), np.flatnonzero(in_test)


def init(rng):
    params = []
    for fan_in, fan_out in zip(LAYERS[:-1], LAYERS[1:]):
        limit = np.sqrt(6.0 / (fan_in + fan_out))
        params.append(rng.uniform(-limit, limit, size=(fan_in, fan_out)))
        params.append(np.zeros(fan_out))
    return params


def forward(params, X):
    W1, b1, W2, b2, W3, b3 = params
    h1 = np.tanh(X @ W1 + b1)
    h2 = np.tanh(h1 @ W2 + b2)
    z = h2 @ W3 + b3
    z -= z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def mean_ce(P, labels):
    return float(-np.mean(np.log(P[np.arange(len(labels)), labels])))


def gradients(params, xb, yb):
    W1, b1, W2, b2, W3, b3 = params
    m = xb.shape[0]
    h1 = np.tanh(xb @ W1 + b1)
    h2 = np.tanh(h1 @ W2 + b2)
    z = h2 @ W3 + b3
    z -= z.max(axis=1, keepdims=True)
    e = np.exp(z)
    p = e / e.sum(axis=1, keepdims=True)
    d3 = (p - yb) / m                                 # dL/dz3, mean cross-entropy over the batch
    d2 = (d3 @ W3.T) * (1.0 - h2 * h2)
    d1 = (d2 @ W2.T) * (1.0 - h1 * h1)
    return [xb.T @ d1, d1.sum(axis=0), h1.T @ d2, d2.sum(axis=0), h2.T @ d3, d3.sum(axis=0)]


def train(params, X, labels, optimizer, rng):
    params = [p.copy() for p in params]
    Y = np.eye(LAYERS[-1])[labels]
    n = X.shape[0]
    trace = [{"epoch": 0, "loss": mean_ce(forward(params, X), labels)}]
    lr = 0.1 if optimizer == "sgd" else 0.001
    b1, b2, eps = 0.9, 0.999, 1e-8
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    t = 0
    for epoch in range(1, EPOCHS + 1):
        order = rng.permutation(n)
        for s in range(0, n, BATCH):
            rows = order[s:s + BATCH]
            grads = gradients(params, X[rows], Y[rows])
            if optimizer == "sgd":
                for p, g in zip(params, grads):
                    p -= lr * g
            else:
                t += 1
                c1 = 1.0 - b1 ** t
                c2 = 1.0 - b2 ** t
                for p, g, mi, vi in zip(params, grads, m, v):
                    mi *= b1
                    mi += (1.0 - b1) * g
                    vi *= b2
                    vi += (1.0 - b2) * (g * g)
                    p -= (lr * (mi / c1)) / (np.sqrt(vi / c2) + eps)
        trace.append({"epoch": epoch, "loss": mean_ce(forward(params, X), labels)})
    return params, trace


def metrics(P, labels, n_classes, classes):
    predicted = P.argmax(axis=1)
    confusion = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(confusion, (labels, predicted), 1)
    per_class = []
    for c in range(n_classes):
        tp = confusion[c, c]
        col, row = confusion[:, c].sum(), confusion[c, :].sum()
        precision = tp / col if col else 0.0
        recall = tp / row if row else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class.append({"class": classes[c], "precision": float(precision), "recall": float(recall),
                          "f1": float(f1), "support": int(row)})
    macro = {k: float(np.mean([pc[k] for pc in per_class])) for k in ("precision", "recall", "f1")}
    return {"rows": int(len(labels)), "loss": mean_ce(P, labels), "accuracy": float(np.mean(predicted == labels)),
            "classes": classes, "confusion": confusion.tolist(), "perClass": per_class, "macro": macro}


def layers_json(params):
    return {"layers": [{"weights": params[2 * i].T.tolist(), "biases": params[2 * i + 1].tolist()}
                       for i in range(len(params) // 2)]}


def rows_json(idx, ids, X_raw, labels, P, n_classes):
    eye = np.eye(n_classes)
    return [{"id": ids[i], "x": X_raw[i].tolist(), "y": eye[labels[i]].tolist(), "output": P[k].tolist()}
            for k, i in enumerate(idx)]


def main():
    t0 = time.perf_counter()
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--optimizer", choices=["sgd", "adam"], default="sgd")
    ap.add_argument("--out", required=True, help="where to write the JSON document")
    ap.add_argument("--data", default=os.path.join(here, "..", "..", "data", "digits.csv"))
    a = ap.parse_args()

    ids, X_raw, labels, classes = read_csv(a.data)
    k = len(classes)
    rng = np.random.default_rng(SEED)
    train_idx, test_idx = stratified_split(labels, k, rng)
    Xtr_raw = X_raw[train_idx]
    offset = Xtr_raw.mean(axis=0)
    std = np.sqrt(((Xtr_raw - offset) ** 2).mean(axis=0))
    scale = np.where(std > 0, std, 1.0)
    Xtr = np.ascontiguousarray((Xtr_raw - offset) / scale)
    Xte = np.ascontiguousarray((X_raw[test_idx] - offset) / scale)
    ytr, yte = labels[train_idx], labels[test_idx]

    start = init(rng)
    final, trace = train(start, Xtr, ytr, a.optimizer, rng)
    Ptr, Pte = forward(final, Xtr), forward(final, Xte)
    doc = {
        "format": "digits_e2e.py",
        "optimizer": a.optimizer,
        "transform": [{"kind": "standardize", "offset": offset.tolist(), "scale": scale.tolist()}],
        "initialParameters": layers_json(start),
        "status": "completed",
        "trace": trace,
        "finalParameters": layers_json(final),
        "predictions": {"train": rows_json(train_idx, ids, X_raw, labels, Ptr, k),
                        "test": rows_json(test_idx, ids, X_raw, labels, Pte, k)},
        "metrics": {"train": metrics(Ptr, ytr, k, classes), "test": metrics(Pte, yte, k, classes)},
    }
    text = json.dumps(doc)                            # one shot: the C encoder (json.dump streams in pure Python)
    with open(a.out, "w", encoding="utf-8") as f:
        f.write(text)
    seconds = time.perf_counter() - t0
    print(json.dumps({"optimizer": a.optimizer, "train_rows": int(len(train_idx)), "test_rows": int(len(test_idx)),
                      "final_loss": trace[-1]["loss"], "train_accuracy": doc["metrics"]["train"]["accuracy"],
                      "test_accuracy": doc["metrics"]["test"]["accuracy"], "seconds": seconds}))


if __name__ == "__main__":
    main()
