"""Safe reading helpers: bounded sizes, bounded lines, bounded decompression, bounded nesting.

geomap reads untrusted files (news corpora, tables exported from the web). These helpers turn
the ways such files can exhaust memory or the stack into a :class:`~geomap.errors.LimitError`
that names the file and line, and they decode text that is not UTF-8 (Windows-1256 Arabic,
Latin-1) instead of failing on it.

Typical use in a reader::

    from geomap._io import limits as _limits

    with _limits.open_text(path) as fh:                       # size + gzip-bomb guard, encoding
        for lineno, line in _limits.bounded_lines(fh, path=path):
            if line is None:                                  # longer than MAX_LINE_CHARS
                report.rejected.append(...); continue
            record = _limits.loads_json(line, path=path, line=lineno)

Limits can be raised for big but trusted inputs with environment variables
``GEOMAP_MAX_FILE_BYTES``, ``GEOMAP_MAX_LINE_CHARS``, ``GEOMAP_MAX_DECOMPRESSED_BYTES``.
"""

from __future__ import annotations

import codecs
import gzip
import io
import itertools
import json
import os
import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, Final

from geomap.errors import InputError, LimitError


def _env_int(name: str, default: int) -> int:
    try:
        value = int(os.environ.get(name, ""))
    except ValueError:
        return default
    return value if value > 0 else default


#: Largest input file read (compressed size for .gz). 4 GiB by default.
MAX_FILE_BYTES: Final = _env_int("GEOMAP_MAX_FILE_BYTES", 4 * 1024**3)
#: Longest single line (characters) of a JSON-lines or CSV file. 50 million by default,
#: the same bound documents.py applies to one article.
MAX_LINE_CHARS: Final = _env_int("GEOMAP_MAX_LINE_CHARS", 50_000_000)
#: Most bytes a compressed file may expand to. 16 GiB by default.
MAX_DECOMPRESSED_BYTES: Final = _env_int("GEOMAP_MAX_DECOMPRESSED_BYTES", 16 * 1024**3)
#: Largest expansion ratio once more than :data:`RATIO_FLOOR_BYTES` came out. Real text
#: compresses 3-10x; highly repetitive logs up to ~100x; bombs reach 1000x.
MAX_DECOMPRESSION_RATIO: Final = 200
#: Below this many decompressed bytes the ratio is not checked (tiny files compress oddly).
RATIO_FLOOR_BYTES: Final = 64 * 1024**2
#: Deepest JSON nesting accepted (GeoJSON MultiPolygons need 5 levels plus the feature).
MAX_JSON_DEPTH: Final = 64

_CHUNK: Final = 1 << 16
_BOMS: Final = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_JSON_STRING: Final = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
#: Deletes every character but brackets (str.translate maps missing keys to themselves, so the
#: table is a dict subclass that answers None for the rest).


class _KeepBrackets(dict[int, int | None]):
    def __missing__(self, key: int) -> int | None:
        return key if chr(key) in "[]{}" else None


_KEEP_BRACKETS: Final = _KeepBrackets()
_STEP: Final = {"[": 1, "{": 1, "]": -1, "}": -1}
#: A JSON escape of a UTF-16 surrogate (``\ud83d``): the only way JSON text gets one.
_SURROGATE_ESCAPE: Final = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE: Final = re.compile("[\ud800-\udfff]")


# --------------------------------------------------------------------------- text


def has_surrogate(text: str) -> bool:
    """Whether *text* holds a UTF-16 surrogate code point (which UTF-8 cannot encode)."""
    return _SURROGATE.search(text) is not None


