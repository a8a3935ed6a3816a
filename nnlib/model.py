"""``Sequential``: a stack of layers with Keras-style ``fit`` / ``evaluate`` / ``predict``."""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ._validation import as_float_array, check_fraction, check_int, check_same_length
from .callbacks import Callback
from .layers import LAYER_TYPES, Dense, Layer, Sigmoid
from .losses import Loss, get_loss
from .optim import Optimizer, get_optimizer
from .parameter import Parameter


class TrainingDivergedError(RuntimeError):
    """Raised by ``fit`` when the loss becomes NaN or infinite."""


class History:
    """What ``fit`` records, one entry per epoch (like Keras' ``History``).

    ``history`` maps "loss" (and "accuracy", "val_loss", "val_accuracy" where they
    apply) to lists of per-epoch values; ``epoch`` lists the epoch numbers (1-based);
    ``stopped_epoch`` is where early stopping ended training (None if it did not);
    ``best_epoch`` is the epoch with the lowest validation loss (training loss if there
    was no validation data).
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

    @property
    def best_epoch(self) -> int | None:
        key = "val_loss" if "val_loss" in self.history else "loss"
        if key not in self.history:
            return None
        return self.epoch[int(np.argmin(self.history[key]))]

    def __getitem__(self, key: str) -> list[float]:
        return self.history[key]

    def __repr__(self) -> str:
        last = {k: round(v[-1], 4) for k, v in self.history.items()}
        return f"History(epochs={len(self.epoch)}, last={last})"


class Sequential:
    """A network that applies its layers one after another.

    >>> model = Sequential([Dense(2, 16, seed=0), ReLU(), Dense(16, 2, seed=1)])
    >>> history = model.fit(X, y, loss="softmax_cross_entropy", optimizer=Adam(0.01), epochs=50)
    >>> model.predict_classes(X_new)
    """

    def __init__(self, layers: Sequence[Layer]) -> None:
        layers = list(layers)
        if not layers:
            raise ValueError("Sequential needs at least one layer")
        for i, layer in enumerate(layers):
            if not isinstance(layer, Layer):
                raise TypeError(f"layer {i} is a {type(layer).__name__}, not an nnlib Layer")
        self.layers = layers
        self.loss: Loss | None = None
        self.optimizer: Optimizer | None = None

    # ----- the network as a function ------------------------------------------------
    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        """Output for a batch x; shape (n, in_features) → (n, out_features)."""
        for layer in self.layers:
            x = layer.forward(x, training=training)
        return x

    __call__ = forward

    def backward(self, grad: np.ndarray, *, need_input_grad: bool = True) -> np.ndarray | None:
        """Backpropagate dL/d(output); fills every ``Parameter.grad``; returns dL/d(input).

        With ``need_input_grad=False`` a first ``Dense`` layer skips computing dL/dx,
        which nothing uses during training, and None is returned.
        """
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
    def dtype(self) -> np.dtype:
        params = self.parameters()
        return params[0].value.dtype if params else np.dtype(np.float64)

    def get_weights(self) -> list[np.ndarray]:
        """Copies of all parameter values, in order."""
        return [p.value.copy() for p in self.parameters()]

    def set_weights(self, weights: Sequence[np.ndarray]) -> None:
        params = self.parameters()
        if len(weights) != len(params):
            raise ValueError(f"expected {len(params)} arrays, got {len(weights)}")
        for p, w in zip(params, weights, strict=True):
            if np.shape(w) != p.value.shape:
                raise ValueError(f"{p.name}: expected shape {p.value.shape}, got {np.shape(w)}")
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
    def _check_inputs(self, X: Any, name: str = "X") -> np.ndarray:
        X = as_float_array(X, name, ndim=2)
        first = next((lay for lay in self.layers if isinstance(lay, Dense)), None)
        if first is not None and X.shape[1] != first.in_features:
            raise ValueError(
                f"{name} has {X.shape[1]} features per example (shape {X.shape}) but the first "
                f"Dense layer expects {first.in_features}"
            )
        return X.astype(self.dtype, copy=False)

    def _check_targets(self, y: Any, n: int, name: str = "y") -> np.ndarray:
        y = np.asarray(y)
        if y.ndim == 0 or y.size == 0:
            raise ValueError(f"{name} must hold one target per example, got shape {y.shape}")
        check_same_length(np.empty(n), y, "X", name)
        if y.dtype.kind == "f" and not np.isfinite(y).all():
            raise ValueError(f"{name} contains NaN or infinite values")
        return y

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
        Raises ``TrainingDivergedError`` if the loss becomes NaN or infinite.
        """
        self.loss = get_loss(loss)
        self.optimizer = get_optimizer(optimizer)
        epochs = check_int(epochs, "epochs")
        batch_size = check_int(batch_size, "batch_size")
        validation_split = check_fraction(validation_split, "validation_split")
        if validation_split and validation_data is not None:
            raise ValueError("give either validation_split or validation_data, not both")
        X = self._check_inputs(X)
        y = self._check_targets(y, len(X))
        rng = np.random.default_rng(seed)
        if validation_split:
            order = rng.permutation(len(X))
            n_val = int(round(validation_split * len(X)))
            if n_val == 0 or n_val == len(X):
                raise ValueError(f"validation_split={validation_split} leaves an empty set")
            val_idx, train_idx = order[:n_val], order[n_val:]
            X, y, validation_data = X[train_idx], y[train_idx], (X[val_idx], y[val_idx])
        if validation_data is not None:
            X_val = self._check_inputs(validation_data[0], "validation X")
            y_val = self._check_targets(validation_data[1], len(X_val), "validation y")

        callbacks = list(callbacks or [])
        history = History()
        for cb in callbacks:
            cb.on_train_begin(self)
        params = self.parameters()
        n = len(X)
        for epoch in range(1, epochs + 1):
            start = time.perf_counter()
            order = rng.permutation(n) if shuffle else np.arange(n)
            total_loss, correct = 0.0, 0
            for begin in range(0, n, batch_size):
                idx = order[begin : begin + batch_size]
                xb, yb = X[idx], y[idx]
                with np.errstate(over="ignore", invalid="ignore"):  # divergence is reported below
                    out = self.forward(xb, training=True)
                    batch_loss = self.loss(out, yb)
                if not np.isfinite(batch_loss):
                    raise TrainingDivergedError(
                        f"training diverged: the loss became {batch_loss} in epoch {epoch} "
                        f"(batch starting at example {begin}) with {self.optimizer!r}. "
                        "Try a smaller learning rate."
                    )
                self.backward(self.loss.backward(), need_input_grad=False)
                self.optimizer.step(params)
                total_loss += batch_loss * len(idx)
                if self.loss.is_classification:
                    correct += int(np.sum(self._classes_from_output(out) == self._labels(yb)))
            logs = {"loss": total_loss / n}
            if self.loss.is_classification:
                logs["accuracy"] = correct / n
            if validation_data is not None:
                val = self.evaluate(X_val, y_val)
                logs.update({f"val_{k}": v for k, v in val.items()})
            history.record(epoch, logs, time.perf_counter() - start)
            if verbose:
                shown = " - ".join(f"{k} {v:.4f}" for k, v in logs.items())
                print(f"Epoch {epoch}/{epochs} - {shown} ({history.epoch_times[-1]:.2f} s)")
            stop = False
            for cb in callbacks:
                stop = cb.on_epoch_end(epoch, logs, self) or stop
            if stop:
                history.stopped_epoch = epoch
                if verbose:
                    print(f"Early stopping after epoch {epoch}.")
                break
        for cb in callbacks:
            cb.on_train_end(self)
        return history

    # ----- using the trained network ---------------------------------------------
    def predict(self, X: Any, batch_size: int = 4096) -> np.ndarray:
        """The network's raw outputs (logits or probabilities), shape (n, out_features)."""
        X = self._check_inputs(X)
        batch_size = check_int(batch_size, "batch_size")
        outs = [self.forward(X[i : i + batch_size]) for i in range(0, len(X), batch_size)]
        return np.concatenate(outs, axis=0)

    def _classes_from_output(self, out: np.ndarray) -> np.ndarray:
        if out.ndim == 2 and out.shape[1] > 1:
            return np.argmax(out, axis=1)
        threshold = 0.5 if isinstance(self.layers[-1], Sigmoid) else 0.0
        return (out.reshape(-1) > threshold).astype(np.int64)

    @staticmethod
    def _labels(y: np.ndarray) -> np.ndarray:
        """Class labels from targets that are labels (n,), a column (n, 1) or one-hot (n, k)."""
        if y.ndim == 2 and y.shape[1] > 1:
            return np.argmax(y, axis=1)
        return y.reshape(-1)

    def predict_classes(self, X: Any) -> np.ndarray:
        """Predicted class labels, shape (n,): argmax of the outputs, or, for a single
        output, 1 where it exceeds 0.5 (after a Sigmoid) or 0 (a logit)."""
        return self._classes_from_output(self.predict(X))

    def evaluate(self, X: Any, y: Any, loss: str | Loss | None = None) -> dict[str, float]:
        """Loss (and accuracy, for classification losses) on (X, y)."""
        loss_fn = get_loss(loss) if loss is not None else self.loss
        if loss_fn is None:
            raise ValueError("evaluate needs a loss: call fit first or pass loss=...")
        out = self.predict(X)
        y = self._check_targets(y, len(out))
        result = {"loss": float(loss_fn(out, y))}
        if loss_fn.is_classification:
            result["accuracy"] = float(np.mean(self._classes_from_output(out) == self._labels(y)))
        return result

    # ----- saving and loading ------------------------------------------------------
    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the architecture and weights to an ``.npz`` file (no pickle), atomically."""
        path = Path(path)
        if path.suffix != ".npz":
            path = path.with_suffix(path.suffix + ".npz")
        config = [{"type": type(layer).__name__, **layer.config()} for layer in self.layers]
        arrays = {f"param_{i}": p.value for i, p in enumerate(self.parameters())}
        arrays["architecture"] = np.array(json.dumps(config))
        fd, tmp = tempfile.mkstemp(dir=path.parent or ".", prefix=path.name, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                np.savez(f, **arrays)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return path

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Sequential:
        """Rebuild a model written by ``save``. A damaged file raises ``ValueError``."""
        path = Path(path)
        try:
            with np.load(path, allow_pickle=False) as data:
                config = json.loads(str(data["architecture"]))
                arrays = [data[f"param_{i}"] for i in range(len(data.files) - 1)]
        except FileNotFoundError:
            raise
        except Exception as err:
            raise ValueError(f"{path} is not a readable nnlib model file: {err}") from None
        layers = []
        for spec in config:
            kind = spec.pop("type")
            if kind not in LAYER_TYPES:
                raise ValueError(f"{path}: unknown layer type {kind!r}")
            layers.append(LAYER_TYPES[kind](**spec))
        model = cls(layers)
        try:
            model.set_weights(arrays)
        except ValueError as err:
            raise ValueError(f"{path}: weights do not match the architecture: {err}") from None
        return model
