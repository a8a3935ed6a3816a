"""Widget callbacks and figure helpers for chapter 1, *The perceptron*.

* :func:`neuron_view` — one neuron with weights ``w1, w2`` and bias ``b`` on a data set: the
  line ``w1 f1 + w2 f2 + b = 0``, the two shaded half-planes, misclassified points circled and
  the accuracy in the title (widget 1 of the chapter).
* :func:`perceptron_step_view` — the perceptron algorithm one step at a time: the current
  example, the boundary before and after the step and the rule applied, in numbers
  (widget 2). The training run is computed once per learning rate and cached, so moving the
  step slider only redraws.
* :func:`describe_step` — the text that widget shows for one step.
* :func:`novikoff_bound` — radius ``R``, a margin ``γ`` and the bound ``(R/γ)²`` of the perceptron
  convergence theorem for a data set.
* :func:`epoch_accuracies` — training accuracy after every epoch of a fitted ``Perceptron``.
* :func:`draw_neuron` — a diagram of the neuron, optionally labelled with the biological
  analogy (dendrites, soma, firing, axon).
* :func:`boundary_segment` / :func:`draw_boundary` — the line ``w · f + b = 0`` clipped to a box.

Labels are ``-1`` ("no", blue) and ``+1`` ("yes", red/vermillion) throughout, and the sign
convention is the book's: ``sgn(0) = +1``. Every view returns the matplotlib ``Figure`` it drew
(and, where useful, the numbers it shows), so it can be unit-tested and timed without a browser.
Figures are created with ``matplotlib.figure.Figure`` (not ``pyplot``), so a callback never
leaves an open pyplot figure behind. The widgets' figures are built once per data set and then
only updated (see the functions' docstrings).

The fast-drawing helpers the widget figures share (text as cached glyph outlines, a legend
laid out once) live in :mod:`nnlib.interactive._fastdraw`.
"""

from __future__ import annotations

import warnings
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch, Polygon, Rectangle
from matplotlib.ticker import MaxNLocator

from nnlib.interactive._fastdraw import WIDGET_DPI, _as_outlines, _PlainLegend
from nnlib.perceptron import ConvergenceWarning, Perceptron, PerceptronStep, sgn
from nnlib.plot import (
    CLASS_MARKER_LIST,
    PALETTE,
    class_color,
    class_index,
    pale,
    plot_decision_regions,
    scatter_classes,
)

__all__ = [
    "boundary_segment",
    "clear_cache",
    "describe_step",
    "draw_boundary",
    "draw_neuron",
    "epoch_accuracies",
    "neuron_view",
    "novikoff_bound",
    "perceptron_run",
    "perceptron_step_view",
]

#: Grid resolution of the shaded regions when :func:`neuron_view` draws into a given ``ax``
#: (the widgets' own figures draw the two half-planes exactly, as polygons).
RESOLUTION = 100
_HIGHLIGHT = PALETTE["orange"]
# Plain Unicode instead of mathtext ("$f_1$") in the widgets: every new figure would parse the
# mathtext again, which costs more than all the rest of the drawing.
_XLABEL, _YLABEL = "f₁", "f₂"


