"""Chapter 4 (Backpropagation): a tiny network written out node by node, its computational
graph, and the widget callback.

The tiny network has two inputs, two sigmoid hidden units and one linear output, and is
trained with the squared error of one example::

    z1 = w1*x1 + w2*x2 + b1        h1 = sigmoid(z1)
    z2 = w3*x1 + w4*x2 + b2        h2 = sigmoid(z2)
    yhat = v1*h1 + v2*h2 + c       L = (yhat - y)**2

In the matrix notation of ``nnlib.layers.Dense`` this is ``Dense.from_arrays([[w1, w2],
[w3, w4]], [b1, b2])``, ``Sigmoid()``, ``Dense.from_arrays([[v1, v2]], [c])`` and
``MeanSquaredError()`` (:func:`to_nnlib` builds exactly that).

:func:`tiny_forward` and :func:`tiny_backward` are deliberately written one node at a
time, in plain arithmetic, so that every line is one use of the chain rule.
:func:`draw_computational_graph` draws the graph with every forward value and every
gradient on it; :func:`backprop_view` is the widget callback.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch
from matplotlib.text import Text

from ..plot import PALETTE
from ._fastdraw import WIDGET_DPI, _as_outlines

__all__ = [
    "PARAM_NAMES",
    "DEFAULT_PARAMS",
    "DEFAULT_X",
    "DEFAULT_Y",
    "DEFAULT_LR",
    "sigmoid",
    "tiny_forward",
    "tiny_backward",
    "tiny_loss",
    "params_to_vector",
    "vector_to_params",
    "gradient_step",
    "loss_along_step",
    "to_nnlib",
    "draw_computational_graph",
    "backprop_view",
    "plot_class_probabilities",
    "bowl",
    "bowl_gradient",
    "plot_steepest_ascent",
]

# Okabe–Ito colours (colour-blind safe) from nnlib.plot.
FORWARD_COLOR = PALETTE["blue"]  # values computed by the forward pass
BACKWARD_COLOR = PALETTE["vermillion"]  # gradients computed by the backward pass
STEP_COLOR = PALETTE["bluish_green"]  # the weights after one gradient step
EDGE_COLOR = "#7f7f7f"
NODE_FACE = "#f4f4f4"

#: The nine trainable parameters of the tiny network, in a fixed order.
PARAM_NAMES: tuple[str, ...] = ("w1", "w2", "w3", "w4", "b1", "b2", "v1", "v2", "c")

#: Default parameters: the network of the chapter's worked example.
DEFAULT_PARAMS: dict[str, float] = {
    "w1": 0.5,
    "w2": -0.4,
    "w3": -0.3,
    "w4": 0.8,
    "b1": 0.1,
    "b2": 0.2,
    "v1": 0.7,
    "v2": -0.5,
    "c": 0.2,
}
#: The one training example (x1, x2) with its target y.
DEFAULT_X: tuple[float, float] = (1.0, 0.5)
DEFAULT_Y: float = 1.0
#: The default learning rate of the widget.
DEFAULT_LR: float = 0.5

_NODE_NAMES = ("x1", "x2", "z1", "z2", "h1", "h2", "yhat", "loss")


# ---------------------------------------------------------------------------
# Input checks
# ---------------------------------------------------------------------------


def _finite_number(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise ValueError(f"{name} must be a number, got {type(value).__name__}")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    return value


def _check_params(params: Mapping[str, Any]) -> dict[str, float]:
    if not isinstance(params, Mapping):
        raise ValueError(f"params must be a dict with keys {PARAM_NAMES}, got {type(params).__name__}")
    missing = [k for k in PARAM_NAMES if k not in params]
    if missing:
        raise ValueError(f"params is missing {missing}; it needs all of {PARAM_NAMES}")
    return {k: _finite_number(params[k], f"params[{k!r}]") for k in PARAM_NAMES}


def _check_example(x: Any, y: Any) -> tuple[float, float, float]:
    arr = np.asarray(x, dtype=float) if not isinstance(x, str) else None
    if arr is None or arr.shape != (2,):
        raise ValueError(f"x must hold exactly two numbers (x1, x2), got {x!r}")
    if not np.isfinite(arr).all():
        raise ValueError(f"x must be finite, got {x!r}")
    return float(arr[0]), float(arr[1]), _finite_number(y, "y")


# ---------------------------------------------------------------------------
# The tiny network, node by node
# ---------------------------------------------------------------------------


def sigmoid(z: Any) -> Any:
    """σ(z) = 1 / (1 + e^(−z)) for a number or an array (stable for large |z|)."""
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    out = np.where(z >= 0, 1 / (1 + e), e / (1 + e))
    return float(out) if out.ndim == 0 else out


def _forward(p: Mapping[str, Any], x1: float, x2: float, y: float) -> dict[str, Any]:
    """The forward pass without checks; works elementwise if the parameters are arrays."""
    z1 = p["w1"] * x1 + p["w2"] * x2 + p["b1"]  # hidden neuron 1: weighted sum
    z2 = p["w3"] * x1 + p["w4"] * x2 + p["b2"]  # hidden neuron 2: weighted sum
    h1 = sigmoid(z1)  # activation
    h2 = sigmoid(z2)
    yhat = p["v1"] * h1 + p["v2"] * h2 + p["c"]  # output neuron (no activation)
    loss = (yhat - y) ** 2  # squared error
    return {"x1": x1, "x2": x2, "z1": z1, "z2": z2, "h1": h1, "h2": h2,
            "yhat": yhat, "y": y, "loss": loss}  # fmt: skip


def tiny_forward(
    params: Mapping[str, float] | None = None,
    x: Sequence[float] = DEFAULT_X,
    y: float = DEFAULT_Y,
) -> dict[str, float]:
    """Run the forward pass and return the value of every node of the graph.

    The result holds the inputs ``x1, x2``, the weighted sums ``z1, z2``, the hidden
    activations ``h1, h2``, the output ``yhat``, the target ``y``, the ``loss`` — and
    the nine parameters themselves (they are the leaves of the graph).
    """
    p = _check_params(DEFAULT_PARAMS if params is None else params)
    x1, x2, y = _check_example(x, y)
    values = _forward(p, x1, x2, y)
    values.update(p)
    return {k: float(v) for k, v in values.items()}


def tiny_backward(values: Mapping[str, float]) -> dict[str, float]:
    """Run the backward pass: ∂L/∂(node) for every node and parameter of the graph.

    ``values`` is the result of :func:`tiny_forward`. Each line below applies the chain
    rule once: the gradient of a node is the gradient of the node it feeds into times
    the local derivative.
    """
    missing = [k for k in (*_NODE_NAMES, "y", *PARAM_NAMES) if k not in values]
    if missing:
        raise ValueError(f"values is missing {missing}; pass the result of tiny_forward")
    v = values
    g: dict[str, float] = {}
    g["loss"] = 1.0  # ∂L/∂L
    # L = (yhat − y)²
    g["yhat"] = g["loss"] * 2 * (v["yhat"] - v["y"])
    # yhat = v1·h1 + v2·h2 + c
    g["v1"] = g["yhat"] * v["h1"]
    g["v2"] = g["yhat"] * v["h2"]
    g["c"] = g["yhat"] * 1.0
    g["h1"] = g["yhat"] * v["v1"]
    g["h2"] = g["yhat"] * v["v2"]
    # h = σ(z), dσ/dz = σ(z)·(1 − σ(z)) = h·(1 − h)
    g["z1"] = g["h1"] * v["h1"] * (1 - v["h1"])
    g["z2"] = g["h2"] * v["h2"] * (1 - v["h2"])
    # z1 = w1·x1 + w2·x2 + b1
    g["w1"] = g["z1"] * v["x1"]
    g["w2"] = g["z1"] * v["x2"]
    g["b1"] = g["z1"] * 1.0
    # z2 = w3·x1 + w4·x2 + b2
    g["w3"] = g["z2"] * v["x1"]
    g["w4"] = g["z2"] * v["x2"]
    g["b2"] = g["z2"] * 1.0
    # x1 and x2 each feed two nodes: their gradients add up
    g["x1"] = g["z1"] * v["w1"] + g["z2"] * v["w3"]
    g["x2"] = g["z1"] * v["w2"] + g["z2"] * v["w4"]
    return g


def tiny_loss(
    params: Mapping[str, float] | None = None,
    x: Sequence[float] = DEFAULT_X,
    y: float = DEFAULT_Y,
) -> float:
    """The loss (yhat − y)² of the tiny network on one example."""
    return tiny_forward(params, x, y)["loss"]


def params_to_vector(params: Mapping[str, float]) -> np.ndarray:
    """The nine parameters as a float64 vector in the order of ``PARAM_NAMES``."""
    p = _check_params(params)
    return np.array([p[k] for k in PARAM_NAMES], dtype=np.float64)


def vector_to_params(vector: Any) -> dict[str, float]:
    """Inverse of :func:`params_to_vector`."""
    vec = np.asarray(vector, dtype=np.float64)
    if vec.shape != (len(PARAM_NAMES),):
        raise ValueError(f"vector must have shape ({len(PARAM_NAMES)},), got {vec.shape}")
    return {k: float(val) for k, val in zip(PARAM_NAMES, vec, strict=True)}


def gradient_step(params: Mapping[str, float], grads: Mapping[str, float], lr: float) -> dict[str, float]:
    """One step of gradient descent: every parameter p becomes p − lr · ∂L/∂p."""
    p = _check_params(params)
    lr = _finite_number(lr, "lr")
    if lr < 0:
        raise ValueError(f"lr (the learning rate) must be >= 0, got {lr}")
    missing = [k for k in PARAM_NAMES if k not in grads]
    if missing:
        raise ValueError(f"grads is missing {missing}; pass the result of tiny_backward")
    return {k: p[k] - lr * float(grads[k]) for k in PARAM_NAMES}


def loss_along_step(
    params: Mapping[str, float],
    grads: Mapping[str, float],
    lrs: Any,
    x: Sequence[float] = DEFAULT_X,
    y: float = DEFAULT_Y,
) -> np.ndarray:
    """The loss after one gradient step, for every learning rate in ``lrs`` at once."""
    p = _check_params(params)
    x1, x2, y = _check_example(x, y)
    lrs = np.asarray(lrs, dtype=float)
    stepped = {k: p[k] - lrs * float(grads[k]) for k in PARAM_NAMES}
    return np.asarray(_forward(stepped, x1, x2, y)["loss"], dtype=float)


def to_nnlib(params: Mapping[str, float] | None = None) -> list:
    """The same tiny network built from nnlib layers: [Dense(2, 2), Sigmoid(), Dense(2, 1)].

    Use it with ``nnlib.losses.MeanSquaredError()``, which for one example and one
    output is exactly (yhat − y)².
    """
    from nnlib.layers import Dense, Sigmoid

    p = _check_params(DEFAULT_PARAMS if params is None else params)
    hidden = Dense.from_arrays([[p["w1"], p["w2"]], [p["w3"], p["w4"]]], [p["b1"], p["b2"]])
    output = Dense.from_arrays([[p["v1"], p["v2"]]], [p["c"]])
    return [hidden, Sigmoid(), output]


# ---------------------------------------------------------------------------
# Drawing the computational graph
# ---------------------------------------------------------------------------

# The graph's structure: columns of nodes (left to right) and edges. Node positions are
# computed from this by _layout, never written by hand.
_COLUMNS: tuple[tuple[str, ...], ...] = (("x1", "x2"), ("z1", "z2"), ("h1", "h2"), ("yhat",), ("loss",))
_COLUMN_TITLES = ("inputs", "weighted sums Σ", "sigmoid σ", "output Σ", "loss (ŷ − y)²")
# (source, target, parameter on the edge or None)
_EDGES: tuple[tuple[str, str, str | None], ...] = (
    ("x1", "z1", "w1"),
    ("x2", "z1", "w2"),
    ("x1", "z2", "w3"),
    ("x2", "z2", "w4"),
    ("z1", "h1", None),
    ("z2", "h2", None),
    ("h1", "yhat", "v1"),
    ("h2", "yhat", "v2"),
    ("yhat", "loss", None),
)
# parameters that are added inside a node (the biases)
_BIASES = {"z1": "b1", "z2": "b2", "yhat": "c"}
_LABEL = {"x1": "x₁", "x2": "x₂", "z1": "z₁", "z2": "z₂", "h1": "h₁", "h2": "h₂",
          "yhat": "ŷ", "loss": "L", "w1": "w₁", "w2": "w₂", "w3": "w₃", "w4": "w₄",
          "b1": "b₁", "b2": "b₂", "v1": "v₁", "v2": "v₂", "c": "c"}  # fmt: skip
# horizontal gap after each column (the x → z gap holds the crossing weight labels)
_GAPS = (5.6, 3.1, 4.4, 3.1)
_ROW_GAP = 3.3
_BOX_W, _BOX_H = 2.1, 1.0
_LABEL_SIZE = 8.5  # font size of the parameter labels


def _layout() -> dict[str, tuple[float, float]]:
    """Node positions: columns left to right, each column centred on y = 0."""
    pos: dict[str, tuple[float, float]] = {}
    x = 0.0
    for i, column in enumerate(_COLUMNS):
        n = len(column)
        for j, name in enumerate(column):
            pos[name] = (x, (n - 1) / 2 * _ROW_GAP - j * _ROW_GAP)
        if i < len(_GAPS):
            x += _GAPS[i]
    return pos


def _label_offset(with_after: bool) -> float:
    """Distance from an edge or node to the centre of a parameter label (2 or 3 lines)."""
    return 0.7 if with_after else 0.5


def _graph_frame(with_after: bool) -> tuple[float, float, float, float, float]:
    """(xmin, xmax, ytop, ybottom, top) of the drawing: the node boxes' extent, the arrow
    rows above and below, and the height of the column titles."""
    pos = _layout()
    labels = max(y for _, y in pos.values()) + _BOX_H / 2 + 2 * _label_offset(with_after)
    top = labels + 0.35
    xmin = min(x for x, _ in pos.values()) - _BOX_W / 2
    xmax = max(x for x, _ in pos.values()) + _BOX_W / 2
    return xmin, xmax, top + 0.75, -labels - 0.35, top


def _graph_aspect(with_after: bool) -> float:
    """Height / width of the graph's axes so that the drawing fills it (equal aspect)."""
    xmin, xmax, ytop, ybottom, _ = _graph_frame(with_after)
    return ((ytop + 0.75) - (ybottom - 0.75)) / ((xmax + 0.2) - (xmin - 0.2))


