"""Round 5: a site taken inside a place. The one outpost that is the place, or the army's
outpost in it, changes the place's hands; positions, several outposts or one near the place
stay fighting. Sentences in our own words."""

from __future__ import annotations

import pytest

from geomap.extract import extract


def _kinds(text: str, place: str) -> list[str]:
    ev = extract("date 2019-06-12\n" + text)
    return [r.kind for r in ev.itertuples() if r.place == place]


@pytest.mark.parametrize("sentence", [
    "Loyalist troops regained Kiwanja at dawn, two days after capturing the hilltop outpost "
    "of Kibumba.",
    "The militia overran the army outpost in Kibumba late on Tuesday.",
    "The militia seized the small border outpost of Kibumba on Tuesday.",
])
def test_the_outpost_of_a_place_is_the_place(sentence: str) -> None:
    assert _kinds(sentence, "Kibumba") == ["control_change"], sentence


@pytest.mark.parametrize("sentence", [
    "The militia overran an army outpost in Kibumba late on Tuesday.",
    "The militia overran two army outposts in Kibumba late on Tuesday.",
    "The militia overran the army outpost near Kibumba late on Tuesday.",
    "The militia seized government positions in Kibumba late on Tuesday.",
])
def test_positions_and_nearby_outposts_stay_fighting(sentence: str) -> None:
    assert _kinds(sentence, "Kibumba") == ["contested"], sentence
