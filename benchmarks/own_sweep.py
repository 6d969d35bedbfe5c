"""Score geomap's control changes on the own-words sweep (tests/data/own-sweep/sweep.jsonl).

The sweep is a corpus of wire-style sentences written by the project (issue #17): mostly
reporting with no change of control (shelling, sieges, repelled attacks, visits, aid, standing
control, hypotheticals, metaphors...) and about a quarter of changes phrased in the same register.
Each item lists what geomap should report as a control change: ``expect`` is a list of
``{place, actor, kind}`` where ``kind`` is ``control_change`` or ``claimed_control`` and
``actor`` is a canonical actor id, several ids joined by ``/`` when either is right, or ``null``
when any side will do.

A predicted ``control_change`` or ``claimed_control`` matches an expected one when the place
agrees (as written or the gazetteer's name, case, accents, hyphens and a leading "al" ignored) and
the actor is one of the allowed ids. A prediction at an expected place with another actor is a
*wrong side*; a second prediction at an already matched place and side is a *duplicate* (listed,
not counted); anything else is a *false change*. Among matches, ``kind`` right means claimed vs
confirmed agrees.

A third of the items is marked ``"frozen": true``: written before geomap was run on any of
them, scored at the start and the end of the work, never used to tune rules. The default part is
``dev``; ``--part frozen`` or ``--part all`` score the others.

Usage: ``python benchmarks/own_sweep.py [--part dev|frozen|all] [--verbose]``
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SWEEP = ROOT / "tests" / "data" / "own-sweep" / "sweep.jsonl"
CHANGE_KINDS = ("control_change", "claimed_control")


def load(path: Path = SWEEP, part: str = "dev") -> list[dict[str, Any]]:
    """Items of the sweep in file order, restricted to ``part`` (dev, frozen or all)."""
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip()]
    if part == "all":
        return items
    want = part == "frozen"
    return [it for it in items if bool(it.get("frozen")) == want]


def _norm(name: str) -> str:
    """A place name folded for comparison: accents, case, hyphens, possessive, leading 'al'."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"['’]s?\b", "", text)
    text = re.sub(r"[-‐–_.,]", " ", text)
    text = re.sub(r"^(?:the|al|el)\s+", "", re.sub(r"\s+", " ", text).strip())
    return text


def _same_place(event: dict[str, Any], place: str) -> bool:
    want = _norm(place)
    names = {_norm(str(event.get("place") or "")), _norm(str(event.get("location") or ""))}
    # "Al-Shifa" against "Al-Shifa hospital", "Wad Madani" against "Wad Medani" are not
    # folded: only a whole name or a name that starts the other counts.
    return any(n and (n == want or n.startswith(want + " ") or want.startswith(n + " "))
               for n in names)


def _actor_ok(got: Any, want: str | None) -> bool:
    return want is None or str(got or "") in want.split("/")


@dataclass
class Tally:
    """Counts of one part of the sweep, overall and per class."""

    gold: int = 0
    pred: int = 0
    tp: int = 0
    kind_ok: int = 0
    wrong_side: int = 0
    fp: int = 0
    fn: int = 0
    dup: int = 0
    lines: list[str] = field(default_factory=list)
    #: class -> [items, items with a false change, expected, missed]
    per_class: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0] * 4))

    @property
    def precision(self) -> float:
        counted = self.tp + self.fp + self.wrong_side
        return self.tp / counted if counted else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 1.0


def _predict(item: dict[str, Any]) -> list[dict[str, Any]]:
    import geomap

    frame = geomap.extract(item["text"], date=item.get("date") or None)
    rows = frame.drop(columns="geometry", errors="ignore").to_dict("records")
    return [r for r in rows if r.get("kind") in CHANGE_KINDS]


def score_item(item: dict[str, Any], events: list[dict[str, Any]], tally: Tally) -> None:
    """Match one item's predicted changes to its expected ones and add them to ``tally``."""
    cls = tally.per_class[item.get("class", "?")]
    cls[0] += 1
    expect = list(item.get("expect") or [])
    tally.gold += len(expect)
    cls[2] += len(expect)
    tally.pred += len(events)
    matched: list[tuple[str, str]] = []
    used: set[int] = set()
    false_here = False
    for exp in expect:
        hit = next((i for i, ev in enumerate(events) if i not in used
                    and _same_place(ev, exp["place"]) and _actor_ok(ev.get("actor"),
                                                                    exp.get("actor"))), None)
        if hit is None:
            tally.fn += 1
            cls[3] += 1
            tally.lines.append(f"  MISS   {item['id']}: {exp['place']} -> {exp.get('actor')} "
                               f"({exp['kind']})")
            continue
        used.add(hit)
        ev = events[hit]
        tally.tp += 1
        matched.append((_norm(exp["place"]), str(ev.get("actor") or "")))
        if ev.get("kind") == exp["kind"]:
            tally.kind_ok += 1
        else:
            tally.lines.append(f"  KIND   {item['id']}: {exp['place']} is {ev.get('kind')}, "
                               f"want {exp['kind']}")
    for i, ev in enumerate(events):
        if i in used:
            continue
        desc = f"{ev.get('place')} -> {ev.get('actor') or '?'} ({ev.get('kind')})"
        if any(_same_place(ev, p) and str(ev.get("actor") or "") == a for p, a in matched):
            tally.dup += 1
            tally.lines.append(f"  DUP    {item['id']}: {desc}")
        elif any(_same_place(ev, exp["place"]) for exp in expect):
            tally.wrong_side += 1
            tally.lines.append(f"  SIDE   {item['id']}: {desc}")
        else:
            tally.fp += 1
            false_here = True
            tally.lines.append(f"  FALSE  {item['id']} [{item.get('class')}]: {desc} | "
                               f"{item['text'][:110]}")
    if false_here:
        cls[1] += 1


def run(items: list[dict[str, Any]]) -> Tally:
    """Extract and score every item."""
    tally = Tally()
    for item in items:
        score_item(item, _predict(item), tally)
    return tally


def main(argv: list[str] | None = None) -> int:
    """Print the errors, the per-class table and the SUMMARY line of one part."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=("dev", "frozen", "all"), default="dev")
    parser.add_argument("--file", type=Path, default=SWEEP)
    parser.add_argument("--verbose", action="store_true", help="also list duplicates")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    items = load(args.file, args.part)
    tally = run(items)
    for line in tally.lines:
        if args.verbose or not line.startswith("  DUP"):
            print(line)
    print(f"\n{'class':<24}{'items':>6}{'false':>7}{'gold':>6}{'missed':>8}")
    for name, (n, false, gold, missed) in sorted(tally.per_class.items(),
                                                 key=lambda kv: (-kv[1][1], kv[0])):
        print(f"{name:<24}{n:>6}{false:>7}{gold:>6}{missed:>8}")
    p, r = tally.precision, tally.recall
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    kind_acc = tally.kind_ok / tally.tp if tally.tp else 1.0
    print(f"\nSUMMARY own-sweep part={args.part} items={len(items)} gold={tally.gold} "
          f"pred={tally.pred} TP={tally.tp} FP={tally.fp} side={tally.wrong_side} "
          f"FN={tally.fn} dup={tally.dup} P={p:.3f} R={r:.3f} F1={f1:.3f} "
          f"kind={kind_acc:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
