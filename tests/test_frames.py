"""Tests for the widget helper every chapter uses (nnlib.interactive.frames)."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from functools import partial
from html.parser import HTMLParser

import ipywidgets as w
import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402

from nnlib.interactive import frames  # noqa: E402
from nnlib.interactive.frames import (  # noqa: E402
    MAX_FRAMES,
    Choice,
    Slider,
    View,
    frame_grid,
    interact,
    new_figure,
    render_png,
    reuse,
    widget_mode,
)

IMG = re.compile(
    r'<img class="nnlib-frame" src="([^"]*)" alt="([^"]*)" width="(\d+)" height="(\d+)" '
    r'data-sha256="([0-9a-f]{64})">'
)


# ----------------------------------------------------------------------------- a toy view

X = np.linspace(0.0, 1.0, 50)


def _build():
    fig = new_figure(3, 2)
    ax = fig.add_subplot()
    (line,) = ax.plot(X, X)
    ax.set_ylim(-4, 4)
    return fig, line, ax.set_title("")


def wave(a, k, shape, calls=None):
    """A line a * shape(k x); the summary states its peak."""
    if calls is not None:
        calls.append((a, k, shape))
    fig, line, title = reuse("test-frames-wave", _build)
    y = a * shape(k * X)
    line.set_ydata(y)
    title.set_text(f"peak {y.max():.2f}")
    return View(fig, f"peak {y.max():.2f}")


def controls():
    return {
        "a": Slider("amplitude", values=[0.5, 1.0, 2.0], value=1.0, live=(0.0, 3.0, 0.1), fmt="{:.1f}"),
        "k": Slider("k", values=[1, 2], value=2),
        "shape": Choice("shape", options={"sine": np.sin, "cosine": np.cos}, value=np.cos),
    }


def expected_png(**values) -> bytes:
    return render_png(wave(**values).figure)


def sha(png: bytes) -> str:
    return hashlib.sha256(png).hexdigest()


def parse_img(frame_html: str) -> dict:
    m = IMG.fullmatch(frame_html)
    assert m, f"not a frame image: {frame_html!r}"
    src, alt, width, height, digest = m.groups()
    return {
        "src": html.unescape(src),
        "alt": html.unescape(alt),
        "size": (int(width), int(height)),
        "sha256": digest,
    }


@pytest.fixture
def frames_env(tmp_path, monkeypatch):
    """Frames mode as the book build runs it: PNG files and manifests in a folder."""
    folder = tmp_path / "frames"
    monkeypatch.setenv("NNLIB_WIDGETS", "frames")
    monkeypatch.setenv("NNLIB_FRAMES_DIR", str(folder))
    monkeypatch.setenv("NNLIB_FRAMES_URL", "../frames/")
    return folder


def make_frames_widget(draw=wave, **kwargs):
    """interact(...) in frames mode."""
    return interact(draw, alt="A wave", mode="frames", **(kwargs or controls()))


class _Page(HTMLParser):
    """The parts of a frames widget's HTML the browser uses."""

    def __init__(self):
        super().__init__()
        self.root: dict | None = None
        self.controls: list[dict] = []
        self.images: list[dict] = []
        self.status = ""
        self.scripts: list[tuple[dict, str]] = []
        self._in: str | None = None
        self._attrs: dict = {}
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if "nnlib-frames" in classes and self.root is None:
            self.root = a
        elif "nnlib-control" in classes:
            name = next(c for c in classes if c.startswith("nnlib-control-")).removeprefix("nnlib-control-")
            self.controls.append({"name": name, "options": [], "selected": None})
        elif tag == "input":
            self.controls[-1].update(kind="slider", **{k: a.get(k) for k in ("min", "max", "value")})
            self.controls[-1].update(valuetext=a.get("aria-valuetext"), disabled="disabled" in a)
        elif tag == "select":
            self.controls[-1].update(kind="dropdown", disabled="disabled" in a)
        elif tag == "img":
            self.images.append(a)
        if tag in {"script", "option", "output", "span", "p"}:
            self._in, self._attrs, self._text = tag, a, ""
            if tag == "option" and "selected" in a:
                self.controls[-1]["selected"] = len(self.controls[-1]["options"])

    def handle_data(self, data):
        if self._in:
            self._text += data

    def handle_endtag(self, tag):
        if tag != self._in:
            return
        if tag == "script":
            self.scripts.append((self._attrs, self._text))
        elif tag == "option":
            self.controls[-1]["options"].append(self._text)
        elif tag == "output":
            self.controls[-1]["readout"] = self._text
        elif tag == "span" and self.controls:
            self.controls[-1]["description"] = self._text
        elif tag == "p" and "nnlib-status" in (self._attrs.get("class") or ""):
            self.status = self._text
        self._in = None


