"""The core library stays readable in one sitting (issue 13): a line budget for its seven modules.

Argument checks live in ``nnlib/_validation.py``, saving and loading in ``nnlib/saving.py`` and
the divergence checks in ``nnlib/divergence.py``; none of them is counted.
"""

from __future__ import annotations

from pathlib import Path

NNLIB = Path(__file__).resolve().parent.parent / "nnlib"
CORE = ("layers", "losses", "optim", "model", "parameter", "callbacks", "metrics")
CORE_BUDGET = 1250  # lines, as `wc -l` counts them


def test_the_core_fits_its_line_budget():
    lines = {f"nnlib/{name}.py": len((NNLIB / f"{name}.py").read_bytes().splitlines()) for name in CORE}
    total = sum(lines.values())
    assert total <= CORE_BUDGET, (
        f"the core has {total} lines, more than its budget of {CORE_BUDGET}: {lines}. Move argument "
        "checks into nnlib/_validation.py (not counted), one call in the core each; don't squeeze the maths."
    )
