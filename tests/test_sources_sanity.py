"""Inputs that are not what they claim: binary data named ``.txt``, empty inputs, undated text."""

from __future__ import annotations

import json
import logging
import random
import sys
import zipfile
from pathlib import Path

import pytest

from geomap._io.limits import decode_bytes
from geomap.cli import main
from geomap.corpus.inputs import load_inputs
from geomap.errors import InputError, os_error_message
from geomap.sources._sanity import binary_reason

ARTICLE = ("date 2021-03-14\nThe army said on Sunday that its units had retaken the town of "
           "Kidal from the rebels after two days of fighting.\n")


def _random_bytes(n: int) -> bytes:
    return random.Random(7).randbytes(n)


def _elf() -> bytes:
    # The start of a 64-bit little-endian ELF header, then code-like bytes.
    return b"\x7fELF\x02\x01\x01\x00" + bytes(8) + b"\x02\x00\x3e\x00" + _random_bytes(4000)


def _pdf() -> bytes:
    return (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
            b"stream\n" + _random_bytes(2000) + b"\nendstream\n%%EOF\n")


def _zip(tmp_path: Path) -> bytes:
    path = tmp_path / "a.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("article.txt", ARTICLE * 20)
    return path.read_bytes()


@pytest.fixture
def garbage(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "garbage"
    folder.mkdir()
    files = {"random": _random_bytes(3000), "elf": _elf(), "pdf": _pdf(),
             "zip": _zip(tmp_path)}
    out = {}
    for name, data in files.items():
        out[name] = folder / f"{name}.txt"
        out[name].write_bytes(data)
    return out


@pytest.mark.parametrize(("name", "words"), [
    ("random", "NUL bytes"), ("elf", "program binary"), ("pdf", "PDF"), ("zip", "ZIP"),
])
def test_binary_named_txt_is_refused_alone_with_status_2(
        garbage: dict[str, Path], name: str, words: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["extract", str(garbage[name]), "-o", str(tmp_path / "e.csv")])
    err = capsys.readouterr().err
    assert status == 2, err
    assert "every input was rejected" in err and words in err
    assert not (tmp_path / "e.csv").exists()


def test_binary_beside_an_article_is_rejected_with_its_reason(
        garbage: dict[str, Path], tmp_path: Path) -> None:
    article = tmp_path / "garbage" / "real.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    loaded = load_inputs([tmp_path / "garbage"], progress=False)
    assert loaded.report.documents == 1 and loaded.report.balanced
    reasons = {Path(r["source"]).stem: r["reason"] for r in loaded.report.rejected}
    assert set(reasons) == {"random", "elf", "pdf", "zip"}
    assert all(r.startswith("not text: ") for r in reasons.values())
    assert not any("Kidal" not in str(v) for v in loaded.events["place"]), "only the article"


def test_random_bytes_without_nul_are_refused_by_their_control_characters() -> None:
    data = bytes(b for b in _random_bytes(4000) if b)
    reason = binary_reason(data, decode_bytes(data)[0])
    assert reason is not None and "control characters" in reason


@pytest.mark.parametrize(("text", "encoding"), [
    ("قالت القوات الحكومية إنها استعادت السيطرة على مدينة ترهونة صباح الجمعة.", "cp1256"),
    ("Les forces gouvernementales ont repris Tarhouna à l'aube, selon l'état-major.", "latin-1"),
    ("Правительственные силы вернули контроль над городом.", "utf-8"),
    ("Government forces retook the town.\f\nPage 2: more of the same.", "utf-16"),
])
def test_real_text_in_any_encoding_is_accepted(text: str, encoding: str) -> None:
    data = text.encode(encoding)
    assert binary_reason(data, decode_bytes(data)[0]) is None


def test_empty_inputs_warn_and_give_the_empty_state(tmp_path: Path,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "header.csv").write_text("date,place,actor\n", encoding="utf-8")
    (tmp_path / "nothing").mkdir()
    for inputs in ([tmp_path / "empty.txt"], [tmp_path / "header.csv"], [tmp_path / "nothing"]):
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="geomap"):
            loaded = load_inputs(inputs, progress=False)
        assert len(loaded.events) == 0 and loaded.report.merged_events == 0
        assert any("no events found" in w for w in loaded.report.warnings), inputs
        assert "the map will be empty" in caplog.text


def test_undated_documents_are_one_warning_line_with_the_hint(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    for k in range(3):
        (tmp_path / f"a{k}.txt").write_text(ARTICLE.split("\n", 1)[1], encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="geomap"):
        loaded = load_inputs([tmp_path], progress=False)
    lines = [r.getMessage() for r in caplog.records if "dateline" in r.getMessage()]
    assert len(lines) == 1 and lines[0].startswith("3 documents without a dateline")
    assert "--date" in lines[0] and lines[0] in loaded.report.warnings
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="geomap"):
        load_inputs([tmp_path], date="2021-03-14", progress=False)
    assert "dateline" not in caplog.text


def test_os_errors_name_the_file_not_the_errno_or_a_temporary_name() -> None:
    exc = FileNotFoundError(2, "No such file or directory", "out/.events.csv.4242.0badc0de.tmp")
    message = os_error_message(exc)
    assert message == f"{Path('out/events.csv')}: no such file or directory"
    assert "Errno" not in os_error_message(PermissionError(13, "Permission denied"))


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_an_unwritable_output_is_one_clean_line(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    status = main(["extract", str(article), "-o", str(tmp_path / "no" / "such" / "e.csv")])
    err = capsys.readouterr().err
    assert status in (0, 2)
    assert "Errno" not in err and ".tmp" not in err


def test_the_run_report_carries_the_warnings(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE.split("\n", 1)[1], encoding="utf-8")
    assert main(["extract", str(tmp_path / "a.txt"), "-o", str(tmp_path / "e.csv")]) == 0
    report = json.loads((tmp_path / "e.csv.report.json").read_text(encoding="utf-8"))
    assert any("dateline" in w for w in report["warnings"])


def test_load_inputs_raises_when_everything_is_refused(garbage: dict[str, Path]) -> None:
    with pytest.raises(InputError, match="every input was rejected"):
        load_inputs([garbage["pdf"], garbage["elf"]], progress=False)
