"""The country prior an extraction takes from the document's actors: only distinctive names."""

from __future__ import annotations

import re

from geomap.actors import ActorSet
from geomap.extract._cued import _actor_country


def _spans(text: str) -> list[tuple[int, int, str]]:
    matcher = ActorSet.default().matcher()
    return [(m.start(), m.end(), m.group(0)) for m in matcher.finditer(text)]


def test_shared_phrases_name_several_countries() -> None:
    actors = ActorSet.default()
    assert len(actors.alias_countries("rebels")) > 1
    assert actors.alias_countries("Rapid Support Forces") == frozenset({"SD"})
    assert actors.alias_countries("no such group at all") == frozenset()


def test_one_distinctive_name_outweighs_several_shared_phrases() -> None:
    # "government forces" and "militants" fall to one set by default order only (if at all);
    # the one name that belongs to a single conflict says where the story is.
    text = ("Government forces shelled militants near the bridge, and the Rapid Support Forces "
            "said they held the crossing.")
    assert _actor_country(ActorSet.default(), _spans(text), frozenset()) == "SD"


def test_a_distinctive_name_gives_its_country() -> None:
    text = ("The Rapid Support Forces said they had entered the market town; rebels "
            "elsewhere kept quiet.")
    spans = _spans(text)
    assert any(re.search("Rapid Support", s[2]) for s in spans)
    assert _actor_country(ActorSet.default(), spans, frozenset()) == "SD"
