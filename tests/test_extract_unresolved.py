"""Nothing silent: the object of a change verb that the gazetteer cannot place is listed.

Sentences written for these tests (an invented place name).
"""

from __future__ import annotations

from geomap.extract import extract_document


def test_an_unplaceable_object_of_a_capture_is_listed_with_its_reason() -> None:
    x = extract_document("Rebel fighters seized Qorvanduk on Monday.", date="2022-06-14")
    row = x.unresolved[x.unresolved.place == "Qorvanduk"]
    assert len(row) == 1
    assert "seized" in row.iloc[0]["reason"] and row.iloc[0]["evidence"].startswith("Rebel")
    r = x.report
    assert r.seen == r.events + len(r.unresolved) + len(r.rejected)


def test_a_capitalised_word_after_a_preposition_is_not_listed() -> None:
    x = extract_document("Rebel fighters seized the town on Monday with Heavy Weapons.",
                         date="2022-06-14")
    assert "Heavy Weapons" not in set(x.unresolved.place)
