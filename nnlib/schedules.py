"""Learning-rate schedules: the learning rate η as a function of the step number.

A schedule is a small object you call with a step number ``s = 0, 1, 2, ...`` (an update
step or an epoch, whichever you count) and that returns the learning rate for that step:

============  ===============================================================================
schedule      η at step s
============  ===============================================================================
Constant      η₀
StepDecay     η₀ · γ^⌊s / k⌋                       (multiply by γ every k steps)
Cosine        η_min + ½ (η₀ − η_min) (1 + cos(π s / S))     for s ≤ S, then η_min
OneCycle      warm up from η_max / 25 to η_max in the first 30 % of the S steps, then anneal
              to η_max / 25 / 10⁴ (both halves along a half cosine, as ``torch.optim``)
============  ===============================================================================

Use it by setting the optimizer's public ``lr`` before each step::

    schedule = Cosine(0.1, total=steps)
    for s in range(steps):
        optimizer.lr = schedule(s)
        ...  # forward, backward
        optimizer.step(params)

or, for a schedule counted in epochs, pass ``LearningRateScheduler(schedule, optimizer)``
to ``Sequential.fit``'s ``callbacks``. The formulas are those of ``torch.optim.lr_scheduler``'s
``StepLR``, ``CosineAnnealingLR`` and ``OneCycleLR`` (the tests compare them).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from ._validation import check_int, check_positive
from .callbacks import Callback
from .optim import Optimizer

if TYPE_CHECKING:
    from .model import Sequential

__all__ = ["Constant", "Cosine", "LearningRateScheduler", "OneCycle", "Schedule", "StepDecay"]


class Schedule:
    """Base class: ``schedule(s)`` is the learning rate at step ``s`` (0-based)."""

    def __call__(self, step: int) -> float:
        return self.lr_at(check_int(step, "step", minimum=0))

    def lr_at(self, step: int) -> float:
        raise NotImplementedError

    def values(self, steps: int) -> np.ndarray:
        """The learning rates of steps 0, 1, ..., steps − 1 (for plotting)."""
        return np.array([self(s) for s in range(check_int(steps, "steps"))])


def _half_cosine(start: float, end: float, fraction: float) -> float:
    """From ``start`` (fraction 0) to ``end`` (fraction 1) along half a cosine wave."""
    return end + (start - end) * (1 + math.cos(math.pi * fraction)) / 2


class Constant(Schedule):
    """η_s = η₀ for every step: no schedule at all."""

    def __init__(self, lr: float) -> None:
        self.lr = check_positive(lr, "lr")

    def lr_at(self, step: int) -> float:
        return self.lr

    def __repr__(self) -> str:
        return f"Constant(lr={self.lr})"


class StepDecay(Schedule):
    """η_s = η₀ · γ^⌊s / k⌋: the learning rate is multiplied by ``factor`` γ every ``every`` = k steps."""

    def __init__(self, lr: float, every: int, factor: float = 0.1) -> None:
        self.lr = check_positive(lr, "lr")
        self.every = check_int(every, "every")
        self.factor = check_positive(factor, "factor")
        if self.factor >= 1:
            raise ValueError(f"factor must be in (0, 1) so that the learning rate decays, got {factor}")

    def lr_at(self, step: int) -> float:
        return self.lr * self.factor ** (step // self.every)

    def __repr__(self) -> str:
        return f"StepDecay(lr={self.lr}, every={self.every}, factor={self.factor})"


class Cosine(Schedule):
    """η_s = η_min + ½ (η₀ − η_min) (1 + cos(π s / S)) for s ≤ S = ``total``, and η_min after.

    Starts at η₀, falls slowly, then fast, then slowly again, and reaches η_min at step S
    (the cosine annealing of Loshchilov & Hutter's SGDR, without restarts).
    """

    def __init__(self, lr: float, total: int, min_lr: float = 0.0) -> None:
        self.lr = check_positive(lr, "lr")
        self.total = check_int(total, "total")
        self.min_lr = check_positive(min_lr, "min_lr", allow_zero=True)
        if self.min_lr > self.lr:
            raise ValueError(f"min_lr ({min_lr}) must not be larger than lr ({lr})")

    def lr_at(self, step: int) -> float:
        return _half_cosine(self.lr, self.min_lr, min(step, self.total) / self.total)

    def __repr__(self) -> str:
        return f"Cosine(lr={self.lr}, total={self.total}, min_lr={self.min_lr})"


class OneCycle(Schedule):
    """One cycle over ``total`` = S steps: warm up, then anneal far below the start.

    η starts at η_max / ``div``, rises to η_max = ``max_lr`` during the first ``warmup``
    fraction of the steps, then falls to η_max / ``div`` / ``final_div`` at the last step
    S − 1; both phases follow half a cosine. With the defaults this is
    ``torch.optim.lr_scheduler.OneCycleLR`` (which by default also cycles the momentum;
    this schedule sets only the learning rate). Steps after S − 1 keep the final value.
    """

    def __init__(
        self, max_lr: float, total: int, warmup: float = 0.3, div: float = 25.0, final_div: float = 1e4
    ) -> None:
        self.max_lr = check_positive(max_lr, "max_lr")
        self.total = check_int(total, "total", minimum=2)
        self.warmup = check_positive(warmup, "warmup")
        if self.warmup >= 1:
            raise ValueError(f"warmup is a fraction of the steps, in (0, 1); got {warmup}")
        self.div = check_positive(div, "div")
        self.final_div = check_positive(final_div, "final_div")
        # the step at which the peak is reached (as torch: 30 % of the steps, minus one)
        self.peak_step = self.warmup * self.total - 1
        if self.peak_step <= 0:
            raise ValueError(
                f"warmup={warmup} of total={total} steps leaves no room for a warm-up and an "
                "annealing phase; use more steps or another warmup"
            )

    @property
    def start_lr(self) -> float:
        return self.max_lr / self.div

    @property
    def final_lr(self) -> float:
        return self.start_lr / self.final_div

    def lr_at(self, step: int) -> float:
        if step <= self.peak_step:
            return _half_cosine(self.start_lr, self.max_lr, step / self.peak_step)
        last = self.total - 1
        fraction = (min(step, last) - self.peak_step) / (last - self.peak_step)
        return _half_cosine(self.max_lr, self.final_lr, fraction)

    def __repr__(self) -> str:
        return (
            f"OneCycle(max_lr={self.max_lr}, total={self.total}, warmup={self.warmup}, "
            f"div={self.div}, final_div={self.final_div})"
        )


class LearningRateScheduler(Callback):
    """A ``Sequential.fit`` callback: sets ``optimizer.lr = schedule(e)`` before epoch e.

    Give it the optimizer you pass to ``fit``::

        opt = Adam(0.01)
        model.fit(X, y, loss=..., optimizer=opt, epochs=30,
                  callbacks=[LearningRateScheduler(Cosine(0.01, total=30), opt)])

    Epochs are counted from 0 here (the schedule's step 0 is the first epoch). ``lrs`` lists
    the learning rate of every epoch trained so far (and of the next one). For a schedule
    counted in update steps (one-cycle usually is), set ``optimizer.lr`` in your own loop.
    """

    def __init__(self, schedule: Schedule, optimizer: Optimizer) -> None:
        if not isinstance(schedule, Schedule):
            raise TypeError(f"schedule must be a Schedule (Constant, StepDecay, ...), got {schedule!r}")
        if not isinstance(optimizer, Optimizer):
            raise TypeError(f"optimizer must be the nnlib.optim optimizer given to fit, got {optimizer!r}")
        self.schedule, self.optimizer = schedule, optimizer
        self.lrs: list[float] = []

    def _set(self, epoch: int) -> None:
        self.optimizer.lr = self.schedule(epoch)
        self.lrs.append(self.optimizer.lr)

    def on_train_begin(self, model: Sequential) -> None:
        self.lrs = []
        self._set(0)

    def on_epoch_end(self, epoch: int, logs: dict[str, float], model: Sequential) -> bool:
        self._set(epoch)  # fit counts epochs from 1: the next one is the schedule's step `epoch`
        return False

    def __repr__(self) -> str:
        return f"LearningRateScheduler({self.schedule!r}, {self.optimizer!r})"
