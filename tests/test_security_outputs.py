"""Hostile text in every output: report (HTML, Markdown, JSON), embed snippet, Jupyter display,
CSV (formula injection), file names, and paths read from input.

The payloads of tests/payloads.py go into a table (place, location, actor, evidence, source, and
cells that are rejected or unresolved), which then flows through the real commands. HTML checks
are differential: the same inputs with harmless text give the baseline count of every dangerous
construct (script tags, event-handler attributes, javascript:/data: links, injected ids); the
hostile run must not add a single one. The map's browser test (test_xss.py) covers execution in
Chromium; this file covers the other outputs and the file-system side.
"""

from __future__ import annotations

import csv
import html
import json
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from payloads import (
    ALL_PAYLOADS,
    FORMULA_PAYLOADS,
    PATH_PAYLOADS,
    TEMPLATE_PAYLOADS,
    TEMPLATE_TELLTALES,
    UNSAFE_URLS,
)

import geomap
from geomap.cli import main

OWN_HEADER = ["event_id", "event_date", "date_precision", "kind", "actor", "previous_actor",
              "confirmed", "confidence", "place", "location", "country", "latitude", "longitude",
              "geo_precision", "evidence", "source"]
ANALYST_HEADER = ["date", "place", "actor", "country", "source", "notes"]

ACTIVE_TAGS = {"script", "img", "svg", "iframe", "object", "embed", "base", "meta", "math",
               "details", "input", "body", "noscript", "textarea", "frame", "link", "style",
               "form", "video", "audio", "source"}
URL_ATTRS = {"href", "src", "action", "formaction", "data", "xlink:href", "poster", "srcdoc"}
_UNSAFE_SCHEME = re.compile(r"^\s*(javascript|vbscript|data)\s*:", re.I)
_MD_LINK = re.compile(r"\]\(\s*<?\s*(javascript|vbscript|data):", re.I)


