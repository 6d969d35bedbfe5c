"""Documents: articles read from text files, JSON lines and folders, streamed one at a time.

* ``.txt`` / ``.md``: one article; a first line ``date YYYY-MM-DD`` is its dateline (the text
  keeps that line, and event offsets refer to the text as read).
* ``.jsonl`` / ``.jsonl.gz``: one article per line with ``text`` and optional ``id``, ``date``,
  ``url`` (also ``title``, prepended to the text as its first line when present).
* folders: every such file below it, recursively, in sorted order.

Bad lines (invalid JSON, no text) are recorded as rejected in the run report, never dropped
silently; an input that does not exist or cannot be read raises :class:`InputError`.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import gzip
import logging
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Final

from geomap._io import limits as _limits
from geomap.errors import InputError, LimitError
from geomap.runreport import RunReport
from geomap.sources._sanity import binary_reason

log = logging.getLogger("geomap.sources.documents")

ARTICLE_SUFFIXES: Final = (".txt", ".md")
JSONL_SUFFIXES: Final = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
#: A single article or JSON line larger than this is refused (memory safety).
MAX_DOCUMENT_CHARS: Final = 50_000_000
_DATELINE: Final = re.compile(r"\A[\ufeff\s]*date[ \t]*[:=]?[ \t]*(\d{4}-\d{2}-\d{2})(?=\s|\Z)",
                              re.IGNORECASE)
_ISO_PREFIX: Final = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True)
class Document:
    """One article.

    Attributes
    ----------
    id
        Document id (JSON ``id``, else file name, with ``#line`` for JSON lines).
    text
        The text as read (with its dateline line, if any).
    date
        Dateline as ISO date, or ``None``.
    url
        Source URL if given.
    path
        File it was read from (``""`` for in-memory documents).
    """

    id: str
    text: str
    date: str | None = None
    url: str = ""
    path: str = ""

    @property
    def source(self) -> str:
        """What events cite as their source: the URL if any, else the id."""
        return self.url or self.id


def split_dateline(text: str) -> tuple[str | None, int]:
    """Return ``(date, body_start)`` for a text that may start with ``date YYYY-MM-DD``.

    ``body_start`` is the offset where the article proper starts (0 without dateline).
    An invalid calendar date (``date 2020-13-40``) is not a dateline.
    """
    match = _DATELINE.match(text)
    if not match:
        return None, 0
    try:
        dt.date.fromisoformat(match.group(1))
    except ValueError:
        return None, 0
    end = match.end()
    # Skip the rest of the dateline's whitespace (newline or spaces) before the body.
    while end < len(text) and text[end].isspace():
        end += 1
    return match.group(1), end


#: Written dates with a year, as JSON date fields and datelines give them ("5 June 2020",
#: "June 5, 2020", "Jun. 5 2020"); full and abbreviated month names.
_WRITTEN_FORMATS: Final = ("%d %B %Y", "%B %d %Y", "%d %b %Y", "%b %d %Y")


def _written_date(text: str) -> str | None:
    """The ISO date of a written day-month-year date, or ``None``."""
    plain = re.sub(r"(?<=\d)(?:st|nd|rd|th)\b|[,.]", " ", text)
    plain = " ".join(plain.split())
    for fmt in _WRITTEN_FORMATS:
        try:
            return dt.datetime.strptime(plain, fmt).date().isoformat()  # noqa: DTZ007
        except ValueError:
            continue
    return None


def normalise_date(value: Any) -> str | None:
    """An ISO date (``YYYY-MM-DD``) from a JSON date field, or ``None`` if it has none.

    Accepts ISO dates and timestamps, written dates with a year (``5 June 2020``,
    ``June 5, 2020``) and RFC 2822 dates (RSS feeds). ``dateparser`` is not used: importing it
    costs seconds per worker process.

    Raises
    ------
    ValueError
        The value is not empty but is not a date.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = str(value)
    match = _ISO_PREFIX.match(text)
    if match:
        return dt.date(int(match[1]), int(match[2]), int(match[3])).isoformat()
    written = _written_date(text.strip())
    if written:
        return written
    try:
        return email.utils.parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError) as exc:
        raise ValueError(f"not a date: {text[:40]!r}") from exc


def is_article_path(path: str | os.PathLike[str]) -> bool:
    """Whether a path is an article or article collection this module reads."""
    name = str(path).lower()
    return name.endswith(ARTICLE_SUFFIXES) or name.endswith(JSONL_SUFFIXES)


def make_document(text: str, *, id: str = "", date: str | None = None, url: str = "",
                  path: str = "") -> Document:
    """A document from a string: the dateline in the text wins over ``date``."""
    dateline, _ = split_dateline(text)
    return Document(id=id or url or "text", text=text, date=dateline or date, url=url, path=path)


