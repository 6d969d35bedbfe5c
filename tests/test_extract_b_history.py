"""History told beside a report's own change: the side a place was taken from, and when it
had taken it ("retook X from militants who had held the city since May", "left X when rebels
took it on 20 November"), and an aside on a place after a locating region ("X in North
Darfur, which ... until it fell to Y in October").

Sentences written for these tests (invented wording).
"""

from __future__ import annotations

import geomap


def _changes(text: str, date: str) -> set[tuple[str, str, str, str]]:
    ev = geomap.extract(text, date=date)
    return {(r.place, r.event_date, r.date_precision, r.actor) for r in ev.itertuples()
            if r.kind == "control_change"}


def test_taken_from_a_side_who_captured_it_on_a_day() -> None:
    got = _changes("Government troops retook Zinjibar on Friday from separatists who captured "
                   "the town on 3 March.", "2019-05-10")
    assert ("Zinjibar", "2019-03-03", "day", "STC") in {(p, d, pr, a.upper())
                                                         for p, d, pr, a in got}, got
    assert any(p == "Zinjibar" and d == "2019-05-10" for p, d, _pr, _a in got), got


def test_held_since_a_month_dates_the_holders_capture() -> None:
    got = _changes("Iraqi troops on Monday retook the centre of Fallujah from Islamic State "
                   "militants who have occupied the city since January.", "2016-06-27")
    assert ("Fallujah", "2016-01-01", "month", "ISIS") in got, got


def test_holding_without_since_gives_no_date() -> None:
    got = _changes("Iraqi troops on Monday retook Fallujah from Islamic State militants who "
                   "have occupied the city in large numbers.", "2016-06-27")
    assert {d for p, d, _pr, _a in got if p == "Fallujah"} == {"2016-06-27"}, got


def test_left_when_rebels_took_it() -> None:
    got = _changes("The governor, who had fled Bunia when rebels took it on 4 June, returned "
                   "on Monday.", "2003-06-30")
    assert any(p == "Bunia" and d == "2003-06-04" for p, d, _pr, _a in got), got


def test_an_aim_in_the_clause_is_not_history() -> None:
    got = _changes("Troops retook Bunia on Monday from rebels who had hoped to hold the town "
                   "until June.", "2003-06-30")
    assert {d for p, d, _pr, _a in got if p == "Bunia"} == {"2003-06-30"}, got


def test_an_aside_after_a_locating_region() -> None:
    got = _changes("Fighting moved on to Mellit in North Darfur, which had long been an army "
                   "garrison in the wider Darfur region until it fell to the RSF in April.",
                   "2025-09-01")
    assert ("Mellit", "2025-04-01", "month", "RSF") in got, got
