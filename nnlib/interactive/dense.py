"""Chapter 2, *Dense layers and activations*: the maths behind its widgets, and the views.

The maths a reader meets in the chapter are plain functions:

* :func:`preset_layer` -- weights and bias of a named 2 → 2 layer (rotation, shear, ...) at a
  strength ``t``, with ``t = 0`` always the identity layer;
* :func:`transform_points` -- a dense layer with an activation, φ(x Wᵀ + b), on a batch of points;
* :func:`tempered_softmax` -- softmax(z / T).

The widget callbacks return a :class:`~nnlib.interactive.frames.View`:

* :func:`dense_grid_view` -- how a preset layer and an activation move a grid of points;
* :func:`softmax_view` -- three logits and their probabilities softmax(z / T).

:func:`plot_layer_grid` draws the grid picture into a given axes (the chapter's static figure)
and :func:`draw_network` draws a network diagram.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, cast

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.patches import Circle, Polygon

from nnlib._validation import as_float_array, check_positive
from nnlib.interactive.frames import View, freeze, new_figure, reuse
from nnlib.layers import ACTIVATIONS, softmax
from nnlib.plot import PALETTE

__all__ = [
    "ACTIVATION_NAMES",
    "CORNERS",
    "LAYER_PRESETS",
    "SHIFT_VALUES",
    "TEMPERATURE_VALUES",
    "T_VALUES",
    "Z1_VALUES",
    "dense_grid_view",
    "draw_network",
    "plot_layer_grid",
    "preset_layer",
    "softmax_view",
    "tempered_softmax",
    "transform_points",
]

#: The activations of the grid widget's drop-down, in menu order.
ACTIVATION_NAMES: tuple[str, ...] = ("identity", "relu", "sigmoid", "tanh")


def _rotation(t: float) -> tuple[np.ndarray, np.ndarray]:
    c, s = np.cos(t * np.pi / 2), np.sin(t * np.pi / 2)
    return np.array([[c, -s], [s, c]]), np.zeros(2)


#: Named 2 → 2 layers for the grid widget, ``name -> (t -> (W, b))``; ``t`` runs over [-1, 1] and
#: ``t = 0`` is the identity layer for every one. rotation: by t · 90°; shear: W = [[1, t], [0, 1]];
#: scaling: W = 3ᵗ I; mirror: W = [[1 − 2t, 0], [0, 1]] (collapsed at t = ½, a reflection at t = 1);
#: collapse: W = (1 − t) I + t P with P = [[½, ½], [½, ½]] the projection onto the line x₁ = x₂;
#: shift (bias): W = I, b = t (1.5, 1).
LAYER_PRESETS: dict[str, Callable[[float], tuple[np.ndarray, np.ndarray]]] = {
    "rotation": _rotation,
    "shear": lambda t: (np.array([[1.0, t], [0.0, 1.0]]), np.zeros(2)),
    "scaling": lambda t: (3.0**t * np.eye(2), np.zeros(2)),
    "mirror": lambda t: (np.diag([1.0 - 2 * t, 1.0]), np.zeros(2)),
    "collapse": lambda t: ((1 - t) * np.eye(2) + t * np.full((2, 2), 0.5), np.zeros(2)),
    "shift (bias)": lambda t: (np.eye(2), t * np.array([1.5, 1.0])),
}


#: The static book's grids: the layer widget has 6 presets × 9 strengths t × 4 activations = 216
#: frames; the softmax widget 9 values of z₁ × 3 shifts × 7 temperatures = 189 frames.
T_VALUES = tuple(np.linspace(-1.0, 1.0, 9).tolist())
Z1_VALUES = tuple(float(v) for v in range(-2, 7))
SHIFT_VALUES = (-3.0, 0.0, 3.0)
TEMPERATURE_VALUES = (0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0)


def _finite(value: float, name: str) -> float:
    return float(as_float_array(value, name, ndim=0))


def _choice(value: str, options: Sequence[str], name: str) -> str:
    if value not in options:
        raise ValueError(f"unknown {name} {value!r}; choose one of {', '.join(map(repr, options))}")
    return value


def preset_layer(preset: str, t: float) -> tuple[np.ndarray, np.ndarray]:
    """Weights ``W`` (2, 2) and bias ``b`` (2,) of the named layer at strength ``t``.

    ``preset`` is a key of :data:`LAYER_PRESETS`. ``t = 0`` gives the identity layer
    (W = I, b = 0) for every preset; e.g. "rotation" at ``t = 1`` turns the plane by 90°,
    "collapse" at ``t = 1`` squashes it onto the line x₁ = x₂ (det W = 0).
    """
    _choice(preset, tuple(LAYER_PRESETS), "preset")
    W, b = LAYER_PRESETS[preset](_finite(t, "t"))
    return np.asarray(W, dtype=float), np.asarray(b, dtype=float)


def transform_points(points: np.ndarray, W: np.ndarray, b: np.ndarray, activation: str) -> np.ndarray:
    """A dense layer with an activation applied to a batch of points: φ(points · Wᵀ + b).

    ``points`` (B, 2), ``W`` (2, 2) with row j the weights of output j, ``b`` (2,);
    ``activation`` is one of :data:`ACTIVATION_NAMES`.
    """
    _choice(activation, ACTIVATION_NAMES, "activation")
    z = np.asarray(points, dtype=float) @ np.asarray(W, dtype=float).T + np.asarray(b, dtype=float)
    return np.asarray(ACTIVATIONS[activation](z))


def tempered_softmax(z: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    """softmax(z / T): ``T < 1`` sharpens the probabilities, ``T > 1`` flattens them."""
    z = as_float_array(z, "z", ndim=1)
    return softmax(z / check_positive(temperature, "temperature"))


# --------------------------------------------------------------------------- the grid picture

# The grid a layer moves: 9 lines in each direction over [-2, 2], 41 samples per line, so that
# a non-linear activation can visibly bend them.
_TICKS = np.linspace(-2.0, 2.0, 9)
_SAMPLES = np.linspace(-2.0, 2.0, 41)
_GRID = [np.column_stack([np.full_like(_SAMPLES, v), _SAMPLES]) for v in _TICKS] + [
    np.column_stack([_SAMPLES, np.full_like(_SAMPLES, v)]) for v in _TICKS
]
_EDGE = np.linspace(0.0, 1.0, 21)
_SQUARE = np.concatenate(
    [
        np.column_stack([_EDGE, 0 * _EDGE]),
        np.column_stack([1 + 0 * _EDGE, _EDGE]),
        np.column_stack([_EDGE[::-1], 1 + 0 * _EDGE]),
        np.column_stack([0 * _EDGE, _EDGE[::-1]]),
    ]
)
#: The corners of the unit square, followed through the layer.
CORNERS = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
_CORNER_COLOURS = (PALETTE["black"], PALETTE["vermillion"], PALETTE["blue"], PALETTE["bluish_green"])
_CORNER_NAMES = ("(0, 0)", "(1, 0)", "(0, 1)", "(1, 1)")
#: Output range of each activation that squashes the plane (drawn dashed, and the view zooms in).
_RANGE = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0)}


def _grid_artists(ax: Axes) -> dict:
    """Draw the input grid, unit square and corners (faint/hollow); return the moving artists."""
    ax.add_collection(LineCollection(_GRID, colors=PALETTE["grey"], linewidths=0.7, alpha=0.45))
    art: dict[str, Any] = {
        "input_square": ax.add_patch(
            Polygon(_SQUARE, closed=True, fill=False, edgecolor=PALETTE["orange"], ls="--", lw=1.2)
        ),
        "grid": ax.add_collection(LineCollection(_GRID, colors=PALETTE["blue"], linewidths=1.3)),
        "square": ax.add_patch(
            Polygon(
                _SQUARE, closed=True, facecolor=PALETTE["orange"], alpha=0.45, edgecolor=PALETTE["orange"]
            )
        ),
        "range": ax.add_patch(
            Polygon(
                np.zeros((4, 2)), closed=True, fill=False, edgecolor="black", ls=":", lw=1.2, visible=False
            )
        ),
        "corners": [],
    }
    for p, colour in zip(CORNERS, _CORNER_COLOURS, strict=True):
        ax.plot(*p, "o", mfc="white", mec=colour, mew=1.6, ms=7, zorder=4)
        art["corners"].append(ax.plot(*p, "o", color=colour, ms=7, zorder=5)[0])
    ax.axhline(0, color="black", lw=0.6, alpha=0.5)
    ax.axvline(0, color="black", lw=0.6, alpha=0.5)
    ax.set_aspect("equal")
    return art


def _update_grid(ax: Axes, art: dict, W: np.ndarray, b: np.ndarray, activation: str) -> np.ndarray:
    """Move the artists to the images under φ(W x + b); return the corners' images."""
    n_grid, n_square = len(_GRID) * len(_SAMPLES), len(_SQUARE)
    moved = transform_points(np.concatenate([*_GRID, _SQUARE, CORNERS]), W, b, activation)
    art["grid"].set_segments(list(moved[:n_grid].reshape(len(_GRID), -1, 2)))
    art["square"].set_xy(moved[n_grid : n_grid + n_square])
    corners = moved[n_grid + n_square :]
    for point, q in zip(art["corners"], corners, strict=True):
        point.set_data([q[0]], [q[1]])
    lo_hi = _RANGE.get(activation)
    art["range"].set_visible(lo_hi is not None)
    if lo_hi is not None:
        lo, hi = lo_hi
        art["range"].set_xy([(lo, lo), (hi, lo), (hi, hi), (lo, hi)])
    _zoom(ax, art, zoomed=lo_hi is not None)
    return corners


