"""Tests for nnlib.torch_mnist: the PyTorch model, training loop and safe weight files.

The training tests run on whatever device ``pick_device()`` finds (a GPU where there is
one, the CPU in CI), on a small subset of MNIST, so that the GPU code path and the CPU
code path are the same code and both stay honest. They take a few seconds.
"""

import pickle

import numpy as np
import pytest
import torch

from nnlib.mnist import load_mnist
from nnlib.torch_mnist import (
    MLP,
    _as_inputs,
    describe_device,
    evaluate,
    file_sha256,
    load_weights,
    pick_device,
    predict_proba,
    save_weights,
    train,
)


@pytest.fixture(scope="module", autouse=True)
def one_cpu_thread():
    """Run these small trainings on one CPU thread: on a busy machine two threads that
    wait for each other are many times slower, and tiny batches gain nothing from two."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


HISTORY_LISTS = ("epoch", "loss", "val_loss", "val_accuracy", "lr", "epoch_time")


@pytest.fixture(scope="module")
def small_mnist():
    """3000 training, 1000 validation and 1000 test digits (the first ones of each file)."""
    (X, y), (X_test, y_test) = load_mnist()
    return (X[:3000], y[:3000]), (X[3000:4000], y[3000:4000]), (X_test[:1000], y_test[:1000])


# ---------------------------------------------------------------------------
# device and model
# ---------------------------------------------------------------------------
def test_pick_device_order():
    device = pick_device()
    assert isinstance(device, torch.device)
    if torch.cuda.is_available():
        assert device.type == "cuda"
    elif torch.backends.mps.is_available():
        assert device.type == "mps"
    else:
        assert device.type == "cpu"
    assert pick_device("cpu") == torch.device("cpu")
    assert describe_device(device).startswith(device.type)


@pytest.mark.skipif(torch.cuda.is_available(), reason="a CUDA GPU is present")
def test_pick_device_unavailable_cuda():
    with pytest.raises(ValueError, match="no CUDA GPU"):
        pick_device("cuda")


def test_mlp_shapes_and_parameter_count():
    model = MLP(seed=0)
    assert model.count_parameters() == 784 * 512 + 512 + 512 * 256 + 256 + 256 * 10 + 10
    out = model(torch.zeros(7, 784))
    assert out.shape == (7, 10)
    assert len([m for m in model.modules() if isinstance(m, torch.nn.Dropout)]) == 2
    assert not any(isinstance(m, torch.nn.Dropout) for m in MLP(dropout=0.0).modules())
    assert MLP((4, 3)).count_parameters() == 15


def test_mlp_seed_is_reproducible_and_leaves_global_rng_alone():
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    a, b = MLP(seed=0), MLP(seed=0)
    assert torch.equal(torch.rand(3), expected)  # building the models drew nothing globally
    for pa, pb in zip(a.parameters(), b.parameters(), strict=True):
        assert torch.equal(pa, pb)
    c = MLP(seed=1)
    assert not torch.equal(next(a.parameters()), next(c.parameters()))


def test_mlp_bad_arguments():
    with pytest.raises(ValueError, match="dropout"):
        MLP(dropout=1.0)
    with pytest.raises(ValueError, match="at least two"):
        MLP((784,))


def test_inputs_already_on_device_are_not_copied():
    X = torch.rand(5, 784)
    assert _as_inputs(X, torch.device("cpu")) is X
    assert _as_inputs(np.zeros((2, 28, 28), np.float32), torch.device("cpu")).shape == (2, 784)


# ---------------------------------------------------------------------------
# training
# ---------------------------------------------------------------------------
def test_train_on_the_available_device(small_mnist):
    (X, y), (X_val, y_val), (X_test, y_test) = small_mnist
    device = pick_device()
    model = MLP(seed=0)
    history, best_state = train(
        model,
        X,
        y,
        X_val,
        y_val,
        epochs=3,
        batch_size=128,
        lr=2e-3,
        seed=0,
        device=device,
        progress=False,
    )
    for key in HISTORY_LISTS:
        assert len(history[key]) == 3, key
    assert history["epoch"] == [1, 2, 3]
    assert history["device"] == str(device)
    assert history["stopped_epoch"] is None
    assert all(t > 0 for t in history["epoch_time"])
    assert history["total_time"] >= sum(history["epoch_time"]) * 0.99
    assert history["loss"][-1] < history["loss"][0]
    assert max(history["val_accuracy"]) > 0.85
    # One-cycle schedule: the learning rate ends far below its peak.
    assert history["lr"][-1] < 1e-4
    # The model ends with the best epoch's weights, and best_state is a CPU copy of them.
    best = history["best_epoch"]
    assert history["val_accuracy"][best - 1] == max(history["val_accuracy"])
    assert all(v.device.type == "cpu" for v in best_state.values())
    for name, value in model.state_dict().items():
        assert torch.equal(value.cpu(), best_state[name])
    val = evaluate(model, X_val, y_val)
    assert val["accuracy"] == pytest.approx(history["val_accuracy"][best - 1], abs=2e-3)
    test = evaluate(model, X_test, y_test)
    assert test["accuracy"] > 0.85 and test["loss"] > 0


def test_training_is_reproducible_on_cpu(small_mnist):
    (X, y), (X_val, y_val), _ = small_mnist

    def run(seed):
        history, _ = train(
            MLP(seed=0),
            X[:1500],
            y[:1500],
            X_val,
            y_val,
            epochs=2,
            batch_size=100,
            seed=seed,
            device="cpu",
            progress=False,
        )
        return history

    runs = []
    for _ in range(2):
        torch.manual_seed(999)  # a different global state must not matter
        runs.append(run(seed=0))
    np.testing.assert_allclose(runs[0]["loss"], runs[1]["loss"], rtol=1e-5)
    assert runs[0]["val_accuracy"] == runs[1]["val_accuracy"]
    other = run(seed=1)
    assert other["loss"] != runs[0]["loss"]


def test_autocast_path_runs_on_cpu(small_mnist):
    """The bfloat16 autocast branch (the default on CUDA) also works on the CPU."""
    (X, y), (X_val, y_val), _ = small_mnist
    model = MLP(seed=0)
    history, _ = train(
        model,
        X,
        y,
        X_val,
        y_val,
        epochs=2,
        batch_size=256,
        lr=2e-3,
        seed=0,
        device="cpu",
        amp=True,
        progress=False,
        schedule="constant",
    )
    assert history["amp"] is True
    assert history["lr"] == [2e-3, 2e-3]
    assert max(history["val_accuracy"]) > 0.8


def test_early_stopping_and_progress_bar(small_mnist, capsys):
    (X, y), _, _ = small_mnist
    # A validation set whose accuracy cannot change (all-zero images give the same
    # prediction every epoch): no improvement after epoch 1, so patience 1 stops at 2.
    X_val, y_val = np.zeros((50, 784), np.float32), np.zeros(50, np.int64)
    model = MLP(seed=0)
    history, _ = train(
        model,
        X[:500],
        y[:500],
        X_val,
        y_val,
        epochs=5,
        batch_size=100,
        seed=0,
        device="cpu",
        patience=1,
        progress=True,
    )
    assert history["stopped_epoch"] == 2
    assert history["best_epoch"] == 1
    assert len(history["val_accuracy"]) == 2
    assert "epoch 2/5" in capsys.readouterr().err


def test_train_rejects_bad_input(small_mnist):
    (X, y), (X_val, y_val), _ = small_mnist
    model = MLP(seed=0)
    kwargs = {"epochs": 1, "device": "cpu", "progress": False}
    with pytest.raises(ValueError, match="epochs"):
        train(model, X, y, X_val, y_val, **(kwargs | {"epochs": 0}))
    with pytest.raises(ValueError, match="batch_size"):
        train(model, X, y, X_val, y_val, batch_size=0, **kwargs)
    with pytest.raises(ValueError, match="lr"):
        train(model, X, y, X_val, y_val, lr=0.0, **kwargs)
    with pytest.raises(ValueError, match="schedule"):
        train(model, X, y, X_val, y_val, schedule="linear", **kwargs)
    with pytest.raises(ValueError, match="y_train must have shape"):
        train(model, X, y[:10], X_val, y_val, **kwargs)
    with pytest.raises(ValueError, match="integer class labels"):
        train(model, X, y.astype(np.float32), X_val, y_val, **kwargs)
    with pytest.raises(ValueError, match="X_val must have shape"):
        train(model, X, y, X_val[0], y_val, **kwargs)


# ---------------------------------------------------------------------------
# predictions
# ---------------------------------------------------------------------------
def test_predict_proba_and_evaluate_agree():
    model = MLP((784, 32, 10), seed=0)
    X = np.random.default_rng(0).random((40, 784)).astype(np.float32)
    y = np.arange(40) % 10
    probs = predict_proba(model, X, batch_size=16)
    assert probs.shape == (40, 10) and probs.dtype == np.float32
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, atol=1e-5)
    assert evaluate(model, X, y)["accuracy"] == pytest.approx(np.mean(probs.argmax(1) == y))
    model.train()
    predict_proba(model, X)
    assert model.training  # the mode is restored


# ---------------------------------------------------------------------------
# saving and loading
# ---------------------------------------------------------------------------
@pytest.fixture
def saved(tmp_path):
    model = MLP((784, 32, 10), seed=0)
    path = tmp_path / "mlp.pt"
    digest = save_weights(model, path)
    return model, path, digest


def test_save_and_load_round_trip(saved):
    model, path, digest = saved
    assert digest == file_sha256(path) and len(digest) == 64
    assert list(path.parent.iterdir()) == [path]  # no temporary file left behind
    fresh = MLP((784, 32, 10), seed=1)
    assert load_weights(fresh, path, sha256=digest) is fresh
    X = torch.rand(6, 784)
    model.eval()
    fresh.eval()
    assert torch.equal(model(X), fresh(X))


def test_load_truncated_file(saved):
    model, path, _ = saved
    path.write_bytes(path.read_bytes()[:500])
    with pytest.raises(ValueError, match=r"could not load weights from .*mlp\.pt.*truncated"):
        load_weights(model, path)


def test_load_garbage_file(saved):
    model, path, _ = saved
    path.write_bytes(b"this is not a weights file" * 10)
    with pytest.raises(ValueError, match="mlp.pt"):
        load_weights(model, path)


class _Payload:
    """Unpickling this would call ``exec`` — weights_only=True must refuse it."""

    def __reduce__(self):
        return (exec, ("import builtins; builtins.PWNED_BY_PICKLE = True",))


def test_load_refuses_code_in_a_tampered_file(saved):
    import builtins

    model, path, _ = saved
    state = {k: v for k, v in model.state_dict().items()}
    state["evil"] = _Payload()
    with open(path, "wb") as f:
        torch.save(state, f, pickle_module=pickle)
    with pytest.raises(ValueError, match="weights_only"):
        load_weights(model, path)
    assert not hasattr(builtins, "PWNED_BY_PICKLE")


def test_load_checksum_mismatch(saved):
    model, path, digest = saved
    data = bytearray(path.read_bytes())
    data[-100] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(ValueError, match="SHA-256"):
        load_weights(model, path, sha256=digest)


def test_load_wrong_architecture_and_missing_file(saved, tmp_path):
    _, path, _ = saved
    with pytest.raises(ValueError, match="architecture"):
        load_weights(MLP((784, 64, 10)), path)
    with pytest.raises(FileNotFoundError):
        load_weights(MLP((784, 32, 10)), tmp_path / "nope.pt")


# ---------------------------------------------------------------------------
# issue 11: bad input is refused with a clear error (each test failed before its fix)
# ---------------------------------------------------------------------------
def _tiny_data(n=64, seed=0):
    rng = np.random.default_rng(seed)
    return rng.random((n, 784), dtype=np.float32), np.arange(n) % 10


TINY = {"epochs": 1, "batch_size": 32, "device": "cpu", "progress": False}


def test_train_refuses_nan_inputs_and_infinite_lr():
    X, y = _tiny_data()
    X_nan = X.copy()
    X_nan[3, 7] = np.nan
    with pytest.raises(ValueError, match="X_train contains 1 NaN"):
        train(MLP((784, 16, 10), seed=0), X_nan, y, X, y, **TINY)
    with pytest.raises(ValueError, match="X_val contains 1 NaN"):
        train(MLP((784, 16, 10), seed=0), X, y, X_nan, y, **TINY)
    with pytest.raises(ValueError, match="lr must be a finite number > 0, got inf"):
        train(MLP((784, 16, 10), seed=0), X, y, X, y, lr=float("inf"), **TINY)
    with pytest.raises(ValueError, match="epochs must be a whole number, got 2.7"):
        train(MLP((784, 16, 10), seed=0), X, y, X, y, **(TINY | {"epochs": 2.7}))


def test_train_reports_divergence():
    """A finite but absurd learning rate used to train to a NaN model without a word."""
    from nnlib import TrainingDivergedError

    X, y = _tiny_data()
    model = MLP((784, 16, 10), dropout=0.0, seed=0)
    with pytest.raises(TrainingDivergedError, match="smaller learning rate"):
        train(model, X, y, X, y, lr=1e30, schedule="constant", **TINY)


@pytest.mark.parametrize("bad_label", [-100, -1, 10])
def test_train_and_evaluate_refuse_out_of_range_labels(bad_label):
    """−100 is CrossEntropyLoss's ignore_index: that example used to be skipped silently."""
    X, y = _tiny_data()
    y = y.copy()
    y[5] = bad_label
    with pytest.raises(ValueError, match=rf"y_train must hold labels in 0..9, got \[{bad_label}\]"):
        train(MLP((784, 16, 10), seed=0), X, y, X, np.arange(64) % 10, **TINY)
    with pytest.raises(ValueError, match="y must hold labels in 0..9"):
        evaluate(MLP((784, 16, 10), seed=0), X, y)


