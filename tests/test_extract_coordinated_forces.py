"""A coordinated name of state forces ("army and police forces") is the army's side.

Sentences written for these tests.
"""

from __future__ import annotations

import pytest

import geomap
from geomap.actors import ActorSet
from geomap.extract.actors_text import _coordinated_state_forces


@pytest.mark.parametrize("text", [
    "Jurm was retaken by army and police forces backed by air support on Saturday.",
    "The army and security forces retook Jurm on Saturday.",
])
def test_army_and_police_are_the_armys_side(text: str) -> None:
    ev = geomap.extract(text, date="2018-05-06")
    assert [(e.kind, e.actor) for e in ev.itertuples()] == [("control_change", "AFGHAN_GOV")]


@pytest.mark.parametrize(("phrase", "actor"), [
    ("army and police forces", "AFGHAN_GOV"),
    ("army, police and border guards", "AFGHAN_GOV"),
    # police beside an insurgent group, or two sides: no one side
    ("Taliban and police forces", None),
    ("army and Taliban forces", None),
])
def test_which_coordinations_name_one_side(phrase: str, actor: str | None) -> None:
    assert _coordinated_state_forces(ActorSet.default(), phrase, frozenset(), "AF") == actor
