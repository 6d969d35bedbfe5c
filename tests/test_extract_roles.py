"""Roles and actor hygiene: who holds or took a place, never a pronoun phrase or a fragment.

Sentences written for these tests (invented wording).
"""

from __future__ import annotations

import geomap


def _by_place(text: str, date: str = "2019-06-27") -> dict[str, tuple[str, str]]:
    ev = geomap.extract(text, date=date)
    return {r.place: (r.kind, r.actor) for r in ev.itertuples()}


def test_first_person_holder_in_a_quote_is_the_speaker() -> None:
    got = _by_place("\u201cZawiya is now under our complete control,\u201d a commander of the "
                    "GNA forces told reporters on Wednesday.")
    assert got["Zawiya"][1] == "GNA", got


def test_third_person_holder_is_the_actor_named_before() -> None:
    got = _by_place("The LNA entered Brega at dawn and the port was by noon under its full "
                    "control.")
    assert got["Brega"][1] == "LNA", got


def test_no_group_name_runs_over_a_full_stop() -> None:
    ev = geomap.extract("Houthi fighters entered Mokha. Soldiers loyal to the government "
                        "withdrew from the port.", date="2017-01-20")
    for r in ev.itertuples():
        assert ". " not in r.actor and ". " not in r.previous_actor, r


def test_the_army_is_the_state_side_of_the_documents_country() -> None:
    got = _by_place("Local radio said on Friday that the army took control of the town of "
                    "Menaka.", "2023-11-20")
    assert got["Menaka"] == ("control_change", "FAMA"), got


def test_a_hyphenated_recapture_is_a_capture() -> None:
    got = _by_place("Iraqi troops re-captured Baiji from the militants on Monday.", "2015-10-20")
    assert got["Baiji"] == ("control_change", "IRAQI_GOV"), got


def test_a_withdrawal_as_common_noun_rebels_advance_goes_to_the_one_opponent() -> None:
    got = _by_place("Sudanese troops withdrew from Kosti as rebels advanced.", "2023-06-12")
    assert got["Kosti"] == ("control_change", "RSF"), got


def test_the_subject_of_an_ousted_from_apposition_is_the_loser() -> None:
    ev = geomap.extract("The Taliban, driven out of Ghazni in 2018, came back this summer.",
                        date="2021-08-09")
    (row,) = [r for r in ev.itertuples() if r.place == "Ghazni" and r.kind == "control_change"]
    assert (row.actor, row.previous_actor, row.date_precision) == (
        "AFGHAN_GOV", "TALIBAN", "year")


def test_a_place_that_fell_with_no_taker_named_goes_to_the_acting_side() -> None:
    got = _by_place("Houthi fighters pushed on all week. Mokha fell on Tuesday.", "2017-01-26")
    assert got["Mokha"] == ("control_change", "HOUTHI"), got
    # something else that fell in a place: no change
    got = _by_place("Houthi fighters pushed on all week. The death toll in Mokha fell on "
                    "Tuesday.", "2017-01-26")
    assert got["Mokha"][0] != "control_change", got
    # nobody acting anywhere: no taker, no change
    got = _by_place("Mokha fell on Tuesday.", "2017-01-26")
    assert got.get("Mokha", ("mention", ""))[0] != "control_change", got
