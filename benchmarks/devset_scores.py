"""Score the extractor on the dev set (tests/data/devset/*.jsonl) and print the numbers.

Control changes: precision and recall, where a predicted control_change matches an expected
one with the same place (as written, case-insensitive, possessive dropped), the same actor (the
same canonical id of the bundled actor sets, or the same name as written) and,
when the expected precision is ``day``, the same date (and previous_actor when given).
Other kinds (claimed_control, contested, objective, route, mention): recall of the expected
ones (same kind, place, and actor when given). Forbidden places: any control_change or
claimed_control there (or only the named kind, ``"Place:kind"``) is a violation.

Per kind (control_change, claimed_control, contested, objective, route) it also prints
precision and recall. Precision of a kind other than control_change is only counted on
snippets marked ``"complete": true`` (every non-mention event listed), since older snippets
list only the events they were written for.

The baseline printed beside it is the naive rule "every place in a sentence with a capture
verb is a control change of the first actor in that sentence", measured in the same run.

``--set`` scores another folder or file in the same format, e.g. the blind set
``tests/data/blind/`` (written and scored before the rules were changed, kept out of the
dev set so that it stays a check on generalisation).

Usage: ``python benchmarks/devset_scores.py [--set PATH] [--verbose]``
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEVSET = ROOT / "tests" / "data" / "devset"
_CAPTURE = re.compile(r"\b(?:took|taken|captured?|seized|liberated|retook|retaken|regained|"
                      r"recaptured|entered|control)\b", re.IGNORECASE)


KINDS = ("control_change", "claimed_control", "contested", "objective", "route")


def load_devset(folder: Path = DEVSET) -> list[dict[str, Any]]:
    """All snippets of the dev set (a folder of ``*.jsonl`` or one file), in file order."""
    items: list[dict[str, Any]] = []
    paths = [folder] if folder.is_file() else sorted(folder.glob("*.jsonl"))
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                items.append(json.loads(line))
    return items


def _norm(name: str) -> str:
    return re.sub(r"['’]s?$", "", name.strip()).lower()


def _same_place(event: dict[str, Any], place: str) -> bool:
    want = _norm(place)
    return want in (_norm(str(event.get("place", ""))), _norm(str(event.get("location", ""))))


def _same_actor(got: Any, want: str) -> bool:
    """Whether the predicted actor is the expected one.

    Snippets written before a conflict had an actor set give the actor as written
    ("Tigrayan forces", "the army"); once the set exists the extractor gives its id (TDF,
    SAF): the same actor when the written name resolves to that id in the id's country.
    """
    from geomap.actors import ActorSet

    if got == want:
        return True
    actors = ActorSet.default()
    spec = actors.actors.get(str(got or ""))
    if spec is None:
        return False
    return any(actors.resolve(want, country=c) == spec.id for c in spec.countries or (None,))


def match(event: dict[str, Any], exp: dict[str, Any]) -> bool:
    """Whether a predicted event satisfies an expected one."""
    if event["kind"] != exp["kind"] or not _same_place(event, exp["place"]):
        return False
    if "actor" in exp and not _same_actor(event.get("actor"), exp["actor"]):
        return False
    if "previous_actor" in exp and not _same_actor(event.get("previous_actor"),
                                                   exp["previous_actor"]):
        return False
    if exp.get("date_precision") == "day":
        return event.get("event_date") == exp["event_date"] \
            and event.get("date_precision") == "day"
    if exp.get("date_precision") == "before":
        return event.get("date_precision") == "before" \
            and event.get("event_date") == exp["event_date"]
    return True


@dataclass
class Scores:
    """Counts and itemised errors of one run over the dev set."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    other_found: int = 0
    other_total: int = 0
    violations: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    #: kind -> [true positives, false positives (complete snippets), false negatives]
    per_kind: dict[str, list[int]] = field(
        default_factory=lambda: {k: [0, 0, 0] for k in KINDS})

    def kind_scores(self, kind: str) -> tuple[float, float, int]:
        """Precision, recall and number of expected events of one kind."""
        tp, fp, fn = self.per_kind[kind]
        return (tp / (tp + fp) if tp + fp else 1.0, tp / (tp + fn) if tp + fn else 1.0,
                tp + fn)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def other_recall(self) -> float:
        return self.other_found / self.other_total if self.other_total else 1.0


