"""How ``Sequential.fit`` notices that training blew up, and says so.

A learning rate that is too large makes the weights, and with them the outputs and the loss,
grow from step to step until they overflow to ±inf and NaN. ``fit`` checks after every update
and stops with a ``TrainingDivergedError`` that suggests what to change, instead of training on
with NaN weights.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ._validation import too_large

if TYPE_CHECKING:
    from .losses import Loss
    from .model import Sequential
    from .optim import Optimizer

BLOW_UP = 1e6  # a loss or weight this many times its size at the start (at least 1): diverged


class TrainingDivergedError(RuntimeError):
    """Raised by ``fit`` when training blows up: a NaN or infinite loss, output or weight, an
    output beyond √(largest float) (its square would overflow), or a loss or weight array that
    grew to ``BLOW_UP`` times its size at the start of ``fit`` (at least 1; root mean square)."""


def rms(w: np.ndarray) -> float:
    """Root-mean-square size √(mean w²) of an array (one fast pass; NaN or inf if any entry is)."""
    return float(np.sqrt(np.vdot(w, w) / w.size))


class DivergenceCheck:
    """The checks ``fit`` makes after every update; each raises ``TrainingDivergedError``."""

    def __init__(self, model: Sequential, loss_fn: Loss, optimizer: Optimizer) -> None:
        self.model, self.loss_fn, self.optimizer = model, loss_fn, optimizer
        self.first_loss: float | None = None
        self.dtype = model.dtype
        self.weight_limits = [
            (f"{p.name} of layer {i} ({layer!r})", p, BLOW_UP * max(rms(p.value), 1.0))
            for i, layer in enumerate(model.layers)
            for p in layer.parameters()
        ]

    def fail(self, what: str, epoch: int) -> TrainingDivergedError:
        return TrainingDivergedError(
            f"training diverged in epoch {epoch}: {what} with {self.optimizer!r}. Try a smaller "
            "learning rate (e.g. a tenth), inputs scaled to about [-1, 1], or fewer layers."
        )

    def outputs(self, out: np.ndarray, epoch: int) -> np.ndarray:
        if too_large(out, self.dtype):
            raise self.fail(f"the outputs reached {np.abs(out).max():.3g}", epoch)
        return out

    def loss(self, out: np.ndarray, y: np.ndarray, epoch: int) -> float:
        """The loss of a batch whose outputs are sane, checked against the first batch's."""
        value = self.loss_fn(self.outputs(out, epoch), y)
        self.first_loss = value if self.first_loss is None else self.first_loss
        if not value <= BLOW_UP * max(self.first_loss, 1.0):
            raise self.fail(f"the loss became {value:.3g} (first batch: {self.first_loss:.3g})", epoch)
        return value

    def weights(self, epoch: int) -> None:
        for name, p, limit in self.weight_limits:
            size = rms(p.value)
            if not size <= limit:  # (False if it is NaN)
                raise self.fail(f"the {name} grew to a root-mean-square size of {size:.3g}", epoch)
