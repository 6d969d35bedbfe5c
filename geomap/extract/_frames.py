"""The kind of event a place mention is: the trigger that governs it (before it, or a passive
one after it), then modality, negation, claims, reference points and routes."""

from __future__ import annotations

import re
from typing import Any, Final

from geomap.extract._claims import (
    ENTRY_RE,
    flagged_as_claim,
    inside_quote,
    narrated,
    own_report,
)
from geomap.extract._roles import _assign_actors, _nearest_actor
from geomap.extract._state import _AREAL, _CONTROL_KINDS, _REGIONAL, _clause, _Decision, _Doc
from geomap.extract.actors_text import _foreign_common_noun
from geomap.extract.patterns import (
    APPOSITION_AFTER_RE,
    CLAIM_RE,
    DENIED_CLAIM_RE,
    EDGE_AFTER_RE,
    EDGE_BEFORE_RE,
    ENTRY_HELD_NEXT_RE,
    ENTRY_HELD_RE,
    FACILITY_RE,
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
)

#: How far (characters) a trigger may be from the place it governs.
MAX_TRIGGER_GAP: Final = 160
MAX_PASSIVE_GAP: Final = 90
# the noun, not the verb ("captured" is no "capture"): "Moscow's troops captured X" is no
# "its recapture further isolates X"
_NOMINAL_RE: Final = re.compile(r"^(?:complete\s+)?(?:liberation|capture|recapture|seizure|"
                                r"takeover|conquest|recovery|retaking)\b", re.IGNORECASE)
#: A possessor right before an event noun ("its recapture", "the town's swift fall").
_POSSESSOR_BEFORE_RE: Final = re.compile(r"\b(?:its|their|his|her|[\w-]+['’]s)\s+(?:\w+\s+)?$",
                                         re.IGNORECASE)
#: "of" opening the gap between an event noun and a place ("its recapture of X").
_OF_GAP_RE: Final = re.compile(r"\s+(?:[\w'’-]+\s+){0,3}?of\b", re.IGNORECASE)
_POSSESSIVE_GAP_RE: Final = re.compile(
    r"^(?:['’]s?\s+(?:\w+\s+){0,2}|\s+(?:\w+\s+){0,5}?(?:its|their)\s+(?:\w+\s+){0,1})$",
    re.IGNORECASE)
_UNDER_RE: Final = re.compile(r"^(?:came|come|comes|is|are|was|were|now)\s+under", re.I)
#: Between a capture verb and a place: the one outpost that is the place or holds it ("seized
#: the strategic outpost of X", "overran the army outpost in X"). A small place taken for its
#: outpost changes hands with it; plural or indefinite positions ("positions in X") stay
#: fighting, as does an outpost near, around or outside the place.
_OWN_OUTPOST_GAP_RE: Final = re.compile(
    r"\s+the\s+(?:[\w'’-]+\s+){0,3}?outpost\s+(?:of|in)\s+"
    r"(?:the\s+(?:town|village|city)\s+of\s+)?$", re.IGNORECASE)
_REFERENCE_POINT_RE: Final = re.compile(
    r"(?:\b(?:north|south|east|west|northeast|northwest|southeast|southwest|north-east|"
    r"north-west|south-east|south-west)(?:ern)?\s+of|\bnear|\boutside|\bclose\s+to|"
    r"\boutskirts\s+of|\bbanks?\s+of|\baround|\bkm|\bkilometres|\bkilometers|\bmiles|\bbetween|"
    r"\bfrom|"
    # "the hills overlooking X", "the road linking X with Y", "the highway between X and Y",
    # "the road to X": the place only locates what was taken
    r"\boverlooking|\b(?:linking|connecting|joining)|\broads?\s+(?:to|into)|"
    r"\b(?:linking|connecting|joining|between)\s+(?:the\s+)?[\w'’-]+(?:\s+[\w'’-]+){0,3}?"
    r"\s+(?:with|and|to))\s+"
    r"(?:the\s+)?(?:(?:[\w'’-]+\s+)?(?:city|town|village|capital|port|oasis)\s+(?:of\s+)?)?$",
    re.IGNORECASE)
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
_REGION_AFTER_RE: Final = re.compile(
    r"(?:['’]?s?\s+|(?:,\s*(?:al-|el-)?[A-Z][\w'’-]+)*,?\s+and\s+(?:the\s+)?(?:al-|el-)?"
    r"[A-Z][\w'’-]+\s+)(?i:regions?|provinces?|governorates?|oblasts?|count(?:y|ies)|districts?|"
    r"areas?|countryside|states?|townships?)\b")
#: "the province of X", "the capital of Y province of": X is named as a province.
_REGION_BEFORE_RE: Final = re.compile(
    r"\b(?:region|province|governorate|oblast|state|district)\s+of\s+(?:the\s+)?$",
    re.IGNORECASE)
#: "The LNA says it now controls X": one side's present-tense statement about itself.
_SELF_CLAIM_RE: Final = re.compile(r"\b(?:says?|said|claims?|claimed|insists?)\s+(?:that\s+)?"
                                   r"(?:it|they|its\s+\w+|their\s+\w+)\s+$", re.IGNORECASE)
#: Verbs of speaking, shared by the speaker tests below.
_SAYS: Final = (r"said|says|say|announced|claimed|claims|reported|told|insisted|stated|confirmed|"
                r"denied|denies|warned|called|described|termed|accused|rejected|rejects|"
                r"dismissed|dismisses|disputed|disputes|refuted|refutes")
_SPEAKER_AFTER_RE: Final = re.compile(rf"['’]?s?\s+(?:has\s+|had\s+)?(?:{_SAYS})\b",
                                      re.IGNORECASE)
#: Where a statement comes from: "according to the defence ministry in X", "officials in X
#: said". Such an X is the seat of a speaker, never the place of the change it reports.
_SEAT_NOUN: Final = (r"(?:ministry|ministries|officials?|sources?|spokes(?:man|woman|person)|"
                     r"authorities|command|headquarters|government|officers?|governor|"
                     r"correspondents?|reporters?|journalists?|analysts?|diplomats?)")
_ACCORDING_SEAT_BEFORE_RE: Final = re.compile(
    r"\baccording\s+to\s+[^,.;:]{0,50}?\b(?:in|from)\s+(?:the\s+)?$", re.IGNORECASE)
_SEAT_BEFORE_RE: Final = re.compile(_SEAT_NOUN + r"\s+(?:based\s+)?(?:in|from)\s+(?:the\s+)?$",
                                    re.IGNORECASE)
