"""Tests for nnlib.schedules: each schedule against its formula by hand and against
torch.optim.lr_scheduler, the argument checks, and the fit callback."""

import math

import numpy as np
import pytest

import nnlib
from nnlib.layers import Dense
from nnlib.losses import MeanSquaredError
from nnlib.optim import SGD
from nnlib.schedules import Constant, Cosine, LearningRateScheduler, OneCycle, StepDecay


def _torch_lrs(make_scheduler, steps, lr):
    torch = pytest.importorskip("torch")
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=lr)
    scheduler = make_scheduler(torch.optim.lr_scheduler, opt)
    lrs = []
    for _ in range(steps):
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        scheduler.step()
    return np.array(lrs)


def test_constant():
    assert Constant(0.1).values(5).tolist() == [0.1] * 5


def test_step_decay_by_hand_and_like_torch():
    schedule = StepDecay(0.1, every=3, factor=0.5)
    assert schedule.values(7) == pytest.approx([0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025])
    torch_lrs = _torch_lrs(lambda s, opt: s.StepLR(opt, step_size=3, gamma=0.5), 20, 0.1)
    np.testing.assert_allclose(schedule.values(20), torch_lrs, rtol=1e-12)


def test_cosine_by_hand_and_like_torch():
    schedule = Cosine(0.2, total=10, min_lr=0.01)
    assert schedule(0) == 0.2 and schedule(5) == pytest.approx(0.105) and schedule(10) == pytest.approx(0.01)
    assert schedule(3) == pytest.approx(0.01 + 0.5 * 0.19 * (1 + math.cos(math.pi * 0.3)))
    assert schedule(25) == pytest.approx(0.01)  # after the end: the final value
    torch_lrs = _torch_lrs(lambda s, opt: s.CosineAnnealingLR(opt, T_max=10, eta_min=0.01), 11, 0.2)
    np.testing.assert_allclose(schedule.values(11), torch_lrs, rtol=1e-10)


def test_one_cycle_by_hand_and_like_torch():
    schedule = OneCycle(0.1, total=50)
    lrs = schedule.values(50)
    assert lrs[0] == pytest.approx(0.1 / 25) and lrs.max() == pytest.approx(0.1)
    assert int(np.argmax(lrs)) == 14  # the peak: 30 % of the steps, minus one
    assert lrs[-1] == pytest.approx(0.1 / 25 / 1e4)
    assert np.all(np.diff(lrs[:15]) > 0) and np.all(np.diff(lrs[14:]) < 0)
    torch_lrs = _torch_lrs(lambda s, opt: s.OneCycleLR(opt, max_lr=0.1, total_steps=50), 50, 0.1)
    np.testing.assert_allclose(lrs, torch_lrs, rtol=1e-10)
    other = OneCycle(0.5, total=30, warmup=0.5, div=10, final_div=100)
    options = {"max_lr": 0.5, "total_steps": 30, "pct_start": 0.5, "div_factor": 10, "final_div_factor": 100}
    torch_lrs = _torch_lrs(lambda s, opt: s.OneCycleLR(opt, **options), 30, 0.5)
    np.testing.assert_allclose(other.values(30), torch_lrs, rtol=1e-10)


@pytest.mark.parametrize(
    ("make", "error", "match"),
    [
        (lambda: Constant(0), ValueError, "lr"),
        (lambda: Constant("fast"), TypeError, "lr"),
        (lambda: StepDecay(0.1, every=0), ValueError, "every"),
        (lambda: StepDecay(0.1, every=2, factor=1.5), ValueError, "factor"),
        (lambda: Cosine(0.1, total=0), ValueError, "total"),
        (lambda: Cosine(0.1, total=10, min_lr=0.2), ValueError, "min_lr"),
        (lambda: OneCycle(0.1, total=10, warmup=1.2), ValueError, "warmup"),
        (lambda: OneCycle(0.1, total=2), ValueError, "warm-up"),
        (lambda: OneCycle(-0.1, total=10), ValueError, "max_lr"),
        (lambda: Constant(0.1)(-1), ValueError, "step"),
        (lambda: Constant(0.1)(1.5), ValueError, "step"),
        (lambda: LearningRateScheduler(lambda s: 0.1, SGD(0.1)), TypeError, "Schedule"),
        (lambda: LearningRateScheduler(Constant(0.1), "sgd"), TypeError, "optimizer"),
    ],
)
def test_bad_arguments_raise_clear_errors(make, error, match):
    with pytest.raises(error, match=match):
        make()


def test_callback_sets_the_learning_rate_of_every_epoch():
    X = np.random.default_rng(0).normal(size=(40, 2))
    y = X @ np.array([1.0, -2.0])
    optimizer = SGD(lr=0.1)
    callback = LearningRateScheduler(StepDecay(0.1, every=2, factor=0.5), optimizer)
    model = nnlib.Sequential([Dense(2, 1, seed=0)])
    model.fit(
        X, y[:, None], loss="mse", optimizer=optimizer, epochs=5, batch_size=8, seed=0, callbacks=[callback]
    )
    # epochs 1..5 trained with schedule steps 0..4; the last entry is for a sixth epoch
    assert callback.lrs == pytest.approx([0.1, 0.1, 0.05, 0.05, 0.025, 0.025])

    # the same training by hand, setting optimizer.lr before each epoch
    by_hand = nnlib.Sequential([Dense(2, 1, seed=0)])
    opt = SGD(lr=0.1)
    rng = np.random.default_rng(0)
    loss = MeanSquaredError()
    for epoch in range(5):
        opt.lr = callback.lrs[epoch]
        order = rng.permutation(len(X))
        for start in range(0, len(X), 8):
            idx = order[start : start + 8]
            loss(by_hand.forward(X[idx], training=True), y[idx, None])
            by_hand.backward(loss.backward())
            opt.step(by_hand.parameters())
    for a, b in zip(model.get_weights(), by_hand.get_weights(), strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12)
