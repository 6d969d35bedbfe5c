"""Faster table steps give what the plain ones gave: source labels and separated ids."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from geomap.sources.tables._convert import _arrow_text, source_labels
from geomap.sources.tables._frame import separate_ids


def _plain_labels(prefix: str, ids: list[str], outlets: list[str]) -> list[str]:
    out = []
    for i, o in zip(ids, outlets, strict=True):
        label = f"{prefix}:{i}" if i else prefix
        out.append(f"{label} ({o})" if o else label)
    return out


@pytest.mark.parametrize("dtype", ["str", object])
def test_source_labels_leave_out_empty_parts(dtype: object) -> None:
    ids = ["QX101", "", "QX102", "", "QX7é"]
    outlets = ["Valley Courier", "Hill Radio", "", "", "Courier; Radio"]
    got = source_labels("FEED", pd.Series(ids, dtype=dtype), pd.Series(outlets, dtype=dtype))
    assert got.tolist() == _plain_labels("FEED", ids, outlets)


def test_arrow_and_pandas_source_labels_agree_on_many_rows() -> None:
    rng = np.random.default_rng(7)
    ids = np.array(["", "RZ1", "RZ22", "RZ333"], dtype=object)[rng.integers(0, 4, 5000)]
    outlets = np.array(["", "Dune Post", "Ridge FM"], dtype=object)[rng.integers(0, 3, 5000)]
    arrow_ids, arrow_outlets = pd.Series(ids, dtype="str"), pd.Series(outlets, dtype="str")
    assert _arrow_text(arrow_ids)  # the fast path is the one tested here
    got = source_labels("FEED", arrow_ids, arrow_outlets)
    assert got.tolist() == _plain_labels("FEED", ids.tolist(), outlets.tolist())
    assert got.dtype == arrow_ids.dtype


def _reference_separate(ids: list[str], record: list[str]) -> list[str]:
    """The rule spelled out row by row: the first source id of an event id keeps it."""
    first_record: dict[str, str] = {}
    out = []
    for event_id, rec in zip(ids, record, strict=True):
        keeper = first_record.setdefault(event_id, rec)
        if rec and rec != keeper:
            key = f"{event_id}\x1f{rec}".encode()
            out.append("ev-" + hashlib.sha1(key, usedforsecurity=False).hexdigest()[:16])
        else:
            out.append(event_id)
    return out


@pytest.mark.parametrize("as_series", [False, True])
def test_separate_ids_follow_the_row_by_row_rule(as_series: bool) -> None:
    rng = np.random.default_rng(3)
    n = 4000
    # Few event ids (many shared), source ids partly repeated, some empty.
    ids = [f"ev-{k:016x}" for k in rng.integers(0, 900, n).tolist()]
    record = [f"ZZ{k}" if k % 11 else "" for k in rng.integers(0, 3000, n).tolist()]
    got = separate_ids(np.array(ids, dtype=object),
                       pd.Series(record, dtype="str") if as_series
                       else np.array(record, dtype=object))
    expected = _reference_separate(ids, record)
    assert got.tolist() == expected
    assert sum(g != i for g, i in zip(got.tolist(), ids, strict=True)) > 100  # salts happened


def test_csv_cells_read_as_large_strings_keep_their_text(tmp_path: Path) -> None:
    from geomap.sources.tables._csv import read_csv

    path = tmp_path / "feed.csv"
    path.write_text('id,place,note\nQX1,Low Ford,"two lines\nof note"\nQX2,High Mesa,\n',
                    encoding="utf-8")
    frame = read_csv(path).frame
    assert frame["place"].tolist() == ["Low Ford", "High Mesa"]
    assert frame["note"].tolist() == ["two lines\nof note", ""]
    assert all(isinstance(frame[c].dtype, pd.StringDtype) for c in frame.columns)


@pytest.mark.parametrize("n", [40, 30_000])
def test_shared_points_are_the_points_of_every_row(n: int) -> None:
    """Rows on the same coordinates share one point; each row still has its own place, a
    missing coordinate gives no point and -0.0 stays apart from 0.0 (both sizes: the
    grouped path and, past the sample, the row-by-row one for distinct points)."""
    import shapely

    from geomap.sources.tables._frame import _points

    rng = np.random.default_rng(11)
    spots = np.array([[12.5, 41.25], [0.0, 7.0], [-0.0, 7.0], [30.125, -0.0], [30.125, 0.0]])
    pick = rng.integers(0, len(spots), n)
    lon, lat = spots[pick, 0].copy(), spots[pick, 1].copy()
    lat[::7] = np.nan
    lon[3::11] = np.nan
    got = _points(lat, lon)
    missing = np.isnan(lat) | np.isnan(lon)
    assert all(g is None for g in got[missing])
    expected = shapely.to_wkb(shapely.points(lon[~missing], lat[~missing]))
    assert shapely.to_wkb(got[~missing]).tolist() == expected.tolist()
    assert len({id(g) for g in got[~missing]}) == len(spots)  # one object per place

    distinct_lon = rng.uniform(-20, 20, n)  # nearly every row its own place
    many = _points(lat, distinct_lon)
    ok = ~np.isnan(lat)
    assert shapely.to_wkb(many[ok]).tolist() == shapely.to_wkb(
        shapely.points(distinct_lon[ok], lat[ok])).tolist()


def test_text_series_is_the_series_of_the_rows() -> None:
    from geomap.sources.tables._values import text_series

    table = ["Hill Guard", "", "River Front (North)", "Hill Guard 2"]
    codes = np.array([0, 2, 2, 1, 3, 0, 1], dtype=np.intp)
    got = text_series(codes, table)
    expected = pd.Series(np.array(table, dtype=object)[codes], dtype="str")
    pd.testing.assert_series_equal(got, expected)
    mixed = text_series(np.array([1, 0, 1]), ["Dune Watch", 7])  # a non-text value
    pd.testing.assert_series_equal(mixed, pd.Series(["7", "Dune Watch", "7"], dtype="str"))


def test_distinct_numbers_groups_by_first_appearance() -> None:
    from geomap.sources.tables._rejections import distinct

    rng = np.random.default_rng(5)
    towns = np.array(["Low Ford", "High Mesa", "Salt Bend", None], dtype=object)[
        rng.integers(0, 4, 300)]
    days = rng.integers(0, 3, 300)
    for keys in ([towns], [days], [towns, days], [days, towns, days % 2]):
        seen: dict[tuple[object, ...], int] = {}
        expected = [seen.setdefault(tuple(k), len(seen))
                    for k in zip(*(list(x) for x in keys), strict=True)]
        got = distinct(*keys)
        assert got.codes.tolist() == expected
        assert got.first.tolist() == [expected.index(g) for g in range(len(seen))]
