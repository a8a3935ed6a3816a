"""The book's MNIST network in PyTorch: model, training loop, evaluation, safe saving.

Chapter 7 trains the same kind of network twice: once with ``nnlib`` (NumPy) and once
with PyTorch, whose pieces this module collects so that they are importable and tested:

- :func:`pick_device` — ``cuda`` if a CUDA GPU is present, else Apple's ``mps``, else the CPU;
- :class:`MLP` — a multi-layer perceptron ``784 → 512 → 256 → 10`` with ReLU and dropout;
- :func:`train` — mini-batch training with Adam, a one-cycle learning-rate schedule,
  validation after every epoch, best-checkpoint selection and optional early stopping;
- :func:`evaluate` and :func:`predict_proba`;
- :func:`save_weights` / :func:`load_weights` — ``state_dict`` files read back with
  ``torch.load(..., weights_only=True)``; a damaged or tampered file raises ``ValueError``.

Performance notes. The data set is copied to the device **once**; each batch is then
picked by indexing with a seeded random permutation that lives on the same device, so
there is no host → device copy per batch. On CUDA, TF32 matrix products and
``cudnn.benchmark`` are switched on and the forward pass runs under bfloat16 autocast
(where the GPU supports it); on the CPU everything stays in float32, so a run with the
same seed gives the same numbers.

PyTorch is only needed for this module: ``import nnlib`` does not import it.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import os
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

__all__ = [
    "MLP",
    "evaluate",
    "load_weights",
    "pick_device",
    "predict_proba",
    "save_weights",
    "train",
]


# ---------------------------------------------------------------------------
# device
# ---------------------------------------------------------------------------
def pick_device(prefer: str | None = None) -> torch.device:
    """The device to train on: ``cuda`` if available, else ``mps``, else ``cpu``.

    ``prefer``: force a device by name (e.g. ``"cpu"``); it must be available.
    """
    if prefer is not None:
        device = torch.device(prefer)
        if device.type == "cuda" and not torch.cuda.is_available():
            raise ValueError("prefer='cuda' but no CUDA GPU is available")
        if device.type == "mps" and not _mps_available():
            raise ValueError("prefer='mps' but the Apple MPS backend is not available")
        return device
    if torch.cuda.is_available():
        return torch.device("cuda")
    if _mps_available():
        return torch.device("mps")
    return torch.device("cpu")


def _mps_available() -> bool:
    backend = getattr(torch.backends, "mps", None)
    return bool(backend is not None and backend.is_available())


def describe_device(device: torch.device | str) -> str:
    """A readable name, e.g. ``"cuda (NVIDIA H100 80GB HBM3)"`` or ``"cpu (2 threads)"``."""
    device = torch.device(device)
    if device.type == "cuda":
        return f"cuda ({torch.cuda.get_device_name(device)})"
    if device.type == "cpu":
        n = torch.get_num_threads()
        return f"cpu ({n} thread{'' if n == 1 else 's'})"
    return device.type


def _configure_backend(device: torch.device) -> None:
    """Speed settings that only matter on a CUDA GPU (TF32 matmuls, cuDNN autotuning)."""
    if device.type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True
        torch.backends.cudnn.benchmark = True


def _use_amp(device: torch.device, amp: bool | None) -> bool:
    """bfloat16 autocast: on by default on CUDA GPUs that support bf16, off elsewhere."""
    if amp is None:
        return device.type == "cuda" and torch.cuda.is_bf16_supported()
    return bool(amp)


def _autocast(device: torch.device, enabled: bool):
    if not enabled:
        return contextlib.nullcontext()
    return torch.autocast(device_type=device.type, dtype=torch.bfloat16)


def _synchronize(device: torch.device) -> None:
    """Wait for queued GPU work so that wall-clock timings are honest."""
    if device.type == "cuda":
        torch.cuda.synchronize(device)
    elif device.type == "mps":
        torch.mps.synchronize()


# ---------------------------------------------------------------------------
# model
# ---------------------------------------------------------------------------
class MLP(nn.Module):
    """A multi-layer perceptron for flattened 28×28 images.

    ``sizes``: layer widths from input to output, default ``(784, 512, 256, 10)``.
    Every hidden layer is ``Linear → ReLU → Dropout(dropout)``; the last layer is a plain
    ``Linear`` that outputs logits (``CrossEntropyLoss`` applies the softmax).
    ``seed``: if given, the initial weights come from ``torch.manual_seed(seed)`` inside
    a forked random state, so building the model does not disturb the global generator.
    """

    def __init__(
        self,
        sizes: Sequence[int] = (784, 512, 256, 10),
        *,
        dropout: float = 0.2,
        seed: int | None = None,
    ) -> None:
        super().__init__()
        sizes = [int(s) for s in sizes]
        if len(sizes) < 2 or min(sizes) < 1:
            raise ValueError(f"sizes needs at least two positive widths, got {sizes}")
        if not 0.0 <= dropout < 1.0:
            raise ValueError(f"dropout must be in [0, 1), got {dropout!r}")
        self.sizes = tuple(sizes)
        self.dropout = float(dropout)
        with torch.random.fork_rng(devices=[]):
            if seed is not None:
                torch.manual_seed(seed)
            layers: list[nn.Module] = []
            for n_in, n_out in zip(sizes[:-2], sizes[1:-1], strict=True):
                layers += [nn.Linear(n_in, n_out), nn.ReLU()]
                if dropout > 0:
                    layers.append(nn.Dropout(dropout))
            layers.append(nn.Linear(sizes[-2], sizes[-1]))
            self.net = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Logits, shape (n, sizes[-1]), for inputs of shape (n, sizes[0])."""
        return self.net(x)

    def count_parameters(self) -> int:
        return sum(p.numel() for p in self.parameters())

    def extra_repr(self) -> str:
        return f"sizes={self.sizes}, dropout={self.dropout}"


