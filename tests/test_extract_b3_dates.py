"""'earlier this month' in a report from the second half of a month: the days before the
dateline ('before'), not the whole month (which would count days still to come).

Sentences written for these tests (invented wording).
"""

from __future__ import annotations

from geomap.extract.dates import find_dates


def _one(text: str, dateline: str) -> tuple[str, str]:
    found = find_dates(text, dateline)
    assert len(found) == 1, found
    return found[0].date, found[0].precision


def test_earlier_this_month_late_in_the_month_is_before_the_dateline() -> None:
    assert _one("The rebels took the port earlier this month.", "2019-08-20") == \
        ("2019-08-19", "before")


def test_earlier_this_month_early_in_the_month_stays_the_month() -> None:
    # 'before' would reach back into last month
    assert _one("The rebels took the port earlier this month.", "2019-08-09") == \
        ("2019-08-01", "month")


def test_this_month_stays_the_month() -> None:
    assert _one("The rebels took the port this month.", "2019-08-20") == \
        ("2019-08-01", "month")
