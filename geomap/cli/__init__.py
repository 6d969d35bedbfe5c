"""Command-line interface: ``geomap map|extract|geocode|layers|surface|report|eval``.

Each subcommand lives in its own module exposing ``add_parser(subparsers)`` and
``run(args) -> int``. Errors geomap raises on purpose (and unreadable files) end with exit
status 2 and a one-line reason on stderr.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from geomap.errors import GeomapError, os_error_message

log = logging.getLogger("geomap")

#: Subcommand name -> module under ``geomap.cli``.
COMMANDS: dict[str, str] = {
    "map": "map_cmd",
    "extract": "extract_cmd",
    "geocode": "geocode_cmd",
    "layers": "layers_cmd",
    "surface": "surface_cmd",
    "report": "report_cmd",
    "eval": "eval_cmd",
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"geomap: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    """Return the top-level parser with every available subcommand."""
    parser = _Parser(
        prog="geomap",
        description="Maps of territorial control over time from conflict reporting.",
    )
    verbosity = parser.add_mutually_exclusive_group()
    verbosity.add_argument("-v", "--verbose", action="store_true", help="log details")
    verbosity.add_argument("-q", "--quiet", action="store_true",
                           help="only errors and the summary line")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module_name in COMMANDS.values():
        try:
            module = importlib.import_module(f"geomap.cli.{module_name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"geomap.cli.{module_name}":
                continue  # command not built yet
            raise
        module.add_parser(sub)
    return parser


def _configure_logging(verbose: bool, quiet: bool) -> None:
    level = logging.DEBUG if verbose else logging.ERROR if quiet else logging.INFO
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s",
                        stream=sys.stderr)
    logging.getLogger("geomap").setLevel(level)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    # Subcommands may repeat -v/-q after their name; either place counts.
    verbose = bool(getattr(args, "verbose", False) or getattr(args, "sub_verbose", False))
    quiet = bool(getattr(args, "quiet", False) or getattr(args, "sub_quiet", False))
    _configure_logging(verbose, quiet)
    if not getattr(args, "command", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.func(args))
    except GeomapError as exc:
        print(f"geomap: error: {_one_line(str(exc))}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"geomap: error: {_one_line(os_error_message(exc))}", file=sys.stderr)
        return 2
    except UnicodeDecodeError as exc:
        print(f"geomap: error: not UTF-8 text ({exc.reason})", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("geomap: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        # Last resort: a bug or an input no check foresaw still ends with one line and status
        # 2, not a traceback; -v shows the traceback for a bug report.
        log.debug("unexpected error", exc_info=True)
        print(f"geomap: error: unexpected {type(exc).__name__}: {_one_line(str(exc))} "
              "(run with -v for details)", file=sys.stderr)
        return 2


def add_common_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--verbose/--quiet`` to a subcommand parser."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument("-v", "--verbose", dest="sub_verbose", action="store_true",
                       help="log details")
    group.add_argument("-q", "--quiet", dest="sub_quiet", action="store_true",
                       help="only errors and the summary line")


def _one_line(text: str) -> str:
    return " ".join(text.split())[:500]


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
