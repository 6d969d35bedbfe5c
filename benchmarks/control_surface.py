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
    args = ap.parse_args(argv)
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
    known = merged[merged["truth"] != "grey"]
    print("reliability of p_RU, all cells (truth RU or UA):")
    print(reliability(known["p_ru"].to_numpy(), (known["truth"] == "RU").to_numpy()))
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
