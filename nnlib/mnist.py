"""MNIST, read from the gzipped IDX files carried in this repository (no download).

MNIST was made by Yann LeCun, Corinna Cortes and Christopher J. C. Burges and is
available under the Creative Commons Attribution-Share Alike 3.0 licence. The four
files in ``data/mnist/`` are the canonical 60 000 training / 10 000 test split; each
is checked against its SHA-256 checksum before use.
"""

from __future__ import annotations

import gzip
import hashlib
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from ._validation import check_bool

#: Where the repository keeps the files.
MNIST_DIR = Path(__file__).resolve().parent.parent / "data" / "mnist"

#: SHA-256 of each gzipped file, as distributed.
SHA256 = {
    "train-images-idx3-ubyte.gz": "0b367032e93c5d0cea0925647cfdb18614af8ee15f83e6f2fc2ad904a6835971",
    "train-labels-idx1-ubyte.gz": "1787548bbe0bff1ec2ecdc0ef292b02df999e2d1a6002d27500982c652b17203",
    "t10k-images-idx3-ubyte.gz": "1a1a05eab793c14bb050b398624a11b0ffd1a2953baed553b1b9bd079e2a20be",
    "t10k-labels-idx1-ubyte.gz": "b91679a0acfe4ba0e50a2437a903084cba1f5f92592b016a25a7dfd00455798b",
}

FILES = tuple(SHA256)
_IMAGE_MAGIC, _LABEL_MAGIC = 2051, 2049


class MnistFileError(ValueError):
    """An MNIST file is missing, corrupt, or not what its name says."""


def _read_verified(path: Path) -> bytes:
    """The decompressed contents of ``path`` after checking its SHA-256."""
    if not path.is_file():
        raise MnistFileError(f"MNIST file not found: {path}")
    raw = path.read_bytes()
    expected = SHA256.get(path.name)
    if expected is not None and hashlib.sha256(raw).hexdigest() != expected:
        raise MnistFileError(
            f"{path} does not match its SHA-256 checksum: the file is corrupt or has been "
            "changed; restore it from the repository (git checkout -- data/mnist)"
        )
    try:
        return gzip.decompress(raw)
    except (OSError, EOFError) as err:
        raise MnistFileError(f"{path} is not a valid gzip file: {err}") from None


def _parse_idx(data: bytes, path: Path, magic: int, ndim: int) -> np.ndarray:
    """Parse an IDX byte string: big-endian magic, dimension sizes, then uint8 values."""
    header = 4 * (1 + ndim)
    if len(data) < header:
        raise MnistFileError(f"{path} is too short to be an IDX file")
    values = np.frombuffer(data, dtype=">u4", count=1 + ndim)
    if int(values[0]) != magic:
        raise MnistFileError(f"{path}: wrong IDX magic number {int(values[0])} (expected {magic})")
    shape = tuple(int(v) for v in values[1:])
    if len(data) - header != int(np.prod(shape)):
        raise MnistFileError(f"{path}: expected {int(np.prod(shape))} values for shape {shape}")
    return np.frombuffer(data, dtype=np.uint8, offset=header).reshape(shape)


def _to_float(images: np.ndarray, dtype: Any, normalize: bool) -> np.ndarray:
    """uint8 grey levels → ``dtype``, scaled to [0, 1] when ``normalize``."""
    X = images.astype(dtype)
    if normalize:
        X *= dtype(1 / 255)
    return X


def _read_all(directory: Path) -> dict[str, np.ndarray]:
    """Verify, decompress and parse the four files. They are independent and both
    hashlib and zlib release the GIL, so reading them in parallel threads saves time."""
    magic = {"images": (_IMAGE_MAGIC, 3), "labels": (_LABEL_MAGIC, 1)}

    def read(name: str) -> np.ndarray:
        path = directory / name
        return _parse_idx(_read_verified(path), path, *magic[name.split("-")[1]])

    with ThreadPoolExecutor(max_workers=4) as pool:
        return dict(zip(FILES, pool.map(read, FILES), strict=True))


def load_mnist(
    directory: str | Path | None = None,
    *,
    dtype: Any = np.float32,
    normalize: bool = True,
    flatten: bool = True,
) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """Load MNIST as ``(X_train, y_train), (X_test, y_test)``.

    X_train: (60000, 784) ``dtype`` (float32 by default), grey levels scaled to [0, 1]
    when ``normalize``; with ``flatten=False`` the images keep their shape (n, 28, 28).
    y_train: (60000,) int64 labels 0–9. The test set has 10000 images.
    Raises ``MnistFileError`` naming the file if one is missing or corrupt.
    """
    if directory is not None and not isinstance(directory, str | os.PathLike):
        raise TypeError(f"directory must be a path (str or pathlib.Path), got {type(directory).__name__}")
    directory = MNIST_DIR if directory is None else Path(directory)
    try:
        dtype = np.dtype(dtype).type
    except TypeError:
        raise TypeError(f"dtype must be a NumPy number type such as np.float32, got {dtype!r}") from None
    if np.dtype(dtype).kind not in "iuf":
        raise TypeError(f"dtype must be a real number type (float or integer), got {np.dtype(dtype)}")
    if not np.can_cast(np.uint8, dtype):
        raise ValueError(f"dtype {np.dtype(dtype)} cannot hold the grey levels 0..255")
    normalize, flatten = check_bool(normalize, "normalize"), check_bool(flatten, "flatten")
    if normalize and not np.issubdtype(dtype, np.floating):
        raise ValueError(f"dtype must be floating when normalize=True, got {np.dtype(dtype)}")
    arrays = _read_all(directory)
    result = []
    for prefix in ("train", "t10k"):
        images = arrays[f"{prefix}-images-idx3-ubyte.gz"]
        labels = arrays[f"{prefix}-labels-idx1-ubyte.gz"]
        if len(images) != len(labels):
            raise MnistFileError(f"{directory}: {prefix} has {len(images)} images but {len(labels)} labels")
        X = _to_float(images, dtype, normalize)
        result.append((X.reshape(len(X), -1) if flatten else X, labels.astype(np.int64)))
    return result[0], result[1]
