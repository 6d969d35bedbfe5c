"""The corpus engine's speed-ups are pure caches: warm and cold runs give the same output.

The tagger (:mod:`geomap.gazetteer.toponyms`) and document disambiguation
(:mod:`geomap.gazetteer._disambig`) memoise per-name work across documents. A cache keyed on too
little (say, without the country prior or the container) would leak one document's reading into
the next: these tests run documents after others that prime the caches with different contexts
and compare with a cold run.
"""

from __future__ import annotations

from typing import Any

import pytest

from geomap.gazetteer import Gazetteer, _disambig, find_toponyms, toponyms

# Snippets written for these tests: the same names in different settings.
PRIMERS = [
    "Rebels said on Monday they had entered Tripoli, Lebanon, after clashes near Byblos.",
    "Residents of Athens, Georgia, said the storm knocked out power in Clarke County.",
    "The convoy left Homs for Palmyra on Tuesday; Syrian troops held Tadmur airport.",
    "Gen. Jordan met reporters in Paris while Jordan's envoy flew to Amman.",
]
TARGETS = [
    "Government forces retook Tripoli and Gharyan; the Jufra air base remained under LNA control.",
    "Athens and Thessaloniki saw protests as Greek police closed the port of Piraeus.",
    "Palmyra, the ancient city, fell to the army; St. Petersburg and Moscow's envoys said little.",
    "Tripoli's airport reopened. Jordan and Mary Smith said Paris, Texas, was quiet.",
]


def _clear_memos() -> None:
    toponyms._MEMOS.clear()
    _disambig._MEMOS.clear()




def _mentions(gaz: Gazetteer, text: str) -> list[tuple[int, int, str, str | None]]:
    return [(m.start, m.end, m.text, m.feature_hint) for m in find_toponyms(text, gaz)]


def _resolutions(gaz: Gazetteer, text: str, country: str | None) -> list[Any]:
    mentions = find_toponyms(text, gaz)
    out = []
    for r in gaz.resolve_mentions(mentions, text=text, country=country):
        place = r.place
        out.append((r.query, r.confidence, r.reason, r.ambiguous,
                    None if place is None else (place.id, place.score),
                    [(c.id, c.score) for c in r.candidates]))
    return out


@pytest.mark.parametrize("target", TARGETS)
def test_toponyms_same_with_warm_and_cold_memo(gaz: Gazetteer, target: str) -> None:
    _clear_memos()
    cold = _mentions(gaz, target)
    for text in PRIMERS + TARGETS:
        _mentions(gaz, text)
    assert _mentions(gaz, target) == cold
    assert cold, "the snippet names places"


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("country", [None, "LY", "US"])
def test_resolutions_same_with_warm_and_cold_memo(gaz: Gazetteer, target: str,
                                                  country: str | None) -> None:
    _clear_memos()
    cold = _resolutions(gaz, target, country)
    # Prime the memo with the same names under other priors, containers and neighbours.
    for text in PRIMERS + TARGETS:
        for prior in (None, "LB", "SY", "GR", "LY", "US"):
            _resolutions(gaz, text, prior)
    assert _resolutions(gaz, target, country) == cold


def test_memo_does_not_leak_the_country_prior(gaz: Gazetteer) -> None:
    _clear_memos()
    text = "Fighters took Tripoli."
    libya = _resolutions(gaz, text, "LY")
    lebanon = _resolutions(gaz, text, "LB")
    assert libya[0][4][0] != lebanon[0][4][0]  # the prior decides, even with a warm memo
    _clear_memos()
    assert _resolutions(gaz, text, "LB") == lebanon


def test_extraction_same_with_warm_and_cold_memo(gaz: Gazetteer) -> None:
    from geomap.extract import extract_records

    def run(text: str) -> list[dict[str, Any]]:
        records, unresolved, _ = extract_records(text, date="2021-03-04", source="t",
                                                 gazetteer=gaz)
        return [{k: v for k, v in r.items() if not isinstance(v, float) or v == v}
                for r in records + unresolved]

    _clear_memos()
    cold = [run(t) for t in TARGETS]
    for text in PRIMERS:
        run(text)
    assert [run(t) for t in TARGETS] == cold


def test_memo_keys_cover_every_input(gaz: Gazetteer) -> None:
    """Each memoised per-name result equals a fresh computation, whatever was cached before."""
    from geomap.gazetteer.gazetteer import Context

    georgia = _disambig._container(gaz, "Athens, Georgia", len("Athens"))
    lebanon = _disambig._container(gaz, "Tripoli, Lebanon", len("Tripoli"))
    assert georgia is not None and lebanon is not None
    memo: dict[Any, Any] = {}
    seen_scores = set()
    for name in ("Tripoli", "Athens", "Jufra", "Georgia"):
        for hint in (None, "airbase"):
            fresh, fresh_hint = gaz._candidates(name, hint)
            fresh, fresh_how = _disambig._extend(gaz, name, fresh)
            cands, ghint, how = _disambig._name_candidates(gaz, name, hint, memo)
            assert (cands, ghint, how) == (fresh, fresh_hint, fresh_how)
            for country in (None, "LY", "LB", "US", "GR"):
                for cont in (None, georgia, lebanon):
                    for share in ({}, {"country": 1.0}, {"region": 0.5}):
                        empty = Context.empty()
                        want = _disambig._adjust(
                            gaz, gaz._score(cands, ghint, country, empty, None, cont), cands,
                            empty, how, share)
                        got = _disambig._first_score(gaz, name, ("", hint, cont), country,
                                                     cands, ghint, how, share, memo)
                        assert got == want, (name, hint, country, cont, share)
                        seen_scores.add(tuple(got))
    assert len(seen_scores) > 20  # the inputs do change the scores: the check has teeth
