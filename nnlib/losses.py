"""Loss functions: one number that says how wrong a batch of predictions is.

Usage: ``value = loss(pred, target)`` returns the loss averaged over the batch and
remembers what it needs; ``loss.backward()`` then returns dL/d(pred), an array of
the same shape as ``pred``. Classification targets may be integer labels of shape
(n,) or one-hot / probability rows of shape (n, k).
"""

from __future__ import annotations

from typing import Any, cast

import numpy as np

from ._validation import (
    as_2d_predictions,
    as_float_array,
    check_binary,
    check_bool,
    check_loss_name,
    check_probability_rows,
    class_targets,
    target_like,
)
from .layers import sigmoid

EPS = 1e-12  # probabilities are clipped to [EPS, 1] before taking a logarithm


def clip_eps(dtype: Any) -> float:
    """How far from 0 and 1 probabilities are clipped in ``dtype``: EPS, or more if needed.

    In float32, 1 − 1e-12 rounds to exactly 1.0 and log(1 − p) would be log(0); the
    smallest step below 1 that float32 can represent is about 6e-8, so that is used.
    """
    return max(EPS, float(np.finfo(dtype).epsneg))


class Loss:
    """Base class: ``__call__(pred, target) -> float`` and ``backward() -> dL/dpred``."""

    #: True when the targets are classes, so accuracy makes sense alongside the loss.
    is_classification = False

    def forward(self, pred: Any, target: Any) -> float:
        raise NotImplementedError

    def backward(self) -> np.ndarray:
        raise NotImplementedError

    def __call__(self, pred: Any, target: Any) -> float:
        return self.forward(pred, target)

    def _saved(self, name: str) -> np.ndarray:
        """The array forward stored for backward, or a clear error if forward never ran."""
        if not hasattr(self, name):
            raise RuntimeError(f"{type(self).__name__}: call the loss on (pred, target) before backward()")
        return cast(np.ndarray, getattr(self, name))

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


def one_hot_targets(target: Any, n: int, k: int, dtype: Any, loss: str | None = None) -> np.ndarray:
    """Targets as an (n, k) matrix: integer labels become one-hot rows, target rows stay.

    ``loss``: the cross-entropy whose target rows must be probability distributions.
    """
    t = class_targets(target, n, k, dtype, loss)  # labels (n,) or rows (n, k), checked
    if t.ndim == 2:
        return t
    onehot = np.zeros((n, k), dtype=dtype)
    onehot[np.arange(n), t] = 1
    return onehot


class MeanSquaredError(Loss):
    """MSE = mean over all elements of (pred − target)²  (like ``torch.nn.MSELoss``).

    Gradient: 2 (pred − target) / (number of elements).
    """

    def forward(self, pred: Any, target: Any) -> float:
        p = as_float_array(pred, "pred")
        self._diff = p - target_like(target, p)  # (target reshaped to pred's shape: (n,) or (n, 1))
        return float(np.mean(self._diff**2))

    def backward(self) -> np.ndarray:
        diff = self._saved("_diff")
        return 2 * diff / diff.size


class EuclideanDistance(Loss):
    """Distance ‖t − p‖₂ between each prediction row and its target, averaged over the batch.

    This is the "distance to the ideal output" loss; e.g. p = (0.48, 0.01, 0.51) with
    ideal t = (0, 0, 1) gives √(0.48² + 0.01² + 0.49²) ≈ 0.686.
    Gradient per row: (p − t) / ‖p − t‖ / n (taken as 0 where the distance is 0).
    """

    is_classification = True

    def forward(self, pred: Any, target: Any) -> float:
        p = as_2d_predictions(pred)
        n, k = p.shape
        self._diff = p - one_hot_targets(target, n, k, p.dtype)
        self._dist = np.sqrt(np.sum(self._diff**2, axis=1))
        return float(np.mean(self._dist))

    def backward(self) -> np.ndarray:
        n = self._saved("_diff").shape[0]
        safe = np.where(self._dist > 0, self._dist, 1.0)
        grad: np.ndarray = self._diff / safe[:, None] / n
        return grad


