"""Frictions a newcomer met on a fresh clone (second audit): dataset folders counted as read,
tables with ``--jobs``, a clear error for a missing column, a summary line in correct English
that stays parseable."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from geomap.cli import main
from geomap.errors import SchemaError
from geomap.runreport import RunReport, summary_line

#: Every count of a summary line.
COUNTS = re.compile(r"(\w+)=(\d+)")

#: An analyst table in own words, with coordinates so that no gazetteer lookup is needed.
ANALYST = (
    "date,place,actor,latitude,longitude,country\n"
    "2022-04-03,Tamarind Ford,Northern Alliance,12.51,30.12,SD\n"
    "2022-04-09,Lowgate,Coastal Front,12.83,30.48,SD\n"
    "2022-04-15,Tamarind Ford,Coastal Front,12.51,30.12,SD\n"
)


def _counts(err: str, command: str) -> dict[str, int]:
    line = next(x for x in err.splitlines() if x.startswith(f"{command}: documents="))
    return {k: int(v) for k, v in COUNTS.findall(line)}


def _table(tmp_path: Path, name: str = "desk-log.csv", text: str = ANALYST) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _events_dataset(tmp_path: Path) -> tuple[Path, int]:
    """A partitioned events dataset as ``geomap extract -o FOLDER`` writes it."""
    from geomap.corpus.engine import write_partitioned
    from geomap.schema import events_frame

    rows = [
        {"kind": "control_change", "event_date": "2021-09-0" + str(day), "actor": actor,
         "place": place, "location": place, "country": "ML", "latitude": lat,
         "longitude": 1.5, "source": f"desk-{day}", "evidence": "written for this test"}
        for day, actor, place, lat in ((2, "Army", "Kessa", 14.1), (4, "Rebels", "Dorou", 14.6),
                                       (6, "Army", "Dorou", 14.6), (7, "Rebels", "Semba", 15.2),
                                       (8, "Army", "Kessa", 14.1))
    ]
    root = tmp_path / "events"
    write_partitioned(events_frame(rows), root)
    side = pd.DataFrame([{"place": "Qqzorbay", "source": "desk-9", "evidence": "x",
                          "reason": "not in gazetteer", "candidates": ""}])
    side.to_parquet(tmp_path / "events.unresolved.parquet", index=False)
    return root, len(rows)


def test_summary_line_is_key_value_for_one_document_as_for_many() -> None:
    one = RunReport(command="extract", documents=1, rows=1, seen=1, events=1, merged_events=1)
    line = one.summary()
    assert "1 documents" not in line and "1 events" not in line
    assert line.startswith("extract: documents=1 rows=1; seen=1 = events=1 + unresolved=0")
    many = RunReport(command="map", documents=7, rows=0, seen=9, events=6, merged_events=4,
                     unresolved=[{}], rejected=[{}, {}])
    counts = {k: int(v) for k, v in COUNTS.findall(many.summary())}
    assert counts == {"documents": 7, "rows": 0, "seen": 9, "events": 6, "unresolved": 1,
                      "rejected": 2, "merged_events": 4}
    assert counts["seen"] == counts["events"] + counts["unresolved"] + counts["rejected"]


def test_summary_line_leaves_out_an_unknown_merged_count_and_adds_tail_counts() -> None:
    line = summary_line("layers", documents=0, rows=5, seen=5, events=5, unresolved=0,
                        rejected=0, merged_events=None, detail="engine=local, jobs=1",
                        tail={"failures": 0, "places": 3})
    assert "merged_events" not in line
    assert line.endswith("; failures=0; places=3")
    assert "(engine=local, jobs=1)" in line


def test_layers_of_a_dataset_folder_counts_its_rows(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    root, n = _events_dataset(tmp_path)
    out = tmp_path / "out" / "layers.gpkg"
    assert main(["layers", str(root), "-o", str(out)]) == 0
    counts = _counts(capsys.readouterr().err, "layers")
    # Its rows are read and seen, and the unresolved mention written beside it too.
    assert counts["rows"] == n and counts["events"] == n
    assert counts["unresolved"] == 1 and counts["seen"] == n + 1
    report = json.loads((tmp_path / "out" / "layers.gpkg.report.json").read_text())
    assert report["balanced"] and report["rows"] == n
    assert report["layers"]["rows"]["unresolved"] == 1


def test_map_of_a_dataset_folder_maps_its_events(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    root, n = _events_dataset(tmp_path)
    out = tmp_path / "m.csv"
    assert main(["extract", str(root), "-o", str(out)]) == 0
    counts = _counts(capsys.readouterr().err, "extract")
    assert counts["rows"] == n and counts["merged_events"] == n
    assert len(pd.read_csv(out)) == n


@pytest.mark.parametrize("options", [[], ["--jobs", "2"]])
def test_extract_reads_a_table_with_or_without_jobs(tmp_path: Path, options: list[str],
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    table = _table(tmp_path)
    out = tmp_path / "events.csv"
    assert main(["extract", str(table), "-o", str(out), *options]) == 0
    counts = _counts(capsys.readouterr().err, "extract")
    assert counts["rows"] == 3 and counts["events"] == 3
    frame = pd.read_csv(out)
    assert sorted(frame["place"]) == ["Lowgate", "Tamarind Ford", "Tamarind Ford"]


def test_extract_with_jobs_writes_a_table_into_a_dataset_folder(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = _table(tmp_path)
    out = tmp_path / "dataset"
    assert main(["extract", str(table), "-o", str(out), "--jobs", "2"]) == 0
    assert any(p.name.startswith("year=") for p in out.iterdir())
    assert (tmp_path / "dataset.unresolved.parquet").is_file()
    capsys.readouterr()
    # ... which layers read back, every row counted.
    assert main(["layers", str(out), "-o", str(tmp_path / "l.geojson")]) == 0
    assert _counts(capsys.readouterr().err, "layers")["rows"] == 3


def test_layers_with_jobs_reads_a_table(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    table = _table(tmp_path)
    out = tmp_path / "l.gpkg"
    assert main(["layers", str(table), "-o", str(out), "--jobs", "2"]) == 0
    counts = _counts(capsys.readouterr().err, "layers")
    assert counts["rows"] == 3 and counts["places"] == 2


def test_corpus_options_read_tables_inside_a_folder(tmp_path: Path) -> None:
    from geomap.cli._corpus import split_inputs

    folder = tmp_path / "desk"
    folder.mkdir()
    _table(folder)
    (folder / "note.txt").write_text("date 2022-04-20\nNothing moved today.\n", encoding="utf-8")
    (folder / "meta.json").write_text("{}", encoding="utf-8")
    plain = tmp_path / "only-articles"
    plain.mkdir()
    (plain / "a.txt").write_text("Quiet day.\n", encoding="utf-8")
    inputs = split_inputs([str(folder), str(plain)])
    assert inputs.tables == [str(folder / "desk-log.csv")]
    # A folder without tables is streamed whole; one with tables is listed file by file.
    assert inputs.articles == [str(folder / "note.txt"), str(plain)]
    assert inputs.datasets == []


@pytest.mark.parametrize(("header", "missing", "label"), [
    ("date,place", "missing column(s): actor", "an analyst table"),
    ("Date,Location,Actor", "missing column(s): place", "an analyst table"),
    ("event_date,actor1,latitude,longitude", "missing column(s): sub_event_type or event_type",
     "an ACLED export"),
    ("side_a,latitude,longitude,country", "missing column(s): date_start", "a UCDP GED table"),
    ("kind,location,latitude,longitude", "missing column(s): event_date", "geomap's schema"),
])
def test_a_missing_column_is_named_with_the_format_it_resembles(
        tmp_path: Path, header: str, missing: str, label: str) -> None:
    from geomap.sources.tables import read_table

    path = _table(tmp_path, "t.csv", header + "\n" + ",".join(["x"] * header.count(",")) + ",y\n")
    with pytest.raises(SchemaError) as info:
        read_table(path)
    message = str(info.value)
    assert missing in message and f"looks like {label}" in message
    assert "unknown table format" not in message


@pytest.mark.parametrize("header", ["when,where,who", "latitude,longitude,name", "id,notes"])
def test_a_header_like_no_format_stays_unknown(tmp_path: Path, header: str) -> None:
    from geomap.sources.tables import read_table

    path = _table(tmp_path, "t.csv", header + "\n1,2" + ",3" * (header.count(",") - 1) + "\n")
    with pytest.raises(SchemaError, match="unknown table format"):
        read_table(path)


def test_cli_names_the_missing_column(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _table(tmp_path, "no-actor.csv", "date,place\n2022-04-03,Tamarind Ford\n")
    assert main(["extract", str(path)]) == 2
    err = capsys.readouterr().err
    assert "no-actor.csv:1: missing column(s): actor" in err
    assert "needs date, place, actor" in err


def test_table_summary_says_one_event(tmp_path: Path) -> None:
    from geomap.sources.tables import read_table

    one = _table(tmp_path, "one.csv", "\n".join(ANALYST.splitlines()[:2]) + "\n")
    assert read_table(one).summary().endswith(": 1 event, 0 unresolved, 0 rejected")
    assert ": 3 events," in read_table(_table(tmp_path)).summary()


def test_readme_shows_the_summary_form_the_commands_print() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    example = summary_line("extract", documents=1, rows=0, seen=3, events=2, unresolved=1,
                           rejected=0, merged_events=2)
    assert f"`{example}`" in readme


def test_a_folder_with_one_unreadable_table_maps_the_rest(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "desk"
    folder.mkdir()
    _table(folder)
    (folder / "blank.csv").write_text("", encoding="utf-8")
    (folder / "odd.csv").write_text("when,where\n2022-01-01,somewhere\n", encoding="utf-8")
    for options in ([], ["--jobs", "2"]):
        out = tmp_path / f"e{len(options)}.csv"
        assert main(["extract", str(folder), "-o", str(out), *options]) == 0
        counts = _counts(capsys.readouterr().err, "extract")
        assert counts["events"] == 3 and counts["rejected"] == 2, options
        rejected = pd.read_csv(out.with_name(out.name + ".rejected.csv"))
        assert sorted(rejected["value"]) == ["blank.csv", "odd.csv"]
        assert any("empty file" in r for r in rejected["reason"])
    # Named on the command line, the same file is an error (the user chose it).
    assert main(["extract", str(folder / "blank.csv"), str(folder / "desk-log.csv")]) == 2
    assert "blank.csv:1: empty file" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["2023-02-30", "2023-13-01", "23-1-2"])
def test_a_date_option_must_be_a_calendar_day(value: str, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    table = _table(tmp_path)
    assert main(["map", str(table), "--at", value, "-o", str(tmp_path / "m.html")]) == 2
    assert f"--at must be a date YYYY-MM-DD, got '{value}'" in capsys.readouterr().err
    assert not (tmp_path / "m.html").exists()


def test_report_suffix_error_names_the_format(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    table = _table(tmp_path)
    assert main(["report", str(table), "--format", "md", "-o", str(tmp_path / "r.html")]) == 2
    assert "--output of a Markdown report must end in .md" in capsys.readouterr().err


@pytest.mark.parametrize("options", [[], ["--jobs", "2"]])
def test_extract_writes_a_geopackage_with_or_without_jobs(
        tmp_path: Path, options: list[str]) -> None:
    out = tmp_path / "events.gpkg"
    assert main(["-q", "extract", str(_table(tmp_path)), "-o", str(out), *options]) == 0
    import pyogrio

    assert pyogrio.read_info(out)["features"] == 3


def test_a_streamed_dataset_summary_shows_no_merged_count(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "note.txt"
    article.write_text("date 2022-05-06\nArmy units retook the town of Kassala on Thursday, "
                       "a regional official said.\n", encoding="utf-8")
    assert main(["extract", str(article), "--jobs", "2", "-o", str(tmp_path / "ds")]) == 0
    counts = _counts(capsys.readouterr().err, "extract")
    assert counts["documents"] == 1 and "merged_events" not in counts


def test_surface_reads_a_dataset_folder_whole(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    root, n = _events_dataset(tmp_path)
    out = tmp_path / "terr.geojson"
    assert main(["surface", str(root), "--at", "2021-09-08", "-o", str(out)]) == 0
    counts = _counts(capsys.readouterr().err, "surface")
    assert counts["rows"] == n and counts["unresolved"] == 1 and counts["cells"] > 0
    report = json.loads((tmp_path / "terr.geojson.report.json").read_text())
    assert report["balanced"] and report["surface"]["controllers"]
