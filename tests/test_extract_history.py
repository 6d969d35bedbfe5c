"""History inside a report: an earlier change told in an aside after the place ("X, which Y
captured in 2014", "X, seized by Y in June", "until it fell to Y in October") is a change of
its own, dated with the text's precision; the report's own event keeps its own date.

Sentences written for these tests (invented wording).
"""

from __future__ import annotations

import geomap


def _changes(text: str, date: str) -> set[tuple[str, str, str, str, str]]:
    ev = geomap.extract(text, date=date)
    return {(r.kind, r.place, r.event_date, r.date_precision, r.actor) for r in ev.itertuples()
            if r.kind in ("control_change", "claimed_control", "contested")}


def test_which_side_captured_in_a_year() -> None:
    got = _changes("Ukrainian drones struck Horlivka, which Russia seized in 2014.", "2024-03-10")
    assert ("control_change", "Horlivka", "2014-01-01", "year", "RU") in got, got
    # the strike is today's news, not 2014's
    assert ("contested", "Horlivka", "2024-03-10", "day", "UA") in got, got


def test_which_side_captured_in_a_month_before_the_main_verb() -> None:
    got = _changes("Horlivka, which Russia seized in May 2014, was shelled on Friday.",
                   "2024-03-10")  # a Sunday
    assert ("control_change", "Horlivka", "2014-05-01", "month", "RU") in got, got
    assert not any(k == "contested" and d.startswith("2014") for k, _p, d, *_ in got), got


def test_participle_seized_by_side() -> None:
    got = _changes("Drones hit Marinka, seized by Russian forces in 2022, on Saturday.",
                   "2024-03-10")
    assert ("control_change", "Marinka", "2022-01-01", "year", "RU") in got, got


def test_until_it_fell_to_side_in_a_month() -> None:
    got = _changes("Shelling hit Avdiivka, which had been a Ukrainian stronghold until it fell "
                   "to Russian forces in February.", "2024-03-10")
    assert ("control_change", "Avdiivka", "2024-02-01", "month", "RU") in got, got


def test_appositive_then_that_clause_belongs_to_the_first_place() -> None:
    got = _changes("Government troops retook Mokha, a fishing port west of the city of Taiz, "
                   "that had been seized by Houthi rebels in March 2015.", "2017-02-10")
    assert ("control_change", "Mokha", "2015-03-01", "month", "HOUTHI") in got, got
    assert not any(p == "Taiz" for _k, p, *_ in got), got
    # the retaking is the report's news
    assert ("control_change", "Mokha", "2017-02-10", "day", "YEMENI_GOV") in got, got


def test_negated_or_undated_aside_adds_nothing() -> None:
    got = _changes("Drones hit Marinka, which Russia has never captured in 2022.", "2024-03-10")
    assert not any(k == "control_change" for k, *_ in got), got
    got = _changes("Ukrainian drones struck Horlivka, which Russia seized long ago.",
                   "2024-03-10")
    assert not any(k == "control_change" for k, *_ in got), got


def test_aside_without_a_named_side_adds_nothing() -> None:
    got = _changes("Ukrainian drones struck Horlivka, which was seized in 2014.", "2024-03-10")
    assert not any(k == "control_change" for k, *_ in got), got


def test_another_place_in_the_aside_takes_its_change() -> None:
    got = _changes("Ukrainian drones struck Horlivka, officials said that Russia seized "
                   "Marinka in 2022.", "2024-03-10")
    assert ("control_change", "Horlivka", "2022-01-01", "year", "RU") not in got, got


def test_until_a_year_when_a_side_regained_control() -> None:
    got = _changes("Taiz stayed the main base of the militants until 2012, when the Yemeni "
                   "army retook the town after weeks of shelling.", "2019-06-02")
    assert ("control_change", "Taiz", "2012-01-01", "year", "YEMENI_GOV") in got, got


def test_until_when_needs_the_place_as_subject_and_no_other_place_between() -> None:
    # the clause is about Jaar, not about Taiz
    got = _changes("Taiz lies south of Marib, a market town held by the militants until "
                   "2012, when the Yemeni army retook the town.", "2019-06-02")
    assert not any(p == "Taiz" and d == "2012-01-01" for _, p, d, _, _ in got), got
    # an aim is no taking
    got = _changes("Taiz stayed the main base of the militants until 2012, when the "
                   "Yemeni army vowed to retake the town.", "2019-06-02")
    assert not any(d == "2012-01-01" for _, _, d, _, _ in got), got
