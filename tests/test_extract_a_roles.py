"""Roles of control changes whose taker is not named (part A of #17).

Sentences written for these tests (invented wording).
"""

from __future__ import annotations

import geomap


def _by_place(text: str, date: str = "2023-03-15") -> dict[str, tuple[str, str]]:
    ev = geomap.extract(text, date=date)
    got: dict[str, tuple[str, str]] = {}
    for r in ev.itertuples():
        if r.kind != "mention":
            got.setdefault(r.place, (r.kind, r.actor))
    return got


def test_a_capture_with_only_the_loser_named_goes_to_its_one_opponent() -> None:
    got = _by_place("Officials praised the capture of Izium on Tuesday, hours after the "
                    "Russian command admitted its units withdrew from the town.")
    assert got["Izium"] == ("control_change", "UA"), got


def test_units_entering_a_town_the_other_side_had_taken_is_their_capture() -> None:
    got = _by_place("Officials in Ukraine reported that special units have entered Izium, a "
                    "town Russian forces had seized in May. Crowds cheered the Russian "
                    "pullback.")
    assert got["Izium"] == ("control_change", "UA"), got


def test_a_speaker_is_no_evidence_of_who_lost_the_place() -> None:
    # the only side named speaks: nobody is named as taking or losing the town
    got = _by_place("\u201cLyman has been liberated,\u201d a Russian commander said on "
                    "Tuesday.")
    assert got.get("Lyman", ("mention", ""))[1] != "UA", got


def test_a_side_named_before_the_verb_is_no_loser() -> None:
    # "and Ukrainian units" is part of the subject: no flip to the opponent
    got = _by_place("Volunteer battalions and Ukrainian units have recaptured Kupiansk.")
    assert got["Kupiansk"][1] != "RU", got
