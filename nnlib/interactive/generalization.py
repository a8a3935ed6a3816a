"""Chapter 6, *Generalization*: polynomial fits, bias and variance, and the chapter's figures.

The maths (plain functions, no drawing):

* :func:`capacity_data` — the chapter's one source of regression data: the static figures and
  the widget call it, so the same settings give the same points everywhere;
* :func:`mse`, :func:`fit_polynomial`, :func:`polynomial_errors` — least-squares polynomials and
  their training and validation errors;
* :func:`bias_variance` — refit on many training sets, split the error into bias² and variance.

The widget, :func:`capacity_view`, returns a :class:`~nnlib.interactive.frames.View`. The static
figures (:func:`regression_fits_figure`, :func:`classification_fits_figure`,
:func:`bias_variance_figure`, :func:`loss_curves_figure`) return a new ``Figure`` that pyplot
does not know, so nothing is left open.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, NullFormatter

from nnlib._validation import as_float_array, check_int, check_positive, check_same_length
from nnlib.classic import KNearestNeighbors
from nnlib.data import make_polynomial_regression, true_polynomial
from nnlib.interactive.frames import View, freeze, new_figure, reuse
from nnlib.plot import PALETTE, plot_decision_regions

__all__ = [
    "DEGREES",
    "MAX_DEGREE",
    "N_POOL",
    "N_VALIDATION",
    "VALIDATION_SEED",
    "bias_variance",
    "bias_variance_figure",
    "capacity_data",
    "capacity_view",
    "classification_fits_figure",
    "fit_polynomial",
    "loss_curves_figure",
    "mse",
    "polynomial_errors",
    "regression_fits_figure",
]

#: The largest degree :func:`fit_polynomial` accepts.
MAX_DEGREE = 30
#: The degrees on the widget's error curve (its degree slider picks one of them).
DEGREES = tuple(range(1, 16))
#: Each training sample is taken from a random order of a pool this large (so n_train <= N_POOL).
N_POOL = 200
#: Size of the validation set, and its seed (the same for every training sample).
N_VALIDATION = 200
VALIDATION_SEED = 1000

# The widget's error axis (log scale): errors outside [floor, ceiling] are drawn at the edge,
# those above it as triangles; the exact numbers are in the title and the summary.
ERROR_FLOOR, ERROR_CEILING = 1e-3, 1e3
_X_GRID = np.linspace(-1.0, 1.0, 300)
_VERDICTS = ("underfitted", "just right", "overfitted")


# --------------------------------------------------------------------------- the maths


def capacity_data(
    n_train: int, noise: float = 0.3, sample: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``n_train`` training points of training sample number ``sample``, and the validation set.

    Sample ``s`` is the pool ``make_polynomial_regression(N_POOL, noise=noise, seed=s)`` taken in
    a random order (seed ``s``); the training set is the first ``n_train`` points of that order.
    So more data keeps the points it had and adds new ones, another sample is a new training set
    from the same source, and another noise level scales the same random numbers. The validation
    set, ``make_polynomial_regression(N_VALIDATION, noise=noise, seed=VALIDATION_SEED)``, is the
    same for every sample. Returns ``x_train, y_train, x_val, y_val``, each sorted by x.
    """
    n_train = check_int(n_train, "n_train", minimum=2, maximum=N_POOL)
    noise = check_positive(noise, "noise", allow_zero=True)
    sample = check_int(sample, "sample", minimum=0)
    x_pool, y_pool = make_polynomial_regression(N_POOL, noise=noise, seed=sample)
    chosen = np.sort(np.random.default_rng(sample).permutation(N_POOL)[:n_train])
    x_val, y_val = make_polynomial_regression(N_VALIDATION, noise=noise, seed=VALIDATION_SEED)
    return x_pool[chosen], y_pool[chosen], x_val, y_val


def mse(prediction: Any, target: Any) -> float:
    """Mean squared error ``mean((prediction - target)**2)`` of two arrays of the same shape."""
    prediction = as_float_array(prediction, "prediction")
    target = as_float_array(target, "target")
    if prediction.shape != target.shape:
        raise ValueError(f"shapes differ: prediction {prediction.shape}, target {target.shape}")
    return float(np.mean((prediction - target) ** 2))


