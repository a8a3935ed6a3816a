"""Perceptron rule and convergence; decision tree and k-NN; metrics."""

import warnings

import numpy as np
import pytest

from nnlib import ConvergenceWarning, DecisionStump, DecisionTree, KNearestNeighbors, Perceptron
from nnlib.data import make_blobs, make_xor, to_signed
from nnlib.metrics import accuracy, confusion_matrix
from nnlib.perceptron import neuron, sgn


def test_worked_example_from_the_slides():
    w, b = np.array([2.0, 2.0]), 0.0
    assert neuron([0, 2], w, b) == 4 and sgn(4) == 1
    assert neuron([-1, 0], w, b) == -2 and sgn(-2) == -1
    assert sgn(0) == 1  # the book's convention


def test_hand_computed_updates():
    """Three points, lr = 1, zero start — every step worked out by hand."""
    X = np.array([[1.0, 1.0], [2.0, -1.0], [-1.0, -2.0]])
    y = np.array([1, -1, -1])
    p = Perceptron(lr=1.0).fit(X, y)
    # epoch 1: x0: n=0 → +1 correct. x1: n=0 → +1 but y=−1: w=(−2, 1), b=−1.
    #          x2: n=2−2−1=−1 → −1 correct.
    # epoch 2: x0: n=−2+1−1=−2 → −1 but y=+1: w=(−1, 2), b=0. x1: n=−4 → ok. x2: n=−3 → ok.
    # epoch 3: x0: n=1 ok, x1: n=−4 ok, x2: n=−3 ok → converged.
    np.testing.assert_array_equal(p.coef_, [-1.0, 2.0])
    assert p.intercept_ == 0.0
    assert p.converged_ and p.n_updates_ == 2 and p.epochs_ == 3
    first_update = next(s for s in p.history_ if s.updated)
    assert first_update.prediction == 1 and first_update.y == -1
    np.testing.assert_array_equal(first_update.w, [-2.0, 1.0])  # w − x: decreased by the features
    assert first_update.b == -1.0
    np.testing.assert_array_equal(p.predict(X), y)


