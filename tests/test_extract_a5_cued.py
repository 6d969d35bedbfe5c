"""Round 5: names the tagger leaves out, read from their event. A people's name before a
place ("Syrian Palmyra city") says whose the place is and is no part of its name; a name
after "control over" is the place of the change. Nothing is dropped in silence. Sentences in
our own words."""

from __future__ import annotations

import pytest

from geomap.extract import extract_document
from geomap.sources.documents import make_document


def _run(text: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    out = extract_document(make_document("date 2020-11-09\n" + text, id="t"), source="t")
    events = [(r.kind, r.place) for r in out.events.itertuples()]
    unresolved = [(r.place, r.reason) for r in out.unresolved.itertuples()]
    return events, unresolved


@pytest.mark.parametrize(("sentence", "place"), [
    ("Government troops liberated Azerbaijani Shusha city on Sunday.", "Shusha"),
    ("Army units retook Syrian Palmyra city on Sunday, state media said.", "Palmyra"),
])
def test_demonym_before_a_name_and_designator(sentence: str, place: str) -> None:
    events, _ = _run(sentence)
    assert ("control_change", place) in events, events


def test_demonym_before_an_unknown_name_is_listed_not_dropped() -> None:
    events, unresolved = _run("Army units retook Syrian Qzzyvillex town on Sunday.")
    assert not [e for e in events if e[0] == "control_change"], events
    assert [u[0] for u in unresolved] == ["Qzzyvillex"], unresolved


def test_demonym_before_a_force_lists_no_place() -> None:
    # "Syrian Army" is a force: with no designator after it nothing is listed
    _, unresolved = _run("The rebels overran Syrian Army posts near Palmyra on Sunday.")
    assert not unresolved, unresolved


def test_name_after_control_over_is_read() -> None:
    # the name was dropped: not found by the tagger, and "over" did not cue it
    events, _ = _run("The defeated side has admitted the complete loss of control over "
                     "Azerbaijani Shusha city on Monday.")
    assert "Shusha" in [place for _, place in events], events


@pytest.mark.parametrize("sentence", [
    "Late on Thursday the militia said it seized control of the Sudanese city of Qzzmaliha.",
    "The army took the towns of Qzzshire, in the northwest, and Korem on Tuesday.",
])
def test_object_after_adjectives_and_designator_is_listed(sentence: str) -> None:
    _, unresolved = _run(sentence)
    assert [u[0] for u in unresolved if u[0].startswith("Qzz")], unresolved