# ---------------------------------------------------------------------------
# input checks
# ---------------------------------------------------------------------------
def _check_data(X: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    """X as a finite (n, 2) float array, y as an (n,) int array of -1/+1 labels."""
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[1] != 2 or len(X) == 0:
        raise ValueError(f"X must have shape (n, 2) with n >= 1 (two features), got {X.shape}")
    if not np.isfinite(X).all():
        raise ValueError("X contains NaN or infinite values")
    y = np.asarray(y)
    if y.shape != (len(X),):
        raise ValueError(f"y must have shape ({len(X)},), one label per row of X; got {y.shape}")
    if not np.isin(y, (-1, 1)).all():
        found = sorted(set(np.unique(y).tolist()) - {-1, 1})[:5]
        raise ValueError(
            f"y must hold perceptron labels -1 ('no') and +1 ('yes'), found {found}; "
            "convert 0/1 labels with nnlib.data.to_signed(y)"
        )
    return X, y.astype(np.int64)


def _check_finite(**values: float) -> None:
    for name, value in values.items():
        if not np.isfinite(value):
            raise ValueError(f"{name} must be a finite number, got {value!r}")


def _check_lr(lr: float) -> float:
    lr = float(lr)
    if not np.isfinite(lr) or lr <= 0:
        raise ValueError(f"the learning rate lr must be a finite number > 0, got {lr!r}")
    return lr


def _check_init(init: tuple[Sequence[float], float] | None) -> tuple[tuple[float, float], float]:
    """Normalise ``init`` to a hashable ((w1, w2), b); None means the zero start."""
    if init is None:
        return (0.0, 0.0), 0.0
    try:
        w, b = init
        w = tuple(float(v) for v in np.asarray(w, dtype=float).ravel())
        b = float(b)
    except (TypeError, ValueError):
        raise ValueError(f"init must be ((w1, w2), b), got {init!r}") from None
    if len(w) != 2 or not np.isfinite([*w, b]).all():
        raise ValueError(f"init must be ((w1, w2), b) with finite numbers, got {init!r}")
    return (w[0], w[1]), b


# ---------------------------------------------------------------------------
# the decision boundary as a line segment
# ---------------------------------------------------------------------------
def boundary_segment(
    w: Sequence[float], b: float, xlim: Sequence[float], ylim: Sequence[float]
) -> np.ndarray | None:
    """End points of the line ``w[0] f1 + w[1] f2 + b = 0`` inside the box ``xlim x ylim``.

    Returns a (2, 2) array ``[[f1, f2], [f1, f2]]``, or ``None`` when the line misses the box
    or does not exist (``w = (0, 0)``: then every point gets the same sign, ``sgn(b)``).
    """
    w1, w2 = (float(v) for v in w)
    b = float(b)
    (x0, x1), (y0, y1) = (float(v) for v in xlim), (float(v) for v in ylim)
    if w1 == 0 and w2 == 0:
        return None
    points = []
    if w2 != 0:  # crossings with the left and right edges
        for x in (x0, x1):
            yv = -(w1 * x + b) / w2
            if y0 - 1e-12 <= yv <= y1 + 1e-12:
                points.append((x, yv))
    if w1 != 0:  # crossings with the bottom and top edges
        for yv in (y0, y1):
            x = -(w2 * yv + b) / w1
            if x0 - 1e-12 <= x <= x1 + 1e-12:
                points.append((x, yv))
    unique: list[tuple[float, float]] = []
    for p in points:  # a corner is found twice
        if all(np.hypot(p[0] - q[0], p[1] - q[1]) > 1e-9 for q in unique):
            unique.append(p)
    if len(unique) < 2:
        return None
    # the two points farthest apart (more than two only in degenerate corner cases)
    pairs = [(i, j) for i in range(len(unique)) for j in range(i + 1, len(unique))]
    i, j = max(pairs, key=lambda ij: np.hypot(*np.subtract(unique[ij[0]], unique[ij[1]])))
    return np.array([unique[i], unique[j]])


def draw_boundary(ax: Axes, w: Sequence[float], b: float, **line_kwargs: Any) -> bool:
    """Draw the line ``w · f + b = 0`` across the current limits of ``ax``.

    Keyword arguments go to ``Axes.plot``. Returns False (and draws nothing) when there is
    no line to draw inside the axes.
    """
    segment = boundary_segment(w, b, ax.get_xlim(), ax.get_ylim())
    if segment is None:
        return False
    style = {"color": "black", "linewidth": 2.0, "zorder": 5} | line_kwargs
    ax.plot(segment[:, 0], segment[:, 1], **style)
    return True


def _draw_normal(ax: Axes, w: Sequence[float], b: float, colour: str) -> None:
    """A short arrow from the middle of the visible boundary towards the +1 ("yes") side."""
    segment = boundary_segment(w, b, ax.get_xlim(), ax.get_ylim())
    if segment is None:
        return
    w = np.asarray(w, dtype=float)
    middle = segment.mean(axis=0)
    span = min(np.ptp(ax.get_xlim()), np.ptp(ax.get_ylim()))
    tip = middle + 0.12 * span * w / np.linalg.norm(w)
    ax.add_patch(
        FancyArrowPatch(
            middle, tip, arrowstyle="-|>", mutation_scale=14, color=colour, linewidth=1.8, zorder=6
        )
    )


def _signed_predict(w: Sequence[float], b: float):
    w = np.asarray(w, dtype=float)

    def predict(points: np.ndarray) -> np.ndarray:
        return np.asarray(sgn(points @ w + b)).reshape(-1)

    return predict


# ---------------------------------------------------------------------------
# cached widget figures: built once per data set, updated on every slider move
# ---------------------------------------------------------------------------
_MAX_SCENES = 8


def _half_plane(corners: np.ndarray, w: np.ndarray, b: float) -> np.ndarray:
    """The part of the convex polygon ``corners`` where ``w · f + b >= 0`` (sgn = +1), as (m, 2)."""
    values = corners @ w + b
    inside = values >= 0
    points = []
    for i in range(len(corners)):
        j = (i + 1) % len(corners)
        if inside[i]:
            points.append(corners[i])
        if inside[i] != inside[j]:  # the edge crosses the line: add the crossing
            t = values[i] / (values[i] - values[j])
            points.append(corners[i] + t * (corners[j] - corners[i]))
    return np.array(points) if points else np.empty((0, 2))


class _RegionScene:
    """An axes with the data, the shaded half-planes, the misclassified rings and boundary lines.

    Everything that depends only on the data (the scatter, the limits, the ticks, the labels)
    is made once; :meth:`set_weights` then only moves the corners of the red half-plane, the
    ring offsets and the line data. Label and title positions are pinned and the ticks fixed,
    so a draw measures and lays out nothing.
    """

    def __init__(self, ax: Axes, X: np.ndarray, y: np.ndarray) -> None:
        self.ax, self.X, self.y = ax, X, y
        padding = 0.5
        (x_min, y_min), (x_max, y_max) = X.min(axis=0) - padding, X.max(axis=0) + padding
        self.xlim, self.ylim = (x_min, x_max), (y_min, y_max)
        # The two half-planes as exact polygons (cheaper to draw than a resampled image): the
        # box in pale blue, the part where w · f + b >= 0 in pale red on top.
        pales = [pale(class_color(k)) for k in range(2)]
        ax.add_patch(Rectangle((x_min, y_min), x_max - x_min, y_max - y_min, facecolor=pales[0],
                               edgecolor="none", zorder=0))  # fmt: skip
        self.yes_region = Polygon(np.empty((0, 2)), closed=True, facecolor=pales[1], edgecolor="none",
                                  zorder=0.1)  # fmt: skip
        ax.add_patch(self.yes_region)
        self.corners = np.array([(x_min, y_min), (x_max, y_min), (x_max, y_max), (x_min, y_max)])
        scatter_classes(X, y, ax, xlabel=_XLABEL, ylabel=_YLABEL, legend=False)
        # legend samples of the two classes and the rings (scatter size s is an area in pt²)
        self.class_styles = [
            ({"marker": CLASS_MARKER_LIST[k], "color": class_color(k), "markeredgecolor": "white",
              "markeredgewidth": 0.6, "markersize": 30**0.5}, name)
            for k, name in enumerate(("no", "yes")) if np.any(class_index(y) == k)
        ]  # fmt: skip
        self.ring_style = {"marker": "o", "markerfacecolor": "none", "markeredgecolor": "black",
                           "markeredgewidth": 1.5, "markersize": 130**0.5}  # fmt: skip
        self.rings = ax.scatter(
            np.empty(0), np.empty(0), s=130, facecolors="none", edgecolors="black",
            linewidths=1.5, zorder=4, label="misclassified",
        )  # fmt: skip
        ax.set_xlim(*self.xlim)
        ax.set_ylim(*self.ylim)
        for axis in (ax.xaxis, ax.yaxis):  # a few fixed ticks: tick labels are costly text
            axis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 5, 10]))
        ax.set_xticks([t for t in ax.get_xticks() if x_min <= t <= x_max])
        ax.set_yticks([t for t in ax.get_yticks() if y_min <= t <= y_max])
        ax.xaxis.set_label_coords(0.5, -0.07)
        ax.yaxis.set_label_coords(-0.08, 0.5)
        ax.set_title(" ", fontsize=10, y=1.01)
        _as_outlines(ax.title, ax.xaxis.label, ax.yaxis.label, *ax.get_xticklabels(), *ax.get_yticklabels())

    def boundary_line(self, **style: Any):
        (line,) = self.ax.plot([], [], **({"color": "black", "linewidth": 2.0, "zorder": 5} | style))
        return line

    def normal_arrow(self) -> FancyArrowPatch:
        arrow = FancyArrowPatch(
            (0, 0), (1, 1), arrowstyle="-|>", mutation_scale=14, color="black", linewidth=1.8, zorder=6
        )
        self.ax.add_patch(arrow)
        return arrow

    def set_weights(self, w: Sequence[float], b: float) -> tuple[np.ndarray, int]:
        """Shade the plane and ring the errors for weights ``w, b``; return (correct, #wrong)."""
        w = np.asarray(w, dtype=float)
        self.yes_region.set_xy(_half_plane(self.corners, w, b))
        correct = np.where(self.X @ w + b >= 0, 1, -1) == self.y
        wrong = ~correct
        self.rings.set_offsets(self.X[wrong])
        n_wrong = int(wrong.sum())
        self.rings.set_label(f"misclassified ({n_wrong})")
        return correct, n_wrong

    def set_line(self, line, arrow: FancyArrowPatch | None, w: Sequence[float], b: float) -> bool:
        """Put ``line`` (and the normal ``arrow``) on ``w · f + b = 0``; False if not in view."""
        segment = boundary_segment(w, b, self.xlim, self.ylim)
        if segment is None:
            line.set_data([], [])
            if arrow is not None:
                arrow.set_visible(False)
            return False
        line.set_data(segment[:, 0], segment[:, 1])
        if arrow is not None:
            w = np.asarray(w, dtype=float)
            middle = segment.mean(axis=0)
            span = min(np.ptp(self.xlim), np.ptp(self.ylim))
            arrow.set_positions(middle, middle + 0.12 * span * w / np.linalg.norm(w))
            arrow.set_visible(True)
        return True


