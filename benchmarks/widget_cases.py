"""The widget callbacks the chapters wire to sliders, each with a run of slider settings.

Each entry: (chapter, callback name, callable, list of keyword-argument dicts). The
settings sweep one or two sliders the way a reader dragging them would.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Case = tuple[str, str, Callable[..., Any], list[dict[str, Any]]]


def widget_cases() -> list[Case]:
    return []
