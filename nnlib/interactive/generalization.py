"""Widget callbacks and figure helpers for chapter 6, *Generalization*.

* :func:`fit_polynomial` — the least-squares polynomial of a given degree through points ``(x, y)``;
* :func:`polynomial_errors` — training and validation mean squared error for several degrees;
* :func:`capacity_data` / :func:`capacity_view` — the chapter's widget: a polynomial fit whose
  degree (the model's capacity), amount of training data and noise level the reader chooses, with
  the training and validation errors and an error-versus-degree curve;
* :func:`regression_fits_figure` and :func:`classification_fits_figure` — the three-panel
  underfitted / just right / overfitted figures (polynomials and k-nearest neighbours);
* :func:`bias_variance` / :func:`bias_variance_figure` — refit on many resampled training sets;
* :func:`loss_curves_figure` — small panels of training-loss curves (how underfitting shows).

Every function that draws returns the matplotlib ``Figure`` (built without pyplot, so nothing is
left open), plus the numbers it shows where that is useful, so it can be unit-tested and timed
without a browser.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator, NullFormatter

from nnlib.classic import KNearestNeighbors
from nnlib.data import make_polynomial_regression, true_polynomial
from nnlib.interactive._fastdraw import WIDGET_DPI, _as_outlines, _PlainLegend
from nnlib.plot import PALETTE, plot_decision_regions

__all__ = [
    "MAX_DEGREE",
    "N_POOL",
    "N_VALIDATION",
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

#: The largest polynomial degree the functions accept (the widget's slider goes to 15).
MAX_DEGREE = 30
#: Size of the pool the widget draws its training examples from (so more data = more points).
N_POOL = 200
#: Size of the widget's validation set.
N_VALIDATION = 200

_BLUE = PALETTE["blue"]
_VERMILLION = PALETTE["vermillion"]
_GREEN = PALETTE["bluish_green"]
_ORANGE = PALETTE["orange"]
_GREY = PALETTE["grey"]

# Where the curves are drawn, and the y-range of the regression panels (fits that shoot off are
# clipped by the axes, not by the numbers).
_X_GRID = np.linspace(-1.0, 1.0, 300)
_Y_LIMITS = (-2.2, 2.2)
# The widget's error axis (log scale) spans _ERROR_FLOOR.._ERROR_CEILING; values outside are
# drawn at the edge (values above the top as triangles).
_ERROR_FLOOR = 1e-3
_ERROR_CEILING = 1e2
_ERROR_TICKS = (1e-3, 1e-2, 1e-1, 1.0, 10.0, 100.0)
_FIT_LABELS = {0: "underfitted", 1: "just right", 2: "overfitted"}


# ---------------------------------------------------------------------------
# input checks
# ---------------------------------------------------------------------------
def _as_1d(values: object, name: str) -> np.ndarray:
    arr = np.asarray(values, dtype=np.float64)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array, got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} is empty")
    if not np.isfinite(arr).all():
        raise ValueError(f"{name} contains NaN or infinite values")
    return arr


def _check_degree(degree: object) -> int:
    if isinstance(degree, bool) or not isinstance(degree, int | np.integer):
        raise ValueError(f"degree must be a whole number, got {degree!r}")
    if not 0 <= degree <= MAX_DEGREE:
        raise ValueError(f"degree must be between 0 and {MAX_DEGREE}, got {degree}")
    return int(degree)


def _check_noise(noise: float) -> float:
    if not np.isfinite(noise) or noise < 0:
        raise ValueError(f"noise must be a finite number >= 0, got {noise!r}")
    return float(noise)


def mse(prediction: np.ndarray, target: np.ndarray) -> float:
    """Mean squared error ``mean((prediction - target)**2)`` of two arrays of the same shape."""
    prediction, target = np.asarray(prediction, float), np.asarray(target, float)
    if prediction.shape != target.shape:
        raise ValueError(f"shapes differ: prediction {prediction.shape}, target {target.shape}")
    return float(np.mean((prediction - target) ** 2))


# ---------------------------------------------------------------------------
# polynomial fits
# ---------------------------------------------------------------------------
def fit_polynomial(x: np.ndarray, y: np.ndarray, degree: int) -> np.polynomial.Polynomial:
    """The polynomial ``p(x) = c0 + c1 x + ... + c_degree x**degree`` with the least squared error.

    Solves the least-squares problem ``V c ≈ y`` with ``np.linalg.lstsq``, where ``V`` is the
    Vandermonde matrix with columns ``1, x, x**2, ..., x**degree`` (our ``x`` lie in [-1, 1], which
    keeps the columns of a similar size). With fewer points than coefficients there are many
    exact fits and ``lstsq`` returns the one with the smallest coefficients.

    ``x``, ``y``: 1-D arrays of the same length; ``degree``: an integer in 0..``MAX_DEGREE``.
    Returns a ``numpy.polynomial.Polynomial``: call it (``p(x_new)``) to predict; ``p.coef``
    holds ``c0, c1, ...``. Raises ``ValueError`` for bad input.
    """
    x, y = _as_1d(x, "x"), _as_1d(y, "y")
    if x.shape != y.shape:
        raise ValueError(f"x and y must have the same length, got {len(x)} and {len(y)}")
    degree = _check_degree(degree)
    V = np.vander(x, degree + 1, increasing=True)
    coef, *_ = np.linalg.lstsq(V, y, rcond=None)
    return np.polynomial.Polynomial(coef)


def polynomial_errors(
    x_train: np.ndarray,
    y_train: np.ndarray,
    x_val: np.ndarray,
    y_val: np.ndarray,
    degrees: Sequence[int] = tuple(range(1, 16)),
) -> dict[str, np.ndarray]:
    """Fit a polynomial of each degree to the training data; measure both errors.

    Returns a dict of arrays, one entry per degree: ``"degree"``, ``"train_mse"`` (mean squared
    error on the training points) and ``"val_mse"`` (on the validation points, which the fit
    never saw).
    """
    x_val, y_val = _as_1d(x_val, "x_val"), _as_1d(y_val, "y_val")
    if x_val.shape != y_val.shape:
        raise ValueError(f"x_val and y_val must have the same length, got {len(x_val)} and {len(y_val)}")
    degrees = [_check_degree(d) for d in degrees]
    if not degrees:
        raise ValueError("degrees is empty")
    train, val = [], []
    for d in degrees:
        p = fit_polynomial(x_train, y_train, d)
        train.append(mse(p(x_train), y_train))
        val.append(mse(p(x_val), y_val))
    return {
        "degree": np.array(degrees),
        "train_mse": np.array(train),
        "val_mse": np.array(val),
    }


# ---------------------------------------------------------------------------
# the widget: capacity, amount of data, noise
# ---------------------------------------------------------------------------
@lru_cache(maxsize=64)
def _pools(noise: float, seed: int) -> tuple[np.ndarray, ...]:
    x_pool, y_pool = make_polynomial_regression(N_POOL, noise=noise, seed=seed)
    order = np.random.default_rng(seed).permutation(N_POOL)
    x_val, y_val = make_polynomial_regression(N_VALIDATION, noise=noise, seed=seed + 1000)
    for arr in (x_pool, y_pool, order, x_val, y_val):
        arr.setflags(write=False)
    return x_pool, y_pool, order, x_val, y_val


def capacity_data(
    n_train: int, noise: float, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The widget's data: ``n_train`` training points and a fixed validation set.

    The training points are the first ``n_train`` of a random order of a pool of ``N_POOL``
    samples from ``make_polynomial_regression(N_POOL, noise=noise, seed=seed)``, so a larger
    ``n_train`` keeps the old points and adds new ones, and changing ``noise`` only scales the
    same random noise. The validation set is ``N_VALIDATION`` fresh samples (seed ``seed + 1000``)
    with the same noise level. Returns ``x_train, y_train, x_val, y_val`` (x sorted in each).
    """
    if isinstance(n_train, bool) or not isinstance(n_train, int | np.integer):
        raise ValueError(f"n_train must be a whole number, got {n_train!r}")
    if not 2 <= n_train <= N_POOL:
        raise ValueError(f"n_train must be between 2 and {N_POOL}, got {n_train}")
    noise = _check_noise(noise)
    x_pool, y_pool, order, x_val, y_val = _pools(noise, int(seed))
    chosen = np.sort(order[: int(n_train)])
    return x_pool[chosen], y_pool[chosen], x_val.copy(), y_val.copy()


