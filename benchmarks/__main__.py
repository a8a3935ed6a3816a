"""Run the benchmarks, print a Markdown table, and write JSON + Markdown results.

    python -m benchmarks                 # everything (about 15 minutes on 2 cores)
    python -m benchmarks --only epoch widgets
    python -m benchmarks --only frames   # the static book's widgets (needs `make book`)
    python -m benchmarks --quick --output /tmp/bench   # tiny sizes: a smoke test

Results go to ``benchmarks/results/latest.json``, ``latest.md`` (every number with its target,
met or not) and ``summary.md`` (what a reader needs, shown in the book's Performance appendix)
unless ``--output`` names another folder. With ``--only``, the suites that were not run
keep their earlier results (each suite records when it was measured).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from . import epoch_cpu, frames, mnist_load, notebooks, time_to_98, widgets
from ._timing import machine_info
from .report import to_markdown, to_reader_markdown

SUITES = {
    "mnist_load": mnist_load.run,
    "widgets": widgets.run,
    "frames": frames.run,
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

    machine = machine_info()
    results = {"machine": machine, "quick": args.quick, "suites": {}}
    earlier = args.output / "latest.json"
    if args.only and earlier.is_file():
        previous = json.loads(earlier.read_text())
        if previous.get("quick") == args.quick:
            kept = {k: v for k, v in previous["suites"].items() if k not in args.only}
            for suite in kept.values():
                suite.setdefault("date", previous["machine"]["date"])
            results["suites"] = {name: kept[name] for name in SUITES if name in kept}
    for name in args.only or SUITES:
        print(f"running {name} …", flush=True)
        results["suites"][name] = {**SUITES[name](quick=args.quick), "date": machine["date"]}
    results["suites"] = {name: results["suites"][name] for name in SUITES if name in results["suites"]}
    table = to_markdown(results)
    print(table)
    args.output.mkdir(parents=True, exist_ok=True)
    (args.output / "latest.json").write_text(json.dumps(results, indent=2, default=float) + "\n")
    (args.output / "latest.md").write_text(table + "\n")
    (args.output / "summary.md").write_text(to_reader_markdown(results) + "\n")
    print(f"wrote {args.output / 'latest.json'}, latest.md (with the targets) and summary.md (for readers)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
