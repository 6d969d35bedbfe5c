"""``geomap map``: arguments, default output path, run report, embed fragment, errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from geomap.cli import main


def _table(tmp_path: Path) -> Path:
    # An events table in geomap's own schema (written for this test).
    path = tmp_path / "my-events.csv"
    path.write_text(
        "event_id,event_date,date_precision,kind,actor,previous_actor,confirmed,confidence,place,"
        "location,country,latitude,longitude,geo_precision,evidence,source\n"
        "e1,2023-05-20,day,control_change,RU,UA,true,0.9,Bakhmut,Bakhmut,UA,48.595,38.0,town,"
        "The town was reported taken.,https://example.org/1\n"
        "e2,2023-06-10,day,control_change,UA,RU,true,0.8,Klishchiivka,Klishchiivka,UA,48.53,"
        "37.98,town,Troops were reported entering the village.,doc-2\n",
        encoding="utf-8",
    )
    return path


def test_bad_arguments_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["map", str(tmp_path / "missing.csv")]) == 2
    assert "no such file" in capsys.readouterr().err
    table = _table(tmp_path)
    assert main(["map", str(table), "--at", "June 2020"]) == 2
    assert "--at must be a date" in capsys.readouterr().err
    assert main(["map", str(table), "-o", str(tmp_path / "x.png")]) == 2
    assert main(["map", str(table), "--tiles", "No.Such", "-o", str(tmp_path / "m.html")]) == 2
    assert "unknown tile provider" in capsys.readouterr().err


def test_map_from_table_with_default_output(tmp_path: Path) -> None:
    pytest.importorskip("geomap.corpus.inputs", reason="the table readers are not built yet")
    table = _table(tmp_path)
    proc = subprocess.run(
        [sys.executable, "-m", "geomap", "map", str(table), "--embed", "frag.html",
         "--title", "Bakhmut area"],
        cwd=tmp_path, capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    out = tmp_path / "output" / "my-events.html"
    assert proc.stdout.strip() == str(Path("output") / "my-events.html")
    html = out.read_text(encoding="utf-8")
    assert "Bakhmut area" in html and "GeomapApp.start(" in html
    report = json.loads((tmp_path / "output" / "my-events.html.report.json").read_text())
    assert report["command"] == "map" and report["balanced"]
    frag = (tmp_path / "frag.html").read_text(encoding="utf-8")
    assert frag.startswith("<iframe ") and "srcdoc=" in frag


def test_cartodb_tiles_need_no_key(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """``--tiles CartoDB.Positron``: no API-key warning, no ``?key=`` in the tile URL."""
    import logging
    import warnings

    table = _table(tmp_path)
    out = tmp_path / "tiles.html"
    with warnings.catch_warnings(record=True) as caught, \
            caplog.at_level(logging.WARNING, logger="geomap"):
        warnings.simplefilter("always")
        assert main(["map", str(table), "--tiles", "CartoDB.Positron", "-o", str(out)]) == 0
    assert not [w for w in caught if "key" in str(w.message).lower()]
    assert "api key" not in caplog.text.lower()
    html = out.read_text(encoding="utf-8")
    assert "basemaps.cartocdn.com/light_all/" in html
    assert "?key=" not in html and "{apikey}" not in html
