"""Benchmark 2: wall-clock time until the book's PyTorch MLP reaches 98 % test accuracy.

Adam with a constant learning rate of 1e-3. Runs on the device the book would pick (CUDA,
then MPS, else CPU) with the whole data set on that device and batches taken by indexing.
Test accuracy is checked after every epoch; the clock stops at the first epoch that
reaches the target.
"""

from __future__ import annotations

import time
from typing import Any

import nnlib

TARGET = 0.98


def run(quick: bool = False, max_epochs: int = 30) -> dict[str, Any]:
    import torch

    from nnlib.torch_mnist import MLP, pick_device

    device = pick_device()
    (X, y), (Xt, yt) = nnlib.mnist.load_mnist()
    if quick:
        X, y, Xt, yt, max_epochs = X[:2000], y[:2000], Xt[:500], yt[:500], 1
    torch.manual_seed(0)
    model = MLP(seed=0).to(device)  # the book's network: 784-512-256-10, ReLU, dropout 0.2
    batch_size = 256 if device.type == "cpu" else 1024
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    X_d, y_d = torch.from_numpy(X).to(device), torch.from_numpy(y).to(device)
    Xt_d, yt_d = torch.from_numpy(Xt).to(device), torch.from_numpy(yt).to(device)
    gen = torch.Generator(device=device).manual_seed(0)
    start, accuracy, epochs = time.perf_counter(), 0.0, 0
    for epochs in range(1, max_epochs + 1):  # noqa: B007 - the count is reported
        model.train()
        order = torch.randperm(len(X_d), generator=gen, device=device)
        for begin in range(0, len(X_d), batch_size):
            idx = order[begin : begin + batch_size]
            opt.zero_grad(set_to_none=True)
            torch.nn.functional.cross_entropy(model(X_d[idx]), y_d[idx]).backward()
            opt.step()
        model.eval()
        with torch.no_grad():
            accuracy = float((model(Xt_d).argmax(1) == yt_d).float().mean())
        if accuracy >= TARGET:
            break
    if device.type == "cuda":
        torch.cuda.synchronize()
    seconds = time.perf_counter() - start
    return {
        "name": f"Time to {TARGET:.0%} test accuracy (PyTorch, the book's MLP)",
        "device": str(device),
        "architecture": "784-512-256-10",
        "batch_size": batch_size,
        "epochs": epochs,
        "seconds_per_epoch": seconds / epochs,
        "seconds_to_target": seconds,
        "test_accuracy": accuracy,
        "met": accuracy >= TARGET,
    }