def parse_widget(widget) -> _Page:
    page = _Page()
    page.feed(widget._repr_html_())
    page.data = json.loads(next(t for a, t in page.scripts if a.get("type") == "application/json"))
    return page


def shown_frame(widget) -> dict:
    """The frame the page shows before the reader moves anything (its one <img>)."""
    (img,) = parse_widget(widget).images
    assert img["class"] == "nnlib-frame"
    return {
        "src": img["src"],
        "alt": img["alt"],
        "size": (int(img["width"]), int(img["height"])),
        "sha256": img["data-sha256"],
    }


# ----------------------------------------------------------------------------- controls


def test_frame_grid_enumerates_every_combination_last_control_fastest():
    grid = frame_grid(controls())
    assert len(grid) == 3 * 2 * 2
    assert grid[0] == {"a": 0.5, "k": 1, "shape": np.sin}
    assert grid[1] == {"a": 0.5, "k": 1, "shape": np.cos}
    assert grid[2] == {"a": 0.5, "k": 2, "shape": np.sin}
    assert grid[-1] == {"a": 2.0, "k": 2, "shape": np.cos}
    assert len({(g["a"], g["k"], g["shape"].__name__) for g in grid}) == len(grid)


def test_slider_defaults_labels_and_index():
    s = Slider("w", values=np.linspace(-1, 1, 5))
    assert s.values == (-1.0, -0.5, 0.0, 0.5, 1.0)
    assert all(type(v) is float for v in s.values)  # NumPy scalars become plain floats
    assert s.value == -1.0 and s.index() == 0
    assert s.options == [("-1", -1.0), ("-0.5", -0.5), ("0", 0.0), ("0.5", 0.5), ("1", 1.0)]
    assert Slider("w", values=np.linspace(0, 0.9, 4), value=0.3).index() == 1  # 0.30000000000000004
    assert Slider("η", values=[0.01, 0.1], fmt="{:.2f}").options[1][0] == "0.10"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"values": []}, "empty"),
        ({"values": [0.0, np.nan]}, "finite"),
        ({"values": [0.0, "a"]}, "finite"),
        ({"values": [0.0, 1.0], "value": 0.5}, "not one of the precomputed values"),
        ({"values": [0.0, 1.0], "live": (1.0, 0.0, 0.1)}, "min < max"),
        ({"values": [0.0, 1.0], "live": (0.0, 1.0, 0.0)}, "step > 0"),
        ({"values": [0.0, 2.0], "value": 2.0, "live": (0.0, 1.0, 0.1)}, "outside live range"),
        ({"values": [0.0, 0.0]}, "labelled"),
        ({"values": [0.11, 0.12], "fmt": "{:.1f}"}, "labelled"),
    ],
)
def test_slider_rejects_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Slider("w", **kwargs)


def test_choice_from_labels_or_mapping():
    c = Choice("activation", options=["relu", "tanh"])
    assert c.values == ("relu", "tanh") and c.value == "relu" and c.index() == 0
    m = Choice("activation", options={"ReLU": "relu", "tanh": "tanh"}, value="tanh")
    assert m.values == ("relu", "tanh") and m.index() == 1
    with pytest.raises(ValueError, match="empty"):
        Choice("activation", options=[])
    with pytest.raises(ValueError, match="not one of"):
        Choice("activation", options=["relu"], value="sigmoid")
    with pytest.raises(ValueError, match="labelled"):
        Choice("n", options=[1, "1"])


