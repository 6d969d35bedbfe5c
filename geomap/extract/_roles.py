"""Roles: who took a place, who lost it, and which actor a generic reference ("its forces",
"the army") or a passive/nominal report points to."""

from __future__ import annotations

import re
from typing import Any, Final

from geomap.extract._state import _CONTROL_KINDS, _clause, _Decision, _Doc
from geomap.extract.actors_text import (
    _OPENING_WORDS_RE,
    ActorMention,
    _coordinated_state_forces,
    _local_common_noun,
)
from geomap.extract.patterns import (
    BY_RE,
    FROM_RE,
    OBJECT_MARK_RE,
    PASSIVE_RE,
    Trigger,
)


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
    # "militants overran X" names the side as "the militants" does
    generic = a.text.lower() if definite else "the " + a.text.lower()
    side = _GENERIC_SIDE.get(generic)
    if side is not None:
        # "The militants first captured X" after the SDF and the Islamic State were named:
        # the one side named so far whose own names end with the noun ("IS militants")
        named = _named_with_noun(state, si, a)
        if named:
            return named
    for prev in reversed(mentions[:idx]):
        if prev.actor:
            # "fell to Tuareg rebels ... abandoned by the army": "the army" is not the side
            # named as the object of another verb.
            if definite and OBJECT_MARK_RE.search(
                    state.text[max(0, prev.start - 20):prev.start]):
                continue
            if side is not None:
                # "government forces retook X, which the rebels had taken": the rebels are
                # the army's one opponent, never the army
                same = _on_side(state, prev.actor, side)
                if same:
                    return same
                continue
            return prev.actor
    if side is not None and state.last_agent:
        return _on_side(state, state.last_agent, side)
    if side is not None:
        # "the rebels" with nobody named before: the one side of the country so called
        # ("M23 rebels" in Congo), else the side acting before
        return _local_common_noun(state.actors, generic[4:], state.country) or state.last_agent
    return state.last_agent


def _named_with_noun(state: _Doc, si: int, a: ActorMention) -> str:
    """The one actor named before ``a`` in the document (this sentence and the ones before)
    whose aliases end with ``a``'s common noun ("the militants" -> "IS militants")."""
    tail = " " + re.sub(r"^the\s+", "", a.text.strip().lower())
    seen: set[str] = set()
    for sj in range(si + 1):
        for b in state.actor_mentions[sj]:
            if b.start >= a.start:
                break
            if b.actor:
                seen.add(b.actor)
    fits = {actor for actor in seen
            if (spec := state.actors.actors.get(actor)) is not None
            and any(al.strip().lower().endswith(tail) for al in spec.aliases)}
    return fits.pop() if len(fits) == 1 else ""


#: Generic references that name a side: rebels are never the state's forces (False: not the
#: state's side). The army is not matched the other way: a set names an invading state's
#: forces without the aliases that mark a state's own army.
_GENERIC_SIDE: Final = {"the rebels": False, "the insurgents": False, "the militants": False}
#: Aliases that only a state's forces have.
_STATE_ALIASES: Final = frozenset({"the army", "the military", "government forces",
                                   "government troops", "government soldiers", "the government"})


def _on_side(state: _Doc, actor: str, side: bool) -> str:
    """``actor`` if it is on the side (state or not) a generic word names, else its one
    declared opponent if that one is, else nobody."""
    if _is_state(state, actor) == side:
        return actor
    opp = state.actors.opponents(actor)
    return opp[0] if len(opp) == 1 and _is_state(state, opp[0]) == side else ""


def _is_state(state: _Doc, actor: str) -> bool:
    """Whether an actor is a state's forces (its set calls it the army or government forces)."""
    spec = state.actors.actors.get(actor)
    return spec is not None and any(al.lower() in _STATE_ALIASES for al in spec.aliases)


