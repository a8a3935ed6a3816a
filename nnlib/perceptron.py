"""Rosenblatt's perceptron (1958): one neuron, a sign activation and a mistake-driven rule."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._validation import (
    as_float_array,
    check_bool,
    check_features,
    check_int,
    check_number,
    check_positive,
    check_seed,
    check_X_y,
)

#: The largest ``max_epochs``: every visit is recorded in ``history_``, and a million
#: epochs of a non-separable set would fill the memory before they end.
MAX_EPOCHS = 100_000


class ConvergenceWarning(UserWarning):
    """Training stopped at its epoch limit without fitting every training example."""


def neuron(x: Any, w: Any, b: float) -> np.ndarray | float:
    """The neuron's net input z = w · x + b for one point x (d,) or a batch (N, d)."""
    x = as_float_array(x, "x", ndim=(1, 2))
    w = as_float_array(w, "w", ndim=1)
    b = check_number(b, "b")
    if x.shape[-1] != w.shape[0]:
        raise ValueError(f"x has {x.shape[-1]} features (shape {x.shape}) but w has {w.shape[0]} weights")
    z = x @ w + b
    return float(z) if np.ndim(z) == 0 else z


def sgn(z: Any) -> np.ndarray | int:
    """Sign with the book's convention sgn(0) = +1: returns +1 where z ≥ 0, else −1."""
    out = np.where(as_float_array(z, "z") >= 0, 1, -1)
    return int(out) if out.ndim == 0 else out


@dataclass(frozen=True)
class PerceptronStep:
    """One visit of the perceptron algorithm to one training example.

    ``z`` (the net input) and ``prediction`` (ŷ) are computed with the weights *before* the visit;
    ``w`` and ``b`` are the weights *after* it (unchanged unless ``updated``).
    """

    epoch: int
    index: int
    x: np.ndarray
    y: int
    z: float
    prediction: int
    updated: bool
    w: np.ndarray
    b: float


class Perceptron:
    """The perceptron learning algorithm for labels y ∈ {−1, +1}.

    For each training example x (in order, or shuffled with ``seed``) predict
    sgn(w · x + b); on a mistake apply

        w ← w + lr · y · x,    b ← b + lr · y,

    which moves the boundary so that y(w · x + b) grows. Training stops after an
    epoch without mistakes, or after ``max_epochs`` (then ``converged_`` is False and
    a ``ConvergenceWarning`` is issued — e.g. on XOR, which no line separates).
    """

    def __init__(
        self,
        lr: float = 1.0,
        max_epochs: int = 100,
        shuffle: bool = False,
        seed: int | None = None,
        init: tuple[Any, float] | None = None,
    ) -> None:
        self.lr = check_positive(lr, "lr")
        self.max_epochs = check_int(max_epochs, "max_epochs", maximum=MAX_EPOCHS)
        self.shuffle = check_bool(shuffle, "shuffle")
        self.seed = check_seed(seed)
        if init is not None:
            if not isinstance(init, tuple | list) or len(init) != 2:
                raise TypeError(f"init must be a pair (weights, bias) or None, got {init!r}")
            init = (
                as_float_array(init[0], "init weights", ndim=1, dtype=np.float64),
                check_number(init[1], "init bias"),
            )
        self.init = init

    def fit(self, X: Any, y: Any) -> Perceptron:
        """Learn ``coef_`` (d,) and ``intercept_`` from X (n, d) and y (n,) in {−1, +1}."""
        X, y = check_X_y(X, y, allowed={-1, 1})
        if self.init is None:
            w, b = np.zeros(X.shape[1]), 0.0
        else:
            w, b = self.init[0].copy(), self.init[1]
            if w.shape != (X.shape[1],):
                raise ValueError(f"init weights must have shape ({X.shape[1]},), got {w.shape}")
        rng = np.random.default_rng(self.seed)
        self.history_: list[PerceptronStep] = []
        self.n_updates_ = 0
        self.converged_ = False
        for epoch in range(1, self.max_epochs + 1):
            order = rng.permutation(len(X)) if self.shuffle else range(len(X))
            mistakes = 0
            for i in order:
                z = float(X[i] @ w + b)
                prediction = int(sgn(z))  # z is a float, so its sign is a plain int
                updated = prediction != y[i]
                if updated:
                    w = w + self.lr * y[i] * X[i]
                    b = b + self.lr * y[i]
                    mistakes += 1
                self.history_.append(
                    PerceptronStep(epoch, int(i), X[i].copy(), int(y[i]), z, prediction, updated, w.copy(), b)
                )
            self.n_updates_ += mistakes
            self.epochs_ = epoch
            if mistakes == 0:
                self.converged_ = True
                break
        self.coef_, self.intercept_ = w, float(b)
        if not self.converged_:
            warnings.warn(
                f"the perceptron did not converge within max_epochs={self.max_epochs}: "
                "some training examples are still misclassified (the data may not be "
                "linearly separable)",
                ConvergenceWarning,
                stacklevel=2,
            )
        return self

    def _check_fitted(self) -> None:
        if not hasattr(self, "coef_"):
            raise RuntimeError("this Perceptron is not fitted yet: call fit(X, y) first")

    def decision_function(self, X: Any) -> np.ndarray:
        """z = X · w + b for each row of X, shape (N,)."""
        self._check_fitted()
        X = check_features(X, self.coef_.shape[0])
        return X @ self.coef_ + self.intercept_

    def predict(self, X: Any) -> np.ndarray:
        """Labels ŷ = sgn(z) ∈ {−1, +1}, shape (N,)."""
        return np.asarray(sgn(self.decision_function(X))).reshape(-1)
