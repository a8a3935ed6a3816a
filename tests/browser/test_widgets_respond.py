"""Every widget of the built book responds, offline, and shows what Python drew.

The widgets are found in the pages (each frames widget carries ``nnlib-widget-<id>``; the
build wrote ``frames/manifest/<id>.json`` with the frame of every slider setting), so a new
widget is tested without touching this file.

Static checks (no browser): every interactive control of a page belongs to a frames widget;
the grid each page gives its player is the manifest's, every frame file exists and has the
bytes its name promises, and every control changes the figure somewhere.

In headless Chromium, from ``file://`` and over HTTP, for every widget: every slider is
moved with the keyboard (End, Home, ArrowRight, ArrowLeft on the focused slider, then back
to where it started) and every drop-down is set to each of its options. After each move the
widget must show exactly one frame: the one the manifest lists for the new control
positions (its SHA-256, checked again on the bytes the browser loads), with a text
alternative that names the new values; the controls must read the new values (a slider
also announces its label through ``aria-valuetext``). Every control must change the figure
at least once. The time from the key press (or the new choice) to the
new image, decoded, is recorded in ``_build/widget_response_times.json``; no timing is
asserted here (see ``python -m benchmarks --only frames``).
"""

from __future__ import annotations

import hashlib
import json
import os
import statistics
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from benchmarks.frames import (
    FramesWidget,
    book_pages,
    discover,
    frame_key,
    move,
    open_page,
    page_widgets,
    reveal,
    sha256_file,
    shown,
)

ROOT = Path(__file__).resolve().parents[2]
BOOK_DIR = Path(os.environ.get("BOOK_HTML_DIR", ROOT / "_build" / "html")).resolve()
TIMES_FILE = BOOK_DIR.parent / "widget_response_times.json"

pytestmark = pytest.mark.browser

WIDGETS: list[FramesWidget] = discover(BOOK_DIR) if BOOK_DIR.is_dir() else []
PAGES = book_pages(BOOK_DIR) if BOOK_DIR.is_dir() else ["book/intro.html"]
TRANSPORTS = ("file", "http")
_TIMES: list[dict] = []


def _wid(w: FramesWidget) -> str:
    return f"{w.page.removesuffix('.html')}-{w.id}"


def _manifest(widget: FramesWidget) -> dict:
    assert widget.manifest is not None, (
        f"{widget.page}: widget {widget.id} has no manifest frames/manifest/{widget.id}.json "
        "(was the book built with NNLIB_WIDGETS=frames and NNLIB_FRAMES_DIR?)"
    )
    return widget.manifest


# ------------------------------------------------------------------------ static checks


def test_the_book_has_widgets(book_dir):
    chapters = [p for p in PAGES if p.startswith("chapters/")]
    if chapters:
        assert WIDGETS, f"no frames widget found on {len(chapters)} chapter pages of {book_dir}"


@pytest.mark.parametrize("page", PAGES)
def test_every_control_belongs_to_a_frames_widget(book_dir, page):
    _, static = page_widgets(book_dir, page)
    assert not static, (
        f"{page}: these controls were stored without frames and cannot respond in the static "
        f"page (build them with nnlib.interactive.frames.interact): {static}"
    )


@pytest.mark.parametrize("widget", WIDGETS, ids=_wid)
def test_stored_frames_are_the_manifests(book_dir, widget):
    manifest = _manifest(widget)
    assert manifest["id"] == widget.id
    sizes = [len(c["labels"]) for c in manifest["controls"]]
    n = 1
    for size in sizes:
        n *= size
    assert manifest["n_frames"] == n == len(manifest["frames"]) == len(widget.page_frames)
    # the page lists the frames in grid order, the last control varying fastest
    listed = [(e["sha256"], e["summary"]) for e in manifest["frames"].values()]
    on_page = [(f["sha256"], f["summary"]) for f in widget.page_frames]
    assert on_page == listed, f"{widget.page}: the page's frames are not the manifest's"
    data = widget.page_data
    assert data["alt"] == manifest["alt"]
    assert [(c["name"], c["description"], c["labels"]) for c in data["controls"]] == [
        (c["name"], c["description"], c["labels"]) for c in manifest["controls"]
    ]
    for frame in widget.page_frames:
        assert frame["src"] == f"../frames/{frame['sha256']}.png", frame["src"]
        path = (book_dir / widget.page).parent / frame["src"]
        assert path.is_file(), f"{widget.page}: missing frame file {frame['src']}"
        assert sha256_file(path) == frame["sha256"], f"{path}: bytes differ from the name's SHA-256"