def fit_polynomial(x: Any, y: Any, degree: int) -> np.polynomial.Polynomial:
    """The polynomial ``c0 + c1 x + ... + c_degree x**degree`` with the least squared error.

    Solves ``V c ≈ y`` by least squares (``np.linalg.lstsq``), where the Vandermonde matrix ``V``
    has the columns ``1, x, x**2, ..., x**degree``. With fewer points than coefficients many
    polynomials pass through every point, and ``lstsq`` returns the one with the smallest
    coefficients. Returns a ``numpy.polynomial.Polynomial``: ``p(x_new)`` predicts, ``p.coef``
    holds ``c0, c1, ...``.
    """
    x = as_float_array(x, "x", ndim=1)
    y = as_float_array(y, "y", ndim=1)
    check_same_length(x, y, "x", "y")
    degree = check_int(degree, "degree", minimum=0, maximum=MAX_DEGREE)
    coef, *_ = np.linalg.lstsq(np.vander(x, degree + 1, increasing=True), y, rcond=None)
    return np.polynomial.Polynomial(coef)


def polynomial_errors(
    x_train: Any, y_train: Any, x_val: Any, y_val: Any, degrees: Sequence[int] = DEGREES
) -> dict[str, np.ndarray]:
    """Fit a polynomial of each degree to the training points; measure both errors.

    Returns arrays with one entry per degree: ``"degree"``, ``"train_mse"`` (on the training
    points) and ``"val_mse"`` (on the validation points, which the fit never saw).
    """
    if len(degrees) == 0:
        raise ValueError("degrees is empty")
    x_train = as_float_array(x_train, "x_train", ndim=1)
    x_val, y_val = as_float_array(x_val, "x_val", ndim=1), as_float_array(y_val, "y_val", ndim=1)
    check_same_length(x_val, y_val, "x_val", "y_val")
    fits = [fit_polynomial(x_train, y_train, d) for d in degrees]
    return {
        "degree": np.array([len(p.coef) - 1 for p in fits]),
        "train_mse": np.array([mse(p(x_train), y_train) for p in fits]),
        "val_mse": np.array([mse(p(x_val), y_val) for p in fits]),
    }


def bias_variance(
    degree: int, *, n_train: int = 50, noise: float = 0.3, n_samples: int = 30, x_eval: Any = None
) -> dict[str, Any]:
    """Fit a polynomial of ``degree`` to each of the training samples ``0 .. n_samples - 1`` of
    :func:`capacity_data` and compare the fits ``p_r`` with the true curve ``f`` at ``x_eval``
    (default: 101 points in [-0.8, 0.8], inside the range of every training set):

    * ``bias2`` = mean over x of ``(mean_r p_r(x) - f(x))**2`` — how far the *average* fit is;
    * ``variance`` = mean over x of ``var_r p_r(x)`` — how much the fits differ from each other.

    Returns ``{"degree", "bias2", "variance", "x", "fits"}`` (``fits``: (n_samples, len(x))).
    """
    n_samples = check_int(n_samples, "n_samples", minimum=2)
    x = np.linspace(-0.8, 0.8, 101) if x_eval is None else as_float_array(x_eval, "x_eval", ndim=1)
    fits = np.array(
        [fit_polynomial(*capacity_data(n_train, noise, s)[:2], degree)(x) for s in range(n_samples)]
    )
    return {
        "degree": int(degree),
        "bias2": float(np.mean((fits.mean(axis=0) - true_polynomial(x)) ** 2)),
        "variance": float(np.mean(fits.var(axis=0))),
        "x": x,
        "fits": fits,
    }


# --------------------------------------------------------------------------- the widget


def _number(value: float) -> str:
    return "0 (to rounding)" if value < 1e-12 else f"{value:.3g}"


@functools.lru_cache(maxsize=128)
def _capacity_run(n_train: int, noise: float, sample: int) -> tuple[tuple[np.ndarray, ...], dict]:
    """The widget's data and its errors for every degree, remembered: moving the degree slider
    then only redraws."""
    data = capacity_data(n_train, noise, sample)
    return data, polynomial_errors(*data, DEGREES)


