"""Front lines are drawn only where two sides' territories meet with some confidence on both.

Grids and events here are invented for these tests (places on a line at 14.0 N in Sudan,
0.1 degree of longitude there is about 10.8 km).
"""

from __future__ import annotations

import numpy as np
import pytest

from geomap.layers import build_layers
from geomap.layers._cells import Plane
from geomap.layers.territory import FRONT_CONFIDENCE, fronts

_CELL = 2.0


def _grid(cols: int = 20, rows: int = 10) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Square centres of ``cols x rows`` cells; the west half is ``West``'s, the east ``East``'s."""
    gx, gy = np.meshgrid(np.arange(cols), np.arange(rows))
    cx, cy = (gx.ravel() + 0.5) * _CELL, (gy.ravel() + 0.5) * _CELL
    names = np.where(gx.ravel() < cols // 2, "West", "East").astype(object)
    return cx, cy, names


def _length(cx: np.ndarray, cy: np.ndarray, names: np.ndarray,
            conf: np.ndarray | None) -> float:
    out = fronts(Plane(30.0, 14.0), cx, cy, _CELL, names, conf)
    return float(out["length_km"].sum())


def test_two_sure_sides_meet_in_a_front_even_where_the_edge_squares_are_unsure() -> None:
    cx, cy, names = _grid()
    conf = np.full(len(cx), 0.9)
    # Right at the contact the probabilities cross: the two columns there are unsure.
    conf[np.abs(cx - 20.0) < 2.0] = 0.52
    assert 18.0 < _length(cx, cy, names, conf) < 22.0


def test_a_faint_side_meets_no_front() -> None:
    cx, cy, names = _grid()
    conf = np.where(names == "West", 0.95, FRONT_CONFIDENCE - 0.2)
    assert _length(cx, cy, names, conf) == 0.0
    # Without confidences every edge between two controllers is a front.
    assert _length(cx, cy, names, None) > 18.0


def test_a_side_sure_only_far_from_the_edge_meets_no_front() -> None:
    cx, cy, names = _grid(cols=30)
    conf = np.where(names == "West", 0.95, 0.5)
    conf[(names == "East") & (cx > 30.0 + 12.0)] = 0.95  # sure, but 12 km and more away
    assert _length(cx, cy, names, conf) == 0.0
    conf[(names == "East") & (cx > 30.0 + 4.0)] = 0.95  # sure 4 km from the edge
    assert _length(cx, cy, names, conf) > 18.0


def test_the_map_fronts_leave_out_contacts_with_faintly_known_ground(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The own-words Syria notes: five sides, some known only faintly far from their towns."""
    from conflicts import conflict_events

    import geomap.layers.territory as terr

    seen: list[tuple[float, float]] = []
    real = terr.fronts

    def spy(plane, cx, cy, cell_km, controller, confidence=None, **kw):  # type: ignore[no-untyped-def]
        assert confidence is not None  # the surface passes its confidences
        ruled = real(plane, cx, cy, cell_km, controller, confidence, **kw)
        every = real(plane, cx, cy, cell_km, controller)
        seen.append((float(ruled["length_km"].sum()), float(every["length_km"].sum())))
        return ruled

    monkeypatch.setattr(terr, "fronts", spy)
    drawn = build_layers(conflict_events("syria")).fronts
    assert seen and not drawn.empty
    ruled, every = seen[-1]
    assert 0 < ruled < 0.8 * every
