"""Optimizers: turn gradients into parameter updates (the same rules as ``torch.optim``).

``optimizer.step(parameters)`` updates each ``Parameter.value`` in place from its
``.grad``. State (momentum buffers, Adam's moment estimates) is kept per parameter.
The updates are written with in-place NumPy operations, so a step allocates nothing.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np

from ._validation import check_positive
from .parameter import Parameter


class Optimizer:
    """Base class. Subclasses implement ``_update(param, state)``."""

    def __init__(self, lr: float, weight_decay: float = 0.0) -> None:
        self.lr = check_positive(lr, "lr")
        self.weight_decay = check_positive(weight_decay, "weight_decay", allow_zero=True)
        self.state: dict[int, dict[str, np.ndarray]] = {}
        self.steps = 0

    def step(self, parameters: Iterable[Parameter]) -> None:
        """Apply one update to every parameter, using the gradients stored in ``.grad``."""
        self.steps += 1
        for param in parameters:
            state = self.state.setdefault(id(param), {})
            if "scratch" not in state:
                state["scratch"] = np.empty_like(param.value)
            self._update(param, state)

    def _gradient(self, param: Parameter, state: dict[str, np.ndarray]) -> np.ndarray:
        """The gradient plus L2 weight decay (g + λ·w), as torch's ``weight_decay`` does."""
        if self.weight_decay == 0:
            return param.grad
        g = state["scratch"]
        np.multiply(param.value, self.weight_decay, out=g)
        g += param.grad
        return g

    def _update(self, param: Parameter, state: dict[str, np.ndarray]) -> None:
        raise NotImplementedError


class SGD(Optimizer):
    """Stochastic gradient descent, optionally with (heavy-ball) momentum.

    Without momentum: w ← w − η·g.
    With momentum μ:  v ← μ·v + g (v = g on the first step), then w ← w − η·v.
    """

    def __init__(self, lr: float = 0.01, momentum: float = 0.0, weight_decay: float = 0.0) -> None:
        super().__init__(lr, weight_decay)
        self.momentum = check_positive(momentum, "momentum", allow_zero=True)
        if self.momentum >= 1:
            raise ValueError(f"momentum must be in [0, 1), got {momentum}")

    def _update(self, param: Parameter, state: dict[str, np.ndarray]) -> None:
        g = self._gradient(param, state)
        if self.momentum == 0:
            step = state["scratch"]
            np.multiply(g, self.lr, out=step)
            param.value -= step
            return
        if "velocity" not in state:
            state["velocity"] = g.copy()
        else:
            v = state["velocity"]
            v *= self.momentum
            v += g
        step = state["scratch"]
        np.multiply(state["velocity"], self.lr, out=step)
        param.value -= step

    def __repr__(self) -> str:
        return f"SGD(lr={self.lr}, momentum={self.momentum}, weight_decay={self.weight_decay})"


class Adam(Optimizer):
    """Adam (Kingma & Ba, 2014/2015): momentum plus a per-weight step size.

    m ← β₁ m + (1 − β₁) g          (running mean of gradients)
    v ← β₂ v + (1 − β₂) g²         (running mean of squared gradients)
    w ← w − η · m̂ / (√v̂ + ε),  with m̂ = m / (1 − β₁ᵗ), v̂ = v / (1 − β₂ᵗ).
    """

    def __init__(
        self,
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
    ) -> None:
        super().__init__(lr, weight_decay)
        if len(betas) != 2 or not all(0 <= b < 1 for b in betas):
            raise ValueError(f"betas must be two numbers in [0, 1), got {betas}")
        self.betas = (float(betas[0]), float(betas[1]))
        self.eps = check_positive(eps, "eps")

    def _update(self, param: Parameter, state: dict[str, np.ndarray]) -> None:
        beta1, beta2 = self.betas
        g = self._gradient(param, state)
        if "m" not in state:
            state["m"] = np.zeros_like(param.value)
            state["v"] = np.zeros_like(param.value)
            state["t"] = np.zeros((), dtype=np.int64)
        # Speed: we store the running means divided by their weights, m̃ = m / (1 − β₁) and
        # ṽ = v / (1 − β₂). Their updates need no multiplication of g (m̃ ← β₁ m̃ + g), and the
        # constant factors move into two scalars below. The step is algebraically the one in
        # the class docstring; every pass over the arrays saved is ~10 % of Adam's time.
        m, v, tmp = state["m"], state["v"], state["scratch"]
        state["t"] += 1
        t = int(state["t"])
        m *= beta1
        m += g  # m̃ ← β₁ m̃ + g
        np.multiply(g, g, out=tmp)  # (tmp may be g itself when weight decay is on: fine)
        v *= beta2
        v += tmp  # ṽ ← β₂ ṽ + g²
        # m̂ / (√v̂ + ε) = (1 − β₁) m̃ / (1 − β₁ᵗ) / (s √ṽ + ε) with s = √((1 − β₂) / (1 − β₂ᵗ))
        s = math.sqrt((1 - beta2) / (1 - beta2**t))
        np.sqrt(v, out=tmp)
        tmp += self.eps / s
        np.divide(m, tmp, out=tmp)
        tmp *= self.lr * (1 - beta1) / ((1 - beta1**t) * s)
        param.value -= tmp

    def __repr__(self) -> str:
        return f"Adam(lr={self.lr}, betas={self.betas}, eps={self.eps}, weight_decay={self.weight_decay})"


def get_optimizer(name: str | Optimizer, lr: float | None = None) -> Optimizer:
    """An optimizer by name: "sgd", "momentum" (SGD with momentum 0.9) or "adam"."""
    if isinstance(name, Optimizer):
        return name
    makers = {
        "sgd": lambda: SGD(lr if lr is not None else 0.01),
        "momentum": lambda: SGD(lr if lr is not None else 0.01, momentum=0.9),
        "adam": lambda: Adam(lr if lr is not None else 1e-3),
    }
    if name not in makers:
        raise ValueError(f"unknown optimizer {name!r}; choose one of {sorted(makers)}")
    return makers[name]()