# ---------------------------------------------------------------------------
# data helpers
# ---------------------------------------------------------------------------
def _model_device(model: nn.Module) -> torch.device:
    try:
        return next(model.parameters()).device
    except StopIteration:
        return torch.device("cpu")


def _as_inputs(X: Any, device: torch.device, name: str = "X") -> torch.Tensor:
    """X as a float32 (n, features) tensor on ``device`` (no copy if it already is one)."""
    X = torch.as_tensor(X)
    if X.ndim == 3:  # (n, 28, 28) images
        X = X.reshape(len(X), -1)
    if X.ndim != 2:
        raise ValueError(f"{name} must have shape (n, features), got {tuple(X.shape)}")
    if not X.is_floating_point():
        raise ValueError(f"{name} must hold floating-point pixel values, got {X.dtype}")
    return X.to(device=device, dtype=torch.float32)


def _as_labels(y: Any, n: int, device: torch.device, name: str = "y") -> torch.Tensor:
    y = torch.as_tensor(y)
    if y.ndim != 1 or len(y) != n:
        raise ValueError(f"{name} must have shape ({n},) — one label per example — got {tuple(y.shape)}")
    if y.is_floating_point() or y.is_complex():
        raise ValueError(f"{name} must hold integer class labels, got {y.dtype}")
    return y.to(device=device, dtype=torch.long)