class _Elements(HTMLParser):
    """Counts what a browser would really build: elements, handlers, URL attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.counts: Counter[str] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ACTIVE_TAGS:
            self.counts[f"<{tag}>"] += 1
        for name, value in attrs:
            if name.startswith("on"):
                self.counts[f"{tag} {name}="] += 1
            if name in URL_ATTRS and value and _UNSAFE_SCHEME.match(
                    re.sub(r"[\x00-\x20]", "", value)):
                self.counts[f"{tag} {name}=unsafe-url"] += 1
            if name == "id" and value and "xss" in value:
                self.counts["injected id"] += 1


def _texts(hostile: bool) -> list[str]:
    pool = ALL_PAYLOADS + UNSAFE_URLS + FORMULA_PAYLOADS
    return pool if hostile else [f"harmless text {i}" for i in range(len(pool))]


def _write_inputs(folder: Path, hostile: bool) -> list[Path]:
    texts = _texts(hostile)
    folder.mkdir(parents=True, exist_ok=True)
    own = folder / "events.csv"
    with own.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(OWN_HEADER)
        for i, t in enumerate(texts):
            # Few dates: each is a territory snapshot of the slider to render, not more text.
            w.writerow([f"ev{i}", f"2021-03-{1 + i % 4:02d}", "day",
                        "control_change" if i % 2 else "claimed_control",
                        t if i % 3 == 0 else "GNA", t if i % 5 == 0 else "",
                        "true", "0.8", t, f"{t} town", "LY", f"{30 + (i % 10) * 0.2:.4f}",
                        f"{13 + (i // 10) * 0.2:.4f}", "town", f"Evidence {i}: {t}",
                        t if i % 2 else f"https://example.org/{i}"])
            # The same text as a cell that is rejected (bad kind, bad date, bad latitude).
            w.writerow([f"bad{i}", t, "day", t, "GNA", "", "true", "0.5", "x", "x", "LY",
                        "-200" if i % 2 else t, "13", "town", t, t])
    analyst = folder / "analyst.csv"
    with analyst.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(ANALYST_HEADER)
        for i, t in enumerate(texts[::3]):  # places the gazetteer cannot know: unresolved
            w.writerow([f"2021-04-{1 + i % 28:02d}", f"{t} Qqqx{i}", "LNA", "LY", t, t])
    return [own, analyst]


def _danger_counts(text: str) -> Counter[str]:
    parser = _Elements()
    parser.feed(text)
    parser.close()
    parser.counts["markdown unsafe link"] = len(_MD_LINK.findall(text))
    return parser.counts


def _assert_no_new_danger(hostile: str, benign: str, what: str) -> None:
    got, base = _danger_counts(hostile), _danger_counts(benign)
    extra = {k: got[k] - base.get(k, 0) for k in got if got[k] > base.get(k, 0)}
    assert not extra, f"{what}: hostile text added {extra}"
    for tell in TEMPLATE_TELLTALES:
        assert tell not in hostile or tell in benign, f"{what}: template evaluated ({tell!r})"


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    status = main(argv)
    err = capsys.readouterr().err
    assert status == 0, err


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    """Run report/map/extract on hostile and on harmless inputs of the same shape."""
    result: dict[str, dict[str, Path]] = {}
    for kind in ("hostile", "benign"):
        folder = tmp_path_factory.mktemp(kind)
        inputs = [str(p) for p in _write_inputs(folder / "in", kind == "hostile")]
        out = folder / "out"
        # --no-png: the print picture is a screenshot (an image, no text of the input) and
        # costs a browser run per report; test_report_browser covers it
        for argv in (["report", *inputs, "-o", str(out / "report.html"), "--no-png"],
                     ["report", *inputs, "-o", str(out / "report.md"), "--format", "md"],
                     ["map", *inputs, "-o", str(out / "map.html"), "--embed",
                      str(out / "embed.html"), "--title", _texts(kind == "hostile")[0]],
                     ["extract", *inputs, "-o", str(out / "events.csv")]):
            assert main(argv) == 0, argv
        result[kind] = {p.name: p for p in out.iterdir()}
    return result


@pytest.mark.parametrize("name", ["report.html", "map.html", "embed.html"])
def test_html_outputs_add_nothing_dangerous(outputs: dict[str, dict[str, Path]],
                                            name: str) -> None:
    hostile = outputs["hostile"][name].read_text(encoding="utf-8")
    benign = outputs["benign"][name].read_text(encoding="utf-8")
    _assert_no_new_danger(hostile, benign, name)
    # An embed is an iframe whose srcdoc is a whole page: check the inner page as well.
    for doc_h, doc_b in zip(re.findall(r'srcdoc="([^"]*)"', hostile),
                            re.findall(r'srcdoc="([^"]*)"', benign), strict=True):
        _assert_no_new_danger(html.unescape(doc_h), html.unescape(doc_b), f"{name} srcdoc")


def test_report_shows_template_payloads_literally(outputs: dict[str, dict[str, Path]]) -> None:
    page = html.unescape(outputs["hostile"]["report.html"].read_text(encoding="utf-8"))
    shown = [p for p in TEMPLATE_PAYLOADS if p in page]
    assert "{{ 7*7 }}" in page and len(shown) >= len(TEMPLATE_PAYLOADS) // 2, shown


def test_markdown_report_has_no_active_links(outputs: dict[str, dict[str, Path]]) -> None:
    hostile = outputs["hostile"]["report.md"].read_text(encoding="utf-8")
    benign = outputs["benign"]["report.md"].read_text(encoding="utf-8")
    _assert_no_new_danger(hostile, benign, "report.md")
    # Rendered as HTML by a Markdown processor, it must still be harmless.
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": True})
    _assert_no_new_danger(md.render(hostile), md.render(benign), "report.md rendered")


def test_report_json_is_valid_and_lossless(outputs: dict[str, dict[str, Path]]) -> None:
    data = json.loads(outputs["hostile"]["map.html.report.json"].read_text(encoding="utf-8"))
    assert data["balanced"] is True
    values = json.dumps(data, ensure_ascii=False)
    assert "{{ 7*7 }}" in values  # kept as data, not evaluated


NUMERIC = {"latitude", "longitude", "confidence", "evidence_start", "evidence_end",
           "related_latitude", "related_longitude", "line", "n_reports"}


@pytest.mark.parametrize("name", ["events.csv", "events.csv.rejected.csv",
                                  "events.csv.unresolved.csv"])
def test_csv_outputs_are_formula_safe(outputs: dict[str, dict[str, Path]], name: str) -> None:
    path = outputs["hostile"][name]
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows, f"{name} is empty: the test would prove nothing"
    checked = 0
    for row in rows:
        for col, cell in row.items():
            if not cell:
                continue
            if col in NUMERIC:
                float(cell)  # numbers stay numbers, negative ones included
                continue
            assert cell[0] not in "=+-@\t\r", f"{name}:{col} starts a formula: {cell!r}"
            checked += 1
    assert checked > 0


def test_csv_keeps_negative_numbers_and_round_trips(tmp_path: Path) -> None:
    from geomap.schema import events_frame

    records = [{"kind": "control_change", "place": p, "location": p, "actor": p,
                "evidence": p, "source": p, "country": "AR", "latitude": -34.6 - i * 0.01,
                "longitude": -58.4, "event_date": "2022-01-02"}
               for i, p in enumerate(FORMULA_PAYLOADS)]
    events = events_frame(records)
    out = tmp_path / "e.csv"
    geomap.write_events(events, out)
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [float(r["latitude"]) for r in rows] == pytest.approx(
        [-34.6 - i * 0.01 for i in range(len(rows))])
    assert all(r["longitude"] == "-58.4" for r in rows)
    assert all(not r["place"] or r["place"][0] not in "=+-@\t\r" for r in rows)
    back = geomap.read_events(out)
    assert sorted(back["place"]) == sorted(FORMULA_PAYLOADS)


def test_jupyter_display_is_safe(outputs: dict[str, dict[str, Path]], tmp_path: Path) -> None:
    """_repr_html_ of the map, the layers and the summary: no new dangerous constructs."""
    reprs: dict[str, list[str]] = {}
    for kind in ("hostile", "benign"):
        inputs = _write_inputs(tmp_path / kind, kind == "hostile")
        events = geomap.read_events(inputs[0])
        layers = geomap.build_layers(events)
        m = geomap.render(layers, title=_texts(kind == "hostile")[0])
        reprs[kind] = [m._repr_html_(), layers._repr_html_(), geomap.summary(layers)._repr_html_()]
    for what, h, b in zip(["map", "layers", "summary"], reprs["hostile"], reprs["benign"],
                          strict=True):
        _assert_no_new_danger(h, b, f"{what} _repr_html_")
        for inner_h, inner_b in zip(re.findall(r'srcdoc="([^"]*)"', h),
                                    re.findall(r'srcdoc="([^"]*)"', b), strict=True):
            _assert_no_new_danger(html.unescape(inner_h), html.unescape(inner_b),
                                  f"{what} _repr_html_ srcdoc")


HOSTILE_NAME = "<img src=x onerror=alert(1)> {{ 7*7 }} javascript:alert(2)"


def test_hostile_file_names_are_escaped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    """Default output names and titles come from input file names: escaped, kept in place."""
    monkeypatch.chdir(tmp_path)
    pages = {}
    for kind, stem in (("hostile", HOSTILE_NAME), ("benign", "plain name here")):
        folder = tmp_path / kind
        folder.mkdir()
        article = folder / f"{stem}.txt"
        article.write_text("date 2020-06-05\nGNA forces retook Gharyan and Tarhuna today.\n",
                           encoding="utf-8")
        monkeypatch.chdir(folder)
        _run(["map", str(article)], capsys)
        _run(["report", str(article)], capsys)
        produced = sorted(p for p in (folder / "output").rglob("*") if p.is_file())
        # Outputs land in ./output and nowhere else.
        assert all(p.parent == folder / "output" for p in produced), produced
        pages[kind] = "\n".join(p.read_text(encoding="utf-8") for p in produced
                                if p.suffix == ".html")
    _assert_no_new_danger(pages["hostile"], pages["benign"], "pages named after a file")


def test_names_from_input_never_become_paths(tmp_path: Path) -> None:
    """Document ids, URLs, sources and countries read from input never create files."""
    corpus = tmp_path / "in" / "corpus.jsonl"
    corpus.parent.mkdir()
    lines = [json.dumps({"id": p, "url": p, "date": "2020-06-05",
                         "text": "GNA forces retook Gharyan and Tarhuna."}) for p in PATH_PAYLOADS]
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = {p for p in tmp_path.parent.rglob("*")}
    out = tmp_path / "out" / "dataset"
    result = geomap.extract_corpus([corpus], out=out, progress=False)
    assert result.report.balanced
    created = {p for p in tmp_path.parent.rglob("*")} - before
    outside = [p for p in created if not p.is_relative_to(tmp_path / "out")]
    assert outside == [], outside
    for p in created:
        for payload in PATH_PAYLOADS:
            assert payload.strip("/.~\\") not in p.name or payload in ("con",), (p, payload)


@pytest.mark.parametrize("url", UNSAFE_URLS)
def test_unsafe_urls_never_become_links(url: str) -> None:
    from geomap.render.escape import safe_url

    assert not safe_url(url)


def test_detector_sees_real_injections() -> None:
    """The differential check is not blind: raw payloads count, escaped ones do not."""
    from geomap.render.escape import escape_html

    for payload in ("<img src=x onerror=alert(1)>", "<a id=xss-injected href='javascript:x'>",
                    "<svg onload=alert(1)>", "[x](javascript:alert(1))"):
        raw = _danger_counts(f"<p>{payload}</p>")
        escaped = _danger_counts(f"<p>{escape_html(payload)}</p>")
        assert sum(raw.values()) > sum(escaped.values()) == 0 or "](" in payload, payload
