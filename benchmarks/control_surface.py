"""Control surface against real front lines: ``geomap surface`` vs the nearest-town baseline.

Runs ``geomap surface OBS --cells CELLS -o PRED.csv`` on the DEV window of
``../shared/data/control/`` (the truth's cells and dates; the truth's classes are never read
by geomap), scores it with ``../shared/tools/score_control.py`` and, in the same run, the
nearest-town baseline (each cell takes the latest status, on or before the date, of the
nearest observed town). Prints both tables, both SUMMARY lines, the times of both on
200,000 cell-date rows (the DEV cells on more weekly dates) and a 10-bin reliability table
of ``p_RU`` (predicted probability vs observed share of RU-held cells).

usage: python benchmarks/control_surface.py [--data DIR] [--scorer PATH] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
_TIMING_ROWS = 200_000


def nearest_town(obs: pd.DataFrame, cells: pd.DataFrame) -> pd.DataFrame:
    """Baseline (ii): the latest status (<= date) of the nearest observed town, per cell."""
    from scipy.spatial import cKDTree

    obs = obs.sort_values("date", kind="stable")
    out = np.full(len(cells), "unknown", dtype=object)
    lat0 = np.radians(float(cells["lat"].astype(float).mean()))
    for date in sorted(cells["date"].unique()):
        last = obs[obs["date"] <= date].groupby("place", sort=True).last()
        if last.empty:
            continue
        sel = np.flatnonzero(cells["date"].to_numpy() == date)
        tree = cKDTree(np.column_stack([last["longitude"] * np.cos(lat0), last["latitude"]]))
        sub = cells.iloc[sel]
        _, j = tree.query(np.column_stack([sub["lon"].astype(float) * np.cos(lat0),
                                           sub["lat"].astype(float)]))
        out[sel] = last["actor"].to_numpy(dtype=object)[j]
    pred = cells[["window", "date", "cell_id"]].copy()
    pred["controller"] = out
    return pred


def score(scorer: Path, truth: Path, pred: Path) -> tuple[dict[str, float], str, str]:
    """The scorer's overall metrics, its table and its SUMMARY line."""
    table = subprocess.run([sys.executable, str(scorer), str(truth), str(pred)],
                           capture_output=True, text=True, check=True).stdout
    res = subprocess.run([sys.executable, str(scorer), str(truth), str(pred), "--json"],
                         capture_output=True, text=True, check=True)
    summary = [ln for ln in table.splitlines() if ln.startswith("SUMMARY")]
    return json.loads(res.stdout)["overall"], table, summary[-1] if summary else ""


def reliability(p: np.ndarray, outcome: np.ndarray) -> str:
    """A 10-bin reliability table: predicted p vs observed share."""
    lines = ["  bin          n    mean p   observed"]
    edges = np.linspace(0, 1, 11)
    which = np.clip(np.digitize(p, edges) - 1, 0, 9)
    for b in range(10):
        sel = which == b
        if not sel.any():
            lines.append(f"  {edges[b]:.1f}-{edges[b + 1]:.1f} {0:>8d}       -          -")
            continue
        lines.append(f"  {edges[b]:.1f}-{edges[b + 1]:.1f} {int(sel.sum()):>8d}   "
                     f"{p[sel].mean():.3f}      {outcome[sel].mean():.3f}")
    return "\n".join(lines)


