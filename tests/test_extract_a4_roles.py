"""Roles: the side expelled by "force/drive ... out" is no taker; "a Y-led coalition" acts for
Y; a member named with "including" is on the taking side, not the loser. Own sentences."""

from __future__ import annotations

import pytest

from geomap.extract import extract


def _change(text: str, place: str) -> tuple[str, str]:
    ev = extract(text)
    rows = ev[(ev.place == place) & ev.kind.isin(["control_change", "claimed_control"])]
    assert len(rows), ev[["kind", "place", "actor"]]
    return rows.iloc[0].actor, rows.iloc[0].previous_actor


@pytest.mark.parametrize("verb", ["force", "drive", "push", "chase"])
def test_side_forced_out_is_the_loser(verb: str) -> None:
    text = (f"date 2015-02-01\nAfter weeks of fighting, Kurdish forces managed to {verb} IS "
            f"militants out and take control of Kobani on Monday.")
    assert _change(text, "Kobani") == ("SDF", "ISIS")


@pytest.mark.parametrize("led", ["a MNDAA-led coalition", "an MNDAA-led alliance",
                                 "the MNDAA-led forces"])
def test_led_by_a_named_side_acts_for_it(led: str) -> None:
    text = f"date 2025-04-23\nLashio fell to {led} in August 2024."
    assert _change(text, "Lashio")[0] == "MNDAA"


def test_member_named_with_including_is_not_the_loser() -> None:
    text = ("date 2025-04-23\nLashio fell to a MNDAA-led coalition, including the People's "
            "Defense Forces (PDF), in August 2024.")
    assert _change(text, "Lashio") == ("MNDAA", "JUNTA")
