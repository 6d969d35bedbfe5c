"""Is a file named ``.txt`` text at all? Binary data refused with a reason before extraction.

Random bytes, a program, a PDF or an archive renamed ``.txt`` decode (as Latin-1 at worst) into
a "text" full of capitalised fragments the extractor reads as places and actors. A few byte
statistics tell them from real articles, including articles in legacy encodings (Windows-1256
Arabic, Latin-1): those have no NUL and no control characters, and what does not decode as UTF-8
still reads as letters in their own code page.
"""

from __future__ import annotations

import re
from typing import Final

#: File signatures of formats often renamed or mistaken for text, with what to say.
SIGNATURES: Final = (
    (b"\x7fELF", "a program binary (ELF)"),
    (b"MZ", "a Windows program binary"),
    (b"%PDF-", "a PDF document; extract its text first (e.g. pdftotext)"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.xlsx/.odt); extract its text first"),
    (b"\x1f\x8b", "gzip-compressed data; name it .gz or decompress it"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document; save it as text first"),
)
#: Text has no control characters besides tab, newlines and form feed; a few stray ones
#: (a copied escape sequence) are tolerated.
MAX_CONTROL_SHARE: Final = 0.005
#: Bytes that are not UTF-8, above which the text must read as letters in its code page.
MAX_INVALID_UTF8_SHARE: Final = 0.1
#: Letters among the non-space characters of real prose in any code page.
MIN_LETTER_SHARE: Final = 0.6
#: Unicode's control characters (category Cc) but tab, line feed, vertical tab, form feed, CR.
_CONTROLS: Final = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_UTF16_BOMS: Final = (b"\xff\xfe", b"\xfe\xff")
#: Characters whose letters are counted (a Python loop: kept short).
_PROSE_SAMPLE: Final = 65536
#: Bytes looked at: enough for stable shares, cheap for a 50 MB article.
SAMPLE_BYTES: Final = 1 << 20


def binary_reason(data: bytes, text: str) -> str | None:
    """Why ``data`` (decoded as ``text``) is not a text document, or ``None`` if it is.

    Parameters
    ----------
    data
        The file's bytes (only the first :data:`SAMPLE_BYTES` are examined).
    text
        The same bytes decoded by the reader (UTF-8, UTF-16 or a legacy code page).
    """
    head = data[:SAMPLE_BYTES]
    for magic, what in SIGNATURES:
        if head.startswith(magic) and not (magic == b"MZ" and _is_prose(text[:4096])):
            return f"not text: {what}"
    if not head.startswith(_UTF16_BOMS) and b"\x00" in head:
        return f"not text: {head.count(0)} NUL bytes in the first {len(head)} (binary data)"
    sample = text[:SAMPLE_BYTES]
    if sample:
        controls = len(_CONTROLS.findall(sample))
        if controls / len(sample) > MAX_CONTROL_SHARE:
            return (f"not text: {controls / len(sample):.1%} control characters "
                    f"(binary data)")
    invalid = _invalid_utf8_share(head)
    if invalid > MAX_INVALID_UTF8_SHARE and not _is_prose(sample[:_PROSE_SAMPLE]):
        return (f"not text: {invalid:.0%} of the bytes are not UTF-8 and the rest does not read "
                f"as text in any encoding geomap knows")
    return None


def _invalid_utf8_share(data: bytes) -> float:
    """Share of the bytes that belong to no valid UTF-8 sequence (0 for valid UTF-8)."""
    if not data or data.startswith(_UTF16_BOMS):
        return 0.0
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        # Each invalid byte becomes one U+FFFD; a character cut at the sample's end is one more.
        return data.decode("utf-8", errors="replace").count("\ufffd") / len(data)
    return 0.0


def _is_prose(text: str) -> bool:
    """Whether most non-space characters are letters (prose in some script)."""
    shown = [ch for ch in text if not ch.isspace()]
    if not shown:
        return True
    letters = sum(1 for ch in shown if ch.isalpha())
    return letters / len(shown) >= MIN_LETTER_SHARE
