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

from . import callbacks, data, gradcheck, interactive, layers, losses, metrics, mnist, optim, plot
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
