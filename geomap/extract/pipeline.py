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

import bisect
import json
import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final

import pandas as pd

from geomap._io import limits as _limits
from geomap.actors import ActorSet
from geomap.extract._prefilter import Prefiltered, prefiltered
from geomap.extract.actors_text import ActorMention, find_actor_mentions
from geomap.extract.dates import DATE_RE, DateExpr, find_dates
from geomap.extract.patterns import (
    BY_RE,
    CLAIM_RE,
    CLAUSE_RE,
    CONTRADICTION_RE,
    DENIAL_WORDS_RE,
    DENIED_CLAIM_RE,
    EDGE_AFTER_RE,
    EDGE_BEFORE_RE,
    ENTRY_HELD_RE,
    FACTUAL_TO_RE,
    FAILURE_RE,
    FROM_RE,
    HYPOTHETICAL_BEFORE_RE,
    HYPOTHETICAL_RE,
    MODAL_RE,
    NEGATION_RE,
    NOT_OBJECT_GAP_RE,
    OBJECT_MARK_RE,
    PASSIVE_RE,
    PERFECT_RE,
    PLANNED_FIGHT_RE,
    POSITIONS_GAP_RE,
    ROAD_ENDS_RE,
    SPECULATIVE_RE,
    TO_RE,
    Trigger,
    find_triggers,
)
from geomap.extract.sentences import Sentence, split_sentences
from geomap.runreport import RunReport
from geomap.schema import UNRESOLVED_COLUMNS, make_event_id
from geomap.sources.documents import Document, make_document, split_dateline

log = logging.getLogger("geomap.extract")
#: CLAUSE_RE run only where a clause boundary can start (same matches).
_CLAUSE_SEARCH: Final = Prefiltered(CLAUSE_RE)

#: Base extraction confidence per kind (multiplied by the geocoding confidence).
KIND_CONFIDENCE: Final = {"control_change": 0.9, "claimed_control": 0.6, "contested": 0.8,
                          "objective": 0.7, "route": 0.7, "mention": 1.0}
#: How far (characters) a trigger may be from the place it governs.
MAX_TRIGGER_GAP: Final = 160
MAX_PASSIVE_GAP: Final = 90

_NOMINAL_RE: Final = re.compile(r"^(?:complete\s+)?(?:liberation|capture|recapture|seizure|"
                                r"takeover|conquest|recovery)", re.IGNORECASE)
_POSSESSIVE_GAP_RE: Final = re.compile(
    r"^(?:['’]s?\s+(?:\w+\s+){0,2}|\s+(?:\w+\s+){0,5}?(?:its|their)\s+(?:\w+\s+){0,1})$",
    re.IGNORECASE)
_UNDER_RE: Final = re.compile(r"^(?:came|come|comes|is|are|was|were|now)\s+under", re.I)
_REFERENCE_POINT_RE: Final = re.compile(
    r"(?:\b(?:north|south|east|west|northeast|northwest|southeast|southwest|north-east|"
    r"north-west|south-east|south-west)(?:ern)?\s+of|\bnear|\boutside|\bclose\s+to|"
    r"\boutskirts\s+of|\bbanks?\s+of|\baround|\bkm|\bkilometres|\bkilometers|\bmiles|\bbetween|"
    r"\bfrom)\s+"
    r"(?:the\s+)?(?:(?:city|town|village|capital|port|oasis)\s+(?:of\s+)?)?$", re.IGNORECASE)
#: ", south of Gharyan" right after another place: a reference point for it.
_DIRECTION_APPOSITIVE_RE: Final = re.compile(
    r"^,\s+(?:(?:about|some|around)\s+)?(?:\d+\s*(?:km|kilometres|kilometers|miles)\s+)?"
    r"(?:north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|"
    r"south-east|south-west)(?:ern)?\s+of\s+(?:the\s+)?(?:(?:city|town|capital)\s+(?:of\s+)?)?$",
    re.IGNORECASE)
#: The rest of a list after a clause break: ", and the towns of X and Y" (same verb as before).
_LIST_CONTINUES_RE: Final = re.compile(
    r"^,?\s*(?:and|as\s+well\s+as)\s+(?:the\s+)?(?:(?:\w+\s+)?(?:towns?|cities|city|villages?|"
    r"ports?|districts?|areas?|bases?)\s+of\s+)?(?:[\w'’-]+,?\s+){0,5}?(?:and\s+)?$",
    re.IGNORECASE)
_APPOSITIVE_RE: Final = re.compile(r"^,\s+(?:a|an|the|which|where)\b[^,;]*?\b(?:in|of|near|"
                                   r"by)\s+(?:the\s+)?(?:\w+\s+){0,2}$", re.IGNORECASE)
_REGION_AFTER_RE: Final = re.compile(r"['’]?s?\s+(?:region|province|governorate|oblast|county|"
                                     r"district|area|countryside|state|township)\b",
                                     re.IGNORECASE)
#: "The LNA says it now controls X": one side's present-tense statement about itself.
_SELF_CLAIM_RE: Final = re.compile(r"\b(?:says?|said|claims?|claimed|insists?)\s+(?:that\s+)?"
                                   r"(?:it|they|its\s+\w+|their\s+\w+)\s+$", re.IGNORECASE)
_SPEAKER_AFTER_RE: Final = re.compile(
    r"['’]?s?\s+(?:has\s+|had\s+)?(?:said|says|say|announced|claimed|claims|reported|told|"
    r"insisted|stated|confirmed|denied|warned|called|described|termed|accused)\b", re.IGNORECASE)
_REPELLED_AFTER_RE: Final = re.compile(
    r"^[^;]{0,80}?\b(?:was|were|been)\s+(?:\w+ly\s+)?(?:repelled|repulsed|thwarted|foiled|"
    r"beaten\s+back|pushed\s+back|halted|stopped)", re.IGNORECASE)
