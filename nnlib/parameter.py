"""The ``Parameter``: a trainable array together with its gradient."""

from __future__ import annotations

import numpy as np

from ._validation import as_float_array


class Parameter:
    """A trainable array and the gradient of the loss with respect to it.

    ``value`` and ``grad`` have the same shape and dtype. Each ``backward`` pass
    *overwrites* ``grad`` (it does not accumulate), so there is nothing to zero
    between steps. Optimizers update ``value`` in place.
    """

    def __init__(self, value: np.ndarray, name: str = "") -> None:
        if not (isinstance(value, np.ndarray) and value.dtype in (np.float32, np.float64)):
            kind = value.dtype if isinstance(value, np.ndarray) else type(value).__name__
            raise TypeError(f"value must be a float32 or float64 NumPy array (updated in place), got {kind}")
        self.value = as_float_array(value, "value", allow_empty=True)
        self.grad = np.zeros_like(value)
        self.name = name

    @property
    def shape(self) -> tuple[int, ...]:
        return self.value.shape

    def __repr__(self) -> str:
        return f"Parameter(name={self.name!r}, shape={self.value.shape}, dtype={self.value.dtype})"
