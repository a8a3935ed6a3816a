"""Drawing helpers that keep the widgets' figures fast (a slider move well under 50 ms).

Matplotlib lays out and rasterises text glyph by glyph on every draw, and a legend lays
itself out again each time; in a widget figure that redraws on every slider move, text is
most of the cost. Two small replacements fix that:

* :class:`_PathText` / :func:`_as_outlines` draw a text as one path put together from
  cached glyph outlines, at the position matplotlib's own layout gives it;
* :class:`_PlainLegend` is a legend built from ordinary artists, laid out once.

Nothing here is needed to understand the book's mathematics: it is plumbing for speed.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from functools import cache, lru_cache
from typing import Any, NamedTuple

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.ft2font import LoadFlags
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.path import Path
from matplotlib.text import Text
from matplotlib.textpath import TextPath, text_to_path
from matplotlib.transforms import Affine2D, Bbox, ScaledTranslation


# ---------------------------------------------------------------------------
# fast text and legends for widget figures (also used by the other chapters' widgets)
# ---------------------------------------------------------------------------
@cache
def _glyph(char: str, font_key: tuple) -> tuple[np.ndarray, np.ndarray, float] | None:
    """Outline (vertices, codes) and advance of one character, in units of the font size, or
    None if the font has no glyph for it (cached: a few dozen characters make all our numbers)."""
    family, weight, style = font_key
    scale = text_to_path.FONT_SCALE
    try:  # the font TextPath uses, at its own size (a private helper: fall back if it changes)
        font = text_to_path._get_font(FontProperties(family=list(family), size=scale, weight=weight,
                                                     style=style))  # fmt: skip
        if font.get_char_index(ord(char)) == 0:
            return None
        glyph = font.load_char(ord(char), flags=LoadFlags.NO_HINTING)
        vertices, codes = font.get_path()
    except (AttributeError, TypeError, RuntimeError):
        return None
    return np.asarray(vertices, dtype=float) / scale, np.asarray(codes), glyph.horiAdvance / 64 / scale


class _Outline(NamedTuple):
    path: Path  # in points, baseline from (0, 0)
    width: float  # advance width, points
    ymin: float  # lowest and highest point of the ink, points
    ymax: float


@lru_cache(maxsize=4096)
def _outline(text: str, font_key: tuple, size: float) -> _Outline:
    """The glyph outlines of one line of text and its size, in points (cached per string; new
    strings are put together from cached glyphs)."""
    glyphs = [_glyph(char, font_key) for char in text]
    if any(glyph is None for glyph in glyphs):  # a character from a fallback font: the slow way
        family, weight, style = font_key
        prop = FontProperties(family=list(family), size=size, weight=weight, style=style)
        width = text_to_path.get_text_width_height_descent(text, prop, ismath=False)[0]
        path = TextPath((0, 0), text, prop=prop)
    else:
        vertices, codes, pen = [], [], 0.0
        for glyph_vertices, glyph_codes, advance in glyphs:
            if len(glyph_vertices):
                vertices.append(glyph_vertices + (pen, 0.0))
                codes.append(glyph_codes)
            pen += advance
        width = pen * size
        path = Path(np.empty((0, 2)))
        if vertices:
            path = Path(np.concatenate(vertices) * size, np.concatenate(codes))
    ys = path.vertices[:, 1]
    return _Outline(path, width, float(ys.min()) if len(ys) else 0.0, float(ys.max()) if len(ys) else 0.0)


def _font_key(prop: FontProperties) -> tuple:
    return (tuple(prop.get_family()), prop.get_weight(), prop.get_style())


class _OutlineMetrics:
    """Stands in for the renderer while a :class:`_PathText` lays itself out: lines are measured
    on their cached outlines (what is drawn), not by FreeType at every new string."""

    def __init__(self, renderer) -> None:
        self._renderer = renderer

    def __getattr__(self, name: str) -> Any:
        return getattr(self._renderer, name)

    def get_text_width_height_descent(self, s: str, prop: FontProperties, ismath: Any):
        if ismath:
            return self._renderer.get_text_width_height_descent(s, prop, ismath)
        outline = _outline(s, _font_key(prop), prop.get_size_in_points())
        pixels = self._renderer.points_to_pixels(1.0)
        return outline.width * pixels, (outline.ymax - outline.ymin) * pixels, -outline.ymin * pixels

    def _get_font_height_metrics(self, prop: FontProperties):
        """Ascent, descent and line gap of the font (the font's tables, cached per font)."""
        ascent, descent, gap = _font_height(_font_key(prop))
        scale = prop.get_size_in_points() * self._renderer.points_to_pixels(1.0)
        return ascent * scale, descent * scale, gap * scale


@lru_cache(maxsize=64)
def _font_height(font_key: tuple) -> tuple[float, float, float]:
    """(ascent, descent, line gap) of a font in units of its size, as ``Text`` reads them."""
    family, weight, style = font_key
    prop = FontProperties(family=list(family), weight=weight, style=style)
    font = text_to_path._get_font(prop)
    units = font.get_sfnt_table("head")["unitsPerEm"]
    for table_name, gap, ascent, descent in (("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
                                             ("hhea", "lineGap", "ascent", "descent")):  # fmt: skip
        table = font.get_sfnt_table(table_name)
        if table is not None:
            return table[ascent] / units, -table[descent] / units, table[gap] / units
    return 0.93, 0.24, 0.0


_METRICS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


class _PathText(Text):
    """A ``Text`` drawn as filled glyph outlines.

    Agg renders a normal text glyph by glyph, which makes text the slowest part of a widget
    figure; here the outlines of each line are one path (cached per string), drawn in one go,
    at the places matplotlib's own text layout gives. Everything else (``get_text``,
    ``set_text``, colour, alignment, rotation, the bbox patch, extents for tight bounding
    boxes) is the ordinary ``Text``.
    """

    def _get_layout(self, renderer):
        """``Text``'s own layout, with every line measured on its outline (see _OutlineMetrics)."""
        if renderer is None or self.get_usetex():
            return super()._get_layout(renderer)
        metrics = _METRICS.get(renderer)
        if metrics is None:
            metrics = _METRICS[renderer] = _OutlineMetrics(renderer)
        return super()._get_layout(metrics)

    def draw(self, renderer) -> None:
        if renderer is not None:
            self._renderer = renderer
        text = self.get_text()
        if not self.get_visible() or not text or self.get_wrap() or self.get_usetex() or "$" in text:
            return super().draw(renderer)  # (nothing to draw, or wrapped / math text)
        if self._bbox_patch:  # the background box
            self.update_bbox_position_size(renderer)
            self._bbox_patch.draw(renderer)
        _, info, _ = self._get_layout(renderer)  # baseline start of every line
        prop = self.get_fontproperties()
        key, size = _font_key(prop), prop.get_size_in_points()
        posx, posy = self.get_transform().transform(self.get_unitless_position())
        pixels, angle = renderer.points_to_pixels(1.0), self.get_rotation()
        gc = renderer.new_gc()
        gc.set_linewidth(0)
        gc.set_alpha(self.get_alpha())
        gc.set_antialiased(True)
        gc.set_url(self._url)
        self._set_gc_clip(gc)
        colour = to_rgba(self.get_color(), self.get_alpha())
        for line, _, (x, y) in info:
            if line:
                place = Affine2D().scale(pixels).rotate_deg(angle).translate(posx + x, posy + y)
                renderer.draw_path(gc, _outline(line, key, size).path, place, colour)
        gc.restore()
        self.stale = False


def _as_outlines(*texts: Text) -> None:
    """Draw these existing texts (titles, axis or tick labels) as outlines: see :class:`_PathText`.

    Only the class changes (``_PathText`` adds no state), so the objects stay where matplotlib
    keeps them and ``get_title()``, ``get_xlabel()`` and so on work as before.
    """
    for text in texts:
        if type(text) is Text:  # not subclasses such as Annotation (which draws an arrow too)
            text.__class__ = _PathText


class _PlainLegend(Artist):
    """A legend made of plain artists (frame, sample lines/markers, texts) at fixed places.

    A matplotlib ``Legend`` lays out its boxes again on every draw, which costs as much as
    drawing all the rest of a small widget figure. This one only measures its texts (cached
    by matplotlib) to size the frame. ``anchor`` is the frame's corner named by ``loc``
    ("upper left", "upper right", "lower left" or "lower right") in the ``parent``'s
    fraction coordinates (an Axes, or a Figure); sizes are in points, as in ``Legend``.
    ``entries`` are (handle, label) pairs: a handle is a ``Line2D`` whose style is copied, or
    a dict of ``Line2D`` keyword arguments. Add it with ``parent.add_artist(legend)``.
    """

    def __init__(self, parent: Any, entries: Sequence[tuple[Any, str]], anchor: tuple[float, float],
                 *, loc: str = "upper left", fontsize: float = 8.0, frame_alpha: float | None = 0.85,
                 handle_length: float = 2.0, offset: tuple[float, float] = (4.0, -4.0)) -> None:  # fmt: skip
        super().__init__()
        fig = parent.get_figure(root=True) if isinstance(parent, Axes) else parent
        base = parent.transAxes if isinstance(parent, Axes) else parent.transFigure
        self.set_figure(fig)
        self.set_zorder(5)
        self._loc, self._offset = loc, offset
        self._shift = Affine2D()  # moves the drawing to the anchor's side of the frame
        self._points = (
            self._shift + Affine2D().scale(1 / 72) + fig.dpi_scale_trans + ScaledTranslation(*anchor, base)
        )
        self._fontsize = fs = float(fontsize)
        self._pad, self._row = 0.4 * fs, 1.5 * fs  # border pad, line height + label spacing
        self._handle = (self._pad, self._pad + handle_length * fs)
        self._text_x = self._handle[1] + 0.8 * fs
        self.frame = None
        if frame_alpha is not None:
            self.frame = Rectangle((0, 0), 1, 1, facecolor="white", edgecolor="0.8", linewidth=0.8,
                                   alpha=frame_alpha, transform=self._points)  # fmt: skip
            self.frame.set_figure(fig)
        self.entries: list[tuple[list[Line2D], Text]] = []
        for handle, label in entries:
            style = dict(handle) if isinstance(handle, dict) else None
            samples = []
            for part in ("line", "marker"):
                sample = Line2D([], [], transform=self._points)
                if style is not None:
                    sample.update({"linestyle": "None"} | style)
                else:
                    sample.update_from(handle)  # (copies the transform and clipping too)
                    sample.set_transform(self._points)
                    sample.set_clip_on(False)
                    sample.set_visible(True)
                if part == "line":
                    sample.set_marker("None")
                    if sample.get_linestyle() in ("None", "none", " ", ""):
                        continue
                else:
                    sample.set_linestyle("None")
                    if sample.get_marker() in ("None", "none", " ", "", None):
                        continue
                sample.set_figure(fig)
                samples.append(sample)
            text = _PathText(0, 0, label, fontsize=fs, va="center", ha="left", transform=self._points)
            text.set_figure(fig)
            self.entries.append((samples, text))

    def get_texts(self) -> list[Text]:
        """The label texts, in entry order (as ``Legend.get_texts``)."""
        return [text for _, text in self.entries]

    def get_window_extent(self, renderer=None) -> Bbox:
        """The frame and the visible texts and samples, as last drawn (for tight bounding boxes)."""
        parts = [self.frame] if self.frame is not None else []
        for samples, text in self.entries:
            if text.get_visible():
                parts += [*samples, text]
        return Bbox.union([part.get_window_extent(renderer) for part in parts]) if parts else Bbox.null()

    def set_entry_visible(self, index: int, visible: bool) -> None:
        samples, text = self.entries[index]
        for artist in (*samples, text):
            artist.set_visible(visible)

    def draw(self, renderer) -> None:
        if not self.get_visible():
            return
        shown = [(samples, text) for samples, text in self.entries if text.get_visible()]
        to_points = 72 / self.get_figure(root=True).dpi
        widest = max((text.get_window_extent(renderer).width * to_points for _, text in shown
                      if text.get_text()), default=0.0)  # fmt: skip
        width = self._text_x + widest + self._pad
        height = 2 * self._pad + len(shown) * self._row - 0.5 * self._fontsize
        dx = -width - self._offset[0] if "right" in self._loc else self._offset[0]
        dy = height - self._offset[1] if "lower" in self._loc else self._offset[1]
        self._shift.clear().translate(dx, dy)
        if self.frame is not None:
            self.frame.set_bounds(0, -height, width, height)
            self.frame.draw(renderer)
        for i, (samples, text) in enumerate(shown):
            y = -self._pad - (i + 0.5) * self._row + 0.25 * self._fontsize
            for sample in samples:
                if sample.get_linestyle() in ("None", "none", " ", ""):
                    sample.set_data([sum(self._handle) / 2], [y])
                else:
                    sample.set_data(self._handle, [y, y])
                sample.draw(renderer)
            text.set_position((self._text_x, y))
            text.draw(renderer)
        self.stale = False


#: Resolution of the widget figures: sharp enough on screen, and fewer pixels to draw per slider move.
WIDGET_DPI = 80


def new_figure(figsize: tuple[float, float], dpi: float | None = None) -> Figure:
    """A Figure outside pyplot (nothing to leak) with an Agg canvas, so that
    ``fig.canvas.draw()`` really renders it (the base canvas would draw nothing)."""
    fig = Figure(figsize=figsize, dpi=dpi)
    FigureCanvasAgg(fig)
    return fig


def freeze_layout(fig: Figure) -> None:
    """Make a widget figure that is built once and then only updated cheap to redraw.

    Draws it once, pins every axis label where matplotlib's layout put it (later draws then skip
    measuring the tick labels) and draws all its texts as cached glyph outlines from then on (see
    :func:`_as_outlines`): text is most of the cost of a small figure. Give titles a
    fixed place (``set_title(..., y=1.0)``) and keep the number of ticks fixed; tick labels that an
    axis adds later need ``_as_outlines`` again.
    """
    fig.canvas.draw()
    for ax in fig.axes:
        to_axes = ax.transAxes.inverted()
        for axis in (ax.xaxis, ax.yaxis):
            label = axis.label
            x, y = to_axes.transform(label.get_transform().transform(label.get_position()))
            axis.set_label_coords(x, y)
    _as_outlines(*fig.findobj(Text))
