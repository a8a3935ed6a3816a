"""Chapter 5 (Training: gradient descent, SGD and optimizers): the two-weight playground.

The playground is the smallest model there is: a neuron without bias or activation,
``pred = w1 * f1 + w2 * f2``, fitted with the mean squared error to ``N_EXAMPLES`` examples.
The data are built so that the loss over all examples is exactly

    L(w) = (w1 - 1)**2 + 0.1 * (w2 - 2)**2 + 0.25,

a narrow valley, ten times steeper along ``w1`` than along ``w2``, lowest at ``W_BEST = (1, 2)``
with loss ``LOWEST_LOSS = 0.25`` (the noise in the targets). A single example, or a small batch,
has a different loss surface, so mini-batch gradients are noisy.

The maths: :func:`full_loss`, :func:`batch_gradient` and :func:`optimizer_trajectory` (an
``nnlib.optim`` optimizer run from ``W_START`` on random mini-batches, optionally with a
learning-rate schedule from ``nnlib.schedules``). The figures: :func:`loss_surface_view`
(the chapter's widget), :func:`compare_view` and :func:`learning_rate_view`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import NamedTuple

import numpy as np
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from .._validation import check_choice, check_int, check_positive
from ..optim import SGD, Adam, Optimizer
from ..parameter import Parameter
from ..plot import PALETTE
from .frames import View, freeze, new_figure, reuse

__all__ = [
    "DIVERGED_WEIGHT",
    "LOWEST_LOSS",
    "LR_LIMIT_GD",
    "MAX_STEPS",
    "N_EXAMPLES",
    "OPTIMIZERS",
    "OPTIMIZER_LABELS",
    "WIDGET_BATCH_SIZES",
    "WIDGET_LRS",
    "WIDGET_STEPS",
    "W_BEST",
    "W_START",
    "X_DATA",
    "Y_DATA",
    "Trajectory",
    "batch_gradient",
    "compare_view",
    "full_loss",
    "learning_rate_view",
    "loss_surface_view",
    "make_optimizer",
    "optimizer_trajectory",
]

# --------------------------------------------------------------------------- the problem

#: Number of examples in the playground's data set.
N_EXAMPLES = 200
#: The weights with the lowest loss over all examples.
W_BEST = np.array([1.0, 2.0])
#: Where every trajectory starts.
W_START = np.array([-1.5, -2.0])
#: Mean of f1² and of f2² over the data: the curvatures of the loss along w1 and w2 are twice these.
FEATURE_POWER = np.array([1.0, 0.1])
#: Standard deviation of the noise in the targets; the lowest loss is its square.
NOISE = 0.5
#: The loss at ``W_BEST``: the part of the targets no weights can explain.
LOWEST_LOSS = NOISE**2
#: Plain gradient descent (all examples per step) diverges for learning rates above this:
#: 2 / (largest curvature of the loss) = 2 / (2 · 1.0).
LR_LIMIT_GD = 2.0 / (2.0 * FEATURE_POWER.max())
#: A run counts as diverged (and stops) once a weight's size exceeds this (the loss is then > 2000).
DIVERGED_WEIGHT = 50.0
#: Most steps :func:`optimizer_trajectory` runs.
MAX_STEPS = 2000

#: The optimizers of the playground, by ``nnlib.optim`` name, with their labels.
OPTIMIZER_LABELS: dict[str, str] = {"sgd": "SGD", "momentum": "SGD + momentum 0.9", "adam": "Adam"}
OPTIMIZERS: tuple[str, ...] = tuple(OPTIMIZER_LABELS)
COLORS = {"sgd": PALETTE["blue"], "momentum": PALETTE["orange"], "adam": PALETTE["bluish_green"]}

#: The widget's grid (the static book shows every combination): learning rates from too small
#: to diverging, batch sizes from one example to all of them, and how many steps to draw.
WIDGET_LRS: tuple[float, ...] = (0.01, 0.1, 0.3, 0.5, 0.9, 1.2)
WIDGET_BATCH_SIZES: tuple[int, ...] = (1, 20, 200)
WIDGET_STEPS: tuple[int, ...] = (1, 5, 10, 20, 50, 100, 200)


def _make_data() -> tuple[np.ndarray, np.ndarray]:
    """Features (N, 2) and targets (N,) with mean(f1²) = 1, mean(f2²) = 0.1, mean(f1 f2) = 0 and
    noise orthogonal to both features, so that the loss surface is exactly the one above."""
    rng = np.random.default_rng(0)
    q, _ = np.linalg.qr(rng.standard_normal((N_EXAMPLES, 3)))
    q *= np.sqrt(N_EXAMPLES)  # orthogonal columns, each with mean square 1
    X = q[:, :2] * np.sqrt(FEATURE_POWER)
    return X, X @ W_BEST + NOISE * q[:, 2]


#: The playground's examples: features (200, 2) and targets (200,).
X_DATA, Y_DATA = _make_data()
# L(w) = wᵀ A w − 2 bᵀ w + c: the loss over all examples in a few flops, on whole grids of weights
_A = X_DATA.T @ X_DATA / N_EXAMPLES
_B = X_DATA.T @ Y_DATA / N_EXAMPLES
_C = float(Y_DATA @ Y_DATA / N_EXAMPLES)


def full_loss(w: np.ndarray) -> np.ndarray | float:
    """Mean squared error over all examples for weights ``w`` of shape (..., 2).

    Equal to ``mean((X_DATA @ w - Y_DATA) ** 2)``; works on a whole grid of weights at once.
    """
    w = np.asarray(w, dtype=float)
    if w.shape[-1:] != (2,):
        raise ValueError(f"w must have shape (..., 2), got {w.shape}")
    value = np.einsum("...i,ij,...j->...", w, _A, w) - 2 * (w @ _B) + _C
    return float(value) if value.ndim == 0 else value


def batch_gradient(w: np.ndarray, X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Gradient of the mean squared error on the batch (X, y): (2 / B) · Xᵀ (X w − y)."""
    return (2.0 / len(X)) * (X.T @ (X @ w - y))


