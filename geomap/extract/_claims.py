"""Claims: a change reported by the side that made it, or flagged as unverified or denied.

A capture is a claim (``claimed_control``, ``confirmed`` false) when

* the sentence says so itself ("claimed", "reportedly", "could not be verified"), or the place's
  capture is denied after the verb;
* a later sentence of the same paragraph flags it ("There was no independent confirmation",
  "If confirmed, ...", "The government rejected the claim").

A side's own unhedged report of its gain ("the army said it had taken X") stays a change: the
project's convention (DESIGN.md), which the real-news truth does not share (it calls every
report of the capturing side a claim).
"""

from __future__ import annotations

import re
from typing import Final

from geomap.extract._state import _Doc
from geomap.extract.patterns import (
    CLAIM_RE,
    CONTRADICTION_RE,
    DENIAL_WORDS_RE,
    Trigger,
)

#: A verb of saying; its subject is the speaker of what follows (or of the quote before it).
SPEECH_RE: Final = re.compile(
    r"\b(?:says?|said|claims?|claimed|announced|announces|asserts?|asserted|tells?|told|"
    r"declared|declares|insists?|insisted|stated|states|boasted|boasts)\b", re.IGNORECASE)
#: A later sentence that withholds confirmation of what was just reported.
UNVERIFIED_RE: Final = re.compile(
    r"\b(?:no\s+independent\s+(?:confirmation|verification)|could\s+not\s+(?:be\s+)?"
    r"(?:independently\s+)?(?:verif|confirm)\w*|(?:not|n't)\s+(?:been\s+|be\s+)?"
    r"independently\s+(?:verified|confirmed)|if\s+confirmed|unverified|unconfirmed|"
    r"(?:nobody|no\s+one)\s+(?:[\w-]+\s+){0,3}?(?:could|can|was\s+able\s+to)\s+"
    r"(?:independently\s+)?(?:verify|confirm)|"
    r"(?:reject\w*|den(?:y|ies|ied)|dismiss\w*|refut\w*|disput\w*)\s+(?:the\s+)?"
    r"(?:[\w'’-]+\s+){0,2}?claims?)\b", re.IGNORECASE)
#: Speakers who are witnesses, not sides: their word confirms.
_NEUTRAL_RE: Final = re.compile(
    r"\b(?:residents?|witness(?:es)?|officials?|sources?|activists?|observers?|monitors?|"
    r"analysts?|journalists?|reporters?|media|agency|correspondents?|the\s+UN|United\s+Nations|"
    r"governor|mayor|local)\b", re.IGNORECASE)
#: How far back (characters) the speaker of a speech verb is looked for.
_SPEAKER_REACH: Final = 90
#: Sentences after the report that may still flag it (same paragraph).
_LOOKAHEAD: Final = 3


def flagged_as_claim(state: _Doc, si: int, t: Trigger) -> bool:
    """Whether the sentence or a following one marks the change as claimed or unverified."""
    sent = state.sentences[si]
    text = state.text
    if CLAIM_RE.search(text, sent.start, sent.end):
        return True
    if DENIAL_WORDS_RE.search(text, t.end, sent.end) \
            or CONTRADICTION_RE.search(text, t.end, sent.end):
        return True
    for nxt in state.sentences[si + 1:si + 1 + _LOOKAHEAD]:
        if nxt.paragraph != sent.paragraph:
            # the next paragraph may still deny it at once ("The army denied this.")
            if nxt.paragraph - sent.paragraph <= 1 and nxt is state.sentences[si + 1] \
                    and DENIAL_WORDS_RE.search(text, nxt.start, nxt.end):
                return True
            break
        if UNVERIFIED_RE.search(text, nxt.start, nxt.end) or (
                nxt is state.sentences[si + 1]
                and DENIAL_WORDS_RE.search(text, nxt.start, nxt.end)):
            return True
    return False
