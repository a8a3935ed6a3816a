"""Callbacks that ``Sequential.fit`` calls at the end of every epoch."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ._validation import check_bool, check_int, check_monitored, check_positive

if TYPE_CHECKING:
    from .model import Sequential


def better_is_higher(monitor: str) -> bool:
    """True for an accuracy (higher is better), False for a loss; any other name raises."""
    if not isinstance(monitor, str) or not monitor.endswith(("loss", "accuracy")):
        raise ValueError(f"monitor must name a loss or an accuracy (e.g. 'val_loss'), got {monitor!r}")
    return monitor.endswith("accuracy")


class Callback:
    """Base class: ``on_epoch_end`` returns True to stop training."""

    def on_train_begin(self, model: Sequential) -> None:
        """Called once before the first epoch."""

    def on_epoch_end(self, epoch: int, logs: dict[str, float], model: Sequential) -> bool:
        return False

    def on_train_end(self, model: Sequential) -> None:
        """Called once after the last epoch."""


class EarlyStopping(Callback):
    """Stop when ``monitor`` (default "val_loss") has not improved for ``patience`` epochs.

    An improvement means a decrease by more than ``min_delta`` for a loss, an increase
    for an accuracy. With ``restore_best_weights`` the model ends with the weights of its
    best epoch rather than its last one. After training, ``stopped_epoch`` is the
    (1-based) epoch at which training stopped (None if it ran to the end) and
    ``best_epoch`` the epoch with the best monitored value.
    """

    def __init__(
        self,
        monitor: str = "val_loss",
        patience: int = 5,
        min_delta: float = 0.0,
        restore_best_weights: bool = True,
    ) -> None:
        self.mode = "max" if better_is_higher(monitor) else "min"
        self.monitor = monitor
        self.patience = check_int(patience, "patience", minimum=0)
        self.min_delta = check_positive(min_delta, "min_delta", allow_zero=True)
        self.restore_best_weights = check_bool(restore_best_weights, "restore_best_weights")

    def on_train_begin(self, model: Sequential) -> None:
        self.best = np.inf if self.mode == "min" else -np.inf
        self.best_epoch: int | None = None
        self.stopped_epoch: int | None = None
        self.wait = 0
        self._best_weights: list[np.ndarray] | None = None

    def _improved(self, value: float) -> bool:
        if self.mode == "min":
            return value < self.best - self.min_delta
        return value > self.best + self.min_delta

    def on_epoch_end(self, epoch: int, logs: dict[str, float], model: Sequential) -> bool:
        value = check_monitored(self.monitor, logs)
        if self._improved(value):
            self.best, self.best_epoch, self.wait = value, epoch, 0
            if self.restore_best_weights:
                self._best_weights = model.get_weights()
            return False
        self.wait += 1
        if self.wait >= self.patience:
            self.stopped_epoch = epoch
            return True
        return False

    def on_train_end(self, model: Sequential) -> None:
        if self.restore_best_weights and self._best_weights is not None:
            model.set_weights(self._best_weights)

    def __repr__(self) -> str:
        return (
            f"EarlyStopping(monitor={self.monitor!r}, patience={self.patience}, "
            f"min_delta={self.min_delta}, restore_best_weights={self.restore_best_weights})"
        )
