"""``Gazetteer.geocode``: column-wise resolution answers exactly what ``lookup`` answers."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from geomap.gazetteer import Gazetteer
from geomap.gazetteer._batch import COLUMNS
from geomap.sources.tables import read_table

#: Hints and countries drawn for the equivalence sample (a lower-case code too).
_HINTS = [None, None, None, "city", "airbase", "airport", "district", "square", "region",
          "village", "port", "landmark"]
_COUNTRIES = [None, None, "US", "LY", "SY", "GB", "in", "UA", "ML", "XX"]
#: Written for these tests: spellings, designators, codes and non-names of several regions.
_OWN = ["Tarhounah", "Misurata", "city of Sirte", "Al-Jufra air base", "Gharian", "Bani Walid",
        "Kharkiv oblast", "Bakhmut", "Avdiivka", "Timbuktu", "Gao", "Mekele", "Mekelle", "Goma",
        "El Fasher", "Al-Fashir", "Khan Younis", "Marib", "Ma'rib", "Idlib", "Saraqib", "LAX",
        "HLLM", "San Antonio", "Springfield", "Georgia", "Washington", "Kherson Oblast",
        "Okba Ibn Nafa Air Base", "طرابلس", "Київ", "Zzyzxqwv", "", "   ", "1234", "\x00Sirte",
        "x" * 250, "Sirte\u00ad", "Aleppo", "Idlib province", "Donetsk", "Port Sudan",
        "Incirlik", "Al Udeid", "Heathrow", "Gatwick", "Bagram", "Hmeimim", "Sloviansk",
        "Artemivsk", "Kharkov", "Kiev"]


def _sample(gaz: Gazetteer, n: int, seed: int) -> list[str]:
    """Every n-th index name from a random offset: towns, airports, regions, other scripts."""
    ix = gaz.index
    step = max(1, len(ix) // n)
    return [ix.name(i) for i in range(random.Random(seed).randrange(step), len(ix), step)][:n]


def _home(gaz: Gazetteer, name: Any) -> str | None:
    """The country of a name's context-free answer (``None`` if it has none)."""
    p = gaz.lookup(name).place if isinstance(name, str) else None
    return p.country or None if p is not None else None


def _expected(gaz: Gazetteer, name: Any, country: str | None, feature: str | None) -> tuple:
    r = gaz.lookup(name, country=country, feature=feature)
    p = r.place
    if p is None:
        return (False, None, None, None, None, 0.0, False, r.reason, ())
    return (True, p.id, p.name, p.lat, p.score, r.confidence, r.ambiguous, r.reason,
            (p.lon, p.country, p.feature, p.geo_precision, p.source))


def _got(row: Any) -> tuple:
    if not row.resolved:
        return (False, None, None, None, None, row.confidence, bool(row.ambiguous), row.reason,
                ())
    return (True, row.id, row.name, row.latitude, row.score, row.confidence,
            bool(row.ambiguous), row.reason,
            (row.longitude, row.country, row.feature, row.geo_precision, row.source))


@pytest.mark.parametrize("seed", [1, 2])
def test_same_answers_as_lookup(gaz: Gazetteer, seed: int) -> None:
    names = _sample(gaz, 1500, seed) + _OWN
    rng = random.Random(seed)
    # A country preference is binding: most names get their own country's (where the answer
    # is the same place or another of that country), the others one drawn at random (where
    # the answer is mostly none, or a fold in that country).
    plain = Gazetteer(gaz.index)
    countries = [rng.choice(_COUNTRIES) if rng.random() < 0.3 else _home(plain, n)
                 for n in names]
    features = [rng.choice(_HINTS) for _ in names]
    # A fresh gazetteer on the same index: nothing the batch computes is in its caches.
    plain = Gazetteer(gaz.index)
    frame = gaz.geocode(names, country=countries, feature=features)
    assert len(frame) == len(names)
    assert list(frame.columns) == [*COLUMNS, "geometry"]
    mismatched = [(n, c, f, _got(row), _expected(plain, n, c, f))
                  for n, c, f, row in zip(names, countries, features,
                                          frame.itertuples(index=False), strict=True)
                  if _got(row) != _expected(plain, n, c, f)]
    assert not mismatched, mismatched[:5]
    # The sample exercises the vectorised path's branches, not only the scalar fallback.
    assert frame["resolved"].mean() > 0.6
    assert frame["reason"].str.startswith("not in gazetteer in ").any()
    assert frame["ambiguous"].any() and frame["reason"].str.contains("feature ").any()
    assert frame["reason"].str.contains("transliteration fold").any()


def test_frame_shape_order_and_repeats(gaz: Gazetteer) -> None:
    names = ["Tripoli", "Tripoli", "Tarhuna", None, ["not", "a", "name"], "Tripoli"]
    frame = gaz.geocode(names, country=[None, "LB", None, None, None, None])
    assert list(frame["query"]) == ["Tripoli", "Tripoli", "Tarhuna", "None",
                                    "['not', 'a', 'name']", "Tripoli"]
    assert list(frame["country"][:3]) == ["LY", "LB", "LY"]
    assert frame.loc[0, "id"] == frame.loc[5, "id"]  # a repeat gets the same answer
    assert list(frame["reason"][3:5]) == ["not a string: NoneType", "not a string: list"]
    assert not frame["resolved"][3] and frame.geometry[3] is None
    assert frame.crs == "EPSG:4326"
    p = frame.geometry[2]
    assert (p.x, p.y) == (frame.loc[2, "longitude"], frame.loc[2, "latitude"])