def _zoom(ax: Axes, art: dict, *, zoomed: bool) -> None:
    """Limits and ticks: [-1.3, 1.3]² for the squashing activations, else [-3.5, 3.5]²."""
    limit = 1.3 if zoomed else 3.5
    if art.get("limit") != limit:
        ticks = [-1, 0, 1] if zoomed else [-3, -2, -1, 0, 1, 2, 3]
        ax.set(xlim=(-limit, limit), ylim=(-limit, limit), xticks=ticks, yticks=ticks)
        art["limit"] = limit


def plot_layer_grid(
    ax: Axes, W: np.ndarray, b: np.ndarray, activation: str = "identity", *, legend: bool = False
) -> np.ndarray:
    """Draw into ``ax`` how the layer φ(W x + b) moves a grid of points; return the corners' images.

    Faint: the input grid over [-2, 2]², the unit square (dashed orange) and its corners (hollow);
    bold: their images. For sigmoid and tanh the axes zoom in to [-1.3, 1.3]² and the activation's
    output square is drawn dotted.
    """
    W = as_float_array(W, "W", ndim=2)
    b = as_float_array(b, "b", ndim=1)
    if W.shape != (2, 2) or b.shape != (2,):
        raise ValueError(f"need W of shape (2, 2) and b of shape (2,), got {W.shape} and {b.shape}")
    art = _grid_artists(ax)
    corners = _update_grid(ax, art, W, b, activation)
    if legend:
        labels = [
            f"{name} → ({q[0]:.2f}, {q[1]:.2f})" for name, q in zip(_CORNER_NAMES, corners, strict=True)
        ]
        ax.legend(
            art["corners"],
            labels,
            loc="lower right",
            fontsize=7.5,
            framealpha=0.85,
            title="corner → image",
            title_fontsize=7.5,
        )
    return corners