def make_optimizer(name: str, lr: float) -> Optimizer:
    """ "sgd" → ``SGD(lr)``, "momentum" → ``SGD(lr, momentum=0.9)``, "adam" → ``Adam(lr)``."""
    lr = check_positive(lr, "lr")
    name = check_choice(name, "optimizer", OPTIMIZERS)
    if name == "sgd":
        return SGD(lr)
    if name == "momentum":
        return SGD(lr, momentum=0.9)
    return Adam(lr)


class Trajectory(NamedTuple):
    """An optimizer's path: ``weights`` (steps + 1, 2) and ``losses`` (steps + 1,).

    Row 0 is the start; row s holds the weights after s updates and the loss over all examples
    there. After a divergence the remaining rows are NaN.
    """

    weights: np.ndarray
    losses: np.ndarray

    @property
    def diverged(self) -> bool:
        """True when the run stopped because a weight ran off (see ``DIVERGED_WEIGHT``)."""
        return bool(np.isnan(self.losses).any())

    @property
    def steps_done(self) -> int:
        """Updates before the run stopped (all of them unless it diverged)."""
        return int(np.count_nonzero(~np.isnan(self.losses))) - 1

    @property
    def final_loss(self) -> float:
        """The loss after the last update (NaN if the run diverged)."""
        return float(self.losses[-1])


