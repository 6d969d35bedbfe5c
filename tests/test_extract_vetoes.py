"""Vetoes (``geomap.extract._vetoes``): a dateline, people or things taken, partial control and
a place inside a name keep a non-change off the map, and every veto is noted in the run report.

Sentences written for these tests (invented wording); each veto also has sentences where it must
not fire.
"""

from __future__ import annotations

import pytest

from geomap.extract import extract_document
from geomap.extract._vetoes import _DATELINE_AFTER_RE, _TAKEN_GAP_RE

DAY = "2024-05-10"


def _run(text: str) -> tuple[list[tuple[str, str]], list[str]]:
    """(place, kind) of every event that is not a mention, and the veto notes."""
    result = extract_document(text, date=DAY, source="t")
    events = sorted((r.place, r.kind) for r in result.events.itertuples() if r.kind != "mention")
    return events, [n for n in result.report.notes if "(veto: " in n]


def _changes(text: str) -> list[str]:
    return sorted(p for p, kind in _run(text)[0] if kind in ("control_change", "claimed_control"))


# --- 1. Datelines ----------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "Mopti — Government troops said on Tuesday they had recaptured a strategic town in the "
    "north after a week of fighting.",
    "Gao, Mali (AP) — Rebels seized control of a key town in the region on Monday, officials "
    "said.",
    "Kidal, March 4 (Agency) - The army said it had taken back a desert town near the border.",
    "Mopti: The army said on Tuesday it had retaken a small town after heavy fighting.",
    "Herat, 12 May (Agency): Afghan forces said they had recaptured a strategic district in "
    "the west.",
    "Army retakes a town in the north\n\nMopti — Government troops said on Tuesday they had "
    "recaptured a strategic town in the north.",
])
def test_a_dateline_place_is_never_the_place_of_the_change(text: str) -> None:
    events, notes = _run(text)
    assert _changes(text) == [], events
    assert any("dateline" in n for n in notes), notes


def test_a_dateline_veto_is_recorded_with_the_place_and_reason() -> None:
    _events, notes = _run("Gao, Mali (AP) — Rebels seized control of a key town in the region "
                          "on Monday.")
    assert notes and notes[0].startswith("t: 'Gao'"), notes


@pytest.mark.parametrize(("text", "place"), [
    ("Mopti fell to the rebels on Tuesday after a week of fighting.", "Mopti"),
    ("Rebels seized Gao - the largest town of the north - on Monday.", "Gao"),
    ("Mopti — The rebels said on Tuesday that they had captured Gao after a week of fighting.",
     "Gao"),
    ("Rebels seized Mopti - a town of traders - on Tuesday.", "Mopti"),
    ("Heavy fighting went on for a week in the north.\nMopti fell to the rebels on Tuesday.",
     "Mopti"),
])
def test_a_place_opening_the_story_without_a_dateline_still_changes_hands(
        text: str, place: str) -> None:
    assert place in _changes(text)


@pytest.mark.parametrize("text", [
    "At a news conference in Bamako on Monday, the army said it had retaken the strategic "
    "town after heavy fighting.",
    "The army said at a briefing in Mopti that its troops had recaptured the town.",
])
def test_the_venue_of_a_statement_is_not_the_town_it_tells_of(text: str) -> None:
    events, notes = _run(text)
    assert _changes(text) == [], events
    assert any("venue of a statement" in n for n in notes), notes


def test_a_town_taken_near_talks_still_changes_hands() -> None:
    text = "While envoys met for talks in Bamako, the rebels captured Kidal on Monday."
    assert _changes(text) == ["Kidal"]


@pytest.mark.parametrize(("after", "dateline"), [
    (" — Rebels said", True),
    (", Mali (AP) — Rebels said", True),
    (", 12 May (Agency): Troops said", True),
    (" - a town of traders - fell", False),  # an aside about the place
    (" fell to the rebels", False),
    (": Captured by the rebels on 2 May", False),  # a list line telling the place's fate
    (" – Under army control since March", False),
])
def test_what_follows_a_dateline_place(after: str, dateline: bool) -> None:
    assert (_DATELINE_AFTER_RE.match(after) is not None) is dateline


# --- 2. People or things taken ---------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "The army captured six members of the armed group in Mopti on Friday.",
    "Police seized weapons and ammunition in Gao on Sunday.",
    "Five fighters were captured in Gao on Friday.",
    "Rebels seized two army trucks and their drivers in Kidal overnight.",
])
def test_people_or_things_taken_in_a_place_are_no_change_of_it(text: str) -> None:
    events, notes = _run(text)
    assert _changes(text) == [], events
    assert any("people or things taken" in n for n in notes), notes


