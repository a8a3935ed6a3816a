"""Every benchmark runs once on tiny sizes so the suite cannot rot (no timing asserted)."""

import json

from benchmarks.__main__ import main
from benchmarks.widget_cases import widget_cases


def test_every_benchmark_runs_in_quick_mode(tmp_path):
    assert main(["--quick", "--output", str(tmp_path)]) == 0
    results = json.loads((tmp_path / "latest.json").read_text())
    assert set(results["suites"]) == {"mnist_load", "widgets", "epoch", "time_to_98", "notebooks"}
    assert results["machine"]["cores"] >= 1
    assert len(results["suites"]["widgets"]["rows"]) == len(widget_cases())
    table = (tmp_path / "latest.md").read_text()
    assert "nnlib vs PyTorch" in table and "Widget latency" in table


def test_every_interactive_module_has_benchmarked_callbacks():
    import pkgutil

    import nnlib.interactive

    chapter_modules = pkgutil.iter_modules(nnlib.interactive.__path__)
    modules = {m.name for m in chapter_modules if not m.name.startswith("_") and m.name != "frames"}
    benchmarked = {fn.__module__.rsplit(".", 1)[-1] for _, _, fn, _ in widget_cases()}
    assert modules <= benchmarked, f"no latency benchmark for: {sorted(modules - benchmarked)}"
