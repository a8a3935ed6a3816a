"""Tests for the chapter 1 widget callbacks (nnlib.interactive.perceptron)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from nnlib import Perceptron
from nnlib.data import make_blobs, make_xor, to_signed
from nnlib.interactive import _fastdraw as fastdraw
from nnlib.interactive import perceptron as ip
from nnlib.perceptron import sgn


@pytest.fixture(scope="module")
def toy():
    """The chapter's data set: 40 separable points, labels -1/+1."""
    X, y01 = make_blobs(n_samples=40, distance=3.0, noise=0.6, seed=6)
    return X + np.array([1.0, 0.5]), to_signed(y01)


def _texts(fig):
    out = [t.get_text() for t in fig.texts]
    for ax in fig.axes:
        out += [ax.get_title()] + [t.get_text() for t in ax.texts]
    return "\n".join(out)


# ---------------------------------------------------------------------------
# boundary_segment
# ---------------------------------------------------------------------------
def test_boundary_segment_end_points_lie_on_the_line_and_in_the_box():
    w, b = (2.0, 2.0), -1.0
    seg = ip.boundary_segment(w, b, (-3, 3), (-2, 2))
    assert seg.shape == (2, 2)
    np.testing.assert_allclose(seg @ np.array(w) + b, 0, atol=1e-12)
    assert np.all(seg[:, 0] >= -3 - 1e-9) and np.all(seg[:, 0] <= 3 + 1e-9)
    assert np.all(seg[:, 1] >= -2 - 1e-9) and np.all(seg[:, 1] <= 2 + 1e-9)


def test_boundary_segment_vertical_horizontal_and_missing_lines():
    vertical = ip.boundary_segment((1.0, 0.0), -0.5, (0, 1), (0, 1))  # f1 = 0.5
    np.testing.assert_allclose(sorted(vertical[:, 1]), [0, 1])
    np.testing.assert_allclose(vertical[:, 0], [0.5, 0.5])
    horizontal = ip.boundary_segment((0.0, 2.0), -1.0, (0, 1), (0, 1))  # f2 = 0.5
    np.testing.assert_allclose(horizontal[:, 1], [0.5, 0.5])
    assert ip.boundary_segment((0.0, 0.0), 1.0, (0, 1), (0, 1)) is None  # no line at all
    assert ip.boundary_segment((1.0, 0.0), -5.0, (0, 1), (0, 1)) is None  # f1 = 5: outside


# ---------------------------------------------------------------------------
# neuron_view (widget 1)
# ---------------------------------------------------------------------------
def test_neuron_view_worked_example_accuracy_and_title(toy):
    X, y = toy
    fig, acc = ip.neuron_view(X, y, 2.0, 2.0, 0.0)
    assert isinstance(fig, Figure)
    expected = np.mean(np.where(X @ [2.0, 2.0] >= 0, 1, -1) == y)
    assert acc == pytest.approx(expected) == pytest.approx(0.85)
    title = fig.axes[0].get_title()
    assert "85%" in title and "6 of 40 wrong" in title
    # the black boundary line lies on 2 f1 + 2 f2 = 0
    line = fig.axes[0].lines[0]
    pts = np.column_stack([line.get_xdata(), line.get_ydata()])
    np.testing.assert_allclose(pts @ [2.0, 2.0], 0, atol=1e-9)
    FigureCanvasAgg(fig).draw()


def test_neuron_view_marks_exactly_the_misclassified_points(toy):
    X, y = toy
    fig, acc = ip.neuron_view(X, y, 2.0, 2.0, 0.0)
    ax = fig.axes[0]
    rings = [c for c in ax.collections if c.get_label().startswith("misclassified")]
    assert len(rings) == 1
    wrong = np.where(X @ [2.0, 2.0] >= 0, 1, -1) != y
    np.testing.assert_allclose(np.sort(rings[0].get_offsets(), axis=0), np.sort(X[wrong], axis=0))
    assert rings[0].get_label() == "misclassified (6)"


def test_neuron_view_perfect_weights_and_sign_convention():
    X = np.array([[0.0, 2.0], [-1.0, 0.0], [1.0, -1.0]])  # n = 4, -2, 0 for w = (2, 2), b = 0
    y = np.array([1, -1, 1])  # sgn(0) = +1: the point on the line is red
    fig, acc = ip.neuron_view(X, y, 2, 2, 0)
    assert acc == 1.0
    # flipping every sign swaps the colours, except on the line itself, where sgn(0) = +1 stays
    _, acc_flipped = ip.neuron_view(X, y, -2, -2, 0)
    assert acc_flipped == pytest.approx(1 / 3)
    plt.close("all")