def score(items: Iterable[dict[str, Any]],
          predict: Callable[[dict[str, Any]], list[dict[str, Any]]]) -> Scores:
    """Score a predictor (snippet -> event dicts) on the dev set."""
    s = Scores()
    for item in items:
        events = predict(item)
        gold_cc = [e for e in item["expected"] if e["kind"] == "control_change"]
        pred_cc = [e for e in events if e["kind"] == "control_change"]
        used: set[int] = set()
        for exp in gold_cc:
            hit = next((i for i, ev in enumerate(pred_cc) if i not in used and match(ev, exp)),
                       None)
            if hit is None:
                s.fn += 1
                s.errors.append(f"{item['id']}: missed {exp}")
            else:
                used.add(hit)
                s.tp += 1
        for i, ev in enumerate(pred_cc):
            if i not in used:
                s.fp += 1
                s.errors.append(f"{item['id']}: spurious control_change {ev['place']} "
                                f"actor={ev['actor']} prev={ev['previous_actor']} "
                                f"{ev['event_date']}/{ev['date_precision']}")
        for exp in item["expected"]:
            if exp["kind"] == "control_change":
                continue
            s.other_total += 1
            if any(match(ev, exp) for ev in events):
                s.other_found += 1
            else:
                s.errors.append(f"{item['id']}: missed {exp}")
        _score_kinds(s, item, events)
        for forbidden in item.get("forbidden", []):
            place, _, kind = forbidden.partition(":")
            kinds = (kind,) if kind else ("control_change", "claimed_control")
            for ev in events:
                if ev["kind"] in kinds and _same_place(ev, place):
                    s.violations.append(f"{item['id']}: {ev['kind']} at forbidden {place}")
    return s


def _score_kinds(s: Scores, item: dict[str, Any], events: list[dict[str, Any]]) -> None:
    complete = bool(item.get("complete"))
    for kind in KINDS:
        gold = [e for e in item["expected"] if e["kind"] == kind]
        pred = [e for e in events if e["kind"] == kind]
        used: set[int] = set()
        for exp in gold:
            hit = next((i for i, ev in enumerate(pred) if i not in used and match(ev, exp)),
                       None)
            if hit is None:
                s.per_kind[kind][2] += 1
            else:
                used.add(hit)
                s.per_kind[kind][0] += 1
        if complete or kind == "control_change":
            extra = [ev for i, ev in enumerate(pred) if i not in used]
            s.per_kind[kind][1] += len(extra)
            if kind != "control_change":
                s.errors.extend(f"{item['id']}: spurious {kind} {ev['place']} "
                                f"actor={ev['actor']}" for ev in extra)


def ours(item: dict[str, Any]) -> list[dict[str, Any]]:
    """Events of the geomap extractor for a snippet."""
    from geomap.extract import extract_records

    records, _, _ = extract_records(item["text"], date=item.get("date"),
                                    source=item.get("source") or item["id"])
    return records


def baseline(item: dict[str, Any]) -> list[dict[str, Any]]:
    """Naive rule: capture verb in the sentence -> every place changes to the first actor."""
    from geomap.actors import ActorSet
    from geomap.extract.actors_text import find_actor_mentions
    from geomap.extract.sentences import split_sentences
    from geomap.gazetteer import Gazetteer, find_toponyms

    gaz = Gazetteer.default()
    actors = ActorSet.default()
    text = item["text"]
    out = []
    mentions = find_toponyms(text, gaz)
    acts = [a for a in find_actor_mentions(text, actors) if a.actor]
    for sent in split_sentences(text):
        body = text[sent.start:sent.end]
        first = next((a.actor for a in acts if sent.start <= a.start < sent.end), "")
        for m in mentions:
            if sent.start <= m.start < sent.end:
                kind = "control_change" if _CAPTURE.search(body) else "mention"
                out.append({"kind": kind, "place": m.text, "location": m.text, "actor": first,
                            "previous_actor": "", "event_date": item.get("date", ""),
                            "date_precision": "day"})
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list every error")
    parser.add_argument("--set", type=Path, default=DEVSET,
                        help="folder of *.jsonl snippets or one .jsonl file (default: dev set)")
    args = parser.parse_args(argv)
    items = load_devset(args.set)
    ours_s = score(items, ours)
    base_s = score(items, baseline)
    print(f"dev set: {len(items)} snippets, "
          f"{ours_s.tp + ours_s.fn} expected control changes, "
          f"{ours_s.other_total} other expected events")
    print(f"{'':24}{'precision':>10}{'recall':>8}{'other recall':>14}{'violations':>12}")
    for name, s in (("geomap", ours_s), ("baseline (naive rule)", base_s)):
        print(f"{name:24}{s.precision:10.2f}{s.recall:8.2f}{s.other_recall:14.2f}"
              f"{len(s.violations):12d}")
    print(f"\n{'per kind (geomap)':24}{'precision':>10}{'recall':>8}{'expected':>10}")
    for kind in KINDS:
        p, r, n = ours_s.kind_scores(kind)
        print(f"{kind:24}{p:10.2f}{r:8.2f}{n:10d}")
    if args.verbose:
        for line in ours_s.errors + ours_s.violations:
            print("  ", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
