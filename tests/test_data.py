"""Tests for nnlib.data: toy data sets, label helpers, splitting and batching."""

import numpy as np
import pytest

import nnlib.data as data

CLASSIFICATION = [
    data.make_blobs,
    data.make_xor,
    data.make_moons,
    data.make_circles,
    data.make_spirals,
]


@pytest.mark.parametrize("make", CLASSIFICATION)
def test_shapes_dtypes_and_balance(make):
    X, y = make(101, seed=3)
    assert X.shape == (101, 2) and X.dtype == np.float64
    assert y.shape == (101,) and y.dtype == np.int64
    counts = np.bincount(y)
    assert counts.max() - counts.min() <= 1
    assert np.all(np.isfinite(X))


@pytest.mark.parametrize("make", CLASSIFICATION)
def test_seeded_and_deterministic(make):
    X1, y1 = make(50, seed=7)
    X2, y2 = make(50, seed=7)
    X3, _ = make(50, seed=8)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.array_equal(X1, X3)


@pytest.mark.parametrize("make", CLASSIFICATION)
def test_rows_are_shuffled(make):
    _, y = make(100)
    assert not np.all(np.diff(y) >= 0)  # not sorted by class


@pytest.mark.parametrize("make", CLASSIFICATION)
def test_validation(make):
    with pytest.raises(ValueError, match="n_samples"):
        make(0)
    with pytest.raises(ValueError, match="noise"):
        make(10, noise=-0.1)


def test_blobs_centres_are_distance_apart():
    X, y = data.make_blobs(4000, distance=5.0, noise=0.1)
    centre0, centre1 = X[y == 0].mean(axis=0), X[y == 1].mean(axis=0)
    assert np.linalg.norm(centre1 - centre0) == pytest.approx(5.0, abs=0.05)
    with pytest.raises(ValueError, match="distance"):
        data.make_blobs(10, distance=-1)


def test_xor_labels_follow_the_sign_rule_without_noise():
    X, y = data.make_xor(40, noise=0.0)
    np.testing.assert_array_equal(np.abs(X), 1.0)
    np.testing.assert_array_equal(y, (np.sign(X[:, 0]) != np.sign(X[:, 1])).astype(int))


def test_moons_and_circles_geometry_without_noise():
    X, y = data.make_moons(100, noise=0.0)
    np.testing.assert_allclose(np.linalg.norm(X[y == 0], axis=1), 1.0)
    np.testing.assert_allclose(np.linalg.norm(X[y == 1] - [1.0, 0.5], axis=1), 1.0)
    X, y = data.make_circles(100, noise=0.0, factor=0.3)
    np.testing.assert_allclose(np.linalg.norm(X[y == 0], axis=1), 1.0)
    np.testing.assert_allclose(np.linalg.norm(X[y == 1], axis=1), 0.3)
    with pytest.raises(ValueError, match="factor"):
        data.make_circles(10, factor=1.5)


def test_spirals_classes():
    X, y = data.make_spirals(301, n_classes=3)
    assert set(np.unique(y)) == {0, 1, 2}
    assert np.linalg.norm(X, axis=1).max() <= 1.0 + 1e-12
    with pytest.raises(ValueError, match="n_classes"):
        data.make_spirals(10, n_classes=1)


def test_polynomial_regression():
    x, y = data.make_polynomial_regression(25, noise=0.0, seed=1)
    assert x.shape == y.shape == (25,)
    assert np.all(np.diff(x) >= 0) and x.min() >= -1 and x.max() <= 1
    np.testing.assert_allclose(y, data.true_polynomial(x))
    np.testing.assert_allclose(data.true_polynomial(x), 3.2 * x**3 - 1.9 * x)
    x2, y2 = data.make_polynomial_regression(25, seed=1)
    np.testing.assert_array_equal(x, x2)
    assert np.std(y2 - data.true_polynomial(x2)) > 0.1
    assert data.true_polynomial(np.zeros((2, 3))).shape == (2, 3)
    with pytest.raises(ValueError, match="noise"):
        data.make_polynomial_regression(10, noise=-1)
    with pytest.raises(ValueError, match="degree"):
        data.true_polynomial(0.5, degree=0)


def test_to_signed():
    np.testing.assert_array_equal(data.to_signed(np.array([0, 1, 1, 0])), [-1, 1, 1, -1])
    np.testing.assert_array_equal(data.to_signed(np.array([-1, 1])), [-1, 1])
    assert data.to_signed(np.array([0, 1])).dtype == np.int64
    with pytest.raises(ValueError, match="y"):
        data.to_signed(np.array([0, 2]))


def test_one_hot():
    encoded = data.one_hot(np.array([0, 2, 1]))
    np.testing.assert_array_equal(encoded, np.eye(3)[[0, 2, 1]])
    assert encoded.dtype == np.float64
    assert data.one_hot(np.array([1]), num_classes=4).shape == (1, 4)
    with pytest.raises(ValueError, match="num_classes"):
        data.one_hot(np.array([0, 3]), num_classes=2)
    with pytest.raises(ValueError, match="y"):
        data.one_hot(np.array([-1, 0]))


