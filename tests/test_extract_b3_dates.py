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


def _dated(text: str, date: str) -> set[tuple[str, str, str, str, str]]:
    import geomap

    ev = geomap.extract(text, date=date)
    return {(r.kind, r.place, r.event_date, r.date_precision, r.actor) for r in ev.itertuples()
            if r.kind in ("control_change", "claimed_control")}


def test_hours_after_is_the_same_day_as_the_sentence() -> None:
    got = _dated("Rebels retook Brega on Sunday, only hours after government troops had "
                 "captured the town.", "2011-03-14")
    # the earlier taking: the same Sunday, not two weeks before the dateline
    assert any(p == "Brega" and d == "2011-03-13" and pr == "day" and a != "NTC"
               for _k, p, d, pr, a in got), got
