"""Tests for nnlib.interactive.mnist: chapter 7's image transformations, its helpers on
predictions, its two widget views (every grid point of the chapter) and its figures."""

import itertools

import numpy as np
import pytest
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from nnlib.interactive.frames import MAX_FRAMES, View
from nnlib.interactive.mnist import (
    add_noise,
    digit_view,
    least_confident_correct,
    markdown_table,
    misclassified_indices,
    most_confident_mistakes,
    plot_label_distribution,
    plot_mistakes,
    rotate_image,
    shift_image,
    top_confusions,
    transform_digit,
    transformed_digit_view,
)
from nnlib.plot import PALETTE

# The chapter's grids (chapters/07_mnist.ipynb): the browser is 3 sets x 12 positions, the
# closing widget 4 digits x 7 shifts x 3 angles x 2 noise levels; the chapter's budget is 450.
BROWSER_GRID = (3, 12)
SHIFTS, ANGLES, NOISES, N_DIGITS = range(-3, 4), (-20, 0, 20), (0.0, 0.3), 4


@pytest.fixture
def toy():
    """Five fake 'digits' with hand-made probabilities: #1, #3 and #4 are wrong."""
    rng = np.random.default_rng(0)
    images = rng.random((5, 784)).astype(np.float32)
    labels = np.array([0, 1, 2, 3, 4])
    probs = np.full((5, 10), 0.01)
    probs[0, 0] = 0.91  # right, p = 0.91 / 1.0
    probs[1, 7] = 0.91  # wrong
    probs[2, 2] = 0.50  # right, but unsure
    probs[3, 5] = 0.55  # wrong
    probs[3, 3] = 0.37
    probs[4, 9] = 0.91  # wrong (same confidence as #1: lower index first)
    probs /= probs.sum(axis=1, keepdims=True)
    return images, probs, labels


def _bars(fig):
    return [p for p in fig.axes[1].patches if type(p).__name__ == "Rectangle"]


def _digit():
    """A 28 x 28 'digit': a bright bar in a blank frame, with one marked pixel."""
    image = np.zeros((28, 28), dtype=np.float32)
    image[6:22, 12:15] = 1.0
    image[6, 20] = 0.5
    return image


# --------------------------------------------------------------------------- transformations


def test_shift_image_by_hand():
    image = np.arange(9, dtype=float).reshape(3, 3) + 1
    np.testing.assert_array_equal(shift_image(image, 1), [[0, 1, 2], [0, 4, 5], [0, 7, 8]])
    np.testing.assert_array_equal(shift_image(image, -1), [[2, 3, 0], [5, 6, 0], [8, 9, 0]])
    np.testing.assert_array_equal(shift_image(image, 0, 1), [[0, 0, 0], [1, 2, 3], [4, 5, 6]])
    np.testing.assert_array_equal(shift_image(image, -2, -2), [[9, 0, 0], [0, 0, 0], [0, 0, 0]])
    np.testing.assert_array_equal(shift_image(image, 3), np.zeros((3, 3)))
    np.testing.assert_array_equal(shift_image(image, 0), image)


def test_shift_image_batch_and_dtype():
    batch = np.stack([_digit(), 1 - _digit()])
    moved = shift_image(batch, 2, -1)
    assert moved.dtype == np.float32 and moved.shape == batch.shape
    for one, out in zip(batch, moved, strict=True):
        np.testing.assert_array_equal(out, shift_image(one, 2, -1))
    # undone by the opposite shift, wherever nothing was pushed out of the frame
    np.testing.assert_array_equal(shift_image(shift_image(_digit(), 3), -3), _digit())


def test_shift_image_bad_input():
    with pytest.raises(ValueError, match="whole number"):
        shift_image(_digit(), 1.5)
    with pytest.raises(TypeError, match="dx must be an integer"):
        shift_image(_digit(), "1")
    with pytest.raises(ValueError, match="image must be"):
        shift_image(np.zeros(784), 1)


def test_rotate_image_quarter_turns_are_exact():
    image = np.random.default_rng(1).random((28, 28))
    np.testing.assert_allclose(rotate_image(image, 90), np.rot90(image), atol=1e-12)
    np.testing.assert_allclose(rotate_image(image, -90), np.rot90(image, -1), atol=1e-12)
    np.testing.assert_allclose(rotate_image(image, 180), np.rot90(image, 2), atol=1e-12)
    np.testing.assert_allclose(rotate_image(image, 0), image, atol=1e-12)
    np.testing.assert_allclose(rotate_image(image, 360), image, atol=1e-12)


