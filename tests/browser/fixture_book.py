"""Build a tiny Jupyter Book with frame widgets, to develop and check the browser tests fast.

    .venv/bin/python tests/browser/fixture_book.py /tmp/fixture-book
    BOOK_HTML_DIR=/tmp/fixture-book/_build/html .venv/bin/python -m pytest tests/browser

The fixture uses this repository's ``_config.yml``, Sphinx extension, templates and vendored
assets (so its pages load what the real book's load) and has one chapter notebook with
three widgets made by :func:`nnlib.interactive.frames.interact`: two sliders and a drop-down;
one slider whose two last positions draw the same picture (so the tests meet a frame shared
by two settings); and one in a cell whose output is folded away (``hide-output``). The real
book (``make book``) is what ``make browser`` checks.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

TOC = """\
format: jb-book
root: book/intro
parts:
  - caption: Chapters
    numbered: true
    chapters:
      - file: chapters/01_fixture
"""

INTRO = """\
# Fixture book

A two-page book for the browser tests of the widget frames. See
[the chapter](../chapters/01_fixture.ipynb).
"""

SETUP = """\
import numpy as np
from nnlib.interactive.frames import Choice, Slider, View, interact, new_figure, reuse

X = np.linspace(0, 2 * np.pi, 200)


def build():
    fig = new_figure(4, 2.5)
    ax = fig.add_subplot()
    (line,) = ax.plot(X, np.sin(X))
    ax.set_ylim(-3.2, 3.2)
    title = ax.set_title("")
    return fig, line, title


def wave_view(amplitude, frequency, shape):
    fig, line, title = reuse("fixture-wave", build)
    y = amplitude * shape(frequency * X)
    line.set_ydata(y)
    line.set_color({np.sin: "C0", np.cos: "C1"}.get(shape, "C2"))
    title.set_text(f"peak {y.max():.2f}")
    return View(fig, f"peak {y.max():.2f}")


def clipped_view(level):
    fig, line, title = reuse("fixture-clipped", build)
    y = np.clip(np.sin(X), -min(level, 1.0), min(level, 1.0))
    line.set_ydata(y)
    title.set_text(f"clipped at {min(level, 1.0):g}")
    return View(fig, f"clipped at {min(level, 1.0):g}")
"""

WIDGET_1 = """\
interact(
    wave_view,
    alt="A wave",
    amplitude=Slider("amplitude", values=[0.5, 1.0, 2.0, 3.0], value=1.0, live=(0, 3, 0.1), fmt="{:.1f}"),
    frequency=Slider("frequency", values=[1, 2, 3], value=2),
    shape=Choice("shape", options={"sine": np.sin, "cosine": np.cos, "tanh": np.tanh}, value=np.cos),
)
"""

WIDGET_2 = """\
interact(clipped_view, alt="A clipped sine", level=Slider("$c$", values=[0.25, 0.5, 1.0, 2.0], value=0.5))
"""

WIDGET_3 = """\
interact(wave_view, alt="A hidden wave", amplitude=Slider("a", values=[1, 2], value=2),
         frequency=Slider("k", values=[1, 3]), shape=Choice("f", options={"sine": np.sin, "tanh": np.tanh}))
"""


def notebook() -> dict:
    def code(i: int, source: str, tags: tuple[str, ...] = ()) -> dict:
        return {
            "cell_type": "code",
            "execution_count": None,
            "id": f"fixture{i}",
            "metadata": {"tags": list(tags)} if tags else {},
            "outputs": [],
            "source": source,
        }

    def markdown(i: int, source: str) -> dict:
        return {"cell_type": "markdown", "id": f"fixture{i}", "metadata": {}, "source": source}

    cells = [
        markdown(0, "# 1. Fixture chapter\n\nTwo widgets drawn as frames."),
        code(1, SETUP),
        code(2, WIDGET_1),
        markdown(3, "A second widget, with math in its label (it clips $\\sin x$ at $\\pm c$):"),
        code(4, WIDGET_2),
        markdown(5, "A widget whose output is folded away until the reader opens it:"),
        code(6, WIDGET_3, ("hide-output",)),
    ]
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def build(dest: Path) -> Path:
    """Write the fixture book's sources to ``dest`` and build it; returns the HTML folder."""
    if dest.exists():
        shutil.rmtree(dest)
    (dest / "book").mkdir(parents=True)
    (dest / "chapters").mkdir()
    (dest / "tools").mkdir()
    shutil.copy(ROOT / "_config.yml", dest / "_config.yml")
    shutil.copy(ROOT / "tools" / "book_sphinx_ext.py", dest / "tools" / "book_sphinx_ext.py")
    shutil.copytree(ROOT / "book_assets", dest / "book_assets")
    shutil.copy(ROOT / "book" / "references.bib", dest / "book" / "references.bib")
    (dest / "_toc.yml").write_text(TOC)
    (dest / "book" / "intro.md").write_text(INTRO)
    (dest / "chapters" / "01_fixture.ipynb").write_text(json.dumps(notebook(), indent=1))
    env = {**os.environ, "NNLIB_WIDGETS": "frames", "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
    jb = Path(sys.executable).with_name("jupyter-book")
    subprocess.run(
        [str(jb), "build", ".", "--builder", "html", "-W", "--keep-going"], cwd=dest, env=env, check=True
    )
    return dest / "_build" / "html"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path, help="folder for the fixture book (replaced)")
    html = build(parser.parse_args(argv).dest.resolve())
    print(f"built {html}\n    BOOK_HTML_DIR={html} .venv/bin/python -m pytest tests/browser")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
