"""Optimizers follow torch.optim's update rules exactly (float64)."""

import numpy as np
import pytest
import torch

from nnlib import Parameter, optim


def _run_both(make_ours, make_theirs, steps=6):
    rng = np.random.default_rng(0)
    w0 = rng.normal(size=(3, 4))
    grads = [rng.normal(size=(3, 4)) for _ in range(steps)]
    ours = Parameter(w0.copy(), "w")
    theirs = torch.tensor(w0.copy(), requires_grad=True)
    opt_ours, opt_theirs = make_ours(), make_theirs([theirs])
    for g in grads:
        ours.grad[...] = g
        opt_ours.step([ours])
        theirs.grad = torch.tensor(g)
        opt_theirs.step()
    return ours.value, theirs.detach().numpy()


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (lambda: optim.SGD(0.1), lambda p: torch.optim.SGD(p, lr=0.1)),
        (lambda: optim.SGD(0.1, momentum=0.9), lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9)),
        (
            lambda: optim.SGD(0.05, momentum=0.5, weight_decay=0.01),
            lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.5, weight_decay=0.01),
        ),
        (lambda: optim.Adam(0.01), lambda p: torch.optim.Adam(p, lr=0.01)),
        (
            lambda: optim.Adam(0.002, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1),
            lambda p: torch.optim.Adam(p, lr=0.002, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1),
        ),
    ],
)
def test_optimizer_matches_torch(ours, theirs):
    a, b = _run_both(ours, theirs)
    np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-14)


def test_optimizer_argument_errors():
    for bad in (0, -1, float("nan")):
        with pytest.raises(ValueError, match="lr must be"):
            optim.SGD(bad)
        with pytest.raises(ValueError, match="lr must be"):
            optim.Adam(bad)
    with pytest.raises(ValueError, match="momentum"):
        optim.SGD(0.1, momentum=1.5)
    with pytest.raises(ValueError, match="betas"):
        optim.Adam(betas=(0.9, 1.0))
    with pytest.raises(ValueError, match="unknown optimizer"):
        optim.get_optimizer("rmsprop")
    assert isinstance(optim.get_optimizer("momentum"), optim.SGD)


def test_adam_keeps_float32():
    p = Parameter(np.ones(5, dtype=np.float32))
    p.grad[...] = 0.5
    optim.Adam(0.1).step([p])
    assert p.value.dtype == np.float32
    np.testing.assert_allclose(p.value, 0.9, rtol=1e-6)