_SPEECH_AFTER_RE: Final = re.compile(
    rf",?\s+(?:(?:on|late|early)\s+\w+\s+)?(?:has\s+|have\s+|had\s+)?"
    rf"(?:{_SAYS}|admitted|acknowledged)\b", re.IGNORECASE)
_REPELLED_AFTER_RE: Final = re.compile(
    r"^[^;]{0,80}?\b(?:was|were|been)\s+(?:\w+ly\s+)?(?:repelled|repulsed|thwarted|foiled|"
    r"beaten\s+back|pushed\s+back|halted|stopped)", re.IGNORECASE)
_ENTRY_VERB_RE: Final = re.compile(r"(?:enter|storm|break|broke|push|burst|cross)", re.IGNORECASE)
_DENIAL_ACTION_RE: Final = re.compile(r"\b(?:denied|deny|denies|denying|refuted|rejected)\b",
                                      re.IGNORECASE)


# -- deciding the kind ---------------------------------------------------------------------------
def _in_compound(text: str, m: Any) -> bool:
    """Whether a mention is one part of a hyphenated word ("Khartoum-based", "Misrata-Sirte")."""
    after = text[m.end:m.end + 2]
    before = text[max(0, m.start - 2):m.start]
    return (len(after) == 2 and after[0] == "-" and after[1].isalpha()) or (
        len(before) == 2 and before[1] == "-" and before[0].isalpha())


