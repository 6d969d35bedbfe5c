"""Movement then holding: entering a place is a capture when the text then says it is held.

Sentences written for these tests (invented wording).
"""

from __future__ import annotations

import pytest

import geomap


def _kind(text: str, place: str, date: str = "2022-11-12") -> tuple[str, str]:
    ev = geomap.extract(text, date=date)
    rows = [(r.kind, r.actor) for r in ev.itertuples() if r.place == place]
    assert rows, list(ev.place)
    return rows[0]


@pytest.mark.parametrize("text", [
    "Ukrainian troops entered Snihurivka on Friday. Crowds cheered the Russian withdrawal.",
    "Ukrainian troops entered Snihurivka on Friday and raised the national flag over the "
    "council building.",
    "Ukrainian troops entered Snihurivka on Friday after a push that forced Russian units to "
    "withdraw.",
])
def test_entering_then_the_other_side_gone_is_a_capture(text: str) -> None:
    assert _kind(text, "Snihurivka") == ("control_change", "UA")


def test_entering_alone_is_fighting_inside() -> None:
    assert _kind("Ukrainian troops entered Snihurivka on Friday. Heavy fighting went on.",
                 "Snihurivka")[0] == "contested"


def test_entering_then_leaving_again_is_no_capture() -> None:
    text = ("Ukrainian troops entered Snihurivka on Friday. But they withdrew hours later under "
            "shelling.")
    assert _kind(text, "Snihurivka")[0] != "control_change"
