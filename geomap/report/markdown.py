"""The Markdown report: summary and control-changes table for Quarto, Jupyter Book or MkDocs.

Cells are escaped for Markdown and HTML alike (:func:`escape_md`): a place name such as
``*Tripoli* | <script>`` stays literal text in CommonMark, GFM tables, Pandoc/Quarto and MyST.
"""

from __future__ import annotations

import re

import geomap
from geomap.report._model import (
    ChangeRow,
    ReportData,
    change_counts,
    is_web_url,
    state_lists,
)

#: Inline Markdown metacharacters across CommonMark, GFM, Pandoc (``@`` citations, ``^``/``~``
#: super/subscript, ``$`` maths) and MyST (``{role}``); any ASCII punctuation may be
#: backslash-escaped in CommonMark, so over-escaping is harmless.
_MD_META = re.compile(r"([\\`*_{}\[\]()!|~^$@<>])")
#: Block markers that only matter at the start of a line (list items, headings, quotes).
_LEADING = re.compile(r"^(?:([-+#=])|(\d{1,9})([.)]))")
_SPACE = re.compile(r"\s+")


def escape_md(text: object) -> str:
    """Escape text for an inline Markdown context (a table cell, a heading, a list item).

    HTML metacharacters become entities (``&amp; &lt; &gt;``), Markdown punctuation gets a
    backslash, and line breaks (which would end a table row) become spaces.
    """
    value = _SPACE.sub(" ", str(text)).strip()
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    value = _MD_META.sub(r"\\\1", value)
    return _LEADING.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", value)


def _md_link(text: str) -> str:
    if is_web_url(text):
        # Inside <...> a URL may not contain spaces, < or >; percent-encode the few that could
        # close the destination early. The label is escaped like any cell.
        url = text.replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")
        url = url.replace("(", "%28").replace(")", "%29").replace("|", "%7C")
        return f"[{escape_md(text)}](<{url}>)"
    return escape_md(text)


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    out.extend("| " + " | ".join(cells) + " |" for cells in rows)
    return out


def render_markdown(data: ReportData) -> str:
    """Lay out a report as Markdown (summary, per-actor table, changes, unresolved names)."""
    s = data.summary
    lines = [f"# {escape_md(data.title)}", ""]
    if data.sources:
        lines += ["Sources read:", ""] + [f"- {_md_link(src)}" for src in data.sources] + [""]
    if data.at:
        lines += [f"Control shown as of {escape_md(data.at)}.", ""]
    kinds = ", ".join(f"{k.replace('_', ' ')} {n}" for k, n in s.kinds.items()) or "none"
    lines += [
        "## Summary",
        "",
        f"- Date range: {escape_md(s.date_range)}",
        f"- Events: {s.n_events} ({escape_md(kinds)})",
        f"- Control changes: {change_counts(data.changes)}",
        f"- Places: {len({(c.location, c.country) for c in data.changes})} changed hands "
        f"({s.n_places} named in events)",
        f"- Unresolved names: {len(data.unresolved)}",
    ]
    for label, places in state_lists(data):
        lines.append(f"- {escape_md(label)}: {_count(places)}")
    if data.n_rejected is not None:
        lines.append(f"- Rejected rows: {data.n_rejected}")
    lines.append("")
    if data.actors:
        held = f"held on {data.date}" if data.date else "held (latest)"
        lines += _table(
            ["Actor", "Places gained", "Places lost", f"Places {escape_md(held)}"],
            [
                [
                    escape_md(a.name if a.name == a.actor else f"{a.name} ({a.actor})"),
                    _count(a.gained),
                    _count(a.lost),
                    _count(a.held),
                ]
                for a in data.actors
            ],
        )
        lines.append("")
    lines += ["## Control changes", ""]
    lines += _listing(
        ["Date", "Place", "Actor", "Previous actor", "Status", "Confidence", "Evidence", "Source"],
        [
            [
                escape_md(r.date_label),
                _place(r),
                escape_md(r.actor_name or "—"),
                escape_md(r.previous_name or "—"),
                r.status,
                f"{r.confidence:.2f}" if r.confidence is not None else "",
                escape_md(r.evidence),
                _md_link(r.source),
            ]
            for r in data.changes[: data.max_rows]
        ],
        total=len(data.changes),
        empty="None found.",
    )
    lines += ["", "## Unresolved names", ""]
    lines += _listing(
        ["Name", "Reason", "Candidates", "Evidence", "Source"],
        [
            [
                escape_md(u.place),
                escape_md(u.reason),
                escape_md(u.candidates),
                escape_md(u.evidence),
                _md_link(u.source),
            ]
            for u in data.unresolved[: data.max_rows]
        ],
        total=len(data.unresolved),
        empty="Every place name was resolved.",
    )
    lines += ["", f"*{escape_md(f'Made with geomap {geomap.__version__}.')}*", ""]
    return "\n".join(lines)


def _place(row: ChangeRow) -> str:
    if row.place and row.place != row.location:
        return f"{escape_md(row.location)} (“{escape_md(row.place)}”)"
    return escape_md(row.location)


def _listing(head: list[str], rows: list[list[str]], *, total: int, empty: str) -> list[str]:
    """A table of the first rows, a note of how many were left out, or ``empty``."""
    if not total:
        return [empty]
    more = [] if total <= len(rows) else ["", f"… and {total - len(rows):,} more rows, not shown."]
    return _table(head, rows) + more


def _count(places: list[str]) -> str:
    if not places:
        return "0"
    shown = ", ".join(places[:12]) + (f", … (+{len(places) - 12})" if len(places) > 12 else "")
    return f"{len(places)}: {escape_md(shown)}"
