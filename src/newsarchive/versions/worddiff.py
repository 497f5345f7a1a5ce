"""A readable diff of two versions of a text: words inserted and deleted, as safe HTML.

The unit is the word in scripts that separate words with spaces, and the character in scripts that do not
(Chinese, Japanese, Thai, Lao, Khmer, Myanmar): a changed figure in a French sentence is one word, a
changed character in a Chinese one is that character. A word keeps its combining marks (Arabic harakat,
Hebrew points, Indic vowel signs). Whitespace is not compared: text that differs only by its spacing or
line breaks has no changes. Paragraphs are compared as a sequence (a paragraph break is a token).

Matching (``diffseq``) costs in proportion to the text and its edits, never to the square of its length:
texts of ordinary length are compared word by word at once; longer ones paragraph by paragraph first, then
word by word inside the changed paragraphs only, and a changed stretch too different to compare within
the budget shows as replaced (all deleted, then all inserted).

Every piece of text is escaped; the only markup is this module's: ``<p>``, ``<ins>``, ``<del>``,
and for each change a visible bracket marker and a label for screen readers (insertions and deletions are
told apart by more than colour).
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from typing import NamedTuple

from newsarchive.versions import diffseq

# Scripts written without spaces between words: compared character by character.
_NO_SPACES = ("\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u2e80-\u2fdf\u3040-\u30ff\u3100-\u312f"
              "\u31a0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f")
_MARKS = "\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed" \
         "\u0900-\u0dff\u200c\u200d"
_PIECE = re.compile(rf"[{_NO_SPACES}][{_MARKS}]*|(?:[^\W{_NO_SPACES}]|[{_MARKS}])+|.", re.DOTALL)
_RUN = re.compile(r"(\S+)(\s*)")
BREAK = "\n"  # a paragraph break, as a token


class Token(NamedTuple):
    word: str  # compared
    space: str  # the whitespace after it, shown


def tokens(paragraphs: list[str]) -> list[Token]:
    out: list[Token] = []
    for index, paragraph in enumerate(paragraphs):
        if index:
            out.append(Token(BREAK, ""))
        for run, space in _RUN.findall(paragraph):
            pieces = _PIECE.findall(run)
            out += [Token(p, "") for p in pieces[:-1]]
            out.append(Token(pieces[-1], " " if space else ""))
    return out


class Labels(NamedTuple):
    """What a screen reader says before each change, in the page's language."""

    inserted: str = "inserted"
    deleted: str = "deleted"


ENGLISH = Labels()


def diff_html(old: list[str], new: list[str], labels: Labels = ENGLISH) -> tuple[str, int, int]:
    """(the new text's paragraphs as HTML with the changes from ``old`` marked, words inserted, words
    deleted). ``old`` and ``new`` are paragraphs of plain text."""
    a, b = tokens(old), tokens(new)
    out = ["<p>"]
    inserted = deleted = 0
    for op, i1, i2, j1, j2 in diffseq.opcodes([t.word for t in a], [t.word for t in b], BREAK):
        if op == "equal":
            out.append(_plain(b[j1:j2]))
            continue
        if op in ("delete", "replace"):
            out.append(_change("del", a[i1:i2], labels.deleted, "[\u2212", "]"))
            deleted += sum(t.word != BREAK for t in a[i1:i2])
        if op in ("insert", "replace"):
            out.append(_change("ins", b[j1:j2], labels.inserted, "[+", "]"))
            inserted += sum(t.word != BREAK for t in b[j1:j2])
    out.append("</p>")
    return "".join(out).replace("<p></p>", ""), inserted, deleted


def _plain(run: list[Token]) -> str:
    return "".join("</p><p>" if t.word == BREAK else html.escape(t.word + t.space, quote=False) for t in run)


def _change(tag: str, run: list[Token], label: str, opening: str, closing: str) -> str:
    """One change: its words in ``<ins>``/``<del>`` with a visible bracket marker and a screen-reader label,
    cut at paragraph breaks (a changed break shows as a pilcrow)."""
    parts, words = [], []

    def close() -> None:
        if words:
            text = "".join(words)
            space = " " if text.endswith(" ") else ""
            parts.append(f'<{tag}><span class="diff-label">{html.escape(label)}: </span>'
                         f'<span class="diff-mark" aria-hidden="true">{opening}</span>'
                         f"{html.escape(text.rstrip(' '), quote=False)}"
                         f'<span class="diff-mark" aria-hidden="true">{closing}</span></{tag}>{space}')
            words.clear()

    for t in run:
        if t.word == BREAK:
            words.append("\u00b6")
            close()
            if tag == "ins":
                parts.append("</p><p>")
        else:
            words.append(t.word + t.space)
    close()
    return "".join(parts)


# ---- the text of an article's HTML body, by paragraph ----

_BLOCKS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "figcaption", "td",
                     "th", "dt", "dd", "div", "tr", "table", "ul", "ol", "figure", "section", "br", "hr"})


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.current: list[str] = []

    def _end(self) -> None:
        text = " ".join("".join(self.current).split())
        if text:
            self.paragraphs.append(text)
        self.current = []

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCKS:
            self._end()

    def handle_endtag(self, tag):
        if tag in _BLOCKS:
            self._end()

    def handle_data(self, data):
        self.current.append(data)


def paragraphs(body_html: str) -> list[str]:
    """The text of a body (HTML) as paragraphs, whitespace folded."""
    parser = _Text()
    parser.feed(body_html)
    parser.close()
    parser._end()
    return parser.paragraphs
