"""Tests for chapter 2's widget maths and views (nnlib.interactive.dense)."""

import itertools

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.patches import Circle

from nnlib.interactive.dense import (
    ACTIVATION_NAMES,
    CORNERS,
    LAYER_PRESETS,
    SHIFT_VALUES,
    T_VALUES,
    TEMPERATURE_VALUES,
    Z1_VALUES,
    dense_grid_view,
    draw_network,
    plot_layer_grid,
    preset_layer,
    softmax_view,
    tempered_softmax,
    transform_points,
)
from nnlib.interactive.frames import MAX_FRAMES, Slider, View, frame_grid
from nnlib.layers import Dense, ReLU, Sigmoid, Tanh


def test_every_preset_is_the_identity_at_t_zero():
    for preset in LAYER_PRESETS:
        W, b = preset_layer(preset, 0.0)
        np.testing.assert_allclose(W, np.eye(2), atol=1e-12)
        np.testing.assert_allclose(b, [0, 0])


@pytest.mark.parametrize(
    ("preset", "t", "W", "b"),
    [
        ("rotation", 1.0, [[0, -1], [1, 0]], [0, 0]),
        ("rotation", -0.5, [[np.sqrt(0.5), np.sqrt(0.5)], [-np.sqrt(0.5), np.sqrt(0.5)]], [0, 0]),
        ("shear", 0.5, [[1, 0.5], [0, 1]], [0, 0]),
        ("scaling", 1.0, [[3, 0], [0, 3]], [0, 0]),
        ("scaling", -1.0, [[1 / 3, 0], [0, 1 / 3]], [0, 0]),
        ("mirror", 1.0, [[-1, 0], [0, 1]], [0, 0]),
        ("collapse", 1.0, [[0.5, 0.5], [0.5, 0.5]], [0, 0]),
        ("collapse", 0.5, [[0.75, 0.25], [0.25, 0.75]], [0, 0]),
        ("shift (bias)", -1.0, [[1, 0], [0, 1]], [-1.5, -1.0]),
    ],
)
def test_presets_by_hand(preset, t, W, b):
    W_got, b_got = preset_layer(preset, t)
    np.testing.assert_allclose(W_got, W, atol=1e-12)
    np.testing.assert_allclose(b_got, b)


def test_collapse_and_mirror_pass_through_det_zero():
    assert np.linalg.det(preset_layer("collapse", 1.0)[0]) == pytest.approx(0.0, abs=1e-12)
    assert np.linalg.det(preset_layer("mirror", 0.5)[0]) == pytest.approx(0.0, abs=1e-12)
    assert np.linalg.det(preset_layer("mirror", 1.0)[0]) == pytest.approx(-1.0)
    assert np.linalg.det(preset_layer("rotation", 0.75)[0]) == pytest.approx(1.0)


def test_transform_points_is_nnlib_dense_layer_then_activation():
    W, b = np.array([[1.0, 0.5], [-0.5, 2.0]]), np.array([0.3, -1.0])
    points = np.random.default_rng(0).normal(size=(20, 2))
    layer = Dense.from_arrays(W, b)
    np.testing.assert_allclose(transform_points(points, W, b, "identity"), layer(points))
    for name, act in (("relu", ReLU()), ("sigmoid", Sigmoid()), ("tanh", Tanh())):
        np.testing.assert_allclose(transform_points(points, W, b, name), act(layer(points)))


def test_tempered_softmax_by_hand():
    p = tempered_softmax(np.array([2.0, 1.0, 0.1]), 1.0)
    e = np.exp([2.0, 1.0, 0.1])
    np.testing.assert_allclose(p, e / e.sum())
    np.testing.assert_allclose(
        tempered_softmax(np.array([2.0, 1.0, 0.1]), 2.0), tempered_softmax(np.array([1.0, 0.5, 0.05]))
    )
    np.testing.assert_allclose(tempered_softmax(np.array([1002.0, 1001.0, 1000.1])), p)  # shift, no overflow


