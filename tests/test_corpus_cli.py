"""``geomap extract|layers --jobs N --engine local|dask``: same answers as the one-process path,
folder outputs as partitioned GeoParquet, events datasets as layer inputs, clear errors."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from geomap.cli import main

pytest.importorskip("geomap.inputs")
sys.path.insert(0, str(ROOT / "benchmarks"))
from synth_corpus import write_corpus  # noqa: E402


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("cli") / "wires.jsonl.gz", 16, seed=5,
                        paragraphs=(1, 2))


def test_jobs_2_writes_the_same_file_as_one_process(corpus: Path, tmp_path: Path) -> None:
    assert main(["-q", "extract", str(corpus), "-o", str(tmp_path / "one.csv")]) == 0
    assert main(["-q", "extract", str(corpus), "-o", str(tmp_path / "two.csv"),
                 "--jobs", "2"]) == 0
    one = (tmp_path / "one.csv").read_bytes()
    assert one.count(b"\n") > 16
    assert (tmp_path / "two.csv").read_bytes() == one
    report = json.loads((tmp_path / "two.report.json").read_text())
    assert report["documents"] == 16 and report["balanced"] and report["jobs"] == 2
    assert (tmp_path / "two.unresolved.csv").exists()


def test_folder_output_is_a_partitioned_dataset_and_feeds_layers(corpus: Path,
                                                                 tmp_path: Path) -> None:
    out = tmp_path / "events"
    assert main(["-q", "extract", str(corpus), "-o", str(out)]) == 0
    assert any(p.name.startswith("year=") for p in out.iterdir())
    assert (tmp_path / "events.report.json").exists()
    assert (tmp_path / "events.unresolved.parquet").exists()
    gpkg = tmp_path / "layers.gpkg"
    assert main(["-q", "layers", str(out), "-o", str(gpkg), "--at", "2018-01-01"]) == 0
    import pyogrio

    names = {name for name, _ in pyogrio.list_layers(gpkg)}
    assert {"places", "intervals", "control_at", "zones"} <= names
    data = json.loads((tmp_path / "layers.report.json").read_text())
    assert data["layers"]["rows"]["places"] > 0


def test_corpus_options_refuse_tables_and_bad_values(tmp_path: Path, capsys) -> None:
    table = tmp_path / "events.csv"
    table.write_text("date,place,actor\n2020-01-02,Sirte,GNA\n", encoding="utf-8")
    assert main(["extract", str(table), "--jobs", "2"]) == 2
    assert "article corpora" in capsys.readouterr().err
    assert main(["extract", str(tmp_path), "--jobs", "0"]) == 2
    assert "--jobs" in capsys.readouterr().err
