"""Run report: every command accounts for its input.

``seen = events + unresolved + rejected`` must hold. Commands print :meth:`RunReport.summary`
on stderr and write :meth:`RunReport.write` as ``<output>.report.json``.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from geomap._io.atomic import write_text

if TYPE_CHECKING:
    import pandas as pd


class _TableResult(Protocol):
    """What a table reader returns (``sources.tables.TableResult``), as far as a report needs."""

    rows: int
    events: pd.DataFrame
    unresolved: pd.DataFrame
    rejected: pd.DataFrame
    notes: list[str]
    warnings: list[str]


@dataclass
class RunReport:
    """Counters and itemised problems of one run.

    Attributes
    ----------
    command
        The command (``extract``, ``map``...).
    inputs
        Paths or ids read.
    documents, rows
        Documents (articles) and table rows read.
    seen
        Mentions (text) plus rows (tables) considered.
    events
        Items that became events (before merging duplicates).
    merged_events
        Events after merging duplicates.
    unresolved
        One dict per unresolved mention or row: place, source, evidence, reason, candidates.
    rejected
        One dict per rejected row: source, line, column, value, reason.
    failures
        Per-document failures (document id and reason); each also counts as rejected.
    notes
        What was done to the inputs besides reading them (a dropped index column, a cap).
    warnings
        What a reader of the output should know (no control change, undated documents).
    """

    command: str = ""
    inputs: list[str] = field(default_factory=list)
    documents: int = 0
    rows: int = 0
    seen: int = 0
    events: int = 0
    merged_events: int = 0
    unresolved: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)
    failures: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def balanced(self) -> bool:
        """Whether ``seen == events + unresolved + rejected``."""
        return self.seen == self.events + len(self.unresolved) + len(self.rejected)

    def merge(self, other: RunReport) -> None:
        """Add the counts and lists of ``other`` to this report."""
        self.inputs.extend(other.inputs)
        self.documents += other.documents
        self.rows += other.rows
        self.seen += other.seen
        self.events += other.events
        self.merged_events += other.merged_events
        self.unresolved.extend(other.unresolved)
        self.rejected.extend(other.rejected)
        self.failures.extend(other.failures)
        self.notes.extend(other.notes)
        self.warnings.extend(other.warnings)

    def add_table(self, path: object, result: _TableResult) -> None:
        """Count one table read: each row is seen once and ends as an event, unresolved or
        rejected."""
        self.inputs.append(str(path))
        self.rows += result.rows
        self.seen += result.rows
        self.events += len(result.events)
        self.unresolved.extend(result.unresolved.to_dict("records"))
        self.rejected.extend(result.rejected.to_dict("records"))
        self.notes.extend(f"{path}: {note}" for note in result.notes)
        self.warnings.extend(result.warnings)

    def summary(self) -> str:
        """One line for stderr, in the fixed form of :func:`summary_line`."""
        return summary_line(self.command, documents=self.documents, rows=self.rows,
                            seen=self.seen, events=self.events, unresolved=len(self.unresolved),
                            rejected=len(self.rejected), merged_events=self.merged_events)

    def to_dict(self) -> dict[str, Any]:
        """The report as plain JSON-able data, with the balance check."""
        data = asdict(self)
        data["balanced"] = self.balanced
        return data

    def write(self, path: str | os.PathLike[str]) -> None:
        """Write the report as JSON (atomically)."""
        write_text(path, json.dumps(self.to_dict(), ensure_ascii=False, indent=2, default=str))


def summary_line(command: str, *, documents: int, rows: int, seen: int, events: int,
                 unresolved: int, rejected: int, merged_events: int | None,
                 detail: str = "", tail: dict[str, int] | None = None) -> str:
    """The one-line accounting every command prints on stderr.

    Counts are written ``key=value`` with the keys of ``<output>.report.json``, so the line
    reads the same for one document as for many (no "1 documents") and stays parseable:
    ``dict(re.findall(r"(\\w+)=(\\d+)", line))`` gives every count.

    >>> summary_line("extract", documents=1, rows=0, seen=3, events=2, unresolved=1,
    ...              rejected=0, merged_events=2)
    'extract: documents=1 rows=0; seen=3 = events=2 + unresolved=1 + rejected=0; merged_events=2'

    Parameters
    ----------
    command
        The command name, first on the line.
    documents, rows, seen, events, unresolved, rejected
        The counts; ``seen = events + unresolved + rejected`` is written as that sum.
    merged_events
        Events after merging duplicates; ``None`` leaves it out (a streamed dataset, where
        reports are not merged).
    detail
        Words after the first counts, in parentheses (throughput, engine).
    tail
        Further counts after the sum (``failures``, ``places``), in order.
    """
    head = f"{command}: documents={documents} rows={rows}"
    if detail:
        head += f" ({detail})"
    parts = [head, f"seen={seen} = events={events} + unresolved={unresolved} + "
                   f"rejected={rejected}"]
    if merged_events is not None:
        parts.append(f"merged_events={merged_events}")
    parts.extend(f"{key}={value}" for key, value in (tail or {}).items())
    return "; ".join(parts)
