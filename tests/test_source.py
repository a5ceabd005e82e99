from __future__ import annotations

import pytest

from fmfl_lint import source
from fmfl_lint.source import SourceError, decode


def test_utf8_with_a_byte_order_mark_is_read_and_remembered() -> None:
    read = decode("a.rst", b"\xef\xbb\xbfTitle\n=====\n")
    assert read.text == "Title\n=====\n" and read.bom


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xff\xfeT\x00", "is UTF-16"),
        (b"text\x00more", "is a binary file"),
        (b"ok\nok\n\xc3\x28\n", "line 3: not valid UTF-8"),
        (b"", "is empty"),
        (b"  \n\t\n", "is empty"),
    ],
)
def test_what_is_not_a_utf8_text_file_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(SourceError, match=message):
        decode("a.rst", data)


def test_enormous_input_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(source, "MAX_BYTES", 10)
    with pytest.raises(SourceError, match="larger than"):
        decode("a.rst", b"x" * 11)
