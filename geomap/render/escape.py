"""Escaping of untrusted text for HTML, inline JavaScript and links.

Everything that comes from inputs (news sentences, place names, actor names, source ids and
URLs) is untrusted: it may contain markup, ``</script>``, template syntax (``{{ ... }}`` would be
executed by Jinja if it reached folium) or ``javascript:`` URLs. The map never hands such text
to folium; it travels in one JSON payload made by :func:`escape_js` and is put into the page by
the map's own JavaScript with ``textContent``.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any, Final
from urllib.parse import urlsplit

__all__ = ["escape_html", "escape_js", "json_for_script", "safe_url"]

#: Characters that could end a ``<script>`` element, start an HTML entity or terminate a
#: JavaScript line (U+2028/9 before ES2019). In JSON text they can only occur inside strings,
#: so replacing them everywhere is exact (and fast on multi-megabyte payloads).
_JS_ESCAPES: Final = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("'", "\\u0027"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
    # Jinja delimiters: a structural ``{`` of JSON is always followed by ``"`` or ``}``, so any
    # ``{{``, ``{%`` or ``{#`` lies inside a string and can be escaped without a parser.
    ("{%", "\\u007b%"),
    ("{#", "\\u007b#"),
    ("{{", "\\u007b\\u007b"),
)
_SAFE_SCHEMES: Final = frozenset({"http", "https"})
_CONTROL_RE: Final = re.compile(r"[\x00-\x20\x7f]")


def escape_html(text: Any) -> str:
    """Escape ``text`` for HTML element content and quoted attribute values.

    Besides ``& < > " '`` the Jinja delimiters ``{`` and ``}`` are escaped too, so that escaped
    text stays inert even if it passes through a template engine.
    """
    out = html.escape("" if text is None else str(text), quote=True)
    return out.replace("{", "&#123;").replace("}", "&#125;")


def escape_js(value: Any) -> str:
    """Return ``value`` as a JavaScript literal that is safe inside an inline ``<script>``.

    The result is JSON (so ``JSON.parse`` accepts it too) in which ``<``, ``>``, ``&``, ``'``,
    U+2028 and U+2029 are ``\\u`` escapes, so ``</script>`` cannot close the element, and in
    which no ``{{``, ``{%`` or ``{#`` (template syntax) remains.
    """
    raw = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _escape_json_text(raw)


def json_for_script(value: Any) -> str:
    """Alias of :func:`escape_js` for payloads placed in ``<script type="application/json">``."""
    return escape_js(value)


def _escape_json_text(raw: str) -> str:
    for old, new in _JS_ESCAPES:
        if old in raw:
            raw = raw.replace(old, new)
    return raw


def safe_url(url: Any) -> str | None:
    """Return ``url`` if it is an absolute ``http`` or ``https`` URL with a host, else ``None``.

    Control characters and whitespace anywhere in the URL reject it (browsers strip them, which
    is how ``java\\tscript:`` tricks work).
    """
    if not isinstance(url, str) or not url or len(url) > 2048:
        return None
    if _CONTROL_RE.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in _SAFE_SCHEMES or not parts.netloc:
        return None
    return url