def _capacity_figure(noise: float) -> SimpleNamespace:
    """The widget's figure for one noise level: the fit on the left, the errors per degree on
    the right. Blue is the training set, vermillion the validation set, in both panels; one
    legend on top. The axes and the legend (which depend on the noise only) are frozen.
    """
    fig = new_figure(9.6, 3.7)
    fig.subplots_adjust(left=0.06, right=0.985, bottom=0.12, top=0.83, wspace=0.2)
    ax_fit, ax_err = fig.subplots(1, 2, width_ratios=(1.2, 1))
    a = SimpleNamespace(fig=fig, ax_fit=ax_fit, ax_err=ax_err)
    blue, red = PALETTE["blue"], PALETTE["vermillion"]
    (a.val_points,) = ax_fit.plot([], [], "o", ms=3.5, mfc="none", mec=red, alpha=0.5)
    (true_curve,) = ax_fit.plot(_X_GRID, true_polynomial(_X_GRID), "--", color="black", lw=1.4)
    (a.fit,) = ax_fit.plot([], [], color=PALETTE["bluish_green"], lw=2.4)
    (a.train_points,) = ax_fit.plot([], [], "o", ms=6, color=blue, mec="white", zorder=4)
    ax_fit.set(xlim=(-1.05, 1.05), xticks=[-1, 0, 1], xlabel="x", ylabel="y")

    (a.train_err,) = ax_err.plot([], [], "-o", color=blue, ms=4)
    (a.val_err,) = ax_err.plot([], [], "--o", color=red, ms=4, mfc="none")
    (a.off_chart,) = ax_err.plot([], [], "^", color=red, ms=8, mec="black", mew=0.6)
    a.noise_line = ax_err.axhline(1.0, color=PALETTE["grey"], ls=":", lw=1.5)
    a.degree_line = ax_err.axvline(1, color="black", ls=":", lw=1.2)
    ax_err.set_yscale("log")
    ax_err.set_ylim(ERROR_FLOOR / 1.5, ERROR_CEILING * 2.5)
    ax_err.set_yticks([1e-3, 1, 1e3], ["0.001", "1", "1000"])
    ax_err.set_yticks([1e-2, 1e-1, 1e1, 1e2], minor=True)
    ax_err.yaxis.set_minor_formatter(NullFormatter())
    ax_err.set(xlim=(0.5, DEGREES[-1] + 0.5), xticks=[1, 5, 10, 15], xlabel="degree", ylabel="MSE")
    legend = fig.legend(
        [a.train_points, a.val_points, true_curve, a.fit, a.noise_line],
        ["training", "validation", "true f(x)", "fit", f"noise² = {noise**2:.3g}"],
        loc="upper center",
        ncol=5,
        fontsize=9,
        frameon=False,
    )
    for ax in (ax_fit, ax_err):  # fixed positions: drawing then skips measuring the tick labels
        ax.xaxis.set_label_coords(0.5, -0.09)
        ax.yaxis.set_label_coords(-0.08, 0.5)
        ax.set_title(" ", fontsize=10, y=1.01)
    top = 1.5 + 2.5 * noise
    ax_fit.set(ylim=(-top, top), yticks=[-int(top), 0, int(top)])
    # frozen behind the rest: the text (axes, legend); every line keeps its drawing order
    still = [fig.patch, ax_fit.patch, ax_err.patch, ax_fit.xaxis, ax_fit.yaxis, ax_err.xaxis, ax_err.yaxis]
    freeze(fig, [*still, legend])
    return a


