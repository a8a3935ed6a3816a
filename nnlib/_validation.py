"""Input checks shared by the whole library, in the spirit of scikit-learn's ``check_array``.

Every public function of nnlib checks what it is given with these helpers and raises a
``ValueError`` (wrong value: shape, NaN, out-of-range label, absurd number) or a
``TypeError`` (wrong kind of thing: a string, a complex or boolean array) whose message
starts with the argument's name. A mistake then shows up as a sentence about *your*
argument rather than as a traceback from deep inside NumPy, or worse, as a silently
wrong answer.

Arrays of numbers:   :func:`as_float_array`, :func:`as_numeric_array`, :func:`check_X_y`,
                     :func:`check_features`
Class labels:        :func:`as_label_array`
Hyper-parameters:    :func:`check_positive`, :func:`check_number`, :func:`check_int`,
                     :func:`check_fraction`, :func:`check_seed`, :func:`check_bool`,
                     :func:`check_choice`
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

FLOAT_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))

# What each NumPy dtype kind is called in a message (kinds nnlib never turns into numbers).
_REJECTED_KINDS = {
    "b": "boolean",
    "c": "complex",
    "O": "object",
    "U": "string",
    "S": "bytes",
    "V": "structured",
    "M": "datetime",
    "m": "timedelta",
}


# ---------------------------------------------------------------------------
# arrays
# ---------------------------------------------------------------------------
def _as_array(x: Any, name: str) -> np.ndarray:
    """``np.asarray(x)`` with the failures a reader can make turned into clear errors."""
    if x is None or isinstance(x, str | bytes):
        raise TypeError(f"{name} must be an array of numbers, got {type(x).__name__}")
    try:
        return np.asarray(x)
    except (ValueError, TypeError) as err:  # ragged nested lists, objects numpy can't read
        raise ValueError(f"{name} could not be turned into an array (ragged rows?): {err}") from None


def _reject_kind(arr: np.ndarray, name: str, what: str, hint: str = "") -> None:
    kind = _REJECTED_KINDS.get(arr.dtype.kind)
    if kind is not None or arr.dtype.kind not in "iuf":
        raise TypeError(f"{name} must hold {what}, got a {kind or arr.dtype} array (dtype {arr.dtype}){hint}")


def _describe_shape(shape: Sequence[int | None]) -> str:
    inner = ", ".join("n" if s is None else str(s) for s in shape)
    return f"({inner},)" if len(shape) == 1 else f"({inner})"


def as_float_array(
    x: Any,
    name: str,
    *,
    ndim: int | Iterable[int] | None = None,
    shape: Sequence[int | None] | None = None,
    dtype: Any = None,
    allow_empty: bool = False,
) -> np.ndarray:
    """Return ``x`` as a finite floating-point array, or raise naming ``name``.

    Integer input becomes float64; float32 and float64 are kept (or cast to ``dtype``).
    Boolean, complex, object and string arrays are refused (``TypeError``): converting
    them would silently drop an imaginary part or turn True into 1.0.
    ``ndim``: the allowed number(s) of dimensions. ``shape``: the expected shape, with
    ``None`` for "any size" (e.g. ``(None, 3)``). Empty arrays are refused unless
    ``allow_empty``. NaN and ±inf are refused, also when they appear only after the
    cast to ``dtype`` (1e39 does not fit into float32).
    """
    arr = _as_array(x, name)
    _reject_kind(arr, name, "real numbers")
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if arr.ndim not in allowed:
            want = " or ".join(f"{d}-D" for d in allowed)
            raise ValueError(f"{name} must be {want}, got shape {arr.shape}")
    if shape is not None and (
        arr.ndim != len(shape) or any(s not in (None, a) for s, a in zip(shape, arr.shape, strict=False))
    ):
        raise ValueError(f"{name} must have shape {_describe_shape(shape)}, got {arr.shape}")
    if arr.size == 0 and not allow_empty:
        raise ValueError(f"{name} is empty (shape {arr.shape})")
    # (the plain check: min/max "two passes" were measured no faster, on MNIST or on batches)
    if not np.isfinite(arr).all():
        bad = int(arr.size - np.count_nonzero(np.isfinite(arr)))
        raise ValueError(f"{name} contains {bad} NaN or infinite value(s)")
    target = np.dtype(dtype) if dtype is not None else None
    if target is None and arr.dtype not in FLOAT_DTYPES:
        target = np.dtype(np.float64)
    if target is None:
        return arr
    if target.kind != "f":
        raise TypeError(f"{name}: can only convert to a floating dtype, not {target}")
    return cast_float(arr, target, name)


def as_label_array(
    y: Any,
    name: str = "y",
    *,
    allowed: Iterable[int] | None = None,
    num_classes: int | None = None,
) -> np.ndarray:
    """Return ``y`` as a 1-D int64 array of class labels, or raise naming ``name``.

    Whole-number floats (1.0) are accepted; fractions, NaN, booleans and strings are not.
    ``num_classes``: labels must lie in 0 … num_classes − 1. ``allowed``: the set of
    labels that may occur (e.g. {−1, +1} for the perceptron).
    """
    arr = _as_array(y, name)
    hint = " (convert with .astype(int))" if arr.dtype.kind == "b" else ""
    _reject_kind(arr, name, "integer class labels", hint)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of labels, got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} is empty (shape {arr.shape})")
    if arr.dtype.kind == "f":
        if not np.isfinite(arr).all():
            raise ValueError(f"{name} contains NaN or infinite values")
        if not np.all(arr == np.round(arr)):
            raise ValueError(f"{name} must hold whole-number class labels, got fractions")
    labels = arr.astype(np.int64)
    if num_classes is not None:
        lo, hi = int(labels.min()), int(labels.max())
        if lo < 0 or hi >= num_classes:
            bad = labels[(labels < 0) | (labels >= num_classes)]
            raise ValueError(
                f"{name} must hold labels in 0..{num_classes - 1} (num_classes={num_classes}), "
                f"got {np.unique(bad)[:5].tolist()}"
            )
    if allowed is not None:
        allowed_set = set(allowed)
        unexpected = sorted(set(np.unique(labels).tolist()) - allowed_set)
        if unexpected:
            allowed_text = sorted(allowed_set)
            raise ValueError(f"{name} has labels {unexpected[:5]} outside the allowed set {allowed_text}")
    return labels


def as_numeric_array(x: Any, name: str) -> np.ndarray:
    """Return ``x`` as a non-empty array of real numbers with at least one axis, keeping its
    dtype (integer labels stay integers): for helpers that only reorder or slice examples."""
    arr = _as_array(x, name)
    _reject_kind(arr, name, "real numbers")
    if arr.ndim == 0:
        raise ValueError(f"{name} must have one entry per example, got a single number")
    if arr.size == 0:
        raise ValueError(f"{name} is empty (shape {arr.shape})")
    if arr.dtype.kind == "f" and not np.isfinite(arr).all():
        bad = int(arr.size - np.count_nonzero(np.isfinite(arr)))
        raise ValueError(f"{name} contains {bad} NaN or infinite value(s)")
    return arr


def check_same_length(X: Any, y: Any, x_name: str = "X", y_name: str = "y") -> None:
    """Raise unless ``X`` and ``y`` describe the same number of examples."""
    if len(X) != len(y):
        raise ValueError(
            f"{x_name} and {y_name} must have the same number of examples: "
            f"{x_name} has shape {np.shape(X)}, {y_name} has shape {np.shape(y)}"
        )


def check_X_y(X: Any, y: Any, *, allowed: Iterable[int] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Training data for the classic classifiers: X as float64 (n, d), y as int labels (n,)."""
    X = as_float_array(X, "X", ndim=2, dtype=np.float64)
    y = as_label_array(y, "y", allowed=allowed)
    check_same_length(X, y)
    return X, y


