"""The real extractor on a 200-article synthetic corpus: Dask LocalCluster == local engine."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT

pytest.importorskip("geomap.sources.documents")
pytest.importorskip("geomap.extract")
distributed = pytest.importorskip("distributed")

sys.path.insert(0, str(ROOT / "benchmarks"))
from synth_corpus import write_corpus  # noqa: E402

import geomap  # noqa: E402
from geomap.corpus.engine import sort_events  # noqa: E402


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Short articles (one or two paragraphs) keep the test fast; 200 of them, as in the brief.
    return write_corpus(tmp_path_factory.mktemp("corpus") / "wires.jsonl.gz", 200, seed=7,
                        paragraphs=(1, 2))


@pytest.fixture(scope="module")
def local(corpus: Path):
    return geomap.extract_corpus(corpus, progress=False, chunk_size=16)


def test_local_engine_extracts_and_accounts(local) -> None:
    report = local.report
    assert report.documents == 200
    assert report.balanced
    assert not report.failures
    kinds = set(local.events["kind"])
    assert "control_change" in kinds, kinds
    # Events cite the document URL (Document.source), one per synthetic article.
    assert local.events["source"].str.startswith("https://example.org/synth/").all()


def test_dask_local_cluster_gives_identical_events(corpus: Path, local, tmp_path: Path) -> None:
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        dask = geomap.extract_corpus(corpus, out=tmp_path / "events", engine="dask",
                                     scheduler=client, chunk_size=7, progress=False)
    ours = sort_events(local.events).drop(columns="geometry")
    theirs = sort_events(dask.events).drop(columns="geometry")
    pd.testing.assert_frame_equal(ours, theirs)
    assert dask.report.n_unresolved == local.report.n_unresolved
    assert dask.report.seen == local.report.seen
