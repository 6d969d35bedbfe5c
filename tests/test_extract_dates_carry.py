"""Dates across sentences: an undated report of the same news keeps the day given just before.

Sentences written for these tests (invented wording).
"""

from __future__ import annotations

import geomap


def _dates(text: str, date: str) -> dict[str, tuple[str, str]]:
    ev = geomap.extract(text, date=date)
    return {r.place: (r.event_date, r.date_precision) for r in ev.itertuples()
            if r.kind == "control_change"}


def test_the_day_of_the_lead_carries_to_the_next_sentence() -> None:
    got = _dates("Two coastal towns were overrun by GNA forces on Tuesday. GNA fighters took "
                 "Zuwara and Sabratha, a spokesman said.", "2020-04-16")  # a Thursday
    assert got == {"Zuwara": ("2020-04-14", "day"), "Sabratha": ("2020-04-14", "day")}, got


def test_two_days_before_leave_the_dateline() -> None:
    got = _dates("GNA forces took one town on Monday and another on Tuesday. GNA fighters "
                 "also took Zuwara.", "2020-04-16")
    assert got == {"Zuwara": ("2020-04-16", "day")}, got


def test_an_old_date_is_not_carried() -> None:
    got = _dates("GNA forces seized a base on 2 March. GNA fighters took Zuwara.", "2020-04-16")
    assert got == {"Zuwara": ("2020-04-16", "day")}, got


def _rows(text: str, date: str) -> list[tuple[str, str, str]]:
    ev = geomap.extract(text, date=date)
    return sorted((r.place, r.event_date, r.date_precision) for r in ev.itertuples()
                  if r.kind == "control_change")


_FALL = ("Gharyan fell to the GNA on Tuesday. Aid convoys were still waiting on the coast "
         "road. Shops in the old market stayed shut. ")


def test_an_undated_perfect_retells_the_day_given_before() -> None:
    # three sentences on: beyond the carry from the sentences just before
    got = _rows(_FALL + '"The GNA has taken control of Gharyan," a council member said.',
                "2020-04-16")  # a Thursday
    assert got and {d for _, d, _ in got} == {"2020-04-14"}, got


def test_an_undated_perfect_of_another_place_keeps_the_dateline() -> None:
    got = _rows(_FALL + '"The GNA has taken control of Zuwara," a council member said.',
                "2020-04-16")
    assert ("Zuwara", "2020-04-16", "day") in got, got


def test_an_old_day_is_not_retold() -> None:
    got = _rows("Gharyan fell to the GNA on 2 March. Aid convoys were waiting on the coast "
                'road. Shops stayed shut. "The GNA has taken control of Gharyan," a council '
                "member said.", "2020-04-16")
    assert ("Gharyan", "2020-03-02", "day") in got and len(got) == 2, got


def test_a_later_retelling_keeps_the_day_of_the_undated_telling_before() -> None:
    # the lead dates the news; the next sentence names the place without a date; a third,
    # further on, retells it: all three are Tuesday's news
    got = _rows("Two coastal towns were seized by LNA forces on Tuesday.\n\nA spokesman "
                "said LNA forces took full control of Zuwara and Sabratha. Aid convoys were "
                "waiting on the coast road. A local official confirmed that the LNA seized "
                "Sabratha.",
                "2020-04-16")
    assert got and {d for _, d, _ in got} == {"2020-04-14"}, got
