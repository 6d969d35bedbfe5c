"""Second newcomer audit, table readers: a state's forces as ACLED and UCDP name them resolve
to the actor sets' ids, a table that is not UTF-8 says what to do, an empty article is
counted in the 'no events' warning."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from geomap.errors import InputError
from geomap.sources.tables import read_table
from geomap.sources.tables._values import state_forces_variants


@pytest.mark.parametrize(("name", "variants"), [
    ("Military Forces of Sudan (2019-)", ["Sudan's army", "Sudan's military"]),
    ("Government of Myanmar (Burma)", ["Myanmar's army", "Myanmar's military"]),
    ("Government of Ukraine", ["Ukraine's army", "Ukraine's military"]),
    ("Rapid Support Forces", []),
    ("Police Forces of Sudan (2019-)", []),  # the police are not the army
    ("Military Forces of Sudan (2019-) Some Brigade", []),  # a unit, not the state's forces
])
def test_state_forces_variants(name: str, variants: list[str]) -> None:
    assert state_forces_variants(name) == variants


def test_acled_names_of_a_state_army_resolve(tmp_path: Path) -> None:
    path = tmp_path / "acled-made-up.csv"
    path.write_text(
        "event_id_cnty,event_date,event_type,sub_event_type,actor1,actor2,country,location,"
        "latitude,longitude\n"
        "XSD1,2023-12-01,Battles,Government regains territory,Military Forces of Sudan (2019-),"
        "Rapid Support Forces,Sudan,Made-up Wells,13.1,30.2\n"
        "XSD2,2023-12-04,Battles,Non-state actor overtakes territory,Rapid Support Forces,"
        "Military Forces of Sudan (2019-),Sudan,Made-up Wells,13.1,30.2\n",
        encoding="utf-8")
    events = read_table(path).events.sort_values("event_date")
    assert list(events["actor"]) == ["SAF", "RSF"]
    assert list(events["previous_actor"]) == ["RSF", "SAF"]


def _ged_actors(tmp_path: Path, *rows: str) -> list[str]:
    """The actors of a made-up UCDP GED table of ``rows``, by date."""
    path = tmp_path / "ged-made-up.csv"
    path.write_text(
        "id,type_of_violence,side_a,date_start,date_end,date_prec,where_prec,latitude,"
        "longitude,country,where_coordinates\n" + "".join(r + "\n" for r in rows),
        encoding="utf-8")
    return list(read_table(path).events.sort_values("event_date")["actor"])


def test_ucdp_government_side_resolves(tmp_path: Path) -> None:
    actors = _ged_actors(
        tmp_path,
        "77,1,Government of Ukraine,2023-05-02,2023-05-02,1,1,48.1,37.2,Ukraine,Made-up Hill",
        "78,2,Unknown militia,2023-05-03,2023-05-03,1,1,48.1,37.2,Ukraine,Made-up Hill")
    # A name no variant helps with is kept as written.
    assert actors == ["UA", "Unknown militia"]


def test_a_table_in_a_windows_code_page_says_to_save_it_as_utf8(tmp_path: Path) -> None:
    path = tmp_path / "spreadsheet.csv"
    path.write_bytes("date,place,actor\n2023-01-02,Sévaré,FAMa\n".encode("cp1252"))
    with pytest.raises(InputError, match=r":2: not UTF-8 text .*save the table as UTF-8"):
        read_table(path)


def test_no_events_warning_counts_an_empty_article(tmp_path: Path,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    from geomap.corpus.inputs import load_inputs

    caplog.set_level(logging.WARNING, logger="geomap")
    empty = tmp_path / "blank.txt"
    empty.write_text("", encoding="utf-8")
    load_inputs([str(empty)], date="2023-01-01")
    assert "no events found in 1 document and 0 table rows" in caplog.text


def _dates_table(tmp_path: Path, dates: list[str]) -> Path:
    path = tmp_path / "dates.csv"
    rows = [f"{d},Spot {i},Front A,11.5,27.5" for i, d in enumerate(dates)]
    path.write_text("date,place,actor,latitude,longitude\n" + "\n".join(rows) + "\n",
                    encoding="utf-8")
    return path


@pytest.mark.parametrize(("dates", "expected"), [
    # One day above 12 shows the column's order; the others follow it.
    (["21/10/2023", "05/10/2023", "2023-10-07"], ["2023-10-21", "2023-10-05", "2023-10-07"]),
    (["10/21/2023", "10/05/2023"], ["2023-10-21", "2023-10-05"]),
    (["30.09.2022", "01.10.2022"], ["2022-09-30", "2022-10-01"]),
])
def test_slashed_dates_follow_the_order_the_column_shows(tmp_path: Path, dates: list[str],
                                                         expected: list[str]) -> None:
    result = read_table(_dates_table(tmp_path, dates))
    assert not len(result.rejected)
    assert list(result.events.sort_values("place")["event_date"]) == expected


@pytest.mark.parametrize("dates", [["05/10/2023", "03/04/2023"],  # nothing shows the order
                                   ["21/10/2023", "10/21/2023"]])  # both orders: a mixed column
def test_slashed_dates_whose_order_is_unclear_are_rejected(tmp_path: Path,
                                                           dates: list[str]) -> None:
    result = read_table(_dates_table(tmp_path, dates))
    assert not len(result.events)
    assert set(result.rejected["reason"]) == {"ambiguous day/month order; use YYYY-MM-DD"}


def test_rejected_jsonl_lines_show_the_line_without_its_newline(tmp_path: Path) -> None:
    from geomap.runreport import RunReport
    from geomap.sources.documents import iter_documents

    path = tmp_path / "feed.jsonl"
    path.write_text('{"id": "x1", "text":\n{"id": "x2", "date": "2022-02-02"}\n'
                    '{"id": "x3", "text": "A quiet day in the valley."}\n', encoding="utf-8")
    report = RunReport()
    docs = list(iter_documents(path, report=report))
    assert [d.id for d in docs] == ["x3"]
    broken, textless = report.rejected
    assert broken["value"] == '{"id": "x1", "text":'
    assert (textless["column"], textless["value"], textless["reason"]) == ("text", "", "no text")


def test_a_rows_country_settles_an_actor_name_several_sets_share(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text(
        "date,place,actor,country,latitude,longitude\n"
        "2023-03-01,Point One,government forces,SD,12.2,24.3\n"
        "2023-03-02,Point Two,government forces,Syria,35.2,36.4\n"
        "2023-03-03,Point Three,government forces,,35.3,36.5\n",
        encoding="utf-8")
    actors = read_table(path).events.sort_values("event_date")["actor"].tolist()
    assert actors[:2] == ["SAF", "SAA"]
    # No country: the sets' own priority decides, as before.
    assert actors[2] and actors[2] != "government forces"


def test_a_state_named_by_a_dataset_is_its_own_conflicts_army(tmp_path: Path) -> None:
    # "Government of Russia" in a Ukrainian row is the Ukraine set's RU; whole, the name fell
    # back on its bare tail, which is the id of Syria's Russian contingent (two actors, two
    # colours, one army on the map). In a Syrian row it is that contingent.
    actors = _ged_actors(
        tmp_path,
        "81,1,Government of Russia,2023-05-02,2023-05-02,1,1,48.1,37.2,Ukraine,Made-up Hill",
        "82,1,Government of Russia,2016-03-02,2016-03-02,1,1,35.1,36.7,Syria,Made-up Ridge")
    assert actors == ["RUSSIA", "RU"]