# ---------------------------------------------------------------------------
# training
# ---------------------------------------------------------------------------
def train(
    model: nn.Module,
    X_train: Any,
    y_train: Any,
    X_val: Any,
    y_val: Any,
    *,
    epochs: int = 10,
    batch_size: int = 256,
    lr: float = 1e-3,
    seed: int = 0,
    device: torch.device | str | None = None,
    schedule: str = "onecycle",
    patience: int | None = None,
    amp: bool | None = None,
    progress: bool = True,
) -> tuple[dict[str, Any], dict[str, torch.Tensor]]:
    """Train ``model`` with Adam and ``CrossEntropyLoss``; validate after every epoch.

    ``X_*``: (n, 784) float pixels (NumPy arrays or tensors), ``y_*``: (n,) int labels.
    They are moved to ``device`` once (default: :func:`pick_device`); every batch is a
    slice of a seeded random permutation of indices made on that device.

    ``schedule``: ``"onecycle"`` (learning rate rises to ``lr`` over the first 30 % of
    the steps, then anneals towards zero — reaches good accuracy in few epochs) or
    ``"constant"``. ``patience``: stop when the validation accuracy has not improved for
    that many epochs (None: train all ``epochs``). ``amp``: bfloat16 autocast (default:
    on for CUDA, off on the CPU). ``progress``: show a ``tqdm`` progress bar.

    The model ends with the weights of its best epoch (highest validation accuracy).
    Returns ``(history, best_state)``: ``history`` holds per-epoch lists ``"epoch"``,
    ``"train_loss"``, ``"val_loss"``, ``"val_accuracy"``, ``"lr"``, ``"epoch_time"``
    (seconds of training and validation per epoch, measured after the device finished)
    and the scalars ``"best_epoch"``, ``"stopped_epoch"`` (None if not stopped early),
    ``"total_time"``, ``"device"``, ``"batch_size"``; ``best_state`` is a CPU copy of
    the best ``state_dict``.
    """
    epochs, batch_size = int(epochs), int(batch_size)
    if epochs < 1:
        raise ValueError(f"epochs must be >= 1, got {epochs}")
    if batch_size < 1:
        raise ValueError(f"batch_size must be >= 1, got {batch_size}")
    if not lr > 0:
        raise ValueError(f"lr must be positive, got {lr!r}")
    if schedule not in ("onecycle", "constant"):
        raise ValueError(f"schedule must be 'onecycle' or 'constant', got {schedule!r}")
    if patience is not None and int(patience) < 1:
        raise ValueError(f"patience must be >= 1 or None, got {patience!r}")
    device = pick_device() if device is None else torch.device(device)
    _configure_backend(device)
    use_amp = _use_amp(device, amp)

    # The whole data set goes to the device once.
    X_train = _as_inputs(X_train, device, "X_train")
    y_train = _as_labels(y_train, len(X_train), device, "y_train")
    X_val = _as_inputs(X_val, device, "X_val")
    y_val = _as_labels(y_val, len(X_val), device, "y_val")
    if len(X_train) == 0 or len(X_val) == 0:
        raise ValueError("the training and the validation set must not be empty")

    torch.manual_seed(seed)  # dropout masks
    generator = torch.Generator(device=device)
    generator.manual_seed(seed)  # batch order

    model.to(device)
    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    n = len(X_train)
    steps_per_epoch = -(-n // batch_size)
    scheduler = None
    if schedule == "onecycle":
        scheduler = torch.optim.lr_scheduler.OneCycleLR(
            optimizer, max_lr=lr, epochs=epochs, steps_per_epoch=steps_per_epoch,
            pct_start=0.3, anneal_strategy="cos",
        )  # fmt: skip

    history: dict[str, Any] = {
        "epoch": [], "train_loss": [], "val_loss": [], "val_accuracy": [], "lr": [],
        "epoch_time": [],
    }  # fmt: skip
    best_acc, best_epoch, best_state = -1.0, 0, None
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=epochs * steps_per_epoch, unit="batch", desc="training")
    stopped_epoch = None
    _synchronize(device)
    start_all = time.perf_counter()
    try:
        for epoch in range(1, epochs + 1):
            start = time.perf_counter()
            model.train()
            order = torch.randperm(n, generator=generator, device=device)
            loss_sum = torch.zeros((), device=device)  # summed on the device: no sync per batch
            for begin in range(0, n, batch_size):
                idx = order[begin : begin + batch_size]
                xb, yb = X_train[idx], y_train[idx]
                with _autocast(device, use_amp):
                    logits = model(xb)
                loss = loss_fn(logits.float(), yb)
                optimizer.zero_grad(set_to_none=True)
                loss.backward()
                optimizer.step()
                if scheduler is not None:
                    scheduler.step()
                loss_sum += loss.detach() * len(idx)
                if bar is not None:
                    bar.update(1)
            train_loss = loss_sum.item() / n
            val = _evaluate_tensors(model, X_val, y_val, device, use_amp)
            _synchronize(device)
            elapsed = time.perf_counter() - start
            history["epoch"].append(epoch)
            history["train_loss"].append(train_loss)
            history["val_loss"].append(val["loss"])
            history["val_accuracy"].append(val["accuracy"])
            history["lr"].append(optimizer.param_groups[0]["lr"])
            history["epoch_time"].append(elapsed)
            if val["accuracy"] > best_acc:
                best_acc, best_epoch = val["accuracy"], epoch
                best_state = {k: v.detach().to("cpu", copy=True) for k, v in model.state_dict().items()}
            if bar is not None:
                bar.set_description(f"epoch {epoch}/{epochs}")
                bar.set_postfix(loss=f"{train_loss:.4f}", val_acc=f"{val['accuracy']:.4f}")
            if patience is not None and epoch - best_epoch >= int(patience):
                stopped_epoch = epoch
                break
    finally:
        if bar is not None:
            bar.close()
    assert best_state is not None
    model.load_state_dict(best_state)
    history.update(
        best_epoch=best_epoch,
        stopped_epoch=stopped_epoch,
        total_time=time.perf_counter() - start_all,
        device=str(device),
        batch_size=batch_size,
        amp=use_amp,
    )
    return history, copy.deepcopy(best_state)