_APPOSITION_AFTER_RE: Final = re.compile(r",\s+(?:the|a|an|its|their|which|\w+['’]s)\s"
                                         r"[^,;:()]{1,70},\s*")
_ENTRY_VERB_RE: Final = re.compile(r"(?:enter|storm|break|broke|push|burst|cross)", re.IGNORECASE)
_DENIAL_ACTION_RE: Final = re.compile(r"\b(?:denied|deny|denies|denying|refuted|rejected)\b",
                                      re.IGNORECASE)
_CONTROL_KINDS: Final = ("control_change", "claimed_control")
_AREAL: Final = ("country",)


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


@dataclass
class _Doc:
    """Per-document working state (never shared between documents)."""

    text: str
    source: str
    dateline: str | None
    actors: ActorSet
    scopes: frozenset[str]
    sentences: list[Sentence]
    starts: list[int]
    triggers: list[list[Trigger]]
    dates: list[list[DateExpr]]
    clauses: list[list[int]]
    actor_mentions: list[list[ActorMention]]
    last_agent: str = ""


@dataclass
class _Decision:
    kind: str
    actor: str = ""
    previous: str = ""
    confirmed: bool = True
    trigger: Trigger | None = None
    related: Any = None  # Resolution of the other end of a route
    from_context: bool = False
    nominal: bool = False


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
    mentions = sorted(mentions + _cued_toponyms(text, body, triggers, mentions, alias_spans,
                                                gazetteer, prior), key=lambda m: m.start)
    report.seen += len(mentions)
    kept = []
    for m in mentions:
        clash = next((a for a in alias_spans if a[0] < m.end and m.start < a[1]), None)
        if clash is not None and not _is_place_alias(m.text, clash[2]):
            report.rejected.append({
                "source": src, "line": text.count("\n", 0, m.start) + 1, "column": "text",
                "value": m.text, "reason": f"part of the actor name {clash[2]!r}, not a place"})
        else:
            kept.append(m)
    resolutions = gazetteer.resolve_mentions(kept, text=text, country=prior) if kept else []
    country = _focus_country(resolutions, prior) or prior
    state = _prepare(text, body, src, dateline, actors, scopes, country, triggers, alias_spans,
                     [m.start for m in kept])

    records: list[dict[str, Any]] = []
    unresolved: list[dict[str, Any]] = []
    meta: list[tuple[bool, bool]] = []  # (explicit date, nominal trigger) per record
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
            when, precision, explicit = _date_for(state, si, decision, m)
            records.append(_record(m, res, decision, when, precision, evidence, sent, src))
            meta.append((explicit, decision.nominal))
            if decision.actor and decision.kind not in ("mention", "route") \
                    and not decision.from_context:
                acting.append(decision.actor)
        state.last_agent = _next_context(state, si, acting)
    report.unresolved.extend(unresolved)
    _attach_undated(records, meta)
    merged = merge_records(records)
    # A second report of the same event in one document is the same item seen again: it is
    # counted once, so that seen = events + unresolved + rejected holds for the merged rows.
    report.seen -= len(records) - len(merged)
    report.events += len(merged)
    report.merged_events += len(merged)
    return merged, unresolved, report


def _alias_spans(actors: ActorSet, text: str, start: int) -> list[tuple[int, int, str]]:
    """Every alias match, overlapping ones included ("U.N.-recognised Government of National
    Accord" holds two aliases), so that no word of an actor name is taken for a place."""
    spans: list[tuple[int, int, str]] = []
    matcher = prefiltered(actors.matcher())
    pos = start
    while True:
        m = matcher.search(text, pos)
        if m is None:
            return spans
        spans.append((m.start(), m.end(), m.group(0)))
        nxt = text.find(" ", m.start() + 1)
        pos = nxt + 1 if 0 <= nxt < m.end() else m.end()


def _actor_country(actors: ActorSet, spans: list[tuple[int, int, str]],
                   scopes: frozenset[str]) -> str | None:
    """The one country whose actor set the document's actors come from, if there is one.

    It is a prior for place names the text gives no other clue about ("Palmyra" with Syrian
    army units is in Syria, not Pennsylvania).
    """
    counts: Counter[str] = Counter()
    for _s, _e, alias in spans:
        actor = actors.resolve(alias, scopes=scopes)
        spec = actors.actors.get(actor) if actor else None
        if spec is not None and len(set(spec.countries)) == 1:
            counts[spec.countries[0]] += 1
    if not counts:
        return None
    top = counts.most_common(2)
    if len(top) > 1 and top[1][1] * 2 > top[0][1]:
        return None
    return top[0][0]


_NAME: Final = (r"(?:(?:al|el|ad|as|ash|az|ar|at|an|ed|ez|es|er|bin|ben|bani|beni|abu|ras|wadi|"
                r"bir|jebel|tal|tall|tel|khan|deir|kafr|ain|ayn|qasr|umm)[- ])*"
                r"[A-Z][\w'’]*(?:-[\w'’]+)*"
                r"(?:[- ](?:(?:al|el|ad|as|ash|az|ar|at|an|ed|ez|es|er|bin|ben|bani|abu|of)[- ])?"
                r"[A-Z][\w'’]*(?:-[\w'’]+)*){0,3}")
_CUED_RE: Final = re.compile(
    r"(?:\b(?:from|out\s+of|toward|towards|into|in|near|of|and|at|on)\s+|,\s+)"
    r"(?:the\s+(?:(?:town|city|village|district|port|suburb|neighbourhood|neighborhood|"
    r"settlement|airfield|base)\s+of\s+)?)?(?P<name>" + _NAME + r")")