def _source_seat(text: str, m: Any, sent_start: int) -> bool:
    """Whether the place ``m`` is where a statement comes from (see ``_SEAT_BEFORE_RE``)."""
    before = text[max(sent_start, m.start - 70):m.start]
    if _ACCORDING_SEAT_BEFORE_RE.search(before):
        return True
    if _SEAT_BEFORE_RE.search(before) and _SPEECH_AFTER_RE.match(text, m.end):
        return True
    # "Kyiv said ...": a place opening its sentence as the speaker stands for its government
    return not text[sent_start:m.start].strip() and bool(_SPEAKER_AFTER_RE.match(text, m.end))


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
    if _locates_a_site(text, m, items):
        # "took back the Republican Palace in Khartoum": the palace changed hands; the city
        # only says where it is
        return _Decision("mention")
    if _source_seat(text, m, sent.start):
        # "according to the defence ministry in Moscow", "officials in Kyiv said", "Kyiv said
        # its units held X": where a statement comes from, not where the change happened
        return _Decision("mention")
    cs, ce = _clause(state, si, m.start)
    if cs > sent.start and _LIST_CONTINUES_RE.match(text[cs:m.start]):
        # "liberated Surman and Sabratha, and the towns of Al-Ajaylat and Zaltan"
        cs = _clause(state, si, cs - 1)[0]
    if cs > sent.start and _INCLUDING_RE.match(text[cs:m.start]):
        # "retook seven towns - including X and Y": the items are the verb's objects
        cs = _clause(state, si, cs - 1)[0]
    colon = text.rfind(":", sent.start, m.start)
    if colon > sent.start and _LIST_INTRO_RE.search(text, max(sent.start, colon - 60),
                                                    colon) \
            and _LIST_ITEMS_RE.fullmatch(text, colon + 1, m.start):
        # "the liberation of four villages: A, B, C and D": each item is the verb's object
        cs = min(cs, _clause(state, si, colon - 1)[0])
    governing = None
    for t in triggers:
        if t.category == "route":
            continue
        if cs <= t.start and t.end <= m.start and m.start - t.end <= MAX_TRIGGER_GAP:
            governing = t
    if governing is not None and governing.text.lower() == "stronghold":
        # "retook the militant stronghold of X": the noun is the verb's object, and the verb
        # says what happened to X (the noun only who held it before); "shelled the rebel
        # stronghold of X" is fighting there
        verb = next((t for t in reversed(triggers)
                     if t.category in ("capture", "loss", "fell", "contest") and cs <= t.start
                     and t.end <= governing.start
                     and _STRONGHOLD_OBJECT_GAP_RE.fullmatch(text, t.end, governing.start)),
                    None)
        governing = verb or governing
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
        designated = _DESIGNATOR_RE.match(text, m.end, sent.end)  # "X district, which ..."
        apposition = APPOSITION_AFTER_RE.match(
            text, designated.end() if designated else m.end, sent.end) or (
            # "visited X, which was retaken by Y in May": a relative clause in the passive
            # tells X's own change, though its comma opens a new clause
            _PASSIVE_RELATIVE_RE.match(text, m.end, sent.end))
        back_end = _clause(state, si, apposition.end())[1] if apposition else ce
        # "X, which fell to Y on Thursday, was retaken by Z": the main verb after the aside
        # governs X (the aside's own change is told by the history rules); the verb inside
        # the aside only when no main verb follows it ("visited X, which was retaken by Y").
        inside = [t for t in triggers
                  if t.start >= m.end and t.start < back_end
                  and t.start - m.end <= MAX_PASSIVE_GAP
                  and _governs_backwards(text, m, t, sent.start)]
        main = [t for t in triggers
                if apposition is not None and "which" in apposition.group(0)
                and t.start >= apposition.end() and t.start < back_end
                and t.start - apposition.end() <= MAX_PASSIVE_GAP // 3
                and t.category in ("fell", "capture", "loss")
                and _governs_backwards(text, m, t, sent.start)]
        for t in main[:1] or inside[:1]:
            governing = t
            passive_after = True
    if governing is None:
        # "seized the palace, the army chief's residence and X": the last item of a list of
        # objects (the clause split at ", the" cut it from its verb)
        governing = next((t for t in reversed(triggers)
                          if t.category in ("capture", "loss") and sent.start <= t.start
                          and t.end <= m.start and m.start - t.end <= MAX_TRIGGER_GAP
                          and _OBJECT_LIST_GAP_RE.fullmatch(text, t.end, m.start)
                          and not _LIST_GAP_VERB_RE.search(text, t.end, m.start)), None)
    if governing is None:
        return _Decision("mention")
    entry = governing if governing.category == "contest" and ENTRY_RE.match(governing.text) \
        else None
    if governing.category == "contest":
        governing = _pronoun_capture(text, m, governing, triggers, sent.end) or governing
        if governing.category == "contest" and governing.text[:5].lower() in ("enter", "retur"):
            if ENTRY_HELD_RE.search(text, m.end, sent.end) or _held_next(state, si):
                # "entered X after the rebels withdrew": entering and holding is a capture.
                governing = governing._replace(category="capture")
            elif governing.text[:5].lower() == "retur":
                return _Decision("mention")  # "residents returned to X"
    if governing.category == "capture" and _PARTICIPLE_PATIENT_RE.search(
            text, max(sent.start, governing.start - 3), governing.start + len(governing.text)):
        # "The Taliban, ousted from Kunduz in 2016, ...": the subject lost the place
        governing = governing._replace(category="loss")
    t = governing
    category = t.category
    decision = _Decision("mention", trigger=t, nominal=bool(_NOMINAL_RE.match(t.text)))
    if decision.nominal and t.text[:1].isupper() and t.start > sent.start \
            and not re.search(r"[.:;!?\"“‘(]\s*$", text[sent.start:t.start]):
        return decision  # "Operation Golden Sword for the Liberation of X": a name, no event
    if category == "hold":
        # "X remain in control of Murzuq despite LNA air raids on the town": still fought over
        later = next((c for c in triggers if c.category == "contest" and c.start > m.end
                      and (_ANAPHOR_OBJECT_RE.match(text, c.end, sent.end)
                           or _DESPITE_RE.search(text, max(m.end, c.start - 30), c.start))),
                     None)
        if later is None:
            if _REFERENCE_POINT_RE.search(text[max(cs, m.start - 40):m.start]):
                return decision  # "X, 450 km east of the capital Y, had been held by": Y locates X
            return _held(state, si, m, t, cs, decision)
        t = decision.trigger = later
        decision.kind = "contested"
        _assign_actors(state, si, m, t, _clause(state, si, t.start)[0], decision, False)
        return decision
    window = text[max(cs, t.start - 60):t.start]
    after = text[t.end:ce]
    weighed_claim = False
    if category in ("capture", "fell", "loss"):
        if _SPEAKER_AFTER_RE.match(text, m.end) or _POSSESSOR_RE.match(text, m.end) \
                or _SIDE_NAMED_BEFORE_RE.search(text, max(sent.start, m.start - 40), m.start):
            # "..., Ankara said": the capital speaks for its government; "Moscow's first
            # claim", "a defeat for Kabul": the capital stands for its side
            return decision
        if _FORCE_NOUN_AFTER_RE.match(text, m.end):
            return decision  # "seized by the Misrata militias": the place names a force
        if _REPEATED_RE.match(text, t.end, ce) or _REPEATED_RE.search(
                text, max(cs, t.start - 12), t.start):
            # "X has been captured two times in the past", "twice overran X": a count of
            # earlier changes, none of them dated
            return decision
        if t.end <= m.start and _HUB_IN_REGION_RE.match(text, t.end, m.start):
            return decision  # "the capture of the rail hub in eastern X": X locates it
        if t.end <= m.start and _GERUND_SUBJECT_RE.match(t.text) \
                and _MODAL_AFTER_RE.match(text, m.end):
            return decision  # "Capturing X would deal a blow": a hypothetical
        if _EVENT_NOUN_RE.fullmatch(t.text) and _NOUN_MODAL_AFTER_RE.match(
                text, m.end if t.end <= m.start else t.end):
            # "the loss of X would be a blow", "the fall of X to Y could open the road",
            # "X's capture would ...": an outcome weighed, not one that happened; after a
            # sentence reporting a claim of a taking it weighs that claim (still a claim)
            if not _claim_before(state, si):
                return decision
            weighed_claim = True
        if category == "loss" and _CIVILIANS_FLEE_RE.search(text, max(cs, t.start - 60),
                                                             t.end):
            return decision  # "families had fled Rabak": people fleeing, not a side losing it
        if EDGE_AFTER_RE.match(text, m.end) or EDGE_BEFORE_RE.search(
                text, max(cs, m.start - 40), m.start) or (
                    t.end <= m.start and POSITIONS_GAP_RE.match(text[t.end:m.start])
                    and not _OWN_OUTPOST_GAP_RE.match(text, t.end, m.start)):
            # "withdrew from Tripoli's southern suburbs": fighting at the edge of the place
            decision.kind = "contested"
            _assign_actors(state, si, m, t, cs, decision, passive_after)
            return decision
        if passive_after and _LOCATOR_BEFORE_RE.search(text, max(sent.start, m.start - 50),
                                                       m.start):
            return decision  # "the town of X, in the province of Y, fell": Y locates X
        if not passive_after and (
                _REFERENCE_POINT_RE.search(text[max(cs, m.start - 40):m.start])
                and (category != "loss" or not _FROM_PLACE_RE.search(
                    text, max(cs, m.start - 40), m.start))
                # "pushed Russian forces back from X": X is the verb's own place
                and not (t.end <= m.start and _OWN_PLACE_GAP_RE.fullmatch(text, t.end, m.start)
                         and re.search(r"\b(?:from|of)$", t.text))
                # "overran the 5th Brigade base from X": the site taken lies in X
                and not (t.end <= m.start and _SITE_FROM_GAP_RE.fullmatch(text, t.end, m.start))
                or _is_appositive(text, m, t, items)
                or (_REGION_AFTER_RE.match(text, m.end)
                    and not _capital_of_object(text, t, m, sent.start)
                    and not _own_district(text, t, m))
                or (_REGION_BEFORE_RE.search(text, max(cs, m.start - 30), m.start)
                    and not _own_district(text, t, m))):
            return decision  # "captured X, 20 km south of Y": Y is a reference point
        if HYPOTHETICAL_RE.match(text, cs) or HYPOTHETICAL_BEFORE_RE.search(window) or (
                not passive_after and category != "fell"
                and NOT_OBJECT_GAP_RE.search(text, t.end, m.start)):
            return decision  # "if they seize X"; "took Y, moving closer to X"
        if t.end <= m.start and _NOMINAL_RE.match(t.text) \
                and _POSSESSOR_BEFORE_RE.search(text, max(sent.start, t.start - 20), t.start) \
                and not _OF_GAP_RE.match(text, t.end, m.start):
            return decision  # "its recapture further isolates militants in X": not its object
        factual = FACTUAL_TO_RE.search(window) or (
            # "claimed on Thursday to have complete control of X": a perfect, no aim
            re.match(r"ha(?:ve|d)\s", t.text, re.IGNORECASE) and window.endswith(("to ", "to\n")))
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
            if weighed_claim or flagged_as_claim(state, si, t) or (
                    t.text.lower().startswith("now") and _SELF_CLAIM_RE.search(window)):
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
        # "withdrew from the town on Wednesday towards X": where a retreat goes is no aim
        # (the pattern only sees the word right before "towards")
        retreat = _TOWARD_RE.fullmatch(t.text) and _RETREAT_BEFORE_RE.search(window)
        decision.kind = "mention" if retreat else "objective"
    if res.place.geo_precision in _AREAL:
        decision.kind = "mention"  # a country does not change hands in one sentence
        return decision
    if decision.kind in _CONTROL_KINDS:
        # "captured the airport in X", "seized X's airport": the airport, when the gazetteer
        # knows it by its town's name (else the town, as precise as the town)
        decision.place = _airport_of(state, m, res) or decision.place
    if decision.kind in _CONTROL_KINDS and _capital_of_object(text, t, m, sent.start) \
            and _PROVINCE_WORD_RE.search(text, m.start, min(sent.end, m.end + 12)):
        # "overran the provincial capital of the northern X province": the town that shares
        # the province's name, when the gazetteer knows one (else nothing: a region)
        town = _namesake_town(res) if res.place.geo_precision in _REGIONAL else res.place
        if town is None:
            decision.kind = "mention"
            return decision
        decision.place = town
    elif decision.kind in _CONTROL_KINDS and _PROVINCE_WORD_RE.search(m.text) \
            and res.place.geo_precision not in _REGIONAL:
        # "Shabwa province" geocoded to a town somewhere: the text names a province.
        decision.kind = "mention"
        return decision
    if decision.kind in _CONTROL_KINDS and res.place.geo_precision in _REGIONAL \
            and decision.place is None:
        # "Gao was abandoned": a town that shares its province's name is the town; "took
        # Kunduz province", "advances in Cabo Delgado": a province or region is a locator
        # or a front, not one place that changed hands (its towns do).
        decision.place = None if _REGION_WORD_RE.search(m.text) or _REGION_AFTER_RE.match(
            text, m.end) or (_REGION_BEFORE_RE.search(text, max(sent.start, m.start - 30),
                                                       m.start)
                             and not _own_district(text, t, m)) else _namesake_town(res)
        if decision.place is None:
            decision.kind = "mention"
            return decision
    _assign_actors(state, si, m, t, cs, decision, passive_after)
    if decision.kind in _CONTROL_KINDS and not decision.actor and decision.previous \
            and t.category in ("capture", "fell"):
        # "the capture of X" told beside the side that lost it: in a two-sided war the
        # taker is the loser's one declared opponent.
        opp = state.actors.opponents(decision.previous)
        if len(opp) == 1 and not _loser_speaks(state, si, decision.previous, t.start):
            decision.actor = opp[0]
    if decision.kind in _CONTROL_KINDS and not decision.actor \
            and not (t.category == "loss" and decision.previous):
        # Nobody named as taking it: fighting if a holder is named, else just a mention. A
        # side that withdrew has lost the place even when nobody is named as taking it.
        decision.kind = "contested" if decision.previous else "mention"
    if decision.kind == "control_change" and t.category in ("capture", "fell", "loss"):
        if own_report(state, si, t, decision) and not (
                entry is not None and narrated(state, si, entry)):
            # "the army said it had taken X": a claim until the document corroborates it
            # ("Troops entered X, and their leader said they held it": the entry is told as
            # fact, the holding by the side)
            decision.kind, decision.confirmed, decision.reported = "claimed_control", False, True
        decision.quoted = inside_quote(text, sent.start, t.start)
    return decision