def test_rotate_image_direction_and_interpolation():
    image = np.zeros((5, 5))
    image[2, 4] = 1.0  # right of the centre (2, 2)
    assert rotate_image(image, 90)[0, 2] == pytest.approx(1.0)  # counter-clockwise: now above it
    # 45 degrees: the point (2, 0) in display coordinates goes to (sqrt 2, sqrt 2), between pixels;
    # bilinear interpolation spreads it, and the total grey level stays close to 1
    turned = rotate_image(image, 45)
    assert turned[0:2, 3:5].sum() == pytest.approx(turned.sum())
    assert 0.5 < turned.sum() < 1.5
    # a batch is turned image by image, the dtype is kept
    batch = np.stack([_digit(), _digit().T])
    out = rotate_image(batch, 30)
    assert out.dtype == np.float32
    np.testing.assert_allclose(out[1], rotate_image(_digit().T, 30))


def test_add_noise():
    image = _digit()
    noisy = add_noise(image, 0.3, seed=4)
    assert noisy.dtype == np.float32 and noisy.min() >= 0.0 and noisy.max() <= 1.0
    np.testing.assert_array_equal(noisy, add_noise(image, 0.3, seed=4))  # seeded
    assert not np.array_equal(noisy, add_noise(image, 0.3, seed=5))
    # before clipping, the noise has the asked standard deviation (checked on a grey image)
    grey = np.full((200, 200), 0.5)
    assert np.std(add_noise(grey, 0.05, seed=0) - grey) == pytest.approx(0.05, rel=0.05)
    np.testing.assert_array_equal(add_noise(image, 0.0), image)
    with pytest.raises(ValueError, match="std must be >= 0"):
        add_noise(image, -0.1)


def test_transform_digit_order_and_flat_input():
    image = _digit()
    expected = add_noise(shift_image(rotate_image(image, 20), -2), 0.2, seed=3)
    np.testing.assert_array_equal(transform_digit(image, shift=-2, angle=20, noise=0.2, seed=3), expected)
    np.testing.assert_array_equal(transform_digit(image.ravel(), shift=1), shift_image(image, 1))
    np.testing.assert_array_equal(transform_digit(image), image)
    with pytest.raises(ValueError, match="square number"):
        transform_digit(np.zeros(780))


# --------------------------------------------------------------------------- predictions


def test_misclassified_and_confidence_orders(toy):
    _, probs, labels = toy
    np.testing.assert_array_equal(misclassified_indices(probs, labels), [1, 3, 4])
    np.testing.assert_array_equal(most_confident_mistakes(probs, labels, 3), [1, 4, 3])
    np.testing.assert_array_equal(most_confident_mistakes(probs, labels, 2), [1, 4])
    np.testing.assert_array_equal(most_confident_mistakes(probs, labels, 10), [1, 4, 3])
    assert most_confident_mistakes(probs, labels, 0).size == 0
    np.testing.assert_array_equal(least_confident_correct(probs, labels, 5), [2, 0])
    assert most_confident_mistakes(np.eye(3), np.array([0, 1, 2]), 5).size == 0


def test_prediction_helpers_bad_input(toy):
    _, probs, labels = toy
    with pytest.raises(ValueError, match="k must be >= 0"):
        most_confident_mistakes(probs, labels, -1)
    with pytest.raises(ValueError, match="one label per row"):
        most_confident_mistakes(probs, labels[:3], 2)
    with pytest.raises(ValueError, match="probs must be 2-D"):
        least_confident_correct(probs[0], labels, 2)
    with pytest.raises(ValueError, match="softmax"):
        misclassified_indices(probs * 5, labels)
    with pytest.raises(ValueError, match="0..9"):
        misclassified_indices(probs, labels + 6)


def test_top_confusions():
    cm = np.array([[50, 2, 7], [7, 40, 0], [1, 0, 30]])
    assert top_confusions(cm, 2) == [(0, 2, 7), (1, 0, 7)]  # tie: lower row first
    assert top_confusions(cm, 10) == [(0, 2, 7), (1, 0, 7), (0, 1, 2), (2, 0, 1)]  # zeros left out
    assert top_confusions(np.eye(3), 3) == []
    with pytest.raises(ValueError, match="square"):
        top_confusions(np.zeros((2, 3)))


