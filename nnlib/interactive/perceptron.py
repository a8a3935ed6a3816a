"""Chapter 1, *The perceptron*: the chapter's maths, its two widgets and its diagrams.

The maths, as plain functions a reader can call:

* :func:`perceptron_run` — the perceptron algorithm's whole run on a data set (a fitted
  ``nnlib.Perceptron`` whose ``history_`` records every visit to an example);
* :func:`describe_step` — one visit of that run, the rule applied in numbers;
* :func:`novikoff_bound` — ``R``, the margin ``γ`` and the bound ``(R/γ)²`` of the convergence
  theorem;
* :func:`epoch_accuracies` — training accuracy after every epoch of a run;
* :func:`boundary_segment` — the part of the line ``w · x + b = 0`` inside a box.

The widgets (each returns ``View(figure, summary)``, see :mod:`nnlib.interactive.frames`):

* :func:`neuron_view` — one neuron ``ŷ = sgn(w1 f1 + w2 f2 + b)`` on the data: its line, the
  shaded half-planes, the misclassified points ringed, and the accuracy;
* :func:`perceptron_step_view` — the algorithm one step at a time.

Static figures: :func:`draw_boundary` (the line on an existing axes) and :func:`draw_neuron`
(a diagram of the neuron). Labels are ``-1`` ("no", blue) and ``+1`` ("yes", red), and
``sgn(0) = +1`` as everywhere in the book.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch, Polygon, Rectangle
from numpy.typing import ArrayLike

from nnlib._validation import check_bool, check_features, check_int, check_number, check_positive, check_X_y
from nnlib.interactive.frames import View, freeze, new_figure, reuse
from nnlib.perceptron import ConvergenceWarning, Perceptron, PerceptronStep, sgn
from nnlib.plot import CLASS_MARKER_LIST, PALETTE, class_color, pale, scatter_classes

__all__ = [
    "boundary_segment",
    "describe_step",
    "draw_boundary",
    "draw_neuron",
    "epoch_accuracies",
    "neuron_view",
    "novikoff_bound",
    "perceptron_run",
    "perceptron_step_view",
]


# --------------------------------------------------------------------------- the maths


def perceptron_run(
    X: Any, y: Any, lr: float = 1.0, *, init: tuple[Any, float] | None = None, max_epochs: int = 100
) -> Perceptron:
    """The perceptron algorithm on ``X`` (n, 2), ``y`` in {-1, +1}: ``Perceptron(lr, ...).fit(X, y)``.

    Starts from ``init = ((w1, w2), b)`` (default zero). On data no line separates, the run
    stops after ``max_epochs`` without the ``ConvergenceWarning``; ``converged_`` says so.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return Perceptron(lr=lr, max_epochs=max_epochs, init=init).fit(X, y)


@functools.lru_cache(maxsize=64)
def _cached_run(
    X: bytes,
    shape: tuple[int, ...],
    y: bytes,
    lr: float,
    init: tuple[tuple[float, ...], float] | None,
    max_epochs: int,
) -> Perceptron:
    """:func:`perceptron_run` remembered for the widget, which shows one run at many steps
    (the arguments as bytes and tuples, which can be hashed)."""
    start = None if init is None else (np.array(init[0]), init[1])
    X_ = np.frombuffer(X, dtype=float).reshape(shape)
    return perceptron_run(X_, np.frombuffer(y, dtype=np.int64), lr, init=start, max_epochs=max_epochs)


def describe_step(record: PerceptronStep, lr: float, w_before: ArrayLike, b_before: float) -> str:
    """The perceptron rule at one visit (an entry of ``Perceptron.history_``), in numbers.

    ``w_before``, ``b_before`` are the weights before the visit. Three lines when the prediction
    was right (nothing changes), four for an update ``w ← w + η y x``, ``b ← b + η y``.
    """

    def vec(v: ArrayLike) -> str:
        return "(" + ", ".join(f"{x:.2f}" for x in np.ravel(v)) + ")"

    y, z, sign = record.y, record.z, "+" if record.y == 1 else "−"
    lines = [
        f"epoch {record.epoch}, example #{record.index}: x = {vec(record.x)}, label y = {y:+d}",
        f"z = w·x + b = {z:.2f} {'≥' if z >= 0 else '<'} 0, so ŷ = {record.prediction:+d}: "
        + ("wrong, update" if record.updated else "right, no change"),
    ]
    if record.updated:
        lines.append(f"w ← w {sign} η·x = {vec(w_before)} {sign} {lr:g}·{vec(record.x)} = {vec(record.w)}")
        lines.append(f"b ← b {sign} η = {b_before:.2f} {sign} {lr:g} = {record.b:.2f}")
    else:
        lines.append(f"w = {vec(record.w)} and b = {record.b:.2f} stay")
    return "\n".join(lines).replace("-", "−")  # a typographic minus sign


