"""Round 5: the noun of establishing control ("announced the establishment of its control
over X") is the verb's act: a claim by the side announcing it. Sentences in our own words."""

from __future__ import annotations

from geomap.extract import extract


def test_establishment_of_control_is_a_claimed_change() -> None:
    ev = extract("date 2020-10-20\nOn Monday Azerbaijan announced the establishment of its "
                 "control over Jabrayil.")
    rows = [(r.kind, r.place, r.actor) for r in ev.itertuples() if r.place == "Jabrayil"]
    assert rows == [("claimed_control", "Jabrayil", "AZ")], rows


def test_establishment_of_a_base_is_no_change() -> None:
    ev = extract("date 2020-10-20\nOn Monday Azerbaijan announced the establishment of a "
                 "new base near Jabrayil.")
    assert not [r for r in ev.itertuples()
                if r.kind in ("control_change", "claimed_control")], ev


def test_dash_before_a_list_of_names_keeps_the_clause() -> None:
    ev = extract("date 2020-10-20\nOn Monday Azerbaijan announced the establishment of its "
                 "control over 70 villages, among them two district towns – Jabrayil and "
                 "Hadrut.")
    rows = sorted((r.place, r.kind) for r in ev.itertuples()
                  if r.place in ("Jabrayil", "Hadrut"))
    assert rows == [("Hadrut", "claimed_control"), ("Jabrayil", "claimed_control")], rows


def test_dash_before_a_new_clause_still_splits() -> None:
    # the dash opens a clause of its own, whose town the army did not take
    ev = extract("date 2020-10-20\nAzerbaijani troops retook Jabrayil on Monday – Fizuli, "
                 "the next town, was quiet.")
    rows = [(r.place, r.kind) for r in ev.itertuples() if r.place == "Fizuli"]
    assert rows == [("Fizuli", "mention")], rows