def _fix_layout(*axes: Axes, y_offset: float = -0.09) -> None:
    """Place axis labels at fixed positions: matplotlib then skips measuring the tick labels on
    every draw (a third of a frame's time), and frames stay aligned."""
    for ax in axes:
        ax.xaxis.set_label_coords(0.5, -0.08)
        ax.yaxis.set_label_coords(y_offset, 0.5)


def _grid_figure(zoomed: bool) -> tuple[Figure, Axes, dict]:
    """The grid widget's figure, one per zoom, with its axes and labels frozen (see ``freeze``)."""
    fig = new_figure(5.6, 5.8)
    ax = fig.add_axes((0.12, 0.09, 0.85, 0.78))
    ax.set_xlabel("x₁ (faint: input)  →  a₁ (bold: output)")
    ax.set_ylabel("x₂ (faint)  →  a₂ (bold)")
    _fix_layout(ax)
    art = _grid_artists(ax)
    art["title"] = ax.set_title(" ", fontsize=9.5, loc="left", y=1.0)
    _zoom(ax, art, zoomed=zoomed)
    # the faint input square lies under everything else; the cheap lines keep their drawing order
    freeze(fig, [fig.patch, ax.patch, art["input_square"], ax.xaxis, ax.yaxis])
    return fig, ax, art


def _fmt(v: float) -> str:
    """A number with at most two decimals and no trailing zeros (0.50 -> "0.5", 1.00 -> "1")."""
    return f"{v:.2f}".rstrip("0").rstrip(".") if abs(v) >= 0.005 else "0"


def _matrix(W: np.ndarray) -> str:
    return f"[[{_fmt(W[0, 0])}, {_fmt(W[0, 1])}], [{_fmt(W[1, 0])}, {_fmt(W[1, 1])}]]"