def test_inputs_must_fit_the_model():
    X, y = _tiny_data()
    with pytest.raises(ValueError, match="X has 100 features per example, but the model expects 784"):
        evaluate(MLP((784, 16, 10), seed=0), X[:, :100], y)
    with pytest.raises(TypeError, match="X must hold floating-point pixel values"):
        predict_proba(MLP((784, 16, 10), seed=0), (X * 255).astype(np.uint8))
    with pytest.raises(TypeError, match="model must be a torch.nn.Module"):
        evaluate("model", X, y)
    with pytest.raises(ValueError, match=r"sizes\[1\] must be a whole number"):
        MLP((784, 2.5, 10))


@pytest.mark.skipif(torch.cuda.is_available(), reason="a CUDA GPU is present")
def test_train_on_cuda_without_a_gpu_says_so():
    """Used to fail with a bare AssertionError from deep inside torch."""
    X, y = _tiny_data()
    with pytest.raises(ValueError, match="device='cuda' but no CUDA GPU is available"):
        train(MLP((784, 16, 10), seed=0), X, y, X, y, **(TINY | {"device": "cuda"}))
    with pytest.raises(ValueError, match="device='tpu' is not a device name"):
        evaluate(MLP((784, 16, 10), seed=0), X, y, device="tpu")


