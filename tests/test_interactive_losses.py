"""Tests for the chapter 3 widget callbacks (nnlib.interactive.losses)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from nnlib.interactive.losses import (
    CLASS_NAMES,
    TINY_BIAS,
    TINY_X,
    TINY_Y,
    W_RANGE,
    accuracy_vs_loss_view,
    loss_comparison_view,
    prediction_losses,
    tiny_classifier_curves,
)
from nnlib.losses import BinaryCrossEntropy
from nnlib.metrics import accuracy


def test_worked_example_values():
    fig, info = loss_comparison_view(0.48, 0.01, "dog")
    assert isinstance(fig, Figure)
    np.testing.assert_allclose(info["probabilities"], [0.48, 0.01, 0.51])
    np.testing.assert_allclose(info["target"], [0, 0, 1])
    assert info["decision"] == "dog" and info["correct"]
    assert abs(info["euclidean"] - 0.686) < 5e-4
    assert info["euclidean"] == pytest.approx(np.sqrt(0.48**2 + 0.01**2 + 0.49**2))
    assert info["mse"] == pytest.approx((0.48**2 + 0.01**2 + 0.49**2) / 3)
    assert info["cross_entropy"] == pytest.approx(-np.log(0.51))


def test_loss_bars_show_the_values():
    fig, info = loss_comparison_view(0.2, 0.3, 1)
    ax_p, ax_l = fig.axes
    texts = {t.get_text() for t in ax_l.texts}
    for key in ("euclidean", "mse", "cross_entropy"):
        assert f"{info[key]:.3f}" in texts
    heights = [bar.get_height() for bar in ax_l.patches]
    np.testing.assert_allclose(heights, [info["euclidean"], info["mse"], info["cross_entropy"]])
    assert info["decision"] == "dog" and not info["correct"]
    assert "cat" in ax_l.get_title()


def test_huge_cross_entropy_is_cut_and_marked():
    fig, info = loss_comparison_view(0.0, 0.0, "human")  # all mass on "dog", truth "human"
    assert info["cross_entropy"] > 20  # −log(1e-12) after nnlib's clipping
    assert info["euclidean"] == pytest.approx(np.sqrt(2))
    ax_l = fig.axes[1]
    assert max(bar.get_height() for bar in ax_l.patches) <= ax_l.get_ylim()[1]
    assert any("↑" in t.get_text() for t in ax_l.texts)


def test_prediction_losses_orders_confident_mistakes():
    confident_right = prediction_losses(np.array([0.01, 0.01, 0.98]), "dog")
    unsure = prediction_losses(np.array([0.48, 0.01, 0.51]), "dog")
    confident_wrong = prediction_losses(np.array([0.98, 0.01, 0.01]), "dog")
    for key in ("euclidean", "mse", "cross_entropy"):
        assert confident_right[key] < unsure[key] < confident_wrong[key]
    # cross-entropy grows much faster than the distance for confident mistakes
    ratio_ce = confident_wrong["cross_entropy"] / unsure["cross_entropy"]
    ratio_d = confident_wrong["euclidean"] / unsure["euclidean"]
    assert ratio_ce > 3 * ratio_d


@pytest.mark.parametrize(
    ("p_human", "p_cat", "true_class", "match"),
    [
        (0.7, 0.5, "dog", "at most 1"),
        (-0.1, 0.5, "dog", "p_human"),
        (0.2, float("nan"), "dog", "p_cat"),
        (0.2, 0.2, "bird", "unknown class"),
        (0.2, 0.2, 3, "0..2"),
        (0.2, 0.2, None, "class name or index"),
    ],
)
def test_loss_comparison_rejects_bad_input(p_human, p_cat, true_class, match):
    with pytest.raises(ValueError, match=match):
        loss_comparison_view(p_human, p_cat, true_class)


def test_prediction_losses_rejects_bad_vectors():
    with pytest.raises(ValueError, match="sum to 1"):
        prediction_losses(np.array([0.5, 0.5, 0.5]), "cat")
    with pytest.raises(ValueError, match="shape"):
        prediction_losses(np.array([0.5, 0.5]), "cat")


def test_sum_slightly_above_one_from_rounding_is_accepted():
    _, info = loss_comparison_view(0.7, 0.3 + 1e-12, "human")
    assert info["probabilities"][2] == 0.0
    assert CLASS_NAMES == ("human", "cat", "dog")


def test_tiny_classifier_matches_nnlib():
    for w in (0.3, 0.8, 1.37, 2.9):
        acc, loss = tiny_classifier_curves(w)
        z = w * TINY_X + TINY_BIAS
        assert acc == pytest.approx(accuracy(TINY_Y, (z > 0).astype(int)))
        assert loss == pytest.approx(BinaryCrossEntropy(from_logits=True)(z, TINY_Y))


def test_accuracy_is_a_staircase_and_loss_is_smooth():
    ws = np.linspace(*W_RANGE, 2001)
    acc, loss = tiny_classifier_curves(ws)
    assert acc.shape == loss.shape == ws.shape
    # accuracy takes only multiples of 1/10 and is flat almost everywhere
    np.testing.assert_allclose(acc * 10, np.round(acc * 10))
    assert np.mean(np.diff(acc) == 0) > 0.98
    # the loss changes at every step, has one minimum inside the range, and there the
    # accuracy is the best this model can reach
    assert np.all(np.diff(loss) != 0)
    i = int(np.argmin(loss))
    assert 0 < i < len(ws) - 1
    assert acc[i] == acc.max() == pytest.approx(0.9)


def test_accuracy_view_marks_current_weight():
    fig = accuracy_vs_loss_view(1.5)
    ax_d, ax_c = fig.axes
    acc, loss = tiny_classifier_curves(1.5)
    assert f"accuracy = {acc:.1f}" in ax_c.get_title()
    assert f"loss = {loss:.3f}" in ax_c.get_title()
    # the marker line holds the two current values
    marker = [ln for ln in ax_c.lines if ln.get_marker() == "o"][0]
    np.testing.assert_allclose(marker.get_ydata(), [acc, loss])
    np.testing.assert_allclose(marker.get_xdata(), [1.5, 1.5])
    assert ax_d.get_xlabel() and ax_c.get_xlabel() == "weight w"


def test_accuracy_view_handles_nonpositive_weight_and_rejects_nan():
    fig = accuracy_vs_loss_view(0.0)  # no threshold line: everything predicted "no"
    assert "accuracy = 0.5" in fig.axes[1].get_title()
    with pytest.raises(ValueError, match="finite"):
        accuracy_vs_loss_view(float("inf"))
    with pytest.raises(ValueError, match="finite"):
        tiny_classifier_curves(np.array([1.0, np.nan]))


def test_callbacks_do_not_leak_pyplot_figures_and_render_with_agg():
    # Speed (<= 50 ms per callback + draw) is measured in the dev loop, not asserted here:
    # wall-clock limits are flaky on a busy test machine.
    open_before = plt.get_fignums()
    for i in (0, 2):
        fig, _ = loss_comparison_view(0.1 * i, 0.1, CLASS_NAMES[i])
        fig.canvas.draw()
        assert fig.canvas.get_renderer().buffer_rgba() is not None
        accuracy_vs_loss_view(0.5 + 0.4 * i).canvas.draw()
    assert plt.get_fignums() == open_before


def test_widget_figures_are_reused_and_fully_updated():
    fig1, _ = loss_comparison_view(0.2, 0.2, "human")
    fig2, info = loss_comparison_view(0.1, 0.6, "cat")
    assert fig1 is fig2
    ax_p, ax_l = fig2.axes
    ticks = [t.get_text() for t in ax_p.get_xticklabels()]
    assert ticks == ["human", "cat\n(true class)", "dog"]
    np.testing.assert_allclose([b.get_height() for b in ax_p.patches[:3]], [0.1, 0.6, 0.3])
    np.testing.assert_allclose([b.get_height() for b in ax_p.patches[3:]], [0, 1, 0])
    assert "'cat'" in ax_l.get_title() and info["correct"]

    a = accuracy_vs_loss_view(2.0)
    b = accuracy_vs_loss_view(0.0)
    assert a is b
    ax_d = b.axes[0]
    wrong = ax_d.collections[-1].get_offsets()
    # w = 0: everything is predicted "no", so exactly the five "yes" examples are circled
    np.testing.assert_allclose(np.asarray(wrong)[:, 0], TINY_X[TINY_Y == 1])
    threshold = [ln for ln in ax_d.lines if ln.get_linestyle() == "--"][0]
    assert not threshold.get_visible()
    accuracy_vs_loss_view(1.0)
    assert threshold.get_visible() and threshold.get_xdata()[0] == pytest.approx(3.0)


def test_widget_legends_list_the_entries():
    fig, _ = loss_comparison_view(0.3, 0.3, "dog")
    texts = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert texts == ["prediction p", "ideal t (one-hot)"]
    fig = accuracy_vs_loss_view(1.2)
    ax_d, ax_c = fig.axes
    names = ["model p(x)", "no (0)", "yes (1)", "misclassified", "threshold p = 0.5"]
    assert [t.get_text() for t in ax_d.get_legend().get_texts()] == names
    assert len(ax_c.get_legend().get_texts()) == 2
    # the axis labels stay where they are: the figure's layout is fixed once built
    before = ax_c.xaxis.label.get_position()
    accuracy_vs_loss_view(3.0).canvas.draw()
    assert ax_c.xaxis.label.get_position() == before
