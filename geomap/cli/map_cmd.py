"""``geomap map INPUT... [-o OUT.html] [--date D] [--at D] [--tiles NAME|none] [--png OUT.png]
[--title T] [--embed OUT.html] [--actors FILE]``.

Reads articles and tables, builds the layers and writes one self-contained, offline HTML map
(plus, on request, a PNG and an embeddable ``<iframe>`` fragment). The run report goes to
``<output>.report.json`` beside the map.
"""

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

log = logging.getLogger("geomap.cli.map")


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register the ``map`` subcommand."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "map",
        help="write an offline interactive HTML map (time slider, legend, evidence popups)",
        description=(
            "Read articles and tables, build the layers of control and write one self-contained "
            "HTML map that works without network: places coloured by who holds them, a time "
            "slider, zones, fronts, routes, a legend and popups with the evidence."
        ),
    )
    add_input_arguments(parser)
    parser.add_argument("-o", "--output", metavar="OUT.html",
                        help="map file (default: output/<first input stem>.html)")
    parser.add_argument("--at", metavar="D", help="date shown first (default: latest change)")
    parser.add_argument("--tiles", metavar="NAME|none", default="none",
                        help="tile background by xyzservices name, e.g. CartoDB.Positron "
                             "(needs network when viewed); default none: offline outlines")
    parser.add_argument("--png", metavar="OUT.png", help="also write a PNG (headless Chromium)")
    parser.add_argument("--title", help="map title (default: from the inputs)")
    parser.add_argument("--embed", metavar="OUT.html",
                        help="also write an <iframe srcdoc> fragment to paste into a page")
    add_corpus_options(parser)
    add_common_options(parser)
    parser.set_defaults(func=run)
    return parser


def _output_path(args: argparse.Namespace) -> Path:
    return Path(args.output) if args.output else default_output(args.inputs, ".html")


def _check_args(args: argparse.Namespace) -> None:
    check_inputs(args)
    for name, suffixes in (("output", (".html", ".htm")), ("png", (".png",)),
                           ("embed", (".html", ".htm"))):
        value = getattr(args, name)
        if value is not None and Path(value).suffix.lower() not in suffixes:
            raise InputError(f"--{name} must end in {suffixes[0]}, got {value!r}")
    from geomap.render import tile_layer

    tile_layer(args.tiles)  # an unknown provider fails before any input is read


def run(args: argparse.Namespace) -> int:
    """Read inputs, build layers, write the map (and PNG, embed, run report); return 0."""
    _check_args(args)
    output = _output_path(args)
    from geomap.layers import build_layers
    from geomap.render import render

    loaded, actors = load_command_inputs(args, command="map")
    report = loaded.report
    data = build_layers(loaded.events, unresolved=loaded.unresolved, actors=actors)
    # no --title: render makes one from the places and dates ("Control changes in ...")
    m = render(data, title=args.title or None, at=args.at, tiles=args.tiles, actors=actors,
               unresolved=loaded.unresolved, inputs=len(args.inputs))
    m.save(output)
    written = [output]
    if args.embed:
        write_text(args.embed, m.embed())
        written.append(Path(args.embed))
    if args.png:
        written.append(m.to_png(args.png))
    report.write(report_json_path(output))
    print(f"{report.summary()}; wrote {', '.join(str(p) for p in written)}", file=sys.stderr)
    if not getattr(args, "quiet", False) and not getattr(args, "sub_quiet", False):
        print(output)
    return 0
