"""Chapter 3, *Loss functions and metrics*: the maths behind its widgets, and the views.

The maths a reader meets in the chapter are plain functions:

* :func:`three_class_prediction` and :func:`is_distribution` -- the prediction
  (p_human, p_cat, p_dog = 1 − p_human − p_cat) and whether it is a probability distribution;
* :func:`prediction_losses` -- Euclidean distance, mean squared error and cross-entropy of one
  prediction against its true class (computed with ``nnlib.losses``);
* :func:`tiny_classifier_curves` -- accuracy and binary cross-entropy of the one-feature
  classifier p(x) = σ(w·x − 3) on ten examples, as functions of the weight w.

The widget callbacks return a :class:`~nnlib.interactive.frames.View`:
:func:`loss_comparison_view` (three losses side by side) and :func:`accuracy_vs_loss_view`
(accuracy steps, the loss slides).
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from nnlib._validation import as_float_array
from nnlib.interactive.frames import View, freeze, new_figure, reuse
from nnlib.layers import sigmoid
from nnlib.losses import CrossEntropy, EuclideanDistance, MeanSquaredError
from nnlib.plot import PALETTE

__all__ = [
    "CLASS_NAMES",
    "P_VALUES",
    "TINY_BIAS",
    "TINY_X",
    "TINY_Y",
    "W_RANGE",
    "W_VALUES",
    "accuracy_vs_loss_view",
    "is_distribution",
    "loss_comparison_view",
    "prediction_losses",
    "three_class_prediction",
    "tiny_classifier_curves",
]

#: The classes of the chapter's image classifier, in output order.
CLASS_NAMES: tuple[str, ...] = ("human", "cat", "dog")


def _finite(value: float, name: str) -> float:
    return float(as_float_array(value, name, ndim=0))


def _class_index(true_class: str | int) -> int:
    if isinstance(true_class, str) and true_class in CLASS_NAMES:
        return CLASS_NAMES.index(true_class)
    if isinstance(true_class, (int, np.integer)) and not isinstance(true_class, bool):
        index = int(true_class)
        if index in range(len(CLASS_NAMES)):
            return index
    raise ValueError(f"true_class must be one of {CLASS_NAMES} or an index 0..2, got {true_class!r}")


def three_class_prediction(p_human: float, p_cat: float) -> np.ndarray:
    """The prediction (p_human, p_cat, p_dog) with p_dog = 1 − p_human − p_cat.

    The entries always sum to 1, but p_dog is negative when p_human + p_cat > 1: check the
    result with :func:`is_distribution`. (A sum that exceeds 1 only by rounding, < 1e-9, gives
    p_dog = 0.)
    """
    p_human, p_cat = _finite(p_human, "p_human"), _finite(p_cat, "p_cat")
    p_dog = 1.0 - p_human - p_cat
    return np.array([p_human, p_cat, 0.0 if -1e-9 < p_dog < 0 else p_dog])


def is_distribution(p: np.ndarray) -> bool:
    """True when every entry of ``p`` lies in [0, 1] and the entries sum to 1."""
    p = np.asarray(p, dtype=float)
    return bool(np.all(p >= 0) and np.all(p <= 1) and np.isclose(p.sum(), 1.0, atol=1e-9))


def prediction_losses(p: np.ndarray, true_class: str | int) -> dict[str, float]:
    """The three losses of one prediction ``p`` (K = 3 probabilities) against the one-hot target
    ``t`` of ``true_class`` (a name from :data:`CLASS_NAMES` or its index).

    Returns ``{"euclidean": ‖t − p‖, "mse": ‖t − p‖² / 3, "cross_entropy": −log p_y}``, computed
    with ``nnlib.losses`` (cross-entropy clips p at 1e-12, so it stays finite: at most 27.6).
    Raises ``ValueError`` if ``p`` is not a probability distribution over the three classes.
    """
    p = as_float_array(p, "p", ndim=1)
    if p.shape != (len(CLASS_NAMES),) or not is_distribution(p):
        raise ValueError(f"p must be 3 probabilities in [0, 1] that sum to 1, got {p}")
    y = _class_index(true_class)
    t = np.eye(len(CLASS_NAMES))[y]
    return {
        "euclidean": EuclideanDistance()(p[None, :], t[None, :]),
        "mse": MeanSquaredError()(p, t),
        "cross_entropy": CrossEntropy()(p[None, :], np.array([y])),
    }


# --------------------------------------------------------------------------- widget (a)

#: The static book's grid for both sliders of widget (a): it holds the worked example (0.48, 0.01),
#: confident answers (0.01, 0.98), the uniform 1/3 and a few steps between; 9 × 9 × 3 = 243 frames.
P_VALUES = (0.0, 0.01, 0.1, 0.25, 1 / 3, 0.48, 0.51, 0.75, 0.98)

_LOSS_KEYS = ("euclidean", "mse", "cross_entropy")
_LOSS_LABELS = ("Euclidean\ndistance", "mean squared\nerror", "cross-\nentropy")
_LOSS_COLOURS = (PALETTE["blue"], PALETTE["orange"], PALETTE["vermillion"])
_LOSS_TOP = 3.0  # loss bars above this are cut and marked with an arrow


def _fix_layout(*axes: Axes) -> None:
    """Fixed axis-label positions: matplotlib then skips measuring the tick labels on every draw."""
    for ax in axes:
        ax.xaxis.set_label_coords(0.5, -0.12)
        ax.yaxis.set_label_coords(-0.11, 0.5)


def _comparison_figure(y: int) -> tuple[Figure, dict]:
    """Widget (a)'s figure for the true class ``y`` (its tick labels and loss title are frozen)."""
    fig = new_figure(9.0, 3.7)
    ax_p, ax_l = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.1, 1.0]})
    fig.subplots_adjust(left=0.08, right=0.98, bottom=0.17, top=0.83, wspace=0.28)
    x = np.arange(3)
    art = {
        "ax_p": ax_p,
        "p_bars": list(ax_p.bar(x - 0.19, np.zeros(3), width=0.38, color=PALETTE["blue"])),
        "t_bars": list(
            ax_p.bar(x + 0.19, np.zeros(3), width=0.38, facecolor="none", edgecolor="black", lw=1.5)
        ),
        "p_texts": [ax_p.text(xi - 0.19, 0, "", ha="center", va="bottom", fontsize=9) for xi in x],
        # the title's fixed second line; the decision above it is a text of its own, "decision"
        "p_title": ax_p.set_title("\nfilled: prediction p, outlined: target t", fontsize=9.5, y=1.0),
        "l_bars": list(ax_l.bar(x, np.zeros(3), color=_LOSS_COLOURS, width=0.6)),
        "l_texts": [ax_l.text(xi, 0, "", ha="center", va="bottom", fontsize=9.5) for xi in x],
        "l_title": ax_l.set_title(f"losses for true class '{CLASS_NAMES[y]}'", fontsize=9.5, y=1.0),
        "invalid": ax_l.text(1, 1.7, "", ha="center", va="center", fontsize=10, color=PALETTE["vermillion"]),
    }
    # two lines, the second empty, anchored like the title: the first lies on the title's first line
    art["decision"] = ax_p.text(
        0.5, 1.0, "", transform=art["p_title"].get_transform(), ha="center", va="baseline", fontsize=9.5
    )
    ax_p.set_xticks(x, [f"{n}\n(true class)" if i == y else n for i, n in enumerate(CLASS_NAMES)])
    ax_p.set_ylim(0, 1.15)
    ax_p.set_yticks([0, 0.25, 0.5, 0.75, 1.0])
    ax_p.set_ylabel("probability")
    ax_l.set_xticks(x, _LOSS_LABELS)
    ax_l.set_ylim(0, _LOSS_TOP + 0.45)
    ax_l.set_yticks([0, 1, 2, 3])
    ax_l.set_ylabel("loss (0 = perfect)")
    _fix_layout(ax_p, ax_l)
    bars = [*art["p_bars"], *art["t_bars"], *art["l_bars"]]
    texts = [*art["p_texts"], *art["l_texts"], art["invalid"], art["decision"]]
    freeze(fig, moving=[*bars, *texts, *ax_p.spines.values(), *ax_l.spines.values()])  # spines: over bars
    return fig, art


