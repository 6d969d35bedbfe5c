"""``geomap geocode`` command."""

from __future__ import annotations

import json

import pytest
from conftest import km

from geomap.cli import main


def test_geocode_libya_json(capsys: pytest.CaptureFixture[str]) -> None:
    rc = main(["geocode", "Tarhunah", "Al Watiya airbase", "Tripoli", "--country", "LY", "--json"])
    assert rc == 0
    out = json.loads(capsys.readouterr().out)
    expected = [(32.435, 13.633), (32.473, 11.898), (32.887, 13.187)]
    assert [o["query"] for o in out] == ["Tarhunah", "Al Watiya airbase", "Tripoli"]
    for o, (lat, lon) in zip(out, expected):
        assert o["resolved"] and km(o["lat"], o["lon"], lat, lon) < 10
        assert o["id"] and o["licence"] and o["reason"]
    assert out[1]["feature"] == "airbase"


@pytest.mark.parametrize(("context", "cc"), [
    ("Clashes in Misrata and Zawiya, Libya", "LY"),
    ("Protests in Beirut and Sidon, Lebanon", "LB"),
])
def test_geocode_context(capsys: pytest.CaptureFixture[str], context: str, cc: str) -> None:
    assert main(["geocode", "Tripoli", "--context", context, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["country"] == cc


def test_geocode_text_output_and_unresolved(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["geocode", "Benghazi", "Qwxzvbnm Plrkt", "   "]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("Benghazi\t32.")
    assert "UNRESOLVED\tnot in gazetteer" in lines[1]
    assert "UNRESOLVED\tempty name" in lines[2]


def test_geocode_bad_country(capsys: pytest.CaptureFixture[str]) -> None:
    # An English name is a country too (as in an analyst table's country column).
    assert main(["geocode", "Tripoli", "--country", "Lebanon", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["country"] == "LB"
    for bad in ("ZZ", "Atlantis"):  # two letters but no country; no country's name
        assert main(["geocode", "Tripoli", "--country", bad]) == 2
        assert "ISO 3166-1 code" in capsys.readouterr().err
