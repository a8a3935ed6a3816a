"""Tests for nnlib.interactive.backprop (chapter 4): the tiny network's hand-written forward and
backward pass (against hand computations, finite differences and nnlib's layers), the training
run, the figures and the widget view."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from nnlib.gradcheck import numerical_gradient, relative_error
from nnlib.interactive import backprop as bp
from nnlib.interactive.frames import MAX_FRAMES, Choice, Slider, View, interact, render_png
from nnlib.losses import MeanSquaredError


def _random_params(seed: int) -> dict[str, float]:
    return bp.vector_to_params(np.random.default_rng(seed).normal(0, 1.5, size=len(bp.PARAM_NAMES)))


def _texts(fig: Figure) -> str:
    return "\n".join(t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text")) if t.get_text())


# --------------------------------------------------------------------------- the maths


def test_forward_by_hand_at_defaults():
    v = bp.tiny_forward()
    # z1 = 0.5·1 − 0.4·0.5 + 0.1 = 0.4; z2 = −0.3·1 + 0.8·0.5 + 0.2 = 0.3
    assert v["z1"] == pytest.approx(0.4) and v["z2"] == pytest.approx(0.3)
    a1, a2 = 1 / (1 + np.exp(-0.4)), 1 / (1 + np.exp(-0.3))
    assert v["a1"] == pytest.approx(a1) and v["a2"] == pytest.approx(a2)
    yhat = 0.7 * a1 - 0.5 * a2 + 0.2
    assert v["yhat"] == pytest.approx(yhat)
    assert v["loss"] == pytest.approx((yhat - 1.0) ** 2) == pytest.approx(0.4464, abs=1e-4)
    assert bp.tiny_loss() == v["loss"]
    for k in bp.PARAM_NAMES:  # the parameters are leaves of the graph
        assert v[k] == bp.DEFAULT_PARAMS[k]


def test_backward_by_hand_at_defaults():
    v = bp.tiny_forward()
    g = bp.tiny_backward(v)
    g_yhat = 2 * (v["yhat"] - 1.0)
    assert g["yhat"] == pytest.approx(g_yhat) == pytest.approx(-1.336, abs=1e-3)
    g_z1 = g_yhat * 0.7 * v["a1"] * (1 - v["a1"])
    assert g["z1"] == pytest.approx(g_z1) and g["w11"] == pytest.approx(g_z1 * 1.0)
    assert g["w12"] == pytest.approx(g_z1 * 0.5) and g["b1"] == pytest.approx(g_z1)
    assert g["v1"] == pytest.approx(g_yhat * v["a1"]) and g["c"] == pytest.approx(g_yhat)
    g_z2 = g_yhat * -0.5 * v["a2"] * (1 - v["a2"])
    assert g["x1"] == pytest.approx(g_z1 * 0.5 + g_z2 * -0.3)  # two paths add up


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_backward_matches_finite_differences(seed):
    params = _random_params(seed)
    x, y = (0.7, -1.2), -0.4
    grads = bp.tiny_backward(bp.tiny_forward(params, x, y))
    analytic = [grads[k] for k in bp.PARAM_NAMES]
    numeric = numerical_gradient(
        lambda vec: bp.tiny_loss(bp.vector_to_params(vec), x, y), bp.params_to_vector(params)
    )
    assert relative_error(analytic, numeric) < 1e-7
    numeric_x = numerical_gradient(lambda xv: bp.tiny_loss(params, xv, y), np.array(x))
    assert relative_error([grads["x1"], grads["x2"]], numeric_x) < 1e-7


@pytest.mark.parametrize("seed", [0, 5])
def test_matches_nnlib_layers(seed):
    params = _random_params(seed)
    x, y = (1.3, 0.4), 2.0
    values = bp.tiny_forward(params, x, y)
    grads = bp.tiny_backward(values)
    hidden, act, output = bp.to_nnlib(params)
    z = hidden(np.array([x]))
    a = act(z)
    mse = MeanSquaredError()
    assert mse(output(a), np.array([[y]])) == pytest.approx(values["loss"], rel=1e-12)
    assert z[0] == pytest.approx([values["z1"], values["z2"]])
    assert a[0] == pytest.approx([values["a1"], values["a2"]])
    g_a = output.backward(mse.backward())
    g_z = act.backward(g_a)
    g_x = hidden.backward(g_z)
    assert g_a[0] == pytest.approx([grads["a1"], grads["a2"]])
    assert g_z[0] == pytest.approx([grads["z1"], grads["z2"]])
    assert g_x[0] == pytest.approx([grads["x1"], grads["x2"]])
    # w_jk connects input k to hidden neuron j: row j of Dense.weight
    assert hidden.weight.grad == pytest.approx(
        np.array([[grads["w11"], grads["w12"]], [grads["w21"], grads["w22"]]])
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
    assert bp.tiny_loss(after) < values["loss"]
    assert bp.gradient_step(bp.DEFAULT_PARAMS, grads, 0.0) == bp.DEFAULT_PARAMS
    lrs = np.array([0.0, 0.1, 0.5, 3.0])
    curve = bp.loss_along_step(bp.DEFAULT_PARAMS, grads, lrs)
    assert curve == pytest.approx(
        [bp.tiny_loss(bp.gradient_step(bp.DEFAULT_PARAMS, grads, lr)) for lr in lrs]
    )
    assert curve[-1] > values["loss"]  # far too large a step overshoots


def test_training_run_repeats_forward_backward_step():
    run = bp.training_run(bp.DEFAULT_PARAMS, 0.3, 4)
    assert len(run) == 5 and run[0] == bp.DEFAULT_PARAMS
    for before, after in zip(run, run[1:], strict=False):
        assert after == pytest.approx(
            bp.gradient_step(before, bp.tiny_backward(bp.tiny_forward(before)), 0.3)
        )
    losses = [bp.tiny_loss(p) for p in run]
    assert losses[1] == pytest.approx(0.002473, abs=1e-6) and all(np.diff(losses) < 0)
    assert bp.training_run(steps=0) == [bp.DEFAULT_PARAMS]


def test_params_vector_round_trip_and_sigmoid():
    vec = bp.params_to_vector(bp.DEFAULT_PARAMS)
    assert vec.shape == (9,) and bp.vector_to_params(vec) == bp.DEFAULT_PARAMS
    assert bp.sigmoid(0.0) == 0.5
    out = bp.sigmoid(np.array([-1000.0, 1000.0]))
    assert np.all(np.isfinite(out)) and out == pytest.approx([0, 1])


# --------------------------------------------------------------------------- figures


def test_draw_computational_graph_shows_every_value_and_gradient():
    values = bp.tiny_forward()
    grads = bp.tiny_backward(values)
    fig = bp.draw_computational_graph(values, grads)
    numbers = {(name, key): text.get_text() for (name, key), text in _graph_numbers(fig).items()}
    for name in (*bp._NODE_NAMES, *bp.PARAM_NAMES):
        assert numbers[name, "value"] == bp._fmt(values[name]), name
        assert numbers[name, "grad"] == bp._fmt(grads[name]), name
    assert "∂L/∂" in _texts(fig)
    render_png(fig)


def _graph_numbers(fig: Figure) -> dict:
    # every number is a text with gid "name.value" or "name.grad"
    return {tuple(t.get_gid().split(".")): t for t in fig.axes[0].texts if t.get_gid()}


def test_fmt():
    assert bp._fmt(-0.2247) == "−0.225" and bp._fmt(-0.0001) == "0.000" and bp._fmt(1.5e10) == "1.5e10"


def test_small_figures():
    fig = bp.plot_class_probabilities([0.9, 0.1], [0.75, 0.25], truth=1)
    assert "dog\n(truth)" in [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert "0.750" in _texts(fig)
    fig = bp.plot_steepest_ascent()
    assert len(fig.axes) == 2 and all(ax.get_title() for ax in fig.axes)
    assert bp.bowl_gradient([1.0, 1.0]) == pytest.approx([2.0, 6.0]) and bp.bowl([1.0, 1.0]) == 4.0


# --------------------------------------------------------------------------- the widget


def _widget(mode="frames"):
    return interact(
        bp.backprop_view,
        mode=mode,
        alt="test",
        start=Choice("start", list(bp.STARTS)),
        lr=Slider("η", values=bp.WIDGET_LRS, value=0.3),
        step=Slider("step", values=bp.WIDGET_STEPS, value=0),
    )


def test_backprop_view_summary_states_the_losses_of_the_run():
    view = bp.backprop_view("the chapter's example", 0.3, 0)
    assert isinstance(view, View) and isinstance(view.figure, Figure)
    before = bp.tiny_loss()
    after = bp.tiny_loss(bp.gradient_step(bp.DEFAULT_PARAMS, bp.tiny_backward(bp.tiny_forward()), 0.3))
    assert view.summary == f"loss {before:.4g} at step 0, {after:.4g} after its update (lower)"
    run = bp.training_run(bp.STARTS["w₁₁ = 3: sigmoid 1 saturated"], 0.7, 3)
    view = bp.backprop_view("w₁₁ = 3: sigmoid 1 saturated", 0.7, 2)
    assert f"loss {bp.tiny_loss(run[2]):.4g} at step 2, {bp.tiny_loss(run[3]):.4g}" in view.summary
    assert "(higher)" in view.summary  # 0.7 overshoots at first


def test_backprop_view_shows_the_step_s_values_and_gradients():
    view = bp.backprop_view("v₁ = 0: neuron 1 cut off", 0.3, 0)
    numbers = {key: t.get_text() for key, t in _graph_numbers(view.figure).items()}
    assert numbers["v1", "value"] == "0.000"
    for name in ("w11", "w12", "b1", "z1", "a1"):  # no path back: no gradient
        assert numbers[name, "grad"] == "0.000", name
    # one step later v1 has learned, and the error flows back to w11
    run = bp.training_run(bp.STARTS["v₁ = 0: neuron 1 cut off"], 0.3, 1)
    view = bp.backprop_view("v₁ = 0: neuron 1 cut off", 0.3, 1)
    numbers = {key: t.get_text() for key, t in _graph_numbers(view.figure).items()}
    assert numbers["v1", "value"] == bp._fmt(run[1]["v1"]) != "0.000"
    assert numbers["w11", "grad"] == bp._fmt(bp.tiny_backward(bp.tiny_forward(run[1]))["w11"]) != "0.000"
    # a saturated sigmoid passes back only a · (1 − a) ≈ 5 % of the gradient
    g = bp.tiny_backward(bp.tiny_forward(bp.STARTS["w₁₁ = 3: sigmoid 1 saturated"]))
    assert abs(g["z1"]) < 0.05 * abs(g["a1"])


def test_every_grid_point_and_the_budget():
    box = _widget()
    n = len(bp.STARTS) * len(bp.WIDGET_LRS) * len(bp.WIDGET_STEPS)
    assert box.manifest["n_frames"] == n <= 350 <= MAX_FRAMES
    summaries = [f["summary"] for f in box.manifest["frames"].values()]
    assert all(s.startswith("loss ") for s in summaries)
    assert len(set(summaries)) > 0.9 * n  # the frames differ
    # the diverging learning rate ends far above where it started
    assert any("e+" in s for s in summaries)


def test_live_widget_builds():
    assert _widget("live").children


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: bp.backprop_view(lr=-0.1), ValueError, "lr"),
        (lambda: bp.backprop_view(lr="a"), TypeError, "lr"),
        (lambda: bp.backprop_view(start="nowhere"), ValueError, "start"),
        (lambda: bp.backprop_view(step=21), ValueError, "step"),
        (lambda: bp.backprop_view(step=1.5), ValueError, "step"),
        (lambda: bp.tiny_forward(x=(1.0, 2.0, 3.0)), ValueError, "two numbers"),
        (lambda: bp.tiny_forward({"w11": 1.0}), ValueError, "missing"),
        (lambda: bp.tiny_forward(bp.DEFAULT_PARAMS | {"c": float("nan")}), ValueError, "NaN"),
        (lambda: bp.tiny_backward({"x1": 1.0}), ValueError, "tiny_forward"),
        (lambda: bp.draw_computational_graph({}, {}), ValueError, "missing"),
        (lambda: bp.gradient_step(bp.DEFAULT_PARAMS, {}, 0.1), ValueError, "grads"),
        (lambda: bp.vector_to_params([1.0, 2.0]), ValueError, "shape"),
        (lambda: bp.plot_class_probabilities([0.5, 0.6], [0.5, 0.5]), ValueError, "probabilities"),
        (lambda: bp.plot_steepest_ascent(point=(0.0, 0.0)), ValueError, "zero"),
    ],
)
def test_bad_input_raises_a_clear_error(call, error, match):
    with pytest.raises(error, match=match):
        call()