@pytest.mark.parametrize(("text", "place"), [
    ("The army captured Mopti and six members of the armed group on Friday.", "Mopti"),
    ("The army captured Mopti on Friday, arresting dozens of fighters in the town.", "Mopti"),
    ("The rebels seized the town of Gao from government soldiers on Sunday.", "Gao"),
    ("The rebels captured 30 soldiers and the army base in Gao on Sunday.", "Gao"),
])
def test_a_place_that_is_the_object_of_the_taking_still_changes_hands(
        text: str, place: str) -> None:
    assert _changes(text) == [place]


@pytest.mark.parametrize(("gap", "taken"), [
    (" four members of the armed group in ", True),
    (" 30 soldiers prisoner near ", True),
    (" the rebel stronghold in ", False),  # a noun of people qualifying ground
    (" the weapons depot in ", False),  # a noun of things qualifying a site
    (" 30 soldiers and the army base in ", False),
    (" the town of ", False),
])
def test_what_lies_between_a_verb_of_taking_and_the_place(gap: str, taken: bool) -> None:
    assert (_TAKEN_GAP_RE.match(gap) is not None) is taken


# --- 3. Partial control ----------------------------------------------------------------------


@pytest.mark.parametrize(("text", "place"), [
    ("The rebels seized control of several neighbourhoods in Gao on Sunday.", "Gao"),
    ("The army recaptured the northern districts of Kidal on Monday.", "Kidal"),
    ("The militia took some areas inside Mopti on Monday.", "Mopti"),
])
def test_partial_control_is_fighting_not_a_change(text: str, place: str) -> None:
    events, notes = _run(text)
    assert (place, "contested") in events, events
    assert _changes(text) == [], events
    assert any("partial control" in n for n in notes), notes


@pytest.mark.parametrize(("text", "place"), [
    ("Rebels took the eastern part of Kidal on Sunday.", "Kidal"),
    ("The rebels said they had seized large parts of Gao on Sunday.", "Gao"),
    ("The militia took half of Mopti in a night attack.", "Mopti"),
])
def test_other_parts_taken_stay_fighting_too(text: str, place: str) -> None:
    events, _notes = _run(text)
    assert (place, "contested") in events, events
    assert _changes(text) == [], events


@pytest.mark.parametrize(("text", "place"), [
    ("The rebels seized control of Gao on Sunday.", "Gao"),
    ("The army captured the whole of Mopti on Monday.", "Mopti"),
    ("The rebels took Kidal on Sunday after most of the garrison had fled.", "Kidal"),
    # most of a town is the town: what is left are pockets, and a map marks it as taken
    ("The army captured most of Mopti on Monday.", "Mopti"),
    ("The army said on Monday evening that it had secured much of Kidal.", "Kidal"),
])
def test_a_whole_place_taken_still_changes_hands(text: str, place: str) -> None:
    assert _changes(text) == [place]


# --- 4. A place inside a name ----------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "Militiamen of the Luhansk People's Republic said they had taken the town.",
    "The RSF captured the Kharkiv Media Center on Tuesday.",
])
def test_a_place_inside_an_organisation_name_is_not_taken(text: str) -> None:
    events, notes = _run(text)
    assert _changes(text) == [], events
    assert any("part of the name" in n for n in notes), notes


def test_an_office_named_after_a_place_is_no_change_of_it() -> None:
    text = "The Russian army captured Vovchansk, the Kharkiv regional governor said on Monday."
    assert _changes(text) == ["Vovchansk"]


def test_a_region_that_locates_the_town_taken_is_no_change() -> None:
    text = "Insurgents overran Ed Damer, capital of River Nile state, at dawn."
    events, notes = _run(text)
    assert "River Nile" not in _changes(text), events
    assert "Ed Damer" in _changes(text), events
    assert any("locator" in n for n in notes), notes


@pytest.mark.parametrize(("text", "place"), [
    ("Russian troops captured Kharkiv on Monday, the regional governor said.", "Kharkiv"),
    ("The rebels captured Gao, the regional capital, on Sunday.", "Gao"),
])
def test_a_place_not_inside_a_name_still_changes_hands(text: str, place: str) -> None:
    assert place in _changes(text)


def test_the_veto_notes_keep_the_report_balanced() -> None:
    result = extract_document("The army captured several neighbourhoods in Mopti on Monday. "
                              "Police seized arms in Gao.", date=DAY, source="t")
    assert result.report.balanced
    assert len([n for n in result.report.notes if "(veto: " in n]) == 2
