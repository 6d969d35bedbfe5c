"""Which table format a header belongs to: own schema, ACLED, UCDP GED or analyst.

Formats are tried from the most specific header to the least: ACLED (``actor1`` with
``sub_event_type``/``event_type``), UCDP GED (``side_a`` with ``date_start``), geomap's own
schema (``kind`` with ``event_date``), analyst (``date``, ``place``, ``actor``).
"""

from __future__ import annotations

from collections.abc import Iterable
from types import ModuleType
from typing import Final

from geomap.errors import SchemaError
from geomap.sources.tables import acled, analyst, own, ucdp

#: Format readers in detection order.
FORMATS: Final[tuple[ModuleType, ...]] = (acled, ucdp, own, analyst)
_HINT: Final = (
    "expected geomap's schema (kind, event_date, ...), an ACLED export (event_date, "
    "sub_event_type, actor1, latitude, longitude), a UCDP GED table (date_start, side_a, "
    "latitude, longitude) or an analyst table (date, place, actor)"
)


#: The columns that make each format, as (format, its name in messages, column groups): a
#: group is one column or alternatives (any one of them will do).
_SIGNATURES: Final[tuple[tuple[ModuleType, str, tuple[tuple[str, ...], ...]], ...]] = (
    (acled, "an ACLED export", (("event_date",), ("sub_event_type", "event_type"),
                                ("actor1",), ("latitude",), ("longitude",))),
    (ucdp, "a UCDP GED table", (("date_start",), ("side_a",), ("latitude",), ("longitude",))),
    (own, "geomap's schema", (("kind",), ("event_date",))),
    (analyst, "an analyst table", (("date",), ("place",), ("actor",))),
)
#: Columns several formats share: alone they tell no format apart.
_SHARED: Final = frozenset({"latitude", "longitude"})


def detect_format(columns: Iterable[str], *, path: str | None = None) -> ModuleType:
    """Return the format module whose header matches ``columns`` (normalised names).

    Raises
    ------
    SchemaError
        No format matches. When the header has at least half the columns of one format
        (one of them particular to it), the message names that format and the missing
        columns; otherwise it lists the columns found and those every format expects.
    """
    names = set(columns)
    for module in FORMATS:
        if module.matches(names):
            return module
    shown = ", ".join(sorted(names)[:12]) + (" ..." if len(names) > 12 else "")
    near = nearest_format(names)
    if near is not None:
        label, groups, missing = near
        raise SchemaError(
            f"missing column(s): {', '.join(missing)}; the header looks like {label}, which "
            f"needs {', '.join(' or '.join(g) for g in groups)} (columns found: {shown})",
            path=path, line=1)
    raise SchemaError(f"unknown table format (columns: {shown or 'none'}); {_HINT}",
                      path=path, line=1)


def nearest_format(
    columns: Iterable[str],
) -> tuple[str, tuple[tuple[str, ...], ...], list[str]] | None:
    """The format a header that matches none comes closest to, for the error message.

    Returns
    -------
    tuple or None
        ``(format label, column groups it needs, missing columns)`` for the format with the
        largest share of its column groups present (ties: more groups present, then the
        detection order), if that share is at least half and some present column is not one
        of :data:`_SHARED`; else ``None`` (the header resembles no format).
    """
    names = set(columns)
    best: tuple[float, int, int] | None = None
    found: tuple[str, tuple[tuple[str, ...], ...], list[str]] | None = None
    for rank, (_, label, groups) in enumerate(_SIGNATURES):
        present = [g for g in groups if names.intersection(g)]
        if not any(names.intersection(g) - _SHARED for g in present):
            continue
        share = len(present) / len(groups)
        key = (share, len(present), -rank)
        if share >= 0.5 and (best is None or key > best):
            best = key
            missing = [" or ".join(g) for g in groups if not names.intersection(g)]
            found = (label, groups, missing)
    return found


def format_name(columns: Iterable[str]) -> str:
    """The name of the detected format (``own``, ``acled``, ``ucdp``, ``analyst``)."""
    return str(detect_format(columns).NAME)
