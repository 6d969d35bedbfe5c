"""Claims: a change reported by the side that made it, or flagged as unverified or denied.

A capture is a claim (``claimed_control``, ``confirmed`` false) when

* the sentence says so itself ("claimed", "reportedly", "could not be verified"), or the place's
  capture is denied after the verb;
* a later sentence of the same paragraph flags it ("There was no independent confirmation",
  "If confirmed, ...", "The government rejected the claim");
* it is reported speech of the side that gains the place ("the army said it had taken X",
  "the rebels announced the capture of X", a quote followed by its speaker), unless the same
  document corroborates it (:func:`corroborated`): the change is also told as fact, or the
  losing side or a witness confirms it ("the militia confirmed its withdrawal from the town").

Narration with a trailing attribution ("X took Y on Sunday, officials said") and reports by
neutral speakers (residents, witnesses, monitors) or by the losing side stay changes.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Final

from geomap.extract._roles import _resolve_mention
from geomap.extract._state import _clause, _Decision, _Doc
from geomap.extract.patterns import (
    CLAIM_RE,
    CONTRADICTION_RE,
    DENIAL_WORDS_RE,
    Trigger,
)

#: A verb of saying; its subject is the speaker of what follows (or of the quote before it).
SPEECH_RE: Final = re.compile(
    r"\b(?:says?|said|saying|claims?|claimed|claiming|announced|announces|announcing|"
    r"asserts?|asserted|tells?|told|declared|declares|declaring|insists?|insisted|stated|"
    r"states|boasted|boasts|confirmed|confirms|acknowledged|admitted)\b", re.IGNORECASE)
#: A later sentence that withholds confirmation of what was just reported.
UNVERIFIED_RE: Final = re.compile(
    r"\b(?:no\s+independent\s+(?:confirmation|verification)|could\s+not\s+(?:be\s+)?"
    r"(?:independently\s+)?(?:verif|confirm)\w*|(?:not|n't)\s+(?:been\s+|be\s+)?"
    r"independently\s+(?:verified|confirmed)|if\s+confirmed|unverified|unconfirmed|"
    r"(?:nobody|no\s+one)\s+(?:[\w-]+\s+){0,3}?(?:could|can|was\s+able\s+to)\s+"
    r"(?:independently\s+)?(?:verify|confirm)|"
    r"(?:reject\w*|den(?:y|ies|ied)|dismiss\w*|refut\w*|disput\w*)\s+(?:the\s+)?"
    r"(?:[\w'’-]+\s+){0,2}?claims?)\b", re.IGNORECASE)
#: A change the text itself calls confirmed: "the confirmed capture", "the now-confirmed fall".
_CONFIRMED_BEFORE_RE: Final = re.compile(
    r"\b(?:the|a|an|its|their|\w+['’]s?)\s+(?:now[\s-]+|officially\s+)?confirmed\s+$",
    re.IGNORECASE)
#: "The claim follows ...", "That claim came after ...": the noun points back to a claim told
#: before, about another place; it does not make this sentence's changes claims.
_BACK_CLAIM_RE: Final = re.compile(
    r"claims?\s+(?:follows?|followed|comes?|came|was\s+made|were\s+made)\b", re.IGNORECASE)
#: Hedges of the reporter's own sentence (not a side's claim, not a denial).
_HEDGE_RE: Final = re.compile(r"reportedly|allegedly|purportedly", re.IGNORECASE)
#: The name of the place right after the verb ("entered the city of Bukavu" -> Bukavu).
_NAME_AFTER_RE: Final = re.compile(r"\s+(?:(?:the|its)\s+(?:[\w-]+\s+){0,2}?(?:of\s+)?)?"
                                   r"(?P<name>[A-Z][\w'’-]{2,})")
#: Moving into or taking a place (what a witness or an official confirms).
_INTO_RE: Final = re.compile(r"\b(?:entered|moved\s+into|marched\s+into|captured|took|"
                             r"taken|seized|control\s+of|fell|in\s+the\s+hands)\b",
                             re.IGNORECASE)


def _hedges_other(state: _Doc, si: int, hedge: re.Match[str]) -> bool:
    """Whether a hedge word modifies a verb that is no change ("M23, reportedly backed by
    Rwanda, had moved into X", "took X, reportedly killing dozens"); "reportedly overran X,
    as well as taking Y" hedges the change and all it lists."""
    return not any(0 <= t.start - hedge.end() <= _HEDGE_REACH and t.category in _CHANGE
                   and "," not in state.text[hedge.end():t.start]
                   for t in state.triggers[si])


#: How far (characters) after a hedge the verb it modifies may start ("reportedly have
#: already overrun").
_HEDGE_REACH: Final = 25
#: Trigger categories that state a change.
_CHANGE: Final = ("capture", "fell", "loss", "contest")


def _confirmed_later(state: _Doc, si: int, t: Trigger) -> bool:
    """Whether a later sentence of the paragraph has a witness or an official (not a side's
    spokesman) confirm the change: "the governor confirmed that the rebels had moved into
    the centre of X" after "the rebels have reportedly entered X"."""
    text = state.text
    sent = state.sentences[si]
    name = _NAME_AFTER_RE.match(text, t.end, sent.end)
    if name is None:
        return False
    for nxt in state.sentences[si + 1:si + 1 + _LOOKAHEAD]:
        if nxt.paragraph != sent.paragraph or UNVERIFIED_RE.search(text, nxt.start, nxt.end):
            return False
        for a in _ADMIT_RE.finditer(text, nxt.start, nxt.end):
            tail = text[a.end():min(nxt.end, a.end() + _ADMIT_REACH + 40)]
            speaker = text[max(nxt.start, a.start() - _SPEAKER_REACH):a.start()]
            if name.group("name") in tail and _INTO_RE.search(tail) \
                    and _NEUTRAL_RE.search(speaker) and not _SIDE_SPEAKER_RE.search(speaker):
                return True
    return False


#: Speakers who are witnesses, not sides: their word confirms.
_NEUTRAL_RE: Final = re.compile(
    r"\b(?:residents?|(?:eye)?witness(?:es)?|officials?|sources?|activists?|observers?|monitors?|"
    r"monitoring|analysts?|journalists?|reporters?|media|agency|correspondents?|the\s+UN|"
    r"U\.?N\.?|United\s+Nations|"
    r"governor|mayor|local)\b", re.IGNORECASE)
#: How far back (characters) the speaker of a speech verb is looked for.
_SPEAKER_REACH: Final = 90
#: The longest stretch between a speech verb and the change it reports.
_REPORT_REACH: Final = 140
#: A break between a speech verb and a later verb: what follows is no longer the report.
_REPORT_BREAK_RE: Final = re.compile(r";|\s[–—]\s|\b(?:but|while|whereas|although|meanwhile|"
                                     # "said they hold X after taking it": a participle with
                                     # no subject of its own is still the speaker's report
                                     r"(?:after|before)(?!\s+\w+ing\b)|when|since)\b",
                                     re.IGNORECASE)
#: The report is about the speaker itself: "said (that) it/they/its forces ...".
_SELF_SUBJECT_RE: Final = re.compile(
    r"\s+(?:(?:on\s+)?(?:\w+day|yesterday|today|late|early|earlier)\s+(?:\w+\s+)?)?"
    r"(?:that\s+)?(?:it|they|we|its|their|our|his)\b", re.IGNORECASE)
#: Speakers who speak for a side (when no actor is named in the speaker phrase).
_SIDE_SPEAKER_RE: Final = re.compile(
    r"\b(?:spokes(?:man|woman|person|people)|ministry|minister|command|commander|army|"
    r"military|president|leader|government|group|movement|statement|headquarters|"
    r"general\s+staff|chief|rebels|militants|insurgents|forces|troops|delegate|envoy|"
    r"representative)\b", re.IGNORECASE)
#: A side's head or institution speaking (a trailing attribution that names no actor).
_HEAD_SPEAKER_RE: Final = re.compile(
    r"\b(?:president|leader|government|command|general\s+staff|group|"
    r"movement|army|military|rebels|militants|insurgents)\b", re.IGNORECASE)
#: First person inside a quote: the speaker is a side talking about itself.
_FIRST_PERSON_RE: Final = re.compile(r"\b(?:we|our|us)\b", re.IGNORECASE)
#: Opening and closing quotation marks.
_QUOTES: Final = ('"', "“", "”")
#: After a closing quote: its speaker and verb (", a spokesman for X said", "Aliyev said").
_QUOTE_SPEAKER_RE: Final = re.compile(
    r"[”\"]\s*,?\s*([^.;”\"]{0,70}?)\b(?:says?|said|told|announced|declared|added|"
    r"stated|wrote|posted)\b([^.;]{0,50})", re.IGNORECASE)
#: A trailing attribution at the end of the sentence: ", the group announced." / ", said X".
_TRAILING_SPEAKER_RE: Final = re.compile(
    r"[^;]*?,\s*(?:((?:[\w'’.-]+\s+){1,8}?)(?:has\s+|have\s+)?(?:said|says|announced|"
    r"stated|declared|claimed|claims)|(?:said|says|announced|stated|declared)\s+((?:(?!(?:was|"
    r"were|is|are|had|has|have|would|will|it|they)\b)[\w'’.-]+\s*){1,10}?))(?:\s+(?:on|in|late|early)\s+[\w\s]{0,40}?)?\s*[.”\"]?\s*$",
    re.IGNORECASE)
#: Sentences after the report that may still flag it (same paragraph).
_LOOKAHEAD: Final = 3


def flagged_as_claim(state: _Doc, si: int, t: Trigger) -> bool:
    """Whether the sentence or a following one marks the change as claimed or unverified."""
    sent = state.sentences[si]
    text = state.text
    if _CONFIRMED_BEFORE_RE.search(text, max(sent.start, t.start - 30), t.start):
        return False  # "the confirmed capture of X": the text vouches for it
    hits = [c for c in CLAIM_RE.finditer(text, sent.start, sent.end)
            if not _BACK_CLAIM_RE.match(text, c.start())
            # a hedge on another verb ("rebels, reportedly backed by X, had entered Y")
            and not (_HEDGE_RE.fullmatch(c.group(0)) and _hedges_other(state, si, c))]
    if hits:
        # "rebels have reportedly entered X" and a later "the governor confirmed that the
        # rebels had moved into X": the hedge is lifted by a witness or official
        return not (all(_HEDGE_RE.fullmatch(c.group(0)) for c in hits)
                    and _confirmed_later(state, si, t))
    if _denies(text, t.end, sent.end) \
            or CONTRADICTION_RE.search(text, t.end, sent.end) \
            or _DISPUTED_REPORT_RE.search(text, sent.start, t.start):
        return True
    if _told_as_past(state, si):
        return False  # "In April the forces retook X. If confirmed, today's gain ...": a
        # later doubt is about the fresh news, not about a change of weeks ago
    for nxt in state.sentences[si + 1:si + 1 + _LOOKAHEAD]:
        if nxt.paragraph != sent.paragraph:
            # the next paragraph may still deny it at once ("The army denied this.")
            if nxt.paragraph - sent.paragraph <= 1 and nxt is state.sentences[si + 1] \
                    and _denies(text, nxt.start, nxt.end):
                return True
            break
        if UNVERIFIED_RE.search(text, nxt.start, nxt.end) or (
                nxt is state.sentences[si + 1]
                and _denies(text, nxt.start, nxt.end)):
            return True
    return False


#: "propaganda" naming a kind of thing ("released propaganda videos of the capture"): no denial.
_ATTRIBUTIVE_PROPAGANDA_RE: Final = re.compile(
    r"\s+(?:videos?|films?|footage|clips?|campaigns?|outlets?|material|efforts?|purposes|"
    r"machine|war|wing|channels?|posters?|images?|photos?|pictures?|messages?)\b", re.IGNORECASE)


def _denies(text: str, lo: int, hi: int) -> bool:
    """Whether ``text[lo:hi]`` has a word of denial ("denied", "false", "mere propaganda"),
    not "propaganda" used as an attribute ("propaganda videos of the town's capture")."""
    return any(w.group(0).lower() != "propaganda"
               or not _ATTRIBUTIVE_PROPAGANDA_RE.match(text, w.end())
               for w in DENIAL_WORDS_RE.finditer(text, lo, hi))


#: A report set against what follows ("Contrary to reports that rebels had taken X, the
#: army said ...", "Despite claims of the town's fall, ..."): the report is a claim.
_DISPUTED_REPORT_RE: Final = re.compile(
    r"\b(?:contrary\s+to|despite|dismissing|denying|rejecting|refuting)\s+(?:(?:the|earlier|"
    r"media|some|several|widespread|online)\s+)*(?:reports?|claims?|rumou?rs?)\s+(?:that|of)\b"
    r"[^;:]*$", re.IGNORECASE)


#: Days before the dateline a period must end for a change to be told as past (not news).
_PAST_DAYS: Final = 14


def _told_as_past(state: _Doc, si: int) -> bool:
    """Whether every date of the sentence lies in a period that ended two weeks or more before
    the dateline ("In April, the forces retook X" in a report of 18 May)."""
    dates = state.dates[si]
    if not dates or not state.dateline:
        return False
    limit = date.fromisoformat(state.dateline) - timedelta(days=_PAST_DAYS)
    for d in dates:
        start = date.fromisoformat(d.date)
        if d.precision == "year":
            end = date(start.year, 12, 31)
        elif d.precision == "month":
            end = (start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        elif d.precision == "week":
            end = start + timedelta(days=6)
        else:
            end = start
        if end >= limit:
            return False
    return True


def own_report(state: _Doc, si: int, t: Trigger, decision: _Decision) -> bool:
    """Whether a change is the gaining side's own report of it (reported speech).

    "The army said on Sunday it had taken X", "Rebels announced the capture of X", "'Our
    forces took X,' a spokesman said": yes. "X fell to the rebels, residents said", "Kyiv said
    Russian forces had captured X" (the losing side), "Witnesses said ...": no.
    """
    if not decision.actor:
        return False
    text = state.text
    sent = state.sentences[si]
    loss = t.category == "loss"  # "X said it had withdrawn": the loser speaks
    verb = None
    for v in SPEECH_RE.finditer(text, sent.start, t.start):
        verb = v
    if verb is not None and t.start - verb.end() <= _REPORT_REACH \
            and not _REPORT_BREAK_RE.search(text, verb.end(), t.end) \
            and not inside_quote(text, sent.start, verb.start()):
        lo = max(sent.start, _clause(state, si, verb.start())[0], verb.start() - _SPEAKER_REACH)
        speaker = _speaker_actor(state, si, lo, verb.start())
        phrase = text[lo:verb.start()]
        if speaker is not None:
            return _gains(state, speaker, phrase, decision)
        if _NEUTRAL_RE.search(phrase) or _ADMIT_RE.fullmatch(verb.group(0)):
            return False  # "the president confirmed that rebels had taken X": an admission
        if loss:
            return False  # a withdrawal told by an unnamed voice: most often the loser's
        return bool(_SELF_SUBJECT_RE.match(text, verb.end()) or _SIDE_SPEAKER_RE.search(phrase))
    if inside_quote(text, sent.start, t.start):
        close = min((i for i in (text.find(q, t.end, sent.end) for q in ('"', "”")) if i >= 0),
                    default=-1)
        q = _QUOTE_SPEAKER_RE.match(text, close, sent.end) if close >= 0 else None
        if q is None:
            return False
        speaker = _speaker_actor(state, si, q.start(1), q.end())
        phrase = q.group(1) + q.group(2)
        if speaker is not None:
            return _gains(state, speaker, phrase, decision)
        # "'Our men hold X,' a spokesman said": a side's voice (not "his office director")
        return not _NEUTRAL_RE.search(phrase) and not loss and bool(
            _SIDE_SPEAKER_RE.search(phrase)
            or _FIRST_PERSON_RE.search(text, sent.start, t.start))
    tail = _TRAILING_SPEAKER_RE.match(text, t.end, sent.end)
    if tail is not None:
        lo, hi = tail.span(1) if tail.group(1) is not None else tail.span(2)
        speakers = _speaker_actors(state, si, lo, hi)
        phrase = text[lo:hi]
        if speakers:
            return all(_gains(state, a, phrase, decision) for a in speakers)
        if loss:
            return False  # "X pulled back from Y, a spokesman said": most often the loser's
        # ", the group announced", ", the country's president says": the side itself; ", a
        # spokesman said", ", officials said" is narration with a trailing attribution
        return not _NEUTRAL_RE.search(phrase) and bool(_HEAD_SPEAKER_RE.search(phrase))
    return False


def narrated(state: _Doc, si: int, t: Trigger) -> bool:
    """Whether a verb is the text's own narration: no verb of saying before it in the
    sentence, and not inside a quotation."""
    sent = state.sentences[si]
    return not SPEECH_RE.search(state.text, sent.start, t.start) \
        and not inside_quote(state.text, sent.start, t.start)


def inside_quote(text: str, lo: int, pos: int) -> bool:
    """Whether ``pos`` lies inside a quotation opened after ``lo`` in the same sentence."""
    chunk = text[lo:pos]
    if "“" in chunk or "”" in chunk:
        return chunk.rfind("“") > chunk.rfind("”")
    return chunk.count('"') % 2 == 1


def _speaker_actors(state: _Doc, si: int, lo: int, hi: int, *,
                    explicit: bool = False) -> list[str]:
    """The actors named in ``text[lo:hi]`` (a speaker phrase), in order; ``explicit``: only
    mentions that name their side (not "its forces", "the army" taken from context)."""
    found = []
    for idx, a in enumerate(state.actor_mentions[si]):
        if a.start >= lo and a.end <= hi and (a.actor or not explicit):
            actor = _resolve_mention(state, si, idx)
            if actor:
                found.append(actor)
    return found


def _speaker_actor(state: _Doc, si: int, lo: int, hi: int) -> str | None:
    """The actor named last in ``text[lo:hi]`` (the speaker phrase), if any."""
    found = _speaker_actors(state, si, lo, hi)
    return found[-1] if found else None


def _gains(state: _Doc, speaker: str, phrase: str, decision: _Decision) -> bool:
    """Whether a named speaker is the side that gains (or its ally), not the loser or a
    neutral voice."""
    if speaker == decision.actor:
        return True
    if speaker == decision.previous or speaker in state.actors.opponents(decision.actor):
        return False
    return not _NEUTRAL_RE.search(phrase)


#: Troops going into a place, told as fact: with a side's own word that it holds the place,
#: a capture ("Troops entered X on Monday, and their commander said X was in their hands").
ENTRY_RE: Final = re.compile(r"(?:entered|enters|stormed|storms|(?:marched|moved|rolled|swept)"
                             r"\s+into)\b", re.IGNORECASE)
#: A side or a witness admits or confirms something.
_ADMIT_RE: Final = re.compile(r"\b(?:confirm(?:ed|s|ing)?|acknowledg(?:ed|es|e|ing)|"
                              r"admit(?:ted|s|ting)?|conceded?|concedes)\b", re.IGNORECASE)
#: Words of leaving a place (shared by the loss words and the withdrawal words below).
_LEAVING: Final = (r"withdr[ae]w\w*|retreat\w*|pull(?:ed|ing)?[\s-]+(?:out|back)|pull-?out|"
                   r"abandon\w*|evacuat\w*")
#: What a losing side admits: its withdrawal, the loss or the fall of a place.
_LOSS_WORDS_RE: Final = re.compile(
    rf"\b(?:{_LEAVING}|fall|fell|loss|lost|los(?:e|ing)|left|fled|control|captured|taken|"
    r"took|seized|entered|hands|handed\s+over|surrender\w*)\b", re.IGNORECASE)
#: A speaker's word on its own withdrawal: "said it (had) ordered the withdrawal of its
#: troops from", "said its forces had pulled out of", "announced they had left".
_OWN_WITHDRAWAL_RE: Final = re.compile(
    r"\s+(?:(?:on\s+)?\w+day\s+)?(?:that\s+)?(?:it|they|its|their|we|our)\b[^.;]{0,50}?"
    r"\b(?:withdr[ae]w\w*|retreat\w*|(?:pull(?:ed|ing)?|ordered|moved)\s+(?:[\w'’-]+\s+)"
    r"{0,3}?(?:out|back)|pull-?out|abandon\w*|evacuat\w*|left)\b", re.IGNORECASE)
#: Words of leaving a place.
_WITHDRAWAL_RE: Final = re.compile(rf"\b(?:{_LEAVING}|fled)\b", re.IGNORECASE)
#: A place named by a common noun ("the town", "the Libyan capital").
_PLACE_NOUN_RE: Final = re.compile(
    r"\b(?:the|its|their)\s+(?:[\w-]+\s+)?(?:town|city|capital|village|base|airport|port|"
    r"district|garrison|stronghold|camp|area|locality|settlement|complex|compound|palace|"
    r"headquarters|barracks)\b", re.IGNORECASE)
#: Where what is admitted ends: another clause ("..., while X is yet to be confirmed").
#: "... withdrew from the city following an offensive by Russian forces": the side named
#: after "following" is the cause, not a party of what is admitted.
_ADMIT_END_RE: Final = re.compile(r";|\s[–—]\s|,?\s+(?:but|while|whereas|although|though|"
                                  r"following|after|amid|under\s+pressure\s+from)\b",
                                  re.IGNORECASE)
#: How far (characters) after the admission the loss words are looked for.
_ADMIT_REACH: Final = 80
#: How many sentences before or after the claim an admission may stand.
_ADMIT_SENTENCES: Final = 12


def corroborated(state: _Doc, claim_si: int, place_id: str, actor: str, when: str,
                 facts: list[tuple[str, str, str]],
                 places: dict[int, list[tuple[int, str]]]) -> bool:
    """Whether a side's own report of taking a place is confirmed elsewhere in the document.

    ``facts`` are the document's changes told as fact (place id, taker, date); ``places`` the
    places named in each sentence (position, place id). Corroboration: the same change told
    as fact (same place and taker, within a month), or a sentence where another side or a
    witness admits or confirms the loss, naming the place or a common noun for it.
    """
    for pid, taker, day in facts:
        if pid == place_id and taker == actor and _days_apart(day, when) <= 31:
            return True
    text = state.text
    for si, sent in enumerate(state.sentences):
        if abs(si - claim_si) > _ADMIT_SENTENCES:
            continue
        if si != claim_si and (_narrated_gain(state, si, place_id, actor, places)
                               or _narrated_exit(state, si, place_id, actor, places,
                                                 near=0 < si - claim_si <= _EXIT_SENTENCES)):
            return True
        for a in _admissions(text, sent.start, sent.end):
            tail_end = min(sent.end, a.end() + _ADMIT_REACH)
            stop = _ADMIT_END_RE.search(text, a.end(), tail_end)
            if stop is not None:
                tail_end = stop.start()
            own = _OWN_WITHDRAWAL_RE.match(text, a.end(), tail_end)
            if not own and not _LOSS_WORDS_RE.search(text, a.end(), tail_end):
                continue
            if not any(a.end() <= pos < tail_end and pid == place_id
                       for pos, pid in places.get(si, [])) \
                    and not _PLACE_NOUN_RE.search(text, a.end(), tail_end):
                continue
            lo = max(sent.start, _clause(state, si, a.start())[0], a.start() - _SPEAKER_REACH)
            who = _speaker_actor(state, si, lo, a.start())
            # sides named in what is admitted ("its troops" is the speaker's own: not named)
            named = _speaker_actors(state, si, a.end(), tail_end, explicit=True)
            if any(other not in (actor, who) for other in named):
                continue  # "confirmed X was held by the other side": not this change
            if actor in named and _WITHDRAWAL_RE.search(text, a.end(), tail_end):
                continue  # "... said the claimant's troops withdrew from X": the reverse
            if (who is not None and who != actor) or (
                    who is None and _ADMIT_RE.fullmatch(a.group(0))
                    and _NEUTRAL_RE.search(text, lo, a.start())):
                return True
            if who is None and own and actor not in named:
                # "Kyiv said it had ordered its troops out of the town": whoever speaks of
                # its own withdrawal is the side that lost the place
                return True
    return False


#: A side's gain named as a noun: "the army's recapture of", "the rebels' takeover of".
_POSSESSED_GAIN_RE: Final = re.compile(
    r"['’]s?\s+(?:[\w-]+\s+)?(?:recapture|capture|takeover|seizure|liberation|conquest|"
    r"recovery)\s+of\s+", re.IGNORECASE)
#: How far (characters) after "capture of" the place or its noun may stand.
_POSSESSED_REACH: Final = 40


def _narrated_gain(state: _Doc, si: int, place_id: str, actor: str,
                   places: dict[int, list[tuple[int, str]]]) -> bool:
    """Whether sentence ``si`` tells the claimant's gain of the place as the text's own fact:
    "residents celebrated the army's recapture of the city" (a noun of the change, the
    claimant as its possessor, no verb of saying before it, not inside a quote)."""
    text = state.text
    sent = state.sentences[si]
    for idx, a in enumerate(state.actor_mentions[si]):
        g = _POSSESSED_GAIN_RE.match(text, a.end, sent.end)
        if g is None or _resolve_mention(state, si, idx) != actor:
            continue
        if SPEECH_RE.search(text, sent.start, a.start) or inside_quote(text, sent.start,
                                                                       a.start):
            continue
        reach = g.end() + _POSSESSED_REACH
        if any(g.end() <= pos < reach and pid == place_id for pos, pid in places.get(si, [])) \
                or _PLACE_NOUN_RE.match(text, g.end(), sent.end):
            return True
    return False


#: The other side's leaving named as a noun: "the Militia's withdrawal", "Moscow's pullback
#: from the town" (the possessor: one to three capitalised words).
_POSSESSED_EXIT_RE: Final = re.compile(
    r"(?P<who>(?:[A-Z][\w-]+\s+){0,2}[A-Z][\w-]+)['’]s?\s+(?:[\w-]+\s+)?"
    r"(?i:withdrawal|retreat|pull-?out|pull-?back|departure)\b(?P<from>\s+from\s+)?")
#: How many sentences after the claim a leaving that names no place may stand.
_EXIT_SENTENCES: Final = 2


def _narrated_exit(state: _Doc, si: int, place_id: str, actor: str,
                   places: dict[int, list[tuple[int, str]]], *, near: bool) -> bool:
    """Whether sentence ``si`` tells, as the text's own fact, that another side left the
    place: "crowds cheered the Militia's withdrawal from the town" after "the army said it
    had retaken X". A leaving that names no place counts only right after the claim
    (``near``): it is then about the place just claimed."""
    text = state.text
    sent = state.sentences[si]
    for g in _POSSESSED_EXIT_RE.finditer(text, sent.start, sent.end):
        who = _speaker_actor(state, si, g.start("who"), g.end("who")) \
            or state.actors.resolve(g.group("who"), state.source, country=state.country)
        if who is None or who == actor:
            continue
        if SPEECH_RE.search(text, sent.start, g.start()) \
                or inside_quote(text, sent.start, g.start()):
            continue
        if g.group("from") is None:
            if near:
                return True
            continue
        reach = g.end() + _POSSESSED_REACH
        if any(g.end() <= pos < reach and pid == place_id for pos, pid in places.get(si, [])) \
                or (near and _PLACE_NOUN_RE.match(text, g.end(), sent.end)):
            return True
    return False


def _admissions(text: str, lo: int, hi: int) -> list[re.Match[str]]:
    """Verbs of admitting, and of saying (a named side's word on its own loss admits it:
    "the army said it had ordered its troops out of the town")."""
    found = list(_ADMIT_RE.finditer(text, lo, hi)) + list(SPEECH_RE.finditer(text, lo, hi))
    return sorted(found, key=lambda v: v.start())


def _days_apart(a: str, b: str) -> int:
    try:
        return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days)
    except ValueError:
        return 10_000