@lru_cache(maxsize=64)
def _capacity_errors(n_train: int, noise: float, seed: int) -> dict[str, np.ndarray]:
    """Errors for degrees 1..15 (cached: moving only the degree slider reuses them)."""
    return polynomial_errors(*capacity_data(n_train, noise, seed), degrees=range(1, 16))


class _CapacityPlot:
    """The widget's two-panel figure, built once; every slider move only updates its artists.

    Building axes, legends and tick labels costs more than drawing them, so the figure, the axes
    with fixed limits, ticks and label positions, and every line are made here once, and
    :meth:`update` swaps data and texts. No mathtext, no automatic layout.
    """

    def __init__(self) -> None:
        self.fig = fig = Figure(figsize=(10.5, 4.0), dpi=WIDGET_DPI)
        FigureCanvasAgg(fig)
        fig.subplots_adjust(left=0.065, right=0.985, bottom=0.12, top=0.92, wspace=0.22)
        self.ax_fit, self.ax_err = ax_fit, ax_err = fig.subplots(1, 2, width_ratios=(1.25, 1))
        (self.val_points,) = ax_fit.plot(
            [], [], "o", ms=3.5, mfc="none", mec=_GREY, mew=0.7, alpha=0.7, label="validation",
        )  # fmt: skip
        (self.true_curve,) = ax_fit.plot(
            _X_GRID, true_polynomial(_X_GRID), "--", color="black", lw=1.4, label="true curve"
        )
        (self.fit_curve,) = ax_fit.plot([], [], "-", color=_VERMILLION, lw=2.2, label="fit")
        (self.train_points,) = ax_fit.plot(
            [], [], "o", ms=6, color=_BLUE, mec="white", mew=0.7, label="training", zorder=4,
        )  # fmt: skip
        ax_fit.set_ylim(*_Y_LIMITS)
        ax_fit.set_xlim(-1.05, 1.05)
        # Few tick labels, no math text: every text costs more to draw than all the lines.
        ax_fit.set_xticks([-1.0, 0.0, 1.0], ["-1", "0", "1"])
        ax_fit.set_xticks([-0.5, 0.5], minor=True)
        ax_fit.set_yticks([-2.0, 0.0, 2.0], ["-2", "0", "2"])
        ax_fit.set_yticks([-1.0, 1.0], minor=True)
        ax_fit.set_xlabel("input x")
        ax_fit.set_ylabel("target y")
        # legends of plain artists (a matplotlib Legend lays itself out again on every draw)
        self.fit_legend = _PlainLegend(
            ax_fit, [(h, h.get_label()) for h in (self.val_points, self.true_curve, self.fit_curve,
                                                  self.train_points)],
            (1.0, 0.0), loc="lower right", fontsize=8,
        )  # fmt: skip
        ax_fit.add_artist(self.fit_legend)

        # Errors on a log scale, clipped to [_ERROR_FLOOR, _ERROR_CEILING]: off-scale values are
        # drawn as triangles at the top edge.
        self.error_curves, self.off_scale = {}, {}
        for key, label, colour, style, marker in (
            ("train_mse", "training", _BLUE, "-", "o"),
            ("val_mse", "validation", _VERMILLION, "--", "s"),
        ):
            (self.error_curves[key],) = ax_err.plot(
                [], [], style, color=colour, marker=marker, ms=4, label=label
            )
            (self.off_scale[key],) = ax_err.plot([], [], "^", color=colour, ms=8, mec="black", mew=0.6)
        self.noise_line = ax_err.axhline(1.0, color=_GREY, lw=1, ls=":", label="noise²")
        self.degree_line = ax_err.axvline(1, color="black", lw=1.2, ls=":", label="your degree")
        (self.degree_mark,) = ax_err.plot([], [], "s", color=_VERMILLION, ms=9, mec="black")
        ax_err.set_yscale("log")
        ax_err.set_ylim(_ERROR_FLOOR / 1.5, _ERROR_CEILING * 2.5)
        # labels on every other decade; the decades between get a tick and a grid line only
        ax_err.set_yticks(_ERROR_TICKS[::2], [f"{t:g}" for t in _ERROR_TICKS[::2]])
        ax_err.set_yticks(_ERROR_TICKS[1::2], minor=True)
        ax_err.yaxis.set_minor_formatter(NullFormatter())
        ax_err.set_xticks([1, 5, 10, 15])  # (every degree has its own marker on the curves)
        ax_err.set_xlim(0.5, 15.5)
        ax_err.set_xlabel("polynomial degree (capacity)")
        ax_err.set_ylabel("mean squared error (log scale)")
        ax_err.grid(alpha=0.3)
        ax_err.grid(alpha=0.15, which="minor", axis="y")
        self.err_legend = _PlainLegend(
            ax_err, [(h, h.get_label()) for h in (*self.error_curves.values(), self.noise_line,
                                                  self.degree_line)],
            (0.0, 1.0), loc="upper left", fontsize=8,
        )  # fmt: skip
        ax_err.add_artist(self.err_legend)
        for ax, title_size in ((ax_fit, 10.5), (ax_err, 10.5)):
            # Pinned label and title positions: drawing then skips measuring the tick labels.
            ax.xaxis.set_label_coords(0.5, -0.085)
            ax.yaxis.set_label_coords(-0.075 if ax is ax_fit else -0.1, 0.5)
            ax.set_title(" ", fontsize=title_size, y=1.01)
        # every text drawn as outlines (much cheaper than glyph by glyph): see _PathText
        _as_outlines(*fig.findobj(Text))

    def update(self, degree, x_tr, y_tr, x_val, y_val, p, errors, noise, train_mse, val_mse):
        self.val_points.set_data(x_val, y_val)
        self.train_points.set_data(x_tr, y_tr)
        self.fit_curve.set_data(_X_GRID, p(_X_GRID))
        labels = (f"validation ({len(x_val)})", "true curve", f"fit, degree {degree}",
                  f"training ({len(x_tr)})")  # fmt: skip
        for artist, text, label in zip(
            (self.val_points, self.true_curve, self.fit_curve, self.train_points),
            self.fit_legend.get_texts(), labels, strict=True,
        ):  # fmt: skip
            artist.set_label(label)
            text.set_text(label)
        self.ax_fit.set_title(
            f"Degree {degree}: train MSE {train_mse:.3g}, validation MSE {val_mse:.3g}", fontsize=10.5
        )

        degrees = errors["degree"]
        for key, line in self.error_curves.items():
            values = np.clip(errors[key], _ERROR_FLOOR, _ERROR_CEILING)
            line.set_data(degrees, values)
            off = errors[key] > _ERROR_CEILING
            self.off_scale[key].set_data(degrees[off], values[off])
        self.noise_line.set_ydata([noise**2, noise**2])
        self.noise_line.set_visible(noise > 0)
        self.degree_line.set_xdata([degree, degree])
        self.degree_mark.set_data([degree], [np.clip(val_mse, _ERROR_FLOOR, _ERROR_CEILING)])
        texts = self.err_legend.get_texts()
        self.noise_line.set_label(f"noise² = {noise**2:.3g}")
        self.degree_line.set_label(f"your degree ({degree})")
        texts[2].set_text(self.noise_line.get_label())
        texts[3].set_text(self.degree_line.get_label())
        self.err_legend.set_entry_visible(2, noise > 0)  # no noise line, no legend entry
        self.ax_err.set_title(f"Error vs. degree (n = {len(x_tr)}, noise = {noise:.2g})", fontsize=10.5)
        return self.fig


