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

The core (layers, losses, optim, model, parameter, callbacks, metrics) keeps its own checks
here too, one call each, so that its modules show the maths and the training loop: a section
per module below (``check_dense_input``, ``class_targets``, ``check_label_pair``,
``check_model_inputs``, ...).
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


def all_finite(arr: np.ndarray) -> bool:
    """True unless ``arr`` holds NaN or ±inf (integers always pass).

    A large float matrix is first summed row by row in one BLAS matrix-vector product, 3× faster
    than ``np.isfinite`` on MNIST's 60 000 × 784 images: a row holding NaN or ±inf sums to NaN or
    ±inf. Only when a sum is not finite (or overflowed) is every entry looked at.
    """
    if arr.dtype.kind != "f":
        return True
    contiguous = arr.flags.c_contiguous or arr.flags.f_contiguous  # (BLAS copies other views first)
    large_matrix = arr.ndim == 2 and arr.dtype in FLOAT_DTYPES and arr.size >= 1_000_000 and contiguous
    if large_matrix:
        with np.errstate(over="ignore", invalid="ignore"):  # inf − inf or an overflow: looked at below
            row_sums = arr @ np.ones(arr.shape[1], arr.dtype)
        if np.isfinite(row_sums).all():
            return True
    return bool(np.isfinite(arr).all())


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
    if not all_finite(arr):
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
    if not all_finite(arr):
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


# ----- the core: layers and parameters (nnlib.layers, nnlib.parameter) ----------------------


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


def check_float_dtype(dtype: Any) -> np.dtype[Any]:
    """A layer's dtype: float32 or float64."""
    try:
        checked: np.dtype[Any] = np.dtype(dtype)
    except TypeError:
        raise TypeError(f"dtype must be float32 or float64, got {dtype!r}") from None
    if checked not in FLOAT_DTYPES:
        raise TypeError(f"dtype must be float32 or float64, got {checked}")
    return checked


def check_parameter_value(value: Any) -> np.ndarray:
    """A ``Parameter``'s value: a float32 or float64 NumPy array of finite numbers, itself (not
    a copy), because optimizers update it in place."""
    if not (isinstance(value, np.ndarray) and value.dtype in FLOAT_DTYPES):
        kind = value.dtype if isinstance(value, np.ndarray) else type(value).__name__
        raise TypeError(f"value must be a float32 or float64 NumPy array (updated in place), got {kind}")
    return as_float_array(value, "value", allow_empty=True)


def check_dense_input(x: Any, layer: Any) -> np.ndarray:
    """The input of a ``Dense`` layer: (n, in_features) finite numbers, in the layer's dtype."""
    inputs = as_float_array(x, "x", dtype=layer.weight.value.dtype)
    if inputs.ndim != 2 or inputs.shape[1] != layer.in_features:
        raise ValueError(f"x: {layer!r} expects input of shape (n, {layer.in_features}), got {inputs.shape}")
    return inputs


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


