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
