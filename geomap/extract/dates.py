"""Date expressions in news text, resolved against the dateline.

The regex finds explicit dates (``5 June 2020``, ``June 5``, ``2020-06-05``), weekdays
(``on Thursday``, ``late Wednesday``), relative days (``yesterday``, ``today``, ``two days
ago``), weeks, months (``in March``, ``earlier this month``, ``last month``), years and vague
past (``recently``, ``earlier``). Each resolves to an ISO date with a precision:

* ``day``, ``week``, ``month``, ``year``: the period that starts at (or, for weeks, contains)
  ``event_date``;
* ``before``: on or before ``event_date`` (``recently``);
* weekdays name the most recent such day on or before the dateline: "on Friday" in a report
  dated Friday is the dateline itself, as wire services write it ("recaptured Ajdabiya on
  Saturday" in a Saturday report); "last Friday" is the week before.

All resolution is arithmetic on the dateline: no per-sentence calls to heavy parsers.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Final, NamedTuple

from geomap.extract._prefilter import Prefiltered

#: Whether "on Friday" in a report dated Friday is the dateline itself (wire-service usage, the
#: default) rather than the Friday before (a strict reading of "before the dateline").
SAME_WEEKDAY_IS_DATELINE: Final = True

_WEEKDAYS: Final = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                    "sunday")
_MONTHS: Final = {name: i + 1 for i, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
    ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
    ("october", "oct"), ("november", "nov"), ("december", "dec"))) for name in names}
_NUMBERS: Final = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                   "a": 1, "an": 1, "several": 3, "few": 3, "a few": 3, "couple of": 2,
                   "a couple of": 2}

_MONTH_RE = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|" \
            r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
# Capitalised only: "may" and "march" are also common words.
_FULL_MONTH_RE = r"(?-i:January|February|March|April|May|June|July|August|September|October|" \
                 r"November|December)"
#: "at the end of", "towards the end of", "by the end of": the late part of what follows.
_END_OF = r"(?P<eo>(?:at|towards?|near)\s+the\s+end\s+of\s+)"
_DAY_RE = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_PARTS_RE = r"(?:\s+(?:morning|afternoon|evening|night))?"

_PATTERNS: Final = [
    ("iso", r"(?P<iso>\d{4}-\d{2}-\d{2})"),
    ("dmy", rf"(?P<dmy_d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<dmy_m>{_MONTH_RE})"
            rf"(?:,?\s+(?P<dmy_y>(?:19|20)\d\d))?"),
    ("mdy", rf"(?P<mdy_m>{_MONTH_RE})\s+(?P<mdy_d>\d{{1,2}})(?:st|nd|rd|th)?\b"
            rf"(?:,?\s+(?P<mdy_y>(?:19|20)\d\d))?"),
    ("weekday", rf"(?:(?P<wd_pre>on|late|early|since|last|this|from|today,?)\s+)?(?P<wd>{_DAY_RE})"
                rf"(?:'s)?{_PARTS_RE}"),
    ("yesterday", r"(?:(?:late|early)\s+)?(?P<yday>yesterday|last\s+night|overnight)"),
    ("today", r"(?P<today>today|tonight|this\s+(?:morning|afternoon|evening))"),
    ("ago", r"(?:(?P<ago_q>(?:just|a\s+little|slightly)\s+(?:over|more\s+than)|over|more\s+than|"
            r"nearly|almost|just\s+under)\s+)?"
            r"(?P<ago_n>\d+|one|two|three|four|five|six|seven|a|an|a\s+few|several|"
            r"(?:a\s+)?couple\s+of)\s+"
            r"(?P<ago_u>days?|weeks?|months?|years?)\s+ago"),
    # "days ago", "some weeks ago": a count not given
    ("someago", r"(?:(?:some|only|just)\s+)?(?P<sa_u>days|weeks)\s+ago"),
    ("lastweek", r"(?P<lw>last|this|earlier\s+this|past|previous)\s+week(?:end)?"),
    ("weekend", r"(?:at|over|during|on)\s+the\s+(?P<we>weekend)"),
    ("lastmonth", r"(?P<lm>last|this|earlier\s+this|past|previous|late\s+last|early\s+last)"
                  r"\s+month"),
    ("monthyear", r"(?:(?P<my_pre>in|since|by|during|until)\s+)?"
                  r"(?:(?P<my_part>early|late|mid)(?:-|\s+)?|"
                  + _END_OF.replace("<eo>", "<eo_m>") + rf")?(?P<my_m>{_FULL_MONTH_RE})"
                  rf"(?!\s+\d{{1,2}}(?:st|nd|rd|th)?\b)"
                  rf"(?:,?\s+(?P<my_y>(?:19|20)\d\d)|\s+(?P<my_rel>last|this|next)\s+year)?"),
    ("lastyear", r"(?:(?P<ly_part>late|early|mid)-?\s*|" + _END_OF + r")?"
                 r"(?P<ly>last|this|earlier\s+this|earlier\s+in\s+the|past)\s+year"),
    ("year", r"(?:(?:in|since|during|by|until)\s+(?:(?P<yp1>late|early|mid)-?\s*)?|"
             r"(?P<yp2>late|early|mid)-?\s*|" + _END_OF.replace("<eo>", "<eo_y>")
             + r")(?P<yr>(?:19|20)\d\d)"),
    # "last summer", "in the spring of 2015": the season's first month, as a part of its year
    ("season", r"(?:(?P<se_rel>last|this|earlier\s+this)\s+|(?:in|during)\s+the\s+)"
               r"(?P<se>spring|summer|autumn)(?:\s+of\s+(?P<se_y>(?:19|20)\d\d))?"),
    ("recent", r"(?P<recent>recently|in\s+recent\s+(?:days|weeks)|lately|"
               r"(?:over|in)\s+the\s+past\s+(?:few\s+)?(?:days|weeks))"),
]
DATE_RE: Final = re.compile(
    r"(?<![\w-])(?:" + "|".join(f"(?P<k_{name}>{body})" for name, body in _PATTERNS)
    + r")(?![\w-])",
    re.IGNORECASE,
)
#: DATE_RE run only where a date can start (same matches).
_DATE_SEARCH: Final = Prefiltered(DATE_RE, depth=8)


class DateExpr(NamedTuple):
    """A resolved date expression: ``text[start:end]`` means ``date`` at ``precision``."""

    start: int
    end: int
    date: str
    precision: str
    explicit_day: bool


def find_dates(text: str, dateline: str | None, start: int = 0,
               end: int | None = None) -> list[DateExpr]:
    """Find and resolve date expressions in ``text[start:end]``.

    Expressions that need a dateline (weekdays, ``yesterday``) are skipped without one; a
    month without a year is placed in the year of the dateline (or the one before if it would
    fall after the dateline).
    """
    anchor = dt.date.fromisoformat(dateline) if dateline else None
    stop = len(text) if end is None else end
    out: list[DateExpr] = []
    for match in _DATE_SEARCH.finditer(text, start, stop):
        resolved = _resolve(match, anchor)
        if resolved is not None:
            out.append(DateExpr(match.start(), match.end(), *resolved))
    if out:
        out = _restated(text, out)
        out = _with_later(text, start, stop, out)
        out = [d._replace(precision="before") if d.precision == "day"
               and _BY_RE.search(text, max(start, d.start - 4), d.start) else d for d in out]
    return out


#: Between a relative day and the calendar day that restates it: "this morning (Monday 23".
_RESTATE_GAP_RE: Final = re.compile(r"\s*\(\s*(?:[A-Za-z]+day,?\s+)?$")


def _restated(text: str, found: list[DateExpr]) -> list[DateExpr]:
    """A relative day restated in brackets by its calendar day ("this morning (Monday 23
    March)") is that day: the writer's "today" need not be the dateline's."""
    out = list(found)
    for i, d in enumerate(out):
        if d.explicit_day and d.precision == "day" and not _CALENDAR_RE.match(text, d.start):
            later = [e for e in found[i + 1:] if e.precision == "day"
                     and _CALENDAR_RE.match(text, e.start)
                     and _RESTATE_GAP_RE.fullmatch(text[d.end:e.start])]
            if later:
                out[i] = d._replace(date=later[0].date)
    return out


