"""``geomap extract|layers --jobs N --engine local|dask``: same answers as the one-process path,
folder outputs as partitioned GeoParquet, events datasets as layer inputs, clear errors."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from geomap.cli import main

pytest.importorskip("geomap.corpus.inputs")
sys.path.insert(0, str(ROOT / "benchmarks"))
from synth_corpus import write_corpus  # noqa: E402


@pytest.fixture(autouse=True)
def _pool_always(monkeypatch: pytest.MonkeyPatch) -> None:
    # These small corpora test the pool itself: no one-process shortcut below a size.
    monkeypatch.setenv("GEOMAP_POOL_MIN_MB", "0")


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
    report = json.loads((tmp_path / "two.csv.report.json").read_text())
    assert report["documents"] == 16 and report["balanced"] and report["jobs"] == 2
    assert (tmp_path / "two.csv.unresolved.csv").exists()


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
    data = json.loads((tmp_path / "layers.gpkg.report.json").read_text())
    assert data["layers"]["rows"]["places"] > 0


def test_corpus_options_read_tables_and_refuse_bad_values(tmp_path: Path, capsys) -> None:
    # A table with --jobs is read as without it (as geomap map reads it), not refused.
    table = tmp_path / "events.csv"
    table.write_text("date,place,actor\n2020-01-02,Sirte,GNA\n", encoding="utf-8")
    assert main(["extract", str(table), "--jobs", "2"]) == 0
    err = capsys.readouterr().err
    assert "rows=1 (" in err and "seen=1 = events=1 +" in err
    assert main(["extract", str(tmp_path), "--jobs", "0"]) == 2
    assert "--jobs" in capsys.readouterr().err


@pytest.fixture(scope="module")
def few_articles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Enough for both pool workers; each map renders a territory per date of its slider, so
    # the 16 articles above would only make this test slower, not stricter.
    return write_corpus(tmp_path_factory.mktemp("cli") / "few.jsonl.gz", 6, seed=5,
                        paragraphs=(1, 2))


def test_map_and_report_with_jobs_match_one_process(few_articles: Path, tmp_path: Path) -> None:
    # Articles through the corpus engine, a table beside them read as usual, merged once.
    corpus = few_articles
    table = tmp_path / "log.csv"
    table.write_text("date,place,actor,country\n2019-03-02,Idlib,SAA,SY\n"
                     "2019-03-05,Nowhere-on-earth-qq,SAA,SY\n", encoding="utf-8")
    inputs = [str(corpus), str(table)]
    for command, suffix in (("map", ".html"), ("report", ".md")):
        one, two = tmp_path / f"one{suffix}", tmp_path / f"two{suffix}"
        assert main(["-q", command, *inputs, "-o", str(one), "--title", "t"]) == 0
        assert main(["-q", command, *inputs, "-o", str(two), "--title", "t",
                     "--jobs", "2"]) == 0
        if command == "map":
            assert two.read_bytes() == one.read_bytes()
        else:  # the report quotes its run summary, which names the engine
            strip = [line for line in one.read_text().splitlines() if "seen=" not in line]
            assert [line for line in two.read_text().splitlines()
                    if "seen=" not in line] == strip
        a = json.loads(one.with_name(one.name + ".report.json").read_text())
        b = json.loads(two.with_name(two.name + ".report.json").read_text())
        for key in ("documents", "rows", "seen", "events", "merged_events"):
            assert a[key] == b[key], key
        assert b["balanced"] and b["jobs"] == 2
        assert b["n_unresolved"] == len(a["unresolved"]) >= 1


_UNDATED = ("The army said on Sunday that its units had retaken the town of Kidal from the "
            "rebels after two days of fighting.\n")


@pytest.mark.parametrize("options", [["--jobs", "2"], ["--engine", "dask", "--jobs", "1"]])
def test_corpus_path_warns_and_refuses_as_the_default_path(
        tmp_path: Path, options: list[str], capsys: pytest.CaptureFixture[str],
        caplog: pytest.LogCaptureFixture) -> None:
    """Undated documents, no events and every input rejected: as without --jobs/--engine."""
    import logging

    caplog.set_level(logging.WARNING, logger="geomap")
    if "dask" in options:
        pytest.importorskip("distributed")
    docs = tmp_path / "docs"
    docs.mkdir()
    for k in range(3):
        (docs / f"a{k}.txt").write_text(_UNDATED, encoding="utf-8")
    assert main(["extract", str(docs), "-o", str(tmp_path / "e.csv"), *options]) == 0
    lines = [r.getMessage() for r in caplog.records if "dateline" in r.getMessage()]
    assert len(lines) == 1 and lines[0].startswith("3 documents without a dateline")
    assert "--date" in lines[0]
    report = json.loads((tmp_path / "e.csv.report.json").read_text(encoding="utf-8"))
    assert any("without a dateline" in w for w in report["warnings"])
    # Nothing to map: the same warning as the default path.
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "blank.txt").write_text("", encoding="utf-8")
    caplog.clear()
    assert main(["extract", str(tmp_path / "empty"), "-o", str(tmp_path / "n.csv"),
                 *options]) == 0
    assert "the map will be empty" in caplog.text
    # Every input rejected: status 2 and the reason, no output.
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "x.txt").write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(64))
    for out in ("b.csv", "b-dataset"):
        assert main(["extract", str(tmp_path / "bin"), "-o", str(tmp_path / out),
                     *options]) == 2
        err = capsys.readouterr().err
        assert "every input was rejected" in err and "not text" in err
        assert not (tmp_path / out).exists()


def test_jobs_picks_one_process_below_the_break_even(corpus: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A pool does not pay for a small corpus: --jobs 2 runs in one process, same output."""
    from geomap.cli._corpus import POOL_MIN_MB, _input_mb

    monkeypatch.delenv("GEOMAP_POOL_MIN_MB")
    assert _input_mb([str(corpus)]) < POOL_MIN_MB
    assert main(["-q", "extract", str(corpus), "-o", str(tmp_path / "two.csv"),
                 "--jobs", "2"]) == 0
    report = json.loads((tmp_path / "two.csv.report.json").read_text())
    assert report["jobs"] == 1 and report["documents"] == 16
    monkeypatch.setenv("GEOMAP_POOL_MIN_MB", str(_input_mb([str(corpus)]) / 2))
    assert main(["-q", "extract", str(corpus), "-o", str(tmp_path / "pool.csv"),
                 "--jobs", "2"]) == 0
    report = json.loads((tmp_path / "pool.csv.report.json").read_text())
    assert report["jobs"] == 2
    assert (tmp_path / "pool.csv").read_bytes() == (tmp_path / "two.csv").read_bytes()
