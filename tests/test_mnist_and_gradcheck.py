"""The MNIST loader (checksums, shapes, clear errors) and the gradient-check helpers."""

import gzip
import shutil

import numpy as np
import pytest

from nnlib import gradcheck
from nnlib.mnist import MNIST_DIR, SHA256, MnistFileError, load_mnist


@pytest.fixture(scope="module")
def mnist():
    return load_mnist()


def test_shapes_dtypes_and_ranges(mnist):
    (X, y), (Xt, yt) = mnist
    assert X.shape == (60000, 784) and Xt.shape == (10000, 784)
    assert X.dtype == np.float32 and y.dtype == np.int64
    assert X.min() >= 0.0 and X.max() == 1.0
    assert set(np.unique(y)) == set(range(10)) == set(np.unique(yt))
    assert y[:5].tolist() == [5, 0, 4, 1, 9]  # the well-known first training labels


def test_unflattened_images():
    (X, _), _ = load_mnist(flatten=False, dtype=np.float64)
    assert X.shape == (60000, 28, 28) and X.dtype == np.float64


def copy_data(tmp_path):
    for name in SHA256:
        shutil.copy(MNIST_DIR / name, tmp_path / name)
    return tmp_path


def test_missing_file_is_named(tmp_path):
    copy_data(tmp_path)
    (tmp_path / "t10k-labels-idx1-ubyte.gz").unlink()
    with pytest.raises(MnistFileError, match="not found: .*t10k-labels-idx1-ubyte.gz"):
        load_mnist(tmp_path)


def test_corrupt_file_fails_the_checksum(tmp_path):
    copy_data(tmp_path)
    path = tmp_path / "train-labels-idx1-ubyte.gz"
    data = bytearray(path.read_bytes())
    data[-10] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(MnistFileError, match="train-labels-idx1-ubyte.gz does not match its SHA-256"):
        load_mnist(tmp_path)


def test_wrong_format_is_reported(tmp_path, monkeypatch):
    copy_data(tmp_path)
    path = tmp_path / "t10k-labels-idx1-ubyte.gz"
    path.write_bytes(gzip.compress(b"\x00\x00\x08\x03" + b"\x00" * 20))
    monkeypatch.delitem(SHA256, path.name)
    with pytest.raises(MnistFileError, match="magic number"):
        load_mnist(tmp_path)


def test_numerical_gradient_of_a_known_function():
    x = np.array([1.0, -2.0, 0.5])
    grad = gradcheck.numerical_gradient(lambda v: float(np.sum(v**3)), x)
    np.testing.assert_allclose(grad, 3 * x**2, rtol=1e-8)
    assert gradcheck.relative_error(grad, 3 * x**2) < 1e-8
    with pytest.raises(TypeError, match="float64"):
        gradcheck.numerical_gradient(lambda v: 0.0, x.astype(np.float32))