def _bold_grid(fig: Figure) -> list[np.ndarray]:
    lines = [c for c in fig.axes[0].collections if isinstance(c, LineCollection)]
    assert len(lines) == 2  # the faint input grid and its bold image
    return [np.asarray(s) for s in lines[1].get_segments()]


def test_grid_view_moves_the_grid_like_the_layer():
    view = dense_grid_view("rotation", 0.5, "tanh")
    assert isinstance(view, View) and isinstance(view.figure, Figure)
    faint = [np.asarray(s) for s in view.figure.axes[0].collections[0].get_segments()]
    W, b = preset_layer("rotation", 0.5)
    for before, after in zip(faint, _bold_grid(view.figure), strict=True):
        np.testing.assert_allclose(after, np.tanh(before @ W.T + b))


def test_grid_view_summary_states_det_and_the_corner_image():
    summary = dense_grid_view("shift (bias)", -1.0, "relu").summary
    # b = (-1.5, -1): corner (1, 1) -> relu(-0.5, 0) = (0, 0)
    assert "det W = 1" in summary and "b = (-1.5, -1)" in summary
    assert "(1, 1) lands at (0.00, 0.00)" in summary
    summary = dense_grid_view("scaling", 1.0, "sigmoid").summary
    s = 1 / (1 + np.exp(-3.0))
    assert "det W = 9" in summary and f"({s:.2f}, {s:.2f})" in summary
    assert "det W = 0" in dense_grid_view("collapse", 1.0, "identity").summary
    assert "det W = -1" in dense_grid_view("mirror", 1.0, "identity").summary


def test_grid_view_zooms_in_for_squashing_activations():
    ax = dense_grid_view("rotation", 0.5, "sigmoid").figure.axes[0]
    assert ax.get_xlim() == (-1.3, 1.3)
    ax = dense_grid_view("rotation", 0.5, "relu").figure.axes[0]
    assert ax.get_xlim() == (-3.5, 3.5)


def test_views_reuse_one_figure():
    assert dense_grid_view("shear", 1.0).figure is dense_grid_view("mirror", -1.0, "relu").figure
    assert softmax_view(1.0).figure is softmax_view(3.0, 3.0, 2.0).figure


def test_every_grid_widget_frame_is_handled_and_within_budget():
    controls = {"preset": list(LAYER_PRESETS), "t": T_VALUES, "activation": ACTIVATION_NAMES}
    n_frames = np.prod([len(v) for v in controls.values()])
    assert n_frames == 216 <= MAX_FRAMES
    for preset, t, activation in itertools.product(*controls.values()):
        view = dense_grid_view(preset, t, activation)
        assert view.summary.startswith(f"{preset} at t = {t:g}")


def test_softmax_view_summary_and_bars():
    view = softmax_view(2.0, 0.0, 1.0)
    assert isinstance(view, View)
    e = np.exp([2.0, 1.0, 0.1])
    p = e / e.sum()
    assert view.summary == f"z = (2, 1, 0.1), T = 1: p = ({p[0]:.3f}, {p[1]:.3f}, {p[2]:.3f})"
    assert "0.659" in view.summary
    np.testing.assert_allclose([bar.get_height() for bar in view.figure.axes[1].patches], p)


def test_softmax_shift_changes_the_logits_but_not_the_probabilities():
    base = softmax_view(4.0, 0.0, 0.5)
    heights = [bar.get_height() for bar in base.figure.axes[1].patches]
    shifted = softmax_view(4.0, 3.0, 0.5)
    np.testing.assert_allclose([bar.get_height() for bar in shifted.figure.axes[1].patches], heights)
    np.testing.assert_allclose([bar.get_height() for bar in shifted.figure.axes[0].patches], [7.0, 4.0, 3.1])
    assert shifted.summary.split(": ")[1] == base.summary.split(": ")[1]


def test_softmax_temperature_limits():
    cold = tempered_softmax(np.array([2.0, 1.0, 0.1]), 0.05)
    hot = tempered_softmax(np.array([2.0, 1.0, 0.1]), 100.0)
    assert cold[0] > 0.999
    np.testing.assert_allclose(hot, 1 / 3, atol=0.01)


