"""The caller's country hint counts as a country the text names.

A press spelling is often only an alternate name of a town ("Kupiansk" for Kupyansk); a report
about a Ukrainian town may name only Russia outright, while the hint (``--country``, or the
country of the actors extraction found) says where it is. Sentences written for these tests.
"""

from __future__ import annotations

from geomap.gazetteer import Gazetteer, find_toponyms


def _resolved(gaz: Gazetteer, text: str, country: str | None) -> dict[str, str | None]:
    ms = find_toponyms(text, gaz)
    return {m.text: h.place.country if h.place else None
            for m, h in zip(ms, gaz.resolve_mentions(ms, text=text, country=country),
                            strict=True)}


def test_an_alternate_spelling_in_the_hinted_country_resolves(gaz: Gazetteer) -> None:
    text = "Crowds cheered as troops rolled into Kupiansk after Russia pulled its units out."
    assert _resolved(gaz, text, "UA")["Kupiansk"] == "UA"


def test_without_the_hint_the_named_country_still_rules(gaz: Gazetteer) -> None:
    # Same rule as before for a text with no hint: a town reached only by an alternate name,
    # outside the one country the text names, stays unresolved rather than guessed.
    text = "Crowds cheered as troops rolled into Kupiansk after Russia pulled its units out."
    assert _resolved(gaz, text, None)["Kupiansk"] is None