def dense_grid_view(preset: str = "rotation", t: float = 0.5, activation: str = "identity") -> View:
    """The grid widget: where the layer ``preset`` at strength ``t`` followed by ``activation``
    sends a grid of points, the unit square and its four corners.

    The summary states W, b, det W (how the linear part scales areas; 0 = collapsed onto a line,
    negative = mirrored) and the image of the corner (1, 1).
    """
    W, b = preset_layer(preset, t)
    _choice(activation, ACTIVATION_NAMES, "activation")
    zoomed = activation in _RANGE
    fig, ax, art = reuse(("dense_grid", zoomed), lambda: _grid_figure(zoomed))
    corners = _update_grid(ax, art, W, b, activation)
    det = float(np.linalg.det(W))
    zoom = " (zoomed in; dotted: its output range)" if zoomed else ""
    art["title"].set_text(
        f"{preset}, t = {t:g}, {activation}{zoom}\n"
        f"W = {_matrix(W)},  b = ({_fmt(b[0])}, {_fmt(b[1])}),  det W = {_fmt(det)}"
    )
    summary = (
        f"{preset} at t = {t:g}: W = {_matrix(W)}, b = ({_fmt(b[0])}, {_fmt(b[1])}), det W = {_fmt(det)}; "
        f"after {activation} the corner (1, 1) lands at ({corners[3, 0]:.2f}, {corners[3, 1]:.2f})"
    )
    return View(fig, summary)


# --------------------------------------------------------------------------- softmax

_CLASS_COLOURS = (PALETTE["blue"], PALETTE["vermillion"], PALETTE["bluish_green"])


def _logit_top(z: np.ndarray) -> float:
    """The logit axis runs over ±10, or (for the larger logits a live slider reaches) over ±5k
    with 5k ≥ 1.2 max |z|: a few figures, each drawn with its axis frozen."""
    top = 1.2 * float(np.max(np.abs(z)))
    return 10.0 if top <= 10.0 else 5.0 * float(np.ceil(top / 5.0))


def _softmax_figure(top: float = 10.0) -> tuple[Figure, dict]:
    fig = new_figure(8.0, 3.5)
    ax_z, ax_p = fig.subplots(1, 2)
    fig.subplots_adjust(left=0.08, right=0.98, bottom=0.12, top=0.8, wspace=0.25)
    x = np.arange(3)
    labels = ["class 1", "class 2", "class 3"]
    art = {
        "ax_z": ax_z,
        "z_bars": list(ax_z.bar(x, np.ones(3), color=_CLASS_COLOURS, alpha=0.75)),
        "z_texts": [ax_z.text(xi, 0, "", ha="center", fontsize=9) for xi in x],
        "z_title": ax_z.set_title(" ", fontsize=9.5, y=1.0),
        "p_bars": list(ax_p.bar(x, np.ones(3) / 3, color=_CLASS_COLOURS)),
        "p_texts": [ax_p.text(xi, 0, "", ha="center", va="bottom", fontsize=9) for xi in x],
        "p_title": ax_p.set_title("probabilities p = softmax(z / T)\n", fontsize=9.5, y=1.0),
    }
    # the title's second line, which changes: drawn where the title would draw it
    art["temperature"] = ax_p.text(
        0.5, 1.0, "", transform=art["p_title"].get_transform(), ha="center", va="baseline", fontsize=9.5
    )
    zero = ax_z.axhline(0, color="black", lw=0.8)
    ax_z.set_xticks(x, labels)
    ax_z.set_ylabel("logit zᵢ")
    ax_z.set_ylim(-top, top)
    ax_z.set_yticks([-8, -4, 0, 4, 8])
    uniform = ax_p.axhline(1 / 3, color="black", lw=0.8, ls="--")
    ax_p.set_ylim(0, 1.12)
    ax_p.set_yticks([0, 0.25, 0.5, 0.75, 1.0])
    ax_p.set_xticks(x, labels)
    ax_p.set_ylabel("probability pᵢ")
    _fix_layout(ax_z, ax_p, y_offset=-0.13)
    # the lines drawn over the bars stay unfrozen (they are cheap; the text is not)
    lines = [zero, uniform, *ax_z.spines.values(), *ax_p.spines.values()]
    moving = [*art["z_bars"], *art["z_texts"], *art["p_bars"], *art["p_texts"], *lines]
    freeze(fig, moving=[*moving, art["z_title"], art["temperature"]])
    return fig, art


