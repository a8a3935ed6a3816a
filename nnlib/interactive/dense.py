"""Widget callbacks and figure helpers for chapter 2, *Dense layers and activations*.

* :func:`dense_grid_view` — how a dense layer ``o = act(W x + b)`` with a 2×2 weight matrix moves a
  grid of points (widget (a) of the chapter).
* :func:`softmax_view` — ``softmax(z / T)`` of three logits as a bar chart (widget (b)).
* :func:`draw_network` — a diagram of a fully connected network with given layer sizes.

Every function returns the matplotlib ``Figure`` it drew (and, where useful, the numbers it shows),
so the functions can be unit-tested and timed without a browser.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.patches import Circle, Polygon
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator

from nnlib.interactive._fastdraw import WIDGET_DPI, _as_outlines, _PlainLegend, freeze_layout, new_figure
from nnlib.layers import ACTIVATIONS, softmax

__all__ = [
    "ACTIVATION_NAMES",
    "dense_grid_view",
    "draw_network",
    "softmax_view",
    "transform_points",
]


#: The activations offered by the grid widget's drop-down, in menu order.
ACTIVATION_NAMES: tuple[str, ...] = ("identity", "relu", "sigmoid", "tanh")

# Okabe–Ito colour-blind-safe colours.
_BLUE = "#0072B2"
_VERMILLION = "#D55E00"
_GREEN = "#009E73"
_ORANGE = "#E69F00"
_SKY = "#56B4E9"
_PURPLE = "#CC79A7"
_GREY = "#999999"

# The grid the widget moves: 9 lines in each direction over [-2, 2], 41 samples per line, so that a
# non-linear activation can bend the lines visibly.
_GRID_VALUES = np.linspace(-2.0, 2.0, 9)
_LINE_SAMPLES = np.linspace(-2.0, 2.0, 41)
# The unit square, sampled along its edges (counter-clockwise from the origin).
_EDGE = np.linspace(0.0, 1.0, 21)
_UNIT_SQUARE = np.concatenate(
    [
        np.column_stack([_EDGE, np.zeros_like(_EDGE)]),
        np.column_stack([np.ones_like(_EDGE), _EDGE]),
        np.column_stack([_EDGE[::-1], np.ones_like(_EDGE)]),
        np.column_stack([np.zeros_like(_EDGE), _EDGE[::-1]]),
    ]
)
# Four points to follow: the corners of the unit square.
_MARKED_POINTS = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
_MARKED_COLORS = ("black", _VERMILLION, _BLUE, _GREEN)
_MARKED_NAMES = ("(0, 0)", "(1, 0)", "(0, 1)", "(1, 1)")


def _grid_lines() -> list[np.ndarray]:
    """The grid as a list of (41, 2) polylines: 9 vertical then 9 horizontal lines."""
    lines = []
    for v in _GRID_VALUES:
        lines.append(np.column_stack([np.full_like(_LINE_SAMPLES, v), _LINE_SAMPLES]))
    for v in _GRID_VALUES:
        lines.append(np.column_stack([_LINE_SAMPLES, np.full_like(_LINE_SAMPLES, v)]))
    return lines


_GRID = _grid_lines()


def _check_finite(name: str, *values: float) -> None:
    for v in values:
        if not np.isfinite(v):
            raise ValueError(f"{name} must be finite numbers, got {values!r}")


def transform_points(points: np.ndarray, W: np.ndarray, b: np.ndarray, activation: str) -> np.ndarray:
    """Apply a dense layer with an activation to points: ``act(points @ W.T + b)``.

    ``points`` has shape (n, 2) (a batch of 2-D inputs), ``W`` shape (2, 2), ``b`` shape (2,).
    ``activation`` is one of :data:`ACTIVATION_NAMES`.
    """
    if activation not in ACTIVATION_NAMES:
        raise ValueError(f"unknown activation {activation!r}; choose one of {', '.join(ACTIVATION_NAMES)}")
    points = np.asarray(points, dtype=float)
    return ACTIVATIONS[activation](points @ np.asarray(W, float).T + np.asarray(b, float))


class _GridArtists:
    """The artists of one grid view; :meth:`update` moves them for new weights.

    Building a view (axes, ticks, legend) costs more than drawing it, so the widget keeps one
    instance and only updates the data of its artists on every slider move.
    """

    def __init__(self, ax: Axes, limit: float, legend: bool, widget: bool = False) -> None:
        self.ax = ax
        ax.add_collection(LineCollection(_GRID, colors=_GREY, linewidths=0.7, alpha=0.45))
        self.grid = LineCollection(_GRID, colors=_BLUE, linewidths=1.3)
        ax.add_collection(self.grid)
        ax.add_patch(
            Polygon(_UNIT_SQUARE, closed=True, fill=False, edgecolor=_ORANGE, linestyle="--", lw=1.2)
        )
        self.square = Polygon(_UNIT_SQUARE, closed=True, facecolor=_ORANGE, alpha=0.45, edgecolor=_ORANGE)
        ax.add_patch(self.square)
        self.points = []
        self.arrows = []
        for p, color in zip(_MARKED_POINTS, _MARKED_COLORS, strict=True):
            ax.plot(*p, "o", mfc="white", mec=color, mew=1.6, ms=7, zorder=4)
            (point,) = ax.plot(*p, "o", color=color, ms=7, zorder=5, label=" ")
            self.points.append(point)
            arrow = ax.annotate(
                "",
                xy=p,
                xytext=p,
                arrowprops={"arrowstyle": "->", "color": color, "lw": 1.0, "alpha": 0.8},
                zorder=3,
            )
            self.arrows.append(arrow)
        ax.set_xlim(-limit, limit)
        ax.set_ylim(-limit, limit)
        ticks = np.arange(-np.floor(limit), np.floor(limit) + 1)  # few ticks: they are costly to draw
        ax.set_xticks(ticks)
        ax.set_yticks(ticks)
        ax.set_aspect("equal")
        ax.axhline(0, color="black", lw=0.6, alpha=0.5)
        ax.axvline(0, color="black", lw=0.6, alpha=0.5)
        # a fixed title position (y=1.0) skips matplotlib's costly automatic placement
        self.title = ax.set_title(" ", fontsize=9.5, y=1.0)
        self.legend = None
        if not widget:  # drawn into a caller's axes (a static figure): matplotlib's own text
            ax.set_xlabel("first coordinate ($x_1$ before, $o_1$ after)")
            ax.set_ylabel("second coordinate ($x_2$ before, $o_2$ after)")
            if legend:
                self.legend = ax.legend(loc="lower right", fontsize=7.5, framealpha=0.85,
                                        title="corner → image", title_fontsize=7.5)  # fmt: skip
            return
        # the widget's own figure, redrawn on every slider move: plain Unicode instead of math
        # text, and a legend of plain artists (a Legend lays itself out again on every draw),
        # registered as the axes' legend so that ``ax.get_legend()`` finds it
        ax.set_xlabel("first coordinate (x₁ before, o₁ after)")
        ax.set_ylabel("second coordinate (x₂ before, o₂ after)")
        if legend:
            self.legend = ax.legend_ = _CornerLegend(ax, self.points)
        freeze_layout(ax.figure)

    def update(self, W: np.ndarray, b: np.ndarray, activation: str) -> Figure:
        # Transform everything in one batch: the grid lines, the unit square and the marked points.
        n_grid = _GRID_POINTS.shape[0]
        n_square = _UNIT_SQUARE.shape[0]
        moved = transform_points(
            np.concatenate([_GRID_POINTS, _UNIT_SQUARE, _MARKED_POINTS]), W, b, activation
        )
        self.grid.set_segments(list(moved[:n_grid].reshape(len(_GRID), -1, 2)))
        self.square.set_xy(moved[n_grid : n_grid + n_square])
        texts = self.legend.get_texts() if self.legend is not None else [None] * len(self.points)
        for p, q, point, arrow, name, text in zip(
            _MARKED_POINTS,
            moved[n_grid + n_square :],
            self.points,
            self.arrows,
            _MARKED_NAMES,
            texts,
            strict=True,
        ):
            point.set_data([q[0]], [q[1]])
            label = f"{name} → ({q[0]:.2f}, {q[1]:.2f})"
            point.set_label(label)
            if text is not None:
                text.set_text(label)
            arrow.xy = (q[0], q[1])
            arrow.set_visible(bool(np.hypot(*(q - p)) > 0.15))
        self.title.set_text(
            f"o = {activation}(W x + b),  W = [[{W[0, 0]:.2g}, {W[0, 1]:.2g}], "
            f"[{W[1, 0]:.2g}, {W[1, 1]:.2g}]],  b = ({b[0]:.2g}, {b[1]:.2g})"
        )
        return self.ax.figure


class _CornerLegend(_PlainLegend):
    """The grid widget's legend, laid out once: a heading "corner → image", then one row per
    marked corner (its texts, without the heading, are what ``get_texts`` returns)."""

    def __init__(self, ax: Axes, points: Sequence) -> None:
        heading = ({"marker": "None"}, "corner → image")
        super().__init__(ax, [heading, *((point, " ") for point in points)], (1.0, 0.0),
                         loc="lower right", fontsize=7.5, frame_alpha=0.85)  # fmt: skip

    def get_texts(self) -> list[Text]:
        return super().get_texts()[1:]


_GRID_POINTS = np.concatenate(_GRID)
# One reusable widget figure per (limit, legend) setting; see _GridArtists.
_GRID_VIEWS: dict[tuple[float, bool], _GridArtists] = {}


def dense_grid_view(
    w11: float = 1.0,
    w12: float = 0.5,
    w21: float = -0.5,
    w22: float = 1.0,
    b1: float = 0.5,
    b2: float = 0.0,
    activation: str = "identity",
    *,
    ax: Axes | None = None,
    limit: float = 3.5,
    legend: bool = True,
) -> Figure:
    """Draw how the dense layer ``o = act(W x + b)`` moves a grid of 2-D points.

    ``W = [[w11, w12], [w21, w22]]`` and ``b = (b1, b2)``; ``activation`` is one of
    "identity", "relu", "sigmoid", "tanh" (applied to each output coordinate). The input grid
    (lines x = const and y = const over [-2, 2]) is drawn faint, its image bold; the unit square
    and its four corners are coloured so the reader can follow them (hollow = before, filled =
    after, legend = where each corner lands). Both axes span ``[-limit, limit]`` so that views at
    different settings compare.

    Without ``ax`` the function updates and returns one figure that it keeps between calls (the
    widget redraws it on every slider move; rebuilding it each time would be slower). Pass ``ax``
    to draw into an existing axes instead (e.g. one panel of a row); the figure of that axes is
    returned. Raises ``ValueError`` for an unknown activation or non-finite numbers.
    """
    _check_finite("the weights and biases", w11, w12, w21, w22, b1, b2)
    if activation not in ACTIVATION_NAMES:
        raise ValueError(f"unknown activation {activation!r}; choose one of {', '.join(ACTIVATION_NAMES)}")
    W = np.array([[w11, w12], [w21, w22]], dtype=float)
    b = np.array([b1, b2], dtype=float)
    if ax is not None:
        return _GridArtists(ax, limit, legend).update(W, b, activation)
    key = (float(limit), bool(legend))
    if key not in _GRID_VIEWS:
        fig = new_figure(figsize=(5.4, 5.4), dpi=WIDGET_DPI)
        fig.subplots_adjust(left=0.12, right=0.97, bottom=0.1, top=0.9)
        _GRID_VIEWS[key] = _GridArtists(fig.add_subplot(), limit, legend, widget=True)
    return _GRID_VIEWS[key].update(W, b, activation)


class _SoftmaxArtists:
    """The artists of the softmax view; :meth:`update` sets new logits (see _GridArtists)."""

    def __init__(self, labels: Sequence[str]) -> None:
        self.fig = new_figure(figsize=(8.0, 3.4), dpi=WIDGET_DPI)
        self.ax_z, self.ax_p = self.fig.subplots(1, 2)
        self.fig.subplots_adjust(left=0.09, right=0.98, bottom=0.14, top=0.86, wspace=0.28)
        x = np.arange(3)
        colors = [_BLUE, _VERMILLION, _GREEN]
        self.z_bars = list(self.ax_z.bar(x, np.ones(3), color=colors, alpha=0.75))
        self.ax_z.axhline(0, color="black", lw=0.8)
        self.z_texts = [self.ax_z.text(xi, 0, "", ha="center", fontsize=9) for xi in x]
        self.ax_z.set_xticks(x, labels)
        self.ax_z.set_ylabel("logit zᵢ")  # (plain Unicode: math text is slow to lay out)
        self.ax_z.set_title("logits (scores, any real number)", fontsize=10, y=1.0)

        self.p_bars = list(self.ax_p.bar(x, np.ones(3) / 3, color=colors))
        self.ax_p.axhline(1 / 3, color="black", lw=0.8, ls="--")
        self.ax_p.text(2.45, 1 / 3 + 0.02, "uniform 1/3", ha="right", va="bottom", fontsize=8)
        self.p_texts = [self.ax_p.text(xi, 0, "", ha="center", va="bottom", fontsize=9) for xi in x]
        self.ax_p.set_ylim(0, 1.12)
        self.ax_p.set_yticks([0, 0.25, 0.5, 0.75, 1.0])  # few ticks: they are costly to draw
        self.ax_p.set_xticks(x, labels)
        self.ax_p.set_ylabel("probability pᵢ")
        self.p_title = self.ax_p.set_title(" ", fontsize=10, y=1.0)
        self._set_logit_range(6.0)
        freeze_layout(self.fig)

    def _set_logit_range(self, top: float) -> None:
        self.ax_z.set_ylim(-top, top)
        ticks = MaxNLocator(5, symmetric=True).tick_values(-top, top)
        self.ax_z.set_yticks(ticks[np.abs(ticks) <= top])
        self.top = top

    def update(self, z: np.ndarray, probs: np.ndarray, temperature: float) -> Figure:
        top = max(6.0, 1.25 * float(np.max(np.abs(z))))
        if top != self.top:
            self._set_logit_range(top)
            _as_outlines(*self.ax_z.get_yticklabels())  # (the axis may have made new ones)
        for bar, text, zi in zip(self.z_bars, self.z_texts, z, strict=True):
            bar.set_height(zi)
            text.set_position(
                (bar.get_x() + bar.get_width() / 2, zi + (0.25 if zi >= 0 else -0.25) * top / 6.0)
            )
            text.set_verticalalignment("bottom" if zi >= 0 else "top")
            text.set_text(f"{zi:.2f}")
        for bar, text, pi in zip(self.p_bars, self.p_texts, probs, strict=True):
            bar.set_height(pi)
            text.set_position((bar.get_x() + bar.get_width() / 2, pi + 0.02))
            text.set_text(f"{pi:.3f}")
        self.p_title.set_text(f"softmax(z / T) with T = {temperature:.2f}  (sum = {probs.sum():.3f})")
        return self.fig


_SOFTMAX_VIEWS: dict[tuple[str, ...], _SoftmaxArtists] = {}


def softmax_view(
    z1: float = 2.0,
    z2: float = 1.0,
    z3: float = 0.1,
    temperature: float = 1.0,
    *,
    labels: Sequence[str] = ("class 1", "class 2", "class 3"),
) -> tuple[Figure, np.ndarray]:
    """Bar charts of three logits and of their probabilities ``softmax(z / T)``.

    Returns ``(fig, probs)`` with ``probs`` the three probabilities (they sum to 1). The left panel
    shows the logits ``z``, the right one the probabilities with their values written on the bars
    and the uniform value 1/3 dashed. The figure is kept and updated between calls (fast redraws
    for the widget). Raises ``ValueError`` when ``temperature`` is not a positive finite number or
    a logit is not finite.
    """
    _check_finite("the logits", z1, z2, z3)
    if not (np.isfinite(temperature) and temperature > 0):
        raise ValueError(f"temperature must be a positive finite number, got {temperature!r}")
    labels = tuple(str(label) for label in labels)
    if len(labels) != 3:
        raise ValueError(f"need 3 labels, got {len(labels)}")
    z = np.array([z1, z2, z3], dtype=float)
    probs = softmax(z / temperature)
    if labels not in _SOFTMAX_VIEWS:
        _SOFTMAX_VIEWS[labels] = _SoftmaxArtists(labels)
    return _SOFTMAX_VIEWS[labels].update(z, probs, temperature), probs


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
    width_units = dx * (len(sizes) - 1) + 2.4
    height_units = height + 1.5
    if ax is None:
        scale = 0.62
        fig = new_figure(figsize=(scale * width_units, scale * height_units + (0.35 if title else 0)))
        ax = fig.add_subplot()
        fig.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=0.9 if title else 0.99)
    else:
        fig = ax.figure

    positions = []
    for i, n in enumerate(drawn):
        ys = np.arange(n) - (n - 1) / 2
        positions.append(np.column_stack([np.full(n, dx * i), ys]))

    segments = []
    for a, c in zip(positions[:-1], positions[1:], strict=True):
        for p in a:
            for q in c:
                segments.append([p, q])
    ax.add_collection(LineCollection(segments, colors=_GREY, linewidths=0.7, alpha=0.8, zorder=1))

    radius = 0.28
    for i, (pos, size) in enumerate(zip(positions, sizes, strict=True)):
        if i == 0:
            face = _SKY
        elif i == len(sizes) - 1:
            face = _ORANGE
        else:
            face = "#cfe6f5"
        for p in pos:
            ax.add_patch(Circle(p, radius, facecolor=face, edgecolor="black", lw=1.0, zorder=2))
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
