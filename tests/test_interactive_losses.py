"""Tests for chapter 3's widget maths and views (nnlib.interactive.losses)."""

import itertools

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from nnlib.interactive.frames import MAX_FRAMES, View
from nnlib.interactive.losses import (
    CLASS_NAMES,
    P_VALUES,
    TINY_BIAS,
    TINY_X,
    TINY_Y,
    W_RANGE,
    W_VALUES,
    accuracy_vs_loss_view,
    is_distribution,
    loss_comparison_view,
    prediction_losses,
    three_class_prediction,
    tiny_classifier_curves,
)
from nnlib.losses import BinaryCrossEntropy
from nnlib.metrics import accuracy


def test_worked_example_by_hand():
    p = three_class_prediction(0.48, 0.01)
    np.testing.assert_allclose(p, [0.48, 0.01, 0.51])
    losses = prediction_losses(p, "dog")
    assert losses["euclidean"] == pytest.approx(np.sqrt(0.48**2 + 0.01**2 + 0.49**2))
    assert abs(losses["euclidean"] - 0.686) < 5e-4
    assert losses["mse"] == pytest.approx((0.48**2 + 0.01**2 + 0.49**2) / 3)
    assert losses["cross_entropy"] == pytest.approx(-np.log(0.51))


def test_worked_example_is_a_grid_point_and_its_summary():
    assert 0.48 in P_VALUES and 0.01 in P_VALUES
    view = loss_comparison_view(0.48, 0.01, "dog")
    assert isinstance(view, View) and isinstance(view.figure, Figure)
    assert view.summary == (
        "p = (0.48, 0.01, 0.51), true class dog: decision dog (correct); "
        "distance 0.686, MSE 0.157, cross-entropy 0.673"
    )
    ax_p, ax_l = view.figure.axes
    np.testing.assert_allclose([b.get_height() for b in ax_l.patches], [0.6860, 0.1569, 0.6733], atol=5e-4)
    np.testing.assert_allclose([b.get_height() for b in ax_p.patches], [0.48, 0.01, 0.51, 0, 0, 1])


def test_confident_wrong_cross_entropy_is_cut_and_marked():
    view = loss_comparison_view(0.01, 0.01, "human")
    assert "decision dog (wrong)" in view.summary
    assert f"cross-entropy {-np.log(0.01):.3f}" in view.summary
    ax_l = view.figure.axes[1]
    assert max(b.get_height() for b in ax_l.patches) <= 3.0
    assert any("↑" in t.get_text() for t in ax_l.texts)


def test_sum_above_one_is_drawn_as_not_a_distribution():
    view = loss_comparison_view(0.75, 0.48, "dog")
    assert view.summary.startswith("not a probability distribution")
    assert "p(human) + p(cat) = 1.23 > 1" in view.summary and "p(dog) = -0.23" in view.summary
    assert all(b.get_height() == 0 for b in view.figure.axes[1].patches)
    # and the next valid frame shows its losses again
    assert "distance" in loss_comparison_view(0.25, 0.48, "dog").summary


def test_a_tie_has_no_single_decision():
    third = 1 / 3
    assert "tie of human, cat, dog" in loss_comparison_view(third, third, "cat").summary
    assert "tie of human, dog" in loss_comparison_view(0.48, 0.04, "dog").summary


def test_every_frame_of_widget_a_is_handled_and_within_budget():
    n_frames = len(P_VALUES) ** 2 * len(CLASS_NAMES)
    assert n_frames == 243 <= MAX_FRAMES
    assert n_frames + len(W_VALUES) <= 400  # the chapter's budget
    for p_human, p_cat, true_class in itertools.product(P_VALUES, P_VALUES, CLASS_NAMES):
        summary = loss_comparison_view(p_human, p_cat, true_class).summary
        if p_human + p_cat > 1 + 1e-9:
            assert summary.startswith("not a probability distribution")
        else:
            p = np.array([p_human, p_cat, max(1 - p_human - p_cat, 0.0)])
            y = CLASS_NAMES.index(true_class)
            distance = np.linalg.norm(np.eye(3)[y] - p)
            assert f"distance {distance:.3f}" in summary
            assert f"cross-entropy {-np.log(max(p[y], 1e-12)):.3f}" in summary


def test_three_class_prediction_and_is_distribution():
    np.testing.assert_allclose(three_class_prediction(0.7, 0.3 + 1e-12), [0.7, 0.3, 0.0])  # rounding
    assert is_distribution(three_class_prediction(0.25, 0.75))
    assert not is_distribution(three_class_prediction(0.5, 0.6))
    assert not is_distribution(np.array([0.5, 0.5, 0.5]))