def _claim_before(state: _Doc, si: int) -> bool:
    """Whether the sentence before reports a claim of a taking ("claims from a group that it
    had captured the base")."""
    if si == 0:
        return False
    prev = state.sentences[si - 1]
    return CLAIM_RE.search(state.text, prev.start, prev.end) is not None and any(
        t.category in ("capture", "fell") for t in state.triggers[si - 1])


def _loser_speaks(state: _Doc, si: int, previous: str, start: int) -> bool:
    """Whether the side taken as the loser is only named as a speaker of the sentence ("X was
    liberated, the army's spokesman said"), or before the verb: a speaker tells its own gains
    as often as its losses, and a side named before the verb is more often its subject."""
    from geomap.extract._roles import _is_speaker, _resolve_mention

    named = [a for i, a in enumerate(state.actor_mentions[si])
             if _resolve_mention(state, si, i) == previous]
    if any(a.start < start for a in named):
        return True
    return bool(named) and all(_is_speaker(state, si, a) for a in named)


#: "from X", "from the town of X" right before a place: the place a side left.
_FROM_PLACE_RE: Final = re.compile(
    r"\bfrom\s+(?:the\s+)?(?:(?:\w+\s+)?(?:city|town|village|capital|port|oasis)\s+of\s+)?$",
    re.IGNORECASE)
#: Between "back from"/"control of" and its place: nothing, or "the town of".
_OWN_PLACE_GAP_RE: Final = re.compile(
    r"\s*(?:(?:the\s+)?(?:\w+\s+)?(?:city|town|village|capital|port|oasis)\s+of\s+)?",
    re.IGNORECASE)
#: Between a change verb and a place: a military site or unit, then "from" ("overran the
#: 5th Brigade's base from X").
_SITE_FROM_GAP_RE: Final = re.compile(
    r"\s+(?:the\s+)?(?:[\w'’-]+\s+){0,4}?(?:division|brigade|base|garrison|headquarters|"
    r"barracks|command|camp)\s+from\s+(?:the\s+)?(?:(?:city|town|capital)\s+of\s+)?",
    re.IGNORECASE)
#: A place owning what a side owns ("Moscow's first claim", "Kyiv's forces").
#: Between a site and the town after it that locates it ("the palace in Khartoum").
_SITE_IN_GAP_RE: Final = re.compile(
    r",?\s+(?:in|inside)\s+(?:(?:central|downtown|northern|southern|eastern|western)\s+)?"
    r"(?:the\s+(?:city|town|capital)\s+of\s+)?")
#: A town's possessive before the name of something in it.
_OWNER_GAP_RE: Final = re.compile(r"['’]s?\s+")
#: After a name: the kind of facility it names ("X hospital", "X airport").
_FACILITY_AFTER_RE: Final = re.compile(
    r"\s+(?:hospital|airport|air\s?base|base|prison|palace|compound|barracks|stadium|"
    r"university|mosque|church|market|bridge|dam|port|refinery|camp)\b", re.IGNORECASE)
#: Gazetteer precisions of a site inside a town (a facility, an airport).
_SITE_PRECISIONS_IN_TOWN: Final = ("point", "airport")


