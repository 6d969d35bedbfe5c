"""control_at against a brute-force reading of random timelines, and explore()."""

from __future__ import annotations

import numpy as np
import pytest

from geomap.layers import build_layers
from geomap.schema import events_frame

ACTORS = ["RED", "BLUE", "GREEN"]


def _brute_force(changes: list[tuple[int, str, str]], t: int) -> tuple[str, str]:
    """(status, actor) on day ``t`` from confirmed day-precision changes (day, actor, prev)."""
    if not changes:
        return "unknown", ""
    first = min(changes, key=lambda c: c[0])
    past = [c for c in changes if c[0] <= t]
    if not past:
        day_one = [c for c in changes if c[0] == first[0]]
        prevs = {c[2] for c in day_one if c[2]}
        if len(prevs) == 1 and not all(c[1] in prevs for c in day_one):
            return "held", prevs.pop()
        return "unknown", ""
    last_day = max(c[0] for c in past)
    actors = {c[1] for c in past if c[0] == last_day}
    if len(actors) > 1:
        return "contested", ""
    return "held", actors.pop()


@pytest.mark.parametrize("seed", range(12))
def test_control_at_matches_brute_force(seed: int) -> None:
    rng = np.random.default_rng(seed)
    records = []
    truth: dict[str, list[tuple[int, str, str]]] = {}
    for p in range(6):
        name = f"Place {p}"
        truth[name] = []
        for _ in range(int(rng.integers(1, 7))):
            day = int(rng.integers(1, 25))
            actor = ACTORS[int(rng.integers(0, 3))]
            prev = ["", *ACTORS][int(rng.integers(0, 4))]
            truth[name].append((day, actor, prev))
            records.append({"kind": "control_change", "location": name, "country": "ML",
                            "latitude": 14.0 + p * 0.3, "longitude": -4.0 + p * 0.2,
                            "actor": actor, "previous_actor": prev,
                            "event_date": f"2022-03-{day:02d}"})
    order = rng.permutation(len(records))  # input order must not matter ...
    # ... except between same-day reports, which the brute force does not order either.
    layers = build_layers(events_frame([records[i] for i in order]))
    for t in range(0, 27):
        frame = layers.control_at(f"2022-03-{max(t, 1):02d}" if t else "2022-02-28")
        got = dict(zip(frame["location"], zip(frame["status"], frame["actor"], strict=True),
                       strict=True))
        for name, changes in truth.items():
            expected = _brute_force(changes, t)
            assert got[name] == expected, (seed, t, name, sorted(changes))


def test_explore_draws_with_the_renderer() -> None:
    layers = build_layers(events_frame([
        {"kind": "control_change", "location": "Low Ford", "country": "ML", "latitude": 14.35,
         "longitude": -3.6, "actor": "OCHRE", "event_date": "2023-04-02"},
    ]))
    m = layers.explore(title="test")
    html_text = m.get_root().render()
    assert "Low Ford" in html_text