#: A calendar date (a day number next to a month name, or ISO), not a relative day.
_CALENDAR_RE: Final = re.compile(r"\d|(?:" + _MONTH_RE + r")\s+\d", re.IGNORECASE)
#: "by 19 October", "by Monday": on or before that day.
_BY_RE: Final = re.compile(r"\bby\s+$", re.IGNORECASE)
#: The last day of a month's first half: "earlier this month" after it is "before" the
#: dateline (the two weeks "before" spans stay inside the month).
_HALF_MONTH: Final = 15
#: The month "late <year>" starts with.
_LATE_YEAR_MONTH: Final = 9


#: A time counted from the date told just before: "the following year", "ten months later",
#: "later that day", "that same month".
_LATER_RE: Final = re.compile(
    r"(?<![\w-])(?:(?:the\s+)?(?:following|next)\s+(?P<next>day|week|month|year)|"
    r"(?P<n>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a|an)\s+"
    r"(?P<unit>days?|weeks?|months?|years?)\s+later|"
    r"(?:later\s+that|that\s+same|the\s+same)\s+(?P<same>day|week|month|year))(?![\w-])",
    re.IGNORECASE)
_LATER_NUMBERS: Final = {**_NUMBERS, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
                         "twelve": 12}
#: Finest precision a counted unit can give.
_UNIT_PRECISION: Final = {"day": "day", "week": "week", "month": "month", "year": "year"}
_PRECISION_RANK: Final = {"day": 0, "week": 1, "month": 2, "year": 3}