# ----------------------------------------------------------------------------- modes


def test_widget_mode_from_argument_or_environment(monkeypatch):
    monkeypatch.delenv("NNLIB_WIDGETS", raising=False)
    assert widget_mode() == "live"
    monkeypatch.setenv("NNLIB_WIDGETS", "")
    assert widget_mode() == "live"
    monkeypatch.setenv("NNLIB_WIDGETS", "frames")
    assert widget_mode() == "frames"
    assert widget_mode("live") == "live"  # the argument wins
    monkeypatch.setenv("NNLIB_WIDGETS", "static")
    with pytest.raises(ValueError, match="NNLIB_WIDGETS"):
        widget_mode()
    with pytest.raises(ValueError, match="mode="):
        widget_mode("Frames")


def test_interact_rejects_bad_arguments():
    with pytest.raises(ValueError, match="at least one control"):
        interact(wave, alt="x")
    with pytest.raises(TypeError, match="Slider or a Choice"):
        interact(wave, a=[1, 2], k=Slider("k", values=[1]), shape=Choice("s", options={"sine": np.sin}))
    with pytest.raises(ValueError, match="mode must be"):
        interact(wave, mode="html", **controls())


@pytest.mark.parametrize("mode", ["live", "frames"])
def test_callback_must_return_a_view(mode, monkeypatch):
    monkeypatch.delenv("NNLIB_FRAMES_DIR", raising=False)
    fig = new_figure(1, 1)
    with pytest.raises(TypeError, match=r"View\(figure, summary\)"):
        interact(lambda a: fig, mode=mode, a=Slider("a", values=[1, 2]))
    with pytest.raises(TypeError, match=r"View\(figure, summary\)"):
        interact(lambda a: (fig, 3.0), mode=mode, a=Slider("a", values=[1, 2]))


@pytest.mark.parametrize("mode", ["live", "frames"])
def test_frame_budget_is_enforced_in_both_modes_before_drawing(mode, monkeypatch):
    monkeypatch.delenv("NNLIB_FRAMES_DIR", raising=False)
    calls = []
    big = {"a": Slider("a", values=list(range(MAX_FRAMES + 1)))}
    with pytest.raises(ValueError, match=f"{MAX_FRAMES + 1} frames .* budget of {MAX_FRAMES}"):
        interact(partial(wave, k=1, shape=np.sin, calls=calls), mode=mode, **big)
    assert calls == []
    monkeypatch.setattr(frames, "MAX_FRAMES", 4)
    two_by_two = {"a": Slider("a", values=[1, 2]), "k": Slider("k", values=[1, 2])}
    box = interact(partial(wave, shape=np.sin), mode=mode, **two_by_two)  # exactly the budget
    assert isinstance(box, w.VBox if mode == "live" else frames.StaticWidget)
    with pytest.raises(ValueError, match="5 frames"):
        interact(partial(wave, k=1, shape=np.sin), mode=mode, a=Slider("a", values=[1, 2, 3, 4, 5]))


# ----------------------------------------------------------------------------- figures and PNGs


def test_new_figure_is_agg_white_unknown_to_pyplot():
    before = plt.get_fignums()
    fig = new_figure(4, 2.5)
    assert plt.get_fignums() == before
    assert isinstance(fig.canvas, FigureCanvasAgg)
    assert fig.dpi == frames.WIDGET_DPI
    assert fig.get_facecolor() == (1.0, 1.0, 1.0, 1.0)


def test_reuse_builds_once_per_key():
    built = []

    def build():
        built.append(1)
        return object()

    first = reuse(("test-frames", 1), build)
    assert reuse(("test-frames", 1), build) is first
    assert reuse(("test-frames", 2), build) is not first
    assert len(built) == 2