def _assign_actors(state: _Doc, si: int, m: Any, t: Trigger, cs: int, decision: _Decision,
                   passive_after: bool) -> None:
    text = state.text
    sent = state.sentences[si]
    mentions = state.actor_mentions[si]
    agent = ""
    agent_idx = -1
    passive = passive_after or bool(PASSIVE_RE.search(text[max(sent.start, t.start - 25):
                                                              t.start])) or (
        # a participle with its agent after it ("towns abandoned by the army"): passive
        t.category in ("capture", "loss") and t.text.lower().endswith("ed")
        and re.match(r"\s+by\b", text[t.end:t.end + 5]) is not None)
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
            else:
                words = _DEGREE_RE.sub("", holder_words.group(1)).strip()
                if not words or _PRONOUN_RE.fullmatch(words.split()[0]):
                    agent = _pronoun_holder(state, si, t, words.split()[0] if words else "")
                else:
                    # "under government control" in a Syrian report is Syria's government
                    known = (state.actors.resolve(words + " forces", scopes=state.scopes,
                                                  country=state.country)
                             or state.actors.resolve(words, scopes=state.scopes,
                                                     country=state.country))
                    # a name as written, never a common phrase ("the total")
                    agent = known or (words if words[0].isupper() else "")
    if not agent and _NOMINAL_ONLY_RE.fullmatch(t.text):
        # "the recapture of Gharyan by government forces"; "the recapture of X is a major
        # step for Ukrainian forces": the side it is a gain for took it
        for idx, a in enumerate(mentions):
            if m.end <= a.start and (
                    re.search(r"\bby\s+(?:the\s+)?$", text[max(m.end, a.start - 12):a.start])
                    or _GAIN_FOR_RE.fullmatch(text, m.end, a.start)):
                agent, agent_idx = _resolve_mention(state, si, idx), idx
                break
    if not agent and t.category == "fell" and not re.search(r"\b(?:to|of|under|in)$", t.text):
        # "denied Russian claims that X had fallen": the claimant is the taker.
        agent, agent_idx = _claimant(state, si, t)
    if not agent and t.text.lower() in ("fell", "fall"):
        # "M23 rebels advanced all week. Goma fell on Tuesday": the side acting in the
        # sentence (a speaker of the quote) or in the sentences before
        before = [i for i, a in enumerate(mentions) if a.end <= t.start
                  and not OBJECT_MARK_RE.search(text[max(sent.start, a.start - 20):a.start])]
        agent = _resolve_mention(state, si, before[-1]) if before else state.last_agent
        decision.from_context = bool(agent) and not before
    if not agent and t.text[:6].lower() == "giving":
        # "..., giving the rebels control of X": the side given control, not the subject
        inside = next((i for i, a in enumerate(mentions) if t.start < a.start < t.end), None)
        if inside is not None:
            agent, agent_idx = _resolve_mention(state, si, inside), inside
    if not agent and t.category != "fell":
        for lo in (cs, sent.start):
            for idx in range(len(mentions) - 1, -1, -1):
                a = mentions[idx]
                if a.end > t.start or a.start < lo:
                    continue
                if (OBJECT_MARK_RE.search(text[max(sent.start, a.start - 20):a.start])
                        and not (_WITH_SUBJECT_RE.fullmatch(text, a.end, t.start)
                                 and t.text.split()[0].lower().endswith("ing"))
                        # "Fighters from the X group swept into": X's own fighters
                        and not _MEMBERS_FROM_RE.fullmatch(text[sent.start:a.start])) \
                        or _is_trigger_object(state.triggers[si], a) \
                        or _COUNTED_CAPTIVES_RE.search(text, max(sent.start, a.start - 40),
                                                       a.start) \
                        or (_EXPEL_BEFORE_RE.search(text, max(sent.start, a.start - 30),
                                                    a.start)
                            and _OUT_AFTER_RE.match(text, a.end)):
                    # "with the MNDAA handing over X": after "with", the participle's subject;
                    # "managed to force IS militants out and take X": the expelled side is
                    # the object of "force ... out", not the taker
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
        # "was abandoned by army units": the set's actor in the document's country ("army"
        # in Sudan is the SAF), else the group as written
        by = _BY_GROUP_RE.match(text, t.end, sent.end)
        if by is not None:
            phrase = re.sub(r"\s+", " ", by.group(1))
            agent = (state.actors.resolve(phrase, scopes=state.scopes, country=state.country)
                     # "by army and police forces": the army's side
                     or (_coordinated_state_forces(state.actors, phrase, state.scopes,
                                                   state.country) if " and " in phrase else None)
                     or phrase)
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
    if not holder and t.category == "capture":
        # "liberated from (the) Armenian occupation": the occupier held it
        occupier = _FROM_OCCUPATION_RE.match(text, t.end, sent.end)
        if occupier is not None:
            holder = state.actors.resolve(occupier.group(1) + " forces", scopes=state.scopes,
                                          country=state.country) or ""
    if not agent and t.category != "fell":
        if holder and t.category != "loss":
            opp = state.actors.opponents(holder)
            agent = opp[0] if len(opp) == 1 else ""
        if not agent and not passive:
            agent = _subject_as_written(text[cs:t.start])
        if not agent and not passive and _BARE_STATE_SUBJECT_RE.search(text, cs, t.start):
            # "said troops abandoned the base": bare troops or soldiers with nobody named
            # are the state's army, not the side that acted last
            agent = state.actors.resolve("the army", scopes=state.scopes,
                                         country=state.country) or ""
        # A passive or nominal report ("Tripoli's liberation", "X was retaken") names no
        # agent: the actor of earlier sentences is no evidence of who took the place.
        if not agent and state.last_agent and state.last_agent != holder and not passive:
            agent = state.last_agent
        if not agent and not holder and _NOMINAL_ONLY_RE.fullmatch(t.text):
            # "celebrations of the recapture of X" told first, "Y had launched an offensive
            # to regain X" after: the side the next sentences give X's taking or aim to
            agent = _later_taker(state, si, m.text)
        decision.from_context = bool(agent)
    other = holder if holder != agent else ""
    if not other:
        members: set[str] = set()
        for idx in range(len(mentions)):
            if idx == agent_idx or _is_speaker(state, si, mentions[idx]):
                continue  # "MONUSCO said the rebels had pulled out of X": the speaker is no party
            actor = _resolve_mention(state, si, idx)
            if _MEMBER_OF_RE.search(text, max(sent.start, mentions[idx].start - 24),
                                    mentions[idx].start) \
                    or _BACKER_BEFORE_RE.search(text, max(sent.start, mentions[idx].start - 40),
                                                mentions[idx].start):
                # "troops backed by Russian jets": the backer is on the taker's side, not
                # the one who lost the place
                # "fell to a coalition, including the PDF (PDF)": a member of the taking side
                members.add(actor)
                continue
            if actor and actor != agent and actor not in members:
                other = actor
                break
    if t.category == "loss":
        loser = agent
        winner = other
        opp = state.actors.opponents(loser) if loser else ()
        if len(opp) == 1 and (not winner or (winner not in state.actors.actors
                                             and winner == winner.lower())):
            # "withdrew from X as rebels advanced": in a two-sided set the common noun is
            # the loser's one opponent
            winner = opp[0]
        decision.actor, decision.previous = winner, loser
        return
    if not other and agent:
        opp = state.actors.opponents(agent)
        other = opp[0] if len(opp) == 1 else ""
    decision.actor = agent
    decision.previous = other if decision.kind in _CONTROL_KINDS + ("contested",) else ""


