"""Event records: one row per decided mention, undated back-references dated, and the merge of
reports of the same event within one document."""

from __future__ import annotations

import json
from typing import Any, Final

from geomap.extract._state import _CONTROL_KINDS, _Decision
from geomap.extract.sentences import Sentence
from geomap.schema import make_event_id

#: Base extraction confidence per kind (multiplied by the geocoding confidence).
KIND_CONFIDENCE: Final = {"control_change": 0.9, "claimed_control": 0.6, "held": 0.8,
                          "contested": 0.8, "objective": 0.7, "route": 0.7, "mention": 1.0}


def _record(m: Any, res: Any, d: _Decision, when: str, precision: str, evidence: str,
            sent: Sentence, source: str) -> dict[str, Any]:
    place = d.place or res.place
    confidence = float(res.confidence or place.score or 0.0) * KIND_CONFIDENCE[d.kind]
    if d.from_context:
        confidence *= 0.8
    rec: dict[str, Any] = {
        "event_date": when, "date_precision": precision, "kind": d.kind,
        "actor": d.actor if d.kind != "mention" else "",
        "previous_actor": d.previous if d.kind != "mention" else "",
        "confirmed": bool(d.confirmed), "confidence": round(min(1.0, confidence), 3),
        "place": m.text, "location": place.name, "country": place.country,
        "latitude": float(place.lat), "longitude": float(place.lon),
        "geo_precision": place.geo_precision, "gazetteer_id": place.id,
        "related_location": "", "related_latitude": float("nan"),
        "related_longitude": float("nan"),
        "evidence": evidence, "evidence_start": sent.start, "evidence_end": sent.end,
        "source": source,
    }
    if d.kind == "route" and d.related is not None and d.related.place is not None:
        rel = d.related.place
        rec.update(related_location=rel.name, related_latitude=float(rel.lat),
                   related_longitude=float(rel.lon))
    return rec


def _attach_undated(records: list[dict[str, Any]], meta: list[tuple[bool, bool]]) -> None:
    """An undated "its liberation" refers to the dated change of the same place and actor."""
    dated: dict[tuple[str, str, str], dict[str, Any]] = {}
    for rec, (explicit, _nominal) in zip(records, meta, strict=True):
        if explicit and rec["kind"] in _CONTROL_KINDS and rec["date_precision"] == "day":
            dated.setdefault((rec["kind"], rec["gazetteer_id"], rec["actor"]), rec)
    for rec, (explicit, nominal) in zip(records, meta, strict=True):
        if not explicit and nominal and rec["kind"] in _CONTROL_KINDS:
            ref = dated.get((rec["kind"], rec["gazetteer_id"], rec["actor"]))
            if ref is not None:
                rec["event_date"], rec["date_precision"] = ref["event_date"], "day"
                rec["previous_actor"] = rec["previous_actor"] or ref["previous_actor"]
                if not ref["previous_actor"]:
                    ref["previous_actor"] = rec["previous_actor"]


#: ``json.dumps(x, ensure_ascii=False)`` without building an encoder per call (same output).
_to_json: Final = json.JSONEncoder(ensure_ascii=False).encode


def merge_records(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Merge events with the same identity (place, kind, actors, date) within one document.

    The first report keeps its evidence; ``evidence_all`` (JSON list of ``[evidence, start,
    end]``) and ``n_reports`` record every sentence that supports the event. Matches
    :func:`geomap.merge_events` for a single document.
    """
    _same_previous(records)
    out: dict[str, dict[str, Any]] = {}
    # Evidence already listed per event: a set, not a scan of the list (a text repeating one
    # sentence has 200,000 reports of one event, and the scans were quadratic).
    seen: dict[str, set[tuple[str, int, int]]] = {}
    for rec in records:
        rec["event_id"] = make_event_id(rec)
        evidence = [rec["evidence"], rec["evidence_start"], rec["evidence_end"]]
        key = (rec["evidence"], rec["evidence_start"], rec["evidence_end"])
        first = out.get(rec["event_id"])
        if first is None:
            rec["_ev"], rec["_src"], rec["n_reports"] = [evidence], [rec["source"]], 1
            out[rec["event_id"]] = rec
            seen[rec["event_id"]] = {key}
        else:
            if key not in seen[rec["event_id"]]:
                seen[rec["event_id"]].add(key)
                first["_ev"].append(evidence)
            if rec["source"] not in first["_src"]:
                first["_src"].append(rec["source"])
            first["n_reports"] += 1
            first["confidence"] = max(first["confidence"], rec["confidence"])
            first["confirmed"] = first["confirmed"] or rec["confirmed"]
    merged = []
    for rec in out.values():
        rec["evidence_all"] = _to_json(rec.pop("_ev"))
        rec["sources"] = _to_json([s for s in rec.pop("_src") if s])
        merged.append(rec)
    return merged


def _same_previous(records: list[dict[str, Any]]) -> None:
    """One change told twice in a document names its loser once, or two ways ("took X" beside
    the speaker; "took X from Y"): the reports of one change (place, kind, taker, date) take
    the first loser named, so that they merge into one event, not a duplicate. A report that
    names no taker ("the brigade confirmed its withdrawal from the town") is the change another
    report of the same place and day tells with its one taker."""
    takers: dict[tuple[str, str, str, str], set[str]] = {}
    for rec in records:
        if rec["kind"] in _CONTROL_KINDS and rec["actor"]:
            takers.setdefault((rec["kind"], rec["gazetteer_id"], rec["event_date"],
                               rec["date_precision"]), set()).add(rec["actor"])
    for rec in records:
        if rec["kind"] in _CONTROL_KINDS and not rec["actor"]:
            sides = takers.get((rec["kind"], rec["gazetteer_id"], rec["event_date"],
                                rec["date_precision"]), set())
            if len(sides) == 1:
                rec["actor"] = next(iter(sides))
    first: dict[tuple[str, str, str, str, str], str] = {}
    for rec in records:
        if rec["kind"] in _CONTROL_KINDS and rec["previous_actor"]:
            first.setdefault((rec["kind"], rec["gazetteer_id"], rec["actor"], rec["event_date"],
                              rec["date_precision"]), rec["previous_actor"])
    for rec in records:
        if rec["kind"] in _CONTROL_KINDS and rec["actor"]:
            named = first.get((rec["kind"], rec["gazetteer_id"], rec["actor"],
                               rec["event_date"], rec["date_precision"]))
            if named:
                rec["previous_actor"] = named
