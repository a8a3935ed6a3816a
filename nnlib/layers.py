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

from ._validation import as_float_array, check_fraction, check_int
from .parameter import Parameter

# ---------------------------------------------------------------------------
# Activation functions as plain functions
# ---------------------------------------------------------------------------


def identity(z: np.ndarray) -> np.ndarray:
    """f(z) = z."""
    return np.asarray(z)


def relu(z: np.ndarray) -> np.ndarray:
    """Rectified linear unit, max(0, z), elementwise."""
    return np.maximum(z, 0)


def sigmoid(z: np.ndarray) -> np.ndarray:
    """Logistic sigmoid 1 / (1 + e^(-z)), computed without overflow for large |z|."""
    z = np.asarray(z)
    e = np.exp(-np.abs(z))  # always in (0, 1]: never overflows
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def tanh(z: np.ndarray) -> np.ndarray:
    """Hyperbolic tangent, elementwise."""
    return np.tanh(z)


def softmax(z: np.ndarray, axis: int = -1) -> np.ndarray:
    """Softmax along ``axis``: exp(z_i) / sum_j exp(z_j).

    Uses the max-shifted form exp(z_i - m) / sum_j exp(z_j - m) with m = max_j z_j.
    Both forms are equal (softmax ignores a constant added to every logit) but only
    the shifted one never overflows: the largest exponent is exp(0) = 1.
    """
    z = np.asarray(z)
    shifted = z - np.max(z, axis=axis, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=axis, keepdims=True)


ACTIVATIONS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "identity": identity,
    "relu": relu,
    "sigmoid": sigmoid,
    "tanh": tanh,
}


# ---------------------------------------------------------------------------
# Layer classes
# ---------------------------------------------------------------------------


class Layer:
    """Base class. Subclasses implement ``forward`` and ``backward``."""

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        raise NotImplementedError

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def parameters(self) -> list[Parameter]:
        """The trainable parameters (empty for activations)."""
        return []

    def config(self) -> dict[str, Any]:
        """The constructor arguments needed to rebuild this layer (used by ``save``)."""
        return {}

    def __call__(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        return self.forward(x, training=training)

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.config().items())
        return f"{type(self).__name__}({args})"


