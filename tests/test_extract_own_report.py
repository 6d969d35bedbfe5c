"""A side's own report of its gain is a claim unless the document corroborates it.

Sentences written for these tests (wording invented; real town names so that they geocode).
"""

from __future__ import annotations

from typing import Any

import pytest

import geomap


def _events(text: str, place: str, date: str = "2021-03-10") -> list[tuple[str, Any, str]]:
    ev = geomap.extract(text, date=date)
    return sorted((r.kind, r.confirmed, r.actor) for r in ev.itertuples()
                  if r.place == place and r.kind in ("control_change", "claimed_control"))


@pytest.mark.parametrize("text", [
    "Houthi spokesmen declared on Monday that their fighters had overrun Mokha.",
    "The Houthis said on Monday they had overrun Mokha after a night of clashes.",
    "Houthi fighters overran Mokha early on Monday, the Houthi movement announced.",
    "\u201cHouthi units captured Mokha at dawn,\u201d a spokesman for the movement said.",
])
def test_the_gaining_sides_own_report_is_a_claim(text: str) -> None:
    assert _events(text, "Mokha") == [("claimed_control", False, "HOUTHI")]


@pytest.mark.parametrize("text", [
    "Houthi fighters overran Mokha early on Monday, residents said.",
    "Witnesses said Houthi fighters had overrun Mokha on Monday.",
    "The Yemeni government said Houthi fighters had overrun Mokha on Monday.",
])
def test_narration_witnesses_and_the_losing_side_confirm(text: str) -> None:
    assert _events(text, "Mokha") == [("control_change", True, "HOUTHI")]


@pytest.mark.parametrize("after", [
    "Yemeni government commanders later acknowledged their withdrawal from the port.",
    "Houthi fighters overran Mokha after a night of clashes, and looting followed.",
])
def test_a_corroborated_report_is_one_confirmed_change(after: str) -> None:
    text = f"The Houthis said on Monday they had overrun Mokha. {after}"
    assert _events(text, "Mokha") == [("control_change", True, "HOUTHI")]


def test_an_admission_by_the_claimant_itself_corroborates_nothing() -> None:
    text = ("The Houthis said on Monday they had overrun Mokha. A Houthi commander confirmed "
            "that his men had taken the port.")
    assert {k for k, _c, _a in _events(text, "Mokha")} == {"claimed_control"}


def test_troops_entering_as_fact_and_the_side_saying_it_holds_is_a_change() -> None:
    text = ("Houthi fighters entered Mokha on Monday, and their commander said the port was "
            "under their control.")
    assert _events(text, "Mokha") == [("control_change", True, "HOUTHI")]


def test_a_withdrawal_told_by_the_side_that_left_is_confirmed() -> None:
    text = ("The Yemeni government said on Monday its troops had pulled out of Mokha as "
            "Houthi fighters advanced.")
    assert [(k, c) for k, c, _a in _events(text, "Mokha")] == [("control_change", True)]


def test_a_quote_after_the_claim_is_the_same_claim_not_a_second_event() -> None:
    text = ("The Houthis said on Monday they had overrun Mokha. \u201cMokha was taken by our "
            "fighters on Monday,\u201d Abdullah Saleh told reporters.")
    assert _events(text, "Mokha") == [("claimed_control", False, "HOUTHI")]
