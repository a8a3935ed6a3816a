"""Every page of the built HTML book, checked in a real (headless) Chromium.

For each page: no request leaves 127.0.0.1, nothing 404s, no console errors, math is
typeset by the vendored MathJax, every widget (nnlib's frames widgets: plain HTML controls
and a small player script) shows its initial figure with its controls enabled, and no
ipywidgets view is stored (it would need a kernel or a widget manager the book does not ship;
tests/browser/test_widgets_respond.py moves every control), no error output or traceback is
shown, every internal link and anchor resolves, and a full-page screenshot is written to
``_build/screenshots/``.

Run: ``make browser`` (after ``make book``) or ``.venv/bin/pytest tests/browser``.
"""

from __future__ import annotations

import base64
import json
import os
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

# same defaults as tests/browser/conftest.py (not imported: "conftest" is an ambiguous name)
ROOT = Path(__file__).resolve().parents[2]
BOOK_DIR = Path(os.environ.get("BOOK_HTML_DIR", ROOT / "_build" / "html")).resolve()
SCREENSHOT_DIR = Path(os.environ.get("BOOK_SCREENSHOT_DIR", BOOK_DIR.parent / "screenshots"))

pytestmark = pytest.mark.browser

SKIP_DIRS = {"_static", "_sources", "_images", "_downloads"}
# Console messages proven harmless. Keep this list short and say why for each entry.
CONSOLE_ALLOW = [
    # (none so far)
]
ERROR_TEXTS = (
    "Traceback (most recent call last)",
    "Executing notebook failed",
    "Error rendering widget",
    "Could not render",
)


def book_pages() -> list[str]:
    if not BOOK_DIR.is_dir():
        return ["book/intro.html"]  # the book_dir fixture skips (or fails in CI)
    return sorted(
        p.relative_to(BOOK_DIR).as_posix()
        for p in BOOK_DIR.rglob("*.html")
        if not (set(p.relative_to(BOOK_DIR).parts) & SKIP_DIRS)
    )


# --------------------------------------------------------------------------- visiting

_VISITS: dict[str, dict] = {}

_WAIT_JS = """
const done = arguments[arguments.length - 1];
(async () => {
  const t0 = Date.now();
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  while (document.readyState !== 'complete' && Date.now() - t0 < 30000) await sleep(50);
  // the book's typeset-math.js typesets the formulas in batches after MathJax starts
  while (!window.bookMath && document.querySelector('.math') && Date.now() - t0 < 30000) await sleep(50);
  if (window.bookMath) {
    try { await window.bookMath; } catch (e) {}
  }
  // widgets: every frames widget's first frame loaded
  while (Date.now() - t0 < 30000) {
    const imgs = [...document.querySelectorAll('.nnlib-frames img.nnlib-frame')];
    if (imgs.every((i) => i.complete)) break;
    await sleep(100);
  }
  await sleep(300);
  done(true);
})();
"""

_INSPECT_JS = """
const out = {};
const mathNodes = document.querySelectorAll('.math, span.math, div.math');
out.math_nodes = mathNodes.length;
out.mathjax_nodes = document.querySelectorAll('mjx-container').length;
out.mathjax_errors = [...document.querySelectorAll('mjx-merror, [data-mjx-error]')]
  .map((e) => e.getAttribute('data-mjx-error') || e.textContent).slice(0, 5);
out.has_mathjax = !!(window.MathJax && window.MathJax.version);
// text outside code, scripts and cells that are expected to raise
const clone = document.body.cloneNode(true);
clone.querySelectorAll('pre, code, script, style, textarea, mjx-container, .tag_raises-exception')
  .forEach((e) => e.remove());
out.prose = clone.textContent;
out.traceback_blocks = [...document.querySelectorAll('.output.traceback, .output.error')]
  .filter((e) => !e.closest('.tag_raises-exception')).length;
// widgets: ipywidgets views (there should be none) and nnlib's frames widgets
out.widget_views = document.querySelectorAll(
  'script[type="application/vnd.jupyter.widget-view+json"]').length;
out.frames_widgets = [...document.querySelectorAll('.nnlib-frames')].map((w) => {
  const imgs = [...w.querySelectorAll('img')];
  return {
    id: w.dataset.nnlibFrames,
    images: imgs.length,
    // a widget in a folded cell output is not visible yet: its image must still load
    loaded: imgs.filter((i) => i.complete && i.naturalWidth > 0
      && (i.checkVisibility() || !w.checkVisibility())).length,
    controls: w.querySelectorAll('input, select').length,
    disabled: w.querySelectorAll('input:disabled, select:disabled').length,
  };
});
// icons: drawn by the theme's style sheet from its web font (book_assets/templates/ leaves out
// the theme's icon script, which would replace each <i> by an <svg>)
out.icons = [...document.querySelectorAll('i.fa-solid, i.fa-brands, i.fa-regular')].map((i) => {
  const st = getComputedStyle(i, '::before');
  return {cls: i.className, content: st.content, font: st.fontFamily, tag: i.tagName};
});
// links
out.links = [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href'));
return out;
"""


