"""Plotting helpers shared by all chapters of the book.

All colours come from the Okabe–Ito palette, which stays distinguishable for readers
with colour-vision deficiencies. Classes also get different marker shapes, so colour
is never the only cue. Class 0 (or -1), "no", is blue; class 1 (or +1), "yes", is
vermillion (the book's "red").

Every function draws titled, labelled axes and returns the matplotlib object it drew
(an ``Axes`` or a ``Figure``) so notebooks and widget callbacks can show or close it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, cast

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap, to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
from matplotlib.ticker import MaxNLocator

__all__ = [
    "PALETTE",
    "CLASS_COLORS",
    "CLASS_MARKERS",
    "CLASS_CMAP",
    "BIG_PICTURE_STAGES",
    "class_color",
    "plot_big_picture",
    "scatter_classes",
    "plot_decision_regions",
    "plot_history",
    "plot_digit_grid",
    "plot_confusion_matrix",
]

#: The Okabe–Ito colour-blind-safe palette (plus a neutral grey).
PALETTE: dict[str, str] = {
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "bluish_green": "#009E73",
    "orange": "#E69F00",
    "reddish_purple": "#CC79A7",
    "sky_blue": "#56B4E9",
    "yellow": "#F0E442",
    "black": "#000000",
    "grey": "#999999",
}

CLASS_COLOR_LIST = [
    PALETTE[name]
    for name in (
        "blue",
        "vermillion",
        "bluish_green",
        "orange",
        "reddish_purple",
        "sky_blue",
        "yellow",
        "black",
    )
]
CLASS_MARKER_LIST = ["o", "s", "^", "D", "v", "P", "X", "*"]

#: Colour per class label. Works for 0/1 labels, -1/+1 labels and multi-class labels 0..7:
#: ``CLASS_COLORS[0] == CLASS_COLORS[-1] == blue``, ``CLASS_COLORS[1] == vermillion``.
CLASS_COLORS: dict[int, str] = {i: c for i, c in enumerate(CLASS_COLOR_LIST)} | {-1: PALETTE["blue"]}
#: Marker per class label, keyed like ``CLASS_COLORS``.
CLASS_MARKERS: dict[int, str] = {i: m for i, m in enumerate(CLASS_MARKER_LIST)} | {-1: "o"}
#: Colormap with one colour per class index 0, 1, 2, ...
CLASS_CMAP = ListedColormap(CLASS_COLOR_LIST, name="okabe_ito_classes")


def class_index(y: np.ndarray) -> np.ndarray:
    """Map labels to colour indices: -1 -> 0, everything else unchanged (ints)."""
    y = np.rint(np.asarray(y)).astype(np.int64).ravel()
    return np.where(y == -1, 0, y)


def class_color(label: int) -> str:
    """Colour of a class label (-1 and 0 are blue, 1 is vermillion, ...; cycles after 8)."""
    index = 0 if label == -1 else int(label)
    return CLASS_COLOR_LIST[index % len(CLASS_COLOR_LIST)]


def pale(colour: str, strength: float = 0.3) -> np.ndarray:
    """``colour`` mixed with white: ``strength`` 1 is the colour itself, 0 is white."""
    return 1 - strength * (1 - np.array(to_rgb(colour)))


def _new_axes(ax: Axes | None, figsize: tuple[float, float] = (5.0, 4.0)) -> Axes:
    # No constrained layout: it costs ~30 ms per draw, too slow inside slider callbacks.
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


# ---------------------------------------------------------------------------
# the big picture
# ---------------------------------------------------------------------------
#: The stages of the book's recurring pipeline figure, left to right.
BIG_PICTURE_STAGES = (
    "data",
    "input",
    "layers",
    "activation",
    "output",
    "metric & loss",
    "performance",
)
_STAGE_TEXT = {
    "data": "data",
    "input": "input",
    "layers": "layer(s)",
    "activation": "activation",
    "output": "output",
    "metric & loss": "metric\n& loss",
    "performance": "performance",
}
_STAGE_ALIASES = {
    "layer": "layers",
    "layer(s)": "layers",
    "loss": "metric & loss",
    "metric": "metric & loss",
    "metrics": "metric & loss",
    "metric and loss": "metric & loss",
}


def _stages_to_highlight(highlight: str | Sequence[str] | None) -> set[str]:
    if highlight is None:
        return set()
    names = [highlight] if isinstance(highlight, str) else list(highlight)
    stages = set()
    for name in names:
        key = str(name).strip().lower()
        key = _STAGE_ALIASES.get(key, key)
        if key not in BIG_PICTURE_STAGES:
            valid = ", ".join(repr(s) for s in BIG_PICTURE_STAGES)
            raise ValueError(
                f"unknown big-picture stage {name!r}; valid names are {valid} (also 'loss' and 'metric')"
            )
        stages.add(key)
    return stages


def plot_big_picture(highlight: str | Sequence[str] | None = None, ax: Axes | None = None) -> Figure:
    """Draw the book's pipeline: data → input → layer(s) → activation → output →
    metric & loss → performance, with a dashed "update weights" arrow from the loss back
    to the layers.

    ``highlight``: a stage name or a list of them (see ``BIG_PICTURE_STAGES``; "loss" and
    "metric" mean "metric & loss"). Highlighted stages are filled in strong blue, the
    others pale. Returns the Figure (figsize (10, 2.2) when ``ax`` is None).
    """
    chosen = _stages_to_highlight(highlight)
    if ax is None:
        fig = plt.figure(figsize=(10, 2.2))
        ax = fig.add_axes((0, 0, 1, 0.86))
    fig = cast(Figure, ax.figure)  # a SubFigure only if the caller's ax lives in one
    # Work in "inches": the strip is 10 wide and 1.9 high.
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 1.9)
    ax.set_aspect("equal")
    ax.set_axis_off()

    width, height, gap = 1.14, 0.72, 0.3
    left0 = (10 - 7 * width - 6 * gap) / 2
    bottom = 0.95
    centres = {}
    for i, stage in enumerate(BIG_PICTURE_STAGES):
        left = left0 + i * (width + gap)
        centres[stage] = left + width / 2
        strong = stage in chosen
        ax.add_patch(
            FancyBboxPatch(
                (left, bottom),
                width,
                height,
                boxstyle="round,pad=0,rounding_size=0.12",
                facecolor=PALETTE["blue"] if strong else "#E9F1F7",
                edgecolor="#004C77" if strong else "#A9C1D3",
                linewidth=2.0 if strong else 1.0,
            )
        )
        ax.text(
            centres[stage],
            bottom + height / 2,
            _STAGE_TEXT[stage],
            ha="center",
            va="center",
            fontsize=10,
            linespacing=1.1,
            color="white" if strong else "#3A4A57",
            fontweight="bold" if strong else "normal",
        )
        if i > 0:
            ax.add_patch(
                FancyArrowPatch(
                    (left - gap + 0.04, bottom + height / 2),
                    (left - 0.04, bottom + height / 2),
                    arrowstyle="-|>",
                    mutation_scale=12,
                    color="#4D4D4D",
                    linewidth=1.3,
                )
            )

    # Feedback: from the bottom of "metric & loss" back to the bottom of "layer(s)".
    loss_x, layers_x = centres["metric & loss"], centres["layers"]
    ax.add_patch(
        FancyArrowPatch(
            (loss_x, bottom - 0.04),
            (layers_x, bottom - 0.04),
            connectionstyle="bar,fraction=-0.12",
            arrowstyle="-|>",
            mutation_scale=12,
            color=PALETTE["vermillion"],
            linewidth=1.4,
            linestyle=(0, (4, 3)),
        )
    )
    ax.text(
        (loss_x + layers_x) / 2,
        0.47,
        "update weights (training)",
        ha="center",
        va="bottom",
        fontsize=9.5,
        color=PALETTE["vermillion"],
    )
    ax.set_title("The big picture", fontsize=12, fontweight="bold", loc="left", x=left0 / 10)
    return fig


# ---------------------------------------------------------------------------
# classification scatter plots and decision regions
# ---------------------------------------------------------------------------
def _default_labels(n_classes: int) -> list[str]:
    if n_classes <= 2:
        return ["no", "yes"]
    return [f"class {i}" for i in range(n_classes)]


def scatter_classes(
    X: np.ndarray,
    y: np.ndarray,
    ax: Axes | None = None,
    labels: Sequence[str] | None = None,
    *,
    title: str | None = None,
    xlabel: str = "f₁",
    ylabel: str = "f₂",
    size: float = 30,
    legend: bool = True,
    **scatter_kwargs: Any,
) -> Axes:
    """Scatter plot of 2-D points, one colour and marker per class.

    ``X``: (n, 2) features; ``y``: (n,) labels (0/1, -1/+1 or 0..k-1).
    ``labels``: legend names per class index; default ("no", "yes") for two classes,
    "class i" otherwise. Extra keyword arguments go to ``Axes.scatter``. Returns the Axes.
    """
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"X must have shape (n, 2), got {X.shape}")
    index = class_index(y)
    if len(index) != len(X):
        raise ValueError(f"X and y must have the same length, got {len(X)} and {len(index)}")
    ax = _new_axes(ax)
    n_classes = int(index.max()) + 1 if index.size else 2
    names = list(labels) if labels is not None else _default_labels(n_classes)
    style: dict[str, Any] = {"s": size, "edgecolors": "white", "linewidths": 0.6, "zorder": 3}
    style |= scatter_kwargs
    for k in range(n_classes):
        points = X[index == k]
        if len(points):
            ax.scatter(
                points[:, 0],
                points[:, 1],
                color=class_color(k),
                marker=CLASS_MARKER_LIST[k % len(CLASS_MARKER_LIST)],
                label=names[k] if k < len(names) else f"class {k}",
                **style,
            )
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title if title is not None else "The data")
    if legend:
        ax.legend(loc="best", fontsize=9, framealpha=0.85)
    return ax


def _predicted_index(predict: Callable[[np.ndarray], Any], points: np.ndarray) -> np.ndarray:
    """Call ``predict`` and turn its output into class indices (argmax for 2-D scores)."""
    out = np.asarray(predict(points))
    if out.ndim == 2 and out.shape[1] > 1:
        out = out.argmax(axis=1)
    out = out.ravel()
    if len(out) != len(points):
        raise ValueError(f"predict must return one label per point: got {len(out)} for {len(points)} points")
    return class_index(out)


def plot_decision_regions(
    predict: Callable[[np.ndarray], Any],
    X: np.ndarray,
    y: np.ndarray,
    ax: Axes | None = None,
    *,
    resolution: int = 120,
    title: str | None = None,
    mark_errors: bool = False,
    xlabel: str = "f₁",
    ylabel: str = "f₂",
    padding: float = 0.5,
    labels: Sequence[str] | None = None,
    legend: bool = True,
) -> Axes:
    """Shade the plane by the class ``predict`` assigns, and draw the data on top.

    ``predict``: maps an (m, 2) array of points to m labels (0/1, -1/+1 or 0..k-1; an
    (m, k) array of scores is turned into labels by argmax). ``X``: (n, 2), ``y``: (n,).
    The shaded area is the data's bounding box plus ``padding``, sampled on a
    ``resolution`` x ``resolution`` grid. With ``mark_errors=True`` misclassified points
    are circled in black. Returns the Axes.
    """
    X = np.asarray(X, dtype=float)
    if resolution < 2:
        raise ValueError(f"resolution must be >= 2, got {resolution!r}")
    ax = _new_axes(ax)
    (x_min, y_min), (x_max, y_max) = X.min(axis=0) - padding, X.max(axis=0) + padding
    grid_x = np.linspace(x_min, x_max, resolution)
    grid_y = np.linspace(y_min, y_max, resolution)
    xx, yy = np.meshgrid(grid_x, grid_y)
    regions = _predicted_index(predict, np.column_stack([xx.ravel(), yy.ravel()]))

    n_colours = max(int(regions.max()), int(class_index(y).max())) + 1
    pale_colours = np.array([pale(class_color(k)) for k in range(n_colours)])
    ax.imshow(
        pale_colours[regions.reshape(resolution, resolution)],
        origin="lower",
        extent=(x_min, x_max, y_min, y_max),
        aspect="auto",
        interpolation="nearest",
        zorder=0,
    )
    scatter_classes(X, y, ax, labels, xlabel=xlabel, ylabel=ylabel, legend=False)

    if mark_errors:
        wrong = _predicted_index(predict, X) != class_index(y)
        ax.scatter(
            X[wrong, 0],
            X[wrong, 1],
            s=130,
            facecolors="none",
            edgecolors="black",
            linewidths=1.5,
            zorder=4,
            label=f"misclassified ({int(wrong.sum())})",
        )
    ax.set_xlim(x_min, x_max)
    ax.set_ylim(y_min, y_max)
    ax.set_title(title if title is not None else "Decision regions")
    if legend:
        ax.legend(loc="best", fontsize=9, framealpha=0.85)
    return ax


# ---------------------------------------------------------------------------
# training curves
# ---------------------------------------------------------------------------
def plot_history(
    history: Any,
    axes: Axes | Sequence[Axes] | None = None,
    *,
    metrics: Sequence[str] = ("loss", "accuracy"),
    mark_epoch: int | None = None,
    mark_label: str = "best epoch",
    ax: Axes | Sequence[Axes] | None = None,
) -> Figure:
    """Training (solid) and validation (dashed) curves per epoch, one panel per metric.

    ``history``: an object with a ``.history`` dict (like ``nnlib.History``) or the dict
    itself, with lists per epoch under "loss", "val_loss", "accuracy", "val_accuracy".
    Metrics without data are skipped. Epochs are numbered from 1. ``mark_epoch`` draws a
    dotted vertical line (legend entry ``mark_label``), e.g. at the best epoch.
    ``axes`` (or ``ax``): one Axes per metric shown; new ones are created when None.
    Returns the Figure.
    """
    logs: Mapping[str, Sequence[float]] = getattr(history, "history", history)
    shown = [m for m in metrics if len(logs.get(m, [])) or len(logs.get(f"val_{m}", []))]
    if not shown:
        raise ValueError(f"history has none of the metrics {tuple(metrics)}: keys {list(logs)}")
    given = axes if axes is not None else ax
    panels: list[Axes]
    if given is None:
        fig, grid = plt.subplots(
            1, len(shown), figsize=(4.6 * len(shown), 3.4), layout="constrained", squeeze=False
        )
        panels = list(grid[0])
    else:
        panels = [given] if isinstance(given, Axes) else list(given)
        if len(panels) != len(shown):
            raise ValueError(f"need {len(shown)} axes for the metrics {shown}, got {len(panels)}")
        fig = cast(Figure, panels[0].figure)  # a SubFigure only if the caller's axes live in one

    for panel, metric in zip(panels, shown, strict=True):
        name = metric.replace("_", " ")
        for key, label, colour, dash in (
            (metric, "training", PALETTE["blue"], "-"),
            (f"val_{metric}", "validation", PALETTE["vermillion"], "--"),
        ):
            values = np.asarray(logs.get(key, []), dtype=float)
            if values.size:
                epochs = np.arange(1, values.size + 1)
                marker = "o" if values.size <= 30 else None
                panel.plot(epochs, values, dash, color=colour, marker=marker, markersize=3, label=label)
        if mark_epoch is not None:
            panel.axvline(
                mark_epoch,
                color="black",
                linestyle=":",
                linewidth=1.5,
                label=f"{mark_label} ({mark_epoch})",
            )
        panel.set_xlabel("epoch")
        panel.set_ylabel(name)
        panel.set_title(f"{name.capitalize()} per epoch")
        panel.xaxis.set_major_locator(MaxNLocator(integer=True))
        panel.grid(alpha=0.3)
        panel.legend(fontsize=9)
    return fig


# ---------------------------------------------------------------------------
# images and confusion matrices
# ---------------------------------------------------------------------------
def plot_digit_grid(
    images: np.ndarray,
    labels: Sequence[int] | np.ndarray,
    predictions: Sequence[int] | np.ndarray | None = None,
    *,
    n_cols: int = 10,
    title: str | None = None,
    fig: Figure | None = None,
) -> Figure:
    """A grid of grey-level digit images, each titled with its label.

    ``images``: (n, 784) or (n, 28, 28) (any square size works). ``labels``: (n,).
    ``predictions``: optional (n,); wrong predictions add "pred: k" to the title, in
    vermillion. ``fig``: draw into this (empty) figure instead of a new one.
    Returns the Figure.
    """
    images = np.asarray(images, dtype=float)
    if images.ndim == 2:
        side = int(round(np.sqrt(images.shape[1])))
        if side * side != images.shape[1]:
            raise ValueError(f"flat images must have a square number of pixels, got {images.shape}")
        images = images.reshape(-1, side, side)
    if images.ndim != 3:
        raise ValueError(f"images must have shape (n, 784) or (n, 28, 28), got {images.shape}")
    labels = np.asarray(labels)
    if len(labels) != len(images):
        raise ValueError(f"need one label per image: {len(labels)} labels, {len(images)} images")
    if n_cols < 1:
        raise ValueError(f"n_cols must be >= 1, got {n_cols!r}")
    n = len(images)
    n_cols = max(1, min(n_cols, n))
    n_rows = max(1, -(-n // n_cols))
    # A fixed layout (not "constrained", which is slow for many panels), in inches:
    # 0.9 x 0.9 images, 0.1 apart, a band above each for its title, 0.4 for the suptitle.
    image, gap, margin, top_band = 0.9, 0.1, 0.05, 0.4
    title_band = 0.36 if predictions is not None else 0.22
    if fig is None:
        fig = plt.figure(
            figsize=(
                n_cols * image + (n_cols - 1) * gap + 2 * margin,
                n_rows * (image + title_band) + top_band + margin,
            )
        )
    width, height = fig.get_size_inches()
    fig.subplots_adjust(
        left=margin / width,
        right=1 - margin / width,
        bottom=margin / height,
        top=1 - (top_band + title_band) / height,
        wspace=gap / image,
        hspace=title_band / image,
    )
    grid = fig.subplots(n_rows, n_cols, squeeze=False)
    for i, panel in enumerate(grid.ravel()):
        panel.set_axis_off()
        if i >= n:
            continue
        panel.imshow(images[i], cmap="gray_r", interpolation="nearest")
        text, colour = f"label: {labels[i]}", "black"
        if predictions is not None and predictions[i] != labels[i]:
            text, colour = f"{text}\npred: {predictions[i]}", PALETTE["vermillion"]
        panel.set_title(text, fontsize=8, color=colour, pad=2)
    if title is None:
        title = "Digits and their labels"
        if predictions is not None:
            n_wrong = int(np.sum(np.asarray(predictions)[:n] != labels))
            title = f"Digits: {n_wrong} of {n} predicted wrongly (in vermillion)"
    fig.suptitle(title, fontsize=11)
    return fig


def plot_confusion_matrix(
    cm: np.ndarray,
    ax: Axes | None = None,
    class_names: Sequence[str] | None = None,
    *,
    title: str = "Confusion matrix",
    cmap: str = "Blues",
    colorbar: bool = True,
) -> Axes:
    """Show a confusion matrix (rows = true class, columns = predicted) with the counts.

    ``cm``: (k, k) counts, e.g. from ``nnlib.metrics.confusion_matrix``.
    ``class_names``: k tick labels (default 0..k-1). Returns the Axes.
    """
    cm = np.asarray(cm)
    if cm.ndim != 2 or cm.shape[0] != cm.shape[1]:
        raise ValueError(f"cm must be a square (k, k) matrix, got shape {cm.shape}")
    k = cm.shape[0]
    names = [str(i) for i in range(k)] if class_names is None else [str(c) for c in class_names]
    if len(names) != k:
        raise ValueError(f"class_names needs {k} names, got {len(names)}")
    if ax is None:
        side = max(k, 4)
        _, ax = plt.subplots(figsize=(1.8 + 0.5 * side, 1.0 + 0.45 * side), layout="constrained")
    image = ax.imshow(cm, cmap=cmap, vmin=0)
    threshold = cm.max() / 2 if cm.size else 0
    integer = np.issubdtype(cm.dtype, np.integer)
    for (i, j), value in np.ndenumerate(cm):
        ax.text(
            j,
            i,
            f"{value:d}" if integer else f"{value:.2g}",
            ha="center",
            va="center",
            fontsize=9 if k <= 10 else 7,
            color="white" if value > threshold else "black",
        )
    ax.set_xticks(range(k), names)
    ax.set_yticks(range(k), names)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    ax.set_title(title)
    if colorbar:
        ax.figure.colorbar(image, ax=ax, label="count", shrink=0.8)
    return ax