#: Before a side that backs the one acting ("backed by Russian jets", "with the help of").
_BACKER_BEFORE_RE: Final = re.compile(
    r"\b(?:(?:backed|supported|aided|helped|assisted|reinforced|joined)\s+by|with\s+the\s+"
    r"(?:help|support|backing|aid)\s+of|alongside|together\s+with)\s+(?:the\s+)?"
    r"(?:[\w'’-]+\s+){0,2}$", re.IGNORECASE)
#: How many sentences after a nominal taking the side taking the place may be named.
_LATER_REACH: Final = 3


def _later_taker(state: _Doc, si: int, name: str) -> str:
    """The one side that a later sentence names taking, or aiming to take, the place called
    ``name`` ("... to regain control of X"): the nearest side before that verb."""
    text = state.text
    found: set[str] = set()
    for sj in range(si + 1, min(len(state.sentences), si + 1 + _LATER_REACH)):
        sent = state.sentences[sj]
        for t in state.triggers[sj]:
            if t.category not in ("capture", "objective"):
                continue
            at = text.find(name, t.end, min(sent.end, t.end + 40))
            if at < 0:
                continue
            cs = _clause(state, sj, t.start)[0]
            before = [i for i, a in enumerate(state.actor_mentions[sj])
                      if cs <= a.start and a.end <= t.start
                      and not OBJECT_MARK_RE.search(text, max(sent.start, a.start - 20),
                                                    a.start)]
            actor = _resolve_mention(state, sj, before[-1]) if before else ""
            if actor:
                found.add(actor)
    return found.pop() if len(found) == 1 else ""


