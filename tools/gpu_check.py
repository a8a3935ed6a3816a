"""Check chapter 7's PyTorch path on a CUDA GPU: the torch tests, then the chapter's training.

Run it through ``tools/gpu_check.sh`` (which puts the repository on ``PYTHONPATH``); see the
comment at the top of that script. Needs only Python, numpy, torch (>= 2.0) and pytest:
no Jupyter, no ipywidgets, no network. Prints the device, the time of every epoch, the
time until the test accuracy first reaches 98 % and the final test accuracy, and ends
with one line ``GPU_CHECK_RESULT {...}`` (JSON) for the performance appendix.

Exit status: 0 if the tests passed and (in a full run) the final test accuracy is at least
98 %; 1 otherwise; 2 if the machine cannot run the check at all.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent

# Chapter 7's network and split (chapters/07_mnist.ipynb: its best variant, 784-512-256-10 with
# dropout 0.2, Adam with a one-cycle schedule peaking at 0.004, batches of 128), trained for
# more epochs than the chapter's 3 so that the time to 98 % can be read off.
SIZES = (784, 512, 256, 10)
DROPOUT = 0.2
EPOCHS = 6
BATCH_SIZE = 128
LR = 4e-3
N_VALIDATION = 5000
SEED = 0
TARGET = 0.98


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="CPU only, a tiny subset, two epochs, tests only collected: checks the script in seconds",
    )
    parser.add_argument("--epochs", type=int, default=None, help=f"training epochs (default {EPOCHS})")
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE, help=f"default {BATCH_SIZE}")
    parser.add_argument("--lr", type=float, default=LR, help=f"peak learning rate (default {LR})")
    parser.add_argument(
        "--device", default="cuda", help="where to train (default cuda; 'cpu' runs the full check on the CPU)"
    )
    parser.add_argument("--skip-tests", action="store_true", help="do not run tests/test_torch_mnist.py")
    parser.add_argument("--no-cpu-epoch", action="store_true", help="skip the one CPU epoch for comparison")
    parser.add_argument("--json", type=Path, default=None, help="also write the result to this file")
    return parser.parse_args(argv)


def say(text: str = "") -> None:
    print(text, flush=True)


def environment(torch: Any, device: Any) -> dict[str, Any]:
    import numpy as np

    from nnlib.torch_mnist import describe_device

    info = {
        "python": platform.python_version(),
        "torch": torch.__version__,
        "numpy": np.__version__,
        "cuda": torch.version.cuda,
        "device": describe_device(device),
    }
    if device.type == "cuda":
        props = torch.cuda.get_device_properties(device)
        info["gpu_memory_gib"] = round(props.total_memory / 2**30, 1)
        info["bf16"] = bool(torch.cuda.is_bf16_supported())
    return info


def run_torch_tests(dry_run: bool) -> dict[str, Any]:
    """tests/test_torch_mnist.py with this Python; in a dry run only collected (seconds)."""
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_torch_mnist.py"]
    if dry_run:
        command.append("--collect-only")
    say("$ " + " ".join(command[2:]))
    start = time.perf_counter()
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=420)
    seconds = time.perf_counter() - start
    lines = (done.stdout + done.stderr).strip().splitlines()
    for line in lines[-15:]:
        say("    " + line)
    summary = lines[-1] if lines else ""
    say(f"    (exit status {done.returncode}, {seconds:.1f} s)")
    return {
        "ok": done.returncode == 0,
        "summary": summary,
        "seconds": round(seconds, 1),
        "collected_only": dry_run,
    }


def chapter7_data(dry_run: bool) -> tuple[Any, ...]:
    """The chapter's split: 55 000 training and 5 000 validation images (seeded), the 10 000
    test images; in a dry run the first 1 000 / 250 / 500 of them."""
    import numpy as np

    from nnlib.mnist import load_mnist

    (X_full, y_full), (X_test, y_test) = load_mnist()
    order = np.random.default_rng(SEED).permutation(len(X_full))
    val_idx, train_idx = order[:N_VALIDATION], order[N_VALIDATION:]
    X_train, y_train = X_full[train_idx], y_full[train_idx]
    X_val, y_val = X_full[val_idx], y_full[val_idx]
    if dry_run:
        X_train, y_train, X_val, y_val = X_train[:1000], y_train[:1000], X_val[:250], y_val[:250]
        X_test, y_test = X_test[:500], y_test[:500]
    return X_train, y_train, X_val, y_val, X_test, y_test


def train_chapter7(device: Any, epochs: int, batch_size: int, lr: float, dry_run: bool) -> dict[str, Any]:
    from nnlib.torch_mnist import MLP, evaluate, train

    start = time.perf_counter()
    X_train, y_train, X_val, y_val, X_test, y_test = chapter7_data(dry_run)
    say(
        f"data: {len(X_train)} training, {len(X_val)} validation, {len(X_test)} test images "
        f"({time.perf_counter() - start:.1f} s to load)"
    )
    test_accuracy: list[float] = []

    def record_test_accuracy(epoch: int, model: Any) -> None:  # outside train's timing
        test_accuracy.append(evaluate(model, X_test, y_test)["accuracy"])

    model = MLP(SIZES, dropout=DROPOUT, seed=SEED)
    history, _ = train(
        model,
        X_train,
        y_train,
        X_val,
        y_val,
        epochs=epochs,
        batch_size=batch_size,
        lr=lr,
        seed=SEED,
        device=device,
        progress=False,
        on_epoch_end=record_test_accuracy,
    )
    losses = history["loss"]
    say(f"{'epoch':>5} {'seconds':>8} {'train loss':>11} {'val acc':>8} {'test acc':>9}")
    for e, t, loss, va, ta in zip(
        history["epoch"], history["epoch_time"], losses, history["val_accuracy"], test_accuracy, strict=True
    ):
        say(f"{e:>5} {t:>8.3f} {loss:>11.4f} {va:>8.2%} {ta:>9.2%}")
    times = history["epoch_time"]
    reached = next((i for i, acc in enumerate(test_accuracy) if acc >= TARGET), None)
    final = evaluate(model, X_test, y_test)  # the best epoch's weights (by validation accuracy)
    return {
        "epochs": len(times),
        "batch_size": batch_size,
        "amp_bf16": bool(history.get("amp", False)),
        "seconds_per_epoch": [round(t, 4) for t in times],
        "first_epoch_seconds": round(times[0], 3),
        "mean_epoch_seconds_after_first": round(sum(times[1:]) / max(len(times) - 1, 1), 4),
        "train_seconds": round(sum(times), 3),
        "test_accuracy_per_epoch": [round(a, 4) for a in test_accuracy],
        "seconds_to_98": None if reached is None else round(sum(times[: reached + 1]), 3),
        "epochs_to_98": None if reached is None else reached + 1,
        "best_epoch": history["best_epoch"],
        "final_test_accuracy": round(final["accuracy"], 4),
        "final_test_loss": round(final["loss"], 4),
    }


def cpu_epoch(batch_size: int, lr: float, dry_run: bool) -> float:
    """One epoch of the same training on the CPU, for comparison (as chapter 7 does)."""
    from nnlib.torch_mnist import MLP, train

    X_train, y_train, X_val, y_val, _, _ = chapter7_data(dry_run)
    history, _ = train(
        MLP(SIZES, dropout=DROPOUT, seed=SEED),
        X_train,
        y_train,
        X_val,
        y_val,
        epochs=1,
        batch_size=batch_size,
        lr=lr,
        seed=SEED,
        device="cpu",
        progress=False,
    )
    return round(history["epoch_time"][0], 3)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    try:
        import torch
    except ImportError as err:
        say(f"cannot import torch ({err}): run this with the Python that has PyTorch (PYTHON=...)")
        return 2
    major_minor = tuple(int(p) for p in torch.__version__.split("+")[0].split(".")[:2])
    if major_minor < (2, 0):
        say(f"torch {torch.__version__} is too old: nnlib.torch_mnist needs torch >= 2.0")
        return 2
    if args.dry_run:
        device = torch.device("cpu")
        torch.set_num_threads(1)  # tiny batches gain nothing from threads that wait for each other
    elif args.device != "cuda" or torch.cuda.is_available():
        device = torch.device(args.device)
    else:
        say("no CUDA GPU is visible to torch (torch.cuda.is_available() is False); use --dry-run on a CPU")
        return 2
    epochs = args.epochs or (2 if args.dry_run else EPOCHS)

    say("== environment")
    env = environment(torch, device)
    for key, value in env.items():
        say(f"{key:>15}: {value}")
    result: dict[str, Any] = {"mode": "dry-run" if args.dry_run else "full", "environment": env}

    if not args.skip_tests:
        say(
            "\n== tests/test_torch_mnist.py"
            + (" (collected only: dry run)" if args.dry_run else f" on {device}")
        )
        result["tests"] = run_torch_tests(args.dry_run)

    say(
        f"\n== chapter 7's training on {env['device']}: MLP {SIZES}, dropout {DROPOUT}, {epochs} epochs, "
        f"batch {args.batch_size}, one-cycle lr {args.lr}"
    )
    result["training"] = training = train_chapter7(device, epochs, args.batch_size, args.lr, args.dry_run)
    if device.type == "cuda" and not args.no_cpu_epoch:
        training["cpu_epoch_seconds"] = cpu_epoch(args.batch_size, args.lr, args.dry_run)

    result["total_seconds"] = round(time.perf_counter() - started, 1)
    to_98 = training["seconds_to_98"]
    say("\n== summary")
    say(f"device:                 {env['device']}")
    say(
        f"time per epoch:         {training['first_epoch_seconds']:.3f} s (first), "
        f"{training['mean_epoch_seconds_after_first']:.3f} s (mean of the others)"
    )
    reached = "not reached" if to_98 is None else f"{to_98:.2f} s (epoch {training['epochs_to_98']})"
    say(f"time to 98 % test acc.: {reached}")
    say(
        f"final test accuracy:    {training['final_test_accuracy']:.2%} (best epoch {training['best_epoch']})"
    )
    if "cpu_epoch_seconds" in training:
        threads = torch.get_num_threads()
        say(f"one CPU epoch:          {training['cpu_epoch_seconds']:.2f} s ({threads} threads)")
    if "tests" in result:
        say(
            f"torch tests:            {'passed' if result['tests']['ok'] else 'FAILED'} "
            f"({result['tests']['summary']})"
        )
    say(f"total:                  {result['total_seconds']:.1f} s")
    line = json.dumps(result, sort_keys=True)
    say("GPU_CHECK_RESULT " + line)
    if args.json is not None:
        args.json.write_text(line + "\n")
    ok = result.get("tests", {"ok": True})["ok"]
    if not args.dry_run:
        ok = ok and training["final_test_accuracy"] >= TARGET
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
