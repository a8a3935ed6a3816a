"""Tests for nnlib.interactive.training (chapter 5): the two-weight playground, the optimizer
trajectories, the figures and the loss-surface widget."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from nnlib.gradcheck import numerical_gradient
from nnlib.interactive import training as tr_mod
from nnlib.interactive.frames import MAX_FRAMES, Choice, Slider, View, interact
from nnlib.interactive.training import (
    LOWEST_LOSS,
    LR_LIMIT_GD,
    N_EXAMPLES,
    OPTIMIZER_LABELS,
    OPTIMIZERS,
    W_BEST,
    W_START,
    WIDGET_BATCH_SIZES,
    WIDGET_LRS,
    WIDGET_STEPS,
    batch_gradient,
    compare_view,
    full_loss,
    learning_rate_view,
    loss_surface_view,
    make_optimizer,
    optimizer_trajectory,
)
from nnlib.optim import SGD, Adam
from nnlib.schedules import Constant, Cosine

# --------------------------------------------------------------------------- the problem


def test_loss_surface_is_the_stated_quadratic():
    X, y = tr_mod.X_DATA, tr_mod.Y_DATA
    assert X.shape == (N_EXAMPLES, 2) and y.shape == (N_EXAMPLES,)
    rng = np.random.default_rng(1)
    for w in rng.uniform(-3, 4, size=(5, 2)):
        direct = np.mean((X @ w - y) ** 2)
        formula = (w[0] - 1) ** 2 + 0.1 * (w[1] - 2) ** 2 + 0.25
        assert full_loss(w) == pytest.approx(direct, rel=1e-12)
        assert full_loss(w) == pytest.approx(formula, rel=1e-12)
    assert full_loss(W_BEST) == pytest.approx(LOWEST_LOSS) == pytest.approx(0.25)
    np.testing.assert_allclose(batch_gradient(W_BEST, X, y), 0, atol=1e-12)
    assert LR_LIMIT_GD == 1.0


def test_full_loss_works_on_grids_and_rejects_bad_shapes():
    w1, w2 = np.meshgrid(np.linspace(-2, 4, 7), np.linspace(-3, 4, 5))
    loss = full_loss(np.stack([w1, w2], axis=-1))
    assert loss.shape == (5, 7)
    assert loss[3, 2] == pytest.approx(full_loss(np.array([w1[3, 2], w2[3, 2]])))
    assert loss.min() >= LOWEST_LOSS - 1e-12
    with pytest.raises(ValueError, match="shape"):
        full_loss(np.zeros(3))


def test_batch_gradient_matches_finite_differences():
    X, y = tr_mod.X_DATA[:7], tr_mod.Y_DATA[:7]
    w = np.array([0.3, -1.2])
    numeric = numerical_gradient(lambda v: float(np.mean((X @ v - y) ** 2)), w.copy())
    np.testing.assert_allclose(batch_gradient(w, X, y), numeric, rtol=1e-6, atol=1e-8)


def test_make_optimizer_uses_nnlib_optim():
    sgd = make_optimizer("sgd", 0.1)
    assert isinstance(sgd, SGD) and sgd.momentum == 0 and sgd.lr == 0.1
    mom = make_optimizer("momentum", 0.05)
    assert isinstance(mom, SGD) and mom.momentum == 0.9
    assert isinstance(make_optimizer("adam", 0.01), Adam)


# ----- trajectories ----------------------------------------------------------------
def test_trajectory_shapes_start_and_purity():
    tr = optimizer_trajectory("sgd", 0.1, 20, 30)
    assert tr.weights.shape == (31, 2) and tr.losses.shape == (31,)
    np.testing.assert_array_equal(tr.weights[0], W_START)
    np.testing.assert_allclose(tr.losses, full_loss(tr.weights))
    again = optimizer_trajectory("sgd", 0.1, 20, 30)
    np.testing.assert_array_equal(tr.weights, again.weights)
    other = optimizer_trajectory("sgd", 0.1, 20, 30, seed=1)
    assert not np.allclose(tr.weights, other.weights)
    weights, losses = tr  # unpacks as (weights, losses)
    assert not tr.diverged and tr.steps_done == 30
    zero = optimizer_trajectory("adam", 0.1, 5, 0)
    assert zero.weights.shape == (1, 2) and zero.steps_done == 0


def test_full_batch_sgd_is_plain_gradient_descent_with_the_closed_form():
    lr, steps = 0.3, 12
    a = optimizer_trajectory("sgd", lr, N_EXAMPLES, steps, seed=0)
    b = optimizer_trajectory("sgd", lr, N_EXAMPLES, steps, seed=5)
    np.testing.assert_allclose(a.weights, b.weights, atol=1e-12)  # no randomness with all examples
    t = np.arange(steps + 1)
    # loss = (w1 - 1)² + 0.1 (w2 - 2)² + 0.25: each distance shrinks by (1 - η·curvature) per step
    np.testing.assert_allclose(a.weights[:, 0] - 1, (W_START[0] - 1) * (1 - 2 * lr) ** t, atol=1e-9)
    np.testing.assert_allclose(a.weights[:, 1] - 2, (W_START[1] - 2) * (1 - 0.2 * lr) ** t, atol=1e-9)


def test_momentum_trajectory_matches_the_heavy_ball_rule_by_hand():
    lr, mu, steps = 0.05, 0.9, 15
    tr = optimizer_trajectory("momentum", lr, N_EXAMPLES, steps)
    w, v = W_START.copy(), np.zeros(2)
    for t in range(1, steps + 1):
        g = batch_gradient(w, tr_mod.X_DATA, tr_mod.Y_DATA)
        v = mu * v + g
        w = w - lr * v
        np.testing.assert_allclose(tr.weights[t], w, rtol=1e-12, atol=1e-12)


def test_first_adam_step_moves_each_weight_by_about_lr():
    lr = 0.2
    tr = optimizer_trajectory("adam", lr, N_EXAMPLES, 1)
    g = batch_gradient(W_START, tr_mod.X_DATA, tr_mod.Y_DATA)
    np.testing.assert_allclose(tr.weights[1] - tr.weights[0], -lr * np.sign(g), rtol=1e-6)


def test_minibatches_cover_every_example_once_per_epoch():
    # With batch size 50 and 4 steps (one epoch) SGD with a tiny learning rate moves the weights
    # by (almost exactly) lr times the sum of the four batch gradients = 4 × full gradient.
    lr = 1e-6
    tr = optimizer_trajectory("sgd", lr, 50, 4)
    full = batch_gradient(W_START, tr_mod.X_DATA, tr_mod.Y_DATA)
    np.testing.assert_allclose(tr.weights[4] - W_START, -lr * 4 * full, rtol=1e-4)


def test_learning_rate_limit_and_divergence():
    assert not optimizer_trajectory("sgd", 0.95 * LR_LIMIT_GD, N_EXAMPLES, 100).diverged
    bad = optimizer_trajectory("sgd", 1.2 * LR_LIMIT_GD, N_EXAMPLES, 100)
    assert bad.diverged
    k = bad.steps_done
    assert 0 < k < 100
    assert np.isnan(bad.weights[k + 1 :]).all() and np.isnan(bad.losses[k + 1 :]).all()
    assert np.isfinite(bad.losses[: k + 1]).all()
    assert bad.losses[k] > 100 * bad.losses[0]


def test_smaller_batches_are_noisier():
    def spread(batch_size):
        tail = optimizer_trajectory("sgd", 0.1, batch_size, 400).losses[200:]
        return np.mean(tail) - LOWEST_LOSS

    assert spread(1) > spread(20) > spread(N_EXAMPLES) >= 0


def test_a_shorter_run_is_the_beginning_of_a_longer_one():
    long = optimizer_trajectory("momentum", 0.3, 1, 200)
    short = optimizer_trajectory("momentum", 0.3, 1, 37)
    np.testing.assert_array_equal(short.weights, long.weights[:38])


def test_a_schedule_sets_the_learning_rate_of_every_step():
    # full batch, so the steps are deterministic: w1 - 1 shrinks by (1 - 2 η_s) in step s
    schedule = Cosine(0.4, total=10)
    tr = optimizer_trajectory("sgd", 99.0, N_EXAMPLES, 10, schedule=schedule)
    factors = np.array([1 - 2 * schedule(s) for s in range(10)])
    expected = (W_START[0] - 1) * np.concatenate([[1.0], np.cumprod(factors)])
    np.testing.assert_allclose(tr.weights[:, 0] - 1, expected, atol=1e-12)
    constant = optimizer_trajectory("sgd", 0.4, N_EXAMPLES, 10, schedule=Constant(0.4))
    np.testing.assert_array_equal(constant.weights, optimizer_trajectory("sgd", 0.4, N_EXAMPLES, 10).weights)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"optimizer": "rmsprop"}, ValueError, "optimizer"),
        ({"lr": 0.0}, ValueError, "lr"),
        ({"lr": -0.1}, ValueError, "lr"),
        ({"lr": float("nan")}, ValueError, "lr"),
        ({"lr": "fast"}, TypeError, "lr"),
        ({"batch_size": 0}, ValueError, "batch_size"),
        ({"batch_size": N_EXAMPLES + 1}, ValueError, "batch_size"),
        ({"batch_size": 2.5}, ValueError, "batch_size"),
        ({"steps": -1}, ValueError, "steps"),
        ({"steps": 10**6}, ValueError, "steps"),
    ],
)
def test_bad_input_raises_a_clear_error(kwargs, error, match):
    args = {"optimizer": "sgd", "lr": 0.1, "batch_size": 10, "steps": 5} | kwargs
    with pytest.raises(error, match=match):
        optimizer_trajectory(**args)


# --------------------------------------------------------------------------- figures


def _visible_lines(ax):
    return [line for line in ax.get_lines() if line.get_visible() and len(line.get_xdata()) > 1]


def test_loss_surface_view_draws_the_run_up_to_the_step():
    view = loss_surface_view("momentum", 0.1, 20, 50)
    assert isinstance(view, View) and isinstance(view.figure, Figure) and len(view.figure.axes) == 2
    tr = optimizer_trajectory("momentum", 0.1, 20, 50)
    ax_map, ax_loss = view.figure.axes
    (path,) = _visible_lines(ax_map)
    np.testing.assert_allclose(path.get_xydata(), tr.weights)
    (curve,) = _visible_lines(ax_loss)
    np.testing.assert_allclose(curve.get_ydata(), tr.losses)
    assert view.summary == f"loss {tr.losses[-1]:.3f} after 50 steps"
    assert "batch size 20" in ax_map.get_title() and "SGD + momentum" in ax_map.get_title()
    assert ax_loss.get_title() == f"Loss {tr.losses[-1]:.3f} after 50 steps"
    assert not any(t.get_visible() and "diverged" in t.get_text() for t in ax_loss.texts)


def test_loss_surface_view_marks_divergence_and_is_reused():
    view = loss_surface_view("sgd", 1.2, N_EXAMPLES, 50)
    tr = optimizer_trajectory("sgd", 1.2, N_EXAMPLES, 50)
    assert tr.diverged and view.summary == f"diverged after {tr.steps_done + 1} steps"
    assert any(t.get_visible() and "diverged" in t.get_text() for t in view.figure.axes[1].texts)
    again = loss_surface_view("sgd", 0.1, N_EXAMPLES, 50)
    assert again.figure is view.figure  # updated in place, not a new figure
    assert not any(t.get_visible() and "diverged" in t.get_text() for t in again.figure.axes[1].texts)
    with pytest.raises(ValueError, match="optimizer"):
        loss_surface_view("newton", 0.1, 10, 10)
    with pytest.raises(ValueError, match="steps"):
        loss_surface_view("sgd", 0.1, 10, 201)


def _widget(mode="frames"):
    return interact(
        loss_surface_view,
        mode=mode,
        alt="test",
        optimizer=Choice("optimizer", {OPTIMIZER_LABELS[k]: k for k in OPTIMIZERS}),
        lr=Slider("η", values=WIDGET_LRS, value=0.1),
        batch_size=Slider("batch size", values=WIDGET_BATCH_SIZES, value=20),
        steps=Slider("steps", values=WIDGET_STEPS, value=50),
    )


def test_every_grid_point_the_budget_and_the_stability_boundary():
    box = _widget()
    n = len(OPTIMIZERS) * len(WIDGET_LRS) * len(WIDGET_BATCH_SIZES) * len(WIDGET_STEPS)
    assert box.manifest["n_frames"] == n <= 400 <= MAX_FRAMES
    frames = box.manifest["frames"]
    last = len(WIDGET_STEPS) - 1

    def summary(optimizer, lr, batch_size):
        index = (
            OPTIMIZERS.index(optimizer),
            WIDGET_LRS.index(lr),
            WIDGET_BATCH_SIZES.index(batch_size),
            last,
        )
        return frames["-".join(map(str, index))]["summary"]

    # chapter 5's exercise: the largest stable learning rate of SGD within 200 steps
    for batch_size, stable, unstable in ((1, 0.3, 0.5), (N_EXAMPLES, 0.9, 1.2)):
        assert summary("sgd", stable, batch_size).startswith("loss")
        assert summary("sgd", unstable, batch_size).startswith("diverged")
    assert all(summary("adam", lr, b).startswith("loss") for lr in WIDGET_LRS for b in WIDGET_BATCH_SIZES)


def test_live_widget_builds():
    assert _widget("live").children


def test_compare_and_learning_rate_views():
    fig = compare_view([("sgd", 0.3), ("momentum", 0.03), ("adam", 0.1)], 20, 30)
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert sum("η" in label for label in labels) == 3
    with pytest.raises(ValueError, match="once"):
        compare_view([("sgd", 0.1), ("sgd", 0.2)], 20, 10)
    fig = learning_rate_view("sgd", [0.02, 0.3, 1.2], titles=["too small", "good", "too large"])
    assert len(fig.axes) == 3 and "too large" in fig.axes[2].get_title()
    assert any("diverged" in t.get_text() for t in fig.axes[2].texts)
    with pytest.raises(ValueError, match="one title per"):
        learning_rate_view("sgd", [0.1, 0.2], titles=["a"])