def test_every_softmax_frame_is_handled_and_within_budget():
    sliders = {"z1": Z1_VALUES, "shift": SHIFT_VALUES, "T": TEMPERATURE_VALUES}
    grid = frame_grid({name: Slider(name, values=values) for name, values in sliders.items()})
    assert len(grid) == 189 <= MAX_FRAMES and len(grid) + 216 <= 450  # the chapter's budget
    for point in grid:
        view = softmax_view(point["z1"], point["shift"], point["T"])
        p = tempered_softmax(np.array([point["z1"], 1.0, 0.1]), point["T"])
        assert view.summary.endswith(f"p = ({p[0]:.3f}, {p[1]:.3f}, {p[2]:.3f})")
    assert 2.0 in Z1_VALUES and 0.0 in SHIFT_VALUES and 1.0 in TEMPERATURE_VALUES  # the initial values


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: preset_layer("spin", 0.5), "unknown preset"),
        (lambda: preset_layer("shear", float("nan")), "t contains"),
        (lambda: dense_grid_view("shear", 0.5, "softplus"), "unknown activation"),
        (lambda: transform_points(np.zeros((1, 2)), np.eye(2), np.zeros(2), "step"), "unknown activation"),
        (lambda: softmax_view(float("inf")), "z1 contains"),
        (lambda: softmax_view(1.0, 0.0, 0.0), "temperature must be > 0"),
        (lambda: tempered_softmax(np.array([1.0, 2.0]), -1.0), "temperature must be > 0"),
        (lambda: plot_layer_grid(plt.gca(), np.eye(3), np.zeros(3)), "shape"),
    ],
)
def test_bad_input_is_rejected(call, match):
    try:
        with pytest.raises(ValueError, match=match):
            call()
    finally:
        plt.close("all")


def test_plot_layer_grid_draws_into_an_axes_with_a_legend():
    fig, ax = plt.subplots()
    try:
        corners = plot_layer_grid(ax, np.array([[2.0, 0.0], [0.0, 1.0]]), np.array([1.0, -1.0]), legend=True)
        np.testing.assert_allclose(corners, CORNERS @ np.array([[2.0, 0.0], [0.0, 1.0]]).T + [1.0, -1.0])
        texts = [t.get_text() for t in ax.get_legend().get_texts()]
        assert "(1, 1) → (3.00, 0.00)" in texts and "(0, 0) → (1.00, -1.00)" in texts
    finally:
        plt.close(fig)


def test_views_do_not_touch_pyplot():
    before = plt.get_fignums()
    dense_grid_view("shear", 0.25, "relu").figure.canvas.draw()
    softmax_view(0.0, -3.0, 5.0).figure.canvas.draw()
    assert plt.get_fignums() == before


def test_draw_network_counts():
    fig = draw_network([2, 3, 1], title="2-3-1")
    ax = fig.axes[0]
    assert len([p for p in ax.patches if isinstance(p, Circle)]) == 6
    (lines,) = ax.collections
    assert len(lines.get_segments()) == 2 * 3 + 3 * 1
    big = draw_network([784, 128, 10], max_drawn=6)
    assert len([p for p in big.axes[0].patches if isinstance(p, Circle)]) == 18
    assert any("784 features" in t.get_text() for t in big.axes[0].texts)


def test_draw_network_rejects_bad_sizes():
    with pytest.raises(ValueError, match="two layers"):
        draw_network([3])
    with pytest.raises(ValueError, match="two layers"):
        draw_network([2, 0, 1])
    with pytest.raises(ValueError, match="one name per layer"):
        draw_network([2, 1], layer_names=["in"])


def test_softmax_view_rescales_the_logit_axis_for_large_logits():
    # the static grid stays within ±10; a live slider reaches z = 13: a figure with a wider axis
    small, large = softmax_view(z1=2.0), softmax_view(z1=8.0, shift=5.0)
    assert small.figure.axes[0].get_ylim() == (-10.0, 10.0)
    assert large.figure.axes[0].get_ylim() == (-20.0, 20.0)  # 5k ≥ 1.2 · 13
    assert softmax_view(z1=7.9, shift=5.0).figure is large.figure
    assert "13" in large.summary
