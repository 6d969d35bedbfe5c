"""A place named in one sentence and taken, as "it" or "the town", in the next.

Sentences written for these tests (invented wording).
"""

from __future__ import annotations

import geomap


def _changes(text: str, date: str = "2019-06-27") -> list[tuple[str, str]]:
    ev = geomap.extract(text, date=date)
    return [(r.place, r.actor) for r in ev.itertuples() if r.kind == "control_change"]


def test_a_pronoun_object_takes_the_town_named_before() -> None:
    assert _changes("Houthi fighters reached Mokha at dawn. By noon they had seized it.",
                    "2017-01-20") == [("Mokha", "HOUTHI")]
    assert _changes("Houthi fighters reached Mokha at dawn. By noon they held the town and had "
                    "overrun the port.", "2017-01-20") == [("Mokha", "HOUTHI")]


def test_two_towns_before_the_pronoun_leave_it_unresolved() -> None:
    assert _changes("Houthi fighters shelled Mokha and Zabid. Later they seized the town.",
                    "2017-01-20") == []


def test_a_pronoun_in_a_time_clause_is_background_without_a_date() -> None:
    got = _changes("Government troops retook Mokha on Sunday, a year after Houthi fighters "
                   "seized it.", "2017-01-23")
    assert got == [("Mokha", "YEMENI_GOV")]
