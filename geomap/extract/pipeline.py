"""Text -> events: sentences, toponyms, actors, triggers and dates put together.

For every toponym mention the pipeline decides one event (or an unresolved/rejected entry):

1. the mention is resolved by the gazetteer (document-level disambiguation);
2. its sentence and clause are found; the trigger that governs it is the nearest trigger before
   it in the clause (or a passive one right after it: "Gharyan fell to...", "was retaken");
3. the trigger's category, the modality/negation window before it and claim/denial words in
   the sentence give the kind;
4. the agent is the actor before the trigger in the clause (generic "its forces", "the army"
   resolve to the actor named before them, else to the last acting actor of the text); the
   previous holder is the actor after "from", another actor of the sentence, or the agent's
   only declared opponent;
5. the date is the date expression nearest to the trigger, else the dateline.

Everything here is a pure function of (document, gazetteer, actor sets): no global state.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field, replace
from datetime import date as _date
from datetime import timedelta as _timedelta
from typing import Any

import pandas as pd

from geomap._io import limits as _limits
from geomap.actors import ActorSet
from geomap.extract._anaphora import INDEFINITE_REF_RE, anaphoric_mentions
from geomap.extract._claims import ENTRY_RE, corroborated, inside_quote
from geomap.extract._cued import (
    _actor_country,
    _alias_spans,
    _cued_toponyms,
    _focus_country,
    _is_place_alias,
    _war_countries,
    _war_country,
)
from geomap.extract._dating import _date_for
from geomap.extract._frames import _decide
from geomap.extract._history import background_change, referred_history
from geomap.extract._records import (
    KIND_CONFIDENCE,
    _attach_undated,
    _record,
    merge_records,
)
from geomap.extract._roles import _next_context
from geomap.extract._spans import Spans
from geomap.extract._state import _prepare, _sentence_index
from geomap.extract._vetoes import apply_vetoes
from geomap.extract.patterns import (
    find_triggers,
)
from geomap.runreport import RunReport
from geomap.schema import UNRESOLVED_COLUMNS
from geomap.sources.documents import Document, make_document, split_dateline

__all__ = ["Extraction", "extract", "extract_document", "extract_document_records",
           "extract_records", "merge_records"]

log = logging.getLogger("geomap.extract")


@dataclass
class Extraction:
    """The result of extracting one document.

    Attributes
    ----------
    events
        Events GeoDataFrame (:func:`geomap.schema.events_frame`), duplicates merged.
    unresolved
        DataFrame with columns place, source, evidence, reason, candidates.
    report
        Counts: seen mentions = events (before merging) + unresolved + rejected.
    """

    events: Any
    unresolved: Any
    report: RunReport = field(default_factory=RunReport)


def extract_document(doc_or_text: Document | str, *, date: str | None = None, source: str = "",
                     gazetteer: Any = None, actors: ActorSet | None = None) -> Extraction:
    """Extract events from one document.

    Parameters
    ----------
    doc_or_text
        A :class:`~geomap.sources.documents.Document` or a text (a first line ``date YYYY-MM-DD`` is
        its dateline).
    date
        Dateline when the document has none.
    source
        Source id or URL cited by the events (default: the document's URL or id).
    gazetteer
        A :class:`~geomap.gazetteer.Gazetteer` (default: ``Gazetteer.default()``).
    actors
        An :class:`~geomap.actors.ActorSet` (default: the bundled sets).

    Returns
    -------
    Extraction
        Events (merged per document), unresolved mentions and the run report.
    """
    records, unresolved, report = extract_records(doc_or_text, date=date, source=source,
                                                  gazetteer=gazetteer, actors=actors)
    from geomap.schema import events_frame

    events = events_frame(records)
    frame = pd.DataFrame(unresolved, columns=list(UNRESOLVED_COLUMNS))
    return Extraction(events=events, unresolved=frame, report=report)


def extract_document_records(doc_or_text: Document | str, *, date: str | None = None,
                             source: str = "", gazetteer: Any = None,
                             actors: ActorSet | None = None) -> Extraction:
    """:func:`extract_document` with ``events`` and ``unresolved`` as lists of dicts.

    The corpus engine's fast path (``Settings(extractor="geomap.extract:
    extract_document_records")``): no pandas object is built per document.
    """
    records, unresolved, report = extract_records(doc_or_text, date=date, source=source,
                                                  gazetteer=gazetteer, actors=actors)
    return Extraction(events=records, unresolved=unresolved,  # type: ignore[arg-type]
                      report=report)


def extract(text: str | Document, *, date: str | None = None, source: str = "",
            gazetteer: Any = None, actors: ActorSet | None = None,
            report: RunReport | None = None) -> Any:
    """Extract events from a text; returns the events GeoDataFrame.

    See :func:`extract_document`; ``report`` (if given) receives the counts and the
    unresolved/rejected items.
    """
    result = extract_document(text, date=date, source=source, gazetteer=gazetteer,
                              actors=actors)
    if report is not None:
        report.merge(result.report)
    return result.events


def extract_records(doc_or_text: Document | str, *, date: str | None = None, source: str = "",
                    gazetteer: Any = None, actors: ActorSet | None = None
                    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], RunReport]:
    """Like :func:`extract_document` but returns plain records (the fast path for corpora).

    Returns
    -------
    (events, unresolved, report)
        Event dicts (schema columns, merged per document), unresolved dicts, run report.
    """
    if isinstance(doc_or_text, Document):
        doc = doc_or_text
        if doc.date is None and date:
            doc = Document(doc.id, doc.text, date, doc.url, doc.path)
    else:
        doc = make_document(str(doc_or_text), id=source or "text", date=date)
    # UTF-16 surrogates (surrogateescape decoding, a cut JSON escape) cannot be written as UTF-8.
    utf8 = _limits.utf8_text
    doc = Document(utf8(doc.id), utf8(doc.text), doc.date, utf8(doc.url), utf8(doc.path))
    if gazetteer is None:
        from geomap.gazetteer import Gazetteer

        gazetteer = Gazetteer.default()
    if actors is None:
        actors = ActorSet.default()
    src = utf8(source) or doc.source
    report = RunReport(command="extract", inputs=[src], documents=1)
    text = doc.text
    _, body = split_dateline(text)
    dateline = doc.date

    from geomap.gazetteer import find_toponyms

    scopes = actors.scopes_for(src, text)
    alias_spans = _alias_spans(actors, text, body)
    prior = _actor_country(actors, alias_spans, scopes)
    triggers = find_triggers(text, body)
    mentions = [m for m in find_toponyms(text, gazetteer) if m.start >= body]
    misses: list[tuple[int, int, str, str, Any]] = []
    wars = _war_countries(actors, alias_spans, scopes) if prior is None else ()
    mentions = sorted(mentions + _cued_toponyms(text, body, triggers, mentions, alias_spans,
                                                gazetteer, prior, misses, wars),
                      key=lambda m: m.start)
    report.seen += len(mentions) + len(misses)
    kept = []
    # Indexed: a scan of every alias for every mention grew with their product.
    aliases = Spans([(a[0], a[1]) for a in alias_spans], alias_spans)
    for m in mentions:
        clash = aliases.payload_overlapping(m.start, m.end)
        if clash is not None and not _is_place_alias(m.text, clash[2]):
            report.rejected.append({
                "source": src, "line": text.count("\n", 0, m.start) + 1, "column": "text",
                "value": m.text, "reason": f"part of the actor name {clash[2]!r}, not a place"})
        else:
            kept.append(m)
    resolutions = gazetteer.resolve_mentions(kept, text=text, country=prior) if kept else []
    if prior is None and resolutions:
        war = _war_country(actors, resolutions, triggers, alias_spans, scopes)
        if war is not None:
            prior = war
            resolutions = gazetteer.resolve_mentions(kept, text=text, country=war)
    country = _focus_country(resolutions, prior) or prior
    state = _prepare(text, body, src, dateline, actors, scopes, country, triggers, alias_spans,
                     [m.start for m in kept], gazetteer=gazetteer)

    records: list[dict[str, Any]] = []
    unresolved: list[dict[str, Any]] = []
    meta: list[tuple[bool, bool]] = []  # (explicit date, nominal trigger) per record
    reported: list[tuple[int, int]] = []  # (record, sentence) of a side's own report
    quoted: set[int] = set()  # records told inside a quotation (no narration)
    entries: set[int] = set()  # troops entering a place, told as fact
    leads: set[int] = set()  # changes of "a key town" the next sentence names
    by_sentence: dict[int, list[tuple[Any, Any]]] = {}
    for m, res in zip(kept, resolutions, strict=True):
        by_sentence.setdefault(_sentence_index(state, m.start), []).append((m, res))
    for si in range(len(state.sentences)):
        items = by_sentence.get(si, [])
        sent = state.sentences[si]
        evidence = text[sent.start:sent.end]
        acting: list[str] = []
        for m, res in items:
            if res.place is None:
                unresolved.append({
                    "place": m.text, "source": src, "evidence": evidence,
                    "reason": res.reason or "not in gazetteer",
                    "candidates": "; ".join(f"{c.name} ({c.country}, {c.id})"
                                            for c in res.candidates[:5])})
                continue
            decision = _decide(state, si, m, res, items)
            decision, named = apply_vetoes(state, si, m, decision, report)
            background = background_change(state, si, m, res, decision, items) \
                if decision.kind != "route" and not named else None
            if background is not None:
                decision.aside = background[2]
            when, precision, explicit = _date_for(state, si, decision, m)
            if decision.reported:
                reported.append((len(records), si))
            elif decision.quoted:
                quoted.add(len(records))
            elif decision.kind == "contested" and decision.trigger is not None \
                    and ENTRY_RE.match(decision.trigger.text) \
                    and not inside_quote(text, sent.start, decision.trigger.start):
                entries.add(len(records))
            records.append(_record(m, res, decision, when, precision, evidence, sent, src))
            meta.append((explicit, decision.nominal))
            if decision.since is not None:
                # "held by Y since 2014": Y took it then (as precise as the text says).
                taken = replace(decision, kind="control_change", previous="")
                records.append(_record(m, res, taken, decision.since.date,
                                       decision.since.precision, evidence, sent, src))
                meta.append((True, False))
                report.seen += 1  # a second event read from the same mention
            if background is not None:
                # "X, which Y captured in 2014, ...": Y's earlier change, as dated there
                earlier, told = background[0], background[1]
                records.append(_record(m, res, earlier, told.date, told.precision, evidence,
                                       sent, src))
                meta.append((True, False))
                report.seen += 1  # a second event read from the same mention
            if decision.actor and decision.kind not in ("mention", "route") \
                    and not decision.from_context:
                acting.append(decision.actor)
        for ref, ante, res in anaphoric_mentions(state, si, by_sentence):
            # "... reached Zawiya. By noon they had seized it": the change of Zawiya
            decision = _decide(state, si, ref, res, [(ref, res)])
            decision = apply_vetoes(state, si, ref, decision, report, place=ante)[0]
            if decision.kind in ("control_change", "claimed_control"):
                when, precision, explicit = _date_for(state, si, decision, ref)
                if decision.reported:
                    reported.append((len(records), si))
                elif decision.quoted:
                    quoted.add(len(records))
                if INDEFINITE_REF_RE.match(ref.text):
                    leads.add(len(records))
                records.append(_record(ante, res, decision, when, precision, evidence, sent,
                                       src))
                meta.append((explicit, decision.nominal))
                report.seen += 1
        for ante, res, (earlier, told, _span) in referred_history(state, si, by_sentence):
            # "retook the city, which rebels had held for a year": the earlier change of the
            # town the noun stands for, as dated there
            records.append(_record(ante, res, earlier, told.date, told.precision, evidence,
                                   sent, src))
            meta.append((True, False))
            report.seen += 1
        state.last_agent = _next_context(state, si, acting)
    for start, _end, name, reason, res in misses:
        where = state.sentences[_sentence_index(state, start)] if state.sentences else None
        unresolved.append({
            "place": name, "source": src,
            "evidence": text[where.start:where.end] if where is not None else "",
            "reason": reason,
            "candidates": "; ".join(f"{c.name} ({c.country}, {c.id})"
                                    for c in res.candidates[:5])})
    report.unresolved.extend(unresolved)
    _corroborate(state, records, reported, quoted, entries, by_sentence)
    _attach_undated(records, meta)
    _before_retaking(state, records)
    without_leads = _without_retold_leads(state, records, leads)
    report.seen -= len(records) - len(without_leads)  # a retold lead is seen once
    records = without_leads
    merged = merge_records(records)
    # A second report of the same event in one document is the same item seen again: it is
    # counted once, so that seen = events + unresolved + rejected holds for the merged rows.
    report.seen -= len(records) - len(merged)
    report.events += len(merged)
    report.merged_events += len(merged)
    return merged, unresolved, report


#: A retaking: the place was the other side's before ("recaptured", "took back", "regained").
_RETAKING_RE = re.compile(r"\b(?:re-?(?:took|tak(?:en|es|e|ing)|captur\w*|gain\w*|claim\w*|"
                          r"conquer\w*)|(?:took|taken|taking|won|win)\s+back)\b", re.IGNORECASE)


def _before_retaking(state: Any, records: list[dict[str, Any]]) -> None:
    """An undated taking told after a retaking of the same place by the other side ("X was
    recaptured on Sunday. ... insurgents seized several towns, including X"): it is the
    taking the retaking undid, so it came first (``unknown`` up to the day before), not the
    report's news of the dateline."""
    retaken: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for i, rec in enumerate(records):
        if rec["kind"] in ("control_change", "claimed_control") and rec["actor"] \
                and _RETAKING_RE.search(rec["evidence"]):
            retaken.setdefault(rec["gazetteer_id"], []).append((i, rec))
    if not retaken:
        return
    for i, rec in enumerate(records):
        if rec["kind"] != "control_change" or not rec["actor"] \
                or rec["date_precision"] != "day" or _RETAKING_RE.search(rec["evidence"]) \
                or any(d.date == rec["event_date"] for d in
                       state.dates[_sentence_index(state, rec["evidence_start"])]):
            continue  # (a date of its own sentence is its own)
        for j, other in retaken.get(rec["gazetteer_id"], ()):
            if j < i and other["evidence"] != rec["evidence"] \
                    and other["event_date"] == rec["event_date"] \
                    and rec["actor"] != other["actor"] \
                    and other["previous_actor"] in ("", rec["actor"]):
                day = _date.fromisoformat(other["event_date"]) - _timedelta(days=1)
                rec["event_date"], rec["date_precision"] = day.isoformat(), "unknown"
                break


def _without_retold_leads(state: Any, records: list[dict[str, Any]], leads: set[int]
                          ) -> list[dict[str, Any]]:
    """The records without a lead's change of "a key town" that a later sentence retells at
    the town it names ("A rebel alliance has gained control of a key town. ... The alliance
    said yesterday it had taken X"): the named sentence's change, with its own date, is the
    one kept. A change there by another known side ("X was seized by jihadists on Friday")
    is an earlier event, and the lead's change stays."""
    if not leads:
        return records
    known = state.actors.actors

    def same_side(a: str, b: str) -> bool:
        return a == b or a not in known or b not in known

    drop = {i for i in leads if any(
        j not in leads and other["gazetteer_id"] == records[i]["gazetteer_id"]
        and other["kind"] in ("control_change", "claimed_control")
        and same_side(other["actor"], records[i]["actor"])
        for j, other in enumerate(records))}
    return [r for i, r in enumerate(records) if i not in drop]


def _corroborate(state: Any, records: list[dict[str, Any]], reported: list[tuple[int, int]],
                 quoted: set[int], entries: set[int],
                 by_sentence: dict[int, list[tuple[Any, Any]]]) -> None:
    """A side's own report of a gain is a change when the document corroborates it: the
    change, or the side's troops entering the place, told as fact (a quote is somebody's
    words, not the text's narration: it corroborates nothing)."""
    if not reported:
        return
    facts = [(r["gazetteer_id"], r["actor"], r["event_date"]) for i, r in enumerate(records)
             if (r["kind"] == "control_change" and r["confirmed"] and i not in quoted)
             or i in entries]
    places = {si: [(m.start, res.place.id) for m, res in items if res.place is not None]
              for si, items in by_sentence.items()}
    claims: dict[tuple[str, str], dict[str, Any]] = {}
    for i, si in reported:
        rec = records[i]
        if corroborated(state, si, rec["gazetteer_id"], rec["actor"], rec["event_date"],
                        facts, places):
            _rekind(rec, "control_change")
        else:
            claims.setdefault((rec["gazetteer_id"], rec["actor"]), rec)
    # One claim is one event: a quote of nobody named, telling the claimed change, is the
    # claimant's words; a report of the claim that names no loser takes the loser named.
    for i, rec in enumerate(records):
        claim = claims.get((rec["gazetteer_id"], rec["actor"]))
        if claim is None or rec is claim:
            continue
        if rec["kind"] == "control_change" and i in quoted:
            _rekind(rec, "claimed_control")
        if rec["kind"] == "claimed_control" and rec["event_date"] == claim["event_date"]:
            rec["previous_actor"] = rec["previous_actor"] or claim["previous_actor"]
            claim["previous_actor"] = claim["previous_actor"] or rec["previous_actor"]


def _rekind(rec: dict[str, Any], kind: str) -> None:
    """Turn a record into a claim or a change (its confidence follows the kind)."""
    rec["confidence"] = round(rec["confidence"] / KIND_CONFIDENCE[rec["kind"]]
                              * KIND_CONFIDENCE[kind], 3)
    rec["kind"], rec["confirmed"] = kind, kind == "control_change"