def utf8_text(text: str) -> str:
    """*text* with every UTF-16 surrogate code point as U+FFFD (same length, same offsets).

    Python strings get them from ``surrogateescape`` decoding or a JSON escape cut from its
    pair; every UTF-8 writer (events, reports, maps, Arrow) would fail on them.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text)
    return text


# --------------------------------------------------------------------------- names


def require_utf8_name(path: str | os.PathLike[str]) -> None:
    """Raise :class:`InputError` for a path whose bytes are not UTF-8.

    Python decodes such a name with lone surrogates (``\udcff``); it would become a source or
    document id that no UTF-8 output (events, report, map) can be written with.
    """
    text = os.fspath(path)
    if isinstance(text, str) and _SURROGATE.search(text):
        raise InputError("file name is not valid UTF-8; rename the file",
                         path=text.encode("utf-8", "surrogateescape").decode("utf-8", "replace"))


# --------------------------------------------------------------------------- sizes


def check_file_size(path: str | os.PathLike[str], limit: int | None = None) -> int:
    """Return the size of ``path`` in bytes; raise if it is larger than ``limit``.

    Raises
    ------
    InputError
        The file does not exist or cannot be read.
    LimitError
        The file is larger than ``limit`` (default :data:`MAX_FILE_BYTES`).
    """
    limit = MAX_FILE_BYTES if limit is None else limit
    try:
        size = os.stat(path).st_size
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=str(path)) from exc
    if size > limit:
        raise LimitError(f"file is {size} bytes, more than the limit of {limit} "
                         "(set GEOMAP_MAX_FILE_BYTES to raise it)", path=str(path))
    return size


class _BoundedGzip(io.RawIOBase):
    """A gzip stream that stops with LimitError when it expands too much (a bomb)."""

    def __init__(self, path: Path, compressed_size: int, max_bytes: int, max_ratio: float):
        super().__init__()
        self._path = path
        self._inner = gzip.open(path, "rb")  # noqa: SIM115 - closed in close()
        self._compressed = max(compressed_size, 1)
        self._max_bytes = max_bytes
        self._max_ratio = max_ratio
        self.produced = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        try:
            n = self._inner.readinto(buffer)
        except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
            raise InputError(f"corrupt gzip data: {exc}", path=str(self._path)) from exc
        self.produced += n
        if self.produced > self._max_bytes:
            raise LimitError(f"decompresses to more than {self._max_bytes} bytes "
                             "(set GEOMAP_MAX_DECOMPRESSED_BYTES to raise it)",
                             path=str(self._path))
        if (self.produced > RATIO_FLOOR_BYTES
                and self.produced / self._compressed > self._max_ratio):
            raise LimitError(f"decompression ratio above {self._max_ratio:g}:1 "
                             "(a compressed-file bomb?)", path=str(self._path))
        return n

    def close(self) -> None:
        try:
            self._inner.close()
        finally:
            super().close()


def open_binary(path: str | os.PathLike[str], *, max_bytes: int | None = None,
                max_decompressed: int | None = None,
                max_ratio: float = MAX_DECOMPRESSION_RATIO) -> IO[bytes]:
    """Open a file for reading bytes, decompressing ``.gz`` with a bomb guard.

    Parameters
    ----------
    path
        The file; names ending in ``.gz`` are decompressed.
    max_bytes
        Largest file size on disk (default :data:`MAX_FILE_BYTES`).
    max_decompressed, max_ratio
        Bounds on the decompressed stream (default :data:`MAX_DECOMPRESSED_BYTES` and
        :data:`MAX_DECOMPRESSION_RATIO`); exceeding them raises :class:`LimitError` while
        reading, after at most one extra chunk of memory.

    Raises
    ------
    InputError, LimitError
        Missing/unreadable file, too large.
    """
    p = Path(path)
    size = check_file_size(p, max_bytes)
    try:
        if p.name.lower().endswith(".gz"):
            raw = _BoundedGzip(p, size,
                               MAX_DECOMPRESSED_BYTES if max_decompressed is None
                               else max_decompressed, max_ratio)
            return io.BufferedReader(raw, buffer_size=_CHUNK)
        return p.open("rb")
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=str(p)) from exc


# --------------------------------------------------------------------------- encodings


def sniff_encoding(sample: bytes) -> str:
    """Guess the encoding of a text from its first bytes.

    Order: byte-order mark (UTF-8/16/32), valid UTF-8, Windows-1256 when the non-ASCII bytes
    form Arabic words, else Windows-1252/Latin-1. A UTF-8 sequence cut at the end of the sample
    still counts as UTF-8.
    """
    if sample.startswith(codecs.BOM_UTF32_LE) and not _plausible_utf32(sample):
        # FF FE 00 00 is also UTF-16-LE's mark followed by U+0000; UTF-32 files are rare.
        return "utf-16"
    for bom, name in _BOMS:
        if sample.startswith(bom):
            return name
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(sample) - 3 and exc.reason == "unexpected end of data":
            return "utf-8"
    if _looks_arabic_cp1256(sample):
        return "cp1256"
    try:
        sample.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


def _plausible_utf32(sample: bytes) -> bool:
    body = sample[4:len(sample) - len(sample) % 4]
    if not body:
        return False
    try:
        body.decode("utf-32-le")
    except UnicodeDecodeError:
        return False
    return True


def _looks_arabic_cp1256(sample: bytes) -> bool:
    """Windows-1256 Arabic text: high bytes come in runs (words) and decode to Arabic letters.

    Latin-1 text has isolated high bytes between ASCII letters (``café``, ``Müller``); Arabic in
    cp1256 has almost only high bytes inside words.
    """
    high = [i for i, b in enumerate(sample) if b >= 0x80]
    if not high:
        return False
    in_runs = sum(1 for i in high
                  if (i > 0 and sample[i - 1] >= 0x80)
                  or (i + 1 < len(sample) and sample[i + 1] >= 0x80))
    text = sample.decode("cp1256", errors="replace")
    arabic = sum(1 for ch in text if "\u0600" <= ch <= "\u06ff")
    return in_runs >= 0.6 * len(high) and arabic >= 0.5 * len(high)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode bytes of unknown encoding; return ``(text, encoding)``. Never raises.

    A byte-order mark is removed. Non-UTF-8 text is decoded as Windows-1256 (Arabic) or
    Windows-1252/Latin-1, so a file saved by an old Arabic or Western Windows program reads
    instead of failing.
    """
    encoding = sniff_encoding(data)
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError:
        # A UTF-8 head with a broken tail: keep what is valid, mark the rest.
        return data.decode(encoding, errors="replace"), encoding