def loss_comparison_view(p_human: float = 0.48, p_cat: float = 0.01, true_class: str = "dog") -> View:
    """Widget (a): the prediction (p_human, p_cat, 1 − p_human − p_cat) next to the one-hot target
    of ``true_class``, and its three losses (bars above 3 are cut and marked ↑).

    Every pair of slider values is drawn: when p_human + p_cat > 1 the figure says that the three
    numbers are not a probability distribution and shows no loss. The summary states the
    decision and the three losses.
    """
    p = three_class_prediction(p_human, p_cat)
    y = _class_index(true_class)
    fig, art = reuse(("loss_comparison", y), lambda: _comparison_figure(y))
    valid = is_distribution(p)
    for bar, text, t_bar, pi, ti in zip(
        art["p_bars"], art["p_texts"], art["t_bars"], p, np.eye(3)[y], strict=True
    ):
        bar.set_height(max(pi, 0.0))
        t_bar.set_height(ti)
        text.set_y(max(pi, 0.0) + 0.02)
        text.set_text(f"{pi:.2f}")
        text.set_color("black" if pi >= 0 else PALETTE["vermillion"])
    if not valid:
        art["decision"].set_text("not a probability distribution\n")
        for bar, text in zip(art["l_bars"], art["l_texts"], strict=True):
            bar.set_height(0.0)
            text.set_text("")
        message = (
            f"p(human) + p(cat) = {p[0] + p[1]:.2f} > 1,\nso p(dog) = {p[2]:.2f} < 0:\nno loss is defined"
        )
        art["invalid"].set_text(message)
        return View(fig, "not a probability distribution: " + message.replace("\n", " "))
    losses = prediction_losses(p, y)
    best = np.flatnonzero(p >= p.max() - 1e-9)  # a tie has no single decision
    if len(best) > 1:
        decision = "tie of " + ", ".join(CLASS_NAMES[i] for i in best)
        verdict = "no single decision"
    else:
        decision = CLASS_NAMES[best[0]]
        verdict = "correct" if best[0] == y else "wrong"
    art["decision"].set_text(f"decision: {decision} ({verdict})\n")
    art["invalid"].set_text("")
    for bar, text, key in zip(art["l_bars"], art["l_texts"], _LOSS_KEYS, strict=True):
        shown = min(losses[key], _LOSS_TOP)
        bar.set_height(shown)
        text.set_y(shown + 0.05)
        text.set_text(f"{losses[key]:.3f}" + (" ↑" if losses[key] > _LOSS_TOP else ""))
    summary = (
        f"p = ({p[0]:.2f}, {p[1]:.2f}, {p[2]:.2f}), true class {CLASS_NAMES[y]}: "
        f"decision {decision} ({verdict}); distance {losses['euclidean']:.3f}, MSE {losses['mse']:.3f}, "
        f"cross-entropy {losses['cross_entropy']:.3f}"
    )
    return View(fig, summary)


