"""Tests for chapter 6's maths, widget view and figures (nnlib.interactive.generalization)."""

import itertools
import json
import re
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from nnlib.data import make_moons, make_polynomial_regression, true_polynomial
from nnlib.interactive.frames import MAX_FRAMES, Slider, View, interact, render_png
from nnlib.interactive.generalization import (
    DEGREES,
    ERROR_CEILING,
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

NOTEBOOK = Path(__file__).resolve().parents[1] / "chapters" / "06_generalization.ipynb"
# The widget's grid in the chapter (test_the_notebook_uses_this_grid keeps them in step).
GRID = {
    "degree": [1, 2, 3, 5, 8, 12, 15],
    "n_train": [10, 20, 50, 200],
    "noise": [0.0, 0.3, 1.0],
    "sample": [0, 1, 2, 3],
}


def numbers(summary: str) -> dict[str, float]:
    """The training and validation MSE a summary states ("0 (to rounding)" reads as 0)."""
    found = re.findall(r"(training|validation) MSE ([-+.e\d]+)", summary.replace("0 (to rounding)", "0"))
    return {k: float(v) for k, v in found}


# --------------------------------------------------------------------------- the maths


def test_fit_polynomial_recovers_an_exact_polynomial():
    x = np.linspace(-1, 1, 12)
    p = fit_polynomial(x, 0.5 - 2 * x + 3 * x**3, 3)
    np.testing.assert_allclose(p.coef, [0.5, -2.0, 0.0, 3.0], atol=1e-10)
    assert p(0.3) == pytest.approx(0.5 - 0.6 + 3 * 0.027)


def test_fit_polynomial_solves_the_normal_equations():
    """Least squares by hand: the coefficients solve VᵀV c = Vᵀy."""
    x, y = make_polynomial_regression(25, noise=0.3, seed=3)
    for degree in (0, 1, 4, 7):
        V = np.vander(x, degree + 1, increasing=True)
        np.testing.assert_allclose(
            fit_polynomial(x, y, degree).coef, np.linalg.solve(V.T @ V, V.T @ y), atol=1e-8
        )


def test_degree_zero_is_the_mean_and_interpolation_is_exact():
    x, y = make_polynomial_regression(8, noise=0.3, seed=1)
    np.testing.assert_allclose(fit_polynomial(x, y, 0).coef, [y.mean()])
    np.testing.assert_allclose(fit_polynomial(x, y, 7)(x), y, atol=1e-8)  # 8 points, 8 coefficients
    np.testing.assert_allclose(fit_polynomial(x, y, 12)(x), y, atol=1e-6)  # more coefficients than points


@pytest.mark.parametrize(
    ("x", "y", "degree", "error", "match"),
    [
        ([0.0, 1.0], [1.0], 1, ValueError, "same number"),
        ([[0.0, 1.0]], [[1.0, 2.0]], 1, ValueError, "1-D"),
        ([], [], 1, ValueError, "empty"),
        ([0.0, np.nan], [1.0, 2.0], 1, ValueError, "NaN"),
        ([0.0, 1.0], [1.0, 2.0], -1, ValueError, "degree"),
        ([0.0, 1.0], [1.0, 2.0], 2.5, ValueError, "degree"),
        ([0.0, 1.0], [1.0, 2.0], 99, ValueError, "degree"),
        ([0.0, 1.0], [1.0, 2.0], "3", TypeError, "degree"),
    ],
)
def test_fit_polynomial_rejects_bad_input(x, y, degree, error, match):
    with pytest.raises(error, match=match):
        fit_polynomial(x, y, degree)


def test_mse():
    assert mse([1.0, 2.0], [1.0, 4.0]) == 2.0
    with pytest.raises(ValueError, match="shapes differ"):
        mse(np.zeros(2), np.zeros(3))


def test_polynomial_errors_on_the_chapter_data():
    errors = polynomial_errors(*capacity_data(20, 0.3), DEGREES)
    assert list(errors["degree"]) == list(DEGREES)
    # More capacity never fits the training points worse (nested least-squares problems) ...
    assert np.all(np.diff(errors["train_mse"]) <= 1e-12)
    # ... but the validation error is lowest at the true degree, 3, and explodes at 15.
    assert int(errors["degree"][np.argmin(errors["val_mse"])]) == 3
    assert errors["val_mse"][-1] > 1e6 * errors["val_mse"][2]
    with pytest.raises(ValueError, match="empty"):
        polynomial_errors(*capacity_data(20, 0.3), [])
    x, y, xv, yv = capacity_data(20, 0.3)
    with pytest.raises(ValueError, match="same number"):
        polynomial_errors(x, y, xv, yv[:-1])


def test_capacity_data_is_nested_and_scales_the_same_noise():
    x10, y10, xv, yv = capacity_data(10, 0.3)
    x30, y30, xv30, _ = capacity_data(30, 0.3)
    assert len(x10) == 10 and len(x30) == 30 and len(xv) == N_VALIDATION
    assert set(x10.tolist()) <= set(x30.tolist())  # more data keeps the old points
    assert np.all(np.diff(x10) >= 0) and np.all(np.diff(xv) >= 0)
    x0, y0, xv0, yv0 = capacity_data(10, 0.0)
    np.testing.assert_array_equal(x0, x10)
    np.testing.assert_allclose(y0, true_polynomial(x0))  # no noise: on the curve
    np.testing.assert_allclose(y10 - y0, 0.5 * (capacity_data(10, 0.6)[1] - y0))
    np.testing.assert_allclose(yv0, true_polynomial(xv0))
    np.testing.assert_array_equal(xv, xv30)
    assert not np.isin(xv, capacity_data(N_POOL, 0.3)[0]).any()  # validation points are new points


def test_samples_are_new_training_sets_with_the_same_validation_set():
    a, b = capacity_data(20, 0.3, sample=0), capacity_data(20, 0.3, sample=1)
    assert not np.isin(a[0], b[0]).any()
    np.testing.assert_array_equal(a[2], b[2])
    np.testing.assert_array_equal(a[3], b[3])
    for got, again in zip(a, capacity_data(20, 0.3, sample=0), strict=True):  # deterministic
        np.testing.assert_array_equal(got, again)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"n_train": 1}, ValueError, "n_train"),
        ({"n_train": N_POOL + 1}, ValueError, "n_train"),
        ({"n_train": 5.5}, ValueError, "n_train"),
        ({"noise": -0.1}, ValueError, "noise"),
        ({"sample": -1}, ValueError, "sample"),
        ({"sample": "0"}, TypeError, "sample"),
    ],
)
def test_capacity_data_rejects_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        capacity_data(**({"n_train": 20} | kwargs))


