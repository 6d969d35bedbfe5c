"""The table of district seats the registries lack (``conflict_places_districts.csv``).

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

TABLE = sources.curated_dir() / "conflict_places_districts.csv"
#: A name already known within this distance makes a row redundant.
SAME_PLACE_KM = 10.0


def _read(path: object) -> list[dict[str, str]]:
    with open(str(path), encoding="utf-8", newline="") as fh:
        return [r for r in csv.DictReader(fh) if r.get("id") and not r["id"].startswith("#")]


def _rows() -> list[dict[str, str]]:
    return _read(TABLE)


def _point(r: dict[str, str]) -> tuple[float, float]:
    return float(r["lat"]), float(r["lon"])


def test_a_press_alias_reaches_its_row(gaz: Gazetteer) -> None:
    """Aliases carry the spellings of the press: an izafe or Qala variant finds the row."""
    rows = {r["id"]: r for r in _rows()}
    for rid, spelling in [("dist-af-chahar-asiab", "Char Asiab"),
                          ("dist-af-qala-i-kah", "Qala-e-Kah"),
                          ("dist-af-dara-i-nur", "Dara-e Nur")]:
        assert rid in rows, rid
        res = gaz.lookup(spelling, country="AF")
        assert res.place is not None, spelling
        assert _km(_point(rows[rid]), (res.place.lat, res.place.lon)) <= SAME_PLACE_KM, spelling


# Sentences written for these tests (invented wording), each naming a district of the table.
@pytest.mark.parametrize(("text", "row_id", "actor"), [
    ("Insurgents overran the district of Chahar Dara on Monday, a council member said.",
     "dist-af-chahar-dara", "TALIBAN"),
    ("Government troops recaptured the district of Bala Buluk from the Taliban on Friday.",
     "dist-af-bala-buluk", "AFGHAN_GOV"),
    ("The Taliban captured the district centre of Shirin Tagab on Tuesday, officials said.",
     "dist-af-shirin-tagab", "TALIBAN"),
    ("Iraqi troops and Kurdish fighters retook Jalawla from Islamic State militants on Sunday.",
     "dist-iq-jalawla", "IRAQI_GOV"),
])
def test_control_change_lands_on_the_district(text: str, row_id: str, actor: str) -> None:
    row = {r["id"]: r for r in _rows()}[row_id]
    ev = geomap.extract(text, date="2016-06-10")
    changes = ev[ev["kind"] == "control_change"]
    assert len(changes) == 1, ev[["place", "kind", "actor"]]
    got = changes.iloc[0]
    assert got["actor"] == actor
    assert _km(_point(row), (float(got["latitude"]), float(got["longitude"]))) <= SAME_PLACE_KM
