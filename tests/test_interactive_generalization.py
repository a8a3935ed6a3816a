"""Tests for the chapter 6 widget callbacks and figure helpers (nnlib.interactive.generalization)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from nnlib.data import make_moons, make_polynomial_regression, true_polynomial
from nnlib.interactive.generalization import (
    N_POOL,
    N_VALIDATION,
    bias_variance,
    bias_variance_figure,
    capacity_data,
    capacity_view,
    classification_fits_figure,
    fit_polynomial,
    loss_curves_figure,
    mse,
    polynomial_errors,
    regression_fits_figure,
)


# ---------------------------------------------------------------------------
# fit_polynomial / polynomial_errors
# ---------------------------------------------------------------------------
def test_fit_polynomial_recovers_an_exact_polynomial():
    x = np.linspace(-1, 1, 12)
    y = 0.5 - 2 * x + 3 * x**3
    p = fit_polynomial(x, y, 3)
    np.testing.assert_allclose(p.coef, [0.5, -2.0, 0.0, 3.0], atol=1e-10)
    np.testing.assert_allclose(p(0.3), 0.5 - 0.6 + 3 * 0.027)


def test_fit_polynomial_matches_numpy_polyfit():
    x, y = make_polynomial_regression(25, noise=0.3, seed=3)
    for degree in (0, 1, 4, 7):
        ours = fit_polynomial(x, y, degree)(x)
        reference = np.polynomial.Polynomial.fit(x, y, degree)(x)
        np.testing.assert_allclose(ours, reference, atol=1e-8)


def test_degree_zero_is_the_mean_and_interpolation_is_exact():
    x, y = make_polynomial_regression(8, noise=0.3, seed=1)
    np.testing.assert_allclose(fit_polynomial(x, y, 0).coef, [y.mean()])
    # 8 points, degree 7: the polynomial passes through every point.
    np.testing.assert_allclose(fit_polynomial(x, y, 7)(x), y, atol=1e-8)
    # Fewer points than coefficients still works (minimum-norm exact fit).
    np.testing.assert_allclose(fit_polynomial(x, y, 12)(x), y, atol=1e-6)


@pytest.mark.parametrize(
    ("x", "y", "degree", "match"),
    [
        ([0.0, 1.0], [1.0], 1, "same length"),
        ([[0.0, 1.0]], [[1.0, 2.0]], 1, "1-D"),
        ([], [], 1, "empty"),
        ([0.0, np.nan], [1.0, 2.0], 1, "NaN"),
        ([0.0, 1.0], [1.0, 2.0], -1, "between 0"),
        ([0.0, 1.0], [1.0, 2.0], 2.5, "whole number"),
        ([0.0, 1.0], [1.0, 2.0], 99, "between 0"),
    ],
)
def test_fit_polynomial_rejects_bad_input(x, y, degree, match):
    with pytest.raises(ValueError, match=match):
        fit_polynomial(x, y, degree)


def test_polynomial_errors_on_the_chapter_data():
    x, y = make_polynomial_regression(20, noise=0.3, seed=0)
    xv, yv = make_polynomial_regression(200, noise=0.3, seed=1)
    errors = polynomial_errors(x, y, xv, yv, range(1, 16))
    assert list(errors["degree"]) == list(range(1, 16))
    # More capacity never fits the training points worse (nested least-squares problems).
    assert np.all(np.diff(errors["train_mse"]) <= 1e-12)
    # ... but the validation error is lowest near the true degree, 3, and explodes at 15.
    assert int(errors["degree"][np.argmin(errors["val_mse"])]) in (3, 4)
    assert errors["val_mse"][2] == pytest.approx(errors["val_mse"].min(), rel=0.01)
    assert errors["val_mse"][-1] > 100 * errors["val_mse"][2]
    # Training error of the cubic is close to noise² = 0.09 (a little below: it fits some noise).
    assert 0.01 < errors["train_mse"][2] < 0.09


def test_polynomial_errors_rejects_bad_input():
    x, y = make_polynomial_regression(10, seed=0)
    with pytest.raises(ValueError, match="same length"):
        polynomial_errors(x, y, x, y[:-1])
    with pytest.raises(ValueError, match="empty"):
        polynomial_errors(x, y, x, y, [])


def test_mse():
    assert mse(np.array([1.0, 2.0]), np.array([1.0, 4.0])) == 2.0
    with pytest.raises(ValueError, match="shapes differ"):
        mse(np.zeros(2), np.zeros(3))


# ---------------------------------------------------------------------------
# the widget
# ---------------------------------------------------------------------------
def test_capacity_data_is_nested_and_scales_the_same_noise():
    x10, y10, xv, yv = capacity_data(10, 0.3)
    x30, y30, _, _ = capacity_data(30, 0.3)
    assert len(x10) == 10 and len(x30) == 30 and len(xv) == N_VALIDATION
    assert set(x10.tolist()) <= set(x30.tolist())  # more data keeps the old points
    assert np.all(np.diff(x10) >= 0)
    x0, y0, xv0, yv0 = capacity_data(10, 0.0)
    np.testing.assert_allclose(x0, x10)
    np.testing.assert_allclose(y0, true_polynomial(x0))  # no noise: on the curve
    np.testing.assert_allclose(y10 - y0, 0.5 * (capacity_data(10, 0.6)[1] - y0))
    np.testing.assert_allclose(yv0, true_polynomial(xv0))
    # The validation points are not the training points.
    assert not np.isin(xv, capacity_data(N_POOL, 0.3)[0]).any()


@pytest.mark.parametrize(
    ("n_train", "noise", "match"),
    [(1, 0.3, "between 2"), (N_POOL + 1, 0.3, "between 2"), (5.5, 0.3, "whole"), (10, -0.1, "noise")],
)
def test_capacity_data_rejects_bad_input(n_train, noise, match):
    with pytest.raises(ValueError, match=match):
        capacity_data(n_train, noise)


def test_capacity_view_values_and_figure():
    fig, values = capacity_view(3, 20, 0.3)
    assert isinstance(fig, Figure)
    assert len(fig.axes) == 2
    x, y, xv, yv = capacity_data(20, 0.3)
    p = fit_polynomial(x, y, 3)
    assert values["train_mse"] == pytest.approx(mse(p(x), y))
    assert values["val_mse"] == pytest.approx(mse(p(xv), yv))
    assert values["best_degree"] == 3
    ax_fit, ax_err = fig.axes
    assert "Degree 3" in ax_fit.get_title()
    assert ax_fit.get_xlabel() and ax_fit.get_ylabel() and ax_err.get_xlabel()
    assert ax_err.get_yscale() == "log"
    # The fitted curve is drawn: one line equals p on [-1, 1].
    fitted = [ln for ln in ax_fit.get_lines() if ln.get_label() == "fit, degree 3"]
    assert len(fitted) == 1
    np.testing.assert_allclose(fitted[0].get_ydata(), p(fitted[0].get_xdata()))
    # The chosen degree is marked on the error curve.
    marks = [ln for ln in ax_err.get_lines() if "your degree" in str(ln.get_label())]
    assert len(marks) == 1 and marks[0].get_xdata()[0] == 3


def test_capacity_view_shows_overfitting_and_more_data_helps():
    _, few = capacity_view(15, 20, 0.3)
    _, many = capacity_view(15, 200, 0.3)
    _, cubic = capacity_view(3, 20, 0.3)
    assert few["train_mse"] < cubic["train_mse"] < cubic["val_mse"] < few["val_mse"]
    assert many["val_mse"] < 0.2 < few["val_mse"]
    _, clean = capacity_view(3, 20, 0.0)
    assert clean["train_mse"] < 1e-20 and clean["val_mse"] < 1e-20
    _, line = capacity_view(1, 200, 0.0)
    assert line["train_mse"] > 0.1  # a line cannot follow the cubic, even without noise


@pytest.mark.parametrize("degree", [0, 16, 2.0])
def test_capacity_view_rejects_bad_degree(degree):
    with pytest.raises(ValueError, match="degree"):
        capacity_view(degree, 20, 0.3)


def test_capacity_view_draws_and_leaks_no_figures():
    """(Its speed is measured in benchmarks/, not asserted in a unit test.)"""
    open_before = plt.get_fignums()
    for degree in (1, 3, 6, 10, 15, 2, 4):
        fig, _ = capacity_view(degree, 40, 0.25)
        FigureCanvasAgg(fig).draw()  # a bare Figure's own canvas does not draw
    assert plt.get_fignums() == open_before


# ---------------------------------------------------------------------------
# three-panel figures
# ---------------------------------------------------------------------------
def test_regression_fits_figure():
    x, y = make_polynomial_regression(20, noise=0.3, seed=0)
    xv, yv = make_polynomial_regression(200, noise=0.3, seed=1)
    fig, results = regression_fits_figure(x, y, xv, yv)
    assert len(fig.axes) == 3
    titles = [ax.get_title() for ax in fig.axes]
    assert "underfitted" in titles[0] and "just right" in titles[1] and "overfitted" in titles[2]
    assert [r["degree"] for r in results] == [1, 3, 15]
    assert results[2]["train_mse"] < results[1]["train_mse"] < results[0]["train_mse"]
    assert results[1]["val_mse"] < results[0]["val_mse"] < results[2]["val_mse"]
    assert all(ax.get_xlabel() for ax in fig.axes)
    with pytest.raises(ValueError, match="empty"):
        regression_fits_figure(x, y, xv, yv, degrees=())


def test_classification_fits_figure():
    X, y = make_moons(160, noise=0.35, seed=1)
    Xt, yt = make_moons(200, noise=0.35, seed=2)
    fig, results = classification_fits_figure(X, y, Xt, yt, ks=(61, 15, 1), resolution=40)
    assert len(fig.axes) == 3
    assert "underfitted" in fig.axes[0].get_title() and "overfitted" in fig.axes[2].get_title()
    assert results[2]["k"] == 1 and results[2]["train_accuracy"] == 1.0  # k = 1 memorises
    assert results[1]["test_accuracy"] > results[0]["test_accuracy"]
    for r in results:
        assert 0.0 <= r["test_accuracy"] <= 1.0
    with pytest.raises(ValueError):
        classification_fits_figure(X, y, Xt, yt, ks=(len(X) + 1,))


def test_bias_variance_tells_the_classic_story():
    low, mid, high = (bias_variance(d) for d in (1, 3, 15))
    assert low["bias2"] > 10 * mid["bias2"]  # a line is systematically wrong
    assert high["variance"] > 10 * mid["variance"]  # degree 15 changes with every data set
    assert low["variance"] < high["variance"]
    # The mean squared distance to the truth splits exactly into bias² + variance.
    fits = mid["fits"]
    error = np.mean((fits - true_polynomial(mid["x"])) ** 2)
    assert error == pytest.approx(mid["bias2"] + mid["variance"])
    with pytest.raises(ValueError, match="n_repeats"):
        bias_variance(3, n_repeats=1)


def test_bias_variance_figure():
    fig, results = bias_variance_figure((1, 3), n_repeats=5)
    assert len(fig.axes) == 2
    assert "bias²" in fig.axes[0].get_title()
    assert results[0]["fits"].shape == (5, 101)


def test_loss_curves_figure():
    fig = loss_curves_figure([("a", [3, 2, 1]), ("b", [1, 2, 3])], reference=[2, 1, 0.5])
    assert len(fig.axes) == 2
    assert [ax.get_title() for ax in fig.axes] == ["a", "b"]
    ydata = [ln.get_ydata().tolist() for ln in fig.axes[1].get_lines()]
    assert [1, 2, 3] in ydata and [2, 1, 0.5] in ydata
    with pytest.raises(ValueError, match="empty"):
        loss_curves_figure([])
    with pytest.raises(ValueError, match="no values"):
        loss_curves_figure([("a", [])])


def test_capacity_view_reuses_its_figure():
    fig, _ = capacity_view(3, 20, 0.3)
    fig2, _ = capacity_view(5, 40, 0.0)
    assert fig2 is fig
    assert "Degree 5" in fig.axes[0].get_title() and "n = 40" in fig.axes[1].get_title()
    FigureCanvasAgg(fig).draw()