def optimizer_trajectory(
    optimizer: str,
    lr: float,
    batch_size: int,
    steps: int,
    seed: int = 0,
    schedule: Callable[[int], float] | None = None,
) -> Trajectory:
    """Train the two weights from ``W_START`` with an ``nnlib.optim`` optimizer.

    ``optimizer``: "sgd", "momentum" or "adam"; ``lr``: the learning rate η; ``batch_size``:
    examples per step, 1 … 200 (200 = plain gradient descent); ``steps``: updates, 0 … 2000;
    ``seed``: which random batches; ``schedule``: optional, a function of the step number
    s = 0, 1, … (e.g. ``nnlib.schedules.Cosine``) whose value is set as ``optimizer.lr`` before
    step s (``lr`` is then ignored).

    Each step takes the next ``batch_size`` examples of a random permutation of the data (a new
    one every epoch; an epoch's last batch may be smaller), puts the batch's gradient in a
    ``Parameter`` and calls ``optimizer.step``. The run stops once a weight's size exceeds
    ``DIVERGED_WEIGHT``. Pure: the same arguments give the same result, and a shorter run is
    the beginning of a longer one.
    """
    opt = make_optimizer(optimizer, lr)
    batch_size = check_int(batch_size, "batch_size", maximum=N_EXAMPLES)
    steps = check_int(steps, "steps", minimum=0, maximum=MAX_STEPS)
    rng = np.random.default_rng(seed)
    weights = np.full((steps + 1, 2), np.nan)
    w = Parameter(W_START.copy(), "w")
    weights[0] = w.value
    order, position = rng.permutation(N_EXAMPLES), 0
    with np.errstate(over="ignore", invalid="ignore"):
        for s in range(steps):
            if position >= N_EXAMPLES:  # a new epoch: a fresh random order
                order, position = rng.permutation(N_EXAMPLES), 0
            batch = order[position : position + batch_size]
            position += batch_size
            w.grad[...] = batch_gradient(w.value, X_DATA[batch], Y_DATA[batch])
            if schedule is not None:
                opt.lr = schedule(s)
            opt.step([w])
            if not np.all(np.abs(w.value) <= DIVERGED_WEIGHT):  # also catches NaN
                break
            weights[s + 1] = w.value
    return Trajectory(weights, np.asarray(full_loss(weights)))


@lru_cache(maxsize=512)
def _widget_run(optimizer: str, lr: float, batch_size: int) -> Trajectory:
    """The widget's longest run for these settings; shorter runs are its beginning."""
    return optimizer_trajectory(optimizer, lr, batch_size, max(WIDGET_STEPS))


# --------------------------------------------------------------------------- drawing

_W1_RANGE, _W2_RANGE = (-2.5, 4.5), (-3.0, 4.5)
_EXCESS_LEVELS = (0.05, 0.2, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0)  # contour levels: loss − lowest loss
_LOSS_YLIM = (0.15, 40.0)


def _outcome(trajectory: Trajectory) -> str:
    if trajectory.diverged:
        steps = trajectory.steps_done + 1
        return f"diverged after {steps} step{'s' * (steps != 1)}"
    steps = len(trajectory.losses) - 1
    return f"loss {trajectory.final_loss:.3f} after {steps} step{'s' * (steps != 1)}"


def _draw_map(ax: Axes) -> list[Line2D]:
    """The loss over the weight plane: shading, contour lines, the lowest point and the start
    (their markers are returned)."""
    w1 = np.linspace(*_W1_RANGE, 121)
    w2 = np.linspace(*_W2_RANGE, 121)
    loss = full_loss(np.stack(np.meshgrid(w1, w2), axis=-1))
    shade = np.log(loss - LOWEST_LOSS + 0.02)
    rgb = colormaps["Blues_r"]((shade - shade.min()) / np.ptp(shade))[..., :3]
    ax.imshow(
        0.55 * rgb + 0.45,
        origin="lower",
        extent=(*_W1_RANGE, *_W2_RANGE),
        aspect="auto",
        interpolation="nearest",
    )  # pale: the colours mixed with white
    ax.contour(
        w1,
        w2,
        loss,
        levels=LOWEST_LOSS + np.array(_EXCESS_LEVELS),
        colors="#4D6B82",
        linewidths=0.7,
        alpha=0.7,
    )
    markers = ax.plot(*W_BEST, "*", ms=15, color="black", zorder=5)
    ax.annotate(
        "lowest loss", (W_BEST[0], W_BEST[1]), xytext=(8, 4), textcoords="offset points", fontsize=8.5
    )
    markers += ax.plot(*W_START, "o", ms=7, mfc="white", mec="black", zorder=5)
    ax.annotate(
        "start", (W_START[0], W_START[1]), xytext=(8, -4), textcoords="offset points", fontsize=8.5, va="top"
    )
    ax.set(
        xlim=_W1_RANGE,
        ylim=_W2_RANGE,
        xticks=[-2, 0, 2, 4],
        yticks=[-2, 0, 2, 4],
        xlabel="weight w₁ (steep direction)",
        ylabel="weight w₂ (flat direction)",
    )
    return markers