def _locates_a_site(text: str, m: Any, items: list[tuple[Any, Any]]) -> bool:
    """Whether ``m`` only locates the place named right before it: a site ("the Republican
    Palace in Khartoum", "the airport inside X") or a town in a unit named as such ("Kiwanja
    in Rutshuru territory")."""
    for other, res in items:
        if other.start > m.end and res.place is not None \
                and _OWNER_GAP_RE.fullmatch(text, m.end, other.start) \
                and (res.place.geo_precision in _SITE_PRECISIONS_IN_TOWN
                     or _FACILITY_AFTER_RE.match(text, other.end)):
            return True  # "Gaza's Al-Shifa hospital": the hospital, in Gaza
        if other.end > m.start or other.end < m.start - 30 or res.place is None:
            continue
        if not _SITE_IN_GAP_RE.fullmatch(text, other.end, m.start):
            continue
        if res.place.geo_precision in _SITE_PRECISIONS_IN_TOWN:
            return True
        if res.place.geo_precision == "town" and _UNIT_AFTER_RE.match(text, m.end):
            return True  # "the town of X in Y territory": Y names the unit X lies in
    return False


#: After a name: the kind of administrative unit it names.
_UNIT_AFTER_RE: Final = re.compile(
    r"\s+(?:territory|district|province|governorate|region|state|oblast|county|department|"
    r"prefecture|zone|woreda|municipality|raion)\b", re.IGNORECASE)


#: Between a verb and the last item of its list of objects: noun phrases joined by commas,
#: the last by "and" ("the palace, the army chief's residence and ").
_OBJECT_LIST_GAP_RE: Final = re.compile(
    r"\s+(?:[\w'’-]+\s+){0,5}?[\w'’-]+(?:,\s+(?:[\w'’-]+\s+){0,5}?[\w'’-]+){0,4},?\s+and\s+"
    r"(?:the\s+)?")
#: A verb or relative word inside such a gap: then it is no list of objects.
_LIST_GAP_VERB_RE: Final = re.compile(
    r"\b(?:said|says|say|was|were|is|are|has|have|had|which|who|where|when|while|after|before|"
    r"\w+ed|\w+ing)\b", re.IGNORECASE)
#: Between a verb of taking and "stronghold": its determiner and modifiers only.
_STRONGHOLD_OBJECT_GAP_RE: Final = re.compile(
    r"\s+(?:(?:full\s+)?control\s+of\s+)?(?:the|a|an|its|their)\s+(?:[\w'’-]+\s+){0,4}")
_POSSESSOR_RE: Final = re.compile(
    r"['’]s\s+(?:\w+\s+)?(?:claims?|statements?|announcements?|victory|victories|defeat|"
    r"setbacks?|gains|forces|troops|army|military|allies|government|offensive|officials|"
    # "Kyiv's recapture of X": the capital's side took X ("Kherson's recapture": Kherson's)
    r"(?:(?:re)?capture|seizure|takeover|liberation|conquest|retaking)\s+of)\b",
    re.IGNORECASE)
#: "a defeat for Kabul", "a blow to Moscow": the place stands for the side governing it.
_SIDE_NAMED_BEFORE_RE: Final = re.compile(
    r"\b(?:defeat|blow|setback|victory|boost|embarrassment|humiliation)\s+(?:for|to)\s+"
    r"(?:the\s+)?$", re.IGNORECASE)
#: After a takeover and before a place: an object located in a part of it ("the capture of
#: the road and rail hub in eastern Donetsk").
_HUB_IN_REGION_RE: Final = re.compile(
    r"\s+(?:of\s+)?(?:the\s+|a\s+)?(?:[\w'’-]+\s+){1,5}?in\s+(?:the\s+)?(?:north|south|east|"
    r"west|central|north-?east|north-?west|south-?east|south-?west)(?:ern)?\s+$",
    re.IGNORECASE)
#: A gerund opening a clause as its subject ("Capturing X would...").
_GERUND_SUBJECT_RE: Final = re.compile(r"[A-Z]\w*ing\b")
#: Right after a place: a non-restrictive relative clause in the passive (", which was",
#: ", which has been"), up to its verb.
_PASSIVE_RELATIVE_RE: Final = re.compile(
    r"(?:\s+(?:city|town|village|district|township))?,\s+which\s+(?:(?:has|had)\s+)?"
    r"(?:been|was|were|is|are)\s+"
    r"(?:\w+ly\s+|also\s+|later\s+|then\s+)?(?=\w)", re.IGNORECASE)
#: A count of changes ("two times", "twice", "repeatedly"), right after or before the verb.
_REPEATED_RE: Final = re.compile(
    r"(?:\s+(?:by\s+(?:[\w'’-]+\s+){1,3}?)?(?:two|three|four|several|many|multiple|\d+)\s+"
    r"times\b|\s+(?:twice|repeatedly)\b)|\b(?:twice|repeatedly)\s+$", re.IGNORECASE)
#: Words of a time told inside a noun phrase ("the fall of X last week could ..." happened).
_WHEN_WORDS: Final = (r"(?:last|this|on|in|at|yesterday|today|earlier|early|late|overnight|"
                      r"since|after|before)\b")
#: A change told as a noun ("the loss of", "the fall of", "X's capture").
_EVENT_NOUN_RE: Final = re.compile(
    r"(?:complete\s+)?(?:liberation|capture|recapture|seizure|takeover|conquest|recovery|"
    r"retaking|fall|loss)(?:\s+of)?|(?:losing|capturing|seizing|retaking|recapturing)",
    re.IGNORECASE)
#: After such a noun's place (and its "by/to Y"): a conditional, so a weighed outcome.
_NOUN_MODAL_AFTER_RE: Final = re.compile(
    r"(?:['’]s)?(?:\s+(?:by|to)\s+(?:the\s+)?(?:(?!" + _WHEN_WORDS + r")[\w'’-]+\s+){0,2}?"
    # a stray comma before the verb ("the loss of X, would be a blow") changes nothing
    r"(?!" + _WHEN_WORDS + r")[\w'’-]+)?,?\s+(?:\w+ly\s+)?(?:would|could|might)\b",
    re.IGNORECASE)
_MODAL_AFTER_RE: Final = re.compile(r"\s+(?:\w+\s+)?(?:would|could|will|might|may)\b",
                                    re.IGNORECASE)
#: A dash and "including" before a place: the rest of a list the verb before governs.
_INCLUDING_RE: Final = re.compile(
    r"^\s*[–—-]\s*including\s+(?:[\w'’-]+(?:\s+[\w'’-]+){0,3}\s*,\s*)*"
    r"(?:[\w'’-]+(?:\s+[\w'’-]+){0,3}\s+and\s+)?$", re.IGNORECASE)
