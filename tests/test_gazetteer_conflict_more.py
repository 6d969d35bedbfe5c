"""The table of Sudanese, Libyan, Ukrainian and Yemeni war-zone places the registries lack
(``conflict_places_more.csv``).

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

TABLE = sources.curated_dir() / "conflict_places_more.csv"
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
    """Aliases carry other spellings of the press: an article, a doubled or single consonant,
    a French or Russian form finds the row."""
    rows = {r["id"]: r for r in _rows()}
    for rid, spelling in [("more-sd-kereinik", "Kreinik"),
                          ("more-sd-saraf-omra", "Saraf Umra"),
                          ("more-sd-kamlin", "El Kamlin"),
                          ("more-sd-mulazmin", "Al Mulazimin"),
                          ("more-ly-tawergha", "Tawargha"),
                          ("more-ly-garyounis", "Qar Yunis"),
                          ("more-ua-maksymilianivka", "Maksimilyanovka"),
                          ("more-ye-seiyun", "Sayun")]:
        assert rid in rows, rid
        res = gaz.lookup(spelling, country=rows[rid]["country"])
        assert res.place is not None, spelling
        assert _km(_point(rows[rid]), (res.place.lat, res.place.lon)) <= SAME_PLACE_KM, spelling


# Sentences written for these tests (invented wording), each naming a place of the table.
@pytest.mark.parametrize(("text", "row_id", "actor"), [
    ("Rapid Support Forces fighters overran Saraf Omra on Tuesday after a week of shelling, "
     "residents said.", "more-sd-saraf-omra", "RSF"),
    ("Sudanese troops recaptured Al Kamlin from the RSF on Sunday, residents said.",
     "more-sd-kamlin", "SAF"),
    ("Government of National Accord forces pushed Haftar's fighters out of Khallet al-Furjan "
     "on Saturday, residents said.", "more-ly-khallet-al-furjan", "GNA"),
])
def test_control_change_lands_on_the_row(text: str, row_id: str, actor: str) -> None:
    row = {r["id"]: r for r in _rows()}[row_id]
    ev = geomap.extract(text, date="2024-03-14")
    changes = ev[ev["kind"] == "control_change"]
    assert len(changes) == 1, ev[["place", "kind", "actor"]]
    got = changes.iloc[0]
    assert got["actor"] == actor
    assert _km(_point(row), (float(got["latitude"]), float(got["longitude"]))) <= SAME_PLACE_KM