def _column_of(node: str) -> tuple[str, ...]:
    return next(column for column in _COLUMNS if node in column)


def _fmt(value: float) -> str:
    """A number with 3 decimals and a real minus sign (−0.000 shown as 0.000)."""
    value = 0.0 if abs(value) < 5e-4 else value
    return f"{value:.3f}".replace("-", "−")


def _arrow(ax: Axes, start: tuple[float, float], end: tuple[float, float], **style: Any) -> FancyArrowPatch:
    """An arrow from ``start`` to ``end`` (data coordinates) drawn like ``annotate``'s "-|>"."""
    arrow = FancyArrowPatch(start, end, **({"arrowstyle": "-|>", "mutation_scale": 10, "shrinkA": 4,
                                            "shrinkB": 2} | style))  # fmt: skip
    ax.add_patch(arrow)
    return arrow


class _GraphScene:
    """The computational graph on ``ax``: every artist made once, the numbers set by :meth:`update`.

    The boxes, edges, column titles and pass arrows never change; :meth:`update` writes the
    values and gradients into the existing texts, sets the edge widths and resizes the white
    backgrounds of the on-edge labels. A widget keeps the scene and only calls ``update``.
    """

    def __init__(self, ax: Axes, with_after: bool) -> None:
        self.ax, self.with_after = ax, with_after
        fig = ax.figure
        pos = _layout()
        half_w, half_h = _BOX_W / 2, _BOX_H / 2
        label_offset = _label_offset(with_after)  # labels have 2 or 3 lines
        n_lines = 3 if with_after else 2

        # data units per inch of the (equal-aspect) drawing, to size the labels' backgrounds
        xmin, xmax, ytop, ybottom, top = _graph_frame(with_after)
        fig_w, fig_h = fig.get_size_inches()
        box = ax.get_position()
        self.units_per_inch = max((xmax - xmin + 0.4) / (box.width * fig_w),
                                  (ytop - ybottom + 1.5) / (box.height * fig_h))  # fmt: skip
        self.edges: list[tuple[Any, str | None]] = []
        self.labels: dict[str, tuple[list, Any, float]] = {}
        colors = [FORWARD_COLOR, STEP_COLOR, BACKWARD_COLOR] if with_after else [FORWARD_COLOR,
                                                                                 BACKWARD_COLOR]  # fmt: skip

        def param_label(x: float, y: float, name: str, prefix: str = "", on_edge: bool = False):
            """Value (blue), value after the step (green, if any) and gradient (vermillion).

            A label that sits on an edge gets a white background (one rectangle, sized from
            the number of characters in update) so that the edge does not run through the text.
            """
            top = y + 0.19 * (n_lines - 1)
            background = None
            if on_edge:
                height = 0.38 * n_lines - 0.05
                background = plt.Rectangle((x, y - height / 2), 0.0, height, facecolor="white",
                                           edgecolor="none", zorder=3.5)  # fmt: skip
                ax.add_patch(background)
            style = {"ha": "center", "va": "center", "fontsize": _LABEL_SIZE, "zorder": 4}
            texts = [ax.text(x, top - 0.38 * k, "", color=color, **style) for k, color in enumerate(colors)]
            self.labels[name] = (texts, background, prefix)

        # edges first (under the boxes); weight edges get their width in update
        for src, dst, param in _EDGES:
            (xs, ys), (xd, yd) = pos[src], pos[dst]
            xa, xb = xs + half_w, xd - half_w
            # plain arrows (an empty annotation would also lay out its text on every draw)
            arrow = _arrow(ax, (xa, ys), (xb, yd), color=EDGE_COLOR, lw=1.2, shrinkA=2, shrinkB=0,
                           zorder=1)  # fmt: skip
            self.edges.append((arrow, param))
            if param is None:
                continue
            crossing = len(_column_of(src)) == len(_column_of(dst)) == 2
            if ys == yd:  # a straight edge: label above (top row) or below (bottom row) it
                t, dy = 0.5, (label_offset if ys > 0 else -label_offset)
            elif crossing:  # two edges cross in the middle: label near the source instead
                t, dy = 0.28, 0.0
            else:  # a slanted edge: label on it, a little before its middle
                t, dy = 0.5, 0.0
            param_label(xa + t * (xb - xa), ys + t * (yd - ys) + dy, param, on_edge=dy == 0)

        # nodes: value (forward) above gradient (backward)
        self.nodes: dict[str, tuple[Any, Any]] = {}
        for name, (x, y) in pos.items():
            ax.add_patch(plt.Rectangle((x - half_w, y - half_h), _BOX_W, _BOX_H, facecolor=NODE_FACE,
                                       edgecolor="#333333", lw=1.2, zorder=2))  # fmt: skip
            value = ax.text(x, y + 0.2, "", ha="center", va="center", fontsize=9.5,
                            fontweight="bold", color=FORWARD_COLOR, zorder=3)  # fmt: skip
            grad = ax.text(x, y - 0.22, "", ha="center", va="center", fontsize=9.5,
                           color=BACKWARD_COLOR, zorder=3)  # fmt: skip
            self.nodes[name] = (value, grad)
            if name in _BIASES:  # the bias, outside the box (above the top row, else below)
                offset = half_h + label_offset + 0.05
                param_label(x, y + offset if y > 0 else y - offset, _BIASES[name], prefix="+ ")
        lx, ly = pos["loss"]
        self.target = ax.text(lx, ly - half_h - 0.3, "", ha="center", va="center", fontsize=8.5,
                              color="#333333")  # fmt: skip

        # column titles, and the direction of the two passes
        for column, label in zip(_COLUMNS, _COLUMN_TITLES, strict=True):
            ax.text(pos[column[0]][0], top, label, ha="center", va="bottom", fontsize=9,
                    color="#333333", fontweight="bold")  # fmt: skip
        _arrow(ax, (xmin, ytop), (xmax, ytop), color=FORWARD_COLOR, lw=1.4)
        ax.text(xmin + 0.15, ytop + 0.12, "forward pass: values", ha="left", va="bottom",
                color=FORWARD_COLOR, fontsize=9)  # fmt: skip
        if with_after:
            ax.text(xmax - 0.15, ytop + 0.12, "green “→ …”: the value after one gradient step",
                    ha="right", va="bottom", color=STEP_COLOR, fontsize=9)  # fmt: skip
        _arrow(ax, (xmax, ybottom), (xmin, ybottom), color=BACKWARD_COLOR, lw=1.4)
        ax.text(xmax - 0.15, ybottom - 0.12, "backward pass: gradients ∇ = ∂L/∂(·)", ha="right",
                va="top", color=BACKWARD_COLOR, fontsize=9)  # fmt: skip

        ax.set_xlim(xmin - 0.2, xmax + 0.2)
        ax.set_ylim(ybottom - 0.75, ytop + 0.75)
        ax.set_aspect("equal")
        ax.set_axis_off()

    def update(self, values: Mapping[str, float], grads: Mapping[str, float],
               after: Mapping[str, float] | None) -> None:  # fmt: skip
        if (after is not None) != self.with_after:
            raise ValueError("this graph was built with after=" + ("a dict" if self.with_after else "None"))
        for arrow, param in self.edges:  # weight edges are thicker for larger |weight|
            if param is not None:
                arrow.set_linewidth(0.7 + 2.0 * min(abs(values[param]), 3.0) / 3.0)
        for name, (texts, background, prefix) in self.labels.items():
            lines = [f"{prefix}{_LABEL[name]} = {_fmt(values[name])}"]
            if after is not None:
                lines.append(f"→ {_fmt(after[name])}")
            lines.append(f"∇ {_fmt(grads[name])}")
            for text, line in zip(texts, lines, strict=True):
                text.set_text(line)
            if background is not None:
                width = max(len(t) for t in lines) * 0.5 * _LABEL_SIZE / 72 * self.units_per_inch
                x = texts[0].get_position()[0]
                background.set_x(x - width / 2)
                background.set_width(width)
        for name, (value, grad) in self.nodes.items():
            value.set_text(f"{_LABEL[name]} = {_fmt(values[name])}")
            grad.set_text(f"∇ {_fmt(grads[name])}")
        self.target.set_text(f"target y = {_fmt(values['y'])}")