#: After an actor: it speaks ("..., the army said"); before it: "said the minister".
_SPEAKS_AFTER_RE: Final = re.compile(
    r"(?:['’]s?)?(?:,\s+[^,;.“”\"]{1,60}?,|(?:\s+[\w'’.-]+){0,3}?,?)\s+(?:has\s+|had\s+)?"
    r"(?:said|says|told|announced|"
    r"stated|claimed|claims|reported|confirmed)\b", re.IGNORECASE)
_SPEAKS_BEFORE_RE: Final = re.compile(r"\b(?:said|says|told|announced|according\s+to)\s+"
                                      r"(?:(?!that\b)[\w'’-]+\s+){0,5}$", re.IGNORECASE)


#: After an actor named right after "said": a verb of its own, so it is the subject of the
#: reported clause ("said rebels also took over X", "said the army had withdrawn").
_REPORTED_SUBJECT_RE: Final = re.compile(
    r"\s+(?:(?:also|then|later|now|had|has|have|were|was|are|is|would|will)\s+)*"
    r"(?:\w+ed|took|taken|overran|overrun|seized|retook|won|lost|fled|withdrew|left|"
    r"entered|held|hold|control(?:s|led)?)\b", re.IGNORECASE)


def _is_speaker(state: _Doc, si: int, a: ActorMention) -> bool:
    """Whether an actor mention is the speaker of its sentence ("M23 said", "said the army")."""
    text = state.text
    sent = state.sentences[si]
    return bool(_SPEAKS_AFTER_RE.match(text, a.end, min(sent.end, a.end + 60))
                or (_SPEAKS_BEFORE_RE.search(text, max(sent.start, a.start - 40), a.start)
                    # "said rebels also took X": the subject of what was said, not a speaker
                    and not _REPORTED_SUBJECT_RE.match(text, a.end, sent.end)))


#: Opening a sentence before a side: its members ("Fighters from the X group"), who act for
#: it.
_MEMBERS_FROM_RE: Final = re.compile(
    r"\s*(?:fighters|members|militants|troops|units|soldiers|gunmen|jihadists|insurgents|"
    r"rebels|militiamen|combatants)\s+(?:from|of)\s+"
    r"(?:the\s+)?", re.IGNORECASE)
#: Between an actor and a participle right after it ("with the rebels handing over ..."):
#: the actor is the participle's subject even after "with".
_WITH_SUBJECT_RE: Final = re.compile(r"\s+(?:\w+ly\s+)?", re.IGNORECASE)
#: A clause's subject that is a bare noun of a state's soldiers, right before its verb.
_BARE_STATE_SUBJECT_RE: Final = re.compile(
    r"(?:^|\b(?:said|says|that)\s+|[,;]\s+)(?:troops|soldiers)\s+(?:\w+ly\s+)?$",
    re.IGNORECASE)
#: Before a side named as a member of another ("a coalition, including the PDF").
_MEMBER_OF_RE: Final = re.compile(r"\b(?:including|among\s+them|alongside)\s+(?:the\s+)?$",
                                  re.IGNORECASE)