def _with_later(text: str, start: int, stop: int, found: list[DateExpr]) -> list[DateExpr]:
    """``found`` plus the times counted from a date before them in the same range ("In 2011
    ... and the following year" is 2012; "took X in March 2015 before losing it ten months
    later" is January 2016)."""
    extra = []
    for m in _LATER_RE.finditer(text, start, stop):
        base = [d for d in found if d.end <= m.start() and d.precision in _PRECISION_RANK]
        if not base:
            continue
        ref = base[-1]
        day = dt.date.fromisoformat(ref.date)
        if m.group("same"):
            unit, n = m.group("same").lower(), 0
        elif m.group("next"):
            unit, n = m.group("next").lower(), 1
        else:
            unit = m.group("unit").lower().rstrip("s")
            raw = m.group("n").lower()
            n = int(raw) if raw.isdigit() else _LATER_NUMBERS.get(raw, 1)
        if _PRECISION_RANK[ref.precision] > _PRECISION_RANK[unit]:
            unit_p = ref.precision  # "in 2014 ... a week later": no finer than the year
        else:
            unit_p = _UNIT_PRECISION[unit]
        if unit == "day":
            moved = day + dt.timedelta(days=n)
        elif unit == "week":
            moved = day + dt.timedelta(weeks=n)
        elif unit == "month":
            moved = _month_start(day, n) if unit_p != "day" else day
        else:
            moved = dt.date(day.year + n, 1, 1) if unit_p in ("month", "year") \
                else day.replace(year=day.year + n, day=min(day.day, 28))
        if unit_p == "month":
            moved = moved.replace(day=1)
        elif unit_p == "year":
            moved = dt.date(moved.year, 1, 1)
        extra.append(DateExpr(m.start(), m.end(), moved.isoformat(), unit_p, False))
    return sorted(found + extra, key=lambda d: d.start) if extra else found


