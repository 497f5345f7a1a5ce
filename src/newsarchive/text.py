"""Text files, read by one rule: UTF-8 (a byte-order mark is fine), with CRLF and lone CR line ends made LF.

Every reader of a file the user wrote (articles, ``_defaults.yaml``, ``newsarchive.yaml``, imported CSV and
JSON Lines, sidecar files, the import's look at the archive) reads it here, so a file reads the same whichever
path reads it. Which characters an output may carry is ``characters``' business, not this module's."""

from __future__ import annotations

BOM = b"\xef\xbb\xbf"


class NotUTF8(ValueError):
    """The bytes are not UTF-8: ``offset`` counts from the file's first byte (a BOM included), ``line`` by the
    same line ends as the text."""

    def __init__(self, offset: int, byte: int, line: int) -> None:
        super().__init__(f"byte {offset} (0x{byte:02x}) on line {line} is not UTF-8")
        self.offset, self.byte, self.line = offset, byte, line


def decode(raw: bytes, errors: str = "strict") -> str:
    """``raw`` as text with LF line ends. Raises NotUTF8 (unless ``errors="replace"``)."""
    try:
        text = raw.decode("utf-8-sig", errors)
    except UnicodeDecodeError as exc:
        offset = exc.start + (len(BOM) if raw.startswith(BOM) else 0)  # utf-8-sig counts after the BOM
        before = raw[:offset].replace(b"\r\n", b"\n")
        raise NotUTF8(offset, raw[offset], before.count(b"\n") + before.count(b"\r") + 1) from None
    return lf(text)


def lf(text: str) -> str:
    """CRLF and lone CR line ends made LF (cheap when there are none)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text
