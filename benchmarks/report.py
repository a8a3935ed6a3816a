"""Turn benchmark results into the Markdown shown in the terminal and the book."""

from __future__ import annotations

from typing import Any


def _s(stats: dict[str, Any]) -> str:
    """'1.23 s (± 0.05)': the median and the interquartile range."""
    return f"{stats['median']:.3g} s (IQR {stats['iqr']:.2g})"


def _ms(stats: dict[str, Any]) -> str:
    return f"{1000 * stats['median']:.1f} ms (IQR {1000 * stats['iqr']:.1f})"


def _mark(met: bool | None) -> str:
    # plain words: emoji need a font that not every reader (or headless browser) has
    return "—" if met is None else ("met" if met else "**not met**")


def to_markdown(results: dict[str, Any]) -> str:
    m = results["machine"]
    lines = [
        f"Measured {m['date']} on {m['cpu']} ({m['cores']} cores); Python {m['python']}, "
        f"NumPy {m['numpy']} ({m['blas']}), PyTorch {m.get('torch', '?')}, GPU: {m.get('gpu', 'none')}."
        + (" **Quick smoke run: tiny sizes, not representative.**" if results.get("quick") else ""),
        "",
    ]
    suites = results["suites"]
    if "mnist_load" in suites:
        r = suites["mnist_load"]
        lines += [
            "### MNIST load time",
            "",
            "| what | median time | target | |",
            "|---|---|---|---|",
            f"| {r['name']} | {_s(r['seconds'])} | {r['target']} | {_mark(r['met'])} |",
            "",
        ]
    if "epoch" in suites:
        r = suites["epoch"]
        lines += [
            f"### {r['name']}",
            "",
            f"{r['examples']} images per epoch, batch {r['batch_size']}, Adam, float32, "
            f"{r['threads']} threads for both. Target: {r['target']}.",
            "",
            "| network | nnlib epoch | PyTorch epoch | ratio (median of paired runs) | "
            "test acc. after 1 epoch (nnlib / PyTorch) | |",
            "|---|---|---|---|---|---|",
        ]
        for row in r["rows"]:
            lines.append(
                f"| {row['architecture']} | {_s(row['nnlib_seconds'])} | {_s(row['torch_seconds'])} | "
                f"{row['ratio_median']:.2f}× | {row['nnlib_accuracy_after_epoch_1']:.4f} / "
                f"{row['torch_accuracy_after_epoch_1']:.4f} | {_mark(row['met'])} |"
            )
        lines.append("")
    if "time_to_98" in suites:
        r = suites["time_to_98"]
        lines += [
            f"### {r['name']}",
            "",
            "| device | network | batch | epochs needed | time per epoch | time to target "
            "| final test acc. |",
            "|---|---|---|---|---|---|---|",
            f"| {r['device']} | {r['architecture']} | {r['batch_size']} | {r['epochs']} | "
            f"{r['seconds_per_epoch']:.2f} s | {r['seconds_to_target']:.1f} s | {r['test_accuracy']:.4f} |",
            "",
        ]
    if "widgets" in suites:
        r = suites["widgets"]
        lines += [
            f"### {r['name']}",
            "",
            "Time from a new slider value to a finished figure (callback + Agg draw). "
            f"Target: {r['target']}.",
            "",
            "| chapter | callback | median latency | |",
            "|---|---|---|---|",
        ]
        for row in r["rows"]:
            lines.append(
                f"| {row['chapter']} | `{row['callback']}` | {_ms(row['seconds'])} | {_mark(row['met'])} |"
            )
        lines.append("")
    if "notebooks" in suites:
        r = suites["notebooks"]
        lines += [f"### {r['name']}", "", "| notebook | run time |", "|---|---|"]
        lines += [f"| {row['notebook']} | {row['seconds']:.1f} s |" for row in r["rows"]]
        lines += [f"| **total** | **{r['total_seconds']:.1f} s** |", ""]
        if "book_build_seconds" in r:
            b = r["book_build_seconds"]
            lines += [
                "| `make book` | time |",
                "|---|---|",
                f"| cold (empty cache) | {b['cold']:.0f} s |",
                f"| warm (nothing changed) | {b['warm']:.1f} s |",
                "",
            ]
    return "\n".join(lines)
