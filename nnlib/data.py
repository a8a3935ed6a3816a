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

import numpy as np

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
def _check_n_samples(n_samples: int, minimum: int = 1) -> None:
    if int(n_samples) != n_samples or n_samples < minimum:
        raise ValueError(f"n_samples must be an integer >= {minimum}, got {n_samples!r}")


def _check_noise(noise: float) -> None:
    if not np.isfinite(noise) or noise < 0:
        raise ValueError(f"noise must be a finite number >= 0, got {noise!r}")


def _check_same_length(X: np.ndarray, y: np.ndarray) -> None:
    if len(X) != len(y):
        raise ValueError(
            f"X and y must have the same length (one label per example), "
            f"got len(X)={len(X)} and len(y)={len(y)}"
        )


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
    _check_n_samples(n_samples)
    _check_noise(noise)
    if distance < 0:
        raise ValueError(f"distance must be >= 0, got {distance!r}")
    rng = np.random.default_rng(seed)
    n0, n1 = _split_counts(n_samples, 2)
    half_step = distance / 2 / np.sqrt(2)  # centre offset along each axis
    centres = np.array([[-half_step, -half_step], [half_step, half_step]])
    y = np.repeat([0, 1], [n0, n1])
    X = centres[y] + noise * rng.standard_normal((n_samples, 2))
    return _shuffled(X, y, rng)


