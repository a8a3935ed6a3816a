"""Sequential: training, evaluation, callbacks, saving, divergence and input errors."""

import numpy as np
import pytest
import torch

import nnlib
from nnlib import EarlyStopping, Sequential, TrainingDivergedError
from nnlib.data import make_moons
from nnlib.layers import Dense, Dropout, ReLU, Sigmoid, Tanh
from nnlib.losses import BinaryCrossEntropy, SoftmaxCrossEntropy
from nnlib.optim import SGD, Adam


def small_model(seed=0, dtype=np.float64):
    return Sequential(
        [Dense(2, 16, seed=seed, dtype=dtype), Tanh(), Dense(16, 2, seed=seed + 1, dtype=dtype)]
    )


def test_adam_reaches_97_percent_on_moons():
    X, y = make_moons(400, noise=0.1, seed=0)
    model = Sequential([Dense(2, 32, seed=0), ReLU(), Dense(32, 32, seed=1), ReLU(), Dense(32, 2, seed=2)])
    history = model.fit(
        X, y, loss="softmax_cross_entropy", optimizer=Adam(0.01), epochs=60, batch_size=32, seed=0
    )
    assert history.history["accuracy"][-1] >= 0.97
    assert model.evaluate(X, y, loss="softmax_cross_entropy")["accuracy"] >= 0.97
    assert history.history["loss"][-1] < history.history["loss"][0]


def test_fit_is_deterministic_with_a_seed():
    X, y = make_moons(200, seed=1)
    runs = []
    for _ in range(2):
        model = small_model()
        runs.append(model.fit(X, y, loss="softmax_cross_entropy", optimizer="adam", epochs=3, seed=5).history)
    assert runs[0] == runs[1]


def test_history_and_validation_split():
    X, y = make_moons(200, seed=0)
    history = small_model().fit(
        X, y, loss="softmax_cross_entropy", optimizer=Adam(0.01), epochs=4, validation_split=0.25, seed=0
    )
    assert set(history.history) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert history.epoch == [1, 2, 3, 4]
    assert all(len(v) == 4 for v in history.history.values())
    assert history.best_epoch("val_loss") in history.epoch


def test_one_epoch_matches_a_torch_training_loop():
    """Full-batch training of the same network gives the same weights as torch (float64)."""
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(16, 3)), rng.integers(0, 4, size=16)
    model = Sequential([Dense(3, 5, seed=0), Tanh(), Dense(5, 4, seed=1)])
    net = torch.nn.Sequential(torch.nn.Linear(3, 5), torch.nn.Tanh(), torch.nn.Linear(5, 4)).double()
    with torch.no_grad():
        for ours, theirs in zip(model.parameters(), net.parameters(), strict=True):
            theirs.copy_(torch.tensor(ours.value))
    opt = torch.optim.Adam(net.parameters(), lr=0.05)
    for _ in range(5):
        opt.zero_grad()
        torch.nn.functional.cross_entropy(net(torch.tensor(X)), torch.tensor(y)).backward()
        opt.step()
    model.fit(X, y, loss=SoftmaxCrossEntropy(), optimizer=Adam(0.05), epochs=5, batch_size=16, shuffle=False)
    for ours, theirs in zip(model.parameters(), net.parameters(), strict=True):
        np.testing.assert_allclose(ours.value, theirs.detach().numpy(), rtol=1e-9, atol=1e-12)


def test_binary_classifier_with_sigmoid_output():
    X, y = make_moons(200, noise=0.05, seed=0)
    model = Sequential([Dense(2, 16, seed=0), Tanh(), Dense(16, 1, seed=1), Sigmoid()])
    model.fit(X, y, loss=BinaryCrossEntropy(), optimizer=Adam(0.02), epochs=40, seed=0)
    assert model.predict_classes(X).shape == (200,)
    assert model.evaluate(X, y, loss=BinaryCrossEntropy())["accuracy"] > 0.85


def test_float32_training_stays_float32():
    X, y = make_moons(100, seed=0)
    model = small_model(dtype=np.float32)
    model.fit(X, y, loss="softmax_cross_entropy", optimizer="adam", epochs=2)
    assert all(p.value.dtype == np.float32 for p in model.parameters())
    assert model.predict(X).dtype == np.float32


def test_early_stopping_stops_and_restores_best_weights():
    X, y = make_moons(60, noise=0.3, seed=0)
    Xv, yv = make_moons(200, noise=0.3, seed=1)
    model = Sequential([Dense(2, 64, seed=0), ReLU(), Dense(64, 64, seed=1), ReLU(), Dense(64, 2, seed=2)])
    stopper = EarlyStopping(patience=3)
    history = model.fit(
        X,
        y,
        loss="softmax_cross_entropy",
        optimizer=Adam(0.05),
        epochs=300,
        validation_data=(Xv, yv),
        callbacks=[stopper],
        seed=0,
    )
    assert history.stopped_epoch is not None and history.stopped_epoch < 300
    assert stopper.best_epoch == history.best_epoch("val_loss")
    best = min(history.history["val_loss"])
    assert model.evaluate(Xv, yv, loss="softmax_cross_entropy")["loss"] == pytest.approx(best)


def test_early_stopping_needs_the_monitored_value():
    X, y = make_moons(50, seed=0)
    with pytest.raises(ValueError, match="val_loss"):
        small_model().fit(X, y, loss="softmax_cross_entropy", optimizer="adam", callbacks=[EarlyStopping()])


def test_divergence_stops_with_a_clear_message():
    X, y = make_moons(100, seed=0)
    X = X * 1e3
    model = Sequential([Dense(2, 8, seed=0), ReLU(), Dense(8, 1, seed=1)])
    with pytest.raises(TrainingDivergedError, match="smaller learning rate"):
        model.fit(X, y.astype(float), loss="mse", optimizer=SGD(10.0), epochs=50)


