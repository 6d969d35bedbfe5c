"""Argument checks and output naming shared by the subcommands."""

from __future__ import annotations

import argparse
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from geomap.errors import InputError

#: Files the layers and surface commands write (as ``geomap.layers._io.SUFFIXES``, which the
#: CLI does not import at start-up: geopandas is slow to load).
LAYER_SUFFIXES = (".gpkg", ".parquet", ".geojson")

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


INPUTS_HELP = ("articles (.txt .md .jsonl[.gz]), folders, tables (.csv .tsv .jsonl .json "
               ".geojson .parquet .gpkg; detected from the header)")


def add_input_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the positional inputs and the reading options every building command shares."""
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help=INPUTS_HELP)
    parser.add_argument("--date", metavar="D",
                        help="dateline (YYYY-MM-DD) for texts that have none")
    parser.add_argument("--actors", action="append", default=[], metavar="FILE.yaml",
                        help="extra actor set YAML (repeatable)")


def check_inputs(
    args: argparse.Namespace, *, dates: Sequence[str] = ("date", "at"), actors: bool = False
) -> None:
    """Raise :class:`InputError` for a missing input, a malformed date option or actor file.

    Parameters
    ----------
    args
        Parsed arguments with ``inputs`` (and the options named in ``dates``).
    dates
        Names of the date options to check (absent options are skipped).
    actors
        Also check that every ``--actors`` file exists.
    """
    for path in args.inputs:
        if not Path(path).exists():
            raise InputError("no such file or folder", path=path)
    for name in dates:
        value = getattr(args, name, None)
        if value is not None and not _is_day(value):
            raise InputError(f"--{name} must be a date YYYY-MM-DD, got {value!r}")
    if actors:
        for path in getattr(args, "actors", None) or []:
            if not Path(path).is_file():
                raise InputError("no such actor set file", path=path)


def _is_day(value: str) -> bool:
    """``YYYY-MM-DD`` naming a day of the calendar (``2023-02-30`` is none)."""
    import datetime as dt

    if not ISO_DATE.match(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def default_output(inputs: Sequence[str], suffix: str) -> Path:
    """``output/<stem of the first input><suffix>`` (``x.jsonl.gz`` -> ``x``)."""
    stem = Path(inputs[0].rstrip("/\\")).stem or "geomap"
    for ext in (".jsonl", ".csv", ".geojson"):
        stem = stem.removesuffix(ext)
    return Path("output") / f"{stem}{suffix}"


def side_path(output: Path, suffix: str) -> Path:
    """A side file named by the whole output name: ``events.csv`` -> ``events.csv<suffix>``.

    Named by the stem, ``-o events.csv`` and ``-o events.parquet`` would overwrite each
    other's report and unresolved/rejected tables.
    """
    return output.with_name(output.name + suffix)


def report_json_path(output: Path) -> Path:
    """``<output>.report.json`` beside the output (``map.html`` -> ``map.html.report.json``)."""
    return side_path(output, ".report.json")


def write_plain_csv(frame: Any, path: Path) -> None:
    """A plain CSV, text cells neutralised against spreadsheet formulas."""
    from geomap._io.atomic import write_text
    from geomap.sources.tables.own import neutralise

    lines = [",".join(_cell(str(c)) for c in frame.columns)]
    for row in frame.itertuples(index=False, name=None):
        lines.append(",".join(_cell(neutralise("" if v is None else str(v))) if isinstance(v, str)
                              else _cell("" if v is None else str(v)) for v in row))
    write_text(path, "\n".join(lines) + "\n")


def _cell(text: str) -> str:
    if any(ch in text for ch in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text
