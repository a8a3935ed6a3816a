"""Chapter notebooks are committed clean: no outputs, null execution counts, only
``kernelspec``/``language_info`` notebook metadata, valid nbformat. Fix a failure with
``python tools/strip_notebooks.py chapters/*.ipynb``.

Also checks the book plumbing that is easy to break without noticing: every chapter is
in ``_toc.yml``, the vendored JavaScript matches its manifest, and there is no top-level
``_static/`` folder (Jupyter Book 1 would inject every vendored script into every page).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
FIX = "run: python tools/strip_notebooks.py chapters/*.ipynb"
KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}


def test_there_are_chapters():
    assert len(CHAPTERS) >= 7, [p.name for p in CHAPTERS]


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_notebook_is_valid_nbformat(path):
    nb = nbformat.read(path, as_version=nbformat.NO_CONVERT)
    assert nb.nbformat == 4
    nbformat.validate(nb)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_notebook_has_no_outputs(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        assert cell.get("outputs") == [], f"{path.name} cell {i} has stored outputs; {FIX}"
        assert cell.get("execution_count") is None, f"{path.name} cell {i} has an execution count; {FIX}"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_notebook_metadata_is_minimal(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    meta = nb["metadata"]
    assert set(meta) <= {"kernelspec", "language_info"}, (
        f"{path.name}: extra notebook metadata {sorted(set(meta) - {'kernelspec', 'language_info'})}; {FIX}"
    )
    assert meta.get("kernelspec") == KERNELSPEC, f"{path.name}: kernelspec {meta.get('kernelspec')}"
    volatile = {"execution", "ExecuteTime", "collapsed", "scrolled"}
    for i, cell in enumerate(nb["cells"]):
        extra = volatile & set(cell.get("metadata", {}))
        assert not extra, f"{path.name} cell {i}: volatile cell metadata {sorted(extra)}; {FIX}"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_strip_script_leaves_notebook_unchanged(path):
    """The committed file is exactly what tools/strip_notebooks.py writes."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "strip_notebooks.py"), "--check", str(path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_chapter_is_in_the_toc():
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    for path in CHAPTERS:
        assert f"file: chapters/{path.stem}" in toc, f"{path.name} is missing from _toc.yml"


def test_no_top_level_static_folder():
    assert not (ROOT / "_static").exists(), (
        "a top-level _static/ makes Jupyter Book 1 inject every .js/.css under html_static_path "
        "(all of book_assets/html/vendor) into every page; put book files in book_assets/html/"
    )


def test_vendored_assets_match_manifest():
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "refresh_book_assets.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_strip_script_strips(tmp_path):
    """tools/strip_notebooks.py turns an executed, noisy notebook into the committed form."""
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"},
        "language_info": {"name": "python", "version": "3.11.7", "mimetype": "text/x-python"},
        "widgets": {"application/vnd.jupyter.widget-state+json": {"state": {}}},
        "toc": {"x": 1},
    }
    timing = {"iopub.status.idle": "2026-01-01T00:00:00Z"}
    code = nbformat.v4.new_code_cell("print(1)", metadata={"tags": ["hide-cell"], "execution": timing})
    code.outputs = [nbformat.v4.new_output("stream", text="1\n")]
    code.execution_count = 3
    nb.cells = [nbformat.v4.new_markdown_cell("# T"), code]
    path = tmp_path / "x.ipynb"
    nbformat.write(nb, path)
    script = str(ROOT / "tools" / "strip_notebooks.py")
    assert subprocess.run([sys.executable, script, "--check", str(path)]).returncode == 1
    subprocess.run([sys.executable, script, str(path)], check=True)
    out = json.loads(path.read_text())
    assert out["metadata"] == {"kernelspec": KERNELSPEC, "language_info": {"name": "python"}}
    assert out["cells"][1]["outputs"] == [] and out["cells"][1]["execution_count"] is None
    assert out["cells"][1]["metadata"] == {"tags": ["hide-cell"]}
    assert subprocess.run([sys.executable, script, "--check", str(path)]).returncode == 0
