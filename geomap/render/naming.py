"""Names on the map: one spelling convention for labels, and a default title.

Labels use the English conventional, plain-Latin name of a place ("Sabratha", "Qasr Bin
Ghashir"): the input's own spelling when it is plain Latin and names the same place as the
gazetteer's name, else the gazetteer's name with its diacritics folded away. Mixing the input's
"Tarhuna" with GeoNames' "Şabrātah" on one map reads as two conventions; the popup still shows
the spelling of the input ("written ...").

The default title says what the map shows, where and when: "Control changes in western
Libya, 1–5 June 2020".
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from typing import Any, Final

__all__ = ["default_title", "label_name", "plain_latin", "without_coordinates"]

# Letters and marks that NFKD does not take apart; modifier letters for ayin/hamza vanish.
_EXTRA: Final = str.maketrans({
    "ʿ": "", "ʾ": "", "‘": "", "’": "", "ʼ": "", "ʻ": "", "`": "", "´": "",
    "ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss",
    "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "ħ": "h", "Ħ": "H",
})
#: A bracketed group made only of numbers and what writes coordinates ("[49.033N 32.100E]",
#: "(48.5, 37.9)", "(49°02′N, 32°06′E)"), or such a pair ending the name unbracketed.
_COORD_CHARS: Final = r"[\d\s.,;:°º′″'\"NSEWnsew+\-/]"
_COORDS: Final = re.compile(
    r"\s*[\[(]" + _COORD_CHARS + r"*[\])]"
    r"|\s*,?\s+[+\-]?\d{1,3}\.\d+\s*°?\s*[NSns]?\s*[,;/ ]\s*[+\-]?\d{1,3}\.\d+\s*°?\s*[EWew]?\s*$"
    r"|\s*,?\s+\d{1,3}(?:\.\d+)?\s*°?\s*[NSns]\s*[,;/ ]?\s*\d{1,3}(?:\.\d+)?\s*°?\s*[EWew]\s*$")
_MONTHS: Final = ("January", "February", "March", "April", "May", "June", "July", "August",
                  "September", "October", "November", "December")
#: Similarity (difflib ratio of folded, lower-case letters) above which two names are taken as
#: spellings of one name ("Sabratha" / "Şabrātah": 0.93; "Kobani" / "‘Ayn al ‘Arab": 0.21).
_SAME_NAME: Final = 0.75


def plain_latin(name: str) -> str:
    """``name`` without diacritics and ayin/hamza marks (``"Qaşr Bin Ghashīr"`` ->
    ``"Qasr Bin Ghashir"``); text in other scripts is left as it is."""
    folded = unicodedata.normalize("NFKD", name.translate(_EXTRA))
    out = "".join(c for c in folded if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", out).strip()


def without_coordinates(name: str) -> str:
    """``name`` without the coordinates an input may write into it (``"Kamianka [49.033N
    32.100E]"`` -> ``"Kamianka"``, ``"Hill 204 (48.5, 37.9)"`` -> ``"Hill 204"``); it takes two
    numbers and a decimal point, degree sign or hemisphere letter ("Hill (204)", "Zone 3, 4"
    stay). A name that is nothing but
    coordinates is returned as it is: it is all there is to show."""
    def cut(match: re.Match[str]) -> str:
        text = match.group(0)
        # two numbers, and a decimal point, a degree sign or a hemisphere: "(3, 4)" stays
        pair = len(re.findall(r"\d+(?:\.\d+)?", text)) >= 2
        return "" if pair and re.search(r"\d\.\d|[°º]|\d\s*[NSEWnsew]\b", text) else text

    out = _COORDS.sub(cut, name).strip(" ,;")
    return out or name.strip()


def _letters(name: str) -> str:
    return re.sub(r"[^a-z]", "", plain_latin(name).lower())


def label_name(canonical: str, written: Iterable[str] = ()) -> str:
    """The label of a place: the most frequent plain-Latin spelling in ``written`` that names
    the same as ``canonical``, else ``canonical`` in plain Latin."""
    canonical = without_coordinates(canonical)
    folded = plain_latin(canonical) or canonical
    key = _letters(canonical)
    counts = Counter(without_coordinates(w.strip()) for w in written
                     if isinstance(w, str) and w.strip())
    for spelling, _n in sorted(counts.items(), key=lambda r: (-r[1], r[0])):
        if not spelling.isascii() or spelling == folded:
            continue
        if key and difflib.SequenceMatcher(None, key, _letters(spelling)).ratio() >= _SAME_NAME:
            return spelling
    return folded


def _date_range(first: str, last: str) -> str:
    """"1–5 June 2020", "28 May – 5 June 2020", "28 May 2019 – 5 June 2020"."""
    def parts(iso: str) -> tuple[int, str, str]:
        return int(iso[8:10]), _MONTHS[int(iso[5:7]) - 1], iso[:4]

    (d1, m1, y1), (d2, m2, y2) = parts(first), parts(last)
    if first == last:
        return f"{d1} {m1} {y1}"
    if (m1, y1) == (m2, y2):
        return f"{d1}\u2013{d2} {m1} {y1}"
    if y1 == y2:
        return f"{d1} {m1} \u2013 {d2} {m2} {y1}"
    return f"{d1} {m1} {y1} \u2013 {d2} {m2} {y2}"


def _part_of(country_box: tuple[float, float, float, float],
             data_box: tuple[float, float, float, float]) -> str:
    """"western", "north-eastern"... when the data sit in one part of the country, else ""."""
    w, s, e, n = country_box
    dw, ds, de, dn = data_box
    if e - w <= 0 or n - s <= 0:
        return ""
    x0, x1 = (dw - w) / (e - w), (de - w) / (e - w)
    y0, y1 = (ds - s) / (n - s), (dn - s) / (n - s)
    ns = "northern" if y0 >= 0.5 else "southern" if y1 <= 0.5 else ""
    ew = "eastern" if x0 >= 0.5 else "western" if x1 <= 0.5 else ""
    if ns and ew:
        return f"{ns[:5]}-{ew}"
    return ns or ew


def default_title(events: Any) -> str:
    """A title from the places and dates of ``events``: "Control changes in western Libya,
    1–5 June 2020" ("" when there is nothing to say)."""
    import pandas as pd

    if not isinstance(events, pd.DataFrame) or events.empty:
        return ""
    dates = sorted(d[:10] for d in events.get("event_date", pd.Series(dtype=object)).dropna()
                   .astype(str) if re.fullmatch(r"\d{4}-\d{2}-\d{2}.*", d))
    where = _where(events)
    text = "Control changes" + (f" in {where}" if where else "")
    if dates:
        text += ", " + _date_range(dates[0], dates[-1])
    return text


