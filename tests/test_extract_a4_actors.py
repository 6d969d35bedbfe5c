"""Junk actors: means of war, crowds and bare nouns are nobody; an army's numbered or branch
formation acts for that army. Sentences in our own words; the real paragraphs are read at
test time only (tests/test_extract_actors_real.py) to check that no such actor reaches a map."""

from __future__ import annotations

import pytest

from geomap.extract import extract

#: Phrases that must never be an event's actor: weapons, crowds, a bare noun, an army's unit
#: as written.
JUNK = {"rockets and shells", "warplanes", "drones", "protesters", "demonstrators", "forces",
        "troops", "infantry division", "armored brigade", "mechanized brigade",
        "marine brigade", "artillery regiment"}


def _actors(text: str) -> list[tuple[str, str, str]]:
    ev = extract(text)
    return [(r.place, r.actor, r.previous_actor) for r in ev.itertuples()]


@pytest.mark.parametrize("sentence", [
    "date 2023-03-02\nMissiles and drones hammered the town of Kramatorsk overnight, officials "
    "said.",
    "date 2023-03-02\nWarplanes struck Idlib on Tuesday, according to local medics.",
    "date 2023-03-02\nRockets and mortar shells rained down on Marib through the night.",
    "date 2023-03-02\nDemonstrators stormed a police station in Goma on Monday.",
    "date 2023-03-02\nProtesters occupied the central square of Mandalay for a day.",
])
def test_means_and_crowds_are_no_actor(sentence: str) -> None:
    for _place, actor, previous in _actors(sentence):
        for who in (actor, previous):
            assert who.lower() not in JUNK, (sentence, who)


def test_bare_forces_name_no_side() -> None:
    text = ("date 2016-05-02\nForces led by local commanders and backed by foreign air power "
            "captured Sirte on Sunday.")
    for _place, actor, _previous in _actors(text):
        assert actor.lower() not in JUNK, actor


@pytest.mark.parametrize(("text", "army"), [
    # a numbered formation of the state's army holding a site: the army loses it
    ("date 2023-11-02\nThe Rapid Support Forces said they captured the headquarters of the "
     "22nd Infantry Division in Babanusa on Thursday.", "SAF"),
    # a branch formation with its number, acting as the subject
    ("date 2024-03-05\nSoldiers of the 12th Armored Brigade recaptured the town of "
     "Kupiansk on Tuesday.", "UA"),
])
def test_army_unit_acts_for_its_army(text: str, army: str) -> None:
    rows = _actors(text)
    assert rows, text
    sides = {who for _p, actor, previous in rows for who in (actor, previous)}
    assert army in sides, rows
    assert not any("Division" in s or "Brigade" in s for s in sides), rows


def test_unit_of_the_state_named_before_its_number() -> None:
    text = ("date 2024-03-05\nRussia's 58th Mechanized Brigade took the town of Kupiansk "
            "on Tuesday, Ukrainian officials said.")
    rows = [r for r in _actors(text) if r[0] == "Kupiansk"]
    assert rows and rows[0][1] == "RU", rows


def test_a_named_brigade_is_not_a_unit_of_the_army() -> None:
    # a force whose name carries 'Brigades' but no branch word or number stays itself
    from geomap.extract.actors_text import _is_army_unit
    assert not _is_army_unit("the Giants Brigades took", 4, "Giants Brigades")
    assert not _is_army_unit("the Azov Battalion held", 4, "Azov Battalion")
    assert _is_army_unit("the 16th Infantry Division", 9, "Infantry Division")
    assert _is_army_unit("the 93rd Special Brigade", 9, "Special Brigade")



@pytest.mark.parametrize("text", [
    "date 2024-01-10\nThe loss of Pokrovsk would be a heavy blow to the defenders, analysts "
    "said.",
    "date 2024-01-10\nThe fall of Marib would hand the Houthis their biggest prize in years.",
    "date 2024-01-10\nObservers warn that the capture of Kherson by Russian forces could open "
    "the road west.",
    "date 2024-01-10\nOfficials said losing Avdiivka would be a serious setback.",
    "date 2024-01-10\nIf Bakhmut falls, the next line of defence lies further west.",
    "date 2024-01-10\nShould Goma fall to the rebels, the province would be cut in two.",
])
def test_weighed_outcome_is_no_change(text: str) -> None:
    kinds = set(extract(text).kind)
    assert not kinds & {"control_change", "claimed_control"}, (text, kinds)


@pytest.mark.parametrize("text", [
    # the same nouns telling what happened stay changes
    "date 2024-01-10\nThe fall of Goma to the rebels last week could force thousands to flee.",
    "date 2024-01-10\nThe capture of Kherson by Russian forces was confirmed on Friday.",
])
def test_a_told_change_with_a_weighed_consequence_stays(text: str) -> None:
    assert "control_change" in set(extract(text).kind), text


def test_weighing_a_claimed_taking_keeps_it_a_claim() -> None:
    text = ("date 2024-01-10\nThe rebels claimed on Monday that they had captured the army "
            "base near Lashio. The fall of Lashio would be the worst defeat of the army this "
            "year.")
    ev = extract(text)
    lashio = ev[ev.place == "Lashio"]
    assert "control_change" not in set(lashio.kind), lashio[["kind", "actor"]]


@pytest.mark.parametrize(("text", "place", "taker"), [
    # two nations' demonyms before one noun: one side acting, the country's own army first
    ("date 2021-08-08\nRwandan and Mozambican troops have recaptured the town of Mocimboa da "
     "Praia on Sunday.", "Mocimboa da Praia", "FADM"),
    ("date 2021-08-08\nMozambican security forces retook the town of Mocimboa da Praia on "
     "Sunday.", "Mocimboa da Praia", "FADM"),
    # the side a retaking is a success for, with its size written before it
    ("date 2021-08-09\nThe recapture of Mocimboa da Praia marks a clear success for the "
     "2,000-strong Rwandan force sent in July.", "Mocimboa da Praia", "RWANDA"),
])
def test_joined_demonyms_and_sized_forces(text: str, place: str, taker: str) -> None:
    rows = [r for r in _actors(text) if r[0] == place]
    assert rows and rows[0][1] == taker, rows


def test_joined_demonyms_as_the_losing_side() -> None:
    text = ("date 2021-08-08\nInsurgents took Mocimboa da Praia from Rwandan and Mozambican "
            "troops on Sunday.")
    rows = [r for r in _actors(text) if r[0] == "Mocimboa da Praia"]
    assert rows and rows[0][2] == "FADM", rows


def test_islamist_rebels_in_somalia_are_al_shabaab() -> None:
    text = ("date 2011-08-06\nIslamist rebel fighters pulled out of the town of Baidoa "
            "overnight, officials said.")
    rows = [r for r in _actors(text) if r[0] == "Baidoa"]
    assert rows and rows[0][2] == "SHABAAB", rows