def test_lone_surrogates_are_refused_and_the_frame_stays_utf8(gaz: Gazetteer) -> None:
    # A JSON escape cut from its pair ("\\ud83d") or bytes read with surrogateescape.
    frame = gaz.geocode(["Trip\ud83doli", "Tripoli"])
    assert list(frame["resolved"]) == [False, True]
    assert "surrogate" in frame.loc[0, "reason"]
    assert frame.loc[0, "query"] == "Trip\ufffdoli"
    assert "surrogate" in gaz.lookup("Sirte\udc80").reason
    frame.to_csv(index=False).encode("utf-8")  # writable


def test_bad_lengths_are_clear_errors(gaz: Gazetteer) -> None:
    with pytest.raises(ValueError, match="country: 1 values for 2 names"):
        gaz.geocode(["Sirte", "Derna"], country=["LY"])
    with pytest.raises(ValueError, match="feature: 3 values for 2 names"):
        gaz.geocode(["Sirte", "Derna"], feature=["city", None, None])
    assert gaz.geocode([]).empty


class _LookupOnly:
    """A gazetteer without the column-wise path (as third-party ones may be)."""

    def __init__(self, gaz: Gazetteer) -> None:
        self.lookup = gaz.lookup


def test_tables_geocode_the_same_either_way(gaz: Gazetteer, tmp_path: Path) -> None:
    # An analyst table without coordinates: every row is placed by the gazetteer.
    places = ["Gharyan", "Tarhouna", "Sirt", "Zawiya", "Al Asabaa", "Bani Walid",
              "Qasr bin Ghashir", "Zzyzxqwv", "Mizdah", "Gharyan", "Ajdabiya", "Derna", "Sabha",
              "Ubari"]
    rows = [f"2020-06-{1 + i % 9:02d},{p},GNA,LY" for i, p in enumerate(places)]
    path = tmp_path / "a.csv"
    path.write_text("date,place,actor,country\n" + "\n".join(rows) + "\n", encoding="utf-8")
    batch = read_table(path, gazetteer=gaz)
    plain = read_table(path, gazetteer=_LookupOnly(Gazetteer(gaz.index)))
    cols = ["location", "latitude", "longitude", "gazetteer_id", "confidence", "geo_precision"]
    pd.testing.assert_frame_equal(batch.events[cols], plain.events[cols])
    assert list(batch.unresolved["place"]) == list(plain.unresolved["place"]) == ["Zzyzxqwv"]
    assert batch.balanced and len(batch.events) == len(places) - 1


def test_odd_inputs_answer_as_lookup(gaz: Gazetteer) -> None:
    # A table column: missing names and preferences, numpy strings, repeats with other hints.
    names = pd.Series(["Gharyan", None, "Misrata", float("nan"), "", "Gharyan", "Bani Walid",
                       "x" * 201, "LAX", "lax", " U.S. ", "Sirte\u200b"], dtype=object)
    countries = pd.Series(["LY", None, float("nan"), "ly", "XX", None, "L", "LY", None, "US",
                           None, "LY"], dtype=object)
    features = [None, "city", pd.NA, None, None, "city", float("nan"), None, "airport", None,
                None, None]
    frame = gaz.geocode(names, country=countries, feature=features)
    plain = Gazetteer(gaz.index)
    for i, row in enumerate(frame.itertuples(index=False)):
        name = names.iat[i]
        c = None if not isinstance(countries.iat[i], str) else countries.iat[i]
        f = features[i] if isinstance(features[i], str) else None
        assert _got(row) == _expected(plain, name, c, f), (name, c, f)
    assert frame["resolved"].tolist()[:3] == [True, False, True]


def test_numpy_and_arrow_string_columns(gaz: Gazetteer) -> None:
    import numpy as np

    want = gaz.geocode(["Derna", "Tobruk", "Derna"])
    for column in (np.array(["Derna", "Tobruk", "Derna"]),
                   pd.Series(["Derna", "Tobruk", "Derna"], dtype="string[pyarrow]")):
        got = gaz.geocode(column)
        assert got["id"].tolist() == want["id"].tolist()
        assert got["query"].tolist() == ["Derna", "Tobruk", "Derna"]


def test_an_alternate_name_of_several_entries_means_the_closest_spelling(gaz: Gazetteer) -> None:
    # "Sloviansk" is an alternate name of the city spelt "Slovyansk" and, in the source data,
    # of another Ukrainian city of the same size: the closer spelling wins, in both paths.
    from geomap.gazetteer._scoring import spelling_penalties

    assert spelling_penalties("sloviansk", ["nikopol", "slovyansk"])[1] == 0.0
    assert spelling_penalties("sloviansk", ["nikopol", "slovyansk"])[0] < -0.05
    assert spelling_penalties("al hasakah", ["hasakah", "hasaka"])[0] == 0.0  # articles aside
    r = Gazetteer(gaz.index).lookup("Sloviansk")
    assert r.place is not None and r.place.name == "Slovyansk"
    row = gaz.geocode(["Sloviansk"]).iloc[0]
    assert row["name"] == "Slovyansk" and row["latitude"] == r.place.lat