def make_xor(n_samples: int = 200, *, noise: float = 0.2, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """The XOR problem: four Gaussian clusters at the corners (±1, ±1).

    A cluster belongs to class 1 when its corner has ``sign(f1) != sign(f2)``
    (corners (1, -1) and (-1, 1)), otherwise to class 0. ``noise`` is the standard
    deviation of the Gaussian noise around each corner. No straight line separates
    the classes.

    Returns ``X`` (n_samples, 2) float64 and ``y`` (n_samples,) int64 in {0, 1}.
    """
    _check_n_samples(n_samples)
    _check_noise(noise)
    rng = np.random.default_rng(seed)
    corners = np.array([[1.0, 1.0], [-1.0, -1.0], [1.0, -1.0], [-1.0, 1.0]])
    which = np.repeat(np.arange(4), _split_counts(n_samples, 4))
    X = corners[which] + noise * rng.standard_normal((n_samples, 2))
    y = (np.sign(corners[which, 0]) != np.sign(corners[which, 1])).astype(np.int64)
    return _shuffled(X, y, rng)


def make_moons(n_samples: int = 200, *, noise: float = 0.1, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles (like scikit-learn's ``make_moons``).

    Class 0 is the upper half of the unit circle; class 1 is a lower half circle shifted
    to centre (1, 0.5). ``noise`` is the standard deviation of the Gaussian noise added
    to every coordinate.

    Returns ``X`` (n_samples, 2) float64 and ``y`` (n_samples,) int64 in {0, 1}.
    """
    _check_n_samples(n_samples)
    _check_noise(noise)
    rng = np.random.default_rng(seed)
    n_outer, n_inner = _split_counts(n_samples, 2)
    t_outer = np.linspace(0, np.pi, n_outer)
    t_inner = np.linspace(0, np.pi, n_inner)
    outer = np.column_stack([np.cos(t_outer), np.sin(t_outer)])
    inner = np.column_stack([1 - np.cos(t_inner), 0.5 - np.sin(t_inner)])
    X = np.vstack([outer, inner]) + noise * rng.standard_normal((n_samples, 2))
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
    _check_n_samples(n_samples)
    _check_noise(noise)
    if not 0 < factor < 1:
        raise ValueError(f"factor must be between 0 and 1 (exclusive), got {factor!r}")
    rng = np.random.default_rng(seed)
    n_outer, n_inner = _split_counts(n_samples, 2)
    t_outer = np.linspace(0, 2 * np.pi, n_outer, endpoint=False)
    t_inner = np.linspace(0, 2 * np.pi, n_inner, endpoint=False)
    outer = np.column_stack([np.cos(t_outer), np.sin(t_outer)])
    inner = factor * np.column_stack([np.cos(t_inner), np.sin(t_inner)])
    X = np.vstack([outer, inner]) + noise * rng.standard_normal((n_samples, 2))
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
    if int(n_classes) != n_classes or n_classes < 2:
        raise ValueError(f"n_classes must be an integer >= 2, got {n_classes!r}")
    _check_n_samples(n_samples, minimum=n_classes)
    _check_noise(noise)
    rng = np.random.default_rng(seed)
    counts = _split_counts(n_samples, n_classes)
    y = np.repeat(np.arange(n_classes), counts)
    radius = np.concatenate([np.linspace(0.0, 1.0, k + 1)[1:] for k in counts])
    angle = 2 * np.pi * (y / n_classes + radius) + noise * rng.standard_normal(n_samples)
    X = radius[:, None] * np.column_stack([np.cos(angle), np.sin(angle)])
    return _shuffled(X, y, rng)


# ---------------------------------------------------------------------------
# regression data set
# ---------------------------------------------------------------------------
def true_polynomial(x: np.ndarray | float, degree: int = 3) -> np.ndarray:
    """The noise-free curve behind :func:`make_polynomial_regression`.

    ``f(x) = 0.5 * x + 0.8 * T_degree(x)``, where ``T_degree`` is the Chebyshev
    polynomial of that degree. For the default ``degree=3`` this is the cubic

        f(x) = 3.2 x**3 - 1.9 x,

    an S-shaped wiggle that stays within about [-1.3, 1.3] on [-1, 1]: a straight
    line underfits it, a cubic fits it, a degree-15 polynomial overfits the noise.

    ``x``: scalar or array of any shape; returns a float64 array of the same shape.
    """
    if int(degree) != degree or degree < 1:
        raise ValueError(f"degree must be an integer >= 1, got {degree!r}")
    x = np.asarray(x, dtype=np.float64)
    chebyshev = np.zeros(int(degree) + 1)
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
    _check_n_samples(n_samples)
    _check_noise(noise)
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(-1.0, 1.0, n_samples))
    y = true_polynomial(x, degree) + noise * rng.standard_normal(n_samples)
    return x, y


# ---------------------------------------------------------------------------
# label helpers
# ---------------------------------------------------------------------------
def to_signed(y: np.ndarray) -> np.ndarray:
    """Map labels {0, 1} to {-1, +1} (0 -> -1, 1 -> +1), as the perceptron expects.

    Labels that are already in {-1, +1} are returned unchanged.
    ``y``: (n,) array; returns an int64 array of shape (n,).
    """
    y = np.asarray(y)
    values = set(np.unique(y).tolist())
    if values <= {0, 1}:
        return 2 * y.astype(np.int64) - 1
    if values <= {-1, 1}:
        return y.astype(np.int64)
    raise ValueError(f"y must contain only 0/1 (or -1/+1) labels, got values {sorted(values)}")


def one_hot(y: np.ndarray, num_classes: int | None = None) -> np.ndarray:
    """One-hot encode integer labels.

    ``y``: (n,) ints in 0..num_classes-1 (``num_classes`` defaults to ``max(y) + 1``).
    Returns a float64 array of shape (n, num_classes) with a single 1 per row.
    """
    y = np.asarray(y)
    if y.ndim != 1:
        raise ValueError(f"y must be a 1-D array of labels, got shape {y.shape}")
    if y.size and not np.all(np.equal(np.mod(y, 1), 0)):
        raise ValueError("y must contain integer class labels")
    y = y.astype(np.int64)
    if y.size and y.min() < 0:
        raise ValueError(f"y must contain labels >= 0, got {y.min()}")
    if num_classes is None:
        num_classes = int(y.max()) + 1 if y.size else 0
    if y.size and y.max() >= num_classes:
        raise ValueError(f"num_classes={num_classes} is too small for the label {y.max()} in y")
    encoded = np.zeros((len(y), num_classes), dtype=np.float64)
    encoded[np.arange(len(y)), y] = 1.0
    return encoded


# ---------------------------------------------------------------------------
# splitting and batching
# ---------------------------------------------------------------------------
def train_val_test_split(
    X: np.ndarray,
    y: np.ndarray,
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
    X, y = np.asarray(X), np.asarray(y)
    _check_same_length(X, y)
    for name, fraction in (("val_fraction", val_fraction), ("test_fraction", test_fraction)):
        if not 0 <= fraction < 1:
            raise ValueError(f"{name} must be in [0, 1), got {fraction!r}")
    if val_fraction + test_fraction >= 1:
        raise ValueError(
            f"val_fraction + test_fraction must be < 1 to leave training data, "
            f"got {val_fraction} + {test_fraction} = {val_fraction + test_fraction}"
        )
    n = len(X)
    n_val, n_test = round(n * val_fraction), round(n * test_fraction)
    if n - n_val - n_test < 1:
        raise ValueError(f"too few examples ({n}) to split off a non-empty training set")
    order = np.random.default_rng(seed).permutation(n)
    val_idx, test_idx = order[:n_val], order[n_val : n_val + n_test]
    train_idx = order[n_val + n_test :]
    return (X[train_idx], y[train_idx]), (X[val_idx], y[val_idx]), (X[test_idx], y[test_idx])


def iterate_minibatches(
    X: np.ndarray,
    y: np.ndarray,
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
    X, y = np.asarray(X), np.asarray(y)
    _check_same_length(X, y)
    if int(batch_size) != batch_size or batch_size < 1:
        raise ValueError(f"batch_size must be an integer >= 1, got {batch_size!r}")
    batch_size = int(batch_size)
    order = np.random.default_rng(seed).permutation(len(X)) if shuffle else np.arange(len(X))

    def batches() -> Iterator[tuple[np.ndarray, np.ndarray]]:
        for start in range(0, len(order), batch_size):
            idx = order[start : start + batch_size]
            yield X[idx], y[idx]

    return batches()