def check_features(X: Any, n_features: int) -> np.ndarray:
    """Data to predict on: float64 (m, n_features), the width the model was fitted with."""
    features = as_float_array(X, "X", ndim=2, dtype=np.float64)
    if features.shape[1] != n_features:
        raise ValueError(f"X must have {n_features} features, got shape {features.shape}")
    return features


# ----- the core's layers and model (nnlib.layers, nnlib.model) ------------------------------


def cast_float(x: np.ndarray, dtype: Any, name: str) -> np.ndarray:
    """``x`` cast to the float ``dtype``, raising if a value does not fit (1e39 in float32)."""
    dtype = np.dtype(dtype)
    if x.dtype == dtype:
        return x
    if x.size and np.abs(x).max() > np.finfo(dtype).max:
        raise ValueError(
            f"{name} has values up to {np.abs(x).max():.3g}, more than {dtype} can hold "
            f"(±{np.finfo(dtype).max:.3g}); rescale the data"
        )
    return x.astype(dtype)


def check_grad(grad: Any, shape: tuple[int, ...], where: str) -> np.ndarray:
    """dL/d(output) for a layer's backward pass: exactly ``shape``, never broadcast."""
    g = (
        grad
        if isinstance(grad, np.ndarray) and grad.dtype in FLOAT_DTYPES
        else as_float_array(grad, "grad_out")
    )
    if g.shape != shape:
        raise ValueError(f"{where} expects grad_out of shape {shape} (the forward output's), got {g.shape}")
    return g


