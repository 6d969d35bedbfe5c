"""Trigger words and phrases that decide an event's kind, compiled once.

Each trigger has a category:

* ``capture``: the agent gains the place (took, captured, liberated, retook, "entered and
  secured", secured, "back in full control of", "liberation of");
* ``fell``: the place passes to the actor named after the trigger ("fell to", "fell into the
  hands of", "came under the control of", "fall of"; "has fallen" names no taker);
* ``loss``: the agent loses the place (withdrew from, retreated, pulled out of, lost, handed
  over);
* ``contest``: fighting without a change (clashes, attacks, sieges, repelled, shelled, and
  entering: "entered", "broke into", "stormed", "pushed into" are fighting inside a place, not
  holding it);
* ``objective``: a stated aim (aim to, plan to, head toward, advance on, next target);
* ``route``: supply lines and movements (supply lines from X to Y, reinforcements from X);
* ``hold``: a place stays with its holder (still holds, remains in control of).

Modality and negation are read from a short window before the trigger in the same clause
(:data:`MODAL_RE`, :data:`FAILURE_RE`, :data:`NEGATION_RE`), claims and denials from the
sentence (:data:`CLAIM_RE`, :data:`DENIAL_RE`).
"""

from __future__ import annotations

import re
from typing import Final, NamedTuple

from geomap.extract._prefilter import Prefiltered