def test_bias_variance_tells_the_classic_story():
    line, cubic, wild = (bias_variance(d) for d in (1, 3, 15))
    assert line["bias2"] > 10 * cubic["bias2"] and line["bias2"] > 10 * wild["bias2"]
    assert wild["variance"] > 10 * cubic["variance"]
    # The mean squared distance to the truth splits exactly into bias² + variance.
    error = np.mean((cubic["fits"] - true_polynomial(cubic["x"])) ** 2)
    assert error == pytest.approx(cubic["bias2"] + cubic["variance"])
    # The fits are those of the widget's training samples.
    x, y, _, _ = capacity_data(50, 0.3, sample=2)
    np.testing.assert_allclose(cubic["fits"][2], fit_polynomial(x, y, 3)(cubic["x"]))
    with pytest.raises(ValueError, match="n_samples"):
        bias_variance(3, n_samples=1)


# --------------------------------------------------------------------------- the widget


def test_capacity_view_states_the_errors_it_draws():
    view = capacity_view(3, 20, 0.3, 0)
    assert isinstance(view, View) and isinstance(view.figure, Figure)
    x, y, xv, yv = capacity_data(20, 0.3, 0)
    V = np.vander(x, 4, increasing=True)
    c = np.linalg.solve(V.T @ V, V.T @ y)  # independent of fit_polynomial
    train = np.mean((V @ c - y) ** 2)
    val = np.mean((np.vander(xv, 4, increasing=True) @ c - yv) ** 2)
    assert numbers(view.summary) == {
        "training": pytest.approx(train, rel=5e-3),
        "validation": pytest.approx(val, rel=5e-3),
    }
    assert "lowest validation MSE at degree 3" in view.summary
    ax_fit, ax_err = view.figure.axes
    assert f"{val:.3g}" in ax_fit.get_title()
    fit_line = next(
        ln for ln in ax_fit.get_lines() if len(ln.get_xdata()) == 300 and ln.get_linestyle() == "-"
    )
    np.testing.assert_allclose(fit_line.get_ydata(), np.polynomial.Polynomial(c)(fit_line.get_xdata()))
    assert ax_err.get_yscale() == "log"


def test_the_widget_and_the_static_figure_show_the_same_data():
    """Same settings, same numbers: the chapter's figure and the widget at degree 15, 20 points."""
    fig, results = regression_fits_figure(*capacity_data(20, 0.3, 0), degrees=(1, 3, 15))
    for r in results:
        stated = numbers(capacity_view(r["degree"], 20, 0.3, 0).summary)
        assert stated["training"] == pytest.approx(r["train_mse"], rel=5e-3)
        assert stated["validation"] == pytest.approx(r["val_mse"], rel=5e-3)


def test_off_chart_errors_are_marked_and_stated():
    view = capacity_view(15, 20, 0.3, 0)
    assert "above the chart" in view.summary and numbers(view.summary)["validation"] > 1e6
    triangles = [ln for ln in view.figure.axes[1].get_lines() if ln.get_marker() == "^"]
    assert len(triangles) == 1 and len(triangles[0].get_xdata()) > 0
    assert np.all(triangles[0].get_ydata() == ERROR_CEILING)
    assert "above the chart" not in capacity_view(3, 200, 0.3, 0).summary


