"""Loss functions: one number that says how wrong a batch of predictions is.

Usage: ``value = loss(pred, target)`` returns the loss averaged over the batch and
remembers what it needs; ``loss.backward()`` then returns dL/d(pred), an array of
the same shape as ``pred``. Classification targets may be integer labels of shape
(n,) or one-hot / probability rows of shape (n, k).
"""

from __future__ import annotations

from typing import Any, cast

import numpy as np

from ._validation import as_float_array, as_label_array, cast_float, check_bool
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


def _same_values_shape(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    """True if the shapes differ at most by axes of length 1: (n, 1) and (n,) hold the same
    values in the same order, (3, 2) and (2, 3) do not."""
    return [s for s in a if s != 1] == [s for s in b if s != 1]


def _shape(x: Any) -> tuple[int, ...]:
    """``np.shape(x)``, or () for things that have none (ragged lists are checked later)."""
    try:
        return np.shape(x)
    except ValueError:
        return ()


def _as_2d(pred: Any, name: str = "pred") -> np.ndarray:
    """Predictions as (n, k): a single example of shape (k,) becomes (1, k)."""
    p = as_float_array(pred, name, ndim=(1, 2))
    return p[None, :] if p.ndim == 1 else p


def _targets_as_matrix(target: Any, n: int, k: int, dtype: np.dtype) -> np.ndarray:
    """Return targets as an (n, k) matrix: integer labels become one-hot rows.

    A 2-D target is used as it is; a 1-D target of length k for a single prediction
    row (k > 1) is that row's target vector; any other 1-D target holds class labels.
    """
    shape = _shape(target)
    if len(shape) == 2 or (n == 1 and k > 1 and shape == (k,)):
        t = as_float_array(target, "target", ndim=(1, 2))
        if t.ndim == 1:
            t = t[None, :]
        if t.shape != (n, k):
            raise ValueError(f"target must have shape ({n}, {k}) like pred, got {np.shape(target)}")
        return cast_float(t, dtype, "target")
    labels = _check_labels(target, n, k)
    onehot = np.zeros((n, k), dtype=dtype)
    onehot[np.arange(n), labels] = 1
    return onehot


def _check_labels(target: Any, n: int, k: int) -> np.ndarray:
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


def _check_distributions(t: np.ndarray, loss: str) -> None:
    """Target rows for a cross-entropy must be probability distributions (e.g. one-hot):
    the gradient softmax(z) − t is only right when every row sums to 1."""
    if t.min() < 0 or t.max() > 1 or not np.allclose(t.sum(axis=1), 1.0, atol=1e-6):
        raise ValueError(
            f"target rows for {loss} must be probability distributions (entries in [0, 1] summing "
            "to 1, e.g. one-hot rows); pass integer labels of shape (n,) otherwise"
        )


class MeanSquaredError(Loss):
    """MSE = mean over all elements of (pred − target)²  (like ``torch.nn.MSELoss``).

    Gradient: 2 (pred − target) / (number of elements).
    """

    def forward(self, pred: Any, target: Any) -> float:
        p = as_float_array(pred, "pred")
        t = as_float_array(target, "target")
        if t.shape != p.shape:
            if not _same_values_shape(t.shape, p.shape):
                raise ValueError(
                    f"target shape {t.shape} does not match pred shape {p.shape} "
                    "(only axes of length 1 may differ, e.g. (n,) and (n, 1))"
                )
            t = t.reshape(p.shape)
        self._diff = p - cast_float(t, p.dtype, "target")
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
        p = _as_2d(pred)
        n, k = p.shape
        t = _targets_as_matrix(target, n, k, p.dtype)
        self._diff = p - t
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
        p = _as_2d(pred)
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
        n, k = p.shape
        self._t = _targets_as_matrix(target, n, k, p.dtype)
        _check_distributions(self._t, "CrossEntropy")
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
        z = _as_2d(pred, "pred (logits)")
        n, k = z.shape
        shifted = z - z.max(axis=1, keepdims=True)
        exp = np.exp(shifted)
        sum_exp = exp.sum(axis=1, keepdims=True)
        log_sum_exp = np.log(sum_exp)
        self._probs = exp / sum_exp
        shape = _shape(target)
        if len(shape) == 2 or (n == 1 and k > 1 and shape == (k,)):
            self._t = _targets_as_matrix(target, n, k, z.dtype)
            _check_distributions(self._t, "SoftmaxCrossEntropy")
            self._labels = None
            log_probs = shifted - log_sum_exp
            return float(-np.sum(self._t * log_probs) / n)
        self._labels = _check_labels(target, n, k)
        picked = shifted[np.arange(n), self._labels]
        return float(np.mean(log_sum_exp[:, 0] - picked))

    def backward(self) -> np.ndarray:
        grad = self._saved("_probs").copy()
        n = grad.shape[0]
        if self._labels is None:
            grad -= self._t
        else:
            grad[np.arange(n), self._labels] -= 1
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
        p = as_float_array(pred, "pred", ndim=(1, 2))
        if p.ndim == 2 and p.shape[1] != 1:
            raise ValueError(f"pred must have shape (n,) or (n, 1) for BinaryCrossEntropy, got {p.shape}")
        t = as_float_array(target, "target", ndim=(1, 2))
        if not _same_values_shape(t.shape, p.shape):
            raise ValueError(
                f"target has shape {t.shape} but pred has shape {p.shape}: one target per prediction"
            )
        if t.min() < 0 or t.max() > 1:
            raise ValueError("target must lie in [0, 1] for BinaryCrossEntropy (labels 0 and 1)")
        self._shape = p.shape
        z_or_p = p.reshape(-1)
        self._t = t.reshape(-1).astype(p.dtype, copy=False)
        if self.from_logits:
            z = z_or_p
            self._p = sigmoid(z)
            # log(1 + e^z) − t z written so that exp never overflows
            losses = np.maximum(z, 0) - z * self._t + np.log1p(np.exp(-np.abs(z)))
            return float(np.mean(losses))
        if z_or_p.min() < 0 or z_or_p.max() > 1:
            raise ValueError(
                "pred must hold probabilities in [0, 1] for BinaryCrossEntropy; for raw scores "
                "use BinaryCrossEntropy(from_logits=True)"
            )
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
    if isinstance(loss, type) and issubclass(loss, Loss):
        raise TypeError(f"loss must be a Loss object, not the class: write {loss.__name__}()")
    if not isinstance(loss, str):
        raise TypeError(
            f"loss must be a name in {sorted(LOSSES)} or a Loss object, got {type(loss).__name__}"
        )
    if loss not in LOSSES:
        raise ValueError(f"unknown loss {loss!r}; choose one of {sorted(LOSSES)} or pass a Loss object")
    return LOSSES[loss]()
