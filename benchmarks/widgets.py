"""Benchmark 3: widget latency in a running notebook — from a new slider value to a new figure.

Every callback the chapters wire to sliders is called with a sequence of slider
settings (as a reader dragging a slider would produce) and its figure is drawn with the
Agg backend (and encoded as the PNG a live widget shows); the median of those times is
reported per callback. The static book's widgets are measured by ``benchmarks/frames.py``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from nnlib.interactive.frames import View, render_png  # noqa: E402

from ._timing import summarize  # noqa: E402
from .widget_cases import widget_cases  # noqa: E402

TARGET_SECONDS = 0.050


def _figure_of(result: Any) -> Figure:
    if isinstance(result, Figure):
        return result
    if isinstance(result, tuple):
        for item in result:
            if isinstance(item, Figure):
                return item
    raise TypeError(f"callback returned {type(result).__name__}, not a Figure")


def time_callback(fn: Callable[..., Any], settings: list[dict[str, Any]]) -> list[float]:
    """Seconds per setting: the callback, then what a live widget does with its result.

    A callback returning a :class:`~nnlib.interactive.frames.View` is timed as the live
    widget uses it (drawn and encoded as the PNG the page shows); a bare figure is drawn.
    """
    samples = []
    for kwargs in settings:
        start = time.perf_counter()
        result = fn(**kwargs)
        fig = _figure_of(result)
        if isinstance(result, View):
            render_png(fig)
        else:
            if not isinstance(fig.canvas, FigureCanvasAgg):
                FigureCanvasAgg(fig)  # a bare Figure's base canvas would skip the actual drawing
            fig.canvas.draw()
        samples.append(time.perf_counter() - start)
        if not isinstance(result, View):
            plt.close(fig)  # a View's figure is kept and reused by the callback
    return samples


def run(quick: bool = False) -> dict[str, Any]:
    rows = []
    for chapter, name, fn, settings in widget_cases():
        if quick:
            settings = settings[:2]
        time_callback(fn, settings[:1])  # warm-up: imports, caches, font loading
        stats = summarize(time_callback(fn, settings))
        rows.append(
            {"chapter": chapter, "callback": name, "seconds": stats, "met": stats["median"] <= TARGET_SECONDS}
        )
    return {
        "name": "Widget latency",
        "target": f"median ≤ {TARGET_SECONDS * 1000:.0f} ms",
        "rows": rows,
        "met": all(r["met"] for r in rows),
    }