def draw_computational_graph(
    values: Mapping[str, float],
    grads: Mapping[str, float],
    ax: Axes | None = None,
    *,
    after: Mapping[str, float] | None = None,
    title: str | None = "Computational graph: forward values and backward gradients",
) -> Figure:
    """Draw the tiny network's computational graph with every value and gradient on it.

    Every node box shows the node's value from the forward pass (blue, ``x₁ = …``) and
    the gradient ∂L/∂(node) from the backward pass (vermillion, ``∇ …``). Every weight
    edge carries its weight and ∂L/∂(weight); every bias is written next to its node.
    Edges are drawn thicker for larger |weight|. With ``after`` (parameters after one
    gradient step) each parameter label gets a green middle line ``→ value after the step``.

    ``values`` comes from :func:`tiny_forward`, ``grads`` from :func:`tiny_backward`.
    The node layout is computed from the graph's structure. Returns the figure (a new
    10.5 × 5.4 inch one when ``ax`` is None).
    """
    missing_v = [k for k in (*_NODE_NAMES, "y", *PARAM_NAMES) if k not in values]
    missing_g = [k for k in (*_NODE_NAMES, *PARAM_NAMES) if k not in grads]
    if missing_v or missing_g:
        raise ValueError(
            f"values/grads are missing {missing_v + missing_g}; pass the results of "
            "tiny_forward and tiny_backward"
        )
    if after is not None:
        missing = [k for k in PARAM_NAMES if k not in after]
        if missing:
            raise ValueError(f"after is missing {missing}; pass the result of gradient_step")
    if ax is None:
        title_h = 0.4 if title else 0.0
        height = 10.5 * _graph_aspect(after is not None)
        fig = plt.figure(figsize=(10.5, height + title_h))
        ax = fig.add_axes((0.0, 0.0, 1.0, height / (height + title_h)))
    else:
        fig = ax.figure
    _GraphScene(ax, after is not None).update(values, grads, after)
    if title:
        ax.set_title(title, fontsize=11)
    return fig