#: "in the province of" / "in the territory of" right before a place: it locates another.
_LOCATOR_BEFORE_RE: Final = re.compile(
    r"\b(?:in|of)\s+(?:the\s+)?(?:\w+\s+)?(?:province|region|state|territory|district|"
    r"governorate|oblast|county)\s+of\s+$", re.IGNORECASE)
_DESPITE_RE: Final = re.compile(r"\b(?:despite|in\s+spite\s+of|amid)\s+(?:\w+\s+){0,3}$",
                               re.IGNORECASE)
_ANAPHOR_OBJECT_RE: Final = re.compile(
    r"\s+(?:on|against|in|at|around|near|of)?\s*(?:it|the\s+(?:town|city|village|base|airport|"
    r"airbase|district|area|port|settlement))\b", re.IGNORECASE)
_PRONOUN_OBJECT_RE: Final = re.compile(
    r"\s+(?:it|them|the\s+(?:town|city|village|base|airport|airbase|district|area|port|"
    r"settlement|hill|bridge|crossing|facility|position|stronghold)\b|"
    # a site inside the place just fought over ("fought their way into X and captured the
    # presidential palace"): taking it is taking the place (the site is located by its town)
    + FACILITY_RE.pattern + r"|"
    # "struck X, seizing control of a local prison": a site of the place just attacked
    r"(?:a|an|its|their)\s+(?:[\w'’-]+\s+){0,2}?(?:prison|jail|palace|compound|headquarters|"
    r"barracks|garrison|airport|air\s?base|base|camp)\b(?!\s+(?:in|at|near|of|outside)\b))",
    re.IGNORECASE)


#: "... of four villages:" / "the towns of" before a colon: a list of places follows.
_LIST_INTRO_RE: Final = re.compile(
    r"\b(?:villages|towns|cities|settlements|localities|hamlets|districts|neighbou?rhoods|"
    r"areas|positions|bases)\s*$", re.IGNORECASE)
#: Between the colon and a list item: earlier items only ("A, B and ").
_LIST_ITEMS_RE: Final = re.compile(r"\s*(?:[\w'’-]+(?:\s+[\w'’-]+){0,3}\s*,\s*)*"
                                   r"(?:[\w'’-]+(?:\s+[\w'’-]+){0,3}\s+and\s+)?")
#: A participle in apposition to its subject: ", ousted/driven/expelled from X" (passive).
_PARTICIPLE_PATIENT_RE: Final = re.compile(
    r",\s*(?:ousted|driven|expelled|evicted|chased|pushed|forced|routed|dislodged)\s+"
    r"(?:out\s+of|from)\b", re.IGNORECASE)
#: A preposition right before a place: the place is no subject of the verb after it.
_PREP_BEFORE_RE: Final = re.compile(r"\b(?:in|at|near|from|for|around|outside|across|inside|"
                                    r"over|to|into|on)\s+(?:the\s+)?$", re.IGNORECASE)
#: A name written as a province (a district's fall is its centre's: not here).
#: Right before a province's name: its capital is what is meant ("the provincial capital of
#: Afghanistan's northern X province", "the capital of the X region").
_CAPITAL_OF_RE: Final = re.compile(
    r"\b(?:provincial|regional|state|district)?\s*capital\s+of\s+(?:the\s+)?"
    r"(?:[\w'’-]+['’]s\s+)?(?:(?:north|south|east|west|central|north-?east|north-?west|"
    r"south-?east|south-?west)(?:ern)?\s+)?$", re.IGNORECASE)
_PROVINCE_WORD_RE: Final = re.compile(r"\b(?:province|region|governorate|oblast)\b",
                                      re.IGNORECASE)
_REGION_WORD_RE: Final = re.compile(r"\b(?:province|region|governorate|oblast|state|valley|"
                                    r"district|county)\b", re.IGNORECASE)


#: Before a town: "the (main/international) airport in/of/at"; after it: "'s airport",
#: " airport".
_AIRPORT_BEFORE_RE: Final = re.compile(
    r"\bthe\s+(?:[\w-]+\s+){0,2}?airport\s+(?:in|of|at|near|outside)\s+(?:the\s+)?"
    r"(?:(?:city|town|capital)\s+of\s+)?$", re.IGNORECASE)
_AIRPORT_AFTER_RE: Final = re.compile(r"(?:['’]s\s+(?:[\w-]+\s+)?|\s+(?:international\s+)?)"
                                      r"airport\b", re.IGNORECASE)
#: Gazetteer precisions of an airport found by its town's name.
_SITE_PRECISIONS: Final = ("airport", "point")


def _airport_of(state: _Doc, m: Any, res: Any) -> Any:
    """The airport named by its town around the mention ("the airport in X", "X's airport"),
    as the gazetteer knows it in the town's country; ``None`` if it does not."""
    if state.gazetteer is None or res.place is None:
        return None
    text = state.text
    if not (_AIRPORT_BEFORE_RE.search(text, max(0, m.start - 40), m.start)
            or _AIRPORT_AFTER_RE.match(text, m.end) or _AIRPORT_AFTER_RE.search(m.text)):
        return None
    from geomap.extract._cued import _cached_lookup

    town = re.sub(r"['’]s?\s.*$|\s+(?:international\s+)?airport$", "", m.text,
                  flags=re.IGNORECASE).strip()
    found = _cached_lookup(state.gazetteer, f"{town} airport", res.place.country or None)
    place = found.place
    if place is None or place.geo_precision not in _SITE_PRECISIONS \
            or "airport" not in place.name.lower() or place.country != res.place.country:
        return None
    return place


def _capital_of_object(text: str, t: Trigger, m: Any, floor: int) -> bool:
    """Whether the verb's object is a province's capital ("overran the provincial capital of
    the northern X province"), not an aside after another place ("Y, the capital of X
    state")."""
    return t.end <= m.start and "," not in text[t.end:m.start] and bool(
        _CAPITAL_OF_RE.search(text, max(floor, m.start - 60), m.start))


def _namesake_town(res: Any) -> Any:
    """The town among a region's candidates (the same name looked up) in its country, if any."""
    for cand in res.candidates:
        # never an airport named after the province ("Helmand Airport"): no town
        if cand.geo_precision in ("town", "point") and cand.country == res.place.country \
                and cand.feature != "airport":
            return cand
    return None