def _data_key(X: np.ndarray, y: np.ndarray, *extra: Any) -> tuple:
    return (X.shape, X.tobytes(), y.tobytes(), *extra)


def _cached(cache: OrderedDict, key: tuple, build):
    scene = cache.get(key)
    if scene is None:
        scene = cache[key] = build()
        if len(cache) > _MAX_SCENES:
            cache.popitem(last=False)
    else:
        cache.move_to_end(key)
    return scene


class _NeuronScene:
    """The figure of :func:`neuron_view` for one data set."""

    def __init__(self, X: np.ndarray, y: np.ndarray, legend: bool) -> None:
        self.fig = Figure(figsize=(5.6, 4.6), dpi=WIDGET_DPI)
        FigureCanvasAgg(self.fig)
        ax = self.fig.add_axes((0.12, 0.11, 0.84, 0.8))
        self.scene = _RegionScene(ax, X, y)
        self.line = self.scene.boundary_line(label="w₁f₁ + w₂f₂ + b = 0")
        self.arrow = self.scene.normal_arrow()
        self.note = ax.text(
            0.5, 0.04, "", transform=ax.transAxes, ha="center", fontsize=9,
            bbox={"facecolor": "white", "alpha": 0.85, "edgecolor": "none"},
        )  # fmt: skip
        _as_outlines(self.note)
        self.legend = None
        if legend:
            scene = self.scene
            entries = [*scene.class_styles, (scene.ring_style, "misclassified"),
                       (self.line, self.line.get_label())]  # fmt: skip
            self.legend = _PlainLegend(ax, entries, (0.0, 1.0), loc="upper left", fontsize=8)
            ax.add_artist(self.legend)

    def update(self, w: tuple[float, float], b: float, title: str | None) -> tuple[Figure, float]:
        correct, n_wrong = self.scene.set_weights(w, b)
        accuracy = float(correct.mean())
        if self.legend is not None:
            self.legend.get_texts()[-2].set_text(self.scene.rings.get_label())
        if self.scene.set_line(self.line, self.arrow, w, b):
            self.note.set_text("")
        else:
            where = "everything is +1 (red)" if sgn(b) == 1 else "everything is -1 (blue)"
            self.note.set_text(f"no line in view: {where}")
        if title is None:
            title = (
                f"w₁ = {w[0]:.2f}, w₂ = {w[1]:.2f}, b = {b:.2f}:  accuracy {accuracy:.0%}"
                f" ({n_wrong} of {len(correct)} wrong)"
            )
        self.scene.ax.title.set_text(title)
        return self.fig, accuracy


