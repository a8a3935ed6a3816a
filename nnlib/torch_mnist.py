"""The book's MNIST network in PyTorch: model, training loop, evaluation, safe saving.

Chapter 7 trains the same kind of network twice: once with ``nnlib`` (NumPy) and once
with PyTorch, whose pieces this module collects so that they are importable and tested:

- :func:`pick_device` — ``cuda`` if a CUDA GPU is present, else Apple's ``mps``, else the CPU;
- :class:`MLP` — a multi-layer perceptron ``784 → 512 → 256 → 10`` with ReLU and dropout;
- :func:`train` — mini-batch training with Adam, a one-cycle learning-rate schedule,
  validation after every epoch, best-checkpoint selection and optional early stopping;
- :func:`evaluate` and :func:`predict_proba`;
- :func:`save_weights` / :func:`load_weights` — ``state_dict`` files that carry a SHA-256
  of their tensors, read back with ``torch.load(..., weights_only=True)``; a damaged or
  tampered file, or one with NaN weights, raises ``ValueError``.

Every function checks its arguments first (``ValueError`` / ``TypeError`` naming the
argument): NaN pixels, labels outside 0 … classes − 1 (``CrossEntropyLoss`` would silently
skip −100), a learning rate of ``inf``, a device this machine does not have.

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
import math
import os
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from ._validation import (
    check_bool,
    check_choice,
    check_fraction,
    check_int,
    check_positive,
    check_seed,
)
from .model import TrainingDivergedError

__all__ = [
    "MLP",
    "describe_device",
    "evaluate",
    "file_sha256",
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
        return _check_device(prefer, "prefer")
    if torch.cuda.is_available():
        return torch.device("cuda")
    if _mps_available():
        return torch.device("mps")
    return torch.device("cpu")


def _check_device(device: Any, name: str) -> torch.device:
    """``device`` as a ``torch.device`` that exists on this machine, or a ValueError naming it."""
    if not isinstance(device, str | torch.device):
        raise TypeError(f"{name} must be a device name such as 'cpu' or 'cuda', got {type(device).__name__}")
    try:
        device = torch.device(device)
    except RuntimeError:
        raise ValueError(f"{name}={device!r} is not a device name (try 'cpu', 'cuda' or 'mps')") from None
    if device.type == "cuda":
        if not torch.cuda.is_available():
            raise ValueError(f"{name}={str(device)!r} but no CUDA GPU is available (use 'cpu')")
        if device.index is not None and device.index >= torch.cuda.device_count():
            count = torch.cuda.device_count()
            raise ValueError(f"{name}={str(device)!r} but this machine has {count} GPU(s)")
    elif device.type == "mps" and not _mps_available():
        raise ValueError(f"{name}={str(device)!r} but the Apple MPS backend is not available")
    elif device.type not in ("cpu", "cuda", "mps"):
        raise ValueError(f"{name}={str(device)!r}: nnlib trains on 'cpu', 'cuda' or 'mps'")
    return device


def _mps_available() -> bool:
    backend = getattr(torch.backends, "mps", None)
    return bool(backend is not None and backend.is_available())


def describe_device(device: torch.device | str) -> str:
    """A readable name, e.g. ``"cuda (NVIDIA H100 80GB HBM3)"`` or ``"cpu (2 threads)"``."""
    device = _check_device(device, "device")
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
    return check_bool(amp, "amp")


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
#: The widest layer MLP builds (a typo like 784_000 would otherwise allocate gigabytes).
MAX_WIDTH = 100_000


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
        if isinstance(sizes, str) or not isinstance(sizes, Sequence):
            raise TypeError(f"sizes must be a sequence of layer widths such as (784, 512, 10), got {sizes!r}")
        sizes = [check_int(s, f"sizes[{i}]", maximum=MAX_WIDTH) for i, s in enumerate(sizes)]
        if len(sizes) < 2:
            raise ValueError(f"sizes needs at least two positive widths, got {sizes}")
        dropout = check_fraction(dropout, "dropout")
        seed = check_seed(seed)
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


def _linear_layers(model: nn.Module) -> list[nn.Linear]:
    return [m for m in model.modules() if isinstance(m, nn.Linear)]


def _n_features(model: nn.Module) -> int | None:
    """Input width of the model's first ``Linear`` layer (None if it has none)."""
    linears = _linear_layers(model)
    return linears[0].in_features if linears else None