def _drain(driver, kind: str) -> list:
    try:
        return driver.get_log(kind)
    except Exception:  # noqa: BLE001 - a driver without that log type
        return []


def _network_events(entries: list) -> tuple[list[str], list[tuple[int, str]], list[str]]:
    requests, bad_status, failed = [], [], []
    ids = {}
    for entry in entries:
        msg = json.loads(entry["message"])["message"]
        method, params = msg.get("method"), msg.get("params", {})
        if method == "Network.requestWillBeSent":
            if urlsplit(params.get("documentURL", "")).scheme in {"chrome", "devtools"}:
                continue  # Chromium's own start page (before the first navigation), not ours
            url = params["request"]["url"]
            ids[params["requestId"]] = url
            requests.append(url)
        elif method == "Network.responseReceived":
            if params["requestId"] not in ids:
                continue
            status = params["response"]["status"]
            if status >= 400:
                bad_status.append((status, params["response"]["url"]))
        elif method == "Network.loadingFailed" and not params.get("canceled") and params["requestId"] in ids:
            failed.append(f"{ids.get(params['requestId'], '?')}: {params.get('errorText')}")
    return requests, bad_status, failed


def _screenshot(driver, page: str) -> Path:
    metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
    size = metrics.get("cssContentSize") or metrics["contentSize"]
    width = max(int(size["width"]), 1280)
    height = min(int(size["height"]), 30000)
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot",
        {
            "format": "png",
            "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1},
        },
    )
    path = SCREENSHOT_DIR / (page.replace("/", "__").removesuffix(".html") + ".png")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(base64.b64decode(shot["data"]))
    return path


@pytest.fixture
def visit(driver, server):
    """Load a page once (cached for the session) and collect everything the tests need."""

    def _visit(page: str) -> dict:
        if page in _VISITS:
            return _VISITS[page]
        _drain(driver, "performance")
        _drain(driver, "browser")
        server.errors.clear()
        url = server.base_url + page
        t0 = time.monotonic()
        driver.get(url)
        driver.execute_async_script(_WAIT_JS)
        info = driver.execute_script(_INSPECT_JS)
        info["url"] = url
        info["final_url"] = driver.current_url
        info["load_s"] = time.monotonic() - t0
        info["screenshot"] = _screenshot(driver, page)
        time.sleep(0.2)
        perf = _drain(driver, "performance")
        info["requests"], info["bad_status"], info["failed"] = _network_events(perf)
        info["console"] = [e for e in _drain(driver, "browser") if e.get("level") in {"SEVERE", "ERROR"}]
        info["server_errors"] = list(server.errors)
        _VISITS[page] = info
        return info

    return _visit


PAGES = book_pages()


# ------------------------------------------------------------------------------ tests


@pytest.mark.parametrize("page", PAGES)
def test_no_request_leaves_localhost(visit, server, page):
    info = visit(page)
    base = urlsplit(server.base_url)
    outside = [
        u
        for u in info["requests"]
        if urlsplit(u).scheme not in {"data", "blob", "about"} and urlsplit(u).netloc != base.netloc
    ]
    assert not outside, f"{page} requested resources outside the book: {outside}"
    assert info["requests"], "no requests were recorded (performance log not working?)"


@pytest.mark.parametrize("page", PAGES)
def test_no_404(visit, page):
    info = visit(page)
    assert not info["server_errors"], f"{page}: the server answered errors {info['server_errors']}"
    assert not info["bad_status"], f"{page}: HTTP errors {info['bad_status']}"
    assert not info["failed"], f"{page}: failed requests {info['failed']}"


@pytest.mark.parametrize("page", PAGES)
def test_no_console_errors(visit, page):
    info = visit(page)
    errors = [
        e["message"] for e in info["console"] if not any(allowed in e["message"] for allowed in CONSOLE_ALLOW)
    ]
    assert not errors, f"{page}: console errors:\n" + "\n".join(errors)


@pytest.mark.parametrize("page", PAGES)
def test_math_is_typeset(visit, page):
    info = visit(page)
    if info["math_nodes"]:
        assert info["has_mathjax"], f"{page} has math but MathJax did not load"
        assert info["mathjax_nodes"] >= 1, f"{page}: no MathJax output for {info['math_nodes']} formulas"
    assert not info["mathjax_errors"], f"{page}: MathJax errors {info['mathjax_errors']}"
    prose = info["prose"]
    for raw in ("\\(", "\\)", "\\[", "\\]", "$$"):
        idx = prose.find(raw)
        assert idx < 0, f"{page}: untypeset math {raw!r} near: {prose[max(0, idx - 60) : idx + 60]!r}"