def novikoff_bound(X: Any, y: Any, *, sweeps: int = 1000) -> dict[str, Any]:
    """The numbers of the perceptron convergence theorem for the data ``X, y``.

    With the bias folded into the features, ``x~ = (f1, f2, 1)``: ``R = max ||x~||``, and ``γ``
    the margin ``min_i y_i (u · x~_i)`` of the unit vector ``u = (w1, w2, b) / ||(w1, w2, b)||``
    with the largest margin, found by coordinate ascent on the dual of the hard-margin problem.
    The returned ``γ`` is the margin this ``u`` really has, so the bound ``(R/γ)²`` holds even if
    the ascent stopped early. Returns a dict with ``R``, ``gamma``, ``bound``, ``w`` (2,) and ``b``;
    ``gamma <= 0`` and ``bound = inf`` when no line separates the data (e.g. XOR).
    """
    X, y = check_X_y(X, y, allowed=(-1, 1))
    Xt = np.column_stack([X, np.ones(len(X))])
    sq = np.sum(Xt**2, axis=1)
    alpha, v = np.zeros(len(X)), np.zeros(Xt.shape[1])
    for _ in range(check_int(sweeps, "sweeps")):
        change = 0.0
        for i in range(len(X)):
            new = max(0.0, alpha[i] + (1.0 - y[i] * (v @ Xt[i])) / sq[i])
            v += (new - alpha[i]) * y[i] * Xt[i]
            change, alpha[i] = max(change, abs(new - alpha[i])), new
        if change < 1e-12 or np.linalg.norm(v) > 1e8:  # done, or not separable (the dual diverges)
            break
    norm = np.linalg.norm(v)
    u = v / norm if norm > 0 else v
    gamma = float(np.min(y * (Xt @ u)))
    R = float(np.sqrt(sq.max()))
    bound = (R / gamma) ** 2 if gamma > 0 else float("inf")
    return {"R": R, "gamma": gamma, "bound": bound, "w": u[:-1].copy(), "b": float(u[-1])}


def epoch_accuracies(model: Perceptron, X: Any, y: Any) -> np.ndarray:
    """Training accuracy of a fitted perceptron with the weights it had at the end of each epoch."""
    X, y = check_X_y(X, y, allowed=(-1, 1))
    if not hasattr(model, "history_"):
        raise ValueError("the perceptron is not fitted yet: call fit(X, y) first")
    last = {record.epoch: record for record in model.history_}  # the last visit of each epoch
    return np.array([np.mean(sgn(X @ r.w + r.b) == y) for _, r in sorted(last.items())])


def boundary_segment(
    w: ArrayLike, b: float, xlim: Sequence[float], ylim: Sequence[float]
) -> np.ndarray | None:
    """End points ``[[f1, f2], [f1, f2]]`` of the line ``w[0] f1 + w[1] f2 + b = 0`` in a box.

    ``None`` when the line misses the box ``xlim × ylim`` or does not exist (``w = (0, 0)``:
    then every point gets the same answer, ``sgn(b)``).
    """
    (w1, w2), b = (float(v) for v in np.ravel(w)), float(b)
    (x0, x1), (y0, y1) = xlim, ylim
    points = []
    if w2 != 0:  # crossings with the left and right edges
        points += [(x, -(w1 * x + b) / w2) for x in (x0, x1)]
    if w1 != 0:  # crossings with the bottom and top edges
        points += [(-(w2 * v + b) / w1, v) for v in (y0, y1)]
    eps = 1e-9 * (1 + abs(x1 - x0) + abs(y1 - y0))
    inside = [p for p in points if x0 - eps <= p[0] <= x1 + eps and y0 - eps <= p[1] <= y1 + eps]
    if len(inside) < 2:
        return None
    segment = np.array(inside)
    # the two points farthest apart (a line through a corner is found twice)
    d = np.linalg.norm(segment[:, None] - segment[None], axis=-1)
    i, j = np.unravel_index(np.argmax(d), d.shape)
    return None if d[i, j] <= eps else segment[[i, j]]


