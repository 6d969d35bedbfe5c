"""``geomap surface``: cells in, predictions out; territory files; usage errors."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyogrio
import pytest

from geomap.cli import main


def _table(tmp_path: Path) -> Path:
    # An analyst table written for this test (invented statements, Sudan).
    path = tmp_path / "sudan-status.csv"
    path.write_text(
        "date,place,actor,latitude,longitude,country,notes\n"
        "2024-01-02,Sennar,SAF,13.55,33.60,SD,the army still holds the town\n"
        "2024-01-02,Wad Madani,RSF,14.40,33.52,SD,paramilitary units hold the state capital\n"
        "2024-01-20,Kosti,SAF,13.16,32.67,SD,army units report the river town quiet\n"
        "2024-02-01,Sennar,Gray zone,13.55,33.60,SD,clashes on the northern edge\n",
        encoding="utf-8",
    )
    return path


def _cells(tmp_path: Path) -> Path:
    path = tmp_path / "cells.csv"
    pd.DataFrame({
        "date": ["2024-01-10", "2024-01-10", "2024-02-05", "2024-01-10", "2024-02-05"],
        "cell_id": ["c1", "c2", "c1", "far", "c3"],
        "lat": [13.56, 14.38, 13.56, 17.0, 13.17],
        "lon": [33.58, 33.50, 33.58, 30.0, 32.66],
        "note": ["a", "b", "c", "d", "e"],
    }).to_csv(path, index=False)
    return path


def test_cells_get_a_controller_and_probabilities_in_input_order(tmp_path: Path) -> None:
    out = tmp_path / "pred.csv"
    assert main(["-q", "surface", str(_table(tmp_path)), "--cells", str(_cells(tmp_path)),
                 "-o", str(out)]) == 0
    pred = pd.read_csv(out, dtype={"date": str})
    assert list(pred["note"]) == ["a", "b", "c", "d", "e"]  # passed through, same order
    assert {"controller", "p_SAF", "p_RSF", "confidence"} <= set(pred.columns)
    assert "p_Gray zone" not in pred.columns  # a state, not an actor
    assert list(pred["controller"]) == ["SAF", "RSF", "SAF", "unknown", "SAF"]
    assert (abs(pred["p_SAF"] + pred["p_RSF"] - 1) < 1e-3).all()
    assert pred.loc[3, "confidence"] == 0
    # Kosti's own report (01-20) is not known on 01-10: its cell is answered on 02-05 only.
    assert pred.loc[4, "confidence"] > 0.5
    report = json.loads(next(tmp_path.glob("pred*.report.json")).read_text(encoding="utf-8"))
    assert report["surface"]["actors"] == ["RSF", "SAF"]


def test_at_writes_territory_fronts_and_cells(tmp_path: Path) -> None:
    out = tmp_path / "terr.gpkg"
    assert main(["-q", "surface", str(_table(tmp_path)), "--at", "2024-01-25",
                 "--cell-km", "5", "-o", str(out)]) == 0
    layers = {name for name, _ in pyogrio.list_layers(out)}
    assert layers == {"territory", "fronts", "cells"}
    territory = pyogrio.read_dataframe(out, layer="territory")
    assert set(territory["controller"]) == {"RSF", "SAF"}
    assert territory.is_valid.all()
    cells = pyogrio.read_dataframe(out, layer="cells")
    assert set(cells["controller"]) <= {"RSF", "SAF", "contested", "unknown"}
    geojson = tmp_path / "terr.geojson"
    assert main(["-q", "surface", str(_table(tmp_path)), "--at", "2024-01-25",
                 "--cell-km", "5", "-o", str(geojson)]) == 0
    assert (tmp_path / "terr.fronts.geojson").exists()
    assert (tmp_path / "terr.cells.geojson").exists()


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = _table(tmp_path)
    with pytest.raises(SystemExit) as exc:
        main(["surface", str(table), "-o", str(tmp_path / "x.csv")])  # neither mode
    assert exc.value.code == 2
    assert main(["surface", str(table), "--cells", str(_cells(tmp_path)),
                 "-o", str(tmp_path / "x.gpkg")]) == 2
    assert "-o must end in .csv" in capsys.readouterr().err
    assert main(["surface", str(table), "--at", "2024-01-25", "-o",
                 str(tmp_path / "x.csv")]) == 2
    bad = tmp_path / "bad.csv"
    bad.write_text("date,cell_id,lat\n2024-01-10,c1,13.5\n", encoding="utf-8")
    assert main(["surface", str(table), "--cells", str(bad), "-o",
                 str(tmp_path / "y.csv")]) == 2
    assert "missing lon" in capsys.readouterr().err
    assert main(["surface", str(table), "--at", "2024-01-25", "--cell-km", "0", "-o",
                 str(tmp_path / "z.gpkg")]) == 2
