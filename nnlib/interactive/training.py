"""Widget callbacks and figures for chapter 5, *Training: gradient descent, SGD and optimizers*.

The chapter's playground is a model with exactly two weights, so that its loss can be drawn as a
map: a linear model without bias, ``pred = w1 * f1 + w2 * f2``, fitted with the mean squared error
to ``N_EXAMPLES`` examples. The data are built so that the loss surface is known exactly:

    loss(w) = (w1 - 1)**2 + 0.1 * (w2 - 2)**2 + 0.25,

a long, narrow valley (ten times steeper along ``w1`` than along ``w2``) with its lowest point
``W_BEST = (1, 2)`` and lowest loss ``LOWEST_LOSS = 0.25`` (the noise in the targets). A single
example, or a small batch, gives a *different* surface, so mini-batch gradients are noisy.

* :func:`optimizer_trajectory` — run an ``nnlib.optim`` optimizer from ``W_START`` on random
  mini-batches and return the weights and the loss over all examples after every step (pure).
* :func:`loss_surface_view` — the widget: contour map with the trajectory, and loss vs step.
* :func:`compare_view` — several (optimizer, learning rate) runs on one map, for static figures.
* :func:`learning_rate_view` — one map per learning rate (too small / good / too large).

Every view returns the matplotlib ``Figure`` it drew, so it can be unit-tested and timed.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

import contourpy
import numpy as np
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.text import Text
from matplotlib.ticker import FixedFormatter, FixedLocator, MaxNLocator, NullFormatter

from nnlib.interactive._fastdraw import WIDGET_DPI, _as_outlines, _PlainLegend
from nnlib.optim import Optimizer, get_optimizer
from nnlib.parameter import Parameter

__all__ = [
    "BATCH_SIZES",
    "DIVERGED_WEIGHT",
    "LOWEST_LOSS",
    "LR_LIMIT_GD",
    "N_EXAMPLES",
    "OPTIMIZERS",
    "OPTIMIZER_LABELS",
    "W_BEST",
    "W_START",
    "Trajectory",
    "batch_gradient",
    "compare_view",
    "full_loss",
    "learning_rate_view",
    "loss_surface_data",
    "loss_surface_view",
    "make_optimizer",
    "optimizer_trajectory",
]

# ---------------------------------------------------------------------------
# the problem: a two-weight linear model with a known, narrow loss valley
# ---------------------------------------------------------------------------
#: Number of examples in the playground's data set.
N_EXAMPLES = 200
#: The weights with the lowest loss over all examples.
W_BEST = np.array([1.0, 2.0])
#: Where every trajectory starts.
W_START = np.array([-1.5, -2.0])
#: Mean of f1² and of f2² over the data: the loss is 1 · (w1 − 1)² + 0.1 · (w2 − 2)² + 0.25.
FEATURE_POWER = np.array([1.0, 0.1])
#: Standard deviation of the noise in the targets; the lowest loss is its square.
NOISE = 0.5
#: The loss at ``W_BEST``: the part of the targets no weights can explain.
LOWEST_LOSS = NOISE**2
#: Plain gradient descent (all examples per step) diverges for learning rates above this:
#: 2 / (largest curvature of the loss) = 2 / (2 · 1.0).
LR_LIMIT_GD = 2.0 / (2.0 * FEATURE_POWER.max())
#: A trajectory counts as diverged (and is cut off) once a weight's size exceeds this
#: (far off the map, where the loss is above 2000).
DIVERGED_WEIGHT = 50.0
#: Largest number of steps :func:`optimizer_trajectory` accepts.
MAX_STEPS = 2000

#: Names accepted by :func:`optimizer_trajectory`, in drop-down order (``nnlib.optim`` names).
OPTIMIZERS: tuple[str, ...] = ("sgd", "momentum", "adam")
#: Human-readable names, used in titles and legends.
OPTIMIZER_LABELS: dict[str, str] = {
    "sgd": "SGD",
    "momentum": "SGD + momentum 0.9",
    "adam": "Adam",
}
#: Batch sizes offered by the widget; all divide ``N_EXAMPLES`` (200 = all examples = plain GD).
BATCH_SIZES: tuple[int, ...] = (1, 2, 5, 10, 20, 50, 100, 200)

# Okabe–Ito colour-blind-safe colours.
_COLORS = {"sgd": "#0072B2", "momentum": "#E69F00", "adam": "#009E73"}
_VERMILLION = "#D55E00"
# The part of the weight plane that is drawn.
_W1_RANGE = (-2.5, 4.5)
_W2_RANGE = (-3.0, 4.5)
_GRID = 121
# Contour levels: the loss minus its lowest value.
_EXCESS_LEVELS = (0.05, 0.2, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0)
# The loss panel's fixed vertical range, so that different settings can be compared.
_LOSS_YLIM = (0.15, 40.0)


def _make_data() -> tuple[np.ndarray, np.ndarray]:
    """Features (N, 2) and targets (N,) with mean(f1²) = 1, mean(f2²) = 0.1, mean(f1 f2) = 0
    and noise orthogonal to both features, so that the loss surface is exactly the one above."""
    rng = np.random.default_rng(0)
    q, _ = np.linalg.qr(rng.standard_normal((N_EXAMPLES, 3)))
    q *= np.sqrt(N_EXAMPLES)  # orthogonal columns, each with mean square 1
    X = q[:, :2] * np.sqrt(FEATURE_POWER)
    y = X @ W_BEST + NOISE * q[:, 2]
    return X, y


X_DATA, Y_DATA = _make_data()
# Pieces of loss(w) = wᵀ A w − 2 bᵀ w + c, so the loss over all examples costs a few flops.
_A = X_DATA.T @ X_DATA / N_EXAMPLES
_B = X_DATA.T @ Y_DATA / N_EXAMPLES
_C = float(Y_DATA @ Y_DATA / N_EXAMPLES)


def full_loss(w: np.ndarray) -> np.ndarray | float:
    """Mean squared error over all ``N_EXAMPLES`` examples for weights ``w`` of shape (..., 2).

    Equal to ``mean((X_DATA @ w - Y_DATA) ** 2)``, computed from the quadratic form, so it works
    on a whole grid of weights at once. Returns a float for a single weight vector.
    """
    w = np.asarray(w, dtype=float)
    if w.shape[-1:] != (2,):
        raise ValueError(f"w must have shape (..., 2), got {w.shape}")
    value = np.einsum("...i,ij,...j->...", w, _A, w) - 2 * (w @ _B) + _C
    return float(value) if value.ndim == 0 else value


def batch_gradient(w: np.ndarray, X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Gradient of the mean squared error on the batch (X, y): (2 / B) · Xᵀ (X w − y)."""
    return (2.0 / len(X)) * (X.T @ (X @ w - y))


