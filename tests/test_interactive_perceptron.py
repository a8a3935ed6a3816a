"""Tests for chapter 1's maths and widgets (nnlib.interactive.perceptron)."""

import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from nnlib import Perceptron
from nnlib.data import make_blobs, make_xor, to_signed
from nnlib.interactive import frames
from nnlib.interactive import perceptron as ip
from nnlib.interactive.frames import Choice, Slider, View, frame_grid, interact, render_png
from nnlib.perceptron import sgn

START = ((2.0, 2.0), 0.0)  # the chapter's worked example, where the second widget starts

# The grids of the chapter's two widgets (chapters/01_perceptron.ipynb; keep them in step).
NEURON_CONTROLS = {
    "w1": Slider("w₁", values=range(-3, 4), value=2, live=(-4, 4, 0.1)),
    "w2": Slider("w₂", values=range(-3, 4), value=2, live=(-4, 4, 0.1)),
    "b": Slider("b", values=range(-3, 4), value=0, live=(-4, 4, 0.1)),
}
STEP_CONTROLS = {
    "step": Slider("step", values=range(18), value=1, live=(0, 240, 1)),
    "lr": Slider("η", values=[0.1, 0.5, 1, 2], value=1, live=(0.1, 2, 0.1)),
    "every_example": Choice("show", {"updates only": False, "every example": True}),
}


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


def _line_points(line):
    return np.column_stack([line.get_xdata(), line.get_ydata()])


def _accuracy(X, y, w, b):
    """Computed independently of the module: count by hand."""
    right = sum(
        int((1 if x @ np.asarray(w, float) + b >= 0 else -1) == label) for x, label in zip(X, y, strict=True)
    )
    return right, len(y)


# --------------------------------------------------------------------------- boundary_segment


def test_boundary_segment_end_points_lie_on_the_line_and_in_the_box():
    w, b = (2.0, 2.0), -1.0
    seg = ip.boundary_segment(w, b, (-3, 3), (-2, 2))
    assert seg.shape == (2, 2)
    np.testing.assert_allclose(seg @ np.array(w) + b, 0, atol=1e-12)
    assert np.all(np.abs(seg[:, 0]) <= 3 + 1e-9) and np.all(np.abs(seg[:, 1]) <= 2 + 1e-9)


def test_boundary_segment_vertical_horizontal_corner_and_missing_lines():
    vertical = ip.boundary_segment((1.0, 0.0), -0.5, (0, 1), (0, 1))  # f1 = 0.5
    np.testing.assert_allclose(np.sort(vertical[:, 1]), [0, 1])
    np.testing.assert_allclose(vertical[:, 0], [0.5, 0.5])
    horizontal = ip.boundary_segment((0.0, 2.0), -1.0, (0, 1), (0, 1))  # f2 = 0.5
    np.testing.assert_allclose(horizontal[:, 1], [0.5, 0.5])
    diagonal = ip.boundary_segment((1.0, -1.0), 0.0, (0, 1), (0, 1))  # through two corners
    np.testing.assert_allclose(np.sort(diagonal, axis=0), [[0, 0], [1, 1]])
    assert ip.boundary_segment((1.0, 1.0), 0.0, (0, 1), (0, 1)) is None  # touches one corner only
    assert ip.boundary_segment((0.0, 0.0), 1.0, (0, 1), (0, 1)) is None  # no line at all
    assert ip.boundary_segment((1.0, 0.0), -5.0, (0, 1), (0, 1)) is None  # f1 = 5: outside


# --------------------------------------------------------------------------- widget 1: neuron_view


def test_neuron_view_worked_example(toy):
    X, y = toy
    view = ip.neuron_view(X, y, 2.0, 2.0, 0.0)
    assert isinstance(view, View) and isinstance(view.figure, Figure)
    assert _accuracy(X, y, (2, 2), 0) == (34, 40)
    assert view.summary == "accuracy 0.85 (34 of 40 correct)"
    assert "accuracy 0.85 (6 of 40 wrong)" in view.figure.axes[0].get_title()
    ax = view.figure.axes[0]
    np.testing.assert_allclose(_line_points(ax.lines[0]) @ [2.0, 2.0], 0, atol=1e-9)  # 2 f1 + 2 f2 = 0
    wrong = np.where(X @ [2.0, 2.0] >= 0, 1, -1) != y
    rings = [c for c in ax.collections if c.get_visible() and len(c.get_offsets()) == wrong.sum()]
    assert len(rings) == 1
    np.testing.assert_allclose(np.sort(rings[0].get_offsets(), axis=0), np.sort(X[wrong], axis=0))