_NAME_BEFORE_RE: Final = re.compile(r"(?P<name>" + _NAME + r")\s+(?:(?:was|were|has\s+been|"
                                    r"had\s+been|is|are)\s+)?(?:\w+ly\s+)?$")
_DIRECT_NAME_RE: Final = re.compile(r"\s+(?:the\s+(?:(?:town|city|village|district)\s+of\s+)?)?"
                                    r"(?P<name>" + _NAME + r")")
_NAME_APPOSITION_BEFORE_RE: Final = re.compile(
    r"(?P<name>" + _NAME + r"),\s+(?:the|a|an|its|their|which|\w+['’]s)\s[^,;:()]{1,70},\s*"
    r"(?:(?:was|were|has\s+been|had\s+been|is|are)\s+)?(?:\w+ly\s+)?$")
_CUE_FEATURES: Final = ("town", "district", "point")


def _cued_toponyms(text: str, body: int, triggers: list[Trigger], mentions: list[Any],
                   alias_spans: list[tuple[int, int, str]], gazetteer: Any,
                   country: str | None) -> list[Any]:
    """Capitalised names right after a trigger or a place preposition in a sentence with a
    trigger, which the tagger left out (small towns, spelling variants: "losing Gharian").

    The event context is the cue; the gazetteer must still resolve the name to a town,
    district or point feature with a confident score.
    """
    taken = [(m.start, m.end) for m in mentions] + [(s, e) for s, e, _ in alias_spans]
    out: list[Any] = []
    starts: set[int] = set()
    for t in triggers:
        if t.category == "hold":
            continue
        # The cheap test first: the name search before the trigger scans back 60 characters.
        if t.category == "fell" or PASSIVE_RE.search(text, max(body, t.start - 25), t.start):
            # "Zintan fell to", "Zintan, a mountain town in the west, fell to"
            for before_re, reach in ((_NAME_BEFORE_RE, 60), (_NAME_APPOSITION_BEFORE_RE, 130)):
                before = before_re.search(text, max(body, t.start - reach), t.start)
                if before is not None:
                    _add_cued(text, before.start("name"), before.end("name"), gazetteer,
                              country, taken, starts, out)
        stop = min(len(text), t.end + 160)
        # The name right after the trigger, then names after prepositions nearby.
        candidates = [_DIRECT_NAME_RE.match(text, t.end, stop)]
        candidates += list(_CUED_RE.finditer(text, t.end, stop))
        for cand in candidates:
            if cand is None:
                continue
            if "." not in text[t.end:cand.start("name")]:
                _add_cued(text, cand.start("name"), cand.end("name"), gazetteer, country, taken,
                          starts, out)
    return out


_LOOKUPS: dict[tuple[int, str, str | None], Any] = {}
_MAX_LOOKUPS: Final = 50_000


def _cached_lookup(gazetteer: Any, name: str, country: str | None) -> Any:
    """``gazetteer.lookup`` memoised per process (fuzzy misses are the expensive ones).

    A pure cache of a pure function: results do not depend on what was looked up before.
    """
    from geomap.gazetteer import Gazetteer

    if not isinstance(gazetteer, Gazetteer):  # stubs and subclasses: no cache
        return gazetteer.lookup(name, country=country)
    key = (id(gazetteer), name, country)
    res = _LOOKUPS.get(key)
    if res is None:
        if len(_LOOKUPS) >= _MAX_LOOKUPS:
            _LOOKUPS.clear()
        res = _LOOKUPS[key] = gazetteer.lookup(name, country=country)
    return res


def _add_cued(text: str, s: int, e: int, gazetteer: Any, country: str | None,
              taken: list[tuple[int, int]], starts: set[int], out: list[Any]) -> None:
    from geomap.gazetteer import Mention
    from geomap.gazetteer.toponyms import DEMONYMS, STOP_WORDS

    name = text[s:e].rstrip("'’").removesuffix("'s").removesuffix("’s")
    # "After Sabratha": drop leading capitalised function words.
    while " " in name and name.split()[0].lower() in STOP_WORDS:
        head = name.split()[0]
        s += len(head) + 1
        name = name[len(head) + 1:]
    e = s + len(name)
    if not name or s in starts or any(a < e and s < b for a, b in taken):
        return
    first = name.split()[0].split("-")[0].lower()
    if first in STOP_WORDS or first in DEMONYMS or DATE_RE.fullmatch(name):
        return
    res = _cached_lookup(gazetteer, name, country)
    place = res.place
    if place is None or place.geo_precision not in _CUE_FEATURES \
            or res.confidence < 0.5 or place.score < 0.6:
        return
    out.append(Mention(s, e, name, None))
    starts.add(s)
    taken.append((s, e))


def _is_place_alias(place: str, alias: str) -> bool:
    """A toponym inside an alias is a place only when the alias is that place's name."""
    return place.strip().lower() == alias.strip().lower() and False


def _focus_country(resolutions: Sequence[Any], prior: str | None = None) -> str | None:
    counts = Counter(r.place.country for r in resolutions
                     if r.place is not None and r.place.geo_precision not in _AREAL
                     and r.place.country)
    if not counts:
        counts = Counter(r.place.country for r in resolutions
                         if r.place is not None and r.place.country)
    if not counts:
        return None
    best = max(counts.values())
    if prior is not None and counts.get(prior) == best:
        return prior  # a tie is broken by the country of the document's actors
    return counts.most_common(1)[0][0]


