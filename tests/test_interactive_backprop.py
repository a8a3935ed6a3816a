"""Tests for nnlib.interactive.backprop (chapter 4): the tiny network's hand-written
forward/backward pass, its agreement with nnlib layers and finite differences, the
computational-graph figure and the widget callback."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from nnlib.gradcheck import numerical_gradient, relative_error
from nnlib.interactive import backprop as bp
from nnlib.losses import MeanSquaredError


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _random_params(seed: int) -> dict[str, float]:
    rng = np.random.default_rng(seed)
    return bp.vector_to_params(rng.normal(0, 1.5, size=len(bp.PARAM_NAMES)))


def _all_texts(fig) -> str:
    return (
        "\n".join(t.get_text() for ax in fig.axes for t in ax.texts)
        + "\n"
        + "\n".join(ax.get_title() for ax in fig.axes)
    )


def test_forward_by_hand_at_defaults():
    v = bp.tiny_forward()
    p, (x1, x2), y = bp.DEFAULT_PARAMS, bp.DEFAULT_X, bp.DEFAULT_Y
    z1 = p["w1"] * x1 + p["w2"] * x2 + p["b1"]
    z2 = p["w3"] * x1 + p["w4"] * x2 + p["b2"]
    h1, h2 = 1 / (1 + np.exp(-z1)), 1 / (1 + np.exp(-z2))
    yhat = p["v1"] * h1 + p["v2"] * h2 + p["c"]
    assert v["z1"] == pytest.approx(z1) and v["z2"] == pytest.approx(z2)
    assert v["h1"] == pytest.approx(h1) and v["h2"] == pytest.approx(h2)
    assert v["yhat"] == pytest.approx(yhat)
    assert v["loss"] == pytest.approx((yhat - y) ** 2)
    assert bp.tiny_loss() == v["loss"]
    # parameters are leaves of the graph: their values are part of `values`
    for k in bp.PARAM_NAMES:
        assert v[k] == p[k]


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_backward_matches_finite_differences(seed):
    params = _random_params(seed)
    x, y = (0.7, -1.2), -0.4
    grads = bp.tiny_backward(bp.tiny_forward(params, x, y))
    analytic = np.array([grads[k] for k in bp.PARAM_NAMES])
    numeric = numerical_gradient(
        lambda vec: bp.tiny_loss(bp.vector_to_params(vec), x, y), bp.params_to_vector(params)
    )
    assert relative_error(analytic, numeric) < 1e-7
    # gradients with respect to the inputs too
    numeric_x = numerical_gradient(lambda xv: bp.tiny_loss(params, xv, y), np.array(x))
    assert relative_error([grads["x1"], grads["x2"]], numeric_x) < 1e-7


@pytest.mark.parametrize("seed", [0, 5])
def test_matches_nnlib_layers(seed):
    params = _random_params(seed)
    x, y = (1.3, 0.4), 2.0
    values = bp.tiny_forward(params, x, y)
    grads = bp.tiny_backward(values)
    hidden, act, output = bp.to_nnlib(params)
    X = np.array([x])
    z = hidden(X)
    h = act(z)
    yhat = output(h)
    mse = MeanSquaredError()
    loss = mse(yhat, np.array([[y]]))
    assert loss == pytest.approx(values["loss"], rel=1e-12)
    assert z[0] == pytest.approx([values["z1"], values["z2"]])
    assert h[0] == pytest.approx([values["h1"], values["h2"]])
    g_yhat = mse.backward()
    assert g_yhat[0, 0] == pytest.approx(grads["yhat"])
    g_h = output.backward(g_yhat)
    g_z = act.backward(g_h)
    g_x = hidden.backward(g_z)
    assert g_h[0] == pytest.approx([grads["h1"], grads["h2"]])
    assert g_z[0] == pytest.approx([grads["z1"], grads["z2"]])
    assert g_x[0] == pytest.approx([grads["x1"], grads["x2"]])
    assert hidden.weight.grad == pytest.approx(
        np.array([[grads["w1"], grads["w2"]], [grads["w3"], grads["w4"]]])
    )
    assert hidden.bias.grad == pytest.approx([grads["b1"], grads["b2"]])
    assert output.weight.grad == pytest.approx(np.array([[grads["v1"], grads["v2"]]]))
    assert output.bias.grad == pytest.approx([grads["c"]])


def test_gradient_step_and_loss_along_step():
    values = bp.tiny_forward()
    grads = bp.tiny_backward(values)
    after = bp.gradient_step(bp.DEFAULT_PARAMS, grads, 0.1)
    for k in bp.PARAM_NAMES:
        assert after[k] == pytest.approx(bp.DEFAULT_PARAMS[k] - 0.1 * grads[k])
    # a small step against the gradient lowers the loss
    assert bp.tiny_loss(after) < values["loss"]
    # lr = 0 changes nothing
    assert bp.gradient_step(bp.DEFAULT_PARAMS, grads, 0.0) == bp.DEFAULT_PARAMS
    lrs = np.array([0.0, 0.1, 0.5, 3.0])
    curve = bp.loss_along_step(bp.DEFAULT_PARAMS, grads, lrs)
    assert curve.shape == (4,)
    expected = [bp.tiny_loss(bp.gradient_step(bp.DEFAULT_PARAMS, grads, lr)) for lr in lrs]
    assert curve == pytest.approx(expected)
    # far too large a step overshoots: the loss goes up
    assert curve[-1] > values["loss"]


def test_params_vector_round_trip():
    vec = bp.params_to_vector(bp.DEFAULT_PARAMS)
    assert vec.shape == (9,)
    assert bp.vector_to_params(vec) == bp.DEFAULT_PARAMS


def test_sigmoid_is_stable():
    assert bp.sigmoid(0.0) == 0.5
    out = bp.sigmoid(np.array([-1000.0, 1000.0]))
    assert np.all(np.isfinite(out)) and out[0] == pytest.approx(0) and out[1] == pytest.approx(1)


def test_draw_computational_graph_shows_every_value_and_gradient():
    values = bp.tiny_forward()
    grads = bp.tiny_backward(values)
    fig = bp.draw_computational_graph(values, grads)
    text = _all_texts(fig)
    for name in ("x1", "x2", "z1", "z2", "h1", "h2", "yhat", "loss", *bp.PARAM_NAMES):
        assert bp._fmt(values[name]) in text, name
        assert f"∇ {bp._fmt(grads[name])}" in text, name
    assert fig.axes[0].get_title()
    # node positions are computed, in columns from left (inputs) to right (loss)
    pos = bp._layout()
    assert pos["x1"][0] < pos["z1"][0] < pos["h1"][0] < pos["yhat"][0] < pos["loss"][0]
    assert pos["x1"][1] > pos["x2"][1] and pos["yhat"][1] == 0


def test_draw_computational_graph_on_given_axes_and_after():
    values = bp.tiny_forward()
    grads = bp.tiny_backward(values)
    after = bp.gradient_step(values, grads, 0.5)
    fig, ax = plt.subplots()
    assert bp.draw_computational_graph(values, grads, ax=ax, after=after) is fig
    assert f"→ {bp._fmt(after['w1'])}" in _all_texts(fig)


def test_backprop_view_defaults():
    fig, info = bp.backprop_view()
    assert len(fig.axes) == 2
    assert info["lr"] == bp.DEFAULT_LR
    assert info["loss_before"] == pytest.approx(bp.tiny_loss())
    assert info["loss_after"] < info["loss_before"]  # the default step helps
    assert info["params_after"]["w1"] == pytest.approx(
        bp.DEFAULT_PARAMS["w1"] - bp.DEFAULT_LR * info["grads"]["w1"]
    )
    title = fig.axes[0].get_title()
    assert f"{info['loss_before']:.4f}" in title and f"{info['loss_after']:.4f}" in title
    fig.canvas.draw()  # renders without error
    fig2, _ = bp.backprop_view(show_lr_curve=False)
    assert len(fig2.axes) == 1


def test_backprop_view_sliders_change_values():
    _, a = bp.backprop_view(w1=0.5)
    _, b = bp.backprop_view(w1=-1.0)
    assert a["values"]["z1"] != b["values"]["z1"]
    _, big = bp.backprop_view(lr=5.0)
    assert big["loss_after"] > big["loss_before"]  # overshooting


def test_class_probabilities_and_steepest_ascent_figures():
    fig = bp.plot_class_probabilities([0.9, 0.1], [0.75, 0.25], truth=1)
    assert "dog\n(truth)" in [t.get_text() for t in fig.axes[0].get_xticklabels()]
    fig = bp.plot_steepest_ascent()
    assert len(fig.axes) == 2
    for ax in fig.axes:
        assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()
    assert bp.bowl_gradient([1.0, 1.0]) == pytest.approx([2.0, 6.0])


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: bp.backprop_view(lr=-0.1), "lr"),
        (lambda: bp.backprop_view(w1=float("nan")), "finite"),
        (lambda: bp.backprop_view(w2="a"), "number"),
        (lambda: bp.tiny_forward(x=(1.0, 2.0, 3.0)), "two numbers"),
        (lambda: bp.tiny_forward({"w1": 1.0}), "missing"),
        (lambda: bp.tiny_backward({"x1": 1.0}), "tiny_forward"),
        (lambda: bp.draw_computational_graph({}, {}), "missing"),
        (lambda: bp.gradient_step(bp.DEFAULT_PARAMS, {}, 0.1), "grads"),
        (lambda: bp.vector_to_params([1.0, 2.0]), "shape"),
        (lambda: bp.plot_class_probabilities([0.5, 0.6], [0.5, 0.5]), "probabilities"),
        (lambda: bp.plot_steepest_ascent(point=(0.0, 0.0)), "zero"),
    ],
)
def test_bad_input_raises_clear_value_error(call, match):
    with pytest.raises(ValueError, match=match):
        call()
