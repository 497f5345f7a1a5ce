"""An article's text as a set of shingles (runs of consecutive words), hashed: what same-story detection
(``stories``) compares. Two rewrites of one story share many shingles; two stories on one topic few.

- The words: the text without markup (HTML tags, Markdown's punctuation), NFKD-folded without combining marks
  (French accents, Arabic vowel marks and hamza seats, tatweel), casefolded; a run of
  Chinese, Japanese or Thai characters, written without spaces, counts each character as a word.
- The shingles: every ``SIZE`` consecutive words, hashed to 32 bits from the words' CRC-32 (the same in
  every process and every run, unlike Python's ``hash``).
Only the set matters: the same words in the same order give the same shingles, whatever else differs.
"""

from __future__ import annotations

import re
import unicodedata
import zlib

import numpy as np

SIZE = 3  # words per shingle (measured on the labelled sample: benchmarks/stories_eval.py)
RULES = 1  # the version of these rules: signatures made by other rules are made again
_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"\w+")
# combining marks of the Latin, Greek, Cyrillic, Hebrew and Arabic scripts (after NFKD: accents, vowel marks,
# hamza seats), and Arabic's tatweel
_MARKS = re.compile("[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u0640\u064b-\u065f\u0670"
                    "\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed\u1ab0-\u1aff\u1dc0-\u1dff"
                    "\u20d0-\u20ff\ufe20-\ufe2f]+")
_UNSPACED = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_MULTIPLIERS = np.array([0x9E3779B1, 0x85EBCA77, 0xC2B2AE3D, 0x27D4EB2F, 0x165667B1], dtype=np.uint64)
_MASK = np.uint64(0xFFFFFFFF)
_CODES: dict[str, int] = {}  # each word's CRC-32, shared by the articles a process reads (news repeats words)


def words(text: str) -> list[str]:
    """The text's words, folded (see the module's docstring)."""
    if "<" in text:
        text = _TAG.sub(" ", text)
    if not text.isascii():
        # marks of the other scripts (Japanese kana's voicing, Hangul's jamo) are composed again
        text = unicodedata.normalize("NFC", _MARKS.sub("", unicodedata.normalize("NFKD", text)))
    found = _WORD.findall(text.casefold())
    if "_" in text:
        found = [w for w in found if w.strip("_")]
    if not _UNSPACED.search(text):
        return found
    out: list[str] = []
    for word in found:
        if _UNSPACED.search(word):
            out.extend(_split_unspaced(word))
        else:
            out.append(word)
    return out


def _split_unspaced(word: str) -> list[str]:
    """A run holding characters of scripts written without spaces: each such character is a word, the
    runs of other characters between them one word each."""
    out, run = [], ""
    for char in word:
        if _UNSPACED.match(char):
            if run:
                out.append(run)
                run = ""
            out.append(char)
        else:
            run += char
    if run:
        out.append(run)
    return out


def shingle_hashes(text: str, size: int = SIZE) -> np.ndarray:
    """The 32-bit hashes of the text's shingles, sorted and unique (uint64 values below 2**32). A text of
    fewer than ``size`` words has one shingle of all its words; a text without words none."""
    found = words(text)
    if not found:
        return np.zeros(0, dtype=np.uint64)
    memo = _CODES
    if len(memo) > 500_000:  # a bound on the memory it holds
        memo.clear()
    for word in set(found).difference(memo):
        memo[word] = zlib.crc32(word.encode("utf-8", "surrogatepass"))
    codes = np.fromiter(map(memo.__getitem__, found), dtype=np.uint64, count=len(found))
    width = min(size, len(found))
    count = len(found) - width + 1
    mixed = np.zeros(count, dtype=np.uint64)
    for offset in range(width):
        mixed = (mixed ^ (codes[offset:offset + count] * _MULTIPLIERS[offset % len(_MULTIPLIERS)])) * \
            np.uint64(0x100000001B3)
    mixed ^= mixed >> np.uint64(29)
    return np.unique(mixed & _MASK)
