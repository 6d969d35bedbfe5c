"""Extraction time per MB: ordinary text against one sentence repeated (issue #21).

Work per document must be linear in its length whatever it contains. In one run, with the
gazetteer and actor sets loaded once beforehand (not timed), this extracts:

* **ordinary**: the project's own-words texts (``tests/data/devset/*.jsonl`` and
  ``data/examples/*.txt``) concatenated, as paragraphs, into one document of ``--ordinary-mb``
  (default 1 MB);
* **repeated**: one document of ``--repeated-mb`` (default 9.6 MB) repeating one own-words
  sentence that names one town (``"Gunfire was heard in Gharyan on Tuesday. "``: ~230,000
  mentions of Gharyan).

It reports seconds (wall and CPU; CPU is the robust one on a shared machine), CPU seconds per
MB, occurrences of the town and events (merged per document) for both, the ratio of the two s/MB
figures (goal: repeated <= 2x ordinary) and any cap on repeated mentions the extractor applied
(a cap must show in the run report's notes; none is expected).

Usage::

    python benchmarks/bench_repeated.py                         # 1 MB vs 9.6 MB
    python benchmarks/bench_repeated.py --repeated-mb 1         # quicker
    python benchmarks/bench_repeated.py --profile repeated      # cProfile of one case
    python benchmarks/bench_repeated.py --json out.json         # also write the numbers
    python benchmarks/bench_repeated.py --scaling               # + ordinary at 1/4 size
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SENTENCE = "Gunfire was heard in Gharyan on Tuesday. "
DATE = "2020-06-02"
MB = 1_000_000


def own_words() -> list[str]:
    """The project's own texts: devset articles and the example article(s)."""
    texts: list[str] = []
    for path in sorted((ROOT / "tests" / "data" / "devset").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(str(json.loads(line)["text"]).strip())
    for path in sorted((ROOT / "data" / "examples").glob("*.txt")):
        from geomap.sources.documents import split_dateline

        text = path.read_text(encoding="utf-8")
        texts.append(text[split_dateline(text)[1]:].strip())
    return [t for t in texts if t]


def ordinary_text(mb: float) -> str:
    """Own-words paragraphs, repeated in order until ``mb`` MB (UTF-8)."""
    texts = own_words()
    target = int(mb * MB)
    parts: list[str] = []
    size = 0
    while size < target:
        for t in texts:
            parts.append(t)
            size += len(t.encode("utf-8")) + 2
            if size >= target:
                break
    return "\n\n".join(parts) + "\n"


def repeated_text(mb: float) -> str:
    """One sentence naming one town, repeated to ``mb`` MB, in paragraphs of 20 sentences."""
    n = max(1, int(mb * MB) // len(SENTENCE.encode("utf-8")))
    para = SENTENCE * 20
    return "\n\n".join([para] * (n // 20) + ([SENTENCE * (n % 20)] if n % 20 else [])) + "\n"


def run(name: str, text: str, gazetteer: Any, actors: Any, profile: bool = False
        ) -> dict[str, Any]:
    """Extract one document; its time, size, mentions, events and report notes."""
    from geomap.extract import extract_records
    from geomap.sources.documents import make_document

    doc = make_document(text, id=name, date=DATE)
    mb = len(text.encode("utf-8")) / MB
    prof = cProfile.Profile() if profile else None
    t0 = time.perf_counter()
    c0 = time.process_time()
    if prof:
        prof.enable()
    events, unresolved, report = extract_records(doc, gazetteer=gazetteer, actors=actors)
    if prof:
        prof.disable()
    cpu = time.process_time() - c0
    wall = time.perf_counter() - t0
    out = {
        "case": name, "mb": round(mb, 3), "seconds": round(wall, 2), "cpu_seconds": round(cpu, 2),
        "s_per_mb": round(cpu / mb, 2), "events": len(events),
        "unresolved": len(unresolved), "notes": list(report.notes),
    }
    if prof:
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(30)
        out["profile"] = buf.getvalue()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ordinary-mb", type=float, default=1.0)
    ap.add_argument("--repeated-mb", type=float, default=9.6)
    ap.add_argument("--goal", type=float, default=2.0, help="max ratio of s/MB (default 2)")
    ap.add_argument("--profile", choices=("ordinary", "repeated"))
    ap.add_argument("--json", type=Path)
    ap.add_argument("--scaling", action="store_true",
                    help="also time the ordinary text at a quarter of its size")
    args = ap.parse_args(argv)

    from geomap.actors import ActorSet
    from geomap.gazetteer import Gazetteer

    t0 = time.perf_counter()
    gazetteer, actors = Gazetteer.default(), ActorSet.default()
    # Warm every lazy table on a short text so neither case pays for it.
    run("warm-up", ordinary_text(0.01), gazetteer, actors)
    print(f"gazetteer, actor sets and warm-up: {time.perf_counter() - t0:.1f} s", file=sys.stderr)

    rows = []
    cases = [("ordinary", ordinary_text(args.ordinary_mb)),
             ("repeated", repeated_text(args.repeated_mb))]
    if args.scaling:
        # The ordinary text at a quarter of its size: its own s/MB should not change either.
        cases.append(("ordinary/4", ordinary_text(args.ordinary_mb / 4)))
    for name, text in cases:
        row = run(name, text, gazetteer, actors, profile=args.profile == name)
        if "profile" in row:
            print(row.pop("profile"), file=sys.stderr)
        row["town_mentions"] = text.count("Gharyan")
        print(f"{name:10s} {row['mb']:6.2f} MB  {row['seconds']:7.1f} s wall  "
              f"{row['cpu_seconds']:7.1f} s CPU  {row['s_per_mb']:6.2f} s/MB (CPU)  "
              f"'Gharyan' x{row['town_mentions']:,}  events {row['events']:,} (merged)  "
              f"notes {row['notes'] or 'none'}")
        rows.append(row)
    ratio = rows[1]["s_per_mb"] / max(rows[0]["s_per_mb"], 1e-9)
    caps = [n for r in rows for n in r["notes"] if "cap" in n.lower()]
    ok = ratio <= args.goal
    print(f"ratio repeated/ordinary: {ratio:.2f}x (goal <= {args.goal:g}x) "
          f"{'PASS' if ok else 'FAIL'}; cap on repeated mentions: "
          f"{'; '.join(caps) if caps else 'none applied'}")
    if args.json:
        args.json.write_text(json.dumps({"cases": rows, "ratio": ratio, "goal": args.goal,
                                         "pass": ok, "caps": caps}, indent=2) + "\n",
                             encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