def test_render_png_size_palette_and_determinism():
    fig = new_figure(4, 2.5)
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 1])
    png = render_png(fig)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert frames._png_size(png) == (320, 200)  # inches x WIDGET_DPI
    assert png[25] == 3  # colour type 3: a palette
    plte = png.index(b"PLTE")
    assert int.from_bytes(png[plte - 4 : plte], "big") // 3 <= frames.PNG_COLOURS
    full = render_png(fig, colours=0)
    assert full[25] == 2 and len(full) > len(png)  # colour type 2: RGB
    assert render_png(fig) == png  # the same figure gives the same bytes
    ax.lines[0].set_ydata([1, 0])
    changed = render_png(fig)
    ax.lines[0].set_ydata([0, 1])
    assert changed != png and render_png(fig) == png  # updated in place and back: same bytes


def test_render_png_paints_a_transparent_figure_on_white():
    from PIL import Image

    fig = new_figure(1, 1)
    fig.patch.set_alpha(0.0)
    img = Image.open(__import__("io").BytesIO(render_png(fig, colours=0)))
    assert img.mode == "RGB" and img.getpixel((5, 5)) == (255, 255, 255)


def test_render_png_accepts_a_pyplot_figure():
    fig = plt.figure(figsize=(2, 1), dpi=50)
    try:
        assert frames._png_size(render_png(fig)) == (100, 50)
    finally:
        plt.close(fig)


# ----------------------------------------------------------------------------- frames mode


def test_frames_mode_writes_keyboard_controls_the_initial_frame_and_the_grid(frames_env):
    widget = make_frames_widget()
    assert isinstance(widget, frames.StaticWidget)
    page = parse_widget(widget)
    wid = widget.manifest["id"]
    assert page.root["class"].split() == ["nnlib-widget", "nnlib-frames", f"nnlib-widget-{wid}"]
    assert page.root["data-nnlib-frames"] == wid and page.root["aria-label"] == "A wave"
    a, k, shape = page.controls
    # sliders: a native range over the positions, labelled, announcing the label, with a readout
    assert a == {
        "name": "a",
        "description": "amplitude",
        "kind": "slider",
        "min": "0",
        "max": "2",
        "value": "1",
        "valuetext": "1.0",
        "readout": "1.0",
        "disabled": True,  # until the player script runs: without it nothing pretends to respond
        "options": [],
        "selected": None,
    }
    assert (k["kind"], k["max"], k["value"], k["readout"]) == ("slider", "1", "1", "2")
    assert (shape["kind"], shape["options"], shape["selected"]) == ("dropdown", ["sine", "cosine"], 1)
    # the data the player reads: the controls' labels and every frame in grid order
    data = page.data
    assert data["alt"] == "A wave" and data["url"] == "../frames/"
    assert [(c["name"], c["description"], c["labels"]) for c in data["controls"]] == [
        ("a", "amplitude", ["0.5", "1.0", "2.0"]),
        ("k", "k", ["1", "2"]),
        ("shape", "shape", ["sine", "cosine"]),
    ]
    assert len(data["frames"]) == 12
    for (sha256, summary), values in zip(data["frames"], frame_grid(controls()), strict=True):
        png = expected_png(**values)
        assert sha256 == sha(png) and summary == wave(**values).summary
    assert page.status == data["frames"][1 * 4 + 1 * 2 + 1][1]  # the initial frame's summary
    # the player itself, inline, so that the page needs nothing else
    (player,) = [t for a, t in page.scripts if "type" not in a]
    assert player.strip() == frames.PLAYER_JS.read_text().strip()
    assert repr(widget) == f"<frames widget {wid}: 12 frames>"


@pytest.mark.parametrize("mode", ["live", "frames"])
def test_a_choice_whose_options_hold_equal_values_keeps_their_labels(mode, frames_env):
    def view(f):
        return wave(a=1.0, k=1, shape=f)

    options = {"sine": np.sin, "also sine": np.sin, "cosine": np.cos}
    widget = interact(view, alt="W", mode=mode, f=Choice("f", options=options, value=np.cos))
    if mode == "live":
        select, frame = widget.children
        for i, label in enumerate(options):
            select.index = i
            assert parse_img(frame.value)["alt"].startswith(f"W (f = {label}):")
    else:
        assert [e["alt"].split(":")[0] for e in widget.manifest["frames"].values()] == [
            "W (f = sine)",
            "W (f = also sine)",
            "W (f = cosine)",
        ]
        assert parse_widget(widget).controls[0]["options"] == list(options)


