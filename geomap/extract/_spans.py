"""Text spans with a fast overlap test (the extractor's "already taken" lists).

A list scanned for every new span costs mentions x spans: a 10 MB text repeating one sentence
has 400,000 mentions, and the scans took hours. Spans kept sorted by start answer "does
[s, e) overlap any span?" by looking only at spans starting within the longest span's length
before ``s``.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from typing import Any


class Spans:
    """Half-open spans ``[start, end)`` with an optional payload each, sorted by start."""

    def __init__(self, spans: Iterable[tuple[int, int]] = (), payloads: Iterable[Any] = ()
                 ) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._payloads: list[Any] = []
        self._longest = 0
        extra = list(payloads)
        for k, (s, e) in enumerate(spans):
            self.append((s, e), extra[k] if k < len(extra) else None)

    def append(self, span: tuple[int, int], payload: Any = None) -> None:
        """Add a span (after spans with the same start: first added is found first)."""
        s, e = span
        i = bisect.bisect_right(self._starts, s)
        self._starts.insert(i, s)
        self._ends.insert(i, e)
        self._payloads.insert(i, payload)
        self._longest = max(self._longest, e - s)

    def first_overlap(self, s: int, e: int) -> int | None:
        """Position (in start order) of the first span overlapping ``[s, e)``, else None."""
        lo = bisect.bisect_left(self._starts, s - self._longest)
        hi = bisect.bisect_left(self._starts, e)
        ends = self._ends
        for i in range(lo, hi):
            if ends[i] > s:
                return i
        return None

    def overlaps(self, s: int, e: int) -> bool:
        """Whether ``[s, e)`` overlaps a span."""
        return self.first_overlap(s, e) is not None

    def payload_overlapping(self, s: int, e: int) -> Any:
        """Payload of the first span (in start order) overlapping ``[s, e)``, else None."""
        i = self.first_overlap(s, e)
        return None if i is None else self._payloads[i]

    def __len__(self) -> int:
        return len(self._starts)
