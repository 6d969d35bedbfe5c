"""Speed paths of the extractor give exactly the results of the plain paths."""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geomap.actors import ActorSet
from geomap.extract._prefilter import Prefiltered, prefiltered
from geomap.extract.actors_text import _LEFT_EXT
from geomap.extract.dates import DATE_RE
from geomap.extract.patterns import ACRONYM_ACTOR_RE, CLAUSE_RE, TRIGGER_RE, find_triggers
from geomap.extract.sentences import _WORD_BEFORE, _word_before

# Own-written snippets: triggers, dates and actor names in many shapes, with near misses
# (words that start like a trigger, hyphens, case changes, non-ASCII letters).
SNIPPETS = [
    "Rebel fighters retook the hill town of Qasr after a week of clashes, officials said.",
    "The army has now fallen back; the garrison had fallen silent by Tuesday evening.",
    "Militiamen swept into the port on 3rd of March, 2019 and raised their flag over it.",
    "Attackers were driven out of the old quarter late last night, two days ago or so.",
    "Government troops took part in talks, took place in Geneva and took over the airport.",
    "A counter-attack re-captured the bridge; counteroffensive stalled, the front-lines held.",
    "Forces loyal to the council WITHDREW FROM the district and surrendered the depot.",
    "the occupied city of Valdora; they occupy the ridge; newly occupied farms",
    "Airstrikes, air-strikes and drone strikes hit Marenko on 2021-11-30 and June 5th.",
    "Kelvin \u212a-units, long \u017fhelling, Turkish \u0130, dotless \u0131 at the checkpoint.",
    "pre-taken, retaken-ish, overtaken, undertook, mistook, retreatment, battlefield",
    "In early March 2015 the movement vowed to march on the capital next week.",
    "The Northern Defence Brigade said it still holds the airbase; the NDB denied claims.",
    "SDF, RSF and MNDAA fighters: the RSF said they had captured it, to the MNDAA.",
    "Supply lines from Norwick to Palmyre were cut; reinforcements flowed in since 2017.",
    "heavy fighting\u2014shelling\u2013and a siege; besieged, encircled, stormed, repelled",
    "the militia of renegade general Tarvek, fighters loyal to the so-called council of ",
    "troops allied with the strongman, men led by commander Osei and the forces of the ",
]


def _spans(matches: object) -> list[tuple[int, int, str | None, str]]:
    return [(m.start(), m.end(), m.lastgroup, m.group(0)) for m in matches]  # type: ignore[attr-defined]


def _same(pattern: re.Pattern[str], fast: Prefiltered, text: str) -> None:
    assert fast.candidates is not None
    for pos, end in ((0, len(text)), (3, len(text)), (1, max(1, len(text) - 7))):
        assert _spans(fast.finditer(text, pos, end)) == _spans(pattern.finditer(text, pos, end))
        plain = pattern.search(text, pos, end)
        got = fast.search(text, pos, end)
        assert (got and (got.span(), got.lastgroup)) == (plain and (plain.span(), plain.lastgroup))


@pytest.fixture(scope="module")
def fast_patterns() -> list[tuple[re.Pattern[str], Prefiltered]]:
    alias = ActorSet.default().matcher()
    return [(p, Prefiltered(p, depth)) for p, depth in
            ((TRIGGER_RE, 8), (DATE_RE, 8), (alias, 8), (ACRONYM_ACTOR_RE, 6), (CLAUSE_RE, 8),
             (TRIGGER_RE, 2), (DATE_RE, 3), (_LEFT_EXT, 8))]


def test_prefiltered_equals_plain_on_snippets(fast_patterns) -> None:
    text = "\n\n".join(SNIPPETS)
    for pattern, fast in fast_patterns:
        _same(pattern, fast, text)
        for snippet in SNIPPETS:
            _same(pattern, fast, snippet)


def test_prefiltered_equals_plain_on_shuffled_words(fast_patterns) -> None:
    words = " ".join(SNIPPETS).split()
    rng = random.Random(7)
    for _ in range(40):
        text = " ".join(rng.choice(words) for _ in range(60))
        for pattern, fast in fast_patterns:
            _same(pattern, fast, text)


_ALPHABET = st.sampled_from(list("aeiorstnlcpfdkhwbuygm -'’.,;\n0123456789ATSFR\u212a\u017f\u0130"))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(" ".join(SNIPPETS).split()),
                          st.text(_ALPHABET, max_size=12)), max_size=40))
def test_prefiltered_equals_plain_on_random_text(fast_patterns, pieces: list[str]) -> None:
    text = " ".join(pieces)
    for pattern, fast in fast_patterns:
        _same(pattern, fast, text)