def test_control_names_must_be_identifiers(frames_env):
    with pytest.raises(ValueError, match="identifier"):
        interact(wave, **{"a b": Slider("a", values=[1, 2])})


def test_controls_are_not_restored_by_the_browser(frames_env):
    # a page the reader goes back to must not show positions the figure does not
    text = make_frames_widget()._repr_html_()
    assert text.count('autocomplete="off"') == 3


def test_frames_mode_json_cannot_end_its_script_early(frames_env):
    def labelled(a):
        return View(wave(a=1.0, k=1, shape=np.sin).figure, "<!-- </script><b>bold</b>")

    widget = interact(labelled, alt="x </script>", a=Slider("a </script>", values=[1, 2]))
    text = widget._repr_html_()
    assert text.count("</script>") == 2  # the JSON's and the player's
    data = parse_widget(widget).data
    assert data["frames"][0][1] == "<!-- </script><b>bold</b>" and data["alt"] == "x </script>"
    (data_script,) = [t for a, t in parse_widget(widget).scripts if a.get("type") == "application/json"]
    assert "<" not in data_script


def test_frames_mode_shows_the_initial_frame_with_alt_text_and_size(frames_env):
    img = shown_frame(make_frames_widget())
    png = expected_png(a=1.0, k=2, shape=np.cos)
    assert img["sha256"] == sha(png)
    assert img["src"] == f"../frames/{sha(png)}.png"
    assert img["size"] == (240, 160) == frames._png_size(png)
    peak = 1.0 * np.cos(2 * X).max()
    assert img["alt"] == f"A wave (amplitude = 1.0, k = 2, shape = cosine): peak {peak:.2f}"


def test_frames_mode_writes_files_and_a_manifest_matching_the_callback(frames_env):
    manifest = make_frames_widget().manifest
    on_disk = json.loads((frames_env / "manifest" / f"{manifest['id']}.json").read_text())
    assert on_disk == manifest
    assert [c["name"] for c in manifest["controls"]] == ["a", "k", "shape"]
    assert [c["kind"] for c in manifest["controls"]] == ["slider", "slider", "dropdown"]
    assert [c["labels"] for c in manifest["controls"]] == [
        ["0.5", "1.0", "2.0"],
        ["1", "2"],
        ["sine", "cosine"],
    ]
    assert [c["initial"] for c in manifest["controls"]] == [1, 1, 1]
    assert sorted(manifest["frames"]) == sorted(
        f"{i}-{j}-{s}" for i in range(3) for j in range(2) for s in range(2)
    )
    assert manifest["ms_per_frame"] > 0
    for entry in manifest["frames"].values():
        png = (frames_env / f"{entry['sha256']}.png").read_bytes()
        assert sha(png) == entry["sha256"]
    # recompute a few grid points, in another order than the build: the same pictures
    for key, values in [
        ("2-0-0", (2.0, 1, np.sin)),
        ("0-1-1", (0.5, 2, np.cos)),
        ("1-1-0", (1.0, 2, np.sin)),
    ]:
        a, k, shape = values
        entry = manifest["frames"][key]
        assert entry["sha256"] == sha(expected_png(a=a, k=k, shape=shape))
        peak = a * shape(k * X).max()
        assert entry["summary"] == f"peak {peak:.2f}"
        label = {np.sin: "sine", np.cos: "cosine"}[shape]
        assert entry["alt"] == f"A wave (amplitude = {a:.1f}, k = {k}, shape = {label}): peak {peak:.2f}"


def test_frames_mode_alt_text_names_every_value_of_every_frame(frames_env):
    manifest = make_frames_widget().manifest
    for key, entry in manifest["frames"].items():
        indices = [int(i) for i in key.split("-")]
        for control, i in zip(manifest["controls"], indices, strict=True):
            assert f"{control['description']} = {control['labels'][i]}" in entry["alt"]
        assert entry["alt"].endswith(": " + entry["summary"])