def test_markdown_table():
    text = markdown_table(["model", "accuracy"], [["a|b", "97.1 %"], ["c", 0.5]], align="lr")
    assert text.splitlines() == [
        "| model | accuracy |",
        "|---|---:|",
        "| a\\|b | 97.1 % |",
        "| c | 0.5 |",
    ]
    with pytest.raises(ValueError, match="row 0 has 1 cells"):
        markdown_table(["a", "b"], [["x"]])
    with pytest.raises(ValueError, match="align"):
        markdown_table(["a", "b"], [], align="lc")


# --------------------------------------------------------------------------- the views


def test_digit_view_right_prediction(toy):
    images, probs, labels = toy
    view = digit_view(images[0], probs[0], labels[0], title="test digit #0")
    assert isinstance(view, View) and isinstance(view.figure, Figure)
    p0 = probs[0, 0]
    assert view.summary == f"predicted 0 with probability {p0:.2f}, true label 0: right"
    bars = _bars(view.figure)
    np.testing.assert_allclose([b.get_height() for b in bars], probs[0])
    assert to_hex(bars[0].get_facecolor()) == PALETTE["blue"].lower()
    assert bars[0].get_linewidth() == pytest.approx(2.0)
    ax_img, ax_bar = view.figure.axes
    assert ax_img.get_title() == "test digit #0"
    assert ax_img.images[0].get_array().shape == (28, 28)
    assert "predicted 0 with p = 0.91 (right)" in ax_bar.get_title()
    assert [t.get_text() for t in ax_bar.texts if t.get_visible()] == ["true = predicted"]


def test_digit_view_wrong_prediction_and_reuse(toy):
    images, probs, labels = toy
    wrong = digit_view(images[3], probs[3], labels[3])
    p = probs[3]
    assert wrong.summary == (
        f"predicted 5 with probability {p[5]:.2f}, true label 3: wrong (p of the true class {p[3]:.2f})"
    )
    bars = _bars(wrong.figure)
    assert to_hex(bars[5].get_facecolor()) == PALETTE["vermillion"].lower()
    assert bars[5].get_hatch() == "//" and bars[3].get_linewidth() == pytest.approx(2.0)
    shown = sorted(t.get_text() for t in wrong.figure.axes[1].texts if t.get_visible())
    assert shown == ["predicted", "true"]
    # the same figure, updated in place, with nothing left over from the wrong prediction
    right = digit_view(images[2].reshape(28, 28), probs[2], np.int64(2))
    assert right.figure is wrong.figure
    bars = _bars(right.figure)
    assert [b.get_hatch() for b in bars] == [None] * 10
    assert bars[3].get_linewidth() == pytest.approx(0.6) and bars[2].get_linewidth() == pytest.approx(2.0)
    assert [t.get_text() for t in right.figure.axes[1].texts if t.get_visible()] == ["true = predicted"]
    np.testing.assert_allclose(right.figure.axes[0].images[0].get_array(), images[2].reshape(28, 28))
    right.figure.canvas.draw()


def test_digit_view_class_names_and_bad_input(toy):
    images, probs, labels = toy
    named = digit_view(images[0], probs[0], 0, class_names=[f"c{i}" for i in range(10)])
    assert [t.get_text() for t in named.figure.axes[1].get_xticklabels()][:2] == ["c0", "c1"]
    assert named.figure is not digit_view(images[0], probs[0], 0).figure
    with pytest.raises(ValueError, match="label must be <= 9"):
        digit_view(images[0], probs[0], 10)
    with pytest.raises(ValueError, match="square number"):
        digit_view(images[0][:780], probs[0], 0)
    with pytest.raises(ValueError, match="NaN"):
        digit_view(images[0], np.full(10, np.nan), 0)
    with pytest.raises(ValueError, match="class_names needs 10"):
        digit_view(images[0], probs[0], 0, class_names=["a"])


