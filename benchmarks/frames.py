"""Benchmark: the widgets of the static HTML book, measured against their budgets.

The web edition's widgets are precomputed frames (:mod:`nnlib.interactive.frames`). This
suite reads the built book (``_build/html``, or ``$BOOK_HTML_DIR``) and the manifests the
build wrote to ``frames/manifest/``, and measures:

- frames per widget and in the whole book, and milliseconds per frame at build time
  (the callback plus PNG encoding, from the manifests);
- for every chapter page, the bytes the browser loads when the page is opened (the HTML and
  everything it fetches; frames not yet visited are not fetched, so they don't count), and
  the size of the whole site;
- in headless Chromium from ``file://``: the time until the page is usable (every widget
  drawn with its first frame) and the time from a key press on a slider (or a new choice in
  a drop-down) to the new figure, decoded and on screen.

Widgets are found in the pages themselves (the ``nnlib-widget-<id>`` class each one carries),
never from a list. The browser tests (``tests/browser/test_widgets_respond.py``) use the same
discovery and the same in-page probes.

Run alone: ``python -m benchmarks --only frames``.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import statistics
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
SKIP_DIRS = {"_static", "_sources", "_images", "_downloads", "frames"}

# The budgets (issue: "the web edition is interactive"); reported met / not met.
MAX_FRAMES_PER_WIDGET = 400
MAX_FRAMES_IN_BOOK = 3000
MAX_MS_PER_FRAME = 60.0
MAX_PAGE_BYTES = 4_000_000  # 4 MB (10^6 bytes)
MAX_USABLE_SECONDS = 3.0
MAX_MEDIAN_RESPONSE_MS = 100.0

CONTROL_MODELS = {
    "FloatSliderModel",
    "IntSliderModel",
    "FloatLogSliderModel",
    "SelectionSliderModel",
    "IntRangeSliderModel",
    "FloatRangeSliderModel",
    "SelectionRangeSliderModel",
    "DropdownModel",
    "RadioButtonsModel",
    "ToggleButtonsModel",
    "SelectModel",
    "CheckboxModel",
    "ToggleButtonModel",
    "PlayModel",
}


def book_dir() -> Path:
    return Path(os.environ.get("BOOK_HTML_DIR", ROOT / "_build" / "html")).resolve()


# --------------------------------------------------------------------------- discovery

_STATE = re.compile(r'<script type="application/vnd\.jupyter\.widget-state\+json">(.*?)</script>', re.DOTALL)
_VIEW = re.compile(r'<script type="application/vnd\.jupyter\.widget-view\+json">(.*?)</script>', re.DOTALL)


@dataclass
class FramesWidget:
    """One frames widget on one page, with the manifest the build wrote for it."""

    id: str
    page: str  # path relative to the book folder, e.g. "chapters/01_perceptron.html"
    manifest: dict[str, Any] | None
    # every frame as the page lists it, in grid order: sha256, summary, src
    page_frames: list[dict[str, str]] = field(default_factory=list)
    page_data: dict[str, Any] = field(default_factory=dict)  # the grid the page's player reads

    @property
    def selector(self) -> str:
        return f".nnlib-widget-{self.id}"


def book_pages(root: Path) -> list[str]:
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*.html")
        if not (set(p.relative_to(root).parts[:-1]) & SKIP_DIRS)
    )


def chapter_pages(root: Path) -> list[str]:
    return [p for p in book_pages(root) if p.startswith("chapters/")]


def widget_state(html_text: str) -> dict[str, Any]:
    """The ipywidgets state stored in a page (model id -> model), empty if none."""
    m = _STATE.search(html_text)
    return json.loads(m.group(1))["state"] if m else {}


def view_roots(html_text: str) -> list[str]:
    """Model ids of the widgets the page displays, in page order."""
    ids = []
    for m in _VIEW.finditer(html_text):
        try:
            ids.append(json.loads(m.group(1))["model_id"])
        except (ValueError, KeyError):
            continue
    return ids


def _children(model: dict[str, Any]) -> Iterator[str]:
    for value in model.get("state", {}).values():
        for ref in value if isinstance(value, list) else [value]:
            if isinstance(ref, str) and ref.startswith("IPY_MODEL_"):
                yield ref.removeprefix("IPY_MODEL_")


def subtree(state: dict[str, Any], model_id: str) -> list[str]:
    """Ids of every model reachable from ``model_id`` (itself included)."""
    seen: set[str] = set()
    order, stack = [], [model_id]
    while stack:
        mid = stack.pop()
        if mid in seen or mid not in state:
            continue
        seen.add(mid)
        order.append(mid)
        stack.extend(reversed(list(_children(state[mid]))))  # depth first, in the widgets' order
    return order


_FRAMES_DATA = re.compile(
    r'data-nnlib-frames="(\w+)".*?<script type="application/json" class="nnlib-frames-data">(.*?)</script>',
    re.DOTALL,
)


def page_widgets(root: Path, page: str) -> tuple[list[FramesWidget], list[str]]:
    """The frames widgets a page displays, and a description of every other interactive control.

    A frames widget is the HTML that :mod:`nnlib.interactive.frames` writes in frames mode
    (``data-nnlib-frames="<id>"`` and its grid as JSON). An ipywidgets control (slider,
    drop-down, ...) stored in the page cannot respond without a kernel: the second list names
    them (it should be empty).
    """
    text = (root / page).read_text(encoding="utf-8", errors="replace")
    widgets = []
    for m in _FRAMES_DATA.finditer(text):
        wid, data = m.group(1), json.loads(m.group(2))
        frames = [
            {"sha256": f[0], "summary": f[1], "src": f[2] if len(f) > 2 else f"{data['url']}{f[0]}.png"}
            for f in data["frames"]
        ]
        path = root / "frames" / "manifest" / f"{wid}.json"
        manifest = json.loads(path.read_text()) if path.is_file() else None
        widgets.append(FramesWidget(wid, page, manifest, frames, data))
    state = widget_state(text)
    static_controls = [
        f"{model['model_name'].removesuffix('Model')} {model.get('state', {}).get('description', '')!r}"
        for view in view_roots(text)
        for model in (state[mid] for mid in subtree(state, view))
        if model.get("model_name") in CONTROL_MODELS
    ]
    return widgets, static_controls


def discover(root: Path) -> list[FramesWidget]:
    """Every frames widget on every page of the built book, in page order."""
    return [w for page in book_pages(root) for w in page_widgets(root, page)[0]]


def frame_key(indices: list[int]) -> str:
    return "-".join(map(str, indices))


# --------------------------------------------------------------------------- the browser

CHROMIUM_ARGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--no-first-run",
    "--no-default-browser-check",
    "--window-size=1280,900",
    "--hide-scrollbars",
)


def find_chromium() -> tuple[str | None, str | None]:
    chrome = os.environ.get("CHROME_BIN") or next(
        (p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None
    )
    return chrome, os.environ.get("CHROMEDRIVER") or shutil.which("chromedriver")


def start_chromium(profile: str) -> Any:
    """Headless Chromium through Selenium, with the DevTools network log switched on."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chrome, chromedriver = find_chromium()
    if not chrome or not chromedriver:
        raise RuntimeError("Chromium and chromedriver are needed (apt-get install chromium chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = chrome
    for arg in (*CHROMIUM_ARGS, f"--user-data-dir={profile}"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    # an explicit driver path: Selenium Manager must not try to download anything
    driver = webdriver.Chrome(options=options, service=Service(executable_path=chromedriver))
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(60)
    install_usable_probe(driver)
    driver.get("about:blank")  # leave Chromium's start page before anything is measured
    return driver


# Runs at the start of every document: records (ms since navigation) when the page is usable,
# that is when every frames widget shows its loaded first frame and its controls respond (the
# player script has enabled them); a widget folded away, in a closed <details> for instance,
# only needs its image loaded. Any ipywidgets view must be rendered too.
USABLE_PROBE = r"""
(() => {
  window.__nnlibUsable = null;
  const visible = (e) => e.isConnected && e.checkVisibility({visibilityProperty: true})
  && e.getBoundingClientRect().width > 0;
  const ready = () => {
    if (document.readyState === 'loading') return false;
    for (const s of document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]')) {
      const area = s.previousElementSibling;
      if (!(area && area.classList.contains('widget-subarea') && area.children.length)) return false;
    }
    for (const w of document.querySelectorAll('.nnlib-frames')) {
      const img = w.querySelector('img.nnlib-frame');
      if (!img || !img.complete || img.naturalWidth === 0) return false;
      if ([...w.querySelectorAll('input, select')].some((c) => c.disabled)) return false;
    }
    return true;
  };
  const poll = () => {
    if (ready()) window.__nnlibUsable = performance.now();
    else if (performance.now() < 60000) setTimeout(poll, 5);
  };
  poll();
})();
"""


def install_usable_probe(driver: Any) -> None:
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": USABLE_PROBE})


_WAIT_USABLE = """
const [limit, done] = arguments;
const t0 = Date.now();
(function wait() {
  if (window.__nnlibUsable !== null && window.__nnlibUsable !== undefined) return done(window.__nnlibUsable);
  if (Date.now() - t0 > limit) return done(null);
  setTimeout(wait, 20);
})();
"""


def open_page(driver: Any, url: str, timeout_ms: int = 30000) -> float | None:
    """Load ``url`` and wait until it is usable; returns that time in seconds (None: never)."""
    driver.get(url)
    usable = driver.execute_async_script(_WAIT_USABLE, timeout_ms)
    return None if usable is None else usable / 1000


# Before a move: note when the input event happens and when the widget's image shows the
# expected frame (its data-sha256 and a new src, unless the frame stays the same), decoded.
_ARM = r"""
const [selector, expectSha, eventType] = arguments;
const root = document.querySelector(selector);
const img = root.querySelector('img.nnlib-frame');
const oldSrc = img.src, oldSha = img.dataset.sha256;
const rec = window.__nnlibMove = {t0: null, t1: null, error: null};
document.addEventListener(eventType, () => { if (rec.t0 === null) rec.t0 = performance.now(); },
                          {capture: true, once: true});
let pending = false;
const check = () => {
  if (rec.t1 !== null || pending || rec.t0 === null) return;
  if (img.dataset.sha256 !== expectSha || (img.src === oldSrc && expectSha !== oldSha)) return;
  pending = true;
  img.decode().then(() => { rec.t1 = performance.now(); }, (e) => { rec.error = String(e); })
    .finally(() => { pending = false; observer.disconnect(); });
};
const observer = new MutationObserver(check);
observer.observe(root, {childList: true, subtree: true, attributes: true});
rec.check = check;
"""

_WAIT_MOVE = """
const done = arguments[arguments.length - 1];
const t0 = Date.now();
(function wait() {
  const rec = window.__nnlibMove;
  rec.check();
  if (rec.t1 !== null || rec.error !== null || Date.now() - t0 > 10000) {
    return done({t0: rec.t0, t1: rec.t1, error: rec.error});
  }
  setTimeout(wait, 5);
})();
"""

# What a widget shows now: its visible frame(s) and the state of its controls.
_SHOWN = r"""
const root = document.querySelector(arguments[0]);
if (!root) return null;
const visible = (e) => e.isConnected && e.checkVisibility({visibilityProperty: true})
  && e.getBoundingClientRect().width > 0;
const frames = [...root.querySelectorAll('img.nnlib-frame')].filter(visible).map((i) => ({
  sha256: i.dataset.sha256, alt: i.alt, src: i.src, complete: i.complete, width: i.naturalWidth,
}));
const controls = {};
root.querySelectorAll('[class*="nnlib-control-"]').forEach((c) => {
  const name = [...c.classList].find((k) => k.startsWith('nnlib-control-')).slice('nnlib-control-'.length);
  const slider = c.querySelector('input[type="range"]');
  const readout = c.querySelector('output');
  const select = c.querySelector('select');
  controls[name] = {
    readout: readout ? readout.textContent.trim() : null,
    position: slider ? slider.valueAsNumber : null,
    valuetext: slider ? slider.getAttribute('aria-valuetext') : null,
    disabled: (slider || select).disabled,
    selected: select ? select.selectedIndex : null,
    label: select ? select.options[select.selectedIndex].textContent.trim() : null,
  };
});
return {frames, controls};
"""


_REVEAL = r"""
const root = document.querySelector(arguments[0]);
if (!root) return false;
for (let e = root.parentElement; e; e = e.parentElement) {
  if (e.tagName === 'DETAILS' && !e.open) e.open = true;  // myst-nb's hide-output, hide-cell
  if (e.classList.contains('toggle-hidden')) {  // sphinx-togglebutton (dropdown admonitions)
    const button = e.querySelector('button.toggle-button')
      || (e.id && document.querySelector(`[data-target="#${e.id}"]`));
    if (button) button.click();
  }
}
root.scrollIntoView({block: 'center'});
return root.checkVisibility({visibilityProperty: true});
"""


def reveal(driver: Any, widget: FramesWidget) -> bool:
    """Unfold whatever hides the widget (a folded cell output, a drop-down box); True if visible."""
    return bool(driver.execute_script(_REVEAL, widget.selector))


def shown(driver: Any, widget: FramesWidget) -> dict[str, Any] | None:
    return driver.execute_script(_SHOWN, widget.selector)


def control_element(driver: Any, widget: FramesWidget, name: str, kind: str) -> Any:
    from selenium.webdriver.common.by import By

    inner = 'input[type="range"]' if kind == "slider" else "select"
    return driver.find_element(By.CSS_SELECTOR, f"{widget.selector} .nnlib-control-{name} {inner}")


KEYS = ("ArrowRight", "ArrowLeft", "End", "Home")


def move(driver: Any, widget: FramesWidget, name: str, kind: str, action: str | int, expect_sha: str | None):
    """Press a key on a slider (``action`` in KEYS) or choose option ``action`` of a
    drop-down, as a reader would; wait for the frame ``expect_sha`` to appear as a new image.

    Returns ``{"t0", "t1", "error"}`` (ms since navigation: the input event, the new image
    decoded); with ``expect_sha=None`` nothing is awaited (a move that changes nothing).
    """
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    element = control_element(driver, widget, name, kind)
    if expect_sha is not None:
        driver.execute_script(_ARM, widget.selector, expect_sha, "keydown" if kind == "slider" else "change")
    if kind == "slider":
        key = {
            "ArrowRight": Keys.ARROW_RIGHT,
            "ArrowLeft": Keys.ARROW_LEFT,
            "End": Keys.END,
            "Home": Keys.HOME,
        }
        element.send_keys(key[str(action)])
    else:
        Select(element).select_by_index(int(action))
    if expect_sha is None:
        return {"t0": None, "t1": None, "error": None}
    return driver.execute_async_script(_WAIT_MOVE)


def file_bytes_of(url: str, root: Path) -> Path | None:
    """The file a ``file://`` URL inside the book points to (None for anything else)."""
    parts = urlsplit(url)
    if parts.scheme != "file":
        return None
    path = Path(unquote(parts.path))
    return path if path.is_file() and path.resolve().is_relative_to(root) else None


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --------------------------------------------------------------------------- measurements


def _requested_urls(driver: Any) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg.get("method") == "Network.requestWillBeSent":
            urls.append(msg["params"]["request"]["url"])
    return urls


def _settle(driver: Any, urls: list[str], quiet_s: float = 0.5, limit_s: float = 10.0) -> list[str]:
    """Collect requests until none has come for ``quiet_s`` (fonts, late scripts)."""
    start = last = time.monotonic()
    while time.monotonic() - last < quiet_s and time.monotonic() - start < limit_s:
        time.sleep(0.1)
        new = _requested_urls(driver)
        if new:
            urls += new
            last = time.monotonic()
    return urls


def _gzip_size(path: Path, cache: dict[Path, int] = {}) -> int:  # noqa: B006 - a deliberate cache
    """Bytes a compressing web server would send (PNG files are sent as they are)."""
    if path not in cache:
        data = path.read_bytes()
        cache[path] = len(data) if path.suffix == ".png" else len(gzip.compress(data, 6))
    return cache[path]


def measure_page(driver: Any, root: Path, page: str, opens: int = 3) -> dict[str, Any]:
    """Open a page from file:// ``opens`` times: the time until it is usable (median) and the
    bytes it loaded (the HTML and every file it fetched), with a breakdown."""
    driver.get_log("performance")  # drop what came before
    usable = [open_page(driver, (root / page).as_uri())]
    urls = _settle(driver, _requested_urls(driver))
    for _ in range(opens - 1):
        usable.append(open_page(driver, (root / page).as_uri()))
    driver.get_log("performance")
    files: dict[str, Path] = {}
    outside = []
    for url in urls:
        path = file_bytes_of(url.split("?", 1)[0].split("#", 1)[0], root)
        if path is not None:
            files[path.relative_to(root).as_posix()] = path
        elif urlsplit(url).scheme not in {"data", "blob", "about", "chrome", "chrome-untrusted", "devtools"}:
            outside.append(url)
    size = {k: p.stat().st_size for k, p in files.items()}
    frames = [k for k in files if k.startswith("frames/")]
    return {
        "page": page,
        "usable_seconds": None if None in usable else statistics.median(usable),
        "usable_each": usable,
        "bytes": sum(size.values()),
        "html_bytes": (root / page).stat().st_size,
        "frame_bytes": sum(size[k] for k in frames),
        "shared_bytes": sum(v for k, v in size.items() if k.startswith("_static/")),
        "gzip_bytes": sum(_gzip_size(p) for p in files.values()),
        "files": len(files),
        "frames_loaded": len(frames),
        "largest_files": sorted(size.items(), key=lambda kv: -kv[1])[:5],
        "outside_requests": outside,
    }


def _moves_for(control: dict[str, Any], at: int) -> list[tuple[str | int, int]]:
    """A few moves from position ``at`` that each change the position: (action, new position)."""
    n = len(control["labels"])
    if n < 2:
        return []
    if control["kind"] == "dropdown":
        other = (at + 1) % n
        return [(other, other), (at, at)]
    return (
        [("ArrowRight", at + 1), ("ArrowLeft", at)]
        if at < n - 1
        else [("ArrowLeft", at - 1), ("ArrowRight", at)]
    )


def measure_responses(driver: Any, widget: FramesWidget, limit: int | None = None) -> list[dict[str, Any]]:
    """Move every control of a widget (the page is open) and time each new figure."""
    assert widget.manifest is not None
    controls = widget.manifest["controls"]
    indices = [c["initial"] for c in controls]
    samples: list[dict[str, Any]] = []
    if not reveal(driver, widget):
        return samples
    for ci, control in enumerate(controls):
        for action, target in _moves_for(control, indices[ci]):
            current = widget.manifest["frames"][frame_key(indices)]["sha256"]
            indices[ci] = target
            expect = widget.manifest["frames"][frame_key(indices)]["sha256"]
            rec = move(driver, widget, control["name"], control["kind"], action, expect)
            if expect == current:  # the same picture for both settings: nothing to time
                continue
            ok = rec["t1"] is not None and rec["t0"] is not None and rec["error"] is None
            ms = rec["t1"] - rec["t0"] if ok else None
            samples.append(
                {
                    "page": widget.page,
                    "widget": widget.id,
                    "control": control["name"],
                    "action": action,
                    "ms": ms,
                    "error": rec["error"],
                }
            )
            if limit is not None and len(samples) >= limit:
                return samples
    return samples


def site_size(root: Path) -> dict[str, int]:
    files = [p for p in root.rglob("*") if p.is_file()]
    frames = [p for p in files if p.relative_to(root).parts[0] == "frames" and p.suffix == ".png"]
    return {
        "bytes": sum(p.stat().st_size for p in files),
        "files": len(files),
        "frame_files": len(frames),
        "frame_bytes": sum(p.stat().st_size for p in frames),
    }


def _budget(what: str, value: float | None, limit: float | None, unit: str) -> dict[str, Any]:
    """One budget: the measured value, the limit (None: only reported) and whether it is met."""
    met = None if limit is None or value is None else value <= limit
    return {"what": what, "value": value, "unit": unit, "limit": limit, "met": met}


def run(quick: bool = False, root: Path | None = None) -> dict[str, Any]:
    """Measure the static book's widgets; ``quick``: one page, a few moves (a smoke test)."""
    root = (root or book_dir()).resolve()
    result: dict[str, Any] = {"name": "Widgets in the web edition", "book": str(root)}
    if not (root / "frames" / "manifest").is_dir():
        result.update(skipped=f"no built book with widget frames in {root} (run `make book`)", met=None)
        return result

    widgets, static_controls = [], {}
    for page in book_pages(root):
        found, static = page_widgets(root, page)
        widgets += found
        if static:
            static_controls[page] = static
    missing = [w.id for w in widgets if w.manifest is None]
    known = [w for w in widgets if w.manifest is not None]
    rows = [
        {
            "page": w.page,
            "widget": w.id,
            "alt": w.manifest["alt"],
            "grid": " × ".join(str(len(c["labels"])) for c in w.manifest["controls"]),
            "frames": w.manifest["n_frames"],
            "ms_per_frame": w.manifest["ms_per_frame"],
        }
        for w in known
    ]
    total_frames = sum(r["frames"] for r in rows)
    worst_frames = max((r["frames"] for r in rows), default=0)
    worst_ms = max((r["ms_per_frame"] for r in rows), default=0.0)

    pages: list[dict[str, Any]] = []
    responses: list[dict[str, Any]] = []
    browser_error = None
    chapters = chapter_pages(root)
    if quick:
        with_widgets = [p for p in chapters if any(w.page == p for w in known)]
        chapters = with_widgets[:1] or chapters[:1]
    profile = tempfile.mkdtemp(prefix="nnlib-bench-chromium-")
    try:
        driver = start_chromium(profile)
    except Exception as exc:  # noqa: BLE001 - no browser: report the static numbers only
        driver, browser_error = None, f"{type(exc).__name__}: {exc}"
    try:
        for page in chapters if driver is not None else []:
            pages.append(measure_page(driver, root, page, opens=1 if quick else 3))
            for w in (w for w in known if w.page == page):
                responses += measure_responses(driver, w, limit=2 if quick else None)
                if quick:
                    break
    finally:
        if driver is not None:
            driver.quit()
        shutil.rmtree(profile, ignore_errors=True)

    times = [r["ms"] for r in responses if r["ms"] is not None]
    median_ms = statistics.median(times) if times else None
    usable = [p["usable_seconds"] for p in pages]
    worst_usable = None if not usable or None in usable else max(usable)
    worst_bytes = max((p["bytes"] for p in pages), default=None)
    worst_own = max((p["html_bytes"] + p["frame_bytes"] for p in pages), default=None)
    site = site_size(root)
    n_static = sum(map(len, static_controls.values()))
    result.update(
        widgets=rows,
        missing_manifests=missing,
        static_controls=static_controls,
        pages=pages,
        responses=responses,
        failed_moves=len(responses) - len(times),
        site=site,
        browser_error=browser_error,
        budgets=[
            _budget("frames per widget (largest)", worst_frames, MAX_FRAMES_PER_WIDGET, ""),
            _budget("frames in the book", total_frames, MAX_FRAMES_IN_BOOK, ""),
            _budget("build time per frame (slowest widget)", worst_ms, MAX_MS_PER_FRAME, "ms"),
            _budget("chapter page as opened (largest)", worst_bytes, MAX_PAGE_BYTES, "bytes"),
            _budget("… of which its own HTML and first frames (largest)", worst_own, None, "bytes"),
            _budget("whole site", site["bytes"], None, "bytes"),
            _budget("page usable after opening (slowest chapter)", worst_usable, MAX_USABLE_SECONDS, "s"),
            _budget("key press to new figure (median)", median_ms, MAX_MEDIAN_RESPONSE_MS, "ms"),
            _budget("controls that cannot respond", n_static, 0, ""),
        ],
    )
    result["met"] = all(b["met"] is not False for b in result["budgets"]) and not missing
    return result
