"""``Sequential``: a stack of layers with Keras-style ``fit`` / ``evaluate`` / ``predict``."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ._validation import (
    check_bool,
    check_callbacks,
    check_int,
    check_layers,
    check_model_inputs,
    check_model_targets,
    check_outputs,
    check_seed,
    check_split_size,
    check_validation,
    check_validation_data,
    check_weights,
)
from .callbacks import Callback, better_is_higher
from .divergence import DivergenceCheck, TrainingDivergedError
from .layers import Dense, Layer, Sigmoid
from .losses import Loss, get_loss
from .optim import Optimizer, get_optimizer
from .parameter import Parameter
from .saving import load_layers, save_model

__all__ = ["History", "Sequential", "TrainingDivergedError"]  # (the error is defined in nnlib.divergence)


class History:
    """What ``fit`` records, one entry per epoch (like Keras' ``History``).

    ``history`` maps "loss" (and "accuracy", "val_loss", "val_accuracy" where they
    apply) to lists of per-epoch values; ``epoch`` lists the epoch numbers (1-based);
    ``stopped_epoch`` is where early stopping ended training (None if it did not).
    """

    def __init__(self) -> None:
        self.history: dict[str, list[float]] = {}
        self.epoch: list[int] = []
        self.stopped_epoch: int | None = None
        self.epoch_times: list[float] = []

    def record(self, epoch: int, logs: dict[str, float], seconds: float) -> None:
        self.epoch.append(epoch)
        self.epoch_times.append(seconds)
        for key, value in logs.items():
            self.history.setdefault(key, []).append(value)

    def best_epoch(self, monitor: str = "val_loss") -> int:
        """The first epoch with the best ``monitor`` value — lowest for a loss, highest for an
        accuracy: the epoch ``EarlyStopping(monitor)`` keeps."""
        higher = better_is_higher(monitor)
        if monitor not in self.history:
            raise ValueError(f"History has no {monitor!r}; it recorded {sorted(self.history)}")
        values = self.history[monitor]
        return self.epoch[int(np.argmax(values) if higher else np.argmin(values))]

    def __getitem__(self, key: str) -> list[float]:
        return self.history[key]

    def __repr__(self) -> str:
        last = {k: round(v[-1], 4) for k, v in self.history.items()}
        return f"History(epochs={len(self.epoch)}, last={last})"


class Sequential:
    """A network that applies its layers one after another.

    >>> model = Sequential([Dense(2, 16, seed=0), ReLU(), Dense(16, 2, seed=1)])
    >>> history = model.fit(X, y, loss="softmax_cross_entropy", optimizer=Adam(0.01), epochs=50)
    >>> model.evaluate(X_test, y_test, loss="softmax_cross_entropy")
    >>> model.predict_classes(X_new)
    """

    def __init__(self, layers: Sequence[Layer]) -> None:
        self.layers: list[Layer] = check_layers(layers, Layer)

    # ----- the network as a function ------------------------------------------------
    def forward(self, x: Any, training: bool = False) -> np.ndarray:
        """Output for a batch x; shape (n, in_features) → (n, out_features)."""
        out = self.layers[0].forward(x, training=training)
        for layer in self.layers[1:]:
            out = layer.forward(out, training=training)
        return out

    __call__ = forward

    def backward(self, grad: np.ndarray, *, need_input_grad: bool = True) -> np.ndarray | None:
        """Backpropagate dL/d(output) through every layer; fills every ``Parameter.grad`` and
        returns dL/d(input). Training passes ``need_input_grad=False``: a first ``Dense`` layer
        then skips dL/dx, which nothing uses (one of a step's three large matrix products)."""
        for layer in reversed(self.layers[1:]):
            grad = layer.backward(grad)
        first = self.layers[0]
        if not need_input_grad and isinstance(first, Dense):
            first.backward_parameters(grad)
            return None
        return first.backward(grad)

    def parameters(self) -> list[Parameter]:
        return [p for layer in self.layers for p in layer.parameters()]

    @property
    def dtype(self) -> np.dtype[Any]:
        params = self.parameters()
        return params[0].value.dtype if params else np.dtype(np.float64)

    def get_weights(self) -> list[np.ndarray]:
        """Copies of all parameter values, in order."""
        return [p.value.copy() for p in self.parameters()]

    def set_weights(self, weights: Sequence[Any]) -> None:
        """Copy ``weights`` (a list like ``get_weights()`` returns) into the parameters."""
        params = self.parameters()
        for p, w in zip(params, check_weights(weights, params), strict=True):
            p.value[...] = w

    def count_parameters(self) -> int:
        return sum(p.value.size for p in self.parameters())

    def summary(self) -> str:
        """A table of layers, output sizes and parameter counts."""
        lines = [f"{'layer':<28}{'output':>10}{'parameters':>14}", "-" * 52]
        width: int | str = "?"
        for layer in self.layers:
            if isinstance(layer, Dense):
                width = layer.out_features
            n = sum(p.value.size for p in layer.parameters())
            lines.append(f"{layer!r:<28}{f'(n, {width})':>10}{n:>14,}")
        lines += ["-" * 52, f"{'total trainable parameters':<38}{self.count_parameters():>14,}"]
        return "\n".join(lines)

    def __repr__(self) -> str:
        inner = ",\n".join(f"    {layer!r}" for layer in self.layers)
        return f"Sequential([\n{inner}\n])"

    # ----- training ---------------------------------------------------------------
    def fit(
        self,
        X: Any,
        y: Any,
        *,
        loss: str | Loss,
        optimizer: str | Optimizer,
        epochs: int = 10,
        batch_size: int = 32,
        validation_split: float = 0.0,
        validation_data: tuple[Any, Any] | None = None,
        shuffle: bool = True,
        seed: int | None = None,
        callbacks: Iterable[Callback] | None = None,
        verbose: bool = False,
    ) -> History:
        """Train the network with mini-batch gradient descent.

        X: (n, features). y: targets — class labels (n,) for classification losses,
        or arrays shaped like the output for regression. Each epoch visits every
        training example once, in batches of ``batch_size`` (shuffled with ``seed``).
        ``validation_split`` holds out that fraction of (X, y), chosen at random with
        ``seed``; or pass ``validation_data=(X_val, y_val)``. Returns a ``History``.
        Raises ``TrainingDivergedError`` as soon as training blows up (checked after every
        update: see the error's docstring).
        """
        loss_fn, opt = get_loss(loss), get_optimizer(optimizer)
        epochs, batch_size = check_int(epochs, "epochs"), check_int(batch_size, "batch_size")
        validation_split = check_validation(validation_split, validation_data)
        shuffle, callbacks = check_bool(shuffle, "shuffle"), check_callbacks(callbacks, Callback)
        X = check_model_inputs(X, self.layers, self.dtype)
        y = check_model_targets(y, len(X), self.dtype)
        rng = np.random.default_rng(check_seed(seed))
        if validation_split:  # hold out a random fraction of (X, y)
            order, n_val = rng.permutation(len(X)), check_split_size(validation_split, len(X))
            X, y, validation_data = X[order[n_val:]], y[order[n_val:]], (X[order[:n_val]], y[order[:n_val]])
        if validation_data is not None:
            X_val, y_val = check_validation_data(validation_data, self.layers, self.dtype)

        history, n = History(), len(X)
        params, watch = self.parameters(), DivergenceCheck(self, loss_fn, opt)
        for cb in callbacks:
            cb.on_train_begin(self)
        for epoch in range(1, epochs + 1):
            start = time.perf_counter()
            order = rng.permutation(n) if shuffle else np.arange(n)
            total_loss, correct = 0.0, 0
            for begin in range(0, n, batch_size):
                idx = order[begin : begin + batch_size]
                xb, yb = X[idx], y[idx]
                with np.errstate(over="ignore", invalid="ignore"):  # overflow is reported as divergence
                    out = self.forward(xb, training=True)
                    batch_loss = watch.loss(out, yb, epoch)
                    self.backward(loss_fn.backward(), need_input_grad=False)
                    opt.step(params)
                    watch.weights(epoch)
                total_loss += batch_loss * len(idx)
                if loss_fn.is_classification:
                    correct += int(np.sum(self._classes_from_output(out) == self._labels(yb)))
            logs = {"loss": total_loss / n}
            if loss_fn.is_classification:
                logs["accuracy"] = correct / n
            if validation_data is not None:
                with np.errstate(over="ignore", invalid="ignore"):
                    val = self._scores(watch.outputs(self.predict(X_val), epoch), y_val, loss_fn)
                logs.update({f"val_{k}": v for k, v in val.items()})
            history.record(epoch, logs, time.perf_counter() - start)
            if verbose:
                shown = " - ".join(f"{k} {v:.4f}" for k, v in logs.items())
                print(f"Epoch {epoch}/{epochs} - {shown} ({history.epoch_times[-1]:.2f} s)")
            stops = [cb.on_epoch_end(epoch, logs, self) for cb in callbacks]  # every callback sees each epoch
            if any(stops):
                history.stopped_epoch = epoch
                if verbose:
                    print(f"Early stopping after epoch {epoch}.")
                break
        with np.errstate(over="ignore", invalid="ignore"):  # the outputs after the last update
            watch.loss(self.forward(xb), yb, epoch)
        for cb in callbacks:
            cb.on_train_end(self)
        return history

    # ----- using the trained network ---------------------------------------------
    def predict(self, X: Any, batch_size: int = 4096) -> np.ndarray:
        """The network's raw outputs (logits or probabilities), shape (n, out_features)."""
        X = check_model_inputs(X, self.layers, self.dtype)
        batch_size = check_int(batch_size, "batch_size")
        outs = [self.forward(X[i : i + batch_size]) for i in range(0, len(X), batch_size)]
        return np.concatenate(outs, axis=0)

    def _classes_from_output(self, out: np.ndarray) -> np.ndarray:
        if out.ndim == 2 and out.shape[1] > 1:
            classes: np.ndarray = np.argmax(out, axis=1)
            return classes
        threshold = 0.5 if isinstance(self.layers[-1], Sigmoid) else 0.0
        return (out.reshape(-1) > threshold).astype(np.int64)

    @staticmethod
    def _labels(y: np.ndarray) -> np.ndarray:
        """Class labels from targets that are labels (n,), a column (n, 1) or one-hot (n, k)."""
        labels: np.ndarray = np.argmax(y, axis=1) if y.ndim == 2 and y.shape[1] > 1 else y.reshape(-1)
        return labels

    def predict_classes(self, X: Any) -> np.ndarray:
        """Predicted class labels, shape (n,): argmax of the outputs, or, for a single
        output, 1 where it exceeds 0.5 (after a Sigmoid) or 0 (a logit)."""
        return self._classes_from_output(self.predict(X))

    def evaluate(self, X: Any, y: Any, *, loss: str | Loss) -> dict[str, float]:
        """The ``loss`` (and the accuracy, for classification losses) on (X, y)."""
        loss_fn = get_loss(loss)
        out = check_outputs(self.predict(X), self.dtype)
        return self._scores(out, check_model_targets(y, len(out), self.dtype), loss_fn)

    def _scores(self, out: np.ndarray, y: np.ndarray, loss_fn: Loss) -> dict[str, float]:
        result = {"loss": float(loss_fn(out, y))}
        if loss_fn.is_classification:
            result["accuracy"] = float(np.mean(self._classes_from_output(out) == self._labels(y)))
        return result

    # ----- saving and loading (the file format and its checks: nnlib.saving) --------
    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the architecture and weights to an ``.npz`` file (no pickle), atomically.
        ``.npz`` is appended to a path without it; the path written is returned."""
        return save_model(self.layers, self.parameters(), path)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Sequential:
        """Rebuild a model written by ``save`` (``load("model")`` reads ``model.npz``); a damaged
        file, an unknown layer or weights that do not fit (wrong shape, NaN) raise ``ValueError``."""
        return cls(load_layers(path))