def test_capacity_view_shows_overfitting_variance_and_that_more_data_helps():
    def val(*args):
        return numbers(capacity_view(*args).summary)["validation"]

    assert val(15, 20, 0.3, 0) > 1000 * val(3, 20, 0.3, 0)
    assert val(15, 200, 0.3, 0) < 0.12  # enough data tames degree 15
    assert val(3, 20, 0.0, 0) < 1e-12  # a cubic fits a noise-free cubic exactly
    # Without noise every degree from 3 up is exact: the lowest of them is named, not a rounding winner.
    assert capacity_view(8, 50, 0.0, 0).summary.endswith("lowest validation MSE at degree 3")
    # Variance: across training samples degree 15 changes by orders of magnitude, degree 3 hardly.
    wild = [val(15, 20, 0.3, s) for s in GRID["sample"]]
    cubic = [val(3, 20, 0.3, s) for s in GRID["sample"]]
    assert max(wild) / min(wild) > 100 and max(cubic) / min(cubic) < 1.5


def test_capacity_view_handles_every_grid_point_and_reuses_its_figure():
    figures = set()
    for degree, n, noise, sample in itertools.product(*GRID.values()):
        view = capacity_view(degree, n, noise, sample)
        figures.add(id(view.figure))
        assert set(numbers(view.summary)) == {"training", "validation"}
    assert len(figures) == len(GRID["noise"])  # one per noise level (its axes and legend are frozen)
    assert np.prod([len(v) for v in GRID.values()]) <= MAX_FRAMES


@pytest.mark.parametrize(
    ("degree", "error"), [(0, ValueError), (16, ValueError), (2.5, ValueError), ("3", TypeError)]
)
def test_capacity_view_rejects_bad_degree(degree, error):
    with pytest.raises(error, match="degree"):
        capacity_view(degree)


def test_capacity_view_in_frames_mode_draws_and_leaks_no_figures():
    open_before = plt.get_fignums()
    box = interact(
        capacity_view,
        mode="frames",
        alt="fit and errors",
        degree=Slider("degree", values=[3, 15], value=3),
        sample=Slider("training sample", values=[0, 1], value=0),
    )
    assert box.manifest["n_frames"] == 4
    assert "degree = 15, training sample = 1" in box.manifest["frames"]["1-1"]["alt"]
    assert render_png(capacity_view().figure)[:4] == b"\x89PNG"
    assert plt.get_fignums() == open_before


def test_the_notebook_uses_this_grid():
    cells = json.loads(NOTEBOOK.read_text())["cells"]
    source = next(
        "".join(c["source"]) for c in cells if "interact(\n    capacity_view" in "".join(c["source"])
    )
    for name, values in GRID.items():
        found = re.search(rf"{name}=Slider\([^)]*?values=\[([^\]]*)\]", source)
        assert found, name
        assert [float(v) for v in found.group(1).split(",")] == values


# --------------------------------------------------------------------------- static figures


def test_regression_fits_figure():
    fig, results = regression_fits_figure(*capacity_data(20, 0.3))
    titles = [ax.get_title() for ax in fig.axes]
    assert "underfitted" in titles[0] and "just right" in titles[1] and "overfitted" in titles[2]
    assert [r["degree"] for r in results] == [1, 3, 15]
    assert results[2]["train_mse"] < results[1]["train_mse"] < results[0]["train_mse"]
    assert results[1]["val_mse"] < results[0]["val_mse"] < results[2]["val_mse"]
    with pytest.raises(ValueError, match="empty"):
        regression_fits_figure(*capacity_data(20, 0.3), degrees=())


def test_classification_fits_figure():
    X, y = make_moons(100, noise=0.35, seed=1)
    Xt, yt = make_moons(200, noise=0.35, seed=2)
    fig, results = classification_fits_figure(X, y, Xt, yt, ks=(61, 15, 1), resolution=40)
    assert len(fig.axes) == 3
    assert "underfitted" in fig.axes[0].get_title() and "overfitted" in fig.axes[2].get_title()
    assert results[2]["k"] == 1 and results[2]["train_accuracy"] == 1.0  # k = 1 memorises
    assert results[1]["test_accuracy"] > results[0]["test_accuracy"]
    with pytest.raises(ValueError):
        classification_fits_figure(X, y, Xt, yt, ks=(len(X) + 1,))


def test_bias_variance_figure():
    fig, results = bias_variance_figure((1, 3), n_samples=5)
    assert len(fig.axes) == 2
    assert "bias²" in fig.axes[0].get_title()
    assert results[0]["fits"].shape == (5, 101)
    assert len(fig.axes[0].get_lines()) == 5 + 2  # the fits, their average, the true curve


def test_loss_curves_figure():
    fig = loss_curves_figure([("a", [3, 2, 1]), ("b", [1, 2, 3])], reference=[2, 1, 0.5])
    assert [ax.get_title() for ax in fig.axes] == ["a", "b"]
    ydata = [ln.get_ydata().tolist() for ln in fig.axes[1].get_lines()]
    assert [1, 2, 3] in ydata and [2, 1, 0.5] in ydata
    with pytest.raises(ValueError, match="empty"):
        loss_curves_figure([])
    with pytest.raises(ValueError, match="no values"):
        loss_curves_figure([("a", [])])
