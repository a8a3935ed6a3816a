"""Chapter 7, *MNIST with PyTorch*: what the chapter computes on digits, its two widgets, its figures.

The maths, as plain functions on NumPy arrays (images ``(28, 28)`` or a batch ``(n, 28, 28)``,
grey levels in [0, 1]):

* :func:`shift_image` — move an image by whole pixels (the background fills in);
* :func:`rotate_image` — turn it about its centre (bilinear interpolation);
* :func:`add_noise` — add Gaussian noise, clipped back to [0, 1];
* :func:`transform_digit` — the three in that order, as the closing widget applies them;
* :func:`misclassified_indices`, :func:`most_confident_mistakes`, :func:`least_confident_correct`
  — which test digits to look at;
* :func:`top_confusions` — the most frequent (true, predicted) pairs of a confusion matrix;
* :func:`markdown_table` — a results table as Markdown text (GitHub-flavoured, so the book
  renders it as a table).

The widgets (each returns ``View(figure, summary)``, see :mod:`nnlib.interactive.frames`):

* :func:`digit_view` — a digit next to the network's ten class probabilities;
* :func:`transformed_digit_view` — the same after shifting, rotating and adding noise to the
  digit, with the probabilities of the network for the changed image.

Static figures: :func:`plot_label_distribution` and :func:`plot_mistakes`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from types import SimpleNamespace
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from nnlib._validation import as_float_array, as_label_array, check_int, check_number, check_positive
from nnlib.interactive.frames import View, freeze, new_figure, reuse
from nnlib.plot import PALETTE, pale

__all__ = [
    "add_noise",
    "as_square_image",
    "digit_view",
    "least_confident_correct",
    "markdown_table",
    "misclassified_indices",
    "most_confident_mistakes",
    "plot_label_distribution",
    "plot_mistakes",
    "rotate_image",
    "shift_image",
    "top_confusions",
    "transform_digit",
    "transformed_digit_view",
]

_RIGHT = PALETTE["blue"]
_WRONG = PALETTE["vermillion"]
_OTHER = pale(PALETTE["grey"], 0.45)


# --------------------------------------------------------------------------- the maths: images


def _images(images: Any, name: str = "image") -> np.ndarray:
    """``images`` as a float array whose last two axes are the rows and columns of the pixels."""
    return as_float_array(images, name, ndim=(2, 3))


def shift_image(image: Any, dx: int, dy: int = 0) -> np.ndarray:
    """The image moved ``dx`` pixels to the right and ``dy`` pixels down (negative: left, up).

    Pixels that leave the frame are lost; the ones that come in are background (0). Works on
    one image ``(h, w)`` or a batch ``(n, h, w)``, and keeps the dtype.
    """
    image = _images(image)
    h, w = image.shape[-2:]
    dx = check_int(dx, "dx", minimum=None)
    dy = check_int(dy, "dy", minimum=None)
    out = np.zeros_like(image)
    if abs(dx) < w and abs(dy) < h:
        out[..., max(dy, 0) : h + min(dy, 0), max(dx, 0) : w + min(dx, 0)] = image[
            ..., max(-dy, 0) : h + min(-dy, 0), max(-dx, 0) : w + min(-dx, 0)
        ]
    return out


def rotate_image(image: Any, degrees: float) -> np.ndarray:
    """The image turned ``degrees`` counter-clockwise (as displayed) about its centre.

    Each new pixel takes the grey level at the point it came from, interpolated between the
    four nearest old pixels (bilinear); points from outside the frame are background (0).
    Multiples of 90° are exact (``rotate_image(x, 90)`` equals ``np.rot90(x)``). Works on one
    image or a batch, and keeps the dtype.
    """
    image = _images(image)
    theta = np.deg2rad(check_number(degrees, "degrees"))
    h, w = image.shape[-2:]
    cy, cx = (h - 1) / 2, (w - 1) / 2
    rows, cols = np.mgrid[0:h, 0:w].astype(np.float64)
    # display coordinates (x to the right, y up) of every new pixel, relative to the centre,
    x, y = cols - cx, cy - rows
    # turned back by theta: where the new pixel's grey level comes from
    cos, sin = np.cos(theta), np.sin(theta)
    cos, sin = np.round(cos, 12), np.round(sin, 12)  # exact quarter turns
    src_c = cos * x + sin * y + cx
    src_r = cy - (-sin * x + cos * y)
    r0, c0 = np.floor(src_r).astype(int), np.floor(src_c).astype(int)
    fr, fc = src_r - r0, src_c - c0
    out = np.zeros(image.shape, dtype=np.float64)
    for dr, dc, weight in (
        (0, 0, (1 - fr) * (1 - fc)),
        (0, 1, (1 - fr) * fc),
        (1, 0, fr * (1 - fc)),
        (1, 1, fr * fc),
    ):
        r, c = r0 + dr, c0 + dc
        inside = (r >= 0) & (r < h) & (c >= 0) & (c < w) & (weight > 0)
        out[..., inside] += weight[inside] * image[..., r[inside], c[inside]]
    return out.astype(image.dtype)


def add_noise(image: Any, std: float, seed: int | None = 0) -> np.ndarray:
    """The image plus Gaussian noise of standard deviation ``std``, clipped to [0, 1].

    ``seed`` fixes the noise (the same seed gives the same speckles); ``std = 0`` returns a copy.
    """
    image = _images(image)
    std = check_positive(std, "std", allow_zero=True)
    noise = np.random.default_rng(seed).standard_normal(image.shape)
    return np.clip(image + std * noise, 0.0, 1.0).astype(image.dtype)


def as_square_image(image: Any) -> np.ndarray:
    """``image`` as a 2-D float array; a flat image (e.g. 784 grey levels) is read as square (28 × 28)."""
    image = as_float_array(image, "image", ndim=(1, 2))
    if image.ndim == 2:
        return image
    side = int(round(np.sqrt(image.size)))
    if side * side != image.size:
        raise ValueError(f"a flat image needs a square number of pixels, got {image.size}")
    return image.reshape(side, side)


def transform_digit(
    image: Any, *, shift: int = 0, angle: float = 0.0, noise: float = 0.0, seed: int | None = 0
) -> np.ndarray:
    """``image`` rotated by ``angle`` degrees, then moved ``shift`` pixels to the right, then
    given noise of standard deviation ``noise`` (see :func:`rotate_image`, :func:`shift_image`,
    :func:`add_noise`). A flat image of 784 pixels is read as 28 × 28; returns ``(28, 28)``."""
    image = as_square_image(image)
    out = rotate_image(image, angle) if angle else image.copy()
    out = shift_image(out, shift)
    return add_noise(out, noise, seed) if noise else out


# --------------------------------------------------------------------------- the maths: predictions


def _probabilities(probs: Any, ndim: int) -> np.ndarray:
    probs = as_float_array(probs, "probs", ndim=ndim)
    if probs.shape[-1] < 2 or probs.min() < -1e-6 or probs.max() > 1 + 1e-6:
        raise ValueError(
            f"probs must hold probabilities in [0, 1] for at least 2 classes, got shape {probs.shape} "
            f"and values in [{probs.min():.3g}, {probs.max():.3g}] (apply a softmax to logits first)"
        )
    return probs


def misclassified_indices(probs: Any, labels: Any) -> np.ndarray:
    """Indices (ascending) of the examples whose most probable class is not the label."""
    probs = _probabilities(probs, 2)
    labels = as_label_array(labels, "labels", num_classes=probs.shape[1])
    if len(labels) != len(probs):
        raise ValueError(f"need one label per row of probs: {len(labels)} labels, {len(probs)} rows")
    return np.flatnonzero(probs.argmax(axis=1) != labels)


def most_confident_mistakes(probs: Any, labels: Any, k: int = 10) -> np.ndarray:
    """Indices of the ``k`` wrongly classified examples with the highest predicted probability.

    An example is wrong when its most probable class is not its label; its "confidence" is
    that largest probability. Most confident first (ties: lower index first); fewer than ``k``
    indices when there are fewer mistakes.
    """
    k = check_int(k, "k", minimum=0)
    probs = _probabilities(probs, 2)
    wrong = misclassified_indices(probs, labels)
    order = np.argsort(-probs[wrong].max(axis=1), kind="stable")
    return wrong[order[:k]]


def least_confident_correct(probs: Any, labels: Any, k: int = 10) -> np.ndarray:
    """Indices of the ``k`` correctly classified examples with the lowest predicted probability:
    right answers the network was unsure about. Least confident first (ties: lower index first)."""
    k = check_int(k, "k", minimum=0)
    probs = _probabilities(probs, 2)
    right = np.setdiff1d(np.arange(len(probs)), misclassified_indices(probs, labels))
    order = np.argsort(probs[right].max(axis=1), kind="stable")
    return right[order[:k]]


def top_confusions(cm: Any, k: int = 3) -> list[tuple[int, int, int]]:
    """The ``k`` largest off-diagonal cells of a confusion matrix (rows: true class, columns:
    predicted) as ``(true, predicted, count)``, largest first (ties: lower row, then column);
    cells with a count of 0 are left out."""
    cm = as_float_array(cm, "cm", ndim=2)
    if cm.shape[0] != cm.shape[1]:
        raise ValueError(f"cm must be square (classes × classes), got shape {cm.shape}")
    k = check_int(k, "k", minimum=0)
    off = cm.copy()
    np.fill_diagonal(off, 0)
    order = np.argsort(-off, axis=None, kind="stable")[:k]
    pairs = [(int(t), int(p)) for t, p in zip(*np.unravel_index(order, off.shape), strict=True)]
    return [(t, p, int(off[t, p])) for t, p in pairs if off[t, p] > 0]


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[Any]], align: str | None = None) -> str:
    """A table as GitHub-flavoured Markdown text: ``header`` names the columns, each row gives
    one cell per column (formatted with ``str``). ``align`` has one letter per column, ``l`` or
    ``r`` (default: every column left-aligned). A ``|`` inside a cell is escaped."""
    n = len(header)
    align = align if align is not None else "l" * n
    if len(align) != n or set(align) - {"l", "r"}:
        raise ValueError(f"align needs one letter 'l' or 'r' per column ({n}), got {align!r}")
    for i, row in enumerate(rows):
        if len(row) != n:
            raise ValueError(f"row {i} has {len(row)} cells, the header {n}")

    def line(cells: Sequence[Any]) -> str:
        return "| " + " | ".join(str(c).replace("|", "\\|") for c in cells) + " |"

    rule = "|" + "|".join("---:" if a == "r" else "---" for a in align) + "|"
    return "\n".join([line(header), rule, *(line(row) for row in rows)])


# --------------------------------------------------------------------------- the widgets


def _build_digit_scene(names: tuple[str, ...], shape: tuple[int, int]) -> SimpleNamespace:
    """The figure of :func:`digit_view`, with the artists every call updates in place."""
    k = len(names)
    fig = new_figure(7.2, 2.7)
    ax_img = fig.add_axes((0.015, 0.04, 0.27, 0.72))
    ax_bar = fig.add_axes((0.375, 0.17, 0.605, 0.6))
    image = ax_img.imshow(np.zeros(shape), cmap="gray_r", vmin=0.0, vmax=1.0, interpolation="nearest")
    ax_img.set_xticks([])
    ax_img.set_yticks([])
    for spine in ax_img.spines.values():
        spine.set_color(PALETTE["grey"])
    # faint cross-hairs through the image's centre, to see a digit move
    cy, cx = (shape[0] - 1) / 2, (shape[1] - 1) / 2
    ax_img.axhline(cy, color=PALETTE["sky_blue"], linewidth=0.6, alpha=0.6)
    ax_img.axvline(cx, color=PALETTE["sky_blue"], linewidth=0.6, alpha=0.6)
    img_title = ax_img.set_title(" ", fontsize=9, y=1.0)
    bars = list(ax_bar.bar(np.arange(k), np.zeros(k), color=_OTHER, edgecolor="#4D4D4D", linewidth=0.6))
    true_text = ax_bar.text(0, 0, "true", ha="center", va="bottom", fontsize=8)
    pred_text = ax_bar.text(0, 0, "predicted", ha="center", va="bottom", fontsize=8, color=_WRONG)
    ax_bar.set_ylim(0, 1.18)
    ax_bar.set_yticks([0, 0.5, 1.0])
    ax_bar.set_xticks(np.arange(k), list(names))
    ax_bar.set_xlabel("class (digit)", fontsize=9)
    ax_bar.set_ylabel("probability", fontsize=9)
    ax_bar.spines[["top", "right"]].set_visible(False)
    bar_title = ax_bar.set_title(" ", fontsize=10, y=1.04)
    freeze(fig, [*ax_bar.spines.values(), ax_bar.xaxis, ax_bar.yaxis])  # tick labels: drawn once
    return SimpleNamespace(
        fig=fig,
        image=image,
        img_title=img_title,
        bars=bars,
        true_text=true_text,
        pred_text=pred_text,
        bar_title=bar_title,
    )


def digit_view(
    image: Any, probs: Any, label: int, *, title: str = "", class_names: Sequence[str] | None = None
) -> View:
    """One digit and the network's probability for each class, as a bar chart.

    ``image``: ``(28, 28)`` or 784 grey levels in [0, 1]; ``probs``: the ten probabilities the
    network gave it; ``label``: its true class; ``title``: the text above the image. The
    predicted class's bar is blue when it is the true class and vermillion (hatched) when it
    is not; the true class's bar has a black outline. The summary names the prediction, its
    probability and whether it is right.
    """
    image = as_square_image(image)
    p = _probabilities(probs, 1)
    k = len(p)
    label = check_int(label, "label", minimum=0, maximum=k - 1)
    names = tuple(str(i) for i in range(k)) if class_names is None else tuple(map(str, class_names))
    if len(names) != k:
        raise ValueError(f"class_names needs {k} names (one per probability), got {len(names)}")

    scene = reuse(("ch7 digit", names, image.shape), lambda: _build_digit_scene(names, image.shape))
    pred = int(np.argmax(p))
    right = pred == label
    scene.image.set_data(image)
    scene.img_title.set_text(title)
    for i, (bar, pi) in enumerate(zip(scene.bars, p, strict=True)):
        bar.set_height(pi)
        bar.set_facecolor((_RIGHT if right else _WRONG) if i == pred else _OTHER)
        bar.set_hatch("//" if i == pred and not right else None)
        bar.set_edgecolor("black" if i == label else "#4D4D4D")
        bar.set_linewidth(2.0 if i == label else 0.6)
    scene.true_text.set_position((label, p[label] + 0.03))
    scene.true_text.set_text("true = predicted" if right else "true")
    scene.pred_text.set_position((pred, p[pred] + 0.03))
    scene.pred_text.set_visible(not right)
    verdict = "right" if right else "wrong"
    scene.bar_title.set_text(f"predicted {names[pred]} with p = {p[pred]:.2f} ({verdict})")
    scene.bar_title.set_color("black" if right else _WRONG)
    summary = f"predicted {names[pred]} with probability {p[pred]:.2f}, true label {names[label]}: {verdict}"
    if not right:
        summary += f" (p of the true class {p[label]:.2f})"
    return View(scene.fig, summary)


def transformed_digit_view(
    image: Any,
    label: int,
    predict_proba: Callable[[np.ndarray], Any],
    *,
    shift: int = 0,
    angle: float = 0.0,
    noise: float = 0.0,
    seed: int | None = 0,
    name: str = "",
) -> View:
    """A digit after :func:`transform_digit` (rotated, shifted, noisy), and what the network
    makes of the changed image.

    ``predict_proba`` maps a batch of flat images ``(n, 784)`` to probabilities ``(n, 10)``
    (for a PyTorch model: ``lambda X: nnlib.torch_mnist.predict_proba(model, X)``); ``name``
    (e.g. ``"test digit #0"``) starts the title above the image, followed by the changes made
    (``"+2 px, +0°, noise 0"``). The summary starts with the changes made, in words.
    """
    shift = check_int(shift, "shift", minimum=None)
    changed = transform_digit(image, shift=shift, angle=angle, noise=noise, seed=seed)
    p = np.asarray(predict_proba(changed.reshape(1, -1).astype(np.float32)))
    changes = f"moved {shift:+d} px, turned {angle:+g}°, noise σ = {noise:g}"
    short = f"{shift:+d} px, {angle:+g}°, noise {noise:g}"  # what fits above the image
    title = f"{name}\n{short}" if name else short
    view = digit_view(changed, p.reshape(-1), label, title=title)
    return View(view.figure, f"{changes}: {view.summary}")


# --------------------------------------------------------------------------- static figures


def plot_label_distribution(
    y_train: Any, y_test: Any, *, num_classes: int = 10
) -> tuple[Figure, np.ndarray, np.ndarray]:
    """Bar chart of how many training and test examples each class has.

    Returns ``(figure, train_counts, test_counts)`` (counts of shape ``(num_classes,)``).
    """
    y_train = as_label_array(y_train, "y_train", num_classes=num_classes)
    y_test = as_label_array(y_test, "y_test", num_classes=num_classes)
    train_counts = np.bincount(y_train, minlength=num_classes)
    test_counts = np.bincount(y_test, minlength=num_classes)
    fig = new_figure(8.0, 3.2, dpi=100)
    ax = fig.add_axes((0.09, 0.17, 0.88, 0.7))
    x = np.arange(num_classes)
    ax.bar(x - 0.2, train_counts, width=0.4, color=_RIGHT, label=f"training ({len(y_train):,})")
    ax.bar(
        x + 0.2,
        test_counts,
        width=0.4,
        color=PALETTE["bluish_green"],
        hatch="//",
        edgecolor="white",
        label=f"test ({len(y_test):,})",
    )
    ax.set_xticks(x)
    ax.set_xlabel("digit (class label)")
    ax.set_ylabel("number of images")
    ax.set_title("How many images of each digit?")
    ax.legend(loc="upper right", fontsize=9, ncols=2, frameon=False)
    ax.set_ylim(0, 1.18 * train_counts.max())
    ax.spines[["top", "right"]].set_visible(False)
    return fig, train_counts, test_counts


def plot_mistakes(images: Any, probs: Any, labels: Any, indices: Any, *, n_cols: int = 8) -> Figure:
    """The digits at ``indices`` in a grid, each titled with its index, "true → predicted" and
    the probability the network gave its prediction (vermillion when the prediction is wrong)."""
    probs = _probabilities(probs, 2)
    n, k = probs.shape
    labels = as_label_array(labels, "labels", num_classes=k)
    images = _images(images, "images")
    if images.ndim == 2:  # flat rows of pixels
        side = int(round(np.sqrt(images.shape[1])))
        if side * side != images.shape[1]:
            raise ValueError(f"flat images need a square number of pixels, got shape {images.shape}")
        images = images.reshape(len(images), side, side)
    if not len(images) == len(labels) == n:
        raise ValueError(
            f"need one image, label and row of probs per example: {len(images)}, {len(labels)}, {n}"
        )
    indices = np.asarray(indices, dtype=np.int64).ravel()
    if indices.size == 0:
        raise ValueError("indices is empty: nothing to show")
    if indices.min() < 0 or indices.max() >= n:
        raise ValueError(f"indices must lie in 0..{n - 1}, got {indices.min()}..{indices.max()}")
    n_cols = min(check_int(n_cols, "n_cols"), indices.size)
    n_rows = -(-indices.size // n_cols)
    height = 1.55 * n_rows + 0.5
    fig = new_figure(1.3 * n_cols, height, dpi=100)
    fig.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=1 - 0.55 / height, hspace=0.55, wspace=0.1)
    axes = fig.subplots(n_rows, n_cols, squeeze=False).ravel()
    for ax in axes:
        ax.set_axis_off()
    for ax, i in zip(axes, indices, strict=False):
        pred = int(np.argmax(probs[i]))
        ax.imshow(images[i], cmap="gray_r", vmin=0.0, vmax=1.0, interpolation="nearest")
        ax.set_title(
            f"#{i}: true {labels[i]} → {pred}\np = {probs[i, pred]:.3f}",
            fontsize=8,
            color=_WRONG if pred != labels[i] else "black",
            pad=2,
        )
    return fig