_NEURON_SCENES: OrderedDict[tuple, _NeuronScene] = OrderedDict()


class _StepScene:
    """The figure of :func:`perceptron_step_view` for one data set."""

    def __init__(self, X: np.ndarray, y: np.ndarray) -> None:
        self.fig = fig = Figure(figsize=(7.2, 6.0), dpi=WIDGET_DPI)
        FigureCanvasAgg(fig)
        ax = fig.add_axes((0.1, 0.3, 0.62, 0.6))
        self.scene = scene = _RegionScene(ax, X, y)
        self.before = scene.boundary_line(color=PALETTE["grey"], linestyle="--", linewidth=1.8,
                                          label="boundary before", zorder=4)  # fmt: skip
        self.after = scene.boundary_line(label="boundary now")
        self.arrow = scene.normal_arrow()
        self.ring = ax.scatter(
            [0.0], [0.0], s=320, facecolors="none", edgecolors=_HIGHLIGHT, linewidths=3.0, zorder=7,
            label="current example",
        )  # fmt: skip
        # a legend beside the plot; entries that may be missing go last, so hiding them leaves
        # no gap
        entries = [*scene.class_styles, (scene.ring_style, "misclassified"),
                   (self.after, "boundary now"), (self.before, "boundary before"),
                   ({"marker": "o", "markerfacecolor": "none", "markeredgecolor": _HIGHLIGHT,
                     "markeredgewidth": 3.0, "markersize": 320**0.5}, "current example")]  # fmt: skip
        self.legend = _PlainLegend(fig, entries, (0.735, 0.9), fontsize=8.5, frame_alpha=None)
        fig.add_artist(self.legend)
        self.entries = {label: i for i, (_, label) in enumerate(entries)}
        self.text = fig.text(
            0.03, 0.03, "", fontsize=8.3, family="monospace", va="bottom", ha="left",
            bbox={"facecolor": "#F4F4F4", "edgecolor": "#CCCCCC", "boxstyle": "round,pad=0.5"},
        )  # fmt: skip
        _as_outlines(self.text)

    def _show_entry(self, label: str, visible: bool) -> None:
        self.legend.set_entry_visible(self.entries[label], visible)

    def update(self, record, w_before, b_before, w_after, b_after, title: str, text: str) -> Figure:
        scene = self.scene
        correct, _ = scene.set_weights(w_after, b_after)
        self.legend.get_texts()[self.entries["misclassified"]].set_text(scene.rings.get_label())
        drew_before = record is not None and record.updated
        if drew_before:
            scene.set_line(self.before, None, w_before, b_before)
        else:
            self.before.set_data([], [])
        self._show_entry("boundary before", drew_before)
        self._show_entry("boundary now", scene.set_line(self.after, self.arrow, w_after, b_after))
        if record is not None:
            self.ring.set_offsets([record.x])
        self.ring.set_visible(record is not None)
        self._show_entry("current example", record is not None)
        scene.ax.title.set_text(title)
        self.text.set_text(text)
        return self.fig


