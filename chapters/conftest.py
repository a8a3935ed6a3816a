"""nbval settings for the chapter notebooks.

The notebooks are committed stripped (``make strip``), which also clears the execution count
of the few cells that keep their outputs (``"keep_output": true`` in the cell metadata) as
the reference nbval compares for ``# NBVAL_CHECK_OUTPUT``. nbval refuses a reference cell with
outputs but no execution count ("Unrun reference cell has outputs"), so those cells are marked
as run here, at collection time; the notebook files are not changed.
"""

from __future__ import annotations


def pytest_collection_modifyitems(items):
    for item in items:
        cell = getattr(item, "cell", None)  # nbval's IPyNbCell items
        if cell is not None and cell.get("metadata", {}).get("keep_output") and cell.get("outputs"):
            cell.execution_count = cell.get("execution_count") or 1