_CTRL = r"(?:full\s+|complete\s+|total\s+|effective\s+)?control"
_CAPTURE: Final = "|".join([
    # took/taken over, took control of; not "took place/part"
    r"(?:re-?)?(?:took|take[sn]?|taking)\s+(?:back\s+)?(?:over\s+)?(?:" + _CTRL
    + r"\s+(?:of|over)|over)",
    r"(?:took|take[sn]?|taking)\s+back(?!\s+(?:their|its|his|her)\s+(?:words|statement|"
    r"remarks))",
    r"(?:re-?)?(?:took|taken|takes?|taking)(?!\s+(?:place|part(?!s)|refuge|shelter|office|hold|"
    r"care|aim|steps?|measures?|action|time|note|turns?|responsibility|over\b|back|control|"
    r"up|down|off|out|the\s+lead|a\b|an\b|to\b|(?:him|her|them|us|me)\b))",
    r"(?:re-?)?captur(?:ed|es|e|ing)",
    r"seiz(?:ed|es|e|ing)(?:\s+" + _CTRL + r"\s+of)?",
    r"liberat(?:ed|es|e|ing)",
    # "freed the village of X", "freed X from Y": ground, not people ("freed 20 hostages",
    # "freed Aung San Suu Kyi")
    r"fre(?:ed|es|eing)(?=\s+(?:the\s+(?:[\w'’-]+\s+){0,2}?(?:town|city|village|settlement|"
    r"district|port|base|airport|area)s?\b|[A-Z][\w'’-]*(?:[\s-]+[A-Z][\w'’-]*){0,3}\s+from\b))",
    r"retook|retak(?:en|es|e|ing)",
    r"regain(?:ed|s|ing)?(?:\s+" + _CTRL + r"\s+(?:of|over))?",
    r"reclaim(?:ed|s|ing)?",
    # "won back X", "declared X won back from Y"
    r"(?:won|wins?|winning)\s+back",
    r"recover(?:ed|s|ing)?(?!\s+(?:the\s+)?(?:bodies|body|remains|from))",
    r"overr(?:an|un|unning|uns)",
    # not the adjective: "in occupied Kherson", "the occupied city of Melitopol"
    r"(?<!the\s)(?<!in\s)(?<!of\s)(?<!newly\s)(?:re-?)?occup(?:ied|ies|y|ying)"
    r"(?!\s+(?:with|themselves|territor\w+|areas|city|town|zones?)\b)",
    r"conquer(?:ed|s|ing)?",
    r"wrest(?:ed|s|ing)?(?:\s+" + _CTRL + r"\s+of)?",
    r"(?:(?:re-?)?gain(?:ed|s)?|(?:re-?)?assum(?:ed|es)|(?:re-?)?establish(?:ed|es)|won|win)\s+"
    + _CTRL
    + r"\s+(?:of|over)",
    # the noun of the same act: "announced the establishment of its control over X"
    r"(?:re-?)?establishment\s+of\s+(?:its\s+|their\s+|the\s+)?(?:full\s+)?" + _CTRL
    + r"\s+(?:of|over)",
    r"(?:is|are|was|were|now|back|be)\s+(?:back\s+)?in\s+" + _CTRL + r"\s+of",
    # "claimed full control of X": a capture that the claim word turns into a claim
    r"claim(?:s|ed|ing)?\s+(?:to\s+(?:have|be\s+in)\s+)?" + _CTRL + r"\s+(?:of|over)",
    r"back\s+(?:under|in)\s+(?:the\s+)?(?:its\s+|their\s+)?" + _CTRL,
    # "X was brought under control" (passive: the place is the subject)
    r"(?:brought|bring|brings|bringing)\s+under\s+(?:the\s+)?(?:its\s+|their\s+)?" + _CTRL,
    r"enter(?:ed|s|ing)?\s+and\s+(?:secur(?:ed|es|ing)|seiz(?:ed|es|ing)|captur(?:ed|es|ing))",
    r"secur(?:ed|es|ing)(?!\s+(?:the\s+)?(?:release|deal|agreement|support|funding|loan|"
    r"votes?|backing|a\b|an\b))",
    r"(?:swept|moved|rolled|marched|poured)\s+into",
    r"now\s+(?:control(?:s|led)?|hold(?:s)?)",
    r"declar(?:ed|es|ing)\s+(?:a\s+|full\s+|final\s+)?victory(?:\s+over\s+(?:[\w'’-]+\s+){0,3}?in)?",
    r"(?:had|has|have|took|taking|seized|assumed|with)\s+(?:full|complete|total)\s+control\s+"
    r"(?:of|over)",
    r"(?:drove|driven|drive|driving|pushed|expelled|ousted|evicted|routed|flushed|cleared|"
    r"dislodg(?:e|ed|es|ing))"
    r"\s+(?:(?!(?:into|to|toward|towards|on|in|at|through)\s)[\w'’-]+\s+){0,5}?"
    r"(?:out\s+of|from)",
    # "and dislodged the troops" with no "from": the place named before is the one taken
    r"(?:dislodg(?:ed|ing)|drove\s+out|routed|expelled|ousted|overwhelmed)\s+(?:the\s+)?"
    r"(?:[\w'’-]+\s+){0,2}?(?:troops|soldiers|forces|defenders|garrison|army)"
    r"(?!\s+(?:from|out\s+of|back)\b)(?=\s+(?:after|on|at|in|and|before|following)\b|\s*[,.;])",
    r"(?:complete\s+)?(?:liberation|capture|recapture|seizure|takeover|conquest|recovery|"
    r"retaking)(?:\s+of)?",
    # "..., giving the rebels complete control of X": the side given control takes X
    r"giving\s+(?:[\w'’-]+\s+){1,5}?(?:full\s+|complete\s+|total\s+)?control\s+(?:of|over)",
    r"(?:raised|hoisted|planted)\s+(?:the\s+|their\s+)?(?:\w+\s+)?flags?\s+(?:over|in|on)",
])
_FELL: Final = "|".join([
    r"f[ae]ll(?:s|en)?\s+(?:in)?to(?:\s+the\s+hands\s+of)?",
    # "Goma fell on Tuesday", "the town fell at dawn": intransitive, the place right before it
    # (checked where the place is decided); the taker comes from the context
    r"(?<!\bprices\s)(?<!\btoll\s)fell(?=\s+(?:on|at|in|after|overnight|yesterday|today|"
    r"early|late|last|within|shortly|quickly|without)\b|\s*[,.;])",
    # "the fall of X", "the fall on Saturday of X", "X's fall"
    r"fall\s+(?:(?:on|last|this|early|late)\s+\w+\s+)?of",
    r"(?<=['’]s\s)fall(?!\s+(?:of|in|to|from|back|short)\b)",
    r"(?:has|have|had)\s+(?:now\s+|finally\s+)?fallen(?!\s+(?:in|to|by|from|silent|back|apart|"
    r"short|behind|victim|ill|sharply|off))",
    # present tense only with "now": "X is under the control of Y" is a state (hold, below)
    r"(?:came|come|comes|(?:is|are)\s+now|was|were|now|(?:has|have|had)\s+been)\s+under\s+"
    r"(?:the\s+)?" + _CTRL + r"\s+of",
    # present tense only with "now": "X is in the hands of Y" is a state (hold, below)
    r"(?:(?:is|are)\s+now|was|were|now)\s+in\s+the\s+hands\s+of",
    r"(?:is|are)\s+now\s+(?:held|controlled|occupied|run)\s+by",
    # "X was handed back to the army": the place passes to the side it is handed to
    r"(?:was|were|been|being|is|are)\s+(?:\w+ly\s+)?handed\s+(?:back|over)\s+to",
    # "is now under GNA control", "back in government hands": the holder sits before the noun
    r"(?:(?:came|come|comes|was|were|now|(?:has|have|had)\s+been)\s+(?:(?:now|firmly|back|"
    r"fully|again|once\s+again)\s+)*|(?:is|are)\s+(?:(?:firmly|fully)\s+)*(?:now|back|again|"
    r"once\s+again)\s+(?:(?:now|firmly|back|fully|again)\s+)*)(?:under|in)"
    r"(?=\s+(?:the\s+)?(?:[\w'’.-]+\s+){1,3}(?:control|hands)\b)",
])
_LOSS: Final = "|".join([
    r"withdr(?:ew|awn|aw|aws|awing|awal)\s+(?:\w+\s+){0,3}?from",
    # 'a "temporary retreat" from X': a closing quote may stand between noun and "from"
    r"retreat(?:ed|s|ing)?[\"”’]?\s+from",
    r"pull-?back[\"”’]?\s+from",
    r"pull(?:ed|s|ing)?\s+(?:\w+\s+)?(?:out\s+of|back\s+from|out\s+from|out)",
    r"abandon(?:ed|s|ing)?",
    r"evacuat(?:ed|es|e|ing)",
    r"(?:lost|loses?|losing)(?!\s+(?:their|his|her|its|many|several|\d+)\s+(?:lives|men|"
    r"fighters|soldiers))(?:\s+" + _CTRL + r"\s+(?:of|over))?",
    r"loss\s+of",
    r"fled(?:\s+from)?",
    r"escaped\s+from",
    r"(?:were|was|been|being)\s+(?:driven|pushed|forced|expelled|ousted|evicted|chased)"
    r"\s+(?:out\s+of|from)",
    r"ced(?:ed|es|e|ing)",
    # "conceding the city": the side gives the place up ("conceded defeat/that" names none)
    r"conced(?:ed|es|e|ing)(?!\s+(?:defeat|that|the\s+(?:election|point|race)))",
    r"surrender(?:ed|s)?",
    r"hand(?:ed|s|ing)?\s+over",
])
_CONTEST: Final = "|".join([
    r"clash(?:es|ed|ing)?",
    r"fighting|fought|fight(?:s)?\s+(?:for|over|in)",
    r"battl(?:es?|ed|ing)(?:\s+(?:for|over))?",
    r"attack(?:s|ed|ing)?",
    r"assault(?:s|ed|ing)?",
    r"offensive",
    r"sieges?|besieg(?:ed|es|e|ing)",
    r"shell(?:ed|ing|s)",
    r"bombard(?:ed|ment|ing|s)?",
    r"bomb(?:ed|ing|ings)",
    r"(?:air|drone|missile|rocket|artillery)[\s-]?strikes?",
    r"airstrikes?",
    r"rockets?\s+(?:fell|hit|landed)",
    r"repel(?:led|s|ling)?|repuls(?:ed|es|e)|thwart(?:ed|s)?|foil(?:ed|s)?|fend(?:ed)?\s+off",
    r"counter-?attack(?:s|ed)?|counter-?offensive",
    r"encircl(?:ed|ement|ing|es)",
    r"storm(?:ed|ing|s)?",
    r"struck|pound(?:ed|ing)|target(?:ed|ing)|hammer(?:ed|ing)|slamm(?:ed|ing)\s+into|"
    r"rained\s+down\s+on|closing\s+in\s+on|clos(?:ed|es|e)\s+in\s+on|broke\s+into|"
    r"break\s+into|breach(?:ed|ing)",
    r"raid(?:s|ed)?",
    r"skirmish(?:es)?",
    r"(?:came|come|comes|is|was|were|are)\s+under\s+(?:heavy\s+)?(?:fire|attack|siege)",
    r"front\s*lines?",
    r"contested",
    r"push(?:ed)?\s+into",
    r"chang(?:ed|es|e|ing)\s+hands",
    # Entering is not holding: "entered X" alone means fighting inside ("entered and secured"
    # is a capture, above; "entered X and took control of the town" is read by the pipeline).
    r"enter(?:ed|s|ing)?(?!\s+(?:into|talks|negotiations|a\b|an\b|the\s+(?:talks|race|war|"
    r"conflict|fray|fight)))",
    r"(?:stormed|burst|forced\s+(?:their|its)\s+way)\s+into",
    r"cross(?:ed|es|ing)\s+(?:\w+\s+){0,3}?into",
    # returning troops: a change only when the place is then held (see ENTRY_HELD_RE)
    r"return(?:ed|s|ing)?\s+to",
])
_OBJECTIVE: Final = "|".join([
    r"(?:aim(?:s|ed|ing)?|plan(?:s|ned|ning)?|intend(?:s|ed|ing)?|vow(?:s|ed|ing)?|"
    r"threaten(?:s|ed|ing)?|prepar(?:e|es|ed|ing)|seek(?:s|ing)?|sought|pledg(?:e|es|ed))"
    # only an aim to go somewhere or take something ("vowed to defend Sirte", "plan to hold
    # talks in Geneva" name no target)
    r"\s+to(?=\s+(?:\w+\s+)?(?:take|capture|seize|retake|recapture|liberate|free|enter|storm|"
    r"march|advance|move|head|push|reach|control|besiege|encircle|attack|assault|clear|drive|"
    r"expel|regain|reclaim|conquer|overrun|surround|cut\s+off|open\s+a\s+front|crush|"
    r"destroy|defeat|eliminate|wipe\s+out|rout|oust|dislodge|launch|mount|strike|bomb|shell|"
    r"invade|occupy|annex|break\s+through|go\s+into)\b)",
    r"(?:head|heads|heading|headed|march|marches|marching|move|moves|moving|moved|advance|"
    r"advances|advancing|advanced|push|pushes|pushing|press|presses|pressing|converg(?:e|ing))"
    r"\s+(?:on(?:\s+(?:to|towards?))?|onto|to|towards?|in\s+on|deeper\s+into)",
    r"(?:next|new|main|ultimate)\s+(?:target|objective|goal)",
    r"set\s+(?:its|their|his)\s+sights\s+on",
    r"eye(?:s|ing|d)",
    r"en\s+route\s+to",
    # not a retreat's direction: "fled toward Bani Walid"
    r"(?<!fled\s)(?<!fleeing\s)(?<!retreated\s)(?<!retreating\s)(?<!withdrew\s)"
    r"(?<!withdrawing\s)(?<!back\s)(?<!escaped\s)(?<!escaping\s)toward(?:s)?",
])
_ROUTE: Final = "|".join([
    r"supply\s+(?:lines?|routes?|corridors?|chains?|hub|base|convoys?)",
    r"supplies",
    r"resupply",
    r"reinforcements?",
    r"convoys?",
    r"airlift(?:s|ed)?",
    r"logistics?\s+(?:hub|lines?|routes?|base)",
    r"(?:weapons|arms|fuel|ammunition)\s+(?:shipments?\s+)?(?:flowed|flow|shipped|moved|sent|"
    r"deliveries|delivered)",
    r"cargo\s+(?:flights?|planes?|aircraft)",
    r"(?:flew|flown|fly|flying|ferried|ferrying|trucked|shipped|smuggled|airlifted)\s+"
    r"(?:\w+\s+){0,2}?(?:weapons|arms|fighters|mercenaries|troops|reinforcements|fuel|"
    r"ammunition|supplies|equipment|drones)",
    r"flights?\s+from",
    # "use the highway between X and Y to bring in fuel and ammunition"
    r"(?:bring|brings|bringing|brought|ferry|ferries|truck|trucks)\s+in\s+(?:\w+\s+){0,2}?"
    r"(?:fuel|ammunition|supplies|weapons|arms|reinforcements|troops|food|aid)",
])
_HOLD: Final = "|".join([
    r"(?:still|continues?\s+to|remain(?:s|ed)?)\s+(?:hold|holds|held|control|controls|"
    r"controlled|occupy|occupies|occupied|in\s+" + _CTRL + r"(?:\s+of)?)",
    r"remain(?:s|ed)?\s+(?:firmly\s+|largely\s+|entirely\s+)?(?:under|in)\s+(?:the\s+)?"
    r"(?:hands|" + _CTRL + r")",
    r"stronghold",
    r"held\s+by",
    # State sentences: who holds the place, no change stated ("X is in the hands of Y", "X
    # remains in army hands", "now entirely in insurgent hands", "has held X since 2014").
    r"(?:is|are|was|were|remains?|remained|stays?|stayed)\s+(?:now\s+|still\s+|firmly\s+|"
    r"entirely\s+|largely\s+|fully\s+)*in\s+the\s+hands\s+of",
    r"(?:is|are|was|were|remains?|remained|stays?|stayed)\s+(?:now\s+|still\s+|firmly\s+|"
    r"entirely\s+|largely\s+|fully\s+)*in\s+(?:[\w'’-]+\s+){1,2}?hands",
    r"(?:has|have|had)\s+(?:\w+ly\s+)?(?:held|controlled|occupied)(?=\s+(?:\w+\s+){0,6}?since\b)",
    # "X is under GNA control", "X is under the control of Y" (no "now"): who holds it, not
    # a change
    r"(?:is|are)\s+(?:(?:firmly|fully|still|entirely|largely)\s+)*under(?=\s+(?:the\s+)?"
    r"(?:[\w'’.-]+\s+){1,3}control\b)",
    r"(?:is|are)\s+(?:(?:firmly|fully|still|entirely|largely)\s+)*under\s+(?:the\s+)?"
    r"(?:full\s+|complete\s+|total\s+)?" + _CTRL + r"\s+of",
    r"(?:held|controlled|occupied|run)\s+(?:by\s+(?:the\s+)?(?:[\w'’-]+\s+){1,4}?)?since",
])

