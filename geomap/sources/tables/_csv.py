"""CSV and TSV files: header and delimiter, UTF-8 check, Arrow parsing, exact line numbers."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd

from geomap.errors import InputError, SchemaError
from geomap.sources.tables._raw import RawTable, normalise_column
from geomap.sources.tables._rejections import MAX_VALUE_CHARS

#: Bytes validated as UTF-8 at a time.
UTF8_CHUNK = 1 << 24
#: What to do about a table that is not UTF-8 (spreadsheets often save CSV in a Windows code
#: page; guessing one would silently change place names).
SAVE_AS_UTF8 = "; save the table as UTF-8 (in a spreadsheet: CSV UTF-8)"


def _header(p: Path) -> tuple[list[str], str]:
    with open(p, "rb") as fh:
        head = fh.read(1024 * 1024)
    decode = codecs.getincrementaldecoder("utf-8-sig")().decode
    try:
        # Incremental: a character cut at the 1 MB boundary is not an error.
        text = decode(head, final=False)
    except UnicodeDecodeError as exc:
        # A bad byte past the header is reported later, with its own line number.
        text = codecs.getincrementaldecoder("utf-8-sig")().decode(head[:exc.start])
        if not re.search(r"[\r\n]", text):
            raise InputError(f"not UTF-8 text ({exc.reason} at byte {exc.start}){SAVE_AS_UTF8}",
                             path=str(p), line=1) from exc
    # A bare CR ends a record as LF and CRLF do (old Mac files; Arrow reads them so).
    first = re.split(r"\r\n?|\n", text, maxsplit=1)[0]
    if not first.strip():
        raise SchemaError("empty file: no header row", path=str(p), line=1)
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","
    try:
        # The csv module reads the header as a record, so a quoted name may hold a newline.
        header = next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except (csv.Error, StopIteration) as exc:
        raise SchemaError(f"cannot parse the header row: {exc}", path=str(p), line=1) from exc
    return header, delimiter


def read_csv(p: Path, columns: Callable[[list[str]], Collection[str] | None] | None = None
             ) -> RawTable:
    """Read a CSV/TSV file; a leading unnamed column (a saved pandas index) is dropped."""
    header, delimiter = _header(p)
    _check_utf8(p)
    names = [normalise_column(c) for c in header]
    index = saved_index(names)
    if index:
        names[0] = INDEX_COLUMN
    if len(set(names)) != len(names) or any(not n for n in names):
        dup = next((h for h, n in zip(header, names, strict=True)
                    if not n or names.count(n) > 1), "")
        raise SchemaError(f"duplicate or empty column name {dup!r} in the header",
                          path=str(p), line=1)
    wanted = columns([n for n in names if n != INDEX_COLUMN]) if columns is not None else None
    raw = _read_arrow(p, header, names, delimiter, wanted)
    if index:
        raw.frame = raw.frame.drop(columns=INDEX_COLUMN, errors="ignore")
        raw.notes.append(f"dropped the first column {header[0]!r}: an unnamed row index "
                         "(as pandas saves one), not data")
    return raw


#: Name given to a saved row index while it is read; never a column of any format.
INDEX_COLUMN: Final = "__row_index__"


def saved_index(names: list[str]) -> bool:
    """Whether the first column is a row index saved with the table (``df.to_csv()``).

    pandas writes it with an empty name, and as ``Unnamed: 0`` once such a file is read and
    saved again; only a first column qualifies, and only when every other column is named.
    """
    return (len(names) > 1 and names[0] in ("", "unnamed:_0")
            and all(n and n != "unnamed:_0" for n in names[1:]))


def _read_arrow(p: Path, header: list[str], names: list[str], delimiter: str,
                wanted: Collection[str] | None) -> RawTable:
    import pyarrow as pa
    import pyarrow.csv as pcsv

    # Arrow reads every column when the list is empty: keep them all then.
    keep = ([n for n in names if n in wanted] if wanted is not None
            else [n for n in names if n != INDEX_COLUMN])
    invalid: list[Any] = []

    def on_invalid(row: Any) -> str:
        invalid.append(row)
        return "skip"

    try:
        table = pcsv.read_csv(
            p,
            read_options=pcsv.ReadOptions(column_names=names, skip_rows=1),
            parse_options=pcsv.ParseOptions(delimiter=delimiter, newlines_in_values=True,
                                            invalid_row_handler=on_invalid),
            convert_options=pcsv.ConvertOptions(
                # large_string is what pandas' ``str`` columns hold: the frame then takes
                # Arrow's buffers as they are (a string column is copied: 0.6-0.8 CPU s for
                # a million ACLED rows).
                column_types={n: pa.large_string() for n in names}, strings_can_be_null=False,
                quoted_strings_can_be_null=False, include_columns=keep or None),
        )
    except pa.ArrowInvalid as exc:
        if "UTF8" in str(exc) or "utf8" in str(exc).lower():
            return _read_csv_slow(p, header, names, delimiter)  # finds the line for the message
        raise InputError(f"cannot parse CSV: {exc}", path=str(p)) from exc
    if invalid:
        # A malformed file: the csv module gives exact lines for every record; Arrow's cells
        # are kept when both agree on which records are whole.
        rows, lines, rejected = _csv_records(p, len(header), delimiter, keep_rows=False)
        if len(lines) != table.num_rows or len(rejected) != len(invalid):
            return _read_csv_slow(p, header, names, delimiter)
        return RawTable(str(p), table.to_pandas(), "csv", len(lines) + len(rejected), rejected,
                        _lines=lines)
    frame = (table.to_pandas() if table.num_rows
             else pd.DataFrame(columns=keep or names, dtype="str"))
    raw = RawTable(str(p), frame, "csv", len(frame))
    raw._line_finder = lambda: _csv_lines(p, len(frame), delimiter)
    return raw


def _check_utf8(p: Path) -> None:
    """Raise :class:`InputError` with the line of the first byte that is not UTF-8.

    Arrow validates 16 MB at a time (the same rules as Python's strict decoder: no
    surrogates, overlong forms or truncated sequences); only a file that fails is decoded
    again in Python, to say where.
    """
    import pyarrow as pa

    tail = b""
    with open(p, "rb") as fh:
        while chunk := fh.read(UTF8_CHUNK):
            data = tail + chunk
            cut = _complete_utf8(data)
            data, tail = data[:cut], data[cut:]
            offsets = pa.py_buffer(np.array([0, len(data)], dtype=np.int32))
            try:
                pa.Array.from_buffers(pa.binary(), 1, [None, offsets, pa.py_buffer(data)]
                                      ).cast(pa.string())
            except pa.ArrowInvalid:
                break
        else:
            if not tail:
                return
    _find_bad_utf8(p)


def _complete_utf8(data: bytes) -> int:
    """Length of the part of ``data`` that does not end inside a multi-byte sequence."""
    for back in range(1, min(4, len(data)) + 1):
        byte = data[-back]
        if byte < 0x80:
            return len(data)
        if byte >= 0xC0:  # a lead byte: complete if its sequence fits
            need = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            return len(data) if back >= need else len(data) - back
    return len(data)


def _find_bad_utf8(p: Path) -> None:
    """Decode the file in Python; raise :class:`InputError` at the first byte not UTF-8."""
    import codecs

    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = 0
    lines = 1
    with open(p, "rb") as fh:
        while chunk := fh.read(1 << 24):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                # The decoder may hold back up to 3 bytes of an incomplete sequence.
                bad = max(0, min(len(chunk), exc.start - decoder.getstate()[0].__len__()))
                raise InputError(f"not UTF-8 text (byte {offset + bad}){SAVE_AS_UTF8}", path=str(p),
                                 line=lines + chunk.count(b"\n", 0, bad)) from exc
            offset += len(chunk)
            lines += chunk.count(b"\n")
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            raise InputError(f"not UTF-8 text (truncated at byte {offset}){SAVE_AS_UTF8}",
                             path=str(p), line=lines) from exc


def _csv_lines(p: Path, n: int, delimiter: str) -> np.ndarray:
    """Start line of every data record; fast when no value spans lines and no line is blank."""
    newlines = 0
    ends_with_newline = True
    with open(p, "rb") as fh:
        while chunk := fh.read(1 << 24):
            newlines += chunk.count(b"\n")
            ends_with_newline = chunk.endswith(b"\n")
    physical = newlines + (0 if ends_with_newline else 1)
    if physical == n + 1:
        return np.arange(2, n + 2)
    starts: list[int] = []
    with open(p, encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh, delimiter=delimiter)
        try:
            next(reader, None)
            line = reader.line_num
            for row in reader:
                if row:
                    starts.append(line + 1)
                line = reader.line_num
        except csv.Error:
            pass  # Arrow parsed the file; lines past what csv can read stay unknown (0)
    return np.asarray(starts[:n] + [0] * max(0, n - len(starts)))


def _read_csv_slow(p: Path, header: list[str], names: list[str], delimiter: str) -> RawTable:
    rows, lines, rejected = _csv_records(p, len(header), delimiter, keep_rows=True)
    frame = pd.DataFrame(rows, columns=names, dtype=object)
    return RawTable(str(p), frame, "csv", len(lines) + len(rejected), rejected, _lines=lines)


def _csv_records(p: Path, width: int, delimiter: str, *, keep_rows: bool
                 ) -> tuple[list[list[str]], np.ndarray, list[dict[str, Any]]]:
    """Records of a CSV file by Python's csv module: (rows if kept, start line of every whole
    record, rejections of the records whose number of fields is not the header's)."""
    rows: list[list[str]] = []
    lines: list[int] = []
    rejected: list[dict[str, Any]] = []
    csv.field_size_limit(64 * 1024 * 1024)
    with open(p, encoding="utf-8-sig", newline="", errors="strict") as fh:
        reader = csv.reader(fh, delimiter=delimiter)
        try:
            next(reader)
            line = reader.line_num
            for row in reader:
                start = line + 1
                line = reader.line_num
                if not row:
                    continue
                if len(row) != width:
                    rejected.append({
                        "source": str(p), "line": start, "column": "",
                        "value": delimiter.join(row)[:MAX_VALUE_CHARS],
                        "reason": f"row has {len(row)} fields, the header has {width}",
                    })
                    continue
                if keep_rows:
                    rows.append(row)
                lines.append(start)
        except UnicodeDecodeError as exc:
            raise InputError(f"not UTF-8 text ({exc.reason}){SAVE_AS_UTF8}", path=str(p),
                             line=reader.line_num + 1) from exc
        except csv.Error as exc:
            raise InputError(f"cannot parse CSV: {exc}", path=str(p),
                             line=reader.line_num) from exc
    return rows, np.asarray(lines, dtype=np.int64), rejected

