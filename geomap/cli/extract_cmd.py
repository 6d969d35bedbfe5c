"""``geomap extract INPUT... [-o FILE.csv|.jsonl|.geojson|.parquet|.gpkg] [--date D]
[--actors FILE]``.

Reads articles and tables, extracts and merges the events and writes them (JSON lines on
stdout without ``-o``). Beside ``-o FILE`` it writes ``FILE.report.json`` (run report),
``FILE.unresolved.csv`` and ``FILE.rejected.csv``; a one-line summary goes to stderr.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from geomap.cli import add_common_options
from geomap.cli._common import add_input_arguments, check_inputs, side_path, write_plain_csv
from geomap.cli._corpus import add_corpus_options, run_extract, wants_corpus
from geomap.errors import InputError
from geomap.runreport import RunReport

OUTPUT_SUFFIXES = (".csv", ".jsonl", ".geojson", ".parquet", ".gpkg")


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register the ``extract`` subcommand."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "extract",
        help="extract events from articles and tables into one events table",
        description=(
            "Read articles (.txt/.md, .jsonl of articles, folders) and tables (geomap CSV, "
            "ACLED, UCDP GED, analyst CSV, GeoJSON, GeoParquet), merge the same event reported "
            "more than once, and write the events. Unresolved places and rejected rows are "
            "written beside the output, never dropped."
        ),
    )
    add_input_arguments(parser)
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="events file: .csv, .jsonl, .geojson, .parquet or .gpkg; with "
                             "corpus options also a folder (partitioned GeoParquet) "
                             "(default: JSON lines on stdout)")
    add_corpus_options(parser)  # --jobs --engine --scheduler (geomap.cli._corpus)
    add_common_options(parser)
    parser.set_defaults(func=run)
    return parser


def _check_args(args: argparse.Namespace) -> None:
    check_inputs(args, dates=("date",), actors=True)
    if args.output is not None and Path(args.output).suffix.lower() not in OUTPUT_SUFFIXES:
        raise InputError(f"-o must end in {', '.join(OUTPUT_SUFFIXES)}, got {args.output!r}")


def _actors(paths: list[str]) -> Any:
    if not paths:
        return None
    from geomap.actors import ActorSet

    return ActorSet.load(paths, include_default=True)


def run(args: argparse.Namespace) -> int:
    """Read the inputs, write events (and report, unresolved, rejected); return 0."""
    if wants_corpus(args, command="extract"):
        return run_extract(args)  # corpus engine: geomap.cli._corpus
    _check_args(args)
    from geomap.corpus.inputs import load_inputs
    from geomap.sources.events import events_text, write_events

    report = RunReport(command="extract")
    loaded = load_inputs(args.inputs, date=args.date, actors=_actors(args.actors), report=report)
    if args.output is None:
        sys.stdout.write(events_text(loaded.events))
        sys.stdout.flush()
        print(report.summary(), file=sys.stderr)
        return 0
    output = Path(args.output)
    write_events(loaded.events, output)
    write_plain_csv(loaded.unresolved, side_path(output, ".unresolved.csv"))
    write_plain_csv(loaded.rejected, side_path(output, ".rejected.csv"))
    report.write(side_path(output, ".report.json"))
    print(f"{report.summary()}; wrote {output}", file=sys.stderr)
    return 0