def test_neuron_view_without_a_line_says_so(toy):
    X, y = toy
    fig, acc = ip.neuron_view(X, y, 0.0, 0.0, 0.0)
    assert acc == 0.5  # sgn(0) = +1 everywhere: every "yes" right, every "no" wrong
    assert "no line" in _texts(fig) and "+1" in _texts(fig)
    fig, acc = ip.neuron_view(X, y, 0.0, 0.0, -1.0)
    assert acc == 0.5 and "-1" in _texts(fig)


def test_neuron_view_draws_into_a_given_axes(toy):
    X, y = toy
    fig = Figure()
    ax = fig.add_subplot()
    out, _ = ip.neuron_view(X, y, 1, 1, -1, ax=ax)
    assert out is fig and len(fig.axes) == 1


@pytest.mark.parametrize(
    "args, match",
    [
        ((np.zeros((4, 3)), [1, -1, 1, -1], 1, 1, 0), "shape"),
        ((np.zeros((4, 2)), [1, -1, 1], 1, 1, 0), "one label per row"),
        ((np.zeros((4, 2)), [0, 1, 0, 1], 1, 1, 0), "to_signed"),
        ((np.zeros((4, 2)), [1, -1, 1, -1], np.nan, 1, 0), "w1"),
        ((np.zeros((4, 2)), [1, -1, 1, -1], 1, 1, np.inf), "b"),
        ((np.full((4, 2), np.nan), [1, -1, 1, -1], 1, 1, 0), "NaN"),
    ],
)
def test_neuron_view_rejects_bad_input(args, match):
    with pytest.raises(ValueError, match=match):
        ip.neuron_view(*args)


# ---------------------------------------------------------------------------
# perceptron_run / perceptron_step_view (widget 2)
# ---------------------------------------------------------------------------
def test_perceptron_run_is_cached_and_matches_nnlib(toy):
    X, y = toy
    ip.clear_cache()
    a = ip.perceptron_run(X, y, 0.5, init=((2, 2), 0))
    b = ip.perceptron_run(X, y, 0.5, init=(np.array([2.0, 2.0]), 0.0))
    assert a is b  # the same run: computed once
    ref = Perceptron(lr=0.5, init=(np.array([2.0, 2.0]), 0.0)).fit(X, y)
    assert a.n_updates_ == ref.n_updates_
    np.testing.assert_allclose(a.coef_, ref.coef_)
    assert ip.perceptron_run(X, y, 1.0) is not a


def test_perceptron_run_silences_the_convergence_warning():
    X, y01 = make_xor(n_samples=40, seed=0)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model = ip.perceptron_run(X, to_signed(y01), 1.0, max_epochs=5)
    assert not model.converged_


def test_step_view_follows_the_rule_step_by_step(toy):
    X, y = toy
    start = ((2.0, 2.0), 0.0)
    model = ip.perceptron_run(X, y, 1.0, init=start)
    updates = [r for r in model.history_ if r.updated]
    assert len(updates) == 2
    # step 1: the first update, the rule written out with the right sign
    fig = ip.perceptron_step_view(X, y, 1, 1.0, init=start)
    text = _texts(fig)
    first = updates[0]
    assert f"example #{first.index}" in text and "Step 1 of 2 updates" in text
    assert np.allclose(first.w, np.array(start[0]) + first.y * first.x)
    assert np.isclose(first.b, start[1] + first.y)
    sign = "+" if first.y == 1 else "-"
    assert f"w ← w {sign} η·x" in text and f"b ← b {sign} η" in text
    assert f"({first.w[0]:.2f}, {first.w[1]:.2f})" in text
    # the solid line is the boundary after the update, the dashed one the boundary before it
    ax = fig.axes[0]
    before = [ln for ln in ax.lines if ln.get_label() == "boundary before"][0]
    after = [ln for ln in ax.lines if ln.get_label() == "boundary now"][0]
    pb = np.column_stack([before.get_xdata(), before.get_ydata()])
    pa = np.column_stack([after.get_xdata(), after.get_ydata()])
    np.testing.assert_allclose(pb @ np.array(start[0]) + start[1], 0, atol=1e-9)
    np.testing.assert_allclose(pa @ first.w + first.b, 0, atol=1e-9)
    # the current example is ringed
    ring = [c for c in ax.collections if c.get_label() == "current example"][0]
    np.testing.assert_allclose(ring.get_offsets()[0], first.x)
    FigureCanvasAgg(fig).draw()