def _prepare(text: str, body: int, source: str, dateline: str | None, actors: ActorSet,
             scopes: frozenset[str], country: str | None, found: list[Trigger],
             alias_spans: list[tuple[int, int, str]], mention_starts: list[int]) -> _Doc:
    sentences = split_sentences(text, body)
    starts = [s.start for s in sentences]
    n = len(sentences)
    triggers: list[list[Trigger]] = [[] for _ in range(n)]
    dates: list[list[DateExpr]] = [[] for _ in range(n)]
    clauses: list[list[int]] = [[] for _ in range(n)]
    actor_mentions: list[list[ActorMention]] = [[] for _ in range(n)]
    state = _Doc(text, source, dateline, actors, scopes, sentences, starts, triggers, dates,
                 clauses, actor_mentions)
    if not n:
        return state
    for t in found:
        triggers[_sentence_index(state, t.start)].append(t)
    # Dates only matter in sentences with places: skip the others (most of a long text).
    for si in sorted({_sentence_index(state, p) for p in mention_starts}):
        dates[si] = find_dates(text, dateline, sentences[si].start, sentences[si].end)
    for c in _CLAUSE_SEARCH.finditer(text, body):
        clauses[_sentence_index(state, c.start())].append(c.start())
    for a in find_actor_mentions(text, actors, start=body, country=country, scopes=scopes,
                                 alias_spans=alias_spans):
        actor_mentions[_sentence_index(state, a.alias_start)].append(a)
    return state


def _sentence_index(state: _Doc, pos: int) -> int:
    return max(0, bisect.bisect_right(state.starts, pos) - 1)


def _clause(state: _Doc, si: int, pos: int) -> tuple[int, int]:
    sent = state.sentences[si]
    bounds = state.clauses[si]
    i = bisect.bisect_right(bounds, pos)
    start = bounds[i - 1] if i > 0 else sent.start
    end = bounds[i] if i < len(bounds) else sent.end
    return start, end


# -- deciding the kind ---------------------------------------------------------------------------
def _in_compound(text: str, m: Any) -> bool:
    """Whether a mention is one part of a hyphenated word ("Khartoum-based", "Misrata-Sirte")."""
    after = text[m.end:m.end + 2]
    before = text[max(0, m.start - 2):m.start]
    return (len(after) == 2 and after[0] == "-" and after[1].isalpha()) or (
        len(before) == 2 and before[1] == "-" and before[0].isalpha())