def test_train_leaves_the_global_rng_alone():
    """train() used to call torch.manual_seed(seed), resetting the caller's random stream."""
    X, y = _tiny_data()
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    train(MLP((784, 16, 10), seed=0), X, y, X, y, **TINY)
    assert torch.equal(torch.rand(3), expected)


def test_on_epoch_end_is_called_after_every_epoch():
    X, y = _tiny_data()
    seen = []
    model = MLP((784, 16, 10), seed=0)
    train(model, X, y, X, y, on_epoch_end=lambda e, m: seen.append(e), **(TINY | {"epochs": 3}))
    assert seen == [1, 2, 3]


def test_a_flipped_byte_is_detected_without_sha256(saved):
    """The file stores a checksum of its tensors: no sha256= is needed to notice damage."""
    model, path, _ = saved
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01  # inside the weights (they are most of the file)
    path.write_bytes(bytes(data))
    with pytest.raises(ValueError, match="damaged or was changed"):
        load_weights(MLP((784, 32, 10)), path)


def test_no_byte_flip_loads_different_weights(saved):
    """Wherever a byte is flipped, the file either fails to load or loads the saved weights
    (a flip in the zip padding changes nothing that is read)."""
    model, path, _ = saved
    original = path.read_bytes()
    reference = {k: v.clone() for k, v in model.state_dict().items()}
    for position in np.random.default_rng(0).choice(len(original), size=40, replace=False):
        data = bytearray(original)
        data[position] ^= 0x10
        path.write_bytes(bytes(data))
        try:
            fresh = load_weights(MLP((784, 32, 10)), path)
        except ValueError:
            continue
        for name, value in fresh.state_dict().items():
            assert torch.equal(value, reference[name]), position


