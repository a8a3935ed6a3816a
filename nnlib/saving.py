"""Saving a ``Sequential`` to an ``.npz`` file and loading it back (``model.save``, ``Sequential.load``).

The file holds the architecture as JSON text (``"architecture"``: one description per layer)
and the weights as arrays ``param_0``, ``param_1``, … in the order of ``model.parameters()``.
Nothing is pickled, so loading a file never runs code from it; and ``load`` checks a file
before it builds anything from it, so a damaged or hostile file raises ``ValueError``.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .layers import LAYER_TYPES, Dense, Layer
from .parameter import Parameter


def npz_path(path: str | os.PathLike[str]) -> Path:
    """The file ``save`` writes for ``path``: ``.npz`` appended unless it is there."""
    if not isinstance(path, str | os.PathLike):
        raise TypeError(f"path must be a file name (str or pathlib.Path), got {type(path).__name__}")
    path = Path(path)
    return path if path.suffix == ".npz" else path.with_suffix(path.suffix + ".npz")


def save_model(
    layers: Sequence[Layer], parameters: Sequence[Parameter], path: str | os.PathLike[str]
) -> Path:
    """Write the architecture and weights to an ``.npz`` file, atomically (a temporary file,
    then a rename: an interrupted save never leaves half a model behind). Returns the path."""
    path = npz_path(path)
    config = [{"type": type(layer).__name__, **layer.config()} for layer in layers]
    arrays = {f"param_{i}": p.value for i, p in enumerate(parameters)}
    arrays["architecture"] = np.array(json.dumps(config))
    tmp = path.with_name(f"{path.name}.{secrets.token_hex(4)}.tmp")  # open(): the umask's mode
    try:
        with open(tmp, "xb") as f:
            np.savez(f, **arrays)  # type: ignore[arg-type]  # (numpy's stub: **arrays could be allow_pickle)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def load_layers(path: str | os.PathLike[str]) -> list[Layer]:
    """The layers, with their weights, of a model file written by ``save_model``.

    The architecture and the shapes are checked before anything is allocated; a damaged
    file, an unknown layer or weights that do not fit (wrong shape, NaN) raise ``ValueError``.
    """
    path = npz_path(path)
    try:
        with np.load(path, allow_pickle=False) as data:
            config = json.loads(str(data["architecture"]))
            arrays = {name: data[name] for name in data.files if name != "architecture"}
    except FileNotFoundError:
        raise
    except Exception as err:
        raise ValueError(f"{path} is not a readable nnlib model file: {err}") from None
    try:
        return [
            Dense.from_arrays(*weights, dtype=kwargs["dtype"])
            if kind == "Dense"
            else LAYER_TYPES[kind](**kwargs)
            for kind, kwargs, weights in check_model_file(config, arrays, LAYER_TYPES)
        ]
    except (TypeError, ValueError) as err:
        raise ValueError(f"{path} does not hold a valid model: {err}") from None


def check_model_file(
    config: Any, arrays: dict[str, np.ndarray], types: Iterable[str]
) -> list[tuple[str, dict[str, Any], list[np.ndarray]]]:
    """The layers of a saved model as (type, constructor arguments, weight arrays), checked
    before anything is built: known types, and every Dense's declared shapes matching the
    next two saved arrays (a 1 KB file cannot make ``load`` allocate 3 GB), none left over."""
    if not isinstance(config, list) or not all(isinstance(spec, dict) for spec in config):
        raise ValueError("the architecture is not a list of layer descriptions")
    if not config:
        raise ValueError("the architecture has no layers")
    known, layers, k = set(types), [], 0
    for i, spec in enumerate(config):
        kind, kwargs = spec.get("type"), {key: v for key, v in spec.items() if key != "type"}
        if not isinstance(kind, str) or kind not in known:
            raise ValueError(f"layer {i} has unknown type {kind!r}; known: {sorted(known)}")
        weights = []
        if kind == "Dense":
            if set(kwargs) != {"in_features", "out_features", "dtype"}:
                raise ValueError(f"layer {i}: Dense takes in_features, out_features, dtype: {sorted(kwargs)}")
            shapes = [(kwargs["out_features"], kwargs["in_features"]), (kwargs["out_features"],)]
            weights = [arrays[f"param_{j}"] for j in (k, k + 1) if f"param_{j}" in arrays]
            if [w.shape for w in weights] != shapes:
                found = [w.shape for w in weights]
                raise ValueError(f"layer {i} declares Dense shapes {shapes}, the file has {found}")
            k += 2
        layers.append((kind, kwargs, weights))
    if len(arrays) != k:
        raise ValueError(f"the file holds {len(arrays)} weight arrays, the architecture uses {k}")
    return layers