def test_neuron_view_every_grid_point_states_the_right_accuracy(toy):
    """The view only updates artists (cheap): check all 343 frames of the chapter's grid."""
    X, y = toy
    perfect = []
    for values in frame_grid(NEURON_CONTROLS):
        view = ip.neuron_view(X, y, **values)
        right, n = _accuracy(X, y, (values["w1"], values["w2"]), values["b"])
        assert view.summary == f"accuracy {right / n:.2f} ({right} of {n} correct)", values
        perfect += [tuple(values.values())] if right == n else []
    assert (2, 2, -3) in perfect  # the worked example's line, slid by b alone, reaches 100 %
    assert len(frame_grid(NEURON_CONTROLS)) == 343


def test_neuron_view_sign_convention_and_scaling():
    X = np.array([[0.0, 2.0], [-1.0, 0.0], [1.0, -1.0]])  # z = 4, -2, 0 for w = (2, 2), b = 0
    y = np.array([1, -1, 1])  # sgn(0) = +1: the point on the line is red
    assert ip.neuron_view(X, y, 2, 2, 0).summary == "accuracy 1.00 (3 of 3 correct)"
    assert ip.neuron_view(X, y, 1, 1, 0).summary == "accuracy 1.00 (3 of 3 correct)"  # same line
    # flipping every sign swaps the colours, except on the line, where sgn(0) = +1 stays
    assert ip.neuron_view(X, y, -2, -2, 0).summary == "accuracy 0.33 (1 of 3 correct)"


def test_neuron_view_without_a_line_says_so(toy):
    X, y = toy
    view = ip.neuron_view(X, y, 0.0, 0.0, 0.0)
    assert view.summary == "accuracy 0.50 (20 of 40 correct)"  # sgn(0) = +1: every point red
    assert "no line" in _texts(view.figure) and "+1" in _texts(view.figure)
    assert "−1" in _texts(ip.neuron_view(X, y, 0.0, 0.0, -1.0).figure)
    assert "outside the picture" in _texts(ip.neuron_view(X, y, 1.0, 0.0, -50.0).figure)
    assert "no line" not in _texts(ip.neuron_view(X, y, 1.0, 1.0, 0.0).figure)


@pytest.mark.parametrize(
    "args, error, match",
    [
        ((np.zeros((4, 3)), [1, -1, 1, -1], 1, 1, 0), ValueError, "2 features"),
        ((np.zeros((4, 2)), [1, -1, 1], 1, 1, 0), ValueError, "same number of examples"),
        ((np.zeros((4, 2)), [0, 1, 0, 1], 1, 1, 0), ValueError, "allowed set"),
        ((np.zeros((4, 2)), [1, -1, 1, -1], np.nan, 1, 0), ValueError, "w1"),
        ((np.zeros((4, 2)), [1, -1, 1, -1], 1, 1, np.inf), ValueError, "b must be a finite"),
        ((np.full((4, 2), np.nan), [1, -1, 1, -1], 1, 1, 0), ValueError, "NaN"),
        ((np.zeros((4, 2)), [1, -1, 1, -1], "1", 1, 0), TypeError, "w1"),
    ],
)
def test_neuron_view_rejects_bad_input(args, error, match):
    with pytest.raises(error, match=match):
        ip.neuron_view(*args)


# --------------------------------------------------------------------------- widget 2: the stepper


