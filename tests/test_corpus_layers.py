"""Layers from a partitioned events dataset: the Dask path (dask-geopandas partition-wise,
per-place reduction) gives the same tables as the local path."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from geomap.corpus.engine import corpus_layers, write_partitioned
from geomap.errors import InputError
from geomap.schema import events_frame

distributed = pytest.importorskip("distributed")
pytest.importorskip("dask_geopandas")

# Towns of two made-up fronts (coordinates only need to be plausible).
_TOWNS = {
    "LY": [("Alpha", 32.1, 13.1), ("Bravo", 32.4, 14.0), ("Charlie", 31.2, 16.5),
           ("Delta", 30.9, 17.2)],
    "UA": [("Echo", 49.9, 36.3), ("Foxtrot", 49.2, 37.3), ("Golf", 48.6, 38.0)],
}
_SIDES = {"LY": ("GNA", "LNA"), "UA": ("UA", "RU")}


def _events() -> pd.DataFrame:
    records = []
    for cc, towns in _TOWNS.items():
        a, b = _SIDES[cc]
        for i, (name, lat, lon) in enumerate(towns):
            for year in (2019, 2020, 2021):
                holder, other = (a, b) if (year + i) % 2 else (b, a)
                base = {"location": name, "country": cc, "latitude": lat, "longitude": lon,
                        "gazetteer_id": f"test:{name}" if i % 2 else "",
                        "source": f"wire-{cc}-{year}-{i}"}
                records += [
                    {**base, "kind": "control_change", "actor": holder, "previous_actor": other,
                     "event_date": f"{year}-0{3 + i}-10", "evidence": f"{holder} took {name}."},
                    {**base, "kind": "claimed_control", "actor": other, "confirmed": False,
                     "event_date": f"{year}-0{3 + i}-12", "evidence": f"{other} claim {name}."},
                    {**base, "kind": "mention", "event_date": f"{year}-01-01",
                     "evidence": f"Life in {name}."},
                    # Same day as the change: a tie that the canonical order must settle.
                    {**base, "kind": "contested", "actor": other,
                     "event_date": f"{year}-0{3 + i}-10", "evidence": f"Clashes in {name}."},
                ]
        # The first change reported again by another wire: merged, not counted twice.
        records.append({**records[-4 * len(towns) * 3], "source": f"second-wire-{cc}"})
        records.append({"kind": "route", "actor": a, "location": towns[0][0], "country": cc,
                        "latitude": towns[0][1], "longitude": towns[0][2],
                        "related_location": towns[1][0], "related_latitude": towns[1][1],
                        "related_longitude": towns[1][2], "event_date": "2020-02-02",
                        "source": "r"})
        records.append({"kind": "objective", "actor": b, "location": towns[-1][0],
                        "country": cc, "latitude": towns[-1][1], "longitude": towns[-1][2],
                        "event_date": "2021-01-05", "source": "o"})
    return events_frame(records)


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_partitioned(_events(), tmp_path_factory.mktemp("ds") / "events")


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(frame.drop(columns="geometry")).reset_index(drop=True)


def test_local_layers_from_dataset_skip_mentions(dataset: Path) -> None:
    layers = corpus_layers(dataset)
    assert "mention" not in set(layers.events["kind"])
    assert len(layers.places) == 7
    assert len(layers.routes) == 2 and len(layers.objectives) == 2
    assert set(layers.places["actor"]) <= {"GNA", "LNA", "UA", "RU", ""}
    assert sorted(layers.events["n_reports"].unique()) == [1, 2]
    assert int((layers.events["n_reports"] == 2).sum()) == 2


def test_dask_layers_equal_local_layers(dataset: Path) -> None:
    local = corpus_layers(dataset)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        dask = corpus_layers(dataset, engine="dask", scheduler=client, at="2020-04-11",
                             npartitions=3)
    pd.testing.assert_frame_equal(_plain(dask.places), _plain(local.places))
    pd.testing.assert_frame_equal(_plain(dask.intervals), _plain(local.intervals))
    assert dask.places.geometry.equals(local.places.geometry)
    pd.testing.assert_frame_equal(_plain(dask.control_at("2020-04-11")),
                                  _plain(local.control_at("2020-04-11")))
    # Another date falls back to the local timeline, with the same answer.
    pd.testing.assert_frame_equal(_plain(dask.control_at("2021-12-31")),
                                  _plain(local.control_at("2021-12-31")))
    assert len(dask.zones) == len(local.zones)


def test_dask_layers_need_a_dataset() -> None:
    with pytest.raises(InputError):
        corpus_layers(_events(), engine="dask")
    with pytest.raises(InputError):
        corpus_layers("/nonexistent/events", engine="dask")
    with pytest.raises(InputError):
        corpus_layers(_events(), engine="ray")


def test_held_reports_reach_corpus_layers(tmp_path: Path) -> None:
    # A status report with no change ("the town remains in LNA hands") is evidence of control:
    # the corpus path keeps it, as build_layers does.
    from geomap.layers import build_layers

    frame = events_frame([
        {"kind": "held", "actor": "LNA", "location": "Hotel", "country": "LY",
         "latitude": 31.5, "longitude": 15.2, "event_date": "2020-05-01", "source": "s",
         "evidence": "Hotel remains in LNA hands."},
        {"kind": "mention", "location": "India", "country": "LY", "latitude": 31.0,
         "longitude": 15.0, "event_date": "2020-05-01", "source": "s", "evidence": "x"},
    ])
    layers = corpus_layers(write_partitioned(frame, tmp_path / "events"))
    assert list(layers.events["kind"]) == ["held"]
    got = layers.control_at("2020-05-02")
    want = build_layers(frame).control_at("2020-05-02")
    assert got.loc[got["location"] == "Hotel", "actor"].tolist() == ["LNA"]
    assert want.loc[want["location"] == "Hotel", "actor"].tolist() == ["LNA"]
