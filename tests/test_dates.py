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


@pytest.mark.parametrize(("text", "dateline", "expected"), [
    # a week just before the counted time, not its whole calendar month or year
    ("The militia overran the depot just over a month ago.", "2019-05-20", "2019-04-14"),
    ("The port changed hands just over a year ago.", "2018-03-10", "2017-03-04"),
    ("Rebels took the pass over a week ago, they said.", "2020-06-15", "2020-06-02"),
    ("It was lost more than two weeks ago.", "2020-06-15", "2020-05-26"),
    # "nearly": a week just after the counted time
    ("The garrison surrendered nearly a year ago.", "2018-03-10", "2017-03-16"),
    # a month longer than the one counted back to: its last day
    ("The bridge fell just over a month ago.", "2021-03-31", "2021-02-22"),
])
def test_near_ago_is_a_week_beside_the_count(text: str, dateline: str, expected: str) -> None:
    found = find_dates(text, dateline)
    assert [(d.date, d.precision) for d in found] == [(expected, "week")]


def test_plain_ago_keeps_its_period() -> None:
    found = find_dates("The hill was taken two months ago.", "2019-05-20")
    assert [(d.date, d.precision) for d in found] == [("2019-03-01", "month")]


@pytest.mark.parametrize(("text", "dateline", "expected"), [
    # the writer's own month would be "this month": a bare "in March" is the one before
    ("The garrison was driven out in March.", "2024-03-09", ("2023-03-01", "month")),
    ("During March the hills changed hands twice.", "2024-03-28", ("2023-03-01", "month")),
    # a part of the month, "since", an earlier month: as before
    ("The garrison was driven out in early March.", "2024-03-28", ("2024-03-07", "week")),
    ("The militia has held the ridge since March.", "2024-03-28", ("2024-03-01", "month")),
    ("The garrison was driven out in February.", "2024-03-09", ("2024-02-01", "month")),
])
def test_a_bare_month_of_the_datelines_month_is_last_years(
        text: str, dateline: str, expected: tuple[str, str]) -> None:
    assert [(d.date, d.precision) for d in find_dates(text, dateline)] == [expected]
