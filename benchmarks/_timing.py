"""Timing helpers: medians with spread, A/B ratios measured in one alternating run."""

from __future__ import annotations

import os
import platform
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any


def summarize(samples: list[float]) -> dict[str, Any]:
    """Median, min, max and the interquartile spread of timing samples (seconds)."""
    ordered = sorted(samples)
    q = statistics.quantiles(ordered, n=4) if len(ordered) >= 2 else [ordered[0]] * 3
    return {
        "median": statistics.median(ordered),
        "min": ordered[0],
        "max": ordered[-1],
        "iqr": q[2] - q[0],
        "repeats": len(ordered),
    }


def time_call(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def alternate(a: Callable[[], Any], b: Callable[[], Any], repeats: int) -> tuple[list, list]:
    """Run a, b, a, b, … (b first on odd rounds) so that machine drift hits both alike.

    Returns the lists of (seconds, result) for a and for b.
    """
    runs_a, runs_b = [], []
    for r in range(repeats):
        order = [(a, runs_a), (b, runs_b)] if r % 2 == 0 else [(b, runs_b), (a, runs_a)]
        for fn, runs in order:
            runs.append(time_call(fn))
    return runs_a, runs_b


def machine_info() -> dict[str, Any]:
    """Where the numbers came from: CPU, cores, library versions, date."""
    import numpy as np

    cpu = platform.processor() or "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    blas = "unknown"
    try:
        cfg = np.show_config(mode="dicts")
        info = cfg["Build Dependencies"]["blas"]
        blas = f"{info.get('name', '?')} {info.get('version', '')}".strip()
    except Exception:
        pass
    info: dict[str, Any] = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "blas": blas,
    }
    try:
        import torch

        info["torch"] = torch.__version__
        info["torch_threads"] = torch.get_num_threads()
        info["gpu"] = torch.cuda.get_device_name(0) if torch.cuda.is_available() else "none"
    except ImportError:
        info["torch"] = "not installed"
    return info