def test_prediction_losses_orders_confident_mistakes():
    right = prediction_losses(np.array([0.01, 0.01, 0.98]), "dog")
    unsure = prediction_losses(np.array([0.48, 0.01, 0.51]), 2)
    wrong = prediction_losses(np.array([0.98, 0.01, 0.01]), "dog")
    for key in ("euclidean", "mse", "cross_entropy"):
        assert right[key] < unsure[key] < wrong[key]
    assert wrong["cross_entropy"] / unsure["cross_entropy"] > 3 * wrong["euclidean"] / unsure["euclidean"]


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: prediction_losses(np.array([0.5, 0.5, 0.5]), "cat"), "sum to 1"),
        (lambda: prediction_losses(np.array([0.5, 0.5]), "cat"), "sum to 1"),
        (lambda: loss_comparison_view(0.2, 0.2, "bird"), "true_class"),
        (lambda: loss_comparison_view(0.2, 0.2, 3), "true_class"),
        (lambda: loss_comparison_view(float("nan"), 0.2, "dog"), "p_human contains"),
        (lambda: accuracy_vs_loss_view(float("inf")), "w contains"),
        (lambda: tiny_classifier_curves(np.array([1.0, np.nan])), "w contains"),
    ],
)
def test_bad_input_is_rejected(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_tiny_classifier_matches_nnlib():
    for w in (0.3, 0.8, 1.37, 2.9):
        acc, loss = tiny_classifier_curves(w)
        z = w * TINY_X + TINY_BIAS
        assert acc == pytest.approx(accuracy(TINY_Y, (z > 0).astype(int)))
        assert loss == pytest.approx(BinaryCrossEntropy(from_logits=True)(z, TINY_Y))


def test_accuracy_is_a_staircase_and_loss_is_smooth():
    ws = np.linspace(*W_RANGE, 2001)
    acc, loss = tiny_classifier_curves(ws)
    np.testing.assert_allclose(acc * 10, np.round(acc * 10))
    assert np.mean(np.diff(acc) == 0) > 0.98
    assert np.all(np.diff(loss) != 0)
    i = int(np.argmin(loss))
    assert 0 < i < len(ws) - 1 and 1.3 < ws[i] < 1.45
    assert acc[i] == acc.max() == pytest.approx(0.9)


def test_accuracy_view_summary_counts_the_correct_examples():
    view = accuracy_vs_loss_view(0.8)
    assert isinstance(view, View)
    # threshold 3 / 0.8 = 3.75: the "yes" examples at 2.2, 3.0 and 3.5 are wrong, 7 of 10 right
    loss = BinaryCrossEntropy(from_logits=True)(0.8 * TINY_X - 3, TINY_Y)
    assert view.summary == f"w = 0.80: accuracy 0.7 (7 of 10 correct), loss {loss:.3f}"
    ax_d, ax_c = view.figure.axes
    marker = [line for line in ax_c.lines if line.get_marker() == "o"][0]
    np.testing.assert_allclose(marker.get_ydata(), [0.7, loss])
    np.testing.assert_allclose(np.asarray(ax_d.collections[-1].get_offsets())[:, 0], [2.2, 3.0, 3.5])


def test_accuracy_view_at_zero_weight_predicts_no_everywhere():
    view = accuracy_vs_loss_view(0.0)
    assert view.summary.startswith("w = 0.00: accuracy 0.5 (5 of 10 correct)")
    threshold = [line for line in view.figure.axes[0].lines if line.get_linestyle() == "--"][0]
    assert not threshold.get_visible()
    accuracy_vs_loss_view(1.0)
    assert threshold.get_visible() and threshold.get_xdata()[0] == pytest.approx(3.0)


def test_every_frame_of_widget_b_is_handled():
    assert W_VALUES[0] == 0.0 and W_VALUES[-1] == 3.5 and 0.8 in W_VALUES and len(W_VALUES) == 71
    for w in W_VALUES:
        acc = tiny_classifier_curves(w)[0]
        assert (
            f"accuracy {acc:.1f} ({int(round(10 * acc))} of 10 correct)" in accuracy_vs_loss_view(w).summary
        )


def test_views_reuse_their_figures_and_do_not_touch_pyplot():
    before = plt.get_fignums()
    # one figure per true class (its tick labels are frozen), reused for every prediction
    assert loss_comparison_view(0.1, 0.2, "cat").figure is loss_comparison_view(0.9, 0.9, "cat").figure
    assert loss_comparison_view(0.1, 0.2, "cat").figure is not loss_comparison_view(0.1, 0.2, "dog").figure
    assert accuracy_vs_loss_view(1.0).figure is accuracy_vs_loss_view(2.0).figure
    accuracy_vs_loss_view(0.5).figure.canvas.draw()
    assert plt.get_fignums() == before
