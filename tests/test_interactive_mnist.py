"""Tests for nnlib.interactive.mnist (chapter 7's widget callbacks and figures)."""

import matplotlib

matplotlib.use("Agg")


import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_hex

from nnlib.interactive.mnist import (
    digit_probabilities_view,
    label_distribution_view,
    misclassified_indices,
    mistakes_view,
    most_confident_mistakes,
)
from nnlib.plot import PALETTE


@pytest.fixture
def toy():
    """Five fake 'digits' with hand-made probabilities: #1, #3 and #4 are wrong."""
    rng = np.random.default_rng(0)
    images = rng.random((5, 784)).astype(np.float32)
    labels = np.array([0, 1, 2, 3, 4])
    probs = np.full((5, 10), 0.01)
    probs[0, 0] = 0.91  # right
    probs[1, 7] = 0.91  # wrong, p = 0.91
    probs[2, 2] = 0.91  # right
    probs[3, 5] = 0.55  # wrong, p = 0.55
    probs[3, 3] = 0.37
    probs[4, 9] = 0.91  # wrong, p = 0.91 (tie with #1: lower index first)
    probs[1:, :] /= probs[1:, :].sum(axis=1, keepdims=True)
    probs[0] /= probs[0].sum()
    return images, probs, labels


def _bars(ax):
    return [p for p in ax.patches if type(p).__name__ == "Rectangle"]


def test_misclassified_indices(toy):
    _, probs, labels = toy
    np.testing.assert_array_equal(misclassified_indices(probs, labels), [1, 3, 4])


def test_most_confident_mistakes_order_and_k(toy):
    _, probs, labels = toy
    np.testing.assert_array_equal(most_confident_mistakes(probs, labels, 3), [1, 4, 3])
    np.testing.assert_array_equal(most_confident_mistakes(probs, labels, 2), [1, 4])
    np.testing.assert_array_equal(most_confident_mistakes(probs, labels, 10), [1, 4, 3])
    assert most_confident_mistakes(probs, labels, 0).size == 0


def test_most_confident_mistakes_none_wrong():
    probs = np.eye(3)
    assert most_confident_mistakes(probs, np.array([0, 1, 2]), 5).size == 0


def test_most_confident_mistakes_bad_input(toy):
    _, probs, labels = toy
    with pytest.raises(ValueError, match="k must be"):
        most_confident_mistakes(probs, labels, -1)
    with pytest.raises(ValueError, match="labels must have shape"):
        most_confident_mistakes(probs, labels[:3], 2)
    with pytest.raises(ValueError, match="probs must have shape"):
        most_confident_mistakes(probs[0], labels, 2)
    with pytest.raises(ValueError, match="softmax"):
        most_confident_mistakes(probs * 5, labels, 2)
    with pytest.raises(ValueError, match="integers"):
        most_confident_mistakes(probs, labels.astype(float), 2)


def test_view_correct_prediction(toy):
    images, probs, labels = toy
    fig = digit_probabilities_view(images, probs, labels, 0)
    ax_img, ax_bar = fig.axes
    bars = _bars(ax_bar)
    assert len(bars) == 10
    np.testing.assert_allclose([b.get_height() for b in bars], probs[0])
    assert to_hex(bars[0].get_facecolor()) == PALETTE["blue"].lower()
    assert "predicted: 0" in ax_bar.get_title() and "correct" in ax_bar.get_title()
    assert ax_bar.get_xlabel() and ax_bar.get_ylabel() == "probability"
    assert ax_img.get_title() == "example #0\ntrue label: 0"
    assert {t.get_text() for t in ax_bar.texts} == {"true = predicted"}
    assert ax_img.images[0].get_array().shape == (28, 28)
    plt.close(fig)


def test_view_wrong_prediction_marks_both(toy):
    images, probs, labels = toy
    fig = digit_probabilities_view(images, probs, labels, 3)
    ax_bar = fig.axes[1]
    bars = _bars(ax_bar)
    assert to_hex(bars[5].get_facecolor()) == PALETTE["vermillion"].lower()
    assert bars[5].get_hatch() == "//"
    assert bars[3].get_linewidth() == pytest.approx(2.0)
    texts = {t.get_text() for t in ax_bar.texts}
    assert {"true", "predicted"} <= texts
    assert "WRONG" in ax_bar.get_title() and "0.55" in ax_bar.get_title()


