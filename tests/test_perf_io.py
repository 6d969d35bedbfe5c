"""Faster output steps give what the plain ones gave: partitions of an events table."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from geomap._io.partitioned import partition_codes, partition_keys


def _plain_codes(table: pa.Table) -> tuple[list[int], list[tuple[str, str]]]:
    """Row keys as text, numbered by first appearance (the writer's former way)."""
    years, countries = partition_keys(table)
    codes, uniques = pd.factorize(years + "/" + countries)
    return codes.tolist(), [tuple(str(k).split("/", 1)) for k in uniques]  # type: ignore[misc]


def test_partition_codes_match_the_keys_of_every_row() -> None:
    rng = np.random.default_rng(2)
    dates = np.array(["2019-03-04", "2020-11-30", "", "soon", "2021", "1999-01-01", None],
                     dtype=object)
    countries = np.array(["QX", "ZZ", "", "Q-X", None, "qx", "Q X"], dtype=object)
    n = 500
    table = pa.table({"event_date": pa.array(dates[rng.integers(0, len(dates), n)].tolist()),
                      "country": pa.array(countries[rng.integers(0, len(countries), n)]
                                          .tolist())})
    codes, keys = partition_codes(table)
    assert (codes.tolist(), keys) == _plain_codes(table)
    assert ("__HIVE_DEFAULT_PARTITION__", "QX") in keys  # bad dates and codes fall back

    chunked = pa.concat_tables([table.slice(0, 123), table.slice(123)])  # two chunks
    again, same_keys = partition_codes(chunked)
    assert again.tolist() == codes.tolist() and same_keys == keys
