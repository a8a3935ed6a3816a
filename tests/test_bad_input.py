"""The bad-input matrix (issue 11): every public function and class of nnlib, fed inputs a
reader could plausibly pass by mistake.

Each case must raise ``ValueError`` or ``TypeError`` (a divergence case:
``TrainingDivergedError``) whose message names the offending argument, raised from nnlib's
own code. Two outcomes count as failures: a **silent** result (the call returns) and an
**obscure** error (a NumPy or torch internal error, an AttributeError, a message that does
not say which argument is wrong).

Categories (the second part of every case id):

- ``shape``  wrong number of dimensions, wrong widths, lengths that do not match
- ``nan``    NaN or ±inf values, and finite values too large for the dtype
- ``empty``  arrays without examples
- ``dtype``  complex, object, boolean and string arrays, and ``None`` / strings for arrays
- ``label``  class labels out of range, negative, fractional or of the wrong kind
- ``hyper``  absurd hyper-parameters (0, negative, NaN, inf, 2.7 for a count, strings)
- ``diverge`` training that blows up must say so (``TrainingDivergedError``)

Cases of the core modules (layers, model, optim, callbacks, parameter) that fail while
their rewrite is in progress are marked ``xfail(strict=False)``: see ``CORE_PENDING``.
Interactive views are covered by their own tests.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import nnlib
from nnlib import callbacks, data, gradcheck, layers, losses, metrics, optim
from nnlib.classic import DecisionStump, DecisionTree, KNearestNeighbors
from nnlib.model import History, Sequential, TrainingDivergedError
from nnlib.parameter import Parameter
from nnlib.perceptron import Perceptron, neuron, sgn

try:
    import torch

    from nnlib import torch_mnist
except ImportError:  # the NumPy library is tested without torch too
    torch = None

BAD = (ValueError, TypeError)
NAN, INF = float("nan"), float("inf")

# ---------------------------------------------------------------------------
# inputs
# ---------------------------------------------------------------------------
X, Y = data.make_blobs(20, seed=0)  # (20, 2) float64, labels 0/1
Y_SIGNED = data.to_signed(Y)
X_NAN = X.copy()
X_NAN[3, 1] = NAN
X_INF = X.copy()
X_INF[0, 0] = INF
SCORES = np.tile([[0.3, 0.7]], (20, 1))
P3 = np.full((4, 3), 1 / 3)  # probabilities, 4 examples, 3 classes
L3 = np.array([0, 2, 1, 2])


def with_nan(a: np.ndarray, where: tuple[int, ...] = (0,)) -> np.ndarray:
    a = np.array(a, dtype=np.float64)
    a[where] = NAN
    return a


def with_value(a: np.ndarray, value: float) -> np.ndarray:
    """A float copy of ``a`` whose first entry is ``value``."""
    a = np.array(a, dtype=np.float64)
    a.reshape(-1)[0] = value
    return a


def fresh_model(dtype: Any = np.float64) -> Sequential:
    return Sequential(
        [layers.Dense(2, 4, seed=0, dtype=dtype), layers.ReLU(), layers.Dense(4, 2, seed=1, dtype=dtype)]
    )


def fitted(cls: Callable[[], Any]) -> Any:
    return cls().fit(X, Y)


def fit(model: Sequential | None = None, x: Any = X, y: Any = Y, **kwargs: Any) -> Any:
    options = {"loss": "softmax_cross_entropy", "optimizer": optim.SGD(0.1), "epochs": 1, "seed": 0}
    return (model or fresh_model()).fit(x, y, **(options | kwargs))


def forward_then_backward(layer: layers.Layer, x: Any, grad: Any) -> Any:
    layer.forward(x)
    return layer.backward(grad)


def write_model_file(path: Path, architecture: Any, arrays: dict[str, np.ndarray] | None = None) -> Path:
    text = architecture if isinstance(architecture, str) else json.dumps(architecture)
    np.savez(path, architecture=np.array(text), **(arrays or {}))
    return path


# ---------------------------------------------------------------------------
# the cases
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Case:
    id: str  # "function/category/what"
    call: Callable[[Path], Any]  # gets a temporary directory
    names: tuple[str, ...]  # the message must contain one of these (the argument's name)
    errors: tuple[type[BaseException], ...] = BAD
    core: bool = False


CASES: list[Case] = []


def case(
    id: str,
    call: Callable[..., Any],
    *names: str,
    errors: tuple[type[BaseException], ...] = BAD,
    core: bool = False,
    tmp: bool = False,
) -> None:
    wrapped = call if tmp else (lambda _tmp, f=call: f())
    CASES.append(Case(id, wrapped, names, errors, core))


# ----- layers (core) ---------------------------------------------------------
for fn_name in ("relu", "sigmoid", "tanh", "softmax", "identity"):
    fn = getattr(layers, fn_name)
    case(f"layers.{fn_name}/dtype/string", lambda fn=fn: fn("abc"), "z", core=True)
    case(f"layers.{fn_name}/dtype/complex", lambda fn=fn: fn(np.array([1 + 1j])), "z", core=True)
    case(f"layers.{fn_name}/nan/nan", lambda fn=fn: fn(np.array([NAN, 1.0])), "z", core=True)
case("layers.softmax/shape/axis", lambda: layers.softmax(np.ones((2, 3)), axis=5), "axis", core=True)

for value, cat in [
    (2.7, "hyper"),
    (0, "hyper"),
    (-3, "hyper"),
    ("3", "hyper"),
    (None, "hyper"),
    (True, "hyper"),
]:
    case(
        f"layers.Dense/{cat}/in_features={value!r}",
        lambda v=value: layers.Dense(v, 2),
        "in_features",
        core=True,
    )
    case(
        f"layers.Dense/{cat}/out_features={value!r}",
        lambda v=value: layers.Dense(2, v),
        "out_features",
        core=True,
    )
case("layers.Dense/hyper/init", lambda: layers.Dense(2, 2, init="magic"), "init", core=True)
case("layers.Dense/dtype/dtype=complex", lambda: layers.Dense(2, 2, dtype=np.complex128), "dtype", core=True)
case("layers.Dense/dtype/dtype=int", lambda: layers.Dense(2, 2, dtype=np.int64), "dtype", core=True)
case("layers.Dense/hyper/seed", lambda: layers.Dense(2, 2, seed="x"), "seed", core=True)
DENSE_INPUTS = [
    ("shape/width", np.ones((5, 3)), ("x", "input")),
    ("shape/1d", np.ones(2), ("x", "input")),
    ("shape/3d", np.ones((2, 2, 2)), ("x", "input")),
    ("nan/list", [[NAN, 1.0]], ("x",)),
    ("nan/array", np.array([[NAN, 1.0]]), ("x",)),
    ("nan/float32-overflow", np.array([[1e39, 1.0]]), ("x",)),
    ("empty/list", [], ("x",)),
    ("dtype/complex", np.array([[1 + 1j, 0]]), ("x",)),
    ("dtype/bool", np.array([[True, False]]), ("x",)),
    ("dtype/string", "ab", ("x",)),
    ("dtype/object", np.array([[1.0, None]], dtype=object), ("x",)),
    ("dtype/None", None, ("x",)),
]
for what, value, names in DENSE_INPUTS:
    dtype = np.float32 if "float32" in what else np.float64
    case(
        f"Dense.forward/{what}",
        lambda v=value, d=dtype: layers.Dense(2, 3, seed=0, dtype=d).forward(v),
        *names,
        core=True,
    )
case(
    "Dense.backward/shape/grad",
    lambda: forward_then_backward(layers.Dense(2, 3, seed=0), np.ones((4, 2)), np.ones((4, 2))),
    "grad_out",
    core=True,
)
case(
    "Dense.backward/nan/grad-list",
    lambda: forward_then_backward(layers.Dense(2, 3, seed=0), np.ones((1, 2)), [[NAN, 0, 0]]),
    "grad_out",
    core=True,
)
case(
    "Dense.from_arrays/shape/weight-1d",
    lambda: layers.Dense.from_arrays(np.ones(3), np.ones(3)),
    "weight",
    core=True,
)
case(
    "Dense.from_arrays/shape/bias",
    lambda: layers.Dense.from_arrays(np.ones((2, 3)), np.ones(3)),
    "bias",
    core=True,
)
case(
    "Dense.from_arrays/nan/weight",
    lambda: layers.Dense.from_arrays(with_nan(np.ones((2, 3))), np.ones(2)),
    "weight",
    core=True,
)
case(
    "Dense.from_arrays/dtype/complex",
    lambda: layers.Dense.from_arrays(np.ones((2, 3)) + 1j, np.ones(2)),
    "weight",
    core=True,
)
for cls_name in ("ReLU", "Sigmoid", "Tanh", "Softmax", "Identity"):
    cls = getattr(layers, cls_name)
    case(
        f"{cls_name}.backward/shape/grad",
        lambda cls=cls: forward_then_backward(cls(), np.ones((4, 3)), np.ones((1, 3))),
        "grad_out",
        core=True,
    )
    case(f"{cls_name}.forward/dtype/string", lambda cls=cls: cls().forward("abc"), "x", core=True)
    case(f"{cls_name}.forward/dtype/complex", lambda cls=cls: cls().forward(np.array([[1j]])), "x", core=True)
    case(f"{cls_name}.forward/nan/list", lambda cls=cls: cls().forward([[NAN]]), "x", core=True)
for value in (1.0, -0.1, NAN, "0.5", None):
    case(f"layers.Dropout/hyper/p={value!r}", lambda v=value: layers.Dropout(v), "p", core=True)
case("layers.Dropout/hyper/seed", lambda: layers.Dropout(0.5, seed="x"), "seed", core=True)
case(
    "Dropout.forward/dtype/string",
    lambda: layers.Dropout(0.5, seed=0).forward("ab", training=True),
    "x",
    core=True,
)
case(
    "Dropout.backward/shape/grad",
    lambda: (
        d := layers.Dropout(0.5, seed=0),
        d.forward(np.ones((4, 3)), training=True),
        d.backward(np.ones((1, 3))),
    ),
    "grad_out",
    core=True,
)
case("Parameter/dtype/string", lambda: Parameter("abc"), "value", core=True)
case("Parameter/dtype/int", lambda: Parameter(np.arange(3)), "value", core=True)

# ----- losses ------------------------------------------------------------------
LOSS_CASES = {
    "MeanSquaredError": (losses.MeanSquaredError, np.zeros((4, 3)), np.ones((4, 3))),
    "EuclideanDistance": (losses.EuclideanDistance, P3, L3),
    "CrossEntropy": (losses.CrossEntropy, P3, L3),
    "SoftmaxCrossEntropy": (losses.SoftmaxCrossEntropy, np.zeros((4, 3)), L3),
    "BinaryCrossEntropy": (losses.BinaryCrossEntropy, np.full(4, 0.5), np.array([0, 1, 1, 0])),
    "BinaryCrossEntropy(from_logits)": (
        lambda: losses.BinaryCrossEntropy(from_logits=True),
        np.zeros(4),
        np.array([0, 1, 1, 0]),
    ),
}
PRED = ("pred", "logits")
for name, (make, pred, target) in LOSS_CASES.items():
    labels = target.ndim == 1 and name != "BinaryCrossEntropy" and "logits" not in name
    variants = [
        ("nan/pred", with_nan(pred, (0,) * pred.ndim), target, PRED),
        ("nan/pred-inf", with_value(pred, INF), target, PRED),
        ("empty/pred", np.zeros((0,) + pred.shape[1:]), target[:0], PRED),
        ("dtype/pred-complex", pred + 1j, target, PRED),
        ("dtype/pred-bool", pred > 0, target, PRED),
        ("dtype/pred-string", "abc", target, PRED),
        ("dtype/pred-object", np.array(pred.tolist() + [None], dtype=object), target, PRED),
        ("dtype/pred-None", None, target, PRED),
        ("dtype/target-string", pred, "abc", ("target",)),
        ("dtype/target-None", pred, None, ("target",)),
        ("dtype/target-complex", pred, target + 1j, ("target",)),
        ("shape/target-too-short", pred, target[:-1], ("target",)),
    ]
    if name != "MeanSquaredError":  # the MSE averages over any shape: (1, 4, 3) against (4, 3) is fine
        variants += [
            ("shape/pred-3d", pred[None, None] if pred.ndim == 1 else pred[None], target, PRED + ("target",))
        ]
    if labels:
        variants += [
            ("label/out-of-range", pred, np.array([0, 2, 3, 1]), ("target",)),
            ("label/negative", pred, np.array([0, -1, 1, 2]), ("target",)),
            ("label/fraction", pred, np.array([0, 1.5, 1, 2]), ("target",)),
            ("label/nan", pred, np.array([0, NAN, 1, 2]), ("target",)),
            ("label/bool", pred, np.array([True, False, True, False]), ("target",)),
        ]
    else:
        variants += [("nan/target", pred, with_nan(target, (0,) * target.ndim), ("target",))]
    if name == "MeanSquaredError":
        variants += [("shape/transposed-target", np.zeros((3, 2)), np.ones((2, 3)), ("target",))]
    if "BinaryCrossEntropy" in name:
        variants += [
            ("label/target-2", pred, np.array([0, 1, 2, 0]), ("target",)),
            ("shape/pred-two-columns", np.full((4, 2), 0.5), target, PRED),
        ]
    if name in ("CrossEntropy", "BinaryCrossEntropy"):
        variants += [("nan/pred-not-probability", pred * 3, target, PRED)]
    if name in ("CrossEntropy", "SoftmaxCrossEntropy"):
        variants += [("label/soft-target-not-distribution", pred, np.full((4, 3), 0.5), ("target",))]
    for what, p, t, names in variants:
        case(f"losses.{name}/{what}", lambda make=make, p=p, t=t: make()(p, t), *names)
case(
    "losses.BinaryCrossEntropy/hyper/from_logits",
    lambda: losses.BinaryCrossEntropy(from_logits="yes"),
    "from_logits",
)
case("losses.get_loss/hyper/unknown", lambda: losses.get_loss("hinge"), "loss")
case("losses.get_loss/hyper/number", lambda: losses.get_loss(3), "loss")
case("losses.get_loss/hyper/list", lambda: losses.get_loss(["mse"]), "loss")
case("losses.get_loss/hyper/class", lambda: losses.get_loss(losses.MeanSquaredError), "loss")

# ----- metrics -----------------------------------------------------------------
METRIC_FUNCTIONS = {"accuracy": metrics.accuracy, "confusion_matrix": metrics.confusion_matrix}
for extra in ("precision", "recall"):  # added by another change; covered when present
    if hasattr(metrics, extra):
        METRIC_FUNCTIONS[extra] = getattr(metrics, extra)
for name, fn in METRIC_FUNCTIONS.items():
    for what, yt, yp, names in [
        ("nan/y_pred-scores", Y, with_nan(SCORES, (2, 0)), ("y_pred",)),
        ("nan/y_pred-scores-inf", Y, np.where(np.eye(20, 2, dtype=bool), INF, SCORES), ("y_pred",)),
        ("nan/y_true", with_nan(Y, (1,)), Y, ("y_true",)),
        ("label/y_true-fraction", Y + 0.5, Y, ("y_true",)),
        ("label/y_pred-fraction", Y, Y + 0.5, ("y_pred",)),
        ("label/y_true-bool", Y.astype(bool), Y, ("y_true",)),
        ("label/y_pred-negative", Y, -Y - 1, ("y_pred",)),
        ("shape/length", Y, Y[:-1], ("y_true", "y_pred")),
        ("shape/y_true-2d", Y[:, None], Y, ("y_true",)),
        ("shape/y_pred-one-column", Y, SCORES[:, :1], ("y_pred",)),
        ("shape/y_pred-3d", Y, SCORES[None], ("y_pred",)),
        ("empty/both", np.array([], int), np.array([], int), ("y_true", "y_pred")),
        ("dtype/y_true-string", "ab", Y, ("y_true",)),
        ("dtype/y_pred-complex", Y, Y + 1j, ("y_pred",)),
        ("dtype/y_pred-scores-complex", Y, SCORES + 1j, ("y_pred",)),
        ("dtype/y_true-object", np.array([0, None], dtype=object), [0, 1], ("y_true",)),
        ("dtype/y_pred-None", Y, None, ("y_pred",)),
    ]:
        if name == "accuracy" and what == "label/y_pred-negative":
            continue  # a negative prediction is simply wrong: accuracy counts it as a mistake
        case(f"metrics.{name}/{what}", lambda fn=fn, yt=yt, yp=yp: fn(yt, yp), *names)
for value in (2.7, 0, -1, "3", NAN, 10**9):
    case(
        f"metrics.confusion_matrix/hyper/num_classes={value!r}",
        lambda v=value: metrics.confusion_matrix(Y, Y, num_classes=v),
        "num_classes",
    )
case(
    "metrics.confusion_matrix/label/too-large",
    lambda: metrics.confusion_matrix([0, 5], [0, 1], num_classes=3),
    "y_true",
)
case(
    "metrics.confusion_matrix/label/pred-too-large",
    lambda: metrics.confusion_matrix([0, 1], [0, 5], num_classes=3),
    "y_pred",
)
case("metrics.confusion_matrix/label/huge", lambda: metrics.confusion_matrix([0, 10**9], [0, 1]), "y_true")


# ----- gradcheck ---------------------------------------------------------------
def square_sum(v: np.ndarray) -> float:
    return float(np.sum(v**2))


for what, x, names in [
    ("dtype/list", [1.0, 2.0], ("x",)),
    ("dtype/float32", np.ones(3, np.float32), ("x",)),
    ("dtype/complex", np.ones(3, complex), ("x",)),
    ("dtype/string", "abc", ("x",)),
    ("nan/x", with_nan(np.ones(3)), ("x",)),
    ("empty/x", np.zeros(0), ("x",)),
]:
    case(
        f"gradcheck.numerical_gradient/{what}",
        lambda x=x: gradcheck.numerical_gradient(square_sum, x),
        *names,
    )
for value in (0, -1e-6, NAN, INF, 10.0, "1e-6"):
    case(
        f"gradcheck.numerical_gradient/hyper/eps={value!r}",
        lambda v=value: gradcheck.numerical_gradient(square_sum, np.ones(2), eps=v),
        "eps",
    )
case(
    "gradcheck.numerical_gradient/hyper/f-not-callable",
    lambda: gradcheck.numerical_gradient(3, np.ones(2)),
    "f",
)
case(
    "gradcheck.numerical_gradient/nan/f-returns-nan",
    lambda: gradcheck.numerical_gradient(lambda v: NAN, np.ones(2)),
    "f",
)
case(
    "gradcheck.numerical_gradient/shape/f-returns-array",
    lambda: gradcheck.numerical_gradient(lambda v: v, np.ones(2)),
    "f",
)
case(
    "gradcheck.numerical_gradient/dtype/f-returns-string",
    lambda: gradcheck.numerical_gradient(lambda v: "x", np.ones(2)),
    "f",
)
case(
    "gradcheck.relative_error/shape/mismatch",
    lambda: gradcheck.relative_error(np.ones(2), np.ones(3)),
    "a",
    "b",
)
case("gradcheck.relative_error/nan/a", lambda: gradcheck.relative_error([NAN, 1.0], [1.0, 1.0]), "a")
case("gradcheck.relative_error/nan/b", lambda: gradcheck.relative_error([1.0, 1.0], [INF, 1.0]), "b")
case("gradcheck.relative_error/dtype/complex", lambda: gradcheck.relative_error([1j], [1.0]), "a")
case("gradcheck.relative_error/dtype/string", lambda: gradcheck.relative_error("ab", [1.0]), "a")
case("gradcheck.relative_error/empty/both", lambda: gradcheck.relative_error([], []), "a")
case(
    "gradcheck.check_layer/dtype/not-a-layer", lambda: gradcheck.check_layer("relu", np.ones((2, 2))), "layer"
)
case("gradcheck.check_layer/nan/x", lambda: gradcheck.check_layer(layers.ReLU(), X_NAN), "x")
case(
    "gradcheck.check_layer/dtype/float32-layer",
    lambda: gradcheck.check_layer(layers.Dense(2, 2, dtype=np.float32), X),
    "layer",
)
case("gradcheck.check_layer/hyper/eps", lambda: gradcheck.check_layer(layers.ReLU(), X, eps=-1), "eps")
case("gradcheck.check_layer/hyper/seed", lambda: gradcheck.check_layer(layers.ReLU(), X, seed="s"), "seed")
case("gradcheck.check_loss/dtype/not-a-loss", lambda: gradcheck.check_loss("mse", P3, L3), "loss")
case(
    "gradcheck.check_loss/nan/pred",
    lambda: gradcheck.check_loss(losses.SoftmaxCrossEntropy(), with_nan(P3), L3),
    "pred",
)
case(
    "gradcheck.check_loss/label/target",
    lambda: gradcheck.check_loss(losses.SoftmaxCrossEntropy(), P3, L3 + 5),
    "target",
)

# ----- data --------------------------------------------------------------------
MAKERS = {
    "make_blobs": data.make_blobs,
    "make_xor": data.make_xor,
    "make_moons": data.make_moons,
    "make_circles": data.make_circles,
    "make_spirals": data.make_spirals,
    "make_polynomial_regression": data.make_polynomial_regression,
}
for name, make in MAKERS.items():
    for value in (0, 2.7, -5, None, "10", NAN, 10**12):
        case(f"data.{name}/hyper/n_samples={value!r}", lambda make=make, v=value: make(v), "n_samples")
    for value in (-0.1, NAN, INF, "0.1", 1e308):
        case(f"data.{name}/hyper/noise={value!r}", lambda make=make, v=value: make(30, noise=v), "noise")
    for value in ("x", -1, 2.5):
        case(f"data.{name}/hyper/seed={value!r}", lambda make=make, v=value: make(30, seed=v), "seed")
for value in (-1.0, NAN, INF, "3"):
    case(
        f"data.make_blobs/hyper/distance={value!r}",
        lambda v=value: data.make_blobs(10, distance=v),
        "distance",
    )
for value in (0.0, 1.0, 1.5, NAN, "0.5"):
    case(
        f"data.make_circles/hyper/factor={value!r}", lambda v=value: data.make_circles(10, factor=v), "factor"
    )
for value in (1, 2.5, "3", 10**6):
    case(
        f"data.make_spirals/hyper/n_classes={value!r}",
        lambda v=value: data.make_spirals(100, n_classes=v),
        "n_classes",
    )
for value in (0, 2.5, "3", 10**6):
    case(
        f"data.true_polynomial/hyper/degree={value!r}",
        lambda v=value: data.true_polynomial(0.5, degree=v),
        "degree",
    )
    case(
        f"data.make_polynomial_regression/hyper/degree={value!r}",
        lambda v=value: data.make_polynomial_regression(10, degree=v),
        "degree",
    )
case("data.true_polynomial/nan/x", lambda: data.true_polynomial([0.0, NAN]), "x")
case("data.true_polynomial/dtype/complex", lambda: data.true_polynomial(1j), "x")
case("data.true_polynomial/dtype/string", lambda: data.true_polynomial("0.5"), "x")
for what, y in [
    ("label/2", [0, 2]),
    ("label/fraction", [0.5, 1]),
    ("label/nan", [NAN, 1.0]),
    ("label/bool", np.array([True, False])),
    ("shape/2d", np.ones((2, 2), int)),
    ("empty/y", np.array([], int)),
    ("dtype/string", "01"),
    ("dtype/None", None),
]:
    case(f"data.to_signed/{what}", lambda y=y: data.to_signed(y), "y")
for what, y, kwargs, names in [
    ("label/negative", [-1, 0], {}, ("y",)),
    ("label/fraction", [0.5, 1], {}, ("y",)),
    ("label/nan", [NAN, 1.0], {}, ("y",)),
    ("label/bool", np.array([True, False]), {}, ("y",)),
    ("label/too-large", [0, 3], {"num_classes": 2}, ("num_classes",)),
    ("shape/2d", np.ones((2, 2), int), {}, ("y",)),
    ("empty/y", np.array([], int), {}, ("y",)),
    ("dtype/string", "01", {}, ("y",)),
    ("hyper/num_classes=2.7", [0, 1], {"num_classes": 2.7}, ("num_classes",)),
    ("hyper/num_classes=0", [0, 1], {"num_classes": 0}, ("num_classes",)),
    ("hyper/num_classes='3'", [0, 1], {"num_classes": "3"}, ("num_classes",)),
    ("hyper/num_classes=huge", [0, 1], {"num_classes": 10**12}, ("num_classes",)),
]:
    case(f"data.one_hot/{what}", lambda y=y, kw=kwargs: data.one_hot(y, **kw), *names)
SPLITTERS = {
    "train_val_test_split": lambda x, y, **kw: data.train_val_test_split(x, y, **kw),
    "iterate_minibatches": lambda x, y, **kw: data.iterate_minibatches(x, y, kw.pop("batch_size", 4), **kw),
}
for name, split in SPLITTERS.items():
    for what, x, y, names in [
        ("shape/length", X, Y[:-1], ("X", "y")),
        ("shape/X-scalar", np.array(3.0), Y[:1], ("X",)),
        ("nan/X", X_NAN, Y, ("X",)),
        ("nan/X-inf", X_INF, Y, ("X",)),
        ("nan/y", X, with_nan(Y), ("y",)),
        ("empty/both", np.zeros((0, 2)), np.zeros(0), ("X", "y")),
        ("dtype/X-complex", X + 1j, Y, ("X",)),
        ("dtype/X-string", "abc", Y, ("X",)),
        ("dtype/X-object", np.array([[1.0, None]] * 20, dtype=object), Y, ("X",)),
        ("dtype/y-None", X, None, ("y",)),
    ]:
        case(f"data.{name}/{what}", lambda split=split, x=x, y=y: split(x, y), *names)
    case(f"data.{name}/hyper/seed", lambda split=split: split(X, Y, seed="s"), "seed")
for arg in ("val_fraction", "test_fraction"):
    for value in (-0.1, 1.0, NAN, "0.2"):
        case(
            f"data.train_val_test_split/hyper/{arg}={value!r}",
            lambda a=arg, v=value: data.train_val_test_split(X, Y, **{a: v}),
            arg,
        )
case(
    "data.train_val_test_split/hyper/fractions-sum",
    lambda: data.train_val_test_split(X, Y, val_fraction=0.5, test_fraction=0.5),
    "val_fraction",
)
for value in (0, 2.5, "4", None):
    case(
        f"data.iterate_minibatches/hyper/batch_size={value!r}",
        lambda v=value: data.iterate_minibatches(X, Y, v),
        "batch_size",
    )
case(
    "data.iterate_minibatches/hyper/shuffle",
    lambda: data.iterate_minibatches(X, Y, 4, shuffle="no"),
    "shuffle",
)

# ----- mnist -------------------------------------------------------------------
for what, kwargs, names in [
    ("hyper/dtype-unknown", {"dtype": "no such type"}, ("dtype",)),
    ("dtype/dtype-complex", {"dtype": np.complex64}, ("dtype",)),
    ("dtype/dtype-bool", {"dtype": bool, "normalize": False}, ("dtype",)),
    ("hyper/dtype-int8", {"dtype": np.int8, "normalize": False}, ("dtype",)),
    ("hyper/dtype-int-normalized", {"dtype": np.int32}, ("dtype", "normalize")),
    ("hyper/normalize", {"normalize": "yes"}, ("normalize",)),
    ("hyper/flatten", {"flatten": None}, ("flatten",)),
    ("dtype/directory", {"directory": 42}, ("directory",)),
]:
    case(f"mnist.load_mnist/{what}", lambda kw=kwargs: nnlib.mnist.load_mnist(**kw), *names)
case("mnist.load_mnist/empty/directory", lambda tmp: nnlib.mnist.load_mnist(tmp), "not found", tmp=True)


# ----- classic and perceptron ------------------------------------------------
def fit_inputs(labels: np.ndarray) -> list[tuple[str, Any, Any, tuple[str, ...]]]:
    """Bad (X, y) pairs for a classifier trained on ``labels`` (0/1, or ±1 for the perceptron)."""
    return [
        ("nan/X", X_NAN, labels, ("X",)),
        ("nan/X-inf", X_INF, labels, ("X",)),
        ("shape/X-1d", X[:, 0], labels, ("X",)),
        ("shape/length", X, labels[:-1], ("X", "y")),
        ("shape/y-2d", X, labels[:, None], ("y",)),
        ("empty/X", np.zeros((0, 2)), np.zeros(0, int), ("X",)),
        ("dtype/X-complex", X + 1j, labels, ("X",)),
        ("dtype/X-bool", X > 0, labels, ("X",)),
        ("dtype/X-string", "abc", labels, ("X",)),
        ("dtype/X-object", np.array([[1.0, None]] * 20, dtype=object), labels, ("X",)),
        ("label/fraction", X, labels + 0.5, ("y",)),
        ("label/nan", X, with_nan(labels), ("y",)),
        ("label/bool", X, labels > 0, ("y",)),
        ("label/string", X, np.array(["a", "b"] * 10), ("y",)),
    ]


CLASSIFIERS = {
    "DecisionTree": (DecisionTree, Y),
    "DecisionStump": (DecisionStump, Y),
    "KNearestNeighbors": (lambda: KNearestNeighbors(k=3), Y),
    "Perceptron": (Perceptron, Y_SIGNED),
}
for name, (make, labels) in CLASSIFIERS.items():
    for what, x, y, names in fit_inputs(labels):
        case(f"{name}.fit/{what}", lambda make=make, x=x, y=y: make().fit(x, y), *names)
    model = make().fit(X, labels)
    predictors = ["predict"] + (["decision_function"] if name == "Perceptron" else [])
    for method in predictors:
        for what, x in [
            ("shape/width", np.ones((3, 3))),
            ("shape/1d", np.ones(2)),
            ("nan/X", X_NAN),
            ("empty/X", np.zeros((0, 2))),
            ("dtype/complex", X + 1j),
            ("dtype/string", "ab"),
        ]:
            case(f"{name}.{method}/{what}", lambda m=model, meth=method, x=x: getattr(m, meth)(x), "X")
case("Perceptron.fit/label/0-1-labels", lambda: Perceptron().fit(X, Y), "y")
case("KNearestNeighbors.fit/hyper/k-larger-than-n", lambda: KNearestNeighbors(k=50).fit(X, Y), "k")
for value in (0, 2.5, "3", None, 10**6):
    case(f"DecisionTree/hyper/max_depth={value!r}", lambda v=value: DecisionTree(max_depth=v), "max_depth")
    case(f"KNearestNeighbors/hyper/k={value!r}", lambda v=value: KNearestNeighbors(k=v).fit(X, Y), "k")
case(
    "DecisionTree.describe/shape/feature_names",
    lambda: fitted(DecisionStump).describe(["one"]),
    "feature_names",
)
case(
    "DecisionTree.describe/dtype/feature_names", lambda: fitted(DecisionStump).describe("ab"), "feature_names"
)
for value in (0, -1.0, NAN, INF, "1"):
    case(f"Perceptron/hyper/lr={value!r}", lambda v=value: Perceptron(lr=v), "lr")
for value in (0, 2.5, "10", 10**9):
    case(f"Perceptron/hyper/max_epochs={value!r}", lambda v=value: Perceptron(max_epochs=v), "max_epochs")
case("Perceptron/hyper/shuffle", lambda: Perceptron(shuffle="yes"), "shuffle")
case("Perceptron/hyper/seed", lambda: Perceptron(seed=-1), "seed")
case("Perceptron/hyper/init-not-pair", lambda: Perceptron(init=np.zeros(2)), "init")
case("Perceptron/nan/init", lambda: Perceptron(init=([NAN, 0.0], 0.0)), "init")
case("Perceptron/nan/init-bias", lambda: Perceptron(init=([0.0, 0.0], INF)), "init")
case("Perceptron.fit/shape/init", lambda: Perceptron(init=([0.0, 0.0, 0.0], 0.0)).fit(X, Y_SIGNED), "init")
for what, args, names in [
    ("nan/x", ([NAN, 1.0], [1.0, 1.0], 0.0), ("x",)),
    ("nan/w", ([1.0, 1.0], [INF, 1.0], 0.0), ("w",)),
    ("nan/b", ([1.0, 1.0], [1.0, 1.0], NAN), ("b",)),
    ("shape/mismatch", ([1.0, 2.0, 3.0], [1.0, 1.0], 0.0), ("x", "w")),
    ("shape/w-2d", ([1.0, 2.0], [[1.0, 1.0]], 0.0), ("w",)),
    ("dtype/x-complex", ([1j, 1.0], [1.0, 1.0], 0.0), ("x",)),
    ("dtype/x-string", ("ab", [1.0, 1.0], 0.0), ("x",)),
    ("dtype/b-string", ([1.0, 1.0], [1.0, 1.0], "0"), ("b",)),
    ("empty/x", ([], [], 0.0), ("x",)),
]:
    case(f"perceptron.neuron/{what}", lambda a=args: neuron(*a), *names)
for what, n in [
    ("nan/n", NAN),
    ("nan/array", [1.0, NAN]),
    ("dtype/string", "1"),
    ("dtype/complex", 1j),
    ("dtype/None", None),
]:
    case(f"perceptron.sgn/{what}", lambda n=n: sgn(n), "z")

# ----- optim (core) ----------------------------------------------------------
for cls_name in ("SGD", "Adam"):
    cls = getattr(optim, cls_name)
    for value in (0, -0.1, NAN, INF, "0.1", None, True):
        case(f"optim.{cls_name}/hyper/lr={value!r}", lambda cls=cls, v=value: cls(lr=v), "lr", core=True)
    for value in (-0.1, NAN, INF):
        case(
            f"optim.{cls_name}/hyper/weight_decay={value!r}",
            lambda cls=cls, v=value: cls(weight_decay=v),
            "weight_decay",
            core=True,
        )
for value in (1.0, -0.1, NAN, "0.9"):
    case(f"optim.SGD/hyper/momentum={value!r}", lambda v=value: optim.SGD(momentum=v), "momentum", core=True)
for value in ((1.0, 0.9), (0.9,), (0.9, NAN), "ab", 0.9):
    case(f"optim.Adam/hyper/betas={value!r}", lambda v=value: optim.Adam(betas=v), "betas", core=True)
for value in (0, -1e-8, NAN):
    case(f"optim.Adam/hyper/eps={value!r}", lambda v=value: optim.Adam(eps=v), "eps", core=True)
case(
    "optim.get_optimizer/hyper/unknown",
    lambda: optim.get_optimizer("rmsprop"),
    "optimizer",
    "rmsprop",
    core=True,
)
case("optim.get_optimizer/hyper/number", lambda: optim.get_optimizer(3), "optimizer", "name", core=True)
case("optim.get_optimizer/hyper/lr", lambda: optim.get_optimizer("sgd", lr=-1), "lr", core=True)
case("Optimizer.step/dtype/not-parameters", lambda: optim.SGD(0.1).step([np.ones(3)]), "param", core=True)

# ----- callbacks and History (core) --------------------------------------------
for value in (-1, 2.5, "3", None):
    case(
        f"callbacks.EarlyStopping/hyper/patience={value!r}",
        lambda v=value: callbacks.EarlyStopping(patience=v),
        "patience",
        core=True,
    )
for value in (-0.1, NAN, "0"):
    case(
        f"callbacks.EarlyStopping/hyper/min_delta={value!r}",
        lambda v=value: callbacks.EarlyStopping(min_delta=v),
        "min_delta",
        core=True,
    )
case(
    "callbacks.EarlyStopping/hyper/monitor", lambda: callbacks.EarlyStopping(monitor=3), "monitor", core=True
)
case(
    "callbacks.EarlyStopping/hyper/restore_best_weights",
    lambda: callbacks.EarlyStopping(restore_best_weights="yes"),
    "restore_best_weights",
    core=True,
)
case(
    "History.best_epoch/hyper/unknown-monitor",
    lambda: History().best_epoch("val_loss"),
    "val_loss",
    "monitor",
    core=True,
)

# ----- Sequential (core) --------------------------------------------------------
case("Sequential/empty/layers", lambda: Sequential([]), "layer", core=True)
case("Sequential/dtype/not-layers", lambda: Sequential([1, 2]), "layer", core=True)
case("Sequential/dtype/string", lambda: Sequential("abc"), "layer", core=True)
case("Sequential/dtype/class-not-instance", lambda: Sequential([layers.ReLU]), "layer", core=True)
for what, x, y, names in [
    ("nan/X", X_NAN, Y, ("X",)),
    ("nan/X-inf", X_INF, Y, ("X",)),
    ("nan/X-float32-overflow", np.full((20, 2), 1e39), Y, ("X",)),
    ("shape/X-width", np.ones((20, 3)), Y, ("X",)),
    ("shape/X-1d", X[:, 0], Y, ("X",)),
    ("shape/length", X, Y[:-1], ("X", "y")),
    ("empty/X", np.zeros((0, 2)), np.zeros(0, int), ("X",)),
    ("dtype/X-complex", X + 1j, Y, ("X",)),
    ("dtype/X-bool", X > 0, Y, ("X",)),
    ("dtype/X-string", "abc", Y, ("X",)),
    ("dtype/X-None", None, Y, ("X",)),
    ("dtype/y-string", X, np.array(["a", "b"] * 10), ("y", "target")),
    ("label/out-of-range", X, Y + 1, ("y", "target")),
    ("label/negative", X, Y - 1, ("y", "target")),
    ("label/fraction", X, Y + 0.5, ("y", "target")),
    ("label/nan", X, with_nan(Y), ("y", "target")),
]:
    dtype = np.float32 if "float32" in what else np.float64
    case(f"Sequential.fit/{what}", lambda x=x, y=y, d=dtype: fit(fresh_model(d), x, y), *names, core=True)
for arg, values in [
    ("epochs", (0, 2.5, "3", -1)),
    ("batch_size", (0, 2.5, "32")),
    ("validation_split", (1.0, -0.1, NAN)),
    ("shuffle", ("yes",)),
    ("seed", ("s", -1)),
    ("loss", ("hinge", 3, None)),
    ("optimizer", ("rmsprop", 3, None)),
    ("callbacks", (3,)),
]:
    for value in values:
        case(f"Sequential.fit/hyper/{arg}={value!r}", lambda a=arg, v=value: fit(**{a: v}), arg, core=True)
case(
    "Sequential.fit/shape/validation_data",
    lambda: fit(validation_data=(X[:, :1], Y)),
    "validation",
    core=True,
)
case("Sequential.fit/nan/validation_data", lambda: fit(validation_data=(X_NAN, Y)), "validation", core=True)
case(
    "Sequential.fit/hyper/validation_data-not-pair",
    lambda: fit(validation_data=X),
    "validation_data",
    core=True,
)
case(
    "Sequential.fit/hyper/split-and-data",
    lambda: fit(validation_split=0.2, validation_data=(X, Y)),
    "validation_split",
    "validation_data",
    core=True,
)
for what, opt, loss_name in [
    ("sgd-1e300-softmax", optim.SGD(1e300), "softmax_cross_entropy"),
    ("sgd-1e300-mse", optim.SGD(1e300), "mse"),
    ("sgd-1e6-mse", optim.SGD(1e6), "mse"),
    ("adam-1e30", optim.Adam(1e30), "softmax_cross_entropy"),
]:
    target = np.eye(2)[Y] if loss_name == "mse" else Y
    case(
        f"Sequential.fit/diverge/{what}",
        lambda o=opt, ln=loss_name, t=target: fit(
            None, X, t, optimizer=o, loss=ln, epochs=1, batch_size=20, shuffle=False
        ),
        "diverged",
        errors=(TrainingDivergedError,),
        core=True,
    )
for what, x, names in [
    ("nan/X", X_NAN, ("X",)),
    ("shape/X-width", np.ones((3, 3)), ("X",)),
    ("empty/X", np.zeros((0, 2)), ("X",)),
    ("dtype/X-complex", X + 1j, ("X",)),
    ("dtype/X-string", "ab", ("X",)),
]:
    case(f"Sequential.predict/{what}", lambda x=x: fresh_model().predict(x), *names, core=True)
    case(
        f"Sequential.predict_classes/{what}", lambda x=x: fresh_model().predict_classes(x), *names, core=True
    )
case(
    "Sequential.predict/nan/float32-overflow",
    lambda: fresh_model(np.float32).predict(np.full((2, 2), 1e39)),
    "X",
    core=True,
)
case(
    "Sequential.predict/hyper/batch_size",
    lambda: fresh_model().predict(X, batch_size=0),
    "batch_size",
    core=True,
)
case("Sequential.evaluate/hyper/no-loss", lambda: fresh_model().evaluate(X, Y), "loss", core=True)
case(
    "Sequential.evaluate/label/out-of-range",
    lambda: fresh_model().evaluate(X, Y + 1, loss="softmax_cross_entropy"),
    "y",
    "target",
    core=True,
)
case(
    "Sequential.evaluate/shape/length",
    lambda: fresh_model().evaluate(X, Y[:-1], loss="softmax_cross_entropy"),
    "y",
    "X",
    core=True,
)
case(
    "Sequential.evaluate/nan/X",
    lambda: fresh_model().evaluate(X_NAN, Y, loss="softmax_cross_entropy"),
    "X",
    core=True,
)
case(
    "Sequential.set_weights/shape/count",
    lambda: fresh_model().set_weights([np.ones((4, 2))]),
    "weights",
    core=True,
)
case(
    "Sequential.set_weights/shape/shape",
    lambda: fresh_model().set_weights([np.ones((2, 4)), np.ones(4), np.ones((2, 4)), np.ones(2)]),
    "weights",
    "weight",
    core=True,
)
case(
    "Sequential.set_weights/nan/values",
    lambda: fresh_model().set_weights([with_nan(w) for w in fresh_model().get_weights()]),
    "weights",
    "weight",
    core=True,
)
case(
    "Sequential.set_weights/dtype/complex",
    lambda: fresh_model().set_weights([w + 1j for w in fresh_model().get_weights()]),
    "weights",
    "weight",
    core=True,
)


def _saved_then_tampered(tmp: Path, change: Callable[[dict[str, np.ndarray]], None]) -> Sequential:
    path = fresh_model().save(tmp / "m.npz")
    with np.load(path) as stored:
        arrays = dict(stored)
    change(arrays)
    np.savez(path, **arrays)
    return Sequential.load(path)


GOOD_ARCH = [
    {"type": "Dense", "in_features": 2, "out_features": 4, "dtype": "float64"},
    {"type": "ReLU"},
]
GOOD_ARRAYS = {"param_0": np.ones((4, 2)), "param_1": np.ones(4)}
for what, arch, arrays in [
    ("not-json", "{not json", GOOD_ARRAYS),
    ("not-a-list", {"type": "ReLU"}, GOOD_ARRAYS),
    ("no-type", [{"in_features": 2}], GOOD_ARRAYS),
    ("unknown-type", [{"type": "Conv2D"}], {}),
    (
        "bad-in_features",
        [{"type": "Dense", "in_features": "two", "out_features": 4, "dtype": "float64"}],
        GOOD_ARRAYS,
    ),
    ("unknown-argument", [{"type": "ReLU", "color": "red"}], {}),
    (
        "huge-dense-small-file",
        [{"type": "Dense", "in_features": 20000, "out_features": 20000, "dtype": "float64"}],
        GOOD_ARRAYS,
    ),
    ("missing-weights", GOOD_ARCH, {"param_0": np.ones((4, 2))}),
    ("wrong-shape", GOOD_ARCH, {"param_0": np.ones((2, 4)), "param_1": np.ones(4)}),
    ("extra-weights", GOOD_ARCH, GOOD_ARRAYS | {"param_2": np.ones(3)}),
]:
    case(
        f"Sequential.load/shape/{what}",
        lambda tmp, a=arch, arr=arrays: Sequential.load(write_model_file(tmp / "m.npz", a, arr)),
        "m.npz",
        tmp=True,
        core=True,
    )
case(
    "Sequential.load/nan/weights",
    lambda tmp: _saved_then_tampered(tmp, lambda a: a["param_0"].fill(NAN)),
    "m.npz",
    tmp=True,
    core=True,
)
case(
    "Sequential.load/dtype/complex-weights",
    lambda tmp: _saved_then_tampered(tmp, lambda a: a.update(param_1=a["param_1"] + 1j)),
    "m.npz",
    tmp=True,
    core=True,
)
case(
    "Sequential.load/empty/garbage-file",
    lambda tmp: (tmp / "m.npz").write_bytes(b"garbage") and Sequential.load(tmp / "m.npz"),
    "m.npz",
    tmp=True,
    core=True,
)
case("Sequential.save/dtype/path", lambda: fresh_model().save(3), "path", core=True)

# ----- schedules (core; the module is new) --------------------------------------
try:
    from nnlib import schedules
except ImportError:
    schedules = None
if schedules is not None:
    for value in (0, -1.0, NAN, INF, "0.1"):
        case(f"schedules.Constant/hyper/lr={value!r}", lambda v=value: schedules.Constant(v), "lr", core=True)
        case(
            f"schedules.Cosine/hyper/lr={value!r}",
            lambda v=value: schedules.Cosine(v, total=10),
            "lr",
            core=True,
        )
        case(
            f"schedules.OneCycle/hyper/max_lr={value!r}",
            lambda v=value: schedules.OneCycle(v, total=10),
            "max_lr",
            core=True,
        )
        case(
            f"schedules.StepDecay/hyper/lr={value!r}",
            lambda v=value: schedules.StepDecay(v, every=2),
            "lr",
            core=True,
        )
    for value in (0, 2.5, "10"):
        case(
            f"schedules.Cosine/hyper/total={value!r}",
            lambda v=value: schedules.Cosine(0.1, total=v),
            "total",
            core=True,
        )
        case(
            f"schedules.StepDecay/hyper/every={value!r}",
            lambda v=value: schedules.StepDecay(0.1, every=v),
            "every",
            core=True,
        )
    case(
        "schedules.StepDecay/hyper/factor",
        lambda: schedules.StepDecay(0.1, every=2, factor=2.0),
        "factor",
        core=True,
    )
    case(
        "schedules.OneCycle/hyper/warmup",
        lambda: schedules.OneCycle(0.1, total=10, warmup=1.5),
        "warmup",
        core=True,
    )
    case("Schedule.__call__/hyper/step", lambda: schedules.Constant(0.1)(-1), "step", core=True)
    case("Schedule.__call__/hyper/step-fraction", lambda: schedules.Constant(0.1)(2.5), "step", core=True)
    case(
        "schedules.LearningRateScheduler/dtype/schedule",
        lambda: schedules.LearningRateScheduler(0.1, optim.SGD(0.1)),
        "schedule",
        core=True,
    )

# ----- torch_mnist ----------------------------------------------------------------
if torch is not None:
    TX = np.random.default_rng(0).random((40, 784), dtype=np.float32)
    TY = np.arange(40) % 10
    TINY = {"epochs": 1, "batch_size": 20, "device": "cpu", "progress": False}

    def tiny_mlp() -> Any:
        return torch_mnist.MLP((784, 8, 10), seed=0)

    def tm_train(x: Any = TX, y: Any = TY, xv: Any = TX, yv: Any = TY, **kwargs: Any) -> Any:
        return torch_mnist.train(tiny_mlp(), x, y, xv, yv, **(TINY | kwargs))

    TX_NAN = TX.copy()
    TX_NAN[1, 5] = NAN
    for what, x, names in [
        ("nan/X", TX_NAN, ("X_train",)),
        ("nan/X-inf", np.where(np.eye(40, 784, dtype=bool), INF, TX), ("X_train",)),
        ("nan/X-float32-overflow", TX.astype(np.float64) * 1e39, ("X_train",)),
        ("shape/X-width", TX[:, :100], ("X_train",)),
        ("shape/X-1d", TX[0], ("X_train",)),
        ("empty/X", TX[:0], ("X_train",)),
        ("dtype/X-int", (TX * 255).astype(np.uint8), ("X_train",)),
        ("dtype/X-complex", TX + 1j, ("X_train",)),
        ("dtype/X-bool", TX > 0.5, ("X_train",)),
        ("dtype/X-string", "abc", ("X_train",)),
        ("dtype/X-object", np.array([[1.0, None]] * 40, dtype=object), ("X_train",)),
        ("dtype/X-None", None, ("X_train",)),
    ]:
        case(
            f"torch_mnist.train/{what}",
            lambda x=x: tm_train(x=x, y=TY[: len(x)] if np.ndim(x) == 2 else TY),
            *names,
        )
    case("torch_mnist.train/nan/X_val", lambda: tm_train(xv=TX_NAN), "X_val")
    for what, y, names in [
        ("label/ignore-index--100", np.r_[TY[:-1], -100], ("y_train",)),
        ("label/negative", np.r_[TY[:-1], -1], ("y_train",)),
        ("label/too-large", np.r_[TY[:-1], 10], ("y_train",)),
        ("label/float", TY.astype(np.float32), ("y_train",)),
        ("label/bool", TY > 4, ("y_train",)),
        ("shape/length", TY[:-1], ("y_train",)),
        ("shape/2d", TY[:, None], ("y_train",)),
        ("dtype/string", np.array(["a"] * 40), ("y_train",)),
        ("dtype/None", None, ("y_train",)),
    ]:
        case(f"torch_mnist.train/{what}", lambda y=y: tm_train(y=y), *names)
    case("torch_mnist.train/label/y_val", lambda: tm_train(yv=np.r_[TY[:-1], -100]), "y_val")
    for arg, values in [
        ("epochs", (0, 2.5, "3", 10**9)),
        ("batch_size", (0, 2.5, "20")),
        ("lr", (0, -1e-3, NAN, INF, "1e-3")),
        ("seed", (-1, "s", None)),
        ("schedule", ("linear", None)),
        ("patience", (0, 2.5)),
        ("amp", ("yes",)),
        ("progress", ("no",)),
        ("device", ("tpu", 3)),
        ("on_epoch_end", (3,)),
    ]:
        for value in values:
            case(f"torch_mnist.train/hyper/{arg}={value!r}", lambda a=arg, v=value: tm_train(**{a: v}), arg)
    if not torch.cuda.is_available():
        case("torch_mnist.train/hyper/device=cuda-without-gpu", lambda: tm_train(device="cuda"), "device")
    case("torch_mnist.train/dtype/model", lambda: torch_mnist.train("mlp", TX, TY, TX, TY, **TINY), "model")
    case(
        "torch_mnist.train/diverge/lr=1e30",
        lambda: tm_train(lr=1e30, schedule="constant"),
        "diverged",
        errors=(TrainingDivergedError,),
    )
    for fn_name in ("evaluate", "predict_proba"):
        fn = getattr(torch_mnist, fn_name)
        takes_y = fn_name == "evaluate"
        for what, x, names in [
            ("nan/X", TX_NAN, ("X",)),
            ("shape/X-width", TX[:, :100], ("X",)),
            ("empty/X", TX[:0], ("X",)),
            ("dtype/X-complex", TX + 1j, ("X",)),
            ("dtype/X-string", "abc", ("X",)),
        ]:
            args = (x, TY[: len(x)]) if takes_y else (x,)
            case(f"torch_mnist.{fn_name}/{what}", lambda fn=fn, a=args: fn(tiny_mlp(), *a), *names)
        args = (TX, TY) if takes_y else (TX,)
        case(
            f"torch_mnist.{fn_name}/hyper/device",
            lambda fn=fn, a=args: fn(tiny_mlp(), *a, device="tpu"),
            "device",
        )
        case(f"torch_mnist.{fn_name}/dtype/model", lambda fn=fn, a=args: fn(None, *a), "model")
    case(
        "torch_mnist.evaluate/label/ignore-index",
        lambda: torch_mnist.evaluate(tiny_mlp(), TX, np.r_[TY[:-1], -100]),
        "y",
    )
    case("torch_mnist.evaluate/hyper/amp", lambda: torch_mnist.evaluate(tiny_mlp(), TX, TY, amp="yes"), "amp")
    case(
        "torch_mnist.predict_proba/hyper/batch_size",
        lambda: torch_mnist.predict_proba(tiny_mlp(), TX, batch_size=0),
        "batch_size",
    )
    for value in ((784,), (784, 2.5, 10), (784, 0, 10), "784", (784, 10**9, 10)):
        case(f"torch_mnist.MLP/hyper/sizes={value!r}", lambda v=value: torch_mnist.MLP(v), "sizes")
    for value in (1.0, -0.1, NAN, "0.2"):
        case(
            f"torch_mnist.MLP/hyper/dropout={value!r}", lambda v=value: torch_mnist.MLP(dropout=v), "dropout"
        )
    case("torch_mnist.MLP/hyper/seed", lambda: torch_mnist.MLP(seed="s"), "seed")
    for value in ("tpu", 3, "cuda:99"):
        case(
            f"torch_mnist.pick_device/hyper/prefer={value!r}",
            lambda v=value: torch_mnist.pick_device(v),
            "prefer",
        )
    case("torch_mnist.describe_device/hyper/device", lambda: torch_mnist.describe_device("tpu"), "device")

    def _nan_model() -> Any:
        model = tiny_mlp()
        with torch.no_grad():
            model.net[0].weight[0, 0] = NAN
        return model

    case(
        "torch_mnist.save_weights/nan/weights",
        lambda tmp: torch_mnist.save_weights(_nan_model(), tmp / "w.pt"),
        "weights",
        tmp=True,
    )
    case(
        "torch_mnist.save_weights/dtype/model",
        lambda tmp: torch_mnist.save_weights("mlp", tmp / "w.pt"),
        "model",
        tmp=True,
    )
    case("torch_mnist.save_weights/dtype/path", lambda: torch_mnist.save_weights(tiny_mlp(), 3), "path")

    def _saved_weights(tmp: Path) -> Path:
        torch_mnist.save_weights(tiny_mlp(), tmp / "w.pt")
        return tmp / "w.pt"

    def _flip_middle_byte(path: Path) -> Path:
        data_ = bytearray(path.read_bytes())
        data_[len(data_) // 2] ^= 0x01
        path.write_bytes(bytes(data_))
        return path

    case(
        "torch_mnist.load_weights/nan/flipped-byte",
        lambda tmp: torch_mnist.load_weights(tiny_mlp(), _flip_middle_byte(_saved_weights(tmp))),
        "w.pt",
        tmp=True,
    )
    case(
        "torch_mnist.load_weights/shape/architecture",
        lambda tmp: torch_mnist.load_weights(torch_mnist.MLP((784, 9, 10)), _saved_weights(tmp)),
        "w.pt",
        tmp=True,
    )
    case(
        "torch_mnist.load_weights/hyper/sha256-short",
        lambda tmp: torch_mnist.load_weights(tiny_mlp(), _saved_weights(tmp), sha256="abc"),
        "sha256",
        tmp=True,
    )
    case(
        "torch_mnist.load_weights/dtype/sha256",
        lambda tmp: torch_mnist.load_weights(tiny_mlp(), _saved_weights(tmp), sha256=3),
        "sha256",
        tmp=True,
    )
    case(
        "torch_mnist.load_weights/dtype/model",
        lambda tmp: torch_mnist.load_weights("mlp", _saved_weights(tmp)),
        "model",
        tmp=True,
    )
    case("torch_mnist.load_weights/dtype/path", lambda: torch_mnist.load_weights(tiny_mlp(), 3), "path")


# ---------------------------------------------------------------------------
# which core cases still fail (to be emptied by the core rewrite)
# ---------------------------------------------------------------------------
#: Case ids of the core modules that fail today; the lead removes them as the rewrite lands.
CORE_PENDING: set[str] = set()  # all 32 cases listed here on the first run now pass

#: Cases that would spend minutes and gigabytes while they fail: not run until fixed.
DO_NOT_RUN_WHILE_PENDING = {"Sequential.load/shape/huge-dense-small-file"}


def _param(c: Case) -> Any:
    marks = []
    if c.id in CORE_PENDING:
        marks.append(
            pytest.mark.xfail(
                strict=False, reason="core rewrite in progress", run=c.id not in DO_NOT_RUN_WHILE_PENDING
            )
        )
    return pytest.param(c, id=c.id, marks=marks)


def _outcome(c: Case, tmp: Path) -> tuple[str, str]:
    """("ok" | "silent" | "obscure", detail) for one case."""
    try:
        with np.errstate(all="ignore"):
            result = c.call(tmp)
            if hasattr(result, "__next__"):  # a generator: the error may come with the first item
                next(result)
    except c.errors as err:
        message = str(err)
        if not any(_names(name, message) for name in c.names):
            return "obscure", f"{type(err).__name__}: {message!r} does not name {c.names}"
        origin = _raised_in(err)
        # nnlib's own check, or Python refusing the call itself (a missing or unknown argument)
        if "nnlib" not in origin and not (isinstance(err, TypeError) and origin == __file__):
            return "obscure", f"{type(err).__name__} raised in {origin}: {message!r}"
        return "ok", ""
    except Exception as err:  # noqa: BLE001 - every other exception is an obscure crash
        return "obscure", f"{type(err).__name__} raised in {_raised_in(err)}: {err!r}"[:400]
    return "silent", f"returned {type(result).__name__} without an error"


def _names(name: str, message: str) -> bool:
    """True if ``message`` mentions ``name``: as a whole word for an identifier ("x" must not
    be found in "expects"), as a substring otherwise ("m.npz", "not found")."""
    if name.isidentifier():
        return re.search(rf"(?<![A-Za-z0-9_]){re.escape(name)}(?![A-Za-z0-9_])", message) is not None
    return name.lower() in message.lower()


def _raised_in(err: BaseException) -> str:
    """The file of the innermost frame that raised ``err`` (nnlib's own code, or not)."""
    tb = err.__traceback__
    path = "?"
    while tb is not None:
        path = tb.tb_frame.f_code.co_filename
        tb = tb.tb_next
    return path.replace("\\", "/")


@pytest.mark.parametrize("c", [_param(c) for c in CASES])
def test_bad_input_is_refused_clearly(c: Case, tmp_path: Path) -> None:
    outcome, detail = _outcome(c, tmp_path)
    assert outcome == "ok", f"{outcome}: {detail}"


def test_case_ids_are_unique_and_cover_every_category() -> None:
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    categories = {i.split("/")[1] for i in ids}
    assert categories == {"shape", "nan", "empty", "dtype", "label", "hyper", "diverge"}
    assert set(ids) >= CORE_PENDING, sorted(CORE_PENDING - set(ids))
    assert all(c.core for c in CASES if c.id in CORE_PENDING), "only core cases may be pending"


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("bad", [NAN, INF, -INF, None, 1e36])
def test_the_fast_finite_check_of_large_matrices_agrees_with_isfinite(dtype: Any, bad: float | None) -> None:
    """``all_finite`` sums the rows of a large matrix first; a NaN or ±inf anywhere, or finite
    values whose row sums overflow (1e36 × 1500 > float32's 3.4e38), must not fool it."""
    from nnlib._validation import all_finite

    big = np.ones((1000, 1500), dtype=dtype)
    if bad is not None:
        big[-1, 7] = bad
        if bad == 1e36:
            big[-1] = bad
    with np.errstate(all="raise"):  # no warning, no FloatingPointError: the answer, or the clear error
        assert all_finite(big) == bool(np.isfinite(big).all())
        assert all_finite(big[:, ::2]) == bool(np.isfinite(big[:, ::2]).all())  # a strided view
    if bad is not None and not np.isfinite(bad):
        with pytest.raises(ValueError, match=r"X contains 1 NaN or infinite value"):
            Sequential([layers.Dense(1500, 1, seed=0, dtype=dtype)]).predict(big)
    if bad == INF:  # +inf and −inf in one row sum to NaN
        big[-1, 8] = -INF
        with np.errstate(all="raise"):
            assert not all_finite(big)


class _StillRunning(BaseException):
    pass


def summary(seconds_per_case: int = 20) -> dict[str, Any]:
    """Outcomes of every case, run directly (``python tests/test_bad_input.py``); a case still
    running after ``seconds_per_case`` (say, ``epochs=10**9`` accepted) counts as silent."""
    import signal
    import tempfile

    def give_up(*_: Any) -> None:
        raise _StillRunning

    signal.signal(signal.SIGALRM, give_up)
    counts: dict[str, Any] = {"ok": 0, "silent": 0, "obscure": 0}
    failures = []
    for c in CASES:
        if c.id in DO_NOT_RUN_WHILE_PENDING and c.id in CORE_PENDING:
            counts["not run"] = counts.get("not run", 0) + 1
            continue
        with tempfile.TemporaryDirectory() as tmp:
            signal.alarm(seconds_per_case)
            try:
                outcome, detail = _outcome(c, Path(tmp))
            except _StillRunning:
                outcome, detail = "silent", f"still running after {seconds_per_case} s"
            finally:
                signal.alarm(0)
        counts[outcome] += 1
        if outcome != "ok":
            failures.append((c.id, outcome, detail))
        by_group = counts.setdefault("core" if c.core else "rest", {})
        by_group[outcome] = by_group.get(outcome, 0) + 1
    return {"cases": len(CASES), "counts": counts, "failures": failures}


if __name__ == "__main__":
    result = summary()
    for case_id, outcome, detail in result["failures"]:
        print(f"{outcome:8} {case_id}: {detail}")
    print(f"{result['cases']} cases: {result['counts']}")