def _half_plane(corners: np.ndarray, w: np.ndarray, b: float) -> np.ndarray:
    """The part of the convex polygon ``corners`` where ``w · x + b >= 0`` (ŷ = +1), as (m, 2)."""
    z = corners @ w + b
    points = []
    for i in range(len(corners)):
        j = (i + 1) % len(corners)
        if z[i] >= 0:
            points.append(corners[i])
        if (z[i] >= 0) != (z[j] >= 0):  # the edge crosses the line: add the crossing
            points.append(corners[i] + z[i] / (z[i] - z[j]) * (corners[j] - corners[i]))
    return np.array(points) if points else np.empty((0, 2))


# --------------------------------------------------------------------------- drawing


def draw_boundary(ax: Axes, w: ArrayLike, b: float, **style: Any) -> bool:
    """Draw the line ``w · x + b = 0`` across the current limits of ``ax`` (style: ``Axes.plot``).

    Returns False, and draws nothing, when the line is not in view.
    """
    segment = boundary_segment(w, b, ax.get_xlim(), ax.get_ylim())
    if segment is not None:
        defaults: dict[str, Any] = {"color": "black", "linewidth": 2.0, "zorder": 5}
        ax.plot(*segment.T, **(defaults | style))
    return segment is not None


def _plane(ax: Axes, X: np.ndarray, y: np.ndarray) -> SimpleNamespace:
    """The data on a pale blue box, with the artists a view moves: the red half-plane, the rings
    around misclassified points, the boundary line and an arrow along ``(w1, w2)``."""
    (x0, y0), (x1, y1) = X.min(axis=0) - 0.5, X.max(axis=0) + 0.5
    ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, facecolor=pale(class_color(-1)), zorder=0))
    red = ax.add_patch(Polygon(np.empty((0, 2)), facecolor=pale(class_color(1)), zorder=0.1))
    scatter_classes(X, y, ax, legend=False, title="")
    rings = ax.scatter([], [], s=130, facecolors="none", edgecolors="black", linewidths=1.5, zorder=4)
    (line,) = ax.plot([], [], color="black", linewidth=2.0, zorder=5, label="boundary w·x + b = 0")
    arrow = ax.add_patch(FancyArrowPatch((0, 0), (0, 0), arrowstyle="-|>", mutation_scale=14, zorder=6))
    ax.set(xlim=(x0, x1), ylim=(y0, y1), xticks=np.arange(np.ceil(x0), x1), yticks=np.arange(np.ceil(y0), y1))
    corners = np.array([(x0, y0), (x1, y0), (x1, y1), (x0, y1)])
    return SimpleNamespace(ax=ax, X=X, y=y, corners=corners, red=red, rings=rings, line=line, arrow=arrow)


def _legend(*extra: Line2D) -> list[Line2D]:
    """Legend entries: the two classes, the misclassified rings, then ``extra``."""
    return [
        Line2D([], [], ls="", marker=CLASS_MARKER_LIST[0], color=class_color(-1), label="no (−1)"),
        Line2D([], [], ls="", marker=CLASS_MARKER_LIST[1], color=class_color(1), label="yes (+1)"),
        Line2D([], [], ls="", marker="o", ms=11, mfc="none", mec="black", label="misclassified"),
        *extra,
    ]


def _show_weights(plane: SimpleNamespace, weights: ArrayLike, b: float) -> tuple[np.ndarray, bool]:
    """Shade, ring and draw the line for the weights ``w, b``.

    Returns which points are classified correctly, and whether the line is in view.
    """
    w = np.asarray(weights, dtype=float)
    plane.red.set_xy(_half_plane(plane.corners, w, b))
    correct = sgn(plane.X @ w + b) == plane.y
    plane.rings.set_offsets(plane.X[~correct].reshape(-1, 2))
    segment = boundary_segment(w, b, *plane.corners[[0, 2]].T)
    plane.line.set_data(*(segment.T if segment is not None else ([], [])))
    plane.arrow.set_visible(segment is not None)
    if segment is not None:  # from the middle of the line towards the red side, along (w1, w2)
        middle, span = segment.mean(axis=0), np.ptp(plane.corners, axis=0).min()
        plane.arrow.set_positions(middle, middle + 0.12 * span * w / np.linalg.norm(w))
    return correct, segment is not None