def test_save_and_load_round_trip(tmp_path):
    X, y = make_moons(50, seed=0)
    model = Sequential(
        [Dense(2, 8, seed=0, dtype=np.float32), ReLU(), Dropout(0.1, seed=0), Dense(8, 2, seed=1)]
    )
    model.fit(X, y, loss="softmax_cross_entropy", optimizer="adam", epochs=2)
    path = model.save(tmp_path / "model")
    assert path.name == "model.npz"
    loaded = Sequential.load(path)
    np.testing.assert_array_equal(loaded.predict(X), model.predict(X))
    assert [type(layer) for layer in loaded.layers] == [type(layer) for layer in model.layers]
    assert not list(tmp_path.glob("*.tmp"))


def test_load_reports_a_damaged_file(tmp_path):
    path = small_model().save(tmp_path / "m.npz")
    path.write_bytes(path.read_bytes()[:100])
    with pytest.raises(ValueError, match="not a readable nnlib model file"):
        Sequential.load(path)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"X": np.zeros((10, 3))}, ValueError, "first Dense layer expects 2"),
        ({"y": np.zeros(9, dtype=int)}, ValueError, "same number of examples"),
        ({"X": np.full((10, 2), np.nan)}, ValueError, "NaN"),
        ({"y": np.full(10, 5)}, ValueError, r"labels must be in 0\.\.1"),
        ({"batch_size": 0}, ValueError, "batch_size must be >= 1"),
        ({"epochs": 0}, ValueError, "epochs must be >= 1"),
        ({"optimizer": SGD}, ValueError, "unknown optimizer"),
        ({"loss": "hinge"}, ValueError, "unknown loss"),
        ({"validation_split": 1.5}, ValueError, "validation_split"),
        ({"X": np.zeros((0, 2)), "y": np.zeros(0)}, ValueError, "empty"),
    ],
)
def test_fit_rejects_bad_input(kwargs, error, match):
    args = {
        "X": np.zeros((10, 2)),
        "y": np.zeros(10, dtype=int),
        "loss": "softmax_cross_entropy",
        "optimizer": "sgd",
        "epochs": 1,
    }
    args.update(kwargs)
    X, y = args.pop("X"), args.pop("y")
    with pytest.raises(error, match=match):
        small_model().fit(X, y, **args)


def test_sequential_rejects_non_layers():
    with pytest.raises(TypeError, match="not an nnlib Layer"):
        Sequential([Dense(2, 2), "relu"])
    with pytest.raises(ValueError, match="at least one layer"):
        Sequential([])


def test_summary_counts_parameters():
    model = Sequential([Dense(784, 256), ReLU(), Dense(256, 10)])
    assert model.count_parameters() == 784 * 256 + 256 + 256 * 10 + 10
    assert "203,530" in model.summary()
    assert nnlib.Sequential is Sequential


def test_evaluate_always_names_its_loss():
    X, y = make_moons(50, seed=0)
    model = small_model()
    model.fit(X, y, loss="softmax_cross_entropy", optimizer="adam", epochs=1)
    with pytest.raises(TypeError, match="loss"):
        model.evaluate(X, y)  # no silent default from the last fit
    ce = model.evaluate(X, y, loss="softmax_cross_entropy")
    assert set(ce) == {"loss", "accuracy"}
    assert set(model.evaluate(X, np.eye(2)[y], loss="mse")) == {"loss"}


def test_history_best_epoch_follows_the_monitor_like_early_stopping():
    history = nnlib.History()
    for epoch, (loss, acc) in enumerate([(0.9, 0.5), (0.4, 0.7), (0.5, 0.9), (0.45, 0.8)], start=1):
        history.record(epoch, {"val_loss": loss, "val_accuracy": acc, "loss": loss}, 0.0)
    assert history.best_epoch() == history.best_epoch("val_loss") == 2  # lowest loss
    assert history.best_epoch("val_accuracy") == 3  # highest accuracy
    with pytest.raises(ValueError, match="recorded"):
        history.best_epoch("accuracy")
    with pytest.raises(ValueError, match="loss or an accuracy"):
        history.best_epoch("val_acc")
    with pytest.raises(ValueError, match="loss or an accuracy"):
        EarlyStopping(monitor="val_acc")


def test_early_stopping_on_accuracy_agrees_with_history():
    X, y = make_moons(60, noise=0.3, seed=0)
    Xv, yv = make_moons(200, noise=0.3, seed=1)
    stopper = EarlyStopping(monitor="val_accuracy", patience=5)
    history = small_model().fit(
        X,
        y,
        loss="softmax_cross_entropy",
        optimizer=Adam(0.05),
        epochs=100,
        validation_data=(Xv, yv),
        callbacks=[stopper],
        seed=0,
    )
    assert stopper.best_epoch == history.best_epoch("val_accuracy")


def test_sequential_forward_takes_lists_and_backward_returns_the_input_gradient():
    model = small_model()
    out = model.forward([[0.5, -0.5], [1.0, 2.0]])
    assert out.shape == (2, 2)
    grad_x = model.backward(np.ones_like(out))
    assert grad_x is not None and grad_x.shape == (2, 2)
    assert model.backward(np.ones_like(out), need_input_grad=False) is None


def test_set_weights_checks_values():
    model = small_model()
    weights = model.get_weights()
    weights[0] = np.full_like(weights[0], np.nan)
    with pytest.raises(ValueError, match=r"weights\[0\] contains"):
        model.set_weights(weights)
    with pytest.raises(ValueError, match="expected shape"):
        model.set_weights([w.T for w in model.get_weights()])