_CAPACITY_PLOT: list[_CapacityPlot] = []


def capacity_view(
    degree: int = 3, n_train: int = 20, noise: float = 0.3, seed: int = 0
) -> tuple[Figure, dict[str, float]]:
    """The chapter's widget: fit a polynomial of degree ``degree`` to ``n_train`` noisy points.

    Left: the training points, the validation points (hollow), the true curve (dashed) and the
    fitted polynomial. Right: training and validation mean squared error for every degree
    1..15 (log scale, clipped to 0.001..100; errors above 100 are drawn as triangles at the
    top), the chosen degree marked. Returns the figure and
    ``{"train_mse": ..., "val_mse": ..., "best_degree": ...}`` for the chosen degree
    (``best_degree`` = the degree in 1..15 with the lowest validation error).

    For speed, the figure is built once and redrawn on later calls: the returned ``Figure`` is
    the same object each time (nothing piles up in memory), so display or save it before the
    next call. It is not a pyplot figure, so ``plt.close`` on it is harmless.
    """
    degree = _check_degree(degree)
    if degree < 1 or degree > 15:
        raise ValueError(f"degree must be between 1 and 15, got {degree}")
    x_tr, y_tr, x_val, y_val = capacity_data(n_train, noise, seed)
    noise = float(noise)
    errors = _capacity_errors(int(n_train), noise, int(seed))
    p = fit_polynomial(x_tr, y_tr, degree)
    train_mse = float(errors["train_mse"][degree - 1])
    val_mse = float(errors["val_mse"][degree - 1])
    best = int(errors["degree"][np.argmin(errors["val_mse"])])

    if not _CAPACITY_PLOT:
        _CAPACITY_PLOT.append(_CapacityPlot())
    fig = _CAPACITY_PLOT[0].update(degree, x_tr, y_tr, x_val, y_val, p, errors, noise, train_mse, val_mse)
    return fig, {"train_mse": train_mse, "val_mse": val_mse, "best_degree": best}


