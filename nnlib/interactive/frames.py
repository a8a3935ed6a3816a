"""One widget pattern for the whole book: sliders wired to a plain Python callback.

A chapter writes ::

    interact(neuron_view,
             w1=Slider("w₁", values=np.linspace(-4, 4, 9), value=2.0, live=(-4, 4, 0.1)),
             b=Slider("b", values=[-2, -1, 0, 1, 2], value=0.0),
             alt="The toy data, the perceptron's boundary and its shaded half-planes")

and gets a widget that works in two modes:

``live`` (the default: JupyterLab, Binder, nbval)
    Ordinary ipywidgets sliders (fine-grained where ``live=(min, max, step)`` is given);
    every change calls the callback in the kernel and shows the figure it returns.

``frames`` (the static HTML book; the book build switches it on)
    The callback is called once for every combination of the sliders' ``values`` when the
    notebook is executed; each figure is stored as a PNG *frame*. The page gets plain HTML
    controls, the initial frame, the grid as JSON and a small script (``frames_player.js``,
    about a hundred lines) that shows the frame Python drew for the controls' positions --
    with no kernel, no network and no widget library.

Every callback follows one convention: it takes the slider values as keyword arguments and
returns a :class:`View` -- the matplotlib ``Figure`` and a one-line ``summary`` of the key
number it shows ("accuracy 0.85"). The summary becomes the frame's text alternative,
together with the slider values.

The mode comes from the ``mode=`` argument, else the ``NNLIB_WIDGETS`` environment variable
(``live`` or ``frames``). In ``frames`` mode, ``NNLIB_FRAMES_DIR`` names a folder for the
PNG files (named by their SHA-256, so identical frames are stored once) and ``NNLIB_FRAMES_URL``
the URL prefix the page uses for them; without a folder the PNGs are embedded in the page.
A JSON manifest per widget (``manifest/<widget id>.json``) records which frame belongs to which
slider positions: the browser tests use it to check that the page shows what Python drew.
It holds the widget's ``id`` (the ``nnlib-widget-<id>`` class of its element), ``alt``, the
``controls`` (``name``, ``description``, ``kind`` -- "slider" or "dropdown" --, the ``labels``
of their positions and the ``initial`` position), ``frames`` (for every combination of
positions, the indices joined by "-" as in ``"2-0-1"``: the frame's ``sha256``, ``alt`` and
``summary``), ``n_frames`` and ``ms_per_frame`` (callback plus PNG encoding).

The grid is checked in both modes, so that a notebook that runs live also builds: at most
:data:`MAX_FRAMES` combinations, every initial value one of the precomputed ``values``, and
no two positions of a control with the same label.
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import itertools
import json
import os
import time
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, TypeVar, cast

import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

__all__ = [
    "MAX_FRAMES",
    "MODES",
    "WIDGET_DPI",
    "Choice",
    "Slider",
    "StaticWidget",
    "View",
    "frame_grid",
    "freeze",
    "interact",
    "new_figure",
    "render_png",
    "reuse",
    "widget_mode",
]

#: Resolution of every widget figure (dots per inch).
WIDGET_DPI = 80
#: Most frames a single widget may precompute (the book's budget).
MAX_FRAMES = 400
#: The two ways a widget can be served.
MODES = ("live", "frames")
#: Colours kept in a frame's PNG palette: small files, no visible loss on these figures.
PNG_COLOURS = 64

MODE_ENV = "NNLIB_WIDGETS"
FRAMES_DIR_ENV = "NNLIB_FRAMES_DIR"
FRAMES_URL_ENV = "NNLIB_FRAMES_URL"


class View(NamedTuple):
    """What every widget callback returns."""

    figure: Figure
    #: One line with the figure's key number(s), e.g. ``"accuracy 0.85 (17 of 20 correct)"``.
    summary: str


# --------------------------------------------------------------------------- controls


def _label(value: Any, fmt: str) -> str:
    return fmt.format(value) if isinstance(value, (int, float, np.number)) else str(value)


@dataclass(frozen=True)
class Slider:
    """A slider over numbers.

    ``values`` are the positions precomputed for the static book (keep them few: every
    combination of every slider is one frame). ``live=(min, max, step)`` gives a finer
    slider when a kernel is running; without it the live slider has the same positions.
    ``value`` (the initial position, default the first) must be one of ``values``. ``fmt``
    formats a value for the readout and the text alternative; no two positions may look alike.
    """

    description: str
    values: Sequence[float]
    value: float | None = None
    live: tuple[float, float, float] | None = None
    fmt: str = "{:g}"

    def __post_init__(self) -> None:
        values = [v.item() if isinstance(v, np.generic) else v for v in self.values]
        if len(values) == 0:
            raise ValueError(f"Slider {self.description!r}: values is empty")
        if not all(isinstance(v, (int, float)) and np.isfinite(v) for v in values):
            raise ValueError(f"Slider {self.description!r}: values must be finite numbers, got {values!r}")
        object.__setattr__(self, "values", tuple(values))
        value = values[0] if self.value is None else self.value
        object.__setattr__(self, "value", value)
        if self.live is not None:
            lo, hi, step = self.live
            if not (lo < hi and step > 0):
                raise ValueError(
                    f"Slider {self.description!r}: live must be (min, max, step) with min < max, step > 0"
                )
            if not lo <= value <= hi:
                raise ValueError(
                    f"Slider {self.description!r}: value {value} is outside live range [{lo}, {hi}]"
                )
        # checked here, not when the widget is built, so that both modes fail alike
        _check_labels(self.description, [label for label, _ in self.options])
        self.index()

    @property
    def options(self) -> list[tuple[str, Any]]:
        """(label, value) pairs of the precomputed positions."""
        return [(_label(v, self.fmt), v) for v in self.values]

    def index(self) -> int:
        """Position of the initial value in ``values`` (it must be one of them)."""
        return _index_of(self.description, self.values, self.value)


@dataclass(frozen=True)
class Choice:
    """A drop-down. ``options`` are labels, or a mapping label -> value passed to the callback."""

    description: str
    options: Sequence[str] | Mapping[str, Any]
    value: Any = None
    fmt: str = field(default="{}", repr=False)

    def __post_init__(self) -> None:
        pairs = (
            list(self.options.items())
            if isinstance(self.options, Mapping)
            else [(str(o), o) for o in self.options]
        )
        if not pairs:
            raise ValueError(f"Choice {self.description!r}: options is empty")
        object.__setattr__(self, "options", tuple(pairs))
        if self.value is None:
            object.__setattr__(self, "value", pairs[0][1])
        _check_labels(self.description, [label for label, _ in pairs])
        self.index()

    @property
    def _pairs(self) -> list[tuple[str, Any]]:
        """(label, value) pairs of the options (``options`` itself holds them after construction)."""
        return list(cast(Sequence[tuple[str, Any]], self.options))

    @property
    def values(self) -> tuple[Any, ...]:
        return tuple(v for _, v in self._pairs)

    def index(self) -> int:
        return _index_of(self.description, self.values, self.value)


Control = Slider | Choice


def _check_labels(description: str, labels: Sequence[str]) -> None:
    repeated = sorted({label for label in labels if labels.count(label) > 1})
    if repeated:
        raise ValueError(
            f"{description!r}: several positions are labelled {repeated}; the reader could not tell "
            "them apart (give distinct values, or a fmt that shows their difference)"
        )


def _position_labels(control: Control) -> list[str]:
    """How the reader sees each position of ``control``, in order: a drop-down's labels, a
    slider's formatted numbers (by position, so that two options holding equal values keep
    their own labels)."""
    pairs = control._pairs if isinstance(control, Choice) else control.options
    return [label for label, _ in pairs]


def _same(a: Any, b: Any) -> bool:
    """``a == b`` for anything a drop-down may hold (arrays: same shape and values)."""
    if a is b:
        return True
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return bool(np.array_equal(a, b))
    if isinstance(a, float) and isinstance(b, (int, float)):
        return bool(np.isclose(a, b))
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return False


def _index_of(description: str, values: Sequence[Any], value: Any) -> int:
    for i, v in enumerate(values):
        if v is value:
            return i
    for i, v in enumerate(values):
        if _same(v, value):
            return i
    raise ValueError(
        f"{description!r}: the initial value {value!r} is not one of the precomputed values {list(values)!r}"
    )


def frame_grid(controls: Mapping[str, Control]) -> list[dict[str, Any]]:
    """Every combination of the controls' values, the last control varying fastest."""
    names = list(controls)
    return [
        dict(zip(names, combo, strict=True))
        for combo in itertools.product(*(controls[n].values for n in names))
    ]


