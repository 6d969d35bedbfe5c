"""``geomap eval geoparse GOLD.jsonl -o PRED.jsonl [--gold-spans]``.

Writes predictions in the format of ``shared/tools/score_geoparse.py``; score them with it.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path
from typing import Any

from geomap.cli import add_common_options
from geomap.errors import InputError

log = logging.getLogger("geomap.cli.eval")


def add_parser(subparsers: Any) -> None:
    """Register the ``eval`` subcommand."""
    parser = subparsers.add_parser("eval", help="write predictions for evaluation corpora")
    sub = parser.add_subparsers(dest="task", metavar="TASK")
    geo = sub.add_parser("geoparse", help="geoparsing (toponym recognition and resolution)",
                         description="Predict toponyms of a gold JSON-lines corpus; score the "
                                     "output with score_geoparse.py.")
    geo.add_argument("gold", metavar="GOLD.jsonl")
    geo.add_argument("-o", "--output", required=True, metavar="PRED.jsonl")
    geo.add_argument("--gold-spans", action="store_true",
                     help="resolve the annotated spans (toponym resolution) instead of finding "
                          "toponyms in the text (end-to-end)")
    geo.add_argument("--limit", type=int, default=None, metavar="N", help="first N documents")
    geo.add_argument("--no-approximate", dest="approximate", action="store_false",
                     help="leave names the gazetteer lacks unresolved, as maps do (default: "
                          "give them an approximate point, as published evaluations do)")
    add_common_options(geo)
    geo.set_defaults(func=run)
    add_common_options(parser)
    parser.set_defaults(func=_no_task)


def _no_task(args: argparse.Namespace) -> int:
    raise InputError("eval needs a task: geomap eval geoparse GOLD.jsonl -o PRED.jsonl")


def run(args: argparse.Namespace) -> int:
    """Write the predictions."""
    from geomap.gazetteer.evaluate import evaluate_file

    gold = Path(args.gold)
    if not gold.is_file():
        raise InputError(f"gold file not found: {gold}")
    t0 = time.perf_counter()
    n = evaluate_file(gold, args.output, gold_spans=args.gold_spans, limit=args.limit,
                      approximate=args.approximate)
    mode = "spans" if args.gold_spans else "e2e"
    print(f"geomap eval: {n} documents ({mode}) -> {args.output} in "
          f"{time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return 0