def _resolve(m: re.Match[str], anchor: dt.date | None) -> tuple[str, str, bool] | None:
    kind = next((name for name, _ in _PATTERNS if m.group(f"k_{name}") is not None), None)
    g = m.group
    if kind == "iso":
        try:
            return dt.date.fromisoformat(g("iso")).isoformat(), "day", True
        except ValueError:
            return None
    if kind in ("dmy", "mdy"):
        p = "dmy" if kind == "dmy" else "mdy"
        month = _MONTHS.get(g(f"{p}_m").lower().rstrip("."))
        if month is None:
            return None
        day = int(g(f"{p}_d"))
        year_text = g(f"{p}_y")
        year = int(year_text) if year_text else _year_for(month, anchor, day)
        if year is None:
            return None
        try:
            return dt.date(year, month, day).isoformat(), "day", True
        except ValueError:
            return None
    if anchor is None and kind not in ("monthyear", "year"):
        return None
    if kind == "weekday":
        assert anchor is not None  # nosec B101 # type narrowing: anchor checked above
        wd = _WEEKDAYS.index(g("wd").lower())
        back = (anchor.weekday() - wd) % 7
        pre = (g("wd_pre") or "").lower().rstrip(",")
        if back == 0 and (pre == "last" or (not SAME_WEEKDAY_IS_DATELINE
                                             and pre not in ("this", "today"))):
            back = 7  # the week before the dateline
        return (anchor - dt.timedelta(days=back)).isoformat(), "day", True
    if kind == "yesterday":
        assert anchor is not None  # nosec B101 # type narrowing: anchor checked above
        return (anchor - dt.timedelta(days=1)).isoformat(), "day", True
    if kind == "today":
        assert anchor is not None  # nosec B101 # type narrowing: anchor checked above
        return anchor.isoformat(), "day", True
    if kind == "ago":
        assert anchor is not None  # nosec B101 # type narrowing: anchor checked above
        raw = re.sub(r"\s+", " ", g("ago_n").lower())
        n = int(raw) if raw.isdigit() else _NUMBERS.get(raw, 1)
        unit = g("ago_u").lower().rstrip("s")
        if g("ago_q") and unit != "day":
            return _near_ago(anchor, n, unit, g("ago_q").lower())
        if unit == "day":
            return (anchor - dt.timedelta(days=n)).isoformat(), "day", True
        if unit == "week":
            return (anchor - dt.timedelta(weeks=n)).isoformat(), "week", False
        if unit == "month":
            return _month_start(anchor, -n).isoformat(), "month", False
        return dt.date(anchor.year - n, 1, 1).isoformat(), "year", False
    if kind == "someago":
        # "days ago": within the two weeks before the day before the dateline ("weeks ago":
        # before the week before it)
        assert anchor is not None  # nosec B101 # type narrowing: anchor checked above
        back = 1 if g("sa_u").lower() == "days" else 7
        return (anchor - dt.timedelta(days=back)).isoformat(), "before", False
    if kind == "lastweek":
        assert anchor is not None  # nosec B101 # type narrowing: anchor checked above
        which = g("lw").lower()
        if which.startswith(("last", "previous")):
            return (anchor - dt.timedelta(days=7)).isoformat(), "week", False
        return anchor.isoformat(), "before" if "earlier" in which or "past" in which \
            else "week", False
    if kind == "weekend":
        # "at the weekend": the last Saturday before the dateline, within that week
        assert anchor is not None  # nosec B101 # type narrowing: anchor checked above
        back = (anchor.weekday() - 5) % 7 or 7
        return (anchor - dt.timedelta(days=back)).isoformat(), "week", False
    if kind == "lastmonth":
        assert anchor is not None  # nosec B101 # type narrowing: anchor checked above
        which = g("lm").lower()
        if "last" in which or "previous" in which:
            return _month_start(anchor, -1).isoformat(), "month", False
        if "earlier" in which and anchor.day > _HALF_MONTH:
            # "earlier this month" in a report of the 20th: the days before it, all of this
            # month (the whole month would count days still to come)
            return (anchor - dt.timedelta(days=1)).isoformat(), "before", False
        return anchor.replace(day=1).isoformat(), "month", False
    if kind == "monthyear":
        month = _MONTHS[g("my_m").lower()]
        if g("my_y"):
            year = int(g("my_y"))
        elif g("my_rel") and anchor is not None:  # "in April last year"
            shift = {"last": -1, "this": 0, "next": 1}[g("my_rel").lower()]
            year = anchor.year + shift
        else:
            year = _year_for(month, anchor, 1)
            if year is not None and anchor is not None and month == anchor.month \
                    and not g("my_part") and (g("my_pre") or "").lower() in ("in", "during"):
                # "in March" in a March report: the writer's own month is "this month";
                # a bare month name is the last one before it
                year -= 1
        if year is None:
            return None
        # "at the end of March" is its late part
        return _part_of_month(year, month, "late" if g("eo_m") else (g("my_part") or "").lower())
    if kind == "lastyear":
        assert anchor is not None  # nosec B101 # type narrowing: anchor checked above
        which = g("ly").lower()
        year = anchor.year - 1 if which.startswith("last") else anchor.year
        # "late last year", "at the end of last year": from September, as "late 2014"
        late = (g("ly_part") or "").lower() == "late" or bool(g("eo"))
        return dt.date(year, _LATE_YEAR_MONTH if late else 1, 1).isoformat(), "year", False
    if kind == "season":
        return _season(g("se").lower(), g("se_y"), (g("se_rel") or "").lower(), anchor)
    if kind == "year":
        # "late 2014": from September (a year-precision date is the rest of its year)
        late = (g("yp1") or g("yp2") or "").lower() == "late" or bool(g("eo_y"))
        return dt.date(int(g("yr")), _LATE_YEAR_MONTH if late else 1, 1).isoformat(), \
            "year", False
    if kind == "recent":
        assert anchor is not None  # nosec B101 # type narrowing: anchor checked above
        return anchor.isoformat(), "before", False
    return None