# --------------------------------------------------------------------------- figures


def new_figure(width: float, height: float, dpi: float = WIDGET_DPI) -> Figure:
    """A white figure of ``width`` x ``height`` inches, drawn by Agg and unknown to pyplot.

    Widget figures are built once and updated in place (see :func:`reuse`); since pyplot
    does not know them, the notebook never shows them twice and nothing needs closing.
    """
    fig = Figure(figsize=(width, height), dpi=dpi, facecolor="white")
    FigureCanvasAgg(fig)
    return fig


_T = TypeVar("_T")
_REUSED: dict[Hashable, Any] = {}


def reuse(key: Hashable, build: Callable[[], _T]) -> _T:
    """Build a figure (with the artists a view updates) once per ``key``; later calls return it.

    The one way widget callbacks keep a figure: ``scene = reuse(("neuron", X.tobytes()),
    lambda: NeuronScene(X, y))``. Updating artists in place is several times faster than
    drawing a new figure for every slider position.
    """
    if key not in _REUSED:
        _REUSED[key] = build()
    return _REUSED[key]


def _all_artists(fig: Figure) -> list[Artist]:
    """The figure's background, its own artists and every artist of its axes (with their backgrounds)."""
    own = [a for a in fig.get_children() if a not in fig.axes]  # starts with fig.patch
    return own + [child for ax in fig.axes for child in ax.get_children()]  # ax.patch included