def test_identical_frames_are_stored_once(frames_env):
    def flat(a):
        fig, line, title = reuse("test-frames-flat", _build)
        title.set_text("clipped" if a > 1 else f"{a}")
        return View(fig, "clipped" if a > 1 else f"{a}")

    box = interact(flat, alt="flat", a=Slider("a", values=[1, 2, 3]))
    entries = box.manifest["frames"]
    assert entries["1"]["sha256"] == entries["2"]["sha256"] != entries["0"]["sha256"]
    assert entries["1"]["alt"] != entries["2"]["alt"]  # the text alternative still names the value
    assert len(list(frames_env.glob("*.png"))) == 2


def test_frames_mode_without_a_folder_embeds_the_pngs(monkeypatch, tmp_path):
    monkeypatch.delenv("NNLIB_FRAMES_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    widget = make_frames_widget()
    img = shown_frame(widget)
    assert img["src"].startswith("data:image/png;base64,")
    png = base64.b64decode(img["src"].split(",", 1)[1])
    assert sha(png) == img["sha256"] == sha(expected_png(a=1.0, k=2, shape=np.cos))
    data = parse_widget(widget).data
    assert data["url"] is None
    for sha256, _summary, src in data["frames"]:  # every frame carries its picture
        assert sha(base64.b64decode(src.split(",", 1)[1])) == sha256
    assert not list(tmp_path.iterdir())


def test_widget_id_is_stable_and_depends_on_what_is_drawn(frames_env):
    first = make_frames_widget()
    again = make_frames_widget()
    assert first.manifest["id"] == again.manifest["id"]
    assert re.fullmatch(r"[0-9a-f]{12}", first.manifest["id"])
    other_alt = interact(wave, alt="Another wave", **controls())
    assert other_alt.manifest["id"] != first.manifest["id"]

    def scaled(scale, a):
        return wave(a=scale * a, k=1, shape=np.sin)

    one = interact(partial(scaled, 1.0), alt="x", a=Slider("a", values=[1, 2]))
    two = interact(partial(scaled, 0.5), alt="x", a=Slider("a", values=[1, 2]))
    assert one.manifest["id"] != two.manifest["id"]  # same callback, different data
    assert len(list((frames_env / "manifest").glob("*.json"))) == 4


def test_frames_mode_is_chosen_by_the_environment(frames_env):
    widget = interact(wave, alt="A wave", **controls())
    assert isinstance(widget, frames.StaticWidget) and widget.manifest["n_frames"] == 12


# ----------------------------------------------------------------------------- live mode


def test_live_mode_controls(monkeypatch):
    monkeypatch.delenv("NNLIB_WIDGETS", raising=False)
    box = interact(wave, alt="A wave", **controls())
    assert box._dom_classes == ("nnlib-widget", "nnlib-live")
    a, k, shape, frame = box.children
    assert isinstance(a, w.FloatSlider) and (a.min, a.max, a.step, a.value) == (0.0, 3.0, 0.1, 1.0)
    assert a.readout_format == ".1f" and not a.continuous_update
    assert isinstance(k, w.SelectionSlider) and k.value == 2 and k.options == (("1", 1), ("2", 2))
    assert isinstance(shape, w.Dropdown) and shape.options == (("sine", 0), ("cosine", 1))
    assert shape.index == 1 and shape.label == "cosine"  # the drop-down holds indices, as in frames mode
    assert isinstance(frame, w.HTML)
    ints = interact(
        partial(wave, k=1, shape=np.sin), mode="live", a=Slider("a", values=[1, 2], live=(0, 5, 1))
    )
    assert isinstance(ints.children[0], w.IntSlider)


def test_live_mode_redraws_when_a_control_changes(monkeypatch):
    monkeypatch.delenv("NNLIB_WIDGETS", raising=False)
    box = interact(wave, alt="A wave", **controls())
    a, k, shape, frame = box.children
    img = parse_img(frame.value)
    assert img["sha256"] == sha(expected_png(a=1.0, k=2, shape=np.cos))
    assert img["src"].startswith("data:image/png;base64,")
    assert "amplitude = 1.0, k = 2, shape = cosine" in img["alt"]

    a.value = 2.7  # between the precomputed values: live mode draws it anyway
    img = parse_img(frame.value)
    assert img["sha256"] == sha(expected_png(a=2.7, k=2, shape=np.cos))
    peak = 2.7 * np.cos(2 * X).max()
    assert img["alt"] == f"A wave (amplitude = 2.7, k = 2, shape = cosine): peak {peak:.2f}"

    shape.index = 0
    img = parse_img(frame.value)
    assert img["sha256"] == sha(expected_png(a=2.7, k=2, shape=np.sin))
    assert "shape = sine" in img["alt"]
    k.value = 1
    assert parse_img(frame.value)["sha256"] == sha(expected_png(a=2.7, k=1, shape=np.sin))
    assert sha(base64.b64decode(parse_img(frame.value)["src"].split(",", 1)[1])) == sha(
        expected_png(a=2.7, k=1, shape=np.sin)
    )


def test_live_and_frames_modes_draw_the_same_picture(frames_env):
    frames_widget = make_frames_widget()
    live_box = interact(wave, alt="A wave", mode="live", **controls())
    live = parse_img(live_box.children[-1].value)
    shown = shown_frame(frames_widget)
    assert live["sha256"] == shown["sha256"] and live["alt"] == shown["alt"]


@pytest.mark.parametrize("mode", ["live", "frames"])
def test_a_choice_may_hold_arrays(mode, monkeypatch):
    monkeypatch.delenv("NNLIB_FRAMES_DIR", raising=False)
    data = {"small": np.array([0.5, 1.0]), "large": np.array([2.0, 3.0])}
    choice = Choice("data", options=data, value=data["large"])
    assert choice.index() == 1

    def view(points):
        fig, line, title = reuse("test-frames-arrays", _build)
        title.set_text(f"max {points.max():g}")
        return View(fig, f"max {points.max():g}")

    box = interact(view, alt="Arrays", mode=mode, points=choice)
    shown = parse_img(box.children[-1].value) if mode == "live" else shown_frame(box)
    assert shown["alt"] == "Arrays (data = large): max 3"
    if mode == "live":
        box.children[0].index = 0
        assert parse_img(box.children[-1].value)["alt"] == "Arrays (data = small): max 1"
    assert Choice("data", options=data, value=np.array([0.5, 1.0])).index() == 0  # an equal array
    with pytest.raises(ValueError, match="not one of"):
        Choice("data", options=data, value=np.array([0.5, 1.5]))


def _pixels(fig):
    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba())[..., :3].astype(int)


