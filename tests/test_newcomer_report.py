"""Newcomer audit: the report's summary counts agree with the tables a reader sees."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import geomap
from geomap.schema import events_frame


def _events() -> pd.DataFrame:
    """An invented Sudan-like week: two confirmed captures, one claim, one unconfirmed capture."""
    base = dict(country="SD", previous_actor="SAF", actor="RSF", confidence=0.8, source="memo-1")
    return events_frame(
        [
            dict(base, kind="control_change", event_date="2024-03-02", place="Sennar",
                 location="Sennar", latitude=13.57, longitude=33.57,
                 gazetteer_id="geonames:367644",
                 evidence="Militia columns drove the army out of Sennar at dawn."),
            dict(base, kind="control_change", event_date="2024-03-03", place="Kosti",
                 location="Kosti", latitude=13.16, longitude=32.66,
                 gazetteer_id="geonames:371760",
                 evidence="Kosti fell after a two-day push along the river."),
            dict(base, kind="claimed_control", event_date="2024-03-04", place="Nyala",
                 location="Nyala", latitude=12.05, longitude=24.88, confirmed=False,
                 gazetteer_id="geonames:369004",
                 evidence="A militia spokesman boasted that Nyala was theirs."),
            dict(base, kind="control_change", event_date="2024-03-05", place="Atbara",
                 location="Atbara", latitude=17.70, longitude=33.99, confirmed=False,
                 gazetteer_id="geonames:378231",
                 evidence="Unverified videos suggest Atbara changed hands."),
        ]
    )


@pytest.fixture(scope="module")
def layers() -> object:
    return geomap.build_layers(_events())


def test_html_summary_counts_every_row_of_the_changes_table(layers: object) -> None:
    html = geomap.make_report(layers, title="Invented week", png=False)
    summary = re.search(r"<dt>Control changes</dt><dd>([^<]*)</dd>", html)
    assert summary is not None
    table = html.split('id="changes"', 1)[1].split("</table>", 1)[0]
    n_rows = table.count("<tr") - 1  # minus the header row
    assert n_rows == 4
    assert summary[1] == "4 (2 confirmed, 2 claimed or unconfirmed)"


def test_markdown_summary_matches_html(layers: object) -> None:
    md = geomap.make_report(layers, title="Invented week", format="md")
    assert "- Control changes: 4 (2 confirmed, 2 claimed or unconfirmed)" in md
    # The version is escaped within its sentence, not alone as if it began a list ("0\\.1.0").
    assert f"*Made with geomap {geomap.__version__}.*" in md


def test_all_confirmed_shows_a_plain_count() -> None:
    events = _events()
    events = events[events["kind"] == "control_change"].copy()
    events["confirmed"] = True
    html = geomap.make_report(geomap.build_layers(events), title="t", png=False)
    assert "<dt>Control changes</dt><dd>3</dd>" in html


def test_embed_example_snapshot_is_self_consistent() -> None:
    """The pasted report in docs/embed-example.md counts the rows its own table shows."""
    from conftest import ROOT

    text = (ROOT / "docs" / "embed-example.md").read_text(encoding="utf-8")
    snapshot = text.split("<!-- geomap-report-md -->", 1)[1]
    count = re.search(r"- Control changes: (\d+)", snapshot)
    assert count is not None
    section = snapshot.split("#### Control changes", 1)[1].split("####", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")][1:]  # minus header
    assert int(count[1]) == len(rows)


def test_report_footer_credits_what_its_map_draws(layers: object) -> None:
    html = geomap.make_report(layers, title="t", png=False)
    footer = html.split("<footer>", 1)[1]
    for credit in ("GeoNames", "OurAirports", "Natural Earth", "first-level boundaries",
                   "GSHHG", "Leaflet"):
        assert credit in footer


def test_timeline_before_all_evidence_draws_no_later_history(layers: object) -> None:
    """--at before every change: no bar or marker of what happened later, squeezed at its end."""
    html = geomap.make_report(layers, title="t", at="2023-06-01", png=False)
    timeline = html.split('<svg xmlns="http://www.w3.org/2000/svg" class="timeline"', 1)[1]
    timeline = timeline.split("</svg>", 1)[0]
    for place in ("Sennar", "Kosti", "Nyala", "Atbara"):
        assert place not in timeline
    later = geomap.make_report(layers, title="t", at="2024-03-03", png=False)
    assert "Sennar" in later.split('class="timeline"', 1)[1].split("</svg>", 1)[0]
