#!/usr/bin/env python3
"""Peer for the Elman benchmark: PyTorch nn.RNN training the workload of `nf run bench/e2e-elman.json`.

The same job on the same data, as a PyTorch user would write it:
  1. read the experiment file bench/e2e-elman.json (its inline sequences: 256 x 32 steps x 8 inputs, 8 targets per
     step) and its training settings (learning rate, epochs, batch size);
  2. float64 (torch.set_default_dtype), one thread (torch.set_num_threads(1));
  3. nn.RNN(8, 128, nonlinearity='tanh', batch_first=True) and nn.Linear(128, 8) applied at every step; h_0 = 0;
     initialized as nf's network.init (Xavier-uniform: the cell's [W | U] with fan_in = 8 + 128, fan_out = 128, the
     head with fan_in 128, fan_out 8; biases 0). nn.RNN has two bias vectors (b_ih, b_hh) where nf's cell has one:
     b_hh is held at 0 (requires_grad False), so the model, its parameter count and each SGD step are nf's;
  4. MSELoss (mean over batch, steps and outputs: nf's per-step MSE, mean over steps, mean over the batch);
     torch.optim.SGD at the file's learning rate; batches of 32, the sequences shuffled every epoch (torch's own
     generator, so the order differs from nf's); full backpropagation through time; 20 epochs.
Prints one JSON line: "seconds" (perf_counter around the epochs loop alone: no start-up, import, file reading or
model set-up), the training loss over all sequences before and after training, and the torch version and threads.

Usage: /usr/bin/python3 bench/peers/elman_rnn.py [--file bench/e2e-elman.json] [--epochs N] [--lr X] [--seed S]
       [--trace]  (--trace also prints the training loss after every epoch; the evaluation is outside the timed loop
       only without --trace)
"""
import argparse
import json
import math
import os
import sys
import time

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_FILE = os.path.join(HERE, "..", "e2e-elman.json")


def read(path):
    with open(path, encoding="utf-8") as f:
        experiment = json.load(f)
    rows = experiment["data"]["train"]
    X = torch.tensor([r["x"] for r in rows], dtype=torch.float64)
    Y = torch.tensor([r["y"] for r in rows], dtype=torch.float64)
    return experiment, X, Y


class Elman(nn.Module):
    def __init__(self, inputs, hidden, outputs):
        super().__init__()
        self.rnn = nn.RNN(inputs, hidden, nonlinearity="tanh", batch_first=True)
        self.head = nn.Linear(hidden, outputs)

    def forward(self, x):
        h, _ = self.rnn(x)          # (batch, steps, hidden), h_0 = 0
        return self.head(h)         # the head at every step


def xavier_(model, inputs, hidden, outputs):
    with torch.no_grad():
        cell = math.sqrt(6.0 / ((inputs + hidden) + hidden))
        model.rnn.weight_ih_l0.uniform_(-cell, cell)
        model.rnn.weight_hh_l0.uniform_(-cell, cell)
        model.rnn.bias_ih_l0.zero_()
        model.rnn.bias_hh_l0.zero_()
        model.rnn.bias_hh_l0.requires_grad_(False)
        head = math.sqrt(6.0 / (hidden + outputs))
        model.head.weight.uniform_(-head, head)
        model.head.bias.zero_()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--file", default=DEFAULT_FILE)
    ap.add_argument("--epochs", type=int)
    ap.add_argument("--lr", type=float)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--trace", action="store_true")
    args = ap.parse_args()

    torch.set_num_threads(1)
    torch.set_default_dtype(torch.float64)
    torch.manual_seed(args.seed)

    experiment, X, Y = read(args.file)
    training = experiment["training"]
    lr = args.lr if args.lr is not None else training["optimizer"]["learningRate"]
    epochs = args.epochs if args.epochs is not None else training["epochs"]
    batch = training["batchSize"]
    inputs, hidden = experiment["network"]["inputs"], experiment["network"]["hidden"]["units"]
    outputs = experiment["network"]["layers"][-1]["units"]

    model = Elman(inputs, hidden, outputs)
    xavier_(model, inputs, hidden, outputs)
    loss_fn = nn.MSELoss()
    optimizer = torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr=lr)
    shuffle = torch.Generator().manual_seed(args.seed)
    n = X.shape[0]

    def full_loss():
        with torch.no_grad():
            return loss_fn(model(X), Y).item()

    initial = full_loss()
    trace = []
    t0 = time.perf_counter()
    for _ in range(epochs):
        order = torch.randperm(n, generator=shuffle)
        for start in range(0, n, batch):
            idx = order[start:start + batch]
            optimizer.zero_grad()
            loss = loss_fn(model(X[idx]), Y[idx])
            loss.backward()
            optimizer.step()
        if args.trace:
            trace.append(round(full_loss(), 6))
    seconds = time.perf_counter() - t0
    final = full_loss()

    result = {"seconds": round(seconds, 4), "epochs": epochs, "learningRate": lr, "initialLoss": initial,
              "finalLoss": final, "torch": torch.__version__, "threads": torch.get_num_threads()}
    if args.trace:
        result["trace"] = trace
    print(json.dumps(result))
    return 0 if math.isfinite(final) else 1


if __name__ == "__main__":
    sys.exit(main())
