"""Vetoes: rules that, after a place's event has been decided, keep a non-change off the map.

The frame rules of :mod:`geomap.extract._frames` decide what a verb does to a place. Some
news language puts a place next to a verb of taking without the place changing hands:

* the **dateline** a story was filed from ("Addis Ababa — ...", "BAMAKO, March 3 (Reuters) -");
* **people or things taken** in a place ("captured four fighters in X", "seized arms in X");
* **partial control** ("took parts of X", "seized several areas in X"): X did not change
  hands; fighting in it is what the text tells, so the event becomes ``contested``;
* a **place inside a name** ("Donetsk People's Republic", "the X Media Center", "the X
  regional governor", "the capital of X state"): the place word names an organisation, an
  office or the region that locates another place.

Each class is one function returning the reason of its veto (``None`` when it does not apply).
The vetoes share their parameters, documented here once: ``state`` (the document's working
state), ``si`` (index of the sentence holding ``m``), ``m`` (the place mention) and, for the
vetoes of a decided event, ``decision`` (the decision taken for ``m``);
:func:`apply_vetoes` runs them in order and records every veto in the run report's notes, so
that a demoted event stays visible (as a mention or a contested event) and explained.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from typing import Any, Final

from geomap.extract._state import _Decision, _Doc, _sentence_index
from geomap.extract.dates import _MONTH_RE
from geomap.runreport import RunReport

logger = logging.getLogger(__name__)

#: Kinds a veto acts on: what would put a change, a claim or a hold on the map.
_CHANGE_KINDS: Final = ("control_change", "claimed_control", "held")
#: Kinds a place-level veto (dateline, name) acts on: any event that says something happened
#: at the place; only a bare mention and a route's other end are left alone.
_PLACE_KINDS: Final = ("control_change", "claimed_control", "held", "contested", "objective")

# --- 1. Datelines ----------------------------------------------------------------------------

#: What follows the place of a dateline: an optional country or state (", Kenya"), an optional
#: date (", March 3"), an optional outlet in brackets ("(AP)"), then the dash or colon that
#: opens the story. Mixed case included: only capitals are recognised before extraction.
_DATELINE_AFTER_RE: Final = re.compile(
    r"(?:\s*,\s*[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2})?"
    rf"(?:\s*,?\s*(?:(?i:{_MONTH_RE})\.?\s+\d{{1,2}}|\d{{1,2}}\s+(?i:{_MONTH_RE})\.?)"
    r"(?:,?\s*\d{4})?)?"
    r"(?:\s*,?\s*\([^()\n]{1,40}\))?"
    # The story opens after the mark with a capital, a digit or a quote: a dash followed by
    # lower case is an aside about the place ("Gao - a town of the north - fell").
    r"\s*(?:[—–]|--?|:)\s+(?=[A-Z0-9\"“‘'])"
    # ... but a line of a list or table telling the place's own fate ("Kidal: captured by the
    # rebels on 2 May", "Gao – Under army control") is no dateline.
    r"(?!(?i:(?:re)?(?:captured|taken|seized|liberated|retaken|recaptured)|fell|falls|held|"
    r"controlled|under|in\s+the\s+hands|lost|abandoned|overrun)\b)")


#: Before a place: the venue of a statement ("told a news conference in X", "a media
#: briefing in the capital, X", "told reporters in X"): where words were spoken, like a
#: dateline, is not where the change they tell happened. Events held in a place (a rally, a
#: ceremony) are not counted: victors hold them in the town they took.
_VENUE_BEFORE_RE: Final = re.compile(
    r"\b(?:briefing|(?:news|press)\s+conference|conference|reporters|journalists|"
    r"correspondents|statement|speech|interview)\s+"
    r"(?:held\s+|given\s+)?(?:in|at|from)\s+(?:the\s+)?"
    r"(?:(?:[\w'’-]+\s+){0,2}?(?:capital|city)(?:\s+of|,)\s+)?$", re.IGNORECASE)


def dateline_veto(state: _Doc, si: int, m: Any) -> str | None:
    """Whether ``m`` is the place a story was filed from, or where a statement was made.
    """
    if not state.sentences:
        return None
    text = state.text
    if _VENUE_BEFORE_RE.search(text, max(0, m.start - 80), m.start):
        return "venue of a statement: where words were spoken, not where a change happened"
    if si > 1:
        return None
    # Only the opening words of the story, or of the line after a headline: a place later in
    # a sentence followed by a dash is an aside ("took Sake - a town west of Goma - on Monday").
    line_start = text.rfind("\n", 0, m.start) + 1
    if text[line_start:m.start].strip() and (
            si != 0 or text[state.sentences[0].start:m.start].strip()):
        return None
    if _DATELINE_AFTER_RE.match(text, m.end) is None:
        return None
    return "dateline: the place the story was filed from"


# --- 2. People or things taken ---------------------------------------------------------------

#: Objects of a verb of taking that are people or things, not ground.
_TAKEN_NOUN: Final = (
    r"(?:members?|fighters?|militants?|militiamen|insurgents?|rebels?|jihadists?|soldiers?|"
    r"troops|servicemen|personnel|officers?|commanders?|leaders?|chiefs?|emirs?|suspects?|"
    r"prisoners?|hostages?|captives?|detainees?|civilians?|people|persons?|men|women|children|"
    r"residents|journalists?|workers?|gunmen|operatives?|recruits?|deserters?|mercenaries|"
    r"weapons?|arms|ammunition|munitions|explosives?|rifles?|vehicles?|trucks?|tanks?|"
    r"equipment|drugs|cash|documents|supplies|cargo|ships?|vessels?|boats?|aircraft|drones?|"
    # the dead and property: "recovered bodies from the sea off X", "seized homes in X"
    r"bodies|corpses|remains|homes|houses|propert(?:y|ies)|belongings|livestock|cattle|"
    # abstract objects: "regained the trust of residents in X", "won the vote in X"
    r"trust|confidence|support|sympathy|loyalty|allegiance|hearts|momentum|initiative|"
    r"lead|title|elections?|votes?|seats?|awards?|prizes?|medals?|headlines|attention|"
    # idioms of taking: "took charge in X", "took command in X", "took the oath in X"
    # ("took power in X", "took control of the X Command in Y" tell the place's change)
    r"charge|office|oath|part|refuge|shelter|cover|aim|responsibility|credit|"
    r"toll|turns|photos?|pictures?|images?|footage)")
#: Ground or a hold on it: once among the objects, the place may be taken with it.
_GROUND_NOUN: Final = (r"(?:town|city|village|base|airport|airbase|airfield|airstrip|district|"
                       r"area|control|positions?|headquarters|garrison|camp|barracks|outpost|"
                       r"stronghold|bastion|enclave|territory|capital|port|harbou?r|held|"
                       # facilities: "the weapons depot in X" is a site, left to the frames
                       r"depot|warehouse|station|post|checkpoint|building|compound|palace|"
                       r"prison|bridge|dam|crossing|facility|factory|plant|refinery|oilfield|"
                       r"hill|road|highway|junction|market|square|office|terminal)s?\b")


def _object_then_place_re(noun: str, lead: int, preps: str,
                          before_prep: str = "") -> re.Pattern[str]:
    """The gap between a verb and a place when the verb's object is ``noun`` (after at most
    ``lead`` words, none of them ground) and a locating preposition introduces the place."""
    return re.compile(
        r"\s+(?:(?!" + _GROUND_NOUN + r")[\w'’()-]+\s+){0," + str(lead) + r"}?" + noun
        + r"\b(?:\s+(?!" + _GROUND_NOUN + r")[\w'’()-]+){0,8}?"
        r"\s+" + before_prep + r"(?:" + preps + r")\s+(?:[\w'’-]+\s+){0,5}?$",
        re.IGNORECASE)


#: Between a verb of taking and the place: a counted or named group of people or things, then a
#: locating preposition ("captured four members of the group in", "took 30 soldiers prisoner
#: near", "seized weapons and ammunition at"). A place noun before the preposition ("the town
#: and 20 soldiers in") would make the place itself an object: not matched.
_TAKEN_GAP_RE: Final = _object_then_place_re(
    _TAKEN_NOUN, 6, "in|near|at|around|outside|from|inside|across",
    r"(?:prisoners?\s+|captive\s+|hostage\s+)?")
#: A passive with people or things as its subject, right before the verb: "four fighters were
#: captured in X", "weapons were seized near X".
_TAKEN_PASSIVE_BEFORE_RE: Final = re.compile(
    r"\b" + _TAKEN_NOUN + r"\s+(?:(?:were|was|have\s+been|has\s+been|had\s+been)\s+)"
    r"(?:\w+ly\s+)?$", re.IGNORECASE)
#: Verbs of taking that take people or things as well as ground.
_TAKING_RE: Final = re.compile(
    r"(?:captur|seiz|took|tak|arrest|detain|abduct|kidnapp|nabb|grabb|overr?an|overrun|"
    r"regain|won\b|win|recover)",
    re.IGNORECASE)

#: A verb of taking used as a noun, and what makes it one ("the capture", "its swift seizure").
_EVENT_NOUN_RE: Final = re.compile(r"(?:re)?(?:capture|seizure|takeover|taking)", re.IGNORECASE)
_DETERMINER_BEFORE_RE: Final = re.compile(
    r"\b(?:the|its|their|his|her|a|an|this|that|[\w-]+['’]s)\s+(?:[\w-]+\s+)?$", re.IGNORECASE)


def taken_people_veto(state: _Doc, si: int, m: Any, decision: _Decision) -> str | None:
    """Whether the verb of taking governing ``m`` has people or things as its object.
    """
    t = decision.trigger
    if t is None or decision.kind not in _CHANGE_KINDS or not _TAKING_RE.search(t.text):
        return None
    text = state.text
    sent = state.sentences[si]
    if _EVENT_NOUN_RE.fullmatch(t.text) and _DETERMINER_BEFORE_RE.search(
            text, max(sent.start, t.start - 30), t.start):
        # A noun ("the recapture of X further isolates fighters in Y") takes no object.
        return None
    if t.end <= m.start:
        if _TAKEN_GAP_RE.match(text[t.end:m.start]) is not None:
            return f"people or things taken ({t.text!r} ...), not the place"
        if _TAKEN_PASSIVE_BEFORE_RE.search(text, max(sent.start, t.start - 60), t.start) \
                and re.fullmatch(r"\s+(?:(?:ill|sick|prisoners?|captive|hostages?|away)\s+)?"
                                 r"(?:in|near|at|around|outside|inside)\s+"
                                 r"(?:[\w'’-]+\s+){0,5}?", text[t.end:m.start]):
            return f"people or things taken ({t.text!r} ...), not the place"
    return None


# --- 3. Partial control ----------------------------------------------------------------------

#: Between a verb of taking and the place: a part of it ("parts of", "several areas in", "some
#: neighbourhoods of", "the outskirts of", "the eastern part of"). "Most of X" is not a part:
#: the side holds the place, what remains is pockets (a map marks X as its).
_PART_GAP_RE: Final = re.compile(
    r"\s+(?:(?:full\s+|total\s+)?control\s+(?:of|over)\s+)?(?:"
    r"(?:the\s+)?(?:half|parts?|portions?|sections?|pockets)"
    r"|(?:a\s+)?(?:(?:large|significant|substantial|small|big)\s+)?"
    r"(?:part|portion|swathe|chunk|quarter|third|section)s?"
    r"|(?:the\s+)?(?:north|south|east|west|central|(?:north|south)-?(?:east|west))(?:ern)?\s+"
    r"(?:part|half|side|section|district|neighbou?rhood|area|edge|quarter|outskirt)s?"
    r"|(?:the\s+)?(?:outskirts|edges?|fringes?|periphery|suburbs|perimeter)"
    r"|(?:several|some|many|a\s+few|a\s+number\s+of|two|three|four|five|six|\d+|various|"
    r"numerous|key|strategic)\s+(?:[\w'’-]+\s+)?(?:areas?|parts|neighbou?rhoods?|districts?|"
    r"quarters?|streets|blocks|sections|positions|villages|sectors?|zones?|localities))"
    r"\s+(?:of|in|inside|within|around)\s+(?:the\s+(?:town|city|village|capital|port)\s+"
    r"(?:of\s+)?|the\s+(?:airport|air\s*base|base)\s+(?:of|in|at)\s+)?$", re.IGNORECASE)
#: Between a verb of taking and the place: a site at the place's edge ("took over the checkpoint
#: at the entrance of X", "seized a base on the northern approaches to X"): fighting at X, which
#: did not change hands.
_EDGE_SITE_GAP_RE: Final = re.compile(
    r"\s+(?:[\w'’-]+\s+){0,4}?(?:at|on|near|by|outside|along)\s+the\s+"
    r"(?:(?:northern|southern|eastern|western|main|northeastern|northwestern|southeastern|"
    r"southwestern)\s+)?(?:entrances?|approach(?:es)?|gates?|edges?|outskirts|perimeter|"
    r"fringes?)\s+(?:of|to)\s+(?:the\s+(?:town|city|village|capital|port)\s+(?:of\s+)?)?$",
    re.IGNORECASE)
#: The same, told with the place first: "X was partly captured", "X is partially controlled".
_PART_ADVERB_RE: Final = re.compile(r"\b(?:partly|partially)\s*$", re.IGNORECASE)


def partial_veto(state: _Doc, si: int, m: Any, decision: _Decision) -> str | None:
    """Whether the change at ``m`` is of a part of the place only.
    """
    t = decision.trigger
    if t is None or decision.kind not in _CHANGE_KINDS:
        return None
    text = state.text
    if t.end <= m.start:
        gap = _PART_GAP_RE.match(text[t.end:m.start]) \
            or _EDGE_SITE_GAP_RE.match(text[t.end:m.start])
        if gap is not None:
            return f"partial control ({gap.group(0).strip()!r}): the place did not change hands"
    elif _PART_ADVERB_RE.search(text, max(m.end, t.start - 15), t.start):
        return "partial control (told with an adverb): the place did not change hands"
    return None


# --- 4. A place inside a name ----------------------------------------------------------------

#: After a place: the rest of an organisation's or office's name, or of a region's designation
#: ("X People's Republic", "X Media Center", "X regional governor", "X city council").
_STATE_NAME_AFTER_RE: Final = re.compile(
    r"\s+(?:People['’]s|Popular|Autonomous|Islamic)\s+(?:Republic|Emirate|State)\b",
    re.IGNORECASE)
#: After a place: the rest of an organisation's or office's name ("X Media Center", "X regional
#: governor", "X city council"). Names are capitalised: the words between are matched in case.
_NAME_AFTER_RE: Final = re.compile(
    r"(?:(?-i:(?:\s+[A-Z][\w'’-]+){0,3}\s+(?:Center|Centre|Council|Committee|Brigades?|Battalions?|"
    r"Regiment|Front|Movement|Command|Operations\s+Room|Agency|Observatory|Network|Union|"
    r"Authority|Administration|Coalition|Alliance|Assembly|Emirate|Caliphate|"
    r"Province\s+(?:of\s+the\s+)?Islamic\s+State))\b"
    r"|\s+(?:regional|oblast|provincial|city|municipal|state|military)\s+"
    r"(?:governor|administration|council|authorities|government|police|head|chief|"
    r"officials?|leader|commander|prosecutor)"
    r"|\s+(?:governor|mayor|authorities|council)\b(?!\s+(?:of|in)\b))",
    re.IGNORECASE)
#: Before a place: what makes it the locator of another place ("the capital of X state").
_LOCATOR_BEFORE_RE: Final = re.compile(
    r"\b(?:capital|seat|centre|center|headquarters)\s+of\s+(?:the\s+)?$", re.IGNORECASE)
#: After a locator place: the unit it designates ("X state", "X province", "X governorate").
_UNIT_AFTER_RE: Final = re.compile(
    r"\s+(?:state|province|governorate|oblast|region|county|prefecture|department|"
    r"wilaya|vilayet)\b", re.IGNORECASE)


def name_veto(state: _Doc, si: int, m: Any, *, antecedent: bool = False) -> str | None:
    """Whether ``m`` is part of a name or a locating designation rather than the place itself.

    Parameters
    ----------
    state
        The document's working state.
    si
        Index of the sentence holding ``m``.
    m
        The place mention.
    antecedent
        ``m`` is the antecedent of a noun referring to a place ("the provincial capital"):
        only a name of a state-like entity bars it ("X People's Republic" is no town), since
        an office named after a town ("the X governor") still names the town referred to.

    Returns
    -------
    str or None
        The reason of the veto, or None.
    """
    text = state.text
    after = _STATE_NAME_AFTER_RE.match(text, m.end)
    if after is None and not antecedent:
        after = _NAME_AFTER_RE.match(text, m.end)
    if after is not None:
        return f"part of the name {text[m.start:after.end()]!r}, not the place"
    sent = state.sentences[si]
    if antecedent:
        return None
    if _LOCATOR_BEFORE_RE.search(text, max(sent.start, m.start - 30), m.start) \
            and _UNIT_AFTER_RE.match(text, m.end):
        return "locator: the region that places another town, not a place of change"
    return None


# --- 5. Standing control, non-combatants, approach, locators ----------------------------------

#: How long a state has lasted: "for more than a year", "for years", "for most of the past
#: decade". A state told with its length is a holding, not a change at the dateline.
_DURATION_RE: Final = re.compile(
    r"\s+for\s+(?:(?:more\s+than|over|well\s+over|almost|nearly|about|around|some|at\s+least|"
    r"close\s+to)\s+)?(?:(?:most|much|all)\s+of\s+)?(?:the\s+(?:past|last)\s+)?"
    r"(?:(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+|several|many|a\s+few|"
    r"a\s+couple\s+of)\s+)?(?:years?|decades?|months?|weeks?)\b", re.IGNORECASE)
#: A present-perfect state trigger: "has been in", "have been under", "has long been in".
_PERFECT_STATE_RE: Final = re.compile(
    r"(?:has|have)\s+(?:\w+\s+)?been\s+(?:(?:now|firmly|back|fully|largely)\s+)*(?:in|under)$",
    re.IGNORECASE)
#: From the trigger to the holder's noun: "in RSF hands", "under the control of the army".
_STATE_NOUN_RE: Final = re.compile(
    r"[^.;,]{0,60}?\b(?:control|hands)\b(?:\s+of\s+(?:the\s+)?(?:[\w'’.-]+\s+){0,3}?[\w'’.-]+)?",
    re.IGNORECASE)


def duration_hold_veto(state: _Doc, si: int, m: Any, decision: _Decision) -> str | None:
    """Whether a change is a standing state told with its length ("has been in Y's hands for a
    decade", "has been under Y control for years"): Y holds the place, no change at the dateline.
    """
    t = decision.trigger
    if t is None or decision.kind not in ("control_change", "claimed_control") \
            or not decision.actor or not _PERFECT_STATE_RE.search(t.text):
        return None
    noun = _STATE_NOUN_RE.match(state.text, t.end, state.sentences[si].end)
    if noun is None or _DURATION_RE.match(state.text, noun.end()) is None:
        return None
    return "a state told with its length: held, not a change"


#: Organisations that are no side of the war: aid groups, agencies, embassies, companies. Their
#: leaving a place ("aid groups pulled out of X") is no loss of it.
_NON_COMBATANT_RE: Final = re.compile(
    r"\b(?:(?:aid|relief|humanitarian|charity|rights|medical|health|development|U\.?\s?N\.?|"
    r"United\s+Nations|international)\s+(?:groups?|organi[sz]ations?|agenc(?:y|ies)|workers?|"
    r"teams?|staff|personnel|officials)|NGOs?|non-governmental\s+organi[sz]ations?|"
    # ("company" is also a unit of soldiers: not listed)
    r"embass(?:y|ies)|consulates?|firms?|investors|airlines?|contractors|"
    r"Red\s+(?:Cross|Crescent)|ICRC|Doctors\s+Without\s+Borders|M[ée]decins\s+Sans\s+"
    r"Fronti[èe]res|MSF|World\s+Food\s+Programme|WFP|UNICEF|UNHCR|"
    # civilians, medics and their vehicles: "families were forced out of X", "the last doctors
    # withdrew from X", "ambulances pulled out of X"
    r"doctors|nurses|medics|paramedics|surgeons|ambulances|famil(?:y|ies)|civilians|"
    r"residents|villagers|patients|teachers|students|pupils|worshippers|monks|priests|"
    r"refugees|migrants|the\s+displaced|the\s+wounded|"
    # a ruler or a minister is one person: "the president fled X" tells no side's loss
    r"(?:the\s+)?(?:[\w'’-]+\s+)?(?:president|prime\s+minister|premier|king|emir|sultan|"
    r"ministers?|foreign\s+minister|leader)(?:\s+(?:[A-Z][\w'’-]+\s*){1,3})?)\b"
    # nothing armed in between: "aid groups said troops had pulled out of X" is a loss
    r"(?:(?!fighters|troops|soldiers|forces|militants|rebels|militias?|units|army|"
    r"insurgents|jihadists)[^.;]){0,40}?$", re.IGNORECASE)
#: Loss triggers an organisation's departure can stand behind.
_LEAVE_RE: Final = re.compile(r"pull|withdr|evacuat|left|leav|abandon|retreat|fled|flee|escap|"
                              r"forced|driven|pushed|expelled|chased|ousted|evicted",
                              re.IGNORECASE)


def non_combatant_veto(state: _Doc, si: int, m: Any, decision: _Decision) -> str | None:
    """Whether the side leaving the place is an organisation outside the war ("several aid
    groups pulled out of X", "the embassy evacuated its staff from X").
    """
    t = decision.trigger
    if t is None or decision.kind not in _CHANGE_KINDS or t.category != "loss" \
            or not _LEAVE_RE.search(t.text):
        return None
    sent = state.sentences[si]
    before = state.text[max(sent.start, t.start - 70):t.start]
    if _NON_COMBATANT_RE.search(before) is None:
        return None
    return "an organisation outside the war leaving the place, not a side losing it"


#: Objects of a verb of leaving that are no side's hold: plans and talks abandoned, people and
#: goods evacuated ("abandoned plans to vote in X", "pulled out of talks in X", "evacuated
#: patients from a hospital in X"). Troops and forces are not among them: "withdrew its troops
#: from X" is a loss.
_LEFT_NOUN: Final = (
    r"(?:plans?|hopes?|efforts?|attempts?|bids?|ideas?|talks|negotiations|deals?|agreements?|"
    r"accords?|treaty|process|truce|ceasefire|proposals?|projects?|polic(?:y|ies)|demands?|"
    r"claims?|campaigns?|search|referendum|elections?|vote|patients|wounded|injured|bodies|"
    r"civilians|residents|children|families|nationals|citizens|foreigners|diplomats|staff|"
    r"cash|money|funds|savings|belongings|cars|livestock|cattle)")
_LEFT_GAP_RE: Final = _object_then_place_re(
    _LEFT_NOUN, 4, "in|near|at|around|outside|from|inside|across|for")


def left_thing_veto(state: _Doc, si: int, m: Any, decision: _Decision) -> str | None:
    """Whether a verb of leaving has plans, talks, people or goods as its object, the place
    only locating them ("abandoned plans to hold a vote in X").
    """
    t = decision.trigger
    if t is None or decision.kind not in _CHANGE_KINDS or t.category != "loss" \
            or t.end > m.start:
        return None
    if _LEFT_GAP_RE.match(state.text[t.end:m.start]) is None:
        return None
    return f"plans, talks, people or goods left ({t.text!r} ...), not the place"


#: Between a verb of taking and a later place: how near the taker came to it ("... and are now
#: within striking distance of X", "... to within a few kilometres of X", "at the gates of X").
_APPROACH_GAP_RE: Final = re.compile(
    r"(?:[,;]|\band\b)[^.;]*?\b(?:within\s+(?:(?:striking|firing|artillery|shelling|rocket|"
    r"mortar|drone)\s+)?(?:distance|range|reach|sight)\s+of"
    r"|within\s+(?:a\s+few|\w+)\s+(?:kilomet(?:re|er)s|km|miles)\s+of"
    r"|(?:at|on)\s+the\s+(?:gates|doorstep|threshold)\s+of"
    r"|(?:clos(?:ing|ed|e)|clos(?:es|ing))\s+in\s+on"
    r"|(?:\d+|a\s+few)\s*(?:km|kilomet(?:re|er)s|miles)\s+(?:short\s+of|from))"
    r"\s+(?:the\s+(?:town|city|village|capital|port|centre|center)\s+(?:of\s+)?)?$",
    re.IGNORECASE)


def approach_veto(state: _Doc, si: int, m: Any, decision: _Decision) -> str | None:
    """Whether the place after a verb of taking is only one the taker came near ("seized
    parts of a province and are now within striking distance of X").
    """
    t = decision.trigger
    if t is None or decision.kind not in _CHANGE_KINDS or t.end > m.start:
        return None
    gap = _APPROACH_GAP_RE.search(state.text, t.end, m.start)
    if gap is None:
        return None
    return f"a place approached ({gap.group(0).strip()[-40:]!r}), not taken"


#: Before a place: a direction or distance that makes it the locator of another place ("the
#: town of X southeast of Y", "X, 30 km from Y").
_DIRECTION_BEFORE_RE: Final = re.compile(
    r"\b(?:(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?|"
    r"\d+\s*(?:km|kilomet(?:re|er)s|miles)(?:\s+(?:\w+\s+)?(?:north|south|east|west)"
    r"(?:-?(?:east|west))?)?)\s+(?:of|from)\s+(?:the\s+(?:town|city|capital)\s+(?:of\s+)?)?$",
    re.IGNORECASE)


def locator_antecedent_veto(state: _Doc, m: Any, place: Any) -> str | None:
    """Whether a pronoun's antecedent is a locator of another place ("overran the town of X
    southeast of Y, seizing it ..."): a place named only to locate another never changes
    hands through a pronoun.

    Parameters
    ----------
    state
        The document's working state.
    m
        The pronoun.
    place
        The mention the pronoun was resolved to.

    Returns
    -------
    str or None
        The reason of the veto, or None.
    """
    at = _sentence_index(state, place.start)
    sent = state.sentences[at]
    if _DIRECTION_BEFORE_RE.search(state.text, max(sent.start, place.start - 40), place.start) \
            is None:
        return None
    return f"{m.text!r} points to a locator ({place.text!r}), not to the place taken"


#: After a possessive standing for the place: a military site of it ("lost its airport"), which
#: changes hands with the place; any other noun ("lost its last clinic") is a thing.
_OWN_SITE_AFTER_RE: Final = re.compile(
    r"\s+(?:(?:main|last|only|military|air|key|strategic|old|new)\s+)*(?:air\s*base|base|"
    r"airport|airfield|garrison|headquarters|barracks|positions?|outposts?|port|bridges?|"
    r"citadel|centre|center|districts?|neighbou?rhoods?|outskirts|defen[cs]es)\b",
    re.IGNORECASE)


def possessive_thing_veto(state: _Doc, m: Any, decision: _Decision) -> str | None:
    """Whether a possessive pronoun read as the place ("X ... lost its last clinic") stands
    before a thing of the place, not the place or one of its military sites.

    Parameters
    ----------
    state
        The document's working state.
    m
        The pronoun.
    decision
        The decision taken for ``m``.

    Returns
    -------
    str or None
        The reason of the veto, or None.
    """
    t = decision.trigger
    if t is None or decision.kind not in _CHANGE_KINDS:
        return None
    text = state.text
    # The pronoun's span may stop before the possessive's "s" ("it" of "its").
    end = m.end + 1 if m.text.lower() == "it" and re.match(r"s\b", text[m.end:m.end + 2]) \
        else m.end
    if text[m.start:end].lower() not in ("its", "their"):
        return None
    if t.end > m.start or text[t.end:m.start].strip():
        return None  # the possessive is not the verb's object
    if _OWN_SITE_AFTER_RE.match(text, end):
        return None
    return f"{m.text!r} owns the thing {t.text!r} governs, not a place taken"


#: After a pronoun: an active verb of losing or holding whose subject it is ("the junta
#: acknowledged it had lost the town", "they still hold the airport"): the pronoun stands for a
#: side. A passive ("it was lost", "it had been retaken") keeps the pronoun the place.
_SIDE_PRONOUN_AFTER_RE: Final = re.compile(
    r"(?:\s+(?:had|has|have|would|could|later|then|also|finally|eventually|already|just|"
    r"now|never|still|quickly|effectively))*\s+"
    r"(?:lost|abandoned|ceded|surrendered|gave\s+up|took|captured|seized|retook|recaptured|"
    r"controls?|controlled|holds?|held|withdrew|pulled\s+out|retreated)\b(?!\s+(?:by|to)\b)",
    re.IGNORECASE)


def side_pronoun_veto(state: _Doc, m: Any) -> str | None:
    """Whether a pronoun read as the place is the subject of an active verb of losing, taking
    or holding: it then stands for the side that does it ("it had lost the town").

    Parameters
    ----------
    state
        The document's working state.
    m
        The pronoun.

    Returns
    -------
    str or None
        The reason of the veto, or None.
    """
    if m.text.lower() not in ("it", "they"):
        return None
    if _SIDE_PRONOUN_AFTER_RE.match(state.text, m.end) is None:
        return None
    return f"{m.text!r} is the subject of an active verb: a side, not the place"


#: Before a place: a counterpart of a deal or a backer ("in a deal with X", "talks with X",
#: "brokered by X", "backed by X", "under pressure from X"): the place stands for its government.
_COUNTERPART_BEFORE_RE: Final = re.compile(
    r"\b(?:(?:deal|agreement|accord|talks|negotiations|understanding|arrangement|coordination|"
    r"truce|ceasefire|pact|consultations?|agreed|agreeing|deals)\s+(?:[\w'’-]+\s+){0,3}?with"
    r"|(?:brokered|backed|mediated|supported|armed|funded|ordered|requested)\s+by"
    r"|under\s+pressure\s+from|at\s+the\s+request\s+of|on\s+orders\s+from)\s+$",
    re.IGNORECASE)


def counterpart_veto(state: _Doc, si: int, m: Any) -> str | None:
    """Whether the place is named as a party or a backer ("withdrew from a post near X in a
    deal with Moscow"): a capital standing for its government, not ground changing hands.
    """
    sent = state.sentences[si]
    if _COUNTERPART_BEFORE_RE.search(state.text, max(sent.start, m.start - 50), m.start) \
            is None:
        return None
    return f"{m.text!r} is a party or a backer, not a place changing hands"


#: After a place: a verb of speech whose subject it is ("..., Kyiv conceded.", "Moscow said",
#: "Baghdad confirmed on Sunday"): a capital standing for its government.
_SPEECH_AFTER_RE: Final = re.compile(
    r"\s+(?:(?:later|also|quickly|publicly|officially)\s+)?(?:conceded|said|says|admitted|"
    r"admits|confirmed|confirms|announced|announces|reported|claimed|claims|acknowledged|"
    r"acknowledges|insisted|denied|denies|added)\b")


def speaker_veto(state: _Doc, m: Any) -> str | None:
    """Whether the place is the subject of a verb of speech ("Russian forces took X, Kyiv
    conceded"): a capital standing for its government, not a place taken with X.

    Parameters
    ----------
    state
        The document's working state.
    m
        The place mention.

    Returns
    -------
    str or None
        The reason of the veto, or None.
    """
    if _SPEECH_AFTER_RE.match(state.text, m.end) is None:
        return None
    return f"{m.text!r} speaks, it is no place changing hands"


#: After a place: the possessive of a person or a thing of it ("X's mayor", "X's former police
#: chief", "X's museum collection"); a site ("X's airport") is left to the frames.
_POSSESSED_AFTER_RE: Final = re.compile(
    r"['’]s\s+(?:(?!" + _GROUND_NOUN + r")[\w-]+\s+){0,3}?(?:" + _TAKEN_NOUN[3:-1] + r"|"
    r"mayor|governor|bishop|imam|priest|mufti|chief|deputy|officials?|councill?ors?|"
    r"museums?|collections?|treasures?|archives?|grain|wheat|harvest|oil|gold)\b",
    re.IGNORECASE)


def possessor_veto(state: _Doc, m: Any, decision: _Decision) -> str | None:
    """Whether the place only owns the person or thing a verb of taking governs ("captured
    X's former police chief", "took X's bishop hostage").

    Parameters
    ----------
    state
        The document's working state.
    m
        The place mention.
    decision
        The decision taken for ``m``.

    Returns
    -------
    str or None
        The reason of the veto, or None.
    """
    t = decision.trigger
    if t is None or t.end > m.start or not _TAKING_RE.search(t.text) \
            or state.text[t.end:m.start].strip().lower() not in ("", "the"):
        return None
    after = _POSSESSED_AFTER_RE.match(state.text, m.end)
    if after is None:
        return None
    return f"{m.text!r} owns what was taken ({state.text[m.start:after.end()]!r}), not taken"


# --- The hook --------------------------------------------------------------------------------


def apply_vetoes(state: _Doc, si: int, m: Any, decision: _Decision, report: RunReport,
                 place: Any = None) -> tuple[_Decision, bool]:
    """Run the vetoes on one decided mention and record each veto that fires.

    Parameters
    ----------
    state
        The document's working state.
    si
        Index of the sentence holding ``m``.
    m
        The mention the decision was taken for (for a pronoun, the pronoun).
    decision
        The decision taken for ``m``.
    report
        The run report; a veto adds a note (source, place, kind, reason).
    place
        The mention naming the place, when ``m`` refers to it (an anaphor's antecedent).

    Returns
    -------
    (decision, place_vetoed)
        The decision, demoted when a veto fires, and whether the place itself was vetoed (a
        dateline or a name: nothing else read from that mention is an event either).
    """
    named = m if place is None else place
    reason: str | None = None
    place_level = False
    demoted = "mention"
    if decision.kind in _PLACE_KINDS or decision.kind == "mention":
        at = _sentence_index(state, named.start)
        reason = dateline_veto(state, at, named) \
            or name_veto(state, at, named, antecedent=place is not None)
        place_level = reason is not None
        if place_level and decision.kind == "mention":
            # Already a mention; the caller reads no earlier change from it either ("Addis
            # Ababa — ... withdrew from a strategic city": the city is not the dateline's).
            if state.triggers[at]:
                note = (f"{state.source}: {named.text!r} kept as mention, no change read "
                        f"from it (veto: {reason})")
                _note(report, note)
            return decision, True
    if reason is None and decision.kind in _CHANGE_KINDS:
        reason = duration_hold_veto(state, si, m, decision)
        if reason is not None:
            _note(report, f"{state.source}: {named.text!r} kept as held, not "
                          f"{decision.kind} (veto: {reason})")
            return replace(decision, kind="held", confirmed=True, previous="", since=None,
                           reported=False), False
        reason = non_combatant_veto(state, si, m, decision) \
            or left_thing_veto(state, si, m, decision) \
            or approach_veto(state, si, m, decision) \
            or (counterpart_veto(state, si, m) or speaker_veto(state, m)
                or possessor_veto(state, m, decision) if place is None else None) \
            or (locator_antecedent_veto(state, m, place)
                or possessive_thing_veto(state, m, decision)
                or side_pronoun_veto(state, m) if place is not None else None)
        # No change here, and nothing said of the place itself: other readings of the mention
        # (an earlier change told beside it) stand; the decision becomes a mention below.
    if reason is None and decision.kind in _CHANGE_KINDS:
        reason = taken_people_veto(state, si, m, decision)
        if reason is None:
            reason = partial_veto(state, si, m, decision)
            # Parts of a place taken: the place is fought over, with the taker present.
            demoted = "contested"
    if reason is None:
        return decision, False
    if place_level:
        demoted = "mention"
    note = (f"{state.source}: {named.text!r} kept as {demoted}, not {decision.kind} "
            f"(veto: {reason})")
    _note(report, note)
    if demoted == "mention":
        return _Decision("mention", trigger=decision.trigger), place_level
    # Not a side's report of a gain any more: nothing for corroboration to turn into a change.
    return replace(decision, kind="contested", confirmed=True, previous="", since=None,
                   reported=False), False



def _note(report: RunReport, note: str) -> None:
    """Record a veto once (a place read again through a pronoun gives the same note, right
    after: only the last notes are compared, so that a long text costs no quadratic scan)."""
    if note not in report.notes[-8:]:
        report.notes.append(note)
        logger.debug(note)
