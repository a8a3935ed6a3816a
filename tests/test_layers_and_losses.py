"""Gradients of every layer and loss: finite differences and PyTorch autograd (float64)."""

import numpy as np
import pytest
import torch

from nnlib import gradcheck, layers, losses

RNG = np.random.default_rng(0)
LAYERS = [
    lambda: layers.Dense(4, 3, seed=1),
    layers.ReLU,
    layers.Sigmoid,
    layers.Tanh,
    layers.Softmax,
    layers.Identity,
]


@pytest.mark.parametrize("make_layer", LAYERS)
def test_layer_gradients_match_finite_differences(make_layer):
    layer = make_layer()
    x = RNG.normal(size=(5, 4)) + 0.05  # keep ReLU inputs away from its kink at 0
    errors = gradcheck.check_layer(layer, x)
    assert max(errors.values()) < 1e-6, errors


def _torch(a):
    return torch.tensor(np.asarray(a), dtype=torch.float64, requires_grad=True)


@pytest.mark.parametrize(
    ("layer", "torch_fn"),
    [
        (layers.ReLU(), torch.relu),
        (layers.Sigmoid(), torch.sigmoid),
        (layers.Tanh(), torch.tanh),
        (layers.Softmax(), lambda t: torch.softmax(t, dim=-1)),
    ],
)
def test_activations_match_torch(layer, torch_fn):
    x = RNG.normal(size=(6, 5))
    g = RNG.normal(size=(6, 5))
    xt = _torch(x)
    out_t = torch_fn(xt)
    out_t.backward(torch.tensor(g))
    np.testing.assert_allclose(layer.forward(x), out_t.detach().numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(layer.backward(g), xt.grad.numpy(), rtol=1e-10, atol=1e-12)


def test_dense_matches_torch_linear():
    dense = layers.Dense(4, 3, seed=2)
    dense.bias.value[:] = RNG.normal(size=3)
    lin = torch.nn.Linear(4, 3).double()
    with torch.no_grad():
        lin.weight.copy_(torch.tensor(dense.weight.value))
        lin.bias.copy_(torch.tensor(dense.bias.value))
    x = RNG.normal(size=(7, 4))
    g = RNG.normal(size=(7, 3))
    xt = _torch(x)
    out_t = lin(xt)
    out_t.backward(torch.tensor(g))
    np.testing.assert_allclose(dense.forward(x), out_t.detach().numpy(), rtol=1e-12)
    np.testing.assert_allclose(dense.backward(g), xt.grad.numpy(), rtol=1e-12)
    np.testing.assert_allclose(dense.weight.grad, lin.weight.grad.numpy(), rtol=1e-12)
    np.testing.assert_allclose(dense.bias.grad, lin.bias.grad.numpy(), rtol=1e-12)


def test_dense_shapes_and_errors():
    dense = layers.Dense(3, 2, seed=0)
    assert dense.weight.value.shape == (2, 3) and dense.bias.value.shape == (2,)
    assert dense.forward(np.ones((5, 3))).shape == (5, 2)
    with pytest.raises(ValueError, match=r"expects input of shape \(n, 3\), got \(5, 4\)"):
        dense.forward(np.ones((5, 4)))
    with pytest.raises(ValueError, match="init"):
        layers.Dense(3, 2, init="magic")
    with pytest.raises(ValueError, match="in_features"):
        layers.Dense(0, 2)
    with pytest.raises(ValueError, match="bias must have shape"):
        layers.Dense.from_arrays(np.ones((2, 3)), np.ones(3))


def test_dense_float32_end_to_end():
    dense = layers.Dense(3, 2, seed=0, dtype=np.float32)
    out = dense.forward(np.ones((4, 3), dtype=np.float64))
    assert out.dtype == np.float32
    assert dense.backward(np.ones((4, 2), dtype=np.float32)).dtype == np.float32
    assert dense.weight.grad.dtype == np.float32


def test_softmax_is_stable_and_shift_invariant():
    z = np.array([[1000.0, 1001.0, 1002.0]])
    p = layers.softmax(z)
    assert np.all(np.isfinite(p))
    np.testing.assert_allclose(p, layers.softmax(z - 1000.0))
    np.testing.assert_allclose(p.sum(), 1.0)


def test_sigmoid_does_not_overflow():
    with np.errstate(over="raise"):
        s = layers.sigmoid(np.array([-1000.0, 0.0, 1000.0]))
    np.testing.assert_allclose(s, [0.0, 0.5, 1.0])


def test_dropout_scales_and_is_identity_at_eval():
    drop = layers.Dropout(0.5, seed=0)
    x = np.ones((1000, 10))
    assert drop.forward(x) is x
    out = drop.forward(x, training=True)
    assert set(np.unique(out)) <= {0.0, 2.0}
    assert abs(out.mean() - 1.0) < 0.05
    np.testing.assert_array_equal(drop.backward(np.ones_like(x)), out)


# ----- losses -------------------------------------------------------------------------

LABELS = np.array([0, 2, 1, 2])


@pytest.mark.parametrize(
    ("loss", "pred", "target"),
    [
        (losses.MeanSquaredError(), RNG.normal(size=(4, 3)), RNG.normal(size=(4, 3))),
        (losses.EuclideanDistance(), RNG.normal(size=(4, 3)), LABELS),
        (losses.CrossEntropy(), layers.softmax(RNG.normal(size=(4, 3))), LABELS),
        (losses.SoftmaxCrossEntropy(), RNG.normal(size=(4, 3)), LABELS),
        (losses.SoftmaxCrossEntropy(), RNG.normal(size=(4, 3)), np.eye(3)[LABELS]),
        (losses.BinaryCrossEntropy(), RNG.uniform(0.1, 0.9, size=(4, 1)), np.array([0, 1, 1, 0])),
        (losses.BinaryCrossEntropy(from_logits=True), RNG.normal(size=4), np.array([0, 1, 1, 0])),
    ],
)
def test_loss_gradients_match_finite_differences(loss, pred, target):
    assert gradcheck.check_loss(loss, pred, target) < 1e-6


def test_losses_match_torch():
    z = RNG.normal(size=(5, 4))
    y = np.array([0, 3, 1, 1, 2])
    zt = _torch(z)
    ref = torch.nn.functional.cross_entropy(zt, torch.tensor(y))
    ref.backward()
    sce = losses.SoftmaxCrossEntropy()
    assert sce(z, y) == pytest.approx(ref.item(), rel=1e-12)
    np.testing.assert_allclose(sce.backward(), zt.grad.numpy(), rtol=1e-10)

    p, t = RNG.normal(size=(5, 4)), RNG.normal(size=(5, 4))
    pt = _torch(p)
    ref = torch.nn.functional.mse_loss(pt, torch.tensor(t))
    ref.backward()
    mse = losses.MeanSquaredError()
    assert mse(p, t) == pytest.approx(ref.item(), rel=1e-12)
    np.testing.assert_allclose(mse.backward(), pt.grad.numpy(), rtol=1e-10)

    q, b = RNG.uniform(0.05, 0.95, size=6), np.array([0, 1, 1, 0, 1, 0])
    qt = _torch(q)
    ref = torch.nn.functional.binary_cross_entropy(qt, torch.tensor(b, dtype=torch.float64))
    ref.backward()
    bce = losses.BinaryCrossEntropy()
    assert bce(q, b) == pytest.approx(ref.item(), rel=1e-12)
    np.testing.assert_allclose(bce.backward(), qt.grad.numpy(), rtol=1e-10)


def test_softmax_cross_entropy_gradient_is_p_minus_t():
    z = RNG.normal(size=(3, 4))
    y = np.array([1, 0, 3])
    sce = losses.SoftmaxCrossEntropy()
    sce(z, y)
    expected = (layers.softmax(z) - np.eye(4)[y]) / 3
    np.testing.assert_allclose(sce.backward(), expected, rtol=1e-12)


def test_distance_worked_example():
    """The book's example: (human, cat, dog) = (0.48, 0.01, 0.51), truth dog."""
    d = losses.EuclideanDistance()([0.48, 0.01, 0.51], [0, 0, 1])
    assert d == pytest.approx(np.sqrt(0.48**2 + 0.01**2 + 0.49**2))
    assert round(d, 3) == 0.686
    assert losses.EuclideanDistance()([[0.48, 0.01, 0.51]], [2]) == pytest.approx(d)


def test_softmax_cross_entropy_handles_huge_logits():
    assert np.isfinite(losses.SoftmaxCrossEntropy()(np.array([[1e4, -1e4]]), [1]))


def test_loss_input_errors():
    with pytest.raises(ValueError, match=r"labels must be in 0\.\.2"):
        losses.SoftmaxCrossEntropy()(np.zeros((2, 3)), [0, 3])
    with pytest.raises(ValueError, match="NaN"):
        losses.MeanSquaredError()(np.array([np.nan]), np.array([1.0]))
    with pytest.raises(ValueError, match="does not match"):
        losses.MeanSquaredError()(np.zeros((2, 2)), np.zeros(3))
    with pytest.raises(ValueError, match="probabilities"):
        losses.CrossEntropy()(np.array([[2.0, -1.0]]), [0])
    with pytest.raises(ValueError, match="2 labels but pred has 3 rows"):
        losses.SoftmaxCrossEntropy()(np.zeros((3, 2)), [0, 1])
    with pytest.raises(ValueError, match="unknown loss"):
        losses.get_loss("hinge")
    with pytest.raises(ValueError, match=r"target must lie in \[0, 1\]"):
        losses.BinaryCrossEntropy()(np.array([0.5]), np.array([2]))


# ----- issue 11: defects that returned silently wrong answers (each failed before its fix) ---


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_binary_cross_entropy_confident_correct_prediction_is_finite(dtype):
    """In float32, 1 − 1e-12 rounds to 1.0: the old clip left log(1 − p) = log(0) → NaN."""
    bce = losses.BinaryCrossEntropy()
    for p, t in [(1.0, 1), (0.0, 0)]:
        value = bce(np.array([p], dtype=dtype), [t])
        assert np.isfinite(value) and 0 <= value < 1e-6
        grad = bce.backward()
        assert np.all(np.isfinite(grad)) and grad.dtype == dtype
    # a confident wrong prediction costs a large but finite loss
    wrong = bce(np.array([1.0], dtype=dtype), [0])
    assert np.isfinite(wrong) and wrong > 10


def test_clip_eps_is_dtype_aware():
    assert losses.clip_eps(np.float64) == losses.EPS
    eps32 = losses.clip_eps(np.float32)
    assert np.float32(1) - np.float32(eps32) < 1  # representable below 1 in float32


def test_mse_refuses_a_transposed_target():
    """(3, 2) vs (2, 3) used to be reshaped silently, pairing the wrong numbers."""
    with pytest.raises(ValueError, match=r"target shape \(2, 3\) does not match pred shape \(3, 2\)"):
        losses.MeanSquaredError()(np.zeros((3, 2)), np.ones((2, 3)))
    # axes of length 1 may differ: (n, 1) predictions against (n,) targets is the usual case
    assert losses.MeanSquaredError()(np.zeros((3, 1)), np.ones(3)) == 1.0
    with pytest.raises(ValueError, match="one target per prediction"):
        losses.BinaryCrossEntropy()(np.full((2, 1), 0.5), np.ones((1, 3)))


@pytest.mark.parametrize(
    "loss",
    [losses.MeanSquaredError(), losses.EuclideanDistance(), losses.SoftmaxCrossEntropy()],
)
def test_losses_refuse_complex_and_boolean_predictions(loss):
    """np.asarray(...).astype(float) drops an imaginary part with only a warning."""
    target = np.array([[1.0, 0.0]]) if isinstance(loss, losses.MeanSquaredError) else [0]
    with pytest.raises(TypeError, match="pred.*complex"):
        loss(np.array([[1 + 2j, 0.5]]), target)
    with pytest.raises(TypeError, match="pred.*boolean"):
        loss(np.array([[True, False]]), target)


def test_cross_entropy_soft_targets_must_be_distributions():
    """softmax(z) − t is the gradient only when each target row sums to 1."""
    sce = losses.SoftmaxCrossEntropy()
    with pytest.raises(ValueError, match="target rows .* probability distributions"):
        sce(np.zeros((2, 3)), np.array([[1.0, 1.0, 0.0], [0.0, 0.0, 1.0]]))
    assert np.isfinite(sce(np.zeros((1, 3)), np.array([0.2, 0.3, 0.5])))
    assert gradcheck.check_loss(sce, RNG.normal(size=(2, 3)), np.array([[0.2, 0.3, 0.5]] * 2)) < 1e-6


def test_backward_before_forward_and_get_loss_errors():
    with pytest.raises(RuntimeError, match="before backward"):
        losses.MeanSquaredError().backward()
    with pytest.raises(TypeError, match="loss must be a Loss object, not the class"):
        losses.get_loss(losses.MeanSquaredError)
    with pytest.raises(TypeError, match="loss must be a name"):
        losses.get_loss(["mse"])
    with pytest.raises(TypeError, match="from_logits"):
        losses.BinaryCrossEntropy(from_logits="yes")
