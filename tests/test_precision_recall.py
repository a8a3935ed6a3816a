"""Tests for nnlib.metrics.precision and nnlib.metrics.recall, checked against hand counts."""

import numpy as np
import pytest

from nnlib.metrics import confusion_matrix, precision, recall

# ten e-mails, 1 = spam: the filter flags four, three of them rightly, and misses two spam mails
Y_TRUE = np.array([1, 1, 1, 1, 1, 0, 0, 0, 0, 0])
Y_PRED = np.array([1, 1, 1, 0, 0, 1, 0, 0, 0, 0])


def test_spam_example_by_hand():
    # TP = 3, FP = 1, FN = 2
    assert precision(Y_TRUE, Y_PRED) == pytest.approx(3 / 4)
    assert recall(Y_TRUE, Y_PRED) == pytest.approx(3 / 5)


def test_agrees_with_the_confusion_matrix():
    rng = np.random.default_rng(0)
    y_true, y_pred = rng.integers(0, 3, 200), rng.integers(0, 3, 200)
    C = confusion_matrix(y_true, y_pred, num_classes=3)
    for k in range(3):
        assert precision(y_true, y_pred, positive=k) == pytest.approx(C[k, k] / C[:, k].sum())
        assert recall(y_true, y_pred, positive=k) == pytest.approx(C[k, k] / C[k, :].sum())


def test_scores_are_turned_into_decisions():
    scores = np.array([[0.2, 0.8], [0.9, 0.1], [0.4, 0.6], [0.7, 0.3]])  # decisions 1, 0, 1, 0
    y_true = np.array([1, 1, 0, 0])
    assert precision(y_true, scores) == 0.5
    assert recall(y_true, scores) == 0.5


def test_saying_yes_to_everything_has_perfect_recall_and_poor_precision():
    everything = np.ones_like(Y_TRUE)
    assert recall(Y_TRUE, everything) == 1.0
    assert precision(Y_TRUE, everything) == 0.5


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: precision(Y_TRUE, np.zeros_like(Y_TRUE)), "precision is undefined"),
        (lambda: recall(np.zeros_like(Y_TRUE), Y_PRED), "recall is undefined"),
        (lambda: precision(Y_TRUE, Y_PRED[:-1]), "same number"),
        (lambda: recall(Y_TRUE, -Y_PRED - 1), "y_pred must hold labels"),
        (lambda: precision(Y_TRUE - 1, Y_PRED), "y_true must hold labels"),
        (lambda: recall(Y_TRUE, Y_PRED, positive=-1), "positive must be >= 0"),
        (lambda: precision(Y_TRUE, Y_PRED + 0.5), "y_pred"),
    ],
)
def test_bad_input_is_rejected(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_positive_must_be_an_integer():
    with pytest.raises(TypeError, match="positive"):
        precision(Y_TRUE, Y_PRED, positive="1")
