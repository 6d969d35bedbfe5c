"""ACLED and UCDP GED in every published layout: vintages, semantics, ids, warnings.

The fixtures in ``tests/data/tables`` follow the published column lists (ACLED's Africa files
before 2019, the 2018 API layout, 2019+ exports, the API's JSON answer; UCDP GED's 49 codebook
columns); their rows are invented.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd
import pytest

from geomap.corpus.inputs import load_inputs
from geomap.sources.tables import read_table

DATA = Path(__file__).parent / "data" / "tables"


def _by_source(name: str) -> pd.DataFrame:
    result = read_table(DATA / name)
    assert result.balanced and result.format == "acled"
    return result.events.assign(rid=result.events["source"].str.extract(r"ACLED:(\w+)")[0]
                                ).set_index("rid")


def test_before_2019_upper_case_day_first() -> None:
    ev = _by_source("acled-2017-upper.csv")
    assert len(ev) == 9
    sirte = ev.loc["620RTA1001"]
    assert (sirte["kind"], sirte["actor"], sirte["previous_actor"]) == (
        "control_change", "GNA", "ISIS")
    assert sirte["event_date"] == "2016-06-12"  # 12/06/2016: ACLED writes the day first
    assert sirte["country"] == "LY"  # from the country name: these files have no ISO column
    assert ev.loc["620RTA1002", "kind"] == "control_change"
    assert ev.loc["620RTA1002", "previous_actor"] == "ISIS"
    assert ev.loc["620RTA1003", "kind"] == "contested"  # Battle-No change of territory
    base = ev.loc["520RTA2001"]
    assert (base["kind"], base["previous_actor"]) == ("held", "")  # a base: no change
    assert base["confidence"] <= 0.6
    for rid in ("520RTA2002", "520RTA2003", "520RTA2004", "520RTA2005"):
        assert ev.loc[rid, "kind"] == "mention", rid
    transfer = ev.loc["520RTA2006"]
    from geomap.actors import ActorSet

    shabaab = ActorSet.default().resolve("Al Shabaab") or "Al Shabaab"  # canonical if known
    assert (transfer["kind"], transfer["previous_actor"], transfer["date_precision"]) == (
        "control_change", shabaab, "week")


def test_a_saved_pandas_index_is_dropped_with_a_note() -> None:
    result = read_table(DATA / "acled-2018-pandas-index.csv")
    assert result.format == "acled" and result.balanced and not len(result.rejected)
    assert len(result.events) == 4
    assert any("unnamed row index" in note for note in result.notes)
    kinds = dict(zip(result.events["place"] + " " + result.events["event_date"],
                     result.events["kind"], strict=True))
    assert kinds == {"Afrin 2018-03-18": "control_change", "Afrin 2018-03-19": "contested",
                     "Al Hudaydah 2018-06-13": "mention", "Taizz 2018-07-02": "control_change"}
    loaded = load_inputs([DATA / "acled-2018-pandas-index.csv"], progress=False)
    assert any("unnamed row index" in note for note in loaded.report.notes)


def test_an_unnamed_column_elsewhere_is_still_refused(tmp_path: Path) -> None:
    from geomap.errors import SchemaError

    path = tmp_path / "gap.csv"
    path.write_text("event_date,,actor1,event_type,latitude,longitude\n"
                    "2020-01-01,x,A,Battles,1,1\n", encoding="utf-8")
    with pytest.raises(SchemaError, match="empty column name"):
        read_table(path)


def test_2020_export_semantics_and_short_dates() -> None:
    ev = _by_source("acled-2020-export.csv")
    assert len(ev) == 10
    assert ev.loc["LBY9001", "event_date"] == "2020-06-04"  # 4-Jun-20
    assert ev.loc["LBY9003", "event_date"] == "2020-05-09"  # 9-May-20
    assert ev.loc["LBY9001", "kind"] == "control_change"
    assert ev.loc["LBY9001", "previous_actor"] == "LNA"
    assert ev.loc["LBY9003", "kind"] == "contested"
    # Shelling, air strikes, attacks on civilians, protests and riots say nothing about who
    # holds a place.
    for rid in ("LBY9005", "LBY9006", "LBY9007", "LBY9008", "LBY9009"):
        assert ev.loc[rid, "kind"] == "mention", rid
    assert (ev.loc["LBY9010", "kind"], ev.loc["LBY9010", "previous_actor"]) == ("held", "")


def test_rows_with_distinct_acled_ids_are_never_merged(tmp_path: Path) -> None:
    from geomap.sources.events import merge_events

    ev = _by_source("acled-2020-export.csv")
    # Same day, place, actors and type: two clashes all the same.
    assert ev.loc["LBY9003", "event_id"] != ev.loc["LBY9004", "event_id"]
    assert len(merge_events(ev.reset_index(drop=True))) == len(ev)
    # The same row exported twice is one event.
    lines = (DATA / "acled-2020-export.csv").read_text(encoding="utf-8").splitlines()
    twice = tmp_path / "twice.csv"
    twice.write_text("\n".join([*lines, lines[3]]) + "\n", encoding="utf-8")
    doubled = read_table(twice).events
    assert len(doubled) == 11 and len(merge_events(doubled)) == 10


def test_a_base_established_is_held_not_a_change(tmp_path: Path) -> None:
    """Headquarters or base established: actor1 holds the place on that date; nobody lost it."""
    from geomap.layers import build_layers

    path = tmp_path / "base.csv"
    path.write_text(
        "event_id_cnty,event_date,event_type,sub_event_type,actor1,actor2,iso,location,"
        "latitude,longitude\n"
        "LBY1,2020-05-15,Strategic developments,Headquarters or base established,"
        "LNA: Libyan National Army,Military Forces of Libya (2016-) Government of National "
        "Accord,434,Tarhuna,32.435,13.633\n", encoding="utf-8")
    result = read_table(path)
    [row] = result.events.to_dict("records")
    assert (row["kind"], row["actor"], row["previous_actor"]) == ("held", "LNA", "")
    assert row["confidence"] <= 0.6
    assert not result.warnings  # a holder is known: not a table without control
    layers = build_layers(result.events)
    assert not len(layers.changes)  # no change of control
    [place] = layers.control_at("2020-05-15").to_dict("records")
    assert (place["status"], place["actor"]) == ("held", "LNA")


def test_api_json_answer() -> None:
    result = read_table(DATA / "acled-api.json")
    assert result.format == "acled" and result.balanced and len(result.events) == 2
    ev = result.events.set_index("event_date")
    assert ev.loc["2023-05-20", "kind"] == "control_change"
    assert ev.loc["2023-05-20", "country"] == "SD"
    assert ev.loc["2023-05-21", "kind"] == "mention"  # an air strike


def test_api_json_rejects_what_is_not_a_record(tmp_path: Path) -> None:
    path = tmp_path / "api.json"
    path.write_text('{"success": true, "data": [{"event_date": "2023-05-20", "actor1": "A", '
                    '"event_type": "Battles", "latitude": "15.6", "longitude": "32.5", '
                    '"country": "Sudan"}, 7]}', encoding="utf-8")
    result = read_table(path)
    assert result.balanced and len(result.events) == 1
    assert result.rejected.iloc[0]["reason"] == "record 2 is not an object"


def test_no_control_change_is_a_warning_naming_the_types(caplog: pytest.LogCaptureFixture
                                                         ) -> None:
    with caplog.at_level(logging.WARNING, logger="geomap"):
        loaded = load_inputs([DATA / "ucdp-ged-codebook.csv"], progress=False)
    [warning] = [w for w in loaded.report.warnings if "0 control changes" in w]
    assert "from 4 rows" in warning and "event types: " in warning
    assert warning in caplog.text
    ok = read_table(DATA / "acled-2020-export.csv")
    assert not ok.warnings


def test_the_warning_names_acled_event_types(tmp_path: Path) -> None:
    lines = (DATA / "acled-2020-export.csv").read_text(encoding="utf-8").splitlines()
    # Only the rows without a territorial event type.
    path = tmp_path / "quiet.csv"
    path.write_text("\n".join([lines[0], *lines[3:10]]) + "\n", encoding="utf-8")
    [warning] = read_table(path).warnings
    assert "0 control changes from 7 rows" in warning
    assert "Armed clash 2" in warning and "Air/drone strike 1" in warning


def test_ucdp_ged_codebook_columns() -> None:
    result = read_table(DATA / "ucdp-ged-codebook.csv")
    assert result.format == "ucdp" and result.balanced and not len(result.rejected)
    ev = result.events.set_index(result.events["source"].str.extract(r":(\d+)")[0])
    boni = ev.loc["310001"]
    assert (boni["kind"], boni["actor"], boni["geo_precision"], boni["date_precision"],
            boni["event_date"]) == ("contested", "FAMA", "point", "day",  # Mali's army
                                    "2021-02-10")
    assert (ev.loc["310002", "geo_precision"], ev.loc["310002", "date_precision"]) == (
        "town", "week")
    assert not ev.loc["310002", "confirmed"]  # event_clarity 2
    assert (ev.loc["310003", "kind"], ev.loc["310003", "geo_precision"]) == ("mention", "region")
    assert (ev.loc["310004", "geo_precision"], ev.loc["310004", "date_precision"]) == (
        "country", "unknown")
    assert ev.loc["310004", "confidence"] < ev.loc["310001", "confidence"]