# ---------------------------------------------------------------------------
# The widget callback
# ---------------------------------------------------------------------------


class _BackpropFigure:
    """The widget's figure (graph, and optionally the loss-after-one-step panel), built once."""

    def __init__(self, show_lr_curve: bool) -> None:
        graph_w, curve_w, title_h = 10.5, 3.0, 0.4
        graph_h = graph_w * _graph_aspect(True)
        fig_w, fig_h = graph_w + (curve_w if show_lr_curve else 0.0), graph_h + title_h
        self.fig = fig = Figure(figsize=(fig_w, fig_h), dpi=WIDGET_DPI)
        FigureCanvasAgg(fig)
        graph_width = graph_w / fig_w
        self.ax_graph = fig.add_axes((0.0, 0.0, graph_width, graph_h / fig_h))
        self.graph = _GraphScene(self.ax_graph, with_after=True)
        self.ax_graph.set_title(" ", fontsize=11, y=1.0)  # pinned: drawing measures nothing
        self.ax_curve = None
        if show_lr_curve:
            self.ax_curve = ax = fig.add_axes(
                (graph_width + 0.7 / fig_w, 0.3, (curve_w - 0.85) / fig_w, 0.45)
            )
            (self.curve,) = ax.plot([], [], color="#333333", lw=1.5)
            self.now = ax.axhline(0.0, color="#999999", ls="--", lw=1)
            (self.chosen,) = ax.plot([], [], "D", color=STEP_COLOR, ms=7)
            ax.locator_params(nbins=3)
            ax.set_xlabel("learning rate η")
            ax.set_ylabel("loss after one step")
            ax.xaxis.set_label_coords(0.5, -0.13)
            ax.yaxis.set_label_coords(-0.25, 0.5)
            ax.set_title("Loss after one step, for\nevery η (dashed: now; ◆: chosen η)", fontsize=9.5,
                         y=1.02)  # fmt: skip
        # every text drawn as outlines (much cheaper than glyph by glyph): see _PathText
        _as_outlines(*fig.findobj(Text))

    def update(self, values, grads, after, params, lr, x, y, loss_before, loss_after) -> Figure:
        self.graph.update(values, grads, after)
        verdict = "lower" if loss_after < loss_before else "higher"
        self.ax_graph.title.set_text(f"One gradient step with η = {lr:g}: loss {loss_before:.4f} "
                                     f"→ {loss_after:.4f} ({verdict})")  # fmt: skip
        if self.ax_curve is not None:
            lr_max = max(1.0, 1.5 * lr)
            lrs = np.linspace(0.0, lr_max, 101)
            self.curve.set_data(lrs, loss_along_step(params, grads, lrs, x, y))
            self.now.set_ydata([loss_before, loss_before])
            self.chosen.set_data([lr], [loss_after])
            self.ax_curve.set_ylim(0, max(2.0 * loss_before, 1.2 * loss_after, 1e-3))
            self.ax_curve.set_xlim(0, lr_max)
            # tick labels the axes may have added for the new ranges
            _as_outlines(*self.ax_curve.get_xticklabels(), *self.ax_curve.get_yticklabels())
        return self.fig