class CrossEntropy(Loss):
    """Cross-entropy of predicted probabilities: −mean_i Σ_k t_ik log p_ik.

    ``pred`` holds probabilities (rows summing to 1, e.g. after a Softmax layer).
    Probabilities are clipped to at least 1e-12 so that log(0) never happens.
    """

    is_classification = True

    def forward(self, pred: Any, target: Any) -> float:
        p = check_probability_rows(pred)  # (n, k), rows of probabilities that sum to 1
        n, k = p.shape
        self._t = one_hot_targets(target, n, k, p.dtype, "CrossEntropy")
        self._p = np.clip(p, clip_eps(p.dtype), 1.0)
        return float(-np.sum(self._t * np.log(self._p)) / n)

    def backward(self) -> np.ndarray:
        p = self._saved("_p")
        grad: np.ndarray = -self._t / p / p.shape[0]
        return grad


class SoftmaxCrossEntropy(Loss):
    """Softmax followed by cross-entropy, fused: the loss on raw scores (logits).

    loss = mean_i [ log Σ_k exp(z_ik) − Σ_k t_ik z_ik ], computed with the max-shift so
    it never overflows. Its gradient with respect to the logits is the famously
    simple (softmax(z) − t) / n. Equivalent to ``torch.nn.CrossEntropyLoss``.
    """

    is_classification = True

    def forward(self, pred: Any, target: Any) -> float:
        z = as_2d_predictions(pred, "pred (logits)")
        n, k = z.shape
        shifted = z - z.max(axis=1, keepdims=True)
        exp = np.exp(shifted)
        sum_exp = exp.sum(axis=1, keepdims=True)
        log_sum_exp = np.log(sum_exp)
        self._probs = exp / sum_exp
        self._t = class_targets(target, n, k, z.dtype, "SoftmaxCrossEntropy")  # labels (n,) or rows (n, k)
        if self._t.ndim == 2:
            log_probs = shifted - log_sum_exp
            return float(-np.sum(self._t * log_probs) / n)
        picked = shifted[np.arange(n), self._t]  # z_i,y_i − max_k z_ik for labels y_i
        return float(np.mean(log_sum_exp[:, 0] - picked))

    def backward(self) -> np.ndarray:
        grad = self._saved("_probs").copy()
        n = grad.shape[0]
        if self._t.ndim == 2:
            grad -= self._t
        else:
            grad[np.arange(n), self._t] -= 1  # subtracting one-hot rows, without building them
        grad /= n
        return grad


class BinaryCrossEntropy(Loss):
    """Binary cross-entropy for one output per example and targets in {0, 1}:

    loss = −mean [ t log p + (1 − t) log(1 − p) ].

    With ``from_logits=True`` the predictions are raw scores z and p = σ(z) is applied
    inside, in a numerically stable way; the gradient is then (σ(z) − t) / n.
    """

    is_classification = True

    def __init__(self, from_logits: bool = False) -> None:
        self.from_logits = check_bool(from_logits, "from_logits")

    def forward(self, pred: Any, target: Any) -> float:
        p, t = check_binary(pred, target, from_logits=self.from_logits)  # (n,) or (n, 1); t in [0, 1]
        self._shape = p.shape
        z_or_p = p.reshape(-1)
        self._t = t.reshape(-1).astype(p.dtype, copy=False)
        if self.from_logits:
            z = z_or_p
            self._p = sigmoid(z)
            # log(1 + e^z) − t z written so that exp never overflows
            losses = np.maximum(z, 0) - z * self._t + np.log1p(np.exp(-np.abs(z)))
            return float(np.mean(losses))
        eps = clip_eps(p.dtype)  # 1e-12, or 6e-8 in float32 (where 1 − 1e-12 == 1)
        self._p = np.clip(z_or_p, eps, 1 - eps)
        t_ = self._t
        return float(-np.mean(t_ * np.log(self._p) + (1 - t_) * np.log(1 - self._p)))

    def backward(self) -> np.ndarray:
        n = self._saved("_p").size
        grad: np.ndarray
        if self.from_logits:
            grad = (self._p - self._t) / n
        else:
            grad = (self._p - self._t) / (self._p * (1 - self._p)) / n
        return grad.reshape(self._shape)

    def __repr__(self) -> str:
        return f"BinaryCrossEntropy(from_logits={self.from_logits})"


LOSSES: dict[str, type[Loss]] = {
    "mse": MeanSquaredError,
    "euclidean": EuclideanDistance,
    "cross_entropy": CrossEntropy,
    "softmax_cross_entropy": SoftmaxCrossEntropy,
    "binary_cross_entropy": BinaryCrossEntropy,
}


def get_loss(loss: str | Loss) -> Loss:
    """Return a loss object for a name in ``LOSSES`` (or the loss object itself)."""
    if isinstance(loss, Loss):
        return loss
    return LOSSES[check_loss_name(loss, LOSSES, Loss)]()