def test_view_accepts_square_images(toy):
    images, probs, labels = toy
    fig = digit_probabilities_view(images.reshape(5, 28, 28), probs, labels, np.int64(4))
    assert "predicted: 9" in fig.axes[1].get_title()


def test_view_bad_input(toy):
    images, probs, labels = toy
    with pytest.raises(ValueError, match="out of range"):
        digit_probabilities_view(images, probs, labels, 5)
    with pytest.raises(ValueError, match="out of range"):
        digit_probabilities_view(images, probs, labels, -1)
    with pytest.raises(ValueError, match="index must be an integer"):
        digit_probabilities_view(images, probs, labels, 1.5)
    with pytest.raises(ValueError, match="one image per example"):
        digit_probabilities_view(images[:4], probs, labels, 0)
    with pytest.raises(ValueError, match="square number"):
        digit_probabilities_view(images[:, :780], probs, labels, 0)
    with pytest.raises(ValueError, match="NaN"):
        digit_probabilities_view(images, np.full((5, 10), np.nan), labels, 0)
    with pytest.raises(ValueError, match="0..9"):
        digit_probabilities_view(images, probs, labels + 6, 0)


def test_view_draws_for_several_indices(toy):
    """(Its speed is measured in benchmarks/, not asserted in a unit test.)"""
    images, probs, labels = toy
    for i in range(5):
        fig = digit_probabilities_view(images, probs, labels, i)
        fig.canvas.draw()


def test_mistakes_view(toy):
    images, probs, labels = toy
    fig = mistakes_view(images, probs, labels, [1, 4, 3], n_cols=2)
    shown = [ax for ax in fig.axes if ax.images]
    assert len(shown) == 3
    assert shown[0].get_title().startswith("#1: true 1 → 7")
    assert "p = 0.9" in shown[0].get_title()
    assert fig._suptitle is not None
    with pytest.raises(ValueError, match="empty"):
        mistakes_view(images, probs, labels, [])
    with pytest.raises(ValueError, match="indices must lie"):
        mistakes_view(images, probs, labels, [7])


def test_label_distribution_view():
    y_train = np.array([0, 1, 1, 2, 9, 9, 9])
    y_test = np.array([1, 9])
    fig, train_counts, test_counts = label_distribution_view(y_train, y_test)
    np.testing.assert_array_equal(train_counts, [1, 2, 1, 0, 0, 0, 0, 0, 0, 3])
    np.testing.assert_array_equal(test_counts, [0, 1, 0, 0, 0, 0, 0, 0, 0, 1])
    ax = fig.axes[0]
    assert len(_bars(ax)) == 20
    assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()
    with pytest.raises(ValueError, match="0..9"):
        label_distribution_view(np.array([10]), y_test)


def test_view_figure_is_reused_and_fully_updated(toy):
    images, probs, labels = toy
    wrong = digit_probabilities_view(images, probs, labels, 3)
    right = digit_probabilities_view(images, probs, labels, 0)
    assert wrong is right  # one figure, updated in place for the browsing widget
    ax_img, ax_bar = right.axes
    bars = _bars(ax_bar)
    # nothing is left over from the wrong prediction shown before
    assert [b.get_hatch() for b in bars] == [None] * 10
    assert to_hex(bars[5].get_facecolor()) == to_hex("#C9D6E0")
    assert bars[3].get_linewidth() == pytest.approx(0.6)
    assert bars[0].get_linewidth() == pytest.approx(2.0)
    assert {t.get_text() for t in ax_bar.texts} == {"true = predicted"}
    assert ax_img.get_title() == "example #0\ntrue label: 0"
    np.testing.assert_allclose(ax_img.images[0].get_array(), images[0].reshape(28, 28))
    # back to a wrong one: the "predicted" label returns, once
    digit_probabilities_view(images, probs, labels, 4)
    assert sorted(t.get_text() for t in ax_bar.texts) == ["predicted", "true"]
    digit_probabilities_view(images, probs, labels, 1)
    assert sorted(t.get_text() for t in ax_bar.texts) == ["predicted", "true"]
    right.canvas.draw()
    # other class names get their own figure
    named = digit_probabilities_view(images, probs, labels, 0, class_names=[f"c{i}" for i in range(10)])
    assert named is not right
    assert [t.get_text() for t in named.axes[1].get_xticklabels()][:2] == ["c0", "c1"]
    assert [t.get_text() for t in right.axes[1].get_xticklabels()][:2] == ["0", "1"]
