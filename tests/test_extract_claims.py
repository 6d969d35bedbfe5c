"""Claims flagged after the report: a later sentence of the paragraph withholds confirmation.

Sentences written for these tests (invented towns and wording).
"""

from __future__ import annotations

from typing import Any

import pytest

import geomap


def _kinds(text: str, place: str, date: str = "2021-03-10") -> list[tuple[str, Any]]:
    ev = geomap.extract(text, date=date)
    return [(r.kind, r.confirmed) for r in ev.itertuples() if r.place == place]


@pytest.mark.parametrize("flag", [
    "Nobody outside the group could independently verify the account.",
    "There was no independent confirmation.",
    "If confirmed, it would be the largest gain of the year.",
    "The defence ministry rejected the claim as invented.",
])
def test_a_later_sentence_that_withholds_confirmation_makes_a_claim(flag: str) -> None:
    text = f"Houthi fighters took Mokha on Sunday. {flag}"
    assert _kinds(text, "Mokha") == [("claimed_control", False)]


def test_an_unrelated_later_sentence_leaves_the_change_confirmed() -> None:
    text = "Houthi fighters took Mokha on Sunday. Aid agencies asked for a truce."
    assert _kinds(text, "Mokha") == [("control_change", True)]


def test_a_flag_in_the_next_paragraph_does_not_reach_back() -> None:
    text = ("Houthi fighters took Mokha on Sunday.\n\nMeanwhile in the north, a report about "
            "another town could not be verified.")
    assert _kinds(text, "Mokha") == [("control_change", True)]


_OWN_CLAIM = "Ukraine's army said on Tuesday that its forces had retaken Kupiansk."


@pytest.mark.parametrize(("after", "expected"), [
    # the other side's leaving, told as the text's own fact right after the claim
    ("Shopkeepers came out to cheer Russia's withdrawal, the second in a month.",
     [("control_change", True)]),
    ("Shopkeepers came out to cheer Russia's hasty pull-out.",
     [("control_change", True)]),
    # nothing about the other side leaving: the claim stays a claim
    ("Shopkeepers came out to cheer the soldiers.", [("claimed_control", False)]),
    # a leaving from another named place corroborates nothing here
    ("Last spring crowds had cheered Russia's withdrawal from Izium.",
     [("claimed_control", False)]),
    # a leaving only somebody speaks of is no fact of the text
    ("A spokesman said Russia's withdrawal was complete.", [("claimed_control", False)]),
])
def test_the_other_sides_narrated_withdrawal_confirms_a_claim(
        after: str, expected: list[tuple[str, Any]]) -> None:
    assert _kinds(f"{_OWN_CLAIM} {after}", "Kupiansk", "2022-11-15") == expected