@pytest.mark.parametrize("on_top", [False, True])
def test_freeze_draws_the_same_pixels_as_plain_matplotlib(on_top):
    from nnlib.interactive.frames import freeze

    def scene():
        fig = new_figure(3, 2)
        ax = fig.add_subplot()
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.set_xlabel("a label that never changes")
        (line,) = ax.plot([0, 1], [0.2, 0.8], color="C0")
        points = ax.scatter([0.3, 0.6], [0.7, 0.4], color="black", zorder=5)
        return fig, ax, line, points

    plain_fig, _, plain_line, _ = scene()
    fig, ax, line, points = scene()
    if on_top:
        freeze(fig, [*ax.spines.values(), ax.xaxis, ax.yaxis, points], on_top=True)
    else:
        freeze(fig, moving=[line])
    for y in (0.1, 0.5, 0.9):  # the moving artist still moves, the rest is unchanged
        plain_line.set_ydata([y, 1 - y])
        line.set_ydata([y, 1 - y])
        assert (np.abs(_pixels(fig) - _pixels(plain_fig)).max(axis=-1) > 30).mean() < 0.002


def test_freeze_needs_an_agg_figure():
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    from nnlib.interactive.frames import freeze

    fig = Figure()
    FigureCanvasSVG(fig)
    with pytest.raises(TypeError, match="Agg"):
        freeze(fig)