def synthetic_front(seed: int, reported: float = 1.0
                    ) -> tuple[object, np.ndarray, np.ndarray, np.ndarray]:
    """An invented front of known truth: (votes, cell x, cell y, truth side 0/1) of its band.

    A 240 x 240 km square; side 1 holds the ground east of a wavy line. The line has just
    moved 0-25 km west (side 0 advanced, or side 1 fell back: the direction is drawn at
    random). Places are spread at random, one per ~60 km2 (about the spacing of reported
    towns); each reports its holder from before the move. A place the move swept is
    reported taken with chance ``reported`` (else its stale holder stands), a place
    within 3 km of the new line is reported contested with chance 0.3, one report in
    five is a claim. Cells: a 2 km grid, kept within 15 km of the true line.
    """
    from geomap.layers._estimate import Votes

    rng = np.random.default_rng(seed)
    size = 240.0
    amp, wave, phase = rng.uniform(5, 30), rng.uniform(30, 120), rng.uniform(0, 2 * np.pi)
    shift = rng.uniform(0, 25) * rng.choice([-1.0, 1.0])

    def line(y: np.ndarray, moved: bool) -> np.ndarray:
        base = size / 2 + amp * np.sin(y / wave + phase) + 8 * np.sin(y / 17 + 2 * phase)
        return base + (shift if moved else 0.0)

    n = int(size * size / 60)
    x, y = rng.uniform(0, size, n), rng.uniform(0, size, n)
    before = (x > line(y, False)).astype(np.int64)
    now = (x > line(y, True)).astype(np.int64)
    swept = before != now
    told = swept & (rng.random(n) < reported)
    holder = np.where(told, now, before)
    near = np.abs(x - line(y, True)) < 3
    contested = near & (rng.random(n) < 0.3)
    holder = np.where(contested & ~told, -1, holder)
    age = rng.uniform(0, 60, n)
    change_age = np.where(told, rng.uniform(0, 20, n), np.inf)
    prior = np.where(told, before, -1)
    weight = np.where(rng.random(n) < 0.2, 0.5, 1.0)
    votes = Votes(x=x, y=y, region=np.zeros(n, dtype=np.int64), holder=holder,
                  contested=contested, weight=weight, age=age, change_age=change_age,
                  prior=prior)
    gx, gy = np.meshgrid(np.arange(1.0, size, 2.0), np.arange(1.0, size, 2.0))
    cx, cy = gx.ravel(), gy.ravel()
    band = np.abs(cx - line(cy, True)) <= 15
    cx, cy = cx[band], cy[band]
    return votes, cx, cy, (cx > line(cy, True)).astype(np.int64)


def fit_sharpen(seeds: int = 40, reported: float = 1.0) -> tuple[float, str]:
    """The ``sharpen`` power of maximum likelihood on synthetic fronts, and their table.

    With every change reported (``reported`` 1) the probabilities mean: right if the
    evidence is complete. Missed changes call for less (measured: 0.9 -> 1.23, 0.8 -> 1.01).
    """
    from scipy.optimize import minimize_scalar

    from geomap.layers._estimate import SurfaceParams, estimate

    params = SurfaceParams(sharpen=1.0)
    ps, ts = [], []
    for seed in range(seeds):
        votes, cx, cy, truth = synthetic_front(seed, reported)
        est = estimate(votes, cx, cy, np.zeros(len(cx), dtype=np.int64), 2,  # type: ignore[arg-type]
                       params)
        ps.append(est.p[:, 1])
        ts.append(truth)
    p = np.clip(np.concatenate(ps), 1e-6, 1 - 1e-6)
    t = np.concatenate(ts)
    z = np.log(p / (1 - p))

    def loss(a: float) -> float:
        q = np.clip(1 / (1 + np.exp(-a * z)), 1e-12, 1 - 1e-12)
        return float(-np.mean(t * np.log(q) + (1 - t) * np.log(1 - q)))

    best = float(minimize_scalar(loss, bounds=(0.5, 4.0), method="bounded").x)
    sharp = 1 / (1 + np.exp(-best * z))
    return best, (reliability(p, t.astype(bool)) + f"\n  ECE {ece(p, t.astype(bool)):.3f}, "
                  f"after sharpen {best:.2f}: ECE {ece(sharp, t.astype(bool)):.3f}")


def ece(p: np.ndarray, outcome: np.ndarray) -> float:
    """Expected calibration error over 10 equal-width bins (weighted by count)."""
    which = np.clip(np.digitize(p, np.linspace(0, 1, 11)) - 1, 0, 9)
    total = 0.0
    for b in range(10):
        sel = which == b
        if sel.any():
            total += sel.sum() * abs(float(p[sel].mean()) - float(outcome[sel].mean()))
    return total / max(len(p), 1)


