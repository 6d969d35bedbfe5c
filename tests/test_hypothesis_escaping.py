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
from geomap.sources.tables.own import neutralise, unneutralise

# Text, payload, text, payload, text: a fixed-size tuple draws ~3x faster than a list of
# one_of pieces, which matters at 10,000 examples (the payload may be empty).
_PAYLOAD = st.sampled_from(["", *ALL_PAYLOADS, *FORMULA_PAYLOADS, *UNSAFE_URLS])
HOSTILE = st.tuples(st.text(max_size=10), _PAYLOAD, st.text(max_size=10), _PAYLOAD,
                    st.text(max_size=10)).map("".join)
URLS = st.builds(lambda scheme, rest: scheme + rest,
                 st.sampled_from(["http://", "https://", "HTTPS://", "javascript:", "JavaScript:",
                                  "data:", "vbscript:", "java\tscript:", " http://", "http:/",
                                  "//", "", "ftp://", "file:///", "\x00https://", "https:"]),
                 st.text(max_size=30))


def _check_html_and_csv(text: str) -> None:
    out = escape_html(text)
    for ch in "<>\"'{}":
        assert ch not in out
    assert html.unescape(out) == text
    cell = neutralise(text)
    assert not cell or cell[0] not in "=+-@\t\r"
    assert unneutralise(cell) == text


def _check_js(value: object) -> None:
    out = escape_js(value)
    for bad in ("<", ">", "&", "'", "\u2028", "\u2029", "{{", "{%", "{#"):
        assert bad not in out, bad
    assert json.loads(out) == value


def _check_url(url: str) -> None:
    out = safe_url(url)
    if out is not None:
        assert out == url
        assert out.lower().startswith(("http://", "https://"))
        assert not any(ord(c) <= 0x20 or ord(c) == 0x7F for c in out)


# One property for all the escapes: under the long profile (>= 10,000 examples) hypothesis'
# per-example generation cost dominates, so every draw is checked by every escape instead of
# paying that cost once per escape (the CI budget is 5 minutes for the whole suite).
@given(HOSTILE, st.one_of(URLS, HOSTILE))
def test_escapes_are_inert_and_lossless(text: str, url: str) -> None:
    _check_html_and_csv(text)
    _check_html_and_csv(url)
    _check_js(text)
    _check_js([text, {"url": url}])  # nested values, as payloads carry them
    _check_url(url)
    _check_url(text)

