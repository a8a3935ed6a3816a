"""Issue 11's defects in the core (layers, optim, model): each test failed before its fix.

Divergence is reported as ``TrainingDivergedError`` for every loss, after every update;
optimizer state belongs to the parameter objects; layers check what they are given;
``Sequential.save``/``load`` keep their contract on damaged files.
"""

import gc
import json
import os
import stat
import time
import tracemalloc

import numpy as np
import pytest

from nnlib import Sequential, TrainingDivergedError
from nnlib.data import make_moons
from nnlib.layers import Dense, Dropout, Identity, ReLU, Sigmoid, Softmax, Tanh
from nnlib.losses import BinaryCrossEntropy, CrossEntropy
from nnlib.optim import SGD, Adam

# ----- divergence --------------------------------------------------------------------------

# (loss, output layer after the last Dense, number of outputs, targets from the moons labels)
LOSS_SETUPS = {
    "mse": ("mse", [], 1, lambda y: y.astype(float)[:, None]),
    "euclidean": ("euclidean", [], 2, lambda y: y),
    "cross_entropy": (CrossEntropy(), [Softmax()], 2, lambda y: y),
    "softmax_cross_entropy": ("softmax_cross_entropy", [], 2, lambda y: y),
    "binary_cross_entropy": (BinaryCrossEntropy(), [Sigmoid()], 1, lambda y: y),
    "bce_from_logits": (BinaryCrossEntropy(from_logits=True), [], 1, lambda y: y),
}


def _net(n_out, head, dtype=np.float64):
    return Sequential([Dense(2, 8, seed=0, dtype=dtype), Tanh(), Dense(8, n_out, seed=1, dtype=dtype), *head])


@pytest.mark.parametrize("name", sorted(LOSS_SETUPS))
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_one_huge_step_is_reported_for_every_loss(name, dtype):
    """SGD(1e300), one epoch of one batch: fit used to return with NaN (or absurd) weights,
    because the loss was only checked *before* each update."""
    loss, head, n_out, targets = LOSS_SETUPS[name]
    X, y = make_moons(16, seed=0)
    model = _net(n_out, head, dtype)
    with pytest.raises(TrainingDivergedError, match="smaller learning rate"):
        model.fit(X, targets(y), loss=loss, optimizer=SGD(1e300), epochs=1, batch_size=16)


@pytest.mark.parametrize("name", sorted(LOSS_SETUPS))
def test_divergence_over_many_batches_never_blames_the_data(name):
    """A huge learning rate used to end in the loss's input check ("logits contains NaN")."""
    loss, head, n_out, targets = LOSS_SETUPS[name]
    X, y = make_moons(200, seed=0)
    with pytest.raises(TrainingDivergedError) as info:
        _net(n_out, head).fit(X * 100, targets(y), loss=loss, optimizer=SGD(1e20), epochs=5, batch_size=8)
    assert "contains" not in str(info.value) and "epoch 1" in str(info.value)


def test_absurd_finite_outputs_after_the_last_update_are_caught():
    """fit used to return a model with finite but absurd logits (around ±4e298): the outputs
    are now also checked after the last update. Here the weights grow 1e5-fold (under the
    weight rule's 1e6) from 1e148, but the logits pass √(largest float64) ≈ 1.3e154."""
    X, y = np.array([[1e3, -1e3], [-1e3, 1e3]]), np.array([1, 0])
    model = Sequential([Dense.from_arrays(1e148 * np.eye(2), np.zeros(2))])
    with pytest.raises(TrainingDivergedError, match="outputs reached"):
        model.fit(X, y, loss="softmax_cross_entropy", optimizer=SGD(1e150), epochs=1, batch_size=2)
    with np.errstate(over="ignore"):
        assert np.abs(model.predict(X)).max() > 1e154  # what fit used to return silently


def test_weights_that_grow_a_millionfold_are_divergence():
    """Saturated sigmoid + BCE keep the loss bounded while the weights run away (to 1e20)."""
    X, y = make_moons(200, seed=0)
    model = _net(1, [Sigmoid()])
    with pytest.raises(TrainingDivergedError, match="weight of layer"):
        model.fit(X * 100, y, loss=BinaryCrossEntropy(), optimizer=SGD(1e20), epochs=5, batch_size=8)


