"""``geomap surface INPUT... (--cells CELLS.csv | --at D [--cell-km K]) -o OUT``.

Estimates who controls the ground, cell by cell (:mod:`geomap.layers.surface`).

* ``--cells CELLS.csv -o PRED.csv``: CELLS has ``date,cell_id,lat,lon`` (other columns are
  passed through); PRED adds ``controller``, ``p_<ACTOR>`` and ``confidence``, one row per
  input row, in input order. Each row uses only evidence dated on or before its date.
* ``--at D [--cell-km K] -o OUT.gpkg|.geojson|.parquet``: the territory polygons (per
  controller and confidence level), the fronts and the grid cells of that date (GeoPackage
  layers ``territory``, ``fronts``, ``cells``; other formats write the territory at OUT and
  ``<stem>.fronts`` / ``<stem>.cells`` beside it).

The run report goes to ``<output stem>.report.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import pandas as pd

from geomap.cli import add_common_options
from geomap.cli._common import LAYER_SUFFIXES, add_input_arguments, check_inputs, report_json_path
from geomap.errors import InputError
from geomap.runreport import RunReport

_CELL_COLUMNS = ("date", "lat", "lon")


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register the ``surface`` subcommand."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "surface",
        help="estimate who controls each cell (a control surface) from dated evidence",
        description=(
            "Estimate territorial control between the places: per cell a controller (an "
            "actor, contested or unknown), a probability per actor and a confidence. With "
            "--cells, at given cells and dates (CSV out); with --at, the territory polygons, "
            "fronts and grid cells of one date (GeoPackage, GeoParquet or GeoJSON)."
        ),
    )
    add_input_arguments(parser)
    parser.add_argument("-o", "--output", required=True, metavar="OUT",
                        help="PRED.csv with --cells; OUT.gpkg|.parquet|.geojson with --at")
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--cells", metavar="CELLS.csv",
                      help="cells to estimate: columns date, lat, lon (others, e.g. cell_id, "
                           "passed through)")
    mode.add_argument("--at", metavar="D", help="date of the territory to write")
    parser.add_argument("--cell-km", type=float, default=2.0, metavar="K",
                        help="grid square side in km for --at (default 2)")
    add_common_options(parser)
    parser.set_defaults(func=run)
    return parser


def _check_args(args: argparse.Namespace) -> None:
    check_inputs(args)
    suffix = Path(args.output).suffix.lower()
    if args.cells is not None:
        if not Path(args.cells).is_file():
            raise InputError(f"no such file: {args.cells}")
        if suffix != ".csv":
            raise InputError(f"with --cells, -o must end in .csv, got {args.output!r}")
    elif suffix not in LAYER_SUFFIXES:
        raise InputError(f"with --at, -o must end in .gpkg, .parquet or .geojson, "
                         f"got {args.output!r}")
    if not args.cell_km > 0:
        raise InputError("--cell-km must be > 0")


def _read_cells(path: str) -> pd.DataFrame:
    cells = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in _CELL_COLUMNS if c not in cells.columns]
    if missing:
        raise InputError(f"cells need columns date, lat, lon; missing {', '.join(missing)}",
                         path=path)
    for name in ("lat", "lon"):
        bad = pd.to_numeric(cells[name], errors="coerce").isna()
        if bad.any():
            row = int(bad.to_numpy().argmax())
            raise InputError(f"{name} is not a number: {cells[name].iat[row][:40]!r}",
                             path=path, line=row + 2)
    return cells


def run(args: argparse.Namespace) -> int:
    """Read the evidence, estimate the surface and write it with a run report; return 0."""
    _check_args(args)
    output = Path(args.output)
    actors = None
    if args.actors:
        from geomap.actors import ActorSet

        actors = ActorSet.load(args.actors, include_default=True)
    cells = _read_cells(args.cells) if args.cells is not None else None
    from geomap.cli._corpus import is_events_dataset, load_corpus_inputs
    from geomap.cli.layers_cmd import _load
    from geomap.layers import build_layers

    report: Any
    if any(is_events_dataset(p) for p in args.inputs):
        # A dataset folder is read back whole (with the unresolved names beside it), as map
        # and layers read it, not file by file as a folder of tables.
        for name, value in (("jobs", 1), ("engine", "local"), ("scheduler", None)):
            setattr(args, name, getattr(args, name, value))
        loaded = load_corpus_inputs(args, command="surface", actors=actors)
        report, events, unresolved = loaded.report, loaded.events, loaded.unresolved
    else:
        report = RunReport(command="surface")
        events, unresolved = _load(args, actors, report)
    layers = build_layers(events, unresolved=unresolved, actors=actors)
    from geomap._io.atomic import atomic_path, write_text

    if cells is not None:
        from geomap.layers._timeline import parse_day
        from geomap.layers.surface import surface_on_cells

        def day(value: str) -> int:
            try:
                return parse_day(value)
            except ValueError as exc:
                raise InputError(f"not a date in cells: {value[:40]!r}",
                                 path=args.cells) from exc

        pred = surface_on_cells(layers.surface_model, cells, day)
        with atomic_path(output) as tmp:
            pred.to_csv(tmp, index=False)
        written = [str(output)]
        counts = pred["controller"].value_counts().to_dict()
    else:
        from geomap.layers._io import write_tables

        territory = layers.territory(args.at, cell_km=args.cell_km)
        fronts = layers.fronts_at(args.at, cell_km=args.cell_km)
        grid = layers.surface(at=args.at, cell_km=args.cell_km)
        written = write_tables({"territory": territory, "fronts": fronts, "cells": grid},
                               output, main="territory")
        counts = grid["controller"].value_counts().to_dict()
    data = report.to_dict()
    data["surface"] = {"files": written, "at": args.at or "", "cells": args.cells or "",
                       "actors": layers.surface_model.actors,
                       "controllers": {str(k): int(v) for k, v in sorted(counts.items())}}
    write_text(report_json_path(output),
               json.dumps(data, ensure_ascii=False, indent=2, default=str))
    print(f"{report.summary()}; cells={sum(counts.values())}; wrote {', '.join(written)}",
          file=sys.stderr)
    return 0

