"""Dates of changes in real-style reporting: parts of a month, relative clauses about other
nouns, "N days after" and a nominal change that refers to the lead's news.

Sentences written for these tests (invented wording).
"""

from __future__ import annotations

import pytest

import geomap
from geomap.extract.dates import find_dates


def _changes(text: str, date: str) -> dict[str, tuple[str, str]]:
    ev = geomap.extract(text, date=date)
    return {r.place: (r.event_date, r.date_precision) for r in ev.itertuples()
            if r.kind == "control_change"}


@pytest.mark.parametrize(("phrase", "expected"), [
    ("in early March", ("2021-03-07", "week")),  # 1..13 March
    ("by mid-March", ("2021-03-15", "week")),  # 9..21 March
    ("in late March", ("2021-03-25", "week")),  # 19..31 March: the last 13 days
    ("in late February", ("2021-02-22", "week")),  # 16..28 February
    ("in March", ("2021-03-01", "month")),
    ("in late June 2019", ("2019-06-24", "week")),
])
def test_part_of_a_month_is_a_week_inside_it(phrase: str, expected: tuple[str, str]) -> None:
    found = find_dates(f"The garrison left the town {phrase}.", "2021-04-20")
    assert [(d.date, d.precision) for d in found] == [expected]


def test_a_date_in_a_relative_clause_about_another_noun_is_not_the_events() -> None:
    got = _changes("Rebels said on Friday they had overrun Lashio. The loss of Lashio is the "
                   "heaviest blow of a campaign that opened in June.", "2024-08-04")
    assert got.get("Lashio") == ("2024-08-02", "day"), got


def test_a_relative_clause_that_tells_a_change_keeps_its_date() -> None:
    got = _changes("Government troops entered Lalibela, a town that rebels captured in "
                   "August.", "2021-12-01")
    assert ("2021-08-01", "month") in got.values(), got


def test_n_days_after_counts_back_from_the_sentence_date() -> None:
    got = _changes("Army units took Kiwanja on Sunday, a day after seizing Rutshuru.",
                   "2013-10-27")  # a Sunday
    assert got.get("Rutshuru") == ("2013-10-26", "day"), got


def test_weeks_after_counts_back_from_the_dateline_with_week_precision() -> None:
    got = _changes("The recapture of Woldia came three weeks after Dessie was retaken by "
                   "federal forces.", "2021-12-18")
    assert got.get("Dessie") == ("2021-11-27", "week"), got


def test_an_undated_nominal_change_takes_the_lead_day() -> None:
    got = _changes("Separatist fighters suffered their worst setback on Saturday after a "
                   "long siege, officials said. Many gathered in a nearby city. The "
                   "capture of Lysychansk by Ukrainian forces is a turning point, analysts "
                   "say.", "2014-07-06")
    assert got.get("Lysychansk") == ("2014-07-05", "day"), got


def test_an_old_lead_day_is_not_carried() -> None:
    got = _changes("Separatist fighters abandoned their stronghold on 2 May after a long "
                   "siege. The capture of Lysychansk by Ukrainian forces is a turning point.",
                   "2014-07-06")
    assert got.get("Lysychansk") != ("2014-05-02", "day"), got


def test_a_clause_on_the_place_dates_its_part_of_a_wider_capture() -> None:
    got = _changes("On 24 June the RSF began a push across the state of Sennar, capturing several "
                   "towns, including Singa, which they entered on 29 June.", "2024-07-02")
    assert got.get("Singa") == ("2024-06-29", "day"), got


@pytest.mark.parametrize(("text", "expected"), [
    ("The town rebelled in 2011 and the following year it was overrun.",
     ("2012-01-01", "year")),
    ("Rebels took the port in March 2015, only to lose it ten months later.",
     ("2016-01-01", "month")),
    ("The bridge was blown up on 4 May and two days later the town fell.",
     ("2019-05-06", "day")),
    ("The garrison left on 4 May and later that day the militia moved in.",
     ("2019-05-04", "day")),
])
def test_a_time_counted_from_the_date_before(text: str, expected: tuple[str, str]) -> None:
    found = find_dates(text, "2019-06-01")
    assert (found[-1].date, found[-1].precision) == expected, found


def test_a_counted_time_needs_a_date_before_it() -> None:
    assert find_dates("Ten months later the town fell.", "2019-06-01") == []


def test_the_following_year_dates_the_change_it_tells() -> None:
    got = _changes("In 2011 Kafranbel rose against the government, and the following year it "
                   "was captured by rebel fighters.", "2020-01-29")
    assert got.get("Kafranbel") == ("2012-01-01", "year"), got


@pytest.mark.parametrize(("phrase", "expected"), [
    ("since late 2014", ("2014-09-01", "year")),  # September to December
    ("in early 2015", ("2015-01-01", "year")),
    ("in 2015", ("2015-01-01", "year")),
    ("by 19 October", ("2020-10-19", "before")),  # on or before that day
    ("by October 19", ("2020-10-19", "before")),
    ("on October 19", ("2020-10-19", "day")),
])
def test_late_year_and_by_a_day(phrase: str, expected: tuple[str, str]) -> None:
    found = find_dates(f"The militia has held the district {phrase}.", "2020-10-21")
    assert [(d.date, d.precision) for d in found] == [expected], found


def test_a_date_right_after_the_object_beats_one_a_comma_away() -> None:
    got = _changes("The Taliban overran most of the north two weeks ago, taking Kunduz on "
                   "8 August after a short fight.", "2021-08-24")
    assert got.get("Kunduz") == ("2021-08-08", "day"), got


@pytest.mark.parametrize(("text", "expected"), [
    ("Insurgents took the port this morning (Sunday 22 March).", "2020-03-22"),
    ("Insurgents took the port today (22 March).", "2020-03-22"),
    ("Insurgents took the port this morning, and on 2 March a village.", "2020-03-24"),
])
def test_a_relative_day_restated_in_brackets(text: str, expected: str) -> None:
    found = find_dates(text, "2020-03-24")
    assert found[0].date == expected, found
