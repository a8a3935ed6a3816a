"""Gradient checking: compare analytic gradients with central finite differences.

For a scalar function f and a small ε, each partial derivative is approximated by

    ∂f/∂x_i ≈ (f(x + ε e_i) − f(x − ε e_i)) / (2ε),

whose error shrinks like ε². Use float64: in float32 the rounding error swamps it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ._validation import as_float_array, check_positive, check_seed
from .layers import Layer
from .losses import Loss


def _check_eps(eps: Any) -> float:
    eps = check_positive(eps, "eps")
    if eps >= 1:
        raise ValueError(f"eps must be a small step (e.g. 1e-6), got {eps}")
    return eps


def _as_scalar(value: Any, where: str) -> float:
    """The value of f as a float; f must return one finite number."""
    if np.size(value) != 1:
        raise ValueError(f"f must return a single number, got an array of shape {np.shape(value)} {where}")
    try:
        number = float(np.asarray(value).reshape(()))
    except (TypeError, ValueError):
        raise TypeError(f"f must return a number, got {type(value).__name__} {where}") from None
    if not np.isfinite(number):
        raise ValueError(f"f returned {number} {where}: the gradient is undefined there")
    return number


def numerical_gradient(f: Callable[[np.ndarray], float], x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Central-difference gradient of the scalar function ``f`` at ``x`` (same shape as x).

    ``x`` is perturbed in place one entry at a time and restored afterwards, so ``f``
    may read it by reference (e.g. a layer's weight array) — also when ``x`` is a view
    such as ``W.T``. ``x`` must therefore be a writable float64 NumPy array.
    """
    if not callable(f):
        raise TypeError(f"f must be a function of x, got {type(f).__name__}")
    if not isinstance(x, np.ndarray):
        raise TypeError(
            f"x must be a NumPy float64 array (it is changed in place while f reads it), "
            f"got {type(x).__name__}; use np.array(x, dtype=np.float64)"
        )
    if x.dtype != np.float64:
        raise TypeError(f"x: gradient checks need float64 arrays, got {x.dtype}")
    as_float_array(x, "x")  # not empty, no NaN or inf
    if not x.flags.writeable:
        raise ValueError("x is read-only, but numerical_gradient must perturb it in place: pass a copy")
    eps = _check_eps(eps)
    grad = np.zeros(x.shape)
    # Index x itself (not x.reshape(-1), which is a copy when x is a view like A.T)
    for i in np.ndindex(x.shape):
        original = x[i]
        x[i] = original + eps
        f_plus = _as_scalar(f(x), f"at x{list(i)} + eps")
        x[i] = original - eps
        f_minus = _as_scalar(f(x), f"at x{list(i)} - eps")
        x[i] = original
        grad[i] = (f_plus - f_minus) / (2 * eps)
    return grad


def relative_error(a: Any, b: Any) -> float:
    """max |a − b| / max(|a| + |b|) — about 1e-10 when two gradients agree in float64."""
    a = as_float_array(a, "a", dtype=np.float64)
    b = as_float_array(b, "b", dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape: {a.shape} vs {b.shape}")
    scale = np.max(np.abs(a) + np.abs(b))
    return 0.0 if scale == 0 else float(np.max(np.abs(a - b)) / scale)


def check_layer(layer: Layer, x: Any, seed: int = 0, eps: float = 1e-6) -> dict[str, float]:
    """Relative errors between ``layer.backward`` and finite differences.

    Uses the scalar L = Σ (layer(x) ⊙ R) with a fixed random R, so dL/d(output) = R.
    Returns {"input": err, "<param name>": err, ...}.
    """
    if not isinstance(layer, Layer):
        raise TypeError(f"layer must be an nnlib Layer, got {type(layer).__name__}")
    x = np.array(as_float_array(x, "x"), dtype=np.float64)
    rng = np.random.default_rng(check_seed(seed))
    eps = _check_eps(eps)
    params = layer.parameters()
    for p in params:
        if p.value.dtype != np.float64:
            raise TypeError(f"layer: gradient checks need float64 parameters, {p.name} is {p.value.dtype}")
    R = rng.normal(size=layer.forward(x).shape)

    def scalar(_: np.ndarray) -> float:
        return float(np.sum(layer.forward(x) * R))

    layer.forward(x)
    analytic_input = layer.backward(R)
    analytic_params = {p.name: p.grad.copy() for p in params}
    errors = {"input": relative_error(analytic_input, numerical_gradient(scalar, x, eps))}
    for p in params:
        errors[p.name] = relative_error(analytic_params[p.name], numerical_gradient(scalar, p.value, eps))
    return errors


def check_loss(loss: Loss, pred: Any, target: Any, eps: float = 1e-6) -> float:
    """Relative error between ``loss.backward()`` and finite differences w.r.t. ``pred``."""
    if not isinstance(loss, Loss):
        raise TypeError(f"loss must be an nnlib Loss object, got {type(loss).__name__}")
    pred = np.array(as_float_array(pred, "pred"), dtype=np.float64)
    eps = _check_eps(eps)
    loss(pred, target)
    analytic = loss.backward()
    numeric = numerical_gradient(lambda p: loss(p, target), pred, eps)
    return relative_error(analytic, numeric.reshape(analytic.shape))
