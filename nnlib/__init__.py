"""nnlib — a small, readable neural-network library in NumPy, written for the book.

The pieces, in the order the book meets them:

- ``Perceptron`` and, for comparison, ``DecisionTree`` and ``KNearestNeighbors``;
- ``layers`` (``Dense``, ``ReLU``, ``Sigmoid``, ``Tanh``, ``Softmax``, ``Dropout``);
- ``losses`` and ``metrics``;
- ``gradcheck`` (finite differences), ``optim`` (``SGD``, ``Adam``);
- ``Sequential`` with ``fit`` / ``evaluate`` / ``predict``, ``History``, ``EarlyStopping``;
- ``data`` (toy data sets, splits, mini-batches), ``mnist`` (the digits), ``plot`` (figures)
  and ``interactive`` (the callbacks behind the book's sliders).
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

from . import callbacks, data, gradcheck, layers, losses, metrics, mnist, optim
from .callbacks import EarlyStopping
from .classic import DecisionStump, DecisionTree, KNearestNeighbors
from .model import History, Sequential, TrainingDivergedError
from .parameter import Parameter
from .perceptron import ConvergenceWarning, Perceptron

__all__ = [
    "ConvergenceWarning",
    "DecisionStump",
    "DecisionTree",
    "EarlyStopping",
    "History",
    "KNearestNeighbors",
    "Parameter",
    "Perceptron",
    "Sequential",
    "TrainingDivergedError",
    "callbacks",
    "data",
    "gradcheck",
    "interactive",
    "layers",
    "losses",
    "metrics",
    "mnist",
    "optim",
    "plot",
]
__version__ = "0.1.0"

# The presentation layer (matplotlib figures, widget callbacks) is imported on first use,
# so that ``import nnlib`` and the core (layers, losses, optim, model, ...) never load
# matplotlib. ``nnlib.plot`` and ``nnlib.interactive`` work as usual.
_LAZY_SUBMODULES = ("interactive", "plot")

if TYPE_CHECKING:
    from . import interactive, plot


def __getattr__(name: str) -> Any:
    if name in _LAZY_SUBMODULES:
        return import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
