"""A built wheel holds the whole package: ``pip install .`` (not only ``-e .``) gives a working nnlib."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_ships_every_subpackage_and_imports(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("nnlib-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    sources = {  # the code, and the widgets' player script that frames.py reads
        p.relative_to(ROOT).as_posix()
        for pattern in ("*.py", "*.js")
        for p in (ROOT / "nnlib").rglob(pattern)
        if "__pycache__" not in p.parts
    }
    assert sources <= names, f"missing from the wheel: {sorted(sources - names)}"

    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "import nnlib, nnlib.interactive.frames as f, nnlib.layers, sys; assert f.PLAYER_JS.is_file();"
        "print(nnlib.__file__); print('matplotlib' in sys.modules)"
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    where, _ = out.stdout.split()
    assert Path(where).is_relative_to(site), f"imported {where}, not the wheel"


def test_core_imports_no_plotting_code():
    code = "import sys, nnlib, nnlib.layers, nnlib.model, nnlib.optim; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False", "importing the core loaded matplotlib"
