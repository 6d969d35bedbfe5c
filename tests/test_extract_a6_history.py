"""History inside a report, a6: earlier changes the text sets back in time without a date.

Sentences written for these tests (invented wording).
"""

from __future__ import annotations

import geomap


def _changes(text: str, place: str, date: str = "2023-06-16") -> list[tuple[str, str, str]]:
    ev = geomap.extract(text, date=date)
    return sorted((r.actor, r.event_date, r.date_precision) for r in ev.itertuples()
                  if r.kind == "control_change" and r.place == place)


def test_a_pluperfect_aside_without_a_date_is_an_earlier_change_of_unknown_date() -> None:
    got = _changes("On Thursday Ukrainian troops recaptured Melitopol, a southern city that "
                   "Russian forces had seized in the opening days of fighting.", "Melitopol")
    assert ("RU", "2023-06-14", "unknown") in got, got
    assert ("UA", "2023-06-15", "day") in got, got


def test_a_vague_time_after_the_verb_sets_the_aside_back() -> None:
    got = _changes("On Thursday Ukrainian troops recaptured Melitopol, a southern city that "
                   "Russian forces took early in the war.", "Melitopol")
    assert ("RU", "2023-06-14", "unknown") in got, got


def test_a_plain_past_aside_without_a_date_adds_no_earlier_change() -> None:
    # nothing in the tense says it came before the report's own event
    got = _changes("On Thursday Ukrainian troops recaptured Melitopol, a southern city that "
                   "Russian forces captured.", "Melitopol")
    assert all(p != "unknown" for _a, _d, p in got), got


def test_a_since_clause_in_an_aside_tells_an_earlier_taking() -> None:
    got = _changes("On Thursday Ukrainian troops recaptured Melitopol, a southern city that "
                   "had been cut off since Russian forces seized control of it.", "Melitopol")
    assert ("RU", "2023-06-14", "unknown") in got, got


def test_a_since_clause_on_another_noun_is_not_the_places_taking() -> None:
    # "since" opens a clause on the fighting, not on a side's taking of the city
    got = _changes("On Thursday Ukrainian troops recaptured Melitopol, a southern city that "
                   "has been shelled daily since the offensive began.", "Melitopol")
    assert [p for _a, _d, p in got] == ["day"], got


def _kidal(text: str) -> list[tuple[str, str, str, str]]:
    ev = geomap.extract(text, date="2024-05-10")
    return sorted((r.kind, r.actor, r.event_date, r.date_precision) for r in ev.itertuples()
                  if r.place == "Kidal" and r.kind in ("control_change", "claimed_control"))


def test_an_undated_taking_after_a_retaking_is_the_one_it_undid() -> None:
    got = _kidal("Malian troops recaptured Kidal on Sunday, the army said. The unrest grew "
                 "as Tuareg rebels seized several towns, including Kidal.")
    assert ("control_change", "MNLA", "2024-05-04", "unknown") in got, got


def test_a_dated_taking_after_a_retaking_keeps_its_date() -> None:
    got = _kidal("Malian troops recaptured Kidal on Sunday. Tuareg rebels seized it back on "
                 "Monday.")
    assert ("control_change", "MNLA", "2024-05-06", "day") in got, got


def test_a_taking_after_a_plain_taking_is_not_set_back() -> None:
    # no retaking: nothing says the later-told change came first
    got = _kidal("Tuareg rebels seized Kidal on Sunday. Malian troops took Kidal again hours "
                 "later.")
    assert all(p != "unknown" for *_x, p in got), got


def test_a_counted_time_back_in_an_aside_dates_it() -> None:
    got = _changes("On Thursday Ukrainian troops recaptured Melitopol, a southern city that "
                   "Russian forces had seized two days earlier.", "Melitopol")
    assert ("RU", "2023-06-13", "day") in got, got
    got = _changes("On Thursday Ukrainian troops recaptured Melitopol, a southern city that "
                   "Russian forces had seized three months earlier.", "Melitopol")
    assert ("RU", "2023-03-01", "month") in got, got


def test_a_time_clause_driving_a_force_out_tells_the_places_taking() -> None:
    ev = geomap.extract("Aid groups are active even in the town of Kidal, where the governor "
                        "is based after Malian troops backed by French jets drove out jihadist "
                        "attackers in January.", date="2024-05-10")
    got = [(r.actor, r.event_date, r.date_precision) for r in ev.itertuples()
           if r.kind == "control_change" and r.place == "Kidal"]
    assert ("FAMA", "2024-01-01", "month") in got, got


def test_driving_a_force_out_of_another_town_is_not_this_ones_taking() -> None:
    ev = geomap.extract("The governor returned to Kidal after Malian troops drove out the "
                        "jihadist fighters from Gao in January.", date="2024-05-10")
    got = [r.event_date for r in ev.itertuples()
           if r.kind == "control_change" and r.place == "Kidal"]
    assert "2024-01-01" not in got, got