def test_nan_weights_are_neither_saved_nor_loaded(tmp_path):
    from nnlib.torch_mnist import WEIGHTS_FORMAT, state_sha256

    model = MLP((784, 32, 10), seed=0)
    with torch.no_grad():
        model.net[0].weight[0, 0] = float("nan")
    with pytest.raises(ValueError, match="NaN or infinite weights"):
        save_weights(model, tmp_path / "nan.pt")
    state = model.state_dict()
    payload = {"format": WEIGHTS_FORMAT, "sha256": state_sha256(state), "state_dict": state}
    torch.save(payload, tmp_path / "nan.pt")
    with pytest.raises(ValueError, match="holds NaN or infinite weights"):
        load_weights(MLP((784, 32, 10)), tmp_path / "nan.pt")


def test_plain_state_dict_needs_an_external_checksum(tmp_path):
    model = MLP((784, 32, 10), seed=0)
    path = tmp_path / "plain.pt"
    torch.save(model.state_dict(), path)
    with pytest.raises(ValueError, match="without the checksum"):
        load_weights(MLP((784, 32, 10)), path)
    load_weights(MLP((784, 32, 10)), path, sha256=file_sha256(path))
    with pytest.raises(ValueError, match="sha256 must be 64 hexadecimal digits"):
        load_weights(MLP((784, 32, 10)), path, sha256="abc")


def test_saved_file_follows_the_umask(tmp_path):
    """mkstemp creates files with mode 0600; save_weights used to keep that mode."""
    import os

    old = os.umask(0o022)
    try:
        save_weights(MLP((784, 32, 10), seed=0), tmp_path / "m.pt")
    finally:
        os.umask(old)
    assert (tmp_path / "m.pt").stat().st_mode & 0o777 == 0o644
