"""Tests for the chapter 2 widget callbacks (nnlib.interactive.dense)."""

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
    dense_grid_view,
    draw_network,
    softmax_view,
    transform_points,
)
from nnlib.layers import Dense, Sigmoid, Tanh, softmax


def _grid_collections(fig):
    ax = fig.axes[0]
    cols = [c for c in ax.collections if isinstance(c, LineCollection)]
    assert len(cols) == 2  # the faint input grid and the bold output grid
    return [np.array(s) for s in cols[0].get_segments()], [np.array(s) for s in cols[1].get_segments()]


def test_identity_layer_leaves_the_grid_in_place():
    fig = dense_grid_view(1, 0, 0, 1, 0, 0, "identity")
    before, after = _grid_collections(fig)
    assert len(before) == len(after) == 18
    for a, b in zip(before, after, strict=True):
        np.testing.assert_allclose(a, b)


def test_grid_is_moved_like_nnlib_dense_layer():
    W = np.array([[1.0, 0.5], [-0.5, 2.0]])
    b = np.array([0.3, -1.0])
    fig = dense_grid_view(*W.ravel(), *b, "tanh")
    before, after = _grid_collections(fig)
    layer = Dense.from_arrays(W, b)
    for a, c in zip(before, after, strict=True):
        np.testing.assert_allclose(c, Tanh()(layer(a)))
    np.testing.assert_allclose(transform_points(before[0], W, b, "sigmoid"), Sigmoid()(layer(before[0])))


def test_marked_corners_are_reported_in_the_legend():
    fig = dense_grid_view(2, 0, 0, 1, 1, -1, "identity")
    texts = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "(1, 1) → (3.00, 0.00)" in texts
    assert "(0, 0) → (1.00, -1.00)" in texts


@pytest.mark.parametrize("activation", ACTIVATION_NAMES)
def test_activation_ranges(activation):
    fig = dense_grid_view(1.5, -2, 0.7, 1, 0.5, -0.5, activation)
    _, after = _grid_collections(fig)
    pts = np.concatenate(after)
    if activation == "relu":
        assert pts.min() >= 0
    elif activation == "sigmoid":
        assert pts.min() > 0 and pts.max() < 1
    elif activation == "tanh":
        assert pts.min() > -1 and pts.max() < 1
    else:
        assert pts.min() < 0


def test_draw_into_given_axes():
    fig, axes = plt.subplots(1, 2)
    try:
        assert dense_grid_view(activation="relu", ax=axes[1], legend=False) is fig
        assert axes[1].get_legend() is None
    finally:
        plt.close(fig)


def test_grid_view_rejects_bad_input():
    with pytest.raises(ValueError, match="unknown activation"):
        dense_grid_view(activation="softplus")
    with pytest.raises(ValueError, match="finite"):
        dense_grid_view(w11=float("nan"))
    with pytest.raises(ValueError, match="unknown activation"):
        transform_points(np.zeros((1, 2)), np.eye(2), np.zeros(2), "step")


def test_softmax_view_probabilities():
    fig, probs = softmax_view(2.0, 1.0, 0.1, 1.0)
    assert isinstance(fig, Figure)
    np.testing.assert_allclose(probs, softmax(np.array([2.0, 1.0, 0.1])))
    assert probs.sum() == pytest.approx(1.0)
    heights = [p.get_height() for p in fig.axes[1].patches]
    np.testing.assert_allclose(heights, probs)
    labels = {t.get_text() for t in fig.axes[1].texts}
    assert f"{probs[0]:.3f}" in labels


def test_softmax_view_temperature():
    _, hot = softmax_view(2.0, 1.0, 0.1, 100.0)
    np.testing.assert_allclose(hot, 1 / 3, atol=0.01)
    _, cold = softmax_view(2.0, 1.0, 0.1, 0.05)
    assert cold[0] > 0.999
    _, shifted = softmax_view(1002.0, 1001.0, 1000.1, 1.0)  # invariance, no overflow
    np.testing.assert_allclose(shifted, softmax_view(2.0, 1.0, 0.1, 1.0)[1])


@pytest.mark.parametrize("temperature", [0.0, -1.0, float("nan"), float("inf")])
def test_softmax_view_rejects_bad_temperature(temperature):
    with pytest.raises(ValueError, match="temperature"):
        softmax_view(1, 2, 3, temperature)


def test_softmax_view_rejects_bad_logits_and_labels():
    with pytest.raises(ValueError, match="logits"):
        softmax_view(float("inf"), 0, 0)
    with pytest.raises(ValueError, match="3 labels"):
        softmax_view(labels=("a", "b"))


def test_draw_network_counts():
    fig = draw_network([2, 3, 1], title="2-3-1")
    ax = fig.axes[0]
    circles = [p for p in ax.patches if isinstance(p, Circle)]
    assert len(circles) == 6
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


def test_callbacks_do_not_leak_pyplot_figures_and_render_with_agg():
    # Speed (<= 50 ms per callback + draw) is measured in the dev loop, not asserted here:
    # wall-clock limits are flaky on a busy test machine.
    open_before = plt.get_fignums()
    for i in (1, 3):
        fig = dense_grid_view(1, 0.2 * i, -0.3, 1, 0.1, 0, ACTIVATION_NAMES[i])
        fig.canvas.draw()
        assert fig.canvas.get_renderer().buffer_rgba() is not None
        fig2, _ = softmax_view(i, 1, 0, 1 + i)
        fig2.canvas.draw()
    assert plt.get_fignums() == open_before


def test_widget_figure_is_reused_and_fully_updated():
    first = dense_grid_view(1, 0, 0, 1, 0, 0, "identity")
    second = dense_grid_view(0.5, -1, 1.5, 0.2, -0.3, 0.4, "relu")
    assert first is second  # one figure, updated in place
    fig, ax = plt.subplots()
    try:
        fresh = dense_grid_view(0.5, -1, 1.5, 0.2, -0.3, 0.4, "relu", ax=ax)
        for a, b in zip(_grid_collections(second)[1], _grid_collections(fresh)[1], strict=True):
            np.testing.assert_allclose(a, b)
        assert second.axes[0].get_title() == fresh.axes[0].get_title()
        texts = [t.get_text() for t in second.axes[0].get_legend().get_texts()]
        assert texts == [t.get_text() for t in ax.get_legend().get_texts()]
    finally:
        plt.close(fig)
    _, p1 = softmax_view(1, 2, 3)
    fig_a, p2 = softmax_view(-4, 0, 4, 2.0)
    assert fig_a is softmax_view()[0]
    assert not np.allclose(p1, p2)


def test_softmax_view_adapts_the_logit_axis():
    fig, _ = softmax_view(1, 0, 0)
    ax_z = fig.axes[0]
    assert ax_z.get_ylim() == (-6.0, 6.0)
    fig2, _ = softmax_view(20, -20, 0)
    assert fig2 is fig
    assert ax_z.get_ylim() == (-25.0, 25.0)
    labels = [t.get_text() for t in ax_z.get_yticklabels()]
    assert "20" in labels and "−20" in labels
    fig.canvas.draw()
    softmax_view(1, 0, 0)
    assert ax_z.get_ylim() == (-6.0, 6.0)


def test_widget_legend_has_a_heading_but_reports_only_the_corners():
    fig = dense_grid_view(1, 0, 0, 1, 0, 0, "identity")
    legend = fig.axes[0].get_legend()
    assert len(legend.get_texts()) == 4
    assert legend.entries[0][1].get_text() == "corner → image"