def _fixed_parts(ax: Axes) -> list[Artist]:
    """What never changes in an axes: spines, ticks and their labels, the data points, the legend."""
    points = [c for c in ax.collections if len(np.asarray(c.get_offsets()))]  # what moves starts empty
    return [*ax.spines.values(), ax.xaxis, ax.yaxis, *points, *([ax.legend_] if ax.legend_ else [])]


def _no_line(w: tuple[float, float], b: float) -> str:
    if w[0] == 0 and w[1] == 0:
        return f"w = (0, 0): no line, every point gets sgn(b) = {sgn(b):+d}"
    return f"the line is outside the picture: every point here gets {sgn(b):+d}"


# --------------------------------------------------------------------------- widget 1


def neuron_view(X: Any, y: Any, w1: float = 2.0, w2: float = 2.0, b: float = 0.0) -> View:
    """The neuron ``ŷ = sgn(w1 f1 + w2 f2 + b)`` on the data ``X`` (n, 2), ``y`` in {-1, +1}.

    The plane is shaded by the neuron's answer (pale red where ``z = w · x + b >= 0``, pale blue
    where ``z < 0``); the black line is ``z = 0`` with an arrow along ``(w1, w2)``, into the red
    side; misclassified points are ringed. The summary states the accuracy. The figure is
    built once per data set and updated in place.
    """
    X, y = check_X_y(X, y, allowed=(-1, 1))
    check_features(X, 2)
    w, b = (check_number(w1, "w1"), check_number(w2, "w2")), check_number(b, "b")

    def build() -> SimpleNamespace:
        fig = new_figure(5.4, 4.5)
        plane = _plane(fig.add_axes((0.11, 0.1, 0.85, 0.8)), X, y)
        plane.ax.legend(handles=_legend(plane.line), loc="upper left", fontsize=8, framealpha=0.85)
        box = {"facecolor": "white", "alpha": 0.85, "edgecolor": "none"}
        note = plane.ax.text(0.5, 0.04, "", transform=plane.ax.transAxes, ha="center", fontsize=9, bbox=box)
        freeze(fig, _fixed_parts(plane.ax), on_top=True)
        return SimpleNamespace(fig=fig, plane=plane, note=note)

    scene = reuse(("ch1 neuron", X.shape, X.tobytes(), y.tobytes()), build)
    correct, in_view = _show_weights(scene.plane, w, b)
    scene.note.set_text("" if in_view else _no_line(w, b).replace("-", "−"))
    right, n = int(correct.sum()), len(y)
    title = f"w₁ = {w[0]:g}, w₂ = {w[1]:g}, b = {b:g}:  accuracy {right / n:.2f} ({n - right} of {n} wrong)"
    scene.plane.ax.set_title(title.replace("-", "−"), fontsize=10)
    return View(scene.fig, f"accuracy {right / n:.2f} ({right} of {n} correct)")


# --------------------------------------------------------------------------- widget 2