_STEP_SCENES: OrderedDict[tuple, _StepScene] = OrderedDict()


# ---------------------------------------------------------------------------
# widget 1: one neuron
# ---------------------------------------------------------------------------
def neuron_view(
    X: Any,
    y: Any,
    w1: float = 2.0,
    w2: float = 2.0,
    b: float = 0.0,
    *,
    ax: Axes | None = None,
    resolution: int = RESOLUTION,
    title: str | None = None,
    legend: bool = True,
) -> tuple[Figure, float]:
    """Draw the neuron ``y = sgn(w1 f1 + w2 f2 + b)`` on the data ``X, y``.

    The plane is shaded by the neuron's answer (pale red where ``n >= 0``, i.e. +1, pale blue
    where ``n < 0``); the black line is ``n = 0``, the short arrow points from it to the "yes"
    side (the direction of ``(w1, w2)``); misclassified points are circled. ``X`` is (n, 2),
    ``y`` holds -1/+1 labels. Returns ``(figure, accuracy)`` where ``accuracy`` is the fraction of
    points classified correctly; the title shows it too (unless ``title`` replaces it).
    Raises ``ValueError`` for bad data or non-finite weights.

    Without ``ax`` (the widget), the figure is built once per data set and updated in place on
    later calls: the same ``Figure`` object comes back for the same ``X, y``, so display or save
    it before the next call. It is not a pyplot figure, so ``plt.close`` on it is harmless. Its
    half-planes are drawn exactly (``resolution`` only applies when drawing into ``ax``).
    """
    X, y = _check_data(X, y)
    _check_finite(w1=w1, w2=w2, b=b)
    w = (float(w1), float(w2))
    if ax is None:  # the widget: one cached figure per data set, updated in place
        key = _data_key(X, y, bool(legend))
        view = _cached(_NEURON_SCENES, key, lambda: _NeuronScene(X, y, legend))
        return view.update(w, float(b), title)
    predict = _signed_predict(w, b)
    correct = predict(X) == y
    accuracy = float(correct.mean())

    fig = ax.figure
    if title is None:
        title = (
            f"w₁ = {w1:.2f}, w₂ = {w2:.2f}, b = {b:.2f}:  accuracy {accuracy:.0%}"
            f" ({int((~correct).sum())} of {len(y)} wrong)"
        )
    plot_decision_regions(
        predict,
        X,
        y,
        ax,
        resolution=resolution,
        mark_errors=True,
        title=title,
        legend=False,
        xlabel=_XLABEL,
        ylabel=_YLABEL,
    )
    if not draw_boundary(ax, w, b, label="w₁f₁ + w₂f₂ + b = 0"):
        where = "everything is +1 (red)" if sgn(b) == 1 else "everything is -1 (blue)"
        ax.text(
            0.5, 0.04, f"no line in view: {where}", transform=ax.transAxes, ha="center",
            fontsize=9, bbox={"facecolor": "white", "alpha": 0.85, "edgecolor": "none"},
        )  # fmt: skip
    else:
        _draw_normal(ax, w, b, "black")
    ax.title.set_fontsize(10)
    if legend:
        ax.legend(loc="upper left", fontsize=8, framealpha=0.85)
    return fig, accuracy


# ---------------------------------------------------------------------------
# widget 2: the perceptron algorithm step by step
# ---------------------------------------------------------------------------
_RUNS: OrderedDict[tuple, Perceptron] = OrderedDict()
_MAX_RUNS = 64


