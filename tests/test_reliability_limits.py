"""Limits: huge lines, huge files, compressed-file bombs and deep JSON give clear errors with
bounded memory; text in other encodings is decoded, not refused."""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geomap._io import limits as _limits
from geomap.errors import InputError, LimitError


def _bomb(path: Path, megabytes: int) -> Path:
    """A gzip file of concatenated members that expands ~1000x (zeros without newlines)."""
    member = gzip.compress(b"\0" * (1 << 20), compresslevel=9)
    path.write_bytes(member * megabytes)
    return path


def test_gzip_bomb_stops_at_ratio_with_bounded_memory(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    bomb = _bomb(tmp_path / "corpus.jsonl.gz", 200)  # ~200 KB on disk -> 200 MB
    monkeypatch.setattr(_limits, "RATIO_FLOOR_BYTES", 8 << 20)
    tracemalloc.start()
    try:
        with pytest.raises(LimitError, match="ratio") as info, _limits.open_text(bomb) as fh:
            for _ in _limits.bounded_lines(fh, max_chars=1 << 20):
                pass
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "corpus.jsonl.gz" in str(info.value)
    assert peak < 64 << 20, f"peak {peak >> 20} MiB while reading a bomb"


def test_gzip_absolute_limit(tmp_path: Path) -> None:
    bomb = _bomb(tmp_path / "t.gz", 12)
    with pytest.raises(LimitError, match="more than"), _limits.open_binary(
            bomb, max_decompressed=4 << 20) as fh:
        while fh.read(1 << 16):
            pass


def test_corrupt_gzip_is_input_error(tmp_path: Path) -> None:
    bad = tmp_path / "broken.jsonl.gz"
    bad.write_bytes(gzip.compress(b'{"text": "a"}\n' * 1000)[:-40] + b"garbage")
    with pytest.raises(InputError, match="broken.jsonl.gz"):
        _limits.read_text(bad)


def test_file_size_limit_and_missing_file(tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    big.write_bytes(b"a,b\n" * 1000)
    with pytest.raises(LimitError, match="big.csv"):
        _limits.check_file_size(big, 100)
    assert _limits.check_file_size(big, 10_000) == 4000
    with pytest.raises(InputError, match="missing.csv"):
        _limits.check_file_size(tmp_path / "missing.csv")


def test_huge_line_is_skipped_with_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "lines.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        fh.write('{"text": "first"}\n')
        fh.write("x" * (40 << 20))  # one 40 MB line
        fh.write('\n{"text": "third"}\n')
    tracemalloc.start()
    try:
        with _limits.open_text(path) as fh:
            got = list(_limits.bounded_lines(fh, max_chars=1 << 20))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [(n, None if line is None else line.strip()) for n, line in got] == [
        (1, '{"text": "first"}'), (2, None), (3, '{"text": "third"}')]
    assert peak < 16 << 20, f"peak {peak >> 20} MiB for a 40 MB line"


@pytest.mark.parametrize("depth", [65, 1000, 100_000])
def test_deep_json_is_limit_error(depth: int) -> None:
    with pytest.raises(LimitError, match="nested"):
        _limits.loads_json("[" * depth + "]" * depth, path="x.geojson", line=3)
    with pytest.raises(LimitError, match=r"x.geojson:3"):
        _limits.loads_json('{"a":' * depth + "1" + "}" * depth, path="x.geojson", line=3)


def test_json_limits_and_errors() -> None:
    assert _limits.loads_json('{"a": [[1, 2], {"b": "[[[[[["}]}') == {
        "a": [[1, 2], {"b": "[[[[[["}]}
    with pytest.raises(InputError, match="NaN"):
        _limits.loads_json('{"lat": NaN}')
    with pytest.raises(InputError, match="Infinity"):
        _limits.loads_json("[Infinity]")
    with pytest.raises(InputError, match="invalid JSON"):
        _limits.loads_json('{"a": ')
    assert _limits.loads_json(b'\xef\xbb\xbf{"a": 1}') == {"a": 1}


def test_deep_json_file(tmp_path: Path) -> None:
    path = tmp_path / "deep.geojson"
    path.write_text('{"type": "FeatureCollection", "features": ' + "[" * 5000 + "]" * 5000 + "}",
                    encoding="utf-8")
    with pytest.raises(LimitError, match="deep.geojson"):
        _limits.load_json_file(path)


ARABIC = "سيطرت القوات على مطار طرابلس وترهونة بعد اشتباكات عنيفة"
WESTERN = "Les forces ont repris Tarhunah et l'aéroport après des combats; Müller, Señor"


@pytest.mark.parametrize(("text", "encoding", "expected"), [
    (ARABIC, "utf-8", "utf-8"),
    (ARABIC, "utf-8-sig", "utf-8-sig"),
    (ARABIC, "utf-16", "utf-16"),
    (ARABIC, "utf-32", "utf-32"),
    (ARABIC, "cp1256", "cp1256"),
    (WESTERN, "latin-1", "cp1252"),
    (WESTERN, "cp1252", "cp1252"),
    (WESTERN, "utf-8", "utf-8"),
])
def test_encodings_are_detected(text: str, encoding: str, expected: str, tmp_path: Path) -> None:
    data = text.encode(encoding)
    assert _limits.sniff_encoding(data) == expected
    assert _limits.decode_bytes(data) == (text, expected)
    path = tmp_path / "article.txt"
    path.write_bytes(data)
    assert _limits.read_text(path) == text
    with _limits.open_text(path) as fh:
        assert fh.read() == text


def test_mixed_newlines_and_nul(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_bytes(b"one\r\ntwo\rthree\nfour\x00five")
    with _limits.open_text(path) as fh:
        lines = [line for _, line in _limits.bounded_lines(fh)]
    assert lines == ["one\n", "two\n", "three\n", "four\x00five"]


def test_undecodable_tail_of_utf8_is_replaced_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "tail.jsonl"
    path.write_bytes(b'{"text": "ok"}\n' * 10_000 + b'{"text": "bad \xff\xfe byte"}\n')
    with _limits.open_text(path) as fh:
        lines = [line for _, line in _limits.bounded_lines(fh)]
    assert len(lines) == 10_001
    assert "\ufffd" in (lines[-1] or "")


# --------------------------------------------------------------------------- properties
# decode_bytes is cheap and central: they take the profile (10,000 examples under
# the long profile). The others are pinned so the long profile stays within the CI budget.
_PINNED = settings(max_examples=500)

@given(st.binary(max_size=2000))
def test_decode_bytes_never_raises(data: bytes) -> None:
    text, encoding = _limits.decode_bytes(data)
    assert isinstance(text, str)
    codecs_ok = {"utf-8", "utf-8-sig", "utf-16", "utf-32", "cp1256", "cp1252", "latin-1"}
    assert encoding in codecs_ok


@_PINNED
@given(st.text(max_size=500))
def test_utf8_text_round_trips(text: str) -> None:
    # st.text() has no lone surrogates, so every example is valid UTF-8.
    assert _limits.decode_bytes(text.encode("utf-8"))[0] == text


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=30,
)


def _depth(value: object) -> int:
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    return 0


@settings(max_examples=300)  # recursive strategy: ~10 ms per example
@given(_JSON)
def test_json_depth_matches_structure(value: object) -> None:
    text = json.dumps(value)
    assert _limits.json_depth(text) == _depth(value)
    assert _limits.loads_json(text) == value


@_PINNED
@given(st.text(max_size=300))
def test_loads_json_raises_only_geomap_errors(text: str) -> None:
    with contextlib.suppress(InputError):
        _limits.loads_json(text)


@_PINNED
@given(st.lists(st.text(alphabet=st.characters(blacklist_characters="\n\r"), max_size=60),
                max_size=20), st.integers(min_value=1, max_value=80))
def test_bounded_lines_keeps_short_lines_and_flags_long_ones(lines: list[str],
                                                             limit: int) -> None:
    handle = io.StringIO("".join(f"{line}\n" for line in lines), newline="\n")
    got = list(_limits.bounded_lines(handle, max_chars=limit))
    assert [n for n, _ in got] == list(range(1, len(lines) + 1))
    for (_, out), line in zip(got, lines, strict=True):
        if len(line) + 1 <= limit:
            assert out == line + "\n"
        elif len(line) >= limit:
            assert out is None


def test_table_reader_skips_a_huge_jsonl_line_with_bounded_memory(tmp_path: Path) -> None:
    """An 80 MB line in a JSON-lines table is rejected without being held in memory."""
    import geomap
    from geomap.runreport import RunReport
    from geomap.sources.tables import _json

    good = json.dumps({"kind": "control_change", "event_date": "2020-06-05", "actor": "GNA",
                       "place": "Tripoli", "location": "Tripoli", "country": "LY",
                       "latitude": 32.9, "longitude": 13.2})
    path = tmp_path / "events.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        fh.write(good + "\n" + '{"text": "' + "y" * (80 << 20) + '"}\n' + good + "\n")
    report = RunReport(command="read")
    tracemalloc.start()
    try:
        geomap.read_events(path, report=report)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert report.balanced and report.rows == 3
    assert [r["line"] for r in report.rejected] == [2]
    # readline(limit + 1) holds at most ~2 limits at once, whatever the line's length.
    assert peak < 2 * _json.MAX_JSON_LINE_BYTES + (8 << 20), f"peak {peak >> 20} MiB"


@pytest.mark.parametrize("text", ["\x00", "\x00abc", "abc", ARABIC])
@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
def test_utf16_starting_with_nul_is_not_taken_for_utf32(text: str, encoding: str) -> None:
    """FF FE 00 00 opens both UTF-32-LE and UTF-16-LE text that starts with U+0000."""
    assert _limits.decode_bytes(text.encode(encoding)) == (text, encoding)