def test_step_view_start_end_and_every_example(toy):
    X, y = toy
    fig0 = ip.perceptron_step_view(X, y, 0, 1.0)
    assert "Start" in _texts(fig0) and "no line yet" in _texts(fig0)
    model = ip.perceptron_run(X, y, 1.0)
    late = ip.perceptron_step_view(X, y, 10_000, 1.0)
    assert f"converged after {model.n_updates_} updates" in _texts(late)
    # every_example: step k shows visit k, including visits that change nothing
    visits = model.history_
    k = next(i for i, r in enumerate(visits) if not r.updated) + 1
    fig = ip.perceptron_step_view(X, y, k, 1.0, every_example=True)
    text = _texts(fig)
    assert f"Step {k} of {len(visits)} example visits" in text
    assert "correct, nothing changes" in text


def test_step_view_reports_non_convergence():
    X, y01 = make_xor(n_samples=20, seed=1)
    fig = ip.perceptron_step_view(X, to_signed(y01), 10_000, 1.0, max_epochs=3)
    assert "without converging" in _texts(fig)


def test_learning_rate_scales_weights_from_zero_start(toy):
    X, y = toy
    a, b = ip.perceptron_run(X, y, 1.0), ip.perceptron_run(X, y, 0.1)
    assert a.n_updates_ == b.n_updates_
    np.testing.assert_allclose(b.coef_, 0.1 * a.coef_)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"step": -1, "lr": 1.0}, "step"),
        ({"step": 1.5, "lr": 1.0}, "step"),
        ({"step": 1, "lr": 0.0}, "learning rate"),
        ({"step": 1, "lr": -1.0}, "learning rate"),
        ({"step": 1, "lr": 1.0, "init": ((1.0, 2.0, 3.0), 0.0)}, "init"),
        ({"step": 1, "lr": 1.0, "init": "nonsense"}, "init"),
    ],
)
def test_step_view_rejects_bad_input(toy, kwargs, match):
    X, y = toy
    with pytest.raises(ValueError, match=match):
        ip.perceptron_step_view(X, y, **kwargs)


def test_describe_step_numbers():
    run = Perceptron(lr=1.0, init=(np.array([2.0, 2.0]), 0.0)).fit([[1.0, 0.5]], [-1])
    text = ip.describe_step(run.history_[0], 1.0, (2.0, 2.0), 0.0)
    assert "n = w·x + b = 3.00 >= 0" in text and "prediction +1: WRONG" in text
    assert "decrease" in text and "= (1.00, 1.50)" in text and "= -1.00" in text
    last = run.history_[-1]
    assert not last.updated
    assert "correct, nothing changes" in ip.describe_step(last, 1.0, last.w, last.b)


# ---------------------------------------------------------------------------
# convergence helpers
# ---------------------------------------------------------------------------
def test_novikoff_bound_on_separable_data(toy):
    X, y = toy
    theory = ip.novikoff_bound(X, y)
    Xt = np.column_stack([X, np.ones(len(X))])
    u = np.append(theory["w"], theory["b"])
    assert np.linalg.norm(u) == pytest.approx(1.0)
    assert theory["gamma"] > 0
    assert np.min(y * (Xt @ u)) == pytest.approx(theory["gamma"])  # the margin u really has
    assert theory["R"] == pytest.approx(np.max(np.linalg.norm(Xt, axis=1)))
    assert theory["bound"] == pytest.approx((theory["R"] / theory["gamma"]) ** 2)
    for lr in (0.1, 1.0, 3.0):
        assert Perceptron(lr=lr).fit(X, y).n_updates_ <= theory["bound"]


def test_novikoff_bound_exact_margin_on_a_symmetric_set():
    # points (±1, 0) with labels ±1: the best line is f1 = 0, margin 1/||(1, 0, 0)|| * 1 = 1
    X = np.array([[1.0, 0.0], [-1.0, 0.0], [2.0, 1.0], [-2.0, 1.0]])
    y = np.array([1, -1, 1, -1])
    theory = ip.novikoff_bound(X, y)
    assert theory["gamma"] == pytest.approx(1.0, abs=1e-6)
    np.testing.assert_allclose(theory["w"], [1.0, 0.0], atol=1e-6)
    assert theory["b"] == pytest.approx(0.0, abs=1e-6)


def test_novikoff_bound_on_xor_is_infinite():
    X = np.array([[1.0, 1.0], [-1.0, -1.0], [1.0, -1.0], [-1.0, 1.0]])
    y = np.array([-1, -1, 1, 1])
    theory = ip.novikoff_bound(X, y)
    assert theory["gamma"] <= 0 and theory["bound"] == float("inf")


