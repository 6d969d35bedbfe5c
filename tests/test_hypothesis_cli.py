"""The CLI never crashes: whatever the input file, exit 0, or exit 2 with a one-line reason.

Files of arbitrary bytes (or hostile text in various encodings) under every input suffix go
through ``geomap extract``/``map``/``layers``/``report``, and bad arguments (impossible dates,
unknown suffixes) through every command; a traceback or another exit status is a failure.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from geomap.cli import main

SUFFIXES = [".txt", ".md", ".jsonl", ".csv", ".geojson", ".json", ".tsv", ".parquet",
            ".jsonl.gz", ".gpkg", ".xyz", ""]
COMMANDS = ["extract", "map", "layers", "report"]
_OUT = {"extract": "out.jsonl", "map": "out.html", "layers": "out.gpkg", "report": "out.html"}

_CONTENT = st.one_of(
    st.binary(max_size=400),
    st.text(max_size=200).map(lambda t: t.encode("utf-8")),
    st.sampled_from([
        b"", b"\xef\xbb\xbf", b"date 2020-06-05\nGNA forces retook Gharyan.\n",
        b"date,place,actor\n2020-06-05,Gharyan,GNA\n", b'{"text": "x"}\n', b"[" * 3000,
        b'{"type": "FeatureCollection", "features": [{}]}', b"\x1f\x8b\x08\x00garbage",
        b"PAR1\x00\x00PAR1", "سيطرت القوات على طرابلس".encode("cp1256"),
        b"kind,event_date\n" + b"control_change,2020-06-05\n" * 3,
    ]),
)


def _assert_clean_exit(status: int, err: str) -> None:
    assert status in (0, 2), err
    assert "Traceback" not in err, err
    if status == 2:
        lines = [line for line in err.splitlines() if line.startswith("geomap: error:")]
        assert lines, err
        assert all(len(line) <= 600 for line in lines)
        # The last-resort handler hides a bug behind a clean exit: that is still a failure.
        assert "geomap: error: unexpected" not in err, err


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(command=st.sampled_from(COMMANDS), suffix=st.sampled_from(SUFFIXES), data=_CONTENT)
# Found by fuzzing (each was "unexpected" before its fix): a lone UTF-16 surrogate escape in
# JSON (no UTF-8 output could be written), ESRI JSON in a .gpkg (GDAL read it, without
# geometry), an integer past Python's 4300-digit limit.
@example(command="extract", suffix=".jsonl",
         data=b'{"text": "date 2020-06-05\\nGNA forces retook Gharyan \\ud800."}\n')
@example(command="map", suffix=".geojson",
         data=b'{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": '
              b'{"kind": "control_change", "event_date": "2020-06-05", "actor": "GNA", '
              b'"place": "Gharyan\\udc00"}, "geometry": {"type": "Point", '
              b'"coordinates": [13.0, 32.2]}}]}')
@example(command="layers", suffix=".gpkg", data=b'{"features": [{"attributes": {"a": 1}}]}')
@example(command="report", suffix=".geojson", data=b'{"type": "Feature", "x": ' + b"9" * 5000
         + b"}")
def test_any_input_file_exits_cleanly(command: str, suffix: str, data: bytes,
                                      tmp_path_factory: pytest.TempPathFactory,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    folder = Path(tmp_path_factory.mktemp("cli"))
    path = folder / f"input{suffix}"
    path.write_bytes(data)
    capsys.readouterr()
    try:
        status = main([command, str(path), "-o", str(folder / _OUT[command]), "-q"])
    except SystemExit as exc:  # argparse rejects the arguments: its status is 2
        status = int(exc.code or 0)
    _assert_clean_exit(status, capsys.readouterr().err)


_BAD_DATES = st.one_of(st.sampled_from(["2020-02-30", "0000-01-01", "9999-99-99", "yesterday",
                                        "-1", "", "2020-06-05T25:00", "1e9", "NaN"]),
                       st.text(max_size=12))


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(command=st.sampled_from(["extract", "map", "report"]), option=st.sampled_from(
    ["--date", "--at"]), value=_BAD_DATES)
def test_bad_dates_exit_cleanly(command: str, option: str, value: str,
                                tmp_path_factory: pytest.TempPathFactory,
                                capsys: pytest.CaptureFixture[str]) -> None:
    folder = Path(tmp_path_factory.mktemp("dates"))
    article = folder / "a.txt"
    article.write_text("GNA forces retook Gharyan.\n", encoding="utf-8")
    capsys.readouterr()
    try:
        status = main([command, str(article), option, value, "-o",
                       str(folder / _OUT[command]), "-q"])
    except SystemExit as exc:
        status = int(exc.code or 0)
    err = capsys.readouterr().err
    _assert_clean_exit(status, err)
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        if option == "--date" and value.strip():
            assert status == 2, f"{option} {value!r} was accepted"


@pytest.mark.parametrize("command", ["geocode", "extract", "map", "layers", "report", "eval"])
def test_missing_input_exits_2(command: str, tmp_path: Path,
                               capsys: pytest.CaptureFixture[str]) -> None:
    argv = {"geocode": ["geocode", "", "--country", "not-a-country"],
            "eval": ["eval", "geoparse", str(tmp_path / "missing.jsonl"), "-o",
                     str(tmp_path / "p.jsonl")]}.get(
        command, [command, str(tmp_path / "missing.txt"), "-o", str(tmp_path / _OUT.get(
            command, "x"))])
    try:
        status = main(argv)
    except SystemExit as exc:
        status = int(exc.code or 0)
    _assert_clean_exit(status, capsys.readouterr().err)
