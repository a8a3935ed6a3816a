"""Small Sphinx extension for this book (loaded through ``sphinx.local_extensions``).

1. Chapter titles (see below).
2. ``_static/book/typeset-math.js`` (from ``book_assets/html/book/``) is added to every page
   after MathJax: it typesets the formulas in small batches, so that a page with hundreds of
   formulas answers input while they are typeset (``startup.typeset: false`` in _config.yml).
3. Inline scripts that another extension registered twice are dropped from each page:
   sphinx-thebe and sphinx-togglebutton add their configuration scripts on
   ``env-before-read-docs``, which can fire more than once in a Jupyter Book build, and a
   repeated ``const THEBE_JS_URL = ...`` is a SyntaxError in the browser console.
4. The web edition's widgets are precomputed frames: the kernels that execute the chapters
   inherit ``NNLIB_WIDGETS=frames`` (see :mod:`nnlib.interactive.frames`), write their PNG
   frames and manifests to ``<build>/frames/`` (next to the HTML folder, so they survive
   with the execution cache), and the frames are copied to ``<html>/frames/`` at the end.

Chapter titles:

Chapter notebooks start with ``# N. Title`` so that they read well in Jupyter and on
Binder. In the HTML book the chapter part of ``_toc.yml`` is ``numbered: true``, and
Sphinx prefixes the number itself; without this transform the reader would see
"1. 1. The perceptron". For documents under ``chapters/`` we therefore drop a leading
``N. `` from the first heading at build time. The notebooks are not modified.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from docutils import nodes
from sphinx.transforms import SphinxTransform

_LEADING_NUMBER = re.compile(r"^\s*\d+\.\s+")


class StripChapterNumber(SphinxTransform):
    """Remove "N. " from the title of a chapter document."""

    default_priority = 200

    def apply(self, **kwargs) -> None:
        if not self.env.docname.startswith("chapters/"):
            return
        for section in self.document.findall(nodes.section):
            title = section.next_node(nodes.title)
            if title is None:
                return
            text = title.next_node(nodes.Text)
            if text is not None and _LEADING_NUMBER.match(text.astext()):
                text.parent.replace(text, nodes.Text(_LEADING_NUMBER.sub("", text.astext(), 1)))
            return  # only the first (chapter) heading


def dedupe_scripts(app, pagename, templatename, context, doctree) -> None:
    """Remove exact duplicates (same file or same inline body) from the page's scripts."""
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, unique = set(), []
    for js in scripts:
        # an inline script is registered once with filename None and once with "" (sphinx
        # normalises them differently), so compare on the normalised name and attributes
        attrs = getattr(js, "attributes", {}) or {}
        key = (getattr(js, "filename", None) or "", tuple(sorted((k, str(v)) for k, v in attrs.items())))
        if key in seen:
            continue
        seen.add(key)
        unique.append(js)
    scripts[:] = unique


def _frames_dir(app) -> Path:
    return Path(app.outdir).parent / "frames"


def copy_frames(app, exception) -> None:
    """Copy the widget frames written by the kernels into the HTML site."""
    src = _frames_dir(app)
    if exception is None and app.builder.format == "html" and src.is_dir():
        shutil.copytree(src, Path(app.outdir) / "frames", dirs_exist_ok=True)


def setup(app):
    # Set before any notebook is executed; the kernels inherit the environment.
    # An explicit NNLIB_WIDGETS=live (e.g. to debug a widget) is respected.
    os.environ.setdefault("NNLIB_WIDGETS", "frames")
    os.environ["NNLIB_FRAMES_DIR"] = str(_frames_dir(app))
    os.environ["NNLIB_FRAMES_URL"] = "../frames/"  # every chapter page lives in chapters/
    app.connect("build-finished", copy_frames)
    app.add_transform(StripChapterNumber)
    app.add_js_file("book/typeset-math.js", priority=600, defer="defer")
    app.connect("html-page-context", dedupe_scripts, priority=10)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