_CATEGORIES: Final = (("capture", _CAPTURE), ("fell", _FELL), ("loss", _LOSS),
                      ("contest", _CONTEST), ("hold", _HOLD), ("route", _ROUTE),
                      ("objective", _OBJECTIVE))
TRIGGER_RE: Final = re.compile(
    r"(?<![\w-])(?:" + "|".join(f"(?P<{name}>{body})" for name, body in _CATEGORIES)
    + r")(?![\w-])",
    re.IGNORECASE,
)
#: TRIGGER_RE run only where a trigger can start (same matches, several times faster).
_TRIGGER_SEARCH: Final = Prefiltered(TRIGGER_RE, depth=8)

#: Right before a trigger: passive voice ("was captured", "had been retaken").
PASSIVE_RE: Final = re.compile(r"(?:was|were|been|being|is|are|be|got|get)\s+(?:\w+ly\s+)?"
                               # a quoted verb: 'X was "brought under control"'
                               r"[\"“‘']?$", re.IGNORECASE)
#: Right before a trigger: past perfect ("had captured"): happened before the report.
PERFECT_RE: Final = re.compile(r"\bhad\s+(?:\w+ly\s+)?$", re.IGNORECASE)
#: Modal or intention before a capture: not (yet) a change.
MODAL_RE: Final = re.compile(
    r"\b(?:will|would|could|can|may|might|shall|should|must|won't|wouldn't|"
    r"(?:plan|aim|intend|expect|vow|threaten|prepar|hope|want|seek|pledg|promis|"
    r"mov|push|set|poised|ready|about|determin|order|bid|call|urg|decid|go|going|"
    r"is|are)\w*\s+to|in\s+order\s+to|"
    # a bare "to" only as an infinitive: not "loyal to the GNA", "according to residents"
    r"(?<!loyal\s)(?<!allied\s)(?<!close\s)(?<!next\s)(?<!according\s)(?<!due\s)"
    r"(?<!linked\s)(?<!aligned\s)(?<!belonging\s)(?<!opposed\s)(?<!prior\s)"
    r"to(?=\s+(?!(?:the|a|an|its|their|his|her|our|this|that|these|those)\b)))"
    r"\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
#: Speculation, not a stated aim: "could fall", "might take", "would seize" yield no event.
SPECULATIVE_RE: Final = re.compile(
    r"\b(?:could|might|may|would|can|cannot|can't|couldn't|wouldn't)\s+(?:\w+\s+){0,4}$",
    re.IGNORECASE)
#: A clause that states a condition ("if GNA forces attempted to seize Sirte"): hypothetical.
HYPOTHETICAL_RE: Final = re.compile(
    r"(?:if|unless|should\s+(?:the|they|it))\b|"
    # an inverted condition opening the sentence: "Had the rebels taken X, ..."
    r"(?-i:Had)\s+(?!(?:been|already|not|never)\b)\w", re.IGNORECASE)
#: The other side contradicts a report about the same place ("said they were still resisting
#: in the town", "which it insists it still holds"): the report is a claim.
CONTRADICTION_RE: Final = re.compile(
    r"\bstill\s+(?:\w+\s+){0,2}?(?:resist\w*|fight\w*|hold\w*|control\w*|defend\w*|"
    r"in\s+control)\s+(?:in\s+|of\s+|inside\s+|on\s+to\s+)?(?:it|there|the\s+(?:town|city|"
    r"village|base|airport|area|port|district))\b|\b(?:remain|remains|remained)\s+in\s+"
    r"(?:\w+\s+){0,2}?(?:hands|control)\b|\bstill\s+in\s+(?:\w+\s+){0,2}?(?:hands|control)\b",
    re.IGNORECASE)
#: Between a capture verb and a later place: a participle clause or a direction ("captured
#: Dessie, moving closer to Addis Ababa"; "opening the road to Kreminna"): not its object.
NOT_OBJECT_GAP_RE: Final = re.compile(
    r",\s+(?!(?:including|notably|among|during|according)\b)\w+ing\b|"
    r"\b(?:to|towards?|toward|road\s+to|way\s+to)\s+(?:the\s+)?(?:\w+\s+){0,2}$|"
    r"\b\w+ing\s+(?:from|toward|towards|through|via)\s+(?:the\s+)?(?:\w+\s+){0,2}$|"
    r"\b(?:refuge|shelter|cover|regroup\w*|redeploy\w*)\s+(?:in|at|to|near)\s+(?:the\s+)?"
    r"(?:\w+\s+){0,2}$|"
    # "took the airport that serves X": X is what the site serves, not what was taken
    r"\b(?:that|which)\s+(?:serves?|served|links?|connects?|overlooks?|guards?|protects?|"
    r"supplies|borders?|leads?\s+to)\s+(?:the\s+)?(?:(?:city|town|capital)\s+of\s+)?$",
    re.IGNORECASE)
#: After "entered X" in the same sentence: the place is held, so the entry was a capture
#: ("and the city is now in the hands of...", "after the rebels withdrew").
ENTRY_HELD_RE: Final = re.compile(
    r"\b(?:it|the\s+(?:\w+\s+)?(?:town|city|village|base|airport|airbase|district|area|port|"
    r"camp|capital))\s+(?:(?:is|was|has\s+been|had\s+been)\s+)?(?:now\s+)?(?:firmly\s+)?"
    r"(?:in\s+the\s+hands\s+of|under\s+(?:the\s+|their\s+|its\s+)?(?:full\s+)?control)|"
    r"\bwithout\s+(?:a\s+fight|(?:any\s+|meeting\s+(?:any\s+)?)?resistance|firing\s+a\s+shot)|"
    r"\b(?:after|once|when|as|following|since)\b[^.;]{0,80}?\b(?:withdr(?:ew|awn|awal|awing)|"
    r"retreat(?:ed|ing)?|fled|pulled\s+(?:out|back)|abandoned|evacuated|left)\b|"
    # "an assault that led the defenders to withdraw"; "raised their flag over the town"
    r"\b(?:led|forced|prompted|caused)\s+(?:[\w'’-]+\s+){1,4}?to\s+(?:withdraw|retreat|flee|"
    r"pull\s+out)\b|"
    r"\b(?:hoist|rais|plant)(?:ed|ing)\s+(?:[\w'’-]+\s+){0,4}?flags?\b|"
    # "entered X, ending more than a year of RSF control of the city"
    r"\bending\s+(?:[\w'’-]+\s+){0,6}?(?:control|rule|occupation|siege)\b",
    re.IGNORECASE)
#: The sentence after "entered X" (same paragraph) reporting the other side gone or the flag
#: up: the entry was a capture ("Residents celebrated the enemy's withdrawal"; "The army said
#: it had redeployed outside the city").
ENTRY_HELD_NEXT_RE: Final = re.compile(
    r"(?![^.]*\b(?:but|later|briefly|hours\s+later)\b)[^.]*?\b(?:withdr(?:ew|awn|awal)|"
    r"retreat(?:ed)?|pull(?:ed)?[\s-]*(?:out|back)|pullback|redeploy(?:ed|ment)\s+"
    r"(?:outside|out\s+of|away\s+from)|fled|abandoned|"
    r"(?:hoist|rais|plant)(?:ed|ing)\s+(?:[\w'’-]+\s+){0,4}?flags?)\b", re.IGNORECASE)
#: The edge of a place, not the place: "Tripoli's southern suburbs", "the outskirts of Sirte".
#: Taking or leaving it is fighting at the place, not a change of who holds it.
EDGE_AFTER_RE: Final = re.compile(
    r"['’]s?\s+(?:\w+(?:ern)?\s+)?(?:suburbs|outskirts|edges?|fringes|periphery|approaches)\b|"
    # "X's northern districts", "X's eastern half": a part of X, not X
    r"['’]s?\s+(?:(?:north|south|east|west|central|(?:north|south)-?(?:east|west))(?:ern)?\s+)"
    r"(?:districts|neighbou?rhoods|parts|half|quarters|sections|areas|side|bank)\b",
    re.IGNORECASE)
EDGE_BEFORE_RE: Final = re.compile(
    r"\b(?:suburbs|outskirts|edges?|fringes|periphery|approaches|gates)\s+of\s+(?:the\s+)?"
    r"(?:(?:city|town|village|capital)\s+of\s+)?$|"
    # a share of it: "a third of rebel-held eastern Aleppo", "parts of Bakhmut"
    r"\b(?:a\s+third|a\s+quarter|a\s+fifth|half|parts?|sections?|some|pockets|"
    r"\d+\s*(?:percent|per\s+cent|%)|"
    r"(?:several|some|a\s+few)\s+(?:districts|neighbou?rhoods|quarters))\s+of\s+(?:the\s+)?"
    r"(?:[\w'’-]+\s+){0,2}$", re.IGNORECASE)
#: Between a capture verb and a place: what was taken lies in or around the place ("overran
#: government positions in Marib", "seized villages around Saraqeb"): fighting there.
POSITIONS_GAP_RE: Final = re.compile(
    r"^\s+(?:[\w'’-]+\s+){0,3}?(?:positions?|checkpoints?|outposts?|trenches|posts|front\s+lines|"
    r"villages|hills?|heights)\s+(?:in|near|around|outside|on|of|north|south|east|west)\b"
    r"[^,;.]{0,25}$", re.IGNORECASE)
#: A place that only names the ends of a road ("strikes on the road between Sirte and Al-Jufra").
ROAD_ENDS_RE: Final = re.compile(
    r"\b(?:road|highway|route|corridor|motorway|railway)\s+(?:between|from|to|linking|"
    r"connecting|joining)\s+(?:[\w'’-]+\s+){0,4}$", re.IGNORECASE)
#: Right before a trigger: a hypothetical event ("any attack on Sirte would...", "a possible
#: assault on X").
HYPOTHETICAL_BEFORE_RE: Final = re.compile(
    r"\b(?:any|an\s+eventual|a\s+possible|a\s+potential|a\s+future|an\s+expected|"
    r"an\s+imminent|a\s+looming)\s+(?:\w+\s+)?$|"
    # a pending outcome: "negotiating the surrender of X", "demanded the withdrawal from X"
    r"\b(?:negotiat\w+|demand\w*|call(?:ed|s|ing)?\s+for|await\w*|discuss\w*|"
    r"offer(?:ed|s|ing)?|mediat\w+|brokered?|talks\s+on)\s+(?:the\s+|a\s+)?(?:\w+\s+)?$",
    re.IGNORECASE)
#: A fight being prepared, not fought ("preparing an assault on Manbij"): an objective.
PLANNED_FIGHT_RE: Final = re.compile(
    r"\b(?:prepar\w*|plan(?:s|ned|ning)?|threaten\w*|vow\w*|promis\w*|readying|poised\s+for|"
    r"massing\s+for|gearing\s+up\s+for)\s+(?:for\s+)?(?:an?\s+|the\s+|their\s+|its\s+|his\s+)?"
    r"(?:\w+\s+)?$", re.IGNORECASE)
#: Words that keep a "to"-infinitive factual ("managed to retake").
FACTUAL_TO_RE: Final = re.compile(r"\b(?:managed|succeeded|able|went\s+on|proceeded)\s+to\s+"
                                  r"(?:\w+\s+){0,2}$|\bto\s+have\s+(?:been\s+)?(?:\w+ly\s+)?$",
                                  re.IGNORECASE)
#: Failure or attempt: the fight happened, the place did not change hands.
FAILURE_RE: Final = re.compile(
    r"\b(?:failed|fail|fails|failing|unable|attempt\w*|tri(?:ed|es)|trying|try|sought|bid|"
    r"effort\w*|push|yet)\s+(?:\w+\s+){0,4}?(?:to|at)\s+(?:\w+\s+){0,2}$|"
    # "almost took", "nearly captured": the fight happened, the place did not change hands
    r"\b(?:almost|nearly|briefly|temporarily)\s+$|"
    # "on the verge of capturing", "came close to taking": as near, and not taken
    r"\b(?:on\s+the\s+(?:verge|brink|cusp)\s+of|(?:came|come|comes|coming|was|were|is|are|"
    r"been|got|getting)\s+(?:very\s+|so\s+)?(?:close|closer|near)\s+to)\s+$",
    re.IGNORECASE,
)
#: Negation right before the trigger.
NEGATION_RE: Final = re.compile(
    r"\b(?:not|never|no|n't|without|neither|nor|denied|deny|denies|denying|refuted|"
    r"rejected\s+claims\s+(?:of|that)|short\s+of)\b[^.;]{0,40}$|n't\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
DENIAL_WORDS_RE: Final = re.compile(r"\b(?:denied|deny|denies|denying|refuted|dismissed|insist\w*|"
                                    r"rejected|disputed|contradicted|false|untrue|"
                                    r"baseless|fabricat\w+|propaganda)\b", re.IGNORECASE)
#: A denial of the other side's claim ("denied Russian claims that X had fallen"): the claim
#: stands as a claim, not as fighting.
DENIED_CLAIM_RE: Final = re.compile(
    r"\b(?:denied|denies|deny|rejected|rejects|dismissed|dismisses|refuted|disputed)\s+"
    r"(?:[\w'’-]+\s+){0,3}?(?:claims?|reports?)\b|"
    # "denied that government forces had retaken X": the other side's claim, denied
    r"\b(?:denied|denies|deny|rejected|dismissed)\s+that\s+(?!(?:it|they|its|their|we|our)\b)"
    r"(?:[\w'’-]+\s+){1,4}(?:had|has|have)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
#: Claims and unverified reports in the sentence.
CLAIM_RE: Final = re.compile(
    r"\b(?:claim(?:s|ed|ing)?|unconfirmed|reportedly|allegedly|purportedly|unverified|"
    r"could\s+not\s+(?:be\s+)?(?:independently\s+)?(?:verif|confirm)\w*|"
    r"(?:not|n't)\s+(?:be\s+)?(?:independently\s+|immediately\s+)?(?:verified|confirmed|"
    r"comment(?:ed)?|respond(?:ed)?)|"
    r"rumou?rs?|said\s+to\s+have|no\s+(?:independent\s+)?(?:confirmation|verification)|according\s+to\s+(?:pro-|a\s+statement\s+by|"
    r"sources\s+close))",
    re.IGNORECASE,
)
#: A site inside a town, as the object of a change verb ("the presidential palace", "the
#: regional governor's office", "the army base"); not when its own place follows it ("the
#: airport in X", "the base of the 21st Division": that place is read instead).
FACILITY_RE: Final = re.compile(
    r"\bthe\s+(?:[\w'’-]+\s+){0,2}?(?:palace|compound|headquarters|barracks|garrison|prison|"
    r"airport|air\s?base|base|camp|governor['’]s\s+(?:office|residence|mansion)|"
    r"oil\s?field)\b(?!\s+(?:in|at|near|of|outside|on|north|south|east|west)\b)(?!['’])",
    re.IGNORECASE)
#: Where one clause ends and another begins inside a sentence.
CLAUSE_RE: Final = re.compile(
    # a colon or dash after a plural that opens a list of names ("two centres – X and Y",
    # "five villages: A, B and C") names what the clause before it counts: no new clause
    r";|(?<!s)(?::\s|\s[–—-]\s)|"
    r"(?<=s)(?::\s|\s[–—-]\s)(?![A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?(?:\s*\([^()]{1,40}\))?"
    r"(?:,|\s+and\s))|\b(?:but|while|whereas|although|though|however|meanwhile)\b|"
    r"\band\s+that\b|\b(?:after|before|when|since|until|once|because|unless|if|whereas)\b|"
    r"(?<!such )(?<!well )\bas\b(?!\s+well)|"
    r",\s*(?:and|as)\s+(?=(?:the|its|their|they|it|he|she|we|then|also|"
    r"recently|later|now|has|have|had|was|were|is|are)\b)|,\s*(?:which|who|where)\b|"
    r",\s+(?=(?:the|its|their|they|he|she|we|it)\s)",
    re.IGNORECASE,
)
#: "from X" / "out of X" / "to X" right before a place or an actor.
FROM_RE: Final = re.compile(r"(?:\bfrom|\bout\s+of|\bvia)\s+(?:the\s+)?(?:\w+\s+){0,3}$",
                            re.IGNORECASE)
TO_RE: Final = re.compile(r"\b(?:to|towards?|into)\s+(?:the\s+)?(?:\w+\s+){0,2}$", re.IGNORECASE)
#: "by/to/of (the) [up to 3 words]" before an actor; a conjunction in the gap starts another
#: clause ("abandoned by army units as the paramilitaries closed in": not by the latter).
BY_RE: Final = re.compile(r"(?<!from )\b(?:by|to|of)\s+(?:the\s+)?"
                          r"(?:(?!(?:as|while|when|after|before|and|but|since|until|because|"
                          r"whereas)\s)\w+\s+){0,3}$", re.IGNORECASE)
OBJECT_MARK_RE: Final = re.compile(
    r"\b(?:from|against|to|blow\s+to|on|over|with|versus|vs|and|by)\s+(?:the\s+)?$",
    re.IGNORECASE)
#: Generic references resolved to an actor named before ("its forces", "the army", "they").
GENERIC_RE: Final = re.compile(
    r"(?<![\w-])(?:(?:its|their|our|his|her)\s+(?:own\s+)?(?:forces|troops|fighters|units|"
    r"soldiers|army|militias?|men|allies|brigades?|mercenaries|units?)|the\s+(?:army|forces|troops|military|"
    r"militias?|fighters|rebels|group|government)|they|we|"
    # "it" only as a subject ("says it has taken"), never as an object ("seized it").
    r"it(?=\s+(?:has|had|have|now|said|says|claim\w*|announced|insists?|took|captured|seized|"
    r"retook|recaptured|overran|"
    r"(?:was|is)\s+(?:now\s+)?(?:in|back)\s)\b))(?![\w-])",
    re.IGNORECASE,
)
#: Armed groups not in any actor set, kept as written ("the Tuareg militia").
UNKNOWN_ACTOR_RE: Final = re.compile(
    r"(?<![\w-])(?:[Tt]he\s+)?(?!(?:An?|This|That|These|Those|Its|Their|His|Her|Our|Some|"
    # a word never ends with a full stop unless it is an abbreviation ("U.S.-backed"):
    # "Aden. Soldiers" spans a sentence break
    r"Several|Many|Other|Both|All)\s)((?:(?:(?:[A-Z]\.){2,}[\w'’-]*|[A-Z][\w'’-]*"
    r"(?:\.[\w'’-]+)*)\s+)"
    # an Arabic article inside a name ("Tahrir al-Sham"), never its first word
    r"(?:(?:(?:[A-Z]\.){2,}[\w'’-]*|[A-Z][\w'’-]*(?:\.[\w'’-]+)*|(?:al|el|ad|ash|as|ar|an|at|"
    r"ad-din)-[A-Z][\w'’-]*)\s+){0,3}"
    # "Ethnic armed groups", "Karen rebel forces": a common qualifier before the noun
    r"(?:(?:armed|rebel|militant|resistance|guerrilla|insurgent)\s+)?"
    r"(?i:forces|militias?|brigades?|fighters|rebels|troops|army|division|battalion|regiment|"
    r"movement|front|guards?|units?|groups?|soldiers|marines|militants|insurgents|paratroopers|"
    r"commandos|paramilitar(?:y|ies)|jihadists|guerrillas|brotherhood|alliance|separatists|"
    r"defenders))(?![\w-])"
)

#: An acronym acting or speaking ("The RSF said it...", "the SDF took..."), not a news outlet.
ACRONYM_ACTOR_RE: Final = re.compile(
    # after "to/by/from the" ("lost Lashio to the MNDAA"), or before a verb ("The RSF said")
    r"(?:(?P<obj>(?<=\bto )|(?<=\bby )|(?<=\bfrom )|(?<=\bagainst ))the\s+|"
    r"(?<![\w-])(?:[Tt]he\s+)?)"
    r"(?!(?:UN|EU|AP|AFP|BBC|CNN|TV|UK|US|USA|UAE)\b)(?P<acr>[A-Z]{2,6})(?![\w-])"
    r"(?(obj)|(?=\s+(?:said|says|claimed|claims|announced|insists?|insisted|has|have|had|"
    r"took|captured|seized|overran|retook|recaptured|controls|stormed|entered|attacked)\b))")

#: A country or its capital speaking or acting for its forces ("Ukraine says its troops...",
#: "Moscow insists..."): the name stays a place; it also refers to the country's actor, found
#: through the demonym (``COUNTRY_DEMONYMS``).
COUNTRY_DEMONYMS: Final = {
    "russia": "Russian", "moscow": "Russian", "kremlin": "Russian",
    "ukraine": "Ukrainian", "kyiv": "Ukrainian", "kiev": "Ukrainian",
    "turkey": "Turkish", "türkiye": "Turkish", "ankara": "Turkish",
    "syria": "Syrian", "damascus": "Syrian", "libya": "Libyan", "sudan": "Sudanese",
    "ethiopia": "Ethiopian", "mali": "Malian", "myanmar": "Myanmar", "yemen": "Yemeni",
    "iraq": "Iraqi", "baghdad": "Iraqi", "azerbaijan": "Azerbaijani", "baku": "Azerbaijani",
    "armenia": "Armenian", "yerevan": "Armenian", "afghanistan": "Afghan", "kabul": "Afghan",
    "somalia": "Somali", "mogadishu": "Somali", "nigeria": "Nigerian", "abuja": "Nigerian",
    "mozambique": "Mozambican", "maputo": "Mozambican", "kinshasa": "Congolese",
    "rwanda": "Rwandan", "kigali": "Rwandan", "eritrea": "Eritrean", "haiti": "Haitian",
}
_COUNTRY_NAMES: Final = (r"Russia|Moscow|the\s+Kremlin|Kremlin|Ukraine|Kyiv|Kiev|Turkey|Türkiye|"
                         r"Ankara|Syria|Damascus|Libya|Sudan|Ethiopia|Mali|Myanmar|Yemen|Iraq|"
                         r"Baghdad|Azerbaijan|Baku|Armenia|Yerevan|Afghanistan|Kabul|Somalia|"
                         r"Mogadishu|Nigeria|Abuja|Mozambique|Maputo|Kinshasa|Rwanda|Kigali|"
                         r"Eritrea|Haiti")
COUNTRY_SUBJECT_RE: Final = re.compile(
    # not a locator ("separatists in Yemen said": the separatists speak)
    r"(?<![\w-])(?<!\bin\s)(?<!\bof\s)(?<!\bfrom\s)(?<!\bacross\s)(?<!\bthroughout\s)"
    r"(?:the\s+)?(?P<country>" + _COUNTRY_NAMES + r")"
    r"(?=\s+(?:says|said|claims|claimed|announced|insists|insisted|denied|denies|confirmed|"
    r"has|had|have|took|takes|captured|captures|retook|retakes|recaptured|recaptures|seized|"
    r"seizes|withdrew|withdraws|lost|loses)\b|"
    # "Iraq's government declared that its forces...": the state's officials speak for it
    r"['’`]s\s+(?:(?:biggest|largest|main|latest|first|new|major|own)\s+)?"
    r"(?:armed\s+forces|army|military|troops|forces|soldiers|defen[cs]e\s+ministry|"
    r"general\s+staff|defenders|units|next\s+(?:target|objective|goal)|offensive|advance|"
    r"assault|government|president|prime\s+minister|military\s+chief|army\s+chief|"
    r"(?:top\s+)?(?:general|commander)|"
    # "Russia's capture of X": the state takes it (the noun's possessor is its agent)
    r"(?:re)?capture|seizure|takeover|liberation|conquest|retaking)\b)")


class Trigger(NamedTuple):
    """A trigger found in the text."""

    start: int
    end: int
    category: str
    text: str


def find_triggers(text: str, start: int = 0, end: int | None = None) -> list[Trigger]:
    """All triggers in ``text[start:end]``, in order."""
    stop = len(text) if end is None else end
    return [Trigger(m.start(), m.end(), m.lastgroup or "", m.group(0))
            for m in _TRIGGER_SEARCH.finditer(text, start, stop)]

#: ", the self-declared capital of X," between a place and its verb or date.
APPOSITION_AFTER_RE: Final = re.compile(r",\s+(?:the|a|an|its|their|which|\w+['’]s|located|"
                                         r"situated|lying|nestled|once|formerly)\s"
                                         r"[^,;:()]{1,70},\s*")
