"""Dates across sentences: an undated report of the same news keeps the day given just before.

Sentences written for these tests (invented wording).
"""

from __future__ import annotations

import geomap


def _dates(text: str, date: str) -> dict[str, tuple[str, str]]:
    ev = geomap.extract(text, date=date)
    return {r.place: (r.event_date, r.date_precision) for r in ev.itertuples()
            if r.kind == "control_change"}


def test_the_day_of_the_lead_carries_to_the_next_sentence() -> None:
    got = _dates("Two coastal towns were overrun by GNA forces on Tuesday. GNA fighters took "
                 "Zuwara and Sabratha, a spokesman said.", "2020-04-16")  # a Thursday
    assert got == {"Zuwara": ("2020-04-14", "day"), "Sabratha": ("2020-04-14", "day")}, got


def test_two_days_before_leave_the_dateline() -> None:
    got = _dates("GNA forces took one town on Monday and another on Tuesday. GNA fighters "
                 "also took Zuwara.", "2020-04-16")
    assert got == {"Zuwara": ("2020-04-16", "day")}, got


def test_an_old_date_is_not_carried() -> None:
    got = _dates("GNA forces seized a base on 2 March. GNA fighters took Zuwara.", "2020-04-16")
    assert got == {"Zuwara": ("2020-04-16", "day")}, got
