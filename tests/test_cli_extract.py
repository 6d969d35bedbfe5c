"""``geomap extract``: outputs, files beside the output, exit codes, progress bar at scale."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import geomap.corpus.inputs
from geomap.cli import main
from geomap.sources.events import read_events

DATA = Path(__file__).parent / "data" / "tables"
SUMMARY = re.compile(r"extract: documents=(\d+) rows=(\d+); seen=(\d+) = events=(\d+) \+ "
                     r"unresolved=(\d+) \+ rejected=(\d+); merged_events=(\d+)")

#: (town, country, actor phrase, canonical actor) for the synthetic corpus.
_TOWNS = (
    ("Gharyan", "GNA forces", "GNA"), ("Tarhuna", "Haftar's forces", "LNA"),
    ("Sirte", "LNA fighters", "LNA"), ("Misrata", "GNA troops", "GNA"),
    ("Sabratha", "government forces", "GNA"), ("Bani Walid", "the LNA", "LNA"),
)
_VERBS = ("took control of", "captured", "seized", "retook")


def _corpus(folder: Path, n: int) -> Path:
    folder.mkdir()
    for i in range(n):
        town, phrase, _ = _TOWNS[i % len(_TOWNS)]
        day = 1 + (i // len(_TOWNS)) % 28
        verb = _VERBS[i % len(_VERBS)]
        (folder / f"a{i:04d}.txt").write_text(
            f"date 2020-06-{day:02d}\n{phrase.capitalize()} {verb} {town} on 2020-05-{day:02d}, "
            f"local officials said.\n", encoding="utf-8")
    return folder


def test_thousand_articles_progress_and_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    docs = _corpus(tmp_path / "docs", 1000)
    monkeypatch.setattr(geomap.corpus.inputs, "_is_tty", lambda: True)  # as on a terminal
    out = tmp_path / "out" / "events.parquet"
    assert main(["extract", str(docs), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "1000/1000" in err  # tqdm's bar
    match = SUMMARY.search(err)
    assert match, err
    documents, _rows, seen, events, unresolved, rejected, merged = map(int, match.groups())
    assert documents == 1000
    assert seen == events + unresolved + rejected
    assert events >= 900  # nearly every article states one change
    # Six towns x 28 days (x two dates at most: stated or dateline): repeats merge.
    assert merged <= len(_TOWNS) * 28 * 2 and merged * 4 <= events
    frame = read_events(out)
    assert len(frame) == merged
    assert int(frame["n_reports"].sum()) == events
    report = json.loads((tmp_path / "out" / "events.parquet.report.json").read_text())
    assert report["balanced"] and report["documents"] == 1000


def test_no_progress_bar_off_terminal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    docs = _corpus(tmp_path / "docs", 12)
    assert main(["extract", str(docs), "-o", str(tmp_path / "e.csv")]) == 0
    err = capsys.readouterr().err
    assert "doc/s" not in err and SUMMARY.search(err)


def test_default_is_json_lines_on_stdout(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "geomap", "extract", str(DATA / "acled.csv"), "-q"],
        capture_output=True, text=True, check=False, cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == 7
    # The fixture's "Headquarters or base established" row is a status report (held).
    assert {json.loads(line)["kind"] for line in lines} == {"control_change", "contested",
                                                            "held", "mention"}
    assert SUMMARY.search(proc.stderr)
    assert list(tmp_path.iterdir()) == []  # nothing written without -o


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".geojson", ".parquet"])
def test_outputs_beside(tmp_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / f"events{suffix}"
    assert main(["extract", str(DATA / "analyst-malformed.csv"), str(DATA / "acled.csv"),
                 "-o", str(out)]) == 0
    err = capsys.readouterr().err.strip().splitlines()
    assert SUMMARY.search(err[-1]) and err[-1].endswith(f"wrote {out}")
    events = read_events(out)
    assert len(events) == 8
    rejected = pd.read_csv(tmp_path / f"events{suffix}.rejected.csv", keep_default_na=False)
    assert list(rejected.columns) == ["source", "line", "column", "value", "reason"]
    assert list(rejected["line"]) == [2, 3, 4, 5, 6, 9]
    unresolved = pd.read_csv(tmp_path / f"events{suffix}.unresolved.csv", keep_default_na=False)
    assert list(unresolved["place"]) == ["Zzyzx Qwerty Nowhere"]
    report = json.loads((tmp_path / f"events{suffix}.report.json").read_text())
    assert report["command"] == "extract" and report["balanced"]
    assert report["rows"] == 15 and len(report["rejected"]) == 6


def test_rejects_file_neutralises_formulas(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("date,place,actor\n=1+1,Tarhuna,GNA\n", encoding="utf-8")
    assert main(["extract", str(table), "-o", str(tmp_path / "e.csv")]) == 0
    text = (tmp_path / "e.csv.rejected.csv").read_text(encoding="utf-8")
    assert ",'=1+1," in text


@pytest.mark.parametrize("argv, message", [
    (["extract", "{tmp}/missing.csv"], "no such file or folder"),
    (["extract", "{data}/unknown-format.csv"], "unknown table format"),
    (["extract", "{data}/acled.csv", "-o", "{tmp}/x.xlsx"], "-o must end in"),
    (["extract", "{data}/acled.csv", "--date", "5 June"], "--date must be a date"),
    (["extract", "{tmp}/latin1.csv"], "not UTF-8"),
    (["extract", "{data}/acled.csv", "--actors", "{tmp}/none.yaml"], "no such actor set"),
])
def test_bad_input_exits_2_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                         argv: list[str], message: str) -> None:
    (tmp_path / "latin1.csv").write_bytes("date,place,actor\n2020-01-01,Gar\xe9an,GNA\n"
                                          .encode("latin-1"))
    args = [a.format(tmp=tmp_path, data=DATA) for a in argv]
    assert main(args) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("geomap: error: ") and message in err[0]


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["extract"])
    assert exc.value.code == 2
