"""Chapter 4 (Backpropagation): a tiny network written out node by node, and its figures.

The tiny network has two inputs, two sigmoid hidden neurons and one linear output, and
learns from one example with the squared error::

    z1 = w11*x1 + w12*x2 + b1        a1 = sigmoid(z1)
    z2 = w21*x1 + w22*x2 + b2        a2 = sigmoid(z2)
    yhat = v1*a1 + v2*a2 + c         L = (yhat - y)**2

``w_jk`` connects input k to hidden neuron j, as in ``Dense.weight``: the hidden layer is
``Dense`` with weight ``[[w11, w12], [w21, w22]]`` and bias ``[b1, b2]``, the output layer
``Dense`` with weight ``[[v1, v2]]`` and bias ``[c]`` (:func:`to_nnlib`).

The maths, one chain-rule step per line: :func:`tiny_forward`, :func:`tiny_backward`,
:func:`gradient_step` and :func:`training_run`. The figures: :func:`draw_computational_graph`
(every forward value and gradient on the graph), :func:`backprop_view` (the chapter's widget:
a training run, step by step), :func:`plot_class_probabilities` and :func:`plot_steepest_ascent`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, Rectangle

from .._validation import as_float_array, check_choice, check_int, check_positive
from ..plot import PALETTE
from .frames import View, freeze, new_figure, reuse

__all__ = [
    "DEFAULT_PARAMS",
    "DEFAULT_X",
    "DEFAULT_Y",
    "PARAM_NAMES",
    "STARTS",
    "WIDGET_LRS",
    "WIDGET_STEPS",
    "backprop_view",
    "bowl",
    "bowl_gradient",
    "draw_computational_graph",
    "gradient_step",
    "loss_along_step",
    "params_to_vector",
    "plot_class_probabilities",
    "plot_steepest_ascent",
    "sigmoid",
    "tiny_backward",
    "tiny_forward",
    "tiny_loss",
    "to_nnlib",
    "training_run",
    "vector_to_params",
]

FORWARD_COLOR = PALETTE["blue"]  # values of the forward pass
BACKWARD_COLOR = PALETTE["vermillion"]  # gradients of the backward pass
STEP_COLOR = PALETTE["bluish_green"]  # after a gradient step

#: The nine trainable parameters of the tiny network, in a fixed order.
PARAM_NAMES: tuple[str, ...] = ("w11", "w12", "w21", "w22", "b1", "b2", "v1", "v2", "c")
#: The parameters of the chapter's worked example.
DEFAULT_PARAMS: dict[str, float] = {"w11": 0.5, "w12": -0.4, "w21": -0.3, "w22": 0.8, "b1": 0.1,
                                    "b2": 0.2, "v1": 0.7, "v2": -0.5, "c": 0.2}  # fmt: skip
#: The one training example (x1, x2) and its target y.
DEFAULT_X: tuple[float, float] = (1.0, 0.5)
DEFAULT_Y: float = 1.0

#: The widget's starting points: the chapter's example and two that show where gradients stop.
STARTS: dict[str, dict[str, float]] = {
    "the chapter's example": DEFAULT_PARAMS,
    "v₁ = 0: neuron 1 cut off": DEFAULT_PARAMS | {"v1": 0.0},
    "w₁₁ = 3: sigmoid 1 saturated": DEFAULT_PARAMS | {"w11": 3.0},
}
#: The widget's learning rates: slow, good, overshooting at first, diverging.
WIDGET_LRS: tuple[float, ...] = (0.05, 0.3, 0.7, 1.5)
#: The steps the static book shows (a running kernel offers every step up to the last).
WIDGET_STEPS: tuple[int, ...] = (0, 1, 2, 3, 4, 5, 6, 8, 10, 15, 20)

_NODE_NAMES = ("x1", "x2", "z1", "z2", "a1", "a2", "yhat", "loss")


# --------------------------------------------------------------------------- the maths


def sigmoid(z: Any) -> Any:
    """σ(z) = 1 / (1 + e^(−z)) for a number or an array (stable for large |z|)."""
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    out = np.where(z >= 0, 1 / (1 + e), e / (1 + e))
    return float(out) if out.ndim == 0 else out


def params_to_vector(params: Mapping[str, float], name: str = "params") -> np.ndarray:
    """The nine parameters (or their gradients) as a float64 vector in the order of
    ``PARAM_NAMES``, checked: all present and finite."""
    missing = [k for k in PARAM_NAMES if k not in params]
    if missing:
        raise ValueError(f"{name} is missing {missing}; it needs all of {PARAM_NAMES}")
    return as_float_array([params[k] for k in PARAM_NAMES], name, ndim=1, dtype=np.float64)


def vector_to_params(vector: Any) -> dict[str, float]:
    """Inverse of :func:`params_to_vector`."""
    vec = as_float_array(vector, "vector", ndim=1, dtype=np.float64)
    if vec.shape != (len(PARAM_NAMES),):
        raise ValueError(f"vector must have shape ({len(PARAM_NAMES)},), got {vec.shape}")
    return dict(zip(PARAM_NAMES, vec.tolist(), strict=True))


def _forward(p: Mapping[str, Any], x1: float, x2: float, y: float) -> dict[str, Any]:
    """The forward pass without checks (elementwise if the parameters are arrays)."""
    z1 = p["w11"] * x1 + p["w12"] * x2 + p["b1"]  # hidden neuron 1: weighted sum
    z2 = p["w21"] * x1 + p["w22"] * x2 + p["b2"]  # hidden neuron 2: weighted sum
    a1 = sigmoid(z1)  # activations
    a2 = sigmoid(z2)
    yhat = p["v1"] * a1 + p["v2"] * a2 + p["c"]  # output neuron (no activation)
    loss = (yhat - y) ** 2  # squared error
    return {"x1": x1, "x2": x2, "z1": z1, "z2": z2, "a1": a1, "a2": a2, "yhat": yhat, "y": y, "loss": loss}


def _example(x: Sequence[float], y: float) -> tuple[float, float, float]:
    x_arr = as_float_array(x, "x", ndim=1)
    if x_arr.shape != (2,):
        raise ValueError(f"x must hold two numbers (x1, x2), got shape {x_arr.shape}")
    return float(x_arr[0]), float(x_arr[1]), float(as_float_array(y, "y", ndim=0))


def tiny_forward(
    params: Mapping[str, float] | None = None, x: Sequence[float] = DEFAULT_X, y: float = DEFAULT_Y
) -> dict[str, float]:
    """The forward pass: the value of every node of the graph.

    Returns the inputs ``x1, x2``, the weighted sums ``z1, z2``, the activations ``a1, a2``,
    the prediction ``yhat``, the target ``y``, the ``loss`` and the nine parameters (the
    leaves of the graph).
    """
    p = vector_to_params(params_to_vector(DEFAULT_PARAMS if params is None else params))
    values = _forward(p, *_example(x, y)) | p
    return {k: float(v) for k, v in values.items()}


def tiny_backward(values: Mapping[str, float]) -> dict[str, float]:
    """The backward pass: ∂L/∂(node) for every node and parameter of the graph.

    ``values`` is the result of :func:`tiny_forward`. Each line applies the chain rule once:
    the gradient of a node is the gradient of the node it feeds times the local derivative.
    """
    missing = [k for k in (*_NODE_NAMES, "y", *PARAM_NAMES) if k not in values]
    if missing:
        raise ValueError(f"values is missing {missing}; pass the result of tiny_forward")
    v = values
    g: dict[str, float] = {}
    g["loss"] = 1.0  # ∂L/∂L
    # L = (yhat − y)²
    g["yhat"] = g["loss"] * 2 * (v["yhat"] - v["y"])
    # yhat = v1·a1 + v2·a2 + c
    g["v1"] = g["yhat"] * v["a1"]
    g["v2"] = g["yhat"] * v["a2"]
    g["c"] = g["yhat"] * 1.0
    g["a1"] = g["yhat"] * v["v1"]
    g["a2"] = g["yhat"] * v["v2"]
    # a = σ(z), dσ/dz = σ(z)·(1 − σ(z)) = a·(1 − a)
    g["z1"] = g["a1"] * v["a1"] * (1 - v["a1"])
    g["z2"] = g["a2"] * v["a2"] * (1 - v["a2"])
    # z1 = w11·x1 + w12·x2 + b1
    g["w11"] = g["z1"] * v["x1"]
    g["w12"] = g["z1"] * v["x2"]
    g["b1"] = g["z1"] * 1.0
    # z2 = w21·x1 + w22·x2 + b2
    g["w21"] = g["z2"] * v["x1"]
    g["w22"] = g["z2"] * v["x2"]
    g["b2"] = g["z2"] * 1.0
    # x1 and x2 each feed two nodes: their gradients add up
    g["x1"] = g["z1"] * v["w11"] + g["z2"] * v["w21"]
    g["x2"] = g["z1"] * v["w12"] + g["z2"] * v["w22"]
    return g


def tiny_loss(
    params: Mapping[str, float] | None = None, x: Sequence[float] = DEFAULT_X, y: float = DEFAULT_Y
) -> float:
    """The loss (yhat − y)² of the tiny network on one example."""
    return tiny_forward(params, x, y)["loss"]


def gradient_step(params: Mapping[str, float], grads: Mapping[str, float], lr: float) -> dict[str, float]:
    """One step of gradient descent: every parameter p becomes p − lr · ∂L/∂p."""
    lr = check_positive(lr, "lr", allow_zero=True)
    p, g = params_to_vector(params), params_to_vector(grads, "grads")
    return vector_to_params(p - lr * g)


def loss_along_step(
    params: Mapping[str, float],
    grads: Mapping[str, float],
    lrs: Any,
    x: Sequence[float] = DEFAULT_X,
    y: float = DEFAULT_Y,
) -> np.ndarray:
    """The loss after one gradient step, for every learning rate in ``lrs`` at once."""
    p, g = params_to_vector(params), params_to_vector(grads, "grads")
    lrs = as_float_array(lrs, "lrs")
    stepped = dict(zip(PARAM_NAMES, p[:, None] - g[:, None] * lrs.ravel(), strict=True))
    return np.asarray(_forward(stepped, *_example(x, y))["loss"]).reshape(lrs.shape)


def training_run(
    params: Mapping[str, float] | None = None,
    lr: float = 0.3,
    steps: int = 20,
    x: Sequence[float] = DEFAULT_X,
    y: float = DEFAULT_Y,
) -> list[dict[str, float]]:
    """``steps`` gradient-descent steps on the one example: forward, backward, step, repeated.

    Returns the parameters before every step and after the last (``steps + 1`` dicts);
    ``tiny_loss(run[s])`` is the loss at step s.
    """
    steps = check_int(steps, "steps", minimum=0)
    run = [vector_to_params(params_to_vector(DEFAULT_PARAMS if params is None else params))]
    with np.errstate(over="ignore"):
        for _ in range(steps):
            run.append(gradient_step(run[-1], tiny_backward(tiny_forward(run[-1], x, y)), lr))
    return run


def to_nnlib(params: Mapping[str, float] | None = None) -> list:
    """The same network from nnlib layers: ``[Dense(2, 2), Sigmoid(), Dense(2, 1)]``.

    With ``nnlib.losses.MeanSquaredError()``, which for one example and one output is exactly
    (yhat − y)², it computes the same loss and gradients.
    """
    from nnlib.layers import Dense, Sigmoid

    p = vector_to_params(params_to_vector(DEFAULT_PARAMS if params is None else params))
    hidden = Dense.from_arrays([[p["w11"], p["w12"]], [p["w21"], p["w22"]]], [p["b1"], p["b2"]])
    output = Dense.from_arrays([[p["v1"], p["v2"]]], [p["c"]])
    return [hidden, Sigmoid(), output]


# --------------------------------------------------------------------------- the graph figure

# Columns of nodes, left to right, and the edges (source, target, parameter on the edge).
_COLUMNS = (("x1", "x2"), ("z1", "z2"), ("a1", "a2"), ("yhat",), ("loss",))
_COLUMN_TITLES = ("inputs", "weighted sums Σ", "sigmoid σ", "output Σ", "loss (ŷ − y)²")
_EDGES = (("x1", "z1", "w11"), ("x2", "z1", "w12"), ("x1", "z2", "w21"), ("x2", "z2", "w22"),
          ("z1", "a1", None), ("z2", "a2", None), ("a1", "yhat", "v1"), ("a2", "yhat", "v2"),
          ("yhat", "loss", None))  # fmt: skip
_BIASES = {"z1": "b1", "z2": "b2", "yhat": "c"}
_LABEL = {"x1": "x₁", "x2": "x₂", "z1": "z₁", "z2": "z₂", "a1": "a₁", "a2": "a₂", "yhat": "ŷ", "loss": "L",
          "w11": "w₁₁", "w12": "w₁₂", "w21": "w₂₁", "w22": "w₂₂", "b1": "b₁", "b2": "b₂", "v1": "v₁",
          "v2": "v₂", "c": "c"}  # fmt: skip
# (x, y) of every node: columns 5.6, 3.1, 4.4, 3.1 units apart, rows 3.3 apart
_POS = {"x1": (0.0, 1.65), "x2": (0.0, -1.65), "z1": (5.6, 1.65), "z2": (5.6, -1.65), "a1": (8.7, 1.65),
        "a2": (8.7, -1.65), "yhat": (13.1, 0.0), "loss": (16.2, 0.0)}  # fmt: skip
# where each parameter's label sits (centre of its two lines)
_PARAM_POS = {"w11": (2.8, 2.35), "w21": (1.6, 0.95), "w12": (1.6, -0.95), "w22": (2.8, -2.35),
              "b1": (5.6, 2.85), "b2": (5.6, -2.85), "v1": (11.0, 1.85), "v2": (11.0, -1.85),
              "c": (13.1, -1.2)}  # fmt: skip
_BOX_W, _BOX_H = 2.1, 1.0
_XLIM, _YLIM = (-1.3, 17.5), (-4.3, 4.9)
_DIGITS = 3


def _fmt(value: float) -> str:
    """A number with 3 decimals and a real minus sign; very large ones in powers of ten."""
    if abs(value) >= 1e4:
        return f"{value:.1e}".replace("-", "−").replace("e+0", "e").replace("e+", "e")
    value = 0.0 if abs(value) < 0.5 * 10**-_DIGITS else value
    return f"{value:.{_DIGITS}f}".replace("-", "−")


_ARROW: dict[str, Any] = {
    "arrowstyle": "-|>",
    "mutation_scale": 10,
    "shrinkA": 2,
    "shrinkB": 0,
    "color": "#7f7f7f",
    "lw": 1.2,
}


def _arrow(ax: Axes, start: tuple[float, float], end: tuple[float, float], **style: Any) -> None:
    ax.add_patch(FancyArrowPatch(start, end, **(_ARROW | style)))


class _Graph:
    """The computational graph on ``ax``: every artist made once; :meth:`update` writes the numbers.

    Every number is its own text, placed after a fixed name ("z₁ =", "∇"), so that the names,
    boxes and arrows never change and can be drawn once (see :func:`nnlib.interactive.frames.freeze`).
    """

    def __init__(self, ax: Axes) -> None:
        self.ax = ax
        self.numbers: dict[tuple[str, str], Any] = {}  # (name, "value" | "grad") -> Text
        for src, dst, _ in _EDGES:
            (xs, ys), (xd, yd) = _POS[src], _POS[dst]
            _arrow(ax, (xs + _BOX_W / 2, ys), (xd - _BOX_W / 2, yd))
        for name, (x, y) in _POS.items():
            ax.add_patch(
                Rectangle(
                    (x - _BOX_W / 2, y - _BOX_H / 2),
                    _BOX_W,
                    _BOX_H,
                    facecolor="#f4f4f4",
                    edgecolor="#333333",
                    lw=1.2,
                )
            )
            self._pair(x, y, name, size=9.5, bold=True)
        for name, (x, y) in _PARAM_POS.items():
            ax.add_patch(
                Rectangle((x - 0.95, y - 0.42), 1.9, 0.84, facecolor="white", edgecolor="none", zorder=1.5)
            )
            self._pair(x, y, name, size=8.5, bold=False, prefix="+ " if name in _BIASES.values() else "")
        self.target = ax.text(*_POS["loss"], "", ha="center", va="top", fontsize=8.5, color="#333333")
        self.target.set_y(-_BOX_H / 2 - 0.25)
        for column, title in zip(_COLUMNS, _COLUMN_TITLES, strict=True):
            ax.text(
                _POS[column[0]][0],
                3.45,
                title,
                ha="center",
                va="bottom",
                fontsize=9,
                fontweight="bold",
                color="#333333",
            )
        left, right, top, bottom = _XLIM[0] + 0.2, _XLIM[1] - 0.2, 4.25, -3.75
        _arrow(ax, (left, top), (right, top), color=FORWARD_COLOR, lw=1.4)
        ax.text(left, top + 0.15, "forward pass: values", color=FORWARD_COLOR, fontsize=9, va="bottom")
        _arrow(ax, (right, bottom), (left, bottom), color=BACKWARD_COLOR, lw=1.4)
        ax.text(
            right,
            bottom - 0.15,
            "backward pass: gradients ∇ = ∂L/∂(·)",
            ha="right",
            va="top",
            color=BACKWARD_COLOR,
            fontsize=9,
        )
        ax.set(xlim=_XLIM, ylim=_YLIM, aspect="equal")
        ax.set_axis_off()

    def _pair(self, x: float, y: float, name: str, size: float, bold: bool, prefix: str = "") -> None:
        """ "name = value" (blue) above "∇ gradient" (vermillion), the numbers left-aligned after
        the fixed text, the whole pair centred on (x, y)."""
        width = 0.15 * size / 9.5  # data units per character, about
        label = f"{prefix}{_LABEL[name]} = "
        split = x - 0.5 * width * (len(label) + _DIGITS + 2) + width * len(label)
        lines = (
            (0.2, label, "value", FORWARD_COLOR, "bold" if bold else "normal"),
            (-0.22, "∇ ", "grad", BACKWARD_COLOR, "normal"),
        )
        for dy, text, key, colour, weight in lines:
            style: dict[str, Any] = {
                "va": "center",
                "fontsize": size,
                "color": colour,
                "zorder": 3,
                "fontweight": weight,
            }
            self.ax.text(split, y + dy, text, ha="right", **style)
            self.numbers[name, key] = self.ax.text(split, y + dy, "", ha="left", gid=f"{name}.{key}", **style)

    def update(self, values: Mapping[str, float], grads: Mapping[str, float]) -> None:
        for (name, key), text in self.numbers.items():
            text.set_text(_fmt((values if key == "value" else grads)[name]))
        self.target.set_text(f"target y = {_fmt(values['y'])}")

    def dynamic(self) -> list[Artist]:
        """The artists :meth:`update` changes (the inputs' values and the target never do)."""
        fixed = {("x1", "value"), ("x2", "value"), ("loss", "grad")}
        return [text for key, text in self.numbers.items() if key not in fixed]


def _check_graph_inputs(values: Mapping[str, float], grads: Mapping[str, float]) -> None:
    missing = [k for k in (*_NODE_NAMES, "y", *PARAM_NAMES) if k not in values]
    missing += [k for k in (*_NODE_NAMES, *PARAM_NAMES) if k not in grads]
    if missing:
        raise ValueError(
            f"values/grads are missing {missing}; pass tiny_forward's and tiny_backward's results"
        )


def draw_computational_graph(values: Mapping[str, float], grads: Mapping[str, float]) -> Figure:
    """The tiny network's graph with every forward value (blue) and gradient ∂L/∂(·) (vermillion).

    ``values`` comes from :func:`tiny_forward`, ``grads`` from :func:`tiny_backward`. Every node
    box shows its value and gradient, every weight sits on its edge, every bias next to its node.
    Returns a new figure.
    """
    _check_graph_inputs(values, grads)
    fig = new_figure(10.5, 5.1, dpi=100)
    graph = _Graph(fig.add_axes((0.0, 0.0, 1.0, 0.93)))
    graph.update(values, grads)
    fig.suptitle("Computational graph: forward values and backward gradients", fontsize=11, y=0.99)
    return fig


# --------------------------------------------------------------------------- the widget


@lru_cache(maxsize=32)
def _run(start: str, lr: float) -> tuple[list[dict[str, float]], np.ndarray]:
    run = training_run(STARTS[start], lr, max(WIDGET_STEPS) + 1)
    losses = np.array([tiny_loss(p) for p in run])
    return run, losses


class _WidgetScene:
    """The widget's figure: the graph (left) and the loss of the whole run (right)."""

    def __init__(self) -> None:
        self.fig = new_figure(13.4, 5.2)
        self.graph = _Graph(self.fig.add_axes((0.0, 0.0, 0.76, 0.9)))
        self.title = self.fig.text(0.38, 0.955, "", ha="center", va="center", fontsize=11)
        ax = self.loss_ax = self.fig.add_axes((0.82, 0.16, 0.165, 0.64))
        (self.curve,) = ax.plot([], [], "-", color="#333333", lw=1.4)
        (self.now,) = ax.plot([], [], "o", color=STEP_COLOR, ms=7)
        ax.set(yscale="log", xlim=(0, max(WIDGET_STEPS)), ylim=(1e-8, 1e6), xlabel="step s")
        ax.set_yticks([1e-8, 1e-4, 1, 1e4], ["10⁻⁸", "10⁻⁴", "1", "10⁴"])
        ax.set_yticks([], minor=True)
        ax.set_xticks([0, 5, 10, 15, 20])
        ax.grid(alpha=0.3)
        ax.set_title("loss L at every step\n(●: this step)", fontsize=9.5, y=1.02)
        self.graph.update(tiny_forward(), tiny_backward(tiny_forward()))  # the fixed numbers
        freeze(self.fig, moving=[*self.graph.dynamic(), self.title, self.curve, self.now])


def backprop_view(start: str = "the chapter's example", lr: float = 0.3, step: int = 0) -> View:
    """The widget: step ``step`` of gradient descent with learning rate ``lr`` from ``start``.

    The graph shows every forward value and gradient at that step's parameters; the title the
    loss before and after the step's update; the right panel the loss of the whole run (20 steps).
    ``start`` is a key of ``STARTS``.
    """
    start = check_choice(start, "start", STARTS)
    lr = check_positive(lr, "lr")
    step = check_int(step, "step", minimum=0, maximum=max(WIDGET_STEPS))
    run, losses = _run(start, lr)
    values = tiny_forward(run[step])
    grads = tiny_backward(values)
    scene = reuse("backprop.widget", _WidgetScene)
    scene.graph.update(values, grads)
    before, after = losses[step], losses[step + 1]
    verdict = "lower" if after < before else "higher"
    summary = f"loss {before:.4g} at step {step}, {after:.4g} after its update ({verdict})"
    scene.title.set_text(f"Step {step} with η = {lr:g}: loss {before:.4g} → {after:.4g} after the update")
    scene.curve.set_data(np.arange(len(losses)), np.clip(losses, 1e-30, None))
    scene.now.set_data([step], [max(before, 1e-30)])
    return View(scene.fig, summary)


# --------------------------------------------------------------------------- smaller figures


def plot_class_probabilities(
    before: Sequence[float],
    after: Sequence[float],
    class_names: Sequence[str] = ("cat", "dog"),
    truth: int | None = None,
) -> Figure:
    """Bar chart of the predicted class probabilities before and after one update step."""
    before_arr, after_arr = as_float_array(before, "before", ndim=1), as_float_array(after, "after", ndim=1)
    if before_arr.shape != after_arr.shape or before_arr.size != len(class_names):
        raise ValueError(
            f"before and after need one probability per class ({len(class_names)}), "
            f"got shapes {before_arr.shape} and {after_arr.shape}"
        )
    for name, p in (("before", before_arr), ("after", after_arr)):
        if p.min() < 0 or not np.isclose(p.sum(), 1.0, atol=1e-6):
            raise ValueError(f"{name} must be probabilities (>= 0, summing to 1), got {p}")
    fig = new_figure(5.5, 3.4, dpi=100)
    ax = fig.add_axes((0.12, 0.2, 0.84, 0.68))
    idx, width = np.arange(before_arr.size), 0.38
    for shift, p, colour, label in (
        (-1, before_arr, PALETTE["grey"], "before the step"),
        (1, after_arr, STEP_COLOR, "after one step"),
    ):
        bars = ax.bar(idx + shift * width / 2, p, width, color=colour, label=label)
        ax.bar_label(bars, fmt="%.3f", fontsize=9, padding=2)
    ax.set_xticks(idx, [f"{n}\n(truth)" if truth == i else n for i, n in enumerate(class_names)])
    ax.set(ylim=(0, 1.15), ylabel="predicted probability")
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
    """Two panels: the contours of ``f`` with the gradient (uphill) and its negative (downhill)
    at ``point``; and the slope of ``f`` in every direction there, largest along the gradient."""
    p = as_float_array(point, "point", ndim=1)
    if p.shape != (2,):
        raise ValueError(f"point must hold two numbers, got {point!r}")
    g = np.asarray(grad_f(p), dtype=float)
    if not np.any(g):
        raise ValueError(f"the gradient is zero at {tuple(p)}: no direction is uphill")
    fig = new_figure(11, 4.4, dpi=100)
    ax0, ax1 = fig.subplots(1, 2, width_ratios=(1, 1.15))
    fig.subplots_adjust(left=0.06, right=0.98, bottom=0.13, top=0.92, wspace=0.2)
    lim = max(2.5, 1.3 * np.abs(p).max())
    grid = np.linspace(-lim, lim, 121)
    W1, W2 = np.meshgrid(grid, grid)
    levels = np.unique(np.round(float(f(p)) * np.array([0.1, 0.3, 0.6, 1.0, 1.6, 2.4, 3.4]), 1))
    cs = ax0.contour(
        W1, W2, f(np.stack([W1, W2], axis=-1)), levels=levels[levels > 0], colors="#8c8c8c", linewidths=0.9
    )
    ax0.clabel(cs, fontsize=7.5, fmt="%g")
    unit, length = g / np.linalg.norm(g), 0.35 * lim
    for sign, colour, text, va in (
        (1, BACKWARD_COLOR, "gradient ∇f\n(steepest ascent)", "bottom"),
        (-1, FORWARD_COLOR, "−∇f\n(steepest descent)", "top"),
    ):
        tip = p + sign * length * unit
        ax0.annotate("", xy=tip, xytext=p, arrowprops={"arrowstyle": "-|>", "color": colour, "lw": 2.2})
        ax0.text(*(tip + sign * 0.11 * lim * unit), text, color=colour, fontsize=9, ha="center", va=va)
    ax0.plot(*p, "o", color="black", ms=6)
    ax0.set(
        xlabel="weight $w_1$",
        ylabel="weight $w_2$",
        aspect="equal",
        title=f"Contours of the loss; we stand at ({p[0]:g}, {p[1]:g})",
    )

    angles = np.linspace(0, 360, 361)
    slopes = np.stack([np.cos(np.radians(angles)), np.sin(np.radians(angles))], axis=-1) @ g
    g_angle = np.degrees(np.arctan2(g[1], g[0])) % 360
    ax1.plot(angles, slopes, color="#333333", lw=1.6)
    ax1.axhline(0, color="#cccccc", lw=0.8)
    ax1.axvline(
        g_angle,
        color=BACKWARD_COLOR,
        ls="--",
        lw=1.2,
        label=f"direction of ∇f ({g_angle:.0f}°): slope +|∇f| = {np.linalg.norm(g):.2f}",
    )
    ax1.axvline(
        (g_angle + 180) % 360,
        color=FORWARD_COLOR,
        ls="--",
        lw=1.2,
        label=f"direction of −∇f ({(g_angle + 180) % 360:.0f}°): slope −|∇f|",
    )
    ax1.set(
        xlim=(0, 360),
        xticks=np.arange(0, 361, 45),
        xlabel="direction of a unit step (degrees from the $w_1$ axis)",
        ylabel="slope of the loss in that direction",
        title="Which direction goes uphill fastest?",
    )
    ax1.legend(fontsize=8.5, loc="lower left")
    ax1.grid(alpha=0.3)
    return fig
