#!/usr/bin/env python3
"""Execute chapter notebooks many times and count *stalls*.

A stall is an execution in which the kernel stops answering: the cell never finishes and
the executor waits for the whole cell timeout. ipykernel 7.x did this here now and then
(see requirements.txt); this script is how that was measured, and how to re-measure it
after an upgrade of ipykernel, jupyter-client, nbclient or pyzmq.

Usage::

    python tools/stress_execute.py --runs 8 --timeout 60              # chapters 1-7, live widgets
    python tools/stress_execute.py --runs 4 --mode frames chapters/01_perceptron.ipynb
    python tools/stress_execute.py --runs 8 --json _build/stress.json  # also write the results

Every run executes the notebook in a fresh kernel with nbclient, the way the book build
(myst-nb) and nbval do, with ``--timeout`` seconds per cell. A run that hits the timeout is
a stall; any other error is a failure (reported, not counted as a stall). The summary line
is ``stress: N executions, S stalls, F failures`` and the exit status is non-zero if any run
stalled or failed. ``--mode`` sets ``NNLIB_WIDGETS`` for the kernels (``frames`` renders the
web edition's widget frames to a temporary folder), and ``NNLIB_QUICK=1`` is set unless
``--full`` is given (chapter 7 then trains on a subset, as under nbval).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

ROOT = Path(__file__).resolve().parent.parent
VERSIONS = ("ipykernel", "jupyter-client", "nbclient", "pyzmq", "tornado", "ipython")


def execute_once(path: Path, timeout: int) -> tuple[str, float, str]:
    """Run ``path`` once in a fresh kernel; return (outcome, seconds, detail)."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    start = time.perf_counter()
    try:
        client.execute()
    except CellTimeoutError as err:
        return "stall", time.perf_counter() - start, str(err).splitlines()[0]
    except (CellExecutionError, DeadKernelError, RuntimeError) as err:
        return "failure", time.perf_counter() - start, str(err).splitlines()[-1][:200]
    return "ok", time.perf_counter() - start, ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every chapters/*.ipynb")
    parser.add_argument("--runs", type=int, default=8, help="executions of each notebook (default 8)")
    parser.add_argument("--timeout", type=int, default=60, help="seconds per cell (default 60)")
    parser.add_argument(
        "--mode", choices=("live", "frames"), default="live", help="NNLIB_WIDGETS for the kernels"
    )
    parser.add_argument(
        "--full", action="store_true", help="don't set NNLIB_QUICK=1 (chapter 7 trains fully)"
    )
    parser.add_argument("--json", type=Path, help="write every run and the summary to this file")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.timeout < 1:
        parser.error("--runs and --timeout must be positive")

    notebooks = args.notebooks or sorted((ROOT / "chapters").glob("*.ipynb"))
    os.environ["NNLIB_WIDGETS"] = args.mode
    if not args.full:
        os.environ["NNLIB_QUICK"] = "1"
    frames_dir = tempfile.TemporaryDirectory(prefix="stress-frames-")
    os.environ["NNLIB_FRAMES_DIR"] = frames_dir.name
    versions = {name: metadata.version(name) for name in VERSIONS}
    print("stress:", ", ".join(f"{k} {v}" for k, v in versions.items()), f"| mode {args.mode}", flush=True)

    runs = []
    for r in range(args.runs):
        for path in notebooks:
            outcome, seconds, detail = execute_once(path.resolve(), args.timeout)
            runs.append(
                {"notebook": path.name, "run": r + 1, "outcome": outcome, "seconds": round(seconds, 2)}
            )
            note = f"  {detail}" if detail else ""
            print(f"  run {r + 1:2d} {path.name:36s} {outcome:8s} {seconds:6.1f} s{note}", flush=True)

    stalls = sum(run["outcome"] == "stall" for run in runs)
    failures = sum(run["outcome"] == "failure" for run in runs)
    ok_times = [run["seconds"] for run in runs if run["outcome"] == "ok"]
    summary = {
        "executions": len(runs),
        "stalls": stalls,
        "failures": failures,
        "median_seconds": round(statistics.median(ok_times), 2) if ok_times else None,
        "cell_timeout_s": args.timeout,
        "mode": args.mode,
        "quick": not args.full,
        "versions": versions,
        "python": platform.python_version(),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"summary": summary, "runs": runs}, indent=1) + "\n")
    print(f"stress: {len(runs)} executions, {stalls} stalls, {failures} failures")
    return 1 if stalls or failures else 0


if __name__ == "__main__":
    sys.exit(main())
