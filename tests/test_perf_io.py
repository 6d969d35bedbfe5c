"""Faster output steps give what the plain ones gave: partitions of an events table."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

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


def test_partitions_written_two_at_a_time_are_the_files_written_one_by_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pyarrow.parquet as pq

    from geomap._io.partitioned import PartitionedWriter, events_to_arrow
    from geomap.schema import events_frame

    rng = np.random.default_rng(4)
    years = rng.integers(2018, 2022, 90).tolist()
    records = [{"kind": "control_change", "location": f"Mill {i % 9}", "actor": "Hill Guard",
                "country": ["QX", "ZZ", "QY"][i % 3], "latitude": 10 + i % 9,
                "longitude": 20.5, "event_date": f"{years[i]}-05-0{1 + i % 9}",
                "evidence": f"Hill Guard entered Mill {i % 9}."} for i in range(90)]
    table = events_to_arrow(events_frame(records))
    written: dict[int, list[Path]] = {}
    for cpus in (1, 2):
        monkeypatch.setattr("os.cpu_count", lambda cpus=cpus: cpus)
        writer = PartitionedWriter(tmp_path / f"ds{cpus}", rows_per_file=40,
                                   max_buffered_rows=1000)
        writer.write(table.slice(0, 50))
        writer.write(table.slice(50))
        writer.close()
        written[cpus] = [f.relative_to(tmp_path / f"ds{cpus}") for f in writer.files]
    assert written[1] == written[2] and len(written[2]) > 3
    for rel in written[1]:
        assert pq.read_table(tmp_path / "ds1" / rel).equals(pq.read_table(tmp_path / "ds2" / rel))