#: Hold triggers whose object follows ("still hold X", "has held X since"): not backwards.
_TRANSITIVE_HOLD_RE: Final = re.compile(r"(?:still|continues?\s+to|remain(?:s|ed)?)\s+"
                                        r"(?:hold|control|occupy)|(?:has|have|had)\s|stronghold")
_HANDS_WORDS_RE: Final = re.compile(r"\bin\s+((?:[\w'’-]+\s+){0,1}[\w'’-]+)\s+hands$",
                                    re.IGNORECASE)
_SINCE_RE: Final = re.compile(r"\bsince\s+(?:the\s+)?(?:early\s+|late\s+|mid-?)?$",
                              re.IGNORECASE)


def _held(state: _Doc, si: int, m: Any, t: Trigger, cs: int, decision: _Decision) -> _Decision:
    """A state sentence: who holds the place ("X, held by Y since 2014", "X remains in army
    hands", "Y still holds X"), kind ``held``; "since <date>" also dates Y's capture."""
    from geomap.extract._roles import _resolve_mention

    text = state.text
    sent = state.sentences[si]
    mentions = state.actor_mentions[si]
    holder = ""
    words = _HANDS_WORDS_RE.search(t.text)
    if words is not None and not words.group(1).lower().startswith(("the", "its", "their")):
        phrase = words.group(1)
        # "in rebel hands" in a country whose set has no rebels is not another country's
        # rebels (Libya's of 2011): a common noun of a foreign set names nobody here
        holder = next((a for a, p in ((state.actors.resolve(p, scopes=state.scopes,
                                                            country=state.country), p)
                                      for p in (phrase, phrase + " forces", phrase + "s"))
                       if a and not _foreign_common_noun(state.actors, a, p, state.country)),
                      "")
    if not holder:
        inside = [i for i, a in enumerate(mentions) if t.start <= a.start < t.end]
        after = [i for i, a in enumerate(mentions)
                 if t.end <= a.start <= t.end + 60 and a.start > m.end] \
            if re.search(r"\b(?:by|of|under)$", t.text) or " by " in t.text else []
        before = [i for i, a in enumerate(mentions) if cs <= a.start and a.end <= t.start
                  and not OBJECT_MARK_RE.search(text[max(sent.start, a.start - 20):a.start])]
        picks = inside or after or before[-1:]
        holder = _resolve_mention(state, si, picks[0]) if picks else ""
    if not holder:
        return decision  # a state with nobody named: a mention
    decision.kind, decision.actor = "held", holder
    decision.since = next((d for d in state.dates[si] if d.start >= t.start - 6 and (
        text[d.start:d.start + 6].lower() == "since "
        or _SINCE_RE.search(text, max(sent.start, d.start - 20), d.start))), None)
    return decision


def _held_next(state: _Doc, si: int) -> bool:
    """Whether the next sentence of the paragraph reports the place left by the other side."""
    if si + 1 >= len(state.sentences):
        return False
    sent, nxt = state.sentences[si], state.sentences[si + 1]
    if nxt.paragraph != sent.paragraph and not _BACK_REFERENCE_RE.search(state.text, nxt.start,
                                                                          nxt.end):
        return False  # wire copy sets each sentence apart: only one that points back
    return bool(ENTRY_HELD_NEXT_RE.match(state.text, nxt.start, nxt.end))


#: A sentence pointing back to a place named before ("outside the city", "left it").
_BACK_REFERENCE_RE: Final = re.compile(
    r"\b(?:the|that)\s+(?:town|city|village|port|capital|base|airport)\b(?!\s+of\b)",
    re.IGNORECASE)


def _is_appositive(text: str, m: Any, t: Trigger, items: list[tuple[Any, Any]]) -> bool:
    """ "liberated Lyman, a rail hub in the Donetsk region": Donetsk only locates Lyman."""
    for other, _res in items:
        if t.end <= other.start and other.end <= m.start \
                and (_APPOSITIVE_RE.match(text[other.end:m.start])
                     or _DIRECTION_APPOSITIVE_RE.match(text[other.end:m.start])):
            return True
    return False


def _own_district(text: str, t: Trigger, m: Any) -> bool:
    """ "retook the district of X", "seized X district": the district is the verb's own
    object (a district is a place that changes hands: its centre), not a region locating
    another place."""
    if t.end > m.start:
        return False
    if _OWN_DISTRICT_GAP_RE.fullmatch(text, t.end, m.start):
        return True
    return bool(_OBJECT_GAP_RE.fullmatch(text, t.end, m.start)
                and _DISTRICT_AFTER_RE.match(text, m.end))


#: Between a place and a participle with its taker after it: "X (in the Y region) is the
#: first (district) capital seized by ...": the place is the one taken.
_RANKED_TAKEN_GAP_RE: Final = re.compile(
    r"\s+(?:in\s+(?:the\s+)?(?:[\w'’-]+\s+){1,3}?(?:region|province|state|district),?\s+)?"
    r"(?:is|was|became|becomes|has\s+become)\s+the\s+(?:first|second|third|latest|last|"
    r"largest|biggest|only)\s+(?:[\w-]+\s+){0,3}?(?:town|city|capital|village|port|"
    r"stronghold|base)\s+", re.IGNORECASE)
#: Between a place and its verb: a restrictive relative clause whose subject is named ("X
#: that Iraqi forces retook"); the place is the verb's object.
_OBJECT_RELATIVE_GAP_RE: Final = re.compile(
    # the subject only: no verb of its own ("told reporters in X that the rebels had
    # attacked and occupied ...": "that" opens what was said, not a relative clause)
    r"\s+(?:that|which)\s+(?:the\s+)?(?:(?!(?:and|or|had|has|have)\b|\w+ed\b)[\w'’-]+\s+)"
    r"{1,4}?(?:(?:had|has|have)\s+)?(?:\w+ly\s+)?", re.IGNORECASE)
#: An expulsion whose object is a force, not a place ("dislodged the troops").
_FORCE_EXPELLED_RE: Final = re.compile(r"(?:dislodg|drove\s+out|rout|expell|oust|overwhelm)",
                                       re.IGNORECASE)
#: Between a place and a later verb of the same subject: a time or a few words, then "and".
_SAME_CLAUSE_AND_RE: Final = re.compile(r"[^,;.]{0,60}?\s+and\s+(?:then\s+)?",
                                        re.IGNORECASE)
#: After a place: a force noun making it the name of a side ("the Misrata militias").
_FORCE_NOUN_AFTER_RE: Final = re.compile(
    r"\s+(?:militias?|militiamen|brigades?|battalions?|fighters|gunmen)\b", re.IGNORECASE)