def timing_cells(cells: pd.DataFrame) -> pd.DataFrame:
    """About 200,000 cell-date rows: the window's cells on consecutive weekly dates."""
    grid = cells.drop_duplicates("cell_id")[["window", "cell_id", "lat", "lon"]]
    start = pd.Timestamp(cells["date"].min())
    n_dates = -(-_TIMING_ROWS // len(grid))
    frames = []
    for k in range(n_dates):
        day = (start - pd.Timedelta(days=7 * (n_dates - 7)) + pd.Timedelta(days=7 * k))
        frames.append(grid.assign(date=str(day.date())))
    return pd.concat(frames, ignore_index=True)[["window", "date", "cell_id", "lat", "lon"]]


def run_geomap(obs: Path, cells: Path, out: Path) -> float:
    """Run ``geomap surface --cells``; return its wall time in seconds."""
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "geomap", "-q", "surface", str(obs), "--cells",
                    str(cells), "-o", str(out)], check=True, cwd=ROOT)
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    """Score geomap's surface and the nearest-town baseline on the DEV window."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=SHARED / "data" / "control")
    ap.add_argument("--scorer", type=Path, default=SHARED / "tools" / "score_control.py")
    ap.add_argument("--keep", type=Path, help="keep the prediction files in this folder")
    ap.add_argument("--fit-sharpen", action="store_true",
                    help="only fit SurfaceParams.sharpen on synthetic fronts and print it")
    ap.add_argument("--reported", type=float, default=1.0,
                    help="with --fit-sharpen: share of the synthetic changes reported")
    args = ap.parse_args(argv)
    if args.fit_sharpen:
        power, table = fit_sharpen(reported=args.reported)
        print("synthetic fronts (sharpen 1), band cells, p of the east side:")
        print(table)
        print(f"sharpen of maximum likelihood: {power:.2f}")
        return 0
    truth_path = args.data / "truth_dev.csv.gz"
    obs_path = args.data / "observations.csv"
    truth = pd.read_csv(truth_path, dtype={"date": str})
    obs = pd.read_csv(obs_path, dtype={"date": str})
    cells = truth[["window", "date", "cell_id", "lat", "lon"]]
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = args.keep or Path(tmp_name)
        tmp.mkdir(parents=True, exist_ok=True)
        cells.to_csv(tmp / "cells.csv", index=False)
        run_geomap(obs_path, tmp / "cells.csv", tmp / "geomap_raw.csv")
        raw = pd.read_csv(tmp / "geomap_raw.csv", dtype={"date": str})
        pred = raw[["window", "date", "cell_id", "controller"]].copy()
        pred["p_ru"] = raw["p_RU"].clip(0, 1)
        pred.to_csv(tmp / "geomap.csv", index=False)
        base = nearest_town(obs, cells)
        base.to_csv(tmp / "nearest_town.csv", index=False)
        ours, table, summary = score(args.scorer, truth_path, tmp / "geomap.csv")
        theirs, base_table, base_summary = score(args.scorer, truth_path,
                                                 tmp / "nearest_town.csv")
        big = timing_cells(cells)
        big.to_csv(tmp / "cells_200k.csv", index=False)
        t_ours = run_geomap(obs_path, tmp / "cells_200k.csv", tmp / "geomap_200k.csv")
        t0 = time.perf_counter()
        nearest_town(obs, big)
        t_base = time.perf_counter() - t0
    print("== geomap surface ==")
    print(table.rstrip())
    print("== nearest town (same run) ==")
    print(base_table.rstrip())
    merged = truth.merge(pred, on=["window", "date", "cell_id"])
    band = merged[(merged["band15"] == 1) & (merged["truth"] != "grey")]
    print("\nreliability of p_RU, band cells (truth RU or UA):")
    print(reliability(band["p_ru"].to_numpy(), (band["truth"] == "RU").to_numpy()))
    print(f"  ECE {ece(band['p_ru'].to_numpy(), (band['truth'] == 'RU').to_numpy()):.3f}")
    known = merged[merged["truth"] != "grey"]
    print("reliability of p_RU, all cells (truth RU or UA):")
    print(reliability(known["p_ru"].to_numpy(), (known["truth"] == "RU").to_numpy()))
    print(f"  ECE {ece(known['p_ru'].to_numpy(), (known['truth'] == 'RU').to_numpy()):.3f}")
    print(f"\ntiming on {len(big):,} cell-date rows: geomap surface {t_ours:.1f} s "
          f"(whole CLI run), nearest town {t_base:.1f} s")
    keys = ("band_acc", "brier_band", "change_f1", "iou_ru_band")
    print("geomap       " + "  ".join(f"{k} {ours[k]:.3f}" for k in keys))
    print("nearest town " + "  ".join(f"{k} {theirs[k]:.3f}" for k in keys))
    print("nearest town " + base_summary)
    print(summary)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