def _decide(state: _Doc, si: int, m: Any, res: Any, items: list[tuple[Any, Any]]) -> _Decision:
    text = state.text
    sent = state.sentences[si]
    triggers = state.triggers[si]
    route = _route_decision(state, si, m, res, items)
    if route is not None:
        return route
    if _in_compound(text, m):
        # "the Khartoum-based army headquarters", "the Misrata-Sirte road": the place only
        # qualifies the object of the verb.
        return _Decision("mention")
    cs, ce = _clause(state, si, m.start)
    if cs > sent.start and _LIST_CONTINUES_RE.match(text[cs:m.start]):
        # "liberated Surman and Sabratha, and the towns of Al-Ajaylat and Zaltan"
        cs = _clause(state, si, cs - 1)[0]
    governing = None
    for t in triggers:
        if t.category == "route":
            continue
        if cs <= t.start and t.end <= m.start and m.start - t.end <= MAX_TRIGGER_GAP:
            governing = t
    passive_after = False
    if (governing is not None and governing.category == "contest"
            and "," in text[governing.end:m.start]):
        # "After two days of clashes, Maiurno fell to the RSF": the fighting is an opening
        # phrase; the verb the place is the subject of says what happened to it.
        back_end = _clause(state, si, m.end)[1]
        for t in triggers:
            if (t.start >= m.end and t.start < back_end and t.category in ("fell", "capture")
                    and t.start - m.end <= MAX_PASSIVE_GAP
                    and _governs_backwards(text, m, t, sent.start)):
                governing = t
                passive_after = True
                break
    if governing is None:
        # "Raqqa, the self-declared capital of the caliphate, fell to...": an appositive
        # between the place and its verb does not end the place's clause.
        apposition = _APPOSITION_AFTER_RE.match(text, m.end, sent.end)
        back_end = _clause(state, si, apposition.end())[1] if apposition else ce
        for t in triggers:
            if t.start >= m.end and t.start < back_end and t.start - m.end <= MAX_PASSIVE_GAP \
                    and _governs_backwards(text, m, t, sent.start):
                governing = t
                passive_after = True
                break
    if governing is None:
        return _Decision("mention")
    if governing.category == "contest":
        governing = _pronoun_capture(text, m, governing, triggers, sent.end) or governing
        if governing.category == "contest" and governing.text[:5].lower() in ("enter", "retur"):
            if ENTRY_HELD_RE.search(text, m.end, sent.end):
                # "entered X after the rebels withdrew": entering and holding is a capture.
                governing = governing._replace(category="capture")
            elif governing.text[:5].lower() == "retur":
                return _Decision("mention")  # "residents returned to X"
    t = governing
    category = t.category
    decision = _Decision("mention", trigger=t, nominal=bool(_NOMINAL_RE.match(t.text)))
    if category == "hold":
        # "X remain in control of Murzuq despite LNA air raids on the town": still fought over
        later = next((c for c in triggers if c.category == "contest" and c.start > m.end
                      and (_ANAPHOR_OBJECT_RE.match(text, c.end, sent.end)
                           or _DESPITE_RE.search(text, max(m.end, c.start - 30), c.start))),
                     None)
        if later is None:
            return decision
        t = decision.trigger = later
        decision.kind = "contested"
        _assign_actors(state, si, m, t, _clause(state, si, t.start)[0], decision, False)
        return decision
    window = text[max(cs, t.start - 60):t.start]
    after = text[t.end:ce]
    if category in ("capture", "fell", "loss"):
        if _SPEAKER_AFTER_RE.match(text, m.end):
            return decision  # "..., Ankara said": the capital speaks for its government
        if category == "loss" and _CIVILIANS_FLEE_RE.search(text, max(cs, t.start - 60),
                                                             t.end):
            return decision  # "families had fled Rabak": people fleeing, not a side losing it
        if EDGE_AFTER_RE.match(text, m.end) or EDGE_BEFORE_RE.search(
                text, max(cs, m.start - 40), m.start) or (
                    t.end <= m.start and POSITIONS_GAP_RE.match(text[t.end:m.start])):
            # "withdrew from Tripoli's southern suburbs": fighting at the edge of the place
            decision.kind = "contested"
            _assign_actors(state, si, m, t, cs, decision, passive_after)
            return decision
        if not passive_after and (
                _REFERENCE_POINT_RE.search(text[max(cs, m.start - 40):m.start])
                and (category != "loss" or not re.search(r"\bfrom\s+(?:the\s+)?$",
                                                         text[max(cs, m.start - 12):m.start]))
                # "pushed Russian forces back from X": X is the verb's own place
                and not (t.end <= m.start and not text[t.end:m.start].strip()
                         and re.search(r"\b(?:from|of)$", t.text))
                or _is_appositive(text, m, t, items)
                or _REGION_AFTER_RE.match(text, m.end)):
            return decision  # "captured X, 20 km south of Y": Y is a reference point
        if HYPOTHETICAL_RE.match(text, cs) or HYPOTHETICAL_BEFORE_RE.search(window) or (
                not passive_after and category != "fell"
                and NOT_OBJECT_GAP_RE.search(text, t.end, m.start)):
            return decision  # "if they seize X"; "took Y, moving closer to X"
        factual = FACTUAL_TO_RE.search(window)
        failure = None if factual else FAILURE_RE.search(window)
        if failure and NEGATION_RE.search(window[:failure.start()]):
            return decision  # "no longer trying to take X": not even an attempt
        if failure or _REPELLED_AFTER_RE.match(after):
            decision.kind = "contested"
        elif not factual and NEGATION_RE.search(window):
            if DENIED_CLAIM_RE.search(window):
                decision.kind, decision.confirmed = "claimed_control", False
            elif _DENIAL_ACTION_RE.search(window):
                decision.kind, decision.confirmed = "contested", False
            else:
                return decision
        elif not factual and MODAL_RE.search(window) and not PERFECT_RE.search(window):
            if category == "loss" or SPECULATIVE_RE.search(window):
                return decision  # "could fall", "would withdraw": no stated aim
            decision.kind = "objective"
        else:
            decision.kind = "control_change"
            if _is_claim(state, si, t) or (t.text.lower().startswith("now")
                                           and _SELF_CLAIM_RE.search(window)):
                decision.kind, decision.confirmed = "claimed_control", False
    elif category == "contest":
        decision.kind = "contested"
        if NEGATION_RE.search(window) and not _UNDER_RE.match(t.text) \
                or HYPOTHETICAL_BEFORE_RE.search(window) \
                or _is_appositive(text, m, t, items) \
                or ROAD_ENDS_RE.search(text, max(cs, m.start - 60), m.start):
            # "an assault on Abu Grein, a town south of Misrata": Misrata only locates it
            decision.kind = "mention"
        elif PLANNED_FIGHT_RE.search(window):
            decision.kind = "objective"  # "preparing an assault on Manbij"
        elif _ENTRY_VERB_RE.match(t.text) and MODAL_RE.search(window) \
                and not FACTUAL_TO_RE.search(window) and not FAILURE_RE.search(window):
            # "poised to enter Tripoli", "threatened to storm X": an aim, or speculation.
            decision.kind = "mention" if SPECULATIVE_RE.search(window) else "objective"
    elif category == "objective":
        decision.kind = "objective"
    if res.place.geo_precision in _AREAL:
        decision.kind = "mention"  # a country does not change hands in one sentence
        return decision
    _assign_actors(state, si, m, t, cs, decision, passive_after)
    if decision.kind in _CONTROL_KINDS and not decision.actor \
            and not (t.category == "loss" and decision.previous):
        # Nobody named as taking it: fighting if a holder is named, else just a mention. A
        # side that withdrew has lost the place even when nobody is named as taking it.
        decision.kind = "contested" if decision.previous else "mention"
    return decision


_DESPITE_RE: Final = re.compile(r"\b(?:despite|in\s+spite\s+of|amid)\s+(?:\w+\s+){0,3}$",
                               re.IGNORECASE)
_ANAPHOR_OBJECT_RE: Final = re.compile(
    r"\s+(?:on|against|in|at|around|near|of)?\s*(?:it|the\s+(?:town|city|village|base|airport|"
    r"airbase|district|area|port|settlement))\b", re.IGNORECASE)
_PRONOUN_OBJECT_RE: Final = re.compile(
    r"\s+(?:it|them|the\s+(?:town|city|village|base|airport|airbase|district|area|port|"
    r"settlement|hill|bridge|crossing|facility|position|stronghold))\b", re.IGNORECASE)


def _is_appositive(text: str, m: Any, t: Trigger, items: list[tuple[Any, Any]]) -> bool:
    """ "liberated Lyman, a rail hub in the Donetsk region": Donetsk only locates Lyman."""
    for other, _res in items:
        if t.end <= other.start and other.end <= m.start \
                and (_APPOSITIVE_RE.match(text[other.end:m.start])
                     or _DIRECTION_APPOSITIVE_RE.match(text[other.end:m.start])):
            return True
    return False


def _pronoun_capture(text: str, m: Any, t: Trigger, triggers: list[Trigger],
                     end: int) -> Trigger | None:
    """ "stormed X and took it": a later capture of a pronoun that refers to the place."""
    for later in triggers:
        if later.start > m.end and later.start - m.end <= 120 and later.category == "capture" \
                and _PRONOUN_OBJECT_RE.match(text, later.end, end):
            return later
    return None


