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


#: Temporary names of atomic writes (``geomap._io.atomic``): ``.<name>.<pid>.<8 hex>.tmp``.
_TEMP_NAME = r"\.(?P<name>.+)\.\d+\.[0-9a-f]{8}\.tmp$"


def os_error_message(exc: OSError) -> str:
    """``<file>: <reason>`` for an OS error, without ``[Errno N]`` or temporary file names.

    A failed atomic write names its temporary file; the user knows the file they asked for.
    """
    import re
    from pathlib import Path

    reason = exc.strerror or str(exc)
    name = exc.filename
    if name is None:
        return re.sub(r"^\[Errno \d+\]\s*", "", reason)
    path = Path(str(name))
    found = re.fullmatch(_TEMP_NAME, path.name)
    if found:
        path = path.with_name(found.group("name"))
    return f"{path}: {reason[:1].lower()}{reason[1:]}"