def _draw_loss_axes(ax: Axes) -> None:
    ax.axhline(LOWEST_LOSS, color="black", ls="--", lw=1)
    ax.text(
        0.99,
        LOWEST_LOSS * 0.96,
        f"lowest possible loss ({LOWEST_LOSS:g})",
        transform=ax.get_yaxis_transform(),
        ha="right",
        va="top",
        fontsize=8.5,
    )
    ax.set_yscale("log")
    ax.set_ylim(*_LOSS_YLIM)
    ax.set_yticks([0.25, 1, 5, 20], ["0.25", "1", "5", "20"])
    ax.set_yticks([0.5, 2, 10], minor=True)
    ax.set_yticklabels([], minor=True)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
    ax.set_xlabel("step (number of weight updates)")
    ax.set_ylabel("loss over all examples (log scale)")
    ax.grid(alpha=0.3)


class _Paths:
    """One optimizer's artists: its path on the map, its loss curve, a dotted jump on divergence."""

    def __init__(self, ax_map: Axes, ax_loss: Axes, name: str) -> None:
        colour = COLORS[name]
        (self.path,) = ax_map.plot([], [], "-", color=colour, lw=1.6, ms=3, zorder=4)
        (self.curve,) = ax_loss.plot([], [], "-", color=colour, lw=1.8)
        (self.jump,) = ax_loss.plot([], [], ":", color=colour, lw=1.8)

    def update(self, trajectory: Trajectory) -> None:
        k = trajectory.steps_done
        self.path.set_data(trajectory.weights[: k + 1, 0], trajectory.weights[: k + 1, 1])
        self.path.set_marker("o" if k <= 80 else "None")
        self.curve.set_data(np.arange(k + 1), trajectory.losses[: k + 1])
        jump = ([k, k + 1], [trajectory.losses[k], 10 * _LOSS_YLIM[1]]) if trajectory.diverged else ([], [])
        self.jump.set_data(*jump)


def _two_panels(names: Sequence[str], fig: Figure) -> tuple[Axes, Axes, dict[str, _Paths], list[Line2D]]:
    fig.subplots_adjust(left=0.065, right=0.985, bottom=0.12, top=0.91, wspace=0.22)
    ax_map, ax_loss = fig.subplots(1, 2, width_ratios=(1.1, 1.0))
    markers = _draw_map(ax_map)
    _draw_loss_axes(ax_loss)
    for ax in (ax_map, ax_loss):  # fixed places: drawing then need not measure the tick labels
        ax.xaxis.set_label_coords(0.5, -0.09)
        ax.yaxis.set_label_coords(-0.085, 0.5)
    return ax_map, ax_loss, {name: _Paths(ax_map, ax_loss, name) for name in names}, markers


def compare_view(
    runs: Sequence[tuple[str, float]], batch_size: int, steps: int, *, seed: int = 0, title: str = ""
) -> Figure:
    """Several optimizers, given as (name, learning rate) pairs, on one loss map (left) and their
    losses per step (right); all with the same batches. Returns a new figure."""
    names = [name for name, _ in runs]
    if not names or len(set(names)) != len(names):
        raise ValueError(f"runs must name each optimizer at most once, got {names}")
    fig = new_figure(10.5, 4.4, dpi=100)
    ax_map, ax_loss, paths, _ = _two_panels(names, fig)
    labels = []
    for name, lr in runs:
        trajectory = optimizer_trajectory(name, lr, batch_size, steps, seed)
        paths[name].update(trajectory)
        labels.append(f"{OPTIMIZER_LABELS[name]}, η = {lr:g}: {_outcome(trajectory)}")
    ax_map.legend([paths[name].path for name in names], labels, loc="upper left", fontsize=8, framealpha=0.9)
    ax_map.set_title(title or f"Batch size {batch_size}, {steps} steps")
    ax_loss.set_xlim(0, steps)
    ax_loss.set_title("Loss after each step")
    return fig


