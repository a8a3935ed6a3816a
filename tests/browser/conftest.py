"""Fixtures for the browser tests: a local HTTP server for the built book and a
headless Chromium driven by Selenium (Debian's ``chromium`` + ``chromium-driver``).

The book directory is ``_build/html`` (override with ``BOOK_HTML_DIR``); build it with
``make book``. Without Chromium/chromedriver or without a built book these tests are
skipped locally and fail in CI (``CI=true``).
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import tempfile
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BOOK_DIR = Path(os.environ.get("BOOK_HTML_DIR", ROOT / "_build" / "html")).resolve()
SCREENSHOT_DIR = Path(os.environ.get("BOOK_SCREENSHOT_DIR", BOOK_DIR.parent / "screenshots"))
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

INSTALL_HINT = (
    "Chromium and chromedriver are needed for the browser tests. Install them with\n"
    "    sudo apt-get install chromium chromium-driver      (Debian/Ubuntu)\n"
    "or set CHROME_BIN and CHROMEDRIVER to their paths."
)


def skip_or_fail(message: str):
    """Skip locally, fail in CI (where everything must be present)."""
    if IN_CI:
        pytest.fail(message + "\n(CI=true: a missing prerequisite is a failure)", pytrace=False)
    pytest.skip(message)


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: needs the built book and headless Chromium")


def find_browser() -> tuple[str | None, str | None]:
    from benchmarks.frames import find_chromium

    return find_chromium()


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the book quietly and records every request and every 404."""

    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        pass

    def send_error(self, code, message=None, explain=None):
        self.server.errors.append((code, self.path))
        super().send_error(code, message, explain)

    def do_GET(self):
        self.server.requests.append(self.path)
        super().do_GET()


@pytest.fixture(scope="session")
def book_dir() -> Path:
    if not (BOOK_DIR / "book" / "intro.html").exists():
        skip_or_fail(f"no built book in {BOOK_DIR}; run `make book` first")
    return BOOK_DIR


@pytest.fixture(scope="session")
def server(book_dir):
    handler = functools.partial(_Handler, directory=str(book_dir))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.errors = []
    httpd.requests = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    httpd.base_url = f"http://127.0.0.1:{httpd.server_address[1]}/"
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def driver():
    chrome, chromedriver = find_browser()
    if not chrome or not chromedriver:
        skip_or_fail(INSTALL_HINT)
    from benchmarks.frames import start_chromium

    # headless, no sandbox, no GPU, the DevTools network log on (every request URL and status)
    # and a probe that records when each page's widgets are drawn (benchmarks/frames.py)
    profile = tempfile.mkdtemp(prefix="book-chromium-")
    drv = start_chromium(profile)
    drv.get("about:blank")
    try:
        yield drv
    finally:
        drv.quit()
        shutil.rmtree(profile, ignore_errors=True)