# ---------------------------------------------------------------------------
# three-panel figures: underfitted / just right / overfitted
# ---------------------------------------------------------------------------
def regression_fits_figure(
    x_train: np.ndarray,
    y_train: np.ndarray,
    x_val: np.ndarray,
    y_val: np.ndarray,
    degrees: Sequence[int] = (1, 3, 15),
) -> tuple[Figure, list[dict[str, float]]]:
    """One panel per degree: training points, true curve (dashed) and the fitted polynomial.

    The panels are labelled underfitted / just right / overfitted (for three degrees) and their
    titles give the training and validation mean squared errors. Returns the figure and, per
    degree, ``{"degree", "train_mse", "val_mse"}``.
    """
    if len(degrees) == 0:
        raise ValueError("degrees is empty")
    errors = polynomial_errors(x_train, y_train, x_val, y_val, degrees)
    x_train, y_train = _as_1d(x_train, "x_train"), _as_1d(y_train, "y_train")
    fig = Figure(figsize=(4.0 * len(degrees), 3.9), layout="constrained")
    axes = fig.subplots(1, len(degrees), sharey=True, squeeze=False)[0]
    results = []
    for i, (ax, d) in enumerate(zip(axes, errors["degree"], strict=True)):
        p = fit_polynomial(x_train, y_train, int(d))
        tr, va = float(errors["train_mse"][i]), float(errors["val_mse"][i])
        results.append({"degree": int(d), "train_mse": tr, "val_mse": va})
        ax.plot(_X_GRID, true_polynomial(_X_GRID), "--", color="black", lw=1.3, label="true curve")
        ax.plot(_X_GRID, p(_X_GRID), color=_VERMILLION, lw=2.2, label="fitted polynomial")
        ax.plot(
            x_train, y_train, "o", color=_BLUE, ms=6, mec="white", mew=0.7, zorder=4,
            label="training points",
        )  # fmt: skip
        ax.set_ylim(*_Y_LIMITS)
        ax.set_xlim(-1.05, 1.05)
        ax.set_xlabel("input $x$")
        if i == 0:
            ax.set_ylabel("target $y$")
        verdict = _FIT_LABELS.get(i, "") if len(degrees) == 3 else ""
        head = f"Degree {int(d)}" + (f": {verdict}" if verdict else "")
        ax.set_title(f"{head}\ntrain MSE {tr:.3g}, validation MSE {va:.3g}", fontsize=10)
        ax.grid(alpha=0.25)
    axes[0].legend(loc="lower right", fontsize=8, framealpha=0.85)
    return fig, results