#: Before a side expelled ("force/drive/push/chase ... out"): it is the verb's object.
_EXPEL_BEFORE_RE: Final = re.compile(
    r"\b(?:forc(?:e|ed|es|ing)|driv(?:e|es|ing)|drove|push(?:ed|es|ing)?|kick(?:ed|s|ing)?|"
    r"chas(?:e|ed|es|ing)|flush(?:ed|es|ing)?)\s+(?:the\s+)?(?:remaining\s+|last\s+)?$",
    re.IGNORECASE)
_OUT_AFTER_RE: Final = re.compile(r"\s+out\b(?!\s+of\b)", re.IGNORECASE)
#: Between a takeover noun's place and a side: "(X) is a significant step for" that side.
_GAIN_FOR_RE: Final = re.compile(
    r"\s+(?:is|was|marks|marked|represents|represented)\s+(?:a|an)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:step|victory|success|boost|win|gain|achievement|triumph)\s+for\s+(?:the\s+)?"
    # "for the 1,000-strong Rwandan force": a size or a qualifier before the side
    r"(?:[\d,.]+-strong\s+|newly\s+deployed\s+)?",
    re.IGNORECASE)
_NOMINAL_ONLY_RE: Final = re.compile(r"(?:complete\s+)?(?:liberation|capture|recapture|seizure|"
                                    r"takeover|conquest|recovery|retaking)(?:\s+of)?",
                                    re.IGNORECASE)
_HOLDER_BEFORE_NOUN_RE: Final = re.compile(
    r"\s+(?:the\s+)?((?:[\w'’.-]+\s+){0,2}?[\w'’.-]+?)(?:['’]s)?\s+(?:control|hands)\b",
    re.IGNORECASE)
#: Degree words inside "under (the) full/total ... control" (not part of the holder).
_DEGREE_RE: Final = re.compile(r"\b(?:full|fully|total|complete|effective|firm|partial|sole|"
                               r"direct|overall|entire|tight|undisputed|de\s+facto)\b\s*",
                               re.IGNORECASE)
_PRONOUN_RE: Final = re.compile(r"(?:its|their|our|his|her|my)", re.IGNORECASE)


def _pronoun_holder(state: _Doc, si: int, t: Trigger, pronoun: str) -> str:
    """The actor a possessive before "control"/"hands" points to.

    "Brega was now fully under its control": the actor named before. "'X is under our
    control,' a spokesman for the GNA said": first person inside a quote is the speaker,
    named after it.
    """
    mentions = state.actor_mentions[si]
    if pronoun.lower() in ("our", "my"):
        after = [i for i, a in enumerate(mentions) if a.start >= t.end]
        if after:
            return _resolve_mention(state, si, after[0])
    before = [i for i, a in enumerate(mentions) if a.end <= t.start]
    return _resolve_mention(state, si, before[-1]) if before else state.last_agent


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


#: After a taking verb and its place: "from (the) <demonym> occupation/rule".
_FROM_OCCUPATION_RE: Final = re.compile(
    r"[^,;.]{0,60}?\bfrom\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?([A-Z][\w-]+)\s+(?:occupation|occupiers|"
    r"rule|control)\b")
_BY_GROUP_RE: Final = re.compile(
    r"\s+by\s+(?:the\s+)?((?:[\w'’-]+\s+){0,3}(?:forces|troops|units|fighters|soldiers|"
    r"militias?|militiamen|rebels|insurgents|militants|gunmen|tribesmen|army|police))\b",
    re.IGNORECASE)
_SUBJECT_TAIL_RE: Final = re.compile(
    r"(?:\s+(?:have|has|had|were|was|is|are|reportedly|finally|also|now|then|quickly|"
    r"eventually|on\s+\w+day|yesterday|overnight|today))+\s*$", re.IGNORECASE)
_NOT_ACTOR_NOUNS: Final = frozenset({"sides", "parties", "officials", "residents", "sources",
                                     "witnesses", "analysts", "civilians", "people", "reports",
                                     "media", "diplomats", "observers", "monitors", "experts"})
