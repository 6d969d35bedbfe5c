"""``geomap layers INPUT... -o FILE.gpkg|.parquet|.geojson [--at D] [--date D] [--actors FILE]``.

Reads articles and tables, builds the layers of control and writes them: a GeoPackage with one
layer per table (places, changes, intervals, zones, fronts, routes, objectives, unresolved and,
with ``--at``, control_at), or GeoParquet / GeoJSON files (the main file plus
``<stem>.<table>.<suffix>`` beside it). The run report goes to ``<output>.report.json``.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import Any

import pandas as pd

from geomap.cli import add_common_options
from geomap.cli._common import LAYER_SUFFIXES, add_input_arguments, check_inputs, report_json_path
from geomap.cli._corpus import add_corpus_options, run_layers, wants_corpus
from geomap.errors import InputError
from geomap.runreport import RunReport

log = logging.getLogger("geomap.cli.layers")



def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register the ``layers`` subcommand."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "layers",
        help="write layers of control (places, intervals, zones, fronts...) as GIS files",
        description=(
            "Read articles and tables and write the layers of control over time: GeoPackage "
            "(one layer per table), GeoParquet or GeoJSON, all in EPSG:4326."
        ),
    )
    add_input_arguments(parser)
    parser.add_argument("-o", "--output", required=True, metavar="FILE.gpkg",
                        help="output file: .gpkg (one layer per table), or .parquet/.geojson "
                             "(places, or control_at with --at, in FILE; every other table "
                             "beside it as <stem>.<table>.<suffix>)")
    parser.add_argument("--at", metavar="D",
                        help="also write the state on this date (control_at) and its zones")
    parser.add_argument("--window", type=int, default=7, metavar="DAYS",
                        help="days a claim keeps a place contested (default 7)")
    add_corpus_options(parser)  # --jobs --engine --scheduler (geomap.cli._corpus)
    add_common_options(parser)
    parser.set_defaults(func=run)
    return parser


def _check_args(args: argparse.Namespace) -> None:
    check_inputs(args)
    if Path(args.output).suffix.lower() not in LAYER_SUFFIXES:
        raise InputError(f"-o must end in .gpkg, .parquet or .geojson, got {args.output!r}")
    if args.window < 0:
        raise InputError("--window must be >= 0")


def _load(args: argparse.Namespace, actors: Any, report: RunReport) -> tuple[Any, Any]:
    """Events and unresolved places from the inputs."""
    try:
        from geomap.corpus.inputs import load_inputs  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return _load_fallback(args.inputs, args.date, actors, report)
    loaded = load_inputs(args.inputs, date=args.date, actors=actors, report=report)
    return loaded.events, loaded.unresolved


def _load_fallback(
    paths: list[str], date: str | None, actors: Any, report: RunReport
) -> tuple[Any, Any]:  # pragma: no cover - used only until geomap.corpus.inputs exists
    """Own-schema tables and plain articles, while the shared input loader is not there."""
    import geopandas as gpd

    from geomap.schema import empty_events, events_frame

    frames: list[pd.DataFrame] = []
    unresolved: list[pd.DataFrame] = []
    for raw in paths:
        path = Path(raw)
        report.inputs.append(str(path))
        suffix = path.suffix.lower()
        if suffix == ".csv":
            table = pd.read_csv(path, dtype=str, keep_default_na=False)
            frame: pd.DataFrame = events_frame(table.to_dict("records"))
        elif suffix == ".jsonl":
            with path.open(encoding="utf-8") as fh:
                records = [json.loads(line) for line in fh if line.strip()]
            frame = events_frame(records)
        elif suffix in (".geojson", ".parquet"):
            frame = gpd.read_parquet(path) if suffix == ".parquet" else gpd.read_file(path)
        elif suffix in (".txt", ".md"):
            from geomap.extract import extract_document  # type: ignore[attr-defined,unused-ignore]

            result = extract_document(path.read_text(encoding="utf-8"), date=date,
                                      source=path.name, actors=actors)
            frame = result.events
            unresolved.append(result.unresolved)
            report.documents += 1
        else:
            raise InputError("unsupported input (expected .csv .jsonl .geojson .parquet "
                             ".txt .md)", path=str(path))
        report.rows += len(frame) if suffix != ".txt" and suffix != ".md" else 0
        report.seen += len(frame)
        report.events += len(frame)
        frames.append(frame)
    events = pd.concat(frames, ignore_index=True) if frames else empty_events()
    report.merged_events = len(events)
    unres = pd.concat(unresolved, ignore_index=True) if unresolved else None
    return events, unres


def run(args: argparse.Namespace) -> int:
    """Read inputs, build the layers and write them with a run report; return 0."""
    if wants_corpus(args, command="layers"):
        return run_layers(args)  # corpus engine: geomap.cli._corpus
    _check_args(args)
    output = Path(args.output)
    actors = None
    if args.actors:
        from geomap.actors import ActorSet

        actors = ActorSet.load(args.actors, include_default=True)
    report = RunReport(command="layers")
    events, unresolved = _load(args, actors, report)

    from geomap.layers import build_layers

    layers = build_layers(events, unresolved=unresolved, actors=actors,
                          contested_window_days=args.window)
    written = layers.to_file(output, at=args.at)
    summary = layers.summary()
    data = report.to_dict()
    data["layers"] = {"files": written, "at": args.at or "", **summary,
                      "rows": {name: len(t) for name, t in layers.tables(at=args.at).items()}}
    from geomap._io.atomic import write_text

    write_text(report_json_path(output),
               json.dumps(data, ensure_ascii=False, indent=2, default=str))
    print(f"{report.summary()}; places={summary['n_places']}; wrote {', '.join(written)}",
          file=sys.stderr)
    return 0
