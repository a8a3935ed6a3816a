"""Small, seeded toy data sets and helpers for splitting and batching data.

Every generator takes a ``seed`` and builds its own ``np.random.default_rng(seed)``,
so the same call always returns the same data. Classification sets return

* ``X``: float64 array of shape ``(n_samples, 2)`` -- two features ``f1``, ``f2``;
* ``y``: int64 array of shape ``(n_samples,)`` -- class labels ``0, 1, ...``.

The rows are shuffled, so the classes are mixed (handy for stepping through
examples one at a time). Use :func:`to_signed` for perceptron labels in {-1, +1}.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from ._validation import (
    as_float_array,
    as_label_array,
    as_numeric_array,
    check_bool,
    check_fraction,
    check_int,
    check_number,
    check_positive,
    check_same_length,
    check_seed,
)

__all__ = [
    "make_blobs",
    "make_xor",
    "make_moons",
    "make_circles",
    "make_spirals",
    "make_polynomial_regression",
    "true_polynomial",
    "to_signed",
    "one_hot",
    "train_val_test_split",
    "iterate_minibatches",
]


# ---------------------------------------------------------------------------
# input checks
# ---------------------------------------------------------------------------
#: The largest number of classes ``one_hot`` encodes (more is a typo, not an experiment).
MAX_CLASSES = 100_000

#: The most examples a toy data set may have (more is a typo, not an experiment).
MAX_SAMPLES = 10_000_000


def _check_n_samples(n_samples: int, minimum: int = 1) -> int:
    return check_int(n_samples, "n_samples", minimum=minimum, maximum=MAX_SAMPLES)


def _check_finite_output(X: np.ndarray, names: str) -> None:
    """A huge ``noise`` or ``distance`` can overflow to inf: say which argument did it."""
    if not np.isfinite(X).all():
        raise ValueError(f"{names} too large: the generated points overflow to infinity")


def _shuffled(X: np.ndarray, y: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Return X, y (float64, int64) with their rows in a random order."""
    order = rng.permutation(len(X))
    return X[order].astype(np.float64), y[order].astype(np.int64)