def read_bytes(path: str | os.PathLike[str], *, max_bytes: int | None = None) -> bytes:
    """Read a whole (possibly gzipped) file with size limits.

    Raises
    ------
    InputError, LimitError
        Missing/unreadable file, too large, compressed-file bomb.
    """
    with open_binary(path, max_bytes=max_bytes) as fh:
        limit = MAX_FILE_BYTES if max_bytes is None else max_bytes
        data = fh.read(limit + 1)
        if len(data) > limit:
            raise LimitError(f"decompresses to more than {limit} bytes", path=str(path))
    return bytes(data)


def read_text(path: str | os.PathLike[str], *, max_bytes: int | None = None) -> str:
    """Read a whole (possibly gzipped) text file with size limits and encoding detection.

    Raises
    ------
    InputError, LimitError
        Missing/unreadable file, too large, compressed-file bomb.
    """
    return decode_bytes(read_bytes(path, max_bytes=max_bytes))[0]


def open_text(path: str | os.PathLike[str], *, encoding: str | None = None,
              max_bytes: int | None = None, newline: str | None = None) -> IO[str]:
    """Open a (possibly gzipped) text file for streaming with limits and a sniffed encoding.

    The encoding is guessed from the first 64 KiB (see :func:`sniff_encoding`) unless given;
    bytes that do not decode later in the file become U+FFFD instead of stopping the read.
    ``newline`` is passed to :class:`io.TextIOWrapper` (use ``""`` for the csv module).
    """
    raw = open_binary(path, max_bytes=max_bytes)
    try:
        if encoding is None:
            # open_binary returns a BufferedReader: peek does not consume.
            encoding = sniff_encoding(raw.peek(_CHUNK)[:_CHUNK])  # type: ignore[attr-defined]
    except OSError as exc:
        raw.close()
        raise InputError(f"cannot read: {exc}", path=str(path)) from exc
    return io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline=newline)


# --------------------------------------------------------------------------- lines


