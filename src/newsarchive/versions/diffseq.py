"""The differences between two sequences of words, in time that follows the text and its edits.

difflib's ``SequenceMatcher`` (``autojunk=False``) gives the most readable matches, but it costs the square
of the length: 15 seconds for a 590 KB article, minutes for a few megabytes. So:

- two sequences of ordinary length (``SMALL`` words together) are compared by ``SequenceMatcher`` at once
  (the diff of every ordinary article is what it always was);
- longer ones are compared paragraph by paragraph first (Myers' O(ND) algorithm over whole paragraphs,
  which costs the length times the number of paragraphs edited), then word by word inside each changed
  stretch only, by ``SequenceMatcher`` when it is short and by Myers' algorithm when it is not;
- Myers' algorithm works within a budget (``EDITS`` edits, ``STEPS`` comparisons): a stretch too different
  to compare within it is reported as replaced (all of it deleted, then all of it inserted), which is true,
  only coarser.

The result is a list of difflib opcodes, ``(tag, i1, i2, j1, j2)`` with ``equal``, ``delete``, ``insert``,
``replace``, covering both sequences in order.
"""

from __future__ import annotations

import difflib
from collections.abc import Hashable, Sequence

Opcode = tuple[str, int, int, int, int]

SMALL = 6000  # words in both sequences together: compared by SequenceMatcher at once
EDITS = 1000  # Myers' algorithm: the most edits it looks for (its memory is the square of this)
STEPS = 2_000_000  # Myers' algorithm: the most comparisons it makes


def opcodes(a: Sequence[Hashable], b: Sequence[Hashable], brk: Hashable) -> list[Opcode]:
    """How to turn ``a`` into ``b``; ``brk`` is the token between paragraphs."""
    if len(a) + len(b) <= SMALL:
        return difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    units_a, units_b = _units(a, brk), _units(b, brk)
    ids: dict[tuple, int] = {}
    keys_a = [ids.setdefault(tuple(a[s:e]), len(ids)) for s, e in units_a]
    keys_b = [ids.setdefault(tuple(b[s:e]), len(ids)) for s, e in units_b]
    by_unit = _myers(keys_a, keys_b) or _replaced(0, len(keys_a), 0, len(keys_b))
    out: list[Opcode] = []
    for tag, p1, p2, q1, q2 in by_unit:
        i1, i2 = _span(units_a, p1, p2, len(a))
        j1, j2 = _span(units_b, q1, q2, len(b))
        out += [(tag, i1, i2, j1, j2)] if tag == "equal" else _words(a, b, i1, i2, j1, j2)
    return _merged(out)


def _units(seq: Sequence[Hashable], brk: Hashable) -> list[tuple[int, int]]:
    """Each paragraph's range of tokens, with the break before it (the first has none)."""
    if not seq:
        return []
    starts = [0] + [i for i, token in enumerate(seq) if token == brk and i]
    return list(zip(starts, starts[1:] + [len(seq)]))


def _span(units: list[tuple[int, int]], first: int, last: int, length: int) -> tuple[int, int]:
    """The range of tokens of units ``first`` .. ``last - 1`` (an empty range where unit ``first`` starts)."""
    start = units[first][0] if first < len(units) else length
    return (start, units[last - 1][1]) if last > first else (start, start)


def _words(a: Sequence[Hashable], b: Sequence[Hashable], i1: int, i2: int, j1: int, j2: int) -> list[Opcode]:
    """The word-level opcodes of one changed stretch, ``a[i1:i2]`` against ``b[j1:j2]``."""
    start_a, start_b = i1, j1
    while i1 < i2 and j1 < j2 and a[i1] == b[j1]:
        i1, j1 = i1 + 1, j1 + 1
    end_a, end_b = i2, j2
    while i2 > i1 and j2 > j1 and a[i2 - 1] == b[j2 - 1]:
        i2, j2 = i2 - 1, j2 - 1
    head = [("equal", start_a, i1, start_b, j1)]
    tail = [("equal", i2, end_a, j2, end_b)]
    if i1 == i2 or j1 == j2:
        return head + _replaced(i1, i2, j1, j2) + tail
    if (i2 - i1) + (j2 - j1) <= SMALL:
        found = difflib.SequenceMatcher(None, a[i1:i2], b[j1:j2], autojunk=False).get_opcodes()
    else:
        found = _myers(a[i1:i2], b[j1:j2]) or _replaced(0, i2 - i1, 0, j2 - j1)
    return head + [(tag, x1 + i1, x2 + i1, y1 + j1, y2 + j1) for tag, x1, x2, y1, y2 in found] + tail


def _replaced(i1: int, i2: int, j1: int, j2: int) -> list[Opcode]:
    if i1 == i2 and j1 == j2:
        return []
    tag = "replace" if i1 < i2 and j1 < j2 else "delete" if i1 < i2 else "insert"
    return [(tag, i1, i2, j1, j2)]


def _myers(a: Sequence[Hashable], b: Sequence[Hashable], edits: int = EDITS,
           steps: int = STEPS) -> list[Opcode] | None:
    """Myers' greedy O(ND) diff (1986), or None past its budget. ``trace[d]`` keeps the furthest points
    of round d - 1, for the way back."""
    n, m = len(a), len(b)
    most = min(n + m, edits)
    off = most + 1
    v = [0] * (2 * most + 3)
    trace = []
    done = 0
    for d in range(most + 1):
        trace.append(v[off - d - 1:off + d + 2])
        for k in range(-d, d + 1, 2):
            if k == -d or (k != d and v[off + k - 1] < v[off + k + 1]):
                x = v[off + k + 1]
            else:
                x = v[off + k - 1] + 1
            y = x - k
            start = x
            while x < n and y < m and a[x] == b[y]:
                x, y = x + 1, y + 1
            done += x - start + 1
            v[off + k] = x
            if x >= n and y >= m:
                return _path(trace, d, n, m)
        if done > steps:
            return None
    return None


def _path(trace: list[list[int]], last: int, n: int, m: int) -> list[Opcode]:
    """The opcodes of the edit path Myers' algorithm found (walked back from the end)."""
    x, y = n, m
    back: list[Opcode] = []
    for d in range(last, 0, -1):
        snap = trace[d]
        k = x - y
        down = k == -d or (k != d and snap[k + d] < snap[k + d + 2])
        before = k + 1 if down else k - 1
        px = snap[before + d + 1]
        py = px - before
        mx, my = (px, py + 1) if down else (px + 1, py)
        if x > mx:
            back.append(("equal", mx, x, my, y))
        back.append(("insert", px, px, py, py + 1) if down else ("delete", px, px + 1, py, py))
        x, y = px, py
    if x:
        back.append(("equal", 0, x, 0, y))
    return _merged(back[::-1])


def _merged(ops: list[Opcode]) -> list[Opcode]:
    """Neighbouring opcodes joined: equal runs into one, and the edits between two equal runs into one
    ``delete``, ``insert`` or ``replace``."""
    out: list[Opcode] = []
    for op in ops:
        tag, i1, i2, j1, j2 = op
        if i1 == i2 and j1 == j2:
            continue
        if out and (out[-1][0] == "equal") == (tag == "equal"):
            _, p1, _p2, q1, _q2 = out.pop()
            if tag != "equal":
                tag = "replace" if p1 < i2 and q1 < j2 else "delete" if p1 < i2 else "insert"
            op = (tag, p1, i2, q1, j2)
        out.append(op)
    return out
