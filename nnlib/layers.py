"""Layers: the building blocks a network is stacked from.

Every layer maps a batch to a batch. ``forward(x)`` computes the output and remembers
what ``backward`` will need; ``backward(grad_out)`` receives dL/d(output), stores the
gradients of the layer's parameters in ``Parameter.grad`` and returns dL/d(input).

Shapes: a batch has one row per example, ``x.shape == (n, features)``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ._validation import (
    as_float_array,
    check_backward,
    check_dense_input,
    check_float_dtype,
    check_fraction,
    check_int,
    check_seed,
)
from .parameter import Parameter

# ---------------------------------------------------------------------------
# Activation functions as plain functions
# ---------------------------------------------------------------------------


def identity(z: Any) -> np.ndarray:
    """f(z) = z."""
    return as_float_array(z, "z")


def relu(z: Any) -> np.ndarray:
    """Rectified linear unit, max(0, z), elementwise."""
    a: np.ndarray = np.maximum(as_float_array(z, "z"), 0)
    return a


def sigmoid(z: Any) -> np.ndarray:
    """Logistic sigmoid 1 / (1 + e^(-z)), computed without overflow for large |z|."""
    z = as_float_array(z, "z")
    e = np.exp(-np.abs(z))  # always in (0, 1]: never overflows
    a: np.ndarray = np.where(z >= 0, 1 / (1 + e), e / (1 + e))
    return a


def tanh(z: Any) -> np.ndarray:
    """Hyperbolic tangent, elementwise."""
    a: np.ndarray = np.tanh(as_float_array(z, "z"))
    return a


def softmax(z: Any, axis: int = -1) -> np.ndarray:
    """Softmax along ``axis``: exp(z_i) / sum_j exp(z_j).

    Uses the max-shifted form exp(z_i - m) / sum_j exp(z_j - m) with m = max_j z_j.
    Both forms are equal (softmax ignores a constant added to every logit) but only
    the shifted one never overflows: the largest exponent is exp(0) = 1.
    """
    z = as_float_array(z, "z")
    axis = check_int(axis, "axis", minimum=-max(z.ndim, 1), maximum=max(z.ndim, 1) - 1)
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    p: np.ndarray = e / np.sum(e, axis=axis, keepdims=True)
    return p


ACTIVATIONS: dict[str, Callable[[Any], np.ndarray]] = {
    "identity": identity,
    "relu": relu,
    "sigmoid": sigmoid,
    "tanh": tanh,
}


# ---------------------------------------------------------------------------
# Layer classes
# ---------------------------------------------------------------------------


class Layer:
    """Base class. Subclasses implement ``forward`` and ``backward``.

    ``forward`` accepts any array-like batch of finite real numbers (lists too) and keeps in
    ``_saved`` what ``backward`` will need; ``backward`` takes dL/d(output) in exactly the
    shape of the last output.
    """

    _saved: np.ndarray | None = None

    def forward(self, x: Any, training: bool = False) -> np.ndarray:
        raise NotImplementedError

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def parameters(self) -> list[Parameter]:
        """The trainable parameters (empty for activations)."""
        return []

    def config(self) -> dict[str, Any]:
        """The constructor arguments needed to rebuild this layer (used by ``save``)."""
        return {}

    def __call__(self, x: Any, training: bool = False) -> np.ndarray:
        return self.forward(x, training=training)

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.config().items())
        return f"{type(self).__name__}({args})"


class Dense(Layer):
    """Fully connected (dense) layer: z = x · Wᵀ + b, for a batch x of shape (n, in_features).

    Parameters: ``weight`` W of shape (out_features, in_features) — row j holds the weights
    of neuron j, entry w_jk connects input k to neuron j, as in PyTorch's ``nn.Linear`` —
    and ``bias`` b of shape (out_features,). Output z: (n, out_features).

    ``init`` chooses the starting weights: ``"he"`` (normal, std √(2/in), good before
    ReLU), ``"glorot"`` (uniform ±√(6/(in+out)), good before tanh/sigmoid) or
    ``"zeros"``. Biases start at zero. ``seed`` makes the initialisation reproducible.
    """

    def __init__(
        self,
        in_features: int,
        out_features: int,
        *,
        seed: int | None = None,
        init: str = "he",
        dtype: Any = np.float64,
    ) -> None:
        self.in_features = n_in = check_int(in_features, "in_features")
        self.out_features = n_out = check_int(out_features, "out_features")
        dtype = check_float_dtype(dtype)
        self.init, self.seed = init, check_seed(seed)
        rng = np.random.default_rng(self.seed)
        if init == "he":
            W = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_out, n_in))
        elif init == "glorot":
            W = rng.uniform(-np.sqrt(6.0 / (n_in + n_out)), np.sqrt(6.0 / (n_in + n_out)), size=(n_out, n_in))
        elif init == "zeros":
            W = np.zeros((n_out, n_in))
        else:
            raise ValueError(f"init must be 'he', 'glorot' or 'zeros', got {init!r}")
        self.weight = Parameter(W.astype(dtype), "weight")
        self.bias = Parameter(np.zeros(n_out, dtype=dtype), "bias")

    @classmethod
    def from_arrays(cls, weight: Any, bias: Any, *, dtype: Any = np.float64) -> Dense:
        """A layer with the given ``weight`` W (out, in) and ``bias`` b (out,)."""
        W = as_float_array(weight, "weight", ndim=2, dtype=dtype)
        b = as_float_array(bias, "bias", shape=(W.shape[0],), dtype=dtype)
        layer = cls(W.shape[1], W.shape[0], init="zeros", dtype=dtype)
        layer.weight.value[...], layer.bias.value[...] = W, b
        return layer

    def forward(self, x: Any, training: bool = False) -> np.ndarray:
        x = check_dense_input(x, self)  # (n, in_features), in the layer's dtype
        self._saved = x  # backward needs x for dL/dW
        z: np.ndarray = x @ self.weight.value.T
        z += self.bias.value  # z = x · Wᵀ + b
        return z

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        """G = dL/dz (n, out) → dL/dx = G · W (n, in); also stores dL/dW and dL/db."""
        G = self.backward_parameters(grad_out)
        grad_in: np.ndarray = G @ self.weight.value  # dL/dx = G · W
        return grad_in

    def backward_parameters(self, grad_out: np.ndarray) -> np.ndarray:
        """Store dL/dW = Gᵀ · x and dL/db = Σ_i G_i; return G. A network's first layer stops
        here: nothing uses its dL/dx, and skipping that product saves about a third of the
        multiply-adds of a 784-256-10 training step."""
        G, x = check_backward(grad_out, self._saved, self, width=self.out_features)
        np.matmul(G.T, x, out=self.weight.grad)  # dL/dW = Gᵀ · x, shape (out, in)
        np.sum(G, axis=0, out=self.bias.grad)  # dL/db = Σ_i G_i, shape (out,)
        return G

    def parameters(self) -> list[Parameter]:
        return [self.weight, self.bias]

    def __repr__(self) -> str:
        return f"Dense({self.in_features} → {self.out_features}, {self.weight.value.dtype})"

    def config(self) -> dict[str, Any]:
        return {
            "in_features": self.in_features,
            "out_features": self.out_features,
            "dtype": str(self.weight.value.dtype),
        }


class ReLU(Layer):
    """max(0, x) elementwise; the gradient passes where x > 0 and is 0 elsewhere."""

    def forward(self, x: Any, training: bool = False) -> np.ndarray:
        x = as_float_array(x, "x")
        self._saved = mask = x > 0
        a: np.ndarray = x * mask
        return a

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        g, mask = check_backward(grad_out, self._saved, self)
        grad_in: np.ndarray = g * mask
        return grad_in


class Sigmoid(Layer):
    """σ(x) = 1 / (1 + e^(-x)); dσ/dx = σ(x)(1 − σ(x))."""

    def forward(self, x: Any, training: bool = False) -> np.ndarray:
        self._saved = s = sigmoid(as_float_array(x, "x"))
        return s

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        g, s = check_backward(grad_out, self._saved, self)
        grad_in: np.ndarray = g * s * (1 - s)
        return grad_in


class Tanh(Layer):
    """tanh(x); d tanh/dx = 1 − tanh(x)²."""

    def forward(self, x: Any, training: bool = False) -> np.ndarray:
        self._saved = t = tanh(as_float_array(x, "x"))
        return t

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        g, t = check_backward(grad_out, self._saved, self)
        grad_in: np.ndarray = g * (1 - t**2)
        return grad_in


class Softmax(Layer):
    """Softmax over the last axis (each row becomes a probability distribution).

    Backward: for s = softmax(z), dL/dz = s ⊙ (g − Σ_j g_j s_j) row by row.
    To train a classifier prefer a plain output layer with ``SoftmaxCrossEntropy``,
    which fuses the two and is more accurate.
    """

    def forward(self, x: Any, training: bool = False) -> np.ndarray:
        self._saved = s = softmax(as_float_array(x, "x"), axis=-1)
        return s

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        g, s = check_backward(grad_out, self._saved, self)
        grad_in: np.ndarray = s * (g - np.sum(g * s, axis=-1, keepdims=True))
        return grad_in


class Identity(Layer):
    """Passes its input through unchanged (the 'no activation' choice)."""

    def forward(self, x: Any, training: bool = False) -> np.ndarray:
        self._saved = out = as_float_array(x, "x")
        return out

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        return check_backward(grad_out, self._saved, self)[0]


class Dropout(Layer):
    """Inverted dropout: while training, zero each activation with probability ``p``
    and scale the survivors by 1/(1 − p); at evaluation time do nothing.
    """

    def __init__(self, p: float = 0.5, seed: int | None = None) -> None:
        self.p, self.seed = check_fraction(p, "p"), check_seed(seed)
        self._rng = np.random.default_rng(self.seed)
        self._mask: np.ndarray | None = None  # None: nothing was dropped

    def forward(self, x: Any, training: bool = False) -> np.ndarray:
        out = as_float_array(x, "x")
        self._mask = None
        if training and self.p > 0:
            keep = self._rng.random(out.shape) >= self.p
            self._mask = keep.astype(out.dtype) / (1 - self.p)
            out = out * self._mask
        self._saved = out
        return out

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        g, _ = check_backward(grad_out, self._saved, self)
        grad_in: np.ndarray = g if self._mask is None else g * self._mask
        return grad_in

    def config(self) -> dict[str, Any]:
        return {"p": self.p, "seed": self.seed}


LAYER_TYPES: dict[str, type[Layer]] = {
    cls.__name__: cls for cls in (Dense, ReLU, Sigmoid, Tanh, Softmax, Identity, Dropout)
}
