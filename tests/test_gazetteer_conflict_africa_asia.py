"""The table of African and Asian war-zone places the registries lack
(``conflict_places_africa_asia.csv``).

The checks every such table passes are in ``test_gazetteer_conflict_tables.py``; here, its
press aliases and control changes in sentences written for it.
"""

from __future__ import annotations

import csv

import pytest
from gazetteer_tables import km as _km

import geomap
from geomap.gazetteer import Gazetteer
from geomap.gazetteer import _sources as sources

TABLE = sources.curated_dir() / "conflict_places_africa_asia.csv"
#: A name already known within this distance makes a row redundant.
SAME_PLACE_KM = 10.0


def _read(path: object) -> list[dict[str, str]]:
    with open(str(path), encoding="utf-8", newline="") as fh:
        return [r for r in csv.DictReader(fh) if r.get("id") and not r["id"].startswith("#")]


def _rows() -> list[dict[str, str]]:
    return _read(TABLE)


def _point(r: dict[str, str]) -> tuple[float, float]:
    return float(r["lat"]), float(r["lon"])


def test_an_alias_reaches_its_row(gaz: Gazetteer) -> None:
    """Aliases carry other spellings of the press: a French or hyphenated form finds the row."""
    rows = {r["id"]: r for r in _rows()}
    for rid, spelling in [("aas-cd-masisi", "Masisi-Centre"),
                          ("aas-cd-chanzu", "Tshanzu"),
                          ("aas-so-warshiikh", "Warsheikh"),
                          ("aas-so-guriceel", "Guriel"),
                          ("aas-ml-boulkessi", "Boulikessi"),
                          ("aas-mm-tabayin", "Depayin"),
                          ("aas-ht-simon-pele", "Simon Pele")]:
        assert rid in rows, rid
        res = gaz.lookup(spelling, country=rows[rid]["country"])
        assert res.place is not None, spelling
        assert _km(_point(rows[rid]), (res.place.lat, res.place.lon)) <= SAME_PLACE_KM, spelling


# Sentences written for these tests (invented wording), each naming a place of the table.
@pytest.mark.parametrize(("text", "row_id", "actor"), [
    ("M23 rebels seized the town of Masisi on Saturday after the army pulled back, residents "
     "said.", "aas-cd-masisi", "M23"),
    ("Congolese troops recaptured Mweso from the M23 on Thursday, a local official said.",
     "aas-cd-mweso", "FARDC"),
    ("Al-Shabaab fighters took over Warsheikh on Monday hours after government soldiers left "
     "their positions, elders said.", "aas-so-warshiikh", "SHABAAB"),
    ("Mozambican troops recaptured Awasse from the insurgents on Wednesday, residents said.",
     "aas-mz-awasse", "FADM"),
])
def test_control_change_lands_on_the_row(text: str, row_id: str, actor: str) -> None:
    row = {r["id"]: r for r in _rows()}[row_id]
    ev = geomap.extract(text, date="2024-03-14")
    changes = ev[ev["kind"] == "control_change"]
    assert len(changes) == 1, ev[["place", "kind", "actor"]]
    got = changes.iloc[0]
    assert got["actor"] == actor
    assert _km(_point(row), (float(got["latitude"]), float(got["longitude"]))) <= SAME_PLACE_KM
