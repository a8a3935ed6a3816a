"""Gradient checking: compare analytic gradients with central finite differences.

For a scalar function f and a small ε, each partial derivative is approximated by

    ∂f/∂x_i ≈ (f(x + ε e_i) − f(x − ε e_i)) / (2ε),

whose error shrinks like ε². Use float64: in float32 the rounding error swamps it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .layers import Layer
from .losses import Loss


def numerical_gradient(f: Callable[[np.ndarray], float], x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Central-difference gradient of the scalar function ``f`` at ``x`` (same shape as x).

    ``x`` is perturbed in place one entry at a time and restored afterwards, so ``f``
    may read it by reference (e.g. a layer's weight array).
    """
    if x.dtype != np.float64:
        raise TypeError(f"gradient checks need float64 arrays, got {x.dtype}")
    grad = np.zeros_like(x)
    flat_x, flat_g = x.reshape(-1), grad.reshape(-1)
    for i in range(flat_x.size):
        original = flat_x[i]
        flat_x[i] = original + eps
        f_plus = f(x)
        flat_x[i] = original - eps
        f_minus = f(x)
        flat_x[i] = original
        flat_g[i] = (f_plus - f_minus) / (2 * eps)
    return grad


def relative_error(a: Any, b: Any) -> float:
    """max |a − b| / max(|a| + |b|) — about 1e-10 when two gradients agree in float64."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"shapes differ: {a.shape} vs {b.shape}")
    scale = np.max(np.abs(a) + np.abs(b))
    return 0.0 if scale == 0 else float(np.max(np.abs(a - b)) / scale)


def check_layer(layer: Layer, x: np.ndarray, seed: int = 0, eps: float = 1e-6) -> dict[str, float]:
    """Relative errors between ``layer.backward`` and finite differences.

    Uses the scalar L = Σ (layer(x) ⊙ R) with a fixed random R, so dL/d(output) = R.
    Returns {"input": err, "<param name>": err, ...}.
    """
    x = np.array(x, dtype=np.float64)
    R = np.random.default_rng(seed).normal(size=layer.forward(x).shape)

    def scalar(_: np.ndarray) -> float:
        return float(np.sum(layer.forward(x) * R))

    layer.forward(x)
    analytic_input = layer.backward(R)
    analytic_params = {p.name: p.grad.copy() for p in layer.parameters()}
    errors = {"input": relative_error(analytic_input, numerical_gradient(scalar, x, eps))}
    for p in layer.parameters():
        errors[p.name] = relative_error(analytic_params[p.name], numerical_gradient(scalar, p.value, eps))
    return errors


def check_loss(loss: Loss, pred: Any, target: Any, eps: float = 1e-6) -> float:
    """Relative error between ``loss.backward()`` and finite differences w.r.t. ``pred``."""
    pred = np.array(pred, dtype=np.float64)
    loss(pred, target)
    analytic = loss.backward()
    numeric = numerical_gradient(lambda p: loss(p, target), pred, eps)
    return relative_error(analytic, numeric.reshape(analytic.shape))
