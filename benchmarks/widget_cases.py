"""The widget callbacks the chapters wire to sliders, each with a run of slider settings.

Each entry: (chapter, callback name, callable, list of keyword-argument dicts). The
settings sweep one or two sliders the way a reader dragging them would, on the same
data the chapter uses.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial, update_wrapper  # (keeps __module__ for the coverage test)
from typing import Any

import numpy as np

Case = tuple[str, str, Callable[..., Any], list[dict[str, Any]]]


def _chapter1() -> list[Case]:
    from nnlib.data import make_blobs, to_signed
    from nnlib.interactive.perceptron import neuron_view, perceptron_step_view

    X, labels = make_blobs(n_samples=40, distance=3.0, noise=0.6, seed=6)
    X, y = X + np.array([1.0, 0.5]), to_signed(labels)
    start = (np.array([2.0, 2.0]), 0.0)
    return [
        (
            "1",
            "neuron_view",
            update_wrapper(partial(neuron_view, X, y), neuron_view),
            [{"w1": 2.0 - 0.2 * i, "w2": 2.0, "b": 0.1 * i} for i in range(12)],
        ),
        (
            "1",
            "perceptron_step_view",
            update_wrapper(partial(perceptron_step_view, X, y, init=start), perceptron_step_view),
            [{"step": i % 3, "lr": 1.0 if i < 6 else 0.5} for i in range(12)],
        ),
    ]


def _chapter2() -> list[Case]:
    from nnlib.interactive.dense import LAYER_PRESETS, dense_grid_view, softmax_view

    presets = list(LAYER_PRESETS)
    return [
        (
            "2",
            "dense_grid_view",
            dense_grid_view,
            [
                {
                    "preset": presets[i % len(presets)],
                    "t": 0.1 * i,
                    "activation": ("identity", "relu", "sigmoid", "tanh")[i % 4],
                }
                for i in range(12)
            ],
        ),
        (
            "2",
            "softmax_view",
            softmax_view,
            [{"z1": 2.0 - 0.3 * i, "shift": 0.0, "temperature": 1.0} for i in range(12)],
        ),
    ]


def _chapter3() -> list[Case]:
    from nnlib.interactive.losses import accuracy_vs_loss_view, loss_comparison_view

    return [
        (
            "3",
            "loss_comparison_view",
            loss_comparison_view,
            [{"p_human": 0.04 * i, "p_cat": 0.01, "true_class": "dog"} for i in range(12)],
        ),
        ("3", "accuracy_vs_loss_view", accuracy_vs_loss_view, [{"w": 0.8 + 0.1 * i} for i in range(12)]),
    ]


def _chapter4() -> list[Case]:
    from nnlib.interactive.backprop import STARTS, WIDGET_STEPS, backprop_view

    start = next(iter(STARTS))
    return [
        (
            "4",
            "backprop_view",
            backprop_view,
            [{"start": start, "lr": 0.3, "step": step} for step in WIDGET_STEPS],
        )
    ]


def _chapter5() -> list[Case]:
    from nnlib.interactive.training import loss_surface_view

    return [
        (
            "5",
            "loss_surface_view",
            loss_surface_view,
            [
                {"optimizer": opt, "lr": lr, "batch_size": 20, "steps": 50}
                for opt in ("sgd", "momentum", "adam")
                for lr in (0.05, 0.1, 0.2, 0.4)
            ],
        )
    ]


def _chapter6() -> list[Case]:
    from nnlib.interactive.generalization import capacity_view

    return [
        (
            "6",
            "capacity_view",
            capacity_view,
            [{"degree": d, "n_train": 20, "noise": 0.3} for d in (3, 4, 5, 6, 7, 8, 9, 10, 12, 15, 2, 1)],
        )
    ]


def _chapter7() -> list[Case]:
    from nnlib.interactive.mnist import digit_view, transformed_digit_view
    from nnlib.mnist import load_mnist

    _, (X_test, y_test) = load_mnist()
    # stand-ins for the trained network (a real one would do the same work to draw)
    rng = np.random.default_rng(0)
    probs = rng.dirichlet(np.full(10, 0.3), size=12)
    W = rng.normal(0.0, 0.01, (784, 10)).astype(np.float32)

    def predict_proba(images: np.ndarray) -> np.ndarray:
        z = images @ W
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    def browse(index: int) -> Any:
        return digit_view(X_test[index], probs[index], int(y_test[index]))

    def move(shift: int, angle: float) -> Any:
        return transformed_digit_view(X_test[0], int(y_test[0]), predict_proba, shift=shift, angle=angle)

    return [
        ("7", "digit_view", update_wrapper(browse, digit_view), [{"index": i} for i in range(12)]),
        (
            "7",
            "transformed_digit_view",
            update_wrapper(move, transformed_digit_view),
            [{"shift": i % 7 - 3, "angle": (-20, 0, 20)[i % 3]} for i in range(12)],
        ),
    ]


def widget_cases() -> list[Case]:
    return [*_chapter1(), *_chapter2(), *_chapter3(), *_chapter4(), *_chapter5(), *_chapter6(), *_chapter7()]