def _num_classes(model: nn.Module) -> int | None:
    """Output width of the model's last ``Linear`` layer: the number of classes."""
    linears = _linear_layers(model)
    return linears[-1].out_features if linears else None


def _check_model(model: Any) -> nn.Module:
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module such as MLP(), got {type(model).__name__}")
    return model


def _as_tensor(x: Any, name: str) -> torch.Tensor:
    """``x`` as a tensor without copying; strings, None and objects raise a TypeError."""
    if isinstance(x, torch.Tensor):
        return x
    if x is None or isinstance(x, str | bytes):
        raise TypeError(f"{name} must be an array or tensor, got {type(x).__name__}")
    arr = np.asarray(x) if not isinstance(x, np.ndarray) else x
    if arr.dtype.kind not in "biufc":
        raise TypeError(f"{name} must hold numbers, got dtype {arr.dtype}")
    return torch.as_tensor(arr)


def _as_inputs(X: Any, device: torch.device, name: str = "X", n_features: int | None = None) -> torch.Tensor:
    """X as a finite float32 (n, features) tensor on ``device`` (no copy if it already is one)."""
    X = _as_tensor(X, name)
    if not X.is_floating_point():
        raise TypeError(
            f"{name} must hold floating-point pixel values (load_mnist() gives them in [0, 1]), got {X.dtype}"
        )
    if X.ndim == 3:  # (n, 28, 28) images
        X = X.reshape(len(X), -1)
    if X.ndim != 2:
        raise ValueError(f"{name} must have shape (n, features), got {tuple(X.shape)}")
    if X.shape[0] == 0:
        raise ValueError(f"{name} is empty (shape {tuple(X.shape)})")
    if n_features is not None and X.shape[1] != n_features:
        raise ValueError(f"{name} has {X.shape[1]} features per example, but the model expects {n_features}")
    X = X.to(device=device, dtype=torch.float32)
    if not bool(torch.isfinite(X).all()):  # also catches float64 values too large for float32
        bad = int((~torch.isfinite(X)).sum())
        raise ValueError(f"{name} contains {bad} NaN or infinite value(s) (in float32)")
    return X


