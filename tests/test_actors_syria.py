"""Syria's armed opposition without a faction name is its own side, not the Turkish-backed SNA
(formed in 2017): "rebels" of 2012 and "Turkish-backed rebels" of 2019 are two actors."""

from __future__ import annotations

import geomap


def _changes(text: str, date: str) -> list[tuple[str, str]]:
    events = geomap.extract(text, date=date)
    return [(e.place, e.actor) for e in events.itertuples() if e.kind == "control_change"]


def test_generic_rebels_are_the_opposition_not_the_sna() -> None:
    got = _changes("Syrian rebels seized the town of Maarat al-Numan on Tuesday after a "
                   "week of clashes with government forces.", "2012-10-11")
    assert got and {actor for _place, actor in got} == {"REBELS"}


def test_turkish_backed_rebels_are_the_sna() -> None:
    got = _changes("Turkish-backed rebels captured the town of Tal Abyad on Sunday after "
                   "Kurdish-led fighters pulled back.", "2019-10-13")
    assert got and {actor for _place, actor in got} == {"SNA"}
