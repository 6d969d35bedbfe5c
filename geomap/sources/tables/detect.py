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


def detect_format(columns: Iterable[str], *, path: str | None = None) -> ModuleType:
    """Return the format module whose header matches ``columns`` (normalised names).

    Raises
    ------
    SchemaError
        No format matches; the message lists the columns found and those expected.
    """
    names = set(columns)
    for module in FORMATS:
        if module.matches(names):
            return module
    shown = ", ".join(sorted(names)[:12]) + (" ..." if len(names) > 12 else "")
    raise SchemaError(f"unknown table format (columns: {shown or 'none'}); {_HINT}",
                      path=path, line=1)


def format_name(columns: Iterable[str]) -> str:
    """The name of the detected format (``own``, ``acled``, ``ucdp``, ``analyst``)."""
    return str(detect_format(columns).NAME)
