"""Exception classes raised by geomap.

Every error says where the problem is (file, line, column, value) so that the CLI can print a
one-line reason and exit with status 2.
"""

from __future__ import annotations


class GeomapError(Exception):
    """Base class of every error geomap raises on purpose."""


class InputError(GeomapError):
    """An input file or value cannot be read or understood.

    Parameters
    ----------
    message
        What is wrong, in one line.
    path
        The file concerned, if any.
    line
        1-based line (or row) number, if known.
    """

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        self.path = path
        self.line = line
        where = ""
        if path is not None:
            where = f"{path}"
            if line is not None:
                where += f":{line}"
            where += ": "
        super().__init__(f"{where}{message}")


class SchemaError(InputError):
    """A table does not follow any known schema (own, ACLED, UCDP GED, analyst)."""


class LimitError(InputError):
    """An input exceeds a safety limit (line length, file size, nesting, decompression ratio)."""


class RenderError(GeomapError):
    """A map, PNG or report could not be produced."""
