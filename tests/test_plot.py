"""Tests for nnlib.plot: every helper returns the right object with titles and labels."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.colors import ListedColormap, to_hex  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

import nnlib.data as data  # noqa: E402
import nnlib.plot as nplot  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture
def blobs():
    return data.make_blobs(60, seed=1)


def linear_rule(points):
    return (points[:, 0] + points[:, 1] >= 0).astype(int)


def test_palette_and_class_colours():
    assert nplot.CLASS_COLORS[0] == nplot.CLASS_COLORS[-1] == "#0072B2"
    assert nplot.CLASS_COLORS[1] == "#D55E00"
    assert len({nplot.CLASS_COLORS[k] for k in range(8)}) == 8
    assert len({nplot.CLASS_MARKERS[k] for k in range(8)}) == 8
    assert isinstance(nplot.CLASS_CMAP, ListedColormap)
    assert to_hex(nplot.CLASS_CMAP(0)) == "#0072b2"
    assert nplot.class_color(9) == nplot.class_color(1)  # cycles after 8 classes
    assert set(nplot.PALETTE.values()) >= set(nplot.CLASS_COLORS.values())


@pytest.mark.parametrize(
    ("highlight", "expected"),
    [
        (None, set()),
        ("layers", {"layer(s)"}),
        (["data", "loss"], {"data", "metric\n& loss"}),
        ("metric", {"metric\n& loss"}),
        ("Performance", {"performance"}),
    ],
)
def test_big_picture(highlight, expected):
    fig = nplot.plot_big_picture(highlight)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert ax.get_title(loc="left") == "The big picture"
    texts = {t.get_text() for t in ax.texts}
    assert {"data", "input", "layer(s)", "activation", "output", "performance"} <= texts
    assert "metric\n& loss" in texts
    assert any("update weights" in t for t in texts)
    assert {t.get_text() for t in ax.texts if t.get_fontweight() == "bold"} == expected


def test_big_picture_draws_into_given_axes():
    fig, ax = plt.subplots(figsize=(10, 2.2))
    assert nplot.plot_big_picture("output", ax=ax) is fig


def test_big_picture_rejects_unknown_stage():
    with pytest.raises(ValueError, match="valid names are .*'metric & loss'"):
        nplot.plot_big_picture("optimizer")
    with pytest.raises(ValueError, match="weights"):
        nplot.plot_big_picture(["data", "weights"])


def test_scatter_classes(blobs):
    X, y = blobs
    ax = nplot.scatter_classes(X, y)
    assert isinstance(ax, Axes)
    assert ax.get_xlabel() == "f₁" and ax.get_ylabel() == "f₂" and ax.get_title()
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["no", "yes"]
    assert len(ax.collections) == 2


def test_scatter_classes_signed_and_multiclass():
    X, y = data.make_blobs(20)
    ax = nplot.scatter_classes(X, data.to_signed(y), labels=("minus", "plus"), title="Signed")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["minus", "plus"]
    assert to_hex(ax.collections[0].get_facecolor()[0]) == "#0072b2"  # -1 is blue
    X, y = data.make_spirals(30, n_classes=3)
    ax = nplot.scatter_classes(X, y)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["class 0", "class 1", "class 2"]
    with pytest.raises(ValueError, match="shape"):
        nplot.scatter_classes(np.zeros((3, 3)), np.zeros(3))


def test_decision_regions(blobs):
    X, y = blobs
    fig, ax = plt.subplots()
    out = nplot.plot_decision_regions(linear_rule, X, y, ax, resolution=40, title="A line", mark_errors=True)
    assert out is ax
    assert ax.get_title() == "A line"
    assert ax.get_xlabel() == "f₁" and ax.get_ylabel() == "f₂"
    image = ax.images[0].get_array()
    assert image.shape[:2] == (40, 40)
    n_wrong = int(np.sum(linear_rule(X) != y))
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["no", "yes", f"misclassified ({n_wrong})"]
    assert len(ax.collections[-1].get_offsets()) == n_wrong
    x_min, x_max = ax.get_xlim()
    assert x_min == pytest.approx(X[:, 0].min() - 0.5) and x_max == pytest.approx(X[:, 0].max() + 0.5)
    fig.canvas.draw()


def test_decision_regions_signed_scores_and_multiclass():
    X, y = data.make_blobs(30)
    ax = nplot.plot_decision_regions(
        lambda p: np.where(p.sum(axis=1) >= 0, 1, -1),
        X,
        data.to_signed(y),
        resolution=20,
        mark_errors=True,
        xlabel="x",
        ylabel="z",
    )
    assert ax.get_xlabel() == "x" and ax.get_title() == "Decision regions"
    scores = lambda p: np.column_stack([p[:, 0], p[:, 1], -p[:, 0]])  # noqa: E731
    X, y = data.make_spirals(30, n_classes=3)
    ax = nplot.plot_decision_regions(scores, X, y, resolution=20)
    colours = {tuple(c) for c in ax.images[0].get_array().reshape(-1, 3).round(3)}
    assert len(colours) == 3
    with pytest.raises(ValueError, match="one label per point"):
        nplot.plot_decision_regions(lambda p: np.zeros(3), X, y, resolution=20)


def test_plot_history_from_dict_and_object():
    logs = {
        "loss": [1.0, 0.6, 0.4, 0.3],
        "val_loss": [1.1, 0.7, 0.6, 0.65],
        "accuracy": [0.5, 0.7, 0.8, 0.9],
        "val_accuracy": [0.5, 0.65, 0.75, 0.7],
    }
    fig = nplot.plot_history(logs, mark_epoch=3)
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    loss_ax, acc_ax = fig.axes
    assert loss_ax.get_xlabel() == "epoch" and loss_ax.get_ylabel() == "loss"
    assert acc_ax.get_ylabel() == "accuracy" and "Accuracy" in acc_ax.get_title()
    train, val, mark = loss_ax.get_lines()
    np.testing.assert_array_equal(train.get_xdata(), [1, 2, 3, 4])
    np.testing.assert_array_equal(val.get_ydata(), logs["val_loss"])
    assert [t.get_text() for t in loss_ax.get_legend().get_texts()] == [
        "training",
        "validation",
        "best epoch (3)",
    ]

    class FakeHistory:
        history = {"loss": [0.5, 0.4]}

    fig = nplot.plot_history(FakeHistory())  # regression: no accuracy keys -> one panel
    assert len(fig.axes) == 1 and len(fig.axes[0].get_lines()) == 1


def test_plot_history_into_given_axes_and_errors():
    _, axes = plt.subplots(1, 2)
    logs = {"loss": [1, 0.5], "accuracy": [0.5, 0.8]}
    assert nplot.plot_history(logs, axes) is axes[0].figure
    _, ax = plt.subplots()
    nplot.plot_history(logs, ax=ax, metrics=("loss",))
    assert ax.get_ylabel() == "loss"
    with pytest.raises(ValueError, match="need 2 axes"):
        nplot.plot_history(logs, ax)
    with pytest.raises(ValueError, match="none of the metrics"):
        nplot.plot_history({"foo": [1]})


def test_digit_grid():
    images = np.random.default_rng(0).random((12, 784))
    labels = np.arange(12) % 10
    predictions = labels.copy()
    predictions[[1, 4]] = 7
    fig = nplot.plot_digit_grid(images, labels, predictions, n_cols=5)
    assert isinstance(fig, Figure)
    assert len(fig.axes) == 15  # 3 rows of 5, the last 3 empty
    titles = [ax.get_title() for ax in fig.axes[:12]]
    assert titles[0] == "label: 0" and titles[1] == "label: 1\npred: 7"
    assert to_hex(fig.axes[1].title.get_color()) == "#d55e00"
    assert "2 of 12" in fig.get_suptitle()
    assert fig.axes[0].images[0].get_array().shape == (28, 28)
    with pytest.raises(ValueError, match="one label per image"):
        nplot.plot_digit_grid(images, labels[:3])


def test_digit_grid_square_images_without_predictions():
    images = np.random.default_rng(0).random((3, 28, 28))
    fig = nplot.plot_digit_grid(images, [1, 2, 3], title="Three digits")
    assert len(fig.axes) == 3 and fig.get_suptitle() == "Three digits"
    assert [ax.get_title() for ax in fig.axes] == ["label: 1", "label: 2", "label: 3"]
    assert fig.axes[0].images[0].get_array().shape == (28, 28)
    with pytest.raises(ValueError, match="square number of pixels"):
        nplot.plot_digit_grid(np.zeros((2, 10)), [0, 1])


def test_confusion_matrix():
    cm = np.array([[5, 1], [2, 7]])
    ax = nplot.plot_confusion_matrix(cm, class_names=["no", "yes"])
    assert isinstance(ax, Axes)
    assert ax.get_xlabel() == "predicted" and ax.get_ylabel() == "true"
    assert ax.get_title() == "Confusion matrix"
    assert sorted(t.get_text() for t in ax.texts) == ["1", "2", "5", "7"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["no", "yes"]
    with pytest.raises(ValueError, match="square"):
        nplot.plot_confusion_matrix(np.zeros((2, 3)))
    with pytest.raises(ValueError, match="class_names"):
        nplot.plot_confusion_matrix(cm, class_names=["a"])
