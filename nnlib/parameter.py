"""The ``Parameter``: a trainable array together with its gradient."""

from __future__ import annotations

import numpy as np

from ._validation import check_parameter_value


class Parameter:
    """A trainable array and the gradient of the loss with respect to it.

    ``value`` and ``grad`` have the same shape and dtype. Each ``backward`` pass
    *overwrites* ``grad`` (it does not accumulate), so there is nothing to zero
    between steps. Optimizers update ``value`` in place.
    """

    def __init__(self, value: np.ndarray, name: str = "") -> None:
        self.value = check_parameter_value(value)  # a float NumPy array, itself: updated in place
        self.grad = np.zeros_like(value)
        self.name = name

    @property
    def shape(self) -> tuple[int, ...]:
        return self.value.shape

    def __repr__(self) -> str:
        return f"Parameter(name={self.name!r}, shape={self.value.shape}, dtype={self.value.dtype})"
