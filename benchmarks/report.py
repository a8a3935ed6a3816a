"""Turn benchmark results into the Markdown shown in the terminal and the book."""

from __future__ import annotations

import statistics
from typing import Any


def _s(stats: dict[str, Any]) -> str:
    """'1.23 s (± 0.05)': the median and the interquartile range."""
    return f"{stats['median']:.3g} s (IQR {stats['iqr']:.2g})"


def _ms(stats: dict[str, Any]) -> str:
    return f"{1000 * stats['median']:.1f} ms (IQR {1000 * stats['iqr']:.1f})"


def _mark(met: bool | None) -> str:
    # plain words: emoji need a font that not every reader (or headless browser) has
    return "—" if met is None else ("met" if met else "**not met**")


def _mb(n: float | None) -> str:
    if n is None:
        return "—"
    return f"{n / 1e6:.2f} MB" if n >= 100_000 else f"{n / 1e3:.0f} kB"


def _value(b: dict[str, Any]) -> str:
    v, unit = b["value"], b["unit"]
    if v is None:
        return "not measured"
    if unit == "bytes":
        return _mb(v)
    if unit == "s":
        return f"{v:.2f} s"
    if unit == "ms":
        return f"{v:.0f} ms" if v >= 10 else f"{v:.1f} ms"
    return f"{v:,}"


def _limit(b: dict[str, Any]) -> str:
    if b["limit"] is None:
        return "reported"
    if b["limit"] == 0:
        return "none"
    if b["unit"] == "bytes":
        return f"≤ {b['limit'] / 1e6:g} MB"
    return f"≤ {b['limit']:,g}" + (f" {b['unit']}" if b["unit"] else "")