def _governs_backwards(text: str, m: Any, t: Trigger, floor: int) -> bool:
    """Whether a trigger after the place governs it ("X fell to", "X was retaken")."""
    low = t.text.lower()
    if t.category == "fell" and not low.startswith("fall of"):
        return True
    if t.category in ("capture", "loss", "contest") and PASSIVE_RE.search(
            text[max(floor, t.start - 25):t.start]):
        return True
    if t.category == "contest" and (_UNDER_RE.match(t.text) or low.startswith("chang")):
        return True  # "came under fire", "X changed hands twice"
    if t.category == "hold" and low.startswith("held"):
        return True
    gap = text[m.end:t.start]
    return bool(_NOMINAL_RE.match(t.text) and _POSSESSIVE_GAP_RE.match(gap))


def _is_claim(state: _Doc, si: int, t: Trigger) -> bool:
    sent = state.sentences[si]
    text = state.text
    if CLAIM_RE.search(text, sent.start, sent.end):
        return True
    if DENIAL_WORDS_RE.search(text, t.end, sent.end) \
            or CONTRADICTION_RE.search(text, t.end, sent.end):
        return True
    if si + 1 < len(state.sentences):
        nxt = state.sentences[si + 1]
        if nxt.paragraph - sent.paragraph <= 1 and DENIAL_WORDS_RE.search(text, nxt.start,
                                                                          nxt.end):
            return True
    return False


def _route_decision(state: _Doc, si: int, m: Any, res: Any,
                    items: list[tuple[Any, Any]]) -> _Decision | None:
    routes = [t for t in state.triggers[si] if t.category == "route"]
    if not routes:
        return None
    text = state.text
    sent = state.sentences[si]
    before = text[max(sent.start, m.start - 40):m.start]
    # The first end of a road named by its ends ("the coastal road between Misrata and Sirte").
    road = ROAD_ENDS_RE.search(before)
    between = road is not None and _FIRST_END_RE.search(road.group(0)) is not None
    if not FROM_RE.search(before) and not between:
        return None
    t = min(routes, key=lambda r: abs(r.start - m.start))
    if abs(t.start - m.start) > MAX_TRIGGER_GAP:
        return None
    related = None
    others = [(o, r) for o, r in items if o is not m and r.place is not None
              and r.place.geo_precision not in _AREAL]
    for o, r in others:
        gap = text[m.end:o.start]
        if o.start > m.end and (TO_RE.search(text[max(sent.start, o.start - 30):o.start])
                                or (between and _AND_GAP_RE.match(gap))):
            # "from X to Y"; "the road between X and Y"
            related = r
            break
    if related is None:
        for o, r in others:
            if not FROM_RE.search(text[max(sent.start, o.start - 40):o.start]):
                related = r
                break
    if related is None or res.place.geo_precision in _AREAL:
        return None
    actor, from_context = _nearest_actor(state, si, t.start)
    return _Decision("route", actor=actor, trigger=t, related=related,
                     from_context=from_context)


def _nearest_actor(state: _Doc, si: int, pos: int) -> tuple[str, bool]:
    mentions = state.actor_mentions[si]
    best = None
    for idx, a in enumerate(mentions):
        actor = _resolve_mention(state, si, idx)
        if not actor:
            continue
        dist = a.start - pos if a.start >= pos else pos - a.end
        if best is None or dist < best[0]:
            best = (dist, actor)
    if best is not None:
        return best[1], False
    return state.last_agent, True


def _resolve_mention(state: _Doc, si: int, idx: int) -> str:
    """The actor of a mention; generic ones take the actor named before them."""
    mentions = state.actor_mentions[si]
    a = mentions[idx]
    if a.actor:
        return a.actor
    definite = a.text[:4].lower() == "the "
    for prev in reversed(mentions[:idx]):
        if prev.actor:
            # "fell to Tuareg rebels ... abandoned by the army": "the army" is not the side
            # named as the object of another verb.
            if definite and OBJECT_MARK_RE.search(
                    state.text[max(0, prev.start - 20):prev.start]):
                continue
            return prev.actor
    return state.last_agent