@pytest.mark.parametrize("widget", WIDGETS, ids=_wid)
def test_alt_texts_name_the_values_and_every_control_changes_the_figure(widget):
    manifest = _manifest(widget)
    controls = manifest["controls"]
    for c in controls:
        assert len(set(c["labels"])) == len(c["labels"]), f"{c['name']}: two positions look alike"
    for key, entry in manifest["frames"].items():
        indices = [int(i) for i in key.split("-")]
        for c, i in zip(controls, indices, strict=True):
            assert f"{c['description']} = {c['labels'][i]}" in entry["alt"], (key, entry["alt"])
        assert entry["summary"] and entry["alt"].endswith(entry["summary"])
    for ci, c in enumerate(controls):
        indices = [x["initial"] for x in controls]
        shas = set()
        for i in range(len(c["labels"])):
            indices[ci] = i
            shas.add(manifest["frames"][frame_key(indices)]["sha256"])
        assert len(c["labels"]) < 2 or len(shas) >= 2, (
            f"{widget.page}, widget {widget.id}: moving {c['description']!r} from the initial "
            "setting never changes the figure"
        )


# ------------------------------------------------------------------------ in the browser


@pytest.fixture(scope="module", autouse=True)
def _write_times():
    yield
    if not _TIMES:
        return
    summary = {}
    for transport in TRANSPORTS:
        ms = sorted(t["ms"] for t in _TIMES if t["transport"] == transport and t["ms"] is not None)
        if ms:
            summary[transport] = {
                "moves": len(ms),
                "median_ms": round(statistics.median(ms), 1),
                "p90_ms": round(ms[int(0.9 * (len(ms) - 1))], 1),
                "max_ms": round(ms[-1], 1),
            }
    TIMES_FILE.parent.mkdir(parents=True, exist_ok=True)
    TIMES_FILE.write_text(json.dumps({"book": str(BOOK_DIR), "summary": summary, "moves": _TIMES}, indent=1))


_LOADED: dict[str, str | None] = {"url": None}


@pytest.fixture
def widget_page(driver, server, book_dir):
    """Open a widget's page (file:// or HTTP) unless it is open and clean."""

    def _open(widget: FramesWidget, transport: str) -> str:
        base = book_dir.as_uri() + "/" if transport == "file" else server.base_url
        url = base + widget.page
        if _LOADED["url"] != url or driver.current_url != url:
            _LOADED["url"] = None
            assert open_page(driver, url) is not None, f"{url}: the widgets were not all drawn within 30 s"
            _LOADED["url"] = url
        return url

    yield _open


_HASHES: dict[str, str] = {}
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _hash_of_src(src: str, book_dir: Path) -> str:
    """SHA-256 of the bytes behind an image URL, loaded the way the browser loads them."""
    if src not in _HASHES:
        parts = urlsplit(src)
        if parts.scheme == "file":
            path = Path(urllib.request.url2pathname(parts.path)).resolve()
            assert path.is_relative_to(book_dir), f"{src} points outside the book"
            _HASHES[src] = sha256_file(path)
        else:
            assert parts.hostname == "127.0.0.1", f"{src} is not served by the test server"
            with _NO_PROXY.open(src, timeout=10) as response:
                assert response.status == 200
                _HASHES[src] = hashlib.sha256(response.read()).hexdigest()
    return _HASHES[src]


