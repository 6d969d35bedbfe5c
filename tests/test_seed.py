"""Seed check: the events an analyst expects from the seed article (read from ../shared).

Implements the match rule of expected_events.json: same kind, location within tolerance_km of
the expected point, same actor (when given), same date when the precision is 'day' (and the
same precision when it is 'before'). Required events must all be found; forbidden places must
not appear as control_change/claimed_control; at least 3 of the 5 optional events are found.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from geomap.extract import extract_document
from geomap.sources.documents import iter_documents


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def matches(event: dict[str, Any], exp: dict[str, Any]) -> bool:
    """The match rule of expected_events.json."""
    if event["kind"] != exp["kind"]:
        return False
    if _km(event["latitude"], event["longitude"], exp["lat"], exp["lon"]) > exp["tolerance_km"]:
        return False
    if "actor" in exp and event["actor"] != exp["actor"]:
        return False
    precision = exp.get("date_precision")
    if precision == "day" and (event["event_date"] != exp["event_date"]
                               or event["date_precision"] != "day"):
        return False
    if precision == "before" and (event["date_precision"] != "before"
                                  or event["event_date"] != exp["event_date"]):
        return False
    if "previous_actor" in exp and event["previous_actor"] != exp["previous_actor"]:
        return False
    if "related_location" in exp:
        return exp["related_location"].lower() in str(event["related_location"]).lower()
    return True


@pytest.fixture(scope="module")
def seed_events(seed_article: Path) -> list[dict[str, Any]]:
    doc = next(iter_documents([seed_article]))
    result = extract_document(doc)
    assert result.report.balanced
    return [dict(r) for r in result.events.drop(columns="geometry").to_dict("records")]


@pytest.fixture(scope="module")
def expected(seed_expected: Path) -> dict[str, Any]:
    return json.loads(seed_expected.read_text(encoding="utf-8"))


def test_dateline_read_from_the_article(seed_article: Path, expected: dict[str, Any]) -> None:
    doc = next(iter_documents([seed_article]))
    assert doc.date == expected["dateline"]


def test_all_required_events_found(seed_events: list[dict[str, Any]],
                                   expected: dict[str, Any]) -> None:
    missing = [exp["location"] for exp in expected["required"]
               if not any(matches(ev, exp) for ev in seed_events)]
    assert not missing, f"required events not found: {missing}"


def test_every_event_cites_its_sentence(seed_article: Path,
                                        seed_events: list[dict[str, Any]]) -> None:
    text = seed_article.read_text(encoding="utf-8-sig")
    for ev in seed_events:
        assert text[ev["evidence_start"]:ev["evidence_end"]] == ev["evidence"]
        assert ev["place"] in ev["evidence"]
        assert ev["source"]


def test_no_forbidden_place_changes_hands(seed_events: list[dict[str, Any]],
                                          expected: dict[str, Any]) -> None:
    forbidden = {f.lower() for f in expected["forbidden"]}
    bad = [ev for ev in seed_events
           if ev["kind"] in ("control_change", "claimed_control")
           and (ev["location"].lower() in forbidden or ev["place"].lower() in forbidden)]
    assert not bad, [(ev["place"], ev["kind"]) for ev in bad]


def test_most_optional_events_found(seed_events: list[dict[str, Any]],
                                    expected: dict[str, Any]) -> None:
    found = [exp["location"] for exp in expected["optional"]
             if any(matches(ev, exp) for ev in seed_events)]
    assert len(found) >= 3, f"only {found}"