_MATH_DONE_JS = r"""
const done = arguments[arguments.length - 1];
(async () => {
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const t0 = Date.now();
  while (!window.bookMath && Date.now() - t0 < 30000) await sleep(20);
  const n = await window.bookMath;
  const math = [...document.querySelectorAll('.math')];
  const bare = math.filter((e) => !e.querySelector('mjx-container mjx-math'));
  // what a screen reader reads: the assistive MathML MathJax writes beside each formula
  const silent = math.filter((e) => !((e.querySelector('mjx-assistive-mml') || {}).textContent || '').trim());
  done({processed: n, formulas: math.length, bare: bare.length, silent: silent.length,
        example: bare.length ? bare[0].textContent.slice(0, 80) : null,
        usable: window.__nnlibUsable, done: performance.now()});
})();
"""


def test_every_formula_is_typeset_with_text_for_screen_readers(driver, server):
    """The book typesets formulas in batches after the page opens (book_assets/html/book/
    typeset-math.js); once it is done every formula of the chapter with the most formulas
    is typeset, with the MathML that screen readers read."""
    chapters = [p for p in PAGES if p.startswith("chapters/")]
    if not chapters:
        pytest.skip("no chapter pages")
    page = max(chapters, key=lambda p: (BOOK_DIR / p).read_text(errors="replace").count('class="math'))
    driver.get(server.base_url + page)
    got = driver.execute_async_script(_MATH_DONE_JS)
    assert got["formulas"] > 0 and got["processed"] >= got["formulas"], got
    assert got["bare"] == 0, f"{page}: {got['bare']} formulas not typeset, e.g. {got['example']!r}"
    assert got["silent"] == 0, f"{page}: {got['silent']} formulas have no MathML for screen readers"


@pytest.mark.parametrize("page", PAGES)
def test_widgets_render_with_initial_figure(visit, page):
    info = visit(page)
    assert not info["widget_views"], (
        f"{page} stores {info['widget_views']} ipywidgets view(s), which cannot render without a kernel: "
        "build widgets with nnlib.interactive.frames.interact"
    )
    for w in info["frames_widgets"]:
        where = f"{page}, widget {w['id']}"
        assert w["images"] == 1 and w["loaded"] == 1, f"{where}: its first frame is not shown: {w}"
        assert w["controls"] >= 1 and not w["disabled"], f"{where}: controls missing or disabled: {w}"


@pytest.mark.parametrize("page", PAGES)
def test_icons_come_from_the_theme_font_not_its_script(visit, page):
    info = visit(page)
    scripts = [u for u in info["requests"] if "fontawesome" in u and u.split("?")[0].endswith(".js")]
    assert not scripts, f"{page} loads the theme's 1.5 MB icon script again: {scripts}"
    assert info["icons"], f"{page}: no theme icons found (did the theme change its markup?)"
    blank = [
        i for i in info["icons"] if i["content"] in ("none", "normal", "") or "Font Awesome" not in i["font"]
    ]
    assert not blank, f"{page}: icons without a glyph from the Font Awesome font: {blank[:3]}"


@pytest.mark.parametrize("page", PAGES)
def test_no_error_output(visit, page):
    info = visit(page)
    assert not info["traceback_blocks"], f"{page}: {info['traceback_blocks']} error output block(s)"
    for text in ERROR_TEXTS:
        assert text not in info["prose"], f"{page} shows {text!r}"


class _Anchors(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for key, value in attrs:
            if key == "id" or (tag == "a" and key == "name"):
                self.ids.add(value)


_ANCHORS: dict[Path, set[str]] = {}


def _anchors(path: Path) -> set[str]:
    if path not in _ANCHORS:
        parser = _Anchors()
        parser.feed(path.read_text(encoding="utf-8", errors="replace"))
        _ANCHORS[path] = parser.ids
    return _ANCHORS[path]


@pytest.mark.parametrize("page", PAGES)
def test_internal_links_resolve(visit, book_dir, server, page):
    info = visit(page)
    page_url = info["final_url"]  # index.html redirects to book/intro.html
    broken = []
    for href in info["links"]:
        target = urlsplit(urljoin(page_url, href))
        if target.scheme not in {"http", "https"} or target.netloc != urlsplit(page_url).netloc:
            continue  # external links (launch buttons, references) are not loaded by the page
        path = book_dir / unquote(target.path).lstrip("/")
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            broken.append(f"{href} (no file {path.relative_to(book_dir)})")
            continue
        frag = unquote(target.fragment)
        if frag and path.suffix == ".html" and frag not in _anchors(path):
            broken.append(f"{href} (no anchor #{frag})")
    assert not broken, f"{page}: broken internal links:\n" + "\n".join(broken)


@pytest.mark.parametrize("page", PAGES)
def test_screenshot_saved(visit, page):
    info = visit(page)
    shot = info["screenshot"]
    assert shot.is_file() and shot.stat().st_size > 5000, f"{page}: screenshot missing: {shot}"
