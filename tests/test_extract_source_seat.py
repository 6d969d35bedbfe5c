"""A place that is where a statement comes from is not where the change happened (own words)."""

from __future__ import annotations

import pytest

import geomap

_DATELINE = "date 2023-08-29\n\n"


def _changes(text: str) -> dict[str, str]:
    events = geomap.extract(_DATELINE + text, source="own-words")
    return {str(r.place): str(r.kind) for r in events.itertuples()}


@pytest.mark.parametrize("text", [
    "Government troops retook Kupiansk on Monday, according to the defence ministry in Odesa.",
    "Government troops retook Kupiansk on Monday, according to officials in Odesa.",
    "The army retook Kupiansk on Monday, the general staff in Odesa said.",
])
def test_the_seat_of_a_source_is_no_place_of_change(text: str) -> None:
    kinds = _changes(text)
    assert kinds.get("Odesa") == "mention"


def test_a_capital_opening_its_sentence_as_speaker_is_no_held_place() -> None:
    kinds = _changes("Kyiv said its units still held the town of Kupiansk after the assault.")
    assert kinds.get("Kyiv") == "mention"
    assert kinds.get("Kupiansk") == "held"


def test_a_place_the_verb_takes_stays_a_change() -> None:
    # the same words around a place that is the object: still the change
    kinds = _changes("Officials said government troops had retaken Kupiansk and Odesa.")
    assert kinds.get("Kupiansk") in ("control_change", "claimed_control")
    assert kinds.get("Odesa") in ("control_change", "claimed_control")
