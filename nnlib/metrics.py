"""Metrics: numbers that describe how good predictions are (not used for gradients)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ._validation import as_float_array, as_label_array, check_int, check_same_length

#: The largest confusion matrix built: 10 000 × 10 000 counts (800 MB) is already absurd.
MAX_CLASSES = 10_000


def _as_predicted_labels(y_pred: Any) -> np.ndarray:
    """Labels from predictions: 2-D scores (n, k) become argmax labels."""
    try:
        ndim = np.ndim(y_pred)
    except ValueError:  # ragged lists: let as_label_array say so
        ndim = 1
    if ndim == 2:
        scores = as_float_array(y_pred, "y_pred", ndim=2)  # NaN scores have no argmax
        if scores.shape[1] == 1:
            raise ValueError("y_pred has one column: threshold it into labels first")
        labels: np.ndarray = np.argmax(scores, axis=1)
        return labels
    return as_label_array(y_pred, "y_pred")


def accuracy(y_true: Any, y_pred: Any) -> float:
    """Fraction of correct predictions: |{s ∈ S : prediction(s) = label(s)}| / |S|.

    ``y_true``: labels, shape (n,). ``y_pred``: labels (n,) or scores (n, k) (argmax taken).
    """
    t = as_label_array(y_true, "y_true")
    p = _as_predicted_labels(y_pred)
    check_same_length(t, p, "y_true", "y_pred")
    return float(np.mean(t == p))


def confusion_matrix(y_true: Any, y_pred: Any, num_classes: int | None = None) -> np.ndarray:
    """Counts C[i, j] of examples with true class i predicted as class j, shape (k, k).

    Labels must be 0..k-1; ``num_classes`` defaults to 1 + the largest label seen.
    """
    if num_classes is not None:
        num_classes = check_int(num_classes, "num_classes", maximum=MAX_CLASSES)
    t = as_label_array(y_true, "y_true", num_classes=num_classes)
    p = _as_predicted_labels(y_pred)
    check_same_length(t, p, "y_true", "y_pred")
    if t.min() < 0:
        raise ValueError(f"y_true must hold labels 0..k-1, got the negative label {t.min()}")
    if p.min() < 0:
        raise ValueError(f"y_pred must hold labels 0..k-1, got the negative label {p.min()}")
    k = int(max(t.max(), p.max()) + 1) if num_classes is None else num_classes
    if k > MAX_CLASSES:
        raise ValueError(f"y_true and y_pred hold labels up to {k - 1}: a {k}×{k} matrix is too large")
    if p.max() >= k:
        raise ValueError(f"y_pred has the label {p.max()}, but num_classes={k} allows only 0..{k - 1}")
    return np.bincount(t * k + p, minlength=k * k).reshape(k, k)


def _positive_counts(y_true: Any, y_pred: Any, positive: int) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives) for the class ``positive``."""
    positive = check_int(positive, "positive", minimum=0)
    t = as_label_array(y_true, "y_true")
    p = _as_predicted_labels(y_pred)
    check_same_length(t, p, "y_true", "y_pred")
    for name, labels in (("y_true", t), ("y_pred", p)):
        if labels.min() < 0:
            raise ValueError(f"{name} must hold labels 0..k-1, got the negative label {labels.min()}")
    said_positive, is_positive = p == positive, t == positive
    tp = int(np.sum(said_positive & is_positive))
    return tp, int(np.sum(said_positive & ~is_positive)), int(np.sum(~said_positive & is_positive))


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