def softmax_view(
    z1: float = 2.0, shift: float = 0.0, temperature: float = 1.0, *, z2: float = 1.0, z3: float = 0.1
) -> View:
    """The softmax widget: logits ``(z1, z2, z3) + shift`` (left) and softmax(z / T) (right).

    ``shift`` is added to every logit: the probabilities do not change (only differences of
    logits matter). The summary states the logits, T and the three probabilities.
    """
    z = np.array([_finite(z1, "z1"), _finite(z2, "z2"), _finite(z3, "z3")]) + _finite(shift, "shift")
    p = tempered_softmax(z, temperature)
    top = _logit_top(z)  # (the static book's grid stays within ±10)
    fig, art = reuse(("softmax", top), lambda: _softmax_figure(top))
    for bar, text, zi in zip(art["z_bars"], art["z_texts"], z, strict=True):
        bar.set_height(zi)
        text.set_position((bar.get_x() + bar.get_width() / 2, zi + (0.04 if zi >= 0 else -0.04) * top))
        text.set_verticalalignment("bottom" if zi >= 0 else "top")
        text.set_text(_fmt(zi))
    for bar, text, pi in zip(art["p_bars"], art["p_texts"], p, strict=True):
        bar.set_height(pi)
        text.set_position((bar.get_x() + bar.get_width() / 2, pi + 0.02))
        text.set_text(f"{pi:.3f}")
    art["z_title"].set_text(
        f"logits z, c = {shift:g} added to each\n"
        f"z₁ − z₂ = {_fmt(z[0] - z[1])},  z₂ − z₃ = {_fmt(z[1] - z[2])}"
    )
    art["temperature"].set_text(f"T = {temperature:g}")
    summary = (
        f"z = ({_fmt(z[0])}, {_fmt(z[1])}, {_fmt(z[2])}), T = {temperature:g}: "
        f"p = ({p[0]:.3f}, {p[1]:.3f}, {p[2]:.3f})"
    )
    return View(fig, summary)


# --------------------------------------------------------------------------- network diagrams


def draw_network(
    layer_sizes: Sequence[int],
    *,
    ax: Axes | None = None,
    layer_names: Sequence[str] | None = None,
    title: str | None = None,
    max_drawn: int = 8,
) -> Figure:
    """Draw a fully connected network: one column of neurons per layer, every neuron of a layer
    connected to every neuron of the next.

    ``layer_sizes`` lists the number of neurons per layer, input first (e.g. ``[2, 3, 1]``).
    Layers with more than ``max_drawn`` neurons are drawn with ``max_drawn`` neurons; the label
    gives the true count. ``layer_names`` labels the columns (default: "input", "hidden 1", …,
    "output"). Raises ``ValueError`` for fewer than two layers or a size below 1.
    """
    sizes = [int(s) for s in layer_sizes]
    if len(sizes) < 2 or min(sizes) < 1:
        raise ValueError(f"need at least two layers of size >= 1, got {list(layer_sizes)!r}")
    if layer_names is None:
        layer_names = ["input"] + [f"hidden {i}" for i in range(1, len(sizes) - 1)] + ["output"]
    if len(layer_names) != len(sizes):
        raise ValueError("layer_names must have one name per layer")

    drawn = [min(s, max_drawn) for s in sizes]
    height = max(drawn)
    dx = max(2.0, 0.5 * height)  # horizontal distance between layers
    if ax is None:
        width_units, height_units = dx * (len(sizes) - 1) + 2.4, height + 1.5
        fig = new_figure(0.62 * width_units, 0.62 * height_units + (0.35 if title else 0), dpi=100)
        ax = fig.add_axes((0.01, 0.01, 0.98, 0.89 if title else 0.98))
    else:
        fig = cast(Figure, ax.figure)

    positions = [
        np.column_stack([np.full(n, dx * i), np.arange(n) - (n - 1) / 2]) for i, n in enumerate(drawn)
    ]
    segments = [[p, q] for a, c in zip(positions[:-1], positions[1:], strict=True) for p in a for q in c]
    ax.add_collection(LineCollection(segments, colors=PALETTE["grey"], linewidths=0.7, alpha=0.8, zorder=1))
    for i, (pos, size) in enumerate(zip(positions, sizes, strict=True)):
        face = PALETTE["sky_blue"] if i == 0 else PALETTE["orange"] if i == len(sizes) - 1 else "#cfe6f5"
        for p in pos:
            ax.add_patch(Circle(p, 0.28, facecolor=face, edgecolor="black", lw=1.0, zorder=2))
        unit = "feature" if i == 0 else "neuron"
        label = f"{layer_names[i]}\n{size} {unit}" + ("s" if size != 1 else "")
        if size > max_drawn:
            label += f"\n({max_drawn} drawn)"
        ax.text(dx * i, -height / 2 - 0.05, label, ha="center", va="top", fontsize=9)
    ax.set_xlim(-1.2, dx * (len(sizes) - 1) + 1.2)
    ax.set_ylim(-height / 2 - 1.2, height / 2 + 0.35)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title, fontsize=10)
    return fig