#: Weapons and means of war as a clause's subject: they act for somebody, they are nobody.
_MEANS_NOUNS: Final = frozenset({
    "rockets", "shells", "missiles", "bombs", "drones", "warplanes", "jets", "planes",
    "aircraft", "helicopters", "gunships", "tanks", "mortars", "airstrikes", "strikes",
    "explosions", "blasts", "artillery", "weapons", "guns", "warships", "ships", "vehicles",
    "convoys", "bullets", "grenades", "barrels", "munitions", "projectiles"})
#: Crowds: people who are no armed side ("Protesters stormed the base").
_CROWD_NOUNS: Final = frozenset({
    "protesters", "protestors", "demonstrators", "crowds", "mobs", "rioters", "looters",
    "villagers", "refugees", "students", "worshippers", "mourners", "crowd", "mob", "youths",
    "inmates", "prisoners", "journalists", "reporters"})
#: A bare noun of armed people that names no side when nothing qualifies it.
_BARE_FORCE_NOUNS: Final = frozenset({"forces", "troops", "fighters", "soldiers", "militants",
                                      "gunmen", "units", "militias"})
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
    opener = _OPENING_WORDS_RE.match(phrase)
    if opener is not None and opener.end() < len(phrase):
        # "On Monday militants took X": the date that opens the sentence is not the subject
        phrase = "the " + phrase[opener.end():]
    words = phrase.split()
    if not 1 <= len(words) <= 6 or not (words[0][0].isupper() or words[0].lower() == "the"):
        return ""
    last = words[-1].lower().strip(".,")
    if last.endswith(("'s", "’s")):
        return ""  # "...expect Russia's": a possessor, not a subject
    last = last.strip("'’")
    if last in _NOT_ACTOR_NOUNS or last in _MEANS_NOUNS or last in _CROWD_NOUNS:
        # "Both sides claimed...", "Residents said...": speakers, not an armed side;
        # "Rockets and shells pounded X", "Protesters stormed X": a means or a crowd
        return ""
    if len(words) == 1 and last in _BARE_FORCE_NOUNS:
        return ""  # "Forces led by ... control X": a bare noun names no side
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


#: A counted group right after a verb of taking people ("have taken 50 SAF officers
#: prisoner", "captured dozens of government soldiers"): the side named is the one whose
#: men were taken, never the taker.
_COUNTED_CAPTIVES_RE: Final = re.compile(
    r"\b(?:taken|took|take|taking|captured|capturing|seized|killed|killing|detained|arrested)"
    r"\s+(?:some\s+|about\s+|around\s+|more\s+than\s+|over\s+)?(?:\d[\d,]*|dozens|"
    r"hundreds|scores|several|many|two|three|four|five|six|seven|eight|nine|ten)\s+(?:of\s+)?"
    r"(?:the\s+)?$", re.IGNORECASE)


def _is_trigger_object(triggers: list[Trigger], a: ActorMention) -> bool:
    """Whether an actor is the object of a trigger verb ("drove Gaddafi's troops out")."""
    return any(t.start <= a.start < t.end or 0 <= a.start - t.end <= 1 for t in triggers)


def _next_context(state: _Doc, si: int, acting: list[str]) -> str:
    """The actor generic references in the next sentences point to."""
    if acting:
        return acting[-1]
    for idx, a in enumerate(state.actor_mentions[si]):
        text = state.text
        if a.actor and not OBJECT_MARK_RE.search(text[max(0, a.start - 20):a.start]) \
                and not _HELD_UNDER_RE.search(text, max(0, a.start - 30), a.start):
            # "The base had been under Haftar": the holder is not who acts next
            return _resolve_mention(state, si, idx)
    return state.last_agent


_HELD_UNDER_RE: Final = re.compile(r"\b(?:under|in\s+the\s+hands\s+of)\s+(?:the\s+)?"
                                   r"(?:control\s+of\s+(?:the\s+)?)?$", re.IGNORECASE)