def perceptron_step_view(
    X: Any,
    y: Any,
    step: int = 1,
    lr: float = 1.0,
    *,
    init: tuple[Any, float] | None = None,
    every_example: bool = False,
    max_epochs: int = 100,
) -> View:
    """The perceptron algorithm on ``X, y`` after ``step`` steps with learning rate ``lr``.

    A step is one **update** (a visit to a misclassified example), or with ``every_example=True``
    one visit to any example, in the order the algorithm makes them. Step 0 is the start
    (``init``, default zero); a step past the end of the run shows the final state and says
    that the run is over. The figure shows the weights *after* the step (shading, rings, solid
    line), the line *before* it (dashed), the visited example ringed in orange, and below the plot
    the rule applied, in numbers. The summary states the step and the accuracy after it.
    """
    step = check_int(step, "step", minimum=0)
    lr = check_positive(lr, "lr")
    every_example = check_bool(every_example, "every_example")
    X, y = check_X_y(X, y, allowed=(-1, 1))
    check_features(X, 2)
    try:
        start = None if init is None else (tuple(float(v) for v in np.ravel(init[0])), float(init[1]))
        model = _cached_run(X.tobytes(), X.shape, y.astype(np.int64).tobytes(), lr, start, max_epochs)
    except (TypeError, ValueError, IndexError):  # a malformed argument: the plain run says what is wrong
        model = perceptron_run(X, y, lr, init=init, max_epochs=max_epochs)
    w0, b0 = (np.zeros(2), 0.0) if init is None else (np.asarray(init[0], float), float(init[1]))
    steps = [r for r in model.history_ if every_example or r.updated]
    record = steps[step - 1] if 0 < step <= len(steps) else None
    # the weights before a step are those after the step before it
    w_before, b_before = (steps[step - 2].w, steps[step - 2].b) if record and step > 1 else (w0, b0)
    w, b = (record.w, record.b) if record else (model.coef_, model.intercept_) if step else (w0, b0)

    def build() -> SimpleNamespace:
        fig = new_figure(7.2, 5.4)
        plane = _plane(fig.add_axes((0.08, 0.31, 0.6, 0.62)), X, y)
        grey, orange = PALETTE["grey"], PALETTE["orange"]
        (before,) = plane.ax.plot(
            [], [], color=grey, ls="--", lw=1.8, zorder=4, label="boundary before the step"
        )
        plane.line.set_label("boundary now")
        current = plane.ax.scatter(
            [], [], s=320, facecolors="none", edgecolors=orange, linewidths=3, zorder=7
        )
        visited = Line2D(
            [], [], ls="", marker="o", ms=15, mfc="none", mec=orange, mew=3, label="visited example"
        )
        legend = fig.legend(
            handles=_legend(plane.line, before, visited),
            loc="upper left",
            bbox_to_anchor=(0.7, 0.89),
            fontsize=8.5,
            frameon=False,
        )
        box = {"facecolor": "#F4F4F4", "edgecolor": "#CCCCCC", "boxstyle": "round,pad=0.5"}
        text = fig.text(0.02, 0.025, "", fontsize=9, family="monospace", va="bottom", bbox=box)
        freeze(fig, [*_fixed_parts(plane.ax), legend], on_top=True)
        return SimpleNamespace(fig=fig, plane=plane, before=before, current=current, text=text)

    scene = reuse(("ch1 steps", X.shape, X.tobytes(), y.tobytes()), build)
    correct, _ = _show_weights(scene.plane, w, b)
    segment = boundary_segment(w_before, b_before, *scene.plane.corners[[0, 2]].T)
    updated = record is not None and record.updated
    scene.before.set_data(*(segment.T if segment is not None and updated else ([], [])))
    scene.current.set_visible(record is not None)
    scene.current.set_offsets([record.x if record else (0.0, 0.0)])

    unit = "visits" if every_example else "updates"
    right, n = int(correct.sum()), len(y)
    end = (
        f"converged: {model.n_updates_} updates in {model.epochs_} epochs, the last without a mistake"
        if model.converged_
        else f"stopped after max_epochs = {max_epochs} without converging"
    )
    if record is not None:
        head = f"step {step} of {len(steps)} {unit}"
        text = describe_step(record, lr, w_before, b_before)
        text += f"\nthat was the last step: {end}" if step == len(steps) else ""
        what = f"epoch {record.epoch}, example #{record.index}: " + ("an update" if updated else "no change")
    elif step:
        head, what = f"step {step}: the run is over after {len(steps)} {unit}", "the final state"
        text = f"the final weights: w = ({w[0]:.2f}, {w[1]:.2f}), b = {b:.2f}\n{end}"
    else:
        head, what = f"step 0 of {len(steps)} {unit}", "the start"
        text = f"start: w = ({w[0]:.2f}, {w[1]:.2f}), b = {b:.2f}"
        text += "\nw = 0: no line; sgn(0) = +1, so every point is predicted red" if not w.any() else ""
    scene.text.set_text(text.replace("-", "−"))
    scene.plane.ax.set_title(
        f"{head}, η = {lr:g}:  accuracy {right / n:.2f} ({n - right} of {n} wrong)", fontsize=10
    )
    return View(scene.fig, f"{head}, η = {lr:g}, {what}; accuracy {right / n:.2f} ({right} of {n} correct)")


