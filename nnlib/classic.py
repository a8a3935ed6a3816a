"""Two classic non-neural classifiers, small enough to read: a decision tree and k-NN."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ._validation import check_features, check_int, check_X_y

#: Deeper trees would exceed Python's recursion limit (and 2^100 leaves is no teaching tree).
MAX_DEPTH = 100


@dataclass
class _Node:
    """A leaf (``label`` set) or a split "f[feature] > threshold"."""

    label: int | None = None
    feature: int = 0
    threshold: float = 0.0
    left: _Node | None = None  # f <= threshold
    right: _Node | None = None  # f > threshold


def _gini(counts: np.ndarray) -> float:
    total = counts.sum()
    return 0.0 if total == 0 else 1.0 - float(np.sum((counts / total) ** 2))


class DecisionTree:
    """A binary decision tree grown greedily with the Gini impurity.

    Each inner node asks "is feature f larger than t?"; thresholds are midpoints
    between neighbouring distinct values. Growth stops at ``max_depth``, at pure nodes,
    or when no split lowers the impurity.
    """

    def __init__(self, max_depth: int = 3) -> None:
        self.max_depth = check_int(max_depth, "max_depth", maximum=MAX_DEPTH)

    def fit(self, X: Any, y: Any) -> DecisionTree:
        """X (n, d), y (n,) integer labels."""
        X, y = check_X_y(X, y)
        self.classes_ = np.unique(y)
        self.n_features_ = X.shape[1]
        codes = np.searchsorted(self.classes_, y)
        self.root_ = self._grow(X, codes, depth=0)
        return self

    def _grow(self, X: np.ndarray, codes: np.ndarray, depth: int) -> _Node:
        counts = np.bincount(codes, minlength=len(self.classes_))
        leaf = _Node(label=int(self.classes_[np.argmax(counts)]))
        if depth >= self.max_depth or np.count_nonzero(counts) == 1:
            return leaf
        best: tuple[float, int | None, float | None] = (_gini(counts), None, None)
        for f in range(X.shape[1]):
            values = np.unique(X[:, f])
            for t in (values[:-1] + values[1:]) / 2:
                right = X[:, f] > t
                n_r = int(right.sum())
                c_r = np.bincount(codes[right], minlength=len(counts))
                impurity = (n_r * _gini(c_r) + (len(codes) - n_r) * _gini(counts - c_r)) / len(codes)
                if impurity < best[0] - 1e-12:
                    best = (impurity, f, float(t))
        _, feature, threshold = best
        if feature is None or threshold is None:  # no split lowers the impurity
            return leaf
        right = X[:, feature] > threshold
        return _Node(
            feature=feature,
            threshold=threshold,
            left=self._grow(X[~right], codes[~right], depth + 1),
            right=self._grow(X[right], codes[right], depth + 1),
        )

    def predict(self, X: Any) -> np.ndarray:
        """Labels for X (m, d), shape (m,)."""
        if not hasattr(self, "root_"):
            raise RuntimeError(f"this {type(self).__name__} is not fitted yet: call fit(X, y) first")
        X = check_features(X, self.n_features_)
        out = np.empty(len(X), dtype=np.int64)
        self._predict_into(self.root_, X, np.arange(len(X)), out)
        return out

    def _predict_into(self, node: _Node, X: np.ndarray, idx: np.ndarray, out: np.ndarray) -> None:
        if node.label is not None:
            out[idx] = node.label
            return
        assert node.left is not None and node.right is not None  # a split has both branches
        right = X[idx, node.feature] > node.threshold
        self._predict_into(node.left, X, idx[~right], out)
        self._predict_into(node.right, X, idx[right], out)

    def describe(self, feature_names: list[str] | None = None) -> str:
        """The learned rules as indented text, e.g. "if f1 > 0.42:"."""
        if not hasattr(self, "root_"):
            raise RuntimeError(f"this {type(self).__name__} is not fitted yet: call fit(X, y) first")
        if feature_names is None:
            names = [f"f{i + 1}" for i in range(self.n_features_)]
        elif isinstance(feature_names, str) or not all(isinstance(n, str) for n in feature_names):
            raise TypeError(f"feature_names must be a list of strings, got {feature_names!r}")
        elif len(feature_names) != self.n_features_:
            raise ValueError(
                f"feature_names must name all {self.n_features_} features, got {len(feature_names)} names"
            )
        else:
            names = list(feature_names)
        lines: list[str] = []

        def walk(node: _Node, indent: str) -> None:
            if node.label is not None:
                lines.append(f"{indent}predict {node.label}")
                return
            assert node.left is not None and node.right is not None  # a split has both branches
            lines.append(f"{indent}if {names[node.feature]} > {node.threshold:.3g}:")
            walk(node.right, indent + "    ")
            lines.append(f"{indent}else:")
            walk(node.left, indent + "    ")

        walk(self.root_, "")
        return "\n".join(lines)


class DecisionStump(DecisionTree):
    """A decision tree with a single question (depth 1)."""

    def __init__(self) -> None:
        super().__init__(max_depth=1)


class KNearestNeighbors:
    """k-nearest neighbours: keep every training example; predict by majority vote among
    the k closest (Euclidean distance). Ties go to the smallest label."""

    def __init__(self, k: int = 5) -> None:
        self.k = check_int(k, "k")

    def fit(self, X: Any, y: Any) -> KNearestNeighbors:
        X, y = check_X_y(X, y)
        if self.k > len(X):
            raise ValueError(f"k={self.k} is larger than the number of training examples ({len(X)})")
        self.X_, self.y_ = X, y
        self.classes_ = np.unique(y)
        return self

    def predict(self, X: Any) -> np.ndarray:
        if not hasattr(self, "X_"):
            raise RuntimeError("this KNearestNeighbors is not fitted yet: call fit(X, y) first")
        X = check_features(X, self.X_.shape[1])
        # squared distances via |a|² − 2a·b + |b|², shape (m, n)
        d2 = (X**2).sum(1)[:, None] - 2 * X @ self.X_.T + (self.X_**2).sum(1)[None, :]
        nearest = np.argpartition(d2, self.k - 1, axis=1)[:, : self.k]
        codes = np.searchsorted(self.classes_, self.y_[nearest])
        votes = np.zeros((len(X), len(self.classes_)), dtype=np.int64)
        np.add.at(votes, (np.arange(len(X))[:, None], codes), 1)
        return self.classes_[np.argmax(votes, axis=1)]
