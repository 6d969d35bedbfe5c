"""Dates of reported speech: "X said it had taken Y" with no other time cue is the news of the
report's day, not an open 'before' window; a weekday in the report still dates it.

Sentences written for these tests (invented wording).
"""

from __future__ import annotations

import geomap


def _dates(text: str, date: str) -> dict[str, tuple[str, str]]:
    ev = geomap.extract(text, date=date)
    return {r.place: (r.event_date, r.date_precision) for r in ev.itertuples()
            if r.kind in ("control_change", "claimed_control")}


def test_said_it_had_taken_is_the_report_day() -> None:
    got = _dates("The LNA said it had taken Msallata from GNA forces.", "2020-04-16")
    assert got == {"Msallata": ("2020-04-16", "day")}, got


def test_said_on_a_weekday_dates_the_change_that_day() -> None:
    got = _dates("The LNA said on Tuesday it had taken Msallata from GNA forces.",
                 "2020-04-16")  # a Thursday
    assert got == {"Msallata": ("2020-04-14", "day")}, got


def test_denied_reports_that_it_had_fallen_is_the_report_day() -> None:
    got = _dates("GNA officials denied reports that Zliten had fallen to the LNA.", "2020-04-16")
    assert got == {"Zliten": ("2020-04-16", "day")}, got


def test_trailing_attribution_is_the_report_day() -> None:
    got = _dates("The LNA had taken Msallata, a local councillor said.", "2020-04-16")
    assert got == {"Msallata": ("2020-04-16", "day")}, got


def test_plain_pluperfect_stays_before() -> None:
    got = _dates("The LNA had taken Msallata before the truce.", "2020-04-16")
    assert got == {"Msallata": ("2020-04-16", "before")}, got


def test_a_relative_clause_is_no_attribution() -> None:
    got = _dates("The LNA had taken Msallata, which residents said was calm.", "2020-04-16")
    assert got == {"Msallata": ("2020-04-16", "before")}, got