def check_backward(
    grad_out: Any, saved: np.ndarray | None, layer: Any, width: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """``grad_out`` for ``layer.backward``, checked to have the shape of the last forward output
    (``saved``'s shape, with ``width`` columns if given), and ``saved``, what forward kept."""
    if saved is None:
        raise RuntimeError(f"{type(layer).__name__}: call forward before backward")
    shape = saved.shape if width is None else (*saved.shape[:-1], width)
    return check_grad(grad_out, shape, f"{type(layer).__name__}.backward"), saved


# ----- the core: losses (nnlib.losses) ------------------------------------------------------


def _shape(x: Any) -> tuple[int, ...]:
    """``np.shape(x)``, or () for things that have none (ragged lists are checked later)."""
    try:
        return np.shape(x)
    except ValueError:
        return ()


def same_values_shape(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    """True if the shapes differ at most by axes of length 1: (n, 1) and (n,) hold the same
    values in the same order, (3, 2) and (2, 3) do not."""
    return [s for s in a if s != 1] == [s for s in b if s != 1]


def as_2d_predictions(pred: Any, name: str = "pred") -> np.ndarray:
    """Predictions as (n, k): a single example of shape (k,) becomes (1, k)."""
    p = as_float_array(pred, name, ndim=(1, 2))
    return p[None, :] if p.ndim == 1 else p


def target_like(target: Any, pred: np.ndarray) -> np.ndarray:
    """A regression target for ``pred``, in pred's shape and dtype; only axes of length 1 may
    differ ((n,) and (n, 1) hold the same values in the same order)."""
    t = as_float_array(target, "target")
    if t.shape != pred.shape:
        if not same_values_shape(t.shape, pred.shape):
            raise ValueError(
                f"target shape {t.shape} does not match pred shape {pred.shape} "
                "(only axes of length 1 may differ, e.g. (n,) and (n, 1))"
            )
        t = t.reshape(pred.shape)
    return cast_float(t, pred.dtype, "target")


def check_labels(target: Any, n: int, k: int) -> np.ndarray:
    """Class labels (n,) in 0..k-1 for n predictions of k classes (a single number: one label)."""
    if _shape(target) == () and not isinstance(target, str | bytes) and target is not None:
        target = [target]  # one label for one example
    labels = as_label_array(target, "target")
    if labels.shape[0] != n:
        raise ValueError(f"target has {labels.shape[0]} labels but pred has {n} rows")
    if labels.min() < 0 or labels.max() >= k:
        raise ValueError(
            f"target labels must be in 0..{k - 1} (pred has {k} columns), "
            f"got values from {labels.min()} to {labels.max()}"
        )
    return labels


def check_distributions(t: np.ndarray, loss: str) -> None:
    """Target rows for a cross-entropy must be probability distributions (e.g. one-hot):
    the gradient softmax(z) − t is only right when every row sums to 1."""
    if t.min() < 0 or t.max() > 1 or not np.allclose(t.sum(axis=1), 1.0, atol=1e-6):
        raise ValueError(
            f"target rows for {loss} must be probability distributions (entries in [0, 1] summing "
            "to 1, e.g. one-hot rows); pass integer labels of shape (n,) otherwise"
        )


def class_targets(target: Any, n: int, k: int, dtype: np.dtype[Any], loss: str | None = None) -> np.ndarray:
    """Targets for n predictions of k classes: int labels (n,) in 0..k-1, or a float (n, k)
    matrix of target rows. A 2-D target is a matrix; so is a 1-D target of length k for a
    single prediction row (k > 1); any other 1-D target holds labels. With ``loss`` named, the
    rows must be probability distributions (see :func:`check_distributions`)."""
    shape = _shape(target)
    if not (len(shape) == 2 or (n == 1 and k > 1 and shape == (k,))):
        return check_labels(target, n, k)
    t = as_float_array(target, "target", ndim=(1, 2))
    if t.ndim == 1:
        t = t[None, :]
    if t.shape != (n, k):
        raise ValueError(f"target must have shape ({n}, {k}) like pred, got {np.shape(target)}")
    t = cast_float(t, dtype, "target")
    if loss is not None:
        check_distributions(t, loss)
    return t


def check_probability_rows(pred: Any) -> np.ndarray:
    """``pred`` for ``CrossEntropy``: (n, k) probabilities in [0, 1], each row summing to 1."""
    p = as_2d_predictions(pred)
    if p.min() < 0 or p.max() > 1 + 1e-6:
        raise ValueError(
            "pred must hold probabilities in [0, 1] for CrossEntropy; for raw scores "
            "(logits) use SoftmaxCrossEntropy"
        )
    if not np.allclose(p.sum(axis=1), 1.0, atol=1e-4):
        raise ValueError(
            "pred rows must sum to 1 for CrossEntropy (probabilities, e.g. from a Softmax layer); "
            "for raw scores (logits) use SoftmaxCrossEntropy"
        )
    return p


def check_binary(pred: Any, target: Any, *, from_logits: bool) -> tuple[np.ndarray, np.ndarray]:
    """``pred`` of shape (n,) or (n, 1) and ``target`` in [0, 1], one per prediction, for
    ``BinaryCrossEntropy``; unless ``from_logits``, pred must hold probabilities in [0, 1]."""
    p = as_float_array(pred, "pred", ndim=(1, 2))
    if p.ndim == 2 and p.shape[1] != 1:
        raise ValueError(f"pred must have shape (n,) or (n, 1) for BinaryCrossEntropy, got {p.shape}")
    t = as_float_array(target, "target", ndim=(1, 2))
    if not same_values_shape(t.shape, p.shape):
        raise ValueError(
            f"target has shape {t.shape} but pred has shape {p.shape}: one target per prediction"
        )
    if t.min() < 0 or t.max() > 1:
        raise ValueError("target must lie in [0, 1] for BinaryCrossEntropy (labels 0 and 1)")
    if not from_logits and (p.min() < 0 or p.max() > 1):
        raise ValueError(
            "pred must hold probabilities in [0, 1] for BinaryCrossEntropy; for raw scores "
            "use BinaryCrossEntropy(from_logits=True)"
        )
    return p, t


def check_loss_name(loss: Any, names: Iterable[str], base: type) -> str:
    """``loss`` if it is one of ``names``; a clear error for a ``base`` subclass (the class
    where an object was meant) and for anything else."""
    names = sorted(names)
    if isinstance(loss, type) and issubclass(loss, base):
        raise TypeError(f"loss must be a Loss object, not the class: write {loss.__name__}()")
    if not isinstance(loss, str):
        raise TypeError(f"loss must be a name in {names} or a Loss object, got {type(loss).__name__}")
    if loss not in names:
        raise ValueError(f"unknown loss {loss!r}; choose one of {names} or pass a Loss object")
    return loss


# ----- the core: metrics (nnlib.metrics) ----------------------------------------------------


def as_predicted_labels(y_pred: Any) -> np.ndarray:
    """Labels from predictions: labels (n,) as they are, scores (n, k) become argmax labels."""
    try:
        ndim = np.ndim(y_pred)
    except ValueError:  # ragged lists: let as_label_array say so
        ndim = 1
    if ndim == 2:
        scores = as_float_array(y_pred, "y_pred", ndim=2)  # NaN scores have no argmax
        if scores.shape[1] == 1:
            raise ValueError("y_pred has one column: threshold it into labels first")
        labels: np.ndarray = np.argmax(scores, axis=1)
        return labels
    return as_label_array(y_pred, "y_pred")


def check_label_pair(
    y_true: Any, y_pred: Any, *, num_classes: int | None = None, negative_ok: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """True labels (n,) and predicted labels (n,) (from labels or scores) for a metric; labels
    must be >= 0 unless ``negative_ok`` and < ``num_classes`` if given."""
    t = as_label_array(y_true, "y_true", num_classes=num_classes)
    p = as_predicted_labels(y_pred)
    check_same_length(t, p, "y_true", "y_pred")
    for name, labels in (("y_true", t), ("y_pred", p)):
        if not negative_ok and labels.min() < 0:
            raise ValueError(f"{name} must hold labels 0..k-1, got the negative label {labels.min()}")
    return t, p


def check_confusion_size(k: int, y_pred: np.ndarray, max_classes: int) -> None:
    """A k × k confusion matrix must be of sensible size and hold every predicted label."""
    if k > max_classes:
        raise ValueError(f"y_true and y_pred hold labels up to {k - 1}: a {k}×{k} matrix is too large")
    if y_pred.max() >= k:
        raise ValueError(f"y_pred has the label {y_pred.max()}, but num_classes={k} allows only 0..{k - 1}")


# ----- the core: the model, its optimizers and callbacks (nnlib.model, optim, callbacks) -----


def check_layers(layers: Iterable[Any], base: type) -> list[Any]:
    """The layers of a ``Sequential``: at least one, each an instance of ``base``."""
    found = list(layers)
    if not found:
        raise ValueError("Sequential needs at least one layer")
    for i, layer in enumerate(found):
        if not isinstance(layer, base):
            raise TypeError(f"layer {i} is a {type(layer).__name__}, not an nnlib Layer")
    return found


def check_model_inputs(X: Any, layers: Sequence[Any], dtype: np.dtype[Any], name: str = "X") -> np.ndarray:
    """Inputs for a ``Sequential``: (n, features) finite numbers in the model's dtype, as many
    features as its first Dense layer (the first layer with ``in_features``) expects."""
    inputs = as_float_array(X, name, ndim=2, dtype=dtype)
    first = next((layer for layer in layers if hasattr(layer, "in_features")), None)
    if first is not None and inputs.shape[1] != first.in_features:
        raise ValueError(
            f"{name} has {inputs.shape[1]} features per example (shape {inputs.shape}) but the "
            f"first Dense layer expects {first.in_features}"
        )
    return inputs


def check_model_targets(y: Any, n: int, dtype: np.dtype[Any], name: str = "y") -> np.ndarray:
    """Targets for n examples: labels stay integers, float targets take the model's dtype."""
    targets = as_numeric_array(y, name)
    check_same_length(np.empty(n), targets, "X", name)
    return cast_float(targets, dtype, name) if targets.dtype.kind == "f" else targets


def check_validation(validation_split: Any, validation_data: Any) -> float:
    """``fit``'s validation_split, a fraction in [0, 1); only one of the two ways to validate."""
    fraction = check_fraction(validation_split, "validation_split")
    if fraction and validation_data is not None:
        raise ValueError("give either validation_split or validation_data, not both")
    return fraction


def check_split_size(validation_split: float, n: int) -> int:
    """How many of n examples ``validation_split`` holds out: at least one, and not all."""
    n_val = int(round(validation_split * n))
    if n_val == 0 or n_val == n:
        raise ValueError(f"validation_split={validation_split} leaves an empty set")
    return n_val


def check_validation_data(
    validation_data: Any, layers: Sequence[Any], dtype: np.dtype[Any]
) -> tuple[np.ndarray, np.ndarray]:
    """``fit``'s validation_data: a pair (X_val, y_val), each checked like ``fit``'s X and y."""
    if not (isinstance(validation_data, tuple | list) and len(validation_data) == 2):
        raise TypeError("validation_data must be a pair (X_val, y_val)")
    X_val = check_model_inputs(validation_data[0], layers, dtype, "validation X")
    return X_val, check_model_targets(validation_data[1], len(X_val), dtype, "validation y")


def check_callbacks(callbacks: Any, base: type) -> list[Any]:
    """``fit``'s callbacks: None, one ``base`` object or an iterable of them, as a list."""
    found = [] if callbacks is None else list(callbacks) if isinstance(callbacks, Iterable) else [callbacks]
    if not all(isinstance(cb, base) for cb in found):
        raise TypeError(f"callbacks must be a list of Callback objects, got {callbacks!r}")
    return found


def check_weights(weights: Any, params: Sequence[Any]) -> list[np.ndarray]:
    """Arrays for ``set_weights``: one per parameter, each of its shape, cast to its dtype."""
    if len(weights) != len(params):
        raise ValueError(f"weights must hold {len(params)} arrays, one per parameter; got {len(weights)}")
    checked = []
    for i, (p, w) in enumerate(zip(params, weights, strict=True)):
        w = as_float_array(w, f"weights[{i}]")
        if w.shape != p.value.shape:
            raise ValueError(f"weights[{i}] ({p.name}): expected shape {p.value.shape}, got {w.shape}")
        checked.append(cast_float(w, p.value.dtype, f"weights[{i}]"))
    return checked


def too_large(values: np.ndarray, dtype: np.dtype[Any]) -> bool:
    """True if ``values`` hold NaN, ±inf or a number beyond √(largest float): squaring it overflows."""
    return not np.abs(values).max() <= np.sqrt(np.finfo(dtype).max)


def check_outputs(out: np.ndarray, dtype: np.dtype[Any]) -> np.ndarray:
    """A trained model's outputs, usable for a loss (see :func:`too_large`)."""
    if too_large(out, dtype):
        raise ValueError(f"the model's outputs on X reach {np.abs(out).max():.3g}: retrain it")
    return out


def check_parameter(param: Any, base: type) -> None:
    """What an optimizer updates: a ``Parameter`` (``base``), as ``model.parameters()`` lists them."""
    if not isinstance(param, base):
        raise TypeError(f"param must be a Parameter (model.parameters()), got {type(param).__name__}")


def check_betas(betas: Any) -> tuple[float, float]:
    """Adam's (β₁, β₂): two numbers in [0, 1)."""
    if not isinstance(betas, tuple | list) or len(betas) != 2:
        raise TypeError(f"betas must be a pair (β₁, β₂) of numbers in [0, 1), got {betas!r}")
    return check_fraction(betas[0], "betas[0]"), check_fraction(betas[1], "betas[1]")


def check_monitored(monitor: str, logs: dict[str, float]) -> float:
    """The value ``EarlyStopping`` monitors, from the epoch's logs."""
    if monitor not in logs:
        raise ValueError(
            f"EarlyStopping monitors {monitor!r}, but fit only logs {sorted(logs)}; "
            "give fit validation data or monitor another quantity"
        )
    return logs[monitor]


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