class Dense(Layer):
    """Fully connected (dense) layer: o = x · Wᵀ + b.

    Parameters: ``weight`` of shape (out_features, in_features) — row j holds the
    weights of neuron j, as in PyTorch's ``nn.Linear`` — and ``bias`` of shape
    (out_features,). Input (n, in_features) → output (n, out_features).

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
        self.in_features = check_int(in_features, "in_features")
        self.out_features = check_int(out_features, "out_features")
        dtype = np.dtype(dtype)
        if dtype not in (np.float32, np.float64):
            raise TypeError(f"dtype must be float32 or float64, got {dtype}")
        rng = np.random.default_rng(seed)
        shape = (self.out_features, self.in_features)
        if init == "he":
            W = rng.normal(0.0, np.sqrt(2.0 / in_features), size=shape)
        elif init == "glorot":
            limit = np.sqrt(6.0 / (in_features + out_features))
            W = rng.uniform(-limit, limit, size=shape)
        elif init == "zeros":
            W = np.zeros(shape)
        else:
            raise ValueError(f"init must be 'he', 'glorot' or 'zeros', got {init!r}")
        self.init = init
        self.seed = seed
        self.weight = Parameter(W.astype(dtype), "weight")
        self.bias = Parameter(np.zeros(self.out_features, dtype=dtype), "bias")
        self._x: np.ndarray | None = None

    @classmethod
    def from_arrays(cls, W: Any, b: Any, *, dtype: Any = np.float64) -> Dense:
        """A layer with the given weights W (out, in) and bias b (out,)."""
        W = as_float_array(W, "W", ndim=2, dtype=dtype)
        b = as_float_array(b, "b", ndim=1, dtype=dtype)
        if b.shape[0] != W.shape[0]:
            raise ValueError(f"b must have shape ({W.shape[0]},) to match W {W.shape}, got {b.shape}")
        layer = cls(W.shape[1], W.shape[0], init="zeros", dtype=dtype)
        layer.weight.value[...] = W
        layer.bias.value[...] = b
        return layer

    @property
    def W(self) -> np.ndarray:
        """The weight matrix, shape (out_features, in_features)."""
        return self.weight.value

    @property
    def b(self) -> np.ndarray:
        """The bias vector, shape (out_features,)."""
        return self.bias.value

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        if not isinstance(x, np.ndarray):
            x = as_float_array(x, "x", dtype=self.weight.value.dtype)
        if x.ndim != 2 or x.shape[1] != self.in_features:
            raise ValueError(
                f"Dense({self.in_features} -> {self.out_features}) expects input of shape "
                f"(n, {self.in_features}), got {x.shape}"
            )
        if x.dtype != self.weight.value.dtype:
            x = x.astype(self.weight.value.dtype)
        self._x = x
        out = x @ self.weight.value.T
        out += self.bias.value
        return out

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        self.backward_parameters(grad_out)
        return grad_out @ self.weight.value  # dL/dx = G · W, shape (n, in)

    def backward_parameters(self, grad_out: np.ndarray) -> None:
        """Store dL/dW = Gᵀ · x and dL/db = Σ_rows G, without computing dL/dx.

        The first layer of a network never needs dL/dx, so training skips it.
        """
        if self._x is None:
            raise RuntimeError("call forward before backward")
        np.matmul(grad_out.T, self._x, out=self.weight.grad)
        np.sum(grad_out, axis=0, out=self.bias.grad)

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

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        self._mask = x > 0
        return x * self._mask

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        return grad_out * self._mask


class Sigmoid(Layer):
    """σ(x) = 1 / (1 + e^(-x)); dσ/dx = σ(x)(1 − σ(x))."""

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        self._out = sigmoid(x)
        return self._out

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        s = self._out
        return grad_out * s * (1 - s)


class Tanh(Layer):
    """tanh(x); d tanh/dx = 1 − tanh(x)²."""

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        self._out = np.tanh(x)
        return self._out

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        return grad_out * (1 - self._out**2)


class Softmax(Layer):
    """Softmax over the last axis (each row becomes a probability distribution).

    Backward: for s = softmax(z), dL/dz = s ⊙ (g − Σ_j g_j s_j) row by row.
    To train a classifier prefer a plain output layer with ``SoftmaxCrossEntropy``,
    which fuses the two and is more accurate.
    """

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        self._out = softmax(x, axis=-1)
        return self._out

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        s = self._out
        return s * (grad_out - np.sum(grad_out * s, axis=-1, keepdims=True))


class Identity(Layer):
    """Passes its input through unchanged (the 'no activation' choice)."""

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        return x

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        return grad_out


class Dropout(Layer):
    """Inverted dropout: while training, zero each activation with probability ``p``
    and scale the survivors by 1/(1 − p); at evaluation time do nothing.
    """

    def __init__(self, p: float = 0.5, seed: int | None = None) -> None:
        self.p = check_fraction(p, "p")
        self.seed = seed
        self._rng = np.random.default_rng(seed)
        self._mask: np.ndarray | None = None

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        if not training or self.p == 0:
            self._mask = None
            return x
        keep = self._rng.random(x.shape) >= self.p
        self._mask = keep.astype(x.dtype) / (1 - self.p)
        return x * self._mask

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        return grad_out if self._mask is None else grad_out * self._mask

    def config(self) -> dict[str, Any]:
        return {"p": self.p, "seed": self.seed}


LAYER_TYPES: dict[str, type[Layer]] = {
    cls.__name__: cls for cls in (Dense, ReLU, Sigmoid, Tanh, Softmax, Identity, Dropout)
}
