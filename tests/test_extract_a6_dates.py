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