# --------------------------------------------------------------------------- a diagram of the neuron


def draw_neuron(*, biology: bool = True) -> Figure:
    """The neuron as a diagram: inputs f1, f2 and the constant 1, times the weights w1, w2 and b,
    summed to ``z``, passed through ``sgn`` to the prediction ``ŷ``. With ``biology=True`` each
    part is also labelled with the biological name it is loosely modelled on."""
    fig = new_figure(8.6, 3.5, dpi=100)
    ax = fig.add_axes((0.0, 0.0, 1.0, 0.9))
    ax.set(xlim=(0, 10), ylim=(-0.1, 4.2), aspect="equal")
    ax.set_axis_off()
    blue, grey = PALETTE["blue"], "#3A4A57"
    soma = (5.0, 2.0)

    def arrow(start: tuple[float, float], end: tuple[float, float], width: float = 1.3) -> None:
        ax.add_patch(
            FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=12, color=grey, linewidth=width)
        )

    for name, weight, height in (("$f_1$", "$w_1$", 3.3), ("$f_2$", "$w_2$", 2.0), ("$1$", "$b$", 0.7)):
        ax.add_patch(Circle((1.0, height), 0.36, facecolor="#E9F1F7", edgecolor=blue, linewidth=1.5))
        ax.text(1.0, height, name, ha="center", va="center", fontsize=12)
        end = (soma[0] - 0.62, soma[1] + 0.25 * (height - soma[1]))
        arrow((1.38, height), end)
        mid = np.array([1.38, height]) + 0.35 * (np.array(end) - (1.38, height))
        ax.text(mid[0], mid[1] + 0.12, weight, ha="center", va="bottom", fontsize=11, color=blue)
    ax.add_patch(Circle(soma, 0.6, facecolor=blue, edgecolor="#004C77", linewidth=2))
    ax.text(soma[0], soma[1], r"$\Sigma$", ha="center", va="center", fontsize=20, color="white")
    ax.text(soma[0], soma[1] - 0.95, r"$z = w_1 f_1 + w_2 f_2 + b$", ha="center", va="top", fontsize=10.5)
    # the activation: a box with a little step function
    left, bottom, width, height = 6.55, 1.45, 1.3, 1.1
    ax.add_patch(
        FancyBboxPatch(
            (left, bottom),
            width,
            height,
            boxstyle="round,pad=0,rounding_size=0.12",
            facecolor="white",
            edgecolor=blue,
            linewidth=1.5,
        )
    )
    ax.plot(
        [left + 0.15, left + width / 2, left + width / 2, left + width - 0.15],
        [bottom + 0.25, bottom + 0.25, bottom + height - 0.25, bottom + height - 0.25],
        color=class_color(1),
        linewidth=2,
    )
    ax.text(left + width / 2, bottom - 0.1, "sgn", ha="center", va="top", fontsize=10.5)
    arrow((soma[0] + 0.62, soma[1]), (left - 0.02, soma[1]), 1.5)
    arrow((left + width + 0.02, soma[1]), (9.35, soma[1]), 1.5)
    ax.text(9.45, soma[1], r"$\hat{y}$", ha="left", va="center", fontsize=13)
    ax.text(9.0, soma[1] - 0.3, "+1 or −1", ha="center", va="top", fontsize=9)
    if biology:
        style: dict[str, Any] = {
            "ha": "center",
            "fontsize": 9.5,
            "color": PALETTE["bluish_green"],
            "style": "italic",
        }
        ax.text(2.9, 4.15, "dendrites\n(weighted inputs)", va="top", **style)
        ax.text(soma[0], 3.25, "soma (cell body)\nadds everything up", va="bottom", **style)
        ax.text(left + width / 2, 3.25, "firing threshold\n(activation)", va="bottom", **style)
        ax.text(8.85, 2.55, "axon\n(output)", va="bottom", **style)
    ax.set_title("One artificial neuron (the perceptron)", fontsize=12, fontweight="bold", loc="left")
    return fig
