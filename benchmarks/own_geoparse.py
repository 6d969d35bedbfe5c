"""Geoparsing on the project's own snippets (tests/data/geoparse/own.jsonl).

Thirty short news-style texts written by the geomap authors about places and conflicts the
shared gold corpora hardly cover (Sahel, Sudan, Myanmar, Ukraine, DRC, Haiti...), with traps
(surnames that are places, "Chamber of Commerce", newspaper titles, "Kyiv-based", "US$").
Each text lists the distinct toponyms it contains and their country. Scored per document on
distinct names, with the library path a map uses (``find_toponyms`` then
``Gazetteer.resolve_mentions``, no approximation):

* recognition precision / recall / F1 of the names;
* country accuracy: share of the expected names found and resolved to the expected country.

    python benchmarks/own_geoparse.py [--set PATH] [--verbose]
    python benchmarks/own_geoparse.py --frozen
    python benchmarks/own_geoparse.py --dev [--verbose]

``--frozen`` scores the frozen real check (``tests/data/geoparse/real-frozen.jsonl``, LGL schema,
no country per name) with ``geomap eval geoparse`` and the shared scorer: gold spans, end to end,
end to end ``--no-approximate``. Only the SUMMARY lines are printed, never a document's errors:
the set is scored at the start and the end of a change, never tuned on.

``--dev`` scores the real-news dev set (``tests/data/geoparse/real-dev.jsonl``, same schema and
conventions) the same way; it is not frozen, so ``--dev --verbose`` also lists each document's
misses: gold names resolved more than 161 km off or not found, and end-to-end false positives.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from geomap.gazetteer import Gazetteer, find_toponyms
from geomap.gazetteer.evaluate import evaluate_file

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "tests" / "data" / "geoparse" / "own.jsonl"
FROZEN = ROOT / "tests" / "data" / "geoparse" / "real-frozen.jsonl"
DEV = ROOT / "tests" / "data" / "geoparse" / "real-dev.jsonl"
SHARED = Path(os.environ.get("GEOMAP_SHARED", ROOT.parent / "shared"))
SCORER = SHARED / "tools" / "score_geoparse.py"


#: Designators a span may carry beyond the listed name ("Mubende district", "Shan State").
_DESIGNATORS = ("province", "district", "state", "State", "county", "region")


def _as_listed(found: str, want: dict[str, str]) -> str:
    """The listed name a found span stands for: itself, or with/without a designator."""
    if found in want:
        return found
    for name in want:
        for d in _DESIGNATORS:
            if found in (f"{name} {d}",) or name == f"{found} {d}":
                return name
    return found


def score(path: Path = DEFAULT, gaz: Gazetteer | None = None,
          verbose: bool = False) -> dict[str, Any]:
    """Scores of the current code on the snippets of *path*."""
    gaz = gaz or Gazetteer.default()
    tp = fp = fn = right_country = expected_country = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        doc = json.loads(line)
        text = doc["text"]
        mentions = find_toponyms(text, gaz)
        res = gaz.resolve_mentions(mentions, text=text) if mentions else []
        want = {t["name"]: t["country"] for t in doc["toponyms"]}
        found: dict[str, str | None] = {}
        for m, hit in zip(mentions, res, strict=True):
            found.setdefault(_as_listed(m.text, want), hit.place.country if hit.place else None)
        tp += len(set(found) & set(want))
        fp += len(set(found) - set(want))
        fn += len(set(want) - set(found))
        for name, cc in want.items():
            if cc:
                expected_country += 1
                right_country += found.get(name) == cc
        if verbose and (set(found) != set(want) or any(
                cc and found.get(n) != cc for n, cc in want.items())):
            print(doc["id"], "found", found, "expected", want)
    p = tp / max(tp + fp, 1)
    r = tp / max(tp + fn, 1)
    return {"precision": p, "recall": r, "f1": 2 * p * r / max(p + r, 1e-9),
            "country_accuracy": right_country / max(expected_country, 1),
            "names": tp + fn}


def score_frozen(path: Path = FROZEN, gaz: Gazetteer | None = None) -> list[str]:
    """SUMMARY lines of the shared scorer on *path*: spans, e2e, e2e without approximation."""
    gaz = gaz or Gazetteer.default()
    runs = (("spans", True, True), ("e2e", False, True), ("e2e no-approximate", False, False))
    lines = []
    with tempfile.TemporaryDirectory() as tmp:
        for label, gold_spans, approximate in runs:
            pred = Path(tmp, "pred.jsonl")
            evaluate_file(path, pred, gold_spans=gold_spans, gazetteer=gaz, approximate=approximate)
            mode = "spans" if gold_spans else "e2e"
            cmd = [sys.executable, str(SCORER), str(path), str(pred), "--mode", mode]
            out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
            # The last line is the summary; the table above it is never shown.
            lines.append(f"[{label}] " + out.strip().splitlines()[-1])
    return lines


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km (haversine, the shared scorer's Earth radius)."""
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b[1] - a[1]) / 2) ** 2)
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, h)))


def dev_misses(path: Path = DEV, gaz: Gazetteer | None = None) -> list[str]:
    """One line per miss on *path*: gold names off by > 161 km (gold spans, no approximation),
    gold names not recognised end to end, and end-to-end spans that are no gold name."""
    gaz = gaz or Gazetteer.default()
    gold = {d["id"]: d for d in map(json.loads, path.read_text(encoding="utf-8").splitlines())}
    out: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        preds = {}
        for label, gold_spans in (("spans", True), ("e2e", False)):
            pred = Path(tmp, f"{label}.jsonl")
            evaluate_file(path, pred, gold_spans=gold_spans, gazetteer=gaz, approximate=False)
            preds[label] = {d["id"]: d for d in map(json.loads, pred.read_text().splitlines())}
    for doc_id, doc in gold.items():
        text = doc["text"]
        spans = {(t["start"], t["end"]): t for t in preds["spans"][doc_id]["toponyms"]}
        e2e = {(t["start"], t["end"]): t for t in preds["e2e"][doc_id]["toponyms"]}
        golds = {(t["start"], t["end"]) for t in doc["toponyms"]}
        for t in doc["toponyms"]:
            p = spans.get((t["start"], t["end"]))
            if not p or p.get("lat") is None:
                out.append(f"{doc_id} WRONG  {t['name']!r}: unresolved")
            else:
                km = _km((t["lat"], t["lon"]), (p["lat"], p["lon"]))
                if km > 161:
                    out.append(f"{doc_id} WRONG  {t['name']!r}: {km:.0f} km off "
                               f"({p['lat']:.2f}, {p['lon']:.2f})")
            if (t["start"], t["end"]) not in e2e:
                out.append(f"{doc_id} MISSED {t['name']!r}")
        for (a, b) in sorted(set(e2e) - golds):
            out.append(f"{doc_id} FALSE  {text[a:b]!r} ({text[max(0, a - 25):b + 25]!r})")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=DEFAULT)
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--frozen", action="store_true",
                        help="score the frozen real check (summary lines only)")
    parser.add_argument("--dev", action="store_true",
                        help="score the real-news dev set (with --verbose: its misses too)")
    args = parser.parse_args()
    if args.frozen:
        print("\n".join(score_frozen()))
        return 0
    if args.dev:
        print("\n".join(score_frozen(DEV)))
        if args.verbose:
            print("\n".join(dev_misses()))
        return 0
    s = score(args.set, verbose=args.verbose)
    print(f"{s['names']} names: precision {s['precision']:.2f}  recall {s['recall']:.2f}  "
          f"F1 {s['f1']:.2f}  country accuracy {s['country_accuracy']:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
