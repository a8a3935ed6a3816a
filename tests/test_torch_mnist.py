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


HISTORY_LISTS = ("epoch", "train_loss", "val_loss", "val_accuracy", "lr", "epoch_time")


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
        model, X, y, X_val, y_val, epochs=3, batch_size=128, lr=2e-3, seed=0,
        device=device, progress=False,
    )  # fmt: skip
    for key in HISTORY_LISTS:
        assert len(history[key]) == 3, key
    assert history["epoch"] == [1, 2, 3]
    assert history["device"] == str(device)
    assert history["stopped_epoch"] is None
    assert all(t > 0 for t in history["epoch_time"])
    assert history["total_time"] >= sum(history["epoch_time"]) * 0.99
    assert history["train_loss"][-1] < history["train_loss"][0]
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
    runs = []
    for _ in range(2):
        torch.manual_seed(999)  # a different global state must not matter
        model = MLP(seed=0)
        history, _ = train(
            model, X[:1500], y[:1500], X_val, y_val, epochs=2, batch_size=100, seed=0,
            device="cpu", progress=False,
        )  # fmt: skip
        runs.append(history)
    np.testing.assert_allclose(runs[0]["train_loss"], runs[1]["train_loss"], rtol=1e-5)
    assert runs[0]["val_accuracy"] == runs[1]["val_accuracy"]
    model = MLP(seed=0)
    other, _ = train(
        model, X[:1500], y[:1500], X_val, y_val, epochs=2, batch_size=100, seed=1,
        device="cpu", progress=False,
    )  # fmt: skip
    assert other["train_loss"] != runs[0]["train_loss"]


def test_autocast_path_runs_on_cpu(small_mnist):
    """The bfloat16 autocast branch (the default on CUDA) also works on the CPU."""
    (X, y), (X_val, y_val), _ = small_mnist
    model = MLP(seed=0)
    history, _ = train(
        model, X, y, X_val, y_val, epochs=2, batch_size=256, lr=2e-3, seed=0, device="cpu",
        amp=True, progress=False, schedule="constant",
    )  # fmt: skip
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
        model, X[:500], y[:500], X_val, y_val, epochs=5, batch_size=100, seed=0,
        device="cpu", patience=1, progress=True,
    )  # fmt: skip
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
