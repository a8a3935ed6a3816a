"""Metrics: numbers that describe how good predictions are (not used for gradients)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ._validation import check_confusion_size, check_int, check_label_pair

#: The largest confusion matrix built: 10 000 × 10 000 counts (800 MB) is already absurd.
MAX_CLASSES = 10_000


def accuracy(y_true: Any, y_pred: Any) -> float:
    """Fraction of correct predictions: |{s ∈ S : prediction(s) = label(s)}| / |S|.

    ``y_true``: labels, shape (n,). ``y_pred``: labels (n,) or scores (n, k) (argmax taken).
    """
    t, p = check_label_pair(y_true, y_pred, negative_ok=True)
    return float(np.mean(t == p))


def confusion_matrix(y_true: Any, y_pred: Any, num_classes: int | None = None) -> np.ndarray:
    """Counts C[i, j] of examples with true class i predicted as class j, shape (k, k).

    Labels must be 0..k-1; ``num_classes`` defaults to 1 + the largest label seen.
    """
    if num_classes is not None:
        num_classes = check_int(num_classes, "num_classes", maximum=MAX_CLASSES)
    t, p = check_label_pair(y_true, y_pred, num_classes=num_classes)
    k = int(max(t.max(), p.max()) + 1) if num_classes is None else num_classes
    check_confusion_size(k, p, MAX_CLASSES)
    return np.bincount(t * k + p, minlength=k * k).reshape(k, k)


def _positive_counts(y_true: Any, y_pred: Any, positive: int) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives) for the class ``positive``."""
    positive = check_int(positive, "positive", minimum=0)
    t, p = check_label_pair(y_true, y_pred)
    said_positive, is_positive = p == positive, t == positive
    tp = int(np.sum(said_positive & is_positive))  # said positive, and it is
    fp = int(np.sum(said_positive & ~is_positive))  # said positive, but it is not
    fn = int(np.sum(~said_positive & is_positive))  # missed: it is positive, but was not said so
    return tp, fp, fn


def precision(y_true: Any, y_pred: Any, positive: int = 1) -> float:
    """Of the examples predicted ``positive``, the fraction that truly are: TP / (TP + FP).

    "When the filter says spam, how often is it right?" ``y_true``: labels 0..k-1, shape (n,);
    ``y_pred``: labels (n,) or scores (n, k) (argmax taken). Raises ``ValueError`` when no example
    is predicted ``positive`` (0 / 0: precision is undefined).
    """
    tp, fp, _ = _positive_counts(y_true, y_pred, positive)
    if tp + fp == 0:
        raise ValueError(f"precision is undefined (0 / 0): y_pred predicts class {positive} for no example")
    return tp / (tp + fp)


def recall(y_true: Any, y_pred: Any, positive: int = 1) -> float:
    """Of the examples that truly are ``positive``, the fraction predicted so: TP / (TP + FN).

    "Of all spam, how much does the filter catch?" Arguments as for :func:`precision`. Raises
    ``ValueError`` when no example is truly ``positive`` (0 / 0: recall is undefined).
    """
    tp, _, fn = _positive_counts(y_true, y_pred, positive)
    if tp + fn == 0:
        raise ValueError(f"recall is undefined (0 / 0): y_true holds no example of class {positive}")
    return tp / (tp + fn)