def test_perceptron_run_matches_nnlib_and_silences_the_warning(toy):
    X, y = toy
    run = ip.perceptron_run(X, y, 0.5, init=START)
    ref = Perceptron(lr=0.5, init=(np.array([2.0, 2.0]), 0.0)).fit(X, y)
    assert run.n_updates_ == ref.n_updates_ == 4
    np.testing.assert_allclose(run.coef_, ref.coef_)
    X_xor, y01 = make_xor(n_samples=40, seed=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert not ip.perceptron_run(X_xor, to_signed(y01), 1.0, max_epochs=5).converged_


def test_step_view_follows_the_rule_step_by_step(toy):
    X, y = toy
    updates = [r for r in ip.perceptron_run(X, y, 1.0, init=START).history_ if r.updated]
    assert len(updates) == 2
    w, b = np.array(START[0]), START[1]
    for k, record in enumerate(updates, start=1):
        view = ip.perceptron_step_view(X, y, k, 1.0, init=START)
        # the rule by hand: w <- w + eta y x, b <- b + eta y
        w_new, b_new = w + record.y * record.x, b + record.y
        np.testing.assert_allclose(record.w, w_new)
        right, n = _accuracy(X, y, w_new, b_new)
        assert view.summary == (
            f"step {k} of 2 updates, η = 1, epoch 1, example #{record.index}: an update; "
            f"accuracy {right / n:.2f} ({right} of {n} correct)"
        )
        text = _texts(view.figure)
        sign = "+" if record.y == 1 else "−"
        assert f"w ← w {sign} η·x" in text and f"b ← b {sign} η" in text
        assert f"({w_new[0]:.2f}, {w_new[1]:.2f})".replace("-", "−") in text
        ax = view.figure.axes[0]
        lines = {line.get_label(): line for line in ax.lines}
        np.testing.assert_allclose(_line_points(lines["boundary before the step"]) @ w + b, 0, atol=1e-9)
        np.testing.assert_allclose(_line_points(lines["boundary now"]) @ w_new + b_new, 0, atol=1e-9)
        orange = [c for c in ax.collections if c.get_visible() and c.get_sizes().tolist() == [320]]
        np.testing.assert_allclose(orange[0].get_offsets()[0], record.x)
        w, b = w_new, b_new
    assert "that was the last step: converged: 2 updates in 2 epochs" in _texts(view.figure)


def test_step_view_start_end_and_every_example(toy):
    X, y = toy
    start = ip.perceptron_step_view(X, y, 0, 1.0)  # from zero: sgn(0) = +1 everywhere
    assert start.summary == "step 0 of 11 updates, η = 1, the start; accuracy 0.50 (20 of 40 correct)"
    assert "sgn(0) = +1" in _texts(start.figure)
    model = ip.perceptron_run(X, y, 1.0)
    late = ip.perceptron_step_view(X, y, 10_000, 1.0)
    assert late.summary.startswith("step 10000: the run is over after 11 updates")
    assert late.summary.endswith("the final state; accuracy 1.00 (40 of 40 correct)")
    assert f"w = ({model.coef_[0]:.2f}, {model.coef_[1]:.2f})" in _texts(late.figure)
    assert "converged: 11 updates in 5 epochs" in _texts(late.figure)
    # every_example: step k shows visit k, also the visits that change nothing
    k = next(i for i, r in enumerate(model.history_) if not r.updated) + 1
    visit = ip.perceptron_step_view(X, y, k, 1.0, every_example=True)
    assert f"step {k} of {len(model.history_)} visits" in visit.summary and "no change" in visit.summary
    assert "right, no change" in _texts(visit.figure)


def test_step_view_every_grid_point(toy):
    """Every frame of the chapter's grid: the step shown and the accuracy, computed from the run."""
    X, y = toy
    for values in frame_grid(STEP_CONTROLS):
        view = ip.perceptron_step_view(X, y, init=START, **values)
        run = ip.perceptron_run(X, y, values["lr"], init=START)
        steps = [r for r in run.history_ if values["every_example"] or r.updated]
        k = values["step"]
        if k == 0:
            w, b = START
        elif k <= len(steps):
            w, b = steps[k - 1].w, steps[k - 1].b
        else:
            w, b = run.coef_, run.intercept_
        right, n = _accuracy(X, y, w, b)
        assert view.summary.endswith(f"accuracy {right / n:.2f} ({right} of {n} correct)"), values
        assert ("the run is over" in view.summary) == (k > len(steps)), values
    # the updates of every learning rate in the grid fit on the step slider
    for lr in STEP_CONTROLS["lr"].values:
        assert ip.perceptron_run(X, y, lr, init=START).n_updates_ < max(STEP_CONTROLS["step"].values)


def test_step_view_reports_non_convergence():
    X, y01 = make_xor(n_samples=20, seed=1)
    view = ip.perceptron_step_view(X, to_signed(y01), 10_000, 1.0, max_epochs=3)
    assert "without converging" in _texts(view.figure)


def test_learning_rate_scales_weights_from_zero_start(toy):
    X, y = toy
    a, b = ip.perceptron_run(X, y, 1.0), ip.perceptron_run(X, y, 0.1)
    assert a.n_updates_ == b.n_updates_
    np.testing.assert_allclose(b.coef_, 0.1 * a.coef_)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"step": -1, "lr": 1.0}, ValueError, "step"),
        ({"step": 1.5, "lr": 1.0}, ValueError, "step"),
        ({"step": 1, "lr": 0.0}, ValueError, "lr"),
        ({"step": 1, "lr": -1.0}, ValueError, "lr"),
        ({"step": 1, "lr": 1.0, "init": ((1.0, 2.0, 3.0), 0.0)}, ValueError, "init"),
        ({"step": 1, "lr": 1.0, "init": "nonsense"}, TypeError, "init"),
        ({"step": 1, "lr": 1.0, "every_example": "yes"}, TypeError, "every_example"),
    ],
)
def test_step_view_rejects_bad_input(toy, kwargs, error, match):
    X, y = toy
    with pytest.raises(error, match=match):
        ip.perceptron_step_view(X, y, **kwargs)