# --------------------------------------------------------------------------- widget (b)

#: The tiny 1-D data set: ten examples with one feature and labels 0 ("no") / 1 ("yes").
#: The classes overlap (a "yes" at x = 2.2 lies left of a "no" at 2.6): no threshold is perfect.
TINY_X = np.array([0.4, 0.9, 1.3, 1.8, 2.2, 2.6, 3.0, 3.5, 4.0, 4.6])
TINY_Y = np.array([0, 0, 0, 0, 1, 0, 1, 1, 1, 1])
#: The classifier's fixed bias: p(x) = σ(w·x + TINY_BIAS); it predicts "yes" where x > 3 / w.
TINY_BIAS = -3.0
#: The weight range of the widget's slider and of the curves.
W_RANGE = (0.0, 3.5)
#: The static book's grid for widget (b): w = 0, 0.05, ..., 3.5 (71 frames).
W_VALUES = tuple(np.round(np.arange(0.0, 3.5 + 1e-9, 0.05), 2).tolist())


def tiny_classifier_curves(w: np.ndarray | float) -> tuple[np.ndarray, np.ndarray]:
    """Accuracy and mean binary cross-entropy of p(x) = σ(w·x + TINY_BIAS) on the tiny data.

    ``w`` is a number or an array of weights; returns ``(accuracy, loss)`` of the same shape.
    An example is predicted "yes" (ŷ = 1) when p > 0.5, i.e. when z = w·x + b > 0.
    """
    w = as_float_array(w, "w")
    z = w[..., None] * TINY_X + TINY_BIAS  # (..., 10) pre-activations
    acc = np.mean((z > 0).astype(int) == TINY_Y, axis=-1)
    # binary cross-entropy from z, written so that exp never overflows
    loss = np.mean(np.maximum(z, 0) - z * TINY_Y + np.log1p(np.exp(-np.abs(z))), axis=-1)
    return acc, loss