def capacity_view(degree: int = 3, n_train: int = 20, noise: float = 0.3, sample: int = 0) -> View:
    """The chapter's widget: a polynomial of ``degree`` fitted to ``capacity_data(n_train, noise, sample)``.

    Left: the training points, the validation points (hollow), the true curve (dashed) and the
    fit. Right: training and validation MSE for every degree in ``DEGREES`` on a log scale
    clipped to [0.001, 1000] (errors above it: triangles at the top), the noise level noise²
    (the error even the true curve makes on new points, on average) and the chosen degree.
    The summary gives both errors of the chosen degree and the (lowest) degree with the lowest
    validation error.
    """
    degree = check_int(degree, "degree", minimum=DEGREES[0], maximum=DEGREES[-1])
    n_train = check_int(n_train, "n_train", minimum=2, maximum=N_POOL)
    noise = check_positive(noise, "noise", allow_zero=True)
    (x, y, x_val, y_val), errors = _capacity_run(n_train, noise, check_int(sample, "sample", minimum=0))
    i = DEGREES.index(degree)
    train_mse, val_mse = float(errors["train_mse"][i]), float(errors["val_mse"][i])
    # the lowest degree with the lowest validation error (without noise, several are 0 to rounding)
    best = DEGREES[int(np.argmax(errors["val_mse"] <= errors["val_mse"].min() + 1e-12))]

    a = reuse(("generalization.capacity", noise), lambda: _capacity_figure(noise))  # a few noise levels
    a.train_points.set_data(x, y)
    a.val_points.set_data(x_val, y_val)
    a.fit.set_data(_X_GRID, fit_polynomial(x, y, degree)(_X_GRID))
    a.ax_fit.title.set_text(
        f"degree {degree}: training MSE {_number(train_mse)}, validation MSE {_number(val_mse)}"
    )
    a.train_err.set_data(DEGREES, np.clip(errors["train_mse"], ERROR_FLOOR, ERROR_CEILING))
    a.val_err.set_data(DEGREES, np.clip(errors["val_mse"], ERROR_FLOOR, ERROR_CEILING))
    off = errors["val_mse"] > ERROR_CEILING
    a.off_chart.set_data(np.array(DEGREES)[off], np.full(off.sum(), ERROR_CEILING))
    a.noise_line.set_ydata([noise**2, noise**2])
    a.noise_line.set_visible(noise**2 >= ERROR_FLOOR)
    a.degree_line.set_xdata([degree, degree])

    chart = " (above the chart)" if val_mse > ERROR_CEILING else ""
    summary = (
        f"training MSE {_number(train_mse)}, validation MSE {_number(val_mse)}{chart}; "
        f"lowest validation MSE at degree {best}"
    )
    return View(a.fig, summary)


# --------------------------------------------------------------------------- static figures


def _panels(n: int, height: float) -> tuple[Figure, Any]:
    fig = Figure(figsize=(4.0 * n, height), layout="constrained")
    return fig, fig.subplots(1, n, sharey=True, squeeze=False)[0]


def regression_fits_figure(
    x_train: Any, y_train: Any, x_val: Any, y_val: Any, degrees: Sequence[int] = (1, 3, 15)
) -> tuple[Figure, list[dict[str, float]]]:
    """One panel per degree: the training points, the true curve (dashed) and the fit; titles
    give both errors (and, for three degrees, underfitted / just right / overfitted). Returns
    the figure and ``{"degree", "train_mse", "val_mse"}`` per degree."""
    errors = polynomial_errors(x_train, y_train, x_val, y_val, degrees)
    fig, axes = _panels(len(degrees), 3.9)
    results = []
    for i, (ax, d) in enumerate(zip(axes, errors["degree"], strict=True)):
        tr, va = float(errors["train_mse"][i]), float(errors["val_mse"][i])
        results.append({"degree": int(d), "train_mse": tr, "val_mse": va})
        ax.plot(_X_GRID, true_polynomial(_X_GRID), "--", color="black", lw=1.3, label="true curve")
        ax.plot(
            _X_GRID,
            fit_polynomial(x_train, y_train, int(d))(_X_GRID),
            color=PALETTE["vermillion"],
            lw=2.2,
            label="fitted polynomial",
        )
        ax.plot(x_train, y_train, "o", color=PALETTE["blue"], ms=6, mec="white", zorder=4, label="training")
        ax.set(xlim=(-1.05, 1.05), ylim=(-2.2, 2.2), xlabel="input $x$")
        head = f"Degree {d}" + (f": {_VERDICTS[i]}" if len(degrees) == 3 else "")
        ax.set_title(f"{head}\ntrain MSE {tr:.3g}, validation MSE {va:.3g}", fontsize=10)
        ax.grid(alpha=0.25)
    axes[0].set_ylabel("target $y$")
    axes[0].legend(loc="lower right", fontsize=8, framealpha=0.85)
    return fig, results