def freeze(
    fig: Figure, still: Iterable[Artist] | None = None, *, moving: Iterable[Artist] = (), on_top: bool = False
) -> None:
    """Draw the artists that never change once, as one picture, and stop drawing them.

    A speed-up for widget figures, which are drawn once per frame: Agg draws text glyph by
    glyph, so tick labels, axis labels, legends and fixed annotations often cost more than the
    lines and numbers that change. After ``freeze`` each frame copies their pixels instead --
    the same pixels matplotlib would draw (at the figure's own dpi, as :func:`render_png` draws).

    ``still`` lists the artists to freeze; by default every artist of the figure except
    ``moving``. The picture lies behind the moving artists (axes backgrounds that are not
    frozen are hidden so that it shows through), or above them with ``on_top=True`` (e.g. data
    points drawn over shaded regions that move). Call it once, when the still artists are final;
    a figure that is not frozen draws exactly the same, only slower.
    """
    if not isinstance(fig.canvas, FigureCanvasAgg):
        raise TypeError("freeze needs a figure drawn by Agg, such as new_figure makes")
    moving_set = set(moving)
    artists = _all_artists(fig)
    frozen = [a for a in artists if a not in moving_set] if still is None else list(still)
    frozen_set = set(frozen)
    others = [a for a in artists if a not in frozen_set and a.get_visible()]
    for artist in others:
        artist.set_visible(False)
    fig.canvas.draw()
    picture = np.asarray(fig.canvas.buffer_rgba()).copy()
    for artist in others:
        artist.set_visible(True)
    for artist in frozen:
        artist.set_visible(False)
    if not on_top:
        for ax in fig.axes:  # an axes background would cover the picture
            ax.patch.set_visible(False)
    fig.add_artist(_Picture(picture, zorder=100 if on_top else -100))


class _Picture(Artist):
    """Pixels drawn as they are at the figure's origin (what :func:`freeze` leaves behind).

    ``Figure.figimage`` would do the same through matplotlib's resampling pipeline, about
    20 ms per frame; copying the pixels is about 1 ms.
    """

    def __init__(self, rgba: np.ndarray, zorder: float) -> None:
        super().__init__()
        self.rgba = np.ascontiguousarray(rgba[::-1])  # draw_image counts rows from the bottom
        self.set_zorder(zorder)

    def draw(self, renderer: Any) -> None:
        gc = renderer.new_gc()
        renderer.draw_image(gc, 0, 0, self.rgba)
        gc.restore()