def test_a_loss_that_grows_a_millionfold_is_divergence():
    """Linear regression with too large a step: the loss grows ×25 per step but stays finite."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(64, 1))
    model = Sequential([Dense(1, 1, seed=0)])
    with pytest.raises(TrainingDivergedError, match="loss became"):
        model.fit(X, 3 * X, loss="mse", optimizer=SGD(3.0), epochs=20, batch_size=64)


def test_no_false_alarm_on_healthy_float32_training():
    X, y = make_moons(200, seed=0)
    model = _net(1, [Sigmoid()], np.float32)
    history = model.fit(X, y, loss=BinaryCrossEntropy(), optimizer=Adam(0.05), epochs=30, seed=0)
    assert history["accuracy"][-1] > 0.85


# ----- input range and shapes --------------------------------------------------------------


def test_float32_model_rejects_values_beyond_float32():
    """1e39 became inf in the cast to float32 and predict returned NaN."""
    model = _net(2, [], np.float32)
    for X in ([[1e39, 0.0]], np.array([[1e39, 0.0]])):
        with pytest.raises(ValueError, match="float32"):
            model.predict(X)
        with pytest.raises(ValueError, match="float32"):
            model.fit(X, [0], loss="softmax_cross_entropy", optimizer="sgd", epochs=1)
    with pytest.raises(ValueError, match="float32"):
        Dense(2, 2, dtype=np.float32).forward(np.array([[1e39, 0.0]]))


@pytest.mark.parametrize("make", [ReLU, Sigmoid, Tanh, Softmax, Identity, lambda: Dropout(0.5, seed=0)])
def test_backward_refuses_a_wrongly_shaped_gradient(make):
    """ReLU.backward broadcast a (1, 4) gradient against its (5, 4) mask without a word."""
    layer = make()
    layer.forward(np.ones((5, 4)), training=True)
    for bad in (np.ones((1, 4)), np.ones((5, 1)), np.ones(4)):
        with pytest.raises(ValueError, match=r"shape \(5, 4\)"):
            layer.backward(bad)


def test_dense_backward_checks_the_gradient_and_the_call_order():
    dense = Dense(3, 2, seed=0)
    with pytest.raises(RuntimeError, match="forward before backward"):
        dense.backward(np.ones((4, 2)))
    dense.forward(np.ones((4, 3)))
    with pytest.raises(ValueError, match=r"shape \(4, 2\)"):
        dense.backward(np.ones((1, 2)))
    with pytest.raises(RuntimeError, match="forward before backward"):
        ReLU().backward(np.ones((2, 2)))


LAYERS = [lambda: Dense(3, 2, seed=0), ReLU, Sigmoid, Tanh, Softmax, Identity, lambda: Dropout(0.5, seed=0)]


@pytest.mark.parametrize("make", LAYERS)
@pytest.mark.parametrize("training", [False, True])
def test_every_layer_accepts_lists(make, training):
    """Dense and Sigmoid took lists while ReLU and Dropout crashed on them (and backward too)."""
    x = [[0.5, -1.0, 2.0], [1.5, 0.0, -0.25]]
    a, b = make(), make()
    out = b.forward(np.array(x), training=training)
    np.testing.assert_array_equal(a.forward(x, training=training), out)
    g = np.linspace(-1.0, 1.0, out.size).reshape(out.shape)
    np.testing.assert_array_equal(a.backward(g.tolist()), b.backward(g))
    with pytest.raises(ValueError, match="NaN"):
        make().forward([[np.nan, 0.0, 1.0]])


# ----- optimizer state -----------------------------------------------------------------------


def _train(model, optimizer, seed=0):
    X, y = make_moons(64, seed=seed)
    model.fit(X, y, loss="softmax_cross_entropy", optimizer=optimizer, epochs=2, batch_size=16, seed=0)
    return model.get_weights()


@pytest.mark.parametrize("make_opt", [lambda: Adam(0.01), lambda: SGD(0.1, momentum=0.9)])
@pytest.mark.parametrize("hidden", [8, 5])
def test_one_optimizer_can_train_a_second_model(make_opt, hidden):
    """State keyed by id(param): a second model crashed (other shapes) or got the first
    model's moments (same shapes). Now it trains exactly as with a fresh optimizer."""
    opt = make_opt()
    _train(_net(2, []), opt)
    second = Sequential([Dense(2, hidden, seed=3), Tanh(), Dense(hidden, 2, seed=4)])
    fresh = Sequential([Dense(2, hidden, seed=3), Tanh(), Dense(hidden, 2, seed=4)])
    for a, b in zip(_train(second, opt, seed=1), _train(fresh, make_opt(), seed=1), strict=True):
        np.testing.assert_array_equal(a, b)


def test_optimizer_state_does_not_outlive_the_model():
    opt = Adam(0.01)
    for _ in range(5):
        _train(_net(2, []), opt)
    gc.collect()
    assert len(opt.state) == 0  # one entry per live parameter, none for the dead models
    model = _net(2, [])
    _train(model, opt)
    assert len(opt.state) == len(model.parameters())


# ----- saving and loading --------------------------------------------------------------------


