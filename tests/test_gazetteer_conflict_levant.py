"""The table of Syrian and Iraqi places the registries lack (``conflict_places_levant.csv``).

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

TABLE = sources.curated_dir() / "conflict_places_levant.csv"
#: A name already known within this distance makes a row redundant.
SAME_PLACE_KM = 10.0


def _read(path: object) -> list[dict[str, str]]:
    with open(str(path), encoding="utf-8", newline="") as fh:
        return [r for r in csv.DictReader(fh) if r.get("id") and not r["id"].startswith("#")]


def _rows() -> list[dict[str, str]]:
    return _read(TABLE)


def _point(r: dict[str, str]) -> tuple[float, float]:
    return float(r["lat"]), float(r["lon"])


def test_press_spellings_reach_their_row(gaz: Gazetteer) -> None:
    """A press spelling other than the row's own (article, doubled letter, -eh) finds it."""
    rows = {r["id"]: r for r in _rows()}
    for rid, spelling, cc in [("lev-sy-muadamiyat-al-sham", "Moadamiyeh", "SY"),
                              ("lev-sy-kafr-battikh", "Kafr Batikh", "SY"),
                              ("lev-sy-al-suwar", "as-Suwar", "SY"),
                              ("lev-iq-karamlesh", "Karemlash", "IQ"),
                              ("lev-iq-telskuf", "Tesqopa", "IQ")]:
        assert rid in rows, rid
        res = gaz.lookup(spelling, country=cc)
        assert res.place is not None, spelling
        assert _km(_point(rows[rid]), (res.place.lat, res.place.lon)) <= SAME_PLACE_KM, spelling


# Sentences written for these tests (invented wording), each naming a place of the table.
@pytest.mark.parametrize(("text", "row_id", "actor"), [
    ("Rebel fighters overran Kafr Naya on Tuesday, residents said.",
     "lev-sy-kafr-naya", "REBELS"),
    ("Government forces recaptured Zamalka from the rebels on Sunday, state television said.",
     "lev-sy-zamalka", "SAA"),
    ("The Syrian Democratic Forces captured Al-Suwar from Islamic State militants on Monday.",
     "lev-sy-al-suwar", "SDF"),
    ("Iraqi troops retook Karamlesh from Islamic State militants on Friday, a commander said.",
     "lev-iq-karamlesh", "IRAQI_GOV"),
])
def test_control_change_lands_on_the_row(text: str, row_id: str, actor: str) -> None:
    row = {r["id"]: r for r in _rows()}[row_id]
    ev = geomap.extract(text, date="2017-03-01")
    changes = ev[ev["kind"] == "control_change"]
    assert len(changes) == 1, ev[["place", "kind", "actor"]]
    got = changes.iloc[0]
    assert got["actor"] == actor
    assert _km(_point(row), (float(got["latitude"]), float(got["longitude"]))) <= SAME_PLACE_KM