def classification_fits_figure(
    X_train: np.ndarray,
    y_train: np.ndarray,
    X_test: np.ndarray,
    y_test: np.ndarray,
    ks: Sequence[int] = (61, 15, 1),
    *,
    resolution: int = 100,
) -> tuple[Figure, list[dict[str, float]]]:
    """One panel per k: the decision regions of k-nearest neighbours fitted to the training set.

    The training points are drawn on top; titles give the training and test accuracy. With
    three values of k (large, moderate, 1) the panels are labelled underfitted / just right /
    overfitted. Returns the figure and, per k, ``{"k", "train_accuracy", "test_accuracy"}``.
    """
    if len(ks) == 0:
        raise ValueError("ks is empty")
    X_train, X_test = np.asarray(X_train, float), np.asarray(X_test, float)
    y_train, y_test = np.asarray(y_train), np.asarray(y_test)
    fig = Figure(figsize=(4.0 * len(ks), 4.0), layout="constrained")
    axes = fig.subplots(1, len(ks), sharey=True, squeeze=False)[0]
    results = []
    for i, (ax, k) in enumerate(zip(axes, ks, strict=True)):
        model = KNearestNeighbors(k=int(k)).fit(X_train, y_train)
        train_acc = float(np.mean(model.predict(X_train) == y_train))
        test_acc = float(np.mean(model.predict(X_test) == y_test))
        results.append({"k": int(k), "train_accuracy": train_acc, "test_accuracy": test_acc})
        verdict = _FIT_LABELS.get(i, "") if len(ks) == 3 else ""
        head = f"k = {int(k)}" + (f": {verdict}" if verdict else "")
        plot_decision_regions(
            model.predict, X_train, y_train, ax, resolution=resolution, legend=(i == 0),
            title=f"{head}\ntrain accuracy {train_acc:.0%}, test accuracy {test_acc:.0%}",
        )  # fmt: skip
        ax.title.set_fontsize(10)
        if i > 0:
            ax.set_ylabel("")
    return fig, results