def test_describe_step_numbers():
    run = Perceptron(lr=1.0, init=(np.array([2.0, 2.0]), 0.0)).fit([[1.0, 0.5]], [-1])
    text = ip.describe_step(run.history_[0], 1.0, (2.0, 2.0), 0.0)
    assert text.splitlines() == [
        "epoch 1, example #0: x = (1.00, 0.50), label y = −1",
        "z = w·x + b = 3.00 ≥ 0, so ŷ = +1: wrong, update",
        "w ← w − η·x = (2.00, 2.00) − 1·(1.00, 0.50) = (1.00, 1.50)",
        "b ← b − η = 0.00 − 1 = −1.00",
    ]
    last = run.history_[-1]
    assert not last.updated
    assert "right, no change" in ip.describe_step(last, 1.0, last.w, last.b)


# --------------------------------------------------------------------------- frames and figures


def test_chapter_grids_fit_the_frame_budget():
    n_neuron, n_step = len(frame_grid(NEURON_CONTROLS)), len(frame_grid(STEP_CONTROLS))
    assert n_neuron <= frames.MAX_FRAMES and n_step <= frames.MAX_FRAMES
    assert n_neuron + n_step <= 500  # the chapter's budget
    for control in [*NEURON_CONTROLS.values(), *STEP_CONTROLS.values()]:
        control.index()  # the initial value is one of the precomputed ones


def test_frames_mode_on_a_small_grid(toy):
    X, y = toy
    box = interact(
        lambda step, lr: ip.perceptron_step_view(X, y, step, lr, init=START),
        mode="frames",
        alt="the perceptron algorithm",
        step=Slider("step", values=[0, 1, 2, 3], value=1),
        lr=Slider("η", values=[1, 2], value=1),
    )
    manifest = box.manifest
    assert manifest["n_frames"] == 8
    assert manifest["frames"]["3-0"]["summary"].startswith("step 3: the run is over after 2 updates")
    assert len({f["sha256"] for f in manifest["frames"].values()}) == 8  # every frame differs


