"""Relative dates resolve against the dateline (weekday convention in docs/architecture.md)."""
from __future__ import annotations

import pytest

from geomap.extract.dates import find_dates


@pytest.mark.parametrize(("text", "dateline", "expected"), [
    # Dateline Friday 2020-06-05.
    ("They retook the town on Friday.", "2020-06-05", "2020-06-05"),  # wire usage: that day
    ("They retook the town last Friday.", "2020-06-05", "2020-05-29"),
    ("They announced it on Thursday.", "2020-06-05", "2020-06-04"),
    ("On Wednesday the airport fell.", "2020-06-05", "2020-06-03"),
    ("Late Saturday the convoy left.", "2020-06-05", "2020-05-30"),
    ("This Friday they withdrew.", "2020-06-05", "2020-06-05"),
    # Dateline Monday 2022-09-12 (a week boundary).
    ("Troops entered the city on Sunday.", "2022-09-12", "2022-09-11"),
    ("Troops entered the city on Monday night.", "2022-09-12", "2022-09-12"),
    ("Troops entered the city on Tuesday.", "2022-09-12", "2022-09-06"),
])
def test_weekdays(text: str, dateline: str, expected: str) -> None:
    found = find_dates(text, dateline)
    assert [(d.date, d.precision) for d in found] == [(expected, "day")]


def test_weekday_needs_a_dateline() -> None:
    assert find_dates("They retook the town on Friday.", None) == []