def _write(path, architecture, arrays):
    np.savez(path, architecture=np.array(architecture), **arrays)
    return path


def test_load_rejects_a_huge_declared_layer_without_allocating_it(tmp_path):
    """A 1 KB file declaring Dense(20000, 20000) took 35–45 s and 3 GB to be rejected."""
    arch = json.dumps([{"type": "Dense", "in_features": 20000, "out_features": 20000, "dtype": "float64"}])
    path = _write(tmp_path / "huge.npz", arch, {"param_0": np.zeros((2, 2)), "param_1": np.zeros(2)})
    assert path.stat().st_size < 2000
    tracemalloc.start()
    start = time.perf_counter()
    try:
        with pytest.raises(ValueError, match=r"declares Dense shapes \[\(20000, 20000\), \(20000,\)\]"):
            Sequential.load(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - start < 1.0 and peak < 10_000_000


def test_load_rejects_nan_weights(tmp_path):
    path = _net(2, []).save(tmp_path / "m")
    with np.load(path) as data:
        arrays = {k: data[k] for k in data.files}
    arrays["param_2"][0, 0] = np.nan
    np.savez(path, **arrays)
    with pytest.raises(ValueError, match="NaN"):
        Sequential.load(path)


DENSE = {"type": "Dense", "in_features": 2, "out_features": 2, "dtype": "float64"}
GOOD_ARRAYS = {"param_0": np.ones((2, 2)), "param_1": np.zeros(2)}
MALFORMED = {
    "not json": ("{", GOOD_ARRAYS),
    "a dict": (json.dumps(DENSE), GOOD_ARRAYS),
    "not a list of dicts": (json.dumps([1, 2]), GOOD_ARRAYS),
    "no type": (json.dumps([{"in_features": 2}]), GOOD_ARRAYS),
    "unknown type": (json.dumps([{"type": "Conv2D"}]), {}),
    "unhashable type": (json.dumps([{"type": ["Dense"]}]), {}),
    "missing keys": (json.dumps([{"type": "Dense", "in_features": 2}]), GOOD_ARRAYS),
    "extra keys": (json.dumps([{**DENSE, "colour": 1}]), GOOD_ARRAYS),
    "text size": (json.dumps([{**DENSE, "in_features": "two"}]), GOOD_ARRAYS),
    "bad dtype": (json.dumps([{**DENSE, "dtype": "complex128"}]), GOOD_ARRAYS),
    "unknown dtype": (json.dumps([{**DENSE, "dtype": "garbage"}]), GOOD_ARRAYS),
    "activation with arguments": (json.dumps([DENSE, {"type": "ReLU", "inplace": True}]), GOOD_ARRAYS),
    "bad dropout": (json.dumps([DENSE, {"type": "Dropout", "p": "half", "seed": 0}]), GOOD_ARRAYS),
    "bad dropout seed": (json.dumps([DENSE, {"type": "Dropout", "p": 0.5, "seed": "x"}]), GOOD_ARRAYS),
    "missing weights": (json.dumps([DENSE]), {"param_0": np.ones((2, 2))}),
    "extra weights": (json.dumps([DENSE]), {**GOOD_ARRAYS, "param_2": np.ones(3)}),
    "string weights": (json.dumps([DENSE]), {**GOOD_ARRAYS, "param_0": np.array([["a", "b"], ["c", "d"]])}),
    "numeric architecture": (3, GOOD_ARRAYS),
    "no layers": (json.dumps([]), {}),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_load_raises_value_error_on_malformed_files(tmp_path, case):
    """KeyError, AttributeError and TypeError used to escape from damaged architectures."""
    architecture, arrays = MALFORMED[case]
    path = _write(tmp_path / "bad.npz", architecture, arrays)
    with pytest.raises(ValueError, match="bad.npz"):
        Sequential.load(path)


def test_load_without_architecture_is_a_value_error(tmp_path):
    path = tmp_path / "plain.npz"
    np.savez(path, param_0=np.ones(2))
    with pytest.raises(ValueError, match="not a readable nnlib model file"):
        Sequential.load(path)


def test_save_uses_the_umask_and_load_finds_the_npz(tmp_path):
    """mkstemp made every saved model 0600; load("model") did not find save("model")'s file."""
    model = _net(2, [])
    old = os.umask(0o022)
    try:
        written = model.save(tmp_path / "model")
    finally:
        os.umask(old)
    assert written.name == "model.npz"
    assert stat.S_IMODE(written.stat().st_mode) == 0o644
    loaded = Sequential.load(tmp_path / "model")
    X = np.array([[0.5, -0.5]])
    np.testing.assert_array_equal(loaded.predict(X), model.predict(X))
    assert [p.name for p in tmp_path.iterdir()] == ["model.npz"]