#: Kinds that say who holds a place: the title's countries are where control is reported.
_CONTROL_KINDS = ("control_change", "claimed_control", "held", "contested")


def _where(events: Any) -> str:
    import pandas as pd

    if "kind" in events.columns:
        # A capital named as a speaker ("Moscow did not comment") is no country of the map.
        control = events[events["kind"].astype(str).isin(_CONTROL_KINDS)]
        if not control.empty:
            events = control
    codes = events.get("country", pd.Series(dtype=object)).dropna().astype(str)
    codes = codes[codes.str.fullmatch(r"[A-Z]{2}")]
    if codes.empty:
        return ""
    ranked = codes.value_counts()
    top = [c for c, n in ranked.items() if n >= 0.2 * len(codes)][:2]
    try:
        from geomap.gazetteer.boundaries import countries

        frame = countries().set_index("iso_a2")
    except Exception:  # noqa: BLE001 - a title without a country name is still a title
        return ""
    names = [str(frame.loc[c, "name"]) for c in top if c in frame.index]
    if len(names) != 1:
        return " and ".join(names)
    lat = pd.to_numeric(events.get("latitude"), errors="coerce")
    lon = pd.to_numeric(events.get("longitude"), errors="coerce")
    mine = (events.get("country") == top[0]) & lat.notna() & lon.notna()
    if not mine.any():
        return names[0]
    box = tuple(float(v) for v in frame.loc[top[0]].geometry.bounds)
    data = (float(lon[mine].min()), float(lat[mine].min()), float(lon[mine].max()),
            float(lat[mine].max()))
    part = _part_of(box, data)  # type: ignore[arg-type]
    return f"{part} {names[0]}" if part else names[0]
