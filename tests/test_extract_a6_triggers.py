"""Triggers, a6: "won back" is a taking; "conceded/ceding X" gives X up.

Sentences written for these tests (invented wording).
"""

from __future__ import annotations

import geomap


def _kidal(text: str) -> list[tuple[str, str]]:
    ev = geomap.extract(text, date="2024-05-10")
    return [(r.kind, r.actor) for r in ev.itertuples() if r.place == "Kidal"]


def test_won_back_is_a_taking() -> None:
    assert _kidal("Malian troops won back Kidal on Friday.") == [("control_change", "FAMA")]


def test_conceding_a_town_to_a_side_gives_it_that_side() -> None:
    assert _kidal("The separatists conceded Kidal to the Malian army on Friday.") == \
        [("control_change", "FAMA")]


def test_ceding_a_town_gives_it_to_the_side_named_after_it() -> None:
    assert _kidal("Mali ceding Kidal to the separatists angered many.") == \
        [("control_change", "MNLA")]


def test_conceding_defeat_gives_nothing_up() -> None:
    assert _kidal("The separatists conceded defeat in Kidal on Friday.") == [("mention", "")]
