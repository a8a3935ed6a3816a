"""Optimizers: turn gradients into parameter updates (the same rules as ``torch.optim``).

``optimizer.step(parameters)`` updates each ``Parameter.value`` in place from its ``.grad``.
Write g for a parameter's gradient, η for the learning rate ``lr`` and s = 1, 2, … for the
step number. What an optimizer remembers between steps (momentum's velocity, Adam's
running means) is its *state*, one dict per parameter.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any
from weakref import WeakKeyDictionary

import numpy as np

from ._validation import check_betas, check_fraction, check_parameter, check_positive
from .parameter import Parameter


class Optimizer:
    """Base class. Subclasses implement ``update(param, g, state)`` for one parameter.

    ``weight_decay`` λ adds λ·w to every gradient (L2 regularisation, as torch does).
    """

    def __init__(self, lr: float, weight_decay: float = 0.0) -> None:
        self.lr = check_positive(lr, "lr")
        self.weight_decay = check_positive(weight_decay, "weight_decay", allow_zero=True)
        # The state of each parameter, keyed by the Parameter object itself and forgotten
        # with it: one optimizer can train a second model, which starts with fresh state.
        self.state: WeakKeyDictionary[Parameter, dict[str, Any]] = WeakKeyDictionary()

    def step(self, parameters: Iterable[Parameter]) -> None:
        """Apply one update to every parameter, using the gradients stored in ``.grad``."""
        for param in parameters:
            check_parameter(param, Parameter)
            g = param.grad
            if self.weight_decay:
                g = g + self.weight_decay * param.value  # g ← g + λ·w
            self.update(param, g, self.state.setdefault(param, {}))

    def update(self, param: Parameter, g: np.ndarray, state: dict[str, Any]) -> None:
        raise NotImplementedError


class SGD(Optimizer):
    """Stochastic gradient descent, optionally with (heavy-ball) momentum μ.

    Without momentum: w ← w − η·g.
    With momentum:    v ← μ·v + g, then w ← w − η·v  (v starts at 0, so the first step is plain SGD).
    """

    def __init__(self, lr: float = 0.01, momentum: float = 0.0, weight_decay: float = 0.0) -> None:
        super().__init__(lr, weight_decay)
        self.momentum = check_fraction(momentum, "momentum")

    def update(self, param: Parameter, g: np.ndarray, state: dict[str, Any]) -> None:
        if self.momentum:
            if not state:
                state["v"] = np.zeros_like(param.value)
            v = state["v"]
            v *= self.momentum
            v += g  # v ← μ·v + g
            g = v
        param.value -= self.lr * g  # w ← w − η·g

    def __repr__(self) -> str:
        return f"SGD(lr={self.lr}, momentum={self.momentum}, weight_decay={self.weight_decay})"


class Adam(Optimizer):
    """Adam (Kingma & Ba, 2014/2015): momentum plus a per-weight step size.

    m ← β₁·m + (1 − β₁)·g          (running mean of the gradients, m = 0 at first)
    v ← β₂·v + (1 − β₂)·g²         (running mean of the squared gradients, v = 0 at first)
    m̂ = m / (1 − β₁ˢ),  v̂ = v / (1 − β₂ˢ)   (bias correction at step s)
    w ← w − η · m̂ / (√v̂ + ε)
    """

    def __init__(
        self,
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
    ) -> None:
        super().__init__(lr, weight_decay)
        self.betas = check_betas(betas)
        self.eps = check_positive(eps, "eps")

    def update(self, param: Parameter, g: np.ndarray, state: dict[str, Any]) -> None:
        beta1, beta2 = self.betas
        if not state:
            # m and v start at 0; `tmp` is scratch space for the step (fresh temporaries: ~10 % slower epochs)
            w = param.value
            state.update(s=0, m=np.zeros_like(w), v=np.zeros_like(w), tmp=np.empty_like(w))
        state["s"] += 1
        s, m, v, tmp = state["s"], state["m"], state["v"], state["tmp"]
        m *= beta1
        m += np.multiply(1 - beta1, g, out=tmp)  # m ← β₁·m + (1 − β₁)·g
        v *= beta2
        v += np.multiply(1 - beta2, np.square(g, out=tmp), out=tmp)  # v ← β₂·v + (1 − β₂)·g²
        denominator = np.sqrt(np.divide(v, 1 - beta2**s, out=tmp), out=tmp)  # √v̂
        denominator += self.eps  # √v̂ + ε
        step = np.divide(m, denominator, out=tmp)
        step *= self.lr / (1 - beta1**s)  # η·m̂ / (√v̂ + ε)
        param.value -= step  # w ← w − η·m̂ / (√v̂ + ε)

    def __repr__(self) -> str:
        return f"Adam(lr={self.lr}, betas={self.betas}, eps={self.eps}, weight_decay={self.weight_decay})"


def get_optimizer(name: str | Optimizer, lr: float | None = None) -> Optimizer:
    """An optimizer by name: "sgd", "momentum" (SGD with momentum 0.9) or "adam"."""
    if isinstance(name, Optimizer):
        return name
    makers: dict[str, Callable[[], Optimizer]] = {
        "sgd": lambda: SGD(lr if lr is not None else 0.01),
        "momentum": lambda: SGD(lr if lr is not None else 0.01, momentum=0.9),
        "adam": lambda: Adam(lr if lr is not None else 1e-3),
    }
    if not isinstance(name, str) or name not in makers:
        raise ValueError(f"unknown optimizer {name!r}; choose one of {sorted(makers)}")
    return makers[name]()
