"""Input checks shared by the whole library.

Every public function validates what it is given and raises a ``ValueError`` or
``TypeError`` whose message names the argument and the shapes involved, so that a
mistake shows up as a sentence rather than as a traceback from deep inside NumPy.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

FLOAT_DTYPES = (np.float32, np.float64)


def as_float_array(
    x: Any, name: str, *, ndim: int | Iterable[int] | None = None, dtype: Any = None
) -> np.ndarray:
    """Return ``x`` as a finite, non-empty floating-point array.

    Integer input is converted to float64; float32 and float64 are kept as they are
    (unless ``dtype`` asks for another). ``ndim`` restricts the number of dimensions.
    """
    if isinstance(x, str | bytes) or x is None:
        raise TypeError(f"{name} must be an array of numbers, got {type(x).__name__}")
    try:
        arr = np.asarray(x)
    except Exception as err:  # ragged lists and the like
        raise TypeError(f"{name} could not be turned into an array: {err}") from None
    if arr.dtype == object or not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool):
        raise TypeError(f"{name} must hold numbers, got dtype {arr.dtype}")
    if dtype is not None:
        arr = arr.astype(dtype, copy=False)
    elif arr.dtype not in FLOAT_DTYPES:
        arr = arr.astype(np.float64)
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if arr.ndim not in allowed:
            want = " or ".join(f"{d}-D" for d in allowed)
            raise ValueError(f"{name} must be {want}, got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} is empty (shape {arr.shape})")
    # min and max are NaN if any entry is NaN and infinite if any is: two fast passes
    # that, unlike np.isfinite(arr).all(), allocate nothing on large arrays
    if not (np.isfinite(arr.min()) and np.isfinite(arr.max())):
        bad = int(np.size(arr) - np.count_nonzero(np.isfinite(arr)))
        raise ValueError(f"{name} contains {bad} NaN or infinite value(s)")
    return arr


def as_label_array(y: Any, name: str = "y", *, allowed: Iterable[int] | None = None) -> np.ndarray:
    """Return ``y`` as a 1-D int64 array of class labels, checking the allowed set."""
    arr = np.asarray(y)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of labels, got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} is empty")
    if arr.dtype.kind == "f":
        if not np.isfinite(arr).all():
            raise ValueError(f"{name} contains NaN or infinite values")
        if not np.all(arr == np.round(arr)):
            raise ValueError(f"{name} must hold whole-number class labels, got fractions")
    elif arr.dtype.kind not in "iub":
        raise TypeError(f"{name} must hold integer class labels, got dtype {arr.dtype}")
    labels = arr.astype(np.int64)
    if allowed is not None:
        allowed_set = set(allowed)
        unexpected = sorted(set(np.unique(labels).tolist()) - allowed_set)
        if unexpected:
            raise ValueError(
                f"{name} has labels {unexpected[:5]} outside the allowed set {sorted(allowed_set)}"
            )
    return labels


def check_same_length(X: np.ndarray, y: np.ndarray, x_name: str = "X", y_name: str = "y") -> None:
    """Raise if ``X`` and ``y`` do not describe the same number of examples."""
    if len(X) != len(y):
        raise ValueError(
            f"{x_name} and {y_name} must have the same number of examples: "
            f"{x_name} has shape {np.shape(X)}, {y_name} has shape {np.shape(y)}"
        )


def check_positive(value: Any, name: str, *, allow_zero: bool = False) -> float:
    """Return ``value`` as a float, raising unless it is a finite number > 0 (or >= 0)."""
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise TypeError(f"{name} must be a number, got {type(value).__name__}")
    value = float(value)
    if not np.isfinite(value) or value < 0 or (value == 0 and not allow_zero):
        bound = ">= 0" if allow_zero else "> 0"
        raise ValueError(f"{name} must be {bound}, got {value}")
    return value


def check_int(value: Any, name: str, *, minimum: int = 1) -> int:
    """Return ``value`` as an int, raising unless it is a whole number >= ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return int(value)


def check_fraction(value: Any, name: str) -> float:
    """Return ``value`` as a float in [0, 1)."""
    value = check_positive(value, name, allow_zero=True)
    if value >= 1:
        raise ValueError(f"{name} must be in [0, 1), got {value}")
    return value


def check_X_y(X: Any, y: Any, *, allowed: Iterable[int] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Training data for the classic classifiers: X as float64 (n, d), y as int labels (n,)."""
    X = as_float_array(X, "X", ndim=2, dtype=np.float64)
    y = as_label_array(y, "y", allowed=allowed)
    check_same_length(X, y)
    return X, y


def check_features(X: Any, n_features: int) -> np.ndarray:
    """Data to predict on: float64 (m, n_features), the width the model was fitted with."""
    X = as_float_array(X, "X", ndim=2, dtype=np.float64)
    if X.shape[1] != n_features:
        raise ValueError(f"X must have {n_features} features, got shape {X.shape}")
    return X