@torch.no_grad()
def _evaluate_tensors(
    model: nn.Module,
    X: torch.Tensor,
    y: torch.Tensor,
    device: torch.device,
    use_amp: bool,
    batch_size: int = 8192,
) -> dict[str, float]:
    was_training = model.training
    model.eval()
    loss_sum = torch.zeros((), device=device)
    correct = torch.zeros((), device=device, dtype=torch.long)
    for begin in range(0, len(X), batch_size):
        xb, yb = X[begin : begin + batch_size], y[begin : begin + batch_size]
        with _autocast(device, use_amp):
            logits = model(xb)
        logits = logits.float()
        loss_sum += nn.functional.cross_entropy(logits, yb, reduction="sum")
        correct += (logits.argmax(dim=1) == yb).sum()
    model.train(was_training)
    n = len(X)
    return {"loss": loss_sum.item() / n, "accuracy": correct.item() / n}


def evaluate(
    model: nn.Module, X: Any, y: Any, *, device: torch.device | str | None = None,
    amp: bool | None = None,
) -> dict[str, float]:  # fmt: skip
    """Mean cross-entropy ``"loss"`` and ``"accuracy"`` of ``model`` on (X, y).

    Runs on ``device`` (default: where the model's parameters are), in eval mode
    (dropout off), without gradients.
    """
    device = _model_device(model) if device is None else torch.device(device)
    model.to(device)
    X = _as_inputs(X, device)
    y = _as_labels(y, len(X), device)
    return _evaluate_tensors(model, X, y, device, _use_amp(device, amp))


@torch.no_grad()
def predict_proba(
    model: nn.Module, X: Any, *, device: torch.device | str | None = None,
    batch_size: int = 8192,
) -> np.ndarray:  # fmt: skip
    """Class probabilities (softmax of the logits) as a NumPy float32 array (n, classes)."""
    device = _model_device(model) if device is None else torch.device(device)
    model.to(device)
    X = _as_inputs(X, device)
    was_training = model.training
    model.eval()
    chunks = [
        torch.softmax(model(X[i : i + batch_size]).float(), dim=1).cpu() for i in range(0, len(X), batch_size)
    ]
    model.train(was_training)
    if not chunks:
        return np.zeros((0, 0), dtype=np.float32)
    return torch.cat(chunks).numpy()


# ---------------------------------------------------------------------------
# saving and loading
# ---------------------------------------------------------------------------
def file_sha256(path: str | os.PathLike[str]) -> str:
    """Hex SHA-256 of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def save_weights(model: nn.Module, path: str | os.PathLike[str]) -> str:
    """Write ``model.state_dict()`` (moved to the CPU) to ``path`` atomically.

    Only tensors are saved — no code, no pickled classes. Returns the file's SHA-256 so
    that :func:`load_weights` can later check the file was not changed.
    """
    path = Path(path)
    state = {k: v.detach().cpu() for k, v in model.state_dict().items()}
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            torch.save(state, f)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return file_sha256(path)


def load_weights(model: nn.Module, path: str | os.PathLike[str], *, sha256: str | None = None) -> nn.Module:
    """Load weights written by :func:`save_weights` into ``model`` and return it.

    The file is read with ``torch.load(..., weights_only=True)``, which refuses to run
    code hidden in a file. ``sha256``: if given, the file's checksum must match it.
    Raises ``FileNotFoundError`` for a missing file and ``ValueError`` naming the file
    when it is truncated, tampered with, not a weights file, or made for another
    architecture.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"weights file not found: {path}")
    if sha256 is not None and file_sha256(path) != sha256.lower():
        raise ValueError(
            f"{path} does not match the expected SHA-256 checksum: the file was changed "
            "or damaged after it was saved"
        )
    try:
        state = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as err:  # a damaged file can fail in many ways inside the unpickler
        detail = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        detail = detail.split(". ")[0][:160]
        raise ValueError(
            f"could not load weights from {path}: the file is truncated, damaged, or not a "
            f"plain PyTorch state_dict (weights_only=True refuses anything else). "
            f"Details: {detail}"
        ) from None
    if not isinstance(state, dict) or not all(isinstance(v, torch.Tensor) for v in state.values()):
        raise ValueError(f"{path} does not hold a state_dict (a dict of tensors)")
    try:
        model.load_state_dict(state, strict=True)
    except RuntimeError as err:
        first_line = str(err).strip().splitlines()[0]
        raise ValueError(
            f"the weights in {path} do not fit this model's architecture: {first_line}"
        ) from None
    return model