def _accuracy_figure() -> tuple[Figure, dict]:
    fig = new_figure(10.0, 3.7)
    ax_d, ax_c = fig.subplots(1, 2)
    fig.subplots_adjust(left=0.07, right=0.98, bottom=0.16, top=0.85, wspace=0.2)
    xs = np.linspace(0, 5, 101)
    for label, colour, marker in ((0, PALETTE["blue"], "o"), (1, PALETTE["vermillion"], "s")):
        in_class = np.equal(TINY_Y, label)
        ax_d.scatter(
            TINY_X[in_class],
            TINY_Y[in_class],
            color=colour,
            marker=marker,
            s=45,
            zorder=3,
            edgecolors="white",
        )
    art = {
        "xs": xs,
        "model": ax_d.plot(xs, xs, color="black", lw=1.8)[0],
        "wrong": ax_d.scatter(TINY_X, TINY_Y, s=150, facecolors="none", edgecolors="black", lw=1.3, zorder=4),
        "threshold": ax_d.axvline(1.0, color=PALETTE["grey"], ls="--", lw=1.2),
        "d_title": ax_d.set_title(" ", fontsize=9.5, y=1.0),
        "w_line": ax_c.axvline(0.0, color="black", lw=1, ls=":"),
        "marker": ax_c.plot([0, 0], [0, 0], "o", color="black", ms=6, zorder=3)[0],
        "c_title": ax_c.set_title(" ", fontsize=9.5, y=1.0),
    }
    ax_d.set(xlim=(0, 5), ylim=(-0.12, 1.12), xticks=[0, 1, 2, 3, 4, 5], xlabel="feature x")
    ax_d.set_yticks([0, 0.5, 1], ["no (0)", "0.5", "yes (1)"])
    ax_d.set_ylabel("p(yes) and label")
    ws = np.linspace(*W_RANGE, 351)
    acc, loss = tiny_classifier_curves(ws)
    ax_c.plot(ws, acc, color=PALETTE["bluish_green"], lw=2.2, drawstyle="steps-mid")
    ax_c.plot(ws, loss, color=PALETTE["vermillion"], lw=2.2)
    ax_c.text(
        2.55, 1.6, "loss (binary cross-entropy)", ha="center", fontsize=8.5, color=PALETTE["vermillion"]
    )
    ax_c.text(2.55, 1.45, "accuracy", ha="center", fontsize=8.5, color=PALETTE["bluish_green"])
    ax_c.set(xlim=W_RANGE, ylim=(0, 1.75), xticks=[0, 1, 2, 3], yticks=[0, 0.5, 1, 1.5], xlabel="weight w")
    ax_c.set_ylabel("accuracy  /  loss")
    _fix_layout(ax_d, ax_c)
    ax_d.yaxis.set_label_coords(-0.13, 0.5)
    # frozen: the text (axes and the curves' labels); lines and points stay, in their drawing order
    axes = [ax_d.xaxis, ax_d.yaxis, ax_c.xaxis, ax_c.yaxis]
    freeze(fig, [fig.patch, ax_d.patch, ax_c.patch, *axes, *ax_c.texts])
    return fig, art


def accuracy_vs_loss_view(w: float = 0.8) -> View:
    """Widget (b): the tiny classifier at weight ``w`` (left: data, p(x), threshold x = 3 / w,
    misclassified examples circled) and its accuracy and loss against w (right, ``w`` marked).

    The summary states the accuracy (with the count of correct examples) and the loss.
    """
    w = _finite(w, "w")
    acc, loss = (float(v) for v in tiny_classifier_curves(w))
    fig, art = reuse(("accuracy_vs_loss",), _accuracy_figure)
    art["model"].set_ydata(sigmoid(w * art["xs"] + TINY_BIAS))
    wrong = ((w * TINY_X + TINY_BIAS) > 0).astype(int) != TINY_Y
    art["wrong"].set_offsets(np.column_stack([TINY_X[wrong], TINY_Y[wrong]]))
    threshold = -TINY_BIAS / w if w > 0 else np.inf
    art["threshold"].set_visible(bool(threshold <= 5))
    if threshold <= 5:
        art["threshold"].set_xdata([threshold, threshold])
    where = f"says yes for x > {threshold:.2f}" if threshold <= 5 else "says no everywhere in view"
    art["d_title"].set_text(f"p(x) = σ({w:.2f}·x − 3) {where}; circled: {int(wrong.sum())} wrong")
    art["w_line"].set_xdata([w, w])
    art["marker"].set_data([w, w], [acc, loss])
    correct = int(round(acc * len(TINY_X)))
    art["c_title"].set_text(f"w = {w:.2f}:  accuracy {acc:.1f} ({correct} of 10),  loss {loss:.3f}")
    return View(fig, f"w = {w:.2f}: accuracy {acc:.1f} ({correct} of 10 correct), loss {loss:.3f}")