def check_model_file(
    config: Any, arrays: dict[str, np.ndarray], types: Iterable[str]
) -> list[tuple[str, dict[str, Any], list[np.ndarray]]]:
    """The layers of a saved model as (type, constructor arguments, weight arrays), checked
    before anything is built: known types, and every Dense's declared shapes matching the
    next two saved arrays (a 1 KB file cannot make ``load`` allocate 3 GB), none left over."""
    if not isinstance(config, list) or not all(isinstance(spec, dict) for spec in config):
        raise ValueError("the architecture is not a list of layer descriptions")
    known, layers, k = set(types), [], 0
    for i, spec in enumerate(config):
        kind, kwargs = spec.get("type"), {key: v for key, v in spec.items() if key != "type"}
        if not isinstance(kind, str) or kind not in known:
            raise ValueError(f"layer {i} has unknown type {kind!r}; known: {sorted(known)}")
        weights = []
        if kind == "Dense":
            if set(kwargs) != {"in_features", "out_features", "dtype"}:
                raise ValueError(f"layer {i}: Dense takes in_features, out_features, dtype: {sorted(kwargs)}")
            shapes = [(kwargs["out_features"], kwargs["in_features"]), (kwargs["out_features"],)]
            weights = [arrays[f"param_{j}"] for j in (k, k + 1) if f"param_{j}" in arrays]
            if [w.shape for w in weights] != shapes:
                found = [w.shape for w in weights]
                raise ValueError(f"layer {i} declares Dense shapes {shapes}, the file has {found}")
            k += 2
        layers.append((kind, kwargs, weights))
    if len(arrays) != k:
        raise ValueError(f"the file holds {len(arrays)} weight arrays, the architecture uses {k}")
    return layers


# ---------------------------------------------------------------------------
# hyper-parameters (single values)
# ---------------------------------------------------------------------------
def _real(value: Any, name: str, what: str = "a number") -> int | float:
    """``value`` if it is a real number (a 0-d NumPy array counts), else a TypeError.
    True and False are refused: ``lr=True`` is a mistake, not 1.0."""
    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf":
        value = value.item()
    real = int | float | np.integer | np.floating
    if isinstance(value, bool | np.bool_) or not isinstance(value, real):
        raise TypeError(f"{name} must be {what}, got {type(value).__name__}")
    return value.item() if isinstance(value, np.generic) else value


def check_number(value: Any, name: str) -> float:
    """Return ``value`` as a float, raising unless it is a finite real number."""
    number = float(_real(value, name))
    if not np.isfinite(number):
        raise ValueError(f"{name} must be a finite number, got {number}")
    return number


def check_positive(value: Any, name: str, *, allow_zero: bool = False) -> float:
    """Return ``value`` as a float, raising unless it is a finite number > 0 (or >= 0)."""
    number = float(_real(value, name))
    if not np.isfinite(number) or number < 0 or (number == 0 and not allow_zero):
        bound = ">= 0" if allow_zero else "> 0"
        finite = "" if np.isfinite(number) else "a finite number "
        raise ValueError(f"{name} must be {finite}{bound}, got {number}")
    return number


def check_fraction(value: Any, name: str) -> float:
    """Return ``value`` as a float in [0, 1)."""
    fraction = check_positive(value, name, allow_zero=True)
    if fraction >= 1:
        raise ValueError(f"{name} must be in [0, 1), got {fraction}")
    return fraction


def check_int(value: Any, name: str, *, minimum: int | None = 1, maximum: int | None = None) -> int:
    """Return ``value`` as an int, raising unless it is a whole number in [minimum, maximum].

    Whole-number floats (3.0) count as integers; 2.7, NaN, True and "3" do not.
    """
    number = _real(value, name, "an integer")
    if isinstance(number, float | np.floating) and not float(number).is_integer():
        raise ValueError(f"{name} must be a whole number, got {number}")
    whole = int(number)
    if minimum is not None and whole < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {whole}")
    if maximum is not None and whole > maximum:
        raise ValueError(f"{name} must be <= {maximum}, got {whole}")
    return whole


def check_seed(seed: Any, name: str = "seed") -> int | None:
    """A random seed: None (fresh randomness) or an integer >= 0."""
    return None if seed is None else check_int(seed, name, minimum=0)


def check_bool(value: Any, name: str) -> bool:
    """Return ``value`` if it is True or False (also NumPy's), else raise ``TypeError``."""
    if not isinstance(value, bool | np.bool_):
        raise TypeError(f"{name} must be True or False, got {value!r}")
    return bool(value)


def check_choice(value: Any, name: str, options: Iterable[Any]) -> Any:
    """Return ``value`` if it is one of ``options``, else raise ``ValueError`` listing them."""
    options = list(options)
    try:
        ok = value in options
    except TypeError:  # unhashable or incomparable values
        ok = False
    if not ok:
        raise ValueError(f"{name} must be one of {options}, got {value!r}")
    return value
