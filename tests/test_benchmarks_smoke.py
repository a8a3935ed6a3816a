"""Every benchmark runs once on tiny sizes so the suite cannot rot (no timing asserted)."""

import json
from pathlib import Path

import pytest

from benchmarks import frames as frames_bench
from benchmarks.__main__ import main
from benchmarks.widget_cases import widget_cases

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{title}</title>{head}</head>
<body><h1>{title}</h1>
{body}
</body></html>
"""


def _write_page(path: Path, title: str, body: str = "", head: str = "") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(PAGE.format(title=title, head=head, body=body))


def _ipywidgets_page(path: Path, title: str, boxes: list) -> None:
    """A page that stores ipywidgets as a notebook executed with a kernel would."""
    from ipywidgets.embed import dependency_state, embed_data

    data = embed_data(views=boxes, state=dependency_state(boxes))
    state_json = json.dumps(data["manager_state"])
    state = f'<script type="application/vnd.jupyter.widget-state+json">{state_json}</script>'
    views = "\n".join(
        '<div class="cell_output"><script type="application/vnd.jupyter.widget-view+json">'
        f"{json.dumps(spec)}</script></div>"
        for spec in data["view_specs"]
    )
    _write_page(path, title, views, state)


@pytest.fixture(scope="module")
def tiny_book(tmp_path_factory):
    """A two-page site laid out like the built book: a frames widget on one chapter page, a
    kernel-only slider (which cannot respond in a static page) on the other."""
    import ipywidgets as w

    from nnlib.interactive.frames import Choice, Slider, View, interact, new_figure

    site = tmp_path_factory.mktemp("book") / "html"
    fig = new_figure(2, 1.5)
    ax = fig.add_subplot()
    (line,) = ax.plot([0, 1], [0, 0])
    ax.set_ylim(-3, 3)

    def slope(a, sign):
        line.set_ydata([0, sign * a])
        return View(fig, f"end at {sign * a:g}")

    mp = pytest.MonkeyPatch()
    mp.setenv("NNLIB_FRAMES_DIR", str(site / "frames"))
    mp.setenv("NNLIB_FRAMES_URL", "../frames/")
    try:
        widget = interact(
            slope,
            alt="A line",
            mode="frames",
            a=Slider("a", values=[0.5, 1, 2], value=1),
            sign=Choice("sign", options={"up": 1, "down": -1}),
        )
    finally:
        mp.undo()
    _write_page(site / "chapters" / "01_a.html", "Frames", widget._repr_html_())
    _ipywidgets_page(site / "chapters" / "02_b.html", "Live only", [w.IntSlider(description="n")])
    (site / "index.html").write_text("<!DOCTYPE html><title>index</title>")
    return site


def test_every_benchmark_runs_in_quick_mode(tmp_path, tiny_book, monkeypatch):
    monkeypatch.setenv("BOOK_HTML_DIR", str(tiny_book))
    assert main(["--quick", "--output", str(tmp_path)]) == 0
    results = json.loads((tmp_path / "latest.json").read_text())
    assert set(results["suites"]) == {"mnist_load", "widgets", "frames", "epoch", "time_to_98", "notebooks"}
    assert results["machine"]["cores"] >= 1
    assert len(results["suites"]["widgets"]["rows"]) == len(widget_cases())
    assert len(results["suites"]["frames"]["widgets"]) == 1
    table = (tmp_path / "latest.md").read_text()
    assert "nnlib vs PyTorch" in table and "Widget latency" in table and "Widgets in the web edition" in table


def test_only_keeps_the_other_suites_results(tmp_path, tiny_book, monkeypatch):
    monkeypatch.setenv("BOOK_HTML_DIR", str(tiny_book))
    earlier = {"machine": {"date": "2000-01-01 00:00 UTC"}, "quick": True, "suites": {"mnist_load": {"x": 1}}}
    (tmp_path / "latest.json").write_text(json.dumps(earlier))
    monkeypatch.setattr("benchmarks.__main__.to_markdown", lambda results: "table")
    monkeypatch.setattr("benchmarks.__main__.to_reader_markdown", lambda results: "summary")
    assert main(["--quick", "--only", "frames", "--output", str(tmp_path)]) == 0
    suites = json.loads((tmp_path / "latest.json").read_text())["suites"]
    assert list(suites) == ["mnist_load", "frames"]
    assert suites["mnist_load"] == {"x": 1, "date": "2000-01-01 00:00 UTC"}


def test_frames_benchmark_finds_widgets_in_the_pages(tiny_book):
    (widget,) = frames_bench.discover(tiny_book)
    assert widget.page == "chapters/01_a.html" and widget.manifest is not None
    assert widget.manifest["n_frames"] == len(widget.page_frames) == 6
    assert [c["labels"] for c in widget.manifest["controls"]] == [["0.5", "1", "2"], ["up", "down"]]
    _, static = frames_bench.page_widgets(tiny_book, "chapters/02_b.html")
    assert static == ["IntSlider 'n'"]
    assert frames_bench.chapter_pages(tiny_book) == ["chapters/01_a.html", "chapters/02_b.html"]


def test_frames_benchmark_reports_every_budget(tiny_book):
    r = frames_bench.run(quick=True, root=tiny_book)
    budgets = {b["what"]: b for b in r["budgets"]}
    assert (
        budgets["frames per widget (largest)"]["value"] == 6 and budgets["frames per widget (largest)"]["met"]
    )
    assert budgets["frames in the book"]["value"] == 6
    assert budgets["controls that cannot respond"]["met"] is False  # the live-only slider
    assert r["static_controls"] == {"chapters/02_b.html": ["IntSlider 'n'"]}
    assert r["met"] is False
    assert budgets["whole site"]["value"] == sum(
        p.stat().st_size for p in tiny_book.rglob("*") if p.is_file()
    )
    if r["browser_error"] is None:  # Chromium is installed: the page was opened and a control moved
        (page,) = r["pages"]
        assert page["page"] == "chapters/01_a.html" and page["frames_loaded"] == 1
        assert page["usable_seconds"] is not None and page["bytes"] > page["html_bytes"]
        assert not page["outside_requests"]
        assert r["responses"] and all(x["ms"] is not None and x["ms"] >= 0 for x in r["responses"])


def test_frames_benchmark_without_a_built_book(tmp_path):
    r = frames_bench.run(quick=True, root=tmp_path)
    assert r["met"] is None and "no built book" in r["skipped"]
    from benchmarks.report import to_markdown

    machine = {"date": "d", "cpu": "c", "cores": 1, "python": "p", "numpy": "n", "blas": "b"}
    md = to_markdown({"machine": machine, "suites": {"frames": r}})
    assert "Not measured" in md


def test_every_interactive_module_has_benchmarked_callbacks():
    import pkgutil

    import nnlib.interactive

    chapter_modules = pkgutil.iter_modules(nnlib.interactive.__path__)
    modules = {m.name for m in chapter_modules if not m.name.startswith("_") and m.name != "frames"}
    benchmarked = {fn.__module__.rsplit(".", 1)[-1] for _, _, fn, _ in widget_cases()}
    assert modules <= benchmarked, f"no latency benchmark for: {sorted(modules - benchmarked)}"
