"""Claims: a report set against a denial, and "propaganda" that denies nothing.

Sentences written for these tests (invented wording).
"""

from __future__ import annotations

import geomap


def _kinds(text: str, date: str) -> dict[str, tuple[str, bool]]:
    ev = geomap.extract(text, date=date)
    return {r.place: (r.kind, bool(r.confirmed)) for r in ev.itertuples()
            if r.kind in ("control_change", "claimed_control")}


def test_a_report_the_sentence_contradicts_is_a_claim() -> None:
    for text in ("Contrary to media reports that the jihadists of Boko Haram had overrun Baga, "
                 "the army said on Friday that its troops still held the town.",
                 "Despite rumours that the jihadists of Boko Haram had captured Baga, soldiers "
                 "patrolled the market on Friday."):
        assert _kinds(text, "2018-12-28").get("Baga") == ("claimed_control", False), text


def test_despite_something_else_the_change_stays_a_fact() -> None:
    got = _kinds("Despite heavy rain, Boko Haram fighters overran Baga on Friday.",
                 "2018-12-28")
    assert got.get("Baga") == ("control_change", True), got


def test_propaganda_as_an_attribute_denies_nothing() -> None:
    got = _kinds("Kurdish fighters took full control of Kobani on Monday. The jihadists had "
                 "released propaganda videos about the long siege.", "2015-01-28")
    assert got.get("Kobani") == ("control_change", True), got


def test_calling_the_report_propaganda_denies_it() -> None:
    got = _kinds("Kurdish fighters took full control of Kobani on Monday. The jihadists called "
                 "the report propaganda.", "2015-01-28")
    assert got.get("Kobani") == ("claimed_control", False), got
