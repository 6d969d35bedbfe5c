"""Offline by default: the main commands never open a network connection.

Only this machine may be reached (loopback, AF_UNIX): the report's map image is rendered by a
local headless Chromium driven through chromedriver on 127.0.0.1.

``socket.connect``, ``create_connection`` and DNS lookups are replaced by a function that records
the attempt and raises, then every main command runs in this process on the example inputs.
"""

from __future__ import annotations

import contextlib
import socket
from pathlib import Path

import pytest
from conftest import IN_CI, ROOT, TEST_DATA

from geomap.cli import main

ARTICLE = ROOT / "data" / "examples" / "tripoli-june-2020.txt"
TABLE = ROOT / "data" / "examples" / "acled-style-libya-2020.csv"


def _commands(out: Path) -> list[tuple[str, list[str]]]:
    return [
        ("geocode", ["geocode", "Tripoli", "Misrata", "Kharkiv", "--country", "LY"]),
        ("geocode-json", ["geocode", "Nowhere-Such-Place", "--json"]),
        ("extract", ["extract", str(ARTICLE), "-o", str(out / "events.csv")]),
        ("extract-table", ["extract", str(TABLE), "-o", str(out / "table.jsonl")]),
        ("map-article", ["map", str(ARTICLE), "-o", str(out / "article.html")]),
        ("map-table", ["map", str(TABLE), "-o", str(out / "table.html"), "--embed",
                       str(out / "embed.html")]),
        ("layers", ["layers", str(TABLE), "-o", str(out / "layers.gpkg")]),
        ("report", ["report", str(TABLE), "-o", str(out / "report.html")]),
        ("report-md", ["report", str(ARTICLE), "-o", str(out / "report.md"), "--format", "md"]),
    ]


def _needs(name: str) -> None:
    """Commands or modules still missing are a skip locally, a failure in CI."""
    if IN_CI:
        pytest.fail(f"{name} is not available in CI")
    pytest.skip(f"{name} not built yet")


@pytest.mark.parametrize("name", [name for name, _ in _commands(Path("."))])
def test_main_commands_open_no_socket(name: str, tmp_path: Path, no_network: list[str],
                                      capsys: pytest.CaptureFixture[str]) -> None:
    argv = dict(_commands(tmp_path))[name]
    try:
        status = main(argv)
    except SystemExit as exc:  # argparse: unknown command
        if "invalid choice" in capsys.readouterr().err:
            _needs(f"geomap {argv[0]}")
        raise AssertionError(f"{name} exited via SystemExit({exc.code})") from exc
    except ModuleNotFoundError as exc:
        _needs(str(exc.name))
        raise
    assert no_network == [], f"{name} tried the network: {no_network}"
    assert status == 0, capsys.readouterr().err


def test_guard_really_blocks(no_network: list[str]) -> None:
    """The fixture itself works (otherwise the test above proves nothing)."""
    with pytest.raises(AssertionError):
        socket.create_connection(("192.0.2.1", 80), timeout=0.1)  # TEST-NET-1
    with socket.socket() as sock, pytest.raises(AssertionError):
        sock.connect(("198.51.100.7", 443))
    with pytest.raises(AssertionError):
        socket.getaddrinfo("example.org", 443)
    assert len(no_network) == 3


def test_table_readers_open_no_socket(no_network: list[str]) -> None:
    import geomap
    from geomap.runreport import RunReport

    tables = sorted((TEST_DATA / "tables").glob("*"))
    if not tables:
        _needs("tests/data/tables")
    for path in tables:
        report = RunReport(command="read")
        # An unknown format is a clear error, not a network call.
        with contextlib.suppress(geomap.InputError):
            geomap.read_events(path, report=report)
    assert no_network == []