def _frames_section(r: dict[str, Any]) -> list[str]:
    lines = [f"### {r['name']}", ""]
    if r.get("skipped"):
        return lines + [f"Not measured: {r['skipped']}.", ""]
    lines += [
        f"{len(r['widgets'])} widgets on {len({w['page'] for w in r['widgets']})} pages; "
        "pages opened in headless Chromium from `file://`"
        + (f" (**browser not available**: {r['browser_error']})" if r.get("browser_error") else "")
        + ". A page's size counts the HTML and everything the browser fetches when it opens the "
        "page (the first frame of each widget, not the frames a reader has not visited yet).",
        "",
        "| budget | measured | target | |",
        "|---|---|---|---|",
    ]
    lines += [f"| {b['what']} | {_value(b)} | {_limit(b)} | {_mark(b['met'])} |" for b in r["budgets"]]
    lines.append("")
    if r["pages"]:
        lines += [
            "| chapter page | widgets | frames | loaded when opened | of which HTML / first frames / shared "
            "scripts, styles, fonts | gzip-compressed | usable after | median key press → new figure |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for p in r["pages"]:
            ws = [w for w in r["widgets"] if w["page"] == p["page"]]
            ms = [x["ms"] for x in r["responses"] if x["page"] == p["page"] and x["ms"] is not None]
            median = f"{statistics.median(ms):.0f} ms" if ms else "—"
            usable = "—" if p["usable_seconds"] is None else f"{p['usable_seconds']:.2f} s"
            frames = sum(w["frames"] for w in ws)
            parts = " / ".join(_mb(p[k]) for k in ("html_bytes", "frame_bytes", "shared_bytes"))
            lines.append(
                f"| {p['page']} | {len(ws)} | {frames} | {_mb(p['bytes'])} | {parts} "
                f"| {_mb(p['gzip_bytes'])} | {usable} | {median} |"
            )
        lines.append("")
    if r["widgets"]:
        lines += ["| page | widget | grid | frames | build time per frame |", "|---|---|---|---|---|"]
        for w in r["widgets"]:
            what = w["alt"] or w["widget"]
            lines.append(
                f"| {w['page']} | {what} | {w['grid']} | {w['frames']} | {w['ms_per_frame']:.0f} ms |"
            )
        lines.append("")
    if r.get("static_controls"):
        lines += ["Controls that cannot respond in the static book:", ""]
        lines += [f"- {page}: {', '.join(c)}" for page, c in r["static_controls"].items()]
        lines.append("")
    if r.get("missing_manifests"):
        lines += [f"Widgets without a manifest: {', '.join(r['missing_manifests'])}.", ""]
    return lines


def to_markdown(results: dict[str, Any]) -> str:
    m = results["machine"]
    lines = [
        f"Measured {m['date']} on {m['cpu']} ({m['cores']} cores); Python {m['python']}, "
        f"NumPy {m['numpy']} ({m['blas']}), PyTorch {m.get('torch', '?')}, GPU: {m.get('gpu', 'none')}."
        + (" **Quick smoke run: tiny sizes, not representative.**" if results.get("quick") else ""),
        "",
    ]
    older = {
        name: r["date"] for name, r in results["suites"].items() if r.get("date", m["date"]) != m["date"]
    }
    if older:
        lines[-1:] = [
            "Kept from earlier runs: " + ", ".join(f"{k} ({v})" for k, v in older.items()) + ".",
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
    if "frames" in suites:
        lines += _frames_section(suites["frames"])
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


# --------------------------------------------------------------------------- for readers


def _chapter(name: str) -> str:
    """'chapters/03_loss_and_metrics.html' -> '3. loss and metrics'."""
    stem = name.rsplit("/", 1)[-1].split(".", 1)[0]
    number, _, rest = stem.partition("_")
    return f"{int(number)}. {rest.replace('_', ' ')}" if number.isdigit() and rest else stem


def _secs(x: float) -> str:
    return f"{x:.1f} s" if x < 100 else f"{x / 60:.1f} min"


def to_reader_markdown(results: dict[str, Any]) -> str:
    """The numbers a reader needs, without targets or verdicts (the book's Performance page).

    Written next to ``latest.md`` as ``summary.md``; every number comes from ``results``.
    """
    m = results["machine"]
    suites = results["suites"]
    lines = [
        f"*Measured on {m['cpu']} ({m['cores']} CPU cores"
        + (f", GPU {m['gpu']}" if m.get("gpu") not in (None, "none") else ", no GPU")
        + f"), Python {m['python']}, NumPy {m['numpy']}, PyTorch {m.get('torch', '?')}; {m['date']}.*",
        "",
    ]
    f = suites.get("frames")
    if f and not f.get("skipped") and f.get("pages"):
        b = {x["what"]: x for x in f["budgets"]}
        site = f["site"]
        times = [x["ms"] for x in f["responses"] if x["ms"] is not None]
        lines += [
            "### Reading the web edition",
            "",
            "| what | measured |",
            "|---|---|",
            f"| a slider or drop-down: key press to new figure (median of {len(times)} moves) "
            f"| {_value(b['key press to new figure (median)'])} |",
            f"| a chapter page until every figure is drawn (slowest chapter) "
            f"| {_value(b['page usable after opening (slowest chapter)'])} |",
            f"| a chapter page as opened (largest chapter; compressed by a web server) "
            f"| {_mb(max(p['bytes'] for p in f['pages']))} ({_mb(max(p['gzip_bytes'] for p in f['pages']))}) "
            "|",
            f"| pictures precomputed for the sliders, whole book | {b['frames in the book']['value']:,} "
            f"({site['frame_files']:,} distinct files, {_mb(site['frame_bytes'])}) |",
            f"| the whole web edition | {_mb(site['bytes'])} |",
            "",
            "| chapter | widgets | pictures | page as opened | every figure drawn after |",
            "|---|---|---|---|---|",
        ]
        for p in f["pages"]:
            ws = [w for w in f["widgets"] if w["page"] == p["page"]]
            usable = "—" if p["usable_seconds"] is None else f"{p['usable_seconds']:.1f} s"
            name = _chapter(p["page"])
            lines.append(
                f"| {name} | {len(ws)} | {sum(w['frames'] for w in ws)} | {_mb(p['bytes'])} | {usable} |"
            )
        lines.append("")
    else:
        lines += [
            "### Reading the web edition",
            "",
            "Not measured yet for this edition: run `python -m benchmarks --only frames` after `make book`.",
            "",
        ]
    if "notebooks" in suites or "widgets" in suites:
        lines += ["### Running the notebooks", ""]
        lat: dict[str, list[float]] = {}
        for row in suites.get("widgets", {}).get("rows", []):
            lat.setdefault(str(row["chapter"]), []).append(row["seconds"]["median"])
        nb = {row["notebook"]: row["seconds"] for row in suites.get("notebooks", {}).get("rows", [])}
        chapters = sorted(set(nb) | {c for c in lat if not any(n.startswith(f"{int(c):02d}_") for n in nb)})
        lines += [
            "| chapter | top to bottom, fresh kernel | slider to new figure (median) |",
            "|---|---|---|",
        ]
        for name in chapters:
            number = str(int(name[:2])) if name[:2].isdigit() else name
            ms = lat.get(number)
            slider = f"{1000 * statistics.median(ms):.0f} ms" if ms else "—"
            run = _secs(nb[name]) if name in nb else "—"
            lines.append(f"| {_chapter(name)} | {run} | {slider} |")
        if "notebooks" in suites:
            lines.append(f"| **all chapters** | **{_secs(suites['notebooks']['total_seconds'])}** | |")
        lines.append("")
    if "epoch" in suites or "time_to_98" in suites:
        lines += ["### Training on MNIST", ""]
    if "epoch" in suites:
        r = suites["epoch"]
        lines += [
            f"One epoch: {r['examples']:,} images, batch {r['batch_size']}, Adam, float32, "
            f"{r['threads']} threads.",
            "",
            "| network | nnlib | PyTorch | test accuracy after one epoch (nnlib / PyTorch) |",
            "|---|---|---|---|",
        ]
        for row in r["rows"]:
            lines.append(
                f"| {row['architecture']} | {row['nnlib_seconds']['median']:.2f} s "
                f"| {row['torch_seconds']['median']:.2f} s | {row['nnlib_accuracy_after_epoch_1']:.3f} / "
                f"{row['torch_accuracy_after_epoch_1']:.3f} |"
            )
        lines.append("")
    if "time_to_98" in suites:
        r = suites["time_to_98"]
        lines += [
            f"Chapter 7's PyTorch network ({r['architecture']}, batch {r['batch_size']}, on the "
            f"{r['device'].upper() if r['device'] in ('cpu', 'cuda') else r['device']}) reached "
            f"{r['test_accuracy']:.1%} test accuracy after {r['epochs']} epochs: "
            f"{_secs(r['seconds_to_target'])} ({r['seconds_per_epoch']:.1f} s per epoch).",
            "",
        ]
    if "mnist_load" in suites:
        r = suites["mnist_load"]
        what = r["name"].split("(", 1)[-1].rstrip(")")
        lines += [f"Loading MNIST ({what}, checksums included): {r['seconds']['median']:.2f} s.", ""]
    return "\n".join(lines)


def main() -> int:
    """Rewrite latest.md and summary.md from latest.json (after a change to this file)."""
    import json
    from pathlib import Path

    folder = Path(__file__).resolve().parent / "results"
    results = json.loads((folder / "latest.json").read_text())
    (folder / "latest.md").write_text(to_markdown(results) + "\n")
    (folder / "summary.md").write_text(to_reader_markdown(results) + "\n")
    print(f"wrote {folder / 'latest.md'} and summary.md")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