def clear_cache() -> None:
    """Forget the cached training runs of :func:`perceptron_run`."""
    _RUNS.clear()


def perceptron_run(
    X: Any,
    y: Any,
    lr: float = 1.0,
    *,
    init: tuple[Sequence[float], float] | None = None,
    max_epochs: int = 100,
) -> Perceptron:
    """Fit ``nnlib.Perceptron(lr, max_epochs, init=init)`` on ``X, y`` — once.

    The fitted model is cached under (data, lr, init, max_epochs), so a widget can call this
    on every slider move for free. A ``ConvergenceWarning`` (non-separable data) is silenced
    here; check ``model.converged_``. Do not modify the returned model.
    """
    X, y = _check_data(X, y)
    lr = _check_lr(lr)
    init_key = _check_init(init)
    key = (X.tobytes(), X.shape, y.tobytes(), lr, init_key, int(max_epochs))
    model = _RUNS.get(key)
    if model is None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            model = Perceptron(lr=lr, max_epochs=max_epochs, init=(np.array(init_key[0]), init_key[1]))
            model.fit(X, y)
        _RUNS[key] = model
        if len(_RUNS) > _MAX_RUNS:
            _RUNS.popitem(last=False)
    else:
        _RUNS.move_to_end(key)
    return model


def _fmt_vec(v: Sequence[float]) -> str:
    return "(" + ", ".join(f"{float(x):.2f}" for x in v) + ")"


def _fmt_num(x: float) -> str:
    return f"{float(x):.2f}"


def describe_step(record: PerceptronStep, lr: float, w_before: Sequence[float], b_before: float) -> str:
    """The perceptron rule applied to one visited example, in words and numbers.

    ``record`` is one entry of ``Perceptron.history_``; ``w_before``, ``b_before`` are the
    weights before the visit. Three lines for a correct prediction, four for an update.
    """
    x, yl = record.x, record.y
    name = "+1 (red, 'yes')" if yl == 1 else "-1 (blue, 'no')"
    line1 = f"example #{record.index}: x = {_fmt_vec(x)}, label y = {name}"
    relation = ">=" if record.n >= 0 else "<"
    line2 = f"n = w·x + b = {_fmt_num(record.n)} {relation} 0  →  prediction {record.prediction:+d}: " + (
        "WRONG" if record.updated else "correct, nothing changes"
    )
    if not record.updated:
        return "\n".join([line1, line2, f"w = {_fmt_vec(record.w)} and b = {_fmt_num(record.b)} stay"])
    sign, verb = ("+", "increase") if yl == 1 else ("-", "decrease")
    line3 = (
        f"label {yl:+d}, so {verb} (η = {lr:g}):  w ← w {sign} η·x = {_fmt_vec(w_before)} {sign} "
        f"{lr:g}·{_fmt_vec(x)} = {_fmt_vec(record.w)}"
    )
    pad = " " * len(f"label {yl:+d}, so {verb} (η = {lr:g}):  ")
    line4 = f"{pad}b ← b {sign} η = {_fmt_num(b_before)} {sign} {lr:g} = {_fmt_num(record.b)}"
    return "\n".join([line1, line2, line3, line4])