#: The first month of each season (northern; winter spans two years and is left out).
_SEASON_START: Final = {"spring": 3, "summer": 6, "autumn": 9}


def _season(season: str, year_text: str | None, rel: str,
            anchor: dt.date | None) -> tuple[str, str, bool] | None:
    """A season as a part of its year: from its first month, at year precision (a year-
    precision date is the rest of its year, the finest window the season fits in)."""
    month = _SEASON_START[season]
    if year_text:
        year = int(year_text)
    elif anchor is None or not rel:
        return None  # "in the summer" with no year: which one is unclear
    elif rel == "last":
        # "last summer" in a report of March is the summer of the year before
        year = anchor.year - 1
    else:
        year = anchor.year
    if anchor is not None and dt.date(year, month, 1) > anchor:
        return None  # a season still to come dates no change
    return dt.date(year, month, 1).isoformat(), "year", False


#: Days between a counted time and the centre of the week just beyond or short of it.
_NEAR_SHIFT: Final = 6


def _near_ago(anchor: dt.date, n: int, unit: str, qualifier: str) -> tuple[str, str, bool]:
    """ "just over a month ago", "nearly a year ago": a week just before (or, for "nearly",
    just after) the counted time, not the whole calendar month or year it falls in.

    Writers say "over a year ago" for a time a little beyond the count; read as the year
    before the dateline it would also cover months after the event.
    """
    if unit == "week":
        point = anchor - dt.timedelta(weeks=n)
    elif unit == "month":
        point = _month_back(anchor, n)
    else:
        point = anchor.replace(year=anchor.year - n, day=min(anchor.day, 28))
    shift = dt.timedelta(days=_NEAR_SHIFT)
    near_after = qualifier.startswith(("nearly", "almost", "just under"))
    return (point + shift if near_after else point - shift).isoformat(), "week", False


def _month_back(anchor: dt.date, n: int) -> dt.date:
    """The same day of the month ``n`` months before ``anchor`` (the month's last day when
    it is shorter)."""
    first = _month_start(anchor, -n)
    last = (_month_start(first, 1) - dt.timedelta(days=1)).day
    return first.replace(day=min(anchor.day, last))


#: Day of the month a week-precision date is centred on for "early", "mid" and "late" (late:
#: counted back from the month's last day): the week then lies inside the month's third.
_PART_CENTRE: Final = {"early": 7, "mid": 15}
#: Days from a month's last day back to the centre of its "late" week.
_LATE_BACK: Final = 6


def _part_of_month(year: int, month: int, part: str) -> tuple[str, str, bool]:
    """A month, or its early, middle or late part as a week: "in late March" is not the
    whole of March (an event of 25 March dated 1 March/month reads as a month too early)."""
    if not part:
        return dt.date(year, month, 1).isoformat(), "month", False
    if part == "late":
        last = _month_start(dt.date(year, month, 1), 1) - dt.timedelta(days=1)
        return (last - dt.timedelta(days=_LATE_BACK)).isoformat(), "week", False
    return dt.date(year, month, _PART_CENTRE[part]).isoformat(), "week", False


def _year_for(month: int, anchor: dt.date | None, day: int) -> int | None:
    """Year of a month named without one: the latest such month not after the dateline."""
    if anchor is None:
        return None
    if (month, day) > (anchor.month, anchor.day) and month > anchor.month:
        return anchor.year - 1
    return anchor.year


def _month_start(anchor: dt.date, delta: int) -> dt.date:
    index = anchor.year * 12 + anchor.month - 1 + delta
    return dt.date(index // 12, index % 12 + 1, 1)
