"""Benchmark 1: one MNIST training epoch on the CPU — nnlib against PyTorch.

Same network (784-256-10 and 784-512-256-10 MLPs, ReLU), same data (60 000 images,
float32, batch 128, shuffled), same optimizer (Adam, lr 1e-3), same thread count; the
PyTorch side keeps its tensors in memory and batches by indexing (no DataLoader).
The two sides alternate so that machine drift affects both alike; the test accuracy
after the epoch is reported so that speed never comes from doing less work.
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np

import nnlib
from nnlib.layers import Dense, ReLU
from nnlib.optim import Adam

from ._timing import alternate, summarize

ARCHITECTURES = ([784, 256, 10], [784, 512, 256, 10])
BATCH_SIZE = 128
TARGET_RATIO = 0.9


def _nnlib_epoch(sizes, X, y, Xt, yt):
    layers: list = []
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:], strict=True)):
        layers += [Dense(n_in, n_out, seed=i, dtype=np.float32), ReLU()]
    model = nnlib.Sequential(layers[:-1])

    def run():
        model.fit(
            X, y, loss="softmax_cross_entropy", optimizer=Adam(1e-3), epochs=1, batch_size=BATCH_SIZE, seed=0
        )
        return model.evaluate(Xt, yt, loss="softmax_cross_entropy")["accuracy"]

    return run


def _torch_epoch(sizes, X, y, Xt, yt):
    import torch

    torch.manual_seed(0)
    modules: list = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True):
        modules += [torch.nn.Linear(n_in, n_out), torch.nn.ReLU()]
    net = torch.nn.Sequential(*modules[:-1])
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    X_t, y_t, Xt_t = torch.from_numpy(X), torch.from_numpy(y), torch.from_numpy(Xt)
    gen = torch.Generator().manual_seed(0)

    def run():
        order = torch.randperm(len(X_t), generator=gen)
        for begin in range(0, len(X_t), BATCH_SIZE):
            idx = order[begin : begin + BATCH_SIZE]
            opt.zero_grad(set_to_none=True)
            torch.nn.functional.cross_entropy(net(X_t[idx]), y_t[idx]).backward()
            opt.step()
        with torch.no_grad():
            return float((net(Xt_t).argmax(1) == torch.from_numpy(yt)).float().mean())

    return run


def run(quick: bool = False) -> dict[str, Any]:
    import torch

    threads = os.cpu_count() or 1
    torch.set_num_threads(threads)  # the same thread count as OpenBLAS uses for NumPy
    (X, y), (Xt, yt) = nnlib.mnist.load_mnist()
    if quick:
        X, y, Xt, yt = X[:2000], y[:2000], Xt[:500], yt[:500]
    repeats = 1 if quick else 5
    rows = []
    for sizes in ARCHITECTURES:
        # fresh models for every repeat would re-time initialisation; instead each repeat
        # trains one more epoch of the same model, which costs the same work
        ours = _nnlib_epoch(sizes, X, y, Xt, yt)
        theirs = _torch_epoch(sizes, X, y, Xt, yt)
        runs_ours, runs_theirs = alternate(ours, theirs, repeats)
        t_ours = summarize([s for s, _ in runs_ours])
        t_theirs = summarize([s for s, _ in runs_theirs])
        ratios = [a[0] / b[0] for a, b in zip(runs_ours, runs_theirs, strict=True)]
        rows.append(
            {
                "architecture": "-".join(map(str, sizes)),
                "nnlib_seconds": t_ours,
                "torch_seconds": t_theirs,
                "ratio_median": float(np.median(ratios)),
                "nnlib_accuracy_after_epoch_1": runs_ours[0][1],
                "torch_accuracy_after_epoch_1": runs_theirs[0][1],
                "met": float(np.median(ratios)) <= TARGET_RATIO,
            }
        )
    return {
        "name": "One MNIST epoch on the CPU: nnlib vs PyTorch",
        "threads": threads,
        "batch_size": BATCH_SIZE,
        "examples": len(X),
        "target": f"nnlib time ≤ {TARGET_RATIO} × PyTorch time",
        "rows": rows,
        "met": all(r["met"] for r in rows),
    }