_WIDGET_FIGURES: dict[bool, _BackpropFigure] = {}


def backprop_view(
    w1: float = DEFAULT_PARAMS["w1"],
    w2: float = DEFAULT_PARAMS["w2"],
    w3: float = DEFAULT_PARAMS["w3"],
    w4: float = DEFAULT_PARAMS["w4"],
    v1: float = DEFAULT_PARAMS["v1"],
    v2: float = DEFAULT_PARAMS["v2"],
    lr: float = DEFAULT_LR,
    *,
    b1: float = DEFAULT_PARAMS["b1"],
    b2: float = DEFAULT_PARAMS["b2"],
    c: float = DEFAULT_PARAMS["c"],
    x: Sequence[float] = DEFAULT_X,
    y: float = DEFAULT_Y,
    show_lr_curve: bool = True,
) -> tuple[Figure, dict[str, Any]]:
    """Widget callback: the graph for the given weights and one gradient step of size ``lr``.

    The graph shows every forward value and gradient, and under every parameter (green)
    its value after one step p ← p − lr·∂L/∂p; the title gives the loss before and
    after the step. With ``show_lr_curve`` a small panel on the right plots the loss
    after one step against the learning rate, the chosen ``lr`` marked: small steps
    lower the loss, too large ones overshoot.

    Returns ``(fig, info)`` with ``info`` = {"values", "grads", "params_before",
    "params_after", "loss_before", "loss_after", "lr"}.

    For speed, the figure is built once (per ``show_lr_curve``) and updated in place on later
    calls: the same ``Figure`` object comes back each time, so display or save it before the
    next call. It is not a pyplot figure, so ``plt.close`` on it is harmless.
    """
    params = {"w1": w1, "w2": w2, "w3": w3, "w4": w4, "b1": b1, "b2": b2, "v1": v1, "v2": v2,
              "c": c}  # fmt: skip
    params = _check_params(params)
    lr = _finite_number(lr, "lr")
    if lr < 0:
        raise ValueError(f"lr (the learning rate) must be >= 0, got {lr}")
    values = tiny_forward(params, x, y)
    grads = tiny_backward(values)
    after = gradient_step(params, grads, lr)
    loss_before = values["loss"]
    loss_after = tiny_loss(after, x, y)

    key = bool(show_lr_curve)
    if key not in _WIDGET_FIGURES:
        _WIDGET_FIGURES[key] = _BackpropFigure(key)
    fig = _WIDGET_FIGURES[key].update(values, grads, after, params, lr, x, y, loss_before, loss_after)
    info = {
        "values": values,
        "grads": grads,
        "params_before": params,
        "params_after": after,
        "loss_before": loss_before,
        "loss_after": loss_after,
        "lr": lr,
    }
    return fig, info


