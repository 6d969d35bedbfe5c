"""History inside a report: a town referred to by a noun several sentences after the one
town the report names.

Sentences written for these tests (invented wording).
"""

from __future__ import annotations

import geomap

_STORY = ("Insurgents overran the town of Macomia on Friday, the provincial governor said. "
          "Residents fled into the forest. Aid groups said thousands needed shelter. "
          "Road traffic to the coast has stopped. ")


def _rows(text: str) -> list[tuple[str, str, str, str]]:
    ev = geomap.extract(text, date="2024-05-13")
    return sorted((r.place, r.actor, r.event_date, r.date_precision) for r in ev.itertuples()
                  if r.kind == "control_change")


def test_the_town_of_the_report_is_what_a_noun_far_after_stands_for() -> None:
    got = _rows(_STORY + "The insurgents occupied the town for a week in June 2020.")
    assert [r[2:] for r in got if r[0] == "Macomia"] == \
        [("2020-06-01", "month"), ("2024-05-10", "day")], got


def test_two_towns_named_before_leave_the_noun_unread() -> None:
    got = _rows("Insurgents overran the town of Macomia on Friday and shelled Mueda, the "
                "governor said. Residents fled into the forest. Aid groups said thousands "
                "needed shelter. Road traffic to the coast has stopped. The insurgents "
                "occupied the town for a week in June 2020.")
    assert all(r[2] != "2020-06-01" for r in got), got


def _history(text: str) -> list[tuple[str, str, str]]:
    ev = geomap.extract(text, date="2017-03-06")  # a Monday
    return sorted((r.actor, r.event_date, r.date_precision) for r in ev.itertuples()
                  if r.kind == "control_change" and r.place == "Palmyra")


def test_an_aside_after_the_reports_own_date_is_still_on_the_place() -> None:
    got = _history("Syrian troops retook Palmyra on Sunday, which Islamic State fighters had "
                   "overrun in May 2015.")
    assert ("ISIS", "2015-05-01", "month") in got, got
    assert any(d == "2017-03-05" for _a, d, _p in got), got


def test_ending_a_rule_tells_when_it_began() -> None:
    for text, want in (
            ("Syrian troops retook Palmyra on Sunday, ending Islamic State control that "
             "began in May 2015.", ("ISIS", "2015-05-01", "month")),
            ("Syrian troops on Sunday retook Palmyra, ending Islamic State control since "
             "May 2015.", ("ISIS", "2015-05-01", "month")),
            ("Syrian troops retook Palmyra on Sunday, ending three years of Islamic State "
             "rule.", ("ISIS", "2014-01-01", "year"))):
        assert want in _history(text), text


def test_ending_a_siege_tells_no_taking() -> None:
    got = _history("Syrian troops retook Palmyra on Sunday, ending a siege that began in May "
                   "2015.")
    assert all(d != "2015-05-01" for _a, d, _p in got), got