def test_find_triggers_matches_full_regex() -> None:
    text = " ".join(SNIPPETS)
    got = [(t.start, t.end, t.category, t.text) for t in find_triggers(text, 5, len(text) - 5)]
    want = [(m.start(), m.end(), m.lastgroup, m.group(0))
            for m in TRIGGER_RE.finditer(text, 5, len(text) - 5)]
    assert got == want and got


@pytest.mark.parametrize("source", [
    r"(?<![\w-])(?:(?:re)?take[sn]?|f[ae]ll\s+to|x{2,3}y|(?<!the\s)occupy)(?![\w-])",
    r"(?<![\w-])(?:(?-i:May)|june?)\s+\d+",
    r"\b(?:ab|a(?=c)|[^q]z)",
    r"(?:\d{4}-\d\d|[A-Z]{2,6}\b)",
    r"(?:(?<=\bto )the\s+|(?<![\w-]))(?-i:[A-Z]{2,6})(?![\w-])",
    r"\s[\u2013\u2014-]\s|,\s*(?:and|as)\s+(?=(?:the|it)\b)|(?<!such )\bas\b(?!\s+well)",
    r"(?<![\w-])(?:x\B[a-z]+|k{2,}\b|ab?c*d)",
])
def test_prefiltered_small_patterns(source: str) -> None:
    pattern = re.compile(source, re.IGNORECASE)
    fast = Prefiltered(pattern, depth=3)
    text = ("retakes RETAKEN took fell to FALL TO xxy xxxy the occupy occupy May 5 may 6 JUNE 7 "
            "abc ac zz qz 2020-01 AB ABCDEFG K\u212a \u212aelvin -take take- to the SDF, "
            "by the RSF to The NDB x - y \u2013 z, and the town, as well as such as it "
            "xyz x kk kkk kk- acd ad abd abccd")
    _same(pattern, fast, text)


def test_prefilter_falls_back_when_it_cannot_bound() -> None:
    for source in (r"a*", r".x", r"(?:\w+)y", r"(a)\1"):
        fast = Prefiltered(re.compile(source))
        pattern = fast.pattern
        text = "aaxyb ay aa"
        assert _spans(fast.finditer(text)) == _spans(pattern.finditer(text))
    assert Prefiltered(re.compile(r"a*")).candidates is None  # empty matches: plain search
    assert Prefiltered(re.compile(r".x")).candidates is None  # any character first


def test_prefiltered_is_cached() -> None:
    pattern = re.compile(r"foo|bar", re.IGNORECASE)
    assert prefiltered(pattern) is prefiltered(pattern)


def test_resolve_memo_matches_fresh_lookup() -> None:
    actors = ActorSet.default()
    fresh = ActorSet.load((), include_default=True)
    phrases = ["Haftar's forces", "government forces", "the army", "rebels", "Wagner", "nobody"]
    for country in (None, "LY", "SY", "ye"):
        for phrase in phrases:
            for scopes in (frozenset(), frozenset(actors.scopes)):
                first = actors.resolve(phrase, scopes=scopes, country=country)
                assert actors.resolve(phrase, scopes=scopes, country=country) == first
                fresh.__dict__.pop("_resolve_cache", None)
                assert fresh.resolve(phrase, scopes=scopes, country=country) == first


def test_resolve_memo_is_dropped_when_actors_are_added() -> None:
    actors = ActorSet.from_mapping({"actors": {"AAA": {"name": "Alpha", "aliases": ["x"]}}})
    assert actors.resolve("Blue Wolves", scopes=()) is None
    actors._add_data({"actors": {"BBB": {"name": "Blue", "aliases": ["Blue Wolves"]}}}, "t")
    assert actors.resolve("Blue Wolves", scopes=()) == "BBB"


_SENTENCE_CHARS = st.sampled_from(
    [*"ab.Z _-'\n\t1\u00b2\u2167\u0663\u00e9\u4e00.!?", "U.N.", "Gen."])


@settings(max_examples=300, deadline=None)
@given(st.lists(_SENTENCE_CHARS, min_size=1, max_size=30), st.data())
def test_word_before_equals_regex(pieces: list[str], data: st.DataObject) -> None:
    text = "".join(pieces)
    dot = data.draw(st.integers(0, len(text)))
    seg_start = data.draw(st.integers(0, dot))
    plain = _WORD_BEFORE.search(text, seg_start, dot)
    assert _word_before(text, seg_start, dot) == (plain.group(1) if plain else None)