@lru_cache(maxsize=1)
def loss_surface_data() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The drawn grid: w1 values (G,), w2 values (G,) and the loss on the grid (G, G).

    Computed once and cached (rows follow w2, columns w1, as ``imshow`` expects).
    """
    w1 = np.linspace(*_W1_RANGE, _GRID)
    w2 = np.linspace(*_W2_RANGE, _GRID)
    ww1, ww2 = np.meshgrid(w1, w2)
    loss = full_loss(np.stack([ww1, ww2], axis=-1))
    for array in (w1, w2, loss):
        array.flags.writeable = False
    return w1, w2, loss


@lru_cache(maxsize=1)
def _contour_segments() -> tuple[np.ndarray, ...]:
    """The contour lines of the loss, traced once (a tuple of (m, 2) polylines)."""
    w1, w2, loss = loss_surface_data()
    generator = contourpy.contour_generator(w1, w2, loss)
    segments: list[np.ndarray] = []
    for level in _EXCESS_LEVELS:
        segments.extend(generator.lines(LOWEST_LOSS + level))
    return tuple(segments)


# ---------------------------------------------------------------------------
# trajectories
# ---------------------------------------------------------------------------
class Trajectory(NamedTuple):
    """The path of an optimizer: ``weights`` (steps + 1, 2) and ``losses`` (steps + 1,).

    Row 0 is the start ``W_START``; row t holds the weights after t updates and the loss over
    all examples there. After a divergence the remaining rows are NaN.
    """

    weights: np.ndarray
    losses: np.ndarray

    @property
    def diverged(self) -> bool:
        """True when the run was cut off because the weights ran away (see ``DIVERGED_WEIGHT``)."""
        return bool(np.isnan(self.losses).any())

    @property
    def steps_done(self) -> int:
        """Number of updates before the run stopped (all of them unless it diverged)."""
        return int(np.count_nonzero(~np.isnan(self.losses))) - 1


def _check_name(optimizer_name: str) -> str:
    if optimizer_name not in OPTIMIZERS:
        raise ValueError(f"unknown optimizer {optimizer_name!r}; choose one of {OPTIMIZERS}")
    return optimizer_name


def _check_lr(lr: float) -> float:
    if isinstance(lr, bool) or not isinstance(lr, int | float | np.number):
        raise ValueError(f"lr must be a positive number, got {lr!r}")
    if not np.isfinite(lr) or lr <= 0:
        raise ValueError(f"lr must be a finite number > 0, got {lr!r}")
    return float(lr)


def _check_int(value: int, name: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise ValueError(f"{name} must be an integer from {low} to {high}, got {value!r}")
    if not low <= value <= high:
        raise ValueError(f"{name} must be from {low} to {high}, got {value}")
    return int(value)


def make_optimizer(optimizer_name: str, lr: float) -> Optimizer:
    """The ``nnlib.optim`` optimizer for a drop-down name: "sgd" → ``SGD(lr)``, "momentum" →
    ``SGD(lr, momentum=0.9)``, "adam" → ``Adam(lr)`` (default betas (0.9, 0.999))."""
    return get_optimizer(_check_name(optimizer_name), _check_lr(lr))


def optimizer_trajectory(
    optimizer_name: str, lr: float, batch_size: int, steps: int, seed: int = 0
) -> Trajectory:
    """Train the two weights from ``W_START`` with an ``nnlib.optim`` optimizer.

    ``optimizer_name``: "sgd", "momentum" or "adam"; ``lr``: the learning rate η > 0;
    ``batch_size``: examples per step, 1 … ``N_EXAMPLES`` (``N_EXAMPLES`` = plain gradient
    descent); ``steps``: number of updates, 0 … ``MAX_STEPS``; ``seed``: which random batches.

    Each step takes the next ``batch_size`` examples of a random permutation of the data (a new
    permutation every epoch, the last batch of an epoch may be smaller), computes the gradient of
    the batch loss, stores it in a ``Parameter`` and calls ``optimizer.step``. The run stops early,
    filling the remaining rows with NaN, once a weight's size exceeds ``DIVERGED_WEIGHT``.

    Returns a :class:`Trajectory` ``(weights (steps + 1, 2), losses (steps + 1,))``; the losses
    are over *all* examples, the quantity drawn as the map. Pure: same arguments, same result.
    """
    optimizer = make_optimizer(optimizer_name, lr)
    batch_size = _check_int(batch_size, "batch_size", 1, N_EXAMPLES)
    steps = _check_int(steps, "steps", 0, MAX_STEPS)
    rng = np.random.default_rng(seed)

    weights = np.full((steps + 1, 2), np.nan)
    w = Parameter(W_START.copy(), "w")
    weights[0] = w.value
    order, position = rng.permutation(N_EXAMPLES), 0
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(1, steps + 1):
            if position >= N_EXAMPLES:  # a new epoch: a fresh random order
                order, position = rng.permutation(N_EXAMPLES), 0
            idx = order[position : position + batch_size]
            position += batch_size
            w.grad[...] = batch_gradient(w.value, X_DATA[idx], Y_DATA[idx])
            optimizer.step([w])
            if not np.all(np.abs(w.value) <= DIVERGED_WEIGHT):  # also catches NaN
                break
            weights[t] = w.value
    losses = full_loss(weights)
    return Trajectory(weights, losses)


# ---------------------------------------------------------------------------
# drawing
# ---------------------------------------------------------------------------
_LOSS_TICKS = (0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0)


@lru_cache(maxsize=1)
def _surface_image() -> np.ndarray:
    """The shaded loss map as an RGB array, colour-mapped once (imshow then skips the colormap)."""
    _, _, loss = loss_surface_data()
    shade = np.log(loss - LOWEST_LOSS + 0.02)
    shade = (shade - shade.min()) / (shade.max() - shade.min())
    rgb = colormaps["Blues_r"](shade)[..., :3]
    rgb = 0.55 * rgb + 0.45  # blended with white, like alpha 0.55 on a white background
    rgb.flags.writeable = False
    return rgb


class _StaticImage(AxesImage):
    """An image whose data and place never change: resampled once per output size, then reused.

    Resampling the shaded map to the screen is the costliest part of drawing the widget's
    figure, and its result only depends on the axes' size, limits and the magnification.
    """

    def make_image(self, renderer, magnification=1.0, unsampled=False):
        key = (magnification, unsampled, tuple(self.axes.bbox.bounds), tuple(self.axes.viewLim.bounds),
               renderer.get_canvas_width_height())  # fmt: skip
        made = getattr(self, "_made", None)
        if made is None or made[0] != key:
            made = self._made = (key, super().make_image(renderer, magnification, unsampled))
        return made[1]


def _draw_surface(ax: Axes) -> None:
    """The loss map: shaded loss, contour lines, the lowest point and the start."""
    w1, w2, _ = loss_surface_data()
    image = _StaticImage(ax, origin="lower", extent=(w1[0], w1[-1], w2[0], w2[-1]),
                         interpolation="nearest", zorder=0)  # fmt: skip
    image.set_data(_surface_image())
    ax.add_image(image)
    ax.add_collection(
        LineCollection(_contour_segments(), colors="#4D6B82", linewidths=0.7, alpha=0.7, zorder=1)
    )
    ax.plot(*W_BEST, marker="*", markersize=15, color="black", linestyle="none", zorder=5,
            label="lowest loss (1, 2)")  # fmt: skip
    ax.plot(*W_START, marker="o", markersize=7, markerfacecolor="white", markeredgecolor="black",
            linestyle="none", zorder=5, label="start (-1.5, -2)")  # fmt: skip
    ax.set_xlim(*_W1_RANGE)
    ax.set_ylim(*_W2_RANGE)
    # fixed ticks, few labels: tick labels are text, the costliest thing to draw
    ax.set_xticks([-2, 0, 2, 4])
    ax.set_yticks([-2, 0, 2, 4])
    ax.set_xlabel("weight w1 (steep direction)")
    ax.set_ylabel("weight w2 (flat direction)")


def _fix_label_positions(ax: Axes) -> None:
    """Pin the axis labels and the title, so drawing skips measuring the tick labels (faster)."""
    ax.xaxis.set_label_coords(0.5, -0.09)
    ax.yaxis.set_label_coords(-0.085, 0.5)
    ax.title.set_y(1.01)
    ax._autotitlepos = False  # what set_title(..., y=...) does


def _run_label(name: str, lr: float) -> str:
    return f"{OPTIMIZER_LABELS[name]}, η = {lr:.3g}"


def _outcome(trajectory: Trajectory) -> str:
    if trajectory.diverged:
        return f"diverged after {trajectory.steps_done + 1} steps"
    return f"final loss {trajectory.losses[-1]:.3f}"


class _SurfacePlot:
    """A two-panel figure (loss map | loss per step) whose runs can be redrawn cheaply.

    Building axes costs more than drawing them, so the widget builds this once and only
    swaps the line data, titles and texts on every slider move.
    """

    def __init__(self, names: Sequence[str], dpi: float | None = None, outlines: bool = False) -> None:
        self.fig = Figure(figsize=(10.5, 4.4), dpi=dpi)
        FigureCanvasAgg(self.fig)
        self.fig.subplots_adjust(left=0.065, right=0.985, bottom=0.12, top=0.91, wspace=0.22)
        self.ax_map, self.ax_loss = self.fig.subplots(1, 2, width_ratios=(1.1, 1.0))
        _draw_surface(self.ax_map)
        self.paths, self.curves, self.jumps = {}, {}, {}
        for name in names:
            color = _COLORS[name]
            (self.paths[name],) = self.ax_map.plot([], [], "-", color=color, linewidth=1.6,
                                                   markersize=3, zorder=4, label=" ")  # fmt: skip
            (self.curves[name],) = self.ax_loss.plot([], [], "-", color=color, linewidth=1.8)
            (self.jumps[name],) = self.ax_loss.plot([], [], ":", color=color, linewidth=1.8)
        # A legend of plain artists (a matplotlib Legend lays itself out again on every draw),
        # registered as the axes' legend so that ``ax.get_legend()`` finds it.
        handles, labels = self.ax_map.get_legend_handles_labels()
        self.map_legend = _PlainLegend(self.ax_map, list(zip(handles, labels, strict=True)), (0.0, 1.0),
                                       loc="upper left", fontsize=8, frame_alpha=0.9)  # fmt: skip
        self.ax_map.legend_ = self.map_legend
        for ax in (self.ax_map, self.ax_loss):
            _fix_label_positions(ax)
        self.map_note = self.ax_map.text(
            0.5, 0.04, "", transform=self.ax_map.transAxes, ha="center", fontsize=9,
            color=_VERMILLION, bbox={"facecolor": "white", "alpha": 0.85, "edgecolor": "none"},
        )  # fmt: skip

        ax = self.ax_loss
        ax.axhline(LOWEST_LOSS, color="black", linestyle="--", linewidth=1)
        ax.text(0.99, LOWEST_LOSS * 0.96, f"lowest possible loss ({LOWEST_LOSS:g})",
                transform=ax.get_yaxis_transform(), ha="right", va="top", fontsize=8.5)  # fmt: skip
        ax.set_yscale("log")
        ax.set_ylim(*_LOSS_YLIM)
        ax.yaxis.set_major_locator(FixedLocator(_LOSS_TICKS[::2]))
        ax.yaxis.set_major_formatter(FixedFormatter([f"{t:g}" for t in _LOSS_TICKS[::2]]))
        ax.yaxis.set_minor_locator(FixedLocator(_LOSS_TICKS[1::2]))  # ticks without labels
        ax.yaxis.set_minor_formatter(NullFormatter())
        ax.xaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
        ax.set_xlabel("step (number of weight updates)")
        ax.set_ylabel("loss over all examples (log scale)")
        ax.grid(alpha=0.3)
        self.loss_note = ax.text(
            0.5, 0.86, "diverged: the loss shoots up\n(the learning rate is too large)",
            transform=ax.transAxes, ha="center", va="center", fontsize=9, color=_VERMILLION,
            bbox={"facecolor": "white", "alpha": 0.9, "edgecolor": _VERMILLION},
        )  # fmt: skip
        self.outlines = outlines
        if outlines:  # every text drawn as outlines (much cheaper than glyph by glyph)
            _as_outlines(*self.fig.findobj(Text))

    def update(self, runs: Sequence[tuple[str, float, Trajectory]], batch_size: int, steps: int,
               title: str | None = None) -> Figure:  # fmt: skip
        texts = self.map_legend.get_texts()
        handles = list(self.paths)
        shown = {name: (lr, trajectory) for name, lr, trajectory in runs}
        for i, name in enumerate(handles):
            path, curve, jump = self.paths[name], self.curves[name], self.jumps[name]
            if name not in shown:
                for line in (path, curve, jump):
                    line.set_data([], [])
                continue
            lr, trajectory = shown[name]
            k = trajectory.steps_done
            done = trajectory.weights[: k + 1]
            path.set_data(done[:, 0], done[:, 1])
            path.set_marker("o" if k <= 80 else "None")
            curve.set_data(np.arange(k + 1), trajectory.losses[: k + 1])
            if trajectory.diverged:  # a dotted jump off the top of the panel
                jump.set_data([k, k + 1], [trajectory.losses[k], _LOSS_YLIM[1] * 10])
            else:
                jump.set_data([], [])
            texts[2 + i].set_text(f"{_run_label(name, lr)}: {_outcome(trajectory)}")
        diverged = any(trajectory.diverged for *_, trajectory in runs)
        self.map_note.set_text("a diverging path leaves the map" if diverged else "")
        self.map_note.set_visible(diverged)
        self.loss_note.set_visible(diverged)
        if title is None:
            batch = "all 200 (plain GD)" if batch_size == N_EXAMPLES else str(batch_size)
            title = f"Loss surface: batch size {batch}, {steps} steps"
        self.ax_map.set_title(title)
        self.ax_loss.set_xlim(0, max(steps, 1))
        if self.outlines:  # tick labels the axis may have added for the new range
            _as_outlines(*self.ax_loss.get_xticklabels())
        if len(runs) == 1:
            self.ax_loss.set_title(f"Loss after each step — {_outcome(runs[0][2])}")
        else:
            self.ax_loss.set_title("Loss after each step")
        return self.fig


def _checked_runs(runs: Sequence[tuple[str, float]]) -> list[tuple[str, float]]:
    runs = list(runs)
    if not runs:
        raise ValueError("runs must hold at least one (optimizer_name, lr) pair")
    names = [_check_name(name) for name, _ in runs]
    if len(set(names)) != len(names):
        raise ValueError(f"each optimizer may appear once in runs, got {names}")
    return runs


def compare_view(
    runs: Sequence[tuple[str, float]],
    batch_size: int,
    steps: int,
    *,
    seed: int = 0,
    title: str | None = None,
) -> Figure:
    """Several optimizers on one loss map (left) and their losses per step (right).

    ``runs``: (optimizer_name, lr) pairs, at most one per optimizer name (the colour tells the
    optimizer). All runs use the same ``batch_size``, ``steps`` and ``seed``. Returns a new Figure.
    """
    runs = _checked_runs(runs)
    done = [(name, lr, optimizer_trajectory(name, lr, batch_size, steps, seed)) for name, lr in runs]
    plot = _SurfacePlot([name for name, _ in runs])
    return plot.update(done, batch_size, steps, title)


_WIDGET_PLOTS: dict[str, _SurfacePlot] = {}


def loss_surface_view(optimizer: str, lr: float, batch_size: int, steps: int) -> Figure:
    """The chapter's widget: one optimizer's path on the loss map and its loss per step.

    ``optimizer``: "sgd", "momentum" or "adam"; ``lr``: learning rate; ``batch_size``:
    1 … ``N_EXAMPLES``; ``steps``: number of updates. Uses seed 0.

    For speed, the figure is built once per optimizer and redrawn on later calls: the returned
    ``Figure`` is the same object each time for the same optimizer (nothing piles up in memory),
    so display or save it before the next call.
    """
    trajectory = optimizer_trajectory(optimizer, lr, batch_size, steps)
    if optimizer not in _WIDGET_PLOTS:
        _WIDGET_PLOTS[optimizer] = _SurfacePlot([optimizer], dpi=WIDGET_DPI, outlines=True)
    return _WIDGET_PLOTS[optimizer].update([(optimizer, lr, trajectory)], batch_size, steps)


def learning_rate_view(
    optimizer: str,
    lrs: Sequence[float],
    *,
    batch_size: int = N_EXAMPLES,
    steps: int = 30,
    titles: Sequence[str] | None = None,
) -> Figure:
    """One loss map per learning rate in ``lrs``, side by side, each with its trajectory.

    ``titles``: optional words per panel (e.g. "too small"), shown with the learning rate.
    Returns a new Figure.
    """
    lrs = list(lrs)
    if not lrs:
        raise ValueError("lrs must hold at least one learning rate")
    if titles is not None and len(titles) != len(lrs):
        raise ValueError(f"need one title per learning rate: {len(lrs)} lrs, {len(titles)} titles")
    name = _check_name(optimizer)
    trajectories = [optimizer_trajectory(name, lr, batch_size, steps) for lr in lrs]
    fig = Figure(figsize=(3.6 * len(lrs), 3.9), layout="constrained")
    axes = np.atleast_1d(fig.subplots(1, len(lrs), sharey=True))
    for i, (ax, lr, trajectory) in enumerate(zip(axes, lrs, trajectories, strict=True)):
        _draw_surface(ax)
        k = trajectory.steps_done
        done = trajectory.weights[: k + 1]
        ax.plot(done[:, 0], done[:, 1], "-", color=_COLORS[name], linewidth=1.6,
                marker="o" if k <= 80 else None, markersize=3, zorder=4,
                label=OPTIMIZER_LABELS[name])  # fmt: skip
        words = f"{titles[i]}: " if titles is not None else ""
        ax.set_title(f"{words}η = {lr:g}")
        status = (
            f"diverged after {k + 1} steps"
            if trajectory.diverged
            else f"loss after {steps} steps: {trajectory.losses[-1]:.3f}"
        )
        ax.text(0.5, 0.03, status, transform=ax.transAxes, ha="center", fontsize=9,
                color=_VERMILLION if trajectory.diverged else "black",
                bbox={"facecolor": "white", "alpha": 0.85, "edgecolor": "none"})  # fmt: skip
        ax.set_xlabel("weight w1")
        if i > 0:
            ax.set_ylabel("")
    axes[0].set_ylabel("weight w2")
    axes[0].legend(loc="upper left", fontsize=8, framealpha=0.9)
    return fig
