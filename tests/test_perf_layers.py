"""Costs of the layers path that do not change its results: BLAS threads of the territory."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from geomap._blas import one_blas_thread
from geomap.layers import build_layers
from geomap.layers import core as layers_core
from geomap.schema import events_frame


def _events() -> list[dict[str, Any]]:
    """Two invented sides trading a ring of made-up hamlets (enough for triangles)."""
    rows: list[dict[str, Any]] = []
    for i in range(12):
        angle = 2 * np.pi * i / 12
        rows.append({
            "kind": "control_change", "country": "ML", "location": f"Hamlet {i}",
            "gazetteer_id": f"test:hamlet{i}", "latitude": 14.0 + 0.3 * np.sin(angle),
            "longitude": -3.0 + 0.3 * np.cos(angle), "actor": "OCHRE" if i % 3 else "TEAL",
            "event_date": f"2023-05-{i + 1:02d}", "source": f"note {i}",
        })
    return rows


def _blas_threads() -> list[int]:
    from threadpoolctl import threadpool_info

    return [int(i["num_threads"]) for i in threadpool_info() if i.get("user_api") == "blas"]


def test_blas_runs_on_one_thread_inside_and_is_restored_after() -> None:
    import scipy.spatial  # noqa: F401  # loads the BLAS the estimate uses

    before = _blas_threads()
    if not before:
        pytest.skip("no BLAS library that threadpoolctl can limit")
    with one_blas_thread():
        assert _blas_threads() == [1] * len(before)
    assert _blas_threads() == before


def test_thread_count_restored_when_the_estimate_fails() -> None:
    import scipy.spatial  # noqa: F401

    before = _blas_threads()
    with pytest.raises(RuntimeError), one_blas_thread():
        raise RuntimeError("estimate failed")
    assert _blas_threads() == before


def test_territory_is_the_same_with_one_blas_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    frame = events_frame(_events())
    limited = build_layers(frame).territory()
    assert len(limited)  # the ring gives both sides ground: the comparison means something

    from contextlib import nullcontext

    monkeypatch.setattr(layers_core, "one_blas_thread", nullcontext)
    free = build_layers(frame).territory()
    pd.testing.assert_frame_equal(limited.drop(columns="geometry"),
                                  free.drop(columns="geometry"))
    assert limited.geometry.geom_equals_exact(free.geometry, tolerance=0).all()