def _assign_actors(state: _Doc, si: int, m: Any, t: Trigger, cs: int, decision: _Decision,
                   passive_after: bool) -> None:
    text = state.text
    sent = state.sentences[si]
    mentions = state.actor_mentions[si]
    agent = ""
    agent_idx = -1
    passive = passive_after or bool(PASSIVE_RE.search(text[max(sent.start, t.start - 25):
                                                              t.start]))
    if t.category == "fell" or passive or (
            # "repeated assaults by Gaddafi's forces": the attacker follows "by"
            t.category == "contest" and re.match(r"\s+by\b", text[t.end:t.end + 5])):
        for idx, a in enumerate(mentions):
            if a.start >= t.end and a.start - t.end <= 60 and BY_RE.search(
                    text[max(t.end - 4, a.start - 30):a.start]):
                agent, agent_idx = _resolve_mention(state, si, idx), idx
                break
    if not agent and t.category == "fell" and re.search(r"\b(?:under|in)$", t.text):
        # "is now under GNA control", "back in government hands"
        holder_words = _HOLDER_BEFORE_NOUN_RE.match(text, t.end, sent.end)
        if holder_words is not None:
            inside = next((i for i, a in enumerate(mentions)
                           if t.end <= a.start < holder_words.end()), None)
            if inside is not None:
                agent, agent_idx = _resolve_mention(state, si, inside), inside
            elif holder_words.group(1).lower() in ("its", "their", "our", "his", "her"):
                # "Brega was now fully under its control": the actor named before
                before = [i for i, a in enumerate(mentions) if a.end <= t.start]
                agent = _resolve_mention(state, si, before[-1]) if before \
                    else state.last_agent
            else:
                words = holder_words.group(1)
                agent = (state.actors.resolve(words + " forces", scopes=state.scopes)
                         or state.actors.resolve(words, scopes=state.scopes) or words)
    if not agent and _NOMINAL_ONLY_RE.fullmatch(t.text):
        # "the recapture of Gharyan by government forces"
        for idx, a in enumerate(mentions):
            if m.end <= a.start and re.search(r"\bby\s+(?:the\s+)?$",
                                              text[max(m.end, a.start - 12):a.start]):
                agent, agent_idx = _resolve_mention(state, si, idx), idx
                break
    if not agent and t.category == "fell" and not re.search(r"\b(?:to|of|under|in)$", t.text):
        # "denied Russian claims that X had fallen": the claimant is the taker.
        agent, agent_idx = _claimant(state, si, t)
    if not agent and t.category != "fell":
        for lo in (cs, sent.start):
            for idx in range(len(mentions) - 1, -1, -1):
                a = mentions[idx]
                if a.end > t.start or a.start < lo:
                    continue
                if OBJECT_MARK_RE.search(text[max(sent.start, a.start - 20):a.start]) \
                        or _is_trigger_object(state.triggers[si], a):
                    continue
                actor = _resolve_mention(state, si, idx)
                if actor:
                    agent, agent_idx = actor, idx
                    break
            if agent:
                break
    if not agent and t.text.split()[0].lower().endswith("ing"):
        # "After losing Gharian, the LNA...": the participle's subject follows it.
        for idx, a in enumerate(mentions):
            if a.start >= t.end and not OBJECT_MARK_RE.search(
                    text[max(sent.start, a.start - 20):a.start]):
                agent, agent_idx = _resolve_mention(state, si, idx), idx
                if agent:
                    break
    if not agent and t.category == "loss" and t.text[:4].lower() == "loss":
        # "The loss of X ... was the LNA's heaviest setback": the possessor lost it.
        for idx, a in enumerate(mentions):
            if text[a.end:a.end + 2] in ("'s", "’s") or a.text.endswith(("'s", "’s")):
                agent, agent_idx = _resolve_mention(state, si, idx), idx
                if agent:
                    break
    if not agent and passive:
        # "was abandoned by army units": a group not in any actor set, kept as written
        by = _BY_GROUP_RE.match(text, t.end, sent.end)
        if by is not None:
            agent = re.sub(r"\s+", " ", by.group(1))
    holder = ""  # named as the one the place was taken from
    if t.category == "capture":
        inside = next((i for i, a in enumerate(mentions)
                       if t.start < a.start and a.end <= t.end), None)
        if inside is not None:  # "drove the LNA out of X", "pushed Russian forces back from X"
            holder = _resolve_mention(state, si, inside)
    for a in ([] if holder else mentions):
        if a.actor and a.start >= t.end and FROM_RE.search(text[max(t.end, a.start - 40):
                                                                a.start]):
            holder = a.actor
            break
    if not agent and t.category != "fell":
        if holder and t.category != "loss":
            opp = state.actors.opponents(holder)
            agent = opp[0] if len(opp) == 1 else ""
        if not agent and not passive:
            agent = _subject_as_written(text[cs:t.start])
        # A passive or nominal report ("Tripoli's liberation", "X was retaken") names no
        # agent: the actor of earlier sentences is no evidence of who took the place.
        if not agent and state.last_agent and state.last_agent != holder and not passive:
            agent = state.last_agent
        decision.from_context = bool(agent)
    other = holder if holder != agent else ""
    if not other:
        for idx in range(len(mentions)):
            if idx == agent_idx:
                continue
            actor = _resolve_mention(state, si, idx)
            if actor and actor != agent:
                other = actor
                break
    if t.category == "loss":
        loser = agent
        winner = other
        if not winner and loser:
            opp = state.actors.opponents(loser)
            winner = opp[0] if len(opp) == 1 else ""
        decision.actor, decision.previous = winner, loser
        return
    if not other and agent:
        opp = state.actors.opponents(agent)
        other = opp[0] if len(opp) == 1 else ""
    decision.actor = agent
    decision.previous = other if decision.kind in _CONTROL_KINDS + ("contested",) else ""


_NOMINAL_ONLY_RE: Final = re.compile(r"(?:complete\s+)?(?:liberation|capture|recapture|seizure|"
                                    r"takeover|conquest|recovery)(?:\s+of)?", re.IGNORECASE)
_HOLDER_BEFORE_NOUN_RE: Final = re.compile(
    r"\s+(?:the\s+)?((?:[\w'’.-]+\s+){0,2}?[\w'’.-]+?)(?:['’]s)?\s+(?:control|hands)\b",
    re.IGNORECASE)
_CLAIMANT_AFTER_RE: Final = re.compile(r"(?:['’]s?)?\s+(?:claim(?:s|ed)?|said|says|insists?)\b",
                                       re.IGNORECASE)


def _claimant(state: _Doc, si: int, t: Trigger) -> tuple[str, int]:
    """The actor whose claim a taker-less report is ("Russian claims that X had fallen")."""
    text = state.text
    for idx in range(len(state.actor_mentions[si]) - 1, -1, -1):
        a = state.actor_mentions[si][idx]
        if a.end > t.start:
            continue
        if a.text.lower().endswith(("claims", "claim")) or _CLAIMANT_AFTER_RE.match(text, a.end):
            return _resolve_mention(state, si, idx), idx
    return "", -1


_BY_GROUP_RE: Final = re.compile(
    r"\s+by\s+(?:the\s+)?((?:[\w'’-]+\s+){0,3}(?:forces|troops|units|fighters|soldiers|"
    r"militias?|militiamen|rebels|insurgents|militants|gunmen|tribesmen|army|police))\b",
    re.IGNORECASE)
_SUBJECT_TAIL_RE: Final = re.compile(
    r"(?:\s+(?:have|has|had|were|was|is|are|reportedly|finally|also|now|then|quickly|"
    r"eventually|on\s+\w+day|yesterday|overnight|today))+\s*$", re.IGNORECASE)