def learning_rate_view(
    optimizer: str,
    lrs: Sequence[float],
    *,
    batch_size: int = N_EXAMPLES,
    steps: int = 30,
    titles: Sequence[str] | None = None,
) -> Figure:
    """One loss map per learning rate, side by side, each with the optimizer's path. ``titles``
    (optional) name each panel ("too small", ...). Returns a new figure."""
    if not lrs or (titles is not None and len(titles) != len(lrs)):
        raise ValueError(f"need at least one learning rate and one title per rate, got {lrs}, {titles}")
    fig = new_figure(3.6 * len(lrs), 3.9, dpi=100)
    fig.subplots_adjust(left=0.06, right=0.99, bottom=0.14, top=0.9, wspace=0.08)
    for i, (ax, lr) in enumerate(
        zip(fig.subplots(1, len(lrs), sharey=True, squeeze=False)[0], lrs, strict=True)
    ):
        _draw_map(ax)
        trajectory = optimizer_trajectory(optimizer, lr, batch_size, steps)
        line = Line2D([], [], color=COLORS[optimizer], lw=1.6, ms=3, zorder=4)
        ax.add_line(line)
        k = trajectory.steps_done
        line.set_data(trajectory.weights[: k + 1].T)
        line.set_marker("o" if k <= 80 else "None")
        ax.set_title(f"{titles[i]}: η = {lr:g}" if titles else f"η = {lr:g}")
        ax.text(
            0.5,
            0.03,
            _outcome(trajectory),
            transform=ax.transAxes,
            ha="center",
            fontsize=9,
            color=PALETTE["vermillion"] if trajectory.diverged else "black",
            bbox={"facecolor": "white", "alpha": 0.85, "edgecolor": "none"},
        )
        ax.set_xlabel("weight w₁")
        if i:
            ax.set_ylabel("")
    return fig


class _SurfaceScene:
    """The widget's figure: the map and the loss panel, built once; a view updates its artists."""

    def __init__(self) -> None:
        self.fig = new_figure(10.5, 4.4)
        self.ax_map, self.ax_loss, self.paths, markers = _two_panels(OPTIMIZERS, self.fig)
        self.ax_loss.set_xlim(0, max(WIDGET_STEPS))
        box = {"facecolor": "white", "alpha": 0.9, "edgecolor": PALETTE["vermillion"]}
        note = "diverged: the loss shoots up\n(the learning rate is too large)"
        self.note = self.ax_loss.text(
            0.5,
            0.86,
            note,
            transform=self.ax_loss.transAxes,
            ha="center",
            va="center",
            fontsize=9,
            color=box["edgecolor"],
            bbox=box,
        )
        # titles at a fixed height: drawing then need not measure the tick labels
        self.ax_map.set_title(" ", y=1.01)
        self.ax_loss.set_title(" ", y=1.01)
        lines = [line for p in self.paths.values() for line in (p.path, p.curve, p.jump)]
        freeze(self.fig, moving=[*lines, *markers, self.note, self.ax_map.title, self.ax_loss.title])


def loss_surface_view(optimizer: str, lr: float, batch_size: int, steps: int) -> View:
    """The widget: one optimizer's path on the loss map (left) and its loss after each step (right).

    ``optimizer``: "sgd", "momentum" or "adam"; ``lr``: the learning rate; ``batch_size``:
    1 … 200; ``steps``: updates drawn, 1 … 200. The batches come from seed 0, so that a
    longer run continues a shorter one.
    """
    steps = check_int(steps, "steps", maximum=max(WIDGET_STEPS))
    full = _widget_run(optimizer, check_positive(lr, "lr"), check_int(batch_size, "batch_size"))
    trajectory = Trajectory(full.weights[: steps + 1], full.losses[: steps + 1])
    scene = reuse("training.loss_surface", _SurfaceScene)
    for name, paths in scene.paths.items():
        if name == optimizer:
            paths.update(trajectory)
        else:
            for line in (paths.path, paths.curve, paths.jump):
                line.set_data([], [])
    outcome = _outcome(trajectory)
    scene.note.set_visible(trajectory.diverged)
    batch = "200 (all: plain GD)" if batch_size == N_EXAMPLES else str(batch_size)
    scene.ax_map.set_title(f"{OPTIMIZER_LABELS[optimizer]}, η = {lr:g}, batch size {batch}", y=1.01)
    scene.ax_loss.set_title(outcome[0].upper() + outcome[1:], y=1.01)
    return View(scene.fig, outcome)
