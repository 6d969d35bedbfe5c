"""Dates of a change against a later time clause on something else's start.

Sentences written for these tests (invented wording).
"""

from __future__ import annotations

import pytest

import geomap


def _dates(text: str, date: str) -> list[tuple[str, str]]:
    ev = geomap.extract(text, date=date)
    return [(r.event_date, r.date_precision) for r in ev.itertuples()
            if r.kind == "control_change" and r.place == "Kassala"]


@pytest.mark.parametrize("clause", [
    "after the siege began in May 2023",
    "since the offensive was launched in May 2023",
    "when the uprising erupted in May 2023",
])
def test_a_later_clause_on_a_start_does_not_date_the_change(clause: str) -> None:
    got = _dates(f"SAF troops retook Kassala on Tuesday, {clause}.", "2024-02-08")
    assert got == [("2024-02-06", "day")], got
    got = _dates(f"SAF troops have retaken Kassala {clause}.", "2024-02-08")
    assert got and got[0][0] != "2023-05-01", got


def test_a_date_of_the_change_itself_stays() -> None:
    got = _dates("SAF troops retook Kassala in May 2023, after a long siege.", "2024-02-08")
    assert got == [("2023-05-01", "month")], got