#: Between a change verb and its place: "the district of".
#: A place's own designator right after its name.
_DESIGNATOR_RE: Final = re.compile(r"\s+(?:city|town|village|district|township)(?=,)",
                                   re.IGNORECASE)
_TOWARD_RE: Final = re.compile(r"towards?", re.IGNORECASE)
#: A retreat earlier in the clause, with no verb of advance after it.
_RETREAT_BEFORE_RE: Final = re.compile(
    r"\b(?:withdr[ea]w\w*|retreat\w*|pull(?:ed|ing|s)?\s+(?:back|out)|fell\s+back|fled|"
    r"flee(?:s|ing)?|escap\w+|evacuat\w+|relocat\w+)\b"
    r"(?!.*\b(?:advanc|mov|head|push|march)\w*\b)[^;:]*$", re.IGNORECASE)
_OWN_DISTRICT_GAP_RE: Final = re.compile(r"\s+(?:the\s+)?district\s+of\s+", re.IGNORECASE)
#: The verb's object right after it ("seized X district", "overran the X district").
_OBJECT_GAP_RE: Final = re.compile(r"\s+(?:the\s+)?", re.IGNORECASE)
_DISTRICT_AFTER_RE: Final = re.compile(r"\s+(?i:district|township)\b(?!\s+of\b)")


def _pronoun_capture(text: str, m: Any, t: Trigger, triggers: list[Trigger],
                     end: int) -> Trigger | None:
    """ "stormed X and took it": a later capture of a pronoun that refers to the place."""
    for later in triggers:
        if later.start > m.end and later.start - m.end <= 120 and later.category == "capture" \
                and _PRONOUN_OBJECT_RE.match(text, later.end, end):
            return later
        if later.start > m.end and later.start - m.end <= 120 and later.category == "contest" \
                and (site := _PRISON_FREED_RE.match(text, later.end, end)) is not None:
            # "struck X and stormed a local prison, freeing its inmates": the jail was held
            return later._replace(category="capture", end=site.end())
    return None


#: After "stormed/raided": a prison of the place, its inmates then freed (the site was held).
_PRISON_FREED_RE: Final = re.compile(
    r"\s+(?:a|an|its|the|their)\s+(?:[\w'’-]+\s+){0,2}?(?:prison|jail|detention\s+cent(?:er|re))"
    r"\b(?!\s+(?:in|at|near|of|outside)\b)[^.;]{0,30}?\b(?:freeing|freed|releasing|released)\s+"
    r"(?:[\w'’-]+\s+){0,4}?(?:inmates|prisoners|detainees)\b", re.IGNORECASE)


def _governs_backwards(text: str, m: Any, t: Trigger, floor: int) -> bool:
    """Whether a trigger after the place governs it ("X fell to", "X was retaken")."""
    low = t.text.lower()
    if t.category == "fell" and low == "fell":
        # intransitive "X fell on Tuesday": only the place right before it (or its appositive)
        # ("the death toll in X fell": X is no subject)
        gap = text[m.end:t.start]
        if _PREP_BEFORE_RE.search(text, max(floor, m.start - 20), m.start):
            return False
        return not gap.strip() or bool(APPOSITION_AFTER_RE.fullmatch(gap))
    if t.category == "fell" and low == "fall":
        return bool(re.fullmatch(r"['’]s\s+", text[m.end:t.start]))  # "Kidal's fall"
    if t.category == "fell" and not low.startswith("fall "):  # "the fall of X": forwards
        return True
    if t.category in ("capture", "loss", "contest") and PASSIVE_RE.search(
            text[max(floor, t.start - 25):t.start]):
        return True
    if t.category == "capture" and _RANKED_TAKEN_GAP_RE.fullmatch(text, m.end, t.start) \
            and re.match(r"\s+by\b", text[t.end:t.end + 5]):
        return True  # "X is the first district capital seized by the rebels"
    if t.category in ("capture", "loss") and _OBJECT_RELATIVE_GAP_RE.fullmatch(text, m.end,
                                                                             t.start):
        return True  # "the town of X that Iraqi forces retook from Y": X is the verb's object
    if t.category == "capture" and _FORCE_EXPELLED_RE.match(t.text) \
            and not re.search(r"\b(?:from|of)$", t.text) \
            and _SAME_CLAUSE_AND_RE.fullmatch(text, m.end, t.start):
        return True  # "rolled into X on Sunday night and dislodged the troops": X is taken
    if t.category == "contest" and (_UNDER_RE.match(t.text) or low.startswith("chang")):
        return True  # "came under fire", "X changed hands twice"
    if t.category == "hold" and not _TRANSITIVE_HOLD_RE.match(low):
        return True  # "X, held by Y", "X remains in army hands", "X is in the hands of Y"
    gap = text[m.end:t.start]
    if m.text.lower() == "its" and _NOMINAL_RE.match(t.text):
        return bool(re.fullmatch(r"\s+(?:\w+\s+)?", gap))  # "its (swift) recapture"
    return bool(_NOMINAL_RE.match(t.text) and _POSSESSIVE_GAP_RE.match(gap))


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


_AND_GAP_RE: Final = re.compile(r"^\s+and\s+(?:the\s+)?$")
_FIRST_END_RE: Final = re.compile(r"\sbetween\s+(?:the\s+)?$", re.IGNORECASE)
#: Civilians (or aid and embassy staff) as the subject of "fled", "pulled out": flight from a
#: place, not its loss by a side.
_CIVILIANS_FLEE_RE: Final = re.compile(
    r"\b(?:famil(?:y|ies)|residents?|civilians?|people|villagers?|refugees?|inhabitants?|"
    r"wom[ae]n|those\s+who|thousands|hundreds|survivors?|witness(?:es)?|traders?|"
    r"children|locals|the\s+displaced|farmers?|workers?|herders?|mothers?|fathers?|"
    r"prisoners|inmates|detainees|hostages|staff|diplomats|journalists|reporters|employees|"
    r"volunteers|tourists|foreigners|expatriates|charities|agencies)\b"
    r"(?:(?!fighters|troops|soldiers|forces|militants|rebels|militia|units)[^.;]){0,40}?\b"
    # the trigger may hold its preposition ("fled from")
    r"(?:fled|flee|fleeing|flees|left|escaped|pulled\s+out(?:\s+of)?|withdrew|evacuated)"
    r"(?:\s+from)?$",
    re.IGNORECASE)