# ---------------------------------------------------------------------------
# Smaller figures of the chapter
# ---------------------------------------------------------------------------


def plot_class_probabilities(
    before: Sequence[float],
    after: Sequence[float],
    class_names: Sequence[str] = ("cat", "dog"),
    truth: int | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Bar chart of predicted class probabilities before and after one update step."""
    before = np.asarray(before, dtype=float)
    after = np.asarray(after, dtype=float)
    if before.ndim != 1 or before.shape != after.shape or before.size != len(class_names):
        raise ValueError(
            f"before and after must be 1-D with one probability per class "
            f"({len(class_names)}), got shapes {before.shape} and {after.shape}"
        )
    for name, p in (("before", before), ("after", after)):
        if p.min() < 0 or p.max() > 1 or not np.isclose(p.sum(), 1.0, atol=1e-6):
            raise ValueError(f"{name} must be probabilities (in [0, 1], summing to 1), got {p}")
    if ax is None:
        fig, ax = plt.subplots(figsize=(5.5, 3.4), layout="constrained")
    else:
        fig = ax.figure
    idx = np.arange(before.size)
    width = 0.38
    bars_b = ax.bar(idx - width / 2, before, width, color="#999999", label="before the step")
    bars_a = ax.bar(idx + width / 2, after, width, color=STEP_COLOR, label="after one step")
    for bars in (bars_b, bars_a):
        for bar in bars:
            h = bar.get_height()
            ax.text(bar.get_x() + bar.get_width() / 2, h + 0.02, f"{h:.3f}", ha="center",
                    va="bottom", fontsize=9)  # fmt: skip
    labels = [f"{n}\n(truth)" if truth == i else n for i, n in enumerate(class_names)]
    ax.set_xticks(idx, labels)
    ax.set_ylim(0, 1.15)
    ax.set_ylabel("predicted probability")
    ax.set_xlabel("class")
    ax.set_title("One gradient step moves probability towards the truth")
    ax.legend(loc="upper center", fontsize=9, ncols=2)
    return fig


def bowl(w: Any) -> Any:
    """A simple loss surface in two weights: f(w₁, w₂) = w₁² + 3·w₂² (arrays: last axis)."""
    w = np.asarray(w, dtype=float)
    return w[..., 0] ** 2 + 3 * w[..., 1] ** 2


def bowl_gradient(w: Any) -> np.ndarray:
    """∇f = (2·w₁, 6·w₂) for :func:`bowl`."""
    w = np.asarray(w, dtype=float)
    return np.stack([2 * w[..., 0], 6 * w[..., 1]], axis=-1)


def plot_steepest_ascent(
    point: Sequence[float] = (1.5, 0.8),
    f: Callable[[Any], Any] = bowl,
    grad_f: Callable[[Any], np.ndarray] = bowl_gradient,
) -> Figure:
    """Two panels: the contours of ``f`` with the gradient (uphill) and the negative
    gradient (downhill) at ``point``; and the slope of ``f`` in every direction at that
    point, which is largest exactly in the direction of the gradient.
    """
    p = np.asarray(point, dtype=float)
    if p.shape != (2,) or not np.isfinite(p).all():
        raise ValueError(f"point must hold two finite numbers, got {point!r}")
    g = np.asarray(grad_f(p), dtype=float)
    if not np.any(g):
        raise ValueError(f"the gradient is zero at {tuple(p)}: no direction is uphill")
    fig, (ax0, ax1) = plt.subplots(1, 2, figsize=(11, 4.4), layout="constrained",
                                   gridspec_kw={"width_ratios": (1, 1.15)})  # fmt: skip
    lim = max(2.5, 1.3 * np.abs(p).max())
    grid = np.linspace(-lim, lim, 121)
    W1, W2 = np.meshgrid(grid, grid)
    Z = f(np.stack([W1, W2], axis=-1))
    f_point = float(f(p))
    levels = np.unique(np.round(f_point * np.array([0.1, 0.3, 0.6, 1.0, 1.6, 2.4, 3.4]), 1))
    cs = ax0.contour(W1, W2, Z, levels=levels[levels > 0], colors="#8c8c8c", linewidths=0.9)
    ax0.clabel(cs, fontsize=7.5, fmt="%g")
    unit = g / np.linalg.norm(g)
    length = 0.35 * lim
    ax0.annotate("", xy=p + length * unit, xytext=p,
                 arrowprops={"arrowstyle": "-|>", "color": BACKWARD_COLOR, "lw": 2.2})  # fmt: skip
    ax0.annotate("", xy=p - length * unit, xytext=p,
                 arrowprops={"arrowstyle": "-|>", "color": FORWARD_COLOR, "lw": 2.2})  # fmt: skip
    ax0.plot(*p, "o", color="black", ms=6)
    ax0.text(*(p + length * unit + 0.12 * unit * lim), "gradient ∇f\n(steepest ascent)",
             color=BACKWARD_COLOR, fontsize=9, ha="center", va="bottom")  # fmt: skip
    ax0.text(*(p - length * unit - 0.1 * unit * lim), "−∇f\n(steepest descent)",
             color=FORWARD_COLOR, fontsize=9, ha="center", va="top")  # fmt: skip
    ax0.set_xlabel("weight $w_1$")
    ax0.set_ylabel("weight $w_2$")
    ax0.set_aspect("equal")
    ax0.set_title(f"Contours of the loss; we stand at ({p[0]:g}, {p[1]:g})")

    angles = np.linspace(0, 360, 361)
    dirs = np.stack([np.cos(np.radians(angles)), np.sin(np.radians(angles))], axis=-1)
    slopes = dirs @ g  # directional derivative ∇f · u for unit vectors u
    g_angle = np.degrees(np.arctan2(g[1], g[0])) % 360
    ax1.plot(angles, slopes, color="#333333", lw=1.6)
    ax1.axhline(0, color="#cccccc", lw=0.8)
    ax1.axvline(g_angle, color=BACKWARD_COLOR, ls="--", lw=1.2,
                label=f"direction of ∇f ({g_angle:.0f}°): slope +|∇f| = {np.linalg.norm(g):.2f}")  # fmt: skip
    ax1.axvline((g_angle + 180) % 360, color=FORWARD_COLOR, ls="--", lw=1.2,
                label=f"direction of −∇f ({(g_angle + 180) % 360:.0f}°): slope −|∇f|")  # fmt: skip
    ax1.set_xlim(0, 360)
    ax1.set_xticks(np.arange(0, 361, 45))
    ax1.set_xlabel("direction of a unit step (degrees from the $w_1$ axis)")
    ax1.set_ylabel("slope of the loss in that direction")
    ax1.set_title("Which direction goes uphill fastest?")
    ax1.legend(fontsize=8.5, loc="lower left")
    ax1.grid(alpha=0.3)
    return fig
