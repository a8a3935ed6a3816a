"""Benchmark 4: each chapter notebook run top to bottom in a fresh kernel, and the book build."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "chapters").glob("[0-9][0-9]_*.ipynb"))


def run_notebook(path: Path, timeout: int = 600) -> float:
    """Seconds to execute ``path`` with a fresh kernel (its directory as working dir)."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def time_book_builds() -> dict[str, float]:
    """Cold build (no cache, empty output folder) then warm rebuild (nothing changed),
    in a copy of the repository so the reader's own _build is left alone."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "book"
        shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".venv", "_build", ".git", "__pycache__"))
        (copy / ".venv").symlink_to(ROOT / ".venv")
        times = {}
        for label in ("cold", "warm"):
            start = time.perf_counter()
            subprocess.run(["make", "-s", "book"], cwd=copy, check=True, stdout=subprocess.DEVNULL)
            times[label] = time.perf_counter() - start
        return times


def _tiny_notebook(folder: Path) -> Path:
    """A one-cell notebook: exercises the machinery in a smoke test in a second."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import nnlib\nprint(nnlib.__version__)")])
    path = folder / "tiny.ipynb"
    nbformat.write(nb, path)
    return path


def run(quick: bool = False, build: bool = True) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        chapters = [_tiny_notebook(Path(tmp))] if quick else CHAPTERS
        rows = [{"notebook": p.name, "seconds": run_notebook(p)} for p in chapters]
    result: dict[str, Any] = {
        "name": "Chapter notebooks, fresh kernel",
        "rows": rows,
        "total_seconds": sum(r["seconds"] for r in rows),
        "python": sys.version.split()[0],
    }
    if build and not quick:
        result["book_build_seconds"] = time_book_builds()
    return result
