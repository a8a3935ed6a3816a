#!/usr/bin/env python3
"""Strip Jupyter notebooks to the form this repository commits.

Usage::

    python tools/strip_notebooks.py chapters/*.ipynb          # rewrite in place
    python tools/strip_notebooks.py --check chapters/*.ipynb  # exit 1 if any would change
    python tools/strip_notebooks.py --has-code chapters/*.ipynb  # exit 0 if any has a code cell

What it does to every notebook:

* removes all outputs and sets every ``execution_count`` to ``null``;
* keeps only ``kernelspec`` (normalised to the book's Python 3 kernel) and
  ``language_info`` (reduced to ``{"name": "python"}``) in the notebook metadata;
* removes volatile cell metadata (``execution`` timings, ``ExecuteTime``,
  ``collapsed``, ``scrolled``, ``jupyter``, ``pycharm``, ``vscode`` ...) but keeps
  what the book uses: ``tags``, ``mystnb`` (alt text / captions) and anything else;
* gives every cell an ``id`` (nbformat 4.5) if it lacks one and writes the file
  in nbformat's canonical JSON layout (1-space indent, sorted keys, trailing newline).

It only needs the standard library; if ``nbformat`` is importable the result is
also validated against the notebook schema.
"""

from __future__ import annotations

import argparse
import json
import sys
import uuid
from pathlib import Path

KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}
LANGUAGE_INFO = {"name": "python"}
VOLATILE_CELL_KEYS = {
    "execution",
    "ExecuteTime",
    "collapsed",
    "scrolled",
    "jupyter",
    "pycharm",
    "vscode",
    "papermill",
    "heading_collapsed",
    "hidden",
    "editable",
    "deletable",
    "trusted",
}


def strip_notebook(nb: dict) -> dict:
    """Return a stripped copy of the notebook dictionary ``nb``."""
    out = dict(nb)
    out["metadata"] = {"kernelspec": dict(KERNELSPEC), "language_info": dict(LANGUAGE_INFO)}
    out["nbformat"] = 4
    out["nbformat_minor"] = max(int(nb.get("nbformat_minor", 5)), 5)
    seen_ids: set[str] = set()
    cells = []
    for cell in nb.get("cells", []):
        cell = dict(cell)
        meta = {k: v for k, v in cell.get("metadata", {}).items() if k not in VOLATILE_CELL_KEYS}
        if meta.get("tags") == []:
            del meta["tags"]
        cell["metadata"] = meta
        if isinstance(cell.get("source"), list):
            cell["source"] = "".join(cell["source"])
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        else:
            cell.pop("outputs", None)
            cell.pop("execution_count", None)
            if cell.get("cell_type") == "markdown" and not cell.get("attachments"):
                cell.pop("attachments", None)
        cid = cell.get("id")
        if not cid or cid in seen_ids:
            cid = uuid.uuid4().hex[:8]
        seen_ids.add(cid)
        cell["id"] = cid
        cells.append(cell)
    out["cells"] = cells
    return out


def dumps(nb: dict) -> str:
    """Serialise like ``nbformat.writes`` (multi-line sources split into lists)."""
    nb = json.loads(json.dumps(nb))
    for cell in nb["cells"]:
        src = cell.get("source", "")
        if isinstance(src, str):
            cell["source"] = src.splitlines(keepends=True)
    return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False, separators=(",", ": ")) + "\n"


def validate(nb: dict, path: Path) -> None:
    try:
        import nbformat
    except ImportError:  # pragma: no cover - validation is optional
        return
    nbformat.validate(nbformat.from_dict(nb))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument(
        "--check", action="store_true", help="do not write; exit 1 if a notebook is not stripped"
    )
    parser.add_argument(
        "--has-code",
        action="store_true",
        help="do not write; exit 0 if any notebook has a code cell, else 1 (used by make nbval)",
    )
    args = parser.parse_args(argv)
    if args.has_code:
        for path in args.notebooks:
            cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
            if any(c.get("cell_type") == "code" for c in cells):
                return 0
        return 1
    dirty = []
    for path in args.notebooks:
        text = path.read_text(encoding="utf-8")
        try:
            nb = json.loads(text)
        except json.JSONDecodeError as exc:
            print(f"{path}: not valid JSON: {exc}", file=sys.stderr)
            return 2
        new_text = dumps(strip_notebook(nb))
        validate(json.loads(new_text), path)
        if new_text != text:
            dirty.append(path)
            if not args.check:
                path.write_text(new_text, encoding="utf-8")
                print(f"stripped {path}")
    if args.check and dirty:
        for path in dirty:
            print(f"{path}: not stripped (run: python tools/strip_notebooks.py {path})")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
