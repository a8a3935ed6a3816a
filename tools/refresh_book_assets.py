#!/usr/bin/env python3
"""Refresh the vendored JavaScript in ``book_assets/`` from the npm registry.

The HTML book must work offline, so every script, style sheet and font its pages
load is carried in the repository under ``book_assets/html/vendor/`` (copied to
``_build/html/vendor/`` by ``html_extra_path`` in ``_config.yml``):

* ``mathjax`` 3 (``es5/tex-mml-chtml.js`` + fonts + the components it loads on demand).

The widgets need no vendored library: each one carries its own small player script
(``nnlib/interactive/frames_player.js``).

The versions are pinned in ``book_assets/package.json``. To update: edit the
versions there, run ``python tools/refresh_book_assets.py`` (needs ``npm``; the
tarballs come from the npm registry and npm checks their integrity), rebuild the
book and run the browser tests (``make test``), then commit ``book_assets/``.

``--check`` verifies that the vendored files match ``book_assets/MANIFEST.sha256``
without any network access (the test suite uses it).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "book_assets"
VENDOR = ASSETS / "html" / "vendor"
MANIFEST = ASSETS / "MANIFEST.sha256"

# package name -> (destination folder under vendor/, [(source path in package, dest path)])
SELECTION = {
    "mathjax": (
        "mathjax",
        [
            ("package/LICENSE", "LICENSE"),
            ("package/es5/tex-mml-chtml.js", "tex-mml-chtml.js"),
            ("package/es5/output/chtml/fonts/woff-v2", "output/chtml/fonts/woff-v2"),
            ("package/es5/input/tex/extensions", "input/tex/extensions"),
            ("package/es5/input/mml", "input/mml"),
            ("package/es5/ui", "ui"),
            ("package/es5/a11y", "a11y"),
            ("package/es5/sre", "sre"),
        ],
    ),
}


def _npm_pack(spec: str, dest: Path) -> tuple[Path, dict]:
    out = subprocess.run(
        ["npm", "pack", "--json", "--pack-destination", str(dest), spec],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    info = json.loads(out)[0]
    return dest / info["filename"], info


def _copy_selection(pkg_root: Path, target: Path, items: list[tuple[str, str]]) -> None:
    for src, dst in items:
        if "*" in src:
            parent, pattern = src.rsplit("/", 1)
            matches = sorted((pkg_root / parent).glob(pattern))
            if not matches:
                raise SystemExit(f"nothing matches {src}")
            for m in matches:
                shutil.copy2(m, target / dst / m.name)
            continue
        s = pkg_root / src
        d = target / dst
        d.parent.mkdir(parents=True, exist_ok=True)
        if s.is_dir():
            shutil.copytree(s, d)
        else:
            shutil.copy2(s, d)


def manifest_lines() -> list[str]:
    lines = []
    for path in sorted(p for p in VENDOR.rglob("*") if p.is_file()):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        lines.append(f"{digest}  {path.relative_to(ASSETS).as_posix()}")
    return lines


def refresh() -> None:
    pins = json.loads((ASSETS / "package.json").read_text())["dependencies"]
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        staged = tmpdir / "vendor"
        staged.mkdir()
        for name, (folder, items) in SELECTION.items():
            version = pins[name]
            tarball, info = _npm_pack(f"{name}@{version}", tmpdir)
            print(f"{name}@{info['version']}  {info['integrity']}")
            unpacked = tmpdir / folder
            with tarfile.open(tarball) as tf:
                tf.extractall(unpacked, filter="data")
            target = staged / folder
            target.mkdir(parents=True)
            _copy_selection(unpacked, target, items)
            (target / "VERSION").write_text(f"{name}@{info['version']}\n{info['integrity']}\n")
        if VENDOR.exists():
            shutil.rmtree(VENDOR)
        VENDOR.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(staged, VENDOR)
    MANIFEST.write_text("\n".join(manifest_lines()) + "\n")
    print(f"wrote {VENDOR.relative_to(ROOT)} and {MANIFEST.relative_to(ROOT)}")


def check() -> int:
    if not MANIFEST.exists():
        print("book_assets/MANIFEST.sha256 is missing; run tools/refresh_book_assets.py")
        return 1
    expected = MANIFEST.read_text().splitlines()
    actual = manifest_lines()
    if expected != actual:
        print("vendored assets differ from book_assets/MANIFEST.sha256:")
        for line in sorted(set(expected) ^ set(actual)):
            print("  ", line)
        return 1
    print(f"{len(actual)} vendored files match the manifest")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="verify against the manifest")
    args = parser.parse_args(argv)
    if args.check:
        return check()
    refresh()
    return 0


if __name__ == "__main__":
    sys.exit(main())
