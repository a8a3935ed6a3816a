"""Widget callbacks and figure helpers for chapter 7, *MNIST with PyTorch*.

* :func:`digit_probabilities_view` — one test digit next to the model's ten class
  probabilities as a bar chart, the predicted and the true class highlighted (the
  browsing widget of the chapter).
* :func:`most_confident_mistakes` — the wrongly classified examples the model was most
  sure about, most confident first.
* :func:`mistakes_view` — a grid of such digits titled "true → predicted (probability)".
* :func:`label_distribution_view` — how many examples each digit class has.

The functions take NumPy arrays (images (n, 784) or (n, 28, 28), probabilities (n, 10),
labels (n,)) and return the matplotlib ``Figure`` they drew, built outside pyplot so
that nothing leaks; they can be unit-tested and timed without a browser.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from nnlib.interactive._fastdraw import WIDGET_DPI, freeze_layout, new_figure
from nnlib.plot import PALETTE

__all__ = [
    "digit_probabilities_view",
    "label_distribution_view",
    "misclassified_indices",
    "mistakes_view",
    "most_confident_mistakes",
]

_BLUE = PALETTE["blue"]
_VERMILLION = PALETTE["vermillion"]
_GREEN = PALETTE["bluish_green"]
_PALE = "#C9D6E0"


# ---------------------------------------------------------------------------
# input checks
# ---------------------------------------------------------------------------
def _check_probs(probs: Any) -> np.ndarray:
    probs = np.asarray(probs, dtype=float)
    if probs.ndim != 2 or probs.shape[0] == 0 or probs.shape[1] < 2:
        raise ValueError(f"probs must have shape (n, classes) with n >= 1, got {probs.shape}")
    if not np.isfinite(probs).all():
        raise ValueError("probs contains NaN or infinite values")
    if probs.min() < -1e-6 or probs.max() > 1 + 1e-6:
        raise ValueError("probs must be probabilities in [0, 1] (apply a softmax to logits first)")
    return probs


def _check_labels(labels: Any, n: int, k: int | None = None) -> np.ndarray:
    labels = np.asarray(labels)
    if labels.ndim != 1 or len(labels) != n:
        raise ValueError(f"labels must have shape ({n},) — one per example — got {labels.shape}")
    if labels.dtype.kind not in "iu":
        raise ValueError(f"labels must be integers, got dtype {labels.dtype}")
    if n and (labels.min() < 0 or (k is not None and labels.max() >= k)):
        raise ValueError(f"labels must lie in 0..{'k-1' if k is None else k - 1}")
    return labels.astype(np.int64)


def _check_images(images: Any, n: int | None = None) -> np.ndarray:
    images = np.asarray(images)
    if images.ndim == 2:
        side = int(round(np.sqrt(images.shape[1])))
        if side * side != images.shape[1]:
            raise ValueError(f"flat images need a square number of pixels, got {images.shape}")
        images = images.reshape(len(images), side, side)
    if images.ndim != 3:
        raise ValueError(f"images must have shape (n, 784) or (n, 28, 28), got {images.shape}")
    if n is not None and len(images) != n:
        raise ValueError(f"need one image per example: {len(images)} images for {n} examples")
    return images


# ---------------------------------------------------------------------------
# helpers on predictions
# ---------------------------------------------------------------------------
def misclassified_indices(probs: Any, labels: Any) -> np.ndarray:
    """Indices (ascending) of the examples whose most probable class is not the label."""
    probs = _check_probs(probs)
    labels = _check_labels(labels, len(probs), probs.shape[1])
    return np.flatnonzero(probs.argmax(axis=1) != labels)


def most_confident_mistakes(probs: Any, labels: Any, k: int = 10) -> np.ndarray:
    """Indices of the ``k`` wrongly classified examples with the highest predicted probability.

    An example is wrong when the class with the largest probability is not its label;
    "confidence" is that largest probability. Sorted most confident first (ties: lower
    index first). Fewer than ``k`` indices come back when there are fewer mistakes.
    """
    if isinstance(k, bool) or not isinstance(k, int | np.integer) or k < 0:
        raise ValueError(f"k must be a non-negative integer, got {k!r}")
    probs = _check_probs(probs)
    wrong = misclassified_indices(probs, labels)
    confidence = probs[wrong].max(axis=1)
    order = np.argsort(-confidence, kind="stable")
    return wrong[order[:k]]


# ---------------------------------------------------------------------------
# figures
# ---------------------------------------------------------------------------
def digit_probabilities_view(
    images: Any,
    probs: Any,
    labels: Any,
    index: int,
    *,
    class_names: Sequence[str] | None = None,
) -> Figure:
    """One digit and the model's probability for each class, as a bar chart.

    ``images``: (n, 784) or (n, 28, 28); ``probs``: (n, k) probabilities (softmax
    outputs); ``labels``: (n,) true classes; ``index``: which example (0 ≤ index < n).
    The predicted class's bar is drawn in blue if the prediction is right and in
    vermillion (hatched) if it is wrong; the true class is marked "true" with a black
    outline. Returns the Figure (8 × 3 inches); it is kept and updated between calls (fast
    redraws for the browsing widget), one per set of class names and image shape.
    """
    probs = _check_probs(probs)
    n, k = probs.shape
    labels = _check_labels(labels, n, k)
    images = _check_images(images, n)
    if isinstance(index, bool) or not isinstance(index, int | np.integer):
        raise ValueError(f"index must be an integer, got {index!r}")
    if not 0 <= index < n:
        raise ValueError(f"index {index} is out of range: there are {n} examples (0..{n - 1})")
    names = [str(i) for i in range(k)] if class_names is None else [str(c) for c in class_names]
    if len(names) != k:
        raise ValueError(f"class_names needs {k} names, got {len(names)}")

    image = images[index]
    key = (k, tuple(names), image.shape)
    if key not in _DIGIT_VIEWS:
        _DIGIT_VIEWS[key] = _DigitArtists(names, image.shape)
    return _DIGIT_VIEWS[key].update(image, probs[index], int(labels[index]), index)


class _DigitArtists:
    """The artists of :func:`digit_probabilities_view`; :meth:`update` shows another example.

    Building the figure (axes, ticks, labels) costs more than drawing it, so the browsing widget
    keeps one per set of class names and only updates the image, bars and texts per example.
    """

    def __init__(self, names: Sequence[str], shape: tuple[int, ...]) -> None:
        self.names = list(names)
        k = len(self.names)
        self.fig = fig = new_figure((8.0, 3.0), dpi=WIDGET_DPI)
        self.ax_img = ax_img = fig.add_axes((0.02, 0.08, 0.27, 0.76))
        self.ax_bar = ax_bar = fig.add_axes((0.38, 0.17, 0.6, 0.67))

        self.image = ax_img.imshow(np.zeros(shape), cmap="gray_r", interpolation="nearest")
        ax_img.set_axis_off()  # no ticks to lay out: a pixel grid needs no axes
        # fixed title positions (y=1.0) skip matplotlib's costly automatic placement
        self.img_title = ax_img.set_title(" ", fontsize=10, y=1.0)

        self.bars = list(ax_bar.bar(np.arange(k), np.zeros(k), color=_PALE, edgecolor="#4D4D4D",
                                    linewidth=0.6))  # fmt: skip
        self.true_text = ax_bar.text(0, 0, " ", ha="center", va="bottom", fontsize=8)
        # shown only for a wrong prediction (then added to the axes' texts, else removed)
        self.pred_text = ax_bar.text(0, 0, "predicted", ha="center", va="bottom", fontsize=8,
                                     color=_VERMILLION)  # fmt: skip
        ax_bar.set_ylim(0, 1.15)
        ax_bar.set_yticks([0, 0.5, 1.0])
        ax_bar.set_xticks(np.arange(k), self.names)
        ax_bar.set_xlabel("class (digit)")
        ax_bar.set_ylabel("probability")
        self.bar_title = ax_bar.set_title(" ", fontsize=10, y=1.0)
        ax_bar.spines[["top", "right"]].set_visible(False)
        freeze_layout(fig)
        self.pred_text.remove()

    def update(self, image: np.ndarray, p: np.ndarray, true: int, index: int) -> Figure:
        names, ax_bar = self.names, self.ax_bar
        pred = int(np.argmax(p))
        correct = true == pred

        self.image.set_data(image)
        self.image.set_clim(float(image.min()), float(image.max()))  # (imshow's own scaling)
        self.img_title.set_text(f"example #{index}\ntrue label: {names[true]}")

        for i, (bar, pi) in enumerate(zip(self.bars, p, strict=True)):
            bar.set_height(pi)
            colour = (_BLUE if correct else _VERMILLION) if i == pred else _PALE
            bar.set_facecolor(colour)
            bar.set_hatch("//" if i == pred and not correct else None)
            bar.set_edgecolor("black" if i == true else "#4D4D4D")
            bar.set_linewidth(2.0 if i == true else 0.6)
        self.true_text.set_position((true, min(p[true], 1.0) + 0.03))
        self.true_text.set_text("true = predicted" if correct else "true")
        if correct and self.pred_text in ax_bar.texts:
            self.pred_text.remove()
        elif not correct:
            self.pred_text.set_position((pred, min(p[pred], 1.0) + 0.03))
            if self.pred_text not in ax_bar.texts:
                ax_bar.add_artist(self.pred_text)

        verdict = "correct" if correct else "WRONG"
        self.bar_title.set_text(f"predicted: {names[pred]} with p = {p[pred]:.3f} ({verdict})")
        self.bar_title.set_color("black" if correct else _VERMILLION)
        return self.fig


# One reusable figure per (number of classes, class names, image shape); see _DigitArtists.
_DIGIT_VIEWS: dict[tuple, _DigitArtists] = {}


def mistakes_view(images: Any, probs: Any, labels: Any, indices: Any, *, n_cols: int = 8) -> Figure:
    """A grid of the digits at ``indices``, each titled "true t → pred p" and the
    probability the model gave its (wrong) prediction. Returns the Figure."""
    probs = _check_probs(probs)
    n, k = probs.shape
    labels = _check_labels(labels, n, k)
    images = _check_images(images, n)
    indices = np.asarray(indices, dtype=np.int64).ravel()
    if indices.size == 0:
        raise ValueError("indices is empty: nothing to show")
    if indices.min() < 0 or indices.max() >= n:
        raise ValueError(f"indices must lie in 0..{n - 1}")
    if n_cols < 1:
        raise ValueError(f"n_cols must be >= 1, got {n_cols!r}")
    n_cols = min(n_cols, indices.size)
    n_rows = -(-indices.size // n_cols)
    fig = new_figure((1.3 * n_cols, 1.55 * n_rows + 0.5))
    top = 1 - 0.5 / (1.55 * n_rows + 0.5)
    fig.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=top - 0.02, hspace=0.55, wspace=0.1)
    axes = fig.subplots(n_rows, n_cols, squeeze=False).ravel()
    for ax in axes:
        ax.set_axis_off()
    for ax, i in zip(axes, indices, strict=False):
        pred = int(np.argmax(probs[i]))
        ax.imshow(images[i], cmap="gray_r", interpolation="nearest")
        ax.set_title(
            f"#{i}: true {labels[i]} → {pred}\np = {probs[i, pred]:.3f}", fontsize=8,
            color=_VERMILLION if pred != labels[i] else "black", pad=2,
        )  # fmt: skip
    fig.suptitle("The most confidently wrong test digits (true label → prediction)", fontsize=11)
    return fig


def label_distribution_view(
    y_train: Any, y_test: Any, *, num_classes: int = 10
) -> tuple[Figure, np.ndarray, np.ndarray]:
    """Bar chart of how many training and test examples each class has.

    Returns ``(figure, train_counts, test_counts)`` (counts of shape (num_classes,)).
    """
    y_train = _check_labels(y_train, len(np.asarray(y_train)), num_classes)
    y_test = _check_labels(y_test, len(np.asarray(y_test)), num_classes)
    train_counts = np.bincount(y_train, minlength=num_classes)
    test_counts = np.bincount(y_test, minlength=num_classes)
    fig = new_figure((8.0, 3.2))
    ax = fig.add_axes((0.09, 0.17, 0.88, 0.7))
    x = np.arange(num_classes)
    ax.bar(x - 0.2, train_counts, width=0.4, color=_BLUE, label=f"training ({len(y_train):,})")
    ax.bar(x + 0.2, test_counts, width=0.4, color=_GREEN, hatch="//", edgecolor="white",
           label=f"test ({len(y_test):,})")  # fmt: skip
    ax.set_xticks(x)
    ax.set_xlabel("digit (class label)")
    ax.set_ylabel("number of images")
    ax.set_title("How many images of each digit?")
    ax.legend(loc="upper right", fontsize=9, ncols=2, frameon=False)
    ax.set_ylim(0, 1.18 * train_counts.max())
    ax.spines[["top", "right"]].set_visible(False)
    return fig, train_counts, test_counts
