#!/usr/bin/env python3
"""Print a SHA-256 of the ``nnlib`` package sources (every ``nnlib/**/*.py``).

``make book`` stores it in ``_build/.nnlib_hash``; when it changes, the execution
cache (``_build/.jupyter_cache``) and Sphinx's saved environment are wiped so that
every chapter notebook is executed again against the new library. (jupyter-cache
itself only keys on a notebook's own code, so it cannot see library changes.)

Usage: ``python tools/nnlib_hash.py [package_dir]``.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path


def nnlib_hash(package: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


if __name__ == "__main__":
    root = Path(__file__).resolve().parent.parent
    print(nnlib_hash(Path(sys.argv[1]) if len(sys.argv) > 1 else root / "nnlib"))