def test_train_val_test_split_sizes_and_disjointness():
    X = np.arange(200, dtype=float).reshape(100, 2)
    y = np.arange(100)
    (Xtr, ytr), (Xva, yva), (Xte, yte) = data.train_val_test_split(
        X, y, val_fraction=0.2, test_fraction=0.1, seed=0
    )
    assert (len(ytr), len(yva), len(yte)) == (70, 20, 10)
    assert Xtr.shape == (70, 2)
    np.testing.assert_array_equal(np.sort(np.concatenate([ytr, yva, yte])), y)
    np.testing.assert_array_equal(Xva[:, 0], 2 * yva)  # rows stay paired with labels
    again = data.train_val_test_split(X, y, val_fraction=0.2, test_fraction=0.1, seed=0)
    np.testing.assert_array_equal(again[0][1], ytr)
    assert not np.array_equal(ytr, np.sort(ytr))  # shuffled


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"val_fraction": -0.1}, "val_fraction"),
        ({"test_fraction": 1.0}, "test_fraction"),
        ({"val_fraction": 0.5, "test_fraction": 0.5}, "val_fraction \\+ test_fraction"),
    ],
)
def test_train_val_test_split_validation(kwargs, name):
    X, y = data.make_blobs(20)
    with pytest.raises(ValueError, match=name):
        data.train_val_test_split(X, y, **kwargs)


def test_length_mismatch_is_reported():
    X, y = data.make_blobs(20)
    with pytest.raises(ValueError, match="same number of examples"):
        data.train_val_test_split(X, y[:-1])
    with pytest.raises(ValueError, match="same number of examples"):
        data.iterate_minibatches(X, y[:-1], 4)


def test_minibatches_cover_every_example_once():
    X = np.arange(46, dtype=float).reshape(23, 2)
    y = np.arange(23)
    batches = list(data.iterate_minibatches(X, y, 5, seed=1))
    assert [len(yb) for _, yb in batches] == [5, 5, 5, 5, 3]
    seen = np.concatenate([yb for _, yb in batches])
    np.testing.assert_array_equal(np.sort(seen), y)
    for Xb, yb in batches:
        np.testing.assert_array_equal(Xb[:, 0], 2 * yb)
    again = np.concatenate([yb for _, yb in data.iterate_minibatches(X, y, 5, seed=1)])
    np.testing.assert_array_equal(again, seen)
    ordered = np.concatenate([yb for _, yb in data.iterate_minibatches(X, y, 5, shuffle=False)])
    np.testing.assert_array_equal(ordered, y)


def test_minibatch_size_validation():
    X, y = data.make_blobs(10)
    with pytest.raises(ValueError, match="batch_size"):
        data.iterate_minibatches(X, y, 0)


# ----- issue 11: data helpers that gave silent results or obscure errors ------------------


ONES, ONES_Y = np.ones((4, 2)), np.ones(4)


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: data.make_blobs(10, distance=float("nan")), ValueError, "distance"),
        (lambda: data.make_blobs(10, noise=1e308), ValueError, "distance or noise too large"),
        (lambda: data.make_moons(None), TypeError, "n_samples must be an integer"),
        (lambda: data.make_xor(10, noise="0.1"), TypeError, "noise must be a number"),
        (lambda: data.make_circles(10, seed="x"), TypeError, "seed must be an integer"),
        (lambda: data.make_spirals(10, n_classes=2.5), ValueError, "n_classes must be a whole number"),
        (lambda: data.true_polynomial([0.0, np.nan]), ValueError, "x contains 1 NaN"),
        (lambda: data.to_signed(np.array([], dtype=int)), ValueError, "y is empty"),
        (lambda: data.to_signed(np.array([True, False])), TypeError, "y must hold integer class labels"),
        (lambda: data.one_hot(np.array([], dtype=int)), ValueError, "y is empty"),
        (lambda: data.one_hot([0, 1], num_classes=2.7), ValueError, "num_classes must be a whole number"),
        (lambda: data.one_hot([0.0, np.nan]), ValueError, "y contains NaN"),
        (lambda: data.train_val_test_split(np.zeros((0, 2)), []), ValueError, "X is empty"),
        (lambda: data.train_val_test_split(np.array(3.0), [1]), ValueError, "one entry per example"),
        (lambda: data.train_val_test_split([[np.nan, 0]], [1]), ValueError, "X contains 1 NaN"),
        (
            lambda: data.train_val_test_split(ONES, ONES_Y, val_fraction=float("nan")),
            ValueError,
            "val_fraction",
        ),
        (lambda: data.iterate_minibatches(ONES, ONES_Y, "2"), TypeError, "batch_size must be an integer"),
        (
            lambda: data.iterate_minibatches(ONES, ONES_Y, 2.5),
            ValueError,
            "batch_size must be a whole number",
        ),
        (lambda: data.iterate_minibatches(ONES, ONES_Y, 2, shuffle="no"), TypeError, "shuffle"),
        (lambda: data.iterate_minibatches(ONES + 0j, ONES_Y, 2), TypeError, "X must hold real numbers"),
    ],
)
def test_bad_arguments_are_named(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_split_and_batches_keep_integer_labels():
    X, y = data.make_blobs(20, seed=0)
    (_, y_train), _, _ = data.train_val_test_split(X, y)
    assert y_train.dtype == np.int64
    _, yb = next(data.iterate_minibatches(X, y, 4))
    assert yb.dtype == np.int64
