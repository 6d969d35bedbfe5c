"""Property tests of the extractor on hostile text: never a crash, offsets that point into the
text, valid dates and coordinates, and an input account that balances.

The text mixes arbitrary Unicode with pieces that exercise the code paths: place names and
trigger verbs (so events are made), Arabic and right-to-left marks, zero-width characters, NUL
bytes, every kind of newline, byte-order marks, dates (possible and impossible) and very long
runs without sentence breaks.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geomap.extract.dates import find_dates
from geomap.extract.sentences import split_sentences

FRAGMENTS = [
    "Tripoli", "Misrata", "Sirte", "Tarhuna", "Benghazi", "Kharkiv", "Aleppo", "Idlib",
    "Gharyan", "al-Watiya air base", "Mitiga airport", "Paris", "Springfield", "Georgia",
    " forces captured ", " retook ", " withdrew from ", " seized control of ", " advanced on ",
    " claimed to have taken ", " denied losing ", " shelled ", " heading toward ",
    "GNA", "LNA", "Haftar's forces", "the Libyan army", "Russian troops", "rebels",
    "طرابلس", "سيطرت القوات على", "مصراتة", " בירושלים ",
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200e", "\u200f", "\u202a", "\u202e",
    "\u2066", "\x00", "\r\n", "\r", "\n", "\n\n", "\u2028", "\u2029", "\x0b", "\x0c", "\x85",
    ". ", "! ", "? ", "... ", "\u2026 ", "; ", ", ", "\"", "\u201c", "(", ")", "Mr. ", "U.S. ",
    "on 5 June 2020", "on Thursday", "yesterday", "last week", "in March", "2020-06-04",
    "31 February 2021", "2020-13-45", "on 1 January 0001", "in 9999", "on 29 February 2019",
    "date 2020-06-05\n", "date 2020-02-30\n", "1e309", "NaN", "-0",
    "{{ 7*7 }}", "<script>alert(1)</script>", "=HYPERLINK(\"x\")",
]

_piece = st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12))
HOSTILE_TEXT = st.lists(_piece, max_size=40).map("".join)
#: Shorter texts for the 10,000-example property (hypothesis' cost grows with the draw size).
SHORT_TEXT = st.lists(_piece, max_size=15).map("".join)
ISO_DATES = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)).map(
    dt.date.isoformat)


# --------------------------------------------------------------------------- cheap parts (long)
@given(SHORT_TEXT, st.one_of(st.none(), ISO_DATES))
def test_sentences_and_dates_stay_inside_the_text(text: str, dateline: str | None) -> None:
    """Sentences are ordered non-empty spans; dates are valid ISO dates at valid offsets.

    (One property for both, so the long profile pays hypothesis' per-example cost once.)
    """
    last_end = 0
    for s in split_sentences(text):
        assert 0 <= s.start < s.end <= len(text)
        assert s.start >= last_end
        assert text[s.start:s.end].strip() != ""
        last_end = s.end
    for d in find_dates(text, dateline):
        assert 0 <= d.start < d.end <= len(text)
        if d.date:
            parsed = dt.date.fromisoformat(d.date)
            assert 1 <= parsed.year <= 9999
        assert d.precision in {"day", "week", "month", "year", "before", "unknown"}


# --------------------------------------------------------------------------- full pipeline
@pytest.fixture(scope="module")
def gazetteer() -> Any:
    from geomap.gazetteer import Gazetteer

    return Gazetteer.default()


@pytest.fixture(scope="module")
def actors() -> Any:
    from geomap.actors import ActorSet

    return ActorSet.default()


def _check_extraction(text: str, result: Any) -> None:
    report = result.report
    assert report.balanced, report.summary()
    events = result.events
    for row in events.to_dict("records"):
        lat, lon = row["latitude"], row["longitude"]
        assert math.isfinite(lat) and -90 <= lat <= 90
        assert math.isfinite(lon) and -180 <= lon <= 180
        start, end = int(row["evidence_start"]), int(row["evidence_end"])
        assert 0 <= start <= end <= len(text)
        assert text[start:end] == row["evidence"]
        if row["event_date"]:
            dt.date.fromisoformat(row["event_date"])
        assert 0.0 <= row["confidence"] <= 1.0
    for item in result.unresolved.to_dict("records"):
        assert item["reason"], item


_PIPELINE = settings(max_examples=150, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture,
                                            HealthCheck.too_slow])


@_PIPELINE
@given(text=HOSTILE_TEXT, date=st.one_of(st.none(), ISO_DATES))
def test_extract_never_crashes_and_balances(text: str, date: str | None, gazetteer: Any,
                                            actors: Any) -> None:
    from geomap.extract import extract_document

    result = extract_document(text, date=date, source="prop", gazetteer=gazetteer,
                              actors=actors)
    _check_extraction(text, result)


@settings(max_examples=5, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(piece=st.sampled_from(FRAGMENTS), repeat=st.integers(min_value=1000, max_value=6000))
def test_extract_very_long_sentences(piece: str, repeat: int, gazetteer: Any,
                                     actors: Any) -> None:
    """A single sentence of 10k-100k characters (no breaks) still extracts (linear time:
    ~0.3 s per 10k characters of place names, measured)."""
    from geomap.extract import extract_document

    text = "GNA forces captured Tripoli and " + (piece + " ") * repeat + " then Misrata."
    result = extract_document(text, date="2020-06-05", source="long", gazetteer=gazetteer,
                              actors=actors)
    _check_extraction(text, result)


# --------------------------------------------------------------------------- files
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "cp1256", "latin-1", "cp1252"]


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=HOSTILE_TEXT, encoding=st.sampled_from(ENCODINGS), suffix=st.sampled_from(
    [".txt", ".md"]))
def test_article_files_in_any_encoding(text: str, encoding: str, suffix: str,
                                       tmp_path_factory: pytest.TempPathFactory) -> None:
    """An article saved by any common program reads, or is refused with a reason (binary
    data: NUL bytes, control characters), never an error."""
    from geomap.runreport import RunReport
    from geomap.sources.documents import iter_documents

    data = text.encode(encoding, errors="replace")
    path = Path(tmp_path_factory.mktemp("enc")) / f"article{suffix}"
    path.write_bytes(data)
    report = RunReport(command="extract")
    docs = list(iter_documents([path], report=report))  # no InputError for a text file
    assert len(docs) + len(report.rejected) == 1 and report.documents == len(docs)
    if report.rejected:
        assert report.rejected[0]["reason"].startswith("not text: ")
    elif encoding.startswith("utf"):
        # Lossless encodings read back exactly (modulo newline translation and a leading BOM).
        expected = text.replace("\r\n", "\n").replace("\r", "\n")
        assert docs[0].text.lstrip("\ufeff") == expected.lstrip("\ufeff")


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.binary(max_size=3000))
def test_article_files_of_arbitrary_bytes(data: bytes,
                                          tmp_path_factory: pytest.TempPathFactory) -> None:
    from geomap.runreport import RunReport
    from geomap.sources.documents import iter_documents

    path = Path(tmp_path_factory.mktemp("bytes")) / "article.txt"
    path.write_bytes(data)
    # Any bytes decode (UTF-8, else Windows-1256 or -1252/Latin-1): one document, or binary
    # data refused with its reason; never an error.
    report = RunReport(command="extract")
    docs = list(iter_documents([path], report=report))
    assert len(docs) + len(report.rejected) == 1
    assert all(r["reason"].startswith("not text: ") for r in report.rejected)


_LINES = st.lists(st.one_of(
    st.builds(lambda t, d, i: {"id": i, "text": t, "date": d},
              HOSTILE_TEXT, st.one_of(st.none(), ISO_DATES, st.text(max_size=12),
                                      st.integers(), st.floats()),
              st.one_of(st.none(), st.text(max_size=8), st.integers())),
    st.recursive(st.none() | st.integers() | st.text(max_size=8),
                 lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=4), c,
                                                                      max_size=3),
                 max_leaves=8),
), max_size=8)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(records=_LINES, raw=st.lists(st.text(max_size=30), max_size=3))
def test_jsonl_corpus_accounts_for_every_line(records: list[Any], raw: list[str],
                                              tmp_path_factory: pytest.TempPathFactory) -> None:
    import json

    from geomap.runreport import RunReport
    from geomap.sources.documents import iter_documents

    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    lines += [r.replace("\n", " ").replace("\r", " ") for r in raw]
    path = Path(tmp_path_factory.mktemp("jsonl")) / "corpus.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = RunReport(command="extract")
    docs = list(iter_documents([path], report=report))
    non_blank = sum(1 for line in lines if line.strip())
    assert report.rows == non_blank
    assert len(docs) + len(report.rejected) == non_blank
    for item in report.rejected:
        assert item["line"] >= 1 and item["reason"]