def bounded_lines(handle: IO[str], *, max_chars: int | None = None,
                  path: str | os.PathLike[str] | None = None
                  ) -> Iterator[tuple[int, str | None]]:
    """Iterate ``(line_number, line)`` with bounded memory; ``None`` for a too-long line.

    A line longer than ``max_chars`` (default :data:`MAX_LINE_CHARS`) is skipped in chunks, so
    a multi-gigabyte line without newlines never sits in memory; the caller records it as
    rejected. Line numbers start at 1.
    """
    limit = MAX_LINE_CHARS if max_chars is None else max_chars
    lineno = 0
    while True:
        line = handle.readline(limit + 1)
        if not line:
            return
        lineno += 1
        if len(line) > limit and not line.endswith("\n"):
            # Drain the rest of this line without keeping it.
            while True:
                rest = handle.readline(_CHUNK)
                if not rest or rest.endswith("\n"):
                    break
            yield lineno, None
            continue
        if len(line) > limit:
            yield lineno, None
            continue
        yield lineno, line


def bounded_binary_lines(handle: IO[bytes], *, max_bytes: int
                         ) -> Iterator[tuple[int, bytes | None]]:
    """Like :func:`bounded_lines` for a binary file: ``(line_number, bytes or None)``."""
    lineno = 0
    while True:
        line = handle.readline(max_bytes + 1)
        if not line:
            return
        lineno += 1
        if len(line) > max_bytes:
            while not line.endswith(b"\n"):
                line = handle.readline(_CHUNK)
                if not line:
                    break
            yield lineno, None
            continue
        yield lineno, line


# --------------------------------------------------------------------------- JSON


def json_depth(text: str) -> int:
    """Deepest nesting of arrays/objects in a JSON text (strings ignored). Linear time."""
    if "[" not in text and "{" not in text:
        return 0
    brackets = _JSON_STRING.sub('""', text).translate(_KEEP_BRACKETS)
    if not brackets:
        return 0
    return max(0, max(itertools.accumulate(map(_STEP.__getitem__, brackets))))


def loads_json(text: str | bytes, *, max_depth: int = MAX_JSON_DEPTH,
               path: str | os.PathLike[str] | None = None, line: int | None = None) -> Any:
    """``json.loads`` that refuses deep nesting and non-standard numbers; lone surrogates
    become U+FFFD (:func:`scrub_surrogates`).

    Raises
    ------
    LimitError
        Nesting deeper than ``max_depth``.
    InputError
        Invalid JSON, or ``NaN``/``Infinity`` literals (not JSON; they would become float NaN).
    """
    where = None if path is None else str(path)
    if isinstance(text, bytes):
        text = decode_bytes(text)[0]
    if json_depth(text) > max_depth:
        raise LimitError(f"JSON nested deeper than {max_depth} levels", path=where, line=line)

    def _constant(name: str) -> Any:
        raise ValueError(f"{name} is not valid JSON")

    try:
        return scrub_surrogates(text, json.loads(text, parse_constant=_constant))
    except RecursionError as exc:  # defence in depth; json_depth should catch it first
        raise LimitError("JSON nested too deeply", path=where, line=line) from exc
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON: {exc.msg} at column {exc.colno}",
                         path=where, line=line) from exc
    except ValueError as exc:
        raise InputError(f"invalid JSON: {exc}", path=where, line=line) from exc


def scrub_surrogates(text: str | bytes, value: Any) -> Any:
    """``value`` (parsed from JSON ``text``) with lone UTF-16 surrogates replaced by U+FFFD.

    ``json.loads`` joins escaped surrogate pairs (``\ud83d\ude00``) but keeps a lone one (a
    truncated emoji from a scraper) as a character no UTF-8 writer accepts; every output would
    then fail. Replaced the way undecodable bytes are, in keys and values at any depth. Costs
    nothing unless ``text`` holds a surrogate escape.
    """
    probe = text if isinstance(text, str) else text.decode("latin-1")
    if not _SURROGATE_ESCAPE.search(probe):
        return value
    return _scrub(value)


def _scrub(value: Any) -> Any:
    if isinstance(value, str):
        return utf8_text(value)
    if isinstance(value, dict):
        return {_scrub(k): _scrub(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    return value


def load_json_file(path: str | os.PathLike[str], *, max_bytes: int | None = None,
                   max_depth: int = MAX_JSON_DEPTH) -> Any:
    """Read and parse a whole JSON (or GeoJSON) file with all the limits above."""
    return loads_json(read_text(path, max_bytes=max_bytes), max_depth=max_depth, path=path)