def _split_counts(n_samples: int, n_groups: int) -> list[int]:
    """Split n_samples into n_groups sizes that differ by at most one."""
    return [n_samples // n_groups + (i < n_samples % n_groups) for i in range(n_groups)]


# ---------------------------------------------------------------------------
# classification data sets
# ---------------------------------------------------------------------------
def make_blobs(
    n_samples: int = 100, *, distance: float = 3.0, noise: float = 1.0, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Two round Gaussian blobs, one per class.

    The centres lie on the diagonal, ``distance`` apart: class 0 ("no", blue) at the
    lower left, class 1 ("yes", red) at the upper right. Each point is its centre plus
    Gaussian noise with standard deviation ``noise`` in each feature. The classes are
    balanced (sizes differ by at most one). Large ``distance`` / small ``noise`` gives a
    linearly separable set.

    Returns ``X`` (n_samples, 2) float64 and ``y`` (n_samples,) int64 in {0, 1}.
    """
    n_samples = _check_n_samples(n_samples)
    noise = check_positive(noise, "noise", allow_zero=True)
    distance = check_positive(distance, "distance", allow_zero=True)
    rng = np.random.default_rng(check_seed(seed))
    n0, n1 = _split_counts(n_samples, 2)
    half_step = distance / 2 / np.sqrt(2)  # centre offset along each axis
    centres = np.array([[-half_step, -half_step], [half_step, half_step]])
    y = np.repeat([0, 1], [n0, n1])
    with np.errstate(over="ignore", invalid="ignore"):
        X = centres[y] + noise * rng.standard_normal((n_samples, 2))
    _check_finite_output(X, "distance or noise")
    return _shuffled(X, y, rng)


def make_xor(n_samples: int = 200, *, noise: float = 0.2, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """The XOR problem: four Gaussian clusters at the corners (±1, ±1).

    A cluster belongs to class 1 when its corner has ``sign(f1) != sign(f2)``
    (corners (1, -1) and (-1, 1)), otherwise to class 0. ``noise`` is the standard
    deviation of the Gaussian noise around each corner. No straight line separates
    the classes.

    Returns ``X`` (n_samples, 2) float64 and ``y`` (n_samples,) int64 in {0, 1}.
    """
    n_samples = _check_n_samples(n_samples)
    noise = check_positive(noise, "noise", allow_zero=True)
    rng = np.random.default_rng(check_seed(seed))
    corners = np.array([[1.0, 1.0], [-1.0, -1.0], [1.0, -1.0], [-1.0, 1.0]])
    which = np.repeat(np.arange(4), _split_counts(n_samples, 4))
    with np.errstate(over="ignore", invalid="ignore"):
        X = corners[which] + noise * rng.standard_normal((n_samples, 2))
    _check_finite_output(X, "noise")
    y = (np.sign(corners[which, 0]) != np.sign(corners[which, 1])).astype(np.int64)
    return _shuffled(X, y, rng)


def make_moons(n_samples: int = 200, *, noise: float = 0.1, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles (like scikit-learn's ``make_moons``).

    Class 0 is the upper half of the unit circle; class 1 is a lower half circle shifted
    to centre (1, 0.5). ``noise`` is the standard deviation of the Gaussian noise added
    to every coordinate.

    Returns ``X`` (n_samples, 2) float64 and ``y`` (n_samples,) int64 in {0, 1}.
    """
    n_samples = _check_n_samples(n_samples)
    noise = check_positive(noise, "noise", allow_zero=True)
    rng = np.random.default_rng(check_seed(seed))
    n_outer, n_inner = _split_counts(n_samples, 2)
    t_outer = np.linspace(0, np.pi, n_outer)
    t_inner = np.linspace(0, np.pi, n_inner)
    outer = np.column_stack([np.cos(t_outer), np.sin(t_outer)])
    inner = np.column_stack([1 - np.cos(t_inner), 0.5 - np.sin(t_inner)])
    with np.errstate(over="ignore", invalid="ignore"):
        X = np.vstack([outer, inner]) + noise * rng.standard_normal((n_samples, 2))
    _check_finite_output(X, "noise")
    y = np.repeat([0, 1], [n_outer, n_inner])
    return _shuffled(X, y, rng)


def make_circles(
    n_samples: int = 200, *, noise: float = 0.05, factor: float = 0.5, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """A small circle inside a large one (like scikit-learn's ``make_circles``).

    Class 0 lies on the unit circle, class 1 on a circle of radius ``factor`` (0 < factor
    < 1) with the same centre. ``noise`` is the standard deviation of the Gaussian noise
    added to every coordinate.

    Returns ``X`` (n_samples, 2) float64 and ``y`` (n_samples,) int64 in {0, 1}.
    """
    n_samples = _check_n_samples(n_samples)
    noise = check_positive(noise, "noise", allow_zero=True)
    factor = check_number(factor, "factor")
    if not 0 < factor < 1:
        raise ValueError(f"factor must be between 0 and 1 (exclusive), got {factor!r}")
    rng = np.random.default_rng(check_seed(seed))
    n_outer, n_inner = _split_counts(n_samples, 2)
    t_outer = np.linspace(0, 2 * np.pi, n_outer, endpoint=False)
    t_inner = np.linspace(0, 2 * np.pi, n_inner, endpoint=False)
    outer = np.column_stack([np.cos(t_outer), np.sin(t_outer)])
    inner = factor * np.column_stack([np.cos(t_inner), np.sin(t_inner)])
    with np.errstate(over="ignore", invalid="ignore"):
        X = np.vstack([outer, inner]) + noise * rng.standard_normal((n_samples, 2))
    _check_finite_output(X, "noise")
    y = np.repeat([0, 1], [n_outer, n_inner])
    return _shuffled(X, y, rng)


def make_spirals(
    n_samples: int = 300, *, n_classes: int = 2, noise: float = 0.2, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Interleaved spiral arms, one per class.

    Arm ``c`` starts near the origin and winds outwards to radius 1: a point at radius
    ``r`` (evenly spaced in (0, 1]) has angle ``2*pi*(c/n_classes + r)`` -- one full turn
    from centre to rim -- plus Gaussian noise with standard deviation ``noise`` (in
    radians), so noise blurs the arms along their circles. The classes are balanced
    (sizes differ by at most one).

    Returns ``X`` (n_samples, 2) float64 and ``y`` (n_samples,) int64 in 0..n_classes-1.
    """
    n_classes = check_int(n_classes, "n_classes", minimum=2, maximum=1000)
    n_samples = _check_n_samples(n_samples, minimum=n_classes)
    noise = check_positive(noise, "noise", allow_zero=True)
    rng = np.random.default_rng(check_seed(seed))
    counts = _split_counts(n_samples, n_classes)
    y = np.repeat(np.arange(n_classes), counts)
    radius = np.concatenate([np.linspace(0.0, 1.0, k + 1)[1:] for k in counts])
    with np.errstate(over="ignore", invalid="ignore"):
        angle = 2 * np.pi * (y / n_classes + radius) + noise * rng.standard_normal(n_samples)
        X = radius[:, None] * np.column_stack([np.cos(angle), np.sin(angle)])
    _check_finite_output(X, "noise")
    return _shuffled(X, y, rng)


# ---------------------------------------------------------------------------
# regression data set
# ---------------------------------------------------------------------------
def true_polynomial(x: Any, degree: int = 3) -> np.ndarray:
    """The noise-free curve behind :func:`make_polynomial_regression`.

    ``f(x) = 0.5 * x + 0.8 * T_degree(x)``, where ``T_degree`` is the Chebyshev
    polynomial of that degree. For the default ``degree=3`` this is the cubic

        f(x) = 3.2 x**3 - 1.9 x,

    an S-shaped wiggle that stays within about [-1.3, 1.3] on [-1, 1]: a straight
    line underfits it, a cubic fits it, a degree-15 polynomial overfits the noise.

    ``x``: scalar or array of any shape; returns a float64 array of the same shape.
    """
    degree = check_int(degree, "degree", maximum=100)
    x = as_float_array(x, "x", dtype=np.float64, allow_empty=True)
    chebyshev = np.zeros(degree + 1)
    chebyshev[-1] = 1.0
    return 0.5 * x + 0.8 * np.polynomial.chebyshev.chebval(x, chebyshev)


def make_polynomial_regression(
    n_samples: int = 30, *, degree: int = 3, noise: float = 0.3, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Noisy samples of a smooth polynomial, for under-/overfitting experiments.

    ``x`` is drawn uniformly from [-1, 1] and sorted; ``y = true_polynomial(x, degree)``
    plus Gaussian noise with standard deviation ``noise``.

    Returns ``x`` (n_samples,) float64 and ``y`` (n_samples,) float64.
    """
    n_samples = _check_n_samples(n_samples)
    noise = check_positive(noise, "noise", allow_zero=True)
    rng = np.random.default_rng(check_seed(seed))
    x = np.sort(rng.uniform(-1.0, 1.0, n_samples))
    with np.errstate(over="ignore", invalid="ignore"):
        y = true_polynomial(x, degree) + noise * rng.standard_normal(n_samples)
    _check_finite_output(y, "noise")
    return x, y


# ---------------------------------------------------------------------------
# label helpers
# ---------------------------------------------------------------------------
def to_signed(y: Any) -> np.ndarray:
    """Map labels {0, 1} to {-1, +1} (0 -> -1, 1 -> +1), as the perceptron expects.

    Labels that are already in {-1, +1} are returned unchanged.
    ``y``: (n,) array; returns an int64 array of shape (n,).
    """
    y = as_label_array(y, "y")
    values = set(np.unique(y).tolist())
    if values <= {0, 1}:
        return 2 * y - 1
    if values <= {-1, 1}:
        return y
    raise ValueError(f"y must contain only 0/1 (or -1/+1) labels, got values {sorted(values)}")


def one_hot(y: Any, num_classes: int | None = None) -> np.ndarray:
    """One-hot encode integer labels.

    ``y``: (n,) ints in 0..num_classes-1 (``num_classes`` defaults to ``max(y) + 1``).
    Returns a float64 array of shape (n, num_classes) with a single 1 per row.
    """
    y = as_label_array(y, "y")
    if y.min() < 0:
        raise ValueError(f"y must contain labels >= 0, got {y.min()}")
    if num_classes is None:
        num_classes = int(y.max()) + 1
    num_classes = check_int(num_classes, "num_classes", maximum=MAX_CLASSES)
    if y.max() >= num_classes:
        raise ValueError(f"num_classes={num_classes} is too small for the label {y.max()} in y")
    encoded = np.zeros((len(y), num_classes), dtype=np.float64)
    encoded[np.arange(len(y)), y] = 1.0
    return encoded


# ---------------------------------------------------------------------------
# splitting and batching
# ---------------------------------------------------------------------------
def train_val_test_split(
    X: Any,
    y: Any,
    *,
    val_fraction: float = 0.15,
    test_fraction: float = 0.15,
    seed: int = 0,
) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """Shuffle the examples (seeded) and split them into training, validation and test sets.

    The validation set gets ``round(n * val_fraction)`` examples, the test set
    ``round(n * test_fraction)``, the training set the rest. Each fraction must lie in
    [0, 1) and their sum must be < 1. No stratification.

    Returns ``((X_train, y_train), (X_val, y_val), (X_test, y_test))``; the X arrays keep
    the trailing shape of ``X`` (e.g. (n_train, 2)) and the y arrays that of ``y``.
    """
    X, y = as_numeric_array(X, "X"), as_numeric_array(y, "y")
    check_same_length(X, y)
    val_fraction = check_fraction(val_fraction, "val_fraction")
    test_fraction = check_fraction(test_fraction, "test_fraction")
    checked_seed = check_seed(seed)
    if val_fraction + test_fraction >= 1:
        raise ValueError(
            f"val_fraction + test_fraction must be < 1 to leave training data, "
            f"got {val_fraction} + {test_fraction} = {val_fraction + test_fraction}"
        )
    n = len(X)
    n_val, n_test = round(n * val_fraction), round(n * test_fraction)
    if n - n_val - n_test < 1:
        raise ValueError(f"too few examples ({n}) to split off a non-empty training set")
    order = np.random.default_rng(checked_seed).permutation(n)
    val_idx, test_idx = order[:n_val], order[n_val : n_val + n_test]
    train_idx = order[n_val + n_test :]
    return (X[train_idx], y[train_idx]), (X[val_idx], y[val_idx]), (X[test_idx], y[test_idx])


def iterate_minibatches(
    X: Any,
    y: Any,
    batch_size: int,
    *,
    shuffle: bool = True,
    seed: int | None = None,
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Yield ``(X_batch, y_batch)`` pairs that together cover every example once (one epoch).

    Batches hold ``batch_size`` examples; the last one holds the remainder when
    ``len(X)`` is not a multiple of ``batch_size``. With ``shuffle=True`` the order is a
    random permutation from ``np.random.default_rng(seed)`` (the same seed gives the same
    batches); with ``shuffle=False`` the examples come in their stored order.

    The inputs are checked when the function is called, before the first batch.
    """
    X, y = as_numeric_array(X, "X"), as_numeric_array(y, "y")
    check_same_length(X, y)
    batch_size = check_int(batch_size, "batch_size")
    shuffle = check_bool(shuffle, "shuffle")
    seed = check_seed(seed)
    order = np.random.default_rng(seed).permutation(len(X)) if shuffle else np.arange(len(X))

    def batches() -> Iterator[tuple[np.ndarray, np.ndarray]]:
        for start in range(0, len(order), batch_size):
            idx = order[start : start + batch_size]
            yield X[idx], y[idx]

    return batches()
