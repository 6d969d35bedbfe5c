"""``geomap report INPUT... -o REPORT.html [--title T] [--at D] [--format html|md]``."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import Any

from geomap._io.atomic import write_text
from geomap.cli import add_common_options
from geomap.cli._common import add_input_arguments, check_inputs, default_output, report_json_path
from geomap.cli._corpus import add_corpus_options, load_command_inputs
from geomap.errors import InputError

log = logging.getLogger("geomap.cli.report")

_SUFFIX = {"html": ".html", "md": ".md"}


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register the ``report`` subcommand."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "report",
        help="write a self-contained HTML (or Markdown) report: summary, map, timeline, evidence",
        description=(
            "Read articles and tables, build the layers and write one self-contained report: "
            "sources, a summary of places that changed hands, the interactive map (works offline), "
            "a timeline, the control changes with their evidence and the unresolved names."
        ),
    )
    add_input_arguments(parser)
    parser.add_argument(
        "-o",
        "--output",
        help="report file (default: output/<first input>-report.html or .md)",
    )
    parser.add_argument("--title", help="title of the report (default: from the inputs)")
    parser.add_argument("--at", metavar="D", help="show control on date D (YYYY-MM-DD)")
    parser.add_argument(
        "--format",
        choices=("html", "md"),
        help="html (default, or from the -o suffix) or md (Markdown summary and tables)",
    )
    parser.add_argument(
        "--no-png",
        action="store_true",
        help="do not make a PNG of the map for the print stylesheet (faster; no Chromium)",
    )
    add_corpus_options(parser)
    add_common_options(parser)
    parser.set_defaults(func=run)
    return parser


#: The formats as a sentence names them.
_ARTICLE_NAME = {"html": "an HTML", "md": "a Markdown"}


def _format_of(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    if args.output and Path(args.output).suffix.lower() in (".md", ".markdown", ".qmd"):
        return "md"
    return "html"


def _output_path(args: argparse.Namespace, fmt: str) -> Path:
    if args.output:
        return Path(args.output)
    return default_output(args.inputs, f"-report{_SUFFIX[fmt]}")


def run(args: argparse.Namespace) -> int:
    """Read inputs, build layers, write the report and its run report; return 0."""
    fmt = _format_of(args)
    output = _output_path(args, fmt)
    check_inputs(args)
    suffixes = {"html": (".html", ".htm"), "md": (".md", ".markdown", ".qmd")}[fmt]
    if args.output and Path(args.output).suffix.lower() not in suffixes:
        raise InputError(
            f"--output of {_ARTICLE_NAME[fmt]} report must end in {suffixes[0]}, "
            f"got {args.output!r}"
        )
    from geomap.layers import build_layers
    from geomap.report import make_report

    loaded, actors = load_command_inputs(args, command="report")
    report = loaded.report
    layers = build_layers(loaded.events, unresolved=loaded.unresolved, actors=actors)
    title = args.title or _default_title(args.inputs)
    text = make_report(
        layers,
        title=title,
        at=args.at,
        sources=[str(p) for p in args.inputs],
        format=fmt,  # type: ignore[arg-type]
        png=False if args.no_png else None,
        run_report=report,
    )
    write_text(output, text)
    report.write(report_json_path(output))
    print(f"{report.summary()}; wrote {output}", file=sys.stderr)
    if not getattr(args, "quiet", False) and not getattr(args, "sub_quiet", False):
        print(output)
    return 0


def _default_title(inputs: list[str]) -> str:
    names = [Path(p.rstrip("/\\")).stem or str(p) for p in inputs[:3]]
    more = f" and {len(inputs) - 3} more" if len(inputs) > 3 else ""
    return "Control changes: " + ", ".join(names) + more
