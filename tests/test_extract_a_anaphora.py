"""A town named before and then the subject of its change ("the town fell", "it was retaken").

Sentences written for these tests (invented wording).
"""

from __future__ import annotations

import geomap


def _changes(text: str, date: str = "2017-01-20") -> list[tuple[str, str]]:
    ev = geomap.extract(text, date=date)
    return [(r.place, r.actor) for r in ev.itertuples() if r.kind == "control_change"]


def test_the_town_fell_refers_to_the_town_named_before() -> None:
    got = _changes("Houthi fighters advanced on Mokha all week. Witnesses said on Friday "
                   "that the town fell to the Houthis after a short battle.")
    assert got == [("Mokha", "HOUTHI")], got


def test_a_passive_pronoun_subject_refers_to_the_town_named_before() -> None:
    got = _changes("Fighting around Zabid lasted a month. On Sunday it was retaken by "
                   "government forces.")
    assert got == [("Zabid", "YEMENI_GOV")], got


def test_an_active_definite_noun_is_no_passive_subject() -> None:
    # "the town captured" (a reduced clause) is not "the town was captured"
    got = _changes("Houthi fighters shelled Zabid. Officials in the town captured on video "
                   "the damage.")
    assert got == [], got


def test_a_place_naming_a_government_is_no_antecedent() -> None:
    got = _changes("Clan leaders broke with the Sanaa government in 2015. The following year "
                   "it was captured by Houthi fighters.", "2017-01-20")
    assert ("Sanaa", "HOUTHI") not in got, got


def test_a_subject_pronoun_in_a_time_clause_is_background() -> None:
    got = _changes("Government troops entered Mokha on Sunday, a year after it was seized "
                   "by Houthi fighters.")
    assert ("Mokha", "HOUTHI") not in got, got
