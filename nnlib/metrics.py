"""Metrics: numbers that describe how good predictions are (not used for gradients)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ._validation import as_label_array, check_same_length


def _as_predicted_labels(y_pred: Any) -> np.ndarray:
    """Labels from predictions: 2-D scores (n, k) become argmax labels."""
    arr = np.asarray(y_pred)
    if arr.ndim == 2:
        if arr.shape[1] == 1:
            raise ValueError("y_pred has one column: threshold it into labels first")
        return np.argmax(arr, axis=1)
    return as_label_array(arr, "y_pred")


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
    t = as_label_array(y_true, "y_true")
    p = _as_predicted_labels(y_pred)
    check_same_length(t, p, "y_true", "y_pred")
    if min(t.min(), p.min()) < 0:
        raise ValueError("confusion_matrix needs labels 0..k-1, got a negative label")
    k = int(max(t.max(), p.max()) + 1) if num_classes is None else int(num_classes)
    if max(t.max(), p.max()) >= k:
        raise ValueError(f"labels must be < num_classes={k}, got {max(t.max(), p.max())}")
    return np.bincount(t * k + p, minlength=k * k).reshape(k, k)
