"""Score extraction on real published news paragraphs, per set and per conflict.

Sets (each scored on its own; a set whose files are absent is skipped):

``shared``
    ``../shared/data/real-news/dataset.jsonl`` with ``texts/<id>.txt`` (development set).
``dev-b``, ``dev-c``
    ``tests/data/real-news/dev-<x>.jsonl`` with ``texts-dev/<id>.txt`` (development sets).
``dev-d``, ``dev-e``
    The same, collected later: their first score (before anyone read geomap's output on them) is
    recorded in ``tests/data/real-news/README.md`` as a fresh measure; development sets since.
``blind``
    ``tests/data/real-news/blind.jsonl`` with ``texts-blind/<id>.txt``. **Frozen**: only its
    figures are printed, never its misses, so that nobody tunes on it.

Every text is extracted with :func:`geomap.extract.extract_document` (default gazetteer and actor
sets, the same as ``geomap extract``) and written as ``<id>.csv`` with
:func:`geomap.sources.events.write_events`; the scores come from the shared scorer
``../shared/tools/score_events.py`` run as a subprocess (its metrics are not reimplemented
here). Printed per set: P, R, F1, actor, date and claim accuracy per conflict, then the
scorer's SUMMARY line and the strict precision (duplicates counted as false positives).

Usage::

    python benchmarks/real_news.py                      # every set present
    python benchmarks/real_news.py --sets shared,dev-b  # some sets
    python benchmarks/real_news.py --details shared     # also every FP/FN of a dev set
    python benchmarks/real_news.py --json out.json      # the scorer's JSON per set
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SCORER = SHARED / "tools" / "score_events.py"
OWN = ROOT / "tests" / "data" / "real-news"


@dataclass(frozen=True)
class RealSet:
    """One scored set: truth file, folder of texts, and whether it is frozen."""

    name: str
    truth: Path
    texts: Path
    frozen: bool = False


SETS: tuple[RealSet, ...] = (
    RealSet("shared", SHARED / "data" / "real-news" / "dataset.jsonl",
            SHARED / "data" / "real-news" / "texts"),
    RealSet("dev-b", OWN / "dev-b.jsonl", OWN / "texts-dev"),
    RealSet("dev-c", OWN / "dev-c.jsonl", OWN / "texts-dev"),
    RealSet("dev-d", OWN / "dev-d.jsonl", OWN / "texts-dev"),
    RealSet("dev-e", OWN / "dev-e.jsonl", OWN / "texts-dev"),
    RealSet("blind", OWN / "blind.jsonl", OWN / "texts-blind", frozen=True),
    RealSet("blind-b", OWN / "blind-b.jsonl", OWN / "texts-blind", frozen=True),
)


def _ids(truth: Path) -> list[str]:
    return [json.loads(line)["id"] for line in truth.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def predict(rs: RealSet, out: Path) -> tuple[int, float]:
    """Extract every text of the set into ``out/<id>.csv``; returns (texts, seconds)."""
    from geomap.extract import extract_document
    from geomap.sources.documents import make_document
    from geomap.sources.events import write_events

    n = 0
    t0 = time.perf_counter()
    for pid in _ids(rs.truth):
        path = rs.texts / f"{pid}.txt"
        if not path.exists():
            continue  # the scorer counts it as a paragraph without predictions
        doc = make_document(path.read_text(encoding="utf-8"), id=pid)
        write_events(extract_document(doc, source=pid).events, out / f"{pid}.csv")
        n += 1
    return n, time.perf_counter() - t0


def score(rs: RealSet, pred_dir: Path) -> tuple[dict[str, Any], str]:
    """The scorer's JSON result and its SUMMARY line."""
    cmd = [sys.executable, str(SCORER), str(rs.truth), str(pred_dir), "--json"]
    res = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if res.returncode != 0:
        raise SystemExit(f"scorer failed on {rs.name}: {res.stderr.strip()}")
    return json.loads(res.stdout), res.stderr.strip()


def _f(x: float | None) -> str:
    return "    -" if x is None else f"{x:5.2f}"


def table(result: dict[str, Any]) -> str:
    """Per-conflict rows: paragraphs, truth, TP/FP/DUP/FN, P, R, F1, actor, date, claim."""
    lines = [f"{'conflict':12} {'par':>3} {'truth':>5} {'TP':>3} {'FP':>3} {'DUP':>3} {'FN':>3} "
             f"{'P':>5} {'R':>5} {'F1':>5} {'actor':>5} {'date':>5} {'claim':>5}"]
    rows = list(result["per_conflict"].items()) + [("ALL", result["overall"])]
    for name, s in rows:
        lines.append(f"{name:12} {s['paragraphs']:3d} {s['truth']:5d} {s['tp']:3d} {s['fp']:3d} "
                     f"{s['dup']:3d} {s['fn']:3d} {_f(s['precision'])} {_f(s['recall'])} "
                     f"{_f(s['f1'])} {_f(s['actor_acc'])} {_f(s['date_acc'])} "
                     f"{_f(s['claim_acc'])}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(s.name for s in SETS),
                        help="comma-separated set names (default: all present)")
    parser.add_argument("--details", default="",
                        help="comma-separated dev sets whose every FP/FN is printed")
    parser.add_argument("--json", type=Path, help="write the scorer's JSON per set here")
    args = parser.parse_args(argv)
    if not SCORER.exists():
        print(f"scorer not found: {SCORER}", file=sys.stderr)
        return 2
    wanted = set(args.sets.split(","))
    details = set(filter(None, args.details.split(",")))
    results: dict[str, Any] = {}
    for rs in SETS:
        if rs.name not in wanted:
            continue
        if not (rs.truth.exists() and rs.texts.is_dir()):
            print(f"== {rs.name}: absent ({rs.truth}), skipped\n")
            continue
        with tempfile.TemporaryDirectory(prefix=f"real-{rs.name}-") as tmp:
            n, secs = predict(rs, Path(tmp))
            result, summary = score(rs, Path(tmp))
            full = "" if rs.frozen or rs.name not in details else subprocess.run(
                [sys.executable, str(SCORER), str(rs.truth), tmp], capture_output=True,
                text=True, check=True).stdout
        o = result["overall"]
        tag = " (FROZEN: figures only, never tune on it)" if rs.frozen else ""
        print(f"== {rs.name}{tag}: {n} texts extracted in {secs:.1f} s")
        print(table(result))
        print(f"precision with duplicates counted: {_f(o['precision_strict']).strip()}; "
              f"claims in truth {o['claims_in_truth']}, matched {o['claims_matched']}, "
              f"tagged as claims {o['claims_tagged_as_claims']}")
        print(summary + "\n")
        if full:
            print(full[full.index("FALSE POSITIVES"):])
        if rs.frozen:
            result = {"overall": o, "per_conflict": result["per_conflict"]}
        results[rs.name] = result
    if args.json is not None:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