def test_epoch_accuracies(toy):
    X, y = toy
    model = Perceptron().fit(X, y)
    acc = ip.epoch_accuracies(model, X, y)
    assert len(acc) == model.epochs_ and acc[-1] == 1.0
    assert np.all((acc >= 0) & (acc <= 1))
    last_of_first = [r for r in model.history_ if r.epoch == 1][-1]
    assert acc[0] == pytest.approx(np.mean(sgn(X @ last_of_first.w + last_of_first.b) == y))
    with pytest.raises(ValueError, match="not fitted"):
        ip.epoch_accuracies(Perceptron(), X, y)


def test_draw_neuron_labels():
    text = _texts(ip.draw_neuron(biology=True))
    for word in ("dendrites", "soma", "firing", "axon", "sgn", "$w_1$", "$b$"):
        assert word in text
    assert "dendrites" not in _texts(ip.draw_neuron(biology=False))


# ---------------------------------------------------------------------------
# no leaks, and speed
# ---------------------------------------------------------------------------
def test_callbacks_leave_no_pyplot_figures(toy):
    X, y = toy
    plt.close("all")
    ip.neuron_view(X, y, 1, 1, 0)
    ip.perceptron_step_view(X, y, 1, 1.0)
    ip.draw_neuron()
    assert plt.get_fignums() == []


def test_callbacks_draw_with_agg(toy):
    """Both widget callbacks produce figures that render (their speed is in benchmarks/)."""
    X, y = toy
    for i in range(2):
        fig, _ = ip.neuron_view(X, y, 2 - 0.3 * i, 2, 0.2 * i)
        FigureCanvasAgg(fig).draw()
        fig = ip.perceptron_step_view(X, y, i, 0.5)
        FigureCanvasAgg(fig).draw()


def test_widget_figures_are_cached_per_data_set(toy):
    """Same data: the same figure, updated in place; other data: its own figure."""
    X, y = toy
    fig_a, _ = ip.neuron_view(X, y, 2.0, 2.0, 0.0)
    fig_a2, _ = ip.neuron_view(X, y, 1.0, 2.0, 0.5)
    assert fig_a2 is fig_a and "b = 0.50" in fig_a.axes[0].get_title()
    X_other, y_other = X[:10] * 2.0, y[:10]
    fig_b, acc_b = ip.neuron_view(X_other, y_other, 2.0, 2.0, 0.0)
    assert fig_b is not fig_a
    assert f"of {len(y_other)} wrong" in fig_b.axes[0].get_title()
    assert f"of {len(y)} wrong" in fig_a.axes[0].get_title()  # untouched by the other data set
    rings = [c for c in fig_b.axes[0].collections if c.get_label().startswith("misclassified")][0]
    assert len(rings.get_offsets()) == round((1 - acc_b) * len(y_other))
    step_a = ip.perceptron_step_view(X, y, 1, 1.0)
    assert ip.perceptron_step_view(X, y, 0, 1.0) is step_a
    assert ip.perceptron_step_view(X_other, y_other, 0, 1.0) is not step_a


def test_widget_figures_survive_plt_close_and_tight_png(toy):
    """The notebooks display with a tight bounding box and then plt.close the figure."""
    import io

    X, y = toy
    fig, _ = ip.neuron_view(X, y, 2.0, 2.0, 0.0)
    for _ in range(2):
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", bbox_inches="tight")
        assert buffer.getvalue()[:8] == b"\x89PNG\r\n\x1a\n"
        plt.close(fig)  # not a pyplot figure: harmless
        fig, _ = ip.neuron_view(X, y, 1.0, 2.0, 0.0)
    legend = [a for a in fig.axes[0].artists if isinstance(a, fastdraw._PlainLegend)][0]
    assert [t.get_text() for t in legend.get_texts()][:2] == ["no", "yes"]


def test_outline_text_keeps_the_text_api():
    fig = Figure(dpi=80)
    FigureCanvasAgg(fig)
    text = fig.text(0.5, 0.5, "w₁ = −0.300\n∇ 0.125", ha="center", va="center")
    fastdraw._as_outlines(text)
    assert isinstance(text, fastdraw._PathText) and text.get_text() == "w₁ = −0.300\n∇ 0.125"
    fig.canvas.draw()
    box = text.get_window_extent()
    assert box.width > 0 and box.height > 0
    pixels = np.asarray(fig.canvas.buffer_rgba())[..., :3]
    assert (pixels < 128).any()  # something dark was drawn
