"""Documents: datelines, JSON lines (plain and gzip), folders, bad input."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from geomap.errors import InputError
from geomap.runreport import RunReport
from geomap.sources.documents import (
    Document,
    is_article_path,
    iter_documents,
    normalise_date,
    split_dateline,
)


def test_dateline_on_its_own_line_or_inline() -> None:
    assert split_dateline("date 2021-02-03\nBody.") == ("2021-02-03", 16)
    text = " date 2021-02-03 Body starts here."
    date, start = split_dateline(text)
    assert date == "2021-02-03" and text[start:] == "Body starts here."
    assert split_dateline("date 2021-13-40\nBody") == (None, 0)
    assert split_dateline("Updated 2021-02-03") == (None, 0)


def test_text_files_and_date_fallback(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a.txt").write_text("date 2021-02-03\nFirst.", encoding="utf-8")
    (tmp_path / "b" / "c.md").write_text("No dateline.", encoding="utf-8")
    (tmp_path / "skip.csv").write_text("x", encoding="utf-8")
    report = RunReport()
    docs = list(iter_documents([tmp_path], date="2021-01-01", report=report))
    assert [(d.id, d.date) for d in docs] == [("a.txt", "2021-02-03"), ("c.md", "2021-01-01")]
    assert docs[0].text.startswith("date 2021-02-03")
    assert report.documents == 2


def test_jsonl_with_bad_lines_is_accounted(tmp_path: Path) -> None:
    path = tmp_path / "wire.jsonl.gz"
    lines = [json.dumps({"id": "a", "text": "One.", "date": "2020-06-05T10:00:00Z",
                         "url": "https://x.example/a"}),
             "{not json", json.dumps({"id": "b"}), "",
             json.dumps({"text": "Two.", "date": "5 June 2020", "title": "Head"}),
             json.dumps({"text": "Three.", "date": "someday"})]
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    report = RunReport()
    docs = list(iter_documents(path, report=report))
    assert [d.id for d in docs] == ["a", "wire.jsonl.gz#5"]
    assert docs[0].date == "2020-06-05" and docs[0].source == "https://x.example/a"
    assert docs[1].date == "2020-06-05" and docs[1].text.startswith("Head\n\nTwo.")
    assert [r["line"] for r in report.rejected] == [2, 3, 6]
    assert report.seen == 3 and report.rows == 5 and report.documents == 2


def test_bad_paths(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        list(iter_documents([tmp_path / "missing.txt"]))
    other = tmp_path / "table.csv"
    other.write_text("a,b", encoding="utf-8")
    with pytest.raises(InputError, match="not an article"):
        list(iter_documents([other]))


def test_helpers() -> None:
    assert is_article_path("x/a.JSONL.gz") and not is_article_path("a.csv")
    assert normalise_date(None) is None and normalise_date("2020-06-05") == "2020-06-05"
    assert normalise_date("June 5, 2020") == "2020-06-05"
    assert normalise_date("Fri, 05 Jun 2020 10:00:00 +0000") == "2020-06-05"
    with pytest.raises(ValueError):
        normalise_date("not a date at all")
    assert Document("i", "t").source == "i"


def test_lone_surrogate_escapes_become_replacement_characters(tmp_path: Path) -> None:
    # A scraper that cut an emoji in half writes "\ud83d" alone: json.loads keeps it as a
    # character no UTF-8 writer accepts, so every output of the run failed.
    path = tmp_path / "cut.jsonl"
    path.write_text('{"id": "x\\udfff", "text": "Militia left Brak \\ud83d and Sabha '
                    '\\ud83d\\ude00.", "title": "\\uDC00"}\n', encoding="utf-8")
    (doc,) = list(iter_documents(path))
    assert doc.id == "x\ufffd"
    assert doc.text == "\ufffd\n\nMilitia left Brak \ufffd and Sabha \U0001f600."
    doc.text.encode("utf-8")