def test_browser_grid_every_point(toy):
    """The chapter's browser: 3 sets x 12 positions, each a test index shown by digit_view."""
    images, probs, labels = toy
    sets = {"first": [0, 1, 2, 3, 4] * 3, "mistakes": [1, 4, 3], "unsure": [2, 0]}
    assert len(sets) * 12 == np.prod(BROWSER_GRID)
    for chosen, position in itertools.product(sets.values(), range(1, 13)):
        i = chosen[min(position, len(chosen)) - 1]  # the chapter clips to the set's size
        view = digit_view(images[i], probs[i], labels[i], title=f"test digit #{i}")
        pred = int(np.argmax(probs[i]))
        assert view.summary.startswith(f"predicted {pred} with probability {probs[i, pred]:.2f}")
        assert view.summary.endswith("right") == (pred == labels[i])


def _stand_in_network(image):
    """A 'network' that looks only at the centre column band: it says 1 with certainty while
    the bar of _digit() is in columns 12-14, and spreads its probability as the bar moves away."""
    flat = np.asarray(image).reshape(-1, 28, 28)
    centre = flat[:, :, 12:15].sum(axis=(1, 2)) / 48.0
    probs = np.full((len(flat), 10), 0.0)
    probs[:, 1] = np.clip(centre, 0, 1)
    probs[:, 7] = 1 - probs[:, 1]
    return probs


def test_transformed_digit_view_summary_and_probabilities():
    view = transformed_digit_view(_digit(), 1, _stand_in_network, name="test digit #5")
    assert view.summary == (
        "moved +0 px, turned +0°, noise σ = 0: predicted 1 with probability 1.00, true label 1: right"
    )
    assert view.figure.axes[0].get_title() == "test digit #5\n+0 px, +0°, noise 0"
    moved = transformed_digit_view(_digit(), 1, _stand_in_network, shift=2)
    expected = _stand_in_network(shift_image(_digit(), 2))[0]  # the bar is 2/3 out of the band
    np.testing.assert_allclose([b.get_height() for b in _bars(moved.figure)], expected)
    assert moved.summary.startswith("moved +2 px, turned +0°, noise σ = 0: predicted 7")
    assert moved.summary.endswith(f"wrong (p of the true class {expected[1]:.2f})")
    np.testing.assert_allclose(moved.figure.axes[0].images[0].get_array(), shift_image(_digit(), 2))


def test_transformed_digit_view_every_grid_point_within_budget():
    frames = N_DIGITS * len(SHIFTS) * len(ANGLES) * len(NOISES)
    assert frames <= MAX_FRAMES and frames + np.prod(BROWSER_GRID) <= 450
    digits = [np.roll(_digit(), k, axis=0) for k in range(N_DIGITS)]
    for d, shift, angle, noise in itertools.product(range(N_DIGITS), SHIFTS, ANGLES, NOISES):
        view = transformed_digit_view(
            digits[d], 1, _stand_in_network, shift=shift, angle=angle, noise=noise, seed=d
        )
        changed = transform_digit(digits[d], shift=shift, angle=angle, noise=noise, seed=d)
        p = _stand_in_network(changed)[0]
        pred = int(np.argmax(p))
        assert isinstance(view, View)
        assert f": predicted {pred} with probability {p[pred]:.2f}, true label 1" in view.summary
        assert view.summary.startswith(f"moved {shift:+d} px, turned {angle:+g}°, noise σ = {noise:g}")


# --------------------------------------------------------------------------- static figures


def test_plot_mistakes(toy):
    images, probs, labels = toy
    fig = plot_mistakes(images, probs, labels, [1, 4, 3], n_cols=2)
    shown = [ax for ax in fig.axes if ax.images]
    assert len(shown) == 3
    assert shown[0].get_title() == f"#1: true 1 → 7\np = {probs[1, 7]:.3f}"
    with pytest.raises(ValueError, match="empty"):
        plot_mistakes(images, probs, labels, [])
    with pytest.raises(ValueError, match="indices must lie"):
        plot_mistakes(images, probs, labels, [7])


def test_plot_label_distribution():
    y_train = np.array([0, 1, 1, 2, 9, 9, 9])
    y_test = np.array([1, 9])
    fig, train_counts, test_counts = plot_label_distribution(y_train, y_test)
    np.testing.assert_array_equal(train_counts, [1, 2, 1, 0, 0, 0, 0, 0, 0, 3])
    np.testing.assert_array_equal(test_counts, [0, 1, 0, 0, 0, 0, 0, 0, 0, 1])
    ax = fig.axes[0]
    assert len(ax.patches) == 20
    assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()
    with pytest.raises(ValueError, match="0..9"):
        plot_label_distribution(np.array([10]), y_test)