def classification_fits_figure(
    X_train: Any,
    y_train: Any,
    X_test: Any,
    y_test: Any,
    ks: Sequence[int] = (61, 15, 1),
    *,
    resolution: int = 100,
) -> tuple[Figure, list[dict[str, float]]]:
    """One panel per k: the decision regions of k-nearest neighbours and the training points;
    titles give the training and test accuracy (and, for three k, the verdicts). Returns the
    figure and ``{"k", "train_accuracy", "test_accuracy"}`` per k."""
    if len(ks) == 0:
        raise ValueError("ks is empty")
    fig, axes = _panels(len(ks), 4.0)
    results = []
    for i, (ax, k) in enumerate(zip(axes, ks, strict=True)):
        model = KNearestNeighbors(k=int(k)).fit(X_train, y_train)
        train_acc = float(np.mean(model.predict(X_train) == np.asarray(y_train)))
        test_acc = float(np.mean(model.predict(X_test) == np.asarray(y_test)))
        results.append({"k": int(k), "train_accuracy": train_acc, "test_accuracy": test_acc})
        head = f"k = {k}" + (f": {_VERDICTS[i]}" if len(ks) == 3 else "")
        plot_decision_regions(
            model.predict,
            X_train,
            y_train,
            ax,
            resolution=resolution,
            legend=(i == 0),
            title=f"{head}\ntrain accuracy {train_acc:.0%}, test accuracy {test_acc:.0%}",
        )
        ax.title.set_fontsize(10)
        if i > 0:
            ax.set_ylabel("")
    return fig, results


def bias_variance_figure(
    degrees: Sequence[int] = (1, 3, 15), *, n_train: int = 50, noise: float = 0.3, n_samples: int = 30
) -> tuple[Figure, list[dict[str, Any]]]:
    """One panel per degree: the fits to ``n_samples`` training sets (thin), their average (thick)
    and the true curve (dashed); titles give bias² and variance. Returns the figure and the
    :func:`bias_variance` result per degree."""
    if len(degrees) == 0:
        raise ValueError("degrees is empty")
    fig, axes = _panels(len(degrees), 3.8)
    results = [bias_variance(d, n_train=n_train, noise=noise, n_samples=n_samples) for d in degrees]
    for ax, res in zip(axes, results, strict=True):
        x, fits = res["x"], res["fits"]
        ax.plot(x, fits.T, color=PALETTE["orange"], lw=0.8, alpha=0.45)
        ax.lines[0].set_label(f"{len(fits)} fits, each to another training set")
        ax.plot(x, fits.mean(axis=0), color=PALETTE["vermillion"], lw=2.4, label="average fit")
        ax.plot(x, true_polynomial(x), "--", color="black", lw=1.4, label="true curve")
        ax.set(ylim=(-2.2, 2.2), xlabel="input $x$")
        ax.set_title(
            f"Degree {res['degree']}\nbias² {res['bias2']:.2g}, variance {res['variance']:.2g}", fontsize=10
        )
        ax.grid(alpha=0.25)
    axes[0].set_ylabel("prediction $p(x)$")
    axes[0].legend(loc="lower right", fontsize=8, framealpha=0.85)
    return fig, results


def loss_curves_figure(
    curves: Sequence[tuple[str, Sequence[float]]],
    reference: Sequence[float] | None = None,
    *,
    reference_label: str = "a good setting",
    ylabel: str = "training loss",
) -> Figure:
    """Small panels side by side, one (title, losses per epoch) curve each, epochs from 1;
    ``reference`` is drawn dashed in every panel for comparison."""
    if len(curves) == 0:
        raise ValueError("curves is empty")
    for title, losses in curves:
        if len(losses) == 0:
            raise ValueError(f"the curve {title!r} has no values")
    fig = Figure(figsize=(3.7 * len(curves), 3.2), layout="constrained")
    axes = fig.subplots(1, len(curves), sharey=True, squeeze=False)[0]
    for ax, (title, losses) in zip(axes, curves, strict=True):
        if reference is not None:
            ax.plot(
                np.arange(1, len(reference) + 1),
                reference,
                color=PALETTE["grey"],
                lw=1.5,
                ls="--",
                label=reference_label,
            )
        ax.plot(np.arange(1, len(losses) + 1), losses, color=PALETTE["vermillion"], lw=1.8, label="this run")
        ax.set(title=title, xlabel="epoch")
        ax.title.set_fontsize(10)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(alpha=0.3)
    axes[0].set_ylabel(ylabel)
    axes[0].legend(fontsize=8, framealpha=0.85)
    return fig
