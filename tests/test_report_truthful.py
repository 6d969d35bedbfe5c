"""A report says only what its evidence supports: file names not paths, dates of control."""

from __future__ import annotations

import geomap
from geomap.report._model import shown_source
from geomap.report.summary import summary
from geomap.schema import events_frame


def _events() -> object:
    base = {"kind": "control_change", "actor": "SAF", "confirmed": True, "country": "SD",
            "latitude": 13.18, "longitude": 30.22, "place": "El Obeid", "location": "El Obeid",
            "evidence": "our note", "source": "/home/analyst/private/sudan-notes.txt"}
    return events_frame([
        {**base, "event_date": "2023-12-01", "date_precision": "day"},
        {**base, "event_date": "2023-12-04", "date_precision": "day", "actor": "RSF"},
        # "held by the army since 2019": a year, not a date of this week's events
        {**base, "event_date": "2019-01-01", "date_precision": "year"},
        {**base, "event_date": "2010-05-05", "date_precision": "day", "kind": "mention"},
    ])


def test_sources_are_shown_by_file_name_only() -> None:
    assert shown_source("/home/analyst/private/sudan-notes.txt") == "sudan-notes.txt"
    assert shown_source("C:\\Users\\me\\notes.csv") == "notes.csv"
    assert shown_source("https://example.org/a/b") == "https://example.org/a/b"
    assert shown_source("doc-17") == "doc-17"
    html = geomap.make_report(_events(), png=False,
                              sources=["/home/analyst/private/sudan-notes.txt"])
    assert "/home/analyst" not in html.split("<iframe")[0]
    assert "sudan-notes.txt" in html


def test_date_range_covers_dated_control_evidence() -> None:
    found = summary(_events())
    assert (found.date_min, found.date_max) == ("2023-12-01", "2023-12-04")
