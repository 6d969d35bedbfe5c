"""State sentences: who holds a place (kind ``held``), and the capture a "since" dates.

Sentences written for these tests (invented wording).
"""

from __future__ import annotations

import pytest

import geomap


def _rows(text: str, date: str) -> list[tuple[str, str, str, str, str]]:
    ev = geomap.extract(text, date=date)
    return [(r.place, r.kind, r.actor, r.event_date, r.date_precision) for r in ev.itertuples()]


@pytest.mark.parametrize(("text", "place", "actor"), [
    ("Zawiya remains in GNA hands, officials said.", "Zawiya", "GNA"),
    ("Dessie is in the hands of Tigrayan forces, witnesses say.", "Dessie", "TDF"),
    ("Kherson is now entirely in Russian hands, residents said.", "Kherson", "RU"),
    ("Zawiya, held by the LNA, was quiet.", "Zawiya", "LNA"),
])
def test_who_holds_a_place_is_a_held_event(text: str, place: str, actor: str) -> None:
    rows = [r for r in _rows(text, "2021-06-10") if r[0] == place]
    assert rows and rows[0][1:3] == ("held", actor), rows


def test_held_since_a_date_is_also_the_capture_at_that_date() -> None:
    rows = _rows("Houthi fighters have controlled Mokha since 2015, a local official said.",
                 "2017-01-20")
    assert ("Mokha", "held", "HOUTHI", "2017-01-20", "day") in rows, rows
    assert ("Mokha", "control_change", "HOUTHI", "2015-01-01", "year") in rows, rows


def test_a_held_report_with_no_holder_named_is_a_mention() -> None:
    rows = _rows("Mokha remained in the hands of its residents.", "2017-01-20")
    assert all(kind != "held" or actor for _p, kind, actor, _d, _pr in rows), rows
