"""Run the benchmarks, print a Markdown table, and write JSON + Markdown results.

    python -m benchmarks                 # everything (about 15 minutes on 2 cores)
    python -m benchmarks --only epoch widgets
    python -m benchmarks --quick --output /tmp/bench   # tiny sizes: a smoke test

Results go to ``benchmarks/results/latest.json`` and ``latest.md`` (shown in the book's
Performance appendix) unless ``--output`` names another folder.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from . import epoch_cpu, mnist_load, notebooks, time_to_98, widgets
from ._timing import machine_info
from .report import to_markdown

SUITES = {
    "mnist_load": mnist_load.run,
    "widgets": widgets.run,
    "epoch": epoch_cpu.run,
    "time_to_98": time_to_98.run,
    "notebooks": notebooks.run,
}
RESULTS = Path(__file__).resolve().parent / "results"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", choices=sorted(SUITES), help="run only these suites")
    parser.add_argument("--quick", action="store_true", help="tiny sizes, one repeat (smoke test)")
    parser.add_argument("--output", type=Path, default=RESULTS, help="folder for latest.json / latest.md")
    args = parser.parse_args(argv)

    results = {"machine": machine_info(), "quick": args.quick, "suites": {}}
    for name in args.only or SUITES:
        print(f"running {name} …", flush=True)
        results["suites"][name] = SUITES[name](quick=args.quick)
    table = to_markdown(results)
    print(table)
    args.output.mkdir(parents=True, exist_ok=True)
    (args.output / "latest.json").write_text(json.dumps(results, indent=2, default=float) + "\n")
    (args.output / "latest.md").write_text(table + "\n")
    print(f"wrote {args.output / 'latest.json'} and latest.md")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