def iter_documents(paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str], *,
                   date: str | None = None, report: RunReport | None = None
                   ) -> Iterator[Document]:
    """Stream documents from files and folders, in order.

    Parameters
    ----------
    paths
        Article files, JSON-lines files, or folders of those.
    date
        Dateline for documents that have none (``--date``).
    report
        Counts documents, lines read (``rows``) and rejected lines (each also ``seen``).

    Raises
    ------
    InputError
        A path does not exist, is not an article/JSON-lines file, or cannot be read.
    """
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    if date is not None:
        try:
            date = normalise_date(date)
        except (ValueError, OverflowError) as exc:  # "2020-02-30": a clear error, not a crash
            raise InputError(f"--date {date!r} is not a date ({exc})") from exc
    for raw in paths:
        path = Path(raw)
        if report is not None:
            report.inputs.append(str(path))
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file() and is_article_path(p)):
                yield from _iter_file(child, date, report)
        elif path.is_file():
            if not is_article_path(path):
                raise InputError("not an article (.txt, .md) or JSON lines (.jsonl) file",
                                 path=str(path))
            yield from _iter_file(path, date, report)
        else:
            raise InputError("no such file or folder", path=str(path))


def _iter_file(path: Path, date: str | None, report: RunReport | None) -> Iterator[Document]:
    _limits.require_utf8_name(path)
    name = path.name.lower()
    if name.endswith(ARTICLE_SUFFIXES):
        try:
            doc = _read_article(path, date)
        except NotText as exc:
            # Refused as a whole, with its reason, and the run goes on with the other inputs.
            log.warning("%s: %s", path, exc.reason)
            _reject(report, path, 1, "", path.name, exc.reason)
            return
        if report is not None:
            report.documents += 1
        yield doc
    else:
        yield from _read_jsonl(path, date, report)


class NotText(Exception):
    """A file named as an article holds binary data (a program, a PDF, an archive...)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _read_article(path: Path, date: str | None) -> Document:
    # Size limit, then UTF-8/UTF-16 (BOM), Windows-1256 or Latin-1: old Arabic and Western
    # Windows programs save articles in those, and refusing them would lose the article.
    data = _limits.read_bytes(path, max_bytes=MAX_DOCUMENT_CHARS * 4)
    text = _limits.decode_bytes(data)[0]
    reason = binary_reason(data, text)
    if reason is not None:
        raise NotText(reason)
    del data
    # Universal newlines, as text-mode reading did before: offsets refer to this text.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > MAX_DOCUMENT_CHARS:
        raise LimitError(f"article longer than {MAX_DOCUMENT_CHARS} characters", path=str(path))
    return make_document(text, id=path.name, date=date, path=str(path))


def _open_lines(path: Path) -> IO[str]:
    # Bounded: gzip-bomb guard and encoding sniffing (BOM, UTF-8, cp1256, Latin-1).
    return _limits.open_text(path)


def _reject(report: RunReport | None, path: Path, line: int, column: str, value: str,
            reason: str) -> None:
    log.debug("%s:%d rejected: %s", path, line, reason)
    if report is not None:
        report.seen += 1
        report.rejected.append({"source": str(path), "line": line, "column": column,
                                "value": value[:200], "reason": reason})


def _read_jsonl(path: Path, date: str | None, report: RunReport | None) -> Iterator[Document]:
    try:
        handle = _open_lines(path)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=str(path)) from exc
    with handle:
        lineno = 0
        try:
            for lineno, bounded in _limits.bounded_lines(handle, max_chars=MAX_DOCUMENT_CHARS):
                if bounded is None:  # longer than the limit: skipped with bounded memory
                    if report is not None:
                        report.rows += 1
                    _reject(report, path, lineno, "", "", "line too long")
                    continue
                line = bounded
                if not line.strip():
                    continue
                if report is not None:
                    report.rows += 1
                doc = _parse_line(path, lineno, line, date, report)
                if doc is not None:
                    if report is not None:
                        report.documents += 1
                    yield doc
        except LimitError:
            raise  # a compressed-file bomb stops the run with a clear reason
        except (InputError, UnicodeDecodeError, EOFError, gzip.BadGzipFile, OSError) as exc:
            _reject(report, path, lineno + 1, "", "", f"unreadable data: {exc}")


def _parse_line(path: Path, lineno: int, line: str, date: str | None,
                report: RunReport | None) -> Document | None:
    if len(line) > MAX_DOCUMENT_CHARS:
        _reject(report, path, lineno, "", line.rstrip("\r\n")[:80], "line too long")
        return None
    try:
        # Bounded nesting: json.loads alone raises RecursionError on "[[[[...".
        record = _limits.loads_json(line)
    except InputError as exc:
        _reject(report, path, lineno, "", line.rstrip("\r\n")[:80], str(exc))
        return None
    if not isinstance(record, dict):
        _reject(report, path, lineno, "", line.rstrip("\r\n")[:80], "not a JSON object")
        return None
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        _reject(report, path, lineno, "text", "" if text is None else str(text)[:80], "no text")
        return None
    title = record.get("title")
    if isinstance(title, str) and title.strip():
        text = f"{title.strip()}\n\n{text}"
    try:
        doc_date = normalise_date(record.get("date")) or date
    except (ValueError, OverflowError) as exc:
        _reject(report, path, lineno, "date", str(record.get("date"))[:80], str(exc))
        return None
    raw_id = record.get("id")
    doc_id = str(raw_id) if raw_id not in (None, "") else f"{path.name}#{lineno}"
    url = record.get("url") or ""
    dateline, _ = split_dateline(text)
    return Document(id=doc_id, text=text, date=dateline or doc_date, url=str(url),
                    path=str(path))
