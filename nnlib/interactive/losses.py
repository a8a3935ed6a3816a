"""Widget callbacks and helpers for chapter 3, *Loss functions and metrics*.

* :func:`prediction_losses` — Euclidean distance, mean squared error and cross-entropy of one
  predicted probability vector against its true class (computed with ``nnlib.losses``).
* :func:`loss_comparison_view` — widget 1: the prediction (human, cat, dog) next to the ideal
  one-hot output, and the three losses as bars.
* :func:`tiny_classifier_curves` / :func:`accuracy_vs_loss_view` — widget 2: a one-feature
  logistic classifier ``p(x) = σ(w·x + b)`` with a fixed bias; its accuracy (piecewise constant)
  and its binary cross-entropy loss (smooth) as functions of the weight ``w``.

Every view returns the matplotlib ``Figure`` it drew (plus, where useful, the numbers it shows).
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from nnlib.interactive._fastdraw import WIDGET_DPI, _PlainLegend, freeze_layout, new_figure
from nnlib.layers import sigmoid
from nnlib.losses import CrossEntropy, EuclideanDistance, MeanSquaredError

__all__ = [
    "CLASS_NAMES",
    "TINY_BIAS",
    "TINY_X",
    "TINY_Y",
    "W_RANGE",
    "accuracy_vs_loss_view",
    "loss_comparison_view",
    "prediction_losses",
    "tiny_classifier_curves",
]


#: The classes of the chapter's image-classifier example, in output order.
CLASS_NAMES: tuple[str, ...] = ("human", "cat", "dog")

# Okabe–Ito colours.
_BLUE = "#0072B2"
_VERMILLION = "#D55E00"
_GREEN = "#009E73"
_ORANGE = "#E69F00"
_GREY = "#999999"

_LOSS_NAMES = ("euclidean", "mse", "cross_entropy")
_LOSS_LABELS = ("Euclidean\ndistance", "mean squared\nerror", "cross-\nentropy")
_LOSS_COLORS = (_BLUE, _ORANGE, _VERMILLION)
_LOSS_AXIS_TOP = 3.0  # bars above this are cut and marked with an arrow


def _class_index(true_class: str | int) -> int:
    if isinstance(true_class, str):
        if true_class not in CLASS_NAMES:
            raise ValueError(f"unknown class {true_class!r}; choose one of {', '.join(CLASS_NAMES)}")
        return CLASS_NAMES.index(true_class)
    if isinstance(true_class, (int, np.integer)) and not isinstance(true_class, bool):
        if not 0 <= true_class < len(CLASS_NAMES):
            raise ValueError(f"true_class must be in 0..{len(CLASS_NAMES) - 1}, got {true_class}")
        return int(true_class)
    raise ValueError(f"true_class must be a class name or index, got {true_class!r}")


def _probabilities(p_human: float, p_cat: float) -> np.ndarray:
    """(p_human, p_cat, p_dog) with p_dog = 1 − p_human − p_cat; validates the inputs."""
    for name, p in (("p_human", p_human), ("p_cat", p_cat)):
        if not (np.isfinite(p) and 0.0 <= p <= 1.0):
            raise ValueError(f"{name} must be a probability in [0, 1], got {p!r}")
    p_dog = 1.0 - p_human - p_cat
    if p_dog < -1e-9:
        raise ValueError(
            f"p_human + p_cat must be at most 1 (the three probabilities sum to 1), "
            f"got {p_human} + {p_cat} = {p_human + p_cat}"
        )
    return np.array([p_human, p_cat, max(p_dog, 0.0)])


def prediction_losses(probs: np.ndarray, true_class: str | int) -> dict[str, float]:
    """The three losses of one probability vector against the one-hot target of ``true_class``.

    Returns ``{"euclidean": ‖t − p‖, "mse": mean((t − p)²), "cross_entropy": −log p_true}``,
    computed with ``nnlib.losses`` (cross-entropy clips p at 1e-12, so it stays finite).
    """
    p = np.asarray(probs, dtype=float)
    if p.shape != (len(CLASS_NAMES),):
        raise ValueError(f"probs must have shape ({len(CLASS_NAMES)},), got {p.shape}")
    if np.any(p < 0) or not np.isclose(p.sum(), 1.0, atol=1e-6):
        raise ValueError(f"probs must be non-negative and sum to 1, got {p}")
    c = _class_index(true_class)
    t = np.zeros_like(p)
    t[c] = 1.0
    return {
        "euclidean": EuclideanDistance()(p[None, :], t[None, :]),
        "mse": MeanSquaredError()(p, t),
        "cross_entropy": CrossEntropy()(p[None, :], np.array([c])),
    }


class _ComparisonArtists:
    """The artists of widget 1; :meth:`update` sets new values.

    Building the figure (axes, ticks, legend) costs more than drawing it, so the widget keeps one
    instance and only updates its artists on every slider move.
    """

    def __init__(self) -> None:
        self.fig = new_figure(figsize=(9.0, 3.6), dpi=WIDGET_DPI)
        self.ax_p, self.ax_l = self.fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.1, 1.0]})
        self.fig.subplots_adjust(left=0.08, right=0.98, bottom=0.17, top=0.86, wspace=0.3)
        ax_p, ax_l = self.ax_p, self.ax_l
        x = np.arange(3)
        self.p_bars = list(ax_p.bar(x - 0.19, np.zeros(3), width=0.38, color=_BLUE, label="prediction p"))
        self.t_bars = list(ax_p.bar(x + 0.19, np.zeros(3), width=0.38, facecolor="none", edgecolor="black",
                                    lw=1.5, label="ideal t (one-hot)"))  # fmt: skip
        self.p_texts = [ax_p.text(xi - 0.19, 0, "", ha="center", va="bottom", fontsize=9) for xi in x]
        ax_p.set_xticks(x, CLASS_NAMES)
        ax_p.set_ylim(0, 1.4)  # (room for the legend above the bars' values)
        ax_p.set_yticks([0, 0.25, 0.5, 0.75, 1.0])  # few ticks: they are costly to draw
        ax_p.set_ylabel("probability")
        # a fixed title position (y=1.0) skips matplotlib's costly automatic placement
        self.p_title = ax_p.set_title(" ", fontsize=10, y=1.0)
        # a legend of plain artists, laid out once (a Legend lays itself out on every draw)
        ax_p.legend_ = _PlainLegend(
            ax_p, [({"marker": "s", "markersize": 8, "color": _BLUE}, "prediction p"),
                   ({"marker": "s", "markersize": 8, "markerfacecolor": "none",
                     "markeredgecolor": "black", "markeredgewidth": 1.5}, "ideal t (one-hot)")],
            (0.0, 1.0), loc="upper left", fontsize=8, frame_alpha=0.9,
        )  # fmt: skip

        self.l_bars = list(ax_l.bar(x, np.zeros(3), color=_LOSS_COLORS, width=0.6))
        self.l_texts = [ax_l.text(xi, 0, "", ha="center", va="bottom", fontsize=9.5) for xi in x]
        ax_l.set_xticks(x, _LOSS_LABELS)
        ax_l.set_ylim(0, _LOSS_AXIS_TOP + 0.45)
        ax_l.set_yticks([0, 1, 2, 3])
        ax_l.set_ylabel("loss (0 = perfect)")
        self.l_title = ax_l.set_title(" ", fontsize=10, y=1.0)
        self.true_class: int | None = None
        self._set_true_class(2)
        freeze_layout(self.fig)

    def _set_true_class(self, c: int) -> None:
        self.ax_p.set_xticklabels([f"{name}\n(true class)" if i == c else name
                                   for i, name in enumerate(CLASS_NAMES)])  # fmt: skip
        self.l_title.set_text(f"losses for true class '{CLASS_NAMES[c]}'")
        self.true_class = c

    def update(self, info: dict, c: int) -> Figure:
        for bar, text, pi in zip(self.p_bars, self.p_texts, info["probabilities"], strict=True):
            bar.set_height(pi)
            text.set_y(pi + 0.02)
            text.set_text(f"{pi:.2f}")
        for bar, ti in zip(self.t_bars, info["target"], strict=True):
            bar.set_height(ti)
        if c != self.true_class:
            self._set_true_class(c)
        verdict = "correct" if info["correct"] else "wrong"
        self.p_title.set_text(f"decision: {info['decision']} ({verdict})")
        for bar, text, name in zip(self.l_bars, self.l_texts, _LOSS_NAMES, strict=True):
            v = info[name]
            shown = min(v, _LOSS_AXIS_TOP)  # bars above the axis are cut and marked with an arrow
            bar.set_height(shown)
            text.set_y(shown + 0.05)
            text.set_text(f"{v:.3f}" + (" ↑" if v > _LOSS_AXIS_TOP else ""))
        return self.fig


_COMPARISON_VIEW: list[_ComparisonArtists] = []  # the one kept figure, created on first use


def loss_comparison_view(
    p_human: float = 0.48, p_cat: float = 0.01, true_class: str | int = "dog"
) -> tuple[Figure, dict]:
    """Widget 1: a prediction (human, cat, dog) against the ideal output, and three losses.

    ``p_human`` and ``p_cat`` are set by sliders; ``p_dog = 1 − p_human − p_cat`` so the three
    always sum to 1 (``ValueError`` if ``p_human + p_cat > 1`` or a value is not in [0, 1]).
    ``true_class`` is a name from :data:`CLASS_NAMES` or its index.

    Returns ``(fig, info)`` where ``info`` holds ``"probabilities"`` (the 3 values),
    ``"target"`` (the one-hot ideal output), ``"decision"`` (the predicted class name),
    ``"correct"`` (bool) and the three losses ``"euclidean"``, ``"mse"``, ``"cross_entropy"``.
    The figure is kept and updated between calls (fast redraws for the widget).
    """
    p = _probabilities(p_human, p_cat)
    c = _class_index(true_class)
    losses = prediction_losses(p, c)
    target = np.zeros(3)
    target[c] = 1.0
    decision = int(np.argmax(p))
    info = {
        "probabilities": p,
        "target": target,
        "decision": CLASS_NAMES[decision],
        "correct": decision == c,
        **losses,
    }
    if not _COMPARISON_VIEW:
        _COMPARISON_VIEW.append(_ComparisonArtists())
    return _COMPARISON_VIEW[0].update(info, c), info


# ---------------------------------------------------------------------------------------------
# Widget 2: a tiny one-feature classifier
# ---------------------------------------------------------------------------------------------

#: The tiny 1-D data set: ten examples with one feature and labels 0 ("no") / 1 ("yes").
#: The classes overlap (a "yes" at x = 2.2 lies left of a "no" at 2.6): no threshold is perfect.
TINY_X = np.array([0.4, 0.9, 1.3, 1.8, 2.2, 2.6, 3.0, 3.5, 4.0, 4.6])
TINY_Y = np.array([0, 0, 0, 0, 1, 0, 1, 1, 1, 1])
#: The classifier's fixed bias: p(x) = σ(w·x + TINY_BIAS); it predicts "yes" where x > 3 / w.
TINY_BIAS = -3.0
#: The weight range of the widget's slider and of the curves.
W_RANGE = (0.0, 3.5)
_W_GRID = np.linspace(*W_RANGE, 351)


def tiny_classifier_curves(w: np.ndarray | float) -> tuple[np.ndarray, np.ndarray]:
    """Accuracy and mean binary cross-entropy of ``p(x) = σ(w·x + TINY_BIAS)`` on the tiny data.

    ``w`` may be a number or an array of weights; returns ``(accuracy, loss)`` of the same shape.
    A point is predicted "yes" when p > 0.5, i.e. when w·x + b > 0.
    """
    w_arr = np.asarray(w, dtype=float)
    if not np.all(np.isfinite(w_arr)):
        raise ValueError(f"w must be finite, got {w!r}")
    z = w_arr[..., None] * TINY_X + TINY_BIAS  # (..., 10) scores
    predictions = (z > 0).astype(int)
    acc = np.mean(predictions == TINY_Y, axis=-1)
    # binary cross-entropy from the scores, written so exp never overflows
    loss = np.mean(np.maximum(z, 0) - z * TINY_Y + np.log1p(np.exp(-np.abs(z))), axis=-1)
    return acc, loss


_ACC_CURVE, _LOSS_CURVE = tiny_classifier_curves(_W_GRID)


class _AccuracyArtists:
    """The artists of widget 2; :meth:`update` moves them to a new weight (see _ComparisonArtists)."""

    def __init__(self) -> None:
        self.fig = new_figure(figsize=(10.0, 3.6), dpi=WIDGET_DPI)
        self.ax_d, self.ax_c = self.fig.subplots(1, 2)
        self.fig.subplots_adjust(left=0.06, right=0.98, bottom=0.15, top=0.88, wspace=0.22)
        ax_d, ax_c = self.ax_d, self.ax_c

        # left: data and model
        self.xs = np.linspace(0, 5, 101)
        (self.model_line,) = ax_d.plot(self.xs, self.xs, color="black", lw=1.8, label="model p(x)")
        entries = [(self.model_line, "model p(x)")]
        for label, color, marker, name in ((0, _BLUE, "o", "no (0)"), (1, _VERMILLION, "s", "yes (1)")):
            m = np.equal(TINY_Y, label)
            ax_d.scatter(TINY_X[m], TINY_Y[m], color=color, marker=marker, s=45, zorder=3,
                         edgecolors="white", label=name)  # fmt: skip
            entries.append(({"marker": marker, "color": color, "markeredgecolor": "white",
                             "markersize": np.sqrt(45)}, name))  # fmt: skip
        self.wrong = ax_d.scatter(TINY_X, TINY_Y, s=150, facecolors="none", edgecolors="black",
                                  lw=1.3, zorder=4, label="misclassified")  # fmt: skip
        entries.append(({"marker": "o", "markerfacecolor": "none", "markeredgecolor": "black",
                         "markeredgewidth": 1.3, "markersize": np.sqrt(150)}, "misclassified"))  # fmt: skip
        self.threshold = ax_d.axvline(1.0, color=_GREY, ls="--", lw=1.2, label="threshold p = 0.5")
        entries.append((self.threshold, "threshold p = 0.5"))
        ax_d.set_xlim(0, 5)
        ax_d.set_ylim(-0.12, 1.12)
        ax_d.set_xticks([0, 1, 2, 3, 4, 5])  # few ticks: they are costly to draw
        ax_d.set_yticks([0, 0.5, 1])
        ax_d.set_xlabel("feature x")
        ax_d.set_ylabel("p(yes)  and label")
        # a fixed title position (y=1.0) skips matplotlib's costly automatic placement
        self.d_title = ax_d.set_title(" ", fontsize=10, y=1.0)
        # legends of plain artists, laid out once (a Legend lays itself out on every draw); this
        # one centred on the left edge (a _PlainLegend of n rows is (1.5 n + 0.3) font sizes high)
        axes_points = 72 * self.fig.get_figheight() * ax_d.get_position().height
        height = 7.5 * (1.5 * len(entries) + 0.3) / axes_points
        ax_d.legend_ = _PlainLegend(ax_d, entries, (0.0, 0.5 + height / 2), loc="upper left",
                                    fontsize=7.5, frame_alpha=0.9, offset=(4.0, 0.0))  # fmt: skip

        # right: accuracy (a staircase) and loss (smooth) against the weight
        curves = [
            *ax_c.plot(_W_GRID, _ACC_CURVE, color=_GREEN, lw=2.2, drawstyle="steps-mid",
                       label="accuracy (higher is better)"),
            *ax_c.plot(_W_GRID, _LOSS_CURVE, color=_VERMILLION, lw=2.2,
                       label="loss: binary cross-entropy (lower is better)"),
        ]  # fmt: skip
        self.w_line = ax_c.axvline(0.0, color="black", lw=1, ls=":")
        (self.marker,) = ax_c.plot([0, 0], [0, 0], "o", color="black", ms=6, zorder=3)
        ax_c.set_xlim(*W_RANGE)
        ax_c.set_ylim(0, 1.75)
        ax_c.set_xticks([0, 1, 2, 3])
        ax_c.set_yticks([0, 0.5, 1, 1.5])
        ax_c.set_xlabel("weight w")
        ax_c.set_ylabel("accuracy  /  loss")
        self.c_title = ax_c.set_title(" ", fontsize=10, y=1.0)
        ax_c.legend_ = _PlainLegend(ax_c, [(line, line.get_label()) for line in curves], (1.0, 1.0),
                                    loc="upper right", fontsize=8, frame_alpha=0.9)  # fmt: skip
        self.update(0.8, *(float(v) for v in tiny_classifier_curves(0.8)))
        freeze_layout(self.fig)

    def update(self, w: float, acc: float, loss: float) -> Figure:
        self.model_line.set_ydata(sigmoid(w * self.xs + TINY_BIAS))
        wrong = ((w * TINY_X + TINY_BIAS) > 0).astype(int) != TINY_Y
        self.wrong.set_offsets(np.column_stack([TINY_X[wrong], TINY_Y[wrong]]))
        threshold = -TINY_BIAS / w if w > 0 else np.inf
        self.threshold.set_visible(bool(threshold <= 5))
        if threshold <= 5:
            self.threshold.set_xdata([threshold, threshold])
        self.d_title.set_text(f"model p(x) = σ({w:.2f}·x − 3)")
        self.w_line.set_xdata([w, w])
        self.marker.set_data([w, w], [acc, loss])
        self.c_title.set_text(f"w = {w:.2f}:  accuracy = {acc:.1f},  loss = {loss:.3f}")
        return self.fig


_ACCURACY_VIEW: list[_AccuracyArtists] = []  # the one kept figure, created on first use


def accuracy_vs_loss_view(w: float = 0.8) -> Figure:
    """Widget 2: the tiny classifier at weight ``w``; its accuracy and its loss against ``w``.

    Left: the ten examples, the model's p(x) and its decision threshold x = 3 / w (points left of
    it are predicted "no", right of it "yes"); misclassified examples are circled. Right: over the
    weight range, the accuracy (a staircase) and the binary cross-entropy loss (a smooth curve),
    with the current ``w`` marked on both. The figure is kept and updated between calls (fast
    redraws for the widget). ``ValueError`` for a non-finite ``w``.
    """
    if not np.isfinite(w):
        raise ValueError(f"w must be finite, got {w!r}")
    acc, loss = tiny_classifier_curves(w)
    if not _ACCURACY_VIEW:
        _ACCURACY_VIEW.append(_AccuracyArtists())
    return _ACCURACY_VIEW[0].update(float(w), float(acc), float(loss))
