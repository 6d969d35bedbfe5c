"""Nothing lost: every reader, fixture and command accounts for its input.

``seen = events + unresolved + rejected`` must hold, and ``seen`` must equal what is really in
the file (records counted here independently with the standard library), every rejected item
must carry a reason and a line number that exists in its file, every unresolved item a reason.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, TEST_DATA

import geomap
from geomap.cli import main
from geomap.runreport import RunReport

TABLES = sorted(p for p in (TEST_DATA / "tables").glob("*")
                if p.suffix in {".csv", ".jsonl", ".geojson", ".json", ".parquet"}
                and "unknown-format" not in p.name)
EXAMPLE_TABLES = sorted((ROOT / "data" / "examples").glob("*.csv"))
ARTICLES = sorted((ROOT / "data" / "examples").glob("*.txt"))


def _records_in(path: Path) -> int:
    """Records in a table file, counted independently of geomap's readers."""
    if path.suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
        return sum(1 for r in rows[1:] if r)
    if path.suffix == ".jsonl":
        return sum(1 for line in path.read_text(encoding="utf-8-sig").splitlines()
                   if line.strip())
    if path.suffix in {".geojson", ".json"}:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
        if isinstance(data, list):
            return len(data)
        if "data" in data and "type" not in data:  # an API answer: {"data": [records]}
            return len(data["data"])
        return len(data["features"]) if data.get("type") == "FeatureCollection" else 1
    import pyarrow.parquet as pq

    return int(pq.read_metadata(path).num_rows)


def _physical_lines(path: Path) -> int:
    if path.suffix in {".geojson", ".json"}:  # line = feature number
        return _records_in(path)
    return len(path.read_bytes().splitlines()) or 1


def _check_items(report: RunReport | dict[str, Any], files: dict[str, Path]) -> None:
    rejected = report.rejected if isinstance(report, RunReport) else report["rejected"]
    unresolved = report.unresolved if isinstance(report, RunReport) else report["unresolved"]
    for item in rejected:
        assert item.get("reason"), item
        line = item.get("line")
        assert isinstance(line, int) and line >= 1, item
        src = files.get(str(item.get("source")))
        if src is not None:
            assert line <= _physical_lines(src), (item, src)
    for item in unresolved:
        assert item.get("reason"), item
        assert "place" in item and "source" in item, item


@pytest.mark.parametrize("path", TABLES + EXAMPLE_TABLES, ids=lambda p: p.name)
def test_every_table_fixture_balances(path: Path) -> None:
    report = RunReport(command="read")
    events = geomap.read_events(path, report=report)
    assert report.balanced, report.summary()
    assert report.seen == report.rows == _records_in(path), report.summary()
    assert report.events == len(events)
    _check_items(report, {str(path): path})


def test_fixtures_exist() -> None:
    """The accounting test above must not pass by having nothing to check."""
    assert len(TABLES) >= 8 and EXAMPLE_TABLES and ARTICLES
    assert any("malformed" in p.name for p in TABLES)


def test_unknown_table_is_a_clear_error() -> None:
    with pytest.raises(geomap.InputError, match="unknown-format.csv"):
        geomap.read_events(TEST_DATA / "tables" / "unknown-format.csv", report=RunReport())


def _corpus(tmp_path: Path) -> Path:
    lines = [
        json.dumps({"id": "a1", "date": "2021-03-02",
                    "text": "Rebel units said they seized Idlib on Monday. Fighting went on "
                            "near Aleppo and in Zzyzx-Not-A-Town."}),
        "",
        "{not json",
        json.dumps({"id": "a2", "text": ""}),
        json.dumps({"id": "a3", "date": "not a date at all", "text": "Troops left Sirte."}),
        "[" * 5000 + "]" * 5000,
        json.dumps(["a", "list"]),
        json.dumps({"id": "a4", "text": "Government forces retook Misrata and Tripoli.",
                    "date": "2020-06-04"}),
    ]
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_articles_and_corpus_balance(tmp_path: Path) -> None:
    from geomap.corpus.inputs import load_inputs

    corpus = _corpus(tmp_path)
    report = RunReport(command="load")
    loaded = load_inputs([*ARTICLES, corpus, *TABLES], report=report, progress=False)
    assert report.balanced, report.summary()
    assert len(loaded.rejected) == len(report.rejected)
    # 8 lines, 1 blank: 7 records; 5 of them are bad and must each be rejected with a line.
    corpus_rejects = [r for r in report.rejected if r["source"] == str(corpus)]
    assert sorted(r["line"] for r in corpus_rejects) == [3, 4, 5, 6, 7]
    files = {str(p): p for p in [*TABLES, corpus]}
    _check_items(report, files)


def test_corpus_engine_balances(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    result = geomap.extract_corpus([corpus, *ARTICLES], progress=False)
    report = result.report
    assert report.balanced, report.summary()
    assert len([r for r in report.rejected if str(corpus) in str(r["source"])]) == 5


def _cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = main(argv)
    return status, capsys.readouterr().err


_SUMMARY = re.compile(r"seen=(\d+) = events=(\d+) \+ unresolved=(\d+) \+ rejected=(\d+)")


@pytest.mark.parametrize("command", ["extract", "map", "layers", "report"])
def test_every_command_reports_and_balances(command: str, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    corpus = _corpus(tmp_path)
    malformed = [p for p in TABLES if "malformed" in p.name]  # every reader, every problem kind
    inputs = [str(p) for p in [*ARTICLES, corpus, *malformed]]
    out = tmp_path / {"extract": "events.csv", "map": "map.html", "layers": "layers.gpkg",
                      "report": "report.html"}[command]
    status, err = _cli([command, *inputs, "-o", str(out)], capsys)
    assert status == 0, err
    assert out.exists()
    report_path = out.with_name(out.name + ".report.json")
    data = json.loads(report_path.read_text(encoding="utf-8"))
    assert data["balanced"] is True
    assert data["seen"] == data["events"] + len(data["unresolved"]) + len(data["rejected"])
    assert data["seen"] > 0 and data["rejected"] and data["unresolved"]
    _check_items(data, {str(p): p for p in [*TABLES, corpus]})
    match = _SUMMARY.search(err)
    assert match, err
    assert [int(g) for g in match.groups()] == [
        data["seen"], data["events"], len(data["unresolved"]), len(data["rejected"])]


REAL_DEV_TEXTS = sorted((TEST_DATA / "real-news" / "texts-dev").glob("*.txt"))


@pytest.mark.skipif(not REAL_DEV_TEXTS, reason="real-news dev texts absent")
def test_every_real_dev_paragraph_balances() -> None:
    # Real reporting exercises every path that reads two events from one mention (a holder
    # "since" a date, an earlier capture told in an aside): each must be counted as seen.
    from geomap.extract import extract_records
    from geomap.sources.documents import split_dateline

    unbalanced = []
    for path in REAL_DEV_TEXTS:
        date, start = split_dateline(path.read_text(encoding="utf-8"))
        _events, _unresolved, report = extract_records(
            path.read_text(encoding="utf-8")[start:], date=date, source=path.name)
        if not report.balanced:
            unbalanced.append(f"{path.name}: {report.summary()}")
    assert unbalanced == []


def test_a_holder_since_a_date_is_two_events_seen_twice() -> None:
    from geomap.extract import extract_records

    events, _unresolved, report = extract_records(
        "Rebels had held Kidal since 2012, officials said.", date="2021-03-02")
    assert sorted(e["kind"] for e in events) == ["control_change", "held"]
    assert report.balanced and report.seen == len(events)
