"""Cheap, central properties that run >= 10,000 examples each under the long profile (CI):
HTML and JavaScript escaping, URL filtering and CSV formula neutralisation.

Text mixes arbitrary Unicode with the payloads of tests/payloads.py, so the shrinker starts
close to real attacks.
"""

from __future__ import annotations

import html
import json

from hypothesis import given
from hypothesis import strategies as st
from payloads import ALL_PAYLOADS, FORMULA_PAYLOADS, UNSAFE_URLS

from geomap.render.escape import escape_html, escape_js, safe_url
from geomap.tables.own import neutralise, unneutralise

HOSTILE = st.lists(st.one_of(st.sampled_from(ALL_PAYLOADS + FORMULA_PAYLOADS + UNSAFE_URLS),
                             st.text(max_size=10)), max_size=6).map("".join)
URLS = st.builds(lambda scheme, rest: scheme + rest,
                 st.sampled_from(["http://", "https://", "HTTPS://", "javascript:", "JavaScript:",
                                  "data:", "vbscript:", "java\tscript:", " http://", "http:/",
                                  "//", "", "ftp://", "file:///", "\x00https://", "https:"]),
                 st.text(max_size=30))


@given(HOSTILE)
def test_html_and_csv_escaping_are_inert_and_lossless(text: str) -> None:
    # One property for both text escapes: the long profile pays hypothesis' per-example cost
    # once (CI budget).
    out = escape_html(text)
    for ch in "<>\"'{}":
        assert ch not in out
    assert html.unescape(out) == text
    cell = neutralise(text)
    assert not cell or cell[0] not in "=+-@\t\r"
    assert unneutralise(cell) == text


@given(st.one_of(HOSTILE, st.lists(HOSTILE, max_size=3)))
def test_escape_js_cannot_close_script_or_open_templates(value: object) -> None:
    out = escape_js(value)
    for bad in ("<", ">", "&", "'", "\u2028", "\u2029", "{{", "{%", "{#"):
        assert bad not in out, bad
    assert json.loads(out) == value


@given(st.one_of(URLS, HOSTILE))
def test_safe_url_lets_only_http_links_through(url: str) -> None:
    out = safe_url(url)
    if out is not None:
        assert out == url
        assert out.lower().startswith(("http://", "https://"))
        assert not any(ord(c) <= 0x20 or ord(c) == 0x7F for c in out)