# ---------------------------------------------------------------------------
# bias and variance
# ---------------------------------------------------------------------------
def bias_variance(
    degree: int,
    *,
    n_train: int = 30,
    noise: float = 0.3,
    n_repeats: int = 30,
    seed: int = 0,
    x_eval: np.ndarray | None = None,
) -> dict[str, object]:
    """Refit a polynomial of degree ``degree`` on ``n_repeats`` freshly drawn training sets.

    Training set ``r`` is ``make_polynomial_regression(n_train, noise=noise, seed=seed + r)``.
    At the points ``x_eval`` (default: 101 points in [-0.8, 0.8], inside the range that every
    training set covers, so that we compare interpolation, not wild extrapolation) we compare
    the fits ``p_r(x)`` with the true curve ``f(x)``:

    * ``bias2`` = mean over x of ``(mean_r p_r(x) - f(x))**2`` — how far the *average* fit is
      from the truth;
    * ``variance`` = mean over x of ``var_r p_r(x)`` — how much the fits differ from each other.

    Returns ``{"degree", "bias2", "variance", "x", "fits"}`` (``fits``: (n_repeats, len(x))).
    """
    degree = _check_degree(degree)
    if isinstance(n_repeats, bool) or not isinstance(n_repeats, int | np.integer) or n_repeats < 2:
        raise ValueError(f"n_repeats must be a whole number >= 2, got {n_repeats!r}")
    x = np.linspace(-0.8, 0.8, 101) if x_eval is None else _as_1d(x_eval, "x_eval")
    fits = np.empty((int(n_repeats), len(x)))
    for r in range(int(n_repeats)):
        xs, ys = make_polynomial_regression(n_train, noise=noise, seed=seed + r)
        fits[r] = fit_polynomial(xs, ys, degree)(x)
    mean_fit = fits.mean(axis=0)
    return {
        "degree": degree,
        "bias2": float(np.mean((mean_fit - true_polynomial(x)) ** 2)),
        "variance": float(np.mean(fits.var(axis=0))),
        "x": x,
        "fits": fits,
    }