def _check_shows(driver, widget, indices, book_dir, where) -> dict:
    """The widget shows the manifest's frame for ``indices`` and its controls read them."""
    manifest = widget.manifest
    entry = manifest["frames"][frame_key(indices)]
    state = shown(driver, widget)
    assert state is not None, f"{where}: the widget is not on the page"
    frames = state["frames"]
    assert len(frames) == 1, f"{where}: {len(frames)} visible frames: {frames}"
    frame = frames[0]
    settings = ", ".join(
        f"{c['description']} = {c['labels'][i]}" for c, i in zip(manifest["controls"], indices, strict=True)
    )
    assert frame["sha256"] == entry["sha256"], (
        f"{where}: for {settings} the page shows frame {frame['sha256'][:12]} ({frame['alt']!r}); "
        f"Python drew {entry['sha256'][:12]} ({entry['alt']!r})"
    )
    assert frame["alt"] == entry["alt"], f"{where}: alt {frame['alt']!r}, expected {entry['alt']!r}"
    assert settings in frame["alt"], f"{where}: the text alternative does not name {settings}"
    assert frame["complete"] and frame["width"] > 0, f"{where}: the image did not load: {frame}"
    assert _hash_of_src(frame["src"], book_dir) == entry["sha256"], f"{where}: {frame['src']} has other bytes"
    for c, i in zip(manifest["controls"], indices, strict=True):
        got = state["controls"].get(c["name"])
        assert got is not None, f"{where}: control {c['name']} not found"
        assert not got["disabled"], f"{where}: control {c['name']} is disabled"
        if c["kind"] == "slider":
            label = c["labels"][i]
            assert (got["position"], got["readout"], got["valuetext"]) == (i, label, label), (
                f"{where}: slider {c['description']!r} at {got}, expected position {i} ({c['labels'][i]})"
            )
        else:
            assert (got["selected"], got["label"]) == (i, c["labels"][i]), (
                f"{where}: drop-down {c['description']!r} at {got}, expected {c['labels'][i]!r}"
            )
    return frame


def _moves(control: dict, at: int) -> list[tuple[str | int, int]]:
    """(action, position after it) for one control, ending where it started."""
    n = len(control["labels"])
    if control["kind"] == "dropdown":
        return [(j, j) for j in range(n) if j != at] + ([(at, at)] if n > 1 else [])
    if n < 2:
        return [("End", 0), ("Home", 0)]
    if at <= (n - 1) / 2:  # every key once, then back from the nearer end
        moves: list[tuple[str | int, int]] = [
            ("End", n - 1),
            ("Home", 0),
            ("ArrowRight", 1),
            ("ArrowLeft", 0),
        ]
        return moves + [("ArrowRight", j) for j in range(1, at + 1)]
    moves = [("Home", 0), ("End", n - 1), ("ArrowLeft", n - 2), ("ArrowRight", n - 1)]
    return moves + [("ArrowLeft", j) for j in range(n - 2, at - 1, -1)]


@pytest.mark.parametrize("widget", WIDGETS, ids=_wid)
@pytest.mark.parametrize("transport", TRANSPORTS)
def test_every_control_shows_the_frame_python_drew(driver, widget_page, book_dir, widget, transport):
    manifest = _manifest(widget)
    url = widget_page(widget, transport)
    controls = manifest["controls"]
    indices = [c["initial"] for c in controls]
    try:
        assert reveal(driver, widget), f"{url}: widget {widget.id} stays hidden"
        current = _check_shows(driver, widget, indices, book_dir, f"{url}, initial")["sha256"]
        for ci, control in enumerate(controls):
            seen = {current}
            for action, target in _moves(control, indices[ci]):
                where = f"{url}, widget {widget.id}, {control['description']!r} {action}"
                before = indices[ci]
                indices[ci] = target
                expect = manifest["frames"][frame_key(indices)]["sha256"]
                rec = move(
                    driver,
                    widget,
                    control["name"],
                    control["kind"],
                    action,
                    expect if target != before else None,
                )
                assert rec["error"] is None, f"{where}: the new frame could not be decoded: {rec['error']}"
                if target != before:
                    if rec["t1"] is None:  # say what the page shows instead
                        _check_shows(driver, widget, indices, book_dir, where)
                    assert rec["t1"] is not None, f"{where}: the frame for the new values never appeared"
                    assert rec["t0"] is not None, f"{where}: the input event was not seen"
                if target != before and expect != current:  # (the same picture: nothing to time)
                    _TIMES.append(
                        {
                            "transport": transport,
                            "page": widget.page,
                            "widget": widget.id,
                            "control": control["name"],
                            "action": action,
                            "ms": round(rec["t1"] - rec["t0"], 1),
                        }
                    )
                frame = _check_shows(driver, widget, indices, book_dir, where)
                if target != before and expect != current:
                    assert frame["sha256"] != current, f"{where}: the figure did not change"
                current = frame["sha256"]
                seen.add(current)
            assert len(control["labels"]) < 2 or len(seen) >= 2, (
                f"{url}, widget {widget.id}: moving {control['description']!r} never changed the figure"
            )
    except BaseException:
        _LOADED["url"] = None  # controls may be left anywhere: reload the page for the next widget
        raise
