"""A place's own change told in a relative clause in the passive, the side a place is handed
to, and the occupier a place is freed from. Sentences in our own words."""

from __future__ import annotations

import pytest

from geomap.extract import extract


def _changes(text: str) -> list[tuple[str, str, str, str]]:
    ev = extract(text)
    ev = ev[ev.kind.isin(["control_change", "claimed_control"])]
    return [(r.place, r.actor, r.previous_actor, str(r.event_date)[:7])
            for r in ev.itertuples()]


@pytest.mark.parametrize(("text", "want"), [
    ("date 2022-11-20\nThe minister flew to the town of Kherson, which was captured by "
     "Russian forces in March.", ("Kherson", "RU", "2022-03")),
    ("date 2020-11-20\nReporters were taken to Shusha, which was liberated from Armenian "
     "forces on November 8.", ("Shusha", "AZ", "2020-11")),
    ("date 2025-10-02\nThe trade route runs north to Lashio, which was handed back to the "
     "junta by the MNDAA in April.", ("Lashio", "JUNTA", "2025-04")),
])
def test_passive_relative_tells_the_place_change(text: str, want: tuple[str, str, str]) -> None:
    got = [(p, a, d) for p, a, _prev, d in _changes(text)]
    assert want in got, got


def test_relative_clause_of_fighting_is_no_change() -> None:
    text = ("date 2022-11-20\nThe minister flew to Kherson, which was shelled by Russian "
            "forces in March.")
    assert not _changes(text)


@pytest.mark.parametrize("text", [
    "date 2025-04-23\nLashio was handed over to the junta by the MNDAA on Tuesday.",
    "date 2025-04-23\nThe MNDAA handed over Lashio to the junta on Tuesday.",
])
def test_handed_to_a_side_passes_to_it(text: str) -> None:
    got = _changes(text)
    assert got and got[0][:3] == ("Lashio", "JUNTA", "MNDAA"), got


@pytest.mark.parametrize("text", [
    "date 2022-11-12\nKherson was liberated from eight months of Russian occupation on "
    "Friday.",
    "date 2020-11-12\nShusha has been liberated from Armenian occupation, the ministry said.",
])
def test_freed_from_an_occupation_names_the_occupier(text: str) -> None:
    got = _changes(text)
    assert got, text
    place, actor, previous, _ = got[0]
    assert (actor, previous) in (("UA", "RU"), ("AZ", "ARM")), got


@pytest.mark.parametrize("text", [
    "date 2023-05-02\nThe wounded soldiers were taken to Kramatorsk for treatment.",
    "date 2023-05-02\nThe rebels took the hostages to Goma on Monday.",
])
def test_carried_to_a_place_is_no_taking(text: str) -> None:
    assert not _changes(text)


@pytest.mark.parametrize(("text", "changed"), [
    ("date 2025-04-10\nArmed gangs attacked the town of Mirebalais and stormed its prison, "
     "freeing several hundred inmates.", True),
    ("date 2025-04-10\nArmed gangs raided Mirebalais on Friday and stormed the local jail, "
     "releasing dozens of prisoners.", True),
    # storming without freeing anyone, or a site with its own place: still fighting
    ("date 2025-04-10\nArmed gangs attacked Mirebalais and stormed a police station.", False),
])
def test_a_prison_stormed_and_emptied_was_held(text: str, changed: bool) -> None:
    assert bool(_changes(text)) is changed, _changes(text)
