"""Where the control surface puts the line between opposing places (invented Sudan events).

Every event here is written for these tests. Places lie on a west-east line at 15.0 N; 0.1
degree of longitude there is about 10.7 km.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geomap.layers import build_layers
from geomap.layers._timeline import parse_day
from geomap.layers.surface import SurfaceParams
from geomap.schema import events_frame


def _line(*rows: tuple[str, float, str, str, str]) -> pd.DataFrame:
    """Events at 15.0 N in Sudan: (name, lon, actor, date, previous actor)."""
    return events_frame([
        {"kind": "control_change", "place": n, "location": n, "country": "SD",
         "latitude": 15.0, "longitude": lon, "actor": a, "previous_actor": p,
         "event_date": d, "confirmed": True,
         "evidence": f"Invented report: {a} at {n}.", "source": "test-surface-front"}
        for n, lon, a, d, p in rows])


def _p_at(layers: object, date: str, lon: float, actor: str) -> float:
    cells = pd.DataFrame({"lat": [15.0], "lon": [lon], "cell_id": ["probe"]})
    frame = layers.surface(date, cells=cells)  # type: ignore[attr-defined]
    return float(frame[f"p_{actor}"].iloc[0])


_HOME = [("Lambda", 32.0, "SAF", "2023-10-01", ""), ("Mu", 32.4, "RSF", "2023-10-01", "")]
_FIGHT = [("Lambda", 32.0, "Gray zone", "2023-11-01", ""),
          ("Lambda", 32.0, "SAF", "2023-12-01", "")]


def test_a_decided_fight_starts_the_holders_run() -> None:
    # Lambda was fought over in November and SAF still held it in December: SAF's run at
    # Lambda starts on the December report, like a capture; Mu, listed once, has no start.
    layers = build_layers(_line(*_HOME, *_FIGHT))
    model = layers.surface_model
    snap = model.log.at(parse_day("2024-01-10"))
    ages = sorted(snap.change_age.tolist())
    assert len(ages) == 2
    assert ages[0] == parse_day("2024-01-10") - parse_day("2023-12-01")
    assert np.isinf(ages[1])


def test_a_place_won_in_a_fight_reaches_less_than_home_ground() -> None:
    # With no fight, the point 22 km east of Lambda (21 km short of Mu) is nearer Mu and goes
    # to RSF only narrowly; after the fight at Lambda, Lambda marks a front and reaches less,
    # so the same point leans clearly to RSF, while Lambda's own ground stays SAF's.
    quiet = build_layers(_line(*_HOME))
    fought = build_layers(_line(*_HOME, *_FIGHT))
    probe = 32.205
    assert _p_at(fought, "2024-01-10", probe, "RSF") > _p_at(quiet, "2024-01-10", probe, "RSF")
    assert _p_at(fought, "2024-01-10", probe, "RSF") > 0.8
    assert _p_at(fought, "2024-01-10", 32.03, "SAF") > 0.5


def test_an_old_capture_still_marks_where_the_advance_stopped() -> None:
    # RSF took Delta from SAF a year ago; SAF has held Gamma, 40 km west, with no change.
    # 23 km east of Gamma (17 km short of Delta) is still SAF's: the line stays near the
    # farthest capture. Letting the capture's reach recover (front_days 90) moves the line
    # back to the bisector and hands the point to RSF.
    events = _line(("Gamma", 32.0, "SAF", "2022-10-01", ""),
                   ("Delta", 32.37, "SAF", "2022-10-01", ""),
                   ("Delta", 32.37, "RSF", "2023-01-20", "SAF"))
    assert _p_at(build_layers(events), "2024-01-22", 32.215, "SAF") > 0.5
    recovering = build_layers(events, surface=SurfaceParams(front_days=90.0))
    assert _p_at(recovering, "2024-01-22", 32.215, "RSF") > 0.5


def test_several_places_of_one_side_outweigh_one_a_little_nearer() -> None:
    # SAF holds three villages 12-13 km west of the probe, RSF one 7 km east of it. With the
    # soft minimum on the scale of place spacing (default) the three together carry the
    # probe; with a nearly hard minimum (pool_km 1) the single nearer RSF place does.
    west, east = 32.0 - 12 / 107.5, 32.0 + 7 / 107.5
    rows = [("Nu", 15.0, west, "SAF"), ("Xi", 15.05, west, "SAF"), ("Omicron", 14.95, west, "SAF"),
            ("Pi", 15.0, east, "RSF")]
    events = events_frame([
        {"kind": "held", "place": n, "location": n, "country": "SD", "latitude": la,
         "longitude": lo, "actor": a, "previous_actor": "", "event_date": "2024-03-01",
         "confirmed": True, "evidence": f"Invented report: {a} holds {n}.",
         "source": "test-surface-front"} for n, la, lo, a in rows])
    pooled = build_layers(events, surface=SurfaceParams(between_weight=0.0))
    assert _p_at(pooled, "2024-03-05", 32.0, "SAF") > 0.5
    hard = build_layers(events, surface=SurfaceParams(between_weight=0.0, pool_km=1.0))
    assert _p_at(hard, "2024-03-05", 32.0, "RSF") > 0.5


def test_evidence_does_not_reach_past_a_place_being_fought_over() -> None:
    # SAF holds Tau 13 km north of the probe, RSF holds Upsilon 16 km south of it, and
    # Phi, 6 km north of the probe on the way to Tau, is reported fought over (no holder
    # named). Tau's word stops at that front: the probe leans to RSF. Without that rule
    # (behind_reach 1) the nearer SAF town carries it.
    def row(name: str, lat: float, actor: str) -> dict[str, object]:
        return {"kind": "control_change", "place": name, "location": name, "country": "SD",
                "latitude": lat, "longitude": 32.0, "actor": actor, "previous_actor": "",
                "event_date": "2024-04-01", "confirmed": True,
                "evidence": f"Invented report: {actor} at {name}.",
                "source": "test-surface-front"}

    events = events_frame([row("Tau", 15.0 + 13 / 110.6, "SAF"),
                           row("Upsilon", 15.0 - 16 / 110.6, "RSF"),
                           row("Phi", 15.0 + 6 / 110.6, "Gray zone")])
    assert _p_at(build_layers(events), "2024-04-03", 32.0, "RSF") > 0.5
    open_ground = build_layers(events, surface=SurfaceParams(behind_reach=1.0))
    assert _p_at(open_ground, "2024-04-03", 32.0, "SAF") > 0.5


def test_a_place_fought_over_with_no_holder_is_the_pushed_back_sides() -> None:
    # RSF took Chi from SAF; Psi, 13 km east of Chi, is reported fought over and nobody has
    # ever been named holding it; SAF's next town, Omega, lies 40 km further east. RSF is
    # the attacker here, so Psi is still SAF's, and so is the ground 2 km short of it. With
    # the rule off (attacked_km 0) Psi says nothing there and Chi's side takes it.
    events = _line(("Chi", 32.0, "SAF", "2024-01-01", ""),
                   ("Omega", 32.5, "SAF", "2024-01-01", ""),
                   ("Chi", 32.0, "RSF", "2024-05-01", "SAF"),
                   ("Psi", 32.12, "Gray zone", "2024-05-10", ""))
    layers = build_layers(events)
    snap = layers.surface_model.log.at(parse_day("2024-05-12"))
    saf = layers.surface_model.actors.index("SAF")
    assert saf in snap.prior.tolist()  # Chi was taken from SAF
    assert _p_at(layers, "2024-05-12", 32.10, "SAF") > 0.5
    off = build_layers(events, surface=SurfaceParams(attacked_km=0.0))
    assert _p_at(off, "2024-05-12", 32.10, "RSF") > 0.5


def test_a_taken_place_says_little_about_the_ground_ahead_of_the_advance() -> None:
    # SAF held Rho and Sigma in the west and took Tau, 20 km east of Sigma, from RSF; RSF's
    # next town, Upsilon, is 36 km east of Tau. SAF came from the west, so the point 11 km
    # east of Tau, straight ahead, is still RSF's, while the point 10 km west of Tau, behind
    # it, is SAF's. Without the rule (beyond 0, the default: the other rules cut the same
    # ground where more places stand around) SAF's capture carries the ground ahead.
    events = _line(("Rho", 31.6, "SAF", "2024-01-01", ""),
                   ("Sigma", 31.8, "SAF", "2024-01-01", ""),
                   ("Tau", 32.0, "RSF", "2024-01-01", ""),
                   ("Upsilon", 32.34, "RSF", "2024-01-01", ""),
                   ("Tau", 32.0, "SAF", "2024-06-01", "RSF"))
    layers = build_layers(events, surface=SurfaceParams(beyond=0.8))
    assert _p_at(layers, "2024-06-03", 32.10, "RSF") > 0.5
    assert _p_at(layers, "2024-06-03", 31.91, "SAF") > 0.5
    flat = build_layers(events, surface=SurfaceParams(beyond=0.0))
    assert _p_at(flat, "2024-06-03", 32.10, "SAF") > 0.5