def render_png(fig: Figure, colours: int = PNG_COLOURS) -> bytes:
    """The figure as PNG bytes with a ``colours``-entry palette (0 keeps full colour)."""
    from PIL import Image

    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    canvas.draw()
    rgba = np.asarray(canvas.buffer_rgba())
    if rgba[..., 3].min() < 255:  # a transparent figure would turn black: paint it on white
        alpha = rgba[..., 3:] / 255.0
        rgba = (rgba * alpha + 255.0 * (1.0 - alpha)).round().astype(np.uint8)
    rgb = Image.fromarray(np.ascontiguousarray(rgba[..., :3]))
    if colours:
        rgb = rgb.quantize(colors=colours, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    out = io.BytesIO()
    rgb.save(out, format="PNG", optimize=False)
    return out.getvalue()


def _png_size(png: bytes) -> tuple[int, int]:
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


# --------------------------------------------------------------------------- modes


def widget_mode(mode: str | None = None) -> str:
    """``mode`` if given, else ``$NNLIB_WIDGETS``, else ``"live"``."""
    chosen = mode if mode is not None else os.environ.get(MODE_ENV, "live") or "live"
    if chosen not in MODES:
        raise ValueError(
            f"mode must be one of {MODES}, got {chosen!r} (from {'mode=' if mode is not None else MODE_ENV})"
        )
    return chosen


def _alt_text(alt: str, controls: Mapping[str, Control], labels: Mapping[str, str], summary: str) -> str:
    """The text alternative of a frame: what it shows, the controls' settings, its key number.
    ``labels`` holds each control's setting as the reader sees it (see :func:`_position_labels`)."""
    settings = ", ".join(f"{c.description} = {labels[n]}" for n, c in controls.items())
    return f"{alt} ({settings}): {summary}" if alt else f"{settings}: {summary}"


def _img_html(png: bytes, src: str, alt_text: str) -> str:
    width, height = _png_size(png)
    return (
        f'<img class="nnlib-frame" src="{html.escape(src)}" alt="{html.escape(alt_text)}" '
        f'width="{width}" height="{height}" data-sha256="{hashlib.sha256(png).hexdigest()}">'
    )


def _call(draw: Callable[..., View], values: Mapping[str, Any]) -> View:
    view = draw(**values)
    if not (
        isinstance(view, tuple)
        and len(view) == 2
        and isinstance(view[0], Figure)
        and isinstance(view[1], str)
    ):
        raise TypeError(
            f"{getattr(draw, '__name__', draw)!r} must return View(figure, summary), "
            f"got {type(view).__name__}"
        )
    return View(*view)


def _widget_id(
    draw: Callable[..., View], controls: Mapping[str, Control], alt: str, frame_shas: Sequence[str]
) -> str:
    """A name for the widget that is the same in every build that draws the same frames.

    Made of the callback's name (a ``functools.partial`` is named by its function: its repr
    holds memory addresses), the labels of the controls and the SHA-256 of every frame, so
    two widgets of one callback on different data never share a manifest.
    """
    target = getattr(draw, "func", draw)
    name = f"{getattr(target, '__module__', '')}.{getattr(target, '__qualname__', type(target).__name__)}"
    controls_spec = [[n, c.description, _position_labels(c)] for n, c in controls.items()]
    spec = json.dumps([name, alt, controls_spec, list(frame_shas)])
    return hashlib.sha256(spec.encode()).hexdigest()[:12]


def interact(
    draw: Callable[..., View], *, alt: str = "", mode: str | None = None, **controls: Control
) -> Any:
    """A widget that shows ``draw(**values)`` for the values its controls are set to.

    ``controls`` maps each keyword argument of ``draw`` to a :class:`Slider` or :class:`Choice`;
    ``alt`` says what the figure shows (it starts every frame's text alternative). Returns an
    ``ipywidgets.VBox`` (the controls above the figure) in live mode, a :class:`StaticWidget`
    in frames mode; see the module docstring for the modes.
    """
    if not controls:
        raise ValueError("interact needs at least one control")
    for name, control in controls.items():
        if not name.isidentifier():  # it names the keyword argument and the control's class
            raise ValueError(f"control name {name!r} must be a Python identifier")
        if not isinstance(control, (Slider, Choice)):
            raise TypeError(f"control {name!r} must be a Slider or a Choice, got {type(control).__name__}")
    # the budget is checked in both modes, so that a grid too large for the book fails live too
    sizes = [len(c.values) for c in controls.values()]
    if int(np.prod(sizes)) > MAX_FRAMES:
        raise ValueError(
            f"{int(np.prod(sizes))} frames ({' x '.join(map(str, sizes))}) exceed the budget of "
            f"{MAX_FRAMES} per widget: give the sliders fewer values"
        )
    if widget_mode(mode) == "frames":
        return _frames_widget(draw, controls, alt)
    return _live_widget(draw, controls, alt)


# --------------------------------------------------------------------------- live mode


def _live_control(control: Control) -> Any:
    import ipywidgets as w

    style = {"description_width": "initial"}
    if isinstance(control, Choice):  # indices: the values may be anything (arrays, functions)
        options = [(label, i) for i, (label, _) in enumerate(control._pairs)]
        return w.Dropdown(
            options=options, index=control.index(), description=control.description, style=style
        )
    if control.live is None:
        return w.SelectionSlider(
            options=control.options,
            value=control.values[control.index()],
            description=control.description,
            continuous_update=False,
            style=style,
        )
    lo, hi, step = control.live
    integral = all(float(x).is_integer() for x in (lo, hi, step, cast(float, control.value)))
    cls = w.IntSlider if integral else w.FloatSlider
    kwargs: dict[str, Any] = {} if integral else {"readout_format": _readout_format(control.fmt)}
    return cls(
        value=control.value,
        min=lo,
        max=hi,
        step=step,
        description=control.description,
        continuous_update=False,
        style=style,
        **kwargs,
    )


def _readout_format(fmt: str) -> str:
    spec = fmt[fmt.find(":") + 1 : fmt.rfind("}")] if ":" in fmt else ""
    return spec or ".3g"


def _live_widget(draw: Callable[..., View], controls: Mapping[str, Control], alt: str) -> Any:
    import ipywidgets as w

    widgets = {name: _live_control(c) for name, c in controls.items()}
    frame = w.HTML()

    def update(_change: Any = None) -> None:
        values, labels = {}, {}
        for name, wid in widgets.items():
            control = controls[name]
            if isinstance(control, Choice):  # the drop-down holds the position
                values[name], labels[name] = control.values[wid.value], _position_labels(control)[wid.value]
            else:
                values[name], labels[name] = wid.value, _label(wid.value, control.fmt)
        view = _call(draw, values)
        png = render_png(view.figure)
        src = "data:image/png;base64," + base64.b64encode(png).decode()
        frame.value = _img_html(png, src, _alt_text(alt, controls, labels, view.summary))

    for wid in widgets.values():
        wid.observe(update, names="value")
    update()
    box = w.VBox([*widgets.values(), frame])
    box.add_class("nnlib-widget")
    box.add_class("nnlib-live")
    return box


# --------------------------------------------------------------------------- frames mode

#: The script that makes a frames widget respond in the browser (shipped beside this module).
PLAYER_JS = Path(__file__).with_name("frames_player.js")

_STYLE = """\
.nnlib-frames{margin:.5em 0}
.nnlib-frames .nnlib-control{display:flex;align-items:center;gap:.6em;margin:.15em 0}
.nnlib-frames .nnlib-control label{display:flex;align-items:center;gap:.6em}
.nnlib-frames .nnlib-control label>span{min-width:9em}
.nnlib-frames input[type=range]{width:16em;max-width:50vw}
.nnlib-frames output{min-width:4em;font-variant-numeric:tabular-nums}
.nnlib-frames img.nnlib-frame{display:block;max-width:100%;height:auto;margin-top:.4em}
.nnlib-frames .nnlib-status{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}
"""


class StaticWidget:
    """What :func:`interact` returns in frames mode: HTML that responds without a kernel.

    The page gets the controls (``<input type="range">`` per slider, ``<select>`` per
    drop-down: keyboard-operable, labelled, a slider announces its label through
    ``aria-valuetext``; ``autocomplete="off"``, so that a browser going back to the page does
    not restore a position the figure does not show), the initial frame as an ``<img>`` with
    its text alternative, the grid as JSON and the small player script ``frames_player.js``,
    which shows the frame Python drew for the controls' positions. ``manifest`` is the widget's
    manifest (see the module docstring).
    """

    def __init__(self, html_text: str, manifest: dict[str, Any]) -> None:
        self.html = html_text
        self.manifest = manifest

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"<frames widget {self.manifest['id']}: {self.manifest['n_frames']} frames>"


def _control_html(name: str, control: Control, labels: list[str]) -> str:
    desc = html.escape(control.description)
    at = control.index()
    if isinstance(control, Choice):
        options = "".join(
            f'<option value="{i}"{" selected" if i == at else ""}>{html.escape(label)}</option>'
            for i, label in enumerate(labels)
        )
        field_html = f'<select class="tex2jax_ignore" autocomplete="off" disabled>{options}</select>'
        readout = ""
    else:
        label = html.escape(labels[at])
        field_html = (
            f'<input type="range" min="0" max="{len(labels) - 1}" step="1" value="{at}" autocomplete="off" '
            f'aria-valuetext="{label}" disabled>'
        )
        readout = f'<output aria-hidden="true">{label}</output>'
    return (
        f'<div class="nnlib-control nnlib-control-{html.escape(name)}">'
        f'<label><span class="mathjax_process">{desc}</span>{field_html}</label>{readout}</div>'
    )


def _static_html(
    widget_id: str,
    alt: str,
    controls: Mapping[str, Control],
    labels: Mapping[str, list[str]],
    frames: list[list[str]],
    url: str | None,
    first: str,
) -> str:
    """The page's HTML for a frames widget; ``first`` is the ``<img>`` of the initial frame."""
    data = {
        "alt": alt,
        "url": url,
        "controls": [
            {"name": n, "description": c.description, "labels": labels[n]} for n, c in controls.items()
        ],
        "frames": frames,
    }
    # no "<" in the script element: "</script>" (or "<!--") in a label would end it early
    data_json = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    summary = html.escape(frames[_initial_index(controls)][1])
    return "\n".join(
        [
            f'<div class="nnlib-widget nnlib-frames nnlib-widget-{widget_id}" data-nnlib-frames="{widget_id}"'
            f' role="group" aria-label="{html.escape(alt or "interactive figure")}">',
            f"<style>{_STYLE}</style>",
            *(_control_html(n, c, labels[n]) for n, c in controls.items()),
            first,
            f'<p class="nnlib-status" role="status">{summary}</p>',
            f'<script type="application/json" class="nnlib-frames-data">{data_json}</script>',
            f"<script>\n{PLAYER_JS.read_text(encoding='utf-8')}</script>",
            "</div>",
        ]
    )


def _initial_index(controls: Mapping[str, Control]) -> int:
    """Position of the initial setting in the grid (the last control varying fastest)."""
    index = 0
    for c in controls.values():
        index = index * len(c.values) + c.index()
    return index


def _frames_widget(draw: Callable[..., View], controls: Mapping[str, Control], alt: str) -> StaticWidget:
    names = list(controls)
    sizes = [len(controls[n].values) for n in names]
    n_frames = int(np.prod(sizes))

    folder = os.environ.get(FRAMES_DIR_ENV)
    url = os.environ.get(FRAMES_URL_ENV, "")
    out_dir = Path(folder) if folder else None
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)

    labels = {n: _position_labels(controls[n]) for n in names}
    manifest: dict[str, Any] = {
        "id": "",  # set once the frames are drawn
        "alt": alt,
        "controls": [
            {
                "name": n,
                "description": controls[n].description,
                "kind": "dropdown" if isinstance(controls[n], Choice) else "slider",
                "labels": labels[n],
                "initial": controls[n].index(),
            }
            for n in names
        ],
        "frames": {},
    }
    frames: list[list[str]] = []  # [sha256, summary(, data URL)] in grid order
    first = ""
    initial = _initial_index(controls)
    seconds = 0.0
    for k, combo in enumerate(itertools.product(*(range(s) for s in sizes))):
        values = {n: controls[n].values[i] for n, i in zip(names, combo, strict=True)}
        start = time.perf_counter()
        view = _call(draw, values)
        png = render_png(view.figure)
        seconds += time.perf_counter() - start
        sha = hashlib.sha256(png).hexdigest()
        if out_dir is not None:
            path = out_dir / f"{sha}.png"
            if not path.exists():
                path.write_bytes(png)
            src = f"{url}{sha}.png"
            frames.append([sha, view.summary])
        else:
            src = "data:image/png;base64," + base64.b64encode(png).decode()
            frames.append([sha, view.summary, src])
        alt_text = _alt_text(
            alt, controls, {n: labels[n][i] for n, i in zip(names, combo, strict=True)}, view.summary
        )
        manifest["frames"]["-".join(map(str, combo))] = {
            "sha256": sha,
            "alt": alt_text,
            "summary": view.summary,
        }
        if k == initial:
            first = _img_html(png, src, alt_text)
    manifest["ms_per_frame"] = round(1000 * seconds / n_frames, 1)
    widget_id = _widget_id(draw, controls, alt, [f[0] for f in frames])
    manifest["id"] = widget_id
    manifest["n_frames"] = n_frames
    if out_dir is not None:
        (out_dir / "manifest").mkdir(exist_ok=True)
        (out_dir / "manifest" / f"{widget_id}.json").write_text(json.dumps(manifest, indent=1))
    page = _static_html(widget_id, alt, controls, labels, frames, url if out_dir is not None else None, first)
    return StaticWidget(page, manifest)
