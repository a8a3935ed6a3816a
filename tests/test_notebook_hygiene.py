"""Chapter notebooks are committed clean: no outputs, null execution counts, only
``kernelspec``/``language_info`` notebook metadata, valid nbformat. Fix a failure with
``make strip`` (nbstripout with the flags in the Makefile).

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
FIX = "run: make strip"
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
        if cell.get("metadata", {}).get("keep_output"):
            continue  # outputs that nbval compares are committed on purpose
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


def test_nbstripout_leaves_notebooks_unchanged():
    """The committed files are exactly what `make strip` writes."""
    result = subprocess.run(
        ["make", "--no-print-directory", "-s", "strip-check"], cwd=ROOT, capture_output=True, text=True
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


def test_make_strip_strips(tmp_path):
    """`make strip`'s nbstripout turns an executed, noisy notebook into the committed form."""
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": KERNELSPEC,
        "language_info": {"name": "python", "version": "3.11.7", "mimetype": "text/x-python"},
        "widgets": {"application/vnd.jupyter.widget-state+json": {"state": {}}},
    }
    timing = {"iopub.status.idle": "2026-01-01T00:00:00Z"}
    code = nbformat.v4.new_code_cell("print(1)", metadata={"tags": ["hide-cell"], "execution": timing})
    code.outputs = [nbformat.v4.new_output("stream", text="1\n")]
    code.execution_count = 3
    kept = nbformat.v4.new_code_cell("print(2)", metadata={"keep_output": True})
    kept.outputs = [nbformat.v4.new_output("stream", text="2\n")]
    nb.cells = [nbformat.v4.new_markdown_cell("# T"), code, kept]
    chapters = tmp_path / "chapters"
    chapters.mkdir()
    nbformat.write(nb, chapters / "x.ipynb")
    makefile = ROOT / "Makefile"
    run = ["make", "--no-print-directory", "-s", "-f", str(makefile), f"BIN={ROOT / '.venv' / 'bin'}"]
    stamp = ["-o", str(ROOT / ".venv" / ".requirements.stamp"), "-o", ".venv/.requirements.stamp"]
    assert subprocess.run([*run, *stamp, "strip-check"], cwd=tmp_path, capture_output=True).returncode != 0
    subprocess.run([*run, *stamp, "strip"], cwd=tmp_path, check=True, capture_output=True)
    out = json.loads((chapters / "x.ipynb").read_text())
    assert out["metadata"] == {"kernelspec": KERNELSPEC, "language_info": {"name": "python"}}
    assert out["cells"][1]["outputs"] == [] and out["cells"][1]["execution_count"] is None
    assert out["cells"][1]["metadata"] == {"tags": ["hide-cell"]}
    assert "".join(out["cells"][2]["outputs"][0]["text"]) == "2\n"
    assert subprocess.run([*run, *stamp, "strip-check"], cwd=tmp_path, capture_output=True).returncode == 0
