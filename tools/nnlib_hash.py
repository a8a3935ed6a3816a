#!/usr/bin/env python3
"""Print the key of the book's execution cache.

``make book`` stores it in ``_build/.nnlib_hash``; when it changes, the execution cache
(``_build/.jupyter_cache``), the widget frames (``_build/frames``) and Sphinx's saved
environment are wiped so that every chapter notebook is executed again. jupyter-cache
itself only keys on a notebook's own code, so it cannot see what else changes the outputs:

* the sources of ``nnlib`` (every ``nnlib/**/*.py``, and ``*.js``: the widgets' player
  script is written into the pages);
* the installed packages and their versions (a new numpy, torch or matplotlib);
* the widget mode the kernels use (``NNLIB_WIDGETS``, ``frames`` for the book), so that a
  notebook executed with live widgets is never published.

Usage: ``python tools/nnlib_hash.py [package_dir]``.
"""

from __future__ import annotations

import hashlib
import os
import sys
from importlib import metadata
from pathlib import Path


def nnlib_hash(package: Path) -> str:
    """SHA-256 of the package sources (paths and contents)."""
    digest = hashlib.sha256()
    for path in sorted([*package.rglob("*.py"), *package.rglob("*.js")]):
        if "__pycache__" in path.parts:
            continue
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def installed_packages() -> list[str]:
    """``name==version`` of every installed distribution, sorted."""
    return sorted(
        {f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions() if d.metadata["Name"]}
    )


def cache_key(package: Path, mode: str) -> str:
    digest = hashlib.sha256()
    digest.update(nnlib_hash(package).encode())
    digest.update("\n".join(installed_packages()).encode())
    digest.update(f"\nNNLIB_WIDGETS={mode}".encode())
    digest.update(f"\npython={sys.version}".encode())
    return digest.hexdigest()


if __name__ == "__main__":
    root = Path(__file__).resolve().parent.parent
    package = Path(sys.argv[1]) if len(sys.argv) > 1 else root / "nnlib"
    print(cache_key(package, os.environ.get("NNLIB_WIDGETS", "frames")))
