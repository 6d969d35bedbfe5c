"""load_inputs: articles and tables together, folders, JSON lines of articles vs events, merging."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geomap.corpus.inputs import classify, load_inputs
from geomap.errors import InputError
from geomap.runreport import RunReport
from geomap.sources.events import write_events
from geomap.sources.tables import read_table

DATA = Path(__file__).parent / "data" / "tables"
EXAMPLE = Path(__file__).parent.parent / "data" / "examples" / "libya-2020-analyst.csv"


def _article(folder: Path, name: str, date: str, text: str) -> Path:
    path = folder / name
    path.write_text(f"date {date}\n{text}\n", encoding="utf-8")
    return path


def test_articles_and_tables_merge_and_balance(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    # Two articles report the same change (one twice); the analyst table reports it too.
    _article(docs, "a.txt", "2020-06-05", "GNA forces retook Gharyan on Friday. "
             "Gharyan was retaken by GNA forces on Friday.")
    _article(docs, "b.md", "2020-06-05", "On Friday GNA forces retook Gharyan.")
    (docs / "notes.pdf").write_bytes(b"%PDF")  # neither an article nor a table: skipped
    report = RunReport(command="test")
    loaded = load_inputs([docs, DATA / "analyst-malformed.csv"], report=report,
                         progress=False)
    assert report.documents == 2
    assert report.balanced
    assert report.seen == report.events + len(report.unresolved) + len(report.rejected)
    assert len(loaded.rejected) == len(report.rejected) == 6
    assert list(loaded.unresolved.columns) == ["place", "source", "evidence", "reason",
                                               "candidates"]
    gharyan = loaded.events[loaded.events["location"] == "Gharyan"]
    assert len(gharyan) == 1  # one event, all its evidence
    row = gharyan.iloc[0]
    assert json.loads(row["sources"]) == ["a.txt", "b.md"]
    assert row["n_reports"] >= 2
    assert report.merged_events == len(loaded.events)


def test_same_change_from_table_and_article_is_one_event(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("date,place,actor,previous_actor,country\n"
                     "2020-06-05,Tarhuna,GNA,LNA,LY\n", encoding="utf-8")
    # Dated Saturday: "on Friday" is the day before, the date the table gives.
    article = _article(tmp_path, "x.txt", "2020-06-06",
                       "Forces of the Government of National Accord took full control of "
                       "Tarhuna on Friday after Haftar's forces withdrew.")
    loaded = load_inputs([article, table], progress=False)
    tarhuna = loaded.events[loaded.events["location"] == "Tarhuna"]
    changes = tarhuna[tarhuna["kind"] == "control_change"]
    # Same gazetteer id, actors and date: the table row and the article share an event id.
    assert len(changes) == 1
    assert (changes.iloc[0]["actor"], changes.iloc[0]["event_date"]) == ("GNA", "2020-06-05")
    assert json.loads(changes.iloc[0]["sources"]) == ["x.txt", "t.csv"]
    assert changes.iloc[0]["n_reports"] == 2


def test_same_change_from_acled_and_analyst_table_is_one_event(tmp_path: Path) -> None:
    analyst = tmp_path / "a.csv"
    analyst.write_text("date,place,actor,previous_actor,country\n"
                       "2020-06-04,Qasr Bin Ghashir,GNA,LNA,LY\n", encoding="utf-8")
    loaded = load_inputs([DATA / "acled.csv", analyst], progress=False)
    rows = loaded.events[loaded.events["place"] == "Qasr Bin Ghashir"]
    assert len(rows) == 1
    assert json.loads(rows.iloc[0]["sources"]) == ["ACLED:TST001 (Invented outlet)", "a.csv"]


def test_jsonl_of_articles_vs_jsonl_of_events(tmp_path: Path) -> None:
    articles = tmp_path / "articles.jsonl"
    articles.write_text(json.dumps({"id": "n1", "date": "2020-06-05",
                                    "text": "GNA forces retook Gharyan on Friday."}) + "\n"
                        + "{broken\n", encoding="utf-8")
    events = tmp_path / "events.jsonl"
    write_events(read_table(DATA / "acled.csv").events, events)
    assert classify(articles) == "articles" and classify(events) == "table"
    report = RunReport()
    loaded = load_inputs([articles, events], report=report, progress=False)
    assert report.documents == 1
    assert report.rows >= 7
    assert any("JSON" in r["reason"] for r in report.rejected)  # the broken line, not lost
    assert report.balanced
    assert {"ACLED:TST001 (Invented outlet)"} <= {
        s for v in loaded.events["sources"] for s in json.loads(v)}


def test_missing_and_unknown_inputs(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or folder"):
        load_inputs([tmp_path / "nope.txt"], progress=False)
    odd = tmp_path / "x.docx"
    odd.write_bytes(b"PK")
    with pytest.raises(InputError, match="not an article"):
        load_inputs([odd], progress=False)


def test_extraction_failure_is_counted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import geomap.extract

    calls = {"n": 0}
    real = geomap.extract.extract_records

    def flaky(doc, **kwds):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("boom")
        return real(doc, **kwds)

    monkeypatch.setattr(geomap.extract, "extract_records", flaky)
    _article(tmp_path, "a.txt", "2020-06-05", "GNA forces retook Gharyan on Friday.")
    _article(tmp_path, "b.txt", "2020-06-05", "GNA forces retook Gharyan on Friday.")
    report = RunReport()
    loaded = load_inputs([tmp_path], report=report, progress=False)
    assert report.failures == [{"document": "a.txt", "reason": "boom"}]
    assert any("extraction failed: boom" in r for r in loaded.rejected["reason"])
    assert report.balanced


def test_example_analyst_table_resolves_completely() -> None:
    report = RunReport()
    loaded = load_inputs([EXAMPLE], report=report, progress=False)
    assert report.rows == len(loaded.events) >= 12
    assert not report.unresolved and not report.rejected
    watiya = loaded.events[loaded.events["place"] == "Al-Watiya air base"].iloc[0]
    assert (watiya["actor"], watiya["event_date"]) == ("GNA", "2020-05-18")
    assert set(loaded.events["country"]) == {"LY"}


@pytest.mark.parametrize("suffix", [".txt", ".csv", ".jsonl"])
def test_file_names_that_are_not_utf8_are_a_clear_error(
        tmp_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]) -> None:
    import os

    from geomap.cli import main
    from geomap.sources.documents import iter_documents

    # Python decodes such a name with lone surrogates; they became the source column, and
    # every UTF-8 output (events, report, map) then failed with UnicodeEncodeError.
    raw = os.path.join(os.fsencode(tmp_path), b"wire-\xff" + suffix.encode())
    with open(raw, "wb") as fh:
        fh.write(b"date,place,actor\n2019-04-07,Brak,GNA\n" if suffix == ".csv" else
                 b'{"text": "GNA forces entered Brak."}\n' if suffix == ".jsonl" else
                 b"date 2019-04-07\nGNA forces entered Brak.\n")
    name = os.fsdecode(raw)
    with pytest.raises(InputError, match="file name is not valid UTF-8"):
        load_inputs([name], progress=False)
    with pytest.raises(InputError, match="file name is not valid UTF-8"):
        load_inputs([tmp_path], progress=False)  # found in a folder
    if suffix == ".csv":
        with pytest.raises(InputError, match="file name is not valid UTF-8"):
            read_table(name)
    else:
        with pytest.raises(InputError, match="file name is not valid UTF-8"):
            list(iter_documents([name]))
    capsys.readouterr()
    assert main(["extract", name, "-o", str(tmp_path / "out.jsonl"), "-q"]) == 2
    assert "file name is not valid UTF-8" in capsys.readouterr().err


def test_a_new_gazetteer_index_prunes_stale_versions(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A rebuild removes the other versions' folders but the newest one (another install
    sharing the cache keeps its index: tests/test_cache_prune.py)."""
    from geomap.gazetteer import gazetteer as gz

    def fake_build(records: object, folder: Path, **_kw: object) -> Path:
        folder.mkdir(parents=True)
        (folder / "meta.json").write_text("{}", encoding="utf-8")
        return folder

    import os

    stale = [tmp_path / "gazetteer-cities500-0123456789abcdef",
             tmp_path / "gazetteer-cities500-fedcba9876543210"]
    for folder in stale:
        fake_build(None, folder)
        os.utime(folder / "meta.json", (1000.0, 1000.0))
    kept = [tmp_path / "gazetteer-cities500-cccccccccccccccc",  # the newest other version
            tmp_path / "gazetteer-other-0123456789abcdef",  # another dataset
            tmp_path / ".gazetteer-cities500-aaaaaaaaaaaaaaaa.1.x.tmp",  # a build in progress
            tmp_path / "gazetteer-cities500-bbbbbbbbbbbbbbbb"]  # no meta.json: not an index
    for folder in kept[:3]:
        fake_build(None, folder)
    kept[3].mkdir()
    monkeypatch.setattr(gz, "build", fake_build)
    monkeypatch.setattr(gz, "index_version", lambda dataset="cities500": "1111111111111111")
    monkeypatch.setattr(gz.sources, "iter_all", lambda dataset: iter(()))
    monkeypatch.setattr(gz.sources, "read_aliases", lambda: {})
    current = gz.ensure_index(cache=tmp_path)
    assert current == tmp_path / "gazetteer-cities500-1111111111111111"
    assert not any(folder.exists() for folder in stale)
    assert all(folder.exists() for folder in kept) and current.exists()
    # Found in the cache, an index prunes nothing.
    fake_build(None, stale[0])
    assert gz.ensure_index(cache=tmp_path) == current and stale[0].exists()