def perceptron_step_view(
    X: Any,
    y: Any,
    step: int = 1,
    lr: float = 1.0,
    *,
    init: tuple[Sequence[float], float] | None = None,
    every_example: bool = False,
    max_epochs: int = 100,
    resolution: int = RESOLUTION,
) -> Figure:
    """Show the perceptron algorithm after ``step`` steps with learning rate ``lr``.

    By default a step is one **update** (one visit to a misclassified example); with
    ``every_example=True`` a step is one visit to any example, in the order the algorithm visits
    them (epoch by epoch), so the correctly classified ones, where nothing happens, show too.
    ``step = 0`` is the start (weights ``init``, or zero). Steps past the end show the final
    state. The figure shows the data, the shaded regions and misclassified points of the weights
    *after* the step, the boundary *before* the step (dashed) and *after* it (solid), the current
    example ringed in orange, and the rule applied, in numbers, below the plot.
    Raises ``ValueError`` for bad data, ``lr <= 0`` or a negative step.

    For speed, the figure is built once per data set and updated in place on later calls: the
    same ``Figure`` object comes back for the same ``X, y``, so display or save it before the
    next call. It is not a pyplot figure, so ``plt.close`` on it is harmless. The half-planes
    are drawn exactly, as polygons (``resolution`` is kept for compatibility and not used).
    """
    if int(step) != step or step < 0:
        raise ValueError(f"step must be a whole number >= 0, got {step!r}")
    step = int(step)
    X, y = _check_data(X, y)
    model = perceptron_run(X, y, lr, init=init, max_epochs=max_epochs)
    (w0, b0) = _check_init(init)
    history = model.history_
    chosen = [k for k, r in enumerate(history) if r.updated or every_example]
    total = len(chosen)
    shown = min(step, total)

    if shown == 0:
        record, w_before, b_before = None, np.array(w0), b0
        w_after, b_after = np.array(w0), b0
    else:
        k = chosen[shown - 1]
        record = history[k]
        if k == 0:
            w_before, b_before = np.array(w0), b0
        else:
            w_before, b_before = history[k - 1].w, history[k - 1].b
        w_after, b_after = record.w, record.b

    predict = _signed_predict(w_after, b_after)
    accuracy = float(np.mean(predict(X) == y))
    unit = "example visits" if every_example else "updates"
    if record is None:
        head = f"Start (step 0 of {total} {unit})"
    else:
        head = f"Step {shown} of {total} {unit}: epoch {record.epoch}, example #{record.index}"
    label = "accuracy" if record is None else "accuracy after this step"

    # the rule, in numbers, below the plot
    if record is None:
        text = (
            f"start: w = {_fmt_vec(w0)}, b = {_fmt_num(b0)}"
            + ("  (w = 0: no line yet; sgn(0) = +1, so every point is predicted red)"
               if w0 == (0.0, 0.0) else "")
            + "\nmove the step slider to apply the rule to one example after another"
        )  # fmt: skip
    else:
        text = describe_step(record, model.lr, w_before, b_before)
    if step > total:
        text += (
            f"\n(no more steps: converged after {model.n_updates_} updates in {model.epochs_} epochs)"
            if model.converged_
            else f"\n(stopped after max_epochs = {max_epochs} without converging)"
        )
    view = _cached(_STEP_SCENES, _data_key(X, y), lambda: _StepScene(X, y))
    return view.update(record, w_before, b_before, w_after, b_after,
                       f"{head}\n{label}: {accuracy:.0%}", text)  # fmt: skip


# ---------------------------------------------------------------------------
# convergence: the Novikoff bound and accuracy per epoch
# ---------------------------------------------------------------------------
def novikoff_bound(X: Any, y: Any, *, sweeps: int = 1000) -> dict[str, Any]:
    """The numbers of the perceptron convergence theorem for the data ``X, y``.

    With the bias folded into the features (``x~ = (f1, f2, 1)``), ``R = max ||x~||`` and
    ``γ`` is the margin ``min_i y_i (u · x~_i)`` of a unit vector ``u = (w1, w2, b) / ||(w1, w2, b)||``.
    ``u`` is the maximum-margin separator, found by coordinate ascent on the dual of the
    hard-margin problem; the returned ``γ`` is the margin that ``u`` really achieves, so the
    bound ``(R/γ)²`` is valid even if the ascent stopped early. Returns a dict with ``R``,
    ``gamma``, ``bound``, ``w`` (2,) and ``b`` (the unit separator); ``gamma <= 0`` and
    ``bound = inf`` when no line separates the data (e.g. XOR).
    """
    X, y = _check_data(X, y)
    Xt = np.column_stack([X, np.ones(len(X))])
    sq = np.sum(Xt**2, axis=1)
    alpha = np.zeros(len(X))
    v = np.zeros(3)
    for _ in range(int(sweeps)):
        change = 0.0
        for i in range(len(X)):
            new = max(0.0, alpha[i] + (1.0 - y[i] * (v @ Xt[i])) / sq[i])
            delta = new - alpha[i]
            if delta:
                v += delta * y[i] * Xt[i]
                alpha[i] = new
                change = max(change, abs(delta))
        if change < 1e-12:
            break
        if np.linalg.norm(v) > 1e8:  # not separable: the dual grows without bound
            break
    norm = np.linalg.norm(v)
    u = v / norm if norm > 0 else v
    gamma = float(np.min(y * (Xt @ u)))
    R = float(np.sqrt(sq.max()))
    bound = (R / gamma) ** 2 if gamma > 0 else float("inf")
    return {"R": R, "gamma": gamma, "bound": bound, "w": u[:2].copy(), "b": float(u[2])}


def epoch_accuracies(model: Perceptron, X: Any, y: Any) -> np.ndarray:
    """Training accuracy of a fitted perceptron with the weights it had at the end of each epoch.

    Returns an array with one value per epoch, read from ``model.history_``.
    """
    X, y = _check_data(X, y)
    if not hasattr(model, "history_"):
        raise ValueError("the perceptron is not fitted yet: call fit(X, y) first")
    last: dict[int, PerceptronStep] = {}
    for record in model.history_:
        last[record.epoch] = record
    return np.array([float(np.mean(_signed_predict(r.w, r.b)(X) == y)) for _, r in sorted(last.items())])