def test_the_frozen_picture_matches_a_plain_drawing(toy, monkeypatch):
    """What frames.freeze draws once is what matplotlib would draw in every frame."""
    X, y = toy

    def pixels(view):
        view.figure.canvas.draw()
        return np.asarray(view.figure.canvas.buffer_rgba())[..., :3].astype(int)

    baked = [pixels(ip.neuron_view(X, y, 2, 2, 0)), pixels(ip.perceptron_step_view(X, y, 1, 1.0, init=START))]
    monkeypatch.setattr(ip, "freeze", lambda *args, **kwargs: None)
    monkeypatch.setattr(frames, "_REUSED", {})
    plain = [pixels(ip.neuron_view(X, y, 2, 2, 0)), pixels(ip.perceptron_step_view(X, y, 1, 1.0, init=START))]
    for a, b in zip(baked, plain, strict=True):
        assert a.shape == b.shape
        # only where a line or ring passes under a data point (the picture is drawn on top)
        assert (np.abs(a - b).max(axis=-1) > 30).mean() < 0.001


def test_widget_figures_are_reused_per_data_set(toy):
    X, y = toy
    a = ip.neuron_view(X, y, 2.0, 2.0, 0.0).figure
    assert ip.neuron_view(X, y, 1.0, 2.0, 0.5).figure is a
    X_other, y_other = X[:10] * 2.0, y[:10]
    other = ip.neuron_view(X_other, y_other, 2.0, 2.0, 0.0)
    assert other.figure is not a and "of 10 correct" in other.summary
    assert "of 40 wrong" in a.axes[0].get_title()  # untouched by the other data set
    step = ip.perceptron_step_view(X, y, 1, 1.0).figure
    assert ip.perceptron_step_view(X, y, 0, 1.0).figure is step
    assert ip.perceptron_step_view(X_other, y_other, 0, 1.0).figure is not step


def test_no_pyplot_figures_and_pngs_render(toy):
    X, y = toy
    plt.close("all")
    for view in (ip.neuron_view(X, y, 1, 1, 0), ip.perceptron_step_view(X, y, 1, 1.0)):
        assert render_png(view.figure)[:8] == b"\x89PNG\r\n\x1a\n"
    ip.draw_neuron()
    assert plt.get_fignums() == []


# --------------------------------------------------------------------------- convergence and the diagram


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
    # points (±1, 0), (±2, 1) with labels ±1: the best u is (1, 0, 0), margin 1
    X = np.array([[1.0, 0.0], [-1.0, 0.0], [2.0, 1.0], [-2.0, 1.0]])
    y = np.array([1, -1, 1, -1])
    theory = ip.novikoff_bound(X, y)
    assert theory["gamma"] == pytest.approx(1.0, abs=1e-6)
    np.testing.assert_allclose(theory["w"], [1.0, 0.0], atol=1e-6)
    assert theory["b"] == pytest.approx(0.0, abs=1e-6)
    assert theory["R"] == pytest.approx(np.sqrt(6)) and theory["bound"] == pytest.approx(6.0, rel=1e-5)


def test_novikoff_bound_on_xor_is_infinite():
    X = np.array([[1.0, 1.0], [-1.0, -1.0], [1.0, -1.0], [-1.0, 1.0]])
    y = np.array([-1, -1, 1, 1])
    theory = ip.novikoff_bound(X, y)
    assert theory["gamma"] <= 0 and theory["bound"] == float("inf")


def test_epoch_accuracies(toy):
    X, y = toy
    model = Perceptron().fit(X, y)
    acc = ip.epoch_accuracies(model, X, y)
    assert len(acc) == model.epochs_ == 5 and acc[-1] == 1.0
    last_of_first = [r for r in model.history_ if r.epoch == 1][-1]
    assert acc[0] == pytest.approx(np.mean(sgn(X @ last_of_first.w + last_of_first.b) == y))
    with pytest.raises(ValueError, match="not fitted"):
        ip.epoch_accuracies(Perceptron(), X, y)


def test_draw_neuron_labels():
    text = _texts(ip.draw_neuron(biology=True))
    for word in ("dendrites", "soma", "firing", "axon", "sgn", "$w_1$", "$b$", "$z = ", r"$\hat{y}$"):
        assert word in text
    assert "dendrites" not in _texts(ip.draw_neuron(biology=False))


def test_every_public_function_is_documented():
    for name in ip.__all__:
        assert getattr(ip, name).__doc__, name
    assert not any(name.startswith("_check") for name in dir(ip))
    assert ip.__all__ == sorted(ip.__all__)
