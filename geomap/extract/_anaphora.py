"""Places named earlier and taken later: "Rebels reached Zawiya at dawn. By noon they had
seized it." The object of a change verb is a pronoun or a definite noun ("it", "the town"),
and the place it refers to is the last town named before it in the paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Final

from geomap.extract._state import _Doc, _sentence_index
from geomap.extract.patterns import FACILITY_RE

#: After a change verb: a pronoun or a definite noun for a place, not followed by its name
#: ("the town of Kidal" names it: that is an ordinary mention).
_ANAPHOR_RE: Final = re.compile(
    r"\s+(?:(?:full|complete|total)\s+control\s+of\s+)?(?P<ref>it|the\s+(?:(?:\w+\s+)?"
    r"(?:town|city|village|port|settlement|stronghold|capital))\b|"
    # a site of the town named before ("... to retake X. Rebels seized the governor's office")
    + FACILITY_RE.pattern + r")"
    # A capital only: the flag would let any following word ("it on Friday") count as a name.
    r"(?!,?\s+(?:of\s+)?(?-i:[A-Z]))(?!['’]s)", re.IGNORECASE)
#: After a takeover noun: "the recapture of the town", "the fall of the city".
_NOUN_OBJECT_RE: Final = re.compile(
    r"\s+of\s+(?P<ref>the\s+(?:\w+\s+)?(?:town|city|village|port|settlement|stronghold))\b"
    r"(?!,?\s+(?:of\s+)?(?-i:[A-Z]))(?!['’]s)", re.IGNORECASE)
#: A takeover noun (the trigger text) that can stand after a possessive: "its recapture".
_TAKEOVER_NOUN_RE: Final = re.compile(
    r"(?:re)?capture|seizure|takeover|fall|liberation|conquest|loss", re.IGNORECASE)
#: A possessive pronoun right before the takeover noun: "claimed its recapture on Friday".
_POSSESSIVE_RE: Final = re.compile(r"(?<![\w'’-])(?P<ref>its)\s+(?:\w+\s+)?$", re.IGNORECASE)
#: Before a change verb: a pronoun or a definite noun as its subject, in the passive or with
#: "fell" ("the town fell without a fight to...", "the city had been retaken from...").
_SUBJECT_RE: Final = re.compile(
    r"(?<![\w'’-])(?<!\bof\s)(?<!\bin\s)(?<!\bto\s)(?<!\bfrom\s)(?<!\binto\s)"
    r"(?P<ref>it|the\s+(?:\w+\s+)?(?:town|city|village|port|settlement|stronghold|capital))"
    r"\s+(?P<aux>(?:(?:had|has|have)\s+)?(?:(?:been|was|were|is|are)\s+)?)"
    r"(?:(?:now|also|then|finally|completely|quickly|reportedly|eventually|effectively)\s+)?$",
    re.IGNORECASE)
#: A time clause before the verb: the change is background, dated only relative to another.
_TIME_CLAUSE_RE: Final = re.compile(r"\b(?:after|before|since|until|when|while)\b[^,;.]*$",
                                    re.IGNORECASE)
#: A relative clause before the verb ("militiamen who had seized it the day before"): the
#: earlier change of a place named in the main clause, which the history reading owns.
_RELATIVE_RE: Final = re.compile(r"\b(?:who|which|whom)\b[^,;.]*$", re.IGNORECASE)
#: A name standing for the region around it ("the countryside of Idlib"): no town to refer to.
_REGION_OF_RE: Final = re.compile(
    r"\b(?:countryside|province|region|governorate|state)\s+of\s+$", re.IGNORECASE)
#: A name with a region noun after it ("the police chief of Y province") names the region,
#: not its town of the same name: no town to refer to.
_REGION_AFTER_RE: Final = re.compile(r"\s+(?:province|region|governorate|state)\b",
                                     re.IGNORECASE)
#: An infinitive the verb is joined to ("ordered to march on X and seize the capital"): the
#: aim it states is no change.
_INFINITIVE_AND_RE: Final = re.compile(
    r"\bto\s+(?!(?:the|a|an|its|their)\b)\w+\b"
    # a conjunction starts a clause of its own ("forced to take shelter as rebels attacked and
    # seized ..."): its verbs are no part of the infinitive
    r"(?:(?!\b(?:as|while|when|after|before|because|since|until)\b)[^,;.]){0,60}"
    r"\band\s+(?:then\s+)?$",
    re.IGNORECASE)
#: Verb categories whose object changes hands.
_CHANGE: Final = ("capture", "loss")
#: Verb categories whose subject changes hands ("the town fell", "it was retaken").
_SUBJECT_CHANGE: Final = ("capture", "loss", "fell")
#: Geocoding precisions a pronoun can stand for (not a country or a province).
_LOCAL: Final = ("town", "point", "district")
#: A place naming whom a noun belongs to ("the Damascus government"): no antecedent.
_ATTRIBUTIVE_RE: Final = re.compile(
    r"(?:['’]s)?\s+(?:government|regime|authorities|administration|forces|troops|army|"
    r"military|officials|leadership|offensive)\b", re.IGNORECASE)
#: After a change verb: a counted plural of towns ("recaptured two northeastern towns"),
#: whose names the next sentences give.
_COUNTED_RE: Final = re.compile(
    r"\s+(?:(?:full\s+|complete\s+)?control\s+of\s+)?(?:the\s+)?(?P<ref>(?P<n>two|three|"
    r"four|five)\s+(?:[\w-]+\s+){0,3}?(?:towns|cities|villages|settlements|districts))\b",
    re.IGNORECASE)
#: After a change verb: one town not named yet ("seized an unguarded town in the northeast",
#: "took back control of a major district capital"), whose name the next sentence gives.
_INDEFINITE_RE: Final = re.compile(
    r"\s+(?:(?:full\s+|complete\s+)?control\s+of\s+)?(?P<ref>an?\s+(?:[\w-]+\s+){0,3}?"
    r"(?:town|city|village|settlement|(?:district|provincial|regional)\s+capital))\b"
    r"(?!\s+(?:of|called|named)\b)", re.IGNORECASE)
#: The text of such a reference: it opens with the indefinite article.
INDEFINITE_REF_RE: Final = re.compile(r"an?\s", re.IGNORECASE)
_COUNTS: Final = {"two": 2, "three": 3, "four": 4, "five": 5}
#: How many sentences after the counted plural its names may come.
_COUNTED_REACH: Final = 2
#: How many sentences back the antecedent may be.
_REACH: Final = 2


def anaphoric_mentions(state: _Doc, si: int, by_sentence: dict[int, list[tuple[Any, Any]]]
                       ) -> Iterator[tuple[Any, Any, Any]]:
    """(pronoun mention, antecedent mention, antecedent resolution) for each change verb of
    sentence ``si`` whose object refers back to a town named before it."""
    from geomap.gazetteer import Mention

    text = state.text
    sent = state.sentences[si]
    for t in state.triggers[si]:
        if t.category not in _CHANGE and not (t.category == "fell"
                                              and t.text.lower().endswith(" of")):
            continue  # "the fall of the city" has its object after it, as "took the city"
        ref = _ANAPHOR_RE.match(text, t.end, sent.end)
        if ref is None and _TAKEOVER_NOUN_RE.fullmatch(t.text):
            ref = _NOUN_OBJECT_RE.match(text, t.end, sent.end)
        if ref is None or (_TIME_CLAUSE_RE.search(text, max(sent.start, t.start - 50), t.start)
                           and not _dated_time_clause(state, si, t)) \
                or _RELATIVE_RE.search(text, max(sent.start, t.start - 50), t.start) \
                or _INFINITIVE_AND_RE.search(text, max(sent.start, t.start - 90), t.start):
            # "..., a year after insurgents seized it": earlier history with no date of its own
            continue
        # A site ("seized the governor's office") points back to the town of the story even
        # from the next paragraph: wire copy sets each sentence apart.
        site = ref.group("ref")[:4].lower() == "the " and FACILITY_RE.match(ref.group("ref"))
        ante = _antecedent(state, si, t.start, by_sentence, across=bool(site))
        if ante is None:
            continue
        s, e = ref.span("ref")
        yield Mention(s, e, text[s:e], None), ante[0], ante[1]
    for t in state.triggers[si]:
        # "The army claimed its recapture on Friday" (not "its capture of X": the taker's)
        if t.category != "capture" or not _TAKEOVER_NOUN_RE.fullmatch(t.text) \
                or re.match(r"\s+of\b", text[t.end:sent.end]):
            continue
        own = _POSSESSIVE_RE.search(text, max(sent.start, t.start - 20), t.start)
        if own is None or (_TIME_CLAUSE_RE.search(text, max(sent.start, own.start() - 50),
                                                  own.start())
                           and not _dated_time_clause(state, si, t)):
            continue
        s, e = own.span("ref")
        # "X, which lies on the road to Y, and its recapture...": "its" may be any place of
        # its own sentence, not only the last one: it needs a single candidate
        ante = _antecedent(state, si, s, by_sentence, unique=True)
        if ante is not None:
            yield Mention(s, e, text[s:e], None), ante[0], ante[1]
    for t in state.triggers[si]:
        counted = _COUNTED_RE.match(text, t.end, sent.end) if t.category == "capture" else None
        if counted is None or _TIME_CLAUSE_RE.search(text, max(sent.start, t.start - 50),
                                                     t.start):
            continue
        named = _named_after(state, si, counted.end(), _COUNTS[counted.group("n").lower()],
                             by_sentence)
        s, e = counted.span("ref")
        for place in named:
            # "recaptured two towns ... X ... Y": each named town is one of the two taken
            yield Mention(s, e, text[s:e], None), place[0], place[1]
    for t in state.triggers[si]:
        # "regained control of a central town held by jihadists. X is home to ...": an
        # indefinite town the next sentence names (only when this sentence names no other);
        # the pipeline drops it when the naming sentence retells the same change
        single = _INDEFINITE_RE.match(text, t.end, sent.end) if t.category == "capture" \
            else None
        if single is None or _TIME_CLAUSE_RE.search(text, max(sent.start, t.start - 50),
                                                    t.start) \
                or any(m.start >= single.end() and r.place is not None
                       and r.place.geo_precision in _LOCAL for m, r in by_sentence.get(si, [])):
            continue
        named = [p for p in _named_after(state, si, sent.end, 1, by_sentence)
                 if _named_as_the_taken(state, p[0])]
        s, e = single.span("ref")
        for place in named:
            yield Mention(s, e, text[s:e], None), place[0], place[1]
    for t in state.triggers[si]:
        if t.category not in _SUBJECT_CHANGE:
            continue
        subj = _SUBJECT_RE.search(text, max(sent.start, t.start - 60), t.start)
        if subj is None or (t.category != "fell" and not subj.group("aux").strip()) \
                or _TIME_CLAUSE_RE.search(text, max(sent.start, subj.start() - 50),
                                          subj.start()):
            continue  # "the city captured ...": not a passive; "until it fell": background
        s, e = subj.span("ref")
        # "it has been retaken" opening a paragraph of wire copy (each sentence set apart)
        # refers to the town of the paragraph before, as a site does; a state ("the city was
        # under the control of Y") there retells the change already read, and stays out
        opening = t.category in _CHANGE and (
            si == 0 or state.sentences[si - 1].paragraph != sent.paragraph)
        ante = _antecedent(state, si, s, by_sentence, across=opening)
        if ante is None:
            continue
        yield Mention(s, e, text[s:e], None), ante[0], ante[1]


#: A time clause told within hours of the main one ("hours after the troops had seized it"):
#: the same news, not undated history.
_HOURS_BEFORE_RE: Final = re.compile(
    r"\b(?:hours|minutes|moments|(?:a\s+)?few\s+hours|only\s+hours|just\s+hours)\s+"
    r"(?:after|before)\b[^,;.]*$", re.IGNORECASE)
#: What ends the time clause's verb phrase (its own date must come before it).
_CLAUSE_END_RE: Final = re.compile(r"[,;:.()]|\s[–—-]\s")


def _dated_time_clause(state: _Doc, si: int, t: Any) -> bool:
    """Whether the time clause holding the change verb ``t`` dates it on its own: a date
    right after the verb in the clause ("until the army claimed its recapture on Friday"), or
    a clause hours away from the main one ("hours after X had seized it")."""
    text = state.text
    sent = state.sentences[si]
    if _HOURS_BEFORE_RE.search(text, max(sent.start, t.start - 90), t.start):
        return True
    stop = _CLAUSE_END_RE.search(text, t.end, sent.end)
    end = stop.start() if stop is not None else sent.end
    return any(t.end <= d.start < end and d.precision in ("day", "week")
               for d in state.dates[si])


def _antecedent(state: _Doc, si: int, before: int, by_sentence: dict[int, list[tuple[Any, Any]]],
                unique: bool = False, across: bool = False) -> tuple[Any, Any] | None:
    """The last local place named before ``before`` in this or the previous sentences of
    the paragraph (with ``across``, of the previous paragraph too); ``None`` when two
    different places compete in the nearest earlier sentence (or, with ``unique``, in the
    pronoun's own sentence too)."""
    paragraph = state.sentences[si].paragraph
    for sj in range(si, max(-1, si - _REACH - 1), -1):
        if state.sentences[sj].paragraph != paragraph and not (
                across and state.sentences[sj].paragraph == paragraph - 1):
            return None
        local = [(m, r) for m, r in by_sentence.get(sj, [])
                 if m.start < before and r.place is not None
                 and r.place.geo_precision in _LOCAL
                 and not _ATTRIBUTIVE_RE.match(state.text, m.end)
                 and not _REGION_OF_RE.search(state.text, max(0, m.start - 30), m.start)
                 and not _REGION_AFTER_RE.match(state.text, m.end)
                 # a dateline ("KABUL, May 3 -") is where the writer files from
                 and not (m.text.isupper() and len(m.text) > 3)]
        if local:
            ids = {r.place.id for _m, r in local}
            # "X and Y ... took it": which one is unclear
            return local[-1] if len(ids) == 1 or (sj == si and not unique) else None
    return None


def _named_after(state: _Doc, si: int, after: int, count: int,
                 by_sentence: dict[int, list[tuple[Any, Any]]]) -> list[tuple[Any, Any]]:
    """The first ``count`` local places named after ``after`` in this and the next sentences
    (each telling a change), when those sentences name exactly that many (else none: which
    ones are meant is unclear)."""
    found: list[tuple[Any, Any]] = []
    ids: list[str] = []
    for sj in range(si, min(len(state.sentences), si + _COUNTED_REACH + 1)):
        if sj > si and not any(t.category in _SUBJECT_CHANGE for t in state.triggers[sj]) \
                and not _presents_towns(state, sj, by_sentence):
            # a later sentence names the towns by their own change ("X fell on ..."), or
            # presents them each as its subject ("X is a trade hub and Y hosts the army's
            # command"), not merely places where something else happened
            return []
        for m, r in by_sentence.get(sj, []):
            if m.start < after or r.place is None or r.place.geo_precision not in _LOCAL:
                continue
            if r.place.id not in ids:
                ids.append(r.place.id)
                found.append((m, r))
        if len(ids) >= count:
            return found if len(ids) == count else []
    return []


#: Before the town a later sentence names as the one taken: its start ("X is home to ..."),
#: a change verb or takeover noun ("took control of X", "The recapture of X").
_TAKEN_BEFORE_RE: Final = re.compile(
    r"(?:^[\"“]?(?:the\s+(?:\w+\s+)?(?:town|city|village)\s+of\s+)?|"
    r"\b(?:took|taken|seized|captured|recaptured|retook|retaken|overran|occupied|entered|"
    r"control\s+of|recapture\s+of|capture\s+of|fall\s+of|liberation\s+of|out\s+of|from)"
    r"\s+(?:the\s+(?:\w+\s+)?(?:town|city|village)\s+of\s+)?)$", re.IGNORECASE)


def _named_as_the_taken(state: _Doc, m: Any) -> bool:
    """Whether a later sentence names the place as its subject or as what a change took
    ("Boni is home to ...", "The recapture of X"), not as where something else happened
    ("said at a briefing in the capital X")."""
    sent = state.sentences[_sentence_index(state, m.start)]
    return _TAKEN_BEFORE_RE.search(state.text[sent.start:m.start].lstrip()) is not None


#: Before a town that a sentence presents: the sentence start or a joined clause.
_PRESENTED_BEFORE_RE: Final = re.compile(r"(?:^|[,;]\s*(?:and\s+|while\s+)?|\s(?:and|while|"
                                         r"whereas)\s+)$", re.IGNORECASE)
#: After it: a verb of what the town is or has.
_PRESENTED_AFTER_RE: Final = re.compile(
    r"\s+(?:is|was|houses|housed|hosts|hosted|lies|sits|has|had|serves|remains|borders)\b")


def _presents_towns(state: _Doc, sj: int, by_sentence: dict[int, list[tuple[Any, Any]]]
                    ) -> bool:
    """Whether sentence ``sj`` names its towns each as the subject of a clause that says
    what the town is ("X houses the regional command and Y is the centre of ...")."""
    text = state.text
    sent = state.sentences[sj]
    local = [m for m, r in by_sentence.get(sj, [])
             if r.place is not None and r.place.geo_precision in _LOCAL]
    return bool(local) and all(
        _PRESENTED_BEFORE_RE.search(text[sent.start:m.start])
        and _PRESENTED_AFTER_RE.match(text, m.end, sent.end) for m in local)