# ---------------------------------------------------------------------------
# a diagram of the neuron
# ---------------------------------------------------------------------------
def draw_neuron(*, biology: bool = True, ax: Axes | None = None) -> Figure:
    """A diagram of the neuron: inputs f1, f2 times weights, summed with the bias in ``n``,
    passed through ``sgn`` to the output ``y``.

    With ``biology=True`` every part is also labelled with the biological name it is
    loosely modelled on (dendrites, soma, firing threshold, axon). Returns the Figure.
    """
    if ax is None:
        fig = Figure(figsize=(8.6, 3.5))
        ax = fig.add_axes((0.0, 0.0, 1.0, 0.9))
    fig = ax.figure
    ax.set_xlim(0, 10)
    ax.set_ylim(-0.1, 4.2)
    ax.set_aspect("equal")
    ax.set_axis_off()
    blue, red, grey = PALETTE["blue"], class_color(1), "#3A4A57"

    inputs = {"$f_1$": (1.0, 3.3), "$f_2$": (1.0, 2.0), "$1$": (1.0, 0.7)}
    weights = {"$f_1$": "$w_1$", "$f_2$": "$w_2$", "$1$": "$b$"}
    soma = (5.0, 2.0)
    for name, (x, yv) in inputs.items():
        ax.add_patch(Circle((x, yv), 0.36, facecolor="#E9F1F7", edgecolor=blue, linewidth=1.5))
        ax.text(x, yv, name, ha="center", va="center", fontsize=12)
        ax.add_patch(
            FancyArrowPatch(
                (x + 0.38, yv), (soma[0] - 0.62, soma[1] + 0.25 * (yv - soma[1])),
                arrowstyle="-|>", mutation_scale=12, color=grey, linewidth=1.3,
            )
        )  # fmt: skip
        end_y = soma[1] + 0.25 * (yv - soma[1])
        mx = x + 0.38 + 0.35 * (soma[0] - 0.62 - x - 0.38)
        my = yv + 0.35 * (end_y - yv)
        ax.text(mx, my + 0.12, weights[name], ha="center", va="bottom", fontsize=11, color=blue)
    ax.add_patch(Circle(soma, 0.6, facecolor=blue, edgecolor="#004C77", linewidth=2))
    ax.text(*soma, r"$\Sigma$", ha="center", va="center", fontsize=20, color="white")
    ax.text(soma[0], soma[1] - 0.95, r"$n = w_1 f_1 + w_2 f_2 + b$", ha="center", va="top",
            fontsize=10.5)  # fmt: skip

    # the activation: a box with a little step function
    box_x, box_y, box_w, box_h = 6.55, 1.45, 1.3, 1.1
    ax.add_patch(
        FancyBboxPatch((box_x, box_y), box_w, box_h, boxstyle="round,pad=0,rounding_size=0.12",
                       facecolor="white", edgecolor=blue, linewidth=1.5)
    )  # fmt: skip
    sx = np.array([box_x + 0.15, box_x + box_w / 2, box_x + box_w / 2, box_x + box_w - 0.15])
    sy = np.array([box_y + 0.25, box_y + 0.25, box_y + box_h - 0.25, box_y + box_h - 0.25])
    ax.plot(sx, sy, color=red, linewidth=2)
    ax.text(box_x + box_w / 2, box_y - 0.1, "sgn", ha="center", va="top", fontsize=10.5)
    ax.add_patch(
        FancyArrowPatch((soma[0] + 0.62, soma[1]), (box_x - 0.02, soma[1]), arrowstyle="-|>",
                        mutation_scale=12, color=grey, linewidth=1.5)
    )  # fmt: skip
    ax.add_patch(
        FancyArrowPatch((box_x + box_w + 0.02, soma[1]), (9.35, soma[1]), arrowstyle="-|>",
                        mutation_scale=12, color=grey, linewidth=1.5)
    )  # fmt: skip
    ax.text(9.45, soma[1], r"$y$", ha="left", va="center", fontsize=13)
    ax.text(9.0, soma[1] - 0.3, "+1 or −1", ha="center", va="top", fontsize=9)

    if biology:
        style = {"ha": "center", "fontsize": 9.5, "color": PALETTE["bluish_green"], "style": "italic"}
        ax.text(2.9, 4.15, "dendrites\n(weighted inputs)", va="top", **style)
        ax.text(soma[0], 3.25, "soma (cell body)\nadds everything up", va="bottom", **style)
        ax.text(box_x + box_w / 2, 3.25, "firing threshold\n(activation)", va="bottom", **style)
        ax.text(8.85, 2.55, "axon\n(output)", va="bottom", **style)
    ax.set_title("One artificial neuron (the perceptron)", fontsize=12, fontweight="bold", loc="left")
    return fig
