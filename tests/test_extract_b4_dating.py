"""Dates of a change told without its own date: what an aside on another place dates, and a
later withdrawal that is not the same news as an earlier taking.

Sentences written for these tests (invented wording).
"""

from __future__ import annotations

import geomap


def _rows(text: str, date: str) -> list[tuple[str, str, str, str]]:
    ev = geomap.extract(text, date=date)
    return sorted((r.place, r.actor, r.event_date, r.date_precision) for r in ev.itertuples()
                  if r.kind == "control_change")


def test_a_withdrawal_is_not_dated_by_the_aside_on_the_next_place() -> None:
    # "taken by the rebels on Sunday" is the village's taking, not the pull-out
    got = _rows("UN officials said M23 fighters had pulled out of Rutshuru and a nearby "
                "village, also taken by the rebels on Sunday.", "2012-07-11")  # a Wednesday
    assert [r for r in got if r[0] == "Rutshuru"] == \
        [("Rutshuru", "FARDC", "2012-07-11", "day")], got


def test_a_withdrawal_does_not_retell_the_losers_earlier_entry() -> None:
    got = _rows("M23 rebels entered Rutshuru on Sunday after army units abandoned their "
                "posts. Aid workers stayed in their compound. UN officials said M23 "
                "fighters had pulled out of Rutshuru.", "2012-07-11")
    assert ("Rutshuru", "M23", "2012-07-08", "day") in got, got
    assert ("Rutshuru", "FARDC", "2012-07-11", "day") in got, got


def test_a_report_of_the_same_taking_still_retells_its_day() -> None:
    got = _rows("M23 rebels took Rutshuru without a fight on Sunday. Aid workers stayed "
                "in their compound. \"M23 has taken Rutshuru,\" a council member said.",
                "2012-07-11")
    assert {r[2] for r in got if r[0] == "Rutshuru"} == {"2012-07-08"}, got


def test_a_coup_date_in_a_later_time_clause_is_not_the_change() -> None:
    for text in ("Resistance fighters seized the town of Lashio, the first district capital "
                 "taken since the military seized power in a coup in February 2021.",
                 "Resistance fighters seized the town of Lashio, the first town taken since "
                 "the junta ousted the elected government in February 2021."):
        got = _rows(text, "2023-11-08")
        assert [r[2:] for r in got if r[0] == "Lashio"] == [("2023-11-08", "day")], (text, got)


def test_a_coups_own_date_does_not_date_the_change() -> None:
    got = _rows("Resistance fighters seized the town of Lashio, the first town they have taken "
                "since the February 2021 coup.", "2023-11-08")
    assert [r[2:] for r in got if r[0] == "Lashio"] == [("2023-11-08", "day")], got


def test_a_change_dated_before_a_coup_clause_keeps_its_date() -> None:
    got = _rows("Resistance fighters seized the town of Lashio in March 2022, a year after the "
                "junta ousted the elected government.", "2023-11-08")
    assert [r[2:] for r in got if r[0] == "Lashio"] == [("2022-03-01", "month")], got


def test_a_weekday_and_its_date_are_one_day_to_carry() -> None:
    # "on Monday (Nov 6)" is one day, not two: the next sentence's change keeps it
    got = _rows("Resistance fighters seized a district capital on Monday (Nov 6), local media "
                "said. The town of Lashio is the first capital seized by the militias.",
                "2023-11-08")
    assert [r[2:] for r in got if r[0] == "Lashio"] == [("2023-11-06", "day")], got


def _changes(text: str, date: str) -> list[tuple[str, str, str, str]]:
    ev = geomap.extract(text, date=date)
    return sorted((r.place, r.actor, r.event_date, r.date_precision) for r in ev.itertuples()
                  if r.kind in ("control_change", "claimed_control"))


def test_an_undated_lead_is_dated_by_the_story_after_it() -> None:
    got = _changes("The army says it has retaken the lakeside town of Uvira from M23 rebels. "
                "Soldiers were seen in the port. Officials announced the town's full recapture "
                "on Monday.", "2026-01-21")  # a Wednesday
    assert [r[2:] for r in got if r[0] == "Uvira"] == [("2026-01-19", "day")], got


def test_the_losers_own_earlier_taking_does_not_date_the_lead() -> None:
    got = _changes("The army says it has retaken the lakeside town of Uvira from M23 rebels. "
                "M23 seized Uvira on Saturday after a short battle.", "2026-01-21")
    assert ("Uvira", "FARDC", "2026-01-21", "day") in got, got
