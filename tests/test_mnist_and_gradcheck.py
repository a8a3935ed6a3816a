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


# ----- issue 11: defects that returned silently wrong answers (each failed before its fix) ---


def test_numerical_gradient_of_a_transposed_view():
    """x.reshape(-1) of a non-contiguous view is a copy: the old code perturbed the copy,
    f never saw a change and every derivative came out 0."""
    A = np.arange(6.0).reshape(2, 3)
    weights = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    view = A.T  # shape (3, 2), not contiguous; f reads A
    grad = gradcheck.numerical_gradient(lambda _: float(np.sum(A.T * weights)), view)
    np.testing.assert_allclose(grad, weights, rtol=1e-8)
    np.testing.assert_array_equal(A, np.arange(6.0).reshape(2, 3))  # restored


def test_numerical_gradient_argument_checks():
    x = np.array([1.0, 2.0])
    with pytest.raises(TypeError, match="x must be a NumPy float64 array"):
        gradcheck.numerical_gradient(lambda v: 0.0, [1.0, 2.0])
    with pytest.raises(TypeError, match="f must be a function"):
        gradcheck.numerical_gradient("f", x)
    with pytest.raises(ValueError, match="eps must be a small step"):
        gradcheck.numerical_gradient(lambda v: 0.0, x, eps=10.0)
    with pytest.raises(ValueError, match="f returned nan"):
        gradcheck.numerical_gradient(lambda v: float("nan"), x)
    with pytest.raises(ValueError, match="f must return a single number"):
        gradcheck.numerical_gradient(lambda v: v, x)
    read_only = x.copy()
    read_only.flags.writeable = False
    with pytest.raises(ValueError, match="x is read-only"):
        gradcheck.numerical_gradient(lambda v: 0.0, read_only)
    with pytest.raises(ValueError, match="a contains 1 NaN"):
        gradcheck.relative_error([np.nan, 1.0], [1.0, 1.0])


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"dtype": np.int8, "normalize": False}, ValueError, "cannot hold the grey levels"),
        ({"dtype": "no such type"}, TypeError, "dtype must be a NumPy number type"),
        ({"dtype": np.complex64}, TypeError, "dtype must be a real number type"),
        ({"normalize": "yes"}, TypeError, "normalize must be True or False"),
        ({"directory": 42}, TypeError, "directory must be a path"),
    ],
)
def test_load_mnist_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        load_mnist(**kwargs)