def test_update_moves_towards_classifying_the_point():
    """One update raises y·n by lr·(‖x‖² + 1)."""
    X = np.array([[0.5, -2.0]])
    p = Perceptron(lr=0.3, init=(np.array([1.0, 1.0]), 0.5), max_epochs=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        p.fit(X, np.array([1]))
    step = p.history_[0]
    n_after = float(step.w @ X[0] + step.b)
    assert step.updated
    assert n_after - step.z == pytest.approx(0.3 * (X[0] @ X[0] + 1))


def test_converges_on_separable_data():
    X, y = make_blobs(100, distance=5.0, noise=0.8, seed=0)
    p = Perceptron().fit(X, to_signed(y))
    assert p.converged_
    assert accuracy(to_signed(y), p.predict(X)) == 1.0


def test_fails_on_xor_and_says_so():
    X, y = make_xor(100, noise=0.1, seed=0)
    with pytest.warns(ConvergenceWarning, match="did not converge within max_epochs=20"):
        p = Perceptron(max_epochs=20).fit(X, to_signed(y))
    assert not p.converged_
    assert accuracy(to_signed(y), p.predict(X)) < 0.9


def test_perceptron_rejects_bad_input():
    with pytest.raises(ValueError, match=r"outside the allowed set \[-1, 1\]"):
        Perceptron().fit(np.zeros((3, 2)), [0, 1, 1])
    with pytest.raises(ValueError, match="lr must be > 0"):
        Perceptron(lr=0)
    with pytest.raises(ValueError, match="same number of examples"):
        Perceptron().fit(np.zeros((3, 2)), [1, -1])
    with pytest.raises(RuntimeError, match="not fitted"):
        Perceptron().predict(np.zeros((1, 2)))


def test_decision_tree_and_stump():
    X = np.array([[0.0, 0.0], [1.0, 0.0], [2.0, 1.0], [3.0, 1.0]])
    y = np.array([0, 0, 1, 1])
    stump = DecisionStump().fit(X, y)
    np.testing.assert_array_equal(stump.predict(X), y)
    assert "f1 > 1.5" in stump.describe() or "f2 > 0.5" in stump.describe()
    Xx, yx = make_xor(200, noise=0.1, seed=0)
    assert accuracy(yx, DecisionTree(max_depth=8).fit(Xx, yx).predict(Xx)) > 0.95
    assert accuracy(yx, DecisionStump().fit(Xx, yx).predict(Xx)) < 0.8


def test_knn():
    X = np.array([[0.0, 0.0], [0.1, 0.0], [5.0, 5.0], [5.1, 5.0], [5.0, 5.1]])
    y = np.array([0, 0, 1, 1, 1])
    knn = KNearestNeighbors(k=3).fit(X, y)
    np.testing.assert_array_equal(knn.predict([[0.0, 0.1], [4.0, 4.0]]), [0, 1])
    with pytest.raises(ValueError, match="larger than the number of training examples"):
        KNearestNeighbors(k=9).fit(X, y)
    with pytest.raises(ValueError, match="features"):
        knn.predict(np.zeros((1, 3)))


def test_metrics():
    assert accuracy([0, 1, 1, 2], [0, 1, 0, 2]) == 0.75
    assert accuracy([1, 0], np.array([[0.2, 0.8], [0.9, 0.1]])) == 1.0
    cm = confusion_matrix([0, 1, 1, 2], [0, 1, 0, 2])
    np.testing.assert_array_equal(cm, [[1, 0, 0], [1, 1, 0], [0, 0, 1]])
    with pytest.raises(ValueError, match="same number of examples"):
        accuracy([0, 1], [0])
    with pytest.raises(ValueError, match="num_classes=2"):
        confusion_matrix([0, 3], [0, 1], num_classes=2)


# ----- issue 11: defects that returned silently wrong answers (each failed before its fix) ---


def test_metrics_refuse_nan_scores():
    """argmax of a row with NaN is the NaN's index: the old accuracy counted it as a prediction."""
    scores = np.array([[0.2, np.nan], [0.9, 0.1]])
    with pytest.raises(ValueError, match="y_pred contains 1 NaN"):
        accuracy([1, 0], scores)
    with pytest.raises(ValueError, match="y_pred contains 1 NaN"):
        confusion_matrix([1, 0], scores)


def test_confusion_matrix_refuses_fractional_num_classes():
    """int(2.7) == 2 used to be taken silently."""
    with pytest.raises(ValueError, match="num_classes must be a whole number, got 2.7"):
        confusion_matrix([0, 1], [0, 1], num_classes=2.7)
    with pytest.raises(TypeError, match="num_classes must be an integer"):
        confusion_matrix([0, 1], [0, 1], num_classes="3")
    assert confusion_matrix([0, 1], [0, 1], num_classes=3.0).shape == (3, 3)  # whole floats are fine


def test_metrics_refuse_booleans_and_negative_predictions():
    with pytest.raises(TypeError, match=r"y_pred must hold integer class labels.*astype\(int\)"):
        accuracy([0, 1], np.array([False, True]))
    with pytest.raises(ValueError, match="y_pred must hold labels 0..k-1"):
        confusion_matrix([0, 1], [0, -1])


def test_neuron_and_sgn_refuse_what_they_would_get_wrong():
    """sgn(NaN) used to be −1 and neuron silently dropped imaginary parts."""
    with pytest.raises(ValueError, match="z contains 1 NaN"):
        sgn(np.nan)
    with pytest.raises(TypeError, match="x must hold real numbers"):
        neuron(np.array([1 + 1j, 0.0]), [1.0, 1.0], 0.0)
    with pytest.raises(ValueError, match="x has 3 features .* but w has 2 weights"):
        neuron([1.0, 2.0, 3.0], [1.0, 1.0], 0.0)
    with pytest.raises(ValueError, match="b must be a finite number"):
        neuron([1.0, 2.0], [1.0, 1.0], np.inf)


def test_perceptron_and_tree_hyper_parameters():
    with pytest.raises(TypeError, match="shuffle must be True or False"):
        Perceptron(shuffle="yes")
    with pytest.raises(TypeError, match="init must be a pair"):
        Perceptron(init=np.zeros(2))
    with pytest.raises(ValueError, match="init weights contains 1 NaN"):
        Perceptron(init=([np.nan, 0.0], 0.0))
    with pytest.raises(ValueError, match="max_epochs must be <="):
        Perceptron(max_epochs=10**9)
    with pytest.raises(RuntimeError, match="not fitted"):
        DecisionTree().describe()
    X, y = make_blobs(20, seed=0)
    tree = DecisionStump().fit(X, y)
    with pytest.raises(ValueError, match="feature_names must name all 2 features"):
        tree.describe(["only one"])
    assert "height" in tree.describe(["height", "width"]) or "width" in tree.describe(["height", "width"])
