"""Dates, a6: a change told in an "after taking X" participle came before its sentence's event.

Sentences written for these tests (invented wording).
"""

from __future__ import annotations

import geomap


def _kidal(text: str) -> list[tuple[str, str]]:
    ev = geomap.extract(text, date="2024-05-10")  # a Friday
    return [(r.event_date, r.date_precision) for r in ev.itertuples()
            if r.kind == "control_change" and r.place == "Kidal"]


def test_an_undated_after_participle_is_on_or_before_the_report() -> None:
    assert _kidal("After capturing Kidal, the separatists pushed south towards Gao.") == \
        [("2024-05-10", "before")]


def test_the_main_clauses_day_bounds_the_participle() -> None:
    assert _kidal("The separatists pushed south on Thursday after seizing Kidal.") == \
        [("2024-05-09", "before")]


def test_a_participle_with_its_own_date_keeps_it() -> None:
    assert _kidal("After capturing Kidal on Monday, the separatists pushed south.") == \
        [("2024-05-06", "day")]


def test_a_counted_interval_before_after_is_not_read_as_a_bare_participle() -> None:
    # "a day after wresting X": the count dates it (a day before the sentence's event)
    got = _kidal("The separatists reached Gao on Thursday, a day after wresting Kidal.")
    assert got == [("2024-05-08", "day")], got


def test_a_multiword_participle_is_read_as_one() -> None:
    assert _kidal("After taking control of Kidal, the separatists pushed south.") == \
        [("2024-05-10", "before")]


def test_an_after_clause_with_its_own_subject_came_before_the_main_event() -> None:
    assert _kidal("The army fled Gao on Monday after Tuareg rebels took Kidal.") == \
        [("2024-05-06", "before")]


def test_an_after_clause_is_as_coarse_as_the_main_date() -> None:
    assert _kidal("In March 2023, the rebels marched on Gao after the army withdrew from "
                  "Kidal.") == [("2023-03-01", "month")]


def test_hours_after_keeps_the_day() -> None:
    got = _kidal("The army says it has regained Gao, hours after Tuareg rebels had seized "
                 "Kidal.")
    assert [p for _d, p in got] != ["before"], got


def test_the_main_event_does_not_take_the_after_clauses_date() -> None:
    ev = geomap.extract("The capture of Gao by Tuareg rebels comes after they took Kidal on "
                        "Monday.", date="2024-05-10")
    got = {r.place: r.event_date for r in ev.itertuples() if r.kind == "control_change"}
    assert got.get("Kidal") == "2024-05-06", got
    assert got.get("Gao") != "2024-05-06", got


def test_a_long_opening_phrase_is_no_after_clause() -> None:
    # "After weeks of fighting, X took Y": the main clause, not an earlier event
    assert _kidal("After weeks of heavy fighting, Tuareg rebels took Kidal on Monday.") == \
        [("2024-05-06", "day")]