def bias_variance_figure(
    degrees: Sequence[int] = (1, 3, 15),
    *,
    n_train: int = 30,
    noise: float = 0.3,
    n_repeats: int = 30,
    seed: int = 0,
) -> tuple[Figure, list[dict[str, object]]]:
    """One panel per degree: the fits to ``n_repeats`` resampled training sets (thin lines),
    their average (thick) and the true curve (dashed); titles give bias² and variance.

    Returns the figure and the :func:`bias_variance` result per degree.
    """
    if len(degrees) == 0:
        raise ValueError("degrees is empty")
    fig = Figure(figsize=(4.0 * len(degrees), 3.8), layout="constrained")
    axes = fig.subplots(1, len(degrees), sharey=True, squeeze=False)[0]
    results = []
    for i, (ax, d) in enumerate(zip(axes, degrees, strict=True)):
        res = bias_variance(d, n_train=n_train, noise=noise, n_repeats=n_repeats, seed=seed)
        results.append(res)
        x, fits = res["x"], res["fits"]
        for r, fit in enumerate(fits):  # type: ignore[arg-type]
            ax.plot(
                x, fit, color=_ORANGE, lw=0.8, alpha=0.45,
                label=f"{len(fits)} fits, each to a new training set" if r == 0 else None,  # type: ignore[arg-type]
            )  # fmt: skip
        ax.plot(x, np.mean(fits, axis=0), color=_VERMILLION, lw=2.4, label="average fit")  # type: ignore[arg-type]
        ax.plot(x, true_polynomial(x), "--", color="black", lw=1.4, label="true curve")  # type: ignore[arg-type]
        ax.set_ylim(*_Y_LIMITS)
        ax.set_xlabel("input $x$")
        if i == 0:
            ax.set_ylabel("prediction $p(x)$")
        ax.set_title(
            f"Degree {int(d)}\nbias² {res['bias2']:.2g}, variance {res['variance']:.2g}",
            fontsize=10,
        )
        ax.grid(alpha=0.25)
    axes[0].legend(loc="lower right", fontsize=8, framealpha=0.85)
    return fig, results


# ---------------------------------------------------------------------------
# training-loss curves
# ---------------------------------------------------------------------------
def loss_curves_figure(
    curves: Sequence[tuple[str, Sequence[float]]],
    reference: Sequence[float] | None = None,
    *,
    reference_label: str = "a good setting",
    ylabel: str = "training loss",
) -> Figure:
    """Small panels side by side, one training-loss curve each (per epoch, epochs from 1).

    ``curves``: (title, losses) pairs. ``reference``: an optional curve drawn faintly in every
    panel for comparison. All panels share the y-axis. Returns the figure.
    """
    curves = list(curves)
    if not curves:
        raise ValueError("curves is empty")
    for title, losses in curves:
        if len(losses) == 0:
            raise ValueError(f"the curve {title!r} has no values")
    fig = Figure(figsize=(3.7 * len(curves), 3.2), layout="constrained")
    axes = fig.subplots(1, len(curves), sharey=True, squeeze=False)[0]
    for i, (ax, (title, losses)) in enumerate(zip(axes, curves, strict=True)):
        if reference is not None:
            ax.plot(
                np.arange(1, len(reference) + 1), reference, color=_GREY, lw=1.5, ls="--",
                label=reference_label,
            )  # fmt: skip
        ax.plot(np.arange(1, len(losses) + 1), losses, color=_VERMILLION, lw=1.8, label="this run")
        ax.set_title(title, fontsize=10)
        ax.set_xlabel("epoch")
        if i == 0:
            ax.set_ylabel(ylabel)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(alpha=0.3)
    axes[0].legend(fontsize=8, framealpha=0.85)
    return fig