_AND_GAP_RE: Final = re.compile(r"^\s+and\s+(?:the\s+)?$")
_FIRST_END_RE: Final = re.compile(r"\sbetween\s+(?:the\s+)?$", re.IGNORECASE)
#: Civilians as the subject of "fled": flight from a place, not its loss by a side.
_CIVILIANS_FLEE_RE: Final = re.compile(
    r"\b(?:families|residents|civilians|people|villagers|refugees|inhabitants|women|"
    r"children|locals|the\s+displaced|farmers|workers)\b"
    r"(?:(?!fighters|troops|soldiers|forces|militants|rebels|militia|units)[^.;]){0,40}?\b"
    r"(?:fled|flee|fleeing|flees|left|escaped)$",
    re.IGNORECASE)
_NOT_ACTOR_NOUNS: Final = frozenset({"sides", "parties", "officials", "residents", "sources",
                                     "witnesses", "analysts", "civilians", "people", "reports",
                                     "media", "diplomats", "observers", "monitors", "experts"})
_GROUP_NOUNS: Final = frozenset({"militia", "army", "police", "group", "brigade", "battalion",
                                 "men", "people", "youth", "guard", "movement", "front"})


def _subject_as_written(before: str) -> str:
    """The clause's subject phrase, kept as written when no known actor is named
    ("Protesters and defecting soldiers have taken over Benghazi")."""
    # "An alliance of armed groups said on Sunday it had seized X": the speaker is the subject.
    speaker = _SPEAKER_SELF_RE.search(before)
    if speaker is not None:
        before = before[:speaker.start()]
    phrase = _SUBJECT_TAIL_RE.sub("", before.strip(" ,;:")).strip()
    # "Libyan forces backed by US air strikes": the modifier is not part of the name.
    phrase = _SUBJECT_MODIFIER_RE.sub("", phrase).strip(" ,")
    words = phrase.split()
    if not 1 <= len(words) <= 6 or not (words[0][0].isupper() or words[0].lower() == "the"):
        return ""
    last = words[-1].lower().strip(".,")
    if last.endswith(("'s", "’s")):
        return ""  # "...expect Russia's": a possessor, not a subject
    last = last.strip("'’")
    if last in _NOT_ACTOR_NOUNS:
        return ""  # "Both sides claimed...", "Residents said...": speakers, not an armed side
    if not (last.endswith("s") or last in _GROUP_NOUNS) or any(w.lower() in (
            "said", "says", "told", "that", "announced") for w in words):
        return ""
    return re.sub(r"^(?:the|The|an?|An?)\s+", "", phrase)


_SPEAKER_SELF_RE: Final = re.compile(
    r"\s+(?:said|says|claimed|claims|announced|insisted|stated)\b[^,;]{0,30}?\b(?:that\s+)?"
    r"(?:it|they)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
_SUBJECT_MODIFIER_RE: Final = re.compile(
    r",?\s+(?:backed|supported|aided|led|loyal|allied|aligned|linked)\s+(?:by|to|with)\s+"
    r"[^,;]*$", re.IGNORECASE)


def _is_trigger_object(triggers: list[Trigger], a: ActorMention) -> bool:
    """Whether an actor is the object of a trigger verb ("drove Gaddafi's troops out")."""
    return any(t.start <= a.start < t.end or 0 <= a.start - t.end <= 1 for t in triggers)


def _next_context(state: _Doc, si: int, acting: list[str]) -> str:
    """The actor generic references in the next sentences point to."""
    if acting:
        return acting[-1]
    for idx, a in enumerate(state.actor_mentions[si]):
        text = state.text
        if a.actor and not OBJECT_MARK_RE.search(text[max(0, a.start - 20):a.start]):
            return _resolve_mention(state, si, idx)
    return state.last_agent


# -- dates and records ---------------------------------------------------------------------------
def _date_for(state: _Doc, si: int, decision: _Decision, m: Any) -> tuple[str, str, bool]:
    anchor = decision.trigger.start if decision.trigger is not None else m.start
    anchor_end = decision.trigger.end if decision.trigger is not None else m.end
    candidates = state.dates[si]
    if candidates and anchor > m.end and _APPOSITION_AFTER_RE.match(state.text, m.end):
        # "Gharyan, which the LNA seized in April 2019, was retaken on Monday": a date between
        # the place and its (later) verb belongs to the aside, not to this event.
        later = [d for d in candidates if not m.end <= d.start < anchor]
        candidates = later or candidates
    if candidates:
        cs, ce = _clause(state, si, anchor)

        def rank(d: DateExpr) -> tuple[int, int]:
            same = 0 if cs <= d.start < ce else 1
            dist = anchor - d.end if d.end <= anchor else d.start - anchor_end
            return (same, abs(dist))

        best = min(candidates, key=rank)
        return best.date, best.precision, True
    if not state.dateline:
        return "", "unknown", False
    if decision.trigger is not None and PERFECT_RE.search(
            state.text[max(0, decision.trigger.start - 20):decision.trigger.start]):
        return state.dateline, "before", False
    return state.dateline, "day", False


def _record(m: Any, res: Any, d: _Decision, when: str, precision: str, evidence: str,
            sent: Sentence, source: str) -> dict[str, Any]:
    place = res.place
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
    out: dict[str, dict[str, Any]] = {}
    for rec in records:
        rec["event_id"] = make_event_id(rec)
        evidence = [rec["evidence"], rec["evidence_start"], rec["evidence_end"]]
        first = out.get(rec["event_id"])
        if first is None:
            rec["_ev"], rec["_src"], rec["n_reports"] = [evidence], [rec["source"]], 1
            out[rec["event_id"]] = rec
        else:
            if evidence not in first["_ev"]:
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