def _as_labels(
    y: Any, n: int, device: torch.device, name: str = "y", num_classes: int | None = None
) -> torch.Tensor:
    """y as int64 labels in 0..num_classes−1 on ``device``.

    The range check matters: ``CrossEntropyLoss`` silently *ignores* targets equal to
    −100 (its ``ignore_index``) and fails deep inside torch on other out-of-range labels.
    """
    y = _as_tensor(y, name)
    if y.ndim != 1 or len(y) != n:
        raise ValueError(f"{name} must have shape ({n},) — one label per example — got {tuple(y.shape)}")
    if y.is_floating_point() or y.is_complex() or y.dtype == torch.bool:
        raise ValueError(f"{name} must hold integer class labels, got {y.dtype}")
    y = y.to(device=device, dtype=torch.long)
    if num_classes is not None and n > 0:
        lo, hi = int(y.min()), int(y.max())
        if lo < 0 or hi >= num_classes:
            bad = y[(y < 0) | (y >= num_classes)].unique()[:5].tolist()
            hint = " (torch's CrossEntropyLoss would silently skip -100)" if -100 in bad else ""
            raise ValueError(f"{name} must hold labels in 0..{num_classes - 1}, got {bad}{hint}")
    return y


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
    on_epoch_end: Callable[[int, nn.Module], Any] | None = None,
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
    ``on_epoch_end``: called as ``on_epoch_end(epoch, model)`` after each epoch, outside
    the timed part (e.g. to measure the test accuracy epoch by epoch).

    Dropout masks come from torch's global generator, which ``train`` seeds with ``seed``
    inside ``torch.random.fork_rng``: the caller's random state is the same afterwards.
    Raises ``TrainingDivergedError`` (after restoring the best epoch's weights, if any)
    when the loss or a weight becomes NaN or infinite — try a smaller ``lr``.

    The model ends with the weights of its best epoch (highest validation accuracy).
    Returns ``(history, best_state)``: ``history`` holds per-epoch lists ``"epoch"``,
    ``"loss"`` (training loss), ``"val_loss"``, ``"val_accuracy"``, ``"lr"``, ``"epoch_time"``
    (seconds of training and validation per epoch, measured after the device finished)
    and the scalars ``"best_epoch"``, ``"stopped_epoch"`` (None if not stopped early),
    ``"total_time"``, ``"device"``, ``"batch_size"``; ``best_state`` is a CPU copy of
    the best ``state_dict``.
    """
    model = _check_model(model)
    epochs = check_int(epochs, "epochs", maximum=MAX_EPOCHS)
    batch_size = check_int(batch_size, "batch_size")
    lr = check_positive(lr, "lr")
    seed = check_int(seed, "seed", minimum=0)
    schedule = check_choice(schedule, "schedule", ("onecycle", "constant"))
    patience = None if patience is None else check_int(patience, "patience")
    progress = check_bool(progress, "progress")
    if on_epoch_end is not None and not callable(on_epoch_end):
        raise TypeError(f"on_epoch_end must be a function (epoch, model) or None, got {on_epoch_end!r}")
    device = pick_device() if device is None else _check_device(device, "device")
    use_amp = _use_amp(device, amp)

    # The whole data set goes to the device once.
    n_features, num_classes = _n_features(model), _num_classes(model)
    X_train = _as_inputs(X_train, device, "X_train", n_features)
    y_train = _as_labels(y_train, len(X_train), device, "y_train", num_classes)
    X_val = _as_inputs(X_val, device, "X_val", n_features)
    y_val = _as_labels(y_val, len(X_val), device, "y_val", num_classes)
    _configure_backend(device)

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
            optimizer,
            max_lr=lr,
            epochs=epochs,
            steps_per_epoch=steps_per_epoch,
            pct_start=0.3,
            anneal_strategy="cos",
        )

    history: dict[str, Any] = {
        "epoch": [],
        "loss": [],
        "val_loss": [],
        "val_accuracy": [],
        "lr": [],
        "epoch_time": [],
    }
    best_acc, best_epoch, best_state = -1.0, 0, None
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=epochs * steps_per_epoch, unit="batch", desc="training")
    stopped_epoch = None
    rng = contextlib.ExitStack()
    rng.enter_context(_seeded_global_rng(device, seed))  # dropout masks; restored on exit
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
            _check_diverged(model, train_loss, val["loss"], epoch, lr, best_state, best_epoch)
            history["epoch"].append(epoch)
            history["loss"].append(train_loss)
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
            if on_epoch_end is not None:
                on_epoch_end(epoch, model)
            if patience is not None and epoch - best_epoch >= patience:
                stopped_epoch = epoch
                break
    finally:
        rng.close()
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


#: The most epochs ``train`` runs (a typo like 10**6 would otherwise run for days).
MAX_EPOCHS = 10_000


@contextlib.contextmanager
def _seeded_global_rng(device: torch.device, seed: int):
    """Seed the generators dropout draws from (CPU, and the GPU in use), and give the caller
    back their previous state afterwards (``torch.random.fork_rng``)."""
    cuda = []
    if device.type == "cuda":
        cuda = [device.index if device.index is not None else torch.cuda.current_device()]
    with torch.random.fork_rng(devices=cuda):
        torch.random.default_generator.manual_seed(seed)
        if cuda:
            with torch.cuda.device(cuda[0]):
                torch.cuda.manual_seed(seed)
        yield


def _check_diverged(
    model: nn.Module,
    train_loss: float,
    val_loss: float,
    epoch: int,
    lr: float,
    best_state: dict[str, torch.Tensor] | None,
    best_epoch: int,
) -> None:
    """Raise ``TrainingDivergedError`` if the loss or a weight is no longer a finite number."""
    bad_weights = any(not bool(torch.isfinite(p).all()) for p in model.parameters())
    if math.isfinite(train_loss) and math.isfinite(val_loss) and not bad_weights:
        return
    what = "a weight" if bad_weights else "the loss"
    restored = ""
    if best_state is not None:
        model.load_state_dict(best_state)
        restored = f" The model was reset to the weights of epoch {best_epoch}."
    raise TrainingDivergedError(
        f"training diverged in epoch {epoch}: {what} became NaN or infinite with lr={lr} "
        f"(training loss {train_loss}, validation loss {val_loss}). Try a smaller learning "
        f"rate, e.g. lr={lr / 10:g}.{restored}"
    )


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
    model: nn.Module,
    X: Any,
    y: Any,
    *,
    device: torch.device | str | None = None,
    amp: bool | None = None,
) -> dict[str, float]:
    """Mean cross-entropy ``"loss"`` and ``"accuracy"`` of ``model`` on (X, y).

    Runs on ``device`` (default: where the model's parameters are), in eval mode
    (dropout off), without gradients.
    """
    model = _check_model(model)
    device = _model_device(model) if device is None else _check_device(device, "device")
    X = _as_inputs(X, device, "X", _n_features(model))
    y = _as_labels(y, len(X), device, "y", _num_classes(model))
    use_amp = _use_amp(device, amp)
    model.to(device)
    return _evaluate_tensors(model, X, y, device, use_amp)


@torch.no_grad()
def predict_proba(
    model: nn.Module,
    X: Any,
    *,
    device: torch.device | str | None = None,
    batch_size: int = 8192,
) -> np.ndarray:
    """Class probabilities (softmax of the logits) as a NumPy float32 array (n, classes)."""
    model = _check_model(model)
    device = _model_device(model) if device is None else _check_device(device, "device")
    batch_size = check_int(batch_size, "batch_size")
    X = _as_inputs(X, device, "X", _n_features(model))
    model.to(device)
    was_training = model.training
    model.eval()
    chunks = [
        torch.softmax(model(X[i : i + batch_size]).float(), dim=1).cpu() for i in range(0, len(X), batch_size)
    ]
    model.train(was_training)
    return torch.cat(chunks).numpy()


# ---------------------------------------------------------------------------
# saving and loading
# ---------------------------------------------------------------------------
def file_sha256(path: str | os.PathLike[str]) -> str:
    """Hex SHA-256 of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


#: What ``save_weights`` writes: this tag, the state_dict and a checksum of its tensors.
WEIGHTS_FORMAT = "nnlib.torch_mnist weights, version 1"


def state_sha256(state: dict[str, torch.Tensor]) -> str:
    """SHA-256 of a state_dict's contents: every name, dtype, shape and byte, in name order."""
    digest = hashlib.sha256()
    for name in sorted(state):
        t = state[name].detach().to("cpu").contiguous().reshape(-1)
        digest.update(f"{name}|{state[name].dtype}|{tuple(state[name].shape)}|".encode())
        digest.update(t.view(torch.uint8).numpy().tobytes())
    return digest.hexdigest()


def _non_finite(state: dict[str, torch.Tensor]) -> list[str]:
    """Names of the floating-point tensors that hold a NaN or an infinity."""
    return [k for k, v in state.items() if v.is_floating_point() and not bool(torch.isfinite(v).all())]


def _file_mode() -> int:
    """The permissions a new file gets under the current umask (mkstemp would use 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _check_path(path: Any, name: str = "path") -> Path:
    if not isinstance(path, str | os.PathLike):
        raise TypeError(f"{name} must be a file path (str or pathlib.Path), got {type(path).__name__}")
    return Path(path)


def save_weights(model: nn.Module, path: str | os.PathLike[str]) -> str:
    """Write ``model.state_dict()`` (moved to the CPU) to ``path`` atomically.

    Only tensors, strings and a dict are saved — no code, no pickled classes — together
    with a SHA-256 of the tensors, which :func:`load_weights` checks. Refuses (ValueError)
    a model whose weights hold NaN or infinity. Returns the SHA-256 of the whole file, to
    pass to ``load_weights(..., sha256=...)`` as a second, external check.
    """
    model = _check_model(model)
    path = _check_path(path)
    state = {k: v.detach().cpu() for k, v in model.state_dict().items()}
    bad = _non_finite(state)
    if bad:
        raise ValueError(f"model has NaN or infinite weights in {bad[:3]} (training diverged?): not saved")
    if not path.parent.is_dir():
        raise FileNotFoundError(f"path: the directory {path.parent} does not exist")
    payload = {"format": WEIGHTS_FORMAT, "sha256": state_sha256(state), "state_dict": state}
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            torch.save(payload, f)
        os.chmod(tmp, _file_mode())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return file_sha256(path)


def load_weights(model: nn.Module, path: str | os.PathLike[str], *, sha256: str | None = None) -> nn.Module:
    """Load weights written by :func:`save_weights` into ``model`` and return it.

    The file is read with ``torch.load(..., weights_only=True)``, which refuses to run
    code hidden in a file; the checksum stored in the file must match the tensors.
    ``sha256``: if given, the checksum of the whole file must match it too (then a plain
    ``torch.save(model.state_dict(), path)`` file is accepted as well).
    Raises ``FileNotFoundError`` for a missing file and ``ValueError`` naming the file
    when it is truncated, tampered with, not a weights file, holds NaN or infinite
    weights, or was made for another architecture.
    """
    model = _check_model(model)
    path = _check_path(path)
    if sha256 is not None:
        if not isinstance(sha256, str):
            raise TypeError(f"sha256 must be a hex string (from save_weights), got {type(sha256).__name__}")
        if len(sha256) != 64 or any(c not in "0123456789abcdefABCDEF" for c in sha256):
            raise ValueError(f"sha256 must be 64 hexadecimal digits, got {sha256!r}")
    if not path.is_file():
        raise FileNotFoundError(f"weights file not found: {path}")
    if sha256 is not None and file_sha256(path) != sha256.lower():
        raise ValueError(
            f"{path} does not match the expected SHA-256 checksum: the file was changed "
            "or damaged after it was saved"
        )
    try:
        saved = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as err:  # a damaged file can fail in many ways inside the unpickler
        detail = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        detail = detail.split(". ")[0][:160]
        raise ValueError(
            f"could not load weights from {path}: the file is truncated, damaged, or not a "
            f"plain PyTorch state_dict (weights_only=True refuses anything else). "
            f"Details: {detail}"
        ) from None
    state = _unpack(saved, path, external_check=sha256 is not None)
    bad = _non_finite(state)
    if bad:
        raise ValueError(f"{path} holds NaN or infinite weights in {bad[:3]}: the saved model is unusable")
    try:
        model.load_state_dict(state, strict=True)
    except RuntimeError as err:
        first_line = str(err).strip().splitlines()[0]
        raise ValueError(
            f"the weights in {path} do not fit this model's architecture: {first_line}"
        ) from None
    return model


def _unpack(saved: Any, path: Path, *, external_check: bool) -> dict[str, torch.Tensor]:
    """The state_dict inside a loaded file, after checking the checksum stored with it."""

    def is_state(obj: Any) -> bool:
        return isinstance(obj, dict) and all(
            isinstance(k, str) and isinstance(v, torch.Tensor) for k, v in obj.items()
        )

    if isinstance(saved, dict) and saved.get("format") == WEIGHTS_FORMAT:
        state, stored = saved.get("state_dict"), saved.get("sha256")
        if state is None or not is_state(state) or not isinstance(stored, str):
            raise ValueError(f"{path} is damaged: its state_dict or its checksum is missing")
        if state_sha256(state) != stored:
            raise ValueError(
                f"{path} is damaged or was changed: its weights do not match the SHA-256 "
                "checksum stored in the file"
            )
        return state
    if not is_state(saved):
        raise ValueError(f"{path} does not hold a state_dict (a dict of tensors)")
    if not external_check:
        raise ValueError(
            f"{path} holds a plain state_dict without the checksum that save_weights stores, so "
            "damage would go unnoticed; save it with save_weights, or pass sha256=... to load it"
        )
    return saved
