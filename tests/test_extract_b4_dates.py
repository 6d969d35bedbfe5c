"""Date windows the text gives that a bare dateline would lose: "days ago", "late last year",
"at the end of January", seasons.

Phrases written for these tests (invented wording).
"""

from __future__ import annotations

import pytest

from geomap.extract.dates import find_dates

_DATELINE = "2022-03-25"  # a Friday


def _one(phrase: str) -> tuple[str, str]:
    text = f"The militia took the hill {phrase}, a local elder said."
    found = find_dates(text, _DATELINE)
    assert len(found) == 1, (phrase, found)
    return found[0].date, found[0].precision


@pytest.mark.parametrize(("phrase", "want"), [
    ("days ago", ("2022-03-24", "before")),
    ("some days ago", ("2022-03-24", "before")),
    ("weeks ago", ("2022-03-18", "before")),
    ("a couple of days ago", ("2022-03-23", "day")),
    ("late last year", ("2021-09-01", "year")),
    ("at the end of last year", ("2021-09-01", "year")),
    ("towards the end of 2019", ("2019-09-01", "year")),
    ("early last year", ("2021-01-01", "year")),
    ("earlier in the year", ("2022-01-01", "year")),
    ("at the end of January", ("2022-01-25", "week")),
    ("last summer", ("2021-06-01", "year")),
    ("in the autumn of 2017", ("2017-09-01", "year")),
])
def test_a_window_of_the_text_is_kept(phrase: str, want: tuple[str, str]) -> None:
    assert _one(phrase) == want


@pytest.mark.parametrize("phrase", ["this summer", "in the summer", "by the end of 2014"])
def test_no_window_when_the_text_gives_none(phrase: str) -> None:
    # a season still to come, a season of no year, an end that is only a deadline
    text = f"The militia took the hill {phrase}, a local elder said."
    assert find_dates(text, _DATELINE) == []


def test_a_counted_time_ago_keeps_its_day() -> None:
    assert _one("two days ago") == ("2022-03-23", "day")
