"""Benchmark 5: MNIST from the repository's gzipped files to float32 arrays."""

from __future__ import annotations

from typing import Any

from nnlib.mnist import load_mnist

from ._timing import summarize, time_call

TARGET_SECONDS = 0.5


def run(quick: bool = False) -> dict[str, Any]:
    repeats = 2 if quick else 7
    samples = [time_call(load_mnist)[0] for _ in range(repeats)]
    stats = summarize(samples)
    return {
        "name": "MNIST load (70 000 images → float32)",
        "seconds": stats,
        "target": f"≤ {TARGET_SECONDS} s",
        "met": stats["median"] <= TARGET_SECONDS,
    }
